"""Real HTML pages: sukien beside trafilatura and newspaper4k, in one run.

On ``../shared/html-dev`` (11 real article pages from 9 outlets, each with gold), prints per
system: body token F1, lede+body token F1, title accuracy, date accuracy, author precision
and recall, lede token F1, the share of ``published`` values that are valid ISO-8601, and
pages/s, then one line per page.

Scoring follows html-dev/README.md: text as a bag of lowercased word tokens after NFC and
one tone-mark convention on both sides ("hoà" = "hòa"); titles after whitespace/NFC/tone
normalisation; dates by calendar day; authors as sets (micro P/R over all pages).
trafilatura and newspaper4k print the sapo inside their main text, so "body F1" counts it
against them; "text F1" scores lede + body against gold lede + body for every system.
Their lede is the page description they return (trafilatura ``description``, newspaper4k
``meta_description``).

sukien runs ``decode`` + ``extract`` (the article layer, what the others do); the whole
pipeline (to ``events``) is timed too. trafilatura is timed doing what is scored:
``bare_extraction(with_metadata=True)``; newspaper4k: ``Article.download(input_html=…)`` +
``parse()``. Needs the bench extra: ``pip install -e '.[bench]'``.

    python benchmarks/bench_html.py [--seconds 3] [--dir ../shared/html-dev]
"""

from __future__ import annotations

import argparse
import json
import re
import unicodedata
import warnings
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import trafilatura
from measure import alternating, bag_f1

from sukien.decode import decode_bytes
from sukien.normalize import canonical_tones
from sukien.pipeline import DEFAULT_STAGES, Pipeline
from sukien.record import Document

ROOT = Path(__file__).resolve().parents[1]
HTML_DEV = ROOT.parent / "shared" / "html-dev"
_ISO = re.compile(
    r"\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})?)?"
)


@dataclass(slots=True)
class Output:
    title: str | None = None
    lede: str | None = None
    body: str = ""
    published: str | None = None
    authors: list[str] = field(default_factory=list)


def norm(text: str | None) -> str:
    return canonical_tones(unicodedata.normalize("NFC", " ".join((text or "").split())))


def tokens(text: str | None) -> Counter[str]:
    return Counter(re.findall(r"\w+", norm(text).lower()))


def token_f1(predicted: str | None, gold: str | None) -> float:
    p, g = tokens(predicted), tokens(gold)
    return 1.0 if not p and not g else bag_f1(p, g)


def valid_iso(value: str | None) -> bool:
    if value is None:
        return True
    if not _ISO.fullmatch(value):
        return False
    try:
        datetime.fromisoformat(value)
    except ValueError:
        return False
    return True


# --- the three systems ---------------------------------------------------------------


def sukien_runner(stages: tuple[str, ...]) -> Callable[[Path, str, str | None], Output]:
    pipeline = Pipeline.build(stages)

    def run(path: Path, html: str, url: str | None) -> Output:
        doc = pipeline(Document(path=str(path), raw=path.read_bytes(), url=url))
        art = doc.article
        assert art is not None
        return Output(art.title, art.lede, art.body, art.published or art.published_resolved,
                      list(art.authors))

    return run


def run_trafilatura(path: Path, html: str, url: str | None) -> Output:
    doc = trafilatura.bare_extraction(html, url=url, with_metadata=True)
    if doc is None:
        return Output()
    authors = [a.strip() for a in re.split(r";|,", doc.author or "") if a.strip()]
    return Output(doc.title, doc.description, doc.text or "", doc.date, authors)


def run_newspaper(path: Path, html: str, url: str | None) -> Output:
    import newspaper

    config = newspaper.Config()
    config.fetch_images = False  # else it tries to download the top image over the network
    article = newspaper.Article(url or "http://example.invalid/", language="vi", config=config)
    article.download(input_html=html)
    article.parse()
    published = article.publish_date.isoformat() if article.publish_date else None
    return Output(article.title, article.meta_description, article.text, published,
                  list(article.authors))


# --- scoring -----------------------------------------------------------------------------


