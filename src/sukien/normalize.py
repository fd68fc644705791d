"""Vietnamese text normalisation every later stage relies on.

* :func:`clean_unicode` — NFC, line endings, control and zero-width characters.
* :func:`canonical_tones` — one tone-mark placement: the mark sits on the first
  vowel of an open ``oa``/``oe``/``uy`` syllable ("hoà" → "hòa", "thuỷ" → "thủy"),
  the convention of the national press.
* :func:`repair_glued_words` — restores the space lost where a link was stripped
  ("xây dựngCộng đồng ASEANvà" → "xây dựng Cộng đồng ASEAN và").
* :func:`fold` — a comparison key: lower case, no diacritics, đ → d.
* :func:`is_syllable` — whether a token is a well-formed Vietnamese syllable.

The ``normalise`` pipeline stage applies :func:`normalize_text` to every text
field of the article.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import cache, lru_cache

TONE_MARKS = "\u0300\u0301\u0303\u0309\u0323"  # huyền, sắc, ngã, hỏi, nặng
_LETTER = r"[^\W\d_]"

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u00ad\u200b-\u200d\u2060\ufeff]")
_ODD_SPACE = re.compile(r"[\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]")

_ONSETS = "ngh|ng|nh|ch|gh|gi|kh|ph|th|tr|qu|b|c|d|đ|g|h|k|l|m|n|p|r|s|t|v|x"
_RIMES = [
    "a",
    "ai",
    "ao",
    "au",
    "ay",
    "ac",
    "ach",
    "am",
    "an",
    "ang",
    "anh",
    "ap",
    "at",
    "ă",
    "ăc",
    "ăm",
    "ăn",
    "ăng",
    "ăp",
    "ăt",
    "â",
    "âc",
    "âm",
    "ân",
    "âng",
    "âp",
    "ât",
    "âu",
    "ây",
    "e",
    "eo",
    "ec",
    "em",
    "en",
    "eng",
    "ep",
    "et",
    "ê",
    "êch",
    "êm",
    "ên",
    "ênh",
    "êp",
    "êt",
    "êu",
    "i",
    "ia",
    "ich",
    "im",
    "in",
    "inh",
    "ip",
    "it",
    "iu",
    "iêc",
    "iêm",
    "iên",
    "iêng",
    "iêp",
    "iêt",
    "iêu",
    "o",
    "oa",
    "oac",
    "oach",
    "oai",
    "oam",
    "oan",
    "oang",
    "oanh",
    "oap",
    "oat",
    "oao",
    "oay",
    "oăc",
    "oăm",
    "oăn",
    "oăng",
    "oăt",
    "oc",
    "oe",
    "oen",
    "oet",
    "oeo",
    "oi",
    "om",
    "on",
    "ong",
    "ooc",
    "oong",
    "op",
    "ot",
    "ô",
    "ôc",
    "ôi",
    "ôm",
    "ôn",
    "ông",
    "ôp",
    "ôt",
    "ơ",
    "ơi",
    "ơm",
    "ơn",
    "ơp",
    "ơt",
    "u",
    "ua",
    "uân",
    "uâng",
    "uât",
    "uây",
    "uc",
    "ui",
    "um",
    "un",
    "ung",
    "up",
    "ut",
    "uy",
    "uya",
    "uych",
    "uyên",
    "uyêt",
    "uyn",
    "uynh",
    "uyp",
    "uyt",
    "uyu",
    "uê",
    "uênh",
    "uơ",
    "uôc",
    "uôi",
    "uôm",
    "uôn",
    "uông",
    "uôt",
    "ư",
    "ưa",
    "ưc",
    "ưi",
    "ưm",
    "ưn",
    "ưng",
    "ưt",
    "ưu",
    "ươc",
    "ươi",
    "ươm",
    "ươn",
    "ương",
    "ươp",
    "ươt",
    "ươu",
    "y",
    "yêm",
    "yên",
    "yêt",
    "yêu",
    "ynh",  # after qu-: "Quỳnh", "quýnh"
]
_SYLLABLE = re.compile(rf"(?:{_ONSETS})?(?:{'|'.join(sorted(_RIMES, key=len, reverse=True))})")


def clean_unicode(text: str) -> str:
    """NFC, ``\\n`` line ends, no control or zero-width characters, plain spaces."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _CONTROL.sub("", text)
    text = _ODD_SPACE.sub(" ", text)
    return unicodedata.normalize("NFC", text)


def strip_tones(text: str) -> str:
    """Remove the five tone marks but keep vowel quality (ơ, ư, â, ă, ê, ô)."""
    decomposed = unicodedata.normalize("NFD", text)
    kept = "".join(ch for ch in decomposed if ch not in TONE_MARKS)
    return unicodedata.normalize("NFC", kept)


@cache
def _fold_table() -> dict[int, str]:
    """Every accented Latin letter → its bare lower-case letter; combining marks → nothing."""
    table: dict[int, str] = {ord("đ"): "d", ord("Đ"): "d"}
    for code in list(range(0xC0, 0x250)) + list(range(0x1E00, 0x1F00)):
        ch = chr(code)
        bare = "".join(c for c in unicodedata.normalize("NFD", ch) if not unicodedata.combining(c))
        if bare != ch and bare.isascii():
            table[code] = bare.lower()
    for code in range(0x300, 0x370):
        table[code] = ""
    return table


