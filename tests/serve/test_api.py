"""The REST API and the pages it serves: filters, paging, search, ingest, escaping, and reads
during writes. The store is the hand-written fixture from conftest.py."""
from __future__ import annotations

import html
import json
import re
import threading
import time
from pathlib import Path
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import httpx
import pytest
from fastapi.testclient import TestClient

from communique.models import Analysis, Event, EventDate, Span
from communique.serve.api import create_app



def ids(page: dict) -> list[str]:
    return [item["id"] for item in page["items"]]


# ── Lists, filters and paging ────────────────────────────────────────────────────────────

def test_articles_page_through_everything_once(client):
    seen, offset = [], 0
    while True:
        page = client.get("/api/articles", params={"limit": 2, "offset": offset}).json()
        assert page["total"] == 5 and page["limit"] == 2 and len(page["items"]) <= 2
        if not page["items"]:
            break
        seen += ids(page)
        offset += 2
    assert sorted(seen) == ["a1", "a2", "a3", "a4", "a5"]
    assert seen[0] == "a5"  # newest first


def test_articles_of_a_story_and_one_article(client):
    page = client.get("/api/articles", params={"story": "s-water"}).json()
    assert page["total"] == 3 and set(ids(page)) == {"a1", "a2", "a3"}
    a = client.get("/api/articles/a2").json()
    assert a["duplicate_of"] == "a1" and a["text"].endswith("Copied from Tehran Wire.")
    assert a["sources"] == ["fixture/a2.txt"]
    assert "per.abbas-araghchi" not in a["actor_ids"]  # a2 has no mentions in the fixture
    assert "per.abbas-araghchi" in client.get("/api/articles/a1").json()["actor_ids"]


def test_stories_newest_first_with_source_counts(client):
    page = client.get("/api/stories").json()
    assert page["total"] == 3
    assert ids(page) == ["s-hostile", "s-clash", "s-water"]
    water = page["items"][2]
    assert water["article_count"] == 3 and water["outlet_count"] == 3
    assert client.get("/api/stories", params={"limit": 1, "offset": 1}).json()["items"][0]["id"] == "s-clash"
    # A story's main event: what its reports' leads tell (salience >= 0.7); none where no event is.
    assert water["main_event"]["id"] == "ev-agree" and water["main_event"]["type"] == "AGREE"
    assert page["items"][0]["main_event"] is None or page["items"][0]["main_event"]["id"] != "ev-agree"


def test_story_detail_has_articles_links_events_and_quotes(client):
    s = client.get("/api/stories/s-water").json()
    assert [a["id"] for a in s["articles"]] == ["a1", "a2", "a3"]
    assert {(l["article_id"], l["relation"]) for l in s["links"]} == {("a2", "copy"), ("a3", "rewrite")}
    assert {e["id"] for e in s["events"]} == {"ev-agree", "ev-meet", "ev-undated"}
    assert {q["id"] for q in s["quotes"]} == {"q-farmers", "q-step"}
    agree = next(e for e in s["events"] if e["id"] == "ev-agree")
    assert agree["article_ids"] == ["a1", "a3"] and len(agree["evidence"]) == 2


@pytest.mark.parametrize("params, expected", [
    ({"q": "Araghchi"}, {"per.abbas-araghchi"}),
    ({"q": "UN"}, {"org.un"}),
    ({"country": "irq"}, {"IRQ", "per.fuad-hussein"}),
    ({"kind": "state"}, {"IRN", "IRQ"}),
    ({"kind": "person", "country": "IRN"}, {"per.abbas-araghchi", "text.evil"}),
])
def test_actor_filters(client, params, expected):
    page = client.get("/api/actors", params=params).json()
    assert set(ids(page)) == expected and page["total"] == len(expected)


def test_actor_detail_counts_and_network(client):
    iran = client.get("/api/actors/IRN").json()
    assert iran["events"] == 4  # IRN-IRQ state events that happened; the ministers' meeting has no state party
    net = {n["actor_id"]: n["events"] for n in iran["network"]}
    assert net == {"IRQ": 4}  # shared events that happened: the negated sanction is not one
    hussein = client.get("/api/actors/per.fuad-hussein").json()
    assert hussein["roles"][0]["title"] == "Foreign Minister" and hussein["quotes"] == 2
    assert [n["name"] for n in hussein["network"]] == ["Abbas Araghchi"]


