"""The same-event test between two reports (link/story_match.py), the preview/report phase
(story_features.is_ahead), and the same rules end to end with the full analysis: reports of
one visit in other words share a story, the preview of the visit is a related story, the same
minister's next visit is another story, whatever the arrival order; `story --why` says why."""
from __future__ import annotations

import json
from datetime import date

import pytest
from typer.testing import CliRunner

from communique.link.stories import rebuild_stories
from communique.link.story_features import Features, is_ahead
from communique.link.story_match import compare, overlap
from communique.pipeline import Pipeline
from communique.serve.cli import app
from communique.store import Store


def day(text: str) -> int:
    return date.fromisoformat(text).toordinal()


WORDS = {"pipeline": 2.0, "swap": 2.0, "compressor": 1.0, "ceremony": 1.0, "rumaila": 1.0}


def feats(*, pub: str | None, events: tuple[str, ...] = (), parties=("per.a", "per.b"), countries=("IRN", "IRQ"),
          places: dict | None = None, ahead: bool = False, words: dict | None = None) -> Features:
    return Features(names={**{p: 1.0 for p in parties}, **{"~@" + c: 1.0 for c in countries}}, words=dict(words or WORDS), day=day(pub) if pub else None,
                    event_days=sorted(day(e) for e in events), parties={p: 2.0 for p in parties},
                    countries={c: 3.0 for c in countries}, places=dict(places or {}), ahead=ahead)


def weights_for(*fs: Features) -> dict[str, float]:
    return {t: 1.0 for f in fs for t in [*f.names, *f.words]}


def test_same_parties_same_day_same_words_is_one_event():
    a, b = feats(pub="2025-03-05", events=("2025-03-05",)), feats(pub="2025-03-06", events=("2025-03-05",))
    ev = compare(a, b, weights_for(a, b))
    assert ev.same and ev.date_gap == 0 and ev.parties == ["per.a", "per.b"]


def test_the_same_parties_on_another_day_are_another_event():
    a, b = feats(pub="2025-03-05", events=("2025-03-05",)), feats(pub="2025-03-09", events=("2025-03-09",))
    ev = compare(a, b, weights_for(a, b))
    assert not ev.same and "dates 4 days apart" in ev.reason


def test_a_report_may_come_out_days_after_the_event_it_dates():
    a = feats(pub="2025-03-05", events=("2025-03-05",))
    b = feats(pub="2025-03-07")  # no date in its text: only its publication day to go by
    assert compare(a, b, weights_for(a, b)).same


def test_a_preview_and_the_report_are_related_not_one_story():
    preview = feats(pub="2025-03-02", events=("2025-03-05",), ahead=True)
    report = feats(pub="2025-03-05", events=("2025-03-05",))
    ev = compare(preview, report, weights_for(preview, report))
    assert not ev.same and ev.related
    later = feats(pub="2025-04-20", events=("2025-04-20",))
    assert not compare(preview, later, weights_for(preview, later)).related


def test_two_places_each_named_twice_are_two_events():
    a = feats(pub="2025-03-05", events=("2025-03-05",), places={"basra": 3.0})
    b = feats(pub="2025-03-05", events=("2025-03-05",), places={"erbil": 2.0})
    ev = compare(a, b, weights_for(a, b))
    assert not ev.same and ev.place_conflict == ["basra", "erbil"]
    once = feats(pub="2025-03-05", events=("2025-03-05",), places={"erbil": 1.0})  # a planned next stop
    assert compare(a, once, weights_for(a, once)).same


def test_the_same_parties_in_other_words_stay_apart():
    a = feats(pub="2025-03-05", events=("2025-03-05",))
    b = feats(pub="2025-03-05", events=("2025-03-05",), words={"condolence": 2.0, "funeral": 1.0, "wreath": 1.0})
    ev = compare(a, b, weights_for(a, b))
    assert not ev.same and ev.similarity == 0


def test_a_state_and_its_minister_agree_at_the_state_level():
    minister = feats(pub="2025-03-05", events=("2025-03-05",), parties=("per.a",), countries=("IRN", "IRQ"))
    states = feats(pub="2025-03-05", events=("2025-03-05",), parties=(), countries=("IRQ", "IRN"))
    ev = compare(minister, states, weights_for(minister, states))
    assert ev.party_score == pytest.approx(0.5) and ev.countries == ["IRN", "IRQ"] and ev.same
    assert overlap({"x": 1.0}, {}) == 0.0


def test_preview_by_dates_or_by_tense():
    f = feats(pub="2025-03-02", events=("2025-03-05",))
    assert is_ahead(f, "The minister will travel on Wednesday.")
    f = feats(pub="2025-03-05", events=("2025-03-05", "2025-03-08"))
    assert not is_ahead(f, "The minister arrived on Wednesday and will leave on Saturday.")
    undated = feats(pub="2025-03-02")
    assert is_ahead(undated, "He will lead a delegation. He is expected to sign two deals. He plans to tour Basra.")
    assert not is_ahead(undated, "He will lead a delegation. He is expected to sign. He plans to tour. He met the mayor and visited the port.")


# ── end to end, with the full analysis ───────────────────────────────────────────────────────
# Invented reports: a preview of a foreign minister's visit, two reports of the visit in other
# words, and the same minister's next visit to the same capital five weeks later.

PREVIEW = ("Iranian Foreign Minister Abbas Araghchi will travel to Baghdad on Wednesday for talks with his Iraqi "
           "counterpart Fuad Hussein, the foreign ministry spokesman said on Sunday. Araghchi is expected to discuss "
           "the water of the Sirwan river and the reopening of the Mandali crossing. He will also meet Prime "
           "Minister Mohammed Shia al-Sudani.")
