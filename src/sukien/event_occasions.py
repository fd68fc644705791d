"""One record per real-world act: event drafts, the occasion they belong to, and merging.

An article tells one act many times — the headline, the sapo, the body, a caption — and
reports what was said there. The rules, in the order they apply to a trigger:

1. Actors first: a draft needs a source and a target resolved to actors, one of them
   political (``event_actors``); a threat, a deployment or a withdrawal needs one political
   actor. "hai bên", "hai Bộ trưởng" take the occasion's participants; a sentence that names
   none takes the headline's pair only when it opens the article or reports a dated meeting.
   In sport, showbiz, travel, tech, health, science and education articles both actors must be
   political people or bodies of two different sides.
2. A back-reference never opens an event: an event noun after "tại/sau/trong" ("Tại buổi
   tiếp, …"), a sentence opened by one ("Cuộc gặp diễn ra …") and "hai bên" add their
   sentence and people to the event already reported, or nothing when there is none — unless
   it names a partner of its own ("Tại cuộc gặp Thủ tướng Hun Sen, …") or a date of its own.
3. A later sentence repeating an act (same type, the same date or none, shared people or
   sides) is the same record; "bên lề" (on the sidelines) or other people make a new one.
4. Statements ("đề nghị", "hoan nghênh") are listed under the interaction of their sentence
   or the occasion being reported. With none, one speaker's statements of one type are one
   event ("Chủ tịch nước đề nghị …" five times in a speech is one REQUEST).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date

from .dates import DateMention
from .event_actors import Actor, Cast
from .event_context import (
    Parties,
    View,
    When,
    event_date,
    location,
    noun_role,
    one_day,
    pair_sides,
    parties,
    sides_of,
    spoken_on,
    status_of,
    unique,
)
from .event_triggers import Hit, clause_bounds, lexicon
from .record import Entity, Event, Statement


@dataclass(slots=True)
class Draft:
    event: Event
    actors: list[Actor]  # participants, the source (or visitor) first
    location: Entity | None
    explicit_date: bool  # dated by its own sentence
    source: list[Actor] = field(default_factory=list)
    from_reference: bool = False  # first told in passing ("tại hội nghị … hôm nay, …")

    @property
    def people(self) -> list[Entity]:
        return [a.entity for a in self.actors if a.entity.type == "PER"]


@dataclass(slots=True)
class Loose:
    """A statement made where the article reports no interaction."""

    view: View
    hit: Hit
    statement: Statement
    parties: Parties
    home: Draft | None  # the occasion being reported when it was said


@dataclass(slots=True)
class State:
    anchor: date | None
    cast: Cast
    headline: list[Actor]  # the pair of actors the headline names
    drafts: list[Draft] = field(default_factory=list)
    loose: list[Loose] = field(default_factory=list)
    last_official: Actor | None = None
    current: tuple[str, int] = ("body", -1)  # the sentence being read
    # the country aid was last said to go to, and the sentence that said so
    recipient: tuple[Actor, str, int] | None = None
    # sentences that date what their political actors said: (field, index, actors, day)
    spoken: list[tuple[str, int, Actor, When]] = field(default_factory=list)
    recent: list[tuple[str, int, str]] = field(default_factory=list)  # the last sentences

    def _happened(self) -> list[Draft]:
        return [d for d in self.drafts if d.event.status == "happened"
                and d.event.type in ("CONSULT", "AGREE")]

    @property
    def occasion(self) -> Draft | None:
        """The latest dated meeting or signing that happened: whose date and place "cùng
        ngày", "tại hội nghị" and "hai bên" carry to a follow-up."""
        return next((d for d in reversed(self._happened()) if d.explicit_date), None)

    @property
    def scene(self) -> Draft | None:
        """The meeting being reported, where statements are made: the occasion, or a meeting
        first told no more than three sentences back ("Tại cuộc gặp Thủ tướng Hun Sen, …")."""
        happened = self._happened()
        if happened:
            last = happened[-1]
            field_, index = self.current
            if last.event.field == field_ and last.event.sentences and \
                    0 <= index - last.event.sentences[0] <= 3:
                return last
        return self.occasion

    def note_recipient(self, view: View, hits: list[Hit]) -> None:
        for hit in hits:
            if hit.trigger.type == "AID" and (found := _recipient(view, hit)) is not None:
                self.recipient = (found, view.field, view.index)

    def note_day(self, view: View) -> None:
        if view.field in ("body", "lede"):
            self.recent = [*self.recent[-3:], (view.field, view.index, view.text)]

    def day_before(self, view: View) -> When | None:
        """The day the sentence or two before named ("Cùng ngày, …" follows it) — or, at the
        top of the body, the day the sapo named."""
        for field_, index, text in reversed(self.recent):
            near = field_ == view.field == "body" and 1 <= view.index - index <= 2
            top = field_ == "lede" and view.field == "body" and 0 <= view.index <= 2
            when = one_day(text, self.anchor) if near or top else None
            if when is not None:
                return When(when.mention, inferred=True)
        return None

    def note_spoken(self, view: View) -> None:
        found = spoken_on(view.text, self.anchor) if view.index >= 0 else None
        if found is None:
            return
        verb, when = found
        start, _ = clause_bounds(view.text, verb)
        subject = [p.actor for p in view.actors if p.actor.political and start <= p.start < verb]
        if subject:  # who spoke: the clause's subject, its first political actor
            self.spoken.append((view.field, view.index, subject[0], when))

    def said_on(self, view: View, source: list[Actor]) -> When | None:
        """The day the speaker was said to speak a sentence or two before ("Ngày 30/4, Bộ
        Ngoại giao Nhật Bản thông báo …" … "“…”, Bộ Ngoại giao Nhật Bản cho biết."): every
        speaker of the statement is that one, or its state."""
        for field_, index, speaker, when in reversed(self.spoken):
            if field_ == view.field and 1 <= view.index - index <= 2:
                if source and all(a.same(speaker) or (a.kind == "state" and a.side == speaker.side)
                                  for a in source):
                    return when
                return None  # the latest speaker before it is someone else
        return None

    def aid_recipient(self, view: View) -> Actor | None:
        """The country aid went to in the last two sentences of the same field."""
        if self.recipient is None:
            return None
        actor, field_, index = self.recipient
        close = field_ == view.field and (view.index < 0 or 0 <= view.index - index <= 2)
        return actor if close else None

    def referent(self, hit: Hit) -> Draft | None:
        """The event an event noun refers back to: the latest of its type told with the same
        noun ("đồng chủ trì Hội nghị" … "Tại Hội nghị"), else the latest dated one, else the
        latest one."""
        same = [d for d in self.drafts if d.event.type == hit.trigger.type]
        word = hit.text.lower()
        return next((d for d in reversed(same) if word in d.event.evidence.lower()), None) \
            or next((d for d in reversed(same) if d.explicit_date), None) \
            or (same[-1] if same else None)