@pytest.mark.parametrize("params, expected", [
    ({"pair": "IRN:IRQ", "mode": "all"}, ["ev-agree", "ev-meet", "ev-strike", "ev-accuse", "ev-nosanction", "ev-warn"]),
    ({"pair": "IRN:IRQ"}, ["ev-agree", "ev-meet", "ev-strike", "ev-accuse", "ev-warn"]),  # what happened
    ({"pair": "IRN:IRQ", "members": "false"}, ["ev-agree", "ev-strike", "ev-accuse", "ev-warn"]),  # states only
    ({"quad": 4}, ["ev-strike"]),
    ({"place": "Baghdad"}, ["ev-agree", "ev-meet"]),
    ({"place": "IRQ", "type": "ASSAULT"}, ["ev-strike"]),
    ({"pair": "irq:irn", "type": "assault"}, ["ev-strike"]),
    ({"actor": "IRQ"}, ["ev-agree", "ev-accuse", "ev-undated"]),
    ({"recipient": "IRN"}, ["ev-accuse"]),
    ({"party": "per.fuad-hussein"}, ["ev-meet"]),
    ({"since": "2024-05", "until": "2024-05-31", "mode": "all"}, ["ev-strike", "ev-accuse", "ev-nosanction"]),
    ({"since": "2024-05", "until": "2024-05"}, ["ev-strike", "ev-accuse"]),  # a month covers all of it
    ({"story": "s-clash"}, ["ev-strike", "ev-accuse"]),
    ({"country": "IRN", "until": "2024-03-31"}, ["ev-agree", "ev-meet"]),
])
def test_event_filters_in_date_order(client, params, expected):
    page = client.get("/api/events", params=params).json()
    assert page["total"] == len(expected)
    assert sorted(ids(page)) == sorted(expected)
    dates = [e["date"]["value"] for e in page["items"]]
    assert dates == sorted(dates, key=lambda d: (d is None, d or ""))


def test_events_paging_keeps_the_total(client):
    first = client.get("/api/events", params={"limit": 3, "mode": "all"}).json()
    rest = client.get("/api/events", params={"limit": 4, "offset": 3, "mode": "all"}).json()
    assert first["total"] == rest["total"] == 7
    assert not set(ids(first)) & set(ids(rest))
    assert rest["items"][-1]["id"] == "ev-undated"  # undated events come last


@pytest.mark.parametrize("url", ["/api/events?pair=IRN-IRQ", "/api/events?since=yesterday", "/api/events?limit=0",
                                 "/api/events?limit=100000", "/api/actors?kind=planet", "/api/articles?offset=-1",
                                 "/api/search", "/api/timeline?pair=IRAN:IRAQ"])
def test_bad_parameters_are_422(client, url):
    r = client.get(url)
    assert r.status_code == 422 and r.json()["detail"]


@pytest.mark.parametrize("url", ["/api/articles/nope", "/api/stories/nope", "/api/actors/nope", "/api/events/nope",
                                 "/api/quotes/nope"])
def test_unknown_ids_are_404_json(client, url):
    r = client.get(url)
    assert r.status_code == 404 and "nope" in r.json()["detail"]


@pytest.mark.parametrize("params, expected", [
    ({"speaker": "per.fuad-hussein"}, {"q-step", "q-sovereignty"}),
    ({"about": "farmers"}, {"q-farmers"}),
    ({"speaker": "Hussein"}, {"q-step", "q-sovereignty"}),  # a name, or part of one, works too
    ({"about": "Hussein"}, set()),  # `about` searches the quoted words only
    ({"story": "s-water"}, {"q-farmers", "q-step"}),
    ({"about": "\"*"}, set()),
])
def test_quote_filters(client, params, expected):
    page = client.get("/api/quotes", params=params).json()
    assert set(ids(page)) == expected and page["total"] == len(expected)
    assert client.get("/api/quotes/q-step").json()["speaker_id"] == "per.fuad-hussein"


def test_search_over_articles_quotes_and_events(client):
    r = client.get("/api/search", params={"q": "Penjwen"}).json()
    assert [h["article_id"] for h in r["articles"]] == ["a4"] and "[Penjwen]" in r["articles"][0]["snippet"]
    assert [e["id"] for e in r["events"]] == ["ev-accuse"]
    r = client.get("/api/search", params={"q": "sovereignty"}).json()
    assert [q["id"] for q in r["quotes"]] == ["q-sovereignty"]
    assert [h["article_id"] for h in r["articles"]] == ["a4"]
    assert client.get("/api/search", params={"q": "rivers"}).json()["articles"]  # porter stemming: river(s)
    assert client.get("/api/search", params={"q": "\"(*"}).json() == {"q": "\"(*", "articles": [], "quotes": [],
                                                                      "events": []}


