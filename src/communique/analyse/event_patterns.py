"""Matching the lexicon's patterns (knowledge/ontology/lexicon.txt) against tokens of the parse.

A verb pattern is a lemma with optional particles and conditions on its object and
prepositions; a noun pattern is a head lemma with optional modifiers. Of the patterns that
match a token, the most specific wins ("call on" over "call", "welcome obj=@person" over
"welcome"), so general entries can stay short.
"""
from __future__ import annotations

from dataclasses import dataclass, replace

from ..knowledge.ontology import Entry, Lexicon, lexicon

_OBJ_DEPS = ("dobj", "nsubjpass", "attr", "oprd")
_PARTNER_MODS = lexicon().group("partner_modifiers")
_PLURAL_POSS = frozenset({"their", "our"})
# Verbs that report a noun event happening: "talks took place", "clashes erupted".
OCCURRENCE = lexicon().group("occurrence")


@dataclass(frozen=True)
class Match:
    token: object  # spacy Token
    entry: Entry
    kind: str  # verb, noun or adjective
    obj: object | None = None  # the object the entry's condition was checked on


def _stems(word: str) -> list[str]:
    """Candidate base forms of an inflected verb, for when the lemmatiser slips ("staged" ->
    "stag"): -ed, -d, -ied, -ing, -s, -es and a doubled final consonant undone."""
    out = []
    for suffix, repl in (("ied", "y"), ("ies", "y"), ("ed", ""), ("ed", "e"), ("ing", ""), ("ing", "e"),
                         ("es", ""), ("s", "")):
        if word.endswith(suffix) and len(word) > len(suffix) + 2:
            base = word[: -len(suffix)] + repl
            out.append(base)
            if repl == "" and len(base) > 3 and base[-1] == base[-2]:
                out.append(base[:-1])  # "stopped" -> "stop"
    return out


def verb_lemma(token, known) -> str:
    """The token's lemma, or where the lemmatiser's answer is unknown to ``known`` (a lexicon
    table or word set), the first inflection-stripped form that is."""
    lemma = token.lemma_.lower()
    if token.pos_ not in ("VERB", "AUX") or lemma in known:
        return lemma
    return next((b for b in _stems(token.lower_) if b in known), lemma)


def _lemma(t) -> str:
    return t.lemma_.lower()


def _words(t) -> set[str]:
    return {t.lemma_.lower(), t.lower_}


# Words that make a phrasal verb only as particles ("gave in" = yielded), never as prepositions
# ("gave aid in cash").
TRUE_PARTICLES = frozenset({"in", "up", "down", "out", "off", "over", "back", "away", "aside", "through", "around"})


def particles(token) -> set[str]:
    """Particles and prepositions hanging on a verb, and those on its particle ("pull out of")."""
    out: set[str] = set()
    for c in token.children:
        if c.i < token.i:
            continue  # a fronted phrase ("On Thursday, X called ...") is no particle of the verb
        # A particle word parsed as a preposition still counts when it has no object of its own
        # ("walked out of the talks"), but not when it governs one ("gave millions in aid").
        particle_like = c.lower_ in TRUE_PARTICLES and not any(g.dep_ == "pobj" for g in c.children)
        if c.dep_ in ("prt", "advmod") or (c.dep_ in ("prep", "agent", "dative") and
                                            (c.lower_ not in TRUE_PARTICLES or particle_like)):
            out.add(c.lower_)
            if c.dep_ in ("prt", "advmod"):
                out.update(g.lower_ for g in c.children if g.dep_ == "prep")
        elif c.dep_ in ("advcl", "ccomp", "xcomp") and any(g.dep_ == "mark" and g.lower_ == "for" for g in c.children):
            out.add("for")  # "called for the killers to face trial": the parser makes "for" a mark
    return out


def objects(token, via: set[str] | None = None) -> list:
    """A verb's objects: direct object (or passive subject), then the objects of its particles and
    prepositions ("called for talks", "agreed on a ceasefire")."""
    out = [c for c in token.children if c.dep_ in _OBJ_DEPS]
    # "two of its nationals", "some of the prisoners": the quantity stands for what it counts.
    out += [g for o in list(out) if is_quantity(o)
            for p in o.children if p.dep_ == "prep" and p.lower_ == "of" for g in p.children if g.dep_ == "pobj"]
    for c in token.children:
        if c.dep_ in ("prep", "prt", "agent", "dative") and (via is None or c.lower_ in via):
            out += [g for g in c.children if g.dep_ == "pobj"]
            for g in c.children:
                if g.dep_ == "prep":
                    out += [h for h in g.children if h.dep_ == "pobj"]
    return out


