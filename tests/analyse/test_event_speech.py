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

def sides(analyser, text, kind, published="2025-05-20"):
    """The states on each side of the first event of ``kind`` coded from ``text`` (None: none coded)."""
    events, countries = events_of(analyser, text, published)
    found = [e for e in events if e.type == kind]
    if not found:
        return None
    return ({countries.get(a, a) for a in found[0].actors}, {countries.get(r, r) for r in found[0].recipients})



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


@pytest.mark.parametrize("text, target", [
    ('The Greek prime minister called the Turkish-Libyan maritime accord "null and void".', "LBY"),
    ("The Iraqi foreign minister called the Turkish strikes a crime.", "TUR"),
    ("The Egyptian president described the Ethiopian dam plan as reckless.", "ETH"),
])
def test_labelling_an_act_with_blame_accuses_its_author(analyser, text, target):
    events, countries = events_of(analyser, text)
    blame = [e for e in events if e.type == "ACCUSE"]
    assert blame and target in {countries.get(r, r) for r in blame[0].recipients}
    assert not any(e.type == "CONSULT" for e in events)  # "called" here phones no one


def test_a_call_with_no_label_is_still_a_phone_call(analyser):
    events, _ = events_of(analyser, "The Iranian president called the Iraqi prime minister on Tuesday.")
    assert [e.type for e in events] == ["CONSULT"]


@pytest.mark.parametrize("text", [
    "The Kuwaiti emir is an outspoken critic of the Iranian government.",
    "The Kuwaiti emir had frequent disagreements with the Iranian government.",
    "The Kuwaiti emir said he disagreed with the Iranian government over the gas field.",
])
def test_criticism_told_as_a_trait_or_a_disagreement_is_an_accusation(analyser, text):
    assert sides(analyser, text, "ACCUSE") == ({"KWT"}, {"IRN"})


def test_attributing_an_attack_to_a_party_accuses_it(analyser):
    events, countries = events_of(analyser, "Pakistani officials attributed the bombing in Quetta to Afghan militants.")
    blame = [e for e in events if e.type == "ACCUSE"]
    assert blame and {countries.get(r, r) for r in blame[0].recipients} == {"AFG"}


def test_a_duty_laid_on_another_party_is_the_speakers_demand(analyser):
    assert sides(analyser, "Iraqi President Abdul Latif Rashid said the Turkish army should guard "
                           "the border camps.", "REQUEST") == ({"IRQ"}, {"TUR"})


def test_a_quoted_duty_goes_to_the_quotes_speaker(analyser):
    assert sides(analyser, 'Iraqi President Abdul Latif Rashid spoke in Erbil. "The Turks must '
                           'guard those camps themselves," he said.', "REQUEST") == ({"IRQ"}, {"TUR"})


@pytest.mark.parametrize("text, kind", [
    # one's own duty, a duty of no one and an unsaid duty are no demand
    ('Iraqi President Abdul Latif Rashid said, "We must guard those camps ourselves."', "REQUEST"),
    ("Iraqi President Abdul Latif Rashid said the matter should be settled calmly.", "REQUEST"),
    ("The Turkish army should guard the border camps.", "REQUEST"),
    # speaking to the press consults no one
    ("Iraqi President Abdul Latif Rashid spoke to reporters in Erbil.", "CONSULT"),
    ("The Iraqi president took questions while speaking to the press in Erbil.", "CONSULT"),
])
def test_no_event_of_this_kind(analyser, text, kind):
    events, _ = events_of(analyser, text)
    assert not any(e.type == kind for e in events)


def test_foreign_forces_are_not_of_the_state_the_story_is_in(analyser):
    events, countries = events_of(analyser, "The Iranian president said foreign navies should leave the Gulf.")
    demand = [e for e in events if e.type == "REQUEST"]
    assert demand and not demand[0].recipients


def test_a_call_for_action_is_a_demand_even_after_a_fronted_date(analyser):
    events, _ = events_of(analyser, "On Thursday, the Iraqi prime minister called for NATO action against smugglers.")
    assert events and events[0].type == "REQUEST"


def test_arrests_with_only_the_victims_state_in_view_are_that_states_own(analyser):
    events, countries = events_of(analyser, "Protests went on in Hong Kong. More than 200 people have been arrested "
                                            "since the rallies began in June.")
    arrests = [e for e in events if e.type == "COERCE"]
    assert arrests and [countries.get(a, a) for a in arrests[0].actors] == ["HKG"]
    assert [countries.get(r, r) for r in arrests[0].recipients] == ["HKG"]


def test_quoted_words_that_do_what_they_say_are_dated_when_said(analyser):
    text = ("On Tuesday, Iraqi Prime Minister Mohammed Shia al-Sudani dismissed his trade minister.\n\n"
            '"I thank Ali very much for his service," al-Sudani wrote on Twitter.')
    events, _ = events_of(analyser, text, published="2024-03-07")
    thanks = [e for e in events if e.type == "SUPPORT"]
    assert thanks and thanks[0].date.value == "2024-03-05"