def test_timeline_months_split_cooperation_and_conflict(client):
    t = client.get("/api/timeline", params={"pair": "IRN:IRQ"}).json()
    months = {m["month"]: m for m in t["months"]}
    assert list(months) == ["2024-03", "2024-04", "2024-05", "2024-06"]  # the empty April is filled in
    assert months["2024-03"]["cooperation"] == 2 and months["2024-03"]["conflict"] == 0
    assert months["2024-04"]["by_type"] == {}
    assert months["2024-05"]["conflict"] == 2  # the negated sanction is not counted
    assert months["2024-06"]["by_type"] == {"THREATEN": 1}
    assert t["total"] == 5


# ── Ingest ────────────────────────────────────────────────────────────────────────────────

BODY = ("Iraq and Iran opened a new border crossing at Mandali on Sunday, the interior ministry said. "
        "Traders welcomed the crossing.")


@pytest.fixture
def writer(fresh_world):
    with TestClient(create_app(fresh_world[0], analyse=False)) as c:
        yield c


def test_ingest_text_returns_the_article_and_its_story(writer):
    r = writer.post("/api/ingest", json={"text": BODY, "title": "Mandali crossing opens", "published": "2024-07-07",
                                         "outlet": "Border Times"})
    assert r.status_code == 200, r.text
    out = r.json()
    assert out["status"] == "new" and out["new_ids"] == [out["article_id"]]
    assert out["article"]["title"] == "Mandali crossing opens" and out["article"]["outlet"] == "Border Times"
    assert out["article"]["published"] == "2024-07-07"
    assert out["story"]["id"] == out["article"]["story_id"] and out["article_id"] in out["story"]["article_ids"]
    assert out["events"] == []  # no analysis in this app
    assert writer.get(f"/api/articles/{out['article_id']}").json()["text"].startswith("Iraq and Iran opened")
    assert writer.get("/api/articles").json()["total"] == 6
    again = writer.post("/api/ingest", json={"text": BODY, "title": "Mandali crossing opens",
                                             "published": "2024-07-07", "outlet": "Border Times"}).json()
    assert again["status"] == "unchanged" and again["article_id"] == out["article_id"] and again["new_ids"] == []
    assert writer.get("/api/articles").json()["total"] == 6


@pytest.mark.parametrize("body", [{}, {"text": "   "}, {"text": BODY, "url": "https://example.org/x"},
                                  {"text": BODY, "published": "07/07/2024"}, {"url": "ftp://example.org/x"}])
def test_ingest_rejects_bad_bodies(writer, body):
    r = writer.post("/api/ingest", json=body)
    assert r.status_code == 422


def test_ingest_text_too_short_to_be_an_article(writer):
    r = writer.post("/api/ingest", json={"text": "Too short."})
    assert r.status_code == 422 and "could not ingest" in r.json()["detail"]


class FakeAnalyser:
    """Codes one CONSULT between the two states from the first sentence: enough to check that the
    endpoint returns what the pipeline stored, without loading a model."""

    def analyse(self, articles):
        out = []
        for a in articles:
            end = a.text.index(".") + 1
            ev = Event(id=f"fake-{a.id}", type="CONSULT", actors=["IRQ"], recipients=["IRN"],
                       date=EventDate(a.published, "day", "published"), evidence=[Span(a.id, 0, end, a.text[:end])])
            out.append(Analysis(article_id=a.id, events=[ev], sentences=[(0, end)]))
        return out


def test_ingest_returns_the_events_coded_from_the_article(fresh_world):
    with TestClient(create_app(fresh_world[0], analyser=FakeAnalyser())) as c:
        out = c.post("/api/ingest", json={"text": BODY, "published": "2024-07-07"}).json()
        assert [e["id"] for e in out["events"]] == [f"fake-{out['article_id']}"]
        assert out["events"][0]["evidence"][0]["text"].startswith("Iraq and Iran opened")
        assert c.get("/api/events", params={"story": out["story"]["id"]}).json()["total"] == 1


