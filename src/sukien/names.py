"""Names over the token layer: the vocabulary of names, the token context, name runs.

A name is a run of capitalised words in one sentence, separated by single spaces, with
initials ("V.Pu-tin", "George W. Bush") and particles ("von der", "bin") inside. A run
stops before a title, an honorific, an organisation, a knowledge-base place or
organisation, an acronym, and the words that open a sentence ("Tuy", "Cũng", "Tại" …),
so a body printed as one paragraph does not glue the next sentence's first word to a
name. :func:`read_name` finds where the personal name starts in a run: after firm or
club words ("Siemens Joe Kaeser"), after a place before a Vietnamese name ("Gio Linh
Nguyễn Văn An"), at a known given name after an unknown organisation. The rules that use
names are in :mod:`sukien.people`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache, lru_cache

from . import kb
from .gazetteer import Entry
from .normalize import is_syllable
from .resources import read_lines, read_toml
from .tokens import PhraseTable, Tokens, fold_key, tokenize

MAX_NAME_WORDS = 4  # Vietnamese and Sino-Vietnamese names
MAX_FOREIGN_WORDS = 6


# --- vocabulary -------------------------------------------------------------------------------


@dataclass(slots=True, frozen=True)
class _Vocab:
    openers: frozenset[str]  # lower-case words that open a sentence, never a name's part
    soft_openers: dict[str, frozenset[str]]  # given names that open a sentence before these
    particles: frozenset[str]
    bridges: frozenset[str]
    place_prefixes: frozenset[str]
    firm_words: frozenset[str]
    plural: frozenset[str]
    after_name: frozenset[str]  # verbs and function words that may follow a one-word name
    acts_after_name: frozenset[str]  # verbs that end a capitalised word inside a title
    modifiers: frozenset[str]
    portfolios: frozenset[str]  # "ngoại giao", "quốc phòng": words after "Bộ trưởng"
    given_names: frozenset[str]
    modifier_compounds: frozenset[str]  # "chính" of "chính quyền": not the modifier "quyền"
    deictic: frozenset[str]  # "nước này": stands for a country, not written in the title
    mandates: tuple[str, ...]  # titles whose mandate follows "về"
    street_words: frozenset[str]
    nationalities: frozenset[str]
    country_compounds: frozenset[str]  # "anh hùng", "pháp luật": words, not countries
    countries: dict[str, Entry]  # every country name, the ambiguous ones too ("Mỹ", "Nga")
    country_firsts: frozenset[str]  # their first words
    honorific_names: frozenset[str]  # honorifics that are part of a formal name ("Samdech")


@cache
def vocab() -> _Vocab:
    data = read_toml("entities.toml")
    soft = {w.lower(): frozenset(x.lower() for x in after)
            for w, after in data["soft_openers"].items()}
    countries: dict[str, Entry] = {}
    firsts: set[str] = set()
    for c in kb.countries():
        entry = Entry("LOC", c.name_vi, c.name_en, c.iso2, "country")
        for name in (*c.names, *(x for x in c.ambiguous_vi if x in ("Nhật", "Úc", "Ý"))):
            countries.setdefault(fold_key(name), entry)
            words = tokenize(name, [(0, len(name))]).lowered
            if words:  # "ả-rập" as one token, "ả" when written with a space
                firsts |= {words[0], fold_key(name).split()[0]}
    portfolios = {fold_key(n) for row in kb.ministry_names() for n in (row.name_vi,
                                                                          *row.aliases_vi)}
    return _Vocab(
        openers=frozenset(w.lower() for w in data["sentence_openers"]),
        soft_openers=soft,
        particles=frozenset(data["name_particles"]),
        bridges=frozenset([w for w in data["name_bridges"] if w != "và"] + data["title_bridges"]),
        place_prefixes=frozenset(data["place_prefixes"]),
        firm_words=frozenset(w.lower() for w in data["firm_words"]),
        plural=frozenset(data["plural_words"]),
        after_name=frozenset(data["stop_words"] + data["after_name"]),
        acts_after_name=frozenset(data["acts_after_name"]),
        modifiers=frozenset(r.honorific for r in kb.honorifics() if r.kind == "modifier"),
        portfolios=frozenset(portfolios),
        given_names=frozenset(w.lower() for w in read_lines("given_names.txt")),
        modifier_compounds=frozenset(data["modifier_compounds"]),
        deictic=frozenset(data["deictic_countries"]),
        mandates=tuple(data["mandate_titles"]),
        street_words=frozenset(data["street_words"]),
        nationalities=frozenset(data["nationality_words"]),
        country_compounds=frozenset(data["country_compounds"]),
        countries=countries,
        country_firsts=frozenset(firsts),
        honorific_names=frozenset(w.lower() for w in data["name_honorifics"]),
    )


@cache
def _honorific_table() -> PhraseTable:
    forms = {name.strip() for row in kb.honorifics() if row.kind != "modifier"
             for name in (row.honorific, *row.aliases) if name.strip()}
    forms |= {w.capitalize() for w in read_toml("entities.toml")["name_honorifics"]}
    return PhraseTable.build({f.lower(): f for f in forms})


def honorific_firsts() -> frozenset[str]:
    """The first words of the honorifics, lower case."""
    return _honorific_table().first


def is_honorific_word(tk: Tokens, i: int) -> bool:
    """Token ``i`` opens an address word or honorific ("Cô" in "các Thầy Cô")."""
    return _honorific_table().at(tk, i) is not None


def honorifics_in(tk: Tokens) -> dict[int, int]:
    """Honorifics ("ông", "đồng chí", "GS.TS", "Samdech") before a capitalised word:
    start token → end token."""
    table = _honorific_table()
    out: dict[int, int] = {}
    caps = tk.caps
    reach = table.longest + 1
    for i in tk.where(table.first, lexicon=True):
        if not any(caps[i + 1 : i + reach]):
            continue  # no capitalised word close enough after it
        found = table.at(tk, i)
        if found is None or (i > 0 and tk.gap(i) == "" and (tk.is_word(i - 1)
                                                            or tk.words[i - 1] == ".")):
            continue
        end = found[0]
        if end < tk.n and tk.caps[end] and tk.gap(end)[:1].isspace():
            out[i] = end
    return out


@cache
def surnames() -> dict[str, kb.Surname]:
    """Surnames by their lower-case spelling ("Thâm" is not "Thẩm")."""
    return {row.surname.lower(): row for row in kb.surnames()}


@cache
def common_surnames() -> frozenset[str]:
    """The common Vietnamese surnames, lower case."""
    return frozenset(k for k, row in surnames().items() if row.vn_common)


def surname(word: str) -> kb.Surname | None:
    return surnames().get(word.lower())


def is_vietnamese(words: list[str]) -> bool:
    return all(is_syllable(w) for w in words)


# --- the token context -----------------------------------------------------------------------


@dataclass(slots=True)
class Context:
    """One text field's tokens and what the lexicons found in it."""

    tk: Tokens
    year: int | None = None
    runs: dict[int, tuple[int, list[int]]] = field(default_factory=dict)  # name_run, cached
    free: dict[int, tuple[int, list[int]] | None] = field(default_factory=dict)  # _free_run

    def acronym(self, i: int) -> bool:
        if not self.tk.caps[i]:
            return False
        w = self.tk.words[i]
        return len(w) >= 2 and w.isupper() and w.isalpha()

    def firm(self, i: int) -> bool:
        w = self.tk.words[i]
        return self.tk.lowered[i] in vocab().firm_words or _inner_capitals(w) >= 2

    def country_at(self, i: int) -> tuple[int, Entry] | None:
        """A country name at ``i`` in a title's qualifier slot, the ambiguous ones included."""
        tk = self.tk
        if not tk.cap(i) or (i > 0 and tk.lowered[i - 1] in ("tiếng", "quyền")):
            return None  # "tiếng Anh" is a language, "quyền Anh" boxing
        if i in tk.gaz and tk.gaz[i][1].entry.kind == "country":
            return tk.gaz[i][0], tk.gaz[i][1].entry
        if tk.lowered[i] not in vocab().country_firsts:
            return None
        for n in (3, 2, 1):
            j = i + n
            if j > tk.n or any(not tk.spaced(k) for k in range(i + 1, j)):
                continue
            entry = vocab().countries.get(fold_key(tk.span(i, j)))
            if entry and not (j < tk.n and tk.spaced(j) and tk.phrase_at(
                    i, vocab().country_compounds, 2)):
                return j, entry
        return None

    def opener(self, i: int) -> bool:
        tk = self.tk
        low = tk.lowered[i]
        if low in vocab().openers:
            return True
        after = vocab().soft_openers.get(low)
        if after is None or i + 1 >= tk.n:
            return False
        nxt = tk.lowered[i + 1]
        return nxt in after or (nxt[0].isdigit() and "#digit" in after)

    def blocked(self, i: int, inside: bool, vietnamese: bool = True) -> bool:
        """Token ``i`` cannot be part of a name (``inside``: not its first word)."""
        tk = self.tk
        if i in tk.actors:
            return inside
        if i in tk.titles or i in tk.orgs or self.acronym(i) or (inside and self.opener(i)):
            return True
        if i in tk.honorifics and tk.lowered[i] not in ("anh", "cô", "chú", "chị", "em"):
            return True
        if i in tk.gaz:
            kind = tk.gaz[i][1].entry.kind
            return not inside or not vietnamese or kind == "country" \
                or tk.gaz[i][1].entry.type != "LOC"
        return False


