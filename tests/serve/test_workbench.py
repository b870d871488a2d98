"""The analyst's workbench over one store: every count agrees between the CLI, the API and the
pages; the events page filters, sorts, pages and downloads exactly what it shows; exports say
what they leave out; the GDELT file loads with GDELT's own column list; the CLI reads at 80
columns. Uses the fixture store of conftest.py (written directly, no parsing)."""
from __future__ import annotations

import csv
import io
import json
import re

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from communique.models import Event, EventDate, Location, Span
from communique.serve.api import create_app
from communique.serve.cli import app as cli
from communique.store import Store

runner = CliRunner()


def cli_count(*args: str, db) -> int:
    """The number the CLI's `events` listing opens with."""
    r = runner.invoke(cli, ["events", "--db", str(db), *args], env={"COLUMNS": "80"})
    assert r.exit_code == 0, r.output
    return int(r.stdout.split()[0])


def page_count(client, url: str) -> int:
    """The count a page prints in its `counted` line (<b class="total">N</b> or the first number)."""
    html = client.get(url).text
    line = re.search(r'class="meta counted">(.*?)</p>', html, re.S).group(1)
    return int(re.search(r"(\d+)", line).group(1))


def described(client, url: str) -> str:
    html = client.get(url).text
    return re.sub(r"<[^>]+>", "", re.search(r'class="meta counted">(.*?)</p>', html, re.S).group(1))


# ── One definition per count ────────────────────────────────────────────────────────────────

def test_pair_count_agrees_everywhere(client, world_db):
    db = world_db[0]
    api = client.get("/api/events", params={"pair": "IRN:IRQ"}).json()
    assert api["total"] == 5  # six stored between the two; the negated sanction did not happen
    assert cli_count("--pair", "IRN:IRQ", db=db) == api["total"]
    assert page_count(client, "/events?pair=IRN:IRQ") == api["total"]
    assert page_count(client, "/timeline?pair=IRN:IRQ") == api["total"]
    assert client.get("/api/timeline", params={"pair": "IRN:IRQ"}).json()["total"] == api["total"]
    words = "events that happened (negated, hypothetical and denied left out); Iran and Iraq counted with their " \
            "officials and bodies"
    assert api["counts"] == words and words in described(client, "/events?pair=IRN:IRQ")
    assert words in described(client, "/timeline?pair=IRN:IRQ")


def test_all_modes_count_agrees_everywhere(client, world_db):
    db = world_db[0]
    api = client.get("/api/events", params={"pair": "IRN:IRQ", "mode": "all"}).json()["total"]
    assert api == 6
    assert cli_count("--pair", "IRN:IRQ", "--all", db=db) == api
    assert page_count(client, "/events?pair=IRN:IRQ&mode=all") == api


def test_state_with_and_without_its_officials(client, world_db):
    db = world_db[0]
    with_members = client.get("/api/events", params={"country": "IRN"}).json()
    alone = client.get("/api/events", params={"country": "IRN", "members": "false"}).json()
    assert with_members["total"] == 5 and alone["total"] == 4  # Araghchi's meeting counts for Iran only with members
    assert "counted with its officials and bodies" in with_members["counts"]
    assert "state only" in alone["counts"]
    assert cli_count("--country", "IRN", db=db) == with_members["total"]
    assert cli_count("--country", "IRN", "--state-only", db=db) == alone["total"]
    assert page_count(client, "/events?country=IRN") == with_members["total"]
    assert page_count(client, "/events?country=IRN&members=0") == alone["total"]
    # The actor page gives both numbers, each with its words and a link to the same view.
    html = client.get("/actors/IRN").text
    own = client.get("/api/events", params={"party": "IRN"}).json()["total"]
    assert client.get("/api/actors/IRN").json()["events"] == own == 4
    assert re.search(rf'<a class="event-count" href="/events\?party=IRN">{own} events</a>', html)
    assert re.search(rf'<a class="member-count" href="/events\?country=IRN">{with_members["total"]} events that',
                     html)