# --- admissibility -----------------------------------------------------------------------------


def admissible(actors: list[Actor], who: Parties, hit: Hit, cast: Cast) -> bool:
    """Actors first: who must be resolved for this act to be an event."""
    political = [a for a in actors if a.political]
    sides = sides_of(actors)
    if not political and hit.trigger.type == "AGREE" and len(sides_of(
            [a for a in actors if a.kind == "company"])) >= 2:
        return True  # firms of two countries sign ("lễ ký kết giữa VPBank và SMBC")
    if not political or not sides:
        return False  # no political actor, or nobody whose side is known
    if not cast.political_topic:
        return len(sides_of(political)) >= 2  # political people or bodies of two sides
    if hit.trigger.single_actor:
        return any(a.political for a in who.source)
    if who.collective and hit.trigger.kind == "noun" and any(
            a.entity.kind == "intl" for a in actors):
        return True  # the members of an international body meet
    if hit.trigger.kind != "noun" and not hit.trigger.nominal and not (
            who.source or who.collective or who.pair):
        return False  # an act needs its actor named before it
    participants = _distinct(actors)
    if len(participants) < 2:
        return False
    if any(a.kind == "company" for a in participants) and hit.trigger.type != "AGREE":
        return False  # a firm is a party to a signing only
    if len(sides) >= 2:
        return True
    # one side: a signing with a government, or an official meeting someone ("Thủ tướng làm
    # việc với …") — a body, a person or a province, not their own country — not a session or
    # conference of one country's bodies
    return hit.trigger.type == "AGREE" or (
        hit.trigger.type == "CONSULT" and (hit.trigger.kind == "verb" or who.partnered)
        and any(a.kind == "official" for a in participants)
        and any(a.kind not in ("state", "capital") for a in participants
                if a.kind != "official"))


def _distinct(actors: list[Actor]) -> list[Actor]:
    """Participants, a state dropped when one of its people or bodies is there."""
    people_sides = {a.side for a in actors if a.kind not in ("state", "capital") and a.side}
    return [a for a in actors if not (a.kind in ("state", "capital") and a.side in people_sides
                                      and len(people_sides) > 1)]


# --- drafts ------------------------------------------------------------------------------------


def who_acts(state: State, view: View, hit: Hit, hits: list[Hit]) -> Parties:
    """The parties of the act; "hai bên", "hai Bộ trưởng", "Hội nghị nhất trí …" stand for
    the participants of the occasion being reported."""
    found = parties(view, hit, hits, state.last_official)
    occasion = state.scene
    if occasion is None:
        return found
    source = occasion.source or occasion.actors[:1]
    if not found.source and _led_by_delegation(view, hit):  # "đoàn đã hội đàm với …"
        return Parties(source, found.target, False, found.pair)
    collective_subject = not found.source and (_led_by_event_noun(view, hit) or bool(
        lexicon().collective.search(view.text[: hit.start].lower())))
    if collective_subject or (found.collective and len(_distinct(found.all)) < 2):
        # "Hai Thủ tướng nhất trí …", "Hội nghị kêu gọi …", "hai bên đã ký"
        target = [a for a in occasion.actors if all(not a.same(b) for b in source)]
        return Parties(source, target, True, list(occasion.event.sides))
    return found


def _led_by_delegation(view: View, hit: Hit) -> bool:
    start, _ = clause_bounds(view.text, hit.start)
    return bool(lexicon().delegation.search(view.text[start : hit.start].lower()))


def _led_by_event_noun(view: View, hit: Hit) -> bool:
    """"Hội nghị nhất trí …", "Các Bộ trưởng hoan nghênh …": the meeting speaks."""
    start, _ = clause_bounds(view.text, hit.start)
    return bool(lexicon().collective_subject.match(view.text[start : hit.start].lower()))


