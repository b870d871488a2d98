"""Actor recognition and resolution, one test per rule, on sentences written for these tests.

The people below are invented and replace the packaged ones (states and organisations stay),
so the tests do not depend on who holds which office in the shipped data."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest

from communique.analyse import Analyser
from communique.analyse.actors import actor_at, actors_at, resolve_name
from communique.knowledge.kb import KnowledgeBase
from communique.models import Article

PEOPLE = [
    {"id": "per.test-dariush-kamrani", "name": "Dariush Kamrani", "kind": "person", "country": "IRN",
     "sector": "GOV", "aliases": ["Daryoush Kamrani"],
     "roles": [{"title": "Deputy Foreign Minister", "key": "deputy_foreign_minister", "start": "2013-08",
                "end": "2021-08"},
               {"title": "Foreign Minister", "key": "foreign_minister", "start": "2024-08-21"}]},
    {"id": "per.test-hamid-al-zubaidi", "name": "Hamid al-Zubaidi", "kind": "person", "country": "IRQ",
     "sector": "LEG", "roles": [{"title": "Speaker", "key": "speaker", "start": "2024-10-31"}]},
    {"id": "per.test-salim-jaber", "name": "Salim Jaber", "kind": "person", "country": "IRQ", "sector": "LEG",
     "roles": [{"title": "Speaker", "key": "speaker", "start": "2020-01", "end": "2024-10-30"}]},
    {"id": "per.test-reza-ghaffari", "name": "Reza Ghaffari", "kind": "person", "country": "IRN", "sector": "GOV",
     "roles": [{"title": "Minister of Roads", "key": "other", "start": "2022"}]},
    {"id": "per.test-karim-tavakoli", "name": "Karim Tavakoli", "kind": "person", "country": "IRN",
     "sector": "GOV", "roles": []},
    {"id": "per.test-nasser-tavakoli", "name": "Nasser Tavakoli", "kind": "person", "country": "IRN",
     "sector": "MIL", "roles": []},
    {"id": "per.test-gholam-sadeqi-far", "name": "Gholam-Reza Sadeqi-Far", "kind": "person", "country": "IRN",
     "sector": "JUD", "roles": [{"title": "Head of the Judiciary", "key": "judiciary_chief", "start": "2021"}]},
]


@pytest.fixture(scope="module")
def analyser():
    # The packaged states and organisations, and only the invented people.
    kb = KnowledgeBase([r for r in KnowledgeBase.load() if r.kind != "person"])
    kb.add_records(PEOPLE, origin="test")
    return Analyser(components=("actors",), kb=kb)


def analyse(analyser, text: str, published: str | None = None):
    """(analysis, ctx-like object) for one article: the context is rebuilt so the helpers can
    be called the way the events and quotes components call them."""
    from communique.analyse import REGISTRY, DocContext
    from communique.models import Analysis

    article = Article(id="t1", source="test", text=text, published=published)
    doc = analyser.nlp(text)
    ctx = DocContext(article=article, doc=doc, kb=analyser.kb, analysis=Analysis(article_id=article.id))
    REGISTRY["actors"](ctx)
    return ctx


def ids(ctx, words: str) -> list[str]:
    return [m.actor_id for m in ctx.analysis.mentions if m.text == words]


def test_mentions_keep_exact_offsets_and_words(analyser):
    text = "Iraqi Parliament Speaker Hamid al-Zubaidi met Iranian officials. Zubaidi said the talks went well."
    ctx = analyse(analyser, text)
    assert ctx.analysis.mentions
    for m in ctx.analysis.mentions:
        assert text[m.start:m.end] == m.text
    used = {m.actor_id for m in ctx.analysis.mentions}
    assert used <= {a.id for a in ctx.analysis.actors}


def test_later_mentions_by_surname_and_article_variants(analyser):
    text = ("Iraqi Parliament Speaker Hamid al-Zubaidi arrived on Sunday. Zubaidi held talks with officials. "
            "Al-Zubaidi later left. Al Zubaidi's office confirmed the visit.")
    ctx = analyse(analyser, text)
    for words in ("Hamid al-Zubaidi", "Zubaidi", "Al-Zubaidi", "Al Zubaidi"):
        assert ids(ctx, words) == ["per.test-hamid-al-zubaidi"], words


def test_hyphenated_surname_alone(analyser):
    text = "Judiciary chief Gholam-Reza Sadeqi-Far spoke on Monday. Later, Sadeqi-Far met the delegation."
    ctx = analyse(analyser, text)
    assert ids(ctx, "Sadeqi-Far") == ["per.test-gholam-sadeqi-far"]


def test_transliteration_variant(analyser):
    ctx = analyse(analyser, "Iranian minister Reza Qaffari opened the new road to the border on Tuesday.")
    found = [m for m in ctx.analysis.mentions if m.text == "Reza Qaffari"]
    assert found and found[0].actor_id == "per.test-reza-ghaffari"
    assert found[0].method == "translit"


def test_surname_shared_by_two_people_needs_the_article(analyser):
    alone = analyse(analyser, "Tavakoli told reporters that the talks would go on.")
    assert "per.test-karim-tavakoli" not in {m.actor_id for m in alone.analysis.mentions}
    after = analyse(analyser, "Karim Tavakoli arrived in Baghdad. Tavakoli told reporters the talks would go on.")
    assert ids(after, "Tavakoli") == ["per.test-karim-tavakoli"]


def test_unknown_person_takes_country_and_sector_from_title(analyser):
    text = "Iraqi Interior Minister Karwan Jabbari met his counterpart on Sunday. Jabbari praised the agreement."
    ctx = analyse(analyser, text)
    [m] = [m for m in ctx.analysis.mentions if m.text == "Karwan Jabbari"]
    assert m.role_title == "Iraqi Interior Minister"
    actor = next(a for a in ctx.analysis.actors if a.id == m.actor_id)
    assert (actor.origin, actor.kind, actor.country, actor.sector) == ("text", "person", "IRQ", "GOV")
    assert actor.id == "per.karwan-jabbari"
    assert actor.roles and actor.roles[0].key == "interior_minister"
    assert ids(ctx, "Jabbari") == [actor.id]


def test_possessive_country_before_title(analyser):
    ctx = analyse(analyser, "Iraq's Foreign Minister Layth Qadiri called the meeting constructive.")
    [m] = [m for m in ctx.analysis.mentions if m.text == "Layth Qadiri"]
    assert m.role_title == "Iraq's Foreign Minister"
    assert next(a for a in ctx.analysis.actors if a.id == m.actor_id).country == "IRQ"


def test_role_phrase_refers_to_the_person_named_with_it(analyser):
    text = ("Iranian Parliament Speaker Bijan Mokhtari hosted the delegation. "
            "The Iranian parliament speaker said ties were deep.")
    ctx = analyse(analyser, text)
    person = ids(ctx, "Bijan Mokhtari")
    assert person and ids(ctx, "Iranian parliament speaker") == person


def test_role_phrase_without_a_name_uses_the_holder_on_the_article_date(analyser):
    text = "The Iraqi parliament speaker welcomed the agreement on water sharing."
    assert ids(analyse(analyser, text, "2025-03-01"), "Iraqi parliament speaker") == ["per.test-hamid-al-zubaidi"]
    assert ids(analyse(analyser, text, "2022-06-01"), "Iraqi parliament speaker") == ["per.test-salim-jaber"]
    # Undated: nobody can be picked, the state still acts.
    assert ids(analyse(analyser, text, None), "Iraqi parliament speaker") == ["IRQ"]


def test_kb_person_gets_country_without_a_demonym(analyser):
    ctx = analyse(analyser, "President Dariush Kamrani addressed the crowd.")
    [m] = [m for m in ctx.analysis.mentions if m.text == "Dariush Kamrani"]
    assert next(a for a in ctx.analysis.actors if a.id == m.actor_id).country == "IRN"


def test_role_contradicting_the_kb_is_flagged_not_overwritten(analyser):
    text = "Iranian Deputy Foreign Minister Dariush Kamrani met the ambassador."
    ctx = analyse(analyser, text, "2024-11-10")
    [m] = [m for m in ctx.analysis.mentions if m.text == "Dariush Kamrani"]
    assert m.actor_id == "per.test-dariush-kamrani"
    assert m.role_title == "Iranian Deputy Foreign Minister"
    assert m.role_conflict and "deputy_foreign_minister" in m.role_conflict
    assert "KB on that date: foreign_minister" in m.role_conflict
    actor = next(a for a in ctx.analysis.actors if a.id == m.actor_id)
    assert {r.key for r in actor.roles} == {"deputy_foreign_minister", "foreign_minister"}  # KB side untouched
    # On a date when he was the deputy, nothing to flag.
    earlier = analyse(analyser, text, "2019-05-01")
    assert [m.role_conflict for m in earlier.analysis.mentions if m.text == "Dariush Kamrani"] == [None]


def test_former_office_is_not_a_conflict(analyser):
    ctx = analyse(analyser, "Former Deputy Foreign Minister Dariush Kamrani wrote a book.", "2025-01-05")
    assert [m.role_conflict for m in ctx.analysis.mentions if m.text == "Dariush Kamrani"] == [None]


@pytest.mark.parametrize("phrase", ["the Zionist regime", "the Israeli regime", "the Zionists"])
def test_regime_phrases_resolve_to_israel(analyser, phrase):
    ctx = analyse(analyser, f"The minister said {phrase} was to blame for the crisis.")
    assert "ISR" in {m.actor_id for m in ctx.analysis.mentions}


@pytest.mark.parametrize("phrase", ["the Americans", "Washington"])
def test_americans_and_washington_resolve_to_usa(analyser, phrase):
    ctx = analyse(analyser, f"The envoy said {phrase} must stop arming the militias.")
    assert "USA" in {m.actor_id for m in ctx.analysis.mentions}


def test_capitals_as_joint_subject(analyser):
    ctx = analyse(analyser, "Tehran and Baghdad view the railway as vital to both economies.")
    subject = next(t for t in ctx.doc if t.text == "Tehran")
    assert actors_at(ctx, subject) == ["IRN", "IRQ"]


def test_a_capital_after_in_is_a_place(analyser):
    ctx = analyse(analyser, "The two ministers held talks in Baghdad on Monday.")
    assert "IRQ" not in {m.actor_id for m in ctx.analysis.mentions}


def test_demonym_with_a_collective_noun_is_the_state(analyser):
    text = "Iraqi officials welcomed the plan, and the Iranian side promised to fund it."
    ctx = analyse(analyser, text)
    assert ids(ctx, "Iraqi officials") == ["IRQ"]
    assert ids(ctx, "Iranian side") == ["IRN"]
    officials = next(t for t in ctx.doc if t.text == "officials")
    assert actor_at(ctx, officials) == "IRQ"


def test_counterpart_inherits_the_office(analyser):
    text = ("Iranian Parliament Speaker Bijan Mokhtari hosted his Iraqi counterpart, Hamid al-Zubaidi, "
            "on Monday.")
    ctx = analyse(analyser, text)
    [m] = [m for m in ctx.analysis.mentions if m.text == "Hamid al-Zubaidi"]
    assert m.actor_id == "per.test-hamid-al-zubaidi"
    assert m.role_title == "Iraqi counterpart"


def test_pronoun_refers_to_the_last_subject(analyser):
    text = ("Hamid al-Zubaidi met Karim Tavakoli in the morning. "
            "He said the two countries would sign a border deal.")
    ctx = analyse(analyser, text)
    he = next(t for t in ctx.doc if t.text == "He")
    assert actor_at(ctx, he) == "per.test-hamid-al-zubaidi"


def test_no_person_from_headline_words(analyser):
    ctx = analyse(analyser, "Why It Matters:\nThe Big Picture of regional trade is changing.")
    assert not [m for m in ctx.analysis.mentions if m.actor_id.startswith("per.")]


def test_resolve_name_for_speaker_labels_and_role_phrases(analyser):
    text = "Iraqi Parliament Speaker Hamid al-Zubaidi met Iranian Deputy Foreign Minister Dariush Kamrani."
    ctx = analyse(analyser, text)
    assert resolve_name(ctx, "Deputy Foreign Minister Dariush Kamrani:") == "per.test-dariush-kamrani"
    assert resolve_name(ctx, "the Iraqi parliament speaker") == "per.test-hamid-al-zubaidi"
    assert resolve_name(ctx, "Zubaidi") == "per.test-hamid-al-zubaidi"
    # A label naming someone the body did not: resolved and added to the article's actors.
    assert resolve_name(ctx, "Karim Tavakoli") == "per.test-karim-tavakoli"
    assert "per.test-karim-tavakoli" in {a.id for a in ctx.analysis.actors}


def test_whole_pipeline_exports_actor_ids(analyser, store, tmp_path):
    from communique.pipeline import Pipeline
    from communique.serve.export import export

    src = tmp_path / "report.txt"
    src.write_text("Iraqi Interior Minister Karwan Jabbari met Iranian officials in Tehran.\n\n"
                   "Jabbari said Baghdad and Tehran would cooperate.\n", encoding="utf-8")
    Pipeline(store, analyser=analyser).ingest([str(src)])
    out = tmp_path / "out"
    export(store, out)
    [row] = [json.loads(line) for line in (out / "articles.jsonl").read_text().splitlines()]
    actors = {json.loads(line)["id"]: json.loads(line) for line in (out / "actors.jsonl").read_text().splitlines()}
    assert {"per.karwan-jabbari", "IRN", "IRQ"} <= set(row["actor_ids"])
    assert set(row["actor_ids"]) <= set(actors)
    assert actors["per.karwan-jabbari"]["country"] == "IRQ"
    assert actors["IRN"]["kind"] == "state" and actors["IRN"]["country"] == "IRN"


def test_seed_actors_all_resolved_and_linked(seeds_export, shared_dir):
    """The independent scorer on the seed reports (read from ../shared at run time)."""
    _, out = seeds_export
    run = subprocess.run([sys.executable, str(shared_dir / "eval" / "score.py"), "seeds", str(out)],
                         capture_output=True, text=True, check=True)
    figures = json.loads(run.stdout.strip().splitlines()[-1])
    assert figures["actors"] == "13/13", run.stdout


def test_state_words_inside_place_names_are_not_actors(analyser):
    ctx = analyse(analyser, "Tankers crossed the Persian Gulf on Friday while Iraq protested.")
    assert {m.actor_id for m in ctx.analysis.mentions} == {"IRQ"}


def test_a_name_after_the_port_of_is_a_place_not_a_person():
    from communique.analyse import Analyser
    from communique.models import Article
    text = "Dock workers went on strike at the port of Umm Qasr on Sunday."
    analysis = Analyser().analyse([Article(id="portof", source="t", text=text, published="2024-05-15")])[0]
    assert not [a for a in analysis.actors if a.kind == "person"], [a.name for a in analysis.actors]


@pytest.mark.parametrize("published", ["1995-05-01", "2005-05-01"])
def test_a_regnal_number_is_part_of_the_name(published):
    # Out of his reign "King Hassan" alone matched another Hassan by surname; "Hassan II" cannot.
    from communique.analyse import Analyser
    from communique.models import Article
    text = "King Hassan II said Morocco would not attend the summit."
    analysis = Analyser().analyse([Article(id="regnal" + published, source="t", text=text, published=published)])[0]
    assert [(m.text, m.actor_id) for m in analysis.mentions][0] == ("Hassan II", "per.hassan-ii-of-morocco")


def test_an_official_of_an_international_body_acts_for_it_not_for_a_state():
    from communique.analyse import Analyser
    from communique.models import Article

    text = "UN Secretary-General António Guterres urged both sides to open the crossings to aid convoys."
    a = Analyser(components=("actors",)).analyse([Article(id="igo", source="t", text=text,
                                                          published="2024-05-02")])[0]
    guterres = next(x for x in a.actors if x.id == "per.antonio-guterres")
    assert guterres.country is None and guterres.sector == "IGO"
    # before he held the office, he was a Portuguese politician
    a = Analyser(components=("actors",)).analyse([Article(id="igo2", source="t", text="António Guterres spoke.",
                                                          published="1999-05-02")])[0]
    assert next(x for x in a.actors if x.id == "per.antonio-guterres").country == "PRT"


def test_places_products_and_nicknames_are_not_people():
    from communique.analyse import Analyser
    from communique.models import Article

    text = ("Pilgrims filled the Imam Ali shrine in Najaf on Friday, and Iraq's government praised the calm. "
            "Bob waved from the capsule window as Iraq's minister watched. "
            "Engineers at Red Hat Inc. said Rocky Linux would get the patch first.")
    a = Analyser(components=("actors",)).analyse([Article(id="things", source="t", text=text,
                                                          published="2024-05-02")])[0]
    people = {x.id: x.name for x in a.actors if x.kind == "person"}
    assert "per.mohammed-saeed-al-sahhaf" not in people  # "Ali" and "Bob" are not his nicknames' words
    assert not any(n in name for name in people.values() for n in ("Red Hat", "Rocky", "Ali"))


def test_descriptions_regions_and_parties_are_not_part_of_a_name():
    from communique.analyse import Analyser
    from communique.models import Article

    text = ("Podcaster Rita Voss interviewed Professor Jan Olek in Denver. "
            "Vermont Republican Dale Pruitt joined them later. Dale Pruitt said little, and Rita Voss laughed.")
    a = Analyser(components=("actors",)).analyse([Article(id="names", source="t", text=text,
                                                          published="2024-05-02")])[0]
    people = sorted(x.name for x in a.actors if x.kind == "person")
    assert people == ["Dale Pruitt", "Jan Olek", "Rita Voss"]


def test_the_last_office_of_someone_who_holds_none_now_is_not_a_conflict(analyser):
    ctx = analyse(analyser, "Iranian commander Qasem Soleimani was remembered at a ceremony.", "2023-01-03")
    [m] = [m for m in ctx.analysis.mentions if "Soleimani" in m.text]
    assert m.role_conflict is None


def test_places_named_after_people_are_not_those_people():
    from communique.analyse import Analyser
    from communique.models import Article

    text = ("Flights from Imam Khomeini International Airport were cancelled, and traffic on the King Fahd "
            "Causeway was halted while Iran and Saudi Arabia traded notes.")
    a = Analyser(components=("actors",)).analyse([Article(id="named-places", source="t", text=text,
                                                          published="2024-05-02")])[0]
    assert not [x.name for x in a.actors if x.kind == "person"]


def test_a_one_word_name_needs_the_reports_support():
    from communique.analyse import Analyser
    from communique.models import Article

    def speaker(text: str) -> str | None:
        a = Analyser(components=("quotes",)).analyse([Article(id="one-word", source="t", text=text,
                                                              published="2024-05-02")])[0]
        (q,) = [q for q in a.quotes if q.direct]
        return q.speaker_id

    # Nothing ties this Zakharova to Moscow: the shop owner is not the Russian spokeswoman.
    assert speaker('"The bakery opens at six," Zakharova, who runs it in Ohio, said.') != "per.maria-zakharova"
    # Her state named, her full name given earlier, or her office before the name: her.
    assert speaker('"Russia will respond," Zakharova said after the talks.') == "per.maria-zakharova"
    assert speaker('Maria Zakharova spoke first. "The talks failed," Zakharova said.') == "per.maria-zakharova"
    assert speaker('"The talks failed," foreign ministry spokeswoman Zakharova said.') == "per.maria-zakharova"


@pytest.mark.parametrize("text, published", [
    ("Iranian commander Qassem Soleimani met militia leaders in Baghdad.", "2019-10-01"),
    ("The Iranian commander, Qasem Soleimani, was buried in Kerman.", "2020-01-07"),
    ("Crowds marked the death of Iranian commander Soleimani in Tehran.", "2024-01-03"),
])
def test_a_commander_called_a_commander_contradicts_nothing(text, published):
    from communique.analyse import Analyser
    from communique.models import Article

    a = Analyser(components=("actors",)).analyse([Article(id="cmdr" + published, source="t", text=text,
                                                          published=published)])[0]
    [m] = [m for m in a.mentions if m.actor_id == "per.qassem-soleimani"]
    assert m.role_conflict is None


def test_a_middle_initial_and_a_given_name_point_to_the_person_named_in_full():
    from communique.analyse import Analyser
    text = ("On Monday, the Iraqi prime minister dismissed trade minister Atheer K. al-Ghurairi.\n\n"
            '"I thanked Atheer for his work," the prime minister said. Ali Hassan, a deputy, and Ali Kareem, '
            'an aide, were present. Ali said nothing.')
    analysis = Analyser().analyse([Article(id="gn1", source="test", text=text, published="2024-03-06")])[0]
    ids = {m.text: m.actor_id for m in analysis.mentions}
    assert ids.get("Atheer K. al-Ghurairi") and ids.get("Atheer") == ids["Atheer K. al-Ghurairi"]
    # Two people share the given name "Ali": it points to neither.
    assert ids.get("Ali") not in (ids.get("Ali Hassan"), ids.get("Ali Kareem"))