def test_story_event_count_agrees_everywhere(client, world_db):
    db = world_db[0]
    html = client.get("/").text
    shown = dict(re.findall(r'<a href="/events\?story=([\w-]+)">(\d+)</a>', html))
    assert shown == {"s-water": "3", "s-clash": "2", "s-hostile": "1"}  # s-clash also stores a negated one
    listed = json.loads(runner.invoke(cli, ["stories", "--db", str(db), "--json"]).stdout)
    assert {r["id"]: str(r["events"]) for r in listed} == shown
    for story, n in shown.items():
        assert client.get("/api/events", params={"story": story}).json()["total"] == int(n)
        assert cli_count("--story", story, db=db) == int(n)
        assert page_count(client, f"/events?story={story}") == int(n)


def test_the_home_page_event_total_is_the_api_total(client):
    html = client.get("/").text
    n = int(re.search(r"<b>(\d+)</b> events", html).group(1))
    assert n == client.get("/api/events").json()["total"] == 6  # seven stored, one negated


# ── The events page ─────────────────────────────────────────────────────────────────────────

def row_ids(html: str) -> list[str]:
    return re.findall(r'<tr class="event-row [a-z]+" data-id="([^"]+)"', html)


def test_events_page_facets_change_the_rows(client):
    everything = row_ids(client.get("/events").text)
    assert len(everything) == 6
    html = client.get("/events").text
    facet = re.search(r'<a href="(/events\?type=ASSAULT)">ASSAULT</a> <span class="n">1</span>', html)
    assert facet, "the type facet links to its filtered view with its count"
    assert row_ids(client.get(facet.group(1)).text) == ["ev-strike"]
    assert row_ids(client.get("/events?quad=1").text) == ["ev-agree", "ev-meet", "ev-undated"]
    assert row_ids(client.get("/events?place=Penjwen").text) == ["ev-strike"]
    assert row_ids(client.get("/events?since=2024-05&until=2024-05").text) == ["ev-strike", "ev-accuse"]
    assert row_ids(client.get("/events?story=s-hostile").text) == ["ev-warn"]
    assert row_ids(client.get("/events?actor=per.abbas-araghchi").text) == ["ev-meet"]


def test_events_page_sorts_and_pages(client, fresh_world):
    html = client.get("/events?sort=-date").text
    dated = [d for d in re.findall(r'<td class="date">([^<]+)</td>', html)]
    assert dated[0] == "2024-06-01" and dated[-1] == "undated"
    assert row_ids(client.get("/events?sort=type").text)[:2] == ["ev-accuse", "ev-agree"]
    path, _ = fresh_world
    store = Store(path)
    a1 = store.article("a1")
    with store.transaction():
        for i in range(60):
            store.upsert_event(Event(f"ev-bulk{i:02d}", "CONSULT", actors=["IRN"], recipients=["IRQ"],
                                     date=EventDate(f"2023-{i % 12 + 1:02d}-01", "day", "text"),
                                     evidence=[Span("a1", i, i + 5, a1.text[i:i + 5])], article_ids=["a1"]))
    store.close()
    with TestClient(create_app(path, analyse=False)) as c:
        first = c.get("/events?type=CONSULT").text
        assert len(row_ids(first)) == 50 and "1–50 of 62" in first
        nxt = re.search(r'<a rel="next" href="([^"]+)"', first).group(1).replace("&amp;", "&")
        assert "type=CONSULT" in nxt
        rest = row_ids(c.get(nxt).text)
        assert len(rest) == 12 and not set(rest) & set(row_ids(first))


def test_download_is_exactly_the_filtered_view(client):
    for query in ("", "pair=IRN:IRQ", "type=CONSULT", "country=IRN&members=0", "mode=all", "quad=4&sort=-date"):
        html = client.get(f"/events?{query}").text
        link = re.search(r'<a class="download csv" href="([^"]+)"', html).group(1).replace("&amp;", "&")
        rows = list(csv.DictReader(io.StringIO(client.get(link).text)))
        assert [r["id"] for r in rows] == row_ids(html), query
        jlink = re.search(r'<a class="download json" href="([^"]+)"', html).group(1).replace("&amp;", "&")
        data = client.get(jlink).json()
        assert [r["id"] for r in data["items"]] == row_ids(html) and data["total"] == len(rows)
    assert client.get("/events.csv?type=NOTATYPE").status_code == 422


