"""Who acts and who is acted on: party rules of the events component, on sentences written for
these tests (obligations, unnamed attackers, stative participles, parties, ethnic groups,
office-holders named out of their term)."""
from __future__ import annotations

import pytest

from communique.models import Article


@pytest.fixture(scope="module")
def analyser():
    from communique.analyse import Analyser
    return Analyser()


def code(analyser, text, published="2024-05-15"):
    article = Article(id="p" + str(abs(hash((text, published))))[:10], source="test", text=text,
                      published=published)
    analysis = analyser.analyse([article])[0]
    events = [e for e in analysis.events if not e.negated and not e.hypothetical]
    countries = {a.id: a.country for a in analysis.actors}
    return analysis, events, countries


def sides(events, countries):
    (e,) = events
    return e.type, {countries.get(a) for a in e.actors}, {countries.get(r) for r in e.recipients}


@pytest.mark.parametrize("text, actor, recipient", [
    ("Tehran said on Monday that Washington must lift all sanctions before any talks.", "IRN", "USA"),
    ("The Iraqi foreign minister said that Turkey should withdraw its troops from Bashiqa.", "IRQ", "TUR"),
])
def test_a_stated_obligation_is_the_speakers_demand(analyser, text, actor, recipient):
    _, events, countries = code(analyser, text)
    etype, actors, recipients = sides(events, countries)
    assert etype == "REQUEST" and actors == {actor} and recipients == {recipient}
    assert any("obligation" in step for step in events[0].features["steps"])


def test_a_weapon_as_subject_leaves_the_attacker_to_the_place(analyser):
    # The police only report it; the bomb names no one: CAMEO takes the state of the place.
    _, events, countries = code(analyser, "A car bomb near Kirkuk killed two Turkish soldiers, police said.")
    etype, actors, recipients = sides(events, countries)
    assert etype == "ASSAULT" and actors == {"IRQ"} and recipients == {"TUR"}
    assert events[0].features["actors"][0]["method"] == "context"
    # A weapon with an owner still names its user.
    _, events, countries = code(analyser, "An Israeli airstrike killed five people in southern Lebanon.")
    assert sides(events, countries)[1] == {"ISR"}


def test_engaged_in_is_not_a_passive(analyser):
    _, events, countries = code(analyser, "Turkish troops were engaged in fierce fighting with Kurdish "
                                          "militants in northern Iraq.")
    etype, actors, _ = sides(events, countries)
    assert etype == "ASSAULT" and actors == {"TUR"}
    assert events[0].features["actors"][0]["method"] != "context"


def test_an_unnamed_party_acts_for_the_state_of_its_context(analyser):
    _, events, countries = code(analyser, "The opposition Sadrist party said it would boycott Iraq's "
                                          "provincial elections.")
    assert sides(events, countries)[:2] == ("THREATEN", {"IRQ"})


@pytest.mark.parametrize("text, actor", [
    ("Iraqi Turkmen protested in Kirkuk against the new governor.", "IRQ"),
    ("Iranian Azeris demonstrated in Tabriz on Saturday.", "IRN"),
    ("Bosnian Serbs demanded a truce with Muslim forces.", "BIH"),
    ("Ethnic Azeris rallied in Tabriz against the Armenian offensive.", "IRN"),  # the place decides
    ("Iranian Americans protested in Los Angeles against the Iranian government.", "USA"),  # civic
    ("Serbs protested in Belgrade against the government.", "SRB"),  # no other state named
])
def test_an_ethnic_group_belongs_to_the_state_that_qualifies_it(analyser, text, actor):
    analysis, events, countries = code(analyser, text)
    assert sides(events, countries)[1] == {actor}


def test_an_ethnic_group_is_not_listed_as_its_namesake_state(analyser):
    analysis, _, _ = code(analyser, "Iraqi Turkmen protested in Kirkuk against the new governor.")
    assert "TKM" not in {a.id for a in analysis.actors}
    assert "IRQ" in {a.id for a in analysis.actors}


