"""The HTTP API with the test client: reads, pagination, CSV, auth, size limits, bad input."""

from __future__ import annotations

import csv
import io
import json
import re

import pytest
from conftest import EXAMPLES, REFERENCE, SEEDS
from fastapi.testclient import TestClient

from sukien import api, store
from sukien.ingest import Ingester


@pytest.fixture(scope="module")
def db_url(tmp_path_factory):
    url = f"sqlite:///{tmp_path_factory.mktemp('api') / 'kb.db'}"
    Ingester(store.open_engine(url)).ingest([str(SEEDS), str(EXAMPLES / "pages")],
                                            reference_time=REFERENCE)
    return url


@pytest.fixture(scope="module")
def client(db_url):
    return TestClient(api.create_app(db_url, token="s3cret"))


def test_search_pages_and_folds(client):
    first = client.get("/api/search", params={"q": "quang dong", "limit": 1}).json()
    second = client.get("/api/search", params={"q": "quang dong", "limit": 1,
                                               "offset": first["next_offset"]}).json()
    accented = client.get("/api/search", params={"q": "Quảng Đông", "limit": 1}).json()
    assert first["items"][0]["id"] == accented["items"][0]["id"] != second["items"][0]["id"]
    assert "body" not in first["items"][0] and first["items"][0]["snippet"]


def test_article_with_annotations_and_raw(client):
    (hit,) = client.get("/api/search", params={"q": "Trần Cương Phạm Thanh Bình"}).json()["items"]
    article = client.get(f"/api/articles/{hit['id']}").json()
    assert article["events"][0]["type"] == "CONSULT"
    people = {m["canonical"] for m in article["mentions"] if m["type"] == "PER"}
    assert {"Phạm Thanh Bình", "Trần Cương"} <= people
    body_mention = next(m for m in article["mentions"] if m["field"] == "body")
    assert article["body"][body_mention["start"]:body_mention["end"]] == body_mention["text"]
    raw = client.get(f"/api/articles/{hit['id']}/raw")
    assert raw.headers["content-security-policy"] == "sandbox"
    assert raw.headers["x-content-type-options"] == "nosniff"
    assert raw.headers["content-type"].startswith("text/plain")


def test_events_entities_figures_clusters(client):
    events = client.get("/api/events", params={"type": "AGREE", "side": "CN"}).json()["items"]
    assert events and {e["type"] for e in events} == {"AGREE"}
    (found,) = client.get("/api/entities", params={"name": "Zhang Guozhi"}).json()["items"]
    profile = client.get(f"/api/entities/{found['id']}").json()
    assert any(role["title_en"] == "Vice Governor of Guangdong Province"
               for role in profile["roles"])
    series = client.get("/api/figures", params={"indicator": "trade"}).json()["items"]
    assert {f["indicator"] for f in series} == {"trade"}
    clusters = client.get("/api/clusters").json()["items"]
    assert clusters and clusters[0]["sources"]


def test_csv_responses(client):
    response = client.get("/api/events", params={"format": "csv", "limit": 5})
    assert response.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert len(rows) == 5 and rows[0]["summary_en"]


@pytest.mark.parametrize(
    ("path", "params", "status"),
    [("/api/search", {"limit": 0}, 400), ("/api/search", {"limit": 10_000}, 400),
     ("/api/search", {"from": "yesterday"}, 400), ("/api/events", {"format": "xml"}, 400),
     ("/api/articles/0000", {}, 404), ("/api/entities/nobody", {}, 404),
     ("/api/entities", {}, 400)],
)
def test_bad_parameters_are_clear_4xx(client, path, params, status):
    response = client.get(path, params=params)
    assert response.status_code == status
    assert response.json()["error"]["message"]


def test_ingest_needs_a_configured_token(db_url):
    closed = TestClient(api.create_app(db_url, token=""))
    response = closed.post("/api/ingest", json={"content": "x"})
    assert response.status_code == 403 and "off" in response.json()["error"]["message"]


@pytest.mark.parametrize("header", [None, "Bearer wrong", "Basic s3cret", "s3cret"])
def test_ingest_refuses_bad_tokens(client, header):
    headers = {"Authorization": header} if header else {}
    assert client.post("/api/ingest", json={"content": "x"}, headers=headers).status_code == 401


def test_ingest_with_token(client):
    page = ("Hai tỉnh ký kết thỏa thuận hợp tác phát triển du lịch biên giới\n\n"
            "Ngày 5/3, tại Lạng Sơn, lãnh đạo hai tỉnh đã ký kết thỏa thuận hợp tác phát triển du "
            "lịch biên giới, hướng tới đón 2 triệu lượt khách vào năm tới.\n")
    auth = {"Authorization": "Bearer s3cret"}
    first = client.post("/api/ingest", json={"content": page, "name": "upload.txt"}, headers=auth)
    again = client.post("/api/ingest", json={"content": page, "name": "upload.txt"}, headers=auth)
    assert first.json()["stored"] == 1 and again.json()["unchanged"] == 1
    bad = client.post("/api/ingest", json={"content": "\x00\x01"}, headers=auth)
    assert bad.status_code == 422 and "E10" in bad.json()["error"]["message"]
    empty = client.post("/api/ingest", json={}, headers=auth)
    assert empty.status_code == 400


