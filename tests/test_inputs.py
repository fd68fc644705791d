"""Input formats and bad input: every failure names the file and the reason; batches go on."""

from __future__ import annotations

import gzip
import io
import json
import unicodedata
from pathlib import Path

import pytest
from conftest import FIXTURES, REFERENCE, run_text, seed_path
from typer.testing import CliRunner
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from sukien.cli import app
from sukien.errors import Code, SukienError
from sukien.pipeline import Pipeline
from sukien.sources import iter_documents

runner = CliRunner()
SEED = seed_path("002_3632e317e7864e95")
HTML = FIXTURES / "article.html"


def process(paths, max_bytes=16 * 1024 * 1024):
    items = iter_documents([str(p) for p in paths], REFERENCE, max_bytes)
    pipeline = Pipeline.build()
    out = []
    for item in items:
        out.append(item if isinstance(item, SukienError) else next(pipeline.run([item])))
    return out


def only_error(path, **kwargs) -> SukienError:
    (result,) = process([path], **kwargs)
    assert isinstance(result, SukienError), result
    return result


def test_missing_file(tmp_path):
    assert only_error(tmp_path / "nope.txt").code is Code.NOT_FOUND


def test_empty_and_blank_files(tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "blank.txt").write_bytes(b" \n\t\n")
    assert only_error(tmp_path / "empty.txt").code is Code.EMPTY
    assert only_error(tmp_path / "blank.txt").code is Code.EMPTY


@pytest.mark.parametrize(
    ("data", "what"),
    [
        (b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4, "PNG"),
        (b"%PDF-1.7\n" + bytes(200), "PDF"),
        (b"PK\x03\x04" + bytes(100), "ZIP"),
        (b"abc\x00\x00\x00" * 200, "NUL"),
        (bytes(range(256)) * 8, "control bytes"),
    ],
    ids=["png", "pdf", "zip", "nul", "controls"],
)
def test_binary_files(tmp_path, data, what):
    path = tmp_path / "file.txt"
    path.write_bytes(data)
    error = only_error(path)
    assert error.code is Code.BINARY
    assert what in str(error) and str(path) in str(error)


def test_undecodable_bytes(tmp_path):
    path = tmp_path / "noise.txt"
    path.write_bytes(bytes([0x81, 0x8D, 0x8F, 0x90, 0x9D, 0xFE, 0xC3]) * 300)
    error = only_error(path)
    assert error.code is Code.UNDECODABLE


def test_few_bad_utf8_bytes_are_replaced_with_a_warning(tmp_path):
    path = tmp_path / "page.txt"
    path.write_bytes(SEED.read_bytes().replace("Thứ trưởng".encode(), b"\xff", 1))
    (doc,) = process([path])
    assert any("invalid UTF-8" in w for w in doc.warnings)
    assert doc.article.title.startswith("Củng cố niềm tin")


def to_cp1258(text: str) -> bytes:
    """windows-1258 holds base letters (ô, ơ, ă…) precomposed and tone marks combining."""
    out = bytearray()
    for ch in text:
        try:
            out += ch.encode("cp1258")
        except UnicodeEncodeError:
            parts = unicodedata.normalize("NFD", ch)
            tones = "".join(c for c in parts if c in "\u0300\u0301\u0303\u0309\u0323")
            base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in tones))
            out += (base + tones).encode("cp1258")
    return bytes(out)


def test_legacy_windows_1258_is_converted(tmp_path):
    text = SEED.read_text(encoding="utf-8").replace("°", "").replace("“", '"').replace("”", '"')
    path = tmp_path / "legacy.txt"
    path.write_bytes(to_cp1258(text))
    (doc,) = process([path])
    assert doc.encoding == "cp1258"
    assert doc.article.title == "Củng cố niềm tin và động lực cho hợp tác ASEAN-Trung Quốc"
    assert any("legacy encoding" in w for w in doc.warnings)


def test_declared_charset_in_html_is_used(tmp_path):
    html = HTML.read_text(encoding="utf-8").replace('charset="utf-8"', 'charset="windows-1258"')
    path = tmp_path / "legacy.html"
    path.write_bytes(to_cp1258(html))
    (doc,) = process([path])
    assert doc.encoding == "cp1258"
    assert "cửa khẩu thông minh" in doc.article.title


def test_page_over_the_size_limit(tmp_path):
    path = tmp_path / "huge.html"
    with path.open("wb") as fh:
        fh.write(b"<html><body>")
        chunk = ("<p>" + "Nội dung rất dài của trang. " * 40 + "</p>\n").encode()
        while fh.tell() < 50 * 1024 * 1024:
            fh.write(chunk)
    error = only_error(path)
    assert error.code is Code.TOO_LARGE and "MB" in error.detail


def test_size_limit_applies_to_gzip_content(tmp_path):
    path = tmp_path / "bomb.txt.gz"
    path.write_bytes(gzip.compress(b"a " * 3_000_000))
    assert only_error(path, max_bytes=1_000_000).code is Code.TOO_LARGE


def test_gzipped_page(tmp_path):
    path = tmp_path / "page.txt.gz"
    path.write_bytes(gzip.compress(SEED.read_bytes()))
    (doc,) = process([path])
    assert doc.article.authors == ["Ngọc Minh"]


def test_truncated_gzip(tmp_path):
    path = tmp_path / "page.txt.gz"
    path.write_bytes(gzip.compress(SEED.read_bytes())[:-200])
    assert only_error(path).code is Code.TRUNCATED


