"""Stage ``events``: who met, consulted, signed, visited, protested, sanctioned — coded in
PLOVER and CAMEO, one record per real-world act.

The article is read sapo, body, then headline, sentence by sentence: the headline restates
in short what the text tells (its act is a new record only when the text does not tell it),
and image captions only support what the text reports. For each sentence:

1. **Triggers** (``event_triggers``): words of ``data/events.toml`` in the sense the lexicon
   gives them ("gặp khó khăn", "bác sĩ", "họp báo", "thăm khám" and words inside names are
   not events).
2. **Actors** (``event_actors``): the trigger's source and target resolved to political
   actors — officials, governments, ministries, parties, armed forces, international bodies,
   states. No resolved actor, no event; news agencies and photo credits never act; in sport,
   showbiz, travel, tech, health, science and education articles (``topic``) only political
   people and bodies of two sides do.
3. **Context** (``event_context``): status (``happened``, ``planned``, ``proposed``; background,
   conditions and negations report no act), date (the day named in the clause, with
   ``date_inferred`` when the year or day was completed), place and sides.
4. **Occasions** (``event_occasions``): a back-reference ("Tại buổi tiếp", "Cuộc gặp diễn ra",
   "hai bên") adds to the event already reported; a retelling is the same record.
   **Statements** (``event_statements``) are listed under the interaction they were made at, or
   grouped per speaker and type.
5. **Summary** (``event_summary``): one English line per event.
"""

from __future__ import annotations

import hashlib
from datetime import date

from .dates import article_anchor
from .event_actors import Actor, Cast
from .event_context import (
    View,
    add_country_words,
    build_views,
    event_date,
    finish_views,
    one_day,
    parties,
    status_of,
    unique,
)
from .event_occasions import Draft, State, interaction, note_officials, speakers
from .event_statements import date_intents, settle_loose, statements_of
from .event_summary import summary
from .event_triggers import find_triggers
from .record import Document, Event
from .sentences import split_sentences


def _anchor(doc: Document) -> date | None:
    """The article's own date: what a year-less "Ngày 5/6" or "hôm qua" is counted from."""
    article = doc.article
    if article is None:
        return doc.reference_time.date() if doc.reference_time else None
    found, _ = article_anchor(article.published, article.published_resolved,
                              article.published_inferred, doc.reference_time)
    return found


def _views(doc: Document, cast: Cast) -> tuple[list[View], list[View]]:
    """The sentences that may report an act (sapo, body, headline) and the captions."""
    article = doc.article
    if article is None:
        return [], []
    entities = doc.entities
    text_views: list[View] = []
    if article.lede:
        text_views += build_views(split_sentences(article.lede), "lede", entities, cast)
    text_views += build_views(list(doc.sentences), "body", entities, cast, body=True)
    if article.title:  # the headline last: it restates in short what the text tells
        text_views += build_views(split_sentences(article.title), "title", entities, cast)
    captions: list[View] = []
    for i, caption in enumerate(article.captions):
        captions += build_views(split_sentences(caption), f"caption:{i}", entities, cast)
    cast.know_countries(entities)
    add_country_words(text_views + captions, cast, entities)
    return finish_views(text_views), finish_views(captions)


def _headline_pair(views: list[View]) -> list[Actor]:
    """The two political actors the headline names ("ASEAN và Trung Quốc cam kết …")."""
    title = [v for v in views if v.field == "title"]
    if len(title) != 1:
        return []  # no headline, or a page whose first line is a paragraph
    actors = unique([p.actor for p in title[0].actors if p.actor.political])
    sides = {a.side for a in actors if a.side}
    return actors if len(sides) >= 2 else []


def _read(state: State, view: View) -> None:
    state.current = (view.field, view.index)
    hits = find_triggers(view.text, view.names)
    touched: list[Draft] = []
    for hit in (h for h in hits if h.trigger.kind != "statement"):
        draft = interaction(state, view, hit, hits, touched)
        if draft is not None and draft not in touched:
            touched.append(draft)
    state.note_recipient(view, hits)
    if not touched:
        speakers(state, view, hits)
    statements_of(state, view, hits, touched)
    note_officials(state, view)
    state.note_spoken(view)
    state.note_day(view)


