#!/usr/bin/env python3
"""Train the article-topic model shipped as ``src/sukien/data/topic.npz``.

    pip install scikit-learn        # training only; inference needs numpy alone
    python scripts/train_topic.py [CORPUS_DIR] [--buckets 65536] [--out PATH]

Labels are the ten sections of the Dân Trí development corpus, read from each file's
``# doc_id = news_<section>_NNN`` header (``world`` is international politics and diplomacy;
Vietnamese politics is in ``society``). Features are :func:`sukien.topic.slots` — the same
hashing the pipeline uses. A fixed split holds out every file whose number is a multiple of 5;
the script prints the held-out accuracy and the confusion, then trains on every file and
writes the weights (int8 with one scale per topic, a float bias per topic).
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

import numpy as np
from scipy.sparse import csr_matrix
from sklearn.linear_model import LogisticRegression

from sukien.topic import TOPICS, article_text, slots

DEFAULT_CORPUS = Path(__file__).resolve().parents[1] / ".." / "shared" / "corpus" / "dantri-unc"
_DOC_ID = re.compile(r"^#\s*doc_id\s*=\s*news_([a-z]+)_(\d+)", re.M)
_CAPTION = re.compile(r"\((?:Ảnh|Nguồn|Photo)\b|\bẢnh\s*:", re.I)


def read_corpus(directory: Path) -> list[tuple[str, int, str]]:
    """(section, number, text) of every corpus file: its lines without headers or captions."""
    out = []
    for path in sorted(directory.glob("*.txt")):
        raw = path.read_text(encoding="utf-8")
        found = _DOC_ID.search(raw)
        if not found or found.group(1) not in TOPICS:
            continue
        lines = [line.strip() for line in raw.splitlines()
                 if line.strip() and not line.startswith("#") and not _CAPTION.search(line)]
        if lines:
            title, lede, body = lines[0], lines[1] if len(lines) > 1 else None, "\n".join(lines[2:])
            out.append((found.group(1), int(found.group(2)), article_text(title, lede, body)))
    return out


def matrix(texts: list[str], buckets: int) -> csr_matrix:
    rows, cols, values = [], [], []
    for i, text in enumerate(texts):
        index = slots(text, buckets)
        rows += [i] * len(index)
        cols += index.tolist()
        values += [1.0 / np.sqrt(max(len(index), 1))] * len(index)
    return csr_matrix((values, (rows, cols)), shape=(len(texts), buckets), dtype=np.float64)


def fit(texts: list[str], labels: list[int], buckets: int) -> LogisticRegression:
    model = LogisticRegression(C=20.0, max_iter=2000)
    model.fit(matrix(texts, buckets), labels)
    return model


def quantised(model: LogisticRegression) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    weights = np.zeros((model.coef_.shape[1], len(TOPICS)), dtype=np.float64)
    bias = np.zeros(len(TOPICS), dtype=np.float64)
    for row, label in enumerate(model.classes_):
        weights[:, label] = model.coef_[row]
        bias[label] = model.intercept_[row]
    scale = np.abs(weights).max(axis=0) / 127.0
    scale[scale == 0] = 1.0
    return np.round(weights / scale).astype(np.int8), scale.astype(np.float32), bias


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", nargs="?", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--buckets", type=int, default=1 << 16)
    parser.add_argument("--out", type=Path, default=Path(__file__).resolve().parents[1]
                        / "src" / "sukien" / "data" / "topic.npz")
    args = parser.parse_args(argv)
    docs = read_corpus(args.corpus)
    if not docs:
        print(f"no labelled files in {args.corpus}", file=sys.stderr)
        return 1
    index = {t: i for i, t in enumerate(TOPICS)}
    train = [d for d in docs if d[1] % 5]
    test = [d for d in docs if not d[1] % 5]
    held = fit([d[2] for d in train], [index[d[0]] for d in train], args.buckets)
    weights, scale, bias = quantised(held)
    scores = matrix([d[2] for d in test], args.buckets) @ (weights * scale) + bias
    guess = scores.argmax(axis=1)
    truth = np.array([index[d[0]] for d in test])
    print(f"held-out accuracy (files numbered 5, 10, …): {np.mean(guess == truth):.3f} "
          f"on {len(test)} articles, trained on {len(train)}")
    for i, topic in enumerate(TOPICS):
        mine = truth == i
        wrong = {TOPICS[g]: int(n) for g, n in zip(*np.unique(guess[mine], return_counts=True),
                                                   strict=True) if g != i}
        print(f"  {topic:13} {np.mean(guess[mine] == i):.2f}  confused with {wrong}")
    final = fit([d[2] for d in docs], [index[d[0]] for d in docs], args.buckets)
    weights, scale, bias = quantised(final)
    np.savez_compressed(args.out, weights=weights, scale=scale, bias=bias.astype(np.float32),
                        labels=np.array(TOPICS))
    print(f"wrote {args.out} ({args.out.stat().st_size // 1024} KiB, {args.buckets} buckets)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
