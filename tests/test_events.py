"""Events: the seeds' gold events, each trigger family with its vetoes, actors and sides,
one record per act, status and dates. Every sentence here is written for the test."""

from __future__ import annotations

import pytest
from conftest import REFERENCE, gold_stems, load_gold, run_text, seed_path

from sukien.entities import entities_stage
from sukien.events import events_stage
from sukien.record import Article, Document
from sukien.sentences import sentences_stage

STEMS = gold_stems()

# Three officials the title lexicon and the name rules know, and their countries.
VN_PM = "Thủ tướng Phạm Minh Chính"
CN_FM = "Bộ trưởng Ngoại giao Trung Quốc Vương Nghị"
LA_PM = "Thủ tướng Lào Sonexay Siphandone"


def events_of(body: str, published: str = "2025-10-30", title: str | None = None,
              lede: str | None = None, captions: list[str] | None = None, topic: str | None = None):
    doc = Document(path="t", article=Article(body=body, title=title, lede=lede, topic=topic,
                                             captions=captions or [], published=published,
                                             published_resolved=published))
    return events_stage(entities_stage(sentences_stage(doc))).events


def only(events, type_: str):
    found = [e for e in events if e.type == type_]
    assert len(found) == 1, [(e.type, e.trigger, e.evidence[:40]) for e in events]
    return found[0]


@pytest.fixture(scope="module")
def docs(pipeline):
    return {stem: pipeline(Document(path=stem, raw=seed_path(stem).read_bytes(),
                                    reference_time=REFERENCE)) for stem in STEMS}


# --- the seeds -------------------------------------------------------------------------------


@pytest.mark.parametrize("stem", STEMS)
def test_required_gold_events(docs, stem):
    events = docs[stem].events
    for gold in (g for g in load_gold(stem)["events"] if g["required"]):
        matches = [e for e in events if e.type == gold["type"] and e.date == gold["date"]]
        assert matches, (gold["type"], gold["date"], [(e.type, e.date) for e in events])
        event = matches[0]
        assert event.date_end == gold.get("date_end")
        assert event.location == gold["location"]
        assert set(gold["people"]) <= set(event.people)
        assert set(event.sides) == set(gold["sides"])
        assert event.status == "happened"
        assert event.summary_en.startswith(gold["date"])


@pytest.mark.parametrize("stem", STEMS)
def test_no_event_reported_twice(docs, stem):
    keys = [(e.type, e.date, tuple(sorted(e.sides)), e.location) for e in docs[stem].events
            if e.status == "happened" and e.date]
    assert len(keys) == len(set(keys))


def test_caption_only_events_are_not_events(docs):
    # seed 004 mentions a 2021 meeting in Chongqing only in an image caption
    assert all(e.date != "2021-06-07" for e in docs["004_dfe8999da49fa911"].events)


def test_summary_line(docs):
    (event,) = [e for e in docs["001_93b8f9f93b6360d4"].events if e.date == "2025-10-28"
                and e.type == "CONSULT"]
    assert event.summary_en.startswith("2025-10-28 · Hanoi · CONSULT · Viet Nam (Nguyen Minh Vu, "
                                       "Permanent Deputy Minister of Foreign Affairs")
    assert "China/Guangdong (Zhang Guozhi, Vice Governor of Guangdong Province)" in event.summary_en
    assert "(9th)" in event.summary_en


def test_json_has_events(pipeline):
    doc = run_text(pipeline, seed_path("003_cf6c1d9a34f65e6d").read_bytes())
    row = doc.to_json()
    for field in ("type", "cameo", "mode", "status", "date", "date_end", "location", "people",
                  "sides", "trigger", "evidence", "start", "end", "summary_en", "date_inferred",
                  "field", "support", "source", "target"):
        assert field in row["events"][0]


# --- trigger families ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "type_", "cameo"),
    [(f"Ngày 3/10, {VN_PM} hội kiến Tổng thống Hàn Quốc Lee Jae Myung.", "CONSULT", "040"),
     (f"Ngày 3/10, {VN_PM} hội đàm với {LA_PM}.", "CONSULT", "040"),
     (f"Ngày 3/10, {VN_PM} gặp Thủ tướng Nhật Bản Ishiba Shigeru tại Tô-ky-ô.", "CONSULT", "042"),
     (f"Ngày 3/10, Thứ trưởng Bộ Ngoại giao Lê Thị Thu Hằng làm việc với {CN_FM}.", "CONSULT",
      "040"),
     (f"Ngày 3/10, {VN_PM} điện đàm với {LA_PM}.", "CONSULT", "041"),
     (f"Ngày 3/10, {VN_PM} và {LA_PM} đồng chủ trì Hội nghị lần thứ 5 Ủy ban hợp tác.",
      "CONSULT", "040"),
     ("Ngày 3/10, Chủ tịch nước Lương Cường đã thăm chính thức Lào.", "CONSULT", "042"),
     (f"Ngày 3/10, {VN_PM} và {LA_PM} đã ký kết 6 văn kiện hợp tác.", "AGREE", "057"),
     (f"Ngày 3/10, {VN_PM} và {LA_PM} đã trao văn kiện hợp tác về năng lượng.", "AGREE", "057"),
     ("Ngày 3/10, Việt Nam và Lào đã ký Nghị định thư sửa đổi Hiệp định vận tải đường bộ.",
      "AGREE", "057"),
     ("Ngày 3/10, Việt Nam và Lào đạt được thỏa thuận về việc nối lại các chuyến bay.", "AGREE",
      "057"),
     ("Ngày 3/10, Nhật Bản đã viện trợ cho Lào 2 triệu USD.", "AID", "070"),
     ("Ngày 3/10, Singapore đã gửi 2 máy bay chở ôxy tới Ấn Độ.", "AID", "073"),
     ("Ngày 3/10, Nhật Bản cho biết sẽ cung cấp vắc xin cho Lào.", "AGREE", "033"),  # a pledge
     ("Ngày 3/10, Lào đã trục xuất 2 nhà ngoại giao Campuchia.", "SANCTION", "166"),
     ("Ngày 3/10, Ai Cập tuyên bố cắt đứt quan hệ ngoại giao với Qatar.", "SANCTION", "161"),
     ("Ngày 3/10, Nhật Bản áp lệnh trừng phạt Triều Tiên.", "SANCTION", "163"),
     ("Ngày 3/10, Thái Lan đã triển khai thêm 3.000 binh sĩ tới biên giới với Campuchia.",
      "MOBILIZE", "154"),
     ("Ngày 3/10, Thái Lan ra lệnh cho binh sĩ rút khỏi khu vực biên giới với Campuchia.",
      "RETREAT", "0874"),
     ("Ngày 3/10, Bộ Ngoại giao Việt Nam đã triệu tập Đại sứ Trung Quốc.", "CONSULT", "040")],
)
def test_interaction_triggers(sentence, type_, cameo):
    event = only(events_of(sentence), type_)
    assert event.cameo == cameo
    assert event.date == "2025-10-03"
    assert event.status == "happened"
    assert event.date_inferred is True  # the year was completed from the article's date


