"""Entities and figures: the seeds against their gold files, and each convention on its own."""

from __future__ import annotations

import json
import re

import pytest
from conftest import REFERENCE, gold_stems, load_gold, run_text, seed_path
from hypothesis import given, settings
from hypothesis import strategies as st

from sukien.entities import entities_stage
from sukien.figures import figures_stage, parse_number
from sukien.normalize import normalize_text
from sukien.record import Article, Document
from sukien.sentences import sentences_stage

STEMS = gold_stems()


def norm(text: str | None) -> str:
    return re.sub(r"\s+", " ", normalize_text(text or "")).strip().lower()


def names(entity) -> set[str]:
    return {norm(n) for n in (entity.canonical, *entity.aliases, entity.acronym) if n}


@pytest.fixture(scope="module")
def docs(pipeline):
    return {stem: pipeline(Document(path=stem, raw=seed_path(stem).read_bytes(),
                                    reference_time=REFERENCE)) for stem in STEMS}


def analyse_body(body: str, captions: list[str] | None = None) -> Document:
    doc = Document(path="t", article=Article(body=body, captions=captions or []))
    return figures_stage(entities_stage(sentences_stage(doc)))


def person(doc: Document, name: str):
    found = [e for e in doc.entities if e.type == "PER" and e.canonical == name]
    assert found, [e.canonical for e in doc.entities if e.type == "PER"]
    return found[0]


# --- seeds against gold ------------------------------------------------------------------


@pytest.mark.parametrize("stem", STEMS)
def test_people_match_gold(docs, stem):
    doc = docs[stem]
    for gold in load_gold(stem)["people"]:
        found = person(doc, gold["name"])
        assert norm(found.title) == norm(gold["title"])
        assert found.country == gold["country"]
        assert found.name_latin == gold["name_latin"]
        assert found.title_en


@pytest.mark.parametrize("stem", STEMS)
def test_organisations_match_gold(docs, stem):
    orgs = [e for e in docs[stem].entities if e.type in ("ORG", "MISC")]
    for name in load_gold(stem)["organizations"]:
        assert any(norm(name) in names(e) for e in orgs), name


@pytest.mark.parametrize("stem", STEMS)
def test_places_match_gold(docs, stem):
    places = [e for e in docs[stem].entities if e.type == "LOC"]
    for gold in load_gold(stem)["places"]:
        found = [e for e in places if norm(gold["name"]) in names(e)]
        assert found, gold["name"]
        assert found[0].name_latin == gold["name_en"]
        assert found[0].country == gold["country"]


@pytest.mark.parametrize("stem", STEMS)
def test_figures_match_gold(docs, stem):
    figures = docs[stem].figures
    for gold in load_gold(stem)["figures"]:
        if gold["value"] is not None:
            found = [f for f in figures if f.value == pytest.approx(gold["value"])
                     and f.unit == gold["unit"]]
        else:
            found = [f for f in figures if f.value is None
                     and f.change_pct == pytest.approx(gold["change_pct"])]
        assert found, gold["evidence"]
        figure = found[0]
        assert figure.period == gold["period"]
        assert figure.change_pct == (pytest.approx(gold["change_pct"]) if gold["change_pct"]
                                     is not None else None)
        if gold.get("value_usd") is not None:
            assert figure.value_usd == pytest.approx(gold["value_usd"])
        assert sorted(figure.parties) == sorted(gold["parties"])
        assert gold["evidence"].split(",")[0] in figure.evidence


def test_mentions_carry_offsets_into_the_body(docs):
    for doc in docs.values():
        for entity in doc.entities:
            for mention in entity.mentions:
                if mention.field == "body" and not mention.resolved:
                    assert doc.article.body[mention.start:mention.end] == mention.text


def test_json_output_has_entities_and_figures(docs):
    row = json.loads(json.dumps(docs[STEMS[1]].to_json(), ensure_ascii=False))
    entity = row["entities"][0]
    for field in ("id", "type", "canonical", "name_latin", "country", "title", "title_en",
                  "mentions"):
        assert field in entity
    figure = row["figures"][0]
    for field in ("indicator", "value", "unit", "value_usd", "period", "change_pct",
                  "qualifier", "parties", "evidence"):
        assert field in figure


