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
from itertools import compress

from . import actors, titles
from .gazetteer import Match
from .names import (
    MAX_NAME_WORDS,
    Context,
    common_surnames,
    is_honorific_word,
    is_vietnamese,
    name_run,
    read_name,
    surname,
    surname_split,
    vocab,
)
from .title_grammar import (
    TitleRead,
    appositive_title,
    one_word_name_ok,
    read_title,
    title_start,
    titles_after,
)
from .tokens import Tokens


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
    if is_honorific_word(tk, k) and not (k in tk.honorifics or k in tk.titles):
        return None  # "các Thầy Cô": two address words, no name
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
    if not ctx.tk.caps[title.start] and title.name is None and (
            title.end <= title.head_end or not (
                _subject_position(ctx.tk, title.start, title.end)
                or _name_after_comma(ctx, title.end))):
        return None  # a lower-case office with no name is about one person only as a subject
    return _from_title(ctx, "title", i, title, None)


def _from_title(ctx: Context, rule: str, i: int, first: TitleRead,
                honorific: str | None) -> PersonMatch | None:
    tk = ctx.tk
    chain = [(first.start, first.end, first.quals)]
    title = first
    while title.name is None:
        k = title.end
        if k + 1 < tk.n and tk.words[k] == "," and tk.caps[k + 1] \
                and title_start(ctx, k + 1):
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
        name = _name_after_comma(ctx, k) if not honorific and len(chain) == 1 else None
        if name is not None and not _plural_around(tk, first.start, title.end):
            return PersonMatch(rule, i, name[1], name, chain)  # "chủ tịch Real Madrid, Florentino
        if len(chain) > 1 or _plural_around(tk, first.start, title.end) or honorific:
            return None
        return PersonMatch(rule, i, title.end, None, chain)
    return PersonMatch(rule, i, title.name[1], title.name, chain, title.honorific or honorific,
                       title.weak_name)


_TIME_WORDS = frozenset({"năm", "tháng", "ngày", "tuần", "nhiệm"})


def _subject_position(tk: Tokens, start: int, end: int) -> bool:
    """"Theo người phát ngôn Bộ Ngoại giao Nga, …": a lower-case office that opens a clause
    and is closed by a comma or a verb is about its holder; "cuộc bầu cử tổng thống Mỹ năm
    2020" is about the office."""
    before = tk.words[start - 1] if start > 0 and tk.sent[start - 1] == tk.sent[start] else ""
    if before and before not in (",", ":", '"', "“") and tk.lowered[start - 1] != "theo":
        return False
    if end >= tk.n or tk.words[end] == ",":
        return end < tk.n
    return tk.lowered[end] not in _TIME_WORDS and tk.phrase_at(end, vocab().after_name, 3) \
        is not None


def _coordinated(tk: Tokens, i: int) -> bool:
    """The name at ``i`` is the second of two joined by "và" ("Dash và Alan Jackson")."""
    return i > 1 and tk.lowered[i - 1] == "và" and tk.spaced(i) and tk.caps[i - 2]


def _name_after_comma(ctx: Context, k: int) -> tuple[int, int] | None:
    """"Chủ tịch Real Madrid, Florentino Pérez - …": a full name after the title and a
    comma (a foreign name opening with a known given name, or a Vietnamese name of three or
    four syllables with a common surname), closed by punctuation or a verb."""
    tk = ctx.tk
    j = k + 1
    if not (j < tk.n and tk.words[k] == "," and tk.spaced(j) and tk.cap(j)):
        return None
    name = read_name(ctx, j, short_ok=False)
    if name is None or name[0] != j:
        return None
    texts = list(tk.words[j : name[1]])
    if is_vietnamese(texts):
        family = surname(texts[0])
        if not (3 <= len(texts) <= MAX_NAME_WORDS and family and family.vn_common):
            return None
    elif texts[0].lower() not in vocab().given_names or len(texts) < 2:
        return None
    end = name[1]
    closed = end >= tk.n or tk.words[end] in (",", "-", "–", ".", ":") \
        or tk.phrase_at(end, vocab().after_name, 3) is not None
    return name if closed else None


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
    name = read_name(ctx, i, short_ok=False)
    if name is None or name[0] != i or name[1] - i < 3 \
            or not is_vietnamese(list(tk.words[i : name[1]])):
        return None  # "Bảo tàng … và Thảo Cầm Viên": two syllables are a place's as often
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
    if run is None:
        return None
    end, words = run
    if not words or words[0] != i or not 2 <= len(words) <= MAX_NAME_WORDS \
            or (end < tk.n and tk.spaced(end) and tk.cap(end)):
        return None
    texts = [tk.words[k] for k in words]
    if is_vietnamese(texts):
        family = surname(texts[0])
        if len(texts) >= 3 and family and family.vn_common \
                and not any(k in tk.gaz for k in words[1:]) and not _in_street_list(tk, i):
            return PersonMatch("bare_name", i, end, (i, end))
        return None
    if texts[0].lower() in vocab().given_names and not any(ctx.firm(k) for k in words) \
            and not any(k in tk.gaz for k in words) and not _in_street_list(tk, i):
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
    if len(words) < 2 or words[0] != i or end + 1 >= tk.n \
            or tk.words[end] not in (",", "-", "–") or any(ctx.firm(k) for k in words):
        return None
    plural = _coordinated(tk, i)
    if appositive_title(ctx, end + 1, plural) is None:
        return None
    after, _ = titles_after(ctx, end, plural)
    if not after:
        return None
    texts = [tk.words[k] for k in words]
    start = i
    if is_vietnamese(texts) and not surname(texts[0]) and len(texts) >= 3:
        split = surname_split(texts)  # "Hà Nội Nguyễn Văn An, …": the name is the last three
        if split is None:
            return None
        start = words[split]
    return PersonMatch("name_then_title", i, end, (start, end))


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


