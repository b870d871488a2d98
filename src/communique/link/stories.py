"""Story assignment. Until same-event clustering lands, each article is its own story."""
from __future__ import annotations

from ..models import Analysis, Article, Story


def story_title(article: Article) -> str:
    if article.title:
        return article.title
    first = article.text.split("\n", 1)[0]
    return first if len(first) <= 120 else first[:117].rsplit(" ", 1)[0] + "…"


def assign_story(store, article: Article, analysis: Analysis) -> Story:
    story = Story(id="s" + article.id[:15], title=story_title(article), article_ids=[article.id],
                  first_date=article.published, last_date=article.published)
    store.upsert_story(story)
    return story
