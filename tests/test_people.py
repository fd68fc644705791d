"""People on real-news patterns: the token layer, titles, country words, transliterations,
coreference, not-a-person vetoes and one entity per person in the knowledge base.

Every sentence here is written for the test from the pattern it exercises."""

from __future__ import annotations

import re

import pytest

from sukien import actors
from sukien.entities import entities_stage
from sukien.ingest import entity_key
from sukien.record import Article, Document
from sukien.sentences import sentences_stage, split_sentences
from sukien.tokens import UPPER, is_upper_initial, tokenize


def analyse(body: str, published: str | None = None) -> Document:
    doc = Document(path="t", article=Article(body=body, published=published))
    return entities_stage(sentences_stage(doc))


def persons(doc: Document) -> dict[str, object]:
    return {e.canonical: e for e in doc.entities if e.type == "PER"}


def person(doc: Document, name: str):
    found = persons(doc)
    assert name in found, sorted(found)
    return found[name]


# --- the token layer ---------------------------------------------------------------------


def test_upper_case_class_holds_no_lower_case_letter():
    upper = re.compile(rf"[{UPPER}]")
    for letter in "àáảãạăằđêềởơờưừựỹ":
        assert not upper.match(letter), letter
        assert upper.match(letter.upper()), letter.upper()
    assert is_upper_initial("Được") and not is_upper_initial("được")
    assert not is_upper_initial("ở") and not is_upper_initial("")


def test_tokens_carry_offsets_case_and_sentence():
    text = "Ông Trump nói. Ông V.Pu-tin đáp ở Mát-xcơ-va."
    tk = tokenize(text)
    assert tk.words[:4] == ["Ông", "Trump", "nói", "."]
    assert all(text[s:e] == w for s, e, w in zip(tk.starts, tk.ends, tk.words, strict=True))
    assert tk.sent[tk.words.index("nói")] == 0 and tk.sent[tk.words.index("Pu-tin")] == 1
    assert tk.caps[tk.words.index("Trump")] and not tk.caps[tk.words.index("ở")]


def test_names_joined_by_a_hyphen_are_two_tokens():
    assert tokenize("Hội nghị ASEAN-Trung Quốc").words[2:5] == ["ASEAN", "-", "Trung"]
    assert "Pu-tin" in tokenize("ông Pu-tin").words
    assert "Kramp-Karrenbauer" in tokenize("bà Kramp-Karrenbauer").words


def test_spaced_means_one_space_in_one_sentence():
    text = "Ông  Trump nói. Bà May đáp: Việt-Trung (2021)."
    tk = tokenize(text)
    spaced = {tk.words[i] for i in range(tk.n) if tk.spaced(i)}
    assert "Trump" not in spaced  # two spaces before it
    assert "Bà" not in spaced  # a new sentence
    assert "May" in spaced and "đáp" in spaced
    assert not tk.spaced(tk.words.index("-")) and not tk.spaced(0)


def test_token_offsets_hold_on_every_kind_of_token():
    text = "GS.TS Lê Văn An, 1.000.000 đồng; O'Neill và Pu-tin (Ảnh: AFP)\n\nHà Nội."
    tk = tokenize(text)
    assert all(text[s:e] == w for s, e, w in zip(tk.starts, tk.ends, tk.words, strict=True))
    assert "1.000.000" in tk.words and "O'Neill" in tk.words and "Pu-tin" in tk.words
    assert tk.lowered == [w.lower() for w in tk.words]
    assert tk.caps == [w[0].isupper() for w in tk.words]


def test_where_finds_lexicon_words_with_or_without_the_candidates():
    tk = tokenize("Ông An gặp ông Bình và bà Chi.")
    words = frozenset({"ông", "bà"})
    assert tk.where(words) == [0, 3, 6]
    assert tk.where(words, capitalised=True) == [0]
    tk.candidates = [0, 3, 6]
    assert tk.where(words, lexicon=True) == [0, 3, 6]
    assert tk.where(words, capitalised=True, lexicon=True) == [0]


