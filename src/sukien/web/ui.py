"""HTML pages over the knowledge base, for analysts: search with facets, article, timeline,
network, map, entity and figures pages, server-rendered with Jinja2 (autoescape on, no inline
script or style, a strict Content-Security-Policy), usable without JavaScript.

Every list says how many rows there are in all and pages through them; every chart is drawn
from counts over all matching rows (:mod:`sukien.aggregates`) and has a table beside it for
keyboard and screen-reader users; every list links to the same rows as CSV or JSON lines
(``/api/export/…``, the same filters).

``install(app)`` mounts ``/static`` and the pages on a FastAPI app whose
``app.state.engine`` is an engine from :func:`sukien.store.open_engine` (and ``app.state.kb``
a :class:`sukien.KnowledgeBase` over it, made on first use when missing). Search, events,
entities and figures are read through that public API; articles and the aggregates the charts
draw from :mod:`sukien.store` and :mod:`sukien.aggregates`.
"""

from __future__ import annotations

import contextlib
import gzip
import math
import re
import unicodedata
from collections import Counter
from collections.abc import Callable
from datetime import date, timedelta
from functools import cache
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, FastAPI, Request
from fastapi.responses import HTMLResponse, Response
from fastapi.routing import APIRoute
from fastapi.staticfiles import StaticFiles
from jinja2 import Environment, PackageLoader, select_autoescape
from sqlalchemy.engine import Connection

from .. import aggregates, codes, geo, store
from .._kb import KnowledgeBase, of_app
from .._results import Results
from ..figures import INDICATORS  # the figures page offers every documented indicator
from ..validate import day_bound
from . import charts, render
from .i18n import LANGS, labels, qualifier

CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'")
HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
}
PAGE_SIZE = 20
LIST_SIZE = 50
_DAY = re.compile(store.DAY_PATTERN)


class _SecureRoute(APIRoute):
    """Adds the security headers to every page (a route may set a stricter CSP itself)."""

    def get_route_handler(self) -> Callable:
        handler = super().get_route_handler()

        async def secured(request: Request) -> Response:
            response = await handler(request)
            for name, value in HEADERS.items():
                response.headers.setdefault(name, value)
            return response

        return secured


router = APIRouter(route_class=_SecureRoute, include_in_schema=False)


def install(app: FastAPI) -> None:
    """Mount ``/static`` and the HTML pages on ``app``."""
    app.mount("/static", StaticFiles(packages=[("sukien.web", "static")]), name="static")
    app.include_router(router)


# --- rendering -------------------------------------------------------------------------------


def count(value: int | None, lang: str = "vi") -> str:
    """3418 → "3.418" (vi) / "3,418" (en)."""
    text = f"{value or 0:,}"
    return text.replace(",", ".") if lang == "vi" else text


@cache
def _env() -> Environment:
    env = Environment(loader=PackageLoader("sukien.web", "templates"),
                      autoescape=select_autoescape(default=True, default_for_string=True),
                      trim_blocks=True, lstrip_blocks=True)
    env.filters.update(number=render.number, percent=render.percent, qualifier=qualifier,
                       count=count)
    env.globals.update(EVENT_TYPES=charts.EVENT_TYPES, INDICATORS=INDICATORS,
                       PERIODS=charts.PERIODS)
    return env


def _lang(request: Request) -> str:
    asked = request.query_params.get("lang")
    if asked in LANGS:
        return asked
    cookie = request.cookies.get("lang")
    return cookie if cookie in LANGS else "vi"


def _page(request: Request, template: str, status_code: int = 200, **context: Any) -> Response:
    lang = _lang(request)
    root = request.scope.get("root_path", "").rstrip("/")
    en = lang == "en"

    def name(item: dict[str, Any] | None) -> str:
        if not item:
            return ""
        return (item.get("name_latin") if en else None) or item.get("canonical") or ""

    def country(code: str | None) -> str:
        return codes.country_name(code, lang) if code else ""

    html = _env().get_template(template).render(
        request=request, lang=lang, t=labels(lang), root=root, name=name, country=country,
        place=lambda e: ((e.get("location_en") if en else None) or e.get("location") or ""),
        role=lambda r: ((r.get("title_en") if en else None) or r.get("title") or ""),
        lang_url=_relative(request, lang="vi" if en else "en"),
        url_with=lambda **p: _relative(request, **p), export_url=_export_url(request, root),
        **context)
    response = HTMLResponse(html, status_code=status_code)
    if request.query_params.get("lang") in LANGS:
        response.set_cookie("lang", lang, max_age=365 * 86400, samesite="lax", httponly=True)
    return response


