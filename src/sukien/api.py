"""The HTTP API: a thin layer over the public Python API (:class:`sukien.KnowledgeBase`).

Read endpoints are in :mod:`sukien.api_read` (search, lists with totals, aggregates,
exports). ``POST /api/ingest`` (a page's content or a URL) needs the bearer
token given in config or ``SUKIEN_TOKEN``; with no token configured, writing is off. Every
error has one JSON shape: ``{"error": {"status": 404, "code": "not_found", "message": …}}``,
an unexpected one included (500, ``internal``).

Limits are enforced while the request is read, before anything is parsed or buffered
(:class:`RequestLimits`): the token of a write request is checked first (401/403), then the
body is counted as it arrives, whatever its transfer encoding, and refused past
:data:`MAX_BODY_BYTES` (413). One knowledge base (and so one ingester) serves the process,
so its near-duplicate index is loaded once and kept current with what is stored.
OpenAPI docs at ``/docs`` and ``/redoc`` are served from files in the package (no CDN),
under a Content-Security-Policy that lets them run only those files (:mod:`sukien.apidocs`).
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
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException as StarletteHTTPException

from . import __version__, api_read, apidocs
from ._api import Page
from ._kb import KnowledgeBase
from .errors import SukienError

MAX_BODY_BYTES = 4 * 1024 * 1024
MAX_LIMIT = api_read.MAX_LIMIT
WRITE_PATHS = frozenset({"/api/ingest"})


class IngestRequest(BaseModel):
    """Either ``url`` (fetched by the server) or ``content`` (the page itself)."""

    url: str | None = Field(default=None, description="http(s) URL of a page to fetch")
    content: str | None = Field(default=None, max_length=MAX_BODY_BYTES,
                                description="the page: HTML or a text dump")
    name: str = Field(default="api-upload", min_length=1, max_length=300,
                      description="where it came from")


def _error(status: int, code: str, message: str) -> JSONResponse:
    return JSONResponse({"error": {"status": status, "code": code, "message": message}},
                        status_code=status)


def create_app(db_url: str, token: str | None = None,
               allow_hosts: frozenset[str] = frozenset()) -> FastAPI:
    """The API (and the web UI, when its package is there) over the knowledge base at db_url."""
    app = FastAPI(title="sukien", version=__version__, docs_url=None, redoc_url=None,
                  description="Vietnamese news → who met whom, where, when; figures.")
    app.state.kb = KnowledgeBase(db_url)
    app.state.engine = app.state.kb._engine  # the web UI's aggregates and a few reads use it
    app.state.token = token if token is not None else os.environ.get("SUKIEN_TOKEN") or None
    app.state.allow_hosts = allow_hosts
    app.state.ingester = None
    _install_errors(app)
    app.add_middleware(RequestLimits, max_body=MAX_BODY_BYTES)
    apidocs.install(app)
    app.include_router(api_read.router, prefix="/api")
    app.include_router(_router(), prefix="/api")
    app.openapi = lambda: _openapi(app)
    if importlib.util.find_spec("sukien.web") is not None:
        from .web import ui

        ui.install(app)
    return app


_CODES = {400: "bad_request", 401: "unauthorized", 403: "forbidden", 404: "not_found",
          405: "method_not_allowed", 413: "too_large", 422: "unprocessable"}


def _install_errors(app: FastAPI) -> None:
    @app.exception_handler(StarletteHTTPException)
    async def http_error(_request: Request, exc: StarletteHTTPException) -> JSONResponse:
        return _error(exc.status_code, _CODES.get(exc.status_code, "bad_request"),
                      str(exc.detail))

    @app.exception_handler(RequestValidationError)
    async def bad_parameters(_request: Request, exc: RequestValidationError) -> JSONResponse:
        problems = "; ".join(f"{'.'.join(str(p) for p in e['loc'][1:])}: {e['msg']}"
                             for e in exc.errors())
        return _error(400, "bad_parameter", problems or "invalid request")

    @app.exception_handler(SukienError)
    async def sukien_error(_request: Request, exc: SukienError) -> JSONResponse:
        return _error(422, exc.code.id, str(exc))

    @app.exception_handler(Exception)
    async def internal(_request: Request, exc: Exception) -> JSONResponse:
        return _error(500, "internal", f"internal error ({type(exc).__name__}); "
                                       "please report it with the request")


class RequestLimits:
    """ASGI middleware: limits enforced while a request is read, before any of its body is
    parsed or buffered beyond the limit. For a write path the token is checked first, from
    the headers alone (401/403); then the body is counted as it arrives, with or without a
    Content-Length (chunked), and refused past ``max_body`` bytes (413) without reading the
    rest. An accepted body is handed on as read."""

    def __init__(self, app, max_body: int) -> None:
        self.app = app
        self.max_body = max_body

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http" or scope["method"] in ("GET", "HEAD", "OPTIONS"):
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1").lower(): v.decode("latin-1")
                   for k, v in scope.get("headers", [])}
        if scope["path"] in WRITE_PATHS:
            refusal = _token_refusal(scope["app"].state.token, headers.get("authorization"))
            if refusal is not None:
                await _error(*refusal)(scope, receive, send)
                return
        length = headers.get("content-length", "")
        if length.strip().isdigit() and int(length) > self.max_body:
            await self._too_large(scope, receive, send)
            return
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.max_body:
                await self._too_large(scope, receive, send)
                return
            chunks.append(chunk)
            if not message.get("more_body", False):
                break
        body = b"".join(chunks)
        replayed = False

        async def replay():
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        await self.app(scope, replay, send)

    async def _too_large(self, scope, receive, send) -> None:
        # No "Connection: close": closing a socket with unread bytes resets it, and the client
        # may lose the answer. The server discards the rest of the body as it comes instead.
        await _error(413, "too_large", f"request body over {self.max_body} bytes")(
            scope, receive, send)


def _token_refusal(expected: str | None, authorization: str | None) -> tuple[int, str, str] | None:
    """(status, code, message) when a write request may not proceed, else None. Header
    values are compared as bytes, so any token given (non-ASCII included) is just wrong."""
    if not expected:
        return 403, "forbidden", ("write endpoints are off: no token is configured "
                                  "(set SUKIEN_TOKEN or --token)")
    scheme, _, given = (authorization or "").strip().partition(" ")
    given_bytes = given.strip().encode("latin-1", "replace")
    if scheme.lower() != "bearer" or not secrets.compare_digest(given_bytes,
                                                                expected.encode("utf-8")):
        return 401, "unauthorized", "a valid 'Authorization: Bearer <token>' header is required"
    return None


def _router():
    from fastapi import APIRouter

    router = APIRouter()

    @router.post("/ingest", summary="Add a page (content or URL); needs the bearer token")
    def ingest(request: Request, body: IngestRequest,
               authorization: Annotated[str | None, Header()] = None) -> dict[str, Any]:
        _check_token(request, authorization)
        if body.url:  # fetched, never read from the server's disk, whatever the scheme
            page = Page(url=body.url)
        elif body.content:
            page = Page(body.content, name=body.name, reference_time=datetime.now())
        else:
            raise HTTPException(400, "give either url or content")
        stats = _ingest(request.app, page)
        if stats.failed:
            raise HTTPException(422, "; ".join(stats.errors))
        return {"stored": stats.stored, "unchanged": stats.unchanged,
                "duplicates": stats.duplicates}

    return router


def _ingest(app: FastAPI, page: Page):
    """Store with the process's one knowledge base, one request at a time: its ingester's
    near-duplicate index is loaded once, then brought up to date with what other writers
    stored since."""
    kb: KnowledgeBase = app.state.kb
    report = kb.ingest([page], batch=1, refresh_statistics=False,
                       allow_hosts=app.state.allow_hosts)
    app.state.ingester = kb._ingester
    return report


def _check_token(request: Request, authorization: str | None) -> None:
    refusal = _token_refusal(request.app.state.token, authorization)
    if refusal is not None:
        raise HTTPException(refusal[0], refusal[2])


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
