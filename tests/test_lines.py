"""Bylines, captions, teasers and other line forms of Vietnamese news pages."""

from __future__ import annotations

import pytest
from conftest import run_text

from sukien.textdump import split_inline_captions
from sukien.textpage import (
    analyse,
    classify,
    headline_shaped,
    is_caption_credit,
    name_from_byline,
    strip_outlet_tag,
)


@pytest.mark.parametrize(
    ("line", "names"),
    [
        ("Bích Thuận/VOV-Bắc Kinh", ["Bích Thuận"]),
        ("NGỌC MINH", ["Ngọc Minh"]),
        ("Hữu Chiến TTXVN/Vietnam+", ["Hữu Chiến"]),
        ("Hữu Chiến", ["Hữu Chiến"]),
        ("Bài và ảnh: Thu Hà", ["Thu Hà"]),
        ("Minh Châu - Quang Vinh", ["Minh Châu", "Quang Vinh"]),
        ("THU HÀ (TTXVN)", ["Thu Hà"]),
        ("H.Long", ["H.Long"]),
        ("T.Đ", ["T.Đ"]),
        ("Đ.Chính - Trường Thịnh", ["Đ.Chính", "Trường Thịnh"]),
        ("Đại Dương- Đặng Tài", ["Đại Dương", "Đặng Tài"]),
        ("Trang Phạm Theo IFL Science", ["Trang Phạm"]),
        ("Châu Như Quỳnh", ["Châu Như Quỳnh"]),
    ],
)
def test_bylines(line, names):
    assert name_from_byline(line) == names


@pytest.mark.parametrize(
    "line",
    [
        "Skip Ribbon Commands",
        "Bình luận",
        "Đánh giá",
        "Việt Nam",
        "HÒA BÌNH",
        "Thủ tướng Phạm Minh Chính",
        "Home Icon VỀ TRANG CHỦ",
        "Đọc thêm",
    ],
)
def test_not_bylines(line):
    assert name_from_byline(line) == []


@pytest.mark.parametrize(
    "line",
    [
        "Toàn cảnh hội nghị tại Trùng Khánh, Trung Quốc ngày 7/6/2021. (Nguồn THX/TTXVN)",
        "Thứ trưởng cùng đoàn đại biểu Việt Nam. (Ảnh: Thành Long)",
        "Các trưởng đoàn tham dự cuộc họp. Ảnh: BNG",
        "Quang cảnh buổi làm việc. Ảnh: TLSQ cung cấp",
        "Ông Khúc Cường, giáo sư Đại học Dân tộc Trung ương. (Ảnh do nhân vật cung cấp)",
        "Cảng biển Hải Phòng. Ảnh minh họa",
    ],
)
def test_caption_credits(line):
    assert is_caption_credit(line)


def test_long_paragraph_citing_a_source_is_not_a_caption():
    paragraph = " ".join(["Kim ngạch thương mại tăng mạnh trong những năm qua"] * 8)
    assert not is_caption_credit(paragraph + " (Nguồn: Tổng cục Hải quan)")


@pytest.mark.parametrize(
    ("line", "kind"),
    [
        ("TIN LIÊN QUAN", "end"),
        ("Có thể bạn quan tâm", "end"),
        ("Bình luận", "end"),
        ("CHƯƠNG TRÌNH TRUYỀN HÌNH 21/05/2025", "end"),
        ("05:30Giới thiệu chương trình", "boiler"),
        ("Tổng số lượt xem: 1218", "boiler"),
        ("33°C", "boiler"),
        ("Weather Hoa binh", "boiler"),
        ("Theo dõi Baoquocte.vn trên", "boiler"),
        ("🔍", "boiler"),
        ("Chuyên mục: Thời sự", "section"),
        ("Theo https://www.qdnd.vn/quoc-te/tin-tuc/cung-co...", "source"),
        ("TTXVN/Vietnam+", "agency"),
        ("2 giờ trước", "dateline"),
    ],
)
def test_line_kinds(line, kind):
    assert classify(line, 0).kind == kind


