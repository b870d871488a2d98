"""Linking: place a new article among those already stored.

Three steps, each in its own module: near-duplicate detection (dedup), story assignment
(stories) and event merging (merge). `Linker.link` runs them inside the caller's
transaction, so an article and its links are stored together or not at all.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from ..models import Analysis, Article, Story

if TYPE_CHECKING:
    from .dedup import Signature
    from .story_features import Features


class Linker:
    def __init__(self, store):
        self.store = store

    def link(self, article: Article, analysis: Analysis, *, features: "Features | None" = None,
             signature: "Signature | None" = None) -> Story:
        """`features` and `signature`: what `link_inputs` gave for this article elsewhere (a
        batch worker); computed here when not given."""
        from .merge import merge_events
        from .stories import assign_story

        story = assign_story(self.store, article, analysis, features=features, signature=signature)
        article.story_id = story.id
        merge_events(self.store, article, analysis)
        return story


def link_inputs(article: Article, analysis: Analysis) -> tuple["Features", "Signature"]:
    """What linking reads of an article that does not depend on the store (its story features
    and copy signature), so it can be computed away from the one process that links."""
    from .dedup import Signature
    from .story_features import extract

    return extract(article, analysis), Signature.of(article.text)
