"""docs/cli.md is generated from --help and must match it."""

from __future__ import annotations

import subprocess
import sys

from conftest import ROOT


def test_cli_reference_is_current():
    result = subprocess.run([sys.executable, "scripts/gen_cli_docs.py", "--check"], cwd=ROOT,
                            check=False)
    assert result.returncode == 0, "run: python scripts/gen_cli_docs.py"