def test_names_and_title_forms_in_one_pass_equal_the_two_scans():
    from sukien import gazetteer, titles

    text = ("Thủ tướng Phạm Minh Chính tiếp Bộ trưởng Ngoại giao Trung Quốc tại Hà Nội; "
            "nhà văn hóa thôn Đông được khánh thành, Giám đốc Sở Y tế TP.HCM dự.")
    found, heads = titles.names_and_heads(text)
    assert found == gazetteer.find(text) and heads == titles.heads_in(text)
    assert (text.index("Thủ tướng"), text.index("Thủ tướng") + 9) in heads
    assert not any(text[s:e] == "nhà văn" for s, e in heads)  # "nhà văn hóa" is a hall


def test_splitter_does_not_break_before_lower_case_letters():
    text = "Cuộc gặp kết thúc lúc 10 giờ. được biết ông đã về. ở đó trời mưa."
    assert len(split_sentences(text)) == 1


def test_splitter_breaks_after_an_inline_photo_credit():
    text = "Tổng thống Lê Văn Hải (Ảnh: Reuters) Ông Hải phát biểu tại buổi lễ."
    assert [s.text for s in split_sentences(text)][1].startswith("Ông Hải")


# --- titles: office + organisation + country/place + name -------------------------------


@pytest.mark.parametrize(
    ("text", "name", "title", "country"),
    [("Tổng thống Mỹ Edward Carter phát biểu.", "Edward Carter", "Tổng thống Mỹ", "US"),
     ("Ngoại trưởng Nga Ivan Petrov cho biết.", "Ivan Petrov", "Ngoại trưởng Nga", "RU"),
     ("Thủ tướng Séc Karel Novak đã tới.", "Karel Novak", "Thủ tướng Séc", "CZ"),
     ("Đại sứ Việt Nam tại Nga Đặng Văn Khôi tiếp đoàn.", "Đặng Văn Khôi",
      "Đại sứ Việt Nam tại Nga", "VN"),
     ("người phát ngôn Bộ Ngoại giao Nga Olga Sokolova nói.", "Olga Sokolova",
      "người phát ngôn Bộ Ngoại giao Nga", "RU"),
     ("trợ lý tổng thống Nga Pavel Orlov cho hay.", "Pavel Orlov", "trợ lý tổng thống Nga", "RU"),
     ("Ủy viên trưởng Ủy ban Thường vụ Đại hội Đại biểu nhân dân toàn quốc Trung Quốc "
      "Trương Đức Minh đã tới.", "Trương Đức Minh",
      "Ủy viên trưởng Ủy ban Thường vụ Đại hội Đại biểu nhân dân toàn quốc Trung Quốc", "CN"),
     ("Chủ tịch UBND huyện Gio Linh Nguyễn Văn An cho biết.", "Nguyễn Văn An",
      "Chủ tịch UBND huyện Gio Linh", "VN"),
     ("Phó Chủ tịch Thường trực UBND tỉnh Hoàng Văn Tuấn dẫn đầu đoàn.", "Hoàng Văn Tuấn",
      "Phó Chủ tịch Thường trực UBND tỉnh", "VN"),
     ("Tổng thống nước này Jan Dvorak cho biết.", "Jan Dvorak", "Tổng thống", None)],
)
def test_title_grammar(text, name, title, country):
    found = person(analyse(text), name)
    assert found.title == title
    assert found.country == country


@pytest.mark.parametrize(
    ("text", "name", "title"),
    [("Thượng tướng Đỗ Văn Bình, Thứ trưởng Bộ Công an, phát biểu.", "Đỗ Văn Bình",
      "Thứ trưởng Bộ Công an"),
     ("Đại tá Lò Văn Sơn, Tổng giám đốc Tổng công ty Sông Mã, cho biết.", "Lò Văn Sơn",
      "Tổng giám đốc Tổng công ty Sông Mã"),
     ("Thiếu tướng Hà Minh Tâm chỉ đạo lực lượng.", "Hà Minh Tâm", "Thiếu tướng")],
)
def test_a_grade_is_the_title_only_when_no_office_is_written(text, name, title):
    assert person(analyse(text), name).title == title


def test_a_title_ends_where_a_one_word_name_acts():
    # "tài xế Lâm tấn công thiếu úy …": the driver attacks; his title is not the officer's
    doc = analyse("Lúc đó tài xế Lâm tấn công thiếu úy Trần Văn Định rồi bỏ chạy.")
    assert person(doc, "Trần Văn Định").title == "thiếu úy"


