"""People: ordered, named rules over the token layer, then the annotations they set.

Matching is kept apart from annotating (as spaCy's ``Matcher`` is from the components that
use its matches). :func:`match_people` runs the rules of :data:`RULES` left to right over
a :class:`~sukien.tokens.Tokens`; at each token the first rule that matches wins and the
scan goes on after it. Each rule returns a :class:`PersonMatch` (token spans only);
:func:`find_people` turns matches into :class:`PersonMention` objects with offsets, the
titles written after the name and the actor of the lexicon.

The rules, in order:

``honorific``   "ông Trump", "bà Nguyễn Thị Kim Ngân", "đồng chí Thứ trưởng …": an address
                word, then a title phrase or a name;
``title``       the title grammar: office word(s) + organisation + country/place + name
                ("Tổng thống Mỹ Donald Trump", "Đại sứ Việt Nam tại Nga Đặng Minh Khôi",
                "người phát ngôn Bộ Ngoại giao Nga Maria Zakharova"); titles chained with
                commas or "kiêm" stay one title; a title with no name after it is a
                title-only mention ("Thứ trưởng đề nghị …") tied later to its holder;
``actor``       a full form of the people lexicon anywhere ("V.Pu-tin", "Lý Hiển Long");
``after_org``   a Vietnamese name right after an organisation ("Bộ Ngoại giao Nguyễn Minh Vũ");
``name_then_title`` a name with its title after a comma ("Li Mingjiang, phó giáo sư tại …");
``bare_name``   a Vietnamese name of three or four syllables with a common surname, or a
                foreign name opening with a known given name, standing alone.

Names are runs of capitalised words in one sentence, separated by single spaces (initials
"V.Pu-tin", "George W. Bush" and particles "von der", "bin" included). A run stops before
a title, an honorific, an organisation, a knowledge-base place or organisation, an
acronym, and the words that open a sentence ("Tuy", "Cũng", "Tại" …), so a body printed as
one paragraph does not glue the next sentence's first word to a name. What is not a
person: a run inside a place or organisation name, after a place word ("huyện Gio Linh",
"TP Hồ Chí Minh"), or holding a firm or product word ("Telecom", "Group", "FC").
"""

from __future__ import annotations

from dataclasses import dataclass, field

from . import actors, titles
from .gazetteer import Entry, Match
from .names import (
    MAX_NAME_WORDS,
    Context,
    continues_word,
    is_vietnamese,
    name_run,
    read_name,
    surname,
    surname_split,
    vocab,
)
from .normalize import is_syllable
from .tokens import Tokens

MAX_TITLE_TOKENS = 16
STRONG_TITLE_KINDS = frozenset({"state", "government", "party", "diplomatic", "military",
                                "provincial"})


@dataclass(slots=True)
class TitleSpan:
    start: int
    end: int
    text: str
    qualifiers: list[Match] = field(default_factory=list)
    head: str = ""  # the lexicon form the title opens with ("Tổng thống")


@dataclass(slots=True)
class PersonMention:
    start: int
    end: int
    name: str
    titles: list[TitleSpan] = field(default_factory=list)
    chained: bool = False  # titles written before the name as one list ("A, B Name")
    resolved: bool = False
    rule: str = ""
    weak: bool = False  # a one-word name that needs a second witness (lexicon, full name)
    honorific: str | None = None
    actor: actors.Actor | None = None


@dataclass(slots=True)
class PersonMatch:
    """What a rule found, in tokens: ``[start, end)`` covers everything the rule read."""

    rule: str
    start: int
    end: int
    name: tuple[int, int] | None  # the name's tokens
    titles: list[tuple[int, int, list[Match]]] = field(default_factory=list)
    honorific: str | None = None
    weak: bool = False
    after: list[tuple[int, int, list[Match]]] = field(default_factory=list)  # ", Title" after


# --- titles -------------------------------------------------------------------------------


@dataclass(slots=True)
class _TitleRead:
    start: int
    head_end: int
    end: int  # after the qualifiers
    quals: list[Match]
    name: tuple[int, int] | None
    weak_name: bool = False
    honorific: str | None = None


