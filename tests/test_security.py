"""The security checklist for the API and UI: auth, SSRF through URL ingest, path traversal
in file-serving routes, oversized bodies, and scraped text that tries to run (the UI's XSS
tests are in test_ui.py and test_browser.py)."""

from __future__ import annotations

import pytest
from conftest import EXAMPLES, REFERENCE
from fastapi.testclient import TestClient

from sukien import api, store
from sukien.ingest import Ingester

AUTH = {"Authorization": "Bearer t0ken"}


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    url = f"sqlite:///{tmp_path_factory.mktemp('sec') / 'kb.db'}"
    Ingester(store.open_engine(url)).ingest([str(EXAMPLES / "pages")], reference_time=REFERENCE)
    return TestClient(api.create_app(url, token="t0ken"))


@pytest.mark.parametrize(
    "target",
    ["http://127.0.0.1:1/", "http://localhost/", "http://169.254.169.254/latest/meta-data/",
     "http://[::1]/", "http://10.0.0.1/", "http://192.168.0.1/admin", "file:///etc/passwd",
     "ftp://example.org/x", "gopher://127.0.0.1:25/", "/etc/passwd",
     str(EXAMPLES / "pages" / "01_vov_van_nam.txt")],
)
def test_url_ingest_refuses_internal_targets(client, target):
    # regression: a "url" that is a local path was once read from the server's disk
    response = client.post("/api/ingest", json={"url": target}, headers=AUTH)
    assert response.status_code == 422
    assert "E109" in response.json()["error"]["message"]


@pytest.mark.parametrize(
    "path",
    ["/static/../../../../etc/passwd", "/static/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
     "/static/..%2f..%2f..%2fetc%2fpasswd", "/api/articles/..%2f..%2fetc%2fpasswd/raw",
     "/api/articles/../../etc/passwd"],
)
def test_no_path_traversal(client, path):
    response = client.get(path)
    assert response.status_code in (400, 404)
    assert "root:" not in response.text


def test_write_endpoints_need_the_token(client):
    assert client.post("/api/ingest", json={"content": "x"}).status_code == 401
    assert client.post("/api/ingest", json={"content": "x"},
                       headers={"Authorization": "Bearer other"}).status_code == 401
    assert client.get("/api/ingest").status_code == 405


def test_oversized_bodies_are_refused_before_reading(client):
    big = b"{" + b" " * (api.MAX_BODY_BYTES + 1) + b"}"
    response = client.post("/api/ingest", content=big,
                           headers={**AUTH, "Content-Type": "application/json"})
    assert response.status_code == 413


def test_stored_html_is_never_served_as_html(client):
    (hit,) = client.get("/api/search", params={"q": "Sonexay Siphandone"}).json()["items"]
    raw = client.get(f"/api/articles/{hit['id']}/raw")
    assert "<html" in raw.text.lower()
    assert raw.headers["content-type"].startswith("text/plain")
    assert raw.headers["content-security-policy"] == "sandbox"
