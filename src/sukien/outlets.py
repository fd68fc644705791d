"""Which outlet a page comes from: URL host, source lines, byline credits, self-references."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import cache
from urllib.parse import urlsplit

from .normalize import alternation, fold
from .resources import read_tsv


@dataclass(slots=True, frozen=True)
class Outlet:
    name: str
    domains: tuple[str, ...]
    aliases: tuple[str, ...]

    def label(self) -> str:
        return f"{self.name} ({self.domains[0]})" if self.domains else self.name


@cache
def outlets() -> tuple[Outlet, ...]:
    return tuple(
        Outlet(
            name=row["name"],
            domains=tuple(d for d in row["domains"].split("|") if d),
            aliases=tuple(a for a in row["aliases"].split("|") if a),
        )
        for row in read_tsv("outlets.tsv")
    )


def outlet_for_host(host: str | None) -> Outlet | None:
    if not host:
        return None
    host = host.lower().split(":")[0]
    for outlet in outlets():
        if any(host == d or host.endswith("." + d) for d in outlet.domains):
            return outlet
    return None


def outlet_for_url(url: str | None) -> Outlet | None:
    if not url:
        return None
    return outlet_for_host(urlsplit(url if "//" in url else "//" + url).hostname)


@cache
def _alias_pattern() -> tuple[re.Pattern[str], dict[str, Outlet]]:
    table: dict[str, Outlet] = {}
    for outlet in outlets():
        for alias in (*outlet.aliases, outlet.name):
            table.setdefault(fold(alias), outlet)
    return re.compile(rf"(?<![\w+])(?:{alternation(table)})(?![\w])"), table


def outlet_in_credit(text: str) -> Outlet | None:
    """The outlet named in a credit such as "VOV-Bắc Kinh" or "TTXVN/Vietnam+"."""
    folded = fold(text)
    domain = re.search(r"([a-z0-9-]+(?:\.[a-z0-9-]+)+)", folded)
    if domain and (outlet := outlet_for_host(domain.group(1).removeprefix("www."))):
        return outlet
    pattern, table = _alias_pattern()
    # "TTXVN/Vietnam+" names the agency and its outlet: the longest alias wins.
    matches = sorted(pattern.finditer(folded), key=lambda m: len(m.group(0)), reverse=True)
    return table[matches[0].group(0)] if matches else None


_DOMAIN = re.compile(r"(?<![\w.-])(?:www\.)?([a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:vn|net|com|org))\b")


def outlet_from_domains(text: str) -> Outlet | None:
    """The known outlet whose domain the page prints most often ("Theo dõi Baoquocte.vn")."""
    counts: Counter[Outlet] = Counter()
    for match in _DOMAIN.finditer(text.lower()):
        outlet = outlet_for_host(match.group(1))
        if outlet is not None:
            counts[outlet] += 1
    return counts.most_common(1)[0][0] if counts else None


_SELF_REFERENCE = re.compile(r"(?:phong vien|pv|bao|dai)\s+(.{2,40}?)\s+thuong tru")


def outlet_from_self_reference(text: str) -> Outlet | None:
    """ "phóng viên Báo Nhân Dân thường trú tại…": outlets name their own correspondents."""
    counts: Counter[Outlet] = Counter()
    for match in _SELF_REFERENCE.finditer(fold(text)):
        outlet = outlet_in_credit(match.group(1))
        if outlet is not None:
            counts[outlet] += 1
    return counts.most_common(1)[0][0] if counts else None


def detect_outlet(
    url: str | None, credits: list[str], page_text: str, site_name: str | None = None
) -> Outlet | None:
    """Most trustworthy evidence first: the URL, credits and source lines, then the page."""
    candidates = [outlet_for_url(url)]
    candidates += [outlet_in_credit(c) for c in credits]
    if site_name:
        candidates.append(outlet_in_credit(site_name))
    candidates.append(outlet_from_domains(page_text))
    candidates.append(outlet_from_self_reference(page_text))
    return next((c for c in candidates if c is not None), None)
