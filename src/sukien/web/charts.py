"""Geometry of the SVG charts, computed from counts the database already aggregated
(:mod:`sukien.aggregates`): the timeline's stacked bars by period, the who-met-whom circle,
figures on a time axis and the map. Deterministic, linear in what is drawn, no layout
iterations; only numbers and the data's own strings come out, the templates escape them."""

from __future__ import annotations

import math
import re
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import pairwise
from typing import Any

EVENT_TYPES = ("CONSULT", "AGREE", "COOPERATE", "AID", "REQUEST", "SUPPORT", "REJECT",
               "PROTEST", "ACCUSE", "THREATEN", "SANCTION")
PERIODS = ("day", "week", "month", "year")
# Distinct colours for the shown countries (Kelly's and Glasbey's high-contrast sets, each a
# fill that black or white labels beside it stay readable against): never two the same.
PALETTE = ("#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2",
           "#17becf", "#bcbd22", "#393b79", "#637939", "#8c6d31", "#843c39", "#7b4173",
           "#3182bd", "#e6550d", "#31a354", "#756bb1", "#636363", "#fd8d3c", "#74c476",
           "#9e9ac8", "#e7ba52", "#ad494a")
OTHER = "#b0b7c3"


def parse_day(value: str | None) -> date | None:
    """'2025-08-19' → that day; None for anything less precise or not a date."""
    if not value or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value[:10]):
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


# --- timeline --------------------------------------------------------------------------------


def bucket_start(day: date, period: str) -> date:
    if period == "year":
        return date(day.year, 1, 1)
    if period == "month":
        return date(day.year, day.month, 1)
    if period == "week":
        return day - timedelta(days=day.weekday())
    return day


