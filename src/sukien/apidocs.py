"""The OpenAPI docs pages, ``/docs`` (Swagger UI) and ``/redoc``, offline and under a strict
Content-Security-Policy.

The JavaScript and CSS are the files fastapi-offline ships, served from
``/static-offline-docs``; nothing is fetched from a CDN. The pages carry no inline script:
FastAPI's stock Swagger page starts Swagger UI from an inline ``<script>``, so this page
loads a small start-up script of its own (:data:`SWAGGER_INIT`) from ``/docs/init.js``,
and the OpenAPI URL travels in a ``data-`` attribute. The CSP lets scripts come only from
this server (no inline script, no ``eval``); styles may be inline, because both Swagger UI
and ReDoc set style attributes and ReDoc injects its stylesheet at run time.
"""

from __future__ import annotations

from html import escape
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, Response
from fastapi.staticfiles import StaticFiles

ASSETS = "/static-offline-docs"
CSP = ("default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
       "img-src 'self' data:; font-src 'self'; connect-src 'self'; worker-src 'self' blob:; "
       "base-uri 'none'; form-action 'none'; frame-ancestors 'none'")
HEADERS = {"Content-Security-Policy": CSP, "X-Content-Type-Options": "nosniff",
           "Referrer-Policy": "no-referrer", "X-Frame-Options": "DENY"}
SWAGGER_INIT = """\
"use strict";
(function () {
  var root = document.getElementById("swagger-ui");
  window.ui = SwaggerUIBundle({
    url: root.dataset.openapiUrl,
    dom_id: "#swagger-ui",
    layout: "BaseLayout",
    deepLinking: true,
    presets: [SwaggerUIBundle.presets.apis, SwaggerUIBundle.SwaggerUIStandalonePreset],
  });
})();
"""


def _assets_dir() -> Path:
    import fastapi_offline

    return Path(fastapi_offline.__file__).parent / "static"


def _page(title: str, head: str, body: str) -> HTMLResponse:
    html = (f'<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f"<title>{escape(title)}</title>\n{head}</head>\n<body>\n{body}</body>\n</html>\n")
    return HTMLResponse(html, headers=HEADERS)


def install(app: FastAPI) -> None:
    """Mount the assets and the two pages on ``app`` (created with docs_url=None)."""
    app.mount(ASSETS, StaticFiles(directory=_assets_dir()), name="static-offline-docs")

    @app.get("/docs", include_in_schema=False)
    async def swagger(request: Request) -> HTMLResponse:
        root = request.scope.get("root_path", "")
        return _page(
            f"{app.title} - Swagger UI",
            f'<link rel="stylesheet" href="{root}{ASSETS}/swagger-ui.css">\n'
            f'<link rel="icon" href="{root}{ASSETS}/favicon.png">\n',
            f'<div id="swagger-ui" data-openapi-url="{escape(root + (app.openapi_url or ""))}">'
            f"</div>\n<script src=\"{root}{ASSETS}/swagger-ui-bundle.js\"></script>\n"
            f'<script src="{root}/docs/init.js"></script>\n')

    @app.get("/docs/init.js", include_in_schema=False)
    async def swagger_init() -> Response:
        return Response(SWAGGER_INIT, media_type="text/javascript; charset=utf-8",
                        headers={"X-Content-Type-Options": "nosniff",
                                 "Cache-Control": "public, max-age=3600"})

    @app.get("/redoc", include_in_schema=False)
    async def redoc(request: Request) -> HTMLResponse:
        root = request.scope.get("root_path", "")
        return _page(
            f"{app.title} - ReDoc",
            f'<link rel="icon" href="{root}{ASSETS}/favicon.png">\n',
            f'<redoc spec-url="{escape(root + (app.openapi_url or ""))}"></redoc>\n'
            f'<script src="{root}{ASSETS}/redoc.standalone.js"></script>\n')
