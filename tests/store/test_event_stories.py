"""Each event's stories and report count (migration 022): the same as reading them from the evidence
and the articles' stories, after saves, merges, moves between stories, removals and rebuilds; and
filled by the migration for a store that already holds events."""
from __future__ import annotations

import random

from communique.models import Actor, Article, Event, EventDate, Span, Story
from communique.store import Store, sqlite
from migrating import before_migration

TYPES = ["CONSULT", "ACCUSE", "AID", "ASSAULT"]


def expected(store: Store) -> tuple[list[tuple], list[tuple]]:
    """(event, story, reports) and (event, report count), as the definitions read them."""
    stories = sorted(tuple(r) for r in store.conn.execute(
        "SELECT v.event_id, a.story_id, count(DISTINCT v.article_id) FROM event_evidence v "
        "JOIN articles a ON a.id = v.article_id WHERE a.story_id IS NOT NULL GROUP BY v.event_id, a.story_id"))
    counts = sorted(tuple(r) for r in store.conn.execute(
        "SELECT e.id, (SELECT count(DISTINCT v.article_id) FROM event_evidence v WHERE v.event_id = e.id) FROM events e"))
    return stories, counts


def kept(store: Store) -> tuple[list[tuple], list[tuple]]:
    return (sorted(tuple(r) for r in store.conn.execute("SELECT event_id, story_id, reports FROM event_stories")),
            sorted(tuple(r) for r in store.conn.execute("SELECT id, report_count FROM events")))


def story_pairs(store: Store) -> tuple[list[tuple], list[tuple]]:
    """story_country_pairs as kept, and as the join of the event pairs and stories defines it."""
    cols = "lo, hi, story_id, event_id, happened, date, type, quad"
    return (sorted(tuple(r) for r in store.conn.execute(f"SELECT {cols} FROM story_country_pairs")),
            sorted(tuple(r) for r in store.conn.execute(
                "SELECT p.lo, p.hi, t.story_id, p.event_id, p.happened, p.date, p.type, p.quad FROM event_country_pairs p "
                "JOIN event_stories t ON t.event_id = p.event_id")))


def check(store: Store) -> None:
    assert kept(store) == expected(store)
    mine, joined = story_pairs(store)
    assert mine == joined


def fill(store: Store, n_articles: int = 12, n_events: int = 30, seed: int = 4) -> None:
    """Articles in four stories (two with none), events each reported by one to four of them."""
    rng = random.Random(seed)
    for code in ("IRN", "IRQ", "TUR"):
        store.upsert_actor(Actor(code, code, "state", country=code))
    store.upsert_actor(Actor("per.tur-1", "An official", "person", country="TUR"))
    for s in range(4):
        store.upsert_story(Story(f"s{s}", f"Story {s}", [], "2024-01-01", "2024-01-0" + str(s + 1)))
    for i in range(n_articles):
        store.insert_article(Article(id=f"a{i:02d}", source=f"src{i}", text="Ministers met in the capital. " * 3,
                                     content_hash=f"h{i}", published=f"2024-01-{i % 9 + 1:02d}",
                                     story_id=f"s{i % 4}" if i % 5 else None))
    for k in range(n_events):
        reporters = rng.sample(range(n_articles), rng.randint(1, 4))
        store.upsert_event(Event(f"e{k:02d}", rng.choice(TYPES), actors=[rng.choice(["IRN", "per.tur-1"])],
                                 recipients=[rng.choice(["IRQ", "TUR", "IRN"])],
                                 date=EventDate(f"2024-01-{k % 9 + 1:02d}", "day"),
                                 evidence=[Span(f"a{i:02d}", 5 * j, 5 * j + 4, "met") for j, i in enumerate(reporters)]))


def test_rows_follow_saves_merges_moves_and_removals(tmp_path):
    with Store(tmp_path / "e.db") as store:
        follow_changes(store)


def follow_changes(store: Store) -> None:
    """Every kind of change the rows must follow, checked after each (also run on PostgreSQL)."""
    fill(store)
    check(store)
    assert store.conn.execute("SELECT count(*) FROM event_stories").fetchone()[0] > 10
    # a merge: another report, in another story, of a stored event (and one already counted)
    store.upsert_event(Event("e00", "CONSULT", actors=["IRN"], evidence=[Span("a03", 40, 44, "again"),
                                                                        Span("a07", 1, 4, "too")]))
    check(store)
    rng = random.Random(9)
    for k in range(40):  # merges: new and known stories, a better date, a new party, a changed status
        event = store.event(f"e{rng.randrange(30):02d}")
        event.evidence.append(Span(f"a{rng.randrange(12):02d}", 100 + k, 104 + k, "said"))
        if k % 5 == 0:
            event.date = EventDate(f"2024-02-{k % 9 + 1:02d}", "day")
        if k % 7 == 0:
            event.recipients.append("TUR")
        if k % 11 == 0:
            event.status = "claimed"
        store.upsert_event(event)
        check(store)
    store.upsert_actor(Actor("per.tur-1", "An official", "person", country="IRQ"))  # moved country
    check(store)
    store.set_article_fields("a01", story_id="s3")  # an article placed in another story
    store.set_article_fields("a02", story_id=None)
    check(store)
    store.merge_story("s1", "s2")  # a report bridged two stories
    check(store)
    store.remove_article_events("a03")  # a re-analysed article's evidence taken back
    check(store)
    store.clear_stories()
    assert kept(store)[0] == []
    for i in range(12):  # a rebuild places every article again
        store.set_article_fields(f"a{i:02d}", story_id=f"s{i % 3}")
    check(store)
    store.clear_events()
    assert kept(store) == ([], [])


