"""`communique actors`, `communique actor`, `communique kb add|refresh|path`, run through the
CLI on reports written for these tests."""
from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer
from urllib.parse import parse_qs

import pytest
from typer.testing import CliRunner

from communique.serve.cli import app

REPORTS = {
    "water.txt": ("Iraqi Interior Minister Karwan Jabbari met Iranian officials on Sunday to discuss the border. "
                  "Jabbari said Baghdad wanted calm.\n\nThe Iranian side promised to help.\n"),
    "rail.txt": ("Karwan Jabbari returned on Monday. The minister said the railway to Basra would open soon, "
                 "and Iraqi officials agreed.\n"),
}


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    base = tmp_path_factory.mktemp("actors-cli")
    for name, text in REPORTS.items():
        (base / name).write_text(text, encoding="utf-8")
    path = base / "news.db"
    result = CliRunner().invoke(app, ["ingest", str(base / "water.txt"), str(base / "rail.txt"), "--db", str(path)])
    assert result.exit_code == 0, result.output
    return path


@pytest.fixture
def home(tmp_path, monkeypatch):
    monkeypatch.setenv("COMMUNIQUE_HOME", str(tmp_path / "home"))
    return tmp_path / "home"


def run(*args):
    return CliRunner().invoke(app, [str(a) for a in args])


def test_help_has_examples():
    for cmd in (["actors"], ["actor"], ["kb", "add"], ["kb", "refresh"], ["kb", "path"]):
        result = run(*cmd, "--help")
        assert result.exit_code == 0 and "Example:" in result.output, cmd


def test_actors_lists_the_mentioned_actors(db):
    result = run("actors", "--db", db, "--json")
    assert result.exit_code == 0, result.output
    rows = {r["id"]: r for r in json.loads(result.output)}
    assert {"per.karwan-jabbari", "IRQ", "IRN"} <= set(rows)
    assert rows["per.karwan-jabbari"]["articles"] == 2
    assert rows["per.karwan-jabbari"]["country"] == "IRQ"


def test_actors_filters_and_searches(db):
    people = json.loads(run("actors", "--db", db, "--kind", "person", "--json").output)
    assert people and all(r["kind"] == "person" for r in people)
    iraq = json.loads(run("actors", "--db", db, "--country", "irq", "--json").output)
    assert iraq and all(r["country"] == "IRQ" for r in iraq)
    found = json.loads(run("actors", "jabbari", "--db", db, "--json").output)
    assert [r["id"] for r in found] == ["per.karwan-jabbari"]
    assert run("actors", "--db", db, "--kind", "planet").exit_code != 0


def test_actors_can_search_the_knowledge_base_without_a_store():
    rows = json.loads(run("actors", "iraq", "--kb", "--kind", "state", "--json").output)
    assert [r["id"] for r in rows] == ["IRQ"]


