"""The knowledge base on disk: every SQL statement of the project lives in this module.

SQLite (``sqlite:///path.db``, the default, nothing to install) and PostgreSQL
(``postgresql://…``) run the same SQLAlchemy Core code. The schema is plain tables with
text and numbers (lists as JSON text) so that it opens as-is in Datasette, DuckDB and
pandas; it is versioned in ``schema_migrations`` and upgraded on open.

Identifiers are derived from content, so ingesting the same bytes twice is harmless:
a document's id is the hash of its raw bytes; an entity's id is its knowledge-base key or
its folded name and country; an event's id hashes its coded fields.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import random
import re
import time
import zlib
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from typing import Any, TypeVar

from sqlalchemy import (
    Boolean,
    Column,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    create_engine,
    delete,
    event,
    false,
    func,
    insert,
    inspect,
    or_,
    select,
    text,
    union_all,
)
from sqlalchemy.dialects import postgresql as postgresql_dialect
from sqlalchemy.dialects import sqlite as sqlite_dialect
from sqlalchemy.engine import Connection, Engine, make_url
from sqlalchemy.exc import DBAPIError, SQLAlchemyError

from . import actors, codes, fulltext, titles
from .dates import iso_day
from .errors import Code, SukienError, printable
from .normalize import fold

metadata = MetaData()

migrations = Table(
    "schema_migrations", metadata,
    Column("version", Integer, primary_key=True),
    Column("applied_at", String(32), nullable=False),
)
documents = Table(
    "documents", metadata,
    Column("id", String(64), primary_key=True),  # sha1 of the raw bytes
    Column("source", Text, nullable=False),  # path, WARC record or URL as given
    Column("url", Text),
    Column("fetched_at", String(32)),
    Column("ingested_at", String(32), nullable=False),
    Column("raw", LargeBinary, nullable=False),  # zlib-compressed bytes
    Column("raw_size", Integer, nullable=False),
    Column("format", String(8)),
    Column("encoding", String(32)),
    Column("previous_id", String(64)),  # an earlier version of the same page
    Column("status", String(8), nullable=False),  # ok | error
    Column("error_code", String(8)),
    Column("error_detail", Text),
    Column("pipeline_version", String(16)),
)
Index("ix_documents_source", documents.c.source)
articles = Table(
    "articles", metadata,
    Column("id", String(64), ForeignKey("documents.id"), primary_key=True),
    Column("title", Text), Column("published", String(64)), Column("published_hint", Text),
    Column("published_resolved", String(64)), Column("day", String(10)),
    Column("authors", Text), Column("outlet", Text), Column("section", Text),
    Column("lede", Text), Column("body", Text, nullable=False), Column("captions", Text),
    Column("language", String(8)), Column("warnings", Text),
    Column("minhash", LargeBinary), Column("duplicate_of", String(64)),
    Column("search_text", Text),  # folded title + body + names, for full-text search
    Column("topic", String(32)),  # world, business, society, sport, … (sukien.topic)
    Column("published_inferred", Boolean),  # published_resolved was not printed (migration 6)
    Column("meta", Text),  # a text dump's `# key = value` header lines, as JSON
)
sentences = Table(
    "sentences", metadata,
    Column("article_id", String(64), ForeignKey("articles.id"), primary_key=True),
    Column("idx", Integer, primary_key=True),
    Column("start", Integer), Column("end", Integer), Column("text", Text),
)
entities = Table(
    "entities", metadata,
    Column("id", String(200), primary_key=True),
    Column("type", String(8), nullable=False), Column("canonical", Text, nullable=False),
    Column("name_latin", Text), Column("country", String(8)), Column("kind", String(64)),
    Column("acronym", String(64)), Column("hanzi", Text), Column("folded", Text),
)
Index("ix_entities_folded", entities.c.folded)
aliases = Table(
    "entity_aliases", metadata,
    Column("entity_id", String(200), ForeignKey("entities.id"), primary_key=True),
    Column("alias", Text, primary_key=True), Column("folded", Text),
)
roles = Table(
    "entity_roles", metadata,
    Column("entity_id", String(200), ForeignKey("entities.id"), primary_key=True),
    Column("article_id", String(64), ForeignKey("articles.id"), primary_key=True),
    Column("title", Text, primary_key=True), Column("title_en", Text), Column("day", String(10)),
)
mentions = Table(
    "mentions", metadata,
    Column("article_id", String(64), ForeignKey("articles.id"), primary_key=True),
    Column("field", String(16), primary_key=True), Column("start", Integer, primary_key=True),
    Column("end", Integer), Column("entity_id", String(200), ForeignKey("entities.id")),
    Column("text", Text), Column("sentence", Integer), Column("resolved", Integer),
)
Index("ix_mentions_entity", mentions.c.entity_id)
events = Table(
    "events", metadata,
    Column("id", String(64), primary_key=True),
    Column("article_id", String(64), ForeignKey("articles.id"), nullable=False),
    Column("type", String(16)), Column("cameo", String(4)), Column("mode", String(16)),
    Column("status", String(10)), Column("date", String(10)), Column("date_end", String(10)),
    Column("location", Text), Column("location_en", Text), Column("sides", Text),
    Column("people", Text), Column("trigger", Text), Column("evidence", Text),
    Column("start", Integer), Column("end", Integer), Column("summary_en", Text),
    Column("statements", Text), Column("cluster_id", String(64)),
    Column("date_inferred", Boolean),  # the date's year or day was not printed (migration 6)
    Column("field", String(16)),  # the text field start/end point into: body, lede
)
Index("ix_events_article", events.c.article_id)
Index("ix_events_cluster", events.c.cluster_id)
participants = Table(
    "event_participants", metadata,
    Column("event_id", String(64), ForeignKey("events.id"), primary_key=True),
    Column("entity_id", String(200), ForeignKey("entities.id"), primary_key=True),
    Column("position", Integer),
)
figures = Table(
    "figures", metadata,
    Column("id", String(64), primary_key=True),
    Column("article_id", String(64), ForeignKey("articles.id"), nullable=False),
    Column("indicator", String(32)), Column("value", Float), Column("unit", String(32)),
    Column("value_usd", Float), Column("usd_source", String(16)), Column("period", String(32)),
    Column("change_pct", Float), Column("qualifier", Text), Column("parties", Text),
    Column("text", Text), Column("evidence", Text), Column("start", Integer),
    Column("end", Integer),
    Column("period_inferred", Boolean),  # the period had no year of its own (migration 6)
    Column("change_abs", Float),  # a change written as an amount, beside its level (migration 6)
    Column("field", String(16)),  # the text field start/end point into: body, lede
)
Index("ix_figures_article", figures.c.article_id)
event_sides = Table(  # one row per side of an event (with its date and type): side filters
    "event_sides", metadata,
    Column("event_id", String(64), ForeignKey("events.id"), primary_key=True),
    Column("side", String(16), primary_key=True),
    Column("date", String(10)), Column("type", String(16)),
)
Index("ix_event_sides_side", event_sides.c.side, event_sides.c.date, event_sides.c.type,
      event_sides.c.event_id)
event_pairs = Table(  # two sides of one event (a < b): who met whom, counted in SQL
    "event_pairs", metadata,
    Column("event_id", String(64), ForeignKey("events.id"), primary_key=True),
    Column("a", String(16), primary_key=True), Column("b", String(16), primary_key=True),
)
Index("ix_event_pairs_ab", event_pairs.c.a, event_pairs.c.b, event_pairs.c.event_id)
Index("ix_event_pairs_ba", event_pairs.c.b, event_pairs.c.a)
person_pairs = Table(  # two participants of one event, both ways round (a ≠ b)
    "person_pairs", metadata,
    Column("event_id", String(64), ForeignKey("events.id"), primary_key=True),
    Column("a", String(200), primary_key=True), Column("b", String(200), primary_key=True),
)
Index("ix_person_pairs_ab", person_pairs.c.a, person_pairs.c.b, person_pairs.c.event_id)
article_facets = Table(  # what an article can be narrowed by (event types and sides, outlet,
    "article_facets", metadata,  # year, topic), with its day
    Column("article_id", String(64), ForeignKey("articles.id"), primary_key=True),
    Column("facet", String(8), primary_key=True), Column("value", String(200), primary_key=True),
    Column("day", String(10)),
)
Index("ix_article_facets", article_facets.c.facet, article_facets.c.value,
      article_facets.c.day, article_facets.c.article_id)
article_entities = Table(  # the entities an article names, with its day: "mentioned in" pages
    "article_entities", metadata,
    Column("article_id", String(64), ForeignKey("articles.id"), primary_key=True),
    Column("entity_id", String(200), ForeignKey("entities.id"), primary_key=True),
    Column("day", String(10)),
)
Index("ix_article_entities", article_entities.c.entity_id, article_entities.c.day,
      article_entities.c.article_id)
Index("ix_aliases_folded", aliases.c.folded)
Index("ix_events_date", events.c.date, events.c.type)
Index("ix_events_place", events.c.location, events.c.location_en)
Index("ix_participants_entity", participants.c.entity_id, participants.c.event_id)
Index("ix_figures_series", figures.c.indicator, figures.c.unit, figures.c.period,
      figures.c.parties, figures.c.value, figures.c.value_usd)
clusters = Table(
    "clusters", metadata,
    Column("id", String(64), primary_key=True),
    Column("type", String(16)), Column("date", String(10)), Column("sides", Text),
    Column("location", Text),
)
Index("ix_clusters_date", clusters.c.date, clusters.c.id)
errors = Table(
    "ingest_errors", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("source", Text, nullable=False), Column("code", String(8)), Column("detail", Text),
    Column("at", String(32)),
)

DERIVED = (participants, event_sides, event_pairs, person_pairs, events, figures, mentions,
           roles, sentences)
READ_INDEXES = (event_sides, event_pairs, person_pairs, article_facets,  # derived for reads
                article_entities)


def _now() -> str:
    return datetime.now().replace(microsecond=0).isoformat()


def connect_url(url: str) -> str:
    """``postgresql://`` means psycopg 3; a bare path means SQLite."""
    if url.startswith("postgresql://") or url.startswith("postgres://"):
        return "postgresql+psycopg://" + url.split("://", 1)[1]
    if "://" not in url:
        return f"sqlite:///{url}"
    return url


