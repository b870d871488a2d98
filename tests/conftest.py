"""Shared fixtures: the seed reports in ../shared (read in place, never copied), fresh stores,
and one analysed store of the bundled samples per test session."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("COMMUNIQUE_SHARED", ROOT.parent / "shared"))
# Under CI a missing Chromium, PostgreSQL or ../shared must not pass quietly as a skip.
IN_CI = os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """Under CI=true every skip (pytest.skip, importorskip, skipif) is reported as a failure with
    its reason, so a broken install step cannot turn whole test modules green."""
    outcome = yield
    report = outcome.get_result()
    if IN_CI and report.skipped and not hasattr(report, "wasxfail"):
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
        report.outcome = "failed"
        report.longrepr = f"CI=true, so this skip is a failure: {reason}"


@pytest.hookimpl(hookwrapper=True)
def pytest_make_collect_report(collector):
    """The same for a whole module skipped at collection (a module-level importorskip)."""
    outcome = yield
    report = outcome.get_result()
    if IN_CI and report.skipped:
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
        report.outcome = "failed"
        report.longrepr = f"CI=true, so this skip is a failure: {reason}"


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    if not SHARED.exists():
        pytest.skip(f"{SHARED} is not beside the project")
    return SHARED


@pytest.fixture(scope="session")
def seeds_dir(shared_dir) -> Path:
    return shared_dir / "seeds"


@pytest.fixture
def private_urls(monkeypatch):
    """Lets ingest fetch from the test's own server on 127.0.0.1 (refused by default)."""
    monkeypatch.setenv("COMMUNIQUE_ALLOW_PRIVATE_URLS", "1")


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
