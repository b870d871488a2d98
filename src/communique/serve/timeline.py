"""Timelines: events by date for a country pair or an actor, and a cooperation/conflict plot."""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from ..models import Event


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


def timeline(store, *, pair: tuple[str, str] | None = None, actor: str | None = None,
             since: str | None = None, until: str | None = None) -> list[TimelineRow]:
    events: list[Event] = store.events(pair=pair, actor=None, since=since, until=until)
    if actor:
        events = [e for e in events if actor in e.actors or actor in e.recipients]
    return [TimelineRow(e.date.value, e.id, e.type, e.goldstein, e.actors, e.recipients, len(e.article_ids),
                        e.evidence[0].text if e.evidence else "")
            for e in events if not e.negated]


def by_period(rows: list[TimelineRow], period: str = "month") -> dict[str, tuple[float, float]]:
    """Sum of cooperation (positive Goldstein) and conflict (negative) per month or week."""
    from datetime import date

    totals: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0])
    for r in rows:
        if not r.date or r.goldstein is None:
            continue
        if period == "week":
            y, w, _ = date.fromisoformat(r.date).isocalendar()
            key = f"{y}-W{w:02d}"
        else:
            key = r.date[:7]
        totals[key][0 if r.goldstein >= 0 else 1] += r.goldstein
    return {k: (v[0], v[1]) for k, v in sorted(totals.items())}


def plot(rows: list[TimelineRow], path: str | Path, title: str, period: str = "month") -> Path:
    """Bars of cooperation above zero and conflict below, per period; PNG or SVG by suffix."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    data = by_period(rows, period)
    path = Path(path)
    fig, ax = plt.subplots(figsize=(9, 3.6), dpi=110)
    keys = list(data)
    ax.bar(keys, [v[0] for v in data.values()], color="#2a7ab9", label="cooperation")
    ax.bar(keys, [v[1] for v in data.values()], color="#c0392b", label="conflict")
    ax.axhline(0, color="#444", linewidth=0.8)
    ax.set_title(title)
    ax.set_ylabel("sum of Goldstein scores")
    ax.legend(loc="upper left", frameon=False)
    if not keys:
        ax.text(0.5, 0.5, "no dated events", ha="center", va="center", transform=ax.transAxes)
    plt.setp(ax.get_xticklabels(), rotation=45, ha="right", fontsize=8)
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)
    return path