@pytest.mark.parametrize("published, who", [
    ("1991-02-01", "per.george-h-w-bush"),  # in office that day
    ("2024-05-15", "per.george-w-bush"),  # neither in office: the nearer term
    ("1999-06-01", "per.george-w-bush"),  # between the two terms, nearer the son's
])
def test_a_title_and_surname_out_of_term_take_the_nearest_holder(analyser, published, who):
    _, events, countries = code(analyser, "President Bush threatened further action against Iraq.", published)
    assert events[0].actors == [who] and countries[who] == "USA"


@pytest.mark.parametrize("text", [
    "Protesters blocked the main road in Hamilton, Bermuda, on Friday.",
    "Police fired tear gas at demonstrators in San Juan.",
    "Gunmen attacked a hotel in Nouméa, killing two guards.",
    "A roadside bomb in Baghdad wounded three American contractors, officials said.",
])
def test_every_party_is_an_actor_of_the_analysis(analyser, text):
    # A place's country that the knowledge base does not hold must not become a dangling actor id.
    analysis, _, _ = code(analyser, text)
    ids = {a.id for a in analysis.actors}
    for e in analysis.events:
        assert set(e.actors) | set(e.recipients) <= ids, (e.actors, e.recipients)


@pytest.mark.parametrize("text, etype, actor", [
    ("Thousands marched in Tehran to protest the killing.", "PROTEST", "IRN"),  # a bare count is a crowd
    ("Hundreds rallied outside the Turkish embassy in Baghdad.", "PROTEST", "IRQ"),
    ("The United States sent an aircraft carrier to the Gulf.", "MOBILIZE", "USA"),  # warships are forces
])
def test_crowds_by_count_and_warships(analyser, text, etype, actor):
    _, events, countries = code(analyser, text)
    assert sides(events, countries)[:2] == (etype, {actor})


@pytest.mark.parametrize("text, etype, actor, recipient", [
    ("Iraq lodged a formal protest with Iran over the shelling.", "ACCUSE", "IRQ", "IRN"),
    ("Iran threatened further action against Israel.", "THREATEN", "IRN", "ISR"),
])
def test_the_target_of_an_object_noun(analyser, text, etype, actor, recipient):
    _, events, countries = code(analyser, text)
    assert sides(events, countries) == (etype, {actor}, {recipient})


def test_a_weapon_before_strike_makes_an_attack(analyser):
    _, events, countries = code(analyser, "Iran launched missile strikes against Kurdish groups in northern Iraq.")
    assert sides(events, countries)[:2] == ("ASSAULT", {"IRN"})
    _, events, countries = code(analyser, "Oil workers in Basra went on strike.")
    assert sides(events, countries)[:2] == ("PROTEST", {"IRQ"})


@pytest.mark.parametrize("text, etype", [
    ("Iraq's prime minister received the Iranian ambassador in Baghdad.", "CONSULT"),  # hosting an envoy
    ("Iran voiced support for Iraq's sovereignty.", "SUPPORT"),  # 'voice' carries the noun
    ("Iran staged naval drills in the Gulf.", "MOBILIZE"),  # a show of force
    ("Iran and Iraq held joint naval drills in the Gulf.", "COOPERATE"),  # joint drills are cooperation
])
def test_hosting_envoys_voicing_and_drills(analyser, text, etype):
    _, events, _ = code(analyser, text)
    assert [e.type for e in events] == [etype]


@pytest.mark.parametrize("text, etype, actor, recipients", [
    ("Iran threatened to cut electricity supplies to Iraq.", "THREATEN", "IRN", {"IRQ"}),  # via the inner verb
    ("Iran offered to mediate between Saudi Arabia and Yemen.", "AGREE", "IRN", {"SAU", "YEM"}),  # not partners
])
def test_targets_through_inner_verbs_and_mediation(analyser, text, etype, actor, recipients):
    _, events, countries = code(analyser, text)
    assert sides(events, countries) == (etype, {actor}, recipients)


