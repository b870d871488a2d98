"""`communique ingest`, `export`, `info` and `demo` as a user runs them."""
from __future__ import annotations

import json

from typer.testing import CliRunner

from communique.serve.cli import app

runner = CliRunner()
CONTRACT = {
    "articles": {"id", "source", "url", "outlet", "title", "author", "published", "dateline", "original_source",
                 "text", "story_id", "duplicate_of", "actor_ids"},
    "actors": {"id", "name", "kind", "country", "sector", "aliases", "roles"},
    "events": {"id", "type", "mode", "cameo", "actors", "recipients", "date", "date_precision", "location",
               "article_ids", "evidence"},
    "quotes": {"id", "article_id", "speaker_id", "speaker_name", "text", "direct"},
    "stories": {"id", "title", "article_ids"},
}


def test_ingest_json_summary_then_export_follows_the_contract(tmp_path, seeds_dir):
    db = tmp_path / "c.db"
    result = runner.invoke(app, ["ingest", str(seeds_dir), "--db", str(db), "--json"])
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert summary["new"] == 5 and summary["failed"] == 0
    again = json.loads(runner.invoke(app, ["ingest", str(seeds_dir), "--db", str(db), "--json"]).stdout)
    assert again["new"] == 0 and again["unchanged"] == 5

    out = tmp_path / "out"
    result = runner.invoke(app, ["export", "--db", str(db), "--out", str(out), "-f", "jsonl", "-f", "csv",
                                 "-f", "parquet"])
    assert result.exit_code == 0, result.output
    for table, fields in CONTRACT.items():
        rows = [json.loads(line) for line in (out / f"{table}.jsonl").read_text().splitlines()]
        for row in rows:
            assert fields <= set(row), (table, fields - set(row))
        assert (out / f"{table}.csv").exists() and (out / f"{table}.parquet").exists()
    articles = [json.loads(line) for line in (out / "articles.jsonl").read_text().splitlines()]
    assert len(articles) == 5 and all(a["story_id"] for a in articles)


def test_parquet_reads_back(tmp_path, seeds_dir):
    import pyarrow.parquet as pq

    db = tmp_path / "c.db"
    runner.invoke(app, ["ingest", str(seeds_dir), "--db", str(db), "--no-analysis"])
    runner.invoke(app, ["export", "--db", str(db), "--out", str(tmp_path / "o"), "-f", "parquet"])
    table = pq.read_table(tmp_path / "o" / "articles.parquet")
    assert table.num_rows == 5 and "text" in table.column_names


def test_missing_store_is_a_clear_error(tmp_path):
    result = runner.invoke(app, ["export", "--db", str(tmp_path / "nope.db"), "--out", str(tmp_path / "o")])
    assert result.exit_code == 2
    assert "no store" in result.output


def test_unknown_export_format(tmp_path, seeds_dir):
    db = tmp_path / "c.db"
    runner.invoke(app, ["ingest", str(seeds_dir), "--db", str(db), "--no-analysis"])
    result = runner.invoke(app, ["export", "--db", str(db), "--out", str(tmp_path / "o"), "-f", "xml"])
    assert result.exit_code == 1 and "unknown format" in result.output


def test_ingest_of_only_bad_input_exits_non_zero(tmp_path):
    (tmp_path / "e.txt").write_text("")
    result = runner.invoke(app, ["ingest", str(tmp_path / "e.txt"), "--db", str(tmp_path / "c.db")])
    assert result.exit_code == 1 and "empty file" in result.output


def test_default_db_location_follows_the_environment(tmp_path, monkeypatch):
    from communique.serve.cli import default_db

    monkeypatch.setenv("COMMUNIQUE_DB", str(tmp_path / "env.db"))
    assert default_db() == tmp_path / "env.db"
    monkeypatch.delenv("COMMUNIQUE_DB")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    assert default_db() == tmp_path / "xdg" / "communique" / "communique.db"


def test_every_command_has_help_with_an_example():
    import typer.main

    import click

    def walk(command, path):
        if isinstance(command, click.Group):
            for name, sub in command.commands.items():
                yield from walk(sub, [*path, name])
        else:
            yield path

    for path in walk(typer.main.get_command(app), []):
        result = runner.invoke(app, [*path, "--help"])
        assert result.exit_code == 0, path
        assert "Example" in result.output, f"`communique {' '.join(path)} --help` has no example"