def test_country_words_belong_to_the_title_never_to_the_name():
    doc = analyse("Tổng thống Mỹ Donald Trump gặp Thủ tướng Anh Boris Johnson và Tổng thống "
                  "Nga Vladimir Putin.")
    assert {"Donald Trump", "Boris Johnson", "Vladimir Putin"} <= set(persons(doc))
    assert not any(n.split()[0] in ("Mỹ", "Anh", "Nga") for n in persons(doc))


def test_a_title_after_the_name_with_its_organisation_and_country():
    doc = analyse("Thượng tướng Phạm Văn Long, Phó Chủ tịch Quân ủy Trung ương Trung Quốc, "
                  "cho biết hai bên nhất trí.")
    found = person(doc, "Phạm Văn Long")
    assert found.title == "Phó Chủ tịch Quân ủy Trung ương Trung Quốc"
    assert found.country == "CN"


def test_titles_joined_by_kiem_and_a_title_then_comma_then_name():
    doc = analyse("Chủ tịch HĐQT kiêm Tổng giám đốc Tập đoàn Sao Mai Lê Văn Thành phát biểu. "
                  "Đích thân Chủ tịch SMBC, ông Kenji Sato, thông báo tin này.")
    assert person(doc, "Lê Văn Thành").title == \
        "Chủ tịch HĐQT kiêm Tổng giám đốc Tập đoàn Sao Mai"
    assert person(doc, "Kenji Sato").title == "Chủ tịch SMBC"


def test_a_bare_office_before_two_names_belongs_to_both():
    doc = analyse("Tổng thống Biden và Putin có thể gặp nhau vào mùa hè.")
    assert person(doc, "Putin").title == "Tổng thống"
    assert person(doc, "Biden").title == "Tổng thống"


def test_the_administration_of_a_president_is_not_an_acting_president():
    doc = analyse("Theo báo chí, chính quyền Tổng thống Mỹ Joe Biden đang cân nhắc biện pháp.")
    assert person(doc, "Joe Biden").title == "Tổng thống Mỹ"


def test_a_known_boss_inside_a_title_keeps_only_his_office():
    doc = analyse("Ông Robert O'Brien, cố vấn an ninh quốc gia của Tổng thống Mỹ Donald Trump, "
                  "cho biết.")
    assert person(doc, "Donald Trump").title == "Tổng thống Mỹ"


def test_english_title_composed_from_template_and_qualifiers():
    doc = analyse("Phó Tỉnh trưởng tỉnh Quảng Đông Trương Quốc Trí đã tiếp đoàn.")
    assert person(doc, "Trương Quốc Trí").title_en == "Vice Governor of Guangdong Province"


# --- the lexicon: transliterations, short forms, country and Latin name --------------------


def test_transliterated_names_are_the_same_person():
    doc = analyse("Tổng thống V.Pu-tin đã điện đàm với Thủ tướng. Ông Pu-tin nhấn mạnh hợp tác.")
    found = person(doc, "V.Pu-tin")
    assert found.name_latin == "Vladimir Putin" and found.country == "RU"
    assert len(found.mentions) == 2 and "Pu-tin" in found.aliases
    assert found.actor == "PER:vladimir-putin:RU"


def test_lexicon_gives_country_and_spelling_when_the_article_does_not():
    doc = analyse("Ông Lý Hiển Long phát biểu tại diễn đàn. Ông Zelenskiy nói.")
    lee = person(doc, "Lý Hiển Long")
    assert (lee.country, lee.name_latin) == ("SG", "Lee Hsien Loong")
    assert person(doc, "Zelenskiy").name_latin == "Volodymyr Zelensky"


def test_homophone_surname_is_settled_by_the_lexicon():
    doc = analyse("Thủ tướng Chu Ân Lai từng thăm Hà Nội.")
    assert person(doc, "Chu Ân Lai").name_latin == "Zhou Enlai"


def test_a_vietnamese_short_form_with_a_fitting_title_is_resolved():
    doc = analyse("Thủ tướng Phúc yêu cầu các bộ khẩn trương triển khai.", published="2019-05-02")
    found = person(doc, "Phúc")
    assert found.actor == "PER:nguyen-xuan-phuc:VN" and found.name_latin == "Nguyen Xuan Phuc"