def match_people(ctx: Context) -> list[PersonMatch]:
    """Run :data:`RULES` over the tokens, left to right, first match wins at each token.

    A rule is only tried where it can match (an honorific, a title, a lexicon name, the end
    of an organisation, the start of a capitalised run), in the order of :data:`RULES`."""
    tk = ctx.tk
    found: list[PersonMatch] = []
    done = 0
    inside = {k for start, (end, _) in tk.gaz.items() for k in range(start + 1, end)}
    inside |= {k for start, end in tk.orgs.items() for k in range(start + 1, end)}
    modifiers = vocab().modifiers
    lowered = tk.lowered
    title_at = set(tk.titles)
    title_at |= {k - 1 for k in tk.titles if k > 0 and lowered[k - 1] in modifiers}
    candidates = title_at | set(tk.honorifics) | set(tk.actors)
    candidates |= {i + 1 for i in tk.titles if lowered[i] in modifiers}
    org_ends = set(tk.orgs.values())
    runs = _run_starts(tk)
    tried_at = {"honorific": tk.honorifics, "title": title_at, "actor": tk.actors,
                "after_org": org_ends, "name_then_title": runs, "bare_name": runs}
    positions = sorted((candidates | org_ends | runs) - inside)
    for i in positions:
        if i < done:
            continue
        for name, rule in RULES:
            if i not in tried_at[name]:
                continue
            match = rule(ctx, i)
            if match is not None:
                if match.name is not None:
                    match.after, end = titles_after(ctx, match.name[1],
                                                    _coordinated(tk, match.name[0]))
                    match.end = max(match.end, end)
                found.append(match)
                done = max(match.end, i + 1)
                break
    return found


def _run_starts(tk: Tokens) -> set[int]:
    """Where a run of two capitalised words or more starts: a capitalised word not right
    after another one, followed by a capitalised word, an initial's full stop or a name's
    particle."""
    caps, sp, words, lowered = tk.caps, tk.sp, tk.words, tk.lowered
    particles = vocab().particles
    starts = {i for i in compress(range(tk.n - 1), caps)
              if not (sp[i] and caps[i - 1])
              and ((caps[i + 1] and sp[i + 1]) or words[i + 1] == "."
                   or lowered[i + 1] in particles)}
    # only where one of the two rules may match: a comma or dash after the run
    # ("Li Mingjiang, …"), or a first word that opens a name standing alone
    opening = vocab().given_names | common_surnames()
    return {i for i in starts if lowered[i] in opening
            or not _SEPARATORS.isdisjoint(words[i + 2 : i + 10])}


_SEPARATORS = frozenset({",", "-", "–"})


# --- annotations: from matches to mentions --------------------------------------------------


def find_people(ctx: Context) -> list[PersonMention]:
    """People named in one field: the rules' matches with offsets, titles and coordination."""
    mentions = [m for m in (_annotate(ctx, match) for match in match_people(ctx)) if m]
    _share_coordinated_titles(ctx, mentions)
    _share_plural_apposition(ctx, mentions)
    _counterpart_titles(ctx, mentions)
    return mentions


