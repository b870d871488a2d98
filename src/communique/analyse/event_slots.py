"""Event slots as data: the lexicon's [slots] table says, per grammatical form of an event, which
dependency paths fill its agent and patient and which named fallbacks apply; this module is its
interpreter. ``fill`` picks the form, runs the form's steps in order and records, for explain,
which path or fallback filled each slot.

The path functions (``PATHS``), the places they start from (``PLACES``), the guards (``GUARDS``)
and the fallbacks (``FALLBACKS``) are looked up by the names the table uses; an unknown name is
an error when the table is first read.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

from ..knowledge.ontology import Lexicon, LexiconError, SlotStep, lexicon, plover_for
from .event_actors import Party
from .event_patterns import labelled, match_token
from .event_rules import predicate_of
from .events import HOSTILE_ACTS, JOINT, Candidate, _children, _is_passive, _pobjs, object_tokens, subject_tokens

SLOTS = ("agent", "patient")
# Places whose attack is aimed at the state they lie in.
PLACE_TARGETS = lexicon().group("place_targets")
# What a party rejects when it rejects someone's accusation.
ACCUSATION_NOUNS = lexicon().group("accusation_nouns")
MODES = ("all", "own", "first", "doer", "speaker", "minus")


@dataclass
class SlotRun:
    """One candidate's slot filling: the coder, the candidate, its sentence and what filled each slot."""

    coder: object  # EventCoder
    cand: Candidate
    sent: object
    forms: list[str] = field(default_factory=list)
    filled: dict[str, str] = field(default_factory=dict)

    @property
    def c(self):
        return self.cand.coded

    def parties(self, slot: str) -> list[Party]:
        return self.cand.sources if slot == "agent" else self.cand.targets

    def set(self, slot: str, parties: list[Party]) -> None:
        if slot == "agent":
            self.cand.sources = parties
        else:
            self.cand.targets = parties

    def record(self) -> dict:
        return {"form": " → ".join(self.forms), **{s: self.filled.get(s, "–") for s in SLOTS}}


# ----- where a path starts

PLACES: dict[str, Callable[[SlotRun], list]] = {
    "anchor": lambda run: [run.c.anchor],
    "trigger": lambda run: [run.c.trigger],
    "inner": lambda run: [run.c.trigger] if run.c.anchor.i != run.c.trigger.i else [],
    "clause": lambda run: [run.c.trigger.head.head],
    "passive": lambda run: [run.c.trigger.head] if run.c.trigger.dep_ == "nsubjpass" else [],
    "chain-verbs": lambda run: [t for t in run.c.chain[1:] if t.i != run.c.trigger.i and t.pos_ == "VERB"]
    if run.c.anchor.i != run.c.trigger.i else [],
    "chain-nouns": lambda run: [t for t in run.c.chain[1:] if t.pos_ in ("NOUN", "PROPN")],
}


# ----- dependency paths: (run, token, argument) -> tokens

def _owners(token) -> list:
    return [ch for ch in token.children if ch.dep_ in ("poss", "amod", "compound")]


def _named_owners(run: SlotRun, token) -> list:
    """Owners that name a party: not "their"/"our" nor a modifier of no one ("joint", "press")."""
    lex = run.coder.lex
    return [o for o in _owners(token) if o.lower_ not in ("their", "our")
            and o.lower_ not in lex.group("partyless_modifiers")]


def _nsubj(token) -> list:
    return _children(token, ("nsubj",))[:1]


def _inner_subject(run: SlotRun, token) -> list:
    """The trigger's own subject when it is not the anchor's ("urged Iraq to release": Iraq)."""
    outer = {t.i for t in subject_tokens(run.c.anchor)}
    return [s for s in subject_tokens(token) if s.i not in outer]


def _targets(run: SlotRun, token, arg: str) -> list:
    c = run.c
    visiting = arg != "plain" and c.cls is not None and c.cls.name == "visit"  # also a visit promised or planned
    return run.coder._targets_of(token, c.type, visiting)


def _holder(token) -> list:
    holder = predicate_of(token)
    return [holder] if holder is not None else []


