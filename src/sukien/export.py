"""Exports of the knowledge base: JSON lines, CSV, Parquet, and GDELT 2.0 event rows.

``jsonl``, ``csv`` and ``parquet`` write one public table as it is stored (lists as JSON
text in CSV and Parquet). ``gdelt`` writes the events in the column layout of the GDELT 2.0
event table, as far as the data allows: actors are the first two sides (CAMEO country codes,
which are ISO alpha-3, or the bloc's name), the event code is the CAMEO code, Goldstein
scale and quad class come from the code (``data/gdelt.toml``), the action geography is the
event's place; columns the data cannot fill are left empty.
"""

from __future__ import annotations

import csv
import hashlib
import json
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any, TextIO

from sqlalchemy.engine import Connection

from . import store
from .resources import read_toml

TABLES = ("articles", "events", "entities", "figures", "clusters", "documents")
FORMATS = ("jsonl", "csv", "parquet", "gdelt")

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


def write_jsonl(conn: Connection, table: str, out: TextIO) -> int:
    count = 0
    for row in rows(conn, table):
        out.write(json.dumps(row, ensure_ascii=False) + "\n")
        count += 1
    return count


def write_csv(conn: Connection, table: str, out: TextIO) -> int:
    columns = store.public_columns(table)
    writer = csv.DictWriter(out, fieldnames=columns)
    writer.writeheader()
    count = 0
    for row in rows(conn, table):
        writer.writerow(flat(row))
        count += 1
    return count


def write_parquet(conn: Connection, table: str, path: Path) -> int:
    import pyarrow as pa
    import pyarrow.parquet as pq

    data = [flat(r) for r in rows(conn, table)]
    columns = store.public_columns(table)
    arrays = {name: [row.get(name) for row in data] for name in columns}
    pq.write_table(pa.table(arrays), path)
    return len(data)


@cache
def _goldstein() -> dict[str, float]:
    return {k: float(v) for k, v in read_toml("gdelt.toml")["goldstein"].items()}


@cache
def _alpha3(iso2: str) -> str:
    import pycountry

    country = pycountry.countries.get(alpha_2=iso2)
    return country.alpha_3 if country else iso2


def _quad_class(code: str) -> int:
    root = int(code[:2]) if code[:2].isdigit() else 0
    return 1 if root <= 5 else 2 if root <= 9 else 3 if root <= 14 else 4


def _actor(side: str | None) -> tuple[str, str, str]:
    """(code, name, country code) of one side: "CN" → ("CHN", "CN", "CHN"); "ASEAN" a bloc."""
    if not side:
        return "", "", ""
    if len(side) == 2:
        code = _alpha3(side)
        return code, side, code
    return side.upper()[:12], side, ""


def gdelt_rows(conn: Connection) -> Iterator[dict[str, Any]]:
    sources: dict[str, set[str]] = {}
    events = list(store.list_events(conn, store.Filters(limit=10**9)))
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
            "DATEADDED": day, "SOURCEURL": event.get("title") or "",
        })
        yield row


def _fraction(day: str) -> str:
    if len(day) != 8:
        return ""
    year, month, dd = int(day[:4]), int(day[4:6]) or 1, int(day[6:]) or 1
    return f"{year + ((month - 1) * 30.4 + dd) / 365:.4f}"


def write_gdelt(conn: Connection, out: TextIO) -> int:
    """Tab-separated, no header, like the GDELT 2.0 export files."""
    count = 0
    for row in gdelt_rows(conn):
        out.write("\t".join(str(row[c]) for c in GDELT_COLUMNS) + "\n")
        count += 1
    return count