@pytest.mark.parametrize(
    ("sentence", "type_", "cameo"),
    [("Bộ Ngoại giao Việt Nam phản đối việc Trung Quốc tập trận ở Hoàng Sa.", "REJECT", "120"),
     (f"{VN_PM} hoan nghênh Nhật Bản tăng cường đầu tư vào Việt Nam.", "SUPPORT", "051"),
     (f"{VN_PM} đề nghị Nhật Bản tăng cường hỗ trợ.", "REQUEST", "020"),
     ("Nhật Bản cam kết với Việt Nam tiếp tục hỗ trợ phát triển hạ tầng.", "COOPERATE", "030"),
     ("Campuchia cáo buộc Thái Lan vi phạm thỏa thuận ngừng bắn.", "ACCUSE", "112"),
     ("Bộ Ngoại giao Việt Nam đã giao thiệp nghiêm khắc với Trung Quốc.", "PROTEST", "114"),
     ("Nhật Bản xin lỗi Hàn Quốc về vụ việc.", "SUPPORT", "055"),
     ("Triều Tiên cho biết sẽ đáp trả mạnh mẽ.", "THREATEN", "138")],
)
def test_statements_alone_are_events(sentence, type_, cameo):
    event = only(events_of(sentence), type_)
    assert event.cameo == cameo
    assert event.status == "happened"


def test_an_invitation_is_a_proposed_visit():
    (event,) = events_of("Chủ tịch nước Lương Cường mời Tổng thống Hàn Quốc Lee Jae Myung thăm "
                         "Việt Nam.")
    assert (event.type, event.status, event.location) == ("CONSULT", "proposed", "Việt Nam")
    assert [(s.type, s.cameo, s.status) for s in event.statements] == [("CONSULT", "036", "happened")]


def test_host_and_visitor_order():
    (event,) = events_of(f"Ngày 3/10, tại Hà Nội, {VN_PM} đã tiếp {CN_FM}.")
    assert event.people == ["Vương Nghị", "Phạm Minh Chính"]
    assert event.sides == ["CN", "VN"]
    assert (event.cameo, event.mode, event.location) == ("042", "visit", "Hà Nội")
    assert event.source == ["Vương Nghị"] and event.target == ["Phạm Minh Chính"]
    (event,) = events_of("Ngày 3/10, Tổng Bí thư Tô Lâm đã thăm Quảng Châu.")
    assert event.sides == ["VN", "CN"] and event.location == "Quảng Châu"


# --- word senses: the contexts that veto a trigger -------------------------------------------


@pytest.mark.parametrize(
    "sentence",
    ["Thủ tướng Phạm Minh Chính cho biết doanh nghiệp Lào gặp không ít khó khăn.",
     "Nhật Bản gặp sự cố khi phóng tên lửa, theo Bộ trưởng Quốc phòng Nhật Bản.",
     "Xuất khẩu của Lào như diều gặp gió trong năm nay, Thủ tướng Lào Sonexay Siphandone nói.",
     "Thủ tướng Phạm Minh Chính tiếp tục chỉ đạo các bộ phối hợp với Lào.",
     "Đội tuyển Nhật Bản đánh tiếp Hàn Quốc trong hiệp hai.",
     "Bộ trưởng Y tế Lào thăm khám cho bệnh nhân tại Viêng Chăn.",
     "Chủ tịch nước Lương Cường thăm hỏi người dân vùng lũ Lào Cai.",
     "Đoàn du khách Nhật Bản đi thăm quan Hà Nội.",
     "Bộ Ngoại giao Trung Quốc tổ chức cuộc họp báo thường kỳ tại Bắc Kinh.",
     "Bác sĩ Nhật Bản cho biết vắc xin an toàn, Bộ trưởng Y tế Nhật Bản nói.",
     "Giá bán đề xuất của mẫu xe tại Thái Lan là 30.000 USD.",
     "Ông sinh sống tại phường Thống Nhất, thành phố Biên Hòa, Thủ tướng Phạm Minh Chính nói.",
     "Nhiều máy bay đến Singapore bị hoãn, Bộ trưởng Giao thông Singapore cho biết.",
     "Sự hiện diện mang tính đe dọa của các tàu Trung Quốc gây bất ổn, Philippines cho biết.",
     "Hai bên bàn về vấn đề rút quân khỏi biên giới Ấn Độ và Trung Quốc.",
     "Bộ Y tế gửi 1 triệu liều vắc xin cho các tỉnh, Thủ tướng Lào cho biết.",
     "Nhật Bản và Lào tranh cãi về nguồn cung cấp vắc xin."],
)
def test_vetoed_senses_give_no_event(sentence):
    assert events_of(sentence) == [], [(e.type, e.trigger) for e in events_of(sentence)]


def test_trigger_inside_a_name_is_no_event():
    events = events_of("Các Tiểu vương quốc Ả Rập Thống nhất là đối tác của Việt Nam.")
    assert [e for e in events if e.type == "AGREE"] == []


# --- actors first ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "sentence",
    ["Hai bên đã ký kết 6 văn kiện hợp tác.",  # nobody named, no occasion to refer to
     "Công ty Nhật Bản đã gặp đối tác tại Hà Nội.",  # no political actor
     "Bộ Y tế yêu cầu các bệnh viện tăng cường phòng dịch.",  # a directive, nobody addressed
     "Nhiều người dân đã gặp gỡ và trao đổi tại hội chợ."],
)
def test_no_resolved_actor_no_event(sentence):
    assert events_of(sentence) == []


def test_photo_credits_and_agencies_are_never_actors():
    events = events_of("Ngày 3/10, Thủ tướng Phạm Minh Chính làm việc với lãnh đạo tỉnh Quảng "
                       "Ninh (Ảnh: AFP/TTXVN). Theo Reuters, Nhật Bản cũng đã gặp gỡ phái đoàn.")
    assert all("FR" not in e.sides and "GB" not in e.sides for e in events)


def test_a_lower_case_acronym_is_no_bloc():
    events = events_of("Ngày 3/10, ông Nam gặp gỡ đại diện Phong trào Không liên kết (NAM) và "
                       "Thủ tướng Phạm Minh Chính tại Hà Nội.")
    for event in events:
        assert event.sides.count("NAM") <= 1


def test_a_travel_firm_named_for_a_province_is_no_side():
    events = events_of("Ngày 3/10, Thủ tướng Phạm Minh Chính làm việc với công ty du lịch Hải "
                       "Nam và Bộ trưởng Du lịch Lào.")
    assert all("CN" not in e.sides for e in events)


def test_a_country_in_a_title_is_the_person_not_a_party():
    (event,) = events_of(f"Ngày 3/10, {CN_FM} gặp {VN_PM}.")
    assert event.people == ["Vương Nghị", "Phạm Minh Chính"]
    assert event.source == ["Vương Nghị"]
    assert event.sides == ["CN", "VN"]


def test_a_body_named_with_its_country_belongs_to_it():
    (event,) = events_of("Ngày 3/10, Chính phủ Lào đã ký kết thỏa thuận với Chính phủ Campuchia.")
    assert set(event.sides) == {"LA", "KH"}


def test_a_place_where_something_happens_is_no_party():
    (event,) = events_of(f"Ngày 3/10, tại Campuchia, {VN_PM} đã gặp {LA_PM}.")
    assert event.sides == ["VN", "LA"]
    assert event.location == "Campuchia" and event.mode == "third-party"


def test_an_international_body_takes_its_bloc():
    (event,) = events_of("Ngày 3/10, Ủy ban châu Âu đã áp lệnh trừng phạt Triều Tiên.")
    assert "EU" in event.sides


