"""Extraction for notebooks and pipelines: :func:`extract`, :func:`extract_many`, and the
:class:`Article` record they return; the input rule every public function shares.

What a page can be given as (one rule for :func:`extract`, :func:`extract_many` and
:meth:`KnowledgeBase.ingest`, decided by the type, so it cannot misfire):

* ``pathlib.Path`` (any ``os.PathLike``): a file, a directory (walked recursively, hidden
  files skipped), a gzip'd page or a WARC/WARC.gz archive (one page per HTML record);
* ``str`` or ``bytes``: the page itself — HTML or a text dump, in any encoding (bytes), or
  gzip'd or WARC bytes. A ``str`` is never read as a file name: a one-line ``str`` that
  names an existing file or directory, or that is a URL, is refused with E901 and a hint
  (``pathlib.Path(name)`` reads the file), since as a page it could hold no article;
* :class:`Page`: the page itself with a name, an address and a reference time of its own,
  or, with no content, a page to fetch from its ``url``;
* a binary file object (``open(name, "rb")``, ``sys.stdin.buffer``): read to its end.

:meth:`KnowledgeBase.ingest` also fetches a ``str`` that is a URL (``http://`` and
``https://``; any other scheme is refused, E109).
"""

from __future__ import annotations

import io
import os
import re
import sys
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import KW_ONLY, dataclass, field
from datetime import datetime
from functools import cache
from typing import IO, Any

from . import sources
from .errors import Code, SukienError
from .pipeline import Pipeline
from .record import Document, Entity, Event, Figure

DEFAULT_MAX_BYTES = sources.DEFAULT_MAX_BYTES


@dataclass(slots=True, frozen=True)
class Page:
    """A page given as its content, with what the content cannot say about itself — or, with
    no content, a page to fetch from ``url``.

    ``name`` is what results and errors call it (the ``path`` field; default ``<page>``,
    or ``<page N>`` for the N-th input of :func:`extract_many`); ``url`` its address (the
    ``url`` field), fetched only when there is no ``content`` (http and https only, never a
    private or loopback address: E109); ``reference_time`` what relative dates ("2 giờ
    trước") are resolved against (default: now, or the time a page was fetched)."""

    content: str | bytes | None = None
    _: KW_ONLY
    name: str | None = None
    url: str | None = None
    reference_time: datetime | None = None


Source = os.PathLike | str | bytes | Page | IO[bytes]
"""Anything :func:`extract` takes: see the module's input rule."""


@dataclass(slots=True, frozen=True)
class Article:
    """An article as ``sukien extract --json`` prints it: ``to_dict()`` equals that JSON line.

    The attributes are the JSON fields (see the README's "Output fields"); ``entities``,
    ``figures`` and ``events`` are lists of :class:`Entity`, :class:`Figure` and
    :class:`Event` records, whose fields are those of the JSON objects."""

    path: str
    url: str | None
    title: str | None
    published: str | None
    published_hint: str | None
    published_resolved: str | None
    published_inferred: bool
    authors: list[str]
    source: str | None
    section: str | None
    topic: str | None
    lede: str | None
    body: str
    captions: list[str]
    language: str | None
    meta: dict[str, str]
    format: str | None
    encoding: str | None
    warnings: list[str]
    entities: list[Entity]
    figures: list[Figure]
    events: list[Event]
    _document: Document = field(repr=False, compare=False)

    @classmethod
    def _of(cls, doc: Document) -> Article:
        doc.raw, doc.text, doc.sentences = b"", None, []  # not part of the record: memory
        article = doc.article
        assert article is not None
        return cls(
            path=doc.path, url=doc.url, title=article.title, published=article.published,
            published_hint=article.published_hint,
            published_resolved=article.published_resolved,
            published_inferred=article.published_inferred, authors=article.authors,
            source=article.source, section=article.section, topic=article.topic,
            lede=article.lede, body=article.body, captions=article.captions,
            language=article.language, meta=article.meta, format=doc.format,
            encoding=doc.encoding, warnings=doc.warnings, entities=doc.entities,
            figures=doc.figures, events=doc.events, _document=doc)

    def to_dict(self) -> dict[str, Any]:
        """The JSON object of ``sukien extract --json`` (a new dict each call), every field
        included, one added after this version too."""
        return self._document.to_json()


