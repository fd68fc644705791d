"""Search, totals, facets and aggregates on both backends, checked against counts made
independently (in Python over the stored rows, or by plain SQL): a phrase is a phrase,
quotes, OR and exclusion do what they say, the accent-sensitive mode keeps "Biển Đông" apart
from "biến động", English names find Vietnamese articles, every "X of Y" is the real Y, and
every chart's numbers are the group-by of all matching rows.

The base: a few articles written here for the cases, plus articles of tests/kbgen.py, stored
once per backend for the module.
"""

from __future__ import annotations

import io
import json
import re
from collections import Counter
from datetime import datetime

import pytest
from kbgen import articles as generated
from sqlalchemy import func, select, text

from sukien import aggregates, store
from sukien.ingest import Ingester
from sukien.normalize import fold
from sukien.record import Document

PAGES = {
    "xi.txt": """Chuyên mục: Thế giới
Chủ tịch Trung Quốc Tập Cận Bình hội đàm với Tổng thống Lào
Thứ Ba, 12/03/2024 08:30 (GMT+7)

Ngày 11/3/2024, tại Bắc Kinh, Chủ tịch Trung Quốc Tập Cận Bình đã hội đàm với Tổng thống Lào Thongloun Sisoulith.

Chủ tịch Tập Cận Bình nhấn mạnh quan hệ láng giềng hữu nghị giữa hai nước.
""",
    "syllables.txt": """Chuyên mục: Kinh tế
Các địa phương tập trung tháo gỡ khó khăn cho doanh nghiệp
Thứ Tư, 13/03/2024 09:00 (GMT+7)

Thời hạn nộp hồ sơ đã cận kề, các sở ngành tập trung xử lý hồ sơ tồn đọng.

Lãnh đạo tỉnh đề nghị giữ vững hòa bình, ổn định để thu hút đầu tư, bảo đảm bình đẳng giữa các doanh nghiệp.
""",
    "volatility.txt": """Chuyên mục: Kinh tế
Giá xăng dầu biến động mạnh trong tuần
Thứ Năm, 14/03/2024 10:00 (GMT+7)

Giá xăng dầu trong nước biến động mạnh theo giá thế giới, doanh nghiệp vận tải gặp khó.

Các chuyên gia dự báo thị trường còn biến động trong quý tới.
""",
    "east_sea.txt": """Chuyên mục: Thế giới
Việt Nam và Philippines trao đổi về tình hình Biển Đông
Thứ Sáu, 15/03/2024 11:00 (GMT+7)

Ngày 14/3/2024, tại Hà Nội, Bộ trưởng Ngoại giao Bùi Thanh Sơn đã hội đàm với Bộ trưởng Ngoại giao Philippines Enrique Manalo.

Hai bên nhấn mạnh tầm quan trọng của hòa bình, ổn định và tự do hàng hải ở Biển Đông.
""",
    "guangdong.txt": """Chuyên mục: Kinh tế
Quảng Ninh tăng cường hợp tác thương mại với Quảng Đông
Thứ Bảy, 16/03/2024 08:00 (GMT+7)

Ngày 15/3/2024, tại Hạ Long, lãnh đạo tỉnh Quảng Ninh đã tiếp đoàn doanh nghiệp tỉnh Quảng Đông (Trung Quốc).

Năm 2023, kim ngạch thương mại giữa Quảng Ninh và Quảng Đông đạt 2 tỷ USD, tăng 12% so với năm trước.
""",
}


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def engine(request, tmp_path_factory):
    folder = tmp_path_factory.mktemp(f"search-{request.param}")
    if request.param == "sqlite":
        url = f"sqlite:///{folder}/kb.db"
    else:
        from pgserver import create_database

        url = create_database(request.getfixturevalue("postgres_url"), "search_module")
    engine = store.open_engine(url)
    docs = [Document(path=name, raw=body.encode("utf-8"), reference_time=datetime(2024, 3, 20),
                     url=f"https://tin.example.vn/{name[:-4]}.html") for name, body in PAGES.items()]
    stats = Ingester(engine, batch_size=100).ingest_items([*docs, *generated(150, seed=9, xi_share=0.05)])
    assert stats.failed == 0, stats.errors
    yield engine
    engine.dispose()
    if request.param == "postgresql":
        from pgserver import drop_database

        drop_database(request.getfixturevalue("postgres_url"), "search_module")


