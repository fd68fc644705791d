"""Stage ``figures``: money amounts, percentages and counts in Vietnamese number format.

"1,53 nghìn tỷ nhân dân tệ (211 tỷ đô-la Mỹ), tăng 5,8% so với cùng kỳ năm 2024"
→ value 1.53e12 CNY, value_usd 2.11e11 (stated), change_pct 5.8. Numbers, scale words,
currencies (ISO 4217), counted units, qualifiers, indicator keywords and the word lists of
the rules below come from ``data/figures.toml`` (:mod:`sukien.figure_vocab`); conversions
the page does not state use the yearly average rates in ``data/rates.tsv``; periods are
read by :mod:`sukien.figure_periods`.

Each figure is read within its clause (the stretch of the sentence between ``;`` and the
next amount), so a growth rate attaches to the amount it follows and the period is the one
named before the amount, not the comparison base after it. A number is a figure only when
its clause says what it measures:

* money (a currency word) and counted things (a unit noun) are figures; a count of people
  only as casualties (``fatalities``, ``injured``: the verb that kills or wounds them),
  ``troops`` (a deploying verb), epidemic ``cases``, the ``vaccinated``, ``evacuated`` or
  ``repatriated``, ``diaspora`` or ``population`` (:mod:`sukien.figure_measures`); goods are
  ``aid`` when given, houses and facilities ``damage`` when destroyed;
* a percentage only as an ownership ``stake``, a ``share`` of a total, a
  ``plan_completion``, a ``dividend``, or a change (``growth``, or the ``change_pct`` of the
  amount it follows or leads to: "tăng 10% lên 5 tỷ USD"); "gấp đôi" and "gấp 3 lần" are
  changes of +100 % and +200 %;
* money per unit of a good is a ``price``, points in a sentence about a market index an
  ``index``; a change in their own unit is a signed ``price_change`` / ``index_change``, or
  the ``change_abs`` of the level it leads to (:mod:`sukien.figure_levels`);
* ranks, ordinals and names ("số 8", "thứ 8 trong 116 quốc gia", "top 10", "Nghị định số 15"),
  dates, scores, ages and years carry no unit and are never figures; nor are sizes ("tàu ngầm
  1.300 tấn"), distances ("cách đảo Bali 95 km"), speeds, ratios ("2 tấn/sào"), rates per
  head, things counted before ("4 thỏa thuận này") or a single thing ("1 xe máy").

A range gives both of its bounds ("55,1 - 55,6 triệu đồng/lượng"); a scaled number with no
unit in a clause about money takes the currency of the sentence's amount before it.
"""

from __future__ import annotations

import math
import re
from dataclasses import replace
from datetime import date

from .dates import article_anchor
from .figure_levels import (
    CHANGE_INDICATORS,
    NO_GROWTH_FOR_AMOUNTS,
    change_in_unit_after,
    change_sign,
    changes_leading_to_levels,
    coordinated,
    corresponding_rate,
    level_indicator,
    money_indicator,
)
from .figure_measures import (
    PER_HEAD,
    RATE_UNITS,
    Amount,
    classify_count,
    indicator_for,
    percent_kind,
)
from .figure_periods import Period, SentencePeriods, period_after
from .figure_vocab import (
    LOWER,
    MAX_VALUE,
    NUM,
    PEOPLE_UNITS,
    UPPER,
    number_value,
    parse_amount,
    parse_number,
    rates,
    to_usd,
    vocabulary,
)
from .intervals import SpanIndex
from .record import Document, Entity, Figure
from .sentences import Sentence, split_sentences

# The documented indicator names (a public contract: names are only ever added).
INDICATORS = ("trade", "gdp", "investment", "aid", "tourism", "deals", "budget", "revenue",
              "population", "growth", "share", "amount", "count", "stake", "fatalities",
              "injured", "troops", "arrivals", "diaspora", "damage", "reserves", "cases",
              "recovered", "vaccinated", "evacuated", "repatriated", "votes", "price",
              "price_change", "index", "index_change", "plan_completion", "dividend")

__all__ = ["INDICATORS", "figures_in_sentence", "figures_stage", "parse_amount",
           "parse_number", "rates", "to_usd"]

