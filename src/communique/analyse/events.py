"""The `events` component: PLOVER/CAMEO events from the parse, with parties, date and place.

Per sentence: the lexicon's patterns are matched and composed into coded candidates
(event_rules), each candidate's parties are read off its clause (event_actors), its modality is
checked (negated, conditional, future), and the sentence's governing event is kept (plus a
meeting named in an adverbial phrase, "during talks with X"). Each event records what fired,
step by step, for `communique explain`.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from ..knowledge.ontology import ClassCodes, goldstein, lexicon, plover_for
from ..models import Event, EventDate, Span
from . import component
from .dates import NO_DATE_PHRASE, event_date, tense_of
from .event_actors import Party, PartyResolver
from .event_patterns import first_conjunct
from .event_rules import OBJECT_CONTROL, THREAT_TYPES, Coded, Composer
from .places import locate, visit_destinations
from .report_time import ReportTime, acts_for, timeline_of
from .nlp import doc_text

TARGET_PREPS = ("with", "to", "against", "on", "at", "toward", "towards", "upon", "into", "from", "for", "over",
                "between", "among", "of")
VISIT_PREPS = ("in", "at")
NOUN_TARGET_PREPS = ("with", "against", "to", "toward", "towards", "on", "upon")
HYPOTHETICAL_MODALS = frozenset({"could", "might", "may", "should", "must", "would", "can", "ought"})
FUTURE_AUX = frozenset({"will", "shall", "'ll", "would", "wo"})
CONDITIONAL_MARKS = frozenset({"if", "unless", "whether", "lest"})
# Verbs whose "to"-complement still happened ("continued to attack"); elsewhere an infinitive
# that no frame governs is a purpose or a need ("the need to expand cooperation"), not an event.
ASPECTUAL = lexicon().group("aspectual")
# "X is expected / scheduled / set / due to ...": a future act.
SCHEDULED = lexicon().group("scheduled")
# Verbs of wanting: with their own subject an intent, with another party's a demand.
WANTING = lexicon().group("wanting")
# Sectors of generic agents that are crowds, not forces of a state.
CROWDS = frozenset({"OPP", "EDU", "LAB", "CVL"})
# Types where a party introduced by "with" acts jointly with the subject.
JOINT = frozenset({"AGREE", "COOPERATE"})
# Acts whose claim by another party accuses the doer.
HOSTILE_ACTS = frozenset({"ASSAULT", "COERCE", "THREATEN", "SANCTION", "MOBILIZE"})
# Frames whose event is the statement itself: dated when it is said.
SPEECH_ACTS = frozenset({"intent", "demand", "threat", "reject", "accuse", "support"})
# Types whose unnamed other side, at home, is the state itself ("protests in Belgrade").
DOMESTIC = frozenset({"PROTEST", "CONCEDE", "COERCE", "ASSAULT"})
# Classes whose parties act together: conjoined subjects are all actors ("Iran and Iraq signed").
SYMMETRIC = frozenset({"CONSULT", "COOPERATE", "AGREE", "SUPPORT"})


@dataclass
class Candidate:
    coded: Coded
    sources: list[Party] = field(default_factory=list)
    targets: list[Party] = field(default_factory=list)
    negated: bool = False
    hypothetical: bool = False
    notes: list[str] = field(default_factory=list)
    depth: int = 0
    obligation: bool = False  # "X said Y must ...": X demands, Y is asked
    slots: dict = field(default_factory=dict)  # the form and what filled each slot (event_slots)


def _children(token, deps: tuple[str, ...]) -> list:
    return [c for c in token.children if c.dep_ in deps]


def _pobjs(token, preps: tuple[str, ...]) -> list:
    out = []
    for c in token.children:
        if c.dep_ in ("prep", "agent", "dative") and c.lower_ in preps:
            out += [g for g in c.children if g.dep_ in ("pobj",)]
    return out


# Participles that read as passive but describe what the subject does: "troops were engaged in
# fighting", "militias were involved in the attack".
_STATIVE = lexicon().group("stative")


def _is_passive(token) -> bool:
    if token.lemma_.lower() in _STATIVE and any(c.dep_ == "prep" and c.lower_ == "in" for c in token.children):
        return False
    return any(c.dep_ in ("nsubjpass", "auxpass") for c in token.children)


def _when_clauses(verb) -> list:
    """"Three people were killed when drones struck a village near Koya late on Wednesday": a
    when-clause tells the same moment, place and, for a passive, the doer."""
    verbs = [verb] + [c for c in verb.children if c.dep_ == "conj" and c.pos_ == "VERB"]  # "killed and wounded when"
    return [ch for v in verbs for ch in v.children if ch.dep_ == "advcl" and ch.pos_ == "VERB"
            and any(m.dep_ in ("advmod", "mark") and m.lower_ == "when" for m in ch.children)]


def _wants_another(verb) -> bool:
    """"wants Iraq to expel" (parsed with Iraq as the object, or as the subject of an
    infinitive complement), not "wants to expel"."""
    if _children(verb, ("dobj",)) and _children(verb, ("xcomp",)):
        return True
    for comp in _children(verb, ("ccomp", "xcomp")):
        subj = _children(comp, ("nsubj",))
        if not subj:
            continue
        auxes = {a.lower_ for a in _children(comp, ("aux",))}
        # "wants Iraq to expel"; "hopes Iran will release" (another party named, not "it").
        if "to" in auxes or (auxes & {"will", "would", "can", "could"} and subj[0].pos_ != "PRON"):
            return True
    return False


def subject_tokens(token, depth: int = 0) -> list:
    """Who does what this verb says: its subject, the agent of a passive, or (for a verb with no
    subject of its own) the controller above it ("X offered to hand over": X; "urged Iraq to
    release": Iraq; "X attacked and killed": X)."""
    if depth > 5:
        return []
    if _is_passive(token):
        # "was criticised by Qatar", "was criticised in a joint communique by Qatar and Oman"
        return _pobjs(token, ("by",)) or [a for n in _pobjs(token, ("in", "through", "via"))
                                          for a in _pobjs(n, ("by",))]
    subj = _children(token, ("nsubj", "csubj", "expl", "nsubjpass"))
    subj = [s for s in subj if s.dep_ != "expl"]
    if subj:
        # A headline's "Iran, Iraq sign pact": the name before the comma is a second subject.
        subj = [c for c in token.children if c.dep_ == "npadvmod" and c.pos_ == "PROPN" and c.i + 2 == subj[0].i
                and c.nbor(1).text == ","] + subj
        if subj[0].lower_ in ("who", "which", "that") and token.dep_ == "relcl":
            return [token.head]
        return subj
    head = token.head
    if head.i == token.i:
        return []
    if token.dep_ == "xcomp":
        if _is_passive(head) and not _pobjs(head, ("by",)):
            # "Iraqi troops were reported to have crossed", "X was ordered to withdraw".
            return _children(head, ("nsubjpass",))
        if head.lemma_.lower() in OBJECT_CONTROL:
            objs = _children(head, ("dobj",)) or _pobjs(head, ("on", "upon"))
            if objs:
                return objs
        return subject_tokens(head, depth + 1)
    if token.dep_ in ("conj", "advcl") and head.pos_ in ("VERB", "AUX"):
        return subject_tokens(head, depth + 1)
    if token.dep_ in ("acl", "relcl"):
        return [head] if token.dep_ == "relcl" else []
    if token.dep_ in ("acomp", "oprd", "attr") and head.pos_ in ("VERB", "AUX"):
        return subject_tokens(head, depth + 1)  # "X stood ready to help", "X is willing to talk"
    if token.dep_ == "pcomp":  # "accused X of massing troops": X does the massing
        verb = head.head
        objs = _children(verb, ("dobj",))
        return objs or subject_tokens(verb, depth + 1)
    return []


def object_tokens(token, *, visit: bool = False, assault: bool = False) -> list:
    """Whom the action is done to: object, indirect object, passive subject, then the objects of
    the prepositions that mark a target."""
    out = _children(token, ("dobj", "dative", "iobj"))
    if _is_passive(token):
        patient = _children(token, ("nsubjpass",))
        if not patient and token.dep_ == "conj":
            # "Turkey is under sanctions and was condemned by ...": the shared subject is acted on.
            patient = _children(token.head, ("nsubj", "nsubjpass"))
        out = patient + out
    out += [g for c in token.children if c.dep_ == "dative" for g in c.children if g.dep_ == "pobj"]
    out += _pobjs(token, TARGET_PREPS + (VISIT_PREPS if visit else ()) + (("outside", "near") if assault else ()))
    for prt in _children(token, ("prt",)):
        out += _pobjs(prt, TARGET_PREPS)
    return out


class EventCoder:
    """Codes one article's events."""

    def __init__(self, ctx):
        self.ctx = ctx
        self.lex = lexicon()
        self.composer = Composer(self.lex)
        # Nouns of violent acts and weapons: no one who acts as a subject, a victim after "of".
        self.acts = self.lex.groups.get("hostile", frozenset()) | self.lex.groups.get("weapon", frozenset())
        self.stances = self.lex.group("stance")  # what a party decides or signs: "the deal signed in May"
        self.resolver = PartyResolver(ctx, self.lex.agents, acts=self.acts)
        self._visits = None
        self._matches: dict = {}
        self.history: list[Candidate] = []  # events chosen so far in this article, in order
        self._blamed: set[int] = set()  # quotations (by start token) already coded as criticism

    @property
    def visits(self):
        if self._visits is None:
            def ids(tok):
                return [p.actor_id for p in self.resolver.parties_of(tok, allow_context=False)]
            self._visits = visit_destinations(self.ctx.doc, self.ctx.kb, ids)
        return self._visits

    # ----- per sentence

    def run(self) -> list[Event]:
        events: list[Event] = []
        text = self.ctx.article.text
        for n, sent in enumerate(self.ctx.doc.sents):
            chosen = self.sentence(sent)
            self.history += [c for c in chosen if not c.negated and not c.hypothetical]
            paragraph = text.count("\n\n", 0, sent.start_char)
            for cand in chosen:
                event = self.build(cand, sent)
                event.features.update(sentence=n, paragraph=paragraph)
                events.append(event)
                accusation = self._accusation(event, cand, sent)
                if accusation is not None:
                    accusation.features.update(sentence=n, paragraph=paragraph)
                    events.append(accusation)
        article = self.ctx.article
        ReportTime(events, timeline_of(self.ctx.doc, article.text, article.published), article.published,
                   acts_for(self.resolver, article.published)).date_from_context()
        self._score(events)
        return events

    def _score(self, events: list[Event]) -> None:
        """Confidence and salience, once every event of the report is known."""
        from collections import Counter

        from .confidence import confidence, salience
        from .quote_marks import find_quotes

        text = self.ctx.article.text
        quoted = [(q.start, q.end) for q in find_quotes(text)]
        per_sentence = Counter(e.features.get("sentence") for e in events)
        title = self.ctx.article.title
        for e in events:
            at = (e.features.get("trigger") or {}).get("start", -1)
            inside = any(a <= at < b for a, b in quoted)
            e.confidence = confidence(e, events_in_sentence=per_sentence[e.features.get("sentence")], quoted=inside)
            names = [self.resolver.name(i) for i in e.actors + e.recipients]
            e.salience = salience(e, title=title, names=[n for n in names if n])

    def sentence(self, sent) -> list[Candidate]:
        coded = self.composer.sentence(sent)
        self._matches = matches = self.composer.last_matches
        coded += self.composer.copular_accusations(sent)
        coded += self.composer.labelling_accusations(sent)
        coded += self.composer.crime_accusations(sent, matches)
        taken = {t.i for c in coded for t in c.chain}
        coded += [c for c in self.composer.obligations(sent, taken) if self._in_speech(c.anchor)]
        cands = []
        for c in coded:
            if c.anchor.dep_ == "amod" and c.anchor.tag_ in ("VBN", "VBD", "VBG"):
                continue  # "the agreed volumes", "the signed memorandum": a modifier, not an act
            if c.anchor.dep_ == "acl" and c.anchor.tag_ == "VBN" and c.anchor.head.lemma_.lower() in self.stances:
                continue  # "the agreement signed between X and Y": names the accord, tells no act
            if c.anchor.dep_ == "relcl" and c.anchor.tag_ in ("VBP", "VBZ") and c.frame is None:
                continue  # "militias which support the PKK": a standing relation, not an occurrence
            cand = Candidate(c, obligation=c.kind == "obligation")
            self.modality(cand, sent)
            self.parties(cand, sent)
            self._no_reporters(cand)
            if not cand.sources and not cand.obligation:
                if self._unpolitical_doer(c):
                    continue  # "the airlines offer flights to Cuba": a doer is named, and no party
                self._sentence_order(cand, sent)
            if not cand.sources and not cand.targets:
                continue
            if not any(self.resolver.political(p.actor_id) for p in cand.sources + cand.targets):
                continue  # "the singer hit the charts", "Apple released the iPad": nobody political acts
            if c.type == "CONSULT" and len({p.actor_id for p in cand.sources + cand.targets}) < 2:
                continue  # a meeting with one party known is no record of who met whom
            if c.type in HOSTILE_ACTS and self._beasts(c):
                continue  # "ordered the killing of 300,000 pigs": no one political is harmed
            self._refuse(cand)
            self._official_protest(cand)
            self._by_agent(cand)
            self._no_host(cand)
            if not c.code:
                continue
            self._context_country(cand, sent)
            cand.depth = self.depth(c)
            cands.append(cand)
        from .event_select import select  # it reads this module's Candidate

        chosen = select(cands, self.resolver)
        if not any(ch.coded.type == "ACCUSE" for ch in chosen):
            chosen += self.quoted_blame(sent)
        return chosen

    def quoted_blame(self, sent) -> list[Candidate]:
        """Quoted words that blame ("they are lying", "a grossly unlawful crackdown") are the
        speaker's criticism (CAMEO 111) of whom the blaming clause is about (its subject or object,
        when a party). One per quotation."""
        words = self.composer.blame | self.lex.group("blaming")
        for t in sent:
            if t.lower_ not in words and t.lemma_.lower() not in words:
                continue
            att = self.resolver.discourse.attribution_of(t)
            if att is None or not att.direct or not att.speaker_ids or att.start in self._blamed:
                continue
            clause = next((a for a in [t, *t.ancestors] if a.pos_ in ("VERB", "AUX")), t)
            cls = self.lex.classes["criticize"]
            c = Coded(t, clause, [clause, t], cls.direct, cls, "accuse", [], "quote",
                      steps=[f"'{t.text}' blames, in quoted words: the speaker's criticism ({cls.direct})"])
            cand = Candidate(c)
            cand.sources = self.speaker(c, sent)
            own = {p.actor_id for p in cand.sources} | {self.resolver.country(p.actor_id) for p in cand.sources}
            blamed = subject_tokens(clause) + object_tokens(clause)
            cand.targets = [p for s in blamed for p in self.resolver.parties_of(s, allow_context=False)
                            if p.actor_id not in own][:1]
            if not any(self.resolver.holds_office(p.actor_id) for p in cand.sources):
                continue  # a private person's indignation is no political event
            self._blamed.add(att.start)
            cand.depth = self.depth(c)
            return [cand]
        return []

    def _in_speech(self, token) -> bool:
        """Said by someone: inside quotation marks, or the complement of a reporting verb."""
        att = self.resolver.discourse.attribution_of(token)
        return att is not None and bool(att.speaker_ids)

    def depth(self, c: Coded) -> int:
        """How far below the sentence's main clause the event sits; a conjoined clause counts as
        its head's level and a reporting verb's complement as the reporter's."""
        d, t = 0, c.anchor
        while t.head.i != t.i:
            if not (t.dep_ == "conj" or (t.dep_ in ("ccomp", "parataxis") and self._is_report(t.head))):
                d += 1
            t = t.head
        return d + (1 if c.kind in ("noun", "copula") and c.anchor.i == c.trigger.i else 0)

    def _is_frame(self, token, frames: tuple[str, ...]) -> bool:
        m = self._matches.get(token.i)
        return m is not None and m.entry.frame in frames

    def _reporting_heads(self, token) -> list:
        """The reporting verbs a clause hangs under ("announced [that] troops would leave"): the
        words whose time is the time of a statement."""
        out, t = [], token
        for _ in range(4):
            head = t.head
            if head.i == t.i or t.dep_ not in ("ccomp", "xcomp", "conj", "parataxis", "advcl"):
                break
            if self._is_report(head) or any(e.frame == "report" for e in self.lex.verbs.get(head.lemma_.lower(), ())):
                out.append(head)
            t = head
        return out

    def _is_report(self, token) -> bool:
        m = self._matches.get(token.i)
        return m is not None and m.entry.frame in ("report", "order")

    # ----- modality

    def modality(self, cand: Candidate, sent) -> None:
        c = cand.coded
        anchor = c.anchor
        # The lexicon's own word for the frame verb: the parser lemmatises "hopes" as "hop".
        frame_word = c.entries[0].words[0] if c.entries else anchor.lemma_.lower()
        if c.frame in ("intent", "threat") and frame_word in WANTING and c.cls is not None \
                and _wants_another(anchor):
            # "Iran wants Iraq to expel them": wanting another party to act is a demand of it
            # (CAMEO 100 where the action has no demand code of its own).
            cand.notes.append(f"'{anchor.text}' another party to act: a demand")
            self._reframe(cand, "demand", c.cls.demand or "100")
        verbs = [t for t in c.chain if t.pos_ in ("VERB", "AUX", "ADJ")] or [anchor]
        if any(ch.dep_ == "neg" or ch.lower_ in ("never",) for t in verbs[:2] for ch in t.children):
            cand.negated = True
            cand.notes.append("negated: 'not'/'never' on the event's verb")
            if any(ch.lower_ == "yet" for t in verbs[:2] for ch in t.children):
                # "have not yet agreed": still pending, neither done nor refused
                cand.hypothetical = True
                cand.notes.append("hypothetical: not yet done, still pending")
        if c.trigger.pos_ == "NOUN" and any(ch.lower_ in ("no",) for ch in c.trigger.children):
            cand.negated = True
            cand.notes.append("negated: 'no' on the event noun")
        unreal = [ch for ch in c.trigger.children if ch.dep_ in ("amod", "compound")
                  and ch.lower_ in self.lex.group("unreal_modifiers")] if c.trigger.pos_ == "NOUN" else []
        if unreal:
            cand.hypothetical = True
            cand.notes.append(f"hypothetical: a '{unreal[0].text}' event, not one that happened")
        cur = anchor
        for _ in range(10):
            if any(ch.dep_ == "mark" and ch.lower_ in CONDITIONAL_MARKS for ch in cur.children):
                cand.hypothetical = True
                cand.notes.append(f"hypothetical: conditional clause ('{cur.text}')")
                break
            if cur.head.i == cur.i or cur.dep_ not in ("advcl", "ccomp", "xcomp", "conj"):
                break
            cur = cur.head
        if self._irrealis(c):
            cand.hypothetical = True
            cand.notes.append("hypothetical: an infinitive or gerund that no frame governs (a purpose or a need)")
        subj = subject_tokens(anchor) if anchor.pos_ in ("VERB", "AUX") else []
        holder = anchor.head if anchor.dep_ == "acl" else (subj[0] if subj else None)
        if holder is not None and any(ch.dep_ == "det" and ch.lower_ in ("any", "no") for ch in holder.children):
            cand.hypothetical = True
            cand.notes.append(f"hypothetical: '{holder.text}' is indefinite ('any'/'no')")
        if sent.text.strip().endswith("?"):
            cand.hypothetical = True
            cand.notes.append("hypothetical: a question")
        auxes = {ch.lower_ for ch in anchor.children if ch.dep_ in ("aux", "auxpass")}
        if c.adverbial and c.trigger.head.head is not c.trigger:
            # "will visit Baghdad next week for talks with ...": the talks are as future as the visit.
            auxes |= {ch.lower_ for ch in c.trigger.head.head.children if ch.dep_ in ("aux", "auxpass")}
        if anchor.dep_ == "xcomp" and anchor.head.lemma_.lower() in SCHEDULED and \
                (_is_passive(anchor.head) or anchor.head.pos_ == "ADJ"):
            auxes.add("will")  # "is expected to visit", "is due to arrive": not done yet
        if anchor.dep_ == "xcomp" and anchor.head.lemma_ == "be":
            auxes.add("will")  # "Benin was to join": arranged, not done yet
        if anchor.lemma_.lower() in SCHEDULED and (_is_passive(anchor) or anchor.pos_ == "ADJ") \
                and any(ch.dep_ == "xcomp" for ch in anchor.children):
            auxes.add("will")  # "the summit is set to open tomorrow": the noun's event is to come
        if c.frame is None and auxes & FUTURE_AUX and c.cls is not None:
            self._as_intent(cand, auxes)
        elif auxes & HYPOTHETICAL_MODALS and c.frame is None:
            if auxes & {"must", "should"} and c.reported_by is not None and c.cls is not None and c.cls.demand:
                cand.notes.append("reported obligation ('must'/'should'): a demand")
                self._reframe(cand, "demand", c.cls.demand)
                cand.obligation = True
            else:
                cand.hypothetical = True
                cand.notes.append(f"hypothetical: modal '{sorted(auxes & HYPOTHETICAL_MODALS)[0]}'")

    def _irrealis(self, c: Coded) -> bool:
        anchor = c.anchor
        if anchor.pos_ not in ("VERB", "AUX"):
            return False
        head = anchor.head
        infinitive = any(ch.dep_ == "aux" and ch.lower_ == "to" for ch in anchor.children)
        # under a reporting or an ordering verb the infinitive is what was said or ordered done
        # ("instructed the police to investigate")
        reported = any(e.frame in ("report", "order") for e in self.lex.verbs.get(head.lemma_.lower(), ()))
        if infinitive and anchor.dep_ in ("xcomp", "advcl", "acl", "relcl", "ccomp") \
                and head.lemma_.lower() not in ASPECTUAL and not reported \
                and not (anchor.dep_ == "xcomp" and head.lemma_ == "be"):
            return True
        # "the importance of strengthening ties", "their commitment to supporting": a gerund
        # under a noun names an aim.
        return anchor.tag_ == "VBG" and anchor.dep_ in ("pcomp", "pobj") and head.dep_ == "prep" \
            and head.head.pos_ == "NOUN"

    def _as_intent(self, cand: Candidate, auxes: set[str]) -> None:
        """CAMEO codes a stated future action as intent: "will send aid" is AGREE, "will strike" a
        threat; "would" only under a reporting verb ("said it would")."""
        c = cand.coded
        if "would" in auxes and c.reported_by is None:
            cand.hypothetical = True
            cand.notes.append("hypothetical: 'would' outside reported speech")
            return
        hostile = self._action_type(c) in THREAT_TYPES
        frame = "threat" if hostile else "intent"
        code = c.cls.code(frame)
        if not code:
            cand.notes.append("future tense")
            c.future = True
            return
        cand.notes.append(f"future tense: stated {frame} ({code})")
        self._reframe(cand, frame, code)
        c.future = True

    def _reframe(self, cand: Candidate, frame: str, code: str) -> None:
        c = cand.coded
        c.frame, c.code = frame, code
        c.steps.append(f"as {frame}: {code}")

    # ----- parties

    def parties(self, cand: Candidate, sent) -> None:
        from .places import MATERIAL, governing_place

        c = cand.coded
        r = self.resolver
        hit = governing_place(list(dict.fromkeys(c.chain + [c.anchor] + _when_clauses(c.anchor))), self.ctx.kb,
                              material=c.type in MATERIAL)
        known = self.ctx.kb is None or (hit and hit[0].country in self.ctx.kb)
        r.place_hint = hit[0].country if hit and known else None
        try:
            self._parties(cand, sent)
            if cand.obligation:
                self._obliged(cand, sent)
        finally:
            r.place_hint = None

    def _no_reporters(self, cand: Candidate) -> None:
        """A news outlet or agency reports events; it is never their doer ("Reuters reported the
        attack", "according to the BBC, militias ..."). It may still be acted upon (a network
        shut down), so only the doer's side is cleared."""
        media = [p for p in cand.sources if self._is_media(p)]
        if media:
            cand.sources = [p for p in cand.sources if p not in media]
            cand.coded.steps.append(f"'{media[0].text}' is a news outlet: it reports the event, it does not act in it")
        audience = [p for p in cand.targets if self._is_media(p)]
        if audience and cand.coded.type == "CONSULT":
            # "spoke to reporters", "told the press": an audience, not a party one consults.
            cand.targets = [p for p in cand.targets if p not in audience]
            cand.coded.steps.append(f"'{audience[0].text}' is the press: an audience, not a counterpart")
            if not cand.targets and len(cand.sources) < 2:
                cand.coded.code = ""  # no one consulted: no event

    def _is_media(self, party: Party) -> bool:
        """A news outlet, or reporters and the press standing for no one else."""
        if self.resolver.sector(party.actor_id) == "MED":
            return True
        return party.method.startswith("context") and self.lex.agents.get(party.text.lower().split()[-1]) == "MED"

    def _obliged(self, cand: Candidate, sent) -> None:
        """"X said Y must return the aircraft" is X's demand of Y (CAMEO codes the one who states
        the obligation as the source, the obliged as the target)."""
        speaker = self.speaker(cand.coded, sent)
        ids = {p.actor_id for p in speaker}
        obliged = [p for p in cand.sources + cand.targets
                   if p.actor_id not in ids and not p.method.startswith("context")]
        if cand.coded.kind == "obligation" and not (speaker and obliged):
            # A duty of an unnamed kind of party ("foreign forces must leave") is still the
            # speaker's demand; of no one ("the issue should be solved"), or one's own, none.
            subj = subject_tokens(cand.coded.anchor)
            generic = bool(subj) and self.resolver.is_agent(subj[0]) and not ids & {p.actor_id for p in obliged}
            cand.sources, cand.targets = (speaker if generic else []), []
            return
        if not speaker or ids == {p.actor_id for p in cand.sources}:
            return
        cand.sources, cand.targets = speaker, list({p.actor_id: p for p in obliged}.values())
        cand.coded.steps.append("an obligation stated by a speaker: the speaker demands, the obliged party is the target")

    def _parties(self, cand: Candidate, sent) -> None:
        """The lexicon's [slots] table, run for the candidate's form (event_slots)."""
        from .event_slots import fill

        cand.slots = fill(self, cand, sent)

    @staticmethod
    def _targets_of(verb, etype: str, visit: bool = False) -> list:
        """Candidate target tokens of a verb, best first: its objects, then whom an object noun
        is aimed at ("lodged a protest with Iran", "threatened action against Israel", "shared
        intelligence with Iraq on ..."), then the verb's own prepositional objects."""
        found = object_tokens(verb, visit=visit or etype == "CONSULT", assault=etype == "ASSAULT")
        if not found:
            # "will sanction and isolate the banks of X": conjoined verbs share the object
            found = [o for v in _children(verb, ("conj",)) if v.pos_ == "VERB"
                     for o in _children(v, ("dobj",))][:1]
        direct = [t for t in found if t.dep_ in ("dobj", "dative", "iobj", "nsubjpass")]
        # "hosted talks between A and B": a meeting noun names its parties
        preps = NOUN_TARGET_PREPS + (("between", "among") if etype == "CONSULT" else ())
        aimed = [g for o in _children(verb, ("dobj",)) if o.pos_ == "NOUN" for g in _pobjs(o, preps)]
        aimed += [c for g in aimed for c in _children(g, ("conj",))]
        # "help Iraq rebuild", "urged Iran restore": parsed as the subject of a bare-verb complement.
        helped = [s for comp in _children(verb, ("ccomp", "xcomp")) if comp.tag_ == "VB"
                  for s in _children(comp, ("nsubj",)) if s.pos_ != "PRON"]
        return direct + aimed + [t for t in found if t not in direct] + helped

    def _resolve(self, tokens, *, exclude: list[Party], skip: set[int]) -> list[Party]:
        out: list[Party] = []
        ex = [p.actor_id for p in exclude]
        for t in tokens:
            if t.i in skip or t.ent_type_ == "DATE":
                continue
            for p in self.resolver.parties_of(t, exclude=ex):
                if p.actor_id not in {o.actor_id for o in out}:
                    out.append(p)
            if out:
                break
        return out

    def _subject(self, verb, sent, exclude: list[str] | None = None, hostile: bool = False) -> list[Party]:
        subj = subject_tokens(verb)
        if not subj and _is_passive(verb) and any(c.dep_ == "xcomp" for c in verb.children):
            subj = _children(verb, ("nsubjpass",))  # "X is scheduled to meet": X will meet
        line_start = self._line_start(sent, verb)
        subj = [t for t in subj if t.idx >= line_start]
        parties: list[Party] = []
        for s in subj:
            parties += self.resolver.parties_of(s, exclude=exclude or [])
        if not parties and self._inanimate(subj):
            return []  # "a car bomb killed ..., police said": the police did not; the doer is unnamed
        if not parties and not (hostile and _is_passive(verb)) and verb.dep_ not in ("acl", "relcl", "amod"):
            # "Iraq said [it] would reopen the crossing": the reporter acts; but whoever reports
            # "the pipeline was bombed" names a victim, not a doer, and "the accord signed
            # between X and Y" describes the accord.
            reporter = next((t for t in self._ancestors(verb) if self._is_report(t)), None)
            if reporter is not None:
                for s in subject_tokens(reporter):
                    parties += self.resolver.parties_of(s)
        if not parties and (not subj or subj[0].lower_ in ("we", "i", "our")):
            parties = self.speaker_fallback(sent)
        return parties

    def _unpolitical_doer(self, c: Coded) -> bool:
        """The active clause names its doer by a pronoun that stands for no party ("the airlines
        ... they offer flights"): the doer is known and is not political, so the act is not one
        of an unnamed party, to be guessed from the sentence's other names."""
        if c.anchor.pos_ not in ("VERB", "AUX") or _is_passive(c.anchor):
            return False
        # A name the knowledge base lacks may still be a party (an NGO, a misspelt state); a
        # pronoun that resolves to no party stands for something that is not one.
        subj = [s for s in _children(c.anchor, ("nsubj",)) if s.pos_ == "PRON"
                and s.lower_ not in ("i", "we", "you")]
        if not subj:
            return False
        phrase = list(subj[0].subtree)
        return not self.resolver.mentions_between(phrase[0].idx, phrase[-1].idx + len(phrase[-1]))

    def _beasts(self, c: Coded) -> bool:
        """The act's victims are animals: its object, or the "of" phrase of its noun."""
        victims = object_tokens(c.trigger) if c.trigger.pos_ in ("VERB", "AUX") else _pobjs(c.trigger, ("of",))
        return bool(victims) and all(self.lex.token_in(v, "animals") for v in victims)

    def _inanimate(self, subj: list) -> bool:
        """A subject that is a weapon, a blast or an attack ("a roadside bomb", "the shelling")."""
        return bool(subj) and all(s.lemma_.lower() in self.acts or s.lower_ in self.acts for s in subj)

    @staticmethod
    def _line_start(sent, token) -> int:
        """Where the token's line starts within the sentence: a heading without a full stop is
        parsed into the next sentence, and nothing before the line break belongs to the event."""
        text = doc_text(sent.doc)
        nl = text.rfind("\n", sent.start_char, token.idx)
        return nl + 1 if nl >= 0 else sent.start_char

    @staticmethod
    def _line_end(sent, token) -> int:
        text = doc_text(sent.doc)
        nl = text.find("\n", token.idx, sent.end_char)
        return nl if nl >= 0 else sent.end_char

    @staticmethod
    def _ancestors(token) -> list:
        out, cur = [], token
        while cur.head.i != cur.i:
            cur = cur.head
            out.append(cur)
        return out

    def speaker(self, c: Coded, sent, exclude: list[str] | None = None) -> list[Party]:
        """Who says what the event reports (``exclude``: parties a guess from context must skip)."""
        skip = exclude or []
        if c.reported_by is not None:
            found = []
            for s in subject_tokens(c.reported_by):
                found += self.resolver.parties_of(s, exclude=skip)
            if found:
                return found
        reporter = next((t for t in self._ancestors(c.anchor) if t.lemma_.lower() in self.lex.verbs and any(
            e.frame == "report" for e in self.lex.verbs[t.lemma_.lower()])), None)
        if reporter is not None:
            found = [p for s in subject_tokens(reporter) for p in self.resolver.parties_of(s, exclude=skip)]
            if found:
                return found
        att = self.resolver.discourse.attribution_of(c.anchor)
        if att is not None and att.direct and att.speaker_ids:
            # Quoted words: the discourse layer's speaker, the one their quote row names.
            cue = c.anchor.doc[att.cue] if att.cue >= 0 else c.anchor
            found = [Party(i, cue.idx, cue.idx + len(cue), att.speaker_name or i, "attribution")
                     for i in att.speaker_ids if i not in skip]
            if found:
                return found
        return self.speaker_fallback(sent)

    def speaker_fallback(self, sent) -> list[Party]:
        """Quoted words with no speaker in the sentence: a label line above ("President X:"), else
        the speaker of a reporting verb elsewhere in the same paragraph."""
        found = self.resolver.label_speaker(sent)
        if found:
            return found
        text = self.ctx.article.text
        para_start = text.rfind("\n", 0, sent.start_char) + 1
        para_end = text.find("\n", sent.end_char)
        para_end = len(text) if para_end < 0 else para_end
        best: list[Party] = []
        for other in self.ctx.doc.sents:
            if other.start_char < para_start or other.end_char > para_end or other.start == sent.start:
                continue
            for t in other:
                m = self.lex.verbs.get(t.lemma_.lower())
                if t.pos_ == "VERB" and m and any(e.frame == "report" for e in m):
                    subj = _children(t, ("nsubj",))
                    if subj and subj[0].lower_ not in ("it", "this", "that"):
                        best = self.resolver.parties_of(subj[0], allow_context=False)
                        if best:
                            return best
        return best

    def _sentence_order(self, cand: Candidate, sent) -> None:
        """No subject could be read: the first actor the sentence names before the event, as
        event coders do when the parse gives no subject."""
        c = cand.coded
        taken = {p.actor_id for p in cand.targets}
        if _is_passive(c.anchor) and _pobjs(c.anchor, ("by",)):
            return  # the agent is named, just not known: no one else stands in for it
        subj = subject_tokens(c.anchor) if c.anchor.pos_ in ("VERB", "AUX") else []
        if subj and subj[0].pos_ == "PRON" and subj[0].lower_ not in ("it", "this", "that", "which", "who"):
            # "they both offer flights": a person or group the report could not place; whoever
            # the sentence names first did not do it.
            cand.notes.append(f"the subject '{subj[0].text}' is unresolved: no one stands in for it")
            return
        quote = self.resolver.discourse.attribution_of(c.anchor)
        if quote is not None and quote.direct:
            # Quoted words are the speaker's own: an act they tell with no subject ("the city was
            # attacked") is neither the speaker's nor that of whoever the sentence names first.
            cand.notes.append("no subject inside the quotation: no one stands in for it")
            return
        if c.type in ("ASSAULT", "COERCE", "PROTEST") and _is_passive(c.anchor):
            doers = [p for w in _when_clauses(c.anchor) for s in _children(w, ("nsubj",))
                     for p in self.resolver.parties_of(s, exclude=list(taken))]
            if doers:
                cand.sources = doers
                cand.notes.append("source: the doer of the when-clause that tells the same moment")
                return
        if c.type in ("ASSAULT", "COERCE", "PROTEST") and (
                _is_passive(c.anchor) or self._inanimate(subject_tokens(c.anchor))):
            # "Three soldiers were killed in southern Lebanon", "a roadside bomb killed three
            # soldiers": by someone of the place (CAMEO).
            skip = [x for t in cand.targets for x in (t.actor_id, self.resolver.country(t.actor_id)) if x]
            if c.type == "PROTEST":
                state, method = self.resolver.context_state(sent, skip), "context"
            else:  # only the victims' state in view ("1,000 people were arrested"): its own
                state, method = self.resolver.state_in_view(sent, skip)
            if state:
                self.resolver.ensure_actor(state)
                cand.sources = [Party(state, c.anchor.idx, c.anchor.idx + len(c.anchor), c.anchor.text, method)]
                cand.notes.append("source: unnamed; the state the sentence places the event in (CAMEO context)")
                return
        start, end = self._line_start(sent, c.anchor), self._line_end(sent, c.anchor)
        before = self.resolver.mentions_between(start, c.anchor.idx)
        after = self.resolver.mentions_between(c.anchor.idx, end)
        for m in before + after:
            if m.actor_id not in taken:
                cand.sources = [Party(m.actor_id, m.start, m.end, m.text, "sentence-order")]
                where = "before" if m.start < c.anchor.idx else "after"
                cand.notes.append(f"source: the first actor named {where} the event (no subject in the parse)")
                return

    def _refuse(self, cand: Candidate) -> None:
        """"Would not accept", "did not agree to meet": a negated promise or endorsement is a
        refusal, coded as such rather than dropped."""
        c = cand.coded
        yielding = c.cls is not None and c.cls.name == "yield"  # "did not accede to the demands"
        if not cand.negated or cand.hypothetical or (c.type not in ("AGREE", "SUPPORT") and not yielding):
            return
        code = (c.cls.reject if c.cls else None) or "120"
        cand.negated = False
        cand.notes.append(f"negated {c.type.lower()}: a rejection ({code})")
        c.frame, c.code = "reject", code
        c.steps.append(f"negated: rejection {code}")

    def _official_protest(self, cand: Candidate) -> None:
        """A government that "protests" complains officially (CAMEO 114); crowds demonstrate."""
        c = cand.coded
        if c.cls is None or c.cls.name not in ("protest",) or c.frame is not None:
            return
        subj = subject_tokens(c.anchor)
        crowd = not subj or self.resolver.is_agent(subj[0]) or subj[0].tag_ in ("NNS", "NNPS") or \
            any(p.method in ("demonym", "group", "context", "context-domestic", "kb-word") for p in cand.sources)
        if not crowd and any(self.resolver.kind(p.actor_id) in ("state", "person") for p in cand.sources):
            cls = self.lex.classes["complain"]
            c.cls, c.code = cls, cls.direct
            c.steps.append(f"a state or official protests: an official complaint ({cls.direct})")

    def _by_agent(self, cand: Candidate) -> None:
        """Who acts decides some codes (CAMEO): a police raid is coercion, a crowd's clash with
        police is a riot, and a warning addressed to a party is a threat."""
        c = cand.coded
        if c.cls is None or c.frame is not None:
            return
        subj = subject_tokens(c.anchor)
        head = subj[0] if subj else None
        if head is not None:
            counted = [g for p in head.children if p.dep_ == "prep" and p.lower_ == "of" for g in p.children]
            if counted and head.lemma_.lower() in self.lex.groups.get("quantity", ()):
                head = counted[0]
        sector = self.lex.agents.get(head.lemma_.lower()) or self.lex.agents.get(head.lower_) if head is not None \
            else None
        police = sector == "COP" or (head is not None and head.lower_ in self.lex.group("security_heads") or
                                     any(ch.lower_ == "security" for ch in (head.children if head is not None else ())))
        lemma = c.trigger.lemma_.lower()
        if c.cls.name == "withdraw_troops" and lemma in self.lex.group("leaving") and sector != "MIL" \
                and not (head is not None and self.lex.in_group(head.lower_, "troops")):
            c.code = ""  # "the minister left Baghdad" is no retreat
            c.steps.append("leaving is a withdrawal only for troops")
        elif c.cls.name == "arrest" and lemma == "charge" and not (police or sector in ("JUD", "COP")) and \
                (head is None or head.lower_ not in self.lex.group("judicial_heads")):
            self._recode(c, "accuse_crime", "a charge laid by a government or official, not a court, is an accusation")
        elif c.cls.name == "raid" and (police or sector == "GOV"):
            self._recode(c, "seize", "a raid by police or security forces is coercion")
        elif c.cls.name in ("attack", "raid", "shoot", "destroy") and sector in CROWDS and \
                c.trigger.lemma_.lower() in self.lex.group("crowd_violence"):
            self._recode(c, "riot", "a crowd fighting or burning is a violent protest")
        elif c.cls.name in ("occupy", "blockade", "seize") and sector in CROWDS:
            self._recode(c, "obstruct", "a crowd occupying or blocking is a protest")
        elif c.cls.name in ("arrest", "seize") and sector == "REB" and \
                any(ch.dep_ in ("dobj", "nsubjpass") for ch in c.anchor.children):
            self._recode(c, "abduct", "rebels or gunmen holding people is abduction")
        elif c.cls.name == "criticize" and c.anchor.lemma_.lower() == "warn" and cand.targets and \
                any(ch.dep_ == "dobj" for ch in c.anchor.children):
            c.cls, c.code, c.frame = None, "130", "threat"
            c.steps.append("a warning addressed to a party is a threat (130)")

    def _no_host(self, cand: Candidate) -> None:
        """A visit needs someone visited: "flew back to Amman", "returned home" or a trip to one's
        own country is no visit (CAMEO 042)."""
        c = cand.coded
        if c.cls is None or c.cls.name != "visit" or c.frame is not None:
            return
        home = any(ch.lower_ in ("back", "home") for ch in c.anchor.children)
        if home or not cand.targets:
            c.code = ""
            c.steps.append("a trip home or to no one: no visit")

    def _recode(self, c: Coded, class_name: str, why: str) -> None:
        cls = self.lex.classes[class_name]
        c.cls, c.code = cls, cls.direct
        c.steps.append(f"{why}: {class_name} {cls.direct}")

    def _context_country(self, cand: Candidate, sent) -> None:
        """A person or body whose country nobody knows acts for the state the sentence ties it to
        (CAMEO's context rule); that state is listed after it, marked as inferred."""
        extra = []
        for p in cand.sources:
            # Not for international bodies: they have no country to infer.
            if self.resolver.country(p.actor_id) is None and self.resolver.kind(p.actor_id) != "state" \
                    and self.resolver.sector(p.actor_id) not in ("IGO", "NGO"):
                target_states = [x for t in cand.targets for x in (self.resolver.country(t.actor_id), t.actor_id) if x]
                state = self.resolver.context_state(sent, target_states, domestic=False)
                method = "context-country"
                if state is None and target_states:
                    # Only the other side's state is in view: the affair is taken to be domestic
                    # ("President X dismissed the Iraqi minister"). A guess, marked as such for
                    # explain; it fails for a foreigner nobody places ("the Pope appealed to Iraq").
                    state, method = self.resolver.country(cand.targets[0].actor_id), "context-country-domestic"
                if state and state not in {q.actor_id for q in cand.sources + extra}:
                    self.resolver.ensure_actor(state)
                    extra.append(Party(state, p.start, p.end, p.text, method))
        if extra:
            cand.sources = cand.sources + extra
            cand.notes.append("country of an actor the knowledge base does not place: from the sentence's context")

    # ----- the record

    @staticmethod
    def _via_with(sent, party: Party) -> bool:
        tok = next((t for t in sent if t.idx <= party.start < t.idx + len(t)), None)
        for _ in range(3):
            if tok is None or tok.head.i == tok.i:
                return False
            if tok.dep_ == "pobj" and tok.head.lower_ in ("with", "between", "among"):
                return True
            if tok.dep_ not in ("compound", "amod", "poss", "conj", "appos", "nmod"):
                return False
            tok = tok.head
        return False

    @staticmethod
    def _where_host(anchor) -> list:
        """"travelled to Mashhad on Monday, where he met the governor": the meeting happened
        when and where the clause that 'where' hangs on says; that clause's verb joins the event's."""
        cur = anchor
        while cur.dep_ == "conj" and cur.head is not cur:
            cur = cur.head
        if cur.dep_ != "relcl" or not any(ch.dep_ == "advmod" and ch.lower_ == "where" for ch in cur.children):
            return []
        place = cur.head
        if place.dep_ == "pobj" and place.head.dep_ == "prep" and place.head.head.pos_ in ("VERB", "AUX"):
            return [place.head.head]
        return []

    def _host_nouns(self, anchor) -> list:
        """An event told in a relative clause of a meeting noun takes that meeting's date and
        place ("a press conference in Tehran, where X hosted Y, on Monday")."""
        out, cur = [], anchor
        for _ in range(4):
            if cur.dep_ not in ("relcl", "acl") or cur.head.i == cur.i:
                break
            cur = cur.head
            if cur.dep_ == "pobj" and cur.head.dep_ == "prep":
                cur = cur.head.head
            if cur.pos_ == "NOUN" and (cur.lower_ in self.lex.nouns or cur.lemma_.lower() in self.lex.nouns):
                out.append(cur)
        return out

    @staticmethod
    def _argument_tokens(clause: list) -> list:
        """Tokens of the event's objects: a date phrase the parser hung inside an object ("hosted
        his counterpart, X, on Monday") still dates the event, since dates do not modify people."""
        out = []
        for t in clause:
            for ch in t.children:
                if ch.dep_ in ("dobj", "dative") or ch.dep_ == "prep":
                    for a in ([ch] if ch.dep_ != "prep" else [g for g in ch.children if g.dep_ == "pobj"]):
                        out += _argument_core(a)
        return out

    def _evidence(self, sent, c: Coded) -> Span:
        start = max(sent.start_char, self._line_start(sent, c.anchor))
        end = min(sent.end_char, self._line_end(sent, c.anchor))
        if c.trigger.idx < start or c.trigger.idx >= end:
            start, end = sent.start_char, sent.end_char
        text = self.ctx.article.text[start:end]
        lead = len(text) - len(text.lstrip())
        text = text.strip()
        return Span(self.ctx.article.id, start + lead, start + lead + len(text), text)

    def build(self, cand: Candidate, sent) -> Event:
        c = cand.coded
        article = self.ctx.article
        etype, mode = c.type, c.mode
        sources, targets = cand.sources, cand.targets
        if etype in SYMMETRIC and len(sources) >= 2 and not targets:
            actors, recipients = sources, []
        elif not sources and len(targets) >= 2 and etype == "CONSULT":
            actors, recipients = targets, []
        else:
            actors, recipients = sources, targets
        # A mediator's "between A and B" are whom it acts for, not partners.
        mediation = c.cls is not None and c.cls.name == "mediate"
        if (etype in JOINT or (c.cls is not None and c.cls.name == "sign_agreement")) and not mediation:
            # "X agreed with Y", "X signed a deal with Y": done together, both act (CAMEO codes both ways).
            joint = [p for p in recipients if self._via_with(sent, p)]
            if joint:
                actors = actors + joint
                recipients = [p for p in recipients if p not in joint]
                c.steps.append("a joint act ('with'): both parties act")
        actor_ids = list(dict.fromkeys(p.actor_id for p in actors))
        # A state added for an official's domestic act may also be the recipient ("X dismissed the
        # Iraqi minister": Iraq on both sides).
        domestic = {p.actor_id for p in actors + recipients if p.method.endswith("domestic")}
        recipient_ids = [i for i in dict.fromkeys(p.actor_id for p in recipients)
                         if i not in actor_ids or i in domestic]
        clause = list(dict.fromkeys(c.chain + [c.anchor]))
        if c.adverbial:
            clause.append(c.trigger.head.head)
        clause += self._host_nouns(c.anchor) + self._where_host(c.anchor)
        if c.anchor.dep_ == "advcl" and c.anchor.tag_ == "VBG":
            clause.append(c.anchor.head)  # "struck ... late on Wednesday, hitting a house": one moment
        elif c.anchor.dep_ == "conj" and c.anchor.tag_ == "VBG":
            # "criticized it on Thursday, not only suggesting ..., but also recommending ...": the
            # participle's moment is its first conjunct's, and that one's clause's
            lead = c.anchor.doc[first_conjunct(c.anchor)]
            clause += [lead, lead.head] if lead.dep_ == "advcl" and lead.tag_ == "VBG" else [lead]
        clause += _when_clauses(c.anchor)
        if c.anchor.lemma_.lower() in SCHEDULED:
            clause += _children(c.anchor, ("xcomp",))  # "is set to open tomorrow": when it opens
        if c.anchor.pos_ in ("NOUN", "PROPN") and c.anchor.dep_ in ("nsubj", "nsubjpass", "dobj"):
            clause.append(c.anchor.head)  # "a car bomb was rammed into the base on Monday"
        elif c.anchor.pos_ in ("NOUN", "PROPN") and c.anchor.dep_ == "pobj" and c.anchor.head.head.pos_ == "VERB":
            clause.append(c.anchor.head.head)  # "announced it on Wednesday despite criticism by X"
        tense = tense_of(c.anchor) or tense_of(c.trigger)
        if tense is None and c.anchor.pos_ in ("NOUN", "PROPN"):
            # "had a phone conversation", "said in a meeting with": the verb that carries the noun
            carrier = c.anchor.head.head if c.anchor.dep_ == "pobj" else c.anchor.head
            tense = tense_of(carrier) if carrier.pos_ in ("VERB", "AUX") else None
        if c.future:
            tense = "future"
        when, date_reason = event_date(clause + self._argument_tokens(clause), sent, article.published, tense)
        performative = self._performative(c)
        if performative:
            tense = "past"  # "I thank John", quoted: done by saying it, when it was said
        statement = c.future or cand.obligation or c.frame in SPEECH_ACTS or performative
        saying = None
        if statement and when.value is None:
            # A stated intention, demand or threat happens when it is stated: "announced on Sunday
            # that troops would leave" is dated by the announcing, not by the leaving.
            heads = self._reporting_heads(c.anchor)
            att = self.resolver.discourse.attribution_of(c.anchor)
            if not heads and att is not None and att.direct and att.cue >= 0:
                heads = [c.anchor.doc[att.cue]]  # quoted words: dated by their "said"
            if heads:
                when, date_reason = event_date(heads, heads[0].sent, article.published, "past")
                clause += heads
                if not c.future:  # said, so told in the tense of its saying ("is lying," he said)
                    tense, saying = tense_of(heads[0]) or tense, heads[0]
        countries = [self.resolver.country(i) for i in actor_ids + recipient_ids]
        where, place_reason = locate(clause, event_type=etype, parties=actor_ids + recipient_ids,
                                     party_countries=[x for x in countries if x], visits=lambda: self.visits,
                                     dateline=article.dateline, kb=self.ctx.kb, mode=mode)
        if where is not None and where.country and (self.ctx.kb is None or where.country in self.ctx.kb):
            # Where the story now is, domestic acts included: unnamed police or crowds told next
            # belong there.
            self.resolver.last_place = where.country
        home = self._scene_state(where, countries[:len(actor_ids)])
        patient = self._unnamed_patient(c) if not recipient_ids and home and etype not in SYMMETRIC else None
        place_name = where.name if where is not None and where.country == home else home
        if patient is not None:
            # An unnamed patient ("fired tear gas at them", "accused the network", "rejected the
            # protesters' demands") is someone of the place where it happened, else of the state
            # the report is in (CAMEO's context rule): of the actor's own state too.
            self.resolver.ensure_actor(home)
            recipients = [Party(home, patient.idx, patient.idx + len(patient), patient.text, "context-place")]
            recipient_ids = [home]
            c.steps.append(f"'{patient.text}' is unnamed: someone of {place_name}, where it happened")
        elif not recipient_ids and home and DOMESTIC & {etype, self._action_type(c)} \
                and home in countries[:len(actor_ids)]:
            # A protest, a concession, a crackdown or an attack at home with no one named on the
            # other side is aimed at that state itself (CAMEO codes the state on both sides), and
            # so is the promise or threat of one ("will withdraw the bill").
            self.resolver.ensure_actor(home)
            recipients = [Party(home, c.anchor.idx, c.anchor.idx + len(c.anchor), c.anchor.text, "context-domestic")]
            recipient_ids = [home]
            c.steps.append(f"a domestic {etype.lower()} in {place_name}: aimed at that state")
        parties_key = ",".join(sorted(actor_ids)) + "|" + ",".join(sorted(recipient_ids))
        digest = hashlib.sha1(f"{article.id}|{sent.start_char}|{etype}|{parties_key}".encode()).hexdigest()[:16]
        trig = c.trigger
        features = {
            "trigger": {"text": trig.text, "start": trig.idx, "end": trig.idx + len(trig), "article_id": article.id},
            "anchor": {"text": c.anchor.text, "start": c.anchor.idx, "end": c.anchor.idx + len(c.anchor)},
            "patterns": [e.describe() for e in c.entries],
            "pattern_lines": [e.line for e in c.entries],
            "steps": c.steps,
            "frame": c.frame,
            "class": c.cls.name if isinstance(c.cls, ClassCodes) else None,
            "actors": [p.as_dict() for p in actors],
            "recipients": [p.as_dict() for p in recipients],
            "modality": cand.notes,
            "future": c.future,
            "date_reason": date_reason,
            "tense": tense,
            "perfect": _perfect(c.anchor) or (c.anchor is not c.trigger and _perfect(c.trigger))
            or (saying is not None and _perfect(saying)),
            # "often had disagreements": a habit, told of no one occasion
            "habitual": any(t.lower_ in self.lex.group("habitual") for a in {c.anchor, c.trigger} for t in a.children
                            if t.dep_ in ("advmod", "amod")),
            "location_reason": place_reason,
            "depth": cand.depth,
            "adverbial": c.adverbial,
            "kind": c.kind,
        }
        if cand.slots:
            features["slots"] = cand.slots  # the [slots] form and the path that filled each slot
        status, claimant, claim_reason = self._attribution(c, actor_ids)
        if claim_reason:
            features["claim_reason"] = claim_reason
        return Event(
            id="ev" + digest, type=etype, mode=mode, cameo=c.code, actors=actor_ids, recipients=recipient_ids,
            date=when, location=where,
            evidence=[self._evidence(sent, c)],
            article_ids=[article.id], negated=cand.negated, hypothetical=cand.hypothetical,
            goldstein=goldstein(c.code), rule=c.rule(), features=features, status=status, claimed_by=claimant)

    def _performative(self, c: Coded) -> bool:
        """Quoted words that do what they say ("I thank John", "we reject the charge"): a first
        person in the present tense, inside quotation marks."""
        att = self.resolver.discourse.attribution_of(c.anchor)
        if att is None or not att.direct or c.anchor.pos_ not in ("VERB", "AUX") or c.anchor.tag_ not in ("VBP", "VBZ"):
            return False
        return any(s.lower_ in ("i", "we") for s in subject_tokens(c.anchor))

    @staticmethod
    def _action_type(c: Coded) -> str | None:
        """The PLOVER type of the action itself, whatever frame it is told in."""
        return plover_for(c.cls.direct)[0] if isinstance(c.cls, ClassCodes) and c.cls.direct else None

    def _scene_state(self, where, actor_countries: list[str | None]) -> str | None:
        """The state an event happens in: its place, else the place the report last told, when
        that is the actor's own (an official's act at home needs no place phrase)."""
        if where is not None and where.country:
            return where.country
        last = self.resolver.last_place
        return last if last and last in actor_countries else None

    def _unnamed_patient(self, c: Coded):
        """The event's patient when the text names no one political: a generic agent noun
        ("protesters", "the network"), or a pronoun the discourse could not resolve."""
        words = self.lex.agents
        objs = object_tokens(c.anchor) if c.anchor.pos_ in ("VERB", "AUX") else []
        objs += _pobjs(c.trigger, NOUN_TARGET_PREPS)
        # "rejected the protesters' demands": whose demands they are
        objs += [o for t in objs for o in _children(t, ("poss",))]
        for t in objs:
            if self.resolver.parties_of(t, allow_context=False):
                return None
            if t.pos_ == "PRON" and t.lower_ in ("them", "him", "her", "it"):
                return t
            sector = words.get(t.lower_) or words.get(t.lemma_.lower())
            # Peoples and faiths ("called on Muslims") live beyond any one place; forces one sends
            # or moves ("would send more troops") are the actor's own, not its patient.
            if self.lex.token_in(t, "troops"):
                continue
            if t.pos_ in ("NOUN", "PROPN") and sector and sector not in ("ETH", "REL", "REF"):
                return t
        return None

    def _accusation(self, event: Event, cand: Candidate, sent) -> Event | None:
        """Claiming that another party did harm is accusing it (CAMEO 112): "Iraqi officials
        claimed that Iran shelled villages" is Iraq's accusation of Iran, told as fact, while the
        shelling stays Iraq's claim. A plain "said" passes the act on without vouching for it."""
        if event.status != "claimed" or event.type not in HOSTILE_ACTS or not event.actors or not event.claimed_by:
            return None
        heads = self._reporting_heads(cand.coded.anchor)
        if not any(h.lemma_.lower() in self.lex.groups.get("claiming", ()) for h in heads):
            return None
        cls = self.lex.classes.get("accuse_aggression") or self.lex.classes["accuse"]
        when, why = event_date(heads, sent, self.ctx.article.published, "past") if heads else (EventDate(), NO_DATE_PHRASE)
        f = event.features
        key = f"{event.id}|accuse"
        return Event(
            id="ev" + hashlib.sha1(key.encode()).hexdigest()[:16], type="ACCUSE", mode=None, cameo=cls.direct,
            actors=[event.claimed_by], recipients=list(event.actors), date=when, location=None,
            evidence=list(event.evidence), article_ids=list(event.article_ids), goldstein=goldstein(cls.direct),
            rule=f"claim of a {event.type} act -> {cls.name}",
            features={"trigger": f.get("trigger"), "anchor": f.get("anchor"), "steps": [
                f"'{heads[0].text if heads else 'claimed'}' tells another party's {event.type} act as a claim: "
                f"an accusation ({cls.direct})"], "frame": "accuse", "class": cls.name, "kind": "claim",
                "actors": [{"actor_id": event.claimed_by, "method": "claimant"}],
                "recipients": f.get("actors"), "modality": [], "future": False, "date_reason": why,
                "tense": "past", "perfect": False, "location_reason": "a statement's place is not known",
                "depth": f.get("depth", 0), "adverbial": False, "claim_of": event.id})

    def _attribution(self, c: Coded, actor_ids: list[str]) -> tuple[str, str | None, str | None]:
        """Asserted, claimed or denied: an event told as the content of another party's statement
        ("Iraqi officials claimed that Iran shelled villages", "according to the minister, ...",
        "Turkey denied that its jets struck") is that party's claim, not the report's fact. The
        speaker's own acts of speech (a demand, a threat, an intention it states) stay asserted;
        so does what a news outlet is cited for ("according to Reuters"): that is sourcing."""
        own = set(actor_ids)
        own |= {self.resolver.country(i) for i in actor_ids if self.resolver.country(i)}
        chain = {t.i for t in c.chain} | {c.anchor.i, c.trigger.i}
        # The discourse layer's attribution, the same one the quote of this sentence reads.
        att = self.resolver.discourse.attribution_of(c.anchor)
        if att is None or att.cue in chain or att.kind == "report":
            return "asserted", None, None
        # Unnamed officials ("Iraqi officials claimed") claim for their state.
        ids = att.speaker_ids or ([att.country] if att.country else [])
        speakers = [Party(i, 0, 0, att.speaker_name or i, att.kind) for i in ids]
        for p in speakers:
            self.resolver.ensure_actor(p.actor_id)
        status = "denied" if att.kind == "deny" else "claimed"
        how = "in quoted words" if att.direct else f"as what {att.kind.replace('_', ' ')} reports"
        return self._claim(status, speakers, own, f"told {how}") or ("asserted", None, None)

    def _claim(self, status: str, speakers: list[Party], own: set[str], why: str):
        r = self.resolver
        speakers = [p for p in speakers if r.sector(p.actor_id) != "MED"]  # an outlet cited is sourcing
        ids = [p.actor_id for p in speakers]
        countries = {r.country(i) for i in ids}
        if not ids or None in countries:
            return None  # an unnamed source, or one whose side is unknown: the report stands behind it
        if own & (set(ids) | countries) and status != "denied":
            return None  # the actor tells of its own act
        return status, ids[0], f"{why}: {status} by {speakers[0].text}"


def _perfect(token) -> bool:
    """A perfect ("have alleged", "had met"): told as background, not as the report's occasion."""
    return any(ch.dep_ == "aux" and ch.lemma_.lower() == "have" for ch in token.children)


def _argument_core(token) -> list:
    out, stack = [], [token]
    while stack:
        t = stack.pop()
        out.append(t)
        stack.extend(ch for ch in t.children if ch.dep_ not in ("relcl", "acl", "ccomp", "advcl", "xcomp", "prep")
                     or (ch.dep_ == "prep" and ch.lower_ in ("on", "in")))
    return out


@component("events", needs=("actors", "discourse"), adds=("events",))
def events(ctx) -> None:
    ctx.analysis.events.extend(EventCoder(ctx).run())
