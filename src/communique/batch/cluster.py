"""Getting a Dask client: a local cluster of worker processes, or an existing cluster.

A cluster that spans machines is started with Dask's own commands, e.g.

    dask scheduler                                          # on one machine: tcp://HOST:8786
    dask worker tcp://HOST:8786 --nworkers N --nthreads 1   # on each machine, N = its cores

then `communique batch INPUTS --scheduler tcp://HOST:8786`. Workers need the package and its
model, not the input files or the store: the driver reads the inputs and ships their bytes.
"""
from __future__ import annotations

import hashlib
import logging
import os
import sys
from contextlib import contextmanager
from importlib import metadata
from pathlib import Path
from typing import Iterator


class BatchError(RuntimeError):
    """A cluster that cannot be used; the message says why, for the CLI to show."""


def require_dask() -> None:
    try:
        import distributed  # noqa: F401
    except ImportError as exc:
        raise BatchError("the batch path needs Dask: pip install 'dask[distributed]'") from exc


@contextmanager
def open_client(scheduler: str | None = None, workers: int | None = None, *,
                timeout: float = 30.0) -> Iterator:
    """A `distributed.Client`: connected to `scheduler`, or to a new local cluster of
    `workers` single-threaded processes (default: one per CPU core) on 127.0.0.1."""
    require_dask()
    from distributed import Client, LocalCluster

    if scheduler:
        try:
            client = Client(scheduler, timeout=timeout)
        except (OSError, TimeoutError) as exc:
            raise BatchError(f"cannot reach the Dask scheduler at {scheduler} ({exc})") from exc
        try:
            try:
                client.wait_for_workers(1, timeout=timeout)
            except TimeoutError as exc:
                raise BatchError(f"the scheduler at {scheduler} has no workers (start some with "
                                 f"`dask worker {scheduler}`)") from exc
            check_versions(client)
            yield client
        finally:
            client.close()
        return
    # spaCy holds the GIL, so parallelism comes from processes, one thread each.
    cluster = LocalCluster(n_workers=workers or os.cpu_count() or 1, threads_per_worker=1, processes=True,
                           host="127.0.0.1", dashboard_address=None, silence_logs=logging.ERROR)
    try:
        with Client(cluster) as client:
            yield client
    finally:
        cluster.close()


def versions() -> dict[str, str]:
    """What must match between the driver and the workers for results to be the same."""
    from ..analyse.nlp import MODEL_NAMES
    from ..pipeline import PIPELINE_VERSION

    out = {"python": f"{sys.version_info.major}.{sys.version_info.minor}", "pipeline": PIPELINE_VERSION,
           "code": code_digest()}
    for dist in ("communique", "spacy", *MODEL_NAMES):
        try:
            out[dist] = metadata.version(dist)
        except metadata.PackageNotFoundError:
            pass
    return out


def code_digest() -> str:
    """The package's code and data files, hashed: editable installs on two machines can carry
    the same version number and different rules."""
    root = Path(__file__).resolve().parents[1]
    h = hashlib.sha256()
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root)
        if path.is_file() and rel.parts[0] != "samples" and "__pycache__" not in rel.parts:
            h.update(str(rel).encode("utf-8") + b"\0" + path.read_bytes())
    return h.hexdigest()[:16]


def check_versions(client) -> None:
    here = versions()
    try:
        found = client.run(versions)
    except Exception as exc:  # typically: communique is not installed where the workers run
        raise BatchError(f"the workers cannot run communique ({type(exc).__name__}: {exc})") from exc
    for address, there in found.items():
        if there != here:
            diff = ", ".join(f"{k} {there.get(k, 'missing')} (here {here.get(k, 'missing')})"
                             for k in sorted(set(here) | set(there)) if here.get(k) != there.get(k))
            raise BatchError(f"worker {address} runs different software: {diff}")


def warm_workers(client) -> list[str]:
    """Load the model on every worker now (one task pinned to each), outside any timing."""
    from .worker import warm_up

    addresses = list(client.nthreads())
    futures = [client.submit(warm_up, pure=False, workers=[a], allow_other_workers=False) for a in addresses]
    return client.gather(futures)
