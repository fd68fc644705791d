"""Score sukien on the written-for-test probe sets of tests/probes/ (news items in the styles of
outlets other than the dev corpus: VnExpress, Tuổi Trẻ, Thanh Niên, VOV, Nhân Dân, QĐND, TTXVN,
Báo Quốc tế, Zing, Người Lao Động; 2016–2025).

    python scripts/probes.py            # the three tables
    python scripts/probes.py --misses   # and every miss and extra record

events.jsonl: 90 items (55 with 119 events, 35 that must give none). An expected event is found
when a record (or a statement nested under one) has its type and shares its sides; PROTEST and
ACCUSE count as one type (protest notes are PROTEST here, ACCUSE in some annotators' hands).
people.jsonl: 80 items, 84 persons (name, title, country, Latin name; ``*_alt`` fields list
other acceptable answers). figures.jsonl: 80 items, 90 figures (value within 1 %, unit).
"""

from __future__ import annotations

import json
import sys
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import sukien

PROBES = Path(__file__).resolve().parent.parent / "tests" / "probes"
SAME_TYPE = {"PROTEST": "ACCUSE"}


@dataclass
class Score:
    found: int = 0
    total: int = 0
    extra: int = 0
    details: dict[str, str] = field(default_factory=dict)
    misses: list[str] = field(default_factory=list)


def _items(name: str) -> list[dict]:
    lines = (PROBES / name).read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def _type(name: str) -> str:
    return SAME_TYPE.get(name, name)


def _norm(text: str | None) -> str:
    return unicodedata.normalize("NFC", text or "").strip().lower()


def _alts(value) -> list:
    return value if isinstance(value, list) else [value]


def events() -> Score:
    score, dated, quiet, negatives = Score(), 0, 0, 0
    for item in _items("events.jsonl"):
        lede = f"{item['lede']}\n" if item["lede"] else ""
        page = f"# date = {item['date'].replace('-', '')}\n{item['title']}\n{lede}" + \
            "\n".join(item["body"])
        got = sukien.extract(page).events
        records = [(e.type, set(e.sides), e.date) for e in got] + [
            (s.type, set(e.sides), e.date) for e in got for s in e.statements]
        used: set[int] = set()
        if not item["events"]:
            negatives += 1
            quiet += not got
            score.misses += [f"{item['id']} NEGATIVE {e.type} {e.sides}: {e.evidence[:90]}"
                             for e in got]
            continue
        for want in item["events"]:
            score.total += 1
            sides = set(want["sides"])
            at = next((i for i, (t, s, _) in enumerate(records) if i not in used
                       and _type(t) == _type(want["type"]) and s == sides), None)
            if at is None:
                at = next((i for i, (t, s, _) in enumerate(records) if i not in used
                           and _type(t) == _type(want["type"]) and s & sides), None)
            if at is None:
                score.misses.append(f"{item['id']} MISS {want['type']} {want['sides']} "
                                    f"{want['date']}: {item['note'][:80]}")
                continue
            used.add(at)
            score.found += 1
            when = records[at][2] or ""
            dated += bool(want["date"]) == bool(when) and when.startswith(want["date"] or "")
        score.extra += sum(1 for i in range(len(got)) if i not in used)
    score.details = {"dated right": f"{dated}/{score.found}",
                     "no-event items left empty": f"{quiet}/{negatives}"}
    return score


def people() -> Score:
    score, title, country, latin = Score(), 0, 0, 0
    for item in _items("people.jsonl"):
        found = {_norm(e.canonical): e for e in sukien.extract("Tin\n" + item["text"]).entities
                 if e.type == "PER"}
        wanted = {_norm(p["name"]) for p in item["people"]} | {
            _norm(n) for p in item["people"] for n in _alts(p.get("name_alt")) if n}
        score.extra += sum(1 for n in found if not any(n in w or w in n for w in wanted))
        for want in item["people"]:
            score.total += 1
            names = [want["name"], *[n for n in _alts(want.get("name_alt")) if n]]
            entity = next((found[_norm(n)] for n in names if _norm(n) in found), None)
            if entity is None:
                score.misses.append(f"{item['id']} MISS {want['name']}")
                continue
            score.found += 1
            title += _norm(entity.title) in {_norm(t) for t in
                                             [want.get("title"), *_alts(want.get("title_alt"))]}
            country += entity.country in [want.get("country"), *_alts(want.get("country_alt"))]
            latin += _norm(entity.name_latin) in {
                _norm(n) for n in [want.get("name_latin"), *_alts(want.get("name_latin_alt"))]}
    score.details = {"title": f"{title}/{score.found}", "country": f"{country}/{score.found}",
                     "latin": f"{latin}/{score.found}"}
    return score


def figures() -> Score:
    score, quiet, negatives = Score(), 0, 0
    for item in _items("figures.jsonl"):
        page = f"# date = {item['date'].replace('-', '')}\nTin\n{item['text']}"
        got = [f for f in sukien.extract(page).figures if f.value is not None]
        used: set[int] = set()
        if not item["figures"]:
            negatives += 1
            quiet += not got
        for want in item["figures"]:
            score.total += 1
            at = next((i for i, f in enumerate(got) if i not in used
                       and abs(f.value - want["value"]) <= abs(want["value"]) * 0.01), None)
            if at is None:
                score.misses.append(f"{item['id']} MISS {want['value']} {want['unit']}")
                continue
            used.add(at)
            score.found += 1
        score.extra += sum(1 for i in range(len(got)) if i not in used)
    score.details = {"no-figure items left empty": f"{quiet}/{negatives}"}
    return score


def main(argv: list[str]) -> int:
    for name, run in (("events", events), ("people", people), ("figures", figures)):
        score = run()
        details = ", ".join(f"{k} {v}" for k, v in score.details.items())
        print(f"{name}: found {score.found}/{score.total} "
              f"({score.found / max(score.total, 1):.0%}), extra records {score.extra}; {details}")
        if "--misses" in argv:
            for line in score.misses:
                print("   ", line)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
