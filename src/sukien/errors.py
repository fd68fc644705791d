"""Numbered, searchable errors.

Every failure a user can meet has a code (``E1xx`` input, ``E2xx`` extraction,
``E9xx`` usage) so that the message can be looked up in the README and grepped
for in logs. A :class:`SukienError` always names the input it is about.
"""

from __future__ import annotations

import re
from enum import Enum


class Code(Enum):
    NOT_FOUND = ("E101", "no such file or directory")
    EMPTY = ("E102", "empty input")
    BINARY = ("E103", "binary data, not a text or HTML page")
    UNDECODABLE = ("E104", "cannot decode the bytes as text")
    TOO_LARGE = ("E105", "input larger than the size limit")
    TRUNCATED = ("E106", "truncated or corrupt archive")
    UNREADABLE = ("E107", "cannot read the input")
    FETCH_FAILED = ("E108", "fetching the URL failed")
    FETCH_REFUSED = ("E109", "fetching the URL is not allowed")
    NO_ARTICLE = ("E201", "no article text found")
    TOO_COMPLEX = ("E202", "HTML page beyond the work budget")
    BAD_GOLD = ("E301", "gold file is not valid")
    DATABASE = ("E401", "database error")
    USAGE = ("E901", "usage error")
    INTERNAL = ("E999", "internal error (please report it with the input)")

    @property
    def id(self) -> str:
        return self.value[0]

    @property
    def summary(self) -> str:
        return self.value[1]


class SukienError(Exception):
    """A failure about one input; the batch it belongs to goes on."""

    def __init__(self, code: Code, path: str, detail: str = "") -> None:
        self.code = code
        self.path = path
        self.detail = detail
        super().__init__(str(self))

    def __str__(self) -> str:
        reason = self.code.summary + (f": {self.detail}" if self.detail else "")
        return printable(f"{self.path}: {self.code.id} {reason}")

    def to_json(self) -> dict[str, str]:
        return {
            "path": printable(self.path),
            "code": self.code.id,
            "error": self.code.summary,
            "detail": printable(self.detail),
        }


_UNPRINTABLE = re.compile("[\x00\ud800-\udfff]")


def printable(text: str) -> str:
    """``text`` as valid Unicode that any database or log takes: a byte of a file name
    that was not UTF-8 (surrogate-escaped by Python, PEP 383) is written ``\\xNN``, any
    other lone surrogate ``\\uNNNN``, NUL ``\\x00``."""
    if text.isascii() and "\x00" not in text:
        return text
    return _UNPRINTABLE.sub(_escape, text)


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    if 0xDC80 <= code <= 0xDCFF:
        return f"\\x{code - 0xDC00:02x}"
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"