@cache
def _pipeline() -> Pipeline:
    return Pipeline.build()


def parse_reference_time(value: datetime | str | None) -> datetime | None:
    """A reference time as the pipeline takes it: an ISO-8601 string parsed, the time zone
    dropped (times are compared as the page prints them). ValueError when not ISO-8601."""
    if value is None:
        return None
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value)
        except ValueError:
            raise ValueError(f"not an ISO-8601 date or datetime: {value!r}") from None
    if not isinstance(value, datetime):
        raise TypeError(f"reference_time must be a datetime or an ISO-8601 str, not "
                        f"{type(value).__name__}")
    return value.replace(tzinfo=None) if value.tzinfo else value


# --- inputs ----------------------------------------------------------------------------------


def documents(items: Iterable[Any], *, reference: datetime | None, max_bytes: int,
              fetch: bool = False, resolve_paths: bool = False,
              allow_hosts: frozenset[str] = frozenset(),
              name: str | None = None) -> Iterator[Document | SukienError]:
    """The documents of the inputs, in order, by the module's input rule; an input that
    cannot be read is a :class:`SukienError` in its place. ``name`` names content given
    alone (else ``<page N>``); ``fetch`` fetches a ``str`` that is an http(s) URL (a
    :class:`Page` with only a ``url`` is always fetched); ``resolve_paths`` makes file names
    absolute (a relative and an absolute name of one file are one source)."""
    for index, item in enumerate(items):
        default_name = name or f"<page {index}>"
        if isinstance(item, Page) and item.content is None:
            if not item.url:
                yield SukienError(Code.USAGE, item.name or default_name,
                                  "a Page needs its content, or a url to fetch")
                continue
            yield from _fetch(item.url, item.reference_time or reference, max_bytes, allow_hosts)
        elif isinstance(item, Page):
            yield from _content(item.content, item.name or default_name, item.url,
                                item.reference_time or reference, max_bytes)
        elif isinstance(item, os.PathLike):
            path = os.fsdecode(os.fspath(item))
            yield from sources.iter_documents([sources.resolve(path) if resolve_paths else path],
                                              reference, max_bytes)
        elif isinstance(item, str):
            if fetch and _is_url(item):
                yield from _fetch(item.strip(), reference, max_bytes, allow_hosts)
            elif hint := _misread(item, fetch):
                yield SukienError(Code.USAGE, default_name, hint)
            else:
                yield from _content(item, default_name, None, reference, max_bytes)
        elif isinstance(item, bytes | bytearray | memoryview):
            yield from _content(bytes(item), default_name, None, reference, max_bytes)
        elif hasattr(item, "read"):
            label = "-" if _is_stdin(item) else _stream_name(item, default_name)
            yield from sources._from_stream(label, _binary(item), reference or sources._now(),
                                            max_bytes)
        else:
            yield SukienError(Code.USAGE, default_name, f"not a page but {type(item).__name__!r} "
                              "(give a pathlib.Path, str, bytes, sukien.Page or binary file)")


def _fetch(url: str, reference: datetime | None, max_bytes: int,
           allow_hosts: frozenset[str]) -> Iterator[Document | SukienError]:
    from .ingest import fetch_documents

    yield from fetch_documents([url], reference_time=reference, max_bytes=max_bytes,
                               allow_hosts=allow_hosts)


