"""sukien: Vietnamese news pages in; who met whom, where, when and what was agreed out.

The public API is the names in ``__all__`` (docs/python.md, generated from their
docstrings), stable like the fields of ``sukien extract --json``: names, parameters and
fields are only ever added. Every module of the package (``sukien.store``,
``sukien.pipeline``, …) is an internal detail that may change in any release::

    import pathlib, sukien
    article = sukien.extract(pathlib.Path("page.html"))
    with sukien.open("sqlite:///sukien.db") as kb:
        kb.ingest(pathlib.Path("pages/"))
        frame = kb.events(type="CONSULT", side="China").to_pandas()
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

# name → the module that defines it; imported on first use, so that ``import sukien`` stays
# light (the command line, worker processes and ``from sukien import __version__``)
_PUBLIC = {
    "extract": "_api", "extract_many": "_api", "Page": "_api", "Article": "_api",
    "Entity": "record", "Mention": "record", "Figure": "record", "Event": "record",
    "Statement": "record", "SukienError": "errors",
    "open": "_kb", "KnowledgeBase": "_kb", "Export": "_kb",
    "Results": "_results", "SearchResults": "_results", "SearchHit": "_results",
    "Facet": "_results", "EventRow": "_results", "FigureRow": "_results",
    "EntityRow": "_results", "EntityProfile": "_results", "RoleRow": "_results",
    "PartnerRow": "_results", "ArticleRef": "_results", "IngestReport": "_results",
}

__all__ = [  # sorted; docs/python.md documents them by topic
    "Article", "ArticleRef", "Entity", "EntityProfile", "EntityRow", "Event", "EventRow",
    "Export", "Facet", "Figure", "FigureRow", "IngestReport", "KnowledgeBase", "Mention",
    "Page", "PartnerRow", "Results", "RoleRow", "SearchHit", "SearchResults", "Statement",
    "SukienError", "__version__", "extract", "extract_many", "open",
]

if TYPE_CHECKING:
    from ._api import Article, Page, extract, extract_many
    from ._kb import Export, KnowledgeBase, open
    from ._results import (
        ArticleRef,
        EntityProfile,
        EntityRow,
        EventRow,
        Facet,
        FigureRow,
        IngestReport,
        PartnerRow,
        Results,
        RoleRow,
        SearchHit,
        SearchResults,
    )
    from .errors import SukienError
    from .record import Entity, Event, Figure, Mention, Statement


def __getattr__(name: str) -> Any:
    module = _PUBLIC.get(name)
    if module is None:
        raise AttributeError(f"module 'sukien' has no attribute {name!r}")
    value = getattr(import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_PUBLIC})
