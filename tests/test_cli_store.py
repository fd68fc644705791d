"""The knowledge-base commands end to end on SQLite."""

from __future__ import annotations

import json

import pyarrow.parquet as pq
import pytest
from conftest import SEEDS
from typer.testing import CliRunner

from sukien.cli import app

runner = CliRunner()


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    path = tmp_path_factory.mktemp("kb") / "kb.db"
    url = f"sqlite:///{path}"
    result = runner.invoke(app, ["ingest", "--db", url, "--reference-time", "2026-02-01",
                                 str(SEEDS)])
    assert result.exit_code == 0, result.output
    assert "5 pages: 5 stored" in result.stdout
    return url


def test_ingest_again_is_a_no_op(db):
    result = runner.invoke(app, ["ingest", "--db", db, str(SEEDS)])
    assert result.exit_code == 0 and "0 stored" in result.stdout and "5 unchanged" in result.stdout


def test_search_json(db):
    result = runner.invoke(app, ["search", "--db", db, "--json", "quang tay"])
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["title"] for r in rows] == [
        "Tăng cường hợp tác kết nối giữa các địa phương của Việt Nam với Quảng Tây"]


def test_events_entity_figures(db):
    events = runner.invoke(app, ["events", "--db", db, "--json", "--type", "AGREE"])
    assert {json.loads(line)["type"] for line in events.stdout.splitlines()} == {"AGREE"}
    entity = runner.invoke(app, ["entity", "--db", db, "--json", "Sun Weidong"])
    profile = json.loads(entity.stdout.splitlines()[0])
    assert profile["entity"]["canonical"] == "Tôn Vệ Đông"
    assert profile["roles"][0]["title"] == "Thứ trưởng Ngoại giao"
    figures = runner.invoke(app, ["figures", "--db", db, "--json", "--indicator", "trade",
                                  "--party", "quang dong"])
    assert [json.loads(line)["period"] for line in figures.stdout.splitlines()][:2] == [
        "2024", "2025"]
    missing = runner.invoke(app, ["entity", "--db", db, "Không Có Ai"])
    assert missing.exit_code == 1


def test_exports(db, tmp_path):
    out = tmp_path / "events.parquet"
    assert runner.invoke(app, ["export", "--db", db, "--format", "parquet", "--table", "events",
                               "-o", str(out)]).exit_code == 0
    assert pq.read_table(out).num_rows >= 7
    gdelt = runner.invoke(app, ["export", "--db", db, "--format", "gdelt"])
    assert all(len(line.split("\t")) == 61 for line in gdelt.stdout.splitlines())
    bad = runner.invoke(app, ["export", "--db", db, "--format", "xml"])
    assert bad.exit_code == 2


def test_unusable_database_is_a_usage_error(tmp_path):
    result = runner.invoke(app, ["search", "--db", "mysql://nowhere/x", "ASEAN"])
    assert result.exit_code == 2
