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
