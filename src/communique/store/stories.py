"""SQL for stories and the links between the articles in them."""
from __future__ import annotations

import sqlite3

from ..models import Story
from .articles import now


class StoryQueries:
    conn: sqlite3.Connection

    def upsert_story(self, story: Story) -> None:
        self.conn.execute(
            "INSERT INTO stories (id, title, first_date, last_date, created_at) VALUES (?, ?, ?, ?, ?) "
            "ON CONFLICT(id) DO UPDATE SET title = excluded.title, first_date = excluded.first_date, "
            "last_date = excluded.last_date", (story.id, story.title, story.first_date, story.last_date, now()))

    def story(self, story_id: str) -> Story | None:
        row = self.conn.execute("SELECT * FROM stories WHERE id = ?", (story_id,)).fetchone()
        if not row:
            return None
        ids = [r[0] for r in self.conn.execute(
            "SELECT id FROM articles WHERE story_id = ? ORDER BY published IS NULL, published, rowid", (story_id,))]
        return Story(id=row["id"], title=row["title"], article_ids=ids, first_date=row["first_date"],
                     last_date=row["last_date"])

    def stories(self, *, limit: int | None = None, offset: int = 0) -> list[Story]:
        sql = ("SELECT s.id FROM stories s ORDER BY s.last_date IS NULL, s.last_date DESC, s.created_at DESC, s.id")
        args: list = []
        if limit is not None:
            sql += " LIMIT ? OFFSET ?"
            args = [limit, offset]
        return [self.story(r[0]) for r in self.conn.execute(sql, args).fetchall()]

    def count_stories(self) -> int:
        return self.conn.execute("SELECT count(*) FROM stories").fetchone()[0]

    def story_sources(self, story_ids: list[str]) -> dict[str, dict[str, int]]:
        """{story id: {"articles": n, "outlets": n}}: how many reports, from how many outlets."""
        marks = ", ".join("?" * len(story_ids)) or "NULL"
        rows = self.conn.execute(f"SELECT story_id, count(*), count(DISTINCT coalesce(outlet, id)) FROM articles "
                                 f"WHERE story_id IN ({marks}) GROUP BY story_id", story_ids)
        return {r[0]: {"articles": r[1], "outlets": r[2]} for r in rows}

    def delete_empty_stories(self) -> int:
        cur = self.conn.execute("DELETE FROM stories WHERE id NOT IN (SELECT story_id FROM articles "
                                "WHERE story_id IS NOT NULL)")
        return cur.rowcount

    def link_articles(self, article_id: str, other_id: str, relation: str, score: float | None = None) -> None:
        self.conn.execute("INSERT OR REPLACE INTO article_links (article_id, other_id, relation, score) "
                          "VALUES (?, ?, ?, ?)", (article_id, other_id, relation, score))

    def links(self, article_ids: list[str]) -> list[dict]:
        marks = ", ".join("?" * len(article_ids)) or "NULL"
        rows = self.conn.execute(f"SELECT * FROM article_links WHERE article_id IN ({marks}) OR other_id IN ({marks})",
                                 [*article_ids, *article_ids])
        return [dict(r) for r in rows]

    def save_minhash(self, article_id: str, signature: bytes) -> None:
        self.conn.execute("INSERT OR REPLACE INTO article_minhash (article_id, signature) VALUES (?, ?)",
                          (article_id, signature))

    def iter_minhashes(self):
        yield from self.conn.execute("SELECT article_id, signature FROM article_minhash ORDER BY rowid")
