"""A person's state read from the report, for people the knowledge base does not know.

In order, around any naming of the person:

1. the words of their own noun phrase and its appositions or predicate: "Cuban diplomat X",
   "X, the foreign minister of Cuba,", "the mayor of London, X,", "X is a Turkish national",
   "Hong Kong director of Amnesty International X" (a state's name, demonym, capital or a
   known city; an organisation's name says nothing);
2. a possessive person in those words: "Trump's envoy X" is of Trump's state;
3. else, when one state dominates the report (at least three namings and twice the next),
   that state: a witness, protester or local official of a report about one country.
"""
from __future__ import annotations

from collections import Counter
from typing import Callable, Iterable

from .places import _resolve_name

# Entity types in a title phrase that can name a state or a place in it.
_PLACE_ENTS = {"GPE", "NORP", "LOC", "FAC"}


def _phrases(doc, start: int, end: int) -> list:
    """Token groups that describe the person named by doc[start:end]."""
    root = doc[start:end].root
    out = [doc[root.left_edge.i:start]]  # "Hong Kong director of Amnesty International"
    for c in root.children:
        if c.dep_ == "appos":
            out.append(doc[c.left_edge.i:c.right_edge.i + 1])
    if root.dep_ == "appos":  # "the mayor of London, X": the head phrase
        head = root.head
        out.append(doc[head.left_edge.i:root.left_edge.i])
    if root.dep_ in ("nsubj", "nsubjpass") and root.head.lemma_ == "be":  # "X is a Turkish national"
        out += [doc[c.left_edge.i:c.right_edge.i + 1] for c in root.head.children if c.dep_ == "attr"]
    for c in root.children:  # "X, who was Trump's envoy to …,"
        if c.dep_ == "relcl" and c.lemma_ == "be":
            out += [doc[a.left_edge.i:a.right_edge.i + 1] for a in c.children if a.dep_ == "attr"]
    return [p[:16] for p in out if len(p)]


NO_STATE = "-"  # the person acts for an international body: no state, and no guess either


def country_in_phrase(doc, start: int, end: int, kb, country_of: Callable[[int], str | None],
                      org_of: Callable[[int], object] = lambda i: None) -> str | None:
    """The state the words around one naming tie the person to; NO_STATE for an official of an
    intergovernmental body ("AU commissioner X"); None when they say nothing.
    ``country_of(token_index)`` gives the country of an actor named at that token, ``org_of``
    the organisation (an Actor) named there, if any."""
    phrases = _phrases(doc, start, end)
    for phrase in phrases:
        seen: set[int] = set()
        for ent in doc.ents:
            if ent.start >= phrase.start and ent.end <= phrase.end and ent.label_ in _PLACE_ENTS:
                seen.update(range(ent.start, ent.end))
                found = _state_of(ent.text, kb)
                if found:
                    return found
        for t in phrase:
            if t.i in seen or not t.is_alpha or not t.text[:1].isupper():
                continue
            if t.dep_ == "poss" and t.pos_ == "PROPN":
                found = country_of(t.i)
                if found:
                    return found
            rec = kb.state_for(t.text) if kb is not None else None
            if rec is not None and t.ent_type_ not in ("ORG", "PERSON"):
                return rec.id
    for phrase in phrases:  # "SDF spokesman X": the body's state; "AU commissioner X": none
        for t in phrase:
            org = org_of(t.i)
            if org is not None:
                return org.country or NO_STATE
        if any(t.ent_type_ == "ORG" for t in phrase):
            return NO_STATE  # an organisation the KB does not know: its state is not known either
    return None


def _state_of(text: str, kb) -> str | None:
    text = text.strip()
    for prefix in ("the ", "The "):
        if text.startswith(prefix):
            text = text[len(prefix):]
    if text.endswith(("'s", "’s")):
        text = text[:-2]
    rec = kb.state_for(text) if kb is not None else None
    if rec is not None:
        return rec.id
    place = _resolve_name(text, kb, ())
    return place.country if place is not None else None


def dominant_state(countries: Iterable[str]) -> str | None:
    """The state a report is about, when one clearly dominates its namings."""
    counts = Counter(countries).most_common(2)
    if not counts or counts[0][1] < 3:
        return None
    if len(counts) > 1 and counts[0][1] < 2 * counts[1][1]:
        return None
    return counts[0][0]
