"""The PostgreSQL backend, for a store shared by several users or machines: `--db
postgresql://user@host:port/dbname`. The query modules run unchanged: this module adapts the
placeholders (`?` → `%s`), gives rows that read as `r[0]` and `r["col"]` like sqlite3.Row, and
holds the PostgreSQL side of each dialect difference. Its migrations are in migrations/postgres/
and build the same logical schema (a `rowid` column stands in for SQLite's implicit one where
the queries order by insertion; tsvector tables stand in for the FTS5 ones).

psycopg is imported here only, so a SQLite user never loads it.
"""
from __future__ import annotations

import re
import threading
from functools import lru_cache
from typing import Any, Sequence

from . import backend
from .backend import StoreError, Transactions, control_chars_to_spaces

# One writer at a time across every process sharing the database, as SQLite's BEGIN IMMEDIATE
# gives: linking reads what is stored, so two concurrent ingests could both miss each other's
# copies. A transaction-scoped advisory lock is per database and released at COMMIT/ROLLBACK.
WRITER_LOCK = 0x636F6D6D  # "comm"

HEADLINE = "StartSel=[, StopSel=], MaxWords=12, MinWords=5"


def _migrations() -> list[tuple[int, str, str]]:
    return backend.migrations("postgres")


@lru_cache(maxsize=2048)
def translate(sql: str) -> str:
    """`?` placeholders → `%s`, and a literal `%` → `%%`, leaving quoted strings and names alone."""
    out, quote = [], ""
    for ch in sql:
        if ch == "%":
            out.append("%%")  # psycopg reads % everywhere, even inside quotes
        elif quote:
            out.append(ch)
            if ch == quote:
                quote = ""
        elif ch in "'\"":
            quote = ch
            out.append(ch)
        elif ch == "?":
            out.append("%s")
        else:
            out.append(ch)
    return "".join(out)


class Row(tuple):
    """A result row like sqlite3.Row: by position, by column name, keys(), dict(row)."""

    __slots__ = ()
    _index: dict[str, int] = {}

    def __getitem__(self, key: Any) -> Any:  # type: ignore[override]
        if isinstance(key, str):
            return tuple.__getitem__(self, self._index[key])
        return tuple.__getitem__(self, key)

    def keys(self) -> list[str]:
        return list(self._index)


@lru_cache(maxsize=512)
def _row_class(names: tuple[str, ...]) -> type[Row]:
    return type("Row", (Row,), {"__slots__": (), "_index": {n: i for i, n in enumerate(names)}})


def _row_factory(cursor: Any):
    cls = _row_class(tuple(c.name for c in cursor.description or ()))
    return cls


class PgConn:
    """A psycopg connection that takes the query modules' SQL as written for SQLite."""

    def __init__(self, raw: Any):
        self.raw = raw

    def execute(self, sql: str, params: Sequence[Any] = ()) -> Any:
        return self.raw.execute(translate(sql), tuple(params))

    def executemany(self, sql: str, params: Any) -> Any:
        with self.raw.cursor() as cur:
            cur.executemany(translate(sql), [tuple(p) for p in params])
        return cur

    def close(self) -> None:
        self.raw.close()


class PostgresDialect:
    like = "ILIKE"  # with the C collation it folds ASCII only, as SQLite's LIKE does
    evidence_text = ("event_evidence v", "v.text", "v.rowid")  # see SQLiteDialect

    def json_items(self, column: str) -> str:
        return f"jsonb_array_elements_text(({column})::jsonb) AS j(value)"

    # websearch_to_tsquery never fails on user input: quotes make phrases, "or" and "-" work,
    # anything else is words. The 'english' configuration stems like FTS5's porter tokenizer.
    # ts_rank is negated so that lower is better, as bm25() is in SQLite.
    def search_articles(self, conn: PgConn, query: str, limit: int) -> list[dict[str, Any]]:
        rows = conn.execute(
            "SELECT article_id, ts_headline('english', text, q, ?) AS snippet, -ts_rank(doc, q) AS rank "
            "FROM articles_fts, websearch_to_tsquery('english', ?) q WHERE doc @@ q "
            "ORDER BY rank, article_id LIMIT ?", (HEADLINE, control_chars_to_spaces(query), limit))
        return [dict(r) for r in rows]

    def search_quotes(self, conn: PgConn, query: str, limit: int) -> list[str]:
        rows = conn.execute(
            "SELECT quote_id FROM quotes_fts, websearch_to_tsquery('english', ?) q WHERE doc @@ q "
            "ORDER BY ts_rank(doc, q) DESC, quote_id LIMIT ?", (control_chars_to_spaces(query), limit))
        return [r[0] for r in rows]


