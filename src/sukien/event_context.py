"""What a sentence says around a trigger: its actors and sides, place, date and status.

* ``View`` — one sentence of the title, sapo, body or a caption, with the actors it names;
* ``parties`` — the source and target of the act: actors before the trigger in its clause act,
  those after it (up to where its topic starts: "về", "nhằm", …) are acted on; "A tiếp B" puts
  the visitor B first; a clause opened by "Ông"/"Bà" acts through the official named last;
  "hai bên", "hai nước", "hai Bộ trưởng" are the participants of the occasion already reported;
* ``status_of`` — ``happened`` unless negation, a future or a wish governs the trigger;
  background ("đã có nhiều cuộc họp") and conditions ("nếu …") are not acts of the article;
* ``event_date`` — the day named in the trigger's clause ("Ngày 5/6", "Sáng 21.6", "hôm qua
  (25/6)", "Ngày 6-7"), completed against the article's date, never an anniversary span;
* ``location`` — the place after "tại"/"ở"/"thăm", or a government body's seat.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date
from functools import cache, lru_cache
from itertools import pairwise

from . import gazetteer
from .dates import DateMention, find_dates, resolve
from .event_actors import (
    Actor,
    Cast,
    Placed,
    bloc_words,
    country_words,
    credits,
    initial_needs_witness,
    mention_acts,
)
from .event_triggers import Hit, any_of, clause_bounds, lexicon
from .normalize import fold
from .record import Entity
from .resources import read_toml
from .sentences import Sentence

# --- sentence views ---------------------------------------------------------------------------


@dataclass(slots=True)
class View:
    index: int  # the sentence's index in the body; -1 in the title, sapo and captions
    field: str  # body | lede | title | caption:N
    sentence: Sentence  # offsets in its field
    actors: list[Placed] = field(default_factory=list)
    places: list[tuple[int, int, Entity]] = field(default_factory=list)  # every LOC/ORG named
    names: list[tuple[int, int]] = field(default_factory=list)  # PER/LOC/ORG spans

    @property
    def text(self) -> str:
        return self.sentence.text


def build_views(sentences: list[Sentence], field_name: str, entities: list[Entity], cast: Cast,
                body: bool = False) -> list[View]:
    views = [View(i if body else -1, field_name, s) for i, s in enumerate(sentences)]
    if not views:
        return views
    starts = [s.start for s in sentences]
    spans: list[tuple[int, int, Entity, int]] = []
    for entity in entities:
        for m in entity.mentions:
            if m.field != field_name:
                continue
            index = m.sentence if body and m.sentence is not None else _index(starts, m.start)
            if 0 <= index < len(views):
                spans.append((m.start, m.end, entity, index))
    credit_spans: dict[int, list[tuple[int, int]]] = {}
    by_index: dict[int, list[tuple[int, int, Entity, int]]] = {}
    for span in spans:
        by_index.setdefault(span[3], []).append(span)
    for start, end, entity, index in spans:
        view = views[index]
        offset, stop = start - view.sentence.start, end - view.sentence.start
        if entity.type in ("LOC", "ORG"):
            view.places.append((offset, stop, entity))
        if entity.type != "MISC":
            view.names.append((offset, stop))
        if index not in credit_spans:
            credit_spans[index] = credits(view.text)
        if _inside_another(start, end, by_index[index]) or not mention_acts(
                view.text, offset, stop, entity, credit_spans[index]):
            continue
        actor = cast.actor(entity)
        if actor is not None:
            misc = any(s <= start and end <= e and ent.type == "MISC"
                       for s, e, ent, _ in by_index[index])
            view.actors.append(Placed(offset, stop, actor, "MISC" if misc else None))
    return views


def add_country_words(views: list[View], cast: Cast, entities: list[Entity]) -> None:
    """"Nga cho biết …", "chính phủ Anh": country names that are also words, read where they
    stand alone as names; "Anh" opening a sentence only when the article names Britain
    elsewhere."""
    if not cast.political_topic:
        return  # a country there is a team, a destination or a brand's home: never an actor
    person_words = frozenset(fold(w) for e in entities if e.type == "PER"
                             for w in e.canonical.split())
    found = [(v, country_words(v.text, v.names, person_words)) for v in views]
    witness = {e.country for e in entities if e.country} | {
        iso for _, hits in found for _, _, iso, initial in hits if not initial}
    for view in views:  # "phương Tây"
        for start, end, entity in bloc_words(view.text, view.names):
            view.names.append((start, end))
            actor = cast.actor(entity)
            if actor is not None and mention_acts(view.text, start, end, entity, []):
                view.actors.append(Placed(start, end, actor))
    for view, hits in found:
        spans = credits(view.text) if hits else []
        for start, end, iso, initial in hits:
            if initial and initial_needs_witness(view.text[start:end]) and iso not in witness \
                    and not _listed_with_a_country(view, end):
                continue
            entity = cast.country(iso)
            view.places.append((start, end, entity))
            view.names.append((start, end))
            if mention_acts(view.text, start, end, entity, spans):
                actor = cast.actor(entity)
                if actor is not None:
                    view.actors.append(Placed(start, end, actor))


def _listed_with_a_country(view: View, end: int) -> bool:
    """"Anh, Canada và Australia …": a sentence-initial country word heading a list of
    countries is a country."""
    after = re.match(r"\s*(?:,|và)\s*", view.text[end:])
    if after is None:
        return False
    at = end + after.end()
    return any(start == at and place.type == "LOC" and place.kind == "country"
               for start, _, place in view.places)


def finish_views(views: list[View]) -> list[View]:
    """Actors in reading order, bodies joined to the country named after them, a country or
    body that is part of a person's title dropped."""
    for view in views:
        view.actors.sort(key=lambda p: p.start)
        view.places.sort(key=lambda p: p[0])
        view.actors = _drop_title_qualifiers(_qualify_bodies(view.actors, view.text))
    return views


