"""The knowledge base compiled for matching: spaCy PhraseMatchers over every name, alias,
demonym, capital and regime phrase, plus the title and honorific lexicons and a
transliteration index of person names.

Built once per (knowledge base, vocabulary) and cached at module level, so analysing an
article costs a few matcher calls, never a loop over the knowledge base.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from ..knowledge.kb import normalise
from .actor_rules import HONORIFICS, NAME_PARTICLES, TITLE_PHRASES, skeleton

# How a phrase names its actor; the component treats each differently.
NAME, DEMONYM, PLACE, REGIME = "name", "demonym", "place", "regime"


@dataclass(frozen=True)
class Entry:
    actor_id: str
    kind: str  # the actor's kind: state, organization, group, person
    how: str  # NAME, DEMONYM, PLACE (capital or metonym), REGIME
    cased: bool  # the phrase starts with a capital: the text must too


@dataclass
class ActorIndex:
    lower: Any  # PhraseMatcher on LOWER: names, aliases, demonyms, places, regime phrases
    orth: Any  # PhraseMatcher on ORTH: acronyms ("US", "UN", "IRGC"), which clash with words in lower case
    titles: Any  # PhraseMatcher on LOWER: office titles
    honorifics: Any  # PhraseMatcher on LOWER: "Hojjat al-Islam", "Major General"
    tokenizer: Any  # the English tokenizer over the same vocabulary (for labels outside the doc)
    entries: dict[int, list[Entry]] = field(default_factory=dict)  # match id -> what it names
    skeletons: dict[str, set[str]] = field(default_factory=dict)  # word skeleton -> person ids
    person_skeletons: dict[str, list[tuple[str, ...]]] = field(default_factory=dict)  # id -> names' skeletons
    state_words: dict[str, str] = field(default_factory=dict)  # one-word normalised state word -> state id


_CACHE: dict[tuple[int, int, int], ActorIndex] = {}
_KIND_ORDER = {"state": 0, "organization": 1, "group": 2, "person": 3}


def _is_acronym(phrase: str) -> bool:
    letters = [c for c in phrase if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters) and len(phrase.replace(".", "")) <= 6


_TITLE_WORDS = frozenset(w for p in list(HONORIFICS) + list(TITLE_PHRASES) for w in p.split()) | {
    "supreme", "queen", "prince", "president", "imam", "kak", "mam"}


def plain_name(name: str) -> bool:
    """A name without office or honorific words ("Supreme Leader Ali Khamenei", "Leader of
    the Islamic Revolution" are aliases, but not spellings to compare sounds with)."""
    words = name.replace("-", " ").split()
    return all((w[:1].isupper() or w.lower() in NAME_PARTICLES) and w.lower().strip(".") not in _TITLE_WORDS
               for w in words)


def index_for(kb, vocab) -> ActorIndex:
    """The compiled index for ``kb`` over ``vocab`` (the parsed doc's), built on first use.
    The key includes the KB's size so records added later trigger a rebuild."""
    key = (id(kb), len(kb), id(vocab))
    idx = _CACHE.get(key)
    if idx is None:
        if len(_CACHE) > 8:  # a long-lived process that keeps reloading its KB
            _CACHE.clear()
        idx = _CACHE[key] = _build(kb, vocab)
    return idx


def _build(kb, vocab) -> ActorIndex:
    import spacy
    from spacy.matcher import PhraseMatcher

    tokenizer = spacy.blank("en", vocab=vocab).tokenizer  # same rules as the model's tokenizer
    phrases: dict[tuple[str, str], list[Entry]] = defaultdict(list)  # (attr, phrase text) -> entries
    skeletons: dict[str, set[str]] = defaultdict(set)
    person_skeletons: dict[str, list[tuple[str, ...]]] = {}
    state_words: dict[str, str] = {}

    def add(phrase: str, rec, how: str) -> None:
        phrase = " ".join(phrase.split())
        if not phrase:
            return
        variants = {phrase}
        if phrase.lower().startswith("the "):  # "the UN" is also written "UN"
            variants.add(phrase[4:])
        for v in variants:
            if rec.kind == "person" and len(v.split()) == 1:
                continue  # one-word person names ("May", "Power") are matched as names in context only
            attr = "ORTH" if _is_acronym(v) else "LOWER"
            entry = Entry(rec.id, rec.kind, how, v[:1].isupper())
            text = v if attr == "ORTH" else v.lower()
            if entry not in phrases[(attr, text)]:
                phrases[(attr, text)].append(entry)

    for rec in kb:
        for name in rec.names:
            add(name, rec, NAME)
        if rec.kind == "state":
            for w in rec.demonyms:
                add(w, rec, DEMONYM)
            for w in rec.metonyms + ([rec.capital] if rec.capital else []):
                add(w, rec, PLACE)
            for w in rec.regime_phrases:
                add(w, rec, REGIME)
            for w in rec.names + rec.demonyms:
                n = normalise(w)
                if n and " " not in n:
                    state_words.setdefault(n, rec.id)
        if rec.kind == "person":
            sk = [s for s in (skeleton(n) for n in rec.names if plain_name(n)) if s]
            person_skeletons[rec.id] = sk
            for s in sk:
                for word in s[1:] if len(s) > 1 else s:
                    skeletons[word].add(rec.id)

    lower = PhraseMatcher(vocab, attr="LOWER")
    orth = PhraseMatcher(vocab, attr="ORTH")
    entries: dict[int, list[Entry]] = {}
    grouped: dict[tuple[str, str], list] = defaultdict(list)
    for (attr, text), found in phrases.items():
        found.sort(key=lambda e: _KIND_ORDER.get(e.kind, 9))
        label = f"A|{attr}|{text}"
        entries[vocab.strings.add(label)] = found
        grouped[(attr, label)].append(tokenizer(text))
    for (attr, label), docs in grouped.items():
        (orth if attr == "ORTH" else lower).add(label, docs)

    titles = PhraseMatcher(vocab, attr="LOWER")
    for phrase in TITLE_PHRASES:
        titles.add(f"T|{phrase}", [tokenizer(phrase)])
    honorifics = PhraseMatcher(vocab, attr="LOWER")
    for phrase in HONORIFICS:
        honorifics.add(f"H|{phrase}", [tokenizer(phrase)])
    return ActorIndex(lower=lower, orth=orth, titles=titles, honorifics=honorifics, tokenizer=tokenizer,
                      entries=entries,
                      skeletons=dict(skeletons), person_skeletons=person_skeletons, state_words=state_words)
