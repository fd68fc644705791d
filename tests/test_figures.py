"""Figures: one test per currency, per indicator family, per period form and per "not a
figure" veto, on sentences written for these tests; numbers in Vietnamese format round-trip."""

from __future__ import annotations

import math
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sukien import store
from sukien.figure_vocab import parse_amount, rates, to_usd, vocabulary
from sukien.figures import INDICATORS, figures_in_sentence
from sukien.ingest import Ingester
from sukien.record import Figure
from sukien.sentences import Sentence

ANCHOR = date(2021, 4, 29)


def figures(text: str, anchor: date | None = ANCHOR) -> list[Figure]:
    return figures_in_sentence(Sentence(0, len(text), text), None, anchor)


def one(text: str, anchor: date | None = ANCHOR) -> Figure:
    found = figures(text, anchor)
    assert len(found) == 1, [(f.indicator, f.value, f.unit, f.text) for f in found]
    return found[0]


# --- currencies ----------------------------------------------------------------------------

CURRENCIES = [
    ("4 tỷ yên", "JPY", 4e9), ("2,5 nghìn tỷ yen", "JPY", 2.5e12), ("300 tỷ won", "KRW", 3e11),
    ("12 triệu euro", "EUR", 12e6), ("50 triệu rúp", "RUB", 5e7), ("800.000 baht", "THB", 8e5),
    ("20 triệu bạt", "THB", 2e7), ("1,2 tỷ rupee", "INR", 1.2e9), ("3 tỷ ringgit", "MYR", 3e9),
    ("40 triệu peso", "PHP", 4e7), ("15 triệu bảng Anh", "GBP", 1.5e7),
    ("7 triệu franc Thụy Sĩ", "CHF", 7e6), ("5 tỷ đô-la Úc", "AUD", 5e9),
    ("2 tỷ đô la Canada", "CAD", 2e9), ("900 triệu đô-la Singapore", "SGD", 9e8),
    ("10 tỷ đô la Hồng Kông", "HKD", 1e10), ("6 tỷ Đài tệ", "TWD", 6e9),
    ("1,53 nghìn tỷ nhân dân tệ", "CNY", 1.53e12), ("8 tỷ tệ", "CNY", 8e9),
    ("300 tỷ kíp", "LAK", 3e11), ("90 tỷ riel", "KHR", 9e10), ("4.000 tỷ rupiah", "IDR", 4e12),
    ("2 tỷ rupee Pakistan", "PKR", 2e9), ("5 triệu lira", "TRY", 5e6),
    ("56,2 tỷ USD", "USD", 56.2e9), ("3.200 tỷ đồng", "VND", 3.2e12),
]


@pytest.mark.parametrize(("amount", "code", "value"), CURRENCIES)
def test_currency(amount, code, value):
    figure = one(f"Năm 2020, kim ngạch thương mại đạt {amount}.")
    assert (figure.unit, figure.indicator, figure.period) == (code, "trade", "2020")
    assert figure.value == pytest.approx(value)
    if code != "USD":
        assert figure.usd_source == "rate:2020"
        assert figure.value_usd == pytest.approx(value / rates()[(2020, code)], rel=1e-6)


@pytest.mark.parametrize(("text", "code"), [
    ("Năm 2018, chính phủ Argentina treo thưởng 98 triệu peso cho thông tin.", "ARS"),
    ("Năm 2020, Philippines chi 40 triệu peso cho dự án.", "PHP"),
    ("Năm 2020, Pakistan vay thêm 500 tỷ rupee.", "PKR"),
    ("Năm 2020, Ấn Độ chi 500 tỷ rupee.", "INR"),
])
def test_a_currency_several_countries_use(text, code):
    assert one(text).unit == code


def test_a_currency_that_no_longer_exists_gets_no_rate():
    figure = one("Năm 1890, ông dùng 500.000 franc để mua nhà ở Pháp.")
    assert (figure.unit, figure.value_usd, figure.usd_source) == ("FRF", None, None)


