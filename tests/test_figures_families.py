"""Figures of real news, second round: epidemic cases, votes, index levels, prices and their
changes, plan completion, dividends, people counted as vaccinated, evacuated, repatriated or
recovered, lodging and other counted things, ranges, glued units, an elided currency — and
the vetoes that keep sport, entertainment and narrative numbers out. Sentences are written
for these tests from the patterns of the language."""

from __future__ import annotations

from datetime import date

import pytest

from sukien import store
from sukien.figures import figures_in_sentence
from sukien.ingest import Ingester
from sukien.record import Figure
from sukien.sentences import Sentence

ANCHOR = date(2021, 4, 29)


def figures(text: str) -> list[Figure]:
    return figures_in_sentence(Sentence(0, len(text), text), None, ANCHOR)


def found(text: str) -> list[tuple]:
    return [(f.indicator, f.value, f.unit) for f in figures(text)]


def one(text: str) -> Figure:
    result = figures(text)
    assert len(result) == 1, [(f.indicator, f.value, f.unit, f.text) for f in result]
    return result[0]


# --- epidemic cases ------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "indicator", "value", "unit"), [
    ("Bộ Y tế cho biết cả nước ghi nhận thêm 12 ca mắc mới Covid-19.", "cases", 12, "cases"),
    ("Thành phố ghi nhận 1 trường hợp nghi nhiễm sau 75 ngày.", "cases", 1, "cases"),
    ("Trong 24 giờ qua, nước này ghi nhận thêm 300.000 người nhiễm.", "cases", 3e5, "cases"),
    ("Cả nước có hơn 18 triệu người mắc Covid-19.", "cases", 18e6, "cases"),
    ("Tổng số ca nhiễm của nước này đã vượt con số 17 triệu người.", "cases", 17e6, "cases"),
    ("Số ca mắc mới liên tục lập kỷ lục quanh ngưỡng 350.000 ca/ngày.", "cases", 3.5e5,
     "cases/day"),
    ("Số ca mắc mới giảm xuống còn khoảng 10.000 ca mỗi ngày.", "cases", 1e4, "cases/day"),
    ("Nước này ghi nhận hơn 350.000 ca mắc trong một ngày qua.", "cases", 3.5e5, "cases"),
    ("Tỉnh ghi nhận hơn 10.500 ca mắc, trong đó 82 trường hợp đã tử vong.", "fatalities", 82,
     "persons"),
    ("Số người chết vì dịch tại nước này đã lên tới 204.832 trường hợp.", "fatalities",
     204832, "persons"),
    ("Nước này ghi nhận thêm 2.624 ca tử vong vì Covid-19.", "fatalities", 2624, "persons"),
    ("Đến nay, các bệnh viện đã chữa khỏi 2.490 trường hợp.", "recovered", 2490, "cases"),
])
def test_epidemic_cases(text, indicator, value, unit):
    figure = next(f for f in figures(text) if f.value == pytest.approx(value))
    assert (figure.indicator, figure.unit) == (indicator, unit)


@pytest.mark.parametrize("text", [
    "Đêm nhạc có sự góp mặt của 3 ca sĩ nổi tiếng.",
    "Đầu bếp chia thành 2 ca mỗi ngày để chuẩn bị thực phẩm.",
    "Ngành y tế đã điều tra được 359 trường hợp F1 liên quan đến bệnh nhân.",
    "Bệnh viện đã mổ tổng cộng 64 ca bệnh trong tháng qua.",
    "Sở không đồng ý với phương án tuyển dụng 8 trường hợp này.",
    "Anh có 3 người bạn mắc kẹt ở sân bay.",
])
def test_not_epidemic_cases(text):
    assert [f for f in figures(text) if f.unit and f.unit.startswith("cases")] == []


# --- votes, voters, polls ------------------------------------------------------------------


def test_votes_in_a_chamber():
    assert found("Thỏa thuận được thông qua với 660 phiếu thuận, 5 phiếu chống và 32 phiếu "
                 "trắng.") == [("votes", 660, "votes"), ("votes", 5, "votes"),
                               ("votes", 32, "votes")]


