"""The public Python API, used as a notebook user would: only names imported from
``sukien`` (the command line is run as a program, the way users run it)."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from datetime import date, datetime
from pathlib import Path

import pytest

import sukien
from sukien import (
    Article,
    EntityProfile,
    EntityRow,
    Event,
    EventRow,
    FigureRow,
    IngestReport,
    KnowledgeBase,
    Page,
    Results,
    SearchHit,
    SearchResults,
    SukienError,
    extract,
    extract_many,
)

ROOT = Path(__file__).resolve().parents[1]
PAGES = ROOT / "examples" / "pages"
REFERENCE = "2026-06-01"
PNG = b"\x89PNG\r\n\x1a\n" + bytes(100)
TEXT_PAGE = """Hà Nội và Viêng Chăn ký kết thỏa thuận hợp tác giáo dục

Ngày 12/3/2026, tại Hà Nội, Bộ trưởng Bộ Giáo dục và Đào tạo Việt Nam đã hội đàm với Bộ \
trưởng Bộ Giáo dục và Thể thao Lào. Hai bên nhất trí tăng số suất học bổng dành cho sinh \
viên của mỗi nước trong năm học tới và mở rộng trao đổi giáo viên giữa các trường đại học.

Theo thỏa thuận, mỗi năm Việt Nam dành 1.000 suất học bổng cho sinh viên Lào theo học tại \
các trường đại học và cao đẳng trong nước.
"""


def cli(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(Path(sukien.__file__).parents[1])}
    return subprocess.run([sys.executable, "-m", "sukien.cli", *args], input=stdin,
                          capture_output=True, env=env, cwd=ROOT, check=False)


def cli_lines(*args: str) -> list[dict]:
    result = cli(*args)
    assert result.returncode == 0, result.stderr.decode()
    return [json.loads(line) for line in result.stdout.decode("utf-8").splitlines()]


# --- extraction --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def cli_json() -> dict[str, dict]:
    """`sukien extract --json` over every example page (the WARC's records included)."""
    rows = cli_lines("extract", "--json", "--reference-time", REFERENCE, str(PAGES))
    return {row["path"]: row for row in rows}


def test_extract_many_equals_the_cli_json_for_every_example_page(cli_json):
    results = list(extract_many([PAGES], reference_time=REFERENCE))
    assert all(isinstance(r, Article) for r in results)
    assert [r.path for r in results] == list(cli_json)
    assert len(results) == 11  # 8 pages and the WARC's 3 records
    for article in results:
        assert article.to_dict() == cli_json[article.path], article.path


@pytest.mark.parametrize("name", sorted(p.name for p in PAGES.iterdir()
                                        if not p.name.endswith(".warc.gz")))
def test_extract_of_one_page_equals_the_cli_json(cli_json, name):
    path = PAGES / name
    article = extract(path, reference_time=REFERENCE)
    expected = cli_json[str(path)]
    assert article.to_dict() == expected
    # the attributes are the JSON's fields
    for field in ("path", "title", "published", "lede", "body", "topic", "warnings"):
        assert getattr(article, field) == expected[field]
    assert [e.canonical for e in article.entities] == [e["canonical"] for e in expected["entities"]]
    assert all(isinstance(e, Event) for e in article.events)
    # the same bytes given as the page itself: the same article, named <page>
    from_bytes = extract(path.read_bytes(), reference_time=REFERENCE).to_dict()
    assert from_bytes["path"] == "<page>"
    assert {**from_bytes, "path": expected["path"]} == expected


def test_a_str_is_the_page_itself_and_url_is_kept():
    article = extract(TEXT_PAGE, url="https://example.org/giao-duc", reference_time="2026-03-13")
    assert article.path == "<page>" and article.url == "https://example.org/giao-duc"
    assert article.title.startswith("Hà Nội và Viêng Chăn")
    assert article.published_resolved.startswith("2026-03-12")
    named = extract(Page(TEXT_PAGE, name="lao.txt", reference_time=datetime(2026, 3, 13)))
    assert named.path == "lao.txt" and named.to_dict()["body"] == article.body


def test_the_stdin_of_the_cli_and_a_binary_stream_give_the_same_article():
    data = (PAGES / "02_qdnd_philippines.txt").read_bytes()
    result = cli("extract", "--json", "--reference-time", REFERENCE, "-", stdin=data)
    assert result.returncode == 0, result.stderr
    from_cli = json.loads(result.stdout)
    from_stream = extract(io.BytesIO(data), reference_time=REFERENCE).to_dict()
    assert from_cli["path"] == "-" and from_stream["path"] == "<page>"
    assert {**from_stream, "path": "-"} == from_cli


def test_extract_raises_the_coded_error():
    cases = [(b"", "E102"), (PNG, "E103"), (Path("/no/such/page.html"), "E101"),
             (PAGES, "E901"), (PAGES / "archive.warc.gz", "E901"),
             (str(PAGES / "01_vov_van_nam.txt"), "E901"), ("https://example.org/a", "E901")]
    for page, code in cases:
        with pytest.raises(SukienError) as caught:
            extract(page)
        assert caught.value.code.id == code, (page, str(caught.value))
    with pytest.raises(SukienError, match=r"pathlib\.Path"):
        extract(str(PAGES / "01_vov_van_nam.txt"))
    with pytest.raises(SukienError, match="extract_many"):
        extract(PAGES)
    with pytest.raises(ValueError):
        extract(TEXT_PAGE, reference_time="yesterday")


@pytest.mark.parametrize("workers", [1, 2])
def test_extract_many_yields_errors_in_place_and_goes_on(tmp_path, workers):
    good = PAGES / "01_vov_van_nam.txt"
    inputs = [good, PNG, tmp_path / "missing.txt", "", 42, str(good), TEXT_PAGE,
              Page(url="http://127.0.0.1:1/"), Page(name="nothing"), Page(TEXT_PAGE, name="x")]
    results = list(extract_many(inputs, workers=workers, reference_time=REFERENCE))
    kinds = [r.code.id if isinstance(r, SukienError) else "ok" for r in results]
    assert kinds == ["ok", "E103", "E101", "E102", "E901", "E901", "ok", "E109", "E901", "ok"]
    assert [r.path for r in results] == [
        str(good), "<page 1>", str(tmp_path / "missing.txt"), "<page 3>", "<page 4>",
        "<page 5>", "<page 6>", "http://127.0.0.1:1/", "nothing", "x"]
    assert "pathlib.Path" in results[5].detail
    assert results[6].body == results[9].body


def test_extract_many_in_processes_keeps_the_order_and_the_results():
    serial = [r.to_dict() for r in extract_many(PAGES, reference_time=REFERENCE)]
    parallel = [r.to_dict() for r in extract_many(PAGES, workers=3, reference_time=REFERENCE)]
    assert parallel == serial


def test_extract_many_streams():
    def endless():
        while True:
            yield TEXT_PAGE

    results = extract_many(endless(), reference_time=REFERENCE)
    first = next(results)
    assert isinstance(first, Article) and first.path == "<page 0>"
    assert next(results).path == "<page 1>"
    with pytest.raises(ValueError):
        extract_many([TEXT_PAGE], workers=0)


# --- the knowledge base ------------------------------------------------------------------


@pytest.fixture(scope="module")
def kb_url(tmp_path_factory) -> str:
    return f"sqlite:///{tmp_path_factory.mktemp('kb') / 'kb.db'}"


@pytest.fixture(scope="module")
def kb(kb_url):
    with sukien.open(kb_url) as base:
        report = base.ingest([PAGES, Page(TEXT_PAGE, name="lao.txt"), PNG],
                             reference_time=REFERENCE)
        assert isinstance(report, IngestReport)
        assert (report.stored, report.unchanged, report.failed) == (9, 3, 1), report
        assert report.errors == ["<page 2>: E103 binary data, not a text or HTML page: a PNG "
                                 "image"]
        yield base


def test_ingest_is_idempotent_and_reports_what_it_did(kb):
    again = kb.ingest(PAGES, reference_time=REFERENCE)
    assert (again.seen, again.stored, again.unchanged, again.failed) == (11, 0, 11, 0)
    assert again.to_dict()["pages_per_second"] >= 0
    refused = kb.ingest(["http://127.0.0.1:1/page", "ftp://example.org/x"])
    assert refused.failed == 2 and all("E109" in e for e in refused.errors)


def test_search_gives_a_page_of_typed_hits_with_totals_and_facets(kb):
    hits = kb.search("Trung Quốc", limit=2, facets=True)
    assert isinstance(hits, SearchResults) and all(isinstance(h, SearchHit) for h in hits)
    assert len(hits) == 2 and hits.total > 2 and hits.next_offset == 2
    assert hits.read_as and hits.phrases
    assert {"type", "side", "year"} <= set(hits.facets)
    assert hits.facets["side"].values[0][1] <= hits.total
    rest = kb.search("Trung Quốc", offset=2, limit=100)
    assert rest.total == hits.total and len(rest) == hits.total - 2
    assert not {h.id for h in hits} & {h.id for h in rest}
    mine = kb.search("trao đổi giáo viên, Viêng Chăn")
    assert mine.total == 1 and mine[0].title.startswith("Hà Nội và Viêng Chăn")
    assert hits.to_dict()["total"] == hits.total and hits.to_dict()["items"][0]["id"] == hits[0].id


def test_events_take_the_cli_filters_and_are_typed(kb):
    consult = kb.events(type="CONSULT", side="China", limit=100)
    assert consult.total > 0 and all(isinstance(e, EventRow) for e in consult)
    assert all(e.type == "CONSULT" and "CN" in e.sides for e in consult)
    dated = kb.events(date_from="2025-08", date_to=date(2025, 8, 31), limit=100)
    assert dated.total and all(e.date.startswith("2025-08") for e in dated)
    first = consult[0]
    assert first["cluster_id"] == first.cluster_id and first.get("no such column") is None
    assert first.to_dict()["sides"] == first.sides
    for bad in ({"date_from": "2025-02-30"}, {"limit": 0}, {"offset": -1}, {"date_to": "abc"}):
        with pytest.raises(ValueError):
            kb.events(**bad)
    with pytest.raises(ValueError):
        kb.search("x", order="oldest")


def test_the_cli_prints_what_the_api_returns(kb, kb_url):
    events = cli_lines("events", "--db", kb_url, "--json", "--type", "CONSULT", "--limit", "7")
    assert events == [e.to_dict() for e in kb.events(type="CONSULT", limit=7)]
    hits = cli_lines("search", "--db", kb_url, "--json", "quang tay")
    assert hits == [h.to_dict() for h in kb.search("quang tay")]
    figures = cli_lines("figures", "--db", kb_url, "--json", "--indicator", "trade")
    assert figures == [f.to_dict() for f in kb.figures(indicator="trade")]
    profile = cli_lines("entity", "--db", kb_url, "--json", "Wang Yi")
    assert profile == [kb.entity(e.id).to_dict() for e in kb.entities("Wang Yi")]


def test_entities_and_a_profile(kb):
    found = kb.entities("Wang Yi")
    assert isinstance(found, Results) and isinstance(found[0], EntityRow)
    profile = kb.entity("Vương Nghị", limit=2)
    assert isinstance(profile, EntityProfile) and profile.entity.name_latin == "Wang Yi"
    assert profile == kb.entity(profile.entity.id, by="id", limit=2)
    assert len(profile.events) <= 2 and profile.events.total >= len(profile.events)
    assert all(isinstance(e, EventRow) for e in profile.events)
    assert profile.to_dict()["events"]["total"] == profile.events.total
    assert kb.entity("Không Có Ai") is None
    assert kb.entity("Wang Yi", by="id") is None  # a name is no id
    with pytest.raises(ValueError):
        kb.entity("Wang Yi", by="alias")


def test_figures_are_series(kb):
    trade = kb.figures(indicator="trade", unit="USD")
    assert trade.total and all(isinstance(f, FigureRow) and f.series_unit == "USD" for f in trade)
    assert all(isinstance(f.parties, list) for f in trade)


def test_to_pandas_on_every_list(kb):
    frame = kb.events(type="CONSULT", limit=1000).to_pandas()
    assert len(frame) == kb.events(type="CONSULT").total
    assert {"id", "type", "date", "sides", "summary_en", "title"} <= set(frame.columns)
    assert isinstance(frame.loc[0, "sides"], list)
    assert len(kb.search("Trung Quốc", limit=3).to_pandas()) == 3
    assert "series_unit" in kb.figures().to_pandas().columns
    assert list(kb.entities("Wang Yi").to_pandas()["id"]) == [e.id for e in kb.entities("Wang Yi")]
    profile = kb.entity("Wang Yi")
    assert len(profile.co_participants.to_pandas()) == len(profile.co_participants)
    tables = profile.to_pandas()
    assert set(tables) == {"roles", "co_participants", "events", "figures", "articles"}
    assert list(tables["roles"]["title"]) == [r.title for r in profile.roles]
    assert len(tables["events"]) == len(profile.events)
    report = kb.ingest(PAGES, reference_time=REFERENCE).to_pandas()
    assert list(report["unchanged"]) == [11] and list(report["errors"]) == [[]]
    empty = kb.events(type="NO_SUCH_TYPE").to_pandas()
    assert len(empty) == 0 and "sides" in empty.columns  # the typed columns, for a pivot


def test_to_pandas_says_how_to_install_pandas(kb, monkeypatch):
    monkeypatch.setitem(sys.modules, "pandas", None)
    with pytest.raises(ImportError, match=r"sukien\[pandas\]"):
        kb.events().to_pandas()
    with pytest.raises(ImportError, match=r"sukien\[pandas\]"):
        kb.export("csv").to_pandas()


def test_export_writes_every_format(kb, tmp_path):
    count = kb.export("gdelt").write(tmp_path / "events.tsv")
    lines = (tmp_path / "events.tsv").read_text(encoding="utf-8").splitlines()
    assert count == len(lines) > 0 and len(lines[0].split("\t")) == 61
    assert kb.export("parquet", table="figures").write(tmp_path / "f.parquet") == \
        kb.figures(limit=1).total
    stream = io.StringIO()
    assert kb.export("jsonl", table="articles").write(stream) == 9
    frame = kb.export("csv", table="events").to_pandas()
    assert len(frame) == kb.events().total
    assert len(kb.export("gdelt").to_pandas().columns) == 61
    with pytest.raises(ValueError):
        kb.export("xml")
    with pytest.raises(ValueError):
        kb.export("csv", table="secrets")
    with pytest.raises(ValueError):
        kb.export("parquet").write(io.StringIO())


def test_open_and_close(tmp_path):
    with pytest.raises(SukienError) as caught:
        sukien.open("mysql://nowhere/x")
    assert caught.value.code.id == "E401"
    url = f"sqlite:///{tmp_path / 'new.db'}"
    with sukien.open(url) as base:
        assert isinstance(base, KnowledgeBase) and base.db_url == url
        empty = base.events()
        assert (len(empty), empty.total, empty.next_offset) == (0, 0, None)
        assert base.search("").total == 0
    assert (tmp_path / "new.db").exists()
    base = KnowledgeBase(str(tmp_path / "bare.db"))  # a bare path is SQLite
    base.close()