def test_a_nominal_event_in_a_phrase_takes_the_date_of_its_clause(analyser):
    events, _ = events_of(analyser, "The Turkish president unveiled the plan on Wednesday despite criticism by the "
                                    "Greek foreign minister.", published="2024-03-09")
    blame = [e for e in events if e.type == "ACCUSE"]
    assert blame and blame[0].date.value == "2024-03-06"


def test_a_statement_told_beside_the_main_act_is_its_own_event(analyser):
    events, countries = events_of(analyser, "The Iraqi foreign minister criticized the Turkish move, calling for "
                                            "talks with Ankara.")
    assert {e.type for e in events} >= {"ACCUSE", "REQUEST"}


def test_an_act_in_a_where_clause_is_its_own_event(analyser):
    events, countries = events_of(analyser, "The Greek prime minister met Egyptian President Abdel Fattah el-Sisi "
                                            "in Cairo, where he denounced the Turkish-Libyan accord.")
    assert {e.type for e in events} >= {"CONSULT", "ACCUSE"}


def test_refusing_to_give_in_is_a_rejection(analyser):
    events, _ = events_of(analyser, "Iraqi Prime Minister Mohammed Shia al-Sudani did not accede to the "
                                    "protesters' demands for an inquiry.")
    assert [e.type for e in events] == ["REJECT"] and not events[0].negated


@pytest.mark.parametrize("text, kind", [
    ("Qatar joined the coalition in 2015.", "COOPERATE"),
    ("Sweden joined NATO in 2024.", "COOPERATE"),
    ("Kenya announced it planned to join the East African trade bloc.", "AGREE"),
    ("The commissioner announced that Eritrea was to join the bloc.", "AGREE"),
])
def test_joining_a_body_is_cooperation_and_a_plan_to_join_an_agreement(analyser, text, kind):
    events, _ = events_of(analyser, text)
    assert [e.type for e in events] == [kind] and not events[0].hypothetical


@pytest.mark.parametrize("text", [
    "The Jordanian appeal was quickly seconded by the Egyptian foreign minister.",
    "The Italian minister sent a letter of support to Athens before the signing.",
])
def test_seconding_a_call_and_a_letter_of_support_are_support(analyser, text):
    events, _ = events_of(analyser, text)
    assert [e.type for e in events] == ["SUPPORT"]


def test_quoted_blame_is_the_speakers_criticism_of_whom_it_is_about(analyser):
    assert sides(analyser, 'The Iraqi foreign minister said, "The Turkish army is lying about '
                           'the strikes."', "ACCUSE") == ({"IRQ"}, {"TUR"})


def test_quoted_words_without_blame_criticise_no_one(analyser):
    events, _ = events_of(analyser, 'The Iraqi foreign minister said, "The Turkish army is leaving the border '
                                    'area."')
    assert not any(e.type == "ACCUSE" for e in events)


def test_a_passive_conjunct_is_done_to_the_shared_subject_by_the_statements_authors(analyser):
    text = "Because of its gas drilling, Cyprus is under Turkish pressure and was criticised in a joint " \
        "statement by Egypt and Greece on May 3."
    assert sides(analyser, text, "ACCUSE") == ({"EGY", "GRC"}, {"CYP"})


def test_a_relation_told_in_a_present_relative_clause_is_no_event(analyser):
    events, _ = events_of(analyser, "The convoy was stopped by a Kurdish militia which supports the PKK.")
    assert not any(e.type == "SUPPORT" for e in events)
    past, _ = events_of(analyser, "The convoy was stopped by the Iraqi army, which praised the Iranian envoy.")
    assert any(e.type == "SUPPORT" for e in past)


def test_a_conjoined_refusal_of_one_party_is_its_own_event(analyser):
    events, _ = events_of(analyser, "Iraqi Prime Minister Mohammed Shia al-Sudani agreed to raise teachers' pay "
                                    "but did not accede to the strikers' demands for a new pension law.")
    assert {e.type for e in events} >= {"AGREE", "REJECT"}


def test_call_for_with_a_for_to_clause_is_a_demand(analyser):
    events, _ = events_of(analyser, "The Iranian envoy called for the killers to face trial.")
    assert [e.type for e in events] == ["REQUEST"]


@pytest.mark.parametrize("text, kind", [
    ("Iran released two British sailors on Friday.", "RETREAT"),
    ("The Iraqi ministry released the new customs rules on Friday.", None),
    ("The Saudi crown prince accepted responsibility for the killing.", "CONCEDE"),
])
def test_releasing_is_of_captives_and_accepting_blame_concedes(analyser, text, kind):
    events, _ = events_of(analyser, text)
    assert [e.type for e in events] == ([kind] if kind else [])