def _qualify_bodies(actors: list[Placed], text: str) -> list[Placed]:
    """"Chính phủ Pakistan", "Bộ Ngoại giao Nga": a body named by its generic name and the
    country after it belongs to that country; so does "Chính phủ và nhân dân Trung Quốc"."""
    out: list[Placed] = []
    skip = False
    for i, placed in enumerate(actors):
        if skip:
            skip = False
            continue
        following = actors[i + 1] if i + 1 < len(actors) else None
        if placed.actor.kind == "body" and placed.actor.entity.kind != "intl" and \
                following is not None and following.actor.kind == "state" and (
                following.start - placed.end == 1 or _PEOPLE_OF.fullmatch(
                    text[placed.end : following.start])):
            actor = Actor(placed.actor.entity, "body", following.actor.side)
            out.append(Placed(placed.start, following.end, actor, placed.named_in))
            skip = True
            continue
        out.append(placed)
    return out


_PEOPLE_OF = re.compile(r"\s+và\s+(?:nhân dân|người dân|quân đội)\s+", re.I)


def _index(starts: list[int], offset: int) -> int:
    lo, hi, found = 0, len(starts) - 1, 0
    while lo <= hi:
        mid = (lo + hi) // 2
        if starts[mid] <= offset:
            found, lo = mid, mid + 1
        else:
            hi = mid - 1
    return found


def _inside_another(start: int, end: int, spans) -> bool:
    """A name inside a body's or person's name ("Việt Nam" in "Đại sứ quán Việt Nam tại …")."""
    return any(s <= start and end <= e and (s, e) != (start, end) and ent.type in ("ORG", "PER")
               for s, e, ent, _ in spans)


def _drop_title_qualifiers(actors: list[Placed]) -> list[Placed]:
    """"Ngoại trưởng Australia Marise Payne", "Phó Chủ tịch Chính quyền Khu tự trị Quảng Tây
    Lưu Hồng Vũ": the country or body is the person's title, not a party of its own."""
    out: list[Placed] = []
    for i, placed in enumerate(actors):
        following = actors[i + 1] if i + 1 < len(actors) else None
        if placed.actor.entity.type != "PER" and following is not None and \
                following.actor.entity.type == "PER" and following.start - placed.end <= 2:
            continue
        out.append(placed)
    return out


# --- status ------------------------------------------------------------------------------------


def status_of(text: str, hit: Hit) -> str | None:
    """happened | planned | proposed | denied, or None when the clause reports no act of the
    article: background ("đã có nhiều cuộc họp", "từng"), a condition ("nếu …"), an act
    someone is accused of ("cáo buộc NATO triển khai …"), an opinion ("nên xin lỗi")."""
    lex = lexicon()
    start, end = clause_bounds(text, hit.start)
    before = lex.invited.sub(" ", text[start : hit.start].lower())  # "nhận lời mời của …"
    if lex.question_after.search(text[hit.end : end].lower()):
        return None  # "bàn bạc chuyện có tiếp tục trục xuất … hay không"
    if lex.background.search(before) or lex.question.search(before) or \
            lex.status["thanked"].search(before):
        return None  # background, a question, or what someone is thanked for
    if lex.conditional.search(before) and hit.trigger.type != "THREATEN":
        return None  # a threat is conditional by nature
    piece = before[before.rfind(",") + 1 :]
    if lex.purpose.search(piece) and not (hit.trigger.type == "AID" and re.search(
            r"(?<!\w)đã\s+(?:\w+\s+){1,3}(?:để|nhằm)\s+$", piece)):
        return None  # "đàm phán để đạt được thỏa thuận" — but "đã phối hợp để cung cấp"
    alleged = lex.status["alleged"].search(before) if hit.trigger.kind != "statement" else None
    if alleged and not (alleged.group(0) in ("cho rằng", "tin rằng") and re.match(
            r"\W*việc\s", before[alleged.end() :])):
        return None  # but "cho rằng, việc Trung Quốc đưa máy bay …": the act is a given
    content = before[before.rfind("rằng") + 4 :] if "rằng" in before else before
    if re.search(r"(?<!\w)(?:cam kết|hứa|hứa hẹn|cam đoan)\s+rằng(?!\w)", before):
        content += " sẽ"  # "cam kết rằng Mỹ hoàn toàn ủng hộ việc cung cấp …": a promise
    words = {kind: lex.status[kind].search(content) is not None
             for kind in ("planned", "proposed")}
    words["denied"] = lex.status["denied"].search(before[-24:]) is not None or \
        lex.status["denied_any"].search(before) is not None  # "không gặp", "không có … nào"
    if hit.trigger.kind == "statement":
        if re.search(r"(?<!\w)(?:không|chưa|đừng|chớ)(?:\s+\w+)?\s+$", before):
            return "denied"  # "không cáo buộc", "đừng đe dọa Mỹ": nothing said
        if lex.status["opinion"].search(before[-20:]):
            return None
        planned = lex.status["planned"].search(before)
        if planned and hit.trigger.type != "THREATEN" and not lex.announce.search(
                before[: planned.start()]):
            return None  # "sẽ ủng hộ": nothing said yet — unless announced ("thông báo sẽ hủy")
        return "happened"
    if words["denied"]:
        return "denied"
    if words["proposed"]:
        return "proposed"
    if words["planned"]:
        return "planned"
    return "happened"


