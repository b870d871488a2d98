"""The REST API and the web UI over one store: `create_app(db_path)` returns the FastAPI app.

JSON routes live under /api and are described by the OpenAPI schema (/openapi.json, docs at
/docs); the HTML pages are added by serve/web. Every route reads through the same `Store`
the CLI uses. Reads run in FastAPI's worker threads, each with its own SQLite connection
(store/connection.py), so they keep working while an ingest writes: SQLite's WAL lets
readers see the last committed state.
"""
from __future__ import annotations

import asyncio
import hashlib
import json
import re
import tempfile
import threading
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any, Generic, Literal, TypeVar

from fastapi import Depends, FastAPI, HTTPException, Query
from fastapi.concurrency import run_in_threadpool
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field

from .. import models
from ..link.story_why import explain_story, related_stories
from ..store import Store
from .event_query import EventQuery
from .names import ActorNames
from .security import Policy, SecurityLayer

T = TypeVar("T")
DATE_PATTERN = r"^\d{4}(-\d{2}(-\d{2})?)?$"  # a year, a month or a day, as the CLI takes them
PAIR_PATTERN = r"^[A-Za-z]{3}:[A-Za-z]{3}$"
MAX_OFFSET = 1_000_000_000


# ── What the API returns ──────────────────────────────────────────────────────────────────

class Page(BaseModel, Generic[T]):
    """One page of a list: `total` counts every match, `items` holds at most `limit` of them."""

    total: int
    limit: int
    offset: int
    items: list[T]


class ErrorOut(BaseModel):
    detail: str


class ArticleOut(BaseModel):
    id: str
    source: str
    url: str | None = None
    outlet: str | None = None
    title: str | None = None
    author: str | None = None
    published: str | None = None
    dateline: str | None = None
    original_source: str | None = None
    story_id: str | None = None
    duplicate_of: str | None = None


class ArticleDetail(ArticleOut):
    text: str
    actor_ids: list[str]
    sources: list[str]


class StoryOut(BaseModel):
    id: str
    title: str
    first_date: str | None = None
    last_date: str | None = None
    article_ids: list[str]
    article_count: int
    outlet_count: int
    independent_sources: int = 0  # copies and reposts of one credited outlet count once
    event_count: int | None = Field(None, description="its events that match the list's event filters (by default "
                                                 "those that happened); in lists only")
    countries: list[str] = Field(default_factory=list, description="countries its matching events' parties act for")
    main_event: dict | None = Field(None, description="its main event ({id, type, date}): what its reports' leads and "
                                                      "headlines tell (salience >= 0.7); in lists only")


class RoleOut(BaseModel):
    title: str
    country: str | None = None
    start: str | None = None
    end: str | None = None
    key: str | None = None


class ActorOut(BaseModel):
    id: str
    name: str
    kind: str
    country: str | None = None
    sector: str | None = None
    aliases: list[str]
    roles: list[RoleOut]
    origin: str


class Counterpart(BaseModel):
    actor_id: str
    name: str
    events: int


class ActorDetail(ActorOut):
    mentions: int
    events: int
    quotes: int
    network: list[Counterpart]


class DateOut(BaseModel):
    value: str | None = None
    precision: str | None = None
    source: str = "none"
    phrase: str | None = None


class LocationOut(BaseModel):
    name: str
    country: str | None = None


class SpanOut(BaseModel):
    article_id: str
    start: int
    end: int
    text: str


class EventOut(BaseModel):
    id: str
    type: str
    mode: str | None = None
    cameo: str | None = None
    actors: list[str]
    recipients: list[str]
    date: DateOut
    location: LocationOut | None = None
    evidence: list[SpanOut]
    article_ids: list[str]
    negated: bool
    hypothetical: bool
    goldstein: float | None = None
    rule: str | None = None
    quad: int = Field(0, description="CAMEO quad class: 1 verbal cooperation, 2 material cooperation, "
                                     "3 verbal conflict, 4 material conflict, 0 none")
    confidence: float | None = None
    salience: float | None = None
    status: str = "asserted"
    claimed_by: str | None = None
    reported: str | None = None


