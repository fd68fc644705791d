"""HTML pages: trafilatura finds the article, the Vietnamese line analysis cleans it.

The cascade, in order:

1. The page is parsed once. ``trafilatura.bare_extraction`` (its default balance of
   precision and recall, its fallbacks on) gives the main text, title, authors, date,
   site name and categories.
2. That text goes through the line analysis of :mod:`sukien.textpage`: captions, bylines
   and related-article teasers out; paragraphs ending in "...", sub-headings and list
   items in.
3. The *article container* is the deepest element holding 80 % of the words of those
   paragraphs. Blocks inside it that trafilatura left out between kept paragraphs (a bare
   ``<h2>`` after a figure, a list, an inset content box) are put back in place; figures,
   related-article boxes and share bars are not.
4. The *article region* — the container and the ``<h1>``, with their common ancestor — is
   rendered to lines and analysed for what sits around the body: the dateline, bylines in
   byline position, the section label, captions. Menus and footers stay outside it.
5. The sapo: the CMS's stand-first markup (``.sapo``, ``p.description``, …) in the region,
   else the region line equal to the page's meta description; :mod:`sukien.article` also
   takes a first paragraph opening with an outlet tag ("(Dân trí) - …").
6. Authors come from byline positions only: byline markup (class author/byline, itemprop
   author, links to author pages, a JSON-LD Person), trafilatura's authors that are names
   and not the outlet, the closing byline of the text; a byline-looking line elsewhere in
   the region only when none of those exists.
7. Publication time: ``article:published_time``-style metadata, normalised to ISO-8601;
   else the page's own dateline; else trafilatura's date.

When trafilatura finds nothing, the whole page is rendered and analysed as a text capture.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field

import lxml.html
import trafilatura
from lxml import etree

from .dates import iso_timestamp
from .normalize import fold, key, vietnamese_ratio
from .outlets import outlet_in_credit
from .textpage import PageParts, analyse, classify, name_from_byline, patterns

_DROP = frozenset(
    ("head", "title", "script", "style", "noscript", "template", "svg", "iframe", "object",
     "button", "select", "figure", "figcaption", "picture", "video", "audio", "canvas")
)
_DROP_WHOLE_PAGE = _DROP - {"figure", "figcaption"}
_BLOCK = frozenset(
    ("p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "br", "tr", "td", "th",
     "table", "figure", "figcaption", "section", "article", "header", "footer", "nav", "aside",
     "blockquote", "time", "address", "dd", "dt", "dl", "form", "label", "option", "main",
     "pre", "hr")
)
_TEXT_BLOCKS = ("p", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "pre", "div", "td")
_DATE_META = (
    "article:published_time", "og:published_time", "datePublished", "pubdate", "publishdate",
    "dc.date.issued", "dcterms.created", "date", "publish-date", "article:published",
)
_XML_UNSAFE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_TITLE_SEPARATORS = re.compile(r"\s+[|–—-]\s+|\s+::\s+")
# Boxes inside an article region that are not the article: related links, comments, ads.
_NOT_ARTICLE = re.compile(
    r"relate|lien-?quan|tinlienquan|readmore|read-more|xem-?them|box-?news|news-?box|"
    r"comment|advert|banner|\bads?\b|newsletter",
    re.I,
)
# … and, inside the body, share bars, tag lists and byline boxes too.
_NOT_BODY = re.compile(r"share|social|\btags?\b|keyword|author|byline", re.I)
_CONTAINER_SHARE = 0.8
_SAPO_XPATH = (
    ".//*[contains(@class, 'sapo') or contains(@class, 'chapeau')"
    " or contains(@class, 'article-lead') or contains(@class, 'lead-text')"
    " or contains(@class, 'detail-lead') or contains(@class, 'summary')"
    " or contains(@class, 'description') or @itemprop='description']"
)
_AUTHOR_XPATH = (
    ".//*[contains(@class, 'author') or contains(@class, 'byline')"
    " or contains(@class, 'tac-gia') or contains(@class, 'tacgia')"
    " or @itemprop='author' or @rel='author']"
    " | .//a[contains(@href, '/tac-gia/') or contains(@href, '/author/')]"
)


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


def _tag(el) -> str | None:
    return el.tag.lower() if isinstance(el.tag, str) else None


def render_lines(root: lxml.html.HtmlElement, drop: frozenset[str] = _DROP_WHOLE_PAGE,
                 skip=None) -> str:
    """The visible text under ``root``, one block element per line (the tree is not
    changed). ``skip(element)`` leaves an element's subtree out."""
    out: list[str] = []
    stack: list[tuple[lxml.html.HtmlElement, bool]] = [(root, False)]
    while stack:
        el, closing = stack.pop()
        tag = _tag(el)
        if closing:
            if tag in _BLOCK:
                out.append("\n")
            if el is not root and el.tail:
                out.append(el.tail)
            continue
        if tag is None or tag in drop or (skip is not None and el is not root and skip(el)):
            if el is not root and el.tail:
                out.append(el.tail)
            continue
        if tag in _BLOCK:
            out.append("\n")
        if el.text:
            out.append(el.text)
        stack.append((el, True))
        stack.extend((child, False) for child in reversed(el))
    text = _XML_UNSAFE.sub("", "".join(out))
    lines = (re.sub(r"\s+", " ", line).strip() for line in text.split("\n"))
    return "\n".join(_squeeze_blank(lines))


