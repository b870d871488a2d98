"""Ingest from every kind of source, and bad input: each failure gets a one-line reason,
the rest of the batch goes on, and nothing already stored is lost."""
from __future__ import annotations

import gzip
import http.server
import json
import threading
from functools import partial
from pathlib import Path

import pytest

from communique.pipeline import Pipeline

REPORT = ("BAGHDAD (INA) - Iraq's foreign minister received the Turkish ambassador on Sunday to discuss "
          "water releases from upstream dams, the ministry said in a statement.\n\n"
          "The two sides agreed to form a technical committee that will meet monthly.")
OTHER = ("Tehran and Ankara signed a memorandum on rail freight on Wednesday, officials said, "
         "after a year of negotiations over tariffs and transit fees.")


def ingest(store, *inputs, **kw):
    return Pipeline(store, analyse=False).ingest([str(i) for i in inputs], **kw)


def reasons(summary):
    return {Path(f.source).name: f.reason for f in summary.failed}


def test_text_html_gzip_and_jsonl(store, tmp_path):
    (tmp_path / "a.txt").write_text(REPORT, encoding="utf-8")
    page = f"<html><head><title>Rail deal</title></head><body><article><p>{OTHER}</p><p>{OTHER[:60]} again in a second paragraph of the page.</p></article></body></html>"
    (tmp_path / "b.html.gz").write_bytes(gzip.compress(page.encode()))
    (tmp_path / "c.jsonl").write_text(json.dumps({"id": "rec-1", "text": "Kuwait and Iraq agreed on Monday to "
                                                  "resume talks on the maritime border in Khor Abdullah, "
                                                  "the two foreign ministries said.",
                                                  "published": "2024-06-02", "outlet": "KUNA"}) + "\n")
    s = ingest(store, tmp_path)
    assert not s.failed, s.failed
    assert len(s.new) == 3
    rec = next(a for a in store.iter_articles() if a.source == "rec-1")
    assert (rec.published, rec.outlet) == ("2024-06-02", "KUNA")
    html_article = next(a for a in store.iter_articles() if a.source.endswith("b.html.gz"))
    assert "memorandum on rail freight" in html_article.text


def test_reingest_changes_nothing(store, tmp_path):
    (tmp_path / "a.txt").write_text(REPORT, encoding="utf-8")
    first = ingest(store, tmp_path / "a.txt")
    before = store.conn.execute("SELECT count(*) FROM articles").fetchone()[0]
    second = ingest(store, tmp_path / "a.txt")
    assert len(first.new) == 1 and second.new == [] and len(second.unchanged) == 1
    assert store.conn.execute("SELECT count(*) FROM articles").fetchone()[0] == before


def test_same_text_under_another_name_is_stored_once(store, tmp_path):
    (tmp_path / "a.txt").write_text(REPORT, encoding="utf-8")
    (tmp_path / "copy-of-a.txt").write_text(REPORT.replace("\n\n", "\n\n\n") + "\n", encoding="utf-8")
    s = ingest(store, tmp_path / "a.txt", tmp_path / "copy-of-a.txt")
    assert len(s.new) == 1 and len(s.unchanged) == 1
    article = next(store.iter_articles())
    assert len(store.article_sources(article.id)) == 2


