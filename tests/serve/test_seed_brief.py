"""Issue 7's figure on real input: the brief of the story that seeds 000 and 001 share has all
six parts, every claim cites a sentence that exists in the cited article and is attributed to its
outlet, the quotes match the exported quotes.jsonl, key points are whole sentences, and the two
reports' mentions of two different visits (months apart, different visitors) are not taken for
a disagreement about one."""
from __future__ import annotations

import json
import re

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
            assert line.speaker and line.speaker == line.citations[0].outlet  # and said to be the outlet's
            assert not line.speaker.endswith(".txt")
    for line in brief.sections["Key points"]:
        assert line.text == line.citations[0].sentence and line.text[:1].isupper() or line.text[:1] in "\"“-"
        assert not re.match(r"^[A-Z]+: ", line.text)  # no raw codes

    exported = {q["id"]: q for q in rows(out, "quotes.jsonl")}
    saying = brief.sections["What they're saying"]
    assert saying and all(exported[l.quote_id]["text"] == l.text for l in saying)
    assert all(exported[l.quote_id]["speaker_name"] == l.speaker for l in saying)

    assert not any("who visited whom" in l.text for l in brief.disagreements)
    assert "…" not in brief.headline.text  # the full headline