def _relative(request: Request, **params: Any) -> str:
    """This page's URL with ``params`` changed (None removes one), without scheme and host
    (never the Host header's word)."""
    query = {k: v for k, v in request.query_params.items() if k not in params}
    query.update({k: str(v) for k, v in params.items() if v is not None and v != ""})
    return request.url.path + ("?" + urlencode(query) if query else "")


def _export_url(request: Request, root: str) -> Callable[..., str]:
    """The API export of this page's list: same filters, every row, as CSV or JSON lines."""
    def build(kind: str, fmt: str, **extra: Any) -> str:
        query = {k: v for k, v in request.query_params.items()
                 if k not in ("page", "lang", "epage", "apage", "format")}
        query.update({k: str(v) for k, v in extra.items() if v is not None})
        query["format"] = fmt
        return f"{root}/api/export/{kind}?{urlencode(query)}"
    return build


def _not_found(request: Request) -> Response:
    return _page(request, "not_found.html", status_code=404)


def _param(request: Request, key: str) -> str | None:
    value = (request.query_params.get(key) or "").strip()
    return value[:200] or None


def _filters(request: Request, limit: int, offset: int = 0) -> store.Filters:
    def day(key: str) -> str | None:  # a date that does not exist is ignored, as a malformed one
        value = _param(request, key)
        if not value or not _DAY.fullmatch(value):
            return None
        try:
            return day_bound(value)
        except ValueError:
            return None

    event_type = (_param(request, "type") or "").upper() or None
    return store.Filters(date_from=day("from"), date_to=day("to"), entity=_param(request, "entity"),
                         event_type=event_type, side=_param(request, "side"),
                         outlet=_param(request, "outlet"), topic=_param(request, "topic"),
                         place=_param(request, "place"),
                         undated=request.query_params.get("undated") == "1",
                         limit=limit, offset=offset)


def _page_number(request: Request, key: str = "page") -> int:
    try:
        return max(1, min(100_000, int(request.query_params.get(key, "1"))))
    except ValueError:
        return 1


def _connect(request: Request) -> Connection:
    return request.app.state.engine.connect()


def _kb(request: Request) -> KnowledgeBase:
    return of_app(request.app.state)


def _kwargs(f: store.Filters) -> dict[str, Any]:
    """The filters as keyword arguments of the KnowledgeBase's lists."""
    return {"date_from": f.date_from, "date_to": f.date_to, "entity": f.entity,
            "type": f.event_type, "side": f.side, "outlet": f.outlet, "topic": f.topic,
            "place": f.place, "undated": f.undated, "limit": f.limit, "offset": f.offset}


def _rows(results: Results) -> store.Page:
    """Records as the templates read them: a page of plain rows."""
    return store.Page([r.to_dict() for r in results], results.total, results.limit,
                      results.offset)


def pages(page: store.Page) -> int:
    return max(1, math.ceil(page.total / page.limit)) if page.limit else 1


# --- search ----------------------------------------------------------------------------------


@router.get("/", response_class=HTMLResponse)
def search_page(request: Request) -> Response:
    query = _param(request, "q") or ""
    page = _page_number(request)
    exact = request.query_params.get("exact") == "1"
    order = request.query_params.get("order") or "relevance"  # without words: newest first
    order = order if order in store.ORDERS else "relevance"
    filters = _filters(request, PAGE_SIZE, (page - 1) * PAGE_SIZE)
    kb = _kb(request)
    hits = kb.search(query, **_kwargs(filters), exact=exact, order=order, facets=True)
    found = [e.to_dict() for e in kb.entities(query)[:12]] if store.query_terms(query) else []
    rows = _rows(hits)
    phrases = hits.phrases
    results = [{**r, "title_hl": render.highlight(r["title"] or "", phrases, exact),
                "snippet_hl": render.highlight(r["snippet"], phrases, exact)} for r in rows]
    return _page(request, "search.html", query=query, results=results, rows=rows,
                 entities=found, page=page, pages=pages(rows), f=filters, exact=exact,
                 order=order, facets=hits.facets, read_as=hits.read_as if query else "",
                 filtered=bool(query or any(_filter_values(filters))))