def open_engine(url: str) -> Engine:
    try:
        kwargs: dict[str, Any] = {}
        if make_url(connect_url(url)).get_backend_name() == "sqlite":
            kwargs["connect_args"] = {"timeout": SQLITE_BUSY_SECONDS}
        engine = create_engine(connect_url(url), future=True, **kwargs)
        if engine.dialect.name == "sqlite":
            event.listen(engine, "connect", _sqlite_pragmas)
            event.listen(engine, "begin", _sqlite_begin)
        migrate(engine)
    except (SQLAlchemyError, ImportError, ValueError) as err:
        raise SukienError(Code.DATABASE, url, str(err).splitlines()[0]) from err
    return engine


# --- concurrent writers ----------------------------------------------------------------------
#
# Several ingesters, Dask loads and API servers may write to one database at once. SQLite has
# one writer at a time: a write transaction starts with BEGIN IMMEDIATE (so it never has to
# upgrade a read lock, which fails at once instead of waiting) and waits up to
# SQLITE_BUSY_SECONDS for the lock. PostgreSQL writers run side by side: rows shared between
# articles (entities, aliases, clusters) and documents are inserted ON CONFLICT DO NOTHING in
# sorted key order, so two transactions never wait on each other in a cycle; a deadlock or
# serialization failure all the same (and SQLite's "database is locked") retries the whole
# transaction. Migrations run under an advisory lock (SQLite: under the write lock).

SQLITE_BUSY_SECONDS = 60.0
WRITE_ATTEMPTS = 8
_RETRY_SQLSTATES = frozenset({"40001", "40P01", "55P03"})  # serialization, deadlock, lock
_MIGRATION_LOCK = 0x73756B69656E  # pg_advisory_xact_lock key: "sukien"


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    dbapi_connection.isolation_level = None  # transactions are begun in _sqlite_begin
    cursor = dbapi_connection.cursor()
    cursor.execute(f"PRAGMA busy_timeout={int(SQLITE_BUSY_SECONDS * 1000)}")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=OFF")
    cursor.close()


def _sqlite_begin(conn: Connection) -> None:
    writing = conn.get_execution_options().get("sukien_write")
    conn.exec_driver_sql("BEGIN IMMEDIATE" if writing else "BEGIN")


@contextmanager
def write_transaction(engine: Engine) -> Iterator[Connection]:
    """One write transaction (SQLite: holding the database's write lock from its start)."""
    with engine.connect() as conn:
        conn.execution_options(sukien_write=True)
        with conn.begin():
            yield conn


def retryable(error: BaseException) -> bool:
    """A failure that the same transaction, run again, may not meet."""
    if not isinstance(error, DBAPIError):
        return False
    if error.connection_invalidated:
        return True
    if getattr(error.orig, "sqlstate", None) in _RETRY_SQLSTATES:
        return True
    message = str(error.orig).lower()
    return "database is locked" in message or "database table is locked" in message


T = TypeVar("T")


def write(engine: Engine, work: Callable[[Connection], T], attempts: int = WRITE_ATTEMPTS) -> T:
    """Run ``work`` in a write transaction, again after a deadlock, a serialization failure or
    a busy database (with growing, jittered pauses); other errors are raised."""
    for attempt in range(1, attempts + 1):
        try:
            with write_transaction(engine) as conn:
                return work(conn)
        except DBAPIError as err:
            if attempt == attempts or not retryable(err):
                raise
            time.sleep(min(5.0, 0.05 * 2**attempt) * (0.5 + random.random()))
    raise AssertionError("unreachable")


def migrate(engine: Engine) -> None:
    """Create or upgrade the schema; the applied versions are kept in schema_migrations.
    Two processes opening a new database at once: one migrates, the other waits for it."""
    write(engine, _migrate)


def _migrate(conn: Connection) -> None:
    if conn.dialect.name == "postgresql":
        conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _MIGRATION_LOCK})
    metadata.create_all(conn, checkfirst=True)
    applied = set(conn.scalars(select(migrations.c.version)))
    for version, step in enumerate(MIGRATIONS, start=1):
        if version not in applied:
            step(conn)
            conn.execute(insert(migrations).values(version=version, applied_at=_now()))


def _create_search_index(conn: Connection) -> None:
    if conn.dialect.name == "sqlite":
        conn.execute(text(
            "CREATE VIRTUAL TABLE IF NOT EXISTS search_fts USING fts5("
            "article_id UNINDEXED, content, tokenize='unicode61 remove_diacritics 2')"))
    else:
        conn.execute(text(
            "ALTER TABLE articles ADD COLUMN IF NOT EXISTS search_tsv tsvector GENERATED ALWAYS "
            "AS (to_tsvector('simple', coalesce(search_text, ''))) STORED"))
        conn.execute(text(
            "CREATE INDEX IF NOT EXISTS ix_articles_search ON articles USING GIN (search_tsv)"))


def _order_newest_first(conn: Connection) -> None:
    """Migration 2: searches list the newest articles first without sorting every match.
    PostgreSQL walks an index in that order; SQLite's full-text rows get a rowid that sorts
    that way (see :func:`_search_rowid`), which also makes replacing an article's row a
    rowid lookup instead of a scan of the whole index."""
    conn.execute(text("DROP INDEX IF EXISTS ix_articles_day"))
    if conn.dialect.name != "sqlite":
        conn.execute(text("CREATE INDEX IF NOT EXISTS ix_articles_recent "
                          "ON articles (day DESC NULLS LAST, id)"))
        return
    conn.execute(text("CREATE INDEX IF NOT EXISTS ix_articles_recent ON articles (day DESC, id)"))
    conn.execute(text("DELETE FROM search_fts"))
    rows = conn.execute(select(articles.c.id, articles.c.day, articles.c.search_text)).all()
    taken: set[int] = set()
    params = []
    for article_id, day, content in rows:
        rowid = _first_free(article_id, _search_rowid(article_id, day), taken)
        taken.add(rowid)
        params.append({"r": rowid, "id": article_id, "c": content or ""})
    _insert_search_rows(conn, params)


