"""Stage ``entities``: people, organisations, places and agreements, with offsets.

For each text field of the article (title, lede, body, captions) the fast path runs:

1. the knowledge-base gazetteer, one Aho–Corasick pass (:mod:`sukien.gazetteer`);
2. organisation and agreement names by their head words ("Bộ …", "Công ty TNHH …",
   "Hiệp định …") where the gazetteer knows nothing, and "Long Name (ACRONYM)";
3. people by titles, honorifics and names (:mod:`sukien.people`).

Mentions of the same thing are merged into one :class:`~sukien.record.Entity`
(same knowledge-base entry, same name, an acronym and its expansion, a title-only
mention and the person who holds that title). No statistical model is needed;
underthesea is only used by the benchmark, for comparison.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

from . import gazetteer, hanviet, people, titles
from .gazetteer import Match
from .intervals import SpanIndex
from .normalize import alternation, fold
from .record import Document, Entity, Mention
from .resources import read_toml
from .sentences import sentence_at
from .titles import render_english

_ACRONYM = re.compile(r"\(\s*([A-ZĐ][A-ZĐ0-9&.\-]{1,11})\s*\)")


@dataclass(slots=True)
class Span:
    start: int
    end: int
    type: str
    text: str
    acronym: str | None = None


@dataclass(slots=True)
class _Builder:
    """Entities being assembled from the mentions of one document."""

    by_key: dict[str, Entity] = field(default_factory=dict)
    people: list[tuple[Entity, list[people.TitleSpan], list[str]]] = field(default_factory=list)

    def add(self, key: str, make, mention: Mention) -> Entity:
        entity = self.by_key.get(key)
        if entity is None:
            entity = self.by_key[key] = make()
        entity.mentions.append(mention)
        if mention.text and mention.text not in entity.aliases and mention.text != entity.canonical:
            entity.aliases.append(mention.text)
        return entity


@dataclass(slots=True, frozen=True)
class _Heads:
    by_type: tuple[tuple[str, re.Pattern[str]], ...]  # MISC, LOC, ORG head words
    stop: frozenset[str]


@cache
def _heads() -> _Heads:
    data = read_toml("entities.toml")

    def pattern(words: list[str]) -> re.Pattern[str]:
        return re.compile(rf"(?<![\w])(?:{alternation(words)})(?![\w])")

    by_type = (("MISC", pattern(data["misc_heads"])), ("LOC", pattern(data["place_heads"])),
               ("ORG", pattern(data["org_heads"])))
    return _Heads(by_type, frozenset(data["stop_words"]))


def _head_matches(text: str) -> list[tuple[re.Match[str], str]]:
    found = [(m, kind) for kind, pattern in _heads().by_type for m in pattern.finditer(text)]
    return [(m, kind) for m, kind in found if text[m.start()].isupper()]


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-")


# --- organisations and agreements by head word -------------------------------------------


_LIST_IN_NAME = re.compile(r",\s+(?:[A-ZĐÀ-Ỹ][^\s,;.()]*\s+(?:[a-zđà-ỹ]+\s+)?){1,3}và\s+[A-ZĐÀ-Ỹ]")
_PAIR_IN_NAME = re.compile(r"\s*[-–]\s*")


def _joins_name(text: str, pos: int) -> bool:
    """After "và": a capitalised word that does not open another name or a title."""
    start = pos + 1 if text[pos : pos + 1] == " " else pos
    if not text[start : start + 1].isupper():
        return False
    window = text[start : start + 40]
    if any(m.start() == 0 for m, _ in _head_matches(window)):
        return False
    return not any(s == 0 for s, _ in titles.heads_in(window))


def _foreign_name_follows(text: str, pos: int) -> bool:
    run = people.name_run(text, _skip(text, pos))
    words = [text[s:e] for s, e in run]
    return bool(words) and people.looks_like_name(words)


def _skip(text: str, pos: int) -> int:
    while pos < len(text) and text[pos] == " ":
        pos += 1
    return pos


def _extent(text: str, pos: int, gaz: dict[int, Match], stop: frozenset[str]) -> int | None:
    """End of the name that starts with a head word ending at ``pos``, or None.

    Inside a name every word is capitalised ("Giao thông Vận tải"), except the second
    syllable of a capitalised word ("Ngoại giao") and short lower-case links before the
    next capitalised word ("Ủy ban liên Chính phủ", "Đầu tư liên hợp Thâm Việt"); a
    portfolio list ("Bộ Thương mại, Công nghiệp và Năng lượng") and a pair of countries
    ("Việt Nam - Lào") stay inside the name.
    """
    cursor, good, lowercase_run, capitals, can_continue = pos, None, 0, 0, False
    while cursor < len(text):
        if capitals and (listed := _LIST_IN_NAME.match(text, cursor)):
            cursor = cursor + listed.group(0).index(",") + 1
            continue
        pair = _PAIR_IN_NAME.match(text, cursor)
        if capitals and pair and pair.group(0).strip() and pair.end() in gaz \
                and gaz[pair.end()].entry.type == "LOC" and good == cursor:
            cursor = good = gaz[pair.end()].end  # "Việt Nam - Lào"
            continue
        start = cursor + 1 if text[cursor] == " " else cursor
        if start != cursor + 1 and cursor != pos:
            break
        if start in gaz and gaz[start].entry.type in ("LOC", "ORG"):
            cursor = good = gaz[start].end
            capitals, lowercase_run, can_continue = capitals + 1, 0, False
            if gaz[start].entry.kind == "country" and _foreign_name_follows(text, cursor):
                break  # "Bộ … Hàn Quốc Ahn Duk-geun": the person is not part of the name
            continue
        tp = re.match(r"(?:TP|Tp)\.\s?", text[start:])
        if tp:
            cursor = start + tp.end() - (1 if tp.group(0).endswith(" ") else 0)
            continue
        word = people.word_at(text, start)
        if not word:
            break
        w = word.group(0)
        if w[0].isupper():
            if people.starts_name(text, start, common_only=True):
                break  # "Bộ Ngoại giao Nguyễn Minh Vũ": the name is not part of the ministry
            cursor = good = word.end()
            capitals, lowercase_run, can_continue = capitals + 1, 0, not w.isupper()
            continue
        if w == "và" and capitals and _joins_name(text, word.end()):
            cursor = word.end()  # "Bộ Nông nghiệp và Môi trường"
            lowercase_run = 0
            continue
        if lowercase_run >= (3 if capitals else 2) or people.stop_phrase(text, start, stop):
            break
        lowercase_run += 1
        cursor = word.end()
        if lowercase_run == 1 and can_continue:
            good = cursor  # "Ngoại giao": the second syllable of a capitalised word
    return good if capitals else None


def pattern_spans(text: str, gaz: dict[int, Match]) -> list[Span]:
    stop = _heads().stop
    spans: list[Span] = []
    covered = SpanIndex((m.start, m.end, m) for m in gaz.values())
    title_heads = dict(titles.heads_in(text))
    heads = sorted(_head_matches(text),
                   key=lambda item: (item[0].start(), -(item[0].end() - item[0].start())))
    taken_until = 0
    for head, kind in heads:
        if head.start() < taken_until:
            continue
        if covered.covers(head.start()):
            continue
        if title_heads.get(head.start(), 0) >= head.end():
            continue  # "Bộ trưởng" is a title, not "Bộ …"
        end = _extent(text, head.end(), gaz, stop)
        if end is None:
            continue
        name = text[head.start() : end].strip()
        acronym = _ACRONYM.match(text, end)
        spans.append(Span(head.start(), head.start() + len(name), kind, name,
                          acronym.group(1) if acronym and acronym.start() == end + 1 else None))
        taken_until = end
    return spans + _acronym_spans(text, spans, gaz)


def _acronym_spans(text: str, spans: list[Span], gaz: dict[int, Match]) -> list[Span]:
    """"Chương trình hợp tác quản lý y tế công cộng (PROMPT)": a name and its acronym."""
    out: list[Span] = []
    for match in _ACRONYM.finditer(text):
        inner = match.start() + match.group(0).index(match.group(1))
        if inner in gaz or any(s.acronym == match.group(1) for s in spans):
            continue  # a known acronym: the gazetteer has the name too
        window_start = max(text.rfind(";", 0, match.start()), text.rfind(".", 0, match.start()),
                           text.rfind(",", 0, match.start())) + 1
        window = text[window_start : match.start()]
        heads = [h for h in _head_matches(window) if h[1] != "LOC"]
        if not heads:
            continue
        head, kind = min(heads, key=lambda h: h[0].start())
        start = window_start + head.start()
        name = text[start : match.start()].strip()
        if 2 <= len(name.split()) <= 14:
            out.append(Span(start, start + len(name), kind, name, match.group(1)))
    return out


# --- the stage -----------------------------------------------------------------------------


def _fields(doc: Document) -> list[tuple[str, str]]:
    article = doc.article
    if article is None:
        return []
    out = [("body", article.body)]
    if article.title:
        out.append(("title", article.title))
    if article.lede:
        out.append(("lede", article.lede))
    out += [(f"caption:{i}", c) for i, c in enumerate(article.captions)]
    return out


def _kb_entity(match: Match) -> Entity:
    entry = match.entry
    return Entity(
        id=f"{entry.type}:{_slug(entry.canonical)}"
        + (f":{entry.country}" if entry.country else ""),
        type=entry.type, canonical=entry.canonical, name_latin=entry.name_en,
        country=entry.country, kind=entry.kind, acronym=entry.acronym,
    )


def _pattern_entity(span: Span) -> Entity:
    return Entity(id=f"{span.type}:{_slug(span.text)}", type=span.type, canonical=span.text,
                  acronym=span.acronym, kind="pattern")


def entities_stage(doc: Document) -> Document:
    """Pipeline stage: fill ``entities`` (mentions carry offsets into their field)."""
    builder = _Builder()
    # text typed without diacritics (warning W203 from the extract stage) is matched folded
    folded = any(w.startswith("W203") for w in doc.warnings)
    acronyms: dict[str, str] = {}
    for field_name, text in _fields(doc):
        _collect(builder, doc, field_name, text, folded, acronyms)
    _resolve_people(builder)
    doc.entities = list(builder.by_key.values())
    return doc


def _sentence(doc: Document, field_name: str, start: int) -> int | None:
    return sentence_at(doc.sentences, start) if field_name == "body" and doc.sentences else None


def _collect(builder: _Builder, doc: Document, field_name: str, text: str, folded: bool,
             acronyms: dict[str, str]) -> None:
    matches = gazetteer.find(text, folded=folded)
    gaz = {m.start: m for m in matches}
    spans = pattern_spans(text, gaz)
    person_mentions = people.find_people(text, gaz, [s for s in spans if s.type == "ORG"])
    person_spans = SpanIndex((p.start, p.end, p) for p in person_mentions if p.name)
    title_spans = SpanIndex((t.start, t.end, t) for p in person_mentions for t in p.titles)
    known = SpanIndex((m.start, m.end, m) for m in matches)

    def inside_person(start: int) -> bool:
        return person_spans.covers(start)

    def generic_in_title(span: Span) -> bool:
        return title_spans.covers(span.start) and not known.starting_in(span.start, span.end)

    previous: Match | None = None
    for match in matches:
        if inside_person(match.start):
            continue
        if previous and previous.entry == match.entry and text[previous.end : match.start] == " (":
            continue  # "Hiệp hội các quốc gia Đông Nam Á (ASEAN)" is one mention
        previous = match
        mention = Mention(match.start, match.end, match.surface, field_name,
                          _sentence(doc, field_name, match.start))
        key = f"kb:{match.entry.type}:{match.entry.canonical}:{match.entry.country}"
        builder.add(key, lambda m=match: _kb_entity(m), mention)
    for span in spans:
        if inside_person(span.start) or generic_in_title(span):
            continue
        mention = Mention(span.start, span.end, span.text, field_name,
                          _sentence(doc, field_name, span.start))
        key = acronyms.get(span.acronym or "", f"pat:{span.type}:{fold(span.text)}")
        entity = builder.add(key, lambda s=span: _pattern_entity(s), mention)
        if span.acronym:
            acronyms[span.acronym] = key
            _add_acronym_mentions(builder, key, entity, doc, field_name, text, span)
    for person in person_mentions:
        _add_person(builder, doc, field_name, person)


def _add_acronym_mentions(builder: _Builder, key: str, entity: Entity, doc: Document,
                          field_name: str, text: str, span: Span) -> None:
    for match in re.finditer(rf"(?<![\w]){re.escape(span.acronym or '')}(?![\w])", text):
        if match.start() > span.end + 3:  # not the "(ACRONYM)" right after the name
            builder.add(key, lambda: entity, Mention(match.start(), match.end(), match.group(0),
                                                     field_name,
                                                     _sentence(doc, field_name, match.start())))


def _add_person(builder: _Builder, doc: Document, field_name: str,
                person: people.PersonMention) -> None:
    mention = Mention(person.start, person.end, person.name or person.titles[0].text, field_name,
                      _sentence(doc, field_name, person.start), resolved=person.resolved)
    if not person.name:
        builder.people.append((None, person.titles, [mention]))  # type: ignore[arg-type]
        return
    key = f"per:{fold(person.name)}"
    entity = builder.add(key, lambda: Entity(id=f"PER:{_slug(person.name)}", type="PER",
                                             canonical=person.name), mention)
    chained = [", ".join(t.text.strip(" ,") for t in person.titles if t.start < person.start)] \
        if person.chained else []
    builder.people.append((entity, person.titles, chained))


def _resolve_people(builder: _Builder) -> None:
    """Decide each person's title, country and Latin name; tie title-only mentions to them."""
    spans_of: dict[str, list[people.TitleSpan]] = {}
    chains_of: dict[str, list[str]] = {}
    for entity, spans, chained in builder.people:
        if entity is not None:
            spans_of.setdefault(entity.id, []).extend(spans)
            chains_of.setdefault(entity.id, []).extend(chained)
    persons = {e.id: e for e in builder.by_key.values() if e.type == "PER"}
    for pid, entity in persons.items():
        spans = spans_of.get(pid, [])
        entity.titles = sorted({s.text.strip(" ,") for s in spans})
        entity.title = people.best_title(spans, chains_of.get(pid, []))
        entity.country = people.country_of(spans, entity.canonical)
        entity.name_latin, entity.hanzi = _latin(entity.canonical, entity.country)
        entity.title_en = _title_en(entity.title, spans, entity.country)
    _tie_title_only_mentions(builder, persons)


