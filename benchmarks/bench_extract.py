"""Article extraction: sukien beside trafilatura, in one run.

Prints pages/s for the whole pipeline (``decode`` to ``events``) on the
seed pages (``../shared/seeds``) and the bundled examples, and, on the HTML
examples (whose gold files carry the full expected ``body``), body token F1
and pages/s for sukien and for trafilatura's own ``extract``.

    python benchmarks/bench_extract.py [--seconds 3]
"""

from __future__ import annotations

import argparse
import json
import re
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import trafilatura
from measure import bag_f1, repeat

from sukien.decode import decode_bytes
from sukien.errors import SukienError
from sukien.normalize import normalize_text
from sukien.pipeline import Pipeline
from sukien.record import Document
from sukien.sources import iter_documents

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT.parent / "shared" / "seeds"
EXAMPLES = ROOT / "examples" / "pages"
EXAMPLE_GOLD = ROOT / "examples" / "gold"


def tokens(text: str) -> Counter[str]:
    return Counter(re.findall(r"\w+", normalize_text(text).lower()))


def token_f1(predicted: str, gold: str) -> float:
    return bag_f1(tokens(predicted), tokens(gold))


def load_documents(paths: list[Path]) -> list[Document]:
    docs = iter_documents([str(p) for p in paths])
    return [d for d in docs if not isinstance(d, SukienError)]


def pages_per_second(run: Callable[[], object], pages: int, seconds: float) -> float:
    passes, elapsed = repeat(run, seconds)
    return passes * pages / elapsed


def run_sukien(pipeline: Pipeline, docs: list[Document]) -> None:
    for doc in docs:
        pipeline(Document(path=doc.path, raw=doc.raw, url=doc.url,
                          reference_time=doc.reference_time, content_type=doc.content_type,
                          declared_encoding=doc.declared_encoding))


def run_trafilatura(html_pages: list[str]) -> None:
    for html in html_pages:
        trafilatura.extract(html)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=3.0, help="time budget per measurement")
    args = parser.parse_args()
    pipeline = Pipeline.build()

    seed_docs = load_documents(sorted(SEEDS.glob("*"))) if SEEDS.exists() else []
    example_docs = load_documents([EXAMPLES])
    html_paths = sorted(EXAMPLES.glob("*.html"))
    html_docs = load_documents(html_paths)
    html_text = [decode_bytes(p.read_bytes(), str(p))[0] for p in html_paths]

    print(f"{'corpus':<28}{'pages':>7}{'sukien p/s':>13}{'trafilatura p/s':>18}")
    corpora = (("seeds (text dumps)", seed_docs), ("examples (all formats)", example_docs))
    for label, docs in corpora:
        if docs:
            rate = pages_per_second(lambda d=docs: run_sukien(pipeline, d), len(docs),
                                    args.seconds)
            print(f"{label:<28}{len(docs):>7}{rate:>13.1f}{'-':>18}")
    ours = pages_per_second(lambda: run_sukien(pipeline, html_docs), len(html_docs), args.seconds)
    theirs = pages_per_second(lambda: run_trafilatura(html_text), len(html_text), args.seconds)
    print(f"{'examples (HTML only)':<28}{len(html_docs):>7}{ours:>13.1f}{theirs:>18.1f}")

    print(f"\n{'HTML example':<34}{'sukien F1':>11}{'trafilatura F1':>16}")
    totals = [0.0, 0.0]
    for path, html, doc in zip(html_paths, html_text, html_docs, strict=True):
        gold = json.loads((EXAMPLE_GOLD / f"{path.stem}.json").read_text(encoding="utf-8"))
        ours_f1 = token_f1(pipeline(doc).article.body, gold["body"])
        theirs_f1 = token_f1(trafilatura.extract(html) or "", gold["body"])
        totals[0] += ours_f1
        totals[1] += theirs_f1
        print(f"{path.name:<34}{ours_f1:>11.3f}{theirs_f1:>16.3f}")
    n = max(1, len(html_paths))
    print(f"{'mean':<34}{totals[0] / n:>11.3f}{totals[1] / n:>16.3f}")


if __name__ == "__main__":
    main()
