"""The whole pipeline over a folder of pages, stage by stage, in CPU time.

Prints pages per CPU-second for the whole pipeline (``decode`` to ``events``) and, side by
side, for each stage alone — so the cost of ``topic`` and ``events`` is read beside the
stages before them in the same run. CPU time (``time.process_time``) is one core's work
whatever else the machine runs; wall-clock pages/s is printed too.

    python benchmarks/bench_pipeline.py [DIR] [--limit N]     # DIR: ../shared/corpus/dantri-unc
    python benchmarks/bench_pipeline.py --baseline /work/main/src   # and another checkout's

With ``--baseline SRC`` the same measurement is run again, right after, on the sources in SRC
(another checkout's ``src``), in a child process, so both are read side by side from one run.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

from sukien.errors import SukienError
from sukien.pipeline import Pipeline
from sukien.sources import iter_documents

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus" / "dantri-unc"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("directory", nargs="?", type=Path, default=CORPUS)
    parser.add_argument("--limit", type=int, default=0, help="read only the first N pages")
    parser.add_argument("--baseline", type=Path, help="another checkout's src to measure after")
    args = parser.parse_args(argv)
    docs = [d for d in iter_documents([str(args.directory)]) if not isinstance(d, SukienError)]
    if args.limit:
        docs = docs[: args.limit]
    pipeline = Pipeline.build()
    pipeline(docs[0])  # load every lexicon and model once, outside the timing
    spent = {st.name: 0.0 for st in pipeline.stages}
    done = 0
    wall, cpu = time.perf_counter(), time.process_time()
    for doc in iter_documents([str(args.directory)]):
        if isinstance(doc, SukienError):
            continue
        try:
            for st in pipeline.stages:
                start = time.process_time()
                doc = st.func(doc)
                spent[st.name] += time.process_time() - start
        except SukienError:
            continue
        done += 1
        if args.limit and done >= args.limit:
            break
    cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    print(f"{done} pages from {args.directory}")
    print(f"whole pipeline: {done / cpu:.1f} pages per CPU-second ({done / wall:.1f} pages/s wall)")
    for name, seconds in spent.items():
        rate = done / seconds if seconds else float("inf")
        print(f"  {name:10} {rate:10.0f} pages/CPU-s  {100 * seconds / cpu:5.1f}% of the time")
    if args.baseline is not None:
        print(f"\nbaseline: {args.baseline}")
        sys.stdout.flush()
        env = {**os.environ, "PYTHONPATH": str(args.baseline.resolve())}
        command = [sys.executable, __file__, str(args.directory), "--limit", str(args.limit)]
        subprocess.run(command, env=env, check=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
