"""What an article contributes to same-event clustering, and how two articles compare.

Two reports of one event name the same people and places and use many of the same content
words, even when one is a wire story and the other a bulleted brief. Two meetings between
the same countries share the country names and the diplomatic vocabulary, but differ in who
met, where, when, and in the specifics. So an article is reduced to:

- ``names``: capitalised words outside headlines and sentence starts (people, places,
  organisations), plus the ids of the actors the analysis resolved (``@per.…``);
- ``words``: lower-cased content words (stop words dropped, plurals folded);
- ``days``: the publication day, and the days of events the text itself dates;
- ``types``: the PLOVER types of the events the analysis coded;
- ``parties``: the people and organisations the analysis resolved (news media left out: an
  agency a report cites is not a party), and ``countries``: the states named plus the states
  of those parties, so a report naming only "Iran and Iraq" meets one naming their ministers;
- ``acts``: what happened between which states: each coded event (neither negated nor
  hypothetical) as its PLOVER type with the states of its actors and recipients
  ("SANCTION:IRQ>IRN" for Iraq recalling its ambassador from Tehran; a meeting is reciprocal:
  "CONSULT:IRN+IRQ"), so two reports naming different officials still agree on the act;
- ``places``: below-country places of the events that happened (not hypothetical);
- ``ahead``: the report announces or previews something still to come (its dated events lie
  after its publication day and none on or just before it; undated, it speaks only of what
  will happen). A preview and the report of the happening are told apart (link/stories.py).

Each bag is weighted by TF-IDF (document frequencies kept in the store, so weights follow
the corpus) and compared by cosine. Pure functions only: no SQL here.
"""
from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from datetime import date
from typing import Iterable, Mapping

from ..models import Analysis, Article

# Written for this project: function words and the reporting verbs every news text uses.
STOP_WORDS = frozenset("""
a about above across after afterwards again against all almost alone along already also although always am
among amongst an and another any anyone anything anyway anywhere are around as at be became because become
becomes been before beforehand behind being below beside besides between beyond both but by can cannot could
did do does doing done down due during each either else elsewhere enough etc even ever every everyone
everything everywhere except few for former formerly from further had has have having he hence her here
hereby herein hers herself him himself his how however i if in indeed into is it its itself just last
latter least less made make many may me meanwhile might mine more moreover most mostly much must my myself
namely neither never nevertheless next no nobody none noone nor not nothing now nowhere of off often on once
one only onto or other others otherwise our ours ourselves out over own per perhaps please put quite rather
re really said same say says see seem seemed seems several she should show side since so some somehow
someone something sometime sometimes somewhere still such than that the their theirs them themselves then
thence there thereafter thereby therefore therein thereupon these they this those though through throughout
thru thus to together too toward towards under unless until up upon us used using very via was we well were
what whatever when whence whenever where whereafter whereas whereby wherein whereupon wherever whether which
while whither who whoever whole whom whose why will with within without would yet you your yours yourself
yourselves told added stated noted according also mr mrs ms dr
""".split())
MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september",
          "october", "november", "december")
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
# Capitalised but not names: calendar words and the words that open bulleted-brief sections.
NOT_NAMES = STOP_WORDS | frozenset(MONTHS) | frozenset(WEEKDAYS) | frozenset(
    "why matters big picture key points go deeper what they saying driving news read more".split())
# The Arabic article is written "al-", "Al ", "el-" or dropped: it never distinguishes a name.
ARTICLES = frozenset({"al", "el"})

_WORD = re.compile(r"[^\W\d_][\w'’]*(?:-[\w'’]+)*")
_SENTENCE_END = re.compile(r"(?<=[.!?:;\"”])\s+|\n+")
MAX_WORDS = 150  # the content words an article keeps (by frequency): enough for any news report


def fold(text: str) -> str:
    """Unicode-normalise, drop diacritics, unify apostrophes: "Türk" and "Turk" are one word."""
    if text.isascii():
        return text
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    return text.replace("’", "'").replace("‘", "'")


def light_stem(word: str) -> str:
    """Fold plurals and possessives only: cheap, and it never merges unrelated words."""
    if word.endswith("'s"):
        word = word[:-2]
    word = word.rstrip("'")
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def _parts(token: str, *, stem: bool = True) -> list[str]:
    """A hyphenated word's parts without the Arabic article: "al-Mashhadani" → ["mashhadani"]."""
    out = []
    for part in token.split("-"):
        part = part.lower()
        part = light_stem(part) if stem else re.sub(r"'s?$", "", part)
        if len(part) > 1 and part not in ARTICLES:
            out.append(part)
    return out