def _filter_values(f: store.Filters) -> list[str | None]:
    return [f.date_from, f.date_to, f.entity, f.event_type, f.side, f.outlet, f.topic, f.place]


# --- article ---------------------------------------------------------------------------------


@router.get("/article/{article_id}", response_class=HTMLResponse)
def article_page(request: Request, article_id: str) -> Response:
    with _connect(request) as conn:
        article = store.get_article(conn, article_id)
        if article is None:
            return _not_found(request)
        titles = store.article_titles(conn, article_id)
        people = store.event_people(conn, (e["id"] for e in article["events"]))
    fields = _annotated_fields(article, titles)
    anchors = {n: run.anchor for para in fields["body"] for run in para if run.anchor
               for n in run.events or []}
    legend = Counter(m["type"] for m in article["mentions"])
    return _page(request, "article.html", a=article, fields=fields, anchors=anchors,
                 people=people, legend=legend)


def _annotated_fields(article: dict[str, Any], titles: dict[str, dict[str, Any]]):
    spans: dict[str, list[tuple[int, int, dict[str, Any]]]] = {}
    for m in article["mentions"]:
        role = titles.get(m["entity_id"], {})
        data = {"kind": "ent", "type": m["type"], "id": m["entity_id"],
                "canonical": m["canonical"], "name_latin": m["name_latin"],
                "country": m["country"], "title": role.get("title"),
                "title_en": role.get("title_en"), "resolved": bool(m["resolved"])}
        spans.setdefault(m["field"], []).append((m["start"], m["end"], data))
    body = article["body"] or ""
    for fig in article["figures"]:
        where = render.figure_span(body, fig)
        if where:
            spans.setdefault("body", []).append(
                (*where, {"kind": "fig", "fid": fig["id"], "indicator": fig["indicator"],
                          "period": fig["period"], "unit": fig["unit"]}))
    outer = [(e["start"], e["end"], n) for n, e in enumerate(article["events"])
             if e["start"] is not None and e["end"] is not None]
    out = {"title": render.annotate(article["title"], spans.get("title", [])),
           "lede": render.annotate(article["lede"], spans.get("lede", [])),
           "body": render.annotate(body, spans.get("body", []), outer)}
    out["captions"] = [render.annotate(c, spans.get(f"caption:{i}", []))
                       for i, c in enumerate(article.get("captions") or [])]
    return out


@router.get("/article/{article_id}/raw")
def raw_page(request: Request, article_id: str) -> Response:
    with _connect(request) as conn:
        doc = store.raw_document(conn, article_id)
    if doc is None:
        return _not_found(request)
    raw: bytes = doc["raw"]
    if raw[:2] == b"\x1f\x8b":
        with contextlib.suppress(OSError, EOFError):
            raw = gzip.decompress(raw)
    try:
        text = raw.decode(doc.get("encoding") or "utf-8", errors="replace")
    except LookupError:
        text = raw.decode("utf-8", errors="replace")
    text = unicodedata.normalize("NFC", text)  # windows-1258 spells tones as combining marks
    return Response(text.encode("utf-8"), media_type="text/plain; charset=utf-8", headers={
        "Content-Security-Policy": "sandbox", "X-Content-Type-Options": "nosniff",
        "Content-Disposition": "inline"})


# --- timeline, network, map ------------------------------------------------------------------


def _event_list(conn: Connection, request: Request) -> tuple[store.Page, dict, int]:
    page = _page_number(request)
    filters = _filters(request, LIST_SIZE, (page - 1) * LIST_SIZE)
    events = _rows(_kb(request).events(**_kwargs(filters)))
    return events, store.event_people(conn, (e["id"] for e in events)), page


@router.get("/timeline", response_class=HTMLResponse)
def timeline_page(request: Request) -> Response:
    filters = _filters(request, LIST_SIZE)
    period = request.query_params.get("period", "auto")
    with _connect(request) as conn:
        counts = aggregates.date_counts(conn, filters)
        events, people, page = _event_list(conn, request)
    chosen = [charts.parse_day(_day_edge(filters.date_from, False)),
              charts.parse_day(_day_edge(filters.date_to, True))]
    chart = charts.timeline(counts.rows, period, *chosen)
    types = sorted({s["type"] for b in chart.get("bars", []) for s in b["segments"]},
                   key=lambda t: (t not in charts.EVENT_TYPES, t))
    return _page(request, "timeline.html", f=filters, chart=chart, counts=counts,
                 events=events, people=people, types=types, page=page, pages=pages(events),
                 period=period)