def write_warc(path: Path, pages: list[tuple[str, bytes, str]], gz: bool = True) -> None:
    with path.open("wb") as fh:
        writer = WARCWriter(fh, gzip=gz)
        for url, payload, content_type in pages:
            headers = StatusAndHeaders(
                "200 OK", [("Content-Type", content_type)], protocol="HTTP/1.1"
            )
            record = writer.create_warc_record(
                url, "response", payload=io.BytesIO(payload), http_headers=headers
            )
            writer.write_record(record)


def test_warc_gives_one_article_per_html_response(tmp_path):
    path = tmp_path / "crawl.warc.gz"
    html = HTML.read_bytes()
    write_warc(
        path,
        [
            ("https://a.example/1", html, "text/html; charset=utf-8"),
            ("https://a.example/logo.png", b"\x89PNG....", "image/png"),
            ("https://a.example/2", html, "text/html"),
        ],
    )
    docs = process([path])
    assert [d.url for d in docs] == ["https://a.example/1", "https://a.example/2"]
    assert all("#record=" in d.path for d in docs)
    assert all(d.article.captions for d in docs)


def test_uncompressed_warc(tmp_path):
    path = tmp_path / "crawl.warc"
    write_warc(path, [("https://a.example/1", HTML.read_bytes(), "text/html")], gz=False)
    (doc,) = process([path])
    assert doc.article.title.startswith("Hai tỉnh biên giới")


def test_truncated_warc_keeps_records_before_the_cut(tmp_path):
    path = tmp_path / "crawl.warc.gz"
    html = HTML.read_bytes()
    write_warc(
        path,
        [("https://a.example/1", html, "text/html"), ("https://a.example/2", html, "text/html")],
    )
    data = path.read_bytes()
    path.write_bytes(data[: len(data) - 300])
    results = process([path])
    assert not isinstance(results[0], SukienError)
    assert isinstance(results[-1], SukienError) and results[-1].code is Code.TRUNCATED


def test_non_vietnamese_page_is_flagged(pipeline):
    text = (
        "Leaders meet to discuss regional trade\n\n"
        "The two ministers met on Monday in Singapore to discuss supply chains, customs "
        "cooperation and the digital economy, officials said after the talks.\n\n"
        "Both sides agreed to hold another round of consultations later this year.\n"
    )
    doc = run_text(pipeline, text)
    assert doc.article.language == "en"
    assert any("not Vietnamese" in w for w in doc.warnings)


def test_vietnamese_without_diacritics_is_flagged(pipeline):
    text = (
        "Hai ben nhat tri tang cuong hop tac kinh te\n\n"
        "Ngay 5/9, hai ben da to chuc hoi dam tai Ha Noi va nhat tri tang cuong hop tac "
        "kinh te, thuong mai va dau tu trong thoi gian toi.\n"
    )
    doc = run_text(pipeline, text)
    assert doc.article.language == "vi"
    assert any("without diacritics" in w for w in doc.warnings)


def test_directory_is_walked_recursively_and_hidden_files_skipped(tmp_path):
    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / "a" / "b" / "page.txt").write_bytes(SEED.read_bytes())
    (tmp_path / "a" / "page.html").write_bytes(HTML.read_bytes())
    (tmp_path / ".hidden.txt").write_bytes(b"\x00\x01")
    docs = process([tmp_path])
    assert sorted(Path(d.path).name for d in docs) == ["page.html", "page.txt"]


# --- CLI ------------------------------------------------------------------------


def test_cli_json_lines_and_exit_0():
    result = runner.invoke(app, ["extract", "--json", str(SEED), str(HTML)])
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert [Path(r["path"]).name for r in rows] == [SEED.name, HTML.name]
    for field in (
        "title",
        "published",
        "published_hint",
        "authors",
        "source",
        "section",
        "body",
        "captions",
        "lede",
        "warnings",
        "path",
    ):
        assert field in rows[0]


def test_cli_exit_1_reports_failures_and_goes_on(tmp_path):
    bad = tmp_path / "bad.bin"
    bad.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(100))
    result = runner.invoke(
        app, ["extract", "--json", str(bad), str(SEED), str(tmp_path / "missing.txt")]
    )
    assert result.exit_code == 1
    assert len(result.stdout.splitlines()) == 1
    assert f"{bad}: E103" in result.stderr
    assert "missing.txt: E101" in result.stderr


@pytest.mark.parametrize(
    "args",
    [
        ["extract"],
        ["extract", "--reference-time", "yesterday", "x.txt"],
        ["frobnicate"],
        ["extract", "--max-bytes", "0", "x.txt"],
    ],
)
def test_cli_usage_errors_exit_2(args):
    assert runner.invoke(app, args).exit_code == 2


def test_cli_reference_time_resolves_relative_dates():
    seed = seed_path("000_d9e7ef91010aa991")
    result = runner.invoke(
        app, ["extract", "--json", "--reference-time", "2026-01-29T12:00", str(seed)]
    )
    row = json.loads(result.stdout)
    assert row["published"] is None
    assert row["published_hint"] == "2 giờ trước"
    assert row["published_resolved"] == "2026-01-29T10:00"


def test_cli_reads_stdin():
    result = runner.invoke(app, ["extract", "--json", "-"], input=SEED.read_bytes())
    assert result.exit_code == 0
    assert json.loads(result.stdout)["path"] == "-"


def test_cli_readable_view():
    result = runner.invoke(app, ["extract", str(SEED)])
    assert result.exit_code == 0
    assert "Củng cố niềm tin" in result.stdout and "Ngọc Minh" in result.stdout
