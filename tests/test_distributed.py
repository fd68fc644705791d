"""The Dask path on a LocalCluster builds the same database as the local path."""

from __future__ import annotations

from conftest import EXAMPLES, REFERENCE, SEEDS
from sqlalchemy import select

from sukien import store
from sukien.distributed import ingest_dask, shards
from sukien.ingest import Ingester
from sukien.sources import iter_documents

SOURCES = [str(SEEDS), str(EXAMPLES / "pages")]
COMPARED = {
    "articles": ["id", "title", "published", "day", "outlet", "body", "captions", "lede",
                 "duplicate_of", "search_text"],
    "entities": ["id", "type", "canonical", "name_latin", "country", "kind"],
    "entity_roles": ["entity_id", "article_id", "title", "title_en", "day"],
    "mentions": ["article_id", "field", "start", "end", "entity_id", "resolved"],
    "events": ["id", "article_id", "type", "cameo", "mode", "status", "date", "date_end",
               "location", "sides", "people", "summary_en", "cluster_id"],
    "figures": ["id", "article_id", "indicator", "value", "unit", "value_usd", "period",
                "change_pct", "parties"],
    "documents": ["id", "source", "raw", "format", "encoding", "status"],
}


def snapshot(url: str) -> dict[str, list[tuple]]:
    engine = store.open_engine(url)
    out = {}
    with engine.connect() as conn:
        for name, columns in COMPARED.items():
            table = store.metadata.tables[name]
            rows = conn.execute(select(*[table.c[c] for c in columns])).all()
            out[name] = sorted(tuple(r) for r in rows)
    engine.dispose()
    return out


def test_shards_keep_warcs_apart():
    parts = shards(SOURCES, pages_per_shard=4)
    assert [str(EXAMPLES / "pages" / "archive.warc.gz")] in parts
    assert sum(len(p) for p in parts) == 14 and max(len(p) for p in parts) == 4


def test_shards_read_files_in_the_local_order(tmp_path):
    for name in ("a-b/x.txt", "a.txt", "a/b.txt", ".hidden/c.txt"):  # "-" < "." < "/"
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x", encoding="utf-8")
    local = [doc.path for doc in iter_documents([str(tmp_path)])]
    assert [f for part in shards([str(tmp_path)]) for f in part] == local
    assert len(local) == 3


def test_dask_and_local_paths_build_the_same_database(tmp_path):
    local_url = f"sqlite:///{tmp_path / 'local.db'}"
    dask_url = f"sqlite:///{tmp_path / 'dask.db'}"
    local = Ingester(store.open_engine(local_url)).ingest(SOURCES, reference_time=REFERENCE)
    distributed = ingest_dask(Ingester(store.open_engine(dask_url)), SOURCES, tmp_path / "parts",
                              workers=2, reference_time=REFERENCE)
    assert (local.stored, local.failed) == (distributed.stored, distributed.failed) == (13, 0)
    assert len(list((tmp_path / "parts").glob("*.parquet"))) == len(shards(SOURCES))
    ours, theirs = snapshot(local_url), snapshot(dask_url)
    for name in COMPARED:
        assert ours[name] == theirs[name], name
