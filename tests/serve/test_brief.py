"""Briefs on a store built by hand: six parts, every citation a real span of its article,
quotes exactly as stored, disagreements noted with both sides cited, HTML escaped."""
from __future__ import annotations

import re

from communique.serve.brief import SECTIONS, build_brief
from communique.serve.brief_render import to_html, to_markdown
from handmade import build


def test_brief_has_all_parts_and_real_citations(store):
    arts = build(store)
    brief = build_brief(store, "s1")
    assert tuple(brief.sections) == SECTIONS
    assert brief.headline.text and brief.headline.citations
    for title, lines in brief.sections.items():
        assert lines, f"empty section {title}"
    for line in brief.lines():
        assert line.citations, line.text
        for c in line.citations:
            assert arts[c.article_id].text[c.start:c.end] == c.sentence
            assert c.sentence.strip() == c.sentence and c.sentence
    quote_lines = brief.sections["What they're saying"]
    stored = {q.id: q for q in store.quotes()}
    assert quote_lines and all(stored[l.quote_id].text == l.text for l in quote_lines)
    assert quote_lines[0].speaker == "Iranian minister"


def test_claim_lines_are_sentences_of_the_sources(store):
    arts = build(store)
    brief = build_brief(store, "s1")
    for title in ("Why it matters", "The big picture", "Key points"):
        for line in brief.sections[title]:
            assert line.text in arts[line.citations[0].article_id].text


def test_disagreements_cite_both_sources(store):
    build(store)
    brief = build_brief(store, "s1")
    kinds = " ".join(l.text for l in brief.disagreements)
    assert "who visited whom" in kinds
    assert "a figure" in kinds and "12" in kinds and "14" in kinds
    for line in brief.disagreements:
        assert {c.article_id for c in line.citations} == {"aaaa", "bbbb"}


def test_renderers_escape_and_cite(store):
    build(store)
    brief = build_brief(store, "s1")
    html = to_html(brief)
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;" in html
    md = to_markdown(brief)
    for title in SECTIONS:
        assert f"**{title}:**" in md
    assert re.search(r"\[\^1\]: ", md)
    assert "<script>" not in md and "&lt;script&gt;" in md  # raw HTML in Markdown would run


def test_unknown_story(store):
    import pytest

    with pytest.raises(KeyError):
        build_brief(store, "nope")


def test_framing_is_attributed_and_key_points_are_sentences(store):
    arts = build(store)
    brief = build_brief(store, "s1")
    md = to_markdown(brief)
    for line in brief.sections["Why it matters"] + brief.sections["The big picture"]:
        outlet = arts[line.citations[0].article_id].outlet
        # The Markdown makes the outlet's name inert (issue 16): its markup is escaped, not dropped.
        inert = outlet.replace("<", "&lt;").replace(">", "&gt;")
        assert line.speaker == outlet and f"{inert} writes: “{line.text}”" in md
    points = brief.sections["Key points"]
    assert points[0].event_id == "e1"
    assert points[0].text == "Iraq's foreign minister arrived in Tehran on Monday for talks with his Iranian counterpart."
    assert "CONSULT" not in md and "→" not in md
    deeper = [l.text for l in brief.sections["Go deeper"]]
    assert "Agency A: Iraq and Iran sign water memorandum (2024-05-06)" in deeper[0]
    assert not any(".txt" in t for t in deeper)
    assert brief.headline.text == "Iraq and Iran sign water memorandum"


def test_a_visit_told_differently_is_one_disagreement_but_two_visits_are_none(store):
    """The reversed visit is flagged (same telling apart from who went where); a sentence about a
    different visit, dated months earlier by its event, is not."""
    from communique.models import Event, EventDate, Span

    build(store)
    assert any("who visited whom" in l.text for l in build_brief(store, "s1").disagreements)
    b = store.article("bbbb")
    s = b.text.index("The memorandum on water")
    e = b.text.index(", the agency said")
    a = store.article("aaaa")
    sa = a.text.index("The two ministers signed")
    with store.transaction():
        store.upsert_event(Event(id="e-old", type="AGREE", actors=["IRN"], recipients=["IRQ"],
                                 date=EventDate("2023-01-01", "month", "text"), evidence=[Span("bbbb", s, e, b.text[s:e])]))
        store.upsert_event(Event(id="e-new", type="AGREE", actors=["IRQ"], recipients=["IRN"],
                                 date=EventDate("2024-05-06", "day", "text"),
                                 evidence=[Span("aaaa", sa, sa + 40, a.text[sa:sa + 40])]))
    assert not any("who visited whom" in l.text for l in build_brief(store, "s1").disagreements)
