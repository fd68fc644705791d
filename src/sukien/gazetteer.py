"""One-pass gazetteer matching over the knowledge base in ``data/kb``.

Every name and alias of every country, place, organisation and agreement goes
into one Aho–Corasick automaton keyed on lower-cased text, so a document is
scanned once whatever the size of the knowledge base. A hit counts only on word
boundaries and when every capitalised word of the name is capitalised in the
text too ("Anh" the country, not "anh" the pronoun; "Pháp", not "pháp luật").
For text written without diacritics a second automaton keyed on folded text is
used instead.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

import ahocorasick

from . import kb
from .normalize import fold
from .resources import read_toml

_TYPE_PRIORITY = {"LOC": 0, "ORG": 1, "MISC": 2}


@dataclass(slots=True, frozen=True)
class Entry:
    type: str  # LOC | ORG | MISC
    canonical: str
    name_en: str | None
    country: str | None
    kind: str | None
    acronym: str | None = None
    parent: str | None = None
    name_en_full: str | None = None


@dataclass(slots=True, frozen=True)
class Match:
    start: int
    end: int
    surface: str
    entry: Entry


@cache
def entries() -> tuple[tuple[str, Entry], ...]:
    """(surface form, entry) for every name the knowledge base knows."""
    out: list[tuple[str, Entry]] = []
    for country in kb.countries():
        entry = Entry("LOC", country.name_vi, country.name_en, country.iso2, "country")
        ambiguous = set(country.ambiguous_vi)
        out += [(s, entry) for s in country.names if s not in ambiguous]
    for place in kb.places():
        entry = Entry("LOC", place.name_vi, place.name_en, place.country, place.kind,
                      parent=place.parent, name_en_full=place.name_en_full)
        out += [(s, entry) for s in place.names]
    for org in kb.organizations():
        if kb.SLOT_RE.search(org.name_vi):
            continue  # compositional patterns, not names
        entry = Entry("ORG", org.name_vi, org.name_en, org.country, org.kind, acronym=org.acronym)
        out += [(s, entry) for s in (*org.names, *([org.acronym] if org.acronym else []))]
    for item in kb.misc():
        entry = Entry("MISC", item.name_vi, item.name_en, None, item.kind, acronym=item.acronym)
        out += [(s, entry) for s in (*item.names, *([item.acronym] if item.acronym else []))]
    return tuple(out)


@cache
def by_canonical() -> dict[str, Entry]:
    table: dict[str, Entry] = {}
    for _, entry in entries():
        table.setdefault(entry.canonical, entry)
    return table


def lower(text: str) -> str:
    """Lower case with the offsets of ``text`` kept (a letter whose lower case is longer stays)."""
    return _lower(text)


def _lower(text: str) -> str:
    lowered = text.lower()
    if len(lowered) == len(text):
        return lowered
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in text)


@cache
def _automaton(folded: bool) -> ahocorasick.Automaton:
    automaton = ahocorasick.Automaton()
    for key, values in table(folded).items():
        automaton.add_word(key, (key, values))
    automaton.make_automaton()
    return automaton


def _is_word_char(ch: str) -> bool:
    return ch.isalnum() or ch == "_"


def _capitals_agree(surface: str, written: str) -> bool:
    """Capitalised words of the name are capitalised in the text; the first word of a longer
    name may be written lower-case ("thành phố Hồ Chí Minh", "tiểu vùng Mekong"), and so may
    the inner words of a long one ("Đại hội Đại biểu nhân dân toàn quốc"); an acronym is
    written in capitals ("NAM", never the given name "Nam")."""
    if written == surface:
        return True
    if len(surface) >= 2 and surface.isupper() and not written.isupper():
        return False
    pairs = list(zip(surface.split(), written.split(), strict=False))
    for index, (want, got) in enumerate(pairs):
        if want[0].isupper() and not got[0].isupper():
            if index == 0 and len(pairs) > 1 and any(w[0].isupper() for w, _ in pairs[1:]):
                continue
            if len(pairs) >= 4 and 2 <= index < len(pairs) - 1:
                continue
            return False
    return True


def table(folded: bool = False) -> dict[str, tuple[tuple[str, Entry], ...]]:
    """Every key of the automaton (lower-case or folded name) and its (surface, entry) pairs,
    the place first."""
    out: dict[str, list[tuple[str, Entry]]] = {}
    for surface, entry in entries():
        key = fold(surface) if folded else _lower(surface)
        if len(key) >= 2:
            out.setdefault(key, []).append((surface, entry))
    for values in out.values():
        values.sort(key=lambda v: _TYPE_PRIORITY[v[1].type])
    return {k: tuple(v) for k, v in out.items()}


def find(text: str, folded: bool = False) -> list[Match]:
    """Longest non-overlapping knowledge-base names in ``text``, left to right."""
    haystack = fold(text) if folded else _lower(text)
    candidates: list[Match] = []
    size = len(text)
    for end_index, (key, values) in _automaton(folded).iter(haystack):
        end = end_index + 1
        start = end - len(key)
        if not bounded(text, start, end, size):
            continue
        match = accept(text, start, end, values, folded)
        if match is not None:
            candidates.append(match)
    return national_bodies(text, choose(candidates))


# Bodies every state has, whose bare name means Vietnam's ("Bộ Ngoại giao", "Chính phủ").
NATIONAL_KINDS = frozenset({"ministry", "government", "military"})


def national_bodies(text: str, matches: list[Match]) -> list[Match]:
    """"Bộ Ngoại giao Nga", "Chính phủ Nhật Bản", "Quốc hội Séc": a body every state has,
    named with another country right after it, is that country's body (the knowledge base
    holds Vietnam's under the bare name)."""
    matches = _with_state_bodies(text, matches)
    out: list[Match] = []
    skip_to = -1
    for match in matches:
        if match.start < skip_to:
            continue  # the country named inside the body
        entry = match.entry
        if entry.type == "ORG" and entry.country == "VN" and entry.kind in NATIONAL_KINDS \
                and "Việt Nam" not in entry.canonical:
            found = _country_after(text, match.end)
            if found is not None and found[1].iso2 != "VN":
                end, country = found
                match = Match(match.start, end, text[match.start : end], Entry(
                    "ORG", f"{entry.canonical} {country.name_vi}",
                    _english(entry.name_en, country.name_en), country.iso2, entry.kind))
                skip_to = end
        out.append(match)
    return out


