"""Stage ``events``: who met, consulted, signed, visited — coded in PLOVER and CAMEO.

Each sentence of the body is scanned for the triggers in ``data/events.toml``:

* verbs report an interaction ("hội kiến", "thăm", "ký kết");
* event nouns ("hội nghị", "cuộc họp", "lễ ký") start an event only with an event
  verb in their clause ("được tổ chức", "đồng chủ trì"); otherwise they refer back
  to one already reported ("Tại hội nghị, …") and add its sentence and people to it;
* statements ("đề nghị", "hoan nghênh", "phản đối") are listed under the interaction
  they were made at, and are events of their own only when there is none.

An event's date comes from its sentence ("Sáng 16/5", "Từ ngày 12 đến 13-2", "vào tháng
10/2025", "ngày 10/6 vừa qua"), completed against the article's own date; "cùng ngày",
"hai bên", "tại hội nghị" tie a sentence to the occasion already reported. Its status is
``happened`` unless negation ("không", "chưa"), a future ("sẽ", "dự kiến") or a wish
("mong muốn", "đề nghị") governs the trigger. Conventions: signing is AGREE/057; a meeting,
visit, conference or consultation is CONSULT with mode ``visit``, ``multilateral`` or
``third-party``; in a visit the visitor is the first side.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from datetime import date
from functools import cache, lru_cache
from itertools import pairwise

from . import gazetteer
from .dates import DateMention, complete_year, find_dates, iso_day
from .normalize import alternation
from .record import Document, Entity, Event, Statement
from .resources import read_toml
from .sentences import Sentence

_TWO_LEADERS = re.compile(r"\bhai\s+(?:Bộ trưởng|Thủ tướng|Chủ tịch|Tổng Bí thư|Ngoại trưởng|"
                          r"nhà lãnh đạo|lãnh đạo|Phó Thủ tướng|Thứ trưởng|Trưởng đoàn|"
                          r"Đại sứ|Tổng thống)", re.I)
_OWN_TIME = re.compile(r"được tổ chức|diễn ra|được tiến hành|được khai mạc", re.I)
_ANOTHER_ACT = re.compile(r"\b(?:tổ chức|triển khai|thực hiện|xây dựng|khởi công)\b", re.I)
_SIDELINES = re.compile(r"\bbên lề\b", re.I)
_ORDINAL = re.compile(r"lần\s+(?:thứ\s+)?(\d+)", re.I)


@dataclass(slots=True, frozen=True)
class Trigger:
    words: tuple[str, ...]
    type: str
    cameo: str
    kind: str
    en: str
    role: str | None
    mode: str | None
    after: re.Pattern[str] | None
    after_for: tuple[str, ...]
    not_after: tuple[str, ...]
    not_before: tuple[str, ...]
    needs_object: tuple[str, ...]
    only_with: tuple[str, ...]


@dataclass(slots=True, frozen=True)
class _Lexicon:
    pattern: re.Pattern[str]
    by_word: dict[str, Trigger]
    frames: tuple[str, ...]
    capitals: dict[str, str]
    # word lists compiled once, each a search for any of its words standing alone in
    # lower-cased text
    event_verb: re.Pattern[str]
    reference_at_end: re.Pattern[str]
    status: dict[str, re.Pattern[str]]
    same_occasion: re.Pattern[str]
    at_event_noun: re.Pattern[str]  # "tại/sau/bên lề" + an event noun
    speech: re.Pattern[str]


def _any_word(words, after: str = r"(?!\w)") -> re.Pattern[str]:
    if not words:
        return re.compile(r"(?!)")  # an empty list never matches
    return re.compile(rf"(?<!\w)(?:{alternation(words)}){after}")


@cache
def lexicon() -> _Lexicon:
    data = read_toml("events.toml")
    by_word: dict[str, Trigger] = {}
    for row in data["trigger"]:
        after = row.get("after")
        trigger = Trigger(
            words=tuple(row["words"]), type=row["type"], cameo=row["cameo"], kind=row["kind"],
            en=row["en"], role=row.get("role"), mode=row.get("mode"),
            after=re.compile(rf"\s*(?:{'|'.join(after)})\b", re.I) if after else None,
            after_for=tuple(row.get("after_for", ())), not_after=tuple(row.get("not_after", ())),
            not_before=tuple(row.get("not_before", ())),
            needs_object=tuple(row.get("needs_object", ())),
            only_with=tuple(row.get("only_with", ())),
        )
        for word in trigger.words:
            by_word.setdefault(word.lower(), trigger)
    pattern = re.compile(rf"(?<![\w])(?:{alternation(by_word)})(?![\w])", re.I)
    nouns = data["nouns"]
    event_nouns = alternation(w for w, t in by_word.items() if t.kind == "noun")
    return _Lexicon(
        pattern, by_word, tuple(nouns["frames"]), dict(data["capitals"]),
        event_verb=_any_word(nouns["event_verbs"]),
        reference_at_end=_any_word(nouns["references"], after=r"\s*$"),
        status={k: _any_word(v) for k, v in data["status"].items()},
        same_occasion=_any_word(data["same_occasion"]),
        at_event_noun=re.compile(rf"(?<!\w)(?:tại|sau|bên lề)\s+(?:{event_nouns})(?!\w)"),
        speech=_any_word(data["speech"]["verbs"]))


# --- triggers in a sentence ----------------------------------------------------------------


@dataclass(slots=True)
class Hit:
    start: int  # offset in the sentence
    end: int
    text: str
    trigger: Trigger


def _word_before(text: str, pos: int) -> str:
    words = re.findall(r"[\w]+", text[max(0, pos - 20) : pos])
    return words[-1].lower() if words else ""


def _accept(hit: Hit, text: str) -> bool:
    t, rest = hit.trigger, text[hit.end :]
    following = rest.lstrip().lower()
    if any(re.match(rf"{re.escape(w)}\b", following) for w in t.not_after):
        return False
    if _word_before(text, hit.start) in t.not_before:
        return False
    needs_after = t.after is not None and (not t.after_for or hit.text.lower() in t.after_for)
    if needs_after and not t.after.match(rest):
        return False
    if t.needs_object and not any(w in following[:30] for w in t.needs_object):
        return False
    return not (t.only_with and not any(re.search(rf"\b{w}\s+(?:được\s+)?$", text[: hit.start],
                                                  re.I) for w in t.only_with))


def find_triggers(text: str) -> list[Hit]:
    lex = lexicon()
    hits = [Hit(m.start(), m.end(), m.group(0), lex.by_word[m.group(0).lower()])
            for m in lex.pattern.finditer(text)]
    return [h for h in hits if _accept(h, text)]


def _clause_bounds(text: str, pos: int) -> tuple[int, int]:
    start = max(text.rfind(";", 0, pos), text.rfind(":", 0, pos)) + 1
    ends = [i for i in (text.find(";", pos), text.find(":", pos)) if i >= 0]
    return start, min(ends) if ends else len(text)


def status_of(text: str, hit: Hit) -> str:
    """happened, unless negation, a future or a wish governs the trigger in its clause."""
    start, _ = _clause_bounds(text, hit.start)
    before = text[start : hit.start].lower()
    words = {kind: lexicon().status[kind].search(before) is not None
             for kind in ("denied", "planned", "proposed")}
    if words["denied"] and hit.trigger.kind != "statement":
        return "denied"
    if hit.trigger.kind == "statement":
        return "denied" if re.search(r"\b(?:không|chưa)\s+$", before) else "happened"
    if words["proposed"]:
        return "proposed"
    if words["planned"]:
        return "planned"
    return "happened"


def noun_role(text: str, hit: Hit) -> str:
    """What an event noun does here: "frame", "reference", "named" or "new"."""
    lex = lexicon()
    start, end = _clause_bounds(text, hit.start)
    before = text[start : hit.start].lower()
    if any(before.rstrip().endswith(f) for f in lex.frames):
        return "frame"  # "trong khuôn khổ chuyến công tác …" sets the scene
    clause = text[start:end].lower()
    has_verb = lex.event_verb.search(clause) is not None
    if re.match(r"\s+[A-ZĐÀ-Ỹ]", text[hit.end :]):
        # "cuộc họp Tham vấn … đã được tổ chức" is new; "dự Diễn đàn Kinh tế mùa Thu"
        # names another event that this sentence does not report
        return "new" if has_verb and not _ends_with_reference(before) else "named"
    if _ends_with_reference(before):
        return "reference"
    if not before.strip():
        return "subject"  # "Cuộc gặp diễn ra …": the meeting just reported, unless dated
    return "new" if has_verb else "reference"


def _ends_with_reference(before: str) -> bool:
    return lexicon().reference_at_end.search(before) is not None


# --- the people, places and sides of a sentence ---------------------------------------------


@dataclass(slots=True)
class _SentenceView:
    index: int
    sentence: Sentence
    people: list[tuple[int, Entity]] = field(default_factory=list)  # offset in sentence
    actors: list[tuple[int, int, Entity]] = field(default_factory=list)  # LOC/ORG mentions


def _views(doc: Document) -> list[_SentenceView]:
    views = [_SentenceView(i, s) for i, s in enumerate(doc.sentences)]
    for entity in doc.entities:
        for m in entity.mentions:
            if m.field != "body" or m.sentence is None or m.sentence >= len(views):
                continue
            view = views[m.sentence]
            offset = m.start - view.sentence.start
            if entity.type == "PER":
                view.people.append((offset, entity))
            elif entity.type in ("LOC", "ORG"):
                view.actors.append((offset, m.end - view.sentence.start, entity))
    for view in views:
        view.people.sort(key=lambda item: item[0])
        view.actors.sort(key=lambda item: item[0])
    return views


def side_of(entity: Entity) -> str | None:
    if entity.type == "ORG" and entity.kind == "intl":
        return entity.acronym or entity.canonical
    return entity.country


def _pair_sides(text: str, view: _SentenceView) -> list[str]:
    """"ASEAN-Trung Quốc", "Việt Nam - Philippines", "giữa X và Y": the two sides named."""
    actors = [(s, e, ent) for s, e, ent in view.actors if side_of(ent)]
    for (_, e1, a), (s2, _, b) in pairwise(actors):
        gap = text[e1:s2]
        if re.fullmatch(r"\s*[-–]\s*", gap) and side_of(a) != side_of(b):
            return [side_of(a), side_of(b)]  # type: ignore[list-item]
    between = re.search(r"giữa\s+(.+?)\s+(?:và|với)\s+(.+?)(?:[,.;]|$)", text)
    if between:
        left = [side_of(e) for s, _, e in actors if between.start(1) <= s < between.end(1)]
        right = [side_of(e) for s, _, e in actors if between.start(2) <= s < between.end(2)]
        left = [x for x in left if x]
        right = [x for x in right if x]
        if left and right and left[0] != right[0]:
            return [left[0], right[0]]
    return []


def _ordered_people(view: _SentenceView, hit: Hit) -> list[Entity]:
    people = [e for _, e in view.people]
    if hit.trigger.role == "host":  # "A tiếp B": B is the visitor, listed first
        before = [e for pos, e in view.people if pos < hit.start]
        after = [e for pos, e in view.people if pos > hit.start]
        people = after + before
    seen: list[Entity] = []
    for person in people:
        if person not in seen:
            seen.append(person)
    return seen


def _sides(text: str, view: _SentenceView, people: list[Entity]) -> list[str]:
    sides = _pair_sides(text, view)
    if sides:
        return sides
    for person in people:
        if person.country and person.country not in sides:
            sides.append(person.country)
    if len(sides) < 2:
        for _, _, actor in view.actors:
            side = side_of(actor)
            if side and side not in sides and actor.kind not in ("sea", "gulf", "region"):
                sides.append(side)
    return sides


def _location(text: str, view: _SentenceView) -> Entity | None:
    """The place after "tại"/"ở" (the first, most specific), or a government body's seat."""
    for start, _, actor in view.actors:
        before = text[max(0, start - 24) : start].lower()
        if not re.search(r"(?:tại|ở|tới|đến|thăm)\s+(?:\w+\s+){0,3}$", before):
            continue
        if actor.type == "LOC":
            return _city_of_venue(text, view, actor, start) if actor.country is None else actor
        if actor.type == "ORG" and "trụ sở" in before and actor.country:
            return _capital(actor.country)
    return None


