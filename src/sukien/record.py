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
    # True when published_resolved was not printed on the page: its year or day comes from
    # the page's other dates or from the reference time (capture time, file mtime)
    published_inferred: bool = False
    # `# key = value` header lines of a text dump (doc_id, url, date, any other key), as written
    meta: dict[str, str] = field(default_factory=dict)
    topic: str | None = None  # world, business, society, sport, … (``sukien.topic``)


@dataclass(slots=True)
class Mention:
    """Where an entity is named: ``field`` is "body", "lede", "title" or "caption:N"."""

    start: int
    end: int
    text: str
    field: str = "body"
    sentence: int | None = None
    resolved: bool = False  # a short or title-only mention tied to an earlier full one


@dataclass(slots=True)
class Entity:
    id: str
    type: str  # PER | ORG | LOC | MISC
    canonical: str
    name_latin: str | None = None
    country: str | None = None
    title: str | None = None
    title_en: str | None = None
    kind: str | None = None
    acronym: str | None = None
    hanzi: str | None = None
    aliases: list[str] = field(default_factory=list)
    titles: list[str] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    # people: the actor of the lexicon (data/kb/people.tsv) when known, its offices with years,
    # and the kind ("state", "government", "party", "diplomatic", "military", "provincial",
    # "organization", "honorific") and seniority (0–100) of the title
    actor: str | None = None
    roles: list[str] = field(default_factory=list)
    title_kind: str | None = None
    title_rank: int | None = None


@dataclass(slots=True)
class Figure:
    indicator: str
    value: float | None
    unit: str | None
    value_usd: float | None
    period: str | None
    change_pct: float | None
    qualifier: str | None
    parties: list[str]
    text: str
    evidence: str
    start: int
    end: int
    usd_source: str | None = None  # "stated" on the page, or "rate:YEAR" from the rate table
    period_inferred: bool = False  # the period had no year: it was read against the page's date
    field: str = "body"  # the text field ``start``/``end`` point into: "body" or "lede"
    change_abs: float | None = None  # a change in the figure's own unit ("tăng 7,7 điểm lên …")


@dataclass(slots=True)
class Statement:
    """Something said during an interaction: a request, a pledge, praise, a rejection."""

    type: str
    cameo: str
    status: str
    trigger: str
    actor: str | None
    evidence: str
    start: int
    end: int


@dataclass(slots=True)
class Event:
    id: str
    type: str  # PLOVER category
    cameo: str
    mode: str | None
    status: str  # happened | planned | proposed | denied
    date: str | None
    date_end: str | None
    location: str | None
    location_en: str | None
    people: list[str]
    sides: list[str]
    trigger: str
    evidence: str
    start: int | None  # offsets of the evidence in the body; None when it is in another field
    end: int | None
    summary_en: str = ""
    sentences: list[int] = field(default_factory=list)
    statements: list[Statement] = field(default_factory=list)
    date_inferred: bool | None = None  # the year or day was completed, not printed
    support: list[str] = field(default_factory=list)  # other fields telling the same act
    source: list[str] = field(default_factory=list)  # the actors who act (PLOVER source)
    target: list[str] = field(default_factory=list)  # the actors acted on (PLOVER target)
    field: str = "body"  # where the evidence is: body | lede | title (last: shadows field())


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
    sentences: list[Any] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
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
        out["entities"] = [asdict(e) for e in self.entities]
        out["figures"] = [asdict(f) for f in self.figures]
        out["events"] = [asdict(e) for e in self.events]
        out["warnings"] = list(self.warnings)
        return out