def _title_start(ctx: Context, i: int) -> tuple[int, int] | None:
    """(start, head end) of a title at ``i``, a modifier ("nguyên", "cựu") included."""
    tk = ctx.tk
    if tk.lowered[i] in vocab().modifiers and i + 1 < tk.n and (i + 1) in tk.titles \
            and tk.spaced(i + 1) and not (i > 0 and tk.spaced(i) and
                                          tk.lowered[i - 1] in vocab().modifier_compounds):
        return i, tk.titles[i + 1]
    if i in tk.titles:
        return i, tk.titles[i]
    return None


def read_title(ctx: Context, i: int) -> _TitleRead | None:
    """A title phrase at ``i`` and the name after it, if any."""
    found = _title_start(ctx, i)
    if found is None:
        return None
    start, k = found
    tk = ctx.tk
    quals: list[Match] = []
    good = k
    steps = 0
    inner: int | None = None  # where a title inside the title starts
    while k < tk.n and steps < MAX_TITLE_TOKENS and tk.spaced(k):
        steps += 1
        if k in tk.actors:
            return _boss_or_holder(ctx, _TitleRead(start, found[1], _title_end(tk, k), quals,
                                                   (k, tk.actors[k][0])), inner)
        if k in tk.gaz:
            end, match = tk.gaz[k]
            quals.append(match)
            k = good = end
            continue
        country = ctx.country_at(k)
        if country:
            quals.append(_as_match(tk, k, country[0], country[1]))
            k = good = country[0]
            continue
        if k in tk.orgs:
            end = tk.orgs[k]
            within = [m for m in tk.gaz_all
                      if tk.starts[k] <= m.start and m.end <= tk.ends[end - 1]]
            quals += within or [_as_match(tk, k, end, None)]
            k = good = end
            continue
        if tk.lowered[k] == "kiêm" and k + 1 < tk.n and (k + 1) in tk.titles:
            k = good = tk.titles[k + 1]
            continue
        if k in tk.titles:  # "trợ lý tổng thống Nga", "người phát ngôn Tổng thống"
            inner = inner if inner is not None else k
            k = good = tk.titles[k]
            continue
        if ctx.acronym(k):
            k = good = k + 1
            continue
        nationality = tk.phrase_at(k, vocab().nationalities, longest=2)
        if nationality and tk.cap(k):
            k = good = nationality
            continue
        portfolio = tk.phrase_at(k, vocab().portfolios, longest=6)
        if portfolio and tk.cap(k):
            k = good = portfolio
            continue
        place = _place_words(ctx, k)
        if place:
            k = good = place[0]
            if place[1] is not None:
                quals.append(place[1])
            continue
        if tk.lowered[k] in vocab().honorific_names and k in tk.honorifics:
            name = read_name(ctx, tk.honorifics[k], short_ok=False)
            if name:  # "Thủ tướng Campuchia Samdech Hun Sen"
                return _TitleRead(start, found[1], good, quals, name, False, tk.words[k])
        if tk.lowered[k] == "và" and k + 1 < tk.n and tk.cap(k + 1) \
                and tk.phrase_at(k + 1, vocab().portfolios, longest=6):
            k += 1  # "phụ trách Thương mại và Công nghiệp"
            continue
        deictic = tk.phrase_at(k, vocab().deictic, longest=3)
        if deictic:
            k = deictic
            continue
        bridge = tk.phrase_at(k, vocab().bridges, longest=3)
        if bridge:
            k = bridge
            if tk.lowered[bridge - 1] == "trách" or (tk.lowered[bridge - 1] == "về" and any(
                    tk.span(start, found[1]).lower().endswith(t) for t in vocab().mandates)):
                k = _topic_words(ctx, k)  # "phụ trách chính sách", "đặc phái viên về khí hậu"
            elif tk.lowered[bridge - 1] == "của" and tk.cap(k) and k not in tk.titles \
                    and k not in tk.gaz and k not in tk.orgs:
                k = good = _possessor(ctx, k)  # "cầu thủ của Man Utd": the club, not the name
            continue
        if tk.cap(k) and tk.is_word(k):
            name = read_name(ctx, k, short_ok=True, after_title=True)
            if name and _weak_title(tk.span(start, found[1])) and name[1] - name[0] > 1 \
                    and is_vietnamese(tk.words[name[0] : name[1]]) \
                    and not surname(tk.words[name[0]]):
                name = None  # "diễn viên Tây Du Ký": a film, not a person
            if name and (name[1] - name[0] > 1 or _one_word_name_ok(ctx, name[0])):
                one = name[1] - name[0] == 1
                weak = one and (is_syllable(tk.words[name[0]])
                                or _weak_title(tk.span(start, found[1])))
                return _boss_or_holder(ctx, _TitleRead(start, found[1], _title_end(tk, name[0]),
                                                       quals, name, weak), inner)
            k = good = _qualifier_words(ctx, k)
            continue
        break
    return _TitleRead(start, found[1], good, quals, None)


