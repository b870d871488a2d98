"""Event places: the gazetteer, and the order of reasoning (a governing phrase, the stated visit
destination, the dateline of a meeting)."""
from __future__ import annotations

import pytest

from communique.analyse.places import gazetteer, governing_place, locate, visit_destinations


@pytest.mark.parametrize("name, country", [
    ("Tehran", "IRN"), ("Baghdad", "IRQ"), ("Erbil", "IRQ"), ("Arbil", "IRQ"), ("Teheran", "IRN"),
    ("Iraq", "IRQ"), ("Geneva", "CHE"), ("Najaf", "IRQ"),
])
def test_gazetteer(name, country):
    assert gazetteer().lookup(name).country == country


def test_gazetteer_unknown_and_preference():
    assert gazetteer().lookup("Nowhereville Upon Sea") is None
    # A name shared by cities in several countries: the preferred country wins.
    anywhere = gazetteer().lookup("Tripoli")
    assert gazetteer().lookup("Tripoli", prefer=["LBN"]).country == "LBN"
    assert anywhere.country in ("LBY", "LBN")


@pytest.fixture(scope="module")
def nlp():
    from communique.analyse.nlp import load_nlp
    return load_nlp()


@pytest.fixture(scope="module")
def kb():
    from communique.knowledge.kb import default_kb
    return default_kb()


def _tok(doc, lemma):
    return next(t for t in doc if t.lemma_ == lemma)


@pytest.mark.parametrize("text, lemma, country", [
    ("The Iranian speaker hosted his Iraqi counterpart in Tehran on Monday.", "host", "IRN"),
    ("The Omani envoy arrived in Baghdad for talks.", "arrive", "IRQ"),
    ("During a visit to Baghdad, the minister met the Iraqi premier.", "meet", "IRQ"),
    ("The ministers held talks at the foreign ministry in Tehran.", "talk", "IRN"),
    ("The announcement came at a press conference in Tehran, where the speaker hosted his guest.", "host", "IRN"),
])
def test_place_phrase_governing_the_event(nlp, kb, text, lemma, country):
    doc = nlp(text)
    place, why = governing_place([_tok(doc, lemma)], kb)
    assert place.country == country and "'" in why


def test_a_place_elsewhere_in_the_sentence_does_not_govern(nlp, kb):
    doc = nlp("The minister, who was born in Basra, criticised the decision.")
    assert governing_place([_tok(doc, "criticise")], kb) is None


def test_visit_destination_and_dateline_fallbacks(nlp, kb):
    doc = nlp("The Iranian minister met his Iraqi counterpart on Thursday. "
              "He also plans talks in Erbil during his visit to Iraq.")
    visits = visit_destinations(doc, kb, lambda tok: [])
    assert [v.place.country for v in visits] == ["IRQ"]
    meet = [_tok(doc, "meet")]
    loc, why = locate(meet, event_type="CONSULT", parties=["IRN"], party_countries=["IRN"], visits=lambda: visits,
                      dateline="Tehran", kb=kb)
    assert loc.country == "IRQ" and "visit destination" in why
    # Without a stated visit, a meeting reported under a dateline happened there.
    loc, why = locate(meet, event_type="CONSULT", parties=["IRN"], party_countries=["IRN"], visits=list,
                      dateline="Tehran", kb=kb)
    assert loc.country == "IRN" and "dateline" in why
    # An attack is not placed by the dateline.
    loc, _ = locate(meet, event_type="ASSAULT", parties=["IRN", "IRQ"], party_countries=["IRN", "IRQ"], visits=list,
                    dateline="Tehran", kb=kb)
    assert loc is None


def test_someone_elses_visit_does_not_place_the_event(nlp, kb):
    doc = nlp("The two speakers met on Monday. The recent visit of the Turkish president to Iraq was praised.")
    visits = visit_destinations(doc, kb, lambda tok: ["TUR"] if tok.lower_ == "president" else [])
    assert visits and visits[0].visitors == ("TUR",)
    loc, why = locate([_tok(doc, "meet")], event_type="CONSULT", parties=["IRN", "IRQ"],
                      party_countries=["IRN", "IRQ"], visits=lambda: visits, dateline=None, kb=kb)
    assert loc is None


def test_a_planned_or_supposed_visit_places_nothing(nlp, kb):
    doc = nlp("The Iraqi minister met the Iranian ambassador on Sunday. The minister plans to visit Tehran "
              "next month. A visit to Ankara would anger Washington.")
    visits = visit_destinations(doc, kb, lambda tok: [])
    assert [(v.place.country, v.unreal) for v in visits] == [("IRN", True), ("TUR", True)]
    loc, why = locate([_tok(doc, "meet")], event_type="CONSULT", parties=["IRQ", "IRN"],
                      party_countries=["IRQ", "IRN"], visits=lambda: visits, dateline=None, kb=kb)
    assert loc is None, why


def test_the_visitors_own_visit_before_the_event_wins(nlp, kb):
    doc = nlp("The Iranian minister arrived in Baghdad on Monday and met the prime minister. "
              "Iraq's president was in Ankara last week.")
    minister = lambda tok: ["per.x"] if tok.lower_ == "minister" else ["per.y"] if tok.lower_ == "president" else []
    visits = visit_destinations(doc, kb, minister)
    loc, why = locate([_tok(doc, "meet")], event_type="CONSULT", parties=["per.x", "per.z"],
                      party_countries=["IRN"], visits=lambda: visits, dateline="Tehran", kb=kb)
    assert loc.country == "IRQ" and "a party" in why


def test_a_domestic_act_happens_in_its_state(nlp, kb):
    doc = nlp("Police arrested dozens of protesters after the rally.")
    act = [_tok(doc, "arrest")]
    loc, why = locate(act, event_type="COERCE", parties=["IRQ"], party_countries=["IRQ", "IRQ"], visits=list,
                      dateline=None, kb=kb)
    assert loc.country == "IRQ" and "domestic" in why
    # Parties of two states: no place without a phrase, a visit or (for a meeting) a dateline.
    loc, _ = locate(act, event_type="COERCE", parties=["IRQ", "IRN"], party_countries=["IRQ", "IRN"], visits=list,
                    dateline=None, kb=kb)
    assert loc is None
    # A phone call happens in no one place.
    loc, _ = locate(act, event_type="CONSULT", parties=["IRQ"], party_countries=["IRQ"], visits=list,
                    dateline=None, kb=kb, mode="phone")
    assert loc is None
