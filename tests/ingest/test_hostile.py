"""Hostile and careless input, small sizes: every kind ends with one line (stored, or a reason),
within the limits, and the good input beside it is stored. HTTP kinds are served by the test's
own server on 127.0.0.1; the refused addresses are refused before any connection is made."""
from __future__ import annotations

import gzip
import http.server
import logging
import os
import threading
import time
from pathlib import Path

import pytest

from communique.ingest import fetch as fetch_mod
from communique.ingest import limits
from communique.ingest.sources import iter_documents
from communique.models import IngestFailure
from communique.pipeline import Pipeline

GOOD = ("Envoys from the two river states met in a lakeside town on Tuesday and agreed to share "
        "flow data from the upper dams every week, a joint statement said.")


def ingest(store, *inputs, **kw):
    return Pipeline(store, analyse=False).ingest([str(i) for i in inputs], **kw)


def by_name(summary) -> dict[str, str]:
    return {Path(f.source.split("#")[0]).name or f.source: f.reason for f in summary.failed}


@pytest.fixture
def small_limits():
    limits.configure(max_bytes=200_000, fetch_deadline=2.0, fetch_timeout=1.0, max_feed_entries=5,
                     max_text_chars=5_000)
    yield limits.current()
    limits.configure()


# ── files ─────────────────────────────────────────────────────────────────────────────────

def test_file_kinds_each_get_one_line_and_good_input_is_stored(store, tmp_path, small_limits):
    d = tmp_path / "in"
    d.mkdir()
    (d / "good.txt").write_text(GOOD)
    (d / "bomb.html.gz").write_bytes(gzip.compress(b"<p>" + b"a" * 50_000_000))
    (d / "zero.txt").symlink_to("/dev/zero")
    os.mkfifo(d / "pipe.txt")
    (d / "big.txt").write_bytes(b"x" * 300_000)
    s = ingest(store, d)
    why = by_name(s)
    assert "compression bomb" in why["bomb.html.gz"]
    assert why["zero.txt"] == "not a regular file (a character device)"
    assert why["pipe.txt"] == "not a regular file (a FIFO)"
    assert "too large" in why["big.txt"]
    assert [Path(a.source).name for a in store.iter_articles()] == ["good.txt"]
    assert all(len(f.reason.splitlines()) == 1 for f in s.failed)


def test_unreadable_subfolder_is_reported(store, tmp_path, monkeypatch):
    d = tmp_path / "in"
    (d / "locked").mkdir(parents=True)
    (d / "good.txt").write_text(GOOD)
    if os.geteuid() == 0:  # root reads any folder: make this one fail to list
        real = os.scandir

        def scandir(path="."):
            if str(path).endswith("locked"):
                raise PermissionError(13, "Permission denied", str(path))
            return real(path)
        monkeypatch.setattr(os, "scandir", scandir)
    else:
        (d / "locked").chmod(0)
    try:
        s = ingest(store, d)
    finally:
        (d / "locked").chmod(0o755)
    assert by_name(s) == {"locked": "cannot read folder (Permission denied)"}
    assert len(s.new) == 1


def test_nul_and_terminal_escapes_are_removed(store, tmp_path):
    (tmp_path / "a.jsonl").write_text(
        '{"id": "r1", "title": "Talks \\u001b[31mred\\u001b[0m", "text": "' + GOOD + ' With a NUL\\u0000 inside."}\n')
    s = ingest(store, tmp_path / "a.jsonl")
    assert len(s.new) == 1, s.failed
    article = store.article(s.new[0])
    assert "\x00" not in article.text and "NUL inside" in article.text
    assert "\x1b" not in article.title


def test_dates_outside_the_calendar_are_dropped(store, tmp_path, caplog):
    (tmp_path / "a.jsonl").write_text(
        '{"id": "old", "published": "0001-01-01", "text": "' + GOOD + '"}\n'
        '{"id": "far", "published": "9999-12-31", "text": "' + GOOD.replace("Tuesday", "Friday") + '"}\n')
    with caplog.at_level(logging.WARNING):
        s = ingest(store, tmp_path / "a.jsonl")
    assert len(s.new) == 2 and not s.failed
    assert [a.published for a in store.iter_articles()] == [None, None]
    assert "outside 1800-2100" in caplog.text


def test_relative_dates_far_away_resolve_to_nothing():
    from communique.analyse.dates import resolve

    assert resolve("1000000 days ago", "2024-05-01") is None
    assert resolve("last week", "0001-01-03") is None
    assert resolve("last week", "2024-05-01") is not None


