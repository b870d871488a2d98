"""What runs on a Dask worker: RawDocument → Article → Analysis → link inputs for one partition.

Everything here is per document and needs nothing from the store, so it can run anywhere
the package and its model are installed; the driver is left with the linking that depends on
what is already stored, and the writes. Results travel back as the plain dataclasses of
models.py. Each worker process loads spaCy and the knowledge base once and keeps them.
"""
from __future__ import annotations

import os
import time
from dataclasses import dataclass
from functools import lru_cache

from ..ingest.article import to_article
from ..models import Analysis, Article, IngestFailure, RawDocument


@dataclass
class Prepared:
    """An article ready for the driver to link and save."""

    article: Article
    analysis: Analysis
    link_inputs: tuple | None = None  # link.link_inputs(article, analysis): story features, copy signature


Outcome = Prepared | IngestFailure


@dataclass
class PartitionResult:
    outcomes: list[Outcome]  # one per document sent, in the same order
    worker: str  # which worker did it (its address), for the summary
    seconds: float


@lru_cache(maxsize=1)
def analyser():
    """One Analyser per worker process, built on first use and kept for every later task."""
    from ..analyse import Analyser

    return Analyser()


def warm_up() -> str:
    """Load the model and build the lazy indexes, so timings leave start-up out."""
    article = Article(id="warm-up", source="warm-up", published="2025-01-01",
                      text="Iran's foreign minister met Iraq's prime minister in Baghdad on Monday.")
    _link_inputs(article, analyser().analyse([article])[0])  # imports the linking (datasketch, SciPy)
    try:
        from ..analyse.places import gazetteer
    except ImportError:
        pass
    else:
        gazetteer()  # the place names, otherwise read at the first place the events meet
    return worker_name()


def worker_name() -> str:
    try:
        from distributed import get_worker

        return get_worker().address
    except (ImportError, ValueError):  # called outside a Dask worker (tests, a thread pool)
        return f"local-{os.getpid()}"


def process_partition(docs: list[RawDocument], analyse: bool = True) -> PartitionResult:
    start = time.perf_counter()
    articles = [_to_article(d) for d in docs]
    # The same text twice in one partition is analysed once, as the single-machine path does.
    unique: dict[str, Article] = {}
    for a in articles:
        if isinstance(a, Article):
            unique.setdefault(a.content_hash, a)
    found = _analyse(list(unique.values()), analyse)
    outcomes: list[Outcome] = []
    for doc, a in zip(docs, articles):
        if isinstance(a, IngestFailure):
            outcomes.append(a)
            continue
        result = found[a.content_hash]
        outcomes.append(IngestFailure(doc.source, result) if isinstance(result, str)
                        else Prepared(a, result, _link_inputs(a, result)))
    return PartitionResult(outcomes, worker_name(), time.perf_counter() - start)


def _link_inputs(article: Article, analysis: Analysis) -> tuple | None:
    from ..link import link_inputs

    try:
        return link_inputs(article, analysis)
    except Exception:  # the driver computes them again, and reports what goes wrong there
        return None


def _to_article(doc: RawDocument) -> Article | IngestFailure:
    try:
        return to_article(doc)
    except Exception as exc:  # a bug on one odd input must not lose the other documents
        return IngestFailure(doc.source, f"cannot extract the article ({type(exc).__name__}: {exc})")


def _analyse(articles: list[Article], enabled: bool) -> dict[str, Analysis | str]:
    """Analyses by content hash; a string where an article's analysis raised."""
    if not enabled:
        return {a.content_hash: Analysis(a.id) for a in articles}
    try:
        return {a.content_hash: an for a, an in zip(articles, analyser().analyse(articles))}
    except Exception:
        pass  # one article broke the batch: redo them one by one to find it
    out: dict[str, Analysis | str] = {}
    for a in articles:
        try:
            out[a.content_hash] = analyser().analyse([a])[0]
        except Exception as exc:
            out[a.content_hash] = f"analysis failed ({type(exc).__name__}: {exc})"
    return out
