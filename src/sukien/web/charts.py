"""Geometry of the SVG charts, computed server-side and deterministically: the event
timeline, the who-met-whom network layout and the figure charts. Only numbers and the data's
own strings come out; the templates draw (and escape) them."""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from datetime import date
from typing import Any

EVENT_TYPES = ("CONSULT", "AGREE", "COOPERATE", "AID", "REQUEST", "SUPPORT", "REJECT",
               "PROTEST", "ACCUSE", "THREATEN", "SANCTION")
PALETTE = 10  # CSS classes c0…c9 / s0…s9


def parse_day(value: str | None) -> date | None:
    """'2025-08-19' → that day; '2025-10' → mid-month; '2025' → mid-year; else None."""
    if not value:
        return None
    parts = value.split("-")
    try:
        if len(parts) >= 3:
            return date(int(parts[0]), int(parts[1]), int(parts[2][:2]))
        if len(parts) == 2:
            return date(int(parts[0]), int(parts[1]), 15)
        return date(int(parts[0][:4]), 7, 1)
    except ValueError:
        return None


def _month_ticks(first: date, last: date) -> list[date]:
    months = (last.year - first.year) * 12 + last.month - first.month + 1
    step = next(s for s in (1, 2, 3, 6, 12, 24, 60, 120) if months / s <= 12)
    ticks, y, m = [], first.year, first.month
    m -= (m - 1) % step if step < 12 else m - 1
    if step >= 12:
        y -= y % (step // 12)
    while date(y, m, 1) <= last:
        if date(y, m, 1) >= first:
            ticks.append(date(y, m, 1))
        m += step
        y, m = y + (m - 1) // 12, (m - 1) % 12 + 1
    return ticks


def timeline(events: list[dict[str, Any]], width: int = 1000) -> dict[str, Any]:
    """Events on a time axis, stacked in lanes so that marks never overlap."""
    left, right, top, lane_h = 30, 30, 46, 22
    dated = [(parse_day(e.get("date")), e) for e in events]
    dated = sorted(((d, e) for d, e in dated if d), key=lambda de: (de[0], de[1]["id"]))
    if not dated:
        return {"width": width, "height": 0, "marks": [], "ticks": []}
    first, last = dated[0][0], max(parse_day(e.get("date_end")) or d for d, e in dated)
    pad = max(10, (last - first).days // 30)
    first = date.fromordinal(first.toordinal() - pad)
    last = date.fromordinal(last.toordinal() + pad)
    span = max(1, (last - first).days)
    plot_w = width - left - right

    def x_of(d: date) -> float:
        return round(left + (d - first).days / span * plot_w, 1)

    lanes: list[float] = []
    marks = []
    for d, e in dated:
        x = x_of(d)
        end = parse_day(e.get("date_end"))
        x2 = x_of(end) if end and end > d else x
        lane = next((i for i, free in enumerate(lanes) if free <= x - 16), len(lanes))
        if lane == len(lanes):
            lanes.append(0.0)
        lanes[lane] = x2
        marks.append({"x": x, "x2": x2, "y": top + lane * lane_h + lane_h / 2, "event": e})
    height = top + len(lanes) * lane_h + 14
    ticks = [{"x": x_of(t), "label": t.strftime("%Y-%m") if t.month != 1 else str(t.year),
              "major": t.month == 1} for t in _month_ticks(first, last)]
    return {"width": width, "height": height, "marks": marks, "ticks": ticks,
            "axis_y": top - 12}


def network(events: list[dict[str, Any]], people: dict[str, list[dict[str, Any]]],
            size: int = 760, max_nodes: int = 80) -> dict[str, Any]:
    """People who took part in the events and who met whom, with a force layout seeded
    on a circle (grouped by country), so the same data always gives the same picture."""
    counts: Counter[str] = Counter()
    info: dict[str, dict[str, Any]] = {}
    pairs: Counter[tuple[str, str]] = Counter()
    for e in events:
        ids = []
        for p in people.get(e["id"], []):
            if p["type"] == "PER" and p["id"] not in ids:
                ids.append(p["id"])
                info[p["id"]] = p
        counts.update(ids)
        for i, a in enumerate(ids):
            for b in ids[i + 1:]:
                pairs[(min(a, b), max(a, b))] += 1
    chosen = sorted(counts, key=lambda k: (-counts[k], k))[:max_nodes]
    countries = Counter(info[k].get("country") or "?" for k in chosen)
    colour = {c: i % PALETTE for i, (c, _) in enumerate(
        sorted(countries.items(), key=lambda kv: (-kv[1], kv[0])))}
    order = sorted(chosen, key=lambda k: (colour[info[k].get("country") or "?"], k))
    chosen_set = set(chosen)
    edges = [(a, b, w) for (a, b), w in sorted(pairs.items())
             if a in chosen_set and b in chosen_set]
    pos, height = _pack(order, edges, size)
    nodes = []
    for k in order:
        country = info[k].get("country") or "?"
        nodes.append({**info[k], "x": pos[k][0], "y": pos[k][1], "events": counts[k],
                      "r": round(6 + 4 * math.sqrt(counts[k]), 1), "colour": colour[country]})
    at = {n["id"]: n for n in nodes}
    lines = [{"x1": at[a]["x"], "y1": at[a]["y"], "x2": at[b]["x"], "y2": at[b]["y"], "weight": w,
              "a": at[a], "b": at[b]} for a, b, w in edges]
    legend = [{"country": c, "colour": i} for c, i in sorted(colour.items(), key=lambda kv: kv[1])]
    return {"width": size, "height": height, "nodes": nodes, "edges": lines, "legend": legend}


def _components(order: list[str], edges: list[tuple[str, str, int]]) -> list[list[str]]:
    parent = {v: v for v in order}

    def root(v: str) -> str:
        while parent[v] != v:
            parent[v] = parent[parent[v]]
            v = parent[v]
        return v

    for a, b, _ in edges:
        parent[root(a)] = root(b)
    groups: dict[str, list[str]] = defaultdict(list)
    for v in order:
        groups[root(v)].append(v)
    return sorted(groups.values(), key=lambda g: (-len(g), g[0]))


def _pack(order: list[str], edges: list[tuple[str, str, int]],
          width: int) -> tuple[dict[str, tuple[float, float]], int]:
    """Lay out each connected group on its own and shelve the groups in rows: groups that
    never met stay apart without pushing each other off the picture."""
    out: dict[str, tuple[float, float]] = {}
    x = y = row_h = 0.0
    for group in _components(order, edges):
        n = len(group)
        cell_w = min(float(width), 170.0 if n == 1 else max(300.0, 170 * math.sqrt(n)))
        cell_h = 110.0 if n <= 2 else min(float(width), 130 * math.sqrt(n))
        if x + cell_w > width + 0.5:
            x, y, row_h = 0.0, y + row_h, 0.0
        pos = _layout(group, [e for e in edges if e[0] in group])
        xs, ys = [p[0] for p in pos.values()], [p[1] for p in pos.values()]
        pad_x, pad_y = 65.0, 35.0  # room for the labels under the nodes
        scale = min((cell_w - 2 * pad_x) / max(max(xs) - min(xs), 1e-9),
                    (cell_h - 2 * pad_y) / max(max(ys) - min(ys), 1e-9))
        cx, cy = (max(xs) + min(xs)) / 2, (max(ys) + min(ys)) / 2
        for v in group:
            out[v] = (round(x + cell_w / 2 + (pos[v][0] - cx) * scale, 1),
                      round(y + cell_h / 2 - 8 + (pos[v][1] - cy) * scale, 1))
        x += cell_w
        row_h = max(row_h, cell_h)
    return out, int(y + row_h)


def _layout(order: list[str], edges: list[tuple[str, str, int]],
            iterations: int = 250) -> dict[str, tuple[float, float]]:
    n = len(order)
    if n == 0:
        return {}
    pos = {k: [math.cos(2 * math.pi * i / n), math.sin(2 * math.pi * i / n)]
           for i, k in enumerate(order)}
    k = 1.6 / math.sqrt(n)
    temp = 0.15
    for _ in range(iterations):
        disp = {v: [0.0, 0.0] for v in order}
        for i, a in enumerate(order):
            for b in order[i + 1:]:
                dx, dy = pos[a][0] - pos[b][0], pos[a][1] - pos[b][1]
                dist = max(1e-3, math.hypot(dx, dy))
                force = k * k / dist
                disp[a][0] += dx / dist * force
                disp[a][1] += dy / dist * force
                disp[b][0] -= dx / dist * force
                disp[b][1] -= dy / dist * force
        for a, b, w in edges:
            dx, dy = pos[a][0] - pos[b][0], pos[a][1] - pos[b][1]
            dist = max(1e-3, math.hypot(dx, dy))
            force = dist * dist / k * (1 + math.log(w))
            for v, sign in ((a, -1), (b, 1)):
                disp[v][0] += sign * dx / dist * force
                disp[v][1] += sign * dy / dist * force
        for v in order:
            disp[v][0] -= pos[v][0] * 0.6 * k  # gravity keeps separate groups in view
            disp[v][1] -= pos[v][1] * 0.6 * k
            length = max(1e-9, math.hypot(*disp[v]))
            step = min(length, temp)
            pos[v][0] += disp[v][0] / length * step
            pos[v][1] += disp[v][1] / length * step
        temp = max(0.005, temp * 0.985)
    return {v: (p[0], p[1]) for v, p in pos.items()}


def figure_charts(rows: list[dict[str, Any]], width: int = 640) -> list[dict[str, Any]]:
    """One chart per indicator and unit, money converted to USD so that currencies compare:
    a line per group of parties when some group has values for two periods or more, else one
    horizontal bar per figure. A lone figure gets no chart (it is in the table)."""
    groups: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
    for r in rows:
        if r.get("value_usd") is not None:
            groups[(r.get("indicator") or "?", "USD")].append({**r, "plot": r["value_usd"]})
        elif r.get("value") is not None:
            groups[(r.get("indicator") or "?", r.get("unit") or "")].append(
                {**r, "plot": r["value"]})
    charts = []
    for (indicator, unit), items in sorted(groups.items(), key=lambda kv: (-len(kv[1]), kv[0])):
        if len(items) < 2:
            continue
        series_of: dict[str, int] = {}
        by_series: dict[str, set[str]] = defaultdict(set)
        for r in items:
            key = _series(r)
            series_of.setdefault(key, len(series_of))
            by_series[key].add(r.get("period") or "?")
        periods = sorted({r.get("period") or "?" for r in items})
        line = len(periods) > 1 and any(len(p) > 1 for p in by_series.values())
        top = max(r["plot"] for r in items) or 1.0
        chart = {"indicator": indicator, "unit": unit, "kind": "line" if line else "bar",
                 "width": width, "series": [{"label": s, "colour": i % PALETTE}
                                            for s, i in series_of.items()]}
        chart.update(_line(items, periods, series_of, top, width) if line
                     else _bars(items, series_of, top, width))
        charts.append(chart)
    return charts


def _series(row: dict[str, Any]) -> str:
    return " – ".join(row.get("parties") or []) or "—"


def _line(items, periods, series_of, top, width):
    left, right, height, pad = 70, 20, 240, 30
    step = (width - left - right) / max(1, len(periods) - 1)
    x_of = {p: round(left + i * step, 1) for i, p in enumerate(periods)}

    def y_of(v: float) -> float:
        return round(height - pad - v / top * (height - 2 * pad), 1)

    points: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for r in sorted(items, key=lambda r: (r.get("period") or "?", r.get("day") or "")):
        points[_series(r)].append({"x": x_of[r.get("period") or "?"], "y": y_of(r["plot"]),
                                   "row": r})
    lines = [{"colour": series_of[k] % PALETTE, "points": pts,
              "path": " ".join(f"{p['x']},{p['y']}" for p in pts)} for k, pts in points.items()]
    grid = [{"y": y_of(top * f), "value": top * f} for f in (0, 0.25, 0.5, 0.75, 1)]
    return {"height": height, "lines": lines, "grid": grid, "left": left,
            "xlabels": [{"x": x, "label": p} for p, x in x_of.items()], "base": height - pad}


def _bars(items, series_of, top, width):
    label_w, bar_h, gap = 250, 18, 8
    plot_w = width - label_w - 110
    bars = []
    for i, r in enumerate(sorted(items, key=lambda r: (r.get("period") or "?", -r["plot"]))):
        key = _series(r)
        bars.append({"y": 10 + i * (bar_h + gap), "w": max(1.0, round(r["plot"] / top * plot_w, 1)),
                     "colour": series_of[key] % PALETTE, "row": r, "series": key,
                     "label": _clip(f"{r.get('period') or '—'} · {key}", label_w // 7)})
    return {"height": 20 + len(bars) * (bar_h + gap), "bars": bars, "label_w": label_w,
            "bar_h": bar_h}


def _clip(text: str, chars: int) -> str:
    return text if len(text) <= chars else text[: chars - 1].rstrip() + "…"
