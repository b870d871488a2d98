"""Who did what to whom: the parties of an event, read off the noun phrases around its trigger.

The actor component (run before events) leaves `ctx.analysis.mentions`, each a character span
resolved to an actor id. This module maps a noun phrase of the parse to those mentions. Where
no mention covers a phrase it falls back on the knowledge base word by word (demonyms, states,
capitals), then on CAMEO's conventions for generic agents ("police", "rebels": the country
comes from context) and pronouns (the nearest earlier party).
"""
from __future__ import annotations

import bisect
from dataclasses import dataclass, replace
from typing import Iterable

from ..knowledge.ontology import lexicon
from ..models import Actor, Mention
from .actor_rules import minority_of
from .nlp import doc_text

# Dependents that start another clause or a side remark: a party is not looked for inside them.
_CLAUSAL = frozenset({"relcl", "acl", "advcl", "ccomp", "xcomp", "parataxis", "punct", "cc", "mark", "advmod",
                      "csubj", "dep", "npadvmod"})
# Prepositions whose objects still describe the phrase's head ("the head of Iraq's delegation").
_OF_PREPS = frozenset({"of", "from"})
_PRONOUNS = frozenset({"it", "its", "they", "their", "them", "he", "his", "him", "she", "her", "we", "our", "us",
                       "i", "my", "itself", "themselves", "who", "which", "that"})
_KIND_RANK = {"person": 0, "organization": 1, "group": 1, "state": 2}
_SPONSOR_SUFFIXES = ("-backed", "-supported", "-sponsored", "-funded", "-armed", "-allied", "-aligned", "-leaning",
                     "-inspired", "-trained", " backed", "-financed")
_PLURAL_STATES = lexicon().group("plural_states")
_PLURAL_PERSONS = lexicon().group("plural_persons")

# Modifiers that say a generic agent is not of the state the story is in ("foreign forces",
# "world powers").
FOREIGN = lexicon().group("foreign")


@dataclass(frozen=True)
class Party:
    actor_id: str
    start: int
    end: int
    text: str
    method: str  # how it was found: the mention's method, 'kb-word', 'context', 'pronoun', 'label'

    def as_dict(self) -> dict:
        return {"actor_id": self.actor_id, "text": self.text, "start": self.start, "end": self.end,
                "method": self.method}


def _anaphor(head, tokens) -> bool:
    """"The ministry", "the two sides", "both countries", "this official": a common noun that
    points back (a definite or demonstrative determiner, or a 'two'/'both' count), not a name."""
    return len(tokens) <= 3 and head.tag_ in ("NN", "NNS") and any(
        c.dep_ in ("det", "nummod", "predet") and c.lower_ in ("the", "this", "that", "these", "those", "both", "two")
        for c in head.children)


