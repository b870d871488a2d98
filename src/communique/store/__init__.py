"""The embedded store (SQLite). Only this package talks to the database."""
from .db import Store, StoreError

__all__ = ["Store", "StoreError"]
