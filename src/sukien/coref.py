"""Coreference inside one article: every mention of a person becomes one cluster.

A full name ("Donald Trump", "Nguyễn Xuân Phúc") opens a cluster. A shorter mention joins
the cluster of a full name of the same article that it shortens, the way each naming
tradition shortens ("ông Trump", "bà Merkel", "Von der Leyen": the last words; "Thủ tướng
Phúc", "Chủ tịch Kim Ngân": a Vietnamese name's last given names; "ông Tập", "Tổng thống
Moon": an East Asian surname; "Yudo" for "Yudo Margono": the first word, when nothing
else fits), or the cluster of the same lexicon actor ("Pu-tin", "V.Pu-tin" and "Vladimir
Putin"). When two full names fit, the one named last before the mention wins. A short
mention with no full name stays a person of its own, resolved through the lexicon when its
title fits exactly one actor. A one-word name that only a firm's or profession's title
vouches for ("Chủ tịch Eximbank") needs such a witness, or it is dropped.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from . import actors
from .names import is_vietnamese, surname
from .people import PersonMention
from .tokens import fold_key

FIELD_ORDER = {"title": 0, "lede": 1, "body": 2}


@dataclass(slots=True)
class Placed:
    """A person mention and where it stands."""

    field: str
    sentence: int | None
    mention: PersonMention

    @property
    def order(self) -> tuple[int, int]:
        return FIELD_ORDER.get(self.field, 3), self.mention.start


@dataclass(slots=True)
class Cluster:
    mentions: list[Placed] = field(default_factory=list)
    actor: actors.Actor | None = None
    full: list[str] = field(default_factory=list)  # the full forms written

    @property
    def canonical(self) -> str:
        if self.full:
            return max(self.full, key=lambda n: (len(_words(n)), -self.full.index(n)))
        return self.mentions[0].mention.name

    @property
    def country_hint(self) -> str | None:
        return self.actor.country if self.actor else None


def _words(name: str) -> list[str]:
    return fold_key(name).split()


def _title_head(placed: Placed) -> str | None:
    """The office written beside a mention, the one before the name first."""
    mention = placed.mention
    ordered = sorted(mention.titles, key=lambda t: t.start >= mention.start)
    return ordered[0].head if ordered else None


def is_full(name: str) -> bool:
    """Two words or more ("Joe Biden", "V.Pu-tin"); one hyphenated word is short ("Pu-tin")."""
    return len(name.replace(".", ". ").split()) >= 2


def shortens(short: str, full: str, country: str | None) -> int:
    """How well ``short`` shortens ``full``: 3 the usual way, 1 by its first word, 0 not."""
    s, f = _words(short), _words(full)
    if len(s) >= len(f) or not s:
        return 0
    n = len(s)
    east_asian = country in actors.EAST_ASIAN
    if f[-n:] == s and not east_asian:
        return 3
    if f[:n] == s and (east_asian or (n == 1 and _surname_first(full, country))):
        return 3
    if f[:n] == s and (not is_vietnamese(full.split()) or (n == 1 and _chinese_surname(full))):
        return 1  # "Yudo" for "Yudo Margono", "Miguel Diaz" for "Miguel Diaz-Canel", "ông Lý"
    return 0


def _chinese_surname(full: str) -> bool:


    family = surname(full.split()[0])
    return bool(family and family.cn_common)


def _surname_first(full: str, country: str | None) -> bool:


    words = full.split()
    family = surname(words[0]) if words else None
    return bool(family and family.cn_common and not family.vn_common and country != "VN")


def cluster(mentions: list[Placed], year: int | None) -> list[Cluster]:
    """Group the person mentions of one article; title-only mentions are left out.

    Longer names are placed first, so that every shorter one finds the full names that it
    may shorten already in place."""
    named = [p for p in mentions if p.mention.name]
    for placed in named:
        m = placed.mention
        m.actor = actors.resolve(m.name, _title_head(placed), year)
    named.sort(key=lambda p: (-len(_words(p.mention.name)), p.order))
    clusters: list[Cluster] = []
    by_actor: dict[str, Cluster] = {}
    by_name: dict[str, Cluster] = {}
    for placed in named:
        m = placed.mention
        key = fold_key(m.name)
        target = (by_actor.get(m.actor.key) if m.actor else None) or by_name.get(key) \
            or _host(placed, clusters)
        if target is None:
            if m.weak and m.actor is None:
                continue
            target = Cluster(actor=m.actor)
            clusters.append(target)
            if is_full(m.name):
                target.full.append(m.name)
        elif (not target.full and is_full(m.name)) or key in {fold_key(f) for f in target.full} or (
                m.actor and _is_full_form(m.name, m.actor) and is_full(m.name)):
            target.full.append(m.name)
        target.mentions.append(placed)
        by_name.setdefault(key, target)
        if m.actor:
            target.actor = target.actor or m.actor
            by_actor.setdefault(m.actor.key, target)
    return clusters


def _is_full_form(name: str, actor: actors.Actor) -> bool:
    key = fold_key(name)
    return any(fold_key(f) == key for f in actor.forms)


def _host(placed: Placed, clusters: list[Cluster]) -> Cluster | None:
    """The cluster of a full name that this mention shortens; the last named before it."""
    m = placed.mention
    scored: list[tuple[int, tuple[int, int], Cluster]] = []
    for c in clusters:
        if not c.full or (m.actor and c.actor and m.actor.key != c.actor.key):
            continue
        country = c.country_hint
        score = max(shortens(m.name, full, country) for full in c.full)
        if score:
            before = [p.order for p in c.mentions if p.order < placed.order]
            scored.append((score, max(before, default=(-1, -1)), c))
    if not scored:
        return None
    best = max(s for s, _, _ in scored)
    scored = [x for x in scored if x[0] == best]
    scored.sort(key=lambda x: x[1])
    return scored[-1][2]