def _city_of_venue(text: str, view: _SentenceView, venue: Entity, start: int) -> Entity:
    """"tại Nhà khách Quốc gia Điếu Ngư Đài, Bắc Kinh": the city named right after a venue."""
    for other_start, _, actor in view.actors:
        if actor.type == "LOC" and actor.country and start < other_start <= start + 80 \
                and re.fullmatch(r"[^.;]*,\s*", text[start:other_start].split(venue.canonical)[-1]
                                 if venue.canonical in text[start:other_start] else ","):
            return actor
    return venue


def _capital(country: str) -> Entity | None:
    name = lexicon().capitals.get(country)
    matches = gazetteer.find(name) if name else []
    if not matches:
        return None
    entry = matches[0].entry
    return Entity(id="", type="LOC", canonical=entry.canonical, name_latin=entry.name_en,
                  country=entry.country, kind=entry.kind)


# --- dates ----------------------------------------------------------------------------------


@lru_cache(maxsize=2048)
def _dates_in(text: str) -> tuple[DateMention, ...]:
    return tuple(m for m in find_dates(text) if m.month is not None)


def _event_date(text: str, hit: Hit, anchor: date | None, status: str) -> DateMention | None:
    mentions = _dates_in(text)
    if not mentions:
        return None
    before = [m for m in mentions if m.start <= hit.start]
    if before:
        mention = before[-1]
    else:  # a date after the trigger is its own only when nothing else comes between
        mention = mentions[0]
        gap = text[hit.end : mention.start]
        if len(gap.split()) > 6 and not _OWN_TIME.search(gap) and (
                "," in gap or not gap.rstrip().endswith("vào") or _ANOTHER_ACT.search(gap)):
            return None  # the date of something else named after the trigger
    if mention.needs_year and anchor is not None:
        if status in ("planned", "proposed") or re.match(r"\s*(?:tới|sắp tới)", text[mention.end:]):
            mention = mention.with_year(anchor.year if (mention.month, mention.day or 1)
                                        >= (anchor.month, anchor.day) else anchor.year + 1)
        else:
            mention = complete_year(mention, anchor)
    return mention