def _capitalised(token: str) -> bool:
    """ "Qalibaf", "al-Mashhadani", "el-Sisi": the name part decides, not the article."""
    head, _, rest = token.partition("-")
    if head.lower() in ARTICLES and rest:
        return rest[0].isupper()
    return token[0].isupper()


def _is_headline(words: list[str]) -> bool:
    """Title Case lines ("Iran and Iraq Strengthen Ties") would make every word look like a name."""
    content = [w for w in words if w.lower() not in STOP_WORDS]
    if len(content) < 4:
        return False
    caps = sum(1 for w in content if w[0].isupper())
    return caps / len(content) >= 0.7


def text_bags(text: str) -> tuple[Counter, Counter]:
    """(names, words) of a text: see the module docstring."""
    counts: Counter = Counter()
    inside: set[str] = set()  # tokens seen somewhere other than a sentence start or a headline
    for line in fold(text).splitlines():
        headline = _is_headline(_WORD.findall(line))
        for sentence in _SENTENCE_END.split(line):
            tokens = _WORD.findall(sentence)
            counts.update(tokens)
            if not headline:
                inside.update(tokens[1:])
    words: Counter = Counter()
    lowered: set[str] = set()
    seen_inside: set[str] = set()
    capitalised: Counter = Counter()
    for token, n in counts.items():
        parts = _parts(token, stem=False)
        for stem in map(light_stem, parts):
            if len(stem) > 2 and stem not in STOP_WORDS:
                words[stem] += n
        if not _capitalised(token):
            lowered.update(parts)
        elif token.lower() not in NOT_NAMES:
            for part in parts:
                capitalised[part] += n
            if token in inside:
                seen_inside.update(parts)
    # A name is capitalised inside a sentence at least once and never written in lower case;
    # its sentence-initial uses count too ("Qalibaf said …").
    generic = generic_names()
    names = Counter({(GENERIC + p if p in generic else p): n for p, n in capitalised.items()
                     if p in seen_inside and p not in lowered and p not in NOT_NAMES and len(p) > 2})
    # Names are "who"; words are "what": a name counted in both would let the same people at
    # another meeting look like the same story twice over.
    for part in capitalised:
        if part in seen_inside and part not in lowered:
            words.pop(light_stem(part), None)
    if len(words) > MAX_WORDS:
        words = Counter(dict(sorted(words.items(), key=lambda kv: (-kv[1], kv[0]))[:MAX_WORDS]))
    return names, words


def day_number(value: str | None) -> int | None:
    """YYYY-MM-DD → days since 0001-01-01 (what date windows compare); None when undated."""
    if not value or len(value) < 10:
        return None
    try:
        return date.fromisoformat(value[:10]).toordinal()
    except ValueError:
        return None


def day_text(day: int | None) -> str | None:
    return date.fromordinal(day).isoformat() if day else None


@dataclass
class Features:
    """What one article brings to clustering; stored as JSON so a rebuild reads the same input."""

    names: dict[str, float] = field(default_factory=dict)
    words: dict[str, float] = field(default_factory=dict)
    day: int | None = None  # publication day
    event_days: list[int] = field(default_factory=list)  # days the text dates its events to
    types: list[str] = field(default_factory=list)  # PLOVER types of the events it reports
    credit: str | None = None  # the outlet the article credits (provenance, not clustering)
    parties: dict[str, float] = field(default_factory=dict)  # actor id → mentions (no states, no media)
    countries: dict[str, float] = field(default_factory=dict)  # ISO code → mentions (states and parties' states)
    places: dict[str, float] = field(default_factory=dict)  # folded place name → events placed there
    acts: dict[str, float] = field(default_factory=dict)  # "TYPE:SRC>TGT" → events coded so
    ahead: bool | None = None  # a preview of something to come; None: not known (features of an old version)

    def as_json(self) -> dict:
        return {"n": self.names, "w": self.words, "d": self.day, "e": self.event_days, "t": self.types, "c": self.credit,
                "p": self.parties, "k": self.countries, "l": self.places, "x": self.acts, "a": self.ahead}

    @classmethod
    def from_json(cls, data: Mapping) -> "Features":
        return cls(names=dict(data.get("n") or {}), words=dict(data.get("w") or {}), day=data.get("d"),
                   event_days=list(data.get("e") or []), types=list(data.get("t") or []), credit=data.get("c"),
                   parties=dict(data.get("p") or {}), countries=dict(data.get("k") or {}),
                   places=dict(data.get("l") or {}), acts=dict(data.get("x") or {}), ahead=data.get("a"))

    @property
    def analysed(self) -> bool:
        """Whether the analysis gave it parties or states to compare (else words alone decide)."""
        return bool(self.parties or self.countries)

    def days_near(self, before: int = 10, after: int = 14) -> list[int]:
        """The days its events are dated to, near its publication day (background history such
        as an election months ago is not what the report is about)."""
        if self.day is None:
            return list(self.event_days)
        return [d for d in self.event_days if self.day - before <= d <= self.day + after]

    @property
    def file_day(self) -> int | None:
        """The day the article is filed under in the candidate index."""
        return self.day if self.day is not None else self.anchor_day

    @property
    def anchor_day(self) -> int | None:
        """The day the story is about: an event day the text gives, else the publication day."""
        if self.event_days:
            return Counter(self.event_days).most_common(1)[0][0]
        return self.day

    def key_terms(self) -> set[str]:
        return set(self.names)


