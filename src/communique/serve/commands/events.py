"""`communique events` (list and filter coded events) and `communique explain` (why an event
was coded as it was: the patterns and steps that fired, the evidence with its trigger, and the
reasoning behind its parties, date and place)."""
from __future__ import annotations

import re
from typing import Optional

import typer
from rich.markup import escape
from rich.table import Table

from ..cli import DbOption, JsonOption, actor_namer, app, console, emit_json, fail, open_store

_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


def _check_date(value: str | None, option: str, end: bool = False) -> str | None:
    """YYYY, YYYY-MM or YYYY-MM-DD; a partial --until covers its whole month or year."""
    if value is None:
        return None
    if not _DATE.match(value):
        fail(f"{option} {value!r} is not a date (YYYY, YYYY-MM or YYYY-MM-DD)")
    if end and len(value) < 10:
        value += "-12-31" if len(value) == 4 else "-31"
    return value


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
    pair: Optional[str] = typer.Option(None, "--pair", help="Two countries on either side, e.g. IRN:IRQ."),
    type: Optional[str] = typer.Option(None, "--type", help="PLOVER event type, e.g. CONSULT, ACCUSE, ASSAULT."),
    since: Optional[str] = typer.Option(None, "--since", help="On or after this date (YYYY, YYYY-MM or YYYY-MM-DD)."),
    until: Optional[str] = typer.Option(None, "--until", help="On or before this date."),
    story: Optional[str] = typer.Option(None, "--story", help="Only events reported in this story."),
    include_all: bool = typer.Option(False, "--all", help="Also list negated and hypothetical events."),
    limit: int = typer.Option(100, "--limit", min=1, help="At most this many events."),
    as_json: bool = JsonOption,
):
    """List coded events, filtered by party, country pair, type, date range or story.

    Dated events come first, oldest first; undated ones follow.

    Example: `communique events --pair IRN:IRQ --type CONSULT --since 2025-01 --db news.db`
    """
    from ...knowledge.ontology import PLOVER_TYPES

    store = open_store(db)
    if type and type.upper() not in PLOVER_TYPES:
        fail(f"--type {type!r} is not a PLOVER type ({', '.join(PLOVER_TYPES)})")
    pair_codes = None
    if pair:
        parts = pair.upper().split(":")
        if len(parts) != 2 or not all(re.fullmatch(r"[A-Z]{3}", p) for p in parts):
            fail(f"--pair {pair!r} should be two ISO alpha-3 codes, e.g. IRN:IRQ")
        pair_codes = (parts[0], parts[1])
    if story and store.story(story) is None:
        fail(f"--story: no story {story!r} in the store (see `communique stories`)")
    found = store.events(actor=_actor_id(store, actor, "--actor"), recipient=_actor_id(store, recipient, "--recipient"),
                         pair=pair_codes, type=type.upper() if type else None, since=_check_date(since, "--since"),
                         until=_check_date(until, "--until", end=True), story_id=story)
    if not include_all:
        found = [e for e in found if not e.negated and not e.hypothetical]
    found = found[:limit]
    name = actor_namer(store)
    if as_json:
        emit_json([event_dict(e, name) for e in found])
        return
    if not found:
        console.print("no events match")
        return
    table = Table(title=f"{len(found)} events", title_justify="left")
    table.add_column("id", no_wrap=True)
    table.add_column("date", no_wrap=True)
    table.add_column("type", no_wrap=True)
    table.add_column("cameo", no_wrap=True)
    table.add_column("actors", max_width=28)
    table.add_column("recipients", max_width=28)
    table.add_column("where", no_wrap=True)
    table.add_column("n", justify="right")
    table.add_column("evidence", no_wrap=True, overflow="ellipsis", max_width=60)
    for e in found:
        flags = " (negated)" if e.negated else " (hypothetical)" if e.hypothetical else ""
        when = f"{e.date.value}" + (f" ~{e.date.precision}" if e.date.precision not in (None, "day") else "") \
            if e.date.value else "–"
        table.add_row(e.id, when, f"{e.type}{'/' + e.mode if e.mode else ''}{flags}", e.cameo or "",
                      ", ".join(map(name, e.actors)), ", ".join(map(name, e.recipients)),
                      e.location.country or e.location.name if e.location else "", str(len(e.article_ids)),
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
