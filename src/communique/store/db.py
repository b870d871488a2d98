"""The store: one class that the CLI, the API and the pipeline all call, over SQLite (a file
path) or PostgreSQL (a postgresql:// URL)."""
from __future__ import annotations

from pathlib import Path

from .actors import ActorQueries
from .analyses import AnalysisQueries
from .articles import ArticleQueries
from .backend import Dialect, StoreError, open_backend
from .country_pairs import CountryPairQueries
from .event_stories import EventStoryQueries
from .events import EventQueries
from .quotes import QuoteQueries
from .search import SearchQueries
from .stories import StoryQueries
from .story_list import StoryListQueries

__all__ = ["Store", "StoreError"]


class Store(ArticleQueries, ActorQueries, EventQueries, QuoteQueries, StoryQueries, StoryListQueries, SearchQueries,
            AnalysisQueries, CountryPairQueries, EventStoryQueries):
    """Queries grouped by table in sibling modules; connections in sqlite.py and postgres.py."""

    def __init__(self, path: str | Path, *, create: bool = True, readonly: bool = False):
        self._backend = open_backend(path, create=create, readonly=readonly)
        self.path = self._backend.location  # what reopens it: a Path, or the URL
        self.dialect: Dialect = self._backend.dialect

    @property
    def conn(self):
        return self._backend.conn

    def transaction(self):
        return self._backend.transaction()

    def schema_version(self) -> int:
        return self._backend.version()

    def applied_migrations(self) -> list[str]:
        """Names of the migration files applied to this store."""
        return self._backend.applied_migrations()

    def counts(self) -> dict[str, int]:
        """What `communique info` shows: rows per kind of record (scare quotes left out)."""
        q = lambda sql: self.conn.execute(sql).fetchone()[0]  # noqa: E731
        return {"articles": q("SELECT count(*) FROM articles"), "stories": q("SELECT count(*) FROM stories"),
                "actors": q("SELECT count(*) FROM actors"), "events": q("SELECT count(*) FROM events"),
                "quotes": q("SELECT count(*) FROM quotes WHERE scare = 0")}

    def close(self) -> None:
        self._backend.close()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc) -> None:
        self.close()