class EventFilteredPage(Page[T], Generic[T]):
    counts: str = Field(description="Which events were counted, in words (the same sentence the CLI and pages print)")


class EventPage(EventFilteredPage[EventOut]):
    pass


class QuoteOut(BaseModel):
    id: str
    article_id: str
    text: str
    start: int
    end: int
    direct: bool
    speaker_name: str | None = None
    speaker_id: str | None = None
    speaker_method: str | None = None
    event_id: str | None = None
    scare: bool


class LinkOut(BaseModel):
    article_id: str
    other_id: str
    relation: str
    score: float | None = None


class RelatedStoryOut(BaseModel):
    story: str
    title: str | None = None
    relation: str = Field(description="What the other story is to this one: 'previews' (it announced what "
                                      "this story reports) or 'previewed by'")


class StoryDetail(StoryOut):
    articles: list[ArticleOut]
    links: list[LinkOut]
    events: list[EventOut]
    quotes: list[QuoteOut]
    brief: dict[str, Any] | None = None
    related: list[RelatedStoryOut] = []


class ArticleHit(BaseModel):
    article_id: str
    title: str | None = None
    story_id: str | None = None
    snippet: str


class SearchOut(BaseModel):
    q: str
    articles: list[ArticleHit]
    quotes: list[QuoteOut]
    events: list[EventOut]


class MonthOut(BaseModel):
    month: str | None = Field(description="YYYY-MM; null for events with no date")
    cooperation: int
    conflict: int
    other: int = 0
    by_type: dict[str, int]
    quads: dict[str, int] = Field(default_factory=dict, description="events per CAMEO quad class")
    goldstein: float = Field(0.0, description="sum of the month's Goldstein scores")


class TimelineOut(BaseModel):
    pair: list[str]
    total: int
    counts: str = ""
    months: list[MonthOut]


class IngestUrl(BaseModel):
    """A page or a feed to fetch."""

    model_config = ConfigDict(extra="forbid")
    url: str = Field(pattern=r"^https?://\S+$", max_length=2000)


class IngestText(BaseModel):
    """Text to ingest as it is, with what is known about it."""

    model_config = ConfigDict(extra="forbid")
    text: str = Field(min_length=1, max_length=1_000_000, pattern=r"\S")
    title: str | None = Field(None, max_length=1000)
    published: str | None = Field(None, pattern=r"^\d{4}-\d{2}-\d{2}$")
    outlet: str | None = Field(None, max_length=200)


IngestIn = IngestUrl | IngestText


class IngestOut(BaseModel):
    status: Literal["new", "unchanged"]
    article_id: str
    new_ids: list[str]
    article: ArticleOut
    story: StoryOut | None = None
    events: list[EventOut]


# ── Records → API shapes ──────────────────────────────────────────────────────────────────

def article_out(a: models.Article) -> ArticleOut:
    return ArticleOut(**{k: getattr(a, k) for k in ArticleOut.model_fields})


def actor_out(a: models.Actor) -> ActorOut:
    return ActorOut(id=a.id, name=a.name, kind=a.kind, country=a.country, sector=a.sector, aliases=a.aliases,
                    roles=[RoleOut(title=r.title, country=r.country, start=r.start, end=r.end, key=r.key)
                           for r in a.roles], origin=a.origin)


def event_out(e: models.Event) -> EventOut:
    return EventOut(id=e.id, type=e.type, mode=e.mode, cameo=e.cameo, actors=e.actors, recipients=e.recipients,
                    date=DateOut(value=e.date.value, precision=e.date.precision, source=e.date.source,
                                 phrase=e.date.phrase),
                    location=LocationOut(name=e.location.name, country=e.location.country) if e.location else None,
                    # as plain dicts: EventOut validates them into SpanOut several times faster than
                    # one SpanOut(...) per span (a much-reported event has hundreds)
                    evidence=[{"article_id": s.article_id, "start": s.start, "end": s.end, "text": s.text}
                              for s in e.evidence],
                    article_ids=e.article_ids, negated=e.negated, hypothetical=e.hypothetical,
                    goldstein=e.goldstein, rule=e.rule, quad=quad_class(e), confidence=e.confidence,
                    salience=e.salience, status=e.status, claimed_by=e.claimed_by, reported=e.reported)


