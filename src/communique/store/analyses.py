"""SQL for the per-article analyses `reanalyse` rebuilds merges from (see migrations/015)."""
from __future__ import annotations

import json
from dataclasses import asdict
from typing import Any

from ..models import Event, EventDate, Location, Span
from .backend import Conn


def event_to_dict(e: Event) -> dict[str, Any]:
    return asdict(e)


def event_from_dict(d: dict[str, Any]) -> Event:
    d = dict(d)
    d["date"] = EventDate(**d.get("date") or {})
    d["location"] = Location(**d["location"]) if d.get("location") else None
    d["evidence"] = [Span(**s) for s in d.get("evidence") or []]
    return Event(**d)


class AnalysisQueries:
    conn: Conn

    def save_article_analysis(self, article_id: str, versions: str, events: list[Event],
                              quote_events: dict[str, str]) -> None:
        payload = json.dumps([event_to_dict(e) for e in events], ensure_ascii=False, default=str)
        self.conn.execute(
            "INSERT INTO article_analyses (article_id, versions, events, quote_events) VALUES (?,?,?,?) "
            "ON CONFLICT(article_id) DO UPDATE SET versions = excluded.versions, events = excluded.events, "
            "quote_events = excluded.quote_events",
            (article_id, versions, payload, json.dumps(quote_events, sort_keys=True)))

    def article_analysis(self, article_id: str) -> tuple[str, list[Event], dict[str, str]] | None:
        row = self.conn.execute("SELECT versions, events, quote_events FROM article_analyses WHERE article_id = ?",
                                (article_id,)).fetchone()
        if row is None:
            return None
        return row[0], [event_from_dict(d) for d in json.loads(row[1])], json.loads(row[2])

    def clear_events(self) -> None:
        """Every merged event, its parties and evidence: what `reanalyse` rebuilds."""
        for table in ("story_country_pairs", "event_country_pairs", "event_stories", "event_reports", "event_evidence",
                      "event_actors", "events"):
            self.conn.execute(f"DELETE FROM {table}")

    def set_quote_events(self, quote_events: dict[str, str | None]) -> None:
        """Point quotes at the merged events their articles' own events went into."""
        self.conn.executemany("UPDATE quotes SET event_id = ? WHERE id = ?",
                              [(e, q) for q, e in sorted(quote_events.items())])
