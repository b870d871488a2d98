"""`communique brief`, `timeline` and `search`: what an analyst reads."""
from __future__ import annotations

from dataclasses import asdict
from pathlib import Path
from typing import Optional

import typer
from rich.markup import escape
from rich.table import Table

from ..cli import DbOption, JsonOption, actor_namer, app, console, emit_json, fail, open_store


@app.command()
def brief(
    story_id: str = typer.Argument(..., help="Story id (see `communique stories`)."),
    db: Optional[str] = DbOption,
    fmt: str = typer.Option("terminal", "--format", "-f", help="terminal, markdown, html or json."),
    out: Optional[Path] = typer.Option(None, "--out", "-o", help="Write to this file instead of the terminal."),
):
    """A cited brief of one story: Why it matters, The big picture, What they're saying,
    Key points, Go deeper. Every line cites the article and sentence it rests on.

    Example: `communique brief s1a2b3c4d5e6f7a8 --db news.db -f markdown -o brief.md`
    """
    from ..brief import build_brief
    from ..brief_render import to_dict, to_html, to_markdown, to_rich

    store = open_store(db)
    try:
        b = build_brief(store, story_id)
    except KeyError:
        fail(f"no story {story_id!r} in {store.path} (list them with `communique stories`)", 2)
    if fmt == "terminal" and out is None:
        to_rich(b, console)
        return
    render = {"markdown": to_markdown, "md": to_markdown, "html": to_html, "json": None, "terminal": to_markdown}
    if fmt not in render:
        fail(f"unknown format {fmt!r} (terminal, markdown, html or json)")
    if fmt == "json":
        import json
        text = json.dumps(to_dict(b), ensure_ascii=False, indent=2)
    else:
        text = render[fmt](b)
    if out:
        out.write_text(text, encoding="utf-8")
        console.print(f"wrote {out}")
    else:
        typer.echo(text)


def _pair(value: Optional[str]) -> tuple[str, str] | None:
    if not value:
        return None
    parts = value.upper().split(":")
    if len(parts) != 2 or not all(len(p) == 3 and p.isalpha() for p in parts):
        fail(f"--pair takes two country codes like IRN:IRQ, not {value!r}")
    return parts[0], parts[1]


@app.command()
def timeline(
    pair: Optional[str] = typer.Option(None, "--pair", help="Two country codes, e.g. IRN:IRQ."),
    actor: Optional[str] = typer.Option(None, "--actor", help="An actor id or name (on either side)."),
    since: Optional[str] = typer.Option(None, "--since", help="YYYY, YYYY-MM or YYYY-MM-DD"),
    until: Optional[str] = typer.Option(None, "--until", help="YYYY, YYYY-MM or YYYY-MM-DD"),
    state_only: bool = typer.Option(False, "--state-only", help="--pair: the two states themselves, not their "
                                    "officials and bodies."),
    plot_path: Optional[Path] = typer.Option(None, "--plot", help="Also draw cooperation/conflict over time (.png or .svg)."),
    period: str = typer.Option("auto", "--period", help="Bars per month, quarter or year; auto: as the web chart."),
    wide: bool = typer.Option(False, "--wide", help="Show every column (needs ~140 columns)."),
    db: Optional[str] = DbOption,
    as_json: bool = JsonOption,
):
    """Events by date with their type, cooperation/conflict score and sources. The plot draws
    event counts by CAMEO quad class on a true time axis, as the web timeline does.

    Example: `communique timeline --pair IRN:IRQ --plot iran-iraq.png --db news.db`
    """
    from ..event_query import EventQuery, QueryError
    from ..timeline import plot, timeline as build

    store = open_store(db)
    actor_id = None
    if actor:
        found = store.actor(actor) or next(iter(store.actors(query=actor, limit=1)), None)
        if not found:
            fail(f"no actor matching {actor!r}", 2)
        actor_id = found.id
    if not pair and not actor_id:
        fail("give --pair IRN:IRQ or --actor NAME")
    if period not in ("auto", "month", "quarter", "year"):
        fail(f"--period {period!r}: auto, month, quarter or year")
    try:
        query = EventQuery.parse(pair=pair, party=actor_id, since=since, until=until, members=not state_only)
    except QueryError as exc:
        fail(f"--{exc}")
    rows = build(store, query)
    if plot_path:
        if plot_path.suffix.lower() not in (".png", ".svg"):
            fail("--plot needs a .png or .svg file name")
        plot(store, query, plot_path, title=f"Cooperation and conflict: {pair or actor}", period=period)
    if as_json:
        emit_json([asdict(r) for r in rows])
        return
    name = actor_namer(store)
    console.print(f"{len(rows)} {query.describe(name)}", highlight=False)
    table = Table("date", "type", "score", "parties", *(["sources"] if wide else []), "evidence")
    for r in rows:
        parties = ", ".join(map(name, r.actors)) + (" → " + ", ".join(map(name, r.recipients)) if r.recipients else "")
        table.add_row(r.date or "–", r.type, "" if r.goldstein is None else f"{r.goldstein:+.1f}", parties,
                      *([str(r.sources)] if wide else []),
                      escape(r.evidence if wide or len(r.evidence) <= 120 else r.evidence[:119].rstrip() + "…"))
    console.print(table)
    if plot_path:
        console.print(f"plot: {plot_path}")


@app.command()
def search(
    text: str = typer.Argument(..., help="Words to look for (SQLite FTS5 syntax allowed: \"exact phrase\", OR, NOT, prefix*)."),
    limit: int = typer.Option(10, "--limit", help="Results per kind."),
    db: Optional[str] = DbOption,
    as_json: bool = JsonOption,
):
    """Full-text search over articles, quotes and events.

    Example: `communique search "border security" --db news.db --json`
    """
    store = open_store(db)
    results = run_search(store, text, limit)
    if as_json:
        emit_json(results)
        return
    for kind, rows in results.items():
        table = Table("id", "match", title=f"{kind} ({len(rows)})", title_justify="left")
        for r in rows:
            table.add_row(r["id"], escape(r["snippet"]))
        console.print(table)


def run_search(store, text: str, limit: int = 10) -> dict[str, list[dict]]:
    articles = [{"id": r["article_id"], "snippet": r["snippet"]} for r in store.search_articles(text, limit)]
    quotes = [{"id": q.id, "snippet": f"{q.speaker_name or '?'}: {q.text[:160]}", "article_id": q.article_id}
              for q in store.quotes(about=text, limit=limit)]
    events = [{"id": e.id, "snippet": f"{e.type}: {e.evidence[0].text[:160] if e.evidence else ''}"}
              for e in store.search_events(text, limit)]
    return {"articles": articles, "quotes": quotes, "events": events}
