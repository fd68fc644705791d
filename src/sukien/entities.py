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

import hashlib
import re
from bisect import bisect_right
from dataclasses import dataclass, field
from functools import cache, lru_cache
from itertools import compress, count

from . import actors, coref, gazetteer, hanviet, names, people, titles
from .gazetteer import Match
from .intervals import SpanIndex
from .normalize import alternation, fold, is_syllable
from .record import Document, Entity, Mention
from .resources import read_toml
from .titles import render_english
from .tokens import UPPER, PhraseTable, Tokens, map_spans, tokenize

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

    def pattern(words: list[str]) -> re.Pattern[str]:  # matched on the lower-cased text
        return re.compile(rf"(?<![\w])(?:{alternation({w.lower() for w in words})})(?![\w])")

    by_type = (("MISC", pattern(data["misc_heads"])), ("LOC", pattern(data["place_heads"])),
               ("ORG", pattern(data["org_heads"])))
    return _Heads(by_type, frozenset(data["stop_words"]))


def _head_matches(text: str, lowered: str | None = None) -> list[tuple[re.Match[str], str]]:
    """Head words with a capital first letter ("Bộ", "Tổng công ty", "Tổng Công ty")."""
    lowered = lowered if lowered is not None else gazetteer.lower(text)
    found = [(m, kind) for kind, pattern in _heads().by_type for m in pattern.finditer(lowered)]
    return [(m, kind) for m, kind in found if text[m.start()].isupper()]


@lru_cache(maxsize=8192)
def _slug(text: str) -> str:
    return _NOT_SLUG.sub("-", fold(text)).strip("-")


_NOT_SLUG = re.compile(r"[^a-z0-9]+")


# --- organisations and agreements by head word -------------------------------------------


_LIST_IN_NAME = re.compile(
    rf",\s+(?:[{UPPER}][^\s,;.()]*\s+(?:[^\W\d_{UPPER}]+\s+)?){{1,3}}và\s+[{UPPER}]")


def _starts_name(tk: Tokens, j: int, known_before: bool = False) -> bool:
    """A Vietnamese personal name with a common surname starts at token ``j``; of three
    syllables after a place word or inside a capitalised run ("Trung tâm Y tế huyện Lý
    Nhân", "UBND quận Bắc Từ Liêm"), never before a number ("Trường THPT Thạch Thành 1")."""
    if j + 1 >= tk.n or not (tk.cap(j) and tk.cap(j + 1) and tk.spaced(j + 1)):
        return False
    family = names.surname(tk.words[j])
    if not (family and (family.vn_common or family.cn_common)
            and names.is_vietnamese(tk.words[j : j + 2])):
        return False
    after = j + 2
    inside_run = tk.caps[j - 1] and tk.spaced(j) and not tk.words[j - 1].isupper() \
        and not known_before  # "quận Bắc Từ Liêm"; not "UBND TP Thủ Đức Hoàng Tùng"
    if j > 0 and (tk.lowered[j - 1] in names.vocab().place_prefixes or inside_run):
        return after < tk.n and tk.spaced(after) and tk.cap(after)  # "tỉnh Phạm Thiện Nghĩa"
    return not (after < tk.n and tk.spaced(after) and tk.words[after].isdigit())


def _foreign_name_follows(tk: Tokens, j: int) -> bool:
    return j < tk.n and tk.spaced(j) and tk.cap(j) and tk.is_word(j) \
        and not names.is_vietnamese([tk.words[j]]) and not tk.words[j].isupper()


def _joins_name(tk: Tokens, j: int, heads: dict[int, tuple[int, str]]) -> bool:
    """After "và": a capitalised word that does not open another name or a title."""
    return tk.cap(j) and tk.spaced(j) and j not in heads and j not in tk.titles


