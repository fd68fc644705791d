from __future__ import annotations

import json
import os
from datetime import datetime
from pathlib import Path

import pytest

from sukien.pipeline import Pipeline
from sukien.record import Document

pytest_plugins = ["pgserver"]

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("SUKIEN_SHARED", ROOT.parent / "shared"))
SEEDS = SHARED / "seeds"
GOLD = SHARED / "gold"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
EXAMPLES = ROOT / "examples"
REFERENCE = datetime(2026, 2, 1, 9, 0)


def gold_stems() -> list[str]:
    return sorted(p.stem for p in GOLD.glob("*.json"))


def load_gold(stem: str) -> dict:
    return json.loads((GOLD / f"{stem}.json").read_text(encoding="utf-8"))


def seed_path(stem: str) -> Path:
    return next(SEEDS.glob(f"{stem}.*"))


@pytest.fixture(scope="session")
def pipeline() -> Pipeline:
    return Pipeline.build()


def run_text(
    pipeline: Pipeline,
    text: str | bytes,
    path: str = "page.txt",
    reference: datetime = REFERENCE,
    url: str | None = None,
) -> Document:
    raw = text.encode("utf-8") if isinstance(text, str) else text
    return pipeline(Document(path=path, raw=raw, reference_time=reference, url=url))
