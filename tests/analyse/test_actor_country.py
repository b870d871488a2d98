"""The state of a speaker the knowledge base does not know, read from the report
(analyse/actor_country.py), on sentences written for these tests. The people are invented."""
from __future__ import annotations

import pytest

from communique.analyse import Analyser
from communique.models import Article


@pytest.fixture(scope="module")
def analyser():
    return Analyser(components=("quotes",))


def speaker_country(analyser, text: str, published: str = "2020-03-01") -> tuple[str | None, str | None]:
    """(speaker name, speaker's country) of the last direct quote of ``text``."""
    a = analyser.analyse([Article(id="art1", source="test", text=text, published=published)])[0]
    q = [q for q in a.quotes if q.direct][-1]
    actor = next((x for x in a.actors if x.id == q.speaker_id), None)
    return q.speaker_name, actor.country if actor is not None else None


@pytest.mark.parametrize("text, name, country", [
    # descriptions already read: the title, an apposition, an earlier naming
    ('Marta Oliveira, a Brazilian lawmaker, said, "The fires must stop now."', "Marta Oliveira", "BRA"),
    ('Kenyan lawmaker Peter Mwangi criticised the bill on Tuesday. Later Mwangi said, "It is a bad law."',
     "Peter Mwangi", "KEN"),
    ('Nikos Papas, Greece\'s ambassador to Turkey, said, "The talks were useful."', "Nikos Papas", "GRC"),
    # a phrase hung on the name: "of", "from", "with"
    ('Omar Haddad of the Syrian Democratic Forces said, "We were not told in advance."', "Omar Haddad", "SYR"),
    ('Sara Lindqvist, from Gothenburg, said, "The water came in the night."', "Sara Lindqvist", "SWE"),
    # a town the parser takes for an organisation
    ('Jean Dupont, the mayor of Lyon, said, "The roads are closed."', "Jean Dupont", "FRA"),
    ('The mayor of Lyon, Jean Dupont, said, "The roads are closed."', "Jean Dupont", "FRA"),
    # a relative clause saying where the person works
    ('Peter Mwangi, who heads the Kenyan Red Cross, said, "We need more tents."', "Peter Mwangi", "KEN"),
    ('Peter Mwangi, who speaks for Kenya\'s police, said, "They will be charged."', "Peter Mwangi", "KEN"),
    # an organisation the knowledge base lacks gives the state its own name gives
    ('Sara Lindqvist, director of the Swedish Forest Agency, said, "We sent two planes."', "Sara Lindqvist", "SWE"),
])
def test_the_report_gives_the_speakers_state(analyser, text, name, country):
    assert speaker_country(analyser, text) == (name, country)
    a = analyser.analyse([Article(id="art1", source="test", text=text, published="2020-03-01")])[0]
    assert not next(x for x in a.actors if x.name == name).country_guessed  # the words say it


def test_an_official_of_an_international_body_or_of_an_unknown_organisation_gets_no_state(analyser):
    assert speaker_country(analyser, 'UN envoy Jonas Berg said, "The ceasefire holds."') == ("Jonas Berg", None)
    # An organisation whose name names no state: its state is not known, so neither is hers.
    text = ("Nigeria and Ghana signed the deal in Abuja. Nigeria hosted it. Nigeria paid. "
            'West African Savings Bank president Ama Owusu said, "Trade will double in five years."')
    assert speaker_country(analyser, text) == ("Ama Owusu", None)


def test_a_relative_clause_about_someone_else_says_nothing(analyser):
    # Meeting a Kenyan official does not make him Kenyan.
    text = 'Lars Holm, who met the Kenyan delegation, said, "The talks were long."'
    assert speaker_country(analyser, text) == ("Lars Holm", None)


def test_a_person_who_speaks_as_we_right_after_a_bodys_statement_speaks_for_it(analyser):
    body = ('The Taliban rejected the proposal and said it was "an insult to the nation". ')
    assert speaker_country(analyser, body + 'Abdul Rahim Noori said, "We will not send anyone to the talks."') \
        == ("Abdul Rahim Noori", "AFG")
    # Not without "we", and not across a paragraph break.
    assert speaker_country(analyser, body + 'Abdul Rahim Noori said, "The talks will fail."')[1] is None
    assert speaker_country(analyser, body + '\n\nAbdul Rahim Noori said, "We will not send anyone."')[1] is None
