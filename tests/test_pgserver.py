"""The PostgreSQL test fixtures (tests/pgserver.py) work, on both backends."""

from __future__ import annotations

import pytest
from sqlalchemy import Column, Integer, MetaData, Table, Text, create_engine, inspect, select

# Redundant once tests/conftest.py has pytest_plugins = ["pgserver"]; harmless either way.
pytest_plugins = ["pgserver"]

PLACE = "Quảng Đông"


def _places(metadata: MetaData) -> Table:
    return Table(
        "places",
        metadata,
        Column("id", Integer, primary_key=True),
        Column("name", Text, nullable=False),
    )


def test_postgres_url_roundtrips_vietnamese(postgres_url):
    assert postgres_url.startswith("postgresql")
    engine = create_engine(postgres_url)
    try:
        with engine.begin() as conn:
            assert conn.dialect.name == "postgresql"
            assert conn.exec_driver_sql("SHOW server_encoding").scalar() == "UTF8"
            assert conn.exec_driver_sql("SELECT upper('quảng đông')").scalar() == "QUẢNG ĐÔNG"
    finally:
        engine.dispose()


def test_db_url_roundtrips_vietnamese(db_url):
    metadata = MetaData()
    places = _places(metadata)
    engine = create_engine(db_url)
    try:
        metadata.create_all(engine)
        with engine.begin() as conn:
            conn.execute(places.insert(), [{"name": PLACE}, {"name": "Hà Nội"}])
        with engine.connect() as conn:
            names = conn.execute(select(places.c.name).order_by(places.c.id)).scalars().all()
            assert names == [PLACE, "Hà Nội"]
            hit = conn.execute(select(places.c.id).where(places.c.name == PLACE)).scalar_one()
            assert hit == 1
    finally:
        engine.dispose()


# Two tests on the same backend: the second must not see the first one's table.
_seen: dict[str, str] = {}


@pytest.mark.parametrize("step", ["first", "second"])
def test_db_url_is_fresh_per_test(db_url, step):
    engine = create_engine(db_url)
    try:
        backend = engine.dialect.name
        assert inspect(engine).get_table_names() == [], f"{backend} database not empty"
        if step == "first":
            metadata = MetaData()
            metadata.create_all(engine, tables=[_places(metadata)])
            assert inspect(engine).get_table_names() == ["places"]
        elif backend in _seen:
            assert _seen[backend] != db_url, "same database handed out twice"
        _seen[backend] = db_url
    finally:
        engine.dispose()
