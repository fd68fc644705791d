"""sukien.fetch: safe fetching, checked against servers started here on 127.0.0.1 only."""

from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import httpx
import pytest

from sukien import fetch as fetch_mod
from sukien.errors import Code, SukienError
from sukien.fetch import FetchResult, fetch

LOCAL = frozenset({"127.0.0.1"})
PAGE = (
    "<!doctype html><html lang='vi'><head><meta charset='utf-8'><title>Tin tức</title></head>"
    "<body><p>Thủ tướng Phạm Minh Chính tiếp Đại sứ Nhật Bản tại Hà Nội ngày 3/2.</p></body></html>"
).encode()
ROBOTS = b"User-agent: *\nDisallow: /private/\n"


class Server(ThreadingHTTPServer):
    daemon_threads = True
    robots: bytes | int = ROBOTS  # bytes served, or an HTTP status
    robots_hits = 0
    other_port = 0

    def handle_error(self, request, client_address) -> None:  # clients hang up on purpose
        pass


class Handler(BaseHTTPRequestHandler):
    server: Server

    def log_message(self, format, *args) -> None:
        pass

    def send(self, status: int, body: bytes = b"", ctype: str = "text/plain",
             headers: dict[str, str] | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        if "Content-Length" not in (headers or {}):
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:
        path, srv = self.path, self.server
        if path == "/robots.txt":
            srv.robots_hits += 1
            if isinstance(srv.robots, int):
                self.send(srv.robots)
            else:
                self.send(200, srv.robots)
        elif path in ("/tin", "/private/secret"):
            self.send(200, PAGE, "text/html; charset=utf-8")
        elif path == "/headers":
            body = {"ua": self.headers["User-Agent"], "accept": self.headers["Accept"]}
            self.send(200, json.dumps(body).encode(), "application/json")
        elif path == "/moved":
            self.send(302, headers={"Location": "/tin"})
        elif path == "/to-metadata":
            self.send(302, headers={"Location": "http://169.254.169.254/latest/meta-data/"})
        elif path == "/to-localhost":
            self.send(302, headers={"Location": f"http://localhost:{srv.other_port}/tin"})
        elif path == "/to-file":
            self.send(302, headers={"Location": "file:///etc/passwd"})
        elif path == "/loop":
            self.send(302, headers={"Location": "/loop"})
        elif path == "/slow":
            for _ in range(20):  # 2 s at most, then give up on the client
                time.sleep(0.1)
            self.send(200, b"late")
        elif path == "/huge":
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()  # no Content-Length: body ends when the connection closes
            chunk = b"x" * 65536
            for _ in range(1024):  # 64 MiB at most
                self.wfile.write(chunk)
        elif path == "/declared-huge":
            self.send(200, b"small", headers={"Content-Length": str(10**9)})
        else:
            self.send(404, b"not found")


@pytest.fixture(autouse=True)
def fresh_robots_cache() -> None:
    fetch_mod._robots.clear()  # ports get reused; a stale entry would skew hit counts


@pytest.fixture
def serve() -> Iterator[Callable[..., Server]]:
    servers: list[Server] = []

    def start(robots: bytes | int = ROBOTS) -> Server:
        server = Server(("127.0.0.1", 0), Handler)
        server.robots = robots
        threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05},
                         daemon=True).start()
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()


@pytest.fixture
def server(serve) -> Server:
    return serve()


def base(server: Server) -> str:
    return f"http://127.0.0.1:{server.server_address[1]}"


def refused(url: str, **kw) -> SukienError:
    with pytest.raises(SukienError) as info:
        fetch(url, timeout=2.0, **kw)
    assert info.value.code is Code.FETCH_REFUSED, str(info.value)
    assert str(info.value).startswith(f"{url}: E109 ")
    return info.value


def failed(url: str, **kw) -> SukienError:
    kw.setdefault("timeout", 2.0)
    with pytest.raises(SukienError) as info:
        fetch(url, **kw)
    assert info.value.code is Code.FETCH_FAILED, str(info.value)
    assert str(info.value).startswith(f"{url}: E108 ")
    return info.value


def test_fetch_vietnamese_page(server):
    got = fetch(f"{base(server)}/tin", allow_hosts=LOCAL, timeout=2.0)
    assert isinstance(got, FetchResult)
    assert got.status == 200 and got.body == PAGE
    assert got.content_type == "text/html; charset=utf-8"
    assert got.url == got.final_url == f"{base(server)}/tin"
    assert "Phạm Minh Chính" in got.body.decode("utf-8")
    assert got.fetched_at.tzinfo is None


def test_sends_user_agent_and_accept(server):
    got = json.loads(fetch(f"{base(server)}/headers", allow_hosts=LOCAL, user_agent="t/1").body)
    assert got == {"ua": "t/1", "accept": "text/html,application/xhtml+xml,*/*;q=0.8"}


def test_redirect_within_allowed_host(server):
    got = fetch(f"{base(server)}/moved", allow_hosts=LOCAL, timeout=2.0)
    assert got.url == f"{base(server)}/moved"
    assert got.final_url == f"{base(server)}/tin" and got.body == PAGE


