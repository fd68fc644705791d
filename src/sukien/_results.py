"""The records the public API returns from a knowledge base, and the pages they come in.

Every record is a frozen dataclass with slots whose attributes are the documented, typed
columns; ``to_dict()`` gives the row exactly as the command line (``--json``) and the HTTP
API print it, every stored column included, and ``record["column"]`` / ``record.get()``
read any column by name (also one added to the database after this version). A list comes
as :class:`Results`: the rows of one page and how many rows match in all, with
``to_pandas()``.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from typing import TYPE_CHECKING, Any, ClassVar, Generic, TypeVar

if TYPE_CHECKING:
    import pandas

R = TypeVar("R")

PANDAS_HINT = "to_pandas() needs pandas: pip install 'sukien[pandas]'"


def _pandas():
    try:
        import pandas
    except ImportError as err:
        raise ImportError(PANDAS_HINT, name="pandas") from err
    return pandas


class _Row:
    """What every record of a stored row has: the row itself, readable by column."""

    __slots__ = ()
    _row: Mapping[str, Any]
    _lists: ClassVar[frozenset[str]] = frozenset()

    @classmethod
    def _of(cls, row: Mapping[str, Any]):
        """The record of a stored row. Built through the slots' descriptors rather than the
        frozen dataclass's ``__init__`` (which sets each field through ``object.__setattr__``):
        an export of every event builds tens of thousands."""
        record = object.__new__(cls)
        for name, put, is_list in _setters(cls):
            value = row.get(name)
            put(record, (value or []) if is_list else value)
        _slot(cls, "_row").__set__(record, row)
        return record

    def to_dict(self) -> dict[str, Any]:
        """The row as the CLI's ``--json`` and the HTTP API print it (every stored column)."""
        return dict(self._row)

    def get(self, column: str, default: Any = None) -> Any:
        """Any column of the row by name, typed here or not (``record["column"]`` raises
        ``KeyError`` for a column the row does not have)."""
        return self._row.get(column, default)

    def __getitem__(self, column: str) -> Any:
        return self._row[column]


@cache
def _typed(cls: type) -> tuple[str, ...]:
    """The typed columns of a record class, in order."""
    return tuple(f.name for f in dataclasses.fields(cls) if f.name != "_row")


def _slot(cls: type, name: str) -> Any:
    return next(k.__dict__[name] for k in cls.__mro__ if name in k.__dict__)


@cache
def _setters(cls: type) -> tuple[tuple[str, Any, bool], ...]:
    return tuple((n, _slot(cls, n).__set__, n in cls._lists) for n in _typed(cls))


def _hidden() -> Any:
    return field(default_factory=dict, repr=False, compare=False)


@dataclass(slots=True, frozen=True)
class SearchHit(_Row):
    """An article that matches a search: a snippet around the first phrase found."""

    id: str
    title: str | None
    day: str | None
    outlet: str | None
    duplicate_of: str | None
    snippet: str
    _row: Mapping[str, Any] = _hidden()


@dataclass(slots=True, frozen=True)
class EventRow(_Row):
    """A stored event, with its article's title, outlet, day and address.

    ``sides``, ``people`` and ``statements`` are lists (the JSON text of the table, decoded);
    ``cluster_id`` groups the reports of one real-world event across articles;
    ``date_inferred`` says the date's year or day was not printed, ``field`` which text
    ``start``/``end`` point into (both ``None`` for rows stored before schema migration 6)."""

    id: str
    article_id: str
    type: str | None
    cameo: str | None
    mode: str | None
    status: str | None
    date: str | None
    date_end: str | None
    location: str | None
    location_en: str | None
    sides: list[str]
    people: list[str]
    trigger: str | None
    evidence: str | None
    start: int | None
    end: int | None
    summary_en: str | None
    statements: list[dict[str, Any]]
    cluster_id: str | None
    date_inferred: bool | None
    field: str | None
    title: str | None
    outlet: str | None
    day: str | None
    url: str | None
    _row: Mapping[str, Any] = _hidden()
    _lists: ClassVar[frozenset[str]] = frozenset({"sides", "people", "statements"})