_KEY_BITS = 43
_KEY_MASK = (1 << _KEY_BITS) - 1


def _search_rowid(article_id: str, day: str | None) -> int:
    """The full-text rowid of an article: its day in the high bits, then its id reversed, so
    FTS5's rowid order is newest first, ties by id. Ids are SHA-1 hex; others are hashed.
    Two articles of one day whose ids share their first 43 bits take the next free rowid
    below (:func:`_first_free`)."""
    ordinal = _day_ordinal(day) or 0
    if re.fullmatch(r"[0-9a-f]{11}", article_id[:11]):
        prefix = int(article_id[:11], 16) >> 1
    else:
        digest = hashlib.blake2b(article_id.encode(), digest_size=8).digest()
        prefix = int.from_bytes(digest, "big") & _KEY_MASK
    return (ordinal << _KEY_BITS) | (_KEY_MASK - prefix)


_PROBES = 64


def _first_free(article_id: str, home: int, taken: set[int]) -> int:
    for rowid in range(home, home - _PROBES - 1, -1):
        if rowid not in taken:
            return rowid
    raise SukienError(Code.DATABASE, article_id, "no free full-text rowid near its key")


def _insert_search_rows(conn: Connection, params: list[dict[str, Any]]) -> None:
    if params:
        conn.execute(text("INSERT INTO search_fts (rowid, article_id, content) "
                          "VALUES (:r, :id, :c)"), params)


def _taken_near(conn: Connection, home: int) -> set[int]:
    return set(conn.scalars(text("SELECT rowid FROM search_keys WHERE rowid BETWEEN :lo AND :hi"),
                            {"lo": home - _PROBES, "hi": home}))


def _day_ordinal(day: str | None) -> int | None:
    found = iso_day(day)
    return min(found.toordinal(), (1 << 20) - 1) if found else None


def _add_topic(conn: Connection) -> None:
    """Migration 3: each article's topic, a filter and a facet."""
    columns = {c["name"] for c in inspect(conn).get_columns("articles")}
    if "topic" not in columns:
        conn.execute(text("ALTER TABLE articles ADD COLUMN topic VARCHAR(32)"))
    conn.execute(text("CREATE INDEX IF NOT EXISTS ix_articles_topic ON articles (topic)"))


def _index_ingest_time(conn: Connection) -> None:
    """Migration 4: an index on documents.ingested_at, so that an API server picks up the
    near-duplicate signatures other writers stored since it last looked, not all of them."""
    conn.execute(text("CREATE INDEX IF NOT EXISTS ix_documents_ingested "
                      "ON documents (ingested_at)"))


def _search_phrases_and_sides(conn: Connection) -> None:
    """Migration 5: the full-text index in its second form (fulltext.py: title and text
    apart, folded and exact words, phrase pairs on PostgreSQL), one row per event side,
    and indexes that the filters need (aliases by folded name, events by date)."""
    engine = fulltext.engine_for(conn)
    engine.create(conn)
    conn.execute(text("CREATE INDEX IF NOT EXISTS ix_aliases_folded ON entity_aliases (folded)"))
    conn.execute(text("DROP INDEX IF EXISTS ix_events_date"))
    conn.execute(text("CREATE INDEX ix_events_date ON events (date, type)"))
    conn.execute(text("CREATE INDEX IF NOT EXISTS ix_clusters_date ON clusters (date, id)"))
    conn.execute(text("CREATE INDEX IF NOT EXISTS ix_participants_entity "
                      "ON event_participants (entity_id, event_id)"))
    conn.execute(text("CREATE INDEX IF NOT EXISTS ix_events_place "
                      "ON events (location, location_en)"))
    conn.execute(text("CREATE INDEX IF NOT EXISTS ix_figures_series "
                      "ON figures (indicator, unit, period, parties, value, value_usd)"))
    if conn.dialect.name != "sqlite":  # PostgreSQL sorts NULL first in descending order
        conn.execute(text("CREATE INDEX IF NOT EXISTS ix_events_recent "
                          "ON events (date DESC NULLS LAST, id)"))
    names: dict[str, set[str]] = {}
    for row in conn.execute(
            select(mentions.c.article_id, entities.c.canonical, entities.c.name_latin,
                   entities.c.acronym).distinct()
            .join(entities, entities.c.id == mentions.c.entity_id)).mappings():
        names.setdefault(row["article_id"], set()).update(_entity_names(row))
    people: dict[str, list[dict[str, Any]]] = {}
    for row in conn.execute(select(participants).order_by(participants.c.position)).mappings():
        people.setdefault(row["event_id"], []).append(dict(row))
    taken: set[int] = set()
    for table in READ_INDEXES:  # derived from the rows above: rebuilt from scratch
        table.drop(conn, checkfirst=True)
        table.create(conn)
    article_cols = [articles.c.id, articles.c.day, articles.c.title, articles.c.lede,
                    articles.c.body, articles.c.outlet]
    if "topic" in articles.c:
        article_cols.append(articles.c.topic)
    event_rows: dict[str, list[dict[str, Any]]] = {}
    named: dict[str, set[str]] = {}
    for article_id, entity_id in conn.execute(
            select(mentions.c.article_id, mentions.c.entity_id).distinct()):
        named.setdefault(article_id, set()).add(entity_id)
    for row in conn.execute(select(events.c.id, events.c.article_id, events.c.type,
                                   events.c.date, events.c.sides)).mappings():
        event_rows.setdefault(row["article_id"], []).append(dict(row))
    rows = conn.execute(select(*article_cols)).mappings().all()
    for start in range(0, len(rows), 500):
        docs, derived = [], {t.name: [] for t in READ_INDEXES}
        for r in rows[start:start + 500]:
            article = dict(r)
            evs = event_rows.get(r["id"], [])
            parts = [p for e in evs for p in people.get(e["id"], [])]
            docs.append(_index_doc(r["id"], article, sorted(names.get(r["id"], []))))
            for name, items in _read_rows(r["id"], article, evs, parts,
                                          named.get(r["id"], ())).items():
                derived[name] += items
        rowids = []
        for doc in docs:
            rowids.append(_first_free(doc.article_id, _search_rowid(doc.article_id, doc.day),
                                      taken))
            taken.add(rowids[-1])
        engine.write(conn, docs, rowids)
        for table in READ_INDEXES:
            if derived[table.name]:
                conn.execute(insert(table), derived[table.name])
    engine.finish(conn)


def _entity_names(entity: Any) -> list[str]:
    """The names an article is also found by for each entity in it: its knowledge-base name,
    its English spelling and its acronym ("Guangdong", "Zhang Guozhi", "ASEAN")."""
    return [n for n in (entity["canonical"], entity["name_latin"], entity["acronym"]) if n]


def _count(conn: Connection, stmt: Any) -> int:
    """How many rows a SELECT gives."""
    return conn.scalar(select(func.count()).select_from(stmt.subquery())) or 0


def _index_doc(article_id: str, article: dict[str, Any], names: list[str]) -> fulltext.IndexDoc:
    rest = " ".join([article.get("lede") or "", article.get("body") or "", *names])
    return fulltext.IndexDoc(article_id, article.get("day"), article.get("title") or "", rest)


_ADDED_IN_6 = (("articles", "published_inferred", "BOOLEAN"), ("articles", "meta", "TEXT"),
               ("events", "date_inferred", "BOOLEAN"), ("events", "field", "VARCHAR(16)"),
               ("figures", "period_inferred", "BOOLEAN"), ("figures", "field", "VARCHAR(16)"),
               ("figures", "change_abs", "FLOAT"))


def _inferred_dates(conn: Connection) -> None:
    """Migration 6: whether a date was printed or inferred (articles, events, figures), the
    field an event's or figure's offsets point into, a figure's change written as an amount,
    and a text dump's header lines. Rows
    stored before keep NULL until `sukien reprocess`."""
    present: dict[str, set[str]] = {}
    for table, column, kind in _ADDED_IN_6:
        if table not in present:
            present[table] = {c["name"] for c in inspect(conn).get_columns(table)}
        if column not in present[table]:
            conn.execute(text(f'ALTER TABLE {table} ADD COLUMN "{column}" {kind}'))


