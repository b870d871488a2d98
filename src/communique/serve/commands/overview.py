"""`communique info`: what a store holds, at a glance (also printed by `demo`)."""
from __future__ import annotations

from typing import Optional

from rich.markup import escape
from rich.table import Table

from ..cli import DbOption, JsonOption, actor_namer, app, console, emit_json, open_store


def counts(store) -> dict:
    """What the store holds; events counted as everywhere else (serve/event_query.py), with the
    number stored beside it."""
    from ..event_query import EventQuery

    c = store.counts()
    c["events stored"] = c.pop("events")
    c["events"] = store.count_events(**EventQuery().store_filters())
    return c


def print_overview(store, limit: int = 12) -> None:
    from ..event_query import EventQuery

    c = counts(store)
    console.print(" · ".join(f"[bold]{c[k]}[/] {k}" for k in ("articles", "stories", "actors", "events", "quotes")))
    console.print(f"events: {EventQuery().describe()}; {c['events stored']} stored in all", highlight=False)
    table = Table("story", "articles", "dates", "title", title="Stories", title_justify="left")
    for s in store.stories(limit=limit):
        dates = s.first_date or "?"
        if s.last_date and s.last_date != s.first_date:
            dates += f" → {s.last_date}"
        table.add_row(s.id, str(len(s.article_ids)), dates, escape(s.title or ""))
    console.print(table)
    events = store.events(limit=limit, **EventQuery().store_filters())
    if events:
        name = actor_namer(store)
        table = Table("date", "type", "actors", "recipients", "evidence", title="Events", title_justify="left")
        for e in events:
            table.add_row(e.date.value or "–", e.type, ", ".join(map(name, e.actors)),
                          ", ".join(map(name, e.recipients)), (e.evidence[0].text[:90] + "…") if e.evidence else "")
        console.print(table)


@app.command()
def info(db: Optional[str] = DbOption, as_json: bool = JsonOption):
    """Counts of what the store holds and its newest stories.

    Example: `communique info --db news.db --json`
    """
    store = open_store(db)
    if as_json:
        emit_json({"db": str(store.path), **counts(store)})
    else:
        console.print(f"store: {store.path}")
        print_overview(store)
