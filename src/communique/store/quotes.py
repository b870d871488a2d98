"""SQL for quotes and full-text search over what was said."""
from __future__ import annotations

import json
from typing import Any, Iterable

from ..models import Quote
from .backend import Conn, Dialect

QUOTE_COLUMNS = ("id", "article_id", "start", "end", "text", "direct", "speaker_name", "speaker_id",
                 "speaker_method", "event_id", "scare")


def row_to_quote(r: Any) -> Quote:
    ids = json.loads(r["speaker_ids"]) if "speaker_ids" in r.keys() and r["speaker_ids"] else []
    return Quote(**{c: r[c] for c in QUOTE_COLUMNS if c not in ("direct", "scare")},
                 direct=bool(r["direct"]), scare=bool(r["scare"]), speaker_ids=ids)


class QuoteQueries:
    conn: Conn
    dialect: Dialect

    def replace_quotes(self, article_id: str, quotes: Iterable[Quote]) -> None:
        old = [r[0] for r in self.conn.execute("SELECT id FROM quotes WHERE article_id = ?", (article_id,))]
        self.conn.executemany("DELETE FROM quotes_fts WHERE quote_id = ?", [(q,) for q in old])
        self.conn.execute("DELETE FROM quotes WHERE article_id = ?", (article_id,))
        for q in quotes:
            # speaker_ids (migration 004) lists every actor behind the quote: joint speakers too.
            ids = q.speaker_ids or ([q.speaker_id] if q.speaker_id else [])
            self.conn.execute(
                'INSERT INTO quotes (id, article_id, start, "end", text, direct, speaker_name, speaker_id, '
                "speaker_method, event_id, scare, speaker_ids) VALUES (?,?,?,?,?,?,?,?,?,?,?,?) "
                "ON CONFLICT(id) DO UPDATE SET article_id = excluded.article_id, start = excluded.start, "
                '"end" = excluded."end", text = excluded.text, direct = excluded.direct, '
                "speaker_name = excluded.speaker_name, speaker_id = excluded.speaker_id, "
                "speaker_method = excluded.speaker_method, event_id = excluded.event_id, scare = excluded.scare, "
                "speaker_ids = excluded.speaker_ids",
                (q.id, q.article_id, q.start, q.end, q.text, int(q.direct), q.speaker_name, q.speaker_id,
                 q.speaker_method, q.event_id, int(q.scare), json.dumps(ids)))
            self.conn.execute("INSERT INTO quotes_fts (quote_id, speaker_name, text) VALUES (?, ?, ?)",
                              (q.id, q.speaker_name or "", q.text))
            self._index_speakers(q, ids)

    def _index_speakers(self, q: Quote, ids: list[str]) -> None:
        """The quote's actors and name in the speaker index (migration 016) that `--speaker` reads."""
        self.conn.execute("DELETE FROM quote_speakers WHERE quote_id = ?", (q.id,))
        self.conn.executemany("INSERT INTO quote_speakers (actor_id, quote_id) VALUES (?, ?) ON CONFLICT DO NOTHING",
                              [(i, q.id) for i in dict.fromkeys([*ids, q.speaker_id]) if i])
        if q.speaker_name:
            self.conn.execute("INSERT INTO speaker_names (name) VALUES (?) ON CONFLICT DO NOTHING", (q.speaker_name,))

    def quote(self, quote_id: str) -> Quote | None:
        row = self.conn.execute("SELECT * FROM quotes WHERE id = ?", (quote_id,)).fetchone()
        return row_to_quote(row) if row else None

    def quotes(self, *, article_id: str | None = None, speaker_id: str | None = None, speaker: str | None = None,
               about: str | None = None, story_id: str | None = None, direct: bool | None = None,
               include_scare: bool = False, limit: int | None = None, offset: int = 0) -> list[Quote]:
        """Quotes, filtered. ``speaker`` is a name, part of one or an actor id, matched against the
        actors behind each quote (joint speakers included) and the words the article used;
        ``about`` is a full-text query over the quoted words, best matches first."""
        where, args, ranked = self._quote_where(article_id=article_id, speaker_id=speaker_id, speaker=speaker,
                                                about=about, story_id=story_id, direct=direct,
                                                include_scare=include_scare)
        order = "q.article_id, q.start"
        if ranked:  # the rank is the position in the FTS answer
            order = "CASE q.id " + " ".join(f"WHEN ? THEN {i}" for i in range(len(ranked))) + " END, " + order
            args += ranked
        sql = f"SELECT q.* FROM quotes q WHERE {where} ORDER BY {order}"
        if limit is not None:
            sql += " LIMIT ? OFFSET ?"
            args += [limit, offset]
        return [row_to_quote(r) for r in self.conn.execute(sql, args)]

    def count_quotes(self, **filters) -> int:
        """How many quotes `quotes(**filters)` would return without a limit (for paging)."""
        where, args, _ = self._quote_where(**filters)
        return self.conn.execute(f"SELECT count(*) FROM quotes q WHERE {where}", args).fetchone()[0]

    def speaker_actor_ids(self, name: str) -> list[str]:
        """Actors a speaker name may stand for: an id, or a piece of a name or alias."""
        like = self.dialect.like
        rows = self.conn.execute(f"SELECT id FROM actors WHERE id = ? OR name {like} ? OR aliases {like} ?",
                                 (name, f"%{name}%", f"%{name}%"))
        return [r[0] for r in rows]

    def _quote_where(self, *, article_id: str | None = None, speaker_id: str | None = None,
                     speaker: str | None = None, about: str | None = None, story_id: str | None = None,
                     direct: bool | None = None, include_scare: bool = False) -> tuple[str, list, list[str]]:
        """The WHERE clause, its arguments, and (for ``about``) the matching ids in rank order."""
        sql, args, ranked = "1=1", [], []
        if not include_scare:
            sql += " AND q.scare = 0"
        if direct is not None:
            sql += " AND q.direct = ?"
            args.append(int(direct))
        if article_id:
            sql += " AND q.article_id = ?"
            args.append(article_id)
        if speaker_id:
            sql += " AND q.id IN (SELECT quote_id FROM quote_speakers WHERE actor_id = ?)"
            args.append(speaker_id)
        if speaker:
            # Through the speaker index: the names that contain it (few, next to the quotes), then by index.
            names = [r[0] for r in self.conn.execute(f"SELECT name FROM speaker_names WHERE name {self.dialect.like} ?",
                                                     (f"%{speaker}%",))]
            ids = self.speaker_actor_ids(speaker)
            sql += (f" AND (q.speaker_name IN ({', '.join('?' * len(names)) or 'NULL'}) OR q.id IN "
                    f"(SELECT quote_id FROM quote_speakers WHERE actor_id IN ({', '.join('?' * len(ids)) or 'NULL'})))")
            args += [*names, *ids]
        if story_id:
            sql += " AND q.article_id IN (SELECT id FROM articles WHERE story_id = ?)"
            args.append(story_id)
        if about:
            # The quoted words only: a speaker's name is not what a quote is about.
            ranked = self.dialect.search_quotes(self.conn, about, 1000)
            sql += f" AND q.id IN ({', '.join('?' * len(ranked)) or 'NULL'})"
            args += ranked
        return sql, args, ranked
