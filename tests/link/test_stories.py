"""Same-event stories: rewrites join, other meetings of the same countries stay apart; the
seeds and the bundled samples; provenance; rebuilding from scratch agrees with the
incremental result; the `stories`, `story` and `restory` commands."""
from __future__ import annotations

import json
import random
from importlib import resources
from pathlib import Path

import pytest
from typer.testing import CliRunner

from communique.link import Linker
from communique.link.provenance import canonical_outlet, credited_source, story_provenance
from communique.link.stories import rebuild_stories
from communique.link.story_features import extract, text_bags
from communique.models import Analysis, Article
from communique.pipeline import Pipeline
from communique.serve.cli import app
from communique.store import Store

SAMPLES = Path(str(resources.files("communique").joinpath("samples")))
EXPECTED = json.loads((SAMPLES / "expected.json").read_text(encoding="utf-8"))

# Invented reports: one gas-swap meeting told twice (a wire story and a bulleted brief), the
# same two ministers meeting again a month later about something else, and another pair of
# ministers from the same two countries in the week of the first meeting.
WIRE = """BASRA (Gulf Wire) – Iraqi Oil Minister Karim Dabbagh and Iranian Petroleum Minister Parviz Roshani signed a gas swap arrangement in Basra on Sunday, under which Iranian gas will reach the Rumaila power plant through a pipeline that crosses the Shatt al-Arab.

Dabbagh told reporters at the signing ceremony that deliveries of twelve million cubic metres a day would start before the summer peak. "This swap keeps the lights on in Basra when the heat is worst," he said.

Roshani said the payments would be settled through a trade account at the Trade Bank of Iraq, so that no funds would leave the account in cash. He described the Rumaila pipeline as ready after repairs to two compressor stations.

The two ministers also inspected the Shatt al-Arab crossing of the pipeline, where engineers from both countries have worked since January."""

BRIEF = """Energy Morning Note

Dabbagh and Roshani seal a gas swap for Basra

Why it matters: Basra's power plants run short of fuel every summer, and Baghdad has struggled to pay Tehran for gas.

The big picture:
- Oil Minister Karim Dabbagh and Petroleum Minister Parviz Roshani put their signatures to the swap in Basra.
- Twelve million cubic metres a day are due to flow to the Rumaila plant before the summer peak.
- Money will sit in a trade account at the Trade Bank of Iraq rather than move in cash.

What they're saying:
Roshani: the pipeline under the Shatt al-Arab is repaired and ready.
Dabbagh: "This swap keeps the lights on in Basra."
"""

LATER = """TEHRAN – Iraqi Oil Minister Karim Dabbagh was received in Tehran on Wednesday by Iranian Petroleum Minister Parviz Roshani for talks on Iraqi arrears for electricity imports and on a joint survey of the Naft Shahr field that straddles the border.

Roshani said Iraq still owed money for electricity delivered over the winter, and that Iranian companies were ready to drill appraisal wells at Naft Shahr if the survey went ahead. Dabbagh proposed that the survey be carried out by a committee of geologists from both ministries, who would report within six months.

The visit was Dabbagh's first to Tehran since taking office. He also met the head of the National Iranian Oil Company and toured a refinery in the south of the capital."""

RAIL = """BAGHDAD – Iraqi Transport Minister Salwan Tamimi and Iranian Roads Minister Behnaz Farrokhi agreed in Baghdad on Monday to open a freight line between the Khosravi crossing and Baghdad's rail yards by the end of the year.

Tamimi said Iraqi Railways would lay the remaining forty kilometres of track, while Farrokhi said Iran would provide locomotives and signalling. "Goods that now wait for days at the border will move in hours," Tamimi said.

The ministers also discussed passenger trains for pilgrims travelling to Karbala, which both sides want to run before the next Arbaeen."""


def art(text: str, published: str | None, *, outlet: str | None = None, title: str | None = None,
        source: str | None = None, original_source: str | None = None) -> Article:
    from communique.ingest.article import content_hash

    digest = content_hash(text)
    return Article(id=digest[:16], source=source or digest[:8], text=text, published=published, outlet=outlet,
                   title=title, original_source=original_source, content_hash=digest)


def save(store: Store, a: Article) -> Article:
    Pipeline(store, analyse=False).save(a, Analysis(a.id), a.source, a.content_hash)
    return store.article(a.id)


# ── the clustering rules on invented reports ─────────────────────────────────────────────────

