"""Text dumps the way news corpora ship them.

    # doc_id = news_world_001
    # url = https://dantri.com.vn/the-gioi/dai-su-…-20201001182039979.htm
    # date = 20201001
    <headline — or a photo caption when the corpus lost the headline>
    <sapo: the short summary under the headline>
    <one paragraph per line — or the whole body on one line, captions inline>
    <closing byline, "Theo Reuters">

A dump has no menus, teasers or footers, so it is read by its layout rather than by the
page-cleanup heuristics of :mod:`sukien.textpage`:

1. ``# key = value`` lines at the top are the header: ``url`` (or ``link``), ``date``
   (YYYYMMDD, ISO, d/m/yyyy) and ``title`` feed the article; every key is kept in
   ``Article.meta`` as written.
2. The first line is the headline unless it is a photo caption, or the URL's slug (which
   news sites make from the headline) says it is not; without a slug, unless it is not
   shaped like a headline (more than 30 words, two sentences, a final full stop). A question,
   an exclamation, a quote or three words are all headlines.
3. The line after the headline is the sapo (``lede``) when it reads as one (a sentence of
   ten words or more, not a caption); a line opening with an outlet tag ("(Dân trí) - …",
   "TPO - …") is the sapo wherever it stands in the first two lines, tag removed.
4. The closing lines that are bylines, agency credits or source lines ("Theo Reuters") are
   the credits; everything between is body, except photo captions, bare datelines and
   furniture lines. A line carrying captions inline is cut into paragraphs and captions.
5. A photo story, whose every line is a captioned photo, keeps its captions as its body.
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher
from urllib.parse import urlsplit

from .dates import find_dates, iso_timestamp
from .normalize import fold, key
from .textpage import (
    CAPTION_MAX_WORDS,
    LIST_ITEM,
    Line,
    PageParts,
    classify,
    headline_shaped,
    is_agency_line,
    name_from_byline,
    patterns,
    sentence_stops,
    strip_outlet_tag,
)

_HEADER_LINE = re.compile(r"^\s*#\s*([A-Za-z][\w.-]{0,40})\s*=\s*(.*?)\s*$")
URL_KEYS = ("url", "link", "source_url", "uri")
DATE_KEYS = ("date", "published", "publish_date", "pubdate", "published_time", "datetime")
TITLE_KEYS = ("title", "headline")
SAPO_MIN_WORDS = 10
SLUG_AGREEMENT = 0.8
SLUG_WORDS_AGREEMENT = 0.7
_SLUG_ID = re.compile(r"^(?:[a-z]{0,4}\d{4,}[a-z]?|\d+)$")
_PAGE_SUFFIX = re.compile(r"\.(?:s?html?|chn|aspx?|php|amp)$", re.I)
def read_header(text: str) -> tuple[dict[str, str], str]:
    """The leading ``# key = value`` lines as a dict (keys lower-cased), and the rest."""
    lines = text.split("\n")
    meta: dict[str, str] = {}
    i = 0
    while i < len(lines):
        if not lines[i].strip():
            i += 1
            continue
        match = _HEADER_LINE.match(lines[i])
        if not match:
            break
        meta.setdefault(match.group(1).lower(), match.group(2))
        i += 1
    if not meta:
        return {}, text
    return meta, "\n".join(lines[i:])


def _first(meta: dict[str, str], keys: tuple[str, ...]) -> str | None:
    return next((meta[k] for k in keys if meta.get(k)), None)


def header_url(meta: dict[str, str]) -> str | None:
    value = _first(meta, URL_KEYS)
    return value if value and re.match(r"(?:https?://|www\.)\S+$", value) else None


def header_title(meta: dict[str, str]) -> str | None:
    return _first(meta, TITLE_KEYS)


def header_published(meta: dict[str, str]) -> str | None:
    """ "20201001" → "2020-10-01"; ISO dates and timestamps → valid ISO; "1/10/2020" too."""
    value = _first(meta, DATE_KEYS)
    if not value:
        return None
    value = value.strip()
    compact = re.fullmatch(r"((?:19|20)\d\d)(\d\d)(\d\d)(?:[T ]?(\d\d)(\d\d)(\d\d)?)?", value)
    if compact:
        y, m, d, hh, mm, ss = compact.groups()
        value = f"{y}-{m}-{d}" + (f"T{hh}:{mm}" + (f":{ss}" if ss else "") if hh else "")
    stamp = iso_timestamp(value)
    if stamp:
        return stamp
    mentions = [m for m in find_dates(value) if m.year and m.day]
    return mentions[0].iso() if mentions else None


