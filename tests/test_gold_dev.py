"""The repository's own development and held-out gold: well-formed, and its evidence spans
point at text."""

import json
from pathlib import Path

import pytest
from conftest import SHARED

GOLD = Path(__file__).parent / "gold_dev"
HOLDOUT = Path(__file__).parent / "gold_holdout"
CORPUS = SHARED / "corpus" / "dantri-unc"
FILES = sorted(GOLD.glob("*.json")) + sorted(HOLDOUT.glob("*.json"))
EVENT_KEYS = {"type", "date", "location", "people", "sides", "required", "evidence_span"}


@pytest.mark.parametrize("path", FILES, ids=[p.stem for p in FILES])
def test_gold_file_is_well_formed(path):
    gold = json.loads(path.read_text(encoding="utf-8"))
    assert set(gold) == {"people", "places", "events", "figures"}
    for event in gold["events"]:
        assert set(event) >= EVENT_KEYS
        assert "evidence" not in event  # cited by offsets, never quoted
    page = CORPUS / f"{path.stem}.txt"
    if not page.exists():
        pytest.skip("the dev corpus is not here")
    text = page.read_text(encoding="utf-8")
    for item in gold["events"] + gold["figures"]:
        start, end = item["evidence_span"]
        assert 0 <= start < end <= len(text)
        assert text[start:end].strip() == text[start:end]