PATHS: dict[str, Callable[[SlotRun, object, str], list]] = {
    "verb": lambda run, t, arg: [t],
    "subject": lambda run, t, arg: subject_tokens(t),
    "nsubj": lambda run, t, arg: _nsubj(t),
    "dobj": lambda run, t, arg: _children(t, ("dobj",)),
    "nsubjpass": lambda run, t, arg: _children(t, ("nsubjpass",)),
    "object": lambda run, t, arg: object_tokens(t),
    "targets": _targets,
    "prep": lambda run, t, arg: _pobjs(t, tuple(arg.split("|"))),
    "poss": lambda run, t, arg: _children(t, ("poss",)),
    "owners": lambda run, t, arg: _owners(t),
    "named-owners": lambda run, t, arg: _named_owners(run, t),
    "inner-subject": lambda run, t, arg: _inner_subject(run, t),
    "holder": lambda run, t, arg: _holder(t),
    "labelled": lambda run, t, arg: labelled(t),
    # "restrictions on arms exports to Venezuela": whom the noun's own object is aimed at
    "by-agents": lambda run, t, arg: _by_agents(t),
    "nested": lambda run, t, arg: [g for o in _pobjs(t, tuple(arg.split("|")))
                                   for g in _pobjs(o, ("to", "against", "toward", "towards", "into"))],
}


def _concrete(path: str, token) -> str:
    """The path as it was taken, for explain: a preposition list narrows to the one that was used."""
    spec, at, place = path.partition("@")
    if spec.startswith("prep:") and token.head.dep_ in ("prep", "agent", "dative"):
        spec = f"prep:{token.head.lower_}"
    return f"{spec}{at}{place} '{token.text}'"


def _path_tokens(run: SlotRun, path: str) -> list[tuple[object, str]]:
    """The tokens a path names, each with the path that found it."""
    spec, _, place = path.partition("@")
    name, _, arg = spec.partition(":")
    return [(t, path) for start in PLACES[place or "anchor"](run) for t in PATHS[name](run, start, arg)]


# ----- guards

GUARDS: dict[str, Callable[[SlotRun], bool]] = {
    # "talks between X and Y": the noun names its own parties.
    "between": lambda run: bool(_pobjs(run.c.trigger, ("between", "among", "amongst"))),
    # "during talks with X": a meeting noun in an adverbial phrase of a clause.
    "adverbial": lambda run: bool(run.c.adverbial),
    # "announced it despite criticism by X": a response noun in a concessive or causal phrase of
    # a clause answers what that clause tells.
    "answering": lambda run: run.c.trigger.dep_ == "pobj" and run.c.trigger.head.lower_ in ANSWERING_PREPS
    and run.c.trigger.head.head.pos_ in ("VERB", "AUX") and run.c.type in RESPONSES,
    # "Chile is under EU sanctions": a state the clause's subject is in, imposed by the noun's owner.
    "under": lambda run: run.c.trigger.dep_ == "pobj" and run.c.trigger.head.lower_ == "under",
    # "the US was allied with Kurdish groups": a joint act told in the passive, its subject one
    # of the partners.
    "joint": lambda run: run.c.type in JOINT and bool(_pobjs(run.c.anchor, ("with",))),
    # "X is a critic of Y", "X, a critic of Y,": a predicate noun whose parties are not yet named.
    "holder": lambda run: predicate_of(run.c.trigger) is not None and not run.cand.sources,
}


# ----- named fallbacks: (run) -> whether they changed a slot

def _earlier_author(run: SlotRun, at, tiers: list[set[str]], why: str,
                    accept: Callable[[Candidate], bool] = lambda earlier: True, first: bool = False) -> bool:
    """Make the author of an act the report told before the target: the latest event of the first
    tier of types that has one (an empty tier: any type) and that ``accept`` takes, found at
    token ``at``; with ``first``, the earliest such event instead."""
    for kinds in tiers:
        for earlier in (run.coder.history if first else reversed(run.coder.history)):
            if (not kinds or earlier.coded.type in kinds) and earlier.sources and accept(earlier):
                run.c.steps.append(f"{why}: its author is the target")
                run.cand.targets = [Party(p.actor_id, at.idx, at.idx + len(at), at.text, "earlier-event")
                                    for p in earlier.sources]
                return True
    return False