# --- conventions ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "name", "title", "country"),
    [("Ngày 3/4, Thứ trưởng Thường trực Bộ Ngoại giao Lê Văn Tâm đã tiếp đoàn.",
      "Lê Văn Tâm", "Thứ trưởng Thường trực Bộ Ngoại giao", "VN"),
     ("Phó Tỉnh trưởng tỉnh Vân Nam Hoàng Vân Ba phát biểu.", "Hoàng Vân Ba",
      "Phó Tỉnh trưởng tỉnh Vân Nam", "CN"),
     ("Đại sứ Việt Nam tại Nhật Bản Phạm Quang Hiệu chào mừng đoàn.", "Phạm Quang Hiệu",
      "Đại sứ Việt Nam tại Nhật Bản", "VN"),
     ("Tiếp đồng chí Trần Văn Nam, Ủy viên Bộ Chính trị, Bí thư Tỉnh ủy Quảng Ninh, đoàn đã đến.",
      "Trần Văn Nam", "Bí thư Tỉnh ủy Quảng Ninh", "VN"),
     ("Bộ trưởng Ngoại giao Philippines Enrique Manalo cho biết.", "Enrique Manalo",
      "Bộ trưởng Ngoại giao Philippines", "PH"),
     ("Tổng Bí thư, Chủ tịch nước Trung Quốc Tập Cận Bình đã gửi điện.", "Tập Cận Bình",
      "Tổng Bí thư, Chủ tịch nước Trung Quốc", "CN")],
)
def test_titles_around_names(text, name, title, country):
    found = person(analyse_body(text), name)
    assert found.title == title
    assert found.country == country


def test_short_mentions_resolve_to_the_same_person():
    doc = analyse_body("Phó Tỉnh trưởng tỉnh Quảng Đông Trương Quốc Trí đã tiếp đoàn. "
                       "Phó Tỉnh trưởng Trương Quốc Trí cho biết tỉnh sẵn sàng hợp tác. "
                       "Phó Tỉnh trưởng đề nghị hai bên tăng cường kết nối.")
    found = person(doc, "Trương Quốc Trí")
    assert len(found.mentions) == 3
    assert sum(m.resolved for m in found.mentions) == 1
    assert found.name_latin == "Zhang Guozhi"


def test_plural_titles_are_not_short_mentions():
    doc = analyse_body("Tổng Lãnh sự Nguyễn Văn An phát biểu. Tổng Lãnh sự các nước ASEAN "
                       "đánh giá cao sự kiện.")
    assert len(person(doc, "Nguyễn Văn An").mentions) == 1


@pytest.mark.parametrize(
    "org",
    ["Bộ Ngoại giao", "Văn phòng Ngoại vụ tỉnh Quảng Đông", "Tổng Lãnh sự quán Việt Nam tại Quảng Châu",
     "Công ty TNHH Thương mại Hòa Bình", "Tập đoàn Điện lực Việt Nam", "Đại học Quốc gia Hà Nội",
     "Sở Công Thương tỉnh Lạng Sơn", "Ban Đối ngoại Trung ương"],
)
def test_organisation_heads(org):
    doc = analyse_body(f"Hôm qua, đại diện {org} đã làm việc với đối tác.")
    assert any(norm(org) in names(e) for e in doc.entities if e.type == "ORG"), \
        [e.canonical for e in doc.entities]


def test_acronym_and_its_expansion_are_one_entity():
    doc = analyse_body("Chương trình hợp tác quản lý y tế công cộng (PROMPT) được triển khai. "
                       "Các bên đánh giá cao PROMPT.")
    (entity,) = [e for e in doc.entities if e.acronym == "PROMPT"]
    assert len(entity.mentions) == 2
    doc = analyse_body("Hiệp hội các quốc gia Đông Nam Á (ASEAN) họp. ASEAN ra tuyên bố.")
    (asean,) = [e for e in doc.entities if e.acronym == "ASEAN"]
    assert len(asean.mentions) == 2


