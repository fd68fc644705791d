"""The actor lexicon (``data/kb/people.tsv``): who is who, with country, roles and years.

In the manner of PETRARCH's actor dictionaries, each row names one person — heads of state
and government, ministers, party leaders, officials who recur in Vietnamese news — with
the spellings the Vietnamese press uses (full forms, hyphenated transliterations such as
"V.Pu-tin" or "Đô-nan Trăm", and short forms), the usual English spelling or pinyin, the
country served and the offices held with their years.

The lexicon is used three ways:

* :func:`scan` finds full forms (and the unambiguous short forms of ``short_vi``) in a
  token stream, so that a known person is found without a title around the name;
* :func:`resolve` ties a name found by the rules to its actor: full forms directly, short
  forms ("Thủ tướng Johnson", "ông Tập") only when exactly one actor fits the title written
  beside it and, when the article's year is known, held an office that year;
* the actor's ``key`` is the person's identity in the knowledge base across articles.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from . import kb, titles
from .normalize import fold, is_syllable
from .tokens import Tokens, fold_key

EAST_ASIAN = frozenset({"CN", "TW", "HK", "MO", "KR", "KP", "SG"})  # surname first, said alone
MAX_WORDS = 7


@dataclass(frozen=True, slots=True)
class Role:
    title: str  # as written in Vietnamese: "Tổng thống Mỹ"
    start: int | None
    end: int | None  # None while in office

    def held_in(self, year: int | None) -> bool:
        if year is None:
            return True
        return (self.start is None or self.start <= year) and (self.end is None or year <= self.end)


@dataclass(frozen=True, slots=True)
class Actor:
    key: str  # "PER:donald-trump:US", the identity across articles
    name: str  # the usual Vietnamese form
    name_en: str
    country: str
    roles: tuple[Role, ...]
    forms: tuple[str, ...]  # every full form the lexicon lists

    def role_in(self, year: int | None) -> Role | None:
        held = [r for r in self.roles if r.held_in(year)]
        return held[0] if held else None

    def fits_title(self, title: str | None, year: int | None = None) -> bool:
        """Did the actor hold an office that ``title`` names (its head), in ``year``?"""
        if not title:
            return True
        want = _head_key(title)
        return any(_synonyms(fold(r.title)).startswith(want) and r.held_in(year)
                   for r in self.roles)


_ROLE = re.compile(r"^(?P<title>[^@]+?)\s*@\s*(?P<start>\d{4})?\s*(?:-\s*(?P<end>\d{4})?)?$")
_MODIFIERS = ("nguyen ", "cuu ", "quyen ", "tan ", "co ")


_SYNONYMS = (("bo truong ngoai giao", "ngoai truong"), ("chu tich nuoc", "chu tich"),
             ("thu tuong chinh phu", "thu tuong"))


def _synonyms(key: str) -> str:
    for long, short in _SYNONYMS:
        if key.startswith(long):
            return short + key[len(long) :]
    return key


def _head_key(title: str) -> str:
    """The office a title starts with, folded: "cựu Tổng thống Mỹ" → "tong thong"."""
    text = title.strip()
    for modifier in _MODIFIERS:
        if fold(text).startswith(modifier):
            text = text[len(modifier) :]
    heads = titles.heads_in(text)
    head = text[: heads[0][1]] if heads and heads[0][0] == 0 else text.split(",")[0]
    return _synonyms(fold(head).strip())


def parse_role(cell: str) -> Role:
    """"Tổng thống Mỹ@2017-2021" → Role; a year range may be open ("@2025-") or one year."""
    match = _ROLE.match(cell.strip())
    if not match:
        raise kb.KBError(f"people.tsv: bad role {cell!r} (want 'Title@YYYY-YYYY')")
    start = int(match["start"]) if match["start"] else None
    end = int(match["end"]) if match["end"] else None
    if match["start"] and "-" not in cell.split("@", 1)[1]:
        end = start  # a single year
    return Role(match["title"].strip(), start, end)


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-")


@dataclass(frozen=True, slots=True)
class _Index:
    full: dict[str, tuple[Actor, ...]]  # fold_key of a full form
    anywhere: dict[str, tuple[Actor, ...]]  # fold_key of a short form good anywhere
    titled: dict[str, tuple[Actor, ...]]  # fold_key of a short form needing a fitting title
    first: frozenset[str]  # fold_key of the first token of anything scanned
    by_key: dict[str, Actor]
    prefixes: frozenset[str]  # every word-prefix of the keys of ``full`` and ``anywhere``


def _is_vietnamese(words: list[str]) -> bool:
    return all(is_syllable(w) for w in words)


def short_forms(name: str, country: str | None) -> list[str]:
    """How a name is shortened: a Vietnamese name by its last given name(s) ("Phúc", "Kim
    Ngân"), an East Asian one by its surname ("Tập", "Moon"), others by the last word."""
    words = name.replace(".", ". ").split()
    if len(words) < 2:
        return []
    if country in EAST_ASIAN:
        return [words[0]]
    if _is_vietnamese(words) and country in ("VN", "LA", None):
        return [words[-1], " ".join(words[-2:])] if len(words) >= 3 else [words[-1]]
    return [words[-1]]


@cache
def _index() -> _Index:
    full: dict[str, list[Actor]] = {}
    anywhere: dict[str, list[Actor]] = {}
    titled: dict[str, list[Actor]] = {}
    by_key: dict[str, Actor] = {}
    for row in kb.people():
        forms = tuple(dict.fromkeys((row.name_vi, *row.aliases_vi, row.name_en)))
        actor = Actor(f"PER:{_slug(row.name_en)}:{row.country}", row.name_vi, row.name_en,
                      row.country, tuple(parse_role(r) for r in row.roles), forms)
        if actor.key in by_key:
            raise kb.KBError(f"people.tsv: two rows for {actor.key}")
        by_key[actor.key] = actor
        for form in forms:
            full.setdefault(fold_key(form), []).append(actor)
            for short in short_forms(form, row.country):
                titled.setdefault(fold_key(short), []).append(actor)
        for short in row.short_vi:
            anywhere.setdefault(fold_key(short), []).append(actor)
            titled.setdefault(fold_key(short), []).append(actor)

    def unique(table: dict[str, list[Actor]]) -> dict[str, tuple[Actor, ...]]:
        return {k: tuple({a.key: a for a in v}.values()) for k, v in table.items()}

    first = frozenset(_first_token(form) for row in kb.people()
                      for form in (row.name_vi, *row.aliases_vi, row.name_en, *row.short_vi))
    keys = [*full, *anywhere]
    prefixes = frozenset(" ".join(k.split()[:n]) for k in keys for n in range(1, len(k.split())))
    return _Index(unique(full), unique(anywhere), unique(titled), first, by_key,
                  prefixes | frozenset(keys))


def _first_token(form: str) -> str:
    from .tokens import tokenize

    tk = tokenize(form, [(0, len(form))])
    return tk.lowered[0] if tk.lowered else ""


def first_words() -> frozenset[str]:
    """The first words of every form :func:`scan` looks for, lower case."""
    return _index().first


def actors() -> tuple[Actor, ...]:
    return tuple(_index().by_key.values())


def by_key(key: str) -> Actor | None:
    return _index().by_key.get(key)


def lookup(name: str) -> Actor | None:
    """The actor whose full form ``name`` is, when exactly one."""
    found = _index().full.get(fold_key(name), ())
    return found[0] if len(found) == 1 else None


def resolve(name: str, title: str | None = None, year: int | None = None) -> Actor | None:
    """The actor a written name stands for: a full form, an anywhere short form, or a short
    form with a title that exactly one actor held (in ``year`` when given)."""
    key = fold_key(name)
    index = _index()
    found = index.full.get(key) or index.anywhere.get(key)
    if not found and (spelled := by_spelling(name)) is not None:
        found = (spelled,)
    if found:
        fitting = [a for a in found if a.fits_title(title, year)] if len(found) > 1 else found
        return fitting[0] if len(fitting) == 1 else None
    if not title:
        return None
    fitting = [a for a in index.titled.get(key, ()) if a.fits_title(title, year)]
    return fitting[0] if len(fitting) == 1 else None


def scan(tokens: Tokens) -> dict[int, tuple[int, Actor]]:
    """Full forms and anywhere short forms in ``tokens``: ``start → (end, actor)``, longest
    first; the first word must be capitalised and the form end on a token boundary."""
    index = _index()
    out: dict[int, tuple[int, Actor]] = {}
    n = tokens.n
    first = index.first
    done = 0
    for i in tokens.where(first, capitalised=True, lexicon=True):
        if i < done:
            continue
        best: tuple[int, Actor] | None = None
        for j in range(i + 1, min(n, i + MAX_WORDS) + 1):
            if j - 1 > i and (tokens.sent[j - 1] != tokens.sent[i]
                              or tokens.starts[j - 1] - tokens.ends[j - 2] > 1):
                break
            key = fold_key(tokens.span(i, j))
            if key not in index.prefixes:
                if key:  # "Nguyễn Văn" begins no full form: no longer span will
                    break
                continue
            found = index.full.get(key) or index.anywhere.get(key)
            if found and len(found) == 1 and tokens.caps[j - 1]:
                best = (j, found[0])
        if best and not (best[0] < n and tokens.caps[best[0]] and tokens.spaced(best[0])
                         and tokens.is_word(best[0]) and best[0] - i == 1):
            out[i] = best
            done = best[0]
    for start, end, actor in _transliterations(tokens):
        for k in [k for k in out if start <= k < end]:
            del out[k]
        out[start] = (end, actor)
    return out


# --- names transliterated the Vietnamese way ---------------------------------------------------


def _transliterations(tokens: Tokens) -> list[tuple[int, int, Actor]]:
    """Foreign names written the Vietnamese way, whose spelling varies from paper to paper
    ("Ê-ma-nu-en Ma-crông", "X.La-vrốp", "Xổn-xay Xi-phăn-đon"): a run of capitalised words,
    one of them hyphenated, is the known actor whose surname it spells with at most one letter
    changed (diacritics aside) and whose given name starts with the same letter."""
    out: list[tuple[int, int, Actor]] = []
    words, caps = tokens.words, tokens.caps
    done = 0
    for i in range(tokens.n):
        if i < done or not caps[i] or not ("-" in words[i] or (
                len(words[i]) == 1 and i + 1 < tokens.n and words[i + 1] == ".")):
            continue  # a run starts with a hyphenated word or an initial
        end = _name_run(tokens, i)
        done = max(end, i + 1)
        actor = by_spelling(" ".join(words[i:end])) if end - i >= 2 else None
        if actor is not None:
            out.append((i, end, actor))
    return out


def _name_run(tokens: Tokens, i: int) -> int:
    """The end of a transliterated name starting at ``i``: hyphenated capitalised words and
    initials ("X.", "V."), and one closing capitalised word ("Đô-nan Trăm")."""
    words = tokens.words
    j = i
    while j < tokens.n and tokens.caps[j] and ("-" in words[j] or (
            len(words[j]) == 1 and j + 1 < tokens.n and words[j + 1] == ".")):
        if j > i and (tokens.sent[j] != tokens.sent[i]
                      or tokens.starts[j] - tokens.ends[j - 1] > 1):
            return j
        j += 2 if len(words[j]) == 1 else 1
    if j > i and j < tokens.n and tokens.caps[j] and tokens.spaced(j) and tokens.is_word(j) \
            and not (j + 1 < tokens.n and tokens.caps[j + 1] and tokens.spaced(j + 1)):
        j += 1
    return j


def _surname_key(word: str) -> str:
    """The letters of a name part, written one way: "Phu-mi-ô" and "Fumio" are "fumio"."""
    key = re.sub(r"[^a-z]", "", fold(word))
    for written, sound in _SAME_SOUNDS:
        key = key.replace(written, sound)
    return key


# Letters that spell one sound in transliterations and in the original's Latin spelling.
_SAME_SOUNDS = (("ph", "f"), ("gi", "j"), ("ck", "k"), ("c", "k"), ("q", "k"), ("y", "i"),
                ("w", "u"))


def by_spelling(name: str) -> Actor | None:
    """The known foreign actor a transliterated full name spells ("Xổn-xay Xi-phăn-đon")."""
    words = [w for w in name.replace(".", ". ").split() if w != "."]
    if len(words) < 2 or not any("-" in w for w in words):
        return None
    return _spelled(_surname_key(words[0])[:1], _surname_key(words[-1]))


def _spelled(initial: str, surname: str) -> Actor | None:
    if len(surname) < 4 or not initial:
        return None
    found = {a.key: a for key, first, a in _surname_index()
             if first == initial and (key == surname or (
                 min(len(key), len(surname)) >= 5 and _one_edit(key, surname)))}
    return next(iter(found.values())) if len(found) == 1 else None


@cache
def _surname_index() -> tuple[tuple[str, str, Actor], ...]:
    """(surname key, given name's first letter, actor) of every foreign actor's full forms."""
    out = []
    for actor in _index().by_key.values():
        if actor.country == "VN":
            continue
        for form in actor.forms:
            words = form.replace(".", ". ").split()
            if len(words) >= 2:
                out.append((_surname_key(words[-1]), _surname_key(words[0])[:1], actor))
    return tuple(out)


def _one_edit(a: str, b: str) -> bool:
    """At most one letter inserted, deleted or changed."""
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) > len(b):
        a, b = b, a
    for k, (x, y) in enumerate(zip(a, b, strict=False)):
        if x != y:
            return a[k + 1 :] == b[k + 1 :] if len(a) == len(b) else a[k:] == b[k + 1 :]
    return True
