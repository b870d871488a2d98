"""Reported speech from the parse: "X stated that …", "X said the two countries would …",
"…, stressing that …", "according to X, …".

A reported statement is the clausal complement of a speech verb. Only clauses outside direct
quotes count (a "that" inside quoted words is the speaker's own syntax), and a clause that
is itself a direct quote ("He said that “…”") is left to the direct quote.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from .nlp import doc_text
from .quote_words import BARE_CLAUSE_VERBS, DESCRIBING_VERBS, OBJECT_STATEMENT_VERBS, SPEECH_VERBS

TRAILING = {",", ";", ":", "-", "–", "—", "."}


@dataclass
class Reported:
    start: int  # character span of the reported content
    end: int
    text: str
    verb: object  # the speech verb token, or the "according" token
    source: object | None  # the token naming the speaker ("according to X": X)
    via_subject: bool  # True: the speaker is the verb's subject; False: "according to"


def _content(doc, first: int, last: int) -> tuple[int, int]:
    """Token range [first, last] trimmed of punctuation at its edges."""
    while last > first and (doc[last].text in TRAILING or doc[last].is_space):
        last -= 1
    while first < last and (doc[first].is_punct and doc[first].text not in "\"“‘'" or doc[first].is_space):
        first += 1
    return first, last


def _nested_speech_cut(verb, first: int, last: int) -> int:
    """Where a participial speech verb inside the clause begins (", stressing that …"): the
    outer statement ends there, the inner one is reported on its own."""
    for t in verb.doc[first:last + 1]:
        if t.i != verb.i and t.tag_ == "VBG" and t.lemma_.lower() in SPEECH_VERBS and \
                any(c.dep_ == "ccomp" for c in t.children):
            return t.left_edge.i - 1
    return last


def find_reported(doc, in_quote: Callable[[int], bool]) -> list[Reported]:
    text = doc_text(doc)
    out: list[Reported] = []
    for tok in doc:
        if in_quote(tok.idx):
            continue
        lemma = tok.lemma_.lower()
        if tok.lower_ == "according":
            r = _according(doc, tok, in_quote)
            if r:
                out.append(r)
            continue
        if lemma not in SPEECH_VERBS or lemma in DESCRIBING_VERBS or tok.pos_ not in ("VERB", "AUX"):
            continue
        if any(c.dep_ == "neg" for c in tok.children):
            continue  # "did not say that …" reports nothing said
        comps = [c for c in tok.children if c.dep_ == "ccomp" and c.i > tok.i]
        if not comps:
            r = _object_statement(doc, tok, lemma, in_quote)
            if r:
                out.append(r)
            continue
        # Two clauses hung side by side from one verb ("stated that A, and B") are one statement.
        comp = comps[0]
        marks = [m for m in comp.children if m.dep_ == "mark" and m.lower_ == "that" and m.i < comp.i]
        if not marks and lemma not in BARE_CLAUSE_VERBS:
            continue
        first = marks[0].i + 1 if marks else comp.left_edge.i
        last = _nested_speech_cut(tok, first, max(c.right_edge.i for c in comps))
        first, last = _content(doc, first, last)
        if last - first < 2:
            continue
        start, end = doc[first].idx, doc[last].idx + len(doc[last].text)
        if in_quote(start) or text[start] in "\"“‘":
            continue  # the statement is a direct quote: attributed there
        out.append(Reported(start, end, " ".join(text[start:end].split()), tok, None, True))
    return out


def _object_statement(doc, tok, lemma: str, in_quote) -> Reported | None:
    """"stressed the need to complete the railway": the object is what was stressed, when it
    says something (a clause or a phrase of some length, not "stressed the point")."""
    if lemma not in OBJECT_STATEMENT_VERBS and not (lemma == "call" and any(c.lower_ == "for" for c in tok.children)):
        return None
    if lemma == "call":
        prep = next(c for c in tok.children if c.lower_ == "for")
        obj = next((c for c in prep.children if c.dep_ == "pobj"), None)
    else:
        obj = next((c for c in tok.children if c.dep_ == "dobj" and c.i > tok.i), None)
    if obj is None:
        return None
    first, last = _content(doc, obj.left_edge.i, obj.right_edge.i)
    if last - first < 3:
        return None
    start, end = doc[first].idx, doc[last].idx + len(doc[last].text)
    if in_quote(start) or doc_text(doc)[start] in "\"“‘":
        return None
    return Reported(start, end, " ".join(doc_text(doc)[start:end].split()), tok, None, True)


def _according(doc, tok, in_quote) -> Reported | None:
    """"according to X, …" / "…, according to X.": the rest of the sentence is X's."""
    to = next((c for c in tok.children if c.lower_ == "to"), None)
    source = next((c for c in to.children if c.dep_ == "pobj"), None) if to is not None else None
    if source is None:
        return None
    sent = tok.sent
    phrase_first, phrase_last = tok.left_edge.i, max(tok.right_edge.i, source.right_edge.i)
    if phrase_first <= sent.start + 1:
        first, last = phrase_last + 1, sent.end - 1
    elif phrase_last >= sent.end - 3:
        first, last = sent.start, phrase_first - 1
    else:
        return None  # mid-sentence attribution: the boundaries of the statement are unclear
    first, last = _content(doc, first, last)
    if last - first < 2:
        return None
    text = doc_text(doc)
    start, end = doc[first].idx, doc[last].idx + len(doc[last].text)
    if any(in_quote(t.idx) for t in doc[first:last + 1]):
        return None  # quoted words: the direct quote carries them
    return Reported(start, end, " ".join(text[start:end].split()), tok, source, False)