def head_date(text: str) -> str | None:
    """A full date on one of the first short lines ("Thursday 16 January 2025 | 03:40 PM"):
    the report's date when the input gave none. Body sentences are longer and not looked at."""
    from ..ingest.metadata import parse_date

    for line in text.strip().splitlines()[:4]:
        if len(line) <= 80 and (found := parse_date(line)):
            return found
    return None


def actor_term(actor_id: str) -> str:
    return "@" + actor_id


def extract(article: Article, analysis: Analysis | None) -> Features:
    names, words = text_bags(article.text)
    if article.title and not article.text.lstrip().startswith(article.title.strip()):
        _, title_words = text_bags(article.title)
        words.update(title_words)
    feats = Features(names=dict(names), words=dict(words), day=day_number(article.published or head_date(article.text)))
    if analysis is not None:
        _add_analysis(feats, analysis)
    feats.ahead = is_ahead(feats, article.text, article.title)
    return feats


# Tense, for a report without dates to say whether it previews: "will", "is expected to", "plans
# to" against the verbs of things done. Reporting verbs ("said", "reported") are in neither list:
# a preview reports what someone said about the future.
_FUTURE = re.compile(r"\b(?:will|(?:is|are) (?:due|set|expected|scheduled|slated|to)|plans? to|planning to|"
                     r"intends? to|heads? to|upcoming|forthcoming)\b", re.I)
# Things done: any past form, but for reporting verbs and participles that also describe plans or
# things in general ("expected", "scheduled", "armed groups", "the United States").
_PAST = re.compile(r"\b(?:[a-z]{3,}ed|met|held|left|began|took|made|gave|went|came|sent|led|won|fought|struck|"
                   r"paid|brought|told|kept|spoke|shot|hit|flew|drove|rode|wrote|saw)\b", re.I)
_NOT_DONE = frozenset("""said reported quoted added stated noted announced expected scheduled planned based related
united armed needed invited aimed called proposed indicated confirmed according told""".split())


def _done(text: str) -> int:
    return sum(1 for w in _PAST.findall(text) if w.lower() not in _NOT_DONE)


def is_ahead(feats: Features, text: str, title: str | None = None) -> bool:
    """Whether the report previews what is still to come (see the module docstring)."""
    pub = feats.day
    if pub is not None:
        near = feats.days_near(before=3, after=14)
        if any(d <= pub for d in near):
            return False
        if any(d > pub for d in near):
            return True
    future = len(_FUTURE.findall(text)) + len(_FUTURE.findall(title or ""))
    return future >= 3 and _done(text) <= 1