MIGRATIONS = (_create_search_index, _order_newest_first, _add_topic, _index_ingest_time,
              _search_phrases_and_sides, _inferred_dates)
SCHEMA_VERSION = len(MIGRATIONS)


# --- writing ---------------------------------------------------------------------------------


def compress(raw: bytes) -> bytes:
    return zlib.compress(raw, 6)


def decompress(data: bytes) -> bytes:
    return zlib.decompress(data)


def stored_documents(conn: Connection, ids: Sequence[str]) -> dict[str, tuple[str, str | None]]:
    """Of ``ids``, those stored: id → (status, error_detail)."""
    if not ids:
        return {}
    rows = conn.execute(select(documents.c.id, documents.c.status, documents.c.error_detail)
                        .where(documents.c.id.in_(list(ids))))
    return {r.id: (r.status, r.error_detail) for r in rows}


def latest_version(conn: Connection, source: str) -> str | None:
    row = conn.execute(
        select(documents.c.id).where(documents.c.source == printable(source))
        .order_by(documents.c.ingested_at.desc(), documents.c.id).limit(1)).first()
    return row[0] if row else None


def _insert_ignore(conn: Connection, table: Table):
    """INSERT … ON CONFLICT DO NOTHING, in the connection's dialect."""
    dialect = sqlite_dialect if conn.dialect.name == "sqlite" else postgresql_dialect
    return dialect.insert(table).on_conflict_do_nothing()


def add_document(conn: Connection, row: dict[str, Any]) -> bool:
    """Store a document unless a document with its id is there; True when this call stored
    it (another writer may have stored the same bytes a moment before)."""
    row = {**row, "source": printable(row["source"]),
           "error_detail": printable(row["error_detail"]) if row.get("error_detail") else None}
    stmt = _insert_ignore(conn, documents).values(**row).returning(documents.c.id)
    return conn.execute(stmt).first() is not None


def add_error(conn: Connection, source: str, code: str, detail: str) -> None:
    conn.execute(insert(errors).values(source=printable(source), code=code,
                                       detail=printable(detail or ""), at=_now()))


def add_shared(conn: Connection, rows: dict[str, list[dict[str, Any]]]) -> None:
    """Insert the entities, aliases and clusters not stored yet, each table in key order:
    writers that lock rows in one order never deadlock on them."""
    for name, table in (("entities", entities), ("aliases", aliases), ("clusters", clusters)):
        key = [c.name for c in table.primary_key.columns]
        fresh = sorted(_unique(rows.get(name, []), key), key=lambda r: tuple(r[k] for k in key))
        if fresh:
            conn.execute(_insert_ignore(conn, table), fresh)


def replace_article(conn: Connection, article_id: str, rows: dict[str, list[dict[str, Any]]],
                    article: dict[str, Any]) -> None:
    """Write an article and everything derived from it, replacing what was there. The
    shared rows of ``rows`` (entities, aliases, clusters) must be stored first, by
    :func:`add_shared` for the whole batch; here they only give the names the article is
    also found by."""
    old = conn.execute(select(articles.c.day).where(articles.c.id == article_id)).first()
    if old is not None:
        _delete_article(conn, article_id, old.day)
    conn.execute(insert(articles).values(**article))
    for table_name, table in (("sentences", sentences), ("mentions", mentions),
                              ("roles", roles), ("events", events), ("figures", figures),
                              ("participants", participants)):
        batch = _unique(rows.get(table_name, []), [c.name for c in table.primary_key.columns])
        if batch:
            conn.execute(insert(table), batch)
    _index_for_search(conn, article_id, article, rows)


def _delete_article(conn: Connection, article_id: str, day: str | None) -> None:
    for table in DERIVED:
        if table in (participants, event_sides, event_pairs, person_pairs):
            old = select(events.c.id).where(events.c.article_id == article_id)
            conn.execute(delete(table).where(table.c.event_id.in_(old)))
        else:
            conn.execute(delete(table).where(table.c.article_id == article_id))
    for table in (article_facets, article_entities):
        conn.execute(delete(table).where(table.c.article_id == article_id))
    conn.execute(delete(articles).where(articles.c.id == article_id))
    if conn.dialect.name == "sqlite":
        home = _search_rowid(article_id, day)
        for name in ("search_fts", "search_keys"):
            conn.execute(text(f"DELETE FROM {name} WHERE rowid BETWEEN :lo AND :hi "
                              "AND article_id = :id"),
                         {"lo": home - _PROBES, "hi": home, "id": article_id})
    else:
        fulltext.engine_for(conn).remove(conn, article_id, day)


def _unique(rows: list[dict[str, Any]], key: list[str]) -> list[dict[str, Any]]:
    seen: dict[tuple, dict[str, Any]] = {}
    for row in rows:
        seen.setdefault(tuple(row[k] for k in key), row)
    return list(seen.values())


def _index_for_search(conn: Connection, article_id: str, article: dict[str, Any],
                      rows: dict[str, list[dict[str, Any]]]) -> None:
    """The article's full-text row and its rows in the tables derived for reads."""
    names = [n for e in rows.get("entities", []) for n in _entity_names(e)]
    doc = _index_doc(article_id, article, sorted(set(names)))
    rowids = None
    if conn.dialect.name == "sqlite":
        home = _search_rowid(article_id, doc.day)
        rowids = [_first_free(article_id, home, _taken_near(conn, home))]
    fulltext.engine_for(conn).write(conn, [doc], rowids)
    derived = _read_rows(article_id, article, rows.get("events", []),
                         rows.get("participants", []),
                         {m["entity_id"] for m in rows.get("mentions", [])})
    for table in READ_INDEXES:
        if derived[table.name]:
            conn.execute(insert(table), derived[table.name])


def _read_rows(article_id: str, article: dict[str, Any], event_rows: list[dict[str, Any]],
               people: list[dict[str, Any]], named: Iterable[str] = ()
               ) -> dict[str, list[dict[str, Any]]]:
    """Rows of the tables derived for reads: each event's sides and pairs of sides, pairs of
    its participants, and the facets of the article (event types, sides, outlet, year,
    topic, and the entities it ``named``)."""
    sides: dict[tuple, dict[str, Any]] = {}
    pairs: dict[tuple, dict[str, Any]] = {}
    facets: dict[tuple, dict[str, Any]] = {}

    day = article.get("day")

    def facet(name: str, value: Any) -> None:
        if value:
            value = str(value)[:200]
            facets[(name, value)] = {"article_id": article_id, "facet": name, "value": value,
                                     "day": day}

    for e in event_rows:
        codes_ = sorted({s for s in json.loads(e.get("sides") or "[]") if s})
        facet("type", e.get("type"))
        for side in codes_:
            sides[(e["id"], side)] = {"event_id": e["id"], "side": side,
                                      "date": e.get("date"), "type": e.get("type")}
            facet("side", side)
        for i, a in enumerate(codes_):
            for b in codes_[i + 1:]:
                pairs[(e["id"], a, b)] = {"event_id": e["id"], "a": a, "b": b}
    facet("outlet", article.get("outlet"))
    facet("year", (article.get("day") or "")[:4])
    facet("topic", article.get("topic"))
    by_event: dict[str, list[str]] = {}
    for p in people:
        by_event.setdefault(p["event_id"], []).append(p["entity_id"])
    met = {(event_id, a, b): {"event_id": event_id, "a": a, "b": b}
           for event_id, ids in by_event.items() for a in ids for b in ids if a != b}
    return {"event_sides": list(sides.values()), "event_pairs": list(pairs.values()),
            "person_pairs": list(met.values()), "article_facets": list(facets.values()),
            "article_entities": [{"article_id": article_id, "entity_id": e, "day": day}
                                 for e in sorted(set(named))]}


