"""The HTML pages in a real headless Chromium (Debian's, driven by Playwright): search with
and without diacritics, an article with its highlights, the timeline, the network, an entity,
the language switch, and the injected scripts of a hostile page never running.

Needs /usr/bin/chromium (``bash scripts/ci_browser.sh`` installs it) and the ``playwright``
Python package; never downloads a browser. Screenshots go to test-output/screenshots/.
"""

from __future__ import annotations

import os
import socket
import threading
import time
from pathlib import Path

import pytest
from conftest import ROOT

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
SHOTS = ROOT / "test-output" / "screenshots"
QUANG_TAY = "bd4fe7088e7516e320cf1db1d13ea9b87138cbfd"


def _missing() -> str | None:
    if not CHROMIUM.exists():
        return f"{CHROMIUM} is missing"
    try:
        import playwright.sync_api  # noqa: F401
        import uvicorn  # noqa: F401
    except ImportError as err:
        return f"{err.name} is not installed"
    return None


@pytest.fixture(scope="module")
def base_url(tmp_path_factory):
    """uvicorn on 127.0.0.1 (a socket bound before the server starts) over a fresh KB."""
    reason = _missing()
    if reason:
        if os.environ.get("CI") == "true":
            pytest.fail(f"{reason}: run scripts/ci_browser.sh")
        pytest.skip(f"{reason}: run scripts/ci_browser.sh")
    import uvicorn
    from test_ui import build_kb, make_app

    url, xss_id = build_kb(tmp_path_factory.mktemp("browser"))
    app = make_app(url)
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="off"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 15
    while not server.started:
        assert thread.is_alive() and time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.05)
    app.state.xss_id = xss_id
    yield f"http://127.0.0.1:{port}", xss_id
    server.should_exit = True
    thread.join(timeout=15)
    sock.close()
    app.state.engine.dispose()


@pytest.fixture(scope="module")
def browser(base_url):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield chromium
        chromium.close()


class Watch:
    """What a page did that it should not: dialogs, script errors, requests off the host."""

    def __init__(self) -> None:
        self.dialogs: list[str] = []
        self.errors: list[str] = []
        self.outside: list[str] = []


@pytest.fixture()
def page(browser, base_url):
    base = base_url[0]
    context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="vi-VN")
    watch = Watch()

    def route(r):
        if r.request.url.startswith(base + "/"):
            r.continue_()
        else:
            watch.outside.append(r.request.url)
            r.abort()

    context.route("**/*", route)
    tab = context.new_page()
    tab.on("dialog", lambda d: (watch.dialogs.append(d.message), d.dismiss()))
    tab.on("pageerror", lambda err: watch.errors.append(str(err)))
    tab.watch = watch
    yield tab
    context.close()
    assert watch.dialogs == [], watch.dialogs
    assert watch.errors == [], watch.errors
    assert watch.outside == [], watch.outside


def shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def pwned(page) -> bool:
    return page.evaluate("typeof window.__pwned !== 'undefined'")


def search(page, base: str, query: str) -> list[str]:
    page.goto(base + "/")
    page.fill("input[name=q]", query)
    page.press("input[name=q]", "Enter")
    page.wait_for_url("**/?q=*")
    return page.locator("a.hit-title").evaluate_all("els => els.map(e => e.getAttribute('href'))")


def test_search_with_and_without_diacritics(page, base_url):
    base = base_url[0]
    plain = search(page, base, "quang dong")
    shot(page, "01-search-quang-dong")
    assert f"/article/{QUANG_TAY}" in plain
    assert page.locator("mark.hit", has_text="Quảng").first.is_visible()
    assert search(page, base, "Quảng Đông") == plain
    page.select_option("select[name=type]", "AGREE")  # app.js submits the filter form
    page.wait_for_url("**type=AGREE*")
    assert page.locator("a.hit-title").count() >= 1


