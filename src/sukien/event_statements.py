"""Statements — requests, pledges, praise, rejections, threats — and where they belong.

A statement made in a sentence that reports an interaction is listed under it; made where no
interaction is reported, it belongs to the meeting being reported (the scene) when its speaker
took part in it; else it is an event of its own, with a political speaker of known side and,
for a request, the addressee right after the verb ("kêu gọi Nga …"). One speaker's statements
of one type are one event; what a request asks for is not done ("kêu gọi Moscow tái cam kết").
"""

from __future__ import annotations

import re
from dataclasses import replace

from .event_actors import Actor, country_entity, host_country
from .event_context import Parties, View, names_a_day, status_of
from .event_occasions import Draft, Loose, State, absorb, each_giver, new_draft, who_acts
from .event_triggers import Hit, clause_bounds, lexicon
from .record import Statement


def statement(view: View, hit: Hit, status: str, who: Parties) -> Statement:
    actor = who.source[0].name if who.source else None
    return Statement(type=hit.trigger.type, cameo=hit.trigger.cameo, status=status,
                     trigger=hit.text, actor=actor, evidence=view.text,
                     start=view.sentence.start, end=view.sentence.end)


def attach(draft: Draft, view: View, said: Statement) -> None:
    draft.event.statements.append(said)
    if view.index >= 0 and view.index not in draft.event.sentences:
        draft.event.sentences.append(view.index)
        draft.event.sentences.sort()


def statements_of(state: State, view: View, hits: list[Hit], touched: list[Draft]) -> None:
    seen: set[str] = set()
    asked: list[int] = []  # where a request was made: what follows it is what was asked for
    protested = {clause_bounds(view.text, h.start) for h in hits if h.trigger.type == "PROTEST"}
    for hit in (h for h in hits if h.trigger.kind == "statement"):
        if hit.trigger.type in seen:
            continue  # "cảnh báo, Nga sẽ đáp trả": one threat
        if hit.trigger.type == "REJECT" and clause_bounds(view.text, hit.start) in protested:
            continue  # "giao thiệp nghiêm khắc và phản đối mạnh mẽ": the objection is the protest
        if any(clause_bounds(view.text, at) == clause_bounds(view.text, hit.start)
               for at in asked):
            continue  # "kêu gọi Moscow tái cam kết …": the pledge is asked for, not made
        seen.add(hit.trigger.type)
        if hit.trigger.type == "REQUEST":
            asked.append(hit.start)
        status = status_of(view.text, hit)
        if status is None or status == "denied":
            continue
        who = who_acts(state, view, hit, hits)
        said = statement(view, hit, status, who)
        if touched:
            attach(touched[0], view, said)
        else:
            state.loose.append(Loose(view, hit, said, who, state.scene))


def settle_loose(state: State) -> None:
    """Statements with no interaction in their sentence: under the occasion being reported
    when their speaker took part in it (or is not named), else events of their own — one per
    speaker and type."""
    met: list[Draft] = []  # meetings of a series told through what was said
    for item in state.loose:
        home = item.home or (state.scene if item.view.field != "body" else None)
        said_there = next((m for m in reversed(met) if item.parties.source and all(
            a.side in m.event.sides for a in item.parties.source + item.parties.target
            if a.side)), None)
        if said_there is not None:  # "Thủ tướng … chúc mừng Brunei …" at that meeting
            attach(said_there, item.view, item.statement)
            continue
        if home is not None and _took_part(item.parties.source, home) and \
                not _told_apart(item, home):
            attach(home, item.view, item.statement)
            continue
        met_before = _met_before(state, item)
        if met_before is not None:  # said at a meeting the article reports between the two
            attach(met_before, item.view, item.statement)
            continue
        meeting = _next_meeting(state, item, home)
        if meeting is not None:
            met.append(meeting)
            attach(meeting, item.view, item.statement)
            continue
        draft = _statement_event(state, item)
        if draft is None:
            continue
        _date_by_speaker(state, item, draft)
        same = next((d for d in state.drafts if _same_statement(d, draft, item.view)), None)
        if same is not None:
            absorb(same, item.view, draft.actors, draft)
            continue
        state.drafts += each_giver(draft)  # "Đức, Singapore, Mỹ … đều cam kết cung cấp …"