def test_events_csv_is_the_event_rows_written_as_csv(fresh_world, monkeypatch):
    """The events CSV is formatted straight from stored records, streamed in chunks; it must be, byte
    for byte, what write_csv_rows writes for event_row of the same events: checked on cells that
    need CSV quoting and JSON escaping, a place without a country, no place, no parties, several
    reports of one event, and chunk edges."""
    from communique.serve import export
    from communique.serve.event_query import EventQuery, from_params

    path, _ = fresh_world
    store = Store(path)
    a4 = store.article("a4")
    tricky = ['He said "no", then left.', "Line one\nline two\ttabbed", "Ünïcödé — “curly” \\ back\x01slash"]
    with store.transaction():
        for i in range(23):
            text = tricky[i % 3]
            store.upsert_event(Event(
                f"ev-csv{i:02d}", "CONSULT" if i % 2 else "ACCUSE", mode=None if i % 4 else "verbal",
                actors=["IRN", "per.abbas-araghchi"][: 1 + i % 2], recipients=[] if i % 5 == 0 else ["IRQ"],
                date=EventDate(f"2024-04-{1 + i % 28:02d}" if i % 7 else None, "day" if i % 7 else None),
                location=None if i % 3 == 0 else Location(f"Place, {text}", None if i % 2 else "IRQ"),
                evidence=[Span("a1", i, i + 10, text)] + ([Span("a4", 3, 9, a4.text[3:9])] if i % 4 == 1 else []),
                goldstein=None if i % 6 == 0 else -2.5 + i / 3, negated=i % 11 == 0, confidence=i / 23 or None,
                status="claimed" if i % 8 == 3 else "asserted", claimed_by="IRQ" if i % 8 == 3 else None))
    monkeypatch.setattr(export.EventCSV, "CHUNK", 4)
    for params in ({}, {"mode": "all"}, {"type": "CONSULT", "sort": "-goldstein"}, {"pair": "IRN:IRQ"}):
        query = from_params(params)[0] if params else EventQuery()
        events = store.events(**query.store_filters(), sort=query.sort)
        assert events, params
        expected = io.StringIO()
        export.write_csv_rows([export.event_row(e) for e in events], expected)
        assert "".join(export.EventCSV(store, query)) == expected.getvalue(), params
        assert list(export.event_row(events[0])) == list(export.EVENT_COLUMNS)
    nothing = from_params({"type": "SANCTION", "pair": "IRN:IRQ", "mode": "happened"})[0]
    assert "".join(export.EventCSV(store, nothing)) == ""  # like an empty table: no header either


def test_bad_filter_values_are_named_and_dropped(client):
    html = client.get("/events?pair=IRAN&since=yesterday&type=CONSULT").text
    assert "pair &#39;IRAN&#39; should be two ISO alpha-3 codes" in html
    assert "since &#39;yesterday&#39; is not a date" in html
    assert row_ids(html) == ["ev-meet", "ev-undated"]  # the good filter still applies


def test_story_list_takes_the_event_filters(client):
    html = client.get("/?type=ASSAULT").text
    assert re.findall(r'class="story-link" href="/stories/([\w-]+)"', html) == ["s-clash"]
    html = client.get("/?country=IRN&members=0").text
    assert set(re.findall(r'class="story-link" href="/stories/([\w-]+)"', html)) == {"s-water", "s-clash", "s-hostile"}
    countries = dict(re.findall(r'href="/stories/([\w-]+)">.*?</a></td>\s*<td class="wide countries">([^<]*)</td>',
                                client.get("/").text, re.S))
    assert countries["s-clash"] == "IRN, IRQ" or countries["s-clash"] == "IRQ, IRN"
    api = client.get("/api/stories", params={"type": "ASSAULT"}).json()
    assert [s["id"] for s in api["items"]] == ["s-clash"] and api["total"] == 1
    assert api["items"][0]["event_count"] == 1 and set(api["items"][0]["countries"]) == {"IRN", "IRQ"}
    assert api["counts"].startswith("events that happened")