def test_agreements_are_misc():
    doc = analyse_body("Hai bên cam kết triển khai Hiệp định Đối tác Kinh tế Toàn diện Khu vực "
                       "(RCEP) và thúc đẩy đàm phán Bộ Quy tắc Ứng xử ở Biển Đông (COC).")
    misc = {e.acronym for e in doc.entities if e.type == "MISC"}
    assert {"RCEP", "COC"} <= misc


@pytest.mark.parametrize(
    ("text", "value", "unit", "usd", "period", "change", "qualifier"),
    [("Năm 2024, kim ngạch song phương đạt 56,2 tỷ USD, tăng 16,6% so với cùng kỳ.",
      56.2e9, "USD", 56.2e9, "2024", 16.6, None),
     ("Năm 2025 kim ngạch đạt 1,53 nghìn tỷ nhân dân tệ (211 tỷ đô-la Mỹ), tăng 5,8% so với "
      "cùng kỳ năm 2024.", 1.53e12, "CNY", 211e9, "2025", 5.8, None),
     ("GDP của tỉnh đạt trên 2.000 tỷ USD.", 2e12, "USD", 2e12, None, None, "more than"),
     ("6 tháng đầu năm 2025, vốn đầu tư đạt khoảng 3.200 tỷ đồng, giảm 4% so với cùng kỳ.",
      3.2e12, "VND", 3.2e12 / 26000, "2025-01/2025-06", -4.0, "about"),
     ("Quỹ đạt 1.000.000,5 USD.", 1000000.5, "USD", 1000000.5, None, None, None)],
)
def test_figures(text, value, unit, usd, period, change, qualifier):
    (figure,) = analyse_body(text).figures
    assert figure.value == pytest.approx(value)
    assert figure.unit == unit
    assert figure.value_usd == pytest.approx(usd, rel=1e-3)
    assert figure.period == period
    assert figure.change_pct == (pytest.approx(change) if change is not None else None)
    assert figure.qualifier == qualifier


def test_growth_rate_without_amount():
    (figure,) = analyse_body("Tăng trưởng kim ngạch hàng năm đạt khoảng 16,4%.").figures
    assert (figure.value, figure.change_pct, figure.qualifier) == (None, 16.4, "about")
    assert figure.indicator == "trade"


def test_counts_and_rates():
    figures = analyse_body("Năm 2024, tỉnh đón trên 3,7 triệu lượt khách, tăng 14% so với năm "
                           "trước; hiện có 58 chuyến bay thẳng mỗi tuần.").figures
    assert [(f.value, f.unit) for f in figures] == [(3.7e6, "person-trips"), (58, "flights/week")]
    assert figures[0].change_pct == 14


@pytest.mark.parametrize("text", ["ngày 28/10", "hơn 1/5 tổng kim ngạch", "lần thứ 31",
                                  "giai đoạn 2025–2027", "36 năm liền"])
def test_not_figures(text):
    assert analyse_body(f"Theo báo cáo, {text} là mốc quan trọng.").figures == []


def test_parse_number():
    assert parse_number("1.000.000,5") == 1000000.5
    assert parse_number("56,2") == 56.2
    assert parse_number("2.000") == 2000


# --- odd input never crashes -------------------------------------------------------------


def test_empty_body():
    doc = analyse_body("")
    assert doc.entities == [] and doc.figures == []


def test_one_megabyte_body(pipeline):
    paragraph = ("Ngày 5/9, Bộ trưởng Bộ Công Thương Nguyễn Hồng Diên đã tiếp Đại sứ Nhật Bản "
                 "tại Việt Nam, kim ngạch đạt 12,5 tỷ USD, tăng 8,3% so với cùng kỳ. ")
    body = (paragraph * (1_000_000 // len(paragraph) + 1))[:1_000_000]
    doc = analyse_body(body)
    assert len(doc.figures) > 1000
    assert person(doc, "Nguyễn Hồng Diên").title == "Bộ trưởng Bộ Công Thương"


def test_text_without_diacritics(pipeline):
    text = ("Hop tac Viet Nam - Trung Quoc\n\nNgay 5/9, tai Ha Noi, Thu truong Bo Ngoai giao "
            "Nguyen Van A da tiep Dai su Trung Quoc, kim ngach dat 12,5 ty USD.\n")
    doc = run_text(pipeline, text)
    places = {e.canonical for e in doc.entities if e.type == "LOC"}
    assert {"Hà Nội", "Trung Quốc"} <= places
    assert doc.figures[0].value == pytest.approx(12.5e9)


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("Bộ Ngoại giao Thứ trưởng Nguyễn ,.()-%$0123456789"
                                             "tỷ USD đồng ASEAN (ASEAN) \n")), max_size=300))
