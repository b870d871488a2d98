"""`communique actors`, `communique actor`, `communique kb add|refresh|path`: who the
articles name, and extending the knowledge base they are resolved against."""
from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path
from typing import Optional

import typer
from rich.table import Table

from ..cli import DbOption, JsonOption, app, console, emit_json, fail, open_store

KINDS = ("person", "state", "organization", "group")


def _kb():
    from ...analyse.actor_kb import with_user_files

    return with_user_files()


def _actor_row(actor, store=None) -> dict:
    row = {"id": actor.id, "name": actor.name, "kind": actor.kind, "country": actor.country,
           "sector": actor.sector, "aliases": list(actor.aliases), "origin": getattr(actor, "origin", "kb")}
    if store is not None:
        mentions = store.mentions(actor_id=actor.id)
        row["mentions"] = len(mentions)
        row["articles"] = len({m.article_id for m in mentions})
    return row


@app.command("actors")
def list_actors(
    query: Optional[str] = typer.Argument(None, help="Part of a name, alias or id to search for."),
    country: Optional[str] = typer.Option(None, "--country", help="Only actors of this state (alpha-3, e.g. IRQ)."),
    kind: Optional[str] = typer.Option(None, "--kind", help="person, state, organization or group."),
    kb: bool = typer.Option(False, "--kb", help="Search the knowledge base instead of the store."),
    limit: int = typer.Option(50, "--limit", min=1, help="At most this many rows."),
    db: Optional[str] = DbOption,
    as_json: bool = JsonOption,
):
    """List and search the actors that stored articles mention, most mentioned first.

    Example: `communique actors araghchi --db news.db`  ·  `communique actors --country IRQ --kind person --json`
    """
    if kind and kind not in KINDS:
        fail(f"unknown kind {kind!r}; use one of {', '.join(KINDS)}")
    if kb:
        rows = _search_kb(query, country, kind)[:limit]
    else:
        store = open_store(db)
        rows = [_actor_row(a, store) for a in store.actors(query=query, country=country, kind=kind,
                                                            mentioned_only=True, limit=limit)]
        if query and not rows:  # a spelling the store lacks: the KB knows the canonical name
            ids = {r.id for r in _kb().lookup(query)} | {r.id for r in _kb().lookup_surname(query)}
            found = [store.actor(i) for i in ids]
            rows = [_actor_row(a, store) for a in found if a is not None and (not kind or a.kind == kind)
                    and (not country or a.country == country.upper())]
    if as_json:
        emit_json(rows)
        return
    if not rows:
        console.print("no actors match")
        return
    table = Table("id", "name", "kind", "country", "sector", *(("mentions", "articles") if not kb else ()),
                  title="Actors", title_justify="left")
    for r in rows:
        extra = (str(r["mentions"]), str(r["articles"])) if not kb else ()
        table.add_row(r["id"], r["name"], r["kind"], r["country"] or "–", r["sector"] or "–", *extra)
    console.print(table)


def _search_kb(query: str | None, country: str | None, kind: str | None) -> list[dict]:
    from ...knowledge.kb import normalise

    key = normalise(query) if query else ""
    rows = []
    for rec in _kb():
        if kind and rec.kind != kind or country and rec.country != country.upper():
            continue
        if key and key not in rec.id.lower() and not any(key in normalise(n) for n in rec.names):
            continue
        row = _actor_row(rec.to_actor())
        row["origin"] = rec.origin
        rows.append(row)
    return rows


def _find(store, name_or_id: str):
    """The stored actor a name or id means: the id, a KB name or alias, else a unique match."""
    from ...knowledge.kb import normalise

    actor = store.actor(name_or_id)
    if actor is not None:
        return actor
    kb = _kb()
    for rec in kb.lookup(name_or_id) or kb.lookup_surname(name_or_id):
        actor = store.actor(rec.id)
        if actor is not None:
            return actor
    found = store.actors(query=name_or_id, limit=20)
    exact = [a for a in found if normalise(name_or_id) in {normalise(n) for n in [a.name, *a.aliases]}]
    if len(exact) == 1 or len(found) == 1:
        return (exact or found)[0]
    if found:
        fail(f"{name_or_id!r} matches {len(found)} actors: " + ", ".join(f"{a.id} ({a.name})" for a in found[:8])
             + "; give an id")
    for rec in kb.lookup(name_or_id):  # known to the KB, mentioned by no stored article
        return rec.to_actor()
    if kb.get(name_or_id) is not None:
        return kb.get(name_or_id).to_actor()
    return None


