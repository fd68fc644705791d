"""Score the pipeline against a gold folder laid out like ``shared/gold``.

Each ``GOLD_DIR/STEM.json`` is matched with the page ``PAGES_DIR/STEM.*``.
Every check is a pass/fail; the report gives them per page and in total, so a
change that moves a score is visible at once.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from . import gazetteer
from .errors import Code, SukienError
from .normalize import normalize_text
from .pipeline import Pipeline
from .record import Article, Document, Entity, Event, Figure
from .sources import iter_documents

CHECKS = (
    "title", "authors", "published", "published_hint", "body_start", "body_end",
    "body_must_contain", "not_body", "captions", "captions_not_in_body", "lede",
    "people", "people_title", "people_country", "people_latin", "organizations",
    "places", "places_name_en", "places_country", "figures", "figures_period",
    "figures_change", "figures_usd", "events", "events_optional", "events_date",
    "events_location", "events_people", "events_sides",
)
# Checks that are recall over a gold list: their precision is reported beside them.
PRECISION = ("people", "organizations", "places", "figures", "events", "events_happened")


@dataclass(slots=True)
class PageScore:
    stem: str
    passed: dict[str, int] = field(default_factory=dict)
    total: dict[str, int] = field(default_factory=dict)
    failures: list[str] = field(default_factory=list)
    error: str | None = None
    predicted: dict[str, tuple[int, int]] = field(default_factory=dict)  # correct, predicted
    unmatched: list[str] = field(default_factory=list)  # predicted events no gold event took

    def record(self, check: str, ok: bool, detail: str = "") -> None:
        self.total[check] = self.total.get(check, 0) + 1
        self.passed[check] = self.passed.get(check, 0) + int(ok)
        if not ok:
            self.failures.append(f"{check}: {detail}" if detail else check)


@dataclass(slots=True)
class Report:
    pages: list[PageScore]

    def totals(self) -> dict[str, tuple[int, int]]:
        out: dict[str, tuple[int, int]] = {}
        for check in CHECKS:
            passed = sum(p.passed.get(check, 0) for p in self.pages)
            total = sum(p.total.get(check, 0) for p in self.pages)
            if total:
                out[check] = (passed, total)
        return out

    def precision(self) -> dict[str, tuple[int, int]]:
        out: dict[str, tuple[int, int]] = {}
        for check in PRECISION:
            correct = sum(p.predicted.get(check, (0, 0))[0] for p in self.pages)
            predicted = sum(p.predicted.get(check, (0, 0))[1] for p in self.pages)
            if predicted:
                out[check] = (correct, predicted)
        return out

    def overall(self) -> float:
        totals = self.totals().values()
        passed = sum(p for p, _ in totals)
        total = sum(t for _, t in totals)
        return passed / total if total else 0.0

    def to_json(self) -> dict[str, Any]:
        return {
            "overall": round(self.overall(), 4),
            "checks": {k: {"passed": p, "total": t} for k, (p, t) in self.totals().items()},
            "precision": {k: {"correct": c, "predicted": n}
                          for k, (c, n) in self.precision().items()},
            "pages": [
                {"page": p.stem, "error": p.error, "failures": p.failures,
                 "unmatched_events": p.unmatched} for p in self.pages
            ],
        }


def _norm(text: str | None) -> str:
    return re.sub(r"\s+", " ", normalize_text(text or "")).strip()


def _hint_core(hint: str | None) -> str | None:
    """Gold hints may add a note: "Ngày 28/10 (year 2025 from context)" → "Ngày 28/10"."""
    if hint is None:
        return None
    return re.sub(r"\s*\((?:year|năm)[^)]*\)\s*$", "", hint).strip()


def score_document(stem: str, gold: dict[str, Any], doc: Document) -> PageScore:
    score = score_article(stem, gold, doc.article or Article())
    if "people" in gold:
        _score_people(score, gold["people"], doc.entities)
    if "organizations" in gold:
        _score_organizations(score, gold["organizations"], doc.entities)
    if "places" in gold:
        _score_places(score, gold["places"], doc.entities)
    if "figures" in gold:
        _score_figures(score, gold["figures"], doc.figures)
    if "events" in gold:
        _score_events(score, gold["events"], doc.events)
    return score


def _same_place(ours: str | None, gold: str | None) -> bool:
    """"TP. Hồ Chí Minh" in a gold file is the knowledge base's "Thành phố Hồ Chí Minh"."""
    if ours is None or gold is None:
        return ours is gold
    known = gazetteer.find(gold)
    canonical = known[0].entry.canonical if known and known[0].end - known[0].start == len(
        gold) else gold
    return _norm(ours) in (_norm(gold), _norm(canonical))


