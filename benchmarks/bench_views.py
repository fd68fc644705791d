"""Every view and API list over a knowledge base of 30 000+ articles, SQLite and PostgreSQL
in one run: p50/p95 of each page and endpoint, measured through the ASGI app in-process.

The base is the dev corpus (../shared/corpus/dantri-unc, 2 653 real articles) plus the
generated corpus of bench_store.py (seed and example sentences recombined) plus the
templated articles of tests/kbgen.py (meetings of many countries over fifteen years), all
through the real pipeline. Building it takes a while on two cores, so it is built once into
``--dir`` (the pipeline's output pickled, then a SQLite file and a PostgreSQL cluster) and
reused by later runs.

    python benchmarks/bench_views.py --dir /tmp/sukien-views            # build if missing, time
    python benchmarks/bench_views.py --dir … --backends sqlite --rounds 20
"""

from __future__ import annotations

import argparse
import gc
import os
import pickle
import shutil
import statistics
import sys
import time
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "tests"), str(ROOT / "benchmarks")]

from sqlalchemy import func, select  # noqa: E402

from sukien import store  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus" / "dantri-unc"
RECOMBINED, TEMPLATED = 8_000, 22_000


def documents() -> Iterator:
    from bench_store import corpus
    from kbgen import articles

    from sukien.record import Document
    from sukien.sources import iter_documents

    if CORPUS.exists():
        yield from (d for d in iter_documents([str(CORPUS)]) if isinstance(d, Document))
    yield from corpus(RECOMBINED, seed=11)
    yield from articles(TEMPLATED, seed=5)


def processed(folder: Path) -> list:
    """The pipeline's output for every article, computed once and pickled."""
    path = folder / "processed.pkl"
    if path.exists():
        with path.open("rb") as f:
            return pickle.load(f)
    from sukien.ingest import process
    from sukien.pipeline import Pipeline

    pipeline = Pipeline.build()
    started = time.perf_counter()
    pages = []
    for i, doc in enumerate(documents()):
        pages.append(process(doc, pipeline))
        if i % 5000 == 0:
            print(f"  pipeline: {i} pages, {time.perf_counter() - started:.0f} s",
                  file=sys.stderr, flush=True)
    with path.open("wb") as f:
        pickle.dump(pages, f, protocol=5)
    return pages


class Cluster:
    """A PostgreSQL cluster kept in ``folder`` between runs (tests/pgserver.py's server)."""

    def __init__(self, folder: Path) -> None:
        from pgserver import PostgresServer, find_pg_bindir

        bindir = find_pg_bindir()
        if bindir is None:
            raise RuntimeError("PostgreSQL is not installed (scripts/ci_postgres.sh)")
        self.server = PostgresServer(bindir)
        shutil.rmtree(self.server.base, ignore_errors=True)
        folder.mkdir(parents=True, exist_ok=True)
        self.server.base, self.server.datadir = folder, folder / "data"
        self.server.logfile = folder / "server.log"
        if self.server.user is not None:
            os.chown(folder, self.server.user.pw_uid, self.server.user.pw_gid)
        self.fresh = not self.server.datadir.exists()
        if self.fresh:
            self.server.initdb()
        self.server.start()

    def url(self) -> str:
        from pgserver import create_database, with_database

        if self.fresh:
            return create_database(self.server.url, "views")
        return with_database(self.server.url, "views")

    def stop(self) -> None:
        self.server.stop()


def build(url: str, folder: Path) -> None:
    """Store the pickled pipeline output unless the base already holds it."""
    from sukien.ingest import Ingester

    engine = store.open_engine(url)
    with engine.connect() as conn:
        have = conn.scalar(select(func.count()).select_from(store.articles))
    if have >= 30_000:
        engine.dispose()
        return
    pages = processed(folder)
    started = time.perf_counter()

    def progress(seen: int, stored: int, failed: int) -> None:
        if seen % 5000 < 200:
            print(f"  {url.split(':')[0]}: {seen} pages stored, "
                  f"{seen / (time.perf_counter() - started):.0f} pages/s",
                  file=sys.stderr, flush=True)

    Ingester(engine, batch_size=200).store_processed(iter(pages), progress)
    engine.dispose()


