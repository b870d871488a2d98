-- Each article's own analysis before cross-article merging (its events as coded from its text, and
-- which of them each of its quotes belongs to), with the versions it was made with. `reanalyse`
-- re-merges every article's events from here in one fixed order, re-parsing only the articles
-- whose versions are out of date.
CREATE TABLE article_analyses (
    article_id TEXT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
    versions TEXT NOT NULL,
    events TEXT NOT NULL DEFAULT '[]',
    quote_events TEXT NOT NULL DEFAULT '{}'
);