# --- captions run into the text --------------------------------------------------------

_PAREN_CREDIT = re.compile(
    r"\(\s*(?:(?:Ảnh|Nguồn|Photo|Video|Clip|Đồ họa|Đồ hoạ)\s*:[^()]{1,80}"
    r"|Ảnh\s+(?:minh\s+h[oọ]a|minh\s+hoạ|tư\s+liệu|chụp\s+màn\s+hình|do\s[^()]{1,60})"
    r"|Nguồn\s+[A-ZĐ][^()]{0,60})\)\s*\.?"
)
_BARE_CREDIT = re.compile(r"(?:(?<=[\s.])|^)(?:Ảnh|Nguồn|Video|Đồ họa)\s*:\s*")
_MIN_WORDS_AFTER = 4
_CREDIT_NAME_WORDS = 3


def split_inline_captions(line: str) -> list[str]:
    """A run of text with photo captions inside, cut into paragraphs and captions:
    "… năm nay. Toàn cảnh hội nghị. Ảnh: TTXVN Theo báo cáo, …" →
    ["… năm nay.", "Toàn cảnh hội nghị. Ảnh: TTXVN", "Theo báo cáo, …"].
    A caption is the sentence before its credit; a credit at the very end stays put."""
    out: list[str] = []
    rest = line
    while True:
        cut = _inline_credit(rest)
        if cut is None:
            break
        caption_start, credit_end = cut
        before = rest[:caption_start].strip()
        if before:
            out.append(before)
        out.append(rest[caption_start:credit_end].strip())
        rest = rest[credit_end:].strip()
    if rest:
        out.append(rest)
    return out


def _inline_credit(text: str) -> tuple[int, int] | None:
    """(start of the caption, end of its credit) for the first credit with text after it."""
    found = [(m.start(), m.end()) for m in _PAREN_CREDIT.finditer(text)]
    for match in _BARE_CREDIT.finditer(text):
        if not any(s <= match.start() < e for s, e in found):
            found.append((match.start(), _bare_credit_end(text, match.end())))
    for start, end in sorted(found):
        if end <= start or len(text[end:].split()) < _MIN_WORDS_AFTER:
            continue
        if not _starts_sentence(text[end:]):
            continue
        caption_start = _sentence_start(text, start)
        if len(text[caption_start:end].split()) <= CAPTION_MAX_WORDS:
            return caption_start, end
    return None


def _bare_credit_end(text: str, start: int) -> int:
    """Where the credit after "Ảnh: " ends: one acronym ("TTXVN", "EPA/TTXVN", "H.Y.T."), or
    up to three capitalised words that do not open the next sentence, or credit words."""
    pats = patterns()
    tokens = list(re.finditer(r"\S+", text[start:]))
    end, names = start, 0
    for i, tok in enumerate(tokens):
        word = tok.group(0)
        bare = word.strip(".,;:()")
        if not bare:
            break
        if i == 0 and bare.lower() in pats.credit_words:
            lowered = [t for t in tokens if t.group(0).strip(".,").lower() in pats.credit_words]
            stop = next((j for j, t in enumerate(tokens) if t not in lowered), len(tokens))
            return start + tokens[stop - 1].end()
        acronym = bare.upper() == bare and any(c.isalpha() for c in bare)
        if acronym and names == 0:
            return start + tok.end()
        if not bare[0].isupper() or names >= _CREDIT_NAME_WORDS:
            break
        if names and bare in pats.sentence_openers:
            break
        names += 1
        end = start + tok.end()
        if word.endswith("."):
            return end
    if names >= 2 and end < len(text):
        following = text[end:].split(maxsplit=1)
        if following and following[0][:1].islower():
            # the last capital opened the next sentence: "Ảnh: Hoàng Phong Theo báo cáo"
            return start + tokens[names - 2].end()
    return end


