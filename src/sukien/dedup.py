"""Near-duplicate articles and event clusters — pure functions, no database.

* :class:`NearDuplicateIndex` finds republished copies of an article across outlets
  (same body, other page furniture, a changed byline, small edits) with MinHash over
  5-word shingles of the folded body, so case, tone-mark placement ("hoà"/"hòa") and
  punctuation do not matter. Signatures use a pinned seed, hash function and
  permutation scheme, so the bytes of :func:`signature` are stable across runs and
  machines and can be stored in a database BLOB.
* :func:`cluster_key` / :func:`same_event` decide when events extracted from different
  articles are one real-world event: same type, same date (at the same precision),
  same sides in any order and the same place.

Requires ``datasketch>=2.0`` (its ``affine32`` scheme).
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from functools import cache

import numpy as np
from datasketch import MinHash, MinHashLSH

from .normalize import fold

NUM_PERM = 128
SEED = 20250214  # fixed: signatures must compare equal across runs and machines
SCHEME = "affine32"  # pinned: datasketch's values differ between schemes
SHINGLE_WORDS = 5
MIN_WORDS = 20  # below this, shingles are too few to say anything
_WORD = re.compile(r"[^\W_]+")
_DTYPE = np.dtype("<u4")  # little-endian uint32: affine32 hash values, 4 bytes each

Item = str | bytes | MinHash


def words(text: str) -> list[str]:
    """The folded words of ``text``: lower case, no diacritics, no punctuation."""
    return _WORD.findall(fold(text))


def shingles(text: str) -> set[bytes]:
    """5-word shingles of the folded text; empty for texts under :data:`MIN_WORDS` words."""
    ws = words(text)
    if len(ws) < MIN_WORDS:
        return set()
    n = SHINGLE_WORDS
    return {" ".join(ws[i : i + n]).encode() for i in range(len(ws) - n + 1)}


@cache
def _permutations(num_perm: int) -> np.ndarray:
    return MinHash(num_perm=num_perm, seed=SEED, scheme=SCHEME).permutations


def minhash(text: str, num_perm: int = NUM_PERM) -> MinHash:
    """The MinHash of ``text``'s shingles (empty for short texts)."""
    m = MinHash(num_perm=num_perm, seed=SEED, scheme=SCHEME, permutations=_permutations(num_perm))
    m.update_batch(sorted(shingles(text)))
    return m


def signature(item: str | MinHash, num_perm: int = NUM_PERM) -> bytes:
    """Compact, stable bytes of a MinHash (``num_perm`` × 4 bytes, little-endian uint32)."""
    m = item if isinstance(item, MinHash) else minhash(item, num_perm)
    return np.asarray(m.hashvalues, dtype=_DTYPE).tobytes()


def from_signature(data: bytes) -> MinHash:
    """The MinHash back from :func:`signature` bytes."""
    values = np.frombuffer(data, dtype=_DTYPE).astype(np.uint32)
    return MinHash(seed=SEED, scheme=SCHEME, hashvalues=values,
                   permutations=_permutations(len(values)))


def as_minhash(item: Item, num_perm: int = NUM_PERM) -> MinHash:
    """Text, signature bytes or a MinHash → a MinHash."""
    if isinstance(item, MinHash):
        return item
    if isinstance(item, bytes | bytearray | memoryview):
        return from_signature(bytes(item))
    return minhash(item, num_perm)


def jaccard(a: Item, b: Item) -> float:
    """Estimated Jaccard similarity of two texts/signatures; 0.0 when either is too short."""
    ma, mb = as_minhash(a), as_minhash(b)
    return 0.0 if ma.is_empty() or mb.is_empty() else ma.jaccard(mb)


