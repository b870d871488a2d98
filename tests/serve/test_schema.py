"""Schemathesis against the app's own OpenAPI schema: for requests generated from the schema,
every operation answers without a server error, with a documented status code and content
type, and a body that matches the documented response schema.

The app runs in-process (ASGI) over a copy of the fixture store; ingest runs without analysis
and with a stand-in for the network, so generated URLs are never fetched.
"""
from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, settings

from communique.serve.api import create_app
from schemathesis.specs.openapi.checks import positive_data_acceptance

PAGE = (b"<html><head><title>Generated page</title></head><body><article><p>"
        + b"Iran and Iraq discussed trade and water at a meeting of their border committee. " * 3
        + b"</p></article></body></html>")


def offline_fetch(url: str) -> tuple[bytes, str]:
    return PAGE, "text/html; charset=utf-8"


def build_schema():
    """Built at import, as schemathesis collects one test per operation from it (its fixture-based
    loader does not work with pytest 9). The store lives in a temporary directory removed at exit."""
    import atexit
    import sys
    import tempfile
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).parent))
    from conftest import build_world  # the same world as the other tests, in a store of its own

    tmp = tempfile.TemporaryDirectory(prefix="communique-schema-")
    atexit.register(tmp.cleanup)
    path = Path(tmp.name) / "world.db"
    build_world(path)
    app = create_app(path, analyse=False, fetch=offline_fetch)
    return schemathesis.openapi.from_asgi("/openapi.json", app)


schema = build_schema()


@schema.parametrize()
@settings(max_examples=20, deadline=None, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much, HealthCheck.function_scoped_fixture])
def test_api_conforms_to_its_schema(case):
    excluded = []
    if case.operation.path == "/api/ingest":
        # A body can match the schema and still not be an article (three characters of text, say):
        # that is a documented 422, not a schema violation.
        excluded.append(positive_data_acceptance)
    case.call_and_validate(excluded_checks=excluded)


def test_schema_lists_every_resource():
    paths = set(schema.raw_schema["paths"])
    for expected in ("/api/articles", "/api/articles/{article_id}", "/api/stories", "/api/stories/{story_id}",
                     "/api/actors", "/api/actors/{actor_id}", "/api/events", "/api/events/{event_id}",
                     "/api/quotes", "/api/quotes/{quote_id}", "/api/search", "/api/ingest", "/api/timeline"):
        assert expected in paths
    assert not any(p.startswith(("/stories", "/actors", "/static")) for p in paths)  # pages stay out of the API
