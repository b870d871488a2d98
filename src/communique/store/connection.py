"""The SQLite connection: opening, migrations and transactions.

Why SQLite: one file and no server; WAL mode lets the web UI read while an ingest
writes; FTS5 gives offline full-text search; and an event table of a few million rows
is well within what it aggregates quickly. Each article is written in one transaction,
so a killed run leaves either the whole article or nothing.

Only the modules of this package hold SQL. PostgreSQL can follow as a second backend
behind the same query modules.
"""
from __future__ import annotations

import sqlite3
import threading
from contextlib import contextmanager
from importlib import resources
from pathlib import Path
from typing import Iterator


class StoreError(RuntimeError):
    """A store that is missing, unreadable or from a newer version of Communiqué."""


def _migrations() -> list[tuple[int, str, str]]:
    """(version, name, sql) for every file in migrations/, in order."""
    found = []
    for entry in resources.files("communique.store").joinpath("migrations").iterdir():
        name = entry.name
        if name.endswith(".sql") and name[:3].isdigit():
            found.append((int(name[:3]), name, entry.read_text(encoding="utf-8")))
    return sorted(found)


class Connection:
    """A thread-aware SQLite connection with schema migrations applied on open."""

    def __init__(self, path: str | Path, *, create: bool = True, readonly: bool = False):
        self.path = Path(path)
        if not self.path.exists():
            if not create or readonly:
                raise StoreError(f"no store at {self.path} (run `communique ingest … --db {self.path}` first)")
            self.path.parent.mkdir(parents=True, exist_ok=True)
        self.readonly = readonly
        self._local = threading.local()
        self._write_lock = threading.RLock()
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
                conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
            except sqlite3.DatabaseError as exc:
                raise StoreError(f"{self.path} is not a Communiqué store: {exc}") from exc
            self._local.conn = conn
        return conn

    def version(self, conn: sqlite3.Connection | None = None) -> int:
        return (conn or self.conn).execute("PRAGMA user_version").fetchone()[0]

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

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """BEGIN IMMEDIATE … COMMIT, rolled back on any exception. Re-entrant."""
        with self._write_lock:
            conn = self.conn
            depth = getattr(self._local, "depth", 0)
            if depth == 0:
                conn.execute("BEGIN IMMEDIATE")
            self._local.depth = depth + 1
            try:
                yield conn
            except BaseException:
                self._local.depth = depth
                if depth == 0:
                    conn.execute("ROLLBACK")
                raise
            self._local.depth = depth
            if depth == 0:
                conn.execute("COMMIT")

    def close(self) -> None:
        conn = getattr(self._local, "conn", None)
        if conn is not None:
            conn.close()
            self._local.conn = None