# ── Confidence and claims ───────────────────────────────────────────────────────────────────

@pytest.fixture
def scored_world(fresh_world):
    """The fixture with confidence and claim status on some events."""
    path, ids = fresh_world
    store = Store(path)
    with store.transaction():
        for event_id, confidence, status in (("ev-agree", 0.9, "asserted"), ("ev-strike", 0.3, "claimed"),
                                             ("ev-accuse", 0.6, "denied")):
            e = store.event(event_id)
            e.confidence, e.status = confidence, status
            store.upsert_event(e)
    store.close()
    return path


def test_min_confidence_keeps_unscored_events(scored_world):
    with TestClient(create_app(scored_world, analyse=False)) as c:
        api = c.get("/api/events", params={"min_confidence": 0.5}).json()
        ids = {e["id"] for e in api["items"]}
        assert "ev-agree" in ids and "ev-strike" not in ids and "ev-meet" in ids  # unscored passes
        assert "ev-accuse" not in ids  # denied: not among what happened
        assert api["total"] == cli_count("--min-confidence", "0.5", db=scored_world)
        assert api["total"] == page_count(c, "/events?min_confidence=0.5")
        assert "confidence at least 0.5 (unscored events kept)" in api["counts"]
        asserted = c.get("/api/events", params={"asserted": "true"}).json()
        assert "ev-strike" not in {e["id"] for e in asserted["items"]}


# ── Exports ─────────────────────────────────────────────────────────────────────────────────

def export_rows(db, out, *flags) -> tuple[list[dict], str]:
    r = runner.invoke(cli, ["export", "--db", str(db), "--out", str(out), *flags], env={"COLUMNS": "200"})
    assert r.exit_code == 0, r.output
    rows = [json.loads(line) for line in (out / "events.jsonl").read_text().splitlines()]
    return rows, r.stdout


def test_export_rows_are_stored_or_explained(scored_world, tmp_path):
    stored = Store(scored_world).count_events()
    assert stored == 7
    rows, said = export_rows(scored_world, tmp_path / "a")
    # Default: what happened; the summary names each filter and what it left out.
    assert {r["id"] for r in rows} == {"ev-agree", "ev-meet", "ev-strike", "ev-warn", "ev-undated"}
    assert "events: 7 stored, 5 written; left out: 1 negated, 1 denied" in said
    rows, said = export_rows(scored_world, tmp_path / "b", "--all-modes")
    assert len(rows) == stored and "events: 7 stored, 7 written" in said
    negated = next(r for r in rows if r["id"] == "ev-nosanction")
    assert negated["negated"] is True and next(r for r in rows if r["id"] == "ev-accuse")["status"] == "denied"
    rows, said = export_rows(scored_world, tmp_path / "c", "--asserted-only", "--min-confidence", "0.5")
    assert {r["id"] for r in rows} == {"ev-agree", "ev-meet", "ev-warn", "ev-undated"}
    assert "5 written" not in said
    assert re.search(r"events: 7 stored, 4 written; left out: 1 negated, 1 denied, 1 claimed", said)
    gdelt = runner.invoke(cli, ["export", "--db", str(scored_world), "--out", str(tmp_path / "g"), "-f", "gdelt"])
    assert gdelt.exit_code == 0
    assert len((tmp_path / "g" / "events.gdelt.tsv").read_text().splitlines()) == 5


def test_export_flags_are_checked(scored_world, tmp_path):
    r = runner.invoke(cli, ["export", "--db", str(scored_world), "--out", str(tmp_path), "--min-confidence", "7"])
    assert r.exit_code == 1 and "--min-confidence" in r.output


# ── GDELT ───────────────────────────────────────────────────────────────────────────────────