def test_rewrite_joins_other_meetings_stay_apart(store):
    wire = save(store, art(WIRE, "2025-04-06", outlet="Gulf Wire"))
    brief = save(store, art(BRIEF, "2025-04-07", outlet="Energy Morning Note"))
    later = save(store, art(LATER, "2025-05-07"))
    rail = save(store, art(RAIL, "2025-04-07"))
    assert brief.story_id == wire.story_id
    assert len({wire.story_id, later.story_id, rail.story_id}) == 3
    assert brief.duplicate_of is None  # a rewrite, not a copy
    assert [(l["article_id"], l["relation"]) for l in store.links([brief.id])] == [(brief.id, "rewrite")]


def test_undated_rewrite_joins_on_content(store):
    wire = save(store, art(WIRE, "2025-04-06"))
    brief = save(store, art(BRIEF, None))
    rail = save(store, art(RAIL, None))
    assert brief.story_id == wire.story_id != rail.story_id


def test_the_same_people_weeks_apart_are_another_event(store):
    wire = save(store, art(WIRE, "2025-04-06"))
    brief = save(store, art(BRIEF, "2025-05-20"))  # same content, six weeks on: not the same meeting
    assert brief.story_id != wire.story_id


def test_a_story_does_not_grow_by_chaining(store):
    # Each report is a week after the last: every pair is close enough, the whole run is not.
    first = save(store, art(WIRE, "2025-04-01"))
    second = save(store, art(WIRE.replace("Sunday", "the weekend").replace("twelve", "12"), "2025-04-09"))
    third = save(store, art(BRIEF, "2025-04-17"))
    assert second.story_id == first.story_id
    assert third.story_id != first.story_id


def test_story_dates_and_title_follow_the_earliest_report(store):
    brief = save(store, art(BRIEF, "2025-04-07", title="Dabbagh and Roshani seal a gas swap"))
    wire = save(store, art(WIRE, "2025-04-06", title="Iraq and Iran sign Basra gas swap"))
    story = store.story(wire.story_id)
    assert brief.story_id == wire.story_id
    assert (story.first_date, story.last_date) == ("2025-04-06", "2025-04-07")
    assert story.title == "Iraq and Iran sign Basra gas swap"


def test_names_skip_sentence_starts_and_headlines():
    names, words = text_bags("Iran And Iraq Sign A New Gas Deal Today\n\nTalks began. The minister met "
                             "Karim al-Dabbagh in Basra. Dabbagh said talks went well.")
    assert {"dabbagh", "basra", "karim"} <= set(names)
    assert "talks" not in names and "sign" not in names  # sentence-initial, headline
    assert words["talk"] == 2 and "the" not in words


def test_features_take_actor_ids_and_event_types():
    from communique.models import Event, EventDate, Mention

    a = art(WIRE, "2025-04-06")
    analysis = Analysis(a.id, mentions=[Mention(a.id, 0, 5, "Karim", "per.karim-dabbagh"),
                                        Mention(a.id, 6, 10, "Iraq", "IRQ")],
                        events=[Event("e1", "AGREE", date=EventDate("2025-04-06", "day", "text"))])
    feats = extract(a, analysis)
    assert "@per.karim-dabbagh" in feats.names and "~@IRQ" in feats.names  # states count for little
    assert feats.types == ["AGREE"] and len(feats.event_days) == 1


# ── provenance ───────────────────────────────────────────────────────────────────────────────

def test_credits_from_original_source_or_dateline():
    assert credited_source(art("x " * 30, None, original_source="www.irna.ir")) == "IRNA"
    dated = art("TEHRAN (IRNA) – The talks began on Monday. " * 3, None, outlet="Daily Courier")
    assert credited_source(dated) == "IRNA"
    own = art("TEHRAN (IRNA) – The talks began on Monday. " * 3, None, outlet="IRNA")
    assert credited_source(own) is None
    assert canonical_outlet("Tasnim") == "Tasnim News Agency"


def test_provenance_counts_copies_as_one_source(store):
    wire = save(store, art(WIRE, "2025-04-06", outlet="Gulf Wire", title="Basra gas swap"))
    copied = WIRE.replace("Sunday", "Sunday, 6 April,") + "\n\nShare this story with friends."
    copy = save(store, art(copied, "2025-04-06", outlet="Daily Courier"))
    brief = save(store, art(BRIEF, "2025-04-07", outlet="Energy Morning Note"))
    prov = story_provenance(store, wire.story_id)
    rel = {a.id: a for a in prov.articles}
    assert prov.earliest == wire.id
    assert rel[copy.id].relation == "copy" and rel[copy.id].of == wire.id
    assert rel[copy.id].credits == "Gulf Wire" and rel[copy.id].credits_article == wire.id
    assert rel[brief.id].relation == "rewrite" and rel[brief.id].of == wire.id
    assert prov.independent_sources == 2 and prov.copies == 1 and prov.rewrites == 1


