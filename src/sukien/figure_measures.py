"""What a number measures: the indicator and unit of a count, the kind of a percentage.

Used by the figures stage (:mod:`sukien.figures`) once it has found an amount: a count of
people is a figure only as casualties, troops, epidemic cases, the vaccinated, evacuated or
repatriated, visitors, diaspora or population; epidemic cases may also be deaths or
recoveries; goods are aid when the clause gives them, houses and facilities damage when
destroyed; a percentage is a stake, a share of a total, a plan's completion, a dividend or a
change. Word lists come from ``data/figures.toml``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .figure_vocab import UPPER, around, vocabulary

RATE_UNITS = {"ngày": "day", "tuần": "week", "tháng": "month", "năm": "year"}

_SHARE_NEAR = r"(?:\s+\S+){0,3}\s*$"
_CLAUSE_END = re.compile(r"[;:()]|[.,](?!\d)")  # not the "," of "4,85" nor the "." of "100.000"
# a growth verb and its rate: a few words, no clause break ("tăng 4,85 điểm tương ứng 0,33%")
_CLOSE_AFTER_VERB = re.compile(
    r"(?:\s*(?:(?:[^\s,;:()]|(?<=\d),(?=\d))+|,\s*(?:tương ứng|tương đương|tức là|tức)(?!\w)))"
    r"{0,7}\s*")
_PER = re.compile(r"(?<!\w)cứ(?!\w)", re.IGNORECASE)
_EVERY = re.compile(r"(?<!\w)(?:mỗi|hàng)\s+(ngày|tuần|tháng|năm)(?!\w)", re.IGNORECASE)
PER_HEAD = re.compile(  # "5,6 ca trên 100.000 dân", "189 người chết trên 100.000 dân"
    r"[^,;]*?(?:trên|/|mỗi)\s*(?:[\d.]+|vạn|nghìn|ngàn|triệu|trăm)\s*(?:dân|người)(?!\w)",
    re.IGNORECASE)
_CHANGED_BY = re.compile(r"(?<!\w)(?:tăng|giảm)(?:\s+thêm)?\s*$", re.IGNORECASE)
_NEW_CLAUSE = re.compile(r"và|nhưng|khi|thì|là|mà|nên|để|hoặc|hay|còn|với|cho", re.IGNORECASE)
_STAKE_NOUN = re.compile(
    r"\s*(?:vốn điều lệ|vốn góp|phần vốn|vốn|cổ phần|cổ phiếu|quyền sở hữu)(?!\w)"
    r"(?!\s+(?:đầu tư|vay|ODA|FDI|ngân sách|lưu động|nhà nước|hóa))", re.IGNORECASE)
_NATIONALITY = re.compile(rf"\s+(?:[{UPPER}]\w*\s*){{1,3}}")
# another count after a toll's noun; not the 19 of Covid-19 nor "con số" (the number)
_OTHER_COUNT = re.compile(r"(?<![\w-])(?<!con )(?:số|và|\d)", re.IGNORECASE)
_NOT_FOR_COUNTS = frozenset({"growth", "population", "gdp", "cases"})
_OUT_OF = re.compile(r"(?<!\w)(?:trong|trên)\s+(?:tổng\s+)?số\s*$", re.IGNORECASE)
_COPULA = re.compile(r"(?<!\w)(?:là|ở mức|ở|đạt|bằng|vào khoảng)\s*$", re.IGNORECASE)
_COMPARED_SHARE = re.compile(r"\s*so với\s*", re.IGNORECASE)
# "mắc kẹt" (stuck), "mắc lỗi" (at fault) are no infections
_NOT_INFECTED = re.compile(r"\s*(?:kẹt|lỗi|sai|nợ|mưu|bẫy|câu|cỡ|võng|màn)(?!\w)", re.IGNORECASE)


@dataclass(slots=True)
class Amount:
    """An amount found in a sentence: money, a percentage, a count or a multiplier."""

    start: int  # the qualifier, if any, included
    end: int
    value: float
    unit: str | None
    kind: str  # money | pct | count | mult (a multiplier: value is the change in %)
    alias: str = ""  # the currency or unit word as written
    qualifier: str | None = None
    low: float | None = None  # the lower bound of a range ("55,1 - 55,6 triệu đồng")


def last_match(pattern: re.Pattern[str], text: str) -> re.Match[str] | None:
    """The last match of ``pattern`` in ``text``."""
    last = None
    for last in pattern.finditer(text):  # noqa: B007
        pass
    return last


def indicator_for(text: str, scopes: tuple[tuple[int, int], ...], default: str,
                  exclude: frozenset[str] = frozenset(), money: bool = False) -> str:
    """The indicator keyword nearest the end of the first scope (a span of ``text``) that
    has one."""
    found = _keywords(text, money)
    for start, end in scopes:
        best = None
        for k_start, k_end, name in found:
            if k_start >= start and k_end <= end and name and name not in exclude:
                best = name  # "" : a neutral word ("trị giá")
        if best:
            return best
    return default


@lru_cache(maxsize=64)
def _keywords(text: str, money: bool) -> tuple[tuple[int, int, str], ...]:
    """Every indicator keyword of a sentence, found once for all its amounts."""
    vocab = vocabulary()
    pattern, names = ((vocab.money_words, vocab.money_indicator_of) if money
                      else (vocab.indicator_words, vocab.indicator_of))
    return tuple((m.start(), m.end(), names[m.group(0).lower()]) for m in pattern.finditer(text))


def classify_count(text: str, amount: Amount, before: str,
                    whole_before: str) -> tuple[str, str] | None:
    """(indicator, unit) of a count, or None when its clause does not say what it measures."""
    vocab, unit = vocabulary(), amount.unit or ""
    base = unit.split("/")[0]
    after = _CLAUSE_END.split(text[amount.end : amount.end + 80], maxsplit=1)[0]
    if base in ("persons", "soldiers"):
        return _people(text, amount, whole_before, after)
    if base == "person-trips" and (
            "khách" in amount.alias.lower() or re.search(r"khách|du lịch", whole_before[-120:])):
        return "arrivals", unit
    window = whole_before[-150:] + " " + after
    if base in vocab.aid_units and vocab.lists["aid.verbs"].search(window):
        return "aid", unit
    if base in vocab.damage_units and _verb_right_after(after, vocab.lists["damage.verbs"]):
        return "damage", unit
    toll = _toll_before(whole_before, "people.toll")
    if base == "cases" and toll and "," not in whole_before[-90:][toll.end() :]:
        return "fatalities", unit.replace("cases", "persons")  # "số người chết … 2.624 trường hợp"
    if base == "cases" and _verb_right_after(after, vocab.lists["people.killed"], 1):
        return "fatalities", unit.replace("cases", "persons")  # "82 trường hợp đã tử vong"
    if base == "cases" and (_toll_before(whole_before, "people.recovering")
                            or _verb_right_after(after, vocab.lists["people.recovered"], 1)):
        return "recovered", unit  # "đã chữa khỏi 2.490 trường hợp", "số ca được chữa khỏi …"
    if base in vocab.unit_indicators:
        return vocab.unit_indicators[base], unit
    scopes = ((amount.start - len(before), amount.start), (0, amount.start))
    return indicator_for(text, scopes, "count", _NOT_FOR_COUNTS), unit


def _people(text: str, amount: Amount, whole_before: str, after: str) -> tuple[str, str] | None:
    """Casualties, troops, diaspora or population; any other count of people is no figure."""
    lists, alias = vocabulary().lists, amount.alias.lower()
    if _PER.search(whole_before[-40:]) or PER_HEAD.match(after) or _CHANGED_BY.search(
            whole_before[-12:]):
        return None  # "cứ 4 phút lại có 1 người chết", "189 người chết trên 100.000 dân",
        # "giảm 1 người chết" are rates and changes, not counts
    every = _EVERY.search(whole_before[-50:])  # "mỗi ngày hơn 2.500 người tử vong": a rate,
    # as "24.000 người tử vong mỗi năm" is
    rate = (amount.unit or "").partition("/")[2]
    per = f"/{rate}" if rate else f"/{RATE_UNITS[every.group(1).lower()]}" if every else ""
    persons = f"persons{per}"
    if _verb_right_after(after, lists["people.killed"]) or lists["people.killed"].search(alias):
        return "fatalities", persons  # "… người thiệt mạng", "3.645 ca tử vong"
    if _verb_right_after(after, lists["people.injured"]):
        return "injured", persons
    if _verb_before(whole_before, "people.killing"):
        return "fatalities", persons
    soldiers = (amount.unit or "").startswith("soldiers")
    family = None if soldiers else _civilian_family(whole_before, after)
    if family:
        return family[0], family[1] + per
    tolls = (("toll", "people.toll"),) if soldiers else (
        ("toll", "people.toll"), ("cases", "people.case_toll"), ("arrivals", "people.visitors"))
    for name, toll_list in tolls:
        toll = _toll_before(whole_before, toll_list)
        if toll and name == "toll":
            return ("injured" if "thương" in toll.group(0).lower() else "fatalities"), persons
        if toll:
            return name, (f"cases{per}" if name == "cases" else persons)
    if soldiers:
        window = whole_before[-100:] + " " + after
        return ("troops", amount.unit) if lists["people.deploy"].search(window) else None
    if alias in ("kiều dân", "kiều bào", "người gốc việt") or \
            lists["people.diaspora"].search(whole_before[-80:]) or _abroad(text, amount, after):
        return "diaspora", persons
    if _population(text, amount, whole_before):
        return "population", persons
    return None


def _toll_before(whole_before: str, toll_list: str) -> re.Match[str] | None:
    """The noun of a toll before the number ("nâng số người chết lên 30 người", "lượng du
    khách … dự kiến trên 10.000 người"), with no other count between (not "… lên 178 và số
    ca nhiễm lên 9.000 người")."""
    near = whole_before[-90:]
    toll = last_match(vocabulary().lists[toll_list], near)
    return toll if toll and not _OTHER_COUNT.search(near, toll.end()) else None


def _civilian_family(whole_before: str, after: str) -> tuple[str, str] | None:
    """Epidemic cases ("375.000 người nhiễm"), the vaccinated ("tiêm cho hơn 800 người"),
    the evacuated ("3.000 người đã phải sơ tán") and the repatriated ("đưa gần 1.000 công dân
    Việt Nam về nước"): (indicator, unit) or None."""
    lists = vocabulary().lists
    if _OUT_OF.search(whole_before):
        return None  # "1 triệu người trong tổng số 66 triệu người … đã tiêm": the total
    infected = lists["people.infected"].search(after)
    if infected and _verb_right_after(after, lists["people.infected"], 1) and \
            not _NOT_INFECTED.match(after, infected.end()):
        return "cases", "cases"
    if _verb_right_after(after, lists["people.vaccinated"]) or \
            _verb_before(whole_before, "people.vaccinating"):
        return "vaccinated", "persons"
    if _verb_right_after(after, lists["people.evacuated"]) or \
            _verb_before(whole_before, "people.evacuating"):
        return "evacuated", "persons"
    if (_verb_before(whole_before, "people.repatriating")
            and lists["people.home"].search(after)) \
            or _verb_right_after(after, lists["people.home"], 2):
        return "repatriated", "persons"
    return None


def _abroad(text: str, amount: Amount, after: str) -> bool:
    """"1.500 người Việt đang sinh sống tại Campuchia", "150 người Mỹ sinh sống ở đảo": people
    of a nation living in another country."""
    alias = amount.alias.lower()
    if alias.startswith(("người việt", "công dân việt")):
        rest = after
    elif alias == "người" and _NATIONALITY.match(after):
        rest = after[_NATIONALITY.match(after).end() :]
    else:
        return False
    return bool(around("people.abroad", r"\s*{}").match(rest))


def _population(text: str, amount: Amount, whole_before: str) -> bool:
    """"dân số hơn 1.200 người", "bang 90 triệu dân", "Việt Nam có gần 100 triệu dân",
    "55 triệu người dân Quảng Tây"."""
    lists, alias = vocabulary().lists, amount.alias.lower()
    if re.search(r"dân số[^,;]{0,40}$", whole_before, re.IGNORECASE):
        return True
    if alias not in ("dân", "người dân", "người") or amount.value < 1e4:
        return False
    word_before = re.search(r"(\S+(?:\s+\S+)?)\s*$", whole_before)
    if alias == "dân" and word_before and \
            lists["people.population_before"].search(word_before.group(1)):
        return True
    following = text[amount.end :].lstrip()
    return alias == "người dân" and amount.value >= 1e5 and following[:1].isupper()


def _verb_right_after(after: str, verbs: re.Pattern[str], max_gap: int = 4) -> bool:
    """"16 dân thường đã thiệt mạng", "46 người khác bị thương", "4 quân nhân Syria bị
    thương", "116 cơ sở dân sinh bị ảnh hưởng": the verb within four words of the noun, no
    number and no word that starts another clause between."""
    match = verbs.search(after)
    if not match:
        return False
    gap = after[: match.start()].split()
    return len(gap) <= max_gap and not any(w[:1].isdigit() or _NEW_CLAUSE.fullmatch(w)
                                           for w in gap)


def _verb_before(whole_before: str, verbs: str) -> bool:
    """"giết 5 người", "tiêm cho hơn 800 người", "sơ tán 3.000 người": the verb right before
    the number."""
    return bool(around(verbs, r"{}\s*$").search(whole_before[-40:]))


def percent_kind(amount: Amount, text: str, before: str,
                  whole_before: str) -> tuple[str, float | None, float | None] | None:
    """(indicator, value, change_pct) of a percentage or multiplier; None: no figure."""
    lists = vocabulary().lists
    if amount.kind == "mult":
        return "growth", None, amount.value
    near, after = before[-80:], text[amount.end : amount.end + 40]
    if around("percent.plan_nouns", r"\s*{}").match(after) and \
            around("percent.plan_verbs", r"{}\s*$").search(near):
        return "plan_completion", amount.value, None  # "hoàn thành 116% kế hoạch"
    dividend = last_match(lists["percent.dividend"], near)
    if dividend and not _growth_verb(near[dividend.end() :]):
        return "dividend", amount.value, None  # "mức chia cổ tức là 14,68%"
    if _STAKE_NOUN.match(after) or lists["percent.stake_words"].search(whole_before) \
            or around("percent.stake_verbs", r"{}" + _SHARE_NEAR).search(near):
        return "stake", amount.value, None
    verb = _growth_verb(near)
    change = (-amount.value if verb and lists["percent.fall"].fullmatch(verb.group(0))
              else amount.value)
    level = around("percent.level_before", r"{}\s*$").search(near)
    share_after = around("percent.share_nouns", r"\s*{}").match(after)
    if level and amount.low is not None and level.group(0).strip().lower() == "từ":
        level = None  # "tăng giá từ 10 - 20%": the range's "from", not a level's
    if level:  # "giảm từ 32% xuống 14,5%": a level, not a change
        if lists["percent.share_words"].search(whole_before) or share_after:
            return "share", amount.value, None
        if re.search(r"tăng trưởng", whole_before, re.IGNORECASE):
            return "growth", None, amount.value
        if verb and level.group(0).split()[0].lower() != "từ" and \
                not near[verb.end() : level.start()].strip():
            return "growth", None, change  # "tăng lên 14%"
        return None
    share = around("percent.share_words", r"{}" + _SHARE_NEAR).search(near)
    if share and (verb is None or share.start() > verb.start()):
        return "share", amount.value, None
    if verb is None and lists["percent.share_words"].search(whole_before) and \
            (_COPULA.search(near) or _COMPARED_SHARE.fullmatch(before)):
        return "share", amount.value, None  # "tỷ lệ ủng hộ … năm 2016 là 80%", "52% so với 46%"
    if verb:
        return "growth", None, change
    if re.search(r"\(\s*(?:khoảng|chiếm|tương đương|hơn|gần|trên)?\s*$", before) and \
            re.match(r"\s*\)", after):
        return "share", amount.value, None
    if share_after:
        return "share", amount.value, None
    return None


def _growth_verb(near: str) -> re.Match[str] | None:
    """The verb of change a rate belongs to: "tăng 5%", "giảm 4,85 điểm, tương ứng 0,33%",
    "tăng trưởng tín dụng …, đạt 25,65%" (the noun reaches further than the verbs)."""
    lists = vocabulary().lists
    rose, fell = last_match(lists["percent.rise"], near), last_match(lists["percent.fall"], near)
    verb = max((m for m in (rose, fell) if m), key=lambda m: m.start(), default=None)
    if verb is None:
        return None
    if verb.group(0).lower() == "tăng trưởng":
        return verb  # anywhere in the 80 characters before
    return verb if _CLOSE_AFTER_VERB.fullmatch(near, verb.end()) else None
