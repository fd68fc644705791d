"""HTML pages: trafilatura finds the main text and metadata, then the same
Vietnamese-aware line analysis as for text dumps cleans it.

The cascade, in order:

1. ``trafilatura.bare_extraction`` (precision mode, no comments) gives the main
   text, title, author, site name and categories.
2. The whole page is also rendered to lines (block elements → line breaks) and
   analysed by :mod:`sukien.textpage`; that finds what trafilatura leaves out or
   mixes in: datelines ("15:00 14/02"), bylines, section labels, captions.
3. The body is trafilatura's text after the line analysis removes captions,
   bylines and teasers; when trafilatura finds nothing, the body of the
   rendered-page analysis is used instead.
4. Publication time: ``article:published_time``-style metadata (exact), else the
   page's own dateline, else trafilatura's date.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field

import lxml.html
import trafilatura
from lxml import etree

from .dates import iso_day
from .normalize import key
from .textpage import PageParts, analyse

_DROP = (
    "head", "title", "script", "style", "noscript", "template", "svg", "iframe", "object",
    "button", "select",
)
_BLOCK = frozenset(
    [
        "p",
        "div",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "li",
        "ul",
        "ol",
        "br",
        "tr",
        "td",
        "th",
        "table",
        "figure",
        "figcaption",
        "section",
        "article",
        "header",
        "footer",
        "nav",
        "aside",
        "blockquote",
        "time",
        "address",
        "dd",
        "dt",
        "dl",
        "form",
        "label",
        "option",
        "main",
        "pre",
        "hr",
    ]
)
_DATE_META = (
    "article:published_time",
    "og:published_time",
    "datePublished",
    "pubdate",
    "publishdate",
    "dc.date.issued",
    "dcterms.created",
    "date",
    "publish-date",
    "article:published",
)
_XML_UNSAFE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_TITLE_SEPARATORS = re.compile(r"\s+[|–—-]\s+|\s+::\s+")


@dataclass(slots=True)
class HtmlParts:
    parts: PageParts
    title: str | None = None
    published_meta: str | None = None
    published_fallback: str | None = None
    authors: list[str] = field(default_factory=list)
    site_name: str | None = None
    url: str | None = None
    section: str | None = None
    figcaptions: list[str] = field(default_factory=list)
    rendered: str = ""


def _tree(html: str) -> lxml.html.HtmlElement | None:
    from .budget import check_depth

    parser = lxml.html.HTMLParser()
    try:
        tree = lxml.html.document_fromstring(html, parser=parser)
    except (etree.ParserError, ValueError):
        return None
    check_depth(parser)  # a page deeper than libxml2 reads is left to the streaming path
    return tree


def render_lines(tree: lxml.html.HtmlElement) -> str:
    """The page's visible text, one block element per line."""
    tree = lxml.html.fromstring(lxml.html.tostring(tree))  # work on a copy
    for bad in tree.xpath("|".join(f"//{tag}" for tag in _DROP)):
        if bad.getparent() is not None:
            bad.drop_tree()
    for el in tree.iter():
        if isinstance(el.tag, str) and el.tag.lower() in _BLOCK:
            # "&#1;" in a page decodes to a control character lxml will not store back
            el.tail = "\n" + _XML_UNSAFE.sub("", el.tail or "")
            if el.tag.lower() != "br":
                el.text = "\n" + _XML_UNSAFE.sub("", el.text or "")
    text = tree.text_content()
    lines = (re.sub(r"[ \t\r\f\v]+", " ", line).strip() for line in text.split("\n"))
    return "\n".join(_squeeze_blank(lines))


def _squeeze_blank(lines) -> list[str]:
    out: list[str] = []
    for line in lines:
        if line or (out and out[-1]):
            out.append(line)
    return out


def _meta_published(tree: lxml.html.HtmlElement) -> str | None:
    for name in _DATE_META:
        for attr in ("property", "name", "itemprop"):
            values = tree.xpath(f"//meta[@{attr}=$n]/@content", n=name)
            if values and values[0].strip():
                return values[0].strip()
    times = tree.xpath("//time[@datetime]/@datetime | //*[@itemprop='datePublished']/@datetime")
    if times:
        return times[0].strip()
    for script in tree.xpath("//script[@type='application/ld+json']/text()"):
        match = re.search(r'"datePublished"\s*:\s*"([^"]+)"', script)
        if match:
            return match.group(1)
    return None


def _valid_timestamp(value: str) -> bool:
    """Metadata dates are only trusted when they are real ISO dates ("2025-02-30" is not)."""
    value = value.strip()
    return bool(re.match(r"\d{4}-\d{2}-\d{2}(?:$|[T ])", value)) and iso_day(value) is not None


def _iso_as_written(value: str) -> str:
    """Metadata timestamps as written, in ISO form ("2025-03-10 08:30" → "2025-03-10T08:30")."""
    return re.sub(r"^(\d{4}-\d{2}-\d{2}) (\d)", r"\1T\2", value.strip())


