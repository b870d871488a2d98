-- The orders the API and the web UI page through (as migrations/006 in SQLite).
CREATE INDEX IF NOT EXISTS articles_newest ON articles((published IS NULL), published DESC, ingested_at DESC, id);
CREATE INDEX IF NOT EXISTS events_chrono ON events((date IS NULL), date, id);
