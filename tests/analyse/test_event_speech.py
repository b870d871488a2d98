"""Events told in quoted words and in reported speech: whose act they are (sentences written for
these tests)."""
from __future__ import annotations

import pytest

from communique.models import Article


@pytest.fixture(scope="module")
def analyser():
    from communique.analyse import Analyser
    return Analyser()


def events_of(analyser, text, published="2025-05-20"):
    article = Article(id="s" + str(abs(hash((text, published))))[:10], source="test", text=text, published=published)
    analysis = analyser.analyse([article])[0]
    countries = {a.id: a.country for a in analysis.actors}
    return analysis.events, countries


@pytest.mark.parametrize("text", [
    'Iraqi Prime Minister Mohammed Shia al-Sudani said, "The pipeline near Kirkuk was bombed twice last winter."',
    "Iraqi Prime Minister Mohammed Shia al-Sudani said the pipeline near Kirkuk was bombed twice last winter.",
])
def test_whoever_reports_an_attack_with_no_doer_did_not_do_it(analyser, text):
    events, _ = events_of(analyser, text)
    assert not any(e.type == "ASSAULT" and any(a.startswith("per.") for a in e.actors) for e in events)


def test_a_quoted_act_with_its_own_subject_keeps_it(analyser):
    events, countries = events_of(analyser, 'The Iranian foreign minister said, "Turkey shelled our border '
                                            'villages again on Sunday."')
    shelling = [e for e in events if e.type == "ASSAULT"]
    assert shelling and [countries.get(a, a) for a in shelling[0].actors] == ["TUR"]


def test_lets_is_an_exhortation_not_a_permission(analyser):
    events, _ = events_of(analyser, 'The Kuwaiti emir told the Gulf summit, "Let us settle this quarrel among '
                                    'brothers."')
    assert not any(e.cameo and e.cameo.startswith("086") for e in events)
