"""Safe URL fetching with httpx.

Rules applied by :func:`fetch` (refusals are ``E109``, failures ``E108``):

* only ``http`` and ``https`` URLs with a host are fetched (no ``file:``, ``ftp:``, …);
* the host is resolved with :func:`socket.getaddrinfo` and refused if *any* of its addresses
  is private, loopback, link-local, multicast, reserved, unspecified or otherwise not global
  (IPv4 and IPv6, including IPv4-mapped, 6to4 and Teredo forms), unless the host name or
  literal IP as written in the URL is in ``allow_hosts``; the check runs before any request
  is sent, so a refused address never sees a packet;
* redirects are followed by hand, at most 5, and every hop is checked again;
* connect/read timeouts and a whole-body deadline of ``timeout`` seconds -> ``E108``;
  HTTP status >= 400 -> ``E108 "HTTP 404"``;
* the body is streamed (decompressed by httpx) and abandoned past ``max_bytes``; a larger
  ``Content-Length`` is refused before reading;
* robots.txt is fetched once per origin (process-wide LRU) under the same rules and honoured
  for our user agent; a missing (4xx) or unreachable (5xx, timeout, refused) robots.txt
  allows everything; the outcome is cached either way.

Residual risk: DNS rebinding. The address check and httpx's own connection resolve the name
separately, so a hostile DNS server with a zero TTL can answer a public address to the check
and a private one to the connection. Hosts in ``allow_hosts`` are not checked at all. Run
fetching in a network namespace without access to internal services if that matters.
"""

from __future__ import annotations

import ipaddress
import socket
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass
from datetime import datetime
from urllib.robotparser import RobotFileParser

import httpx

from sukien.errors import Code, SukienError

MAX_REDIRECTS = 5
ROBOTS_CACHE_SIZE = 128
ROBOTS_MAX_BYTES = 512 * 1024
ACCEPT = "text/html,application/xhtml+xml,*/*;q=0.8"
DEFAULT_USER_AGENT = "sukien/0.1 (+news-event extraction)"

_robots: OrderedDict[str, RobotFileParser | None] = OrderedDict()
_robots_lock = threading.Lock()

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


@dataclass(slots=True, frozen=True)
class FetchResult:
    url: str
    final_url: str
    status: int
    content_type: str | None
    body: bytes
    fetched_at: datetime


def _non_public(ip: IPAddress) -> bool:
    if isinstance(ip, ipaddress.IPv6Address):
        embedded = [ip.ipv4_mapped, ip.sixtofour, *(ip.teredo or ())]
        if any(v4 is not None and _non_public(v4) for v4 in embedded):
            return True
    return (ip.is_private or ip.is_loopback or ip.is_link_local or ip.is_multicast
            or ip.is_reserved or ip.is_unspecified or not ip.is_global)


def _check(url: httpx.URL, allow_hosts: frozenset[str], origin: str) -> None:
    """Refuse (E109) a URL whose scheme or resolved addresses are not allowed."""
    if url.scheme not in ("http", "https"):
        raise SukienError(Code.FETCH_REFUSED, origin, f"scheme {url.scheme or '(none)'!r}")
    host = url.raw_host.decode("ascii")
    if not host:
        raise SukienError(Code.FETCH_REFUSED, origin, f"no host in {url}")
    if {host.lower(), url.host.lower(), f"[{host}]"} & allow_hosts:
        return
    port = url.port or (443 if url.scheme == "https" else 80)
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError) as exc:
        raise SukienError(Code.FETCH_FAILED, origin, f"cannot resolve {host}: {exc}") from exc
    if not infos:
        raise SukienError(Code.FETCH_FAILED, origin, f"cannot resolve {host}")
    for info in infos:
        ip = ipaddress.ip_address(str(info[4][0]).split("%")[0])
        if _non_public(ip):
            where = "" if str(ip) == host else f"{host} resolves to "
            raise SukienError(Code.FETCH_REFUSED, origin, f"{where}non-public address {ip}")


