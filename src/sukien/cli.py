"""The ``sukien`` command line: a thin layer over the library.

Exit codes: 0 every input processed, 1 some inputs failed (each reported on
stderr with its path and reason), 2 usage error.
"""

from __future__ import annotations

import json
import re
import sys
import time
from datetime import datetime
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.panel import Panel
from rich.table import Table

from ._api import Article, extract_many, parse_reference_time
from .errors import SukienError
from .evaluate import evaluate
from .sources import DEFAULT_MAX_BYTES
from .validate import MAX_LIMIT, MAX_OFFSET, day_bound

app = typer.Typer(
    add_completion=False,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    no_args_is_help=True,
    help="sukien: Vietnamese news pages in; articles, people, events and figures out.",
)
out = Console(highlight=False, soft_wrap=False)
err = Console(stderr=True, highlight=False)


def json_line(value) -> str:
    """One JSON line, valid UTF-8 whatever a file name held: a byte that was not UTF-8 (a
    lone surrogate in Python, PEP 383) is written as its JSON escape "\\udcNN", which
    json.loads turns back into the same string (and os.fsencode into the same bytes)."""
    line = json.dumps(value, ensure_ascii=False, default=str)
    return _SURROGATE.sub(lambda m: f"\\u{ord(m.group()):04x}", line) + "\n"


_SURROGATE = re.compile("[\ud800-\udfff]")


def _parse_reference(value: str | None) -> datetime | None:
    try:
        return parse_reference_time(value)
    except ValueError as exc:
        raise typer.BadParameter(str(exc)) from exc


ReferenceOpt = Annotated[
    str | None,
    typer.Option(
        "--reference-time",
        help='Resolve relative dates ("2 giờ trước") against this ISO time '
        "(default: each file's modification time; a WARC record's WARC-Date).",
    ),
]
MaxBytesOpt = Annotated[
    int, typer.Option("--max-bytes", min=1, help="Refuse pages larger than this many bytes.")
]


@app.command()
def extract(
    paths: Annotated[
        list[str], typer.Argument(help="Files, directories, WARC(.gz) files or - for stdin.")
    ],
    as_json: Annotated[
        bool, typer.Option("--json", help="One JSON object per article, per line.")
    ] = False,
    reference_time: ReferenceOpt = None,
    max_bytes: MaxBytesOpt = DEFAULT_MAX_BYTES,
    workers: Annotated[int, typer.Option(
        "--workers", min=1, help="Run the pipeline in this many processes (output keeps the "
        "input order).")] = 1,
) -> None:
    """Extract the article from each page."""
    reference = _parse_reference(reference_time)
    inputs = [sys.stdin.buffer if name == "-" else Path(name) for name in paths]
    failures = 0
    for result in extract_many(inputs, workers=workers, reference_time=reference,
                               max_bytes=max_bytes):
        if isinstance(result, SukienError):
            failures += 1
            err.print(f"[red]error[/red] {result}", markup=True, soft_wrap=True)
        elif as_json:
            sys.stdout.write(json_line(result.to_dict()))
        else:
            _show(result)
    raise typer.Exit(1 if failures else 0)


def _show(article: Article) -> None:
    meta = Table.grid(padding=(0, 1))
    meta.add_column(style="bold cyan")
    meta.add_column()
    for label, value in (
        ("path", article.path),
        ("url", article.url),
        ("source", article.source),
        ("section", article.section),
        ("published", article.published),
        ("hint", article.published_hint),
        ("resolved", article.published_resolved),
        ("authors", ", ".join(article.authors) or None),
        ("captions", str(len(article.captions))),
        ("warnings", "; ".join(article.warnings) or None),
    ):
        if value:
            meta.add_row(label, value)
    out.print(Panel(meta, title=article.title or "(no title)", title_align="left"))
    if article.lede:
        out.print(f"[italic]{article.lede}[/italic]\n", soft_wrap=True)
    out.print(article.body + "\n", soft_wrap=True, markup=False)
    _show_facts(article)