# GDELT 2.0 event table, in file order, written out from the GDELT 2.0 event codebook (V2.0, 2015).
GDELT_2_COLUMNS = [
    "GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate",
    "Actor1Code", "Actor1Name", "Actor1CountryCode", "Actor1KnownGroupCode", "Actor1EthnicCode",
    "Actor1Religion1Code", "Actor1Religion2Code", "Actor1Type1Code", "Actor1Type2Code", "Actor1Type3Code",
    "Actor2Code", "Actor2Name", "Actor2CountryCode", "Actor2KnownGroupCode", "Actor2EthnicCode",
    "Actor2Religion1Code", "Actor2Religion2Code", "Actor2Type1Code", "Actor2Type2Code", "Actor2Type3Code",
    "IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass", "GoldsteinScale",
    "NumMentions", "NumSources", "NumArticles", "AvgTone",
    "Actor1Geo_Type", "Actor1Geo_FullName", "Actor1Geo_CountryCode", "Actor1Geo_ADM1Code", "Actor1Geo_ADM2Code",
    "Actor1Geo_Lat", "Actor1Geo_Long", "Actor1Geo_FeatureID",
    "Actor2Geo_Type", "Actor2Geo_FullName", "Actor2Geo_CountryCode", "Actor2Geo_ADM1Code", "Actor2Geo_ADM2Code",
    "Actor2Geo_Lat", "Actor2Geo_Long", "Actor2Geo_FeatureID",
    "ActionGeo_Type", "ActionGeo_FullName", "ActionGeo_CountryCode", "ActionGeo_ADM1Code", "ActionGeo_ADM2Code",
    "ActionGeo_Lat", "ActionGeo_Long", "ActionGeo_FeatureID",
    "DATEADDED", "SOURCEURL",
]


def test_gdelt_file_loads_with_gdelts_column_list(world_db, tmp_path):
    from communique.serve.gdelt import GDELT_COLUMNS

    assert len(GDELT_2_COLUMNS) == 61 and list(GDELT_COLUMNS) == GDELT_2_COLUMNS
    r = runner.invoke(cli, ["export", "--db", str(world_db[0]), "--out", str(tmp_path), "-f", "gdelt"])
    assert r.exit_code == 0
    with (tmp_path / "events.gdelt.tsv").open(newline="") as f:
        rows = list(csv.DictReader(f, fieldnames=GDELT_2_COLUMNS, delimiter="\t", restkey="EXTRA", restval="MISSING"))
    assert len(rows) == 6
    assert all("EXTRA" not in row and "MISSING" not in row.values() for row in rows)  # 61 fields, every row
    assert all(re.fullmatch(r"\d{8}", row["SQLDATE"]) for row in rows)  # its date, or its report's
    for row in rows:
        assert row["MonthYear"] == row["SQLDATE"][:6] and row["Year"] == row["SQLDATE"][:4]
        assert re.fullmatch(r"20\d{12}", row["DATEADDED"])  # YYYYMMDDHHMMSS: when it entered the store
        assert row["QuadClass"] in ("1", "2", "3", "4")
    undated = [row for row in rows if row["Actor2Name"] == "UNITED NATIONS" or row["Actor1Name"] == "UNITED NATIONS"]
    assert [row["SQLDATE"] for row in undated] == ["20240303"]  # undated in the text: the day it was reported
    baghdad = [row for row in rows if row["ActionGeo_FullName"] == "Baghdad, Iraq"]
    assert len(baghdad) == 2 and {row["ActionGeo_Type"] for row in baghdad} == {"4"}
    assert all(33.2 < float(row["ActionGeo_Lat"]) < 33.4 and 44.3 < float(row["ActionGeo_Long"]) < 44.5
               for row in baghdad)
    assert {row["ActionGeo_CountryCode"] for row in baghdad} == {"IZ"}  # FIPS 10-4
    strike = next(row for row in rows if row["EventRootCode"] == "" and row["Actor1Name"] == "IRAN"
                  and row["ActionGeo_Lat"] and row["ActionGeo_FullName"] != "Baghdad, Iraq")
    assert 35.5 < float(strike["ActionGeo_Lat"]) < 35.7  # Penjwen, from the regional gazetteer
    assert {row["Actor1Geo_CountryCode"] for row in rows} <= {"IR", "IZ"}


# ── Charts ──────────────────────────────────────────────────────────────────────────────────