def new_draft(state: State, view: View, hit: Hit, hits: list[Hit], status: str,
              who: Parties, occasion: bool = True) -> Draft | None:
    text = view.text
    actors = who.all
    if hit.trigger.role == "visitor" and not who.target:
        place = _visited(view, hit)
        if place is not None:
            actors = unique([*actors, place])
    if hit.trigger.type == "AID" and all(a.kind in ("capital", "place") for a in who.source):
        # no giver named before the verb, or only where the goods landed ("hạ cánh xuống New
        # Delhi …, chuyển lô hàng …")
        owner = _owner_of_goods(view, hit, who.target)
        if owner is not None:  # "chuyển lô hàng cứu trợ của Mỹ cho Ấn Độ": the owner gives
            who = replace(who, source=[owner], target=[a for a in who.target if a is not owner])
            actors = unique([owner, *who.target])
    if hit.trigger.type == "AID" or hit.trigger.cameo == "033":
        # given to: right after the verb or after "cho", "tới" … ("gửi trợ giúp, và một lô
        # vắc xin của Nga …": Russia is not where the help went)
        kept = [a for a in who.target if _given_to(view, hit, a)]
        if len(kept) < len(who.target):
            who = replace(who, target=kept)
            actors = unique(who.source + kept)
    if (hit.trigger.type == "AID" or hit.trigger.cameo == "033") and not who.target:
        # "gửi … tới Ấn Độ", "… cho các bệnh viện tại Ấn Độ", or where aid was said to go
        # a sentence or two before ("Nhiều nước gửi ôxy cho Ấn Độ. Singapore đã gửi …")
        place = _recipient(view, hit) or _requester(view, hit) or state.aid_recipient(view)
        if place is not None and all(place.side != a.side for a in who.source):
            actors = unique([*actors, place])
    if hit.trigger.needs_target and not any(
            a.side and all(a.side != b.side for b in who.source) for a in actors):
        return None  # help or a pledge to nobody of another side
    if len(_distinct(actors)) < 2 and not hit.trigger.single_actor and not (
            who.collective and any(a.entity.kind == "intl" for a in actors)) and _may_use_headline(
            view, hit, text) and state.headline:
        actors = unique(actors + state.headline)
        who = Parties(who.source or state.headline[:1], who.target, True, who.pair)
    if not admissible(actors, who, hit, state.cast):
        return None
    source = who.source or actors[:1]
    when = event_date(text, hit, state.anchor, status)
    if background(text, hit, when, state.anchor):
        return None
    place = location(view)
    sides = _sides(view, hit, actors, who.pair)
    home = state.occasion if occasion else None
    if home is not None and status == "happened" and _same_occasion(text):
        if when is None or re.search(r"cùng ngày", text, re.I):
            when = _occasion_date(home)
        if place is None or place.country is None:
            place = home.location
    elif home is not None and status == "proposed" and when is None and \
            hit.trigger.type == "AGREE" and (who.collective or _same_occasion(text)):
        when = _occasion_date(home)  # an intent to sign is dated when it was stated
    if when is None and status == "happened" and _SAME_DAY.match(text):
        when = state.day_before(view)  # "Cùng ngày, Bộ Ngoại giao Pháp thông báo …"
    mode = _mode(hit, sides, place)
    event = Event(
        id="", type=hit.trigger.type, cameo=_cameo(hit, mode), mode=mode, status=status,
        date=when.mention.iso() if when else None,
        date_end=when.mention.iso_end() if when else None,
        location=place.canonical if place else None,
        location_en=place.name_latin if place else None,
        people=[a.name for a in actors if a.entity.type == "PER"], sides=sides,
        trigger=hit.text, evidence=text, start=view.sentence.start, end=view.sentence.end,
        sentences=[view.index] if view.index >= 0 else [],
        date_inferred=when.inferred if when else None, field=view.field,
        source=[a.name for a in source],
        target=[a.name for a in actors if all(not a.same(b) for b in source)],
    )
    explicit = when is not None and (when.mention.text != "" or "cùng ngày" in text.lower())
    return Draft(event, actors, place, explicit, source)


def background(text: str, hit: Hit, when: When | None, anchor: date | None) -> bool:
    """An act of another year: its clause names an earlier year ("đạt thỏa thuận Minsk vào
    năm 2015") or its date is more than a year before the article's."""
    if anchor is None:
        return False
    if when is not None and when.mention.year:
        mention = when.mention
        months = (anchor.year - mention.year) * 12 + anchor.month - (mention.month or 12)
        return months > 12  # "Hồi tháng 9/2017" in an article of 2021
    start, end = clause_bounds(text, hit.start)
    years = [int(y) for y in re.findall(r"(?<!\d)(?:năm|từ năm|vào năm)\s+((?:19|20)\d\d)(?!\d)",
                                        text[start:end], re.I)]
    return bool(years) and max(years) < anchor.year


def _may_use_headline(view: View, hit: Hit, text: str) -> bool:
    """A sentence naming no actors stands for the headline's pair when it opens the body or
    the sapo, or when it reports a meeting with its date."""
    if view.index in (-1, 0, 1):
        return True
    return hit.trigger.kind == "noun" and bool(lexicon().own_time.search(text.lower()))


def _visited(view: View, hit: Hit) -> Actor | None:
    """"đã thăm Quảng Châu": the place visited stands for its country."""
    for start, _, place in view.places:
        if place.type == "LOC" and place.country and 0 <= start - hit.end <= 12:
            return Actor(place, "place", place.country)
    return None


def _recipient(view: View, hit: Hit) -> Actor | None:
    """The country aid goes to: the first one named after the verb in its clause, right after
    it or after "cho", "tới", "đến", "sang" ("gửi ôxy tới Ấn Độ", "hỗ trợ Campuchia", "cho
    các bệnh viện tại Ấn Độ") — not a country named in passing ("vắc xin của Nga")."""
    text = view.text
    _, end = clause_bounds(text, hit.start)
    comma = text.find(",", hit.end, end)
    end = comma if comma >= 0 else end  # "…, Thủ tướng Lào cho biết": not where it went
    for start, _, place in view.places:
        if place.type == "LOC" and place.kind == "country" and hit.end <= start < end and (
                start - hit.end <= 2 or _TO.search(text[max(hit.end, start - 40) : start])):
            return Actor(place, "state", place.country)
    return None


