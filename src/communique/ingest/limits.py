"""How much one input may cost: bytes, entries, seconds and characters, with sane defaults.

Each limit can be set from the environment (`COMMUNIQUE_<NAME>`, e.g. COMMUNIQUE_MAX_BYTES)
or for the whole process with `configure(...)` (the server does this for its flags). Every
reader in ingest/ asks `current()` rather than holding its own constant, so one setting
bounds files, gzip members, HTTP bodies and feed items alike.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, fields, replace


@dataclass(frozen=True)
class Limits:
    max_bytes: int = 10_000_000  # one input after decompression: several times the largest news page
    max_text_chars: int = 100_000  # body text kept for one article (~15k words); the rest is cut with a warning
    max_feed_entries: int = 100  # items read from one feed; the rest are reported, not fetched
    fetch_timeout: float = 10.0  # seconds for connecting and for each read
    fetch_deadline: float = 30.0  # seconds for a whole fetch, however slowly the server trickles
    max_redirects: int = 5
    feed_deadline: float = 120.0  # seconds for one feed and the pages it links; the rest get a line
    allow_private_urls: bool = False  # fetch loopback, private, link-local and metadata addresses


_overrides: dict[str, object] = {}


def _from_env(name: str, default):
    raw = os.environ.get(f"COMMUNIQUE_{name.upper()}")
    if raw is None or raw.strip() == "":
        return default
    if isinstance(default, bool):
        return raw.strip().lower() in {"1", "true", "yes", "on"}
    try:
        return type(default)(raw)
    except ValueError:
        return default


def current() -> Limits:
    """The limits in force: defaults, then the environment, then `configure`."""
    base = Limits()
    values = {f.name: _from_env(f.name, getattr(base, f.name)) for f in fields(Limits)}
    return replace(base, **{**values, **_overrides})


def configure(**overrides) -> None:
    """Set limits for this process (unknown names are an error); `configure()` clears them."""
    known = {f.name for f in fields(Limits)}
    unknown = set(overrides) - known
    if unknown:
        raise TypeError(f"unknown limit(s): {', '.join(sorted(unknown))}")
    if not overrides:
        _overrides.clear()
    _overrides.update(overrides)