def _ids(engine, query: str, **options) -> list[str]:
    with engine.connect() as conn:
        return [r["id"] for r in store.search(conn, query, store.Filters(limit=500), **options)]


def _id_of(engine, name: str) -> str:
    with engine.connect() as conn:
        return conn.scalar(select(store.documents.c.id).where(store.documents.c.source == name))


def _texts(engine) -> dict[str, str]:
    with engine.connect() as conn:
        rows = conn.execute(select(store.articles.c.id, store.articles.c.title,
                                   store.articles.c.lede, store.articles.c.body)).all()
    return {r.id: " ".join(filter(None, (r.title, r.lede, r.body))) for r in rows}


def _with_phrase(texts: dict[str, str], phrase: str, exact: bool = False) -> set[str]:
    pattern = re.compile(r"(?<!\w)" + r"[\W_]+".join(phrase.split()) + r"(?!\w)")
    return {i for i, t in texts.items() if pattern.search(t.lower() if exact else fold(t))}


def test_adjacent_syllables_are_a_phrase(engine):
    xi, syllables = _id_of(engine, "xi.txt"), _id_of(engine, "syllables.txt")
    found = _ids(engine, "Tập Cận Bình")
    assert xi in found and syllables not in found
    assert set(found) == _with_phrase(_texts(engine), "tap can binh")
    assert set(_ids(engine, "tap can binh")) == set(found)  # folded: diacritics do not matter
    assert syllables in _ids(engine, "tập trung, cận kề, bình đẳng")  # three phrases, any order


def test_relevance_puts_the_articles_about_him_first(engine):
    ranked = _ids(engine, "Tập Cận Bình", order="relevance")
    texts = _texts(engine)
    with engine.connect() as conn:
        titles = dict(conn.execute(select(store.articles.c.id, store.articles.c.title)).all())
    about = [i for i in ranked if "Tập Cận Bình" in (titles[i] or "")]
    assert ranked[:len(about)] == about and len(about) >= 2
    assert len(ranked) == len(_with_phrase(texts, "tap can binh"))


def test_quotes_or_and_exclusion(engine):
    texts = _texts(engine)
    peace = _with_phrase(texts, "hoa binh")
    xi = _with_phrase(texts, "tap can binh")
    assert set(_ids(engine, '"hòa bình"')) == peace
    assert set(_ids(engine, 'hòa bình -"Tập Cận Bình"')) == peace - xi
    either = set(_ids(engine, "Tập Cận Bình OR Biển Đông"))
    assert either == xi | _with_phrase(texts, "bien dong")
    assert set(_ids(engine, "-hội đàm")) == set(texts) - _with_phrase(texts, "hoi dam")


def test_accent_sensitive_search_keeps_bien_dong_apart(engine):
    sea, prices = _id_of(engine, "east_sea.txt"), _id_of(engine, "volatility.txt")
    loose = _ids(engine, "Biển Đông")
    exact = _ids(engine, "Biển Đông", exact=True)
    assert sea in loose and prices in loose
    assert sea in exact and prices not in exact
    assert set(exact) == _with_phrase(_texts(engine), "biển đông", exact=True)
    assert prices in _ids(engine, "biến động", exact=True)
    assert sea not in _ids(engine, "biến động", exact=True)


def test_english_names_find_vietnamese_articles(engine):
    guangdong = _id_of(engine, "guangdong.txt")
    assert guangdong in _ids(engine, "Guangdong")
    assert _id_of(engine, "xi.txt") in _ids(engine, "Xi Jinping")


