"""The read side of the HTTP API: search, lists, aggregates and exports. Search, events,
entities and figures come from the public Python API (:class:`sukien.KnowledgeBase`);
articles, clusters and the aggregates the charts draw from :mod:`sukien.store` and
:mod:`sukien.aggregates`.

Every list answers ``{"items": […], "total": N, "limit", "offset", "next_offset"}``: how many
rows match in all, not only how many came back. ``format=csv|jsonl`` answers the page in
that format; ``/api/export/{list}`` answers every matching row (same filters) in any format
of :data:`sukien.export.FORMATS`. Bad parameters get 400 with the one error shape
(:class:`ErrorBody`), which is also what the OpenAPI document describes.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Path, Query, Request
from fastapi.responses import Response
from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from . import aggregates, geo, store
from ._kb import KnowledgeBase, of_app
from ._results import Results
from .export import FORMATS
from .validate import MAX_OFFSET, day_bound

MAX_LIMIT = 500
# dates and offsets are checked as values, not patterns: "2025-02-30" is no day, and an
# offset past 2**63 - 1 is more than either database can skip
DateParam = Annotated[str | None, Query(description="a year, month or day: 2025, 2025-03, …"),
                      AfterValidator(lambda v: None if v is None else day_bound(v))]
Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT, description="page size")]
Offset = Annotated[int, Query(ge=0, le=MAX_OFFSET, description="rows to skip")]
PageFormat = Annotated[str, Query(pattern="^(json|csv|jsonl)$",
                                  description="json (default), or this page as csv or jsonl")]
Text = Annotated[str | None, Query(max_length=200)]


# --- response schemas ------------------------------------------------------------------------


class ErrorDetail(BaseModel):
    status: int = Field(examples=[400])
    code: str = Field(examples=["bad_parameter"])
    message: str = Field(examples=["limit: Input should be less than or equal to 500"])


class ErrorBody(BaseModel):
    """The one shape of every error answer."""

    error: ErrorDetail


class _Open(BaseModel):
    model_config = ConfigDict(extra="allow")


class PageInfo(BaseModel):
    total: int = Field(description="rows that match, in all")
    limit: int
    offset: int
    next_offset: int | None = Field(description="offset of the next page; null on the last")


class SearchHit(_Open):
    id: str
    title: str | None
    day: str | None
    outlet: str | None
    duplicate_of: str | None
    snippet: str


class FacetValue(BaseModel):
    value: str
    count: int


class SearchPage(PageInfo):
    items: list[SearchHit]
    read_as: str = Field(description="how the query was read: its phrases, choices, exclusions")
    facets: dict[str, list[FacetValue]] | None = Field(
        default=None, description="with facets=true: event types, sides, topics, outlets, "
        "years of all matches, with the number of matching articles for each")


class Event(_Open):
    id: str
    article_id: str
    type: str | None
    cameo: str | None
    status: str | None
    date: str | None
    date_end: str | None
    location: str | None
    location_en: str | None
    sides: list[str]
    people: list[str]
    summary_en: str | None
    title: str | None = Field(default=None, description="the article's title")
    outlet: str | None = None
    url: str | None = Field(default=None, description="the article's address, when known")


class EventPage(PageInfo):
    items: list[Event]


class Figure(_Open):
    id: str
    article_id: str
    indicator: str | None
    value: float | None
    unit: str | None
    value_usd: float | None
    period: str | None
    change_pct: float | None
    parties: list[str] | None
    evidence: str | None


class FigurePage(PageInfo):
    items: list[Figure]


class Cluster(_Open):
    id: str
    type: str | None
    date: str | None
    sides: list[str] | None
    location: str | None
    reports: int
    sources: list[dict[str, Any]]


class ClusterPage(PageInfo):
    items: list[Cluster]


class Entity(_Open):
    id: str
    type: str
    canonical: str
    name_latin: str | None
    country: str | None


class EntityList(BaseModel):
    items: list[Entity]
    total: int


class Partner(Entity):
    events: int


class PartnerPage(PageInfo):
    items: list[Partner]


class ArticleRef(_Open):
    id: str
    title: str | None
    day: str | None
    outlet: str | None


class ArticlePage(PageInfo):
    items: list[ArticleRef]


class Role(_Open):
    title: str
    title_en: str | None
    first: str | None
    last: str | None
    articles: int


class Profile(BaseModel):
    entity: Entity
    aliases: list[str]
    roles: list[Role] = Field(description="one row per title, in order of first appearance")
    co_participants: PartnerPage
    events: EventPage
    figures: FigurePage
    articles: ArticlePage


class DateCount(BaseModel):
    date: str = Field(description="the period (2025-03), or the date as precise as it is")
    type: str
    inferred: bool
    count: int


class Timeline(BaseModel):
    counts: list[DateCount] = Field(description="events by date as stored and type")
    undated: int
    total: int


class Node(_Open):
    id: str


class Pair(BaseModel):
    a: str
    b: str
    events: int


class Network(BaseModel):
    level: str
    nodes: list[Node]
    pairs: list[Pair]
    total_nodes: int
    total_pairs: int
    events: int


class Place(_Open):
    location: str
    location_en: str | None
    events: int
    lat: float | None
    lon: float | None


class Places(BaseModel):
    items: list[Place]
    total: int = Field(description="events that match")
    no_place: int = Field(description="events that name no place")


ERRORS: dict[int | str, dict[str, Any]] = {
    400: {"model": ErrorBody, "description": "a parameter is not valid"},
    404: {"model": ErrorBody, "description": "no such item"},
}


# --- parameters ------------------------------------------------------------------------------


@dataclass(slots=True)
class FilterParams:
    date_from: str | None
    date_to: str | None
    entity: str | None
    event_type: str | None
    side: str | None
    outlet: str | None
    topic: str | None
    place: str | None
    undated: bool

    def filters(self, limit: int = 50, offset: int = 0) -> store.Filters:
        return store.Filters(**asdict(self), limit=limit, offset=offset)

    def kwargs(self) -> dict[str, Any]:
        """The filters as keyword arguments of the KnowledgeBase's lists."""
        values = asdict(self)
        values["type"] = values.pop("event_type")
        return values


