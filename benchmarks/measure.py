"""What the benchmarks share: timing loops, token F1, pages prepared up to a stage.

Imported by the scripts of this folder (``python benchmarks/bench_x.py`` puts the folder on
``sys.path``); not a benchmark itself.
"""

from __future__ import annotations

import statistics
import time
from collections import Counter
from collections.abc import Callable, Iterable

from sukien.errors import SukienError
from sukien.pipeline import Pipeline
from sukien.record import Document
from sukien.sources import iter_documents


def repeat(run: Callable[[], object], seconds: float) -> tuple[int, float]:
    """Call ``run`` until ``seconds`` have passed, at least once: (passes, seconds taken)."""
    passes, start = 0, time.perf_counter()
    while True:
        run()
        passes += 1
        elapsed = time.perf_counter() - start
        if elapsed >= seconds:
            return passes, elapsed


def alternating(runs: dict[str, Callable[[], object]], rounds: int,
                seconds: float = 0.0) -> dict[str, float]:
    """Passes per second of each run: measured ``rounds`` times, the runs taking turns (the
    machine is shared and its load shifts; every run sees the same shifts), each turn for
    ``seconds`` (at least one pass); the median per run."""
    rates: dict[str, list[float]] = {name: [] for name in runs}
    for _ in range(rounds):
        for name, run in runs.items():
            passes, elapsed = repeat(run, seconds)
            rates[name].append(passes / elapsed)
    return {name: statistics.median(values) for name, values in rates.items()}


def bag_f1(predicted: Counter[str], gold: Counter[str]) -> float:
    """F1 of two bags of tokens (0 when they share none)."""
    overlap = sum((predicted & gold).values())
    if not overlap:
        return 0.0
    precision, recall = overlap / sum(predicted.values()), overlap / sum(gold.values())
    return 2 * precision * recall / (precision + recall)


def prepared(paths: Iterable[str], stages: tuple[str, ...]) -> list[Document]:
    """The pages of ``paths`` run through the pipeline ``stages``; pages that fail or give no
    article are left out."""
    pipeline = Pipeline.build(stages)
    items = (d for d in iter_documents(list(paths)) if not isinstance(d, SukienError))
    return [d for d in pipeline.run(items) if not isinstance(d, SukienError) and d.article]
