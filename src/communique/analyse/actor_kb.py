"""The knowledge base the actors component resolves against: the packaged data plus the
user's own additions (``communique kb add``, ``communique kb refresh``).

User files live in ``$COMMUNIQUE_HOME/kb/`` when ``COMMUNIQUE_HOME`` is set, else in
``$XDG_DATA_HOME/communique/kb/`` (``~/.local/share/communique/kb/``). ``default_kb()`` in
``knowledge/kb.py`` loads only the packaged data, so :func:`effective_kb` swaps it for one that
includes those files; any other KB passed in (tests, callers with their own) is left alone.
"""
from __future__ import annotations

import os
import sys
from pathlib import Path

from ..knowledge.kb import KnowledgeBase, KnowledgeError, default_kb, user_files

_CACHE: dict[tuple, KnowledgeBase] = {}
_WARNED: set[tuple] = set()


def user_kb_dir() -> Path:
    if os.environ.get("COMMUNIQUE_HOME"):
        return Path(os.environ["COMMUNIQUE_HOME"]) / "kb"
    base = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return base / "communique" / "kb"


def _fingerprint(files: list[Path]) -> tuple:
    out = []
    for p in files:
        try:
            st = p.stat()
        except OSError:
            continue
        out.append((str(p), st.st_mtime_ns, st.st_size))
    return tuple(out)


def with_user_files(directory: Path | None = None) -> KnowledgeBase:
    """The packaged KB plus every user file in ``directory`` (default: :func:`user_kb_dir`),
    loaded once per set of file versions. A file that cannot be used is reported on stderr
    once and the packaged KB is used instead: a bad addition must not stop ingestion."""
    files = user_files(directory or user_kb_dir())
    if not files:
        return default_kb()
    key = _fingerprint(files)
    kb = _CACHE.get(key)
    if kb is None:
        try:
            kb = KnowledgeBase.load(extra=files)
        except KnowledgeError as exc:
            if key not in _WARNED:
                _WARNED.add(key)
                print(f"communique: ignoring the user knowledge base ({exc})", file=sys.stderr)
            return default_kb()
        _CACHE.clear()
        _CACHE[key] = kb
    return kb


def effective_kb(kb):
    """``kb`` itself, unless it is the packaged default: then the default plus user files."""
    if kb is None or kb is not default_kb():
        return kb
    return with_user_files()