class PartyResolver:
    """Party lookup for one article; keeps the last subject seen for pronouns."""

    def __init__(self, ctx, agents: dict[str, str], acts: frozenset[str] = frozenset()):
        self.ctx = ctx
        self.kb = ctx.kb
        self.agents = agents
        # Nouns of violent acts: their "of" names the victim, not the author ("the killing of X").
        self.acts = acts
        self.mentions: list[Mention] = sorted(ctx.analysis.mentions, key=lambda m: (m.start, -m.end))
        self._starts = [m.start for m in self.mentions]
        self.actors: dict[str, Actor] = {a.id: a for a in ctx.analysis.actors}
        self.dateline_state = self._state_of_word(ctx.article.dateline) if ctx.article.dateline else None
        # Where the event being coded happened (set by events.py), and where the last one did: the
        # first places an agent acts for ("demonstrators rallied in Basra" are Iraqi).
        self.place_hint: str | None = None
        self.last_place: str | None = None
        self.discourse = ctx.scratch["discourse"]  # analyse/discourse.py: the events component needs it

    # ----- actors known to the analysis

    def kind(self, actor_id: str) -> str:
        a = self.actors.get(actor_id)
        if a:
            return a.kind
        rec = self.kb.get(actor_id) if self.kb else None
        return rec.kind if rec else "group"

    def country(self, actor_id: str) -> str | None:
        a = self.actors.get(actor_id)
        if a:
            return a.country
        rec = self.kb.get(actor_id) if self.kb else None
        return rec.country if rec else None

    def sector(self, actor_id: str) -> str | None:
        return self._field(actor_id, "sector")

    def name(self, actor_id: str) -> str | None:
        return self._field(actor_id, "name")

    def _field(self, actor_id: str, name: str):
        a = self.actors.get(actor_id) or (self.kb.get(actor_id) if self.kb else None)
        return getattr(a, name, None) if a else None

    def holds_office(self, actor_id: str) -> bool:
        """Stricter than ``political``: a state, a body, or a person with an office (known to the
        knowledge base or given one by the report), whose words are acts of politics; a private
        person with a country is not."""
        if self.kind(actor_id) != "person":
            return True
        a = self.actors.get(actor_id)
        return (self.kb is not None and actor_id in self.kb) or bool(a is not None and a.roles)

    def political(self, actor_id: str) -> bool:
        """Whether event data codes this party at all (CAMEO codes only actors its dictionaries
        know): a state, an organisation or group, or a person the knowledge base holds or the
        article gives an office or a country. A private person named only by name is not."""
        if self.kind(actor_id) != "person":
            return True
        if self.kb is not None and actor_id in self.kb:
            return True
        a = self.actors.get(actor_id)
        return a is not None and bool(a.country or a.roles)

    def ensure_actor(self, actor_id: str) -> None:
        """Every actor an event names must be in analysis.actors; kb actors found here are added."""
        if actor_id in self.actors:
            return
        rec = self.kb.get(actor_id) if self.kb else None
        if rec is not None:
            actor = rec.to_actor()
            self.actors[actor_id] = actor
            self.ctx.analysis.actors.append(actor)

    # ----- mentions

    def mentions_between(self, start: int, end: int) -> list[Mention]:
        i = bisect.bisect_left(self._starts, start)
        out = []
        while i < len(self.mentions) and self.mentions[i].start < end:
            m = self.mentions[i]
            if m.end <= end:
                out.append(m)
            i += 1
        return out

    def mention_covering(self, token) -> Mention | None:
        for m in self.mentions_between(max(0, token.idx - 200), token.idx + len(token) + 200):
            if m.start <= token.idx and token.idx + len(token) <= m.end:
                return m
        return None

    # ----- noun phrases

    def core_tokens(self, head) -> list:
        """The head and the dependents that still describe it (not clauses, not side remarks)."""
        out, stack = [], [head]
        while stack:
            t = stack.pop()
            out.append(t)
            for c in t.children:
                if (c.dep_ in _CLAUSAL and not (c.dep_ == "npadvmod" and t.lower_ == "based")) or \
                        (c.dep_ == "conj" and t is head):
                    continue  # ("Basra-based companies": the place before '-based' still describes them)
                if c.dep_ == "prep" and c.lemma_.lower() not in _OF_PREPS and not (
                        c.lemma_.lower() in ("in", "at") and self.is_agent(head)):
                    continue
                if c.dep_ == "prep" and c.lower_ == "of" and t.lemma_.lower() in self.acts:
                    continue
                stack.append(c)
        return sorted(out, key=lambda t: t.i)

    def is_agent(self, token) -> bool:
        """A generic agent noun ("police", "rebels"), or an ethnic group named with "ethnic"
        ("ethnic Turks"): the country comes from context."""
        return token.lemma_.lower() in self.agents or token.text.lower() in self.agents or \
            minority_of(token, self._state_of_word) == ""

    def parties_of(self, head, *, exclude: Iterable[str] = (), allow_context: bool = True) -> list[Party]:
        """The parties a noun phrase names, its conjuncts included ("Hungarian and Romanian
        officials", "Iran and Iraq")."""
        found: list[Party] = []
        for h in [head, *self._conjuncts(head)]:
            for p in self._parties_of_one(h, exclude, allow_context):
                body = self.acting_for(p.actor_id)
                if body != p.actor_id:
                    p = replace(p, actor_id=body)
                    self.ensure_actor(body)
                if p.actor_id not in {f.actor_id for f in found}:
                    found.append(p)
        return found

    def acting_for(self, actor_id: str) -> str:
        """An official of an intergovernmental body acts for it (the UN Secretary-General's acts
        are the UN's): a person who on the article's date holds only offices of one such body."""
        rec = self.kb.get(actor_id) if self.kb else None
        if rec is None or rec.kind != "person":
            return actor_id
        date = self.ctx.article.published
        held = self.kb.roles_at(rec.id, date) if date else [r for r in rec.roles if not r.end]
        bodies = {r.org for r in held if r.sector == "IGO" and r.org and r.org in self.kb}
        if len(bodies) == 1 and all(r.sector == "IGO" for r in held):
            return bodies.pop()
        return actor_id

    def _conjuncts(self, head) -> list:
        out, stack = [], [c for c in head.children if c.dep_ == "conj"]
        while stack:
            t = stack.pop(0)
            out.append(t)
            stack.extend(c for c in t.children if c.dep_ == "conj")
        return out

    def _parties_of_one(self, head, exclude: Iterable[str], allow_context: bool) -> list[Party]:
        from .event_patterns import is_quantity

        if is_quantity(head) and head.lower_ not in _PRONOUNS:
            counted = [g for p in head.children if p.dep_ == "prep" and p.lower_ == "of"
                       for g in p.children if g.dep_ == "pobj"]
            if counted:
                return self.parties_of(counted[0], exclude=exclude, allow_context=allow_context)
        if head.lower_ in _PLURAL_STATES | _PLURAL_PERSONS and any(c.lower_ in ("two", "both") for c in head.children):
            pair = self.recent_pair(head.idx, persons_first=head.lower_ in _PLURAL_PERSONS)
            if pair:
                return pair
        if head.lower_ in ("two", "both") and head.dep_ in ("nsubj", "nsubjpass"):
            # "The two agreed ...", "Both said ...": the two people last named, else two states.
            pair = self.recent_pair(head.idx, persons_first=True)
            if pair:
                return pair
        tokens = self.core_tokens(head)
        start, end = tokens[0].idx, tokens[-1].idx + len(tokens[-1])
        idx = {t.idx for t in tokens}
        mentions = [m for m in self.mentions_between(start, end) if any(m.start <= i < m.end for i in idx)
                    and not self.sponsor_only(m)]
        covering = [m for m in mentions if m.start <= head.idx < m.end]
        if covering:
            chosen = covering[:1] + [m for m in self._modifier_mentions(head, mentions) if m not in covering[:1]
                                     and self._conj_modifier(head, m)]
        elif mentions:
            chosen = self._modifier_mentions(head, mentions)
        else:
            chosen = []
        parties = [self._party(m) for m in chosen]
        if not parties and (head.lower_ in _PRONOUNS or _anaphor(head, tokens)):
            # Pronouns and anaphors ("he", "the ministry", "the two sides") are the discourse
            # layer's to resolve, so an event and a quote of one sentence name the same actor.
            parties = [Party(a, head.idx, head.idx + len(head), head.text,
                             "pronoun" if head.lower_ in _PRONOUNS else "back-reference")
                       for a in self.discourse.referent(head) if a not in exclude]
        if not parties:
            parties = self._kb_words(tokens)
        if not parties and allow_context and self.is_agent(head) and not any(
                c.lower_ in FOREIGN for c in head.children if c.dep_ in ("amod", "compound")):
            state, method = self.state_in_view(head.sent, exclude)
            if state:
                parties = [Party(state, head.idx, head.idx + len(head), head.text, method)]
        for p in parties:
            self.ensure_actor(p.actor_id)
        return parties

    def _modifier_mentions(self, head, mentions: list[Mention]) -> list[Mention]:
        """No mention covers the head: the phrase's modifiers name the party. Conjoined modifiers
        ("Iraqi and Kuwaiti ministers") are each a party; otherwise persons and
        organisations come before states and the first one wins."""
        by_kind = sorted(mentions, key=lambda m: (_KIND_RANK.get(self.kind(m.actor_id), 3), m.start))
        first = by_kind[0]
        chosen = [first]
        tok = next((t for t in head.sent if t.idx == first.start), None)
        if tok is not None:
            linked = {t.idx for t in self._conjuncts(tok)} | ({tok.head.idx} if tok.dep_ == "conj" else set())
            chosen += [m for m in mentions if m is not first and m.start in linked]
        return chosen

    def sponsor_only(self, m: Mention) -> bool:
        """A name that only qualifies someone else's allegiance ("Israeli-backed militia",
        "pro-Syrian factions") does not make them act for that state."""
        text = doc_text(self.ctx.doc)
        after = text[m.end:m.end + 14].lower()
        before = text[max(0, m.start - 5):m.start].lower()
        return after.startswith(_SPONSOR_SUFFIXES) or before.endswith(("pro-", "anti-", "pro ", "anti "))

    @staticmethod
    def _conj_modifier(head, m: Mention) -> bool:
        """A mention on a modifier conjoined with another ("Armenian and Azerbaijani forces")."""
        tok = next((t for t in head.sent if t.idx == m.start), None)
        return tok is not None and tok.dep_ == "conj" and tok.head.dep_ in ("amod", "compound", "nmod")

    def _party(self, m: Mention) -> Party:
        return Party(m.actor_id, m.start, m.end, m.text, m.method or "mention")

    def _kb_words(self, tokens: list) -> list[Party]:
        """Words the actor layer left alone that the knowledge base still knows ("Romanian",
        "Great Britain", "Jakarta", "the Zionist regime"): the longest known run of capitalised
        or entity words wins."""
        if not self.kb:
            return []
        out: list[Party] = []
        tokens = [t for t in tokens if minority_of(t, self._state_of_word) is None]
        i = 0
        while i < len(tokens):
            hit = None
            for n in (4, 3, 2, 1):
                run = tokens[i:i + n]
                if len(run) < n or any(b.i != a.i + 1 for a, b in zip(run, run[1:])):
                    continue
                if not (run[-1].text[:1].isupper() or run[-1].ent_type_ in ("GPE", "NORP", "ORG")):
                    continue
                text = doc_text(self.ctx.doc)[run[0].idx:run[-1].idx + len(run[-1])]
                rec = self.kb.state_for(text) or self._org(text)
                if rec is not None:
                    hit = (rec.id, run)
                    break
                if all(t.ent_type_ == "GPE" for t in run):
                    # A city stands for its state ("Basra-based companies", "police in Jakarta").
                    from .places import gazetteer

                    place = gazetteer().lookup(text)
                    if place is not None and place.country in self.kb:
                        hit = (place.country, run)
                        break
            if hit:
                actor_id, run = hit
                if actor_id not in {p.actor_id for p in out}:
                    out.append(Party(actor_id, run[0].idx, run[-1].idx + len(run[-1]),
                                     doc_text(self.ctx.doc)[run[0].idx:run[-1].idx + len(run[-1])], "kb-word"))
                i += len(run)
            else:
                i += 1
        return out[:3]

    def _org(self, text: str):
        found = [r for r in self.kb.lookup(text) if r.kind in ("organization", "state")]
        return found[0] if len(found) == 1 else None

    def _state_of_word(self, word: str | None) -> str | None:
        if not word or not self.kb:
            return None
        rec = self.kb.state_for(word)
        if rec is not None:
            return rec.id
        from .places import gazetteer

        place = gazetteer().lookup(word)
        # Only a state the knowledge base holds: an event's party must be an actor we can export.
        return place.country if place and place.country in self.kb else None

    def state_in_view(self, sent, exclude: Iterable[str] = ()) -> tuple[str | None, str]:
        """``context_state`` for an unnamed doer, and how it was found: "context", or, when the only
        state in view is the other side's, that state itself ("context-domestic": protesters and
        police, arrests at home: CAMEO codes the state on both sides)."""
        state = self.context_state(sent, exclude, domestic=False)
        if state is None and exclude:
            return self.context_state(sent), "context-domestic"
        return state, "context"

    def context_state(self, sent, exclude: Iterable[str] = (), domestic: bool = True) -> str | None:
        """CAMEO's convention for an agent with no country of its own: the first state the
        sentence names (a place counts), else the article's dateline."""
        skip = set(exclude)
        seen: list[str] = []
        for m in self.mentions_between(sent.start_char, sent.end_char):
            if self.sponsor_only(m):
                continue
            country = self.country(m.actor_id) if self.kind(m.actor_id) == "state" else None
            if country:
                seen.append(country)
        for t in sent:
            if t.ent_type_ in ("GPE", "NORP", "LOC") and t.text[:1].isupper():
                sid = self._state_of_word(t.text)
                if sid:
                    seen.append(sid)
        if self.place_hint and self.place_hint not in skip:
            return self.place_hint
        for country in seen:
            if country not in skip:
                return country
        if self.dateline_state and self.dateline_state not in skip:
            return self.dateline_state
        if not seen and self.last_place and self.last_place not in skip:
            return self.last_place
        # Only the other side's state is in view: a domestic affair ("police fired at demonstrators
        # in Jakarta").
        return seen[0] if seen and domestic else None

    # ----- discourse

    def recent_pair(self, before: int, persons_first: bool = False) -> list[Party]:
        """"The two countries", "both leaders": the two states (or persons, for words naming
        people) the article has named most often before this point, from different countries."""
        order = (("person",), ("state",)) if persons_first else (("state",), ("person",))
        for kinds in order:
            counts: dict[str, list[Mention]] = {}
            for m in self.mentions_between(0, before):
                if self.kind(m.actor_id) in kinds:
                    counts.setdefault(m.actor_id, []).append(m)
            ranked = sorted(counts.items(), key=lambda kv: (-len(kv[1]), -kv[1][-1].start))
            found: list[Party] = []
            countries: set[str | None] = set()
            for actor_id, ms in ranked:
                country = self.country(actor_id)
                if kinds == ("person",) and country in countries:
                    continue
                countries.add(country)
                found.append(Party(actor_id, ms[-1].start, ms[-1].end, ms[-1].text, "plural-reference"))
                if len(found) == 2:
                    return found
        return []

    def label_speaker(self, sent) -> list[Party]:
        """Structured briefs put the speaker on a line of its own ("President X:") above the
        quoted paragraphs: the nearest such label line before this sentence."""
        text = self.ctx.article.text
        pos = sent.start_char
        for _ in range(12):
            line_end = text.rfind("\n", 0, pos)
            if line_end <= 0:
                return []
            line_start = text.rfind("\n", 0, line_end) + 1
            line = text[line_start:line_end].strip()
            pos = line_start
            if not line:
                continue
            if line.endswith(":") and len(line) < 90:
                found = [self._party(m) for m in self.mentions_between(line_start, line_end)]
                persons = [p for p in found if self.kind(p.actor_id) == "person"]
                if persons or found:
                    return [Party(p.actor_id, p.start, p.end, p.text, "label") for p in (persons or found)[:1]]
                if not line.lower().startswith(("what", "why", "the big", "key", "go deeper")):
                    return []
        return []

    def article_principals(self) -> list[Party]:
        """The article's main persons from different countries (most mentioned first): the parties
        of a meeting the text reports without naming them ("The meeting took place ...")."""
        counts: dict[str, list[Mention]] = {}
        for m in self.mentions:
            if self.kind(m.actor_id) == "person":
                counts.setdefault(m.actor_id, []).append(m)
        ranked = sorted(counts.items(), key=lambda kv: (-len(kv[1]), kv[1][0].start))
        out: list[Party] = []
        seen_countries: set[str | None] = set()
        for actor_id, ms in ranked:
            country = self.country(actor_id)
            if country is None or country in seen_countries:
                continue
            seen_countries.add(country)
            out.append(Party(actor_id, ms[0].start, ms[0].end, ms[0].text, "principal"))
            if len(out) == 2:
                break
        return out if len(out) == 2 else []