def _squeeze_blank(lines) -> list[str]:
    out: list[str] = []
    for line in lines:
        if line or (out and out[-1]):
            out.append(line)
    return out


def _text(el: lxml.html.HtmlElement) -> str:
    return re.sub(r"\s+", " ", el.text_content()).strip()


# --- metadata -------------------------------------------------------------------------------


def _meta_published(tree: lxml.html.HtmlElement) -> str | None:
    metas: dict[str, str] = {}
    for meta in tree.iter("meta"):
        content = (meta.get("content") or "").strip()
        for attr in ("property", "name", "itemprop"):
            name = meta.get(attr)
            if name and content:
                metas.setdefault(name, content)
    for name in _DATE_META:
        if name in metas:
            return metas[name]
    times = tree.xpath("//time[@datetime]/@datetime | //*[@itemprop='datePublished']/@datetime")
    if times:
        return times[0].strip()
    for data in _jsonld(tree):
        if isinstance(data.get("datePublished"), str):
            return data["datePublished"]
    return None


def _meta_description(tree: lxml.html.HtmlElement) -> str | None:
    values = tree.xpath(
        "//meta[@name='description' or @property='og:description']/@content"
    )
    return values[0].strip() if values and values[0].strip() else None


def _jsonld(tree: lxml.html.HtmlElement) -> list[dict]:
    out: list[dict] = []
    for script in tree.xpath("//script[@type='application/ld+json']/text()"):
        try:
            data = json.loads(script)
        except ValueError:
            continue
        items = data if isinstance(data, list) else [data]
        for item in items:
            if isinstance(item, dict):
                out.append(item)
                out.extend(i for i in item.get("@graph", []) if isinstance(i, dict))
    return out


def _jsonld_section(tree: lxml.html.HtmlElement, data: list[dict]) -> str | None:
    for item in data:
        if isinstance(item.get("articleSection"), str):
            return item["articleSection"]
    values = tree.xpath("//meta[@property='article:section']/@content")
    return values[0].strip() if values else None


def clean_title(title: str | None, h1: str | None) -> str | None:
    """The visible headline (<h1>) when it is the article's (it shares most of its words with
    <title>/og:title, which may be an SEO rewrite); else <title> without the " - Báo X" /
    " | X.VN" suffix sites add."""
    if h1 and title and key(h1) and key(h1) in key(title) and (
        len(key(h1)) >= 0.5 * len(key(title))  # not a logo <h1> inside "… | Báo X"
    ):
        return h1
    if h1 and title and len(h1.split()) >= 3:
        words = set(fold(h1).split())
        if len(words & set(fold(title).split())) >= 0.6 * len(words):
            return h1
    if not title:
        return h1
    pieces = _TITLE_SEPARATORS.split(title)
    if len(pieces) > 1 and len(pieces[-1].split()) <= 5:
        return " - ".join(pieces[:-1]).strip()
    return title.strip()


