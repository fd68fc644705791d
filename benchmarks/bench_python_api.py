"""The public Python API beside what it wraps, in one run.

1. ``sukien.extract_many`` over a folder with 1 and with N worker processes, beside the bare
   pipeline loop the command line ran before (``sources.iter_documents`` + ``Pipeline``):
   pages/s, median of alternating rounds (the same reference time for all).
2. ``KnowledgeBase`` lists (typed records, totals) beside the ``store`` calls they wrap, on
   a knowledge base built from the folder: ms per call, median.

    python benchmarks/bench_python_api.py [DIR] [--pages 400] [--workers 2] [--rounds 3]
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from datetime import datetime
from pathlib import Path

from measure import alternating

import sukien
from sukien import store
from sukien.errors import SukienError
from sukien.pipeline import Pipeline
from sukien.sources import iter_documents

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus" / "dantri-unc"
REFERENCE = "2026-01-01"


def bare_loop(files: list[Path]) -> int:
    pipeline = Pipeline.build()
    done = 0
    for item in iter_documents([str(f) for f in files], datetime.fromisoformat(REFERENCE)):
        if not isinstance(item, SukienError):
            done += not isinstance(next(pipeline.run([item])), SukienError)
    return done


def api(files: list[Path], workers: int) -> int:
    return sum(isinstance(r, sukien.Article)
               for r in sukien.extract_many(files, workers=workers, reference_time=REFERENCE))


def pages_per_second(runs: dict, files: list[Path], rounds: int) -> dict[str, float]:
    """Each run once per round over the files, the runs alternating; the median per run."""
    passes = alternating({name: lambda r=run: r(files) for name, run in runs.items()}, rounds)
    return {name: len(files) * rate for name, rate in passes.items()}


def ms_per_call(call, rounds: int) -> float:
    times = []
    for _ in range(rounds * 5):
        started = time.perf_counter()
        call()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("folder", nargs="?", type=Path, default=CORPUS)
    parser.add_argument("--pages", type=int, default=400)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    files = sorted(p for p in args.folder.rglob("*") if p.is_file()
                   and not p.name.startswith("."))[: args.pages]
    print(f"{len(files)} pages of {args.folder}")
    runs = {"pipeline loop (the CLI before)": bare_loop,
            "extract_many, 1 process": lambda f: api(f, 1),
            f"extract_many, {args.workers} processes": lambda f: api(f, args.workers)}
    bare_loop(files[:20])  # lexicons loaded before anything is timed
    print(f"| path | pages/s (median of {args.rounds}) |\n|---|---|")
    for name, rate in pages_per_second(runs, files, args.rounds).items():
        print(f"| {name} | {rate:.1f} |")

    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{tmp}/bench.db"
        with sukien.open(url) as kb:
            kb.ingest(files, reference_time=REFERENCE)
            engine = store.open_engine(url)
            calls = {
                "events(type=CONSULT)": (
                    lambda: kb.events(type="CONSULT"),
                    lambda: _store(engine, store.list_events,
                                   store.Filters(event_type="CONSULT", limit=50))),
                "search('Trung Quốc')": (
                    lambda: kb.search("Trung Quốc"),
                    lambda: _store(engine, store.search, "Trung Quốc", store.Filters(),
                                   order="relevance")),
                "figures()": (lambda: kb.figures(),
                              lambda: _store(engine, store.figure_series)),
            }
            print("\n| call | KnowledgeBase ms | store ms |\n|---|---|---|")
            for name, (public, direct) in calls.items():
                print(f"| {name} | {ms_per_call(public, args.rounds):.2f} | "
                      f"{ms_per_call(direct, args.rounds):.2f} |")
            engine.dispose()


def _store(engine, function, *args, **kwargs):
    with engine.connect() as conn:
        return function(conn, *args, **kwargs)


if __name__ == "__main__":
    main()
