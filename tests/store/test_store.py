"""The embedded store: migrations, transactions, and a run killed halfway."""
from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time

import pytest

from communique.models import Article, Story
from communique.store import Store, StoreError
from communique.store.sqlite import _migrations


def make_article(i: int) -> Article:
    return Article(id=f"a{i:015d}", source=f"s{i}", text=f"text {i}", content_hash=f"h{i}")


def test_migrations_run_once_and_set_the_version(tmp_path):
    path = tmp_path / "x.db"
    Store(path).close()
    newest = _migrations()[-1][0]
    with Store(path) as s:  # reopening applies nothing twice
        assert s.conn.execute("PRAGMA user_version").fetchone()[0] == newest
        tables = {r[0] for r in s.conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert {"articles", "actors", "events", "quotes", "stories", "mentions", "article_sources"} <= tables


def test_wal_mode(store):
    from communique.store.sqlite import CHECKPOINT_PAGES

    assert store.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    # checkpoints of many pages at a time (store/sqlite.py), on every writing connection
    assert store.conn.execute("PRAGMA wal_autocheckpoint").fetchone()[0] == CHECKPOINT_PAGES > 1000


def test_a_failed_transaction_leaves_nothing(store):
    with pytest.raises(RuntimeError):
        with store.transaction():
            store.insert_article(make_article(1))
            raise RuntimeError("boom")
    assert store.count_articles() == 0
    with store.transaction():
        store.insert_article(make_article(2))
    assert store.count_articles() == 1


def test_missing_or_foreign_files_give_clear_errors(tmp_path):
    with pytest.raises(StoreError, match="no store"):
        Store(tmp_path / "absent.db", create=False)
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"this is not sqlite at all" * 100)
    with pytest.raises(StoreError, match="not a Communiqué store"):
        Store(junk)


def test_newer_schema_is_refused(tmp_path):
    path = tmp_path / "new.db"
    Store(path).close()
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA user_version = 999")
    conn.close()
    with pytest.raises(StoreError, match="newer"):
        Store(path)


