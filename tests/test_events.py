"""Events: the seeds' gold events, each trigger family, negation and intent, dates, places."""

from __future__ import annotations

import pytest
from conftest import REFERENCE, gold_stems, load_gold, run_text, seed_path

from sukien.entities import entities_stage
from sukien.events import events_stage
from sukien.record import Article, Document
from sukien.sentences import sentences_stage

STEMS = gold_stems()


def events_of(body: str, published: str = "2025-10-30", title: str | None = None):
    doc = Document(path="t", article=Article(body=body, title=title, published=published,
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


# --- trigger families -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "type_", "cameo"),
    [("Ngày 3/10, Thủ tướng Phạm Minh Chính hội kiến Tổng thống Hàn Quốc Lee Jae Myung.", "CONSULT", "040"),
     ("Ngày 3/10, Bộ trưởng Bộ Công Thương Nguyễn Hồng Diên hội đàm với Bộ trưởng Thương mại Lào.", "CONSULT", "040"),
     ("Ngày 3/10, Thủ tướng Phạm Minh Chính gặp Thủ tướng Nhật Bản Ishiba Shigeru tại Tô-ky-ô.", "CONSULT", "042"),
     ("Ngày 3/10, Thứ trưởng Bộ Ngoại giao Lê Thị Thu Hằng làm việc với Đại sứ Pháp.", "CONSULT", "040"),
     ("Ngày 3/10, Bộ Ngoại giao Việt Nam và Bộ Ngoại giao Lào đã tiến hành tham vấn chính trị lần thứ 5.", "CONSULT", "040"),
     ("Ngày 3/10, cuộc họp Ủy ban hỗn hợp Việt Nam - Campuchia đã diễn ra tại Phnôm Pênh.", "CONSULT", "042"),
     ("Ngày 3/10, hai Bộ trưởng đồng chủ trì Hội nghị lần thứ 5 Ủy ban hợp tác.", "CONSULT", "040"),
     ("Ngày 3/10, Chủ tịch nước Lương Cường đã thăm chính thức Lào.", "CONSULT", "042"),
     ("Ngày 3/10, Phó Thủ tướng Bùi Thanh Sơn có chuyến công tác tại Thái Lan.", "CONSULT", "042"),
     ("Ngày 3/10, hai bên đã ký kết 6 văn kiện hợp tác.", "AGREE", "057"),
     ("Ngày 3/10, lễ ký kết Bản ghi nhớ về hợp tác đã được tổ chức tại Hà Nội.", "AGREE", "057"),
     ("Ngày 3/10, hai Bộ trưởng đã trao văn kiện hợp tác về năng lượng.", "AGREE", "057"),
     ("Ngày 3/10, hai nước đã ký Nghị định thư sửa đổi Hiệp định vận tải đường bộ.", "AGREE", "057"),
     ("Ngày 3/10, hai bên đạt thỏa thuận về việc nối lại các chuyến bay.", "AGREE", "057")],
)
def test_interaction_triggers(sentence, type_, cameo):
    event = only(events_of(sentence), type_)
    assert event.cameo == cameo
    assert event.date == "2025-10-03"
    assert event.status == "happened"


def test_host_and_visitor_order():
    (event,) = events_of("Ngày 3/10, tại Hà Nội, Thủ tướng Phạm Minh Chính đã tiếp Bộ trưởng "
                         "Ngoại giao Trung Quốc Vương Nghị.")
    assert event.people == ["Vương Nghị", "Phạm Minh Chính"]
    assert event.sides == ["CN", "VN"]
    assert (event.cameo, event.mode, event.location) == ("042", "visit", "Hà Nội")
    (event,) = events_of("Ngày 3/10, Tổng Bí thư Tô Lâm đã thăm Quảng Châu.")
    assert event.sides == ["VN", "CN"] and event.location == "Quảng Châu"


@pytest.mark.parametrize(
    ("sentence", "type_", "cameo"),
    [("Bộ Ngoại giao Việt Nam phản đối việc tàu nước ngoài xâm phạm vùng biển Việt Nam.", "REJECT", "120"),
     ("Thủ tướng Phạm Minh Chính hoan nghênh các doanh nghiệp Nhật Bản đầu tư vào Việt Nam.", "SUPPORT", "051"),
     ("Bộ trưởng Ngoại giao Bùi Thanh Sơn đề nghị Liên hợp quốc tăng cường hỗ trợ.", "REQUEST", "020"),
     ("Nhật Bản cam kết tiếp tục hỗ trợ Việt Nam phát triển hạ tầng.", "COOPERATE", "030")],
)
def test_statements_alone_are_events(sentence, type_, cameo):
    event = only(events_of(sentence), type_)
    assert event.cameo == cameo


def test_an_invitation_is_a_proposed_visit():
    (event,) = events_of("Chủ tịch nước Lương Cường mời Tổng thống Pháp thăm Việt Nam.")
    assert (event.type, event.status, event.location) == ("CONSULT", "proposed", "Việt Nam")
    assert [(s.type, s.cameo, s.status) for s in event.statements] == [("CONSULT", "036", "happened")]


def test_statements_at_a_meeting_are_listed_under_it():
    events = events_of("Ngày 3/10, Thủ tướng Phạm Minh Chính hội kiến Bộ trưởng Ngoại giao Lào. "
                       "Tại cuộc hội kiến, Thủ tướng đề nghị hai bên tăng cường kết nối giao thông. "
                       "Hai bên nhất trí thúc đẩy hợp tác năng lượng.")
    (event,) = events
    assert [s.type for s in event.statements] == ["REQUEST", "AGREE"]
    assert event.sentences == [0, 1, 2]


# --- negation and intent ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "status"),
    [("Thủ tướng Phạm Minh Chính sẽ thăm chính thức Nhật Bản vào tháng 12/2025.", "planned"),
     ("Hai bên dự kiến ký hiệp định thương mại vào năm tới.", "planned"),
     ("Hai bên mong muốn sớm tổ chức cuộc họp Ủy ban hỗn hợp lần thứ 10.", "proposed"),
     ("Bộ trưởng Bùi Thanh Sơn đề nghị tổ chức hội nghị cấp cao tại Hà Nội.", "proposed"),
     ("Đến nay hai bên vẫn chưa ký hiệp định phân định biển.", "denied"),
     ("Bộ trưởng Ngoại giao Nga không tham dự hội nghị và không gặp Ngoại trưởng Mỹ.", "denied")],
)
def test_status(sentence, status):
    events = [e for e in events_of(sentence) if e.type in ("CONSULT", "AGREE")]
    assert events and all(e.status == status for e in events), [(e.trigger, e.status) for e in events]


