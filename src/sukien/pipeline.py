"""The pipeline: named stages, each a function ``Document -> Document``.

Stages are registered with :func:`stage`, declaring what they require and what
they assign (as spaCy components do), so the order can be checked when the
pipeline is built rather than discovered as an ``AttributeError`` mid-batch.

    decode → extract → normalise → sentences → entities → figures → topic → events
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from .errors import Code, SukienError
from .record import Document

StageFn = Callable[[Document], Document]


@dataclass(slots=True, frozen=True)
class Stage:
    name: str
    func: StageFn
    requires: tuple[str, ...]
    assigns: tuple[str, ...]


_REGISTRY: dict[str, Stage] = {}


def stage(name: str, *, requires: tuple[str, ...] = (), assigns: tuple[str, ...] = ()):
    """Register a stage function under ``name``."""

    def register(func: StageFn) -> StageFn:
        _REGISTRY[name] = Stage(name, func, requires, assigns)
        return func

    return register


def registered() -> dict[str, Stage]:
    _load_builtin_stages()
    return dict(_REGISTRY)


def _load_builtin_stages() -> None:
    from . import stages  # noqa: F401  (registers the built-in stages)


DEFAULT_STAGES = (
    "decode", "extract", "normalise", "sentences", "entities", "figures", "topic", "events",
)


@dataclass(slots=True)
class Pipeline:
    stages: tuple[Stage, ...]

    @classmethod
    def build(cls, names: Iterable[str] = DEFAULT_STAGES) -> Pipeline:
        table = registered()
        chosen: list[Stage] = []
        available = {"raw", "path", "url", "reference_time"}
        for name in names:
            if name not in table:
                raise SukienError(Code.USAGE, "pipeline", f"unknown stage {name!r}")
            st = table[name]
            missing = [r for r in st.requires if r not in available]
            if missing:
                raise SukienError(
                    Code.USAGE, "pipeline", f"stage {name!r} requires {missing} first"
                )
            available.update(st.assigns)
            chosen.append(st)
        return cls(tuple(chosen))

    def __call__(self, doc: Document) -> Document:
        for st in self.stages:
            doc = st.func(doc)
        return doc

    def run(self, docs: Iterable[Document]) -> Iterator[Document | SukienError]:
        """Process every document; a failure is yielded in its place, the batch goes on."""
        for doc in docs:
            try:
                yield self(doc)
            except SukienError as err:
                yield err
            except Exception as err:  # a bug must not stop the batch; report it
                yield SukienError(Code.INTERNAL, doc.path, repr(err))