@app.command("actor")
def show_actor(
    name_or_id: str = typer.Argument(..., help="An actor id (IRN, per.abbas-araghchi) or a name as articles write it."),
    db: Optional[str] = DbOption,
    as_json: bool = JsonOption,
):
    """One actor: roles over time, aliases, and the articles that mention it with the words used.

    Example: `communique actor "Fuad Hussein" --db news.db`  ·  `communique actor IRQ --json`
    """
    store = open_store(db)
    actor = _find(store, name_or_id)
    if actor is None:
        fail(f"no actor matches {name_or_id!r}; try `communique actors {name_or_id.split()[-1]}`")
    by_article: dict[str, list] = defaultdict(list)
    for m in store.mentions(actor_id=actor.id):
        by_article[m.article_id].append(m)
    articles = []
    for article_id, mentions in by_article.items():
        a = store.article(article_id)
        words: dict[str, int] = {}
        for m in mentions:
            words[m.text] = words.get(m.text, 0) + 1
        articles.append({
            "id": article_id, "title": a.title if a else None, "published": a.published if a else None,
            "words": [{"text": w, "count": n} for w, n in words.items()],
            "role_titles": sorted({m.role_title for m in mentions if m.role_title}),
            "role_conflicts": sorted({m.role_conflict for m in mentions if m.role_conflict}),
        })
    articles.sort(key=lambda r: (r["published"] or "", r["id"]), reverse=True)
    roles = sorted(actor.roles, key=lambda r: (r.start or "", r.end or "9999"))
    data = {**_actor_row(actor), "roles": [{"title": r.title, "key": r.key, "country": r.country,
                                            "start": r.start, "end": r.end} for r in roles],
            "articles": articles}
    if as_json:
        emit_json(data)
        return
    console.print(f"[bold]{actor.name}[/]  {actor.id} · {actor.kind} · {actor.country or '–'} · "
                  f"{actor.sector or '–'} · {data['origin']}", highlight=False)
    if actor.aliases:
        console.print("aliases: " + ", ".join(actor.aliases), highlight=False)
    if roles:
        table = Table("from", "to", "title", "country", title="Roles", title_justify="left")
        for r in roles:
            table.add_row(r.start or "?", r.end or "", r.title, r.country or "–")
        console.print(table)
    if not articles:
        console.print("mentioned by no stored article")
        return
    table = Table("article", "published", "words used", "role given", "title", title="Mentions",
                  title_justify="left")
    for r in articles:
        role = "; ".join(r["role_titles"]) + (" [red](conflicts with KB)[/]" if r["role_conflicts"] else "")
        table.add_row(r["id"], r["published"] or "–", ", ".join(f"{w['text']} ×{w['count']}" for w in r["words"]),
                      role, r["title"] or "")
    console.print(table)
    for r in articles:
        for c in r["role_conflicts"]:
            console.print(f"[red]conflict[/] {r['id']}: {c}", highlight=False)


# --------------------------------------------------------------------------- kb

kb_app = typer.Typer(help="Extend the actor knowledge base with your own records or a Wikidata refresh.",
                     no_args_is_help=True)
app.add_typer(kb_app, name="kb")


@kb_app.command("add")
def kb_add(
    file: Path = typer.Argument(..., help="A .json, .jsonl or .csv file of actor records "
                                "(schema: knowledge/data/README.md)."),
    as_json: bool = JsonOption,
):
    """Validate a file of actor records and add them to your knowledge base.

    Records with an id already in your additions replace them; a packaged id gains the new
    aliases and roles. Kept in $COMMUNIQUE_HOME/kb (default ~/.local/share/communique/kb) and
    used by every later ingest. Re-ingest articles to resolve them again.

    Example: `communique kb add my-officials.csv`
    """
    from ...analyse.actor_kb import user_kb_dir
    from ...knowledge.kb import KnowledgeError, default_kb, load_user_file, save_user_records

    if not file.exists():
        fail(f"no file at {file}")
    try:
        records = load_user_file(file, known_countries=default_kb().state_ids)
        if not records:
            fail(f"{file}: no records")
        dest = save_user_records(records, user_kb_dir())
    except KnowledgeError as exc:
        fail(str(exc))
    result = {"added": len(records), "file": str(dest), "ids": [r["id"] for r in records]}
    if as_json:
        emit_json(result)
    else:
        console.print(f"[bold]{len(records)}[/] records added to {dest}", highlight=False)