@pytest.mark.parametrize("text, etype, cameo", [
    ("Iran hanged a man accused of spying for Israel.", "ASSAULT", "1823"),  # an execution, not the accusation
    ("Kurdish rebels laid down their weapons in Erbil.", "RETREAT", "0873"),
    ("Iraqi authorities blocked several news websites.", "COERCE", "1721"),  # censorship, not a road block
    ("Protesters blocked the main highway to Basra.", "PROTEST", "144"),
])
def test_executions_disarming_and_blocking(analyser, text, etype, cameo):
    _, events, _ = code(analyser, text)
    assert [(e.type, e.cameo) for e in events] == [(etype, cameo)]


@pytest.mark.parametrize("text, actor, recipient", [
    ("Iran called the American sanctions a crime against humanity.", "IRN", "USA"),
    ("Iran described the Saudi decision as a mistake.", "IRN", "SAU"),
    ("Iran said Israel was behind the attack.", "IRN", "ISR"),
    ("Iran lashed out at France over the cartoons.", "IRN", "FRA"),
])
def test_labelling_and_blaming_are_accusations(analyser, text, actor, recipient):
    _, events, countries = code(analyser, text)
    assert sides(events, countries) == ("ACCUSE", {actor}, {recipient})


def test_labelling_praise_is_no_accusation(analyser):
    _, events, _ = code(analyser, "Iraq called the meeting with Iran a success.")
    assert "ACCUSE" not in [e.type for e in events]


def test_the_victim_of_a_condemned_killing_is_not_its_target(analyser):
    # "the assassination of the Hamas leader": the leader is the victim, the author is unnamed.
    _, events, countries = code(analyser, "Iran condemned the assassination of the Hamas leader in Tehran.")
    assert sides(events, countries) == ("ACCUSE", {"IRN"}, set())
    _, events, countries = code(analyser, "Iran condemned the Israeli bombing of Gaza.")
    assert sides(events, countries) == ("ACCUSE", {"IRN"}, {"ISR"})


@pytest.mark.parametrize("text, etype, actors, recipients", [
    ("Sanctions were imposed on Iran by the European Union.", "SANCTION", {None}, {"IRN"}),  # EU: no country
    ("Iran, Iraq sign security pact", "SUPPORT", {"IRN", "IRQ"}, set()),  # headline comma
    ("Iraq's foreign ministry said it had sent a protest note to Iran.", "ACCUSE", {"IRQ"}, {"IRN"}),
])
def test_passive_nouns_headline_subjects_and_protest_notes(analyser, text, etype, actors, recipients):
    _, events, countries = code(analyser, text)
    assert sides(events, countries) == (etype, actors, recipients)
    if actors == {None}:
        assert events[0].actors == ["org.eu"]


@pytest.mark.parametrize("text, cameo", [
    ("Iran dissolved the reformist party.", "1722"),  # banning a party
    ("Iran suspended the licence of a reformist newspaper.", "1721"),  # restricting the press
    ("Iran shut the border to Iraqi trucks.", "191"),  # a blockade
    ("Iran suspended talks with Iraq.", "164"),  # still the stop frame for everything else
])
def test_coercion_by_administrative_means(analyser, text, cameo):
    _, events, _ = code(analyser, text)
    assert [e.cameo for e in events] == [cameo]


@pytest.mark.parametrize("text, etype, actor, recipients", [
    ("Iran wants Iraq to expel the Kurdish groups.", "REQUEST", "IRN", {"IRQ"}),  # wanting another to act
    ("Iraq wants Turkey to release more water from its dams.", "REQUEST", "IRQ", {"TUR"}),
    ("Iran called on Muslims to boycott French products.", "REQUEST", "IRN", set()),  # not a phone call
])
def test_wanting_another_party_to_act_and_calling_on_a_people(analyser, text, etype, actor, recipients):
    _, events, countries = code(analyser, text)
    assert sides(events, countries) == (etype, {actor}, recipients)