def continues_word(tk: Tokens, j: int) -> bool:
    """A lower-case syllable after a capitalised one that makes a word of it ("Trung ương")."""
    return tk.lowered[j] not in vocab().after_name and is_syllable(tk.words[j])


@lru_cache(maxsize=16384)
def _inner_capitals(word: str) -> int:
    return sum(1 for k in range(1, len(word)) if word[k].isupper() and word[k - 1].islower())


# --- names --------------------------------------------------------------------------------


def _initial(tk: Tokens, j: int) -> bool:
    """"V." of "V.Pu-tin", "W." of "George W. Bush": one capital letter and a full stop."""
    return (len(tk.words[j]) == 1 and tk.caps[j] and j + 2 < tk.n and tk.words[j + 1] == "."
            and tk.gap(j + 1) == "" and tk.caps[j + 2] and tk.gap(j + 2) in ("", " ")
            and tk.sent[j + 2] == tk.sent[j])


def name_run(ctx: Context, i: int) -> tuple[int, list[int]]:
    """End token of the capitalised run at ``i`` and the indices of its words."""
    found = ctx.runs.get(i)
    if found is None:
        found = ctx.runs[i] = _name_run(ctx, i)
    return found[0], list(found[1])


def _name_run(ctx: Context, i: int) -> tuple[int, list[int]]:
    tk = ctx.tk
    j, words = i, []
    foreign = False
    while j < tk.n:
        if j > i and not (tk.spaced(j) or (tk.words[j - 1] == "." and words)):
            break
        if tk.cap(j) and tk.is_word(j):
            if ctx.blocked(j, inside=j > i, vietnamese=not foreign):
                break
            words.append(j)
            foreign = foreign or not is_syllable(tk.words[j])
            if _initial(tk, j):
                j += 2
                continue
            j += 1
            if len(words) >= MAX_FOREIGN_WORDS + 1:
                break
            continue
        if words and tk.lowered[j] in vocab().particles and _cap_follows(tk, j) \
                and (foreign or not is_syllable(tk.words[_cap_follows(tk, j)])):
            j += 1
            continue
        break
    if words and tk.words[j - 1] == ".":
        j -= 1
    while len(words) > 1 and words[-1] >= j:
        words.pop()
    return (words[-1] + 1 if words else i), words


