"""The token layer: one text field cut into words, numbers and marks, computed once.

Every rule about names works on these tokens instead of scanning characters (the way
spaCy's ``Doc`` is computed once and its ``Matcher`` patterns run over it). A
:class:`Tokens` holds, per token, its offsets, its text, its lower-case form, whether it
is a word with an upper-case initial, and the index of its sentence; and, per field, the
spans that the lexicons found (knowledge-base names, title forms, honorifics, known
people), keyed by the token where each starts.

Upper case
----------
The character class ``[A-ZĐÀ-Ỹ]`` that round one used for "a capital letter" is wrong:
the range À–Ỹ holds the lower-case letters à, đ, ơ, ư, ạ, ở … as well. Use
:func:`is_upper_initial` on a word, or :data:`UPPER` inside a regular expression (it lists
exactly the upper-case Latin letters, Vietnamese ones included)::

    re.compile(rf"\\s+[{UPPER}]")          # a space then a capital, never "ở" or "được"
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from functools import cache, lru_cache
from itertools import accumulate, compress, count
from operator import and_, itemgetter
from typing import Any


def _upper_class() -> str:
    """The upper-case Latin letters (ASCII, Latin-1, Latin Extended, Vietnamese), as ranges."""
    codes = [c for c in range(0x41, 0x250) if chr(c).isupper()
             and unicodedata.category(chr(c)) == "Lu"]
    codes += [c for c in range(0x1E00, 0x1F00) if unicodedata.category(chr(c)) == "Lu"]
    parts: list[str] = []
    run_start = prev = codes[0]
    for code in [*codes[1:], -1]:
        if code == prev + 1:
            prev = code
            continue
        parts.append(re.escape(chr(run_start)) if run_start == prev
                     else f"{re.escape(chr(run_start))}-{re.escape(chr(prev))}")
        run_start = prev = code
    return "".join(parts)


UPPER: str = _upper_class()
"""Body of a regex character class matching one upper-case Latin letter: ``rf"[{UPPER}]"``."""


def is_upper_initial(word: str) -> bool:
    """Does ``word`` start with an upper-case letter? ("Được" yes, "được" and "ở" no)."""
    return bool(word) and word[0].isupper()


_TOKEN = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*|\d+(?:[.,]\d+)*|\S")
# the same tokens for re.split, which keeps them between the gaps; possessive quantifiers
# (nothing to backtrack into) make the scan faster
_PIECES = re.compile(r"([^\W\d_]++(?:[-'’][^\W\d_]++)*+|\d++(?:[.,]\d++)*+|\S)")


@dataclass(slots=True)
class Tokens:
    """The tokens of one text field and the lexicon spans found over them.

    Spans are ``start token → (end token, payload)`` with the end exclusive.
    """

    text: str
    starts: list[int]
    ends: list[int]
    words: list[str]
    caps: list[bool]  # a word whose first letter is upper-case
    sent: list[int]  # sentence index of each token
    gaz: dict[int, tuple[int, Any]] = field(default_factory=dict)  # knowledge-base names
    gaz_all: list[Any] = field(default_factory=list)  # every gazetteer match, nested ones too
    titles: dict[int, int] = field(default_factory=dict)  # fixed title forms
    honorifics: dict[int, int] = field(default_factory=dict)  # "ông", "đồng chí", "GS.TS"
    actors: dict[int, tuple[int, Any]] = field(default_factory=dict)  # people lexicon
    orgs: dict[int, int] = field(default_factory=dict)  # organisation names by head word
    lowered: list[str] = field(default_factory=list)
    n: int = 0  # the number of tokens
    sp: list[bool] = field(default_factory=list)  # see :meth:`spaced`
    # the tokens whose lower-case form opens an entry of a lexicon scanned over every field
    # (honorifics, people, organisation heads), when the entity stage has found them once
    candidates: list[int] | None = None

    def __len__(self) -> int:
        return self.n

    def lower(self, i: int) -> str:
        return self.lowered[i]

    def is_word(self, i: int) -> bool:
        return 0 <= i < self.n and self.words[i][0].isalpha()

    def cap(self, i: int) -> bool:
        return 0 <= i < self.n and self.caps[i]

    def gap(self, i: int) -> str:
        """The characters between token ``i - 1`` and token ``i``."""
        if i <= 0 or i >= self.n:
            return ""
        return self.text[self.ends[i - 1] : self.starts[i]]

    def spaced(self, i: int) -> bool:
        """Token ``i`` follows token ``i - 1`` after exactly one space, in the same sentence."""
        return 0 < i < self.n and self.sp[i]

    def span(self, i: int, j: int) -> str:
        """The text from the start of token ``i`` to the end of token ``j - 1``."""
        return self.text[self.starts[i] : self.ends[j - 1]] if j > i else ""

    def index_at(self, offset: int) -> int | None:
        """The token starting exactly at ``offset``."""
        i = bisect_right(self.starts, offset) - 1
        return i if i >= 0 and self.starts[i] == offset else None

    def index_ending(self, offset: int) -> int | None:
        """One past the token ending exactly at ``offset``."""
        i = bisect_right(self.starts, offset - 1) - 1
        return i + 1 if i >= 0 and self.ends[i] == offset else None

    def where(self, words: frozenset[str] | set[str], capitalised: bool = False,
              lexicon: bool = False) -> list[int]:
        """The tokens whose lower-case form is in ``words`` (capitalised ones only, if asked),
        found without a Python loop over every token; with ``lexicon``, ``words`` opens
        entries of a lexicon counted in :attr:`candidates`, and only those are looked at."""
        if lexicon and self.candidates is not None:
            lowered, caps = self.lowered, self.caps
            return [i for i in self.candidates
                    if lowered[i] in words and (caps[i] or not capitalised)]
        found = map(words.__contains__, self.lowered)
        if capitalised:
            found = map(and_, found, self.caps)
        return list(compress(count(), found))

    def phrase_at(self, i: int, phrases: frozenset[str], longest: int = 4) -> int | None:
        """End token of the longest lower-case phrase of ``phrases`` starting at token ``i``."""
        first, most = _firsts(phrases)
        words = self.lowered
        if words[i] not in first:
            return None
        best = None
        for n in range(1, min(longest, most) + 1):
            j = i + n
            if j > self.n or (n > 1 and not self.spaced(j - 1)):
                break
            if (words[i] if n == 1 else " ".join(words[i:j])) in phrases:
                best = j
        return best


@lru_cache(maxsize=64)
def _firsts(phrases: frozenset[str]) -> tuple[frozenset[str], int]:
    """First words of the phrases, and the most words in one."""
    split = [p.split() for p in phrases if p.strip()]
    return frozenset(w[0] for w in split), max(map(len, split), default=0)


@dataclass(slots=True, frozen=True)
class PhraseTable:
    """Phrases as token sequences (lower case, any spacing inside): "gs.ts" matches
    "GS.TS" and "GS. TS"; longest first at a token."""

    phrases: dict[tuple[str, ...], Any]
    first: frozenset[str]
    longest: int
    prefixes: frozenset[tuple[str, ...]] = frozenset()  # every phrase's leading words

    @classmethod
    def build(cls, items: dict[str, Any]) -> PhraseTable:
        table: dict[tuple[str, ...], Any] = {}
        for phrase, payload in items.items():
            words = tuple(tokenize(phrase, [(0, len(phrase))]).lowered)
            if words:
                table.setdefault(words, payload)
        prefixes = frozenset(k[:n] for k in table for n in range(1, len(k) + 1))
        return cls(table, frozenset(k[0] for k in table), max(map(len, table), default=0),
                   prefixes)

    def at(self, tokens: Tokens, i: int) -> tuple[int, Any] | None:
        """(end token, payload) of the longest phrase starting at token ``i``."""
        lowered = tokens.lowered
        if lowered[i] not in self.first:
            return None
        best = None
        sent = tokens.sent[i]
        for j in range(i + 1, min(tokens.n, i + self.longest) + 1):
            if j - 1 > i and tokens.sent[j - 1] != sent:
                break
            key = tuple(lowered[i:j])
            if key not in self.prefixes:
                break
            if key in self.phrases:
                best = (j, self.phrases[key])
        return best


def tokenize(text: str, sentences: list[tuple[int, int]] | None = None) -> Tokens:
    """Cut ``text`` into tokens; ``sentences`` are ``(start, end)`` offsets when known.

    One ``re.split`` gives the gaps and the tokens in turn; their offsets are the running
    sums of the pieces' lengths (no match object per token)."""
    pieces = _PIECES.split(text)
    words = pieces[1::2]
    offsets = list(accumulate(map(len, pieces)))
    starts = offsets[0:-1:2]
    ends = offsets[1::2]
    split = _hyphenated(text, starts, words)
    if split:
        starts, ends, words = _split_hyphens(starts, ends, words, split)
    lowered = list(map(str.lower, words))
    caps = list(map(str.isupper, map(itemgetter(0), words)))
    sent, firsts = _sentence_index(starts, text, sentences)
    tokens = Tokens(text, starts, ends, words, caps, sent)
    tokens.lowered = lowered
    n = tokens.n = len(words)
    if split:
        sp = [k > 0 and starts[k] - ends[k - 1] == 1 and text[ends[k - 1]] == " "
              for k in range(n)]
    else:
        sp = list(map(" ".__eq__, pieces[0:-1:2]))
    if sp:
        sp[0] = False
    for k in firsts:  # the first token of a sentence follows no token of its sentence
        if k < n:
            sp[k] = False
    tokens.sp = sp
    return tokens


