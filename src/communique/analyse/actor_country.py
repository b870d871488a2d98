"""A person's state read from the report, for people the knowledge base does not know.

In order, around any naming of the person:

1. the words of their own noun phrase and its appositions or predicate: "Cuban diplomat X",
   "X, the foreign minister of Cuba,", "the mayor of London, X,", "X is a Turkish national",
   "Hong Kong director of Amnesty International X", a phrase hung on the name ("X of the
   Syrian Democratic Forces", "X, from Gothenburg,") or a relative clause that says where
   they work ("X, who heads the Kenyan Red Cross,") (a state's name, demonym, capital or a
   known city);
2. a possessive person in those words: "Trump's envoy X" is of Trump's state; an
   organisation in them: the knowledge base's state for it, else the state its own name
   gives ("the Kenyan Red Cross"), else none (an organisation of unknown state);
3. else, when one state dominates the report (at least three namings and twice the next),
   that state: a witness, protester or local official of a report about one country.
"""
from __future__ import annotations

from collections import Counter
from typing import Callable, Iterable

from .places import _resolve_name

# Entity types in a title phrase that can name a state or a place in it.
_PLACE_ENTS = {"GPE", "NORP", "LOC", "FAC"}
# "X of the SDF", "X, from Gothenburg,", "X, with the Red Cross,": where the person belongs.
_BELONGING_PREPS = frozenset({"of", "from", "with"})
# "X, who heads / works for / speaks for …": a relative clause that says where X works.
_WORK_VERBS = frozenset({"head", "lead", "run", "chair", "direct", "command", "manage", "work", "serve",
                         "speak", "belong"})


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
    for c in root.children:
        if c.dep_ == "relcl" and c.lemma_ == "be":  # "X, who was Trump's envoy to …,"
            out += [doc[a.left_edge.i:a.right_edge.i + 1] for a in c.children if a.dep_ == "attr"]
        elif c.dep_ == "relcl" and c.lemma_ in _WORK_VERBS:  # "X, who heads the Kenyan Red Cross,"
            out += [doc[a.left_edge.i:a.right_edge.i + 1] for a in c.children if a.dep_ in ("dobj", "prep")]
        elif c.dep_ == "prep" and c.lower_ in _BELONGING_PREPS and c.i >= end:  # "X of the SDF"
            out.append(doc[c.i:c.right_edge.i + 1])
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
            # The parser tags some towns as organisations: "the mayor of Lyon", "X, from Lyon,".
            town = ent.label_ == "ORG" and ent.start > 0 and doc[ent.start - 1].dep_ == "prep"
            if ent.start >= phrase.start and ent.end <= phrase.end and (ent.label_ in _PLACE_ENTS or town):
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
            if org is not None:  # an international body's national branch: "the Kenyan Red Cross"
                ent = next((e for e in doc.ents if e.start <= t.i < e.end and e.label_ == "ORG"), None)
                return org.country or (state_in_name(ent, kb) if ent is not None else None) or NO_STATE
        for ent in doc.ents:  # an organisation the KB does not know: the state its name gives
            if ent.label_ == "ORG" and ent.start < phrase.end and ent.end > phrase.start:
                return state_in_name(ent, kb) or NO_STATE
    return None


def state_in_name(span, kb) -> str | None:
    """The state an organisation's own name gives: a demonym or state name among its words
    ("the Kenyan Red Cross", "Dockworkers Federation of Chile", "United States Chamber of
    Commerce"); None when it names none."""
    if kb is None:
        return None
    for t in span:
        rec = kb.state_for(t.text) if t.is_alpha and t.text[:1].isupper() else None
        if rec is not None:
            return rec.id
    for n in range(min(len(span), 6), 1, -1):  # a state's name of several words
        for i in range(len(span) - n + 1):
            rec = kb.state_for(span[i:i + n].text)
            if rec is not None:
                return rec.id
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