# Responses to another party's act or stance (by class, and the reject frame): their target is
# the act's author. Types that are responses are never the act a bare "the move" refers to.
RESPONSE_CLASSES = ("criticize", "accuse", "complain", "praise", "defend", "protest", "demonstrate")
RESPONSES = frozenset({"ACCUSE", "REJECT", "SUPPORT", "PROTEST"})
ANSWERING_PREPS = ("despite", "amid", "after", "following", "over")
DEFINITE = ("the", "this", "that", "these", "those")


def _by_agents(token, verb=None) -> list:
    """"the recognition of X as Y by France", "sanctions imposed by the EU": the agent of a noun,
    through its chain of prepositional phrases and participles, and those of its active verb (the
    parse may hang "as Y by France" on the verb; a "by" on the verb itself is its manner, not the
    noun's agent)."""
    out, stack = [], [token]
    if verb is not None and not _is_passive(verb):
        stack += [o for ch in verb.children if ch.dep_ == "prep" and ch.lower_ != "by"
                  for o in ch.children if o.dep_ == "pobj"]
    while stack:
        t = stack.pop()
        for ch in t.children:
            if ch.dep_ in ("prep", "agent"):
                objs = [o for o in ch.children if o.dep_ == "pobj"]
                if ch.lower_ == "by":
                    out += objs
                else:
                    stack += objs
            elif ch.dep_ == "acl" and ch.tag_ == "VBN":
                stack.append(ch)  # "sanctions imposed by the EU"
    return out


def act_author(run: SlotRun) -> None:
    """Responding to an act or a stance ("condemned the drone strike", "criticized the decision
    of the commission", "welcomed the move") is aimed at whoever did or took it: the act's own
    named author ("X's", "by X"; for a plain stance noun also "of X"), else the author of the
    article's latest act of that kind; for a definite stance noun ("the move"), the author of the
    act the report leads with. Responses are never the act answered."""
    c, coder = run.c, run.coder
    response = c.frame == "reject" or (c.frame in (None, "accuse") and c.cls is not None
                                       and c.cls.name.startswith(RESPONSE_CLASSES))
    if run.cand.targets or not response:
        return
    mine = {p.actor_id for p in run.cand.sources}
    for obj in object_tokens(c.anchor):
        m = match_token(obj, coder.lex, loose=True)
        act = m is not None and m.entry.frame is None and obj.i != c.trigger.i
        stance = not act and obj.lemma_.lower() in coder.stances
        if not (act or stance):
            continue
        owners = _owners(obj) + _by_agents(obj, c.anchor) + (_pobjs(obj, ("of",)) if stance else [])
        found = [p for o in owners for p in coder.resolver.parties_of(o, exclude=list(mine))]
        if found:
            run.cand.targets = found
            c.steps.append(f"'{c.anchor.text}' answers '{obj.text}': aimed at its author")
            return
        if act:
            kind = plover_for(coder.lex.classes[m.entry.target].direct)[0]
            tiers, why = [{kind}], f"the '{obj.text}' answered is the {kind} reported earlier"
        elif any(d.lower_ in DEFINITE for d in obj.children if d.dep_ == "det"):
            # "criticized the move": with no owner named, the act the report is about, its lead's
            tiers, why = [set()], f"'{obj.text}' is the act the report leads with"
        else:
            continue
        if _earlier_author(run, obj, tiers, why, lambda earlier: earlier.coded.type not in RESPONSES
                           and not mine & {p.actor_id for p in earlier.sources}, first=not act):
            return


def accuser(run: SlotRun) -> None:
    """"X rejected the accusation": aimed at whoever the article last reported accusing X (or
    X's state), or else sanctioning or threatening it."""
    c, r = run.c, run.coder.resolver
    if run.cand.targets or c.frame != "reject":
        return
    if not any(o.lemma_.lower() in ACCUSATION_NOUNS for o in _children(c.anchor, ("dobj",))):
        return
    rejecting = run.cand.sources
    mine = {p.actor_id for p in rejecting} | {r.country(p.actor_id) for p in rejecting}
    # An accusation first; else a sanction or threat, which carries one ("sanctioned the firms
    # it accused of ...").
    def aimed_at_me(earlier) -> bool:
        accused = {p.actor_id for p in earlier.targets} | {r.country(p.actor_id) for p in earlier.targets}
        return bool(accused & (mine - {None}))

    _earlier_author(run, c.anchor, [{"ACCUSE"}, {"SANCTION", "THREATEN"}],
                    "the rejected accusation is the one reported earlier", aimed_at_me)