def _show_facts(doc: Article) -> None:
    """The people, events and figures found, one line each."""
    lines: list[tuple[str, str]] = []
    for e in doc.entities:
        if e.type == "PER":
            role = f", {e.title} ({e.title_en})" if e.title else ""
            lines.append(("person", f"{e.canonical} [{e.name_latin}, {e.country}]{role}"))
    for event in doc.events:
        lines.append(("event", event.summary_en))
    for f in doc.figures:
        amount = f"{f.value:,.0f} {f.unit}" if f.value is not None else ""
        change = f" ({f.change_pct:+g}%)" if f.change_pct is not None else ""
        parties = f" – {', '.join(f.parties)}" if f.parties else ""
        lines.append(("figure", f"{f.indicator} {f.period or ''} {amount}{change}{parties}"
                      .replace("  ", " ")))
    for label, text in lines:
        out.print(f"[bold]{label:>7}[/bold] {escape(text)}", soft_wrap=True)
    if lines:
        out.print()


@app.command("eval")
def eval_command(
    gold_dir: Annotated[
        Path, typer.Argument(exists=True, file_okay=False, help="Gold JSON folder.")
    ],
    pages_dir: Annotated[Path, typer.Argument(exists=True, file_okay=False, help="Pages folder.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False,
    reference_time: ReferenceOpt = None,
) -> None:
    """Score the pipeline against a gold folder laid out like shared/gold."""
    report = evaluate(gold_dir, pages_dir, reference_time=_parse_reference(reference_time))
    if as_json:
        sys.stdout.write(json.dumps(report.to_json(), ensure_ascii=False, indent=1) + "\n")
    else:
        table = Table(title=f"sukien eval: {gold_dir}")
        table.add_column("check")
        table.add_column("passed", justify="right")
        table.add_column("total", justify="right")
        table.add_column("score", justify="right")
        for check, (passed, total) in report.totals().items():
            table.add_row(check, str(passed), str(total), f"{passed / total:.0%}")
        table.add_row("overall", "", "", f"{report.overall():.1%}", style="bold")
        out.print(table)
        for check, (correct, predicted) in report.precision().items():
            passed, total = report.totals().get(check, (0, 0))
            recall = f"recall {passed}/{total} = {passed / total:.0%}, " if total else ""
            out.print(f"{check}: {recall}precision {correct}/{predicted} = "
                      f"{correct / predicted:.0%}")
        for page in report.pages:
            for failure in [page.error] if page.error else page.failures:
                out.print(f"  {page.stem}: {failure}", markup=False, soft_wrap=True)
            for event in page.unmatched:
                out.print(f"  {page.stem}: unmatched event: {event}", markup=False,
                          soft_wrap=True)
    raise typer.Exit(1 if any(p.error for p in report.pages) else 0)


# --- the knowledge base -----------------------------------------------------------------

DbOpt = Annotated[str, typer.Option("--db", help="sqlite:///path.db, a path, or postgresql://…",
                                    envvar="SUKIEN_DB")]
DEFAULT_DB = "sqlite:///sukien.db"


def _open(db: str):
    from ._kb import open as open_kb

    try:
        return open_kb(db)
    except SukienError as error:
        err.print(f"[red]error[/red] {error}", soft_wrap=True)
        raise typer.Exit(2) from error


@app.command()
def ingest(
    sources: Annotated[list[str], typer.Argument(help="Files, directories, WARC(.gz), URLs.")],
    db: DbOpt = DEFAULT_DB,
    reference_time: ReferenceOpt = None,
    max_bytes: MaxBytesOpt = DEFAULT_MAX_BYTES,
    allow_host: Annotated[list[str] | None, typer.Option(
        "--allow-host", help="Host that URL ingest may fetch although it is private/loopback.")
    ] = None,
    batch: Annotated[int, typer.Option("--batch", min=1, help="Pages per transaction.")] = 50,
    engine_name: Annotated[str, typer.Option(
        "--engine", help="local, or dask (shards processed on a Dask cluster, then loaded).")
    ] = "local",
    scheduler: Annotated[str | None, typer.Option(
        "--scheduler", help="Dask scheduler address (default: a LocalCluster).")] = None,
    workers: Annotated[int, typer.Option("--workers", min=1, help="LocalCluster workers.")] = 2,
    work_dir: Annotated[Path | None, typer.Option(
        "--work-dir", help="Where the Dask path writes its Parquet partitions.")] = None,
) -> None:
    """Run the pipeline over pages and store the results (idempotent, resumable)."""
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    from .ingest import is_url

    reference = _parse_reference(reference_time)
    kb = _open(db)
    if engine_name not in ("local", "dask"):
        raise typer.BadParameter(f"--engine must be local or dask, not {engine_name!r}")
    if engine_name == "dask" and any(is_url(source) for source in sources):
        raise typer.BadParameter("--engine dask reads files and WARCs, not URLs")
    inputs = [source if is_url(source) else sys.stdin.buffer if source == "-" else Path(source)
              for source in sources]
    with Progress(TextColumn("{task.description}"), BarColumn(), TextColumn("{task.fields[rate]}"),
                  TimeElapsedColumn(), console=err, transient=False) as bar:
        task = bar.add_task("ingest", total=None, rate="")
        started = time.perf_counter()

        def report(seen: int, stored: int, failed: int) -> None:
            elapsed = time.perf_counter() - started
            bar.update(task, completed=seen, description=f"ingest {seen} pages, {stored} new, "
                       f"{failed} failed", rate=f"{seen / elapsed:.1f} pages/s" if elapsed else "")

        try:
            stats = kb.ingest(inputs, reference_time=reference, max_bytes=max_bytes,
                              allow_hosts=allow_host or (), batch=batch, engine=engine_name,
                              scheduler=scheduler, workers=workers, work_dir=work_dir,
                              progress=report)
        except SukienError as error:  # the database went away mid-run
            err.print(f"[red]error[/red] {escape(str(error))}; inputs not stored yet were not "
                      "ingested: run the command again (stored pages are skipped)",
                      soft_wrap=True)
            raise typer.Exit(1) from error
    for message in stats.errors:
        err.print(f"[red]error[/red] {escape(message)}", soft_wrap=True)
    out.print(f"{stats.seen} pages: {stats.stored} stored ({stats.new_versions} new versions, "
              f"{stats.duplicates} near-duplicates), {stats.unchanged} unchanged, "
              f"{stats.failed} failed; {stats.pages_per_second:.1f} pages/s")
    raise typer.Exit(1 if stats.failed else 0)


@app.command()
def reprocess(db: DbOpt = DEFAULT_DB) -> None:
    """Run the current pipeline again over every stored raw document."""
    stats = _open(db).reprocess()
    out.print(f"{stats.seen} documents: {stats.stored} re-processed, {stats.failed} failed "
              f"({stats.pages_per_second:.1f} pages/s)")
    raise typer.Exit(1 if stats.failed else 0)


def _filters(date_from, date_to, entity, event_type, side, outlet, limit, offset=0) -> dict:
    """The CLI's filter options as keyword arguments of the KnowledgeBase's lists."""
    return {"date_from": date_from, "date_to": date_to, "entity": entity, "type": event_type,
            "side": side, "outlet": outlet, "limit": limit, "offset": offset}


def _day(value: str | None) -> str | None:
    if value is None:
        return None
    try:
        return day_bound(value)
    except ValueError as err:
        raise typer.BadParameter(str(err)) from err


FromOpt = Annotated[str | None, typer.Option(
    "--from", callback=_day, help="From this date (2025, 2025-03, 2025-03-07).")]
ToOpt = Annotated[str | None, typer.Option(
    "--to", callback=_day, help="Up to this date, included (2025, 2025-03, 2025-03-07).")]
EntityOpt = Annotated[str | None, typer.Option("--entity", help="Mentions this entity (any of "
                                               "its names).")]
TypeOpt = Annotated[str | None, typer.Option("--type", help="Event type (CONSULT, AGREE, …).")]
SideOpt = Annotated[str | None, typer.Option(
    "--side", help="Event sides, comma-separated: codes or names (CN, CHN, Trung Quốc, China).")]
OutletOpt = Annotated[str | None, typer.Option("--outlet", help="Outlet name or domain.")]
LimitOpt = Annotated[int, typer.Option("--limit", min=1, max=MAX_LIMIT,
                                        help="At most this many rows.")]
OffsetOpt = Annotated[int, typer.Option("--offset", min=0, max=MAX_OFFSET,
                                          help="Skip this many rows first.")]
JsonOpt = Annotated[bool, typer.Option("--json", help="JSON lines instead of a table.")]


def _print_rows(rows, columns: list[str], as_json: bool) -> None:
    """Records (or dicts) as JSON lines or a table of ``columns``."""
    rows = [row.to_dict() if hasattr(row, "to_dict") else row for row in rows]
    if as_json:
        for row in rows:
            sys.stdout.write(json_line(row))
        return
    table = Table(show_lines=False)
    for column in columns:
        table.add_column(column)
    for row in rows:
        table.add_row(*[escape(str(row.get(c) if row.get(c) is not None else "")) for c in columns])
    out.print(table)


def _total(page, as_json: bool) -> None:
    """"rows 1–20 of 3 418" on stderr, so that a list never looks like all there is."""
    first = page.offset + 1 if len(page) else 0
    err.print(f"rows {first}–{page.offset + len(page)} of {page.total}"
              + (f" (next: --offset {page.next_offset})" if page.next_offset else ""))


@app.command()
def search(
    query: Annotated[str, typer.Argument(help='Words; adjacent words are a phrase. "…" exact '
                                         "phrase, OR, -word to exclude, commas between "
                                         "phrases. Diacritics and case do not matter.")],
    db: DbOpt = DEFAULT_DB, date_from: FromOpt = None, date_to: ToOpt = None,
    entity: EntityOpt = None, event_type: TypeOpt = None, side: SideOpt = None,
    outlet: OutletOpt = None, limit: LimitOpt = 20, offset: OffsetOpt = 0,
    exact: Annotated[bool, typer.Option("--exact", help="Diacritics count (Biển Đông is not "
                                        "biến động).")] = False,
    order: Annotated[str, typer.Option("--order", help="relevance or newest.")] = "relevance",
    as_json: JsonOpt = False,
) -> None:
    """Search titles, bodies and entity names ("quang dong" finds "Quảng Đông")."""
    from .store import ORDERS

    if order not in ORDERS:
        raise typer.BadParameter(f"--order must be one of {', '.join(ORDERS)}")
    rows = _open(db).search(query, exact=exact, order=order, **_filters(
        date_from, date_to, entity, event_type, side, outlet, limit, offset))
    _print_rows(rows, ["day", "outlet", "title", "snippet", "id"], as_json)
    _total(rows, as_json)


@app.command()
def events(
    db: DbOpt = DEFAULT_DB, date_from: FromOpt = None, date_to: ToOpt = None,
    entity: EntityOpt = None, event_type: TypeOpt = None, side: SideOpt = None,
    outlet: OutletOpt = None, limit: LimitOpt = 50, offset: OffsetOpt = 0,
    as_json: JsonOpt = False,
) -> None:
    """List coded events, newest first."""
    rows = _open(db).events(**_filters(date_from, date_to, entity, event_type, side, outlet,
                                       limit, offset))
    _print_rows(rows, ["date", "type", "status", "summary_en"], as_json)
    _total(rows, as_json)


@app.command()
def entity(
    name: Annotated[str, typer.Argument(help="Name, alias or English spelling.")],
    db: DbOpt = DEFAULT_DB, limit: LimitOpt = 20, offset: OffsetOpt = 0,
    as_json: JsonOpt = False,
) -> None:
    """Profile of an entity: roles over time, partners, and pages of events and articles."""
    kb = _open(db)
    found = kb.entities(name)
    if not found:
        err.print(f"no entity named {name!r}")
        raise typer.Exit(1)
    profiles = [kb.entity(e.id, by="id", limit=limit, offset=offset) for e in found]
    if as_json:
        for profile in profiles:
            sys.stdout.write(json_line(profile.to_dict() if profile else {}))
        return
    for profile in profiles:
        if profile is None:
            continue
        e = profile.entity
        out.print(f"[bold]{escape(e.canonical)}[/bold] ({e.type}, {e.name_latin or ''}, "
                  f"{e.country or ''}) aliases: {escape(', '.join(profile.aliases))}")
        _print_rows(profile.roles, ["title", "title_en", "first", "last", "articles"], False)
        _print_rows(profile.co_participants, ["canonical", "name_latin", "events"], False)
        out.print(f"partners: {len(profile.co_participants)} of "
                  f"{profile.co_participants.total}")
        _print_rows(profile.events, ["date", "type", "summary_en", "title"], False)
        _total(profile.events, False)


@app.command("figures")
def figures_command(
    db: DbOpt = DEFAULT_DB,
    indicator: Annotated[str | None, typer.Option("--indicator", help="trade, gdp, …")] = None,
    party: Annotated[str | None, typer.Option("--party", help="A party of the figure, any of "
                                              "its names.")] = None,
    unit: Annotated[str | None, typer.Option(
        "--unit", help="One series: USD (money in US dollars), persons, t, %, %change, "
                       "or a stored unit (CNY).")] = None,
    limit: LimitOpt = 200, offset: OffsetOpt = 0, as_json: JsonOpt = False,
) -> None:
    """Figures as time series (by period), one per indicator and unit."""
    rows = _open(db).figures(indicator=indicator, party=party, unit=unit, limit=limit,
                             offset=offset)
    _print_rows(rows, ["period", "indicator", "series_unit", "value", "unit", "value_usd",
                       "change_pct", "parties", "day", "outlet"], as_json)
    _total(rows, as_json)


def _format_help() -> str:
    from .export import formats_help

    return "Output format. " + formats_help() + "."


@app.command()
def export(
    db: DbOpt = DEFAULT_DB,
    fmt: Annotated[str, typer.Option("--format", help=_format_help())] = "jsonl",
    table: Annotated[str, typer.Option("--table", help="articles, events, entities, figures, "
                                       "clusters, documents.")] = "events",
    output: Annotated[Path | None, typer.Option("--output", "-o", help="File (stdout if not "
                                                "given; required for binary formats).")] = None,
) -> None:
    """Export a table (or the events as GDELT 2.0 rows)."""
    from . import export as exporter

    spec = exporter.FORMATS.get(fmt)
    if spec is None or table not in exporter.TABLES:
        raise typer.BadParameter(f"--format must be one of {', '.join(exporter.FORMATS)} and "
                                 f"--table one of {', '.join(exporter.TABLES)}")
    if spec.binary and output is None:
        raise typer.BadParameter(f"{fmt} needs --output")
    count = _open(db).export(fmt, table=table).write(sys.stdout if output is None else output)
    err.print(f"{count} rows written")


@app.command()
def serve(
    db: DbOpt = DEFAULT_DB,
    host: Annotated[str, typer.Option("--host", help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", min=1, max=65535)] = 8000,
    token: Annotated[str | None, typer.Option(
        "--token", envvar="SUKIEN_TOKEN", help="Bearer token for write endpoints (off without).")
    ] = None,
    allow_host: Annotated[list[str] | None, typer.Option(
        "--allow-host", help="Host that URL ingest may fetch although private/loopback.")] = None,
) -> None:
    """Serve the HTTP API (/api, docs at /docs) and the web UI."""
    import uvicorn

    from .api import create_app

    try:
        application = create_app(db, token=token, allow_hosts=frozenset(allow_host or ()))
    except SukienError as error:
        err.print(f"[red]error[/red] {error}", soft_wrap=True)
        raise typer.Exit(2) from error
    err.print(f"sukien on http://{host}:{port}/  (API docs: /docs; database {db})")
    uvicorn.run(application, host=host, port=port, log_level="warning")


def main() -> None:
    app()


if __name__ == "__main__":
    main()