def test_a_capital_acts_for_its_government():
    (event,) = events_of("Ngày 3/10, Bắc Kinh đã cấm nhập khẩu hàng hóa của Australia.")
    assert event.sides == ["CN", "AU"] and event.type == "SANCTION"


def test_a_passive_puts_the_agent_first():
    (event,) = events_of("Ngày 3/10, Triều Tiên đã bị Nhật Bản áp lệnh trừng phạt.")
    assert event.sides == ["JP", "KP"]


def test_an_experts_words_are_no_act():
    assert events_of('"Trung Quốc chắc chắn sẽ đáp trả", một chuyên gia tại Thượng Hải nhận định.') \
        == []
    # the quotation opened in the sentence before
    assert events_of('"Quan hệ xấu đi. Trung Quốc chắc chắn sẽ đáp trả", chuyên gia này nhận '
                     "định.") == []


def test_coordinated_acts_share_their_subject():
    event = only(events_of("Iran cáo buộc Israel đứng sau vụ việc và tuyên bố sẽ trả đũa."),
                 "THREATEN")
    assert event.sides == ["IR"]


def test_a_speaker_does_not_act_for_a_name_left_unresolved():
    # "nhóm Wagner" is no entity: the speaker does not become the one who deploys
    assert events_of("Cao ủy Đối ngoại EU cho biết nhóm Wagner đã triển khai thêm 3.000 binh sĩ "
                     "tới Libya.") == []


def test_a_speaker_does_not_act_for_the_body_that_acts():
    event = only(events_of("Cao ủy Đối ngoại EU cho biết Nhà Trắng đã triển khai thêm 3.000 "
                           "binh sĩ tới Ba Lan."), "MOBILIZE")
    assert event.sides == ["US"]


# --- topic -----------------------------------------------------------------------------------


def test_in_sport_a_country_is_a_team():
    assert events_of("Ngày 3/10, Việt Nam gặp Thái Lan ở chung kết.", topic="sport") == []
    assert events_of("Ngày 3/10, Nhật Bản đánh bại Hàn Quốc.", topic="sport") == []


def test_in_sport_officials_of_two_sides_still_act():
    (event,) = events_of(f"Ngày 3/10, {VN_PM} tiếp {LA_PM} tại lễ khai mạc SEA Games.",
                         topic="sport")
    assert event.type == "CONSULT" and set(event.sides) == {"VN", "LA"}


# --- one record per act ----------------------------------------------------------------------


def test_statements_at_a_meeting_are_listed_under_it():
    events = events_of(f"Ngày 3/10, {VN_PM} hội kiến {LA_PM}. "
                       "Tại cuộc hội kiến, Thủ tướng đề nghị hai bên tăng cường kết nối giao thông. "
                       "Hai bên nhất trí thúc đẩy hợp tác năng lượng.")
    (event,) = events
    assert [s.type for s in event.statements] == ["REQUEST", "AGREE"]
    assert event.sentences == [0, 1, 2]


def test_a_back_reference_never_opens_an_event():
    assert events_of("Tại buổi tiếp, hai bên trao đổi về hợp tác. Cuộc gặp diễn ra trong không "
                     "khí hữu nghị.") == []


def test_a_back_reference_with_a_new_partner_is_a_meeting_of_its_own():
    events = events_of(f"Ngày 3/10, {VN_PM} hội đàm với {LA_PM}. Tại cuộc gặp Thủ tướng "
                       "Campuchia Hun Manet, Thủ tướng Phạm Minh Chính đề nghị tăng cường hợp tác.")
    assert len([e for e in events if e.type == "CONSULT"]) == 2


def test_one_speakers_requests_are_one_event():
    body = " ".join(f"Chủ tịch nước Lương Cường đề nghị Lào {x}." for x in
                    ("tăng cường hợp tác", "mở rộng đầu tư", "thúc đẩy du lịch",
                     "hỗ trợ người Việt", "kết nối giao thông"))
    (event,) = events_of(body)
    assert event.type == "REQUEST" and len(event.sentences) == 5


def test_the_sapo_and_the_body_tell_one_act():
    events = events_of(f"Sáng 3/10, tại Hà Nội, {VN_PM} đã hội đàm với {LA_PM}. Hai bên nhất trí "
                       "tăng cường hợp tác.",
                       lede=f"{VN_PM} và {LA_PM} đã hội đàm tại Hà Nội.",
                       title="Thủ tướng Việt Nam và Thủ tướng Lào hội đàm",
                       captions=[f"{VN_PM} và {LA_PM} hội đàm (Ảnh: TTXVN)."])
    (event,) = events
    assert event.field == "lede" and event.start is None  # told first in the sapo
    assert event.date == "2025-10-03"  # the body gives the day
    assert "body" in event.support and "caption:0" in event.support


def test_a_caption_alone_is_no_event():
    assert events_of("Hai nước có quan hệ hữu nghị.",
                     captions=[f"{VN_PM} hội đàm với {LA_PM} (Ảnh: TTXVN)."]) == []


def test_sideline_meeting_is_its_own_event():
    events = events_of("Ngày 10/7, tại Kuala Lumpur, Hội nghị Bộ trưởng Ngoại giao ASEAN - Trung "
                       "Quốc đã diễn ra với sự tham dự của Bộ trưởng Ngoại giao Trung Quốc Vương Nghị "
                       "và Phó Thủ tướng Bùi Thanh Sơn. Bên lề hội nghị, chiều cùng ngày, Phó Thủ "
                       "tướng Bùi Thanh Sơn đã gặp Bộ trưởng Vương Nghị.")
    assert [(e.type, sorted(e.sides), e.mode) for e in events] == [
        ("CONSULT", ["ASEAN", "CN"], "multilateral"), ("CONSULT", ["CN", "VN"], "third-party")]


def test_same_day_follow_ups_inherit_date_and_place():
    events = events_of("Ngày 7/3, tại Bắc Kinh, Phó Thủ tướng Bùi Thanh Sơn hội đàm với Bộ trưởng "
                       "Ngoại giao Trung Quốc Vương Nghị. Sau hội đàm, hai Bộ trưởng đã ký 6 văn kiện "
                       "hợp tác. Chiều cùng ngày, Thủ tướng Quốc vụ viện Trung Quốc Lý Cường đã tiếp "
                       "Phó Thủ tướng Bùi Thanh Sơn.")
    assert [(e.type, e.date, e.location) for e in events] == [
        ("CONSULT", "2025-03-07", "Bắc Kinh"), ("AGREE", "2025-03-07", "Bắc Kinh"),
        ("CONSULT", "2025-03-07", "Bắc Kinh")]
    assert events[2].people[0] == "Bùi Thanh Sơn"


# --- status ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "status"),
    [(f"{VN_PM} sẽ thăm chính thức Nhật Bản vào tháng 12/2025.", "planned"),
     ("Việt Nam và Lào dự kiến ký hiệp định thương mại vào năm tới.", "planned"),
     (f"{VN_PM} mong muốn sớm gặp {LA_PM}.", "proposed")],
)
def test_status(sentence, status):
    events = [e for e in events_of(sentence) if e.type in ("CONSULT", "AGREE")]
    assert events and all(e.status == status for e in events), [(e.trigger, e.status) for e in events]


