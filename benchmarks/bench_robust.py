"""Robustness figures, in one run:

1. **Re-ingest**: a fresh ingest of N generated pages (the generator of bench_store.py, one
   file each), then the same folder again (every page unchanged: skipped by content hash
   before the pipeline runs), then a resume after ``kill -9`` half-way; times side by side.
2. **Server memory** while ``POST /api/ingest`` refuses an 800 MB chunked body streamed from
   a generator (no Content-Length), with a valid token and with a wrong one: the answer
   and the server's peak resident memory (VmHWM).
3. **Pathological HTML** through the whole pipeline in a child process: 10k / 100k / 1M
   ``<p>``, 1M ``<span>``, 100 000 nested ``<div>`` — seconds and peak memory.

    python benchmarks/bench_robust.py [--count 3000] [--body-mb 800] [--src DIR]

``--src`` runs the ingests (part 1) and the server (part 2) from another source tree, e.g. a
checkout of an older commit, for a before/after comparison.
"""

from __future__ import annotations

import argparse
import json
import os
import select
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))
sys.path.insert(0, str(ROOT / "tests"))


def cli(*args: str) -> list[str]:
    return [sys.executable, "-m", "sukien.cli", *args]


def env_for(src: Path) -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(src), "SUKIEN_TOKEN": "bench-token",
            "COLUMNS": "200"}


def write_corpus(folder: Path, count: int) -> None:
    from bench_store import corpus

    folder.mkdir(parents=True)
    for doc in corpus(count):
        (folder / Path(doc.path).name).write_bytes(doc.raw)


def timed(command: list[str], env: dict[str, str]) -> tuple[float, str]:
    started = time.perf_counter()
    run = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    return time.perf_counter() - started, " ".join(run.stdout.split())


def count_documents(db: str) -> int:
    from sukien import store

    engine = store.open_engine(db)
    with engine.connect() as conn:
        n = conn.scalar(store.select(store.func.count()).select_from(store.documents))
    engine.dispose()
    return n


