-- The first schema: articles and where they came from, actors and their mentions,
-- events with their parties and evidence, quotes, stories and the links between articles.
CREATE TABLE articles (
    id TEXT PRIMARY KEY,
    source TEXT NOT NULL,             -- the first path, URL or record id it arrived under
    url TEXT,
    outlet TEXT,
    title TEXT,
    author TEXT,
    published TEXT,                   -- YYYY-MM-DD from the input, or NULL
    dateline TEXT,
    original_source TEXT,
    language TEXT,
    text TEXT NOT NULL,
    content_hash TEXT NOT NULL UNIQUE,
    story_id TEXT,
    duplicate_of TEXT,
    ingested_at TEXT NOT NULL,
    analysed_with TEXT                -- pipeline version that produced the analysis rows
);
CREATE INDEX articles_story ON articles(story_id);
CREATE INDEX articles_published ON articles(published);

-- Every name an article arrived under, so a re-ingest of the same file or URL is recognised
-- before any work is done, and the same text under another name is stored once.
CREATE TABLE article_sources (
    source TEXT PRIMARY KEY,
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    raw_hash TEXT NOT NULL,
    seen_at TEXT NOT NULL
);
CREATE INDEX article_sources_article ON article_sources(article_id);

CREATE VIRTUAL TABLE articles_fts USING fts5(article_id UNINDEXED, title, text, tokenize = 'porter unicode61');

CREATE TABLE actors (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    kind TEXT NOT NULL,
    country TEXT,
    sector TEXT,
    aliases TEXT NOT NULL DEFAULT '[]',   -- JSON list
    roles TEXT NOT NULL DEFAULT '[]',     -- JSON list of {title, country, start, end, key, sector, source}
    origin TEXT NOT NULL DEFAULT 'kb'     -- kb: the knowledge base; text: found in an article
);
CREATE INDEX actors_country ON actors(country);

CREATE TABLE mentions (
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    text TEXT NOT NULL,
    actor_id TEXT NOT NULL,
    role_title TEXT,
    role_conflict TEXT,
    method TEXT
);
CREATE INDEX mentions_article ON mentions(article_id);
CREATE INDEX mentions_actor ON mentions(actor_id);

CREATE TABLE events (
    id TEXT PRIMARY KEY,
    type TEXT NOT NULL,
    mode TEXT,
    cameo TEXT,
    date TEXT,
    date_precision TEXT,
    date_source TEXT,
    date_phrase TEXT,
    location_name TEXT,
    location_country TEXT,
    goldstein REAL,
    negated INTEGER NOT NULL DEFAULT 0,
    hypothetical INTEGER NOT NULL DEFAULT 0,
    rule TEXT,
    features TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX events_type ON events(type);
CREATE INDEX events_date ON events(date);

CREATE TABLE event_actors (
    event_id TEXT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    actor_id TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('actor', 'recipient')),
    position INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (event_id, actor_id, role)
);
CREATE INDEX event_actors_actor ON event_actors(actor_id);

CREATE TABLE event_evidence (
    event_id TEXT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    text TEXT NOT NULL,
    PRIMARY KEY (event_id, article_id, start)
);
CREATE INDEX event_evidence_article ON event_evidence(article_id);

CREATE TABLE quotes (
    id TEXT PRIMARY KEY,
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    text TEXT NOT NULL,
    direct INTEGER NOT NULL,
    speaker_name TEXT,
    speaker_id TEXT,
    speaker_method TEXT,
    event_id TEXT,
    scare INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX quotes_article ON quotes(article_id);
CREATE INDEX quotes_speaker ON quotes(speaker_id);
CREATE VIRTUAL TABLE quotes_fts USING fts5(quote_id UNINDEXED, speaker_name, text, tokenize = 'porter unicode61');

CREATE TABLE stories (
    id TEXT PRIMARY KEY,
    title TEXT NOT NULL,
    first_date TEXT,
    last_date TEXT,
    created_at TEXT NOT NULL
);

-- How two articles relate: copy (near-verbatim), rewrite (same event, other words),
-- credits (names the other's outlet as its original source).
CREATE TABLE article_links (
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    other_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    relation TEXT NOT NULL,
    score REAL,
    PRIMARY KEY (article_id, other_id, relation)
);

-- MinHash signatures, so the LSH index can be rebuilt when a store is opened.
CREATE TABLE article_minhash (
    article_id TEXT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
    signature BLOB NOT NULL
);
