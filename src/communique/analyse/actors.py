"""The ``actors`` component: find every person, state and organisation an article names and
resolve each to one canonical actor.

What it reads: ``ctx.doc`` (the spaCy parse), ``ctx.kb`` and ``ctx.article.published`` (the
date used to pick the role someone held; unknown when None).
What it writes:
  * ``ctx.analysis.mentions``: one :class:`Mention` per naming, with exact character offsets
    and the article's own words; ``role_title`` keeps the office the article gives, and
    ``role_conflict`` says where that office contradicts the knowledge base on that date.
  * ``ctx.analysis.actors``: an :class:`Actor` for every id used (knowledge-base actors, and
    "text" actors known only from the article, e.g. an unknown minister: id ``per.<slug>``,
    the country and sector from the title).
  * ``ctx.scratch["actor_spans"]``: sorted ``(start_char, end_char, actor_id)`` covering each
    mention, widened to the whole phrase ("Iraqi Interior Minister Othman Al-Araji",
    "Iraqi officials").
  * ``ctx.scratch["actor_resolver"]``: the article's discourse memory (used by the helpers).

Helpers for the components that run later (events, quotes):
  * ``actor_at(ctx, token_or_span) -> str | None``: the actor a token or noun phrase stands
    for, pronouns included ("he" -> the person last named as a subject nearby).
  * ``actors_at(ctx, token_or_span) -> list[str]``: the same, expanded over conjunctions
    ("Tehran and Baghdad" -> ["IRN", "IRQ"]) and over every actor inside a span.
  * ``resolve_name(ctx, text) -> str | None``: a free-standing label such as a quote's
    speaker line ("President Masoud Pezeshkian:") or a role phrase ("the Iraqi parliament
    speaker"), resolved with the article's memory.

Resolution rules for a person's name, in order: a name already seen in the article (full
name, or a surname or tail of it); the knowledge base by name or alias; by surname, when one
person fits (or the article's earlier names, title or named states decide); a transliteration
key (Baqeri / Bagheri); else a text actor when a title vouches for the person or the parser
tags a full name as a person. An office without a name ("the Iraqi parliament speaker") is
the person the article named with it, else the KB's holder on the article's date, else the
state. Capitals after "in"/"at" are places, not actors; a leading dateline names nobody.

Modules: ``actor_rules`` (titles, honorifics, collective nouns, transliteration key),
``actor_index`` (KB phrase matchers, built once per KB), ``actor_finder`` (candidate spans),
``actor_resolver`` (per-article memory), ``actor_lookup`` (the helpers above), ``actor_kb``
(packaged KB plus the user's files from ``communique kb add``).
"""
from __future__ import annotations

from ..models import Mention
from . import component
from .actor_country import NO_STATE, country_in_phrase, dominant_state
from .actor_finder import UNKNOWN_OWNER, Cand, Finder, dateline_end, full_name, strip_possessive
from .actor_index import DEMONYM, PLACE, index_for
from .actor_kb import effective_kb
from .actor_lookup import actor_at, actors_at, resolve_name
from .actor_resolver import Resolver
from .actor_rules import (DESCRIPTORS, GROUP_NOUNS, LOCATIVE, PERSON_NOUNS, PLACE_NOUNS, REGION_WORDS, THING_NOUNS,
                          Title, minority_of)

__all__ = ["find_actors", "actor_at", "actors_at", "resolve_name"]

_INDEFINITE = frozenset({"a", "an", "another", "one", "some", "several"})
# Entities whose names contain a state word without the state acting.
_THINGS = frozenset({"LOC", "FAC", "EVENT", "WORK_OF_ART", "LAW", "PRODUCT"})
_PRODUCTS = frozenset({"PRODUCT", "WORK_OF_ART", "EVENT", "LAW"})


def names_a_thing(doc, s: int, e: int) -> bool:
    """Whether the name at tokens [s, e) belongs to a place or a thing named after someone:
    its capitalised run, continued past the name ("Imam Khomeini International Airport",
    "King Fahd Causeway"), ends in a place or thing noun."""
    end = e
    while end < len(doc) and end - e < 3 and doc[end].is_alpha and doc[end].text[:1].isupper() \
            and doc[end].pos_ in ("PROPN", "NOUN", "ADJ"):
        end += 1
    last = doc[end - 1].lower_ if end > e else (doc[e].lower_ if e < len(doc) else "")
    return last in PLACE_NOUNS | THING_NOUNS or doc[e - 1].lower_ in PLACE_NOUNS | THING_NOUNS


