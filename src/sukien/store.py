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
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from typing import Any, TypeVar

from sqlalchemy import (
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
    column,
    create_engine,
    delete,
    event,
    func,
    insert,
    inspect,
    select,
    text,
)
from sqlalchemy import table as table_clause
from sqlalchemy.dialects import postgresql as postgresql_dialect
from sqlalchemy.dialects import sqlite as sqlite_dialect
from sqlalchemy.engine import Connection, Engine, make_url
from sqlalchemy.exc import DBAPIError, SQLAlchemyError

from . import actors, titles
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
)
Index("ix_figures_article", figures.c.article_id)
clusters = Table(
    "clusters", metadata,
    Column("id", String(64), primary_key=True),
    Column("type", String(16)), Column("date", String(10)), Column("sides", Text),
    Column("location", Text),
)
errors = Table(
    "ingest_errors", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("source", Text, nullable=False), Column("code", String(8)), Column("detail", Text),
    Column("at", String(32)),
)

DERIVED = (participants, events, figures, mentions, roles, sentences)


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
    return set(conn.scalars(text("SELECT rowid FROM search_fts WHERE rowid BETWEEN :lo AND :hi"),
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


MIGRATIONS = (_create_search_index, _order_newest_first, _add_topic, _index_ingest_time)
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
    """Write an article and everything derived from it, replacing what was there."""
    old = conn.execute(select(articles.c.day).where(articles.c.id == article_id)).first()
    if old is not None:
        _delete_article(conn, article_id, old.day)
    conn.execute(insert(articles).values(**article))
    add_shared(conn, rows)
    for table_name, table in (("sentences", sentences), ("mentions", mentions),
                              ("roles", roles), ("events", events), ("figures", figures),
                              ("participants", participants)):
        batch = _unique(rows.get(table_name, []), [c.name for c in table.primary_key.columns])
        if batch:
            conn.execute(insert(table), batch)
    _index_for_search(conn, article_id, article.get("day"), article.get("search_text") or "")


def _delete_article(conn: Connection, article_id: str, day: str | None) -> None:
    for table in DERIVED:
        if table is participants:
            old = select(events.c.id).where(events.c.article_id == article_id)
            conn.execute(delete(participants).where(participants.c.event_id.in_(old)))
        else:
            conn.execute(delete(table).where(table.c.article_id == article_id))
    conn.execute(delete(articles).where(articles.c.id == article_id))
    if conn.dialect.name == "sqlite":
        home = _search_rowid(article_id, day)
        conn.execute(text("DELETE FROM search_fts WHERE rowid BETWEEN :lo AND :hi "
                          "AND article_id = :id"),
                     {"lo": home - _PROBES, "hi": home, "id": article_id})


def _unique(rows: list[dict[str, Any]], key: list[str]) -> list[dict[str, Any]]:
    seen: dict[tuple, dict[str, Any]] = {}
    for row in rows:
        seen.setdefault(tuple(row[k] for k in key), row)
    return list(seen.values())


def _index_for_search(conn: Connection, article_id: str, day: str | None, content: str) -> None:
    if conn.dialect.name == "sqlite":
        home = _search_rowid(article_id, day)
        rowid = _first_free(article_id, home, _taken_near(conn, home))
        _insert_search_rows(conn, [{"r": rowid, "id": article_id, "c": content}])


def refresh_statistics(engine: Engine) -> None:
    """Let the query planner see the new rows. After a bulk load PostgreSQL's statistics lag
    until autovacuum runs, and new rows wait in the GIN index's pending list, which the
    planner prices so high that it scans the whole table for a rare word. Only an
    optimisation: a failure (another writer holds a lock) is ignored."""
    def refresh(conn: Connection) -> None:
        if conn.dialect.name == "sqlite":
            conn.execute(text("PRAGMA optimize"))
        else:
            conn.execute(text("SELECT gin_clean_pending_list('ix_articles_search'::regclass)"))
            conn.execute(text("ANALYZE articles, mentions, events"))

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


@dataclass(slots=True, frozen=True)
class Filters:
    date_from: str | None = None
    date_to: str | None = None
    entity: str | None = None
    event_type: str | None = None
    side: str | None = None
    outlet: str | None = None
    limit: int = 20
    offset: int = 0


def query_terms(query: str | None) -> list[str]:
    """The words a search matches, folded ("Quảng Đông" → quang, dong)."""
    return re.findall(r"\w+", fold(query or ""))


def search(conn: Connection, query: str, filters: Filters = Filters()) -> list[dict[str, Any]]:
    """Articles matching every word of ``query`` (folded: "quang dong" finds "Quảng Đông"),
    newest first, each with a snippet around the words instead of its whole body."""
    terms = query_terms(query)
    stmt = select(articles.c.id, articles.c.title, articles.c.day, articles.c.outlet,
                  articles.c.body, articles.c.duplicate_of)
    if terms and conn.dialect.name == "sqlite":
        stmt = _sqlite_match(stmt, terms, filters)
    else:
        if terms:
            stmt = stmt.where(text("articles.search_tsv @@ plainto_tsquery('simple', :q)")
                              ).params(q=" ".join(terms))
        stmt = stmt.order_by(articles.c.day.desc().nulls_last(), articles.c.id)
    stmt = _article_filters(stmt, filters)
    rows = conn.execute(stmt.limit(filters.limit).offset(filters.offset)).mappings()
    return [{**{k: v for k, v in r.items() if k != "body"}, "snippet": snippet(r["body"], terms)}
            for r in rows]


_fts = table_clause("search_fts", column("rowid"), column("article_id"))


def _sqlite_match(stmt, terms: list[str], filters: Filters):
    """Walk the full-text index in rowid order, which is (day, id) order, so the newest
    matches come first without collecting and sorting every match."""
    match = " ".join(f'"{t}"' for t in terms)
    stmt = (stmt.select_from(_fts.join(articles, articles.c.id == _fts.c.article_id))
            .where(text("search_fts MATCH :q")).params(q=match)
            .order_by(_fts.c.rowid.desc()))
    if (first := _day_ordinal(filters.date_from)) is not None:  # probing can step below a day
        stmt = stmt.where(_fts.c.rowid >= (first << _KEY_BITS) - _PROBES)
    if (last := _day_ordinal(filters.date_to)) is not None:
        stmt = stmt.where(_fts.c.rowid <= (last << _KEY_BITS) | _KEY_MASK)
    return stmt


def _article_filters(stmt, filters: Filters):
    if filters.date_from:
        stmt = stmt.where(articles.c.day >= filters.date_from)
    if filters.date_to:
        stmt = stmt.where(articles.c.day <= filters.date_to)
    if filters.outlet:
        stmt = stmt.where(func.lower(articles.c.outlet).contains(filters.outlet.lower()))
    if filters.entity:
        ids = _entity_ids(filters.entity)
        stmt = stmt.where(articles.c.id.in_(
            select(mentions.c.article_id).where(mentions.c.entity_id.in_(ids))))
    if filters.event_type or filters.side:
        stmt = stmt.where(articles.c.id.in_(_event_filter(select(events.c.article_id), filters)))
    return stmt


def _entity_ids(name: str):
    folded = fold(name).strip()
    return select(entities.c.id).where(
        (entities.c.folded == folded)
        | entities.c.id.in_(select(aliases.c.entity_id).where(aliases.c.folded == folded)))


def _event_filter(stmt, filters: Filters):
    if filters.event_type:
        stmt = stmt.where(events.c.type == filters.event_type.upper())
    if filters.side:
        stmt = stmt.where(events.c.sides.contains(f'"{filters.side}"'))
    if filters.date_from:
        stmt = stmt.where(events.c.date >= filters.date_from)
    if filters.date_to:
        stmt = stmt.where(events.c.date <= filters.date_to + "~")
    return stmt


def snippet(body: str, terms: list[str], width: int = 160) -> str:
    folded = fold(body)
    positions = [folded.find(t) for t in terms if t and folded.find(t) >= 0]
    start = max(0, min(positions) - width // 3) if positions else 0
    return body[start : start + width].replace("\n", " ").strip()


def list_events(conn: Connection, filters: Filters = Filters()) -> list[dict[str, Any]]:
    stmt = _event_filter(select(events, articles.c.outlet, articles.c.title)
                         .join(articles, articles.c.id == events.c.article_id), filters)
    if filters.entity:
        stmt = stmt.where(events.c.id.in_(select(participants.c.event_id).where(
            participants.c.entity_id.in_(_entity_ids(filters.entity)))))
    if filters.outlet:
        stmt = stmt.where(func.lower(articles.c.outlet).contains(filters.outlet.lower()))
    stmt = stmt.order_by(events.c.date.desc(), events.c.id).limit(filters.limit)
    return [_decode_json(dict(r), ("sides", "people", "statements"))
            for r in conn.execute(stmt.offset(filters.offset)).mappings()]


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


def entity_profile(conn: Connection, entity_id: str) -> dict[str, Any]:
    entity = conn.execute(select(entities).where(entities.c.id == entity_id)).mappings().first()
    if entity is None:
        return {}
    alias_rows = conn.scalars(select(aliases.c.alias).where(aliases.c.entity_id == entity_id))
    role_rows = conn.execute(
        select(roles.c.title, roles.c.title_en, func.min(roles.c.day).label("first"),
               func.max(roles.c.day).label("last"), func.count().label("articles"))
        .where(roles.c.entity_id == entity_id)
        .group_by(roles.c.title, roles.c.title_en).order_by(text("first"))).mappings()
    event_ids = select(participants.c.event_id).where(participants.c.entity_id == entity_id)
    meetings = [_decode_json(dict(r), ("sides", "people", "statements")) for r in conn.execute(
        select(events).where(events.c.id.in_(event_ids)).order_by(events.c.date)).mappings()]
    partners = conn.execute(
        select(entities.c.id, entities.c.canonical, entities.c.name_latin,
               func.count().label("events"))
        .join(participants, participants.c.entity_id == entities.c.id)
        .where(participants.c.event_id.in_(event_ids), entities.c.id != entity_id)
        .group_by(entities.c.id, entities.c.canonical, entities.c.name_latin)
        .order_by(func.count().desc())).mappings()
    article_ids = select(mentions.c.article_id).where(mentions.c.entity_id == entity_id)
    figure_rows = conn.execute(select(figures).where(
        figures.c.article_id.in_(article_ids), figures.c.parties.contains(entity["canonical"])
    ).order_by(figures.c.period)).mappings()
    actor = actors.by_key(entity_id)
    record = dict(entity)
    if actor:  # the people lexicon's name, English spelling, country and offices with years
        record.update(canonical=actor.name, name_latin=actor.name_en, country=actor.country)
    return {
        "entity": record, "aliases": sorted(alias_rows),
        "lexicon_roles": [titles.role_text(r) for r in actor.roles] if actor else [],
        "roles": [dict(r) for r in role_rows],
        "events": meetings, "co_participants": [dict(r) for r in partners],
        "figures": [_decode_json(dict(r), ("parties",)) for r in figure_rows],
    }


def get_article(conn: Connection, article_id: str) -> dict[str, Any] | None:
    """An article with everything found in it: mentions (with entities), events, figures."""
    row = conn.execute(select(articles, documents.c.source, documents.c.url,
                              documents.c.fetched_at)
                       .join(documents, documents.c.id == articles.c.id)
                       .where(articles.c.id == article_id)).mappings().first()
    if row is None:
        return None
    article = _decode_json(dict(row), ("authors", "captions", "warnings"))
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


def list_clusters(conn: Connection, limit: int = 50, offset: int = 0) -> list[dict[str, Any]]:
    """Real-world events reported by one or more articles, with their sources."""
    stmt = (select(clusters, func.count(events.c.id).label("reports"))
            .join(events, events.c.cluster_id == clusters.c.id)
            .group_by(clusters.c.id, clusters.c.type, clusters.c.date, clusters.c.sides,
                      clusters.c.location)
            .order_by(clusters.c.date.desc(), clusters.c.id).limit(limit).offset(offset))
    out = [_decode_json(dict(row), ("sides",)) for row in conn.execute(stmt).mappings()]
    sources: dict[str, list[dict[str, Any]]] = {c["id"]: [] for c in out}
    for r in conn.execute(
            select(events.c.cluster_id, events.c.article_id, articles.c.title, articles.c.outlet)
            .join(articles, articles.c.id == events.c.article_id)
            .where(events.c.cluster_id.in_(list(sources)))
            .order_by(events.c.cluster_id, events.c.article_id)).mappings():
        sources[r["cluster_id"]].append(
            {"article_id": r["article_id"], "title": r["title"], "outlet": r["outlet"]})
    for cluster in out:
        cluster["sources"] = sources[cluster["id"]]
    return out


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


def figure_series(conn: Connection, indicator: str | None, party: str | None,
                  limit: int = 200, unit: str | None = None) -> list[dict[str, Any]]:
    """Figures as time series that never mix units: each row gets ``series_unit`` — "USD"
    for money (compare ``value_usd``), the counted unit for counts ("persons", "t", "masks"),
    "%" for stakes and shares, "%change" for a growth rate with no amount — and rows come
    grouped by (indicator, series_unit), in period order within each group. ``unit`` keeps
    one series unit ("USD", "persons", "%change") or one stored unit ("CNY")."""
    stmt = select(figures, articles.c.day, articles.c.outlet).join(
        articles, articles.c.id == figures.c.article_id)
    if indicator:
        stmt = stmt.where(figures.c.indicator == indicator)
    if unit == "USD":
        stmt = stmt.where(figures.c.value_usd.is_not(None))
    elif unit == "%change":
        stmt = stmt.where(figures.c.value.is_(None))
    elif unit:
        stmt = stmt.where(figures.c.unit == unit)
    rows = [_decode_json(dict(r), ("parties",)) for r in conn.execute(
        stmt.order_by(figures.c.period, articles.c.day).limit(limit * 5)).mappings()]
    if party:
        wanted = fold(party)
        rows = [r for r in rows if any(wanted in fold(p) for p in r["parties"] or [])]
    order: dict[tuple[str, str], int] = {}
    for row in rows:
        row["series_unit"] = ("USD" if row["value_usd"] is not None
                              else "%change" if row["value"] is None else row["unit"] or "")
        order.setdefault((row["indicator"] or "", row["series_unit"]), len(order))
    rows.sort(key=lambda r: order[(r["indicator"] or "", r["series_unit"])])
    return rows[:limit]


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