def _content(content: str | bytes, name: str, url: str | None, reference: datetime | None,
             max_bytes: int) -> Iterator[Document | SukienError]:
    raw = content.encode("utf-8") if isinstance(content, str) else bytes(content)
    reference = reference or sources._now()
    if raw.startswith(b"WARC/"):
        yield from sources._from_warc(name, io.BytesIO(raw), max_bytes)
        return
    for item in sources._from_stream(name, io.BytesIO(raw), reference, max_bytes):
        if isinstance(item, Document) and url and not item.url:
            item.url = url
        yield item


_URL = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*://\S+")


def _is_url(text: str) -> bool:
    """A one-line ``scheme://…`` (fetched by ingest: http and https, anything else E109)."""
    return _URL.fullmatch(text.strip()) is not None


def _misread(text: str, fetches: bool) -> str | None:
    """Why a ``str`` is surely not a page but a name (a one-line existing path, a URL)."""
    if "\n" in text or "\x00" in text or len(text) > 4096 or not text.strip():
        return None
    stripped = text.strip()
    if _is_url(stripped) and not fetches:
        return ("a str is the page itself, and this one is a URL: to fetch it, give "
                "sukien.Page(url=...)")
    try:
        exists = os.path.exists(stripped)
    except (OSError, ValueError):
        exists = False
    if exists:
        return (f"a str is the page itself, not a path: pass pathlib.Path({stripped!r}) to "
                "read the file or directory")
    return None


def _is_stdin(stream: Any) -> bool:
    return stream is sys.stdin or stream is getattr(sys.stdin, "buffer", None) \
        or getattr(stream, "name", None) == "<stdin>"


def _stream_name(stream: Any, default: str) -> str:
    name = getattr(stream, "name", None)
    return os.fsdecode(name) if isinstance(name, str | bytes) else default


def _binary(stream: Any) -> IO[bytes]:
    if isinstance(stream, io.TextIOBase):
        return getattr(stream, "buffer", None) or io.BytesIO(stream.read().encode("utf-8"))
    return stream


# --- extraction ------------------------------------------------------------------------------


def extract(page: Source, *, url: str | None = None,
            reference_time: datetime | str | None = None,
            max_bytes: int = DEFAULT_MAX_BYTES) -> Article:
    """Run the whole pipeline on one page and return its :class:`Article`.

    ``page`` follows the input rule (module docs): a ``pathlib.Path`` is read from disk, a
    ``str`` or ``bytes`` is the page itself, a :class:`Page` with only a ``url`` is fetched.
    ``url`` sets the page's address (the ``url`` field; nothing is fetched for it).
    ``reference_time`` (a datetime or ISO-8601 str) resolves relative dates ("2 giờ
    trước"); default: a file's modification time, a WARC record's date, or now for content.
    Raises :class:`SukienError` (E1xx/E2xx, E901) when the page cannot be read or holds no
    article, or when it holds several (a directory, a WARC of many records: use
    :func:`extract_many`)."""
    reference = parse_reference_time(reference_time)
    found: Document | None = None
    for item in documents([page], reference=reference, max_bytes=max_bytes, name="<page>"):
        if isinstance(item, SukienError):
            raise item
        if found is not None:
            raise SukienError(Code.USAGE, _label(page), "holds more than one page: use "
                              "sukien.extract_many")
        found = item
    if found is None:
        raise SukienError(Code.NO_ARTICLE, _label(page), "no page in it")
    if url:
        found.url = url
    return _unwrap(_run(found))


def _label(page: Any) -> str:
    if isinstance(page, os.PathLike):
        return os.fsdecode(os.fspath(page))
    return page.name if isinstance(page, Page) and page.name else "<page>"


