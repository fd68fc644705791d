"""Soak: the HTTP API on loopback answers concurrent readers while an ingest writes.

Bounded: a fixed number of requests per reader, a deadline for the whole test."""

from __future__ import annotations

import socket
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest
import uvicorn
from conftest import EXAMPLES, REFERENCE, seed_path

from sukien import api, store
from sukien.ingest import Ingester
from sukien.record import Document

READERS = 4
REQUESTS_PER_READER = 40
DEADLINE = 120.0


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def server(tmp_path):
    url = f"sqlite:///{tmp_path / 'kb.db'}"
    Ingester(store.open_engine(url)).ingest([str(EXAMPLES / "pages")], reference_time=REFERENCE)
    port = free_port()
    config = uvicorn.Config(api.create_app(url), host="127.0.0.1", port=port, log_level="error")
    instance = uvicorn.Server(config)
    thread = threading.Thread(target=instance.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not instance.started and time.monotonic() < deadline:
        time.sleep(0.05)
    yield url, f"http://127.0.0.1:{port}"
    instance.should_exit = True
    thread.join(timeout=10)


def variants(count: int):
    text = seed_path("003_cf6c1d9a34f65e6d").read_text(encoding="utf-8")
    for i in range(count):
        yield Document(path=f"soak/{i}.txt", raw=text.replace("16,4%", f"{i},3%").encode(),
                       reference_time=REFERENCE)


def reader(base: str, n: int) -> list[int]:
    statuses = []
    paths = ["/api/search?q=quang+tay", "/api/events?limit=20", "/api/search?q=ASEAN&limit=5",
             "/api/figures?indicator=trade", "/api/clusters"]
    with httpx.Client(base_url=base, timeout=30) as client:
        for i in range(n):
            statuses.append(client.get(paths[i % len(paths)]).status_code)
    return statuses


def test_readers_during_ingest(server):
    url, base = server
    started = time.monotonic()
    writer_stats = {}

    def write() -> None:
        writer_stats["stats"] = Ingester(store.open_engine(url), batch_size=5).ingest_items(
            variants(40))

    writer = threading.Thread(target=write)
    writer.start()
    with ThreadPoolExecutor(READERS) as pool:
        results = list(pool.map(lambda _: reader(base, REQUESTS_PER_READER), range(READERS)))
    writer.join(timeout=DEADLINE)
    elapsed = time.monotonic() - started
    statuses = [s for r in results for s in r]
    assert len(statuses) == READERS * REQUESTS_PER_READER
    assert set(statuses) == {200}
    assert writer_stats["stats"].stored == 40 and writer_stats["stats"].failed == 0
    assert elapsed < DEADLINE
