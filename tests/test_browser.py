"""The HTML pages in a real headless Chromium (Debian's, driven by Playwright), over a base
of the examples, a hostile page, generated articles (tests/kbgen.py) and a slice of the dev
corpus: search as phrases (Tập Cận Bình first), an article with its highlights, the timeline
with its brush, the network, the map, an entity, the figures, the language switch; every page
within the width at 1366 and 390 px, with one h1, a skip link and text contrast of at least
4.5:1; and the injected scripts of a hostile page never running.

Needs /usr/bin/chromium (``bash scripts/ci_browser.sh`` installs it) and the ``playwright``
Python package; never downloads a browser. Screenshots go to test-output/screenshots/.
"""

from __future__ import annotations

import contextlib
import os
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import ROOT

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
SHOTS = ROOT / "test-output" / "screenshots"
QUANG_TAY = "bd4fe7088e7516e320cf1db1d13ea9b87138cbfd"
CORPUS = ROOT.parent / "shared" / "corpus" / "dantri-unc"
GENERATED = 600
CORPUS_SLICE = 150


def _missing() -> str | None:
    if not CHROMIUM.exists():
        return f"{CHROMIUM} is missing"
    try:
        import playwright.sync_api  # noqa: F401
        import uvicorn  # noqa: F401
    except ImportError as err:
        return f"{err.name} is not installed"
    return None


def require_browser() -> None:
    """Skip without Chromium and Playwright; in CI, where they must be there, fail."""
    reason = _missing()
    if reason:
        if os.environ.get("CI") == "true":
            pytest.fail(f"{reason}: run scripts/ci_browser.sh")
        pytest.skip(f"{reason}: run scripts/ci_browser.sh")


@contextlib.contextmanager
def serve(app) -> Iterator[str]:
    """uvicorn on 127.0.0.1 (a socket bound before the server starts) in a thread: the
    server's address; stopped, and the app's engine disposed, on leaving."""
    import uvicorn

    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="off"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 15
    while not server.started:
        assert thread.is_alive() and time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{sock.getsockname()[1]}"
    finally:
        server.should_exit = True
        thread.join(timeout=15)
        sock.close()
        app.state.engine.dispose()


@pytest.fixture(scope="module")
def base_url(tmp_path_factory):
    """The UI over a fresh KB: the examples, a hostile page, generated articles and a slice
    of the dev corpus."""
    require_browser()
    from test_ui import build_kb, make_app

    url, xss_id = build_kb(tmp_path_factory.mktemp("browser"))
    _grow(url)
    app = make_app(url)
    app.state.xss_id = xss_id
    with serve(app) as address:
        yield address, xss_id, app


@pytest.fixture(scope="module")
def browser(base_url):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield chromium
        chromium.close()


def _grow(url: str) -> None:
    """Add generated articles and a slice of the dev corpus to the examples' base."""
    from kbgen import articles

    from sukien import store
    from sukien.ingest import Ingester
    from sukien.record import Document
    from sukien.sources import iter_documents

    engine = store.open_engine(url)
    items: list = list(articles(GENERATED, seed=21, xi_share=0.08))
    if CORPUS.exists():
        files = sorted(CORPUS.glob("*.txt"))[::max(1, len(list(CORPUS.glob("*.txt")))
                                                 // CORPUS_SLICE)][:CORPUS_SLICE]
        items += [d for d in iter_documents([str(f) for f in files]) if isinstance(d, Document)]
    stats = Ingester(engine, batch_size=200).ingest_items(items)
    assert stats.failed == 0, stats.errors[:3]
    engine.dispose()


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
    plain = search(page, base, "quang tay")
    shot(page, "01-search-quang-tay")
    assert f"/article/{QUANG_TAY}" in plain
    assert page.locator("mark.hit", has_text="Quảng Tây").first.is_visible()
    assert search(page, base, "Quảng Tây") == plain
    page.select_option("select[name=type]", "AGREE")  # app.js submits the filter form
    page.wait_for_url("**type=AGREE*")
    assert page.locator("a.hit-title").count() >= 1


def test_search_ranks_articles_about_xi_jinping_first(page, base_url):
    base = base_url[0]
    search(page, base, "Tập Cận Bình")
    shot(page, "09-search-tap-can-binh")
    titles = page.locator("a.hit-title").all_inner_texts()
    assert len(titles) == 20 and all("Tập Cận Bình" in t for t in titles[:5]), titles[:5]
    snippets = page.locator(".hit-item").all_inner_texts()
    assert all("Tập Cận Bình" in s for s in snippets)  # the phrase, never "tập trung … bình"
    total = int(page.locator("#hit-count").inner_text().split()[0].replace(".", ""))
    assert total == _articles_with(base_url, "tap can binh")
    facets = page.locator("aside.facets").inner_text()
    assert "CONSULT" in facets and "Trung Quốc" in facets


def test_exact_search_keeps_bien_dong_apart(page, base_url):
    base = base_url[0]
    page.goto(base + "/?q=Biển+Đông")
    loose = int(page.locator("#hit-count").inner_text().split()[0].replace(".", ""))
    page.check("input[name=exact]")
    page.click("form.filters button[type=submit]")
    page.wait_for_url("**exact=1*")
    exact = int(page.locator("#hit-count").inner_text().split()[0].replace(".", ""))
    assert 0 < exact < loose
    assert "biến động" not in page.locator("mark.hit").all_inner_texts()
    shot(page, "10-search-exact")


def _articles_with(base_url, phrase: str) -> int:
    """Articles whose folded title, lede or body holds the words of ``phrase`` side by side,
    counted in Python over every stored article."""
    import re

    from sqlalchemy import select

    from sukien import store
    from sukien.normalize import fold

    engine = base_url[2].state.engine
    pattern = re.compile(r"(?<!\w)" + r"[\W_]+".join(phrase.split()) + r"(?!\w)")
    with engine.connect() as conn:
        rows = conn.execute(select(store.articles.c.title, store.articles.c.lede,
                                   store.articles.c.body)).all()
    return sum(1 for r in rows if pattern.search(fold(" ".join(filter(None, r)))))


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
    total = int(page.locator("#event-total").inner_text().split()[0].replace(".", ""))
    with base_url[2].state.engine.connect() as conn:  # every stored event, none capped
        assert total == conn.exec_driver_sql("SELECT count(*) FROM events").scalar() > 500
    assert page.locator("svg.timeline-chart a.bar").count() >= 20
    assert page.locator(".legend.types .swatch-item").count() >= 3
    in_chart = page.evaluate("document.querySelectorAll('svg a:not([tabindex=\"-1\"])').length")
    assert in_chart == 0  # the bars are not tab stops; the table beside them is
    assert page.locator("details.chart-table summary").count() == 1
    shot(page, "03-timeline")
    box = page.locator("svg.timeline-chart").bounding_box()
    page.mouse.move(box["x"] + box["width"] * 0.3, box["y"] + box["height"] * 0.5)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] * 0.6, box["y"] + box["height"] * 0.5, steps=8)
    page.mouse.up()
    page.wait_for_url("**from=*")
    zoomed = int(page.locator("#event-total").inner_text().split()[0].replace(".", ""))
    assert 0 < zoomed < total
    page.locator("svg.timeline-chart a.bar").first.click()
    page.wait_for_url("**to=*#events")
    page.goto(base + "/network")
    assert page.locator("svg.network a.node").count() >= 10
    shot(page, "04-network")
    page.goto(base + "/network?level=person&entity=Bùi+Thanh+Sơn")
    # the circle, not the link's box: between a circle and its label lies empty chart
    page.locator("svg.network a.node", has_text="Bùi Thanh Sơn").locator("circle").click()
    page.wait_for_url("**/entity/PER*bui-thanh-son*")
    body = page.locator("main").inner_text()
    assert "Phó Thủ tướng Chính phủ" in body and "Vương Nghị" in body
    shot(page, "05-entity")
    page.goto(base + "/figures")
    assert page.locator("svg.figchart").count() >= 2
    shot(page, "06-figures")
    page.goto(base + "/map")
    assert page.locator("svg.map a.place").count() >= 10
    shot(page, "11-map")