_NUM = NUM  # the number pattern, for callers that test it
_RATE = re.compile(  # "58 chuyến bay thẳng mỗi tuần", "350.000 ca/ngày"; not "trong một ngày qua"
    r"(?:(?:\s+(?!trong(?!\w))\S+){0,2}?\s+(?:mỗi|(?<!trong )một)\s+|(?:\s+[^\s/]+)?\s*/\s*)"
    r"(ngày|tuần|tháng|năm)\b", re.I)
_RATIO = re.compile(  # a count per unit of something other than time ("2 tấn/sào")
    r"\s*/\s*(?!(?:ngày|tuần|tháng|năm|quý|giờ|h|s|giây|phút|đêm)(?!\w))\w", re.IGNORECASE)
_SINGLE_COUNTS = frozenset({"cases", "votes", "voters", "points", "percentage-points"})
_PER_TIME = re.compile(r"\s*/\s*(?:h|giờ|s|giây|phút)(?!\w)", re.IGNORECASE)  # a speed
_NAMED_AFTER = re.compile(rf"\s+[{UPPER}][{LOWER}]")  # "2 tỉnh An Giang", not "3 dự án FDI"
_CONVERSION_GAP = re.compile(
    r"\s*(?:\(\s*(?:(?:tương đương|tức|hay)(?:\s+với|\s+là)?\s*)?"
    r"|,?\s*(?:tương đương|tức)(?:\s+với|\s+là)?\s+)", re.IGNORECASE)
_HALVED = re.compile(r"(?<!\w)giảm\s+(?:đi\s+|còn\s+)?(?:một\s+)?nửa(?!\w)", re.IGNORECASE)
_FILLER = re.compile(r"\s*(?:(?:thêm|khoảng|gần|hơn|trên|mạnh|vọt)\s*)*")
_COMPARED = re.compile(r"so với(?:\s+mức)?\s*$", re.IGNORECASE)
_LAST_YEAR = re.compile(r"\s*(?:trong\s+|của\s+)?cùng kỳ năm (?:ngoái|trước)", re.IGNORECASE)
# "gấp 3 lần so với cùng kỳ / năm trước / ngày thường" is growth; "gấp đôi so với iMac cũ" a
# comparison
_COMPARED_TO_PERIOD = re.compile(
    r"\s+so (?:với\s+)?(?:cùng kỳ|kỳ|năm|tháng|quý|tuần|ngày|thời điểm|thời kỳ|giai đoạn|"
    r"trước|đầu|cuối|hồi)(?!\w)", re.IGNORECASE)
_LEADING_ASIDE = re.compile(r"^\s*\([^()]*\)")
_DIGITS = re.compile(r"\d[\d.,]*")
_YEAR = re.compile(r"(?:1[89]|20)\d\d(?![\d.,])")
_RANGE_LOW = re.compile(  # the lower bound of a range written before an amount
    r"(?<![\d/.,:\-])(?P<low>\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?)\s*[-–]\s*$")
_DATE_WORD = re.compile(r"(?<!\w)(?:tháng|ngày|năm|quý|số|lúc|thứ)\s*$", re.IGNORECASE)
_ELIDED_AFTER = re.compile(
    r"\s*(?:[,;:()]|\.(?!\d)|$|(?:tăng|giảm|so với|và|trong|vào|năm|nhưng)(?!\w))",
    re.IGNORECASE)
_COIN = re.compile(r"\s+tiền(?!\w)", re.IGNORECASE)
_CAPITALISED = re.compile(rf"\s+[{UPPER}]")


# --- finding amounts -----------------------------------------------------------------------


def _candidates(text: str) -> list[int]:
    """Where an amount may start: a digit, or a number word when the sentence has a scale
    word or a casualty verb for it (one cheap scan instead of the whole pattern at every
    position)."""
    vocab = vocabulary()
    starts = [m.start() for m in _DIGITS.finditer(text)]
    if vocab.word_hints.search(text):  # as written: they follow a number
        starts += [m.start() for m in vocab.word_start.finditer(text)]
        starts.sort()
    return starts