def _extent(tk: Tokens, k: int, stop: frozenset[str],
            heads: dict[int, tuple[int, str]]) -> int | None:
    """End token of the name whose head word ends before token ``k``, or None.

    Inside a name every word is capitalised ("Giao thông Vận tải"), except the second
    syllable of a capitalised word ("Ngoại giao") and short lower-case links before the
    next capitalised word ("Ủy ban liên Chính phủ", "Đầu tư liên hợp Thâm Việt"); a
    portfolio list ("Bộ Thương mại, Công nghiệp và Năng lượng") and a pair of countries
    ("Việt Nam - Lào") stay inside the name; a personal name after it does not
    ("Bộ Ngoại giao Nguyễn Minh Vũ", "Bộ … Hàn Quốc Ahn Duk-geun").
    """
    j, good, lowercase_run, capitals, can_continue = k, None, 0, 0, False
    known_end = -1  # where the last knowledge-base name inside the name ended
    while j < tk.n:
        if capitals and good == j and tk.words[j] in ("-", "–") and j + 1 < tk.n \
                and (j + 1) in tk.gaz and tk.gaz[j + 1][1].entry.type == "LOC":
            j = good = tk.gaz[j + 1][0]  # "Việt Nam - Lào"
            continue
        if capitals and good == j and _joined_portfolio(tk, j, heads):
            j += 1  # "Sở Văn hóa - Thể thao & Du lịch", "Bộ Lao động - Thương binh và Xã hội"
            lowercase_run = 0
            continue
        if not tk.spaced(j):
            if capitals and tk.words[j] == "," and _LIST_IN_NAME.match(tk.text, tk.ends[j - 1]):
                j += 1
                continue
            if good == j and tk.words[j] == "&" and tk.gap(j) == "" and j + 1 < tk.n \
                    and tk.gap(j + 1) == "" and tk.cap(j + 1):
                j = good = j + 2  # "T&T Group"
                continue
            if tk.words[j] == "." and good == j and len(tk.words[j - 1]) == 1 and j + 1 < tk.n \
                    and tk.spaced(j + 1) and tk.cap(j + 1):
                j += 1  # "Trường Nghiên cứu Quốc tế S. Rajaratnam": an initial
                continue
            if not (j > k and tk.words[j - 1] == "." and tk.words[j - 2] in ("TP", "Tp")):
                break
        if j in tk.gaz and tk.gaz[j][1].entry.type in ("LOC", "ORG"):
            end, match = tk.gaz[j]
            j = good = known_end = end
            capitals, lowercase_run, can_continue = capitals + 1, 0, False
            if match.entry.kind == "country" and _foreign_name_follows(tk, j):
                break
            continue
        if tk.words[j] in ("TP", "Tp") and j + 1 < tk.n and tk.words[j + 1] == ".":
            j += 2
            continue
        if capitals and good == j and _number_in_name(tk, j, stop):
            j = good = j + 1  # "Bệnh viện Trung ương Quân đội 108", "Trường THPT Thạch Thành 1"
            break
        if not tk.is_word(j):
            break
        if tk.caps[j]:
            if _starts_name(tk, j, known_end == j) or (lowercase_run and j in tk.titles):
                break  # "Hãng tin Bernama dẫn lời Thủ tướng …": the title is not the firm's
            good = j + 1
            capitals, lowercase_run = capitals + 1, 0
            can_continue = not tk.words[j].isupper() and is_syllable(tk.words[j])
            j += 1
            continue
        if tk.lowered[j] == "và" and capitals and _joins_name(tk, j + 1, heads):
            j += 1
            lowercase_run = 0
            continue
        if lowercase_run >= (3 if capitals else 2) or tk.phrase_at(j, stop, 3):
            break
        lowercase_run += 1
        j += 1
        if lowercase_run == 1 and can_continue:
            good = j
    return good if capitals else None


_QUANTITY_WORDS = frozenset({"năm", "tháng", "ngày", "tuần", "giờ", "phút", "tuổi", "người",
                             "lần", "tỷ", "triệu", "nghìn", "ngàn", "trăm", "km", "m", "%"})


