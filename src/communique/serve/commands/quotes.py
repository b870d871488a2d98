"""`communique quotes`: what did X say about Y — direct quotes and reported statements."""
from __future__ import annotations

from typing import Optional

import typer
from rich.markup import escape
from rich.table import Table

from ..cli import DbOption, JsonOption, app, console, emit_json, fail, open_store


def quote_record(q, article=None) -> dict:
    row = {"id": q.id, "article_id": q.article_id, "speaker_name": q.speaker_name, "speaker_id": q.speaker_id,
           "speaker_ids": q.speaker_ids, "speaker_method": q.speaker_method, "text": q.text, "direct": q.direct,
           "scare": q.scare, "start": q.start, "end": q.end, "event_id": q.event_id}
    if article is not None:
        row.update(published=article.published, outlet=article.outlet, title=article.title,
                   story_id=article.story_id)
    return row


@app.command("quotes")
def quotes_command(
    speaker: Optional[str] = typer.Option(None, "--speaker", "-s",
                                          help="Who said it: a name, part of one, or an actor id "
                                               "(joint statements count for each speaker)."),
    about: Optional[str] = typer.Option(None, "--about", "-a",
                                        help="Full-text search over the quoted words (stemmed; FTS5 syntax "
                                             "such as \"exact phrase\", OR, NOT and prefix* works)."),
    story: Optional[str] = typer.Option(None, "--story", help="Only quotes from this story's articles."),
    article: Optional[str] = typer.Option(None, "--article", help="Only quotes from this article."),
    direct: Optional[bool] = typer.Option(None, "--direct/--reported",
                                          help="Only direct quotes, or only reported statements (default: both).",
                                          show_default=False),
    scare: bool = typer.Option(False, "--scare", help="Include scare quotes (one- or two-word marked phrases)."),
    limit: int = typer.Option(50, "--limit", "-n", min=1, help="At most this many quotes."),
    db: Optional[str] = DbOption,
    as_json: bool = JsonOption,
):
    """Quotes and reported statements with their speakers, article by article in text order.

    With --about the best full-text matches come first.

    Example: `communique quotes --speaker Araghchi --about "border security" --direct --db news.db`
    """
    store = open_store(db)
    if story and store.story(story) is None:
        fail(f"no story {story!r} in {store.path}; list them with `communique info`")
    if article and store.article(article) is None:
        fail(f"no article {article!r} in {store.path}")
    found = store.quotes(speaker=speaker, about=about, story_id=story, article_id=article, direct=direct,
                         include_scare=scare, limit=limit)
    articles: dict = {}

    def article_of(article_id: str):
        if article_id not in articles:
            articles[article_id] = store.article(article_id)
        return articles[article_id]

    if as_json:
        emit_json([quote_record(q, article_of(q.article_id)) for q in found])
        return
    if not found:
        console.print("no quotes match")
        return
    table = Table("speaker", "", "quote", "date", "article", title=f"{len(found)} quotes", title_justify="left")
    for q in found:
        a = article_of(q.article_id)
        words = f"“{q.text}”" if q.direct else q.text
        # Words and names from articles are text, never console markup ("[bold]" in a title).
        table.add_row(escape(q.speaker_name or "?"), "direct" if q.direct else "reported", escape(words),
                      (a.published if a else None) or "–", q.article_id)
    console.print(table)