def test_wanting_to_act_oneself_stays_an_intent(analyser):
    _, events, _ = code(analyser, "Iran wants to expand trade with Iraq.")
    assert [e.type for e in events] == ["AGREE"]


def test_seeking_something_from_a_party_is_a_request(analyser):
    _, events, countries = code(analyser, "Iraq is seeking compensation from Turkey.")
    assert sides(events, countries) == ("REQUEST", {"IRQ"}, {"TUR"})
    _, events, _ = code(analyser, "Iraq is seeking a role in the talks.")  # asks no one
    assert events == []


def _dates(analyser, text, published="2025-01-17"):  # a Friday
    analysis, events, _ = code(analyser, text, published)
    return [(e.type, e.date.value, e.date.source) for e in events]


def test_a_follow_on_event_by_the_same_party_takes_the_date_of_the_occasion(analyser):
    text = ("The Iraqi foreign ministry condemned the drone strike on Thursday. "
            "The ministry urged Tehran to stop unilateral military action.")
    assert _dates(analyser, text) == [("ACCUSE", "2025-01-16", "text"), ("REQUEST", "2025-01-16", "context")]


def test_the_occasion_told_carries_to_simple_past_acts_of_its_paragraph(analyser):
    # News tells one occasion: another party's act told next, in the simple past, happened then
    # (another party's statement does not: see test_report_time).
    other = "Iraq condemned the drone strike on Thursday. Turkish jets struck PKK camps in northern Iraq."
    assert _dates(analyser, other)[1][1:] == ("2025-01-16", "context")


def test_no_context_date_for_perfects_background_or_an_undated_article(analyser):
    perfect = "Iraq condemned the drone strike on Thursday. Turkey has urged restraint by all sides."
    assert _dates(analyser, perfect)[-1][1:] == (None, "none")
    # The lead's occasion carries on through later paragraphs ...
    later = ("Iraq condemned the drone strike on Thursday.\n\nThe border was calm.\n\nTrade grew.\n\n"
             "Turkish jets struck PKK camps in northern Iraq.")
    assert _dates(analyser, later)[-1][1:] == ("2025-01-16", "context")
    # ... until the report turns to background: a paragraph dating an event long before it.
    background = ("Iraq condemned the drone strike on Thursday.\n\nIn 2019 Ankara signed a water deal with "
                  "Baghdad.\n\nTurkish jets struck PKK camps in northern Iraq.")
    assert _dates(analyser, background)[-1][1:] == (None, "none")
    undated = ("The Iraqi foreign ministry condemned the drone strike on Thursday. "
               "The ministry urged Tehran to stop unilateral military action.")
    assert [d for _, d, _ in _dates(analyser, undated, published=None)] == [None, None]


def test_the_ministry_refers_back_to_the_ministry_named_before(analyser):
    analysis, events, _ = code(analyser, "The Iraqi foreign ministry condemned the drone strike on Thursday. "
                                         "The ministry urged Tehran to stop unilateral military action.")
    request = [e for e in events if e.type == "REQUEST"][0]
    assert request.actors == events[0].actors and request.features["actors"][0]["method"] == "back-reference"


def test_an_unnamed_speaker_is_not_the_party_it_accuses(analyser):
    _, events, countries = code(analyser, "The government said Iran was behind the attack.")
    assert sides(events, countries) == ("ACCUSE", set(), {"IRN"})


def test_a_trip_home_is_no_visit(analyser):
    _, events, _ = code(analyser, "Safadi later flew back to Amman.")
    assert events == []
    _, events, countries = code(analyser, "The Iraqi minister flew to Tehran on Monday.")
    assert sides(events, countries) == ("CONSULT", {"IRQ"}, {"IRN"})


