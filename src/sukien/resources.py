"""Access to the data files shipped inside the package (loaded once, cached)."""

from __future__ import annotations

import tomllib
from functools import cache
from importlib.resources import files
from typing import Any


def data_path(name: str):
    return files("sukien") / "data" / name


@cache
def read_text(name: str) -> str:
    return data_path(name).read_text(encoding="utf-8")


@cache
def read_lines(name: str) -> tuple[str, ...]:
    """Non-empty, non-comment lines of a data file."""
    lines = (line.strip() for line in read_text(name).splitlines())
    return tuple(line for line in lines if line and not line.startswith("#"))


@cache
def read_toml(name: str) -> dict[str, Any]:
    return tomllib.loads(read_text(name))


def read_tsv(name: str) -> list[dict[str, str]]:
    """Rows of a tab-separated file with a header line; ``#`` lines are comments."""
    rows = [
        line.split("\t")
        for line in read_text(name).splitlines()
        if line.strip() and not line.startswith("#")
    ]
    header, body = rows[0], rows[1:]
    return [dict(zip(header, (cell.strip() for cell in row), strict=False)) for row in body]