# --- the article container and region --------------------------------------------------------


def _container(tree: lxml.html.HtmlElement, paragraphs: list[str]):
    """The deepest element that holds 80 % of the words of the extracted paragraphs."""
    wanted = {key(p): len(p.split()) for p in paragraphs if len(p.split()) >= 5}
    if not wanted:
        return None
    found: dict[str, lxml.html.HtmlElement] = {}
    shortest = min(len(k) for k in wanted)
    for el in tree.iter(*_TEXT_BLOCKS):
        if _tag(el) in ("div", "td") and not (el.text and el.text.strip()):
            continue
        text = el.text_content()
        if len(text) < shortest:
            continue
        k = key(text)
        if k in wanted:
            found[k] = el  # document order: a descendant replaces its ancestor
    total = sum(wanted.values())
    if sum(wanted[k] for k in found) < 0.5 * total:
        return None
    held: dict[lxml.html.HtmlElement, int] = {}
    depth: dict[lxml.html.HtmlElement, int] = {}
    for k, el in found.items():
        chain = [el, *el.iterancestors()]
        for level, ancestor in enumerate(reversed(chain)):
            held[ancestor] = held.get(ancestor, 0) + wanted[k]
            depth[ancestor] = level
    ready = [el for el, words in held.items() if words >= _CONTAINER_SHARE * total]
    return max(ready, key=lambda el: depth[el]) if ready else None


def _region(container, h1):
    """The container with the headline block above it: their deepest common ancestor,
    unless that is the whole page."""
    if container is None:
        return None
    if h1 is None:
        return container.getparent() if container.getparent() is not None else container
    ancestors = set(container.iterancestors()) | {container}
    for el in h1.iterancestors():
        if el in ancestors:
            return container if _tag(el) in ("body", "html") else el
    return container


def _hints(el) -> str:
    return " ".join(filter(None, (el.get("class"), el.get("id"), el.get("type"))))


def _skipped(el) -> bool:
    """Figures and boxes inside the article that are not the article."""
    if _tag(el) in ("figure", "figcaption", "table", "aside", "nav", "form"):
        return True
    hints = _hints(el)
    return bool(hints) and (_NOT_ARTICLE.search(hints) or _NOT_BODY.search(hints)) is not None


def _inside_skipped(el, container) -> bool:
    for ancestor in el.iterancestors():
        if ancestor is container:
            return False
        if _skipped(ancestor):
            return True
    return False


_KEEP_KINDS = ("paragraph", "snippet", "headline", "short", "other")


def fill_holes(container, paragraphs: list[str]) -> list[str]:
    """Put back the container's blocks that the extraction left out between its paragraphs
    (and after the last one, while they read as article text)."""
    if container is None or not paragraphs:
        return paragraphs
    paragraphs = _without_boxes(container, paragraphs)
    keys = [key(p) for p in paragraphs]
    position = {k: i for i, k in enumerate(keys)}
    before: dict[int, list[str]] = {}
    pending: list[str] = []
    seen: set[str] = set()
    last: int | None = None
    tail: list[str] = []
    for el in container.iter(*_TEXT_BLOCKS):
        if _skipped(el) or _inside_skipped(el, container):
            continue
        if any(_tag(child) in _BLOCK for child in el):
            continue  # its blocks come on their own
        if el.find(".//script") is not None or el.find(".//style") is not None:
            text = " ".join(render_lines(el, _DROP).split("\n"))
        else:
            text = _text(el)
        k = key(text)
        if not k or k in seen:
            continue
        seen.add(k)
        if k in position:
            if pending and (last is not None or position[k] == 0):
                before.setdefault(position[k], []).extend(pending)
            pending, last = [], position[k]
            continue
        if any(b.startswith(k) or b.endswith(k) for b in keys):
            continue  # a piece of a paragraph the extraction joined
        if last is None:
            # a sub-heading right above the first paragraph opens the article
            pending = [text] if _tag(el) in ("h2", "h3", "h4") else []
            continue
        kind = classify(text, 0).kind if _reads_as_text(text) else "boiler"
        if kind in _KEEP_KINDS:
            pending.append(text)
        if last == len(keys) - 1 and kind not in _KEEP_KINDS and not tail:
            tail = pending
            pending = []
    tail = tail or pending
    out: list[str] = []
    for i, paragraph in enumerate(paragraphs):
        out.extend(before.get(i, []))
        out.append(paragraph)
    out.extend(_article_tail(tail))
    return out


