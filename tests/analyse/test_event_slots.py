"""The [slots] table: each form of an event finds its parties by the paths the lexicon declares,
and the event records which form and path filled each slot (shown by `communique explain`).
Sentences written for these tests."""
from __future__ import annotations

import pytest

from communique.knowledge.ontology import LexiconError, lexicon, parse_lexicon
from communique.models import Article


@pytest.fixture(scope="module")
def analyser():
    from communique.analyse import Analyser
    return Analyser()


def code(analyser, text):
    article = Article(id="s" + str(abs(hash(text)))[:10], source="test", text=text, published="2024-05-15")
    analysis = analyser.analyse([article])[0]
    countries = {a.id: a.country for a in analysis.actors}
    return [e for e in analysis.events if not e.negated and not e.hypothetical], countries


@pytest.mark.parametrize("text, form, agent_path, patient_path", [
    ("Germany condemned Russia on Tuesday.", "active", "doer", "targets"),
    ("The embassy was attacked by Iranian militias on Monday.", "passive", "doer", "targets"),
    ("Egypt held talks with Jordan in Cairo on Sunday.", "light", "doer", "prep:with@trigger"),
])
def test_the_form_and_paths_are_recorded(analyser, text, form, agent_path, patient_path):
    events, _ = code(analyser, text)
    slots = events[0].features["slots"]
    assert slots["form"] == form
    assert slots["agent"].startswith(agent_path) and "lexicon.txt line" in slots["agent"]
    assert slots["patient"].startswith(f"first {patient_path}")


def test_a_nominal_names_its_parties(analyser):
    events, countries = code(analyser, "France's sanctions on Iran took effect on Monday.")
    (e,) = [e for e in events if e.type == "SANCTION"]
    assert e.features["slots"]["form"] == "nominal"
    assert {countries.get(a) for a in e.actors} == {"FRA"} and {countries.get(r) for r in e.recipients} == {"IRN"}


def test_every_form_the_coder_picks_has_rows():
    from communique.analyse.event_slots import _checked
    table = _checked(lexicon())
    for form in ("label", "copula", "crime", "nominal", "predicate", "receiving", "light", "active", "passive"):
        assert any(s.slot in ("agent", "patient") for s in table[form]), form


@pytest.mark.parametrize("row, message", [
    ("active agent doer verbb", "unknown path"),
    ("active fallback no_such_resolver", "unknown fallback"),
    ("active agent first dobj if=no_such_guard", "unknown guard"),
])
def test_an_unknown_name_in_the_table_is_an_error(row, message):
    from communique.analyse.event_slots import _checked
    lex = parse_lexicon("[slots]\n" + row + "\n")
    with pytest.raises(LexiconError, match=message):
        _checked(lex)


def test_answering_a_request_is_aimed_at_whoever_made_it():
    from communique.analyse import Analyser
    from communique.models import Article
    text = "Iraq asked Turkey to extradite the suspect on Monday. Turkey declined the request on Tuesday."
    analysis = Analyser().analyse([Article(id="ans1", source="test", text=text, published="2024-03-06")])[0]
    refusal = [e for e in analysis.events if e.type == "REJECT"]
    assert refusal and refusal[0].actors == ["TUR"] and refusal[0].recipients == ["IRQ"]
    assert "answered" in str(refusal[0].features.get("slots"))


def test_a_nouns_object_aimed_at_a_state_gives_the_patient():
    from communique.analyse import Analyser
    from communique.models import Article
    text = "Washington imposed new restrictions on arms exports to Venezuela on Friday."
    analysis = Analyser().analyse([Article(id="nest1", source="test", text=text, published="2024-03-06")])[0]
    assert [(e.recipients, "nested" in str(e.features.get("slots"))) for e in analysis.events] == [(["VEN"], True)]


def test_seconding_a_call_is_aimed_at_whoever_made_it():
    from communique.analyse import Analyser
    from communique.models import Article
    text = ("On Thursday, the Jordanian king called for Arab League action on the refugee crisis. The call was "
            "quickly seconded by the Egyptian president.")
    analysis = Analyser().analyse([Article(id="sec1", source="test", text=text, published="2024-03-06")])[0]
    support = [e for e in analysis.events if e.type == "SUPPORT"]
    request = [e for e in analysis.events if e.type == "REQUEST"]
    assert support and request and support[0].recipients == request[0].actors
