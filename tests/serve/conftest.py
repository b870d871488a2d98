"""Fixtures for the API and web UI: a small store written directly (no parsing, so fast and
independent of the analysis stages), a test client, and a real uvicorn server on 127.0.0.1.

The store holds three stories: a water agreement reported three times (original, verbatim
copy, rewrite), a border clash, and a report whose title, outlet, URL, body, quote and event
evidence carry HTML and script, to check that every page shows it as text.
"""
from __future__ import annotations

import re
import threading
import time
from pathlib import Path

import pytest

from communique.ingest.article import content_hash
from communique.models import Actor, Article, Event, EventDate, Location, Mention, Quote, Role, Span, Story
from netutil import free_port  # tests/netutil.py: tests/ is on sys.path (rootdir conftest)

EVIL = "<script>alert('xss')</script>"

WATER = ("TEHRAN, March 2 — Iran and Iraq signed an agreement on sharing the water of the border rivers on "
         "Friday. Foreign Minister Abbas Araghchi met his Iraqi counterpart Fuad Hussein in Baghdad. "
         "\"This agreement protects farmers on both banks,\" Araghchi told reporters.\n\n"
         "The two ministers also discussed the railway link between Shalamcheh and Basra.")
WATER_REWRITE = ("BAGHDAD — Iraq and Iran reached a deal over shared rivers on Friday, officials said. "
                 "Fuad Hussein received Abbas Araghchi for talks that lasted three hours. "
                 "Hussein said the deal was \"a first step\" toward a wider accord.")
CLASH = ("BAGHDAD, May 10 — Iraq accused Iran of shelling villages near Penjwen in the Kurdistan Region. "
         "Iranian artillery struck positions of Kurdish opposition groups on Thursday, local officials said. "
         "\"These attacks violate our sovereignty,\" Fuad Hussein said in a statement. "
         "Iran did not impose new sanctions on Iraqi traders, the ministry added.")
HOSTILE = (f"Officials said {EVIL} was found in a press release. Iran warned Iraq about "
           "</script><img src=x onerror=alert(1)> militias near the border. "
           f"\"Stop {EVIL} now,\" the spokesman said.")


def span(article: Article, phrase: str) -> Span:
    start = article.text.index(phrase)
    return Span(article.id, start, start + len(phrase), phrase)


def sentences(text: str) -> list[tuple[int, int]]:
    """Naive sentence edges, enough for the fixture (the real ones come from the parser)."""
    out, start = [], 0
    for m in re.finditer(r"(?<=[.!?\"])\s+(?=[A-Z\"])", text):
        out.append((start, m.start()))
        start = m.end()
    out.append((start, len(text)))
    return out


def article(aid: str, text: str, story: str, **meta) -> Article:
    return Article(id=aid, source=f"fixture/{aid}.txt", text=text, story_id=story, content_hash=content_hash(text),
                   **meta)


