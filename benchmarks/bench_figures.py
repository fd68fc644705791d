"""Figures: sukien's ``figures`` stage beside a plain "number + unit" regex, in one run.

On the dev corpus (``../shared/corpus/dantri-unc``, 2,653 Dân Trí articles) it prints:

* throughput — pages/s and sentences/s of the ``figures`` stage alone, over documents already
  decoded, extracted, normalised, sentence-split and with their entities (what the stage
  reads), repeated for ``--seconds`` (at least one pass); the same for the baseline;
* on the dev gold (``../shared/gold-dev``, figures of 24 of those articles, and
  ``tests/gold_dev``, 61 more annotated independently): recall and precision, matched
  one-to-one as ``sukien eval`` does (value within 1 %, unit exact);
* how many figures each finds over the whole corpus, per section (sport and entertainment
  should get few: scores, ages, rankings and jersey numbers are not figures).

The baseline is what a regex extractor without a grammar finds: every number (Vietnamese
format, scale word) followed by ``%``, a currency word or a counted unit of
``data/figures.toml`` is a figure; no clause, no vetoes, no conversions.

    python benchmarks/bench_figures.py [--seconds 5] [--limit N]
"""

from __future__ import annotations

import argparse
import json
import re
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

from measure import prepared, repeat

from sukien.evaluate import match_figures
from sukien.figures import figures_stage, parse_number
from sukien.normalize import alternation
from sukien.record import Document, Figure
from sukien.resources import read_toml

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus" / "dantri-unc"
GOLD = ROOT.parent / "shared" / "gold-dev"
GOLD_MORE = ROOT / "tests" / "gold_dev"
NUM = r"(?<![\d/.,:\-])(?:\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?)(?![\d/:]|[.,]\d|-\d)"


def baseline_pattern() -> tuple[re.Pattern[str], dict[str, float], dict[str, str]]:
    data = read_toml("figures.toml")
    scales = {k.lower(): float(v) for k, v in data["scales"].items()}
    units: dict[str, str] = {a.lower(): c for c, aliases in data["currencies"].items()
                             for a in aliases}
    units.update({k.lower(): (v if isinstance(v, str) else v["unit"])
                  for k, v in data["units"].items()})
    units["%"] = "%"
    pattern = re.compile(rf"(?P<num>{NUM})(?:\s*(?P<scale>{alternation(scales)})(?!\w))?"
                         rf"\s*(?P<unit>%|{alternation(units)})(?!\w)", re.IGNORECASE)
    return pattern, scales, units


BASELINE = baseline_pattern()


def baseline_stage(doc: Document) -> list[Figure]:
    pattern, scales, units = BASELINE
    found = []
    for sentence in doc.sentences:
        for m in pattern.finditer(sentence.text):
            scale = scales[m.group("scale").lower()] if m.group("scale") else 1.0
            unit = units[m.group("unit").lower()]
            value = parse_number(m.group("num")) * (1.0 if unit == "%" else scale)
            found.append(Figure("amount", value, unit, None, None, None, None, [], m.group(0),
                                sentence.text, sentence.start, sentence.end))
    return found


def throughput(run: Callable[[], object], pages: int, sentences: int, seconds: float):
    passes, elapsed = repeat(run, seconds)
    return passes * pages / elapsed, passes * sentences / elapsed, passes


def score(found: dict[str, list[Figure]], gold_dir: Path = GOLD) -> tuple[int, int, int]:
    """(matched gold, gold, predicted) over the dev gold pages, one-to-one."""
    matched = total = predicted = 0
    for path in sorted(gold_dir.glob("*.json")):
        gold = json.loads(path.read_text(encoding="utf-8")).get("figures", [])
        figures = found.get(path.stem, [])
        matched += sum(i is not None for i in match_figures(gold, figures))
        total, predicted = total + len(gold), predicted + len(figures)
    return matched, total, predicted


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=5.0, help="time budget per system")
    parser.add_argument("--limit", type=int, default=0, help="only the first N pages")
    args = parser.parse_args()

    paths = sorted(CORPUS.glob("*.txt"))[: args.limit or None]
    started = time.perf_counter()
    docs = prepared(map(str, paths), ("decode", "extract", "normalise", "sentences", "entities"))
    sentences = sum(len(d.sentences) for d in docs)
    print(f"{len(docs)} pages ({sentences:,} sentences) prepared up to entities in "
          f"{time.perf_counter() - started:.1f} s; budget {args.seconds:g} s per system")

    for doc in docs[:20]:
        figures_stage(doc)  # warm-up: loads the vocabulary and the rate table
    systems = {"sukien figures": throughput(lambda: [figures_stage(d) for d in docs],
                                            len(docs), sentences, args.seconds),
               "baseline number+unit regex": throughput(lambda: [baseline_stage(d) for d in docs],
                                                        len(docs), sentences, args.seconds)}
    results = {"sukien figures": {Path(d.path).stem: d.figures for d in docs},
               "baseline number+unit regex": {Path(d.path).stem: baseline_stage(d) for d in docs}}

    print(f"\n{'system':<30}{'pages/s':>10}{'sentences/s':>13}{'passes':>8}"
          f"{'dev-gold R':>14}{'P':>12}{'gold_dev R':>14}{'P':>12}{'corpus figures':>16}")
    for name, (pages, per_sentence, passes) in systems.items():
        matched, total, predicted = score(results[name])
        more = score(results[name], GOLD_MORE)
        count = sum(len(v) for v in results[name].values())
        print(f"{name:<30}{pages:>10.0f}{per_sentence:>13,.0f}{passes:>8}"
              f"{f'{matched}/{total}':>14}{f'{matched}/{predicted}':>12}"
              f"{f'{more[0]}/{more[1]}':>14}{f'{more[0]}/{more[2]}':>12}{count:>16,}")
    print("(target: sukien figures >= 800 pages/s, dev-gold recall >= 0.90, "
          "tests/gold_dev recall >= 0.75)")

    print(f"\nfigures per section{'':<12}" + "".join(f"{s:>14}" for s in ("sukien", "baseline")))
    sections: dict[str, Counter[str]] = {name: Counter() for name in results}
    for name, by_page in results.items():
        for stem, figures in by_page.items():
            sections[name][stem.split("_")[1] if "_" in stem else stem] += len(figures)
    pages_in = Counter(Path(d.path).stem.split("_")[1] for d in docs if "_" in Path(d.path).stem)
    for section in sorted(pages_in):
        print(f"{section:<14}{pages_in[section]:>6} pages{'':<5}"
              + "".join(f"{sections[n][section]:>14}" for n in results))


if __name__ == "__main__":
    main()
