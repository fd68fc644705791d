"""Stage ``topic``: what an article is about — world, business, society, sport, …

A linear model over hashed word n-grams, trained by ``scripts/train_topic.py`` on the ten
sections of the Dân Trí development corpus and shipped as ``data/topic.npz`` (the weights
only, 8-bit). Inference is a few numpy operations:

* the text (headline, sapo, body — its first ``MAX_CHARS`` characters) is lower-cased and cut
  into words at spaces, punctuation stripped from their ends;
* every word and every pair of neighbouring words is hashed to one of ``buckets`` slots with
  CRC-32 (``zlib.crc32`` of the UTF-8 word; a pair mixes its two words' hashes) — the same
  numbers on every machine and run, unlike Python's salted ``hash()``;
* the slots present (each counted once) select rows of the weight matrix; their sum divided by
  the square root of their number, plus the bias, scores each topic; the best one wins.

The training script uses :func:`slots` itself, so training and inference cannot drift apart.
"""

from __future__ import annotations

import re
import zlib
from dataclasses import dataclass
from functools import cache

import numpy as np

from .record import Document
from .resources import data_path

TOPICS = ("world", "business", "society", "sport", "entertainment", "travel", "tech", "health",
          "science", "education")
MAX_CHARS = 3000  # the headline, sapo and opening paragraphs carry the topic
_WORD = re.compile(r"\w")
_PUNCTUATION = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~“”‘’…–—«»"
_MIX = 0x01000193  # FNV prime: mixes a pair's two word hashes
_hashes: dict[str, int] = {}


def _word_hash(word: str) -> int:
    if len(_hashes) > 500_000:
        _hashes.clear()
    value = _hashes[word] = zlib.crc32(word.encode("utf-8"))
    return value


def words_of(text: str) -> list[str]:
    return [w.strip(_PUNCTUATION) for w in text[:MAX_CHARS].lower().split()]


def slots(text: str, buckets: int) -> np.ndarray:
    """The distinct hashed unigram and bigram slots of ``text``, sorted."""
    words = words_of(text)
    if not words:
        return np.zeros(0, dtype=np.int64)
    get = _hashes.get
    h = np.array([get(w) or _word_hash(w) for w in words], dtype=np.uint64)
    pairs = ((h[:-1] * _MIX) ^ h[1:]) & 0xFFFFFFFF
    return np.unique(np.concatenate([h % buckets, (pairs ^ 0x9E3779B9) % buckets]).astype(np.int64))


def article_text(title: str | None, lede: str | None, body: str) -> str:
    return "\n".join(x for x in (title, lede, body) if x)


@dataclass(slots=True, frozen=True)
class Model:
    labels: tuple[str, ...]
    weights: np.ndarray  # (buckets, topics) float32
    bias: np.ndarray  # (topics,)

    @property
    def buckets(self) -> int:
        return self.weights.shape[0]

    def scores(self, text: str) -> np.ndarray:
        index = slots(text, self.buckets)
        if not len(index):
            return self.bias.copy()
        return self.weights[index].sum(axis=0) / np.sqrt(len(index)) + self.bias

    def predict(self, text: str) -> str | None:
        if not _WORD.search(text):
            return None
        return self.labels[int(np.argmax(self.scores(text)))]


@cache
def model() -> Model:
    with data_path("topic.npz").open("rb") as handle:
        data = np.load(handle, allow_pickle=False)
        weights = data["weights"].astype(np.float32) * data["scale"].astype(np.float32)
        return Model(tuple(str(x) for x in data["labels"]), weights,
                     data["bias"].astype(np.float32))


def topic_of(text: str) -> str | None:
    return model().predict(text)


def topic_stage(doc: Document) -> Document:
    """Pipeline stage: set ``article.topic`` from the headline, sapo and body."""
    article = doc.article
    if article is not None:
        article.topic = topic_of(article_text(article.title, article.lede, article.body))
    return doc
