"""The lexicon of official titles (``data/kb/titles.tsv``) and how to read one.

Titles are found by their fixed forms ("Thứ trưởng Thường trực", "Phó Tỉnh trưởng",
"Tổng Lãnh sự"); the qualifiers that follow (a ministry, a province, "Việt Nam tại
Quảng Châu") are read by the entity stage. To render a title in English the
qualifiers are replaced by slots ("Phó Tỉnh trưởng tỉnh {PLACE}") and the template
with the same slots gives the English form ("Vice Governor of {PLACE} Province").
"""

from __future__ import annotations

import re
from functools import cache, lru_cache

import ahocorasick

from . import gazetteer, kb
from .gazetteer import Match
from .normalize import fold
from .resources import read_toml

TitleRow = kb.Title


def rows() -> tuple[TitleRow, ...]:
    return kb.titles()


@lru_cache(maxsize=8192)
def _key(text: str) -> str:
    return " ".join(text.lower().split())


@cache
def templates() -> dict[str, tuple[TitleRow, ...]]:
    table: dict[str, list[TitleRow]] = {}
    for row in rows():
        table.setdefault(_key(row.title_vi), []).append(row)
    return {k: tuple(v) for k, v in table.items()}


@cache
def _heads() -> ahocorasick.Automaton:
    automaton = ahocorasick.Automaton()
    for key in templates():
        if "{" not in key:
            automaton.add_word(key, key)
    automaton.make_automaton()
    return automaton


@cache
def ministry_names() -> dict[str, str]:
    table: dict[str, str] = {}
    for row in kb.ministry_names():
        for name in (row.name_vi, *row.aliases_vi):
            table.setdefault(_key(name), row.name_en)
    return table


@cache
def membership_prefixes() -> tuple[str, ...]:
    return tuple(_key(p) for p in read_toml("entities.toml")["membership_prefixes"])


def is_membership(title: str) -> bool:
    return _key(_office(title)).startswith(membership_prefixes())


@cache
def grades() -> frozenset[str]:
    return frozenset(_key(g) for g in read_toml("entities.toml")["grades"])


def _without_grades(chain: str) -> str:
    """"Tham mưu trưởng hải quân Indonesia, Đô đốc": the chain's offices without its grade."""
    return ", ".join(part for part in chain.split(", ") if not is_grade(part))


def is_grade(title: str) -> bool:
    """A bare military or police grade ("Thượng tướng"), which holds no office."""
    return _key(_office(title)) in grades()