@pytest.mark.parametrize(
    "sentence",
    ["Đến nay Việt Nam và Lào vẫn chưa ký hiệp định phân định biển.",  # negation
     f"{VN_PM} không gặp {LA_PM} tại hội nghị.",
     f"Trước đây, {VN_PM} đã từng gặp {LA_PM}.",  # background
     "Việt Nam và Lào đã có nhiều cuộc họp về vấn đề này.",
     f"Nếu {VN_PM} gặp {LA_PM}, hai bên sẽ bàn về thủy điện.",  # a condition
     "Nhật Bản tiến hành đàm phán để đạt được thỏa thuận với Lào.",  # a purpose: no agreement
     "Nga cáo buộc Mỹ triển khai thêm 3.000 binh sĩ tới Ba Lan.",  # alleged deployment
     "Câu hỏi là liệu Triều Tiên sẽ đáp trả Nhật Bản hay không.",  # a question
     "Đức sẽ tìm cách duy trì trừng phạt Nga.",  # a forecast of a sanction
     "Năm 2015, Việt Nam và Lào đạt được thỏa thuận về biên giới.",  # another year
     "Hồi tháng 9/2017, Việt Nam và Lào đã ký biên bản ghi nhớ về giáo dục."],
)
def test_non_events_are_not_reported_as_happened(sentence):
    assert [e for e in events_of(sentence, published="2025-10-30")
            if e.status == "happened" and e.type != "ACCUSE"] == []


def test_planned_event_takes_the_next_year():
    (event,) = events_of(f"{VN_PM} sẽ thăm Lào vào ngày 15/1 tới.", published="2025-10-30")
    assert (event.status, event.date) == ("planned", "2026-01-15")


def test_an_announced_cancellation_is_a_rejection():
    event = only(events_of("Ngày 21/4, Ngoại trưởng Australia thông báo nước này sẽ hủy 2 thỏa "
                           "thuận với Trung Quốc."), "REJECT")
    assert event.sides == ["AU", "CN"]


# --- dates and places --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "published", "date", "date_end"),
    [(f"Ngày 28/10, tại trụ sở Bộ Ngoại giao, {VN_PM} hội đàm với {LA_PM}.", "2025-10-30",
      "2025-10-28", None),
     (f"Sáng 16/5, {VN_PM} đã hội kiến {LA_PM}.", "2025-05-16", "2025-05-16", None),
     (f"Sáng 21.6, {VN_PM} đã hội kiến {LA_PM}.", "2025-06-22", "2025-06-21", None),
     (f"Hôm qua (25/6), {VN_PM} đã hội kiến {LA_PM}.", "2025-06-26", "2025-06-25", None),
     (f"Hôm qua, {VN_PM} đã hội kiến {LA_PM}.", "2025-06-26", "2025-06-25", None),
     (f"Hôm nay, 21/4, {VN_PM} đã hội kiến {LA_PM}.", "2025-04-22", "2025-04-21", None),
     (f"Ngày 6-7, {VN_PM} đã hội kiến {LA_PM}.", "2025-07-08", "2025-07-06", None),
     (f"Từ ngày 12 đến 13-2, {VN_PM} và {LA_PM} đã hội đàm tại Ninh Ba.", "2025-02-14",
      "2025-02-12", "2025-02-13"),
     ("Lễ ký Nghị định thư giữa Việt Nam và Lào vào tháng 10/2025 đã đánh dấu bước tiến.",
      "2026-01-29", "2025-10", None),
     ("Tháng trước, Nhật Bản đã áp lệnh trừng phạt Triều Tiên.", "2025-10-30", "2025-09", None),
     (f"Ngày 29/12, {VN_PM} hội đàm với {LA_PM} tại Hà Nội.", "2026-01-03", "2025-12-29", None)],
)
def test_event_dates(sentence, published, date, date_end):
    (event,) = [e for e in events_of(sentence, published=published)
                if e.type in ("CONSULT", "AGREE", "SANCTION")]
    assert (event.date, event.date_end) == (date, date_end)


def test_a_printed_year_is_not_inferred():
    (event,) = events_of(f"Ngày 3/10/2025, {VN_PM} hội đàm với {LA_PM}.")
    assert event.date == "2025-10-03" and event.date_inferred is False


def test_an_anniversary_span_is_not_the_acts_date():
    (event,) = events_of(f"Nhân 45 năm quan hệ (7/1/1972–7/1/2017), ngày 5/1, {VN_PM} hội đàm "
                         f"với {LA_PM}.", published="2017-01-06")
    assert event.date == "2017-01-05"


def test_ministry_headquarters_is_the_capital():
    (event,) = events_of("Ngày 28/10, tại trụ sở Bộ Ngoại giao, Thứ trưởng Thường trực Bộ Ngoại giao "
                         "Nguyễn Minh Vũ hội đàm với Phó Tỉnh trưởng tỉnh Quảng Đông Trương Quốc Trí.")
    assert (event.location, event.location_en) == ("Hà Nội", "Hanoi")
    assert event.sides == ["VN", "CN"]


def test_venue_resolves_to_its_city():
    (event,) = events_of(f"Ngày 7/3, tại Nhà khách Quốc gia Điếu Ngư Đài, Bắc Kinh, {VN_PM} đã hội "
                         f"đàm với {CN_FM}.")
    assert event.location == "Bắc Kinh"


def test_a_statement_names_a_person_said_twice_once():
    body = ("Thứ trưởng Ngoại giao Trung Quốc Tôn Vệ Đông hoan nghênh vai trò của ASEAN, "
            "Thứ trưởng Tôn Vệ Đông cũng ủng hộ ASEAN giữ vai trò trung tâm.")
    statements = [e for e in events_of(body) if e.type == "SUPPORT"]
    assert statements, [(e.type, e.trigger) for e in events_of(body)]
    for event in statements:
        assert event.summary_en.count("Sun Weidong") == 1, event.summary_en


# --- round two: country words, blocs and sides --------------------------------------------------


def test_a_country_word_alone_acts():
    (event,) = events_of("Nga cho biết sẽ đáp trả các biện pháp trừng phạt.")
    assert (event.type, event.sides) == ("THREATEN", ["RU"])
    (event,) = events_of("Ngày 3/10, chính phủ Anh đã gửi 500 máy thở tới Ấn Độ.")
    assert (event.type, event.cameo, event.sides) == ("AID", "073", ["GB", "IN"])


def test_a_body_with_a_country_word_belongs_to_that_country():
    (event,) = events_of("Ngày 3/10, Bộ Ngoại giao Nga đã triệu tập Đại sứ Mỹ.")
    assert event.type == "CONSULT" and set(event.sides) == {"RU", "US"}


@pytest.mark.parametrize(
    "sentence",
    ["Anh Đức cho biết đã gặp bà Nga ở chợ.",  # kinship words and given names
     "Chị Thu Nga và anh Minh Đức đã gặp nhau tại Hà Nội.",
     "Ca sĩ Mỹ Tâm gặp gỡ người hâm mộ tại TP Hồ Chí Minh.",
     "Giáo viên tiếng Anh và các anh hùng đã gặp nhau.",
     "Anh cho biết đã gặp Thủ tướng Lào Sonexay Siphandone năm ngoái."],  # "he", no witness
)
def test_country_words_in_other_senses_are_no_side(sentence):
    assert all(not {"GB", "DE", "RU", "US"} & set(e.sides) for e in events_of(sentence))