def test_chart_axis_is_true_time_with_readable_buckets():
    from communique.serve.web import charts

    hist = [("2007-01", "CONSULT", 1, 2, 2.0), ("2020-01", "ASSAULT", 4, 1, -10.0), (None, "AID", 2, 3, 21.0)]
    months = charts.monthly(hist)
    assert months[0]["month"] == "2007-01" and months[-2]["month"] == "2020-01" and months[-1]["month"] is None
    assert len(months) == 13 * 12 + 1 + 1  # every month between, then the undated
    chart = charts.timeline_chart(months)
    assert chart.size == "quarter" and len(chart.bars) == 13 * 4 + 1 and chart.bars[0].month == "2007-Q1"
    assert chart.undated == 3 and chart.label.startswith("events per quarter")
    assert min(b.width for b in chart.bars) > 10  # no hairline bars over thirteen years
    longer = charts.timeline_chart(charts.monthly([("1995-03", "AID", 2, 1, 7.0), *hist]))
    assert longer.size == "year" and [b.month for b in longer.bars] == [str(y) for y in range(1995, 2021)]
    short = charts.timeline_chart(charts.monthly([("2024-01", "AID", 2, 1, 7.0), ("2024-04", "AID", 2, 1, 7.0)]))
    assert [b.month for b in short.bars] == ["2024-01", "2024-02", "2024-03", "2024-04"]
    assert short.bars[1].rects == []  # an empty month is drawn empty


def test_cli_plot_and_web_chart_draw_the_same_numbers(world_db):
    from communique.serve.event_query import EventQuery
    from communique.serve.timeline import chart_data
    from communique.serve.web import charts

    store = Store(world_db[0])
    query = EventQuery(pair=("IRN", "IRQ"))
    size, buckets, undated = chart_data(store, query)
    web = charts.timeline_chart(charts.monthly(store.event_histogram(**query.store_filters())))
    assert size == web.size == "month" and [b["month"] for b in buckets] == [b.month for b in web.bars]
    assert [(b["cooperation"], b["conflict"]) for b in buckets] == [(1 + 1, 0), (0, 0), (0, 2), (0, 1)]
    assert sum(b["cooperation"] + b["conflict"] + b["other"] for b in buckets) + undated == \
        store.count_events(**query.store_filters())


# ── The CLI at 80 columns ───────────────────────────────────────────────────────────────────

def test_events_listing_reads_at_80_columns(world_db):
    r = runner.invoke(cli, ["events", "--db", str(world_db[0]), "--all"], env={"COLUMNS": "80"})
    assert r.exit_code == 0
    lines = r.stdout.splitlines()
    assert max(map(len, lines)) <= 80
    for event_id in ("ev-agree", "ev-nosanction", "ev-undated"):
        assert any(line.startswith(event_id + " ") for line in lines), event_id  # ids in full
    assert "(negated)" in r.stdout and "Abbas Araghchi → Fuad Hussein" in r.stdout
    wide = runner.invoke(cli, ["events", "--db", str(world_db[0]), "--wide"], env={"COLUMNS": "200"})
    assert wide.exit_code == 0 and "conf" in wide.stdout and "cameo" in wide.stdout


def test_story_listing_reads_at_80_columns_and_filters_like_the_page(client, world_db):
    r = runner.invoke(cli, ["stories", "--db", str(world_db[0])], env={"COLUMNS": "80"})
    lines = r.stdout.splitlines()
    assert r.exit_code == 0 and max(map(len, lines)) <= 80
    assert all(any(line.startswith(f" {sid} ") for line in lines) for sid in ("s-water", "s-clash", "s-hostile"))
    html = client.get("/?type=ASSAULT").text
    web = re.findall(r'class="story-link" href="/stories/([\w-]+)"', html)
    cli_ids = [row["id"] for row in json.loads(runner.invoke(
        cli, ["stories", "--db", str(world_db[0]), "--type", "ASSAULT", "--json"]).stdout)]
    assert cli_ids == web == ["s-clash"]


def test_help_is_clean_and_there_is_a_version():
    for command in ([], ["events"], ["export"], ["timeline"], ["stories"]):
        r = runner.invoke(cli, [*command, "--help"], env={"COLUMNS": "80"})
        assert r.exit_code == 0 and "<bool>" not in r.stdout and "<str>" not in r.stdout, command
        assert max(map(len, r.stdout.splitlines())) <= 80
    r = runner.invoke(cli, ["--version"])
    assert r.exit_code == 0 and re.fullmatch(r"communique \S+\n", r.stdout)


