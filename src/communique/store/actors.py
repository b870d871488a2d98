"""SQL for actors and their mentions in articles."""
from __future__ import annotations

import json
from typing import Any, Iterable

from ..models import Actor, Mention, Role
from .backend import Conn, Dialect


def row_to_actor(row: Any) -> Actor:
    return Actor(id=row["id"], name=row["name"], kind=row["kind"], country=row["country"], sector=row["sector"],
                 aliases=json.loads(row["aliases"]), roles=[Role(**r) for r in json.loads(row["roles"])],
                 origin=row["origin"])


class ActorQueries:
    conn: Conn
    dialect: Dialect

    def upsert_actor(self, actor: Actor, origin: str = "kb") -> None:
        roles = json.dumps([r.__dict__ for r in actor.roles], ensure_ascii=False)
        before = self.conn.execute("SELECT country FROM actors WHERE id = ?", (actor.id,)).fetchone()
        # A country guessed from one report's main state (or none found) keeps the one stored: a
        # person named in reports about several countries does not move with each of them.
        country = (before[0] or actor.country) if before and actor.country_guessed else actor.country
        self.conn.execute(
            "INSERT INTO actors (id, name, kind, country, sector, aliases, roles, origin) VALUES (?, ?, ?, ?, ?, ?, ?, ?) "
            "ON CONFLICT(id) DO UPDATE SET name = excluded.name, kind = excluded.kind, country = excluded.country, "
            "sector = excluded.sector, aliases = excluded.aliases, roles = excluded.roles",
            (actor.id, actor.name, actor.kind, country, actor.sector,
             json.dumps(actor.aliases, ensure_ascii=False), roles, origin))
        # An actor whose country changes (or that events named before it was stored) moves its
        # events between countries.
        after = self.conn.execute("SELECT country FROM actors WHERE id = ?", (actor.id,)).fetchone()
        if after[0] != (before[0] if before else None):
            self.refresh_actor_pairs(actor.id)

    def actor(self, actor_id: str) -> Actor | None:
        row = self.conn.execute("SELECT * FROM actors WHERE id = ?", (actor_id,)).fetchone()
        return row_to_actor(row) if row else None

    def actors(self, *, query: str | None = None, country: str | None = None, kind: str | None = None,
               mentioned_only: bool = False, limit: int = 100, offset: int = 0) -> list[Actor]:
        where, args = self._actor_where(query=query, country=country, kind=kind, mentioned_only=mentioned_only)
        sql = (f"SELECT * FROM actors a WHERE {where} "
               "ORDER BY (SELECT count(*) FROM mentions m WHERE m.actor_id = a.id) DESC, a.name, a.id LIMIT ? OFFSET ?")
        args += [limit, offset]
        return [row_to_actor(r) for r in self.conn.execute(sql, args)]

    def count_actors(self, **filters) -> int:
        """How many actors `actors(**filters)` would list without a limit (for paging)."""
        where, args = self._actor_where(**filters)
        return self.conn.execute(f"SELECT count(*) FROM actors a WHERE {where}", args).fetchone()[0]

    def _actor_where(self, *, query: str | None = None, country: str | None = None, kind: str | None = None,
                     mentioned_only: bool = False) -> tuple[str, list]:
        sql, args = "1=1", []
        if query:
            like = self.dialect.like
            sql += f" AND (a.name {like} ? OR a.aliases {like} ? OR a.id = ?)"
            args += [f"%{query}%", f"%{query}%", query]
        if country:
            sql += " AND a.country = ?"
            args.append(country.upper())
        if kind:
            sql += " AND a.kind = ?"
            args.append(kind)
        if mentioned_only:
            sql += " AND EXISTS (SELECT 1 FROM mentions m WHERE m.actor_id = a.id)"
        return sql, args

    def replace_mentions(self, article_id: str, mentions: Iterable[Mention]) -> None:
        self.conn.execute("DELETE FROM mentions WHERE article_id = ?", (article_id,))
        self.conn.executemany(
            'INSERT INTO mentions (article_id, start, "end", text, actor_id, role_title, role_conflict, method) '
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [(m.article_id, m.start, m.end, m.text, m.actor_id, m.role_title, m.role_conflict, m.method)
             for m in mentions])

    def mentions(self, *, article_id: str | None = None, actor_id: str | None = None) -> list[Mention]:
        sql, args = "SELECT * FROM mentions WHERE 1=1", []
        if article_id:
            sql += " AND article_id = ?"
            args.append(article_id)
        if actor_id:
            sql += " AND actor_id = ?"
            args.append(actor_id)
        sql += " ORDER BY article_id, start"
        return [Mention(article_id=r["article_id"], start=r["start"], end=r["end"], text=r["text"],
                        actor_id=r["actor_id"], role_title=r["role_title"], role_conflict=r["role_conflict"],
                        method=r["method"]) for r in self.conn.execute(sql, args)]

    def mention_words(self, actor_id: str, limit: int = 20) -> list[tuple[tuple, int]]:
        """((words, role title, role conflict), times) for how articles name an actor, most used first."""
        rows = self.conn.execute(
            "SELECT text, role_title, role_conflict, count(*) FROM mentions WHERE actor_id = ? "
            "GROUP BY text, role_title, role_conflict ORDER BY count(*) DESC, text, role_title, role_conflict LIMIT ?",
            (actor_id, limit))
        return [((r[0], r[1], r[2]), r[3]) for r in rows]

    def count_mentions(self, actor_id: str) -> int:
        return self.conn.execute("SELECT count(*) FROM mentions WHERE actor_id = ?", (actor_id,)).fetchone()[0]

    def actor_ids_for_article(self, article_id: str) -> list[str]:
        rows = self.conn.execute("SELECT actor_id FROM mentions WHERE article_id = ? GROUP BY actor_id "
                                 "ORDER BY min(start)", (article_id,))
        return [r[0] for r in rows]

    def articles_mentioning(self, actor_id: str) -> list[str]:
        rows = self.conn.execute("SELECT DISTINCT article_id FROM mentions WHERE actor_id = ?", (actor_id,))
        return [r[0] for r in rows]