def test_loopback_refused_without_allow_hosts(server):
    err = refused(f"{base(server)}/tin")
    assert "127.0.0.1" in err.detail
    assert server.robots_hits == 0


@pytest.mark.parametrize("url", [
    "file:///etc/passwd", "ftp://example.com/x", "gopher://example.com/", "example.com/tin",
    "javascript:alert(1)", "http:///tin",
])
def test_bad_schemes_refused(url):
    refused(url)


@pytest.mark.parametrize("url", [
    "http://[::1]/", "http://[::]/", "http://0.0.0.0/", "http://169.254.169.254/latest/",
    "http://[::ffff:127.0.0.1]/", "http://[::ffff:169.254.169.254]/", "http://2130706433/",
    "http://[fe80::1]/", "http://224.0.0.1/", "http://240.0.0.1/", "http://100.64.0.1/",
])
def test_special_addresses_refused(url, monkeypatch):
    # literal addresses need no DNS; a refused URL must never reach the transport
    def no_send(request: httpx.Request) -> httpx.Response:
        raise AssertionError(f"request sent to {request.url}")

    with httpx.Client(transport=httpx.MockTransport(no_send)) as client:
        refused(url, client=client)


def test_private_addresses_refused_without_any_request(monkeypatch):
    resolved: list[str] = []
    sent: list[str] = []

    def fake_getaddrinfo(host, port, *args, **kwargs):
        resolved.append(host)
        ip = {"intranet.example": "10.1.2.3"}.get(host, host)
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (ip, port))]

    def no_connect(*args, **kwargs):
        sent.append("socket.create_connection")
        raise AssertionError("connection attempted")

    def no_send(request: httpx.Request) -> httpx.Response:
        sent.append(str(request.url))
        raise AssertionError("request sent")

    monkeypatch.setattr(fetch_mod.socket, "getaddrinfo", fake_getaddrinfo)
    monkeypatch.setattr(socket, "create_connection", no_connect)
    with httpx.Client(transport=httpx.MockTransport(no_send)) as client:
        for url in ("http://10.0.0.1/", "https://192.168.1.1/admin", "http://intranet.example/"):
            err = refused(url, client=client)
            assert "non-public address" in err.detail
        assert "10.1.2.3" in err.detail  # names the resolved address
        # and the same without an injected client: still no connection
        refused("http://10.0.0.1/")
    assert resolved == ["10.0.0.1", "192.168.1.1", "intranet.example", "10.0.0.1"]
    assert sent == []


def test_redirect_to_metadata_refused_even_if_first_host_allowed(server):
    err = refused(f"{base(server)}/to-metadata", allow_hosts=LOCAL)
    assert "169.254.169.254" in err.detail


def test_redirect_to_other_host_name_and_port_refused(serve):
    first, other = serve(), serve()
    first.other_port = other.server_address[1]
    err = refused(f"{base(first)}/to-localhost", allow_hosts=LOCAL)
    assert "localhost resolves to non-public address" in err.detail
    assert other.robots_hits == 0


def test_redirect_to_file_refused(server):
    assert "file" in refused(f"{base(server)}/to-file", allow_hosts=LOCAL).detail


def test_too_many_redirects(server):
    assert "redirects" in failed(f"{base(server)}/loop", allow_hosts=LOCAL).detail


def test_robots_disallow(server):
    err = refused(f"{base(server)}/private/secret", allow_hosts=LOCAL)
    assert "disallowed by robots.txt" in err.detail
    got = fetch(f"{base(server)}/private/secret", allow_hosts=LOCAL, respect_robots=False)
    assert got.body == PAGE


def test_robots_fetched_once_per_host(server):
    for _ in range(3):
        fetch(f"{base(server)}/tin", allow_hosts=LOCAL, timeout=2.0)
    refused(f"{base(server)}/private/x", allow_hosts=LOCAL)
    assert server.robots_hits == 1


@pytest.mark.parametrize("robots", [404, 403, 500, 503])
def test_missing_or_broken_robots_allows(serve, robots):
    server = serve(robots=robots)
    got = fetch(f"{base(server)}/private/secret", allow_hosts=LOCAL, timeout=2.0)
    assert got.body == PAGE and server.robots_hits == 1


def test_http_404(server):
    assert failed(f"{base(server)}/missing", allow_hosts=LOCAL).detail == "HTTP 404"


def test_timeout(server):
    start = time.monotonic()
    err = failed(f"{base(server)}/slow", allow_hosts=LOCAL, timeout=0.5)
    assert err.detail == "timed out after 0.5s"
    assert time.monotonic() - start < 1.5


def test_size_cap_streamed(server):
    start = time.monotonic()
    err = failed(f"{base(server)}/huge", allow_hosts=LOCAL, max_bytes=200_000)
    assert err.detail == "larger than 200000 bytes"
    assert time.monotonic() - start < 2.0


def test_size_cap_from_content_length(server):
    err = failed(f"{base(server)}/declared-huge", allow_hosts=LOCAL, max_bytes=1000)
    assert err.detail == "larger than 1000 bytes"
