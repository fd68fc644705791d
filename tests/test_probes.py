"""Pinned floors on the written-for-test probe sets (tests/probes/, scored by
scripts/probes.py): news items in the styles of outlets other than the dev corpus. A change that
drops a score below its floor fails here; raise a floor when a change lifts the score."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parent.parent / "scripts" / "probes.py"


@pytest.fixture(scope="module")
def probes():
    spec = importlib.util.spec_from_file_location("probes", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    sys.modules["probes"] = module  # its dataclasses look their module up while being made
    spec.loader.exec_module(module)
    return module


def fraction(text: str) -> tuple[int, int]:
    found, total = text.split("/")
    return int(found), int(total)


def test_events_of_other_outlets(probes):
    score = probes.events()
    assert score.found >= 68 and score.total == 119, score.misses
    assert score.extra <= 5, score.misses
    assert fraction(score.details["dated right"])[0] >= 47
    assert fraction(score.details["no-event items left empty"]) >= (34, 35)


def test_people_of_other_outlets(probes):
    score = probes.people()
    assert score.found >= 79 and score.extra <= 6, score.misses
    assert fraction(score.details["latin"])[0] >= 79
    assert fraction(score.details["title"])[0] >= 73


def test_figures_of_other_outlets(probes):
    score = probes.figures()
    assert score.found >= 75 and score.extra <= 4, score.misses
    assert score.details["no-figure items left empty"] == "20/20"
