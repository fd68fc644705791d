"""Stage ``extract``: decoded page → :class:`~sukien.record.Article`.

Text dumps go straight to the line analysis (:mod:`sukien.textpage`); HTML goes
through trafilatura first (:mod:`sukien.htmlpage`). Both end here, where the
dates are resolved, bylines read, the outlet identified and warnings raised.
"""

from __future__ import annotations

import re

from .dates import DateMention, complete_year, find_dates, iso_timestamp, page_anchor, resolve
from .errors import Code, SukienError
from .htmlpage import HtmlParts, extract_html
from .normalize import vietnamese_ratio
from .outlets import detect_outlet
from .record import Article, Document
from .textdump import (
    analyse_dump,
    header_published,
    header_title,
    header_url,
    looks_like_dump,
    read_header,
)
from .textpage import PageParts, analyse, name_from_byline, strip_outlet_tag

MIN_VIETNAMESE_SYLLABLES = 0.6
MIN_VIETNAMESE_MARKS = 0.15


def extract(doc: Document) -> Document:
    """Pipeline stage: fill ``article`` from ``text``."""
    text = doc.text or ""
    if doc.format == "html":
        html = extract_html(text, url=doc.url)
        article = _from_html(html, doc)
    else:
        article = _from_text(text, doc)
    if not article.body:
        raise SukienError(Code.NO_ARTICLE, doc.path, "no paragraph of running text on the page")
    _check_language(article, doc)
    doc.article = article
    return doc


def _from_text(text: str, doc: Document) -> Article:
    """A text dump with a `# key = value` header, a clean dump without one, or a page
    capture (menus, teasers and all)."""
    meta, rest = read_header(text)
    if meta:
        if doc.url is None:
            doc.url = header_url(meta)
        parts = analyse_dump(rest, doc.url, header_title(meta))
    elif looks_like_dump(text):
        parts = analyse_dump(text, doc.url)
    else:
        parts = analyse(text)
    article = _from_parts(parts, rest, doc, printed=header_published(meta) if meta else None)
    article.meta = meta
    if article.title is None:
        doc.warn("W201 no title found")
    return article


def _from_parts(
    parts: PageParts, page_text: str, doc: Document, url: str | None = None,
    printed: str | None = None,
) -> Article:
    lede, paragraphs = _lede(parts.lede, parts.paragraphs)
    article = Article(
        title=parts.title,
        lede=lede,
        body="\n\n".join(paragraphs),
        captions=list(parts.captions),
        section=parts.section,
    )
    article.authors = _authors(parts.bylines)
    outlet = detect_outlet(url or doc.url, parts.bylines + parts.source_lines, page_text)
    article.source = outlet.label() if outlet else None
    if printed:
        article.published = article.published_resolved = printed
        article.published_hint = _hint(parts.dateline.text) if parts.dateline else None
    else:
        _set_published(article, parts, page_text, doc)
    return article


def _lede(lede: str | None, paragraphs: list[str]) -> tuple[str | None, list[str]]:
    """The sapo without its outlet tag; a first paragraph opening with one ("(Dân trí) - …",
    "VOV.VN - …") is the sapo when none was found apart."""
    if lede:
        return strip_outlet_tag(lede) or lede, paragraphs
    if paragraphs and (tagged := strip_outlet_tag(paragraphs[0])):
        return tagged, paragraphs[1:]
    return None, paragraphs


def _from_html(html: HtmlParts, doc: Document) -> Article:
    parts = html.parts
    article = _from_parts(parts, html.rendered, doc, url=html.url)
    article.title = html.title or article.title
    article.section = article.section or html.section
    if html.authors:
        article.authors = html.authors
    if html.published_meta:
        article.published = html.published_meta
        article.published_resolved = html.published_meta
        article.published_inferred = False
        article.published_hint = article.published_hint if parts.dateline else None
    elif (article.published is None and html.published_fallback
          and (article.published_resolved is None or article.published_inferred)):
        article.published_resolved = iso_timestamp(html.published_fallback)
        article.published_inferred = False
    if article.source is None and html.site_name:
        article.source = html.site_name
    if article.title is None:
        doc.warn("W201 no title found")
    return article


def _authors(bylines: list[str]) -> list[str]:
    authors: list[str] = []
    for line in bylines:
        for name in name_from_byline(line):
            if name not in authors:
                authors.append(name)
    return authors


def _set_published(article: Article, parts: PageParts, page_text: str, doc: Document) -> None:
    """The page's dateline, else the date the report opens with, else the reference time;
    ``published_inferred`` unless the dateline printed the full date itself."""
    reference = doc.reference_time
    anchor = page_anchor(page_text, reference) or (reference.date() if reference else None)
    if parts.dateline is not None and parts.dateline.date is not None:
        mention = parts.dateline.date
        article.published_hint = _hint(parts.dateline.text)
        if mention.is_relative:
            if reference is not None:
                resolved, _ = resolve(mention, None, reference)
                article.published_resolved = resolved.iso()
                article.published_inferred = True
            return
        resolved = _with_year(mention, anchor, doc)
        article.published = resolved.iso()
        article.published_resolved = resolved.iso()
        article.published_inferred = resolved.year != mention.year
        return
    opening = _opening_date(parts.paragraphs)
    if opening is not None:
        article.published_hint = opening.text
        article.published_resolved = _with_year(opening, anchor, doc).iso()
        article.published_inferred = True
    elif anchor is not None:
        article.published_resolved = anchor.isoformat()
        article.published_inferred = True


def _hint(line: str) -> str:
    """The dateline as written, without a view counter printed beside it."""
    return re.sub(r"\s*lượt (?:xem|đọc)\s*:?\s*[\d.,]+.*$", "", line, flags=re.I).strip()


def _with_year(mention: DateMention, anchor, doc: Document) -> DateMention:
    if not mention.needs_year:
        return mention
    resolved = complete_year(mention, anchor)
    if resolved.year is not None:
        doc.warn(f"W202 year {resolved.year} of '{mention.text}' inferred from the page")
    return resolved


def _opening_date(paragraphs: list[str]) -> DateMention | None:
    """ "Ngày 28/10, tại …": the date the first sentence of the report opens with."""
    if not paragraphs:
        return None
    mentions = [m for m in find_dates(paragraphs[0][:60]) if m.month is not None]
    return mentions[0] if mentions and mentions[0].start <= 5 else None


def _check_language(article: Article, doc: Document) -> None:
    syllables, marked = vietnamese_ratio(article.body)
    if syllables >= MIN_VIETNAMESE_SYLLABLES and marked >= MIN_VIETNAMESE_MARKS:
        article.language = "vi"
        return
    guess = _guess_language(article.body)
    if guess == "vi" or syllables >= 0.8:
        article.language = "vi"
        if marked < MIN_VIETNAMESE_MARKS:
            doc.warn("W203 Vietnamese written without diacritics")
        return
    article.language = guess
    doc.warn(f"W204 page is not Vietnamese (language {guess}; "
             f"{syllables:.0%} Vietnamese syllables)")


def _guess_language(text: str) -> str:
    try:
        import py3langid
    except ImportError:  # optional: the warning stands without a language name
        return "unknown"
    language, _ = py3langid.classify(text[:5000])
    return language
