"""Stage ``decode``: raw bytes → clean Unicode text and a format (``html`` or ``text``).

Order of trust for the encoding: a byte-order mark, then the charset the
transport or the page itself declares, then strict UTF-8, then the legacy
encodings Vietnamese pages were written in (windows-1258, and VISCII, TCVN3 and
VNI-Windows from their code tables in :mod:`sukien.charsets`), judged by how
Vietnamese the result reads. A declared Western charset (windows-1252, Latin-1),
which is how pages typed in the old Vietnamese fonts were labelled, gives way to
a legacy table that reads clearly more Vietnamese. Binary data and bytes that fit
no encoding are refused with a numbered error rather than turned into mojibake.
"""

from __future__ import annotations

import codecs
import re

from charset_normalizer import from_bytes

from . import charsets
from .errors import Code, SukienError
from .normalize import clean_unicode, vietnamese_ratio
from .record import Document

_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"%PDF", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive (or DOCX/XLSX)"),
    (b"\x7fELF", "an executable"),
    (b"SQLite format 3\x00", "an SQLite database"),
    (b"RIFF", "a RIFF media file"),
    (b"OggS", "an Ogg media file"),
    (b"ID3", "an MP3 file"),
    (b"BZh", "a bzip2 archive"),
    (b"\xfd7zXZ", "an xz archive"),
    (b"7z\xbc\xaf", "a 7-Zip archive"),
)
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_META_CHARSET = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_HTML_SNIFF = re.compile(r"<(?:!doctype\s+html|html|head|body|meta|article|div|p)\b", re.I)
_LEGACY = ("cp1258", "cp1252", *charsets.NAMES)
# How much more Vietnamese (share of syllables + share of marked words) a legacy table
# must read than the declared charset to be taken instead of it.
_OVERRIDE_MARGIN = 0.2
# A few stray bytes in an otherwise UTF-8 page are replaced, with a warning.
_MAX_BAD_UTF8_SHARE = 0.001


def sniff_binary(data: bytes) -> str | None:
    """Describe ``data`` if it is binary, else None."""
    for magic, what in _SIGNATURES:
        if data.startswith(magic):
            return what
    head = data[:8192]
    if b"\x00" in head and not head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        zeros = head.count(b"\x00")
        if zeros > len(head) // 20:
            return f"{zeros} NUL bytes in the first {len(head)}"
    controls = sum(1 for b in head if b < 9 or 13 < b < 32)
    if head and controls > len(head) // 20:
        return f"{controls} control bytes in the first {len(head)}"
    return None


def declared_charset(data: bytes, declared: str | None) -> str | None:
    for candidate in (declared, _meta_charset(data)):
        if candidate and (ours := charsets.lookup(candidate)):
            return ours
        if candidate:
            try:
                return codecs.lookup(candidate).name
            except LookupError:
                continue
    return None


def _meta_charset(data: bytes) -> str | None:
    match = _META_CHARSET.search(data[:4096])
    return match.group(1).decode("ascii", "ignore") if match else None


def _try(data: bytes, encoding: str) -> str | None:
    if encoding in charsets.NAMES:
        return charsets.decode(data, encoding)
    try:
        return data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return None


def _score(text: str) -> float:
    syllables, marked = vietnamese_ratio(text, sample=20000)
    return syllables + marked


def decode_bytes(data: bytes, path: str, declared: str | None = None) -> tuple[str, str, list[str]]:
    """Return (text, encoding, warnings) or raise :class:`SukienError`."""
    warnings: list[str] = []
    if not data.strip():
        raise SukienError(Code.EMPTY, path, f"{len(data)} bytes, no text")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            text = _try(data, encoding)
            if text is not None:
                return text, encoding, warnings
    binary = sniff_binary(data)
    if binary:
        raise SukienError(Code.BINARY, path, binary)
    charset = declared_charset(data, declared)
    if charset and charset not in ("utf-8", "ascii"):
        text = _try(data, charset)
        if text is not None and _score(text) > 0.3:
            better = _better_legacy(data, charset, _score(text))
            if better is None:
                return text, charset, warnings
            warnings.append(f"declared charset {charset} does not fit the bytes; "
                            f"legacy encoding {better[0]} converted to Unicode")
            return better[1], better[0], warnings
        warnings.append(f"declared charset {charset} does not fit the bytes; ignored")
    text = _try(data, "utf-8")
    if text is not None:
        return text, "utf-8", warnings
    return _decode_legacy(data, path, warnings)


def _better_legacy(data: bytes, declared: str, score: float) -> tuple[str, str] | None:
    """A Vietnamese legacy reading clearly more Vietnamese than the declared charset's."""
    if data.isascii() or declared in ("cp1258", *charsets.NAMES):
        return None
    readings = {enc: t for enc in _LEGACY if enc != declared and (t := _try(data, enc))}
    if not readings:
        return None
    encoding, text = max(readings.items(), key=lambda item: _score(item[1]))
    return (encoding, text) if _score(text) > score + _OVERRIDE_MARGIN else None


def _decode_legacy(data: bytes, path: str, warnings: list[str]) -> tuple[str, str, list[str]]:
    lenient = data.decode("utf-8", errors="replace")
    bad = lenient.count("\ufffd")
    if bad <= max(1, len(data) * _MAX_BAD_UTF8_SHARE):
        warnings.append(f"{bad} invalid UTF-8 byte sequence(s) replaced")
        return lenient, "utf-8", warnings
    candidates = {enc: t for enc in _LEGACY if (t := _try(data, enc)) is not None}
    guess = from_bytes(data[:200_000]).best()
    if guess is not None and guess.encoding not in candidates:
        guessed = _try(data, guess.encoding)
        if guessed is not None:
            candidates[guess.encoding] = guessed
    if not candidates:
        raise SukienError(Code.UNDECODABLE, path, "not UTF-8 and no known encoding fits")
    encoding, text = max(candidates.items(), key=lambda item: _score(item[1]))
    syllables, _ = vietnamese_ratio(text, sample=20000)
    printable = sum(ch.isprintable() or ch.isspace() for ch in text[:20000]) / max(
        1, len(text[:20000])
    )
    if printable < 0.95 or syllables < 0.3:
        raise SukienError(
            Code.UNDECODABLE,
            path,
            f"not UTF-8; best guess {encoding} gives no readable text (tried windows-1258, "
            "windows-1252, VISCII, TCVN3, VNI-Windows)",
        )
    warnings.append(f"legacy encoding {encoding} converted to Unicode")
    return text, encoding, warnings


def sniff_format(text: str, content_type: str | None = None) -> str:
    if content_type and "html" in content_type.lower():
        return "html"
    head = text[:4096]
    if re.search(r"<(?:!doctype\s+html|html|head|body)\b", head, re.I):
        return "html"
    tags = len(_HTML_SNIFF.findall(head))
    return "html" if tags >= 5 else "text"


def decode(doc: Document) -> Document:
    """Pipeline stage: fill ``text``, ``encoding`` and ``format`` from ``raw``."""
    text, encoding, warnings = decode_bytes(doc.raw, doc.path, doc.declared_encoding)
    doc.text = clean_unicode(text)
    doc.encoding = encoding
    doc.format = sniff_format(doc.text, doc.content_type)
    for message in warnings:
        doc.warn(message)
    return doc