def redact(url: str) -> str:
    """The URL without its password, for messages."""
    return re.sub(r"(://[^/@:]*):[^/@]*@", r"\1:***@", url)


class PostgresBackend(Transactions):
    """Per-thread autocommit connections; writes in explicit transactions behind WRITER_LOCK."""

    dialect = PostgresDialect()

    def __init__(self, url: str, *, create: bool = True, readonly: bool = False):
        self.location = self.path = url
        self.readonly = readonly
        self._init_transactions()
        self._all: list[PgConn] = []  # every thread's connection, so close() ends them all
        self._all_lock = threading.Lock()
        conn = self.conn
        exists = conn.execute("SELECT to_regclass('schema_migrations') IS NOT NULL").fetchone()[0]
        if not exists and (readonly or not create):
            raise StoreError(f"no Communiqué store in {redact(url)} (run `communique ingest … --db URL` first)")
        self._check_version()
        if not readonly:
            self._migrate()

    @property
    def conn(self) -> PgConn:
        conn = getattr(self._local, "conn", None)
        if conn is None:
            import psycopg

            options = "-c default_transaction_read_only=on" if self.readonly else ""
            try:
                raw = psycopg.connect(self.location, autocommit=True, row_factory=_row_factory,
                                      **({"options": options} if options else {}))
            except psycopg.Error as exc:
                raise StoreError(f"cannot open the PostgreSQL store {redact(self.location)}: {exc}") from exc
            conn = PgConn(raw)
            self._local.conn = conn
            with self._all_lock:
                self._all.append(conn)
        return conn

    def _begin(self, conn: PgConn) -> None:
        conn.execute("BEGIN")
        conn.execute("SELECT pg_advisory_xact_lock(?)", (WRITER_LOCK,))

    def applied_migrations(self) -> list[str]:
        if not self.conn.execute("SELECT to_regclass('schema_migrations') IS NOT NULL").fetchone()[0]:
            return []
        return [r[0] for r in self.conn.execute("SELECT name FROM schema_migrations ORDER BY name")]

    def version(self) -> int:
        """The highest migration number applied (PostgreSQL has no user_version)."""
        return max((int(n[:3]) for n in self.applied_migrations() if n[:3].isdigit()), default=0)

    def _check_version(self) -> None:
        newest = _migrations()[-1][0]
        if self.version() > newest:
            raise StoreError(f"{redact(self.location)} was written by a newer Communiqué "
                             f"(schema {self.version()} > {newest})")

    def _migrate(self) -> None:
        """Apply every migration file not yet applied, each in its own transaction with its
        record in schema_migrations (DDL is transactional here). The writer lock makes two
        processes opening a new store at once apply each file once."""
        for _, name, sql in _migrations():
            if name in self.applied_migrations():
                continue
            with self.transaction() as conn:
                conn.execute("CREATE TABLE IF NOT EXISTS schema_migrations "
                             "(name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)")
                if conn.execute("SELECT 1 FROM schema_migrations WHERE name = ?", (name,)).fetchone():
                    continue  # another process applied it while we waited for the lock
                conn.raw.execute(sql)  # several statements: no parameters, so no placeholder rewriting
                conn.execute("INSERT INTO schema_migrations VALUES (?, to_char(now() AT TIME ZONE 'UTC', "
                             "'YYYY-MM-DD HH24:MI:SS'))", (name,))

    def close(self) -> None:
        with self._all_lock:
            conns, self._all = self._all, []
        for conn in conns:
            conn.close()
        self._local = threading.local()