def noun_role(text: str, hit: Hit) -> str:
    """What an event noun does here: "frame", "reference", "named", "subject", "plural" or "new"."""
    lex = lexicon()
    start, end = clause_bounds(text, hit.start)
    before = text[start : hit.start].lower()
    if any(before.rstrip().endswith(f) for f in lex.frames):
        return "frame"  # "trong khuôn khổ chuyến công tác …" sets the scene
    if lex.plural_at_end.search(before):
        return "plural"  # "các cuộc gặp", "nhiều cuộc họp": many occasions, not one act
    clause = text[start:end].lower()
    has_verb = lex.event_verb.search(clause) is not None
    if re.match(r"\s+\w", text[hit.end :]) and text[hit.end :].lstrip()[:1].isupper():
        # "cuộc họp Tham vấn … đã được tổ chức" is new; "dự Diễn đàn Kinh tế mùa Thu"
        # names another event that this sentence does not report
        return "new" if has_verb and not _ends_with_reference(before) else "named"
    if _ends_with_reference(before):
        return "reference"
    if not before.strip():
        return "subject"  # "Cuộc gặp diễn ra …": the meeting just reported, unless dated
    return "new" if has_verb else "reference"


def _ends_with_reference(before: str) -> bool:
    return lexicon().reference_at_end.search(before) is not None


# --- parties -----------------------------------------------------------------------------------


@dataclass(slots=True)
class Parties:
    source: list[Actor]
    target: list[Actor]
    collective: bool = False  # "hai bên", "hai Bộ trưởng": the occasion's participants
    pair: list[str] = field(default_factory=list)  # "giữa A và B": the two sides named
    partnered: bool = False  # an event noun naming its partner ("cuộc làm việc với Bộ X")

    @property
    def all(self) -> list[Actor]:
        return unique(self.source + self.target)


def unique(actors: list[Actor]) -> list[Actor]:
    """Each actor once ("Chính phủ Lào" and "Chính phủ Campuchia" are two)."""
    seen: list[Actor] = []
    for actor in actors:
        if all(not actor.same(a) for a in seen):
            seen.append(actor)
    return seen


@cache
def _object_stops() -> re.Pattern[str]:
    return any_of(re.escape(w) for w in read_toml("events.toml")["actors"]["object_stops"])


@cache
def _statement_stops() -> re.Pattern[str]:
    actors = read_toml("events.toml")["actors"]
    return any_of(re.escape(w) for w in actors["object_stops"] + actors["statement_object_stops"])


@cache
def _pronoun_opening() -> re.Pattern[str]:
    words = read_toml("events.toml")["actors"]["pronouns"]
    return re.compile(rf"^\W*(?:[^,]{{0,30}},\s*)?(?:{'|'.join(re.escape(w) for w in words)})"
                      r"(?!\s+[A-ZĐÀ-Ỹa-zđà-ỹ]*[A-Z])", re.I)