@cache
def _vetoes() -> re.Pattern[str]:
    words = read_toml("entities.toml")["title_vetoes"]
    return re.compile("|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)))


def heads_in(text: str) -> list[tuple[int, int]]:
    """Spans of fixed title forms in ``text``, longest at each start, capitalised first letter;
    not the words of ``title_vetoes`` ("nhà văn hóa")."""
    lowered = gazetteer.lower(text)
    best: dict[int, int] = {}
    for end_index, key in _heads().iter(lowered):
        start, end = end_index - len(key) + 1, end_index + 1
        if (start > 0 and text[start - 1].isalnum()) or (end < len(text) and text[end].isalnum()):
            continue
        if best.get(start, 0) < end:
            best[start] = end
    return _unvetoed(lowered, best)


def _unvetoed(lowered: str, best: dict[int, int]) -> list[tuple[int, int]]:
    veto = _vetoes()
    return sorted((s, e) for s, e in best.items() if not veto.match(lowered, s))


@cache
def _names_and_heads() -> ahocorasick.Automaton:
    """The knowledge base's names and the lexicon's fixed title forms in one automaton:
    key → (key, the names' (surface, entry) pairs, whether it is a title form)."""
    names = gazetteer.table()
    heads = {k for k in templates() if "{" not in k}
    automaton = ahocorasick.Automaton()
    for key in names.keys() | heads:
        automaton.add_word(key, (key, names.get(key, ()), key in heads))
    automaton.make_automaton()
    return automaton


def names_and_heads(text: str) -> tuple[list[Match], list[tuple[int, int]]]:
    """:func:`sukien.gazetteer.find` and :func:`heads_in` in one pass over ``text``."""
    lowered = gazetteer.lower(text)
    size = len(text)
    candidates: list[Match] = []
    best: dict[int, int] = {}
    for end_index, (key, values, head) in _names_and_heads().iter(lowered):
        end = end_index + 1
        start = end - len(key)
        if values and gazetteer.bounded(text, start, end, size):
            match = gazetteer.accept(text, start, end, values)
            if match is not None:
                candidates.append(match)
        if head and best.get(start, 0) < end and not (start > 0 and text[start - 1].isalnum()) \
                and not (end < size and text[end].isalnum()):
            best[start] = end
    return gazetteer.national_bodies(text, gazetteer.choose(candidates)), _unvetoed(lowered, best)


def rank(title: str) -> int:
    """Rank of the most senior lexicon title this title starts with."""
    return _rank(_key(title))


@cache
def _fixed() -> dict[str, tuple[TitleRow, ...]]:
    """The lexicon's titles without slots, by key."""
    return {k: rows for k, rows in templates().items() if "{" not in k}


def _prefixes(key: str, stops: str = " ,") -> list[str]:
    """``key`` and its prefixes that end before one of ``stops``, longest first."""
    return [key] + [key[:i] for i in range(len(key) - 1, 0, -1) if key[i] in stops]


@lru_cache(maxsize=4096)
def _rank(key: str) -> int:
    fixed = _fixed()
    return max((r.rank for p in _prefixes(key) for r in fixed.get(p, ())), default=0)


def country_hint(title: str) -> str | None:
    """The country the lexicon ties a fixed title to, when it names exactly one."""
    hints = {r.country_hint for r in templates().get(_key(title), ())}
    return hints.pop() if len(hints) == 1 and None not in hints else None


def _slot_for(match: Match) -> tuple[str, str | None]:
    entry = match.entry
    if entry.type == "LOC":
        if entry.kind == "country":
            return "{COUNTRY}", entry.name_en
        long_form = len(match.surface) > len(entry.canonical) and entry.name_en_full
        return "{PLACE}", (entry.name_en_full if long_form else entry.name_en)
    if entry.type == "ORG":
        rest = _key(match.surface)
        if rest.startswith("bộ ") and rest[3:] in ministry_names():
            return "Bộ {MINISTRY}", ministry_names()[rest[3:]]
        return "{ORG}", entry.name_en
    return "{MISC}", entry.name_en


def render_english(title: str, matches: list[Match], country: str | None) -> str | None:
    """English form of one title, its qualifiers ``matches`` given as offsets into it."""
    direct = templates().get(_key(title))
    if direct:
        return _pick(direct, country).title_en
    template, values = title, []
    full_names: list[str] = []
    for match in sorted(matches, key=lambda m: m.start, reverse=True):
        slot, english = _slot_for(match)
        template = template[: match.start] + slot + template[match.end :]
        values.insert(0, (slot.replace("Bộ ", ""), english or match.surface))
        if slot == "{PLACE}":
            full_names.insert(0, match.entry.name_en_full or english or match.surface)
    template = re.sub(r"\s*\((?:[^)]*)\)\s*$", "", template)
    numbered = _number_slots(template)
    rows_ = templates().get(_key(numbered))
    if rows_:
        english = _pick(rows_, country).title_en
        for full in full_names:
            english = english.replace("{PLACE_FULL}", full, 1)
        for slot, value in _numbered_values(values):
            english = english.replace(slot, value, 1)
        return english
    return _fallback(title, values, country)


def _number_slots(template: str) -> str:
    seen: dict[str, int] = {}

    def repl(m: re.Match[str]) -> str:
        seen[m.group(1)] = seen.get(m.group(1), 0) + 1
        n = seen[m.group(1)]
        return "{" + m.group(1) + (str(n) if n > 1 else "") + "}"

    return re.sub(r"\{([A-Z]+)\}", repl, template)


def _numbered_values(values: list[tuple[str, str]]) -> list[tuple[str, str]]:
    seen: dict[str, int] = {}
    out = []
    for slot, value in values:
        seen[slot] = seen.get(slot, 0) + 1
        n = seen[slot]
        out.append((slot[:-1] + (str(n) if n > 1 else "") + "}", value))
    return out


def _pick(candidates: tuple[TitleRow, ...], country: str | None) -> TitleRow:
    for row in candidates:
        if row.country_hint == country:
            return row
    for row in candidates:
        if row.country_hint is None:
            return row
    return candidates[0]


def _fallback(title: str, values: list[tuple[str, str]], country: str | None) -> str | None:
    """The longest lexicon title the title starts with, plus its qualifiers in English."""
    fixed = _fixed()
    best = next((p for p in _prefixes(_key(title), " ") if p in fixed), None)
    if best is None:
        return None
    head = _pick(templates()[best], country).title_en
    extras = [v for _, v in values if fold(v) not in fold(head)]
    return f"{head} ({', '.join(extras)})" if extras else head


# --- a person's titles ----------------------------------------------------------------------


def best_title(spans: list, chained_texts: list[str]) -> str | None:
    """The most senior office among the title spans, longest form; a chain written before the
    name stays whole ("Tổng Bí thư, Chủ tịch nước Trung Quốc"); a membership or a bare grade
    only when no office is written."""
    candidates = [t.text for t in spans if not is_membership(t.text) and not is_grade(t.text)]
    candidates += [c for c in map(_without_grades, chained_texts) if c]
    if not candidates:
        candidates = [t.text for t in spans if not is_membership(t.text)] + chained_texts
    if not candidates:
        candidates = [t.text for t in spans]
    if not candidates:
        return None
    return max(candidates, key=lambda t: (rank(_office(t).split(",")[0]), len(t)))


def _office(title: str) -> str:
    """The title without a modifier ("cựu Tổng thống" ranks as "Tổng thống")."""
    words = title.split(" ", 1)
    if len(words) == 2 and words[0].lower() in _modifiers():
        return words[1]
    return title


@cache
def _modifiers() -> frozenset[str]:
    return frozenset(r.honorific.lower() for r in kb.honorifics() if r.kind == "modifier")


def kind_and_rank(title: str | None) -> tuple[str | None, int | None]:
    """The kind ("state", "government", …) and seniority of the office a title opens with."""
    if not title:
        return None, None
    return _kind_and_rank(_key(_office(title).split(",")[0]))


@lru_cache(maxsize=4096)
def _kind_and_rank(office: str) -> tuple[str | None, int | None]:
    fixed = _fixed()
    longest = next((p for p in _prefixes(office, " ") if p in fixed), None)
    if longest is None:
        return None, None
    return max(fixed[longest], key=lambda r: r.rank).kind, _rank(office)


def country_of(spans: list, name: str) -> str | None:
    """The country a title names (a place or country in it, the sending country in "X tại
    Y", an organisation's country), then the one the title lexicon implies, then the name's."""
    for span in spans:
        sending = _sending_country(span)
        if sending:
            return sending
    for span in spans:
        for qualifier in span.qualifiers:
            if qualifier.entry.type == "ORG" and qualifier.entry.country:
                return qualifier.entry.country
    for span in spans:
        hint = country_hint(span.text)
        if hint:
            return hint
    return _country_from_name(name)


def _sending_country(span) -> str | None:
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
    from .normalize import is_syllable

    words = name.split()
    if not words or not all(is_syllable(w) for w in words) or len(words) < 2:
        return None
    family = _surnames().get(words[0].lower())
    if family is None:
        return None
    if family.cn_common and not family.vn_common:
        return "CN"
    return "VN"


@cache
def _surnames() -> dict[str, kb.Surname]:
    return {row.surname.lower(): row for row in kb.surnames()}


def role_text(role) -> str:
    """"Tổng thống Mỹ (2017–2021)" for a lexicon role."""
    if role.start is None:
        return role.title
    if role.end == role.start:
        return f"{role.title} ({role.start})"
    return f"{role.title} ({role.start}–{role.end or ''})"