def _event_match(ours: Event, gold: dict[str, Any]) -> int:
    """0 when ``ours`` cannot be ``gold``; higher is a closer match."""
    if ours.type != gold.get("type"):
        return 0
    evidence = _norm(gold.get("evidence"))[:60].lower()
    overlap = bool(evidence) and evidence in _norm(ours.evidence).lower()
    same_date = ours.date == gold.get("date")
    if not (overlap or (same_date and set(ours.sides) == set(gold.get("sides", [])))):
        return 0
    return 4 * overlap + 2 * same_date + (set(ours.sides) == set(gold.get("sides", []))) + (
        _same_place(ours.location, gold.get("location")))


def _score_events(score: PageScore, gold: list[dict[str, Any]], events: list[Event]) -> None:
    """Each gold event is matched to at most one predicted event and vice versa: a second
    record of an event already matched counts against precision."""
    used: set[int] = set()
    for wanted in sorted(gold, key=lambda g: not g.get("required", True)):
        candidates = [(m, i) for i, e in enumerate(events)
                      if i not in used and (m := _event_match(e, wanted))]
        index = max(candidates, key=lambda c: c[0])[1] if candidates else None
        label = f"{wanted.get('type')} {wanted.get('date')}"
        check = "events" if wanted.get("required", True) else "events_optional"
        score.record(check, index is not None, label)
        if index is None:
            continue
        used.add(index)
        found = events[index]
        score.record("events_date", found.date == wanted.get("date")
                     and found.date_end == wanted.get("date_end"),
                     f"{label}: {found.date}..{found.date_end}")
        score.record("events_location", _same_place(found.location, wanted.get("location")),
                     f"{label}: location {found.location!r} != {wanted.get('location')!r}")
        score.record("events_people", set(wanted.get("people", [])) <= set(found.people),
                     f"{label}: people {found.people} lacks {wanted.get('people')}")
        score.record("events_sides", set(found.sides) == set(wanted.get("sides", [])),
                     f"{label}: sides {found.sides} != {wanted.get('sides')}")
    for i, event in enumerate(events):
        if i not in used:
            score.unmatched.append(f"{event.type} {event.date} {event.status}: "
                                   f"{event.evidence[:90]}")
    happened = [i for i, e in enumerate(events) if e.status == "happened"]
    score.predicted["events"] = (len(used), len(events))
    score.predicted["events_happened"] = (sum(1 for i in happened if i in used), len(happened))


def _names(entity: Entity) -> set[str]:
    names = {entity.canonical, *entity.aliases}
    if entity.acronym:
        names.add(entity.acronym)
    return {_norm(n).lower() for n in names}


def _score_people(score: PageScore, gold: list[dict[str, Any]], entities: list[Entity]) -> None:
    people = [e for e in entities if e.type == "PER"]
    matched = 0
    for person in gold:
        found = next((e for e in people if _norm(person["name"]).lower() in _names(e)), None)
        score.record("people", found is not None, person["name"])
        if found is None:
            continue
        matched += 1
        score.record("people_title", _norm(found.title) == _norm(person.get("title")),
                     f"{person['name']}: {found.title!r} != {person.get('title')!r}")
        score.record("people_country", found.country == person.get("country"),
                     f"{person['name']}: {found.country} != {person.get('country')}")
        score.record("people_latin", (found.name_latin or "").lower()
                     == (person.get("name_latin") or "").lower(),
                     f"{person['name']}: {found.name_latin!r} != {person.get('name_latin')!r}")
    score.predicted["people"] = (matched, len(people))