def test_a_person_named_like_a_country_keeps_the_word():
    body = ("Ông Nguyễn Văn Đức, Chủ tịch UBND tỉnh Nghệ An, cho biết đã gặp Đại sứ Lào. "
            "Đức cho biết sẽ đáp trả.")
    assert all("DE" not in e.sides for e in events_of(body))


def test_the_west_is_a_bloc():
    (event,) = events_of("Ukraine và phương Tây cáo buộc Nga tăng cường lực lượng ở biên giới.")
    assert event.type == "ACCUSE"
    assert event.sides == ["UA", "WEST", "RU"]
    assert event.source == ["Ukraine", "phương Tây"]


def test_an_embassy_belongs_to_the_country_before_tai():
    (event,) = events_of("Đại sứ quán Pháp tại Nhật Bản hôm nay 5/10 xin lỗi về vụ việc.")
    assert (event.type, event.cameo) == ("SUPPORT", "055")
    assert event.sides == ["FR", "JP"]  # an embassy apologises to its host
    assert event.date == "2025-10-05"


def test_a_possessor_is_no_subject():
    events = events_of("Hai bên nhất trí duy trì lập trường của ASEAN, ủng hộ vai trò của ASEAN "
                       "trong vấn đề Myanmar.")
    assert all("ASEAN" not in e.source for e in events)


def test_pro_and_anti_words_are_no_side():
    events = events_of("Tổng thống Ukraine Volodymyr Zelensky cấm 3 kênh truyền thông thân Nga "
                       "và trừng phạt một doanh nhân.")
    assert events == []


# --- round two: aid, pledges, shipments ---------------------------------------------------------


def test_a_comma_before_trong_khi_opens_a_clause_of_its_own():
    events = events_of("Singapore ngày 3/10 thông báo đã gửi 2 máy bay chở ôxy tới Ấn Độ, trong "
                       "khi Đức sẽ cung cấp 100 máy thở cho Ấn Độ.")
    aid, pledge = only(events, "AID"), only(events, "AGREE")
    assert (aid.sides, aid.date) == (["SG", "IN"], "2025-10-03")
    assert (pledge.cameo, pledge.sides, pledge.date) == ("033", ["DE", "IN"], None)


def test_aid_goes_where_the_sentence_before_sent_it():
    (event,) = events_of("Nhiều nước đã gửi ôxy cho Ấn Độ. Singapore đã gửi 2 máy bay chở ôxy.")
    assert event.sides == ["SG", "IN"]


def test_each_giver_of_aid_is_a_record():
    events = events_of("Singapore và Malaysia đã điều tàu cứu hộ tới hỗ trợ tìm kiếm tàu ngầm "
                       "Indonesia.")
    assert sorted(tuple(e.sides) for e in events) == [("MY", "ID"), ("SG", "ID")]
    assert all(e.type == "AID" for e in events)


def test_help_sent_and_help_pledged():
    (event,) = events_of("Mỹ đã điều máy bay tới hỗ trợ tìm kiếm tàu ngầm Indonesia.")
    assert (event.type, event.sides) == ("AID", ["US", "ID"])
    (event,) = events_of("Thủ tướng Đức Olaf Scholz tuyên bố chính phủ Đức sẽ hỗ trợ khẩn cấp "
                         "cho Ấn Độ.")
    assert (event.type, event.cameo, event.sides) == ("AGREE", "033", ["DE", "IN"])
    (event,) = events_of("Hàn Quốc đã đề nghị giúp đỡ Indonesia.")
    assert (event.type, event.cameo, event.sides) == ("AGREE", "033", ["KR", "ID"])


def test_help_to_nobody_of_another_side_is_no_event():
    assert events_of("Bộ Y tế đã hỗ trợ 2 tỷ đồng cho người dân vùng lũ.") == []
    assert events_of("Bộ Quốc phòng đã hỗ trợ thêm kinh phí cho các tỉnh.") == []


def test_the_recipient_follows_the_verb_or_a_preposition():
    events = events_of("Chính phủ Anh đã gửi trợ giúp cho Ấn Độ, và vắc xin của Nga sẽ tới sau.")
    assert [e.sides for e in events] == [["GB", "IN"]]


def test_coordinating_to_give_aid_is_aid_given():
    (event,) = events_of("Các thành viên EU đã phối hợp để cung cấp ôxy và thuốc men cho Ấn Độ, "
                         "Ủy ban châu Âu cho biết.")
    assert (event.type, event.sides) == ("AID", ["EU", "IN"])


def test_a_shipment_arriving_is_aid_sent():
    (event,) = events_of("Chuyến hàng viện trợ đầu tiên từ Nhật Bản đã đến Ấn Độ hôm 2/10.")
    assert (event.type, event.sides, event.date) == ("AID", ["JP", "IN"], "2025-10-02")


def test_a_pledge_whose_shipment_is_on_its_way_was_sent():
    (event,) = events_of("Chính phủ Anh cho biết sẽ chuyển 600 máy thở cho Ấn Độ. Lô hàng cứu trợ "
                         "này dự kiến cập cảng Ấn Độ vào ngày 27/10.")
    assert (event.type, event.cameo, event.sides) == ("AID", "073", ["GB", "IN"])


def test_what_someone_is_thanked_for_is_no_act():
    events = events_of(f"{VN_PM} cảm ơn Lào đã ủng hộ Việt Nam trong năm qua.")
    assert all(e.source != ["Lào"] for e in events)


def test_alternatives_are_not_both_acts():
    events = events_of("Pháp và Đức đã điều tàu giúp tìm kiếm hoặc đề nghị hỗ trợ Indonesia.")
    assert {e.type for e in events} == {"AID"}


# --- round two: shows of force -------------------------------------------------------------------


def test_aircraft_entering_an_air_defence_zone_is_a_show_of_force():
    (event,) = events_of("Máy bay quân sự Trung Quốc đã xâm nhập vùng nhận diện phòng không của "
                         "Đài Loan hôm 5/10.")
    assert (event.type, event.sides, event.date) == ("MOBILIZE", ["CN", "TW"], "2025-10-05")


def test_an_act_named_after_cho_rang_viec_is_a_given():
    (event,) = events_of("Giới quan sát cho rằng, việc Trung Quốc đưa máy bay chiến đấu vào vùng "
                         "nhận diện phòng không của Đài Loan nhằm huấn luyện phi công.")
    assert (event.type, event.status) == ("MOBILIZE", "happened")


@pytest.mark.parametrize(
    "sentence",
    ["Hải quân Indonesia đã triển khai 5 tàu chiến để tìm kiếm tàu ngầm mất tích.",
     "Chính phủ Pakistan đã điều động quân đội hỗ trợ phòng dịch tại các thành phố.",
     "Bộ Quốc phòng Anh cho biết đợt triển khai quân sự này nhằm tăng cường quan hệ.",
     "Trong năm nay, Hải quân Mỹ đã 2 lần đưa 2 tàu sân bay tới Biển Đông."],
)
def test_deployments_that_are_no_show_of_force(sentence):
    assert [e for e in events_of(sentence) if e.type == "MOBILIZE"] == []


