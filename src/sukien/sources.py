"""Where pages come from: files, directories (recursively), ``-`` for stdin, gzip'd
pages, and WARC / WARC.gz archives (one document per HTML response record).

Everything is streamed: a WARC is read record by record (a .warc.gz is decompressed as
it is read, member after member) and a page larger than ``max_bytes`` is refused without
being read whole. Failures are yielded as :class:`~sukien.errors.SukienError` in place of
the document, so a batch goes on: a file that is not a regular file (a FIFO, a device) is
refused instead of read; whatever warcio raises on a damaged archive ends that archive
with E106, and so does an archive cut short anywhere, in a record's header, its content,
or a gzip member.

File names are kept as Python gives them: bytes that are not UTF-8 are surrogate-escaped
(PEP 383), so a name can always be opened again; :func:`sukien.errors.printable` is the
form written to a database or a log.
"""

from __future__ import annotations

import gzip
import io
import stat
import sys
import zlib
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import BinaryIO

from warcio.archiveiterator import ArchiveIterator
from warcio.recordloader import ArcWarcRecordLoader

from .errors import Code, SukienError
from .record import Document

DEFAULT_MAX_BYTES = 16 * 1024 * 1024
_GZIP_MAGIC = b"\x1f\x8b"
_HTML_TYPES = ("text/html", "application/xhtml+xml")
_CHUNK = 64 * 1024

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
        try:
            is_dir = path.is_dir()
        except OSError as err:  # e.g. a name too long for the file system
            yield SukienError(Code.UNREADABLE, name, err.strerror or str(err))
            continue
        if is_dir:
            for child in walk(path):
                yield from from_file(child, reference_time, max_bytes)
        else:
            yield from from_file(path, reference_time, max_bytes)


def resolve(name: str) -> str:
    """The absolute path of a file or directory argument, symlinks resolved, so that a
    relative and an absolute name of one file are one source; ``-`` stays ``-``."""
    if name == "-":
        return name
    try:
        return str(Path(name).resolve())
    except (OSError, RuntimeError):
        return name


def walk(root: Path) -> Iterator[Path]:
    """The entries under a directory that are not directories, in the order they are read,
    hidden ones skipped. Entries that are not regular files are listed too: reading them
    is refused with an error rather than skipped in silence."""
    for child in sorted(root.rglob("*")):
        relative = child.relative_to(root)
        if any(part.startswith(".") for part in relative.parts):
            continue
        try:
            if child.is_dir():
                continue
        except OSError:
            pass
        yield child


def _now() -> datetime:
    return datetime.now(UTC).astimezone().replace(tzinfo=None)


