"""Search across kinds of record that have no FTS table of their own."""
from __future__ import annotations

import re

from .backend import Conn


class SearchQueries:
    conn: Conn

    def search_events(self, text: str, limit: int = 20):
        """Events whose evidence sentences contain every word of `text` (case-insensitive)."""
        words = [w for w in re.findall(r"\w+", text.lower()) if len(w) > 1][:8]
        if not words:
            return []
        cond = " AND ".join("lower(text) LIKE ?" for _ in words)
        # In the order their first matching evidence was stored.
        rows = self.conn.execute(f"SELECT event_id FROM event_evidence WHERE {cond} GROUP BY event_id "
                                 "ORDER BY min(rowid) LIMIT ?",
                                 [*(f"%{w}%" for w in words), limit]).fetchall()
        return [e for e in (self.event(r[0]) for r in rows) if e is not None]