def parties(view: View, hit: Hit, hits: list[Hit], last_official: Actor | None) -> Parties:
    """Who acts and on whom, from the trigger's clause.

    The subject is in the stretch of the clause before the trigger and after any earlier act
    or verb of speech ("X cho biết [Y đã …]"): the actors of its last comma-separated piece
    that names any ("Thủ tướng A cảm ơn B …, đề nghị C …" → A). The object runs from the
    trigger to where its topic starts ("về", "nhằm", …). An actor named inside an agreement's
    or meeting's name is a party only to a signing or a meeting."""
    text = view.text
    start, end = clause_bounds(text, hit.start)
    opening = _after_fronted(text, start, hit.start)  # "Tại cuộc gặp X, [A đề nghị …]"
    earlier = [h.end for h in hits if h.end <= hit.start and h.start >= opening]
    speech = [m.end() for m in lexicon().speech.finditer(text.lower(), opening, hit.start)]
    subordinate = [m.end() for m in _subordinators().finditer(text.lower(), opening, hit.start)]
    subject_from = max([opening, *earlier, *speech, *subordinate])  # "… sau khi [Mỹ áp …]"
    stop = (_statement_stops() if hit.trigger.kind == "statement" else _object_stops()).search(
        text.lower(), hit.end, end)
    later = [h.start for h in hits if h.start >= hit.end and h.trigger.kind != "noun"
             and hit.trigger.kind != "statement"]  # what is criticised may be an act itself
    object_to = min([stop.start() if stop else end, *later, _attribution(text, hit.end, end)])
    piece = max(start, text.rfind(",", start, hit.start) + 1)
    referring = hit.trigger.kind == "noun" or lexicon().verb_reference.search(
        text[max(0, hit.start - 14) : hit.start].lower())
    acts_later = any(h.start >= hit.end and h.trigger.kind != "statement" for h in hits)
    if referring and acts_later and _fronted().match(text, piece) and \
            text.find(",", hit.end, object_to) >= 0:
        object_to = text.find(",", hit.end, object_to)  # "Sau cuộc hội đàm với X, …"
    elif piece == start and _SUBORDINATE_OPENING.match(text, start) and \
            text.find(",", hit.end, object_to) >= 0:
        object_to = text.find(",", hit.end, object_to)  # "Trước khi 2 nước trục xuất …, [X]"
    named = hit.trigger.kind == "noun" or hit.trigger.type == "AGREE"
    actors = [p for p in view.actors if named or p.named_in is None]
    subject = _subject(text, [p for p in actors if subject_from <= p.start and p.end <= hit.start],
                       hit.trigger.kind == "noun")
    if subject and earlier and subject_from == max(earlier) and re.search(
            r"(?<!\w)và\s+(?:\w+\s+){0,4}$", text[subject[-1].end : hit.start]) and \
            not _names_someone(text[subject[-1].end : hit.start]):
        subject = []  # "Iran cáo buộc Israel … và tuyên bố sẽ trả đũa": Iran threatens
    if not subject and earlier and subject_from == max(earlier) and re.search(
            r"(?<!\w)(?:và|rồi|đồng thời|sau đó)(?!\w)", text[subject_from : hit.start]):
        # "X bay đến Iran và ký …": coordinated acts share their subject
        first = max([opening, *[m for m in speech if m <= min(earlier)]])
        subject = [p for p in actors if first <= p.start and p.end <= min(earlier)]
    if not subject and speech and subject_from >= max(speech) and not _names_someone(
            text[subject_from : hit.start]) and not [e for e in earlier + subordinate
                                                      if e > max(speech)]:
        # "X thông báo [nước này] sẽ hủy …", "Nga cho biết sẽ đáp trả": the speaker acts
        subject = [p for p in actors if opening <= p.start and p.end <= subject_from]
    before = [p.actor for p in subject]
    after = [p.actor for p in actors if hit.end <= p.start < object_to]
    if not before and last_official is not None and \
            _pronoun_opening().match(text[subject_from : hit.start]):
        before = [last_official]
    passive = _agent(text, subject, hit.start)
    if passive is not None:  # "Trung Quốc bị Mỹ áp lệnh trừng phạt": Mỹ acts
        after = [p.actor for p in subject if not p.actor.same(passive)] + after
        before = [passive]
    after = [a for a in after if all(not a.same(b) for b in before)]
    pair: list[str] = []
    between = _between(text, hit.end, end)  # "cuộc gặp giữa A và B", "hợp tác giữa A và B"
    if between is not None and between[0] - hit.end > 40:
        between = None  # the pair of another act in the clause
    if between is not None:
        left = [p.actor for p in actors if between[0] <= p.start < between[1]]
        right = [p.actor for p in actors if between[2] <= p.start < between[3]]
        if left and right:
            pair = sides_of(left[:1]) + [s for s in sides_of(right[:1])
                                         if s not in sides_of(left[:1])]
            after = unique(after + [a for a in left + right if all(not a.same(b)
                                                                   for b in before)])
    speaker = _quoted_speaker(text, hit, actors)
    if speaker is not None and not any(a.political for a in speaker):
        before = []  # "“Nga sẽ đáp trả”, chuyên gia X nhận định": an expert's words, not Nga's
    elif speaker and not before:
        before = speaker  # "“Chúng tôi sẽ đáp trả”, người phát ngôn Bộ Ngoại giao Nga nói"
    collective = bool(lexicon().collective.search(text[start:end].lower()))
    if hit.trigger.role == "host":  # "A tiếp B": B is the visitor, listed first
        return Parties(unique(after), unique(before), collective, pair)
    return Parties(unique(before), unique(after), collective, pair)