def test_overlong_text_is_cut_with_a_warning(store, tmp_path, small_limits, caplog):
    (tmp_path / "long.txt").write_text((GOOD + "\n\n") * 200)
    with caplog.at_level(logging.WARNING):
        s = ingest(store, tmp_path / "long.txt")
    assert len(s.new) == 1
    assert len(store.article(s.new[0]).text) <= small_limits.max_text_chars
    assert "cut to" in caplog.text


def test_mixed_encodings_are_read_by_line_with_a_warning(store, tmp_path, caplog):
    data = ("“Quoted” remarks opened the statement.\n\n" + GOOD + "\n\n").encode() + \
        "The café owners near the ministry said the street was closed.\n".encode("cp1252")
    (tmp_path / "mixed.txt").write_bytes(data)
    with caplog.at_level(logging.WARNING):
        s = ingest(store, tmp_path / "mixed.txt")
    text = store.article(s.new[0]).text
    assert "café owners" in text and "“Quoted”" in text
    assert "mixed encodings" in caplog.text


def test_samples_folder_with_the_feed_template(store):
    """The bundled feed names http://127.0.0.1:PORT/…: a line per entry, not a crash."""
    samples = Path(__file__).resolve().parents[2] / "src" / "communique" / "samples"
    s = ingest(store, samples)
    assert s.new and all(len(f.reason.splitlines()) == 1 for f in s.failed)
    entries = [a for a in store.iter_articles() if "127.0.0.1:PORT" in (a.source or "")]
    assert entries  # the entries' own descriptions stand in for the pages that cannot be fetched


# ── one failure in analysis or storage fails that input only ─────────────────────────────

class _PickyAnalyser:
    def analyse(self, articles):
        from communique.models import Analysis

        for a in articles:
            if "poison" in a.text:
                raise RuntimeError("[E088] Text of length 1000001 exceeds maximum")
        return [Analysis(a.id) for a in articles]


def test_analysis_failure_is_one_line_and_the_run_goes_on(store, tmp_path):
    (tmp_path / "a.txt").write_text(GOOD)
    (tmp_path / "b.txt").write_text(GOOD.replace("Tuesday", "Monday") + " This one carries poison.")
    (tmp_path / "c.txt").write_text(GOOD.replace("Tuesday", "Sunday"))
    s = Pipeline(store, analyser=_PickyAnalyser()).ingest([str(tmp_path)])
    assert len(s.new) == 2
    assert by_name(s) == {"b.txt": "analysis failed: [E088] Text of length 1000001 exceeds maximum"}
    again = Pipeline(store, analyser=_PickyAnalyser()).ingest([str(tmp_path)])
    assert len(again.unchanged) == 2 and len(again.failed) == 1


def test_storage_failure_is_one_line(store, tmp_path, monkeypatch):
    (tmp_path / "a.txt").write_text(GOOD)
    (tmp_path / "b.txt").write_text(GOOD.replace("Tuesday", "Monday"))
    real = store.insert_article

    def insert(article):
        if article.source.endswith("a.txt"):
            raise RuntimeError("disk says no")
        return real(article)
    monkeypatch.setattr(store, "insert_article", insert)
    s = ingest(store, tmp_path)
    assert by_name(s) == {"a.txt": "disk says no"} and len(s.new) == 1
    assert [Path(a.source).name for a in store.iter_articles()] == ["b.txt"]


# ── HTTP ──────────────────────────────────────────────────────────────────────────────────

PAGE = f"<html><head><title>Flow data</title></head><body><article><p>{GOOD}</p></article></body></html>".encode()
BOMB = gzip.compress(b"a" * 30_000_000)  # made once: the server must answer well within the 2 s deadline


