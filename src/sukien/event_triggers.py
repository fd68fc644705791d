"""Event triggers and their word senses, read from ``data/events.toml``.

A trigger word counts only in the sense the lexicon gives it. Each entry lists the contexts
that veto it — another word ("tiếp tục", "bác sĩ", "họp báo") or another sense ("gặp khó
khăn", "diều gặp gió", "thăm khám", "giá bán đề xuất") — and the contexts it needs ("ký" +
"kết|biên bản|…", "bác" + "bỏ|đơn|…"). Two rules hold for every trigger and are code:

* a statement verb written with a capital inside a sentence is part of a name ("phường
  Thống Nhất", "Các Tiểu vương quốc Ả Rập Thống nhất", "Bác" for Hồ Chí Minh) — an event noun
  or a ceremony may be capitalised ("Hội nghị Cấp cao ASEAN", "Lễ ký"); so is any trigger
  inside a person, place or body the entity stage found, or capitalised right after a word
  that opens a name ("phường", "giải");
* matching (this module) is kept apart from what the match means (``event_context``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache

import ahocorasick

from .normalize import alternation
from .resources import read_toml


@dataclass(slots=True, frozen=True)
class Trigger:
    words: tuple[str, ...]
    type: str
    cameo: str
    kind: str  # verb | noun | statement
    en: str
    role: str | None
    mode: str | None
    single_actor: bool  # one political actor is enough (a threat, a deployment)
    nominal: bool  # names the act ("lễ ký"): its parties may all come after it
    needs_target: bool  # acted on someone of another side ("hỗ trợ … cho Ấn Độ")
    veto_before: re.Pattern[str] | None
    veto_after: re.Pattern[str] | None
    needs_before: re.Pattern[str] | None
    needs_after: re.Pattern[str] | None
    needs_near: re.Pattern[str] | None
    needs_clause: re.Pattern[str] | None
    veto_near: re.Pattern[str] | None


@dataclass(slots=True, frozen=True)
class Lexicon:
    pattern: re.Pattern[str]  # any trigger word (used to cut a noun phrase at the next one)
    automaton: ahocorasick.Automaton  # the same words, matched in one pass over lower-case text
    by_word: dict[str, tuple[Trigger, ...]]
    frames: tuple[str, ...]
    capitals: dict[str, str]
    name_heads: re.Pattern[str]
    # word lists compiled once, each a search for any of its phrases standing alone in
    # lower-cased text
    event_verb: re.Pattern[str]
    reference_at_end: re.Pattern[str]
    status: dict[str, re.Pattern[str]]
    same_occasion: re.Pattern[str]
    at_event_noun: re.Pattern[str]  # "tại/sau/bên lề" + an event noun
    speech: re.Pattern[str]
    said: re.Pattern[str]  # verbs that date what their subject said
    collective: re.Pattern[str]
    collective_subject: re.Pattern[str]
    delegation: re.Pattern[str]
    own_time: re.Pattern[str]
    another_act: re.Pattern[str]
    sidelines: re.Pattern[str]
    plural_at_end: re.Pattern[str]
    background: re.Pattern[str]
    conditional: re.Pattern[str]
    question: re.Pattern[str]
    purpose: re.Pattern[str]
    press: re.Pattern[str]
    invited: re.Pattern[str]
    announce: re.Pattern[str]
    verb_reference: re.Pattern[str]
    setting: re.Pattern[str]
    ordinal: re.Pattern[str]
    clause_join: re.Pattern[str]  # ", trong khi": a comma that opens a clause of its own
    attend: re.Pattern[str]  # "dự", "tham dự" right before a meeting's name
    channel: re.Pattern[str]  # "thư", "điện", "điện thoại": said at a distance
    question_after: re.Pattern[str]  # "… hay không" closing the trigger's clause


def any_of(phrases, after: str = r"(?!\w)") -> re.Pattern[str]:
    """Any of ``phrases`` (regular expressions) standing alone: no word character before it,
    ``after`` after it."""
    phrases = list(phrases)
    if not phrases:
        return re.compile(r"(?!)")  # an empty list never matches
    return re.compile(rf"(?<!\w)(?:{'|'.join(phrases)}){after}")


def _at_start(phrases) -> re.Pattern[str] | None:
    return re.compile(rf"\s*(?:{'|'.join(phrases)})(?!\w)") if phrases else None


def _at_end(phrases) -> re.Pattern[str] | None:
    return re.compile(rf"(?<!\w)(?:{'|'.join(phrases)})\s*$") if phrases else None


def _near(phrases) -> re.Pattern[str] | None:
    return any_of(phrases) if phrases else None


def _trigger(row: dict) -> Trigger:
    return Trigger(
        words=tuple(row["words"]), type=row["type"], cameo=row["cameo"], kind=row["kind"],
        en=row["en"], role=row.get("role"), mode=row.get("mode"),
        single_actor=row.get("actors") == "one", nominal=bool(row.get("nominal")),
        needs_target=bool(row.get("needs_target")),
        veto_before=_at_end(row.get("veto_before", ())),
        veto_after=_at_start(row.get("veto_after", ())),
        needs_before=_at_end(row.get("needs_before", ())),
        needs_after=_at_start(row.get("needs_after", ())),
        needs_near=_near(row.get("needs_near", ())),
        needs_clause=_near(row.get("needs_clause", ())),
        veto_near=_near(row.get("veto_near", ())),
    )


@cache
def lexicon() -> Lexicon:
    data = read_toml("events.toml")
    by_word: dict[str, list[Trigger]] = {}
    for row in data["trigger"]:
        trigger = _trigger(row)
        for word in trigger.words:
            by_word.setdefault(word.lower(), []).append(trigger)
    pattern = re.compile(rf"(?<![\w])(?:{alternation(by_word)})(?![\w])", re.I)
    automaton = ahocorasick.Automaton()
    for word in by_word:
        automaton.add_word(word, word)
    automaton.make_automaton()
    nouns, phrases = data["nouns"], data["phrases"]
    event_nouns = alternation(w for w, ts in by_word.items() if ts[0].kind == "noun")
    return Lexicon(
        pattern, automaton, {w: tuple(ts) for w, ts in by_word.items()}, tuple(nouns["frames"]),
        dict(data["capitals"]),
        name_heads=_at_end(re.escape(w) for w in data["senses"]["name_heads"]),
        event_verb=any_of(nouns["event_verbs"]),
        reference_at_end=any_of(nouns["references"], after=r"\s*$"),
        status={k: any_of(v) for k, v in data["status"].items()},
        same_occasion=any_of(phrases["same_occasion"]),
        at_event_noun=re.compile(rf"(?<!\w)(?:tại|sau|bên lề)\s+(?:{event_nouns})(?!\w)"),
        speech=any_of(data["speech"]["verbs"]),
        said=any_of(data["speech"]["said"]),
        collective=any_of(phrases["collective"]),
        delegation=any_of(data["actors"]["delegation"]),
        collective_subject=re.compile(
            rf"\W*(?:{'|'.join(phrases['collective_subject'])})(?!\w)"),
        own_time=any_of(phrases["own_time"]),
        another_act=any_of(phrases["another_act"]),
        sidelines=any_of(phrases["sidelines"]),
        plural_at_end=any_of(phrases["plural"], after=r"\s*$"),
        background=any_of(phrases["background"]),
        conditional=any_of(phrases["conditional"]),
        question=any_of(phrases["question"]),
        purpose=any_of(phrases["purpose"]),
        press=any_of(phrases["press"]),
        invited=any_of(data["status"]["invited"]),
        announce=any_of(data["status"]["announce"]),
        verb_reference=any_of(nouns["verb_references"], after=r"\s*$"),
        setting=any_of(nouns["setting"], after=r"\s*$"),
        ordinal=re.compile(phrases["ordinal"], re.I),
        attend=any_of(nouns["attend"], after=r"\s*$"),
        channel=any_of(phrases["channel"]),
        question_after=any_of(phrases["question_after"]),
        clause_join=re.compile(rf",(?=\s+(?:{'|'.join(phrases['clause_joins'])})(?!\w))"),
    )


# --- triggers in a sentence ----------------------------------------------------------------


@dataclass(slots=True)
class Hit:
    start: int  # offset in the sentence
    end: int
    text: str
    trigger: Trigger


def _sentence_initial(text: str, pos: int) -> bool:
    """Nothing but punctuation, quotes or a dash before ``pos`` since the sentence began."""
    return not any(c.isalnum() for c in text[:pos])


def _capitalised_inside(text: str, hit_start: int) -> bool:
    """A capital letter that is not the first of its sentence or of a quotation."""
    if not text[hit_start].isupper() or _sentence_initial(text, hit_start):
        return False
    before = text[:hit_start].rstrip()
    return not before.endswith((":", '"', "“", "‘", "(", "-", "–"))


def _sense_ok(trigger: Trigger, text: str, lowered: str, start: int, end: int) -> bool:
    """Does the context confirm this trigger's sense at ``text[start:end]``?"""
    before, after = lowered[max(0, start - 60) : start], lowered[end:]
    if trigger.veto_after and trigger.veto_after.match(after):
        return False
    if trigger.veto_before and _vetoed_before(trigger.veto_before, text, before, start):
        return False
    if trigger.needs_before and not trigger.needs_before.search(
            lowered[max(0, start - 120) : start]):  # "Đại sứ Mỹ … đã bị Bộ Ngoại giao … triệu tập"
        return False
    if trigger.needs_after and not trigger.needs_after.match(after):
        return False
    if trigger.needs_near and not trigger.needs_near.search(after[:100]):
        return False
    if trigger.veto_near and trigger.veto_near.search(after[:100]):
        return False
    if trigger.needs_clause and not trigger.needs_clause.search(_clause(lowered, start)):
        return False
    if trigger.kind == "statement" and _capitalised_inside(text, start):
        return False  # "phường Thống Nhất", "Bác": a word of a name
    return not (text[start].isupper() and lexicon().name_heads.search(before))