@cache
def _governing() -> re.Pattern[str]:
    words = read_toml("events.toml")["actors"]["not_subject_after"]
    return any_of((re.escape(w) for w in words), after=r"\s+(?:(?:phía|nước|chính phủ)\s+)?$")


def _subject(text: str, candidates: list[Placed], noun: bool) -> list[Placed]:
    """The candidates that may be the subject: not a possessor or the object of a preposition
    ("lập trường của ASEAN"), nor a name listed after one ("vấn đề Đài Loan, Tân Cương và Hong
    Kong"); before an event noun, not a topic ("quan hệ với Trung Quốc")."""
    out: list[Placed] = []
    last: Placed | None = None
    governed = False
    for placed in candidates:
        listed = last is not None and re.fullmatch(r"\s*(?:,|và)\s*", text[last.end : placed.start])
        if not listed:  # a name listed after another keeps its case
            governed = _topic_of(text, placed.start) if noun else _governed(text, placed.start)
        if not governed:
            out.append(placed)
        last = placed
    return out


def _topic_of(text: str, start: int) -> bool:
    """"quan hệ với Trung Quốc … trong cuộc gặp": a topic, not a participant."""
    return re.search(r"(?<!\w)(?:về|quan hệ với|quan hệ giữa)\s+(?:\S+\s+)?$",
                     text[max(0, start - 24) : start].lower()) is not None


def _governed(text: str, start: int) -> bool:
    """A name after "của", "với", "về" … is a possessor or an object, never the subject."""
    return _governing().search(text[max(0, start - 20) : start].lower()) is not None


@cache
def _subordinators() -> re.Pattern[str]:
    return any_of(re.escape(w) for w in read_toml("events.toml")["actors"]["subordinators"])


@cache
def _fronted() -> re.Pattern[str]:
    words = read_toml("events.toml")["actors"]["fronted"]
    return re.compile(rf"[\s\"“'(]*(?:{'|'.join(re.escape(w) for w in words)})(?!\w)", re.I)


def _after_fronted(text: str, start: int, until: int) -> int:
    """Where the subject starts: after the adverbial pieces that open the clause ("Ngày 5/6,
    tại Hà Nội, …", "Vài ngày sau cuộc hội đàm với phía Mỹ, …", "tại Nhà khách X, Bắc Kinh,
    …": a place's city after it is part of the adverbial)."""
    placed = False  # the last adverbial says where ("tại …"): a city may follow it
    named = False  # the last adverbial ends with a name: a list of names may go on
    while True:
        comma = text.find(",", start, until)
        if comma < 0:
            return start
        words = text[start:comma].split()
        if _fronted().match(text, start):
            start, placed = comma + 1, bool(re.match(r"[\s\"“'(]*(?:tại|ở)(?!\w)", text[start:],
                                                     re.I))
            named = text[:comma].split()[-1][:1].isupper() if text[:comma].split() else False
            continue
        if placed and 0 < len(words) <= 4 and all(w[:1].isupper() for w in words):
            start = comma + 1  # "tại Nhà khách X, Bắc Kinh, …"
            continue
        if named:  # "Đáp lại quyết định của A, B và C, [người phát ngôn …]"
            closed = _closed_list(text, start, until)
            if closed is not None:
                start = closed
                continue
        return start


def _closed_list(text: str, start: int, until: int) -> int | None:
    """Where a list of names that goes on from an adverbial ends: pieces of capitalised words
    up to one joined by "và" and closed by a comma ("B, C và D,"); None when the list does
    not close before the trigger ("Ngoài A, B, C và D đều …": B, C, D are the subject)."""
    while True:
        comma = text.find(",", start, until)
        if comma < 0:
            return None
        words = text[start:comma].split()
        if not words or len(words) > 6 or not all(w[:1].isupper() or w == "và" for w in words):
            return None
        if "và" in words:
            return comma + 1
        start = comma + 1


def _names_someone(text: str) -> bool:
    """A capitalised word inside a clause: a name the entity stage did not resolve ("Borrell
    cho biết Nga đã …" while "Nga" is unknown) — someone else acts."""
    return any(w[:1].isupper() for w in text.split())


def _agent(text: str, subject: list[Placed], until: int) -> Actor | None:
    """The agent of a passive: the actor right after "bị"/"được" right before the trigger."""
    for placed in reversed(subject):
        if re.fullmatch(r"\s*(?:đã\s+|sẽ\s+)?", text[placed.end : until]) and \
                re.search(r"(?<!\w)(?:bị|được)\s*$", text[: placed.start]):
            return placed.actor
    return None


