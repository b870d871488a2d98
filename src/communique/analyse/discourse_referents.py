"""Who a token stands for: the document-level referent model of the discourse layer.

One resolver for the whole analysis (quotes and events read it through discourse.py). It
answers "who does this token stand for?" at its position in the report:

* a name, through the actor layer's mentions first, then the knowledge base, then the
  fullest form of the same name in the article ("Baqeri" → "Ali Baqeri");
* a pronoun, by following the last named subject before it (the salience of subjects is a
  cheap and well-tried stand-in for full coreference in news prose);
* a role phrase ("the Iraqi parliament speaker"), through the actor layer, else by matching
  the titles the article itself gave its people ("Iraqi Parliament Speaker X", "his Iraqi
  counterpart, X"), else through the knowledge base's dated office holders;
* a joint subject ("X and Y", "both sides", "the two ministers"), as one speaker with members;
* a speaker label line ("President X:") above a list of quotes.

It is built once per article, after the actor layer, and reads the actor layer's mentions
first, so a name means the same actor everywhere.

Everything degrades: without an actor layer or knowledge base a speaker keeps the words the
article used and no actor id.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field, replace
from typing import Any, Iterable

from ..models import Actor
from .quote_words import (CROWD_NOUNS, DESCRIBING_VERBS, DOCUMENT_NOUNS, MEETING_VERBS, ORG_NOUNS,
                          PERSON_COLLECTIVES, PERSON_PRONOUNS, PLURAL_PRONOUNS, ROLE_KEYS, ROLE_NOUNS,
                          SPEECH_VERBS, STATE_COLLECTIVES, TITLE_WORDS)

NAME_ENTS = {"PERSON", "ORG", "GPE", "NORP"}
# Actor-layer methods that give a state for words that name no one ("Iraqi officials",
# "the Iranian side", an office nobody in the report holds by name).
UNNAMED_METHODS = {"role-state", "group"}
# Words that mark a person's gender where the report describes them.
GENDER_WORDS = {w: "f" for w in "wife mother daughter sister woman fiancée fiancee widow girl mrs mrs. ms ms. "
                "queen actress chairwoman spokeswoman congresswoman businesswoman grandmother aunt niece "
                "girlfriend princess duchess lady".split()}
GENDER_WORDS.update({w: "m" for w in "husband father son brother man fiancé fiance widower boy mr mr. king "
                     "actor chairman spokesman congressman businessman grandfather uncle nephew boyfriend "
                     "prince duke sir lord".split()})
# Heads of a body's name that make it an arm of its state ("the Turkish Energy Ministry").
STATE_BODIES = frozenset("""ministry office government army council parliament committee agency embassy presidency
court judiciary commission cabinet department authority authorities police navy guards corps administration
forces military consulate senate assembly""".split())
# Verbs whose subject issued the document that is their object ("X released a statement").
ISSUING_VERBS = frozenset({"release", "issue", "publish", "post", "put", "send", "circulate", "distribute"})
# Words that say a person is dead.
DEATH_VERBS = frozenset({"die", "pass"})
KILL_VERBS = frozenset({"kill", "murder", "assassinate", "execute", "slay", "shoot"})
DEATH_NOUNS = frozenset({"death", "funeral", "killing", "murder", "assassination", "burial", "obituary"})
# Verbs that give a name: "a student using the name X", "a man named X", "a woman called X".
NAMING_VERBS = frozenset({"name", "call", "use", "identify", "go", "give"})
# Bodies that act for one person: "Erdogan's office said" is Erdogan speaking.
PERSONAL_OFFICES = frozenset({"office", "team", "camp", "cabinet", "press office", "aides"})
NP_LEFT_DEPS = {"det", "amod", "compound", "poss", "nmod", "nummod", "quantmod", "predet", "case", "punct"}
SUBJECT_DEPS = {"nsubj", "nsubjpass"}
CLIMB_DEPS = {"advcl", "xcomp", "conj", "ccomp", "pcomp", "acl", "relcl", "prep", "pobj"}
_GENERIC = {"the", "a", "an", "his", "her", "their", "its", "'s", "’s", "of", "official", "senior", "top"}


@dataclass
class Speaker:
    name: str  # canonical name when resolved, else the article's words
    actor_id: str | None
    kind: str  # "person" or "group" (states, organisations, joint speakers)
    method: str  # how it was found: mention, name, kb, pronoun, role, label, joint, ...
    at: int  # character offset where the article named it
    members: tuple["Speaker", ...] = ()
    words: str = ""  # the article's own words for it
    cue: int | None = None  # token index of the word that attributes the speech ("said", "according")
    country: str | None = None  # the state it speaks for, when known without an actor ("Turkish officials")

    @property
    def ids(self) -> list[str]:
        if self.members:
            return [i for m in self.members for i in m.ids]
        return [self.actor_id] if self.actor_id else []

    def moved(self, method: str, at: int, words: str = "") -> "Speaker":
        return replace(self, method=method, at=at, words=words or self.words)


@dataclass
class Profile:
    """A person the article names, with the titles it gives them, for role phrases."""

    name: str
    actor_id: str | None
    country: str | None
    words: set[str] = field(default_factory=set)
    seen: list[int] = field(default_factory=list)

    def last_before(self, pos: int) -> int:
        before = [s for s in self.seen if s < pos]
        return max(before) if before else -1


def _actor_helpers() -> tuple[Any, Any]:
    """The actor layer's helpers (analyse/actors.py), when it is installed."""
    try:
        from . import actors as layer
    except ImportError:
        return None, None
    return getattr(layer, "actor_at", None), getattr(layer, "resolve_name", None)