def filter_params(
    date_from: Annotated[DateParam, Query(alias="from")] = None,
    date_to: Annotated[DateParam, Query(alias="to")] = None,
    entity: Annotated[Text, Query(description="an entity's name in any language")] = None,
    type: Annotated[Text, Query(description="event type: CONSULT, AGREE, …")] = None,
    side: Annotated[Text, Query(description="sides, comma-separated, as codes (CN, CHN) or "
                                "names in Vietnamese or English (Trung Quốc, China)")] = None,
    outlet: Annotated[Text, Query(description="part of the outlet's name or domain")] = None,
    topic: Text = None,
    place: Annotated[Text, Query(description="an event's place, Vietnamese or English")] = None,
    undated: Annotated[bool, Query(description="undated events only")] = False,
) -> FilterParams:
    return FilterParams(date_from, date_to, entity, type, side, outlet, topic, place, undated)


Filtering = Annotated[FilterParams, Depends(filter_params)]


def _conn(request: Request):
    with request.app.state.engine.connect() as conn:
        yield conn


Conn = Annotated[Any, Depends(_conn)]


def _kb(request: Request) -> KnowledgeBase:
    return of_app(request.app.state)


KB = Annotated[KnowledgeBase, Depends(_kb)]


def _page(page: Results, fmt: str, columns: list[str] | None = None,
          **extra: Any) -> Any:
    if fmt in ("csv", "jsonl"):
        rows = [r.to_dict() for r in page]
        return _download(rows, fmt, columns or (list(rows[0]) if rows else []))
    return {**page.to_dict(), **extra}


def _download(rows: Iterable[dict[str, Any]], fmt: str, columns: list[str],
              name: str | None = None) -> Response:
    spec = FORMATS[fmt]
    out: Any = io.BytesIO() if spec.binary else io.StringIO()
    spec.write(rows, columns, out)
    body = out.getvalue()
    headers = {"Content-Disposition": f'attachment; filename="{name}.{spec.suffix}"'} \
        if name else {}
    return Response(body, media_type=spec.media_type, headers=headers)