def _number_in_name(tk: Tokens, j: int, stop: frozenset[str]) -> bool:
    """A number that ends a name ("Quân đội 108", "Trung đoàn 814"): a plain integer right
    after a capitalised word, followed by punctuation or a verb, never by a unit or a time
    word ("… 2 năm")."""
    word = tk.words[j]
    if not (word.isdigit() and len(word) <= 4 and tk.spaced(j)
            and (tk.caps[j - 1] or (j > 1 and tk.caps[j - 2] and tk.spaced(j - 1)))):
        return False
    k = j + 1
    if k >= tk.n or tk.sent[k] != tk.sent[j] or tk.words[k] in (",", ".", ";", ":", ")"):
        return True
    return tk.spaced(k) and tk.lowered[k] not in _QUANTITY_WORDS \
        and tk.phrase_at(k, stop, 3) is not None


def _joined_portfolio(tk: Tokens, j: int, heads: dict[int, tuple[int, str]]) -> bool:
    """A spaced dash or "&" between two capitalised portfolio words inside one name: the word
    before it is a capitalised word's lower-case syllable ("hóa"), the word after it is
    capitalised and goes on in lower case ("Thể thao"), and opens no other name ("Cục Viễn
    thông - Bộ …" is a body and its ministry)."""
    if tk.words[j] not in ("-", "–", "&") or not tk.spaced(j) or j + 2 >= tk.n:
        return False
    before, after = j - 1, j + 1
    if tk.words[j] != "&" and (tk.caps[before] or not tk.is_word(before)):
        return False
    return tk.spaced(after) and tk.cap(after) and tk.is_word(after) \
        and not tk.words[after].isupper() and after not in heads and after not in tk.gaz \
        and after not in tk.titles and tk.spaced(after + 1) and tk.is_word(after + 1) \
        and not tk.caps[after + 1]


def _inside_capitalised_run(tk: Tokens, i: int, in_title: set[int]) -> bool:
    """A head word that continues a capitalised word ("Phạm Trường Long") opens no name."""
    return i > 0 and tk.spaced(i) and tk.cap(i - 1) and tk.is_word(i - 1) \
        and not tk.words[i - 1].isupper() and (i - 1) not in in_title


@cache
def _head_table() -> PhraseTable:
    data = read_toml("entities.toml")
    items: dict[str, str] = {}
    for kind, key in (("ORG", "org_heads"), ("LOC", "place_heads"), ("MISC", "misc_heads")):
        for word in data[key]:
            items.setdefault(word.lower(), kind)
    return PhraseTable.build(items)


def _token_heads(tk: Tokens) -> dict[int, tuple[int, str]]:
    """Head words of names, by token: start → (end token, type); capitalised first word."""
    table = _head_table()
    out: dict[int, tuple[int, str]] = {}
    for i in tk.where(table.first, capitalised=True, lexicon=True):
        if i == 0 or tk.gap(i) != "" or not tk.is_word(i - 1):
            found = table.at(tk, i)
            if found:
                out[i] = found
    return out


def pattern_spans(tk: Tokens) -> list[Span]:
    """Organisation, place and agreement names opened by a head word, and "(ACRONYM)" names."""
    stop = _heads().stop
    spans: list[Span] = []
    heads = _token_heads(tk)
    covered = SpanIndex((m.start, m.end, m) for _, m in tk.gaz.values())
    in_title = {k for start, end in tk.titles.items() for k in range(start, end)}
    done = 0
    for i in sorted(heads):
        if i < done:
            continue
        head_end, kind = heads[i]
        if covered.covers(tk.starts[i]) or tk.titles.get(i, 0) >= head_end \
                or _inside_capitalised_run(tk, i, in_title):
            continue  # "Bộ trưởng" is a title, not "Bộ …"; "Phạm Trường Long" a person
        inner = next((k for k in range(i + 1, head_end) if k in tk.gaz
                      and tk.gaz[k][1].entry.type == "ORG"), None)
        # "Trường Đại học Bách khoa Hà Nội": a known name inside the head goes to its end
        end = tk.gaz[inner][0] if inner is not None else _extent(tk, head_end, stop, heads)
        if end is None:
            continue
        acronym = _ACRONYM.match(tk.text, tk.ends[end - 1] + 1)
        spans.append(Span(tk.starts[i], tk.ends[end - 1], kind, tk.span(i, end),
                          acronym.group(1) if acronym else None))
        tk.orgs[i] = end
        done = end
    gaz = {m.start: m for _, m in tk.gaz.values()}
    return spans + _acronym_spans(tk.text, spans, gaz)


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


