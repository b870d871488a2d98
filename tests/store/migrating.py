"""A store opened as an older version of Communiqué opened it: a migration's test writes rows as
the schema before it held them, then reopens the store with every migration."""
from __future__ import annotations

from contextlib import contextmanager


@contextmanager
def before_migration(backend, number: int, monkeypatch):
    """Inside the block, `backend` (communique.store.sqlite or .postgres) applies only the
    migrations numbered below `number`; after it, all of them again."""
    real = backend._migrations()
    monkeypatch.setattr(backend, "_migrations", lambda: [m for m in real if m[0] < number])
    try:
        yield
    finally:
        monkeypatch.setattr(backend, "_migrations", lambda: real)