def _with_state_bodies(text: str, matches: list[Match]) -> list[Match]:
    """"Quân đội Mỹ", "Lực lượng Bảo vệ bờ biển Philippines", "Đại sứ quán Nga tại Séc": a
    state's armed forces or mission, named by a head word and the country right after it (a
    mission then where it sits); what the gazetteer found inside is not separate ("Biển
    Philippines" is no sea there)."""
    heads = _state_body_heads()
    if not heads.search(text):
        return matches
    found: list[Match] = []
    seats: list[Match] = []  # where a mission sits stays a place of its own
    for head in heads.finditer(text):
        country = _country_after(text, head.end())
        if country is None:
            continue
        end, state = country
        kind, written, english = _state_bodies()[head.group(0).lower()]
        name_vi, name_en = f"{written} {state.name_vi}", f"{english} of {state.name_en}"
        seat = _seat_after(text, end, matches) if kind == "embassy" else None
        if seat is not None:
            seats += [m for m in matches if end < m.start and m.end == seat[0]]
            end = seat[0]
            name_vi += f" tại {seat[1]}"
            name_en += f" in {seat[2]}"
        found.append(Match(head.start(), end, text[head.start() : end], Entry(
            "ORG", name_vi, name_en, state.iso2, kind)))
    if not found:
        return matches
    kept = [m for m in matches if m in seats
            or not any(f.start < m.end and m.start < f.end for f in found)]
    return sorted(kept + found, key=lambda m: (m.start, -m.end))


def _seat_after(text: str, end: int, matches: list[Match]) -> tuple[int, str, str] | None:
    """The place a mission sits, right after "tại" or "ở" ("… tại Hà Nội", "… tại Mỹ"): its
    end, Vietnamese and English names."""
    at = re.match(r" (?:tại|ở)(?= )", text[end:])
    if at is None:
        return None
    place = next((m for m in matches if m.start == end + at.end() + 1
                  and m.entry.type == "LOC"), None)
    if place is not None:
        return place.end, place.entry.canonical, place.entry.name_en or place.entry.canonical
    country = _country_after(text, end + at.end())
    if country is not None:
        return country[0], country[1].name_vi, country[1].name_en
    return None