# ── the seeds (read from ../shared, never copied) ────────────────────────────────────────────

def test_seed_stories(seeds_export):
    _, out = seeds_export
    story = {Path(r["source"]).name[:3]: r["story_id"]
             for r in map(json.loads, (out / "articles.jsonl").read_text().splitlines())}
    assert story["000"] == story["001"]
    assert len({story[k] for k in ("000", "002", "003", "004")}) == 4


# ── the bundled samples ──────────────────────────────────────────────────────────────────────

def sample_inputs() -> list[str]:
    return sorted(str(p) for p in (SAMPLES / "corpus").iterdir()) + \
        sorted(str(p) for p in (SAMPLES / "feeds" / "site" / "news").glob("*.html"))


def by_key(store: Store) -> dict[str, Article]:
    out = {}
    for a in store.iter_articles():
        key = Path(a.source).relative_to(SAMPLES).as_posix() if a.source.startswith(str(SAMPLES)) \
            else f"corpus/wires.jsonl#{a.source}"
        out[key] = a
    return out


def check_expected(articles: dict[str, Article]) -> list[str]:
    wrong = []
    for group in EXPECTED["same_story"]:
        if len({articles[k].story_id for k in group}) != 1:
            wrong.append(f"split: {group}")
    for a, b in EXPECTED["different_stories"]:
        if articles[a].story_id == articles[b].story_id:
            wrong.append(f"merged: {a} {b}")
    for copy, original in EXPECTED["copies"]:
        if articles[copy].duplicate_of != articles[original].id:
            wrong.append(f"copy missed: {copy}")
    return wrong


@pytest.fixture(scope="module")
def samples_store(tmp_path_factory):
    """The samples ingested with the full analysis (actors and events feed the clustering)."""
    store = Store(tmp_path_factory.mktemp("samples") / "samples.db")
    Pipeline(store).ingest(sample_inputs())
    yield store
    store.close()


def test_sample_story_groups_with_analysis(samples_store):
    assert check_expected(by_key(samples_store)) == []


@pytest.mark.parametrize("order", [None, 1, 2])
def test_sample_story_groups_by_text_alone_in_any_order(tmp_path, order):
    inputs = sample_inputs()
    if order is not None:
        random.Random(order).shuffle(inputs)
    store = Store(tmp_path / "plain.db")
    Pipeline(store, analyse=False).ingest(inputs)
    assert check_expected(by_key(store)) == []
    store.close()


def test_sample_rewrite_and_sources(samples_store):
    articles = by_key(samples_store)
    for rewrite, original in EXPECTED["rewrites"]:
        prov = story_provenance(samples_store, articles[original].story_id)
        rel = {a.id: a for a in prov.articles}
        assert rel[articles[rewrite].id].relation == "rewrite"
        assert prov.earliest == articles[original].id
        assert prov.independent_sources == len(prov.articles) - prov.copies


# ── rebuilding agrees with the incremental result ────────────────────────────────────────────

def snapshot(store: Store) -> tuple:
    rows = store.conn.execute("SELECT id, story_id, duplicate_of FROM articles ORDER BY id").fetchall()
    links = store.conn.execute("SELECT article_id, other_id, relation, score FROM article_links "
                               "ORDER BY 1, 2, 3").fetchall()
    stories = store.conn.execute("SELECT id, title, first_date, last_date FROM stories ORDER BY id").fetchall()
    return [tuple(r) for r in rows], [tuple(r) for r in links], [tuple(r) for r in stories]


def partition(store: Store) -> tuple:
    """The stories as sets of articles, and each copy's original: what must not depend on ids
    or on the order articles arrived in."""
    rows = store.conn.execute("SELECT id, story_id, duplicate_of FROM articles").fetchall()
    groups: dict[str, set] = {}
    for article_id, story_id, _ in rows:
        groups.setdefault(story_id, set()).add(article_id)
    return sorted(sorted(g) for g in groups.values()), sorted((r[0], r[2]) for r in rows if r[2])


