"""`communique stories`, `communique story ID`, `communique restory`: the real-world events
the articles report, how the reports of one event relate, and rebuilding the grouping."""
from __future__ import annotations

from dataclasses import asdict
from typing import Optional

import typer
from rich.markup import escape
from rich.table import Table

from ..cli import DbOption, JsonOption, actor_namer, app, console, emit_json, fail, open_store


def _dates(first: str | None, last: str | None) -> str:
    if not first:
        return "undated"
    return first if not last or last == first else f"{first} → {last}"


def _story_row(store, story) -> dict:
    from ...link.provenance import story_provenance

    prov = story_provenance(store, story.id)
    return {"id": story.id, "title": story.title, "first_date": story.first_date, "last_date": story.last_date,
            "articles": len(story.article_ids), "independent_sources": prov.independent_sources if prov else 0,
            "copies": prov.copies if prov else 0, "earliest": prov.earliest if prov else None,
            "article_ids": story.article_ids}


@app.command("stories")
def list_stories(
    limit: int = typer.Option(50, "--limit", min=1, help="At most this many stories."),
    offset: int = typer.Option(0, "--offset", min=0, help="Skip this many first."),
    min_articles: int = typer.Option(1, "--min-articles", min=1, help="Only stories with at least this many articles."),
    type: Optional[str] = typer.Option(None, "--type", help="Only stories reporting an event of this PLOVER type."),
    pair: Optional[str] = typer.Option(None, "--pair", help="... an event between these two countries (IRN:IRQ)."),
    country: Optional[str] = typer.Option(None, "--country", help="... an event with this country on either side."),
    state_only: bool = typer.Option(False, "--state-only", help="--country/--pair: the state itself, not its "
                                    "officials and bodies."),
    since: Optional[str] = typer.Option(None, "--since", help="... an event on or after this date."),
    until: Optional[str] = typer.Option(None, "--until", help="... an event on or before this date."),
    wide: bool = typer.Option(False, "--wide", help="Also the article count and countries (needs ~120 columns)."),
    db: Optional[str] = DbOption,
    as_json: bool = JsonOption,
):
    """Stories (one real-world event each), newest first, with their reports, independent sources,
    countries and event count; the event filters keep the stories reporting a matching event
    (the same filters as `communique events` and the web story list).

    Example: `communique stories --db news.db --min-articles 2`  ·  `communique stories --type ASSAULT --json`
    """
    from ..event_query import EventQuery, QueryError

    store = open_store(db)
    try:
        query = EventQuery.parse(type=type, pair=pair, country=country, members=not state_only, since=since,
                                 until=until)
    except QueryError as exc:
        fail(f"--{exc}")
    from ..listing import story_listing

    rows = []
    page = offset
    while len(rows) < limit:
        listing = story_listing(store, query, limit=max(limit, 100), offset=page)
        if not listing.ids:
            break
        page += len(listing.ids)
        for story in map(store.story, listing.ids):
            if len(story.article_ids) >= min_articles:
                rows.append(_story_row(store, story) | {"events": listing.event_counts.get(story.id, 0),
                                                        "countries": listing.countries.get(story.id, [])})
    rows = rows[:limit]
    if as_json:
        emit_json(rows)
        return
    console.print(f"{len(rows)} stories; events counted: {query.describe(actor_namer(store))}", highlight=False)
    table = Table(box=None, header_style="bold")
    table.add_column("story", no_wrap=True)
    table.add_column("dates", no_wrap=True)
    if wide:
        table.add_column("articles", justify="right")
    table.add_column("sources", justify="right")
    table.add_column("events", justify="right")
    if wide:
        table.add_column("countries")
    table.add_column("title", ratio=1, min_width=20)
    for r in rows:
        cells = [r["id"], _dates(r["first_date"], r["last_date"])] + ([str(r["articles"])] if wide else []) \
            + [str(r["independent_sources"]), str(r["events"])] \
            + ([", ".join(r["countries"][:6])] if wide else []) + [r["title"]]
        table.add_row(*cells)
    console.print(table)


@app.command("story")
def show_story(
    story_id: str = typer.Argument(..., help="A story id, from `communique stories`."),
    db: Optional[str] = DbOption,
    as_json: bool = JsonOption,
    why: bool = typer.Option(False, "--why", help="Why each report is in the story (shared parties, date, "
                             "place, similarity) and the nearest story it did not join."),
):
    """One story: its articles with outlet, date and how each relates to the others (earliest
    report, copies, rewrites, credits), and how many independent sources report it.

    Example: `communique story s3470f8811cae168 --db news.db --why`
    """
    from ...link.provenance import story_provenance
    from ...link.story_why import explain_story, related_stories

    store = open_store(db)
    story = store.story(story_id)
    prov = story_provenance(store, story_id) if story else None
    if story is None or prov is None:
        fail(f"no story {story_id!r} (list them with `communique stories`)", 2)
    if as_json:
        emit_json({"id": story.id, "title": story.title, "first_date": story.first_date,
                   "last_date": story.last_date, "earliest": prov.earliest,
                   "independent_sources": prov.independent_sources, "origins": prov.origins,
                   "copies": prov.copies, "rewrites": prov.rewrites,
                   "articles": [asdict(a) for a in prov.articles], "related": related_stories(store, story_id),
                   **({"why": explain_story(store, story_id).as_dict()["reports"]} if why else {})})
        return
    console.print(f"[bold]{escape(story.title or '')}[/]  ({story.id}, {_dates(story.first_date, story.last_date)})")
    console.print(f"{len(prov.articles)} articles · {prov.independent_sources} independent source(s): "
                  f"{', '.join(prov.origins)} · {prov.copies} copies · {prov.rewrites} rewrites")
    from ..sources import relation_text, source_label

    label = lambda article_id: source_label(store.article(article_id), title=False)  # noqa: E731
    table = Table("article", "date", "outlet", "relation", "title")
    for a in prov.articles:
        table.add_row(a.id, a.published or "–", a.outlet or "–", escape(relation_text(a, label)), escape(a.title or ""))
    console.print(table)
    for rel in related_stories(store, story_id):
        console.print(f"related: {rel['relation']} {rel['story']} {rel['title'] or ''}")
    if why:
        _print_why(explain_story(store, story_id))


def _print_why(why) -> None:
    for r in why.reports:
        console.print(f"[bold]{r.article_id}[/] {r.outlet or '–'} {r.published or 'undated'}: {r.joined}")
        if r.evidence is not None:
            console.print(f"    {r.evidence.summary()}")
        if r.nearest is not None:
            console.print(f"    nearest other story {r.nearest_story} (via {r.nearest_article}): "
                          f"{r.nearest.reason or 'same event'}; {r.nearest.summary()}")
        else:
            console.print("    no other story came near")


@app.command("restory")
def restory(
    db: Optional[str] = DbOption,
    as_json: bool = JsonOption,
):
    """Rebuild every story, copy, rewrite and preview link from scratch, from the features
    stored at link time, in date order: the result depends on the articles alone, not on the
    order they arrived in. Runs in one transaction: a failure keeps the old stories.

    Example: `communique restory --db news.db`
    """
    from ...link.stories import rebuild_stories

    store = open_store(db)
    before = store.count_stories()
    counts = rebuild_stories(store)
    result = {"articles": counts["articles"], "stories_before": before, "stories": counts["stories"]}
    if as_json:
        emit_json(result)
    else:
        console.print(f"rebuilt {result['stories']} stories from {result['articles']} articles "
                      f"(there were {before})")
