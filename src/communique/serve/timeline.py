"""Timelines: events by date for a country pair or an actor, and the cooperation/conflict plot.

The plot draws what the web timeline draws (serve/web/charts.py): event counts by CAMEO quad
class per month (quarter or year on a long span) on a true time axis with empty periods shown,
cooperation up and conflict down, and says how many undated events it leaves out.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .event_query import EventQuery


@dataclass
class TimelineRow:
    date: str | None
    event_id: str
    type: str
    goldstein: float | None
    actors: list[str]
    recipients: list[str]
    sources: int
    evidence: str


def timeline(store, query: EventQuery) -> list[TimelineRow]:
    """The events `query` selects (by default those that happened), in date order."""
    return [TimelineRow(e.date.value, e.id, e.type, e.goldstein, e.actors, e.recipients, len(e.article_ids),
                        e.evidence[0].text if e.evidence else "")
            for e in store.events(**query.store_filters())]


def chart_data(store, query: EventQuery, period: str = "auto") -> tuple[str, list[dict], int]:
    """(period, buckets with counts by quad class, undated count): the same numbers the web chart draws."""
    from .web import charts

    months = charts.monthly(store.event_histogram(**query.store_filters()))
    return charts.buckets(months, None if period in ("auto", "") else period)


def plot(store, query: EventQuery, path: str | Path, title: str, period: str = "auto") -> Path:
    """Stacked bars per period, PNG or SVG by suffix."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import matplotlib.ticker

    from .quads import QUAD_KEYS, QUAD_NAMES
    from .web.charts import measure_label

    size, buckets, undated = chart_data(store, query, period)
    path = Path(path)
    fig, ax = plt.subplots(figsize=(10, 4), dpi=110)
    xs = list(range(len(buckets)))
    colours = {1: "#9ccc9f", 2: "#2e7d32", 3: "#eda39d", 4: "#b3261e"}
    up = [0] * len(buckets)
    down = [0] * len(buckets)
    for q in (2, 1):  # material cooperation nearest the axis, as on the web
        vals = [b["quads"][QUAD_KEYS[q]] for b in buckets]
        ax.bar(xs, vals, bottom=up, color=colours[q], label=QUAD_NAMES[q], width=0.8)
        up = [u + v for u, v in zip(up, vals)]
    for q in (4, 3):
        vals = [-b["quads"][QUAD_KEYS[q]] for b in buckets]
        ax.bar(xs, vals, bottom=down, color=colours[q], label=QUAD_NAMES[q], width=0.8)
        down = [d + v for d, v in zip(down, vals)]
    ax.axhline(0, color="#444", linewidth=0.8)
    ax.set_title(title, pad=24)
    ax.set_ylabel(f"events per {size}")
    ax.yaxis.set_major_locator(matplotlib.ticker.MaxNLocator(integer=True))
    ax.yaxis.set_major_formatter(matplotlib.ticker.FuncFormatter(lambda v, _: f"{abs(v):g}"))
    every = max(1, -(-len(buckets) // 12))
    ax.set_xticks(xs[::every], [b["month"] for b in buckets][::every], rotation=45, ha="right", fontsize=8)
    note = measure_label(size) + (f"; {undated} undated event{'s' if undated != 1 else ''} not drawn" if undated else "")
    ax.set_xlabel(note, fontsize=8)
    if buckets:
        ax.legend(loc="lower center", bbox_to_anchor=(0.5, 1.0), frameon=False, fontsize=8, ncol=4)
    else:
        ax.text(0.5, 0.5, "no dated events", ha="center", va="center", transform=ax.transAxes)
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)
    return path
