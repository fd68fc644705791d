"""Tests for the knowledge base files and their loader (sukien.kb)."""

from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter
from importlib.resources import files
from pathlib import Path

import pytest

from sukien import kb

KB_FILES = [
    "countries.tsv",
    "places.tsv",
    "organizations.tsv",
    "misc.tsv",
    "titles.tsv",
    "ministry_names.tsv",
    "honorifics.tsv",
    "surnames.tsv",
]
LOADERS = [
    kb.countries,
    kb.places,
    kb.organizations,
    kb.misc,
    kb.titles,
    kb.ministry_names,
    kb.honorifics,
    kb.surnames,
]
GOLD = Path(__file__).resolve().parents[2] / "shared" / "gold"
SLOTS = {"COUNTRY", "COUNTRY2", "PLACE", "ORG", "MINISTRY"}


def codes() -> set[str]:
    return {c.iso2 for c in kb.countries()}


def dupes(keys) -> list:
    return [k for k, n in Counter(keys).items() if n > 1]


# ---------------------------------------------------------------- files and loading


@pytest.mark.parametrize("name", KB_FILES)
def test_file_is_clean_nfc_tsv(name):
    raw = (files("sukien") / "data" / "kb" / name).read_bytes()
    text = raw.decode("utf-8")
    assert unicodedata.normalize("NFC", text) == text
    assert "\r" not in text and not text.startswith("\ufeff")
    rows = [ln for ln in text.splitlines() if ln and not ln.startswith("#")]
    width = len(rows[0].split("\t"))
    for line in rows:
        cells = line.split("\t")
        assert len(cells) == width, line
        assert all(c == c.strip() and "  " not in c for c in cells), line


@pytest.mark.parametrize("loader", LOADERS)
def test_every_file_loads(loader):
    rows = loader()
    assert rows and isinstance(rows, tuple)
    assert loader() is rows  # cached


def test_rows_are_frozen():
    with pytest.raises(AttributeError):
        kb.countries()[0].iso2 = "XX"  # type: ignore[misc]


def test_read_tsv_rejects_ragged_rows(monkeypatch, tmp_path):
    (tmp_path / "data" / "kb").mkdir(parents=True)
    (tmp_path / "data" / "kb" / "bad.tsv").write_text("# c\na\tb\n1\t2\t3\n", encoding="utf-8")
    monkeypatch.setattr(kb, "files", lambda _pkg: tmp_path)
    with pytest.raises(kb.KBError):
        kb.read_tsv("bad.tsv")


# ---------------------------------------------------------------- keys and codes


def test_no_duplicate_primary_keys():
    assert not dupes(c.iso2 for c in kb.countries())
    assert not dupes((p.name_vi, p.country, p.kind) for p in kb.places())
    assert not dupes((o.name_vi, o.country) for o in kb.organizations())
    assert not dupes(m.name_vi for m in kb.misc())
    assert not dupes((t.title_vi, t.country_hint) for t in kb.titles())
    assert not dupes((m.name_vi, m.country) for m in kb.ministry_names())
    assert not dupes(h.honorific for h in kb.honorifics())
    assert not dupes(s.surname for s in kb.surnames())


def test_iso_codes_are_two_uppercase_letters():
    for c in kb.countries():
        assert re.fullmatch(r"[A-Z]{2}", c.iso2), c
    assert len(codes()) == 198  # 193 UN members + VA, PS + TW, HK, MO


def test_every_country_reference_is_known():
    known = codes()
    for p in kb.places():
        assert p.country is None or p.country in known, p
    for o in kb.organizations():
        assert o.country is None or o.country in known, o
    for m in kb.ministry_names():
        assert m.country is None or m.country in known, m
    for t in kb.titles():
        assert t.country_hint is None or t.country_hint in known, t


def test_aliases_do_not_repeat_names():
    for loader in (kb.countries, kb.places, kb.organizations, kb.misc, kb.ministry_names):
        for row in loader():
            names = (row.name_vi, *row.aliases_vi)
            assert len(set(names)) == len(names) and all(names), row


def test_country_names_are_unambiguous():
    owner: dict[str, str] = {}
    for c in kb.countries():
        for name in set(c.names):
            assert owner.setdefault(name, c.iso2) == c.iso2, name


def test_place_parents_and_mergers_resolve():
    by_name = {(p.name_vi, p.country): p for p in kb.places()}
    for p in kb.places():
        if p.parent:
            assert (p.parent, p.country) in by_name, p
        if p.status == "merged":
            target = by_name[(p.merged_into, p.country)]
            assert target.status == "current", p
        else:
            assert p.status == "current" and p.merged_into is None, p


