"""The actor lexicon data/kb/people.tsv: well-formed, unambiguous, and usable."""

from __future__ import annotations

from collections import Counter

import pytest

from sukien import actors, kb
from sukien.normalize import is_syllable
from sukien.tokens import fold_key

CODES = {"EU", "UN", "NATO", "WHO", "IMF", "WTO", "UNESCO", "ASEAN", "IOC", "FIFA", "UEFA"}


def test_every_row_loads_with_roles_and_years():
    rows = kb.people()
    assert len(rows) >= 400
    for row in rows:
        for cell in row.roles:
            role = actors.parse_role(cell)
            if role.start and role.end:
                assert 1900 <= role.start <= role.end <= 2030, (row.name_vi, cell)


def test_countries_are_iso_codes_or_union_codes():
    iso = {c.iso2 for c in kb.countries()}
    for row in kb.people():
        assert row.country in iso or row.country in CODES, (row.name_vi, row.country)


def test_keys_are_unique_and_full_forms_name_one_person():
    assert not [k for k, n in Counter(a.key for a in actors.actors()).items() if n > 1]
    forms = Counter(k for a in actors.actors() for k in {fold_key(f) for f in a.forms})
    shared = [f for f, n in forms.items() if n > 1]
    assert not shared, shared


def test_short_forms_are_never_a_plain_vietnamese_syllable():
    for row in kb.people():
        for short in row.short_vi:
            assert not is_syllable(short), (row.name_vi, short)


def test_name_en_is_the_usual_latin_spelling():
    for row in kb.people():
        assert row.name_en.isascii() or row.country == "VN", row.name_en
        if row.country == "VN":
            assert row.name_en.isascii(), row.name_en


@pytest.mark.parametrize(
    ("written", "key"),
    [("V.Pu-tin", "PER:vladimir-putin:RU"), ("Pu-tin", "PER:vladimir-putin:RU"),
     ("Đô-nan Trăm", "PER:donald-trump:US"), ("Trump", "PER:donald-trump:US"),
     ("Sergey Lavrov", "PER:sergei-lavrov:RU"), ("T.Éc-đô-gan", "PER:recep-tayyip-erdogan:TR"),
     ("Lý Hiển Long", "PER:lee-hsien-loong:SG"), ("Chu Ân Lai", "PER:zhou-enlai:CN")],
)
def test_written_forms_resolve(written, key):
    actor = actors.resolve(written)
    assert actor is not None and actor.key == key


def test_short_forms_need_a_title_the_person_held_that_year():
    assert actors.resolve("Phúc") is None
    assert actors.resolve("Phúc", "Thủ tướng", 2018).key == "PER:nguyen-xuan-phuc:VN"
    assert actors.resolve("Phúc", "Chủ tịch nước", 2022).key == "PER:nguyen-xuan-phuc:VN"
    assert actors.resolve("Phúc", "Thủ tướng", 2024) is None
    assert actors.resolve("Johnson", "Thủ tướng", 2021).key == "PER:boris-johnson:GB"