def test_a_killed_ingest_leaves_a_consistent_store(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    n = 3000
    for i in range(n):
        (corpus / f"r{i:05d}.txt").write_text(f"Report {i}: the delegation from region {i} met officials "
                                               f"of district {i * 3} about project {i * 11} on Monday.")
    db = tmp_path / "k.db"
    script = textwrap.dedent(f"""
        from communique.pipeline import Pipeline
        from communique.store import Store
        Pipeline(Store({str(db)!r}), analyse=False, batch_size=8).ingest([{str(corpus)!r}])
    """)
    proc = subprocess.Popen([sys.executable, "-c", script], env={**os.environ, "PYTHONPATH": "src"})
    deadline = time.time() + 60
    while time.time() < deadline:  # kill it once some articles are in, well before the end
        time.sleep(0.05)
        if db.exists():
            try:
                c = sqlite3.connect(db, timeout=5)
                done = c.execute("SELECT count(*) FROM articles").fetchone()[0]
                c.close()
            except sqlite3.OperationalError:
                continue
            if done >= 50:
                break
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    with Store(db) as s:
        assert s.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        stored = s.count_articles()
        assert 0 < stored < n, "the run should have been cut off midway"
        orphans = s.conn.execute("SELECT count(*) FROM articles a WHERE NOT EXISTS "
                                 "(SELECT 1 FROM article_sources x WHERE x.article_id = a.id)").fetchone()[0]
        assert orphans == 0
        summary = __import__("communique.pipeline", fromlist=["Pipeline"]).Pipeline(s, analyse=False).ingest([str(corpus)])
        assert s.count_articles() == n
        assert len(summary.unchanged) == stored and len(summary.new) == n - stored


def test_a_migration_numbered_below_the_applied_ones_still_runs(tmp_path, monkeypatch):
    import communique.store.sqlite as sqlite_backend

    path = tmp_path / "m.db"
    real = sqlite_backend._migrations()
    late = real[0][0] + 0.5  # sorts between the first two files, as a late-merged branch would
    Store(path).close()
    monkeypatch.setattr(sqlite_backend, "_migrations", lambda: sorted(real + [(late, "001b_late.sql",
                                                                           "CREATE TABLE late_one (x INTEGER);")]))
    with Store(path) as s:
        assert s.conn.execute("SELECT count(*) FROM late_one").fetchone()[0] == 0
    with Store(path) as s:  # and only once
        names = [r[0] for r in s.conn.execute("SELECT name FROM schema_migrations")]
        assert names.count("001b_late.sql") == 1


def test_story_sources_count_copies_and_reposts_once(store):
    from communique.models import Story

    rows = [("a1", "Agency", None, None), ("a2", "Reposter", "a1", None), ("a3", "Content site", None, "agency"),
            ("a4", "Other site", None, "Agency"), ("a5", "Daily", None, None)]
    with store.transaction():
        store.upsert_story(Story(id="s", title="t"))
        for i, (aid, outlet, dup, credit) in enumerate(rows):
            store.insert_article(Article(id=aid, source=aid, text=f"text {i}", content_hash=aid, outlet=outlet,
                                         original_source=credit, story_id="s", duplicate_of=dup))
    counts = store.story_sources(["s"])["s"]
    # a1 and the sites crediting it are one source; the copy a2 is none; a5 is another.
    assert counts == {"articles": 5, "outlets": 5, "independent": 2}


def test_the_speaker_index_migration_fills_from_existing_quotes(tmp_path, monkeypatch):
    import communique.store.sqlite as sqlite_backend
    from migrating import before_migration

    path = tmp_path / "q.db"
    with before_migration(sqlite_backend, 16, monkeypatch), Store(path) as s, s.transaction():
        s.insert_article(make_article(1))
        s.conn.executemany('INSERT INTO quotes (id, article_id, start, "end", text, direct, speaker_name, speaker_id, '
                           "speaker_ids) VALUES (?, ?, 0, 4, 'text', 1, ?, ?, ?)",
                           [("q1", make_article(1).id, "the Kenyan minister", "per.one", '["per.one"]'),
                            ("q2", make_article(1).id, "both envoys", None, '["per.one", "per.two"]'),
                            ("q3", make_article(1).id, None, None, "[]")])
    with Store(path) as s:
        assert sorted(map(tuple, s.conn.execute("SELECT actor_id, quote_id FROM quote_speakers"))) == \
            [("per.one", "q1"), ("per.one", "q2"), ("per.two", "q2")]
        assert [q.id for q in s.quotes(speaker_id="per.two")] == ["q2"]
        assert [q.id for q in s.quotes(speaker="kenyan")] == ["q1"]
        assert [q.id for q in s.quotes(speaker_id="per.one")] == ["q1", "q2"]


def test_event_search_finds_events_in_order_of_their_first_matching_evidence(store):
    from communique.models import Event, Span

    store.insert_article(Article(id="a1", source="s", text="x" * 900, content_hash="h"))
    # 300 events whose evidence rows interleave: one event's many matches must not crowd out the
    # next ones (the matches are read in batches), and case does not matter.
    for i in range(300):
        spans = [Span("a1", i, i + 3, "Talks on WATER sharing" if i % 3 else "talks on grain")]
        store.upsert_event(Event(f"e{i:03d}", "CONSULT", evidence=spans))
        if i % 7 == 0:
            store.upsert_event(Event("e001", "CONSULT", evidence=[Span("a1", 600 + i, 603 + i, "more water talks")]))
    found = [e.id for e in store.search_events("water TALKS", limit=100)]
    assert found == [f"e{i:03d}" for i in range(300) if i % 3][:100]
    assert [e.id for e in store.search_events("grain", limit=5)] == ["e000", "e003", "e006", "e009", "e012"]
    assert store.search_events("nothing here") == []


def test_a_writing_connection_gets_the_larger_page_cache(tmp_path):
    from communique.store.sqlite import WRITER_CACHE_KIB

    with Store(tmp_path / "c.db") as store:
        assert store.conn.execute("PRAGMA cache_size").fetchone()[0] != -WRITER_CACHE_KIB  # a reader's default
        with store.transaction():
            store.upsert_story(Story("s1", "A story", [], None, None))
        assert store.conn.execute("PRAGMA cache_size").fetchone()[0] == -WRITER_CACHE_KIB