def test_totals_are_the_real_counts(engine):
    texts = _texts(engine)
    with engine.connect() as conn:
        for query in ("hội đàm", "hợp tác", "", "Biển Đông -hòa bình"):
            page = store.search(conn, query, store.Filters(limit=3))
            assert len(page) <= 3
            expected = set(texts) if not query else set(_ids(engine, query))
            assert page.total == len(expected), query
        all_events = conn.execute(select(store.events.c.sides, store.events.c.type)).all()
        for side in ("CN", "Trung Quốc", "China", "CHN", "trung quoc"):
            page = store.list_events(conn, store.Filters(side=side, limit=5))
            assert page.total == sum("CN" in json.loads(s) for s, _ in all_events), side
        page = store.list_events(conn, store.Filters(side="VN,China", event_type="consult"))
        assert page.total == sum({"VN", "CN"} <= set(json.loads(s)) and t == "CONSULT"
                                 for s, t in all_events)
        assert all({"VN", "CN"} <= set(e["sides"]) for e in page)
        figures = store.figure_series(conn, "trade", "Trung Quốc", limit=2)
        rows = conn.execute(select(store.figures.c.indicator, store.figures.c.parties)).all()
        assert figures.total == sum(i == "trade" and "Trung Quốc" in json.loads(p or "[]")
                                    for i, p in rows)
        clusters = store.list_clusters(conn, limit=2)
        assert clusters.total == conn.scalar(select(func.count()).select_from(store.clusters))


def test_facets_count_the_matching_articles(engine):
    with engine.connect() as conn:
        everything = set(_texts(engine))
        for query in ("hội đàm", "", "Biển Đông", "-Tập Cận Bình"):  # few, most, all match
            hits = set(_ids(engine, query)) if query else everything
            assert query != "-Tập Cận Bình" or len(hits) * 2 > len(everything)
            facets = aggregates.facets(conn, query)
            events = conn.execute(select(store.events.c.article_id, store.events.c.type,
                                         store.events.c.sides)).all()
            types: Counter[str] = Counter()
            sides: Counter[str] = Counter()
            for article in hits:
                mine = [e for e in events if e.article_id == article]
                types.update({e.type for e in mine})
                sides.update({s for e in mine for s in json.loads(e.sides)})
            assert dict(facets["type"].values) == dict(types), query
            assert dict(facets["side"].values) == dict(sides), query
            outlets = Counter(conn.scalars(select(store.articles.c.outlet).where(
                store.articles.c.id.in_(hits), store.articles.c.outlet.is_not(None))))
            assert dict(facets["outlet"].values) == dict(outlets)
            years = Counter(d[:4] for d in conn.scalars(select(store.articles.c.day).where(
                store.articles.c.id.in_(hits))) if d)
            assert dict(facets["year"].values) == dict(years)


def test_charts_are_group_bys_of_every_matching_row(engine):
    with engine.connect() as conn:
        grouped = conn.execute(text("SELECT date, type, count(*) FROM events "
                                    "WHERE date IS NOT NULL GROUP BY date, type")).all()
        counts = aggregates.date_counts(conn)
        assert sorted((d, t, n) for d, t, _, n in counts.rows) == sorted(map(tuple, grouped))
        assert counts.total == conn.scalar(select(func.count()).select_from(store.events))
        sides = [sorted(set(json.loads(s))) for s in conn.scalars(select(store.events.c.sides))]
        pairs = Counter((a, b) for ss in sides for i, a in enumerate(ss) for b in ss[i + 1:])
        graph = aggregates.side_graph(conn, top=1000)
        assert {(a, b): n for a, b, n in graph.edges} == dict(pairs)
        assert graph.total_edges == len(pairs)
        china = aggregates.date_counts(conn, store.Filters(side="China"))
        assert sum(r[3] for r in china.rows) + china.undated == sum("CN" in s for s in sides)
        people = conn.execute(select(store.participants.c.event_id,
                                     store.participants.c.entity_id)).all()
        met: dict[str, set[str]] = {}
        by_event: dict[str, set[str]] = {}
        for event_id, person in people:
            by_event.setdefault(event_id, set()).add(person)
        for group in by_event.values():
            for person in group:
                met.setdefault(person, set()).update(group - {person})
        persons = aggregates.person_graph(conn, top=10)
        degree = {p: len(m) for p, m in met.items() if m}
        assert persons.total_nodes == len(degree)
        assert all(n["degree"] == degree[n["id"]] for n in persons.nodes)
        top = sorted(degree.values(), reverse=True)[:len(persons.nodes)]
        assert sorted((n["degree"] for n in persons.nodes), reverse=True) <= top
        places, no_place = aggregates.place_counts(conn)
        stored = Counter(conn.scalars(select(store.events.c.location)))
        assert {p["location"]: p["events"] for p in places} == {
            k: v for k, v in stored.items() if k}
        assert no_place == stored.get(None, 0)


