"""Which of a sentence's candidate events are reported, and which only serve another.

A sentence is told in units of discourse: the narration, and each quotation that stands as a
statement of its own ('X defended the plan, "... we will retaliate against ..."'). Each unit reports
its governing event (the shallowest candidate with parties, a verb before a noun) and the acts
told beside it in clauses of their own: a conjoined clause, a participle that makes a
statement, a "where"/"when" clause of the same party, a meeting named in an adverbial phrase.
The other candidates are parts of those (a frame's complement, a noun a verb carries).
"""
from __future__ import annotations

from .event_patterns import clause_verb, first_conjunct
from .events import SPEECH_ACTS, Candidate

# A quotation this long (in words) is a statement of its own, not a phrase the narration quotes.
QUOTATION_WORDS = 12


def select(cands: list[Candidate], resolver) -> list[Candidate]:
    """The reported events among a sentence's candidates, unit by unit."""
    units: dict[tuple[int, int] | None, list[Candidate]] = {}
    for cand in cands:
        units.setdefault(_quotation(resolver, cand.coded.anchor), []).append(cand)
    return [c for unit in units.values() for c in _select_unit(unit, resolver)]


def _quotation(resolver, token) -> tuple[int, int] | None:
    att = resolver.discourse.attribution_of(token)
    if att is None or not att.direct or att.scare or att.end - att.start < QUOTATION_WORDS:
        return None
    return att.start, att.end


def _select_unit(cands: list[Candidate], resolver) -> list[Candidate]:
    """The unit's governing event, the acts told beside it, and a meeting named in an adverbial
    phrase when it adds different parties."""
    main = [c for c in cands if not c.coded.adverbial]
    adverbial = [c for c in cands if c.coded.adverbial]
    ranked = sorted(main, key=lambda c: (c.depth, not c.sources, not c.targets,
                                         c.coded.anchor.pos_ not in ("VERB", "AUX"), c.coded.anchor.i))
    chosen = ranked[:1]
    own: list[Candidate] = []  # acts told in clauses of their own beside the main one
    for extra in ranked[1:]:
        if extra.negated or extra.hypothetical:
            continue
        if chosen and own_clause(extra, chosen[0]) \
                and extra.coded.type != chosen[0].coded.type and (extra.sources or extra.targets):
            own.append(extra)
            continue
        # A meeting told in another clause of the same sentence ("arrived in Baghdad, where he
        # met the prime minister") is an event of its own when it names a person on both sides.
        if extra.coded.type != "CONSULT":
            continue
        if not (extra.sources and extra.targets) or not any(
                resolver.kind(p.actor_id) == "person" for p in extra.sources + extra.targets):
            continue
        if all({p.actor_id for p in ch.sources + ch.targets} != {p.actor_id for p in extra.sources + extra.targets}
               for ch in chosen):
            adverbial.append(extra)
    for extra in adverbial:
        parties = {p.actor_id for p in extra.sources + extra.targets}
        if len(parties) < 2:
            continue
        if any(ch.coded.type == extra.coded.type and
               {p.actor_id for p in ch.sources + ch.targets} == parties for ch in chosen):
            continue
        chosen.append(extra)
    if not chosen and adverbial:
        chosen = adverbial[:1]
    return chosen + own


def own_clause(extra: Candidate, main: Candidate) -> bool:
    """Whether ``extra`` is told in a clause of its own beside ``main``'s: conjoined with it
    ("met in Basra and agreed on a timetable", "is under EU sanctions and was condemned"), a
    participle that makes a statement in its clause ("criticized the move, calling for talks",
    "was harsher in accusing Somalia, promising to ..."), or a "where"/"when" clause telling what
    the same party did next ("met X in Cairo, where he denounced ...")."""
    anchor = extra.coded.anchor
    lead = anchor
    while lead.dep_ == "conj" and lead.head.tag_ == "VBG":
        lead = lead.head  # "implying ..., but also recommending ...": the first of the participles
    if anchor.tag_ == "VBG" and lead.dep_ in ("advcl", "pcomp") and extra.coded.frame in SPEECH_ACTS \
            and clause_verb(lead) in (main.coded.anchor.i, clause_verb(main.coded.anchor)):
        return True
    mine, theirs = clause_verb(anchor, itself=True), clause_verb(main.coded.anchor, itself=True)
    doc = anchor.doc
    if mine is not None and theirs is not None and mine != theirs \
            and (first_conjunct(doc[mine]) == theirs or first_conjunct(doc[theirs]) == mine):
        return True
    if anchor.head.i != main.coded.anchor.i and not (
            anchor.dep_ == "relcl"
            and main.coded.anchor.i in {t.i for t in anchor.head.ancestors} | {anchor.head.i}):
        return False
    if anchor.dep_ == "conj":
        return True
    if anchor.dep_ == "advcl" and anchor.tag_ == "VBG":
        return extra.coded.frame in SPEECH_ACTS
    named = lambda c: {p.actor_id for p in c.sources if not p.method.startswith("context")}  # noqa: E731
    same_doer = bool(named(extra) & named(main))
    return same_doer and anchor.dep_ in ("relcl", "advcl") and any(
        c.dep_ == "advmod" and c.lower_ in ("where", "when") for c in anchor.children)
