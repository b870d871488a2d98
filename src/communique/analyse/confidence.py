"""How sure the coder is of an event, and how central it is to its report.

Confidence is a logistic score over what the coder knows of its own reading, with weights set by
hand from what each feature says about the reading (never fitted to a gold set):

- how each side was found: a name, title, demonym or organisation in the clause is firm ground;
  a pronoun, the discourse memory or "the first party named in the sentence" is a guess;
- whether anyone acts at all (an event with no doer is half an event);
- how specific the trigger is: an explicit act of speech ("demanded", "rejected", "threatened")
  or a verb pattern with its conditions met, against a bare event noun;
- how deep in the sentence the event sits, and whether the text dates it;
- whether it is told as someone's claim, in a quotation, or as an intention.

Each factor's contribution is kept in ``features["confidence_factors"]`` so `explain` can show
why. `benchmarks/news_events.py` prints the calibration table (share right per band).

Salience marks a report's main events: what its lead tells, what its headline names.
"""
from __future__ import annotations

import math
import re

from ..models import Event

# How a party was found (event_actors.Party.method), from firm to guessed.
FIRM = frozenset({"name", "alias", "title", "role", "demonym", "group", "organization", "kb-word", "text",
                  "back-reference", "label", "principal", "place", "ethnic"})
GUESSED = frozenset({"pronoun", "memory", "sentence-order", "plural-reference", "surname"})
# Frames whose trigger is itself an explicit act: the verb says what was done to whom.
EXPLICIT_FRAMES = frozenset({"demand", "reject", "threat", "accuse"})

BIAS = 0.6
WEIGHTS = {
    "doer named": 0.9,
    "doer guessed": -1.0,
    "doer from context": -0.2,
    "no doer": -1.6,
    "explicit act": 0.8,
    "bare event noun": -0.5,
    "dated by the text": 0.5,
    "below the main clause": -0.5,  # per level, at most two
    "claimed by another": -0.4,
    "inside a quotation": -0.5,
    "stated intention": -0.3,
    "several events in the sentence": -0.3,
}


def _methods(parties: list[dict]) -> set[str]:
    return {str(p.get("method") or "") for p in parties}


def factors(event: Event, *, events_in_sentence: int = 1, quoted: bool = False) -> dict[str, float]:
    f = event.features
    out: dict[str, float] = {}
    doers = _methods(f.get("actors") or [])
    if not event.actors:
        out["no doer"] = WEIGHTS["no doer"]
    elif doers & GUESSED and not doers & FIRM:
        out["doer guessed"] = WEIGHTS["doer guessed"]
    elif doers and all(m.startswith("context") for m in doers):
        out["doer from context"] = WEIGHTS["doer from context"]
    else:
        out["doer named"] = WEIGHTS["doer named"]
    if f.get("frame") in EXPLICIT_FRAMES:
        out["explicit act"] = WEIGHTS["explicit act"]
    anchor, trigger = f.get("anchor") or {}, f.get("trigger") or {}
    if anchor.get("start") == trigger.get("start") and f.get("kind") == "noun":
        out["bare event noun"] = WEIGHTS["bare event noun"]
    if event.date.source == "text":
        out["dated by the text"] = WEIGHTS["dated by the text"]
    depth = int(f.get("depth") or 0)
    if depth:
        out["below the main clause"] = WEIGHTS["below the main clause"] * min(depth, 2)
    if event.status != "asserted":
        out["claimed by another"] = WEIGHTS["claimed by another"]
    if quoted:
        out["inside a quotation"] = WEIGHTS["inside a quotation"]
    if f.get("future"):
        out["stated intention"] = WEIGHTS["stated intention"]
    if events_in_sentence > 1:
        out["several events in the sentence"] = WEIGHTS["several events in the sentence"]
    return out


def confidence(event: Event, **kw) -> float:
    parts = factors(event, **kw)
    event.features["confidence_factors"] = {k: round(v, 2) for k, v in parts.items()}
    logit = BIAS + sum(parts.values())
    return round(1 / (1 + math.exp(-logit)), 3)


def salience(event: Event, *, title: str | None, names: list[str]) -> float:
    """1.0 for what the lead tells (the report's first two sentences) or the headline names (its
    trigger word, or one of its parties by name); less the later it comes."""
    f = event.features
    n = int(f.get("sentence") or 0)
    score = 1.0 if n <= 1 else max(0.2, 0.85 ** (n - 1))
    if title:
        words = set(re.findall(r"\w+", title.lower()))
        trigger = str((f.get("trigger") or {}).get("text") or "").lower()
        stem = trigger[:5]
        named = any(w in words for name in names for w in re.findall(r"\w+", name.lower()) if len(w) > 3)
        if (stem and any(w.startswith(stem) for w in words)) and named:
            score = max(score, 0.9)
        elif named and score < 1.0:
            score = min(1.0, score + 0.1)
    return round(score, 2)
