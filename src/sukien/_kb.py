"""The knowledge base for notebooks and pipelines: :func:`open` and :class:`KnowledgeBase`.

A thin layer over :mod:`sukien.store` (all SQL), :mod:`sukien.aggregates`,
:mod:`sukien.ingest` and :mod:`sukien.export`: it checks arguments as values, takes the
filters the command line takes, and returns typed records (:mod:`sukien._results`). The
command line, the HTTP API and the web UI read and write through it.
"""

from __future__ import annotations

import builtins
import io
import os
import tempfile
import threading
from collections.abc import Callable, Iterable, Iterator
from datetime import date, datetime
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from sqlalchemy.engine import Engine

from . import aggregates, store
from . import export as exporter
from ._api import DEFAULT_MAX_BYTES, Page, Source, documents, parse_reference_time
from ._results import (
    ArticleRef,
    EntityProfile,
    EntityRow,
    EventRow,
    Facet,
    FigureRow,
    IngestReport,
    PartnerRow,
    Results,
    RoleRow,
    SearchHit,
    SearchResults,
    _pandas,
)
from .validate import MAX_LIMIT, MAX_OFFSET, day_bound

if TYPE_CHECKING:
    import pandas

DEFAULT_DB = "sqlite:///sukien.db"
Progress = Callable[[int, int, int], None]  # pages seen, stored, failed so far
DateBound = str | date | None


def open(db_url: str = DEFAULT_DB) -> KnowledgeBase:
    """Open (and create or upgrade) the knowledge base at ``db_url``: ``sqlite:///path.db``,
    a bare path (SQLite), or ``postgresql://user@host/db``. Raises :class:`SukienError`
    E401 when the database cannot be opened. Use it as a context manager, or call
    :meth:`KnowledgeBase.close`."""
    return KnowledgeBase(db_url)


