"""Event merging: one real-world event reported by several articles (or twice in one) is one
record, with every article and evidence sentence under it.

Two reports are the same event when they have
- the same PLOVER type and the same negated/hypothetical standing;
- the same parties, compared as sets (actors and recipients apart, except for CONSULT, where a
  meeting is reciprocal and all parties form one set); a state listed beside its own official
  does not make the sets differ; within one article, a telling that leaves the recipient (or
  some of the actors) unnamed matches one that names them, when their dates overlap or one has
  none;
- places that do not contradict each other (see ``places_compatible``);
- compatible dates: the same day (or a coarser date containing it), or within ``WINDOW_DAYS``
  in one story where a date was only carried from context; one undated while the
  reports share a story or it was published within ``WINDOW_DAYS`` of the other's date; both
  undated while the reports share a story (or, where either has no story, were published
  within a day of each other).

The merged record keeps the id of the event first stored, the most precise date, the location
with the strongest reasoning (a place phrase over a visit destination over a dateline), and
every report's trigger, rule and reasoning under ``features["reports"]`` for `explain` (stored a
row per report: store/events.py `_add_reports`).
Quotes that pointed at a report's own event id are remapped to the merged id.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from ..models import Analysis, Article, Event, EventDate, EventWindow

WINDOW_DAYS = 3
_PRECISION = {"day": 0, "week": 1, "month": 2, "year": 3, None: 9}
# Rank of the reasoning behind a location (see analyse/places.py), strongest first.
_LOCATION_RANK = (("place phrase", 0), ("visit destination", 1), ("dateline", 2))


@dataclass
class Report:
    """An event with what is known of the articles reporting it."""

    event: Event
    stories: set[str] = field(default_factory=set)
    published: set[str] = field(default_factory=set)


def _day(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value[:10]) if value else None
    except ValueError:
        return None


def _span(d: EventDate) -> tuple[date, date] | None:
    """The days a date may stand for."""
    start = _day(d.value)
    if start is None:
        return None
    if d.precision == "week":
        return start, date.fromordinal(start.toordinal() + 6)
    if d.precision == "month":
        nxt = date(start.year + (start.month == 12), start.month % 12 + 1, 1)
        return start, date.fromordinal(nxt.toordinal() - 1)
    if d.precision == "year":
        return start, date(start.year, 12, 31)
    return start, start


def dates_compatible(a: Report, b: Report, window: int = WINDOW_DAYS) -> bool:
    sa, sb = _span(a.event.date), _span(b.event.date)
    if sa and sb:
        # The same day, or a coarser date that contains the other.
        if sa[0] <= sb[1] and sb[0] <= sa[1]:
            return True
        # A date carried from the sentences around (source "context") is the report's guess:
        # within one story it may be a few days off the date the text gives.
        guessed = "context" in (a.event.date.source, b.event.date.source)
        gap = max(sa[0].toordinal() - sb[1].toordinal(), sb[0].toordinal() - sa[1].toordinal())
        return guessed and bool(a.stories & b.stories) and gap <= window
    if a.stories & b.stories:
        return True
    if sa or sb:
        dated, undated = (a, b) if sa else (b, a)
        lo, hi = _span(dated.event.date)  # type: ignore[misc]
        return any(d and lo.toordinal() - window <= d.toordinal() <= hi.toordinal() + window
                   for d in map(_day, undated.published))
    if a.stories and b.stories:
        # Neither report dates the event: reports that story clustering keeps apart are two events
        # ("X says Sudan must return the helicopter" / "Y says Sudan must reach a deal").
        return False
    pubs_a = [d for d in map(_day, a.published) if d]
    pubs_b = [d for d in map(_day, b.published) if d]
    return any(abs(x.toordinal() - y.toordinal()) <= 1 for x in pubs_a for y in pubs_b)


# The longest a date of each precision stands for, in days after its first day (see _span).
_SPAN_DAYS = {"week": 6, "month": 30, "year": 365}


def candidate_window(report: Report) -> EventWindow:
    """Where every stored report ``dates_compatible`` can accept for this one lies, so that
    only those are read: its story; dated ones whose span overlaps its date, or, undated, the
    days around its publication; undated ones published within the window of its date, or,
    undated too, within a day of it (a superset: ``same_event`` still decides)."""
    def dated(lo: date, hi: date) -> list[tuple[str | None, str, str]]:
        """Stored dates of each precision whose span overlaps [lo, hi]."""
        return [(None, lo.isoformat(), hi.isoformat())] + [
            (p, date.fromordinal(lo.toordinal() - n).isoformat(), hi.isoformat()) for p, n in _SPAN_DAYS.items()]

    def shift(d: date, n: int) -> date:
        return date.fromordinal(d.toordinal() + n)

    window = EventWindow(story_ids=sorted(report.stories))
    span = _span(report.event.date)
    pubs = sorted(d for d in map(_day, report.published) if d)
    if span:
        window.dated = dated(*span)
        window.published = (shift(span[0], -WINDOW_DAYS).isoformat(), shift(span[1], WINDOW_DAYS).isoformat())
    elif pubs:
        window.dated = dated(shift(pubs[0], -WINDOW_DAYS), shift(pubs[-1], WINDOW_DAYS))
        window.published = (shift(pubs[0], -1).isoformat(), shift(pubs[-1], 1).isoformat())
    return window


def party_key(event: Event, country_of) -> tuple[frozenset, frozenset]:
    """Parties as sets; a state that is the country of another listed party is dropped, so "the
    Iranian official" resolved to IRN and to the official compare equal once both appear."""
    def clean(ids: set[str], everyone: set[str]) -> frozenset:
        represented = {country_of(j) for j in everyone if country_of(j) and country_of(j) != j}
        return frozenset(i for i in ids if i not in represented)

    everyone = set(event.actors) | set(event.recipients)
    if event.type == "CONSULT":
        return clean(everyone, everyone), frozenset()
    return clean(set(event.actors), everyone), clean(set(event.recipients), everyone)