@pytest.mark.parametrize(("text", "value", "unit"), [
    ("Hơn 90 triệu cử tri đã đi bỏ phiếu sớm năm nay.", 90e6, "voters"),
    ("Bà từng thắng ở bang này với cách biệt chỉ 45.000 phiếu.", 45000, "votes"),
    ("Ông hiện bị đối thủ dẫn trước 8 điểm trong các cuộc khảo sát.", 8, "points"),
])
def test_elections(text, value, unit):
    figure = one(text)
    assert (figure.indicator, figure.value, figure.unit) == ("votes", value, unit)


@pytest.mark.parametrize("text", [
    "Khách hàng được tặng phiếu mua hàng và 5 phiếu giảm giá.",
    "Thí sinh chiến thắng với 5 phiếu bình chọn của khán giả.",
])
def test_not_votes(text):
    assert figures(text) == []


# --- index levels and their changes --------------------------------------------------------


def test_an_index_level_with_its_change():
    figure = one("Kết phiên, VN-Index tăng 8,18 điểm tương ứng 0,67% lên 1.237,73 điểm.")
    assert (figure.indicator, figure.value, figure.unit) == ("index", 1237.73, "points")
    assert (figure.change_pct, figure.change_abs) == (0.67, 8.18)


def test_an_index_falls_without_a_verb_of_change():
    figure = one("VN-Index ghi nhận mức thiệt hại 20,35 điểm tương ứng 1,63% còn 1.228,18 điểm.")
    assert (figure.value, figure.change_pct, figure.change_abs) == (1228.18, -1.63, -20.35)


def test_an_index_change_with_no_level():
    figure = one("Chỉ số chứng khoán giảm 4,85 điểm, tương ứng 0,33%.")
    assert (figure.indicator, figure.value, figure.change_pct) == ("index_change", -4.85, -0.33)


def test_a_change_written_after_its_level():
    figure = one("Chỉ số VN-Index đạt 1.186,36 điểm, tăng 83,36 điểm (tương đương mức tăng 7,56%).")
    assert (figure.value, figure.change_abs, figure.change_pct) == (1186.36, 83.36, 7.56)


@pytest.mark.parametrize("text", [
    "Đội bóng đang dẫn đầu bảng xếp hạng với 73 điểm, hơn đội thứ hai 3 điểm.",
    "Thí sinh dân tộc thiểu số được cộng 2 điểm ưu tiên.",
    "Dòng tiền đổ vào sau khi VN-Index vượt ngưỡng cản quan trọng 1.245 điểm.",
    "Cặp cổ phiếu này lần lượt đóng góp 1,63 điểm và 1,05 điểm cho VN-Index.",
    "Cô được 2 điểm 10 tuyệt đối từ ban giám khảo.",
])
def test_points_that_are_no_index_level(text):
    assert [f for f in figures(text) if f.unit == "points"] == []


# --- prices and their changes --------------------------------------------------------------


def test_a_buying_and_a_selling_price():
    assert found("Giá vàng SJC niêm yết ở mức 55,4 - 55,75 triệu đồng/lượng (mua vào - bán ra).") \
        == [("price", 55.4e6, "VND"), ("price", 55.75e6, "VND")]


def test_price_changes_are_signed_and_shared_by_coordinated_amounts():
    assert found("Giá này lần lượt giảm 200.000 đồng/lượng chiều mua vào và 100.000 đồng/lượng "
                 "chiều bán ra.") == [("price_change", -2e5, "VND"),
                                      ("price_change", -1e5, "VND")]
    assert found("Giá là 55,1 - 55,6 triệu đồng/lượng, giảm lần lượt 300.000 đồng và 150.000 "
                 "đồng/lượng mỗi chiều.")[2:] == [("price_change", -3e5, "VND"),
                                                  ("price_change", -1.5e5, "VND")]


