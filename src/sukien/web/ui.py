"""HTML pages over the knowledge base, for analysts: search, article, timeline, network,
entity and figures pages, server-rendered with Jinja2 (autoescape on, no inline script or
style, a strict Content-Security-Policy), usable without JavaScript.

``install(app)`` mounts ``/static`` and the pages on a FastAPI app whose
``app.state.engine`` is an engine from :func:`sukien.store.open_engine`. Pages read the
knowledge base only through :mod:`sukien.store`'s query functions, plus two small queries
below (participants of events with their entity ids; titles held in one article).
"""

from __future__ import annotations

import contextlib
import gzip
import re
import unicodedata
from collections import Counter
from collections.abc import Callable
from functools import cache
from typing import Any

from fastapi import APIRouter, FastAPI, Request
from fastapi.responses import HTMLResponse, Response
from fastapi.routing import APIRoute
from fastapi.staticfiles import StaticFiles
from jinja2 import Environment, PackageLoader, select_autoescape
from sqlalchemy.engine import Connection

from .. import kb, store
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
INDICATORS = ("trade", "gdp", "investment", "aid", "tourism", "deals", "budget", "revenue",
              "population", "growth", "share", "amount", "count")
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


@cache
def _env() -> Environment:
    env = Environment(loader=PackageLoader("sukien.web", "templates"),
                      autoescape=select_autoescape(default=True, default_for_string=True),
                      trim_blocks=True, lstrip_blocks=True)
    env.filters.update(number=render.number, percent=render.percent, qualifier=qualifier)
    env.globals.update(EVENT_TYPES=charts.EVENT_TYPES, INDICATORS=INDICATORS)
    return env


@cache
def _countries() -> dict[str, tuple[str, str]]:
    return {c.iso2: (c.name_vi, c.name_en) for c in kb.countries()}


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
        if not code:
            return ""
        names = _countries().get(code)
        return names[1 if en else 0] if names else code

    html = _env().get_template(template).render(
        request=request, lang=lang, t=labels(lang), root=root, name=name, country=country,
        place=lambda e: ((e.get("location_en") if en else None) or e.get("location") or ""),
        role=lambda r: ((r.get("title_en") if en else None) or r.get("title") or ""),
        lang_url=_relative(request, lang="vi" if en else "en"),
        page_url=lambda n: _relative(request, page=n), **context)
    response = HTMLResponse(html, status_code=status_code)
    if request.query_params.get("lang") in LANGS:
        response.set_cookie("lang", lang, max_age=365 * 86400, samesite="lax", httponly=True)
    return response


def _relative(request: Request, **params: Any) -> str:
    """This page's URL with ``params`` changed, without scheme and host (never the Host
    header's word)."""
    url = request.url.include_query_params(**params)
    return f"{url.path}?{url.query}" if url.query else url.path


def _not_found(request: Request) -> Response:
    return _page(request, "not_found.html", status_code=404)


def _param(request: Request, key: str) -> str | None:
    value = (request.query_params.get(key) or "").strip()
    return value[:200] or None


def _filters(request: Request, limit: int, offset: int = 0) -> store.Filters:
    def day(key: str) -> str | None:
        value = _param(request, key)
        return value if value and _DAY.fullmatch(value) else None

    event_type = (_param(request, "type") or "").upper() or None
    side = (_param(request, "side") or "").upper() or None
    return store.Filters(date_from=day("from"), date_to=day("to"), entity=_param(request, "entity"),
                         event_type=event_type, side=side, outlet=_param(request, "outlet"),
                         limit=limit, offset=offset)


def _page_number(request: Request) -> int:
    try:
        return max(1, min(10_000, int(request.query_params.get("page", "1"))))
    except ValueError:
        return 1


def _connect(request: Request) -> Connection:
    return request.app.state.engine.connect()


# --- pages -----------------------------------------------------------------------------------


@router.get("/", response_class=HTMLResponse)
def search_page(request: Request) -> Response:
    query = _param(request, "q") or ""
    page = _page_number(request)
    filters = _filters(request, PAGE_SIZE + 1, (page - 1) * PAGE_SIZE)
    terms = store.query_terms(query)
    with _connect(request) as conn:
        rows = store.search(conn, query, filters)
        found = store.find_entities(conn, query)[:12] if terms else []
    results = [{**r, "title_hl": render.highlight(r["title"] or "", terms),
                "snippet_hl": render.highlight(r["snippet"], terms)} for r in rows[:PAGE_SIZE]]
    return _page(request, "search.html", query=query, results=results, entities=found,
                 page=page, first_rank=(page - 1) * PAGE_SIZE + 1,
                 has_next=len(rows) > PAGE_SIZE, f=filters,
                 filtered=bool(terms or any(_filter_values(filters))))


def _filter_values(f: store.Filters) -> list[str | None]:
    return [f.date_from, f.date_to, f.entity, f.event_type, f.side, f.outlet]


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


def _events(request: Request, limit: int) -> tuple[store.Filters, list, dict]:
    filters = _filters(request, limit)
    with _connect(request) as conn:
        events = store.list_events(conn, filters)
        people = store.event_people(conn, (e["id"] for e in events))
    return filters, events, people


@router.get("/timeline", response_class=HTMLResponse)
def timeline_page(request: Request) -> Response:
    filters, events, people = _events(request, 1000)
    chart = charts.timeline(events)
    types = sorted({e["type"] for e in events if e["type"]},
                   key=lambda t: (t not in charts.EVENT_TYPES, t))
    ordered = sorted(events, key=lambda e: (e["date"] or "9999", e["id"]))
    return _page(request, "timeline.html", f=filters, chart=chart, events=ordered,
                 people=people, types=types)


@router.get("/network", response_class=HTMLResponse)
def network_page(request: Request) -> Response:
    filters, events, people = _events(request, 2000)
    graph = charts.network(events, people)
    pairs: Counter[tuple[str, ...]] = Counter()
    for e in events:
        sides = sorted(set(e["sides"] or []))
        pairs.update((a, b) for i, a in enumerate(sides) for b in sides[i + 1:])
    return _page(request, "network.html", f=filters, graph=graph,
                 pairs=sorted(pairs.items(), key=lambda kv: (-kv[1], kv[0])),
                 n_events=len(events))


@router.get("/entity/{entity_id:path}", response_class=HTMLResponse)
def entity_page(request: Request, entity_id: str) -> Response:
    with _connect(request) as conn:
        profile = store.entity_profile(conn, entity_id)
        if not profile:
            return _not_found(request)
        people = store.event_people(conn, (e["id"] for e in profile["events"]))
        articles = store.search(conn, "", store.Filters(
            entity=profile["entity"]["canonical"], limit=50))
    return _page(request, "entity.html", p=profile, e=profile["entity"], people=people,
                 articles=articles)


@router.get("/figures", response_class=HTMLResponse)
def figures_page(request: Request) -> Response:
    indicator = _param(request, "indicator")
    party = _param(request, "party")
    with _connect(request) as conn:
        rows = store.figure_series(conn, indicator, party, limit=500)
    return _page(request, "figures.html", rows=rows, charts=charts.figure_charts(rows),
                 indicator=indicator or "", party=party or "")