class KnowledgeBase:
    """Pages in, typed records out: ingest pages, then search articles and list events,
    entities and figures with the filters of the command line. Every list is a
    :class:`Results` page (``total`` counts every match; ``to_pandas()``).

    Filters (keyword arguments of :meth:`search` and :meth:`events`): ``date_from``,
    ``date_to`` (a year "2025", month "2025-03", day "2025-03-07" or a ``datetime.date``,
    both included), ``entity`` (any name of an entity, in any language), ``type`` (event
    type: CONSULT, AGREE, …), ``side`` (sides, comma-separated, that must all take part:
    codes or names, "CN", "CHN", "Trung Quốc", "China"), ``outlet`` (part of its name or
    domain), ``topic`` (world, business, …), ``place`` (an event's place), ``undated``
    (undated events only). Bad values raise ``ValueError``. ``db_url`` is the address it
    was opened with. Its methods may be called from several threads."""

    __slots__ = ("_engine", "_ingester", "_lock", "db_url")

    def __init__(self, db_url: str = DEFAULT_DB) -> None:
        self._setup(store.open_engine(db_url), db_url)

    @classmethod
    def _over(cls, engine: Engine) -> KnowledgeBase:
        """A knowledge base over an engine already open (the HTTP API's, the web UI's)."""
        kb = cls.__new__(cls)
        kb._setup(engine, engine.url.render_as_string(hide_password=True))
        return kb

    def _setup(self, engine: Engine, db_url: str) -> None:
        self._engine, self.db_url = engine, db_url
        self._ingester: Any = None
        self._lock = threading.Lock()

    def close(self) -> None:
        """Close the database connections (the object cannot be used afterwards)."""
        self._engine.dispose()

    def __enter__(self) -> KnowledgeBase:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"<KnowledgeBase {self.db_url}>"

    # --- writing -----------------------------------------------------------------------------

    def ingest(self, sources: Iterable[Source] | Source, *,
               reference_time: datetime | str | None = None,
               max_bytes: int = DEFAULT_MAX_BYTES, allow_hosts: Iterable[str] = (),
               batch: int = 50, engine: str = "local", scheduler: str | None = None,
               workers: int = 2, work_dir: str | os.PathLike | None = None,
               progress: Callable[[int, int, int], None] | None = None,
               refresh_statistics: bool = True) -> IngestReport:
        """Run the pipeline over pages and store the results: idempotent (a page whose bytes
        are stored already is skipped before the pipeline runs) and resumable (``batch``
        pages per transaction). ``sources`` follow the input rule of :func:`extract`, and a
        ``str`` that is a URL is fetched (http and https only, E109 otherwise;
        ``allow_hosts``: hosts that may be fetched although private or loopback). Pages
        that fail are listed in the report and in the ``ingest_errors`` table; the batch
        goes on. ``engine="dask"`` processes files and WARCs on a Dask cluster
        (``scheduler`` address, else a local one with ``workers``), writing Parquet
        partitions under ``work_dir`` first. ``progress`` is called with (seen, stored,
        failed) after each batch. ``refresh_statistics=False`` skips refreshing the
        database's planner statistics at the end (a server storing a page at a time).
        Raises :class:`SukienError` E401 when the database goes away mid-run (stored pages
        are kept)."""
        if engine not in ("local", "dask"):
            raise ValueError(f"engine must be local or dask, not {engine!r}")
        if batch < 1:
            raise ValueError(f"batch must be at least 1, not {batch}")
        items = _as_list(sources)
        reference = parse_reference_time(reference_time)
        with self._lock:
            ingester = self._ingester_for(batch, refresh_statistics)
            if engine == "dask":
                stats = _ingest_dask(ingester, items, work_dir, scheduler, workers, reference,
                                     max_bytes, progress)
            else:
                stream = documents(items, reference=reference, max_bytes=max_bytes, fetch=True,
                                   resolve_paths=True, allow_hosts=frozenset(allow_hosts))
                stats = ingester.ingest_items(stream, progress)
        return _report(stats)

    def _ingester_for(self, batch: int, refresh_statistics: bool):
        """The one ingester of this knowledge base: its near-duplicate index is loaded once,
        then brought up to date with what any writer stored since."""
        from .ingest import Ingester

        if self._ingester is None:
            self._ingester = Ingester(self._engine, batch_size=batch,
                                      refresh_statistics=refresh_statistics)
        else:
            self._ingester.sync_near_duplicates()
            self._ingester.batch_size = batch
            self._ingester.refresh_statistics = refresh_statistics
        return self._ingester

    def reprocess(self, *, progress: Callable[[int, int, int], None] | None = None) -> IngestReport:
        """Run the current pipeline again over every stored page (after an upgrade)."""
        from .ingest import reprocess

        with self._lock:
            return _report(reprocess(self._engine, progress=progress))

    # --- reading -----------------------------------------------------------------------------

    def search(self, query: str = "", *, date_from: str | date | None = None,
               date_to: str | date | None = None,
               entity: str | None = None, type: str | None = None, side: str | None = None,
               outlet: str | None = None, topic: str | None = None, place: str | None = None,
               undated: bool = False, exact: bool = False, order: str = "relevance",
               facets: bool = False, limit: int = 20, offset: int = 0) -> SearchResults:
        """Articles matching ``query``, with a snippet each: adjacent words are a phrase,
        ``"…"`` a phrase as written, ``OR``, ``-word`` to exclude, commas between phrases;
        letters compared without diacritics or case unless ``exact``. With no words, every
        article the filters keep. ``order``: ``relevance`` or ``newest``. ``facets=True``
        adds the facet counts of every match (``results.facets``)."""
        if order not in store.ORDERS:
            raise ValueError(f"order must be one of {', '.join(store.ORDERS)}, not {order!r}")
        filters = _filters(date_from, date_to, entity, type, side, outlet, topic, place,
                           undated, limit, offset)
        with self._engine.connect() as conn:
            page = store.search(conn, query, filters, exact=exact, order=order)
            parsed = store.parse_query(conn, query)
            counted = aggregates.facets(conn, query, filters, exact=exact) if facets else None
        found = None if counted is None else {
            name: Facet(name, tuple(facet.values)) for name, facet in counted.items()}
        return SearchResults([SearchHit._of(r) for r in page], page.total, page.limit,
                             page.offset, read_as=parsed.describe(),
                             phrases=parsed.phrases(exact), facets=found)

    def events(self, *, date_from: str | date | None = None,
               date_to: str | date | None = None,
               entity: str | None = None, type: str | None = None, side: str | None = None,
               outlet: str | None = None, topic: str | None = None, place: str | None = None,
               undated: bool = False, limit: int = 50, offset: int = 0) -> Results[EventRow]:
        """Coded events, newest first (undated last), each with its article's title, outlet
        and address."""
        filters = _filters(date_from, date_to, entity, type, side, outlet, topic, place,
                           undated, limit, offset)
        with self._engine.connect() as conn:
            return _results(store.list_events(conn, filters), EventRow)

    def entities(self, name: str) -> Results[EntityRow]:
        """Entities named ``name`` (a name, alias, acronym or English spelling; diacritics
        and case do not matter): an actor of the people lexicon first, then the most
        mentioned; when none is named so exactly, up to ten whose name contains it."""
        with self._engine.connect() as conn:
            found = store.find_entities(conn, name)
        return Results([EntityRow._of(e) for e in found], len(found), len(found), 0, EntityRow)

    def entity(self, name_or_id: str, *, by: str = "any", limit: int = 20,
               offset: int = 0) -> EntityProfile | None:
        """The profile of an entity: names, roles over time, partners with counts, and pages
        (``limit``, ``offset``) of its events, figures and the articles naming it. ``by``:
        ``id`` (an entity id, "PER:vladimir-putin:RU"), ``name`` (the first of
        :meth:`entities`) or ``any`` (an id first, else a name). ``None`` when there is no
        such entity."""
        if by not in ("any", "id", "name"):
            raise ValueError(f"by must be any, id or name, not {by!r}")
        _check_page(limit, offset)
        with self._engine.connect() as conn:
            profile = store.entity_profile(conn, name_or_id, limit=limit, offset=offset) \
                if by != "name" else {}
            if not profile and by != "id":
                found = store.find_entities(conn, name_or_id)
                if found:
                    profile = store.entity_profile(conn, found[0]["id"], limit=limit,
                                                   offset=offset)
        return _profile(profile) if profile else None

    def figures(self, *, indicator: str | None = None, party: str | None = None,
                unit: str | None = None, limit: int = 200,
                offset: int = 0) -> Results[FigureRow]:
        """Figures in order of period: an ``indicator`` (trade, gdp, …), a ``party`` (any
        of its names: "Lào", "Laos"), a ``unit`` (one series: ``USD`` for money in US
        dollars, ``persons``, ``t``, ``%``, ``%change``, or a stored unit, "CNY")."""
        _check_page(limit, offset)
        with self._engine.connect() as conn:
            page = store.figure_series(conn, indicator, party, limit, offset=offset, unit=unit)
        return _results(page, FigureRow)

    def export(self, format: str = "jsonl", *, table: str = "events") -> Export:
        """A whole table (``articles``, ``events``, ``entities``, ``figures``, ``clusters``,
        ``documents``) in an export format: ``jsonl``, ``csv``, ``parquet``, or ``gdelt``
        (the events as GDELT 2.0 rows). Nothing is read until :meth:`Export.write`,
        :meth:`Export.rows` or :meth:`Export.to_pandas`."""
        if format not in exporter.FORMATS:
            raise ValueError(f"format must be one of {', '.join(exporter.FORMATS)}, "
                             f"not {format!r}")
        if table not in exporter.TABLES:
            raise ValueError(f"table must be one of {', '.join(exporter.TABLES)}, not {table!r}")
        return Export(self, format, "events" if exporter.FORMATS[format].events_only else table)


