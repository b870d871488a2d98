"""Numbers → shapes for the hand-drawn SVG charts (no chart library, no CDN).

Everything here returns plain numbers and strings; the templates draw them, escaped like any
other value. Kept separate from the routes so the geometry can be tested without a server.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date

from ..quads import QUAD_KEYS, TYPE_QUAD, quad_of

# Kept for templates and older callers: quad key by PLOVER type.
QUAD = {t: QUAD_KEYS[q] for t, q in TYPE_QUAD.items()}


def side(event_type: str, cameo: str | None = None) -> str:
    """'cooperation', 'conflict' or 'other' for an event's quad class (CAMEO root, else PLOVER type)."""
    q = quad_of(event_type, cameo)
    return "cooperation" if q in (1, 2) else "conflict" if q in (3, 4) else "other"


def monthly(histogram: list[tuple]) -> list[dict]:
    """Store.event_histogram rows (month, type, quad, n, goldstein sum) → one dict per month with
    counts by type and by quad class, cooperation (quads 1-2), conflict (3-4), other and the
    Goldstein sum. Months with no events between the first and the last are filled in, so the
    axis is a true time axis; undated events come last as month None."""
    by_month: dict[str | None, dict] = {}
    for month, etype, quad, n, gsum in histogram:
        m = by_month.setdefault(month, {"by_type": {}, "quads": {1: 0, 2: 0, 3: 0, 4: 0, 0: 0}, "goldstein": 0.0})
        m["by_type"][etype] = m["by_type"].get(etype, 0) + n
        m["quads"][quad] = m["quads"].get(quad, 0) + n
        m["goldstein"] += gsum
    dated = sorted(m for m in by_month if m)
    months: list[str | None] = list(month_range(dated[0], dated[-1])) if dated else []
    if None in by_month:
        months.append(None)
    return [_summary(m, by_month.get(m)) for m in months]


def _summary(key: str | None, m: dict | None) -> dict:
    m = m or {"by_type": {}, "quads": {1: 0, 2: 0, 3: 0, 4: 0, 0: 0}, "goldstein": 0.0}
    q = m["quads"]
    return {"month": key, "by_type": dict(sorted(m["by_type"].items())),
            "quads": {QUAD_KEYS[i]: q.get(i, 0) for i in (1, 2, 3, 4)},
            "cooperation": q.get(1, 0) + q.get(2, 0), "conflict": q.get(3, 0) + q.get(4, 0), "other": q.get(0, 0),
            "goldstein": round(m["goldstein"], 1)}


def month_range(first: str, last: str):
    y, m = int(first[:4]), int(first[5:7])
    ly, lm = int(last[:4]), int(last[5:7])
    while (y, m) <= (ly, lm):
        yield f"{y:04d}-{m:02d}"
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)


def bucket_size(n_months: int) -> str:
    """Months while they stay readable, then quarters, then years: a bar never shrinks to a hairline."""
    return "month" if n_months <= 60 else "quarter" if n_months <= 180 else "year"


def bucket_of(month: str, size: str) -> str:
    if size == "quarter":
        return f"{month[:4]}-Q{(int(month[5:7]) - 1) // 3 + 1}"
    return month[:4] if size == "year" else month


def buckets(months: list[dict], size: str | None = None) -> tuple[str, list[dict], int]:
    """(bucket size, the dated months merged into buckets, undated count): what both charts draw.
    `size` month, quarter or year; by default the readable one for the span (bucket_size)."""
    dated = [m for m in months if m["month"]]
    undated = sum(sum(m["by_type"].values()) for m in months if not m["month"])
    size = size or bucket_size(len(dated))
    merged: dict[str, dict] = {}
    for m in dated:
        key = bucket_of(m["month"], size)
        acc = merged.setdefault(key, {"by_type": {}, "quads": {1: 0, 2: 0, 3: 0, 4: 0, 0: 0}, "goldstein": 0.0})
        for t, n in m["by_type"].items():
            acc["by_type"][t] = acc["by_type"].get(t, 0) + n
        for i, k in QUAD_KEYS.items():
            acc["quads"][i] += m["quads"][k]
        acc["quads"][0] += m["other"]
        acc["goldstein"] += m["goldstein"]
    return size, [_summary(k, v) for k, v in merged.items()], undated


def measure_label(size: str) -> str:
    """The one measure both charts draw, in words."""
    return f"events per {size} by CAMEO quad class (cooperation up, conflict down)"


@dataclass
class Bar:
    month: str
    x: float
    width: float
    # (y, height, css class) rectangles: cooperation stacked above the axis, conflict below.
    rects: list[tuple[float, float, str]]
    label: str | None  # an axis label under this bar, or None
    title: str  # tooltip


@dataclass
class TimelineChart:
    width: int
    height: int
    axis_y: float
    bars: list[Bar]
    top: int  # the largest stack above and below, for the scale labels
    bottom: int
    size: str = "month"  # what one bar covers: month, quarter or year
    label: str = ""  # the measure, in words
    undated: int = 0  # events with no date, not drawn


