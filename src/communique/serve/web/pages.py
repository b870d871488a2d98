"""The HTML pages: story list, story, article, actor list, actor, event, timeline, search, API.

Each route gathers records from the store into plain values and hands them to a template;
the templates decide nothing about escaping (Jinja's autoescape does it all).
"""
from __future__ import annotations

import hashlib
import re
from pathlib import Path
from urllib.parse import quote, urlencode

from fastapi import FastAPI, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, StreamingResponse
from jinja2 import Environment, FileSystemLoader, StrictUndefined

from .. import quads
from ..event_query import QUADS, SORTS, EventQuery, from_params
from ..export import EventCSV, event_row
from ..listing import event_listing, story_listing
from ..names import ActorNames
from ..sources import outlet_name, relations, source_label
from . import charts
from .highlight import Mark, segments, sentence_around

HERE = Path(__file__).parent
PAGE = 50
ENV = Environment(loader=FileSystemLoader(HERE / "templates"), autoescape=True, undefined=StrictUndefined,
                  trim_blocks=True, lstrip_blocks=True)
ENV.filters["q"] = lambda s: quote(str(s), safe="")  # one path segment: ids never break out of it
ENV.filters["http_url"] = lambda u: u if u and re.match(r"^https?://", u, re.I) else None  # no javascript: links
ENV.globals["side"] = charts.side
ENV.filters["plural"] = lambda n, word: f"{n} {word}" + ("" if n == 1 else "s")


def render(name: str, **context) -> str:
    return ENV.get_template(name).render(**context)


def page(name: str, **context) -> HTMLResponse:
    return HTMLResponse(render(name, **context))


def anchor_id(*parts) -> str:
    """An element id made of safe characters, the same wherever the same thing is cited."""
    return "c" + hashlib.sha1("\x1f".join(map(str, parts)).encode()).hexdigest()[:12]


def pager(total: int, offset: int, base: str, params: dict) -> dict:
    keep = {k: v for k, v in params.items() if v}
    link = lambda off: f"{base}?{urlencode({**keep, 'offset': off})}"  # noqa: E731
    return {"total": total, "first": offset + 1 if total else 0, "last": min(offset + PAGE, total),
            "prev": link(max(offset - PAGE, 0)) if offset > 0 else None,
            "next": link(offset + PAGE) if offset + PAGE < total else None}


def event_view(e, names: ActorNames) -> dict:
    """An event with its parties named, for lists."""
    return {"e": e, "actors": [(a, names(a)) for a in e.actors], "recipients": [(r, names(r)) for r in e.recipients],
            "side": charts.side(e.type, e.cameo), "quad": quads.QUAD_NAMES.get(quads.quad_of(e.type, e.cameo), "")}


def filter_form(query: EventQuery, names: ActorNames) -> dict:
    """The filter form's current values and choices (events page and story list share it)."""
    from ...knowledge.ontology import PLOVER_TYPES

    return {"q": query, "types": PLOVER_TYPES, "quads": QUADS, "sorts": SORTS,
            "pair": ":".join(query.pair) if query.pair else "",
            "actor_name": names(query.actor) if query.actor else "",
            "min_confidence": "" if query.min_confidence is None else f"{query.min_confidence:g}"}


def article_marks(store, article, events, quotes, names: ActorNames, brief_cites=()) -> list[Mark]:
    """What to highlight in one article: the sentences events and the brief cite, quotes, actor names."""
    sentences = store.sentences(article.id)
    marks = []
    for e in events:
        for s in e.evidence:
            if s.article_id != article.id:
                continue
            start, end = sentence_around(sentences, s.start, s.end)
            marks.append(Mark(start, end, "cite", anchor=anchor_id("ev", e.id, article.id, s.start),
                              title=f"{e.type}: " + ", ".join(map(names, e.actors))
                                    + (" → " + ", ".join(map(names, e.recipients)) if e.recipients else "")))
    for c in brief_cites:
        if c["article_id"] == article.id:
            marks.append(Mark(c["start"], c["end"], "cite", anchor=c["anchor"], title="cited in the brief"))
    for q in quotes:
        if q.article_id == article.id and not q.scare:
            marks.append(Mark(q.start, q.end, "quote", anchor=anchor_id("q", q.id),
                              title=f"quote: {q.speaker_name or names(q.speaker_id) or 'unknown speaker'}"))
    for m in store.mentions(article_id=article.id):
        marks.append(Mark(m.start, m.end, "mention", href=f"/actors/{quote(m.actor_id, safe='')}",
                          title=names(m.actor_id) + (f" ({m.role_conflict})" if m.role_conflict else "")))
    return marks