def test_every_currency_has_a_rate_for_every_year():
    codes = set(vocabulary().currencies.values()) - {"USD"}
    for code in codes:
        assert {y for y, c in rates() if c == code} == set(range(2015, 2027)), code


def test_rate_years_outside_the_table_take_the_nearest():
    assert to_usd(1e9, "JPY", 1998) == (round(1e9 / rates()[(2015, "JPY")], 2), "rate:2015")
    assert to_usd(1e9, "JPY", 2040)[1] == "rate:2026"


@pytest.mark.parametrize(("text", "value", "usd"), [
    ("SMBC chi khoảng 4 tỷ yên (37 triệu USD) để mua cổ phần.", 4e9, 37e6),
    ("Tập đoàn chi thêm 4.012 tỷ đồng (tương đương 173 triệu USD) để mua cổ phần.", 4.012e12,
     173e6),
    ("Công ty lãi 163,8 tỷ yên, tương đương 1,56 tỷ USD.", 163.8e9, 1.56e9),
])
def test_the_pages_own_conversion_wins(text, value, usd):
    figure = next(f for f in figures(text) if f.unit != "%")
    assert (figure.value, figure.value_usd, figure.usd_source) == (pytest.approx(value), usd,
                                                                   "stated")


def test_a_conversion_into_dong_is_the_same_amount():
    figure = one("Cầu thủ nhận lương 800.000 baht (gần 600 triệu đồng) mỗi tháng.")
    assert (figure.unit, figure.value) == ("THB", 8e5)
    assert figure.usd_source.startswith("rate:")


@pytest.mark.parametrize("text", [
    "Ông ở số 5 Yên Phụ, Hà Nội.", "Chị cùng 3 đồng nghiệp đến dự.",
    "Xã có 5 đồng bào dân tộc sinh sống.", "Anh về quê ở 2 Đồng Tháp.",
])
def test_currency_words_that_are_other_words(text):
    assert figures(text) == []


# --- numbers -------------------------------------------------------------------------------


@st.composite
def vietnamese_amount(draw) -> tuple[str, float]:
    integer = draw(st.integers(0, 10**12))
    decimals = draw(st.one_of(st.just(""), st.text(alphabet="0123456789", min_size=1, max_size=4)))
    grouped = f"{integer:,}".replace(",", ".") if draw(st.booleans()) or integer < 1000 \
        else str(integer)
    scale_word, scale = draw(st.sampled_from([("", 1.0), ("nghìn", 1e3), ("ngàn", 1e3),
                                              ("triệu", 1e6), ("tỷ", 1e9), ("tỉ", 1e9),
                                              ("nghìn tỷ", 1e12), ("triệu tỷ", 1e15)]))
    text = grouped + (f",{decimals}" if decimals else "") + (f" {scale_word}" if scale_word else "")
    return text, float(f"{integer}.{decimals}" if decimals else integer) * scale


@settings(max_examples=300, deadline=None)
@given(vietnamese_amount())
def test_vietnamese_numbers_round_trip(case):
    """"1.234.567,89", "12,5 triệu", "3 nghìn tỷ": the parser gives back the number, alone and
    as a figure in a sentence."""
    text, expected = case
    assert parse_amount(text) == pytest.approx(expected, rel=1e-12)
    if 0 < expected < 1e18:
        (figure,) = figures(f"Năm 2020, kim ngạch đạt {text} USD.")
        assert math.isclose(figure.value, expected, rel_tol=1e-12)


@pytest.mark.parametrize(("text", "value"), [
    ("hai triệu", 2e6), ("nửa triệu", 5e5), ("ba tỷ", 3e9), ("3 triệu 150 nghìn", 3.15e6),
    ("2 tỷ 500 triệu", 2.5e9), ("1.234.567,89", 1234567.89), ("12,5 triệu", 12.5e6),
])
def test_number_words_and_compound_numbers(text, value):
    assert parse_amount(text) == pytest.approx(value)


