"""Article extraction from a page rendered as lines of text.

This is the Vietnamese-aware cleanup that no general extractor does. It works
on plain-text page captures directly and on the text trafilatura pulls out of
HTML. Each line is first labelled on its own (boilerplate, dateline, byline,
caption credit, teaser snippet, paragraph, headline, ...), then in context:
the title is the first headline before the first paragraph, a title repeated
further down is image alt text and the line after it a caption, a line
printed twice in a row is a caption, a headline followed by a truncated
snippet is a related-article teaser. The body runs from the first paragraph
after the title to the first end marker, closing byline, source line or
teaser; inside it only paragraphs (and sub-headings between paragraphs) stay.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

from .dates import DateMention, parse_dateline
from .normalize import alternation, fold, is_syllable, key
from .resources import read_toml

PARAGRAPH_MIN_WORDS = 35
SENTENCE_MIN_WORDS = 6
CAPTION_MAX_WORDS = 70
_SENTENCE_END = re.compile(r"(?:[.!?…]|\./\.|[.!?…][\"”’»)\]]+)$")
_SNIPPET_END = re.compile(r"(?:\s(?:\.{3}|…)|\w(?:\.{3}|…))$")
_HAS_LETTER = re.compile(r"[^\W\d_]")


@dataclass(slots=True)
class Line:
    index: int
    text: str
    kind: str = "other"
    date: DateMention | None = None
    words: int = 0
    key: str = ""


@dataclass(slots=True)
class PageParts:
    """What the line analysis found; ``article`` assembles the final record."""

    title: str | None = None
    lede: str | None = None
    paragraphs: list[str] = field(default_factory=list)
    captions: list[str] = field(default_factory=list)
    bylines: list[str] = field(default_factory=list)
    dateline: Line | None = None
    section: str | None = None
    source_lines: list[str] = field(default_factory=list)
    header: list[str] = field(default_factory=list)


@dataclass(slots=True, frozen=True)
class _Patterns:
    boilerplate: re.Pattern[str]
    end_markers: re.Pattern[str]
    caption_credits: re.Pattern[str]
    source_lines: re.Pattern[str]
    section_lines: tuple[re.Pattern[str], ...]
    byline_prefix: re.Pattern[str]
    not_names: frozenset[str]


def _union(patterns: list[str]) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in patterns))


@cache
def patterns() -> _Patterns:
    data = read_toml("page_patterns.toml")
    return _Patterns(
        boilerplate=_union(data["boilerplate"]),
        end_markers=_union(data["end_markers"]),
        caption_credits=_union(data["caption_credits"]),
        source_lines=_union(data["source_lines"]),
        section_lines=tuple(re.compile(p) for p in data["section_lines"]),
        byline_prefix=re.compile(rf"^(?:{'|'.join(data['byline_prefixes'])})\s+"),
        not_names=frozenset(data["not_names"]),
    )


def _count_words(text: str) -> int:
    return len(text.split())


# --- context-free labels ----------------------------------------------------------


def section_of(text: str) -> str | None:
    folded = fold(text).strip()
    for pattern in patterns().section_lines:
        match = pattern.fullmatch(folded)
        if match:
            return text.strip()[match.start(1) :].strip() or None
    return None


def is_caption_credit(text: str) -> bool:
    words = _count_words(text)
    if words > CAPTION_MAX_WORDS:
        return False
    return patterns().caption_credits.fullmatch(fold(text).strip()) is not None


def _name_tokens(text: str) -> list[str] | None:
    tokens = text.split()
    if not 2 <= len(tokens) <= 5:
        return None
    for token in tokens:
        if not is_syllable(token):
            return None
        if not (token.isupper() or (token[0].isupper() and token[1:].islower())):
            return None
    if fold(text) in patterns().not_names:
        return None
    return tokens


@cache
def _agency_tail() -> re.Pattern[str]:
    """An agency acronym closing a byline: "Hữu Chiến TTXVN"."""
    from .outlets import outlets

    acronyms = {a for o in outlets() for a in o.aliases if a.replace("+", "").isupper()}
    return re.compile(rf"\s+(?:{alternation(acronyms)})(?:\W.*)?$")


def name_from_byline(text: str) -> list[str]:
    """Author names in a byline ("Bích Thuận/VOV-Bắc Kinh", "NGỌC MINH"), else []."""
    from .outlets import outlet_in_credit

    prefix = patterns().byline_prefix.match(fold(text))
    body = text[prefix.end() :] if prefix else text
    body = re.split(r"\s*[/(|]", body.strip(), maxsplit=1)[0]
    names: list[str] = []
    for part in re.split(r"\s*(?:,|;|\s-\s|\s–\s|\svà\s)\s*", body):
        part = _agency_tail().sub("", part.strip())
        tokens = _name_tokens(part)
        if tokens is None:
            if names and outlet_in_credit(part) is not None:
                break
            return []
        names.append(" ".join(t if not t.isupper() else t.capitalize() for t in tokens))
    return names


def is_agency_line(text: str) -> bool:
    """ "TTXVN/Vietnam+", "(Theo VOV)", "VOV-Bắc Kinh": a credit with no person in it."""
    from .outlets import outlet_in_credit

    stripped = text.strip().strip("()").strip()
    return len(stripped) <= 40 and outlet_in_credit(stripped) is not None


def classify(text: str, index: int) -> Line:
    line = Line(index=index, text=text, words=_count_words(text), key=key(text))
    folded = fold(text).strip()
    pats = patterns()
    if not text:
        line.kind = "blank"
    elif not _HAS_LETTER.search(text):
        line.date = parse_dateline(text)
        line.kind = "dateline" if line.date else "boiler"
    elif section_of(text):
        line.kind = "section"
    elif pats.end_markers.fullmatch(folded):
        line.kind = "end"
    elif pats.boilerplate.fullmatch(folded):
        line.kind = "boiler"
    elif (date := parse_dateline(text)) is not None:
        line.kind, line.date = "dateline", date
    elif line.words <= 14 and pats.source_lines.fullmatch(folded):
        line.kind = "source"
    elif is_caption_credit(text):
        line.kind = "caption"
    elif line.words <= 8 and name_from_byline(text):
        line.kind = "byline"
    elif line.words <= 6 and is_agency_line(text):
        line.kind = "agency"
    elif _SNIPPET_END.search(text) and line.words >= 8:
        line.kind = "snippet"
    elif line.words >= PARAGRAPH_MIN_WORDS or (
        line.words >= SENTENCE_MIN_WORDS and _SENTENCE_END.search(text)
    ):
        line.kind = "paragraph"
    elif 3 <= line.words <= 40:
        line.kind = "headline"
    else:
        line.kind = "short"
    return line


# --- context ---------------------------------------------------------------------


def _next_content(lines: list[Line], i: int, skip_blank_only: bool = True) -> int | None:
    for j in range(i + 1, len(lines)):
        if lines[j].kind != "blank":
            return j
        if not skip_blank_only:
            return None
    return None


def _find_title(lines: list[Line], hint: str | None) -> int | None:
    first_para = next((ln.index for ln in lines if ln.kind == "paragraph"), len(lines))
    if hint:
        hint_key = key(hint)
        return next((ln.index for ln in lines if ln.key == hint_key), None)
    candidates = [ln for ln in lines[:first_para] if ln.kind == "headline" and ln.words >= 4]
    if not candidates:
        return None
    keys = [ln.key for ln in lines]
    content_before_para = [ln.index for ln in lines[:first_para] if ln.kind != "blank"]

    def score(ln: Line) -> float:
        distance = sum(1 for i in content_before_para if i > ln.index)
        repeated = keys.count(ln.key) > 1  # titles come back as image alt text
        ticker = bool(re.search(r"[•|»›]|:$", ln.text))
        return ln.words + 12 * repeated - 15 * ticker - 0.5 * distance

    return max(candidates, key=score).index


def _mark_title_repeats(lines: list[Line], title: str | None, title_index: int | None) -> None:
    if not title:
        return
    title_key = key(title)
    for ln in lines:
        if ln.index != title_index and ln.kind != "blank" and ln.key == title_key:
            ln.kind = "alt"
            nxt = _next_content(lines, ln.index)
            if (
                nxt is not None
                and lines[nxt].kind in ("paragraph", "headline", "other", "short")
                and lines[nxt].words <= CAPTION_MAX_WORDS
                and lines[nxt].key != title_key
            ):
                lines[nxt].kind = "caption"


def _mark_repeated_captions(lines: list[Line]) -> None:
    """The same short line printed twice within a few lines is an image caption."""
    content = [ln for ln in lines if ln.kind not in ("blank", "alt")]
    for pos, ln in enumerate(content):
        if ln.kind not in ("paragraph", "headline", "caption") or ln.words < 4:
            continue
        if ln.words > CAPTION_MAX_WORDS:
            continue
        for other in content[pos + 1 : pos + 3]:
            if other.key == ln.key:
                ln.kind = other.kind = "caption"


def _is_teaser(lines: list[Line], i: int) -> bool:
    """A headline whose next line is a truncated snippet, or the snippet itself."""
    if lines[i].kind == "snippet":
        return True
    if lines[i].kind not in ("headline", "paragraph"):
        return False
    nxt = _next_content(lines, i)
    while nxt is not None and lines[nxt].key == lines[i].key:
        nxt = _next_content(lines, nxt)  # teasers repeat their headline as image alt text
    return nxt is not None and lines[nxt].kind == "snippet"


def _body_start(lines: list[Line], title_index: int | None) -> int | None:
    start = 0 if title_index is None else title_index + 1
    for ln in lines[start:]:
        if ln.kind == "paragraph" and not _is_teaser(lines, ln.index):
            return ln.index
        if ln.kind == "end":
            return None
    return None


_STOP_KINDS = ("end", "source", "byline", "agency")
_MAX_NOISE_RUN = 6


def _body_end(lines: list[Line], start: int) -> int:
    """Index of the first line after the body."""
    noise_run = 0
    for ln in lines[start:]:
        if ln.kind in _STOP_KINDS or _is_teaser(lines, ln.index):
            return ln.index
        if ln.kind in ("paragraph", "caption", "alt", "blank"):
            noise_run = 0
        else:
            noise_run += 1
            if noise_run >= _MAX_NOISE_RUN:
                return ln.index - noise_run + 1
    return len(lines)


def _keep_in_body(lines: list[Line], ln: Line, end: int) -> bool:
    if ln.kind == "paragraph":
        return True
    if ln.kind != "headline" or (ln.text.endswith(":") and ln.words < 3):
        return False
    # A sub-heading sits between paragraphs.
    nxt = _next_content(lines, ln.index)
    return nxt is not None and nxt < end and lines[nxt].kind == "paragraph"


def analyse(text: str, title_hint: str | None = None) -> PageParts:
    lines = [classify(raw.strip(), i) for i, raw in enumerate(text.split("\n"))]
    parts = PageParts()
    title_index = _find_title(lines, title_hint)
    parts.title = lines[title_index].text if title_index is not None else title_hint
    _mark_title_repeats(lines, parts.title, title_index)
    _mark_repeated_captions(lines)
    start = _body_start(lines, title_index)
    if start is None:
        _collect_header(lines, parts, len(lines))
        return parts
    end = _body_end(lines, start)
    body = [ln for ln in lines[start:end] if _keep_in_body(lines, ln, end)]
    parts.lede, body = _split_lede(body, lines[end:])
    parts.paragraphs = [ln.text for ln in body]
    _collect_header(lines, parts, start)
    _collect_captions(lines, parts, end)
    _collect_closing_byline(lines, parts, end)
    return parts


def _split_lede(body: list[Line], after: list[Line]) -> tuple[str | None, list[Line]]:
    """A sapo printed again as the first body paragraph is the lede, not body."""
    if len(body) < 2:
        return None, body
    first = key(body[0].text)
    if any(ln.key == first for ln in body[1:4]):
        return body[0].text, body[1:]
    return None, body


def _collect_header(lines: list[Line], parts: PageParts, start: int) -> None:
    for ln in lines[:start]:
        if ln.kind == "dateline" and parts.dateline is None:
            parts.dateline = ln
        elif ln.kind == "section" and parts.section is None:
            parts.section = section_of(ln.text)
        elif ln.kind == "byline":
            parts.bylines.append(ln.text)
        elif ln.kind not in ("blank", "boiler"):
            parts.header.append(ln.text)
    for ln in lines:
        if ln.kind == "source" or ln.kind == "agency":
            parts.source_lines.append(ln.text)


def _collect_captions(lines: list[Line], parts: PageParts, end: int) -> None:
    seen: set[str] = set()
    for ln in lines[:end]:
        if ln.kind == "caption" and ln.key not in seen:
            seen.add(ln.key)
            parts.captions.append(ln.text)


def _collect_closing_byline(lines: list[Line], parts: PageParts, end: int) -> None:
    """The byline right after the body, and the agency credit on the line below it."""
    for ln in lines[end : end + 4]:
        if ln.kind == "byline":
            parts.bylines.append(ln.text)
        elif ln.kind in ("agency", "source", "blank"):
            continue
        else:
            break
