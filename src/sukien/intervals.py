"""Offset lookups in logarithmic time, so that long texts stay linear overall."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from itertools import accumulate
from typing import Generic, TypeVar

T = TypeVar("T")


class SpanIndex(Generic[T]):
    """Spans ``(start, end, item)``: which contain an offset, which start inside a range."""

    __slots__ = ("_ends", "_items", "_max_end", "_starts")

    def __init__(self, spans: Iterable[tuple[int, int, T]]) -> None:
        ordered = sorted(spans, key=lambda span: (span[0], span[1]))
        self._starts = [s for s, _, _ in ordered]
        self._ends = [e for _, e, _ in ordered]
        self._items = [item for _, _, item in ordered]
        self._max_end = list(accumulate(self._ends, max))

    def covers(self, pos: int, strictly_after_start: bool = False) -> bool:
        """Is ``pos`` inside a span (``start <= pos < end``; ``start < pos`` if strict)?"""
        find = bisect_left if strictly_after_start else bisect_right
        i = find(self._starts, pos) - 1
        return i >= 0 and self._max_end[i] > pos

    def starting_in(self, start: int, end: int) -> list[T]:
        """Items whose span starts in ``[start, end)`` and ends by ``end``."""
        lo, hi = bisect_left(self._starts, start), bisect_left(self._starts, end)
        return [self._items[i] for i in range(lo, hi) if self._ends[i] <= end]