def build_world(path: Path) -> dict:
    """Write the fixture store at `path`; returns the ids the tests refer to."""
    from communique.store import Store

    store = Store(path)
    actors = [
        Actor("IRN", "Iran", "state", country="IRN", aliases=["Islamic Republic of Iran"]),
        Actor("IRQ", "Iraq", "state", country="IRQ", aliases=["Republic of Iraq"]),
        Actor("per.abbas-araghchi", "Abbas Araghchi", "person", country="IRN", sector="GOV",
              roles=[Role("Deputy Foreign Minister", "IRN", "2013-08-01", "2021-08-25", key="deputy_foreign_minister"),
                     Role("Foreign Minister", "IRN", "2024-08-21", None, key="foreign_minister")]),
        Actor("per.fuad-hussein", "Fuad Hussein", "person", country="IRQ", sector="GOV",
              roles=[Role("Foreign Minister", "IRQ", "2020-06-06", None, key="foreign_minister")]),
        Actor("org.un", "United Nations", "organization", aliases=["UN"]),
        Actor("text.evil", f"Spokesman {EVIL}", "person", country="IRN", origin="text"),
    ]
    a1 = article("a1", WATER, "s-water", outlet="Tehran Wire", title="Iran and Iraq agree on river water",
                 published="2024-03-02", dateline="Tehran", url="https://example.org/water")
    a2 = article("a2", WATER + "\n\nCopied from Tehran Wire.", "s-water", outlet="Gulf Digest",
                 title="Iran, Iraq agree on river water", published="2024-03-03", duplicate_of="a1")
    a3 = article("a3", WATER_REWRITE, "s-water", outlet="Baghdad Ledger", title="Iraq and Iran strike river deal",
                 published="2024-03-03", dateline="Baghdad")
    a4 = article("a4", CLASH, "s-clash", outlet="Baghdad Ledger", title="Iraq accuses Iran over shelling",
                 published="2024-05-10")
    a5 = article("a5", HOSTILE, "s-hostile", outlet=f"<b>Bold</b> {EVIL}", title=f"Warning {EVIL}",
                 published="2024-06-01", url="javascript:alert('url')", author=f"<i>{EVIL}</i>")
    articles = [a1, a2, a3, a4, a5]
    stories = [Story("s-water", a1.title, ["a1", "a2", "a3"], "2024-03-02", "2024-03-03"),
               Story("s-clash", a4.title, ["a4"], "2024-05-10", "2024-05-10"),
               Story("s-hostile", a5.title, ["a5"], "2024-06-01", "2024-06-01")]
    events = [
        Event("ev-agree", "AGREE", mode="diplomatic", actors=["IRN", "IRQ"], date=EventDate("2024-03-01", "day", "text",
              "on Friday"), location=Location("Baghdad", "IRQ"), goldstein=5.0, rule="fixture",
              evidence=[span(a1, "Iran and Iraq signed an agreement on sharing the water of the border rivers on "
                                 "Friday."), span(a3, "Iraq and Iran reached a deal over shared rivers on Friday")],
              salience=1.0, confidence=0.9),
        Event("ev-meet", "CONSULT", actors=["per.abbas-araghchi"], recipients=["per.fuad-hussein"],
              date=EventDate("2024-03-01", "day", "published"), location=Location("Baghdad", "IRQ"),
              evidence=[span(a1, "Abbas Araghchi met his Iraqi counterpart Fuad Hussein in Baghdad")]),
        Event("ev-accuse", "ACCUSE", actors=["IRQ"], recipients=["IRN"], date=EventDate("2024-05-10", "day", "published"),
              evidence=[span(a4, "Iraq accused Iran of shelling villages near Penjwen")]),
        Event("ev-strike", "ASSAULT", mode="artillery", actors=["IRN"], recipients=["IRQ"],
              date=EventDate("2024-05-09", "day", "text", "on Thursday"), location=Location("Penjwen", "IRQ"),
              evidence=[span(a4, "Iranian artillery struck positions of Kurdish opposition groups on Thursday")]),
        Event("ev-nosanction", "SANCTION", actors=["IRN"], recipients=["IRQ"], negated=True,
              date=EventDate("2024-05-10", "day", "published"),
              evidence=[span(a4, "Iran did not impose new sanctions on Iraqi traders")]),
        Event("ev-warn", "THREATEN", actors=["IRN"], recipients=["IRQ"], date=EventDate("2024-06-01", "month", "text"),
              evidence=[span(a5, "Iran warned Iraq about </script><img src=x onerror=alert(1)> militias")]),
        Event("ev-undated", "CONSULT", actors=["IRQ", "org.un"], evidence=[span(a3, "officials said")]),
    ]
    quote_specs = [("q-farmers", a1, "This agreement protects farmers on both banks", "Araghchi", "per.abbas-araghchi"),
                   ("q-step", a3, "a first step", "Hussein", "per.fuad-hussein"),
                   ("q-sovereignty", a4, "These attacks violate our sovereignty", "Fuad Hussein", "per.fuad-hussein"),
                   ("q-evil", a5, f"Stop {EVIL} now", f"spokesman {EVIL}", "text.evil")]
    quotes = []
    for qid, a, words, name, speaker in quote_specs:
        s = span(a, words)
        quotes.append(Quote(qid, a.id, words, s.start, s.end, True, speaker_name=name, speaker_id=speaker,
                            event_id="ev-agree" if qid == "q-farmers" else None))
    mentions = [(a1, [("Iran", "IRN"), ("Iraq", "IRQ"), ("Abbas Araghchi", "per.abbas-araghchi"),
                      ("Fuad Hussein", "per.fuad-hussein")]),
                (a3, [("Iraq", "IRQ"), ("Fuad Hussein", "per.fuad-hussein"), ("Abbas Araghchi", "per.abbas-araghchi")]),
                (a4, [("Iraq", "IRQ"), ("Fuad Hussein", "per.fuad-hussein")]),
                (a5, [("Iran", "IRN"), ("Iraq", "IRQ")])]
    with store.transaction():
        for actor in actors:
            store.upsert_actor(actor, origin=actor.origin)
        for a in articles:
            store.insert_article(a)
            store.record_source(a.source, a.id, a.content_hash)
            store.replace_sentences(a.id, sentences(a.text))
        for s in stories:
            store.upsert_story(s)
        store.link_articles("a2", "a1", "copy", 0.97)
        store.link_articles("a3", "a1", "rewrite", 0.41)
        for e in events:
            e.article_ids = sorted({s.article_id for s in e.evidence})
            store.upsert_event(e)
        for a in articles:
            store.replace_quotes(a.id, [q for q in quotes if q.article_id == a.id])
        for a, names in mentions:
            ms = []
            for text, actor_id in names:
                start = a.text.index(text)
                ms.append(Mention(a.id, start, start + len(text), text, actor_id,
                                  role_title="Foreign Minister" if actor_id.startswith("per.") else None,
                                  method="fixture"))
            store.replace_mentions(a.id, ms)
    store.close()
    return {"articles": [a.id for a in articles], "stories": [s.id for s in stories],
            "events": [e.id for e in events], "quotes": [q.id for q in quotes], "actors": [a.id for a in actors]}