def test_a_short_form_shared_by_two_office_holders_stays_unresolved():
    doc = analyse("Bộ trưởng Dũng cho biết sẽ xem xét.", published="2020-06-01")
    assert "Dũng" not in persons(doc)  # one word after a title needs a witness


# --- coreference inside an article -------------------------------------------------------


def test_surname_and_title_short_forms_join_the_full_name():
    doc = analyse("Tổng thống Mỹ Donald Trump đến Hà Nội. Ông Trump gặp lãnh đạo Việt Nam. "
                  "Tổng thống Trump nói chuyến đi thành công.")
    found = person(doc, "Donald Trump")
    assert len(found.mentions) == 3 and found.aliases == ["Trump"]
    assert len(persons(doc)) == 1


def test_vietnamese_short_forms_use_the_last_given_name():
    doc = analyse("Chủ tịch Quốc hội Nguyễn Thị Kim Ngân tiếp đoàn. Chủ tịch Kim Ngân khẳng định "
                  "quan hệ tốt đẹp. Bà Ngân cảm ơn đoàn.")
    found = person(doc, "Nguyễn Thị Kim Ngân")
    assert len(found.mentions) == 3 and len(persons(doc)) == 1


def test_a_chinese_name_is_shortened_by_its_surname():
    doc = analyse("Chủ tịch Trung Quốc Tập Cận Bình phát biểu. Ông Tập nhấn mạnh hợp tác.")
    assert len(person(doc, "Tập Cận Bình").mentions) == 2


def test_honorifics_stay_out_of_the_name_and_the_written_form_is_an_alias():
    doc = analyse("Thủ tướng Campuchia Samdech Hun Sen đã tới. Samdech Hun Sen nói.")
    found = person(doc, "Hun Sen")
    assert "Samdech Hun Sen" in found.aliases and found.country == "KH"


def test_two_people_sharing_a_surname_attach_to_the_nearest_before():
    doc = analyse("Ông Kim Min-jun gặp ông Kim Ji-hoon. Ông Kim Ji-hoon nói trước. Sau đó ông "
                  "Kim Min-jun trả lời.")
    assert len(person(doc, "Kim Min-jun").mentions) == 2
    assert len(person(doc, "Kim Ji-hoon").mentions) == 2


def test_title_only_mentions_go_to_the_holder():
    doc = analyse("Thứ trưởng Ngoại giao Lê Văn Bình tiếp đoàn. Thứ trưởng đề nghị tăng cường "
                  "hợp tác.")
    assert len(person(doc, "Lê Văn Bình").mentions) == 2


# --- not people --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    ["Chiếc Ducati Multistrada mới được ra mắt.",
     "Ông Lê Văn Vũ - Giám đốc CMC Telecom cho biết. CMC Telecom tăng trưởng.",
     "Người dân xã Đồng Tâm, huyện Gio Linh và thị xã Sông Cầu đã nhận hàng.",
     "Sở Y tế TP Hồ Chí Minh ghi nhận thêm ca mắc.",
     "Cầu thủ của Man Utd Bruno Silva ghi bàn.",
     "Xe chạy trên đường Nguyễn Chí Thanh và phố Trần Duy Hưng."],
)
def test_places_firms_and_products_are_not_people(text):
    names = set(persons(analyse(text)))
    bad = {"Multistrada", "Ducati Multistrada", "Telecom", "CMC Telecom", "Đồng Tâm", "Gio Linh",
           "Sông Cầu", "Hồ Chí Minh", "Man Utd", "Nguyễn Chí Thanh", "Trần Duy Hưng"}
    assert not names & bad, names


def test_firm_word_before_a_name_is_cut_off():
    doc = analyse("Chủ tịch Siemens Joe Kaeser phát biểu. Ông Kaeser nói.")
    assert person(doc, "Joe Kaeser").mentions and "Siemens Joe Kaeser" not in persons(doc)


def test_next_sentence_word_never_joins_a_name():
    doc = analyse("Người phát biểu là ông Phùng Quốc Hiển Tuy nhiên ông không nói thêm. Bí thư "
                  "Trần Quốc Tuấn Cũng tham dự có ông Hà Kim Ngọc Tại hội nghị.")
    names = set(persons(doc))
    assert {"Phùng Quốc Hiển", "Trần Quốc Tuấn", "Hà Kim Ngọc"} <= names, names