def _kind(mode: int) -> str:
    for test, what in ((stat.S_ISFIFO, "a FIFO"), (stat.S_ISSOCK, "a socket"),
                       (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device")):
        if test(mode):
            return what
    return "not a regular file"


def from_file(path: Path, reference_time: datetime | None, max_bytes: int) -> Iterator[Item]:
    name = str(path)
    try:
        info = path.stat()
    except FileNotFoundError:
        yield SukienError(Code.NOT_FOUND, name)
        return
    except OSError as err:
        yield SukienError(Code.UNREADABLE, name, err.strerror or str(err))
        return
    if not stat.S_ISREG(info.st_mode):  # opening a FIFO would block until a writer comes
        yield SukienError(Code.UNREADABLE, name, f"{_kind(info.st_mode)}, not a regular file")
        return
    try:
        reference = reference_time or datetime.fromtimestamp(info.st_mtime)
        with path.open("rb") as fh:
            head = fh.read(4)
            fh.seek(0)
            if head.startswith(b"WARC"):
                yield from _from_warc(name, fh, max_bytes)
                return
            if head.startswith(_GZIP_MAGIC) and _gzip_is_warc(fh):
                gunzip = GunzipReader(fh)
                yield from _from_warc(name, io.BufferedReader(gunzip, _CHUNK), max_bytes, gunzip)
                return
            if not head.startswith(_GZIP_MAGIC) and info.st_size > max_bytes:
                yield _too_large(name, info.st_size, max_bytes)
                return
            yield from _from_stream(name, fh, reference, max_bytes)
    except OSError as err:
        yield SukienError(Code.UNREADABLE, name, err.strerror or str(err))


def _gzip_is_warc(fh: BinaryIO) -> bool:
    try:
        with gzip.GzipFile(fileobj=fh, mode="rb") as gz:
            return gz.read(5) == b"WARC/"
    except (OSError, EOFError, zlib.error):
        return False
    finally:
        fh.seek(0)


class GunzipReader(io.RawIOBase):
    """Multi-member gzip decompressed as it is read, in bounded steps (a small member that
    inflates to gigabytes never sits in memory whole). Where the compressed bytes end
    inside a member, reading ends and :attr:`truncated` says so; bytes that are not gzip
    raise ``zlib.error``. Zero bytes padding the end of the file are allowed."""

    def __init__(self, raw: BinaryIO) -> None:
        super().__init__()
        self._raw = raw
        self._inflate: zlib._Decompress | None = None
        self._pending = b""
        self._out = b""
        self._done = False
        self.truncated = False
        self.produced = 0  # decompressed bytes handed out

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        while not self._out and not self._done:
            self._step()
        size = min(len(buffer), len(self._out))
        buffer[:size] = self._out[:size]
        self._out = self._out[size:]
        self.produced += size
        return size

    def _step(self) -> None:
        data = self._pending or self._raw.read(_CHUNK)
        self._pending = b""
        if not data:
            self.truncated = self._inflate is not None
            self._done = True
            return
        if self._inflate is None:
            data = data.lstrip(b"\x00")
            if not data:
                return
            self._inflate = zlib.decompressobj(wbits=31)
        inflate = self._inflate
        self._out = inflate.decompress(data, _CHUNK * 4)
        if inflate.eof:
            self._pending = inflate.unused_data
            self._inflate = None
        else:
            self._pending = inflate.unconsumed_tail


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


class _Loader(ArcWarcRecordLoader):
    """warcio's loader, except that a record without a WARC-Target-URI is read (its HTTP
    headers left unparsed) instead of raising AttributeError from inside the parser, which
    ends the iteration; :func:`_from_warc` then refuses that one record."""

    def load_http_headers(self, rec_type, uri, stream, length):
        return super().load_http_headers(rec_type, uri or "", stream, length)


def _missing(record) -> int:
    """Bytes of a record's block that the archive does not hold (after it was read)."""
    return max(0, getattr(record.raw_stream, "limit", 0) or 0)


def _from_warc(name: str, stream: BinaryIO, max_bytes: int,
               gunzip: GunzipReader | None = None) -> Iterator[Item]:
    count = 0
    previous = None
    archive = None
    try:
        archive = ArchiveIterator(stream)
        archive.loader = _Loader()
        for number, record in enumerate(archive, start=1):
            if previous is not None and _missing(previous):
                break
            count, previous = number, record
            if not (record.rec_headers.get_header("Content-Length") or "").strip().isdigit():
                yield SukienError(Code.TRUNCATED, f"{name}#record={count}",
                                  "record header cut short or corrupt (no Content-Length)")
                return
            if record.rec_type not in ("response", "resource"):
                continue
            if not record.rec_headers.get_header("WARC-Target-URI"):
                yield SukienError(Code.TRUNCATED, f"{name}#record={count}",
                                  f"{record.rec_type} record without WARC-Target-URI; skipped")
                continue
            content_type = _http_content_type(record)
            if not content_type.lower().startswith(_HTML_TYPES):
                continue
            record_name = f"{name}#record={count}"
            data = _read_capped(record_name, record.content_stream(), max_bytes)
            if isinstance(data, SukienError):
                yield data
                continue
            if _missing(record):
                break
            yield Document(
                path=record_name,
                raw=data,
                url=record.rec_headers.get_header("WARC-Target-URI"),
                reference_time=_warc_date(record),
                content_type=content_type,
                declared_encoding=_charset(content_type),
            )
    except Exception as err:
        yield SukienError(Code.TRUNCATED, name,
                          f"stopped after record {count}: {type(err).__name__}: {err}")
        return
    if previous is not None and _missing(previous):
        yield SukienError(Code.TRUNCATED, f"{name}#record={count}",
                          f"record cut short, {_missing(previous)} bytes missing")
    elif gunzip is not None and gunzip.truncated:
        yield SukienError(Code.TRUNCATED, name,
                          f"gzip stream cut short after record {count}")
    elif _unparsed_tail(stream, archive, gunzip):
        yield SukienError(Code.TRUNCATED, f"{name}#record={count + 1}",
                          "archive ends inside a record header")


def _unparsed_tail(stream: BinaryIO, archive: ArchiveIterator | None,
                   gunzip: GunzipReader | None) -> bool:
    """Bytes after the last whole record that are not blank: a header cut short, which
    warcio takes for the end of the archive."""
    if archive is None:
        return False
    end = archive.offset
    if gunzip is not None:
        return gunzip.produced > end
    try:
        stream.seek(end)
        return bool(stream.read(_CHUNK).strip())
    except (OSError, ValueError):
        return False