def test_a_person_named_may_is_no_month_and_a_proposed_deal_no_signing(analyser):
    events, _ = events_of(analyser, 'Labour deputy leader Tom Watson called Prime Minister Theresa May\'s proposed '
                                    'deal "lousy" on Saturday.', published="2019-03-28")
    assert [e.type for e in events] == ["ACCUSE"]
    assert events[0].date.value == "2019-03-23"
    assert events[0].recipients == ["per.theresa-may"]  # the small clause's subject is the one labelled
    mentions, _ = events_of(analyser, "Iran and Iraq signed the water deal in May.", published="2019-08-28")
    assert mentions and mentions[0].date.value == "2019-05-01"


def test_a_where_clause_about_others_is_background_not_a_second_act(analyser):
    events, _ = events_of(analyser, "Serbia lifted a night curfew in the town where 28 people have been killed "
                                    "in riots.")
    assert [e.type for e in events] == ["RETREAT"]


def test_a_leader_in_office_is_named_by_surname_alone(analyser):
    events, countries = events_of(analyser, "Erdogan praised the Iraqi prime minister for the pipeline deal.",
                                  published="2023-06-01")
    assert events and "TUR" in {countries.get(a, a) for a in events[0].actors}


def test_a_protest_at_home_with_no_one_named_is_aimed_at_that_state(analyser):
    events, countries = events_of(analyser, "Thousands of Serbians protested in Belgrade on Friday.")
    protest = [e for e in events if e.type == "PROTEST"]
    assert protest and [countries.get(r, r) for r in protest[0].recipients] == ["SRB"]
    abroad, countries = events_of(analyser, "Thousands of Serbians protested outside the Croatian embassy in Zagreb.")
    assert all("SRB" not in [countries.get(r, r) for r in e.recipients] for e in abroad)


def test_an_unresolved_pronoun_subject_is_not_replaced_by_the_first_name_in_the_sentence(analyser):
    events, countries = events_of(analyser, "American Airlines and Delta are among the carriers affected, as they "
                                            "both offer flights to Iranian cities.")
    assert not any("USA" in {countries.get(a, a) for a in e.actors} for e in events)


@pytest.mark.parametrize("text, kind", [
    ("The defendant pleaded guilty to fraud at the district court.", None),
    ("Iraq pleaded with Turkey for more water from the Tigris.", "REQUEST"),
    ("The Iraqi interior minister admitted mistakes in the handling of the protests.", "CONCEDE"),
    ("Before joining the Senate, the governor served in the House.", None),
])
def test_pleading_and_admitting_and_joining_a_chamber(analyser, text, kind):
    events, _ = events_of(analyser, text)
    assert [e.type for e in events] == ([kind] if kind else [])


def test_a_private_persons_quoted_indignation_is_no_political_event(analyser):
    events, _ = events_of(analyser, 'A teacher from Basra, Ali Jabbar, said, "The Turkish army is lying about '
                                    'the strikes."')
    assert not any(e.type == "ACCUSE" for e in events)
    official, _ = events_of(analyser, 'The Iraqi foreign minister said, "The Turkish army is lying about the '
                                      'strikes."')
    assert any(e.type == "ACCUSE" for e in official)


def test_who_reports_an_accord_did_not_sign_it(analyser):
    events, countries = events_of(analyser, 'The Greek prime minister noted "the accord signed between Turkey and '
                                            'Libya is void".')
    signing = [e for e in events if e.cameo == "057"]
    assert all("GRC" not in {countries.get(a, a) for a in e.actors} for e in signing)


def test_an_offer_of_a_thing_is_an_act_a_plan_alone_is_not(analyser):
    offered, _ = events_of(analyser, "The Iraqi minister said compensation was offered to the families.")
    assert [e.type for e in offered] == ["AGREE"]
    planned, _ = events_of(analyser, "Turkey planned the operation for months.")
    assert not planned


def test_a_meeting_set_to_open_is_a_plan_dated_when_it_opens(analyser):
    events, _ = events_of(analyser, "The annual summit of the Arab League is set to open tomorrow in Cairo.",
                          published="2024-03-06")
    assert [e.type for e in events] == ["AGREE"] and events[0].cameo == "036"
    assert events[0].date.value == "2024-03-07"


def test_a_map_legend_line_is_no_event(analyser):
    events, _ = events_of(analyser, "The army moved on Monday.\n\n██ Kurdish militias & Turkish occupation\n\n"
                                    "The talks failed.")
    assert not any(e.type == "COERCE" for e in events)


def test_only_a_first_line_that_opens_with_a_word_is_a_headline():
    from communique.analyse.event_rules import _headline

    assert _headline("") and _headline("  ") and _headline('"')
    assert not _headline("██\u00a0")  # a map legend's swatch
    assert not _headline("Monday, May 3, 2021\n\n")  # a date line above it


def test_a_verbless_headline_still_codes(analyser):
    events, _ = events_of(analyser, "Turkish occupation of the north\n\nLate on Sunday, the Turkish president "
                                    "said he would leave.")
    assert any(e.type == "COERCE" for e in events)
