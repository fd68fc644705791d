"""Ingest pages into the knowledge base, and re-process what is stored.

Pages are processed in batches; each batch is written in one transaction, so a crash or
a kill loses at most the batch in flight, and a rerun skips every document already stored
(its id is the hash of its bytes) and carries on. A page whose bytes changed since it was
last ingested from the same source becomes a new version linked to the old one. Pages that
fail are recorded in ``ingest_errors`` with their code and reason; the batch goes on.
"""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass, field
from datetime import datetime, timedelta
from itertools import islice

from sqlalchemy.engine import Engine
from sqlalchemy.exc import SQLAlchemyError

from . import __version__, store
from .dedup import NearDuplicateIndex, cluster_key, signature
from .errors import Code, SukienError, printable
from .normalize import fold
from .pipeline import Pipeline
from .record import Document, Entity
from .sources import DEFAULT_MAX_BYTES, iter_documents, resolve

Progress = Callable[[int, int, int], None]  # processed, stored, failed


@dataclass(slots=True)
class _Written:
    """What one write transaction did, applied to the stats once it has committed."""

    stored: int = 0
    unchanged: int = 0
    new_versions: int = 0
    duplicates: int = 0
    failed: int = 0
    errors: list[str] = field(default_factory=list)


@dataclass(slots=True)
class IngestStats(_Written):
    """What a whole run did: the counts of its transactions, pages seen and time taken."""

    seen: int = 0
    seconds: float = 0.0

    @property
    def pages_per_second(self) -> float:
        return self.seen / self.seconds if self.seconds else 0.0


def document_id(raw: bytes) -> str:
    return hashlib.sha1(raw).hexdigest()


def is_url(source: str) -> bool:
    return source.startswith(("http://", "https://"))


def fetch_documents(urls: Iterable[str], *, reference_time: datetime | None = None,
                    max_bytes: int = DEFAULT_MAX_BYTES,
                    allow_hosts: frozenset[str] = frozenset()) -> Iterator[Document | SukienError]:
    """Fetch each URL (http/https only; anything else is refused with E109, never read
    from the local disk)."""
    from .fetch import fetch

    for url in urls:
        try:
            result = fetch(url, allow_hosts=allow_hosts, max_bytes=max_bytes)
        except SukienError as err:
            yield err
            continue
        yield Document(path=url, raw=result.body, url=result.final_url,
                       reference_time=reference_time or result.fetched_at,
                       content_type=result.content_type)


def _inputs(sources: Iterable[str], reference_time: datetime | None, max_bytes: int,
            allow_hosts: frozenset[str]) -> Iterator[Document | SukienError]:
    """Documents in input order; file names resolved (a relative and an absolute name of
    one file are one source, so its versions link up)."""
    paths: list[str] = []
    for source in sources:
        if not is_url(source):
            paths.append(resolve(source))
            continue
        yield from iter_documents(paths, reference_time, max_bytes)
        paths = []
        yield from fetch_documents([source], reference_time=reference_time,
                                   max_bytes=max_bytes, allow_hosts=allow_hosts)
    yield from iter_documents(paths, reference_time, max_bytes)


def _batches(items: Iterable, size: int) -> Iterator[list]:
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


@dataclass(slots=True)
class Processed:
    """One page after the pipeline, as plain data: what the store writes.

    The per-page work (the pipeline, rows, the MinHash signature) is pure and happens here,
    so the local path and the distributed path (:mod:`sukien.distributed`) share it; only
    the order-dependent part (versions, near-duplicates, the transaction) is left to the
    writer.
    """

    doc_id: str
    source: str
    document: dict  # the documents row, without previous_id
    article: dict | None = None
    rows: dict | None = None

    @property
    def ok(self) -> bool:
        return self.article is not None

    @property
    def error(self) -> str | None:
        """"path: E103 …" when the pipeline refused the page."""
        return self.document["error_detail"]


