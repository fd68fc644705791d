"""Concurrent writers on one database, on SQLite and on PostgreSQL: ingest processes with
disjoint and overlapping folders, API servers taking POSTs from several clients at once, all
starting on a brand-new database (so they also race to create the schema).

Afterwards every input is stored exactly once (its content hash is a document) or listed in
``ingest_errors``, nothing crashed, no request got a 500, and the database is consistent.
Pages are small generated ones (tests/pagegen.py), so the whole file takes well under a
minute per backend.
"""

from __future__ import annotations

import gzip
import hashlib
import os
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx
import pytest
from conftest import ROOT
from pagegen import page, write_pages
from sqlalchemy import func, select, text

from sukien import store

TOKEN = "c0ncurrent"
ENV = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "SUKIEN_TOKEN": TOKEN}
REFERENCE = "2025-12-01"
BAD_POST = "\x00\x01\x02" * 50  # binary: refused with E103


def cli(*args: str) -> list[str]:
    return [sys.executable, "-m", "sukien.cli", *args]


def sha1(data: bytes) -> str:
    return hashlib.sha1(data).hexdigest()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(db: str, log: Path) -> tuple[subprocess.Popen, str]:
    port = _free_port()
    proc = subprocess.Popen(cli("serve", "--db", db, "--port", str(port)), env=ENV,
                            stdout=subprocess.DEVNULL, stderr=log.open("w"))
    return proc, f"http://127.0.0.1:{port}"


