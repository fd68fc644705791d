"""The HTML pages (sukien.web.ui) over a knowledge base built from the examples plus a page
whose title and body carry script injections: every page renders, finds what it should,
escapes all scraped text and sends a strict Content-Security-Policy."""

from __future__ import annotations

import re
from datetime import date, datetime
from pathlib import Path

import pytest
from conftest import EXAMPLES
from fastapi import FastAPI
from fastapi.testclient import TestClient

from sukien import store
from sukien.ingest import Ingester
from sukien.web import charts, render, ui

XSS_PAGE = """Chuyên mục: Thế giới

Bộ trưởng Ngoại giao Bùi Thanh Sơn hội đàm với Ngoại trưởng Lào <script>window.__pwned=1;alert(1)</script>

Thứ Hai, 10/03/2025 08:30 (GMT+7)
Ngày 9/3/2025, tại Hà Nội, Bộ trưởng Ngoại giao Bùi Thanh Sơn đã hội đàm với Bộ trưởng Ngoại giao Lào Thongsavanh Phomvihane <img src=x onerror="window.__pwned=1;alert(1)"> về hợp tác song phương.

Hai bên cho biết năm 2024, kim ngạch thương mại giữa Việt Nam và Lào đạt 1,6 tỷ USD. Năm 2025, kim ngạch thương mại giữa Việt Nam và Lào đạt 2,1 tỷ USD, tăng 31% so với cùng kỳ.

Bộ trưởng Bùi Thanh Sơn đề nghị hai bên <b onmouseover=alert(1)>đẩy mạnh</b> hợp tác "kinh tế" & 'đầu tư' </p></div><svg onload=window.__pwned=1>.

Phóng viên
"""
INJECTIONS = ("<script>window.__pwned=1;alert(1)</script>",
              '<img src=x onerror="window.__pwned=1;alert(1)">',
              "<b onmouseover=alert(1)>", "<svg onload=window.__pwned=1>")
QUANG_TAY = "bd4fe7088e7516e320cf1db1d13ea9b87138cbfd"  # examples/pages/06_cp1258_quang_tay.html
CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "object-src 'none'; base-uri 'none'; frame-ancestors 'none'")


def build_kb(folder: Path) -> tuple[str, str]:
    """The examples plus the injection page in a fresh SQLite file: (url, injection id)."""
    page = folder / "xss_page.txt"
    page.write_text(XSS_PAGE, encoding="utf-8")
    url = f"sqlite:///{folder}/kb.db"
    engine = store.open_engine(url)
    stats = Ingester(engine).ingest([str(EXAMPLES / "pages"), str(page)],
                                    reference_time=datetime(2026, 6, 1))
    assert stats.failed == 0, stats.errors
    with engine.connect() as conn:
        hits = store.search(conn, "Thongsavanh")
    engine.dispose()
    assert len(hits) == 1
    return url, hits[0]["id"]


def make_app(url: str) -> FastAPI:
    app = FastAPI()
    app.state.engine = store.open_engine(url)
    ui.install(app)
    return app


@pytest.fixture(scope="module")
def kb(tmp_path_factory) -> tuple[str, str]:
    return build_kb(tmp_path_factory.mktemp("ui"))


@pytest.fixture()
def client(kb) -> TestClient:
    with TestClient(make_app(kb[0])) as c:
        yield c


@pytest.fixture()
def xss_id(kb) -> str:
    return kb[1]


def get(client: TestClient, url: str, status: int = 200):
    response = client.get(url)
    assert response.status_code == status, (url, response.text[:500])
    if response.headers["content-type"].startswith("text/html"):
        assert response.headers["content-security-policy"].startswith(CSP)
        assert response.headers["x-content-type-options"] == "nosniff"
        assert "<script>" not in response.text and " style=" not in response.text
    return response


def hits(html: str) -> list[str]:
    return re.findall(r'<mark class="hit">([^<]*)</mark>', html)