VIEWS = ["/", "/?q=Tập+Cận+Bình", "/?q=Biển+Đông&exact=1", "/?q=việt+nam&order=relevance",
         "/?q=hợp+tác,+Trung+Quốc&order=newest", "/?side=China&type=CONSULT",
         "/timeline", "/timeline?side=Trung+Quốc", "/timeline?from=2020&to=2021",
         "/network", "/network?level=person", "/network?side=JPN", "/map",
         "/figures", "/figures?indicator=trade&party=Trung+Quốc",
         "/entity/{country}", "/entity/{person}", "/article/{article}"]
API = ["/api/search?q=Tập+Cận+Bình&facets=true", "/api/search?q=kim+ngạch+thương+mại",
       "/api/events?side=CHN", "/api/events?type=AGREE&from=2024", "/api/entities?name=Xi+Jinping",
       "/api/entities/{person}", "/api/figures?indicator=trade", "/api/clusters",
       "/api/timeline", "/api/network", "/api/network?level=person", "/api/places"]


def _examples(url: str) -> dict[str, str]:
    """The biggest country, the person in most events, an article with events."""
    engine = store.open_engine(url)
    with engine.connect() as conn:
        person = conn.scalar(select(store.participants.c.entity_id)
                             .group_by(store.participants.c.entity_id)
                             .order_by(func.count().desc()).limit(1))
        article = conn.scalar(select(store.events.c.article_id)
                              .order_by(store.events.c.date.desc()).limit(1))
        country = conn.scalar(select(store.entities.c.id)
                              .where(store.entities.c.canonical == "Việt Nam",
                                     store.entities.c.type == "LOC").limit(1))
    engine.dispose()
    return {"person": person or "", "article": article or "", "country": country or ""}


def report(backend: str, url: str, rounds: int) -> None:
    """Time every view and API list through the app in-process (templates included)."""
    from fastapi.testclient import TestClient

    from sukien.api import create_app

    app = create_app(url)
    fill = _examples(url)
    with TestClient(app) as client:
        client.get("/map")  # load the gazetteer once, as a running server has
        engine = app.state.engine
        with engine.connect() as conn:
            articles = conn.scalar(select(func.count()).select_from(store.articles))
            events = conn.scalar(select(func.count()).select_from(store.events))
        print(f"\n{backend}: {articles} articles, {events} events; {rounds} rounds per URL")
        print(f"{'url':<52}{'p50 ms':>9}{'p95 ms':>9}{'max ms':>9}{'KB':>7}")
        worst = 0.0
        for template in VIEWS + API:
            path = template.format(**fill)
            timings = []
            for _ in range(rounds):
                started = time.perf_counter()
                response = client.get(path)
                timings.append((time.perf_counter() - started) * 1000)
                assert response.status_code == 200, (path, response.status_code)
            timings.sort()
            p95 = timings[max(0, round(len(timings) * 0.95) - 1)]
            worst = max(worst, p95)
            print(f"{template:<52}{statistics.median(timings):>9.1f}{p95:>9.1f}"
                  f"{timings[-1]:>9.1f}{len(response.content) / 1024:>7.0f}", flush=True)
        print(f"{backend}: slowest p95 {worst:.1f} ms")
    app.state.engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dir", type=Path, default=Path("/tmp/sukien-views"))
    parser.add_argument("--backends", default="sqlite,postgresql")
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument("--build-only", action="store_true")
    args = parser.parse_args()
    args.dir.mkdir(parents=True, exist_ok=True)
    for backend in args.backends.split(","):
        cluster = None
        try:
            if backend == "sqlite":
                url = f"sqlite:///{args.dir}/views.db"
            else:
                cluster = Cluster(args.dir / "pg")
                url = cluster.url()
            build(url, args.dir)
            gc.collect()  # the pipeline's output is not kept while timing
            if not args.build_only:
                report(backend, url, args.rounds)
        finally:
            if cluster is not None:
                cluster.stop()


if __name__ == "__main__":
    main()
