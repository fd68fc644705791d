"""The records that flow through the pipeline.

A :class:`Document` enters the pipeline as raw bytes and leaves it carrying an
:class:`Article`; each stage fills in the fields it declares (see ``pipeline``).
The JSON produced by :meth:`Document.to_json` is a public contract: field names
only ever get added, never renamed.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import datetime
from typing import Any


@dataclass(slots=True)
class Article:
    title: str | None = None
    published: str | None = None
    published_hint: str | None = None
    published_resolved: str | None = None
    authors: list[str] = field(default_factory=list)
    source: str | None = None
    section: str | None = None
    lede: str | None = None
    body: str = ""
    captions: list[str] = field(default_factory=list)
    language: str | None = None


@dataclass(slots=True)
class Document:
    """One page on its way through the pipeline.

    ``path`` names where the bytes came from (a file, ``-`` for stdin, or
    ``archive.warc.gz#record=N`` for a WARC record); ``url`` is set when known.
    """

    path: str
    raw: bytes = b""
    url: str | None = None
    reference_time: datetime | None = None
    content_type: str | None = None
    declared_encoding: str | None = None
    format: str | None = None
    encoding: str | None = None
    text: str | None = None
    article: Article | None = None
    warnings: list[str] = field(default_factory=list)

    def warn(self, message: str) -> None:
        if message not in self.warnings:
            self.warnings.append(message)

    def to_json(self) -> dict[str, Any]:
        article = self.article or Article()
        out: dict[str, Any] = {"path": self.path, "url": self.url}
        out.update(asdict(article))
        out["format"] = self.format
        out["encoding"] = self.encoding
        out["warnings"] = list(self.warnings)
        return out