def alternation(words: Iterable[str]) -> str:
    """A regex alternative of ``words`` taken literally, longest first, so that the longest
    of overlapping words wins ("hội đàm trực tuyến" before "hội đàm")."""
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


def fold(text: str) -> str:
    """Lower-case, diacritic-free comparison key ("Quảng Đông" → "quang dong")."""
    return text.translate(_fold_table()).lower()


def key(text: str) -> str:
    """A key that ignores case, diacritics, spacing and punctuation."""
    return re.sub(r"[\W_]+", "", fold(text))


def word_key(text: str) -> str:
    """The folded words, one space apart, punctuation dropped ("Hà Nội (Việt Nam)" →
    "ha noi viet nam"): a name as a lookup key."""
    return " ".join(re.findall(r"\w+", fold(text)))


@lru_cache(maxsize=65536)
def has_vietnamese_marks(token: str) -> bool:
    return any(ch in "đĐ" for ch in token) or fold(token) != token.lower()


@lru_cache(maxsize=65536)
def is_syllable(token: str) -> bool:
    """True for a well-formed Vietnamese syllable, in any case, with or without marks."""
    if not token or len(token) > 8:
        return False
    bare = strip_tones(token.lower())
    return _SYLLABLE.fullmatch(bare) is not None


@cache
def _tone_moves() -> tuple[re.Pattern[str], dict[str, str]]:
    table: dict[str, str] = {}
    for first, second in (("o", "a"), ("o", "e"), ("u", "y")):
        for f in (first, first.upper()):
            for s in (second, second.upper()):
                for mark in TONE_MARKS:
                    new_style = f + unicodedata.normalize("NFC", s + mark)
                    classic = unicodedata.normalize("NFC", f + mark) + s
                    table[new_style] = classic
    alternatives = "|".join(sorted(table, key=len, reverse=True))
    # "quỷ" keeps its mark on y: the u belongs to the onset there.
    pattern = re.compile(rf"(?<![qQ])(?:{alternatives})(?!{_LETTER})")
    return pattern, table


def canonical_tones(text: str) -> str:
    """Put the tone mark of open oa/oe/uy syllables on the first vowel."""
    pattern, table = _tone_moves()
    return pattern.sub(lambda m: table[m.group(0)], text)


_WORD = re.compile(rf"{_LETTER}+")


@cache
def glue_exceptions() -> frozenset[str]:
    from .resources import read_lines

    return frozenset(fold(line) for line in read_lines("glue_exceptions.txt"))


def _leading_word(text: str) -> str:
    """ "CộngĐồng" → "Cộng": the first word of a run of glued words."""
    end = 1
    while end < len(text) and not text[end].isupper():
        end += 1
    return text[:end]


def _lower_upper_ok(left: str, right: str) -> bool:
    """Is "dựng|Cộng" or "ở|ASEAN" two words that lost their space?"""
    if not is_syllable(left):
        return False
    if right.isupper() and len(right) >= 2:
        return has_vietnamese_marks(left)
    word = _leading_word(right)
    if not is_syllable(word):
        return False
    return has_vietnamese_marks(left) or has_vietnamese_marks(word)


def _ambiguous_cut(capitals: str, word: str) -> bool:
    """ "TLinh": "TL" + "inh", or the name "Linh" after a "T"? A two-letter capital run before
    a word that opens with a vowel reads both ways; such a token is left as written."""
    return len(capitals) <= 2 and fold(word[0]) in "aeiouy"


def _split_token(token: str) -> str:
    if token.islower() or token.isupper() or (token[0].isupper() and token[1:].islower()):
        return token  # the common case: no inner change of case
    if fold(token) in glue_exceptions():
        return token
    for i in range(1, len(token)):
        prev, cur = token[i - 1], token[i]
        if prev.islower() and cur.isupper():
            if _lower_upper_ok(token[:i], token[i:]):
                return f"{token[:i]} {_split_token(token[i:])}"
            return token
        if prev.isupper() and cur.islower():
            if i >= 2 and token[:i].isupper():
                word = _leading_word(token[i:])
                if len(word) >= 2 and is_syllable(word) and not _ambiguous_cut(token[:i], word):
                    return f"{token[:i]} {_split_token(token[i:])}"
            if i >= 2:
                return token
    return token


def repair_glued_words(text: str) -> str:
    """Insert the space lost between words where a hyperlink was stripped."""
    return _WORD.sub(lambda m: _split_token(m.group(0)), text)


def normalize_text(text: str) -> str:
    """Everything later stages may assume about a text field."""
    text = repair_glued_words(clean_unicode(text))
    text = canonical_tones(text)
    return re.sub(r"[ \t]{2,}", " ", text)


def vietnamese_ratio(text: str, sample: int = 4000) -> tuple[float, float]:
    """(share of word tokens that are Vietnamese syllables, share carrying Vietnamese marks)."""
    tokens = re.findall(rf"{_LETTER}+", unicodedata.normalize("NFC", text[:sample]))
    if not tokens:
        return 0.0, 0.0
    syllables = sum(1 for t in tokens if is_syllable(t))
    marked = sum(1 for t in tokens if has_vietnamese_marks(t))
    return syllables / len(tokens), marked / len(tokens)