def _boss_or_holder(ctx: Context, title: _TitleRead, inner: int | None) -> _TitleRead:
    """"cố vấn an ninh quốc gia của Tổng thống Mỹ Donald Trump": when the name is a known
    holder of the inner office and not of the outer one, the name is the boss's and only
    the inner title is his."""
    if inner is None or title.name is None:
        return title
    tk = ctx.tk
    actor = actors.lookup(tk.span(*title.name))
    if actor and actor.fits_title(tk.span(inner, title.end)) \
            and not actor.fits_title(tk.span(title.start, inner)):
        title.start = inner
        title.quals = [q for q in title.quals if q.start >= tk.starts[inner]]
    return title


def _as_match(tk: Tokens, i: int, j: int, entry: Entry | None) -> Match:
    entry = entry or Entry("ORG", tk.span(i, j), None, None, "pattern")
    return Match(tk.starts[i], tk.ends[j - 1], tk.span(i, j), entry)


def _place_words(ctx: Context, k: int) -> tuple[int, Match | None] | None:
    """"huyện Gio Linh", "xã Đồng Tâm": a place word and the place's name (not a person)."""
    tk = ctx.tk
    prefix = tk.phrase_at(k, vocab().place_prefixes, longest=3)
    if prefix is None or not tk.cap(prefix) or not tk.spaced(prefix):
        return None
    if prefix in tk.gaz:
        return tk.gaz[prefix][0], tk.gaz[prefix][1]
    end, words = name_run(ctx, prefix)
    if not words:
        return None
    texts = [tk.words[w] for w in words]
    if len(texts) == 3 and surname(texts[0]) and is_vietnamese(texts):
        return prefix, None  # "UBND tỉnh Hoàng Minh Tuấn": a name, the province unsaid
    split = surname_split(texts) if len(texts) >= 4 else None
    return (words[split] if split else end), None


def _qualifier_words(ctx: Context, k: int) -> int:
    """A capitalised word that is not a name (a portfolio, "Thường trực"), with the lower-case
    syllables that finish it ("Ngoại giao")."""
    tk = ctx.tk
    k += 1
    n = 0
    while k < tk.n and n < 2 and tk.spaced(k) and tk.is_word(k) and not tk.caps[k] \
            and continues_word(tk, k) and tk.lowered[k] not in vocab().bridges:
        k += 1
        n += 1
    return k


def _possessor(ctx: Context, k: int) -> int:
    """The capitalised run after "của" in a title: an organisation or team."""
    end, words = name_run(ctx, k)
    return end if words else k + 1


def _title_end(tk: Tokens, k: int) -> int:
    """Where a title before the name at ``k`` ends: "nước này" is not written in it."""
    for n in (2, 3):
        if k - n >= 0 and tk.phrase_at(k - n, vocab().deictic, 3) == k:
            return k - n
    return k


def _topic_words(ctx: Context, k: int) -> int:
    """Lower-case words of a portfolio or mandate ("phụ trách chính sách", "về khí hậu")."""
    tk = ctx.tk
    n = 0
    while k < tk.n and n < 4 and tk.spaced(k) and tk.is_word(k) and not tk.caps[k] \
            and tk.lowered[k] not in vocab().after_name:
        k += 1
        n += 1
    return k


def _one_word_name_ok(ctx: Context, k: int) -> bool:
    """After a title, one capitalised word is a name ("Thủ tướng Phúc cho biết") when what
    follows cannot finish a compound word ("Bộ trưởng Quốc phòng")."""
    tk = ctx.tk
    j = k + 1
    if j >= tk.n or not tk.spaced(j) or not tk.is_word(j):
        return True
    if tk.caps[j]:
        return False
    return tk.lowered[j] in vocab().after_name or tk.phrase_at(j, vocab().after_name, 2) \
        is not None