def process(doc: Document, pipeline: Pipeline, doc_id: str | None = None) -> Processed:
    doc_id = doc_id or document_id(doc.raw)
    try:
        result: Document | SukienError = pipeline(doc)
    except SukienError as err:
        result = err
    except Exception as err:  # a bug must not lose the batch; keep the page for reprocess
        result = SukienError(Code.INTERNAL, doc.path, repr(err))
    source = printable(doc.path)
    page = Processed(doc_id, source, document_row(doc_id, source, doc.raw, result))
    if isinstance(result, SukienError):
        return page
    page.article, page.rows = document_rows(result, doc_id)
    page.article["minhash"] = signature(result.article.body) if result.article else None
    return page


Item = Processed | SukienError


class Ingester:
    """Runs the pipeline over inputs and stores the results in ``engine``'s database.

    Several ingesters (processes, Dask loads, API servers) may write to one database at
    once: every page ends up stored once or recorded as failed (see :func:`store.write`).
    """

    SYNC_OVERLAP = timedelta(minutes=5)  # how late another writer's commit may land

    def __init__(self, engine: Engine, pipeline: Pipeline | None = None,
                 batch_size: int = 50, refresh_statistics: bool = True) -> None:
        self.engine = engine
        self.pipeline = pipeline or Pipeline.build()
        self.batch_size = batch_size
        self.refresh_statistics = refresh_statistics
        self.near_duplicates = NearDuplicateIndex()
        self._synced: datetime | None = None
        self.sync_near_duplicates()

    def sync_near_duplicates(self) -> int:
        """Index the signatures stored since the last call (by any writer): all of them the
        first time, then only the last few minutes' (an indexed query). Returns how many
        were added."""
        now = datetime.now()
        since = (self._synced - self.SYNC_OVERLAP).isoformat() if self._synced else None
        added = 0
        with self.engine.connect() as conn:
            for article_id, sig in store.signatures(conn, since):
                if article_id not in self.near_duplicates:
                    self.near_duplicates.load(article_id, sig)
                    added += 1
        self._synced = now
        return added

    def ingest(self, sources: Iterable[str], *, reference_time: datetime | None = None,
               max_bytes: int = DEFAULT_MAX_BYTES, allow_hosts: frozenset[str] = frozenset(),
               progress: Progress | None = None) -> IngestStats:
        items = _inputs(sources, reference_time, max_bytes, allow_hosts)
        return self.ingest_items(items, progress)

    def ingest_items(self, items: Iterable[Document | SukienError],
                     progress: Progress | None = None) -> IngestStats:
        """Store documents (or input errors) that the caller has already read. A page whose
        bytes are stored already is skipped before the pipeline runs (reported again when it
        was stored as failed)."""
        batches = (self._unseen(batch) for batch in _batches(items, self.batch_size))
        return self._store_all(batches, progress)

    def store_processed(self, pages: Iterable[Processed | SukienError],
                        progress: Progress | None = None) -> IngestStats:
        """Write pages processed elsewhere (:mod:`sukien.distributed`) in batches."""
        return self._store_all(((list(batch), _Written())
                                for batch in _batches(pages, self.batch_size)), progress)

    def _store_all(self, batches: Iterable[tuple[list[Item], _Written]],
                   progress: Progress | None = None) -> IngestStats:
        stats = IngestStats()
        started = time.perf_counter()
        for pages, skipped in batches:
            _apply(stats, skipped)
            _apply(stats, self._store_batch(pages))
            stats.seen = stats.stored + stats.unchanged + stats.failed
            stats.seconds = time.perf_counter() - started
            if progress:
                progress(stats.seen, stats.stored, stats.failed)
        if stats.stored and self.refresh_statistics:
            store.refresh_statistics(self.engine)
        stats.seconds = time.perf_counter() - started
        return stats

    def _unseen(self, batch: list[Document | SukienError]) -> tuple[list[Item], _Written]:
        """The batch processed, but for the pages whose bytes are stored already."""
        ids = {id(item): document_id(item.raw) for item in batch if isinstance(item, Document)}
        with self.engine.connect() as conn:
            stored = store.stored_documents(conn, list(set(ids.values())))
        skipped = _Written()
        out: list[Item] = []
        for item in batch:
            if isinstance(item, SukienError):
                out.append(item)
                continue
            doc_id = ids[id(item)]
            if doc_id in stored:
                _count_stored(skipped, stored[doc_id])
                continue
            stored[doc_id] = ("pending", None)  # the same bytes twice in one batch
            out.append(process(item, self.pipeline, doc_id))
        return out, skipped

    def _store_batch(self, batch: list[Item]) -> _Written:
        """Write a batch in one transaction; when that fails for a reason other than
        contention, page by page, so that one bad page costs only itself."""
        if not batch:
            return _Written()
        duplicates: dict[str, str | None] = {}
        for page in batch:  # decided in input order, before the transaction
            if isinstance(page, Processed) and page.ok and page.doc_id not in duplicates:
                found = self.near_duplicates.add(page.doc_id, page.article["minhash"])
                duplicates[page.doc_id] = found[0] if found else None
        try:
            return store.write(self.engine, lambda conn: _write_batch(conn, batch, duplicates))
        except SQLAlchemyError as err:
            if len(batch) == 1:
                return self._record_failure(batch[0], err)
        written = _Written()
        for page in batch:
            _apply(written, self._store_alone(page, duplicates))
        return written

    def _store_alone(self, page: Item, duplicates: dict[str, str | None]) -> _Written:
        try:
            return store.write(self.engine, lambda conn: _write_batch(conn, [page], duplicates))
        except SQLAlchemyError as err:
            return self._record_failure(page, err)

    def _record_failure(self, page: Item, err: SQLAlchemyError) -> _Written:
        """Record a page the database refused as E401; if even that is impossible, the
        database is gone: raise."""
        source = page.path if isinstance(page, SukienError) else page.source
        failure = SukienError(Code.DATABASE, source, str(err).splitlines()[0][:300])
        try:
            store.write(self.engine, lambda conn: store.add_error(
                conn, failure.path, failure.code.id, failure.detail))
        except SQLAlchemyError as gone:
            raise SukienError(Code.DATABASE, str(self.engine.url),
                              f"cannot write: {str(gone).splitlines()[0]}") from gone
        return _Written(failed=1, errors=[str(failure)])


