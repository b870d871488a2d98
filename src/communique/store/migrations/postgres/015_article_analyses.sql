-- Each article's own analysis before cross-article merging (as migrations/015 in SQLite).
CREATE TABLE article_analyses (
    article_id TEXT COLLATE "C" PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
    versions TEXT COLLATE "C" NOT NULL,
    events TEXT NOT NULL DEFAULT '[]',
    quote_events TEXT NOT NULL DEFAULT '{}'
);