def extract_many(pages: Iterable[Source] | Source, *, workers: int = 1,
                 reference_time: datetime | str | None = None,
                 max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[Article | SukienError]:
    """Extract every page of ``pages`` (the input rule of :func:`extract`; a directory or an
    archive gives all its pages), yielding an :class:`Article` per page as soon as it is
    done — or, in the page's place, the :class:`SukienError` that says why it failed
    (``error.code.id`` "E103", ``error.path``, ``error.detail``): a bad page never stops
    the batch. Results come in input order. ``workers`` > 1 runs the pipeline in that many
    processes (the platform's start method: on macOS and Windows, call it under
    ``if __name__ == "__main__":`` in a script); a page that kills its process is an E999
    record. ``str``/``bytes`` pages are called ``<page N>``, N their position."""
    if not isinstance(workers, int) or isinstance(workers, bool) or workers < 1:
        raise ValueError(f"workers must be an int >= 1, not {workers!r}")
    if isinstance(pages, str | bytes | bytearray | Page | os.PathLike) or hasattr(pages, "read"):
        pages = [pages]  # type: ignore[list-item]
    items = documents(pages, reference=parse_reference_time(reference_time), max_bytes=max_bytes)
    results = _serial(items) if workers == 1 else _parallel(items, workers)
    return (r if isinstance(r, SukienError) else Article._of(r) for r in results)


def _run(doc: Document) -> Document | SukienError:
    return next(_pipeline().run([doc]))


def _unwrap(result: Document | SukienError) -> Article:
    if isinstance(result, SukienError):
        raise result
    return Article._of(result)


def _serial(items: Iterable[Document | SukienError]) -> Iterator[Document | SukienError]:
    for item in items:
        yield item if isinstance(item, SukienError) else _run(item)


# --- processes -------------------------------------------------------------------------------

Outcome = Document | tuple[str, str, str]  # a result, or (Code name, path, detail) of an error


def _work(doc: Document) -> Outcome:
    """In a worker process: the pipeline over one page (errors as plain data: an exception
    with arguments of its own does not cross processes intact)."""
    result = _run(doc)
    if isinstance(result, SukienError):
        return (result.code.name, result.path, result.detail)
    result.raw, result.text, result.sentences = b"", None, []
    return result


def _warm() -> None:
    _pipeline()


def _outcome(value: Outcome) -> Document | SukienError:
    if isinstance(value, tuple):
        return SukienError(Code[value[0]], value[1], value[2])
    return value


def _pool(workers: int) -> ProcessPoolExecutor:
    return ProcessPoolExecutor(max_workers=workers, initializer=_warm)


def _parallel(items: Iterable[Document | SukienError],
              workers: int) -> Iterator[Document | SukienError]:
    """The pipeline over ``items`` in ``workers`` processes, a few pages per worker in flight,
    results in input order. When a worker dies, the pages that were in flight run again one
    at a time, so that only the page that kills a worker is reported (E999)."""
    window = workers * 4
    source = iter(items)
    queue: deque[tuple[Document | SukienError, Future | None]] = deque()
    pool = _pool(workers)
    try:
        while True:
            while len(queue) < window and (item := next(source, None)) is not None:
                queue.append((item, None if isinstance(item, SukienError)
                              else pool.submit(_work, item)))
            if not queue:
                return
            item, future = queue.popleft()
            if future is None:
                yield item
                continue
            try:
                outcome = _outcome(future.result())
            except BrokenProcessPool:
                outcome = None
            except Exception as err:  # the page could not go to its worker, or come back
                outcome = SukienError(Code.INTERNAL, item.path, repr(err))
            if outcome is not None:
                yield outcome
                continue
            suspects = [item, *(page for page, _ in queue)]
            queue.clear()
            pool.shutdown(wait=False, cancel_futures=True)
            pool = _pool(workers)
            for page in suspects:
                if isinstance(page, SukienError):
                    yield page
                    continue
                try:
                    yield _outcome(pool.submit(_work, page).result())
                except BrokenProcessPool:
                    yield SukienError(Code.INTERNAL, page.path, "the worker process died "
                                      "while processing this page")
                    pool.shutdown(wait=False, cancel_futures=True)
                    pool = _pool(workers)
                except Exception as err:
                    yield SukienError(Code.INTERNAL, page.path, repr(err))
    finally:
        pool.shutdown(wait=False, cancel_futures=True)