def _vetoed_before(veto: re.Pattern[str], text: str, before: str, start: int) -> bool:
    """A veto word right before the trigger — written in lower case, or opening the sentence
    ("Nhật Bản cam kết": "Bản" is a word of a name, not "bản cam kết")."""
    found = veto.search(before)
    if found is None:
        return False
    at = start - len(before) + found.start()
    return not text[at].isupper() or _sentence_initial(text, at)


def _clause(lowered: str, pos: int) -> str:
    start, end = clause_bounds(lowered, pos)
    return lowered[start:end]


def clause_bounds(text: str, pos: int) -> tuple[int, int]:
    """The clause around ``pos``: between semicolons, colons, full stops glued to the next
    sentence ("…ngoại giao".Ông cũng …) that the sentence splitter left inside, and a comma
    before a conjunction that opens a clause with its own subject (", trong khi Đức …")."""
    return _clause_cuts(text, pos)


@lru_cache(maxsize=4096)
def _cuts(text: str) -> tuple[int, ...]:
    cuts = [i for i, c in enumerate(text) if c in ";:" or (
        c == "." and 0 < i < len(text) - 1 and text[i + 1].isupper()
        and (text[i - 1].islower() or text[i - 1] in "\"”)"))]
    cuts += [m.start() for m in lexicon().clause_join.finditer(text.lower())]
    return tuple(sorted(cuts))