class Export:
    """A table of a knowledge base in an export format, read when it is written."""

    __slots__ = ("_kb", "format", "table")

    def __init__(self, kb: KnowledgeBase, format: str, table: str) -> None:
        self._kb, self.format, self.table = kb, format, table

    @property
    def binary(self) -> bool:
        """Whether the format is written as bytes (``parquet``)."""
        return exporter.FORMATS[self.format].binary

    def write(self, output: str | os.PathLike | IO[Any]) -> int:
        """Write every row to ``output`` (a file name, or an open stream: binary for a
        binary format); returns the number of rows written."""
        if isinstance(output, str | os.PathLike):
            mode = {"mode": "wb"} if self.binary else {"mode": "w", "encoding": "utf-8",
                                                       "newline": ""}
            with builtins.open(output, **mode) as stream:
                return self.write(stream)
        if self.binary and isinstance(output, io.TextIOBase):
            raise ValueError(f"{self.format} is binary: give a file name or a binary stream")
        with self._kb._engine.connect() as conn:
            return exporter.write(conn, self.format, self.table, output)

    def rows(self) -> Iterator[dict[str, Any]]:
        """The rows as dicts: the table's columns, or the GDELT columns for ``gdelt``."""
        with self._kb._engine.connect() as conn:
            if exporter.FORMATS[self.format].events_only:
                events = list(store.list_events(conn, store.Filters(limit=MAX_LIMIT)))
                yield from exporter.gdelt_rows(events)
            else:
                yield from exporter.rows(conn, self.table)

    def columns(self) -> list[str]:
        """The columns of the rows, in order."""
        if exporter.FORMATS[self.format].events_only:
            return list(exporter.GDELT_COLUMNS)
        return store.public_columns(self.table)

    def to_pandas(self) -> pandas.DataFrame:
        """Every row as a DataFrame (lists stay JSON text, as in the table)."""
        pd = _pandas()
        return pd.DataFrame(list(self.rows()), columns=self.columns())

    def __repr__(self) -> str:
        return f"<Export {self.table} as {self.format}>"