def _support(state: State, view: View) -> None:
    """A caption showing an act the text reports: noted on that event, never a new one."""
    hits = find_triggers(view.text, view.names)
    for hit in hits:
        if status_of(view.text, hit) != "happened":
            continue
        who = parties(view, hit, hits, None)
        ids = {id(a.entity) for a in who.all}
        for draft in state.drafts:
            if draft.event.type == hit.trigger.type and ids & {id(a.entity) for a in draft.actors}:
                if view.field not in draft.event.support:
                    draft.event.support.append(view.field)
                if draft.event.date is None:  # "… ký thỏa thuận ở Tehran hôm 27/3" under a photo
                    when = event_date(view.text, hit, state.anchor, "happened")
                    if when is not None:
                        draft.event.date, draft.event.date_end = when.mention.iso(), \
                            when.mention.iso_end()
                        draft.event.date_inferred = when.inferred
                break


def events_stage(doc: Document) -> Document:
    """Pipeline stage: fill ``events`` from the headline, sapo and body (captions support)."""
    article = doc.article
    cast = Cast(article.topic if article else None)
    cast.inherit([e for e in doc.entities if e.type == "PER"])
    text_views, captions = _views(doc, cast)
    state = State(_anchor(doc), cast, _headline_pair(text_views))
    for view in text_views:
        _read(state, view)
    settle_loose(state)
    date_intents(state)
    _date_headlines(state, text_views)
    _drop_summaries(state)
    for view in captions:
        _support(state, view)
    doc.events = [_finish(d) for d in state.drafts]
    return doc


def _drop_summaries(state: State) -> None:
    """"Đức, Pháp trục xuất nhà ngoại giao Nga" over a body telling each country's expulsion:
    the headline's (or sapo's) act of several sides is the sum of the body's records, and only
    supports them."""
    for draft in list(state.drafts):
        event = draft.event
        if event.field == "body" or len(event.sides) < 3:
            continue
        parts = [d for d in state.drafts if d is not draft and d.event.type == event.type
                 and d.event.field == "body" and len(d.event.sides) >= 2
                 and set(d.event.sides) <= set(event.sides)]
        if len({side for d in parts for side in d.event.sides}) == len(set(event.sides)):
            state.drafts.remove(draft)
            for part in parts:
                if event.field not in part.event.support:
                    part.event.support.append(event.field)


def _date_headlines(state: State, views: list[View]) -> None:
    """A headline's act the text does not tell again with its day ("Triều Tiên từ chối mọi
    cuộc tiếp xúc với Nhật Bản") took place the day the sapo names — or, without a sapo, the
    first sentence of the body — when that sentence names its sides."""
    opening = [v for v in views if v.field == "lede"] or [
        v for v in views if v.field == "body" and v.index == 0]
    for draft in state.drafts:
        event = draft.event
        if event.field != "title" or event.date is not None or event.status != "happened":
            continue
        for view in opening:
            when = one_day(view.text, state.anchor)
            named = {p.actor.side for p in view.actors if p.actor.side}
            if when is not None and event.sides and set(event.sides) <= named:
                event.date, event.date_end = when.mention.iso(), when.mention.iso_end()
                event.date_inferred = True
                break


def _finish(draft: Draft) -> Event:
    event = draft.event
    if event.field != "body":
        event.start = event.end = None  # offsets are the body's; the evidence is elsewhere
    key = (f"{event.type}|{event.date}|{','.join(event.sides)}|{event.location}|{event.field}|"
           f"{event.start}|{event.evidence[:80]}")
    event.id = "EV:" + hashlib.sha1(key.encode()).hexdigest()[:12]
    event.summary_en = summary(event, draft.people)
    return event
