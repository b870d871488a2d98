"""Event search over evidence sentences (store/search.py): every word anywhere in a sentence, in
the order the evidence was stored, read through the trigram index (migration 024), which follows
every write: the same answers as a scan of the sentences."""
from __future__ import annotations

import random

from communique.models import Actor, Article, Event, Span
from communique.store import Store, sqlite
from migrating import before_migration

WORDS = ["freshwater", "dam", "talks", "border", "pilgrims", "Water", "crossing", "deal", "oil", "ok"]


def scan(store: Store, text: str, limit: int = 20) -> list[str]:
    """The definition: events in the order of their first stored sentence holding every word."""
    words = [w.lower() for w in text.split() if len(w) > 1]
    found: list[str] = []
    for event_id, sentence in store.conn.execute("SELECT event_id, text FROM event_evidence ORDER BY rowid"):
        if all(w in sentence.lower() for w in words) and event_id not in found:
            found.append(event_id)
    return found[:limit]


def fill(store: Store, n: int = 60, seed: int = 2) -> None:
    rng = random.Random(seed)
    store.upsert_actor(Actor("IRQ", "Iraq", "state", country="IRQ"))
    for i in range(12):
        if store.article(f"a{i:02d}") is None:
            store.insert_article(Article(id=f"a{i:02d}", source=f"s{i}", text="x " * 40,
                                         content_hash=f"h{i}"))
    for k in range(n):
        spans = [Span(f"a{rng.randrange(12):02d}", 3 * j, 3 * j + 2, " ".join(rng.sample(WORDS, 3)) + " were discussed.")
                 for j in range(rng.randint(1, 3))]
        store.upsert_event(Event(f"e{k:02d}", "CONSULT", actors=["IRQ"], evidence=spans))


def check(store: Store) -> None:
    store.conn.execute("INSERT INTO evidence_trigrams (evidence_trigrams) VALUES ('integrity-check')")
    for query in ("water", "WATER dam", "talks border", "ok", "crossing deal oil", "nothing", "ok nothing",
                  "ok dam", "dam ok were"):
        assert [e.id for e in store.search_events(query, limit=15)] == scan(store, query, 15), query


def test_search_finds_words_inside_words_and_follows_every_write(tmp_path):
    with Store(tmp_path / "s.db") as store:
        fill(store)
        assert [e.id for e in store.search_events("water")]  # "freshwater" and "Water"
        check(store)
        store.remove_article_events("a03")  # a re-analysed article's sentences taken back
        check(store)
        store.conn.execute("DELETE FROM events WHERE id IN ('e10', 'e11')")  # cascades to their evidence
        check(store)
        store.conn.execute("UPDATE event_evidence SET text = 'the dam talks ended' WHERE rowid = 5")
        check(store)
        store.clear_events()
        assert store.search_events("dam") == []
        fill(store, n=20, seed=5)
        check(store)


def test_the_migration_indexes_the_evidence_already_stored(tmp_path, monkeypatch):
    path = tmp_path / "old.db"
    with before_migration(sqlite, 24, monkeypatch):
        with Store(path) as store:
            fill(store)
            assert not store.conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'evidence_trigrams'").fetchone()
    with Store(path) as store:
        check(store)