def _amounts(text: str) -> list[Amount]:
    vocab = vocabulary()
    found: list[Amount] = []
    last_end = 0
    for start in _candidates(text):
        if start < last_end:
            continue
        match = vocab.amount.match(text, start)
        if match is None or match.end() == start:
            continue
        last_end = match.end()
        elided = None
        if not (match.group("pct") or match.group("cur") or match.group("unit")
                or match.group("sym")):
            elided = _elided_currency(text, match, found)
            if elided is None:
                continue
        value = number_value(match)
        if not math.isfinite(value) or value > MAX_VALUE:
            continue  # a run of hundreds of digits is not a figure
        number_start = next(match.start(g) for g in ("num", "word", "count") if match.group(g))
        if _vetoed(text, number_start):
            continue
        low = _RANGE_LOW.search(text, max(0, number_start - 24), number_start)
        if low and _DATE_WORD.search(text, max(0, low.start() - 12), low.start()):
            low = None  # "hồi tháng 1 - 297.430 ca": a month, not a range
        first = low.start() if low else start
        qual = vocab.qualifier_before.search(text, max(0, first - 16), first)
        qualifier = vocab.qualifiers[qual.group("qual").lower()] if qual else None
        amount = Amount(qual.start() if qual else first, match.end(), value, None, "count", "",
                         qualifier)
        if match.group("pct"):
            base = match.group("num")
            if base is None:
                continue
            amount.value, amount.unit, amount.kind = parse_number(base), "%", "pct"
        elif elided is not None:
            amount.unit, amount.kind, amount.alias = elided, "money", ""
        elif match.group("cur"):
            if not _currency(text, match, amount):
                continue
        elif not _count(text, match, amount):
            continue
        if low:  # "55,1 - 55,6 triệu đồng", "15-20%": the lower bound takes the upper's unit
            scale = amount.value / parse_number(match.group("num")) if match.group("num") else 1
            bound = parse_number(low.group("low")) * (1 if amount.kind == "pct" else scale)
            if amount.value / 50 < bound < amount.value:  # not "10 - 20000 đồng" (10.000)
                amount.low = float(f"{bound:.15g}")
        found.append(amount)
    found += _multipliers(text)
    found.sort(key=lambda a: a.start)
    return found


def _elided_currency(text: str, match: re.Match[str], found: list[Amount]) -> str | None:
    """"doanh thu … 91 nghìn tỷ đồng, và lợi nhuận … hơn 13,5 nghìn tỷ, tăng 78%": a scaled
    number with no unit, in a clause about money, takes the currency of the amount of money
    before it in the sentence."""
    scale = match.group("scale")
    if not scale or vocabulary().scales[scale.lower()] < 1e6 or match.group("word"):
        return None
    money = next((a for a in reversed(found) if a.kind == "money"), None)
    if money is None or match.start() - money.end > 250 or \
            ";" in text[money.end : match.start()] or not _ELIDED_AFTER.match(text, match.end()):
        return None
    indicator = indicator_for(text, ((money.end, match.start()),), "", NO_GROWTH_FOR_AMOUNTS,
                              money=True)
    return money.unit if indicator and indicator != "price" else None


def _currency(text: str, match: re.Match[str], amount: Amount) -> bool:
    vocab = vocabulary()
    alias = match.group("cur")
    if alias.lower() in vocab.exact_case and alias not in vocab.exact_case and not (
            match.group("scale") and alias[:1].isupper() and alias[1:].islower()
            and not _CAPITALISED.match(text, match.end())):
        return False  # "5 Yên Phụ" (a street), "Đồng Tháp"; "27,7 tỷ Yên" is money
    veto = vocab.alias_vetoes.get(alias.lower())
    if veto and veto.match(text, match.end()):
        return False  # "2 triệu đồng bào"
    if _exchange_rate(text, match):
        return False
    code = vocab.currencies[alias.lower()]
    for country, other in vocab.by_country.get(alias.lower(), ()):
        if country in text:  # "98 triệu peso" in a sentence about Argentina
            code = other
            break
    if code == "VND" and not match.group("scale") and amount.value < 100 and (
            alias.lower() == "đ" or _COIN.match(text, match.end())):
        return False  # "6 đồng tiền chủ chốt" are six currencies
    amount.unit, amount.kind, amount.alias = code, "money", alias
    return True


