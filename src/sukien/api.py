"""The HTTP API: a thin layer over :mod:`sukien.store` and :mod:`sukien.ingest`.

Read endpoints are in :mod:`sukien.api_read` (search, lists with totals, aggregates,
exports). ``POST /api/ingest`` (a page's content or a URL) needs the bearer
token given in config or ``SUKIEN_TOKEN``; with no token configured, writing is off. Every
error has one JSON shape: ``{"error": {"status": 404, "code": "not_found", "message": …}}``.
OpenAPI docs at ``/docs`` are served from files in the package (no CDN).
"""

from __future__ import annotations

import importlib.util
import os
import secrets
from datetime import datetime
from typing import Annotated, Any

from fastapi import FastAPI, Header, HTTPException, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi_offline import FastAPIOffline
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException as StarletteHTTPException

from . import __version__, api_read, store
from .errors import SukienError
from .record import Document

MAX_BODY_BYTES = 4 * 1024 * 1024
MAX_LIMIT = api_read.MAX_LIMIT


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
    app.include_router(api_read.router, prefix="/api")
    app.include_router(_router(), prefix="/api")
    app.openapi = lambda: _openapi(app)
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


def _router():
    from fastapi import APIRouter

    router = APIRouter()

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


def _openapi(app: FastAPI) -> dict[str, Any]:
    """The OpenAPI document with the real error answers: a bad parameter is a 400 with
    :class:`~sukien.api_read.ErrorBody`, never FastAPI's 422 validation list."""
    if app.openapi_schema:
        return app.openapi_schema
    from fastapi.openapi.utils import get_openapi

    schema = get_openapi(title=app.title, version=app.version, description=app.description,
                         routes=app.routes)
    error_ref = {"$ref": "#/components/schemas/ErrorBody"}
    for path in schema.get("paths", {}).values():
        for operation in path.values():
            responses = operation.get("responses", {})
            invalid = responses.get("422", {})
            if "HTTPValidationError" in str(invalid):
                del responses["422"]
                responses.setdefault("400", {
                    "description": "a parameter is not valid",
                    "content": {"application/json": {"schema": error_ref}}})
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    for name in ("HTTPValidationError", "ValidationError"):
        components.pop(name, None)
    components.setdefault("ErrorBody", api_read.ErrorBody.model_json_schema(
        ref_template="#/components/schemas/{model}"))
    for name, sub in api_read.ErrorBody.model_json_schema(
            ref_template="#/components/schemas/{model}").get("$defs", {}).items():
        components.setdefault(name, sub)
    components["ErrorBody"].pop("$defs", None)
    app.openapi_schema = schema
    return schema
