"""Stage ``figures``: money amounts, percentages and counts in Vietnamese number format.

"1,53 nghìn tỷ nhân dân tệ (211 tỷ đô-la Mỹ), tăng 5,8% so với cùng kỳ năm 2024"
→ value 1.53e12 CNY, value_usd 2.11e11 (stated), change_pct 5.8. Numbers use the
Vietnamese convention (``.`` groups thousands, ``,`` is the decimal mark); scale
words (nghìn, triệu, tỷ, nghìn tỷ), currencies, counted units, qualifiers and
indicator keywords come from ``data/figures.toml``; conversions the page does not
state use the yearly average rates in ``data/rates.tsv``.

Each figure is read within its clause (the stretch of the sentence between ``;``
and the next amount), so a growth rate attaches to the amount it follows and the
period is the one named before the amount, not the comparison base after it.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import cache

from .intervals import SpanIndex
from .normalize import alternation
from .record import Document, Entity, Figure
from .resources import read_toml, read_tsv
from .sentences import Sentence

_NUM = r"(?<![\d/.,:\-])(?:\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?)(?![\d/:]|[.,]\d|-\d)"
MAX_VALUE = 1e18  # larger than any economy: a bigger number is noise, not a figure
_PCT_WORDS = r"%|\s?phần trăm"
_CHANGE = re.compile(
    rf"(?P<dir>tăng|giảm|tăng trưởng|sụt giảm)\s+(?:(?:khoảng|gần|hơn|trên)\s+)?"
    rf"(?P<num>{_NUM})\s*(?:{_PCT_WORDS})"
)
_PERIOD_PATTERNS = tuple(
    (re.compile(pattern, re.IGNORECASE), kind)
    for pattern, kind in (
        (r"nửa đầu năm\s+((?:19|20)\d\d)", "h1"),
        (r"(\d+)\s+tháng\s+(?:đầu\s+)?năm\s+((?:19|20)\d\d)", "months"),
        (r"quý\s+(I{1,3}|IV|[1-4])\s*(?:/|năm\s+)((?:19|20)\d\d)", "quarter"),
        (r"tháng\s+(\d{1,2})\s*(?:/|năm\s+)((?:19|20)\d\d)", "month"),
        (r"giai đoạn\s+((?:19|20)\d\d)\s*[-–]\s*((?:19|20)\d\d)", "range"),
        (r"năm\s+((?:19|20)\d\d)", "year"),
    )
)
_COMPARISON = re.compile(r"so với[^,;]*", re.IGNORECASE)
_RATE = re.compile(r"(?:\s+\S+){0,2}?\s+(?:mỗi|một|/)\s*(ngày|tuần|tháng|năm)\b", re.I)
_RATE_UNITS = {"ngày": "day", "tuần": "week", "tháng": "month", "năm": "year"}
_QUARTERS = {"I": 1, "II": 2, "III": 3, "IV": 4, "1": 1, "2": 2, "3": 3, "4": 4}
_SHARE = re.compile(r"(?:chiếm|đóng góp|tỷ trọng|tỉ trọng|tỷ lệ|tỉ lệ)\s+(?:\S+\s+){0,3}$", re.I)
_GROWTH = re.compile(r"(?:tăng trưởng|tăng|giảm)\b.{0,60}$", re.I)


@dataclass(slots=True, frozen=True)
class _Vocabulary:
    amount: re.Pattern[str]
    scales: dict[str, float]
    currencies: dict[str, str]
    units: dict[str, str]
    qualifiers: dict[str, str]
    indicators: tuple[tuple[str, tuple[str, ...]], ...]


@cache
def vocabulary() -> _Vocabulary:
    data = read_toml("figures.toml")
    scales = {k.lower(): float(v) for k, v in data["scales"].items()}
    currencies = {alias.lower(): code for code, aliases in data["currencies"].items()
                  for alias in aliases}
    units = {k.lower(): v for k, v in data["units"].items()}
    qualifiers = {k.lower(): v for k, v in data["qualifiers"].items()}
    pattern = re.compile(
        rf"(?:(?P<qual>{alternation(qualifiers)})\s+)?"
        rf"(?P<num>{_NUM})"
        rf"(?:\s*(?P<scale>{alternation(scales)})(?!\w))?"
        rf"(?:\s*(?P<pct>{_PCT_WORDS})|\s*(?P<cur>{alternation(currencies)})(?!\w)"
        rf"|\s+(?P<unit>{alternation(units)})(?!\w))?",
        re.IGNORECASE,
    )
    indicators = tuple((name, tuple(words)) for name, words in data["indicators"].items())
    return _Vocabulary(pattern, scales, currencies, units, qualifiers, indicators)


@cache
def rates() -> dict[tuple[int, str], float]:
    return {(int(r["year"]), r["currency"]): float(r["per_usd"]) for r in read_tsv("rates.tsv")}


def parse_number(text: str) -> float:
    """Vietnamese number format: "1.000.000,5" → 1000000.5, "56,2" → 56.2."""
    return float(text.replace(".", "").replace(",", "."))


def to_usd(value: float, currency: str, year: int | None) -> tuple[float | None, str | None]:
    if currency == "USD":
        return value, "stated"
    table = rates()
    years = sorted({y for y, c in table if c == currency})
    if not years:
        return None, None
    chosen = min(max(year or years[-1], years[0]), years[-1])
    return round(value / table[(chosen, currency)], 2), f"rate:{chosen}"


def _period(clause_before: str) -> str | None:
    best: tuple[int, str] | None = None
    clause_before = _COMPARISON.sub(" ", clause_before)  # "so với cùng kỳ năm 2024" is a base
    for pattern, kind in _PERIOD_PATTERNS:
        for match in pattern.finditer(clause_before):
            label = _period_label(kind, match)
            if best is None or match.start() > best[0]:
                best = (match.start(), label)
        if best is not None and kind != "year":
            return best[1]  # a month/quarter/span is more precise than a bare year
    return best[1] if best else None


def _period_label(kind: str, match: re.Match[str]) -> str:
    if kind == "months":
        return f"{match.group(2)}-01/{match.group(2)}-{int(match.group(1)):02d}"
    if kind == "quarter":
        return f"{match.group(2)}-Q{_QUARTERS[match.group(1)]}"
    if kind == "h1":
        return f"{match.group(1)}-01/{match.group(1)}-06"
    if kind == "month":
        return f"{match.group(2)}-{int(match.group(1)):02d}"
    if kind == "range":
        return f"{match.group(1)}/{match.group(2)}"
    return match.group(1)


def _indicator(before: str, sentence: str, default: str, offset: int | None = None) -> str:
    scopes = [before.lower()]
    if offset is not None:
        scopes.append(sentence[:offset].lower())
    scopes.append(sentence.lower())
    for scope in scopes:
        best: tuple[int, str] | None = None
        for name, words in vocabulary().indicators:
            for word in words:
                pos = scope.rfind(word.lower())
                if pos >= 0 and (best is None or pos > best[0]):
                    best = (pos, name)
        if best:
            return best[1]
    return default


def _year_of(period: str | None, fallback: int | None) -> int | None:
    if period:
        match = re.match(r"(\d{4})", period)
        if match:
            return int(match.group(1))
    return fallback


@dataclass(slots=True)
class _Amount:
    match: re.Match[str]
    value: float
    unit: str | None
    kind: str  # money | pct | count


def _amounts(sentence: str) -> list[_Amount]:
    vocab = vocabulary()
    found: list[_Amount] = []
    for match in vocab.amount.finditer(sentence):
        scale = vocab.scales[match.group("scale").lower()] if match.group("scale") else 1.0
        value = parse_number(match.group("num")) * scale
        if not math.isfinite(value) or value > MAX_VALUE:
            continue  # a run of hundreds of digits is not a figure
        if match.group("pct"):
            found.append(_Amount(match, parse_number(match.group("num")), "%", "pct"))
        elif match.group("cur"):
            code = vocab.currencies[match.group("cur").lower()]
            if code == "VND" and match.group("cur").lower() == "đ" and scale == 1.0 and value < 100:
                continue
            found.append(_Amount(match, value, code, "money"))
        elif match.group("unit"):
            unit = vocab.units[match.group("unit").lower()]
            if unit == "times" and "khách" in sentence[max(0, match.start() - 80) : match.start()]:
                unit = "person-trips"  # "lượng khách … đạt trên 600.000 lượt"
            rate = _RATE.match(sentence, match.end())
            if rate:  # "58 chuyến bay thẳng mỗi tuần" is a rate
                unit = f"{unit}/{_RATE_UNITS[rate.group(1).lower()]}"
            found.append(_Amount(match, value, unit, "count"))
    return found


def figures_in_sentence(sentence: Sentence, article_year: int | None) -> list[Figure]:
    return [figure for figure, _, _ in _figures_with_clauses(sentence, article_year)]


def _clause(text: str, offset: int) -> tuple[int, int]:
    start = text.rfind(";", 0, offset) + 1
    end = text.find(";", offset)
    return start, len(text) if end < 0 else end


def _figures_with_clauses(sentence: Sentence,
                          article_year: int | None) -> list[tuple[Figure, int, int]]:
    """Figures of one sentence, each with the absolute bounds of its clause."""
    text = sentence.text
    amounts = _amounts(text)
    figures: list[tuple[Figure, int, int]] = []
    consumed: set[int] = set()
    last_end = 0
    for i, amount in enumerate(amounts):
        if i in consumed:
            continue
        m = amount.match
        clause_start = max(last_end, text.rfind(";", 0, m.start()) + 1)
        before = text[clause_start : m.start()]
        period = _period(before) or _period(text[: m.start()])
        qualifier = vocabulary().qualifiers.get((m.group("qual") or "").lower())
        clause = _clause(text, m.start())
        bounds = (sentence.start + clause[0], sentence.start + clause[1])
        if amount.kind == "pct":
            figure = _percentage(amount, before, text, qualifier, period, sentence)
            if figure:
                figures.append((figure, *bounds))
            last_end = m.end()
            continue
        end, value_usd, usd_source = _stated_conversion(text, amounts, i, consumed)
        change, end = _change_after(text, amounts, end, consumed)
        if amount.kind == "money" and value_usd is None:
            value_usd, usd_source = to_usd(amount.value, amount.unit or "",
                                           _year_of(period, article_year))
        default = "amount" if amount.kind == "money" else "count"
        figure = Figure(
            indicator=_indicator(before, text, default, m.start()), value=amount.value,
            unit=amount.unit, value_usd=value_usd, period=period, change_pct=change,
            qualifier=qualifier, parties=[], text=text[m.start() : end].strip(), evidence=text,
            start=sentence.start, end=sentence.end, usd_source=usd_source,
        )
        figures.append((figure, *bounds))
        last_end = end
    return figures


def _stated_conversion(text: str, amounts: list[_Amount], i: int,
                       consumed: set[int]) -> tuple[int, float | None, str | None]:
    """"1,53 nghìn tỷ nhân dân tệ (211 tỷ đô-la Mỹ)": the page's own USD value."""
    amount, end = amounts[i], amounts[i].match.end()
    nxt = amounts[i + 1] if i + 1 < len(amounts) else None
    if nxt and nxt.kind == "money" and nxt.unit == "USD" and amount.unit != "USD" \
            and re.fullmatch(r"\s*\(\s*(?:khoảng|tương đương|hơn|gần)?\s*",
                             text[end : nxt.match.start()]):
        consumed.add(i + 1)
        close = re.match(r"\s*\)", text[nxt.match.end() :])
        return nxt.match.end() + (close.end() if close else 0), nxt.value, "stated"
    return end, None, None


