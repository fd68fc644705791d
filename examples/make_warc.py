"""Rebuild ``pages/archive.warc.gz`` from three of the HTML example pages.

Run from anywhere:  python examples/make_warc.py

The output is byte-for-byte deterministic: every WARC-Date, WARC-Record-ID and
HTTP Date header is fixed, and gzip members carry no timestamp.

Records, in order (index N as in ``archive.warc.gz#record=N``, counting from 0):

  0  warcinfo
  1  request   https://example-news.vn/thoi-su/viet-nam-lao-ky-12-van-kien-hop-tac.html
  2  response  same URL, text/html; charset=UTF-8        <- 05_wp_viet_lao.html
  3  response  .../quang-ninh-quang-tay-...-20714.htm,
               text/html; charset=windows-1258           <- 06_cp1258_quang_tay.html
  4  response  https://example-news.vn/static/logo.png, image/png (must be skipped)
  5  response  .../tp-hcm-an-do-33102.aspx, text/html (charset only in <meta>)
                                                         <- 08_aspnet_an_do.html
"""

from __future__ import annotations

import struct
import zlib
from io import BytesIO
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

HERE = Path(__file__).resolve().parent
PAGES = HERE / "pages"
OUT = PAGES / "archive.warc.gz"

HTML_RECORDS = [
    # (page file, url, content-type header, WARC-Date, record id)
    (
        "05_wp_viet_lao.html",
        "https://example-news.vn/thoi-su/viet-nam-lao-ky-12-van-kien-hop-tac.html",
        "text/html; charset=UTF-8",
        "2025-01-09T02:15:04Z",
        "<urn:uuid:5b0c2f1e-0a41-4c7e-9d52-000000000002>",
    ),
    (
        "06_cp1258_quang_tay.html",
        "https://example-news.vn/kinh-te/quang-ninh-quang-tay-ky-bien-ban-hoi-dam-20714.htm",
        "text/html; charset=windows-1258",
        "2025-08-21T09:30:11Z",
        "<urn:uuid:5b0c2f1e-0a41-4c7e-9d52-000000000003>",
    ),
    (
        "08_aspnet_an_do.html",
        "https://example-news.vn/hoi-nhap/tp-hcm-an-do-33102.aspx",
        "text/html",
        "2025-10-03T04:02:47Z",
        "<urn:uuid:5b0c2f1e-0a41-4c7e-9d52-000000000005>",
    ),
]

HTTP_DATES = {
    "2025-01-09T02:15:04Z": "Thu, 09 Jan 2025 02:15:04 GMT",
    "2025-08-21T09:30:11Z": "Thu, 21 Aug 2025 09:30:11 GMT",
    "2025-10-03T04:02:47Z": "Fri, 03 Oct 2025 04:02:47 GMT",
    "2025-10-03T04:02:48Z": "Fri, 03 Oct 2025 04:02:48 GMT",
}


def tiny_png() -> bytes:
    """A valid 2x2 RGB PNG, built without any image library."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    raw = b"".join(b"\x00" + b"\xc8\x10\x2e" * 2 for _ in range(2))
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", 2, 2, 8, 2, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(raw, 9))
        + chunk(b"IEND", b"")
    )


def response(writer, url, payload, content_type, warc_date, record_id):
    http_headers = StatusAndHeaders(
        "200 OK",
        [
            ("Date", HTTP_DATES[warc_date]),
            ("Server", "nginx"),
            ("Content-Type", content_type),
            ("Content-Length", str(len(payload))),
            ("Cache-Control", "max-age=300"),
        ],
        protocol="HTTP/1.1",
    )
    return writer.create_warc_record(
        url,
        "response",
        payload=BytesIO(payload),
        length=len(payload),
        http_headers=http_headers,
        warc_headers_dict={"WARC-Record-ID": record_id, "WARC-Date": warc_date},
    )


def build() -> bytes:
    buf = BytesIO()
    writer = WARCWriter(buf, gzip=True, warc_version="1.0")

    info = (
        b"software: sukien examples/make_warc.py (warcio)\r\n"
        b"format: WARC File Format 1.0\r\n"
        b"description: invented Vietnamese news pages for tests; not real articles\r\n"
    )
    writer.write_record(
        writer.create_warc_record(
            "",
            "warcinfo",
            payload=BytesIO(info),
            length=len(info),
            warc_headers_dict={
                "WARC-Record-ID": "<urn:uuid:5b0c2f1e-0a41-4c7e-9d52-000000000000>",
                "WARC-Date": "2025-10-03T04:00:00Z",
                "WARC-Filename": "archive.warc.gz",
            },
            warc_content_type="application/warc-fields",
        )
    )

    _, first_url, _, first_date, first_id = HTML_RECORDS[0]
    req_headers = StatusAndHeaders(
        "GET /thoi-su/viet-nam-lao-ky-12-van-kien-hop-tac.html HTTP/1.1",
        [
            ("Host", "example-news.vn"),
            ("User-Agent", "Mozilla/5.0 (compatible; sukien-examples/0.1)"),
            ("Accept", "text/html,application/xhtml+xml"),
            ("Accept-Language", "vi-VN,vi;q=0.9"),
        ],
        is_http_request=True,
    )
    writer.write_record(
        writer.create_warc_record(
            first_url,
            "request",
            http_headers=req_headers,
            warc_headers_dict={
                "WARC-Record-ID": "<urn:uuid:5b0c2f1e-0a41-4c7e-9d52-000000000001>",
                "WARC-Date": first_date,
                "WARC-Concurrent-To": first_id,
            },
        )
    )

    for page, url, ctype, date, rid in HTML_RECORDS[:2]:
        writer.write_record(response(writer, url, (PAGES / page).read_bytes(), ctype, date, rid))

    writer.write_record(
        response(
            writer,
            "https://example-news.vn/static/logo.png",
            tiny_png(),
            "image/png",
            "2025-10-03T04:02:48Z",
            "<urn:uuid:5b0c2f1e-0a41-4c7e-9d52-000000000004>",
        )
    )

    page, url, ctype, date, rid = HTML_RECORDS[2]
    writer.write_record(response(writer, url, (PAGES / page).read_bytes(), ctype, date, rid))
    return buf.getvalue()


def main() -> None:
    data = build()
    OUT.write_bytes(data)
    print(f"wrote {OUT} ({len(data)} bytes)")


if __name__ == "__main__":
    main()
