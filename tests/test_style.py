"""The code base stays ruff clean (part of the one test command)."""

from __future__ import annotations

import shutil
import subprocess

from conftest import ROOT


def test_ruff_clean():
    ruff = shutil.which("ruff")
    assert ruff, "ruff is a test dependency: pip install -e '.[test]'"
    result = subprocess.run(
        [ruff, "check", "src", "tests", "benchmarks", "examples", "scripts"], cwd=ROOT,
        capture_output=True, text=True, check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
