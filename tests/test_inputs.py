"""Input formats and bad input: every failure names the file and the reason; batches go on."""

from __future__ import annotations

import gzip
import io
import json
import os
import shutil
import subprocess
import sys
import threading
import unicodedata
from pathlib import Path

import pytest
from conftest import FIXTURES, REFERENCE, run_text, seed_path
from typer.testing import CliRunner
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

import sukien
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


# --- files that are not files, damaged archives ------------------------------------


def test_a_fifo_is_refused_not_read(tmp_path):
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)  # opening it for reading would block until a writer comes
    (tmp_path / "page.txt").write_bytes(SEED.read_bytes())
    results = run_with_timeout(lambda: process([fifo, tmp_path]), seconds=60)
    errors = [r for r in results if isinstance(r, SukienError)]
    assert [e.code for e in errors] == [Code.UNREADABLE, Code.UNREADABLE]  # given, and walked
    assert "FIFO" in str(errors[0]) and str(fifo) in str(errors[0])
    assert [Path(r.path).name for r in results if not isinstance(r, SukienError)] == ["page.txt"]


def run_with_timeout(work, seconds: float):
    outcome: list = []
    thread = threading.Thread(target=lambda: outcome.append(work()), daemon=True)
    thread.start()
    thread.join(seconds)
    assert outcome, f"still running after {seconds} s"
    return outcome[0]


def warc_bytes(records: list[tuple[str, str | None, bytes]], gz: bool) -> bytes:
    """A WARC of response records (type, target URI or None, HTML), request records between."""
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=gz)
    for kind, url, payload in records:
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
        record = writer.create_warc_record(url or "https://x.example/", kind,
                                           payload=io.BytesIO(payload), http_headers=headers)
        if url is None:
            record.rec_headers.remove_header("WARC-Target-URI")
        writer.write_record(record)
        if kind == "response":
            request = writer.create_warc_record(url or "https://x.example/", "request",
                                                payload=io.BytesIO(b"GET / HTTP/1.1\r\n\r\n"))
            writer.write_record(request)
    return buffer.getvalue()


def html_variant(i: int) -> bytes:
    return HTML.read_bytes().replace(b"Hai t", f"Hai ({i}) t".encode(), 1)


def test_a_warc_cut_inside_a_record_header_is_e106_and_the_batch_goes_on(tmp_path):
    data = warc_bytes([("response", "https://a.example/1", html_variant(1)),
                       ("response", "https://a.example/2", html_variant(2))], gz=False)
    second = data.index(b"WARC/1.0", data.index(b"WARC-Type: request"))  # 2nd response
    cut = tmp_path / "cut.warc"
    cut.write_bytes(data[: second + 60])  # inside "WARC-Type: response\r\nWARC-Record-ID: …"
    (tmp_path / "z.html").write_bytes(HTML.read_bytes())
    results = process([cut, tmp_path / "z.html"])
    assert [type(r).__name__ for r in results] == ["Document", "SukienError", "Document"]
    assert results[1].code is Code.TRUNCATED and "header" in results[1].detail


def test_a_response_without_target_uri_is_refused_alone(tmp_path):
    path = tmp_path / "nouri.warc.gz"
    path.write_bytes(warc_bytes([("response", None, html_variant(1)),
                                 ("response", "https://a.example/2", html_variant(2))], gz=True))
    results = process([path])
    assert isinstance(results[0], SukienError) and results[0].code is Code.TRUNCATED
    assert "WARC-Target-URI" in results[0].detail
    assert results[1].url == "https://a.example/2"


@pytest.mark.parametrize("gz", [True, False], ids=["warc.gz", "warc"])
def test_every_cut_of_an_archive_reports_e106(tmp_path, gz):
    """Cut at every 7th byte: the whole records before the cut are read, no page is cut
    short, and the cut is reported (E106) unless it falls between two records (then the
    archive is just shorter)."""
    from warcio.archiveiterator import ArchiveIterator

    data = warc_bytes([("response", f"https://a.example/{i}", html_variant(i)) for i in range(3)],
                      gz=gz)
    archive = ArchiveIterator(io.BytesIO(data))
    ends, clean = [], set()
    for _ in archive:
        archive.read_to_end()
        start, length = archive.member_info
        ends.append(start + length)
    for end in [0, *ends]:
        clean |= {end} if gz else set(range(end, end + 5))  # "\r\n\r\n" after a record
    path = tmp_path / ("cut.warc.gz" if gz else "cut.warc")
    for cut in range(5, len(data) - 1, 7):
        path.write_bytes(data[:cut])
        results = list(iter_documents([str(path)], REFERENCE))
        truncated = [r for r in results if isinstance(r, SukienError)]
        pages = [r for r in results if not isinstance(r, SukienError)]
        assert all(e.code is Code.TRUNCATED for e in truncated), (cut, truncated)
        assert len(pages) >= sum(1 for end in ends[0::2] if end <= cut), cut  # none lost
        assert [p.raw for p in pages] == [html_variant(i) for i in range(len(pages))], cut
        if cut not in clean:
            assert truncated, f"cut at byte {cut} of {len(data)} went unreported"


def test_a_truncated_warc_gz_fails_the_ingest_with_e106(tmp_path):
    path = tmp_path / "crawl.warc.gz"
    data = warc_bytes([("response", f"https://a.example/{i}", html_variant(i)) for i in range(3)],
                      gz=True)
    path.write_bytes(data[: len(data) - 30])  # inside the last gzip member
    result = runner.invoke(app, ["extract", "--json", str(path)])
    assert result.exit_code == 1 and "E106" in result.stderr
    assert len(result.stdout.splitlines()) == 3


# --- legacy Vietnamese encodings, from their code tables ----------------------------