# --- routes ----------------------------------------------------------------------------------

router = APIRouter(responses={400: ERRORS[400]})


@router.get("/search", response_model=SearchPage,
            summary="Search titles, bodies and entity names: phrases, quotes, OR, -exclusion")
def search(kb: KB, f: Filtering,
           q: Annotated[str, Query(max_length=300, description="the query (see the docs)")] = "",
           exact: Annotated[bool, Query(description="diacritics count: Biển Đông ≠ biến động")
                            ] = False,
           order: Annotated[str, Query(pattern="^(relevance|newest)$")] = "relevance",
           facets: Annotated[bool, Query(description="add facet counts")] = False,
           limit: Limit = 20, offset: Offset = 0, format: PageFormat = "json") -> Any:
    page = kb.search(q, **f.kwargs(), exact=exact, order=order, facets=facets, limit=limit,
                     offset=offset)
    extra: dict[str, Any] = {"read_as": page.read_as}
    if page.facets is not None:
        extra["facets"] = {name: [{"value": v, "count": n} for v, n in facet.values]
                           for name, facet in page.facets.items()}
    return _page(page, format, **extra)


@router.get("/articles/{article_id}", responses={404: ERRORS[404]},
            summary="An article with its mentions, events and figures and their offsets")
def article(conn: Conn, article_id: str) -> dict[str, Any]:
    found = store.get_article(conn, article_id)
    if found is None:
        raise HTTPException(404, f"no article {article_id}")
    return found


@router.get("/articles/{article_id}/raw", responses={404: ERRORS[404]},
            response_class=Response, summary="The page as it was stored (inert text)")
def raw(conn: Conn, article_id: str) -> Response:
    found = store.raw_document(conn, article_id)
    if found is None:
        raise HTTPException(404, f"no document {article_id}")
    return Response(found["raw"], media_type="text/plain; charset=utf-8", headers={
        "X-Content-Type-Options": "nosniff", "Content-Security-Policy": "sandbox"})


@router.get("/events", response_model=EventPage, summary="Coded events, newest first")
def events(kb: KB, f: Filtering, limit: Limit = 50, offset: Offset = 0,
           format: PageFormat = "json") -> Any:
    return _page(kb.events(**f.kwargs(), limit=limit, offset=offset), format)


@router.get("/entities", response_model=EntityList,
            summary="Entities by name, alias or English spelling")
def entities(kb: KB, name: Annotated[str, Query(min_length=1, max_length=200)]) -> Any:
    found = kb.entities(name)
    return {"items": [e.to_dict() for e in found], "total": found.total}


@router.get("/entities/{entity_id}", response_model=Profile, responses={404: ERRORS[404]},
            summary="Profile: roles, partners, and pages of events, figures and articles")
def entity(kb: KB, entity_id: str, limit: Limit = 20, offset: Offset = 0) -> Any:
    profile = kb.entity(entity_id, by="id", limit=limit, offset=offset)
    if profile is None:
        raise HTTPException(404, f"no entity {entity_id}")
    return profile.to_dict()


@router.get("/figures", response_model=FigurePage, summary="Figures in order of period")
def figures(kb: KB, indicator: Text = None,
            party: Annotated[Text, Query(description="a party, any of its names")] = None,
            unit: Annotated[Text, Query(description="a unit; USD = converted money")] = None,
            limit: Limit = 200, offset: Offset = 0, format: PageFormat = "json") -> Any:
    return _page(kb.figures(indicator=indicator, party=party, unit=unit, limit=limit,
                            offset=offset), format)


@router.get("/clusters", response_model=ClusterPage,
            summary="Real-world events and the articles that report them")
def clusters(conn: Conn, limit: Limit = 50, offset: Offset = 0) -> Any:
    return store.list_clusters(conn, limit, offset).as_dict()


@router.get("/timeline", response_model=Timeline,
            summary="Events counted by period and type (over every matching event)")