class _Hostile(http.server.BaseHTTPRequestHandler):
    secret_hits = 0
    other = ""  # base URL of a second server, for redirects

    def do_GET(self):  # noqa: C901 - one branch per kind
        path = self.path
        if path == "/good.html":
            self._send(200, "text/html", PAGE)
        elif path == "/bomb":
            self._send(200, "text/html", BOMB, {"Content-Encoding": "gzip"})
        elif path == "/bomb.html.gz":
            self._send(200, "application/gzip", BOMB)
        elif path == "/endless":
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            try:
                while True:
                    self.wfile.write(b"<p>more</p>" * 1000)
            except OSError:
                pass
        elif path.startswith("/trickle"):
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            try:
                for _ in range(200):
                    self.wfile.write(b"<")
                    self.wfile.flush()
                    time.sleep(0.1)
            except OSError:
                pass
        elif path == "/data.json":
            self._send(200, "application/json", b'{"text": "' + GOOD.encode() + b'"}')
        elif path == "/plain-feed.xml":
            items = "".join(f"<item><title>T{i}</title><description>{GOOD.replace('Tuesday', f'day {i}')}"
                            f"</description></item>" for i in range(3))
            self._send(200, "application/rss+xml", f"<?xml version='1.0'?><rss version='2.0'><channel>"
                       f"<title>t</title>{items}</channel></rss>".encode())
        elif path == "/many-feed.xml":
            items = "".join(f"<item><title>T{i}</title><link>/good.html?{i}</link></item>" for i in range(40))
            self._send(200, "application/rss+xml", f"<?xml version='1.0'?><rss version='2.0'><channel>"
                       f"<title>t</title>{items}</channel></rss>".encode())
        elif path == "/slow-feed.xml":
            base = f"http://127.0.0.1:{self.server.server_address[1]}"
            items = "".join(f"<item><title>S{i}</title><link>{base}/trickle?{i}</link></item>" for i in range(5))
            self._send(200, "application/rss+xml", f"<?xml version='1.0'?><rss version='2.0'><channel>"
                       f"<title>t</title>{items}</channel></rss>".encode())
        elif path == "/to-other":
            self.send_response(302)
            self.send_header("Location", f"{_Hostile.other}/secret")
            self.end_headers()
        elif path == "/secret":
            type(self).secret_hits += 1
            self._send(200, "text/html", PAGE.replace(b"Flow data", b"Secret"))
        else:
            self._send(404, "text/plain", b"no")

    def _send(self, status, ctype, body, headers=None):
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.end_headers()
        try:
            self.wfile.write(body)
        except OSError:
            pass

    def log_message(self, *args):
        pass


def _serve(host: str):
    server = http.server.ThreadingHTTPServer((host, 0), _Hostile)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://{host}:{server.server_address[1]}"


@pytest.fixture
def hostile_site():
    server, base = _serve("127.0.0.1")
    other, other_base = _serve("127.0.0.2")
    _Hostile.other, _Hostile.secret_hits = other_base, 0
    yield base
    server.shutdown()
    other.shutdown()


def test_http_kinds_each_get_one_line(store, hostile_site, small_limits, private_urls):
    base = hostile_site
    t0 = time.monotonic()
    s = ingest(store, f"{base}/good.html", f"{base}/bomb", f"{base}/bomb.html.gz", f"{base}/endless",
               f"{base}/trickle", f"{base}/data.json")
    elapsed = time.monotonic() - t0
    why = {f.source.rsplit("/", 1)[-1]: f.reason for f in s.failed}
    assert "compression bomb" in why["bomb"]
    assert "compression bomb" in why["bomb.html.gz"]
    assert "larger than" in why["endless"]
    assert "took longer than 2 s" in why["trickle"] or "timed out" in why["trickle"]
    assert why["data.json"] == "not an article (content type application/json)"
    assert len(s.new) == 1 and len(why) == 5
    assert elapsed < 18  # the trickle stops at the 2 s deadline, not after 20 s


def test_feed_items_plain_text_and_capped(store, hostile_site, small_limits, private_urls):
    s = ingest(store, f"{hostile_site}/plain-feed.xml")
    assert len(s.new) == 3 and not s.failed
    s = ingest(store, f"{hostile_site}/many-feed.xml")
    assert any("40 entries; only the first 5" in f.reason for f in s.failed)


def test_a_feed_of_slow_pages_stops_at_its_deadline(store, hostile_site, private_urls):
    limits.configure(fetch_deadline=1.0, fetch_timeout=1.0, feed_deadline=1.5)
    try:
        t0 = time.monotonic()
        s = ingest(store, f"{hostile_site}/slow-feed.xml")
    finally:
        limits.configure()
    assert time.monotonic() - t0 < 6
    assert any(f.reason.startswith("feed took longer than 1.5 s") for f in s.failed), s.failed


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost", "127.1", "2130706433", "0.0.0.0", "10.0.0.1",
                                  "10.255.1.2", "169.254.169.254", "192.168.1.1", "[::1]", "[::ffff:127.0.0.1]"])