@pytest.mark.parametrize(("text", "expected"), [
    ("Giá vàng giao ngay ở 1.776,9 USD/ounce, giảm khoảng 10 USD/ounce so với sáng qua.",
     [("price", 1776.9, "USD"), ("price_change", -10, "USD")]),
    ("Thiết bị được bán với mức giá 29 USD/chiếc.", [("price", 29, "USD")]),
    ("Chiếc máy hiện có giá 7,3 triệu đồng.", [("price", 7.3e6, "VND")]),
    ("Mẫu máy này đang có mức giảm giá 3 triệu đồng.", [("price_change", -3e6, "VND")]),
    ("Hai bên ký hợp đồng trị giá 2 tỷ USD.", [("deals", 2e9, "USD")]),
    ("Tạm tính theo mức giá này, ông đã chi khoảng 240 tỷ đồng cho thương vụ.",
     [("amount", 240e9, "VND")]),
    ("Tổng mệnh giá số tiền nhặt được lên tới 29.500.000 đồng.", [("amount", 29.5e6, "VND")]),
])
def test_prices(text, expected):
    assert found(text) == expected


def test_a_change_that_leads_to_a_level():
    figure = one("Chiếc điện thoại giảm 3 triệu đồng xuống còn 28 triệu đồng.")
    assert (figure.value, figure.change_abs) == (28e6, -3e6)
    figure = one("Doanh thu tăng 500 tỷ đồng lên 5.000 tỷ đồng.")
    assert (figure.indicator, figure.value, figure.change_abs) == ("revenue", 5e12, 5e11)


# --- rates of a plan, dividends, shares ----------------------------------------------------


@pytest.mark.parametrize(("text", "indicator", "value"), [
    ("Năm 2020, ngân hàng có tổng tài sản 134.315 tỷ đồng, hoàn thành 116% kế hoạch.",
     "plan_completion", 116),
    ("Doanh thu đạt 13.298 tỷ đồng, bằng 133% kế hoạch năm.", "plan_completion", 133),
    ("Số thu ngân sách chỉ đạt 53,17% dự toán năm 2020.", "plan_completion", 53.17),
    ("Ngân hàng thông qua mức chia cổ tức là 14,68% bằng cổ phiếu.", "dividend", 14.68),
    ("Ngân hàng dự kiến trả cổ tức năm 2021 với tỷ lệ 8%.", "dividend", 8),
    ("Khách sạn đạt 80% công suất phòng trong dịp lễ.", "share", 80),
    ("Tỷ lệ ủng hộ ông của nhóm cử tri này năm 2016 là 80%.", "share", 80),
])
def test_rates_of_a_whole(text, indicator, value):
    figure = next(f for f in figures(text) if f.unit == "%")
    assert (figure.indicator, figure.value) == (indicator, value)


def test_a_share_compared_with_another():
    values = [f.value for f in figures("Ông dẫn trước với tỷ lệ lần lượt là 52% so với 46%.")]
    assert values == [52, 46]


# --- people counted for what happened to them ----------------------------------------------


@pytest.mark.parametrize(("text", "indicator", "value"), [
    ("Đợt này tỉnh sẽ tiêm cho hơn 800 người là các đối tượng ưu tiên.", "vaccinated", 800),
    ("Dự kiến hơn 10 ngàn người tại tỉnh được tiêm vắc xin trong tháng tới.", "vaccinated",
     1e4),
    ("Khoảng 3.000 người đã phải sơ tán khi mưa đá trút xuống.", "evacuated", 3000),
    ("Chính quyền đã sơ tán 5.000 người khỏi vùng lũ.", "evacuated", 5000),
    ("Các chuyến bay đã đưa gần 1.000 công dân Việt Nam về nước an toàn.", "repatriated", 1000),
    ("Hiện còn khoảng 100 công dân Việt Nam đang ở lại nước này.", "diaspora", 100),
    ("Nơi đây có khoảng 3,5 triệu người Ấn Độ sinh sống và làm việc.", "diaspora", 3.5e6),
    ("Lượng du khách đăng ký tham quan đảo tăng đột biến, dự kiến trên 10.000 người.",
     "arrivals", 1e4),
    ("Có khoảng 24.000 người tử vong mỗi năm do bị sét đánh.", "fatalities", 24000),
])
def test_people_counted_for_what_happened_to_them(text, indicator, value):
    figure = one(text)
    assert (figure.indicator, figure.value) == (indicator, value)
    assert figure.unit.startswith("persons")


