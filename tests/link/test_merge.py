"""Event merging: the same meeting reported by two outlets is one record; different parties,
types or days stay apart; quotes follow the merged id."""
from __future__ import annotations

import pytest

from communique.link.merge import Report, combine, dates_compatible, merge_events, same_event
from communique.models import Analysis, Article, Event, EventDate, Location, Quote, Span

COUNTRY = {"IRN": "IRN", "IRQ": "IRQ", "TUR": "TUR", "per.a": "IRN", "per.b": "IRQ"}


def ev(id, type="CONSULT", actors=("per.a",), recipients=("per.b",), date=None, precision="day", article="a1",
       location=None, reason=""):
    return Event(id=id, type=type, actors=list(actors), recipients=list(recipients),
                 date=EventDate(date, precision if date else None, "text" if date else "none"),
                 location=location, evidence=[Span(article, 0, 10, "some words")], article_ids=[article],
                 features={"location_reason": reason})


def report(event, stories=(), published=()):
    return Report(event, set(stories), set(published))


def test_same_day_merges_other_days_do_not():
    a = report(ev("e1", date="2025-02-03"))
    assert same_event(a, report(ev("e2", date="2025-02-03")), COUNTRY.get)
    assert not same_event(a, report(ev("e2", date="2025-02-05")), COUNTRY.get)
    # A coarser date containing the day is compatible.
    assert same_event(a, report(ev("e2", date="2025-02-01", precision="month")), COUNTRY.get)


def test_consult_is_reciprocal_other_types_are_not():
    a = report(ev("e1", date="2025-02-03"))
    swapped = report(ev("e2", actors=("per.b",), recipients=("per.a",), date="2025-02-03"))
    assert same_event(a, swapped, COUNTRY.get)
    attack = report(ev("e3", type="ASSAULT", date="2025-02-03"))
    attack_back = report(ev("e4", type="ASSAULT", actors=("per.b",), recipients=("per.a",), date="2025-02-03"))
    assert not same_event(attack, attack_back, COUNTRY.get)


def test_type_parties_and_modality_must_match():
    a = report(ev("e1", date="2025-02-03"))
    assert not same_event(a, report(ev("e2", type="AGREE", date="2025-02-03")), COUNTRY.get)
    assert not same_event(a, report(ev("e2", recipients=("TUR",), date="2025-02-03")), COUNTRY.get)
    negated = ev("e2", date="2025-02-03")
    negated.negated = True
    assert not same_event(a, report(negated), COUNTRY.get)


def test_a_state_beside_its_own_official_does_not_split():
    a = report(ev("e1", date="2025-02-03"))
    b = report(ev("e2", recipients=("per.b", "IRQ"), date="2025-02-03"))
    assert same_event(a, b, COUNTRY.get)


def test_undated_reports_need_the_story_or_nearby_publication():
    dated = report(ev("e1", date="2025-02-03"), stories={"s1"}, published={"2025-02-03"})
    assert dates_compatible(dated, report(ev("e2"), stories={"s1"}))
    assert dates_compatible(dated, report(ev("e2"), stories={"s9"}, published={"2025-02-05"}))
    assert not dates_compatible(dated, report(ev("e2"), stories={"s9"}, published={"2025-03-01"}))
    assert not dates_compatible(dated, report(ev("e2"), stories={"s9"}))
    assert dates_compatible(report(ev("e1"), published={"2025-02-03"}), report(ev("e2"), published={"2025-02-04"}))


def test_combine_keeps_the_best_date_and_place():
    kept = ev("e1", location=Location("Iraq", "IRQ"), reason="a meeting reported under the dateline Baghdad")
    new = ev("e2", date="2025-02-03", article="a2", location=Location("Tehran", "IRN"),
             reason="place phrase 'in Tehran' governs the event")
    new.evidence = [Span("a2", 5, 20, "other words")]
    merged = combine(kept, new)
    assert merged.id == "e1" and merged.article_ids == ["a1", "a2"] and len(merged.evidence) == 2
    assert merged.date.value == "2025-02-03" and merged.location.country == "IRN"
    assert len(merged.features["reports"]) == 2


def test_combine_keeps_a_state_on_both_sides_of_a_domestic_act():
    # Iranian police firing on protesters (IRN on both sides), told again by an official's words.
    kept = ev("e1", type="ASSAULT", actors=("IRN",), recipients=("IRN",), date="2025-02-03")
    new = ev("e2", type="ASSAULT", actors=("per.a",), recipients=("IRN",), date="2025-02-03", article="a2")
    merged = combine(kept, new)
    assert merged.actors == ["IRN", "per.a"] and merged.recipients == ["IRN"]
    # A recipient that only one report had, and that is the other's actor, still goes.
    kept = ev("e3", type="ASSAULT", actors=("IRN",), recipients=("TUR",), date="2025-02-03")
    other = ev("e4", type="ASSAULT", actors=("TUR",), recipients=("IRN",), date="2025-02-03", article="a2")
    assert combine(kept, other).recipients == []