def test_rebuilding_the_index_finds_the_same(engine):
    """Migration 3 run again over a filled base (an upgrade, a repair) rebuilds the same
    full-text index and derived tables; on PostgreSQL it once failed on the rows already
    there."""
    queries = ("Tập Cận Bình", "Biển Đông", "Guangdong", "hợp tác -Lào")
    before = {q: _ids(engine, q) for q in queries}
    with engine.connect() as conn:
        facets_before = aggregates.facets(conn, "hội đàm")
    with engine.begin() as conn:
        conn.execute(text("DELETE FROM schema_migrations WHERE version >= 3"))
    store.migrate(engine)
    assert {q: _ids(engine, q) for q in queries} == before
    with engine.connect() as conn:
        assert aggregates.facets(conn, "hội đàm") == facets_before


def test_gdelt_sourceurl_is_the_article_address(engine):
    from sukien.export import GDELT_COLUMNS, write_gdelt

    out = io.StringIO()
    with engine.connect() as conn:
        write_gdelt(conn, out)
    rows = [dict(zip(GDELT_COLUMNS, line.split("\t"), strict=True))
            for line in out.getvalue().splitlines()]
    xi = [r for r in rows if r["SOURCEURL"] == "https://tin.example.vn/xi.html"]
    assert xi and xi[0]["Actor1CountryCode"] in ("CHN", "LAO")
    assert all(r["SOURCEURL"] == "" or r["SOURCEURL"].startswith("https://") for r in rows)


def test_lists_read_any_number_of_rows_in_chunks(engine):
    """Exports ask for every row; SQLite takes at most 32 766 parameters in a statement, so
    rows are read a few hundred ids at a time."""
    with engine.connect() as conn:
        every = store.list_events(conn, store.Filters(limit=10**9))
        ids = [e["id"] for e in every]
        assert len(ids) == every.total > 100
        rows = list(store._rows_of(conn, select(store.events), store.events.c.id, ids, chunk=7))
    assert sorted(r["id"] for r in rows) == sorted(ids)


def test_a_facet_clicked_lists_as_many_articles_as_it_counted(engine):
    with engine.connect() as conn:
        for query in ("", "hội đàm"):
            facets = aggregates.facets(conn, query)
            for name, key in (("type", "event_type"), ("side", "side"), ("outlet", "outlet")):
                value, n = facets[name].values[0]
                narrowed = store.search(conn, query, store.Filters(**{key: value}, limit=5))
                assert narrowed.total == n, (query, name, value)
        def ids(**narrow) -> set[str]:
            return {r["id"] for r in store.search(conn, "", store.Filters(**narrow,
                                                                           limit=10**6))}

        days = dict(conn.execute(select(store.articles.c.id, store.articles.c.day)).all())
        both = store.search(conn, "", store.Filters(event_type="CONSULT", side="China",
                                                    date_from="2015"))
        expected = {i for i in ids(event_type="CONSULT") & ids(side="CN")
                    if (days[i] or "") >= "2015"}
        assert both.total == len(expected) and {r["id"] for r in both} <= expected


def test_figure_points_are_the_group_by_of_every_figure(engine):
    with engine.connect() as conn:
        rows = conn.execute(select(store.figures.c.indicator, store.figures.c.unit,
                                   store.figures.c.period, store.figures.c.parties,
                                   store.figures.c.value, store.figures.c.value_usd)).all()
        points = aggregates.figure_points(conn)
    expected: dict[tuple, list[float]] = {}
    for ind, unit, period, parties, value, usd in rows:
        plotted = usd if usd is not None else value
        if plotted is not None:
            key = (ind, "USD" if usd is not None else unit or "", period,
                   tuple(json.loads(parties or "[]")))
            expected.setdefault(key, []).append(plotted)
    got = {(p["indicator"], p["unit"], p["period"], tuple(p["parties"])): p for p in points}
    assert set(got) == set(expected)
    for key, values in expected.items():
        p = got[key]
        assert (p["n"], p["low"], p["high"]) == (len(values), min(values), max(values))
        assert abs(p["mean"] - sum(values) / len(values)) <= 1e-6 * max(1.0, abs(p["mean"]))