def test_a_carrier_group_is_no_flight():
    events = events_of("Mỹ đã đưa nhóm tác chiến tàu sân bay tới Biển Đông.")
    assert [e.type for e in events] == ["MOBILIZE"]


# --- round two: statements, apologies, sympathy ---------------------------------------------------


def test_sympathy_is_support():
    (event,) = events_of("Việt Nam sẵn sàng chia sẻ khó khăn với Lào trong đợt lũ này.")
    assert (event.type, event.cameo, event.sides) == ("SUPPORT", "018", ["VN", "LA"])


def test_the_object_of_a_statement_about_a_measure_is_not_its_target():
    events = events_of("Áo phản đối các biện pháp trừng phạt mới đối với Nga.")
    assert all(e.sides != ["AT", "RU"] for e in events)


def test_backing_a_measure_is_no_support_for_its_target():
    events = events_of("Thủ tướng Séc Andrej Babis ủng hộ ngăn công ty Rosatom của Nga tham gia "
                       "dự án.")
    assert [e for e in events if e.type == "SUPPORT"] == []


def test_a_question_closing_the_clause_is_no_act():
    assert events_of("Các nước EU đang bàn bạc chuyện có trục xuất nhà ngoại giao Nga hay không.") \
        == []


def test_a_quotation_takes_the_date_of_its_attribution():
    (event,) = events_of('"Mỹ sẽ cung cấp 100 máy thở cho Ấn Độ", phát ngôn viên Bộ Ngoại giao Mỹ '
                         "cho biết hôm 29/9.")
    assert (event.type, event.cameo, event.date) == ("AGREE", "033", "2025-09-29")


# --- round two: meetings ----------------------------------------------------------------------------


def test_attending_a_summit_of_a_bloc():
    (event,) = events_of(f"{VN_PM} dự Hội nghị Cấp cao ASEAN, chiều 24/10.")
    assert (event.type, event.mode, event.sides) == ("CONSULT", "multilateral", ["VN", "ASEAN"])
    assert event.date == "2025-10-24"  # a date closing the clause after a comma


def test_a_summit_told_first_in_passing_takes_the_sentence_that_reports_it():
    events = events_of(f"{VN_PM} cho biết, tại hội nghị cấp cao ASEAN hôm nay, các nhà lãnh đạo "
                       "đã kêu gọi chấm dứt bạo lực. Hội nghị cấp cao ASEAN diễn ra hôm nay 24/10 "
                       "tại Jakarta.")
    (event,) = [e for e in events if e.type == "CONSULT"]
    assert event.evidence.startswith("Hội nghị cấp cao ASEAN diễn ra")
    assert "ASEAN" in event.sides


def test_a_phone_call_fronted_has_the_main_subject_as_source():
    (event,) = [e for e in events_of(
        f"Trong cuộc điện đàm hôm qua với {LA_PM}, {VN_PM} cho biết Việt Nam sẽ tiếp tục hợp "
        "tác.") if e.type == "CONSULT"]
    assert (event.cameo, event.mode, event.sides) == ("041", "phone", ["VN", "LA"])
    assert event.source == ["Phạm Minh Chính"]
    assert event.date == "2025-10-29"  # "hôm qua" counted from the article's day


def test_a_working_meeting_with_a_ministry_is_one_sided():
    (event,) = events_of(f"Văn bản nêu kết luận của {VN_PM} tại cuộc làm việc với Bộ Y tế, "
                         "hôm 28/10.")
    assert (event.type, event.sides, event.date) == ("CONSULT", ["VN"], "2025-10-28")
    assert events_of("Quyết định được Chủ tịch UBND tỉnh Nghệ An đưa ra tại cuộc họp Ban Chỉ đạo "
                     "phòng chống dịch.") == []


def test_firms_of_two_countries_sign():
    (event,) = events_of("Ngày 28/10, lễ ký kết thỏa thuận giữa VPBank và Tập đoàn Tài chính "
                         "Sumitomo Mitsui diễn ra.")
    assert (event.type, event.sides) == ("AGREE", ["VN", "JP"])
    assert events_of("Ngày 28/10, lễ ký kết thỏa thuận giữa Vietcombank và VietinBank diễn ra.") \
        == []


def test_the_next_meeting_of_a_series_is_told_by_what_was_said():
    body = (f"Tại cuộc gặp {LA_PM}, {VN_PM} khẳng định coi trọng quan hệ. "
            f"Tại cuộc gặp Thủ tướng Campuchia Hun Manet, {VN_PM} cảm ơn Campuchia. "
            "Quốc vương Brunei Hassanal Bolkiah chúc mừng Thủ tướng Phạm Minh Chính được bầu vào "
            "cương vị mới. Thủ tướng Phạm Minh Chính chúc mừng Brunei kiểm soát tốt dịch bệnh.")
    events = events_of(body)
    assert sorted(tuple(sorted(e.sides)) for e in events if e.type == "CONSULT") == [
        ("BN", "VN"), ("KH", "VN"), ("LA", "VN")]
    (brunei,) = [e for e in events if "BN" in e.sides]
    assert [s.trigger for s in brunei.statements] == ["chúc mừng", "chúc mừng"]


def test_a_visit_and_a_signing_there_share_the_host():
    events = events_of(f"{CN_FM} bay đến Iran và ký một thỏa thuận hợp tác.",
                       captions=["Ngoại trưởng Trung Quốc Vương Nghị ký thỏa thuận ở Tehran hôm "
                                 "27/9."])
    agree = only(events, "AGREE")
    assert agree.sides == ["CN", "IR"]
    assert agree.date == "2025-09-27"  # the caption dates the act the text told undated


def test_another_actors_act_of_the_same_kind_is_its_own_record():
    events = events_of("Sau khi Mỹ trục xuất 10 nhà ngoại giao Nga, Ba Lan cũng trục xuất 3 nhà "
                       "ngoại giao Nga.")
    assert sorted(tuple(e.sides) for e in events) == [("PL", "RU"), ("US", "RU")]


def test_a_retelling_with_its_month_is_the_same_record():
    body = ("Chuyến thăm diễn ra sau khi Mỹ, EU, Anh và Canada áp lệnh trừng phạt Trung Quốc. "
            "Tháng trước, Mỹ, EU, Anh và Canada đã áp lệnh trừng phạt Trung Quốc.")
    (event,) = events_of(body)
    assert event.type == "SANCTION" and event.date == "2025-09"
    assert event.sides == ["US", "EU", "GB", "CA", "CN"]


def test_a_video_call_with_another_leader_is_a_meeting():
    (event,) = [e for e in events_of(
        "Tổng thống Pháp Emmanuel Macron và Thủ tướng Đức Olaf Scholz đã họp trực tuyến với Tổng "
        "thống Ukraine Volodymyr Zelensky.") if e.type == "CONSULT"]
    assert (event.cameo, event.mode) == ("041", "phone")
    assert set(event.sides) == {"FR", "DE", "UA"}


def test_a_promise_after_cam_ket_rang_is_a_pledge():
    (event,) = events_of('Tổng thống Mỹ Joe Biden cam kết rằng "Mỹ hoàn toàn ủng hộ việc gửi '
                         'thiết bị và hỗ trợ khẩn cấp cho Ấn Độ".')
    assert (event.type, event.cameo) == ("AGREE", "033")


