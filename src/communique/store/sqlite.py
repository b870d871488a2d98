"""The SQLite backend (the default): opening a file, migrations and transactions, and the
SQLite side of each dialect difference.

Why SQLite by default: one file and no server; WAL mode lets the web UI read while an ingest
writes; FTS5 gives offline full-text search; and an event table of a few million rows is well
within what it aggregates quickly. Each article is written in one transaction, so a killed run
leaves either the whole article or nothing.
"""
from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from . import backend
from .backend import StoreError, Transactions, control_chars_to_spaces


def _migrations() -> list[tuple[int, str, str]]:
    return backend.migrations()


# WAL pages written before they are copied into the database (SQLite's default: 1,000). A report
# dirties index leaves all over a large store (its ids are hashes); copying ten times as many pages at
# a time writes a page that several reports changed once, with one sync: a save at 100k reports took
# 17% less time (and at 5k as much). The WAL then grows to about 40 MB, trimmed back to twice that.
CHECKPOINT_PAGES = 10_000
# Page cache of a connection that writes (SQLite's default: 2 MiB). A save touches index leaves all
# over the store; past a few thousand reports they no longer fit in 2 MiB and are read again from
# the file on every save: at 100k reports, 64 MiB took the system time of a save from 5.4 to 2.5 ms
# (at 5k, 2.1 to 1.1 ms). Readers (the API's threads, one connection each) keep the default.
WRITER_CACHE_KIB = 64 * 1024


class SQLiteDialect:
    like = "LIKE"
    # Evidence sentences as event search reads them: (source, text column, order column). The
    # trigram index (migration 024) answers LIKE '%word%' without reading every sentence.
    evidence_text = ("evidence_trigrams f JOIN event_evidence v ON v.rowid = f.rowid", "f.text", "f.rowid")

    def json_items(self, column: str) -> str:
        return f"json_each({column}) j"

    def search_articles(self, conn: sqlite3.Connection, query: str, limit: int) -> list[dict[str, Any]]:
        rows = _fts(conn, "SELECT article_id, snippet(articles_fts, 2, '[', ']', '…', 12) AS snippet, "
                    "bm25(articles_fts) AS rank FROM articles_fts WHERE articles_fts MATCH ? ORDER BY rank LIMIT ?",
                    query, limit)
        return [dict(r) for r in rows]

    def search_quotes(self, conn: sqlite3.Connection, query: str, limit: int) -> list[str]:
        # The quoted words only (the text column): a speaker's name is not what a quote is about.
        try:
            rows = _fts(conn, "SELECT quote_id FROM quotes_fts WHERE text MATCH ? ORDER BY bm25(quotes_fts) LIMIT ?",
                        query, limit)
        except sqlite3.OperationalError:
            return []  # no reading of the query works: it matches nothing
        return [r[0] for r in rows]


def fts_query(text: str) -> str:
    """Plain words → an FTS5 query that ANDs them, each quoted so punctuation is harmless."""
    words = [w.replace('"', "") for w in text.split()]
    return " ".join(f'"{w}"' for w in words if w)


def _fts(conn: sqlite3.Connection, sql: str, query: str, limit: int) -> list[sqlite3.Row]:
    """Run an FTS5 MATCH; a query FTS5 cannot parse ("AND", a stray quote) is read as plain words."""
    query = control_chars_to_spaces(query)
    try:
        return conn.execute(sql, (query, limit)).fetchall()
    except sqlite3.OperationalError:
        plain = fts_query(query)
        # Nothing but quotes and spaces is no query at all (FTS5 rejects an empty MATCH).
        return conn.execute(sql, (plain, limit)).fetchall() if plain else []


class SQLiteBackend(Transactions):
    """A thread-aware SQLite connection with schema migrations applied on open."""

    dialect = SQLiteDialect()

    def __init__(self, path: str | Path, *, create: bool = True, readonly: bool = False):
        self.location = self.path = Path(path)
        if not self.path.exists():
            if not create or readonly:
                raise StoreError(f"no store at {self.path} (run `communique ingest … --db {self.path}` first)")
            self.path.parent.mkdir(parents=True, exist_ok=True)
        self.readonly = readonly
        self._init_transactions()
        conn = self.conn
        if not readonly:
            self._migrate(conn)
        else:
            self._check_version(conn)

    # One sqlite3 connection per thread: the API server reads from worker threads.
    @property
    def conn(self) -> sqlite3.Connection:
        conn = getattr(self._local, "conn", None)
        if conn is None:
            uri = f"file:{self.path}?mode=ro" if self.readonly else f"file:{self.path}"
            try:
                conn = sqlite3.connect(uri, uri=True, timeout=30, isolation_level=None, check_same_thread=False)
                conn.row_factory = sqlite3.Row
                conn.execute("PRAGMA foreign_keys = ON")
                conn.execute("PRAGMA busy_timeout = 30000")
                if not self.readonly:
                    conn.execute("PRAGMA journal_mode = WAL")
                    conn.execute("PRAGMA synchronous = NORMAL")
                    conn.execute(f"PRAGMA wal_autocheckpoint = {CHECKPOINT_PAGES}")
                    conn.execute(f"PRAGMA journal_size_limit = {CHECKPOINT_PAGES * 4096 * 2}")
                conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
            except sqlite3.DatabaseError as exc:
                raise StoreError(f"{self.path} is not a Communiqué store: {exc}") from exc
            self._local.conn = conn
        return conn

    def version(self, conn: sqlite3.Connection | None = None) -> int:
        return (conn or self.conn).execute("PRAGMA user_version").fetchone()[0]

    def applied_migrations(self) -> list[str]:
        return [r[0] for r in self.conn.execute("SELECT name FROM schema_migrations ORDER BY name")]

    def _check_version(self, conn: sqlite3.Connection) -> None:
        newest = _migrations()[-1][0]
        if self.version(conn) > newest:
            raise StoreError(f"{self.path} was written by a newer Communiqué (schema {self.version(conn)} > {newest})")

    def _migrate(self, conn: sqlite3.Connection) -> None:
        """Apply every migration file not yet applied, in order. Applied ones are recorded by
        name, so a migration added with a lower number than one already applied still runs."""
        self._check_version(conn)
        conn.execute("CREATE TABLE IF NOT EXISTS schema_migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)")
        applied = {r[0] for r in conn.execute("SELECT name FROM schema_migrations")}
        if not applied and self.version(conn):
            # A store from before migrations were recorded by name: what its version covers is applied.
            applied = {name for version, name, _ in _migrations() if version <= self.version(conn)}
            conn.executemany("INSERT INTO schema_migrations VALUES (?, datetime('now'))", [(n,) for n in applied])
        for version, name, sql in _migrations():
            if name in applied:
                continue
            newest = max(version, self.version(conn))
            # executescript commits on its own, so the bookkeeping goes inside the script.
            conn.executescript(f"BEGIN IMMEDIATE;\n{sql}\nPRAGMA user_version = {newest};\n"
                               f"INSERT INTO schema_migrations VALUES ('{name}', datetime('now'));\nCOMMIT;")

    def _begin(self, conn: sqlite3.Connection) -> None:
        if not getattr(self._local, "writer", False):
            conn.execute(f"PRAGMA cache_size = -{WRITER_CACHE_KIB}")
            self._local.writer = True
        conn.execute("BEGIN IMMEDIATE")  # take the write lock now, not at the first write

    def close(self) -> None:
        conn = getattr(self._local, "conn", None)
        if conn is not None:
            conn.close()
            self._local.conn, self._local.writer = None, False
