"""SQL for quotes and full-text search over what was said."""
from __future__ import annotations

import sqlite3
from typing import Iterable

from ..models import Quote
from .articles import _fts

QUOTE_COLUMNS = ("id", "article_id", "start", "end", "text", "direct", "speaker_name", "speaker_id",
                 "speaker_method", "event_id", "scare")


def row_to_quote(r: sqlite3.Row) -> Quote:
    return Quote(**{c: r[c] for c in QUOTE_COLUMNS if c not in ("direct", "scare")},
                 direct=bool(r["direct"]), scare=bool(r["scare"]))


class QuoteQueries:
    conn: sqlite3.Connection

    def replace_quotes(self, article_id: str, quotes: Iterable[Quote]) -> None:
        old = [r[0] for r in self.conn.execute("SELECT id FROM quotes WHERE article_id = ?", (article_id,))]
        self.conn.executemany("DELETE FROM quotes_fts WHERE quote_id = ?", [(q,) for q in old])
        self.conn.execute("DELETE FROM quotes WHERE article_id = ?", (article_id,))
        for q in quotes:
            self.conn.execute(
                'INSERT OR REPLACE INTO quotes (id, article_id, start, "end", text, direct, speaker_name, speaker_id, '
                "speaker_method, event_id, scare) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                (q.id, q.article_id, q.start, q.end, q.text, int(q.direct), q.speaker_name, q.speaker_id,
                 q.speaker_method, q.event_id, int(q.scare)))
            self.conn.execute("INSERT INTO quotes_fts (quote_id, speaker_name, text) VALUES (?, ?, ?)",
                              (q.id, q.speaker_name or "", q.text))

    def quote(self, quote_id: str) -> Quote | None:
        row = self.conn.execute("SELECT * FROM quotes WHERE id = ?", (quote_id,)).fetchone()
        return row_to_quote(row) if row else None

    def quotes(self, *, article_id: str | None = None, speaker_id: str | None = None, about: str | None = None,
               story_id: str | None = None, include_scare: bool = False, limit: int | None = None,
               offset: int = 0) -> list[Quote]:
        where, args = self._quote_where(article_id=article_id, speaker_id=speaker_id, about=about,
                                        story_id=story_id, include_scare=include_scare)
        sql = f"SELECT q.* FROM quotes q WHERE {where} ORDER BY q.article_id, q.start"
        if limit is not None:
            sql += " LIMIT ? OFFSET ?"
            args += [limit, offset]
        return [row_to_quote(r) for r in self.conn.execute(sql, args)]

    def count_quotes(self, **filters) -> int:
        """How many quotes `quotes(**filters)` would return without a limit (for paging)."""
        where, args = self._quote_where(**filters)
        return self.conn.execute(f"SELECT count(*) FROM quotes q WHERE {where}", args).fetchone()[0]

    def _quote_where(self, *, article_id: str | None = None, speaker_id: str | None = None,
                     about: str | None = None, story_id: str | None = None,
                     include_scare: bool = False) -> tuple[str, list]:
        sql, args = "1=1", []
        if not include_scare:
            sql += " AND q.scare = 0"
        if article_id:
            sql += " AND q.article_id = ?"
            args.append(article_id)
        if speaker_id:
            sql += " AND q.speaker_id = ?"
            args.append(speaker_id)
        if story_id:
            sql += " AND q.article_id IN (SELECT id FROM articles WHERE story_id = ?)"
            args.append(story_id)
        if about:
            ids = [r[0] for r in _fts(self.conn, "SELECT quote_id FROM quotes_fts WHERE quotes_fts MATCH ? "
                                      "ORDER BY bm25(quotes_fts) LIMIT ?", about, 1000)]
            sql += f" AND q.id IN ({', '.join('?' * len(ids)) or 'NULL'})"
            args += ids
        return sql, args