def _date_by_speaker(state: State, item: Loose, draft: Draft) -> None:
    """A statement whose sentence names no day was made the day its speaker was said to
    speak a sentence or two before."""
    event = draft.event
    if event.date is not None or names_a_day(item.view.text):
        return
    when = state.said_on(item.view, draft.source)
    if when is not None:
        event.date, event.date_end = when.mention.iso(), when.mention.iso_end()
        event.date_inferred = True


def _same_statement(told: Draft, draft: Draft, view: View) -> bool:
    """One speaker's statement of one type told again: by the same speaker, or — in the
    headline or sapo restating the body — by the speaker's side to the same sides
    ("Philippines cáo buộc Trung Quốc" over "Bộ Ngoại giao Philippines ngày 8/5 cáo buộc …")."""
    old, new = told.event, draft.event
    if old.type != new.type or old.statements or old.status != new.status:
        return False
    if old.source == new.source and new.date in (None, old.date):
        return True
    if view.field == old.field:
        return False
    dates_fit = None in (old.date, new.date) or old.date == new.date
    return dates_fit and set(new.sides) == set(old.sides) and \
        _speaker_sides(told) == _speaker_sides(draft)


def _speaker_sides(draft: Draft) -> set[str]:
    return {a.side for a in draft.source if a.side}


def _met_before(state: State, item: Loose) -> Draft | None:
    """A meeting of the same field where the speaker took part and the addressee's side was
    the other party ("Tại buổi tiếp, Tổng Bí thư …" … "Tổng Bí thư chúc mừng Trung Quốc …")."""
    speakers_ = [a for a in item.parties.source if a.political]
    sides = {a.side for a in item.parties.target if a.side}
    if not speakers_ or not sides:
        return None
    for draft in state.drafts:
        event = draft.event
        if event.type == "CONSULT" and event.status == "happened" and \
                event.field == item.view.field and sides <= set(event.sides) and any(
                s.same(a) for s in speakers_ for a in draft.actors):
            return draft
    return None


def _next_meeting(state: State, item: Loose, home: Draft | None) -> Draft | None:
    """"Quốc vương X chúc mừng Thủ tớng Y …" in an article reporting Y's meetings one after
    another: a leader of a new side addressing, face to face, the one whose meetings are
    reported is the next meeting of the series (not when a letter, a message or a call is
    named)."""
    meetings = [d for d in ([home] if home else []) + state.drafts if d.event.type == "CONSULT"
                and d.event.status == "happened" and d.event.field == item.view.field]
    speaker = next((a for a in item.parties.source if a.kind == "official"
                    and a.entity.type == "PER"), None)
    if speaker is None or lexicon().channel.search(item.view.text.lower()):
        return None
    addressee = next((a for a in item.parties.target if a.entity.type == "PER"
                      and _addressed(item.view, item.hit, a)), None)
    series = [d for d in meetings if addressee is not None and any(
        addressee.same(b) for b in d.actors)]
    if addressee is None or len(series) < 2 or any(
            speaker.same(a) or speaker.side == a.side for d in series for a in d.actors
            if a is not addressee and not a.same(addressee)):
        return None  # not a series of meetings, or the speaker's side already met
    hit = Hit(item.hit.start, item.hit.end, item.hit.text, replace(
        item.hit.trigger, type="CONSULT", cameo="040", kind="verb", en="met"))
    draft = new_draft(state, item.view, hit, [], "happened", Parties([speaker], [addressee]))
    if draft is not None:
        state.drafts.append(draft)
    return draft


def _told_apart(item: Loose, home: Draft) -> bool:
    """A statement paragraphs after the meeting, by a speaker not named at it, or one naming
    its own occasion ("Trong Thông điệp Liên bang ngày 21/4, Tổng thống …"): said elsewhere."""
    speakers_ = item.parties.source
    named_there = any(s.same(a) for s in speakers_ for a in home.actors)
    if named_there:
        return False
    own_occasion = lexicon().channel.search(item.view.text.lower()) is not None
    far = item.view.field == home.event.field and bool(home.event.sentences) and \
        item.view.index - max(home.event.sentences) > 4
    return bool(speakers_) and (far or own_occasion)