def reingest(count: int, work: Path, src: Path) -> None:
    pages = work / "pages"
    write_corpus(pages, count)
    env = env_for(src)
    db = f"sqlite:///{work / 'kb.db'}"
    fresh, fresh_line = timed(cli("ingest", "--db", db, str(pages)), env)
    again, again_line = timed(cli("ingest", "--db", db, str(pages)), env)
    # a resume after kill -9 half-way
    db2 = f"sqlite:///{work / 'killed.db'}"
    proc = subprocess.Popen(cli("ingest", "--db", db2, str(pages)), env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True)
    while not (work / "killed.db").exists() or count_documents(db2) < count // 2:
        time.sleep(0.2)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    stored = count_documents(db2)
    resume, resume_line = timed(cli("ingest", "--db", db2, str(pages)), env)
    print(f"\n## Re-ingest ({count} generated pages, SQLite, one process, from {src})\n")
    print("| run | seconds | vs fresh | summary |\n|---|---|---|---|")
    print(f"| fresh ingest | {fresh:.1f} | 100 % | {fresh_line} |")
    print(f"| again, all unchanged | {again:.1f} | {again / fresh:.1%} | {again_line} |")
    print(f"| resume after kill -9 at {stored} stored | {resume:.1f} | {resume / fresh:.1%} | "
          f"{resume_line} |")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _post_chunked(port: int, token: bytes, total: int) -> tuple[str, int, float]:
    sock = socket.create_connection(("127.0.0.1", port), timeout=120)
    sock.sendall(b"POST /api/ingest HTTP/1.1\r\nHost: localhost\r\nContent-Type: "
                 b"application/json\r\nAuthorization: Bearer " + token
                 + b"\r\nTransfer-Encoding: chunked\r\n\r\n")
    block = b" " * (1024 * 1024)
    sent, started = 0, time.perf_counter()

    def body():  # the 800 MB exist only as this generator
        for _ in range(total // len(block)):
            yield block

    try:
        for chunk in body():
            sock.sendall(b"%x\r\n%s\r\n" % (len(chunk), chunk))
            sent += len(chunk)
            if select.select([sock], [], [], 0)[0]:
                break
        else:
            sock.sendall(b"0\r\n\r\n")
        reply = sock.recv(65536).split(b"\r\n", 1)[0].decode()
    except OSError as err:
        reply = f"connection error: {err}"
    finally:
        sock.close()
    return reply, sent, time.perf_counter() - started


def _peak_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def server_memory(body_mb: int, src: Path, work: Path) -> None:
    port = _free_port()
    proc = subprocess.Popen(cli("serve", "--db", f"sqlite:///{work / 'serve.db'}", "--port",
                                str(port)), env=env_for(src), stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    try:
        for _ in range(300):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.2)
        idle = _peak_mb(proc.pid)
        print(f"\n## Server memory, POST /api/ingest with a {body_mb} MB chunked body "
              f"(server from {src})\n")
        print("| token | answer | MB sent before the answer | seconds | server peak RSS |")
        print("|---|---|---|---|---|")
        print(f"| (idle) | | | | {idle:.0f} MB |")
        for label, token in (("valid", b"bench-token"), ("wrong", b"nope")):
            reply, sent, seconds = _post_chunked(port, token, body_mb * 1024 * 1024)
            print(f"| {label} | {reply} | {sent / 2**20:.0f} | {seconds:.2f} | "
                  f"{_peak_mb(proc.pid):.0f} MB |")
    finally:
        proc.terminate()
        proc.wait(timeout=60)


def pathological(work: Path) -> None:
    from test_fuzz import _PATHOLOGICAL, _write_html

    sentence = "Đoàn công tác số {} đã làm việc với lãnh đạo tỉnh về hợp tác kinh tế."
    head = "<html><body><h1>Hai tỉnh ký kết hợp tác</h1>"
    pages = {
        "10k <p>": (head, (f"<p>{sentence.format(i)}</p>" for i in range(10_000)), ""),
        "100k <p>": (head, (f"<p>{sentence.format(i)}</p>" for i in range(100_000)), ""),
        "1M <p>x</p>": (head, ("<p>x</p>" for _ in range(1_000_000)), ""),
        "1M <span>x</span>": (head, ("<span>x</span>" for _ in range(1_000_000)), ""),
        "100k nested <div>": (head + "<div>" * 100_000,
                              (f"<p>{sentence.format(i)}</p>" for i in range(4)), ""),
    }
    files = {}
    for i, (label, (opening, items, closing)) in enumerate(pages.items()):
        files[label] = work / f"page{i}.html"
        _write_html(files[label], opening, items, closing + "</body></html>")
    run = subprocess.run([sys.executable, "-c", _PATHOLOGICAL, *map(str, files.values())],
                         env=env_for(ROOT / "src"), capture_output=True, text=True, check=True)
    results = json.loads(run.stdout)
    print("\n## Pathological HTML, whole pipeline, one process\n")
    print("| page | size | seconds | peak RSS | result |\n|---|---|---|---|---|")
    for label, path in files.items():
        r = results[path.name]
        outcome = r.get("error") or f"body {r['body']:,} chars; " + "; ".join(
            w.split(":")[0] for w in r["warnings"] if w.startswith("W205"))
        print(f"| {label} | {path.stat().st_size / 1e6:.1f} MB | {r['seconds']:.1f} | "
              f"{r['peak_mb']:.0f} MB | {outcome} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=3000)
    parser.add_argument("--body-mb", type=int, default=800)
    parser.add_argument("--src", type=Path, default=ROOT / "src")
    parser.add_argument("--skip", default="", help="comma-separated: reingest,server,html")
    args = parser.parse_args()
    skip = set(args.skip.split(","))
    with tempfile.TemporaryDirectory(prefix="bench-robust-") as tmp:
        work = Path(tmp)
        if "reingest" not in skip:
            reingest(args.count, work / "reingest", args.src.resolve())
        if "server" not in skip:
            (work / "server").mkdir()
            server_memory(args.body_mb, args.src.resolve(), work / "server")
        if "html" not in skip:
            (work / "html").mkdir()
            pathological(work / "html")


if __name__ == "__main__":
    main()
