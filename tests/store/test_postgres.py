"""The PostgreSQL backend against a real server that these tests start (pgserver.py): the same
input gives the same record as in SQLite, re-ingesting changes nothing, search and event
filters agree, a failed transaction leaves nothing, migrations are recorded by name, and the
CLI and the REST API work over a postgresql:// URL. Skipped when no PostgreSQL is installed
(scripts/install-postgres.sh installs Debian's)."""
from __future__ import annotations

import itertools
import json
from pathlib import Path

import pytest

from communique.models import Article
from communique.store import Store, StoreError

from pgserver import PgServer, why_unavailable

pytestmark = pytest.mark.postgres

_names = itertools.count()


@pytest.fixture(scope="session")
def pg():
    reason = why_unavailable()
    if reason:
        pytest.skip(reason)
    with PgServer() as server:
        yield server


@pytest.fixture
def pg_url(pg) -> str:
    """A new, empty database for one test."""
    return pg.create_database(f"t{next(_names)}")


def sample_corpus() -> str:
    from importlib import resources

    return str(resources.files("communique").joinpath("samples", "corpus"))


def read_export(out: Path) -> dict[str, list[dict]]:
    return {f.stem: [json.loads(line) for line in f.read_text(encoding="utf-8").splitlines()]
            for f in sorted(out.glob("*.jsonl"))}


def as_set(rows: list[dict]) -> list[str]:
    """A table's records, order aside, each compared whole."""
    return sorted(json.dumps(r, sort_keys=True, ensure_ascii=False) for r in rows)


@pytest.fixture(scope="module")
def both(pg, tmp_path_factory):
    """The bundled samples ingested (full analysis) into SQLite and into PostgreSQL, and exported:
    {"sqlite": (location, export), "postgres": (location, export)}."""
    from communique.pipeline import Pipeline
    from communique.serve.export import export

    base = tmp_path_factory.mktemp("backends")
    out = {}
    for name, location in (("sqlite", base / "samples.db"), ("postgres", pg.create_database("samples"))):
        with Store(location) as store:
            summary = Pipeline(store).ingest([sample_corpus()])
            assert summary.new and not summary.failed
            export(store, base / name)
        out[name] = (location, read_export(base / name))
    return out


# ── the adapter, without a server ──────────────────────────────────────────────────────────

def test_placeholders_become_psycopg_ones_outside_quotes():
    from communique.store.postgres import translate

    assert translate("SELECT a FROM t WHERE b = ? AND c LIKE ?") == "SELECT a FROM t WHERE b = %s AND c LIKE %s"
    assert translate("SELECT '?', \"a?\" FROM t WHERE x = ? AND y LIKE '%z'") == \
        "SELECT '?', \"a?\" FROM t WHERE x = %s AND y LIKE '%%z'"


def test_a_url_is_kept_whole_from_the_environment(monkeypatch):
    from communique.serve.cli import default_db

    monkeypatch.setenv("COMMUNIQUE_DB", "postgresql://someone@db.example:5433/news")
    assert default_db() == "postgresql://someone@db.example:5433/news"


# ── the same record ────────────────────────────────────────────────────────────────────────

def test_the_samples_give_the_same_export_in_both(both):
    lite, pg = both["sqlite"][1], both["postgres"][1]
    assert set(lite) == set(pg) == {"articles", "stories", "actors", "events", "quotes"}
    for table in lite:
        assert lite[table], f"no {table} from the samples"
        assert as_set(pg[table]) == as_set(lite[table]), table
    # Orders that do not hang on ingest timestamps are the same too.
    for table in ("articles", "actors", "events", "quotes"):
        assert [r["id"] for r in pg[table]] == [r["id"] for r in lite[table]], table


def test_reingesting_changes_nothing(both, tmp_path):
    from communique.pipeline import Pipeline
    from communique.serve.export import export

    with Store(both["postgres"][0]) as store:
        before = store.counts()
        summary = Pipeline(store, analyse=False).ingest([sample_corpus()])
        assert summary.new == [] and summary.failed == [] and summary.unchanged
        assert store.counts() == before
        export(store, tmp_path / "again")
    again = read_export(tmp_path / "again")
    for table, rows in both["postgres"][1].items():
        assert as_set(again[table]) == as_set(rows), table


# ── search and filters ───────────────────────────────────────────────────────────────────

QUERIES = ["border", "Baghdad talks", '"foreign minister"', "sanctions", "strike OR protest", "interior ministers",
           "nonexistentword"]