def test_a_rate_of_people_written_after_them():
    assert one("Có khoảng 24.000 người tử vong mỗi năm do bị sét đánh.").unit == "persons/year"


def test_troops_brought_home_stay_troops():
    figure = one("Mỹ sẽ rút 2.500 binh sĩ về nước trong năm nay.")
    assert (figure.indicator, figure.unit) == ("troops", "soldiers")


# --- counted things ------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "unit", "value"), [
    ("Trên đảo có 8 khách sạn, 60 nhà nghỉ với trên 1.000 phòng lưu trú.", "hotels", 8),
    ("Trên đảo có 8 khách sạn, 60 nhà nghỉ với trên 1.000 phòng lưu trú.", "guesthouses", 60),
    ("Trên đảo có 8 khách sạn, 60 nhà nghỉ với trên 1.000 phòng lưu trú.", "rooms", 1000),
    ("Dịp lễ sẽ có khoảng 500 lượt chuyến bay nội địa.", "flights", 500),
    ("Tập đoàn sở hữu hơn 60 công ty con trên khắp thế giới.", "companies", 60),
    ("Trong quý I, công ty ghi nhận trên 65.000 tài khoản mới.", "accounts", 65000),
    ("Vụ cháy thiêu rụi khoảng 1.900m2 nhà xưởng.", "m2", 1900),
    ("Chuỗi bán lẻ vận hành 80 trung tâm thương mại tại 43 tỉnh và thành phố.", "provinces", 43),
    ("Chuỗi bán lẻ vận hành 80 trung tâm thương mại tại 43 tỉnh và thành phố.", "malls", 80),
    ("Năm 2020, hãng chỉ bán được 2,9 triệu chiếc smartphone.", "smartphones", 2.9e6),
    ("Trường tuyển sinh năm học mới với chỉ tiêu 160 học sinh.", "students", 160),
    ("Tỉnh đã xây dựng 120 km đường cao tốc.", "km", 120),
    ("Công ty sẽ triển khai 3.000km cáp quang tại 20 thành phố.", "km", 3000),
    ("Sản lượng còn tồn trên 50.000 tấn hành.", "t", 50000),
])
def test_counted_things(text, unit, value):
    assert [f.value for f in figures(text) if f.unit == unit] == [value]


def test_oxygen_concentrators_given_are_aid():
    figure = one("Anh đã gửi tới New Delhi 95 máy tạo ôxy.")
    assert (figure.indicator, figure.unit, figure.value) == ("aid", "oxygen-concentrators", 95)


@pytest.mark.parametrize("text", [
    "Tia sét có thể di chuyển với tốc độ lên đến 36.000 km/s.",
    "Con tàu mất tích ở vị trí cách đảo du lịch Bali khoảng 95 km về phía bắc.",
    "Tên lửa có tầm bắn tối thiểu 5.500 km.",
    "Anh giành chức vô địch ở cự ly 70km.",
    "Các bà đạp xe hơn 60km từ quê nhà đến cầu.",
    "Con tàu 1.300 tấn chỉ chịu được áp suất ở độ sâu 250 mét.",
    "Tàu ngầm có trọng tải khoảng 1.300 tấn.",
    "Bệ phóng của nó nhẹ hơn 40 tấn so với mẫu cũ.",
    "Bộ trưởng cho rằng 4 thỏa thuận này không phù hợp.",
    "Mỏ cát gồm các mỏ của 2 tỉnh An Giang và Đồng Tháp.",
    "Trung úy đã trưng dụng 1 xe máy của người dân để truy đuổi.",
    "Năm 1972 nhà máy ở thành phố Gorkiy đã chế tạo chiếc máy bay đầu tiên.",
    "Ngôi biệt thự gồm có 4 phòng ngủ và một bể bơi.",
    "Bức tường rộng hơn 4m2 được đặt cạnh đất sản xuất.",
    "Vụ đuối nước khiến 4 học sinh gặp nạn.",
])
def test_sizes_distances_and_references_are_no_counts(text):
    assert [f for f in figures(text) if f.indicator not in ("fatalities",)] == []