def test_a_reference_to_an_older_or_other_occasion_is_not_absorbed():
    body = ("Ngày 19/10, các ngoại trưởng EU đã dự Hội nghị Ngoại trưởng EU tại Brussels. "
            "Đức và Pháp từng hỗ trợ đàm phán thỏa thuận hòa bình ở Ukraine vào năm 2015.")
    (event,) = [e for e in events_of(body) if e.type == "CONSULT"]
    assert event.sides == ["EU"]


# --- round two, held-out probes: acts told in the shapes other outlets use ----------------


def test_a_headline_statement_restating_the_body_is_one_record():
    events = events_of("Bộ Ngoại giao Philippines ngày 8/5 cáo buộc Trung Quốc hiện diện trái "
                       "phép tại vùng biển của nước này.", published="2021-05-10",
                       title="Philippines cáo buộc Trung Quốc")
    event = only(events, "ACCUSE")
    assert event.date == "2021-05-08" and set(event.sides) == {"PH", "CN"}


def test_summoning_an_envoy_in_the_short_form_is_a_meeting():
    event = only(events_of("Bộ Ngoại giao Nga ngày 7/5 đã triệu Đại sứ Ba Lan tại Moskva.",
                           published="2021-05-10"), "CONSULT")
    assert set(event.sides) == {"RU", "PL"} and event.date == "2021-05-07"
    # "triệu" is also a million: a number of envoys is no summons
    assert not events_of("Nga có hàng triệu nhà ngoại giao nghỉ hưu.", published="2021-05-10")


def test_a_call_fronted_by_its_noun_has_the_main_clause_as_its_participants():
    event = only(events_of("Trong cuộc điện đàm ngày 8/5, Tổng thống Mỹ Joe Biden và Thủ tướng "
                           "Ấn Độ Narendra Modi đã thảo luận về hỗ trợ y tế.",
                           published="2021-05-10"), "CONSULT")
    assert set(event.sides) == {"US", "IN"} and event.date == "2021-05-08"


def test_an_aid_flight_is_dated_by_its_landing_and_goes_where_it_landed():
    event = only(events_of("Chuyến bay chở hàng viện trợ khẩn cấp của Mỹ đã hạ cánh xuống New "
                           "Delhi sáng 8/5.", published="2021-05-10"), "AID")
    assert event.sides == ["US", "IN"] and event.date == "2021-05-08"
    event = only(events_of("Một lô hàng gồm các vật tư y tế từ Nhật Bản, bao gồm 200 máy thở, "
                           "đã đến New Delhi vào sáng 8/5.", published="2021-05-10"), "AID")
    assert event.sides == ["JP", "IN"] and event.date == "2021-05-08"


def test_opening_fire_near_another_states_boat_is_an_assault():
    event = only(events_of("Binh sĩ Myanmar ngày 8/5 đã nổ súng xuống sông, ngay sát một con tàu "
                           "của Thái Lan.", published="2021-05-10"), "ASSAULT")
    assert set(event.sides) == {"MM", "TH"}
    assert not events_of("Tiếng nổ súng vang lên trong phim hành động của Mỹ và Thái Lan.",
                         published="2021-05-10")


def test_a_statement_without_a_day_is_dated_by_its_speakers_announcement_just_before():
    body = ("Ngày 30/4, Bộ Ngoại giao Nhật Bản thông báo gói viện trợ khẩn cấp gồm 300 máy thở "
            "cho Ấn Độ. \"Nhật Bản sát cánh cùng Ấn Độ trong cuộc chiến chống đại dịch\", Bộ "
            "Ngoại giao Nhật Bản cho biết.")
    event = only(events_of(body, published="2021-05-01"), "SUPPORT")
    assert event.date == "2021-04-30" and event.date_inferred
    # another speaker in between, or a day still to come, dates nothing
    body = ("Ngày 30/4, Bộ Ngoại giao Nhật Bản thông báo gói viện trợ khẩn cấp cho Ấn Độ. "
            "EU sau đó cảnh báo rằng họ có thể sẽ đáp trả Nga.")
    assert only(events_of(body, published="2021-05-01"), "THREATEN").date is None


def test_a_passive_summons_names_the_envoy_before_and_the_summoner_after_bi():
    event = only(events_of("Đại sứ Mỹ tại Bắc Kinh Terry Branstad hôm 9/12 đã bị Bộ Ngoại giao "
                           "Trung Quốc triệu tập.", published="2018-12-10"), "CONSULT")
    assert set(event.sides) == {"US", "CN"} and event.date == "2018-12-09"


def test_an_objection_made_with_a_formal_protest_is_the_protest():
    events = events_of("Thứ trưởng Ngoại giao Trung Quốc Lạc Ngọc Thành đã giao thiệp nghiêm khắc "
                       "và phản đối mạnh mẽ với Đại sứ Mỹ.", published="2018-12-10")
    assert [e.type for e in events] == ["PROTEST"]


def test_a_protest_note_told_in_the_sapo_and_dated_in_the_body_is_one_record():
    events = events_of("Ngày 3/4, Bộ Ngoại giao đã gửi công hàm phản đối tới Đại sứ quán Trung Quốc "
                       "tại Hà Nội.", published="2020-04-04",
                       lede="Bộ Ngoại giao đã gửi công hàm phản đối Trung Quốc về vụ việc.")
    assert only(events, "PROTEST").date == "2020-04-03"


def test_a_protest_sent_as_kháng_nghị_is_a_protest():
    event = only(events_of("Nhật Bản ngày 4/8 đã gửi kháng nghị tới Trung Quốc qua kênh ngoại giao.",
                           published="2022-08-05"), "PROTEST")
    assert set(event.sides) == {"JP", "CN"}


def test_ramming_a_boat_is_an_assault_and_water_cannon_coercion():
    event = only(events_of("Ngày 2/4, tàu hải cảnh Trung Quốc đã đâm chìm tàu cá Việt Nam.",
                           published="2020-04-04"), "ASSAULT")
    assert set(event.sides) == {"CN", "VN"}
    event = only(events_of("Ngày 5/8, tàu hải cảnh Trung Quốc đã phun vòi rồng vào tàu tiếp tế của "
                           "Philippines.", published="2023-08-07"), "COERCE")
    assert set(event.sides) == {"CN", "PH"}


def test_a_threat_told_as_a_negated_imperative_is_no_threat():
    assert not events_of("Ông Trump nói Triều Tiên tốt nhất là đừng đe dọa Mỹ thêm nữa.",
                         published="2017-08-09")


def test_a_headline_act_takes_the_day_the_sapo_names_with_its_sides():
    events = events_of("Theo KCNA, bà Kim nói Nhật Bản không có thiện chí.", published="2024-03-27",
                       title="Triều Tiên từ chối mọi cuộc tiếp xúc với Nhật Bản",
                       lede="Triều Tiên ngày 26/3 tuyên bố với Nhật Bản về lập trường của mình.")
    event = only(events, "REJECT")
    assert event.date == "2024-03-26" and event.date_inferred
    # a sapo that names another pair leaves the headline undated
    events = events_of("Theo KCNA, bà Kim nói Nhật Bản không có thiện chí.", published="2024-03-27",
                       title="Triều Tiên từ chối mọi cuộc tiếp xúc với Nhật Bản",
                       lede="Hàn Quốc ngày 26/3 tuyên bố tăng cường hợp tác với Mỹ.")
    assert only(events, "REJECT").date is None