def quad_class(e: models.Event) -> int:
    from .quads import quad_of

    return quad_of(e.type, e.cameo)


def event_query(actor: str | None = Query(None, description="Actor id on the acting side"),
                recipient: str | None = Query(None, description="Actor id on the receiving side"),
                party: str | None = Query(None, description="Actor id on either side"),
                pair: str | None = Query(None, pattern=PAIR_PATTERN, description="Two countries, e.g. IRN:IRQ"),
                country: str | None = Query(None, pattern=r"^[A-Za-z]{3}$", description="A country on either side"),
                members: bool = Query(True, description="country/pair: count the state's officials and bodies too "
                                                        "(false: the state itself only)"),
                type: str | None = Query(None, pattern=r"^[A-Za-z]{2,12}$", description="PLOVER type"),
                quad: int | None = Query(None, ge=1, le=4, description="CAMEO quad class 1-4"),
                place: str | None = Query(None, max_length=200,
                                          description="Where: a place name, or an ISO alpha-3 country code"),
                since: str | None = Query(None, pattern=DATE_PATTERN),
                until: str | None = Query(None, pattern=DATE_PATTERN),
                story: str | None = None,
                min_confidence: float | None = Query(None, ge=0, le=1,
                                                     description="Coder confidence at least this (unscored pass)"),
                mode: Literal["happened", "all"] = Query("happened", description="happened: leave out negated, "
                                                         "hypothetical and denied events; all: every stored event"),
                asserted: bool = Query(False, description="Only events the report asserts (no passed-on claims)"),
                sort: Literal["date", "-date", "type", "goldstein", "-goldstein", "-confidence", "-reports"] = "date"):
    """The shared event filters (serve/event_query.py), as query parameters. FastAPI has checked each
    value's form; a well-formed type that is no PLOVER type matches nothing, as any unknown value does."""
    from .event_query import EventQuery

    return EventQuery(actor=actor, recipient=recipient, party=party, pair=parse_pair(pair),
                      country=country.upper() if country else None, members=members,
                      type=type.upper() if type else None, quad=quad, place=place, since=since, until=until,
                      story=story, min_confidence=min_confidence, mode=mode, asserted_only=asserted, sort=sort)


def quote_out(q: models.Quote) -> QuoteOut:
    return QuoteOut(**{k: getattr(q, k) for k in QuoteOut.model_fields})


def story_out(s: models.Story, sources: dict[str, dict[str, int]]) -> StoryOut:
    counts = sources.get(s.id, {"articles": len(s.article_ids), "outlets": 0, "independent": 0})
    return StoryOut(id=s.id, title=s.title, first_date=s.first_date, last_date=s.last_date,
                    article_ids=s.article_ids, article_count=counts["articles"], outlet_count=counts["outlets"],
                    independent_sources=counts["independent"])


def parse_pair(pair: str | None) -> tuple[str, str] | None:
    if not pair:
        return None
    a, b = pair.upper().split(":")
    return a, b


def has_words(q: str | None) -> bool:
    """Full-text search needs at least one word character; anything else matches nothing."""
    return bool(q and re.search(r"\w", q))


def load_brief(store: Store, story_id: str) -> dict[str, Any] | None:
    """The story's brief (serve/brief.py) as plain data; None if it cannot be built, so a failing brief
    never takes the rest of the story down with it."""
    try:
        from .brief import build_brief
    except ImportError:
        return None
    try:
        brief = build_brief(store, story_id)
    except Exception:  # noqa: BLE001 — the rest of the story is still worth showing
        return None
    if brief is None:
        return None
    from dataclasses import asdict, is_dataclass

    if is_dataclass(brief):
        data = asdict(brief)
    elif hasattr(brief, "model_dump"):
        data = brief.model_dump()
    elif isinstance(brief, dict):
        data = brief
    else:
        return None
    return json.loads(json.dumps(data, default=str))


# ── Ingest: one pipeline per app, one ingest at a time, a bounded queue ─────────────────────

class Busy(Exception):
    """The ingest queue is full."""