def _given_to(view: View, hit: Hit, actor: Actor) -> bool:
    text = view.text
    for placed in view.actors:
        if placed.actor.same(actor) and placed.start >= hit.end:
            before = text[max(hit.end, placed.start - 40) : placed.start]
            return placed.start - hit.end <= 2 or bool(_TO.search(before)) or (
                hit.trigger.role == "shipment" and bool(_REACHED.search(before)))
    return True  # named elsewhere (a collective, the occasion's participants)


_TO = re.compile(r"(?<!\w)(?:cho|tới|đến|sang|giúp|hỗ trợ|viện trợ|cứu|giải cứu|cứu hộ|tìm kiếm|"
                 r"tìm|(?:đề nghị|yêu cầu|lời kêu gọi) của)(?:\s+\S+){0,3}?\s+"
                 r"(?:(?:các|những)(?:\s+\S+){1,5}?\s+(?:tại|ở|của)\s+)?$", re.I)


def _sides(view: View, hit: Hit, actors: list[Actor], pair: list[str]) -> list[str]:
    if len(pair) == 2:
        return pair
    if hit.trigger.kind == "noun" or hit.trigger.type == "AGREE":
        paired = pair_sides(view)
        if paired:
            return paired
    return sides_of(actors)


_SAME_DAY = re.compile(r"\W*(?:(?:sáng|chiều|tối|trưa|đêm)\s+)?(?:cũng\s+)?(?:trong\s+)?cùng\s+ngày"
                       r"(?!\w)", re.IGNORECASE)


def _occasion_date(occasion: Draft) -> When | None:
    date_ = occasion.event.date
    if not date_:
        return None
    y, m, d = (int(x) for x in date_[:10].split("-")) if len(date_) >= 10 else (0, 0, 0)
    if not y:
        return None
    return When(DateMention("", 0, 0, day=d, month=m, year=y),
                inferred=bool(occasion.event.date_inferred))


def _same_occasion(text: str) -> bool:
    lowered, lex = text.lower(), lexicon()
    return bool(lex.same_occasion.search(lowered) or lex.at_event_noun.search(lowered))


def _mode(hit: Hit, sides: list[str], place: Entity | None) -> str | None:
    trigger = hit.trigger
    if trigger.type != "CONSULT" or trigger.cameo == "036":
        return None
    if trigger.mode == "phone":
        return "phone"
    if len(sides) > 2 or any(len(s) > 2 for s in sides):
        return "multilateral"
    if place is not None and place.country and sides and place.country not in sides:
        return "third-party"
    if trigger.mode == "visit" or (place is not None and len(sides) == 2):
        return "visit"
    return None


def _cameo(hit: Hit, mode: str | None) -> str:
    """The visitor is the first side, so a visit is coded from its side: 042, never 043."""
    trigger = hit.trigger
    if trigger.type == "CONSULT" and trigger.cameo in ("040", "042", "043"):
        return {"visit": "042", "third-party": "044"}.get(mode or "", "040")
    return trigger.cameo


# --- merging -----------------------------------------------------------------------------------


def merge_target(drafts: list[Draft], draft: Draft) -> Draft | None:
    """An earlier event this one repeats: same type and date, shared people (or sides)."""
    by_people, by_sides = None, None
    names = set(draft.event.people)
    for other in reversed(drafts):
        if other.event.type != draft.event.type or other.event.status != draft.event.status:
            continue
        if draft.event.date is not None and other.event.date is not None \
                and other.event.date[:10] != draft.event.date[:10]:
            continue
        if names & set(other.event.people) or (
                draft.event.date is not None and draft.event.date == other.event.date
                and draft.event.trigger.lower() == other.event.trigger.lower()):
            by_people = by_people or other  # the same people, or the same meeting that day
        elif draft.event.sides and set(draft.event.sides) <= set(other.event.sides):
            by_sides = by_sides or other
    return by_people or by_sides


def repeats(hit: Hit, view: View, draft: Draft, target: Draft) -> bool:
    """Is this act the earlier one told again, rather than a new one that day?"""
    if hit.trigger.kind != "verb":
        return True  # a noun or a statement refers to what was reported
    if lexicon().sidelines.search(view.text.lower()):
        return False  # "Bên lề hội nghị, … đã gặp …": a meeting of its own
    same_people = set(draft.event.people) <= set(target.event.people)
    if view.field != target.event.field:  # the headline or sapo told again in the body
        # … or told with more people: the sapo's participants all there, the same sides
        return same_people or hit.text.lower() == target.event.trigger.lower() or (
            len(draft.event.sides) >= 2 and set(draft.event.sides) == set(target.event.sides)
            and set(target.event.people) <= set(draft.event.people))
    if not same_people and (draft.event.type == "CONSULT"
                            or set(draft.event.sides) != set(target.event.sides)):
        return False  # other people: a meeting of its own (aid told by its spokesman is not)
    if target.event.date is None and draft.explicit_date and set(draft.event.sides) <= set(
            target.event.sides) and draft.event.type != "CONSULT" and \
            draft.event.trigger.lower() == target.event.trigger.lower():
        return True  # "Mỹ, EU … áp lệnh trừng phạt …" told again with its month
    return not draft.explicit_date and draft.event.location in (None, target.event.location)


def absorb(target: Draft, view: View, actors: list[Actor], other: Draft | None = None) -> None:
    """Add a sentence telling ``target`` again, with its participants and what it adds."""
    event = target.event
    if view.index >= 0 and view.index not in event.sentences:
        event.sentences.append(view.index)
        event.sentences.sort()
    if view.field != event.field and view.field not in event.support:
        event.support.append(view.field)
    for actor in actors:
        if any(actor.same(a) for a in target.actors):
            continue
        target.actors.append(actor)
        if actor.entity.type == "PER" and actor.name not in event.people:
            event.people.append(actor.name)
        if actor.side and actor.side not in event.sides and len(event.sides) < 2 \
                and not any(len(s) > 2 for s in event.sides):
            event.sides.append(actor.side)
    if other is not None:
        _fill(target, other)


