"""`communique reanalyse`: re-run the analysis where it is out of date and rebuild merges."""
from __future__ import annotations

from typing import Optional

import typer

from ..cli import DbOption, JsonOption, app, console, emit_json, open_store


@app.command()
def reanalyse(db: Optional[str] = DbOption, everything: bool = typer.Option(
        False, "--all", help="Analyse every article again, not only those analysed with older code, lexicon, "
                             "knowledge base or model."), as_json: bool = JsonOption):
    """Bring stored events up to date with the analysis as it is now, then merge every article's
    events again in one fixed order (publication date, then id), so the record does not depend on
    the order reports arrived in.

    Example: `communique reanalyse --db news.db`
    """
    from ...reanalyse import reanalyse as run

    store = open_store(db)
    summary = run(store, everything=everything)
    if as_json:
        emit_json(summary.as_dict())
        return
    console.print(f"{summary.articles} analysed articles; {len(summary.reanalysed)} analysed again; "
                  f"{summary.events} events after merging ({summary.seconds:.1f} s)")
    console.print(f"versions: {summary.versions}", highlight=False)