def _exchange_rate(text: str, match: re.Match[str]) -> bool:
    """"100 rúp đổi 1 USD", "1 USD ăn 24.000 đồng": the two sides of an exchange rate, one of
    them a single unit of a currency."""
    vocab = vocabulary()
    one = (match.group("num") or "").strip() == "1" and not match.group("scale")
    after = vocab.exchange_after.match(text, match.end())
    before = vocab.exchange_before.search(text[max(0, match.start() - 40) : match.start()])
    return any(side and (one or side.group(1) == "1") for side in (after, before))


def _count(text: str, match: re.Match[str], amount: Amount) -> bool:
    vocab = vocabulary()
    alias = match.group("unit") or match.group("sym")
    veto = vocab.alias_vetoes.get(alias.lower())
    if veto and veto.match(text, match.end()):
        return False
    unit = vocab.units[alias.lower()]
    if _not_a_count(text, match, unit, amount):
        return False
    if unit == "times" and "khách" in text[max(0, match.start() - 80) : match.start()]:
        unit = "person-trips"  # "lượng khách … đạt trên 600.000 lượt"
    context, lead = vocab.unit_context.get(unit), vocab.unit_lead.get(unit)
    before = text[max(0, match.start() - 100) : match.start()]
    alias_lead = vocab.alias_lead.get(alias.lower())
    if alias_lead and not alias_lead.search(text, max(0, amount.start - 30), amount.start):
        return False  # "4 học sinh gặp nạn"
    if context is not None and not context.search(before if lead else text):
        return False  # "3 nhiệm vụ trọng tâm", "sau 14 ngày"
    if unit == "points" and vocab.lists["index.game"].search(text):
        return False  # "thua về chỉ số đối đầu": a game's points
    if lead is not None and (not lead.search(before) or re.search(r"đầy đủ", before)):
        return False  # "cách ly đủ 14 ngày" (a full 14 days) is no figure
    rate = _RATE.match(text, match.end())
    if rate:  # "58 chuyến bay thẳng mỗi tuần" is a rate
        unit = f"{unit}/{RATE_UNITS[rate.group(1).lower()]}"
    amount.unit, amount.alias = unit, alias
    return True


def _not_a_count(text: str, match: re.Match[str], unit: str, amount: Amount) -> bool:
    """"4 thỏa thuận này" points back at things counted before; "2 tỉnh An Giang và Đồng
    Tháp" names them (a few things followed by their names are a list, not a statistic);
    "36.000 km/s" is a speed, "cách đảo Bali khoảng 95 km" a distance, "tàu ngầm 1.300 tấn"
    a size: none is a count."""
    lists = vocabulary().lists
    if unit in PEOPLE_UNITS:
        return False
    end = match.end()
    if PER_HEAD.match(text[end : end + 60]) or _RATIO.match(text, end):
        return True  # "5,6 ca trên 100.000 dân mỗi năm", "16 học sinh/lớp": ratios, no counts
    if lists["vetoes.demonstrative"].match(text, end) or (
            amount.value < 10 and _NAMED_AFTER.match(text, end)):
        return True
    if amount.value == 1 and unit not in _SINGLE_COUNTS and not amount.qualifier:
        return True  # "trưng dụng 1 xe máy", "1 người 1 phòng": one thing is no statistic
    specs, length = vocabulary().specs.get(unit), vocabulary().lengths.get(unit)
    if specs is None and length is None:
        return False
    if _PER_TIME.match(text, end):
        return True
    before = text[max(0, amount.start - 45) : match.start()]  # the range, its qualifier too
    if length and length[0].match(text, end):
        return False  # "120 km đường cao tốc"
    if specs and specs.search(before):
        return True
    return bool(length and not length[1].search(before))


def _vetoed(text: str, number_start: int) -> bool:
    """A rank, an ordinal or a name ("số 8", "thứ 3", "top 10"), or the total of a rank
    ("thứ 8 trong số 116 quốc gia", "một trong 10 quốc gia")."""
    lists = vocabulary().lists
    before = text[max(0, number_start - 40) : number_start]
    tokens = before.split()
    if tokens and tokens[-1].lower() == "năm" and _YEAR.match(text, number_start):
        return True  # "Năm 1972 nhà máy hàng không …": a year
    if tokens and lists["vetoes.before"].fullmatch(tokens[-1]) and \
            not lists["vetoes.keep"].fullmatch(" ".join(tokens[-2:])):
        return True
    total = re.search(r"(?<!\w)(?:trong|trên)\s+(?:tổng\s+)?(?:số\s+)?$", before, re.IGNORECASE)
    if total:
        lead = before[max(0, total.start() - 25) : total.start()]
        # "thứ 8 trong số 116 quốc gia", "3 trong số 10 nước"; not "687.000 trong số 9 triệu"
        return bool(lists["vetoes.ranked"].search(lead) or re.search(r"(?<![\d.,])\d{1,2}\s*$",
                                                                      lead))
    return False


