"""The report's own time line: dates carried from context to events told with no date phrase.

The lead dates the report's occasion; the sentences after it go on telling that occasion until
another date takes over. `ReportTime` gives events with no date of their own the date of the
story so far, and says where each carried date came from (date_source "context").
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Callable

from ..knowledge.kb import term_covers
from ..models import Event, EventDate
from .dates import ANAPHORIC, anaphoric_offset, date_phrases, parse_iso, resolve, tense_of

# How far back (in sentences) an undated event looks for the dated event it follows on from.
FOLLOW_ON_SENTENCES = 2
# Frames whose event is a statement: its time is when it was said (events.SPEECH_ACTS) ...
STATEMENTS = frozenset({"intent", "demand", "threat", "reject", "accuse", "support"})
# ... and CAMEO's verbal codes: statements, appeals, intentions, praise and apology, demands,
# disapproval, rejection and threats (a meeting, 04, is an occasion, not a statement about one).
STATEMENT_CODES = ("01", "02", "03", "051", "052", "053", "055", "056", "10", "11", "12", "13")


def is_statement(e: Event) -> bool:
    return e.features.get("frame") in STATEMENTS or (e.cameo or "").startswith(STATEMENT_CODES)


@dataclass(frozen=True)
class Timeline:
    """What the report's layout says about time: the lead's occasion and paragraph, and the
    paragraphs that open on a date of their own (a new scene: "On last Thursday, ...")."""
    lead: EventDate | None = None
    lead_paragraph: int = 0
    scenes: dict[int, EventDate] = field(default_factory=dict)  # paragraph -> its opening date


def _has_verb(sent) -> bool:
    return any(t.pos_ in ("VERB", "AUX") for t in sent)


def timeline_of(doc, text: str, published: str | None) -> Timeline:
    """The lead: the first paragraph with a verb, past headings that are only a date ("Thursday,
    January 24, 2019") and verbless lines (a map legend, a caption); its occasion is its first
    date phrase of a day or week that governs a past or present verb ("On Wednesday, the
    government said"). A scene: a later paragraph whose first sentence opens on a date phrase
    before its main verb ("On last Thursday, the delegations had met ..."; "Earlier that day,
    ..."); a phrase that names a day by reference ("that day") is kept unresolved (its phrase
    only) for the time line to place."""
    lead, lead_para, scenes, seen = None, None, {}, set()
    for sent in doc.sents:
        para = text.count("\n\n", 0, sent.start_char)
        if lead_para is None:
            if not _has_verb(sent):
                continue  # a date heading or a legend, not the lead
            lead_para = para
        first = para not in seen
        seen.add(para)
        if para == lead_para:
            if lead is None:
                lead = _occasion(sent, published)
        elif first:
            scene = _opening_date(sent, published)
            if scene is not None:
                scenes[para] = scene
    return Timeline(lead, lead_para or 0, scenes)


def _occasion(sent, published: str | None) -> EventDate | None:
    for p in date_phrases(sent):
        head = sent.doc[p.head]
        if tense_of(head) == "future":
            continue
        d = resolve(p.text, published, tense_of(head))
        if d is not None and d.precision in ("day", "week"):
            return d
    return None


def _opening_date(sent, published: str | None) -> EventDate | None:
    for p in date_phrases(sent):
        before = sent.doc[sent.start:p.start]
        if p.start >= sent.root.i or any(not (t.is_punct or t.pos_ in ("ADP", "ADV", "DET")) for t in before):
            continue  # not where the sentence opens
        if anaphoric_offset(p.text) is not None:
            return EventDate(phrase=p.text)
        head = sent.doc[p.head]
        d = None if tense_of(head) == "future" else resolve(p.text, published, tense_of(head))
        if d is not None and d.precision in ("day", "week"):
            return d
    return None


def acts_for(resolver, published: str | None) -> Callable[[str], set[str]]:
    """The states a party speaks and acts for on the report's day: a state or a body, its own;
    a person, the states whose government it holds an office of then (a senator or a former
    ambassador speaks for no state: "the US" on the occasion does not take in their reactions)."""
    def states(actor_id: str) -> set[str]:
        if resolver.kind(actor_id) != "person":
            c = resolver.country(actor_id)
            return {c} if c else set()
        actor = resolver.actors.get(actor_id)
        record = resolver.kb.get(actor_id) if resolver.kb is not None else None
        roles = list(getattr(actor, "roles", None) or []) + list(getattr(record, "roles", None) or [])
        return {r.country for r in roles if r.country and r.sector == "GOV" and _held_on(r, published)}
    return states


def _held_on(role, day: str | None) -> bool:
    """The role (the knowledge base's or one the report gives) is held on ``day``; with no day,
    still held."""
    return term_covers(role.start, role.end, day[:10]) if day else not role.end


class ReportTime:
    """The report's own time line, for events told with no date phrase of their own.

    News is told around one occasion: the lead dates it ("On Wednesday, the government said ...")
    and the sentences after it go on telling that occasion until another date takes over. Events
    in the simple past with no date phrase of their own take the time of the story so far: the
    last dated event before them by the same party (two sentences back at most), else the last
    dated event in their paragraph, else the story's date: the lead's, or that of the last
    paragraph that opened on a date of its own (a scene). The story stops carrying where the
    report turns to background: a paragraph whose dated events all lie before the occasion, or a
    scene that opens on such a date.

    What does not carry:
    - Flashbacks (dates more than a week before the lead's) are never carried on, and nothing is
      carried into a perfect ("have alleged", "had met"), a present or a future clause: those
      tell no occasion, nor into a habit ("often met").
    - A statement (an accusation, a rejection, a demand, praise) is dated when it was said. It
      takes a carried date only from an occasion its speaker took part in as an actor (itself,
      or the state it holds a government office of: `acts_for`); off the story's present
      occasion, from the speaker's own last one. Another party's reaction told without a date
      ("Russia dismissed the claim", "the call was seconded by X") is told without its time.
    - An event placed only relative to another moment ("resigned after the recording was
      uploaded on Wednesday") is not on a known day.

    A phrase that names a day by reference ("earlier that day", "the next morning") takes the
    last day the report told before it, shifted as the phrase says. Every carried date says where
    it came from (date_source "context")."""

    SAME_PARTY_SENTENCES = FOLLOW_ON_SENTENCES

    def __init__(self, events: list[Event], timeline: Timeline | None = None, published: str | None = None,
                 states: Callable[[str], set[str]] | None = None):
        timeline = timeline or Timeline()
        self.events = events
        self.timeline = timeline
        self.published = published
        self.states = states or (lambda _id: set())
        lead = timeline.lead
        dated = [e for e in events if self._anchors(e)]
        if lead is None and dated and dated[0].features.get("paragraph", 0) == timeline.lead_paragraph:
            lead = dated[0].date
        self.lead = lead

    def _anchors(self, e: Event) -> bool:
        """A told date that can carry on: from the text, not negated or hypothetical, and not in
        the future (a stated plan dated by its statement is as good as any act)."""
        if e.date.source != "text" or e.date.value is None or e.negated or e.hypothetical:
            return False
        return not e.features.get("future") or bool(self.published and e.date.value <= self.published)

    def _current(self, d: EventDate) -> bool:
        """Not a flashback: within a week of the lead's date (or after it)."""
        if self.lead is None:
            return True
        return (d.value or "") >= _days_before(self.lead.value, 7)

    def _background(self, para: int) -> bool:
        """A paragraph after the lead's whose dated events all lie before the occasion."""
        dated = [e for e in self.events if e.features.get("paragraph", 0) == para and self._anchors(e)]
        return para > self.timeline.lead_paragraph and bool(dated) and not any(self._current(e.date) for e in dated)

    def _parties(self, ids) -> set[str]:
        return set(ids) | {c for i in ids for c in self.states(i)}

    def date_from_context(self) -> None:
        story, story_para, told = self.lead, self.timeline.lead_paragraph, None
        occasion = self._occasion_parties(self.timeline.lead_paragraph)
        for i, event in enumerate(self.events):
            f = event.features
            para = f.get("paragraph", 0)
            while story_para < para:  # every paragraph on the way: a scene may open one with no event
                story_para += 1
                story, occasion, told = self._story_at(story_para, story, occasion, told)
            reason = str(f.get("date_reason") or "")
            if reason.startswith(ANAPHORIC):
                self._place_anaphor(event, told)
            elif not event.date.value:
                self._carry(i, event, story, occasion)
            if self._anchors(event) or (event.date.value and reason.startswith(ANAPHORIC)):
                if event.date.precision == "day":
                    told = event.date

    def _story_at(self, para: int, story, occasion, told):
        """The story's date from paragraph ``para`` on: a scene's own date, none where the report
        turns to background, else the date so far."""
        scene = self.timeline.scenes.get(para)
        if self._background(para):
            return None, set(), (scene if scene is not None and scene.precision == "day" else told)
        if scene is not None and scene.value is None:
            offset = anaphoric_offset(scene.phrase or "")
            scene = _shift(told, offset, scene.phrase) if told else None
            if scene is not None and offset == 0:  # "earlier that day": the same occasion goes on
                occasion = occasion | self._occasion_parties(para)
                return scene, occasion, scene
        if scene is not None:
            current = self._current(scene)
            return (scene if current else None), self._occasion_parties(para), \
                (scene if scene.precision == "day" else told)
        return story, occasion, told

    def _occasion_parties(self, para: int) -> set[str]:
        """Who acts on the occasion a paragraph opens: the actors of its dated events."""
        return {p for e in self.events if e.features.get("paragraph", 0) == para and self._anchors(e)
                for p in self._parties(e.actors)}

    def _place_anaphor(self, event: Event, told: EventDate | None) -> None:
        f = event.features
        phrase = event.date.phrase or ""
        if told is None:
            f["date_reason"] = f"{f.get('date_reason')}; no day was told before it"
            return
        event.date = _shift(told, anaphoric_offset(phrase), phrase)
        f["date_reason"] = f"{f.get('date_reason')}: the day told last was {told.value} ('{told.phrase}')"

    def _carry(self, i: int, event: Event, story: EventDate | None, occasion: set[str]) -> None:
        f = event.features
        reason = str(f.get("date_reason") or "")
        if not reason.startswith(("no date phrase in", "no date phrase governs")) \
                or f.get("future") or f.get("tense") != "past" or f.get("perfect") or f.get("habitual") \
                or event.negated or event.hypothetical:
            return
        before = [e for e in self.events[:i] if self._anchors(e) and self._current(e.date)]
        n, para = f.get("sentence", 0), f.get("paragraph", 0)
        statement = is_statement(event)
        speaker = self._parties(event.actors)

        def takes_part(e: Event) -> bool:  # a statement carries only the speaker's own occasion
            return not statement or bool(speaker & self._parties(e.actors))

        parties = set(event.actors)
        source = next((e for e in reversed(before) if n - e.features.get("sentence", 0) <= self.SAME_PARTY_SENTENCES
                       and parties & set(e.actors + e.recipients) and takes_part(e)), None)
        how = "the event told {k} sentence(s) before by the same party"
        if source is None:
            source = next((e for e in reversed(before) if e.features.get("paragraph") == para), None)
            source = source if source is not None and takes_part(source) else None
            how = "the last dated event of its paragraph, {k} sentence(s) before"
        d = source.date if source is not None else None
        if d is None and story is not None and (not statement or speaker & occasion):
            d, how = story, "the story's occasion"
        elif d is None and story is not None:
            # A speaker who is not on the story's present occasion speaks on its own last one.
            source = next((e for e in reversed(before) if speaker & self._parties(e.actors)), None)
            d = source.date if source is not None else None
            how = "its speaker's last occasion, {k} sentence(s) before"
        if d is None:
            return
        event.date = EventDate(d.value, d.precision, "context", d.phrase)
        k = n - source.features.get("sentence", 0) if source is not None else 0
        f["date_reason"] = f"{reason}; told in the simple past: the date of {how.format(k=k)} ('{d.phrase}')"


def _shift(d: EventDate, days: int | None, phrase: str | None) -> EventDate:
    base = parse_iso(d.value)
    value = (base + timedelta(days=days or 0)).isoformat() if base else None
    return EventDate(value, "day" if value else None, "text" if value else "none", phrase)


def _days_before(value: str | None, days: int) -> str:
    try:
        return (date.fromisoformat((value or "")[:10]) - timedelta(days=days)).isoformat()
    except ValueError:
        return ""