def _score_organizations(score: PageScore, gold: list[str], entities: list[Entity]) -> None:
    orgs = [e for e in entities if e.type in ("ORG", "MISC")]
    wanted = {_norm(name).lower() for name in gold}
    for name in gold:
        score.record("organizations", any(_norm(name).lower() in _names(e) for e in orgs), name)
    correct = sum(1 for e in orgs if e.type == "ORG" and _names(e) & wanted)
    score.predicted["organizations"] = (correct, sum(1 for e in orgs if e.type == "ORG"))


def _score_places(score: PageScore, gold: list[dict[str, Any]], entities: list[Entity]) -> None:
    places = [e for e in entities if e.type == "LOC"]
    correct = 0
    for place in gold:
        found = next((e for e in places if _norm(place["name"]).lower() in _names(e)), None)
        score.record("places", found is not None, place["name"])
        if found is None:
            continue
        correct += 1
        score.record("places_name_en", found.name_latin == place.get("name_en"),
                     f"{place['name']}: {found.name_latin!r} != {place.get('name_en')!r}")
        score.record("places_country", found.country == place.get("country"),
                     f"{place['name']}: {found.country} != {place.get('country')}")
    score.predicted["places"] = (correct, len(places))


def _close(a: float | None, b: float | None, tolerance: float = 1e-6) -> bool:
    if a is None or b is None:
        return a is b
    return abs(a - b) <= tolerance * max(1.0, abs(b))


FIGURE_TOLERANCE = 0.01  # a figure's value counts within 1 %; its currency or unit exactly


def _figure_matches(ours: Figure, gold: dict[str, Any]) -> bool:
    if gold.get("value") is not None:
        return _close(ours.value, gold["value"], FIGURE_TOLERANCE) \
            and (ours.unit or None) == gold.get("unit")
    return ours.value is None and _close(ours.change_pct, gold.get("change_pct"))


def match_figures(gold: list[dict[str, Any]], figures: list[Figure]) -> list[int | None]:
    """For each gold figure, the index of the first predicted figure it matches that no
    earlier gold figure took (one-to-one), or None."""
    used: set[int] = set()
    out: list[int | None] = []
    for wanted in gold:
        index = next((i for i, f in enumerate(figures)
                      if i not in used and _figure_matches(f, wanted)), None)
        if index is not None:
            used.add(index)
        out.append(index)
    return out


def _score_figures(score: PageScore, gold: list[dict[str, Any]], figures: list[Figure]) -> None:
    matches = match_figures(gold, figures)
    for wanted, index in zip(gold, matches, strict=True):
        label = f"{wanted.get('value')} {wanted.get('unit')}"
        score.record("figures", index is not None, label)
        if index is None:
            continue
        found = figures[index]
        score.record("figures_period", found.period == wanted.get("period"),
                     f"{label}: period {found.period!r} != {wanted.get('period')!r}")
        score.record("figures_change", _close(found.change_pct, wanted.get("change_pct")),
                     f"{label}: change {found.change_pct} != {wanted.get('change_pct')}")
        if wanted.get("value_usd") is not None:
            score.record("figures_usd", _close(found.value_usd, wanted["value_usd"]),
                         f"{label}: usd {found.value_usd} != {wanted['value_usd']}")
    score.predicted["figures"] = (sum(i is not None for i in matches), len(figures))


