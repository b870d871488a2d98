"""The spaCy pipeline: the pinned model's meta is checked, and line breaks end sentences the
way news text uses them."""
from __future__ import annotations

import pytest

from communique.analyse.nlp import ModelError, check_meta, load_nlp


def test_meta_check_refuses_another_model():
    nlp = load_nlp()
    check_meta(nlp.meta, "ok")
    with pytest.raises(ModelError):
        check_meta({**nlp.meta, "version": "3.7.1"}, "old")
    with pytest.raises(ModelError):
        check_meta({**nlp.meta, "pipeline": ["tok2vec", "ner"]}, "no parser")


def test_heading_lines_are_sentences_of_their_own():
    doc = load_nlp()("Key points\nThe ministers met in Basra on Monday.\nWhat they said:\n“We agreed,” he said.")
    assert [s.text.strip() for s in doc.sents][:2] == ["Key points", "The ministers met in Basra on Monday."]
    assert any(s.text.strip() == "What they said:" for s in doc.sents)


def test_hard_wrapped_prose_is_not_cut():
    doc = load_nlp()("The two ministers agreed\nto meet again next month in Erbil.")
    assert len(list(doc.sents)) == 1


def test_line_breaks_start_sentences_only_after_a_line_break():
    import spacy

    from communique.analyse.nlp import mark_line_breaks

    doc = spacy.blank("en")("Talks ended\n\nlater that day.\nNew talks\n  (in May) 4 more.  Next  one")
    mark_line_breaks(doc)
    starts = [t.text for t in doc if t.is_sent_start]
    # After a blank line anything starts one; after one line break, a capital, digit or bracket.
    assert starts == ["Talks", "later", "New", "("]


def test_doc_text_is_kept_with_the_doc():
    from communique.analyse.nlp import doc_text

    doc = load_nlp().make_doc("The envoys met in Doha.")
    assert doc_text(doc) == "The envoys met in Doha." and doc_text(doc) is doc_text(doc)


def test_long_text_is_cut_into_pieces_that_join_back():
    from communique.analyse import pieces

    paragraph = "The two delegations met in Geneva on Tuesday and agreed to talk again. " * 5
    text = "\n\n".join(paragraph.strip() for _ in range(40))
    parts = pieces(text, limit=2_000)
    assert "".join(parts) == text and len(parts) > 5
    assert all(len(p) <= 2_002 for p in parts)
    # Each cut falls after a blank line, so every later piece starts a paragraph.
    assert all(p.startswith("The two") and text[len("".join(parts[:i])) - 2:][:2] == "\n\n"
               for i, p in enumerate(parts) if i)
    assert pieces("word " * 10, limit=1_000) == ["word " * 10]
    assert "".join(pieces("x" * 5_000, limit=1_000)) == "x" * 5_000  # no space at all: hard cuts


def test_long_text_is_analysed_in_article_offsets():
    from communique.analyse import Analyser
    from communique.models import Article

    para = ("Iran's foreign minister met the prime minister of Iraq in Baghdad on Monday. "
            "“We will talk again,” the minister said.")
    text = "\n\n".join(f"{para} Meeting {i}." for i in range(200))  # well over one piece
    analyser = Analyser()
    whole = analyser.analyse([Article(id="long", source="t", text=text, published="2024-03-04")])[0]
    assert len(whole.sentences) >= 600
    assert all(text[s:e].strip() for s, e in whole.sentences)
    assert whole.sentences == sorted(whole.sentences) and whole.sentences[-1][1] <= len(text)
    for q in whole.quotes:
        assert text[q.start:q.end].strip(" “”\"") in q.text or q.text in text
    assert whole.mentions and all(text[m.start:m.end] == m.text for m in whole.mentions)