def _title_en(title: str | None, spans: list[people.TitleSpan], country: str | None) -> str | None:
    if not title:
        return None
    parts = []
    for piece in title.split(", "):
        span = next((s for s in spans if s.text.strip(" ,") == piece), None)
        quals = [Match(q.start - span.start, q.end - span.start, q.surface, q.entry)
                 for q in span.qualifiers if q.end <= span.end] if span else []
        english = render_english(piece, quals, country)
        if english:
            parts.append(english)
    return " and ".join(parts) if parts else None


def _latin(name: str, country: str | None) -> tuple[str, str | None]:
    words = name.split()
    if country == "CN" and all(w[:1].isupper() for w in words):
        reading = hanviet.to_pinyin(name, kind="person")
        if reading is not None:
            return reading.pinyin, reading.hanzi
    return hanviet.unaccent(name), None


def _tie_title_only_mentions(builder: _Builder, persons: dict[str, Entity]) -> None:
    """"Thứ trưởng đề nghị …": the person who last held that title before this mention."""
    holders: list[tuple[str, Entity]] = []
    for entity in persons.values():
        for title in entity.titles:
            holders.append((fold(title), entity))
    for entity, spans, mentions in builder.people:
        if entity is not None or not spans:
            continue
        wanted = fold(spans[0].text.strip(" ,"))
        candidates = {id(e): e for title, e in holders if title.startswith(wanted)}
        mention = mentions[0]

        def last_before(person: Entity, m: Mention = mention) -> int:
            starts = [x.start for x in person.mentions if x.field == m.field and x.start < m.start]
            return max(starts, default=-1)

        ranked = sorted(candidates.values(), key=last_before)
        if ranked and (last_before(ranked[-1]) >= 0 or len(ranked) == 1):
            ranked[-1].mentions.append(mention)