def clean_title(title: str | None, h1: str | None) -> str | None:
    """Drop the " - Báo X" / " | X.VN" suffix sites add to <title> and og:title."""
    if h1 and title and key(h1) and key(h1) in key(title):
        return h1
    if not title:
        return h1
    pieces = _TITLE_SEPARATORS.split(title)
    if len(pieces) > 1 and len(pieces[-1].split()) <= 5:
        return " - ".join(pieces[:-1]).strip()
    return title.strip()


def _figcaptions(tree: lxml.html.HtmlElement) -> list[str]:
    out = []
    for node in tree.xpath(
        "//figcaption | //*[contains(@class,'caption')] | //*[contains(@class,'PhotoCMS_Caption')]"
    ):
        text = re.sub(r"\s+", " ", node.text_content()).strip()
        if text and text not in out and len(text.split()) >= 3:
            out.append(text)
    return out


_SAPO_XPATH = (
    "//*[contains(@class, 'sapo') or contains(@class, 'chapeau')"
    " or contains(@class, 'article-lead') or contains(@class, 'lead-text')"
    " or contains(@class, 'detail-lead') or contains(@class, 'summary') or @itemprop='description']"
)


def _sapo(tree: lxml.html.HtmlElement) -> str | None:
    """The stand-first paragraph a CMS marks up apart from the body."""
    for node in tree.xpath(_SAPO_XPATH):
        if node.tag in ("meta", "head", "html", "body"):
            continue
        text = re.sub(r"\s+", " ", node.text_content()).strip()
        if len(text.split()) >= 8:
            return text
    return None


def _jsonld_section(tree: lxml.html.HtmlElement) -> str | None:
    for script in tree.xpath("//script[@type='application/ld+json']/text()"):
        try:
            data = json.loads(script)
        except ValueError:
            continue
        if isinstance(data, dict) and isinstance(data.get("articleSection"), str):
            return data["articleSection"]
    values = tree.xpath("//meta[@property='article:section']/@content")
    return values[0].strip() if values else None


def extract_html(html: str, url: str | None = None) -> HtmlParts:
    tree = _tree(html)
    if tree is None:
        return HtmlParts(parts=analyse(""))
    try:
        doc = trafilatura.bare_extraction(
            html, url=url, with_metadata=True, include_comments=False, include_tables=True,
            include_images=False, favor_precision=True, deduplicate=False,
        )
    except (AssertionError, ValueError, TypeError, etree.LxmlError):
        # trafilatura/htmldate trip over some tag soup ("<svg><html>"): fall back to the
        # rendered-page analysis below rather than losing the page
        doc = None
    h1 = next((re.sub(r"\s+", " ", h.text_content()).strip() for h in tree.xpath("//h1")), None)
    title = clean_title(getattr(doc, "title", None) if doc else None, h1)
    rendered = render_lines(tree)
    page = analyse(rendered, title_hint=title)
    main_text = getattr(doc, "text", None) if doc else None
    if main_text:  # trafilatura renders table cells as "| cell |"
        main_text = re.sub(r"(?m)^\|\s*|\s*\|\s*$", "", main_text)
    parts = page
    if main_text:
        main = analyse(main_text, title_hint=title)
        if main.paragraphs:
            parts = main
            parts.captions = _merge(page.captions, main.captions)
            parts.bylines = main.bylines or page.bylines
            parts.dateline = page.dateline or main.dateline
            parts.section = page.section or main.section
            parts.source_lines = page.source_lines + main.source_lines
    sapo = _sapo(tree)
    if sapo and not parts.lede:
        parts.lede = sapo
        parts.paragraphs = [p for p in parts.paragraphs if key(p) != key(sapo)]
    figcaptions = _figcaptions(tree)
    parts.captions = _merge(parts.captions, figcaptions)
    caption_keys = {key(c) for c in parts.captions}
    parts.paragraphs = [p for p in parts.paragraphs if key(p) not in caption_keys]
    authors = []
    if doc is not None and getattr(doc, "author", None):
        authors = [a.strip() for a in re.split(r";|,", doc.author) if a.strip()]
    published = _meta_published(tree)
    return HtmlParts(
        parts=parts,
        title=title or parts.title,
        published_meta=_iso_as_written(published)
        if published and _valid_timestamp(published) else None,
        published_fallback=getattr(doc, "date", None) if doc else None,
        authors=authors,
        site_name=getattr(doc, "sitename", None) if doc else None,
        url=url or (getattr(doc, "url", None) if doc else None),
        section=_jsonld_section(tree) or (doc.categories[0] if doc and doc.categories else None),
        figcaptions=figcaptions,
        rendered=rendered,
    )


def _merge(first: list[str], second: list[str]) -> list[str]:
    out = list(first)
    keys = {key(c) for c in out}
    for caption in second:
        if key(caption) not in keys:
            keys.add(key(caption))
            out.append(caption)
    return out
