"""The title grammar over the token layer: office + organisation + country/place + name.

A title opens with an office of the title lexicon (``data/kb/titles.tsv``: "Tổng thống",
"Bộ trưởng", "giáo sư", "hậu vệ"), a modifier ("nguyên", "cựu", "quyền", "tân") included,
and goes on with what qualifies the office, in any order, until a name or anything else:

* an organisation, a knowledge-base place or country, even an ambiguous one ("Mỹ", "Nga"),
  a portfolio ("Ngoại giao"), an acronym ("HĐQT"), a place word and its place ("tỉnh Quảng
  Trị"), a nationality ("Ả Rập");
* an organisation opened by a lower-case head word ("hiệu trưởng trường trung học Wautoma",
  "chuyên gia từ viện Chính sách Chiến lược Australia"), and its parent after a comma
  ("Giám đốc Trung tâm Phẫu thuật sọ mặt và tạo hình, Bệnh viện …");
* a gloss in brackets: an acronym ("Sở Văn hóa - Thể thao & Du lịch (VH-TT&DL)") or the
  organisation's country ("tổ chức Rand (Mỹ)": a qualifier, not written in the title's text);
* linking words ("của", "tại", "về", "từ", "phụ trách", "kiêm" + another office);
* the lower-case words naming a profession's field ("giáo sư địa chất", "chuyên gia an
  ninh", "tài xế xe khách", "hậu vệ biên"), or a service after a military office ("Tham mưu
  trưởng hải quân"), kept only when a qualifier or a name follows them.

:func:`titles_after` reads the titles written after a name (", Phó Chủ tịch …", " - Giám
đốc …", ", một nhà phân tích …", " - người trở thành Bộ trưởng …").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache

from . import actors, titles
from .gazetteer import Entry, Match
from .names import (
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
from .resources import read_toml
from .tokens import UPPER, PhraseTable, Tokens

MAX_TITLE_TOKENS = 16
MAX_FIELD_WORDS = 4
STRONG_TITLE_KINDS = frozenset({"state", "government", "party", "diplomatic", "military",
                                "provincial"})
_ACRONYM_GLOSS = re.compile(rf"[{UPPER}0-9][{UPPER}0-9&.\-]{{1,14}}")


@dataclass(slots=True, frozen=True)
class _Grammar:
    lower_org_heads: PhraseTable  # "trường", "viện", "tổ chức": an organisation in a title
    services: frozenset[str]  # "hải quân": a service after a military office
    name_links: frozenset[str]  # "tên": the name follows, not written in the title
    appositive_leads: frozenset[str]  # "người trở thành": a title after a name follows
    descriptors: frozenset[str]  # "xinh đẹp", "nổi tiếng": between a profession and a name
    field_stops: frozenset[str]  # verbs and relations that end a profession's field
    field_bodies: frozenset[str]  # one-word body heads that end a field ("phà", "tàu")


@cache
def grammar() -> _Grammar:
    data = read_toml("entities.toml")
    return _Grammar(
        lower_org_heads=PhraseTable.build({w: True for w in data["title_org_heads"]}),
        services=frozenset(data["service_words"]),
        name_links=frozenset(data["name_links"]),
        appositive_leads=frozenset(data["appositive_leads"]),
        descriptors=frozenset(data["title_descriptors"]),
        field_stops=frozenset(data["field_stops"]),
        field_bodies=frozenset(data["field_bodies"]),
    )


@dataclass(slots=True)
class TitleRead:
    start: int
    head_end: int
    end: int  # after the qualifiers
    quals: list[Match]
    name: tuple[int, int] | None
    weak_name: bool = False
    honorific: str | None = None


def title_start(ctx: Context, i: int) -> tuple[int, int] | None:
    """(start, head end) of a title at ``i``, a modifier ("nguyên", "cựu") included."""
    tk = ctx.tk
    if tk.lowered[i] in vocab().modifiers and i + 1 < tk.n and (i + 1) in tk.titles \
            and tk.spaced(i + 1) and not (i > 0 and tk.spaced(i) and
                                          tk.lowered[i - 1] in vocab().modifier_compounds):
        return i, tk.titles[i + 1]
    if i in tk.titles:
        return i, tk.titles[i]
    return None


@dataclass(slots=True)
class _State:
    """A title being read: where its text may end (``good``) and what qualifies it."""

    start: int
    head_end: int
    strong: bool
    quals: list[Match]
    good: int
    inner: int | None = None  # where a title inside the title starts
    topic: bool = False  # after "về": the next qualifier is a topic, not the holder's country
    described: int | None = None  # where descriptors ("xinh đẹp") began: the text ends there
    fields_at: int = -1  # where a profession's field may start: right after an office


def read_title(ctx: Context, i: int) -> TitleRead | None:
    """A title phrase at ``i`` and the name after it, if any."""
    found = title_start(ctx, i)
    if found is None:
        return None
    start, k = found
    tk = ctx.tk
    head_start = i if i in tk.titles else i + 1  # not the modifier ("Cựu quan chức")
    st = _State(start, k, _strong(tk.span(head_start, k)), [], k, fields_at=k)
    k = st.good = _org_over_head(ctx, st, k)
    steps = 0
    while k < tk.n and steps < MAX_TITLE_TOKENS and tk.spaced(k):
        steps += 1
        if k in tk.actors:
            return _boss_or_holder(ctx, TitleRead(start, found[1], _title_end(tk, k), st.quals,
                                                  (k, tk.actors[k][0])), st.inner)
        nxt = _qualifier_at(ctx, st, k)
        if nxt is not None:
            k = nxt
            st.described = None  # "Nhà ngoại giao hàng đầu Trung Quốc": written in the title
            continue
        if tk.lowered[k] in vocab().honorific_names and k in tk.honorifics:
            name = read_name(ctx, tk.honorifics[k], short_ok=True)
            if name:  # "Thủ tướng Campuchia Samdech Hun Sen"
                return TitleRead(start, found[1], st.good, st.quals, name, False, tk.words[k])
        nxt = _link_at(ctx, st, k)
        if nxt is not None:
            k = nxt
            continue
        link = tk.phrase_at(k, grammar().name_links, longest=2)
        if link and link < tk.n and tk.spaced(link) and tk.cap(link):
            # "tài xế xe khách tên Lê Tuấn Hiệp", "nữ diễn viên họ Chung" (a surname)
            surname_only = tk.lowered[link - 1] == "họ"
            name = read_name(ctx, link, short_ok=surname_only)
            if name and name[0] == link:  # a surname alone needs a witness (a full name)
                return TitleRead(start, found[1], k, st.quals, name,
                                 surname_only and name[1] - name[0] == 1)
            break
        if tk.cap(k) and tk.is_word(k):
            read = _name_or_words(ctx, st, found[1], k)
            if isinstance(read, TitleRead):
                return read
            k = st.good = read
            continue
        described = tk.phrase_at(k, grammar().descriptors, longest=3)
        if described and described < tk.n and tk.spaced(described):
            st.described = st.good if st.described is None else st.described
            k = described  # "ca sĩ xinh đẹp Madison Beer": only a name may follow
            continue
        fields = _field_words(ctx, st, k)
        if fields is not None:
            k = fields
            continue
        break
    return TitleRead(start, found[1], st.good, st.quals, None)


def _qualifier_at(ctx: Context, st: _State, k: int) -> int | None:
    """A qualifier at ``k`` (it ends the title's text); the token after it."""
    tk = ctx.tk
    topic, st.topic = st.topic, False
    if k in tk.gaz:
        end, match = tk.gaz[k]
        if not topic:
            st.quals.append(match)
        st.good = end
        return end
    country = ctx.country_at(k)
    if country:
        if not topic:
            st.quals.append(as_match(tk, k, country[0], country[1]))
        st.good = country[0]
        return country[0]
    if k in tk.orgs:
        st.good = _org(ctx, st, k, tk.orgs[k])
        return st.good
    if tk.lowered[k] == "kiêm" and k + 1 < tk.n and (k + 1) in tk.titles:
        st.good = tk.titles[k + 1]
        return st.good
    if k in tk.titles:  # "trợ lý tổng thống Nga", "người phát ngôn Tổng thống"
        st.inner = st.inner if st.inner is not None else k
        st.good = st.fields_at = tk.titles[k]
        return st.good
    if ctx.acronym(k):
        st.good = k + 1
        return st.good
    if tk.cap(k):
        for phrases, longest in ((vocab().nationalities, 2), (vocab().portfolios, 6)):
            end = tk.phrase_at(k, phrases, longest=longest)
            if end:
                st.good = end
                return end
    place = _place_words(ctx, k)
    if place:
        st.good = place[0]
        if place[1] is not None:
            st.quals.append(place[1])
        return st.good
    if tk.words[k] == "(" and (st.quals or st.good > st.head_end):
        gloss = _gloss(ctx, k)
        if gloss:
            if gloss[1] is not None:
                st.quals.append(gloss[1])
            st.good = gloss[0]
            return st.good
    if not tk.caps[k] and (st.quals or not st.strong):
        org = _lower_org(ctx, k)
        if org:
            st.quals.append(as_match(tk, k, org, None))
            st.good = org
            return org
    return None


def _link_at(ctx: Context, st: _State, k: int) -> int | None:
    """Linking words inside a title ("của", "tại", "phụ trách", "nước này"): the token after
    them; the title's text ends only where a qualifier after them ends."""
    tk = ctx.tk
    if tk.lowered[k] == "và" and k + 1 < tk.n and tk.cap(k + 1) \
            and tk.phrase_at(k + 1, vocab().portfolios, longest=6):
        return k + 1  # "phụ trách Thương mại và Công nghiệp"
    deictic = tk.phrase_at(k, vocab().deictic, longest=3)
    if deictic:
        return deictic
    bridge = tk.phrase_at(k, vocab().bridges, longest=3)
    if not bridge or (tk.caps[k] and bridge == k + 1 and surname(tk.words[k])):
        return None  # "của Huawei Từ Chí Quân": a capitalised "Từ" is a surname
    k = bridge
    last = tk.lowered[bridge - 1]
    if last == "về":
        st.topic = True  # "chuyên gia nghiên cứu về Australia": a topic, not a country
    if last == "trách" or (last == "về" and ((not st.strong and not st.quals) or any(
            tk.span(st.start, st.head_end).lower().endswith(t) for t in vocab().mandates))):
        topic = _topic_words(ctx, k)  # "phụ trách chính sách", "đặc phái viên về khí hậu",
        if topic > k:  # "giáo sư về y tế toàn cầu": written in the title
            st.good = k = topic
    if last in ("của", "tại", "từ", "ở", "thuộc") and k < tk.n and tk.cap(k) \
            and k not in tk.titles and k not in tk.orgs and k not in tk.actors \
            and not ctx.country_at(k) and (k not in tk.gaz or (
                last == "của" and tk.gaz[k][1].entry.type == "LOC" and _cap_after(tk, k))):
        # "cầu thủ của Man Utd", "Giám đốc pháp lý tại Spotify", "ca sĩ của Paris Hilton":
        # a body, a team or a place owns the office, not the name after it
        end = _possessor(ctx, k)
        if end > k:
            st.quals += _inner_quals(ctx, k, end)
            st.good = end
            return end
    return k


def _cap_after(tk: Tokens, k: int) -> bool:
    """A capitalised word follows the knowledge-base name at ``k`` ("Paris Hilton")."""
    end = tk.gaz[k][0]
    return end < tk.n and tk.spaced(end) and tk.cap(end) and tk.is_word(end) \
        and end not in tk.gaz and end not in tk.titles


def _name_or_words(ctx: Context, st: _State, head_end: int, k: int) -> TitleRead | int:
    """The name after the title at ``k``, or the end of capitalised words that qualify it."""
    tk = ctx.tk
    name = read_name(ctx, k, short_ok=True, after_title=True)
    weak_title = _weak_title(tk.span(st.start, head_end))
    if name and weak_title and name[1] - name[0] > 1 \
            and is_vietnamese(tk.words[name[0] : name[1]]) and not surname(tk.words[name[0]]):
        name = None  # "diễn viên Tây Du Ký": a film, not a person
    if name and (name[1] - name[0] > 1 or _one_word_name_ok(ctx, name[0])):
        one = name[1] - name[0] == 1
        weak = one and (is_syllable(tk.words[name[0]]) or weak_title)
        end = st.described if st.described is not None else _title_end(tk, name[0])
        return _boss_or_holder(ctx, TitleRead(st.start, head_end, end, st.quals, name, weak),
                               st.inner)
    end, words = name_run(ctx, k)
    if words and words[0] == k and any(ctx.firm(w) for w in words):
        return end  # "Bannockburn Global Forex": a firm's name, all of it
    return _qualifier_words(ctx, k)


@lru_cache(maxsize=4096)
def _strong(head: str) -> bool:
    rows = titles.templates().get(head.lower().strip())
    return bool(rows and {r.kind for r in rows} & STRONG_TITLE_KINDS)


def _org_over_head(ctx: Context, st: _State, k: int) -> int:
    """"chủ tịch Đảng Lao động-Nông dân-Dân chủ Minnesota": the lexicon's office ("Chủ tịch
    Đảng") ends inside an organisation's name; the title goes on to the name's end."""
    tk = ctx.tk
    for o in range(st.start + 1, k):
        if o in tk.orgs and tk.orgs[o] > k:
            return _org(ctx, st, o, tk.orgs[o])
    return k


def _org(ctx: Context, st: _State, k: int, end: int) -> int:
    """An organisation in a title, with the knowledge-base names inside it as qualifiers,
    and the lower-case rest of its name before a parent body after a comma."""
    st.quals += _inner_quals(ctx, k, end) or [as_match(ctx.tk, k, end, None)]
    return _parent_body(ctx, end)


def _inner_quals(ctx: Context, k: int, end: int) -> list[Match]:
    """The knowledge-base names inside tokens ``[k, end)``, and the country names standing
    alone there ("Đại học Texas tại Mỹ"; not "Mỹ" of "huyện Chương Mỹ")."""
    tk = ctx.tk
    within = [m for m in tk.gaz_all if tk.starts[k] <= m.start and m.end <= tk.ends[end - 1]]
    covered = {m.start for m in within}
    for j in range(k + 1, end):
        if tk.starts[j] not in covered and not (tk.caps[j - 1] and tk.spaced(j)) \
                and (country := ctx.country_at(j)) and country[0] <= end \
                and not (country[0] < end and tk.caps[country[0]]):
            within.append(as_match(tk, j, country[0], country[1]))
    within.sort(key=lambda m: m.start)
    return within


def _parent_body(ctx: Context, k: int) -> int:
    """"Trung tâm Phẫu thuật sọ mặt và tạo hình, Bệnh viện …": lower-case words that finish
    an organisation's name, when a comma and the body it belongs to follow them."""
    tk = ctx.tk
    j, n = k, 0
    while j < tk.n and n < 6 and tk.spaced(j) and tk.is_word(j) and not tk.caps[j] \
            and is_syllable(tk.words[j]) and (not _verb_like(tk, j) or (
                tk.lowered[j] == "và" and n and j + 1 < tk.n and not tk.caps[j + 1])):
        j += 1
        n += 1
    parent = j + 1
    if parent < tk.n and tk.words[j] == "," and tk.spaced(parent) and (
            parent in tk.orgs or (parent in tk.gaz and tk.gaz[parent][1].entry.type == "ORG")):
        return parent
    return k


def _verb_like(tk: Tokens, j: int) -> bool:
    """A word that ends a name: a verb or function word of the stop lists, or an opener."""
    low = tk.lowered[j]
    return low in vocab().after_name or low in vocab().openers \
        or tk.phrase_at(j, vocab().after_name, 3) is not None


def _field_words(ctx: Context, st: _State, k: int) -> int | None:
    """Lower-case words naming a profession's field ("giáo sư địa chất", "tài xế xe khách"),
    or a service after a military office ("hải quân"); the token after them, when a
    qualifier, a linking word or a name follows them."""
    tk = ctx.tk
    if st.strong:
        end = tk.phrase_at(k, grammar().services, longest=3)
        return end if end and end < tk.n and tk.spaced(end) and (
            tk.cap(end) or end in tk.gaz) else None
    if k != st.fields_at:
        return None  # right after the office: "giáo sư địa chất", not "đội tuyển Đức thay thế"
    j, n = k, 0
    g = grammar()
    while j < tk.n and n < MAX_FIELD_WORDS and tk.spaced(j) and tk.is_word(j) \
            and not tk.caps[j] and is_syllable(tk.words[j]) and not _verb_like(tk, j) \
            and tk.lowered[j] not in vocab().bridges and tk.lowered[j] not in g.name_links \
            and tk.lowered[j] not in vocab().plural and j not in tk.titles \
            and not tk.phrase_at(j, g.field_stops, longest=2) \
            and not tk.phrase_at(j, g.descriptors, longest=3) \
            and not (n and _field_ends_at_body(tk, j)):  # "bán vé phà Cát Lái"
        j += 1
        n += 1
    if n and j < tk.n and (tk.phrase_at(j, g.field_stops, longest=2)
                           and not tk.phrase_at(j, g.descriptors, longest=3)
                           and tk.lowered[j] not in g.name_links):
        return None  # "diễn viên đoạt giải Oscar": a verb, not a field
    if not n or j >= tk.n or not tk.spaced(j):
        return None
    if tk.cap(j) or j in tk.gaz or tk.lowered[j] in g.name_links \
            or tk.phrase_at(j, vocab().bridges, longest=3) \
            or tk.phrase_at(j, g.descriptors, longest=3):
        return j
    return None


def _field_ends_at_body(tk: Tokens, j: int) -> bool:
    """A body's head word inside a profession's field ("nhân viên bán vé phà Cát Lái"): one
    of two words or more, or a one-word head that is no other word's second syllable ("phà",
    not the "báo" of "tình báo" or the "trường" of "thị trường")."""
    head = grammar().lower_org_heads.at(tk, j)
    return head is not None and (head[0] - j >= 2 or tk.lowered[j] in grammar().field_bodies)


def _lower_org(ctx: Context, k: int) -> int | None:
    """"trường trung học Wautoma", "viện Chính sách Chiến lược Australia", "tổ chức Rand": a
    head word of ``title_org_heads`` in any case, at most four lower-case words, then
    capitalised words. Not when those words are a Vietnamese personal name ("giám đốc công
    ty Nguyễn Văn An")."""
    tk = ctx.tk
    head = grammar().lower_org_heads.at(tk, k)
    if head is None:
        return None
    j = head[0]
    n = 0
    while j < tk.n and n < 4 and tk.spaced(j) and tk.is_word(j) and not tk.caps[j] \
            and is_syllable(tk.words[j]) and not _verb_like(tk, j) \
            and tk.lowered[j] not in vocab().bridges:
        j += 1
        n += 1
    if j >= tk.n or not tk.spaced(j) or not tk.cap(j) or j in tk.titles or j in tk.actors \
            or j in tk.honorifics or _person_starts(ctx, j):
        return None  # "đạo diễn của bộ phim James Cameron": the name is the director's
    _, words = name_run(ctx, j)
    if words and words[0] == j and 3 <= len(words) <= 4:
        family = surname(tk.words[j])
        if family and family.vn_common and is_vietnamese([tk.words[w] for w in words]):
            return None
    if ctx.acronym(j) and j + 1 < tk.n and tk.spaced(j + 1) and tk.cap(j + 1):
        end, words = name_run(ctx, j + 1)  # "trường THPT Lê Hồng Phong", "trường PT Hermann
        if words and words[0] == j + 1:  # Gmeiner": the school's name, all of it
            split = _person_split(ctx, words)
            return words[split] if split else end
    return _name_extent(ctx, j)


def _person_split(ctx: Context, words: list[int]) -> int | None:
    """Where a personal name starts inside a capitalised run, not at its first word: a
    common surname and two or three more syllables, the last of the run."""
    tk = ctx.tk
    texts = [tk.words[w] for w in words]
    for n in range(1, len(texts) - 2):
        family = surname(texts[n])
        if family and (family.vn_common or family.cn_common) and 3 <= len(texts) - n <= 4 \
                and is_vietnamese(texts[n:]):
            return n
    return None


def _name_extent(ctx: Context, j: int) -> int:
    """The end of the capitalised name of a body or place at ``j`` (a knowledge-base name at
    its start included, "Paris Hilton"), up to a title, a known name or a personal name."""
    tk = ctx.tk
    end = tk.gaz[j][0] if j in tk.gaz else _qualifier_words(ctx, j)
    while end < tk.n and tk.spaced(end) and tk.cap(end) and tk.is_word(end) \
            and not (end in tk.gaz or end in tk.titles or end in tk.actors
                     or end in tk.honorifics or _person_starts(ctx, end)):
        if ctx.acronym(end - 1) and not (ctx.acronym(end) or ctx.firm(end)):
            break  # "của KNU Padoh Saw Taw Nee": a name after the acronym
        end = _qualifier_words(ctx, end)
        while end + 1 < tk.n and tk.lowered[end] in vocab().particles and tk.spaced(end) \
                and tk.spaced(end + 1) and tk.cap(end + 1):
            end += 1  # "Castiglione di Sicilia"
        if end + 2 < tk.n and len(tk.words[end - 1]) == 1 and tk.words[end] == "." \
                and tk.spaced(end + 1) and tk.cap(end + 1):
            end += 1  # "Trường Nghiên cứu Quốc tế S. Rajaratnam": an initial
    return end


def _gloss(ctx: Context, k: int) -> tuple[int, Match | None] | None:
    """"(VH-TT&DL)", "(Mỹ)": a bracketed acronym, or a place or country, after a title's
    organisation; the token after the bracket and the place's match."""
    tk = ctx.tk
    close = next((j for j in range(k + 1, min(tk.n, k + 9)) if tk.words[j] == ")"), None)
    if close is None or close == k + 1 or tk.sent[close] != tk.sent[k]:
        return None
    country = ctx.country_at(k + 1)
    if country and country[0] == close:
        return close + 1, as_match(tk, k + 1, close, country[1])
    if (k + 1) in tk.gaz and tk.gaz[k + 1][0] == close and tk.gaz[k + 1][1].entry.type == "LOC":
        return close + 1, tk.gaz[k + 1][1]
    if _ACRONYM_GLOSS.fullmatch(tk.span(k + 1, close)):
        return close + 1, None
    return None


def _boss_or_holder(ctx: Context, title: TitleRead, inner: int | None) -> TitleRead:
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


def as_match(tk: Tokens, i: int, j: int, entry: Entry | None) -> Match:
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
    if split is None and not is_vietnamese(texts):  # "bang Victoria Daniel Andrews"
        split = next((n for n in range(1, len(texts) - 1)
                      if texts[n].lower() in vocab().given_names), None)
    return (words[split] if split else end), None


def _qualifier_words(ctx: Context, k: int) -> int:
    """A capitalised word that is not a name (a portfolio, "Thường trực"), with the lower-case
    syllables that finish it ("Ngoại giao"), never a verb ("Nam A Bank chia sẻ")."""
    tk = ctx.tk
    if ctx.acronym(k) or not is_syllable(tk.words[k]):
        return k + 1  # "HOCMAI hướng dẫn", "Karolinska giải": no Vietnamese word goes on
    k += 1
    n = 0
    while k < tk.n and n < 2 and tk.spaced(k) and tk.is_word(k) and not tk.caps[k] \
            and continues_word(tk, k) and tk.lowered[k] not in vocab().bridges \
            and tk.lowered[k] not in grammar().name_links \
            and tk.phrase_at(k, vocab().after_name, 3) is None \
            and tk.phrase_at(k, vocab().acts_after_name, 2) is None:
        k += 1
        n += 1
    return k


def _possessor(ctx: Context, k: int) -> int:
    """The capitalised run after "của", "tại", "từ" in a title: an organisation, a team or a
    place ("của Bảo tàng Thiên nhiên Canada", "của Man Utd"), up to a personal name ("của
    Huawei Từ Chí Quân" → "Huawei")."""
    return _lower_org(ctx, k) or _name_extent(ctx, k)


def _person_starts(ctx: Context, k: int) -> bool:
    """A personal name starts at ``k``: a common surname and one to three capitalised
    syllables, or a known given name and a capitalised word."""
    tk = ctx.tk
    if not (k + 1 < tk.n and tk.cap(k + 1) and tk.spaced(k + 1)):
        return False
    if tk.lowered[k] in vocab().given_names:
        return True
    family = surname(tk.words[k])
    return bool(family and (family.vn_common or family.cn_common) and k + 2 < tk.n
                and tk.cap(k + 2) and tk.spaced(k + 2) and is_vietnamese(tk.words[k : k + 3]))


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
    while k < tk.n and n < 10 and tk.spaced(k) and tk.is_word(k) and not tk.caps[k] \
            and (n == 0 or tk.lowered[k] not in vocab().bridges) and (
            tk.lowered[k] not in vocab().after_name or (  # "quan hệ quốc tế và nghiên cứu …"
                tk.lowered[k] == "và" and n and k + 1 < tk.n and tk.spaced(k + 1)
                and tk.is_word(k + 1) and not tk.caps[k + 1])):
        k += 1
        n += 1
    return k


def one_word_name_ok(ctx: Context, k: int) -> bool:
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


_one_word_name_ok = one_word_name_ok


@lru_cache(maxsize=4096)
def _weak_title(text: str) -> bool:
    """Titles of firms and professions: a one-word name after them needs a witness."""
    rows = titles.templates().get(text.lower().strip())
    kinds = {r.kind for r in rows} if rows else set()
    return not (kinds & STRONG_TITLE_KINDS)


def titles_after(ctx: Context, k: int,
                 plural: bool = False) -> tuple[list[tuple[int, int, list[Match]]], int]:
    """", Ủy viên Bộ Chính trị, Bí thư Tỉnh ủy Quảng Ninh", " - Giám đốc …", ", một nhà phân
    tích …" or " - người trở thành Bộ trưởng …" after a name (a closing ", Trung Quốc" joins
    the last title), and the token after them."""
    tk = ctx.tk
    found: list[tuple[int, int, list[Match]]] = []
    while k + 1 < tk.n and tk.words[k] in (",", "-", "–") and tk.sent[k + 1] == tk.sent[k]:
        if found and tk.words[k] == "," and (country := ctx.country_at(k + 1)):
            start, end, quals = found[-1]  # the country closes the title but is not written in it
            found[-1] = (start, end, [*quals, as_match(tk, k + 1, *country)])
            k = country[0]
            continue
        at = appositive_title(ctx, k + 1, plural and not found)
        if at is None:
            break
        title = read_title(ctx, at)
        if title is None or title.name is not None:
            break  # "ông A, Thủ tướng B": the title is B's
        found.append((title.start, title.end, title.quals))
        k = title.end
    return found, k


PLURAL_LEADS = ("hai", "ba", "bốn", "các", "những")


def appositive_title(ctx: Context, k: int, plural: bool = False) -> int | None:
    """Where the title of an apposition starting at ``k`` opens: at ``k`` itself, after "một"
    ("một nhà phân tích"), after a number or a plural word when two names come before it
    (``plural``: "A và B, hai nhà vật lý thiên văn"), or after a lead ("người trở thành",
    "người được bổ nhiệm làm")."""
    tk = ctx.tk
    if title_start(ctx, k) is not None:
        return k
    word = tk.lowered[k]
    if (word == "một" or (plural and (word in PLURAL_LEADS or word.isdigit()))) \
            and k + 1 < tk.n and tk.spaced(k + 1) and title_start(ctx, k + 1) is not None:
        return k + 1
    lead = tk.phrase_at(k, grammar().appositive_leads, longest=5)
    if lead and lead < tk.n and tk.spaced(lead) and title_start(ctx, lead) is not None:
        return lead
    return None