def struck_place(run: SlotRun) -> None:
    """"struck a village near Koya": an attack on a place is aimed at the state it lies in
    (CAMEO), when that is not the attacker's own."""
    c, r, sources = run.c, run.coder.resolver, run.cand.sources
    if run.cand.targets or c.type != "ASSAULT":
        return
    objs = [o for t in dict.fromkeys([c.anchor, c.trigger]) for o in _children(t, ("dobj",))
            if o.lemma_.lower() in PLACE_TARGETS]
    state = r.place_hint
    if not objs or not state or state in {r.country(p.actor_id) for p in sources} | {p.actor_id for p in sources}:
        return
    r.ensure_actor(state)
    c.steps.append(f"an attack on a place ('{objs[0].text}'): aimed at the state it lies in")
    run.cand.targets = [Party(state, objs[0].idx, objs[0].idx + len(objs[0]), objs[0].text, "place")]


def own_forces(run: SlotRun) -> None:
    """"Turkish troops were deployed to the border", "American troops were withdrawn from
    Iraq": forces moved in the passive belong to who moves them; they are not its target."""
    cand, c, coder = run.cand, run.c, run.coder
    if c.type not in ("MOBILIZE", "RETREAT") or not _is_passive(c.anchor) or _pobjs(c.anchor, ("by",)):
        return
    moved = [s for s in _children(c.anchor, ("nsubjpass",)) if coder.lex.token_in(s, "troops")]
    if not moved:
        return
    owners = [p for s in moved for p in coder.resolver.parties_of(s, allow_context=False)]
    if owners:
        cand.sources = owners
        rest = [t for t in coder._targets_of(c.anchor, c.type) if t not in moved]
        cand.targets = coder._resolve(rest, exclude=owners, skip={t.i for t in c.chain})
        c.steps.append("forces moved in the passive: their owner moves them")


def side_accusation(run: SlotRun) -> None:
    """"rallied in Erbil, accusing Tehran of ...": with no patient of its own, the act is aimed at
    whom a participle clause of accusation, demand or threat beside it is aimed at."""
    cand, c, coder = run.cand, run.c, run.coder
    if cand.targets:
        return
    side = [o for ch in c.anchor.children if ch.dep_ == "advcl" and ch.tag_ == "VBG"
            and coder._is_frame(ch, ("accuse", "demand", "threat")) for o in object_tokens(ch)]
    cand.targets = coder._resolve(side, exclude=cand.sources, skip=set())


def warning(run: SlotRun) -> None:
    """"X warned that Y might ..." is not X's threat but a disapproval of Y."""
    cand, c, coder = run.cand, run.c, run.coder
    if c.frame != "threat" or c.anchor.lemma_.lower() != "warn" or c.anchor.i == c.trigger.i:
        return
    verb = next((t for t in c.chain[1:] if t.pos_ in ("VERB", "AUX")), c.trigger)
    inner_subj = _children(verb, ("nsubj",))
    if not inner_subj or inner_subj[0].lower_ in ("they", "we", "it", "he", "she"):
        return  # "warned that they would strike": their own threat
    others = coder.resolver.parties_of(inner_subj[0], allow_context=False)
    mine = {p.actor_id for p in cand.sources}
    if others and not {p.actor_id for p in others} & mine:
        cls = coder.lex.classes["criticize"]
        c.frame, c.code, c.cls = "accuse", cls.direct, cls
        c.steps.append(f"'{c.anchor.text}' about another party's action: a disapproval ({cls.direct})")
        cand.targets = others