def test_bà_rịa_is_a_place():
    assert not persons(analyse("Tỉnh Bà Rịa - Vũng Tàu và thành phố Bà Rịa có mưa."))


# --- one entity per person in the knowledge base --------------------------------------------


def test_knowledge_base_key_is_the_actor_whatever_the_written_form():
    first = person(analyse("Tổng thống Nga V.Pu-tin nói."), "V.Pu-tin")
    second = person(analyse("Ông Vladimir Putin nói."), "Vladimir Putin")
    assert entity_key(first) == entity_key(second) == "PER:vladimir-putin:RU"


def test_a_one_word_name_is_never_merged_across_articles():
    one = Document(path="a.txt", article=Article(body="Ông Park cho biết đội sẽ thắng."))
    two = Document(path="b.txt", article=Article(body="Ông Park là nông dân ở Hàn Quốc."))
    keys = {entity_key(person(entities_stage(sentences_stage(d)), "Park")) for d in (one, two)}
    assert len(keys) == 2


def test_full_names_merge_by_name_and_country():
    a = person(analyse("Thứ trưởng Bộ Y tế Trần Văn Thuấn cho biết."), "Trần Văn Thuấn")
    b = person(analyse("Ông Trần Văn Thuấn, Thứ trưởng Bộ Y tế, nói."), "Trần Văn Thuấn")
    assert entity_key(a) == entity_key(b)


def test_actor_resolution_is_exposed_for_other_stages():
    actor = actors.resolve("Trump")
    assert actor is not None and actor.country == "US"
    assert actor.role_in(2019).title == "Tổng thống Mỹ" and actor.role_in(2022) is None
    doc = analyse("Bộ trưởng Quốc phòng Mỹ Lloyd Austin gặp Thống tướng Min Aung Hlaing.")
    austin = person(doc, "Lloyd Austin")
    assert (austin.title_kind, austin.title_rank) == ("government", 70)


def test_knowledge_base_answers_a_short_name_with_the_person(tmp_path):
    from sukien import store
    from sukien.ingest import Ingester

    pages = {"a.txt": "Tổng thống Mỹ Donald Trump ngày 3/5/2019 đã gặp Thủ tướng Nhật Bản.\n\n"
                      "Ông Trump khẳng định quan hệ đồng minh bền chặt.\n",
             "b.txt": "Ngày 8/6/2019, ông Đô-nan Trăm tuyên bố sẽ áp thuế mới.\n\n"
                      "Ông Trump nói các nước phải đàm phán lại.\n",
             "c.txt": "Ông Park cho biết đội bóng đã sẵn sàng cho trận đấu ngày mai.\n\n"
                      "Ông Park nói các cầu thủ đều khỏe.\n",
             "d.txt": "Ông Park, một nông dân ở Hàn Quốc, trồng táo trên đồi.\n\n"
                      "Ông Park bán táo ở chợ.\n"}
    for name, text in pages.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    engine = store.open_engine(f"sqlite:///{tmp_path / 'kb.db'}")
    Ingester(engine).ingest([str(tmp_path / n) for n in pages])
    with engine.connect() as conn:
        found = store.find_entities(conn, "Trump")
        profile = store.entity_profile(conn, found[0]["id"])
        parks = store.find_entities(conn, "Park")
    engine.dispose()
    assert found[0]["id"] == "PER:donald-trump:US"
    assert profile["entity"]["canonical"] == "Donald Trump"
    assert {"Trump", "Đô-nan Trăm", "Donald Trump"} <= set(profile["aliases"])
    assert "Tổng thống Mỹ (2017–2021)" in profile["lexicon_roles"]
    assert len(parks) == 2  # two people called Park, no evidence they are one


def test_rare_surnames_open_a_name_after_a_title():
    assert person(analyse("Chuyên gia kinh tế Cấn Văn Minh nhận định lạm phát sẽ giảm."),
                  "Cấn Văn Minh").title == "Chuyên gia kinh tế"


def test_an_armed_group_before_a_name_is_no_part_of_it():
    found = person(analyse("Thủ lĩnh Hamas Yahya Sinwar đã thiệt mạng."), "Yahya Sinwar")
    assert found.country == "PS"
