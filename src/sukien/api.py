"""The HTTP API: a thin layer over :mod:`sukien.store` and :mod:`sukien.ingest`.

Read endpoints (``/api/search``, ``/api/articles/{id}``, ``/api/events``, ``/api/entities``,
``/api/figures``, ``/api/clusters``) answer JSON, or CSV with ``format=csv``; lists are paged
with ``limit``/``offset``. ``POST /api/ingest`` (a page's content or a URL) needs the bearer
token given in config or ``SUKIEN_TOKEN``; with no token configured, writing is off. Every
error has one JSON shape: ``{"error": {"status": 404, "code": "not_found", "message": …}}``.
OpenAPI docs at ``/docs`` are served from files in the package (no CDN).
"""

from __future__ import annotations

import csv
import importlib.util
import io
import os
import secrets
from datetime import datetime
from typing import Annotated, Any

from fastapi import Depends, FastAPI, Header, HTTPException, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, PlainTextResponse, Response
from fastapi_offline import FastAPIOffline
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException as StarletteHTTPException

from . import __version__, store
from .errors import SukienError
from .export import flat
from .record import Document

MAX_BODY_BYTES = 4 * 1024 * 1024
MAX_LIMIT = 500


class IngestRequest(BaseModel):
    """Either ``url`` (fetched by the server) or ``content`` (the page itself)."""

    url: str | None = Field(default=None, description="http(s) URL of a page to fetch")
    content: str | None = Field(default=None, max_length=MAX_BODY_BYTES,
                                description="the page: HTML or a text dump")
    name: str = Field(default="api-upload", max_length=300, description="where it came from")


def _error(status: int, code: str, message: str) -> JSONResponse:
    return JSONResponse({"error": {"status": status, "code": code, "message": message}},
                        status_code=status)


def create_app(db_url: str, token: str | None = None,
               allow_hosts: frozenset[str] = frozenset()) -> FastAPI:
    """The API (and the web UI, when its package is there) over the knowledge base at db_url."""
    app = FastAPIOffline(title="sukien", version=__version__,
                         description="Vietnamese news → who met whom, where, when; figures.")
    app.state.engine = store.open_engine(db_url)
    app.state.token = token if token is not None else os.environ.get("SUKIEN_TOKEN") or None
    app.state.allow_hosts = allow_hosts
    _install_errors(app)
    _install_size_limit(app)
    app.include_router(_router(), prefix="/api")
    if importlib.util.find_spec("sukien.web") is not None:
        from .web import ui

        ui.install(app)
    return app


def _install_errors(app: FastAPI) -> None:
    @app.exception_handler(StarletteHTTPException)
    async def http_error(_request: Request, exc: StarletteHTTPException) -> JSONResponse:
        code = {401: "unauthorized", 403: "forbidden", 404: "not_found", 413: "too_large",
                422: "unprocessable"}.get(exc.status_code, "bad_request")
        return _error(exc.status_code, code, str(exc.detail))

    @app.exception_handler(RequestValidationError)
    async def bad_parameters(_request: Request, exc: RequestValidationError) -> JSONResponse:
        problems = "; ".join(f"{'.'.join(str(p) for p in e['loc'][1:])}: {e['msg']}"
                             for e in exc.errors())
        return _error(400, "bad_parameter", problems or "invalid request")

    @app.exception_handler(SukienError)
    async def sukien_error(_request: Request, exc: SukienError) -> JSONResponse:
        return _error(422, exc.code.id, str(exc))


def _install_size_limit(app: FastAPI) -> None:
    @app.middleware("http")
    async def limit_body(request: Request, call_next):
        length = request.headers.get("content-length")
        if length and length.isdigit() and int(length) > MAX_BODY_BYTES:
            return _error(413, "too_large", f"request body over {MAX_BODY_BYTES} bytes")
        return await call_next(request)


def _conn(request: Request):
    with request.app.state.engine.connect() as conn:
        yield conn


Conn = Annotated[Any, Depends(_conn)]
Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT, description="page size")]
Offset = Annotated[int, Query(ge=0, description="rows to skip")]
Fmt = Annotated[str, Query(pattern="^(json|csv)$", description="json or csv")]
DateParam = Annotated[str | None, Query(pattern=f"^{store.DAY_PATTERN}$")]


def _filters(date_from, date_to, entity, event_type, side, outlet, limit, offset) -> store.Filters:
    return store.Filters(date_from=date_from, date_to=date_to, entity=entity,
                         event_type=event_type, side=side, outlet=outlet, limit=limit,
                         offset=offset)


def _respond(rows: list[dict[str, Any]], fmt: str, limit: int, offset: int) -> Response:
    if fmt == "csv":
        out = io.StringIO()
        columns = list(rows[0]) if rows else []
        writer = csv.DictWriter(out, fieldnames=columns)
        writer.writeheader()
        for row in rows:
            writer.writerow(flat(row))
        return PlainTextResponse(out.getvalue(), media_type="text/csv; charset=utf-8")
    return JSONResponse({"items": rows, "limit": limit, "offset": offset,
                         "next_offset": offset + limit if len(rows) == limit else None})


