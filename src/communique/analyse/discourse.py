"""The discourse layer: one reading of the report that events and quotes both use.

It runs after ``actors`` and before ``events`` and ``quotes`` and stores a :class:`Discourse`
in ``ctx.scratch["discourse"]``:

* ``referent(token)``: the actor ids a token stands for at its place in the report: a name
  (through the actor layer's mentions), a pronoun ("he", "she", "they", "it"), an anaphor
  ("the ministry", "the minister", "the two sides", "both countries"), or "I"/"we" inside a
  quote (its speaker). One resolver (discourse_referents.Referents) answers for everyone, so
  an event and a quote from the same sentence cannot disagree about who acted.
* ``attributions``: who says what, in text order: every direct quote (discourse_direct.py)
  and every reported statement ("X said that …", "according to X, …", quote_reported.py),
  with the speaker's actor ids, the kind of attribution (say, claim, deny, according_to,
  report), the cue token and the token range of the content.
* ``attribution_of(token)``: the innermost attribution whose content holds the token, so an
  event inside "Iraqi officials claimed that Iran shelled villages" knows it is a claim.

A speaker the report does not make known stays unknown ([]): a wrong speaker is worse than
none.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from ..models import Actor
from . import component
from .actor_country import state_in_name
from .actor_rules import slug
from .discourse_direct import DirectAttribution, Tokens, fallback_subject, line_start, method_of
from .discourse_referents import PERSON_PRONOUNS, PLURAL_PRONOUNS, STATE_BODIES, Referents, Speaker
from .discourse_names import looks_like_person, person_part
from .quote_marks import BULLETS, find_quotes, is_scare, word_count
from .quote_reported import find_reported
from .quote_words import CLAIM_VERBS, DENY_VERBS, NEWS_WORDS

FIRST_PERSON = frozenset({"i", "me", "my", "mine", "myself"})
FIRST_PLURAL = frozenset({"we", "us", "our", "ours", "ourselves"})
PERSON_OBJECT = frozenset({"him", "his", "her", "hers", "himself", "herself"})
PLURAL_OBJECT = frozenset({"them", "their", "theirs", "themselves"})
THING = frozenset({"it", "its", "itself"})
# Words after which quoted words are a name, not speech.
NAMING_CUES = ("known as", "dubbed", "nicknamed", "so-called", "titled", "entitled", "portmanteau of",
               "short for", "stands for", "abbreviation for", "abbreviation of", "named")


@dataclass
class Attribution:
    speaker_ids: list[str]  # actor ids of who says/claims it; [] when the report does not say
    speaker_name: str | None  # the words that name the speaker in the text (or the resolved name)
    kind: str  # "say" | "claim" | "deny" | "according_to" | "report"
    cue: int  # token index of the reporting verb or of "according" (-1: no cue word, see `method`)
    start: int  # token range [start, end) of the reported content
    end: int
    direct: bool  # the content is inside quotation marks
    # Added for the quote rows and for explanations:
    method: str = "none"  # how the speaker was found: subject, pronoun, role, label, continuation, ...
    char_start: int = 0  # character range of the content (the quoted words without the marks)
    char_end: int = 0
    text: str = ""  # the content, whitespace normalised
    scare: bool = False  # a marked phrase ("red line"), not a statement
    speaker: Speaker | None = field(default=None, repr=False)

    @property
    def country(self) -> str | None:
        """The state the speaker speaks for, when one is known (also for unnamed officials)."""
        sp = self.speaker
        if sp is None or sp.members:
            return None
        return sp.country

    @property
    def speaker_id(self) -> str | None:
        """The one actor who said it; None for nobody known or for a joint speaker."""
        return self.speaker_ids[0] if len(self.speaker_ids) == 1 else None


class Discourse:
    """The report read as a document. See the module docstring for the interface."""

    def __init__(self, ctx):
        self.ctx = ctx
        self.doc = ctx.doc
        text = ctx.article.text
        self.raws = find_quotes(text)
        quoted = [(s - 1, e + 1) for q in self.raws for s, e in q.parts]
        self.refs = Referents(ctx, quoted)
        self.tokens = Tokens(ctx.doc)
        self.attributions: list[Attribution] = []
        self._cache: dict[int, list[str]] = {}
        self._build_direct(text)
        self._build_reported()
        self.attributions.sort(key=lambda a: (a.start, not a.direct, a.end))
        self._members_of_bodies_just_quoted()
        self._by_size = sorted(self.attributions, key=lambda a: a.end - a.start)

    # ----------------------------------------------------------------- the interface

    def referent(self, token) -> list[str]:
        """Actor ids that ``token`` stands for at its position; [] when unknown."""
        if token.i not in self._cache:
            self._cache[token.i] = self._referent(token)
        return list(self._cache[token.i])

    def attribution_of(self, token) -> Attribution | None:
        """The innermost attribution whose content holds ``token``."""
        return next((a for a in self._by_size if a.start <= token.i < a.end), None)

    def mentions_of(self, actor_id: str) -> list[tuple[int, int]]:
        """The mention cluster of one actor: character spans of every naming of it."""
        return [(m.start, m.end) for m in self.refs.mentions if m.actor_id == actor_id]

    def actor(self, actor_id: str):
        return self.refs.actor(actor_id)

    # ----------------------------------------------------------------- referents

    def _referent(self, tok) -> list[str]:
        low = tok.lower_
        if tok.pos_ == "PRON" or tok.tag_ in ("PRP", "PRP$"):
            inside = self.attribution_of(tok)
            if low in FIRST_PERSON | FIRST_PLURAL:
                if inside is None or not inside.direct:
                    return []
                ids = inside.speaker_ids
                if low in FIRST_PLURAL and len(ids) == 1:
                    # "we" in a minister's mouth is the body or state the minister speaks for.
                    actor = self.refs.actor(ids[0])
                    if actor is not None and actor.kind == "person" and actor.country:
                        return [actor.country]
                return list(ids)
            if self.refs.in_quote(tok.idx):
                return []  # "he" inside quoted words is the speaker's own reference
            if low in PERSON_PRONOUNS or low in PERSON_OBJECT:
                sp = self.refs.antecedent(tok.idx, "person", "f" if low in ("she", "her", "hers", "herself") else "m")
            elif low in PLURAL_PRONOUNS or low in PLURAL_OBJECT:
                sp = self.refs.antecedent(tok.idx, "plural")
            elif low in THING:
                sp = self.refs.antecedent(tok.idx, "group")
            else:
                sp = None
            return (sp.ids or ([sp.country] if sp.country else [])) if sp is not None else []
        sp = self.refs.resolve_token(tok)
        if sp is not None:
            return sp.ids or ([sp.country] if sp.country else [])  # "Turkish officials" act for Turkey
        m = self.refs.mention_at(tok.idx, tok.idx + len(tok.text))
        return [m.actor_id] if m is not None else []

    # ----------------------------------------------------------------- attributions

    def _span(self, start_char: int, end_char: int) -> tuple[int, int]:
        first = self.tokens.index(start_char)
        last = self.tokens.index(end_char)
        return first, max(last, first + 1)

    def _kind(self, cue, sp: Speaker | None) -> str:
        if cue is None:
            return "say"
        if cue.lower_ == "according":
            return "report" if _is_news(sp, self) else "according_to"
        lemma = cue.lemma_.lower()
        if lemma in CLAIM_VERBS:
            return "claim"
        if lemma in DENY_VERBS:
            return "deny"
        if lemma == "report" or _is_news(sp, self):
            return "report"
        return "say"

    def _add(self, sp: Speaker | None, method: str, start_char: int, end_char: int, text: str, direct: bool,
             scare: bool = False, cue_tok=None) -> None:
        if cue_tok is None and sp is not None and sp.cue is not None:
            cue_tok = self.doc[sp.cue]
        kind = self._kind(cue_tok, sp)
        sp = self._materialise(sp, home=kind not in ("report", "according_to"))
        if sp is not None and not sp.members and sp.country is None and sp.actor_id:
            actor = self.refs.actor(sp.actor_id)  # a state's country is itself
            sp = replace(sp, country=actor.country if actor is not None else None)
        start, end = self._span(start_char, end_char)
        self.attributions.append(Attribution(
            speaker_ids=sp.ids if sp else [], speaker_name=sp.name if sp else None,
            kind=kind, cue=cue_tok.i if cue_tok is not None else -1,
            start=start, end=end, direct=direct, method=method if sp else "none", char_start=start_char,
            char_end=end_char, text=text, scare=scare, speaker=sp))

    def _materialise(self, sp: Speaker | None, home: bool = True) -> Speaker | None:
        """A speaker named in full whom neither the KB nor the actor layer knew becomes a text
        actor (with the country the report gives), so the quote row carries an actor."""
        if sp is None or sp.actor_id or sp.members or sp.method not in ("name", "subject", "named", "document"):
            return sp
        name = person_part(sp.name)
        if sp.kind != "person":
            if name != sp.name and len(name.split()) >= 2:  # "Amnesty International Jo Lee": Jo Lee
                sp = replace(sp, kind="person", name=name, method="name")
            else:
                return self._organisation(sp, home)
        res = self.ctx.scratch.get("actor_resolver")
        work = self.ctx.scratch.get("actor_article")
        if res is None or not name or not (sp.method == "named" or looks_like_person(name, sp.at, self.doc)):
            return sp
        span = self.doc.char_span(sp.at, sp.at + len(sp.words or sp.name), alignment_mode="expand")
        country, guessed = (None, True) if work is None or span is None else work.country_for(span.start, span.end)
        actor_id = res.text_person(name, country, None, None, None, guessed=guessed)
        actor = res.actors[actor_id]
        self.refs.new_actors[actor_id] = actor
        return replace(sp, actor_id=actor_id, name=actor.name)

    def _organisation(self, sp: Speaker, home: bool) -> Speaker:
        """An organisation that speaks under a proper name the KB lacks ("the Dockworkers
        Federation said") becomes a text actor, with the state its name gives, else (``home``:
        not a source the report cites, such as a news outlet) for a public body ("the Emergencies
        Ministry", "the Navy") the state the report is about; a company keeps none."""
        res = self.ctx.scratch.get("actor_resolver")
        words = re.sub(r"\s*\([^)]*$", "", sp.name.strip())  # "X (XYZ": an abbreviation the parser cut
        for prefix in ("the ", "The "):
            words = words[len(prefix):] if words.startswith(prefix) else words
        text = self.ctx.article.text
        at = text.rfind(words, 0, sp.at + len(sp.words or sp.name) + 1)
        at = at if at >= 0 else text.find(words)
        span = self.doc.char_span(at, at + len(words), alignment_mode="expand") if at >= 0 else None
        if res is None or span is None or not words \
                or not all(w[:1].isupper() for w in words.split() if w not in ("of", "on", "for", "and", "de", "the")) \
                or not any(t.ent_type_ == "ORG" for t in span):
            return sp
        country = state_in_name(span, self.ctx.kb)
        work = self.ctx.scratch.get("actor_article")
        if country is None and home and span[-1].lemma_.lower() in STATE_BODIES:
            country = getattr(work, "home", None)  # "the Emergencies Ministry": of the state the report is about
        actor_id = "org.text." + slug(words)
        actor = res.actors.get(actor_id)
        if actor is None:
            actor = res.actors[actor_id] = Actor(id=actor_id, name=words, kind="organization", country=country,
                                                 origin="text")
        self.refs.new_actors[actor_id] = actor
        return replace(sp, actor_id=actor_id, name=actor.name)

    def _build_direct(self, text: str) -> None:
        attrib = DirectAttribution(self.ctx, self.raws, self.refs, self.tokens)
        previous, prev_close, last = None, None, None
        for k, q in enumerate(self.raws):
            words = q.text(text)
            if not words:
                continue
            before = [t for t in self.tokens.between(max(0, q.open_at - 30), q.open_at) if not t.is_space]
            tail = " ".join(t.lower_ for t in before[-3:] if t.text not in ("the", "a", "an"))
            if any(tail.endswith(cue) for cue in NAMING_CUES) and word_count(words) <= 6:
                continue  # 'also known as the "X Law"', 'a portmanteau of "X"': a name, nobody's words
            det = bool(before) and (before[-1].pos_ == "DET" or before[-1].tag_ == "PRP$")
            lead = text[line_start(text, q.open_at):q.open_at].rstrip()
            opens = not lead.strip(BULLETS + " \t") or lead.endswith((".", "!", "?", ":", '"', "”"))
            scare = is_scare(words, [t for a, b in q.parts for t in self.tokens.between(a, b)], det, opens)
            sp, method = attrib.speaker(k, None if scare else previous, prev_close, last)
            if scare and method in ("continuation", "context"):
                sp, method = None, "none"  # a marked phrase is nobody's statement by default
            self._add(sp, method, q.start, q.end, words, True, scare)
            last = sp
            if not scare:
                previous, prev_close = sp, q.close_at

    def _members_of_bodies_just_quoted(self) -> None:
        """"The Dockworkers Federation rejected the offer and said it had been promised "…".
        Ana Rojas said, "We will strike."": a person of no known state who speaks as "we" right
        after an organisation's statement, in the same paragraph, speaks for it: the body's
        state is theirs."""
        text = self.ctx.article.text
        said = [a for a in self.attributions if not a.scare]
        for before, this in zip(said, said[1:]):
            person = self.refs.actor(this.speaker_id) if this.direct and this.speaker_id else None
            body = self.refs.actor(before.speaker_id) if before.speaker_id else None
            if person is None or body is None or person.kind != "person" or person.country \
                    or person.origin != "text" or body.kind not in ("organization", "group") or not body.country:
                continue
            if "\n" in text[before.char_end:this.char_start] or not FIRST_PLURAL & set(re.findall(r"\w+", this.text.lower())):
                continue
            person.country = body.country
            if this.speaker is not None:
                this.speaker = replace(this.speaker, country=body.country)

    def _build_reported(self) -> None:
        for r in find_reported(self.doc, self.refs.in_quote):
            if r.via_subject:
                sp = self.refs.speaker_of_verb(r.verb)
                method = method_of(sp) if sp else "none"
            else:
                sp = self.refs.resolve_token(r.source) or fallback_subject(r.source)
                method = "according"
            if sp is None:
                continue  # "it was said that …": nobody to attribute it to
            self._add(sp, method, r.start, r.end, r.text, False, cue_tok=r.verb)


def _is_news(sp: Speaker | None, disc: Discourse) -> bool:
    """A news outlet or agency: a media actor of the knowledge base, or a name that says so."""
    if sp is None or sp.members:
        return False
    actor = disc.refs.actor(sp.actor_id) if sp.actor_id else None
    if actor is not None and actor.sector == "MED":
        return True
    return actor is None and any(w.strip(",.") in NEWS_WORDS for w in f"{sp.name} {sp.words}".lower().split())


@component("discourse", needs=("actors",), adds=("discourse",))
def discourse(ctx) -> None:
    ctx.scratch["discourse"] = Discourse(ctx)