def _clause_cuts(text: str, pos: int) -> tuple[int, int]:
    cuts = _cuts(text)
    start = max((i for i in cuts if i < pos), default=-1) + 1
    end = min((i for i in cuts if i >= pos), default=len(text))
    return start, end


def _matches(lowered: str) -> list[tuple[int, int, str]]:
    """Trigger words in ``lowered`` standing alone, leftmost-longest and not overlapping."""
    found: list[tuple[int, int, str]] = []
    for end_index, word in lexicon().automaton.iter(lowered):
        start, end = end_index - len(word) + 1, end_index + 1
        if (start and lowered[start - 1].isalnum()) or (end < len(lowered) and
                                                         lowered[end].isalnum()):
            continue
        found.append((start, end, word))
    found.sort(key=lambda m: (m[0], -m[1]))
    chosen: list[tuple[int, int, str]] = []
    for match in found:
        if not chosen or match[0] >= chosen[-1][1]:
            chosen.append(match)
    return chosen


def find_triggers(text: str, names: list[tuple[int, int]] = ()) -> list[Hit]:
    """Trigger words of ``text`` in the sense the lexicon gives them. ``names`` are the spans
    of the people, places and bodies the entity stage found: a trigger inside one is a word of
    the name ("Ủy ban Thống nhất", "Đại sứ quán")."""
    lex, lowered = lexicon(), text.lower()
    if len(lowered) != len(text):  # a character whose lower case is longer: keep offsets
        lowered = "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
    hits: list[Hit] = []
    for start, end, word in _matches(lowered):
        if any(s <= start and end <= e and (s, e) != (start, end) for s, e in names):
            continue
        for trigger in lex.by_word[word]:
            if _sense_ok(trigger, text, lowered, start, end):
                hits.append(Hit(start, end, text[start:end], trigger))
                break
    return hits


def trigger_for(word: str) -> Trigger | None:
    """The first lexicon entry of a trigger word (for summaries)."""
    found = lexicon().by_word.get(word.lower())
    return found[0] if found else None