def test_planned_event_takes_the_next_year():
    (event,) = events_of("Thủ tướng sẽ thăm Lào vào ngày 15/1 tới.", published="2025-10-30")
    assert (event.status, event.date) == ("planned", "2026-01-15")


# --- dates and places --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "published", "date", "date_end"),
    [("Ngày 28/10, tại trụ sở Bộ Ngoại giao, hai bên đồng chủ trì hội nghị.", "2025-10-30", "2025-10-28", None),
     ("Sáng 16/5, Đại sứ Phạm Thanh Bình đã hội kiến Bí thư Tỉnh ủy.", "2025-05-16", "2025-05-16", None),
     ("Từ ngày 12 đến 13-2, cuộc họp tham vấn đã được tổ chức tại Ninh Ba.", "2025-02-14", "2025-02-12", "2025-02-13"),
     ("Lễ ký Nghị định thư nâng cấp Hiệp định vào tháng 10/2025 đã đánh dấu bước tiến.", "2026-01-29", "2025-10", None),
     ("Hội nghị tham vấn lần thứ 28 được tổ chức vào ngày 10/6 vừa qua.", "2022-06-16", "2022-06-10", None),
     ("Ngày 29/12, hai bên hội đàm tại Hà Nội.", "2026-01-03", "2025-12-29", None)],
)
def test_event_dates(sentence, published, date, date_end):
    (event,) = [e for e in events_of(sentence, published=published) if e.type in ("CONSULT", "AGREE")]
    assert (event.date, event.date_end) == (date, date_end)