def _read(response: httpx.Response, max_bytes: int, deadline: float, origin: str) -> bytes:
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > max_bytes:
        raise SukienError(Code.FETCH_FAILED, origin, f"larger than {max_bytes} bytes")
    chunks: list[bytes] = []
    size = 0
    for chunk in response.iter_bytes():
        size += len(chunk)
        if size > max_bytes:
            raise SukienError(Code.FETCH_FAILED, origin, f"larger than {max_bytes} bytes")
        if time.monotonic() > deadline:
            raise httpx.ReadTimeout("body deadline")
        chunks.append(chunk)
    return b"".join(chunks)


def _get(client: httpx.Client, origin: str, allow_hosts: frozenset[str], max_bytes: int,
         timeout: float, user_agent: str, robots: bool) -> FetchResult:
    headers = {"User-Agent": user_agent, "Accept": ACCEPT}
    try:
        url = httpx.URL(origin)
        for _ in range(MAX_REDIRECTS + 1):
            _check(url, allow_hosts, origin)
            if robots and not _robots_allow(client, url, allow_hosts, timeout, user_agent):
                raise SukienError(Code.FETCH_REFUSED, origin, f"{url} disallowed by robots.txt")
            request = client.build_request("GET", url, headers=headers, timeout=timeout)
            response = client.send(request, stream=True, follow_redirects=False)
            try:
                if response.is_redirect:
                    url = response.url.join(response.headers["location"])
                    continue
                if response.status_code >= 400:
                    raise SukienError(Code.FETCH_FAILED, origin, f"HTTP {response.status_code}")
                body = _read(response, max_bytes, time.monotonic() + timeout, origin)
                return FetchResult(origin, str(url), response.status_code,
                                   response.headers.get("content-type"), body, datetime.now())
            finally:
                response.close()
        raise SukienError(Code.FETCH_FAILED, origin, f"more than {MAX_REDIRECTS} redirects")
    except httpx.TimeoutException as exc:
        raise SukienError(Code.FETCH_FAILED, origin, f"timed out after {timeout:g}s") from exc
    except httpx.InvalidURL as exc:
        raise SukienError(Code.FETCH_REFUSED, origin, f"invalid URL: {exc}") from exc
    except (httpx.HTTPError, httpx.StreamError) as exc:
        raise SukienError(Code.FETCH_FAILED, origin, f"{type(exc).__name__}: {exc}") from exc


def _robots_allow(client: httpx.Client, url: httpx.URL, allow_hosts: frozenset[str],
                  timeout: float, user_agent: str) -> bool:
    key = f"{url.scheme}://{url.netloc.decode('ascii')}/robots.txt"
    with _robots_lock:
        cached = key in _robots
        parser = _robots.get(key)
        if cached:
            _robots.move_to_end(key)
    if not cached:
        try:
            got = _get(client, key, allow_hosts, ROBOTS_MAX_BYTES, timeout, user_agent, False)
            parser = RobotFileParser(key)
            parser.parse(got.body.decode("utf-8", "replace").splitlines())
        except SukienError:
            parser = None  # missing or unreachable robots.txt: everything is allowed
        with _robots_lock:
            _robots[key] = parser
            while len(_robots) > ROBOTS_CACHE_SIZE:
                _robots.popitem(last=False)
    return parser is None or parser.can_fetch(user_agent, str(url))


def fetch(url: str, *, allow_hosts: frozenset[str] = frozenset(),
          max_bytes: int = 16 * 1024 * 1024, timeout: float = 15.0,
          user_agent: str = DEFAULT_USER_AGENT,
          respect_robots: bool = True, client: httpx.Client | None = None) -> FetchResult:
    """Fetch ``url`` under the module's safety rules; raise :class:`SukienError` E108/E109."""
    allowed = frozenset(h.lower() for h in allow_hosts)
    if client is not None:
        return _get(client, url, allowed, max_bytes, timeout, user_agent, respect_robots)
    with httpx.Client(trust_env=False) as own:
        return _get(own, url, allowed, max_bytes, timeout, user_agent, respect_robots)
