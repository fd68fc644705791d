"""Stage ``extract``: decoded page → :class:`~sukien.record.Article`.

Text dumps go straight to the line analysis (:mod:`sukien.textpage`); HTML goes
through trafilatura first (:mod:`sukien.htmlpage`). Both end here, where the
dates are resolved, bylines read, the outlet identified and warnings raised.
"""

from __future__ import annotations

import re
from datetime import datetime

from .dates import DateMention, complete_year, find_dates, page_anchor, resolve_relative
from .errors import Code, SukienError
from .htmlpage import HtmlParts, extract_html
from .normalize import vietnamese_ratio
from .outlets import detect_outlet
from .record import Article, Document
from .textpage import PageParts, analyse, name_from_byline

MIN_VIETNAMESE_SYLLABLES = 0.6
MIN_VIETNAMESE_MARKS = 0.15


def extract(doc: Document) -> Document:
    """Pipeline stage: fill ``article`` from ``text``."""
    text = doc.text or ""
    if doc.format == "html":
        html = extract_html(text, url=doc.url)
        article = _from_html(html, doc)
    else:
        article = _from_parts(analyse(text), text, doc)
    if not article.body:
        raise SukienError(Code.NO_ARTICLE, doc.path, "no paragraph of running text on the page")
    _check_language(article, doc)
    doc.article = article
    return doc


def _from_parts(parts: PageParts, page_text: str, doc: Document) -> Article:
    article = Article(
        title=parts.title,
        lede=parts.lede,
        body="\n\n".join(parts.paragraphs),
        captions=list(parts.captions),
        section=parts.section,
    )
    if article.title is None:
        doc.warn("W201 no title found")
    article.authors = _authors(parts.bylines)
    outlet = detect_outlet(doc.url, parts.bylines + parts.source_lines, page_text)
    article.source = outlet.label() if outlet else None
    _set_published(article, parts, page_text, doc)
    return article


def _from_html(html: HtmlParts, doc: Document) -> Article:
    parts = html.parts
    article = _from_parts(
        parts,
        html.rendered,
        Document(path=doc.path, url=html.url, reference_time=doc.reference_time),
    )
    article.title = html.title or article.title
    article.section = article.section or html.section
    if not article.authors and html.authors:
        article.authors = html.authors
    if html.published_meta:
        article.published = html.published_meta
        article.published_resolved = html.published_meta
        article.published_hint = article.published_hint if parts.dateline else None
    elif (
        article.published is None and article.published_resolved is None and html.published_fallback
    ):
        article.published_resolved = html.published_fallback
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
    reference = doc.reference_time
    anchor = page_anchor(page_text, reference) or (reference.date() if reference else None)
    if parts.dateline is not None and parts.dateline.date is not None:
        mention = parts.dateline.date
        article.published_hint = _hint(parts.dateline.text)
        if mention.is_relative:
            if reference is not None:
                article.published_resolved = _iso_datetime(resolve_relative(mention, reference))
            return
        resolved = _with_year(mention, anchor, doc)
        article.published = resolved.iso()
        article.published_resolved = resolved.iso()
        return
    opening = _opening_date(parts.paragraphs)
    if opening is not None:
        article.published_hint = opening.text
        article.published_resolved = _with_year(opening, anchor, doc).iso()


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


def _iso_datetime(value: datetime) -> str:
    return value.replace(second=0, microsecond=0, tzinfo=None).isoformat(timespec="minutes")


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
