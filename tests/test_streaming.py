"""WARCs are read record by record: memory stays flat whatever the archive size."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

from conftest import EXAMPLES, ROOT
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from sukien.sources import iter_documents

PAGE = (EXAMPLES / "pages" / "05_wp_viet_lao.html").read_bytes()


def write_warc(path: Path, records: int) -> None:
    with path.open("wb") as fh:
        writer = WARCWriter(fh, gzip=True)
        for i in range(records):
            payload = PAGE.replace(b"</body>", f"<p>{i}</p></body>".encode())
            headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")],
                                       protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(
                f"https://news.example/{i}", "response", payload=io.BytesIO(payload),
                http_headers=headers))


def test_first_record_comes_before_the_archive_is_read(tmp_path):
    path = tmp_path / "big.warc.gz"
    write_warc(path, 400)
    items = iter_documents([str(path)])
    first = next(items)
    assert first.url == "https://news.example/0"
    # the generator has not gone on: the archive is read lazily, one record at a time
    assert sum(1 for _ in items) == 399


PROBE = """
import resource, sys
from sukien.pipeline import Pipeline
from sukien.sources import iter_documents
pipeline = Pipeline.build(("decode", "extract", "normalise"))
n = 0
for doc in iter_documents([sys.argv[1]]):
    pipeline(doc)
    n += 1
print(n, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


def peak_kb(path: Path) -> tuple[int, int]:
    out = subprocess.run([sys.executable, "-c", PROBE, str(path)], capture_output=True,
                         text=True, check=True, cwd=ROOT).stdout.split()
    return int(out[0]), int(out[1])


def test_memory_is_flat_in_archive_size(tmp_path):
    small, large = tmp_path / "small.warc.gz", tmp_path / "large.warc.gz"
    write_warc(small, 30)
    write_warc(large, 300)  # 10x the records
    n_small, kb_small = peak_kb(small)
    n_large, kb_large = peak_kb(large)
    assert (n_small, n_large) == (30, 300)
    assert kb_large - kb_small < 30_000, (kb_small, kb_large)  # < 30 MB more for 10x the data
