"""Counts over every matching row, computed by the database: search facets, the timeline's
counts by period and type, who met whom (pairs of sides, pairs of people), events by place and
figures by period. The views draw these; nothing here reads "the latest N" rows.

Every function takes the same :class:`~sukien.store.Filters` as the lists, so a chart and the
list under it always describe the same events.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from sqlalchemy import case, func, literal, select
from sqlalchemy.engine import Connection

from . import fulltext, store
from .store import (
    Filters,
    article_facets,
    articles,
    entities,
    event_pairs,
    event_sides,
    events,
    figures,
    person_pairs,
)

EVERYTHING = Filters()
FACETS = ("type", "side", "topic", "outlet", "year")


@dataclass(slots=True)
class Facet:
    """Values of one facet with the number of matching articles that have each."""

    name: str
    values: list[tuple[str, int]] = field(default_factory=list)  # most frequent first

    @property
    def distinct(self) -> int:
        return len(self.values)


def facets(conn: Connection, query: str | None, filters: Filters = EVERYTHING, *,
           exact: bool = False) -> dict[str, Facet]:
    """Facet counts of a search: event types, sides, topics, outlets and years of the
    articles that match — all of them. Each article's facets are a few rows of
    ``article_facets``; when most articles match, the counts are those of every article
    less those of the articles that do not match (fewer rows to read)."""
    out = {name: Facet(name) for name in FACETS if name != "topic" or "topic" in articles.c}
    plan = store.search_plan(conn, query, filters, exact)
    with fulltext.engine_for(conn).planning(conn):
        if plan.everything:
            counts = _facet_counts(conn, list(out), None)
        else:
            hits = plan.ids()
            matched = store._count(conn, hits)
            every = fulltext.engine_for(conn).every.c.article_id
            if matched * 2 > (conn.scalar(select(func.count(every))) or 0):
                counts = _facet_counts(conn, list(out), None)
                others = select(every).where(every.not_in(hits))
                counts.subtract(_facet_counts(conn, list(out), others))
            else:
                counts = _facet_counts(conn, list(out), hits)
    for (name, value), n in counts.items():
        if n > 0 and name in out:
            out[name].values.append((value, n))
    for facet in out.values():
        if facet.name == "year":
            facet.values.sort(reverse=True)
        else:
            facet.values.sort(key=lambda kv: (-kv[1], kv[0]))
    return out


def _facet_counts(conn: Connection, names: list[str], ids: Any) -> Counter[tuple[str, str]]:
    f = article_facets
    stmt = select(f.c.facet, f.c.value, func.count())
    stmt = stmt.where(f.c.facet.in_(names)) if ids is None else stmt.where(f.c.article_id.in_(ids))
    rows = conn.execute(stmt.group_by(f.c.facet, f.c.value)).all()
    return Counter({(name, value): n for name, value, n in rows})


# --- events over time ------------------------------------------------------------------------


@dataclass(slots=True)
class DateCounts:
    """Events by (date as stored, type, whether the date was inferred), and the undated."""

    rows: list[tuple[str, str, bool, int]]
    undated: int
    total: int


PERIOD_CHARS = {"day": 10, "month": 7, "year": 4}


def date_counts(conn: Connection, filters: Filters = EVERYTHING,
                period: str = "day") -> DateCounts:
    """Events counted by (date, type, inferred) in SQL; ``period`` month or year groups the
    dates by their first 7 or 4 characters ("2025-03", "2025"), a date less precise than
    the period staying as it is."""
    scope = store.event_scope(filters)
    inferred = scope.inferred if scope.inferred is not None else literal(0)
    date = func.substr(scope.date, 1, PERIOD_CHARS[period]) if period != "day" else scope.date
    stmt = (select(date.label("date"), scope.type, inferred.label("inferred"),
                   func.count().label("n"))
            .select_from(scope.source).where(*scope.where)
            .group_by(date, scope.type, inferred))
    rows: list[tuple[str, str, bool, int]] = []
    undated = 0
    for value, kind, guess, n in conn.execute(stmt):
        if value:
            rows.append((value, kind or "?", bool(guess), n))
        else:
            undated += n
    return DateCounts(sorted(rows), undated, undated + sum(r[3] for r in rows))


# --- who met whom ----------------------------------------------------------------------------


@dataclass(slots=True)
class Graph:
    nodes: list[dict[str, Any]]  # id, events (or degree), name fields
    edges: list[tuple[str, str, int]]
    total_nodes: int  # before keeping the top ones
    total_edges: int
    events: int  # events counted


def _event_ids(filters: Filters):
    """The ids of the events a filter keeps, or None when it keeps them all."""
    scope = store.event_scope(filters)
    return None if scope.everything else scope.ids()


def _count_events(conn: Connection, ids) -> int:
    if ids is None:
        return conn.scalar(select(func.count()).select_from(events)) or 0
    return conn.scalar(select(func.count()).select_from(ids.subquery())) or 0


def side_graph(conn: Connection, filters: Filters = EVERYTHING, top: int = 24) -> Graph:
    """Countries (and blocs) as nodes, with the number of events each took part in; pairs
    with the number of events both took part in. The ``top`` sides by events in pairs are
    kept, and only pairs between kept sides (a side with no kept pair is not shown)."""
    ids = _event_ids(filters)
    pairs = select(event_pairs.c.a, event_pairs.c.b, func.count())
    counts = select(event_sides.c.side, func.count())
    if ids is not None:
        pairs = pairs.where(event_pairs.c.event_id.in_(ids))
        counts = counts.where(event_sides.c.event_id.in_(ids))
    pair_rows = conn.execute(pairs.group_by(event_pairs.c.a, event_pairs.c.b)).all()
    per_side = dict(conn.execute(counts.group_by(event_sides.c.side)).all())
    paired: Counter[str] = Counter()
    for x, y, n in pair_rows:
        paired[x] += n
        paired[y] += n
    kept = sorted(paired, key=lambda s: (-paired[s], s))[:top]
    keep = set(kept)
    edges = sorted(((x, y, n) for x, y, n in pair_rows if x in keep and y in keep),
                   key=lambda e: (-e[2], e[0], e[1]))
    shown = {s for e in edges for s in e[:2]}
    nodes = [{"id": s, "events": per_side.get(s, 0), "pairs": paired[s]}
             for s in kept if s in shown]
    return Graph(nodes, edges, len(paired), len(pair_rows), _count_events(conn, ids))


def person_graph(conn: Connection, filters: Filters = EVERYTHING, top: int = 40) -> Graph:
    """People as nodes, the ``top`` by degree (how many different people they met), and
    the number of events each pair of them shared."""
    ids = _event_ids(filters)
    p = person_pairs
    scope = [p.c.event_id.in_(ids)] if ids is not None else []
    degree = conn.execute(select(p.c.a, func.count(p.c.b.distinct())).where(*scope)
                          .group_by(p.c.a)).all()
    total_nodes = len(degree)
    top_rows = sorted(degree, key=lambda r: (-r[1], r[0]))[:top]
    chosen = [r[0] for r in top_rows]
    pair_rows = conn.execute(
        select(p.c.a, p.c.b, func.count())
        .where(*scope, p.c.a.in_(chosen), p.c.b.in_(chosen), p.c.a < p.c.b)
        .group_by(p.c.a, p.c.b)).all() if chosen else []
    distinct_pairs = select(p.c.a, p.c.b).where(*scope, p.c.a < p.c.b).distinct()
    total_edges = conn.scalar(select(func.count()).select_from(distinct_pairs.subquery())) or 0
    info = {r["id"]: dict(r) for r in conn.execute(
        select(entities.c.id, entities.c.type, entities.c.canonical, entities.c.name_latin,
               entities.c.country).where(entities.c.id.in_(chosen))).mappings()}
    edges = sorted(((x, y, n) for x, y, n in pair_rows), key=lambda e: (-e[2], e[0], e[1]))
    shown = {s for e in edges for s in e[:2]}
    nodes = [{**info[k], "degree": d} for k, d in top_rows if k in shown and k in info]
    return Graph(nodes, edges, total_nodes, total_edges, _count_events(conn, ids))


# --- places ----------------------------------------------------------------------------------


def place_counts(conn: Connection, filters: Filters = EVERYTHING) -> tuple[list[dict], int]:
    """Events by place as stored (Vietnamese and English name), most first; and the number
    of events with no place."""
    ids = _event_ids(filters)
    scope = [events.c.id.in_(ids)] if ids is not None else []
    rows = conn.execute(
        select(events.c.location, func.max(events.c.location_en).label("location_en"),
               func.count().label("events"))
        .where(*scope).group_by(events.c.location)).mappings()
    placed, unplaced = [], 0
    for row in rows:
        if row["location"]:
            placed.append(dict(row))
        else:
            unplaced += row["events"]
    placed.sort(key=lambda r: (-r["events"], r["location"]))
    return placed, unplaced


# --- figures ---------------------------------------------------------------------------------


def figure_points(conn: Connection, indicator: str | None = None, party: str | None = None,
                  unit: str | None = None) -> list[dict[str, Any]]:
    """Figures grouped by indicator, unit (money in USD), period and parties: how many
    articles cite each, and the smallest, largest and mean value cited. SQL groups by the
    stored unit in the order of its index (no sort); money in any currency then joins its
    indicator's USD group here."""
    f = figures
    local = case((f.c.value_usd.is_(None), f.c.value))  # a value with no USD conversion
    stmt = (select(f.c.indicator, f.c.unit, f.c.period, f.c.parties,
                   func.count(f.c.value_usd), func.min(f.c.value_usd), func.max(f.c.value_usd),
                   func.sum(f.c.value_usd), func.count(local), func.min(local), func.max(local),
                   func.sum(local))
            .where(*store.figure_conditions(conn, indicator, party, unit))
            .group_by(f.c.indicator, f.c.unit, f.c.period, f.c.parties))
    merged: dict[tuple, list[Any]] = {}
    for ind, stored_unit, period, parties, *stats in conn.execute(stmt):
        for plot_unit, (n, low, high, total) in (("USD", stats[:4]), (stored_unit, stats[4:])):
            if not n:
                continue
            key = (ind, plot_unit or "", period, parties)
            have = merged.get(key)
            if have is None:
                merged[key] = [n, low, high, total]
            else:
                have[:] = [have[0] + n, min(have[1], low), max(have[2], high), have[3] + total]
    return [{"indicator": ind, "unit": plot_unit, "period": period,
             "parties": _parties(parties), "n": n, "low": low, "high": high,
             "mean": float(total) / n}
            for (ind, plot_unit, period, parties), (n, low, high, total) in merged.items()]


@lru_cache(maxsize=4096)
def _parties(raw: str | None) -> list[str]:
    return json.loads(raw) if raw else []


def totals(conn: Connection) -> dict[str, int]:
    """How many articles, events, entities and figures the knowledge base holds."""
    return {name: conn.scalar(select(func.count()).select_from(table)) or 0
            for name, table in (("articles", articles), ("events", events),
                                ("entities", entities), ("figures", figures))}
