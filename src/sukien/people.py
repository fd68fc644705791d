"""People: names with the titles written around them, their country and Latin spelling.

Vietnamese news names officials in a few fixed ways, all handled here:

* title (+ qualifiers) + name: "Thứ trưởng Thường trực Bộ Ngoại giao Nguyễn Minh Vũ",
  "Phó Tỉnh trưởng tỉnh Quảng Đông Trương Quốc Trí", "Đại sứ Việt Nam tại Trung Quốc
  Phạm Thanh Bình"; several titles chained with commas ("Tổng Bí thư, Chủ tịch nước
  Trung Quốc Tập Cận Bình");
* honorific + name, titles after the name between commas: "đồng chí Nguyễn Minh Vũ,
  Ủy viên dự khuyết Trung ương Đảng, Thứ trưởng Thường trực Bộ Ngoại giao đã …";
* later short mentions: the name again with a shorter title, or the title alone
  ("Thứ trưởng đề nghị …"), tied to the person who last held that title.

The person's title is the most senior office among those seen (memberships such as
"Ủy viên Bộ Chính trị" rank below any office), written in its longest form. The
country comes from the title's own qualifiers (a place or country named in it, the
sending country in "X tại Y"), then the lexicon, then the name itself.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

from . import kb, titles
from .gazetteer import Match
from .intervals import SpanIndex
from .normalize import is_syllable
from .resources import read_toml

MAX_NAME_WORDS = 4


@dataclass(slots=True)
class TitleSpan:
    start: int
    end: int
    text: str
    qualifiers: list[Match] = field(default_factory=list)


@dataclass(slots=True)
class PersonMention:
    start: int
    end: int
    name: str
    titles: list[TitleSpan] = field(default_factory=list)
    chained: bool = False  # titles written before the name as one list ("A, B Name")
    resolved: bool = False


@cache
def surnames() -> dict[str, kb.Surname]:
    """Surnames by their lower-case spelling ("Thâm" is not "Thẩm")."""
    return {row.surname.lower(): row for row in kb.surnames()}


def surname(word: str) -> kb.Surname | None:
    return surnames().get(word.lower())


@cache
def _vocab() -> dict[str, tuple[str, ...]]:
    data = read_toml("entities.toml")
    honorifics = [name for row in kb.honorifics() if row.kind != "modifier"
                  for name in (row.honorific, *row.aliases)]
    return {
        "bridges": tuple(sorted(data["name_bridges"] + data["place_prefixes"], key=len,
                                reverse=True)),
        "honorifics": tuple(sorted({h.strip() for h in honorifics if h.strip()}, key=len,
                                   reverse=True)),
        "plural": tuple(data["plural_words"]),
    }


_WORD = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*")


def word_at(text: str, pos: int) -> re.Match[str] | None:
    return _WORD.match(text, pos)


def _skip_spaces(text: str, pos: int) -> int:
    while pos < len(text) and text[pos] == " ":
        pos += 1
    return pos


def _is_cap(word: str) -> bool:
    return word[:1].isupper()


def name_run(text: str, pos: int) -> list[tuple[int, int]]:
    """Capitalised words from ``pos`` on, separated by single spaces or hyphens."""
    tokens: list[tuple[int, int]] = []
    while True:
        match = word_at(text, pos)
        if not match or not _is_cap(match.group(0)):
            break
        tokens.append((match.start(), match.end()))
        nxt = match.end()
        if nxt < len(text) and text[nxt] == " " and nxt + 1 < len(text) and text[nxt + 1].isupper():
            pos = nxt + 1
            continue
        break
    return tokens


def _is_vietnamese(words: list[str]) -> bool:
    return all(is_syllable(w) for w in words)


def looks_like_name(words: list[str]) -> bool:
    if not words or len(words) > MAX_NAME_WORDS + 2:
        return False
    if _is_vietnamese(words):
        return 2 <= len(words) <= MAX_NAME_WORDS
    return all(w[:1].isupper() and not w.isupper() for w in words)


def split_name(text: str, run: list[tuple[int, int]]) -> int:
    """Index in ``run`` where the personal name starts (after an unknown place, say)."""
    words = [text[s:e] for s, e in run]
    if not _is_vietnamese(words) or len(words) <= MAX_NAME_WORDS - 1:
        return 0
    for k in range(len(words) - 2, -1, -1):
        if surname(words[k]) and 2 <= len(words) - k <= MAX_NAME_WORDS:
            best = k
            if k == 0 or not surname(words[k - 1]):
                return best
    return max(0, len(words) - 3)


def starts_name(text: str, pos: int, common_only: bool = False) -> tuple[int, int] | None:
    """A surname-initial personal name of 2–4 syllables starting exactly at ``pos``."""
    run = name_run(text, pos)
    words = [text[s:e] for s, e in run]
    family = surname(words[0]) if words else None
    if len(words) < 2 or family is None or not _is_vietnamese(words):
        return None
    if common_only and not (family.vn_common or family.cn_common):
        return None
    words = words[:MAX_NAME_WORDS]
    return run[0][0], run[len(words) - 1][1]


def _bridge_at(text: str, pos: int) -> int | None:
    lowered = text[pos : pos + 40].lower()
    for bridge in _vocab()["bridges"]:
        if lowered.startswith(bridge) and (len(lowered) == len(bridge)
                                           or not lowered[len(bridge)].isalnum()):
            return pos + len(bridge)
    match = re.match(r"(?:TP|Tp)\.\s?", text[pos:])
    return pos + match.end() if match else None


def read_qualifiers(ctx: Context, pos: int) -> tuple[int, list[Match]]:
    """Places, organisations and bridge words after a title: "tỉnh Quảng Đông", "Việt Nam tại …"."""
    text, gaz, orgs = ctx.text, ctx.gaz, ctx.orgs
    end, quals = pos, []
    cursor = pos
    while True:
        start = _skip_spaces(text, cursor)
        if start in orgs and not (start in gaz and gaz[start].end >= orgs[start]):
            quals += ctx.known.starting_in(start, orgs[start])
            cursor = end = orgs[start]
            continue
        if start in gaz and gaz[start].entry.type in ("LOC", "ORG"):
            quals.append(gaz[start])
            cursor = end = gaz[start].end
            continue
        bridge = _bridge_at(text, start)
        if bridge is not None and start > pos:
            cursor = bridge
            continue
        break
    return end, quals


def _titles_after_name(ctx: Context, pos: int) -> list[TitleSpan]:
    """", Ủy viên …, Phó Tỉnh trưởng tỉnh Quảng Đông, Trung Quốc" after a name."""
    text, gaz, heads = ctx.text, ctx.gaz, ctx.heads
    found: list[TitleSpan] = []
    while True:
        after = re.match(r"\s*,\s*", text[pos:])
        if not after:
            return found
        start = pos + after.end()
        if start in heads and _is_cap(text[start]):
            q_end, quals = read_qualifiers(ctx, heads[start])
            found.append(TitleSpan(start, q_end, text[start:q_end], quals))
            pos = q_end
            continue
        if found and start in gaz and gaz[start].entry.kind == "country":
            found[-1].qualifiers.append(gaz[start])  # ", Trung Quốc" closing a title
            pos = gaz[start].end
            continue
        return found


@dataclass(slots=True)
class Context:
    """One text field and what earlier passes found in it."""

    text: str
    gaz: dict[int, Match]
    orgs: dict[int, int]  # organisation spans found by head words: start → end
    heads: dict[int, int]  # title forms: start → end
    known: SpanIndex[Match]  # the gazetteer matches, for offset lookups


def find_people(text: str, gaz: dict[int, Match], orgs: list) -> list[PersonMention]:
    """People named in ``text``; ``orgs`` are organisation spans found by head words."""
    ctx = Context(text, gaz, {o.start: o.end for o in orgs}, dict(titles.heads_in(text)),
                  SpanIndex((m.start, m.end, m) for m in gaz.values()))
    found: list[PersonMention] = []
    taken_until = 0
    for start in sorted(set(ctx.heads) | set(_honorific_starts(text))):
        if start < taken_until or ctx.known.covers(start, strictly_after_start=True):
            continue  # "Hội nghị Bộ trưởng Ngoại giao ASEAN" names a meeting, not a person
        mention = _person_at(ctx, start)
        if mention is not None:
            found.append(mention)
            taken_until = mention.end
    for org_end in sorted(ctx.orgs.values()):
        span = starts_name(text, _skip_spaces(text, org_end))
        if span and all(not (m.start <= span[0] < m.end) for m in found):
            found.append(PersonMention(span[0], span[1], text[span[0]:span[1]]))
    return sorted(found, key=lambda m: m.start)


@cache
def _honorific_pattern() -> re.Pattern[str]:
    alternation = "|".join(re.escape(h) for h in _vocab()["honorifics"])
    return re.compile(rf"(?<![\w.])(?:{alternation})(?=\s+[A-ZĐÀ-Ỹ])")


def _honorific_starts(text: str) -> dict[int, int]:
    return {m.start(): m.end() for m in _honorific_pattern().finditer(text)}


def _qualifiers_in(ctx: Context, start: int, end: int) -> list[Match]:
    return [m for m in ctx.known.starting_in(start, end) if m.entry.type in ("LOC", "ORG")]


def find_name(ctx: Context, pos: int,
              skip: bool = True) -> tuple[list[tuple[int, int]], int] | None:
    """The name after a title: its words, and where the title's own words end.

    Between the title and the name may stand places, organisations, bridge words and
    capitalised qualifiers ("Thường trực", "Quốc vụ khanh phụ trách Thương mại và Công
    nghiệp Ấn Độ"); a run of two or more capitalised Vietnamese syllables, or of
    Title-case foreign words, is the name.
    """
    text, stop = ctx.text, _stop_words()
    cursor, words_skipped, open_portfolio, after_capital = pos, 0, False, False
    while cursor < len(text) and words_skipped <= 12:
        start = _skip_spaces(text, cursor)
        if start >= len(text) or not (text[start].isalnum() or text[start] in "“\""):
            return None
        if start in ctx.orgs or start in ctx.gaz:
            if not skip:
                return None
            cursor = max(ctx.orgs.get(start, 0), ctx.gaz[start].end if start in ctx.gaz else 0)
            after_capital, words_skipped = False, words_skipped + 1
            continue
        if text[start : start + 9].lower() == "phụ trách":
            cursor, open_portfolio = start + 9, True
            continue
        bridge = _bridge_at(text, start)
        if bridge is not None and skip:
            cursor, after_capital = bridge, False
            continue
        word = word_at(text, start)
        if word is None:
            return None
        w = word.group(0)
        if w[0].isupper():
            run = name_run(text, start)
            words = [text[s:e] for s, e in run]
            vietnamese = _is_vietnamese(words)
            if (vietnamese and len(words) >= 2) or (not vietnamese and looks_like_name(words)):
                k = split_name(text, run)
                run = run[k:][:MAX_NAME_WORDS if _is_vietnamese(words) else 6]
                if looks_like_name([text[s:e] for s, e in run]):
                    return run, run[0][0]
            if not skip:
                return None
            cursor, after_capital = word.end(), True
        elif skip and (after_capital or open_portfolio) and not stop_phrase(text, start, stop):
            cursor = word.end()
        else:
            return None
        words_skipped += 1
    return None


def _person_at(ctx: Context, start: int) -> PersonMention | None:
    text, heads = ctx.text, ctx.heads
    honorific = _honorific_starts(text[start : start + 40]).get(0)
    if start in heads and _is_cap(text[start]):
        title_start = start
    elif honorific:
        after = _skip_spaces(text, start + honorific)
        if after not in heads:  # "đồng chí Trần Cương"
            found = find_name(ctx, after, skip=False)
            return _mention(ctx, found, []) if found else None
        title_start = after  # "đồng chí Thứ trưởng …"
    else:
        return None
    chain: list[TitleSpan] = []
    pos = heads[title_start]
    while True:
        found = find_name(ctx, pos)
        if found:
            end = found[1]
            while end > title_start and text[end - 1] == " ":
                end -= 1
            chain.append(TitleSpan(title_start, end, text[title_start:end],
                                   _qualifiers_in(ctx, title_start, end)))
            return _mention(ctx, found, chain)
        q_end, quals = read_qualifiers(ctx, pos)
        chain.append(TitleSpan(title_start, q_end, text[title_start:q_end], quals))
        after = re.match(r"\s*,\s*", text[q_end:])
        if after and q_end + after.end() in heads:
            title_start = q_end + after.end()
            pos = heads[title_start]
            continue
        if _plural_around(text, chain[0].start, q_end) or _inside_known_name(ctx, start):
            return None
        return _title_only(chain)


def _mention(ctx: Context, found: tuple[list[tuple[int, int]], int],
             chain: list[TitleSpan]) -> PersonMention | None:
    run = found[0]
    if _inside_known_name(ctx, run[0][0]):
        return None
    words = [ctx.text[s:e] for s, e in run]
    mention = PersonMention(run[0][0], run[-1][1], " ".join(words), chain,
                            chained=len(chain) > 1)
    mention.titles += _titles_after_name(ctx, run[-1][1])
    return mention


@cache
def _stop_words() -> frozenset[str]:
    return frozenset(read_toml("entities.toml")["stop_words"])


def stop_phrase(text: str, start: int, stop: frozenset[str]) -> bool:
    lowered = text[start : start + 24].lower()
    return any(lowered.startswith(w) and (len(lowered) == len(w) or not lowered[len(w)].isalnum())
               for w in stop)


def _plural_around(text: str, start: int, end: int) -> bool:
    before = text[max(0, start - 12) : start].split()
    after = text[end : end + 12].split()
    plural = _vocab()["plural"]
    return bool((before and before[-1].lower() in plural) or (after and after[0].lower() in plural))


def _inside_known_name(ctx: Context, pos: int) -> bool:
    return ctx.known.covers(pos)


def _title_only(chain: list[TitleSpan]) -> PersonMention | None:
    if not chain or len(chain) > 1:
        return None
    title = chain[0]
    return PersonMention(title.start, title.end, "", [title], resolved=True)


# --- per-person decisions -------------------------------------------------------------------


def best_title(spans: list[TitleSpan], chained_texts: list[str]) -> str | None:
    """The most senior office, longest form; a chain written before the name stays whole."""
    candidates = [t.text.strip(" ,") for t in spans if not titles.is_membership(t.text)]
    candidates += chained_texts
    if not candidates:
        candidates = [t.text.strip(" ,") for t in spans]
    if not candidates:
        return None
    return max(candidates, key=lambda t: (titles.rank(t.split(",")[0]), len(t)))


def country_of(spans: list[TitleSpan], name: str) -> str | None:
    for span in spans:  # a place or country named in the title itself
        sending = _sending_country(span)
        if sending:
            return sending
    for span in spans:
        for qualifier in span.qualifiers:
            if qualifier.entry.type == "ORG" and qualifier.entry.country:
                return qualifier.entry.country
    for span in spans:
        hint = titles.country_hint(span.text)
        if hint:
            return hint
    return _country_from_name(name)


def _sending_country(span: TitleSpan) -> str | None:
    places = [q for q in span.qualifiers if q.entry.type == "LOC" and q.entry.country]
    if not places:
        return None
    tai = re.search(r"\btại\b", span.text)
    if tai:
        before = [q for q in places if q.start < span.start + tai.start()]
        if before:
            return before[0].entry.country
    return places[0].entry.country


def _country_from_name(name: str) -> str | None:
    words = name.split()
    if not words or not _is_vietnamese(words):
        return None
    family = surname(words[0])
    if family and family.cn_common and not family.vn_common:
        return "CN"
    return "VN"
