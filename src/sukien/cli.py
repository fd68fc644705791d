"""The ``sukien`` command line: a thin layer over the library.

Exit codes: 0 every input processed, 1 some inputs failed (each reported on
stderr with its path and reason), 2 usage error.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable
from datetime import datetime
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.panel import Panel
from rich.table import Table

from .errors import SukienError
from .evaluate import evaluate
from .pipeline import Pipeline
from .record import Document
from .sources import DEFAULT_MAX_BYTES, iter_documents

app = typer.Typer(
    add_completion=False,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    no_args_is_help=True,
    help="sukien: Vietnamese news pages in; articles, people, events and figures out.",
)
out = Console(highlight=False, soft_wrap=False)
err = Console(stderr=True, highlight=False)


def _parse_reference(value: str | None) -> datetime | None:
    if value is None:
        return None
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError as exc:
        raise typer.BadParameter(f"not an ISO-8601 date or datetime: {value!r}") from exc
    return parsed.replace(tzinfo=None) if parsed.tzinfo else parsed


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
) -> None:
    """Extract the article from each page."""
    reference = _parse_reference(reference_time)
    pipeline = Pipeline.build()
    failures = 0
    for result in _process(pipeline, iter_documents(paths, reference, max_bytes)):
        if isinstance(result, SukienError):
            failures += 1
            err.print(f"[red]error[/red] {result}", markup=True, soft_wrap=True)
        elif as_json:
            sys.stdout.write(json.dumps(result.to_json(), ensure_ascii=False) + "\n")
        else:
            _show(result)
    raise typer.Exit(1 if failures else 0)


def _process(pipeline: Pipeline, items: Iterable[Document | SukienError]):
    """Run the pipeline on documents; input errors pass through in order."""
    for item in items:
        if isinstance(item, SukienError):
            yield item
        else:
            yield from pipeline.run([item])


def _show(doc: Document) -> None:
    article = doc.article
    if article is None:
        return
    meta = Table.grid(padding=(0, 1))
    meta.add_column(style="bold cyan")
    meta.add_column()
    for label, value in (
        ("path", doc.path),
        ("url", doc.url),
        ("source", article.source),
        ("section", article.section),
        ("published", article.published),
        ("hint", article.published_hint),
        ("resolved", article.published_resolved),
        ("authors", ", ".join(article.authors) or None),
        ("captions", str(len(article.captions))),
        ("warnings", "; ".join(doc.warnings) or None),
    ):
        if value:
            meta.add_row(label, value)
    out.print(Panel(meta, title=article.title or "(no title)", title_align="left"))
    if article.lede:
        out.print(f"[italic]{article.lede}[/italic]\n", soft_wrap=True)
    out.print(article.body + "\n", soft_wrap=True, markup=False)
    _show_facts(doc)


def _show_facts(doc: Document) -> None:
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
    raise typer.Exit(1 if any(p.error for p in report.pages) else 0)


def main() -> None:
    app()


if __name__ == "__main__":
    main()