_WARM_UP = ("Chủ tịch Trung Quốc Tập Cận Bình tiếp Bộ trưởng Ngoại giao Việt Nam Nguyễn Văn An "
            "và Phó Tỉnh trưởng tỉnh Quảng Đông Trương Quốc Trí tại Hà Nội (Ảnh: TTXVN).")


def preload() -> None:
    """Load every table the stage reads (the knowledge base and its automata, the title,
    honorific and actor lexicons, the Sino-Vietnamese reading tables) once, so that no page
    pays for it: run the stage on one sentence that touches them all."""
    from .record import Article
    from .sentences import split_sentences

    doc = Document(path="warm-up", article=Article(body=_WARM_UP, title=_WARM_UP))
    doc.sentences = split_sentences(_WARM_UP)
    entities_stage(doc)


def entities_stage(doc: Document) -> Document:
    """Pipeline stage: fill ``entities`` (mentions carry offsets into their field)."""
    builder = _Builder()
    # text typed without diacritics (warning W203 from the extract stage) is matched folded
    folded = any(w.startswith("W203") for w in doc.warnings)
    acronyms: dict[str, str] = {}
    placed: list[coref.Placed] = []
    for field_name, text in _fields(doc):
        placed += _collect(builder, doc, field_name, text, folded, acronyms)
    _add_people(builder, placed, _year(doc), doc)
    doc.entities = list(builder.by_key.values())
    return doc


def _year(doc: Document) -> int | None:
    article = doc.article
    for value in (article.published, article.published_resolved) if article else ():
        if value and re.match(r"\d{4}", value):
            return int(value[:4])
    return doc.reference_time.year if doc.reference_time else None


@cache
def _lexicon_firsts() -> frozenset[str]:
    """The first words of the honorifics, the people lexicon and the organisations' head
    words: the tokens found once per field for :meth:`Tokens.where`."""
    return names.honorific_firsts() | actors.first_words() | _head_table().first


def tokens_of(doc: Document, field_name: str, text: str, folded: bool = False) -> Tokens:
    """The token layer of one field, with the gazetteer, titles, honorifics and actors."""
    sentences = [(s.start, s.end) for s in doc.sentences] if field_name == "body" else None
    tk = tokenize(text, sentences)
    tk.candidates = list(compress(count(), map(_lexicon_firsts().__contains__, tk.lowered)))
    if folded:
        found, heads = gazetteer.find(text, folded=True), titles.heads_in(text)
    else:
        found, heads = titles.names_and_heads(text)
    tk.gaz_all = found
    tk.gaz = map_spans(tk, [(m.start, m.end, m) for m in found])
    tk.titles = {i: j for i, (j, _) in map_spans(tk, [(s, e, None) for s, e in heads]).items()}
    tk.honorifics = names.honorifics_in(tk)
    tk.actors = actors.scan(tk)
    return tk


