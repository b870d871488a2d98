"""The country-pairs table behind pair, country and timeline queries: the same answers as reading
every event's parties, after saves, merges, an actor's change of country and a rebuild."""
from __future__ import annotations

import random

from communique.models import Actor, Article, Event, EventDate, Location, Span
from communique.store import Store

STATES = ["IRN", "IRQ", "TUR", "SYR"]
TYPES = [("CONSULT", None, 1.0), ("ASSAULT", "190", -10.0), ("AID", None, 7.4), ("ACCUSE", "112", -2.0)]


def fill(store: Store, n: int = 120, seed: int = 3, article: str = "a1") -> list[Actor]:
    rng = random.Random(seed)
    actors = [Actor(c, c, "state", country=c) for c in STATES]
    actors += [Actor(f"per.{c.lower()}-{k}", f"Official {k} of {c}", "person", country=c) for c in STATES for k in range(2)]
    actors += [Actor("org.un", "United Nations", "organization"), Actor("per.nobody", "A Nobody", "person")]
    store.upsert_actor(Actor("irq", "lower-case id", "state"))  # a code no filter can name
    for a in actors:
        store.upsert_actor(a)
    store.insert_article(Article(id=article, source=article, text="x" * 50, content_hash=article))
    ids = [a.id for a in actors] + ["TUR", "irq", "nobody-stored"]
    for i in range(n):
        etype, cameo, gold = rng.choice(TYPES)
        date = rng.choice([None, f"2023-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}", f"2024-0{rng.randint(1, 9)}"])
        place = rng.choice([None, Location("Basra", "IRQ"), Location("Ankara", "TUR")])
        store.upsert_event(Event(f"e{i:03d}", etype, cameo=cameo, goldstein=gold, date=EventDate(date, "day"),
                                 location=place,
                                 actors=rng.sample(ids, rng.randint(0, 2)), recipients=rng.sample(ids, rng.randint(0, 2)),
                                 negated=rng.random() < 0.1, status=rng.choice(["asserted", "asserted", "denied"]),
                                 evidence=[Span(article, i % 40, i % 40 + 5, "words")]))
    return actors


def expected(store: Store, codes: tuple[str, ...], **filters) -> list[str]:
    """What the filter means, read from every event's parties (a party counts for itself and its country)."""
    country = {r[0]: r[1] for r in store.conn.execute("SELECT id, country FROM actors")}
    out = []
    for e in store.events(**filters):
        theirs = {c for p in e.actors + e.recipients for c in (p, country.get(p))}
        if all(c in theirs for c in codes):
            out.append(e.id)
    return out


def check(store: Store) -> None:
    for codes in [("IRN",), ("IRQ",), ("IRN", "IRQ"), ("IRQ", "IRN"), ("TUR", "TUR"), ("SYR", "IRN")]:
        for extra in ({}, {"mode": "happened"}, {"mode": "happened", "since": "2023-03", "until": "2023-07-31"}):
            f = {"country": codes[0]} if len(codes) == 1 else {"pair": codes}
            want = expected(store, codes, **extra)
            assert [e.id for e in store.events(**f, **extra)] == want, (codes, extra)
            assert [e.id for e in store.events(**f, **extra, limit=5, offset=2)] == want[2:7], (codes, extra)
            assert store.count_events(**f, **extra) == len(want), (codes, extra)
            # min_confidence=0 keeps every event but reads the events table: the slow path
            assert store.event_histogram(**f, **extra) == store.event_histogram(**f, **extra, min_confidence=0)
            for facet in ("type", "quad", "place"):
                assert store.event_facet(facet, **f, **extra) == store.event_facet(facet, **f, **extra, min_confidence=0)
            assert sorted(store.event_facet_rows(**f, **extra), key=str) == \
                sorted(store.event_facet_rows(**f, **extra, min_confidence=0), key=str)
            for narrower in ({"type": "assault"}, {"quad": 1}, {"type": "CONSULT", "quad": 1}):
                assert [e.id for e in store.events(**f, **extra, **narrower)] == \
                    [e.id for e in store.events(**f, **extra, **narrower, min_confidence=0)], narrower
                assert store.count_events(**f, **extra, **narrower) == \
                    store.count_events(**f, **extra, **narrower, min_confidence=0), narrower
            assert [e.id for e in store.events(**f, **extra, sort="-date")] == \
                [e.id for e in store.events(**f, **extra, sort="-date", min_confidence=0)]
    assert [e.id for e in store.events(country="irn")] == expected(store, ("IRN",))
    assert store.count_events(country="IRN", pair=("IRQ", "TUR")) == len(expected(store, ("IRN", "IRQ", "TUR")))