def test_rebuild_agrees_with_the_incremental_result(samples_store, tmp_path):
    before = partition(samples_store)
    stories = samples_store.count_stories()
    counts = rebuild_stories(samples_store)
    assert partition(samples_store) == before
    assert counts["articles"] == sum(map(len, before[0])) and counts["stories"] == stories
    # And new articles still link against the rebuilt index.
    copy = art(by_key(samples_store)["corpus/ina_koya_strike.txt"].text + "\n\nShare this:", "2025-01-16")
    saved = save(samples_store, copy)
    assert saved.duplicate_of == by_key(samples_store)["corpus/ina_koya_strike.txt"].id


def test_rebuild_does_not_depend_on_arrival_order(tmp_path):
    """Two stores fed the same reports in different orders: after a rebuild, the same stories,
    ids, copies and links."""
    snaps = []
    for n, seed in enumerate((None, 3)):
        inputs = sample_inputs()
        if seed is not None:
            random.Random(seed).shuffle(inputs)
        store = Store(tmp_path / f"order{n}.db")
        Pipeline(store, analyse=False).ingest(inputs)
        rebuild_stories(store)
        rows, links, stories = snapshot(store)
        snaps.append((rows, links, [s[0] for s in stories]))
        store.close()
    assert snaps[0] == snaps[1]


def test_rebuild_of_a_store_linked_before_features_were_kept(tmp_path):
    store = Store(tmp_path / "old.db")
    Pipeline(store, analyse=False).ingest(sample_inputs())
    rebuild_stories(store)
    before = snapshot(store)
    with store.transaction():  # what a store written by an earlier version lacks
        store.conn.execute("DELETE FROM story_features")
        store.conn.execute("UPDATE article_minhash SET shingles = NULL")
    rebuild_stories(store)
    assert snapshot(store)[:2] == before[:2]
    assert store.conn.execute("SELECT count(*) FROM story_features").fetchone()[0] == len(before[0])
    store.close()


def test_relinking_an_article_changes_nothing(store):
    wire = save(store, art(WIRE, "2025-04-06"))
    brief = save(store, art(BRIEF, "2025-04-07"))
    before = snapshot(store)
    dfs = store.conn.execute("SELECT term, df FROM story_term_df ORDER BY term").fetchall()
    with store.transaction():
        again = store.article(brief.id)
        Linker(store).link(again, Analysis(again.id))
    assert snapshot(store) == before
    assert store.conn.execute("SELECT term, df FROM story_term_df ORDER BY term").fetchall() == dfs
    assert store.conn.execute("SELECT count(*) FROM story_terms WHERE article_id = ?",
                              (brief.id,)).fetchone()[0] > 0
    assert wire.story_id == brief.story_id


# ── commands ─────────────────────────────────────────────────────────────────────────────────

def test_story_commands(samples_store):
    runner = CliRunner()
    db = str(samples_store.path)
    listed = runner.invoke(app, ["stories", "--db", db, "--json", "--min-articles", "2"])
    assert listed.exit_code == 0, listed.output
    rows = json.loads(listed.output)
    assert len(rows) == len(EXPECTED["same_story"]) and all(r["articles"] >= 2 for r in rows)
    irna = by_key(samples_store)["corpus/irna_araghchi_baghdad.txt"]
    shown = runner.invoke(app, ["story", irna.story_id, "--db", db, "--json"])
    assert shown.exit_code == 0, shown.output
    detail = json.loads(shown.output)
    assert detail["earliest"] == irna.id and detail["copies"] == 1 and detail["independent_sources"] == 2
    assert {a["relation"] for a in detail["articles"]} == {"earliest", "copy", "rewrite"}
    table = runner.invoke(app, ["story", irna.story_id, "--db", db])
    assert table.exit_code == 0 and "earliest" in table.output and "2 independent source" in table.output
    missing = runner.invoke(app, ["story", "s-nope", "--db", db])
    assert missing.exit_code == 2 and "no story" in missing.output
    rebuilt = runner.invoke(app, ["restory", "--db", db, "--json"])
    assert rebuilt.exit_code == 0 and json.loads(rebuilt.output)["stories"] == json.loads(rebuilt.output)[
        "stories_before"]
    for command in ("stories", "story", "restory"):
        assert "Example:" in runner.invoke(app, [command, "--help"]).output


def test_story_commands_need_a_store(tmp_path):
    result = CliRunner().invoke(app, ["stories", "--db", str(tmp_path / "none.db")])
    assert result.exit_code == 2 and "no store" in result.output