def test_private_addresses_are_refused_before_connecting(host):
    items = list(iter_documents([f"http://{host}:1/secret"]))
    assert len(items) == 1 and isinstance(items[0], IngestFailure)
    assert items[0].reason.startswith("refused: ") and "address" in items[0].reason


def test_redirect_to_a_refused_address_is_refused(hostile_site, monkeypatch):
    """The first hop (127.0.0.1) is allowed here; the redirect to 127.0.0.2 is not, and the
    second server never sees a request."""
    real = fetch_mod.refused_address
    monkeypatch.setattr(fetch_mod, "refused_address", lambda ip: None if ip == "127.0.0.1" else real(ip))
    ok = list(iter_documents([f"{hostile_site}/good.html"]))
    assert not isinstance(ok[0], IngestFailure)
    items = list(iter_documents([f"{hostile_site}/to-other"]))
    assert isinstance(items[0], IngestFailure) and items[0].reason.startswith("refused: 127.0.0.2")
    assert _Hostile.secret_hits == 0


def test_unreachable_port_does_not_say_why(private_urls):
    items = list(iter_documents(["http://127.0.0.1:9/x"]))
    assert items[0].reason == "cannot reach URL (no connection)"


def test_the_hostile_corpus_script_builds_every_file_kind(store, tmp_path, small_limits):
    """scripts/hostile_corpus.py at a tiny scale: every file kind ends with a line or a stored
    article in one run, and the good reports beside them are all stored."""
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "scripts"))
    import hostile_corpus

    files = hostile_corpus.build(tmp_path / "corpus", scale=0.001)
    try:
        file_kinds = [k for k in hostile_corpus.kinds(files, "http://127.0.0.1:1") if not k.input.startswith("http")]
        s = ingest(store, *[k.input for k in file_kinds])
    finally:
        (files / "locked").chmod(0o755)
    stored = {src for a in store.iter_articles() for src in store.article_sources(a.id)}
    assert {str(files / f"good_{i}.txt") for i in range(4)} <= stored
    assert all(len(f.reason.splitlines()) == 1 for f in s.failed)
    why = by_name(s)
    assert "compression bomb" in why["bomb.html.gz"] and why["fifo.txt"].endswith("(a FIFO)")
    assert "too large" in why["huge_200mb.txt"] and "character device" in why["dev_zero.txt"]


def test_cli_ingest_refuses_local_urls_unless_allowed(tmp_path, hostile_site, monkeypatch):
    from typer.testing import CliRunner

    from communique.serve.cli import app

    monkeypatch.delenv("COMMUNIQUE_ALLOW_PRIVATE_URLS", raising=False)
    db, url = str(tmp_path / "cli.db"), f"{hostile_site}/good.html"
    try:
        refused = CliRunner().invoke(app, ["ingest", url, "--db", db, "--no-analysis", "--json"])
        assert refused.exit_code == 1 and "--allow-private-urls" in refused.output
        allowed = CliRunner().invoke(app, ["ingest", url, "--db", db, "--no-analysis", "--json", "--allow-private-urls"])
        assert allowed.exit_code == 0 and '"new": 1' in allowed.output
    finally:
        limits.configure()


def test_two_writers_on_the_same_inputs_never_crash(tmp_path):
    """Two processes ingest the same folder into one store at once: both finish, every report
    is stored once, and whatever one lost to the other is 'unchanged' or a line, not a crash."""
    import json
    import subprocess
    import sys

    corpus = tmp_path / "c"
    corpus.mkdir()
    for i in range(150):
        (corpus / f"r{i:03d}.txt").write_text(f"{GOOD} Report {i} names district {i * 7} and item {i * 13}.")
    db = tmp_path / "shared.db"
    code = ("import json, sys\nfrom communique.pipeline import Pipeline\nfrom communique.store import Store\n"
            "s = Pipeline(Store(sys.argv[1]), analyse=False, batch_size=4).ingest([sys.argv[2]])\n"
            "print(json.dumps(s.as_dict()))\n")
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2] / "src")}
    from communique.store import Store

    Store(db).close()  # the schema first, so both start on the same store
    procs = [subprocess.Popen([sys.executable, "-c", code, str(db), str(corpus)], env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(2)]
    outs = [p.communicate(timeout=300) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], [o[1][-500:] for o in outs]
    summaries = [json.loads(o[0].strip().splitlines()[-1]) for o in outs]
    assert all(len(f["reason"].splitlines()) == 1 for s in summaries for f in s["failures"])
    with Store(db) as s:
        assert s.count_articles() == 150
        assert s.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
