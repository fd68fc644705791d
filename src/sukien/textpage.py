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
from collections.abc import Iterator
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
HEADLINE_MAX_WORDS = 30
_KEY_DROP = re.compile(r"[\W_]+")  # normalize.key on text already folded
# a stop and the letter after it; :func:`sentence_stops` keeps those that end a sentence
_SENTENCE_STOP = re.compile(r"(\S+?)[.!?…]+[\"”’»)]*\s+[\"“(]?(\w)")


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
    sentence_openers: frozenset[str]
    credit_words: frozenset[str]
    not_name_heads: frozenset[str]


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
        sentence_openers=frozenset(data["sentence_openers"]),
        credit_words=frozenset(data["credit_words"]),
        not_name_heads=frozenset(data["not_name_heads"]),
    )


def _count_words(text: str) -> int:
    return len(text.split())


# --- context-free labels ----------------------------------------------------------


def section_of(text: str, folded: str | None = None) -> str | None:
    folded = fold(text).strip() if folded is None else folded
    for pattern in patterns().section_lines:
        match = pattern.fullmatch(folded)
        if match:
            return text.strip()[match.start(1) :].strip() or None
    return None


def is_caption_credit(text: str, folded: str | None = None) -> bool:
    words = _count_words(text)
    if words > CAPTION_MAX_WORDS:
        return False
    folded = fold(text).strip() if folded is None else folded
    return patterns().caption_credits.fullmatch(folded) is not None


_INITIALS = re.compile(r"((?:[^\W\d_]\.)+)([^\W\d_]*)")


def _name_pieces(token: str) -> int | None:
    """How many name parts a byline token holds: "Long" 1, "H.Long" 2, "T.Đ" 2; None when
    it is not a (capitalised) Vietnamese syllable or initials."""
    initials = _INITIALS.fullmatch(token)
    if initials:
        head, rest = initials.groups()
        if not head[0].isupper() or (rest and not rest[0].isupper()):
            return None
        if len(rest) > 1 and _name_pieces(rest) is None:
            return None
        return head.count(".") + bool(rest)
    if not is_syllable(token):
        return None
    if not (token.isupper() or (token[0].isupper() and token[1:].islower())):
        return None
    return 1


def _name_tokens(text: str) -> list[str] | None:
    tokens = text.split()
    pieces = [_name_pieces(token) for token in tokens]
    if None in pieces or not 2 <= sum(pieces) <= 5:  # type: ignore[arg-type]
        return None
    if fold(text) in patterns().not_names or tokens[0].lower() in patterns().not_name_heads:
        return None
    return tokens


@cache
def _agency_tail() -> re.Pattern[str]:
    """An agency acronym closing a byline: "Hữu Chiến TTXVN"."""
    from .outlets import outlets

    acronyms = {a for o in outlets() for a in o.aliases if a.replace("+", "").isupper()}
    return re.compile(rf"\s+(?:{alternation(acronyms)})(?:\W.*)?$")


@cache
def _outlet_names() -> frozenset[str]:
    from .outlets import outlets

    return frozenset(fold(n) for o in outlets() for n in (o.name, *o.aliases))


def _is_outlet_name(text: str) -> bool:
    return fold(text) in _outlet_names()


def name_from_byline(text: str) -> list[str]:
    """Author names in a byline ("Bích Thuận/VOV-Bắc Kinh", "NGỌC MINH"), else []."""
    from .outlets import outlet_in_credit

    prefix = patterns().byline_prefix.match(fold(text))
    body = text[prefix.end() :] if prefix else text
    body = re.split(r"\s*[/(|]|\s+(?:Theo|Nguồn)\s", body.strip(), maxsplit=1)[0]
    names: list[str] = []
    for part in re.split(r"\s*(?:,|;|\s[-–]\s?|[-–]\s|\svà\s)\s*", body):
        part = _agency_tail().sub("", part.strip())
        tokens = _name_tokens(part)
        if tokens is not None and _is_outlet_name(part):
            tokens = None  # "Dân Việt": an outlet, not a person
        if tokens is None:
            if names and outlet_in_credit(part) is not None:
                break
            return []
        names.append(" ".join(
            t.capitalize() if t.isupper() and "." not in t else t for t in tokens
        ))
    return names


def _names_a_source(text: str) -> bool:
    """ "Theo Reuters", "Nguồn: TTXVN", "Theo https://…": a name or an address after the
    keyword, not a sentence ("Theo đó, …", "Nguồn gốc của …", "Theo Bộ Y tế, số ca …")."""
    rest = re.sub(r"^\S+\s*:?\s*", "", text.strip())
    if re.match(r"(?:https?://|www\.)|[\w-]+\.(?:vn|com|net|org)\b", rest, re.I):
        return True
    return bool(rest[:1]) and (rest[0].isupper() or rest[0].isdigit()) and not re.search(
        r"[,?!]", rest
    )


