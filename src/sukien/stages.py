"""The built-in stages, registered with what each requires and assigns."""

from __future__ import annotations

from dataclasses import fields

from .article import extract as _extract
from .budget import within_budget
from .decode import decode as _decode
from .entities import entities_stage
from .events import events_stage
from .figures import figures_stage
from .normalize import normalize_text
from .pipeline import stage
from .record import Article, Document
from .sentences import sentences_stage
from .topic import topic_stage

stage("decode", requires=("raw",), assigns=("text", "encoding", "format"))(_decode)


@stage("extract", requires=("text", "format"), assigns=("article",))
def extract(doc: Document) -> Document:
    """The article out of the page, within the page's work budget (:mod:`sukien.budget`)."""
    return within_budget(doc, _extract)


_TEXT_FIELDS = tuple(
    f.name for f in fields(Article) if f.name in ("title", "lede", "body", "section")
)


@stage("normalise", requires=("article",), assigns=("article.normalised",))
def normalise(doc: Document) -> Document:
    """Tone-mark convention and glued-word repair on every text field of the article."""
    article = doc.article
    if article is None:
        return doc
    for name in _TEXT_FIELDS:
        value = getattr(article, name)
        if value:
            setattr(article, name, normalize_text(value))
    article.captions = [normalize_text(c) for c in article.captions]
    article.authors = [normalize_text(a) for a in article.authors]
    return doc


stage("sentences", requires=("article.normalised",), assigns=("sentences",))(sentences_stage)
stage("entities", requires=("sentences",), assigns=("entities",))(entities_stage)
stage("figures", requires=("sentences", "entities"), assigns=("figures",))(figures_stage)
stage("topic", requires=("article.normalised",), assigns=("article.topic",))(topic_stage)
stage("events", requires=("sentences", "entities"), assigns=("events",))(events_stage)