def _change_after(text: str, amounts: list[_Amount], end: int,
                  consumed: set[int]) -> tuple[float | None, int]:
    """", tăng 5,8% so với cùng kỳ" right after an amount is its year-on-year change."""
    window = text[end : end + 80].split(";")[0]
    match = _CHANGE.search(window)
    if not match:
        return None, end
    gap = window[: match.start()]
    if re.search(r"\d", gap) or len(gap.split()) > 6:
        return None, end
    change = parse_number(match.group("num"))
    if not math.isfinite(change) or abs(change) > MAX_VALUE:
        return None, end
    if "giảm" in match.group("dir"):
        change = -change
    for j, other in enumerate(amounts):
        if other.kind == "pct" and other.match.start() >= end + match.start():
            consumed.add(j)
            break
    return change, end + match.end()


def _percentage(amount: _Amount, before: str, sentence_text: str, qualifier: str | None,
                period: str | None, sentence: Sentence) -> Figure | None:
    m = amount.match
    near = before[-80:]
    common = {"qualifier": qualifier, "parties": [], "text": m.group(0), "evidence": sentence_text,
              "start": sentence.start, "end": sentence.end, "value_usd": None,
              "period": period}
    if _SHARE.search(near):
        return Figure(indicator=_indicator(before, sentence_text, "share", m.start()),
                      value=amount.value,
                      unit="%", change_pct=None, **common)
    if _GROWTH.search(near):
        sign = -1 if re.search(r"giảm\b[^,;]{0,60}$", near) else 1
        return Figure(indicator=_indicator(before, sentence_text, "growth", m.start()),
                      value=None,
                      unit=None, change_pct=sign * amount.value, **common)
    return None