def _inside_name_of_thing(doc, s: int, e: int) -> bool:
    ent_type = doc[s].ent_type_
    if ent_type not in _THINGS:
        return False
    ent = next((x for x in doc.ents if x.start <= s < x.end), None)
    return ent is not None and (ent.start < s or ent.end > e)


@component("actors", adds=("mentions", "actors"))
def find_actors(ctx) -> None:
    # The user's own records (``communique kb add``) count too; later components see them.
    ctx.kb = kb = effective_kb(ctx.kb)
    doc, article = ctx.doc, ctx.article
    ctx.scratch["actor_spans"] = []
    if kb is None:
        return
    idx = index_for(kb, doc.vocab)
    finder = Finder(doc, idx)
    res = Resolver(kb=kb, idx=idx, article_id=article.id, date=article.published, states=finder.states(kb))
    work = _Article(doc, article.id, res, finder)
    for c in finder.candidates(skip_to=dateline_end(doc)):
        if c.kind == "title":
            work.title(c)
        elif c.kind == "kb":
            work.phrase(c)
        else:
            work.run(c)
    work.countries_from_report(kb)
    known = {a.id for a in ctx.analysis.actors}
    ctx.analysis.mentions.extend(work.mentions)
    ctx.analysis.actors.extend(a for a in work.res.actors.values() if a.id not in known)
    ctx.scratch["actor_spans"] = sorted(work.spans)
    ctx.scratch["actor_resolver"] = work.res
    ctx.scratch["actor_mentions"] = work.mentions
    ctx.scratch["actor_article"] = work  # for country_for: people found later (quote speakers)