def _weak_title(text: str) -> bool:
    """Titles of firms and professions: a one-word name after them needs a witness."""
    rows = titles.templates().get(text.lower().strip())
    kinds = {r.kind for r in rows} if rows else set()
    return not (kinds & STRONG_TITLE_KINDS)


# --- the rules ----------------------------------------------------------------------------


def rule_honorific(ctx: Context, i: int) -> PersonMatch | None:
    tk = ctx.tk
    if i not in tk.honorifics or i in tk.gaz:
        return None  # "Bà Rịa", "Hai Bà Trưng" are places
    k = tk.honorifics[i]
    if k >= tk.n or not tk.spaced(k) or not tk.cap(k):
        return None
    if tk.caps[i] and tk.lowered[i] in ("anh", "chị", "cô", "chú", "em") \
            and not surname(tk.words[k]):
        return None  # "Anh" opening a sentence is the country as often as "Mr."
    honorific = tk.span(i, k)
    title = read_title(ctx, k)
    if title is not None:
        return _from_title(ctx, "honorific", i, title, honorific)
    name = read_name(ctx, k, short_ok=True)
    if name is None or name[0] != k:
        return None
    return PersonMatch("honorific", i, name[1], name, honorific=honorific)


def rule_title(ctx: Context, i: int) -> PersonMatch | None:
    title = read_title(ctx, i)
    if title is None:
        return None
    if not ctx.tk.caps[title.start] and title.name is None:
        return None  # a lower-case office with no name is not about one person
    return _from_title(ctx, "title", i, title, None)


def _from_title(ctx: Context, rule: str, i: int, first: _TitleRead,
                honorific: str | None) -> PersonMatch | None:
    tk = ctx.tk
    chain = [(first.start, first.end, first.quals)]
    title = first
    while title.name is None:
        k = title.end
        if k + 1 < tk.n and tk.words[k] == "," and tk.caps[k + 1] \
                and _title_start(ctx, k + 1):
            nxt = read_title(ctx, k + 1)
            if nxt is None:
                break
            chain.append((nxt.start, nxt.end, nxt.quals))
            title = nxt
            continue
        break
    if title.name is None:
        k = title.end
        if not honorific and k + 2 < tk.n and tk.words[k] == "," and (k + 1) in tk.honorifics:
            named = rule_honorific(ctx, k + 1)  # "Chủ tịch SMBC, ông Masayuki Oku, …"
            if named is not None and named.name is not None and not named.titles:
                return PersonMatch(rule, i, named.end, named.name, chain, named.honorific)
        if len(chain) > 1 or _plural_around(tk, first.start, title.end) or honorific:
            return None
        return PersonMatch(rule, i, title.end, None, chain)
    return PersonMatch(rule, i, title.name[1], title.name, chain, title.honorific or honorific,
                       title.weak_name)


def _plural_around(tk: Tokens, start: int, end: int) -> bool:
    plural = vocab().plural
    return (start > 0 and tk.lowered[start - 1] in plural) or \
        (end < tk.n and tk.lowered[end] in plural)


def rule_actor(ctx: Context, i: int) -> PersonMatch | None:
    tk = ctx.tk
    if i not in tk.actors:
        return None
    if i > 0 and _after_place_word(tk, i):
        return None  # "TP Hồ Chí Minh", "đường Nguyễn Chí Thanh"
    end = tk.actors[i][0]
    return PersonMatch("actor", i, end, (i, end))


def rule_after_org(ctx: Context, i: int) -> PersonMatch | None:
    tk = ctx.tk
    if not (i > 0 and tk.spaced(i) and tk.cap(i) and surname(tk.words[i])):
        return None
    if not any(end == i for end in tk.orgs.values()):
        return None
    name = read_name(ctx, i, short_ok=False)
    if name is None or name[0] != i or not is_vietnamese(list(tk.words[i : name[1]])):
        return None
    return PersonMatch("after_org", i, name[1], name)


def _free_run(ctx: Context, i: int) -> tuple[int, list[int]] | None:
    """The capitalised run at ``i`` when nothing before it makes it a place or a title's
    word: the start of both free-standing name rules."""
    if i in ctx.free:
        return ctx.free[i]
    tk = ctx.tk
    found = None
    if tk.cap(i) and not (i > 0 and tk.spaced(i) and tk.caps[i - 1]) \
            and not (ctx.blocked(i, inside=False) or ctx.opener(i)
                     or (i > 0 and _after_place_word(tk, i))):
        found = name_run(ctx, i)
    ctx.free[i] = found
    return found


