"""SQL for stories and the links between the articles in them."""
from __future__ import annotations

from typing import Any, Iterator

from ..models import Story
from .articles import now
from .backend import Conn, chunks


class StoryQueries:
    conn: Conn

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
        """{story id: {"articles", "outlets", "independent"}}: how many reports, from how many outlets,
        and how many independent sources (copies don't count; a credited outlet counts once, as the
        source, however many sites repost it). link/provenance.py gives the full account."""
        marks = ", ".join("?" * len(story_ids)) or "NULL"
        rows = self.conn.execute(
            f"SELECT story_id, count(*), count(DISTINCT coalesce(outlet, id)), "
            f"count(DISTINCT CASE WHEN duplicate_of IS NULL THEN lower(coalesce(original_source, outlet, id)) END) "
            f"FROM articles WHERE story_id IN ({marks}) GROUP BY story_id", story_ids)
        return {r[0]: {"articles": r[1], "outlets": r[2], "independent": r[3]} for r in rows}

    def delete_empty_stories(self) -> int:
        cur = self.conn.execute("DELETE FROM stories WHERE id NOT IN (SELECT story_id FROM articles "
                                "WHERE story_id IS NOT NULL)")
        return cur.rowcount

    def merge_story(self, story_id: str, into: str) -> None:
        """A report bridged two stories: one event after all. The first's reports join the second."""
        self.conn.execute("UPDATE articles SET story_id = ? WHERE story_id = ?", (into, story_id))
        self.conn.execute("DELETE FROM stories WHERE id = ?", (story_id,))
        self.move_story_events(story_id, into)

    def related_stories(self, story_id: str) -> list[tuple[str, str, str]]:
        """(story, other story, relation) for the stories linked to this one through their
        reports: a story whose report previews (announces) what the other reports ("previews").
        Read through the story's own articles' links (indexed), not a scan of every link."""
        ids = [r[0] for r in self.conn.execute("SELECT id FROM articles WHERE story_id = ?", (story_id,))]
        pairs = [(l["article_id"], l["other_id"]) for l in self.links(ids) if l["relation"] == "previews"]
        heads = self.article_heads(sorted({x for pair in pairs for x in pair}))
        out = set()
        for a, b in pairs:
            sa, sb = (heads.get(a) or {}).get("story_id"), (heads.get(b) or {}).get("story_id")
            if sa and sb and sa != sb:
                out.add((sa, sb, "previews"))
        return sorted(out)

    def link_articles(self, article_id: str, other_id: str, relation: str, score: float | None = None) -> None:
        self.conn.execute("INSERT INTO article_links (article_id, other_id, relation, score) VALUES (?, ?, ?, ?) "
                          "ON CONFLICT(article_id, other_id, relation) DO UPDATE SET score = excluded.score",
                          (article_id, other_id, relation, score))

    def links(self, article_ids: list[str]) -> list[dict]:
        marks = ", ".join("?" * len(article_ids)) or "NULL"
        rows = self.conn.execute(f"SELECT * FROM article_links WHERE article_id IN ({marks}) OR other_id IN ({marks}) "
                                 "ORDER BY article_id, relation, other_id", [*article_ids, *article_ids])
        return [dict(r) for r in rows]

    def unlink_article(self, article_id: str) -> None:
        """Drop the links an article makes (before it is linked again)."""
        self.conn.execute("DELETE FROM article_links WHERE article_id = ?", (article_id,))

    # ── MinHash signatures (link/dedup.py) ──────────────────────────────────────────────────
    def save_minhash(self, article_id: str, signature: bytes, shingles: int | None = None,
                     hashes: bytes | None = None) -> None:
        """``hashes``: the shingle hashes (link/dedup.py); without them (a rebuild from the
        stored signature) the stored ones are kept."""
        if hashes is None:
            row = self.conn.execute("SELECT shingle_hashes FROM article_minhash WHERE article_id = ?",
                                    (article_id,)).fetchone()
            hashes = row[0] if row else None
        # Delete, then insert: a replaced signature gets a new rowid, so copy indexes catch up on it.
        self.conn.execute("DELETE FROM article_minhash WHERE article_id = ?", (article_id,))
        self.conn.execute("INSERT INTO article_minhash (article_id, signature, shingles, shingle_hashes) "
                          "VALUES (?, ?, ?, ?)", (article_id, signature, shingles, hashes))

    def shingle_hashes(self, article_ids: list[str]) -> dict[str, bytes]:
        """{article id: its stored shingle hashes}, for those that have them."""
        return {r[0]: bytes(r[1]) for r in _in(self.conn, "SELECT article_id, shingle_hashes FROM article_minhash "
                                                         "WHERE article_id IN ({}) AND shingle_hashes IS NOT NULL",
                                                 article_ids)}

    def iter_minhashes(self, after: int = 0) -> Iterator[tuple[int, str, bytes, int | None]]:
        """(rowid, article_id, signature, shingle count) in insertion order, after a rowid."""
        yield from self.conn.execute("SELECT rowid, article_id, signature, shingles FROM article_minhash "
                                     "WHERE rowid > ? ORDER BY rowid", (after,))

    def minhash_watermark(self) -> int:
        return self.conn.execute("SELECT coalesce(max(rowid), 0) FROM article_minhash").fetchone()[0]

    def minhash_ids(self, article_ids: list[str]) -> set[str]:
        return {r[0] for r in _in(self.conn, "SELECT article_id FROM article_minhash WHERE article_id IN ({})",
                                  article_ids)}

    def minhash(self, article_id: str) -> tuple[bytes, int | None] | None:
        row = self.conn.execute("SELECT signature, shingles FROM article_minhash WHERE article_id = ?",
                                (article_id,)).fetchone()
        return (row[0], row[1]) if row else None

    # ── clustering input and candidate index (link/stories.py) ────────────────────────────────
    def save_story_features(self, article_id: str, day: int | None, features: str) -> None:
        self.conn.execute("INSERT INTO story_features (article_id, day, features) VALUES (?, ?, ?) "
                          "ON CONFLICT(article_id) DO UPDATE SET day = excluded.day, features = excluded.features",
                          (article_id, day, features))

    def story_features(self, article_ids: list[str]) -> dict[str, str]:
        """{article id: features JSON} for those that have them."""
        return {r[0]: r[1] for r in _in(self.conn, "SELECT article_id, features FROM story_features "
                                                   "WHERE article_id IN ({})", article_ids)}

    def add_story_terms(self, article_id: str, day: int | None, terms: list[str]) -> None:
        self.conn.executemany("INSERT INTO story_terms (term, day, article_id) VALUES (?, ?, ?)",
                              [(t, day, article_id) for t in terms])

    def story_term_postings(self, term: str, day: int | None, window: int, limit: int) -> list[str]:
        """Articles filed under a term: inside [day - window, day + window] or undated when the
        new article has a day; the most recently indexed ones otherwise."""
        if day is None:
            sql = "SELECT article_id FROM story_terms WHERE term = ? ORDER BY rowid DESC LIMIT ?"
            return [r[0] for r in self.conn.execute(sql, (term, limit))]
        sql = ("SELECT article_id FROM story_terms WHERE term = ? AND day BETWEEN ? AND ? "
               "UNION ALL SELECT article_id FROM story_terms WHERE term = ? AND day IS NULL LIMIT ?")
        return [r[0] for r in self.conn.execute(sql, (term, day - window, day + window, term, limit))]

    def term_dfs(self, terms: list[str]) -> dict[str, int]:
        """Document frequency of each term, and of the empty term: the number of articles."""
        return {r[0]: r[1] for r in _in(self.conn, "SELECT term, df FROM story_term_df WHERE term IN ({})",
                                        list(terms))}

    def add_term_dfs(self, terms: list[str], delta: int = 1) -> None:
        self.conn.executemany("INSERT INTO story_term_df (term, df) VALUES (?, ?) "
                              "ON CONFLICT(term) DO UPDATE SET df = story_term_df.df + excluded.df", [(t, delta) for t in terms])

    def remove_story_index(self, article_id: str) -> str | None:
        """Take one article out of the candidate index; its stored features JSON, if any."""
        row = self.conn.execute("SELECT features FROM story_features WHERE article_id = ?", (article_id,)).fetchone()
        self.conn.execute("DELETE FROM story_terms WHERE article_id = ?", (article_id,))
        return row[0] if row else None

    def story_spans(self, story_ids: list[str]) -> dict[str, tuple[str | None, str | None]]:
        """{story id: (first date, last date)}."""
        return {r[0]: (r[1], r[2]) for r in _in(self.conn, "SELECT id, first_date, last_date FROM stories "
                                                          "WHERE id IN ({})", story_ids)}

    def article_heads(self, article_ids: list[str]) -> dict[str, dict]:
        """The metadata linking needs, without the text: story, copy, dates, outlet, credits."""
        sql = ("SELECT rowid AS seq, id, story_id, duplicate_of, published, outlet, original_source, title, dateline "
               "FROM articles WHERE id IN ({})")
        return {r["id"]: dict(r) for r in _in(self.conn, sql, article_ids)}

    def set_copy_root(self, old_root: str, new_root: str) -> None:
        """An earlier report of the same text arrived: copies of the old original now copy the new one."""
        self.conn.execute("UPDATE articles SET duplicate_of = ? WHERE duplicate_of = ? AND id != ?",
                          (new_root, old_root, new_root))
        self.conn.execute("UPDATE articles SET duplicate_of = ? WHERE id = ?", (new_root, old_root))
        self.conn.execute("UPDATE article_links SET other_id = ? WHERE other_id = ? AND relation = 'copy' "
                          "AND article_id != ?", (new_root, old_root, new_root))

    def clear_stories(self) -> None:
        """Forget every story, link and clustering index (the features and signatures stay)."""
        for sql in ("UPDATE articles SET story_id = NULL, duplicate_of = NULL", "DELETE FROM story_country_pairs",
                    "DELETE FROM event_stories",
                    "DELETE FROM article_links",
                    "DELETE FROM story_terms", "DELETE FROM story_term_df", "DELETE FROM stories"):
            self.conn.execute(sql)

    def article_ids_in_order(self) -> list[str]:
        return [r[0] for r in self.conn.execute("SELECT id FROM articles ORDER BY rowid")]

    def story_partition(self) -> dict[str, str | None]:
        """{article id: story id}, for comparing two clusterings."""
        return {r[0]: r[1] for r in self.conn.execute("SELECT id, story_id FROM articles")}


def _in(conn: Conn, sql: str, values: list, chunk: int = 900) -> Iterator[Any]:
    """Run a `... IN ({})` query over a list of any length, a chunk at a time."""
    for part, marks in chunks(values, chunk):
        yield from conn.execute(sql.format(marks), part)