def _collect(builder: _Builder, doc: Document, field_name: str, text: str, folded: bool,
             acronyms: dict[str, str]) -> list[coref.Placed]:
    tk = tokens_of(doc, field_name, text, folded)
    starts = [s.start for s in doc.sentences] if field_name == "body" else None
    spans = pattern_spans(tk)
    person_mentions = people.find_people(names.Context(tk))
    person_spans = SpanIndex((p.start, p.end, p) for p in person_mentions if p.name)
    title_spans = SpanIndex((t.start, t.end, t) for p in person_mentions for t in p.titles)
    matches = tk.gaz_all
    known = SpanIndex((m.start, m.end, m) for m in matches)

    def generic_in_title(span: Span) -> bool:
        return title_spans.covers(span.start) and not known.starting_in(span.start, span.end)

    previous: Match | None = None
    for match in matches:
        if person_spans.covers(match.start):
            continue
        if previous and previous.entry == match.entry and text[previous.end : match.start] == " (":
            continue  # "Hiệp hội các quốc gia Đông Nam Á (ASEAN)" is one mention
        previous = match
        mention = Mention(match.start, match.end, match.surface, field_name,
                          _sentence(starts, match.start))
        key = f"kb:{match.entry.type}:{match.entry.canonical}:{match.entry.country}"
        builder.add(key, lambda m=match: _kb_entity(m), mention)
    for span in spans:
        if person_spans.covers(span.start) or generic_in_title(span):
            continue
        mention = Mention(span.start, span.end, span.text, field_name,
                          _sentence(starts, span.start))
        key = acronyms.get(span.acronym or "", f"pat:{span.type}:{fold(span.text)}")
        entity = builder.add(key, lambda s=span: _pattern_entity(s), mention)
        if span.acronym:
            acronyms[span.acronym] = key
            _add_acronym_mentions(builder, key, entity, starts, field_name, text, span)
    return [coref.Placed(field_name, _sentence(starts, p.start), p)
            for p in person_mentions]


def _sentence(starts: list[int] | None, offset: int) -> int | None:
    """The body sentence holding ``offset`` (the last one starting at or before it);
    ``starts`` are the body's sentence starts, None for the other fields."""
    return max(bisect_right(starts, offset) - 1, 0) if starts else None


def _add_acronym_mentions(builder: _Builder, key: str, entity: Entity, starts: list[int] | None,
                          field_name: str, text: str, span: Span) -> None:
    acronym = span.acronym or ""
    start = text.find(acronym, span.end + 4) if acronym else -1
    while start >= 0:  # not the "(ACRONYM)" right after the name; whole words only
        end = start + len(acronym)
        if not (start and _is_word_char(text[start - 1])) \
                and not (end < len(text) and _is_word_char(text[end])):
            builder.add(key, lambda: entity, Mention(start, end, acronym, field_name,
                                                     _sentence(starts, start)))
        start = text.find(acronym, end)


def _is_word_char(ch: str) -> bool:
    return ch.isalnum() or ch == "_"


# --- people ------------------------------------------------------------------------------------


def _mention(placed: coref.Placed) -> Mention:
    person = placed.mention
    return Mention(person.start, person.end, person.name or person.titles[0].text, placed.field,
                   placed.sentence, resolved=person.resolved)


def _person_id(name: str, doc: Document) -> str:
    """"PER:nguyen-van-an"; a one-word name is only this article's person ("PER:park@3f9a1c")."""
    if len(name.split()) >= 2:
        return f"PER:{_slug(name)}"
    where = hashlib.sha1((doc.url or doc.path).encode()).hexdigest()[:8]
    return f"PER:{_slug(name)}@{where}"


def _add_people(builder: _Builder, placed: list[coref.Placed], year: int | None,
                doc: Document) -> None:
    """One entity per person of the article (coreference), then its title, country, Latin
    name; title-only mentions go to the person who holds that title."""
    persons: list[_Person] = []
    for group in coref.cluster(placed, year):
        canonical = group.canonical
        entity = Entity(id=group.actor.key if group.actor else _person_id(canonical, doc),
                        type="PER", canonical=canonical)
        entity = builder.by_key.setdefault(f"per:{fold(canonical)}", entity)
        spans: list[people.TitleSpan] = []
        chains: list[str] = []
        for item in sorted(group.mentions, key=lambda p: p.order):
            person = item.mention
            entity.mentions.append(_mention(item))
            for form in _written_forms(person):
                if form != entity.canonical and form not in entity.aliases:
                    entity.aliases.append(form)
            spans += person.titles
            if person.chained:
                chains.append(", ".join(t.text for t in person.titles if t.start < person.start))
        entity.titles = sorted({s.text for s in spans})
        persons.append(_Person(entity, group.actor, spans, chains))
    _tie_title_only_mentions([p for p in placed if not p.mention.name], persons, year)
    for person in persons:
        _decide(person.entity, person.actor, person.spans, person.chains, year)