def test_a_meeting_where_someone_arrived_takes_the_arrivals_date(analyser):
    _, events, _ = code(analyser, "The Iraqi speaker travelled to Mashhad on Monday, where he met the governor "
                                  "of Khorasan Razavi province.", published="2025-02-26")
    assert [(e.type, e.date.value) for e in events if e.type == "CONSULT"][-1] == ("CONSULT", "2025-02-24")


@pytest.mark.parametrize("text, want", [
    # a ministry named by its state and its own capitalised name
    ("The Iraqi Electricity Ministry said gas flows had fallen. The ministry urged Iran to restore the supply.",
     ("REQUEST", {"IRQ"}, {"IRN"})),
    # rejecting an accusation answers whoever made it
    ("The United States accused Iraq's Oil Ministry of helping Iran evade sanctions. Iraq's Oil Ministry "
     "rejected the accusation.", ("REJECT", {"IRQ"}, {"USA"})),
    # a place before '-based' places the companies
    ("The US Treasury Department imposed sanctions on three Basra-based shipping companies.",
     ("SANCTION", {"USA"}, {"IRQ"})),
    # an attack on a place is aimed at the state it lies in
    ("Israeli jets bombed a village in southern Lebanon.", ("ASSAULT", {"ISR"}, {"LBN"})),
])
def test_back_references_accusers_and_places_as_targets(analyser, text, want):
    _, events, countries = code(analyser, text)
    e = events[-1]
    assert (e.type, {countries.get(a) for a in e.actors}, {countries.get(r) for r in e.recipients}) == want


def test_a_participle_modifier_is_no_event(analyser):
    _, events, _ = code(analyser, "Gas flows fell to a third of the agreed volumes.")
    assert events == []


def test_the_two_are_the_two_people_just_named(analyser):
    _, events, countries = code(analyser, "Iraqi Water Minister Aoun Diab Abdullah met Iranian Energy Minister "
                                          "Abbas Aliabadi in Tehran on Saturday. The two agreed to form a joint "
                                          "technical committee.")
    agree = [e for e in events if e.type == "AGREE"][0]
    assert {countries[a] for a in agree.actors} == {"IRQ", "IRN"}


def test_rejecting_an_accusation_carried_by_sanctions(analyser):
    text = ("The US Treasury Department imposed sanctions on three Basra-based shipping companies that it accused "
            "of passing off Iranian crude oil as Iraqi oil. Iraq's Oil Ministry rejected the accusation.")
    _, events, countries = code(analyser, text)
    reject = [e for e in events if e.type == "REJECT"][0]
    assert {countries[r] for r in reject.recipients} == {"USA"}


@pytest.mark.parametrize("text", [
    "After hitting the high notes, the singer Jane Roe told the audience she was thrilled.",
    "John Doe declined to say when the new model would be ready.",
    "Everyone called him Mike.",
])
def test_nobody_political_no_event(analyser, text):
    # Event data codes states, organisations and office-holders, not private people by name.
    _, events, _ = code(analyser, text)
    assert events == []


def test_an_office_holder_named_only_by_the_text_still_acts(analyser):
    _, events, _ = code(analyser, "Foreign Minister Jane Roe of Ruritania condemned the attack on the embassy.")
    assert [e.type for e in events] == ["ACCUSE"]


def test_a_respelled_single_name_needs_its_state_in_the_article(analyser):
    analysis, _, _ = code(analyser, "Rudolph and Garrett argued before Garrett hit Rudolph.")
    assert not [m for m in analysis.mentions if m.text == "Rudolph"]


def test_a_when_clause_gives_the_doer_time_and_place_of_a_passive(analyser):
    text = ("Three people were killed and five wounded when Iranian drones struck a village near Koya, "
            "east of Erbil, late on Wednesday.")
    analysis, events, countries = code(analyser, text, published="2025-01-16")
    (e,) = events
    assert (e.type, {countries[a] for a in e.actors}, {countries[r] for r in e.recipients}) == \
        ("ASSAULT", {"IRN"}, {"IRQ"})
    assert e.date.value == "2025-01-15" and e.location is not None and e.location.country == "IRQ"