def refresh_statistics(engine: Engine) -> None:
    """Let the query planner see the new rows. After a bulk load PostgreSQL's statistics lag
    until autovacuum runs, and new rows wait in the GIN index's pending list, which the
    planner prices so high that it scans the whole table for a rare word. Only an
    optimisation: a failure (another writer holds a lock) is ignored."""
    def refresh(conn: Connection) -> None:
        if conn.dialect.name == "sqlite":
            conn.execute(text("PRAGMA optimize"))
        else:
            for index in ("ix_search_tsv", "ix_search_tsv_x"):
                conn.execute(text(f"SELECT gin_clean_pending_list('{index}'::regclass)"))
            conn.execute(text("ANALYZE articles, search_tsv, mentions, events, event_sides, "
                              "event_pairs, person_pairs, article_facets"))

    with contextlib.suppress(SQLAlchemyError):
        write(engine, refresh, attempts=2)


def signatures(conn: Connection, since: str | None = None) -> Iterator[tuple[str, bytes]]:
    """(article id, MinHash signature) of the stored articles; with ``since``, of those whose
    document was stored at or after that ISO time."""
    stmt = select(articles.c.id, articles.c.minhash).where(articles.c.minhash.is_not(None))
    if since is not None:
        stmt = stmt.join(documents, documents.c.id == articles.c.id).where(
            documents.c.ingested_at >= since)
    yield from conn.execute(stmt)


def document_refs(conn: Connection) -> list[tuple[str, str, str | None, str | None]]:
    """(id, source, url, fetched_at) of every stored document, oldest first; no raw bytes."""
    stmt = select(documents.c.id, documents.c.source, documents.c.url, documents.c.fetched_at)
    return [tuple(r) for r in conn.execute(stmt.order_by(documents.c.ingested_at))]


def duplicate_links(conn: Connection, ids: Sequence[str]) -> dict[str, str | None]:
    """Of the stored articles among ``ids``: id → the article it is a near-duplicate of."""
    rows = conn.execute(select(articles.c.id, articles.c.duplicate_of)
                        .where(articles.c.id.in_(list(ids))))
    return {row.id: row.duplicate_of for row in rows}


def raw_of(conn: Connection, document_id: str) -> bytes | None:
    data = conn.scalar(select(documents.c.raw).where(documents.c.id == document_id))
    return decompress(data) if data is not None else None


# --- reading ---------------------------------------------------------------------------------


DAY_PATTERN = r"\d{4}(-\d{2}(-\d{2})?)?"  # what --from/--to accept: a year, month or day
ORDERS = ("relevance", "newest")


@dataclass(slots=True, frozen=True)
class Filters:
    """What every list and aggregate can be narrowed by. ``side`` takes codes or names in
    Vietnamese or English, several separated by commas (all must take part); ``place`` is an
    event's place as stored (Vietnamese or English); ``undated`` keeps undated events only.
    Events must meet every condition themselves; articles are kept when they report events
    of the type and with the sides asked for (the article's facets)."""

    date_from: str | None = None
    date_to: str | None = None
    entity: str | None = None
    event_type: str | None = None
    side: str | None = None
    outlet: str | None = None
    limit: int = 20
    offset: int = 0
    topic: str | None = None
    place: str | None = None
    undated: bool = False


class Page(list):
    """One page of rows (it is the list of them) and how many rows there are in all."""

    __slots__ = ("limit", "offset", "total")

    def __init__(self, rows: Iterable[Any], total: int, limit: int, offset: int) -> None:
        super().__init__(rows)
        self.total, self.limit, self.offset = total, limit, offset

    @property
    def next_offset(self) -> int | None:
        return self.offset + len(self) if self.offset + len(self) < self.total else None

    def as_dict(self) -> dict[str, Any]:
        return {"items": list(self), "total": self.total, "limit": self.limit,
                "offset": self.offset, "next_offset": self.next_offset}


def query_terms(query: str | None) -> list[str]:
    """The words a search matches, folded ("Quảng Đông" → quang, dong)."""
    return fulltext.words(query)


def parse_query(conn: Connection, query: str | None) -> fulltext.Query:
    """The query as the engines run it: phrases cut at the names the knowledge base knows."""
    return fulltext.segment(fulltext.parse(query), lambda keys: _known_names(conn, keys))


def _known_names(conn: Connection, keys: list[str]) -> set[str]:
    if not keys:
        return set()
    found = set(conn.scalars(select(entities.c.folded).where(entities.c.folded.in_(keys))))
    found |= set(conn.scalars(select(aliases.c.folded).where(aliases.c.folded.in_(keys))))
    return found


@dataclass(slots=True)
class SearchPlan:
    """Where the matching articles come from and in which orders they can be listed; the
    search, its count and its facets are all built from one plan. The full-text table is
    joined to ``articles`` only when a filter needs the article (outlet, entity, …)."""

    source: Any  # the full-text table, or articles when there are no words to match
    key: Any  # the article id column of source
    where: list[Any]  # conditions on source alone
    article_where: list[Any]  # conditions on articles
    relevance: list[Any]
    newest: list[Any]
    query: fulltext.Query

    def ids(self) -> Any:
        """SELECT the ids of every matching article."""
        source = self.source
        if self.article_where and source is not articles:
            source = source.join(articles, articles.c.id == self.key)
        return (select(self.key.label("id")).select_from(source)
                .where(*self.where, *self.article_where))

    @property
    def everything(self) -> bool:
        return not self.where and not self.article_where


def search_plan(conn: Connection, query: str | None, filters: Filters,
                exact: bool = False) -> SearchPlan:
    parsed = parse_query(conn, query)
    engine = fulltext.engine_for(conn)
    article_where = _article_conditions(filters)
    positive = parsed.positive(exact)
    if positive:
        where = [engine.condition(positive, exact),
                 *engine.day_bounds(_day_ordinal(filters.date_from),
                                    _day_ordinal(filters.date_to))]
        plan = SearchPlan(engine.source, engine.key, where, article_where,
                          [engine.relevance(positive, exact), *engine.newest()],
                          engine.newest(), parsed)
    elif facets := _facet_filters(filters):
        # no words: walk the first facet's index, ordered by day, and probe the others
        first = article_facets.alias("first_facet")
        where = [first.c.facet == facets[0][0], first.c.value == facets[0][1]]
        if filters.date_from:
            where.append(first.c.day >= filters.date_from)
        if filters.date_to:
            where.append(first.c.day <= filters.date_to + "~")
        rest = _article_conditions(filters, facets=False, days=False)
        where += [first.c.article_id.in_(_facet_ids(f, v)) for f, v in facets[1:]]
        browse = [*newest_first(conn, first.c.day), first.c.article_id]
        plan = SearchPlan(first, first.c.article_id, where, rest, browse, browse, parsed)
    else:
        browse = [*newest_first(conn, articles.c.day), articles.c.id]
        plan = SearchPlan(articles, articles.c.id, [], article_where, browse, browse, parsed)
    negative = parsed.negative(exact)
    if negative:  # an article goes if it has any of the excluded phrases
        excluded = (select(engine.key).select_from(engine.source)
                    .where(engine.condition([negative], exact)).correlate(None))
        plan.where.append(plan.key.not_in(excluded))
    if not positive and not negative and parsed.clauses:
        plan.where.append(false())  # words that are not words (punctuation only)
    return plan


def search(conn: Connection, query: str, filters: Filters = Filters(), *,
           exact: bool = False, order: str = "newest") -> Page:
    """Articles matching ``query`` (see :mod:`sukien.fulltext` for the language), newest
    first or by relevance, each with a snippet around the first phrase found instead of its
    body; the page knows the number of matches (``total``). The ids of the page are found
    first (the sort carries no article text), then their articles are read."""
    plan = search_plan(conn, query, filters, exact)
    ordered = (plan.ids().order_by(*(plan.relevance if order == "relevance" else plan.newest))
               .limit(filters.limit).offset(filters.offset))
    engine = fulltext.engine_for(conn)
    with engine.planning(conn):
        if (order == "relevance" and plan.source is engine.source
                and engine.one_pass(plan.query.positive(exact))):
            ids, total = _rank_in_one_pass(conn, plan, filters)
        else:
            if order == "relevance" or plan.source is not engine.source:
                ids = list(conn.scalars(ordered))
            total = _count(conn, plan.ids())
    if order != "relevance" and plan.source is engine.source:  # newest: walk the day index
        ids = list(conn.scalars(ordered))
    rows = {r["id"]: r for r in _rows_of(conn, select(
        articles.c.id, articles.c.title, articles.c.day, articles.c.outlet, articles.c.body,
        articles.c.duplicate_of), articles.c.id, ids)}
    phrases = plan.query.phrases(exact)
    items = [{**{k: v for k, v in rows[i].items() if k != "body"},
              "snippet": snippet(rows[i]["body"], phrases, exact=exact)}
             for i in ids if i in rows]
    return Page(items, total, filters.limit, filters.offset)


