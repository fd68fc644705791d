"""Text to annotated pieces for the templates: search-hit highlighting by folded matching, and
article fields cut into paragraphs, evidence sentences and entity/figure spans.

Nothing here builds markup: every function returns plain strings with flags or data, and the
templates (autoescape on) turn them into HTML, so scraped text is always escaped.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from itertools import pairwise
from typing import Any

from ..normalize import fold


def _fold_map(text: str) -> tuple[str, list[int]]:
    """The folded text and, for each folded character, the index of its source character."""
    parts: list[str] = []
    index: list[int] = []
    for i, ch in enumerate(text):
        folded = fold(ch)
        parts.append(folded)
        index.extend([i] * len(folded))
    return "".join(parts), index


def _merge(spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def highlight(text: str | None, phrases: Sequence[Sequence[str] | str],
              exact: bool = False) -> list[tuple[str, bool]]:
    """``text`` as (piece, is_hit) pairs: every place where a phrase's words stand side by
    side ("tap can binh" marks "Tập Cận Bình", not a lone "Bình"). Words are compared folded
    (or lower-cased, ``exact``); a phrase may be a single word as a string."""
    if not text:
        return []
    if exact:
        folded, index = text.lower(), list(range(len(text)))
        if len(folded) != len(text):
            folded, index = _fold_map(text)
    else:
        folded, index = _fold_map(text)
    spans = []
    for phrase in {(p,) if isinstance(p, str) else tuple(p) for p in phrases if p}:
        pattern = r"(?<!\w)" + r"[\W_]+".join(map(re.escape, phrase)) + r"(?!\w)"
        for m in re.finditer(pattern, folded):
            spans.append((index[m.start()], index[m.end() - 1] + 1))
    joined: list[tuple[int, int]] = []
    for start, end in _merge(spans):  # "Quảng Đông" is one mark, not two
        if joined and not text[joined[-1][1]:start].strip():
            joined[-1] = (joined[-1][0], end)
        else:
            joined.append((start, end))
    pieces: list[tuple[str, bool]] = []
    pos = 0
    for start, end in joined:
        if start > pos:
            pieces.append((text[pos:start], False))
        pieces.append((text[start:end], True))
        pos = end
    if pos < len(text):
        pieces.append((text[pos:], False))
    return pieces


@dataclass(slots=True)
class Outer:
    """A run of text inside one paragraph: an evidence sentence (``events`` set) or plain."""

    events: list[int] | None
    anchor: str | None
    pieces: list[tuple[str, dict[str, Any] | None]] = field(default_factory=list)


def _paragraphs(text: str) -> list[tuple[int, int]]:
    out, pos = [], 0
    for sep in re.finditer(r"\n[ \t]*\n\s*", text):
        if sep.start() > pos:
            out.append((pos, sep.start()))
        pos = sep.end()
    if pos < len(text):
        out.append((pos, len(text)))
    return out


def _non_overlapping(spans: list[tuple[int, int, Any]], limit: int) -> list[tuple[int, int, Any]]:
    kept: list[tuple[int, int, Any]] = []
    for start, end, data in sorted(spans, key=lambda s: (s[0], -s[1])):
        if 0 <= start < end <= limit and (not kept or start >= kept[-1][1]):
            kept.append((start, end, data))
    return kept


def annotate(text: str | None, inner: list[tuple[int, int, dict[str, Any]]],
             outer: list[tuple[int, int, int]] | None = None) -> list[list[Outer]]:
    """Cut ``text`` into paragraphs of :class:`Outer` runs (evidence sentences, given as
    (start, end, event number)), each cut into (text, annotation) pieces for ``inner`` spans
    (entity mentions, figures). Spans are clipped so that the markup always nests."""
    if not text:
        return []
    limit = len(text)
    groups: list[tuple[int, int, list[int]]] = []
    for start, end, number in sorted(outer or []):
        if not 0 <= start < end <= limit:
            continue
        if groups and start < groups[-1][1]:
            groups[-1] = (groups[-1][0], max(end, groups[-1][1]), [*groups[-1][2], number])
        else:
            groups.append((start, end, [number]))
    spans = _non_overlapping(inner, limit)
    ends = [end for _, end, _ in spans]  # sorted too: the spans do not overlap
    result = []
    for p_start, p_end in _paragraphs(text):
        cuts = {p_start, p_end}
        for start, end, _ in groups:
            cuts.update(c for c in (start, end) if p_start < c < p_end)
        bounds = sorted(cuts)
        runs = []
        for a, b in pairwise(bounds):
            group = next((g for g in groups if g[0] <= a and b <= g[1]), None)
            anchor = f"evidence-{group[2][0]}" if group and group[0] == a else None
            first = bisect_right(ends, a)
            runs.append(Outer(group[2] if group else None, anchor,
                              _pieces(text, a, b, spans[first:])))
        result.append(runs)
    return result


def _pieces(text: str, a: int, b: int, spans: list[tuple[int, int, Any]]):
    pieces: list[tuple[str, dict[str, Any] | None]] = []
    pos = a
    for start, end, data in spans:
        if start >= b:
            break
        start, end = max(start, a), min(end, b)
        if start >= end:
            continue
        if start > pos:
            pieces.append((text[pos:start], None))
        pieces.append((text[start:end], data))
        pos = end
    if pos < b:
        pieces.append((text[pos:b], None))
    return pieces


def figure_span(body: str, figure: dict[str, Any]) -> tuple[int, int] | None:
    """Where the figure's own words ("2,1 tỷ USD, tăng 15,2%") are in its evidence sentence."""
    words, start = figure.get("text") or "", figure.get("start") or 0
    if not words or not body:
        return None
    pos = body.find(words, max(0, start))
    if pos < 0:
        pos = body.find(words)
    return (pos, pos + len(words)) if pos >= 0 else None


_SCALES_VI = ((1e12, "nghìn tỷ"), (1e9, "tỷ"), (1e6, "triệu"))
_SCALES_EN = ((1e12, "trillion"), (1e9, "billion"), (1e6, "million"))


def number(value: float | None, lang: str = "vi", digits: int = 2) -> str:
    """A number as a reader writes it: "1,53 nghìn tỷ" / "1.53 trillion", "600.000"."""
    if value is None:
        return "—"
    for scale, word in _SCALES_EN if lang == "en" else _SCALES_VI:
        if abs(value) >= scale:
            text = f"{value / scale:,.{digits}f}".rstrip("0").rstrip(".")
            return f"{_local(text, lang)} {word}"
    text = f"{value:,.{digits}f}".rstrip("0").rstrip(".") if value % 1 else f"{value:,.0f}"
    return _local(text, lang)


def _local(text: str, lang: str) -> str:
    if lang == "en":
        return text
    return text.replace(",", "\0").replace(".", ",").replace("\0", ".")


def percent(value: float | None, lang: str = "vi") -> str:
    if value is None:
        return ""
    sign = "+" if value > 0 else ""
    return f"{sign}{_local(f'{value:g}', lang)}%"
