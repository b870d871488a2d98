"""The report's time line (report_time.py, dates.py): which events take a date from the story
around them and which stay undated, on sentences written for these tests."""
from __future__ import annotations

import pytest

from communique.models import Article

FRIDAY = "2025-01-17"


@pytest.fixture(scope="module")
def analyser():
    from communique.analyse import Analyser
    return Analyser()


def dates(analyser, text: str, published: str = FRIDAY) -> list[tuple[str, str | None, str]]:
    article = Article(id="t" + str(abs(hash((text, published))))[:10], source="test", text=text,
                      published=published)
    events = analyser.analyse([article])[0].events
    return [(e.features["trigger"]["text"], e.date.value, e.date.source) for e in events]


def test_another_partys_statement_is_a_reaction_told_without_its_time(analyser):
    text = ("On Thursday, Iraq accused Turkey of shelling villages near Duhok. "
            "Turkey dismissed the accusation as baseless.")
    assert dates(analyser, text)[-1] == ("dismissed", None, "none")
    # The speaker's own side goes on speaking on the occasion it took part in.
    own = ("On Thursday, Iraq accused Turkey of shelling villages near Duhok. "
           "The Iraqi foreign minister demanded an apology from Ankara.")
    assert dates(analyser, own)[-1][1:] == ("2025-01-16", "context")


def test_a_person_speaks_for_a_state_only_while_in_its_government(analyser):
    text = ("On Wednesday, the Polish government accused Denmark of spying. Polish senator Jan Kowalski "
            "criticised the Danish government. Polish Prime Minister Donald Tusk condemned Denmark.")
    assert [d[1] for d in dates(analyser, text)] == ["2025-01-15", None, "2025-01-15"]


def test_a_day_named_by_reference_takes_the_day_told_before(analyser):
    text = ("Polish police arrested two Danish activists in Gdansk on Wednesday. Earlier that day, Poland "
            "signed a gas deal with Denmark. The next morning, Danish officials met the Polish ambassador "
            "in Copenhagen.")
    assert [d[1] for d in dates(analyser, text)] == ["2025-01-15", "2025-01-15", "2025-01-16"]


def test_a_paragraph_opening_on_a_date_sets_the_scene(analyser):
    text = ("On Tuesday, the Polish president met the Lithuanian president in Vilnius.\n\n"
            "On last Thursday, Polish and Lithuanian ministers had met in Warsaw to sign a gas deal.\n\n"
            "The pipeline will run under the Baltic Sea. It will cost two billion euros.\n\n"
            "The Lithuanian minister called on Latvia to join the project.")
    assert dates(analyser, text)[-1] == ("called", "2025-01-09", "context")


def test_the_lead_is_the_first_paragraph_with_a_verb(analyser):
    text = ("██ Polish army\n\n██ Danish army\n\nOn Wednesday, Poland accused Denmark of spying.\n\n"
            "The border stayed open. Trade went on.\n\nPolish police arrested two Danish diplomats.")
    assert dates(analyser, text)[-1] == ("arrested", "2025-01-15", "context")


@pytest.mark.parametrize("text, trigger, want", [
    # "since": when what still goes on began
    ("Farmers have been protesting against the Polish government since Tuesday in Warsaw.",
     "protesting", "2025-01-14"),
    ("Polish police have arrested over 300 farmers since the unrest started in March.",
     "arrested", "2024-03-01"),
    # the time a copula names: "<date> was the night that ..."
    ("Saturday night was when the farmers protested outside the Warsaw parliament.", "protested", "2025-01-11"),
    # a document is issued on its date
    ("Poland expelled the Danish ambassador in a decree dated Tuesday.", "expelled", "2025-01-14"),
])
def test_phrases_that_date_an_event_from_outside_its_clause(analyser, text, trigger, want):
    assert (trigger, want) in [(t, d) for t, d, _ in dates(analyser, text)]


def test_an_event_placed_after_a_dated_moment_is_not_on_that_day(analyser):
    text = ("On Wednesday, Poland accused Denmark of spying. Denmark recalled its ambassador after the "
            "recording was leaked on Monday.")
    assert dates(analyser, text)[-1] == ("recalled", None, "none")
    on_the_day = "Denmark recalled its ambassador on Monday after the leak."
    assert dates(analyser, on_the_day)[-1][1] == "2025-01-13"


def test_tense_of_states_meetings_and_quoted_words(analyser):
    # "is banned" tells a state now: nothing carried
    banned = "On Wednesday, Poland accused Denmark of spying. The Danish party is banned in Poland."
    assert dates(analyser, banned)[-1][1] is None
    # "said in a meeting with": the meeting is told in the past of its verb
    meeting = ("On Wednesday, the Polish president accused Denmark of spying. The prime minister of Denmark "
               "spoke in a meeting with the Polish president in Warsaw.")
    assert dates(analyser, meeting)[-1] == ("meeting", "2025-01-15", "context")
    # quoted words in the present are said in the past of their "said"
    quoted = ('On Wednesday, the Polish president accused Denmark of spying. Warsaw was calm. Trade went on. '
              '"Denmark is lying to its allies," the Polish president said.')
    assert dates(analyser, quoted)[-1] == ("lying", "2025-01-15", "context")


def test_an_occasion_named_again_takes_the_date_it_was_told_with(analyser):
    text = ("A hearing on the Danish embassy was held in Warsaw on Monday. Polish officials said little. "
            "The Danish ambassador apologised to Poland during the hearing.")
    assert dates(analyser, text)[-1] == ("apologised", "2025-01-13", "text")
    # Nothing of the kind told before: no date.
    alone = "The Danish ambassador apologised to Poland during the hearing."
    assert dates(analyser, alone)[-1][1] is None