def test_stages_never_crash(text):
    analyse_body(text)


@pytest.mark.parametrize(
    ("text", "canonical", "country", "english"),
    [("Bộ Ngoại giao Nga ngày 8/5 ra tuyên bố.", "Bộ Ngoại giao Nga", "RU",
      "Ministry of Foreign Affairs of Russia"),
     ("Bộ Ngoại giao Cộng hòa Séc ra tuyên bố.", "Bộ Ngoại giao Séc", "CZ",
      "Ministry of Foreign Affairs of Czechia"),
     ("Chính phủ Nhật Bản thông báo.", "Chính phủ Nhật Bản", "JP", "Government of Japan"),
     ("Quốc hội Anh thông qua luật.", "Quốc hội Anh", "GB", "Parliament of United Kingdom"),
     ("Bộ Ngoại giao ra tuyên bố.", "Bộ Ngoại giao", "VN", "Ministry of Foreign Affairs")],
)
def test_a_national_body_named_with_another_country_is_that_countrys(text, canonical, country,
                                                                     english):
    orgs = {e.canonical: e for e in analyse_body(text).entities if e.type == "ORG"}
    assert canonical in orgs, sorted(orgs)
    assert orgs[canonical].country == country
    assert orgs[canonical].name_latin == english


@pytest.mark.parametrize(
    ("text", "canonical", "country", "english"),
    [("Lực lượng Vũ trang Philippines lên án vụ việc.", "Lực lượng Vũ trang Philippines", "PH",
      "Armed Forces of Philippines"),
     ("Lực lượng Bảo vệ bờ biển Philippines cho biết tàu đã rời đi.",
      "Lực lượng Bảo vệ bờ biển Philippines", "PH", "Coast Guard of Philippines"),
     ("Hải quân Ấn Độ điều tàu tới khu vực.", "Hải quân Ấn Độ", "IN", "Navy of India")],
)
def test_a_states_armed_forces_are_a_military_body_of_that_state(text, canonical, country,
                                                                 english):
    doc = analyse_body(text)
    orgs = {e.canonical: e for e in doc.entities if e.type == "ORG"}
    assert canonical in orgs, sorted(orgs)
    assert (orgs[canonical].country, orgs[canonical].kind, orgs[canonical].name_latin) == (
        country, "military", english)
    assert not [e for e in doc.entities if e.canonical == "Biển Philippines"]


@pytest.mark.parametrize(
    ("text", "canonical", "country", "english"),
    [("Đại sứ quán Séc tại Hà Nội ra thông cáo.", "Đại sứ quán Séc tại Hà Nội", "CZ",
      "Embassy of Czechia in Hanoi"),
     ("Đại sứ quán Việt Nam tại Mỹ tổ chức sự kiện.", "Đại sứ quán Việt Nam tại Hoa Kỳ", "VN",
      "Embassy of Viet Nam in United States"),
     ("Họ yêu cầu Đại sứ quán Nga tại đây trả lại đất.", "Đại sứ quán Nga", "RU",
      "Embassy of Russia")],
)
def test_a_mission_is_its_states_and_keeps_its_seat_as_a_place(text, canonical, country, english):
    doc = analyse_body(text)
    orgs = {e.canonical: e for e in doc.entities if e.type == "ORG"}
    assert canonical in orgs, sorted(orgs)
    assert (orgs[canonical].country, orgs[canonical].kind, orgs[canonical].name_latin) == (
        country, "embassy", english)
    if "Hà Nội" in text:
        assert "Hà Nội" in {e.canonical for e in doc.entities if e.type == "LOC"}
