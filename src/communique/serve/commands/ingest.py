"""`communique ingest`, `communique export`, `communique demo`: getting articles in and records out."""
from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import List, Optional

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from ..cli import DbOption, JsonOption, app, console, emit_json, fail, open_store


def run_ingest(store, inputs: list[str], *, show_progress: bool, analyse: bool = True):
    from ...ingest.sources import count_inputs
    from ...pipeline import Pipeline

    pipeline = Pipeline(store, analyse=analyse)
    if not show_progress:
        return pipeline.ingest(inputs)
    total = count_inputs(inputs)
    with Progress(TextColumn("[progress.description]{task.description}"), BarColumn(), MofNCompleteColumn(),
                  TimeElapsedColumn(), console=console, transient=True) as progress:
        task = progress.add_task("ingesting", total=total)
        return pipeline.ingest(inputs, on_item=lambda _: progress.advance(task))


def print_summary(summary) -> None:
    console.print(f"[bold]{len(summary.new)} new[/], {len(summary.unchanged)} unchanged, "
                  f"[{'red' if summary.failed else 'green'}]{len(summary.failed)} failed[/]")
    if summary.failed:
        table = Table("source", "reason", title="failed", title_justify="left")
        for f in summary.failed:
            table.add_row(f.source, f.reason)
        console.print(table)


@app.command()
def ingest(
    inputs: List[str] = typer.Argument(..., help="Files, directories (recursive), JSON Lines files, http(s) URLs or RSS/Atom feeds."),
    db: Optional[str] = DbOption,
    no_analysis: bool = typer.Option(False, "--no-analysis", help="Store clean articles only; skip parsing and coding."),
    as_json: bool = JsonOption,
    allow_private_urls: bool = typer.Option(False, "--allow-private-urls",
                                            help="Fetch loopback, private and link-local addresses too (refused by default)."),
):
    """Ingest news reports: clean text and metadata, actors, events, quotes and stories.

    Re-ingesting the same file, URL or text changes nothing. Inputs that fail are listed
    with a reason and the rest of the batch goes on.

    Example: `communique ingest reports/ https://example.org/feed.xml --db news.db`
    """
    if allow_private_urls:
        from ...ingest import limits

        limits.configure(allow_private_urls=True)
    store = open_store(db, must_exist=False)
    summary = run_ingest(store, inputs, show_progress=console.is_terminal and not as_json, analyse=not no_analysis)
    if as_json:
        emit_json(summary.as_dict())
    else:
        print_summary(summary)
    if summary.failed and not summary.new and not summary.unchanged:
        raise typer.Exit(1)


@app.command()
def export(
    out: Path = typer.Option(..., "--out", help="Directory to write into (created if missing)."),
    db: Optional[str] = DbOption,
    fmt: List[str] = typer.Option(["jsonl"], "--format", "-f", help="jsonl, csv, parquet or gdelt (GDELT 2.0 event-table layout, tab-separated); repeat for several."),
    all_modes: bool = typer.Option(False, "--all-modes", help="Write every stored event, negated, hypothetical and "
                                   "denied ones too (flagged in their rows); by default only events that happened."),
    asserted_only: bool = typer.Option(False, "--asserted-only", help="Leave out events the report only passes on "
                                       "as someone's claim."),
    min_confidence: Optional[float] = typer.Option(None, "--min-confidence", help="Leave out events coded with "
                                                   "less confidence than this (0-1); unscored events stay."),
):
    """Export articles, stories, actors, events and quotes as JSON Lines, CSV or Parquet.

    Events: by default those that happened (the export contract lists real-world events); the
    summary says how many each filter left out, and `--all-modes` writes them all with their flags.

    Example: `communique export --db news.db --out out/ -f jsonl -f parquet`
    """
    from ..event_query import EventQuery, QueryError
    from ..export import event_selection, export as run_export

    store = open_store(db)
    try:
        query = EventQuery.parse(mode="all" if all_modes else "happened", asserted_only=asserted_only,
                                 min_confidence=min_confidence)
        counts = run_export(store, out, formats=fmt, events=query)
    except QueryError as exc:
        fail("--" + str(exc).replace("min_confidence", "min-confidence", 1))
    except ValueError as exc:
        fail(str(exc))
    for name, n in counts.items():
        console.print(f"{out / name}: {n} rows")
    selection = event_selection(store, query)
    console.print(selection.line() + ("" if all_modes or not selection.left_out
                                      else " (--all-modes writes them, flagged)"), highlight=False)


def sample_corpus() -> Path:
    return Path(str(resources.files("communique").joinpath("samples", "corpus")))


@app.command()
def demo(
    db: str = typer.Option("demo.db", "--db", help="Store for the demo: a file (default: demo.db here) "
                           "or a postgresql:// URL."),
    out: Optional[Path] = typer.Option(None, "--out", help="Also export the record to this directory."),
):
    """Ingest the bundled sample corpus and show what was found.

    Example: `communique demo --db demo.db --out demo-out/`
    """
    corpus = sample_corpus()
    if not corpus.exists():
        fail(f"the sample corpus is missing from the installation ({corpus})")
    store = open_store(db, must_exist=False)
    console.rule(f"Ingesting the sample corpus from {corpus}")
    summary = run_ingest(store, [str(corpus)], show_progress=console.is_terminal)
    print_summary(summary)
    from .overview import print_overview

    print_overview(store)
    if out:
        from ..export import event_selection, export as run_export

        for name, n in run_export(store, out).items():
            console.print(f"{out / name}: {n} rows")
        console.print(event_selection(store).line(), highlight=False)