def story_relations(store, story_id: str | None) -> tuple[dict[str, list[dict]], dict[str, str]]:
    """({article id: badges}, {article id: label}) for a story, from link/provenance.py as the CLI's
    `story` command reads it, so both state each relation the same way round."""
    from ...link.provenance import story_provenance

    prov = story_provenance(store, story_id) if story_id else None
    if prov is None:
        return {}, {}
    labels: dict[str, str] = {}

    def label(article_id: str) -> str:
        if article_id not in labels:
            labels[article_id] = source_label(store.article(article_id))
        return labels[article_id]

    return relations(prov, label), labels


def normalise_brief(brief: dict | None) -> dict | None:
    """serve/brief.py's Brief, as plain data ({headline, sections: {name: [line]}, disagreements}) →
    {headline, sections: [{title, lines: [{text, kind, speaker, citations}]}]} for the template.
    Sections given as a list of {title, lines} are read too."""
    if not brief:
        return None
    def line_of(line) -> dict:
        if isinstance(line, str):
            line = {"text": line}
        cites = []
        for c in line.get("citations") or []:
            if isinstance(c, dict) and c.get("article_id") is not None and c.get("start") is not None:
                cites.append({"article_id": c["article_id"], "start": int(c["start"]),
                              "end": int(c.get("end") or c["start"]), "sentence": c.get("sentence") or "",
                              "outlet": c.get("outlet") or "", "anchor": anchor_id("brief", c["article_id"], c["start"])})
        return {"text": str(line.get("text") or ""), "kind": line.get("kind") or "claim",
                "speaker": line.get("speaker") or "", "citations": cites}
    raw = brief.get("sections") or {}
    pairs = raw.items() if isinstance(raw, dict) else [(s.get("title", ""), s.get("lines", [])) for s in raw
                                                        if isinstance(s, dict)]
    sections = [{"title": str(title), "lines": [line_of(x) for x in lines or []]} for title, lines in pairs]
    if brief.get("disagreements"):
        sections.append({"title": "Where the sources disagree", "lines": [line_of(x) for x in brief["disagreements"]]})
    headline = brief.get("headline")
    return {"headline": line_of(headline) if headline else None, "sections": [s for s in sections if s["lines"]]}