class Page(BaseHTTPRequestHandler):
    def do_GET(self):  # noqa: N802
        host = f"http://{self.headers['Host']}"
        if self.path == "/feed.xml":
            kind = "application/rss+xml"
            body = (f'<?xml version="1.0"?><rss version="2.0"><channel><title>Border Times</title>'
                    f"<item><title>Crossing opens</title><link>{host}/news/crossing.html</link>"
                    f"<pubDate>Sun, 07 Jul 2024 08:00:00 GMT</pubDate></item></channel></rss>").encode()
        elif self.path == "/news/crossing.html":
            kind = "text/html; charset=utf-8"
            body = (f"<html><head><title>Crossing opens</title></head><body><article><h1>Crossing opens</h1>"
                    f"<p>{BODY}</p><p>{BODY.replace('Sunday', 'Monday')}</p></article></body></html>").encode()
        else:
            self.send_error(404)
            return
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def news_site(private_urls):
    server = ThreadingHTTPServer(("127.0.0.1", 0), Page)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def test_ingest_url_from_a_local_site(writer, news_site):
    r = writer.post("/api/ingest", json={"url": f"{news_site}/news/crossing.html"})
    assert r.status_code == 200, r.text
    out = r.json()
    assert out["article"]["url"] == f"{news_site}/news/crossing.html"
    assert "Mandali" in writer.get(f"/api/articles/{out['article_id']}").json()["text"]
    missing = writer.post("/api/ingest", json={"url": f"{news_site}/news/gone.html"})
    assert missing.status_code == 422 and "404" in missing.json()["detail"]


def test_ingest_a_feed_returns_its_entry(writer, news_site):
    first = writer.post("/api/ingest", json={"url": f"{news_site}/feed.xml"}).json()
    assert first["status"] == "new" and first["article"]["url"] == f"{news_site}/news/crossing.html"
    assert first["article"]["published"] == "2024-07-07"  # from the feed entry
    again = writer.post("/api/ingest", json={"url": f"{news_site}/feed.xml"}).json()
    assert again["status"] == "unchanged" and again["article_id"] == first["article_id"]


def test_ingest_with_the_real_analyser(fresh_world):
    """End to end through spaCy and the registered components: whatever events they find are
    exactly what the endpoint returns."""
    from communique.store import Store

    with TestClient(create_app(fresh_world[0])) as c:
        out = c.post("/api/ingest", json={"text": BODY, "published": "2024-07-07"}).json()
    store = Store(fresh_world[0])
    assert [e["id"] for e in out["events"]] == [e.id for e in store.events(article_id=out["article_id"])]
    assert store.article(out["article_id"]).story_id == out["story"]["id"]
    store.close()


# ── Pages and escaping ────────────────────────────────────────────────────────────────────

PAGES = ["/", "/stories/s-water", "/stories/s-hostile", "/articles/a5", "/articles/a1", "/actors", "/actors/IRN",
         "/actors/text.evil", "/actors/per.abbas-araghchi", "/events/ev-warn", "/events/ev-agree",
         "/timeline", "/timeline?pair=IRQ:IRN&since=2024-05", "/search?q=press", "/search?q=Penjwen", "/api"]


@pytest.mark.parametrize("url", PAGES)
def test_pages_render_and_escape_article_content(client, url):
    r = client.get(url)
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    assert "script-src 'self'" in r.headers["content-security-policy"]
    page = r.text
    assert "<script>alert" not in page and "<img src=x" not in page and "<b>Bold" not in page
    assert "javascript:" not in page
    scripts = re.findall(r"<script\b[^>]*>", page)
    assert all('src="/static/app.js"' in s or 'type="application/json"' in s for s in scripts)


def test_hostile_text_shows_as_text(client, evil):
    page = client.get("/stories/s-hostile").text
    assert html.escape(evil, quote=False) in page or "&lt;script&gt;alert(&#39;xss&#39;)&lt;/script&gt;" in page
    assert "&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;" in page
    article = client.get("/articles/a5").text
    assert "original page" not in article  # its javascript: URL is not linked


def test_story_page_marks_citations_quotes_copies_and_rewrites(client):
    page = client.get("/stories/s-water").text
    assert page.count('class="article-col') == 3
    assert 'class="badge copy">copy of' in page and 'class="badge rewrite">rewrite of' in page
    assert "copied by" in page and "rewritten by" in page
    cited = re.findall(r'<mark class="cite[^"]*" id="(c[0-9a-f]+)"', page)
    assert len(cited) >= 3  # ev-agree in a1 and a3, ev-meet in a1 (a2 is a copy, not cited)
    for anchor in re.findall(r'class="cite-link" href="#(c[0-9a-f]+)"', page):
        assert f'id="{anchor}"' in page  # every citation link lands on a highlighted sentence
    assert '<mark class="quote"' in page
    assert '<a href="/actors/per.abbas-araghchi">Abbas Araghchi</a>' in page  # names link to actors


def test_stories_page_lists_newest_first(client):
    page = client.get("/").text
    order = [m for m in re.findall(r'href="/stories/([^"]+)"', page)]
    assert order == ["s-hostile", "s-clash", "s-water"]


def test_unknown_pages_are_404_html(client):
    r = client.get("/stories/nope")
    assert r.status_code == 404 and r.headers["content-type"].startswith("text/html") and "nope" in r.text


