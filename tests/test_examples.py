"""The bundled examples: every page extracts, and the eval command scores them fully."""

from __future__ import annotations

from datetime import datetime

from conftest import EXAMPLES

from sukien.errors import SukienError
from sukien.evaluate import evaluate
from sukien.pipeline import Pipeline
from sukien.sources import iter_documents

# Example 01 is dated "2 giờ trước"; its gold assumes it was captured in spring 2026.
CAPTURED = datetime(2026, 6, 1, 9, 0)


def test_examples_score_against_their_gold():
    report = evaluate(EXAMPLES / "gold", EXAMPLES / "pages", reference_time=CAPTURED)
    assert len(report.pages) >= 8
    assert not [p.error for p in report.pages if p.error]
    failures = [f"{p.stem}: {f}" for p in report.pages for f in p.failures]
    assert report.overall() >= 0.97, failures


def test_example_warc_gives_its_html_records():
    items = list(iter_documents([str(EXAMPLES / "pages" / "archive.warc.gz")]))
    assert not [i for i in items if isinstance(i, SukienError)]
    docs = [Pipeline.build()(d) for d in items]
    assert len(docs) == 3
    assert all(d.url.startswith("https://") for d in docs)
    assert {d.encoding for d in docs} >= {"utf-8", "cp1258"}
    assert all(d.article.title and d.article.body for d in docs)
