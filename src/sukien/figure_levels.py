"""Levels and the changes written in their own unit: prices, index levels and their moves.

"giá vàng SJC … ở mức 55,4 - 55,75 triệu đồng/lượng" gives two ``price`` levels; "Giá này
lần lượt giảm 200.000 đồng/lượng chiều mua và 100.000 đồng/lượng chiều bán" two
``price_change`` figures of −200,000 and −100,000 VND (the verb of change distributes over
the amounts it coordinates); "VN-Index tăng 8,18 điểm tương ứng 0,67% lên 1.237,73 điểm" one
``index`` level of 1,237.73 points with ``change_pct`` 0.67 and ``change_abs`` 8.18. A change
that leads to a level of the same unit ("doanh thu tăng 500 tỷ đồng lên 5.000 tỷ đồng") is that
level's ``change_abs``; one with no level of its own is a figure only for prices and indices,
signed (a revenue "tăng 500 tỷ đồng" stays an amount of revenue, as written).

Used by the figures stage (:mod:`sukien.figures`); word lists in ``data/figures.toml``.
"""

from __future__ import annotations

import re
from functools import cache

from .figure_measures import Amount, indicator_for, last_match
from .figure_vocab import vocabulary

_LEVEL_MARK = re.compile(  # "… lên 5 tỷ USD", "… lên đỉnh cao kỷ lục mới: 1.268,28 điểm"
    r"\s*,?\s*(?:so với[^,;]{0,40}?\s+)?(?P<mark>lên|xuống|còn|đạt)"
    r"(?:\s+(?:còn|mức|tới|đến))*(?:(?:\s+[^\s\d,;:]+){1,5}\s*:)?\s*$", re.IGNORECASE)
_CORRESPONDING = re.compile(
    r"\s*,?\s*(?:tương ứng|tương đương|tức|hay)(?:\s+với|\s+là)?(?:\s+(?:mức\s+)?(?:tăng|giảm))?"
    r"\s*$", re.IGNORECASE)
_FILLERS = (r"(?:\s+(?:lần lượt|thêm|mạnh|nhẹ|vọt|tiếp|đi|sâu|tổng cộng|chỉ|khoảng|gần|hơn|"
            r"trên|tới|khá|đáng kể|giá)(?!\w))*")
_COORDINATED = re.compile(r"[^\d;]{0,40}?(?:,|(?<!\w)và)\s*", re.IGNORECASE)
_RATE_OF_CHANGE = re.compile(
    r"\s*,?\s*\(?\s*(?:tương ứng|tương đương)(?:\s+(?:với|mức tăng|mức giảm))?\s*", re.IGNORECASE)
_AFTER_LEVEL = re.compile(r"\s*,\s*(?:\S+\s+)?(?:tăng|giảm|mất|nhích|sụt)", re.IGNORECASE)
_PRICE_NEAR = re.compile(r"(?<!\w)(?<!trị )(?<!đánh )(?<!định )(?<!mệnh )[Gg]iá(?!\s+trị)(?!\w)")
NO_GROWTH_FOR_AMOUNTS = frozenset({"growth", "population"})  # never money's indicator
_MARK_SIGN = {"lên": 1, "xuống": -1, "còn": -1}
CHANGE_INDICATORS = {"price": "price_change", "index": "index_change"}


@cache
def _verb_before() -> re.Pattern[str]:
    lists = vocabulary().lists
    return re.compile(rf"(?P<verb>{lists['percent.rise'].pattern}|{lists['percent.fall'].pattern})"
                      rf"{_FILLERS}\s*$", re.IGNORECASE)


def change_sign(before: str) -> int | None:
    """+1 or −1 when ``before`` ends with a verb of change right before the amount ("giảm
    lần lượt 300.000 đồng", "tăng 7 USD"), else None ("tăng lên 55 triệu" is a level)."""
    match = _verb_before().search(before[-40:])
    if match is None:
        return None
    return -1 if vocabulary().lists["percent.fall"].fullmatch(match.group("verb")) else 1


def coordinated(text: str, previous_end: int, start: int) -> bool:
    """"giảm 300.000 đồng và 150.000 đồng", "giảm 200.000 đồng/lượng chiều mua và 100.000
    đồng/lượng chiều bán": the amount at ``start`` shares the verb of the one before."""
    return previous_end <= start and bool(_COORDINATED.fullmatch(text, previous_end, start)) \
        and change_sign(text[previous_end:start]) is None \
        and not _verb_in(text[previous_end:start])


def _verb_in(gap: str) -> bool:
    lists = vocabulary().lists
    return bool(lists["percent.rise"].search(gap) or lists["percent.fall"].search(gap))


def per_unit_price(text: str, end: int) -> bool:
    """Money per unit of a good right after the amount: "đồng/lượng", "USD/ounce"."""
    return bool(vocabulary().lists["price.per_unit"].match(text, end))


def level_indicator(text: str, amount: Amount, indicator: str) -> str:
    """``price`` for money per unit of a good, ``index`` for points when the sentence names
    a market index, else ``indicator``."""
    if amount.kind == "money" and per_unit_price(text, amount.end):
        return "price"
    if amount.unit == "points":
        return "index" if vocabulary().lists["index.names"].search(text) else "votes"
    return indicator


