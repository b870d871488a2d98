"""Search across kinds of record that have no FTS table of their own."""
from __future__ import annotations

import re

from .backend import Conn, Dialect


class SearchQueries:
    conn: Conn
    dialect: Dialect

    def search_events(self, text: str, limit: int = 20):
        """Events whose evidence sentences contain every word of `text` (case-insensitive)."""
        words = [w for w in re.findall(r"\w+", text.lower()) if len(w) > 1][:8]
        if not words:
            return []
        # The words are lower-case and the dialect's LIKE folds ASCII case (as lower() does in SQLite
        # and in PostgreSQL's C collation): the same matches as lower(text) LIKE, at half the cost.
        source, column, order = self.dialect.evidence_text
        # An index answers a word of three plain characters or more; the rest are tested on the text
        # (SQLite 3.40's trigram index crashes on a shorter pattern beside one that matches nothing).
        indexed = [w for w in words if len(w) >= 3 and w.isascii() and "_" not in w]
        if not indexed:
            source, order = "event_evidence v", "v.rowid"
        words = indexed + [w for w in words if w not in indexed]
        cond = " AND ".join(f"{column if w in indexed else 'v.text'} {self.dialect.like} ?" for w in words)
        # In the order their first matching evidence was stored: the matching rows in rowid order,
        # a batch at a time, until `limit` events are found (a common word stops in the first batch
        # instead of grouping every match).
        found: list[str] = []
        last = None
        while len(found) < limit:
            after = "" if last is None else f" AND {order} > ?"
            rows = self.conn.execute(f"SELECT v.event_id, {order} FROM {source} WHERE {cond}{after} "
                                     f"ORDER BY {order} LIMIT ?",
                                     [*(f"%{w}%" for w in words), *([last] if last is not None else []),
                                      _BATCH]).fetchall()
            for event_id, _ in rows:
                if event_id not in found:
                    found.append(event_id)
            if len(rows) < _BATCH:
                break
            last = rows[-1][1]
        return [e for e in (self.event(i) for i in found[:limit]) if e is not None]


_BATCH = 200