@dataclass(slots=True)
class _Person:
    """A person of the article being decided: the entity, its actor, its title spans."""

    entity: Entity
    actor: actors.Actor | None
    spans: list[people.TitleSpan]
    chains: list[str]


def _written_forms(person: people.PersonMention) -> list[str]:
    forms = [person.name]
    if person.honorific and person.honorific.lower() in names.vocab().honorific_names:
        forms.append(f"{person.honorific} {person.name}")  # "Samdech Hun Sen", as written
    return forms


def _decide(entity: Entity, actor: actors.Actor | None, spans: list[people.TitleSpan],
            chains: list[str], year: int | None) -> None:
    entity.titles = sorted({s.text for s in spans})
    entity.title = titles.best_title(spans, chains)
    entity.country = (actor.country if actor else None) or titles.country_of(spans,
                                                                              entity.canonical)
    if actor:
        entity.actor = actor.key
        entity.name_latin, entity.hanzi = actor.name_en, None
        entity.roles = [titles.role_text(r) for r in actor.roles]
    else:
        entity.name_latin, entity.hanzi = _latin(entity.canonical, entity.country)
    entity.title_en = _title_en(entity.title, spans, entity.country)
    entity.title_kind, entity.title_rank = titles.kind_and_rank(entity.title)


def _title_en(title: str | None, spans: list[people.TitleSpan], country: str | None) -> str | None:
    if not title:
        return None
    parts = []
    for piece in title.split(", "):
        span = next((s for s in spans if s.text == piece), None)
        quals = [Match(q.start - span.start, q.end - span.start, q.surface, q.entry)
                 for q in span.qualifiers
                 if q.start >= span.start and q.end - span.start <= len(span.text)] \
            if span else []
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


def _tie_title_only_mentions(title_only: list[coref.Placed], persons: list[_Person],
                             year: int | None) -> None:
    """"Thứ trưởng đề nghị …": the person who last held that title before this mention; or,
    when nobody in the article is written with it, the one person whose lexicon roles hold
    exactly that office in the article's year ("Theo người phát ngôn Bộ Ngoại giao Nga, …"
    is Maria Zakharova): the title becomes hers too."""
    holders = [(fold(title), p.entity) for p in persons for title in p.entity.titles]
    for placed in title_only:
        mention = _mention(placed)
        written = placed.mention.titles[0]
        wanted = fold(written.text)
        candidates = {id(e): e for title, e in holders if title.startswith(wanted)}

        def last_before(person: Entity, m: Mention = mention) -> int:
            starts = [x.start for x in person.mentions if x.field == m.field and x.start < m.start]
            return max(starts, default=-1)

        ranked = sorted(candidates.values(), key=last_before)
        if ranked and (last_before(ranked[-1]) >= 0 or len(ranked) == 1):
            ranked[-1].mentions.append(mention)
            continue
        if ranked:
            continue
        fitting = [p for p in persons if p.actor and _holds(p.actor, wanted, year)]
        if len(fitting) == 1:
            fitting[0].entity.mentions.append(mention)
            fitting[0].spans.append(written)
            fitting[0].entity.titles = sorted({s.text for s in fitting[0].spans})


def _holds(actor: actors.Actor, office: str, year: int | None) -> bool:
    """The lexicon says ``actor`` held exactly ``office`` (folded) in ``year``."""
    return any(fold(role.title) == office and role.held_in(year) for role in actor.roles)