@pytest.mark.parametrize("text", ["hai", "hàng trăm", "hàng nghìn", "1.5", "abc"])
def test_not_numbers(text):
    assert parse_amount(text) is None


def test_vague_magnitudes_are_not_figures():
    assert figures("Hàng nghìn người đã thiệt mạng và hàng chục tỷ đồng bị thiệt hại.") == []


# --- stakes and shares -----------------------------------------------------------------------


@pytest.mark.parametrize(("text", "value"), [
    ("Ngân hàng bán 49% vốn điều lệ tại công ty tài chính cho đối tác Nhật Bản.", 49),
    ("Tập đoàn sở hữu 15% vốn ngân hàng này từ năm 2008.", 15),
    ("Quỹ đầu tư mua 10% cổ phần tại Công ty cổ phần Cảng biển.", 10),
    ("Đây là công ty mà ngân hàng đang sở hữu 100%.", 100),
    ("Nhờ đó, tỷ lệ nắm giữ của công ty bảo hiểm tại tập đoàn được nâng lên 22,09%.", 22.09),
])
def test_stake(text, value):
    figure = one(text)
    assert (figure.indicator, figure.value, figure.unit) == ("stake", value, "%")


@pytest.mark.parametrize(("text", "values"), [
    ("Tỷ trọng nhóm hàng này đã giảm từ 32% năm 2015 xuống 14,5% năm 2020.", [32, 14.5]),
    ("Hãng chiếm 31% thị trường tai nghe.", [31]),
    ("Hơn 60% các chuyến hàng dầu thô tới khu vực là từ Trung Đông.", [60]),
    ("Hai nước đã hoàn thành 84% công tác phân giới cắm mốc.", [84]),
    ("Hai bên sẽ giải quyết các khu vực còn lại (khoảng 16%) trong thời gian tới.", [16]),
])
def test_share_of_a_total(text, values):
    found = figures(text)
    assert [(f.indicator, f.value) for f in found] == [("share", v) for v in values]


def test_a_level_without_a_total_is_no_figure():
    assert figures("Lãi suất cho vay giảm từ 6% xuống 5,5%.") == []


# --- growth ----------------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "value", "change"), [
    ("Quý I/2021, kim ngạch đạt 2,69 tỷ USD, tăng gấp đôi so với cùng kỳ năm 2020.", 2.69e9, 100),
    ("Doanh thu đạt 5 tỷ USD, tăng gấp 3 lần so với năm trước.", 5e9, 200),
    ("Năm 2020, kim ngạch tiếp tục tăng trưởng gấp đôi so với năm 2019 lên gần 300 triệu USD.",
     3e8, 100),
    ("Lợi nhuận của công ty tăng 11% lên gần 75 tỷ đồng.", 75e9, 11),
    ("Lãi ròng giảm 21% còn 5.396 tỷ đồng.", 5.396e12, -21),
    ("Xuất khẩu đạt 3 tỷ USD, tăng gấp rưỡi.", 3e9, 50),
])
def test_change_of_an_amount(text, value, change):
    figure = one(text)
    assert (figure.value, figure.change_pct) == (pytest.approx(value), change)
    assert figure.indicator != "growth"


@pytest.mark.parametrize(("text", "change"), [
    ("Trong tháng Một, xuất khẩu sang Nhật Bản tăng 7,9%.", 7.9),
    ("Số chuyến bay do thám tăng gấp đôi.", 100),
    ("Sản lượng giảm một nửa.", -50),
    ("Đồng tiền điện tử tăng lên 14% sau dòng trạng thái.", 14),
    ("IMF dự báo kinh tế nước này có thể tăng ở mức 3,6% trong năm nay.", 3.6),
    ("Cuối phiên, mã cổ phiếu này vẫn mất 8,8%.", -8.8),
    ("Tăng trưởng tín dụng của ngân hàng tốt hơn bình quân ngành, khi đạt tới 25,65%.", 25.65),
])
def test_growth_without_an_amount(text, change):
    figure = one(text)
    assert (figure.value, figure.change_pct) == (None, change)