def test_full_text_search_finds_the_same_articles_and_quotes(both):
    with Store(both["sqlite"][0]) as lite, Store(both["postgres"][0]) as pg:
        found = 0
        for q in QUERIES:
            a = {h["article_id"] for h in lite.search_articles(q, limit=100)}
            b = {h["article_id"] for h in pg.search_articles(q, limit=100)}
            assert a == b, q  # the ranking may differ; what is found may not
            found += bool(a)
            assert {x.id for x in lite.quotes(about=q)} == {x.id for x in pg.quotes(about=q)}, q
            assert [e.id for e in lite.search_events(q)] == [e.id for e in pg.search_events(q)], q
        assert found >= 4
        hit = pg.search_articles("border", limit=5)
        assert hit and "[" in hit[0]["snippet"] and hit[0]["rank"] <= hit[-1]["rank"]  # lower is better


def test_bad_queries_are_harmless(pg_url):
    with Store(pg_url) as store:
        for q in ['"', "AND", "x\x00y", "(((", "-", "'; DROP TABLE articles; --"]:
            assert store.search_articles(q) == []
            assert store.quotes(about=q) == []
        assert store.count_articles() == 0


def test_event_filters_agree(both):
    with Store(both["sqlite"][0]) as lite, Store(both["postgres"][0]) as pg:
        events = lite.events()
        assert events
        # Filter values taken from the record itself: a busy type, party, country pair and story.
        types = sorted({e.type for e in events}, key=lambda t: -sum(e.type == t for e in events))
        parties = sorted({p for e in events for p in e.actors + e.recipients})
        dated = sorted(e.date.value for e in events if e.date.value)
        story = next(a["story_id"] for a in both["sqlite"][1]["articles"] if a["story_id"])
        filters = [{}, {"type": types[0]}, {"type": types[-1].lower()}, {"actor": events[0].actors[0]},
                   {"party": parties[0]}, {"country": "IRQ"}, {"pair": ("IRN", "IRQ")},
                   {"since": dated[len(dated) // 2]}, {"until": dated[len(dated) // 2]},
                   {"since": dated[0], "until": dated[-1], "type": types[0]}, {"story_id": story},
                   {"recipient": next(e.recipients[0] for e in events if e.recipients)},
                   # the shared event filters of the workbench (serve/event_query.py)
                   {"mode": "happened"}, {"quad": 1}, {"quad": 4, "mode": "happened"},
                   {"country": "IRN", "members": False}, {"pair": ("IRN", "IRQ"), "members": False},
                   {"min_confidence": 0.5}, {"asserted_only": True},
                   {"place": next((e.location.name for e in events if e.location), "Baghdad")},
                   {"place": "IRQ"}]
        answered = 0
        for f in filters:
            ids = [e.id for e in lite.events(**f)]
            answered += bool(ids)
            assert [e.id for e in pg.events(**f)] == ids, f
            assert pg.count_events(**f) == len(ids), f
            assert pg.event_histogram(**f) == lite.event_histogram(**f), f
            assert [e.id for e in pg.events(**f, limit=3, offset=1)] == ids[1:4], f
        assert answered >= len(filters) - 2  # the filters were not all empty
        for sort in ("-date", "type", "-goldstein", "-reports", "-confidence"):
            assert [e.id for e in pg.events(sort=sort)] == [e.id for e in lite.events(sort=sort)], sort
            assert pg.event_keys(sort=sort, mode="happened") == lite.event_keys(sort=sort, mode="happened"), sort
        for facet in ("type", "quad", "place"):
            assert pg.event_facet(facet, mode="happened") == lite.event_facet(facet, mode="happened"), facet
        ids = [s.id for s in lite.stories()]
        for f in ({}, {"type": types[0], "mode": "happened"}, {"country": "IRQ", "members": False}):
            # (as sets: stories of one date are ordered by when each store created them)
            assert sorted(pg.filtered_story_ids(**f)) == sorted(lite.filtered_story_ids(**f)), f
            assert pg.story_event_matches(**f) == lite.story_event_matches(**f) or \
                {k: sorted(v) for k, v in pg.story_event_matches(**f).items()} == \
                {k: sorted(v) for k, v in lite.story_event_matches(**f).items()}, f
            assert pg.story_event_counts(ids, **f) == lite.story_event_counts(ids, **f), f
            assert pg.story_countries(ids, **f) == lite.story_countries(ids, **f), f
        assert pg.counterparts(parties[0]) == lite.counterparts(parties[0])
        assert [a.id for a in pg.actors(country="irq")] == [a.id for a in lite.actors(country="irq")]
        for speaker in ("hussein", "Araghchi", "IRN"):
            assert [q.id for q in pg.quotes(speaker=speaker)] == [q.id for q in lite.quotes(speaker=speaker)]
        assert [a.id for a in pg.actors(query="minister")] == [a.id for a in lite.actors(query="minister")]


# ── transactions and migrations ──────────────────────────────────────────────────────────────

def make_article(i: int) -> Article:
    return Article(id=f"a{i:015d}", source=f"s{i}", text=f"text {i} about water", content_hash=f"h{i}")


def test_a_failed_transaction_leaves_nothing(pg_url):
    with Store(pg_url) as store:
        with pytest.raises(RuntimeError):
            with store.transaction():
                store.insert_article(make_article(1))
                with store.transaction():  # a nested one joins the outer, and goes with it
                    store.record_source("s1", make_article(1).id, "raw")
                raise RuntimeError("boom")
        assert store.count_articles() == 0 and store.source_seen("s1") is None
        assert store.search_articles("water") == []
        with store.transaction():
            store.insert_article(make_article(2))
        assert store.count_articles() == 1
        # A statement the server rejects rolls back the whole article too.
        with pytest.raises(Exception):
            with store.transaction():
                store.insert_article(make_article(3))
                store.insert_article(make_article(3))  # duplicate key
        assert store.count_articles() == 1
        assert [h["article_id"] for h in store.search_articles("water")] == [make_article(2).id]


def test_migrations_are_recorded_by_name_and_reopening_applies_nothing(pg_url, monkeypatch):
    import communique.store.postgres as postgres
    from communique.store import sqlite

    with Store(pg_url) as store:
        files = [name for _, name, _ in postgres._migrations()]
        assert store.applied_migrations() == files
        # The same files, by name, as SQLite's: one logical schema.
        assert files == [name for _, name, _ in sqlite._migrations()]
        stamps = store.conn.execute("SELECT name, applied_at FROM schema_migrations ORDER BY name").fetchall()
        assert store.schema_version() == postgres._migrations()[-1][0]
    with Store(pg_url) as store:  # reopening applies nothing twice
        assert store.conn.execute("SELECT name, applied_at FROM schema_migrations ORDER BY name").fetchall() == stamps
    real = postgres._migrations()
    late = (real[0][0] + 0.5, "001b_late.sql", "CREATE TABLE late_one (x INTEGER);")
    monkeypatch.setattr(postgres, "_migrations", lambda: sorted(real + [late]))
    for _ in range(2):  # a file numbered below the applied ones still runs, once
        with Store(pg_url) as store:
            assert store.conn.execute("SELECT count(*) FROM late_one").fetchone()[0] == 0
            assert store.applied_migrations().count("001b_late.sql") == 1


def test_the_schema_has_the_same_columns_as_sqlite(pg_url, tmp_path):
    with Store(pg_url) as pg, Store(tmp_path / "s.db") as lite:
        tables = [r[0] for r in lite.conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' "
                                                  "AND name NOT LIKE 'sqlite%' AND name NOT LIKE '%fts_%' "
                                                  "AND name NOT LIKE 'evidence_trigrams%'")]  # SQLite's index only
        assert "articles_fts" in tables and "events" in tables
        for table in tables:
            mine = [r[1] for r in lite.conn.execute(f"PRAGMA table_info({table})")]
            theirs = [r[0] for r in pg.conn.execute(
                "SELECT column_name FROM information_schema.columns WHERE table_name = ? "
                "AND column_name NOT IN ('rowid', 'doc') ORDER BY ordinal_position", (table,))]
            assert theirs == mine, table


def test_missing_newer_and_unreachable_stores_give_clear_errors(pg, pg_url):
    with pytest.raises(StoreError, match="no Communiqué store"):
        Store(pg_url, create=False)
    with Store(pg_url) as store:
        store.conn.execute("INSERT INTO schema_migrations VALUES ('999_future.sql', 'later')")
    with pytest.raises(StoreError, match="newer"):
        Store(pg_url)
    with pytest.raises(StoreError, match="cannot open"):
        Store(pg.url("no_such_database"))


def test_text_actors_accumulate_as_in_sqlite(pg_url, tmp_path):
    """The trigger of migration 002, written twice: the same writes give the same actor."""
    from communique.models import Actor, Role

    writes = [Actor("text.x", "Minister Ahmadi", "person", country="IRN", aliases=["Ahmadi"],
                    roles=[Role("Interior Minister", "IRN", None, None)]),
              Actor("text.x", "Ahmadi", "person", aliases=["Vahid Ahmadi", "Ahmadi"],
                    roles=[Role("Foreign Minister", "IRN", "2020-01-01", None), Role("Interior Minister", "IRN")]),
              Actor("text.x", "V. Ahmadi", "person", sector="GOV", roles=[])]
    out = []
    for location in (pg_url, tmp_path / "s.db"):
        with Store(location) as store:
            for actor in writes:
                with store.transaction():
                    store.upsert_actor(actor, origin="text")
            out.append(store.actor("text.x"))
    assert out[0] == out[1]
    assert out[0].name == "Minister Ahmadi" and out[0].country == "IRN" and out[0].sector == "GOV"
    assert len(out[0].roles) == 2 and "V. Ahmadi" in out[0].aliases


# ── the CLI and the REST API over a URL ────────────────────────────────────────────────────────

def test_the_cli_takes_a_url(both):
    from typer.testing import CliRunner

    from communique.serve.cli import app

    runner = CliRunner()
    url = both["postgres"][0]
    result = runner.invoke(app, ["info", "--db", url, "--json"])
    assert result.exit_code == 0, result.output
    info = json.loads(result.stdout)
    assert info["db"] == url and info["articles"] == len(both["postgres"][1]["articles"])
    result = runner.invoke(app, ["events", "--db", url, "--json"])
    assert result.exit_code == 0, result.output


def test_the_api_answers_the_same_over_postgres(both):
    from fastapi.testclient import TestClient

    from communique.serve.api import create_app

    lite_db, pg_db = both["sqlite"][0], both["postgres"][0]
    with TestClient(create_app(lite_db, analyse=False)) as lite, TestClient(create_app(pg_db, analyse=False)) as pg:
        events = lite.get("/api/events", params={"limit": 500}).json()
        assert events["items"] and pg.get("/api/events", params={"limit": 500}).json() == events
        story = both["sqlite"][1]["stories"][0]["id"]
        assert pg.get(f"/api/stories/{story}").json() == lite.get(f"/api/stories/{story}").json()
        actor = events["items"][0]["actors"][0]
        assert pg.get(f"/api/actors/{actor}").json() == lite.get(f"/api/actors/{actor}").json()
        assert pg.get("/api/timeline", params={"pair": "IRN:IRQ"}).json() == \
            lite.get("/api/timeline", params={"pair": "IRN:IRQ"}).json()
        hits = [pg.get("/api/search", params={"q": "border"}).json(), lite.get("/api/search", params={"q": "border"}).json()]
        assert {h["article_id"] for h in hits[0]["articles"]} == {h["article_id"] for h in hits[1]["articles"]}
        assert pg.get("/api/articles/nope").status_code == 404
        assert pg.get("/").status_code == 200 and pg.get(f"/stories/{story}").status_code == 200


def test_the_api_ingests_into_postgres(pg_url):
    from fastapi.testclient import TestClient

    from communique.serve.api import create_app

    Store(pg_url).close()  # the API opens an existing store
    text = ("Officials of two neighbouring states met at the river crossing on Tuesday to discuss "
            "a shared plan for the dams upstream, a spokesman for the water authority said.")
    with TestClient(create_app(pg_url, analyse=False)) as c:
        first = c.post("/api/ingest", json={"text": text, "title": "Dam talks", "published": "2024-04-02"}).json()
        assert first["status"] == "new" and first["story"]["id"] == first["article"]["story_id"]
        again = c.post("/api/ingest", json={"text": text, "title": "Dam talks", "published": "2024-04-02"}).json()
        assert again["status"] == "unchanged" and again["article_id"] == first["article_id"]
        assert c.get("/api/articles").json()["total"] == 1
        assert c.get(f"/api/articles/{first['article_id']}").json()["text"] == text
        assert [h["article_id"] for h in c.get("/api/search", params={"q": "dams"}).json()["articles"]] == \
            [first["article_id"]]


def test_migration_022_fills_event_stories_in_a_store_that_holds_events(pg_url, monkeypatch):
    import communique.store.postgres as postgres
    from migrating import before_migration
    from test_event_stories import check, expected, write_pre_022_rows

    with before_migration(postgres, 22, monkeypatch), Store(pg_url) as old:
        write_pre_022_rows(old)
    with Store(pg_url) as store:
        stories, counts = expected(store)
        assert len(stories) >= 8 and any(n > 1 for _, _, n in stories) and any(n > 2 for _, n in counts)
        check(store)


def test_event_story_rows_follow_every_change_as_in_sqlite(pg_url):
    from test_event_stories import follow_changes

    with Store(pg_url) as store:
        follow_changes(store)


def test_event_reports_are_rows_as_in_sqlite(pg_url):
    from test_event_reports import check_reports

    with Store(pg_url) as store:
        check_reports(store)


def test_migration_023_moves_the_reports_into_rows(pg_url, monkeypatch):
    import communique.store.postgres as postgres
    from migrating import before_migration
    from test_event_reports import check_migrated, write_pre_023_event

    with before_migration(postgres, 23, monkeypatch), Store(pg_url) as old:
        features = write_pre_023_event(old)
    with Store(pg_url) as store:
        check_migrated(store, features)
