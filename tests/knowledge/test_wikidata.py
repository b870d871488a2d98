"""Wikidata refresh: the query text, the conversion of a canned result, and fetching it from a
SPARQL endpoint that the test serves itself on 127.0.0.1 (no test reaches the internet)."""
from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path
from urllib.parse import parse_qs

import httpx
import pytest

from communique.knowledge import KnowledgeBase
from communique.knowledge.wikidata import Position, build_query, fetch, to_records

CANNED = Path(__file__).parent / "data" / "sparql_p39.json"
# Made-up items: the canned result is an invented state, "Examplia", stored as IRQ for the test.
POSITIONS = [Position("Q900100", "foreign_minister", "IRQ"),
             Position("Q900101", "deputy_foreign_minister", "IRQ", title="Deputy Foreign Minister")]


def test_build_query_asks_for_p39_with_qualifiers():
    q = build_query(POSITIONS, since="2015-01-01")
    assert "VALUES ?position { wd:Q900100 wd:Q900101 }" in q
    for needle in ("p:P39", "ps:P39", "pq:P580", "pq:P582", "skos:altLabel", "wikibase:label",
                   '"2015-01-01T00:00:00Z"^^xsd:dateTime'):
        assert needle in q
    assert "FILTER(!BOUND(?end)" not in build_query(["Q900100"], since=None)


@pytest.mark.parametrize("bad", [[], ["P39"], ["Q1; DROP"]])
def test_build_query_rejects_bad_ids(bad):
    with pytest.raises(ValueError):
        build_query(bad)


def test_position_validates():
    with pytest.raises(ValueError):
        Position("Q1", "king", "IRN")
    with pytest.raises(ValueError):
        Position("Q1", "other", "Iran")


def test_to_records_converts_rows_to_people():
    records = to_records(json.loads(CANNED.read_text()), POSITIONS)
    assert [r["id"] for r in records] == ["per.example-minister", "per.current-minister"]  # bare Q-id skipped
    first = records[0]
    assert first["wikidata"] == "Q900001" and first["sources"] == ["wikidata:Q900001"]
    assert first["aliases"] == ["E. Minister", "Ex Minister"]
    assert [(r["key"], r["title"], r["start"], r["end"]) for r in first["roles"]] == [
        ("deputy_foreign_minister", "Deputy Foreign Minister", "2011", "2016-03"),
        ("foreign_minister", "Minister of Foreign Affairs of Examplia", "2021-08-25", "2024-05-19"),
    ]
    assert records[1]["roles"][0]["end"] is None
    # The records are valid for the knowledge base as they are.
    kb = KnowledgeBase.load()
    kb.add_records(records)
    assert [r.id for r in kb.holders("IRQ", "foreign_minister", "2025-01-01")][0] == "per.current-minister"


class _Endpoint(BaseHTTPRequestHandler):
    seen: list[dict] = []

    def do_POST(self):  # noqa: N802 (http.server's naming)
        body = self.rfile.read(int(self.headers["Content-Length"])).decode()
        self.seen.append({"accept": self.headers["Accept"], "query": parse_qs(body)["query"][0]})
        if "BROKEN" in body:
            self.send_response(500)
            self.end_headers()
            return
        payload = CANNED.read_bytes()
        self.send_response(200)
        self.send_header("Content-Type", "application/sparql-results+json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, *args):  # keep test output quiet
        pass


@pytest.fixture()
def endpoint():
    server = HTTPServer(("127.0.0.1", 0), _Endpoint)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/sparql"
    server.shutdown()
    server.server_close()


def test_fetch_from_local_endpoint(endpoint):
    query = build_query(POSITIONS)
    result = fetch(endpoint, query, timeout=5, trust_env=False)
    assert _Endpoint.seen[-1] == {"accept": "application/sparql-results+json", "query": query}
    assert [r["name"] for r in to_records(result, POSITIONS)] == ["Example Minister", "Current Minister"]


def test_fetch_raises_on_http_error(endpoint):
    with pytest.raises(httpx.HTTPStatusError):
        fetch(endpoint, "BROKEN", timeout=5, trust_env=False)