def next_bucket(start: date, period: str) -> date:
    if period == "year":
        return date(start.year + 1, 1, 1)
    if period == "month":
        return date(start.year + start.month // 12, start.month % 12 + 1, 1)
    return start + timedelta(days=7 if period == "week" else 1)


def bucket_label(start: date, period: str) -> str:
    if period == "year":
        return str(start.year)
    if period == "month":
        return start.strftime("%Y-%m")
    if period == "week":
        return f"{start.isoformat()} (W{start.isocalendar()[1]:02d})"
    return start.isoformat()


def auto_period(first: date, last: date) -> str:
    days = (last - first).days
    return "day" if days <= 92 else "week" if days <= 730 else "month" if days <= 366 * 25 \
        else "year"


def _core_range(days: list[tuple[date, int]]) -> tuple[date, date]:
    """The dates that hold the events, without the few far away from the rest: the days
    are cut into runs wherever two are more than a gap apart (a year, or a quarter of the
    range between the 1st and 99th percentile when that is longer), and runs at either end
    are left out while what they hold stays within 1 % of the events (at least one)."""
    total = sum(n for _, n in days)
    seen, low, high = 0, days[0][0], days[-1][0]
    for day, n in days:
        if seen <= total * 0.01 < seen + n:
            low = day
        if seen < total * 0.99 <= seen + n:
            high = day
        seen += n
    gap = max(365, (high - low).days // 4)
    runs: list[list[tuple[date, int]]] = [[days[0]]]
    for prev, cur in pairwise(days):
        if (cur[0] - prev[0]).days > gap:
            runs.append([])
        runs[-1].append(cur)
    allowance, dropped = max(1, total // 100), 0
    while len(runs) > 1:
        ends = (sum(n for _, n in runs[0]), sum(n for _, n in runs[-1]))
        side = 0 if ends[0] <= ends[1] else -1
        if dropped + ends[side] > allowance:
            break
        dropped += ends[side]
        runs.pop(side)
    return runs[0][0][0], runs[-1][-1][0]


@dataclass(slots=True)
class Bucket:
    start: date
    end: date  # last day inside
    label: str
    counts: dict[str, int]  # type → events (printed dates)
    inferred: dict[str, int]  # type → events whose date was inferred

    @property
    def total(self) -> int:
        return sum(self.counts.values()) + sum(self.inferred.values())


def timeline(rows: list[tuple[str, str, bool, int]], period: str = "auto",
             first: date | None = None, last: date | None = None,
             width: int = 1000) -> dict[str, Any]:
    """Stacked bars of event counts per period and type. ``rows`` are (date, type,
    inferred, count) from aggregates.date_counts. Dates less precise than a day are placed
    when the period allows (a month in month and year bars), else counted as imprecise;
    events far from the rest are reported as outliers instead of stretching the axis, unless
    ``first``/``last`` (a range the reader chose) are given."""
    precise: list[tuple[date, str, bool, int]] = []
    coarse: list[tuple[str, str, bool, int]] = []
    for value, kind, guess, n in rows:
        day = parse_day(value)
        if day:
            precise.append((day, kind, guess, n))
        elif re.fullmatch(r"\d{4}(-\d{2})?", value or ""):
            coarse.append((value, kind, guess, n))
    per_day: dict[date, int] = defaultdict(int)
    for day, _, _, n in precise:
        per_day[day] += n
    if not per_day and not coarse:
        return {"buckets": [], "outliers": [], "imprecise": 0, "period": "month", "bars": []}
    days = sorted(per_day.items())
    chosen = first is not None or last is not None
    if days:
        core = (first or days[0][0], last or days[-1][0]) if chosen else _core_range(days)
    else:
        years = sorted(int(v[:4]) for v, *_ in coarse)
        core = (date(years[0], 1, 1), date(years[-1], 12, 31))
    if period not in PERIODS:
        period = auto_period(*core)
    buckets: dict[date, Bucket] = {}
    start = bucket_start(core[0], period)
    while start <= core[1]:
        end = next_bucket(start, period) - timedelta(days=1)
        buckets[start] = Bucket(start, end, bucket_label(start, period), {}, {})
        start = end + timedelta(days=1)
    outliers: dict[str, int] = defaultdict(int)
    imprecise = 0
    for day, kind, guess, n in precise:
        if not core[0] <= day <= core[1]:
            outliers[day.isoformat()[:7]] += n
            continue
        _add(buckets[bucket_start(day, period)], kind, guess, n)
    for value, kind, guess, n in coarse:
        if period == "year" or (period == "month" and len(value) == 7):
            day = date(int(value[:4]), int(value[5:7]) if len(value) == 7 else 1, 1)
            key = bucket_start(day, period)
            if key in buckets:
                _add(buckets[key], kind, guess, n)
                continue
            if not (core[0] <= day <= core[1]):
                outliers[value[:7]] += n
                continue
        imprecise += n
    return _bars(list(buckets.values()), period, width) | {
        "outliers": sorted(outliers.items()), "imprecise": imprecise, "period": period,
        "first": core[0].isoformat(), "last": core[1].isoformat()}


def _add(bucket: Bucket, kind: str, guess: bool, n: int) -> None:
    target = bucket.inferred if guess else bucket.counts
    target[kind] = target.get(kind, 0) + n


def nice_max(value: float) -> tuple[float, float]:
    """An axis top at or above ``value`` and a step that divides it into 4–5 ticks."""
    if value <= 0:
        return 1.0, 1.0
    magnitude = 10 ** math.floor(math.log10(value))
    for step in (0.2, 0.25, 0.5, 1.0, 2.0, 2.5, 5.0, 10.0):
        if value / (step * magnitude) <= 5:
            return math.ceil(value / (step * magnitude)) * step * magnitude, step * magnitude
    return value, value / 5


def _bars(buckets: list[Bucket], period: str, width: int) -> dict[str, Any]:
    left, right, top, height = 48, 12, 14, 240
    plot_w, plot_h = width - left - right, height - top - 34
    n = max(1, len(buckets))
    slot = plot_w / n
    gap = min(2.0, slot * 0.2)
    y_top, step = nice_max(max((b.total for b in buckets), default=0))
    order = {t: i for i, t in enumerate(EVENT_TYPES)}
    bars = []
    for i, bucket in enumerate(buckets):
        x = left + i * slot
        y = top + plot_h
        segments = []
        parts = [(k, v, False) for k, v in bucket.counts.items()]
        parts += [(k, v, True) for k, v in bucket.inferred.items()]
        for kind, count, guess in sorted(parts, key=lambda p: (order.get(p[0], 99), p[0], p[2])):
            h = count / y_top * plot_h
            y -= h
            segments.append({"type": kind, "count": count, "inferred": guess,
                             "y": round(y, 1), "h": round(max(h, 0.5), 1)})
        bars.append({"x": round(x + gap / 2, 1), "w": round(max(slot - gap, 0.8), 1),
                     "bucket": bucket, "segments": segments})
    ticks = []
    for i, bucket in enumerate(buckets):
        if _major(bucket.start, period, n, i):
            ticks.append({"x": round(left + i * slot, 1), "label": _tick_label(bucket, period,
                                                                                   n)})
    grid = []
    value = 0.0
    while value <= y_top + 1e-9:
        grid.append({"y": round(top + plot_h - value / y_top * plot_h, 1), "value": value})
        value += step
    return {"width": width, "height": height, "left": left, "plot_w": plot_w, "top": top,
            "base": top + plot_h, "bars": bars, "ticks": ticks, "grid": grid,
            "buckets": buckets}


def _major(start: date, period: str, n: int, i: int) -> bool:
    if period == "year":
        return n <= 30 or start.year % 5 == 0
    if period == "month":
        return start.month == 1 if n > 24 else start.month in (1, 4, 7, 10) if n > 12 else True
    if period == "week":
        return start.day <= 7 and (n <= 26 or start.month in (1, 4, 7, 10))
    return n <= 14 or start.day in (1, 15) if n <= 62 else start.day == 1


def _tick_label(bucket: Bucket, period: str, n: int) -> str:
    if period == "year":
        return str(bucket.start.year)
    if period == "month":
        return str(bucket.start.year) if n > 24 else bucket.start.strftime("%Y-%m")
    return bucket.start.strftime("%Y-%m") if period == "week" else bucket.start.strftime("%m-%d")


# --- who met whom ----------------------------------------------------------------------------


def colours(keys: list[str]) -> dict[str, str]:
    """A colour for each key, never the same twice; keys past the palette are grey
    ("other", shown as such in the legend)."""
    return {k: PALETTE[i] if i < len(PALETTE) else OTHER for i, k in enumerate(keys)}


def circle(nodes: list[dict[str, Any]], edges: list[tuple[str, str, int]], group: str,
           weight: str, size: int = 760) -> dict[str, Any]:
    """Nodes on a circle, grouped by ``group`` (same colour side by side) and heaviest first
    within a group, edges as chords whose width grows with the count; labels outside the
    circle, anchored away from it so they never cross it."""
    margin = 120
    radius = (size - 2 * margin) / 2
    centre = size / 2
    groups: dict[str, float] = defaultdict(float)
    for node in nodes:
        groups[node.get(group) or "?"] += node[weight]
    group_order = sorted(groups, key=lambda g: (-groups[g], g))
    palette = colours(group_order)
    rank = {g: i for i, g in enumerate(group_order)}
    ordered = sorted(nodes, key=lambda n: (rank[n.get(group) or "?"], -n[weight], n["id"]))
    top = max((n[weight] for n in nodes), default=1) or 1
    at: dict[str, dict[str, Any]] = {}
    placed = []
    for i, node in enumerate(ordered):
        angle = 2 * math.pi * i / max(1, len(ordered)) - math.pi / 2
        x, y = centre + radius * math.cos(angle), centre + radius * math.sin(angle)
        r = 4 + 10 * math.sqrt(node[weight] / top)
        lx, ly = centre + (radius + r + 6) * math.cos(angle), \
            centre + (radius + r + 6) * math.sin(angle)
        item = {**node, "x": round(x, 1), "y": round(y, 1), "r": round(r, 1),
                "colour": palette[node.get(group) or "?"], "lx": round(lx, 1),
                "ly": round(ly + 4, 1), "anchor": "start" if math.cos(angle) >= -1e-9 else "end"}
        at[node["id"]] = item
        placed.append(item)
    heaviest = max((n for _, _, n in edges), default=1)
    lines = [{"a": at[a], "b": at[b], "count": n,
              "w": round(1 + 5 * math.sqrt(n / heaviest), 1),
              "opacity": round(0.25 + 0.6 * n / heaviest, 2)}
             for a, b, n in sorted(edges, key=lambda e: e[2]) if a in at and b in at]
    legend = [{"key": g, "colour": palette[g]} for g in group_order]
    return {"size": size, "nodes": placed, "edges": lines, "legend": legend}


# --- figures on a time axis ------------------------------------------------------------------

_QUARTER = {"1": (1, 3), "2": (4, 6), "3": (7, 9), "4": (10, 12)}


def period_range(period: str | None) -> tuple[date, date] | None:
    """'2025' → the year; '2025-10' → the month; '2025-Q1'; '2025-01/2025-08'; else None."""
    if not period:
        return None
    text = period.strip()
    if "/" in text:
        a, b = (period_range(p) for p in text.split("/", 1))
        return (a[0], b[1]) if a and b and a[0] <= b[1] else None
    if m := re.fullmatch(r"(\d{4})", text):
        y = int(m.group(1))
        return date(y, 1, 1), date(y, 12, 31)
    if m := re.fullmatch(r"(\d{4})-(\d{2})", text):
        y, mo = int(m.group(1)), int(m.group(2))
        if 1 <= mo <= 12:
            return date(y, mo, 1), next_bucket(date(y, mo, 1), "month") - timedelta(days=1)
    if m := re.fullmatch(r"(\d{4})-Q([1-4])", text):
        y, (a, b) = int(m.group(1)), _QUARTER[m.group(2)]
        return date(y, a, 1), next_bucket(date(y, b, 1), "month") - timedelta(days=1)
    if m := re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", text):
        day = parse_day(text)
        return (day, day) if day else None
    return None


def series_label(parties: list[str] | None, none: str) -> str:
    return " – ".join(parties or []) or none


def figure_charts(points: list[dict[str, Any]], no_party: str, width: int = 640,
                  max_series: int = 6, max_charts: int = 8) -> tuple[list[dict[str, Any]], int]:
    """One chart per indicator and unit (money in USD), most cited first: the first
    ``max_charts`` that have a dated figure, and how many indicator-unit groups there are.
    Each series (a group of parties) is drawn at the middle of each period with a bar
    across the period and a whisker from the lowest to the highest value cited; the
    ``max_series`` most cited series are drawn and the chart says how many there are."""
    groups: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
    for p in points:
        groups[(p["indicator"] or "?", p["unit"] or "")].append(p)
    out = []
    for (indicator, unit), items in sorted(groups.items(),
                                           key=lambda kv: (-sum(p["n"] for p in kv[1]), kv[0])):
        if len(out) == max_charts:
            break
        chart = _figure_chart(indicator, unit, items, no_party, width, max_series)
        if chart:
            out.append(chart)
    return out, len(groups)


def _figure_chart(indicator: str, unit: str, items: list[dict[str, Any]], no_party: str,
                  width: int, max_series: int) -> dict[str, Any] | None:
    by_series: dict[str, list[dict[str, Any]]] = defaultdict(list)
    undated = 0
    for p in items:
        span = period_range(p["period"])
        if span is None:
            undated += p["n"]
            continue
        by_series[series_label(p["parties"], no_party)].append({**p, "span": span})
    weight = {k: sum(p["n"] for p in v) for k, v in by_series.items()}
    chosen = sorted(by_series, key=lambda k: (-weight[k], k))[:max_series]
    drawn = [p for k in chosen for p in by_series[k]]
    if not drawn:
        return None
    first = min(p["span"][0] for p in drawn)
    last = max(p["span"][1] for p in drawn)
    if (last - first).days < 360:
        first, last = first - timedelta(days=180), last + timedelta(days=180)
    left, right, height, top, bottom = 76, 16, 260, 14, 30
    plot_w, plot_h = width - left - right, height - top - bottom
    span_days = max(1, (last - first).days)
    values = [v for p in drawn for v in (p["low"], p["high"]) if v is not None]
    positive = [v for v in values if v > 0]
    log = bool(positive) and min(values) > 0 and max(positive) / min(positive) > 1000
    if log:
        lo, hi = math.floor(math.log10(min(positive))), math.ceil(math.log10(max(positive)))
        hi = max(hi, lo + 1)
        grid_values = [10.0 ** e for e in range(lo, hi + 1)]

        def y_of(v: float) -> float:
            return top + plot_h - (math.log10(max(v, 10.0 ** lo)) - lo) / (hi - lo) * plot_h
    else:
        y_max, step = nice_max(max([*values, 0.0]))
        y_min = min([*values, 0.0])
        grid_values = [y_min + i * step for i in range(round((y_max - y_min) / step) + 1)]

        def y_of(v: float) -> float:
            return top + plot_h - (v - y_min) / ((y_max - y_min) or 1) * plot_h

    def x_of(d: date) -> float:
        return round(left + (d - first).days / span_days * plot_w, 1)

    palette = colours(chosen)
    marks = []
    for key in chosen:
        for p in sorted(by_series[key], key=lambda p: p["span"]):
            a, b = p["span"]
            mid = a + (b - a) / 2
            marks.append({"series": key, "colour": palette[key], "x": x_of(mid),
                          "x1": x_of(a), "x2": x_of(b), "y": round(y_of(p["mean"]), 1),
                          "y_low": round(y_of(p["low"]), 1), "y_high": round(y_of(p["high"]), 1),
                          "point": p})
    lines = []
    for key in chosen:
        pts = [m for m in marks if m["series"] == key]
        if len(pts) > 1:
            lines.append({"colour": palette[key], "path": " ".join(f"{m['x']},{m['y']}"
                                                                   for m in pts)})
    years = range(first.year + (first.month > 1 or first.day > 1), last.year + 1)
    step_years = max(1, math.ceil(len(years) / 8))
    xticks = [{"x": x_of(date(y, 1, 1)), "label": str(y)} for y in years
              if (y - years[0]) % step_years == 0] if years else []
    return {"indicator": indicator, "unit": unit, "width": width, "height": height,
            "left": left, "right": width - right, "top": top, "base": top + plot_h,
            "log": log, "marks": marks, "lines": lines, "xticks": xticks,
            "grid": [{"y": round(y_of(v), 1), "value": v} for v in grid_values],
            "series": [{"label": k, "colour": palette[k], "figures": weight[k]}
                       for k in chosen],
            "series_total": len(by_series), "figures": sum(p["n"] for p in items),
            "figures_drawn": sum(p["n"] for p in drawn), "undated": undated}


# --- map -------------------------------------------------------------------------------------


def world_map(places: list[dict[str, Any]], width: int = 1000,
              land: list[tuple[float, float]] | None = None, cell: float = 2.0,
              labels: int = 15) -> dict[str, Any]:
    """Places with coordinates as circles on an equirectangular map fitted to them (at
    least 40° wide), land drawn as the cells where the gazetteer knows towns."""
    if not places:
        return {"width": width, "height": 0, "dots": []}
    lons = [p["lon"] for p in places]
    lats = [p["lat"] for p in places]
    west, east = min(lons) - 8, max(lons) + 8
    south, north = min(lats) - 6, max(lats) + 6
    if east - west < 40:
        mid = (east + west) / 2
        west, east = mid - 20, mid + 20
    if north - south < 24:
        mid = (north + south) / 2
        south, north = mid - 12, mid + 12
    west, east = max(west, -180), min(east, 180)
    south, north = max(south, -70), min(north, 84)
    scale = width / (east - west)
    height = round((north - south) * scale)

    def xy(lon: float, lat: float) -> tuple[float, float]:
        return round((lon - west) * scale, 1), round((north - lat) * scale, 1)

    land_path = []
    for lon, lat in land or []:
        if west - cell <= lon <= east and south - cell <= lat <= north:
            x, y = xy(lon, lat + cell)
            land_path.append(f"M{x} {y}h{round(cell * scale, 1)}v{round(cell * scale, 1)}"
                             f"h{-round(cell * scale, 1)}z")
    top = max(p["events"] for p in places)
    dots = []
    for rank, p in enumerate(sorted(places, key=lambda p: (-p["events"], p["name"]))):
        x, y = xy(p["lon"], p["lat"])
        dots.append({**p, "x": x, "y": y, "r": round(3 + 17 * math.sqrt(p["events"] / top), 1),
                     "label": rank < labels})
    graticule = [{"x1": xy(lon, north)[0], "y1": 0, "x2": xy(lon, north)[0], "y2": height,
                  "label": f"{abs(lon)}°{'E' if lon >= 0 else 'W'}"}
                 for lon in range(-180, 181, 10) if west < lon < east]
    graticule += [{"x1": 0, "y1": xy(west, lat)[1], "x2": width, "y2": xy(west, lat)[1],
                   "label": f"{abs(lat)}°{'N' if lat >= 0 else 'S'}"}
                  for lat in range(-80, 81, 10) if south < lat < north]
    return {"width": width, "height": height, "dots": list(reversed(dots)),
            "land": " ".join(land_path), "graticule": graticule}