def test_ministry_headquarters_is_the_capital():
    (event,) = events_of("Ngày 28/10, tại trụ sở Bộ Ngoại giao, Thứ trưởng Thường trực Bộ Ngoại giao "
                         "Nguyễn Minh Vũ hội đàm với Phó Tỉnh trưởng tỉnh Quảng Đông Trương Quốc Trí.")
    assert (event.location, event.location_en) == ("Hà Nội", "Hanoi")
    assert event.sides == ["VN", "CN"]


def test_venue_resolves_to_its_city():
    (event,) = events_of("Ngày 7/3, tại Nhà khách Quốc gia Điếu Ngư Đài, Bắc Kinh, hai Bộ trưởng "
                         "đã hội đàm.")
    assert event.location == "Bắc Kinh"


def test_same_day_follow_ups_inherit_date_and_place():
    events = events_of("Ngày 7/3, tại Bắc Kinh, Phó Thủ tướng Bùi Thanh Sơn hội đàm với Bộ trưởng "
                       "Ngoại giao Trung Quốc Vương Nghị. Sau hội đàm, hai Bộ trưởng đã ký 6 văn kiện "
                       "hợp tác. Chiều cùng ngày, Thủ tướng Quốc vụ viện Trung Quốc Lý Cường đã tiếp "
                       "Phó Thủ tướng Bùi Thanh Sơn.")
    assert [(e.type, e.date, e.location) for e in events] == [
        ("CONSULT", "2025-03-07", "Bắc Kinh"), ("AGREE", "2025-03-07", "Bắc Kinh"),
        ("CONSULT", "2025-03-07", "Bắc Kinh")]
    assert events[1].people == ["Bùi Thanh Sơn", "Vương Nghị"]
    assert events[2].people[0] == "Bùi Thanh Sơn"


def test_sideline_meeting_is_its_own_event():
    events = events_of("Ngày 10/7, tại Kuala Lumpur, Hội nghị Bộ trưởng Ngoại giao ASEAN - Trung "
                       "Quốc đã diễn ra với sự tham dự của Bộ trưởng Ngoại giao Trung Quốc Vương Nghị "
                       "và Phó Thủ tướng Bùi Thanh Sơn. Bên lề hội nghị, chiều cùng ngày, Phó Thủ "
                       "tướng Bùi Thanh Sơn đã gặp Bộ trưởng Vương Nghị.")
    assert [(e.type, sorted(e.sides), e.mode) for e in events] == [
        ("CONSULT", ["ASEAN", "CN"], "multilateral"), ("CONSULT", ["CN", "VN"], "third-party")]


def test_json_has_events(pipeline):
    doc = run_text(pipeline, seed_path("003_cf6c1d9a34f65e6d").read_bytes())
    row = doc.to_json()
    for field in ("type", "cameo", "mode", "status", "date", "date_end", "location", "people",
                  "sides", "trigger", "evidence", "start", "end", "summary_en"):
        assert field in row["events"][0]


def test_a_statement_names_a_person_said_twice_once():
    body = ("Thứ trưởng Ngoại giao Trung Quốc Tôn Vệ Đông hoan nghênh vai trò của ASEAN, "
            "Thứ trưởng Tôn Vệ Đông cũng ủng hộ ASEAN giữ vai trò trung tâm.")
    statements = [e for e in events_of(body) if e.type == "SUPPORT"]
    assert statements, [(e.type, e.trigger) for e in events_of(body)]
    for event in statements:
        assert event.summary_en.count("Sun Weidong") == 1, event.summary_en