def test_request_size_limit(client):
    huge = "a" * (api.MAX_BODY_BYTES + 10)
    response = client.post("/api/ingest", content=huge.encode(),
                           headers={"Authorization": "Bearer s3cret",
                                    "Content-Type": "application/json"})
    assert response.status_code == 413


def test_openapi_docs_are_served_offline(client):
    docs = client.get("/docs")
    assert docs.status_code == 200 and "cdn" not in docs.text.lower()
    assert client.get("/openapi.json").json()["info"]["title"] == "sukien"


# --- values, not patterns; every error in one shape --------------------------------------


@pytest.fixture(params=["sqlite", "postgresql"])
def any_backend(request, tmp_path):
    """A client over an empty database on each backend."""
    url = (f"sqlite:///{tmp_path / 'empty.db'}" if request.param == "sqlite"
           else request.getfixturevalue("pg_database_url"))
    app = api.create_app(url, token="s3cret")
    yield TestClient(app)
    app.state.engine.dispose()


@pytest.mark.parametrize("path", ["/api/search", "/api/events", "/api/clusters"])
def test_offsets_are_checked_as_numbers(any_backend, path):
    largest = any_backend.get(path, params={"offset": 2**63 - 1})
    assert largest.status_code == 200 and largest.json()["items"] == []
    for offset in (2**63, 10**30, -1):
        response = any_backend.get(path, params={"offset": offset})
        assert response.status_code == 400, (offset, response.text)
        assert response.json()["error"]["code"] == "bad_parameter"


@pytest.mark.parametrize("value", ["2025-02-30", "2025-13", "2025-00-10", "0000", "2025-2-1",
                                   "２０２５", "yesterday"])
def test_impossible_dates_are_400(client, value):
    for path in ("/api/search", "/api/events"):
        response = client.get(path, params={"from": value})
        assert response.status_code == 400, (path, value)
        assert "from" in response.json()["error"]["message"]


@pytest.mark.parametrize("value", ["2025", "2025-02", "2024-02-29"])
def test_real_dates_are_accepted(client, value):
    assert client.get("/api/events", params={"to": value}).status_code == 200


@pytest.mark.parametrize("token", ["tôken", "s3cret\u00e9", "\u2603"])
def test_a_non_ascii_token_is_401_not_500(client, token):
    response = client.post("/api/ingest", json={"content": "x"},
                           headers={"Authorization": b"Bearer " + token.encode("utf-8")})
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "unauthorized"


