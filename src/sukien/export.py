"""Exports of the knowledge base: JSON lines, CSV, Parquet, and GDELT 2.0 event rows.

The formats are one registry, :data:`FORMATS` (name, media type, file suffix, writer), that
the CLI (``sukien export --format``), the API (``/api/export/…?format=``) and the docs read.
``jsonl``, ``csv`` and ``parquet`` write rows as they are stored (lists as JSON text in CSV
and Parquet). ``gdelt`` writes the events in the column layout of the GDELT 2.0
event table, as far as the data allows: actors are the first two sides (CAMEO country codes,
which are ISO alpha-3, or the bloc's name), the event code is the CAMEO code, Goldstein
scale and quad class come from the code (``data/gdelt.toml``), the action geography is the
event's place, SOURCEURL the article's address; columns the data cannot fill are left
empty.
"""

from __future__ import annotations

import csv
import hashlib
import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import IO, Any, TextIO

from sqlalchemy.engine import Connection

from . import store
from .codes import alpha3
from .resources import read_toml

TABLES = ("articles", "events", "entities", "figures", "clusters", "documents")

GDELT_COLUMNS = (
    "GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate",
    "Actor1Code", "Actor1Name", "Actor1CountryCode", "Actor1KnownGroupCode", "Actor1EthnicCode",
    "Actor1Religion1Code", "Actor1Religion2Code", "Actor1Type1Code", "Actor1Type2Code",
    "Actor1Type3Code",
    "Actor2Code", "Actor2Name", "Actor2CountryCode", "Actor2KnownGroupCode", "Actor2EthnicCode",
    "Actor2Religion1Code", "Actor2Religion2Code", "Actor2Type1Code", "Actor2Type2Code",
    "Actor2Type3Code",
    "IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass", "GoldsteinScale",
    "NumMentions", "NumSources", "NumArticles", "AvgTone",
    "Actor1Geo_Type", "Actor1Geo_FullName", "Actor1Geo_CountryCode", "Actor1Geo_ADM1Code",
    "Actor1Geo_ADM2Code", "Actor1Geo_Lat", "Actor1Geo_Long", "Actor1Geo_FeatureID",
    "Actor2Geo_Type", "Actor2Geo_FullName", "Actor2Geo_CountryCode", "Actor2Geo_ADM1Code",
    "Actor2Geo_ADM2Code", "Actor2Geo_Lat", "Actor2Geo_Long", "Actor2Geo_FeatureID",
    "ActionGeo_Type", "ActionGeo_FullName", "ActionGeo_CountryCode", "ActionGeo_ADM1Code",
    "ActionGeo_ADM2Code", "ActionGeo_Lat", "ActionGeo_Long", "ActionGeo_FeatureID",
    "DATEADDED", "SOURCEURL",
)


def flat(row: dict[str, Any]) -> dict[str, Any]:
    return {k: (json.dumps(v, ensure_ascii=False) if isinstance(v, list | dict) else v)
            for k, v in row.items()}


def rows(conn: Connection, table: str) -> Iterator[dict[str, Any]]:
    if table not in TABLES:
        raise ValueError(f"unknown table {table!r}; one of {', '.join(TABLES)}")
    yield from store.table_rows(conn, table)


# --- the formats: one registry that the CLI, the API and the docs read ------------------------


Writer = Callable[[Iterable[dict[str, Any]], list[str], IO[Any]], int]


@dataclass(slots=True, frozen=True)
class Format:
    """An output format: how to write rows, what to call the file, what it can hold."""

    name: str
    media_type: str
    suffix: str
    binary: bool
    write: Writer
    help: str
    events_only: bool = False  # the GDELT layout is a layout of events


def _write_jsonl(items: Iterable[dict[str, Any]], columns: list[str], out: IO[Any]) -> int:
    count = 0
    for row in items:
        out.write(json.dumps(row, ensure_ascii=False, default=str) + "\n")
        count += 1
    return count


def _write_csv(items: Iterable[dict[str, Any]], columns: list[str], out: IO[Any]) -> int:
    writer = csv.DictWriter(out, fieldnames=columns, extrasaction="ignore")
    writer.writeheader()
    count = 0
    for row in items:
        writer.writerow(flat(row))
        count += 1
    return count


def _write_parquet(items: Iterable[dict[str, Any]], columns: list[str], out: IO[Any]) -> int:
    import pyarrow as pa
    import pyarrow.parquet as pq

    data = [flat(r) for r in items]
    arrays = {name: [row.get(name) for row in data] for name in columns}
    pq.write_table(pa.table(arrays), out)
    return len(data)


def _write_gdelt(items: Iterable[dict[str, Any]], columns: list[str], out: IO[Any]) -> int:
    """Tab-separated, no header, like the GDELT 2.0 export files."""
    count = 0
    for row in gdelt_rows(list(items)):
        out.write("\t".join(str(row[c]) for c in GDELT_COLUMNS) + "\n")
        count += 1
    return count


