"""`communique quotes` and the store queries behind it, on a store written by hand, and once
end to end from text files written here."""
from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from communique.models import Actor, Article, Quote, Story
from communique.serve.cli import app

runner = CliRunner()

RIVER = ("Reza Karimi said the dam would be repaired by May. \"Farmers will have water all summer,\" Karimi said. "
         "Both ministers said the river commission would meet monthly. The talks were \"productive\".")
GAS = "\"The pipeline price is fair for both sides,\" said Selim Kaya. Kaya said gas exports would double."


def quote(qid, article, words, direct, name, ids, scare=False):
    start = article.text.index(words)
    return Quote(qid, article.id, words, start, start + len(words), direct, speaker_name=name,
                 speaker_id=ids[0] if len(ids) == 1 else None, speaker_ids=ids, scare=scare)


@pytest.fixture
def quote_db(tmp_path):
    from communique.store import Store

    path = tmp_path / "quotes.db"
    store = Store(path)
    river = Article("ar", "river.txt", RIVER, content_hash="h-river", story_id="s-river", published="2025-04-02")
    gas = Article("ag", "gas.txt", GAS, content_hash="h-gas", story_id="s-gas", published="2025-04-03")
    with store.transaction():
        store.upsert_actor(Actor("per.reza-karimi", "Reza Karimi", "person", country="IRN", aliases=["Karimi"]),
                           origin="text")
        store.upsert_actor(Actor("per.selim-kaya", "Selim Kaya", "person", country="TUR"), origin="text")
        for a in (river, gas):
            store.insert_article(a)
        store.upsert_story(Story("s-river", "River talks", ["ar"]))
        store.upsert_story(Story("s-gas", "Gas price", ["ag"]))
        store.replace_quotes("ar", [
            quote("q1", river, "the dam would be repaired by May", False, "Reza Karimi", ["per.reza-karimi"]),
            quote("q2", river, "Farmers will have water all summer", True, "Reza Karimi", ["per.reza-karimi"]),
            quote("q3", river, "the river commission would meet monthly", False, "Reza Karimi and Selim Kaya",
                  ["per.reza-karimi", "per.selim-kaya"]),
            quote("q4", river, "productive", True, None, [], scare=True)])
        store.replace_quotes("ag", [
            quote("q5", gas, "The pipeline price is fair for both sides", True, "Selim Kaya", ["per.selim-kaya"]),
            quote("q6", gas, "gas exports would double", False, "Selim Kaya", ["per.selim-kaya"])])
    store.close()
    return path


def ids(args):
    result = runner.invoke(app, ["quotes", *args, "--json"])
    assert result.exit_code == 0, result.output
    return [q["id"] for q in json.loads(result.output)]


def test_speaker_matches_names_aliases_ids_and_joint_statements(quote_db):
    db = ["--db", str(quote_db)]
    assert ids(["--speaker", "Karimi", *db]) == ["q1", "q2", "q3"]  # text order within the article
    assert sorted(ids(["--speaker", "per.selim-kaya", *db])) == ["q3", "q5", "q6"]  # q3 is joint
    assert ids(["--speaker", "nobody at all", *db]) == []


def test_about_is_full_text_over_the_quoted_words(quote_db):
    db = ["--db", str(quote_db)]
    assert ids(["--about", "repairs", *db]) == ["q1"]  # stemmed: repaired ~ repairs
    assert ids(["--about", "Karimi", *db]) == []  # the speaker's name is not what a quote is about
    assert sorted(ids(["--speaker", "Kaya", "--about", "pipeline OR river", *db])) == ["q3", "q5"]
    assert ids(["--about", '"price is"(', *db]) == ["q5"]  # a broken query is read as plain words


def test_direct_reported_story_and_scare_filters(quote_db):
    db = ["--db", str(quote_db)]
    assert sorted(ids(["--direct", *db])) == ["q2", "q5"]
    assert ids(["--reported", "--story", "s-gas", *db]) == ["q6"]
    assert "q4" not in ids(db)
    assert "q4" in ids(["--scare", *db])
    assert len(ids(["--limit", "2", *db])) == 2


def test_json_rows_carry_the_article_and_speakers(quote_db):
    result = runner.invoke(app, ["quotes", "--db", str(quote_db), "--speaker", "Kaya", "--direct", "--json"])
    (row,) = json.loads(result.output)
    assert row["speaker_ids"] == ["per.selim-kaya"] and row["published"] == "2025-04-03"
    assert GAS[row["start"]:row["end"]] == row["text"]


def test_table_output_and_failures(quote_db, tmp_path):
    result = runner.invoke(app, ["quotes", "--db", str(quote_db), "--speaker", "Karimi"])
    assert result.exit_code == 0 and "Farmers" in result.output and "reported" in result.output
    assert "3 quotes" in result.output
    missing = runner.invoke(app, ["quotes", "--db", str(tmp_path / "none.db")])
    assert missing.exit_code != 0 and "no store" in missing.output
    unknown = runner.invoke(app, ["quotes", "--db", str(quote_db), "--story", "s-none"])
    assert unknown.exit_code != 0 and "s-none" in unknown.output


def test_help_has_an_example():
    result = runner.invoke(app, ["quotes", "--help"])
    assert result.exit_code == 0 and "Example:" in result.output


def test_count_matches_the_listing(quote_db):
    from communique.store import Store

    with Store(quote_db) as store:
        for filters in ({}, {"speaker": "Kaya"}, {"about": "water"}, {"direct": False}, {"include_scare": True}):
            assert store.count_quotes(**filters) == len(store.quotes(**filters))


def test_ingested_text_answers_what_did_x_say_about_y(tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "dam.txt").write_text(
        "Iranian Foreign Minister Abbas Araghchi visited Baghdad on Monday.\n\n"
        "\"The water of the Tigris belongs to both our peoples,\" Araghchi said. He added that a joint "
        "committee would inspect the dams every spring.\n", encoding="utf-8")
    db = str(tmp_path / "n.db")
    assert runner.invoke(app, ["ingest", str(tmp_path / "in"), "--db", db]).exit_code == 0
    result = runner.invoke(app, ["quotes", "--db", db, "--speaker", "Araghchi", "--about", "Tigris", "--json"])
    (row,) = json.loads(result.output)
    assert row["direct"] and row["text"].startswith("The water of the Tigris")
    result = runner.invoke(app, ["quotes", "--db", db, "--speaker", "Araghchi", "--reported", "--json"])
    assert [r["text"] for r in json.loads(result.output)] == ["a joint committee would inspect the dams every spring"]