def _multipliers(text: str) -> list[Amount]:
    """"tăng gấp đôi" (+100 %), "gấp 3 lần so với" (+200 %), "giảm một nửa" (−50 %): a change
    only after a verb of change or before a comparison."""
    vocab = vocabulary()
    found: list[Amount] = []
    if "gấp" not in text and "Gấp" not in text and "nửa" not in text:
        return found
    for match in vocab.multiplier.finditer(text):
        factor = (parse_number(match.group("times")) if match.group("times")
                  else vocab.multipliers[match.group("word").lower()])
        before = text[max(0, match.start() - 25) : match.start()]
        compared = _COMPARED_TO_PERIOD.match(text, match.end())
        if not (vocab.lists["percent.rise"].search(before) or compared) or factor > 1e6:
            continue
        found.append(Amount(match.start(), match.end(), round((factor - 1) * 100, 6), None,
                             "mult"))
    for match in _HALVED.finditer(text):
        found.append(Amount(match.start(), match.end(), -50.0, None, "mult"))
    return found


# --- reading figures out of a sentence -----------------------------------------------------


def figures_in_sentence(sentence: Sentence, article_year: int | None,
                        anchor: date | None = None) -> list[Figure]:
    """The figures of one sentence. Year-less periods are read against ``anchor`` (the
    page's date), else against the end of ``article_year``."""
    if anchor is None and article_year is not None:
        anchor = date(article_year, 12, 31)
    return [figure for figure, _, _ in _figures_with_clauses(sentence, anchor)]


def _clause(text: str, offset: int) -> tuple[int, int]:
    start = text.rfind(";", 0, offset) + 1
    end = text.find(";", offset)
    return start, len(text) if end < 0 else end


def _figures_with_clauses(sentence: Sentence,
                          anchor: date | None) -> list[tuple[Figure, int, int]]:
    """Figures of one sentence, each with the absolute bounds of its clause."""
    text = sentence.text
    amounts = _amounts(text)
    consumed: set[int] = set()
    leading = changes_leading_to_levels(text, amounts, consumed)
    figures: list[tuple[Figure, int, int]] = []
    last_end, last_change = 0, None
    periods = SentencePeriods(text, anchor) if amounts else None
    for i, amount in enumerate(amounts):
        if i in consumed or periods is None:
            continue
        clause = _clause(text, amount.start)
        start = max(last_end, clause[0])
        before, whole_before = text[start : amount.start], text[clause[0] : amount.start]
        period = _period_of(text, amount, start, clause, periods, anchor)
        bounds = (sentence.start + clause[0], sentence.start + clause[1])
        if amount.kind in ("pct", "mult"):
            figure = _rate_figure(amount, text, before, whole_before, period, sentence)
            end = amount.end
        else:
            sign = change_sign(before) or (
                last_change[1] if last_change and coordinated(text, last_change[0], amount.start)
                else None)
            figure, end = _amount_figure(text, amounts, i, consumed, before, whole_before, period,
                                         anchor, leading.get(i), sentence, sign)
            last_change = (end, sign) if figure and figure.indicator.endswith("_change") else None
        if figure:
            if amount.low is not None:  # the range's lower bound first
                figures += [(low, *bounds) for low in _lower_bound(figure, amount.low)]
            figures.append((figure, *bounds))
        last_end = end
    return figures


def _lower_bound(figure: Figure, low: float) -> list[Figure]:
    """The figure of a range's lower bound ("55,1 - 55,6 triệu đồng", "tăng 10 - 20%")."""
    if figure.value:
        return [replace(figure, value=math.copysign(low, figure.value),
                        value_usd=figure.value_usd and round(
                            figure.value_usd * low / abs(figure.value), 2))]
    if figure.value is None and figure.change_pct:
        return [replace(figure, change_pct=math.copysign(low, figure.change_pct))]
    return []


