"""The security checklist for the API and UI: auth, SSRF through URL ingest, path traversal
in file-serving routes, oversized bodies, and scraped text that tries to run (the UI's XSS
tests are in test_ui.py and test_browser.py)."""

from __future__ import annotations

import os
import select
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import EXAMPLES, REFERENCE, ROOT
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


# --- limits enforced while reading ------------------------------------------------------


def test_a_chunked_body_over_the_limit_is_refused_while_read(client):
    sent = []

    def body():  # no Content-Length: the size is only known by reading
        for _ in range(64):
            sent.append(1)
            yield b"{" + b" " * (1024 * 1024)

    response = client.post("/api/ingest", content=body(),
                           headers={**AUTH, "Content-Type": "application/json"})
    assert response.status_code == 413 and response.json()["error"]["code"] == "too_large"


def test_the_token_is_checked_before_the_body_is_read(client):
    def body():
        raise AssertionError("the body was read")
        yield b""

    for headers in ({}, {"Authorization": "Bearer nope"}, {"Authorization": "Bearer tôken".encode()}):
        response = client.post("/api/ingest", content=body(), headers=headers)
        assert response.status_code == 401


def _serve(db: str, tmp_path):
    port = _free_port()
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "SUKIEN_TOKEN": "t0ken"}
    log = (tmp_path / "server.log").open("w")
    proc = subprocess.Popen([sys.executable, "-m", "sukien.cli", "serve", "--db", db,
                             "--port", str(port)], env=env, stdout=log, stderr=log)
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        assert proc.poll() is None, (tmp_path / "server.log").read_text()
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return proc, port
        except OSError:
            time.sleep(0.2)
    proc.kill()
    raise AssertionError("server did not start")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def stream_chunked(port: int, token: bytes, total: int, chunk: int = 1024 * 1024,
                   stop_early: bool = True):
    """POST a chunked body of ``total`` bytes made by a generator, reading the answer as soon
    as the server gives one (or, stubborn, only after sending it all); returns (status line,
    bytes sent)."""
    sock = socket.create_connection(("127.0.0.1", port), timeout=60)
    sock.sendall(b"POST /api/ingest HTTP/1.1\r\nHost: localhost\r\nContent-Type: "
                 b"application/json\r\nAuthorization: Bearer " + token
                 + b"\r\nTransfer-Encoding: chunked\r\n\r\n")
    sent, reply = 0, b""
    block = b" " * chunk
    try:
        for _ in range(total // chunk):
            sock.sendall(b"%x\r\n%s\r\n" % (len(block), block))
            sent += len(block)
            if stop_early and select.select([sock], [], [], 0)[0]:
                break
        else:
            sock.sendall(b"0\r\n\r\n")
    except (BrokenPipeError, ConnectionResetError):
        pass
    try:
        reply = sock.recv(65536)
    finally:
        sock.close()
    return reply.split(b"\r\n", 1)[0].decode(), sent


def _peak_rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    raise AssertionError("no VmHWM")


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="needs /proc")
def test_an_800_mb_chunked_body_never_reaches_server_memory(tmp_path):
    proc, port = _serve(f"sqlite:///{tmp_path / 'kb.db'}", tmp_path)
    try:
        status, sent = stream_chunked(port, b"t0ken", 800 * 1024 * 1024)
        assert status.startswith("HTTP/1.1 413"), status
        assert sent < 64 * 1024 * 1024  # refused as soon as the limit passed, not at the end
        for token in (b"wrong", "tôken".encode()):
            status, _ = stream_chunked(port, token, 800 * 1024 * 1024)
            assert status.startswith("HTTP/1.1 401"), status
        # a client that sends all 800 MB anyway: the server reads the rest and drops it
        status, sent = stream_chunked(port, b"t0ken", 800 * 1024 * 1024, stop_early=False)
        assert status.startswith("HTTP/1.1 413") and sent == 800 * 1024 * 1024, status
        assert _peak_rss_mb(proc.pid) < 300
    finally:
        proc.terminate()
        proc.wait(timeout=30)
