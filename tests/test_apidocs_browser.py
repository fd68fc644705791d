"""/docs and /redoc in Debian's headless Chromium: both render under their
Content-Security-Policy, and the browser reports no script the policy had to block
(the Swagger page used to start from an inline script)."""

from __future__ import annotations

import os
import socket
import threading
import time

import pytest
from test_browser import ARGS, _missing

from sukien import api


@pytest.fixture(scope="module")
def docs_url(tmp_path_factory):
    reason = _missing()
    if reason:
        if os.environ.get("CI") == "true":
            pytest.fail(f"{reason}: run scripts/ci_browser.sh")
        pytest.skip(f"{reason}: run scripts/ci_browser.sh")
    import uvicorn

    app = api.create_app(f"sqlite:///{tmp_path_factory.mktemp('docs') / 'kb.db'}")
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="off"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 15
    while not server.started:
        assert thread.is_alive() and time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{sock.getsockname()[1]}"
    server.should_exit = True
    thread.join(timeout=15)
    sock.close()
    app.state.engine.dispose()


@pytest.mark.parametrize(("path", "selector", "expected"), [
    ("/docs", ".swagger-ui .info .title", "sukien"),
    ("/docs", "#operations-default-ingest_api_ingest_post", "/api/ingest"),
    ("/redoc", "h1", "sukien"),
])
def test_docs_render_under_their_csp(docs_url, path, selector, expected):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
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