@cache
def _state_bodies() -> dict[str, tuple[str, str, str]]:
    """Head word (lower case) → kind, the one spelling names take, English name."""
    data = read_toml("entities.toml")
    found: dict[str, tuple[str, str, str]] = {}
    for kind, table in (("military", data["armed_forces"]), ("embassy", data["missions"])):
        for head, english in table.items():
            found.setdefault(head.lower(), (kind, head, english))
    return found


@cache
def _state_body_heads() -> re.Pattern[str]:
    data = read_toml("entities.toml")
    heads = sorted([*data["armed_forces"], *data["missions"]], key=len, reverse=True)
    return re.compile(r"(?<!\w)(?:" + "|".join(re.escape(h) for h in heads) + r")(?=\s)")


def _english(body: str | None, country: str) -> str | None:
    if not body:
        return None
    return f"{_body_names().get(body, body)} of {country}"


@cache
def _body_names() -> dict[str, str]:
    return dict(read_toml("entities.toml")["national_body_en"])


@cache
def _country_names() -> tuple[tuple[str, kb.Country], ...]:
    """Every written form of every country, longest first (the ambiguous ones too: after a
    body's name "Nga" and "Anh" are countries)."""
    names = [(name, c) for c in kb.countries() for name in {*c.names, *c.ambiguous_vi}]
    return tuple(sorted(names, key=lambda n: -len(n[0])))


@cache
def _country_pattern() -> tuple[re.Pattern[str], dict[str, kb.Country]]:
    names = dict(_country_names())
    alternation = "|".join(re.escape(n) for n in names)  # longest first: _country_names order
    return re.compile(rf" ({alternation})(?![\w])"), names


def _country_after(text: str, end: int) -> tuple[int, kb.Country] | None:
    if not text.startswith(" ", end):
        return None
    pattern, names = _country_pattern()
    found = pattern.match(text, end)
    if found is None:
        return None
    name, country, stop = found.group(1), names[found.group(1)], found.end()
    if name in country.ambiguous_vi and text[stop + 1 : stop + 2].isupper():
        return None  # "Anh Tuấn": a given name, not the United Kingdom
    return stop, country


def bounded(text: str, start: int, end: int, size: int) -> bool:
    """``text[start:end]`` is whole words."""
    if start > 0 and ((before := text[start - 1]).isalnum() or before == "_"):
        return False
    return not (end < size and ((after := text[end]).isalnum() or after == "_"))


def accept(text: str, start: int, end: int, values: tuple[tuple[str, Entry], ...],
           folded: bool = False) -> Match | None:
    """The match of the first entry whose capitals the written form agrees with."""
    written = text[start:end]
    for surface, entry in values:
        if folded or _capitals_agree(surface, written):
            return Match(start, end, written, entry)
    return None


def choose(candidates: list[Match]) -> list[Match]:
    """Longest non-overlapping candidates, and the bodies and countries named inside an
    agreement or a meeting."""
    chosen = _longest_first(candidates)
    # "Hiến chương Liên hợp quốc" is an agreement that also names an organisation;
    # "Hội nghị … ASEAN - Trung Quốc" a meeting that names its two sides.
    for outer in [m for m in chosen if m.entry.type == "MISC"]:
        inner = [c for c in candidates if (c.entry.type == "ORG" or c.entry.kind == "country")
                 and outer.start <= c.start and c.end <= outer.end and c is not outer]
        chosen += _longest_first(inner)
    return sorted(chosen, key=lambda m: (m.start, -m.end))


def _longest_first(candidates: list[Match]) -> list[Match]:
    """Leftmost-longest: "Vân Nam Dương Á Lâm" is Vân Nam, not Nam Dương."""
    ordered = sorted(candidates, key=lambda m: (m.start, -(m.end - m.start)))
    chosen: list[Match] = []
    last_end = -1
    for match in ordered:
        if match.start >= last_end:
            chosen.append(match)
            last_end = match.end
    return chosen
