"""Claims kept as claims, confidence and salience: what the events component says of each event
beyond its parties (sentences written for these tests)."""
from __future__ import annotations

import pytest

from communique.models import Article


@pytest.fixture(scope="module")
def analyser():
    from communique.analyse import Analyser
    return Analyser()


def events_of(analyser, text, published="2025-03-14", title=None):
    article = Article(id="c" + str(abs(hash((text, published, title))))[:10], source="test", text=text,
                      published=published, title=title)
    analysis = analyser.analyse([article])[0]
    countries = {a.id: a.country for a in analysis.actors}
    return analysis.events, countries


def test_another_partys_claim_is_kept_as_a_claim(analyser):
    events, countries = events_of(analyser, "Iraqi officials claimed that Iranian artillery shelled villages near Penjwen.")
    shelling = [e for e in events if e.type == "ASSAULT"]
    assert shelling and shelling[0].status == "claimed"
    assert countries.get(shelling[0].claimed_by, shelling[0].claimed_by) == "IRQ"
    assert "claim" in shelling[0].features["claim_reason"]


def test_a_denial_is_the_deniers_rejection_never_the_denied_act(analyser):
    events, _ = events_of(analyser, "Turkey denied that its jets struck a refugee camp in northern Iraq.")
    assert [e.type for e in events] == ["REJECT"] and events[0].actors == ["TUR"]
    assert not any(e.type == "ASSAULT" and e.status == "asserted" for e in events)


def test_what_an_outlet_is_cited_for_and_ones_own_statement_stay_asserted(analyser):
    cited, _ = events_of(analyser, "According to Reuters, Iran signed a gas contract with Iraq on Tuesday.")
    assert cited and all(e.status == "asserted" for e in cited)
    own, _ = events_of(analyser, "The Iraqi government said on Tuesday that it will reopen the Mandali crossing.")
    assert own and all(e.status == "asserted" for e in own)


def test_a_conjoined_clause_is_no_content_of_the_verb_before_it(analyser):
    events, _ = events_of(analyser, "The bombing was claimed by the Islamic State, but Iraq blamed Iran for the attack.")
    blame = [e for e in events if e.type == "ACCUSE"]
    assert blame and blame[0].status == "asserted"


def test_confidence_is_higher_for_a_named_explicit_act_than_for_a_guess(analyser):
    firm, _ = events_of(analyser, "On Monday, Iraq demanded that Turkey withdraw its troops from Bashiqa.")
    vague, _ = events_of(analyser, "They said it was a provocation, and then it hit the convoy.")
    assert firm and 0 <= firm[0].confidence <= 1
    assert firm[0].confidence >= 0.8 and "explicit act" in firm[0].features["confidence_factors"]
    assert all(e.confidence < firm[0].confidence for e in vague)


def test_the_lead_and_the_headline_are_salient(analyser):
    text = ("Iran and Iraq signed a water-sharing memorandum in Baghdad on Sunday. The two ministers toured a dam. "
            "Trade grew last year. Officials spoke of pipelines. Prices rose. "
            "Separately, Kuwait criticised Iraq over fishing rights.")
    events, _ = events_of(analyser, text, title="Iran, Iraq sign water memorandum")
    lead = [e for e in events if e.type == "SUPPORT"]
    later = [e for e in events if e.type == "ACCUSE"]
    assert lead and lead[0].salience == 1.0
    assert later and later[0].salience < 0.7


def test_claiming_another_partys_attack_is_an_accusation(analyser):
    events, countries = events_of(analyser, "Iraqi officials claimed on Monday that Iranian artillery shelled villages "
                                            "near Penjwen.")
    accuse = [e for e in events if e.type == "ACCUSE"]
    assert accuse and accuse[0].status == "asserted" and accuse[0].cameo == "1123"
    assert {countries.get(a, a) for a in accuse[0].actors} == {"IRQ"}
    assert {countries.get(r, r) for r in accuse[0].recipients} == {"IRN"}
    assert accuse[0].date.value == "2025-03-10"


@pytest.mark.parametrize("text, etype, actor, recipient", [
    # A nominal event whose doer is named with it stands wherever it is.
    ("Despite criticism by the Iraqi foreign minister, Turkey went ahead with the dam.", "ACCUSE", "IRQ", None),
    # A party's decision attacked in words is criticised, not assaulted.
    ("On Monday, the Iraqi president attacked the proclamation by Turkey on the water quota.", "ACCUSE", "IRQ", None),
    # The subject of 'drew criticism from' receives it.
    ("The Iranian plan drew sharp criticism from Iraq.", "ACCUSE", "IRQ", "IRN"),
])
def test_nominal_and_figurative_criticism(analyser, text, etype, actor, recipient):
    events, countries = events_of(analyser, text)
    found = [e for e in events if e.type == etype]
    assert found, [(e.type, e.actors) for e in events]
    assert actor in {countries.get(a, a) for a in found[0].actors}
    if recipient:
        assert recipient in {countries.get(r, r) for r in found[0].recipients}


def test_an_unnamed_patient_is_someone_of_the_place(analyser):
    events, countries = events_of(analyser, "On Friday, police in Basra fired tear gas at protesters.")
    fired = [e for e in events if e.type in ("ASSAULT", "COERCE")]
    assert fired and {countries.get(r, r) for r in fired[0].recipients} == {"IRQ"}
    assert any(p["method"] == "context-place" for p in fired[0].features["recipients"])
