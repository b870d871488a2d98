"""SQL for articles, the names they arrived under, and full-text search over them."""
from __future__ import annotations

from datetime import datetime, timezone
from typing import Any, Iterator

from ..models import Article
from .backend import Conn, Dialect

ARTICLE_COLUMNS = ("id", "source", "url", "outlet", "title", "author", "published", "dateline",
                   "original_source", "language", "text", "content_hash", "story_id", "duplicate_of")


def now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def row_to_article(row: Any) -> Article:
    return Article(**{c: row[c] for c in ARTICLE_COLUMNS})


class ArticleQueries:
    conn: Conn
    dialect: Dialect

    def source_seen(self, source: str) -> tuple[str, str] | None:
        """(article_id, raw_hash) if this exact path, URL or record id was ingested before."""
        row = self.conn.execute("SELECT article_id, raw_hash FROM article_sources WHERE source = ?", (source,)).fetchone()
        return (row[0], row[1]) if row else None

    def article_for_hash(self, content_hash: str) -> str | None:
        row = self.conn.execute("SELECT id FROM articles WHERE content_hash = ?", (content_hash,)).fetchone()
        return row[0] if row else None

    def insert_article(self, article: Article) -> None:
        values = {c: getattr(article, c) for c in ARTICLE_COLUMNS}
        values["ingested_at"] = now()
        cols = ", ".join(values)
        self.conn.execute(f"INSERT INTO articles ({cols}) VALUES ({', '.join('?' * len(values))})", list(values.values()))
        self.conn.execute("INSERT INTO articles_fts (article_id, title, text) VALUES (?, ?, ?)",
                          (article.id, article.title or "", article.text))

    def record_source(self, source: str, article_id: str, raw_hash: str) -> None:
        self.conn.execute(
            "INSERT INTO article_sources (source, article_id, raw_hash, seen_at) VALUES (?, ?, ?, ?) "
            "ON CONFLICT(source) DO UPDATE SET article_id = excluded.article_id, raw_hash = excluded.raw_hash",
            (source, article_id, raw_hash, now()))

    def set_article_fields(self, article_id: str, **fields: Any) -> None:
        allowed = {"story_id", "duplicate_of", "analysed_with"}
        assert set(fields) <= allowed, f"not updatable: {set(fields) - allowed}"
        sets = ", ".join(f"{k} = ?" for k in fields)
        self.conn.execute(f"UPDATE articles SET {sets} WHERE id = ?", [*fields.values(), article_id])
        if "story_id" in fields:  # the events it reports now belong to that story (event_stories)
            self.refresh_article_stories([article_id])

    def article(self, article_id: str) -> Article | None:
        row = self.conn.execute("SELECT * FROM articles WHERE id = ?", (article_id,)).fetchone()
        return row_to_article(row) if row else None

    def article_sources(self, article_id: str) -> list[str]:
        rows = self.conn.execute("SELECT source FROM article_sources WHERE article_id = ? ORDER BY seen_at, source",
                                 (article_id,))
        return [r[0] for r in rows]

    def iter_articles(self, *, story_id: str | None = None, limit: int | None = None, offset: int = 0,
                      order: str = "published") -> Iterator[Article]:
        sql, args = "SELECT * FROM articles", []
        if story_id:
            sql += " WHERE story_id = ?"
            args.append(story_id)
        order_by = {"published": "published IS NULL, published, ingested_at, id",
                    "newest": "published IS NULL, published DESC, ingested_at DESC, id",
                    "ingested": "rowid"}[order]
        sql += f" ORDER BY {order_by}"
        if limit is not None:
            sql += " LIMIT ? OFFSET ?"
            args += [limit, offset]
        for row in self.conn.execute(sql, args):
            yield row_to_article(row)

    def replace_sentences(self, article_id: str, spans: list[tuple[int, int]]) -> None:
        self.conn.execute("DELETE FROM sentences WHERE article_id = ?", (article_id,))
        self.conn.executemany('INSERT INTO sentences (article_id, idx, start, "end") VALUES (?, ?, ?, ?)',
                              [(article_id, i, s, e) for i, (s, e) in enumerate(spans)])

    def sentences(self, article_id: str) -> list[tuple[int, int]]:
        """(start, end) of each sentence; the whole text as one when the article was not parsed."""
        rows = self.conn.execute('SELECT start, "end" FROM sentences WHERE article_id = ? ORDER BY idx',
                                 (article_id,)).fetchall()
        if rows:
            return [(r[0], r[1]) for r in rows]
        article = self.article(article_id)
        return [(0, len(article.text))] if article else []

    def count_articles(self, story_id: str | None = None) -> int:
        if story_id:
            return self.conn.execute("SELECT count(*) FROM articles WHERE story_id = ?", (story_id,)).fetchone()[0]
        return self.conn.execute("SELECT count(*) FROM articles").fetchone()[0]

    def search_articles(self, query: str, limit: int = 20) -> list[dict[str, Any]]:
        """Full-text search (FTS5 or tsvector, with stemming): [{article_id, snippet, rank}], best
        first; a bad query is read as plain words."""
        return self.dialect.search_articles(self.conn, query, limit)