def _fill(target: Draft, other: Draft) -> None:
    """What a retelling adds: the date, place and sides the first telling did not give; the
    sentence that reports the act becomes its evidence when it was first told in passing."""
    event, more = target.event, other.event
    if target.from_reference and not other.from_reference and more.field == event.field:
        event.evidence, event.start, event.end = more.evidence, more.start, more.end
        event.trigger, target.from_reference = more.trigger, False
    if event.date is None and more.date is not None:
        event.date, event.date_end = more.date, more.date_end
        event.date_inferred = more.date_inferred
        target.explicit_date = target.explicit_date or other.explicit_date
    if event.location is None and more.location is not None:
        event.location, event.location_en = more.location, more.location_en
        target.location = other.location
    for side in more.sides:
        if side not in event.sides and len(event.sides) < 2:
            event.sides.append(side)


# --- interactions ------------------------------------------------------------------------------


def interaction(state: State, view: View, hit: Hit, hits: list[Hit],
                touched: list[Draft]) -> Draft | None:
    text = view.text
    status = status_of(text, hit)
    if status is None or status == "denied":
        return None  # background, a condition, or an act that did not take place
    if status == "proposed" and hit.trigger.type == "AID":
        return None  # "đề nghị Nhật Bản hỗ trợ vaccine": help asked for, not pledged
    if status != "happened" and hit.trigger.type == "AID":
        hit = pledge(hit)  # "Mỹ sẽ hỗ trợ Ấn Độ": the pledge is the act, AGREE 033 in PLOVER
        status = "happened"
    if status != "happened" and hit.trigger.type not in ("CONSULT", "AGREE"):
        return None  # a sanction or a deployment that is only wished or planned is no act
    if hit.trigger.role == "shipment":
        return shipment(state, view, hit)
    if _alternative(text, hit, hits):
        return None  # "đã điều tàu tới giúp hoặc đề nghị hỗ trợ": one or the other, not both
    same_type = next((d for d in touched if d.event.type == hit.trigger.type), None)
    who = who_acts(state, view, hit, hits)
    if hit.trigger.role == "declared":
        who = _declared(view, hit, who)
    if hit.trigger.kind == "noun":
        role = noun_role(text, hit)
        if role in ("frame", "plural"):
            return None
        bloc = named_bloc(view, hit) if hit.trigger.type == "CONSULT" and status == "happened" \
            else None
        if bloc is not None and (attended(view, hit) or role == "new" or lexicon().setting.search(
                text[max(0, hit.start - 12) : hit.start].lower())):
            return bloc_meeting(state, view, hit, status, who, bloc)
        if _partner(view, hit) is not None:  # "Tại cuộc gặp Thủ tướng Hun Sen, …"
            return _reference(state, view, hit, hits, status, who)
        if role == "named":
            return None
        by = owners(view, hit)
        target = state.referent(hit)
        if by and (target is None or all(not by[0].same(a) for a in target.actors)):
            return owned_event(state, view, hit, status, who, by)
        if role in ("reference", "subject"):
            return _reference(state, view, hit, hits, status, who)
    if hit.trigger.kind == "verb" and lexicon().verb_reference.search(
            text[max(0, hit.start - 14) : hit.start].lower()):
        return _reference(state, view, hit, hits, status, who)  # "Tại lễ ký kết, …"
    if same_type is not None and (not who.all or any(
            a.same(b) for a in who.all for b in same_type.actors)) and not (
            who.source and not any(a.side == b.side for a in who.source
                                   for b in same_type.actors)):
        # "Mỹ trục xuất …, Ba Lan cũng trục xuất …": another actor's act of the same kind
        absorb(same_type, view, who.all)  # one act told with two words in one sentence
        return same_type
    if hit.trigger.type == "AGREE" and not who.target:
        visit = next((d for d in touched if d.event.type == "CONSULT" and d.event.mode == "visit"
                      and any(a.same(b) for a in who.source for b in d.source)), None)
        if visit is not None:  # "bay đến Iran và ký một thỏa thuận": signed with the host
            who = replace(who, target=[a for a in visit.actors
                                       if all(not a.same(b) for b in visit.source)])
    draft = new_draft(state, view, hit, hits, status, who)
    if draft is None:
        return None
    target = merge_target(state.drafts, draft)
    if target is not None and repeats(hit, view, draft, target):
        absorb(target, view, draft.actors, draft)
        return target
    parts = each_giver(draft)
    if len(parts) < 2:
        state.drafts += parts
        return draft
    for part in parts:  # each state's act told again is its earlier record
        told = merge_target(state.drafts, part)
        if told is not None and repeats(hit, view, part, told):
            absorb(told, view, part.actors, part)
        else:
            state.drafts.append(part)
    return draft