def same_event(a: Report, b: Report, country_of) -> bool:
    ea, eb = a.event, b.event
    if ea.type != eb.type or ea.negated != eb.negated or ea.hypothetical != eb.hypothetical:
        return False
    ka, kb = party_key(ea, country_of), party_key(eb, country_of)
    if not (ka[0] or ka[1]):
        return False
    if ka == kb or (_dated_alike(ea, eb) and same_states(ea, eb, country_of)):
        return dates_compatible(a, b) and places_compatible(ea, eb)
    if not (_one_article(ea, eb) and _same_act(ea, eb) and _same_day_or_undated(ea, eb)
            and places_compatible(ea, eb)):
        return False
    if _told_again(ka, kb):
        return True
    # Told again in one article at the level of states: once naming the state and once its
    # official ("Iraq urged Turkey to withdraw" / its minister: "we ask Turkey to withdraw"),
    # or a statement voiced by two officials of one state. Not meetings: two pairs of officials
    # of the same states, or a state visit and a speakers' meeting, are often told in one report
    # (same_states decides those, on dates to the day).
    if ea.type == "CONSULT":
        return False
    return _told_again(state_key(ea, country_of), state_key(eb, country_of))


def _one_article(a: Event, b: Event) -> bool:
    return bool({s.article_id for s in a.evidence} & {s.article_id for s in b.evidence})


def _told_again(ka: tuple[frozenset, frozenset], kb: tuple[frozenset, frozenset]) -> bool:
    """Within one article, a second telling that leaves a party unnamed is the same act: the
    same actors with the recipients named in one of them only ("the minister requested new
    rules" / "the minister wrote to the agency requesting them"), or the same recipients with
    the actors of one among the other's ("Iraq and Syria blamed Turkey" / "Iraq was harsher in
    blaming Turkey")."""
    (aa, ar), (ba, br) = ka, kb
    if aa and aa == ba and (not ar or not br):
        return True
    return bool(ar) and ar == br and bool(aa) and bool(ba) and (aa <= ba or ba <= aa)