def _add_analysis(feats: Features, analysis: Analysis) -> None:
    """Resolved actors and coded events, when the analysis found any: cleaner than raw names."""
    feats.types = []
    known = {a.id: a for a in analysis.actors}
    parties: Counter = Counter()
    countries: Counter = Counter()
    for actor_id, n in Counter(m.actor_id for m in analysis.mentions if m.actor_id).items():
        term = actor_term(actor_id)
        feats.names[GENERIC + term if _is_state_id(actor_id) else term] = float(n)
        actor = known.get(actor_id)
        if _is_state_id(actor_id):
            countries[actor_id] += n
        elif actor is None or actor.sector != "MED":
            parties[actor_id] += n
            if actor is not None and actor.country:
                countries[actor.country] += n
    feats.parties = {k: float(v) for k, v in sorted(parties.items())}
    feats.countries = {k: float(v) for k, v in sorted(countries.items())}
    places: Counter = Counter()
    states = state_names()
    for event in analysis.events:
        if event.date and event.date.value and event.date.source in ("text", "context") and \
                event.date.precision == "day":
            d = day_number(event.date.value)
            if d:
                feats.event_days.append(d)
        if event.type and not event.negated and not event.hypothetical and event.type not in feats.types:
            feats.types.append(event.type)
        if event.location and event.location.name and not event.negated and not event.hypothetical:
            name = fold(event.location.name).lower()
            if name not in states:
                places[name] += 1
    feats.places = {k: float(v) for k, v in sorted(places.items())}
    feats.event_days.sort()
    acts: Counter = Counter()
    for event in analysis.events:
        if event.negated or event.hypothetical or not event.type:
            continue
        src = sorted({c for a in event.actors if (c := _country_of(a, known))})
        tgt = sorted({c for a in event.recipients if (c := _country_of(a, known))} - set(src))
        if event.type in RECIPROCAL:
            if src and tgt:
                acts[f"{event.type}:{'+'.join(sorted(src + tgt))}"] += 1
            continue
        if src and tgt:
            acts[f"{event.type}:{'+'.join(src)}>{'+'.join(tgt)}"] += 1
        # One report names whom it was aimed at, another does not: each side alone too.
        if src:
            acts[f"{event.type}:{'+'.join(src)}>*"] += 1
        if tgt:
            acts[f"{event.type}:*>{'+'.join(tgt)}"] += 1
    feats.acts = {k: float(v) for k, v in sorted(acts.items())}


RECIPROCAL = frozenset({"CONSULT", "COOPERATE"})  # who met whom: the same meeting either way round


def _country_of(actor_id: str, known: dict) -> str | None:
    if _is_state_id(actor_id):
        return actor_id
    actor = known.get(actor_id)
    return actor.country if actor is not None else None


@lru_cache(maxsize=1)
def state_names() -> frozenset[str]:
    """The knowledge base's names of states, folded and lower-cased: a place that is a whole
    country says nothing about where in it something happened."""
    try:
        from ..knowledge.kb import default_kb
        kb = default_kb()
    except Exception:
        return frozenset()
    return frozenset(fold(n).lower() for rec in kb if rec.kind == "state" for n in [rec.name, *rec.aliases])


# ── weighting and comparison ─────────────────────────────────────────────────────────────

GENERIC = "~"  # prefix of names that every story of a region shares: states, demonyms, capitals
GENERIC_WEIGHT = 0.3


@lru_cache(maxsize=1)
def generic_names() -> frozenset[str]:
    """Name parts that say which countries, not which event: the knowledge base's state names,
    aliases, demonyms, capitals and metonyms ("Iranian", "Baghdad", "Zionist")."""
    try:
        from ..knowledge.kb import default_kb
        kb = default_kb()
    except Exception:  # the knowledge base is optional here: without it nothing is generic
        return frozenset()
    words: set[str] = set()
    for rec in kb:
        if rec.kind != "state":
            continue
        for name in [rec.name, *rec.aliases, *getattr(rec, "demonyms", []), *getattr(rec, "metonyms", []),
                     getattr(rec, "capital", None) or ""]:
            for token in _WORD.findall(fold(name)):
                words.update(_parts(token, stem=False))
    return frozenset(words - STOP_WORDS)


def _is_state_id(actor_id: str) -> bool:
    return len(actor_id) == 3 and actor_id.isalpha() and actor_id.isupper()


def idf(df: int, n: int) -> float:
    """Smoothed inverse document frequency: a word in every article still weighs a little."""
    return math.log((n + 1) / (df + 1)) + 1.0


def idf_weights(dfs: Mapping[str, int], n: int) -> dict[str, float]:
    """Each term's IDF, with the damping of generic names folded in: computed once per lookup."""
    return {t: idf(df, n) * (GENERIC_WEIGHT if t and t[0] == GENERIC else 1.0) for t, df in dfs.items()}


def weigh(bag: Mapping[str, float], weights: Mapping[str, float]) -> dict[str, float]:
    """Sublinear TF × IDF, unit length: a name repeated ten times is not ten times the evidence.
    ``weights`` comes from :func:`idf_weights` and must cover every term of the bag."""
    vec = {t: (1.0 + math.log(c)) * weights[t] for t, c in bag.items() if c > 0}
    norm = math.sqrt(sum(v * v for v in vec.values())) or 1.0
    return {t: v / norm for t, v in vec.items()}


def cosine(a: Mapping[str, float], b: Mapping[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(v * b[t] for t, v in a.items() if t in b)


def terms(feats: Features) -> Iterable[str]:
    """Every term whose document frequency is counted."""
    yield from feats.names
    yield from feats.words