def shipment(state: State, view: View, hit: Hit) -> Draft | None:
    """A consignment of aid on its way or arrived: from the country after "từ"/"của" ("chuyến
    hàng viện trợ đầu tiên từ Anh đã đến Ấn Độ"), or the one the last pledge came from when
    it is referred to ("Lô hàng cứu trợ này dự kiến sẽ cập cảng …": the pledge was shipped)."""
    text = view.text
    if status_of(text, hit) == "denied":
        return None
    after = text[hit.end : hit.end + 60]
    giver = None
    for start, _, place in view.places:
        if place.type == "LOC" and place.kind == "country" and hit.end <= start and re.search(
                r"(?<!\w)(?:từ|của)\s+(?:\S+\s+){0,1}$", text[hit.end : start]):
            giver = Actor(place, "state", place.country)
            break
    if giver is None:
        if not re.match(r"\s*(?:cứu trợ|viện trợ|hỗ trợ)?\s*(?:này|trên|đó)(?!\w)", after):
            return None
        pledge_ = next((d for d in reversed(state.drafts) if d.event.cameo == "033"
                        and d.event.field == view.field and d.event.sentences
                        and 0 <= view.index - d.event.sentences[-1] <= 2), None)
        if pledge_ is None:
            return None
        event = pledge_.event  # the pledge was shipped: aid sent
        event.type, event.cameo, event.status = "AID", "073", "happened"
        absorb(pledge_, view, [])
        return pledge_
    recipient = next((c for c in (_recipient(view, hit), _landed_in(view, hit),
                                  state.aid_recipient(view))
                      if c is not None and c.side != giver.side), None)
    if recipient is None:
        return None
    draft = new_draft(state, view, hit, [], "happened", Parties([giver], [recipient]))
    if draft is None:
        return None
    _date_arrival(state, view, hit, draft)
    target = merge_target(state.drafts, draft)
    if target is not None:
        absorb(target, view, draft.actors, draft)
        return target
    state.drafts.append(draft)
    return draft


def _date_arrival(state: State, view: View, hit: Hit, draft: Draft) -> None:
    """A consignment is dated by its arrival ("… của Mỹ đã hạ cánh xuống New Delhi sáng 8/5"):
    the day named in the clause of the verb that says it arrived."""
    near = hit.trigger.needs_near
    arrived = near.search(view.text, hit.end, hit.end + 100) if near else None
    if draft.event.date is not None or arrived is None:
        return
    when = event_date(view.text, Hit(arrived.start(), arrived.end(), arrived.group(), hit.trigger),
                      state.anchor, "happened")
    if when is not None:
        draft.event.date, draft.event.date_end = when.mention.iso(), when.mention.iso_end()
        draft.event.date_inferred = when.inferred
        draft.explicit_date = True


def _declared(view: View, hit: Hit, who: Parties) -> Parties:
    """The sentence's first political actor declares; those of other sides named between it
    and the words are declared ("Nga …, tuyên bố 10 nhà ngoại giao Mỹ … không được chào đón")."""
    named = [p for p in view.actors if p.start < hit.start and p.actor.political and p.actor.side]
    if not named:
        return who
    declarer = named[0].actor
    declared = unique([p.actor for p in named[1:] if p.actor.side != declarer.side])
    return Parties([declarer], declared, False, []) if declared else who


def _requester(view: View, hit: Hit) -> Actor | None:
    """Who asked for the help sent: "Theo đề nghị từ phía chính phủ Indonesia, Mỹ đã điều …"."""
    for placed in view.actors:
        if placed.start < hit.start and re.search(
                r"(?<!\w)theo\s+(?:đề nghị|yêu cầu|lời kêu gọi)\s+(?:của|từ phía|từ)\s+"
                r"(?:phía\s+)?(?:chính phủ\s+|chính quyền\s+)?$",
                view.text[max(0, placed.start - 50) : placed.start], re.IGNORECASE):
            return placed.actor
    return None


def _owner_of_goods(view: View, hit: Hit, named: list[Actor]) -> Actor | None:
    """The state whose goods the verb moves: named after "của" right after the goods, with
    the one they go to after "cho"/"tới" ("chuyển lô hàng cứu trợ của Mỹ cho Ấn Độ")."""
    text = view.text
    for placed in view.actors:
        if placed.start > hit.end and any(placed.actor.same(a) for a in named) and \
                placed.actor.kind == "state" and re.search(
                    r"(?<!\w)của\s+$", text[hit.end : placed.start]) and \
                len(text[hit.end : placed.start].split()) <= 8 and re.match(
                    r"\s+(?:cho|tới|đến|sang)\s", text[placed.end :]):
            return placed.actor
    return None


def _landed_in(view: View, hit: Hit) -> Actor | None:
    """"… đã hạ cánh xuống New Delhi", "đã đến Mumbai": the country of the place reached."""
    text = view.text
    _, end = clause_bounds(text, hit.start)
    for start, _, place in view.places:
        if place.type == "LOC" and place.country and hit.end <= start < end and _REACHED.search(
                text[max(hit.end, start - 24) : start]):
            return Actor(place, "place", place.country)
    return None


_REACHED = re.compile(r"(?<!\w)(?:hạ cánh(?: xuống)?|đã đến|đã tới|cập cảng|về đến|tới|đến)"
                      r"(?: sân bay| thủ đô| thành phố)?\s+$", re.I)


def _alternative(text: str, hit: Hit, hits: list[Hit]) -> bool:
    start, _ = clause_bounds(text, hit.start)
    return any(start <= h.end <= hit.start and re.search(r"(?<!\w)hoặc(?!\w)",
                                                          text[h.end : hit.start])
               for h in hits if h.trigger.kind != "statement" and h is not hit)


def each_giver(draft: Draft) -> list[Draft]:
    """"Singapore và Malaysia đã điều tàu cứu hộ tới Indonesia": each country gives its own
    aid (or pledges it, or recognises a state), one record per giver (a meeting or a joint
    sanction stays one act)."""
    event = draft.event
    givers = [a for a in draft.source if a.side]
    if (event.type != "AID" and event.cameo not in ("033", "054")) or len(sides_of(givers)) < 2:
        return [draft]  # aid, pledges and recognitions: each state's own act
    others = [a for a in draft.actors if a.side not in sides_of(givers)]
    if not others:
        return []  # givers and nobody given to: not an act between sides
    out: list[Draft] = []
    for side in sides_of(givers):
        mine = [a for a in givers if a.side == side]
        actors = mine + others
        copy = replace(event, sides=sides_of(actors), source=[a.name for a in mine],
                       target=[a.name for a in others],
                       people=[a.name for a in actors if a.entity.type == "PER"],
                       sentences=list(event.sentences), statements=[], support=[])
        out.append(Draft(copy, actors, draft.location, draft.explicit_date, mine))
    return out