def test_search_folds_diacritics(client):
    plain, marked = get(client, "/?q=quang+tay").text, get(client, "/?q=Quảng+Tây").text
    ids = [re.findall(r'href="/article/([0-9a-f]{40})"', page) for page in (plain, marked)]
    assert ids[0] == ids[1] and QUANG_TAY in ids[0]
    assert "Quảng Tây" in hits(plain) and hits(plain) == hits(marked)
    assert "Quảng" not in hits(plain)  # a phrase: "Quảng Ninh" alone is not a hit
    assert 'value="quang tay"' in plain


def test_search_lists_latest_and_paginates(client):
    html = get(client, "/").text
    assert len(re.findall(r'class="hit-item"', html)) == 9  # 8 examples + the injection page
    assert "Bài mới nhất" in html and "rel=\"next\"" not in html
    assert re.search(r'id="hit-count">9 kết quả<', html)
    assert "Hiển thị 1–9 trên 9" in html
    beyond = get(client, "/?page=2").text
    assert 'class="hit-item"' not in beyond and 'id="hit-count">9 kết quả<' in beyond


def test_search_filters(client):
    html = get(client, "/?q=&side=la&type=CONSULT").text
    assert "Việt Nam - Lào ký 12 văn kiện" in html and "Quảng Tây (Trung Quốc)" not in html
    html = get(client, "/?entity=Hoàng+Minh+Tuấn").text
    assert QUANG_TAY in html and html.count('class="hit-item"') == 1
    html = get(client, "/?q=hợp+tác&from=2025-08-01&to=2025-08-31").text
    assert html.count('class="hit-item"') == 1 and QUANG_TAY in html
    assert get(client, "/?q=x&from=not-a-date&page=zz").status_code == 200
    assert "Không tìm thấy" in get(client, "/?q=zzzzqqq").text


def test_search_shows_matching_entities(client):
    html = get(client, "/?q=Bùi+Thanh+Sơn").text
    assert 'href="/entity/PER%3Abui-thanh-son%3AVN"' in html


def test_article_highlights_entities_events_figures(client):
    html = get(client, f"/article/{QUANG_TAY}").text
    heading = html[html.index('<h1 class="title">'):html.index("</h1>")]
    assert "Quảng Ninh và Quảng Tây" not in heading  # the title is split into entity links
    assert '<a class="ent ent-LOC" href="/entity/LOC%3Aquang-ninh%3AVN"' in heading
    for kind, name in (("PER", "Hoàng Minh Tuấn"), ("LOC", "Quảng Ninh"), ("ORG", "Chính quyền")):
        assert re.search(rf'<a class="ent ent-{kind}[^"]*" href="/entity/[^"]+" data-type='
                         rf'"{kind}"[^>]*>{name}', html), kind
    assert 'data-latin="Guangxi"' in html  # Quảng Tây → Guangxi in the tooltip data
    assert 'data-role-en="Permanent Vice Chairman' in html
    assert html.count('class="evidence"') >= 4 and 'id="evidence-0"' in html
    assert '<mark class="fig" id="figure-' in html and "2,1 tỷ USD, tăng 15,2%</mark>" in html
    assert "Hoàng Long, Bảo Ngọc" in html and "Kinh tế Đối ngoại" in html
    assert "2025-08-19 → 2025-08-20" in html and "CONSULT" in html and "đã diễn ra" in html
    assert "Guangxi · CONSULT · Viet Nam/Quang Ninh" in html  # summary_en
    assert f'href="/article/{QUANG_TAY}/raw"' in html


def test_raw_page_is_inert_text(client, xss_id):
    response = client.get(f"/article/{QUANG_TAY}/raw")
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/plain; charset=utf-8"
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["content-security-policy"] == "sandbox"
    assert "Quảng Tây" in response.text  # windows-1258 bytes served as UTF-8
    raw = client.get(f"/article/{xss_id}/raw")
    assert raw.headers["content-security-policy"] == "sandbox" and "<script>" in raw.text