def test_a_possibility_is_no_act():
    events = events_of("Chủ tịch Trung Quốc Tập Cận Bình và Tổng thống Mỹ Joe Biden ngày 28/7 đã "
                       "điện đàm trong bối cảnh căng thẳng về khả năng Chủ tịch Hạ viện Mỹ thăm Đài "
                       "Loan.", published="2022-07-29")
    assert [(e.type, sorted(e.sides)) for e in events] == [("CONSULT", ["CN", "US"])]


def test_the_sapos_meeting_told_again_with_its_day_and_more_people_is_one_record():
    events = events_of("Tổng thống Phần Lan Sauli Niinistö và Thủ tướng Thụy Điển Magdalena Andersson "
                       "có cuộc gặp với ông Biden tại Nhà Trắng hôm 19/5.", published="2022-05-20",
                       lede="Tổng thống Mỹ Joe Biden tiếp lãnh đạo Phần Lan và Thụy Điển tại Nhà Trắng.")
    assert only(events, "CONSULT").date == "2022-05-19"


def test_help_asked_for_is_no_pledge_and_help_sent_at_a_request_is_aid():
    events = events_of("Trong cuộc điện đàm ngày 26/5, Thủ tướng Phạm Minh Chính đã đề nghị Thủ tướng "
                       "Nhật Bản Suga Yoshihide hỗ trợ vaccine cho Việt Nam.", published="2021-06-16")
    assert "AGREE" not in [e.type for e in events]
    event = only(events_of("Theo đề nghị từ phía chính phủ Indonesia, Mỹ đã điều động máy bay tới "
                           "hỗ trợ cuộc tìm kiếm tàu ngầm.", published="2021-04-23"), "AID")
    assert set(event.sides) == {"US", "ID"}


def test_the_owner_of_goods_moved_to_another_state_gives_them():
    event = only(events_of("Máy bay vận tải đã hạ cánh xuống New Delhi sáng nay 30/4, chuyển lô hàng "
                           "cứu trợ khẩn cấp của Mỹ cho Ấn Độ.", published="2021-04-30"), "AID")
    assert event.sides == ["US", "IN"] and event.date == "2021-04-30"


def test_declaring_diplomats_persona_non_grata_is_a_sanction_on_their_state():
    event = only(events_of("Nga đã trao thông báo cho ông Gorman, tuyên bố 10 nhà ngoại giao Mỹ tại "
                           "Nga nằm trong diện người không được chào đón.", published="2021-04-22"),
                 "SANCTION")
    assert event.sides == ["RU", "US"]


def test_notes_counted_between_the_verb_and_the_note_are_a_protest():
    event = only(events_of("Philippines cho biết đã gửi 2 công hàm phản đối Trung Quốc.",
                           published="2021-04-22"), "PROTEST")
    assert set(event.sides) == {"PH", "CN"}


def test_a_call_after_the_clause_naming_its_two_leaders_is_their_call():
    event = only(events_of("Tổng thống Mỹ Joe Biden đã nói với Thủ tướng Ấn Độ Narendra Modi trong "
                           "cuộc điện đàm hôm 26/4 rằng Mỹ sẽ hỗ trợ.", published="2021-04-28"),
                 "CONSULT")
    assert set(event.sides) == {"US", "IN"} and event.date == "2021-04-26"


def test_a_statement_naming_its_own_occasion_is_not_made_at_the_meeting_reported():
    body = ("Ngày 21/4, Phó Đại sứ Mỹ tại Nga Bart Gorman đã bị triệu tập tới Bộ Ngoại giao Nga. "
            "Trong Thông điệp Liên bang ngày 21/4, Tổng thống Nga Vladimir Putin cảnh báo Nga sẽ đáp "
            "trả mạnh mẽ.")
    events = events_of(body, published="2021-04-22")
    assert {e.type for e in events} == {"CONSULT", "THREATEN"}


def test_an_embassy_named_with_its_state_and_seat_belongs_to_its_state():
    events = events_of("Chính quyền thủ đô Praha của Séc đã yêu cầu Đại sứ quán Nga tại đây trả lại "
                       "5.000 m2 đất.", published="2021-04-22")
    event = only(events, "REQUEST")
    assert "RU" in event.sides


@pytest.mark.parametrize("sentence", [
    "Mặc dù việc Đức đưa tàu khu trục tới Biển Đông sẽ khiến Trung Quốc phản ứng, Berlin vẫn giữ kế hoạch.",
    "Bình luận về việc Anh đưa tàu chiến tới Biển Đen, nghị sĩ Nga nói đây là hành động khiêu khích.",
])
def test_an_act_named_as_a_thing_after_viec_is_not_reported(sentence):
    assert not [e for e in events_of(sentence, published="2021-04-27") if e.type == "MOBILIZE"]


def test_recognising_a_state_is_cooperation_and_other_recognitions_are_not():
    events = events_of("Canada và Australia ngày 21/9 đã chính thức công nhận Nhà nước "
                       "Palestine.", published="2025-09-22")
    assert sorted(tuple(e.sides) for e in events) == [("AU", "PS"), ("CA", "PS")]
    assert {e.cameo for e in events} == {"054"}
    assert not events_of("Bộ Giáo dục Việt Nam công nhận kết quả thi của học sinh Lào.",
                         published="2025-09-22")
    assert not events_of("Kỷ niệm 30 năm thiết lập quan hệ ngoại giao Việt Nam - Hàn Quốc.",
                         published="2022-12-22")


@pytest.mark.parametrize("sentence", [
    "Người phát ngôn Điện Kremlin cho biết hiện không có kế hoạch nào cho một cuộc gặp giữa "
    "Tổng thống Nga Vladimir Putin và Tổng thống Ukraine Volodymyr Zelensky.",
    "Giới quan sát cho biết Tổng thống Mỹ Donald Trump có thể tìm cách gặp Chủ tịch Triều Tiên "
    "Kim Jong-un bên lề hội nghị.",
])
def test_no_plan_whatever_and_a_possibility_are_no_meetings(sentence):
    assert not events_of(sentence, published="2025-05-20")


def test_cung_ngay_takes_the_day_just_named_and_a_headline_summing_the_body_is_no_record():
    body = ("Ngày 4/4, Ngoại trưởng Đức Annalena Baerbock cho biết Đức trục xuất 40 nhân viên Đại "
            "sứ quán Nga. Cùng ngày, Bộ Ngoại giao Pháp thông báo quyết định trục xuất 35 nhân "
            "viên ngoại giao Nga.")
    events = events_of(body, published="2022-04-05", title="Đức, Pháp trục xuất nhà ngoại giao Nga")
    assert sorted((e.sides[0], e.date) for e in events) == [
        ("DE", "2022-04-04"), ("FR", "2022-04-04")]
    assert all("title" in e.support for e in events)


def test_each_state_recognising_another_is_its_own_record_and_a_list_heads_with_anh():
    events = events_of("Anh, Canada và Australia ngày 21/9 đã chính thức công nhận Nhà nước "
                       "Palestine.", published="2025-09-22",
                       title="Anh, Canada và Australia công nhận Nhà nước Palestine")
    assert sorted(tuple(e.sides) for e in events) == [("AU", "PS"), ("CA", "PS"), ("GB", "PS")]
    assert all(e.date == "2025-09-21" for e in events)
