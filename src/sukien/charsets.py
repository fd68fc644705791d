"""Legacy Vietnamese encodings Python has no codec for, decoded from their code tables.

Older Vietnamese sites still serve pages typed in the 8-bit encodings of the 1990s, often
labelled windows-1252 or with no charset at all:

* **VISCII** 1.1 (RFC 1456): one byte per letter, six capitals in the C0 area;
* **TCVN3**, TCVN 5712:1993 VN3, the "ABC" fonts (.VnTime): one byte per lower-case letter,
  the capitals with marks shown by a second font (.VnTimeH) on the *same* bytes, so a word
  set in capitals reads back in lower case ("NộI"); such a word is put back in capitals;
* **VNI-Windows** (the VNI fonts): a base letter followed by one byte for its marks
  ("Vieät" = "Việt").

The tables are data files (``data/encodings/*.tsv``), loaded once. :func:`decode` turns
bytes into text, or None when the bytes cannot be in that encoding; the caller
(:mod:`sukien.decode`) judges which reading is Vietnamese.
"""

from __future__ import annotations

import codecs
import re
from functools import cache

from .resources import read_lines

# Charset labels pages and servers use for them (lower case).
ALIASES = {
    "viscii": "viscii", "x-viet-viscii": "viscii", "csviscii": "viscii", "viscii1.1-1": "viscii",
    "tcvn3": "tcvn3", "tcvn": "tcvn3", "tcvn-3": "tcvn3", "tcvn5712": "tcvn3",
    "tcvn-5712": "tcvn3", "tcvn5712-1": "tcvn3", "tcvn5712-3": "tcvn3", "x-viet-tcvn": "tcvn3",
    "x-viet-tcvn5712": "tcvn3", "vn3": "tcvn3", "abc": "tcvn3", "vscii": "tcvn3",
    "vni": "vni", "vni-windows": "vni", "x-viet-vni": "vni",
}
LABELS = {"viscii": "VISCII", "tcvn3": "TCVN3", "vni": "VNI-Windows"}
NAMES = tuple(LABELS)


def lookup(label: str | None) -> str | None:
    """Our name for a charset label ("VISCII", "x-viet-tcvn5712" …), else None."""
    return ALIASES.get((label or "").strip().lower())


def decode(data: bytes, name: str) -> str | None:
    if name == "vni":
        return _decode_vni(data)
    text = codecs.charmap_decode(data, "strict", _table(name))[0]
    return _capitals(text) if name == "tcvn3" else text


def _rows(name: str) -> list[list[str]]:
    return [line.split("\t") for line in read_lines(f"encodings/{name}.tsv")]


@cache
def _table(name: str) -> str:
    """A 256-character decoding table: the data file's bytes, ASCII/Latin-1 elsewhere."""
    table = [chr(i) for i in range(256)]
    for byte, code, *_ in _rows(name):
        table[int(byte, 16)] = chr(int(code.removeprefix("U+"), 16))
    return "".join(table)


_WORD = re.compile(r"\w+")


def _capitals(text: str) -> str:
    """TCVN3 capitals with marks come out in lower case; a word whose other letters are
    all capitals (two or more, "NộI", "VIệT") was set in capitals."""

    def fix(match: re.Match[str]) -> str:
        word = match.group()
        if sum(ch.isupper() for ch in word) >= 2 and not any(
            ch.islower() and ch.isascii() for ch in word
        ):
            return word.upper()
        return word

    return _WORD.sub(fix, text) if not text.isascii() else text


@cache
def _vni() -> tuple[re.Pattern[str], dict[str, str]]:
    pairs = {cp1252: letter for letter, _hex, cp1252 in _rows("vni")}
    keys = sorted(pairs, key=len, reverse=True)  # "ôù" (ớ) before "ô" (ơ)
    return re.compile("|".join(map(re.escape, keys))), pairs


def _decode_vni(data: bytes) -> str | None:
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        return None
    pattern, pairs = _vni()
    return pattern.sub(lambda m: pairs[m.group()], text)
