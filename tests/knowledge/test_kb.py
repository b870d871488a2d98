"""The loader: normalisation, lookups, dated roles, user files and their errors."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from communique.knowledge import (
    ActorRecord, KnowledgeBase, KnowledgeError, Role, default_kb, load_user_file, normalise,
    save_user_records, user_files,
)


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return KnowledgeBase.load()


@pytest.mark.parametrize("a, b", [
    ("Mohseni-Ejei", "Mohseni Ejei"),
    ("Mohammed Shia' al-Sudani", "Mohammed Shia Al Sudani"),
    ("Kata'ib Hezbollah", "Kataib Hezbollah"),
    ("Kata’ib Hezbollah", "KATAIB HEZBOLLAH"),
    ("Türkiye", "Turkiye"),
    ("Nuñez", "Nunez"),
    ("U.S.", "US"),
    ("the Zionist regime", "Zionist regime"),
    ("al-Mashhadani", "Mashhadani"),
    ("El-Sisi", "Sisi"),
])
def test_normalise_equates_spelling_variants(a, b):
    assert normalise(a) == normalise(b)


def test_normalise_keeps_distinct_names_apart():
    assert normalise("Ali") != normalise("Al")
    assert normalise("Al") == "al"  # a bare article stays rather than vanishing
    assert normalise("Iran") != normalise("Iraq")


def test_load_is_cached():
    # Load time is a figure for benchmarks/speed.py, not a timed assertion here.
    fresh = KnowledgeBase.load()
    assert len(fresh) > 900
    assert default_kb() is default_kb()


def test_get_iter_len(kb):
    rec = kb.get("IRN")
    assert rec.kind == "state" and rec.name == "Iran" and rec.iso2 == "IR" and rec.capital == "Tehran"
    assert kb.get("nope") is None
    assert len(list(kb)) == len(kb)
    assert "IRQ" in kb


def test_lookup_is_exact_not_partial(kb):
    assert [r.id for r in kb.lookup("Iraq")] == ["IRQ"]
    assert kb.lookup("Ira") == []
    assert [r.id for r in kb.lookup("the United Nations")] == ["org.un"]
    assert [r.id for r in kb.lookup("IRGC")] == ["org.irgc"]


def test_lookup_surname_only_persons(kb):
    found = [r.id for r in kb.lookup_surname("Barzani")]
    assert {"per.masoud-barzani", "per.nechirvan-barzani", "per.masrour-barzani"} <= set(found)
    assert all(kb.get(i).kind == "person" for i in found)
    assert [r.id for r in kb.lookup_surname("Mohseni-Ejei")] == ["per.gholam-hossein-mohseni-ejei"]
    assert kb.lookup_surname("Iran") == []


def test_roles_at_handles_partial_dates(kb):
    # Larijani became SNSC secretary in "2025-08": a month-precision start.
    assert "security_council_secretary" in {r.key for r in kb.roles_at("per.ali-larijani", "2025-09-01")}
    assert "security_council_secretary" in {r.key for r in kb.roles_at("per.ali-larijani", "2025-08")}
    assert "security_council_secretary" not in {r.key for r in kb.roles_at("per.ali-larijani", "2025-07-31")}
    # A year-precision query matches any role overlapping that year.
    assert {r.key for r in kb.roles_at("per.ebrahim-raisi", "2021")} >= {"judiciary_chief", "head_of_state"}
    assert len(kb.roles_at("per.ebrahim-raisi", None)) == len(kb.get("per.ebrahim-raisi").roles)
    assert kb.roles_at("nope", "2020") == []


def test_role_active_on():
    role = Role(title="t", key="other", country=None, sector=None, start="2020-05", end="2021")
    assert role.active_on("2020-05-31") and role.active_on("2021-12-31") and role.active_on(None)
    assert not role.active_on("2020-04-30") and not role.active_on("2022-01-01")
    open_ended = Role(title="t", key="other", country=None, sector=None, start=None, end=None)
    assert open_ended.active_on("1900-01-01")


def test_holders_on_handover_day_puts_incoming_first(kb):
    # Mokhber's acting term ended the day Pezeshkian's began.
    assert [r.id for r in kb.holders("IRN", "head_of_state", "2024-07-28")] == [
        "per.masoud-pezeshkian", "per.mohammad-mokhber"]


def test_holders_without_date_lists_everyone(kb):
    ids = {r.id for r in kb.holders("IRN", "foreign_minister", None)}
    assert {"per.mohammad-javad-zarif", "per.abbas-araghchi", "per.ali-bagheri-kani"} <= ids


def test_to_actor_converts_to_pipeline_model(kb):
    actor = kb.get("per.abbas-araghchi").to_actor()
    assert actor.id == "per.abbas-araghchi" and actor.kind == "person" and actor.country == "IRN"
    assert any(r.key == "foreign_minister" for r in actor.roles)


def test_to_dict_round_trips(kb):
    d = json.loads(json.dumps(kb.get("per.ali-bagheri-kani").to_dict()))
    fresh = KnowledgeBase.load()
    fresh.add_records([{**d, "id": "per.copy"}])
    assert fresh.get("per.copy").roles == kb.get("per.ali-bagheri-kani").roles


# --------------------------------------------------------------------------- adding records

def test_add_records_new_and_merge():
    kb = KnowledgeBase.load()
    n = kb.add_records([
        {"id": "per.test-person", "name": "Test Person", "kind": "person", "country": "IRQ", "sector": "GOV",
         "aliases": ["T. Person"], "roles": [{"title": "Governor of Basra", "key": "other", "start": "2023-01"}]},
        {"id": "per.abbas-araghchi", "name": "Abbas Araghchi", "kind": "person", "aliases": ["Araghchy"]},
    ])
    assert n == 2
    assert [r.id for r in kb.lookup("T Person")] == ["per.test-person"]
    assert kb.roles_at("per.test-person", "2024-01-01")[0].country == "IRQ"  # defaults to the actor's
    assert [r.id for r in kb.lookup("Araghchy")] == ["per.abbas-araghchi"]
    assert "Abbas Araqchi" in kb.get("per.abbas-araghchi").aliases  # packaged aliases kept
    assert kb.get("per.test-person").origin == "user"


@pytest.mark.parametrize("record, message", [
    ({"name": "X", "kind": "person"}, "'id' is missing"),
    ({"id": "x", "name": "X", "kind": "human"}, "'kind' is 'human'"),
    ({"id": "x", "name": "X", "kind": "person", "country": "ZZZ"}, "not a known state id"),
    ({"id": "x", "name": "X", "kind": "person", "country": "Iran"}, "not an ISO 3166-1 alpha-3"),
    ({"id": "x", "name": "X", "kind": "person", "sector": "ARMY"}, "'sector' is 'ARMY'"),
    ({"id": "x", "name": "X", "kind": "person", "roles": [{"title": "T", "key": "king"}]}, "'key' is 'king'"),
    ({"id": "x", "name": "X", "kind": "person", "roles": [{"title": "T", "key": "other", "start": "2024-13"}]},
     "expected YYYY, YYYY-MM or YYYY-MM-DD"),
    ({"id": "x", "name": "X", "kind": "person", "roles": [{"title": "T", "key": "other", "start": "2024",
                                                            "end": "2023-05"}]}, "start 2024 is after end 2023-05"),
    ({"id": "x", "name": "X", "kind": "person", "aliases": "Y"}, "'aliases' must be a list"),
    ({"id": "x", "name": "X", "kind": "person", "died": "last year"}, "'died' is 'last year'"),
])
def test_add_records_rejects_bad_records(record, message):
    kb = KnowledgeBase.load()
    with pytest.raises(KnowledgeError, match=message):
        kb.add_records([record])
    assert kb.get("x") is None


# --------------------------------------------------------------------------- user files

def test_load_user_file_json_jsonl_csv(tmp_path: Path):
    j = tmp_path / "a.json"
    j.write_text(json.dumps({"records": [{"id": "org.test", "name": "Test Org", "kind": "organization",
                                          "country": "IRQ", "sector": "NGO"}]}), encoding="utf-8")
    jl = tmp_path / "b.jsonl"
    jl.write_text('# comment\n{"id": "per.a", "name": "A B", "kind": "person", "country": "IRN"}\n\n',
                  encoding="utf-8")
    c = tmp_path / "c.csv"
    c.write_text(
        "id,name,kind,country,sector,aliases,title,key,start,end,source\n"
        "per.c,Carl Dee,person,IRQ,GOV,C. Dee;Dee,Governor of Basra,other,2020,2022-03,my notes\n"
        "per.c,,,,,Carl D.,Minister of Oil of Iraq,other,2022-03,,my notes\n",
        encoding="utf-8")
    assert [d["id"] for d in load_user_file(j)] == ["org.test"]
    assert [d["id"] for d in load_user_file(jl)] == ["per.a"]
    (rec,) = load_user_file(c)
    assert rec["aliases"] == ["C. Dee", "Dee", "Carl D."]
    assert [r["title"] for r in rec["roles"]] == ["Governor of Basra", "Minister of Oil of Iraq"]
    assert rec["sources"] == ["my notes"]

    kb = KnowledgeBase.load(extra=[j, jl, c])
    assert kb.get("per.c").origin == str(c)
    assert [r.id for r in kb.lookup("Carl D")] == ["per.c"]
    assert kb.roles_at("per.c", "2023-01-01")[0].title == "Minister of Oil of Iraq"


def test_user_file_errors_name_file_and_line(tmp_path: Path):
    bad_jsonl = tmp_path / "bad.jsonl"
    bad_jsonl.write_text('{"id": "per.a", "name": "A", "kind": "person"}\n{"id": oops}\n', encoding="utf-8")
    with pytest.raises(KnowledgeError, match=r"bad\.jsonl:2: not valid JSON"):
        load_user_file(bad_jsonl)

    bad_field = tmp_path / "field.jsonl"
    bad_field.write_text('\n{"id": "per.a", "name": "A", "kind": "persn"}\n', encoding="utf-8")
    with pytest.raises(KnowledgeError, match=r"field\.jsonl:2: 'kind' is 'persn'"):
        load_user_file(bad_field)

    bad_csv = tmp_path / "bad.csv"
    bad_csv.write_text("id,name,kind,country,key,title,start\nper.x,X,person,IRQ,other,Mayor,2020-02-30x\n",
                       encoding="utf-8")
    with pytest.raises(KnowledgeError, match=r"bad\.csv:2: 'start' is '2020-02-30x'"):
        load_user_file(bad_csv)

    conflicting = tmp_path / "conf.csv"
    conflicting.write_text("id,name,kind\nper.x,X,person\nper.x,Y,person\n", encoding="utf-8")
    with pytest.raises(KnowledgeError, match=r"conf\.csv:3: 'name' 'Y' differs"):
        load_user_file(conflicting)

    header = tmp_path / "head.csv"
    header.write_text("id,name,kind,colour\n", encoding="utf-8")
    with pytest.raises(KnowledgeError, match=r"head\.csv:1: unknown CSV column\(s\) colour"):
        load_user_file(header)

    bad_json = tmp_path / "bad.json"
    bad_json.write_text('[{"id": "a",\n "name": }]', encoding="utf-8")
    with pytest.raises(KnowledgeError, match=r"bad\.json:2: not valid JSON"):
        load_user_file(bad_json)

    with pytest.raises(KnowledgeError, match=r"unknown file type '\.txt'"):
        load_user_file(tmp_path / "x.txt")

    unknown_country = tmp_path / "cc.jsonl"
    unknown_country.write_text('{"id": "per.a", "name": "A", "kind": "person", "country": "XYZ"}\n')
    load_user_file(unknown_country)  # shape is fine without a list of states...
    with pytest.raises(KnowledgeError, match="not a known state id"):
        KnowledgeBase.load(extra=[unknown_country])  # ...but the knowledge base knows the states


def test_save_user_records_merges_and_round_trips(tmp_path: Path):
    dest = tmp_path / "user"
    path = save_user_records([{"id": "per.a", "name": "A", "kind": "person", "country": "IRN"}], dest)
    save_user_records([{"id": "per.b", "name": "B", "kind": "person"},
                       {"id": "per.a", "name": "A", "kind": "person", "country": "IRQ"}], dest)
    assert path == dest / "actors.jsonl"
    records = load_user_file(path)
    assert [(d["id"], d.get("country")) for d in records] == [("per.a", "IRQ"), ("per.b", None)]
    assert user_files(dest) == [path]
    assert user_files(tmp_path / "missing") == []
    kb = KnowledgeBase.load(extra=user_files(dest))
    assert kb.get("per.a").country == "IRQ"
    with pytest.raises(KnowledgeError, match="'kind'"):
        save_user_records([{"id": "per.c", "name": "C"}], dest)
    # An ActorRecord can be saved as it is.
    save_user_records([ActorRecord(id="per.d", name="D", kind="person", country=None, sector=None)], dest)
    assert "per.d" in {d["id"] for d in load_user_file(path)}


def test_word_like_acronyms_match_only_in_capitals(kb):
    assert [r.id for r in kb.lookup("WHO")] == ["org.who"]
    assert kb.lookup("who") == [] and kb.lookup("Who") == []
    assert kb.state_for("US").id == kb.state_for("U.S.").id == kb.state_for("the US").id == "USA"
    assert kb.state_for("us") is None
    # Acronyms that are not words stay case-insensitive ("Nato" in British style).
    assert [r.id for r in kb.lookup("Nato")] == ["org.nato"]