def _apply(stats: _Written, written: _Written) -> None:
    stats.stored += written.stored
    stats.unchanged += written.unchanged
    stats.new_versions += written.new_versions
    stats.duplicates += written.duplicates
    stats.failed += written.failed
    stats.errors += written.errors


def _count_stored(written: _Written, status: tuple[str, str | None]) -> None:
    """A page stored before: unchanged, or its failure reported again."""
    state, detail = status
    if state == "error":
        written.failed += 1
        written.errors.append(detail or "")
    else:
        written.unchanged += 1


def _write_batch(conn, batch: list[Item], duplicates: dict[str, str | None]) -> _Written:
    """Write a batch in one transaction: shared rows first, in key order, then each page's
    document in id order; a document another writer stored meanwhile is left to it."""
    written = _Written()
    pages = sorted((p for p in batch if isinstance(p, Processed)), key=lambda p: p.doc_id)
    store.add_shared(conn, _shared_rows(pages))
    for page in pages:
        previous = store.latest_version(conn, page.source)
        document = {**page.document, "previous_id": previous, "ingested_at": _stamp()}
        if not store.add_document(conn, document):
            _count_stored(written, store.stored_documents(conn, [page.doc_id])
                          .get(page.doc_id, ("ok", None)))
            continue
        written.new_versions += previous is not None
        if not page.ok:
            _store_failure(conn, page)
            written.failed += 1
            written.errors.append(page.error or "")
            continue
        duplicate = duplicates.get(page.doc_id)
        store.replace_article(conn, page.doc_id, page.rows or {},
                              {**page.article, "duplicate_of": duplicate})
        written.stored += 1
        written.duplicates += duplicate is not None
    for item in batch:
        if isinstance(item, SukienError):
            store.add_error(conn, item.path, item.code.id, item.detail)
            written.failed += 1
            written.errors.append(str(item))
    return written