# --- helpers ---------------------------------------------------------------------------------


def of_app(state: Any) -> KnowledgeBase:
    """The knowledge base of a web app's state (``app.state``): its ``kb``, or one made over
    its ``engine`` the first time (an app built around an engine alone)."""
    if getattr(state, "kb", None) is None:
        state.kb = KnowledgeBase._over(state.engine)
    return state.kb


def _as_list(sources: Iterable[Source] | Source) -> list[Any]:
    if isinstance(sources, str | bytes | bytearray | Page | os.PathLike) \
            or hasattr(sources, "read"):
        return [sources]
    return list(sources)


def _check_page(limit: int, offset: int) -> None:
    if isinstance(limit, bool) or not isinstance(limit, int) or not 1 <= limit <= MAX_LIMIT:
        raise ValueError(f"limit must be an int from 1 to {MAX_LIMIT}, not {limit!r}")
    if isinstance(offset, bool) or not isinstance(offset, int) or not 0 <= offset <= MAX_OFFSET:
        raise ValueError(f"offset must be an int from 0 to {MAX_OFFSET}, not {offset!r}")


def _bound(value: DateBound, name: str) -> str | None:
    if value is None or value == "":
        return None
    if isinstance(value, date):
        return value.isoformat()[:10]
    try:
        return day_bound(value)
    except (ValueError, AttributeError) as err:
        raise ValueError(f"{name}: {err}") from None


def _filters(date_from: DateBound, date_to: DateBound, entity: str | None, type: str | None,
             side: str | None, outlet: str | None, topic: str | None, place: str | None,
             undated: bool, limit: int, offset: int) -> store.Filters:
    _check_page(limit, offset)
    return store.Filters(date_from=_bound(date_from, "date_from"),
                         date_to=_bound(date_to, "date_to"), entity=entity, event_type=type,
                         side=side, outlet=outlet, topic=topic, place=place,
                         undated=bool(undated), limit=limit, offset=offset)


def _results(page: store.Page, kind: type) -> Results:
    return Results([kind._of(r) for r in page], page.total, page.limit, page.offset, kind)


def _profile(profile: dict[str, Any]) -> EntityProfile:
    return EntityProfile(
        entity=EntityRow._of(profile["entity"]), aliases=list(profile["aliases"]),
        lexicon_roles=list(profile.get("lexicon_roles", [])),
        roles=[RoleRow._of(r) for r in profile["roles"]],
        co_participants=_results(profile["co_participants"], PartnerRow),
        events=_results(profile["events"], EventRow),
        figures=_results(profile["figures"], FigureRow),
        articles=_results(profile["articles"], ArticleRef), _row=profile)


def _report(stats: Any) -> IngestReport:
    return IngestReport(seen=stats.seen, stored=stats.stored, unchanged=stats.unchanged,
                        new_versions=stats.new_versions, duplicates=stats.duplicates,
                        failed=stats.failed, seconds=stats.seconds, errors=list(stats.errors))


def _ingest_dask(ingester: Any, items: list[Any], work_dir: str | os.PathLike | None,
                 scheduler: str | None, workers: int, reference: datetime | None,
                 max_bytes: int, progress: Progress | None) -> Any:
    from .distributed import ingest_dask

    if not all(isinstance(item, os.PathLike) for item in items):
        raise ValueError("engine='dask' reads files and WARCs (pathlib.Path), not URLs, "
                         "pages given as str or bytes, or streams")
    paths = [os.fsdecode(os.fspath(item)) for item in items]
    options = {"scheduler": scheduler, "workers": workers, "reference_time": reference,
               "max_bytes": max_bytes, "progress": progress}
    if work_dir is not None:
        return ingest_dask(ingester, paths, Path(work_dir), **options)
    with tempfile.TemporaryDirectory() as tmp:
        return ingest_dask(ingester, paths, Path(tmp), **options)
