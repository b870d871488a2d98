"""Ingest of the bundled sample corpus against its hand-written expectations
(src/communique/samples/expected.json): metadata recovered, boilerplate gone, body kept."""
from __future__ import annotations

import json
import re
from importlib import resources
from pathlib import Path

import pytest

from communique.ingest.outlets import by_abbreviation
from communique.pipeline import Pipeline

SAMPLES = Path(str(resources.files("communique").joinpath("samples")))
EXPECTED = json.loads((SAMPLES / "expected.json").read_text(encoding="utf-8"))


def norm(s):
    return re.sub(r"\W+", " ", (s or "").lower()).strip()


@pytest.fixture(scope="module")
def articles(tmp_path_factory):
    from communique.store import Store

    store = Store(tmp_path_factory.mktemp("samples") / "s.db")
    summary = Pipeline(store, analyse=False).ingest([str(SAMPLES / "corpus")])
    assert not summary.failed, summary.failed
    by_key = {}
    for a in store.iter_articles():
        rel = Path(a.source).relative_to(SAMPLES).as_posix() if a.source.startswith(str(SAMPLES)) else None
        by_key[rel or a.source] = a
    return by_key


def lookup(articles, key):
    if "#" in key:  # a JSON Lines record: its source is the record id
        return articles.get(key.split("#", 1)[1])
    return articles.get(key)


def same_outlet(want, got):
    if norm(want) == norm(got):
        return True
    known = by_abbreviation(want)
    return bool(known) and norm(known.name) == norm(got)


CASES = [(k, f) for k, e in EXPECTED["files"].items() if k.startswith("corpus/")
         for f in ("title", "author", "outlet", "dateline", "published", "original_source") if f in e]


@pytest.mark.parametrize("key,field", CASES, ids=[f"{k}:{f}" for k, f in CASES])
def test_metadata(articles, key, field):
    want = EXPECTED["files"][key][field]
    got = getattr(lookup(articles, key), field)
    if field == "outlet" and want:
        assert same_outlet(want, got), (want, got)
    else:
        assert norm(got) == norm(want), (want, got)


BODY = [(k, kind, s) for k, e in EXPECTED["files"].items() if k.startswith("corpus/")
        for kind in ("body_has", "body_lacks") for s in e.get(kind, [])]


@pytest.mark.parametrize("key,kind,snippet", BODY, ids=[f"{k}:{kind}:{s[:25]}" for k, kind, s in BODY])
def test_body(articles, key, kind, snippet):
    text = lookup(articles, key).text
    if kind == "body_has":
        assert norm(snippet) in norm(text)
    else:  # as written: "#Qalibaf" (a tag line) is gone even though the name stays in the body
        assert snippet.lower() not in text.lower()


def test_bad_samples(tmp_path):
    """The bundled bad inputs: failures with reasons, and the readable ones decoded right."""
    from communique.store import Store

    store = Store(tmp_path / "bad.db")
    summary = Pipeline(store, analyse=False).ingest([str(SAMPLES / "bad")])
    failed = {Path(f.source.split(":")[0]).name + (":" + f.source.rsplit(":", 1)[1] if ".jsonl:" in f.source else ""): f.reason
              for f in summary.failed}
    assert failed["empty.txt"] == "empty file" and failed["whitespace.txt"] == "empty file"
    assert "binary" in failed["image.txt"]
    assert "malformed JSON" in failed["bad.jsonl:2"]
    assert "feed" in failed["not_a_feed.xml"]
    texts = {Path(a.source).name: a for a in store.iter_articles()}
    for name in ("broken.html", "latin1.txt", "cp1256.txt", "mixed.txt"):
        want = EXPECTED["bad"][f"bad/{name}"]
        for snippet in want.get("body_has", []):
            assert snippet in texts[name].text, (name, snippet)
    assert "good-1" in texts


def test_feed_from_a_local_server(tmp_path, private_urls):
    """The bundled RSS feed, served with its pages by a real HTTP server on 127.0.0.1."""
    import http.server
    import shutil
    import threading
    from functools import partial

    from communique.store import Store

    site = tmp_path / "site"
    shutil.copytree(SAMPLES / "feeds" / "site", site)

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *a):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), partial(Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        base = f"http://127.0.0.1:{server.server_address[1]}"
        feed = (SAMPLES / "feeds" / "regional.xml").read_text(encoding="utf-8").replace("http://127.0.0.1:PORT", base)
        (site / "regional.xml").write_text(feed, encoding="utf-8")
        store = Store(tmp_path / "feed.db")
        summary = Pipeline(store, analyse=False).ingest([f"{base}/regional.xml"])
        assert not summary.failed and len(summary.new) == len(EXPECTED["feed"]["items"])
        got = {a.url.replace(base, ""): a for a in store.iter_articles()}
        for item in EXPECTED["feed"]["items"]:
            article = got[item["path"]]
            assert article.published == item["published"][:10]
            assert norm(article.title) == norm(item["title"])
    finally:
        server.shutdown()