_SUBORDINATE_OPENING = re.compile(r"[\s\"“'(]*(?:trước khi|sau khi|khi|trong khi|kể từ khi|"
                                  r"vì|do|bởi)(?!\w)", re.I)

_REPORTED = re.compile(r"(?<!\w)(?:cho biết|cho hay|nói|nhận định|bình luận|tiết lộ|"
                       r"dẫn lời|phát biểu|thông báo)(?!\w)")


def _attribution(text: str, start: int, end: int) -> int:
    """Where a trailing attribution starts (", Thủ tướng Lào cho biết."): the clause's last
    comma, when what follows it only says who reported."""
    comma = text.rfind(",", start, end)
    if comma >= 0 and _REPORTED.search(text[comma:end].lower()) and \
            len(text[comma:end].split()) <= 12:
        return comma
    return end


def _quoted_speaker(text: str, hit: Hit, actors: list[Placed]) -> list[Actor] | None:
    """The speaker of a quotation the trigger is in, named after it ("…", X nói): the actors
    between the closing quote and the verb of speech (None when the trigger is not quoted)."""
    closing = re.search(r'["”]\s*,', text[hit.end :])
    if not closing:
        return None  # no attribution after the trigger ("…", X nói)
    if text.count('"', 0, hit.start) % 2 == 0 and "“" in text[: hit.start] and \
            "”" in text[: hit.start]:
        return None  # a quotation closed before the trigger
    tail_start = hit.end + closing.end()
    verb = lexicon().speech.search(text.lower(), tail_start)
    if not verb:
        return None
    return [p.actor for p in actors if tail_start <= p.start < verb.start()]


def _between(text: str, start: int, end: int) -> tuple[int, int, int, int] | None:
    """"giữa A và B" in the trigger's clause: the two spans."""
    match = re.search(r"giữa\s+(.+?)\s+(?:và|với)\s+(.+?)(?:[,.;]|\s+(?:về|nhằm|để|tại|ở)\s|$)",
                      text[start:end])
    if not match:
        return None
    return (start + match.start(1), start + match.end(1), start + match.start(2),
            start + match.end(2))


def pair_sides(view: View) -> list[str]:
    """"ASEAN-Trung Quốc", "Việt Nam - Philippines": two sides joined by a dash."""
    text = view.text
    actors = [p for p in view.actors if p.actor.side]
    for a, b in pairwise(actors):
        if re.fullmatch(r"\s*[-–]\s*", text[a.end : b.start]) and a.actor.side != b.actor.side:
            return [a.actor.side, b.actor.side]  # type: ignore[list-item]
    return []


def sides_of(actors: list[Actor]) -> list[str]:
    return list(dict.fromkeys(a.side for a in actors if a.side))


# --- places ------------------------------------------------------------------------------------


def location(view: View) -> Entity | None:
    """The place after "tại"/"ở" (the first, most specific), or a government body's seat."""
    text = view.text
    for start, _, place in view.places:
        before = text[max(0, start - 24) : start].lower()
        if not re.search(r"(?:tại|ở|tới|đến|thăm)\s+(?:\w+\s+){0,3}$", before):
            continue
        if place.type == "LOC":
            return _city_of_venue(view, place, start) if place.country is None else place
        if place.type == "ORG" and "trụ sở" in before and place.country:
            return capital(place.country)
    return None


def _city_of_venue(view: View, venue: Entity, start: int) -> Entity:
    """"tại Nhà khách Quốc gia Điếu Ngư Đài, Bắc Kinh": the city named right after a venue."""
    text = view.text
    for other_start, _, place in view.places:
        if place.type == "LOC" and place.country and start < other_start <= start + 80:
            gap = text[start:other_start]
            tail = gap.split(venue.canonical)[-1] if venue.canonical in gap else ","
            if re.fullmatch(r"[^.;]*,\s*", tail):
                return place
    return venue


def capital(country: str) -> Entity | None:
    name = lexicon().capitals.get(country)
    matches = gazetteer.find(name) if name else []
    if not matches:
        return None
    entry = matches[0].entry
    return Entity(id="", type="LOC", canonical=entry.canonical, name_latin=entry.name_en,
                  country=entry.country, kind=entry.kind)


# --- dates -------------------------------------------------------------------------------------


@dataclass(slots=True, frozen=True)
class When:
    mention: DateMention
    inferred: bool  # the year or the day was not printed: completed or counted from the article