@pytest.mark.parametrize("text", [
    "Diện tích hồ lớn gấp 3 lần sân vận động.",
    "Chip mới cho hiệu năng đồ họa gấp đôi so với máy cũ.",
    "Trong số người được hỏi, 28% cho rằng giá sẽ giảm.",
])
def test_a_comparison_is_not_growth(text):
    assert figures(text) == []


def test_a_share_and_a_growth_in_one_clause():
    found = figures("Hãng bán ra 37 triệu máy, chiếm 11% thị phần và tăng đến 85% so với năm trước.")
    assert [(f.indicator, f.value, f.change_pct) for f in found] == [
        ("share", 11, None), ("growth", None, 85)]


# --- people: casualties, troops, diaspora, population --------------------------------------


def test_casualties():
    found = figures("Các cuộc giao tranh khiến 16 dân thường đã thiệt mạng, 46 người khác bị "
                    "thương, 26 ngôi nhà bị tàn phá và 116 cơ sở dân sinh bị ảnh hưởng.")
    assert [(f.indicator, f.value, f.unit) for f in found] == [
        ("fatalities", 16, "persons"), ("injured", 46, "persons"), ("damage", 26, "houses"),
        ("damage", 116, "facilities")]


@pytest.mark.parametrize(("text", "indicator", "value"), [
    ("Vụ nổ ở kho đạn khiến hai người thiệt mạng.", "fatalities", 2),
    ("Ít nhất 4 quân nhân Syria bị thương sau vụ không kích.", "injured", 4),
    ("Tay súng đã giết 12 người tại một khu chợ.", "fatalities", 12),
    ("Trận động đất nâng số người chết lên 320 người.", "fatalities", 320),
    ("Vụ chìm tàu khiến 53 thủy thủ tử vong.", "fatalities", 53),
    ("Dịch bệnh nâng tổng số ca tử vong tại nước này lên hơn 201.000 người.", "fatalities",
     201000),
    ("Số liệu cho biết số người chết vì Covid-19 chỉ có 10 người.", "fatalities", 10),
])
def test_casualty_clauses(text, indicator, value):
    figure = one(text)
    assert (figure.indicator, figure.value, figure.unit) == (indicator, value, "persons")


def test_a_daily_toll_is_a_rate():
    figure = one("Mỗi ngày trôi qua, nước này có hơn 2.500 người tử vong vì dịch bệnh.")
    assert (figure.indicator, figure.value, figure.unit) == ("fatalities", 2500, "persons/day")


@pytest.mark.parametrize(("text", "value"), [
    ("Nga đã triển khai khoảng 120.000 binh sĩ tới gần biên giới.", 120000),
    ("Cuộc tập trận có sự tham gia của 10.000 quân nhân và 40 tàu chiến.", 10000),
    ("Tính đến cuối năm 2020, Mỹ còn duy trì 2.500 lính đồn trú ở Iraq.", 2500),
])
def test_troops(text, value):
    figure = one(text)
    assert (figure.indicator, figure.value, figure.unit) == ("troops", value, "soldiers")


@pytest.mark.parametrize("text", [
    "Với chỉ 10 người, đội khách chống đỡ vất vả.", "Chị cùng 7 người bạn đi leo núi.",
    "Cả 3 người đều đeo khẩu trang.", "Đội hình có 11 binh sĩ trẻ tuổi.",
    "Cứ 4 phút lại có 1 người tử vong vì dịch bệnh.", "Tỷ lệ là 189 người chết trên 100.000 dân.",
    "Số vụ tai nạn giảm 2 vụ, giảm 1 người chết.",
    "Anh xúc động khi một người hâm mộ qua đời vì bệnh tật.",
    "Có khoảng 500 người Sentinelese đang sống trên đảo.",
])
def test_people_counted_without_saying_what_for_are_no_figures(text):
    assert figures(text) == []