@dataclass(slots=True)
class Score:
    body: list[float] = field(default_factory=list)
    text: list[float] = field(default_factory=list)
    lede: list[float] = field(default_factory=list)
    title: list[bool] = field(default_factory=list)
    date: list[bool] = field(default_factory=list)
    iso: list[bool] = field(default_factory=list)
    authors_tp: int = 0
    authors_pred: int = 0
    authors_gold: int = 0

    def add(self, out: Output, gold: dict) -> None:
        gold_body = "\n".join(gold["body"])
        self.body.append(token_f1(out.body, gold_body))
        self.text.append(token_f1(f"{out.lede or ''}\n{out.body}", f"{gold['lede']}\n{gold_body}"))
        self.lede.append(token_f1(out.lede, gold.get("lede")))
        self.title.append(norm(out.title) == norm(gold.get("title")))
        self.date.append((out.published or "")[:10] == (gold.get("published") or "")[:10])
        self.iso.append(valid_iso(out.published))
        predicted = {norm(a).lower() for a in out.authors}
        expected = {norm(a).lower() for a in gold.get("authors", [])}
        self.authors_tp += len(predicted & expected)
        self.authors_pred += len(predicted)
        self.authors_gold += len(expected)


def mean(values: list) -> float:
    return sum(values) / max(1, len(values))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=5.0, help="time budget per system")
    parser.add_argument("--dir", type=Path, default=HTML_DEV, help="html-dev folder")
    args = parser.parse_args()
    warnings.filterwarnings("ignore")

    pages = []
    for gold_path in sorted((args.dir / "gold").glob("*.json")):
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        page = args.dir / "pages" / gold["page"]
        html = decode_bytes(page.read_bytes(), str(page))[0]
        pages.append((page, html, gold))

    systems: dict[str, Callable[[Path, str, str | None], Output]] = {
        "sukien": sukien_runner(("decode", "extract", "normalise")),
        "trafilatura": run_trafilatura,
    }
    try:
        import newspaper  # noqa: F401

        systems["newspaper4k"] = run_newspaper
    except ImportError:
        print("newspaper4k is not installed (pip install -e '.[bench]'): left out\n")

    scores: dict[str, Score] = {}
    per_page: dict[str, list[float]] = {}
    for name, run in systems.items():
        score = Score()
        for page, html, gold in pages:
            out = run(page, html, gold.get("url"))
            score.add(out, gold)
        scores[name] = score
        per_page[name] = score.body

    def run_all(run: Callable[[Path, str, str | None], Output]) -> None:
        for page, html, gold in pages:
            run(page, html, gold.get("url"))

    full = sukien_runner(DEFAULT_STAGES)
    runs = {name: (lambda r=run: run_all(r)) for name, run in systems.items()}
    runs["sukien (whole pipeline)"] = lambda: run_all(full)
    rounds = 5  # pages/s: the median of five turns of each system, alternating
    rates = {name: len(pages) * rate
             for name, rate in alternating(runs, rounds, args.seconds * len(runs) / rounds).items()}
    full_rate = rates["sukien (whole pipeline)"]

    header = (f"{'system':<13}{'body F1':>9}{'text F1':>9}{'title':>7}{'date':>7}"
              f"{'auth P':>8}{'auth R':>8}{'lede F1':>9}{'ISO':>6}{'pages/s':>9}")
    print(f"{len(pages)} pages, {args.dir}\n")
    print(header)
    for name, s in scores.items():
        precision = s.authors_tp / s.authors_pred if s.authors_pred else 1.0
        recall = s.authors_tp / s.authors_gold if s.authors_gold else 1.0
        print(f"{name:<13}{mean(s.body):>9.3f}{mean(s.text):>9.3f}{mean(s.title):>7.2f}"
              f"{mean(s.date):>7.2f}{precision:>8.2f}{recall:>8.2f}{mean(s.lede):>9.3f}"
              f"{mean(s.iso):>6.2f}{rates[name]:>9.1f}")
    ratio = rates["sukien"] / rates["trafilatura"]
    print(f"\nsukien decode+extract at {ratio:.2f}x trafilatura's pages/s; "
          f"whole pipeline (to events) {full_rate:.1f} pages/s")
    print(f"\n{'page (body F1)':<36}" + "".join(f"{n:>13}" for n in per_page))
    for i, (page, _, _) in enumerate(pages):
        print(f"{page.stem:<36}" + "".join(f"{per_page[n][i]:>13.3f}" for n in per_page))


if __name__ == "__main__":
    main()
