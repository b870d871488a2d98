"""The store: one SQLite file behind one class that the CLI, the API and the pipeline all call."""
from __future__ import annotations

from pathlib import Path

from .actors import ActorQueries
from .articles import ArticleQueries
from .connection import Connection, StoreError
from .events import EventQueries
from .quotes import QuoteQueries
from .search import SearchQueries
from .stories import StoryQueries

__all__ = ["Store", "StoreError"]


class Store(ArticleQueries, ActorQueries, EventQueries, QuoteQueries, StoryQueries, SearchQueries):
    """Queries grouped by table in sibling modules; connection handling in connection.py."""

    def __init__(self, path: str | Path, *, create: bool = True, readonly: bool = False):
        self._connection = Connection(path, create=create, readonly=readonly)
        self.path = self._connection.path

    @property
    def conn(self):
        return self._connection.conn

    def transaction(self):
        return self._connection.transaction()

    def close(self) -> None:
        self._connection.close()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc) -> None:
        self.close()