def _starts_sentence(text: str) -> bool:
    first = text.lstrip(" .,;-–")[:1]
    return bool(first) and (first.isupper() or first.isdigit() or first in "\"“(")


def _sentence_start(text: str, before: int) -> int:
    """Where the sentence holding ``text[before]`` starts."""
    head = text[:before].rstrip()
    head = head[:-1] if head.endswith((".", ",")) else head
    start = 0
    for match in sentence_stops(head):
        start = match.start(2) - (1 if head[match.start(2) - 1] in "\"“(" else 0)
    return start


# --- the headline ------------------------------------------------------------------------


def slug_key(url: str | None) -> str | None:
    """The words of a URL's last path segment ("dai-su-azerbaijan-…-2020…979.htm" →
    "dai-su-azerbaijan-…"), None when the URL carries no headline slug."""
    if not url:
        return None
    path = urlsplit(url if "//" in url else "//" + url).path.rstrip("/")
    segment = _PAGE_SUFFIX.sub("", path.rsplit("/", 1)[-1]).lower()
    tokens = [t for t in re.split(r"[-_+]+", segment) if t]
    while tokens and _SLUG_ID.match(tokens[-1]):
        tokens.pop()
    words = [t for t in tokens if t.isalpha()]
    return "-".join(tokens) if len(words) >= 3 else None


def agrees_with_slug(text: str, slug: str) -> bool:
    """The line is the headline the slug was made from: the same letters in the same order
    (80 %), or the same words reordered or shortened (70 % each way)."""
    folded = re.sub(r"[^a-z0-9]+", " ", fold(text)).split()
    slug_words = slug.split("-")
    ratio = SequenceMatcher(None, "".join(folded), "".join(slug_words), autojunk=False).ratio()
    if ratio >= SLUG_AGREEMENT:
        return True
    if not folded:
        return False
    in_line = sum(w in folded for w in slug_words) / len(slug_words)
    in_slug = sum(w in slug_words for w in folded) / len(folded)
    return min(in_line, in_slug) >= SLUG_WORDS_AGREEMENT


def _is_headline(line: Line, slug: str | None) -> bool:
    if line.kind in ("caption", "dateline", "boiler", "end", "source"):
        return False
    if slug is not None:
        return agrees_with_slug(line.text, slug)
    return headline_shaped(line.text)


def _is_sapo(line: Line) -> bool:
    if line.kind not in ("paragraph", "snippet", "headline", "other"):
        return False
    return SAPO_MIN_WORDS <= line.words <= 3 * CAPTION_MAX_WORDS and not LIST_ITEM.match(line.text)


# --- layout ------------------------------------------------------------------------------


def looks_like_dump(text: str) -> bool:
    """Clean text without a header: a headline-shaped first line, then running paragraphs,
    and none of the furniture (menus, section labels, end markers) a page capture has."""
    lines = [classify(t.strip(), i) for i, t in enumerate(text.split("\n")[:40]) if t.strip()]
    if len(lines) < 3 or not headline_shaped(lines[0].text):
        return False
    if lines[1].kind not in ("paragraph", "snippet") or lines[1].words < SAPO_MIN_WORDS:
        return False
    furniture = sum(ln.kind in ("boiler", "section", "end", "alt", "short") for ln in lines)
    paragraphs = sum(ln.kind in ("paragraph", "snippet") for ln in lines)
    return furniture == 0 and paragraphs >= 0.6 * len(lines)


def analyse_dump(text: str, url: str | None = None, title: str | None = None) -> PageParts:
    """Headline, sapo, body, captions and closing credits of a text dump (header removed)."""
    segments: list[str] = []
    for raw in text.split("\n"):
        if raw.strip():
            segments.extend(split_inline_captions(raw.strip()))
    lines = [classify(t, i) for i, t in enumerate(segments)]
    parts = PageParts()
    pos = 0
    if title:
        parts.title = title
        pos = 1 if lines and lines[0].key == key(title) else 0
    elif lines and _is_headline(lines[0], slug_key(url)):
        parts.title, pos = lines[0].text, 1
    pos = _read_sapo(lines, pos, parts)
    end = _read_credits(lines, pos, parts)
    _read_body(lines[pos:end], parts)
    return parts