@kb_app.command("path")
def kb_path():
    """Print the folder that holds your knowledge-base additions.

    Example: `communique kb path`
    """
    from ...analyse.actor_kb import user_kb_dir

    console.print(str(user_kb_dir()), highlight=False)


@kb_app.command("refresh")
def kb_refresh(
    positions: Path = typer.Option(..., "--positions", help="JSON or CSV of offices to ask for: qid, key, country, "
                                   "sector, title (one Wikidata position item per row)."),
    endpoint: str = typer.Option("https://query.wikidata.org/sparql", "--endpoint",
                                 help="SPARQL endpoint; Wikidata's by default."),
    since: str = typer.Option("2015-01-01", "--since", help="Skip terms that ended before this day."),
    dry_run: bool = typer.Option(False, "--dry-run", help="Fetch and show, but save nothing."),
    show_query: bool = typer.Option(False, "--show-query", help="Print the SPARQL query and stop."),
    as_json: bool = JsonOption,
):
    """Refresh office-holders from Wikidata ("position held", P39, with start and end dates).

    Asks ENDPOINT for everyone who held the given positions, turns each answer row into a dated
    role and saves the people to your knowledge base (wikidata.jsonl beside `kb add` files).
    The endpoint is any SPARQL service speaking application/sparql-results+json.

    Example: `communique kb refresh --positions offices.csv --endpoint https://query.wikidata.org/sparql`
    """
    from ...analyse.actor_kb import user_kb_dir
    from ...knowledge.kb import KnowledgeError, save_user_records
    from ...knowledge import wikidata

    try:
        wanted = _read_positions(positions, wikidata.Position)
    except (OSError, ValueError, KeyError, TypeError) as exc:
        fail(f"{positions}: {exc}")
    query = wikidata.build_query(wanted, since=since)
    if show_query:
        console.print(query, highlight=False, markup=False)
        return
    try:
        from urllib.parse import urlparse

        local = urlparse(endpoint).hostname in ("127.0.0.1", "localhost", "::1")
        result = wikidata.fetch(endpoint, query, trust_env=not local)  # no proxy for a local endpoint
        records = wikidata.to_records(result, wanted)
    except Exception as exc:  # transport, HTTP status or a body that is not SPARQL JSON
        fail(f"{endpoint}: {exc.__class__.__name__}: {exc}")
    dest = None
    if not dry_run and records:
        try:
            dest = save_user_records(records, user_kb_dir(), filename="wikidata.jsonl")
        except KnowledgeError as exc:
            fail(str(exc))
    out = {"people": len(records), "roles": sum(len(r["roles"]) for r in records),
           "file": str(dest) if dest else None, "ids": [r["id"] for r in records]}
    if as_json:
        emit_json(out)
    else:
        where = f" saved to {dest}" if dest else (" (dry run: nothing saved)" if dry_run else "")
        console.print(f"[bold]{out['people']}[/] people, {out['roles']} roles{where}", highlight=False)


def _read_positions(path: Path, position_cls) -> list:
    import csv

    text = path.read_text(encoding="utf-8-sig")
    if path.suffix.lower() == ".csv":
        rows = list(csv.DictReader(text.splitlines()))
    else:
        data = json.loads(text)
        rows = data.get("positions", data) if isinstance(data, dict) else data
    out = []
    for row in rows:
        out.append(position_cls(qid=row["qid"].strip(), key=row["key"].strip(), country=row["country"].strip(),
                                sector=(row.get("sector") or "GOV").strip(), title=(row.get("title") or None)))
    if not out:
        raise ValueError("no positions")
    return out
