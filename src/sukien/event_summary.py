"""One English line per event, built from its coded fields: "2025-10-28 · Hanoi · CONSULT ·
Viet Nam (Nguyen Minh Vu, …) – China/Guangdong (…): co-chaired (9th)"."""

from __future__ import annotations

from functools import cache

from . import gazetteer
from .event_triggers import lexicon, trigger_for
from .record import Entity, Event


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


def summary(event: Event, people: list[Entity]) -> str:
    parts = []
    for side in event.sides:
        members = list({id(p): p for p in people if p.country == side}.values())
        who = "; ".join(f"{p.name_latin or p.canonical}, {p.title_en}" if p.title_en
                        else (p.name_latin or p.canonical) for p in members)
        label = _side_label(side, members)
        parts.append(f"{label} ({who})" if who else label)
    trigger = trigger_for(event.trigger)
    what = trigger.en if trigger else event.trigger
    ordinal = lexicon().ordinal.search(event.evidence)
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
