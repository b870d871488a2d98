"""Whether two reports tell the same real-world event, and why: the pairwise test behind
same-event stories (link/stories.py) and `communique story ID --why`.

Two reports of one event
- have dates that agree: the days their events are dated to, else their publication days
  (a report may come out a day or two after the event it tells);
- are both previews, or both reports of what happened: a preview ("will visit on Wednesday")
  and the report of the visit are *related*, not the same story;
- do not place what happened in two different places;
- name the same parties: the same people and organisations, or, where one names none, the
  same states (a minister and their state count at the state level);
- and say similar things (TF-IDF cosine of names and of content words, story_features.py),
  which alone decides between reports the analysis found nothing in.

Different events between the same parties differ in date, place or phase; the same event
told in other words shares parties and a date. Pure functions: no SQL here.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date

from .story_features import Features, cosine, weigh

DATE_WINDOW = 10  # days: publication dates further apart are never one event
DAY_TOLERANCE = 1  # days between two event dates the texts give ("on Wednesday" near midnight, time zones)
PUBLISHED_TOLERANCE = 2  # days, when a side has only its publication date: reports come out later
SAME_SCORE = 0.40  # the evidence score two reports of one event reach (benchmarks/stories_dev.py)
MIN_SIMILARITY = 0.10  # two reports of one event share some of its words, whoever they name
WORDS_ONLY_SCORE = 0.30  # the same, for reports without parties from the analysis (plain text)
RELATED_PARTIES = 0.5  # the party agreement a preview and a report need to be linked
# Acts any two neighbours' officials perform every week: shared, they say less than a shared
# strike, expulsion or sanction does.
ROUTINE_ACTS = frozenset({"CONSULT", "AGREE", "SUPPORT", "COOPERATE", "REQUEST"})
ROUTINE_WEIGHT = 0.5


@dataclass
class Evidence:
    """What two reports share, and the verdict: ``same`` event, or ``related`` (preview and
    happening), or neither; ``reason`` says what decided against when not the same."""

    same: bool = False
    related: bool = False
    score: float = 0.0
    parties: list[str] = field(default_factory=list)  # shared people and organisations
    countries: list[str] = field(default_factory=list)  # shared states
    acts: list[str] = field(default_factory=list)  # shared acts between states ("SANCTION:IRQ>IRN")
    party_score: float | None = None
    date_gap: int | None = None  # days between the closest dates compared
    date_basis: str = "unknown"  # "event dates", "publication", "unknown"
    places: list[str] = field(default_factory=list)  # shared places
    place_conflict: list[str] = field(default_factory=list)  # the places each side gives, when they differ
    types: list[str] = field(default_factory=list)
    similarity: float = 0.0  # TF-IDF cosine of names and words
    copy: float = 0.0  # MinHash Jaccard estimate when a near miss of the copy check
    reason: str = ""
    preview: str | None = None  # which side previews the other: "a" (the new report) or "b"

    def as_dict(self) -> dict:
        return {k: v for k, v in self.__dict__.items()}

    def summary(self) -> str:
        """One line for `story --why`."""
        bits = []
        if self.acts:
            bits.append("acts " + ", ".join(self.acts[:3]))
        if self.parties:
            bits.append("parties " + ", ".join(self.parties[:4]))
        elif self.countries:
            bits.append("states " + ", ".join(self.countries[:4]))
        if self.date_gap is not None:
            bits.append(("same day" if self.date_gap == 0 else f"{self.date_gap} day(s) apart") +
                        f" ({self.date_basis})")
        else:
            bits.append("no date to compare")
        if self.places:
            bits.append("place " + ", ".join(self.places[:2]))
        if self.types:
            bits.append("events " + ", ".join(self.types[:3]))
        bits.append(f"similarity {self.similarity:.2f}")
        return "; ".join(bits)


def overlap(a: dict[str, float], b: dict[str, float]) -> float:
    """Weighted overlap coefficient: how much of the smaller bag the other holds (a short brief
    naming two of a wire story's five people still agrees with it)."""
    if not a or not b:
        return 0.0
    la = {k: 1.0 + math.log(v) for k, v in a.items() if v > 0}
    lb = {k: 1.0 + math.log(v) for k, v in b.items() if v > 0}
    shared = sum(min(la[k], lb[k]) for k in la.keys() & lb.keys())
    return shared / (min(sum(la.values()), sum(lb.values())) or 1.0)


def act_overlap(a: dict[str, float], b: dict[str, float]) -> float:
    """Overlap coefficient of two reports' acts, routine ones weighing half; sharing only
    routine acts (a meeting of the two states' officials) counts half at most."""
    if not a or not b:
        return 0.0
    weight = lambda k: ROUTINE_WEIGHT if k.split(":", 1)[0] in ROUTINE_ACTS else 1.0
    shared = [weight(k) for k in a.keys() & b.keys()]
    if not shared:
        return 0.0
    return sum(shared) / (min(sum(map(weight, a)), sum(map(weight, b))) or 1.0) * max(shared)


def precedes(a: Features, b: Features) -> bool:
    """``a`` came out before anything ``b`` dates happened: it cannot report it, only preview it."""
    days = b.days_near()
    return a.day is not None and not a.event_days and bool(days) and a.day < min(days)


def _previewing(a: Features, b: Features) -> str | None:
    """Which of the two previews what the other reports ("a", "b"), if one does: one is a
    preview and the other not, or one came out before the other's event happened."""
    if a.ahead is None or b.ahead is None:
        return None
    if a.ahead != b.ahead:
        return "a" if a.ahead else "b"
    if not a.ahead:
        if precedes(a, b):
            return "a"
        if precedes(b, a):
            return "b"
    return None


def date_gap(a: Features, b: Features) -> tuple[int | None, str, int]:
    """(days between the closest dates, what was compared, the tolerance for that basis)."""
    da, db = a.days_near(), b.days_near()
    if da and db:
        return min(abs(x - y) for x in da for y in db), "event dates", DAY_TOLERANCE
    # One side gives no event date: its publication day against the other's event days and
    # publication day (a report dated only by its publication may tell the day before).
    xa = da + ([a.day] if a.day is not None else [])
    xb = db + ([b.day] if b.day is not None else [])
    if xa and xb:
        return min(abs(x - y) for x in xa for y in xb), "publication", PUBLISHED_TOLERANCE
    return None, "unknown", 0


def words_date_factor(gap: int | None) -> float:
    """For reports compared by words alone: nearer days, more likely one event."""
    if gap is None:
        return 0.85  # one side undated: the content has to carry it
    return 1.0 if gap <= 1 else 0.9 if gap <= 3 else 0.75


def compare(a: Features, b: Features, weights: dict[str, float], *, mine_n: dict | None = None,
            mine_w: dict | None = None, jaccard: float = 0.0) -> Evidence:
    """The evidence that ``a`` (the new report, its weighted bags optionally precomputed) and
    ``b`` tell the same event. Symmetric but for the precomputation."""
    ev = Evidence(copy=jaccard)
    names = cosine(mine_n if mine_n is not None else weigh(a.names, weights), weigh(b.names, weights))
    words = cosine(mine_w if mine_w is not None else weigh(a.words, weights), weigh(b.words, weights))
    # Both must agree: the same people at another meeting share names but not words, and the
    # same diplomatic vocabulary about other people shares words but not names.
    ev.similarity = max(math.sqrt(max(names, 0.0) * max(words, 0.0)), jaccard)
    ev.parties = sorted(a.parties.keys() & b.parties.keys())
    ev.countries = sorted(a.countries.keys() & b.countries.keys())
    ev.places = sorted(a.places.keys() & b.places.keys())
    ev.types = sorted(set(a.types) & set(b.types))
    ev.acts = sorted(a.acts.keys() & b.acts.keys())
    ev.date_gap, ev.date_basis, tolerance = date_gap(a, b)

    if a.day is not None and b.day is not None and abs(a.day - b.day) > DATE_WINDOW:
        ev.reason = f"published {abs(a.day - b.day)} days apart"
        return ev
    if a.parties and b.parties:
        ev.party_score = overlap(a.parties, b.parties)
    elif a.analysed and b.analysed:
        ev.party_score = 0.5 * overlap(a.countries, b.countries)  # only states to go by: weaker
    if ev.party_score is not None and a.acts and b.acts:
        # The same act between the same states: the same event told with other officials named.
        ev.party_score = max(ev.party_score, act_overlap(a.acts, b.acts))
    if ev.party_score is None:
        # Nothing from the analysis (plain text): words alone, damped by the distance in days.
        ev.score = ev.similarity * words_date_factor(ev.date_gap)
        ev.same = ev.score >= WORDS_ONLY_SCORE
        if not ev.same:
            ev.reason = f"too little in common (words only, score {ev.score:.2f} < {WORDS_ONLY_SCORE:.2f})"
        return ev
    else:
        ev.score = 0.5 * ev.party_score + 0.5 * ev.similarity
        threshold = SAME_SCORE
    dates_agree = ev.date_gap is None or ev.date_gap <= tolerance
    first = _previewing(a, b)
    if first is not None:
        ev.preview = first
        ev.related = dates_agree and (ev.party_score or 0.0) >= RELATED_PARTIES
        ev.reason = "one previews what the other reports" + (" (related)" if ev.related else "")
        return ev
    if not dates_agree:
        ev.reason = f"dates {ev.date_gap} days apart ({ev.date_basis})"
        return ev
    if a.places and b.places and not ev.places and (ev.date_gap is None or (
            max(a.places.values()) >= 2 and max(b.places.values()) >= 2)):
        # Disjoint places decide when each side names its place more than once (one mention
        # may be a planned stop or a background reference), or when no date can.
        ev.place_conflict = [max(a.places, key=lambda k: (a.places[k], k)), max(b.places, key=lambda k: (b.places[k], k))]
        ev.reason = f"different places ({ev.place_conflict[0]} / {ev.place_conflict[1]})"
        return ev
    if ev.date_gap is None and ev.party_score is not None:
        threshold += 0.1  # nothing to check the date against: the content has to carry it
    ev.same = ev.score >= threshold and ev.similarity >= MIN_SIMILARITY
    if not ev.same:
        ev.reason = (f"too little in common (score {ev.score:.2f} < {threshold:.2f})" if ev.score < threshold
                     else f"the same parties, other words (similarity {ev.similarity:.2f})")
    return ev


def day_label(day: int | None) -> str:
    return date.fromordinal(day).isoformat() if day else "undated"