def test_story_listing_reads_the_same_stories(tmp_path):
    from communique.serve.event_query import EventQuery
    from communique.serve.listing import story_listing

    with Store(tmp_path / "e.db") as store:
        fill(store, n_events=60)
        for query in (EventQuery(type="ACCUSE"), EventQuery(pair=("IRN", "IRQ")), EventQuery(country="IRN", members=False),
                      EventQuery(type="AID", since="2024-01-03", until="2024-01-07"), EventQuery(story="s2")):
            filters = query.store_filters()
            # what the list means: stories newest first with a matching event among their articles' events
            matching = {}
            for e in store.events(**filters):
                for s in {store.article(a).story_id for a in e.article_ids} - {None}:
                    matching.setdefault(s, []).append(e.id)
            order = [s for s in store.filtered_story_ids() if s in matching]
            listing = story_listing(store, query, limit=2, offset=1)
            assert listing.total == len(order), query
            assert listing.ids == order[1:3], query
            # each counted with its events that match every filter but the story's own
            counts = {s: store.count_events(**{**filters, "story_id": s}) for s in listing.ids}
            assert listing.event_counts == counts, query
            country = {r[0]: r[1] for r in store.conn.execute("SELECT id, country FROM actors")}
            for s in listing.ids:  # the countries its parties act for, most events first
                tally: dict[str, int] = {}
                for e in store.events(**{**filters, "story_id": s}):
                    for c in {country.get(p) for p in e.actors + e.recipients} - {None}:
                        tally[c] = tally.get(c, 0) + 1
                assert listing.countries.get(s, []) == sorted(tally, key=lambda c: (-tally[c], c)), (query, s)


def test_the_migration_fills_a_store_that_holds_events(tmp_path, monkeypatch):
    """A store written before migration 022 (rows put in as that schema had them) gains the rows
    and counts the store would have kept."""
    path = tmp_path / "old.db"
    with before_migration(sqlite, 22, monkeypatch), Store(path) as old:
        assert "report_count" not in {r[1] for r in old.conn.execute("PRAGMA table_info(events)")}
        write_pre_022_rows(old)
    with Store(path) as store:
        assert "022_event_stories.sql" in store.applied_migrations()
        stories, counts = expected(store)
        assert len(stories) >= 8 and any(n > 1 for _, _, n in stories) and any(n > 2 for _, n in counts)
        check(store)
        assert story_pairs(store)[0]  # the parties' countries paired with the stories
        # and the store goes on keeping them
        store.upsert_event(Event("e01", "CONSULT", actors=["IRN"], evidence=[Span("a05", 0, 3, "met")]))
        check(store)


def write_pre_022_rows(store) -> None:
    """Articles, stories, events, parties and evidence as plain rows (SQL both backends read)."""
    rng = random.Random(9)
    for s in range(3):
        store.conn.execute("INSERT INTO stories (id, title, first_date, last_date, created_at) VALUES (?, ?, ?, ?, ?)",
                           (f"s{s}", f"Story {s}", "2024-02-01", "2024-02-02", "2024-02-03T00:00:00"))
    for i in range(9):
        store.conn.execute("INSERT INTO articles (id, source, text, content_hash, story_id, ingested_at) "
                           "VALUES (?, ?, ?, ?, ?, ?)", (f"a{i:02d}", f"src{i}", "Words of a report.", f"h{i}",
                                                         f"s{i % 3}" if i != 8 else None, "2024-02-03T00:00:00"))
    for k in range(12):
        store.conn.execute("INSERT INTO events (id, type, negated, hypothetical, features) VALUES (?, ?, 0, 0, '{}')",
                           (f"e{k:02d}", rng.choice(TYPES)))
        for role, party in (("actor", "IRN"), ("recipient", rng.choice(["IRQ", "TUR"]))):
            store.conn.execute("INSERT INTO event_actors (event_id, actor_id, role) VALUES (?, ?, ?)",
                               (f"e{k:02d}", party, role))
        for j, i in enumerate(rng.sample(range(9), rng.randint(1, 4))):
            for start in (0, 10)[:rng.randint(1, 2)]:  # one article may give an event two sentences
                store.conn.execute('INSERT INTO event_evidence (event_id, article_id, start, "end", text) '
                                   "VALUES (?, ?, ?, ?, ?)", (f"e{k:02d}", f"a{i:02d}", start + j, start + j + 4, "met"))
    store.refresh_country_pairs([f"e{k:02d}" for k in range(12)])  # as migration 020's table was kept
