"""Text dumps as news corpora ship them: `# key = value` header, headline, sapo, body."""

from __future__ import annotations

import pytest
from conftest import run_text

from sukien.textdump import (
    agrees_with_slug,
    analyse_dump,
    header_published,
    looks_like_dump,
    read_header,
    slug_key,
)

URL = "https://baomau.vn/the-gioi/hai-nuoc-ky-hiep-dinh-thuong-mai-tu-do-20240315093011222.htm"
HEADLINE = "Hai nước ký hiệp định thương mại tự do"
SAPO = ("Sáng 15/3, bộ trưởng thương mại hai nước đã ký hiệp định thương mại tự do sau "
        "năm năm đàm phán, mở ra cơ hội mới cho doanh nghiệp.")
BODY = [
    "Theo thỏa thuận, hai bên sẽ xóa bỏ phần lớn thuế nhập khẩu đối với hàng công nghiệp "
    "và nông sản trong vòng mười năm tới.",
    "Các doanh nghiệp xuất khẩu thủy sản, dệt may và điện tử được kỳ vọng hưởng lợi nhiều "
    "nhất từ hiệp định này.",
    "Hai bộ trưởng cũng nhất trí thành lập một ủy ban hỗn hợp để theo dõi việc thực thi.",
]


def dump(*lines: str, header: str | None = None) -> str:
    head = header if header is not None else (
        f"# doc_id = news_world_007\n# url = {URL}\n# date = 20240315\n"
    )
    return head + "\n".join(lines) + "\n"


def test_header_feeds_url_source_published_and_meta(pipeline):
    doc = run_text(pipeline, dump(HEADLINE, SAPO, *BODY, "Minh Anh",
                                  header=f"# doc_id = x_1\n# url = {URL}\n# date = 20240315\n"
                                  "# topic = kinh tế\n"))
    article = doc.article
    assert doc.url == URL
    assert article.published == article.published_resolved == "2024-03-15"
    assert article.published_inferred is False
    assert article.meta == {"doc_id": "x_1", "url": URL, "date": "20240315", "topic": "kinh tế"}
    assert article.title == HEADLINE
    assert article.lede == SAPO
    assert article.body.startswith("Theo thỏa thuận") and SAPO not in article.body
    assert article.authors == ["Minh Anh"]
    assert "W201" not in " ".join(doc.warnings)


@pytest.mark.parametrize(
    ("value", "iso"),
    [
        ("20201001", "2020-10-01"),
        ("2020-10-01", "2020-10-01"),
        ("2020-10-01T08:05:00+07:00", "2020-10-01T08:05:00+07:00"),
        ("202010010805", "2020-10-01T08:05"),
        ("1/10/2020", "2020-10-01"),
        ("20201301", None),
        ("hôm qua", None),
    ],
)
def test_header_dates(value, iso):
    assert header_published({"date": value}) == iso


def test_header_is_only_the_leading_key_value_lines():
    meta, rest = read_header("# a = 1\n\n# b = 2\nTiêu đề\n# c = 3\n")
    assert meta == {"a": "1", "b": "2"}
    assert rest.startswith("Tiêu đề") and "# c = 3" in rest
    assert read_header("Tiêu đề\n# a = 1\n") == ({}, "Tiêu đề\n# a = 1\n")


@pytest.mark.parametrize(
    "headline",
    [
        "Vì sao giá lúa gạo tăng mạnh trong tháng này?",
        "Cứu hộ thành công 12 ngư dân gặp nạn!",
        "“Cú hích” cho xuất khẩu nông sản",
        "Bão số 3",
    ],
)
def test_headline_in_any_form_is_the_title(pipeline, headline):
    doc = run_text(pipeline, dump(headline, SAPO, *BODY, header="# doc_id = a\n"))
    assert doc.article.title == headline
    assert doc.article.lede == SAPO


def test_photo_caption_first_line_is_never_the_title(pipeline):
    caption = "Toàn cảnh lễ ký kết hiệp định tại thủ đô (Ảnh: Minh Anh)."
    doc = run_text(pipeline, dump(caption, *BODY))
    assert doc.article.title is None
    assert "W201 no title found" in doc.warnings
    assert doc.article.captions == [caption]
    assert caption not in doc.article.body


def test_first_line_the_url_slug_disowns_is_not_the_title(pipeline):
    # the corpus lost the headline: the first line is a sub-heading of the article
    doc = run_text(pipeline, dump("Nông sản hưởng lợi nhiều nhất", *BODY))
    assert doc.article.title is None
    assert doc.article.body.startswith("Nông sản hưởng lợi nhiều nhất")