def _router():
    from fastapi import APIRouter

    router = APIRouter()

    @router.get("/search", summary="Search titles, bodies and entity names (folded)")
    def search(conn: Conn, q: Annotated[str, Query(max_length=300)] = "",
               date_from: Annotated[DateParam, Query(alias="from")] = None,
               date_to: Annotated[DateParam, Query(alias="to")] = None,
               entity: str | None = None, type: str | None = None, side: str | None = None,
               outlet: str | None = None, limit: Limit = 20, offset: Offset = 0,
               format: Fmt = "json") -> Response:
        rows = store.search(conn, q, _filters(date_from, date_to, entity, type, side, outlet,
                                              limit, offset))
        return _respond(rows, format, limit, offset)

    @router.get("/articles/{article_id}", summary="An article with its annotations")
    def article(conn: Conn, article_id: str) -> dict[str, Any]:
        found = store.get_article(conn, article_id)
        if found is None:
            raise HTTPException(404, f"no article {article_id}")
        return found

    @router.get("/articles/{article_id}/raw", summary="The page as it was stored")
    def raw(conn: Conn, article_id: str) -> Response:
        found = store.raw_document(conn, article_id)
        if found is None:
            raise HTTPException(404, f"no document {article_id}")
        return Response(found["raw"], media_type="text/plain; charset=utf-8", headers={
            "X-Content-Type-Options": "nosniff", "Content-Security-Policy": "sandbox"})

    @router.get("/events", summary="Coded events, newest first")
    def events(conn: Conn, date_from: Annotated[DateParam, Query(alias="from")] = None,
               date_to: Annotated[DateParam, Query(alias="to")] = None,
               entity: str | None = None, type: str | None = None, side: str | None = None,
               outlet: str | None = None, limit: Limit = 50, offset: Offset = 0,
               format: Fmt = "json") -> Response:
        rows = store.list_events(conn, _filters(date_from, date_to, entity, type, side, outlet,
                                                limit, offset))
        return _respond(rows, format, limit, offset)

    @router.get("/entities", summary="Entities by name, alias or English spelling")
    def entities(conn: Conn, name: Annotated[str, Query(min_length=1, max_length=200)]) -> Any:
        return {"items": store.find_entities(conn, name)}

    @router.get("/entities/{entity_id}", summary="Profile: roles, meetings, partners, figures")
    def entity(conn: Conn, entity_id: str) -> dict[str, Any]:
        profile = store.entity_profile(conn, entity_id)
        if not profile:
            raise HTTPException(404, f"no entity {entity_id}")
        return profile

    @router.get("/figures", summary="Figures as a time series")
    def figures(conn: Conn, indicator: str | None = None, party: str | None = None,
                limit: Limit = 200, format: Fmt = "json") -> Response:
        return _respond(store.figure_series(conn, indicator, party, limit), format, limit, 0)

    @router.get("/clusters", summary="Real-world events and the articles that report them")
    def clusters(conn: Conn, limit: Limit = 50, offset: Offset = 0) -> Response:
        return _respond(store.list_clusters(conn, limit, offset), "json", limit, offset)

    @router.post("/ingest", summary="Add a page (content or URL); needs the bearer token")
    def ingest(request: Request, body: IngestRequest,
               authorization: Annotated[str | None, Header()] = None) -> dict[str, Any]:
        _check_token(request, authorization)
        from .ingest import Ingester, fetch_documents

        ingester = Ingester(request.app.state.engine, batch_size=1)
        if body.url:  # fetched, never read from the server's disk, whatever the scheme
            stats = ingester.ingest_items(fetch_documents(
                [body.url], allow_hosts=request.app.state.allow_hosts))
        elif body.content:
            doc = Document(path=body.name, raw=body.content.encode("utf-8"),
                           reference_time=datetime.now())
            stats = ingester.ingest_items([doc])
        else:
            raise HTTPException(400, "give either url or content")
        if stats.failed:
            raise HTTPException(422, "; ".join(stats.errors))
        return {"stored": stats.stored, "unchanged": stats.unchanged,
                "duplicates": stats.duplicates}

    return router


def _check_token(request: Request, authorization: str | None) -> None:
    expected = request.app.state.token
    if not expected:
        raise HTTPException(403, "write endpoints are off: no token is configured "
                                 "(set SUKIEN_TOKEN or --token)")
    scheme, _, given = (authorization or "").partition(" ")
    if scheme.lower() != "bearer" or not secrets.compare_digest(given.strip(), expected):
        raise HTTPException(401, "a valid 'Authorization: Bearer <token>' header is required")
