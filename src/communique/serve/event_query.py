"""One definition of "which events" for the CLI, the API, the pages, the charts and the exports.

An `EventQuery` holds every filter an analyst can set; `store_filters()` turns it into the store's
WHERE clause and `describe()` into the words every view prints next to its count, so a number
seen in one place can be found again in another. By default only events that happened are
counted (negated, hypothetical and denied ones are stored, and listed with `mode=all`), and a
country stands for the state together with its officials and bodies (`members=False`: the state
itself only).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, fields, replace
from typing import Any

DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
CODE = re.compile(r"^[A-Za-z]{3}$")
QUADS = {1: "verbal cooperation", 2: "material cooperation", 3: "verbal conflict", 4: "material conflict"}
MODES = ("happened", "all")
SORTS = ("date", "-date", "type", "goldstein", "-goldstein", "-confidence", "-reports")


class QueryError(ValueError):
    """A filter value that means nothing; the message is one line, naming the parameter."""


@dataclass(frozen=True)
class EventQuery:
    actor: str | None = None
    recipient: str | None = None
    party: str | None = None
    pair: tuple[str, str] | None = None
    country: str | None = None
    members: bool = True
    type: str | None = None
    quad: int | None = None
    place: str | None = None
    since: str | None = None
    until: str | None = None
    story: str | None = None
    min_confidence: float | None = None
    mode: str = "happened"
    asserted_only: bool = False
    sort: str = "date"

    @classmethod
    def parse(cls, **raw: Any) -> "EventQuery":
        """Build from strings as a URL or the command line gives them (empty means unset); raises
        QueryError for a value that is not one."""
        v = {k: (x.strip() if isinstance(x, str) else x) for k, x in raw.items() if x not in (None, "")}
        out: dict[str, Any] = {}
        for key in ("actor", "recipient", "party", "story", "place"):
            if key in v:
                out[key] = str(v[key])
        if "pair" in v:
            parts = str(v["pair"]).upper().split(":")
            if len(parts) != 2 or not all(CODE.match(p) for p in parts):
                raise QueryError(f"pair {v['pair']!r} should be two ISO alpha-3 codes, e.g. IRN:IRQ")
            out["pair"] = (parts[0], parts[1])
        if "country" in v:
            if not CODE.match(str(v["country"])):
                raise QueryError(f"country {v['country']!r} should be an ISO alpha-3 code, e.g. IRN")
            out["country"] = str(v["country"]).upper()
        if "members" in v:
            out["members"] = _bool(v["members"], "members")
        if "type" in v:
            from ..knowledge.ontology import PLOVER_TYPES

            t = str(v["type"]).upper()
            if t not in PLOVER_TYPES:
                raise QueryError(f"type {v['type']!r} is not a PLOVER type ({', '.join(PLOVER_TYPES)})")
            out["type"] = t
        if "quad" in v:
            try:
                out["quad"] = int(v["quad"])
            except (TypeError, ValueError):
                out["quad"] = 0
            if out["quad"] not in QUADS:
                raise QueryError(f"quad {v['quad']!r} should be 1 to 4 ("
                                 + ", ".join(f"{k} {n}" for k, n in QUADS.items()) + ")")
        for key in ("since", "until"):
            if key in v:
                if not DATE.match(str(v[key])):
                    raise QueryError(f"{key} {v[key]!r} is not a date (YYYY, YYYY-MM or YYYY-MM-DD)")
                out[key] = str(v[key])
        if "min_confidence" in v:
            try:
                out["min_confidence"] = float(v["min_confidence"])
            except (TypeError, ValueError):
                out["min_confidence"] = -1.0
            if not 0 <= out["min_confidence"] <= 1:
                raise QueryError(f"min_confidence {v['min_confidence']!r} should be a number from 0 to 1")
        if "mode" in v:
            if v["mode"] not in MODES:
                raise QueryError(f"mode {v['mode']!r} should be one of {', '.join(MODES)}")
            out["mode"] = v["mode"]
        for key in ("asserted_only", "asserted"):
            if key in v:
                out["asserted_only"] = _bool(v[key], key)
        if "sort" in v:
            if v["sort"] not in SORTS:
                raise QueryError(f"sort {v['sort']!r} should be one of {', '.join(SORTS)}")
            out["sort"] = v["sort"]
        return cls(**out)

    def narrows(self) -> bool:
        """Whether any filter beyond the counting mode is set (a story list keeps only stories with such events)."""
        return any(getattr(self, f.name) != f.default for f in fields(self) if f.name not in ("mode", "sort", "members"))

    def store_filters(self) -> dict[str, Any]:
        """Keyword arguments for Store.events / count_events / event_facet / event_histogram."""
        until = self.until
        if until and len(until) < 10:  # a month or a year covers all of it
            until += "-12-31" if len(until) == 4 else "-31"
        return {"actor": self.actor, "recipient": self.recipient, "party": self.party, "pair": self.pair,
                "country": self.country, "members": self.members, "type": self.type, "quad": self.quad,
                "place": self.place, "since": self.since, "until": until, "story_id": self.story,
                "min_confidence": self.min_confidence, "mode": self.mode, "asserted_only": self.asserted_only}

    def params(self, **change: Any) -> dict[str, str]:
        """The query as URL parameters (defaults left out), with `change` applied."""
        q = replace(self, **change) if change else self
        out = {}
        for f in fields(q):
            value = getattr(q, f.name)
            if value == f.default:
                continue
            if f.name == "pair":
                value = ":".join(value)
            elif f.name in ("members", "asserted_only"):
                value = "1" if value else "0"
            out["asserted" if f.name == "asserted_only" else f.name] = str(value)
        return out

    def describe(self, name=lambda x: x) -> str:
        """What the count next to it counts, in words (the same in the CLI and on the pages)."""
        words = ["events that happened (negated, hypothetical and denied left out)" if self.mode == "happened"
                 else "all stored events (negated, hypothetical and denied included)"]
        codes = ([self.country] if self.country else []) + list(self.pair or ())
        if codes:
            who = " and ".join(name(c) for c in codes)
            words.append(f"{who} counted with {'their' if len(codes) > 1 else 'its'} officials and bodies"
                         if self.members else f"{who} counted as the state only, without officials and bodies")
        if self.asserted_only:
            words.append("asserted by the report only (claims left out)")
        if self.min_confidence is not None:
            words.append(f"confidence at least {self.min_confidence:g} (unscored events kept)")
        return "; ".join(words)


PARAMS = ("actor", "recipient", "party", "pair", "country", "members", "type", "quad", "place", "since", "until",
          "story", "min_confidence", "mode", "asserted", "sort")


def from_params(params) -> tuple[EventQuery, list[str]]:
    """The query a page's URL asks for, and a one-line problem for each value that means nothing
    (that value is left out, so the page still shows something)."""
    raw = {k: params.get(k) for k in PARAMS if params.get(k) not in (None, "")}
    problems = []
    for key in list(raw):
        try:
            EventQuery.parse(**{key: raw[key]})
        except QueryError as exc:
            problems.append(str(exc))
            raw.pop(key)
    return EventQuery.parse(**raw), problems


def _bool(value: Any, key: str) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value).lower()
    if text in ("1", "true", "yes", "on"):
        return True
    if text in ("0", "false", "no", "off"):
        return False
    raise QueryError(f"{key} {value!r} should be 1 or 0")
