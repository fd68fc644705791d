"""The title grammar on the patterns of real news: bodies inside titles, professions and
their fields, appositions, counterparts, title-only mentions tied through the lexicon, and
the words that look like a title's country or a person but are not.

Every sentence here is written for the test from the pattern it exercises; the names are
invented unless the lexicon is what is tested."""

from __future__ import annotations

import pytest
from test_people import analyse, person, persons

from sukien.entities import pattern_spans, tokens_of
from sukien.record import Document


def bodies(text: str) -> list[str]:
    tk = tokens_of(Document(path="t"), "title", text)
    return [s.text for s in pattern_spans(tk)]


# --- bodies named inside titles ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "body"),
    [("Sở Văn hóa - Thể thao & Du lịch tỉnh Nam Định thông báo.",
      "Sở Văn hóa - Thể thao & Du lịch tỉnh Nam Định"),
     ("Sở Lao động - Thương binh và Xã hội tỉnh Vĩnh Phúc vừa ban hành.",
      "Sở Lao động - Thương binh và Xã hội tỉnh Vĩnh Phúc"),
     ("Bệnh viện Quân y 175 cho biết.", "Bệnh viện Quân y 175"),
     ("Viện Nghiên cứu Quốc tế S. Rajaratnam công bố.", "Viện Nghiên cứu Quốc tế S. Rajaratnam")])
def test_body_names_hold_dashes_ampersands_numbers_and_initials(text, body):
    assert body in bodies(text)


def test_a_dash_before_another_body_ends_the_name():
    assert "Cục Viễn thông" in bodies("Ông An, Cục Viễn thông - Bộ Thông tin và Truyền thông nói.")
    assert "Công ty Hòa Bình" in bodies("Công ty Hòa Bình 2 năm qua lãi lớn.")


def test_a_title_after_lower_case_words_is_not_the_firms():
    doc = analyse("Hãng tin Bernama dẫn lời Thủ tướng Malaysia Ahmad Rahim cho biết như vậy.")
    assert person(doc, "Ahmad Rahim").title == "Thủ tướng Malaysia"


def test_a_known_body_inside_the_head_word_is_the_bodys_name():
    doc = analyse("Bà Trần Thị Hạnh, giảng viên tại Trường Đại học Bách khoa Hà Nội năm 1999, kể.")
    assert "Hà Nội" not in persons(doc)
    assert person(doc, "Trần Thị Hạnh").title == \
        "giảng viên tại Trường Đại học Bách khoa Hà Nội"


@pytest.mark.parametrize(
    ("text", "name", "title", "country"),
    [("Ông Lê Văn Tâm - Giám đốc Sở Văn hóa - Thể thao & Du lịch (VH-TT&DL) tỉnh Quảng Bình "
      "cho biết.", "Lê Văn Tâm",
      "Giám đốc Sở Văn hóa - Thể thao & Du lịch (VH-TT&DL) tỉnh Quảng Bình", "VN"),
     ("TS. Phan Đức Minh, Giám đốc Trung tâm Chấn thương chỉnh hình và phục hồi, Bệnh viện "
      "Quân y 175 cho biết.", "Phan Đức Minh",
      "Giám đốc Trung tâm Chấn thương chỉnh hình và phục hồi, Bệnh viện Quân y 175", "VN"),
     ("Chuyên gia an ninh từ tổ chức Hudson (Mỹ) Peter Morgan nhận định.", "Peter Morgan",
      "Chuyên gia an ninh từ tổ chức Hudson", "US"),
     ("Bà Mary Collins, hiệu trưởng trường trung học Redwood, kể lại.", "Mary Collins",
      "hiệu trưởng trường trung học Redwood", None),
     ("Thomas Reed, chuyên gia từ viện Nghiên cứu Chiến lược Australia, nhận định.",
      "Thomas Reed", "chuyên gia từ viện Nghiên cứu Chiến lược Australia", "AU"),
     ("Paul Harris, chủ tịch Đảng Nông dân-Lao động Ohio nhận định.", "Paul Harris",
      "chủ tịch Đảng Nông dân-Lao động Ohio", None),
     ("Ông Trần Văn Khải - Tổng giám đốc Bắc Á Bank chia sẻ thông tin.", "Trần Văn Khải",
      "Tổng giám đốc Bắc Á Bank", "VN"),
     ("Daniel Moore, Giám đốc điều hành Westbrook Global Partners cho rằng giá sẽ tăng.",
      "Daniel Moore", "Giám đốc điều hành Westbrook Global Partners", None),
     ("Laura Kent, nhà cổ sinh vật học của Bảo tàng Thiên nhiên Canada, cho biết.",
      "Laura Kent", "nhà cổ sinh vật học của Bảo tàng Thiên nhiên Canada", "CA"),
     ("George Hill, nhà thiên văn của Đại học Texas tại Mỹ, cho biết.", "George Hill",
      "nhà thiên văn của Đại học Texas tại Mỹ", "US")])