def named_bloc(view: View, hit: Hit) -> Actor | None:
    """The international body a meeting's name names ("Hội nghị các nhà Lãnh đạo ASEAN",
    "Hội nghị cấp cao NATO"): its members meet."""
    for placed in view.actors:
        if placed.start < hit.end:
            continue
        gap = view.text[hit.end : placed.start]
        if re.search(r"[,.;:(]", gap) or len(gap.split()) > 5:
            return None
        if placed.actor.entity.kind == "intl" and placed.actor.side:
            return placed.actor
    return None


def attended(view: View, hit: Hit) -> bool:
    """"dự Hội nghị …", "tham dự Hội nghị …": the subject took part in the meeting (not "nhân
    dịp dự …", "để dự …": a frame or a purpose)."""
    start, _ = clause_bounds(view.text, hit.start)
    before = view.text[start : hit.start].lower()
    found = lexicon().attend.search(before)
    return bool(found) and not re.search(r"(?<!\w)(?:nhân dịp|nhân|để|khi|trước khi|sau khi)\s*$",
                                         before[: found.start()])


def bloc_meeting(state: State, view: View, hit: Hit, status: str, who: Parties,
                 bloc: Actor) -> Draft | None:
    """A meeting of an international body's members, or one side attending it ("Thủ tướng …
    dự Hội nghị Cấp cao ASEAN"): multilateral, the bloc a side of its own."""
    same = next((d for d in reversed(state.drafts) if d.event.type == "CONSULT"
                 and any(bloc.same(a) for a in d.actors)), None)
    source = [a for a in who.source if a.political and not a.same(bloc)]
    others = [a for a in who.target if not a.same(bloc)]  # "… dưới sự chủ trì của X"
    if same is not None:
        absorb(same, view, source + others)
        if same.from_reference and view.field == same.event.field and \
                lexicon().own_time.search(view.text.lower()):
            _report(same, view, hit)  # "Hội nghị … diễn ra hôm nay 24/4": the report of it
        return same
    parties = Parties(source or [bloc], ([bloc] if source else []) + others, True, [])
    draft = new_draft(state, view, hit, [], status, parties)
    if draft is None:
        return None
    draft.from_reference = bool(lexicon().setting.search(
        view.text[max(0, hit.start - 12) : hit.start].lower()))  # "tại hội nghị …"
    if bloc.side not in draft.event.sides:
        draft.event.sides.append(bloc.side)  # type: ignore[arg-type]
    draft.event.mode, draft.event.cameo = "multilateral", "040"
    state.drafts.append(draft)
    return draft


def pledge(hit: Hit) -> Hit:
    """Aid promised ("sẽ cung cấp", "chuẩn bị hỗ trợ") is an intent to provide aid: AGREE."""
    trigger = replace(hit.trigger, type="AGREE", cameo="033", en="pledged aid")
    return Hit(hit.start, hit.end, hit.text, trigger)


def _reference(state: State, view: View, hit: Hit, hits: list[Hit], status: str,
               who: Parties) -> Draft | None:
    """"Tại buổi tiếp, …", "Cuộc gặp diễn ra …": the event already reported — or, when the
    noun names a partner of its own ("Tại cuộc gặp Thủ tướng Hun Sen, …") or another date,
    none (another date) or a new one (a new partner)."""
    own = event_date(view.text, hit, state.anchor, status)
    target = state.referent(hit)
    partner = _partner(view, hit)
    if partner is not None and (target is None or all(not partner.same(a)
                                                      for a in target.actors)):
        if not who.source:  # "Trong cuộc điện đàm với X, [Y] cho biết …"
            subject = _main_subject(view, hit, partner)
            who = Parties(subject, unique([partner, *who.target]), who.collective, who.pair)
        # one side only with a partner after "với" ("cuộc làm việc với Bộ X"), not a body's own
        # meeting ("cuộc họp Ban chỉ đạo …")
        with_ = _WHEN_FIRST.sub("", view.text[hit.end :]).lstrip().startswith("với ")
        who = replace(who, partnered=with_)
        draft = new_draft(state, view, hit, [], status, who)
        if draft is None:
            return None
        told = merge_target(state.drafts, draft)  # the headline's meeting told again
        if told is not None and partner.side in told.event.sides and \
                repeats(hit, view, draft, told):
            absorb(told, view, draft.actors, draft)
            return told
        state.drafts.append(draft)
        return draft
    if target is not None:
        if background(view.text, hit, own, state.anchor):
            return None  # "… đàm phán thỏa thuận … vào năm 2015": another, earlier occasion
        far = view.field == target.event.field and target.event.sentences and \
            view.index - target.event.sentences[-1] > 3
        if far and who.all and not any(a.same(b) or a.side in target.event.sides
                                       for a in who.all for b in target.actors):
            return None  # other parties, paragraphs later: not the occasion reported
        if own is None or target.event.date is None or own.mention.iso() == target.event.date:
            absorb(target, view, who.all)
            if target.from_reference and view.field == target.event.field and (
                    own is not None or lexicon().own_time.search(view.text.lower())):
                _report(target, view, hit)  # "Hội nghị … diễn ra hôm nay 24/4"
            return target
        return None
    political = [a for a in who.all if a.political]
    setting = lexicon().setting.search(view.text[max(0, hit.start - 12) : hit.start].lower())
    if setting and len(sides_of(political)) < 2:
        # "A đã nói với B trong cuộc điện đàm hôm 26/4": the clause before names them — when
        # it reports no act of its own ("A không gặp B tại hội nghị")
        start, _ = clause_bounds(view.text, hit.start)
        named = unique([p.actor for p in view.actors
                        if p.actor.political and start <= p.start < hit.start])
        if len(sides_of(named)) >= 2 and not any(
                start <= h.start < hit.start for h in hits):
            political = named
            who = Parties(named[:1], named[1:], True, who.pair)
    if len(sides_of(political)) >= 2 and setting:
        # "Trong cuộc gặp tại Moscow, …": the meeting is first told here, its participants
        # the subject of the main clause ("…, A và B đã thảo luận …")
        draft = new_draft(state, view, hit, [], status, replace(who, collective=True))
        if draft is not None:
            draft.from_reference = True
            state.drafts.append(draft)
        return draft
    return None


