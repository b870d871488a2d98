"""`communique reanalyse`: bring a store up to date with the analysis it would get today.

Every analysed article carries the stamp of what analysed it (analyse/versions.py: the analysis
code, the lexicon, the knowledge base, the model) and its own events as coded before merging
(store/analyses.py). Reanalysing

1. analyses again, from the stored text, each article whose stamp is not the current one (or
   every article, with ``everything``): its mentions, quotes and own events are replaced;
2. rebuilds stories from every article's analysis, in an order that does not depend on arrival;
3. merges every article's own events again, in one fixed order (publication date, then id), so
   the merged record is the same whatever order the reports arrived in, and quotes point at the
   merged events.

Articles ingested without analysis are left as they are.
"""
from __future__ import annotations

import time
from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Callable

from .analyse.versions import stamp
from .models import Analysis, Article


@dataclass
class ReanalyseSummary:
    articles: int = 0  # analysed articles in the store
    reanalysed: list[str] = field(default_factory=list)
    events: int = 0  # merged events after the rebuild
    seconds: float = 0.0
    versions: str = ""

    def as_dict(self) -> dict:
        return {"articles": self.articles, "reanalysed": len(self.reanalysed), "events": self.events,
                "seconds": round(self.seconds, 2), "versions": self.versions}


def canonical_order(articles: list[Article]) -> list[Article]:
    return sorted(articles, key=lambda a: (a.published is None, a.published or "", a.id))


def reanalyse(store, analyser=None, *, everything: bool = False, batch_size: int = 32,
              on_item: Callable[[str], None] | None = None) -> ReanalyseSummary:
    started = time.perf_counter()
    current = stamp()
    summary = ReanalyseSummary(versions=current)
    articles = canonical_order([a for a in store.iter_articles() if store.article_analysis(a.id) is not None
                                or everything])
    summary.articles = len(articles)
    stale = [a for a in articles if everything or store.article_analysis(a.id)[0] != current]
    if stale:
        if analyser is None:
            from .analyse import Analyser
            analyser = Analyser()
        for i in range(0, len(stale), batch_size):
            chunk = stale[i:i + batch_size]
            for article, analysis in zip(chunk, analyser.analyse(chunk)):
                _replace_analysis(store, article, analysis, current)
                summary.reanalysed.append(article.id)
                if on_item:
                    on_item(article.id)
    _rebuild_stories(store)
    summary.events = remerge(store, articles)
    summary.seconds = time.perf_counter() - started
    return summary


def _replace_analysis(store, article: Article, analysis: Analysis, versions: str) -> None:
    from .pipeline import save_analysis

    with store.transaction():
        store.save_article_analysis(article.id, versions, analysis.events,
                                    {q.id: q.event_id for q in analysis.quotes if q.event_id})
        events, analysis.events = analysis.events, []  # merged below, with every other article's
        save_analysis(store, analysis)
        analysis.events = events
        store.set_article_fields(article.id, analysed_with=versions)


def _rebuild_stories(store) -> None:
    from .link import stories

    with store.transaction():
        # Story features are read again from the stored analysis: re-analysed articles changed theirs.
        stories.rebuild_stories(store, reextract=True)


def remerge(store, articles: list[Article]) -> int:
    """Every article's own events merged again, in the order given, in one transaction."""
    from .link.merge import merge_events

    with store.transaction():
        store.clear_events()
        for article in articles:
            saved = store.article_analysis(article.id)
            if saved is None:
                continue
            _, events, quote_events = saved
            fresh = store.article(article.id) or article  # the story assignment as stored now
            quotes = [SimpleNamespace(id=q, event_id=e) for q, e in quote_events.items()]
            analysis = Analysis(article.id, events=events, quotes=quotes)  # type: ignore[arg-type]
            merge_events(store, fresh, analysis)
            for event in analysis.events:
                store.upsert_event(event)
            store.set_quote_events({q.id: q.event_id for q in quotes})
        return store.count_events()
