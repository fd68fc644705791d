from __future__ import annotations

from datetime import date, datetime

import pytest

from sukien.dates import (
    article_anchor,
    complete_year,
    find_dates,
    infer_year,
    iso_day,
    iso_timestamp,
    page_anchor,
    parse_dateline,
    resolve,
    resolve_relative,
)


@pytest.mark.parametrize(
    ("line", "iso"),
    [
        ("Ngày 16/06/2022-14:15:00 PM", "2022-06-16T14:15"),
        ("Ngày 16/06/2022-02:15:00 PM", "2022-06-16T14:15"),
        ("12:05:00 AM 01/02/2024", "2024-02-01T00:05"),
        ("Thứ Hai, 10/03/2025 08:30 (GMT+7)", "2025-03-10T08:30+07:00"),
        ("Cập nhật: 09:12 | 03/10/2025   Lượt xem: 2.317", "2025-10-03T09:12"),
        ("Cập nhật: 12:30 ngày 14/02/2025", "2025-02-14T12:30"),
        ("Chủ nhật, 5/1/2025, 07:00", "2025-01-05T07:00"),
        ("2025-02-14T15:00:00+07:00", "2025-02-14T15:00"),
        ("ngày 14 tháng 2 năm 2025", "2025-02-14"),
    ],
)
def test_absolute_datelines(line, iso):
    assert parse_dateline(line).iso() == iso


def test_yearless_dateline_keeps_time_and_takes_year_from_anchor():
    mention = parse_dateline("15:00 14/02")
    assert (mention.day, mention.month, mention.year, mention.hour) == (14, 2, None, 15)
    assert complete_year(mention, date(2025, 5, 21)).iso() == "2025-02-14T15:00"
    assert complete_year(mention, date(2025, 1, 3)).iso() == "2024-02-14T15:00"


@pytest.mark.parametrize(
    ("line", "seconds"),
    [
        ("2 giờ trước", 7200),
        ("30 phút trước", 1800),
        ("3 ngày trước", 259200),
        ("hôm qua", 86400),
        ("1 tuần trước", 604800),
    ],
)
def test_relative_datelines(line, seconds):
    mention = parse_dateline(line)
    assert mention.ago_seconds == seconds
    assert resolve_relative(mention, datetime(2026, 1, 29, 12)) == datetime(
        2026, 1, 29, 12
    ) - __import__("datetime").timedelta(seconds=seconds)


@pytest.mark.parametrize(
    "line",
    [
        "Sáng 16/5, trong khuôn khổ chuyến công tác",
        "Chuyên mục: Thời sự",
        "33°C",
        "05:30Giới thiệu chương trình",
        "Tổng số lượt xem: 1218",
        "",
    ],
)
def test_not_datelines(line):
    assert parse_dateline(line) is None


@pytest.mark.parametrize(
    ("text", "day", "month", "part"),
    [
        ("Sáng 16/5, Đại sứ", 16, 5, "sáng"),
        ("Chiều 28/10, tại", 28, 10, "chiều"),
        ("Ngày 28/10, tại trụ sở", 28, 10, None),
        ("tổ chức vào ngày 10/6 vừa qua.", 10, 6, None),
        ("Tối 18/11, tại Học viện", 18, 11, "tối"),
    ],
)
def test_day_month_in_text(text, day, month, part):
    (mention,) = find_dates(text)
    assert (mention.day, mention.month, mention.year, mention.part_of_day) == (
        day,
        month,
        None,
        part,
    )


def test_ranges():
    (m,) = find_dates("Từ ngày 12 đến 13-2, cuộc họp Tham vấn")
    assert (m.day, m.end_day, m.month, m.end_month) == (12, 13, 2, 2)
    m = complete_year(m, date(2025, 2, 14))
    assert (m.iso(), m.iso_end()) == ("2025-02-12", "2025-02-13")
    (m,) = find_dates("Từ 9-14/12, Hội những người bạn")
    assert (m.day, m.end_day, m.month) == (9, 14, 12)
    (m,) = find_dates("do Việt Nam đăng cai từ ngày 14-17/4.")
    assert (m.day, m.end_day, m.month) == (14, 17, 4)


def test_month_year_and_full_dates():
    (m,) = find_dates("Lễ ký vào tháng 10/2025 đã đánh dấu")
    assert m.iso() == "2025-10"
    (m,) = find_dates("tại Trùng Khánh, Trung Quốc ngày 7/6/2021.")
    assert m.iso() == "2021-06-07"
    (m,) = find_dates("vào tháng 10 tới")
    assert (m.month, m.day, m.year) == (10, None, None)


@pytest.mark.parametrize(
    "text",
    [
        "hơn 1/5 tổng kim ngạch",
        "giai đoạn 2025–2027",
        "tỷ lệ 3/4 số phiếu",
        "ngày 31/2 không có",
        "số 1.000.000",
    ],
)
def test_not_dates(text):
    assert find_dates(text) == []