def timeline(conn: Conn, f: Filtering,
             period: Annotated[str, Query(pattern="^(day|month|year)$",
                                          description="group dates by day, month or year")
                               ] = "month") -> Any:
    counts = aggregates.date_counts(conn, f.filters(), period)
    return {"counts": [{"date": d, "type": t, "inferred": i, "count": n}
                       for d, t, i, n in counts.rows],
            "undated": counts.undated, "total": counts.total}


@router.get("/network", response_model=Network,
            summary="Who met whom: countries (default) or people, pairs with event counts")
def network(conn: Conn, f: Filtering,
            level: Annotated[str, Query(pattern="^(country|person)$")] = "country",
            top: Annotated[int, Query(ge=1, le=500, description="nodes kept")] = 24) -> Any:
    return _network(conn, f.filters(), level, top)


def _network(conn, filters: store.Filters, level: str, top: int) -> dict[str, Any]:
    build = aggregates.side_graph if level == "country" else aggregates.person_graph
    graph = build(conn, filters, top)
    return {"level": level, "nodes": graph.nodes,
            "pairs": [{"a": a, "b": b, "events": n} for a, b, n in graph.edges],
            "total_nodes": graph.total_nodes, "total_pairs": graph.total_edges,
            "events": graph.events}


@router.get("/places", response_model=Places, summary="Events by place, with coordinates")
def places(conn: Conn, f: Filtering) -> Any:
    return _places(conn, f.filters())


def _places(conn, filters: store.Filters) -> dict[str, Any]:
    rows, no_place = aggregates.place_counts(conn, filters)
    items = []
    for row in rows:
        point = geo.locate(row["location"], row["location_en"])
        items.append({**row, "lat": point.lat if point else None,
                      "lon": point.lon if point else None})
    return {"items": items, "no_place": no_place,
            "total": sum(r["events"] for r in rows) + no_place}


# --- exports ---------------------------------------------------------------------------------

ALL = 10**9
Rows = list[dict[str, Any]]


def _export_search(kb: KnowledgeBase, conn, f: FilterParams, p: dict[str, Any]) -> Rows:
    return [hit.to_dict() for hit in kb.search(p.get("q") or "", **f.kwargs(), limit=ALL,
                                               exact=p.get("exact") == "true", order="newest")]


def _export_figures(kb: KnowledgeBase, conn, f: FilterParams, p: dict[str, Any]) -> Rows:
    return [row.to_dict() for row in kb.figures(indicator=p.get("indicator"),
                                                party=p.get("party"), unit=p.get("unit"),
                                                limit=ALL)]


def _export_pairs(kb: KnowledgeBase, conn, f: FilterParams, p: dict[str, Any]) -> Rows:
    level = p.get("level") if p.get("level") in ("country", "person") else "country"
    return _network(conn, f.filters(), level, 100_000)["pairs"]


EXPORTS: dict[str, Callable[[KnowledgeBase, Any, FilterParams, dict[str, Any]], Rows]] = {
    "search": _export_search,
    "events": lambda kb, conn, f, p: [e.to_dict() for e in kb.events(**f.kwargs(), limit=ALL)],
    "figures": _export_figures,
    "clusters": lambda kb, conn, f, p: list(store.list_clusters(conn, ALL)),
    "pairs": _export_pairs,
    "places": lambda kb, conn, f, p: _places(conn, f.filters())["items"],
}


@router.get("/export/{kind}", responses={200: {"content": {
                f.media_type.split(";")[0]: {} for f in FORMATS.values()}}},
            summary="Every row of a list, with the same filters, in an export format")
def export(request: Request, kb: KB, conn: Conn, f: Filtering,
           kind: Annotated[str, Path(pattern=f"^({'|'.join(EXPORTS)})$")],
           format: Annotated[str, Query(pattern=f"^({'|'.join(FORMATS)})$")] = "csv") -> Response:
    spec = FORMATS[format]
    if spec.events_only and kind != "events":
        raise HTTPException(400, f"format {format} holds events only")
    rows = EXPORTS[kind](kb, conn, f, dict(request.query_params))
    columns = list(dict.fromkeys(k for row in rows[:1000] for k in row))
    return _download(rows, format, columns, name=f"sukien-{kind}")
