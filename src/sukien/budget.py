"""A work budget per page, so that one pathological page cannot take minutes of CPU or
gigabytes of memory (a POST of it would tie up the server).

The budget is counted, not timed, so a page gives the same result on a busy machine:

* an HTML page of more than :data:`FULL_ELEMENTS` elements, or nested deeper than the
  255 levels libxml2 parses by default, skips main-text extraction (trafilatura slows
  down faster than linearly: 10 000 ``<p>`` take 1 s, 100 000 take 30 s) and no tree of
  it is built: a streaming parse renders it to lines (block elements → line breaks, as
  :func:`sukien.htmlpage.render_lines` does), and sukien's own line analysis reads them;
* whatever the format, the line analysis reads at most :data:`MAX_LINES` lines and
  :data:`MAX_CHARS` characters; a page cut to that gets warning ``W205``;
* a page nested deeper than :data:`MAX_DEPTH` levels (libxml2's limit even for huge
  documents) cannot be read below that depth: ``E202``, rather than a body silently
  missing its text.

Measured (``benchmarks/bench_robust.py``): 1 000 000 ``<p>`` (an 8 MB page) go through
the whole pipeline in a few seconds with a bounded peak memory.
"""

from __future__ import annotations

from collections.abc import Callable

from lxml import etree

from .errors import Code, SukienError
from .record import Document

FULL_ELEMENTS = 8_000  # the largest real news pages seen have under 2 000
MAX_LINES = 5_000
MAX_CHARS = 500_000
MAX_SENTENCE_CHARS = 3_000  # see sukien.sentences
MAX_DEPTH = 2048  # libxml2 with XML_PARSE_HUGE
_DEFAULT_DEPTH = 255  # libxml2 without it

_DROP = frozenset(("head", "title", "script", "style", "noscript", "template", "svg", "iframe",
                   "object", "button", "select"))
_BLOCK = frozenset((
    "p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "br", "tr", "td", "th",
    "table", "figure", "figcaption", "section", "article", "header", "footer", "nav", "aside",
    "blockquote", "time", "address", "dd", "dt", "dl", "form", "label", "option", "main",
    "pre", "hr"))


class TooDeep(Exception):
    """An HTML tree nested deeper than the default parser reads."""


def element_count(html: str) -> int:
    """An upper bound on the elements of a page, without parsing it."""
    return html.count("<") - html.count("</")


def check_depth(parser: etree.HTMLParser) -> None:
    """Raise :class:`TooDeep` when ``parser`` stopped at its depth limit."""
    if any("Excessive depth" in entry.message for entry in parser.error_log):
        raise TooDeep(_DEFAULT_DEPTH)


class _Lines:
    """lxml parser target: the page's visible text, a line per block element, in document
    order, without building a tree; stops keeping text past :data:`MAX_CHARS`."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.size = 0
        self.skip = 0
        self.cut = False

    def start(self, tag, _attrib) -> None:
        tag = tag.lower() if isinstance(tag, str) else ""
        if tag in _DROP:
            self.skip += 1
        elif tag in _BLOCK:
            self._add("\n")

    def end(self, tag) -> None:
        tag = tag.lower() if isinstance(tag, str) else ""
        if tag in _DROP:
            self.skip = max(0, self.skip - 1)
        elif tag in _BLOCK:
            self._add("\n")

    def data(self, text: str) -> None:
        if not self.skip:
            self._add(text)

    def comment(self, _text) -> None:
        pass

    def _add(self, text: str) -> None:
        if self.size >= MAX_CHARS:
            self.cut = True
            return
        self.parts.append(text)
        self.size += len(text)

    def close(self) -> str:
        return "".join(self.parts)


def stream_lines(html: str, path: str) -> tuple[str, bool]:
    """The page rendered to lines by a streaming parse, and whether text was dropped."""
    target = _Lines()
    parser = etree.HTMLParser(target=target, huge_tree=True, remove_comments=True)
    try:
        parser.feed(html)
        text = parser.close()
    except etree.LxmlError:
        text = target.close()
    if any("Excessive depth" in entry.message for entry in parser.error_log):
        raise SukienError(Code.TOO_COMPLEX, path,
                          f"HTML nested deeper than {MAX_DEPTH} levels; the text below "
                          "that depth cannot be read")
    lines = [" ".join(line.split()) for line in text.split("\n")]
    return "\n".join(line for line in lines if line), target.cut


def clip(text: str) -> tuple[str, bool]:
    """At most :data:`MAX_LINES` lines and :data:`MAX_CHARS` characters of ``text``."""
    cut = False
    if len(text) > MAX_CHARS:
        text, cut = text[:MAX_CHARS], True
    if text.count("\n") >= MAX_LINES:
        text, cut = "\n".join(text.split("\n", MAX_LINES)[:MAX_LINES]), True
    return text, cut


Extract = Callable[[Document], Document]
_CUT = f"cut to its first {MAX_LINES:,} lines and {MAX_CHARS:,} characters (work budget)"


def within_budget(doc: Document, extract: Extract) -> Document:
    """Run the ``extract`` stage on ``doc`` within the page's work budget."""
    text = doc.text or ""
    if doc.format != "html":
        clipped, cut = clip(text)
        if cut:
            doc.warn(f"W205 page {_CUT}")
            doc.text = clipped
        return extract(doc)
    elements = element_count(text)
    if elements <= FULL_ELEMENTS:
        try:
            return extract(doc)
        except TooDeep:
            reason = f"nested deeper than {_DEFAULT_DEPTH} levels"
    else:
        reason = f"{elements:,} elements, over the budget of {FULL_ELEMENTS:,}"
    lines, dropped = stream_lines(text, doc.path)
    clipped, cut = clip(lines)
    doc.warn(f"W205 HTML page {reason}: read as plain lines, without main-text extraction"
             + (f"; {_CUT}" if cut or dropped else ""))
    doc.text, doc.format = clipped, "text"
    try:
        return extract(doc)
    finally:
        doc.text, doc.format = text, "html"