def _rank_in_one_pass(conn: Connection, plan: SearchPlan, filters: Filters
                      ) -> tuple[list[str], int]:
    """Every match with its rank in one statement, the page and the count taken from it:
    the phrase's positions are read once instead of once for the page and once for the
    count. Ties go newest first, then by id, as in SQL."""
    rank, *_ = plan.relevance
    day = fulltext.engine_for(conn).table.c.day
    rows = conn.execute(plan.ids().add_columns(rank.label("rank"), day.label("day"))).all()
    rows.sort(key=lambda r: r.id)
    rows.sort(key=lambda r: r.day or "", reverse=True)  # undated last
    rows.sort(key=lambda r: r.rank)
    return [r.id for r in rows[filters.offset:filters.offset + filters.limit]], len(rows)


def _article_conditions(filters: Filters, facets: bool = True, days: bool = True) -> list[Any]:
    out: list[Any] = []
    if days and filters.date_from:
        out.append(articles.c.day >= filters.date_from)
    if days and filters.date_to:
        out.append(articles.c.day <= filters.date_to + "~")
    if filters.outlet:
        out.append(func.lower(articles.c.outlet).contains(filters.outlet.lower()))
    if filters.topic and "topic" in articles.c:
        out.append(articles.c.topic == filters.topic)
    if filters.entity:
        out.append(articles.c.id.in_(select(mentions.c.article_id).where(
            mentions.c.entity_id.in_(_entity_ids(filters.entity)))))
    # event type and sides narrow articles the way the facets count them: an article that
    # reports a CONSULT event and an event with Trung Quốc among its sides
    if facets:
        out += [articles.c.id.in_(_facet_ids(f, v)) for f, v in _facet_filters(filters)]
    if filters.place:
        out.append(articles.c.id.in_(select(events.c.article_id).where(
            (events.c.location == filters.place) | (events.c.location_en == filters.place))))
    return out


def _facet_filters(filters: Filters) -> list[tuple[str, str]]:
    out = [("type", filters.event_type.upper())] if filters.event_type else []
    return out + [("side", code) for code in codes.side_codes(filters.side)]


def _facet_ids(facet: str, value: str) -> Any:
    return (select(article_facets.c.article_id)
            .where(article_facets.c.facet == facet, article_facets.c.value == value))


def _entity_ids(name: str):
    folded = fold(name).strip()
    return select(entities.c.id).where(
        (entities.c.folded == folded)
        | entities.c.id.in_(select(aliases.c.entity_id).where(aliases.c.folded == folded)))


def _event_conditions(filters: Filters, dates: bool = True, id_column: Any = None) -> list[Any]:
    out: list[Any] = []
    id_column = events.c.id if id_column is None else id_column
    if filters.event_type:
        out.append(events.c.type == filters.event_type.upper())
    for side in codes.side_codes(filters.side):
        out.append(id_column.in_(select(event_sides.c.event_id)
                                 .where(event_sides.c.side == side)))
    if filters.place:
        out.append((events.c.location == filters.place) | (events.c.location_en == filters.place))
    if dates and filters.date_from:
        out.append(events.c.date >= filters.date_from)
    if dates and filters.date_to:
        out.append(events.c.date <= filters.date_to + "~")
    if dates and filters.undated:
        out.append(events.c.date.is_(None))
    return out


@dataclass(slots=True)
class EventScope:
    """The events a filter keeps, as SQL: where to select them from, on what conditions, and
    their id and date columns. With a side filter the events are read through
    ``event_sides``, whose index is ordered by side and date, so "the newest events of Trung
    Quốc" walks an index instead of sorting every Chinese event."""

    source: Any
    where: list[Any]
    id: Any
    date: Any
    type: Any
    inferred: Any = None  # events.date_inferred when the schema has it (with events joined)

    @property
    def everything(self) -> bool:
        return not self.where

    def ids(self) -> Any:
        return select(self.id).select_from(self.source).where(*self.where)


def event_scope(filters: Filters) -> EventScope:
    sides = codes.side_codes(filters.side)
    needs_events = bool(filters.entity or filters.place or filters.undated
                        or filters.outlet or filters.topic or "date_inferred" in events.c)
    if sides:
        first = event_sides.alias("first_side")
        source = first
        if needs_events:
            source = source.join(events, events.c.id == first.c.event_id)
        scope = EventScope(source, [first.c.side == sides[0]], first.c.event_id, first.c.date,
                           first.c.type)
        rest = Filters(**{**_asdict(filters), "side": ",".join(sides[1:]) or None,
                          "event_type": None, "date_from": None, "date_to": None})
        scope.where += _event_conditions(rest, id_column=first.c.event_id)
    else:
        scope = EventScope(events, [], events.c.id, events.c.date, events.c.type)
        scope.where += _event_conditions(Filters(**{**_asdict(filters), "event_type": None,
                                                    "date_from": None, "date_to": None}))
    if "date_inferred" in events.c:
        scope.inferred = events.c.date_inferred
    if filters.event_type:
        scope.where.append(scope.type == filters.event_type.upper())
    if filters.date_from:
        scope.where.append(scope.date >= filters.date_from)
    if filters.date_to:
        scope.where.append(scope.date <= filters.date_to + "~")
    if filters.entity:
        scope.where.append(scope.id.in_(select(participants.c.event_id).where(
            participants.c.entity_id.in_(_entity_ids(filters.entity)))))
    if filters.outlet or (filters.topic and "topic" in articles.c):
        scope.source = scope.source.join(articles, articles.c.id == events.c.article_id)
    if filters.outlet:
        scope.where.append(func.lower(articles.c.outlet).contains(filters.outlet.lower()))
    if filters.topic and "topic" in articles.c:
        scope.where.append(articles.c.topic == filters.topic)
    return scope


def _asdict(filters: Filters) -> dict[str, Any]:
    return {f: getattr(filters, f) for f in Filters.__dataclass_fields__}


def newest_first(conn: Connection, *columns: Any) -> list[Any]:
    """ORDER BY columns newest first, empty last: SQLite sorts NULL last in descending order
    by itself (and only then walks the index), PostgreSQL has to be told."""
    if conn.dialect.name == "sqlite":
        return [c.desc() for c in columns]
    return [c.desc().nulls_last() for c in columns]


