"""Shared fixtures: the seed reports in ../shared (read in place, never copied), fresh stores,
and one analysed store of the bundled samples per test session."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("COMMUNIQUE_SHARED", ROOT.parent / "shared"))


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    if not SHARED.exists():
        pytest.skip(f"{SHARED} is not beside the project")
    return SHARED


@pytest.fixture(scope="session")
def seeds_dir(shared_dir) -> Path:
    return shared_dir / "seeds"


@pytest.fixture
def store(tmp_path):
    from communique.store import Store

    s = Store(tmp_path / "test.db")
    yield s
    s.close()


@pytest.fixture(scope="session")
def seeds_export(tmp_path_factory, seeds_dir):
    """The seed reports ingested and exported once per session: (store path, export dir)."""
    from communique.pipeline import Pipeline
    from communique.serve.export import export
    from communique.store import Store

    base = tmp_path_factory.mktemp("seeds")
    store = Store(base / "seeds.db")
    Pipeline(store).ingest(sorted(str(p) for p in seeds_dir.glob("*.txt")))
    export(store, base / "out")
    store.close()
    return base / "seeds.db", base / "out"
