"""Article text → segments to draw with marks: cited sentences, quotes and actor names.

The text is untrusted, so nothing here builds HTML: it only cuts the text at the edges of the
marks, and the template writes each piece through Jinja's autoescaping.
"""
from __future__ import annotations

import bisect
from dataclasses import dataclass, field, replace


@dataclass
class Mark:
    start: int
    end: int
    cls: str  # cite, quote, mention
    anchor: str | None = None  # an element id, put on the piece where the mark begins
    title: str | None = None
    href: str | None = None  # a link (actor names)


@dataclass
class Segment:
    text: str
    classes: list[str] = field(default_factory=list)
    anchors: list[str] = field(default_factory=list)  # ids of the marks that begin here
    title: str | None = None
    href: str | None = None


def segments(text: str, marks: list[Mark]) -> list[Segment]:
    """Cut `text` at every mark edge; each piece knows which marks cover it."""
    n = len(text)
    # Spans from another version of the text may overrun it: clip them, drop the empty ones.
    marks = [replace(m, start=max(m.start, 0), end=min(m.end, n)) for m in marks]
    marks = [m for m in marks if m.start < m.end]
    cuts = sorted({0, n, *(m.start for m in marks), *(m.end for m in marks)})
    out = []
    for a, b in zip(cuts, cuts[1:]):
        covering = [m for m in marks if m.start <= a and m.end >= b]
        seg = Segment(text=text[a:b], classes=sorted({m.cls for m in covering}))
        for m in covering:
            if m.anchor and m.start == a and m.anchor not in seg.anchors:
                seg.anchors.append(m.anchor)
            seg.title = seg.title or m.title
            seg.href = seg.href or m.href
        out.append(seg)
    return out


def sentence_around(sentences: list[tuple[int, int]], start: int, end: int) -> tuple[int, int]:
    """The sentence(s) a span falls in: evidence is cited as whole sentences."""
    if not sentences:
        return start, end
    starts = [s for s, _ in sentences]
    i = max(bisect.bisect_right(starts, start) - 1, 0)
    j = max(bisect.bisect_right(starts, max(end - 1, start)) - 1, i)
    return min(sentences[i][0], start), max(sentences[j][1], end)