def test_infer_year_picks_latest_not_after_anchor():
    assert infer_year(10, 28, date(2025, 12, 18)) == 2025
    assert infer_year(5, 16, date(2026, 1, 26)) == 2025
    assert infer_year(1, 30, date(2026, 1, 29)) == 2026  # two days' grace


def test_page_anchor_ignores_dates_after_reference():
    text = "Lịch 18/12/2025. Kỷ niệm (18/1/1950-18/1/2026). Dự kiến 01/01/2030."
    assert page_anchor(text, datetime(2026, 2, 1)) == date(2026, 1, 18)
    assert page_anchor("không có ngày nào") is None


@pytest.mark.parametrize(("value", "day"), [
    ("2025-02-28", "2025-02-28"), ("2025-02-28T10:00:00+07:00", "2025-02-28"),
    ("2025-02-30", None), ("2025-2-1", None), ("20250228", None), ("x", None), ("", None),
    (None, None)])
def test_iso_day_accepts_only_real_iso_days(value, day):
    found = iso_day(value)
    assert (found.isoformat() if found else None) == day


# --- resolve / article_anchor / iso_timestamp: the contract events and figures share --------


def test_resolve_completes_the_year_from_the_anchor_and_says_so():
    (m,) = find_dates("Chiều 18/6, hai bên hội đàm")
    resolved, inferred = resolve(m, date(2025, 7, 2))
    assert (resolved.iso(), inferred) == ("2025-06-18", True)
    resolved, inferred = resolve(m, date(2025, 3, 2))  # not after the page's own day
    assert resolved.year == 2024 and inferred


def test_resolve_falls_back_on_the_reference_time():
    (m,) = find_dates("ngày 4/7 tới")
    resolved, inferred = resolve(m, None, datetime(2026, 7, 10, 9))
    assert (resolved.iso(), inferred) == ("2026-07-04", True)


def test_resolve_forward_for_plans():
    (m,) = find_dates("dự kiến vào ngày 5/1")
    assert resolve(m, date(2025, 12, 20), forward=True)[0].iso() == "2026-01-05"
    assert resolve(m, date(2025, 12, 20))[0].iso() == "2025-01-05"


def test_resolve_leaves_printed_and_unknowable_dates_alone():
    (m,) = find_dates("ngày 7/6/2021")
    assert resolve(m, date(2025, 1, 1)) == (m, False)
    (m,) = find_dates("Sáng 16/5, đoàn")
    assert resolve(m, None, None) == (m, False)


def test_resolve_relative_against_the_reference():
    m = parse_dateline("2 giờ trước")
    resolved, inferred = resolve(m, None, datetime(2026, 1, 29, 12))
    assert (resolved.iso(), inferred) == ("2026-01-29T10:00", True)
    m = parse_dateline("3 ngày trước")
    assert resolve(m, None, datetime(2026, 1, 29, 12))[0].iso() == "2026-01-26"


def test_article_anchor_prefers_the_printed_date():
    assert article_anchor("2025-03-04T09:10", "2025-03-04T09:10") == (date(2025, 3, 4), False)
    assert article_anchor(None, "2025-03-04", True) == (date(2025, 3, 4), True)
    assert article_anchor(None, None, False, datetime(2026, 2, 1, 9)) == (date(2026, 2, 1), True)
    assert article_anchor(None, None) == (None, False)


def test_anniversary_span_is_one_flagged_mention():
    (m,) = find_dates("Kỷ niệm 45 năm Ngày thiết lập quan hệ ngoại giao (7/1/1972–7/1/2017).")
    assert m.anniversary and (m.iso(), m.iso_end()) == ("1972-01-07", "2017-01-07")
    (m,) = find_dates("áp dụng từ 1/3/2026 đến 31/12/2026")
    assert not m.anniversary and (m.iso(), m.iso_end()) == ("2026-03-01", "2026-12-31")


@pytest.mark.parametrize(
    ("value", "iso"),
    [
        ("2026-03-07T08:52:11.000 +07:00", "2026-03-07T08:52:11+07:00"),
        ("2025-03-10 08:30", "2025-03-10T08:30"),
        ("2025-10-22T19:25:52+0700", "2025-10-22T19:25:52+07:00"),
        ("2025-10-22T19:25:52Z", "2025-10-22T19:25:52Z"),
        ("2025-10-22", "2025-10-22"),
        ("2025-02-30T10:00", None),
        ("07/03/2026 08:47", None),
        (None, None),
    ],
)
def test_iso_timestamp(value, iso):
    assert iso_timestamp(value) == iso
    if iso:
        datetime.fromisoformat(iso)