@pytest.mark.parametrize(("text", "indicator", "value"), [
    ("Hơn 140 nghìn kiều dân Việt Nam đang sinh sống tại nước này.", "diaspora", 140e3),
    ("Có trên 1.500 người Việt đang sinh sống làm việc tại Campuchia.", "diaspora", 1500),
    ("Hòn đảo vẫn có khoảng 150 người Mỹ sinh sống tại một ngôi làng.", "diaspora", 150),
    ("Thôn có dân số hơn 1.200 người.", "population", 1200),
    ("Dịch bệnh lan rộng tại đất nước 1,3 tỷ dân.", "population", 1.3e9),
    ("Dự án phục vụ 55 triệu người dân Quảng Tây.", "population", 55e6),
])
def test_diaspora_and_population(text, indicator, value):
    figure = one(text)
    assert (figure.indicator, figure.value, figure.unit) == (indicator, pytest.approx(value),
                                                             "persons")


# --- aid in kind and other counted things --------------------------------------------------


def test_aid_in_kind():
    found = figures("Việt Nam trao tặng Lào 500.000 USD cùng 800 máy thở, 2 triệu khẩu trang "
                    "y tế và 300.000 liều vắc xin.")
    assert [(f.indicator, f.value, f.unit) for f in found] == [
        ("aid", 5e5, "USD"), ("aid", 800, "ventilators"), ("aid", 2e6, "masks"),
        ("aid", 3e5, "doses")]


def test_goods_not_given_are_counts():
    figure = one("Nhà máy sản xuất 2 triệu khẩu trang mỗi ngày.")
    assert (figure.indicator, figure.unit) == ("count", "masks/day")


@pytest.mark.parametrize(("text", "indicator", "unit", "value"), [
    ("Năm 2019, tỉnh đón khoảng 2,7 triệu lượt du khách.", "arrivals", "person-trips", 2.7e6),
    ("Hơn 100 quốc gia đã ký thỏa thuận hợp tác.", "count", "countries", 100),
    ("Hai nước có 12 cặp cửa khẩu trên tuyến biên giới.", "count", "border-gate-pairs", 12),
    ("Mỹ đã thực hiện 65 chuyến bay do thám, chiếc máy bay nhận 5 nhiệm vụ.", "count", "missions",
     5),
    ("Chiếc máy bay trinh thám có 43 lần xuất phát.", "count", "sorties", 43),
    ("Nhật Bản duy trì lượng dự trữ xăng dầu đủ để đáp ứng tiêu dùng trong 200 ngày.",
     "reserves", "days", 200),
    ("Lũ quét gây thiệt hại khoảng 30 tỷ đồng cho ngành giáo dục.", "damage", "VND", 30e9),
])
def test_counted_families(text, indicator, unit, value):
    figure = next(f for f in figures(text) if f.unit == unit)
    assert (figure.indicator, figure.value) == (indicator, pytest.approx(value))


@pytest.mark.parametrize("text", [
    "Trường đề ra 3 nhiệm vụ trọng tâm.", "Bệnh nhân đã cách ly đủ 14 ngày.",
    "Sau 14 ngày, anh được xuất viện.",
])
def test_units_that_need_their_context(text):
    assert figures(text) == []


# --- vetoes: numbers that measure nothing --------------------------------------------------