def _same_act(a: Event, b: Event) -> bool:
    """The same kind of act within the type (CAMEO's three-digit code): a condemnation and a
    summoning of the ambassador are both ACCUSE, and two acts."""
    return (a.cameo or "")[:3] == (b.cameo or "")[:3]


def _same_day_or_undated(a: Event, b: Event) -> bool:
    """Dates that leave no doubt: one telling undated, or spans that overlap (no window)."""
    sa, sb = _span(a.date), _span(b.date)
    return not (sa and sb) or (sa[0] <= sb[1] and sb[0] <= sa[1])


def _dated_alike(a: Event, b: Event) -> bool:
    """Both dated to the day or week, overlapping: what it takes to say that a state-level and a
    person-level report tell one occasion (undated, "the president's visit to Iraq" and "the
    speakers' talks" may be months apart)."""
    sa, sb = _span(a.date), _span(b.date)
    # A date carried from context is the report's guess: it cannot show that two reports tell one occasion.
    precise = a.date.precision in ("day", "week") and b.date.precision in ("day", "week") \
        and "context" not in (a.date.source, b.date.source)
    return bool(precise and sa and sb and sa[0] <= sb[1] and sb[0] <= sa[1])


def same_states(a: Event, b: Event, country_of) -> bool:
    """One report names the states ("Iran and Iraq held talks"), the other the people who acted
    for them ("Araghchi met Hussein"): the same parties, told at two levels. Only when one side
    names states alone, so two different pairs of officials never merge by their countries."""
    def states_only(e: Event) -> bool:
        return all(country_of(i) == i for i in e.actors + e.recipients)

    if not (states_only(a) or states_only(b)):
        return False
    ka, kb = state_key(a, country_of), state_key(b, country_of)
    return bool(ka[0] or ka[1]) and ka == kb


def state_key(e: Event, country_of) -> tuple[frozenset, frozenset]:
    """``party_key`` with each party replaced by its state."""
    return party_key(_as_states(e, country_of), lambda i: i)


def _as_states(e: Event, country_of) -> Event:
    """The event with each party replaced by its state (None when any party has none)."""
    def states(ids: list[str]) -> list[str]:
        return list(dict.fromkeys(country_of(i) or f"?{i}" for i in ids))

    actors = states(e.actors)
    return Event(id=e.id, type=e.type, actors=actors, recipients=[i for i in states(e.recipients) if i not in actors])


def places_compatible(a: Event, b: Event) -> bool:
    """Two reports that each place the event from their own text (a place phrase or a stated
    visit, not a dateline) in different countries tell of two events: a meeting in Baghdad and
    one in Tehran between the same two people."""
    grounded = [e.location.country for e in (a, b) if e.location is not None and _location_rank(e) <= 1]
    return len(grounded) < 2 or grounded[0] == grounded[1]


def _location_rank(event: Event) -> int:
    reason = str(event.features.get("location_reason", ""))
    if event.location is None:
        return 99
    return next((rank for key, rank in _LOCATION_RANK if key in reason), 5)


def _summary(event: Event) -> dict:
    f = event.features
    # The trigger names its article: a stored event comes to a merge without its evidence.
    first = (f.get("trigger") or {}).get("article_id") or (event.evidence[0].article_id if event.evidence else None)
    return {"article_id": first, "rule": event.rule,
            "cameo": event.cameo, "trigger": f.get("trigger"), "steps": f.get("steps"),
            "date": event.date.value, "date_reason": f.get("date_reason"),
            "location_reason": f.get("location_reason"), "actors": f.get("actors"), "recipients": f.get("recipients")}