def _period_of(text: str, amount: Amount, start: int, clause: tuple[int, int],
               periods: SentencePeriods, anchor: date | None) -> Period | None:
    """The period right after the amount ("… vào tháng 4"), else the one named before it in
    its clause, else in the sentence; an amount compared against "cùng kỳ năm ngoái" is about
    the year before that period."""
    after = text[amount.end : clause[1]]
    # "163,8 tỷ yên (1,56 tỷ USD) trong ba tháng …": the period follows the aside
    period = period_after(_LEADING_ASIDE.sub("", after), anchor)
    if period is None:
        period = periods.within(start, amount.start) or periods.within(0, amount.start)
        if period and _COMPARED.search(text, start, amount.start) and _LAST_YEAR.match(after):
            period = Period(_shift_years(period.label, -1), period.inferred)
    return period


def _shift_years(label: str, years: int) -> str:
    return re.sub(r"(?:19|20)\d\d", lambda m: str(int(m.group(0)) + years), label)


def _amount_figure(text: str, amounts: list[Amount], i: int, consumed: set[int], before: str,
                   whole_before: str, period: Period | None, anchor: date | None,
                   leading: tuple[float | None, float | None] | None, sentence: Sentence,
                   sign: int | None) -> tuple[Figure | None, int]:
    amount = amounts[i]
    end, value_usd, usd_source = _stated_conversion(text, amounts, i, consumed)
    change, end = _change_after(text, amounts, end, consumed)
    if change is None and sign is not None:  # "giảm 4,85 điểm, tương ứng 0,33%"
        change, end = corresponding_rate(text, amounts, i, end, consumed, sign)
    change_abs, end = change_in_unit_after(text, amounts, i, end, consumed)
    if change_abs is not None and change is None:  # "…, tăng 83,36 điểm (tương đương 7,56%)"
        change, end = corresponding_rate(text, amounts, i + 1, end, consumed,
                                          1 if change_abs > 0 else -1)
    if leading is not None:
        change = leading[0] if change is None else change
        change_abs = leading[1] if change_abs is None else change_abs
    unit = amount.unit
    if amount.kind == "money":
        if value_usd is None:
            year = int(period.label[:4]) if period else (anchor.year if anchor else None)
            value_usd, usd_source = to_usd(amount.value, unit or "", year)
        indicator = money_indicator(text, amount, before, sign is not None)
    else:
        classified = classify_count(text, amount, before, whole_before)
        if classified is None:
            return None, amount.end
        indicator, unit = classified
    indicator, value = level_indicator(text, amount, indicator), amount.value
    if sign is not None and indicator in CHANGE_INDICATORS and change_abs is None:
        indicator, value = CHANGE_INDICATORS[indicator], sign * value  # "giảm 200.000 đồng/lượng"
        value_usd = value_usd if value_usd is None else sign * value_usd
    figure = Figure(
        indicator=indicator, value=value, unit=unit, value_usd=value_usd,
        period=period.label if period else None, change_pct=change,
        qualifier=amount.qualifier, parties=[], text=text[amount.start : end].strip(),
        evidence=text, start=sentence.start, end=sentence.end, usd_source=usd_source,
        period_inferred=bool(period and period.inferred), change_abs=change_abs,
    )
    return figure, end


def _stated_conversion(text: str, amounts: list[Amount], i: int,
                       consumed: set[int]) -> tuple[int, float | None, str | None]:
    """"1,53 nghìn tỷ nhân dân tệ (211 tỷ đô-la Mỹ)", "4.012 tỷ đồng (tương đương 173 triệu
    USD)": the page's own conversion. A USD one is the figure's value_usd; one into another
    currency ("800.000 baht (gần 600 triệu đồng)") is the same amount, not a second figure."""
    amount, end = amounts[i], amounts[i].end
    nxt = amounts[i + 1] if i + 1 < len(amounts) else None
    if amount.kind != "money" or nxt is None or nxt.kind != "money" or nxt.unit == amount.unit:
        return end, None, None
    if not _CONVERSION_GAP.fullmatch(text, end, nxt.start):
        return end, None, None
    consumed.add(i + 1)
    close = re.match(r"\s*\)", text[nxt.end :])
    new_end = nxt.end + (close.end() if close else 0)
    if nxt.unit == "USD" and amount.unit != "USD":
        return new_end, nxt.value, "stated"
    return new_end, None, None