VISIT_A = ("Iranian Foreign Minister Abbas Araghchi arrived in Baghdad on Wednesday and held talks with Iraqi Foreign "
           "Minister Fuad Hussein on the Sirwan river and the Mandali crossing. Hussein said the two sides agreed to "
           "form a committee of engineers to measure the river's flow. Araghchi later met Prime Minister Mohammed "
           "Shia al-Sudani at the government palace.")
VISIT_B = ("Fuad Hussein received his Iranian counterpart Abbas Araghchi in Baghdad on Wednesday. The ministers agreed "
           "on a joint engineering committee for the Sirwan river, whose flow has fallen by half, and discussed "
           "reopening the Mandali crossing to trucks. Araghchi also met al-Sudani, his office said.")
NEXT = ("Iranian Foreign Minister Abbas Araghchi arrived in Baghdad on Thursday and held talks with Iraqi Foreign "
        "Minister Fuad Hussein about pilgrims travelling to Karbala for Arbaeen and the fees charged at border "
        "posts. Hussein said Iraq would waive visa fees for pilgrims this year.")

REPORTS = [("preview", PREVIEW, "2025-03-02", "Tehran Times"), ("visit-a", VISIT_A, "2025-03-05", "Gulf Wire"),
           ("visit-b", VISIT_B, "2025-03-06", "Baghdad Post"), ("next", NEXT, "2025-04-10", "Gulf Wire")]


def ingest(path, order) -> tuple[Store, dict[str, str]]:
    src = path.with_suffix(".jsonl")
    src.write_text("".join(json.dumps({"id": k, "text": t, "published": p, "outlet": o}) + "\n"
                           for k, t, p, o in (REPORTS[i] for i in order)), encoding="utf-8")
    store = Store(path)
    Pipeline(store).ingest([str(src)])
    return store, {k: store.source_seen(k)[0] for k, *_ in REPORTS}


@pytest.fixture(scope="module")
def visit_store(tmp_path_factory):
    store, ids = ingest(tmp_path_factory.mktemp("visit") / "visit.db", [0, 1, 2, 3])
    yield store, ids
    store.close()


def story_of(store: Store, ids: dict[str, str]) -> dict[str, str]:
    return {k: store.article(v).story_id for k, v in ids.items()}


def test_one_visit_one_story_the_preview_related_the_next_visit_apart(visit_store):
    store, ids = visit_store
    s = story_of(store, ids)
    assert s["visit-a"] == s["visit-b"]
    assert len({s["preview"], s["visit-a"], s["next"]}) == 3
    assert store.related_stories(s["visit-a"]) == [(s["preview"], s["visit-a"], "previews")]


def test_the_stories_do_not_depend_on_arrival_order(visit_store, tmp_path):
    store, ids = visit_store
    other, other_ids = ingest(tmp_path / "reversed.db", [3, 2, 1, 0])
    groups = lambda st, i: sorted(sorted(k for k in i if story_of(st, i)[k] == sid) for sid in set(story_of(st, i).values()))
    assert groups(other, other_ids) == groups(store, ids)
    rebuild_stories(other)
    assert groups(other, other_ids) == groups(store, ids)
    other.close()


def test_story_why_and_related(visit_store):
    store, ids = visit_store
    sid = story_of(store, ids)["visit-a"]
    runner = CliRunner()
    out = runner.invoke(app, ["story", sid, "--db", str(store.path), "--why"], env={"COLUMNS": "200"})
    assert out.exit_code == 0, out.output
    assert f"same event as {ids['visit-a']}" in out.output or f"same event as {ids['visit-b']}" in out.output
    assert "nearest other story" in out.output and "previewed by" in out.output
    data = json.loads(runner.invoke(app, ["story", sid, "--db", str(store.path), "--why", "--json"]).output)
    why = {r["article_id"]: r for r in data["why"]}
    b = why[ids["visit-b"]]
    assert b["evidence"]["same"] and "per.abbas-araghchi" in b["evidence"]["parties"]
    assert b["nearest"]["reason"]  # what kept it from the nearest other story
    assert data["related"] == [{"story": story_of(store, ids)["preview"], "title": data["related"][0]["title"],
                                "relation": "previewed by"}]


def test_related_stories_and_why_in_the_api_and_the_page(visit_store):
    from fastapi.testclient import TestClient

    from communique.serve.api import create_app

    store, ids = visit_store
    s = story_of(store, ids)
    with TestClient(create_app(store.path, analyse=False)) as client:
        detail = client.get(f"/api/stories/{s['visit-a']}").json()
        assert detail["related"] == [{"story": s["preview"], "title": detail["related"][0]["title"],
                                      "relation": "previewed by"}]
        preview = client.get(f"/api/stories/{s['preview']}").json()
        assert [r["relation"] for r in preview["related"]] == ["previews"]
        why = client.get(f"/api/stories/{s['visit-a']}/why").json()
        assert {r["article_id"] for r in why["reports"]} == {ids["visit-a"], ids["visit-b"]}
        assert client.get("/api/stories/s-none/why").status_code == 404
        page = client.get(f"/stories/{s['visit-a']}").text
        assert "Previewed by" in page and f"/stories/{s['preview']}" in page


def test_rebuild_from_the_stored_analysis_keeps_the_stories(tmp_path):
    other, ids = ingest(tmp_path / "again.db", [0, 1, 2, 3])
    before = story_of(other, ids)
    rebuild_stories(other, reextract=True)
    after = story_of(other, ids)
    assert (after["visit-a"] == after["visit-b"]) and len({after["preview"], after["visit-a"], after["next"]}) == 3
    assert other.related_stories(after["visit-a"]) == [(after["preview"], after["visit-a"], "previews")]
    assert len(set(before.values())) == len(set(after.values()))
    other.close()
