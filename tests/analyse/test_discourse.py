"""The discourse layer: referents and attributions, on sentences written for these tests.

The layer runs after the actors component (as in production) with the packaged knowledge base."""
from __future__ import annotations

import pytest

from communique.analyse import Analyser, resolve_components
from communique.analyse.discourse import Attribution, Discourse
from communique.models import Article


@pytest.fixture(scope="module")
def analyser():
    return Analyser(components=("discourse",))


def read(analyser, text: str, published: str | None = "2025-03-01") -> tuple[Discourse, object]:
    """The Discourse of one article, and its doc (run through the component, as events will)."""
    from communique.analyse import REGISTRY, DocContext
    from communique.models import Analysis

    article = Article(id="d1", source="test", text=text, published=published)
    doc = analyser.nlp(text)
    ctx = DocContext(article=article, doc=doc, kb=analyser.kb, analysis=Analysis(article_id="d1"))
    for name in analyser.components:
        REGISTRY[name](ctx)
    return ctx.scratch["discourse"], doc


def tok(doc, word: str, nth: int = 0):
    found = [t for t in doc if t.text == word]
    assert len(found) > nth, f"no {word!r} #{nth}"
    return found[nth]


def content(doc, a: Attribution) -> str:
    return doc[a.start:a.end].text


def test_quotes_and_events_come_after_the_discourse_layer(analyser):
    order = resolve_components(["quotes"])
    assert order.index("actors") < order.index("discourse") < order.index("quotes")


def test_direct_quote_attribution(analyser):
    disc, doc = read(analyser, 'Iranian Foreign Minister Abbas Araghchi arrived in Doha. '
                               '"Our doors are open to every neighbour," Araghchi said.')
    (a,) = [a for a in disc.attributions if a.direct]
    assert a.speaker_ids == ["per.abbas-araghchi"] and a.kind == "say" and a.direct
    assert doc[a.cue].text == "said"
    assert content(doc, a).startswith("Our doors are open") and "said" not in content(doc, a)
    assert disc.attribution_of(tok(doc, "doors")) is a
    assert disc.attribution_of(tok(doc, "Doha")) is None
    # "our" inside the quote is the state the minister speaks for; "Araghchi" is himself
    assert disc.referent(tok(doc, "Our")) == ["IRN"]
    assert disc.referent(tok(doc, "Araghchi", 1)) == ["per.abbas-araghchi"]


def test_claims_denials_and_sources(analyser):
    text = ("Iraqi officials claimed that Turkish drones struck two farms near Zakho. "
            "The Turkish defence ministry denied that its drones had flown over Iraq. "
            "According to the Iraqi foreign minister, the envoy will be summoned on Monday. "
            "The news agency reported that the farms were empty.")
    disc, doc = read(analyser, text)
    kinds = {content(doc, a).split()[0]: a for a in disc.attributions}
    claim = disc.attribution_of(tok(doc, "struck"))
    assert claim is not None and claim.kind == "claim" and doc[claim.cue].lemma_ == "claim"
    assert "IRQ" in claim.speaker_ids or claim.speaker_name  # Iraqi officials speak for Iraq, never Turkey
    assert "TUR" not in claim.speaker_ids
    deny = disc.attribution_of(tok(doc, "flown"))
    assert deny is not None and deny.kind == "deny"
    source = disc.attribution_of(tok(doc, "summoned"))
    assert source is not None and source.kind == "according_to" and doc[source.cue].text == "According"
    assert source.speaker_ids == ["per.fuad-hussein"]  # the office holder on the article's date
    report = disc.attribution_of(tok(doc, "empty"))
    assert report is not None and report.kind == "report"
    assert kinds  # every attribution has a non-empty content range


def test_pronouns_and_anaphora_resolve_to_actors(analyser):
    text = ("Iranian Foreign Minister Abbas Araghchi met his Iraqi counterpart Fuad Hussein in Baghdad. "
            "He praised the new rail link. "
            "The two ministers agreed to meet again, and both countries will open a new crossing.")
    disc, doc = read(analyser, text)
    assert disc.referent(tok(doc, "He")) == ["per.abbas-araghchi"]
    assert sorted(disc.referent(tok(doc, "ministers"))) == ["per.abbas-araghchi", "per.fuad-hussein"]
    assert sorted(disc.referent(tok(doc, "countries"))) == ["IRN", "IRQ"]
    assert disc.referent(tok(doc, "rail")) == []


def test_an_unknown_source_is_no_speaker(analyser):
    disc, doc = read(analyser, "It was said that the bridge would reopen. The bridge is old.")
    assert disc.attributions == []
    assert disc.attribution_of(tok(doc, "reopen")) is None


def test_the_persons_part_of_a_speakers_name():
    from communique.analyse.discourse_names import person_part

    assert person_part("Amnesty International Jo Lee") == "Jo Lee"
    assert person_part("Senator Jo Lee") == "Jo Lee"
    assert person_part("Commission on Rivers and Lakes (CRL") == "Commission on Rivers and Lakes (CRL"


def test_the_minister_and_the_ministry_point_back(analyser):
    text = ("Iraqi Foreign Minister Fuad Hussein arrived in Ankara on Monday. "
            "The minister met the Turkish Energy Ministry's delegation. "
            "The ministry said it would send engineers.")
    disc, doc = read(analyser, text)
    assert disc.referent(tok(doc, "minister")) == ["per.fuad-hussein"]
    assert disc.referent(tok(doc, "ministry")) == ["TUR"]  # an arm of Turkey, for events
    said = next(a for a in disc.attributions if "engineers" in a.text)
    assert said.country == "TUR" and doc[said.cue].text == "said"