LEGACY_PAGE = """Hai tỉnh biên giới thống nhất mở rộng hợp tác thương mại và du lịch

Thứ Hai, 10/03/2025 08:30

Ngày 8/3, tại thành phố Lạng Sơn, lãnh đạo tỉnh đã tiếp đoàn công tác của Sở Công Thương tỉnh Cao Bằng do ông Nguyễn Văn Hải, Phó Giám đốc Sở, dẫn đầu.

Tại buổi làm việc, hai bên đã trao đổi về kết quả hợp tác trong năm qua và thống nhất sẽ tổ chức hội chợ thương mại chung vào tháng 10 tới. Kim ngạch trao đổi hàng hóa giữa hai tỉnh năm 2024 đạt khoảng 120 tỷ đồng, tăng 8% so với năm trước.

Phát biểu tại buổi làm việc, ông Hải đề nghị hai bên tăng cường kết nối doanh nghiệp, chia sẻ thông tin về thị trường và tạo điều kiện thuận lợi cho hàng hóa lưu thông.

MINH ANH
"""


def code_table(name: str, vn3: bool = False) -> dict[str, bytes]:
    """Unicode letter → bytes, read from the package's data file (the code table itself);
    with ``vn3``, only the TCVN3 positions of the ABC fonts."""
    table: dict[str, bytes] = {}
    text = (Path(sukien.__file__).parent / "data" / "encodings" / f"{name}.tsv").read_text("utf-8")
    for line in text.splitlines():
        if not line or line.startswith("#"):
            continue
        fields = line.split("\t")
        if vn3 and fields[-1] != "VN3":
            continue
        if name == "vni":
            table[fields[0]] = bytes.fromhex(fields[1])
        else:
            table[chr(int(fields[1][2:], 16))] = bytes([int(fields[0], 16)])
    return table


def encode_legacy(text: str, name: str) -> bytes:
    table = code_table(name, vn3=name == "tcvn3")
    out = bytearray()
    for ch in unicodedata.normalize("NFC", text):
        if name == "tcvn3" and ch not in table and ch.lower() in table:
            ch = ch.lower()  # TCVN3 capitals with marks: the lower-case byte, in the "H" font
        out += table[ch] if ch in table else ch.encode("ascii")
    return bytes(out)


@pytest.mark.parametrize("name", ["viscii", "tcvn3", "vni"])
@pytest.mark.parametrize("declared", [None, "windows-1252"])
def test_legacy_vietnamese_encodings_are_converted(tmp_path, name, declared):
    raw = encode_legacy(LEGACY_PAGE, name)
    if declared:  # how such pages were usually served
        paragraphs = b"".join(b"<p>" + line + b"</p>\n" for line in raw.splitlines() if line)
        raw = (f'<html><head><meta charset="{declared}"></head><body>'.encode() + paragraphs
               + b"</body></html>")
    path = tmp_path / ("page.html" if declared else "page.txt")
    path.write_bytes(raw)
    (doc,) = process([path])
    assert doc.encoding == name
    assert doc.article.title == LEGACY_PAGE.splitlines()[0]
    assert "Nguyễn Văn Hải" in doc.article.body and "hàng hóa lưu thông" in doc.article.body
    assert doc.article.authors == ["Minh Anh"]
    assert any(f"legacy encoding {name}" in w for w in doc.warnings)


def test_tcvn3_words_set_in_capitals_come_back_in_capitals():
    from sukien.charsets import decode

    assert decode(encode_legacy("HÀ NỘI, VIỆT NAM và Hà Nội", "tcvn3"), "tcvn3") == (
        "Hà NỘI, VIỆT NAM và Hà Nội")  # "HÀ" cannot be told from "Hà"


@pytest.mark.skipif(shutil.which("iconv") is None, reason="no iconv")
@pytest.mark.parametrize(("name", "iconv_name"), [("viscii", "VISCII"), ("tcvn3", "TCVN5712-1")])
def test_code_tables_agree_with_glibc(name, iconv_name):
    """An independent check of the data files: glibc's converters (VISCII per RFC 1456,
    TCVN5712-1 = TCVN 5712:1993 VN1, of which VN3 is the subset) map every byte alike."""
    for letter, byte in code_table(name).items():
        out = subprocess.run(["iconv", "-f", iconv_name, "-t", "UTF-8"], input=byte,
                             capture_output=True, check=True).stdout.decode("utf-8")
        assert out == letter, (name, byte.hex(), letter, out)


def test_vni_table_round_trips_every_letter():
    table = code_table("vni")
    assert len(table) == 134  # 67 letters with marks, lower and upper case
    from sukien.charsets import decode

    for letter, data in table.items():
        assert decode(b"x" + data + b"x", "vni") == f"x{letter}x", letter


# --- file names that are not UTF-8 -------------------------------------------------


def test_json_output_escapes_file_names_that_are_not_utf8(tmp_path):
    raw_name = os.fsencode(tmp_path) + b"/b\xe0i-b\xe1o.txt"  # Latin-1 bytes, not UTF-8
    with open(raw_name, "wb") as fh:
        fh.write(SEED.read_bytes())
    command = [sys.executable, "-m", "sukien.cli", "extract", "--json", os.fsdecode(raw_name)]
    env = {**os.environ, "PYTHONPATH": str(Path(sukien.__file__).parents[1])}
    result = subprocess.run(command, capture_output=True, env=env, check=False)
    assert result.returncode == 0, result.stderr
    line = result.stdout.decode("utf-8")  # valid UTF-8 …
    assert "\\udce0" in line and "\\udce1" in line
    row = json.loads(line)  # … whose path decodes back to the same bytes
    assert os.fsencode(row["path"]) == raw_name