def _hyphenated(text: str, starts: list[int], words: list[str]) -> list[int]:
    """The tokens holding a hyphen that joins two names (found from the hyphens of the text,
    not by looking at every token)."""
    out: list[int] = []
    at = text.find("-")
    while at >= 0:
        n = bisect_right(starts, at) - 1
        if n >= 0 and (not out or out[-1] != n) and "-" in words[n] and _splits(words[n]):
            out.append(n)
        at = text.find("-", at + 1)
    return out


def _split_hyphens(starts: list[int], ends: list[int], words: list[str],
                   split: list[int]) -> tuple[list[int], list[int], list[str]]:
    out_s: list[int] = []
    out_e: list[int] = []
    out_w: list[str] = []
    todo = set(split)
    for n, word in enumerate(words):
        if n not in todo:
            out_s.append(starts[n])
            out_e.append(ends[n])
            out_w.append(word)
            continue
        offset = starts[n]
        for k, part in enumerate(word.split("-")):
            if k:
                out_s.append(offset - 1)
                out_e.append(offset)
                out_w.append("-")
            out_s.append(offset)
            out_e.append(offset + len(part))
            out_w.append(part)
            offset += len(part) + 1
    return out_s, out_e, out_w


@cache
def _splits(word: str) -> bool:
    """"ASEAN-Trung Quốc", "Việt-Trung": two names joined by a hyphen, not one name
    ("Pu-tin", "Diaz-Canel", "Jae-in" stay whole)."""
    from .normalize import is_syllable

    parts = word.split("-")
    if any(not p for p in parts):
        return False
    if any(len(p) >= 2 and p.isupper() for p in parts):
        return True
    return all(p[0].isupper() and is_syllable(p) for p in parts) and len(parts) == 2 \
        and not all(len(p) <= 3 for p in parts)