def _read_sapo(lines: list[Line], pos: int, parts: PageParts) -> int:
    """The sapo, when the article goes on after it (a headline and one paragraph are a
    headline and its body)."""
    if pos + 1 >= len(lines) or (_credit_pieces(lines[pos + 1].text) and pos + 2 >= len(lines)):
        return pos
    tagged = strip_outlet_tag(lines[pos].text, loose=parts.title is not None)
    if tagged:
        parts.lede = tagged
        return pos + 1
    if parts.title is not None and _is_sapo(lines[pos]):
        parts.lede = lines[pos].text
        return pos + 1
    return pos


_CREDIT_SCAN = 4
# "Minh PhươngTheo Dailymail", "T.ThủyTổng hợp", "T.ThủyVideo: Reddit": a corpus that lost
# the line break between a byline and the credit after it
_GLUED_CREDIT = re.compile(
    r"(?<=[^\W\d_])(?<![A-ZĐ])(?=(?:Theo|Nguồn|Tổng hợp|Lược dịch|Biên dịch|Video|Ảnh)\b)"
)
_CREDIT_NOTE = re.compile(
    r"\(?\s*(?:tong hop|luoc dich|bien dich|dich)(?:\s+(?:tu|theo)\s.{1,60})?\s*\)?\.?"
    r"|\(?\s*(?:nguon\s+)?(?:video|anh|clip)\s*:\s*.{1,60}"
)


def _read_credits(lines: list[Line], start: int, parts: PageParts) -> int:
    """Walk back over the closing bylines and source lines; the index where they begin."""
    end = len(lines)
    while end > start and len(lines) - end < _CREDIT_SCAN:
        pieces = _credit_pieces(lines[end - 1].text)
        if pieces is None:
            break
        for piece, kind in pieces:
            (parts.bylines if kind == "byline" else parts.source_lines).insert(0, piece)
        end -= 1
    return end


def _credit_pieces(text: str) -> list[tuple[str, str]] | None:
    """ "Minh PhươngTheo Dailymail" → [("Minh Phương", "byline"), ("Theo Dailymail", "source")];
    None when the line is not made of credits."""
    text = _GLUED_CREDIT.sub("\n", text)
    out: list[tuple[str, str]] = []
    for piece in (p.strip() for p in text.split("\n")):
        folded = fold(piece)
        if len(piece.split()) <= 14 and (
            patterns().source_lines.fullmatch(folded) or _CREDIT_NOTE.fullmatch(folded)
        ):
            out.append((piece, "source"))
        elif len(piece.split()) <= 8 and name_from_byline(piece):
            out.append((piece, "byline"))
        elif len(piece.split()) <= 6 and (
            is_agency_line(piece) or re.fullmatch(r"[\w-]+(?:\.[\w-]+)*\.(?:vn|com|net|org)", piece)
        ):
            out.append((piece, "source"))
        else:
            return None
    return out or None


_SKIP_IN_BODY = ("blank", "dateline", "end", "section")


_REPEAT_REACH = 3


def _read_body(lines: list[Line], parts: PageParts) -> None:
    captions: list[str] = []
    title = key(parts.title) if parts.title else None
    recent: list[str] = []
    for ln in lines:
        repeated = ln.key in recent[-_REPEAT_REACH:] or ln.key == title
        recent.append(ln.key)
        if ln.kind == "caption" or (repeated and ln.words <= CAPTION_MAX_WORDS):
            # the headline or a line printed again a line or two later: a photo's or clip's
            # caption
            captions.append(ln.text)
        elif ln.kind == "dateline" and parts.dateline is None:
            parts.dateline = ln
        elif ln.kind in _SKIP_IN_BODY or (ln.kind == "boiler" and ln.words <= 6):
            continue
        elif ln.kind == "source" and ln.words <= 6:
            parts.source_lines.append(ln.text)
        else:
            parts.paragraphs.append(ln.text)
    if not parts.paragraphs and captions:
        parts.paragraphs = captions  # a photo story: the captions are the article
    else:
        parts.captions = captions