def _anchor(doc: Document) -> date | None:
    article = doc.article
    return iso_day(article.published_resolved or article.published if article else None)


# --- assembling events ----------------------------------------------------------------------


@dataclass(slots=True)
class _Draft:
    event: Event
    people: list[Entity]
    location: Entity | None
    explicit_date: bool


def _same_occasion(text: str) -> bool:
    lowered, lex = text.lower(), lexicon()
    return bool(lex.same_occasion.search(lowered) or lex.at_event_noun.search(lowered))


def _mode(trigger: Trigger, sides: list[str], location: Entity | None) -> str | None:
    if trigger.type != "CONSULT" or trigger.cameo == "036":
        return None
    if trigger.mode == "phone":
        return "phone"
    if len(sides) > 2 or any(len(s) > 2 for s in sides):
        return "multilateral"
    if location is not None and location.country and sides and location.country not in sides:
        return "third-party"
    if trigger.mode == "visit" or (location is not None and len(sides) == 2):
        return "visit"
    return None


def _cameo(trigger: Trigger, mode: str | None) -> str:
    """The visitor is the first side, so a visit is coded from its side: 042, never 043."""
    if trigger.type == "CONSULT" and trigger.cameo in ("040", "042", "043"):
        return {"visit": "042", "third-party": "044"}.get(mode or "", "040")
    return trigger.cameo