def _title_span(ctx: Context, start: int, end: int, quals: list[Match]) -> TitleSpan:
    tk = ctx.tk
    head_end = tk.titles.get(start) or tk.titles.get(start + 1, start + 1)
    head = tk.span(start, head_end)
    start, end = _written_office(ctx, start, head_end, end)
    return TitleSpan(tk.starts[start], tk.ends[end - 1], tk.span(start, end).strip(" ,"),
                     quals, head)


def _written_office(ctx: Context, start: int, head_end: int, end: int) -> tuple[int, int]:
    """The tokens of a title that name the office: not a leading "tân" (newly appointed), not
    "mới" (new) and what follows it, not a closing bracket naming the organisation's country
    ("tổ chức Rand (Mỹ)"); what they qualify stays among the title's qualifiers."""
    tk = ctx.tk
    if tk.lowered[start] == "tân" and head_end > start + 1:
        start += 1
    for k in range(head_end, end):
        if tk.lowered[k] == "mới" and not (tk.caps[k - 1] and tk.spaced(k)):
            end = k
            break
    if end - start > 3 and tk.words[end - 1] == ")":
        opened = max((k for k in range(head_end, end - 1) if tk.words[k] == "("), default=None)
        if opened is not None and opened + 1 < end - 1:
            inner = opened + 1
            place = inner in tk.gaz and tk.gaz[inner][0] == end - 1 \
                and tk.gaz[inner][1].entry.type == "LOC"
            country = ctx.country_at(inner)
            if place or (country and country[0] == end - 1):
                end = opened
    return start, end


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
                    name[1] - name[0] == 1 and not one_word_name_ok(ctx, name[0])):
                continue
            other = PersonMention(tk.starts[name[0]], tk.ends[name[1] - 1],
                                  tk.span(*name), rule="coordinated")
            other.titles += [_title_span(ctx, s, e, q) for s, e, q in titles_after(ctx, name[1])[0]]
            mentions.append(other)
        if not any(t.start < other.start for t in other.titles):
            title = mention.titles[0]
            other.titles.insert(0, TitleSpan(title.start, title.end, title.text, [], title.head))
    mentions.sort(key=lambda m: m.start)


def _share_plural_apposition(ctx: Context, mentions: list[PersonMention]) -> None:
    """"Stephen Dash và Alan Jackson, hai nhà vật lý thiên văn …": a title after two names
    joined by "và", introduced by a number or a plural word, belongs to both."""
    tk = ctx.tk
    by_end = {m.end: m for m in mentions if m.name}
    for second in mentions:
        after = [t for t in second.titles if t.start > second.start]
        if not after or not second.name:
            continue
        k = tk.index_at(after[0].start)
        if k is None or k < 2 or not (tk.lowered[k - 1] in ("hai", "ba", "bốn", "các", "những")
                                      or tk.words[k - 1].isdigit()):
            continue
        i = tk.index_at(second.start)
        if i is None or i < 2 or tk.lowered[i - 1] != "và":
            continue
        first = by_end.get(tk.ends[i - 2])
        if first is not None and not any(t.start > first.start for t in first.titles):
            first.titles.append(after[0])


COUNTERPART = "người đồng cấp"


def _counterpart_titles(ctx: Context, mentions: list[PersonMention]) -> None:
    """"Tổng thống Ukraine Volodymyr Zelensky … hội đàm với người đồng cấp Nga Vladimir
    Putin": a counterpart holds the office of the person named before it in the sentence,
    for the counterpart's country ("Tổng thống Nga"). The written title is kept too."""
    tk = ctx.tk
    for index, mention in enumerate(mentions):
        written = next((t for t in mention.titles if t.head.lower() == COUNTERPART), None)
        if written is None or not mention.name:
            continue
        k = tk.index_at(written.start)
        other = next((t for m in reversed(mentions[:index]) for t in m.titles
                      if m.name and t.start < m.start and t.head.lower() != COUNTERPART
                      and titles.rank(t.head) > 0 and k is not None
                      and tk.sent[tk.index_at(t.start) or 0] == tk.sent[k]), None)
        if other is None:
            continue
        countries = [q for q in written.qualifiers if q.entry.kind == "country"]
        office = other.text
        theirs = [q for q in other.qualifiers if q.entry.kind == "country"]
        if theirs:  # the other side's country leaves the office's text
            cut = theirs[0].start - other.start
            office = (office[:cut] + office[cut + len(theirs[0].surface):]).strip()
            office = " ".join(office.split())
        quals: list[Match] = []
        if countries:
            where = written.start + len(office) + 1
            quals.append(Match(where, where + len(countries[0].surface), countries[0].surface,
                               countries[0].entry))
            office = f"{office} {countries[0].surface}"
        mention.titles.append(TitleSpan(written.start, written.end, office, quals, other.head))

