"""The driver: reads the inputs in order, sends partitions of new documents to the workers,
and saves what comes back in input order through the single-machine save path.

Linking (near-duplicates, stories, event merging) depends on what is already stored and the
store has one writer, so it stays here; everything per document is spread out, down to the
story features and copy signature linking reads. At most
`max_in_flight` partitions are out at once, so memory stays bounded however large the input.
"""
from __future__ import annotations

import time
from collections import deque
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable

from ..ingest.article import raw_hash
from ..models import IngestFailure, RawDocument
from ..pipeline import IngestSummary, Pipeline
from .inputs import iter_items
from .worker import PartitionResult, Prepared, process_partition

MAX_PARTITION_BYTES = 8_000_000  # below Dask's large-task warning; a partition of big pages is cut early
MAX_SLOTS_FACTOR = 20  # skipped inputs held per partition, at most this × partition size


@dataclass
class BatchSummary(IngestSummary):
    partitions: int = 0  # partitions sent to workers
    workers: dict[str, int] = field(default_factory=dict)  # worker → documents it processed
    worker_seconds: float = 0.0  # extraction and analysis, summed over partitions
    save_seconds: float = 0.0  # linking and saving here: the part that does not spread out

    def as_dict(self) -> dict:
        return {**super().as_dict(), "partitions": self.partitions, "workers": dict(self.workers),
                "worker_seconds": round(self.worker_seconds, 3), "save_seconds": round(self.save_seconds, 3)}


@dataclass
class _Partition:
    # In input order: ("failed", IngestFailure) | ("unchanged", source) | ("doc", index, digest)
    slots: list[tuple] = field(default_factory=list)
    docs: list[RawDocument] = field(default_factory=list)
    size: int = 0  # bytes of document data
    future: Any = None

    def full(self, partition_size: int) -> bool:
        return (len(self.docs) >= partition_size or self.size >= MAX_PARTITION_BYTES
                or len(self.slots) >= MAX_SLOTS_FACTOR * partition_size)

    def done(self) -> bool:
        return self.future is None or self.future.done()


def run_batch(store, inputs: Iterable[str], client, *, partition_size: int = 50, analyse: bool = True,
              max_in_flight: int | None = None, on_item: Callable[[str], None] | None = None,
              fetch=None) -> BatchSummary:
    """Ingest `inputs` into `store`, with extraction and analysis done through `client`: a
    `distributed.Client`, or anything with `submit(fn, *args) -> future` (a thread pool)."""
    summary = BatchSummary()
    pipeline = Pipeline(store, analyse=analyse)
    limit = max_in_flight or 2 * max(1, _worker_count(client))
    queue: deque[_Partition] = deque()
    part = _Partition()

    def dispatch() -> None:
        nonlocal part
        if part.docs:
            part.future = _submit(client, process_partition, part.docs, analyse)
            summary.partitions += 1
        queue.append(part)
        part = _Partition()
        while sum(p.future is not None for p in queue) > limit or (queue and queue[0].done()):
            _finish(queue.popleft(), pipeline, summary, on_item)

    # The first round of partitions is a quarter size, so every worker starts early and the
    # driver has results to save sooner; later ones are full size, to keep overheads small.
    first_round = max(1, partition_size // 4)
    for item in iter_items(inputs, fetch=fetch):
        _add(part, item, store)
        if part.full(first_round if summary.partitions < limit else partition_size):
            dispatch()
    dispatch()
    while queue:
        _finish(queue.popleft(), pipeline, summary, on_item)
    return summary


def _add(part: _Partition, item: RawDocument | IngestFailure, store) -> None:
    if isinstance(item, IngestFailure):
        part.slots.append(("failed", item))
        return
    digest = raw_hash(item)
    seen = store.source_seen(item.source)
    if seen and seen[1] == digest:
        part.slots.append(("unchanged", item.source))  # the same file or URL with the same bytes: no work
        return
    part.slots.append(("doc", len(part.docs), digest))
    part.docs.append(item)
    part.size += len(item.data)


def _finish(part: _Partition, pipeline: Pipeline, summary: BatchSummary, on_item) -> None:
    """Save one partition's results, blocking until its workers are done."""
    outcomes = _results(part, summary)
    store = pipeline.store
    for slot in part.slots:
        kind = slot[0]
        if kind == "failed":
            summary.failed.append(slot[1])
            source = slot[1].source
        elif kind == "unchanged":
            summary.unchanged.append(slot[1])
            source = slot[1]
        else:
            doc, digest = part.docs[slot[1]], slot[2]
            source = doc.source
            outcome = outcomes[slot[1]]
            if isinstance(outcome, IngestFailure):
                summary.failed.append(outcome)
            else:
                start = time.perf_counter()
                _save(pipeline, store, outcome, source, digest, summary)
                summary.save_seconds += time.perf_counter() - start
        if on_item:
            on_item(source)
    part.docs.clear()  # let the documents go as soon as they are stored


def _save(pipeline: Pipeline, store, prepared: Prepared, source: str, digest: str, summary: BatchSummary) -> None:
    article = prepared.article
    existing = store.article_for_hash(article.content_hash)
    if existing:
        # The same text under another name: stored once, the name remembered (as `ingest` does).
        with store.transaction():
            store.record_source(source, existing, digest)
        summary.unchanged.append(source)
        return
    pipeline.save(article, prepared.analysis, source, digest, link_inputs=prepared.link_inputs)
    summary.new.append(article.id)


def _results(part: _Partition, summary: BatchSummary) -> list:
    if part.future is None:
        return []
    try:
        result: PartitionResult = part.future.result()
    except Exception as exc:  # a worker died on it (KilledWorker), or it could not be sent back
        reason = f"the worker failed on this partition ({type(exc).__name__}: {exc})"
        return [IngestFailure(d.source, reason) for d in part.docs]
    summary.workers[result.worker] = summary.workers.get(result.worker, 0) + len(result.outcomes)
    summary.worker_seconds += result.seconds
    return result.outcomes


def _worker_count(client) -> int:
    """Task slots: threads over all Dask workers, or a thread pool's size."""
    nthreads = getattr(client, "nthreads", None)
    if callable(nthreads):
        return sum(nthreads().values())
    return getattr(client, "_max_workers", 1)  # concurrent.futures executors


def _submit(client, fn, *args):
    try:
        from distributed import Client
    except ImportError:
        Client = None
    if Client is not None and isinstance(client, Client):
        return client.submit(fn, *args, pure=False)  # no hashing of the documents for a task key
    return client.submit(fn, *args)