def test_static_assets_come_from_the_package(client):
    assert client.get("/static/style.css").status_code == 200
    assert "textContent" in client.get("/static/app.js").text
    assert "//cdn" not in client.get("/").text


def test_embedded_json_cannot_close_its_script(fresh_world, evil):
    """An event type is text from the store like any other: it must not break out of the chart data."""
    from communique.store import Store

    store = Store(fresh_world[0])
    a1 = store.article("a1")
    with store.transaction():
        store.upsert_event(Event("ev-odd", f"</script>{evil}", actors=["IRN"], recipients=["IRQ"],
                                 date=EventDate("2024-04-02", "day", "text"), evidence=[Span("a1", 0, 6, a1.text[:6])]))
    store.close()
    with TestClient(create_app(fresh_world[0], analyse=False)) as c:
        page = c.get("/timeline").text
    blob = re.search(r'<script type="application/json" id="chart-data">(.*?)</script>', page, re.S).group(1)
    assert "</" not in blob and "<" not in blob
    april = next(m for m in json.loads(blob) if m["month"] == "2024-04")
    assert april["title"].endswith(f"(</script>{evil} 1)")


# ── Reads during writes ───────────────────────────────────────────────────────────────────

def test_reads_keep_working_while_an_ingest_writes(fresh_world, tmp_path, serve_app):
    from communique.pipeline import Pipeline
    from communique.store import Store

    records = tmp_path / "batch.jsonl"
    with records.open("w") as f:
        for i in range(120):
            f.write(json.dumps({"id": f"batch-{i}", "title": f"Report {i}", "published": f"2024-08-{i % 28 + 1:02d}",
                                "text": f"Report number {i}: officials from Iran and Iraq met on day {i} to discuss "
                                        f"trade, water and the border. Item {i * 7919} was on the agenda."}) + "\n")
    done = threading.Event()
    result = {}

    def ingest():
        store = Store(fresh_world[0])  # a writer of its own, as `communique ingest` would be
        try:
            result["summary"] = Pipeline(store, analyse=False, batch_size=8).ingest([str(records)])
        finally:
            store.close()
            done.set()

    urls = ["/api/stories", "/api/articles?limit=5", "/api/events?pair=IRN:IRQ", "/api/search?q=officials",
            "/api/actors?q=Iran", "/", "/stories/s-water", "/api/quotes?about=farmers", "/api/timeline"]
    statuses, during = [], []

    def hammer():
        with httpx.Client(base_url=server.url, timeout=30) as http:
            i = 0
            while not done.is_set():
                r = http.get(urls[i % len(urls)])
                statuses.append(r.status_code)
                if not done.is_set():
                    during.append(r.status_code)
                i += 1

    with serve_app(create_app(fresh_world[0], analyse=False)) as server:
        readers = [threading.Thread(target=hammer) for _ in range(4)]
        for t in readers:
            t.start()
        writer = threading.Thread(target=ingest)
        writer.start()
        writer.join(timeout=120)
        for t in readers:
            t.join(timeout=30)
        final = httpx.get(f"{server.url}/api/articles?limit=1").json()["total"]
    assert len(result["summary"].new) == 120 and not result["summary"].failed
    assert len(during) > 5 and set(statuses) == {200}  # reads did overlap the writes, and all succeeded
    assert final == 125


# ── The command ───────────────────────────────────────────────────────────────────────────

def test_serve_command_help_and_missing_store(tmp_path):
    from typer.testing import CliRunner

    from communique.serve.cli import app

    runner = CliRunner()
    r = runner.invoke(app, ["serve", "--help"])
    assert r.exit_code == 0 and "Example:" in r.output and "--port" in r.output
    r = runner.invoke(app, ["serve", "--db", str(tmp_path / "none.db"), "--port", "8765"])
    assert r.exit_code == 2 and "no store" in r.output


def test_serve_command_serves(world_db, port):
    """`communique serve` in a real subprocess answers on the port it was given."""
    import subprocess
    import sys

    command = Path(sys.executable).with_name("communique")  # the installed console script
    proc = subprocess.Popen([str(command), "serve", "--db", str(world_db[0]),
                             "--port", str(port)], stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                r = httpx.get(f"http://127.0.0.1:{port}/api/stories", timeout=2)
                break
            except httpx.TransportError:
                assert proc.poll() is None and time.monotonic() < deadline, proc.stdout.read().decode()
                time.sleep(0.1)
        assert r.status_code == 200 and r.json()["total"] == 3
    finally:
        proc.terminate()
        proc.wait(timeout=10)