def test_article_highlights(page, base_url):
    base = base_url[0]
    search(page, base, "quang tay")
    page.click(f"a.hit-title[href='/article/{QUANG_TAY}']")
    page.wait_for_url(f"**/article/{QUANG_TAY}")
    for kind in ("PER", "ORG", "LOC"):
        assert page.locator(f".text a.ent.ent-{kind}").count() > 0, kind
    person = page.locator(".text a.ent.ent-PER", has_text="Hoàng Minh Tuấn").first
    person.hover()
    tip = page.locator(".tip")
    tip.wait_for(state="visible")
    assert "Hoang Minh Tuan" in tip.inner_text() and "Permanent Vice Chairman" in tip.inner_text()
    assert page.locator(".text .evidence").count() >= 4
    assert page.locator(".text mark.fig").count() >= 2
    assert page.locator("li.card.event").count() == 5
    page.locator("li.card.event blockquote a").nth(1).click()
    assert page.evaluate("location.hash").startswith("#evidence-")
    background = page.evaluate("getComputedStyle(document.querySelector(':target'))"
                               ".backgroundColor")
    assert background == "rgb(255, 229, 138)"  # the evidence sentence is lit up
    shot(page, "02-article")
    person.click()
    page.wait_for_url("**/entity/PER*hoang-minh-tuan*")
    assert "Hoàng Minh Tuấn" in page.locator("h1").inner_text()


def test_timeline_network_entity(page, base_url):
    base = base_url[0]
    page.goto(base + "/timeline")
    assert page.locator("svg.timeline a.mark").count() >= 20  # one mark per dated event
    assert page.locator(".legend.types .swatch-item").count() >= 3
    shot(page, "03-timeline")
    page.locator("svg.timeline a.mark.t-AGREE").first.click()
    page.wait_for_url("**/article/*")
    assert page.evaluate("location.hash").startswith("#event-")
    page.goto(base + "/network")
    assert page.locator("svg.network a.node").count() >= 19
    shot(page, "04-network")
    page.locator("svg.network a.node", has_text="Bùi Thanh Sơn").click()
    page.wait_for_url("**/entity/PER*bui-thanh-son*")
    body = page.locator("main").inner_text()
    assert "Phó Thủ tướng Chính phủ" in body and "Vương Nghị" in body
    shot(page, "05-entity")
    page.goto(base + "/figures")
    assert page.locator("svg.barchart").count() >= 1 and page.locator("svg.linechart").count() >= 1
    shot(page, "06-figures")


def test_language_switch(page, base_url):
    base = base_url[0]
    page.goto(f"{base}/article/{QUANG_TAY}")
    assert page.locator("html").get_attribute("lang") == "vi"
    assert page.locator("aside h2").first.inner_text().startswith("Sự kiện")
    page.click("#lang-toggle")
    page.wait_for_url("**lang=en")
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator("aside h2").first.inner_text().startswith("Events")
    assert page.locator("aside a.ent-link", has_text="Hoang Minh Tuan").count() >= 1
    shot(page, "07-article-en")
    page.click("nav >> text=Timeline")  # the cookie keeps English
    assert page.locator("h1").inner_text().startswith("Event timeline")
    assert "Nanning" in page.locator("table.events").inner_text()
    page.click("#lang-toggle")
    assert page.locator("h1").inner_text().startswith("Dòng thời gian")


def test_injected_scripts_never_run(page, base_url):
    base, xss_id = base_url
    page.goto(f"{base}/article/{xss_id}")
    heading = page.locator("h1").inner_text()
    assert "<script>window.__pwned=1;alert(1)</script>" in heading  # shown as text
    text = page.locator(".text").inner_text()
    assert '<img src=x onerror="window.__pwned=1;alert(1)">' in text
    assert page.locator(".text img, .text svg, h1 script, .text b").count() == 0
    page.locator(".text", has_text="đẩy mạnh").hover()
    shot(page, "08-injection-article")
    for url in ("/?q=Thongsavanh", "/timeline", "/network", "/figures?party=lao",
                "/?q=%3Cscript%3Ewindow.__pwned%3D1%3C%2Fscript%3E",
                "/entity/PER:bui-thanh-son:VN"):
        page.goto(base + url)
        page.wait_for_load_state("load")
        assert not pwned(page), url
    page.goto(f"{base}/article/{xss_id}/raw")  # the stored page as inert text
    assert "<script>window.__pwned" in page.locator("body").inner_text()
    assert not pwned(page)
    assert page.watch.dialogs == []
