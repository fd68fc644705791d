"""The knowledge base on both backends: ingest, idempotence, versions, crashes, search,
duplicates, clusters, profiles and exports. ``db_url`` runs each test on SQLite and on
PostgreSQL (tests/pgserver.py starts a throwaway server)."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import shutil
import signal
import subprocess
import sys
import time

import pyarrow.parquet as pq
import pytest
from conftest import EXAMPLES, REFERENCE, ROOT, SEEDS, seed_path
from sqlalchemy import func, select

from sukien import store
from sukien.export import GDELT_COLUMNS, write_csv, write_gdelt, write_jsonl, write_parquet
from sukien.ingest import Ingester

PAGES = [str(p) for p in sorted(SEEDS.glob("*"))] + [str(EXAMPLES / "pages")]


def count(engine, table) -> int:
    with engine.connect() as conn:
        return conn.scalar(select(func.count()).select_from(table))


@pytest.fixture
def engine(db_url):
    engine = store.open_engine(db_url)
    yield engine
    engine.dispose()


@pytest.fixture
def loaded(engine):
    stats = Ingester(engine).ingest(PAGES, reference_time=REFERENCE)
    assert stats.failed == 0, stats.errors
    return engine


def test_ingest_stores_everything(loaded):
    assert count(loaded, store.documents) == 13  # the WARC repeats three example pages
    assert count(loaded, store.articles) == 13
    assert count(loaded, store.events) >= 20
    assert count(loaded, store.figures) >= 25
    with loaded.connect() as conn:
        versions = conn.scalars(select(store.migrations.c.version)).all()
        raw = store.raw_of(conn, conn.scalar(select(store.documents.c.id).limit(1)))
    assert versions == list(range(1, store.SCHEMA_VERSION + 1))
    assert raw and len(raw) > 1000


def test_same_content_twice_is_one_document(loaded):
    stats = Ingester(loaded).ingest(PAGES, reference_time=REFERENCE)
    assert (stats.stored, stats.unchanged) == (0, 16)
    assert count(loaded, store.documents) == 13


def test_a_changed_page_is_a_new_version(engine, tmp_path):
    page = tmp_path / "page.txt"
    text = seed_path("003_cf6c1d9a34f65e6d").read_text(encoding="utf-8")
    page.write_text(text, encoding="utf-8")
    Ingester(engine).ingest([str(page)], reference_time=REFERENCE)
    page.write_text(text.replace("16,4%", "16,5%"), encoding="utf-8")
    stats = Ingester(engine).ingest([str(page)], reference_time=REFERENCE)
    assert stats.new_versions == 1
    with engine.connect() as conn:
        rows = conn.execute(select(store.documents.c.id, store.documents.c.previous_id)
                            .order_by(store.documents.c.ingested_at)).all()
    assert len(rows) == 2 and rows[1].previous_id == rows[0].id


def test_bad_input_is_recorded_and_the_batch_goes_on(engine, tmp_path):
    pages = tmp_path / "in"
    pages.mkdir()
    (pages / "bad.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(300))
    shutil.copy(seed_path("002_3632e317e7864e95"), pages / "good.txt")
    stats = Ingester(engine).ingest([str(pages)], reference_time=REFERENCE)
    assert (stats.failed, count(engine, store.articles)) == (1, 1)
    with engine.connect() as conn:
        (error,) = conn.execute(select(store.errors)).mappings().all()
    assert error["code"] == "E103" and error["source"].endswith("bad.txt")


def test_entities_merge_across_articles(loaded):
    with loaded.connect() as conn:
        (person,) = store.find_entities(conn, "Nguyễn Việt Dũng")
        profile = store.entity_profile(conn, person["id"])
        (place,) = store.find_entities(conn, "Guangdong")
    titles = {r["title"] for r in profile["roles"]}
    assert {"Tổng Lãnh sự", "Tổng Lãnh sự Việt Nam tại Quảng Châu"} <= titles
    assert {"2025-10-28"} <= {r["first"] for r in profile["roles"]}
    assert profile["events"] and profile["co_participants"]
    assert place["canonical"] == "Quảng Đông" and place["country"] == "CN"


@pytest.mark.parametrize("query", ["quang dong", "QUẢNG ĐÔNG", "Quảng Đông", "Guangdong",
                                   "zhang guozhi", "Trương Quốc Trí"])
def test_search_folds_case_and_diacritics(loaded, query):
    with loaded.connect() as conn:
        titles = [r["title"] for r in store.search(conn, query)]
    assert any("Quảng Đông" in t for t in titles), titles


def test_search_filters(loaded):
    with loaded.connect() as conn:
        consult = store.search(conn, "hop tac", store.Filters(event_type="AGREE", side="KR"))
        dated = store.search(conn, "hop tac", store.Filters(date_from="2025-01-01",
                                                            date_to="2025-12-31", limit=50))
        outlet = store.search(conn, "ASEAN", store.Filters(outlet="qdnd"))
        person = store.search(conn, "", store.Filters(entity="Trần Cương"))
    assert [r["title"][:20] for r in consult] == ["Việt Nam và Hàn Quốc"]
    assert dated and all("2025-01-01" <= r["day"] <= "2025-12-31" for r in dated)
    assert [r["outlet"] for r in outlet] == ["Quân đội nhân dân (qdnd.vn)"]
    assert len(person) == 1


def test_search_is_newest_first_and_pages_without_gaps(loaded):
    with loaded.connect() as conn:
        every = store.search(conn, "", store.Filters(limit=100))
        matched = store.search(conn, "hop tac", store.Filters(limit=100))
        pages = [r for offset in range(0, len(matched), 3)
                 for r in store.search(conn, "hop tac", store.Filters(limit=3, offset=offset))]
        narrow = store.search(conn, "hop tac", store.Filters(date_from="2025-03-01",
                                                             date_to="2025-03-31", limit=100))
    dated = [(r["day"], r["id"]) for r in every if r["day"]]
    assert dated == sorted(dated, key=lambda k: (-int(k[0].replace("-", "")), k[1]))
    order = {r["id"]: i for i, r in enumerate(every)}
    assert [order[r["id"]] for r in matched] == sorted(order[r["id"]] for r in matched)
    assert [r["id"] for r in pages] == [r["id"] for r in matched]
    assert narrow == [r for r in matched if r["day"] and "2025-03" <= r["day"] < "2025-04"]


def _put(conn, article_id: str, word: str, day: str, new: bool = True) -> None:
    if new:
        store.add_document(conn, {
            "id": article_id, "source": article_id, "ingested_at": "2025-05-01T00:00:00",
            "raw": store.compress(word.encode()), "raw_size": len(word), "status": "ok"})
    store.replace_article(conn, article_id, {}, {
        "id": article_id, "title": word, "day": day, "body": word, "search_text": word})


def _found(engine, *words: str, **filters) -> dict[str, list[str]]:
    with engine.connect() as conn:
        return {w: [r["id"] for r in store.search(conn, w, store.Filters(**filters))]
                for w in words}


def test_replacing_an_article_replaces_what_search_finds(engine):
    a, b = "a1" * 20, "b2" * 20
    with engine.begin() as conn:
        _put(conn, a, "alpha", "2025-05-01")
        _put(conn, b, "beta", "2025-05-01")
        _put(conn, a, "gamma", "2024-01-02", new=False)
    assert _found(engine, "alpha", "gamma", "beta") == {"alpha": [], "gamma": [a], "beta": [b]}
    assert _found(engine, "gamma", date_to="2024-01-01") == {"gamma": []}


def test_articles_whose_ids_share_a_prefix_are_all_searchable(engine):
    ids = ["abcdef01234" + c * 29 for c in "0f7"]  # one full-text key for all three
    with engine.begin() as conn:
        for article_id in ids:
            _put(conn, article_id, "delta", "2025-06-01")
        _put(conn, ids[1], "omega", "2025-06-01", new=False)
    assert _found(engine, "delta", "omega") == {"delta": [ids[0], ids[2]], "omega": [ids[1]]}


def test_a_probed_rowid_below_its_day_still_passes_the_date_filter(engine):
    ids = ["fffffffffff" + c * 29 for c in "01"]  # the key of the day's first rowid
    with engine.begin() as conn:
        for article_id in ids:
            _put(conn, article_id, "epsilon", "2025-06-02")
        _put(conn, "00" * 20, "epsilon", "2025-06-01")
    assert _found(engine, "epsilon", date_from="2025-06-02") == {"epsilon": ids}


def test_search_index_of_a_version_1_database_is_rebuilt(tmp_path):
    url = f"sqlite:///{tmp_path}/old.db"
    engine = store.open_engine(url)
    Ingester(engine).ingest([str(EXAMPLES / "pages")], reference_time=REFERENCE)
    with engine.begin() as conn:  # what a version 1 database held: arbitrary rowids
        conn.exec_driver_sql("DROP TABLE search_fts")
        conn.exec_driver_sql("DROP TABLE event_sides")
        conn.exec_driver_sql("CREATE VIRTUAL TABLE search_fts USING fts5(article_id UNINDEXED, "
                             "content, tokenize='unicode61 remove_diacritics 2')")
        conn.exec_driver_sql("INSERT INTO search_fts (article_id, content) "
                             "SELECT id, search_text FROM articles")
        conn.exec_driver_sql("DELETE FROM schema_migrations WHERE version > 1")
    engine.dispose()
    engine = store.open_engine(url)
    with engine.connect() as conn:
        rows = conn.exec_driver_sql("SELECT f.rowid, a.id, a.day FROM search_fts f "
                                    "JOIN articles a ON a.id = f.article_id").all()
        assert len(rows) == count(engine, store.articles)
        assert all(rowid == store._search_rowid(i, day) for rowid, i, day in rows)
        assert store.search(conn, "quang tay")
        assert store.list_events(conn, store.Filters(side="Trung Quốc")).total > 0
    engine.dispose()


def test_events_and_figures_queries(loaded):
    with loaded.connect() as conn:
        agree = store.list_events(conn, store.Filters(event_type="AGREE", side="CN"))
        series = store.figure_series(conn, "trade", "Quảng Đông")
    assert agree and all(e["type"] == "AGREE" and "CN" in e["sides"] for e in agree)
    money = [(f["period"], f["unit"]) for f in series if f["unit"] != "%"]
    assert money == [("2024", "USD"), ("2025", "CNY")]


def test_republished_page_is_linked_as_near_duplicate(engine, tmp_path):
    text = seed_path("002_3632e317e7864e95").read_text(encoding="utf-8")
    body_start = text.index("Từ ngày 12 đến 13-2")
    body_end = text.index("NGỌC MINH")
    copy = ("Trang chủ\nQuốc tế\nCủng cố niềm tin và động lực cho hợp tác ASEAN-Trung Quốc\n"
            "Thứ Sáu, 14/02/2025 16:00\n\n" + text[body_start:body_end] + "\nTheo QĐND\n")
    (tmp_path / "a.txt").write_text(text, encoding="utf-8")
    (tmp_path / "b.txt").write_text(copy, encoding="utf-8")
    stats = Ingester(engine).ingest([str(tmp_path / "a.txt"), str(tmp_path / "b.txt")],
                                    reference_time=REFERENCE)
    assert stats.duplicates == 1
    with engine.connect() as conn:
        rows = dict(conn.execute(select(store.articles.c.id, store.articles.c.duplicate_of)).all())
    assert sorted(rows.values(), key=str) == [None, next(k for k, v in rows.items() if v is None)]


def test_a_later_run_finds_the_copy_of_a_stored_article(engine, tmp_path):
    text = seed_path("002_3632e317e7864e95").read_text(encoding="utf-8")
    copy = "Theo QĐND\n\n" + text[text.index("Từ ngày 12 đến 13-2"):text.index("NGỌC MINH")]
    (tmp_path / "a.txt").write_text(text, encoding="utf-8")
    (tmp_path / "b.txt").write_text(copy, encoding="utf-8")
    Ingester(engine).ingest([str(tmp_path / "a.txt")], reference_time=REFERENCE)
    stats = Ingester(engine).ingest([str(tmp_path / "b.txt")], reference_time=REFERENCE)
    assert stats.duplicates == 1


def test_same_event_from_two_articles_is_one_cluster(engine, tmp_path):
    text = seed_path("002_3632e317e7864e95").read_text(encoding="utf-8")
    body = text[text.index("Từ ngày 12 đến 13-2") : text.index("NGỌC MINH")]
    other = ("Tham vấn quan chức cao cấp ASEAN-Trung Quốc tại Ninh Ba\n15:30 14/02\n\n"
             + body.split("\n\n")[0] + "\n\nCác bên đánh giá cao kết quả hợp tác thời gian qua "
             "và thống nhất các ưu tiên cho năm tới.\n")
    pages = tmp_path / "in"
    pages.mkdir()
    (pages / "a.txt").write_text(text, encoding="utf-8")
    (pages / "b.txt").write_text(other, encoding="utf-8")
    Ingester(engine).ingest([str(pages)], reference_time=REFERENCE)
    with engine.connect() as conn:
        rows = conn.execute(select(store.events.c.article_id, store.events.c.cluster_id)
                            .where(store.events.c.date == "2025-02-12")).all()
        every = conn.execute(select(store.events.c.cluster_id, store.events.c.article_id)).all()
        listed = store.list_clusters(conn, limit=1000)
    assert len({r.article_id for r in rows}) == 2
    assert len({r.cluster_id for r in rows}) == 1 and rows[0].cluster_id
    assert {c["id"]: sorted(s["article_id"] for s in c["sources"]) for c in listed} == {
        key: sorted(a for k, a in every if k == key) for key in {k for k, _ in every if k}}
    shared = next(c for c in listed if c["id"] == rows[0].cluster_id)
    assert shared["reports"] == len(shared["sources"]) >= 2


def test_exports_read_back(loaded, tmp_path):
    with loaded.connect() as conn:
        jsonl, table = io.StringIO(), io.StringIO()
        assert write_jsonl(conn, "events", jsonl) == count(loaded, store.events)
        write_csv(conn, "figures", table)
        write_parquet(conn, "entities", tmp_path / "entities.parquet")
        gdelt = io.StringIO()
        rows = write_gdelt(conn, gdelt)
    events = [json.loads(line) for line in jsonl.getvalue().splitlines()]
    assert {"type", "cameo", "sides", "summary_en"} <= set(events[0])
    figures = list(csv.DictReader(io.StringIO(table.getvalue())))
    assert len(figures) == count(loaded, store.figures) and "value_usd" in figures[0]
    parquet = pq.read_table(tmp_path / "entities.parquet")
    assert parquet.num_rows == count(loaded, store.entities)
    assert "Quảng Đông" in parquet.column("canonical").to_pylist()
    lines = gdelt.getvalue().splitlines()
    assert rows == len(lines) > 0
    fields = dict(zip(GDELT_COLUMNS, lines[0].split("\t"), strict=True))
    assert len(GDELT_COLUMNS) == 61
    assert fields["EventCode"] and fields["Actor1Code"] and fields["QuadClass"] in "1234"


def test_reprocess_rebuilds_from_raw(loaded):
    from sukien.ingest import reprocess

    before = count(loaded, store.events)
    stats = reprocess(loaded)
    assert (stats.seen, stats.stored, stats.failed) == (13, 13, 0)
    assert count(loaded, store.events) == before


def test_kill_during_ingest_loses_nothing_committed(db_url, tmp_path):
    corpus = tmp_path / "pages"
    corpus.mkdir()
    text = seed_path("003_cf6c1d9a34f65e6d").read_text(encoding="utf-8")
    for i in range(60):  # distinct pages: the same article with a different figure
        (corpus / f"p{i:03d}.txt").write_text(text.replace("16,4%", f"{i},5%"), encoding="utf-8")
    command = [sys.executable, "-m", "sukien.cli", "ingest", "--batch", "5", "--db", db_url,
               "--reference-time", "2026-02-01", str(corpus)]
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    proc = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, start_new_session=True)
    engine = store.open_engine(db_url)
    deadline = time.monotonic() + 60
    while count(engine, store.documents) < 10 and time.monotonic() < deadline:
        time.sleep(0.05)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait(timeout=10)
    stored = count(engine, store.documents)
    assert 10 <= stored < 60
    assert count(engine, store.articles) == stored  # whole batches only
    rerun = subprocess.run(command, env=env, capture_output=True, text=True, timeout=300)
    assert rerun.returncode == 0, rerun.stderr
    assert count(engine, store.documents) == count(engine, store.articles) == 60
    engine.dispose()


def test_url_ingest_from_a_local_server(engine, tmp_path):
    import http.server
    import threading

    shutil.copy(EXAMPLES / "pages" / "05_wp_viet_lao.html", tmp_path / "a.html")
    handler = lambda *a: http.server.SimpleHTTPRequestHandler(*a, directory=str(tmp_path))  # noqa: E731
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}/a.html"
    try:
        refused = Ingester(engine).ingest([url])
        allowed = Ingester(engine).ingest([url], allow_hosts=frozenset({"127.0.0.1"}))
    finally:
        server.shutdown()
    assert refused.failed == 1 and "E109" in refused.errors[0]
    assert allowed.stored == 1 and allowed.failed == 0
    with engine.connect() as conn:
        assert conn.scalar(select(store.documents.c.url).where(
            store.documents.c.status == "ok")) == url


# --- robustness: names, resumes, reruns, concurrency plumbing --------------------------


class CountingPipeline:
    """The real pipeline, counting the pages it is run on."""

    def __init__(self) -> None:
        from sukien.pipeline import Pipeline

        self.inner = Pipeline.build()
        self.calls = 0

    def __call__(self, doc):
        self.calls += 1
        return self.inner(doc)


def test_unchanged_pages_are_skipped_before_the_pipeline(engine, tmp_path):
    from pagegen import write_pages

    write_pages(tmp_path / "in", range(12))
    counting = CountingPipeline()
    first = Ingester(engine, pipeline=counting, batch_size=5).ingest([str(tmp_path / "in")])
    assert (first.stored, counting.calls) == (12, 12)
    write_pages(tmp_path / "in", range(10, 15))  # three new pages beside the twelve
    again = Ingester(engine, pipeline=counting, batch_size=5).ingest([str(tmp_path / "in")])
    assert (again.stored, again.unchanged, counting.calls) == (3, 12, 15)


def test_failures_stored_earlier_are_reported_again(engine, tmp_path):
    pages = tmp_path / "in"
    pages.mkdir()
    (pages / "bad.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(300))
    shutil.copy(seed_path("002_3632e317e7864e95"), pages / "good.txt")
    first = Ingester(engine).ingest([str(pages)], reference_time=REFERENCE)
    again = Ingester(engine).ingest([str(pages)], reference_time=REFERENCE)
    assert (first.failed, again.failed, again.unchanged) == (1, 1, 1)
    assert "bad.txt: E103" in again.errors[0]


def test_a_relative_and_an_absolute_name_are_one_source(engine, tmp_path, monkeypatch):
    page = tmp_path / "page.txt"
    text = seed_path("003_cf6c1d9a34f65e6d").read_text(encoding="utf-8")
    page.write_text(text, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    Ingester(engine).ingest(["page.txt"], reference_time=REFERENCE)
    page.write_text(text.replace("16,4%", "16,5%"), encoding="utf-8")
    stats = Ingester(engine).ingest([str(page)], reference_time=REFERENCE)
    assert stats.new_versions == 1
    with engine.connect() as conn:
        sources = set(conn.scalars(select(store.documents.c.source)))
    assert sources == {str(page.resolve())}


def test_a_folder_with_a_name_that_is_not_utf8(engine, tmp_path):
    """The name is stored escaped (\\xNN for each byte that is not UTF-8); its neighbours and
    its own content are stored as usual, a bad one is recorded under the escaped name."""
    folder = os.fsencode(tmp_path) + b"/in/tin-t\xe9c"  # Latin-1 "é": not UTF-8
    os.makedirs(folder)
    for name, data in ((b"/b\xe0i.txt", seed_path("002_3632e317e7864e95").read_bytes()),
                       (b"/x\xff.txt", b"\x89PNG\r\n\x1a\n" + bytes(300)),
                       (b"/ok.txt", seed_path("003_cf6c1d9a34f65e6d").read_bytes())):
        with open(folder + name, "wb") as fh:
            fh.write(data)
    stats = Ingester(engine).ingest([str(tmp_path / "in")], reference_time=REFERENCE)
    assert (stats.stored, stats.failed) == (2, 1)
    with engine.connect() as conn:
        sources = set(conn.scalars(select(store.documents.c.source)))
        (error,) = conn.execute(select(store.errors)).mappings().all()
    base = str(tmp_path.resolve() / "in")
    assert sources == {f"{base}/tin-t\\xe9c/b\\xe0i.txt", f"{base}/tin-t\\xe9c/x\\xff.txt",
                       f"{base}/tin-t\\xe9c/ok.txt"}
    assert error["source"] == f"{base}/tin-t\\xe9c/x\\xff.txt" and error["code"] == "E103"


def test_a_page_the_database_refuses_costs_only_itself(engine, tmp_path, monkeypatch):
    from pagegen import page, write_pages
    from sqlalchemy.exc import IntegrityError

    from sukien import ingest

    write_pages(tmp_path / "in", range(6))
    poisoned = hashlib.sha1(page(3).encode()).hexdigest()
    real = store.replace_article

    def refuse(conn, article_id, rows, article):
        if article_id == poisoned:
            raise IntegrityError("INSERT …", {}, Exception("value too long"))
        return real(conn, article_id, rows, article)

    monkeypatch.setattr(ingest.store, "replace_article", refuse)
    stats = Ingester(engine, batch_size=6).ingest([str(tmp_path / "in")])
    assert (stats.stored, stats.failed) == (5, 1) and "E401" in stats.errors[0]
    with engine.connect() as conn:
        (error,) = conn.execute(select(store.errors)).mappings().all()
        ids = set(conn.scalars(select(store.articles.c.id)))
    assert error["code"] == "E401" and error["source"].endswith("page-00003.txt")
    assert poisoned not in ids and len(ids) == 5


class _Orig(Exception):
    def __init__(self, message: str, sqlstate: str | None = None) -> None:
        super().__init__(message)
        self.sqlstate = sqlstate


@pytest.mark.parametrize("failure", [_Orig("deadlock detected", "40P01"),
                                     _Orig("could not serialize access", "40001"),
                                     _Orig("database is locked")])
def test_contention_is_retried(engine, failure):
    from sqlalchemy.exc import OperationalError

    attempts = []

    def work(conn):
        attempts.append(1)
        if len(attempts) < 3:
            raise OperationalError("INSERT …", {}, failure)
        return "done"

    assert store.write(engine, work) == "done" and len(attempts) == 3


def test_other_database_errors_are_not_retried(engine):
    from sqlalchemy.exc import IntegrityError

    attempts = []

    def work(conn):
        attempts.append(1)
        raise IntegrityError("INSERT …", {}, _Orig("duplicate key", "23505"))

    with pytest.raises(IntegrityError):
        store.write(engine, work)
    assert len(attempts) == 1


def test_near_duplicate_index_catches_up_with_other_writers(engine, tmp_path):
    from pagegen import write_pages

    server = Ingester(engine)  # e.g. the API's, loaded at start-up
    write_pages(tmp_path / "in", range(4))
    Ingester(engine).ingest([str(tmp_path / "in")])  # another writer
    assert len(server.near_duplicates) == 0
    assert server.sync_near_duplicates() == 4 and len(server.near_duplicates) == 4
    assert server.sync_near_duplicates() == 0  # only what is new is loaded


def test_a_single_page_the_database_refuses_is_recorded_not_raised(engine, monkeypatch):
    """batch_size=1 is what the API uses: the refusal must be a recorded E401, not a 500."""
    from pagegen import page
    from sqlalchemy.exc import DataError

    from sukien import ingest
    from sukien.record import Document

    def refuse(*_args, **_kwargs):
        raise DataError("INSERT …", {}, Exception("invalid byte sequence"))

    monkeypatch.setattr(ingest.store, "replace_article", refuse)
    stats = Ingester(engine, batch_size=1).ingest_items(
        [Document(path="upload.txt", raw=page(7).encode())])
    assert stats.failed == 1 and "E401" in stats.errors[0]
    with engine.connect() as conn:
        assert conn.scalar(select(store.errors.c.code)) == "E401"


def test_printed_and_inferred_dates_are_stored_and_an_older_database_gains_them(tmp_path):
    """Migration 6: published_inferred, meta, events.date_inferred/field and
    figures.period_inferred/field are columns; a version-5 database gets them on open."""
    page = tmp_path / "dump.txt"
    page.write_text("# doc_id = demo_001\n# url = https://example.vn/tin/bai-viet-20240503.htm\n"
                    "# date = 20240503\n# tac_gia = Minh An\n"
                    "Thủ tướng Việt Nam hội đàm với Thủ tướng Lào\n"
                    "Chiều 2/5, tại Hà Nội, Thủ tướng Việt Nam Phạm Minh Chính hội đàm với "
                    "Thủ tướng Lào Sonexay Siphandone.\n"
                    "Hai bên nhất trí tăng cường hợp tác, phấn đấu đưa kim ngạch thương mại song "
                    "phương năm nay đạt 2 tỷ USD, tăng 15% so với năm 2023.\n", encoding="utf-8")
    url = f"sqlite:///{tmp_path / 'kb.db'}"
    engine = store.open_engine(url)
    Ingester(engine).ingest([str(page)])
    with engine.connect() as conn:
        article = conn.execute(select(store.articles.c.published_inferred,
                                      store.articles.c.meta)).one()
        dated = conn.execute(select(store.events.c.date, store.events.c.date_inferred,
                                    store.events.c.field)).all()
        periods = conn.execute(select(store.figures.c.period_inferred,
                                      store.figures.c.field)).all()
    assert article.published_inferred is False and "tac_gia" in article.meta
    assert dated and all(d.date and d.date_inferred is True and d.field for d in dated)
    assert periods and all(p.field == "body" for p in periods)
    with engine.begin() as conn:  # the layout before migration 6
        for table, column, _ in store._ADDED_IN_6:
            conn.exec_driver_sql(f'ALTER TABLE {table} DROP COLUMN "{column}"')
        conn.exec_driver_sql("DELETE FROM schema_migrations WHERE version > 5")
    engine.dispose()
    engine = store.open_engine(url)
    with engine.connect() as conn:
        columns = {r[1] for r in conn.exec_driver_sql("PRAGMA table_info(events)")}
        versions = conn.scalars(select(store.migrations.c.version)).all()
    engine.dispose()
    assert {"date_inferred", "field"} <= columns
    assert versions == list(range(1, store.SCHEMA_VERSION + 1))
