"""Where pages come from: files, directories (recursively), ``-`` for stdin, gzip'd
pages, and WARC / WARC.gz archives (one document per HTML response record).

Everything is streamed: a WARC is read record by record and a page larger than
``max_bytes`` is refused without being read whole. Failures are yielded as
:class:`~sukien.errors.SukienError` in place of the document, so a batch goes on.
"""

from __future__ import annotations

import gzip
import io
import sys
import zlib
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import BinaryIO

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from .errors import Code, SukienError
from .record import Document

DEFAULT_MAX_BYTES = 16 * 1024 * 1024
_GZIP_MAGIC = b"\x1f\x8b"
_HTML_TYPES = ("text/html", "application/xhtml+xml")

Item = Document | SukienError


def iter_documents(
    paths: Iterable[str],
    reference_time: datetime | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> Iterator[Item]:
    for name in paths:
        if name == "-":
            yield from _from_stream("-", sys.stdin.buffer, reference_time or _now(), max_bytes)
            continue
        path = Path(name)
        if path.is_dir():
            for child in walk(path):
                yield from from_file(child, reference_time, max_bytes)
        elif path.exists():
            yield from from_file(path, reference_time, max_bytes)
        else:
            yield SukienError(Code.NOT_FOUND, name)


def walk(root: Path) -> Iterator[Path]:
    """The files under a directory, in the order they are read, hidden ones skipped."""
    for child in sorted(root.rglob("*")):
        relative = child.relative_to(root)
        if child.is_file() and not any(part.startswith(".") for part in relative.parts):
            yield child


def _now() -> datetime:
    return datetime.now(UTC).astimezone().replace(tzinfo=None)


def _mtime(path: Path) -> datetime:
    return datetime.fromtimestamp(path.stat().st_mtime)


def from_file(path: Path, reference_time: datetime | None, max_bytes: int) -> Iterator[Item]:
    name = str(path)
    try:
        reference = reference_time or _mtime(path)
        with path.open("rb") as fh:
            head = fh.read(4)
            fh.seek(0)
            if head.startswith(b"WARC") or (head.startswith(_GZIP_MAGIC) and _gzip_is_warc(path)):
                yield from _from_warc(name, fh, max_bytes)
                return
            size = path.stat().st_size
            if not head.startswith(_GZIP_MAGIC) and size > max_bytes:
                yield _too_large(name, size, max_bytes)
                return
            yield from _from_stream(name, fh, reference, max_bytes)
    except OSError as err:
        yield SukienError(Code.UNREADABLE, name, err.strerror or str(err))


def _gzip_is_warc(path: Path) -> bool:
    try:
        with gzip.open(path, "rb") as fh:
            return fh.read(5) == b"WARC/"
    except (OSError, EOFError, zlib.error):
        return False


def _too_large(name: str, size: int, limit: int) -> SukienError:
    return SukienError(
        Code.TOO_LARGE,
        name,
        f"{size / 1e6:.1f} MB > {limit / 1e6:.1f} MB (raise it with --max-bytes)",
    )


def _read_capped(name: str, stream: BinaryIO, max_bytes: int) -> bytes | SukienError:
    data = stream.read(max_bytes + 1)
    if len(data) > max_bytes:
        return _too_large(name, len(data), max_bytes)
    return data


def _from_stream(
    name: str, stream: BinaryIO, reference: datetime, max_bytes: int
) -> Iterator[Item]:
    data = _read_capped(name, stream, max_bytes)
    if isinstance(data, SukienError):
        yield data
        return
    if data.startswith(_GZIP_MAGIC):
        try:
            with gzip.GzipFile(fileobj=io.BytesIO(data)) as gz:
                data = _read_capped(name, gz, max_bytes)
        except (OSError, EOFError, zlib.error) as err:
            yield SukienError(Code.TRUNCATED, name, f"gzip: {err}")
            return
        if isinstance(data, SukienError):
            yield data
            return
        if data.startswith(b"WARC/"):
            yield from _from_warc(name, io.BytesIO(data), max_bytes)
            return
    yield Document(path=name, raw=data, reference_time=reference)


def _http_content_type(record) -> str:
    headers = getattr(record, "http_headers", None)
    value = headers.get_header("Content-Type") if headers else None
    return value or record.rec_headers.get_header("Content-Type") or ""


def _charset(content_type: str) -> str | None:
    for part in content_type.split(";")[1:]:
        name, _, value = part.strip().partition("=")
        if name.lower() == "charset" and value:
            return value.strip("\"' ")
    return None


def _warc_date(record) -> datetime | None:
    value = record.rec_headers.get_header("WARC-Date")
    if not value:
        return None
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00")).replace(tzinfo=None)
    except ValueError:
        return None


def _from_warc(name: str, stream: BinaryIO, max_bytes: int) -> Iterator[Item]:
    count = 0
    try:
        for count, record in enumerate(ArchiveIterator(stream), start=1):
            if record.rec_type not in ("response", "resource"):
                continue
            content_type = _http_content_type(record)
            if not content_type.lower().startswith(_HTML_TYPES):
                continue
            record_name = f"{name}#record={count}"
            data = _read_capped(record_name, record.content_stream(), max_bytes)
            if isinstance(data, SukienError):
                yield data
                continue
            missing = getattr(record.raw_stream, "limit", 0)
            if missing > 0:
                yield SukienError(
                    Code.TRUNCATED, record_name, f"record cut short, {missing} bytes missing"
                )
                return
            yield Document(
                path=record_name,
                raw=data,
                url=record.rec_headers.get_header("WARC-Target-URI"),
                reference_time=_warc_date(record),
                content_type=content_type,
                declared_encoding=_charset(content_type),
            )
    except (ArchiveLoadFailed, EOFError, OSError, zlib.error, ValueError) as err:
        yield SukienError(Code.TRUNCATED, name, f"stopped after record {count}: {err}")
