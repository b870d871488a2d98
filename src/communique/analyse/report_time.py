"""The report's own time line: dates carried from context to events told with no date phrase.

The lead dates the report's occasion; the sentences after it go on telling that occasion until
another date takes over. `ReportTime` gives events with no date of their own the date of the
story so far, and says where each carried date came from (date_source "context").
"""
from __future__ import annotations

from datetime import date, timedelta

from ..models import Event, EventDate
from .dates import date_phrases, resolve, tense_of

# How far back (in sentences) an undated event looks for the dated event it follows on from.
FOLLOW_ON_SENTENCES = 2


def lead_of(doc, text: str, published: str | None) -> tuple[EventDate | None, int]:
    """The occasion the report's lead tells, and the lead's paragraph: the first paragraph past
    a heading that is only a date ("Thursday, January 24, 2019"); its first date phrase of a
    day or week that governs a past or present verb ("On Wednesday, the government said")."""
    lead_para = None
    for sent in doc.sents:
        para = text.count("\n\n", 0, sent.start_char)
        if lead_para is None:
            if all(t.is_punct or t.is_space or t.ent_type_ == "DATE" or t.like_num for t in sent):
                continue  # a date heading, not the lead
            lead_para = para
        if para != lead_para:
            break
        for p in date_phrases(sent):
            head = sent.doc[p.head]
            if tense_of(head) == "future":
                continue
            d = resolve(p.text, published, tense_of(head))
            if d is not None and d.precision in ("day", "week"):
                return d, lead_para
    return None, lead_para or 0


class ReportTime:
    """The report's own time line, for events told with no date phrase of their own.

    News is told around one occasion: the lead dates it ("On Wednesday, the government said ...")
    and the sentences after it go on telling that occasion until another date takes over. Events
    in the simple past with no date phrase of their own take the time of the story so far: the
    last dated event before them by the same party (two sentences back at most), else the last
    dated event in their paragraph, else the lead's date until the report turns to background
    (the first later paragraph that dates an event before the lead's occasion).
    Flashbacks (dates more than a week before the lead's) are never carried on, and nothing is
    carried into a perfect ("have alleged", "had met"), a present or a future clause: those tell
    no occasion, nor into a habit ("often met"). Every carried date says where it came from
    (date_source "context")."""

    SAME_PARTY_SENTENCES = FOLLOW_ON_SENTENCES

    def __init__(self, events: list[Event], lead: EventDate | None = None, lead_paragraph: int = 0):
        self.events = events
        self.lead_paragraph = lead_paragraph
        dated = [e for e in events if self._anchors(e)]
        if lead is None and dated and dated[0].features.get("paragraph", 0) == lead_paragraph:
            lead = dated[0].date
        self.lead = lead

    @staticmethod
    def _anchors(e: Event) -> bool:
        return e.date.source == "text" and e.date.value is not None and not e.features.get("future") \
            and not e.negated and not e.hypothetical

    def _current(self, e: Event) -> bool:
        """Not a flashback: within a week of the lead's date (or after it)."""
        if self.lead is None:
            return True
        return (e.date.value or "") >= _days_before(self.lead.value, 7)

    def _background_from(self) -> int:
        """The first paragraph after the lead's that dates an event before the lead's occasion: where
        the report turns to background, and the lead's date stops carrying."""
        for e in self.events:
            para = e.features.get("paragraph", 0)
            if para > self.lead_paragraph and self._anchors(e) and not self._current(e):
                return para
        return 10**6

    def date_from_context(self) -> None:
        background = self._background_from()
        for i, event in enumerate(self.events):
            f = event.features
            reason = str(f.get("date_reason") or "")
            if event.date.value or not reason.startswith(("no date phrase in", "no date phrase governs")) \
                    or f.get("future") or f.get("tense") != "past" or f.get("perfect") or f.get("habitual") \
                    or event.negated or event.hypothetical:
                continue
            before = [e for e in self.events[:i] if self._anchors(e) and self._current(e)]
            n, para = f.get("sentence", 0), f.get("paragraph", 0)
            parties = set(event.actors)
            source = next((e for e in reversed(before) if n - e.features.get("sentence", 0) <= self.SAME_PARTY_SENTENCES
                           and parties & set(e.actors + e.recipients)), None)
            how = "the event told {k} sentence(s) before by the same party"
            if source is None:
                source = next((e for e in reversed(before) if e.features.get("paragraph") == para), None)
                how = "the last dated event of its paragraph, {k} sentence(s) before"
            d = source.date if source is not None else None
            if d is None and self.lead is not None and para < background:
                d, how = self.lead, "the lead's occasion"
            if d is None:
                continue
            event.date = EventDate(d.value, d.precision, "context", d.phrase)
            k = n - source.features.get("sentence", 0) if source is not None else 0
            f["date_reason"] = f"{reason}; told in the simple past: the date of {how.format(k=k)} ('{d.phrase}')"


def _days_before(value: str | None, days: int) -> str:
    try:
        return (date.fromisoformat((value or "")[:10]) - timedelta(days=days)).isoformat()
    except ValueError:
        return ""
