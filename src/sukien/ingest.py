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
from datetime import datetime
from itertools import islice

from sqlalchemy.engine import Engine

from . import __version__, store
from .dedup import NearDuplicateIndex, cluster_key, signature
from .errors import Code, SukienError
from .normalize import fold
from .pipeline import Pipeline
from .record import Document, Entity
from .sources import DEFAULT_MAX_BYTES, iter_documents

Progress = Callable[[int, int, int], None]  # processed, stored, failed


@dataclass(slots=True)
class IngestStats:
    seen: int = 0
    stored: int = 0
    unchanged: int = 0
    new_versions: int = 0
    duplicates: int = 0
    failed: int = 0
    seconds: float = 0.0
    errors: list[str] = field(default_factory=list)

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
    paths: list[str] = []
    for source in sources:
        if not is_url(source):
            paths.append(source)
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


def process(doc: Document, pipeline: Pipeline) -> Processed:
    doc_id = document_id(doc.raw)
    try:
        result: Document | SukienError = pipeline(doc)
    except SukienError as err:
        result = err
    except Exception as err:  # a bug must not lose the batch; keep the page for reprocess
        result = SukienError(Code.INTERNAL, doc.path, repr(err))
    page = Processed(doc_id, doc.path, document_row(doc_id, doc.path, doc.raw, result))
    if isinstance(result, SukienError):
        return page
    page.article, page.rows = document_rows(result, doc_id)
    page.article["minhash"] = signature(result.article.body) if result.article else None
    return page


class Ingester:
    """Runs the pipeline over inputs and stores the results in ``engine``'s database."""

    def __init__(self, engine: Engine, pipeline: Pipeline | None = None,
                 batch_size: int = 50) -> None:
        self.engine = engine
        self.pipeline = pipeline or Pipeline.build()
        self.batch_size = batch_size
        self.near_duplicates = NearDuplicateIndex()
        with engine.connect() as conn:
            for article_id, sig in store.signatures(conn):
                self.near_duplicates.load(article_id, sig)

    def ingest(self, sources: Iterable[str], *, reference_time: datetime | None = None,
               max_bytes: int = DEFAULT_MAX_BYTES, allow_hosts: frozenset[str] = frozenset(),
               progress: Progress | None = None) -> IngestStats:
        items = _inputs(sources, reference_time, max_bytes, allow_hosts)
        return self.ingest_items(items, progress)

    def ingest_items(self, items: Iterable[Document | SukienError],
                     progress: Progress | None = None) -> IngestStats:
        """Store documents (or input errors) that the caller has already read."""
        return self.store_processed(self._processed(items), progress)

    def _processed(self, items: Iterable[Document | SukienError]
                   ) -> Iterator[Processed | SukienError]:
        for item in items:
            yield item if isinstance(item, SukienError) else process(item, self.pipeline)

    def store_processed(self, pages: Iterable[Processed | SukienError],
                        progress: Progress | None = None) -> IngestStats:
        """Write processed pages in batches of one transaction each."""
        stats = IngestStats()
        started = time.perf_counter()
        for batch in _batches(pages, self.batch_size):
            self._store_batch(batch, stats)
            stats.seconds = time.perf_counter() - started
            if progress:
                progress(stats.seen, stats.stored, stats.failed)
        if stats.stored:
            store.refresh_statistics(self.engine)
        stats.seconds = time.perf_counter() - started
        return stats

    def _store_batch(self, batch: list[Processed | SukienError], stats: IngestStats) -> None:
        pages = [p for p in batch if isinstance(p, Processed)]
        with self.engine.connect() as conn:
            known = store.known_ids(conn, [p.doc_id for p in pages])
        writes: list[tuple[Processed | SukienError, str | None]] = []
        for page in batch:
            stats.seen += 1
            if isinstance(page, SukienError):
                stats.failed += 1
                stats.errors.append(str(page))
                writes.append((page, None))
                continue
            if page.doc_id in known:
                stats.unchanged += 1
                continue
            known.add(page.doc_id)
            stats.stored += 1
            duplicate = None
            if page.ok:
                found = self.near_duplicates.add(page.doc_id, page.article["minhash"])
                duplicate = found[0] if found else None
                stats.duplicates += duplicate is not None
            else:
                stats.failed += 1
                stats.errors.append(page.error or "")
            writes.append((page, duplicate))
        with self.engine.begin() as conn:
            for page, duplicate in writes:
                stats.new_versions += write_page(conn, page, duplicate)


def write_page(conn, page: Processed | SukienError, duplicate: str | None) -> bool:
    """Store one processed page; True when it is a new version of a known source."""
    if isinstance(page, SukienError):
        store.add_error(conn, page.path, page.code.id, page.detail)
        return False
    previous = store.latest_version(conn, page.source)
    store.add_document(conn, {**page.document, "previous_id": previous})
    if not page.ok:
        _store_failure(conn, page)
        return previous is not None
    store.replace_article(conn, page.doc_id, page.rows or {},
                          {**page.article, "duplicate_of": duplicate})
    return previous is not None


def _store_failure(conn, page: Processed) -> None:
    detail = (page.error or "").partition(" ")[2]  # without the leading "path:"
    store.add_error(conn, page.source, page.document["error_code"], detail)


def document_row(doc_id: str, source: str, raw: bytes, result: Document | SukienError) -> dict:
    ok = isinstance(result, Document)
    return {
        "id": doc_id, "source": source, "url": result.url if ok else None,
        "fetched_at": _iso(result.reference_time) if ok else None,
        "ingested_at": datetime.now().isoformat(timespec="microseconds"),
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
        "topic": article.topic,
        "captions": json.dumps(article.captions, ensure_ascii=False),
        "language": article.language, "warnings": json.dumps(doc.warnings, ensure_ascii=False),
        "search_text": fold(" ".join([article.title or "", article.lede or "", article.body,
                                      *names])),
    }
    return article_row, rows


def reprocess(engine: Engine, pipeline: Pipeline | None = None,
              progress: Progress | None = None) -> IngestStats:
    """Run the current pipeline again over every stored raw document."""
    pipeline = pipeline or Pipeline.build()
    stats = IngestStats()
    started = time.perf_counter()
    with engine.connect() as conn:
        stored = store.document_refs(conn)
    for batch in _batches(stored, 50):
        with engine.begin() as conn:
            for doc_id, source, url, fetched in batch:
                stats.seen += 1
                reference = datetime.fromisoformat(fetched) if fetched else None
                doc = Document(path=source, raw=store.raw_of(conn, doc_id) or b"", url=url,
                               reference_time=reference)
                page = process(doc, pipeline)
                if not page.ok:
                    stats.failed += 1
                    _store_failure(conn, page)
                    continue
                store.replace_article(conn, doc_id, page.rows or {}, page.article)
                stats.stored += 1
        if progress:
            progress(stats.seen, stats.stored, stats.failed)
    stats.seconds = time.perf_counter() - started
    return stats