def _without_boxes(container, paragraphs: list[str]) -> list[str]:
    """The paragraphs that do not come from a related-article box inside the container (the
    extraction may keep a box's snippet and drop its linked headline)."""
    boxed: set[str] = set()
    words = sum(len(p.split()) for p in paragraphs)
    for box in container.iter():
        if box is not container and isinstance(box.tag, str) and _region_skip(box):
            text = render_lines(box)
            if len(text.split()) <= 0.25 * words:  # a box, not a wrapper of the article
                boxed.update(key(line) for line in text.split("\n"))
    kept = [p for p in paragraphs if key(p) not in boxed]
    return kept or paragraphs


def _reads_as_text(text: str) -> bool:
    """Vietnamese words, not code or a run of symbols."""
    syllables, _ = vietnamese_ratio(text)
    return syllables >= 0.5 and not re.search(r"[{}<>]|\bfunction\b|=>", text)


def _article_tail(lines: list[str]) -> list[str]:
    """Blocks after the last kept paragraph stay while they read as article text."""
    out: list[str] = []
    for text in lines:
        line = classify(text, 0)
        if line.kind not in ("paragraph", "headline") or line.words < 4:
            break
        out.append(text)
    while out and classify(out[-1], 0).kind != "paragraph":
        out.pop()  # a trailing heading without its paragraph is not article text
    return out


# --- sapo, captions, authors -----------------------------------------------------------------


def _sapo(region, description: str | None, parts: PageParts) -> str | None:
    """The stand-first paragraph a CMS marks up apart from the body."""
    for node in region.xpath(_SAPO_XPATH):
        if _tag(node) in ("meta", "head", "html", "body", "script"):
            continue
        text = _text(node)
        if 8 <= len(text.split()) <= 150:
            return text
    if description and len(description.split()) >= 8:
        wanted = key(description)[:80]
        for line in [*parts.header, *parts.paragraphs[:1]]:
            if key(line).startswith(wanted):
                return line
    return None


def _figcaptions(root) -> list[str]:
    out = []
    for node in root.xpath(
        ".//figcaption | .//*[contains(@class,'caption')]"
        " | .//*[contains(@class,'PhotoCMS_Caption')]"
    ):
        text = _text(node)
        if text and text not in out and len(text.split()) >= 3:
            out.append(text)
    return out


def _names(text: str) -> list[str]:
    names: list[str] = []
    for line in text.split("\n"):
        line = line.strip()
        if line and len(line.split()) <= 10 and not patterns().boilerplate.fullmatch(fold(line)):
            names.extend(n for n in name_from_byline(line) if outlet_in_credit(n) is None)
    return names


def _markup_authors(region) -> list[str]:
    names: list[str] = []
    for node in region.xpath(_AUTHOR_XPATH):
        text = render_lines(node)
        if not text and _tag(node) == "a":
            text = node.get("title") or " ".join(node.xpath(".//img/@alt"))
        if len(text) <= 200:
            names.extend(_names(text))
    return names


def _jsonld_authors(data: list[dict]) -> list[str]:
    names: list[str] = []
    for item in data:
        authors = item.get("author")
        for author in authors if isinstance(authors, list) else [authors]:
            if isinstance(author, dict) and author.get("@type", "Person") == "Person":
                names.extend(_names(str(author.get("name") or "")))
    return names


def _trafilatura_authors(value: str | None, site_name: str | None) -> list[str]:
    names: list[str] = []
    site = fold(site_name or "")
    for piece in re.split(r";|,", value or ""):
        piece = piece.strip()
        if piece and fold(piece) != site:
            names.extend(_names(piece))
    return names


def _unique(names: list[str]) -> list[str]:
    out: list[str] = []
    for name in names:
        if fold(name) not in {fold(n) for n in out}:
            out.append(name)
    return out


# --- the cascade ---------------------------------------------------------------------------


_FAST_ENOUGH_WORDS = 120