def _sentence_index(starts: list[int], text: str,
                    sentences: list[tuple[int, int]] | None) -> tuple[list[int], list[int]]:
    """The sentence of each token, and the first token of each sentence after the first."""
    if sentences is None:
        from .sentences import split_sentences

        sentences = [(s.start, s.end) for s in split_sentences(text)]
    if not sentences:
        return [0] * len(starts), []
    out: list[int] = []
    firsts: list[int] = []
    for index, (start, _) in enumerate(sentences[1:], 1):  # a run of tokens per sentence
        upto = bisect_left(starts, start)
        out.extend([index - 1] * (upto - len(out)))
        firsts.append(len(out))
    out.extend([len(sentences) - 1] * (len(starts) - len(out)))
    return out, firsts


def map_spans(tokens: Tokens, spans: list[tuple[int, int, Any]]) -> dict[int, tuple[int, Any]]:
    """Character spans → ``start token → (end token, payload)``; unaligned spans are dropped,
    the longest wins at a start."""
    out: dict[int, tuple[int, Any]] = {}
    for start, end, payload in spans:
        i = tokens.index_at(start)
        j = tokens.index_ending(end)
        if i is None or j is None or j <= i:
            continue
        if i not in out or out[i][0] < j:
            out[i] = (j, payload)
    return out


@cache
def fold_key(text: str) -> str:
    """Lower case, hyphens and dots as spaces, single spaces: "V.Pu-tin" → "v pu tin"."""
    return " ".join(re.sub(r"[-.‐–’']", " ", text.lower()).split())