# ── Story page: sources and relations ───────────────────────────────────────────────────────

def test_copy_and_rewrite_direction_is_the_same_in_cli_and_web(client, world_db):
    r = runner.invoke(cli, ["story", "s-water", "--db", str(world_db[0]), "--json"])
    cli_says = {a["id"]: (a["relation"], a["of"]) for a in json.loads(r.stdout)["articles"]}
    assert cli_says == {"a1": ("earliest", None), "a2": ("copy", "a1"), "a3": ("rewrite", "a1")}
    html = client.get("/stories/s-water").text
    for article_id, (relation, of) in cli_says.items():
        column = next(c.split("</header>")[0] for c in html.split('<article class="article-col')[1:]
                      if f'<h3><a href="/articles/{article_id}">' in c)
        if of:
            assert re.search(rf'class="badge {relation}">{relation} of <a href="/articles/{of}">', column), article_id
        else:
            assert 'class="badge earliest">earliest report' in column
    table = runner.invoke(cli, ["story", "s-water", "--db", str(world_db[0])], env={"COLUMNS": "200"}).stdout
    assert "rewrite of Tehran Wire (2024-03-02)" in table and "copy of Tehran Wire (2024-03-02)" in table


def test_sources_are_named_by_outlet_title_and_date(client):
    html = client.get("/stories/s-water").text
    assert 'copy of <a href="/articles/a1">Tehran Wire: Iran and Iraq agree on river water (2024-03-02)</a>' in html
    assert "fixture/a1.txt" not in html  # never a file name
    assert re.search(r'class="cite-link" href="#c[0-9a-f]+">Baghdad Ledger \(2024-03-03\)</a>', html)


def test_listing_counts_and_facets_are_the_stores(world_db):
    """The one-query listing (serve/listing.py) gives what the separate store counts give."""
    from communique.serve.event_query import EventQuery
    from communique.serve.listing import event_listing

    store = Store(world_db[0])
    for query in (EventQuery(), EventQuery(mode="all"), EventQuery(pair=("IRN", "IRQ")), EventQuery(type="CONSULT"),
                  EventQuery(country="IRN", members=False, sort="-date"), EventQuery(quad=4), EventQuery(place="IRQ")):
        filters = query.store_filters()
        listing = event_listing(store, query, limit=3, offset=1, facets=("type", "quad", "place"))
        assert listing.total == store.count_events(**filters), query
        assert [e.id for e in listing.events] == [e.id for e in store.events(**filters, sort=query.sort,
                                                                              limit=3, offset=1)], query
        for facet in ("type", "quad", "place"):
            expected = dict(store.event_facet(facet, **{**filters, facet: None}))
            assert dict(listing.facets[facet]) == expected, (query, facet)


def test_a_states_page_counts_its_officials_from_ingested_reports(tmp_path):
    """Through the real pipeline: a minister's act counts for his state with its officials and
    bodies, not for the state alone, and the API and the actor page say which they count."""
    from fastapi.testclient import TestClient

    from communique.pipeline import Pipeline
    from communique.serve.api import create_app
    from communique.store import Store

    src = tmp_path / "report.txt"
    src.write_text("Iraqi Interior Minister Karwan Jabbari condemned Turkey's air strikes on Monday.\n\n"
                   "Iraq summoned the Turkish ambassador on Tuesday.\n", encoding="utf-8")
    db = tmp_path / "s.db"
    store = Store(db)
    Pipeline(store).ingest([str(src)])
    store.close()
    with TestClient(create_app(db, analyse=False)) as c:
        members = c.get("/api/events", params={"country": "IRQ"}).json()
        alone = c.get("/api/events", params={"country": "IRQ", "members": "false"}).json()
        assert members["total"] == alone["total"] + 1  # the minister's condemnation
        assert "officials and bodies" in members["counts"] and "state only" in alone["counts"]
        assert 'class="member-count"' in c.get("/actors/IRQ").text