@dataclass(slots=True, frozen=True)
class FigureRow(_Row):
    """A stored figure, with its article's day, outlet and title (``article_title``).

    ``series_unit`` (set by :meth:`KnowledgeBase.figures`) names the series the figure belongs
    to: ``USD`` for money (compare ``value_usd``), the counted unit for counts, ``%`` for
    stakes and shares, ``%change`` for a growth rate with no amount. ``period_inferred``:
    the period had no year of its own; ``field``: the text ``start``/``end`` point into;
    ``change_abs``: a change written as an amount beside its level."""

    id: str
    article_id: str
    indicator: str | None
    value: float | None
    unit: str | None
    value_usd: float | None
    usd_source: str | None
    period: str | None
    change_pct: float | None
    qualifier: str | None
    parties: list[str]
    text: str | None
    evidence: str | None
    start: int | None
    end: int | None
    period_inferred: bool | None
    field: str | None
    change_abs: float | None
    day: str | None
    outlet: str | None
    article_title: str | None
    series_unit: str | None
    _row: Mapping[str, Any] = _hidden()
    _lists: ClassVar[frozenset[str]] = frozenset({"parties"})


@dataclass(slots=True, frozen=True)
class EntityRow(_Row):
    """An entity of the knowledge base: one row per real-world person, body, place or
    agreement across articles."""

    id: str
    type: str
    canonical: str
    name_latin: str | None
    country: str | None
    kind: str | None
    acronym: str | None
    hanzi: str | None
    _row: Mapping[str, Any] = _hidden()


@dataclass(slots=True, frozen=True)
class PartnerRow(_Row):
    """Someone an entity took part in events with, and in how many (``events``); for a
    country, another side of its events (``side`` is its code)."""

    id: str
    type: str | None
    canonical: str | None
    name_latin: str | None
    country: str | None
    events: int
    side: str | None
    _row: Mapping[str, Any] = _hidden()


@dataclass(slots=True, frozen=True)
class RoleRow(_Row):
    """A title an entity held in the articles, the first and last day seen, in how many
    articles."""

    title: str
    title_en: str | None
    first: str | None
    last: str | None
    articles: int
    _row: Mapping[str, Any] = _hidden()


@dataclass(slots=True, frozen=True)
class ArticleRef(_Row):
    """An article, by id, title, day and outlet."""

    id: str
    title: str | None
    day: str | None
    outlet: str | None
    _row: Mapping[str, Any] = _hidden()


class Results(list, Generic[R]):
    """One page of records (it is the list of them) and how many rows match in all.

    ``total`` counts every matching row, not only this page; ``limit`` and ``offset`` are
    the page asked for; ``next_offset`` is the ``offset`` of the next page, ``None`` on the
    last one. In a notebook a page shows as a table (with pandas)."""

    __slots__ = ("_kind", "limit", "offset", "total")

    def __init__(self, rows: Iterable[R], total: int, limit: int, offset: int,
                 kind: type | None = None) -> None:
        super().__init__(rows)
        self.total, self.limit, self.offset, self._kind = total, limit, offset, kind

    @property
    def next_offset(self) -> int | None:
        """The offset of the next page; ``None`` when this page is the last."""
        end = self.offset + len(self)
        return end if end < self.total else None

    def to_dict(self) -> dict[str, Any]:
        """``{"items": [...], "total", "limit", "offset", "next_offset"}``: the shape of every
        list of the HTTP API."""
        return {"items": [_plain(r) for r in self], "total": self.total, "limit": self.limit,
                "offset": self.offset, "next_offset": self.next_offset}

    def to_pandas(self) -> pandas.DataFrame:
        """This page as a DataFrame, one row per record, one column per stored column (the
        typed ones when the page is empty). Needs pandas (``pip install 'sukien[pandas]'``)."""
        pd = _pandas()
        rows = [_plain(r) for r in self]
        columns = list(dict.fromkeys(k for row in rows for k in row))
        if not columns and self._kind is not None:
            columns = list(_typed(self._kind))
        return pd.DataFrame(rows, columns=columns)

    def __repr__(self) -> str:
        return (f"<{type(self).__name__} {len(self)} of {self.total} (offset {self.offset}, "
                f"limit {self.limit})>")

    def _repr_html_(self) -> str | None:
        """Notebooks show a page as a table (when pandas is there)."""
        try:
            frame = self.to_pandas()
        except ImportError:
            return None
        return f"<p>{len(self)} of {self.total} rows</p>" + frame._repr_html_()