def _actor_id_of(result: Any) -> str | None:
    """The helpers may answer with an id, an Actor, a Mention or a record: take the id."""
    if result is None:
        return None
    if isinstance(result, str):
        return result
    for attr in ("actor_id", "id"):
        value = getattr(result, attr, None)
        if isinstance(value, str):
            return value
    return None


def np_span(tok) -> Any:
    """The noun phrase a head token stands for, without relative clauses or appositions."""
    start = tok.i
    for child in tok.lefts:
        if child.dep_ in NP_LEFT_DEPS and child.dep_ != "punct":
            start = min(start, child.left_edge.i)
    end = tok.i + 1
    for child in tok.rights:
        if child.dep_ == "case" or (child.dep_ == "compound" and child.i == end):
            end = child.i + 1
    return tok.doc[start:end]


class Referents:
    def __init__(self, ctx, quoted: Iterable[tuple[int, int]] = ()):
        self.ctx = ctx
        self.doc = ctx.doc
        self.text: str = ctx.article.text
        self.kb = ctx.kb
        self.date = ctx.article.published
        self.quoted = sorted(quoted)
        self._qstarts = [a for a, _ in self.quoted]
        self.mentions = sorted(ctx.analysis.mentions, key=lambda m: (m.start, -m.end))
        self._mstarts = [m.start for m in self.mentions]
        self.actors: dict[str, Actor] = {a.id: a for a in ctx.analysis.actors}
        self.new_actors: dict[str, Actor] = {}
        self.actor_at, self.resolve_name = _actor_helpers()
        self.ent_of = {t.i: e for e in self.doc.ents for t in e}
        self.full_names = self._full_names()
        self.profiles = self._profiles()
        self.genders = self._genders()
        self.dead = self._dead()
        self.strong: list[Speaker] = []  # subjects and labels, in text order
        self.weak: list[Speaker] = []  # every other person or state named
        self._build()

    # ----------------------------------------------------------------- positions

    def in_quote(self, pos: int) -> bool:
        k = bisect.bisect_right(self._qstarts, pos) - 1
        return k >= 0 and self.quoted[k][0] <= pos < self.quoted[k][1]

    def mention_at(self, start: int, end: int):
        """The actor-layer mention covering [start, end), the longest when several do."""
        k = bisect.bisect_right(self._mstarts, start)
        best = None
        for m in self.mentions[max(0, k - 8):k]:
            if m.start <= start and m.end >= end and (best is None or m.end - m.start > best.end - best.start):
                best = m
        return best

    # ----------------------------------------------------------------- actors

    def actor(self, actor_id: str) -> Actor | None:
        if actor_id in self.actors:
            return self.actors[actor_id]
        if actor_id in self.new_actors:
            return self.new_actors[actor_id]
        rec = self.kb.get(actor_id) if self.kb is not None else None
        if rec is None:
            return None
        actor = rec.to_actor()
        self.new_actors[actor_id] = actor  # the quote rows refer to it, so it must be saved
        return actor

    def from_actor(self, actor_id: str, method: str, at: int, words: str) -> Speaker | None:
        actor = self.actor(actor_id)
        if actor is None:
            return None
        kind = "person" if actor.kind == "person" else "group"
        return Speaker(name=actor.name, actor_id=actor.id, kind=kind, method=method, at=at, words=words)

    def kb_lookup(self, name: str, person: bool | None = None):
        """A knowledge-base record for a name, alias or unambiguous surname."""
        if self.kb is None or not name:
            return None
        name = re.sub(r"['’]s$", "", name.strip())
        found = self.kb.lookup(name)
        if person is not None:
            found = [r for r in found if (r.kind == "person") == person] or found
        one_word = len(name.split()) == 1
        if one_word:
            found = [r for r in found if r.kind != "person" or self._supported(r)]
        if len(found) == 1:
            return found[0]
        if person is not False and one_word:
            # A surname alone may stand for the one person of that name; a full name that the
            # knowledge base lacks ("Karwan Aziz") is someone else with the same surname.
            tail = [r for r in self.kb.lookup_surname(name) if self._supported(r)]
            if len(tail) == 1:
                return tail[0]
        if person is not True and not found:
            return self.kb.state_for(name)
        return found[0] if found else None

    def _supported(self, rec) -> bool:
        """A one-word name stands for a known person only where the report supports it (the
        actor layer's rule, actor_resolver.Resolver.supports)."""
        res = self.ctx.scratch.get("actor_resolver")
        return res is None or res.supports(rec)

    # ----------------------------------------------------------------- names in this article

    def _full_names(self) -> dict[str, str]:
        """Last word of each person's name → the fullest form the article uses."""
        out: dict[str, str] = {}
        for e in self.doc.ents:
            if e.label_ != "PERSON":
                continue
            name = re.sub(r"['’]s$", "", e.text.strip())
            key = name.split()[-1].lower() if name.split() else ""
            if key and len(name) > len(out.get(key, "")):
                out[key] = name
        return out

    def expand(self, words: str) -> str:
        words = re.sub(r"['’]s$", "", " ".join(words.split()))
        parts = words.split()
        if parts and len(parts) <= 2:
            full = self.full_names.get(parts[-1].lower())
            if full and len(full) > len(words) and full.lower().endswith(words.lower()):
                return full
        return words

    def name_span(self, tok):
        ent = self.ent_of.get(tok.i)
        if ent is not None and ent.label_ in NAME_ENTS:
            return ent
        start = tok.i
        while start > 0 and self.doc[start - 1].pos_ == "PROPN" and self.doc[start - 1].dep_ == "compound" \
                and self.doc[start - 1].lower_ not in TITLE_WORDS:
            start -= 1
        return self.doc[start:tok.i + 1]

    def _country_in(self, tokens) -> str | None:
        if self.kb is None:
            return None
        for t in tokens:
            if t.pos_ in ("PROPN", "ADJ", "NOUN") or t.ent_type_ in ("NORP", "GPE"):
                rec = self.kb.state_for(t.text)
                if rec is not None:
                    return rec.id
        return None

    def _profiles(self) -> list[Profile]:
        by_key: dict[str, Profile] = {}
        heads = []
        for e in self.doc.ents:
            if e.label_ == "PERSON":
                heads.append((e.root, e))
        for m in self.mentions:
            actor = self.actor(m.actor_id)
            if actor is not None and actor.kind == "person":
                span = self.doc.char_span(m.start, m.end, alignment_mode="expand")
                if span is not None and len(span):
                    heads.append((span.root, span))
        for head, span in heads:
            titles = [t for t in np_span(head) if t.i < span.start or t.i >= span.end]
            if head.dep_ == "appos":
                titles += list(np_span(head.head))
            for child in head.rights:
                if child.dep_ == "appos":
                    titles += list(np_span(child))
            titles += self._counterpart_titles(titles)
            m = self.mention_at(span.start_char, span.end_char)
            actor = self.actor(m.actor_id) if m else None
            if actor is not None and actor.kind != "person":
                continue
            if actor is None:
                rec = self.kb_lookup(self.expand(span.text), person=True)
                actor = self.actor(rec.id) if rec is not None and rec.kind == "person" else None
            name = actor.name if actor else self.expand(span.text)
            key = actor.id if actor else name.lower()
            country = (actor.country if actor else None) or self._country_in(titles)
            p = by_key.setdefault(key, Profile(name=name, actor_id=actor.id if actor else None, country=country))
            p.country = p.country or country
            p.words |= {t.lower_ for t in titles if t.is_alpha and t.lower_ not in _GENERIC}
            p.seen.append(span.start_char)
        return list(by_key.values())

    def _counterpart_titles(self, titles) -> list:
        """"X hosted his Iraqi counterpart, Y": Y holds X's office in another state, so Y's
        titles include X's (without X's nationality)."""
        for t in titles:
            if t.lemma_.lower() != "counterpart" or not any(c.dep_ == "poss" for c in t.children):
                continue
            verb = t.head
            while verb.pos_ not in ("VERB", "AUX") and verb.head is not verb:
                verb = verb.head
            subj = next((c for c in verb.children if c.dep_ in SUBJECT_DEPS), None)
            if subj is None or subj.pos_ != "PROPN":
                return []
            ent = self.ent_of.get(subj.i)
            own = set(range(ent.start, ent.end)) if ent is not None else {subj.i}
            return [x for x in np_span(subj) if x.i not in own and
                    (self.kb is None or self.kb.state_for(x.text) is None)]
        return []

    # ----------------------------------------------------------------- resolution

    def resolve_token(self, tok) -> Speaker | None:
        """The speaker that a subject token stands for, or None when it names nobody."""
        at = tok.idx
        low = tok.lower_
        if tok.pos_ == "PRON":
            if low in PERSON_PRONOUNS:
                ante = self.antecedent(at, "person", "f" if low == "she" else "m")
            elif low in PLURAL_PRONOUNS:
                ante = self.antecedent(at, "plural")
            else:
                return None
            return ante.moved("pronoun", at, tok.text) if ante else None
        conjuncts = [c for c in tok.conjuncts if c.i > tok.i] if tok.dep_ != "conj" else []
        if conjuncts:
            members = [s for s in (self.resolve_single(t) for t in [tok, *conjuncts]) if s is not None]
            if len(members) >= 2:
                return self.joint(members, "joint", at, self.doc[tok.left_edge.i:conjuncts[-1].i + 1].text)
        return self.resolve_single(tok)

    def resolve_single(self, tok) -> Speaker | None:
        at = tok.idx
        lemma = tok.lemma_.lower()
        collective = any(c.lower_ in ("both", "two") for c in tok.children) or tok.lower_ == "both"
        if collective and (lemma in PERSON_COLLECTIVES or lemma in STATE_COLLECTIVES or tok.lower_ == "both"):
            return self.collective(tok)
        span = np_span(tok)
        m = self.mention_at(tok.idx, tok.idx + len(tok.text))
        if m is not None and m.method in UNNAMED_METHODS:
            return self.unnamed(tok, span, m.actor_id)
        if m is not None:
            found = self.from_actor(m.actor_id, m.method or "mention", at, span.text)
            if found:
                return found
        if tok.pos_ in ("NOUN", "NUM", "PRON", "DET"):
            # "one protester, Ali Hassan," / "his spokesman, X" / "one of the militias, the
            # Badr Organization,": the name in apposition says who.
            named = [c for c in tok.children if c.dep_ == "appos" and (c.pos_ == "PROPN" or c.ent_type_ in NAME_ENTS)]
            if not named and tok.pos_ == "NOUN":
                # "the mayor of Lyon, Jean Dupont,": the parser hangs the name on the place.
                named = [c for p in tok.children if p.dep_ == "prep" and p.lower_ == "of"
                         for o in p.children if o.dep_ == "pobj"
                         for c in o.children if c.dep_ == "appos" and c.ent_type_ == "PERSON"]
            if not named and tok.pos_ == "NOUN" and tok.lemma_.lower() not in DOCUMENT_NOUNS:
                # "a student using the name X", "a man named X": the name the phrase gives
                named = [t for t in tok.subtree if tok.i < t.i <= tok.i + 6 and t.pos_ == "PROPN"
                         and t.dep_ != "poss" and not self.in_quote(t.idx)
                         and any(a.dep_ == "acl" and a.lemma_.lower() in NAMING_VERBS
                                 for a in t.ancestors if a.i > tok.i)]
                if named and tok.lemma_.lower() not in ORG_NOUNS:
                    found = self.resolve_name_span(self.name_span(named[-1]), named[-1].idx)
                    if found is not None and not found.actor_id:
                        found = replace(found, kind="person", method="named")  # the phrase says it is a name
                    if found is not None:
                        return found.moved(found.method, at, span.text)
            found = self.resolve_single(named[0]) if named else None
            if found:
                return found.moved(found.method, at, span.text)
        if tok.pos_ == "NOUN":
            owner = next((c for c in tok.children if c.dep_ == "poss" and c.pos_ == "PROPN"), None)
            if lemma in PERSONAL_OFFICES and owner is not None:
                # "Erdogan's office", "the president's team": the person acting through them.
                found = self.resolve_single(owner)
                if found is not None and found.kind == "person" and not found.members:
                    return replace(found, method="role", at=at, words=span.text, name=_bare(span.text))
            if lemma in ORG_NOUNS:
                found = self.org_phrase(tok, span)
                if found.method != "name":  # "the ministry": the one named before
                    return found
            if lemma in DOCUMENT_NOUNS:
                return self.document(tok, span)
        if self.actor_at is not None:
            try:
                found_id = _actor_id_of(self.actor_at(self.ctx, tok))
            except Exception:  # another component's helper: its failure must not stop quotes
                found_id = None
            named_thing = tok.pos_ == "PROPN" and m is None and tok.ent_type_ == "ORG"
            if found_id and named_thing and (self.actor(found_id) or Actor("", "", "")).kind == "state":
                found_id = None  # "the Chilean Dockworkers Federation" is a body of its own, not Chile
            if found_id:
                found = self.from_actor(found_id, "actor", at, span.text)
                if found:
                    return found
        if tok.pos_ == "PROPN" or tok.ent_type_ in NAME_ENTS:
            return self.resolve_name_span(self.name_span(tok), at)
        if lemma in ROLE_NOUNS:
            if tok.tag_ == "NNS":  # "Iranian officials": a group, never one person
                return Speaker(name=_bare(span.text), actor_id=None, kind="group", method="role", at=at,
                               words=span.text)
            return self.role_phrase(tok, span)
        if lemma in ORG_NOUNS:
            return self.org_phrase(tok, span)
        if tok.tag_ == "NNS" and tok.lower_ in CROWD_NOUNS:
            # "The protesters gathered ...": a group with no actor, a plural antecedent for "they".
            return Speaker(name=_bare(span.text), actor_id=None, kind="group", method="crowd", at=at,
                           words=span.text)
        return None

    def named_in(self, tok) -> Speaker | None:
        """A person named inside or beside an office phrase ("the mayor of London, X,",
        "Former US Ambassador to the UN X"): the person, not the office's state."""
        for t in tok.subtree:
            if t.i == tok.i or self.in_quote(t.idx) or t.pos_ != "PROPN":
                continue
            if t.dep_ not in ("appos", "compound", "nsubj") and t.head.i != tok.i and t.head.dep_ != "appos":
                continue
            m = self.mention_at(t.idx, t.idx + len(t.text))
            actor = self.actor(m.actor_id) if m is not None else None
            if actor is not None and actor.kind == "person":
                return self.from_actor(actor.id, m.method or "mention", tok.idx, np_span(tok).text)
        return None

    def unnamed(self, tok, span, state: str) -> Speaker:
        """An office or body the report does not name ("Turkish officials", "the embassy"): a
        person named with it speaks; else officials keep the report's words with their state
        as country only (an unnamed official is not the state), and an institution
        ("the Turkish embassy", "the government") speaks for its state."""
        named = self.named_in(tok)
        if named is not None:
            return named
        words = _bare(span.text)
        rec = self.kb.get(state) if self.kb is not None else None
        country = (rec.country or state) if rec is not None else state
        if tok.lemma_.lower() in ROLE_NOUNS or tok.lower_ in ROLE_NOUNS or tok.tag_ == "NNS":
            return Speaker(name=words, actor_id=None, kind="group" if tok.tag_ == "NNS" else "person",
                           method="role", at=tok.idx, words=span.text, country=country)
        found = self.from_actor(state, "role", tok.idx, span.text)
        if found is None:
            return Speaker(name=words, actor_id=None, kind="group", method="role", at=tok.idx, words=span.text,
                           country=country)
        return replace(found, name=words, country=country)

    def issuer(self, tok) -> Speaker | None:
        """Who a document names as its source: "a statement released by X", "a banner from X",
        "X's statement"; None when it names nobody."""
        if tok.dep_ == "dobj" and tok.head.lemma_.lower() in ISSUING_VERBS:
            # "They released a statement which said": whoever released it
            subj = next((c for c in tok.head.children if c.dep_ == "nsubj"), None)
            if subj is not None:
                return self.resolve_token(subj)
        for c in tok.children:
            if c.dep_ == "poss" and c.tag_ not in ("PRP$",):
                return self.resolve_token(c)
            if c.dep_ == "prep" and c.lower_ in ("from", "by"):
                src = next((x for x in c.children if x.dep_ == "pobj"), None)
                if src is not None:
                    return self.resolve_token(src)
            if c.dep_ == "acl":
                by = next((x for x in c.children if x.dep_ == "agent" or (x.dep_ == "prep" and x.lower_ == "by")), None)
                src = next((x for x in by.children if x.dep_ == "pobj"), None) if by is not None else None
                if src is not None:
                    return self.resolve_token(src)
        return None

    def document(self, tok, span) -> Speaker | None:
        """"the statement" was issued by the body last heard speaking; "a report" by nobody known."""
        named = self.issuer(tok)
        if named is not None:
            return named.moved("document", tok.idx, span.text)
        if not any(c.dep_ in ("det", "poss") and c.lower_ in ("the", "its", "their", "this") for c in tok.children):
            return None
        issuer = next((s for s in reversed(self.strong) if s.at < tok.idx and s.kind == "group" and not s.members),
                      None)
        return issuer.moved("document", tok.idx, span.text) if issuer else None

    def _latest(self, at: int, test) -> Speaker | None:
        merged = sorted((s for s in self.strong + self.weak if s.at < at), key=lambda s: s.at)
        return next((s for s in reversed(merged) if test(s)), None)

    def org_phrase(self, tok, span) -> Speaker:
        """"the ministry" → the last ministry named; "the Iraqi foreign ministry" names itself."""
        at = tok.idx
        lemma = tok.lemma_.lower()
        modifiers = [t for t in span if t.i != tok.i and t.dep_ != "det"]
        if not modifiers:
            for e in reversed([e for e in self.doc.ents if e.label_ in ("ORG", "NORP", "GPE") and e.end_char <= at]):
                if lemma in e.text.lower():
                    found = self.resolve_name_span(e, at)
                    if found:
                        return found.moved("anaphor", at, span.text)
            earlier = self._latest(at, lambda s: s.kind == "group" and lemma in (s.words + " " + s.name).lower())
            if earlier is not None:
                return earlier.moved("anaphor", at, span.text)
        rec = self.kb_lookup(_bare(span.text), person=False) if self.kb is not None else None
        if rec is not None and rec.kind != "state":
            found = self.from_actor(rec.id, "kb", at, span.text)
            if found:
                return found
        return Speaker(name=_bare(span.text), actor_id=None, kind="group", method="name", at=at, words=span.text)

    def resolve_name_span(self, span, at: int) -> Speaker | None:
        words = re.sub(r"['’]s$", "", span.text.strip())
        if not words or words.lower() in TITLE_WORDS:
            return None
        full = self.expand(words)
        label = getattr(span, "label_", "")
        person = True if label == "PERSON" else (False if label in ("ORG", "GPE", "NORP") else None)
        if self.resolve_name is not None:
            try:
                found_id = _actor_id_of(self.resolve_name(self.ctx, full))
            except Exception:
                found_id = None
            found = self.from_actor(found_id, "name", at, words) if found_id else None
            if found and label == "ORG" and (self.actor(found_id) or Actor("", "", "")).kind == "state":
                head = next((t for t in reversed(span) if t.is_alpha), span[-1])
                if head.lemma_.lower() not in STATE_BODIES:
                    found = None  # "the Chilean Dockworkers Federation" names a body, not Chile
                else:  # "the Turkish Energy Ministry": an arm of Turkey, under its own name
                    found = replace(found, name=_bare(words), country=found_id)
            if found:
                return found
        rec = self.kb_lookup(full, person)
        if rec is None and full != words:
            # The surname alone, when the record agrees with the fuller name the article gave
            # ("Zidan" → "Faiq Zaidan" for "Faiq Zidan", but not another Sadegh).
            rec = self.kb_lookup(words, person)
            first = full.split()[0].lower()
            if rec is not None and not any(first in n.lower().split() for n in rec.names):
                rec = None
        if rec is not None:
            return self.from_actor(rec.id, "kb", at, words)
        if self.kb is not None and len(words.split()) == 1 and any(
                r.kind == "person" for r in self.kb.lookup(words) + self.kb.lookup_surname(words)):
            person = True  # a known person's name the report gives no support for: someone's name still
        if person is None:
            person = full.split()[-1].lower() in self.full_names or self.kb is None or \
                self.kb.state_for(words) is None
        return Speaker(name=full, actor_id=None, kind="person" if person else "group", method="name", at=at,
                       words=words)

    def role_phrase(self, tok, span) -> Speaker:
        """"the Iraqi parliament speaker" → the person the article gave that title."""
        at = tok.idx
        country = self._country_in([t for t in span if t.i != tok.i])
        words = {t.lower_ for t in span if t.is_alpha and t.lower_ not in _GENERIC}
        if country and self.kb is not None:
            words = {w for w in words if self.kb.state_for(w) is None}
        best, best_key = None, (0, -2)
        for p in self.profiles:
            if country and p.country and p.country != country:
                continue
            score = len(words & p.words) + (2 if country and p.country == country else 0)
            key = (score, p.last_before(at))
            if score > 0 and key > best_key:
                best, best_key = p, key
        if best is not None:
            if best.actor_id:
                found = self.from_actor(best.actor_id, "role", at, span.text)
                if found:
                    return found
            return Speaker(name=best.name, actor_id=None, kind="person", method="role", at=at, words=span.text)
        key = _role_key([t.lower_ for t in span])
        if key and country and self.kb is not None:
            holders = self.kb.holders(country, key, self.date)
            if holders:
                found = self.from_actor(holders[0].id, "role", at, span.text)
                if found:
                    return found
        return Speaker(name=_bare(span.text), actor_id=None, kind="person", method="role", at=at, words=span.text)

    def joint(self, members: list[Speaker], method: str, at: int, words: str) -> Speaker:
        uniq: list[Speaker] = []
        for m in members:
            if not any((m.actor_id and m.actor_id == u.actor_id) or m.name == u.name for u in uniq):
                uniq.append(m)
        if len(uniq) == 1:
            return uniq[0].moved(method, at, words)
        kind = "person" if all(m.kind == "person" for m in uniq) else "group"
        return Speaker(name=" and ".join(m.name for m in uniq), actor_id=None, kind=kind, method=method, at=at,
                       members=tuple(uniq), words=words)

    def collective(self, tok) -> Speaker | None:
        """"both sides", "the two ministers": the last joint subject, else the two people (or
        states) most recently named."""
        at = tok.idx
        states = tok.lemma_.lower() in STATE_COLLECTIVES
        words = np_span(tok).text
        for sp in reversed(self.strong):
            if sp.at < at and sp.members and all(m.kind == ("group" if states else "person") for m in sp.members):
                return sp.moved("joint", at, words)
            if states and sp.at < at and sp.members:
                # "X met Y … both countries": the states the two people of the last joint act for.
                countries = [self._state_speaker(m, at) for m in sp.members]
                if all(countries) and len({c.actor_id for c in countries}) == len(countries):
                    return self.joint(countries, "joint", at, words)
                break
        pool = [s for s in sorted(self.strong + self.weak, key=lambda s: s.at)
                if not s.members and s.kind == ("group" if states else "person")]
        if states:
            pool = [s for s in pool if s.actor_id and (self.actor(s.actor_id) or Actor("", "", "")).kind == "state"]
        picked: list[Speaker] = []
        for s in reversed([s for s in pool if s.at < at] or pool):
            if not any(s.name == p.name for p in picked):
                picked.append(s)
            if len(picked) == 2:
                break
        if len(picked) < 2:
            for s in pool:  # named only later in the article
                if not any(s.name == p.name for p in picked):
                    picked.append(s)
                if len(picked) == 2:
                    break
        if len(picked) < 2:
            return None
        return self.joint(list(reversed(picked)), "joint", at, words)

    def _state_speaker(self, sp: Speaker, at: int) -> Speaker | None:
        actor = self.actor(sp.actor_id) if sp.actor_id else None
        if actor is None or actor.kind != "person" or not actor.country:
            return None
        return self.from_actor(actor.country, "joint", at, actor.country)

    def _gender(self, sp: Speaker) -> str | None:
        return self.genders.get(sp.actor_id or sp.name.lower())

    def _genders(self) -> dict[str, str]:
        """"f" or "m" for the people the report marks as one ("a diplomat's wife", "Mr X",
        "his brother X"): read from the words of their noun phrase, appositions and short
        relative clauses."""
        out: dict[str, str] = {}
        for m in self.mentions:
            span = self.doc.char_span(m.start, m.end, alignment_mode="expand")
            actor = self.actor(m.actor_id)
            if span is None or actor is None or actor.kind != "person":
                continue
            root = span.root
            words = [t.lower_ for t in self.doc[root.left_edge.i:span.start]]
            for c in root.children:
                if c.dep_ in ("appos", "relcl") and c.right_edge.i - c.left_edge.i < 14:
                    words += [t.lower_ for t in c.subtree]
            if root.dep_ == "appos":
                words += [t.lower_ for t in np_span(root.head)]
            found = {GENDER_WORDS[w] for w in words if w in GENDER_WORDS}
            if len(found) == 1:
                out.setdefault(m.actor_id, found.pop())
        return out

    def _dead(self) -> set[str]:
        """People the report says are dead ("X died", "X was killed", "the late X", "X's
        funeral", "the death of X"): they cannot speak in it now."""
        out: set[str] = set()
        for m in self.mentions:
            actor = self.actor(m.actor_id)
            span = self.doc.char_span(m.start, m.end, alignment_mode="expand")
            if actor is None or actor.kind != "person" or span is None:
                continue
            root = span.root
            head = root.head
            # "X, who died last month", "X, who was killed in 2020"
            for rel in (c for c in root.children if c.dep_ in ("relcl", "appos", "acl")):
                verb = rel if rel.dep_ != "appos" else next((c for c in rel.children if c.dep_ == "relcl"), rel)
                subj = {c.dep_ for c in verb.children if c.lower_ == "who"}
                if ("nsubj" in subj and verb.lemma_.lower() in DEATH_VERBS) or \
                        ("nsubjpass" in subj and verb.lemma_.lower() in KILL_VERBS):
                    out.add(actor.id)
            left = {t.lower_ for t in self.doc[max(root.left_edge.i, span.start - 2):span.start]}
            if (root.dep_ == "nsubj" and head.lemma_.lower() in DEATH_VERBS and head.pos_ == "VERB"
                    and not any(c.dep_ == "neg" for c in head.children)) \
                    or (root.dep_ == "nsubjpass" and head.lemma_.lower() in KILL_VERBS) \
                    or "late" in left \
                    or (root.dep_ == "poss" and head.lemma_.lower() in DEATH_NOUNS) \
                    or (root.dep_ == "pobj" and head.lower_ == "of" and head.head.lemma_.lower() in DEATH_NOUNS):
                out.add(actor.id)
        return out

    def is_dead(self, sp: Speaker | None) -> bool:
        return self.died_before(sp) is not None

    def died_before(self, sp: Speaker | None) -> str | None:
        """The year a speaker died, when the report says they are dead or the knowledge base
        has them dying before the publication date ("dead" when only the report says so)."""
        if sp is None or not sp.actor_id:
            return None
        rec = self.kb.get(sp.actor_id) if self.kb is not None else None
        died = getattr(rec, "died", None)
        if died and self.date and died[:10] < self.date:
            return died[:4]
        return "dead" if sp.actor_id in self.dead else None

    def cannot_speak(self, sp: Speaker | None, sent) -> bool:
        """A dead speaker's words in a later report are theirs only where the sentence dates
        them before the death ("in 2018", "once said", "before his death"); otherwise the speaker is not known."""
        year = self.died_before(sp)
        if year is None:
            return False
        for t in sent:
            if t.lower_ in ("once", "late", "death"):  # "once said", "said before his death"
                return False
            if year != "dead" and t.like_num and len(t.text) == 4 and t.text.isdigit() and t.text <= year:
                return False
        return True

    def antecedent(self, pos: int, want: str, gender: str | None = None) -> Speaker | None:
        if want == "person" and gender:
            return self._gendered(pos, gender)
        for sp in reversed(self.strong):
            if sp.at >= pos:
                continue
            if want == "person" and sp.kind == "person" and not sp.members and not self.is_dead(sp):
                return sp
            if want == "plural" and (sp.members or sp.kind == "group"):
                return sp
            if want == "group" and sp.kind == "group" and not sp.members and sp.actor_id:
                return sp  # "it": one state or body
        if want == "person":
            for sp in reversed(self.weak):
                if sp.at < pos and sp.kind == "person" and not sp.members and not self.is_dead(sp):
                    return sp
        return None

    def _gendered(self, pos: int, gender: str) -> Speaker | None:
        """"she"/"he": the last person subject whose gender does not clash, unless a person
        the report marks with that very gender was named more recently (in the last two
        sentences): "… spoke with X, a diplomat's wife. She said …" is X."""
        fits = lambda sp: (sp.kind == "person" and not sp.members and self._gender(sp) in (None, gender)  # noqa: E731
                           and not self.is_dead(sp))
        subject = next((sp for sp in reversed(self.strong) if sp.at < pos and fits(sp)), None)
        if subject is None:
            subject = next((sp for sp in reversed(self.weak) if sp.at < pos and fits(sp)), None)
        if subject is None or self._gender(subject) == gender:
            return subject
        tok = next((t for t in self.doc if t.idx >= pos), None)
        floor = subject.at
        if tok is not None and tok.sent.start > 0:
            prev = self.doc[tok.sent.start - 1].sent
            floor = max(floor, prev.start_char)
        marked = [sp for sp in self.strong + self.weak
                  if floor < sp.at < pos and fits(sp) and self._gender(sp) == gender]
        return max(marked, key=lambda sp: sp.at) if marked else subject

    # ----------------------------------------------------------------- subjects of speech

    def subject_of(self, verb):
        """The token naming who performs ``verb``: its own subject, else (for "…, stressing
        that", "was quoted as saying") the subject of the clause it hangs from, preferring
        a speech verb's subject."""
        direct = [c for c in verb.children if c.dep_ in SUBJECT_DEPS]
        if direct:
            subj = direct[0]
            if subj.tag_ in ("WP", "WDT") and verb.dep_ == "relcl":
                return verb.head
            return subj
        chain, v = [], verb
        while v.dep_ in CLIMB_DEPS and v.head is not v and len(chain) < 6:
            v = v.head
            chain.append(v)
        with_subject = [(v, [c for c in v.children if c.dep_ in SUBJECT_DEPS]) for v in chain]
        with_subject = [(v, s[0]) for v, s in with_subject if s]
        for v, s in with_subject:
            if v.lemma_.lower() in SPEECH_VERBS and v.lemma_.lower() not in DESCRIBING_VERBS:
                return s
        return with_subject[0][1] if with_subject else None

    def speaker_of_verb(self, verb) -> Speaker | None:
        subj = self.subject_of(verb)
        return self.resolve_token(subj) if subj is not None else None

    # ----------------------------------------------------------------- labels

    def label_speaker(self, line_start: int, line_end: int) -> Speaker | None:
        """"President X:" or "X said:" on a line of its own: who the following quotes are by.
        Headings ("Key points:", "What they're saying:") name nobody and give None."""
        line = self.text[line_start:line_end].strip()
        if not line.endswith(":") or len(line.split()) > 12 or self.in_quote(line_start):
            return None
        span = self.doc.char_span(line_start, line_end, alignment_mode="expand")
        if span is None:
            return None
        at = span.start_char
        for m in self.mentions:
            if line_start <= m.start < line_end:
                actor = self.actor(m.actor_id)
                if actor is not None and actor.kind == "person":
                    return self.from_actor(actor.id, "label", at, line.rstrip(":"))
        persons = [e for e in self.doc.ents if e.label_ == "PERSON" and line_start <= e.start_char < line_end]
        if persons:
            found = self.resolve_name_span(persons[-1], at)
            return found.moved("label", at, line.rstrip(":")) if found else None
        roles = [t for t in span if t.lemma_.lower() in ROLE_NOUNS and t.pos_ in ("NOUN", "PROPN")]
        if roles:
            return self.role_phrase(roles[-1], span[:roles[-1].i - span.start + 1]).moved("label", at)
        names = [t for t in span if t.pos_ == "PROPN" and t.lower_ not in TITLE_WORDS]
        if names:
            found = self.resolve_single(names[-1])
            # A capitalised heading ("The Big Picture:") is no speaker: an untagged name counts
            # when it resolves to an actor or stands as the subject of "said:".
            said = any(t.lemma_.lower() in SPEECH_VERBS and t.pos_ == "VERB" for t in span)
            if found and (found.actor_id or found.members or said or names[-1].ent_type_ in NAME_ENTS):
                return found.moved("label", at, line.rstrip(":"))
        return None

    def _label_lines(self) -> list[tuple[int, int]]:
        out, pos = [], 0
        for line in self.text.split("\n"):
            if line.strip().endswith(":") and len(line.split()) <= 12:
                out.append((pos, pos + len(line)))
            pos += len(line) + 1
        return out

    # ----------------------------------------------------------------- the timeline

    def _build(self) -> None:
        for m in self.mentions:
            sp = self.from_actor(m.actor_id, m.method or "mention", m.start, m.text)
            if sp is not None:
                self.weak.append(sp)
        for e in self.doc.ents:
            if e.label_ in ("PERSON", "ORG") and not self.mention_at(e.start_char, e.end_char) \
                    and not self.in_quote(e.start_char):
                sp = self.resolve_name_span(e, e.start_char)
                if sp is not None:
                    self.weak.append(sp)
        self.weak.sort(key=lambda s: s.at)
        labels = [(s, e) for s, e in self._label_lines()]
        k = 0
        for tok in self.doc:
            while k < len(labels) and labels[k][0] <= tok.idx:
                sp = self.label_speaker(*labels[k])
                if sp is not None:
                    self.strong.append(sp)
                k += 1
            if tok.dep_ in SUBJECT_DEPS and not self.in_quote(tok.idx):
                sp = self.resolve_token(tok)
                if sp is not None:
                    self.strong.append(sp)
            if tok.pos_ == "VERB" and tok.lemma_.lower() in MEETING_VERBS and not self.in_quote(tok.idx):
                met = self.meeting(tok)
                if met is not None:
                    self.strong.append(met)

    def meeting(self, verb) -> Speaker | None:
        """"X met Y" (or hosted, received): both, as the plural that a following "they" means."""
        subj = next((c for c in verb.children if c.dep_ == "nsubj"), None)
        obj = next((c for c in verb.children if c.dep_ == "dobj"), None)
        if subj is None or obj is None or subj.pos_ == "PRON":
            return None
        sides = [self.resolve_token(subj), self.resolve_token(obj)]
        if any(s is None for s in sides):
            return None
        return self.joint(sides, "joint", verb.idx, self.doc[subj.left_edge.i:obj.right_edge.i + 1].text)


def _bare(words: str) -> str:
    return re.sub(r"^(the|a|an)\s+", "", " ".join(words.split()), flags=re.I)


def _role_key(words: list[str]) -> str | None:
    for phrase, key in ROLE_KEYS:
        n = len(phrase)
        if any(tuple(words[i:i + n]) == phrase for i in range(len(words) - n + 1)):
            return key
    return None
