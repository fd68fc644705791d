"""Distributed ingest: the plain local path beside Dask with 1 and 2 workers, in one run.

The same generated corpus (``bench_store.corpus``, written out as text files in shards) is
ingested three times into fresh SQLite databases; the script prints pages/s and the peak
resident memory of the whole process tree (the Dask workers included), sampled every 0.2 s.

    python benchmarks/bench_dask.py [--count 2000]
"""

from __future__ import annotations

import argparse
import os
import tempfile
import threading
import time
from datetime import datetime
from pathlib import Path

import psutil

from sukien import store
from sukien.distributed import ingest_dask
from sukien.ingest import Ingester

try:
    from bench_store import corpus
except ImportError:  # run from the repository root
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from bench_store import corpus

REFERENCE = datetime(2026, 1, 1)


class PeakMemory:
    """Largest total RSS of this process and its children while the block runs."""

    def __init__(self) -> None:
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def _sample(self) -> None:
        me = psutil.Process(os.getpid())
        while not self._stop.is_set():
            total = me.memory_info().rss
            for child in me.children(recursive=True):
                try:
                    total += child.memory_info().rss
                except psutil.Error:
                    continue
            self.peak = max(self.peak, total)
            time.sleep(0.2)

    def __enter__(self) -> PeakMemory:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()


def write_corpus(count: int, folder: Path) -> list[str]:
    folder.mkdir(parents=True, exist_ok=True)
    for doc in corpus(count):
        (folder / Path(doc.path).name).write_bytes(doc.raw)
    return [str(folder)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=2000)
    args = parser.parse_args()
    print(f"generated corpus: {args.count} articles; {os.cpu_count()} cores")
    print(f"{'path':<22}{'pages/s':>10}{'peak RSS MB':>14}{'articles':>10}")
    with tempfile.TemporaryDirectory() as tmp:
        sources = write_corpus(args.count, Path(tmp) / "pages")
        runs = [("local", None), ("dask, 1 worker", 1), ("dask, 2 workers", 2)]
        for label, workers in runs:
            engine = store.open_engine(f"sqlite:///{tmp}/{label.replace(' ', '')}.db")
            ingester = Ingester(engine, batch_size=200)
            with PeakMemory() as memory:
                started = time.perf_counter()
                if workers is None:
                    stats = ingester.ingest(sources, reference_time=REFERENCE)
                else:
                    stats = ingest_dask(ingester, sources, Path(tmp) / f"parts{workers}",
                                        workers=workers, reference_time=REFERENCE)
                elapsed = time.perf_counter() - started
            print(f"{label:<22}{stats.seen / elapsed:>10.1f}{memory.peak / 1e6:>14.0f}"
                  f"{stats.stored:>10}", flush=True)
            engine.dispose()


if __name__ == "__main__":
    main()