def _trafilatura(tree, url: str | None):
    """trafilatura's fast path first (our container pass recovers what it leaves out);
    its full cascade, with readability and jusText as fallbacks, when that finds little."""
    doc = None
    for fast in (True, False):
        try:
            doc = trafilatura.bare_extraction(
                tree, url=url, with_metadata=True, include_comments=False, include_tables=True,
                include_images=False, deduplicate=False, fast=fast,
            )
        except (AssertionError, ValueError, TypeError, etree.LxmlError):
            # trafilatura/htmldate trip over some tag soup ("<svg><html>"): fall back to
            # the rendered-page analysis rather than losing the page
            doc = None
        if doc is not None and len((doc.text or "").split()) >= _FAST_ENOUGH_WORDS:
            break
    return doc


def extract_html(html: str, url: str | None = None) -> HtmlParts:
    tree = _tree(html)
    if tree is None:
        return HtmlParts(parts=analyse(""))
    doc = _trafilatura(tree, url)
    h1 = next(iter(tree.iter("h1")), None)
    h1_text = _text(h1) if h1 is not None else None
    title = clean_title(getattr(doc, "title", None) if doc else None, h1_text or None)
    main_text = getattr(doc, "text", None) if doc else None
    if main_text:  # trafilatura renders table cells as "| cell |"
        main_text = re.sub(r"(?m)^\|\s*|\s*\|\s*$", "", main_text)
    main = analyse(main_text, title_hint=title) if main_text else None
    container = _container(tree, main.paragraphs) if main and main.paragraphs else None
    region = _region(container, h1)
    if main is not None and main.paragraphs and region is not None:
        rendered = render_lines(region, _DROP, _region_skip)
        page = analyse(rendered, title_hint=title)
        parts = main
        parts.paragraphs = fill_holes(container, main.paragraphs)
        parts.captions = _merge(page.captions, main.captions)
        parts.dateline = page.dateline or main.dateline
        parts.section = page.section or main.section
        parts.source_lines = page.source_lines + main.source_lines
        parts.header = page.header
        header_bylines = page.bylines
    else:
        region = tree
        rendered = render_lines(tree)
        parts = page = analyse(rendered, title_hint=title)
        if main is not None and main.paragraphs:
            parts.paragraphs = main.paragraphs
        header_bylines = page.bylines
    jsonld = _jsonld(tree)
    description = _meta_description(tree)
    sapo = _sapo(region, description, parts)
    if sapo and not parts.lede:
        parts.lede = sapo
        parts.paragraphs = [p for p in parts.paragraphs if key(p) != key(sapo)]
    figcaptions = _figcaptions(region)
    parts.captions = _merge(parts.captions, figcaptions)
    caption_keys = {key(c) for c in parts.captions}
    parts.paragraphs = [p for p in parts.paragraphs if key(p) not in caption_keys]
    site_name = getattr(doc, "sitename", None) if doc else None
    authors = _unique(
        _markup_authors(region) + _jsonld_authors(jsonld)
        + _trafilatura_authors(getattr(doc, "author", None) if doc else None, site_name)
        + _names("\n".join(main.bylines if main else []))
    ) or _unique(_names("\n".join(header_bylines)))
    published = _meta_published(tree)
    return HtmlParts(
        parts=parts,
        title=title or parts.title,
        published_meta=iso_timestamp(published),
        published_fallback=getattr(doc, "date", None) if doc else None,
        authors=authors,
        site_name=site_name,
        url=url or (getattr(doc, "url", None) if doc else None),
        section=_jsonld_section(tree, jsonld) or (doc.categories[0] if doc and doc.categories
                                                  else None),
        figcaptions=figcaptions,
        rendered=rendered,
    )


def _region_skip(el) -> bool:
    """Inside the region, leave out related-article boxes, comments and ads."""
    hints = _hints(el)
    return bool(hints) and _NOT_ARTICLE.search(hints) is not None


def _merge(first: list[str], second: list[str]) -> list[str]:
    out = list(first)
    keys = {key(c) for c in out}
    for caption in second:
        if key(caption) not in keys:
            keys.add(key(caption))
            out.append(caption)
    return out