@pytest.mark.parametrize("text", [
    "Mọi thông tin xin gọi số 0912.345.678 hoặc 1900 1234.",
    "Ngày 28/10/2020, đoàn đến Hà Nội.",
    "Trụ sở đặt tại số 12 phố Lê Lợi.",
    "Đội chủ nhà thắng 2-1 trong trận đấu tối qua.",
    "Ông Nguyễn Văn A, 65 tuổi, đã nghỉ hưu.",
    "Việt Nam xếp thứ 8/116 về chỉ số này.",
    "Việt Nam đứng thứ 8 trong số 116 quốc gia được khảo sát.",
    "Việt Nam là một trong 10 quốc gia có tốc độ tăng trưởng cao.",
    "Theo Nghị định 15/2020/NĐ-CP và Nghị định số 91 của Chính phủ.",
    "Năm 2020 là năm đặc biệt.",
    "Tiền đạo mang áo số 10 ghi 2 bàn.",
    "Tay vợt vừa vượt qua hạt giống số 8 người Bỉ.",
    "Cô lọt top 10 người đẹp nhất thế giới.",
    "Covid-19 đã lan ra khắp thế giới.",
])
def test_not_a_figure(text):
    assert figures(text) == []


def test_sport_figures_say_what_they_measure():
    found = figures("Câu lạc bộ trả 25 triệu euro để có chữ ký của cầu thủ mang áo số 7.")
    assert [(f.value, f.unit) for f in found] == [(25e6, "EUR")]


# --- periods -------------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "period", "inferred"), [
    ("Trong tháng Một, xuất khẩu đạt 2 tỷ USD.", "2021-01", True),
    ("Trong tháng Chạp năm 2020, xuất khẩu đạt 2 tỷ USD.", "2020-12", False),
    ("Tháng 3, xuất khẩu đạt 2 tỷ USD.", "2021-03", True),
    ("Tháng 12, xuất khẩu đạt 2 tỷ USD.", "2020-12", True),
    ("Quý I, xuất khẩu đạt 2 tỷ USD.", "2021-Q1", True),
    ("Quý III/2020, xuất khẩu đạt 2 tỷ USD.", "2020-Q3", False),
    ("Nửa đầu năm, xuất khẩu đạt 2 tỷ USD.", "2021-01/2021-06", True),
    ("Ba tháng đầu năm 2021, xuất khẩu đạt 2 tỷ USD.", "2021-01/2021-03", False),
    ("6 tháng cuối năm 2020, xuất khẩu đạt 2 tỷ USD.", "2020-07/2020-12", False),
    ("Năm ngoái, xuất khẩu đạt 2 tỷ USD.", "2020", True),
    ("Công ty ghi nhận 234,8 tỷ yên chi phí trong 9 tháng tính đến tháng 12/2020.",
     "2020-04/2020-12", False),
    ("Mỹ đã thực hiện 65 chuyến bay do thám trên Biển Đông vào tháng 4.", "2021-04", True),
])
def test_periods(text, period, inferred):
    figure = one(text)
    assert (figure.period, figure.period_inferred) == (period, inferred)


def test_a_year_less_period_without_an_anchor_stays_unknown():
    assert one("Quý I, xuất khẩu đạt 2 tỷ USD.", anchor=None).period is None


@pytest.mark.parametrize(("text", "period"), [
    ("Ngày 28 tháng 4, hai bên ký hợp đồng trị giá 2 tỷ USD.", None),
    ("Dự án vốn 4,2 tỷ USD đã động thổ vào tháng 10/2019.", None),
    ("Năm 2021, kim ngạch đạt 5 tỷ USD, tăng 8% so với năm 2020.", "2021"),
])
def test_what_is_not_the_period(text, period):
    assert one(text).period == period


def test_a_base_of_comparison_is_the_year_before():
    found = figures("Lợi nhuận đạt 163,8 tỷ yên trong ba tháng tính đến tháng 12/2020, giảm so "
                    "với mức 178,9 tỷ yên cùng kỳ năm ngoái.")
    assert [f.period for f in found] == ["2020-10/2020-12", "2019-10/2019-12"]


# --- the documented list and the knowledge base's series -----------------------------------