def changes_leading_to_levels(text: str, amounts: list[Amount],
                              consumed: set[int]) -> dict[int, tuple[float | None, float | None]]:
    """``{index of a level: (change_pct, change_abs)}`` for the changes that lead to it:
    "tăng 10% lên 5 tỷ USD", "tăng trưởng gấp đôi so với năm 2019 lên 300 triệu USD", "tăng
    22 điểm lên 1.260 điểm", "giảm 35,35 điểm tương ứng 1,63% còn 1.228,18 điểm". The changes
    are added to ``consumed``."""
    lists = vocabulary().lists
    rise, fall = lists["percent.rise"], lists["percent.fall"]
    changes: dict[int, tuple[float | None, float | None]] = {}
    for i, change in enumerate(amounts):
        chain = [i]
        if change.kind in ("money", "count") and i + 1 < len(amounts) \
                and amounts[i + 1].kind == "pct" \
                and _CORRESPONDING.fullmatch(text, change.end, amounts[i + 1].start):
            chain.append(i + 1)  # "tăng 8,18 điểm tương ứng 0,67%"
        j = chain[-1] + 1
        if j >= len(amounts) or any(k in consumed for k in chain):
            continue
        target = amounts[j]
        if target.kind not in ("money", "count") or \
                not _LEVEL_MARK.fullmatch(text, amounts[chain[-1]].end, target.start):
            continue
        before = text[max(0, change.start - 30) : change.start]
        if change.kind in ("money", "count"):
            mark = _LEVEL_MARK.fullmatch(text, amounts[chain[-1]].end, target.start)
            # with no verb the mark says which way: "mức thiệt hại 20,35 điểm tương ứng 1,63%
            # còn 1.228,18 điểm"
            sign = change_sign(before) or (_MARK_SIGN.get(mark.group("mark").lower())
                                           if len(chain) > 1 else None)
            if sign is None or change.unit != target.unit:
                continue
        else:
            verb = last_match(rise, before), last_match(fall, before)
            if change.kind == "pct" and not any(verb):
                continue
            sign = -1 if verb[1] and (not verb[0] or verb[1].start() > verb[0].start()) else 1
        pct = absolute = None
        for k in chain:
            part = amounts[k]
            if part.kind == "mult":
                pct = part.value
            elif part.kind == "pct":
                pct = sign * part.value
            else:
                absolute = sign * part.value
        changes[j] = (pct, absolute)
        consumed.update(chain)
    return changes


def change_in_unit_after(text: str, amounts: list[Amount], i: int, end: int,
                          consumed: set[int]) -> tuple[float | None, int]:
    """"VN-Index đạt 1.186,36 điểm, tăng 83,36 điểm", "doanh thu đạt 500 tỷ đồng, giảm 20 tỷ
    đồng": the change of a level written right after it, in its unit."""
    nxt = amounts[i + 1] if i + 1 < len(amounts) else None
    amount = amounts[i]
    if nxt is None or i + 1 in consumed or nxt.kind != amount.kind or nxt.unit != amount.unit \
            or nxt.kind not in ("money", "count") or end > nxt.start:
        return None, end
    gap = text[end : nxt.start]
    sign = change_sign(gap)
    if sign is None or not _AFTER_LEVEL.match(gap):
        return None, end
    consumed.add(i + 1)
    return sign * nxt.value, nxt.end


def corresponding_rate(text: str, amounts: list[Amount], i: int, end: int, consumed: set[int],
                        sign: int) -> tuple[float | None, int]:
    """The rate a change in the amount's own unit corresponds to: "giảm 4,85 điểm, tương
    ứng 0,33%", "tăng 83,36 điểm (tương đương mức tăng 7,56%)"."""
    nxt = amounts[i + 1] if i + 1 < len(amounts) else None
    if nxt is None or nxt.kind != "pct" or i + 1 in consumed or \
            not _RATE_OF_CHANGE.fullmatch(text, end, nxt.start):
        return None, end
    consumed.add(i + 1)
    close = re.match(r"\s*\)", text[nxt.end :])
    return sign * nxt.value, nxt.end + (close.end() if close else 0)


def money_indicator(text: str, amount: Amount, before: str, change: bool) -> str:
    """The indicator keyword nearest before the amount; "giá" (a price) only close to it
    ("có giá 99 USD", "với giá 800.000 đồng") or when the amount is its change ("giá là …,
    giảm lần lượt 300.000 đồng"): "Tạm tính theo mức giá này, … đã chi 240 tỷ đồng" is no
    price."""
    scopes = ((amount.start - len(before), amount.start), (0, amount.start), (0, len(text)))
    indicator = indicator_for(text, scopes, "amount", NO_GROWTH_FOR_AMOUNTS, money=True)
    near = _PRICE_NEAR.search(text, max(0, amount.start - 50), amount.start)
    if indicator == "price" and not change and (
            near is None or re.search(r"[,;:]\s", text[near.end() : amount.start])):
        indicator = indicator_for(text, scopes, "amount", NO_GROWTH_FOR_AMOUNTS | {"price"},
                                  money=True)
    return indicator