def score_article(stem: str, gold: dict[str, Any], article: Article) -> PageScore:
    """The article checks the gold file has keys for (dev gold may have none of them)."""
    score = PageScore(stem)
    body = _norm(article.body)
    paragraphs = {_norm(p) for p in article.body.split("\n\n")}
    if "title" in gold:
        score.record("title", _norm(article.title) == _norm(gold.get("title")),
                     f"{article.title!r} != {gold.get('title')!r}")
    if "authors" in gold:
        wanted = [_norm(a) for a in gold["authors"] or []]
        score.record("authors", [_norm(a) for a in article.authors] == wanted,
                     f"{article.authors} != {gold.get('authors')}")
    if "published" in gold:
        score.record("published", article.published == gold.get("published"),
                     f"{article.published!r} != {gold.get('published')!r}")
    if "published_hint" in gold:
        score.record("published_hint",
                     _norm(article.published_hint) == _norm(_hint_core(gold.get("published_hint"))),
                     f"{article.published_hint!r} != {gold.get('published_hint')!r}")
    if gold.get("body_starts_with"):
        score.record("body_start", body.startswith(_norm(gold["body_starts_with"])), body[:80])
    if gold.get("body_ends_with"):
        score.record("body_end", body.endswith(_norm(gold["body_ends_with"])), body[-80:])
    for sentence in gold.get("body_must_contain", []):
        score.record("body_must_contain", _norm(sentence) in body, sentence[:60])
    for line in gold.get("not_body", []):
        wanted = _norm(line)
        leaked = wanted in paragraphs or (len(wanted.split()) >= 6 and wanted in body)
        score.record("not_body", not leaked, line[:60])
    captions = {_norm(c) for c in article.captions}
    for caption in gold.get("captions", []):
        score.record("captions", _norm(caption) in captions, caption[:60])
        score.record("captions_not_in_body", _norm(caption) not in body, caption[:60])
    # a gold file with article metadata but no "lede" key says the page has none
    if "lede" in gold or (article.lede and "title" in gold):
        score.record(
            "lede", _norm(article.lede) == _norm(gold.get("lede")), f"{(article.lede or '')[:40]!r}"
        )
    return score


def _page_for(stem: str, pages_dir: Path) -> Path | None:
    matches = sorted(p for p in pages_dir.glob(f"{stem}.*") if p.is_file())
    return matches[0] if matches else None


def evaluate(
    gold_dir: Path,
    pages_dir: Path,
    pipeline: Pipeline | None = None,
    reference_time: datetime | None = None,
) -> Report:
    pipeline = pipeline or Pipeline.build()
    pages: list[PageScore] = []
    for gold_path in sorted(gold_dir.glob("*.json")):
        stem = gold_path.stem
        try:
            gold = json.loads(gold_path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as err:
            raise SukienError(Code.BAD_GOLD, str(gold_path), str(err)) from err
        page = _page_for(stem, pages_dir)
        if page is None:
            pages.append(PageScore(stem, error="no page with this stem"))
            continue
        items = list(iter_documents([str(page)], reference_time))
        result = next(pipeline.run(d for d in items[:1] if not isinstance(d, SukienError)), None)
        if result is None:
            result = items[0] if items else SukienError(Code.NO_ARTICLE, str(page))
        if isinstance(result, SukienError) or result.article is None:
            pages.append(PageScore(stem, error=str(result)))
            continue
        pages.append(score_document(stem, _quote_spans(gold, page), result))
    return Report(pages)


def _quote_spans(gold: dict[str, Any], page: Path) -> dict[str, Any]:
    """Gold kept in the repository cites its evidence by offsets into the page file
    (``"evidence_span": [start, end]``, characters of the UTF-8 text) instead of quoting it."""
    items = [x for k in ("events", "figures") for x in gold.get(k, []) if "evidence_span" in x]
    if not items:
        return gold
    text = page.read_text(encoding="utf-8", errors="replace")
    for item in items:
        start, end = item["evidence_span"]
        item.setdefault("evidence", text[start:end])
    return gold
