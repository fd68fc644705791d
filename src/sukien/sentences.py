"""Stage ``sentences``: split the body into sentences with character offsets.

Vietnamese news punctuation: a sentence ends at ``.``, ``!``, ``?``, ``…`` or the
wire-service closing mark ``./.`` when the next word starts with a capital, a
digit or an opening quote — except after abbreviations ("TP.", "Tp.", "GS.",
"TS.", "ThS.", "PGS.", "Th.S", "v.v.") and inside numbers ("1.000", "3.0").
Paragraph breaks always end a sentence, and so does a photo credit closing an inline
caption ("… (Ảnh: Reuters) Ông …"), as in bodies printed as one paragraph.

"A capital" is :data:`sukien.tokens.UPPER`, the upper-case letters only: the range
``À-Ỹ`` used before held lower-case letters too (à, đ, ở, ư), so a sentence broke before
"được" or "ở".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from .budget import MAX_SENTENCE_CHARS
from .record import Document
from .resources import read_lines
from .tokens import UPPER

_CREDIT = r"\((?:[ẢảAa]nh|Nguồn|Photo|Video|Clip)\s*:[^()\n]{1,80}\)"
_BOUNDARY = re.compile(rf"(?:\./\.|[.!?…]+|(?<=\S ){_CREDIT})[\"”’»)\]]*"
                       rf"(?=\s+[\"“‘«(\[]?[{UPPER}0-9])")


@dataclass(slots=True, frozen=True)
class Sentence:
    start: int
    end: int
    text: str


@cache
def abbreviations() -> frozenset[str]:
    return frozenset(line.lower() for line in read_lines("abbreviations.txt"))


def _is_abbreviation(text: str, dot: int) -> bool:
    head = re.search(r"([\w.]+)$", text[max(0, dot - 24) : dot])
    if not head:
        return False
    word = head.group(1).lower()
    return word in abbreviations() or (len(word) == 1 and word.isalpha())


def split_sentences(text: str) -> list[Sentence]:
    sentences: list[Sentence] = []
    for para in re.finditer(r"[^\n]+", text):
        start = para.start()
        for match in _BOUNDARY.finditer(para.group(0)):
            end = para.start() + match.end()
            if match.group(0) == "." and _is_abbreviation(text, para.start() + match.start()):
                continue
            _append(sentences, text, start, end)
            start = end
        _append(sentences, text, start, para.end())
    return sentences


def _append(out: list[Sentence], text: str, start: int, end: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    # The work budget (sukien.budget): a "sentence" of more than MAX_SENTENCE_CHARS (glued
    # text; the longest real one in the dev corpus has 1 889) is cut at a space, so that the
    # later stages, some quadratic in a sentence's length, stay fast.
    while end - start > MAX_SENTENCE_CHARS:
        cut = text.rfind(" ", start + 1, start + MAX_SENTENCE_CHARS)
        cut = cut if cut > start else start + MAX_SENTENCE_CHARS
        out.append(Sentence(start, cut, text[start:cut]))
        start = cut
        while start < end and text[start].isspace():
            start += 1
    if end > start:
        out.append(Sentence(start, end, text[start:end]))


def sentences_stage(doc: Document) -> Document:
    """Pipeline stage: fill ``sentences`` from the article body."""
    body = doc.article.body if doc.article else ""
    doc.sentences = split_sentences(body)
    return doc