def _shared_rows(pages: list[Processed]) -> dict[str, list[dict]]:
    """The rows pages share with other articles (entities, their aliases, event clusters),
    gathered to be written first; a failed page has none."""
    shared: dict[str, list[dict]] = {"entities": [], "aliases": [], "clusters": []}
    for page in pages:
        for name, rows in shared.items():
            rows += (page.rows or {}).get(name, [])
    return shared


def _stamp() -> str:
    return datetime.now().isoformat(timespec="microseconds")


def _store_failure(conn, page: Processed) -> None:
    detail = (page.error or "").partition(" ")[2]  # without the leading "path:"
    store.add_error(conn, page.source, page.document["error_code"], detail)


def document_row(doc_id: str, source: str, raw: bytes, result: Document | SukienError) -> dict:
    ok = isinstance(result, Document)
    return {
        "id": doc_id, "source": source, "url": result.url if ok else None,
        "fetched_at": _iso(result.reference_time) if ok else None,
        "ingested_at": _stamp(),
        "raw": store.compress(raw), "raw_size": len(raw),
        "format": result.format if ok else None, "encoding": result.encoding if ok else None,
        "status": "ok" if ok else "error",
        "error_code": None if ok else result.code.id, "error_detail": None if ok else str(result),
        "pipeline_version": __version__,
    }


def _iso(value: datetime | None) -> str | None:
    return value.isoformat(timespec="seconds") if value else None


# --- from a processed document to rows -----------------------------------------------------


def entity_key(entity: Entity) -> str:
    """One row per real-world entity across articles: the KB key, the actor of the people
    lexicon, or the full name and country; a person known only by one word ("ông Park") is
    the article's own (its id), never merged with another of that name."""
    if entity.type == "PER" and entity.actor:
        return entity.actor
    if entity.type == "PER" and len(entity.canonical.split()) < 2:
        return entity.id
    if entity.type == "PER" or entity.kind == "pattern":
        return f"{entity.type}:{'-'.join(fold(entity.canonical).split())}:{entity.country or ''}"
    return entity.id


def _day(doc: Document) -> str | None:
    article = doc.article
    value = (article.published or article.published_resolved) if article else None
    return value[:10] if value and len(value) >= 10 else None