def _new_draft(view: _SentenceView, hit: Hit, status: str, anchor: date | None,
               occasion: _Draft | None, article_sides: list[str]) -> _Draft:
    text, sentence = view.sentence.text, view.sentence
    people = _ordered_people(view, hit)
    when: DateMention | str | None = _event_date(text, hit, anchor, status)
    location = _location(text, view)
    sides = _sides(text, view, people)
    if occasion is not None and status == "happened" and _same_occasion(text):
        if when is None or re.search(r"cùng ngày", text, re.I):
            when = _previous_date(occasion)
        if location is None or location.country is None:
            location = occasion.location
        if not _pair_sides(text, view) and re.search(r"hai bên|hai trưởng đoàn|trưởng đoàn hai",
                                                     text, re.I):
            sides = list(occasion.event.sides)
        if not people and _TWO_LEADERS.search(text):  # "hai Bộ trưởng đã ký": the two leaders
            people = list(occasion.people)
            sides = list(occasion.event.sides)
    if len(sides) < 2 and (not people or not view.index):
        sides = sides + [s for s in article_sides if s not in sides]
    mode = _mode(hit.trigger, sides, location)
    event = Event(
        id="", type=hit.trigger.type, cameo=_cameo(hit.trigger, mode), mode=mode, status=status,
        date=when.iso() if isinstance(when, DateMention) else when,
        date_end=when.iso_end() if isinstance(when, DateMention) else None,
        location=location.canonical if location else None,
        location_en=location.name_latin if location else None,
        people=[p.canonical for p in people], sides=sides, trigger=hit.text,
        evidence=text, start=sentence.start, end=sentence.end, sentences=[view.index],
    )
    return _Draft(event, people, location, explicit_date=isinstance(when, DateMention))