def register(app: FastAPI, store) -> None:
    from ..api import has_words, load_brief

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def stories_page(request: Request, offset: int = Query(0, ge=0, le=10**9)):
        query, problems = from_params(request.query_params)
        names = ActorNames(store)
        listing = story_listing(store, query, limit=PAGE, offset=offset)
        ids, total = listing.ids, listing.total
        stories = [store.story(i) for i in ids]
        sources = store.story_sources(ids)
        event_counts, countries = listing.event_counts, listing.countries
        counts = {"articles": store.count_articles(), "stories": store.count_stories(),
                  "actors": store.count_actors(), "events": store.count_events(**EventQuery().store_filters()),
                  "quotes": store.count_quotes()}
        return page("stories.html", title="Stories", stories=stories, sources=sources, counts=counts,
                    events_counted=EventQuery().describe(names), event_counts=event_counts, countries=countries,
                    main_events=listing.main_events,
                    form=filter_form(query, names), problems=problems, described=query.describe(names),
                    filtered=total != counts["stories"] or bool(query.params(mode="happened", sort="date")),
                    pager=pager(total, offset, "/", query.params()))

    @app.get("/events", response_class=HTMLResponse, include_in_schema=False)
    def events_page(request: Request, offset: int = Query(0, ge=0, le=10**9)):
        query, problems = from_params(request.query_params)
        names = ActorNames(store)
        listing = event_listing(store, query, limit=PAGE, offset=offset, facets=("type", "quad", "place"))
        events, total = listing.events, listing.total
        facets = {}
        for facet, key in (("type", "type"), ("quad", "quad"), ("place", "place")):
            values = listing.facets[facet]
            facets[facet] = [{"value": v, "n": n, "label": quads.QUAD_NAMES.get(v, "no quad class")
                              if facet == "quad" else (names(v) if facet == "place" else v),
                              "href": "/events?" + urlencode(query.params(**{key: v})),
                              "active": getattr(query, key) == v}
                             for v, n in values if v not in (None, "")][:20]
        sorts = {key: "/events?" + urlencode(query.params(sort=key)) for key in SORTS}
        return page("events.html", title="Events", rows=[event_view(e, names) for e in events], total=total,
                    described=query.describe(names), form=filter_form(query, names), facets=facets, sorts=sorts,
                    sort=query.sort, problems=problems, query_string=urlencode(query.params()),
                    pager=pager(total, offset, "/events", query.params()))

    def filtered_rows(request: Request) -> tuple[list[dict], EventQuery]:
        """Exactly the filtered view, every page of it, in the export's event columns."""
        query, problems = from_params(request.query_params)
        if problems:
            raise HTTPException(422, "; ".join(problems))
        events = store.events(**query.store_filters(), sort=query.sort, with_features=False)
        return [event_row(e) for e in events], query

    @app.get("/events.csv", include_in_schema=False)
    def events_csv(request: Request):
        """The filtered view as CSV, streamed 500 events at a time (a party's whole record runs to MBs)."""
        query, problems = from_params(request.query_params)
        if problems:
            raise HTTPException(422, "; ".join(problems))
        return StreamingResponse(iter(EventCSV(store, query)), media_type="text/csv; charset=utf-8",
                                 headers={"Content-Disposition": 'attachment; filename="events.csv"'})

    @app.get("/events.json", include_in_schema=False)
    def events_json(request: Request):
        rows, query = filtered_rows(request)
        return JSONResponse({"counts": query.describe(ActorNames(store)), "total": len(rows), "items": rows},
                            headers={"Content-Disposition": 'attachment; filename="events.json"'})

    @app.get("/stories/{story_id}", response_class=HTMLResponse, include_in_schema=False)
    def story_page(story_id: str):
        from ...link.story_why import related_stories
        story = store.story(story_id)
        if story is None:
            raise HTTPException(404, f"no story {story_id!r}")
        names = ActorNames(store)
        articles = list(store.iter_articles(story_id=story.id))
        events = store.events(story_id=story.id, limit=500, with_features=False)
        quotes = [q for q in store.quotes(story_id=story.id, limit=500)]
        brief = normalise_brief(load_brief(store, story.id))
        cites = [c for sec in (brief or {}).get("sections", []) for line in sec["lines"] for c in line["citations"]]
        badges, _ = story_relations(store, story.id)
        titles = {a.id: f"{outlet_name(a)} ({a.published or 'undated'})" for a in articles}
        columns = [{"a": a, "badges": badges.get(a.id, []), "label": source_label(a),
                    "segments": segments(a.text, article_marks(store, a, events, quotes, names, cites))}
                   for a in articles]
        ev_views = []
        for e in events:
            v = event_view(e, names)
            v["cites"] = [(titles.get(s.article_id, s.article_id), anchor_id("ev", e.id, s.article_id, s.start))
                          for s in e.evidence if s.article_id in titles]
            ev_views.append(v)
        sources = store.story_sources([story.id]).get(story.id, {"articles": 0, "outlets": 0, "independent": 0})
        return page("story.html", title=story.title, story=story, sources=sources, brief=brief, events=ev_views,
                    quotes=[{"q": q, "speaker": q.speaker_name or names(q.speaker_id),
                             "anchor": anchor_id("q", q.id), "outlet": titles.get(q.article_id, q.article_id)}
                            for q in quotes if not q.scare],
                    columns=columns, names=names, related=related_stories(store, story.id))

    @app.get("/articles/{article_id}", response_class=HTMLResponse, include_in_schema=False)
    def article_page(article_id: str):
        a = store.article(article_id)
        if a is None:
            raise HTTPException(404, f"no article {article_id!r}")
        names = ActorNames(store)
        events = store.events(article_id=a.id, limit=500, with_features=False)
        quotes = store.quotes(article_id=a.id)
        badges, _ = story_relations(store, a.story_id)
        return page("article.html", title=a.title or a.id, a=a, sources=store.article_sources(a.id),
                    badges=badges.get(a.id, []), label=source_label(a),
                    segments=segments(a.text, article_marks(store, a, events, quotes, names)),
                    events=[event_view(e, names) | {"anchor": next((anchor_id("ev", e.id, a.id, s.start)
                                                                     for s in e.evidence if s.article_id == a.id), "")}
                            for e in events],
                    quotes=[{"q": q, "speaker": q.speaker_name or names(q.speaker_id), "anchor": anchor_id("q", q.id)}
                            for q in quotes if not q.scare])

    @app.get("/actors", response_class=HTMLResponse, include_in_schema=False)
    def actors_page(q: str | None = None, country: str | None = None, kind: str | None = None,
                    offset: int = Query(0, ge=0)):
        country = country if country and re.fullmatch(r"[A-Za-z]{3}", country) else None
        kind = kind if kind in ("person", "state", "organization", "group") else None
        filters = {"query": q or None, "country": country, "kind": kind}
        actors = store.actors(**filters, limit=PAGE, offset=offset)
        return page("actors.html", title="Actors", actors=actors, q=q or "", country=country or "", kind=kind or "",
                    pager=pager(store.count_actors(**filters), offset, "/actors",
                                {"q": q, "country": country, "kind": kind}))

    @app.get("/actors/{actor_id}", response_class=HTMLResponse, include_in_schema=False)
    def actor_page(actor_id: str):
        a = store.actor(actor_id)
        if a is None:
            raise HTTPException(404, f"no actor {actor_id!r}")
        names = ActorNames(store)
        own = EventQuery(party=a.id)
        total = store.count_events(**own.store_filters())
        shown = 100  # the newest; the full list is one link away (/events?party=)
        tail = store.events(**own.store_filters(), limit=shown, offset=max(total - shown, 0),
                            with_features=False)  # latest, undated last
        # A state is counted two ways, and the page gives both: as a party itself, and with its
        # officials and bodies (what /events?country= and --pair count).
        with_members = EventQuery(country=a.id) if a.kind == "state" else None
        member_total = store.count_events(**with_members.store_filters()) if with_members else None
        events = [e for e in tail if e.date.value][::-1] + [e for e in tail if not e.date.value]  # newest first
        mentions = store.count_mentions(a.id)
        words = store.mention_words(a.id)
        pairs = store.counterparts(a.id)
        net = charts.network(a.name, [(i, names(i), n) for i, n in pairs]) if pairs else None
        quotes = store.quotes(speaker_id=a.id, limit=200)
        return page("actor.html", title=a.name, a=a, roles=charts.role_bars(a.roles),
                    undated_roles=[r for r in a.roles if not r.start], mentions=mentions, words=words, events=[event_view(e, names) for e in events],
                    event_total=total, net=net, quotes=quotes, described=own.describe(names),
                    member_total=member_total, events_link="/events?" + urlencode(own.params()),
                    members_link="/events?" + urlencode(with_members.params()) if with_members else "",
                    members_described=with_members.describe(names) if with_members else "",
                    members=[m for m in store.actors(country=a.id, limit=31) if m.id != a.id] if a.kind == "state" else [])

    @app.get("/events/{event_id}", response_class=HTMLResponse, include_in_schema=False)
    def event_page(event_id: str):
        e = store.event(event_id)
        if e is None:
            raise HTTPException(404, f"no event {event_id!r}")
        names = ActorNames(store)
        evidence = []
        for s in e.evidence:
            a = store.article(s.article_id)
            if a is None:
                continue
            start, end = sentence_around(store.sentences(a.id), s.start, s.end)
            segs = segments(a.text[start:end], [Mark(s.start - start, s.end - start, "cite")])
            evidence.append({"a": a, "segments": segs, "anchor": anchor_id("ev", e.id, a.id, s.start),
                             "label": source_label(a)})
        quotes = [q for aid in e.article_ids for q in store.quotes(article_id=aid) if q.event_id == e.id]
        return page("event.html", title=f"{e.type} event", v=event_view(e, names), evidence=evidence,
                    quotes=[{"q": q, "speaker": q.speaker_name or names(q.speaker_id)} for q in quotes])

    @app.get("/timeline", response_class=HTMLResponse, include_in_schema=False)
    def timeline_page(pair: str = "IRN:IRQ", since: str | None = None, until: str | None = None):
        problems = []
        if not re.fullmatch(r"[A-Za-z]{3}:[A-Za-z]{3}", pair):
            problems.append(f"“{pair}” is not a pair of country codes like IRN:IRQ")
            pair = "IRN:IRQ"
        dates = {}
        for key, value in (("since", since), ("until", until)):
            if value and not re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", value):
                problems.append(f"“{value}” is not a date (YYYY, YYYY-MM or YYYY-MM-DD)")
                value = None
            dates[key] = value or None
        codes = tuple(pair.upper().split(":"))
        names = ActorNames(store)
        query = EventQuery(pair=codes, since=dates["since"], until=dates["until"])
        filters = query.store_filters()
        months = charts.monthly(store.event_histogram(**filters))
        total = sum(sum(m["by_type"].values()) for m in months)  # the chart's rows: count_events(**filters)
        shown = 100  # the rest are a click away on /events, with the same filters
        events = store.events(**filters, limit=shown, with_features=False)
        chart = charts.timeline_chart(months)
        size = chart.size if chart else "month"
        groups: dict[str | None, list] = {}
        for e in events:
            groups.setdefault(charts.bucket_of(e.date.value[:7], size) if e.date.value else None, []).append(
                event_view(e, names))
        chart_data = [{"month": b.month, "title": b.title, "anchor": anchor_id("month", b.month)}
                      for b in (chart.bars if chart else [])]
        return page("timeline.html", title=f"Timeline {codes[0]}–{codes[1]}", codes=codes, pair=pair.upper(),
                    since=dates["since"] or "", until=dates["until"] or "", problems=problems,
                    chart=chart, chart_data=chart_data, total=total, shown=len(events),
                    described=query.describe(names), query_string=urlencode(query.params()),
                    groups=[(m, anchor_id("month", m), evs) for m, evs in groups.items()],
                    names=[(c, names(c)) for c in codes])

    @app.get("/search", response_class=HTMLResponse, include_in_schema=False)
    def search_page(q: str = ""):
        q = q.strip()[:500]
        names = ActorNames(store)
        articles, quotes, events = [], [], []
        if has_words(q):
            for h in store.search_articles(q, limit=30):
                a = store.article(h["article_id"])
                if a is not None:
                    articles.append({"a": a, "snippet": snippet_segments(h["snippet"])})
            quotes = [{"q": x, "speaker": x.speaker_name or names(x.speaker_id)} for x in store.quotes(about=q, limit=30)]
            events = [event_view(e, names) for e in store.search_events(q, limit=30)]
        return page("search.html", title=f"Search: {q}" if q else "Search", q=q, articles=articles, quotes=quotes,
                    events=events)

    @app.get("/api", response_class=HTMLResponse, include_in_schema=False)
    def api_page():
        """The API described from its own OpenAPI schema (the usual /docs page loads from a CDN)."""
        schema = app.openapi()
        routes = []
        for path, methods in schema["paths"].items():
            for method, op in methods.items():
                params = [(p["name"], p.get("in", ""), p.get("required", False), p.get("description", ""))
                          for p in op.get("parameters", [])]
                routes.append({"method": method.upper(), "path": path, "summary": op.get("summary", ""),
                               "description": op.get("description", ""), "params": params})
        return page("api.html", title="API", routes=routes)


def snippet_segments(snippet: str):
    """FTS5 snippets mark the matched words with [ ]; turn those into marks."""
    marks, plain, pos = [], [], 0
    for m in re.finditer(r"\[([^\[\]]*)\]", snippet):
        plain.append(snippet[pos:m.start()])
        start = sum(map(len, plain))
        plain.append(m.group(1))
        marks.append(Mark(start, start + len(m.group(1)), "hit"))
        pos = m.end()
    plain.append(snippet[pos:])
    return segments("".join(plain), marks)
