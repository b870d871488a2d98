"""The stored events a new report may merge into (store `merge_candidates`): an event restated in
reports for months is read within the new report's window only (its reports published there, the
window's stories), and merging decides as it would with every report read."""
from __future__ import annotations

from datetime import date, timedelta

import pytest

from communique.link.merge import Report, candidate_window, dates_compatible
from communique.models import Actor, Article, Event, EventDate, EventWindow, Span, Story
from communique.store import Store

DAYS = 40


def day(i: int) -> str:
    return (date(2025, 3, 1) + timedelta(days=i)).isoformat()


@pytest.fixture()
def store(tmp_path):
    """One undated statement restated by a report a day for 40 days, in four stories of ten days."""
    with Store(tmp_path / "m.db") as store:
        for code in ("IRN", "IRQ"):
            store.upsert_actor(Actor(code, code, "state", country=code))
        for s in range(4):
            store.upsert_story(Story(f"s{s}", f"Story {s}", [], day(10 * s), day(10 * s + 9)))
        for i in range(DAYS):
            store.insert_article(Article(id=f"a{i:02d}", source=f"src{i}", text="The ministry said it again. " * 2,
                                         content_hash=f"h{i}", published=day(i), story_id=f"s{i // 10}"))
            # each report hands over its own span only, as a merge does
            store.upsert_event(Event("e1", "ACCUSE", actors=["IRN"], recipients=["IRQ"], date=EventDate(),
                                     evidence=[Span(f"a{i:02d}", 4, 12, "ministry"), Span(f"a{i:02d}", 20, 25, "again")]))
        yield store


def test_a_long_restated_event_is_read_within_the_window(store):
    assert store.event("e1").features.get("reports") is None
    assert store.conn.execute("SELECT report_count FROM events WHERE id = 'e1'").fetchone()[0] == DAYS
    window = EventWindow(story_ids=["s2"], published=(day(21), day(23)))
    [cand] = store.merge_candidates("ACCUSE", ["IRN"], window=window, own=["new"])
    assert cand.event.id == "e1" and cand.event.evidence == []
    assert cand.spans == 2 * DAYS and not cand.own_only
    assert cand.stories == {"s2"}
    assert cand.published == {day(21), day(22), day(23)}
    # outside the window's stories, one of its own still says it has one
    [cand] = store.merge_candidates("ACCUSE", ["IRN"], window=EventWindow(story_ids=["s9"], published=(day(5), day(5))),
                                    own=["new"])
    assert len(cand.stories) == 1 and cand.stories < {"s0", "s1", "s2", "s3"}
    assert cand.published == {day(5)}
    # a window over all of it: every story and date
    everything = EventWindow(story_ids=["s0", "s1", "s2", "s3"], published=(day(0), day(DAYS - 1)))
    [cand] = store.merge_candidates("ACCUSE", ["IRN"], window=everything, own=["new"])
    assert cand.stories == {"s0", "s1", "s2", "s3"} and len(cand.published) == DAYS


def test_the_reports_own_earlier_analysis_comes_with_its_spans(store):
    [cand] = store.merge_candidates("ACCUSE", ["IRN"], window=EventWindow(story_ids=["s0"]), own=["a03"])
    assert [(s.article_id, s.start) for s in cand.event.evidence] == [("a03", 4), ("a03", 20)]
    assert not cand.own_only
    mine = [f"a{i:02d}" for i in range(DAYS)]
    [cand] = store.merge_candidates("ACCUSE", ["IRN"], window=EventWindow(story_ids=["s0"]), own=mine)
    assert cand.own_only and len(cand.event.evidence) == 2 * DAYS


@pytest.mark.parametrize("dated, story, expected", [
    ("on a day it was restated", "s9", True),
    ("a week after the last report", "s9", False),
    ("undated, in one of its stories", "s1", True),
    ("undated, in another story", "s9", False),
])
def test_the_windowed_reports_decide_as_all_of_them_would(store, dated, story, expected):
    """A new report of the statement, compared once with the windowed read and once with every
    report of the stored event: the same verdict."""
    when = {"on a day it was restated": EventDate(day(30), "day", "text"),
            "a week after the last report": EventDate(day(DAYS + 6), "day", "text")}.get(dated, EventDate())
    published = day(31) if when.value or story == "s9" else day(15)
    new = Report(Event("n1", "ACCUSE", actors=["IRN"], recipients=["IRQ"], date=when), {story}, {published})
    everything = Report(store.event("e1"), {f"s{s}" for s in range(4)}, {day(i) for i in range(DAYS)})
    found = store.merge_candidates("ACCUSE", ["IRN"], window=candidate_window(new), own=["new"])
    windowed = [dates_compatible(Report(c.event, c.stories, c.published), new) for c in found]
    assert dates_compatible(everything, new) == any(windowed) == expected
    assert len(found) <= 1


def test_a_span_handed_over_twice_is_counted_once(store):
    store.upsert_event(Event("e1", "ACCUSE", actors=["IRN"], recipients=["IRQ"],
                             evidence=[Span("a05", 4, 12, "ministry"), Span("a05", 40, 45, "later")]))
    assert store.conn.execute("SELECT report_count FROM events WHERE id = 'e1'").fetchone()[0] == DAYS
    assert store.conn.execute("SELECT count(*) FROM event_evidence WHERE event_id = 'e1'").fetchone()[0] == 2 * DAYS + 1