def _previous_date(previous: _Draft) -> str | None:
    return previous.event.date[:10] if previous.event.date else None


def _merge_target(drafts: list[_Draft], draft: _Draft) -> _Draft | None:
    """An earlier event this one repeats: same type and date, shared people (or sides)."""
    by_people, by_sides = None, None
    for other in reversed(drafts):
        if other.event.type != draft.event.type or other.event.status != draft.event.status:
            continue
        if draft.event.date is not None and other.event.date != draft.event.date:
            continue
        if set(draft.event.people) & set(other.event.people):
            by_people = by_people or other
        elif (draft.event.sides and set(draft.event.sides) <= set(other.event.sides)) \
                or (not draft.event.people and not draft.explicit_date):
            by_sides = by_sides or other
    return by_people or by_sides


def _absorb(target: _Draft, view: _SentenceView, people: list[Entity]) -> None:
    if view.index not in target.event.sentences:
        target.event.sentences.append(view.index)
    for person in people:
        if person.canonical not in target.event.people:
            target.event.people.append(person.canonical)
            target.people.append(person)
            if person.country and person.country not in target.event.sides \
                    and not any(len(s) > 2 for s in target.event.sides) \
                    and len(target.event.sides) < 2:
                target.event.sides.append(person.country)


def _statement(view: _SentenceView, hit: Hit, status: str) -> Statement:
    actor = next((e.canonical for pos, e in reversed(view.people) if pos < hit.start), None)
    if actor is None:
        actor = next((side_of(e) for s, _, e in reversed(view.actors)
                      if s < hit.start and side_of(e)), None)
    return Statement(type=hit.trigger.type, cameo=hit.trigger.cameo, status=status,
                     trigger=hit.text, actor=actor, evidence=view.sentence.text,
                     start=view.sentence.start, end=view.sentence.end)


@dataclass(slots=True)
class _State:
    anchor: date | None
    article_sides: list[str]
    drafts: list[_Draft] = field(default_factory=list)
    loose: list[tuple[_SentenceView, Hit, Statement]] = field(default_factory=list)

    @property
    def occasion(self) -> _Draft | None:
        """The latest dated interaction that happened: what "tại hội nghị" refers to."""
        return next((d for d in reversed(self.drafts)
                     if d.explicit_date and d.event.status == "happened"), None)

    def latest(self, type_: str) -> _Draft | None:
        return next((d for d in reversed(self.drafts)
                     if d.event.type == type_ and d.explicit_date), None)