@cache
def _date_rules() -> tuple[re.Pattern[str], dict[str, int], re.Pattern[str]]:
    data = read_toml("events.toml")["dates"]
    relative = {k.lower(): v for k, v in data["relative"].items()}
    relative.update({k.lower(): -1 - v for k, v in data["relative_months"].items()})
    words = "|".join(re.escape(w) for w in sorted(relative, key=len, reverse=True))
    pattern = re.compile(
        rf"(?<!\w)(?P<rel>{words})(?:\s*[(,]?\s*(?:ngày\s+)?(?P<d>[0-3]?\d)\s*[/.\-]\s*(?P<m>[01]?\d)"
        rf"(?:\s*[/.\-]\s*(?P<y>(?:19|20)\d\d))?\s*\)?)?(?!\w)|"
        rf"(?<!\w)(?:(?P<pod>rạng sáng|sáng|trưa|chiều|tối|đêm)|ngày|hôm)\s+"
        rf"(?P<d2>[0-3]?\d)\.(?P<m2>[01]?\d)(?![\d.])", re.I)
    not_after = any_of((re.escape(w) for w in data["not_after"]),
                       after=r"(?:\s+[^\s,;]+){0,6}\s*\(?\s*$")
    return pattern, relative, not_after


@lru_cache(maxsize=2048)
def _dates_in(text: str) -> tuple[DateMention, ...]:
    found = [m for m in find_dates(text) if m.month is not None]
    pattern, relative, not_after = _date_rules()
    for match in pattern.finditer(text):
        if any(m.start <= match.start() < m.end for m in found):
            continue
        day = match.group("d") or match.group("d2")
        month = match.group("m") or match.group("m2")
        if day and month and 1 <= int(month) <= 12 and 1 <= int(day) <= 31:
            year = int(match.group("y")) if match.group("y") else None
            found.append(DateMention(match.group(0), match.start(), match.end(), day=int(day),
                                     month=int(month), year=year))
        elif match.group("rel"):
            ago = relative[match.group("rel").lower()]
            if ago >= 0:  # days before the article
                found.append(DateMention(match.group(0), match.start(), match.end(),
                                         ago_seconds=ago * 86400))
            else:  # months before: a month, not a day
                found.append(DateMention(match.group(0), match.start(), match.end(),
                                         ago_seconds=(-1 - ago) * 86400, part_of_day="month"))
    for match in _LAST_YEAR.finditer(text):  # "tháng 6 năm ngoái": a month of last year
        if not any(m.start <= match.start() < m.end for m in found) and \
                1 <= int(match.group(1)) <= 12:
            found.append(DateMention(match.group(0), match.start(), match.end(),
                                     month=int(match.group(1)), part_of_day="last_year"))
    spans = _spans(text)
    lowered = text.lower()
    kept = [m for m in found if not not_after.search(lowered[max(0, m.start - 50) : m.start])
            and not m.anniversary and not any(s <= m.start < e for s, e in spans)]
    return tuple(sorted(kept, key=lambda m: m.start))


_LAST_YEAR = re.compile(r"(?<!\w)tháng\s+([01]?\d)\s+năm\s+(?:ngoái|trước)(?!\w)", re.I)


def _spans(text: str) -> list[tuple[int, int]]:
    """"(7/1/1972–7/1/2017)": a span of full dates in parentheses is an anniversary."""
    return [m.span() for m in re.finditer(
        r"\(\s*(?:ngày\s+)?\d{1,2}\s*[/.\-]\s*\d{1,2}\s*[/.\-]\s*\d{4}\s*[-–]\s*"
        r"(?:ngày\s+)?\d{1,2}\s*[/.\-]\s*\d{1,2}\s*[/.\-]\s*\d{4}\s*\)", text)]


def event_date(text: str, hit: Hit, anchor: date | None, status: str | None) -> When | None:
    """The day named in the trigger's clause, completed against the article's date.

    The one place where a year-less date gets its year: swap in the dates module's resolver
    here when it exists."""
    mentions = _dates_in(text)
    if not mentions:
        return None
    start, end = clause_bounds(text, hit.start)
    joins = [m.start() for m in lexicon().clause_join.finditer(text.lower())]
    in_clause = [m for m in mentions if start <= m.start < end] or [
        m for m in mentions if not any(min(m.start, hit.start) <= j < max(m.start, hit.start)
                                       for j in joins)]  # not across ", trong khi …"
    said = _attribution_date(text, hit, mentions)
    if said is not None:  # "“… sẽ cung cấp …”, X cho biết hôm 29/4": the day it was said
        return _resolve(said, text, anchor, status)
    if not in_clause:
        return None
    before = [m for m in in_clause if m.start <= hit.start]
    if before:
        mention = before[-1]
    else:  # a date after the trigger is its own when no comma or other act comes between
        mention = in_clause[0]
        gap = text[hit.end : mention.start].lower()
        lex = lexicon()
        if _trailing(text, gap, mention, end):
            return _resolve(mention, text, anchor, status)  # "dự Hội nghị X, chiều 24/4."
        if not lex.own_time.search(gap) and ("," in gap or lex.another_act.search(gap)
                                             or _another_trigger(gap, hit)):
            return None  # the date of something else named after the trigger
        if status == "happened" and lex.status["planned"].search(gap):
            return None  # "đã điều tàu … và dự kiến sẽ đến vào ngày 24/4": what is to come
    return _resolve(mention, text, anchor, status)