def test_timeline_and_network(client):
    html = get(client, "/timeline").text
    with client.app.state.engine.connect() as conn:  # every stored event is counted
        stored = conn.exec_driver_sql("SELECT count(*) FROM events").scalar()
    assert '<svg class="timeline-chart"' in html and f'id="event-total">{stored} sự kiện<' in html
    assert '<a href="/timeline?undated=1">1 sự kiện không có ngày' in html  # counted, listed
    assert 'class="seg t-CONSULT' in html and 'class="seg t-AGREE' in html
    assert 'class="legend types"' in html and "<details class=\"chart-table\">" in html
    html = get(client, "/timeline?type=agree&side=KR").text
    assert 'id="event-total">1 sự kiện<' in html and 'class="seg t-CONSULT' not in html
    assert 'id="event-total">1 sự kiện<' in get(client, "/timeline?type=AGREE&side=Hàn+Quốc").text
    html = get(client, "/timeline?entity=Vương+Nghị&from=2025-07-01").text
    assert 'id="event-total">2 sự kiện<' in html
    html = get(client, "/network").text
    assert '<svg class="network"' in html and 'href="/timeline?side=CN"' in html
    assert "Trung Quốc – Việt Nam" in html and "Lào" in html
    assert get(client, "/network").text == html  # deterministic layout
    people = get(client, "/network?level=person").text
    assert 'href="/entity/PER%3Abui-thanh-son%3AVN"' in people
    assert people.count('<line class="edge"') >= 10 and "Thongsavanh Phomvihane" in people


def test_entity_page(client):
    html = get(client, "/entity/PER:bui-thanh-son:VN").text
    assert "Bùi Thanh Sơn" in html and "Bui Thanh Son" in html and "Việt Nam (VN)" in html
    assert "Phó Thủ tướng Chính phủ" in html and "Deputy Prime Minister" in html
    assert "Vương Nghị" in html and "Kuala Lumpur" in html and "2025-03-07" in html
    html = get(client, "/entity/LOC:quang-tay:CN").text
    assert "Guangxi" in html


def test_figures_page(client):
    html = get(client, "/figures").text
    assert '<svg class="figchart"' in html and "982,3 tỷ" in html
    assert "ASEAN – Trung Quốc" in html
    html = get(client, "/figures?indicator=trade&party=lao").text
    assert '<svg class="figchart"' in html and "Quảng Ninh, Quảng Tây" not in html
    assert "Việt Nam, Lào" in html
    assert "Việt Nam, Lào" in get(client, "/figures?indicator=trade&party=Laos").text
    en = get(client, "/figures?indicator=arrivals&lang=en").text
    assert "more than 3.7 million" in en and "hơn 3,7 triệu" in get(client, "/figures?lang=vi").text


def test_figures_page_offers_every_documented_indicator(client):
    """The indicator menu is the figures stage's own list, not a copy that misses the
    indicators added since (stake, fatalities, cases, price, index, …)."""
    from sukien.figures import INDICATORS

    options = re.findall(r'<option value="([a-z_]+)"', get(client, "/figures").text)
    assert set(INDICATORS) <= set(options)


def test_language_toggle(client):
    vi = get(client, "/entity/LOC:quang-tay:CN").text
    assert 'lang="vi"' in vi and "Tìm kiếm" in vi and "Quốc gia" in vi
    response = get(client, "/?lang=en")
    assert 'lang="en"' in response.text and ">Search<" in response.text
    assert "lang=en" in response.headers["set-cookie"]
    en = get(client, f"/article/{QUANG_TAY}").text  # the cookie carries the choice
    assert 'lang="en"' in en and "Events" in en and "Guangxi" in en
    assert ">Hoang Minh Tuan</a>" in en  # participants by their Latin names
    assert "Nanning" in get(client, "/timeline").text
    assert "Permanent Vice Chairman" in get(client, "/entity/PER:hoang-minh-tuan:VN").text
    back = get(client, "/timeline?lang=vi").text
    assert 'lang="vi"' in back and "Dòng thời gian sự kiện" in back and "Nam Ninh" in back


def test_missing_pages_are_404(client):
    for url in ("/article/0000000000000000000000000000000000000000", "/entity/PER:nobody",
                "/article/nope/raw"):
        html = get(client, url, 404).text
        assert "Không tìm thấy" in html


