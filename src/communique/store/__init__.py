"""The store: SQLite by default, PostgreSQL for shared deployments. Only this package talks to the database."""
from .db import Store, StoreError

__all__ = ["Store", "StoreError"]
