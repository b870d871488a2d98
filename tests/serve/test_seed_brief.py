"""Issue 7's figure on real input: the brief of the story that seeds 000 and 001 share has all
six parts, every claim cites a sentence that exists in the cited article, the quotes match the
exported quotes.jsonl, and the two reports' conflicting account of a visit is noted."""
from __future__ import annotations

import json

from communique.serve.brief import SECTIONS, build_brief
from communique.store import Store


def rows(out, name):
    return [json.loads(line) for line in (out / name).read_text(encoding="utf-8").splitlines()]


def test_brief_of_the_shared_seed_story(seeds_export):
    db, out = seeds_export
    articles = {a["id"]: a for a in rows(out, "articles.jsonl")}
    by_stem = {a["source"].rsplit("/", 1)[-1][:3]: a for a in articles.values()}
    story_id = by_stem["000"]["story_id"]
    assert story_id == by_stem["001"]["story_id"], "000 and 001 report one press conference"

    with Store(db) as store:
        brief = build_brief(store, story_id)
    assert brief.headline.text and brief.headline.citations
    assert tuple(brief.sections) == SECTIONS and all(brief.sections[s] for s in SECTIONS)

    for line in brief.lines():
        assert line.citations
        for c in line.citations:
            text = articles[c.article_id]["text"]
            assert text[c.start:c.end] == c.sentence and c.sentence in text
    for title in ("Why it matters", "The big picture"):
        for line in brief.sections[title]:
            assert line.text == line.citations[0].sentence  # extractive: the source's own sentence

    exported = {q["id"]: q for q in rows(out, "quotes.jsonl")}
    saying = brief.sections["What they're saying"]
    assert saying and all(exported[l.quote_id]["text"] == l.text for l in saying)
    assert all(exported[l.quote_id]["speaker_name"] == l.speaker for l in saying)

    cited_articles = {c.article_id for l in brief.disagreements for c in l.citations}
    assert any("who visited whom" in l.text for l in brief.disagreements)
    assert cited_articles == {by_stem["000"]["id"], by_stem["001"]["id"]}