def _interaction(state: _State, view: _SentenceView, hit: Hit, touched: list[_Draft],
                 owned: set[str]) -> _Draft | None:
    text = view.sentence.text
    status = status_of(text, hit)
    same_type = next((d for d in touched if d.event.type == hit.trigger.type), None)
    people = [p for p in _ordered_people(view, hit) if p.canonical not in owned]
    if hit.trigger.kind == "noun":
        role = noun_role(text, hit)
        own_date = _event_date(text, hit, state.anchor, status)
        target = state.latest(hit.trigger.type)
        if role in ("frame", "named"):
            return None
        owners = _owners(view, hit)
        foreign = owners and (target is None or owners[0].canonical not in target.event.people)
        if role in ("reference", "subject") and target is not None and not foreign:
            if own_date is None or own_date.iso() == target.event.date:
                _absorb(target, view, people)
                return target
            return None
        if role in ("reference", "subject") and not foreign:
            return None
        if foreign:  # "chuyến thăm … của Tổng Bí thư X": X's own visit
            return _owned_event(state, view, hit, status, owners)
    if same_type is not None:
        _absorb(same_type, view, people)
        return same_type
    draft = _new_draft(view, hit, status, state.anchor, state.occasion, state.article_sides)
    target = _merge_target(state.drafts, draft)
    if target is not None and _repeats(hit, view.sentence.text, draft, target):
        _absorb(target, view, draft.people)
        return target
    state.drafts.append(draft)
    return draft


def _repeats(hit: Hit, text: str, draft: _Draft, target: _Draft) -> bool:
    """Is this interaction the earlier one told again, rather than a new one that day?"""
    if hit.trigger.kind != "verb":
        return True
    if _SIDELINES.search(text) or not set(draft.event.people) <= set(target.event.people):
        return False  # "Bên lề hội nghị, … đã gặp …", or other people: a meeting of its own
    return not draft.explicit_date and draft.event.location in (None, target.event.location)


def _owners(view: _SentenceView, hit: Hit) -> list[Entity]:
    """The people an event noun belongs to: "chuyến thăm … của Tổng Bí thư X"."""
    after = view.sentence.text[hit.end : hit.end + 120]
    other = lexicon().pattern.search(after)
    if other:
        after = after[: other.start()]
    owner = re.search(r"\bcủa\b", after)
    if not owner:
        return []
    offset = hit.end + owner.end()
    return [e for pos, e in view.people if offset <= pos <= hit.end + len(after) + 60]


def _owned_event(state: _State, view: _SentenceView, hit: Hit, status: str,
                 owners: list[Entity]) -> _Draft:
    for draft in reversed(state.drafts):
        if draft.event.type == hit.trigger.type and owners[0].canonical in draft.event.people:
            _absorb(draft, view, [])
            return draft
    draft = _new_draft(view, hit, status, state.anchor, None, [])
    draft.people = owners[:1]
    draft.event.people = [owners[0].canonical]
    sides = [owners[0].country] if owners[0].country else []
    sides += [s for s in _sides(view.sentence.text, view, []) if s not in sides]
    draft.event.sides = sides[:2]
    state.drafts.append(draft)
    return draft


def _speakers(state: _State, view: _SentenceView) -> None:
    """People who speak in a sentence with no interaction of its own took part in the occasion."""
    occasion = state.occasion
    if occasion is None or occasion.event.type != "CONSULT" or not view.people:
        return
    lowered = view.sentence.text.lower()
    if lexicon().speech.search(lowered):
        _absorb(occasion, view, [e for _, e in view.people])


def events_stage(doc: Document) -> Document:
    """Pipeline stage: fill ``events`` from the body's sentences and entities."""
    state = _State(_anchor(doc), _title_sides(doc))
    for view in _views(doc):
        hits = find_triggers(view.sentence.text)
        touched: list[_Draft] = []
        owned = {p.canonical for h in hits if h.trigger.kind == "noun" for p in _owners(view, h)}
        for hit in (h for h in hits if h.trigger.kind != "statement"):
            draft = _interaction(state, view, hit, touched, owned)
            if draft is not None and draft not in touched:
                touched.append(draft)
        if not touched:
            _speakers(state, view)
        for hit in (h for h in hits if h.trigger.kind == "statement"):
            statement = _statement(view, hit, status_of(view.sentence.text, hit))
            if touched:
                _attach(touched[0], view, statement)
            else:
                state.loose.append((view, hit, statement))
    for view, hit, statement in state.loose:
        home = state.occasion
        if home is not None:
            _attach(home, view, statement)
        else:
            state.drafts.append(_statement_event(view, hit, statement, state.anchor))
    doc.events = [_finish(d, doc) for d in state.drafts]
    return doc


