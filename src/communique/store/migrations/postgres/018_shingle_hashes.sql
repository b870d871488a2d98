-- Each article's shingle hashes (as migrations/018 in SQLite).
ALTER TABLE article_minhash ADD COLUMN shingle_hashes BYTEA;
