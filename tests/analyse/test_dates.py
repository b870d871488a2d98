"""Event dates: resolution against the publication date, precision, and attachment through the
parse (a date phrase dates only the clause it governs)."""
from __future__ import annotations

import pytest

from communique.analyse.dates import anaphoric_offset, date_phrases, event_date, resolve, tense_of

PUB = "2025-02-05"  # a Wednesday


@pytest.mark.parametrize("phrase, want, precision", [
    ("on Monday", "2025-02-03", "day"),
    ("Wednesday", "2025-02-05", "day"),  # the publication day itself
    ("on Thursday", "2025-01-30", "day"),  # the most recent Thursday on or before publication
    ("last Wednesday", "2025-01-29", "day"),
    ("yesterday", "2025-02-04", "day"),
    ("three days ago", "2025-02-02", "day"),
    ("on 3 February", "2025-02-03", "day"),
    ("February 3", "2025-02-03", "day"),
    ("on 20 December", "2024-12-20", "day"),  # a later month: last year's
    ("in May", "2024-05-01", "month"),
    ("in January", "2025-01-01", "month"),
    ("last week", "2025-01-27", "week"),
    ("this week", "2025-02-03", "week"),
    ("last month", "2025-01-01", "month"),
    ("in 2023", "2023-01-01", "year"),
    ("12 March 2024", "2024-03-12", "day"),
    ("on May 12, 2023", "2023-05-12", "day"),  # month, day and year: the day, not the month
    ("March 1, 2024", "2024-03-01", "day"),
    ("in May 2023", "2023-05-01", "month"),
    ("at the weekend", "2025-01-27", "week"),  # the weekend of 1-2 February, in the week of 27 January
    ("over the weekend", "2025-01-27", "week"),
])
def test_resolve_against_publication(phrase, want, precision):
    got = resolve(phrase, PUB)
    assert got is not None and (got.value, got.precision, got.source) == (want, precision, "text")


def test_future_tense_looks_ahead():
    assert resolve("on Friday", PUB, "future").value == "2025-02-07"
    assert resolve("in May", PUB, "future").value == "2025-05-01"
    assert resolve("next week", PUB).value == "2025-02-10"


@pytest.mark.parametrize("phrase", ["on Monday", "last week", "in May", "yesterday", "3 February"])
def test_relative_phrases_need_a_publication_date(phrase):
    assert resolve(phrase, None) is None


def test_a_full_date_needs_no_publication_date():
    assert resolve("on 3 February 2025", None).value == "2025-02-03"


@pytest.mark.parametrize("phrase", ["recently", "earlier", "soon", "in the past"])
def test_vague_phrases_give_no_date(phrase):
    assert resolve(phrase, PUB) is None


@pytest.fixture(scope="module")
def nlp():
    from communique.analyse.nlp import load_nlp
    return load_nlp()


def _clause(doc, lemma):
    return [next(t for t in doc if t.lemma_ == lemma)]


def test_a_date_phrase_dates_only_its_own_clause(nlp):
    doc = nlp("The ministry said on Monday that Jordanian troops shelled the border post.")
    sent = next(doc.sents)
    said, _ = event_date(_clause(doc, "say"), sent, PUB, "past")
    shelled, why = event_date(_clause(doc, "shell"), sent, PUB, "past")
    assert said.value == "2025-02-03"
    assert shelled.value is None and "other clauses" in why


def test_weekday_on_the_event_resolves(nlp):
    doc = nlp("Egyptian officials met their Sudanese counterparts in Cairo on Tuesday.")
    when, why = event_date(_clause(doc, "meet"), next(doc.sents), PUB, "past")
    assert (when.value, when.precision) == ("2025-02-04", "day")
    assert "Tuesday" in why


def test_no_publication_date_means_no_date(nlp):
    doc = nlp("Egyptian officials met their Sudanese counterparts in Cairo on Tuesday.")
    when, why = event_date(_clause(doc, "meet"), next(doc.sents), None, "past")
    assert when.value is None and "no publication date" in why


def test_phrases_and_tense(nlp):
    doc = nlp("The minister will visit Baghdad next week, officials said.")
    assert any("next week" in p.text for p in date_phrases(next(doc.sents)))
    assert tense_of(_clause(doc, "visit")[0]) == "future"


@pytest.mark.parametrize("published, want", [
    ("2025-01-17", "2025-01-09"),  # a Friday: "last Thursday" is the week before, not yesterday
    ("2025-01-13", "2025-01-09"),  # a Monday: the same Thursday, four days back
    ("2025-01-16", "2025-01-09"),  # a Thursday: a week back
])
def test_last_weekday_is_in_the_week_before_publication(published, want):
    assert resolve("last Thursday", published).value == want


@pytest.mark.parametrize("phrase, want", [
    ("earlier that day", 0), ("that night", 0), ("the same day", 0), ("The next morning", 1),
    ("the following day", 1), ("the day before", -1), ("the previous evening", -1), ("on Monday", None),
])
def test_days_named_by_reference(phrase, want):
    assert anaphoric_offset(phrase) == want


def test_time_entities_that_name_a_day_are_date_phrases(nlp):
    doc = nlp("The minister resigned last night, and the cabinet met two hours later.")
    texts = [p.text for p in date_phrases(next(doc.sents))]
    assert "last night" in texts and not any("hours" in t for t in texts)


def test_a_passive_with_is_tells_the_present(nlp):
    doc = nlp("The party is banned in Poland, and its leader was arrested.")
    assert tense_of(_clause(doc, "ban")[0]) == "present"
    assert tense_of(_clause(doc, "arrest")[0]) == "past"