def test_an_unexpected_failure_is_a_json_500(db_url, monkeypatch):
    def broken(*_args, **_kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(store, "list_clusters", broken)
    response = TestClient(api.create_app(db_url), raise_server_exceptions=False).get(
        "/api/clusters")
    assert response.status_code == 500
    assert response.json() == {"error": {"status": 500, "code": "internal", "message":
                               "internal error (RuntimeError); please report it with the request"}}


def test_method_not_allowed_has_the_error_shape(client):
    response = client.delete("/api/events")
    assert response.status_code == 405 and response.json()["error"]["code"] == "method_not_allowed"


def test_one_ingester_per_server_catches_up_without_reloading_everything(db_url, monkeypatch):
    app = api.create_app(db_url, token="s3cret")
    http = TestClient(app)
    auth = {"Authorization": "Bearer s3cret"}
    calls: list[str | None] = []
    real = store.signatures

    def spy(conn, since=None):
        calls.append(since)
        return real(conn, since)

    monkeypatch.setattr(store, "signatures", spy)
    from pagegen import page

    for i in range(3):
        assert http.post("/api/ingest", json={"content": page(500 + i)}, headers=auth).json()[
            "stored"] == 1
    ingester = app.state.ingester
    assert calls[0] is None and all(since is not None for since in calls[1:]) and len(calls) == 3
    assert len(ingester.near_duplicates) >= 3 and app.state.ingester is ingester


def test_upload_names_are_stored_safely(any_backend):
    """A NUL (which PostgreSQL text cannot hold) is stored escaped; a lone surrogate, which
    is not text, is a 400 in the error shape, not a 500."""
    auth = {"Authorization": "Bearer s3cret", "Content-Type": "application/json"}
    from pagegen import page

    def post(body: dict):  # as JSON text with its \\u escapes, as any client may send it
        return any_backend.post("/api/ingest", content=json.dumps(body).encode("ascii"),
                           headers=auth)

    stored = post({"content": page(600), "name": "b\u0000i.txt"})
    assert stored.status_code == 200 and stored.json()["stored"] == 1
    (hit,) = any_backend.get("/api/search", params={"q": "ban tin so 600"}).json()["items"]
    assert any_backend.get(f"/api/articles/{hit['id']}").json()["source"] == "b\\x00i.txt"
    for body in ({"content": "a\ud800b"}, {"content": page(601), "name": "b\udce0i.txt"}):
        refused = post(body)
        assert refused.status_code == 400 and refused.json()["error"]["code"] == "bad_parameter"


def test_api_docs_run_no_inline_script(client):
    for path in ("/docs", "/redoc"):
        page = client.get(path)
        assert page.status_code == 200
        csp = page.headers["content-security-policy"]
        assert "script-src 'self';" in csp and "unsafe-eval" not in csp
        assert "default-src 'none'" in csp
        scripts = re.findall(r"<script([^>]*)>(.*?)</script>", page.text, re.S)
        assert scripts and all('src="/' in attrs and not body.strip() for attrs, body in scripts)
        for asset in re.findall(r'(?:src|href)="(/[^"]+)"', page.text):
            assert client.get(asset).status_code == 200, asset
    init = client.get("/docs/init.js")
    assert init.headers["content-type"].startswith("text/javascript")
    assert "SwaggerUIBundle" in init.text


def test_lists_carry_totals_and_page_to_the_end(client):
    first = client.get("/api/events", params={"limit": 7}).json()
    assert first["total"] > 7 and len(first["items"]) == 7 and first["next_offset"] == 7
    seen, offset = [], 0
    while offset is not None:
        page = client.get("/api/events", params={"limit": 7, "offset": offset}).json()
        seen += [e["id"] for e in page["items"]]
        offset = page["next_offset"]
    assert len(seen) == len(set(seen)) == first["total"]
    search = client.get("/api/search", params={"q": "hợp tác", "facets": "true"}).json()
    assert search["total"] >= len(search["items"]) and search["read_as"] == "«hợp tác»"
    types = dict((f["value"], f["count"]) for f in search["facets"]["type"])
    assert types and max(types.values()) <= search["total"]


def test_side_filters_take_names_and_codes(client):
    totals = {side: client.get("/api/events", params={"side": side}).json()["total"]
              for side in ("CN", "CHN", "Trung Quốc", "China", "trung quoc")}
    assert len(set(totals.values())) == 1 and totals["CN"] > 0


def test_aggregates(client):
    events = client.get("/api/events", params={"limit": 1}).json()["total"]
    for period in ("day", "month", "year"):
        timeline = client.get("/api/timeline", params={"period": period}).json()
        assert sum(c["count"] for c in timeline["counts"]) + timeline["undated"] == events
    assert {len(c["date"]) for c in timeline["counts"]} <= {4}
    network = client.get("/api/network").json()
    assert network["pairs"] and network["total_pairs"] >= len(network["pairs"])
    assert {"a": "CN", "b": "VN"} in [{"a": p["a"], "b": p["b"]} for p in network["pairs"]]
    places = client.get("/api/places").json()
    hanoi = next(p for p in places["items"] if p["location"] == "Hà Nội")
    assert abs(hanoi["lat"] - 21.0) < 0.5 and abs(hanoi["lon"] - 105.8) < 0.5
    assert sum(p["events"] for p in places["items"]) + places["no_place"] == places["total"]


def test_exports_of_lists_keep_the_filters(client):
    page = client.get("/api/events", params={"side": "Trung Quốc"}).json()
    response = client.get("/api/export/events", params={"side": "Trung Quốc", "format": "csv"})
    assert response.headers["content-type"].startswith("text/csv")
    assert "attachment" in response.headers["content-disposition"]
    assert len(list(csv.DictReader(io.StringIO(response.text)))) == page["total"]
    lines = client.get("/api/export/search", params={"q": "hợp tác", "format": "jsonl"}).text
    assert len(lines.splitlines()) == client.get("/api/search", params={"q": "hợp tác"}
                                                 ).json()["total"]
    gdelt = client.get("/api/export/events", params={"format": "gdelt"}).text.splitlines()
    assert gdelt and all(len(row.split("\t")) == 61 for row in gdelt)
    urls = {row.split("\t")[60] for row in gdelt}  # SOURCEURL: the article's address
    assert all(u == "" or u.startswith("http") for u in urls)  # never the title
    wrong = client.get("/api/export/figures", params={"format": "gdelt"})
    assert wrong.status_code == 400 and wrong.json()["error"]["code"]
    assert client.get("/api/export/nothing").status_code == 400


def test_openapi_describes_answers_and_the_real_error_shape(client):
    spec = client.get("/openapi.json").json()
    search = spec["paths"]["/api/search"]["get"]["responses"]
    assert "422" not in search and "ErrorBody" in json.dumps(search["400"])
    assert "SearchPage" in json.dumps(search["200"])
    schemas = spec["components"]["schemas"]
    assert "HTTPValidationError" not in schemas and "total" in schemas["EventPage"]["properties"]
    assert schemas["ErrorBody"]["properties"]["error"]
    bad = client.get("/api/events", params={"limit": 0})
    assert bad.status_code == 400 and set(bad.json()["error"]) == {"status", "code", "message"}