def _cap_follows(tk: Tokens, j: int) -> int:
    """The capitalised word after particles at ``j`` ("von der Leyen"), or 0."""
    k = j + 1
    while k < tk.n and tk.lowered[k] in vocab().particles and tk.spaced(k):
        k += 1
    return k if k < tk.n and tk.spaced(k) and tk.cap(k) else 0


def read_name(ctx: Context, i: int, *, short_ok: bool,
              after_title: bool = False) -> tuple[int, int] | None:
    """The personal name at or just after ``i`` (an unknown place or firm may stand first)."""
    tk = ctx.tk
    if i in tk.actors:
        return i, tk.actors[i][0]
    _, words = name_run(ctx, i)
    if not words:
        return None
    texts = [tk.words[k] for k in words]
    if any(ctx.firm(k) for k in words):
        cut = max(n for n, k in enumerate(words) if ctx.firm(k)) + 1
        if cut >= len(words) or (cut == len(words) - 1
                                 and texts[cut].lower() not in vocab().given_names):
            return None  # "Bannockburn Global Forex": the firm's name goes on
        words, texts = words[cut:], texts[cut:]
    if len(texts) == 1 and len(texts[0]) == 1:
        return None  # one letter ("T&T") is not a name
    if is_vietnamese(texts) and not any("-" in t for t in texts):
        return _vietnamese_name(tk, words, short_ok)
    start = _foreign_start(tk, words, texts) if after_title else 0
    if start is None:
        return None
    words = words[start:][:MAX_FOREIGN_WORDS]
    if len(words) == 1 and not short_ok:
        return None
    return words[0], words[-1] + 1


def _vietnamese_name(tk: Tokens, words: list[int], short_ok: bool) -> tuple[int, int] | None:
    texts = [tk.words[k] for k in words]
    if len(texts) == 1:
        return (words[0], words[0] + 1) if short_ok else None
    k = 0
    if len(texts) > MAX_NAME_WORDS or (not surname(texts[0]) and len(texts) >= 4):
        k = surname_split(texts)
        if k is None:
            if len(texts) > MAX_NAME_WORDS:
                return None
            k = 0
    chosen = words[k:][:MAX_NAME_WORDS]
    return chosen[0], chosen[-1] + 1


def surname_split(texts: list[str]) -> int | None:
    """Where the name starts in "Gio Linh Nguyễn Văn An": the first common surname that
    leaves two to four syllables."""
    for k in range(1, len(texts) - 1):
        family = surname(texts[k])
        if family and (family.vn_common or family.cn_common) and \
                2 <= len(texts) - k <= MAX_NAME_WORDS:
            return k
    return None


def _foreign_start(tk: Tokens, words: list[int], texts: list[str]) -> int | None:
    """Drop firm, club or place words before the personal name ("Siemens Joe Kaeser",
    "Eximbank Lê Minh Quốc")."""
    given = vocab().given_names
    if len(texts) >= 2 and texts[0].lower() not in given:
        for n in range(1, len(texts) - 1):
            if texts[n].lower() in given:
                return n
        for n in range(1, len(texts) - 1):
            rest = texts[n:]
            family = surname(rest[0])
            if family and family.vn_common and is_vietnamese(rest) and len(rest) <= 4:
                return n
    return 0
