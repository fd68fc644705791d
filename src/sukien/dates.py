"""Vietnamese date and time expressions.

Handles what news pages actually print: datelines ("Ngày 16/06/2022-14:15:00 PM",
"15:00 14/02", "Thứ Hai, 10/03/2025 08:30 (GMT+7)", "2 giờ trước") and dates in
running text ("Sáng 16/5", "Ngày 28/10", "Từ ngày 12 đến 13-2", "từ 9-14/12",
"vào tháng 10/2025", "ngày 10/6 vừa qua", "ngày 14 tháng 2 năm 2025").
A day/month without a year is completed from an *anchor* — the latest full date
the page itself prints that is not after the reference time.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta

from .normalize import fold

_POD = r"(?P<pod>rạng sáng|sáng sớm|sáng|trưa|chiều tối|chiều|tối|đêm|khuya)"
_CUE = rf"(?:{_POD}\s+(?:ngày\s+|hôm\s+|nay\s+)?|(?:vào\s+)?(?:ngày|hôm)\s+)"
_D = r"(?P<d>[0-3]?\d)"
_M = r"(?P<m>[01]?\d)"
_Y = r"(?P<y>(?:19|20)\d\d)"
_SEP = r"\s*[/.\-]\s*"
_SLASH = r"\s*[/\-]\s*"
_TIME = (
    r"(?P<H>[0-2]?\d)\s*(?::|h|giờ)\s*(?P<Mi>[0-5]\d)(?:\s*:\s*(?P<S>[0-5]\d))?"
    r"(?:\s*(?P<ampm>AM|PM|SA|CH)\b)?"
)
_NOT_DIGIT_AFTER = r"(?![\d/])"

_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (name, re.compile(pattern, re.I))
    for name, pattern in (
        (
            "iso",
            r"\b(?P<y>(?:19|20)\d\d)-(?P<m>[01]\d)-(?P<d>[0-3]\d)"
            r"(?:[T ](?P<H>[0-2]\d):(?P<Mi>[0-5]\d)(?::(?P<S>[0-5]\d))?)?",
        ),
        (
            "span",
            rf"(?<![\d/]){_D}{_SEP}{_M}{_SEP}{_Y}\s*(?:-|–|—|đến|tới)\s*"
            r"(?P<d2>[0-3]?\d)\s*[/.\-]\s*(?P<m2>[01]?\d)\s*[/.\-]\s*(?P<y2>(?:19|20)\d\d)(?!\d)",
        ),
        (
            "range",
            rf"(?:{_CUE}|từ\s+(?:ngày\s+)?)(?P<d1>[0-3]?\d)\s*(?:-|–|đến|tới)\s*"
            rf"(?:ngày\s+)?(?P<d2>[0-3]?\d){_SLASH}(?P<m>[01]?\d)(?:{_SEP}{_Y})?"
            rf"{_NOT_DIGIT_AFTER}",
        ),
        ("verbal", rf"(?:{_POD}\s+)?ngày\s+{_D}\s+tháng\s+{_M}(?:\s*(?:năm|,)\s*{_Y})?"),
        ("full", rf"(?:{_CUE})?\b{_D}{_SEP}{_M}{_SEP}{_Y}\b"),
        ("daymonth", rf"{_CUE}{_D}{_SLASH}{_M}{_NOT_DIGIT_AFTER}"),
        ("monthyear", rf"\btháng\s+{_M}\s*(?:/|-|năm)\s*{_Y}\b"),
        (
            "month",
            r"\b(?:vào\s+|trong\s+|từ\s+|đầu\s+|cuối\s+|giữa\s+)tháng\s+(?P<m>[01]?\d)\b"
            r"(?!\s*[/\-]\s*\d|\s+năm)",
        ),
    )
)
_RELATIVE = re.compile(
    r"(?P<n>\d+)\s*(?P<unit>giây|phút|giờ|tiếng|ngày|tuần|tháng|năm)\s+trước|"
    r"(?P<word>vừa xong|hôm qua|hôm kia|hôm nay)",
    re.I,
)
_UNIT_SECONDS = {
    "giây": 1,
    "phút": 60,
    "giờ": 3600,
    "tiếng": 3600,
    "ngày": 86400,
    "tuần": 7 * 86400,
    "tháng": 30 * 86400,
    "năm": 365 * 86400,
}
_WORD_DAYS = {"vừa xong": 0, "hôm nay": 0, "hôm qua": 1, "hôm kia": 2}
_ZONE = re.compile(r"\b(?:GMT|UTC)\s*([+-])\s*(\d{1,2})(?::?(\d{2}))?", re.I)
_DATELINE_FILLER = re.compile(
    r"\b(?:thứ\s+(?:hai|ba|tư|năm|sáu|bảy|2|3|4|5|6|7)|chủ\s+nhật|cn|t[2-7]|ngày|cập nhật|"
    r"đăng(?: lúc| ngày)?|lúc|thời gian|gmt\s*[+-]\s*\d+|utc\s*[+-]?\s*\d*|giờ|hà nội|"
    r"published|updated|lượt (?:xem|đọc)\s*:?\s*[\d.,]+)\b|[|,()\-–:/•·]",
    re.I,
)


@dataclass(slots=True, frozen=True)
class DateMention:
    """A date (or range, or relative time) found in text; parts not stated are None."""

    text: str
    start: int
    end: int
    day: int | None = None
    month: int | None = None
    year: int | None = None
    hour: int | None = None
    minute: int | None = None
    second: int | None = None
    end_day: int | None = None
    end_month: int | None = None
    end_year: int | None = None
    part_of_day: str | None = None
    ago_seconds: int | None = None
    zone: str | None = None
    # "(7/1/1972–7/1/2017)": the same day and month in two years, an anniversary span
    # printed beside a name or an occasion, never the date of the act the sentence reports
    anniversary: bool = False

    @property
    def is_relative(self) -> bool:
        return self.ago_seconds is not None

    @property
    def needs_year(self) -> bool:
        return self.month is not None and self.year is None

    def with_year(self, year: int) -> DateMention:
        end_year = self.end_year
        if self.end_month is not None and end_year is None:
            end_year = year + 1 if (self.end_month or 0) < (self.month or 0) else year
        return replace(self, year=year, end_year=end_year)

    def iso(self) -> str | None:
        out = _iso(self.year, self.month, self.day, self.hour, self.minute, self.second)
        return out + self.zone if out and self.zone and self.hour is not None else out

    def iso_end(self) -> str | None:
        if self.end_day is None:
            return None
        return _iso(self.end_year, self.end_month, self.end_day)

    def as_date(self) -> date | None:
        if self.year and self.month and self.day:
            try:
                return date(self.year, self.month, self.day)
            except ValueError:
                return None
        return None


def iso_day(value: str | None) -> date | None:
    """The calendar day a "YYYY-MM-DD…" string starts with, or None when it does not start
    with one or names no real day ("2025-02-30" in a page's metadata)."""
    if not value or not re.match(r"\d{4}-\d{2}-\d{2}", value):
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def _iso(year, month, day, hour=None, minute=None, second=None) -> str | None:
    if year is None:
        return None
    if month is None:
        return f"{year:04d}"
    if day is None:
        return f"{year:04d}-{month:02d}"
    out = f"{year:04d}-{month:02d}-{day:02d}"
    if hour is not None:
        out += f"T{hour:02d}:{minute or 0:02d}"
        if second:
            out += f":{second:02d}"
    return out


def _valid(day: int | None, month: int | None, year: int | None = None) -> bool:
    if month is not None and not 1 <= month <= 12:
        return False
    if day is not None and not 1 <= day <= 31:
        return False
    if day is not None and month is not None:
        try:
            date(year or 2024, month, day)  # 2024: a leap year admits 29/2
        except ValueError:
            return False
    return True


def _num(match: re.Match[str], name: str) -> int | None:
    value = match.groupdict().get(name)
    return int(value) if value else None


def _mention(kind: str, match: re.Match[str], offset: int = 0) -> DateMention | None:
    pod = match.groupdict().get("pod")
    common = {
        "text": match.group(0),
        "start": match.start() + offset,
        "end": match.end() + offset,
        "part_of_day": pod.lower() if pod else None,
    }
    year, month = _num(match, "y"), _num(match, "m")
    if kind == "span":
        return _span(match, common)
    if kind == "range":
        d1, d2 = _num(match, "d1"), _num(match, "d2")
        if not (_valid(d1, month, year) and _valid(d2, month, year)) or d1 is None or d2 is None:
            return None
        if d2 < d1:
            return None
        return DateMention(
            day=d1, month=month, year=year, end_day=d2, end_month=month, end_year=year, **common
        )
    day = _num(match, "d")
    if not _valid(day, month, year):
        return None
    return DateMention(
        day=day,
        month=month,
        year=year,
        hour=_num(match, "H"),
        minute=_num(match, "Mi"),
        second=_num(match, "S"),
        **common,
    )


def _span(match: re.Match[str], common: dict) -> DateMention | None:
    day, month, year = _num(match, "d"), _num(match, "m"), _num(match, "y")
    end = _num(match, "d2"), _num(match, "m2"), _num(match, "y2")
    if not (_valid(day, month, year) and _valid(*end)) or None in (day, month, year, *end):
        return None
    if (end[2], end[1], end[0]) < (year, month, day):  # type: ignore[operator]
        return None
    return DateMention(
        day=day, month=month, year=year, end_day=end[0], end_month=end[1], end_year=end[2],
        anniversary=end[2] != year and (end[0], end[1]) == (day, month), **common,
    )


def find_dates(text: str) -> list[DateMention]:
    """All date mentions in running text, left to right, longest match winning."""
    found: list[DateMention] = []
    taken: list[tuple[int, int]] = []
    for kind, pattern in _PATTERNS:
        for match in pattern.finditer(text):
            if any(match.start() < e and s < match.end() for s, e in taken):
                continue
            mention = _mention(kind, match)
            if mention is not None:
                found.append(mention)
                taken.append((match.start(), match.end()))
    return sorted(found, key=lambda m: m.start)


def _apply_time(mention: DateMention, line: str) -> DateMention:
    rest = line[: mention.start] + " " + line[mention.end :]
    match = re.search(_TIME, rest, re.I)
    if not match or mention.hour is not None:
        return mention
    hour, minute = int(match.group("H")), int(match.group("Mi"))
    second = int(match.group("S")) if match.group("S") else None
    ampm = (match.group("ampm") or "").upper()
    if ampm in ("PM", "CH") and hour < 12:
        hour += 12
    elif ampm in ("AM", "SA") and hour == 12:
        hour = 0
    if hour > 23:
        return mention
    return replace(mention, hour=hour, minute=minute, second=second)


def parse_dateline(line: str) -> DateMention | None:
    """The date of a line that is nothing but a date/time stamp, else None."""
    stripped = line.strip()
    if not stripped or len(stripped) > 80:
        return None
    relative = parse_relative(stripped)
    if relative is not None and len(fold(stripped).split()) <= 5:
        return relative
    mention = _dateline_date(stripped)
    if mention is None:
        return None
    mention = _apply_time(mention, stripped)
    zone = _ZONE.search(stripped)
    if zone:
        sign, hours, minutes = zone.groups()
        mention = replace(mention, zone=f"{sign}{int(hours):02d}:{minutes or '00'}")
    leftover = stripped[: mention.start] + " " + stripped[mention.end :]
    leftover = re.sub(_TIME, " ", leftover, flags=re.I)
    leftover = _DATELINE_FILLER.sub(" ", leftover)
    words = [w for w in leftover.split() if not re.fullmatch(r"[\W\d_]+", w)]
    return mention if len(words) <= 1 else None


def _dateline_date(line: str) -> DateMention | None:
    for kind, pattern in _PATTERNS:
        match = pattern.search(line)
        if match:
            mention = _mention(kind, match)
            if mention is not None:
                return mention
    # A bare "14/02" is a date only on a line of its own (a dateline).
    time_free = re.sub(_TIME, lambda m: " " * len(m.group(0)), line, flags=re.I)
    match = re.search(rf"(?<![\d:]){_D}{_SLASH}{_M}{_NOT_DIGIT_AFTER}", time_free)
    return _mention("daymonth", match) if match else None


def parse_relative(text: str) -> DateMention | None:
    match = _RELATIVE.search(text)
    if not match:
        return None
    if match.group("word"):
        seconds = _WORD_DAYS[match.group("word").lower()] * 86400
    else:
        seconds = int(match.group("n")) * _UNIT_SECONDS[match.group("unit").lower()]
    return DateMention(
        text=match.group(0), start=match.start(), end=match.end(), ago_seconds=seconds
    )


def resolve_relative(mention: DateMention, reference: datetime) -> datetime:
    return reference - timedelta(seconds=mention.ago_seconds or 0)


def infer_year(month: int, day: int | None, anchor: date) -> int:
    """The year that puts day/month latest on or before ``anchor`` (two days' grace)."""
    year = anchor.year
    try:
        candidate = date(year, month, day or 1)
    except ValueError:
        return year
    return year - 1 if candidate > anchor + timedelta(days=2) else year


_FULL_DATE = re.compile(r"(?<!\d)([0-3]?\d)\s*[/.\-]\s*([01]?\d)\s*[/.\-]\s*((?:19|20)\d\d)(?!\d)")


def page_anchor(text: str, reference: datetime | None = None) -> date | None:
    """The latest full date printed anywhere on the page, not after ``reference``."""
    limit = reference.date() + timedelta(days=1) if reference else None
    best: date | None = None
    for match in _FULL_DATE.finditer(text):
        day, month, year = (int(g) for g in match.groups())
        if not _valid(day, month, year):
            continue
        candidate = date(year, month, day)
        if limit is not None and candidate > limit:
            continue
        if best is None or candidate > best:
            best = candidate
    return best


def complete_year(mention: DateMention, anchor: date | None) -> DateMention:
    if not mention.needs_year or anchor is None or mention.month is None:
        return mention
    return mention.with_year(infer_year(mention.month, mention.day, anchor))


# --- resolution: the contract the article, events and figures stages share ------------------


def resolve(
    mention: DateMention,
    anchor: date | None,
    reference: datetime | date | None = None,
    *,
    forward: bool = False,
) -> tuple[DateMention, bool]:
    """Complete ``mention`` into a calendar date and say whether anything was inferred.

    Returns ``(resolved, inferred)``:

    * a mention that prints its year ("7/1/2017", "tháng 3/2025") comes back unchanged,
      ``inferred`` False;
    * a year-less mention ("Chiều 18/6", "ngày 4/7", "tháng 10") takes the year that puts it
      latest on or before ``anchor`` (two days' grace; with ``forward=True``, for plans and
      announcements, the first on or after it), else before ``reference`` when the page gives
      no anchor; ``inferred`` True;
    * a relative mention ("2 giờ trước", "hôm qua") is counted back from ``reference``
      (else from ``anchor``); ``inferred`` True;
    * with neither an anchor nor a reference the mention comes back as it is, ``inferred``
      False (its ``year`` stays None, so callers can tell it is unresolved).

    ``anchor`` is the article's own day (see :func:`article_anchor`); ``reference`` is the
    capture time (``--reference-time``, a file's mtime, a WARC-Date). An anniversary span
    (``mention.anniversary``) is returned like any dated mention: callers that want the
    date of an act skip those themselves.
    """
    if mention.is_relative:
        base = reference or anchor
        if base is None:
            return mention, False
        when = base if isinstance(base, datetime) else datetime(base.year, base.month, base.day)
        at = resolve_relative(mention, when)
        keep_time = mention.ago_seconds is not None and mention.ago_seconds < 86400
        return replace(
            mention, year=at.year, month=at.month, day=at.day,
            hour=at.hour if keep_time else None, minute=at.minute if keep_time else None,
        ), True
    if not mention.needs_year or mention.month is None:
        return mention, False
    day = anchor or (reference.date() if isinstance(reference, datetime) else reference)
    if day is None:
        return mention, False
    if forward:
        later = (mention.month, mention.day or 1) >= (day.month, day.day)
        return mention.with_year(day.year if later else day.year + 1), True
    return mention.with_year(infer_year(mention.month, mention.day, day)), True


def article_anchor(
    published: str | None,
    published_resolved: str | None = None,
    published_inferred: bool = False,
    reference: datetime | date | None = None,
) -> tuple[date | None, bool]:
    """The day an article's year-less dates are read against, and whether it is inferred.

    The printed publication time (``published``) first; else ``published_resolved`` with the
    article's own ``published_inferred`` flag; else the reference time (inferred). ``(None,
    False)`` when nothing is known. Pass an :class:`~sukien.record.Article`'s fields::

        anchor, inferred = article_anchor(a.published, a.published_resolved,
                                          a.published_inferred, doc.reference_time)
    """
    printed = iso_day(published)
    if printed is not None:
        return printed, False
    resolved = iso_day(published_resolved)
    if resolved is not None:
        return resolved, bool(published_inferred)
    if isinstance(reference, datetime):
        return reference.date(), True
    if isinstance(reference, date):
        return reference, True
    return None, False


_TIMESTAMP = re.compile(
    r"(?P<date>\d{4}-\d{2}-\d{2})"
    r"(?:[T ]\s*(?P<time>[0-2]\d:[0-5]\d(?::[0-5]\d)?)(?:[.,]\d+)?)?"
    r"\s*(?P<zone>Z|[+-][01]\d(?::?[0-5]\d)?)?$",
    re.I,
)


def iso_timestamp(value: str | None) -> str | None:
    """A page's timestamp as valid ISO-8601, or None when it names no real day.

    "2026-03-07T08:52:11.000 +07:00" → "2026-03-07T08:52:11+07:00", "2025-03-10 08:30" →
    "2025-03-10T08:30", "2025-10-22T19:25:52+0700" → "2025-10-22T19:25:52+07:00".
    """
    if not value:
        return None
    match = _TIMESTAMP.match(value.strip())
    if not match or iso_day(match.group("date")) is None:
        return None
    out = match.group("date")
    if match.group("time"):
        hour = int(match.group("time")[:2])
        if hour > 23:
            return out
        out += "T" + match.group("time")
        zone = (match.group("zone") or "").upper()
        if zone == "Z":
            out += "Z"
        elif zone:
            digits = zone[1:].replace(":", "")
            out += f"{zone[0]}{digits[:2]}:{digits[2:4] or '00'}"
    return out