def test_merge_within_one_article_and_quote_remap():
    article = Article(id="a1", source="x", text="...", published="2025-02-03", story_id="s1")
    first, second = ev("e1", date="2025-02-03"), ev("e2")
    analysis = Analysis(article_id="a1", events=[first, second],
                        quotes=[Quote(id="q1", article_id="a1", text="words", start=0, end=5, direct=True,
                                      event_id="e2")])
    merge_events(None, article, analysis)
    assert [e.id for e in analysis.events] == ["e1"] and analysis.quotes[0].event_id == "e1"


# --------------------------------------------------------------------------- through the pipeline

REPORT_A = ("CAIRO – Egyptian Foreign Minister Sameh Shoukry received his Jordanian counterpart Ayman Safadi "
            "in Cairo on Monday, the ministry said.\n\nThe two ministers discussed the situation in Gaza.")
REPORT_B = ("Jordan's Foreign Minister Ayman Safadi held talks with Egyptian Foreign Minister Sameh Shoukry in "
            "Cairo on Monday.\n\nSafadi later flew back to Amman.")
REPORT_C = ("Egyptian Foreign Minister Sameh Shoukry met Jordanian Foreign Minister Ayman Safadi in Amman on "
            "Thursday to prepare a regional summit.")


@pytest.fixture(scope="module")
def merged_store(tmp_path_factory):
    from communique.analyse import Analyser
    from communique.pipeline import Pipeline
    from communique.store import Store

    base = tmp_path_factory.mktemp("merge")
    for name, text in (("a.txt", REPORT_A), ("b.txt", REPORT_B), ("c.txt", REPORT_C)):
        (base / name).write_text(text, encoding="utf-8")
    docs = base / "docs.jsonl"
    import json
    docs.write_text("".join(json.dumps({"id": n, "text": (base / n).read_text(), "published": "2025-02-04"}) + "\n"
                            for n in ("a.txt", "b.txt", "c.txt")), encoding="utf-8")
    store = Store(base / "m.db")
    Pipeline(store, analyser=Analyser()).ingest([str(docs)])
    yield store
    store.close()


def test_two_outlets_one_meeting(merged_store):
    consult = [e for e in merged_store.events(type="CONSULT") if not e.negated and not e.hypothetical]
    ids = {a.id: a.source for a in merged_store.iter_articles()}
    monday = [e for e in consult if e.date.value == "2025-02-03"]
    assert len(monday) == 1, [(e.id, e.date.value, e.article_ids) for e in consult]
    sources = {ids[a].split("#")[-1] for a in monday[0].article_ids}
    assert {"a.txt", "b.txt"} <= sources
    assert monday[0].location and monday[0].location.country == "EGY"
    # Thursday's meeting in Amman is another event.
    other = [e for e in consult if e.id != monday[0].id and any(ids[a].endswith("c.txt") for a in e.article_ids)]
    assert other and all(e.date.value != "2025-02-03" for e in other)


def test_undated_reports_in_different_stories_stay_apart():
    # Two demands of the same state on the same day, told in stories the clusterer kept apart:
    # with no date in either text nothing says they are one event.
    a = report(ev("e1"), stories={"s1"}, published={"2025-02-03"})
    assert not dates_compatible(a, report(ev("e2"), stories={"s2"}, published={"2025-02-03"}))
    assert dates_compatible(a, report(ev("e2"), stories={"s1"}, published={"2025-02-03"}))


def test_reports_placed_in_different_countries_are_two_events():
    in_baghdad = ev("e1", date="2025-02-03", location=Location("Baghdad", "IRQ"),
                    reason="place phrase 'in Baghdad' governs the event")
    in_tehran = ev("e2", date="2025-02-03", location=Location("Tehran", "IRN"),
                   reason="place phrase 'in Tehran' governs the event")
    under_dateline = ev("e3", date="2025-02-03", location=Location("Tehran", "IRN"),
                        reason="a meeting reported under the dateline Tehran")
    assert not same_event(report(in_baghdad), report(in_tehran), COUNTRY.get)
    assert same_event(report(in_baghdad), report(under_dateline), COUNTRY.get)  # a dateline is weak evidence


