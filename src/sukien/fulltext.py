"""Full-text search: the query language and the two engines behind one interface.

**Query language** (:func:`parse`). Words next to each other form a *phrase*: they must
appear in that order, side by side ("Tập Cận Bình" finds Tập Cận Bình, not an article that
says "tập trung", "cận kề" and "hòa bình"), because a Vietnamese word is several syllables.
Phrases separated by a comma, ``;``, ``+`` or ``AND`` must all appear, in any order; a
run of words that holds a known multi-word name is cut at the name's edges first
(:func:`segment`: "Trần Cương Phạm Thanh Bình" is two people, both required). ``"…"`` is a
phrase taken as written (never cut); ``A OR B`` accepts either; ``-word`` or ``-"phrase"``
excludes the articles that have it (a ``-`` applies to the run of words after it).

**Matching.** By default letters are compared without case or diacritics ("bien dong"
finds "Biển Đông"); ``exact=True`` keeps diacritics apart, so "Biển Đông" (the East Sea) no
longer finds "biến động" (volatility). Text and queries are cut into words the same way for
both engines (:func:`words`, :func:`exact_words`): runs of letters and digits, everything
else a separator, so a phrase means the same thing on SQLite and PostgreSQL.

**Engines** (:func:`engine_for`): SQLite's FTS5 (one virtual table, title and text columns in
both foldings, bm25 with the title weighted ten times) and PostgreSQL's ``tsvector`` with a GIN
index (one table, title words at weight A, ``ts_rank``). Both also index each pair of adjacent
words as one word ("tap_can"), at the position of its first word, and a phrase of n words is
searched as the phrase of its n-1 pairs — the same matches, but a phrase of common syllables
("việt nam", 80 % of articles) is one lookup instead of a merge of position lists. Both
answer the same questions — which articles match, in which order — and store.py builds every
search, count and facet from those answers.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass, field, replace
from itertools import pairwise
from typing import Any, Protocol

from sqlalchemy import Integer, String, cast, column, func, literal, literal_column, text
from sqlalchemy import table as table_clause
from sqlalchemy.dialects.postgresql import TSQUERY
from sqlalchemy.engine import Connection
from sqlalchemy.sql import ColumnElement

from .normalize import canonical_tones, fold

_SPLIT = re.compile(r"[\W_]+")
MAX_WORD = 100  # longer "words" are not words (base64, hashes): not indexed
TITLE_WEIGHT = 10.0


def words(text: str | None) -> list[str]:
    """Folded words: lower case, no diacritics ("Quảng Đông" → quang, dong)."""
    return [w for w in _SPLIT.split(fold(text or "")) if w and len(w) <= MAX_WORD]


def exact_words(text: str | None) -> list[str]:
    """Words with their diacritics, lower case, tone marks placed one way."""
    normal = canonical_tones(unicodedata.normalize("NFC", text or "")).lower()
    return [w for w in _SPLIT.split(normal) if w and len(w) <= MAX_WORD]


# --- the query language ----------------------------------------------------------------------


@dataclass(slots=True, frozen=True)
class Phrase:
    text: str  # as typed
    quoted: bool = False

    def tokens(self, exact: bool) -> tuple[str, ...]:
        return tuple(exact_words(self.text) if exact else words(self.text))


@dataclass(slots=True, frozen=True)
class Query:
    """Clauses that must all match (each a choice of phrases), and phrases that must not."""

    clauses: tuple[tuple[Phrase, ...], ...] = ()
    excluded: tuple[Phrase, ...] = ()

    @property
    def empty(self) -> bool:
        return not self.clauses and not self.excluded

    def positive(self, exact: bool) -> tuple[tuple[tuple[str, ...], ...], ...]:
        """The clauses as token tuples, phrases without a word dropped."""
        out = []
        for clause in self.clauses:
            choices = tuple(t for t in (p.tokens(exact) for p in clause) if t)
            if choices:
                out.append(choices)
        return tuple(out)

    def negative(self, exact: bool) -> tuple[tuple[str, ...], ...]:
        return tuple(t for t in (p.tokens(exact) for p in self.excluded) if t)

    def phrases(self, exact: bool = False) -> list[tuple[str, ...]]:
        """Every phrase that a hit may contain, for highlighting."""
        return [choice for clause in self.positive(exact) for choice in clause]

    def describe(self) -> str:
        """How the query was read: «tập cận bình» + («a» | «b») − «c»."""
        def one(p: Phrase) -> str:
            return f"«{p.text}»"
        parts = [one(c[0]) if len(c) == 1 else "(" + " | ".join(one(p) for p in c) + ")"
                 for c in self.clauses]
        return " + ".join(parts) + "".join(f" − {one(p)}" for p in self.excluded)


_QUOTES = "\"“”„«»"
_TOKEN = re.compile(
    rf"(?P<neg>(?<!\S)-(?=[^\s-]))|(?P<quote>[{_QUOTES}](?P<inner>[^{_QUOTES}]*)[{_QUOTES}]?)"
    rf"|(?P<or>(?<!\S)(?:OR|\|)(?!\S))|(?P<sep>[,;+]|(?<!\S)AND(?!\S))"
    rf"|(?P<word>[^\s,;+{_QUOTES}]+)")


@dataclass(slots=True)
class _Builder:
    units: list[tuple[Phrase, bool]] = field(default_factory=list)  # (phrase, negated)
    joins: list[bool] = field(default_factory=list)  # joins[i]: unit i is OR'd with unit i-1
    run: list[str] = field(default_factory=list)
    negated: bool = False
    pending_or: bool = False

    def close(self) -> None:
        if self.run:
            self.add(Phrase(" ".join(self.run)), self.negated)
            self.run, self.negated = [], False

    def add(self, phrase: Phrase, negated: bool) -> None:
        self.joins.append(self.pending_or and bool(self.units) and not negated
                          and not self.units[-1][1])
        self.units.append((phrase, negated))
        self.pending_or = False


def parse(query: str | None) -> Query:
    """Read a query typed by a person (see the module's docstring for the language)."""
    b = _Builder()
    for m in _TOKEN.finditer(unicodedata.normalize("NFC", query or "")):
        kind = m.lastgroup if m.lastgroup != "inner" else "quote"
        if kind == "word":
            b.run.append(m.group("word"))
            continue
        b.close()
        if kind == "neg":
            b.negated = True
        elif kind == "quote":
            b.add(Phrase(m.group("inner").strip(), quoted=True), b.negated)
            b.negated = False
        elif kind == "or":
            b.pending_or = True
    b.close()
    clauses: list[tuple[Phrase, ...]] = []
    excluded: list[Phrase] = []
    for (phrase, negated), joined in zip(b.units, b.joins, strict=True):
        if negated:
            excluded.append(phrase)
        elif joined and clauses:
            clauses[-1] = (*clauses[-1], phrase)
        else:
            clauses.append((phrase,))
    return Query(tuple(clauses), tuple(excluded))


def segment(query: Query, known: Callable[[list[str]], set[str]]) -> Query:
    """Cut each unquoted required phrase at the edges of known names of two words or more:
    ``known`` gets the candidate word sequences (folded, space-joined) and answers the ones
    that name an entity. The longest name wins, left to right."""
    clauses: list[tuple[Phrase, ...]] = []
    for clause in query.clauses:
        phrase = clause[0]
        tokens = phrase.text.split()
        if len(clause) > 1 or phrase.quoted or len(tokens) < 3:
            clauses.append(clause)
            continue
        keys = [" ".join(words(" ".join(tokens[i:j])))
                for i in range(len(tokens)) for j in range(i + 2, len(tokens) + 1)]
        names = known(keys)
        pieces, rest, i = [], [], 0
        while i < len(tokens):
            j = next((j for j in range(len(tokens), i + 1, -1)
                      if " ".join(words(" ".join(tokens[i:j]))) in names), None)
            if j is None:
                rest.append(tokens[i])
                i += 1
                continue
            if rest:
                pieces.append(" ".join(rest))
                rest = []
            pieces.append(" ".join(tokens[i:j]))
            i = j
        if rest:
            pieces.append(" ".join(rest))
        clauses += [(replace(phrase, text=p),) for p in pieces]
    return Query(tuple(clauses), query.excluded)


# --- the engines -----------------------------------------------------------------------------


@dataclass(slots=True)
class IndexDoc:
    """What the index holds for one article."""

    article_id: str
    day: str | None
    title: str
    text: str  # lede, body and the names of the entities found in it


class Engine(Protocol):
    source: Any  # what to select matches from
    key: Any  # the article id column of source
    every: Any  # a table with one small row per article (its article_id column)

    def one_pass(self, clauses: Iterable[Iterable[tuple[str, ...]]]) -> bool:
        """Rank every match in one statement and count them in Python?"""
        ...

    def create(self, conn: Connection) -> None: ...
    def finish(self, conn: Connection) -> None: ...
    def write(self, conn: Connection, docs: list[IndexDoc],
              rowids: list[int] | None = None) -> None: ...
    def remove(self, conn: Connection, article_id: str, day: str | None) -> None: ...
    def condition(self, clauses: Iterable[Iterable[tuple[str, ...]]],
                  exact: bool) -> ColumnElement[bool]: ...
    def relevance(self, clauses: Iterable[Iterable[tuple[str, ...]]],
                  exact: bool) -> ColumnElement[Any]: ...
    def newest(self) -> list[ColumnElement[Any]]: ...
    def planning(self, conn: Connection) -> AbstractContextManager[None]: ...
    def day_bounds(self, first: int | None, last: int | None) -> list[ColumnElement[bool]]: ...


def pairs(tokens: list[str] | tuple[str, ...]) -> list[str]:
    """Adjacent words joined ("tap_can", "can_binh"): a phrase of n words is the phrase of
    its n-1 pairs, which both engines look up like single words."""
    return [f"{a}_{b}" for a, b in pairwise(tokens)]


def compile_clauses(clauses: Iterable[Iterable[tuple[str, ...]]],
                    phrase: Callable[[tuple[str, ...]], str], either: str, both: str) -> str:
    """An engine's query text: the clauses joined by ``both``, each a choice of phrases
    joined by ``either``, each phrase written by the engine's ``phrase``."""
    parts = []
    for clause in clauses:
        choices = [phrase(t) for t in clause]
        parts.append(choices[0] if len(choices) == 1 else "(" + either.join(choices) + ")")
    return both.join(parts)


class Fts5:
    """SQLite FTS5: ``search_fts(article_id UNINDEXED, title, body, title2, body2, title_x,
    body_x, title_x2, body_x2)``: folded words, folded pairs, exact words, exact pairs, each
    for the title and the rest, already cut by :func:`words` (the tokenizer only splits on
    spaces). The rowid is the article's day and id (store._search_rowid), so rowid order is
    newest first."""

    table = table_clause("search_fts", column("rowid", Integer), column("article_id", String))
    keys = table_clause("search_keys", column("rowid", Integer), column("article_id", String))
    source = table.join(keys, keys.c.rowid == table.c.rowid)
    key = keys.c.article_id
    every = keys  # one small row per article

    @staticmethod
    def one_pass(clauses: Iterable[Iterable[tuple[str, ...]]]) -> bool:
        return False  # FTS5 counts and ranks from its index: two statements cost little
    COLUMNS = ("title", "body", "title2", "body2", "title_x", "body_x", "title_x2", "body_x2")

    def create(self, conn: Connection) -> None:
        conn.execute(text("DROP TABLE IF EXISTS search_fts"))
        conn.execute(text("DROP TABLE IF EXISTS search_keys"))
        conn.execute(text(
            f"CREATE VIRTUAL TABLE search_fts USING fts5(article_id UNINDEXED, "
            f"{', '.join(self.COLUMNS)}, "
            "tokenize=\"unicode61 remove_diacritics 0 tokenchars '_'\")"))
        # rowid → article id apart from the text: listing matches never reads their text
        conn.execute(text("CREATE TABLE search_keys (rowid INTEGER PRIMARY KEY, "
                          "article_id VARCHAR(64) NOT NULL)"))

    @staticmethod
    def _row(rowid: int, doc: IndexDoc) -> dict[str, Any]:
        out: dict[str, Any] = {"r": rowid, "id": doc.article_id}
        for suffix, cut in (("", words), ("_x", exact_words)):
            for part, value in (("title", doc.title), ("body", doc.text)):
                tokens = cut(value)
                out[f"{part}{suffix}"] = " ".join(tokens)
                out[f"{part}{suffix}2"] = " ".join(pairs(tokens))
        return out

    def write(self, conn: Connection, docs: list[IndexDoc],
              rowids: list[int] | None = None) -> None:
        if not docs:
            return
        assert rowids is not None and len(rowids) == len(docs)
        names = ", ".join(self.COLUMNS)
        values = ", ".join(f":{c}" for c in self.COLUMNS)
        rows = [self._row(r, d) for r, d in zip(rowids, docs, strict=True)]
        conn.execute(text(f"INSERT INTO search_fts (rowid, article_id, {names}) "
                          f"VALUES (:r, :id, {values})"), rows)
        conn.execute(text("INSERT INTO search_keys (rowid, article_id) VALUES (:r, :id)"), rows)

    def remove(self, conn: Connection, article_id: str, day: str | None) -> None:
        raise NotImplementedError  # store deletes by rowid range (it owns the rowid scheme)

    def finish(self, conn: Connection) -> None:
        conn.execute(text("INSERT INTO search_fts (search_fts) VALUES ('optimize')"))

    @staticmethod
    def match(clauses: Iterable[Iterable[tuple[str, ...]]], exact: bool) -> str:
        x = "_x" if exact else ""

        def phrase(tokens: tuple[str, ...]) -> str:
            if len(tokens) == 1:
                return f'({{title{x} body{x}}} : "{tokens[0]}")'
            return f'({{title{x}2 body{x}2}} : "{" ".join(pairs(tokens))}")'
        return compile_clauses(clauses, phrase, " OR ", " AND ")

    def condition(self, clauses, exact: bool) -> ColumnElement[bool]:
        return literal_column("search_fts").op("MATCH")(literal(self.match(clauses, exact)))

    def relevance(self, clauses, exact: bool) -> ColumnElement[Any]:
        weights = ", ".join(str(TITLE_WEIGHT if c.startswith("title") else 1.0)
                            for c in self.COLUMNS)
        return literal_column(f"bm25(search_fts, 0, {weights})")

    def newest(self) -> list[ColumnElement[Any]]:
        return [self.table.c.rowid.desc()]

    @contextmanager
    def planning(self, conn: Connection) -> Iterator[None]:
        yield

    def day_bounds(self, first: int | None, last: int | None) -> list[ColumnElement[bool]]:
        from .store import _KEY_BITS, _KEY_MASK, _PROBES

        out = []
        if first is not None:  # probing can step below a day's first rowid
            out.append(self.table.c.rowid >= (first << _KEY_BITS) - _PROBES)
        if last is not None:
            out.append(self.table.c.rowid <= (last << _KEY_BITS) | _KEY_MASK)
        return out


MAX_POSITION = 16383  # PostgreSQL keeps positions up to this


HEAD_WORDS = 40  # the lead of an article: what its relevance on PostgreSQL is ranked by


class Tsvector:
    """PostgreSQL: ``search_tsv(article_id, day, tsv, tsv_x, head, head_x)``. The vectors are
    built here from :func:`words` (not by to_tsvector, whose parser cuts words its own way):
    title words at weight A, then the text, and every pair of adjacent words as one lexeme
    ("tap_can"), at the position of its first word. Queries are cast to tsquery as written
    (no dictionary).

    Matching reads the full vectors through their GIN index. Ranking reads ``head``, the
    title (weight A) and the first words of the text: ts_rank over the full vectors would
    read every matching article's whole vector from TOAST storage (a second for "việt nam"
    at 30 000 articles), the head fits in the row. News puts its subject in the headline
    and lead, so "Tập Cận Bình" ranks the articles about him first either way. Counting
    and listing ids go through the index too (:meth:`planning`): the planner prices a scan
    of the table below a bitmap of 25 000 rows, not knowing that every row of that scan
    unpacks a vector."""

    table = table_clause("search_tsv", column("article_id", String), column("day", String))
    source = table
    key = table.c.article_id
    every = table  # its rows are small: the vectors live in TOAST storage

    @staticmethod
    def one_pass(clauses: Iterable[Iterable[tuple[str, ...]]]) -> bool:
        """A phrase of three words or more is checked against each candidate's positions:
        do it once, for the count and the rank together."""
        return any(len(phrase) >= 3 for clause in clauses for phrase in clause)

    def create(self, conn: Connection) -> None:
        conn.execute(text("DROP INDEX IF EXISTS ix_articles_search"))
        conn.execute(text("ALTER TABLE articles DROP COLUMN IF EXISTS search_tsv"))
        conn.execute(text("DROP TABLE IF EXISTS search_tsv"))
        conn.execute(text(
            "CREATE TABLE search_tsv (article_id VARCHAR(64) PRIMARY KEY, day VARCHAR(10), "
            "tsv tsvector NOT NULL, tsv_x tsvector NOT NULL, head tsvector NOT NULL, "
            "head_x tsvector NOT NULL)"))

    def finish(self, conn: Connection) -> None:
        """The indexes, built once the table is filled (faster than row by row)."""
        conn.execute(text("CREATE INDEX IF NOT EXISTS ix_search_tsv ON search_tsv USING GIN (tsv)"))
        conn.execute(text(
            "CREATE INDEX IF NOT EXISTS ix_search_tsv_x ON search_tsv USING GIN (tsv_x)"))
        conn.execute(text("CREATE INDEX IF NOT EXISTS ix_search_recent "
                          "ON search_tsv (day DESC NULLS LAST, article_id)"))

    @staticmethod
    def vector(title: list[str], body: list[str]) -> str:
        positions: dict[str, list[str]] = {}
        stream = [(w, "A") for w in title] + [("", "")] + [(w, "") for w in body]
        for pos, (word, weight) in enumerate(stream[:MAX_POSITION], start=1):
            if not word:
                continue
            positions.setdefault(word, []).append(f"{pos}{weight}")
            nxt = stream[pos][0] if pos < len(stream) else ""
            if nxt:
                positions.setdefault(f"{word}_{nxt}", []).append(f"{pos}{weight}")
        return " ".join(f"'{w}':{','.join(p[:256])}" for w, p in positions.items())

    def write(self, conn: Connection, docs: list[IndexDoc],
              rowids: list[int] | None = None) -> None:
        if not docs:
            return
        rows = []
        for d in docs:
            row: dict[str, Any] = {"id": d.article_id, "day": d.day}
            for suffix, cut in (("", words), ("x", exact_words)):
                title, body = cut(d.title), cut(d.text)
                row[f"v{suffix}"] = self.vector(title, body)
                row[f"h{suffix}"] = self.vector(title, body[:HEAD_WORDS])
            rows.append(row)
        conn.execute(text(
            "INSERT INTO search_tsv (article_id, day, tsv, tsv_x, head, head_x) "
            "VALUES (:id, :day, CAST(:v AS tsvector), CAST(:vx AS tsvector), "
            "CAST(:h AS tsvector), CAST(:hx AS tsvector))"), rows)

    def remove(self, conn: Connection, article_id: str, day: str | None) -> None:
        conn.execute(text("DELETE FROM search_tsv WHERE article_id = :id"), {"id": article_id})

    @staticmethod
    def tsquery(clauses: Iterable[Iterable[tuple[str, ...]]]) -> str:
        def phrase(tokens: tuple[str, ...]) -> str:
            if len(tokens) == 1:
                return f"'{tokens[0]}'"
            return "(" + " <-> ".join(f"'{p}'" for p in pairs(tokens)) + ")"
        return compile_clauses(clauses, phrase, " | ", " & ")

    def condition(self, clauses, exact: bool) -> ColumnElement[bool]:
        vector = literal_column("search_tsv.tsv_x" if exact else "search_tsv.tsv")
        return vector.op("@@")(cast(literal(self.tsquery(clauses)), TSQUERY))

    def relevance(self, clauses, exact: bool) -> ColumnElement[Any]:
        vector = literal_column("search_tsv.head_x" if exact else "search_tsv.head")
        # ts_rank's weights are {D, C, B, A}: title words (A) count ten times body words (D).
        weights = literal_column("'{0.1, 0.2, 0.4, 1.0}'::float4[]")
        query = cast(literal(self.tsquery(clauses)), TSQUERY)
        return -func.ts_rank(weights, vector, query, 1)

    def newest(self) -> list[ColumnElement[Any]]:
        return [self.table.c.day.desc().nulls_last(), self.table.c.article_id]

    def day_bounds(self, first: int | None, last: int | None) -> list[ColumnElement[bool]]:
        return []  # the day filter on articles is exact and the planner uses it

    @contextmanager
    def planning(self, conn: Connection) -> Iterator[None]:
        """Count and rank through the GIN index, never by reading every vector."""
        conn.execute(text("SET LOCAL enable_seqscan = off"))
        conn.execute(text("SET LOCAL max_parallel_workers_per_gather = 0"))
        try:
            yield
        finally:
            conn.execute(text("SET LOCAL enable_seqscan = on"))
            conn.execute(text("RESET max_parallel_workers_per_gather"))


def engine_for(conn: Connection) -> Engine:
    return _FTS5 if conn.dialect.name == "sqlite" else _TSVECTOR


_FTS5 = Fts5()
_TSVECTOR = Tsvector()
