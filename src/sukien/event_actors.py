"""Who acts in an event: actors resolved from the entities of the ``entities`` stage.

PLOVER codes an event when a political or social actor acts on another. An entity is an actor
of one of these kinds (the lists are in ``data/events.toml``, ``[actors]``):

* ``official`` — a person holding a political, diplomatic, military or official title: one
  of their titles is of a political kind in the title lexicon (``data/kb/titles.tsv``), or a
  title of kind "organization" that names a state or a political body ("Chủ tịch Trung Quốc");
  a person named without a title who is the last words of such a person is that person;
* ``person`` — anybody else named (a co-participant, never the only political actor);
* ``body`` — a government, ministry, party, armed force, embassy or international body, from
  the knowledge base or by its head word ("Bộ …", "UBND …", "Đại sứ quán …");
* ``state`` — a country; ``capital`` — its capital named for its government ("Moscow trả đũa");
  ``region`` — a province or federal state acting ("hợp tác giữa Quảng Đông và ASEAN");
* ``company`` — a firm, an actor in a signing only.

Never actors: news agencies and outlets, photo credits ("Ảnh: EPA/TTXVN"), a name right after
"báo", "hãng tin", "công ty", "đội tuyển" …, an acronym written in lower case ("Nam" is not
NAM), and a place after "tại", "ở", "từ" … (where something happens is not who acts).
An actor's side is its country, or its bloc for an international body ("Ủy ban châu Âu" → EU).
In sport, showbiz, travel, tech, health, science and education articles a country is a team,
a destination or a brand's home: there only people and bodies act.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache, lru_cache

from . import gazetteer, kb, names
from .event_triggers import any_of
from .normalize import fold
from .record import Entity
from .resources import read_toml

POLITICAL = ("official", "body", "state", "capital", "region")


@dataclass(slots=True, frozen=True)
class Actor:
    entity: Entity
    kind: str  # official | person | body | state | capital | region | company | place
    side: str | None

    @property
    def political(self) -> bool:
        return self.kind in POLITICAL

    def same(self, other: Actor) -> bool:
        """The same actor: one entity on one side ("Chính phủ Lào" is not "Chính phủ Campuchia")."""
        return self.entity is other.entity and self.side == other.side

    @property
    def name(self) -> str:
        return self.entity.canonical


@dataclass(slots=True, frozen=True)
class Placed:
    """An actor named in a sentence: offsets in the sentence."""

    start: int
    end: int
    actor: Actor
    named_in: str | None = None  # "MISC" when named inside an agreement's or meeting's name


@dataclass(slots=True, frozen=True)
class _Rules:
    title_kinds: frozenset[str]
    never_title_kinds: frozenset[str]
    org_kinds: frozenset[str]
    company_kinds: frozenset[str]
    never_org_kinds: frozenset[str]
    org_heads: re.Pattern[str]
    not_org_heads: re.Pattern[str]
    company_heads: re.Pattern[str]
    never_names: frozenset[str]
    other_before: re.Pattern[str]
    locative_before: re.Pattern[str]
    blocs: tuple[tuple[str, str], ...]
    region_kinds: frozenset[str]
    non_political_topics: frozenset[str]
    capitals: dict[str, str]  # canonical city name → country
    credit: re.Pattern[str]
    owner_before: re.Pattern[str]


@cache
def rules() -> _Rules:
    data = read_toml("events.toml")
    actors = data["actors"]

    def heads(words):
        ordered = sorted(words, key=len, reverse=True)
        return re.compile(rf"(?:{'|'.join(re.escape(w) for w in ordered)})(?!\w)")

    capitals: dict[str, str] = {}
    for country, name in data["capitals"].items():
        found = gazetteer.find(name)
        capitals[found[0].entry.canonical if found else name] = country
    return _Rules(
        title_kinds=frozenset(actors["political_title_kinds"]),
        never_title_kinds=frozenset(actors["never_title_kinds"]),
        org_kinds=frozenset(actors["political_org_kinds"]),
        company_kinds=frozenset(actors["company_org_kinds"]),
        never_org_kinds=frozenset(actors["never_org_kinds"]),
        org_heads=heads(actors["political_org_heads"]),
        not_org_heads=heads(actors["not_org_heads"]),
        company_heads=heads(actors["company_org_heads"]),
        never_names=frozenset(fold(n) for n in actors["never_names"]),
        other_before=any_of((re.escape(w) for w in actors["name_of_other"]), after=r"\s*$"),
        locative_before=any_of(
            (re.escape(w) for w in actors["locative"]),
            after=rf"\s+(?:(?:{'|'.join(re.escape(w) for w in actors['place_words'])})\s+)?$"),
        blocs=tuple(actors["blocs"].items()),
        region_kinds=frozenset(actors["region_kinds"]),
        non_political_topics=frozenset(data["topics"]["non_political"]),
        capitals=capitals,
        owner_before=any_of((re.escape(w) for w in actors["owner_before"]), after=r"\s*$"),
        credit=re.compile(r"\((?:[^()]*?\b)?(?:Ảnh|Nguồn|Photo|Video|Clip)\b[^()]*\)|"
                          r"\b(?:Ảnh|Nguồn|Photo)\s*:[^.;]*$", re.I),
    )


# --- titles ----------------------------------------------------------------------------------


@cache
def _fixed_titles() -> dict[str, str]:
    """Lower-cased fixed title forms → kind (the most political kind when several). A template
    gives the words before its first slot ("Phó Chủ tịch UBND tỉnh {PLACE}" → "phó chủ tịch
    ubnd tỉnh")."""
    table: dict[str, str] = {}
    for row in kb.titles():
        key = row.title_vi.lower()
        if "{" not in key and (key not in table or row.kind in rules().title_kinds):
            table[key] = row.kind
    for row in kb.titles():  # a template's words only where no fixed title has them
        key = row.title_vi.split("{")[0].strip().lower()
        if "{" in row.title_vi and key and key not in table:
            table[key] = row.kind
    return table


@lru_cache(maxsize=8192)
def title_kind(title: str) -> str | None:
    """Kind of the longest lexicon title ``title`` starts with ("Bộ trưởng Bộ Y tế": government)."""
    key = re.sub(r"\s+", " ", title.lower()).strip(" ,")
    words = key.split(" ")
    for n in range(len(words), 0, -1):
        kind = _fixed_titles().get(" ".join(words[:n]))
        if kind is not None:
            return kind
    return None


@lru_cache(maxsize=8192)
def political_title(title: str) -> bool:
    kind = title_kind(title)
    if kind is None or kind in rules().never_title_kinds:
        return False
    if kind in rules().title_kinds:
        return True
    # "Chủ tịch Trung Quốc", "Phó Chủ tịch Chính quyền Khu tự trị …", "Giám đốc Sở Ngoại vụ":
    # an office of a state or a political body
    words = title.split()
    rest = " ".join(words[1:])
    if any(rules().org_heads.match(rest, m.start()) for m in re.finditer(r"(?<!\w)\w", rest)
           if rest[m.start()].isupper()):
        return True
    return any(m.entry.kind == "country" or (m.entry.type == "ORG" and m.entry.kind in
                                              rules().org_kinds) for m in gazetteer.find(title))


# --- entities → actors -----------------------------------------------------------------------


@lru_cache(maxsize=16384)
def _never(name: str) -> bool:
    return fold(name) in rules().never_names


@lru_cache(maxsize=4096)
def _country_in(name: str) -> str | None:
    """The country a body's name names ("Bộ Ngoại giao Nga", "Sở Công Thương tỉnh Quảng Ninh");
    an embassy's is the one before "tại" ("Đại sứ quán Bỉ tại Hàn Quốc": Belgium's)."""
    own = re.split(r"\s+tại\s+", name, maxsplit=1)[0]
    for match in gazetteer.find(own):
        if match.entry.type == "LOC" and match.entry.country:
            return match.entry.country
    words = _country_words().by_word
    return next((words[w] for w in reversed(own.split()[1:]) if w in words), None)


@lru_cache(maxsize=4096)
def host_country(name: str) -> str | None:
    """Where an embassy or a mission sits: "Đại sứ quán Bỉ tại Hàn Quốc" → KR."""
    parts = re.split(r"\s+tại\s+", name, maxsplit=1)
    if len(parts) < 2:
        return None
    for match in gazetteer.find(parts[1]):
        if match.entry.type == "LOC" and match.entry.country:
            return match.entry.country
    return None


def _bloc(entity: Entity) -> str | None:
    if entity.acronym and entity.canonical.lower() in _country_words().blocs:
        return entity.acronym
    for word, bloc in rules().blocs:
        if word in entity.canonical or word == entity.acronym:
            return bloc
    return entity.acronym


def _org_actor(entity: Entity) -> Actor | None:
    r = rules()
    kind = entity.kind or ""
    if kind in r.never_org_kinds:
        return None
    if kind == "intl":
        return Actor(entity, "body", _bloc(entity))
    side = entity.country or _country_in(entity.canonical)
    if kind in r.org_kinds:
        return Actor(entity, "body", side)
    if kind in r.company_kinds:
        return Actor(entity, "company", side)
    if kind == "pattern" and not r.not_org_heads.match(entity.canonical):
        if r.org_heads.match(entity.canonical):
            return Actor(entity, "body", side)
        if r.company_heads.match(entity.canonical):
            return Actor(entity, "company", side)
    return None


def _loc_actor(entity: Entity) -> Actor | None:
    if entity.kind == "country":
        return Actor(entity, "state", entity.country)
    country = rules().capitals.get(entity.canonical)
    if country is not None:
        return Actor(entity, "capital", country)
    if entity.kind in rules().region_kinds and entity.country:
        return Actor(entity, "region", entity.country)
    return None


def _person_actor(entity: Entity) -> Actor:
    titles = entity.titles or ([entity.title] if entity.title else [])
    side = entity.country or next((b for t in titles if (b := _bloc_of_title(t))), None)
    kind = getattr(entity, "title_kind", None)  # set by the title grammar when it knows it
    if kind in rules().title_kinds or any(political_title(t) for t in titles):
        return Actor(entity, "official", side)
    return Actor(entity, "person", side)


@lru_cache(maxsize=4096)
def _bloc_of_title(title: str) -> str | None:
    """"Chủ tịch Hội đồng châu Âu": the holder of an office of an international body acts for
    its bloc."""
    for match in gazetteer.find(title):
        if match.entry.type == "ORG" and match.entry.kind == "intl":
            return _bloc(Entity(id="", type="ORG", canonical=match.entry.canonical,
                                acronym=match.entry.acronym, kind="intl"))
    return None


def actor_of(entity: Entity) -> Actor | None:
    """The actor an entity is, whatever sentence names it (None: never an actor)."""
    if _never(entity.canonical) or (entity.acronym and _never(entity.acronym)):
        return None
    if entity.type == "PER":
        return _person_actor(entity)
    if entity.type == "ORG":
        return _org_actor(entity)
    if entity.type == "LOC":
        return _loc_actor(entity)
    return None


@dataclass(slots=True)
class Cast:
    """The actors of one document."""

    topic: str | None
    by_entity: dict[int, Actor | None] = field(default_factory=dict)
    countries: dict[str, Entity] = field(default_factory=dict)  # iso → the article's entity

    @property
    def political_topic(self) -> bool:
        return self.topic not in rules().non_political_topics

    def actor(self, entity: Entity) -> Actor | None:
        key = id(entity)
        if key not in self.by_entity:
            found = actor_of(entity)
            if found is not None and not self.political_topic and found.kind in (
                    "state", "capital", "region", "company"):
                found = None  # a team, a destination, a brand's home
            self.by_entity[key] = found
        return self.by_entity[key]

    def country(self, iso: str) -> Entity:
        """The article's entity for a country (one object, so that two mentions are one
        actor), or the gazetteer's."""
        if iso not in self.countries:
            self.countries[iso] = country_entity(iso)
        return self.countries[iso]

    def know_countries(self, entities: list[Entity]) -> None:
        for entity in entities:
            if entity.type == "LOC" and entity.kind == "country" and entity.country:
                self.countries.setdefault(entity.country, entity)

    def inherit(self, people: list[Entity]) -> None:
        """A person named without a title ("Putin") who is the last words of an official
        named in full ("Tổng thống Nga Vladimir Putin") acts as that official."""
        officials = [p for p in people if (a := self.actor(p)) and a.kind == "official"]
        for person in people:
            actor = self.actor(person)
            if actor is None or actor.kind != "person":
                continue
            words = person.canonical.split()
            for official in officials:
                full = official.canonical.split()
                if len(words) < len(full) and full[-len(words):] == words:
                    self.by_entity[id(person)] = Actor(official, "official", official.country)
                    break


@lru_cache(maxsize=4096)
def credits(text: str) -> tuple[tuple[int, int], ...]:
    """Spans of photo credits and sources in a sentence ("(Ảnh: EPA/TTXVN)", "Ảnh: AFP")."""
    lowered = text.lower()
    if not any(w in lowered for w in ("ảnh", "nguồn", "photo", "video", "clip")):
        return ()
    return tuple(m.span() for m in rules().credit.finditer(text))


def mention_acts(text: str, start: int, end: int, entity: Entity,
                 credit_spans: tuple[tuple[int, int], ...] | list[tuple[int, int]]) -> bool:
    """Is the entity named at ``text[start:end]`` (a sentence) someone who acts there?"""
    r = rules()
    surface = text[start:end]
    if _never(surface):
        return False
    if entity.acronym and surface.lower() == entity.acronym.lower() and not surface.isupper():
        return False  # "Nam" is not NAM
    if credit_spans and any(s <= start < e for s, e in credit_spans):
        return False
    if "(" in text and text[max(0, start - 3) : start].rstrip().endswith("(") and \
            text[end : end + 3].lstrip().startswith(")") and \
            text[max(0, start - 6) : start].rstrip()[:-1].rstrip()[-1:].isalnum():
        return False  # "Quảng Tây (Trung Quốc)", "Công ty Trường Sơn (Bộ Quốc phòng)"
    verdict = _words_before(text[max(0, start - 30) : start].lower(), entity.type)
    if verdict == "place" and entity.type == "ORG":
        # "tại Nhà Trắng", "ở Điện Kremlin": where, not who — a body by its head acts
        return entity.kind == "intl" or bool(r.org_heads.match(entity.canonical))
    return verdict != "other"


@lru_cache(maxsize=16384)
def _words_before(before: str, entity_type: str) -> str:
    """What the words before a name make of it: "owner" ("máy bay Trung Quốc": the country
    owns the force), "other" (a newspaper, a firm, a credit, a team, a place where something
    happens), "place" (a body after "tại"/"ở"), or "" (nothing)."""
    r = rules()
    if r.owner_before.search(before):
        return "owner"
    if r.other_before.search(before):
        return "other"  # "báo Nga", "hãng tin AFP", "theo Reuters", "công ty du lịch Hải Nam"
    if entity_type == "ORG" and re.search(r"(?<!\w)(?:tại|ở)\s+$", before):
        return "place"
    if entity_type == "LOC" and r.locative_before.search(before):
        return "other"
    return ""


# --- country names that are also words --------------------------------------------------------


@dataclass(slots=True, frozen=True)
class _CountryWords:
    by_word: dict[str, str]  # "Mỹ" → "US"
    pattern: re.Pattern[str]
    not_after: re.Pattern[str]
    compounds: frozenset[str]
    initial_witness: frozenset[str]
    blocs: dict[str, str]  # "phương Tây" → "WEST"
    bloc_pattern: re.Pattern[str]


@cache
def _country_words() -> _CountryWords:
    data = read_toml("events.toml")["country_words"]
    by_word = dict(data["words"])
    words = "|".join(sorted(map(re.escape, by_word), key=len, reverse=True))
    compounds = {c.lower() for c in data["compounds"]} | set(names.vocab().country_compounds)
    return _CountryWords(
        by_word=by_word,
        pattern=re.compile(rf"(?<!\w)(?:{words})(?!\w)"),
        not_after=any_of((re.escape(w) for w in data["not_after"]), after=r"\s*$"),
        compounds=frozenset(compounds),
        initial_witness=frozenset(data["initial_needs_witness"]),
        blocs={w.lower(): code for w, code in data["blocs"].items()},
        bloc_pattern=re.compile(any_of(re.escape(w) for w in data["blocs"]).pattern, re.I),
    )


def country_entity(iso: str) -> Entity:
    """The state a country word names, as the gazetteer knows it."""
    for _, entry in gazetteer.entries():
        if entry.kind == "country" and entry.country == iso:
            return Entity(id="", type="LOC", canonical=entry.canonical, name_latin=entry.name_en,
                          country=iso, kind="country")
    return Entity(id="", type="LOC", canonical=iso, country=iso, kind="country")


def country_words(text: str, taken: list[tuple[int, int]], person_words: frozenset[str]
                  ) -> list[tuple[int, int, str, bool]]:
    """Country names the entity stage leaves alone because they are also words or given names
    ("Mỹ", "Nga", "Anh", "Đức", "Pháp"): (start, end, iso, sentence-initial) where one stands
    alone as a name — capitalised, no capitalised word glued before or after it ("Thu Nga",
    "Đức Phúc", "Mỹ Tâm"), not a compound ("Anh hùng", "Pháp luật"), not after a kinship word
    or honorific ("anh Đức", "bà Nga"), not inside a name already found, and no person of the
    article called so."""
    cw = _country_words()
    found: list[tuple[int, int, str, bool]] = []
    for match in cw.pattern.finditer(text):
        start, end, word = match.start(), match.end(), match.group(0)
        if fold(word) in person_words or any(s <= start < e for s, e in taken):
            continue
        after = text[end:].lstrip(" ")
        next_word = after.split(" ", 1)[0] if after[:1].isalpha() else ""
        title_of = any(s == end + 1 for s, _ in taken)  # "Bộ Ngoại giao Nga Maria Zakharova"
        if (next_word[:1].isupper() and not title_of) or \
                f"{word} {next_word}".lower() in cw.compounds:
            continue
        before = text[:start].rstrip(" ")
        initial = not any(c.isalnum() for c in before) or before.endswith((":", '"', "“"))
        previous = before.rsplit(" ", 1)[-1] if before[-1:].isalpha() else ""
        if previous[:1].isupper() and not initial:
            continue  # "Thu Nga", "Đông Đức", "Chủ Nhật"
        if cw.not_after.search(before[-24:].lower()):
            continue
        found.append((start, end, cw.by_word[word], initial))
    return found


def bloc_words(text: str, taken: list[tuple[int, int]]) -> list[tuple[int, int, Entity]]:
    """Blocs written in lower case ("phương Tây"): an international body of their own."""
    cw = _country_words()
    found = []
    for match in cw.bloc_pattern.finditer(text):
        if not any(s <= match.start() < e for s, e in taken):
            code = cw.blocs[match.group(0).lower()]
            found.append((match.start(), match.end(), bloc_entity(
                text[match.start() : match.end()], code)))
    return found


@cache
def bloc_entity(name: str, code: str) -> Entity:
    return Entity(id="", type="ORG", canonical=name, acronym=code, kind="intl")


def initial_needs_witness(word: str) -> bool:
    """"Anh" opening a sentence is as often "he" as Britain: it needs the article to name the
    country elsewhere."""
    return word in _country_words().initial_witness
