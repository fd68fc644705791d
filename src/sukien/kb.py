"""The knowledge base: typed, cached access to the TSV files in ``sukien/data/kb/``.

File format (all files): UTF-8, NFC, tab-separated, one header row naming the columns,
then one record per line. Lines starting with ``#`` and blank lines are ignored. Cells
never contain tabs; multi-valued cells (aliases, hanzi, pinyin) are ``|``-separated; an
empty cell means "none". Booleans are ``1``/``0``. Country codes are ISO 3166-1 alpha-2.

Files, their columns (= the dataclass fields below) and [primary key]:

- countries.tsv: iso2 name_vi aliases_vi short_vi name_en asean kind ambiguous_vi [iso2]
- places.tsv: name_vi aliases_vi name_en name_en_full kind country parent status merged_into
  note [name_vi, country, kind]
- organizations.tsv: name_vi aliases_vi acronym name_en kind country status note [name_vi, country]
- misc.tsv: name_vi aliases_vi acronym name_en kind year note [name_vi]
- titles.tsv: title_vi title_en country_hint rank kind [title_vi, country_hint]
- ministry_names.tsv: name_vi aliases_vi name_en country status note [name_vi, country]
- honorifics.tsv: honorific aliases english kind gender [honorific]
- surnames.tsv: surname hanzi pinyin cn_common vn_common note [surname]
- people.tsv: name_vi aliases_vi short_vi name_en country roles note [name_vi, country]

``short_vi`` holds compound-only forms ("Việt", "Trung" as in "Việt-Trung"); never match them
alone. Titles and organisations may contain slots — ``{COUNTRY}``, ``{COUNTRY2}``, ``{PLACE}``,
``{ORG}``, ``{MINISTRY}`` — filled at run time from countries, places, organisations and
ministry names; the English side may also use ``{PLACE_FULL}`` (``Place.full_en``). A title
row with a ``country_hint`` overrides the row without one when the holder's country matches.
See ``data/kb/README.md`` for the conventions behind the data.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, fields
from functools import cache
from importlib.resources import files
from typing import Any, TypeVar

SLOT_RE = re.compile(r"\{([A-Z_0-9]+)\}")
T = TypeVar("T")


class KBError(ValueError):
    """A knowledge-base file is malformed."""


def read_tsv(name: str) -> list[dict[str, str]]:
    """Rows of ``data/kb/<name>`` as dicts keyed by the header, NFC-normalised."""
    path = files("sukien") / "data" / "kb" / name
    text = unicodedata.normalize("NFC", path.read_text(encoding="utf-8"))
    header: list[str] | None = None
    rows: list[dict[str, str]] = []
    for lineno, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        cells = [cell.strip() for cell in line.split("\t")]
        if header is None:
            header = cells
            continue
        if len(cells) != len(header):
            raise KBError(f"{name}:{lineno}: {len(cells)} cells, header has {len(header)}")
        rows.append(dict(zip(header, cells, strict=True)))
    if header is None:
        raise KBError(f"{name}: no header row")
    return rows


def _many(cell: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in cell.split("|") if part.strip())


def _flag(cell: str) -> bool:
    if cell not in ("0", "1"):
        raise KBError(f"not a 0/1 flag: {cell!r}")
    return cell == "1"


# Cell converters keyed by the (string) annotation of the dataclass field.
_CONVERT: dict[str, Callable[[str], Any]] = {
    "str": str,
    "str | None": lambda cell: cell or None,
    "tuple[str, ...]": _many,
    "bool": _flag,
    "int": int,
    "int | None": lambda cell: int(cell) if cell else None,
}


def _load(cls: type[T], name: str) -> tuple[T, ...]:
    """Build one ``cls`` per row of ``name``; columns must match the field names."""
    out = []
    for row in read_tsv(name):
        try:
            out.append(cls(**{f.name: _CONVERT[str(f.type)](row[f.name]) for f in fields(cls)}))
        except (KeyError, ValueError) as exc:
            raise KBError(f"{name}: bad row {row!r}: {exc}") from exc
    return tuple(out)


class _Named:
    """Mixin: the Vietnamese name followed by its aliases, for building gazetteers."""

    __slots__ = ()
    name_vi: str
    aliases_vi: tuple[str, ...]

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name_vi, *self.aliases_vi)


@dataclass(frozen=True, slots=True)
class Country(_Named):
    iso2: str
    name_vi: str
    aliases_vi: tuple[str, ...]
    short_vi: tuple[str, ...]
    name_en: str
    asean: bool
    kind: str  # state | observer | region
    ambiguous_vi: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Place(_Named):
    name_vi: str
    aliases_vi: tuple[str, ...]
    name_en: str
    name_en_full: str | None
    kind: str
    country: str | None
    parent: str | None
    status: str  # current | merged
    merged_into: str | None
    note: str | None

    @property
    def full_en(self) -> str:
        return self.name_en_full or self.name_en


@dataclass(frozen=True, slots=True)
class Organization(_Named):
    name_vi: str
    aliases_vi: tuple[str, ...]
    acronym: str | None
    name_en: str
    kind: str
    country: str | None
    status: str  # current | former
    note: str | None

    @property
    def is_pattern(self) -> bool:
        return "{" in self.name_vi


@dataclass(frozen=True, slots=True)
class Misc(_Named):
    name_vi: str
    aliases_vi: tuple[str, ...]
    acronym: str | None
    name_en: str
    kind: str  # agreement | initiative | framework | meeting | year
    year: int | None
    note: str | None


@dataclass(frozen=True, slots=True)
class Title:
    title_vi: str
    title_en: str
    country_hint: str | None
    rank: int
    kind: str

    @property
    def slots(self) -> tuple[str, ...]:
        return tuple(SLOT_RE.findall(self.title_vi))


@dataclass(frozen=True, slots=True)
class MinistryName:
    name_vi: str
    aliases_vi: tuple[str, ...]
    name_en: str
    country: str | None
    status: str
    note: str | None


@dataclass(frozen=True, slots=True)
class Honorific:
    honorific: str
    aliases: tuple[str, ...]
    english: str
    kind: str  # address | academic | professional | religious | modifier
    gender: str | None


@dataclass(frozen=True, slots=True)
class Surname:
    surname: str
    hanzi: tuple[str, ...]
    pinyin: tuple[str, ...]
    cn_common: bool
    vn_common: bool
    note: str | None


@dataclass(frozen=True, slots=True)
class Person(_Named):
    """An actor of the people lexicon (PETRARCH-style): who is who, with roles and years.

    ``roles`` cells read ``Title as written in Vietnamese@FROM-TO`` (``TO`` empty while in
    office: ``Tổng thống Mỹ@2025-``); ``short_vi`` are short forms unambiguous enough to name
    the person anywhere ("Trump", "Pu-tin").
    """

    name_vi: str
    aliases_vi: tuple[str, ...]
    short_vi: tuple[str, ...]
    name_en: str
    country: str
    roles: tuple[str, ...]
    note: str | None


@cache
def people() -> tuple[Person, ...]:
    return _load(Person, "people.tsv")


@cache
def countries() -> tuple[Country, ...]:
    return _load(Country, "countries.tsv")


@cache
def places() -> tuple[Place, ...]:
    return _load(Place, "places.tsv")


@cache
def organizations() -> tuple[Organization, ...]:
    return _load(Organization, "organizations.tsv")


@cache
def misc() -> tuple[Misc, ...]:
    return _load(Misc, "misc.tsv")


@cache
def titles() -> tuple[Title, ...]:
    return _load(Title, "titles.tsv")


@cache
def ministry_names() -> tuple[MinistryName, ...]:
    return _load(MinistryName, "ministry_names.tsv")


@cache
def honorifics() -> tuple[Honorific, ...]:
    return _load(Honorific, "honorifics.tsv")


@cache
def surnames() -> tuple[Surname, ...]:
    return _load(Surname, "surnames.tsv")