def is_agency_line(text: str) -> bool:
    """ "TTXVN/Vietnam+", "(Theo VOV)", "VOV-Bắc Kinh": a credit with no person in it."""
    from .outlets import outlet_in_credit

    stripped = text.strip().strip("()").strip()
    return len(stripped) <= 40 and outlet_in_credit(stripped) is not None


def classify(text: str, index: int) -> Line:
    folded = fold(text).strip()
    line = Line(index=index, text=text, words=_count_words(text), key=_KEY_DROP.sub("", folded))
    pats = patterns()
    if not text:
        line.kind = "blank"
    elif not _HAS_LETTER.search(text):
        line.date = parse_dateline(text)
        line.kind = "dateline" if line.date else "boiler"
    elif section_of(text, folded):
        line.kind = "section"
    elif pats.end_markers.fullmatch(folded):
        line.kind = "end"
    elif pats.boilerplate.fullmatch(folded):
        line.kind = "boiler"
    elif (date := parse_dateline(text)) is not None:
        line.kind, line.date = "dateline", date
    elif line.words <= 14 and pats.source_lines.fullmatch(folded) and _names_a_source(text):
        line.kind = "source"
    elif is_caption_credit(text, folded):
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


def headline_shaped(text: str) -> bool:
    """One line that reads as a headline: at most 30 words, one sentence, no final stop."""
    words = len(text.split())
    if not 1 <= words <= HEADLINE_MAX_WORDS:
        return False
    if next(sentence_stops(text), None) is not None:  # two sentences
        return False
    return not (text.endswith(".") and not text.endswith(".."))


def sentence_stops(text: str) -> Iterator[re.Match[str]]:
    """The stops that end a sentence: after a word with a small letter or a digit, before a
    capital ("… 2020. Ông …"; "TP. Hồ Chí Minh", "TS. Lê" are one sentence). Group 2 is the
    next sentence's first letter."""
    for match in _SENTENCE_STOP.finditer(text):
        word, following = match.group(1), match.group(2)
        if following.isupper() and any(c.islower() or c.isdigit() for c in word):
            yield match


# --- outlet tags ------------------------------------------------------------------------

_TAG_PAREN = re.compile(r"^\(\s*([^():]{2,30}?)\s*\)\s*(?:[-–—]\s*)?(?=\S)")
_TAG_DASH = re.compile(
    r"^([A-ZĐ][A-ZĐ0-9.+&]{1,15}(?:\s[A-ZĐ][A-ZĐ0-9.+&]{1,15})?|[\w-]+\.(?:vn|com|net|org))"
    r"\s*[-–—]\s*(?=\S)"
)


def strip_outlet_tag(text: str, loose: bool = False) -> str | None:
    """The sapo without the outlet tag it opens with ("(Dân trí) - Giá vàng …", "TPO - …",
    "(NLĐO)- …", "(Chinhphu.vn) - …"); None when the line opens with no tag. ``loose``
    also takes a known outlet's name without brackets or dash ("Dân trí Giá vàng …")."""
    from .outlets import outlet_in_credit, outlets

    match = _TAG_PAREN.match(text)
    if match and len(match.group(1).split()) <= 3:
        inner = match.group(1)
        dashed = re.match(r"\s*[-–—]", text[match.end(1) :].lstrip(" )")) is not None
        if dashed or outlet_in_credit(inner) is not None:
            return text[match.end() :].strip() or None
    match = _TAG_DASH.match(text)
    if match and len(text) > match.end() + 20 and (
        "." in match.group(1) or outlet_in_credit(match.group(1)) is not None
    ):
        return text[match.end() :].strip()
    if loose:
        for outlet in outlets():
            for name in (outlet.name, *outlet.aliases):
                if text.startswith(name + " ") and text[len(name) + 1 : len(name) + 2].isupper():
                    return text[len(name) + 1 :].strip()
    return None


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


def _prev_content(lines: list[Line], i: int) -> int | None:
    for j in range(i - 1, -1, -1):
        if lines[j].kind not in ("blank", "alt", "dateline") and lines[j].key != lines[i].key:
            return j
    return None


def _teaser_head(ln: Line) -> bool:
    """A line that can head a related-article block: a headline, not a sentence."""
    if ln.kind == "headline":
        return True
    return ln.kind == "paragraph" and ln.words <= 30 and headline_shaped(ln.text)