def test_vietnam_province_level_units():
    units = [p for p in kb.places() if p.country == "VN" and p.kind in ("province", "municipality")]
    assert len(units) == 63  # before 2025-07-01
    current = [p for p in units if p.status == "current"]
    assert len(current) == 34  # since 2025-07-01
    assert sum(p.kind == "municipality" for p in current) == 6


def test_china_province_level_units():
    kinds = Counter(p.kind for p in kb.places() if p.country == "CN" and not p.parent)
    assert kinds["province"] == 22 and kinds["autonomous_region"] == 5
    assert kinds["municipality"] == 4 and kinds["special_region"] == 2


def test_asean_has_eleven_members():
    members = {c.iso2 for c in kb.countries() if c.asean}
    assert members == {"VN", "LA", "KH", "TH", "MM", "MY", "SG", "ID", "PH", "BN", "TL"}


def test_title_slots_are_known_and_consistent():
    for t in kb.titles():
        vi = set(t.slots)
        en = set(kb.SLOT_RE.findall(t.title_en))
        assert vi <= SLOTS, t
        assert {"PLACE" if s == "PLACE_FULL" else s for s in en} <= vi, t
        assert en or not vi, t
    assert len(kb.titles()) >= 150


def test_surname_hanzi_and_pinyin_align():
    for s in kb.surnames():
        assert len(s.hanzi) == len(s.pinyin), s
        assert not s.cn_common or s.pinyin, s
    assert len(kb.surnames()) >= 150


# ---------------------------------------------------------------- spot checks


def place(name_vi: str, country: str | None = None) -> kb.Place:
    found = [
        p for p in kb.places() if name_vi in p.names and (country is None or p.country == country)
    ]
    assert found, name_vi
    return found[0]


def title(title_vi: str, country: str | None) -> str:
    rows = {t.country_hint: t.title_en for t in kb.titles() if t.title_vi == title_vi}
    return rows.get(country, rows.get(None))


def test_place_spot_checks():
    gx = place("Quảng Tây")
    assert (gx.name_en, gx.country, gx.kind) == ("Guangxi", "CN", "autonomous_region")
    assert (
        place("Khu tự trị dân tộc Choang Quảng Tây").full_en == "Guangxi Zhuang Autonomous Region"
    )
    sea = place("Biển Đông")
    assert sea.country is None and sea.name_en == "East Sea (South China Sea)"
    assert place("Vịnh Bắc Bộ").name_en == "Gulf of Tonkin" and place("Vịnh Bắc Bộ").country is None
    assert place("Hà Nội").name_en == "Hanoi"
    for alias in ("TP. Hồ Chí Minh", "TP.HCM", "Tp. Hồ Chí Minh"):
        assert place(alias).name_en == "Ho Chi Minh City"
    expected = {
        "Ninh Ba": "Ningbo",
        "Trùng Khánh": "Chongqing",
        "Bằng Tường": "Pingxiang",
        "Đông Hưng": "Dongxing",
        "Phòng Thành Cảng": "Fangchenggang",
        "Hạ Môn": "Xiamen",
        "Côn Minh": "Kunming",
        "Hà Khẩu": "Hekou",
        "Thâm Quyến": "Shenzhen",
    }
    for vi, en in expected.items():
        assert place(vi, "CN").name_en == en
    assert place("Trường Sa", "CN").name_en == "Changsha"
    assert place("Yên Bái").merged_into == "Lào Cai"
    assert place("Mát-xcơ-va").name_en == "Moscow"


def test_title_spot_checks():
    assert title("Thứ trưởng Thường trực Bộ Ngoại giao", "VN") == (
        "Permanent Deputy Minister of Foreign Affairs"
    )
    assert title("Thứ trưởng Ngoại giao", "CN") == "Vice Minister of Foreign Affairs"
    assert title("Thứ trưởng Bộ Ngoại giao", "VN") == "Deputy Minister of Foreign Affairs"
    assert title("Thủ tướng", "CN") == "Premier" and title("Thủ tướng", "JP") == "Prime Minister"
    assert title("Phó Thủ tướng", "CN") == "Vice Premier"
    assert title("Tổng Bí thư", "VN") == "General Secretary"


