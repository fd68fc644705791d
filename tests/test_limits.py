"""Values checked as values on the command line, and the per-page work budget."""

from __future__ import annotations

import pytest
from conftest import REFERENCE, run_text
from pagegen import page
from typer.testing import CliRunner

from sukien import budget
from sukien.cli import app
from sukien.validate import day_bound

runner = CliRunner()


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    url = f"sqlite:///{tmp_path_factory.mktemp('kb') / 'kb.db'}"
    folder = tmp_path_factory.mktemp("pages")
    (folder / "a.txt").write_text(page(1), encoding="utf-8")
    assert runner.invoke(app, ["ingest", "--db", url, str(folder)]).exit_code == 0
    return url


@pytest.mark.parametrize("args", [
    ["search", "x", "--from", "abc"], ["search", "x", "--to", "2025-02-30"],
    ["events", "--from", "2025-13"], ["events", "--to", "2025-1-1"],
    ["events", "--limit", "99999999999999999999999"], ["search", "x", "--limit", str(2**63)],
    ["figures", "--limit", "0"], ["events", "--limit", "-5"],
])
def test_bad_values_are_usage_errors(db, args):
    result = runner.invoke(app, [*args, "--db", db])
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output and "Invalid value" in result.output


@pytest.mark.parametrize("args", [
    ["events", "--from", "2025", "--to", "2025-12"], ["search", "hop tac", "--from", "2024-02-29"],
    ["events", "--limit", "1000000000"], ["figures", "--limit", "1000000000"],
])
def test_good_values_pass(db, args):
    result = runner.invoke(app, [*args, "--db", db])
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize(("value", "ok"), [
    ("2025", True), ("2025-02", True), ("2025-02-28", True), ("2024-02-29", True),
    ("2025-02-29", False), ("2025-02-30", False), ("2025-00", False), ("2025-13-01", False),
    ("0000", False), ("20250", False), ("2025-2", False), ("２０２５", False), ("", False),
])
def test_day_bound(value, ok):
    if ok:
        assert day_bound(value) == value
    else:
        with pytest.raises(ValueError):
            day_bound(value)


# --- the work budget ------------------------------------------------------------------


def test_a_text_page_beyond_the_line_budget_is_cut_with_a_warning(pipeline):
    lines = [f"Đoàn công tác số {i} đã làm việc với lãnh đạo tỉnh về hợp tác kinh tế."
             for i in range(budget.MAX_LINES + 500)]
    doc = run_text(pipeline, "Hai tỉnh ký kết hợp tác\n\n" + "\n\n".join(lines))
    assert any(w.startswith("W205") and "cut" in w for w in doc.warnings)
    assert "số 10 đã" in doc.article.body and f"số {budget.MAX_LINES + 400}" not in doc.article.body


def test_an_html_page_over_the_element_budget_is_read_as_lines(pipeline):
    paragraphs = "".join(f"<p>Đoàn công tác số {i} đã làm việc với lãnh đạo tỉnh về hợp tác "
                         "kinh tế và thương mại.</p>" for i in range(budget.FULL_ELEMENTS + 10))
    html = f"<html><body><h1>Hai tỉnh ký kết hợp tác</h1>{paragraphs}</body></html>"
    doc = run_text(pipeline, html, path="big.html", reference=REFERENCE)
    assert doc.format == "html"
    assert any(w.startswith("W205") and "elements" in w for w in doc.warnings)
    assert "số 1 đã làm việc" in doc.article.body


def test_deep_nesting_keeps_its_text(pipeline):
    depth = 1000  # libxml2 stops at 255 levels by default; the text used to be lost (E201)
    html = ("<html><body><h1>Hai tỉnh ký kết hợp tác</h1>" + "<div>" * depth
            + "<p>Ngày 5/3, tại Lạng Sơn, lãnh đạo hai tỉnh đã ký kết thỏa thuận hợp tác phát "
            "triển du lịch biên giới, hướng tới đón 2 triệu lượt khách vào năm tới.</p>"
            + "</div>" * depth + "</body></html>")
    doc = run_text(pipeline, html, path="deep.html")
    assert "2 triệu lượt khách" in doc.article.body
    assert any("nested deeper than 255" in w for w in doc.warnings)


def test_a_glued_sentence_is_cut_at_the_budget():
    from sukien.sentences import split_sentences

    glued = ("tế.Đoàn công tác " * 2000).strip()  # no space after the full stops
    sentences = split_sentences(glued)
    assert len(sentences) > 1
    assert all(len(s.text) <= budget.MAX_SENTENCE_CHARS for s in sentences)
    assert " ".join(s.text for s in sentences) == glued