def test_a_model_number_before_a_currency_like_word():
    assert found("Hai mẫu iPhone 12 Mini và iPhone 12 đồng loạt giảm 5 triệu đồng.") == [
        ("amount", 5e6, "VND")]


def test_a_number_plate_is_no_area():
    assert [f.unit for f in figures("Họ để lại 3 xe máy mang biển kiểm soát 65M2-0987.")] == [
        "vehicles"]


# --- numbers as written --------------------------------------------------------------------


def test_ranges_give_both_bounds():
    assert [f.value for f in figures("Tại Việt Nam, có khoảng 15-20% dân số nhiễm virus.")] == [
        15, 20]
    assert [f.value for f in figures("Các đại lý giảm giá nhiều hơn (giảm 5-8 triệu đồng).")] \
        == [-5e6, -8e6]


def test_a_shorthand_range_keeps_only_its_upper_bound():
    assert [f.value for f in figures("Mỗi bát có giá từ 10 - 20000 đồng.")] == [20000]


def test_an_elided_currency_takes_the_sentence_s_currency():
    found_ = figures("Tập đoàn ghi nhận doanh thu tăng 41%, lên trên 91 nghìn tỷ đồng, và lợi "
                     "nhuận sau thuế đạt hơn 13,5 nghìn tỷ, tăng 78% so với năm trước.")
    assert [(f.value, f.unit, f.change_pct) for f in found_] == [
        (91e12, "VND", 41), (13.5e12, "VND", 78)]


def test_a_bare_number_about_no_money_takes_no_currency():
    assert found("Năm 2020, xuất khẩu đạt 5 tỷ USD, dân số đạt 98 triệu.") == [
        ("trade", 5e9, "USD")]


def test_a_capitalised_currency_after_a_scale():
    assert found("Hãng vẫn đạt lợi nhuận 27,7 tỷ Yên.") == [("revenue", 27.7e9, "JPY")]
    assert found("Lô đất ở Yên Bái rộng 5 ha.") == [("count", 5, "ha")]


# --- sport and entertainment stay quiet ----------------------------------------------------


@pytest.mark.parametrize("text", [
    "Đội chủ nhà thắng 3-1 và có thêm 3 điểm, hơn đội xếp sau 6 điểm.",
    "Tiền đạo 25 tuổi đã ghi 12 bàn sau 20 trận.",
    "Cô chia sẻ 3 người bạn thân đã đến dự đám cưới.",
    "Gần 4.300 vận động viên tham dự 5 cự ly thi đấu: 5km, 10km, 21km, 42km.",
])
def test_sport_and_entertainment_numbers(text):
    assert figures(text) == []


# --- the knowledge base keeps levels and changes apart -------------------------------------


def test_prices_and_price_changes_are_separate_series(tmp_path):
    page = tmp_path / "gia_vang.txt"
    page.write_text(
        "Giá vàng giảm nhẹ\n\n"
        "Ngày 24/4/2021, giá vàng SJC tại Hà Nội niêm yết ở mức 55,4 triệu đồng/lượng.\n\n"
        "Giá này giảm 200.000 đồng/lượng so với phiên hôm qua.\n\n"
        "VN-Index tăng 7,7 điểm lên 1.268,28 điểm.\n", encoding="utf-8")
    engine = store.open_engine(f"sqlite:///{tmp_path / 'kb.db'}")
    try:
        assert Ingester(engine).ingest([str(page)]).failed == 0
        with engine.connect() as conn:
            rows = store.figure_series(conn, None, None)
    finally:
        engine.dispose()
    series = {(r["indicator"], r["value"]) for r in rows}
    assert {("price", 55.4e6), ("price_change", -2e5), ("index", 1268.28)} <= series


