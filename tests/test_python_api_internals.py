"""How the public Python API behaves where only its internals can be made to misbehave:
worker processes that die, values checked before anything runs, the knowledge base of a
web app built around an engine alone."""

from __future__ import annotations

import multiprocessing
import os
from datetime import datetime, timedelta, timezone
from types import SimpleNamespace

import pytest

from sukien import Article, SukienError, _api, _kb, store

PAGE = """Việt Nam và Lào ký kết thỏa thuận hợp tác giáo dục

Ngày 12/3/2026, tại Hà Nội, Bộ trưởng Bộ Giáo dục và Đào tạo Việt Nam đã hội đàm với Bộ \
trưởng Bộ Giáo dục và Thể thao Lào về hợp tác đào tạo trong những năm tới.
"""
_REAL_WORK = _api._work


def _deadly_work(doc):
    """A worker that dies on a page holding "CHẾT" (as a segfault or the OOM killer would)."""
    if "CHẾT".encode() in doc.raw:
        os._exit(3)
    return _REAL_WORK(doc)


@pytest.mark.skipif(multiprocessing.get_start_method() != "fork",
                    reason="the patched worker reaches the processes by fork")
def test_a_page_that_kills_its_worker_is_e999_and_only_that_page(monkeypatch):
    monkeypatch.setattr(_api, "_work", _deadly_work)
    pages = [PAGE, PAGE + "\nCHẾT\n", PAGE, b"", PAGE, PAGE]
    results = list(_api.extract_many(pages, workers=2, reference_time="2026-03-13"))
    kinds = [r.code.id if isinstance(r, SukienError) else "ok" for r in results]
    assert kinds == ["ok", "E999", "ok", "E102", "ok", "ok"]
    assert results[1].path == "<page 1>" and "died" in results[1].detail
    assert all(isinstance(r, Article) for i, r in enumerate(results) if i not in (1, 3))


def _unpicklable_work(doc):
    return lambda: doc  # cannot come back from the worker


@pytest.mark.skipif(multiprocessing.get_start_method() != "fork",
                    reason="the patched worker reaches the processes by fork")
def test_a_result_that_cannot_come_back_is_e999_not_an_exception(monkeypatch):
    monkeypatch.setattr(_api, "_work", _unpicklable_work)
    results = list(_api.extract_many([PAGE, PAGE], workers=2))
    assert [r.code.id for r in results] == ["E999", "E999"]


def test_reference_times_as_the_cli_reads_them():
    parse = _api.parse_reference_time
    assert parse("2026-03-13") == datetime(2026, 3, 13)
    assert parse("2026-03-13T08:00+07:00") == datetime(2026, 3, 13, 8)  # printed time kept
    aware = datetime(2026, 3, 13, 8, tzinfo=timezone(timedelta(hours=7)))
    assert parse(aware) == datetime(2026, 3, 13, 8) and parse(None) is None
    with pytest.raises(ValueError):
        parse("13/03/2026")
    with pytest.raises(TypeError):
        parse(20260313)


def test_a_str_is_refused_only_when_it_cannot_be_a_page(tmp_path):
    named = tmp_path / "page.html"
    named.write_text("<p>x</p>", encoding="utf-8")
    assert _api._misread(str(named), fetches=False)
    assert _api._misread(f"  {named}  ", fetches=False)
    assert _api._misread("ftp://example.org/a", fetches=False)
    assert _api._misread("ftp://example.org/a", fetches=True) is None  # ingest fetches it
    assert _api._misread(PAGE, fetches=False) is None  # more than a line
    assert _api._misread(str(tmp_path / "missing.html"), fetches=False) is None
    assert _api._misread("x" * 5000, fetches=False) is None


def test_an_app_built_around_an_engine_gets_one_knowledge_base(tmp_path):
    engine = store.open_engine(f"sqlite:///{tmp_path / 'kb.db'}")
    state = SimpleNamespace(engine=engine)
    kb = _kb.of_app(state)
    assert _kb.of_app(state) is kb and kb._engine is engine
    assert kb.events().total == 0
    engine.dispose()