def test_org_and_misc_spot_checks():
    orgs = {n: o for o in kb.organizations() for n in (*o.names, o.acronym) if n}
    assert orgs["ASEAN"].name_vi == "Hiệp hội các quốc gia Đông Nam Á"
    assert orgs["LHQ"].name_en == "United Nations"
    assert orgs["Bộ Nông nghiệp Nông thôn Trung Quốc"].country == "CN"
    assert orgs["Bộ Nông nghiệp và Môi trường"].country == "VN"
    assert orgs["Bộ Kế hoạch và Đầu tư"].status == "former"
    items = {n: m for m in kb.misc() for n in (*m.names, m.acronym) if n}
    assert items["ACFTA 3.0"].kind == "agreement"
    assert items["Công ước Hà Nội"].name_en == "United Nations Convention against Cybercrime"
    assert items["SOM"].name_en == "Senior Officials' Meeting"


def test_ministry_names_and_surnames():
    mins = {(m.name_vi, m.country): m.name_en for m in kb.ministry_names()}
    assert mins[("Ngoại giao", "VN")] == "Foreign Affairs"
    assert mins[("Nông nghiệp và Môi trường", "VN")] == "Agriculture and Environment"
    assert mins[("Thương mại", "CN")] == "Commerce"
    sn = {s.surname: s for s in kb.surnames()}
    assert sn["Trương"].pinyin == ("Zhang",) and sn["Trương"].cn_common
    assert sn["Tập"].pinyin == ("Xi",) and not sn["Nguyễn"].cn_common


# ---------------------------------------------------------------- agreement with the gold files


def _fill(pattern: str, text: str, country: str | None) -> str | None:
    """Fill a slotted title against ``text``; a stand-in for the real matcher."""
    alts = {
        "PLACE": {n: p for p in kb.places() for n in p.names},
        "COUNTRY": {n: c for c in kb.countries() for n in c.names},
        "MINISTRY": {n: m for m in kb.ministry_names() for n in (m.name_vi, *m.aliases_vi)},
    }
    alts["COUNTRY2"] = alts["COUNTRY"]
    regex = re.escape(pattern)
    for slot in kb.SLOT_RE.findall(pattern):
        if slot not in alts:
            return None
        names = "|".join(re.escape(n) for n in sorted(alts[slot], key=len, reverse=True))
        regex = regex.replace(re.escape("{" + slot + "}"), f"(?P<{slot}>{names})")
    m = re.fullmatch(regex, text)
    if not m:
        return None
    values = {}
    for slot, name in m.groupdict().items():
        item = alts[slot][name]
        values[slot] = item.name_en
        if slot == "PLACE":
            values["PLACE_FULL"] = item.full_en
    return kb.SLOT_RE.sub(lambda s: values[s.group(1)], pattern_en(pattern, country))


def pattern_en(pattern: str, country: str | None) -> str:
    return title(pattern, country)


def compose(text: str, country: str | None) -> str | None:
    """Most literal matching title pattern wins (longest text outside the slots)."""
    patterns = sorted({t.title_vi for t in kb.titles()}, key=lambda p: len(kb.SLOT_RE.sub("", p)))
    for t in reversed(patterns):
        if t == text:
            return title(t, country)
        if "{" in t and (filled := _fill(t, text, country)):
            return filled
    return None


def gold_files():
    return sorted(GOLD.glob("*.json")) if GOLD.is_dir() else []


@pytest.mark.skipif(not gold_files(), reason="shared/gold not available")
def test_gold_places_are_in_the_kb():
    for path in gold_files():
        for item in json.loads(path.read_text(encoding="utf-8"))["places"]:
            country = [c for c in kb.countries() if item["name"] in c.names]
            if country:
                assert (country[0].name_en, country[0].iso2) == (item["name_en"], item["country"])
                continue
            p = place(item["name"], item["country"])
            assert p.name_en == item["name_en"], item


@pytest.mark.skipif(not gold_files(), reason="shared/gold not available")
def test_gold_titles_compose():
    for path in gold_files():
        for person in json.loads(path.read_text(encoding="utf-8"))["people"]:
            if "," in person["title"]:
                continue
            got = compose(person["title"], person["country"])
            assert got and person["title_en"].startswith(got), (person, got)


@pytest.mark.skipif(not gold_files(), reason="shared/gold not available")
def test_gold_chinese_surnames_have_pinyin():
    sn = {s.surname: s for s in kb.surnames()}
    for path in gold_files():
        for person in json.loads(path.read_text(encoding="utf-8"))["people"]:
            if person["country"] == "CN":
                s = sn[person["name"].split()[0]]
                assert s.cn_common and person["name_latin"].split()[0] in s.pinyin