def test_titles_read_the_bodies_in_them(text, name, title, country):
    found = person(analyse(text), name)
    assert (found.title, found.country) == (title, country)


def test_a_body_after_tai_or_cua_is_no_name():
    doc = analyse("Henry Walsh - Giám đốc pháp lý tại Spotify thì cho rằng đây là bước lùi.")
    assert "Spotify" not in persons(doc)
    assert person(doc, "Henry Walsh").title == "Giám đốc pháp lý tại Spotify"
    doc = analyse("Chủ tịch luân phiên của Huawei Từ Chí Quân phát biểu tại hội nghị.")
    assert person(doc, "Từ Chí Quân").title == "Chủ tịch luân phiên của Huawei"


def test_a_school_named_after_a_person_is_the_schools_name():
    doc = analyse("Cô Lê Thị Hoa, giáo viên trường THPT Lê Hồng Phong, cho biết.")
    assert "Lê Hồng Phong" not in persons(doc)
    doc = analyse("Giáo viên trường THPT Chu Văn An Nguyễn Thị Bình cho biết như vậy.")
    assert person(doc, "Nguyễn Thị Bình").title == "Giáo viên trường THPT Chu Văn An"


# --- professions, their fields and the words that describe a person -------------------------


@pytest.mark.parametrize(
    ("text", "name", "title"),
    [("Công an vừa tiếp nhận tài xế xe khách tên Đỗ Văn Hùng (sinh năm 1985).", "Đỗ Văn Hùng",
      "tài xế xe khách"),
     ("\"Đây là một phát hiện lớn\", Ruth Parker, một giáo sư địa chất tại UCR cho biết.",
      "Ruth Parker", "giáo sư địa chất tại UCR"),
     ("Đội có tiền vệ trung tâm Phạm Văn Long và hậu vệ biên Trịnh Văn Quý.", "Trịnh Văn Quý",
      "hậu vệ biên"),
     ("Tham mưu trưởng hải quân Indonesia Agus Salim cho biết.", "Agus Salim",
      "Tham mưu trưởng hải quân Indonesia"),
     ("Nhà vật lý thiên văn Oliver Grant công bố nghiên cứu mới.", "Oliver Grant",
      "Nhà vật lý thiên văn"),
     ("Ca sĩ xinh đẹp Sophie Turner xuất hiện tại sự kiện.", "Sophie Turner", "Ca sĩ"),
     ("Hai trung vệ ngoại Kim Dong-hyun và Milan Petrovic chơi hay.", "Kim Dong-hyun", "trung vệ"),
     ("Nhà ngoại giao hàng đầu Trung Quốc Vương Văn Hải cảnh báo.", "Vương Văn Hải",
      "Nhà ngoại giao hàng đầu Trung Quốc"),
     ("Thầy giáo Vật lý Đỗ Ngọc Lân chia sẻ kinh nghiệm.", "Đỗ Ngọc Lân", "Thầy giáo Vật lý")])
def test_professions_and_their_fields(text, name, title):
    assert person(analyse(text), name).title == title


def test_a_verb_after_a_profession_is_no_field():
    doc = analyse("Nữ diễn viên ly hôn Lưu Thành Phong vào năm 2012.")
    assert person(doc, "Lưu Thành Phong").title is None
    doc = analyse("Cô từng là diễn viên đoạt giải Oscar, theo báo chí.")
    assert "Oscar" not in persons(doc)


def test_a_village_hall_is_no_writer():
    doc = analyse("Người dân tập trung tại nhà văn hóa thôn Lỗ Xá để họp.")
    assert not persons(doc)


def test_a_surname_alone_after_ho_needs_a_full_name():
    assert not persons(analyse("Doanh nhân họ Huỳnh đã bị bắt tạm giam."))
    doc = analyse("Nữ diễn viên họ Chung chia sẻ. Chung Hân Lan nói cô rất vui.")
    assert person(doc, "Chung Hân Lan").title == "Nữ diễn viên"