def test_scraped_text_is_escaped(client, xss_id):
    pages = [f"/article/{xss_id}", "/?q=Thongsavanh", "/", "/timeline", "/network",
             "/entity/PER:bui-thanh-son:VN", "/figures?party=lao", f"/article/{xss_id}?lang=en"]
    for url in pages:
        html = get(client, url).text
        for injection in INJECTIONS:
            assert injection not in html, (url, injection)
        assert "onerror=" not in html.replace("onerror=&#34;", "") or "<img" not in html
        assert not re.search(r"<(img|svg|b|script)\b[^>]*\bon\w+=", html), url
    article = get(client, f"/article/{xss_id}").text
    assert "&lt;script&gt;window.__pwned=1;alert(1)&lt;/script&gt;" in article
    assert "&lt;img src=x onerror=&#34;window.__pwned=1;alert(1)&#34;&gt;" in article
    assert "&lt;b onmouseover=alert(1)&gt;" in article
    search = get(client, "/?q=Thongsavanh").text
    assert "&lt;script&gt;" in search and "<mark class=\"hit\">Thongsavanh</mark>" in search
    reflected = get(client, "/?q=%3Cscript%3Ealert(1)%3C/script%3E&entity=%22%3E%3Cimg").text
    assert "<script>alert(1)" not in reflected and 'value="&lt;script&gt;alert(1)' in reflected
    assert '&#34;&gt;&lt;img' in reflected


def test_static_files(client):
    css = client.get("/static/style.css")
    assert css.status_code == 200 and css.headers["content-type"].startswith("text/css")
    js = client.get("/static/app.js")
    assert js.status_code == 200 and "innerHTML" not in js.text.replace("never innerHTML", "")


def test_highlight_and_annotate_helpers():
    pieces = render.highlight("Tỉnh Quảng Đông, quảng đông và Quang Dong.", ["quang", "dong"])
    assert [p for p, hit in pieces if hit] == ["Quảng Đông", "quảng đông", "Quang Dong"]
    assert [p for p, hit in render.highlight("Quảng Ninh, Đông", ["quang", "dong"]) if hit] == [
        "Quảng", "Đông"]
    assert "".join(p for p, _ in pieces) == "Tỉnh Quảng Đông, quảng đông và Quang Dong."
    assert render.highlight("Đông Hưng", ["dongh"]) == [("Đông Hưng", False)]
    text = "Ông A gặp B.\n\nHai bên ký C."
    paras = render.annotate(text, [(4, 5, {"k": "A"}), (10, 11, {"k": "B"}), (4, 9, {"x": 1})],
                            [(0, 12, 0), (14, 27, 1)])
    assert len(paras) == 2 and paras[0][0].events == [0] and paras[0][0].anchor == "evidence-0"
    assert [p for p, d in paras[0][0].pieces if d] == ["A gặp", "B"]  # longest of overlaps
    assert "".join(p for para in paras for run in para for p, _ in run.pieces) == text.replace(
        "\n\n", "")
    assert render.number(1.53e12, "vi") == "1,53 nghìn tỷ"
    assert render.number(1.53e12, "en") == "1.53 trillion" and render.number(600000) == "600.000"


def test_timeline_chart_counts_and_outliers():
    rows = [(f"2025-{m:02d}-10", "CONSULT", False, 3) for m in range(1, 13)]
    rows += [("2025-03-11", "AGREE", True, 2), ("2025-06", "AGREE", False, 1),
             ("2031-05-02", "CONSULT", False, 1), ("2025", "AID", False, 4)]
    chart = charts.timeline(rows, "month")
    assert chart["period"] == "month" and len(chart["bars"]) == 12
    march = chart["bars"][2]
    assert march["bucket"].counts == {"CONSULT": 3} and march["bucket"].inferred == {"AGREE": 2}
    assert chart["bars"][5]["bucket"].total == 4  # a month-only date sits in its month
    assert chart["outliers"] == [("2031-05", 1)] and chart["imprecise"] == 4
    weekly = charts.timeline(rows, "week")
    assert weekly["imprecise"] == 5 and sum(b["bucket"].total for b in weekly["bars"]) == 38
    chosen = charts.timeline(rows, "auto", date(2025, 1, 1), date(2031, 12, 31))
    assert chosen["outliers"] == [] and chosen["period"] == "month"
    assert charts.timeline(rows, "auto")["period"] == "week"