def test_slug_agreement():
    slug = slug_key(URL)
    assert slug == "hai-nuoc-ky-hiep-dinh-thuong-mai-tu-do"
    assert agrees_with_slug(HEADLINE, slug)
    assert agrees_with_slug("Hiệp định thương mại tự do: hai nước ký", slug)  # reordered
    assert not agrees_with_slug("Nông sản hưởng lợi nhiều nhất", slug)
    assert slug_key("https://baomau.vn/tin/123456.htm") is None
    assert slug_key("https://baomau.vn/xa-hoi/1-11-2020.htm") is None


def test_outlet_tag_opens_the_sapo_and_is_removed(pipeline):
    doc = run_text(pipeline, dump(HEADLINE, "(Báo Mẫu) - " + SAPO, *BODY))
    assert doc.article.lede == SAPO
    doc = run_text(pipeline, dump(HEADLINE, "Dân trí " + SAPO, *BODY))
    assert doc.article.lede == SAPO


def test_no_sapo_when_a_caption_follows_the_headline(pipeline):
    doc = run_text(pipeline, dump(HEADLINE, "Quang cảnh buổi ký kết. Ảnh: TTXVN", *BODY))
    assert doc.article.lede is None
    assert doc.article.captions == ["Quang cảnh buổi ký kết. Ảnh: TTXVN"]


def test_closing_byline_glued_to_its_source(pipeline):
    doc = run_text(pipeline, dump(HEADLINE, SAPO, *BODY, "Thu HằngTheo Reuters"))
    assert doc.article.authors == ["Thu Hằng"]
    assert "Reuters" not in doc.article.body


def test_whole_body_on_one_line_is_cut_at_its_captions():
    run = (f"{BODY[0]} Hai bộ trưởng tại lễ ký. Ảnh: TTXVN {BODY[1]} "
           f"Một cảng container ở miền Nam (Nguồn: EPA/TTXVN) {BODY[2]}")
    parts = analyse_dump("\n".join([HEADLINE, SAPO, run]), URL)
    assert parts.title == HEADLINE and parts.lede == SAPO
    assert parts.captions == ["Hai bộ trưởng tại lễ ký. Ảnh: TTXVN",
                              "Một cảng container ở miền Nam (Nguồn: EPA/TTXVN)"]
    assert parts.paragraphs == BODY


def test_photo_story_keeps_its_captions_as_body(pipeline):
    lines = [
        "Những cánh đồng lúa chín vàng trải dài dưới chân núi vào mùa gặt (Ảnh: Minh Anh).",
        "Người dân tranh thủ thu hoạch trước khi cơn bão đổ bộ vào đất liền (Ảnh: Minh Anh).",
        "Lúa được phơi ngay bên đường làng trong những ngày nắng đẹp (Ảnh: Minh Anh).",
    ]
    doc = run_text(pipeline, dump(*lines, "Minh Anh"))
    assert doc.article.body.count("\n\n") == 2
    assert doc.article.authors == ["Minh Anh"]


def test_sentence_ending_in_ellipsis_stays_in_a_dump(pipeline):
    ending = "Các mặt hàng được giảm thuế gồm thủy sản, gạo, cà phê, hạt điều..."
    doc = run_text(pipeline, dump(HEADLINE, SAPO, BODY[0], ending, BODY[1], BODY[2]))
    assert ending in doc.article.body and doc.article.body.endswith(BODY[2])


def test_clean_text_without_header_is_read_as_a_dump(pipeline):
    text = "\n".join(["Vì sao giá lúa gạo tăng mạnh trong tháng này?", SAPO, *BODY])
    assert looks_like_dump(text)
    doc = run_text(pipeline, text)
    assert doc.article.title == "Vì sao giá lúa gạo tăng mạnh trong tháng này?"
    assert doc.article.lede == SAPO


def test_page_capture_is_not_a_dump():
    text = "Trang chủ\nThời sự\nĐăng nhập\n" + "\n".join([HEADLINE, SAPO, *BODY])
    assert not looks_like_dump(text)


def test_undated_dump_takes_the_reference_time_as_inferred(pipeline):
    doc = run_text(pipeline, dump(HEADLINE, SAPO, *BODY, header="# doc_id = a\n"))
    article = doc.article
    assert article.published is None
    assert article.published_resolved == "2026-02-01"  # conftest REFERENCE
    assert article.published_inferred is True


def test_line_printed_again_is_a_caption(pipeline):
    heading = "Nông dân phấn khởi vì được mùa"
    doc = run_text(pipeline, dump(HEADLINE, SAPO, BODY[0], heading, BODY[1], heading + ".",
                                  BODY[2], HEADLINE + "."))
    assert doc.article.body.split("\n\n") == [BODY[0], heading, BODY[1], BODY[2]]
    assert doc.article.captions == [heading + ".", HEADLINE + "."]