def test_actor_shows_roles_aliases_and_the_words_articles_used(db):
    result = run("actor", "Jabbari", "--db", db, "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["id"] == "per.karwan-jabbari" and data["origin"] == "text"
    assert [r["key"] for r in data["roles"]] == ["interior_minister"]
    assert len(data["articles"]) == 2
    words = {w["text"] for a in data["articles"] for w in a["words"]}
    assert {"Karwan Jabbari", "Jabbari"} <= words
    assert any("Iraqi Interior Minister" in a["role_titles"] for a in data["articles"])
    table = run("actor", "per.karwan-jabbari", "--db", db)
    assert table.exit_code == 0 and "Karwan Jabbari" in table.output and "Mentions" in table.output


def test_actor_by_state_name(db):
    data = json.loads(run("actor", "Iraq", "--db", db, "--json").output)
    assert data["id"] == "IRQ" and data["kind"] == "state" and data["articles"]


def test_actor_unknown_and_missing_store_fail_clearly(db, tmp_path):
    result = run("actor", "Nobody Atall", "--db", db)
    assert result.exit_code != 0 and "no actor matches" in result.output
    result = run("actors", "--db", tmp_path / "missing.db")
    assert result.exit_code != 0 and "no store" in result.output


def test_kb_add_then_ingest_resolves_to_the_new_record(home, tmp_path):
    records = tmp_path / "mine.jsonl"
    records.write_text(json.dumps({"id": "per.zorab-kettani", "name": "Zorab Kettani", "kind": "person",
                                   "country": "IRQ", "sector": "GOV", "aliases": ["Zorab Ketani"],
                                   "roles": [{"title": "Minister of Planning", "key": "other",
                                              "start": "2023"}]}) + "\n", encoding="utf-8")
    result = run("kb", "add", records, "--json")
    assert result.exit_code == 0, result.output
    saved = json.loads(result.output)
    assert saved["added"] == 1 and saved["file"].startswith(str(home))
    assert run("kb", "path").output.strip() == str(home / "kb")
    report = tmp_path / "plan.txt"
    report.write_text("Zorab Ketani presented the plan to Iranian officials.\n", encoding="utf-8")
    db = tmp_path / "kb.db"
    assert run("ingest", report, "--db", db).exit_code == 0
    data = json.loads(run("actor", "per.zorab-kettani", "--db", db, "--json").output)
    assert data["country"] == "IRQ" and data["articles"]


def test_kb_add_reports_a_bad_record_with_its_line(home, tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "per.x", "name": "X", "kind": "person"}\n{"id": "per.y", "name": "Y", "kind": "robot"}\n',
                   encoding="utf-8")
    result = run("kb", "add", bad)
    assert result.exit_code != 0
    assert "bad.jsonl:2" in result.output and "kind" in result.output
    assert not (home / "kb").exists() or not list((home / "kb").iterdir())


class _Sparql(BaseHTTPRequestHandler):
    """A SPARQL endpoint that answers one position query with two terms of one person."""

    def do_POST(self):  # noqa: N802 (http.server's naming)
        body = self.rfile.read(int(self.headers["Content-Length"])).decode()
        query = parse_qs(body)["query"][0]
        assert "P39" in query and "Q99999" in query
        answer = {"head": {"vars": []}, "results": {"bindings": [
            {"person": {"type": "uri", "value": "http://www.wikidata.org/entity/Q1234"},
             "personLabel": {"type": "literal", "value": "Parviz Hamedani"},
             "position": {"type": "uri", "value": "http://www.wikidata.org/entity/Q99999"},
             "start": {"type": "literal", "value": "+2019-03-01T00:00:00Z"},
             "end": {"type": "literal", "value": "+2023-05-01T00:00:00Z"}},
            {"person": {"type": "uri", "value": "http://www.wikidata.org/entity/Q1234"},
             "personLabel": {"type": "literal", "value": "Parviz Hamedani"},
             "position": {"type": "uri", "value": "http://www.wikidata.org/entity/Q99999"},
             "start": {"type": "literal", "value": "+2024-08-01T00:00:00Z"}},
        ]}}
        data = json.dumps(answer).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/sparql-results+json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass


@pytest.fixture
def sparql():
    server = HTTPServer(("127.0.0.1", 0), _Sparql)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/sparql"
    server.shutdown()
    server.server_close()


def test_kb_refresh_from_a_sparql_endpoint(home, tmp_path, sparql):
    positions = tmp_path / "offices.csv"
    positions.write_text("qid,key,country,sector,title\nQ99999,foreign_minister,IRN,GOV,Foreign Minister\n",
                         encoding="utf-8")
    result = run("kb", "refresh", "--positions", positions, "--endpoint", sparql, "--json")
    assert result.exit_code == 0, result.output
    out = json.loads(result.output)
    assert out["people"] == 1 and out["roles"] == 2
    saved = [json.loads(line) for line in (home / "kb" / "wikidata.jsonl").read_text().splitlines()]
    assert saved[0]["name"] == "Parviz Hamedani"
    assert [(r["start"], r["end"]) for r in saved[0]["roles"]] == [("2019-03-01", "2023-05-01"), ("2024-08-01", None)]


def test_kb_refresh_fails_clearly_when_the_endpoint_is_down(home, tmp_path):
    positions = tmp_path / "offices.json"
    positions.write_text(json.dumps([{"qid": "Q99999", "key": "foreign_minister", "country": "IRN"}]),
                         encoding="utf-8")
    result = run("kb", "refresh", "--positions", positions, "--endpoint", "http://127.0.0.1:9/sparql")
    assert result.exit_code != 0 and "127.0.0.1:9" in result.output