def combine(kept: Event, new: Event) -> Event:
    """``new`` folded into ``kept``: its evidence and articles added, the better date and location
    kept, its reasoning recorded."""
    for span in new.evidence:
        if (span.article_id, span.start) not in {(s.article_id, s.start) for s in kept.evidence}:
            kept.evidence.append(span)
    kept.article_ids = sorted(set(kept.article_ids) | set(new.article_ids))
    if _PRECISION[new.date.precision] < _PRECISION[kept.date.precision]:
        kept.date = new.date
        kept.features["date_reason"] = new.features.get("date_reason")
    if _location_rank(new) < _location_rank(kept):
        kept.location = new.location
        kept.features["location_reason"] = new.features.get("location_reason")
    # A party that acts in one report and receives in the other acts (orientation differs
    # between tellings); one that is on both sides within a report (a state at home) stays so.
    def only(ids, others):
        return set(ids) - set(others)

    flipped = (only(kept.actors, kept.recipients) & only(new.recipients, new.actors)) | \
        (only(new.actors, new.recipients) & only(kept.recipients, kept.actors))
    for attr in ("actors", "recipients"):
        merged = list(getattr(kept, attr)) + [i for i in getattr(new, attr) if i not in getattr(kept, attr)]
        setattr(kept, attr, merged)
    kept.recipients = [i for i in kept.recipients if i not in flipped]
    # Asserted once any report tells it as fact rather than as someone's claim.
    if new.status == "asserted" and kept.status != "asserted":
        kept.status, kept.claimed_by = "asserted", None
    # First reported by the earliest article; as sure and as central as its strongest report.
    kept.reported = min(filter(None, (kept.reported, new.reported)), default=None)
    kept.confidence = max(filter(lambda v: v is not None, (kept.confidence, new.confidence)), default=None)
    kept.salience = max(filter(lambda v: v is not None, (kept.salience, new.salience)), default=None)
    reports = kept.features.setdefault("reports", [_summary(kept)])
    reports.append(_summary(new))
    return kept


def merge_events(store, article: Article, analysis: Analysis) -> None:
    actors = {a.id: a for a in analysis.actors}

    def country_of(actor_id: str) -> str | None:
        a = actors.get(actor_id)
        if a is None and store is not None:
            a = store.actor(actor_id)
            if a is not None:
                actors[actor_id] = a
        return a.country if a else None

    here = Report  # reports from this article share its story and publication date
    stories = {article.story_id} if article.story_id else set()
    published = {article.published} if article.published else set()
    remap: dict[str, str] = {}
    kept: list[Report] = []
    for event in analysis.events:
        event.reported = event.reported or article.published
        report = here(event, set(stories), set(published))
        twin = next((k for k in kept if same_event(k, report, country_of)), None)
        if twin is not None:
            remap[event.id] = twin.event.id
            combine(twin.event, event)
            continue
        stored = _stored_match(store, report, country_of)
        if stored is not None:
            remap[event.id] = stored.event.id
            merged = combine(stored.event, event)
            report = here(merged, stored.stories | report.stories, stored.published | report.published)
        kept.append(report)
    analysis.events[:] = [r.event for r in kept]
    for quote in analysis.quotes:
        if quote.event_id in remap:
            quote.event_id = remap[quote.event_id]


def _stored_match(store, report: Report, country_of) -> Report | None:
    if store is None or not hasattr(store, "merge_candidates"):
        return None
    event = report.event
    best: tuple[tuple, Report] | None = None
    parties = list(event.actors) + list(event.recipients)
    # Reports of one event told at two levels (see same_states): a report naming only states is
    # compared with reports naming their officials, and one naming officials with those naming
    # their states.
    states = parties if all(country_of(i) == i for i in parties) else []
    if not states:
        parties += sorted({c for c in map(country_of, parties) if c})
    for cand in store.merge_candidates(event.type, parties, countries=states, window=candidate_window(report),
                                       own=event.article_ids):
        if cand.own_only:
            continue  # this article's own earlier analysis: replaced, not merged
        other = Report(cand.event, cand.stories, cand.published)
        if not same_event(other, report, country_of):
            continue
        shared_story = bool(other.stories & report.stories)
        rank = (not shared_story, -cand.spans)
        if best is None or rank < best[0]:
            best = (rank, other)
    return best[1] if best else None