PAGE = """Trang chủ
Chuyên mục: Quốc tế
Hai bên nhất trí mở rộng hợp tác nông nghiệp và logistics
Thứ Ba, 04/03/2025 09:10 (GMT+7)
Sáng 3/3, tại Hà Nội, Bộ trưởng Bộ Công Thương đã tiếp Đại sứ Lào tại Việt Nam, hai bên trao đổi về hợp tác thương mại biên giới.
Hai bên nhất trí mở rộng hợp tác nông nghiệp và logistics
Bộ trưởng tiếp Đại sứ Lào. Ảnh: Minh Anh

Theo số liệu của Bộ, kim ngạch thương mại song phương năm 2024 đạt khoảng 2,1 tỷ USD, tăng 9% so với năm trước đó.

Hai bên cũng thống nhất sẽ sớm tổ chức kỳ họp tiếp theo của Ủy ban hỗn hợp tại Viêng Chăn.

Bộ trưởng và Đại sứ chụp ảnh lưu niệm.
Bộ trưởng và Đại sứ chụp ảnh lưu niệm.

Hai bên đánh giá cao kết quả đạt được trong năm qua và mong muốn tăng cường hợp tác.

MAI LAN

Việt Nam và Campuchia thúc đẩy thương mại biên giới

Hai nước thống nhất nâng kim ngạch song phương lên mức mới trong những năm tới, đồng thời ...
Lào công bố kế hoạch phát triển cảng cạn

Chính phủ Lào vừa công bố kế hoạch phát triển hệ thống cảng cạn dọc hành lang kinh tế ...
"""


def test_full_page_structure(pipeline):
    doc = run_text(pipeline, PAGE)
    article = doc.article
    assert article.title == "Hai bên nhất trí mở rộng hợp tác nông nghiệp và logistics"
    assert article.section == "Quốc tế"
    assert article.published == "2025-03-04T09:10+07:00"
    assert article.authors == ["Mai Lan"]
    assert article.body.startswith("Sáng 3/3, tại Hà Nội")
    assert article.body.endswith("mong muốn tăng cường hợp tác.")
    assert article.captions == [
        "Bộ trưởng tiếp Đại sứ Lào. Ảnh: Minh Anh",
        "Bộ trưởng và Đại sứ chụp ảnh lưu niệm.",
    ]
    assert "Campuchia" not in article.body and "cảng cạn" not in article.body
    assert article.body.count("\n\n") == 3


def test_in_body_ellipsis_does_not_end_the_body():
    text = (
        "Tiêu đề bài viết về hợp tác kinh tế khu vực\n\n"
        "Các nước bày tỏ mong muốn kết thúc đàm phán, cũng như triển khai hiệu quả Hiệp định "
        "Đối tác kinh tế toàn diện khu vực (RCEP)...\n\n"
        "Hai bên nhất trí tiếp tục triển khai hiệu quả các hoạt động hợp tác trong năm tới.\n"
    )
    parts = analyse(text)
    assert len(parts.paragraphs) == 2


def test_author_line_under_title(pipeline):
    text = (
        "Tiêu đề về chuyến thăm của đoàn đại biểu cấp cao\n\nThanh Hương\n"
        "Ngày 5/9, đoàn đại biểu cấp cao đã tới thăm tỉnh và làm việc với lãnh đạo địa phương "
        "về các dự án hợp tác.\n"
    )
    doc = run_text(pipeline, text)
    assert doc.article.authors == ["Thanh Hương"]
    assert doc.article.published_hint == "Ngày 5/9"


# --- round two: teasers, lists, sources, outlet tags, inline captions ---------------------

_P1 = ("Chiều 12/4, tại Hà Nội, hai đoàn đại biểu đã trao đổi về hợp tác đầu tư, thương mại "
       "và phát triển hạ tầng giao thông kết nối giữa hai nước.")
_P3 = "Hai bên nhất trí sớm tổ chức phiên họp tiếp theo của ủy ban liên chính phủ."


def test_article_sentence_ending_in_ellipsis_does_not_end_the_body():
    ellipsis = ("Các lĩnh vực ưu tiên gồm năng lượng, logistics, nông nghiệp công nghệ cao, "
                "chuyển đổi số...")
    parts = analyse("\n".join(["Hai nước thúc đẩy hợp tác đầu tư", _P1, ellipsis, _P3]))
    assert parts.paragraphs == [_P1, ellipsis, _P3]


def test_related_block_headline_snippet_ends_the_body():
    text = "\n".join([
        "Hai nước thúc đẩy hợp tác đầu tư", _P1, _P3,
        "Doanh nghiệp hai nước tìm kiếm cơ hội mới",
        "Hơn 200 doanh nghiệp đã tham dự diễn đàn kết nối đầu tư được tổ chức ...",
        "Khai trương đường bay thẳng giữa hai thủ đô",
    ])
    assert analyse(text).paragraphs == [_P1, _P3]


def test_list_items_and_sub_headings_stay_in_the_body():
    lead = "Nghị định quy định ba hình thức khai thác thông tin, gồm:"
    items = ["- Khai thác trực tiếp qua cổng thông tin điện tử;",
             "- Khai thác qua kết nối, chia sẻ dữ liệu;",
             "b) Khai thác bằng văn bản gửi cơ quan có thẩm quyền."]
    heading = "Mức phạt mới từ tháng ba"
    text = "\n".join(["Chính sách mới có hiệu lực từ tháng ba", _P1, lead, *items, heading, _P3])
    assert analyse(text).paragraphs == [_P1, lead, *items, heading, _P3]