def _party_index(entities: list[Entity]) -> SpanIndex[tuple[int, Entity]]:
    """Body mentions of the places and international bodies a figure can be about."""
    spans = []
    for entity in entities:
        if entity.type == "ORG" and entity.kind not in ("intl", "bloc"):
            continue
        if entity.type not in ("LOC", "ORG") or entity.kind in _NOT_PARTIES:
            continue
        spans += [(m.start, m.end, (m.start, entity)) for m in entity.mentions
                  if m.field == "body" and not m.resolved]
    return SpanIndex(spans)


_NOT_PARTIES = ("sea", "gulf", "region", "subregion", "ocean", "river", "strait", "bay")


def _parties(index: SpanIndex[tuple[int, Entity]], start: int, end: int) -> list[str]:
    present: dict[str, tuple[int, Entity]] = {}
    for pos, entity in index.starting_in(start, end):
        present.setdefault(entity.id, (pos, entity))
    ordered = [e for _, e in sorted(present.values(), key=lambda item: item[0])]
    inside = {e.country for e in ordered if e.type == "LOC" and e.kind != "country" and e.country}
    return [e.acronym or e.canonical for e in ordered
            if not (e.kind == "country" and e.country in inside)]


def figures_stage(doc: Document) -> Document:
    """Pipeline stage: fill ``figures`` from the body's sentences."""
    year = None
    stamp = doc.article and (doc.article.published_resolved or doc.article.published)
    if stamp and stamp[:4].isdigit():
        year = int(stamp[:4])
    figures: list[Figure] = []
    index = _party_index(doc.entities)
    for sentence in doc.sentences:
        for figure, start, end in _figures_with_clauses(sentence, year):
            figure.parties = _parties(index, start, end)
            figures.append(figure)
    doc.figures = figures
    return doc