def _took_part(speakers_: list[Actor], home: Draft) -> bool:
    if not speakers_:
        return True
    sides = {a.side for a in home.actors if a.side}
    return any(any(s.same(a) for a in home.actors) or (s.side and s.side in sides)
               for s in speakers_)


def _statement_event(state: State, item: Loose) -> Draft | None:
    """A statement as an event of its own: a political speaker and an addressee of another
    side ("Mỹ kêu gọi Trung Quốc …"); a threat needs no addressee."""
    who, hit = item.parties, item.hit
    speakers_ = [a for a in who.source if a.political]
    if not speakers_:
        return None
    # joint speakers speak together ("Ukraine và phương Tây cáo buộc Nga …"); each country
    # pledges its own aid
    source = [a for a in speakers_ if a.side] or speakers_[:1]
    if not source or source[0].side is None:
        return None
    target = [a for a in who.target if a.side and all(a.side != b.side for b in source)][:1]
    if hit.trigger.type == "REQUEST":  # asked of someone: the addressee follows the verb
        target = [a for a in target if _addressed(item.view, hit, a)]
    if not target and hit.trigger.cameo == "055":
        target = _host(item.view, source[0])  # an embassy apologises to its host country
    if not target and hit.trigger.type == "PROTEST":
        target = _sent_to(item.view, hit, source)  # "gửi kháng nghị tới Trung Quốc"
    if not target and not hit.trigger.single_actor:
        return None
    if not state.cast.political_topic and not target:
        return None
    return new_draft(state, item.view, hit, [], item.statement.status,
                     Parties(source, target))



def date_intents(state: State) -> None:
    """An intent the sapo or headline reports ("ASEAN và Trung Quốc nhất trí sớm ký …") was
    stated at the meeting the article reports: it takes that meeting's date."""
    meetings = [d for d in state.drafts if d.event.type == "CONSULT" and d.explicit_date
                and d.event.status == "happened"]
    for draft in state.drafts:
        event = draft.event
        if event.status != "proposed" or event.date is not None or event.field == "body":
            continue
        home = next((m for m in meetings if set(event.sides) & set(m.event.sides)), None)
        if home is not None:
            event.date, event.date_inferred = home.event.date, True


def _sent_to(view: View, hit: Hit, source: list[Actor]) -> list[Actor]:
    """Where a protest note went: the first actor of another side after "tới", "đến", "với"
    or "cho" right after the trigger ("gửi kháng nghị tới Bắc Kinh")."""
    named = [(p.start, p.actor) for p in view.actors] + [
        (start, Actor(place, "state", place.country)) for start, _, place in view.places
        if place.type == "LOC" and place.kind in ("country", "capital") and place.country]
    for start, actor in sorted(named, key=lambda n: n[0]):
        if start >= hit.end and actor.side and all(actor.side != a.side for a in source) and \
                re.fullmatch(r"\s*(?:tới|đến|với|cho|lên)\s+(?:phía\s+)?",
                             view.text[hit.end : start]):
            return [actor]
    return []


def _host(view: View, speaker: Actor) -> list[Actor]:
    """The country where the speaker's embassy sits ("Đại sứ quán Bỉ tại Hàn Quốc")."""
    for placed in view.actors:
        host = host_country(placed.actor.entity.canonical)
        if placed.actor.kind == "body" and placed.actor.side == speaker.side and host and \
                host != speaker.side:
            for _, _, place in view.places:
                if place.type == "LOC" and place.kind == "country" and place.country == host:
                    return [Actor(place, "state", host)]
            return [Actor(country_entity(host), "state", host)]  # named inside the embassy's
    return []


def _addressed(view: View, hit: Hit, actor: Actor) -> bool:
    """The addressee of a statement follows it within a few words ("kêu gọi Nga …", "đề nghị
    phía Campuchia …", "cáo buộc Mỹ và các nước …")."""
    for placed in view.actors:
        if placed.actor.same(actor) and placed.start >= hit.end:
            return len(view.text[hit.end : placed.start].split()) <= 4
    return False
