"""`communique batch`: the ingest of a large collection on a Dask cluster.

Dask is imported only when the command runs, so the rest of the CLI starts without it.
"""
from __future__ import annotations

from typing import List, Optional

import typer

from ..cli import DbOption, JsonOption, app, console, emit_json, fail, open_store
from .ingest import print_summary


@app.command()
def batch(
    inputs: List[str] = typer.Argument(..., help="Files, directories (recursive), JSON Lines files (streamed, any size), http(s) URLs or RSS/Atom feeds."),
    db: Optional[str] = DbOption,
    scheduler: Optional[str] = typer.Option(
        None, "--scheduler", help="Address of a running Dask scheduler (tcp://HOST:8786). Start one with "
                                  "`dask scheduler`, then `dask worker tcp://HOST:8786 --nworkers N --nthreads 1` (N: its CPU cores) on each "
                                  "machine that has communique and its model installed."),
    workers: Optional[int] = typer.Option(None, "--workers", min=1, help="Start a local cluster of N worker processes (default: one per CPU core)."),
    partition_size: int = typer.Option(50, "--partition-size", min=1, help="Documents per task sent to a worker: "
                                       "seconds of work each, so the first results come back (and get saved) early."),
    no_analysis: bool = typer.Option(False, "--no-analysis", help="Store clean articles only; skip parsing and coding."),
    connect_timeout: float = typer.Option(30.0, "--connect-timeout", min=0.1, help="Seconds to wait for the scheduler and its first worker."),
    as_json: bool = JsonOption,
):
    """Ingest a large collection with extraction and analysis spread over a Dask cluster.

    The store gets the same articles, stories, events and quotes as `communique ingest`
    on the same inputs: workers clean and analyse, and this process links and saves in
    input order. Inputs already stored with the same bytes are skipped before any work is
    sent. Inputs that fail are listed with a reason and the rest goes on.

    Example: `communique batch archive/ wires.jsonl --db news.db --workers 8`
    """
    from ...batch import BatchError, open_client, run_batch

    if scheduler and workers:
        fail("give --scheduler (an existing cluster) or --workers (a local one), not both")
    store = open_store(db, must_exist=False)
    show = console.is_terminal and not as_json
    try:
        with open_client(scheduler, workers, timeout=connect_timeout) as client:
            if show:
                console.print(f"[dim]{len(client.nthreads())} Dask workers at {client.scheduler.address}[/]")
            with _progress(inputs, show) as advance:
                summary = run_batch(store, inputs, client, partition_size=partition_size,
                                    analyse=not no_analysis, on_item=advance)
    except BatchError as exc:
        fail(str(exc), 2)
    if as_json:
        emit_json(summary.as_dict())
    else:
        print_summary(summary)
        console.print(f"{summary.partitions} partitions on {len(summary.workers)} workers: "
                      f"{summary.worker_seconds:.1f} s of extraction and analysis there, "
                      f"{summary.save_seconds:.1f} s of linking and saving here")
    if summary.failed and not summary.new and not summary.unchanged:
        raise typer.Exit(1)


class _progress:
    """A progress bar over the input files (as `ingest` shows), or nothing."""

    def __init__(self, inputs: list[str], show: bool):
        self.inputs, self.show, self.bar = inputs, show, None

    def __enter__(self):
        if not self.show:
            return None
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

        from ...ingest.sources import count_inputs

        self.bar = Progress(TextColumn("[progress.description]{task.description}"), BarColumn(),
                            MofNCompleteColumn(), TimeElapsedColumn(), console=console, transient=True)
        self.bar.__enter__()
        task = self.bar.add_task("batch", total=count_inputs(self.inputs))
        return lambda _source: self.bar.advance(task)

    def __exit__(self, *exc):
        if self.bar is not None:
            self.bar.__exit__(*exc)