def test_a_range_of_growth_gives_both_bounds():
    assert [f.change_pct for f in figures("Cửa hàng dự kiến sẽ tăng giá từ 10 - 20% tùy loại.")] \
        == [10, 20]


@pytest.mark.parametrize("text", [
    "Tỷ lệ mắc mới toàn cầu khoảng 5,6 ca trên 100.000 dân mỗi năm.",
    "Chỉ số đo lường đồng bạc xanh với 6 đồng tiền chủ chốt ở mức 98,86.",
])
def test_rates_per_head_and_coins_are_no_counts(text):
    assert figures(text) == []


def test_money_followed_by_the_word_for_money_is_money():
    assert found("Mỗi ngày tôi nhận về 200.000 đồng tiền lãi.") == [("amount", 2e5, "VND")]


def test_a_month_before_a_dash_is_no_range_and_a_far_toll_no_death():
    figure = one("Mỹ dẫn đầu về số ca bệnh và số người thiệt mạng, nhưng Ấn Độ đã phá kỷ lục "
                 "của Mỹ ghi nhận hồi tháng 1 - 297.430 ca trong 24 giờ.")
    assert (figure.indicator, figure.value, figure.unit) == ("cases", 297430, "cases")


def test_a_count_beside_cases_is_not_cases():
    assert found("Lào ghi nhận thêm 93 ca nhiễm, tập trung tại 4 tỉnh/thành phố.") == [
        ("cases", 93, "cases"), ("count", 4, "provinces")]


@pytest.mark.parametrize("text", [
    "Lớp học có quy mô 16 học sinh/ lớp.",
    "Năng suất đạt trên 2 tấn/sào.",
    "Ở Hàn Quốc là 300-600 sinh viên nhập học/vạn dân.",
    "Ngay từ sáng 30/4, 6 trường hợp là F1 của ca dương tính đã được cách ly.",
])
def test_ratios_and_contacts_are_no_counts(text):
    assert figures(text) == []


def test_a_count_per_unit_of_time_is_a_rate():
    assert found("Các giếng dầu khai thác 1,5 triệu thùng/ngày.") == [
        ("count", 1.5e6, "barrels/day")]


@pytest.mark.parametrize("text", [
    "Mới chỉ có chưa đầy 1 triệu người trong tổng số khoảng 66 triệu người của nước này đã tiêm.",
    "Chỉ 1-4 người/triệu người được tiêm có thể gặp biến chứng.",
])
def test_a_total_and_a_rate_per_head_are_not_the_vaccinated(text):
    assert [f for f in figures(text) if f.indicator == "vaccinated"] == []


def test_an_index_named_by_its_noun_and_a_game_s_points():
    figure = one("Chỉ số của 30 cổ phiếu tiêu biểu tăng 8,77 điểm tương ứng 0,69% lên 1.283,81 điểm.")
    assert (figure.indicator, figure.value, figure.change_abs) == ("index", 1283.81, 8.77)
    assert figures("Đội xếp thứ ba dù bằng điểm với đối thủ (71 điểm) nhưng thua về chỉ số đối "
                   "đầu.") == []


# --- exchange rates and aid in kind (round two probes) ----------------------------------------


@pytest.mark.parametrize("text", [
    "Đồng rúp mất giá mạnh, tỷ giá vượt mốc 100 rúp đổi 1 USD lần đầu tiên.",
    "Tỷ giá hôm nay 1 USD ăn 25.400 đồng tại các ngân hàng thương mại.",
])
def test_the_two_sides_of_an_exchange_rate_are_no_amounts(text):
    assert found(text) == []


def test_a_single_unit_of_money_that_is_no_rate_stays_an_amount():
    assert [(v, u) for _, v, u in found("Công ty đổi 1 triệu USD tiền mặt lấy cổ phần.")] == [
        (1e6, "USD")]


def test_protective_suits_given_are_aid_in_kind():
    assert ("aid", 5000, "protective-suits") in found(
        "Bộ Quốc phòng đã trao tặng Quân đội Hoàng gia Campuchia 20 máy thở và 5.000 bộ đồ bảo hộ.")