def timeline_chart(months: list[dict], width: int = 960, height: int = 260) -> TimelineChart | None:
    """Bars per month (or quarter, or year, on a long span) on a true time axis, empty ones
    included: event counts by quad class, cooperation up (material nearest the axis), conflict down."""
    size, dated, undated = buckets(months)
    if not dated:
        return None
    pad_l, pad_r, pad_t, pad_b = 36, 8, 12, 28
    plot_w, plot_h = width - pad_l - pad_r, height - pad_t - pad_b
    stacks = [m["quads"] for m in dated]
    top = max(s["verbal_coop"] + s["material_coop"] for s in stacks)
    bottom = max(s["verbal_conflict"] + s["material_conflict"] for s in stacks)
    scale = plot_h / max(top + bottom, 1)
    axis_y = pad_t + top * scale if top + bottom else pad_t + plot_h / 2
    step = plot_w / len(dated)
    every = max(1, math.ceil(len(dated) / 10))  # at most about ten labels, none overlapping
    bars = []
    for i, (m, s) in enumerate(zip(dated, stacks)):
        x, w = pad_l + i * step + step * 0.1, max(step * 0.8, 1.0)
        rects, y = [], axis_y
        for key in ("material_coop", "verbal_coop"):  # material nearest the axis
            h = s[key] * scale
            if h:
                y -= h
                rects.append((round(y, 2), round(h, 2), key))
        y = axis_y
        for key in ("material_conflict", "verbal_conflict"):
            h = s[key] * scale
            if h:
                rects.append((round(y, 2), round(h, 2), key))
                y += h
        label = m["month"] if i % every == 0 else None
        types = ", ".join(f"{t} {n}" for t, n in m["by_type"].items())
        title = (f"{m['month']}: {m['cooperation']} cooperation, {m['conflict']} conflict"
                 + (f", {m['other']} other" if m["other"] else "") + (f" ({types})" if types else ""))
        bars.append(Bar(month=m["month"], x=round(x, 2), width=round(w, 2), rects=rects, label=label, title=title))
    return TimelineChart(width=width, height=height, axis_y=round(axis_y, 2), bars=bars, top=top, bottom=bottom,
                         size=size, label=measure_label(size), undated=undated)


@dataclass
class Node:
    actor_id: str
    name: str  # the full name (the tooltip)
    label: str  # the name as drawn: cut to LABEL_CHARS
    events: int
    x: float
    y: float
    r: float
    anchor: str  # text-anchor: labels run outward from the ring
    lx: float  # where the label starts, just outside the node
    ly: float
    rotate: float  # degrees: labels follow their spoke, never overlap a neighbour, and stay upright


LABEL_CHARS = 24
MAX_NODES = 16


def network(center_name: str, counterparts: list[tuple[str, str, int]], ring: int = 150) -> dict:
    """A star: the actor in the middle, the (at most MAX_NODES) actors it shares most events with on
    a ring, each line as thick as the number of shared events (log scale). Labels run along their
    spokes, outward, so neighbours never overlap; the canvas leaves room for the longest label, so
    none is clipped. Actors beyond MAX_NODES are returned in `rest` for a list under the chart."""
    shown, rest = counterparts[:MAX_NODES], counterparts[MAX_NODES:]
    label_room = LABEL_CHARS * 7 + 24  # px for a cut label at the chart's 12px font
    c = ring + label_room
    most = max((n for _, _, n in shown), default=1)
    nodes = []
    for i, (actor_id, name, n) in enumerate(shown):
        angle = -math.pi / 2 + 2 * math.pi * i / max(len(shown), 1)
        cos, sin = math.cos(angle), math.sin(angle)
        x, y = c + ring * cos, c + ring * sin
        r = round(5 + 9 * math.log1p(n) / math.log1p(most), 1)
        lx, ly = c + (ring + r + 5) * cos, c + (ring + r + 5) * sin
        degrees = math.degrees(angle)
        left = cos < -1e-9
        label = name if len(name) <= LABEL_CHARS else name[:LABEL_CHARS - 1].rstrip() + "…"
        nodes.append(Node(actor_id=actor_id, name=name, label=label, events=n, x=round(x, 1), y=round(y, 1), r=r,
                          anchor="end" if left else "start", lx=round(lx, 1), ly=round(ly, 1),
                          rotate=round(degrees + 180 if left else degrees, 1)))
    return {"width": 2 * c, "height": 2 * c, "cx": c, "cy": c, "name": center_name, "nodes": nodes,
            "rest": [{"actor_id": i, "name": nm, "events": n} for i, nm, n in rest],
            "widths": {nd.actor_id: round(1 + 5 * math.log1p(nd.events) / math.log1p(most), 1) for nd in nodes}}


def role_bars(roles: list, today: date | None = None, width: int = 720) -> dict | None:
    """Dated roles as bars along a shared time axis; roles with no start date are listed, not drawn."""
    today = today or date.today()
    dated = [r for r in roles if getattr(r, "start", None)]
    if not dated:
        return None
    def to_year(d: str) -> float:
        parts = [int(p) for p in d.split("-")[:3]] + [1, 1]
        return parts[0] + (parts[1] - 1) / 12 + (parts[2] - 1) / 365
    now = today.year + (today.month - 1) / 12
    first = min(to_year(r.start) for r in dated)
    last = max(max(to_year(r.end) if r.end else now for r in dated), first + 1)
    pad_l, pad_r, row = 8, 8, 26
    span = last - first
    scale = (width - pad_l - pad_r) / span
    bars = []
    for i, r in enumerate(sorted(dated, key=lambda r: r.start)):
        x0 = pad_l + (to_year(r.start) - first) * scale
        x1 = pad_l + ((to_year(r.end) if r.end else now) - first) * scale
        bars.append({"x": round(x0, 1), "w": round(max(x1 - x0, 3), 1), "y": 6 + i * row, "title": r.title,
                     "country": r.country, "start": r.start, "end": r.end, "current": not r.end})
    years = list(range(math.ceil(first), math.floor(last) + 1))
    every = max(1, math.ceil(len(years) / 10))
    ticks = [{"x": round(pad_l + (y - first) * scale, 1), "label": str(y)} for y in years[::every]]
    return {"width": width, "height": 12 + len(bars) * row + 18, "bars": bars, "ticks": ticks,
            "axis_y": 8 + len(bars) * row}
