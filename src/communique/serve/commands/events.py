"""`communique events` (list and filter coded events) and `communique explain` (why an event
was coded as it was: the patterns and steps that fired, the evidence with its trigger, and the
reasoning behind its parties, date and place)."""
from __future__ import annotations

from typing import Optional

import typer
from rich.markup import escape
from rich.table import Table

from ..cli import DbOption, JsonOption, actor_namer, app, console, emit_json, fail, open_store


def _actor_id(store, value: str | None, option: str) -> str | None:
    """An actor id as given, or the one actor whose name matches."""
    if value is None:
        return None
    if store.actor(value) is not None:
        return value
    found = store.actors(query=value, limit=5)
    exact = [a for a in found if a.name.lower() == value.lower()]
    if len(exact) == 1 or len(found) == 1:
        return (exact or found)[0].id
    if not found:
        fail(f"{option}: no actor {value!r} in the store (try `communique actors --query {value}`)")
    fail(f"{option}: {value!r} matches several actors: " + ", ".join(f"{a.id} ({a.name})" for a in found))


def event_dict(e, name) -> dict:
    from ..export import event_row

    row = event_row(e)
    row["actor_names"] = [name(a) for a in e.actors]
    row["recipient_names"] = [name(a) for a in e.recipients]
    row["rule"] = e.rule
    return row


@app.command("events")
def events_command(
    db: Optional[str] = DbOption,
    actor: Optional[str] = typer.Option(None, "--actor", help="Acting party: an actor id (IRN, per.abbas-araghchi) or name."),
    recipient: Optional[str] = typer.Option(None, "--recipient", help="Receiving party: an actor id or name."),
    party: Optional[str] = typer.Option(None, "--party", help="A party on either side: an actor id or name."),
    pair: Optional[str] = typer.Option(None, "--pair", help="Two countries on either side, e.g. IRN:IRQ."),
    country: Optional[str] = typer.Option(None, "--country", help="A country on either side, e.g. IRQ."),
    state_only: bool = typer.Option(False, "--state-only", help="--country/--pair: the state itself only, "
                                    "not its officials and bodies."),
    type: Optional[str] = typer.Option(None, "--type", help="PLOVER event type, e.g. CONSULT, ACCUSE, ASSAULT."),
    quad: Optional[int] = typer.Option(None, "--quad", help="CAMEO quad class: 1 verbal cooperation, 2 material "
                                       "cooperation, 3 verbal conflict, 4 material conflict."),
    place: Optional[str] = typer.Option(None, "--place", help="Where: a place name, or a country code."),
    since: Optional[str] = typer.Option(None, "--since", help="On or after this date (YYYY, YYYY-MM or YYYY-MM-DD)."),
    until: Optional[str] = typer.Option(None, "--until", help="On or before this date (a month or year: all of it)."),
    story: Optional[str] = typer.Option(None, "--story", help="Only events reported in this story."),
    min_confidence: Optional[float] = typer.Option(None, "--min-confidence", help="Only events coded with at least "
                                                   "this confidence (0-1); events without a score pass."),
    include_all: bool = typer.Option(False, "--all", help="Also list negated, hypothetical and denied events."),
    asserted_only: bool = typer.Option(False, "--asserted-only", help="Leave out claims the report passes on."),
    sort: str = typer.Option("date", "--sort", help="date, -date, type, goldstein, -goldstein, -confidence, -reports."),
    limit: int = typer.Option(100, "--limit", min=1, help="At most this many events."),
    wide: bool = typer.Option(False, "--wide", help="One table row per event with every column (needs ~160 columns)."),
    as_json: bool = JsonOption,
):
    """List coded events, filtered by party, country, pair, type, quad class, place, date range,
    story or confidence. The count says what it counts (the same words as the web pages).

    Dated events come first, oldest first; undated ones follow.

    Example: `communique events --pair IRN:IRQ --type CONSULT --since 2025-01 --db news.db`
    """
    from ..event_query import EventQuery, QueryError

    store = open_store(db)
    if story and store.story(story) is None:
        fail(f"--story: no story {story!r} in the store (see `communique stories`)")
    try:
        query = EventQuery.parse(actor=_actor_id(store, actor, "--actor"),
                                 recipient=_actor_id(store, recipient, "--recipient"),
                                 party=_actor_id(store, party, "--party"), pair=pair, country=country,
                                 members=not state_only, type=type, quad=quad, place=place, since=since,
                                 until=until, story=story, min_confidence=min_confidence,
                                 mode="all" if include_all else "happened", asserted_only=asserted_only, sort=sort)
    except QueryError as exc:
        fail("--" + str(exc).replace("min_confidence", "min-confidence", 1))
    from ..listing import event_listing

    listing = event_listing(store, query, limit=limit)
    total, found = listing.total, listing.events
    name = actor_namer(store)
    if as_json:
        emit_json([event_dict(e, name) for e in found])
        return
    console.print(f"{total} {query.describe(name)}" + (f"; the first {len(found)} shown" if len(found) < total else ""),
                  highlight=False)
    if not found:
        return
    if wide:
        print_event_table(found, name)
    else:
        print_event_blocks(found, name)