def test_a_topic_after_ve_is_written_but_is_no_country():
    doc = analyse("Li Wei, chuyên gia về Triều Tiên tại Viện Carnegie ở Bắc Kinh, nhận định.")
    assert person(doc, "Li Wei").country == "CN"
    doc = analyse("Neil Patel, giáo sư về y tế toàn cầu tại Trường Y Harvard, nhận định.")
    found = person(doc, "Neil Patel")
    assert (found.title, found.country) == ("giáo sư về y tế toàn cầu tại Trường Y Harvard", "US")


@pytest.mark.parametrize(
    "text", ["Trần Minh Quân, giáo viên tiếng Anh tại trung tâm Sao Mai, kể lại.",
             "Hans de Vries, Chủ tịch Liên đoàn quyền Anh của Hà Lan, phát biểu."])
def test_a_language_or_a_sport_is_no_country(text):
    found = next(iter(persons(analyse(text)).values()))
    assert found.country != "GB"


# --- appositions, coordination, counterparts --------------------------------------------------


def test_an_apposition_after_a_relative_lead():
    doc = analyse("Bộ trưởng Giao thông Lim Boon Kiat sẽ nhận nhiệm vụ mới, thay cho ông Ng Chee "
                  "Meng - người trở thành Bộ trưởng Tài chính mới của Singapore. Ông Tan Wei "
                  "Ming - người được bổ nhiệm làm tân Bộ trưởng Công thương.")
    found = person(doc, "Ng Chee Meng")
    assert (found.title, found.country) == ("Bộ trưởng Tài chính", "SG")
    assert person(doc, "Tan Wei Ming").title == "Bộ trưởng Công thương"


def test_an_apposition_after_mot_and_a_title_after_a_comma():
    doc = analyse("Jack Turner, một nhà phân tích bầu cử cấp cao tại PollWatch nhận định.")
    assert person(doc, "Jack Turner").title == "nhà phân tích bầu cử cấp cao tại PollWatch"
    doc = analyse("Ý tưởng đến từ chủ tịch Real Madrid, Florentino Pérez - người sẽ dẫn dắt giải.")
    assert person(doc, "Florentino Pérez").title == "chủ tịch Real Madrid"


def test_a_plural_apposition_after_two_names_belongs_to_both():
    doc = analyse("Nghiên cứu của Anna Berg và Erik Holm, hai nhà vật lý thiên văn từ Đại học "
                  "Arizona, vừa được công bố.")
    for name in ("Anna Berg", "Erik Holm"):
        assert person(doc, name).title == "nhà vật lý thiên văn từ Đại học Arizona"
    assert "Great Bitter" not in persons(analyse(
        "Tàu mắc kẹt ở hồ Great Bitter, hai thủy thủ đã được rời tàu."))


def test_a_counterpart_holds_the_other_sides_office():
    doc = analyse("Bộ trưởng Quốc phòng Mỹ Robert Hale sẽ điện đàm với người đồng cấp "
                  "Indonesia Budi Santoso trong hôm nay.")
    found = person(doc, "Budi Santoso")
    assert found.title == "Bộ trưởng Quốc phòng Indonesia" and found.country == "ID"
    assert "người đồng cấp Indonesia" in found.titles


def test_a_title_only_mention_goes_to_the_lexicons_holder():
    doc = analyse("Bà Zakharova nói Nga không liên quan. Theo người phát ngôn Bộ Ngoại giao "
                  "Nga, Prague cần giải thích.", published="2021-04-26")
    found = person(doc, "Zakharova")
    assert found.title == "người phát ngôn Bộ Ngoại giao Nga" and len(found.mentions) == 2


def test_the_office_in_an_election_is_nobodys_title():
    doc = analyse("Ông Trump nói về cuộc bầu cử tổng thống Mỹ năm 2020 tại Florida.",
                  published="2020-10-30")
    assert person(doc, "Trump").title is None


# --- not people -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "not_person"),
    [("Đội bóng đứng đầu V-League sau vòng 10.", "V-League"),
     ("Ông từng là anh hùng Liên Xô, Chủ tịch danh dự Hội Hàng không.", "Liên Xô"),
     ("PGS.TS Lê Khắc Minh cảm ơn các Thầy Cô của trường.", "Cô"),
     ("Cô bé từng học ở Bảo tàng Mỹ thuật và Thảo Cầm Viên cùng các bạn.", "Cầm Viên"),
     ("Phó chủ tịch điều hành Man Utd, Ed Woodward, đã từ chức.", "Man Utd")])
def test_leagues_states_address_words_and_places_are_not_people(text, not_person):
    assert not_person not in persons(analyse(text))