def document_rows(doc: Document, article_id: str) -> tuple[dict, dict[str, list[dict]]]:
    article = doc.article
    assert article is not None
    day = _day(doc)
    keys = {id(e): entity_key(e) for e in doc.entities}
    rows: dict[str, list[dict]] = {k: [] for k in (
        "entities", "aliases", "mentions", "roles", "sentences", "events", "figures",
        "participants", "clusters")}
    rows["sentences"] = [{"article_id": article_id, "idx": i, "start": s.start, "end": s.end,
                          "text": s.text} for i, s in enumerate(doc.sentences)]
    names: list[str] = []
    for entity in doc.entities:
        key = keys[id(entity)]
        names += [entity.canonical, entity.name_latin or "", *entity.aliases]
        rows["entities"].append({
            "id": key, "type": entity.type, "canonical": entity.canonical,
            "name_latin": entity.name_latin, "country": entity.country, "kind": entity.kind,
            "acronym": entity.acronym, "hanzi": entity.hanzi, "folded": fold(entity.canonical),
        })
        names_of = {entity.canonical, *entity.aliases, entity.name_latin, entity.acronym}
        for alias in names_of - {None}:
            rows["aliases"].append({"entity_id": key, "alias": alias, "folded": fold(alias)})
        rows["mentions"] += [{
            "article_id": article_id, "field": m.field, "start": m.start, "end": m.end,
            "entity_id": key, "text": m.text, "sentence": m.sentence, "resolved": int(m.resolved),
        } for m in entity.mentions]
        for title in entity.titles:
            rows["roles"].append({
                "entity_id": key, "article_id": article_id, "title": title, "day": day,
                "title_en": entity.title_en if title == entity.title else None})
    people = {e.canonical: keys[id(e)] for e in doc.entities if e.type == "PER"}
    for event in doc.events:
        event_id = hashlib.sha1(f"{article_id}|{event.id}".encode()).hexdigest()
        cluster = cluster_key(event.type, event.date, tuple(event.sides), event.location) \
            if event.status == "happened" else None
        row = {k: v for k, v in asdict(event).items() if k in store.events.c}
        row.update(id=event_id, article_id=article_id, sides=json.dumps(event.sides),
                   people=json.dumps(event.people, ensure_ascii=False),
                   statements=json.dumps([asdict(s) for s in event.statements],
                                         ensure_ascii=False), cluster_id=cluster)
        rows["events"].append(row)
        if cluster:
            rows["clusters"].append({"id": cluster, "type": event.type, "date": event.date,
                                     "sides": json.dumps(sorted(event.sides)),
                                     "location": event.location})
        rows["participants"] += [{"event_id": event_id, "entity_id": people[name],
                                  "position": i} for i, name in enumerate(event.people)
                                 if name in people]
    for index, figure in enumerate(doc.figures):
        row = {k: v for k, v in asdict(figure).items() if k in store.figures.c}
        row.update(id=hashlib.sha1(f"{article_id}|{index}|{figure.start}".encode()).hexdigest(),
                   article_id=article_id, parties=json.dumps(figure.parties, ensure_ascii=False))
        rows["figures"].append(row)
    article_row = {
        "id": article_id, "title": article.title, "published": article.published,
        "published_hint": article.published_hint,
        "published_resolved": article.published_resolved, "day": day,
        "authors": json.dumps(article.authors, ensure_ascii=False), "outlet": article.source,
        "section": article.section, "lede": article.lede, "body": article.body,
        "topic": article.topic, "published_inferred": article.published_inferred,
        "meta": json.dumps(article.meta, ensure_ascii=False) if article.meta else None,
        "captions": json.dumps(article.captions, ensure_ascii=False),
        "language": article.language, "warnings": json.dumps(doc.warnings, ensure_ascii=False),
        "search_text": fold(" ".join([article.title or "", article.lede or "", article.body,
                                      *names])),
    }
    return article_row, rows


def reprocess(engine: Engine, pipeline: Pipeline | None = None,
              progress: Progress | None = None) -> IngestStats:
    """Run the current pipeline again over every stored raw document (each batch processed
    first, then written in one transaction; near-duplicate links are kept)."""
    pipeline = pipeline or Pipeline.build()
    stats = IngestStats()
    started = time.perf_counter()
    with engine.connect() as conn:
        stored = store.document_refs(conn)
    for batch in _batches(stored, 50):
        pages: list[Processed] = []
        with engine.connect() as conn:
            links = store.duplicate_links(conn, [doc_id for doc_id, *_ in batch])
            for doc_id, source, url, fetched in batch:
                reference = datetime.fromisoformat(fetched) if fetched else None
                doc = Document(path=source, raw=store.raw_of(conn, doc_id) or b"", url=url,
                               reference_time=reference)
                pages.append(process(doc, pipeline, doc_id))
        store.write(engine, lambda conn, pages=pages, links=links: _rewrite(conn, pages, links))
        stats.seen += len(pages)
        stats.failed += sum(not page.ok for page in pages)
        stats.stored += sum(page.ok for page in pages)
        if progress:
            progress(stats.seen, stats.stored, stats.failed)
    stats.seconds = time.perf_counter() - started
    return stats


def _rewrite(conn, pages: list[Processed], links: dict[str, str | None]) -> None:
    store.add_shared(conn, _shared_rows(pages))
    for page in pages:
        if not page.ok:
            _store_failure(conn, page)
            continue
        store.replace_article(conn, page.doc_id, page.rows or {},
                              {**page.article, "duplicate_of": links.get(page.doc_id)})
