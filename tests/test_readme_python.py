"""The README's "Python" section is a runnable walkthrough: its examples run here as a
doctest, from the repository's root, so the README cannot drift from the API."""

from __future__ import annotations

import doctest
import re

from conftest import ROOT


def python_section() -> tuple[str, int]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    found = re.search(r"^## Python\n(.*?)(?=^## )", text, re.S | re.M)
    assert found, "README.md has no '## Python' section"
    return found.group(1), text[: found.start()].count("\n") + 1


def test_readme_python_walkthrough_runs(monkeypatch):
    monkeypatch.chdir(ROOT)
    section, line = python_section()
    test = doctest.DocTestParser().get_doctest(section, {}, "README.md#python",
                                               str(ROOT / "README.md"), line)
    assert len(test.examples) >= 20, "the walkthrough lost its examples"
    report: list[str] = []
    runner = doctest.DocTestRunner(optionflags=doctest.NORMALIZE_WHITESPACE | doctest.ELLIPSIS)
    result = runner.run(test, out=report.append)
    assert result.failed == 0, "".join(report)