def snippet(body: str, phrases: Sequence[Sequence[str]], width: int = 160,
            exact: bool = False) -> str:
    """About ``width`` characters of ``body`` from just before the first phrase found."""
    folded = body.lower() if exact else fold(body)
    positions = []
    for phrase in phrases:
        found = re.search(r"(?<!\w)" + r"\W+".join(map(re.escape, phrase)) + r"(?!\w)", folded)
        if found:
            positions.append(found.start())
    start = max(0, min(positions) - width // 3) if positions else 0
    if start:
        start = body.rfind(" ", 0, start) + 1
    return body[start : start + width].replace("\n", " ").strip()


EVENT_JSON = ("sides", "people", "statements")


def list_events(conn: Connection, filters: Filters = Filters()) -> Page:
    """Coded events, newest first (undated last), with their article's title, outlet and
    address."""
    scope = event_scope(filters)
    page_ids = list(conn.scalars(
        scope.ids().order_by(*newest_first(conn, scope.date), scope.id)
        .limit(filters.limit).offset(filters.offset)))
    total = conn.scalar(select(func.count()).select_from(scope.source).where(*scope.where)) or 0
    return Page(_events_by_id(conn, page_ids), total, filters.limit, filters.offset)


def _rows_of(conn: Connection, stmt: Any, key: Any, ids: list[str],
             chunk: int = 500) -> Iterator[Any]:
    """The rows of ``stmt`` whose ``key`` is in ``ids``, a few hundred ids per statement
    (SQLite takes at most 32 766 parameters; an export asks for every row)."""
    for start in range(0, len(ids), chunk):
        yield from conn.execute(stmt.where(key.in_(ids[start:start + chunk]))).mappings()


def _events_by_id(conn: Connection, ids: list[str]) -> list[dict[str, Any]]:
    """Events with their article's title, outlet, day and address, in the order of ids."""
    rows = {r["id"]: _decode_json(dict(r), EVENT_JSON) for r in _rows_of(conn, select(
        events, articles.c.outlet, articles.c.title, articles.c.day, documents.c.url)
        .select_from(events.join(articles, articles.c.id == events.c.article_id)
                     .join(documents, documents.c.id == events.c.article_id)), events.c.id, ids)}
    return [rows[i] for i in ids if i in rows]


def find_entities(conn: Connection, name: str) -> list[dict[str, Any]]:
    """Entities named ``name``: a lexicon actor first, then the most mentioned."""
    named = mentions.c.entity_id.in_(_entity_ids(name))
    counts = dict(conn.execute(select(mentions.c.entity_id, func.count())
                               .where(named).group_by(mentions.c.entity_id)).all())
    rows = conn.execute(select(entities).where(entities.c.id.in_(_entity_ids(name)))).mappings()
    found = sorted((dict(r) for r in rows), key=lambda e: (
        actors.by_key(e["id"]) is None, -counts.get(e["id"], 0), e["id"]))
    if not found:
        like = f"%{fold(name).strip()}%"
        found = [dict(r) for r in conn.execute(
            select(entities).where(entities.c.folded.like(like)).limit(10)).mappings()]
    return found


def entity_profile(conn: Connection, entity_id: str, *, limit: int = 20, offset: int = 0,
                   partners: int = 30) -> dict[str, Any]:
    """Who an entity is: names, roles over time (one row per title, in order of first
    appearance), partners with counts, and pages of its events, figures and articles.
    An entity that is a country lists the events it was a side of, and the other sides of
    those events as its partners."""
    entity = conn.execute(select(entities).where(entities.c.id == entity_id)).mappings().first()
    if entity is None:
        return {}
    alias_rows = conn.scalars(select(aliases.c.alias).where(aliases.c.entity_id == entity_id))
    side = codes.side_code(entity["canonical"]) if entity["type"] == "LOC" else None
    if side and side == entity["country"]:
        event_page = list_events(conn, Filters(side=side, limit=limit, offset=offset))
        partner_page = _side_partners(conn, side, partners)
    else:
        event_ids = select(participants.c.event_id).where(participants.c.entity_id == entity_id)
        event_page = _events_in(conn, event_ids, limit, offset)
        partner_page = _partners(conn, entity_id, partners)
    actor = actors.by_key(entity_id)
    record = dict(entity)
    if actor:  # the people lexicon's name, English spelling, country and offices with years
        record.update(canonical=actor.name, name_latin=actor.name_en, country=actor.country)
    return {
        "entity": record, "aliases": sorted(set(alias_rows)),
        "lexicon_roles": [titles.role_text(r) for r in actor.roles] if actor else [],
        "roles": _roles(conn, entity_id), "co_participants": partner_page,
        "events": event_page,
        "figures": _entity_figures(conn, entity["canonical"], limit, offset),
        "articles": _articles_mentioning(conn, entity_id, limit, offset),
    }


def _side_partners(conn: Connection, side: str, limit: int) -> Page:
    """The other sides of a country's events, with the number of events shared."""
    p = event_pairs
    counted: Counter[str] = Counter()
    for other, n in conn.execute(union_all(
            select(p.c.b, func.count()).where(p.c.a == side).group_by(p.c.b),
            select(p.c.a, func.count()).where(p.c.b == side).group_by(p.c.a))):
        counted[other] += n
    rows = sorted(counted.items(), key=lambda kv: (-kv[1], kv[0]))[:limit]
    return Page([{"id": code, "side": code, "type": "LOC",
                  "canonical": codes.country_name(code, "vi"),
                  "name_latin": codes.country_name(code, "en"), "country": code,
                  "events": n} for code, n in rows], len(counted), limit, 0)


def _roles(conn: Connection, entity_id: str) -> list[dict[str, Any]]:
    rows = conn.execute(
        select(roles.c.title, func.max(roles.c.title_en).label("title_en"),
               func.min(roles.c.day).label("first"), func.max(roles.c.day).label("last"),
               func.count(roles.c.article_id.distinct()).label("articles"))
        .where(roles.c.entity_id == entity_id).group_by(roles.c.title)).mappings()
    merged: dict[str, dict[str, Any]] = {}
    for row in rows:  # "Thứ trưởng" and "thứ trưởng" are one role
        key = " ".join(fold(row["title"] or "").split())
        have = merged.setdefault(key, dict(row))
        if have is not row and have["title"] != row["title"]:
            have["first"] = min(filter(None, (have["first"], row["first"])), default=None)
            have["last"] = max(filter(None, (have["last"], row["last"])), default=None)
            have["articles"] += row["articles"]
            have["title_en"] = have["title_en"] or row["title_en"]
    return sorted(merged.values(), key=lambda r: (r["first"] or "9999", r["last"] or "",
                                                  r["title"] or ""))


def _partners(conn: Connection, entity_id: str, limit: int) -> Page:
    """The people an entity took part in events with, and how many events each."""
    p = person_pairs
    counted = dict(conn.execute(select(p.c.b, func.count()).where(p.c.a == entity_id)
                                .group_by(p.c.b)).all())
    top = sorted(counted, key=lambda k: (-counted[k], k))[:limit]
    info = {r["id"]: dict(r) for r in conn.execute(
        select(entities.c.id, entities.c.type, entities.c.canonical, entities.c.name_latin,
               entities.c.country).where(entities.c.id.in_(top))).mappings()}
    return Page([{**info[k], "events": counted[k]} for k in top if k in info], len(counted),
                limit, 0)


def _events_in(conn: Connection, event_ids, limit: int, offset: int) -> Page:
    where = [events.c.id.in_(event_ids)]
    total = conn.scalar(select(func.count()).select_from(event_ids.subquery())) or 0
    ids = list(conn.scalars(select(events.c.id).where(*where)
                            .order_by(*newest_first(conn, events.c.date), events.c.id)
                            .limit(limit).offset(offset)))
    return Page(_events_by_id(conn, ids), total, limit, offset)


def _entity_figures(conn: Connection, canonical: str, limit: int, offset: int) -> Page:
    where = [figures.c.parties.contains(json.dumps(canonical, ensure_ascii=False))]
    total = conn.scalar(select(func.count()).select_from(figures).where(*where)) or 0
    ids = list(conn.scalars(select(figures.c.id).where(*where)
                            .order_by(*newest_first(conn, figures.c.period), figures.c.id)
                            .limit(limit).offset(offset)))
    return Page(_figures_by_id(conn, ids), total, limit, offset)


def _figures_by_id(conn: Connection, ids: list[str]) -> list[dict[str, Any]]:
    rows = {r["id"]: _decode_json(dict(r), ("parties",)) for r in _rows_of(conn, select(
        figures, articles.c.day, articles.c.outlet, articles.c.title.label("article_title"))
        .join(articles, articles.c.id == figures.c.article_id), figures.c.id, ids)}
    return [rows[i] for i in ids if i in rows]


def _articles_mentioning(conn: Connection, entity_id: str, limit: int, offset: int) -> Page:
    f = article_entities
    where = [f.c.entity_id == entity_id]
    total = conn.scalar(select(func.count()).select_from(f).where(*where)) or 0
    ids = list(conn.scalars(select(f.c.article_id).where(*where)
                            .order_by(*newest_first(conn, f.c.day), f.c.article_id)
                            .limit(limit).offset(offset)))
    rows = {r["id"]: dict(r) for r in conn.execute(
        select(articles.c.id, articles.c.title, articles.c.day, articles.c.outlet)
        .where(articles.c.id.in_(ids))).mappings()}
    return Page([rows[i] for i in ids if i in rows], total, limit, offset)


def get_article(conn: Connection, article_id: str) -> dict[str, Any] | None:
    """An article with everything found in it: mentions (with entities), events, figures."""
    row = conn.execute(select(articles, documents.c.source, documents.c.url,
                              documents.c.fetched_at)
                       .join(documents, documents.c.id == articles.c.id)
                       .where(articles.c.id == article_id)).mappings().first()
    if row is None:
        return None
    article = _decode_json(dict(row), ("authors", "captions", "warnings", "meta"))
    article.pop("minhash", None)
    article.pop("search_text", None)
    article["mentions"] = [dict(r) for r in conn.execute(
        select(mentions, entities.c.type, entities.c.canonical, entities.c.name_latin,
               entities.c.country)
        .join(entities, entities.c.id == mentions.c.entity_id)
        .where(mentions.c.article_id == article_id)
        .order_by(mentions.c.field, mentions.c.start)).mappings()]
    event_rows = conn.execute(select(events).where(events.c.article_id == article_id)
                              .order_by(events.c.start)).mappings()
    article["events"] = [_decode_json(dict(r), ("sides", "people", "statements"))
                         for r in event_rows]
    article["figures"] = [_decode_json(dict(r), ("parties",)) for r in conn.execute(
        select(figures).where(figures.c.article_id == article_id)
        .order_by(figures.c.start)).mappings()]
    return article


def list_clusters(conn: Connection, limit: int = 50, offset: int = 0) -> Page:
    """Real-world events reported by one or more articles, newest first, with their sources."""
    total = conn.scalar(select(func.count()).select_from(clusters)) or 0
    ids = list(conn.scalars(select(clusters.c.id)
                            .order_by(*newest_first(conn, clusters.c.date), clusters.c.id)
                            .limit(limit).offset(offset)))
    found = {r["id"]: _decode_json(dict(r), ("sides",))
             for r in _rows_of(conn, select(clusters), clusters.c.id, ids)}
    out = [found[i] for i in ids if i in found]
    sources: dict[str, list[dict[str, Any]]] = {c["id"]: [] for c in out}
    for r in _rows_of(conn, select(events.c.cluster_id, events.c.article_id, articles.c.title,
                                   articles.c.outlet)
                      .join(articles, articles.c.id == events.c.article_id)
                      .order_by(events.c.cluster_id, events.c.article_id),
                      events.c.cluster_id, ids):
        sources[r["cluster_id"]].append(
            {"article_id": r["article_id"], "title": r["title"], "outlet": r["outlet"]})
    for cluster in out:
        cluster["sources"] = sources[cluster["id"]]
        cluster["reports"] = len(cluster["sources"])
    return Page(out, total, limit, offset)


def raw_document(conn: Connection, document_id: str) -> dict[str, Any] | None:
    row = conn.execute(select(documents.c.id, documents.c.source, documents.c.url,
                              documents.c.format, documents.c.encoding, documents.c.raw)
                       .where(documents.c.id == document_id)).mappings().first()
    if row is None:
        return None
    out = dict(row)
    out["raw"] = decompress(out["raw"])
    return out


def event_people(conn: Connection, event_ids: Iterable[str]) -> dict[str, list[dict[str, Any]]]:
    """Participants of each event, in order, with their entity ids (for links)."""
    ids = list(dict.fromkeys(event_ids))
    out: dict[str, list[dict[str, Any]]] = {}
    p, e = participants, entities
    for i in range(0, len(ids), 500):
        rows = conn.execute(
            select(p.c.event_id, e.c.id, e.c.type, e.c.canonical, e.c.name_latin, e.c.country)
            .join(e, e.c.id == p.c.entity_id).where(p.c.event_id.in_(ids[i : i + 500]))
            .order_by(p.c.event_id, p.c.position, e.c.id)).mappings()
        for row in rows:
            out.setdefault(row["event_id"], []).append(dict(row))
    return out


def article_titles(conn: Connection, article_id: str) -> dict[str, dict[str, Any]]:
    """For each person in an article, the fullest title held there (one with English first)."""
    best: dict[str, dict[str, Any]] = {}
    rows = conn.execute(select(roles.c.entity_id, roles.c.title, roles.c.title_en)
                        .where(roles.c.article_id == article_id)).mappings()
    for row in rows:
        rank = (row["title_en"] is not None, len(row["title"] or ""))
        if row["entity_id"] not in best or rank > best[row["entity_id"]]["rank"]:
            best[row["entity_id"]] = {**dict(row), "rank": rank}
    return best


def figure_series(conn: Connection, indicator: str | None = None, party: str | None = None,
                  limit: int = 200, *, offset: int = 0, unit: str | None = None) -> Page:
    """Figures in order of period, filtered in SQL: an indicator, a party (any of its
    names: "Lào", "Laos", "lao"), a unit. Each row says the series it belongs to,
    ``series_unit``, so that persons and dollars never share a chart: "USD" for money
    (compare ``value_usd``), the counted unit for counts ("persons", "t", "masks"), "%" for
    stakes and shares, "%change" for a growth rate with no amount. ``unit`` keeps one
    series ("USD", "persons", "%change") or one stored unit ("CNY")."""
    where = figure_conditions(conn, indicator, party, unit)
    total = conn.scalar(select(func.count()).select_from(figures).where(*where)) or 0
    period = figures.c.period if conn.dialect.name == "sqlite" else figures.c.period.nulls_last()
    ids = list(conn.scalars(select(figures.c.id).where(*where)
                            .order_by(figures.c.period.is_(None), period, figures.c.id)
                            .limit(limit).offset(offset)))
    rows = _figures_by_id(conn, ids)
    for row in rows:
        row["series_unit"] = series_unit(row)
    return Page(rows, total, limit, offset)


def series_unit(figure: dict[str, Any]) -> str:
    """The series a stored figure belongs to (see :func:`figure_series`)."""
    if figure.get("value_usd") is not None:
        return "USD"
    return "%change" if figure.get("value") is None else figure.get("unit") or ""


def figure_conditions(conn: Connection, indicator: str | None, party: str | None,
                      unit: str | None = None) -> list[Any]:
    where: list[Any] = []
    if indicator:
        where.append(figures.c.indicator == indicator)
    if unit == "USD":
        where.append(figures.c.value_usd.is_not(None))
    elif unit == "%change":
        where.append(figures.c.value.is_(None))
    elif unit:
        where.append(figures.c.unit == unit)
    if party:
        names = party_names(conn, party)
        where.append(or_(*[figures.c.parties.contains(json.dumps(n, ensure_ascii=False))
                           for n in names]) if names else false())
    return where


def party_names(conn: Connection, party: str) -> list[str]:
    """The names a party is stored under: the canonical names of the entities called
    ``party`` in any language, and the country whose name or code it is."""
    names = set(conn.scalars(select(entities.c.canonical)
                             .where(entities.c.id.in_(_entity_ids(party)))))
    code = codes.side_code(party)
    if code != party.strip().upper() or len(party.strip()) in (2, 3):
        names.add(codes.country_name(code))
    return sorted(n for n in names if n)


def public_columns(name: str) -> list[str]:
    """The columns of a table that exports show: all but the binary ones (raw bytes, MinHash)."""
    return [c.name for c in metadata.tables[name].columns if not isinstance(c.type, LargeBinary)]


def table_rows(conn: Connection, name: str) -> Iterator[dict[str, Any]]:
    """Every row of one public table, for exports."""
    table = metadata.tables[name]
    columns = [table.c[c] for c in public_columns(name)]
    for row in conn.execute(select(*columns).order_by(*table.primary_key.columns)).mappings():
        yield dict(row)


def _decode_json(row: dict[str, Any], names: Iterable[str]) -> dict[str, Any]:
    for name in names:
        if isinstance(row.get(name), str):
            row[name] = json.loads(row[name])
    return row