def wait_ready(proc: subprocess.Popen, base: str, log: Path, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert proc.poll() is None, f"server died: {log.read_text()[-2000:]}"
        try:
            if httpx.get(base + "/api/clusters", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            time.sleep(0.2)
    raise AssertionError(f"server did not start: {log.read_text()[-2000:]}")


def ingest(db: str, *paths: Path, log: Path) -> subprocess.Popen:
    return subprocess.Popen(cli("ingest", "--db", db, "--batch", "4", "--reference-time",
                                REFERENCE, *map(str, paths)),
                            env=ENV, stdout=subprocess.DEVNULL, stderr=log.open("w"))


def finish(proc: subprocess.Popen, log: Path, timeout: float = 300) -> int:
    code = proc.wait(timeout=timeout)
    assert "Traceback" not in log.read_text(), log.read_text()[-3000:]
    return code


def stored_ids(engine) -> dict[str, str]:
    with engine.connect() as conn:
        return dict(conn.execute(select(store.documents.c.id, store.documents.c.status)).all())


def error_sources(engine) -> set[str]:
    with engine.connect() as conn:
        return set(conn.scalars(select(store.errors.c.source)))


def check_integrity(engine) -> None:
    """Every article has its document, every derived row its article and entities; SQLite's
    own checks pass; the full-text index holds one row per article."""
    queries = [
        "SELECT count(*) FROM articles a LEFT JOIN documents d ON d.id = a.id WHERE d.id IS NULL",
        "SELECT count(*) FROM documents d LEFT JOIN articles a ON a.id = d.id "
        "WHERE d.status = 'ok' AND a.id IS NULL",
        "SELECT count(*) FROM mentions m LEFT JOIN entities e ON e.id = m.entity_id "
        "WHERE e.id IS NULL",
        "SELECT count(*) FROM mentions m LEFT JOIN articles a ON a.id = m.article_id "
        "WHERE a.id IS NULL",
        "SELECT count(*) FROM events v LEFT JOIN articles a ON a.id = v.article_id "
        "WHERE a.id IS NULL",
        "SELECT count(*) FROM event_participants p LEFT JOIN entities e ON e.id = p.entity_id "
        "WHERE e.id IS NULL",
        "SELECT count(*) FROM entity_aliases s LEFT JOIN entities e ON e.id = s.entity_id "
        "WHERE e.id IS NULL",
        "SELECT count(*) FROM entity_roles r LEFT JOIN entities e ON e.id = r.entity_id "
        "WHERE e.id IS NULL",
    ]
    with engine.connect() as conn:
        for query in queries:
            assert conn.scalar(text(query)) == 0, query
        if conn.dialect.name == "sqlite":
            assert conn.scalar(text("PRAGMA integrity_check")) == "ok"
            fts = conn.scalar(text("SELECT count(*) FROM search_fts"))
            assert fts == conn.scalar(select(func.count()).select_from(store.articles))
        versions = conn.scalars(select(store.migrations.c.version)).all()
        assert sorted(versions) == list(range(1, store.SCHEMA_VERSION + 1))


def test_two_processes_open_a_new_database_at_once(db_url):
    """Both create the schema at the same moment; neither fails (E401 before)."""
    code = "import sys; from sukien import store; store.open_engine(sys.argv[1]).dispose()"
    procs = [subprocess.Popen([sys.executable, "-c", code, db_url], env=ENV,
                              stderr=subprocess.PIPE, text=True) for _ in range(4)]
    results = [(p.wait(timeout=120), p.stderr.read()) for p in procs]
    assert all(rc == 0 for rc, _ in results), results
    engine = store.open_engine(db_url)
    check_integrity(engine)
    engine.dispose()


@pytest.mark.parametrize("layout", ["disjoint", "overlapping"])
def test_two_ingest_processes(db_url, tmp_path, layout):
    first = write_pages(tmp_path / "a", range(0, 40))
    second = write_pages(tmp_path / "b", range(40, 80))
    if layout == "overlapping":  # the same folder twice, named another way the second time
        args = [[tmp_path / "a", tmp_path / "b"], [Path(os.path.relpath(tmp_path / "b")),
                                                    tmp_path / "a"]]
    else:
        args = [[tmp_path / "a"], [tmp_path / "b"]]
    logs = [tmp_path / f"ingest{i}.log" for i in range(2)]
    procs = [ingest(db_url, *paths, log=log) for paths, log in zip(args, logs, strict=True)]
    assert [finish(p, log) for p, log in zip(procs, logs, strict=True)] == [0, 0]
    engine = store.open_engine(db_url)
    ids = stored_ids(engine)
    assert set(ids) == {sha1(p.read_bytes()) for p in first + second}
    assert set(ids.values()) == {"ok"} and not error_sources(engine)
    with engine.connect() as conn:  # one source per file, however it was named
        sources = conn.scalars(select(store.documents.c.source)).all()
    assert len(sources) == len(set(sources)) == 80
    check_integrity(engine)
    engine.dispose()


def test_ingest_processes_and_api_writers(db_url, tmp_path):
    """3 ingest processes (overlapping folders, bad files among them) and 8 clients posting
    to 2 API servers, all at once on a database none of them has created yet."""
    folders = {name: tmp_path / name for name in ("a", "b", "c")}
    files = (write_pages(folders["a"], range(0, 30)) + write_pages(folders["b"], range(20, 50))
             + write_pages(folders["c"], range(50, 80)))
    bad = {folders["b"] / "image.txt": b"\x89PNG\r\n\x1a\n" + bytes(200),
           folders["c"] / "empty.txt": b"",
           folders["a"] / "cut.txt.gz": gzip.compress(page(999).encode())[:-40]}
    for path, data in bad.items():
        path.write_bytes(data)
    posted = {i: page(i) for i in range(70, 110)}  # 70-79 overlap folder c
    jobs = [[70 + (k * 5 + j) % 40 for j in range(10)] for k in range(8)]  # each page twice

    logs = {name: tmp_path / f"{name}.log" for name in ("s1", "s2", "i1", "i2", "i3")}
    servers = [start_server(db_url, logs["s1"]), start_server(db_url, logs["s2"])]
    ingesters = [ingest(db_url, folders["a"], folders["b"], log=logs["i1"]),
                 ingest(db_url, folders["b"], folders["c"], log=logs["i2"]),
                 ingest(db_url, folders["c"], folders["a"], log=logs["i3"])]
    try:
        for (proc, base), log in zip(servers, (logs["s1"], logs["s2"]), strict=True):
            wait_ready(proc, base, log)
        statuses: list[int] = []

        def client(k: int) -> None:
            base = servers[k % 2][1]
            with httpx.Client(base_url=base, timeout=120,
                              headers={"Authorization": f"Bearer {TOKEN}"}) as http:
                for i in jobs[k]:
                    response = http.post("/api/ingest",
                                         json={"content": posted[i], "name": f"post-{i}.txt"})
                    statuses.append(response.status_code)
                    assert response.headers["content-type"].startswith("application/json")
                bad_post = http.post("/api/ingest", json={"content": BAD_POST * (k + 1),
                                                          "name": f"bad-{k}.bin"})
                statuses.append(bad_post.status_code)

        threads = [threading.Thread(target=client, args=(k,)) for k in range(8)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=300)
        codes = [finish(proc, logs[f"i{n}"]) for n, proc in enumerate(ingesters, start=1)]
    finally:
        for proc in ingesters:
            if proc.poll() is None:
                proc.kill()
        for proc, _ in servers:
            proc.terminate()
            proc.wait(timeout=30)
    assert codes == [1, 1, 1]  # each met a bad file: exit 1, no crash
    assert sorted(set(statuses)) == [200, 422] and statuses.count(422) == 8, statuses
    for log in (logs["s1"], logs["s2"]):
        assert "Traceback" not in log.read_text(), log.read_text()[-3000:]

    engine = store.open_engine(db_url)
    ids, errors = stored_ids(engine), error_sources(engine)
    for path in files:
        assert ids.get(sha1(path.read_bytes())) == "ok", path
    for i, content in posted.items():
        assert ids.get(sha1(content.encode())) == "ok", i
    for path, data in bad.items():  # a document row with its failure, or an error row
        assert ids.get(sha1(data)) == "error" or str(path.resolve()) in errors, path
        assert str(path.resolve()) in errors, path
    assert {f"bad-{k}.bin" for k in range(8)} <= errors
    expected = {sha1(p.read_bytes()) for p in files} | {sha1(c.encode()) for c in posted.values()}
    expected |= {sha1((BAD_POST * (k + 1)).encode()) for k in range(8)}
    expected |= {sha1(bad[folders["b"] / "image.txt"]), sha1(b"")}
    assert set(ids) == expected  # nothing else, and (primary key) nothing twice
    check_integrity(engine)
    engine.dispose()