def test_pairs_answer_as_the_parties_do(tmp_path):
    with Store(tmp_path / "p.db") as store:
        fill(store)
        assert store.count_events(pair=("IRN", "IRQ")) > 5
        check(store)


def test_pairs_follow_merges_country_changes_and_removal(tmp_path):
    with Store(tmp_path / "p.db") as store:
        fill(store)
        # a merge adds a party and a date to a stored event
        store.upsert_event(Event("e000", "CONSULT", actors=["per.syr-1"], date=EventDate("2023-05-05", "day"),
                                 evidence=[Span("a1", 45, 49, "more")]))
        # an official moves to another country; an unknown actor becomes known
        store.upsert_actor(Actor("per.irn-0", "Official 0 of IRN", "person", country="TUR"))
        store.upsert_actor(Actor("nobody-stored", "Now known", "person", country="SYR"))
        check(store)
        store.remove_article_events("a1")
        assert store.conn.execute("SELECT count(*) FROM event_country_pairs").fetchone()[0] == 0
        fill(store, n=30, seed=5, article="a2")
        assert store.count_events(country="IRN")
        store.clear_events()
        assert store.conn.execute("SELECT count(*) FROM event_country_pairs").fetchone()[0] == 0


def test_migration_fills_the_table_from_stored_events(tmp_path):
    path = tmp_path / "p.db"
    with Store(path) as store:
        fill(store)
        kept = sorted(map(tuple, store.conn.execute("SELECT * FROM event_country_pairs")))
        store.conn.execute("DELETE FROM event_country_pairs")
        sql = next(s for _, name, s in __import__("communique.store.sqlite", fromlist=["x"])._migrations()
                   if name.startswith("020_"))
        store.conn.executescript(sql.split("CREATE INDEX event_country_pairs_chrono")[1].split(";", 1)[1])
        assert sorted(map(tuple, store.conn.execute("SELECT * FROM event_country_pairs"))) == kept


def test_a_long_listing_is_read_in_chunks(tmp_path):
    with Store(tmp_path / "p.db") as store:
        fill(store, n=1200)
        ids = [e.id for e in store.events()]
        assert [e.id for e in store.events_by_id(ids[::-1])] == ids[::-1]
        check(store)


def test_a_guessed_country_does_not_move_a_person_the_store_knows(tmp_path):
    """A text person's country guessed from one report's main state keeps the one stored (none is
    lost either); one the words of a report give replaces it, and the pairs follow."""
    with Store(tmp_path / "p.db") as store:
        fill(store)
        guess = dict(origin="text", country_guessed=True)
        store.upsert_actor(Actor("per.new", "A witness", "person", country="SYR", **guess), origin="text")
        assert store.actor("per.new").country == "SYR"  # nothing stored yet: the guess is all there is
        store.upsert_event(Event("e900", "ACCUSE", actors=["per.new"], recipients=["TUR"],
                                 evidence=[Span("a1", 1, 5, "said")]))
        for country in ("IRQ", None):
            store.upsert_actor(Actor("per.new", "A witness", "person", country=country, **guess), origin="text")
            assert store.actor("per.new").country == "SYR"
        assert "e900" in store.event_ids(pair=("SYR", "TUR"))
        store.upsert_actor(Actor("per.new", "A witness", "person", country="IRQ", origin="text"), origin="text")
        assert store.actor("per.new").country == "IRQ"
        assert "e900" in store.event_ids(pair=("IRQ", "TUR")) and "e900" not in store.event_ids(pair=("SYR", "TUR"))
        check(store)