def test_network_circle_palette_never_repeats():
    nodes = [{"id": f"C{i}", "events": 100 - i, "country": f"C{i}"} for i in range(24)]
    edges = [(f"C{i}", f"C{i + 1}", i + 1) for i in range(23)]
    drawn = charts.circle(nodes, edges, group="id", weight="events")
    colours = [n["colour"] for n in drawn["nodes"]]
    assert len(set(colours)) == 24 and charts.OTHER not in colours
    assert len(drawn["edges"]) == 23 and drawn == charts.circle(nodes, edges, "id", "events")
    for n in drawn["nodes"]:
        assert 0 <= n["x"] <= drawn["size"] and 0 <= n["y"] <= drawn["size"]
        assert (n["anchor"] == "start") == (n["x"] >= drawn["size"] / 2 - 0.5)


def test_figure_periods_on_a_time_axis():
    assert charts.period_range("2025-Q2") == (date(2025, 4, 1), date(2025, 6, 30))
    assert charts.period_range("2025-01/2025-08") == (date(2025, 1, 1), date(2025, 8, 31))
    assert charts.period_range("năm ngoái") is None
    points = [{"indicator": "trade", "unit": "USD", "period": p, "parties": ["A", "B"], "n": 1,
               "low": v, "high": v, "mean": v} for p, v in (("2023", 1e9), ("2021", 2e9),
                                                            ("2025-Q1", 3e9))]
    points.append({"indicator": "trade", "unit": "USD", "period": None, "parties": [], "n": 2,
                   "low": 1.0, "high": 1.0, "mean": 1.0})
    (chart,), groups = charts.figure_charts(points, "no party")
    assert groups == 1
    xs = [m["x"] for m in chart["marks"]]
    assert xs == sorted(xs) and [m["point"]["period"] for m in chart["marks"]] == [
        "2021", "2023", "2025-Q1"]
    assert chart["undated"] == 2 and chart["figures"] == 5 and chart["figures_drawn"] == 3
    assert [t["label"] for t in chart["xticks"]][:2] == ["2021", "2022"]


def test_every_page_has_one_h1_a_skip_link_and_its_exports(client, kb):
    lists = {"/": "search", "/timeline": "events", "/network": "pairs", "/map": "places",
             "/figures": "figures", "/entity/PER:bui-thanh-son:VN": "events"}
    for url in [*lists, f"/article/{QUANG_TAY}", "/network?level=person"]:
        html = get(client, url).text
        assert html.count("<h1") == 1, url
        assert '<a class="skip" href="#main">' in html and '<main id="main"' in html, url
        if url in lists:
            assert f'href="/api/export/{lists[url]}?' in html and "format=jsonl" in html, url
    html = get(client, "/timeline?side=China&type=CONSULT").text
    exported = re.search(r'href="(/api/export/events\?[^"]+format=csv)"', html).group(1)
    from sukien.api import create_app

    with TestClient(create_app(kb[0])) as full:  # the UI and the API, as `sukien serve` runs
        rows = full.get(exported.replace("&amp;", "&")).text.strip().splitlines()
    assert len(rows) - 1 == int(re.search(r'id="event-total">(\d+) ', html).group(1))


def test_map_page(client):
    html = get(client, "/map").text
    assert '<svg class="map"' in html and '<path class="land" d="M' in html
    assert re.search(r"<title>Hà Nội: \d+ sự kiện</title>", html)
    assert 'href="/timeline?place=H%C3%A0%20N%E1%BB%99i"' in html
    en = get(client, "/map?lang=en").text
    assert "<title>Hanoi:" in en and "Places without coordinates" in en


def test_entity_page_pages_its_events(client):
    first = get(client, "/entity/LOC:trung-quoc:CN").text
    total = int(re.search(r'<h2 id="events-h">[^<]*<span class="count">(\d+)</span>',
                          first).group(1))
    assert total > 0 and "Việt Nam</a> <span class=\"n\">×" in first  # partner countries
    rows = first.count('<tr id="row-')
    assert rows == min(total, 20)
    assert "Hiển thị 1–" in first