class _Article:
    """Resolves one article's candidates in text order, so each can use what came before."""

    def __init__(self, doc, article_id: str, res: Resolver, finder: Finder):
        self.doc, self.article_id, self.res, self.finder = doc, article_id, res, finder
        self.mentions: list[Mention] = []
        self.spans: list[tuple[int, int, str]] = []
        self.last_office: dict[int, Cand] = {}  # sentence start -> last office named in it

    def emit(self, s: int, e: int, actor_id: str, method: str, *, cover: tuple[int, int] | None = None,
             role_title: str | None = None, conflict: str | None = None) -> None:
        doc = self.doc
        span = doc[s:e]
        self.mentions.append(Mention(article_id=self.article_id, start=span.start_char, end=span.end_char,
                                     text=span.text, actor_id=self.res.use(actor_id), role_title=role_title,
                                     role_conflict=conflict, method=method))
        cs, ce = cover or (s, e)
        self.spans.append((doc[cs].idx, doc[ce - 1].idx + len(doc[ce - 1].text), actor_id))

    def bare_name(self, words):
        """A person's own name inside a name run: descriptions, parties, regions, states and
        leading verbs or adjectives dropped ("Minnesota Amy Klobuchar", "Podcaster X",
        "Saying X"); at least one word stays."""
        kb = self.res.kb
        while len(words) > 1:
            t = words[0]
            low = t.lower_
            if low in DESCRIPTORS or low in REGION_WORDS or t.tag_ in ("VBG", "VBD", "VBN") \
                    or (t.pos_ in ("ADJ", "ADV") and not t.ent_type_) \
                    or (kb is not None and kb.state_for(t.text) is not None):
                words = words[1:]
                continue
            break
        return words

    # ----- countries of people the knowledge base does not know

    def country_at(self, i: int) -> str | None:
        """The country of the actor named at token ``i`` (a state is its own country)."""
        at = self.doc[i].idx
        for m in self.mentions:
            if m.start <= at < m.end:
                actor = self.res.actors.get(m.actor_id)
                rec = self.res.kb.get(m.actor_id) if actor is None else None
                return (actor.country if actor is not None else rec.country if rec is not None else None)
        return None

    def country_for(self, start: int, end: int) -> tuple[str | None, bool]:
        """The country of a person named at tokens [start, end) whom the KB does not know, and
        whether it is only the report's main state (a guess, see Actor.country_guessed)."""
        found = country_in_phrase(self.doc, start, end, self.res.kb, self.country_at, self.org_at)
        return (None, False) if found == NO_STATE else (found, False) if found else (getattr(self, "home", None), True)

    def org_at(self, i: int):
        """The organisation (not a state, not a person) named at token ``i``, if any."""
        at = self.doc[i].idx
        for m in self.mentions:
            if m.start <= at < m.end:
                rec = self.res.kb.get(m.actor_id)
                return rec if rec is not None and rec.kind in ("organization", "group") else None
        return None

    def countries_from_report(self, kb) -> None:
        """Text persons with no country get the one the report ties them to (actor_country.py)."""
        spans: dict[str, list[tuple[int, int]]] = {}
        states = []
        for m in self.mentions:
            span = self.doc.char_span(m.start, m.end, alignment_mode="expand")
            if span is None:
                continue
            spans.setdefault(m.actor_id, []).append((span.start, span.end))
            rec = kb.get(m.actor_id)
            if rec is not None and rec.country:  # states, and the people and bodies of a state
                states.append(rec.country)
        self.home = home = dominant_state(states)
        for actor in self.res.actors.values():
            if actor.origin != "text" or actor.kind != "person" or actor.country:
                continue
            found = None
            for s, e in spans.get(actor.id, ()):
                found = country_in_phrase(self.doc, s, e, kb, self.country_at, self.org_at)
                if found:
                    break
            actor.country = None if found == NO_STATE else found or home
            actor.country_guessed = found is None

    # ----- name runs: "Qalibaf", "Saddam Hussein"

    def run(self, c: Cand) -> None:
        res, doc = self.res, self.doc
        words = strip_possessive(doc[c.start:c.end])
        proper = all(t.pos_ == "PROPN" or not t.is_alpha for t in words)
        # The name of a place or a thing, never a person: "the Imam Ali shrine", "Khorasan
        # Razavi province", "the port of Umm Qasr", "Rocky Linux", "Red Hat Inc."
        named_thing = names_a_thing(doc, c.start, c.end) \
            or (c.start > 1 and doc[c.start - 1].lower_ == "of" and doc[c.start - 2].lower_ in PLACE_NOUNS) \
            or any(t.lower_ in THING_NOUNS or (t.ent_type_ in _PRODUCTS and not c.person) for t in words)
        if named_thing and len(words) == c.end - c.start:
            return
        found = res.person(words.text, licensed=c.person, proper=proper)
        # A full name the parser calls a person, unless the words around make it a place ("in Khorasan Razavi").
        place = (c.start and doc[c.start - 1].lower_ in LOCATIVE) or named_thing
        if found is None and c.person and not place:
            bare = self.bare_name(words)
            if full_name(bare):
                found = (res.text_person(bare.text, None, None, None, None), "text")
        if found:
            res.remember(found[0], words.text, None)
            self.emit(words.start, words.end, found[0], found[1])

    # ----- offices: "Iraqi Interior Minister Othman Al-Araji", "the Iranian parliament speaker"

    def title(self, c: Cand) -> None:
        doc, res = self.doc, self.res
        sent_start = doc[c.start].sent.start
        title = c.title
        if title is None:  # "his Iraqi counterpart": the office just named for the other side
            prev = self.last_office.get(sent_start)
            title = prev.title if prev is not None else None
        else:
            self.last_office[sent_start] = c
        role_title = doc[c.start:c.title_end].text
        owner = None if c.owner == UNKNOWN_OWNER else c.owner
        state = owner
        if owner and res.kb.get(owner) is not None and res.kb.get(owner).kind != "state":
            state = res.kb.get(owner).country  # "IRGC commander": the organisation's state
        if c.name is not None:
            self._named(c, title, role_title, owner, state)
            return
        if c.owner == UNKNOWN_OWNER:
            return  # "the Basra governor": nobody the KB or the article can name
        found = None
        if title is not None and not c.past:
            found = res.holder(owner, _office(title, doc, c), state=state, back_reference=doc[c.start].is_lower)
        start = c.start
        if found is None and state and (title is None or title.key == "other" or c.title is None) \
                and not (start and doc[start - 1].lower_ in _INDEFINITE):
            # "the Iranian minister", "his Turkish counterpart": the last person of that state.
            if c.title is None or doc[c.title_end - 1].lower_ in PERSON_NOUNS:
                person = res.last_by_country.get(state)
                found = (person, "anaphor") if person else None
        if found is not None:
            self.emit(start, c.title_end, found[0], found[1], role_title=role_title)
        elif state:
            self.emit(start, c.title_end, state, "role-state", role_title=role_title)

    def _named(self, c: Cand, title, role_title: str, owner: str | None, state: str | None) -> None:
        doc, res = self.doc, self.res
        ns, ne = c.name
        if names_a_thing(doc, ns, ne):
            return  # "King Fahd International Airport": a place named after a king
        words = strip_possessive(doc[ns:ne])
        sector = title.sector if title is not None else None
        found = res.person(words.text, country=state, title=title, licensed=True)
        if found is None:
            honour = next((self.finder.honorific[i][1] for i in range(c.title_end, ns) if i in self.finder.honorific),
                          None)
            found = (res.text_person(self.bare_name(words).text, state, sector or honour, role_title, title), "title")
        elif res.actors.get(found[0]) is not None and res.actors[found[0]].origin == "text":
            res.text_person(res.actors[found[0]].name, state, sector, role_title, title)  # adds the office
        actor_id, method = found
        res.remember(actor_id, words.text, state)
        if title is not None:
            res.remember_role(actor_id, owner, _office(title, doc, c))
        conflict = None if c.past or c.owner == UNKNOWN_OWNER else res.conflict(actor_id, title, role_title, state)
        self.emit(words.start, words.end, actor_id, method, cover=(c.start, c.end), role_title=role_title,
                  conflict=conflict)

    # ----- knowledge-base phrases: states, organisations, full names, demonyms

    def phrase(self, c: Cand) -> None:
        doc, res = self.doc, self.res
        entry = c.entries[0]
        s, e = c.start, c.end
        if entry.kind == "person":
            if names_a_thing(doc, s, e):
                return  # "Imam Khomeini International Airport": a place named after him
            words = doc[s:e]
            found = res.person(words.text, licensed=True) or (None if e - s == 1 else (entry.actor_id, "alias"))
            if found is None:
                return  # a one-word name the report gives no support for (Resolver._relevant)
            res.remember(found[0], words.text, None)
            self.emit(s, e, found[0], found[1])
            return
        if entry.how == PLACE and s > 0 and doc[s - 1].lower_ in LOCATIVE:
            return  # "talks in Tehran": a place, not an actor
        if entry.kind == "state" and _inside_name_of_thing(doc, s, e):
            return  # "the Persian Gulf", "the Gulf of Oman", "the Iran-Iraq War"
        if entry.how == DEMONYM and entry.kind == "state" and self._group(s, e, entry.actor_id):
            return
        if entry.how == DEMONYM and e - s == 1 and minority_of(doc[s], self._state_of) is not None:
            return  # "Bosnian Serbs", "ethnic Turks": people of another state, or of none named
        self.emit(s, e, entry.actor_id, entry.how)

    def _state_of(self, word: str) -> str | None:
        rec = self.res.kb.state_for(word) if self.res.kb is not None else None
        return rec.id if rec is not None else None

    def _group(self, s: int, e: int, state: str) -> bool:
        """"Iraqi officials", "the Iranian side" -> the state; "the Iranian official" -> the
        last person of that state the article named. Emits and returns True when it applies."""
        doc = self.doc
        last = doc[e - 1]
        head = last.head
        if not (e <= head.i <= e + 3 and last.dep_ in ("amod", "compound", "nmod")
                and not any(self.finder.taken[e:head.i + 1])):
            return False
        noun = head.lower_
        det = next((t.lower_ for t in head.children if t.dep_ == "det"), "")
        if noun in PERSON_NOUNS and head.tag_ in ("NN", "NNP") and det not in _INDEFINITE:
            person = self.res.last_by_country.get(state)
            if person:
                self.emit(s, head.i + 1, person, "anaphor")
                return True
        if noun in GROUP_NOUNS:
            self.emit(s, head.i + 1, state, "group")
            return True
        return False


def _office(title: Title, doc, c: Cand) -> str:
    """The key an office is remembered by: its role key, or for the catch-all "other" the
    title's head word, so a "spokesman" is not taken for the "minister" named before."""
    return title.key if title.key != "other" else "other:" + doc[c.title_end - 1].lower_
