"""Composing matched patterns into coded events, CAMEO-style.

A sentence's matches are of two sorts: actions (a class: "release", "attack", "meet") and
frames that wrap an action (intent "offered to", demand "urged ... to", reject "refused to",
threat "threatened to", stop "lifted", accuse "accused ... of"; report "said" and order
"ordered" pass the action through). The frame decides the PLOVER type and the action the
CAMEO sub-code: "offered to hand over" is AGREE 0353, "refused to release" REJECT 1243,
"threatened to cut off aid" THREATEN 1311. Nouns code too when a light verb carries them
("held talks", "imposed sanctions") or they stand as the subject of an occurrence verb
("talks took place").

This module only decides codes and which tokens belong to an event; parties, dates and places
are read by events.py from the tokens chosen here.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from ..knowledge.ontology import FRAME_DEFAULTS, ClassCodes, Entry, Lexicon, lexicon, plover_for
from .event_patterns import OCCURRENCE, Match, labels, match_token, objects, verb_lemma

HOSTILE_TYPES = frozenset({"ASSAULT", "COERCE", "MOBILIZE", "SANCTION", "THREATEN"})
# Actions whose announced intent is a threat (CAMEO 13): force, sanctions, and protest (133).
THREAT_TYPES = HOSTILE_TYPES | {"PROTEST"}
# Intent and demand verbs too weak to code by themselves ("hoped", "asked"): they need an action.
WEAK_FRAMES = lexicon().group("weak_frames")
# Weak demand verbs still code a request when they ask for something ("asked X for tanks").
WEAK_DEMANDS = lexicon().group("weak_demands")
# Object-control verbs: the complement's subject is their object ("urged Iraq to release").
OBJECT_CONTROL = lexicon().group("object_control")
# A light verb carries a noun as its object or after these ("came under attack", "took part in
# talks", "gave millions in aid"), never after "during" or "at".
LIGHT_PREPS = frozenset({"under", "in", "into", "of", "with"})
ADVERBIAL_PREPS = frozenset({"during", "in", "at", "after", "following", "before", "amid", "on", "ahead", "for"})
# What an accusation is about picks its sub-code.
ACCUSE_SUBJECTS = (
    (lexicon().group("accused_of_war"), "accuse_war"),
    (lexicon().group("accused_of_spying"), "accuse_spying"),
    (lexicon().group("accused_of_rights"), "accuse_rights"),
    (lexicon().group("accused_of_crime"), "accuse_crime"),
)
INVESTIGATE_SUBJECTS = (
    (lexicon().group("investigated_war"), "investigate_war"),
    (lexicon().group("investigated_rights"), "investigate_rights"),
    (lexicon().group("investigated_attack"), "investigate_mil"),
    (lexicon().group("investigated_crime"), "investigate_crime"),
)


@dataclass
class Coded:
    """One coded event candidate: the tokens that carry it and the code they give."""

    trigger: object  # the token naming the action (or the frame's own token when there is none)
    anchor: object  # outermost token: its clause gives subject, date, negation
    chain: list  # every token from anchor to trigger (frames, light verbs, the noun)
    code: str
    cls: ClassCodes | None
    frame: str | None
    entries: list[Entry]
    kind: str  # verb, noun, adjective, copula, label
    steps: list[str] = field(default_factory=list)  # why this code, step by step, for explain
    future: bool = False
    reported_by: object | None = None  # the reporting verb whose complement this is
    adverbial: bool = False  # a meeting noun in an adverbial phrase ("during talks with ...")

    @property
    def plover(self) -> tuple[str, str | None]:
        return plover_for(self.code) if self.code else ("", None)

    @property
    def type(self) -> str:
        return self.plover[0]

    @property
    def mode(self) -> str | None:
        mode = self.plover[1]
        return (self.cls.mode if self.cls and self.cls.mode and not self.frame else None) or mode

    def rule(self) -> str:
        return " + ".join(e.describe() for e in self.entries) or (self.steps[0] if self.steps else "")


# Modals that lay a duty on the subject.
DEONTIC = frozenset({"must", "should", "ought"})


def predicate_of(noun):
    """The party a noun is said of, when the noun is a predicate: the subject of "be" ("X is a
    critic of Y") or the noun an apposition describes ("X, a critic of Y,")."""
    if noun.dep_ == "attr" and noun.head.lemma_ == "be":
        return next((c for c in noun.head.children if c.dep_ == "nsubj"), None)
    if noun.dep_ == "appos" and noun.head.pos_ in ("PROPN", "NOUN"):
        return noun.head
    return None


class Composer:
    """Codes the events of one sentence from its matches."""

    def __init__(self, lex: Lexicon):
        self.lex = lex
        self.last_matches: dict[int, Match] = {}
        # Words of blame said of a party or its act: pejoratives, crimes, disapproval.
        self.blame = lex.pejorative | lex.crimes | lex.group("disapproved")
        self._by_direct: dict[str, ClassCodes] = {}
        for c in lex.classes.values():
            self._by_direct.setdefault(c.direct, c)

    # ----- matches

    def matches(self, sent) -> dict[int, Match]:
        out = {}
        for t in sent:
            m = match_token(t, self.lex)
            if m is not None:
                out[t.i] = m
        return out

    # ----- complements

    def complement(self, token, kind: str) -> list:
        """Where a frame's action is: a verb complement, the object, the object of a preposition,
        or (for nouns) a "to"-clause or "for"/"of" phrase."""
        out = []
        for c in token.children:
            if c.dep_ in ("xcomp", "ccomp"):
                out.append(c)
        for c in token.children:
            if c.dep_ in ("dobj", "attr", "oprd", "nsubjpass"):
                out.append(c)
        for c in token.children:
            if c.dep_ in ("prep", "prt", "dative"):
                out += [g for g in c.children if g.dep_ in ("pobj", "pcomp")]
        if kind == "noun":
            out += [c for c in token.children if c.dep_ in ("acl", "relcl") and any(
                a.lower_ == "to" for a in c.children if a.dep_ == "aux")]
        return out

    def code_token(self, token, matches: dict[int, Match], depth: int = 0) -> Coded | None:
        """The coded event a token starts, following frames into their complements."""
        if depth > 4:
            return None
        m = matches.get(token.i)
        if m is None and depth > 0:
            m = match_token(token, self.lex, loose=True)
        if m is None:
            return self._unmatched(token, matches, depth)
        frame = m.entry.frame
        lemma = m.entry.words[0] if m.kind == "verb" else token.lemma_.lower()
        if m.kind == "verb" and lemma in self.lex.light and not m.entry.obj and frame in (None, "report", "order"):
            # "declared a ceasefire", "announced sanctions", "approved a loan": the noun says what
            # was done; the verb only reports or carries it.
            carried = self._unmatched(token, matches, depth, direct_only=True)
            if carried is not None and (frame is not None or carried.cls is None or m.entry.target != carried.cls.name):
                return carried
        if frame is None:
            cls = self.lex.classes[m.entry.target]
            cls, steps = self._refine(cls, token)
            return Coded(token, token, [token], cls.direct, cls, None, [m.entry], m.kind,
                         steps=[f"'{token.text}' matches {m.entry.describe()}"] + steps)
        if frame == "report" and lemma == "tell" and any(c.dep_ == "xcomp" for c in token.children) and \
                any(c.dep_ == "dobj" for c in token.children):
            frame = "demand"  # "told Israel to withdraw": asked, not reported
        elif frame in ("report", "order"):
            return None  # handled by the caller: transparent
        inner = None
        for comp in self.complement(token, m.kind):
            if comp.i == token.i:
                continue
            inner = self.code_token(comp, matches, depth + 1)
            if inner is not None:
                break
        return self._frame(token, m, frame, inner)

    def _carrier(self, token) -> str:
        return verb_lemma(token, self.lex.light | self.lex.amplifiers)

    def _unmatched(self, token, matches, depth, direct_only: bool = False) -> Coded | None:
        """A token with no pattern of its own: a light verb carrying a noun ("held talks"), or an
        amplifier passing its object through ("expand cooperation")."""
        lemma = self._carrier(token)
        if token.pos_ in ("VERB", "AUX") and (lemma in self.lex.light or lemma in self.lex.amplifiers):
            objs = [c for c in token.children if c.dep_ in ("dobj", "nsubjpass")] if direct_only \
                else objects(token, LIGHT_PREPS)
            for obj in objs:
                inner = self.code_token(obj, matches, depth + 1)
                if inner is not None and inner.kind == "noun":
                    inner.anchor = token
                    inner.chain = [token] + inner.chain
                    inner.steps.insert(0, f"'{token.text}' carries the noun '{obj.text}'")
                    return inner
        if token.pos_ == "NOUN" and lemma in self.lex.amplifiers:
            for c in token.children:
                if c.dep_ == "prep" and c.lower_ in ("of", "in"):
                    for g in c.children:
                        inner = self.code_token(g, matches, depth + 1)
                        if inner is not None:
                            inner.chain = [token] + inner.chain
                            return inner
        return None

    def _refine(self, cls: ClassCodes, token) -> tuple[ClassCodes, list[str]]:
        """Sub-codes that depend on what an investigation is about."""
        if cls.name == "investigate":
            words = {w.lower_ for w in token.subtree}
            for keys, name in INVESTIGATE_SUBJECTS:
                if words & keys:
                    return self.lex.classes[name], [f"about {sorted(words & keys)[0]!r}: {name}"]
        return cls, []

    def _frame(self, token, m: Match, frame: str, inner: Coded | None) -> Coded | None:
        lemma = m.entry.words[0] if m.kind == "verb" else token.lemma_.lower()
        step = f"'{token.text}' matches {m.entry.describe()}"
        if frame == "accuse":
            return self._accuse(token, m, inner, step)
        if frame == "intent" and lemma in self.lex.group("wanting") and \
                any(c.dep_ in ("dobj", "nsubj") and c.head.i == token.i for c in token.children) and \
                any(c.dep_ in ("xcomp", "ccomp") for c in token.children) and \
                any(c.dep_ == "dobj" for c in token.children):
            frame = "demand"  # "X wants Y to withdraw": asked of Y
            step += " (with an object: a demand)"
        called = [g for c in token.children if c.dep_ == "prep" and c.lower_ in ("on", "upon")
                  for g in c.children if g.dep_ == "pobj"]
        if inner is None and frame == "demand" and m.entry.words[1:] in (("on",), ("upon",)) and \
                not any(c.dep_ in ("xcomp", "ccomp", "advcl") for c in token.children) and \
                called and called[0].ent_type_ not in ("GPE", "NORP", "ORG") and not called[0].text[:1].islower():
            # "called on the president" with nothing asked: a courtesy visit.
            visit = self.lex.classes["visit"]
            return Coded(token, token, [token], visit.direct, visit, None, [m.entry], m.kind,
                         steps=[step, f"nothing is asked: a visit ({visit.direct})"])
        if inner is None:
            # "sought compensation from Turkey": something asked of someone.
            sought = lemma == "seek" and any(
                c.dep_ == "dobj" and any(p.dep_ == "prep" and p.lower_ == "from" for p in [*token.children, *c.children])
                for c in token.children)
            asks = frame == "demand" and (sought or lemma in WEAK_DEMANDS and (
                any(c.dep_ == "xcomp" for c in token.children) or
                any(c.dep_ == "prep" and c.lower_ == "for" for c in token.children) or
                # "insisted that Israel halt ...": a bare or 'should' verb in the clause asks for it.
                any(c.dep_ == "ccomp" and (c.tag_ == "VB" or any(a.lower_ in ("should", "must") for a in c.children))
                    for c in token.children)))
            # "offered compensation", "compensation was offered": an offer of a thing is an act.
            offered = lemma in self.lex.group("offering") and any(
                ch.dep_ in ("dobj", "nsubjpass") and ch.pos_ == "NOUN" for ch in token.children)
            if (lemma in WEAK_FRAMES and not asks and not offered) or frame == "stop":
                return None
            code = FRAME_DEFAULTS[frame]
            return Coded(token, token, [token], code, None, frame, [m.entry], m.kind,
                         steps=[step, f"no action in its complement: the frame's own code {code}"])
        if inner.frame == "accuse":
            if frame != "reject":
                return None
            inner = None  # rejecting an accusation: a rejection, not the accusation
            code = FRAME_DEFAULTS[frame]
            return Coded(token, token, [token], code, None, frame, [m.entry], m.kind,
                         steps=[step, f"rejecting an accusation: {code}"])
        if frame == "intent" and inner.frame == "demand" and inner.cls is None:
            cls = self.lex.classes["yield"]
            return Coded(inner.trigger, token, [token] + inner.chain, cls.direct, cls, None,
                         [m.entry] + inner.entries, m.kind,
                         steps=[step] + inner.steps + [f"agreeing to demands is yielding: {cls.direct}"])
        base = inner.cls
        if frame == "stop":
            if inner.frame is not None or base is None or not base.stop:
                # "stop supporting": the action is ended, not done; nothing codes, nothing stands.
                return Coded(inner.trigger, token, [token] + inner.chain, "", None, "stop", [m.entry] + inner.entries,
                             m.kind, steps=[step, "stopping an action with no coded opposite"])
            stopped = self._by_direct.get(base.stop) or ClassCodes(f"stop {base.name}", base.stop, None, None,
                                                                   None, None, None)
            return Coded(inner.trigger, token, [token] + inner.chain, stopped.direct, stopped, None,
                         [m.entry] + inner.entries, m.kind,
                         steps=[step] + inner.steps + [f"stopping {base.name} codes {stopped.direct}"],
                         reported_by=inner.reported_by)
        if base is None:
            code = FRAME_DEFAULTS[frame]
            why = f"the action has no class: the frame's own code {code}"
        else:
            hostile = plover_for(base.direct)[0] in THREAT_TYPES
            use = "threat" if frame == "intent" and hostile else frame
            code = base.code(use) or FRAME_DEFAULTS[use]
            why = f"{use} of {base.name} codes {code}" + (" (intent to do harm is a threat)" if use != frame else "")
        return Coded(inner.trigger, token, [token] + inner.chain, code, base, frame, [m.entry] + inner.entries,
                     m.kind, steps=[step] + inner.steps + [why], future=inner.future)

    def _accuse(self, token, m: Match, inner: Coded | None, step: str) -> Coded:
        words = set()
        for comp in self.complement(token, m.kind):
            if comp.dep_ in ("pobj", "pcomp") or comp.dep_ in ("ccomp", "xcomp"):
                words |= {w.lower_ for w in comp.subtree}
        name = "accuse"
        for keys, cls_name in ACCUSE_SUBJECTS:
            if words & keys:
                name = cls_name
                break
        else:
            if inner is not None and inner.type in HOSTILE_TYPES:
                name = "accuse_aggression"
        cls = self.lex.classes[name]
        steps = [step, f"accusation about {('a ' + inner.type + ' action') if inner else 'no coded action'}: "
                       f"{name} {cls.direct}"]
        return Coded(token, token, [token] + (inner.chain if inner else []), cls.direct, cls, "accuse",
                     [m.entry] + (inner.entries if inner else []), m.kind, steps=steps)

    # ----- the sentence

    def sentence(self, sent) -> list[Coded]:
        """Every candidate event of a sentence, complements folded into their frames."""
        matches = self.last_matches = self.matches(sent)
        coded: list[Coded] = []
        used: set[int] = set()
        for t in sent:
            if t.i in used:
                continue
            m = matches.get(t.i)
            if m is not None and m.entry.frame in ("report", "order") and self._carrier(t) not in self.lex.light:
                continue
            if m is None and not (self._carrier(t) in self.lex.light or self._carrier(t) in self.lex.amplifiers):
                continue
            c = self.code_token(t, matches)
            if c is None:
                continue
            if c.kind == "noun" and c.anchor.i == c.trigger.i and not self._noun_stands(c, matches):
                continue
            used.update(x.i for x in c.chain)
            coded.append(c)
        # A frame consumed its complement: drop the complement's own candidate.
        inner_ids = {x.i for c in coded for x in c.chain[1:]}
        coded = [c for c in coded if c.anchor.i not in inner_ids and c.code]
        for c in coded:
            c.reported_by = self._reporter(c.anchor, matches)
        return coded

    def _noun_stands(self, c: Coded, matches: dict[int, Match]) -> bool:
        """A noun event by itself is a report of an event only in some positions: the subject of an
        occurrence verb ("talks took place"), a meeting in an adverbial phrase ("during talks
        with X"), a headline with no verb, or wherever its doer is named with it."""
        noun = c.trigger
        head = noun.head
        if noun.dep_ in ("nsubj", "nsubjpass") and head.lemma_.lower() in OCCURRENCE and head.i not in matches:
            c.anchor = head
            c.chain = [head, noun]
            return True
        if noun.dep_ == "pobj" and head.dep_ == "prep" and head.lower_ in ADVERBIAL_PREPS and c.type == "CONSULT" \
                and head.head.pos_ in ("VERB", "AUX"):
            c.adverbial = True
            return True
        if noun.dep_ == "ROOT" and noun.sent.start == 0 and _headline(noun.doc.text[:noun.idx]):
            return True  # a headline with no verb; elsewhere a verbless line is a caption or legend
        if predicate_of(noun) is not None:
            return True  # "X is a fierce critic of Y", "X, a critic of Y, said": X is the doer
        if head.lower_ == "under" and noun.dep_ == "pobj" and head.head.pos_ in ("VERB", "AUX") and any(
                ch.dep_ in ("compound", "amod", "poss", "acl") for ch in noun.children):
            return True  # "Chile is under EU sanctions": a standing measure, whose author is named with it
        # A nominal event whose doer is named with it ("criticism by the Greek minister", "Turkey's
        # offensive", "the Iraqi request") reports an event wherever it stands in the sentence.
        return any((ch.dep_ == "poss" and ch.is_alpha) or (ch.dep_ in ("agent", "prep") and ch.lower_ == "by"
                                         and any(g.dep_ == "pobj" for g in ch.children))
                   for ch in noun.children)

    def _reporter(self, token, matches: dict[int, Match]):
        """The reporting verb whose complement holds this event, if any ("X said [Y attacked Z]")."""
        cur = token
        while cur.dep_ in ("ccomp", "xcomp", "conj", "advcl", "parataxis") and cur.head.i != cur.i:
            cur = cur.head
            m = matches.get(cur.i)
            if m is not None and m.entry.frame in ("report", "order"):
                return cur
        return None

    # ----- obligations: "Turkey must guard the camps", said by someone else

    def obligations(self, sent, taken: set[int]) -> list[Coded]:
        """A duty laid on a party ("they must watch over the camps", "X said Y should leave") is,
        in a speaker's mouth, a demand of that party: CAMEO 100 where the act has no code of its
        own. Only verbs no pattern coded (``taken``); whose mouth it is, the caller decides."""
        out = []
        for t in sent:
            if t.i in taken or t.pos_ != "VERB" or not any(
                    c.dep_ == "aux" and c.lower_ in DEONTIC for c in t.children):
                continue
            subj = [c for c in t.children if c.dep_ in ("nsubj", "nsubjpass")]
            if not subj or subj[0].lower_ in ("i", "we", "it", "this", "that", "there", "you", "one"):
                continue  # one's own duty is a resolve, not a demand; "it should be noted" none
            code = FRAME_DEFAULTS["demand"]
            out.append(Coded(t, t, [t], code, None, "demand", [], "obligation",
                             steps=[f"'{t.text}' is laid on its subject as a duty: a demand ({code})"],
                             reported_by=self._reporter(t, self.last_matches)))
        return out

    # ----- copular accusations: "the regime is a malignant tumor"

    def copular_accusations(self, sent) -> list[Coded]:
        out = []
        hostile = self.lex.groups.get("hostile", frozenset()) | self.lex.groups.get("weapon", frozenset()) | \
            self.lex.crimes
        for t in sent:
            if t.dep_ == "pobj" and t.head.lower_ == "behind" and t.head.head.lemma_ == "be" and \
                    t.lemma_.lower() in hostile:
                # "Israel was behind the attack": the speaker blames the subject for it.
                cls = self.lex.classes["accuse"]
                be = t.head.head
                out.append(Coded(t, be, [be, t], cls.direct, cls, "accuse", [], "copula",
                                 steps=[f"the subject was 'behind' the {t.text}: an accusation ({cls.direct})"]))
                continue
            if t.dep_ not in ("attr", "acomp") or t.head.lemma_ != "be":
                continue
            words = {t.lemma_.lower(), t.lower_} | {c.lower_ for c in t.children if c.dep_ in ("amod", "compound")}
            if not words & self.lex.pejorative:
                continue
            cls = self.lex.classes["accuse"]
            out.append(Coded(t, t.head, [t.head, t], cls.direct, cls, "accuse", [], "copula",
                             steps=[f"'{t.text}' said of the subject is pejorative: an accusation ({cls.direct})"]))
        return out

    def labelling_accusations(self, sent) -> list[Coded]:
        """A speaker labelling another party's act or the party itself with a word of blame
        ("called the sanctions a crime", "described the decision as a mistake"): an accusation
        aimed at the labelled object's owner."""
        out = []
        blame = self.blame
        labelling = self.lex.group("labelling")
        for t in sent:
            if t.lemma_.lower() not in labelling or t.pos_ != "VERB":
                continue
            blamed = [w for w in labels(t) if w.lemma_.lower() in blame or w.lower_ in blame]
            if not blamed:
                continue
            verb, t = t, blamed[0]
            disapproving = t.pos_ == "ADJ" or t.lemma_.lower() in self.lex.groups.get("disapproved", ())
            cls = self.lex.classes["criticize" if disapproving else "accuse"]
            out.append(Coded(t, verb, [verb, t], cls.direct, cls, "accuse", [], "label",
                             steps=[f"'{verb.text}' labels its object '{t.text}': an accusation ({cls.direct})"]))
        return out

    def crime_accusations(self, sent, matches: dict[int, Match]) -> list[Coded]:
        """A speaker naming a party's wrongdoing ("addressing Israeli crimes, X stated ...")."""
        out = []
        for t in sent:
            if t.lower_ not in self.lex.crimes and t.lemma_.lower() not in self.lex.crimes:
                continue
            # a named owner ("Israeli crimes"), or one whose phrase names it ("the Cuban government's")
            owner = [c for c in t.children if c.dep_ in ("poss", "amod", "compound") and any(
                w.pos_ == "PROPN" or w.ent_type_ in ("NORP", "GPE", "ORG") or w.text[:1].isupper()
                for w in (c.subtree if c.dep_ == "poss" else [c]))]
            if not owner:
                continue
            reporter = None
            cur = t
            for _ in range(8):
                if cur.head.i == cur.i:
                    break
                cur = cur.head
                m = matches.get(cur.i)
                if m is not None and m.entry.frame == "report":
                    reporter = cur
                    break
            if reporter is None:
                continue
            name = "accuse_war" if t.lower_ in self.lex.group("war_crimes") else "accuse"
            cls = self.lex.classes[name]
            out.append(Coded(t, reporter, [reporter, t], cls.direct, cls, "accuse", [matches[reporter.i].entry],
                             "noun", steps=[f"'{reporter.text}' speaks of {owner[0].text} {t.text}: "
                                            f"an accusation ({cls.direct})"]))
        return out


def _headline(before: str) -> bool:
    """Whether a line that starts the text, with ``before`` its text up to a word, is a headline:
    the first line, opening with a word (a legend's "██ label" or a bullet's line is not one)."""
    line = before.lstrip()
    return "\n" not in line and (not line or line[0].isalnum() or line[0] in "\"'‘“")