def is_quantity(token) -> bool:
    """"two of its nationals", "thousands of students", "50 tons of food": the quantity stands
    for what it counts."""
    return token.pos_ in ("NUM", "PRON", "DET") or token.lemma_.lower() in lexicon().groups.get("quantity", ())


def verb_partner(token) -> bool:
    """A meeting verb with a second party: "discussed with X", "X and Y discussed", "the two
    officials discussed"."""
    if any(c.dep_ == "prep" and c.lower_ in ("with", "between", "among") for c in token.children):
        return True
    subj = [c for c in token.children if c.dep_ in ("nsubj", "nsubjpass")]
    if not subj:
        return token.dep_ in ("xcomp", "conj", "advcl")  # the subject is above: decided there
    s = subj[0]
    return s.tag_ in ("NNS", "NNPS") or s.lower_ in ("they", "we") or any(c.dep_ == "conj" for c in s.children)


def has_partner(token) -> bool:
    """A meeting noun names a second party: "talks with", "between", "joint", "their meeting"."""
    for c in token.children:
        if c.dep_ == "prep" and c.lower_ in ("with", "between", "among", "amongst"):
            return True
        if c.dep_ in ("amod", "compound") and c.lower_ in _PARTNER_MODS:
            return True
        if c.dep_ == "poss" and (c.lower_ in _PLURAL_POSS or any(g.dep_ == "conj" for g in c.children)):
            return True
    # "Officials from A and B held talks": a plural subject of the verb that carries the noun.
    if token.dep_ == "dobj" and _lemma(token.head) in lexicon().group("meeting_holders"):
        subj = [c for c in token.head.children if c.dep_ == "nsubj"]
        if subj and (subj[0].tag_ in ("NNS", "NNPS") or any(c.dep_ == "conj" for c in subj[0].children)):
            return True
    # "The meeting took place", "talks were held": the article's principals met.
    if token.dep_ in ("nsubj", "nsubjpass") and _lemma(token.head) in OCCURRENCE:
        return True
    return False


def _predicates(verb) -> list:
    return [c for c in verb.children if c.dep_ in ("oprd", "attr", "xcomp", "acomp")]


def labelled(verb) -> list:
    """What a labelling verb labels: its object, or the subject of its small clause ("called
    [the deal lousy]", as the parser often has it)."""
    return [c for c in verb.children if c.dep_ == "dobj"] or \
        [g for p in _predicates(verb) for g in p.children if g.dep_ in ("nsubj", "npadvmod")]


def labels(verb) -> list:
    """What a labelling verb says its object is ("called the plan absurd", "described it as a
    mistake", "called the accord \"null and void\""): the object predicate, an "as" phrase, or
    (as the parser often attaches it) a modifier placed after the object; with their conjuncts."""
    objs = labelled(verb)
    if not objs:
        return []
    found = _predicates(verb)
    found += [g for c in verb.children if c.dep_ == "prep" and c.lower_ == "as" for g in c.children
              if g.dep_ in ("pobj", "amod", "acomp", "pcomp")]
    found += [c for o in objs for c in o.children if c.dep_ in ("acl", "amod", "appos", "oprd") and c.i > o.i]
    out = []
    for t in found:
        out += [t] + [c for c in t.conjuncts if c.i > t.i]
    return out


def _subject_matches(entry: Entry, token, lex: Lexicon) -> bool:
    """The verb's doer (its subject, or the controller of a complement: "wants troops to leave")
    is one of the entry's subj= words."""
    from .events import subject_tokens  # the one reading of a verb's doer; events imports this module

    return any(lex.matches_set(w, entry.subj) for s in subject_tokens(token) for w in _words(s))