@pytest.fixture(scope="session")
def world_db(tmp_path_factory) -> tuple[Path, dict]:
    """The fixture store, built once; tests that write use `fresh_world` instead."""
    path = tmp_path_factory.mktemp("web") / "world.db"
    return path, build_world(path)


@pytest.fixture
def fresh_world(tmp_path) -> tuple[Path, dict]:
    path = tmp_path / "world.db"
    return path, build_world(path)


@pytest.fixture(scope="session")
def client(world_db):
    from fastapi.testclient import TestClient

    from communique.serve.api import create_app

    with TestClient(create_app(world_db[0], analyse=False)) as c:
        yield c


class LiveServer:
    """uvicorn serving an app on 127.0.0.1 in a background thread."""

    def __init__(self, app):
        import uvicorn

        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=self.port, log_level="warning"))
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self) -> "LiveServer":
        self.thread.start()
        deadline = time.monotonic() + 20
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("uvicorn did not start")
            time.sleep(0.02)
        return self

    def __exit__(self, *exc) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)


@pytest.fixture(scope="session")
def live_url(world_db):
    from communique.serve.api import create_app

    with LiveServer(create_app(world_db[0], analyse=False)) as server:
        yield server.url


@pytest.fixture(scope="session")
def evil() -> str:
    """The script the hostile fixture article carries everywhere it can."""
    return EVIL


@pytest.fixture(scope="session")
def serve_app():
    """Start a LiveServer for any app: `with serve_app(app) as server: server.url`."""
    return LiveServer


@pytest.fixture
def port() -> int:
    return free_port()