def _attach(draft: _Draft, view: _SentenceView, statement: Statement) -> None:
    draft.event.statements.append(statement)
    if view.index not in draft.event.sentences:
        draft.event.sentences.append(view.index)
        draft.event.sentences.sort()


def _title_sides(doc: Document) -> list[str]:
    """The two sides the headline names ("ASEAN và Trung Quốc cam kết …")."""
    title = doc.article.title if doc.article else None
    if not title:
        return []
    actors = sorted(((m.start, m.end, e) for e in doc.entities for m in e.mentions
                     if m.field == "title" and e.type in ("LOC", "ORG")), key=lambda a: a[0])
    view = _SentenceView(-1, Sentence(0, len(title), title), actors=actors)
    sides = _pair_sides(title, view)
    if not sides:
        sides = [x for x in dict.fromkeys(side_of(e) for _, _, e in actors) if x][:2]
    return sides


def _statement_event(view: _SentenceView, hit: Hit, statement: Statement,
                     anchor: date | None) -> _Draft:
    text = view.sentence.text
    when = _event_date(text, hit, anchor, "happened")
    people = _ordered_people(view, hit)
    sides = _sides(text, view, people)
    event = Event(
        id="", type=hit.trigger.type, cameo=hit.trigger.cameo, mode=None, status=statement.status,
        date=when.iso() if when else None, date_end=when.iso_end() if when else None,
        location=None, location_en=None,
        people=list(dict.fromkeys(e.canonical for _, e in view.people)),
        sides=sides, trigger=hit.text, evidence=text, start=view.sentence.start,
        end=view.sentence.end, sentences=[view.index],
    )
    return _Draft(event, people, None, when is not None)


def _finish(draft: _Draft, doc: Document) -> Event:
    event = draft.event
    key = f"{event.type}|{event.date}|{','.join(event.sides)}|{event.location}|{event.start}"
    event.id = "EV:" + hashlib.sha1(key.encode()).hexdigest()[:12]
    event.summary_en = summary(event, draft.people, doc)
    return event


@cache
def _country_names() -> dict[str, str]:
    return {e.country: e.name_en for _, e in gazetteer.entries()
            if e.kind == "country" and e.country and e.name_en}


def _side_label(side: str, people: list[Entity]) -> str:
    label = _country_names().get(side, side)
    for person in people:
        if person.country == side and person.title:
            for match in gazetteer.find(person.title):
                if match.entry.type == "LOC" and match.entry.kind not in ("country", None) \
                        and match.entry.country == side and match.entry.name_en:
                    return f"{label}/{match.entry.name_en}"
    return label


def summary(event: Event, people: list[Entity], doc: Document) -> str:
    """"2025-10-28 · Hanoi · CONSULT · Viet Nam (…) – China/Guangdong (…): conference (9th)"."""
    parts = []
    for side in event.sides:
        members = [p for p in people if p.country == side]
        who = "; ".join(f"{p.name_latin or p.canonical}, {p.title_en}" if p.title_en
                        else (p.name_latin or p.canonical) for p in members)
        label = _side_label(side, members)
        parts.append(f"{label} ({who})" if who else label)
    trigger = lexicon().by_word.get(event.trigger.lower())
    what = trigger.en if trigger else event.trigger
    ordinal = _ORDINAL.search(event.evidence)
    if ordinal:
        what += f" ({_ordinal(int(ordinal.group(1)))})"
    if event.status != "happened":
        what += f" [{event.status}]"
    head = " · ".join(x for x in (event.date or "undated", event.location_en or event.location
                                  or "place unknown", event.type) if x)
    return f"{head} · {' – '.join(parts) or 'sides unknown'}: {what}"


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"
