"""The period a figure is about, as the clause names it.

Labels: ``2024`` (a year), ``2025-10`` (a month), ``2025-Q1`` (a quarter),
``2025-01/2025-06`` (a span of months: "6 tháng đầu năm 2025", "nửa đầu năm", "9 tháng tính
đến tháng 12/2020"), ``2019/2021`` (a span of years, "giai đoạn 2019-2021").

Months are written with digits ("tháng 4/2021", "tháng 4 năm 2021") or, capitalised, with
their names ("tháng Một" … "tháng Mười Hai", "tháng Giêng", "tháng Chạp"); quarters in Roman
or Arabic numerals ("quý I/2021", "quý 3 năm 2020"); spans of months with digits or number
words ("ba tháng đầu năm", "6 tháng cuối năm"). A period written without its year
("tháng 4", "quý I", "nửa đầu năm", "năm nay", "năm ngoái") takes the year of the page's
anchor date that puts its first month latest on or before the anchor — the rule year-less
dates follow (:func:`sukien.dates.infer_year`) — and is flagged ``inferred``. Without an
anchor such a period stays unknown. A comparison base ("so với cùng kỳ năm 2024") is never
the period.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from .dates import infer_year

_Y = r"(?P<y>(?:19|20)\d\d)"
_YEAR_AFTER = rf"(?:\s*(?:/|-|năm)\s*{_Y}(?!\d)|\s+năm\s+(?P<rel>nay|ngoái|trước)(?!\w))?"
_YEAR_WORD = rf"(?:\s+{_Y}(?!\d)|\s+(?P<rel>nay|ngoái)(?!\w))?"
_COUNT_WORDS = {"một": 1, "hai": 2, "ba": 3, "bốn": 4, "năm": 5, "sáu": 6, "bảy": 7, "bẩy": 7,
                "tám": 8, "chín": 9, "mười": 10, "mười một": 11, "mười hai": 12}
_COUNT = rf"(?P<n>1[0-2]|0?[1-9]|{'|'.join(sorted(_COUNT_WORDS, key=len, reverse=True))})"
_MONTH_NAMES = {"Giêng": 1, "Một": 1, "Hai": 2, "Ba": 3, "Tư": 4, "Năm": 5, "Sáu": 6, "Bảy": 7,
                "Tám": 8, "Chín": 9, "Mười": 10, "Mười Một": 11, "Mười một": 11,
                "Mười Hai": 12, "Mười hai": 12, "Chạp": 12}
_QUARTERS = {"I": 1, "II": 2, "III": 3, "IV": 4, "1": 1, "2": 2, "3": 3, "4": 4}
_RELATIVE_YEARS = {"nay": 0, "ngoái": -1, "trước": -1}

# In order of precision: the first kind found in the text wins, its last mention if several.
_KINDS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("ending", re.compile(
        rf"(?<!\w){_COUNT}\s+tháng\s+(?:tính\s+)?(?:đến|tới)\s+(?:hết\s+|cuối\s+)?tháng\s+"
        rf"(?P<m>1[0-2]|0?[1-9])(?![\d])" + _YEAR_AFTER, re.IGNORECASE)),
    ("half", re.compile(
        rf"(?<!\w)(?:nửa|6 tháng|sáu tháng)\s+(?P<which>đầu|cuối|sau)\s+năm(?!\w){_YEAR_WORD}",
        re.IGNORECASE)),
    ("months", re.compile(
        rf"(?<!\w){_COUNT}\s+tháng\s+(?:(?P<which>đầu|cuối)\s+)?năm(?!\w)"
        rf"(?:\s+{_Y}(?!\d)|\s+(?P<rel>nay|ngoái)(?!\w))", re.IGNORECASE)),
    ("months", re.compile(
        rf"(?<!\w){_COUNT}\s+tháng\s+(?P<which>đầu|cuối)\s+năm(?!\w)", re.IGNORECASE)),
    ("quarter", re.compile(
        r"(?<!\w)quý\s+(?P<q>IV|I{1,3}|[1-4])(?![\w/])" + _YEAR_AFTER, re.IGNORECASE)),
    ("quarter", re.compile(
        rf"(?<!\w)quý\s+(?P<q>IV|I{{1,3}}|[1-4])\s*/\s*{_Y}(?!\d)", re.IGNORECASE)),
    ("month", re.compile(
        r"(?<!\w)tháng\s+(?P<m>1[0-2]|0?[1-9])(?![\d/]|\s*-\s*\d{1,2}(?!\d))" + _YEAR_AFTER,
        re.IGNORECASE)),
    ("month", re.compile(
        rf"(?<!\w)tháng\s+(?P<m>1[0-2]|0?[1-9])\s*[/-]\s*{_Y}(?!\d)", re.IGNORECASE)),
    ("month", re.compile(
        rf"(?<!\w)[Tt]háng\s+(?P<name>{'|'.join(sorted(_MONTH_NAMES, key=len, reverse=True))})"
        rf"(?!\w){_YEAR_AFTER}")),
    ("range", re.compile(
        r"(?<!\w)giai đoạn\s+(?P<y>(?:19|20)\d\d)\s*[-–]\s*(?P<y2>(?:19|20)\d\d)", re.IGNORECASE)),
    ("year", re.compile(rf"(?<!\w)năm\s+(?:{_Y}(?!\d)|(?P<rel>nay|ngoái)(?!\w))", re.IGNORECASE)),
)
_PRECISION = {"ending": 0, "half": 1, "months": 2, "quarter": 3, "month": 4, "range": 5,
              "year": 6}
_COMPARISON = re.compile(r"(?:so với|cùng kỳ)[^,;]*", re.IGNORECASE)
_DAY_BEFORE = re.compile(r"(?:ngày|hôm)\s+[0-3]?\d\s+$", re.IGNORECASE)
_EXPLICIT_YEAR = re.compile(rf"(?<!\w)năm\s+{_Y}(?!\d)", re.IGNORECASE)
_AFTER = re.compile(r"(?<!\w)(?:trong|vào)\s+$", re.IGNORECASE)
_NEW_PREDICATE = re.compile(r"(?<!\w)(?:đã|sẽ|được|bị|đang|khi|nhưng|và|để)(?!\w)",
                            re.IGNORECASE)


@dataclass(slots=True, frozen=True)
class Period:
    label: str
    inferred: bool = False


class SentencePeriods:
    """Every period a sentence names, found once; :meth:`within` picks the one for a span."""

    __slots__ = ("_found",)

    def __init__(self, text: str, anchor: date | None) -> None:
        masked = _COMPARISON.sub(lambda m: " " * len(m.group(0)), text)
        self._found: list[tuple[int, int, int, Period]] = []
        if "năm" not in masked and "tháng" not in masked and "quý" not in masked.lower() \
                and "giai đoạn" not in masked.lower() and "Năm" not in masked \
                and "Tháng" not in masked:
            return
        for kind, pattern in _KINDS:
            for match in pattern.finditer(masked):
                period = _label(kind, match, masked, anchor)
                if period is not None:
                    self._found.append((match.start(), match.end(), _PRECISION[kind], period))

    def within(self, start: int, end: int) -> Period | None:
        """The most precise period inside ``[start, end)``, its last mention."""
        best: tuple[int, int, Period] | None = None
        for found_start, found_end, precision, period in self._found:
            if found_start >= start and found_end <= end:
                rank = (precision, -found_start)
                if best is None or rank < best[:2]:
                    best = (*rank, period)
        return best[2] if best else None


def period_after(text: str, anchor: date | None) -> Period | None:
    """A period right after an amount in the same predicate: "65 chuyến bay … vào tháng 4",
    "43 lần xuất phát trong tháng 4"; not "… đã động thổ vào tháng 10/2019"."""
    tail = re.split(r"[,;.()]", text[:90], maxsplit=1)[0]
    found = _first(tail, anchor)
    if found is None:
        return None
    start, period = found
    gap = tail[:start]
    if not _AFTER.search(gap) or len(gap.split()) > 8 or _NEW_PREDICATE.search(gap):
        return None
    return period


def _first(text: str, anchor: date | None) -> tuple[int, Period] | None:
    found: tuple[int, Period] | None = None
    for kind, pattern in _KINDS:
        for match in pattern.finditer(text):
            period = _label(kind, match, text, anchor)
            if period is not None and (found is None or match.start() < found[0]):
                found = (match.start(), period)
            break
    return found


def _label(kind: str, match: re.Match[str], text: str, anchor: date | None) -> Period | None:
    groups = match.groupdict()
    if kind == "range":
        return Period(f"{groups['y']}/{groups['y2']}")
    if kind == "month" and _DAY_BEFORE.search(text, 0, match.start()):
        return None  # "ngày 28 tháng 4" is a day, not the month a figure is about
    first, last = _months(kind, groups)
    year, inferred = _year(groups, first if kind != "ending" else last, text[: match.start()],
                           anchor)
    if year is None:
        return None
    if kind == "year":
        return Period(str(year), inferred)
    if kind == "quarter":
        return Period(f"{year}-Q{_QUARTERS[groups['q'].upper()]}", inferred)
    if first == last:
        return Period(f"{year}-{first:02d}", inferred)
    if kind == "ending":  # "9 tháng tính đến tháng 3/2021" starts in 2020
        start_year, first = (year, first) if first >= 1 else (year - 1, first + 12)
        return Period(f"{start_year}-{first:02d}/{year}-{last:02d}", inferred)
    return Period(f"{year}-{first:02d}/{year}-{last:02d}", inferred)


def _months(kind: str, groups: dict[str, str | None]) -> tuple[int, int]:
    """First and last month of the period (month 0 or less: the year before)."""
    if kind == "year":
        return 1, 12
    if kind == "quarter":
        quarter = _QUARTERS[(groups["q"] or "1").upper()]
        return 3 * quarter - 2, 3 * quarter
    if kind == "month":
        month = int(groups["m"]) if groups.get("m") else _MONTH_NAMES[groups["name"] or "Một"]
        return month, month
    if kind == "half":
        return (1, 6) if (groups["which"] or "").lower() == "đầu" else (7, 12)
    count = _count(groups["n"] or "1")
    if kind == "ending":
        last = int(groups["m"] or 12)
        return last - count + 1, last
    if (groups.get("which") or "đầu").lower() == "cuối":
        return 13 - min(count, 12), 12
    return 1, min(count, 12)


def _count(text: str) -> int:
    return int(text) if text.isdigit() else _COUNT_WORDS[text.lower()]


def _year(groups: dict[str, str | None], month: int, before: str,
          anchor: date | None) -> tuple[int | None, bool]:
    if groups.get("y"):
        return int(groups["y"]), False
    if groups.get("rel"):
        if anchor is None:
            return None, False
        return anchor.year + _RELATIVE_YEARS[groups["rel"].lower()], True
    explicit = list(_EXPLICIT_YEAR.finditer(before))
    if explicit:  # "Năm 2020, … riêng tháng 4, …"
        return int(explicit[-1].group("y")), False
    if anchor is None:
        return None, False
    return infer_year(max(1, month), 1, anchor), True