def test_bad_inputs_get_reasons_and_the_batch_goes_on(store, tmp_path):
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "empty.txt").write_bytes(b"")
    (bad / "blank.txt").write_text("   \n\n  \t\n")
    (bad / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    (bad / "nul.txt").write_bytes(b"some text\x00\x00\x00 with nul bytes " * 10)
    (bad / "tiny.txt").write_text("Too short.")
    (bad / "broken.html").write_text("<html><body><div><p>" + OTHER + " <b>unclosed <i>tags and a truncated")
    (bad / "latin1.txt").write_bytes(("Müller and José met in Genève on Friday. " * 3 + REPORT).encode("latin-1", "replace"))
    (bad / "mixed.txt").write_bytes(REPORT.encode() + "\n\nThe talks were “useful”, with a broken byte ".encode()
                                    + b"\xff here and more words.")
    (bad / "records.jsonl").write_text(json.dumps({"id": "ok-1", "text": OTHER}) + "\n{not json\n"
                                       + json.dumps({"id": "no-text"}) + "\n[1, 2]\n")
    (bad / "gzip-that-isnt.html.gz").write_bytes(b"plain bytes, not gzip")
    s = ingest(store, bad, tmp_path / "missing.txt")
    why = {f.source: f.reason for f in s.failed}
    by_name = reasons(s)
    assert by_name["empty.txt"] == "empty file"
    assert by_name["blank.txt"] == "empty file"
    assert "binary" in by_name["image.txt"] and "PNG" in by_name["image.txt"]
    assert "binary" in by_name["nul.txt"]
    assert "too little body text" in by_name["tiny.txt"]
    assert "gzip" in by_name["gzip-that-isnt.html.gz"]
    assert any(k.endswith("records.jsonl:2") and "malformed JSON" in v for k, v in why.items())
    assert any(k.endswith("records.jsonl:3") and "no 'text'" in v for k, v in why.items())
    assert any(k.endswith("records.jsonl:4") and "not an object" in v for k, v in why.items())
    assert by_name["missing.txt"] == "no such file or directory"
    stored = {Path(a.source).name: a for a in store.iter_articles()}
    assert {"broken.html", "latin1.txt", "mixed.txt", "ok-1"} <= set(stored)
    assert "Müller" in stored["latin1.txt"].text and "José" in stored["latin1.txt"].text
    assert "\ufffd" in stored["mixed.txt"].text  # the broken byte is marked, the text kept
    assert all(len(f.reason.splitlines()) == 1 for f in s.failed)


def test_failures_do_not_lose_what_is_stored(store, tmp_path):
    (tmp_path / "a.txt").write_text(REPORT)
    ingest(store, tmp_path / "a.txt")
    (tmp_path / "b.txt").write_bytes(b"\x00\x01\x02")
    s = ingest(store, tmp_path / "b.txt")
    assert s.failed and store.count_articles() == 1


def test_directory_with_thousands_of_files(store, tmp_path):
    root = tmp_path / "many"
    for i in range(2000):
        sub = root / f"d{i % 20}"
        sub.mkdir(parents=True, exist_ok=True)
        (sub / f"r{i}.txt").write_text(f"Report number {i}: officials in city {i} met counterparts from "
                                       f"province {i * 7} to discuss item {i * 13} of the agenda.")
    (root / "notes.bin").write_bytes(b"\x00")  # unsupported type inside a directory: skipped
    s = ingest(store, root)
    assert len(s.new) == 2000 and not s.failed


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture
def local_site(tmp_path, private_urls):
    """A real HTTP server on 127.0.0.1 serving tmp_path/site."""
    site = tmp_path / "site"
    site.mkdir()
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), partial(_Quiet, directory=str(site)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield site, f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def test_url_and_feed_from_a_local_server(store, local_site):
    site, base = local_site
    (site / "news").mkdir()
    for i, body in enumerate((REPORT, OTHER)):
        (site / "news" / f"{i}.html").write_text(
            f"<html><head><title>Item {i}</title></head><body><article><p>{body}</p>"
            f"<p>Further detail on item {i}: the delegations will reconvene after the holiday.</p></article></body></html>")
    items = "".join(f"<item><title>Item {i}</title><link>{base}/news/{i}.html</link>"
                    f"<pubDate>Mon, 0{i + 1} Jul 2024 08:00:00 GMT</pubDate></item>" for i in range(2))
    items += f"<item><title>Gone</title><link>{base}/news/missing.html</link></item>"
    (site / "feed.xml").write_text(f'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>{items}'
                                   "</channel></rss>")
    s = ingest(store, f"{base}/feed.xml")
    assert len(s.new) == 2
    assert [f.reason for f in s.failed] == ["HTTP 404 from server"]
    dates = sorted(a.published for a in store.iter_articles())
    assert dates == ["2024-07-01", "2024-07-02"]
    again = ingest(store, f"{base}/news/0.html")
    assert again.new == [] and len(again.unchanged) == 1


def test_unreachable_url(store, private_urls):
    s = ingest(store, "http://127.0.0.1:9/nothing-listens-here")
    assert len(s.failed) == 1 and s.failed[0].reason.startswith("cannot reach URL")


def test_not_a_feed(store, tmp_path):
    (tmp_path / "x.xml").write_text("<?xml version='1.0'?><rss><channel></channel></rss>")
    s = ingest(store, tmp_path / "x.xml")
    assert s.failed and "feed" in s.failed[0].reason
