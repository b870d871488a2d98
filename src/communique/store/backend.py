"""What the query modules need from a database, and which backend a `--db` value names.

Two backends sit behind `Store`: SQLite (a file path, the default) and PostgreSQL (a
`postgresql://` URL, for a store shared by several users or machines). Each provides a
connection with `execute`/`executemany` taking `?` placeholders and returning rows readable as
`r[0]` and `r["col"]`, a re-entrant `transaction()`, and migrations from its own folder
recorded by name in `schema_migrations`. Where the two SQL dialects differ, the query modules
ask the backend's `Dialect` for the fragment: one method per concept, never an if-branch.
"""
from __future__ import annotations

import threading
from contextlib import contextmanager
from importlib import resources
from pathlib import Path
from typing import Any, ContextManager, Iterator, Protocol, Sequence


class StoreError(RuntimeError):
    """A store that is missing, unreadable or from a newer version of Communiqué."""


URL_SCHEMES = ("postgresql://", "postgres://")


def chunks(values: Sequence, size: int = 500) -> Iterator[tuple[list, str]]:
    """The values in slices a statement's parameter list can hold, each with its placeholders
    (for `... IN ({marks})`)."""
    for i in range(0, len(values), size):
        part = list(values[i:i + size])
        yield part, ", ".join("?" * len(part))


def is_url(location: str | Path) -> bool:
    """A PostgreSQL URL rather than a file path (a Path never holds one: it folds the '//')."""
    return isinstance(location, str) and location.startswith(URL_SCHEMES)


def migrations(folder: str = "") -> list[tuple[int, str, str]]:
    """(version, name, sql) for every NNN_*.sql file in migrations/<folder>, in order."""
    found = []
    base = resources.files("communique.store").joinpath("migrations")
    for entry in (base.joinpath(folder) if folder else base).iterdir():
        name = entry.name
        if name.endswith(".sql") and name[:3].isdigit():
            found.append((int(name[:3]), name, entry.read_text(encoding="utf-8")))
    return sorted(found)


class Cursor(Protocol):
    rowcount: int

    def fetchone(self) -> Any: ...
    def fetchall(self) -> list[Any]: ...
    def __iter__(self) -> Any: ...


class Conn(Protocol):
    """The part of a DB-API connection the query modules use; SQL with `?` placeholders."""

    def execute(self, sql: str, params: Sequence[Any] = ...) -> Cursor: ...
    def executemany(self, sql: str, params: Any) -> Any: ...


class Dialect(Protocol):
    """SQL fragments that differ between backends, one method per concept."""

    like: str  # case-insensitive LIKE: SQLite's LIKE folds ASCII case, PostgreSQL needs ILIKE
    # Evidence sentences for event search: (FROM clause with event_evidence as v, text column, order column).
    evidence_text: tuple[str, str, str]

    def json_items(self, column: str) -> str:
        """A FROM item listing the elements of a JSON array column as `j(value)`, as text."""
        ...

    def search_articles(self, conn: Conn, query: str, limit: int) -> list[dict[str, Any]]:
        """Full-text search over article titles and texts: [{article_id, snippet, rank}], best
        first; lower rank is better on both backends. A query that does not parse is read as words."""
        ...

    def search_quotes(self, conn: Conn, query: str, limit: int) -> list[str]:
        """Ids of the quotes whose words match a full-text query, best first."""
        ...


class Backend(Protocol):
    location: str | Path
    dialect: Dialect

    @property
    def conn(self) -> Conn: ...
    def transaction(self) -> ContextManager[Conn]: ...
    def version(self) -> int: ...
    def applied_migrations(self) -> list[str]: ...
    def close(self) -> None: ...


class Transactions:
    """One writer at a time, re-entrant: the outermost `transaction()` begins and commits, an
    exception anywhere inside rolls the whole of it back. Connections are per thread (the API
    server reads from worker threads); the backend supplies `conn` and `_begin`."""

    _local: threading.local
    _write_lock: threading.RLock

    def _init_transactions(self) -> None:
        self._local = threading.local()
        self._write_lock = threading.RLock()

    @property
    def conn(self) -> Conn:
        raise NotImplementedError

    def _begin(self, conn: Conn) -> None:
        raise NotImplementedError

    @contextmanager
    def transaction(self) -> Iterator[Conn]:
        with self._write_lock:
            conn = self.conn
            depth = getattr(self._local, "depth", 0)
            if depth == 0:
                self._begin(conn)
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


def open_backend(location: str | Path, *, create: bool = True, readonly: bool = False) -> Backend:
    """The backend `location` names: a postgresql:// URL or a SQLite file path. psycopg is imported
    only for a URL, so SQLite users never load it."""
    if is_url(location):
        from .postgres import PostgresBackend

        return PostgresBackend(str(location), create=create, readonly=readonly)
    from .sqlite import SQLiteBackend

    return SQLiteBackend(location, create=create, readonly=readonly)


def control_chars_to_spaces(query: str) -> str:
    """Control characters (a NUL from a URL) are never part of a word; both full-text parsers
    reject them, and PostgreSQL refuses a NUL in any string."""
    return "".join(ch if ch.isprintable() else " " for ch in query)