PAGES = ["/", "/?q=Tập+Cận+Bình", "/timeline", "/network", "/network?level=person", "/map",
         "/figures", "/entity/LOC:trung-quoc:CN", f"/article/{QUANG_TAY}"]
CONTRAST = """() => {
  const lum = (rgb) => { const c = rgb.map(v => { v /= 255;
      return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); });
    return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2]; };
  const parse = (s) => (s.match(/[\\d.]+/g) || []).map(Number);
  const background = (el) => {
    for (; el; el = el.parentElement) {
      const c = parse(getComputedStyle(el).backgroundColor);
      if (c.length === 3 || (c.length === 4 && c[3] > 0.5)) return c.slice(0, 3);
    }
    return [255, 255, 255];
  };
  const bad = [];
  for (const el of document.querySelectorAll("body *")) {
    if (el.closest("svg") || !el.offsetParent && el.tagName !== "BODY") continue;
    const own = [...el.childNodes].some(n => n.nodeType === 3 && n.textContent.trim());
    if (!own) continue;
    const style = getComputedStyle(el);
    if (style.visibility === "hidden" || style.opacity === "0") continue;
    const fg = lum(parse(style.color).slice(0, 3)), bg = lum(background(el));
    const ratio = (Math.max(fg, bg) + 0.05) / (Math.min(fg, bg) + 0.05);
    if (ratio < 4.5) bad.push(el.tagName + "." + el.className + " " + ratio.toFixed(2) + " "
                              + el.textContent.trim().slice(0, 30));
  }
  return bad;
}"""


@pytest.mark.parametrize("width", [1366, 390])
def test_pages_fit_the_width_and_read_well(browser, base_url, width):
    base = base_url[0]
    context = browser.new_context(viewport={"width": width, "height": 900}, locale="vi-VN")
    tab = context.new_page()
    try:
        for n, url in enumerate(PAGES):
            tab.goto(base + url)
            tab.wait_for_load_state("load")
            overflow = tab.evaluate("document.documentElement.scrollWidth - innerWidth")
            assert overflow <= 0, (url, width, overflow)
            assert tab.locator("h1").count() == 1, url
            tab.keyboard.press("Tab")
            assert tab.evaluate("document.activeElement.className") == "skip", url
            outline = tab.evaluate("getComputedStyle(document.activeElement).outlineStyle")
            assert outline != "none", url  # a visible focus ring
            assert tab.evaluate(CONTRAST) == [], url
            shot(tab, f"w{width}-{n:02d}-{url.strip('/').split('?')[0].replace('/', '-') or 'search'}")
    finally:
        context.close()


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
    page.goto(base + "/timeline?entity=Hoàng+Minh+Tuấn")
    assert "Nanning" in page.locator("table.events").inner_text()
    page.click("#lang-toggle")
    assert page.locator("h1").inner_text().startswith("Dòng thời gian")


def test_injected_scripts_never_run(page, base_url):
    base, xss_id, _ = base_url
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
