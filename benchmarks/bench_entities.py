"""Entities: sukien's ``entities`` stage beside underthesea's ``ner``, in one run.

On the seed pages (``../shared/seeds``, gold in ``../shared/gold``) it prints, side by side:

* throughput — articles/s and characters/s of sukien's ``entities`` stage alone (over documents
  already decoded, extracted, normalised and sentence-split) and of ``underthesea.ner`` over the
  same body text, one sentence at a time; each repeated for ``--seconds`` (at least one pass);
* name-level precision / recall / F1 per type (PER, ORG, LOC) and micro-averaged over all types
  and pages, against the gold ``people[].name``, ``organizations[]`` and ``places[].name``.

Matching. Names are compared after normalisation: NFC, case-folded, whitespace collapsed.
Only the article body counts: a sukien entity is predicted when one of its mentions has
``field == "body"``; underthesea only sees the body. Predictions are deduplicated per page.
A sukien entity is one prediction whose names are its ``canonical``, ``aliases`` and ``acronym``;
an underthesea prediction is one span of B-/I- tokens (PER, ORG, LOC; MISC ignored) named by its
words joined by spaces, punctuation stripped from both ends. A prediction is correct when one
of its names equals a gold name of the same type on that page (precision = correct predictions /
predictions); a gold name is found when some prediction of its type has it among its names
(recall = found gold names / gold names). Micro-averages pool these counts over types and pages.

underthesea runs offline: ``ner(..., deep=False)`` (the default) uses the CRF models that ship
inside the wheel (``pipeline/ner/ner_crf_2017_10_12.bin`` plus the bundled word-segmentation,
POS and chunking CRFs); only ``deep=True`` fetches a transformer. ``HF_HUB_OFFLINE=1`` is set so
that nothing can be downloaded. Without underthesea (``pip install -e .[bench]``) or if its
``ner`` fails, sukien's figures are still printed.

Target (issue): sukien's entity stage ≥ 20× underthesea's speed, with clearly higher F1.

With ``--corpus DIR`` (default ``../shared/corpus/dantri-unc`` when present) it also prints the
entity stage's throughput over every page of that corpus (pages prepared once by the earlier
stages; CPU time of the stage alone, so that other processes on the machine do not count),
and how many people, mentions and entities per page it found (target: ≥ 700 pages/s).

    python benchmarks/bench_entities.py [--seconds 5] [--errors] [--corpus DIR]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import time
import unicodedata
from collections.abc import Callable
from pathlib import Path

from measure import prepared, repeat

from sukien.entities import entities_stage, preload
from sukien.record import Document

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT.parent / "shared" / "seeds"
CORPUS = ROOT.parent / "shared" / "corpus" / "dantri-unc"
GOLD = ROOT.parent / "shared" / "gold"
TYPES = ("PER", "ORG", "LOC")
PREPARE = ("decode", "extract", "normalise", "sentences")  # what the entity stage reads
EDGE_PUNCT = re.compile(r"^[\W_]+|[\W_]+$")

Names = dict[str, list[frozenset[str]]]  # type -> one set of normalised names per prediction


def norm(name: str) -> str:
    return " ".join(unicodedata.normalize("NFC", name).casefold().split())


def load_gold(stem: str) -> dict[str, set[str]]:
    gold = json.loads((GOLD / f"{stem}.json").read_text(encoding="utf-8"))
    return {"PER": {norm(p["name"]) for p in gold.get("people", [])},
            "ORG": {norm(o) for o in gold.get("organizations", [])},
            "LOC": {norm(p["name"]) for p in gold.get("places", [])}}


def sukien_names(doc: Document) -> Names:
    out: Names = {t: [] for t in TYPES}
    for ent in doc.entities:
        if ent.type in out and any(m.field == "body" for m in ent.mentions):
            names = frozenset(norm(n) for n in [ent.canonical, *ent.aliases, ent.acronym] if n)
            if names not in out[ent.type]:
                out[ent.type].append(names)
    return out


def underthesea_names(ner: Callable, doc: Document) -> Names:
    spans: dict[str, set[str]] = {t: set() for t in TYPES}
    for sentence in doc.sentences:
        current: tuple[str, list[str]] | None = None
        for word, *_, tag in [*ner(sentence.text), ("", "O")]:
            kind = tag[2:]
            if current and (tag != f"I-{current[0]}"):
                if current[0] in spans:
                    spans[current[0]].add(EDGE_PUNCT.sub("", norm(" ".join(current[1]))))
                current = None
            if tag.startswith("B-") or (tag.startswith("I-") and current is None):
                current = (kind, [word])
            elif current:
                current[1].append(word)
    return {t: [frozenset([s]) for s in sorted(spans[t]) if s] for t in TYPES}


def score(preds: list[Names], golds: list[dict[str, set[str]]], errors: list[str] | None):
    """Per type and micro: (correct predictions, predictions, found gold, gold)."""
    counts = {t: [0, 0, 0, 0] for t in (*TYPES, "micro")}
    for page, (pred, gold) in enumerate(zip(preds, golds, strict=True)):
        for t in TYPES:
            right = [bool(names & gold[t]) for names in pred[t]]
            found = {g for g in gold[t] if any(g in names for names in pred[t])}
            for key in (t, "micro"):
                c = counts[key]
                c[0] += sum(right)
                c[1] += len(right)
                c[2] += len(found)
                c[3] += len(gold[t])
            if errors is not None:
                errors += [f"  {page} {t} FP {'|'.join(sorted(n))}"
                           for n, ok in zip(pred[t], right, strict=True) if not ok]
                errors += [f"  {page} {t} FN {g}" for g in sorted(gold[t] - found)]
    return counts


def prf(c: list[int]) -> tuple[float, float, float]:
    p = c[0] / c[1] if c[1] else 0.0
    r = c[2] / c[3] if c[3] else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def throughput(run: Callable[[], object], docs: list[Document], seconds: float):
    chars = sum(len(d.article.body) for d in docs if d.article)
    passes, elapsed = repeat(run, seconds)
    return passes * len(docs) / elapsed, passes * chars / elapsed, passes


def load_underthesea() -> tuple[Callable | None, str]:
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    try:
        from underthesea import __version__, ner

        ner("Ông Nguyễn Việt Dũng làm việc tại Quảng Châu.", deep=False)  # loads the CRFs
    except Exception as err:  # ImportError, or a model it could not find offline
        return None, f"underthesea not usable offline ({type(err).__name__}: {err})"
    return (lambda text: ner(text, deep=False)), f"underthesea {__version__} ner"


def corpus_throughput(folder: Path) -> None:
    """The entity stage alone over every page of ``folder``, in CPU seconds."""
    docs = prepared(map(str, sorted(folder.glob("*.txt"))), PREPARE)
    preload()  # loads the knowledge base, the lexicons and the reading tables
    for doc in docs[:50]:
        entities_stage(doc)  # warm-up
    started = time.process_time()
    for doc in docs:
        entities_stage(doc)
    seconds = time.process_time() - started
    people = sum(1 for d in docs for e in d.entities if e.type == "PER")
    mentions = sum(len(e.mentions) for d in docs for e in d.entities if e.type == "PER")
    entities = sum(len(d.entities) for d in docs)
    print(f"entity stage on {folder.name}: {len(docs)} pages in {seconds:.2f} CPU s = "
          f"{len(docs) / seconds:.0f} pages/s (target >= 700); per page {entities / len(docs):.1f}"
          f" entities, {people / len(docs):.2f} people, {mentions / len(docs):.2f} person "
          "mentions\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=5.0, help="time budget per system")
    parser.add_argument("--errors", action="store_true", help="list false positives/negatives")
    parser.add_argument("--corpus", type=Path, default=CORPUS,
                        help="a folder of pages for the throughput line (dev corpus)")
    args = parser.parse_args()
    if args.corpus.is_dir():
        corpus_throughput(args.corpus)

    docs = prepared(map(str, sorted(SEEDS.glob("*.txt"))), PREPARE)
    docs = [d for d in docs if (GOLD / f"{Path(d.path).stem}.json").exists()]
    golds = [load_gold(Path(d.path).stem) for d in docs]
    print(f"{len(docs)} seed pages, {sum(len(d.article.body) for d in docs):,} body characters, "
          f"{sum(len(d.sentences) for d in docs)} sentences; budget {args.seconds:g} s each")

    systems: list[tuple[str, list[Names], tuple[float, float, int]]] = []
    for doc in docs:
        entities_stage(doc)  # warm-up: loads the gazetteer and knowledge base
    speed = throughput(lambda: [entities_stage(d) for d in docs], docs, args.seconds)
    systems.append(("sukien entities", [sukien_names(d) for d in docs], speed))
    ner, label = load_underthesea()
    if ner is not None:
        last: list[list[Names]] = []
        speed = throughput(lambda: last.append([underthesea_names(ner, d) for d in docs]),
                           docs, args.seconds)
        systems.append((label, last[-1], speed))
        print("underthesea: ner(deep=False), CRF models shipped in its wheel, run offline")
    else:
        print(f"NOTE: {label}; only sukien's figures are shown (pip install -e .[bench])")

    print(f"\n{'throughput':<34}{'articles/s':>12}{'chars/s':>14}{'passes':>8}")
    for name, _, (arts, chars, passes) in systems:
        print(f"{name:<34}{arts:>12.2f}{chars:>14,.0f}{passes:>8}")
    if len(systems) == 2:
        ratio = systems[0][2][0] / systems[1][2][0]
        print(f"speed ratio sukien / underthesea: {ratio:.1f}x "
              "(target: >= 20x underthesea's speed, with clearly higher F1)")

    tables = []
    for name, preds, _ in systems:
        errors: list[str] | None = [] if args.errors else None
        tables.append(score(preds, golds, errors))
        if errors:
            print(f"\n{name}: errors (page type FP/FN name)", *errors, sep="\n")
    print("\nname-level scores on the seeds (body only)"
          + "".join(f" | {name[:24]:<24}" for name, _, _ in systems).rstrip())
    print(f"{'type':<6}{'gold':>5}{'':<31}" + " | pred found    P    R   F1" * len(systems))
    for key in (*TYPES, "micro"):
        row = f"{key:<6}{tables[0][key][3]:>5}{'':<31}"
        for counts in tables:
            c = counts[key]
            row += f" | {c[1]:>4} {c[2]:>5}" + "".join(f"{x:>5.2f}" for x in prf(c))
        print(row)

if __name__ == "__main__":
    main()
