"""`brief`, `timeline`, `search` and the GDELT export from the command line, --json parsed back."""
from __future__ import annotations

import csv
import json

from typer.testing import CliRunner

from communique.serve.cli import app
from communique.serve.gdelt import GDELT_COLUMNS
from communique.store import Store
from handmade import build

runner = CliRunner()


def handmade_db(tmp_path):
    path = tmp_path / "h.db"
    s = Store(path)
    build(s)
    s.close()
    return str(path)


def test_brief_formats(tmp_path):
    db = handmade_db(tmp_path)
    out = json.loads(runner.invoke(app, ["brief", "s1", "--db", db, "-f", "json"]).stdout)
    assert list(out["sections"]) == ["Why it matters", "The big picture", "What they're saying", "Key points", "Go deeper"]
    md = tmp_path / "b.md"
    assert runner.invoke(app, ["brief", "s1", "--db", db, "-f", "markdown", "-o", str(md)]).exit_code == 0
    assert md.read_text().startswith("# ")
    html = runner.invoke(app, ["brief", "s1", "--db", db, "-f", "html"]).stdout
    assert "<h2>Key points</h2>" in html
    terminal = runner.invoke(app, ["brief", "s1", "--db", db])
    assert terminal.exit_code == 0 and "Why it matters" in terminal.stdout


def test_brief_unknown_story_and_missing_store(tmp_path):
    db = handmade_db(tmp_path)
    r = runner.invoke(app, ["brief", "nope", "--db", db])
    assert r.exit_code == 2 and "no story" in r.output
    r = runner.invoke(app, ["brief", "s1", "--db", str(tmp_path / "absent.db")])
    assert r.exit_code == 2 and "no store" in r.output


def test_timeline_json_and_plot(tmp_path):
    db = handmade_db(tmp_path)
    rows = json.loads(runner.invoke(app, ["timeline", "--pair", "IRN:IRQ", "--db", db, "--json"]).stdout)
    assert [r["event_id"] for r in rows] == ["e1"] and rows[0]["date"] == "2024-05-06"
    assert json.loads(runner.invoke(app, ["timeline", "--pair", "IRN:USA", "--db", db, "--json"]).stdout) == []
    png = tmp_path / "t.png"
    r = runner.invoke(app, ["timeline", "--pair", "IRN:IRQ", "--db", db, "--plot", str(png)])
    assert r.exit_code == 0 and png.read_bytes()[:4] == b"\x89PNG"
    svg = tmp_path / "t.svg"
    runner.invoke(app, ["timeline", "--actor", "Iraq", "--db", db, "--plot", str(svg)])
    assert b"<svg" in svg.read_bytes()[:400]
    assert runner.invoke(app, ["timeline", "--pair", "IRAN", "--db", db]).exit_code == 1
    assert runner.invoke(app, ["timeline", "--actor", "Atlantis", "--db", db]).exit_code == 2


def test_search_json(tmp_path):
    db = handmade_db(tmp_path)
    res = json.loads(runner.invoke(app, ["search", "railway", "--db", db, "--json"]).stdout)
    assert [q["id"] for q in res["quotes"]] == ["q1"]
    assert {a["id"] for a in res["articles"]} == {"aaaa"}
    res = json.loads(runner.invoke(app, ["search", "foreign minister arrived", "--db", db, "--json"]).stdout)
    assert [e["id"] for e in res["events"]] == ["e1"]
    res = json.loads(runner.invoke(app, ["search", 'water AND "(unbalanced', "--db", db, "--json"]).stdout)
    assert isinstance(res["articles"], list)  # a malformed FTS query is read as plain words, not an error


def test_gdelt_layout(tmp_path):
    db = handmade_db(tmp_path)
    runner.invoke(app, ["export", "--db", db, "--out", str(tmp_path / "o"), "-f", "gdelt"])
    rows = list(csv.reader((tmp_path / "o" / "events.gdelt.tsv").open(), delimiter="\t"))
    assert len(rows) == 1 and len(rows[0]) == len(GDELT_COLUMNS) == 61
    row = dict(zip(GDELT_COLUMNS, rows[0]))
    assert row["SQLDATE"] == "20240506" and row["Actor1CountryCode"] == "IRQ" and row["Actor2CountryCode"] == "IRN"
    assert row["ActionGeo_CountryCode"] == "IR"  # FIPS 10-4, as GDELT writes it


def test_titles_and_quoted_words_are_text_never_console_markup(tmp_path):
    from communique.models import Article, Story

    path = tmp_path / "m.db"
    with Store(path) as s:
        with s.transaction():
            s.insert_article(Article(id="m1", source="m", text="Body.", title="[bold red]Iraq[/] and [link=x]Iran[/link]",
                                     published="2025-01-02", story_id="sm"))
            s.upsert_story(Story("sm", "[bold red]Iraq[/] and [link=x]Iran[/link]", ["m1"], "2025-01-02", "2025-01-02"))
    for args in (["info"], ["story", "sm"]):
        out = runner.invoke(app, [*args, "--db", str(path)], env={"COLUMNS": "200"})
        assert out.exit_code == 0, out.stdout
        assert "[bold red]Iraq[/]" in out.stdout, out.stdout