def _report(target: Draft, view: View, hit: Hit) -> None:
    """The sentence that reports an event first told in passing becomes its evidence."""
    event = target.event
    event.evidence, event.start, event.end = view.text, view.sentence.start, view.sentence.end
    event.trigger, target.from_reference = hit.text, False


def _main_subject(view: View, hit: Hit, partner: Actor) -> list[Actor]:
    """The subject of the clause a fronted event phrase opens ("Trong cuộc điện đàm hôm qua
    với X, [Cố vấn Y] cho biết …"): political actors after its comma, before the verb."""
    text = view.text
    comma = text.find(",", hit.end)
    if comma < 0:
        return []
    verbs = [m.start() for m in lexicon().speech.finditer(text.lower(), comma)]
    verbs += [m.start() for m in lexicon().pattern.finditer(text, comma)]
    until = min(verbs, default=min(len(text), comma + 80))
    return [p.actor for p in view.actors if comma < p.start < until
            and p.actor.political and not p.actor.same(partner)]


_WHEN_FIRST = re.compile(r"^\s*(?:(?:hôm|ngày|sáng|chiều|tối|trưa|đêm)\s+(?:qua|nay|kia|"
                         r"\d{1,2}\s*[/.-]\s*\d{1,2}(?:\s*[/.-]\s*\d{2,4})?)|tuần trước|"
                         r"tuần qua|tháng trước)(?!\w)", re.I)


def _partner(view: View, hit: Hit) -> Actor | None:
    """The person or body an event noun names right after it ("cuộc gặp (với) Thủ tướng
    Singapore Lý Hiển Long"): a title, capitalised, comes between, nothing else."""
    for placed in view.actors:
        if placed.start < hit.end or not placed.actor.political:
            continue
        gap = _WHEN_FIRST.sub("", view.text[hit.end : placed.start])  # "cuộc gặp hôm qua với"
        words = gap.split()
        if words and words[0] in ("với", "giữa"):
            words = words[1:]
        if "," not in gap and len(words) <= 8 and (not words or words[0][:1].isupper()):
            return placed.actor
        return None
    return None


def owners(view: View, hit: Hit) -> list[Actor]:
    """The people an event noun belongs to: "chuyến thăm … của Tổng Bí thư X"."""
    after = view.text[hit.end : hit.end + 120]
    other = lexicon().pattern.search(after)
    if other:
        after = after[: other.start()]
    owner = re.search(r"(?<!\w)của(?!\w)", after)
    if not owner:
        return []
    offset = hit.end + owner.end()
    return [p.actor for p in view.actors if p.actor.entity.type == "PER"
            and offset <= p.start <= hit.end + len(after) + 60]


def owned_event(state: State, view: View, hit: Hit, status: str, who: Parties,
                by: list[Actor]) -> Draft | None:
    """X's own visit ("sau chuyến thăm … của Tổng Bí thư X"): not the occasion being reported."""
    for draft in reversed(state.drafts):
        if draft.event.type == hit.trigger.type and any(by[0].same(a)
                                                        for a in draft.actors):
            absorb(draft, view, [])
            return draft
    others = [a for a in who.all if a.side != by[0].side and a.entity.type != "PER"]
    draft = new_draft(state, view, hit, [], status, Parties(by[:1], others[:1]), occasion=False)
    if draft is not None:
        state.drafts.append(draft)
    return draft


def note_officials(state: State, view: View) -> None:
    """The political person named last: whom "Ông"/"Bà" opening a later clause stands for."""
    for placed in view.actors:
        if placed.actor.kind == "official":
            state.last_official = placed.actor


def speakers(state: State, view: View, hits: list[Hit]) -> None:
    """People who speak in a sentence with no interaction of its own took part in the occasion."""
    if not any(p.actor.entity.type == "PER" for p in view.actors):
        return
    occasion = state.scene
    if occasion is None or occasion.event.type != "CONSULT":
        return
    last = occasion.event.sentences[-1] if occasion.event.sentences else None
    if view.field == occasion.event.field and last is not None and view.index - last > 3:
        return  # speaking paragraphs later is not taking part in it
    addressed = [p for p in view.actors if p.actor.entity.type == "PER" and any(
        h.trigger.kind == "statement" and 0 <= p.start - h.end <= 24 for h in hits) and any(
        p.actor.same(a) for a in occasion.actors)]
    people = [p.actor for p in view.actors if p.actor.entity.type == "PER" and not (
        addressed and p.actor.side not in occasion.event.sides)]
    if not people:
        return  # "Quốc vương Brunei chúc mừng Thủ tướng …": another side's leader, not here
    if lexicon().speech.search(view.text.lower()):
        absorb(occasion, view, people)