def _when(e) -> str:
    if not e.date.value:
        return "undated"
    return e.date.value + (f" ~{e.date.precision}" if e.date.precision not in (None, "day") else "")


def _flags(e) -> str:
    return "".join(f" ({w})" for w, on in (("negated", e.negated), ("hypothetical", e.hypothetical),
                                          (e.status, e.status != "asserted")) if on)


def print_event_blocks(found, name) -> None:
    """Two or three lines per event that read at any width (80 columns included): the id in full,
    date, type and parties, then the evidence, wrapped under them."""
    from rich.padding import Padding
    from rich.text import Text

    for e in found:
        head = Text()
        head.append(e.id, style="bold")
        head.append(f"  {_when(e)}  ")
        head.append(f"{e.type}{'/' + e.mode if e.mode else ''}{_flags(e)}", style="bold cyan")
        if e.cameo:
            head.append(f"  CAMEO {e.cameo}")
        console.print(head, highlight=False)
        who = ", ".join(map(name, e.actors)) + (" → " + ", ".join(map(name, e.recipients)) if e.recipients else "")
        where = (e.location.name + (f" ({e.location.country})" if e.location.country else "")) if e.location else ""
        extra = [x for x in (where, f"{len(e.article_ids)} report{'s' if len(e.article_ids) != 1 else ''}",
                             None if e.confidence is None else f"confidence {e.confidence:.2f}") if x]
        console.print(Padding(Text(who + ("  · " + " · ".join(extra) if extra else "")), (0, 0, 0, 2)),
                      highlight=False)
        if e.evidence:
            console.print(Padding(Text("“" + " ".join(e.evidence[0].text.split()) + "”", style="dim"), (0, 0, 0, 2)),
                          highlight=False)


def print_event_table(found, name) -> None:
    table = Table(title_justify="left")
    for col, kw in (("id", {"no_wrap": True}), ("date", {"no_wrap": True}), ("type", {"no_wrap": True}),
                    ("cameo", {"no_wrap": True}), ("actors", {"max_width": 28}), ("recipients", {"max_width": 28}),
                    ("where", {"no_wrap": True}), ("n", {"justify": "right"}), ("conf", {"justify": "right"}),
                    ("evidence", {"min_width": 30})):
        table.add_column(col, **kw)
    for e in found:
        table.add_row(e.id, _when(e), f"{e.type}{'/' + e.mode if e.mode else ''}{_flags(e)}", e.cameo or "",
                      escape(", ".join(map(name, e.actors))), escape(", ".join(map(name, e.recipients))),
                      escape(e.location.country or e.location.name) if e.location else "", str(len(e.article_ids)),
                      "" if e.confidence is None else f"{e.confidence:.2f}",
                      escape(e.evidence[0].text if e.evidence else ""))
    console.print(table)


def explanation(store, event) -> dict:
    """Everything `explain` shows, as plain data (also its --json output)."""
    from ...knowledge.ontology import cameo_description

    f = event.features or {}
    reports = f.get("reports") or [{"article_id": event.evidence[0].article_id if event.evidence else None,
                                    "rule": event.rule, "cameo": event.cameo, "trigger": f.get("trigger"),
                                    "steps": f.get("steps"), "date_reason": f.get("date_reason"),
                                    "location_reason": f.get("location_reason"), "actors": f.get("actors"),
                                    "recipients": f.get("recipients")}]
    name = actor_namer(store)
    evidence = []
    for span in event.evidence:
        report = next((r for r in reports if r.get("article_id") == span.article_id
                       and (r.get("trigger") or {}).get("start", -1) in range(span.start, span.end + 1)), None)
        report = report or next((r for r in reports if r.get("article_id") == span.article_id), {})
        trig = report.get("trigger") or {}
        rel = None
        if trig.get("start") is not None and span.start <= trig["start"] < span.end:
            rel = [trig["start"] - span.start, trig["end"] - span.start]
        article = store.article(span.article_id) if hasattr(store, "article") else None
        evidence.append({"article_id": span.article_id, "outlet": getattr(article, "outlet", None),
                         "published": getattr(article, "published", None), "text": span.text, "trigger": rel,
                         "trigger_text": trig.get("text"), "rule": report.get("rule"), "steps": report.get("steps")})
    return {
        "id": event.id, "type": event.type, "mode": event.mode, "cameo": event.cameo,
        "cameo_description": cameo_description(event.cameo or ""), "goldstein": event.goldstein,
        "negated": event.negated, "hypothetical": event.hypothetical, "modality": f.get("modality") or [],
        "rule": event.rule, "patterns": f.get("patterns") or [], "pattern_lines": f.get("pattern_lines") or [],
        "steps": f.get("steps") or [],
        "actors": [{"id": a, "name": name(a)} for a in event.actors],
        "recipients": [{"id": a, "name": name(a)} for a in event.recipients],
        "party_reasons": {"actors": f.get("actors") or [], "recipients": f.get("recipients") or []},
        "slots": f.get("slots") or {},
        "date": {"value": event.date.value, "precision": event.date.precision, "source": event.date.source,
                 "phrase": event.date.phrase, "reason": f.get("date_reason")},
        "location": {"name": event.location.name, "country": event.location.country} if event.location else None,
        "location_reason": f.get("location_reason"),
        "evidence": evidence,
        "reports": len(reports),
    }