class Ingester:
    """Runs `Pipeline.ingest` for the API on one worker thread of its own (the parser is not
    meant to be shared between threads), so ingests never hold the threads that serve reads.
    At most `queue_size` ingests wait; more get Busy (503) at once rather than piling up.
    The spaCy model loads on the first ingest."""

    def __init__(self, store: Store, *, analyse: bool, analyser=None, fetch=None, queue_size: int = 4):
        self.store, self.analyse, self.analyser, self.fetch = store, analyse, analyser, fetch
        self._lock = threading.Lock()
        self._lock_worker = threading.Lock()
        self._pipeline = None
        self._worker: ThreadPoolExecutor | None = None  # started on the first ingest, again after close()
        self._slots = threading.BoundedSemaphore(max(1, queue_size))

    def submit(self, body: IngestIn) -> Future:
        """Queue one ingest; Busy when `queue_size` are already waiting or running."""
        if not self._slots.acquire(blocking=False):
            raise Busy()
        with self._lock_worker:
            if self._worker is None:
                self._worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="communique-ingest")
            future = self._worker.submit(self, body)
        future.add_done_callback(lambda _: self._slots.release())
        return future

    def close(self) -> None:
        with self._lock_worker:
            worker, self._worker = self._worker, None
        if worker is not None:
            worker.shutdown(wait=False, cancel_futures=True)

    def __call__(self, body: IngestIn) -> tuple[str, str, list[str]]:
        """(status, article id, new ids); raises ValueError with the reason when nothing was ingested."""
        from ..pipeline import Pipeline

        with self._lock:
            if self._pipeline is None:
                self._pipeline = Pipeline(self.store, analyse=self.analyse, analyser=self.analyser)
            if isinstance(body, IngestUrl):
                source = body.url
                summary = self._pipeline.ingest([source], fetch=self.fetch)
            else:
                source = text_source_id(body)
                with tempfile.TemporaryDirectory(prefix="communique-api-") as tmp:
                    path = Path(tmp) / "posted.jsonl"
                    record = {"id": source, "text": body.text, "title": body.title, "published": body.published,
                              "outlet": body.outlet}
                    path.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
                    summary = self._pipeline.ingest([str(path)])
        article_id = self._article_for(source, summary)
        if article_id is None:
            reasons = "; ".join(f.reason for f in summary.failed) or "nothing could be read"
            raise ValueError(reasons)
        status = "new" if article_id in summary.new else "unchanged"
        return status, article_id, summary.new

    def _article_for(self, source: str, summary) -> str | None:
        """The article a request produced: the one stored under its URL or text id; for a feed (whose
        entries are stored under their own URLs), the first new entry, else the first seen before."""
        seen = self.store.source_seen(source)
        if seen:
            return seen[0]
        if summary.new:
            return summary.new[0]
        for name in summary.unchanged:
            if seen := self.store.source_seen(name):
                return seen[0]
        return None


def text_source_id(body: IngestText) -> str:
    """Posted text is named by what was posted, so posting the same thing twice changes nothing."""
    digest = hashlib.sha256(json.dumps([body.text, body.title, body.published, body.outlet]).encode()).hexdigest()
    return f"api:{digest[:20]}"


# ── The app ────────────────────────────────────────────────────────────────────────────────

NOT_FOUND = {404: {"model": ErrorOut, "description": "No record with that id"}}


