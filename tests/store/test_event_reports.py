"""A merged event's reports (what each report said, for `explain`): one row each in event_reports,
read back in order under features["reports"]; a merge adds a row and leaves the event's own row
as small as it was; migration 023 moves the lists stored inside events.features into rows."""
from __future__ import annotations

import json

from communique.link.merge import merge_events
from communique.models import Actor, Analysis, Article, Event, EventDate, Span
from communique.store import Store, sqlite
from migrating import before_migration


def report_of(k: int) -> tuple[Article, Analysis]:
    """Article k's one event: the same meeting of two envoys on the same day, told in its own words."""
    article = Article(id=f"a{k}", source=f"src{k}", text="The two envoys met and talked for hours. " * 2,
                      content_hash=f"h{k}", published="2024-03-04", story_id=None)
    event = Event(f"e{k}", "CONSULT", actors=["per.x"], recipients=["per.y"], date=EventDate("2024-03-04", "day"),
                  evidence=[Span(article.id, 15, 40, "met and talked for hours")], article_ids=[article.id],
                  rule="meet -> consult", features={"trigger": {"text": "met", "start": 15 + k, "end": 18 + k,
                                                                "article_id": article.id}, "date_reason": f"told {k}"})
    return article, Analysis(article.id, events=[event])


def save_reports(store: Store, n: int) -> str:
    """n reports of one event saved as the pipeline does (merged with what is stored): its id."""
    store.upsert_actor(Actor("per.x", "An envoy", "person", country="IRN"))
    store.upsert_actor(Actor("per.y", "Another envoy", "person", country="IRQ"))
    for k in range(n):
        article, analysis = report_of(k)
        store.insert_article(article)
        merge_events(store, article, analysis)
        for event in analysis.events:
            store.upsert_event(event)
    (event_id,) = [r[0] for r in store.conn.execute("SELECT id FROM events")]
    return event_id


def row_features(store: Store, event_id: str) -> str:
    return store.conn.execute("SELECT features FROM events WHERE id = ?", (event_id,)).fetchone()[0]


def check_reports(store: Store) -> None:
    event_id = save_reports(store, 3)
    small = len(row_features(store, event_id))
    for k in range(3, 8):
        article, analysis = report_of(k)
        store.insert_article(article)
        merge_events(store, article, analysis)
        store.upsert_event(analysis.events[0])
    assert len(row_features(store, event_id)) == small  # the row does not grow with its reports
    assert "reports" not in json.loads(row_features(store, event_id))
    event = store.event(event_id)
    reports = event.features["reports"]
    # every report once, in the order they came, each with its own trigger and reasoning
    assert [r["trigger"]["article_id"] for r in reports] == [f"a{k}" for k in range(8)]
    assert [r["date_reason"] for r in reports] == [f"told {k}" for k in range(8)]
    assert store.conn.execute("SELECT report_count FROM events").fetchone()[0] == 8
    # saving an event read whole (its reports with it) writes no report twice
    store.upsert_event(event)
    assert store.event(event_id).features["reports"] == reports
    # a merge reads the stored event without them
    assert "reports" not in store.events_by_id([event_id], with_reports=False)[0].features


def test_a_merge_adds_one_report_row(tmp_path):
    with Store(tmp_path / "r.db") as store:
        check_reports(store)


def write_pre_023_event(store) -> dict:
    """An event whose features hold its reports, as stores before migration 023 kept them."""
    features = {"trigger": {"text": "met", "start": 5, "end": 8, "article_id": "a1"}, "steps": ["one"],
                "reports": [{"article_id": f"a{k}", "rule": "meet -> consult", "date": None,
                             "trigger": {"text": "met", "start": 5 + k, "end": 8 + k, "article_id": f"a{k}"}}
                            for k in (1, 0, 2)]}
    store.conn.execute("INSERT INTO events (id, type, negated, hypothetical, features) VALUES (?, ?, 0, 0, ?)",
                       ("e1", "CONSULT", json.dumps(features)))
    store.conn.execute("INSERT INTO events (id, type, negated, hypothetical, features) VALUES (?, ?, 0, 0, ?)",
                       ("e2", "AID", json.dumps({"steps": ["alone"]})))
    return features


def check_migrated(store, features: dict) -> None:
    assert store.event("e1").features == features
    assert store.event("e2").features == {"steps": ["alone"]}
    assert "reports" not in json.loads(row_features(store, "e1"))
    assert store.conn.execute("SELECT count(*) FROM event_reports").fetchone()[0] == 3


def test_migration_023_moves_the_reports_into_rows(tmp_path, monkeypatch):
    path = tmp_path / "old.db"
    with before_migration(sqlite, 23, monkeypatch), Store(path) as old:
        features = write_pre_023_event(old)
    with Store(path) as store:
        assert "023_event_reports.sql" in store.applied_migrations()
        check_migrated(store, features)