def rule_bare_name(ctx: Context, i: int) -> PersonMatch | None:
    tk = ctx.tk
    run = _free_run(ctx, i)
    if run is None or _in_street_list(tk, i):
        return None
    end, words = run
    texts = [tk.words[k] for k in words]
    if not words or words[0] != i or (end < tk.n and tk.spaced(end) and tk.cap(end)):
        return None
    if is_vietnamese(texts):
        family = surname(texts[0])
        if 3 <= len(texts) <= MAX_NAME_WORDS and family and family.vn_common \
                and not any(k in tk.gaz for k in words[1:]):
            return PersonMatch("bare_name", i, end, (i, end))
        return None
    if 2 <= len(texts) <= 4 and texts[0].lower() in vocab().given_names \
            and not any(ctx.firm(k) for k in words) and not any(k in tk.gaz for k in words):
        return PersonMatch("bare_name", i, end, (i, end))
    return None


def rule_name_then_title(ctx: Context, i: int) -> PersonMatch | None:
    """"Li Mingjiang, phó giáo sư tại …": a name of two words or more with its title after a
    comma or dash."""
    tk = ctx.tk
    run = _free_run(ctx, i)
    if run is None:
        return None
    end, words = run
    if len(words) < 2 or words[0] != i or any(ctx.firm(k) for k in words):
        return None
    if end + 1 >= tk.n or tk.words[end] not in (",", "-", "–") \
            or _title_start(ctx, end + 1) is None:
        return None
    after, _ = titles_after(ctx, end)
    if not after:
        return None
    return PersonMatch("name_then_title", i, end, (i, end))


def _in_street_list(tk: Tokens, i: int) -> bool:
    """"đường Nguyễn Chí Thanh", "các tuyến phố Mễ Trì, Lê Trọng Tấn": streets, schools."""
    k = i - 1
    while k >= 0 and i - k <= 12 and tk.sent[k] == tk.sent[i]:
        word = tk.lowered[k]
        if word in vocab().street_words or (k > 0 and f"{tk.lowered[k - 1]} {word}"
                                             in vocab().street_words):
            return True
        if not (tk.caps[k] or word in (",", "và", "-", "–")):
            return False
        k -= 1
    return False


def _after_place_word(tk: Tokens, i: int) -> bool:
    if i > 0 and (tk.words[i - 1] in ("TP", "Tp") or (
            i > 1 and tk.words[i - 1] == "." and tk.words[i - 2] in ("TP", "Tp"))):
        return True
    for n in (1, 2, 3):
        if i - n >= 0 and tk.phrase_at(i - n, vocab().place_prefixes, 3) == i:
            return True
    return i > 0 and tk.lowered[i - 1] in ("phố", "đường", "sông", "núi", "hồ", "cầu", "làng")


RULES = (
    ("honorific", rule_honorific),
    ("title", rule_title),
    ("actor", rule_actor),
    ("after_org", rule_after_org),
    ("name_then_title", rule_name_then_title),
    ("bare_name", rule_bare_name),
)


RUN_RULES = frozenset({"name_then_title", "bare_name"})  # only where a run starts


def match_people(ctx: Context) -> list[PersonMatch]:
    """Run :data:`RULES` over the tokens, left to right, first match wins at each token."""
    tk = ctx.tk
    found: list[PersonMatch] = []
    done = 0
    inside = {k for start, (end, _) in tk.gaz.items() for k in range(start + 1, end)}
    inside |= {k for start, end in tk.orgs.items() for k in range(start + 1, end)}
    candidates = set(tk.titles) | set(tk.honorifics) | set(tk.actors)
    candidates |= {i + 1 for i in tk.titles if tk.lowered[i] in vocab().modifiers}
    candidates |= {k - 1 for k in tk.titles if k > 0 and tk.lowered[k - 1] in vocab().modifiers}
    caps = tk.caps
    positions = sorted((candidates | {k for k, c in enumerate(caps) if c}) - inside)
    for i in positions:
        if i < done:
            continue
        run_start = caps[i] and not (i > 0 and caps[i - 1] and tk.spaced(i))
        for name, rule in RULES:
            if name in RUN_RULES and not run_start:
                continue
            match = rule(ctx, i)
            if match is not None:
                if match.name is not None:
                    match.after, end = titles_after(ctx, match.name[1])
                    match.end = max(match.end, end)
                found.append(match)
                done = max(match.end, i + 1)
                break
    return found