def _entry_matches(entry: Entry, token, lex: Lexicon, kind: str) -> tuple[bool, object | None]:
    if kind == "verb":
        if entry.obj and token.lemma_.lower() in lex.groups.get("labelling", ()) and labels(token):
            return False, None  # "called the envoy a liar": the object is described, not phoned
        if entry.intrans and any(c.dep_ in ("dobj", "ccomp", "attr") for c in token.children):
            return False, None
        if entry.clause and not any(c.dep_ == "ccomp" for c in token.children):
            return False, None
        if entry.trans and not any(c.dep_ in ("dobj", "nsubjpass") for c in token.children):
            return False, None
        if entry.partner and not verb_partner(token):
            return False, None
        if entry.subj and not _subject_matches(entry, token, lex):
            return False, None
        extra = set(entry.words[1:])
        if extra and not extra <= particles(token):
            return False, None
        if entry.prep and not (entry.prep & (particles(token) | {c.lower_ for c in token.children if c.dep_ == "prep"})):
            return False, None
        obj = None
        if entry.obj:
            via = set(entry.words[1:]) | set(entry.prep) or None
            named = "@person" in entry.obj
            body = "@membership" in entry.obj
            for o in objects(token, via):
                # A named person counts as a person ("received al-Mashhadani"); a people or a
                # faith ("called on Muslims to ...") does not. A named organisation counts as a
                # body one joins ("joined NATO").
                if any(lex.matches_set(w, entry.obj) for w in _words(o)) or \
                        (named and (o.ent_type_ == "PERSON" or
                                    (o.pos_ == "PROPN" and o.ent_type_ in ("", "PERSON")))) or \
                        (body and o.ent_type_ == "ORG" and o.lemma_.lower() not in lex.group("domestic_bodies")):
                    obj = o
                    break
            if obj is None:
                return False, None
        return True, obj
    if kind == "noun":
        mods = [c for c in token.children if c.dep_ in ("compound", "amod", "nmod", "npadvmod", "poss")]
        words = {w for c in mods for w in _words(c)}
        for w in entry.words[:-1]:
            if w not in words:
                return False, None
        if entry.mod and not (entry.mod & words):
            return False, None
        if entry.obj:  # for a noun, the object is its "of" phrase ("state of emergency")
            of = [g for p in token.children if p.dep_ == "prep" and p.lower_ == "of" for g in p.children]
            if not any(lex.matches_set(w, entry.obj) for g in of for w in _words(g)):
                return False, None
        if entry.partner and not has_partner(token):
            return False, None
        return True, None
    return True, None


def _in_a_name(token) -> bool:
    """A capitalised word inside an organisation's or a building's name ("the Committee to
    Protect Journalists", "the Peace Palace") names, it does not tell an act."""
    return token.ent_type_ in ("ORG", "FAC") and token.is_title and token.i > token.sent.start \
        and token.ent_iob_ == "I"


def match_token(token, lex: Lexicon, loose: bool = False) -> Match | None:
    """The most specific pattern that matches this token, if any. ``loose`` waives the partner
    condition: a meeting noun that a frame governs needs none ("rejected talks")."""
    kind, table = None, None
    if token.pos_ == "VERB" or (token.pos_ == "AUX" and token.dep_ not in ("aux", "auxpass")):
        kind, table = "verb", lex.verbs
    elif token.pos_ in ("NOUN", "PROPN"):
        kind, table = "noun", lex.nouns
    elif token.pos_ == "ADJ":
        kind, table = "adjective", lex.adjectives
    if table is None or _in_a_name(token):
        return None
    keys = [verb_lemma(token, table)] if kind == "verb" else [_lemma(token)] if kind != "noun" else \
        list(dict.fromkeys([token.lower_, _lemma(token)]))
    best: Match | None = None
    for key in keys:
        for entry in table.get(key, ()):
            if loose and entry.partner:
                entry = replace(entry, partner=False)
            ok, obj = _entry_matches(entry, token, lex, kind)
            if ok and (best is None or entry.specificity > best.entry.specificity):
                best = Match(token, entry, kind, obj)
    return best


def first_conjunct(token) -> int:
    """The index of the first of a chain of conjoined words ("criticized ..., implying ... but
    recommending ...": criticized), or of the word itself."""
    while token.dep_ == "conj" and token.head.i != token.i:
        token = token.head
    return token.i


def clause_verb(token, itself: bool = False) -> int | None:
    """The index of the verb whose clause a word is in (the nearest verb above it; with
    ``itself``, a verb is its own)."""
    if itself and token.pos_ in ("VERB", "AUX"):
        return token.i
    t = token.head
    while t.i != t.head.i and t.pos_ not in ("VERB", "AUX"):
        t = t.head
    return t.i if t.pos_ in ("VERB", "AUX") and t.i != token.i else None