def test_the_documented_indicators_are_all_listed():
    readme = (__import__("pathlib").Path(__file__).resolve().parents[1] / "README.md").read_text(
        encoding="utf-8")
    section = readme[readme.index("### Figures") :]
    for name in INDICATORS:
        assert f"`{name}`" in section, name


def test_figure_series_never_mix_units(tmp_path):
    page = tmp_path / "xung_dot.txt"
    page.write_text(
        "Giao tranh ở biên giới\n\n"
        "Ngày 20/4/2021, giao tranh ở Ukraine khiến 16 dân thường đã thiệt mạng.\n\n"
        "Ukraine cho biết Nga đã triển khai khoảng 120.000 binh sĩ tới gần biên giới.\n\n"
        "Mỹ đã phê chuẩn gói viện trợ trị giá 125 triệu USD cho Ukraine, cùng 800 máy thở.\n\n"
        "Kim ngạch thương mại Ukraine năm 2020 đạt 3 tỷ euro, tăng 5%.\n", encoding="utf-8")
    engine = store.open_engine(f"sqlite:///{tmp_path / 'kb.db'}")
    try:
        assert Ingester(engine).ingest([str(page)]).failed == 0
        with engine.connect() as conn:
            rows = store.figure_series(conn, None, "Ukraine")
            persons = store.figure_series(conn, None, None, unit="persons")
            money = store.figure_series(conn, "trade", None, unit="USD")
    finally:
        engine.dispose()
    series = {(r["indicator"], r["series_unit"]) for r in rows}
    assert {("fatalities", "persons"), ("troops", "soldiers"), ("aid", "USD"),
            ("aid", "ventilators"), ("trade", "USD")} <= series
    keys = [(r["indicator"], r["series_unit"]) for r in rows]
    assert keys == sorted(keys, key=keys.index)  # grouped: a series is never interleaved
    assert [(r["indicator"], r["value"]) for r in persons] == [("fatalities", 16)]
    assert [(r["unit"], r["value"]) for r in money] == [("EUR", 3e9)]


def _extract(text: str):
    from sukien.pipeline import Pipeline
    from sukien.record import Document

    return Pipeline.build()(Document(path="page.txt", raw=text.encode("utf-8")))


def test_a_figure_stated_only_in_the_sapo_is_found():
    doc = _extract("Xuất khẩu gạo tăng mạnh\n"
                   "Năm 2024, xuất khẩu gạo của Việt Nam đạt 5,7 tỷ USD, tăng 23% so với năm trước.\n"
                   "Các doanh nghiệp cho biết nhu cầu từ châu Phi và Philippines vẫn cao trong "
                   "những tháng cuối năm và giá gạo ổn định ở mức cao.\n"
                   "Bộ Công Thương dự báo thị trường sẽ tiếp tục thuận lợi trong năm tới.\n")
    assert doc.article.lede and "5,7 tỷ USD" in doc.article.lede
    [figure] = [f for f in doc.figures if f.value == 5.7e9]
    assert figure.field == "lede" and figure.unit == "USD"
    assert doc.article.lede[figure.start : figure.end] == figure.evidence


def test_a_sapo_figure_repeated_in_the_body_is_kept_once():
    doc = _extract("Xuất khẩu gạo tăng mạnh\n"
                   "Năm 2024, xuất khẩu gạo của Việt Nam đạt 5,7 tỷ USD, tăng 23% so với năm trước.\n"
                   "Theo Bộ Công Thương, năm 2024 xuất khẩu gạo đạt 5,7 tỷ USD, tăng 23% so với "
                   "năm 2023, nhờ nhu cầu cao từ Philippines và châu Phi.\n"
                   "Bộ Công Thương dự báo thị trường sẽ tiếp tục thuận lợi trong năm tới.\n")
    found = [f for f in doc.figures if f.value == 5.7e9]
    assert [f.field for f in found] == ["body"]
