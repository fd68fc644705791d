"""The figures stage's vocabulary: numbers, scales, currencies, units and word lists.

Everything comes from ``data/figures.toml`` and ``data/rates.tsv``, is compiled once
(:func:`vocabulary`, :func:`rates`) and shared by every sentence. Numbers follow the
Vietnamese convention: ``.`` groups thousands, ``,`` is the decimal mark ("1.234.567,89");
a scale word multiplies ("12,5 triệu", "3 nghìn tỷ"); a number word counts only before a
scale word or a counted noun of people ("hai triệu", "nửa triệu", "hai người").
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import cache

from .normalize import alternation
from .resources import read_toml, read_tsv

NUM = r"(?<![\d/.,:\-])(?:\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?)(?![\d/:]|[.,]\d|-\d)"
# … and the upper bound of a range ("15-20%", "1.000–1.500 USD") after a digit and a dash
RANGE_NUM = (r"(?:(?<![\d/.,:\-–])|(?<=\d-)|(?<=\d–))"
             r"(?:\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?)(?![\d/:]|[.,]\d|-\d)")
# Latin capitals and small letters, every Vietnamese one included ("Ấn Độ", "Ủy ban")
UPPER = "".join(c for c in map(chr, range(0x41, 0x1F00)) if c.isupper() and c.isalpha())
LOWER = "".join(c for c in map(chr, range(0x61, 0x1F00)) if c.islower() and c.isalpha())
MAX_VALUE = 1e18  # larger than any economy: a bigger number is noise, not a figure
PCT_WORDS = r"%|\s?phần trăm"
PEOPLE_UNITS = ("persons", "soldiers")
_SMALL_SCALES = "triệu|nghìn|ngàn|trăm"  # the second part of "3 triệu 150 nghìn"


def words(items: list[str] | tuple[str, ...]) -> str:
    """One alternation of literal words, longest first, whole words only."""
    return rf"(?<!\w)(?:{alternation(items)})(?!\w)"


@dataclass(slots=True, frozen=True)
class Vocabulary:
    amount: re.Pattern[str]
    word_start: re.Pattern[str]  # where a number written as a word may start
    word_hints: re.Pattern[str]  # … worth looking for only when one of these is in the text
    qualifier_before: re.Pattern[str]
    multiplier: re.Pattern[str]
    scales: dict[str, float]
    number_words: dict[str, float]
    multipliers: dict[str, float]
    currencies: dict[str, str]
    exact_case: frozenset[str]
    by_country: dict[str, tuple[tuple[str, str], ...]]
    alias_vetoes: dict[str, re.Pattern[str]]
    units: dict[str, str]
    unit_context: dict[str, re.Pattern[str]]
    unit_lead: dict[str, re.Pattern[str]]
    alias_lead: dict[str, re.Pattern[str]]
    qualifiers: dict[str, str]
    indicators: tuple[tuple[str, tuple[str, ...]], ...]
    indicator_words: re.Pattern[str]
    indicator_of: dict[str, str]
    money_words: re.Pattern[str]
    money_indicator_of: dict[str, str]
    lists: dict[str, re.Pattern[str]]
    aid_units: frozenset[str]
    damage_units: frozenset[str]
    unit_indicators: dict[str, str]
    lengths: dict[str, tuple[re.Pattern[str], re.Pattern[str]]]  # what a length measures
    specs: dict[str, re.Pattern[str]]  # unit → the words that make it the size of one thing
    # an exchange rate's word ("đổi", "ăn") and the number after it / the number and unit
    # before it
    exchange_after: re.Pattern[str]
    exchange_before: re.Pattern[str]


@cache
def vocabulary() -> Vocabulary:
    data = read_toml("figures.toml")
    scales = {k.lower(): float(v) for k, v in data["scales"].items()}
    number_words = {k.lower(): float(v) for k, v in data["number_words"].items()}
    currencies = {alias.lower(): code for code, aliases in data["currencies"].items()
                  for alias in aliases}
    units = {k.lower(): v for k, v in data["units"].items()}
    qualifiers = {k.lower(): v for k, v in data["qualifiers"].items()}
    people_nouns = [k for k, v in units.items() if v in PEOPLE_UNITS]
    glued = data["unit_symbols"]["glued"]  # as written: "65M2-0987" is a number plate
    counting = [w for w, v in number_words.items() if v >= 2]  # "một người" is "a person"
    amount = re.compile(  # matched at candidate starts only (see figures._amounts)
        rf"(?:(?P<num>{RANGE_NUM})"
        rf"|(?<!\w)(?P<word>{alternation(number_words)})(?=\s+(?:{alternation(scales)})(?!\w))"
        rf"|(?<!\w)(?P<count>{alternation(counting)})(?=\s+(?:{alternation(people_nouns)})(?!\w)))"
        rf"(?:\s*(?P<scale>{alternation(scales)})(?!\w)"
        rf"(?:\s+(?P<num2>\d{{1,3}}(?:,\d+)?)\s*(?P<scale2>{_SMALL_SCALES})(?!\w))?)?"
        rf"(?:\s*(?P<pct>{PCT_WORDS})|\s*(?P<cur>{alternation(currencies)})(?!\w)"
        rf"|\s+(?P<unit>{alternation(units)})(?!\w)|(?-i:(?P<sym>{alternation(glued)}))(?![\w-]))?",
        re.IGNORECASE,
    )
    word_start = re.compile(rf"(?<!\w)(?:{alternation(number_words)})(?=\s)", re.IGNORECASE)
    qualifier_before = re.compile(rf"(?<!\w)(?P<qual>{alternation(qualifiers)})\s+$",
                                  re.IGNORECASE)
    hints = sorted({*scales, *data["people"]["killed"], *data["people"]["injured"]}, key=len)
    word_hints = re.compile("|".join(re.escape(h) for i, h in enumerate(hints)
                                     if not any(o in h for o in hints[:i])))
    multipliers = {k.lower(): float(v) for k, v in data["multipliers"].items()}
    multiplier = re.compile(
        rf"(?<!\w)gấp\s+(?:(?P<times>{NUM})\s+lần|(?P<word>{alternation(multipliers)})"
        rf"(?:\s+lần)?)(?!\w)", re.IGNORECASE)
    indicators = tuple((name, tuple(w.lower() for w in ws))
                       for name, ws in data["indicators"].items())
    neutral = {w.lower(): "" for w in data["indicator_neutral"]["words"]}  # no indicator
    indicator_of = {**{w: name for name, ws in reversed(indicators) for w in ws}, **neutral}
    money_indicator_of = {**indicator_of, **{w.lower(): name for name, ws in
                                             data["money_indicators"].items() for w in ws}}
    lists = {f"{table}.{name}": re.compile(words(items), re.IGNORECASE)
             for table in ("people", "percent", "vetoes")
             for name, items in data[table].items()}
    lists["vetoes.demonstrative"] = re.compile(rf"\s+{words(data['vetoes']['demonstrative'])}",
                                               re.IGNORECASE)
    lists["aid.verbs"] = re.compile(words(data["aid"]["verbs"]), re.IGNORECASE)
    lists["damage.verbs"] = re.compile(words(data["damage"]["verbs"]), re.IGNORECASE)
    points = [*data["index"]["names"], *data["polls"]["words"]]
    lists["index.names"] = re.compile(words(data["index"]["names"]), re.IGNORECASE)
    lists["index.game"] = re.compile(words(data["index"]["game"]), re.IGNORECASE)
    lists["price.per_unit"] = re.compile(
        rf"\s*/\s*(?:{alternation(data['price']['per_units'])})(?!\w)", re.IGNORECASE)
    return Vocabulary(
        amount=amount, word_start=word_start, word_hints=word_hints,
        qualifier_before=qualifier_before, multiplier=multiplier, scales=scales,
        number_words=number_words,
        multipliers=multipliers, currencies=currencies,
        exact_case=frozenset(data["currency_case"]["exact"]),
        by_country={alias: tuple(countries.items())
                    for alias, countries in data["currency_by_country"].items()},
        alias_vetoes={alias.lower(): re.compile(rf"\s+{words(after)}", re.IGNORECASE)
                      for alias, after in data["alias_vetoes"].items()},
        units=units,
        unit_context={unit: re.compile(words(ws), re.IGNORECASE)
                      for unit, ws in {**data["unit_context"], "points": points}.items()},
        unit_lead={unit: re.compile(rf"{words(ws)}\s*$", re.IGNORECASE)
                   for unit, ws in data["unit_lead"].items()},
        alias_lead={alias.lower(): re.compile(rf"{words(ws)}\s*$", re.IGNORECASE)
                    for alias, ws in data["alias_lead"].items()},
        qualifiers=qualifiers, indicators=indicators,
        indicator_words=re.compile(words(list(indicator_of)), re.IGNORECASE),
        indicator_of=indicator_of, lists=lists,
        money_words=re.compile(words(list(money_indicator_of)), re.IGNORECASE),
        money_indicator_of=money_indicator_of,
        aid_units=frozenset(data["aid"]["units"]), damage_units=frozenset(data["damage"]["units"]),
        unit_indicators=dict(data["unit_indicators"]),
        lengths={unit: (re.compile(rf"(?:\s+\S+)?\s+{words(spec['after'])}", re.IGNORECASE),
                        re.compile(rf"{words(spec['before'])}(?:\s+\S+){{0,4}}\s*$",
                                   re.IGNORECASE))
                 for unit, spec in data["lengths"].items()},
        specs={unit: _spec_pattern(spec) for unit, spec in data["specs"].items()},
        exchange_after=re.compile(
            rf"\s*(?:{alternation(data['vetoes']['exchange'])})\s+(?:được\s+)?(\d[\d.,]*)(?!\w)",
            re.IGNORECASE),
        exchange_before=re.compile(
            rf"(?<![\d.,])(\d[\d.,]*)\s+\S+\s+(?:{alternation(data['vetoes']['exchange'])})"
            r"\s+(?:được\s+)?$", re.IGNORECASE),
    )


def _spec_pattern(spec: dict[str, list[str]]) -> re.Pattern[str]:
    near = rf"{words(spec['near'])}(?:\s+(?:[^\s,;]|,(?=\d))+){{0,5}}\s*$"
    adjacent = rf"|{words(spec['adjacent'])}\s*$" if spec["adjacent"] else ""
    return re.compile(near + adjacent, re.IGNORECASE)


@cache
def around(list_name: str, template: str) -> re.Pattern[str]:
    """``template`` with the word list ``list_name`` in place of ``{}``, compiled once:
    ``around("people.killing", r"{}\\s*$")``."""
    words_of = f"(?:{vocabulary().lists[list_name].pattern})"
    return re.compile(template.replace("{}", words_of), re.IGNORECASE)


@cache
def rates() -> dict[tuple[int, str], float]:
    return {(int(r["year"]), r["currency"]): float(r["per_usd"]) for r in read_tsv("rates.tsv")}


@cache
def _rate_years(currency: str) -> tuple[int, ...]:
    return tuple(sorted(y for y, c in rates() if c == currency))


def to_usd(value: float, currency: str, year: int | None) -> tuple[float | None, str | None]:
    """``value`` in US dollars at the yearly average rate of ``year`` (the nearest year of the
    table when it has no row for it) and where the rate came from."""
    if currency == "USD":
        return value, "stated"
    years = _rate_years(currency)
    if not years:
        return None, None
    chosen = min(max(year or years[-1], years[0]), years[-1])
    return round(value / rates()[(chosen, currency)], 2), f"rate:{chosen}"


def parse_number(text: str) -> float:
    """Vietnamese number format: "1.000.000,5" → 1000000.5, "56,2" → 56.2."""
    return float(text.replace(".", "").replace(",", "."))


@cache
def _amount_only() -> re.Pattern[str]:
    vocab = vocabulary()
    return re.compile(
        rf"\s*(?:(?P<num>{NUM})|(?P<word>{alternation(vocab.number_words)})(?=\s))"
        rf"(?:\s*(?P<scale>{alternation(vocab.scales)})(?!\w)"
        rf"(?:\s+(?P<num2>\d{{1,3}}(?:,\d+)?)\s*(?P<scale2>{_SMALL_SCALES})(?!\w))?)?\s*",
        re.IGNORECASE)


def parse_amount(text: str) -> float | None:
    """A number with its scale as written ("12,5 triệu" → 12.5e6, "3 nghìn tỷ" → 3e12,
    "nửa triệu" → 5e5, "3 triệu 150 nghìn" → 3.15e6, "1.234.567,89"); None when ``text``
    is not exactly that."""
    match = _amount_only().fullmatch(text)
    if not match or (match.group("word") and not match.group("scale")):
        return None
    return number_value(match)


def number_value(match: re.Match[str]) -> float:
    """The value of a match with groups ``num`` or ``word``, ``scale``, ``num2``, ``scale2``
    ("3 triệu 150 ngàn": the second part counts only when its scale is the smaller)."""
    vocab = vocabulary()
    word = match.groupdict().get("count") or match.group("word")
    base = parse_number(match.group("num")) if match.group("num") \
        else vocab.number_words[word.lower()]
    scale = vocab.scales[match.group("scale").lower()] if match.group("scale") else 1.0
    value = base * scale
    if match.group("num2"):
        small = vocab.scales[match.group("scale2").lower()]
        if small < scale:
            value += parse_number(match.group("num2")) * small
    return float(f"{value:.15g}") if math.isfinite(value) else value  # 65,1 triệu: 65100000