def test_calling_on_an_organisation_is_no_phone_call(analyser):
    _, events, _ = code(analyser, "Iraqi protesters held banners calling on the UN to send investigators.")
    assert [e.type for e in events] == ["REQUEST"]


@pytest.mark.parametrize("text, etype, actor, recipients", [
    ("American troops were withdrawn from Iraq.", "RETREAT", "USA", {"IRQ"}),
    ("Turkish troops were deployed to the border with Syria.", "MOBILIZE", "TUR", set()),
])
def test_forces_moved_in_the_passive_belong_to_the_mover(analyser, text, etype, actor, recipients):
    _, events, countries = code(analyser, text)
    assert sides(events, countries) == (etype, {actor}, recipients)


@pytest.mark.parametrize("text, etype, cameo, actor, recipients", [
    ("Iran said it was ready to help Iraq rebuild its power grid.", "AGREE", "033", "IRN", {"IRQ"}),
    ("The Iraqi prime minister is expected to visit Tehran next month.", "AGREE", "036", "IRQ", {"IRN"}),
    ("The Iranian president is due to arrive in Baghdad on Wednesday.", "AGREE", "036", "IRN", {"IRQ"}),
    ("Iraq hopes Iran will release the water.", "REQUEST", "1053", "IRQ", {"IRN"}),
])
def test_help_schedules_and_hopes(analyser, text, etype, cameo, actor, recipients):
    _, events, countries = code(analyser, text)
    assert (events[0].cameo,) + sides(events, countries) == (cameo, etype, {actor}, recipients)


def test_exchanging_accusations_is_mutual_blame(analyser):
    _, events, countries = code(analyser, "Iran and Iraq exchanged accusations over the water crisis.")
    assert sides(events, countries) == ("ACCUSE", {"IRN", "IRQ"}, set())


def test_talks_under_a_future_visit_are_planned_too(analyser):
    _, events, _ = code(analyser, "Fidan will visit Baghdad next week for talks with Prime Minister "
                                  "Mohammed Shia al-Sudani.")
    assert events and all(e.type == "AGREE" and e.cameo == "036" for e in events)
    _, events, _ = code(analyser, "Fidan visited Baghdad on Monday for talks with Prime Minister "
                                  "Mohammed Shia al-Sudani.")
    assert {e.type for e in events} == {"CONSULT"}


def test_a_stated_intention_is_dated_by_its_statement(analyser):
    text = "Late on Sunday, the Iraqi government announced that its troops would leave the border villages."
    events = _dates(analyser, text)  # published on Friday 2025-01-17
    assert ("AGREE", "2025-01-12", "text") in events


def test_a_date_phrase_of_the_act_itself_wins_over_the_announcing(analyser):
    text = "On Thursday, Iraq announced it had expelled the Turkish ambassador on Monday."
    assert [d for t, d, _ in _dates(analyser, text) if t == "SANCTION"] == ["2025-01-13"]


@pytest.mark.parametrize("text, published, actor", [
    # In office, the Secretary-General's acts are the UN's, NATO's chief's are NATO's ...
    ("UN Secretary-General António Guterres condemned the shelling of the hospital in Kharkiv.", "2024-05-15",
     "org.un"),
    ("Mark Rutte urged Serbia to withdraw its troops from the border.", "2025-02-10", "org.nato"),
    # ... and out of it, their own: Rutte as Dutch prime minister.
    ("Mark Rutte urged Serbia to withdraw its troops from the border.", "2019-02-10", "per.mark-rutte"),
])
def test_an_official_of_an_intergovernmental_body_acts_for_the_body(analyser, text, published, actor):
    _, events, countries = code(analyser, text, published)
    (e,) = events
    assert e.actors == [actor]
    assert countries[actor] == (None if actor.startswith("org.") else "NLD")