def _highlight(text: str, span: list[int] | None) -> str:
    if not span:
        return escape(text)
    a, b = span
    # Brackets as well as the style, so the trigger shows in plain output too.
    return escape(text[:a]) + "[bold reverse]⟦" + escape(text[a:b]) + "⟧[/]" + escape(text[b:])


@app.command("explain")
def explain_command(
    event_id: str = typer.Argument(..., help="An event id from `communique events`."),
    db: Optional[str] = DbOption,
    as_json: bool = JsonOption,
):
    """Why an event was coded as it was: the lexicon patterns and steps that fired, each evidence
    sentence with its trigger highlighted, how its parties were found, and how its date and
    place were reasoned.

    Example: `communique explain ev3759da0eb31c39e2 --db news.db`
    """
    store = open_store(db)
    event = store.event(event_id)
    if event is None:
        fail(f"no event {event_id!r} in the store (see `communique events`)")
    info = explanation(store, event)
    if as_json:
        emit_json(info)
        return
    flags = [w for w, on in (("negated", event.negated), ("hypothetical", event.hypothetical)) if on]
    console.print(f"[bold]{event.id}[/]  {event.type}{'/' + event.mode if event.mode else ''}  "
                  f"CAMEO {event.cameo} ({escape(info['cameo_description'])})  Goldstein {event.goldstein}"
                  + (f"  [red]{', '.join(flags)}[/]" if flags else ""))
    def who(parties: list[dict]) -> str:
        return ", ".join(f"{p['name']} ({p['id']})" for p in parties) or "–"

    console.print(f"actors: {escape(who(info['actors']))}   recipients: {escape(who(info['recipients']))}")
    console.print("\n[bold]rule[/]")
    for pattern, line in zip(info["patterns"], info["pattern_lines"] or [None] * len(info["patterns"])):
        console.print(f"  pattern {escape(pattern)}" + (f"  (lexicon.txt line {line})" if line else ""))
    for step in info["steps"]:
        console.print(f"  · {escape(step)}")
    for note in info["modality"]:
        console.print(f"  · {escape(note)}")
    console.print("\n[bold]parties[/]")
    slots = info["slots"]
    if slots:
        console.print(f"  form: {escape(slots.get('form', ''))}   agent ← {escape(slots.get('agent', '–'))}"
                      f"   patient ← {escape(slots.get('patient', '–'))}")
    for side in ("actors", "recipients"):
        for p in info["party_reasons"][side]:
            console.print(f"  {side[:-1]}: {escape(p.get('text', ''))!s} → {p.get('actor_id')} ({p.get('method')})")
    console.print(f"\n[bold]evidence[/] ({len(info['evidence'])} sentence(s), {len(event.article_ids)} article(s))")
    for ev in info["evidence"]:
        meta = " · ".join(x for x in (ev["article_id"], ev["outlet"], ev["published"]) if x)
        console.print(f"  [dim]{escape(meta)}[/]")
        console.print(f"  {_highlight(ev['text'], ev['trigger'])}")
        if ev.get("rule") and ev["rule"] != event.rule:
            console.print(f"  [dim]coded by {escape(ev['rule'])}[/]")
    d = info["date"]
    console.print("\n[bold]date[/]: " + (f"{d['value']} ({d['precision']}, from {d['source']})" if d["value"]
                                        else "unknown") + f"\n  {escape(d['reason'] or '')}")
    loc = info["location"]
    console.print("[bold]location[/]: " + (f"{loc['name']} ({loc['country'] or '?'})" if loc else "unknown")
                  + f"\n  {escape(info['location_reason'] or '')}")
