"""Country codes as people type them: "Trung Quốc", "China", "CN" and "CHN" are one side.

Events store their sides as ISO 3166-1 alpha-2 codes (or a bloc's acronym, "ASEAN"); filters
take any of the names the knowledge base (``data/kb/countries.tsv``) and pycountry know,
Vietnamese or English, with or without diacritics, or an alpha-2/alpha-3 code.
"""

from __future__ import annotations

import re
from functools import cache

from . import kb
from .normalize import word_key


@cache
def _alpha3() -> dict[str, str]:
    import pycountry

    return {c.alpha_2: c.alpha_3 for c in pycountry.countries}


@cache
def _by_name() -> dict[str, str]:
    import pycountry

    table: dict[str, str] = {}
    for country in kb.countries():
        code = country.iso2
        names = [country.name_vi, *country.aliases_vi, country.name_en]
        found = pycountry.countries.get(alpha_2=code)
        if found is not None:
            names += [getattr(found, attr, "") for attr in ("name", "official_name",
                                                            "common_name")]
        for name in names:
            if name:
                table.setdefault(word_key(name), code)
    for org in kb.organizations():  # blocs are sides by their acronym: "ASEAN", "EU"
        if org.acronym and not org.country:
            for name in (org.acronym, org.name_vi, org.name_en, *org.aliases_vi):
                if name:
                    table.setdefault(word_key(name), org.acronym.upper())
    return table


@cache
def _by_code() -> dict[str, str]:
    table = {code: code for code in (c.iso2 for c in kb.countries())}
    table.update({three: two for two, three in _alpha3().items() if two in table})
    return table


def alpha3(iso2: str) -> str:
    """"CN" → "CHN" (the CAMEO country code); anything else as given."""
    return _alpha3().get(iso2, iso2)


def side_code(text: str) -> str:
    """The code events use for a side written any way: "Trung Quốc" → "CN"."""
    typed = text.strip()
    code = _by_code().get(typed.upper())
    if code and typed.isupper():  # "MY" is Malaysia; "Mỹ" (and "my") the United States
        return code
    return _by_name().get(word_key(typed)) or code or typed.upper()


def side_codes(text: str | None) -> list[str]:
    """Several sides, comma-separated ("Việt Nam, China" → VN, CN), each once."""
    parts = [p for p in re.split(r"[,;/]", text or "") if p.strip()]
    return list(dict.fromkeys(side_code(p) for p in parts))


def country_name(code: str, lang: str = "vi") -> str:
    names = _names().get(code)
    return names[1 if lang == "en" else 0] if names else code


@cache
def _names() -> dict[str, tuple[str, str]]:
    return {c.iso2: (c.name_vi, c.name_en) for c in kb.countries()}