def _is_teaser(lines: list[Line], i: int) -> bool:
    """A related-article block: a headline, then a truncated snippet ("… đồng thời ..."),
    then no more article (another teaser, furniture or the end). A sentence of the article
    that ends in "..." is not one: it follows a paragraph, or a paragraph follows it."""
    ln = lines[i]
    if ln.kind == "snippet":
        prev = _prev_content(lines, i)
        if prev is None or not _teaser_head(lines[prev]):
            return False
        snippet = i
    elif _teaser_head(ln):
        nxt = _next_content(lines, i)
        while nxt is not None and lines[nxt].key == ln.key:
            nxt = _next_content(lines, nxt)  # teasers repeat their headline as image alt text
        if nxt is None or lines[nxt].kind != "snippet":
            return False
        snippet = nxt
    else:
        return False
    after = _next_content(lines, snippet)
    return after is None or lines[after].kind != "paragraph"


def _body_start(lines: list[Line], title_index: int | None) -> int | None:
    start = 0 if title_index is None else title_index + 1
    for ln in lines[start:]:
        if ln.kind in ("paragraph", "snippet") and not _is_teaser(lines, ln.index):
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
        if ln.kind in ("paragraph", "snippet", "caption", "alt", "blank"):
            noise_run = 0
        else:
            noise_run += 1
            if noise_run >= _MAX_NOISE_RUN:
                return ln.index - noise_run + 1
    return len(lines)


LIST_ITEM = re.compile(r"^(?:[-–•+*]\s|[a-zđ]\)\s|\d{1,2}[.)]\s|\(\d{1,2}\)\s)")


def _body_lines(lines: list[Line], start: int, end: int) -> list[Line]:
    """What stays of lines[start:end]: paragraphs and sentences ending in "...", list items
    after a kept line, and sub-headings or list leads ("… gồm:") before one."""
    span = [ln for ln in lines[start:end] if ln.kind not in ("blank",)]
    keep = [ln.kind == "paragraph" or ln.kind == "snippet" for ln in span]
    candidate = [
        ln.kind == "headline" and not (ln.text.endswith(":") and ln.words < 3) for ln in span
    ]
    for i, ln in enumerate(span):  # list items continue a kept line
        if candidate[i] and LIST_ITEM.match(ln.text) and i and keep[i - 1]:
            keep[i] = True
    for i in range(len(span) - 2, -1, -1):  # a sub-heading or a lead sits before a kept line
        if candidate[i] and not keep[i] and keep[i + 1]:
            keep[i] = True
    return [ln for ln, k in zip(span, keep, strict=True) if k]


def analyse(text: str, title_hint: str | None = None) -> PageParts:
    lines = [classify(raw.strip(), i) for i, raw in enumerate(text.split("\n"))]
    parts = PageParts()
    title_index = _find_title(lines, title_hint)
    parts.title = lines[title_index].text if title_index is not None else title_hint
    _mark_title_repeats(lines, parts.title, title_index)
    _mark_repeated_captions(lines)
    start = _body_start(lines, title_index)
    if start is None:
        _collect_header(lines, parts, len(lines), title_index)
        return parts
    end = _body_end(lines, start)
    body = _body_lines(lines, start, end)
    parts.lede, body = _split_lede(body, lines[end:])
    parts.paragraphs = [ln.text for ln in body]
    _collect_header(lines, parts, start, title_index)
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


_BYLINE_REACH = 6


def _collect_header(
    lines: list[Line], parts: PageParts, start: int, title_index: int | None = None
) -> None:
    """Dateline, section and bylines above the body. A byline sits between the title and
    the body (or just above the body when the title was not found), alone: a run of
    name-like lines is a menu ("Chứng Khoán", "Bất Động Sản", …)."""
    content = [ln.index for ln in lines[:start] if ln.kind != "blank"]
    near = set(content[-_BYLINE_REACH:]) if title_index is None else set()
    for pos, ln in enumerate(lines[:start]):
        if ln.kind == "dateline" and parts.dateline is None:
            parts.dateline = ln
        elif ln.kind == "section" and parts.section is None:
            parts.section = section_of(ln.text)
        elif ln.kind == "byline":
            placed = ln.index > title_index if title_index is not None else ln.index in near
            if placed and not _in_menu(lines, pos, title_index):
                parts.bylines.append(ln.text)
        elif ln.kind not in ("blank", "boiler"):
            parts.header.append(ln.text)
    for ln in lines:
        if ln.kind == "source" or ln.kind == "agency":
            parts.source_lines.append(ln.text)


_MENU_RUN = 3


def _in_menu(lines: list[Line], i: int, title_index: int | None) -> bool:
    """The byline-looking line is one of a run of three or more short labels (a menu)."""

    def label(j: int | None) -> bool:
        return (j is not None and j != title_index and lines[j].words <= 4
                and lines[j].kind in ("byline", "headline", "short"))

    run = 1
    for step in (_prev_index, _next_content):
        j = step(lines, i)
        while label(j) and run < _MENU_RUN:
            run += 1
            j = step(lines, j)
    return run >= _MENU_RUN


def _prev_index(lines: list[Line], i: int) -> int | None:
    return next((j for j in range(i - 1, -1, -1) if lines[j].kind != "blank"), None)


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
