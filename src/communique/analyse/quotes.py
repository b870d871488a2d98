"""The `quotes` component: direct quotes and reported statements, each with its speaker.

It reads the discourse layer (discourse.py), which finds the quotes (quote_marks.py), the
reported statements (quote_reported.py) and who said each (discourse_direct.py and
discourse_referents.py); events read the same layer, so a quote and an event coded from one
sentence name the same speaker. This component turns each attribution into a Quote row and
links it to the event coded from its sentence.

One- and two-word quotes ("foolish") are scare quotes: kept, marked ``scare``, and left out
of listings by default.
"""
from __future__ import annotations

import hashlib

from ..models import Quote
from . import component
from .discourse import Attribution, Discourse
from .quote_marks import is_scare

__all__ = ["extract_quotes", "is_scare", "quote_id"]


def quote_id(article_id: str, start: int) -> str:
    return "q" + hashlib.sha1(f"{article_id}:{start}".encode()).hexdigest()[:16]


def _event_for(ctx, start: int, end: int) -> str | None:
    best, best_overlap = None, 0
    for ev in ctx.analysis.events:
        for span in ev.evidence:
            if span.article_id != ctx.article.id:
                continue
            overlap = min(end, span.end) - max(start, span.start)
            if overlap > best_overlap:
                best, best_overlap = ev.id, overlap
    return best


def _quote(ctx, a: Attribution) -> Quote:
    sp = a.speaker
    return Quote(id=quote_id(ctx.article.id, a.char_start), article_id=ctx.article.id, text=a.text,
                 start=a.char_start, end=a.char_end, direct=a.direct, speaker_name=a.speaker_name,
                 speaker_id=a.speaker_id, speaker_ids=list(a.speaker_ids),
                 speaker_method=a.method if sp else None,
                 event_id=_event_for(ctx, a.char_start, a.char_end), scare=a.scare)


def extract_quotes(ctx) -> list[Quote]:
    disc: Discourse | None = ctx.scratch.get("discourse")
    if disc is None:
        disc = ctx.scratch["discourse"] = Discourse(ctx)
    seen: set[str] = set()
    unique = []
    for q in sorted((_quote(ctx, a) for a in disc.attributions), key=lambda q: (q.start, not q.direct)):
        if q.id not in seen:
            seen.add(q.id)
            unique.append(q)
    # Every actor a quote row names must travel with the analysis, to be saved with it.
    known = {a.id for a in ctx.analysis.actors}
    for q in unique:
        for actor_id in q.speaker_ids:
            actor = disc.actor(actor_id)
            if actor_id not in known and actor is not None:
                ctx.analysis.actors.append(actor)
                known.add(actor_id)
    return unique


@component("quotes", needs=("discourse",), adds=("quotes",))
def quotes(ctx) -> None:
    ctx.analysis.quotes = extract_quotes(ctx)