def _plain(record: Any) -> Any:
    return record.to_dict() if hasattr(record, "to_dict") else record


@dataclass(slots=True, frozen=True)
class Facet:
    """The values one facet of a search takes among all matching articles, with the number
    of articles for each (most frequent first; years newest first)."""

    name: str
    values: tuple[tuple[str, int], ...]

    @property
    def distinct(self) -> int:
        """How many different values."""
        return len(self.values)


class SearchResults(Results[SearchHit]):
    """A page of search hits, with how the query was read (``read_as``: its phrases,
    choices and exclusions; ``phrases``: the phrases looked for, as words, for highlighting)
    and, when asked for, ``facets``: event types, sides, topics, outlets and years of every
    match."""

    __slots__ = ("facets", "phrases", "read_as")

    def __init__(self, rows: Iterable[SearchHit], total: int, limit: int, offset: int,
                 read_as: str = "", phrases: list[tuple[str, ...]] | None = None,
                 facets: dict[str, Facet] | None = None) -> None:
        super().__init__(rows, total, limit, offset, SearchHit)
        self.read_as, self.phrases, self.facets = read_as, phrases or [], facets


@dataclass(slots=True, frozen=True)
class EntityProfile:
    """Who an entity is: its names, its roles over time, its partners, and pages of its
    events, figures and the articles naming it. Each page is :class:`Results`
    (``profile.events.to_pandas()``)."""

    entity: EntityRow
    aliases: list[str]
    lexicon_roles: list[str]
    roles: list[RoleRow]
    co_participants: Results[PartnerRow]
    events: Results[EventRow]
    figures: Results[FigureRow]
    articles: Results[ArticleRef]
    _row: Mapping[str, Any] = _hidden()

    def to_dict(self) -> dict[str, Any]:
        """The profile as ``sukien entity --json`` and ``GET /api/entities/{id}`` print it."""
        return {k: v.as_dict() if hasattr(v, "as_dict") else v for k, v in self._row.items()}

    def to_pandas(self) -> dict[str, pandas.DataFrame]:
        """The profile's tables as DataFrames: ``roles``, ``co_participants``, ``events``,
        ``figures``, ``articles`` (each page as it was read). Needs pandas."""
        roles = Results(self.roles, len(self.roles), len(self.roles), 0, RoleRow)
        return {"roles": roles.to_pandas(),
                "co_participants": self.co_participants.to_pandas(),
                "events": self.events.to_pandas(), "figures": self.figures.to_pandas(),
                "articles": self.articles.to_pandas()}


@dataclass(slots=True, frozen=True)
class IngestReport:
    """What an ingest did: pages seen, stored, unchanged (their bytes were stored already),
    new versions of a source, near-duplicates, failed (each in ``errors``, "path: E103 …")."""

    seen: int
    stored: int
    unchanged: int
    new_versions: int
    duplicates: int
    failed: int
    seconds: float
    errors: list[str]

    @property
    def pages_per_second(self) -> float:
        return self.seen / self.seconds if self.seconds else 0.0

    def to_dict(self) -> dict[str, Any]:
        return {**dataclasses.asdict(self), "pages_per_second": self.pages_per_second}

    def to_pandas(self) -> pandas.DataFrame:
        """The report as a one-row DataFrame (``errors`` a list), to collect runs with
        ``pandas.concat``. Needs pandas."""
        return _pandas().DataFrame([self.to_dict()])