def _day_edge(value: str | None, end: bool) -> str | None:
    """A --from/--to value as a day: "2025" → 2025-01-01 (or 2025-12-31 as an end)."""
    if not value:
        return None
    parts = value.split("-")
    try:
        if len(parts) == 2:
            start = date(int(parts[0]), int(parts[1]), 1)
            return (charts.next_bucket(start, "month") - timedelta(days=1) if end
                    else start).isoformat()
    except ValueError:
        return None
    if len(parts) == 1:
        return f"{parts[0]}-12-31" if end else f"{parts[0]}-01-01"
    return value


@router.get("/network", response_class=HTMLResponse)
def network_page(request: Request) -> Response:
    filters = _filters(request, LIST_SIZE)
    level = "person" if request.query_params.get("level") == "person" else "country"
    with _connect(request) as conn:
        if level == "country":
            graph = aggregates.side_graph(conn, filters)
        else:
            graph = aggregates.person_graph(conn, filters)
    lang = _lang(request)
    if level == "country":
        for node in graph.nodes:
            node["label"] = codes.country_name(node["id"], lang)
            node["country"] = node["id"]
        drawn = charts.circle(graph.nodes, graph.edges, group="id", weight="events")
    else:
        for node in graph.nodes:
            node["label"] = ((node.get("name_latin") if lang == "en" else None)
                             or node["canonical"])
        drawn = charts.circle(graph.nodes, graph.edges, group="country", weight="degree")
    return _page(request, "network.html", f=filters, graph=graph, drawn=drawn, level=level)


@router.get("/map", response_class=HTMLResponse)
def map_page(request: Request) -> Response:
    filters = _filters(request, LIST_SIZE)
    with _connect(request) as conn:
        places, no_place = aggregates.place_counts(conn, filters)
    lang = _lang(request)
    located, unplaced = [], []
    for p in places:
        point = geo.locate(p["location"], p["location_en"])
        name = (p["location_en"] if lang == "en" else None) or p["location"]
        if point:
            located.append({**p, "name": name, "lat": point.lat, "lon": point.lon})
        else:
            unplaced.append({**p, "name": name})
    drawn = charts.world_map(located, land=list(geo.land_cells()))
    return _page(request, "map.html", f=filters, drawn=drawn, located=located,
                 unplaced=unplaced, no_place=no_place,
                 total=sum(p["events"] for p in places) + no_place)


# --- entity and figures ----------------------------------------------------------------------


@router.get("/entity/{entity_id:path}", response_class=HTMLResponse)
def entity_page(request: Request, entity_id: str) -> Response:
    epage, apage = _page_number(request, "epage"), _page_number(request, "apage")
    found = _kb(request).entity(entity_id, by="id", limit=PAGE_SIZE,
                                offset=(epage - 1) * PAGE_SIZE)
    if found is None:
        return _not_found(request)
    profile = {k: store.Page(v["items"], v["total"], v["limit"], v["offset"])
               if isinstance(v, dict) and "items" in v else v
               for k, v in found.to_dict().items()}
    with _connect(request) as conn:
        if apage > 1:
            profile["articles"] = store._articles_mentioning(conn, entity_id, PAGE_SIZE,
                                                             (apage - 1) * PAGE_SIZE)
        people = store.event_people(conn, (e["id"] for e in profile["events"]))
    return _page(request, "entity.html", p=profile, e=profile["entity"], people=people,
                 epage=epage, epages=pages(profile["events"]), apage=apage,
                 apages=pages(profile["articles"]))


@router.get("/figures", response_class=HTMLResponse)
def figures_page(request: Request) -> Response:
    indicator = _param(request, "indicator")
    party = _param(request, "party")
    unit = _param(request, "unit")
    page = _page_number(request)
    lang = _lang(request)
    rows = _rows(_kb(request).figures(indicator=indicator, party=party, unit=unit,
                                      limit=PAGE_SIZE, offset=(page - 1) * PAGE_SIZE))
    with _connect(request) as conn:
        points = aggregates.figure_points(conn, indicator, party, unit)
    drawn, groups = charts.figure_charts(points, labels(lang)["no_party"])
    return _page(request, "figures.html", rows=rows, charts=drawn, n_charts=groups,
                 indicator=indicator or "", party=party or "", unit=unit or "", page=page,
                 pages=pages(rows))
