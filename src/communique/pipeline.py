"""The path of the data, in order: sources → article → analysis → links → store.

    for each input:  RawDocument ─to_article→ Article         (ingest)
    in batches:      Article ─Analyser→ Analysis              (analyse: spaCy + components)
    per article:     Linker.link → story, copies, merged events (link)
                     one transaction → rows                    (store)
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Iterable

from .ingest.article import raw_hash, to_article
from .analyse.versions import stamp as analysis_stamp
from .ingest.sources import iter_documents, one_line
from .models import Analysis, Article, IngestFailure, RawDocument

PIPELINE_VERSION = "1"


@dataclass
class IngestSummary:
    new: list[str] = field(default_factory=list)  # article ids
    unchanged: list[str] = field(default_factory=list)  # sources already stored
    failed: list[IngestFailure] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {"new": len(self.new), "unchanged": len(self.unchanged), "failed": len(self.failed),
                "new_ids": self.new, "failures": [{"source": f.source, "reason": f.reason} for f in self.failed]}


class Pipeline:
    def __init__(self, store, *, analyser=None, analyse: bool = True, batch_size: int = 32):
        self.store = store
        self._analyser = analyser
        self.analyse_enabled = analyse
        self.batch_size = batch_size

    @property
    def analyser(self):
        if self._analyser is None:
            from .analyse import Analyser
            self._analyser = Analyser()
        return self._analyser

    def ingest(self, inputs: Iterable[str], *, on_item: Callable[[str], None] | None = None,
               fetch=None) -> IngestSummary:
        summary = IngestSummary()
        pending: list[tuple[RawDocument, Article, str]] = []
        seen_hashes: set[str] = set()
        for item in iter_documents(inputs, fetch=fetch):
            if on_item:
                on_item(item.source)
            if isinstance(item, IngestFailure):
                summary.failed.append(item)
                continue
            try:
                self._prepare(item, summary, pending, seen_hashes)
            except Exception as exc:  # noqa: BLE001 - one failure, one line; the run goes on
                summary.failed.append(IngestFailure(item.source, one_line(exc)))
            if len(pending) >= self.batch_size:
                self._flush(pending, summary)
        self._flush(pending, summary)
        return summary

    def _prepare(self, doc: RawDocument, summary: IngestSummary, pending: list, seen_hashes: set[str]) -> None:
        digest = raw_hash(doc)
        seen = self.store.source_seen(doc.source)
        if seen and seen[1] == digest:
            summary.unchanged.append(doc.source)  # the same file or URL with the same bytes: no work
            return
        article = to_article(doc)
        if isinstance(article, IngestFailure):
            summary.failed.append(article)
            return
        existing = self.store.article_for_hash(article.content_hash)
        if existing or article.content_hash in seen_hashes:
            # The same text under another name: stored once, the name remembered.
            if existing:
                with self.store.transaction():
                    self.store.record_source(doc.source, existing, digest)
            else:
                pending.append((doc, article, digest))  # recorded as a source once the first copy is in
            summary.unchanged.append(doc.source)
            return
        seen_hashes.add(article.content_hash)
        pending.append((doc, article, digest))

    def _flush(self, pending: list, summary: IngestSummary) -> None:
        if not pending:
            return
        fresh = [(d, a, h) for d, a, h in pending if not self.store.article_for_hash(a.content_hash)]
        # Articles repeated within this batch are analysed once.
        unique: dict[str, Article] = {}
        for _, a, _ in fresh:
            unique.setdefault(a.content_hash, a)
        articles = list(unique.values())
        by_hash = self._analyse_each(articles)
        for doc, article, digest in pending:
            try:
                self._store_one(doc, article, digest, by_hash, summary)
            except Exception as exc:  # noqa: BLE001 - storage trouble fails this input only
                summary.failed.append(IngestFailure(doc.source, one_line(exc)))
        pending.clear()

    def _analyse_each(self, articles: list[Article]) -> dict[str, tuple[Article, Analysis | str]]:
        """Analyses by content hash; when the batch fails, each article is tried alone so that
        only the one that fails carries the reason (a str) instead of an Analysis."""
        if not self.analyse_enabled:
            return {a.content_hash: (a, Analysis(a.id)) for a in articles}
        try:
            return {a.content_hash: (a, an) for a, an in zip(articles, self.analyser.analyse(articles))}
        except Exception:  # noqa: BLE001
            out: dict[str, tuple[Article, Analysis | str]] = {}
            for a in articles:
                try:
                    out[a.content_hash] = (a, self.analyser.analyse([a])[0])
                except Exception as exc:  # noqa: BLE001
                    out[a.content_hash] = (a, f"analysis failed: {one_line(exc)}")
            return out

    def _store_one(self, doc: RawDocument, article: Article, digest: str, by_hash: dict, summary: IngestSummary) -> None:
        stored = self.store.article_for_hash(article.content_hash)
        if stored:
            with self.store.transaction():
                self.store.record_source(doc.source, stored, digest)
            return
        first, analysis = by_hash[article.content_hash]
        if isinstance(analysis, str):
            summary.failed.append(IngestFailure(doc.source, analysis))
            return
        for attempt in (1, 2):
            try:
                self.save(first, analysis, doc.source, digest)
                break
            except Exception:
                # Another writer may have stored the same text meanwhile: then it is simply here.
                if self.store.article_for_hash(article.content_hash):
                    summary.unchanged.append(doc.source)
                    return
                if attempt == 2:
                    raise  # a second failure is this input's one-line reason
                # else once more: a row the other writer was adding (an actor, a story) is now committed
        summary.new.append(first.id)

    def save(self, article: Article, analysis: Analysis, source: str, digest: str, *, link_inputs=None) -> None:
        """One article with everything found in it, in one transaction. `link_inputs`: the
        article's (features, signature) from `link.link_inputs`, when a worker computed them."""
        from .link import Linker

        features, signature = link_inputs or (None, None)
        store = self.store
        versions = analysis_stamp() if self.analyse_enabled else None
        with store.transaction():
            store.insert_article(article)
            store.record_source(source, article.id, digest)
            if versions:
                # The article's own events, before merging: what `reanalyse` re-merges from.
                store.save_article_analysis(article.id, versions, analysis.events,
                                            {q.id: q.event_id for q in analysis.quotes if q.event_id})
            Linker(store).link(article, analysis, features=features, signature=signature)
            store.set_article_fields(article.id, story_id=article.story_id, duplicate_of=article.duplicate_of,
                                     analysed_with=versions)
            save_analysis(store, analysis)


def save_analysis(store, analysis: Analysis) -> None:
    """Rows for one analysis: the actors it names, its mentions, events and quotes."""
    for actor in analysis.actors:
        # A knowledge-base actor is written once; one found only in text may gain roles later.
        if actor.origin == "text" or store.actor(actor.id) is None:
            store.upsert_actor(actor, origin=actor.origin)
    if analysis.sentences:
        store.replace_sentences(analysis.article_id, analysis.sentences)
    store.replace_mentions(analysis.article_id, analysis.mentions)
    store.remove_article_events(analysis.article_id)
    for event in analysis.events:
        store.upsert_event(event)
    store.replace_quotes(analysis.article_id, analysis.quotes)