def create_app(db_path: str | Path, *, analyse: bool = True, analyser=None, fetch=None,
               policy: Policy | None = None) -> FastAPI:
    """The API and the web UI over the store at `db_path` (which must exist). `analyse=False` makes the
    ingest endpoint store clean articles only; `analyser` replaces the default `Analyser` (loaded on the
    first ingest); `fetch(url) -> (bytes, content type)` replaces the network; `policy` sets who may
    write, which Host names are answered and the size limits (serve/security.py; defaults: open writes,
    any Host, as for a server on 127.0.0.1)."""
    store = Store(db_path, create=False)
    policy = policy or Policy()
    app = FastAPI(title="Communiqué", version="0.1.0", docs_url=None, redoc_url=None,
                  description="Articles, stories, actors, PLOVER events and quotes about relations between "
                              "states, each fact tied to the sentence it came from.")
    app.state.store = store
    app.state.policy = policy
    if fetch is None and policy.allow_private_urls is not None:
        fetch = _fetcher(policy.allow_private_urls)
    ingester = Ingester(store, analyse=analyse, analyser=analyser, fetch=fetch, queue_size=policy.queue_size)
    app.state.ingester = ingester
    app.router.on_shutdown.append(ingester.close)

    @app.exception_handler(RequestValidationError)
    async def invalid(request, exc: RequestValidationError):
        # The errors without the input they rejected: a 300 MB body is not echoed back.
        errors = [{k: v for k, v in e.items() if k in ("type", "loc", "msg")} for e in exc.errors()]
        return JSONResponse({"detail": errors}, status_code=422)

    def names(ids: list[str]) -> dict[str, str]:
        out = {}
        for actor_id in ids:
            a = store.actor(actor_id)
            out[actor_id] = a.name if a else actor_id
        return out

    @app.get("/api/articles", response_model=Page[ArticleOut], tags=["articles"])
    def list_articles(story: str | None = Query(None, description="Only this story's articles"),
                      limit: int = Query(50, ge=1, le=500), offset: int = Query(0, ge=0, le=MAX_OFFSET)):
        """Articles, newest first."""
        items = [article_out(a) for a in store.iter_articles(story_id=story, limit=limit, offset=offset,
                                                             order="newest")]
        return Page(total=store.count_articles(story_id=story), limit=limit, offset=offset, items=items)

    @app.get("/api/articles/{article_id}", response_model=ArticleDetail, responses=NOT_FOUND, tags=["articles"])
    def get_article(article_id: str):
        a = store.article(article_id)
        if a is None:
            raise HTTPException(404, f"no article {article_id!r}")
        return ArticleDetail(**article_out(a).model_dump(), text=a.text,
                             actor_ids=store.actor_ids_for_article(a.id), sources=store.article_sources(a.id))

    @app.get("/api/stories", response_model=EventFilteredPage[StoryOut], tags=["stories"])
    def list_stories(query=Depends(event_query), limit: int = Query(50, ge=1, le=500),
                     offset: int = Query(0, ge=0, le=MAX_OFFSET)):
        """Stories (reports of one real-world event), newest first, with how many sources report each, their
        countries and event count. The event filters keep the stories that report a matching event."""
        from .listing import story_listing

        listing = story_listing(store, query, limit=limit, offset=offset)
        ids = listing.ids
        sources = store.story_sources(ids)
        items = [story_out(store.story(i), sources).model_copy(update={"event_count": listing.event_counts.get(i, 0),
                                                                       "countries": listing.countries.get(i, []),
                                                                       "main_event": listing.main_events.get(i)})
                 for i in ids]
        return EventFilteredPage[StoryOut](total=listing.total, limit=limit, offset=offset,
                                           items=items, counts=query.describe(ActorNames(store)))

    @app.get("/api/stories/{story_id}", response_model=StoryDetail, responses=NOT_FOUND, tags=["stories"])
    def get_story(story_id: str):
        """One story: its articles, how they relate (copies, rewrites, credits), events, quotes and brief."""
        s = store.story(story_id)
        if s is None:
            raise HTTPException(404, f"no story {story_id!r}")
        base = story_out(s, store.story_sources([s.id]))
        return StoryDetail(**base.model_dump(), articles=[article_out(a) for a in store.iter_articles(story_id=s.id)],
                           links=[LinkOut(**link) for link in store.links(s.article_ids)],
                           events=[event_out(e) for e in store.events(story_id=s.id, limit=500, with_features=False)],
                           quotes=[quote_out(q) for q in store.quotes(story_id=s.id, limit=500)],
                           brief=load_brief(store, s.id),
                           related=[RelatedStoryOut(**r) for r in related_stories(store, s.id)])

    @app.get("/api/stories/{story_id}/why", responses=NOT_FOUND, tags=["stories"])
    def story_why(story_id: str) -> dict[str, Any]:
        """Why each report is in the story (shared parties, date, place, similarity) and the nearest
        story it did not join; as `communique story ID --why`."""
        why = explain_story(store, story_id)
        if why is None:
            raise HTTPException(404, f"no story {story_id!r}")
        return why.as_dict()

    @app.get("/api/actors", response_model=Page[ActorOut], tags=["actors"])
    def list_actors(q: str | None = Query(None, description="Part of a name or alias, or an exact id"),
                    country: str | None = Query(None, pattern=r"^[A-Za-z]{3}$", description="ISO alpha-3"),
                    kind: Literal["person", "state", "organization", "group"] | None = None,
                    limit: int = Query(50, ge=1, le=500), offset: int = Query(0, ge=0, le=MAX_OFFSET)):
        """Actors, most mentioned first."""
        filters = {"query": q, "country": country, "kind": kind}
        items = [actor_out(a) for a in store.actors(**filters, limit=limit, offset=offset)]
        return Page(total=store.count_actors(**filters), limit=limit, offset=offset, items=items)

    @app.get("/api/actors/{actor_id}", response_model=ActorDetail, responses=NOT_FOUND, tags=["actors"])
    def get_actor(actor_id: str):
        """One actor with its dated roles, how often it appears, and the actors it deals with."""
        a = store.actor(actor_id)
        if a is None:
            raise HTTPException(404, f"no actor {actor_id!r}")
        pairs = store.counterparts(a.id)
        label = names([p[0] for p in pairs])
        return ActorDetail(**actor_out(a).model_dump(), mentions=store.count_mentions(a.id),
                           events=store.count_events(**EventQuery(party=a.id).store_filters()),
                           quotes=store.count_quotes(speaker_id=a.id),
                           network=[Counterpart(actor_id=i, name=label[i], events=n) for i, n in pairs])

    @app.get("/api/events", response_model=EventPage, tags=["events"])
    def list_events(query=Depends(event_query),
                    limit: int = Query(50, ge=1, le=500), offset: int = Query(0, ge=0, le=MAX_OFFSET)):
        """Events matching every filter, in `sort` order (by default by date, undated last), each with the
        sentences it was coded from. `counts` says what `total` counts."""
        from .listing import event_listing

        listing = event_listing(store, query, limit=limit, offset=offset)
        return EventPage(total=listing.total, limit=limit, offset=offset, items=[event_out(e) for e in listing.events],
                         counts=query.describe(ActorNames(store)))

    @app.get("/api/events/{event_id}", response_model=EventOut, responses=NOT_FOUND, tags=["events"])
    def get_event(event_id: str):
        e = store.event(event_id)
        if e is None:
            raise HTTPException(404, f"no event {event_id!r}")
        return event_out(e)

    @app.get("/api/timeline", response_model=TimelineOut, tags=["events"])
    def timeline(pair: str = Query("IRN:IRQ", pattern=PAIR_PATTERN),
                 since: str | None = Query(None, pattern=DATE_PATTERN),
                 until: str | None = Query(None, pattern=DATE_PATTERN)):
        """Events between two countries (with their officials and bodies) that happened, per month, by
        CAMEO quad class: cooperation (quads 1-2) and conflict (3-4); undated ones under month null."""
        from .event_query import EventQuery
        from .web.charts import monthly

        query = EventQuery(pair=parse_pair(pair), since=since, until=until)
        months = monthly(store.event_histogram(**query.store_filters()))
        return TimelineOut(pair=list(query.pair), total=store.count_events(**query.store_filters()),
                           counts=query.describe(ActorNames(store)), months=[MonthOut(**m) for m in months])

    @app.get("/api/quotes", response_model=Page[QuoteOut], tags=["quotes"])
    def list_quotes(speaker: str | None = Query(None, description="Speaker: an actor id, or (part of) a name"),
                    about: str | None = Query(None, description="Words the quoted text contains (full-text)"),
                    story: str | None = None,
                    limit: int = Query(50, ge=1, le=500), offset: int = Query(0, ge=0, le=MAX_OFFSET)):
        """What was said, by whom (scare quotes left out)."""
        if about is not None and not has_words(about):
            return Page(total=0, limit=limit, offset=offset, items=[])
        filters = {"speaker": speaker, "about": about, "story_id": story}
        items = [quote_out(q) for q in store.quotes(**filters, limit=limit, offset=offset)]
        return Page(total=store.count_quotes(**filters), limit=limit, offset=offset, items=items)

    @app.get("/api/quotes/{quote_id}", response_model=QuoteOut, responses=NOT_FOUND, tags=["quotes"])
    def get_quote(quote_id: str):
        q = store.quote(quote_id)
        if q is None:
            raise HTTPException(404, f"no quote {quote_id!r}")
        return quote_out(q)

    @app.get("/api/search", response_model=SearchOut, tags=["search"])
    def search(q: str = Query(..., min_length=1, max_length=500, description="Words to find"),
               limit: int = Query(20, ge=1, le=100)):
        """Full-text search over articles (with a snippet), quotes and event evidence."""
        if not has_words(q):
            return SearchOut(q=q, articles=[], quotes=[], events=[])
        hits = []
        for h in store.search_articles(q, limit=limit):
            a = store.article(h["article_id"])
            if a is not None:
                hits.append(ArticleHit(article_id=a.id, title=a.title, story_id=a.story_id, snippet=h["snippet"]))
        return SearchOut(q=q, articles=hits, quotes=[quote_out(x) for x in store.quotes(about=q, limit=limit)],
                         events=[event_out(e) for e in store.search_events(q, limit=limit)])

    @app.post("/api/ingest", response_model=IngestOut, tags=["ingest"],
              responses={400: {"model": ErrorOut, "description": "The body is not JSON"},
                         422: {"description": "Invalid body, or the input could not become an article "
                                              "(unreachable URL, empty or binary page, text too short)"},
                         202: {"model": ErrorOut, "description": "Still ingesting after the wait limit; it goes on"},
                         401: {"model": ErrorOut, "description": "This server needs a token for writes"},
                         403: {"model": ErrorOut, "description": "This server is read-only"},
                         413: {"model": ErrorOut, "description": "Body over the server's limit"},
                         503: {"model": ErrorOut, "description": "Ingest queue full; retry later"}})
    async def ingest(body: IngestIn):
        """Ingest one URL (`{"url": …}`: a page or a feed) or posted text (`{"text": …, "title": …,
        "published": …, "outlet": …}`); returns the article, its story and its events. Posting the same
        thing again returns the stored article with status `unchanged`. Ingests run one at a time
        in a short queue: a full queue answers 503; a request that waits longer than the server's
        limit gets 202 while its ingest goes on (the article then appears under /api/articles)."""
        try:
            future = ingester.submit(body)
        except Busy:
            raise HTTPException(503, "ingest queue full; try again shortly", headers={"Retry-After": "10"})
        try:
            status, article_id, new_ids = await asyncio.wait_for(asyncio.shield(asyncio.wrap_future(future)),
                                                                 timeout=policy.request_seconds)
        except asyncio.TimeoutError:
            return JSONResponse({"detail": f"still ingesting after {policy.request_seconds:g} s; it goes on, "
                                           "and the article will appear under /api/articles"}, status_code=202)
        except ValueError as exc:
            raise HTTPException(422, f"could not ingest: {exc}") from exc
        return await run_in_threadpool(ingest_result, status, article_id, new_ids)

    def ingest_result(status: str, article_id: str, new_ids: list[str]) -> IngestOut:
        a = store.article(article_id)
        s = store.story(a.story_id) if a.story_id else None
        return IngestOut(status=status, article_id=article_id, new_ids=new_ids, article=article_out(a),
                         story=story_out(s, store.story_sources([s.id])) if s else None,
                         events=[event_out(e) for e in store.events(article_id=article_id, with_features=False)])

    from .web import mount_web
    from .docs import mount_docs

    mount_web(app, store)
    mount_docs(app)
    app.add_middleware(SecurityLayer, policy=policy)  # last added: outermost, so it answers every error
    return app


def _fetcher(allow_private_urls: bool):
    """The bounded fetcher with this server's address policy, whatever the environment says."""
    from dataclasses import replace

    from ..ingest import fetch as fetch_mod
    from ..ingest import limits

    return lambda url: fetch_mod.fetch_url(url, replace(limits.current(), allow_private_urls=allow_private_urls))
