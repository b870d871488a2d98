"""Quotes: marks, attribution and reported speech, on sentences written for these tests.

Most tests run the `quotes` component alone (with the packaged knowledge base), so they test
this component's own rules; the seed test at the end runs the whole pipeline and the
independent scorer."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest

from communique.analyse import Analyser, component
from communique.analyse.quote_marks import find_quotes
from communique.analyse.quotes import is_scare, quote_id
from communique.models import Article, Event, Span


# ----------------------------------------------------------------------------- marks

def texts(text: str) -> list[str]:
    return [q.text(text) for q in find_quotes(text)]


def test_straight_and_curly_marks():
    t = 'Karimi said, "Trade will grow this year." Later he added: “Prices will fall.”'
    assert texts(t) == ["Trade will grow this year.", "Prices will fall."]


def test_mixed_marks_in_one_quote():
    t = '“We will open the crossing in May. Trucks will pass day and night," the governor said.'
    assert texts(t) == ["We will open the crossing in May. Trucks will pass day and night"]


def test_apostrophes_do_not_break_a_quote():
    t = "He said the two states “condemn the occupiers' crimes and reject Israel’s claims.” Then he left."
    assert texts(t) == ["condemn the occupiers' crimes and reject Israel’s claims."]
    assert texts("Iran's and Iraq's ministers met at the farmers' market.") == []


def test_quote_across_paragraphs():
    t = "The minister said:\n\n“The first paragraph ends here.\n\n“The second paragraph closes it.”\n\nNext."
    (q,) = find_quotes(t)
    assert q.continued
    assert q.text(t) == "The first paragraph ends here. The second paragraph closes it."


def test_quote_interrupted_by_its_attribution_is_one_quote():
    t = '"We will rebuild the bridge," said Karimi, "and we will do it before the floods."'
    (q,) = find_quotes(t)
    assert q.text(t) == "We will rebuild the bridge, and we will do it before the floods."
    assert len(q.parts) == 2


def test_two_sentences_with_attribution_between_stay_two_quotes():
    t = '"The bridge is finished." Karimi smiled. "Now the road."'
    assert texts(t) == ["The bridge is finished.", "Now the road."]


def test_inch_marks_and_lone_marks_are_not_quotes():
    assert texts('They laid a 12" pipe under the road and a 6" cable beside it.') == []


def test_single_marks_only_where_no_apostrophe_can_explain_them():
    assert texts("Headline: Minister says ‘we will respond firmly’ to the attack") == ["we will respond firmly"]
    assert texts("The ministers' talks and Iran’s offer came after the parties' meeting.") == []


def test_a_quote_inside_a_quote_stays_inside():
    t = '"They call it a "red line" but they cross it daily," she said.'
    assert texts(t) == ['They call it a "red line" but they cross it daily']


# ----------------------------------------------------------------------------- component

@pytest.fixture(scope="module")
def analyser():
    return Analyser(components=("quotes",))


def analyse(analyser, text: str, published: str | None = "2025-03-01"):
    article = Article(id="art1", source="test", text=text, published=published)
    return analyser.analyse([article])[0]


def by_text(analysis, start: str):
    found = [q for q in analysis.quotes if q.text.startswith(start)]
    assert found, f"no quote starts with {start!r}: {[q.text for q in analysis.quotes]}"
    return found[0]


def test_scare_quotes_are_marked(analyser):
    a = analyse(analyser, 'Reza Karimi described the ties as "very deep" and called the plan "foolish". '
                          'He said the border should close "as soon as possible".')
    assert all(q.scare for q in a.quotes if q.direct)
    assert {q.text for q in a.quotes if q.direct} == {"very deep", "foolish", "as soon as possible"}
    assert not is_scare("We will never accept this.")


def test_attribution_after_the_quote_names_the_surname_in_full(analyser):
    a = analyse(analyser, 'Water Minister Reza Karimi visited the dam on Sunday. '
                          '"The reservoir is full and the farmers will have water all summer," Karimi added.')
    q = by_text(a, "The reservoir is full")
    assert q.direct and q.speaker_name == "Reza Karimi" and q.speaker_method == "subject"


def test_inverted_attribution(analyser):
    a = analyse(analyser, '"The talks were useful and the next round will be in Ankara," said Selim Kaya.')
    assert by_text(a, "The talks were useful").speaker_name == "Selim Kaya"


def test_pronoun_follows_the_last_named_subject(analyser):
    a = analyse(analyser, "Reza Karimi met the Turkish envoy Selim Kaya in the morning. Karimi praised the "
                          "envoy's efforts.\n\n\"The water agreement will be signed next month,\" he said.")
    q = by_text(a, "The water agreement")
    assert q.speaker_name == "Reza Karimi" and q.speaker_method == "pronoun"


def test_speech_verb_before_the_quote(analyser):
    a = analyse(analyser, 'Selim Kaya arrived in Baku. He remarked, "Our pipeline is the backbone of the region." '
                          'Kaya told reporters: "We expect the first gas in June."')
    assert by_text(a, "Our pipeline").speaker_name == "Selim Kaya"
    assert by_text(a, "We expect the first gas").speaker_name == "Selim Kaya"


def test_role_phrase_resolves_through_the_titles_the_article_gave(analyser):
    text = ("Turkish Energy Minister Selim Kaya received his Azerbaijani counterpart, Rauf Aliyev, in Ankara. "
            "The Azerbaijani energy minister said the pipeline would open in June. "
            '"We have waited long enough for this line," the Azerbaijani minister said.')
    a = analyse(analyser, text)
    reported = by_text(a, "the pipeline would open in June")
    assert not reported.direct and reported.speaker_name == "Rauf Aliyev"
    # Through the title the article gave him, or through the actors component's mention of it.
    assert reported.speaker_method in ("role", "anaphor")
    assert by_text(a, "We have waited long enough").speaker_name == "Rauf Aliyev"


def test_role_phrase_without_a_name_uses_the_office_holders(analyser):
    a = analyse(analyser, "The Iraqi foreign minister said the border crossings would reopen after the holiday.")
    q = by_text(a, "the border crossings would reopen")
    assert q.speaker_id == "per.fuad-hussein" and q.speaker_name == "Fuad Hussein"
    assert any(actor.id == "per.fuad-hussein" for actor in a.actors)  # saved with the analysis


def test_speaker_label_lines_above_a_quote_list(analyser):
    text = ("Key points:\n"
            "Prime Minister Dana Holt:\n"
            "“We will not raise taxes this year.”\n"
            "“Our hospitals come first, and our schools come next.”\n"
            "She also praised the police.\n"
            "Opposition leader Sam Reyes:\n"
            "“The budget hides a deficit of four billion.”\n"
            "Key points:\n"
            "“Water is life, and life is not for sale.”\n")
    a = analyse(analyser, text)
    assert by_text(a, "Water is life").speaker_name is None  # a heading names nobody
    assert by_text(a, "We will not raise taxes").speaker_name == "Dana Holt"
    assert by_text(a, "Our hospitals come first").speaker_method == "label"
    assert by_text(a, "Our hospitals come first").speaker_name == "Dana Holt"
    assert by_text(a, "The budget hides").speaker_name == "Sam Reyes"


def test_joint_speakers(analyser):
    text = ("Turkish Energy Minister Selim Kaya met Azerbaijani Energy Minister Rauf Aliyev in Baku. "
            "Kaya and Aliyev stated that the two countries had agreed on a gas price. "
            "Both sides emphasized that the pipeline must be finished by 2027.")
    a = analyse(analyser, text)
    stated = by_text(a, "the two countries had agreed")
    both = by_text(a, "the pipeline must be finished")
    for q in (stated, both):
        assert not q.direct and q.speaker_id is None
        assert "Selim Kaya" in q.speaker_name and "Rauf Aliyev" in q.speaker_name
    assert both.speaker_method == "joint"


def test_reported_speech_forms(analyser):
    text = ("Reza Karimi stated that the dam would be repaired by May. "
            "Selim Kaya said the two countries would share the cost. "
            "According to the Turkish embassy, the engineers will arrive on Monday. "
            "Karimi did not say that the repairs were late.")
    a = analyse(analyser, text)
    assert by_text(a, "the dam would be repaired by May").speaker_name == "Reza Karimi"
    assert by_text(a, "the two countries would share the cost").speaker_name == "Selim Kaya"
    embassy = by_text(a, "the engineers will arrive on Monday")
    assert "embassy" in embassy.speaker_name.lower() and embassy.speaker_method == "according"
    assert not any(q.text.startswith("the repairs were late") for q in a.quotes)
    assert not any(q.direct for q in a.quotes)


def test_participial_speech_verb_keeps_the_main_speaker(analyser):
    a = analyse(analyser, "Reza Karimi said the talks had gone well, stressing that the deal was final.")
    assert by_text(a, "the talks had gone well").text == "the talks had gone well"
    assert by_text(a, "the deal was final").speaker_name == "Reza Karimi"


def test_that_clause_inside_a_direct_quote_is_not_reported_speech(analyser):
    a = analyse(analyser, '"We emphasize that trade will double within five years," Reza Karimi said.')
    assert [(q.direct, q.text[:12]) for q in a.quotes] == [(True, "We emphasize")]


def test_statement_words_belong_to_who_the_statement_quotes(analyser):
    text = ("The Iraqi foreign ministry said the talks lasted two hours. Fuad Hussein told his Turkish counterpart "
            'that Iraq wanted a Syria "that is stable, united and free of foreign interference," the statement said.')
    a = analyse(analyser, text)
    assert by_text(a, "that is stable").speaker_name == "Fuad Hussein"


def test_short_utterances_are_statements_not_scare_quotes(analyser):
    a = analyse(analyser, 'Reza Karimi met Selim Kaya. "Why now?" asked Kaya. "Because the river is low." '
                          'Karimi called the delay "a disgrace." Asked about the cost, he said: "Too high."')
    why = by_text(a, "Why now?")
    assert not why.scare and why.speaker_name == "Selim Kaya"
    # the answer has no attribution of its own: it continues the last speaker, not the next sentence's subject
    assert by_text(a, "Because the river is low.").speaker_name == "Selim Kaya"
    assert by_text(a, "a disgrace.").scare
    assert not by_text(a, "Too high.").scare


def test_names_in_apposition_groups_and_organisations(analyser):
    text = ('"We have no light at night," said one farmer, Ali Nouri, a father of four. '
            "Turkish officials said the grid would be repaired. "
            "The Turkish Energy Ministry announced that new tariffs start on Monday. "
            "The ministry said prices would rise. "
            "A news report said the plant was closed, according to a local paper.")
    a = analyse(analyser, text)
    assert by_text(a, "We have no light").speaker_name == "Ali Nouri"
    officials = by_text(a, "the grid would be repaired")
    assert officials.speaker_name == "Turkish officials" and officials.speaker_id is None
    first, again = by_text(a, "new tariffs start"), by_text(a, "prices would rise")
    assert again.speaker_method == "anaphor" and first.speaker_name  # "the ministry" = the one named before
    assert (again.speaker_name, again.speaker_id) == (first.speaker_name, first.speaker_id)
    # "a news report said" names no speaker (not the ministry last heard); "according to" does
    assert not any(q.text.startswith("the plant was closed") for q in a.quotes)
    assert by_text(a, "A news report said the plant").speaker_name == "a local paper"


def test_offsets_and_stable_ids(analyser):
    text = 'After the meeting, Reza Karimi said: "The canal will reopen on Friday." He left at noon.'
    first, second = analyse(analyser, text), analyse(analyser, text)
    assert [q.id for q in first.quotes] == [q.id for q in second.quotes]
    q = by_text(first, "The canal will reopen")
    assert text[q.start:q.end] == q.text and q.id == quote_id("art1", q.start) and q.article_id == "art1"


@component("test_quotes_fake_events")
def _fake_events(ctx) -> None:
    """An event coded from the sentence that mentions the railway, as the events component would."""
    for sent in ctx.doc.sents:
        if "railway" in sent.text:
            ctx.analysis.events.append(Event(id="ev-rail", type="AGREE", evidence=[
                Span(ctx.article.id, sent.start_char, sent.end_char, sent.text)]))


def test_quote_links_to_the_event_coded_from_its_sentence():
    analyser = Analyser(components=("test_quotes_fake_events", "quotes"))
    text = ('Reza Karimi met Selim Kaya. "The railway will be finished next year," Karimi said. '
            '"The port is another matter," he added.')
    a = analyser.analyse([Article(id="art2", source="t", text=text)])[0]
    assert by_text(a, "The railway will be finished").event_id == "ev-rail"
    assert by_text(a, "The port is another matter").event_id is None


def test_known_speakers_get_their_actor_id(analyser):
    a = analyse(analyser, 'Iranian Foreign Minister Abbas Araghchi met reporters. '
                          '"Our neighbours are our first priority," Araghchi said.')
    q = by_text(a, "Our neighbours are our first priority")
    assert q.speaker_id == "per.abbas-araghchi" and q.speaker_ids == ["per.abbas-araghchi"]
    assert any(actor.id == "per.abbas-araghchi" for actor in a.actors)


def test_text_without_quotes_gives_none(analyser):
    assert analyse(analyser, "The river rose after the rain. Farmers moved their sheep.").quotes == []


# ----------------------------------------------------------------------------- seeds, scored independently

def test_seed_quotes_with_the_independent_scorer(seeds_export, shared_dir):
    _, out = seeds_export
    run = subprocess.run([sys.executable, str(shared_dir / "eval" / "score.py"), "seeds", str(out)],
                         capture_output=True, text=True, check=True)
    figures = json.loads(run.stdout.strip().splitlines()[-1])
    found, total = map(int, figures["quotes_found"].split("/"))
    right, _ = map(int, figures["quote_speakers_right"].split("/"))
    assert found == total == 18, run.stdout
    assert right >= 17, run.stdout
    assert figures["spurious_direct_quotes"] == 0, run.stdout


def test_they_after_a_meeting_means_both_sides(analyser):
    text = ("Iranian Foreign Minister Abbas Araghchi met his Iraqi counterpart Fuad Hussein in Tehran. "
            "They said that cooperation on water would be expanded.")
    q = by_text(analyse(analyser, text), "cooperation on water")
    assert "Araghchi" in q.speaker_name and "Hussein" in q.speaker_name


def test_they_after_a_crowd_means_the_crowd(analyser):
    text = ("Iraqi and Iranian officials met in Baghdad on Monday. \"We agreed to open two new border "
            "crossings,\" they said.\n\nThe protesters gathered outside the Turkish embassy. "
            "\"Stop the bombing of our villages,\" they chanted.")
    analysis = analyse(analyser, text)
    assert "officials" in by_text(analysis, "We agreed").speaker_name
    assert by_text(analysis, "Stop the bombing").speaker_name == "protesters"


# ----------------------------------------------------------------------------- following the sentence and paragraph

def test_a_clause_that_introduces_a_quote_gives_its_subject(analyser):
    text = ('Iranian Foreign Minister Abbas Araghchi met reporters in Doha. "The talks were useful," he said. '
            'Iraqi Foreign Minister Fuad Hussein rejected the offer: "Our oil is not for sale at that price."')
    a = analyse(analyser, text)
    assert by_text(a, "Our oil is not for sale").speaker_id == "per.fuad-hussein"


def test_a_sentence_announcing_a_comment_beats_the_run_on_quote(analyser):
    text = ('Iranian Foreign Minister Abbas Araghchi arrived in Baghdad. "The road will open soon," Araghchi said. '
            'Iraqi Foreign Minister Fuad Hussein welcomed the plan on television. '
            '"Our farmers will finally reach the markets of the south."')
    a = analyse(analyser, text)
    assert by_text(a, "The road will open").speaker_id == "per.abbas-araghchi"
    assert by_text(a, "Our farmers will finally").speaker_id == "per.fuad-hussein"


def test_quotes_listed_together_share_their_speaker(analyser):
    text = ('Fuad Hussein described the plan as "a road that leads nowhere for our farmers" '
            'and "a gift to the smugglers who rule the border".')
    a = analyse(analyser, text)
    assert by_text(a, "a road that leads").speaker_id == "per.fuad-hussein"
    assert by_text(a, "a gift to the smugglers").speaker_id == "per.fuad-hussein"


def test_documents_speak_for_their_issuer(analyser):
    text = ("Turkish President Recep Tayyip Erdogan returned from Baku. "
            'According to a statement from Erdogan\'s office, "the talks will continue next week in Ankara." '
            'Students held a banner reading "we will not leave until the dam is stopped".')
    a = analyse(analyser, text)
    office = by_text(a, "the talks will continue")
    assert office.speaker_id == "per.recep-tayyip-erdogan" and "office" in office.speaker_name
    assert by_text(a, "we will not leave").speaker_name is None  # a banner with no issuer named


def test_an_apposition_names_a_quantified_subject(analyser):
    text = ("One of the two unions, the Dockworkers Federation, rejected the offer and said it had been "
            'promised "a fair share of the profits of the new port".')
    q = by_text(analyse(analyser, text), "a fair share of the profits")
    assert "Dockworkers Federation" in q.speaker_name


def test_the_name_in_apposition_to_an_office_of_a_place_speaks(analyser):
    text = 'The mayor of Lyon, Jean Dupont, said, "The roads will reopen on Monday."'
    assert by_text(analyse(analyser, text), "The roads will reopen").speaker_name == "Jean Dupont"


def test_no_guess_when_the_attribution_names_nobody(analyser):
    text = ('Reza Karimi visited the dam on Monday. It was reported, "the turbines are damaged beyond repair." '
            "\n\nThe dam at night. Image: A. Photographer.\n\nVisitors on the bridge. Image: B. Photographer.\n\n"
            '"No tolls for ten long years" sign at the entrance. Image: C. Photographer.')
    a = analyse(analyser, text)
    assert by_text(a, "the turbines are damaged").speaker_name is None
    assert by_text(a, "No tolls for ten").speaker_name is None  # a caption far from any named person


def test_she_follows_the_person_the_report_marks_as_a_woman(analyser):
    text = ("Tomas Brenner, a retired farmer, lost his barn in the flood. "
            "Officials later spoke with Lena Marsh, a ferry captain's wife, about the rescue. "
            'She told reporters she had seen the water rise, but "that nobody had warned the village".')
    q = by_text(analyse(analyser, text), "that nobody had warned")
    assert q.speaker_name == "Lena Marsh"


def test_a_speaker_unknown_to_the_knowledge_base_gets_a_text_actor_with_the_reports_country(analyser):
    text = ("Hungarian police cleared the square in Budapest. "
            '"We will come back every night," said a student using the name Orsolya. '
            "Hungary's government did not comment. Hungarian lawmakers met on Monday.")
    q = by_text(analyse(analyser, text), "We will come back")
    assert q.speaker_name == "Orsolya" and q.speaker_id
    actor = next(a for a in analyse(analyser, text).actors if a.id == q.speaker_id)
    assert actor.kind == "person" and actor.country == "HUN"
    assert actor.country_guessed  # the report's state, not words about her: a stored country stands


def test_a_person_the_report_says_is_dead_does_not_speak_now(analyser):
    text = ("The wrestler Dario Vance died on Sunday at the age of 61. Fans gathered outside the arena. "
            '"His matches filled stadiums for three decades, and he never missed a show."')
    q = by_text(analyse(analyser, text), "His matches filled stadiums")
    assert q.speaker_name is None


def test_marked_phrases_listed_together_share_their_speaker(analyser):
    text = 'Fuad Hussein dismissed the plan, calling it "deeply unfair" and "plainly unlawful".'
    a = analyse(analyser, text)
    assert by_text(a, "deeply unfair").speaker_id == "per.fuad-hussein"
    assert by_text(a, "plainly unlawful").speaker_id == "per.fuad-hussein"


def test_an_organisation_the_kb_lacks_speaks_as_a_text_actor_with_the_state_its_name_gives(analyser):
    text = ("Dock workers stopped work in three ports. The Chilean Dockworkers Federation released a statement "
            'which said, "The ports will stay closed until the wages are paid."')
    a = analyse(analyser, text)
    q = by_text(a, "The ports will stay closed")
    assert q.speaker_name == "Chilean Dockworkers Federation" and q.speaker_id
    actor = next(x for x in a.actors if x.id == q.speaker_id)
    assert actor.kind == "organization" and actor.country == "CHL" and actor.origin == "text"


def test_quoted_names_are_not_quotes(analyser):
    text = ('The Water Act, also known as the "Clean Rivers Law", was passed in May. '
            'Brexit is a portmanteau of "British exit". Fuad Hussein called the law "a good start".')
    a = analyse(analyser, text)
    assert [q.text for q in a.quotes if q.direct] == ["a good start"]


def test_a_relative_clause_saying_someone_died_keeps_them_from_speaking_now(analyser):
    text = ('Tara Lindell, who died last week, sang in the cathedral choir for forty years. '
            '"The choir will sing her favourite hymn on Sunday," Lindell said in a statement released today.')
    assert by_text(analyse(analyser, text), "The choir will sing").speaker_id is None


@pytest.mark.parametrize("text, published, speaks", [
    # the knowledge base has him dying on 3 January 2020: a later report's "said on Monday" is not his
    ('"Our resistance goes on," Qassem Soleimani said on Monday.', "2021-03-02", False),
    ('"Our resistance goes on," Qassem Soleimani said on Monday.', "2019-03-02", True),
    # words the report dates before the death stay his
    ('"Our resistance goes on," Qassem Soleimani said in a 2018 speech.', "2021-03-02", True),
    ('"Our resistance goes on," Qassem Soleimani once said.', "2021-03-02", True),
])
def test_a_speaker_the_knowledge_base_has_dying_before_the_report_does_not_speak_in_it(analyser, text, published,
                                                                                     speaks):
    q = by_text(analyse(analyser, text, published), "Our resistance goes on")
    assert (q.speaker_id == "per.qassem-soleimani") == speaks and (speaks or q.speaker_id is None)