def spoken_on(text: str, anchor: date | None) -> tuple[int, When] | None:
    """Where a sentence's verb of saying is and the day it was said ("Ngày 25/4, Bộ Ngoại giao
    Nhật Bản thông báo …", "X ngày 25/4 đã đáp trả rằng …"): its one date, a few words from
    the verb, with nothing still to come between them."""
    lowered = text.lower()
    verb = lexicon().said.search(lowered)
    if verb is None:
        return None
    found = _only_date(text, anchor, days_only=False)
    if found is None:
        return None
    mention, when = found
    between = lowered[min(mention.end, verb.start()) : max(mention.start, verb.end())]
    if len(between.split()) > 8 or lexicon().status["planned"].search(between) or (
            anchor is not None and when.mention.iso() > anchor.isoformat()):
        return None
    return verb.start(), when


def one_day(text: str, anchor: date | None) -> When | None:
    """The one day a sentence names (none when it names two)."""
    found = _only_date(text, anchor, days_only=True)
    return found[1] if found else None


def _only_date(text: str, anchor: date | None, days_only: bool
               ) -> tuple[DateMention, When] | None:
    """The one date (or, with ``days_only``, the one day) a sentence names, completed against
    the article's date, and its mention; none when it names two."""
    found = {w.mention.iso(): (m, w) for m in _dates_in(text)
             if (not days_only or m.day is not None)
             and (w := _resolve(m, text, anchor, "happened")) is not None}
    return next(iter(found.values())) if len(found) == 1 else None


def names_a_day(text: str) -> bool:
    return bool(_dates_in(text))


def _attribution_date(text: str, hit: Hit, mentions: tuple[DateMention, ...]
                      ) -> DateMention | None:
    """A quotation with no date of its own is dated by its attribution ("…", Bộ Ngoại giao
    hôm nay 29/4 cho biết): what it announces was announced that day."""
    if not _quoted(text, hit.start):
        return None
    closing = re.search(r'["”]\s*[,–-]', text[hit.end :])
    if closing is None or any(hit.start > m.start for m in mentions if _quoted(text, m.start)):
        return None
    tail = hit.end + closing.end()
    if any(tail > m.start > hit.end for m in mentions):
        return None  # a date of its own inside the quotation
    verb = lexicon().speech.search(text.lower(), tail)
    return next((m for m in mentions if tail <= m.start and (
        verb is None or m.start <= verb.end() + 40)), None)


def _quoted(text: str, pos: int) -> bool:
    """Is ``pos`` inside a quotation (an odd number of straight quotes before it, or an
    opening curly quote not yet closed)?"""
    before = text[:pos]
    return before.count('"') % 2 == 1 or before.rfind("“") > before.rfind("”")


def _trailing(text: str, gap: str, mention: DateMention, clause_end: int) -> bool:
    """A date set off by a comma at the very end of the clause ("…, chiều 24/4.", "…, hôm
    28/4"): the time of the clause's act, when no other act comes between."""
    if "," not in gap or _another_trigger(gap, None):
        return False
    after_comma = gap[gap.rfind(",") + 1 :]
    return bool(re.fullmatch(r"\s*(?:vào\s+)?(?:(?:hôm|ngày|sáng|chiều|tối|trưa|đêm|rạng sáng)"
                             r"\s+)?", after_comma)) and not text[mention.end : clause_end].strip(
        " .)\"”")


def _another_trigger(gap: str, hit: Hit | None) -> bool:
    """Another act named between a trigger and a date ("gặp … ngay sau cuộc điện đàm ngày
    20/4"); the document a signing names is the same act."""
    lex = lexicon()
    for match in lex.pattern.finditer(gap):
        for t in lex.by_word.get(match.group(0).lower(), ()):
            if hit is None or not (hit.trigger.type == "AGREE" and t.type == "AGREE"):
                return True
    return False


def _resolve(mention: DateMention, text: str, anchor: date | None,
             status: str | None) -> When | None:
    """Complete a mention the way every stage does (``dates.resolve``), counted from the
    article's own day; "tháng trước" is a month, not a day."""
    if anchor is None:
        return None
    if mention.part_of_day == "last_year":
        return When(replace(mention, year=anchor.year - 1, part_of_day=None), inferred=True)
    if mention.is_relative and mention.part_of_day == "month":
        months = anchor.year * 12 + anchor.month - 1 - (mention.ago_seconds or 0) // 86400
        return When(DateMention(mention.text, mention.start, mention.end,
                                month=months % 12 + 1, year=months // 12), inferred=True)
    forward = status == "planned" or bool(re.match(r"\s*(?:tới|sắp tới)", text[mention.end :]))
    found, inferred = resolve(mention, anchor, forward=forward)
    if found.is_relative:  # a day counted back: the day, not the hour
        found = replace(found, hour=None, minute=None, ago_seconds=None, part_of_day=None)
    return When(found, inferred=inferred) if found.year else None
