"""Event merging. Until cross-article merging lands, each article's events stay its own."""
from __future__ import annotations

from ..models import Analysis, Article


def merge_events(store, article: Article, analysis: Analysis) -> None:
    return None