class NearDuplicateIndex:
    """In-memory LSH index of article bodies; LSH proposes, :meth:`MinHash.jaccard` decides."""

    __slots__ = ("_lsh", "_sigs", "num_perm", "threshold")

    def __init__(self, threshold: float = 0.8, num_perm: int = NUM_PERM) -> None:
        self.threshold = threshold
        self.num_perm = num_perm
        self._lsh = MinHashLSH(threshold=threshold, num_perm=num_perm)
        self._sigs: dict[str, MinHash] = {}

    def __len__(self) -> int:
        return len(self._sigs)

    def __contains__(self, key: object) -> bool:
        return key in self._sigs

    def signature(self, text: str) -> bytes:
        return signature(text, self.num_perm)

    def query(self, item: Item) -> list[tuple[str, float]]:
        """Keys at estimated Jaccard ≥ threshold with their estimate, most similar first."""
        m = as_minhash(item, self.num_perm)
        if m.is_empty():
            return []
        scored = ((k, m.jaccard(self._sigs[k])) for k in self._lsh.query(m))
        hits = [(k, j) for k, j in scored if j >= self.threshold]
        return sorted(hits, key=lambda kj: (-kj[1], kj[0]))

    def add(self, key: str, item: Item) -> list[str]:
        """Index ``item`` under ``key`` (replacing an older entry) and return the keys of
        its near-duplicates already indexed, most similar first. Short texts are not
        indexed: they are never anybody's duplicate."""
        m = as_minhash(item, self.num_perm)
        self.remove(key)
        if m.is_empty():
            return []
        found = [k for k, _ in self.query(m)]
        self._insert(key, m)
        return found

    def load(self, key: str, item: Item) -> None:
        """Index a stored signature under a key not indexed yet, without looking for its
        near-duplicates (they were decided when it was stored)."""
        m = as_minhash(item, self.num_perm)
        if not m.is_empty():
            self._insert(key, m)

    def _insert(self, key: str, m: MinHash) -> None:
        self._lsh.insert(key, m)
        self._sigs[key] = m

    def remove(self, key: str) -> None:
        if self._sigs.pop(key, None) is not None:
            self._lsh.remove(key)


# --- event clusters ------------------------------------------------------------------------------

_DAY = re.compile(r"\d{4}-\d\d-\d\d")
_MONTH = re.compile(r"\d{4}-\d\d")


def _date(value: str | None) -> str | None:
    """Day ("2025-02-12", any time part dropped) or month ("2025-10"); coarser → None."""
    if not value:
        return None
    value = value.strip()
    if m := _DAY.match(value):
        return m.group()
    return value if _MONTH.fullmatch(value) else None


def _text(value: str | None) -> str:
    return " ".join(words(value)) if value else ""


def _sides(sides: tuple[str, ...] | list[str]) -> tuple[str, ...]:
    return tuple(sorted({s for s in map(_text, sides) if s}))


@dataclass(frozen=True, slots=True)
class EventKey:
    """What makes two extracted events one: type, date (optionally a range), sides, place."""

    type: str
    date: str | None
    sides: tuple[str, ...]
    location: str | None
    date_end: str | None = None


def cluster_key(type: str, date: str | None, sides: tuple[str, ...] | list[str],
                location: str | None) -> str | None:
    """A stable cluster id ("CL:" + sha1), or None when date or sides are missing.

    An exact bucket: a multi-day range is keyed by its first day; use
    :func:`same_event` for the range tolerance."""
    day, parts = _date(date), _sides(sides)
    if day is None or not parts:
        return None
    raw = "\x1f".join((_text(type), day, "\x1e".join(parts), _text(location)))
    return "CL:" + hashlib.sha1(raw.encode()).hexdigest()


def _span(key: EventKey) -> tuple[str, str] | None:
    start = _date(key.date)
    if start is None:
        return None
    end = _date(key.date_end)
    if end is None or len(end) != len(start) or end < start:
        end = start
    return start, end


def same_event(a: EventKey, b: EventKey) -> bool:
    """The :func:`cluster_key` rules, plus: a single-day report inside the other's range matches."""
    sa, sb = _span(a), _span(b)
    sides = _sides(a.sides)
    if sa is None or sb is None or not sides or sides != _sides(b.sides):
        return False
    if _text(a.type) != _text(b.type) or _text(a.location) != _text(b.location):
        return False
    if sa == sb:
        return True
    if len(sa[0]) != len(sb[0]):  # day vs month precision never match
        return False
    return (sb[0] == sb[1] and sa[0] <= sb[0] <= sa[1]) or (
        sa[0] == sa[1] and sb[0] <= sa[0] <= sb[1])