# --- annotations: from matches to mentions --------------------------------------------------


def find_people(ctx: Context) -> list[PersonMention]:
    """People named in one field: the rules' matches with offsets, titles and coordination."""
    mentions = [m for m in (_annotate(ctx, match) for match in match_people(ctx)) if m]
    _share_coordinated_titles(ctx, mentions)
    return mentions


def _title_span(ctx: Context, start: int, end: int, quals: list[Match]) -> TitleSpan:
    tk = ctx.tk
    head_end = tk.titles.get(start) or tk.titles.get(start + 1, start + 1)
    return TitleSpan(tk.starts[start], tk.ends[end - 1], tk.span(start, end).strip(" ,"),
                     quals, tk.span(start, head_end))


def _annotate(ctx: Context, match: PersonMatch) -> PersonMention | None:
    tk = ctx.tk
    spans = [_title_span(ctx, s, e, q) for s, e, q in match.titles if e > s]
    if match.name is None:
        if not spans:
            return None
        return PersonMention(spans[0].start, spans[0].end, "", spans[:1], resolved=True,
                             rule=match.rule)
    start, end = match.name
    honorific = match.honorific
    while end - start > 1 and tk.lowered[start] in vocab().honorific_names:
        honorific = tk.words[start]  # "Samdech Hun Sen": the honorific is not the name
        start += 1
    mention = PersonMention(tk.starts[start], tk.ends[end - 1], tk.span(start, end), spans,
                            chained=len(spans) > 1, rule=match.rule, weak=match.weak,
                            honorific=honorific)
    mention.titles += [_title_span(ctx, s, e, q) for s, e, q in match.after]
    return mention


def titles_after(ctx: Context, k: int) -> tuple[list[tuple[int, int, list[Match]]], int]:
    """", Ủy viên Bộ Chính trị, Bí thư Tỉnh ủy Quảng Ninh" or " - Giám đốc …" after a name
    (a closing ", Trung Quốc" joins the last title), and the token after them."""
    tk = ctx.tk
    found: list[tuple[int, int, list[Match]]] = []
    while k + 1 < tk.n and tk.words[k] in (",", "-", "–") and tk.sent[k + 1] == tk.sent[k]:
        if found and tk.words[k] == "," and (country := ctx.country_at(k + 1)):
            start, end, quals = found[-1]  # the country closes the title but is not written in it
            found[-1] = (start, end, [*quals, _as_match(tk, k + 1, *country)])
            k = country[0]
            continue
        if _title_start(ctx, k + 1) is None:
            break
        title = read_title(ctx, k + 1)
        if title is None or title.name is not None:
            break  # "ông A, Thủ tướng B": the title is B's
        found.append((title.start, title.end, title.quals))
        k = title.end
    return found, k


def _share_coordinated_titles(ctx: Context, mentions: list[PersonMention]) -> None:
    """"Tổng thống Biden và Putin": a bare office before two names belongs to both."""
    tk = ctx.tk
    by_start = {m.start: m for m in mentions}
    for mention in list(mentions):
        if not mention.titles or mention.titles[0].start >= mention.start \
                or mention.titles[0].qualifiers or mention.chained:
            continue
        end = tk.index_ending(mention.end)
        if end is None or end + 1 >= tk.n or tk.lowered[end] != "và" \
                or not tk.spaced(end + 1) or not tk.cap(end + 1):
            continue
        other = by_start.get(tk.starts[end + 1])
        if other is None:
            name = read_name(ctx, end + 1, short_ok=True)
            if name is None or name[0] != end + 1 or (
                    name[1] - name[0] == 1 and not _one_word_name_ok(ctx, name[0])):
                continue
            other = PersonMention(tk.starts[name[0]], tk.ends[name[1] - 1],
                                  tk.span(*name), rule="coordinated")
            other.titles += [_title_span(ctx, s, e, q) for s, e, q in titles_after(ctx, name[1])[0]]
            mentions.append(other)
        if not any(t.start < other.start for t in other.titles):
            title = mention.titles[0]
            other.titles.insert(0, TitleSpan(title.start, title.end, title.text, [], title.head))
    mentions.sort(key=lambda m: m.start)