def answered(run: SlotRun) -> None:
    """Answering another party's request, call or offer ("declined the request", "seconded the
    call", "accepted the offer") is aimed at whoever the article last reported making one, when
    the text names no owner of it."""
    c, coder, cand = run.c, run.coder, run.cand
    if cand.targets:
        return
    asked = {"demand": "REQUEST", "intent": "AGREE"}
    for obj in _children(c.anchor, ("dobj", "nsubjpass")):
        m = match_token(obj, coder.lex, loose=True)
        kind = asked.get(m.entry.frame) if m is not None else None
        if kind is None or _owners(obj) or _pobjs(obj, ("by", "from")):
            continue
        mine = {p.actor_id for p in cand.sources}
        if _earlier_author(run, obj, [{kind}], f"the '{obj.text}' answered is the {kind} reported earlier",
                           lambda earlier: not mine & {p.actor_id for p in earlier.sources}):
            return


def principals(run: SlotRun) -> None:
    """A meeting whose sentence names no party at all: the article's principal persons."""
    cand = run.cand
    if cand.sources or cand.targets or run.c.type != "CONSULT":
        return
    cand.sources = run.coder.resolver.article_principals()
    if cand.sources:
        cand.notes.append("no parties in the sentence: the article's principal persons")


FALLBACKS: dict[str, Callable[[SlotRun], None]] = {
    "act_author": act_author, "accuser": accuser, "struck_place": struck_place, "own_forces": own_forces,
    "side_accusation": side_accusation, "warning": warning, "principals": principals, "answered": answered,
}


# ----- the form

def form_of(c, lex: Lexicon) -> str:
    """Which [slots] form an event candidate has, read off its parse and the pattern that coded it."""
    kind = c.kind
    if kind in ("label", "copula"):
        return kind
    noun = kind == "noun"
    if c.frame == "accuse" and noun and c.anchor.i != c.trigger.i and c.anchor.pos_ == "VERB" \
            and c.trigger.lower_ in lex.crimes | {c.trigger.lemma_.lower()}:
        return "crime"  # "condemned Israeli war crimes": whose crimes they are is the patient
    if (noun and c.anchor.i == c.trigger.i) or c.adverbial or (
            noun and c.trigger.dep_ in ("nsubj", "nsubjpass") and c.trigger.head.i == c.anchor.i):
        return "nominal"
    if noun and c.anchor.i != c.trigger.i and c.frame is None:
        return "receiving" if c.anchor.lemma_.lower() in lex.groups.get("receiving", ()) else "light"
    return "passive" if _is_passive(c.anchor) else "active"


_CHECKED: set[int] = set()


def _checked(lex: Lexicon) -> dict[str, list[SlotStep]]:
    """The table, each name checked, so a typo fails when it is first read, not as a silent miss."""
    if id(lex) in _CHECKED:
        return lex.slots
    for form, steps in lex.slots.items():
        for s in steps:
            where = f"lexicon.txt:{s.line}"
            if s.slot == "fallback":
                bad = [n for n in s.paths if n not in FALLBACKS]
                if bad:
                    raise LexiconError(f"{where}: unknown fallback {bad[0]!r}")
                continue
            if s.slot == "become":
                if s.mode not in lex.slots:
                    raise LexiconError(f"{where}: unknown form {s.mode!r}")
            elif s.slot == "note":
                continue
            elif s.slot not in SLOTS or s.mode not in MODES:
                raise LexiconError(f"{where}: unknown slot or mode in {s.slot} {s.mode}")
            for p in s.paths:
                spec, _, place = p.partition("@")
                if spec.partition(":")[0] not in PATHS or (place and place not in PLACES):
                    raise LexiconError(f"{where}: unknown path {p!r}")
            for key, value in s.options:
                if key in ("if", "unless") and value not in GUARDS:
                    raise LexiconError(f"{where}: unknown guard {value!r}")
    _CHECKED.add(id(lex))
    return lex.slots


def fill(coder, cand: Candidate, sent) -> dict:
    """Fill the candidate's agent (sources) and patient (targets) by its form's steps; returns what
    filled each slot, for the event's features."""
    lex = coder.lex
    table = _checked(lex)
    run = SlotRun(coder, cand, sent)
    form = form_of(cand.coded, lex)
    _run_form(run, table, form)
    source_ids = {p.actor_id for p in cand.sources}
    # No party acts on itself, except a state at home ("context-domestic": the senate condemned
    # the commission's decision; CAMEO codes the state on both sides).
    cand.targets = [p for p in cand.targets if p.actor_id not in source_ids or p.method.endswith("domestic")]
    return run.record()


