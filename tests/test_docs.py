"""docs/cli.md is generated from --help, docs/python.md from the public API's docstrings;
both must match what they are generated from."""

from __future__ import annotations

import subprocess
import sys

from conftest import ROOT


def test_cli_reference_is_current():
    result = subprocess.run([sys.executable, "scripts/gen_cli_docs.py", "--check"], cwd=ROOT,
                            check=False)
    assert result.returncode == 0, "run: python scripts/gen_cli_docs.py"


def test_python_reference_is_current():
    result = subprocess.run([sys.executable, "scripts/gen_python_docs.py", "--check"], cwd=ROOT,
                            check=False)
    assert result.returncode == 0, "run: python scripts/gen_python_docs.py"