FORMATS: dict[str, Format] = {f.name: f for f in (
    Format("jsonl", "application/x-ndjson; charset=utf-8", "jsonl", False, _write_jsonl,
           "JSON lines, one object per row (lists stay lists)"),
    Format("csv", "text/csv; charset=utf-8", "csv", False, _write_csv,
           "CSV with a header row (lists as JSON text)"),
    Format("parquet", "application/vnd.apache.parquet", "parquet", True, _write_parquet,
           "Apache Parquet (lists as JSON text); needs a file"),
    Format("gdelt", "text/tab-separated-values; charset=utf-8", "tsv", False, _write_gdelt,
           "the 61 columns of the GDELT 2.0 event table, tab-separated (events only)",
           events_only=True),
)}


def formats_help() -> str:
    return "; ".join(f"{f.name}: {f.help}" for f in FORMATS.values())


def write(conn: Connection, fmt: str, table: str, out: IO[Any]) -> int:
    """Write a whole table (``gdelt``: the events) in a format of :data:`FORMATS`."""
    spec = FORMATS[fmt]
    if spec.events_only:
        return spec.write(_events_with_sources(conn), [], out)
    return spec.write(rows(conn, table), store.public_columns(table), out)


def write_jsonl(conn: Connection, table: str, out: TextIO) -> int:
    return write(conn, "jsonl", table, out)


def write_csv(conn: Connection, table: str, out: TextIO) -> int:
    return write(conn, "csv", table, out)


def write_parquet(conn: Connection, table: str, path: Path) -> int:
    with path.open("wb") as out:
        return write(conn, "parquet", table, out)


def write_gdelt(conn: Connection, out: TextIO) -> int:
    return write(conn, "gdelt", "events", out)


def _events_with_sources(conn: Connection) -> list[dict[str, Any]]:
    return list(store.list_events(conn, store.Filters(limit=10**9)))


@cache
def _goldstein() -> dict[str, float]:
    return {k: float(v) for k, v in read_toml("gdelt.toml")["goldstein"].items()}


def _quad_class(code: str) -> int:
    root = int(code[:2]) if code[:2].isdigit() else 0
    return 1 if root <= 5 else 2 if root <= 9 else 3 if root <= 14 else 4


def _actor(side: str | None) -> tuple[str, str, str]:
    """(code, name, country code) of one side: "CN" → ("CHN", "CN", "CHN"); "ASEAN" a bloc."""
    if not side:
        return "", "", ""
    if len(side) == 2:
        code = alpha3(side)
        return code, side, code
    return side.upper()[:12], side, ""


def gdelt_rows(events: list[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    """GDELT 2.0 rows of events as :func:`store.list_events` gives them (with the article's
    ``url``): SOURCEURL is the article's address, empty when the page came without one."""
    sources: dict[str, set[str]] = {}
    for event in events:
        if event["cluster_id"]:
            sources.setdefault(event["cluster_id"], set()).add(event["outlet"] or "")
    for event in events:
        if event["status"] != "happened":
            continue
        date = (event["date"] or "").replace("-", "")
        day = date.ljust(8, "0") if date else ""
        sides = event["sides"] + [None, None]
        a1, a2 = _actor(sides[0]), _actor(sides[1])
        code = event["cameo"] or ""
        row = dict.fromkeys(GDELT_COLUMNS, "")
        row.update({
            "GLOBALEVENTID": int(hashlib.sha1(event["id"].encode()).hexdigest()[:12], 16),
            "SQLDATE": day, "MonthYear": day[:6], "Year": day[:4],
            "FractionDate": _fraction(day),
            "Actor1Code": a1[0], "Actor1Name": a1[1], "Actor1CountryCode": a1[2],
            "Actor2Code": a2[0], "Actor2Name": a2[1], "Actor2CountryCode": a2[2],
            "IsRootEvent": 1, "EventCode": code, "EventBaseCode": code[:3],
            "EventRootCode": code[:2], "QuadClass": _quad_class(code) if code else "",
            "GoldsteinScale": _goldstein().get(code, ""),
            "NumMentions": len(event.get("statements") or []) + 1,
            "NumSources": len(sources.get(event["cluster_id"] or "", set())) or 1,
            "NumArticles": 1, "ActionGeo_Type": 4 if event["location"] else "",
            "ActionGeo_FullName": event["location_en"] or event["location"] or "",
            "DATEADDED": day, "SOURCEURL": event.get("url") or "",
        })
        yield row


def _fraction(day: str) -> str:
    if len(day) != 8:
        return ""
    year, month, dd = int(day[:4]), int(day[4:6]) or 1, int(day[6:]) or 1
    return f"{year + ((month - 1) * 30.4 + dd) / 365:.4f}"
