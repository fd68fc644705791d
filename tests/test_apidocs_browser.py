"""/docs and /redoc in Debian's headless Chromium: both render under their
Content-Security-Policy, and the browser reports no script the policy had to block
(the Swagger page used to start from an inline script)."""

from __future__ import annotations

import pytest
from test_browser import ARGS, CHROMIUM, require_browser, serve

from sukien import api


@pytest.fixture(scope="module")
def docs_url(tmp_path_factory):
    require_browser()
    with serve(api.create_app(f"sqlite:///{tmp_path_factory.mktemp('docs') / 'kb.db'}")) as url:
        yield url


@pytest.mark.parametrize(("path", "selector", "expected"), [
    ("/docs", ".swagger-ui .info .title", "sukien"),
    ("/docs", "#operations-default-ingest_api_ingest_post", "/api/ingest"),
    ("/redoc", "h1", "sukien"),
])
def test_docs_render_under_their_csp(docs_url, path, selector, expected):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            page = browser.new_page()
            messages: list[str] = []
            page.on("console", lambda m: messages.append(m.text))
            page.on("pageerror", lambda e: messages.append(str(e)))
            response = page.goto(docs_url + path)
            assert "script-src 'self';" in response.headers["content-security-policy"]
            page.wait_for_selector(selector, timeout=30_000)
            assert expected in page.inner_text(selector)
            blocked = [m for m in messages if "Content Security Policy" in m and "script" in m]
            assert not blocked, blocked
            assert not [m for m in messages if "Refused to execute inline script" in m]
        finally:
            browser.close()
