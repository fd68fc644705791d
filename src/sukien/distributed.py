"""Batch ingest on Dask for archives too big for one process.

The inputs are cut into shards (each WARC file is a shard of its own; loose pages are
grouped), Dask maps the pure per-page function :func:`sukien.ingest.process` over the shards
on a cluster (a ``LocalCluster`` when no scheduler address is given), and every shard is
written as one Parquet partition of processed pages under ``work_dir``. The partitions are
then loaded into the database in order, in batches, by the same writer as the local path —
so both paths produce the same database. Each worker streams its shard record by record:
nothing holds a whole archive in memory.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

from .errors import Code, SukienError
from .ingest import Ingester, IngestStats, Processed, Progress, process
from .sources import DEFAULT_MAX_BYTES, iter_documents, resolve, walk

SHARD_PAGES = 200
_WARC = (".warc", ".warc.gz", ".arc", ".arc.gz")


def shards(sources: list[str], pages_per_shard: int = SHARD_PAGES) -> list[list[str]]:
    """WARC files alone, other files in groups, in input order."""
    files: list[str] = []
    for source in sources:
        path = Path(source)
        if path.is_dir():
            files += [str(p) for p in walk(path)]
        else:
            files.append(source)
    out: list[list[str]] = []
    loose: list[str] = []
    for name in files:  # input order is kept: the first copy of a page is the one stored
        if name.lower().endswith(_WARC):
            out += [loose] if loose else []
            out.append([name])
            loose = []
            continue
        loose.append(name)
        if len(loose) == pages_per_shard:
            out.append(loose)
            loose = []
    return out + ([loose] if loose else [])


def _record(page: Processed | SukienError) -> dict[str, Any]:
    if isinstance(page, SukienError):
        return {"kind": "error", "source": page.path, "code": page.code.name,
                "detail": page.detail, "doc_id": None, "document": None, "article": None,
                "rows": None, "raw": None, "minhash": None}
    document = dict(page.document)
    raw = document.pop("raw")
    article = dict(page.article) if page.article else None
    minhash = article.pop("minhash") if article else None
    return {"kind": "page", "source": page.source, "code": None, "detail": None,
            "doc_id": page.doc_id, "document": json.dumps(document, ensure_ascii=False),
            "article": json.dumps(article, ensure_ascii=False) if article else None,
            "rows": json.dumps(page.rows, ensure_ascii=False) if page.rows else None,
            "raw": raw, "minhash": minhash}


def _from_record(record: dict[str, Any]) -> Processed | SukienError:
    if record["kind"] == "error":
        return SukienError(Code[record["code"]], record["source"], record["detail"] or "")
    document = {**json.loads(record["document"]), "raw": record["raw"]}
    article = json.loads(record["article"]) if record["article"] else None
    if article is not None:
        article["minhash"] = record["minhash"]
    rows = json.loads(record["rows"]) if record["rows"] else None
    return Processed(record["doc_id"], record["source"], document, article, rows)


def process_shard(paths: list[str], out_file: str, reference_time: datetime | None = None,
                  max_bytes: int = DEFAULT_MAX_BYTES) -> str:
    """Worker side: read a shard, run the pipeline, write one Parquet partition."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    from .pipeline import Pipeline

    pipeline = Pipeline.build()
    records = []
    for item in iter_documents(paths, reference_time, max_bytes):
        page = item if isinstance(item, SukienError) else process(item, pipeline)
        records.append(_record(page))
    schema = pa.schema([("kind", pa.string()), ("source", pa.string()), ("code", pa.string()),
                        ("detail", pa.string()), ("doc_id", pa.string()),
                        ("document", pa.string()), ("article", pa.string()),
                        ("rows", pa.string()), ("raw", pa.binary()), ("minhash", pa.binary())])
    pq.write_table(pa.Table.from_pylist(records, schema=schema), out_file)
    return out_file


def read_partitions(files: list[str]) -> Iterator[Processed | SukienError]:
    import pyarrow.parquet as pq

    for name in files:
        for batch in pq.ParquetFile(name).iter_batches(batch_size=64):
            for record in batch.to_pylist():
                yield _from_record(record)


def run_shards(shard_list: list[list[str]], work_dir: Path, scheduler: str | None,
               workers: int, reference_time: datetime | None, max_bytes: int) -> list[str]:
    """Map :func:`process_shard` over the shards on Dask; the partition files, in order."""
    from dask.distributed import Client, LocalCluster

    work_dir.mkdir(parents=True, exist_ok=True)
    outputs = [str(work_dir / f"part-{i:06d}.parquet") for i in range(len(shard_list))]
    cluster = None if scheduler else LocalCluster(n_workers=workers, threads_per_worker=1,
                                                  processes=True, dashboard_address=None)
    try:
        with Client(scheduler or cluster) as client:
            futures = client.map(process_shard, shard_list, outputs,
                                 reference_time=reference_time, max_bytes=max_bytes,
                                 pure=False)
            return client.gather(futures)
    finally:
        if cluster is not None:
            cluster.close()


def ingest_dask(ingester: Ingester, sources: list[str], work_dir: Path, *,
                scheduler: str | None = None, workers: int = 2,
                reference_time: datetime | None = None, max_bytes: int = DEFAULT_MAX_BYTES,
                progress: Progress | None = None) -> IngestStats:
    shard_list = shards([resolve(source) for source in sources])  # as the local path names them
    started = datetime.now()
    files = run_shards(shard_list, work_dir, scheduler, workers, reference_time, max_bytes)
    stats = ingester.store_processed(read_partitions(files), progress)
    stats.seconds = (datetime.now() - started).total_seconds()
    return stats