def _change_after(text: str, amounts: list[Amount], end: int,
                  consumed: set[int]) -> tuple[float | None, int]:
    """", tăng 5,8% so với cùng kỳ" / ", tăng gấp đôi" right after an amount is its change."""
    lists = vocabulary().lists
    window = text[end : end + 80].split(";")[0]
    verbs = [m for m in (lists["percent.rise"].search(window), lists["percent.fall"].search(window))
             if m]
    if not verbs:
        return None, end
    verb = min(verbs, key=lambda m: m.start())
    for j, other in enumerate(amounts):
        if j in consumed or other.kind not in ("pct", "mult") or other.start < end + verb.end():
            continue
        gap, filler = text[end : other.start], text[end + verb.end() : other.start]
        if re.search(r"\d", gap) or len(gap.split()) > 8 or not _FILLER.fullmatch(filler):
            return None, end
        change = other.value
        if other.kind == "pct" and lists["percent.fall"].fullmatch(verb.group(0)):
            change = -change
        if not math.isfinite(change) or abs(change) > MAX_VALUE:
            return None, end
        consumed.add(j)
        return change, other.end
    return None, end


# --- what a number measures ----------------------------------------------------------------


def _rate_figure(amount: Amount, text: str, before: str, whole_before: str,
                 period: Period | None, sentence: Sentence) -> Figure | None:
    """A percentage or a multiplier with no amount of its own: a stake, a share or a change."""
    kind = percent_kind(amount, text, before, whole_before)
    if kind is None:
        return None
    indicator, value, change = kind
    if indicator in ("share", "growth"):
        scopes = ((amount.start - len(before), amount.start), (0, amount.start), (0, len(text)))
        indicator = indicator_for(text, scopes, indicator, frozenset({"population"}))
        if kind[0] == "share" and indicator == "growth":
            indicator = "share"
    return Figure(
        indicator=indicator, value=value, unit="%" if value is not None else None,
        value_usd=None, period=period.label if period else None, change_pct=change,
        qualifier=amount.qualifier, parties=[], text=text[amount.start : amount.end].strip(),
        evidence=text, start=sentence.start, end=sentence.end,
        period_inferred=bool(period and period.inferred),
    )


# --- the stage ----------------------------------------------------------------------------


def _party_index(entities: list[Entity], field: str) -> SpanIndex[tuple[int, Entity]]:
    """Mentions in ``field`` of the places and international bodies a figure can be about."""
    spans = []
    for entity in entities:
        if entity.type == "ORG" and entity.kind not in ("intl", "bloc"):
            continue
        if entity.type not in ("LOC", "ORG") or entity.kind in _NOT_PARTIES:
            continue
        spans += [(m.start, m.end, (m.start, entity)) for m in entity.mentions
                  if m.field == field and not m.resolved]
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
    """Pipeline stage: fill ``figures`` from the sapo's and the body's sentences; a figure the
    sapo states again in the body is kept once, from the body."""
    article = doc.article  # year-less periods: read against the article's printed or resolved day
    anchor = article_anchor(article.published, article.published_resolved)[0] if article else None
    found: dict[str, list[Figure]] = {}
    for field_name, sentences in _scanned_fields(doc):
        index = _party_index(doc.entities, field_name)
        found[field_name] = []
        for sentence in sentences:
            for figure, start, end in _figures_with_clauses(sentence, anchor):
                figure.parties = _parties(index, start, end)
                figure.field = field_name
                found[field_name].append(figure)
    in_body = {_figure_key(f) for f in found.get("body", [])}
    lede = [f for f in found.get("lede", []) if _figure_key(f) not in in_body]
    doc.figures = lede + found.get("body", [])
    return doc


def _scanned_fields(doc: Document) -> list[tuple[str, list[Sentence]]]:
    lede = doc.article.lede if doc.article else None
    fields = [("lede", split_sentences(lede))] if lede else []
    return [*fields, ("body", doc.sentences)]


def _figure_key(figure: Figure) -> tuple:
    return figure.indicator, figure.value, figure.unit, figure.change_pct