@pytest.mark.parametrize(
    ("line", "kind"),
    [
        ("Theo Reuters", "source"),
        ("Nguồn: TTXVN", "source"),
        ("Theo đó, giá xăng tăng nhẹ.", "paragraph"),
        ("Nguồn gốc của vàng trong vũ trụ?", "paragraph"),
    ],
)
def test_source_lines_name_a_source(line, kind):
    assert classify(line, 0).kind == kind


@pytest.mark.parametrize(
    ("line", "sapo"),
    [
        ("(Báo Mẫu) - Giá vàng trong nước tiếp tục giảm.", "Giá vàng trong nước tiếp tục giảm."),
        ("(NLĐO)- Nhiều hộ kinh doanh chưa quen với hóa đơn điện tử.",
         "Nhiều hộ kinh doanh chưa quen với hóa đơn điện tử."),
        ("VOV.VN - Sáng nay, đoàn công tác đã đến thăm tỉnh biên giới.",
         "Sáng nay, đoàn công tác đã đến thăm tỉnh biên giới."),
        ("WHO - Tổ chức Y tế Thế giới hôm nay đưa ra cảnh báo mới.", None),
        ("(1) Miễn phí sử dụng hạ tầng đường sắt quốc gia.", None),
    ],
)
def test_outlet_tag(line, sapo):
    assert strip_outlet_tag(line) == sapo


def test_outlet_name_without_brackets_only_when_loose():
    line = "Dân trí Giá vàng trong nước tiếp tục giảm."
    assert strip_outlet_tag(line) is None
    assert strip_outlet_tag(line, loose=True) == "Giá vàng trong nước tiếp tục giảm."


@pytest.mark.parametrize(
    ("run", "pieces"),
    [
        ("Giá dầu tăng mạnh. Một giàn khoan ngoài khơi. Ảnh: Reuters Các nhà phân tích cho rằng "
         "giá sẽ còn tăng.",
         ["Giá dầu tăng mạnh.", "Một giàn khoan ngoài khơi. Ảnh: Reuters",
          "Các nhà phân tích cho rằng giá sẽ còn tăng."]),
        ("Bộ trưởng phát biểu. Ảnh: Hoàng Lan Theo bộ trưởng, thuế sẽ giảm trong năm tới.",
         ["Bộ trưởng phát biểu. Ảnh: Hoàng Lan", "Theo bộ trưởng, thuế sẽ giảm trong năm tới."]),
        ("Hàng trăm người xếp hàng. Ảnh: minh họa Trong năm nay, giá vàng tăng.",
         ["Hàng trăm người xếp hàng. Ảnh: minh họa", "Trong năm nay, giá vàng tăng."]),
        ("Cảnh sát phong tỏa hiện trường (Ảnh: Reuters).",
         ["Cảnh sát phong tỏa hiện trường (Ảnh: Reuters)."]),
        ("Dự án được cấp vốn (nguồn vốn ODA) cho miền Trung năm nay.",
         ["Dự án được cấp vốn (nguồn vốn ODA) cho miền Trung năm nay."]),
    ],
)
def test_inline_captions(run, pieces):
    assert split_inline_captions(run) == pieces


@pytest.mark.parametrize(
    ("line", "shaped"),
    [
        ("Vì sao giá vàng tăng?", True),
        ("TP. Hồ Chí Minh mở rộng vành đai xanh", True),
        ("Ăn gì?", True),
        ("Giá vàng tăng. Người dân đổ xô đi mua.", False),
        ("Giá vàng tăng mạnh trong phiên sáng nay.", False),
    ],
)
def test_headline_shape(line, shaped):
    assert headline_shaped(line) is shaped


@pytest.mark.parametrize("line", ["Báo Điện Tử Chính Phủ", "Đài Phát Thanh", "Chia Sẻ"])
def test_organisations_and_labels_are_not_bylines(line):
    assert name_from_byline(line) == [] or classify(line, 0).kind != "byline"


def test_menu_labels_are_not_bylines(pipeline):
    text = (
        "Trang chủ\nChứng Khoán\nBất Động Sản\nDoanh Nghiệp\nSự Kiện Nổi Bật\nĐặt Mua Báo\n"
        "Hai nước thúc đẩy hợp tác đầu tư và thương mại\nThanh Hương\n"
        f"{_P1}\n{_P3}\n"
    )
    doc = run_text(pipeline, text)
    assert doc.article.authors == ["Thanh Hương"]
