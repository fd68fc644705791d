"""HTML article pages: body recall inside the article container, sapo, bylines, dates."""

from __future__ import annotations

import re
from datetime import datetime

import pytest
from conftest import FIXTURES, run_text

from sukien.htmlpage import clean_title, extract_html

PAGE = (FIXTURES / "news_page.html").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def article(pipeline):
    return run_text(pipeline, PAGE, path="news_page.html").article


def test_title_is_the_visible_headline_not_the_seo_title(article):
    assert article.title == "Giá cà phê lập đỉnh, nông dân Tây Nguyên vẫn lo"


def test_published_is_valid_iso(article):
    assert article.published == "2026-03-07T08:52:11+07:00"
    datetime.fromisoformat(article.published)
    assert article.published_inferred is False
    assert article.published_hint == "Thứ bảy, 07/03/2026 - 08:52"


def test_sapo_is_the_lede_without_its_outlet_tag(article):
    assert article.lede.startswith("Giá cà phê nhân xô tại Tây Nguyên")
    assert "Báo Mẫu" not in article.lede
    assert article.lede not in article.body


def test_authors_only_from_byline_positions(article):
    # the menu ("Chứng Khoán", "Sự Kiện Nổi Bật", "Đặt Mua Báo"), the footer masthead and the
    # site's meta author are not bylines; the author box and the closing byline are
    assert article.authors == ["Minh Anh"]


def test_body_keeps_the_whole_article(article):
    paragraphs = article.body.split("\n\n")
    assert paragraphs[0].startswith("Sáng 6/3")
    # a paragraph ending in "..." is a sentence of the article, not a teaser
    assert any(p.endswith("sâu bệnh...") for p in paragraphs)
    assert paragraphs[-1].startswith("Theo Hiệp hội Cà phê")
    assert "Doanh nghiệp thiếu hàng để giao" in paragraphs  # bare <h2> after a figure
    assert "- Giữ nguyên nhóm nợ đối với khách hàng bị ảnh hưởng bởi thiên tai;" in paragraphs
    assert "Chuyên gia khuyên không bán tháo" in paragraphs  # inset content box
    assert any(p.startswith("Ông cũng khuyến nghị") for p in paragraphs)


def test_body_leaves_out_boxes_captions_menus_and_footer(article):
    for noise in ("hồ tiêu", "lúa gạo", "Chứng Khoán", "Tổng Biên Tập", "Từ khóa",
                  "Xem các bài viết", "MINH ANH", "Krông Pắc"):
        assert noise not in article.body
    assert article.captions == ["Nông dân thu hoạch cà phê ở huyện Krông Pắc. Ảnh: Minh Anh"]


def test_year_inferred_for_an_html_dateline_warns_w202(pipeline):
    page = re.sub(r'<meta property="article:published_time"[^>]*>', "", PAGE)
    page = page.replace("Thứ bảy, 07/03/2026 - 08:52", "08:52 07/03")
    doc = run_text(pipeline, page, path="p.html", reference=datetime(2026, 3, 9, 10))
    assert doc.article.published_resolved.startswith("2026-03-07T08:52")
    assert doc.article.published_inferred is True
    assert any(w.startswith("W202") for w in doc.warnings)


def test_page_without_any_date_takes_the_reference_time(pipeline):
    page = re.sub(r'<meta property="article:published_time"[^>]*>', "", PAGE)
    page = page.replace("Thứ bảy, 07/03/2026 - 08:52", "")
    doc = run_text(pipeline, page, path="p.html", reference=datetime(2026, 3, 9, 10))
    # no dateline: the day the report opens with ("Sáng 6/3"), its year inferred
    assert doc.article.published_hint == "Sáng 6/3"
    assert (doc.article.published_resolved, doc.article.published_inferred) == ("2026-03-06", True)
    page = page.replace("Sáng 6/3, giá", "Giá")
    doc = run_text(pipeline, page, path="p.html", reference=datetime(2026, 3, 9, 10))
    assert (doc.article.published_resolved, doc.article.published_inferred) == ("2026-03-09", True)


@pytest.mark.parametrize(
    ("title", "h1", "expected"),
    [
        ("Giá vàng giảm - Báo Mẫu", "Giá vàng giảm", "Giá vàng giảm"),
        ("Hộ kinh doanh gặp sai sót với thuế mới", "Hộ kinh doanh gặp sai sót với quy định thuế",
         "Hộ kinh doanh gặp sai sót với quy định thuế"),
        ("Hộ kinh doanh gặp sai sót với thuế mới | BAOMAU.VN", "Báo Mẫu",
         "Hộ kinh doanh gặp sai sót với thuế mới"),
    ],
)
def test_clean_title(title, h1, expected):
    assert clean_title(title, h1) == expected


def test_related_block_inside_the_body_is_not_article():
    html = (
        "<html><body><h1>Hai tỉnh ký kết hợp tác phát triển du lịch</h1><article>"
        + "".join(
            f"<p>Đoạn {i}: hai tỉnh thống nhất xây dựng chương trình quảng bá chung, kết nối tour "
            f"tuyến và chia sẻ dữ liệu du khách trong giai đoạn tới, theo biên bản số {i}.</p>"
            for i in range(1, 6)
        )
        + '<div class="related-news"><a href="/x.htm">Mở đường bay mới đến đảo ngọc</a>'
        "<p>Hãng hàng không vừa công bố kế hoạch mở thêm đường bay thẳng, giá vé dự kiến ...</p>"
        "</div><p>Hai bên sẽ đánh giá kết quả hợp tác vào cuối năm nay.</p></article></body></html>"
    )
    parts = extract_html(html).parts
    assert not any("đường bay" in p for p in parts.paragraphs)
    assert parts.paragraphs[-1] == "Hai bên sẽ đánh giá kết quả hợp tác vào cuối năm nay."