def _run_form(run: SlotRun, table: dict[str, list[SlotStep]], form: str) -> None:
    run.forms.append(form)
    for step in table[form]:
        if not _applies(run, step):
            continue
        if step.slot == "become":
            _run_form(run, table, step.mode)
            return
        if step.slot == "note":
            run.c.steps.append(step.mode.format(anchor=run.c.anchor.text))
        elif step.slot == "fallback":
            for name in step.paths:
                before = ([p.actor_id for p in run.cand.sources], [p.actor_id for p in run.cand.targets])
                FALLBACKS[name](run)
                after = ([p.actor_id for p in run.cand.sources], [p.actor_id for p in run.cand.targets])
                for slot, was, now in zip(SLOTS, before, after):
                    if was != now:
                        run.filled[slot] = f"fallback {name}"
        else:
            _fill_slot(run, step)


def _applies(run: SlotRun, step: SlotStep) -> bool:
    guard, unless = step.option("if"), step.option("unless")
    return (guard is None or GUARDS[guard](run)) and (unless is None or not GUARDS[unless](run))


def _fill_slot(run: SlotRun, step: SlotStep) -> None:
    slot, mode = step.slot, step.mode
    other = "patient" if slot == "agent" else "agent"
    if mode == "minus":
        ids = {p.actor_id for p in run.parties(other)}
        run.set(slot, [p for p in run.parties(slot) if p.actor_id not in ids])
        return
    override = step.option("override") is not None
    if run.parties(slot) and not override:
        return
    excluded = run.parties(other) if step.option("exclude") == other else []
    coder, c = run.coder, run.c
    found: list[Party] = []
    label = step.describe()
    if mode == "speaker":
        ids = [p.actor_id for p in excluded]
        found = [p for p in coder.speaker(c, run.sent, exclude=ids) if p.actor_id not in ids]
    elif mode == "doer":
        verb = _path_tokens(run, step.paths[0])[0][0]
        found = coder._subject(verb, run.sent, exclude=[p.actor_id for p in excluded],
                               hostile=step.option("hostile") is not None and c.type in HOSTILE_ACTS)
        label = f"doer of '{verb.text}' ({step.paths[0]})"
    else:
        tokens = [pair for p in step.paths for pair in _path_tokens(run, p)]
        if step.option("not") == "subject":
            own = {t.i for t in subject_tokens(c.anchor)}
            tokens = [(t, p) for t, p in tokens if t.i not in own]
        if mode == "first":
            found, label = _first(run, tokens, step, excluded)
        else:
            paths = []
            for t, p in tokens:
                got = coder.resolver.parties_of(t) if mode == "all" else \
                    coder.resolver.parties_of(t, allow_context=False)
                found += got
                if got and _concrete(p, t) not in paths:
                    paths.append(_concrete(p, t))
            label = f"{mode} {' '.join(paths)}"
    if override and not found:
        return
    run.set(slot, found)
    if found:
        run.filled[slot] = f"{label} (lexicon.txt line {step.line})"


def _first(run: SlotRun, tokens: list, step: SlotStep, excluded: list[Party]) -> tuple[list[Party], str]:
    """The parties of the first token that names any (EventCoder._resolve), and the path it came by."""
    skip_at = step.option("skip")
    c = run.c
    skip = {c.trigger.i} if skip_at == "trigger" else {t.i for t in c.chain} if skip_at == "chain" else set()
    ex = [p.actor_id for p in excluded]
    out: list[Party] = []
    for t, path in tokens:
        if t.i in skip or t.ent_type_ == "DATE":
            continue
        # "met with the IMF, then with Trump": the same preposition repeated on one verb names
        # more of the same slot.
        again = [o for o, _ in tokens if o.i != t.i and o.i not in skip and _same_prep(o, t)]
        for o in [t] + again:
            for p in run.coder.resolver.parties_of(o, exclude=ex):
                if p.actor_id not in {x.actor_id for x in out}:
                    out.append(p)
            if not out:
                break
        if out:
            return out, f"first {_concrete(path, t)}"
    return out, ""


def _same_prep(a, b) -> bool:
    return a.dep_ == b.dep_ == "pobj" and a.head.i != b.head.i and a.head.lower_ == b.head.lower_ \
        and a.head.head.i == b.head.head.i