def test_a_state_level_and_a_person_level_report_of_one_meeting_merge():
    people = report(ev("e1", date="2025-02-03"))  # per.a (IRN) met per.b (IRQ)
    states = report(ev("e2", actors=("IRN", "IRQ"), recipients=(), date="2025-02-03"))
    assert same_event(people, states, COUNTRY.get) and same_event(states, people, COUNTRY.get)
    # Two pairs of officials of the same two states are not one meeting by their countries alone.
    others = report(ev("e3", actors=("per.c",), recipients=("per.d",), date="2025-02-03"))
    country = {**COUNTRY, "per.c": "IRN", "per.d": "IRQ"}.get
    assert not same_event(people, others, country)
    # A state-level report with a third state is another meeting.
    assert not same_event(people, report(ev("e4", actors=("IRN", "IRQ", "TUR"), recipients=(),
                                            date="2025-02-03")), COUNTRY.get)
    # A date carried from context is a guess: it does not show the two levels tell one occasion.
    guessed = ev("e5", actors=("IRN", "IRQ"), recipients=(), date="2025-02-03")
    guessed.date = EventDate("2025-02-03", "day", "context")
    assert not same_event(people, report(guessed), COUNTRY.get)


def test_a_date_carried_from_context_may_be_a_few_days_off_within_one_story():
    told = report(ev("e1", date="2025-02-03"), stories={"s1"})
    carried = ev("e2", date="2025-02-04")
    carried.date = EventDate("2025-02-04", "day", "context")
    assert dates_compatible(told, report(carried, stories={"s1"}))
    assert not dates_compatible(told, report(carried, stories={"s2"}))
    assert not dates_compatible(told, report(ev("e3", date="2025-02-04"), stories={"s1"}))


def test_a_telling_that_leaves_the_recipient_unnamed_merges_within_one_article():
    named = report(ev("e1", type="REQUEST", recipients=("per.b",)), stories=("s1",))
    unnamed = report(ev("e2", type="REQUEST", recipients=(), date="2025-02-03"), stories=("s1",))
    assert same_event(named, unnamed, COUNTRY.get)
    # in another article it is another request
    elsewhere = report(ev("e3", type="REQUEST", recipients=(), date="2025-02-03", article="a2"), stories=("s1",))
    assert not same_event(named, elsewhere, COUNTRY.get)
    # and dates that do not overlap keep two tellings apart, even in one article
    a = report(ev("e4", type="ASSAULT", recipients=("IRQ",), date="2025-02-03"), stories=("s1",))
    b = report(ev("e5", type="ASSAULT", recipients=(), date="2025-01-27", precision="week"), stories=("s1",))
    assert not same_event(a, b, COUNTRY.get)


def test_combine_keeps_a_state_that_is_on_both_sides_of_one_report():
    kept = ev("e1", type="COERCE", actors=("IRQ",), recipients=("IRQ",))
    merged = combine(kept, ev("e2", type="COERCE", actors=("IRQ",), recipients=()))
    assert merged.recipients == ["IRQ"]
    # a party acting in one telling and receiving in the other acts
    merged = combine(ev("e3", type="ACCUSE", actors=("IRN",), recipients=("TUR",)),
                     ev("e4", type="ACCUSE", actors=("TUR",), recipients=("IRN",)))
    assert set(merged.actors) == {"IRN", "TUR"} and not merged.recipients


def test_a_telling_that_names_fewer_of_the_actors_merges_within_one_article():
    both = report(ev("e1", type="ACCUSE", actors=("IRQ", "TUR"), recipients=("IRN",)), stories=("s1",))
    one = report(ev("e2", type="ACCUSE", actors=("TUR",), recipients=("IRN",)), stories=("s1",))
    assert same_event(both, one, COUNTRY.get)
    other = report(ev("e3", type="ACCUSE", actors=("TUR",), recipients=("IRQ",)), stories=("s1",))
    assert not same_event(both, other, COUNTRY.get)


def test_a_statement_told_by_the_state_and_by_its_official_in_one_article_is_one():
    state = report(ev("e1", type="REQUEST", actors=("IRN",), recipients=("TUR",), date="2025-02-03"))
    official = report(ev("e2", type="REQUEST", actors=("per.a",), recipients=()))
    assert same_event(state, official, COUNTRY.get)
    # meetings are not merged this way: a state visit and a speakers' meeting are two occasions
    visit = report(ev("e3", actors=("IRN",), recipients=("IRQ",)))
    assert not same_event(report(ev("e4")), visit, COUNTRY.get)


def test_two_kinds_of_act_of_one_type_in_one_article_stay_two():
    condemned = ev("e1", type="ACCUSE", actors=("per.a",), recipients=("TUR",))
    condemned.cameo = "111"
    summoned = ev("e2", type="ACCUSE", actors=("IRN",), recipients=("TUR",), date="2025-02-04")
    summoned.cameo = "114"
    assert not same_event(report(condemned), report(summoned), COUNTRY.get)
    summoned.cameo = "111"
    assert same_event(report(condemned), report(summoned), COUNTRY.get)
