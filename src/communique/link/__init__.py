"""Linking: place a new article among those already stored.

Three steps, each in its own module: near-duplicate detection (dedup), story assignment
(stories) and event merging (merge). `Linker.link` runs them inside the caller's
transaction, so an article and its links are stored together or not at all.
"""
from __future__ import annotations

from ..models import Analysis, Article, Story


class Linker:
    def __init__(self, store):
        self.store = store

    def link(self, article: Article, analysis: Analysis) -> Story:
        from .merge import merge_events
        from .stories import assign_story

        story = assign_story(self.store, article, analysis)
        article.story_id = story.id
        merge_events(self.store, article, analysis)
        return story
