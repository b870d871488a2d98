-- Stories: what each article brings to same-event clustering, and the indexes that find the
-- articles worth comparing with a new one without scanning the others (link/stories.py).

-- Shingle count beside each MinHash signature: containment (a cut-down copy) needs the sizes.
ALTER TABLE article_minhash ADD COLUMN shingles INTEGER;

-- The clustering input of each article as it was linked (names, content words, days, places),
-- so `communique restory` replays exactly what the incremental run saw.
CREATE TABLE story_features (
    article_id TEXT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
    day INTEGER,                     -- the day it is filed under (days since 0001-01-01), NULL when undated
    features TEXT NOT NULL           -- JSON, see link/story_features.py
);

-- Inverted index over each article's names and actor ids, by day: candidates for a new article
-- come from a few short posting lists inside a date window.
CREATE TABLE story_terms (
    term TEXT NOT NULL,
    day INTEGER,
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE
);
CREATE INDEX story_terms_term_day ON story_terms(term, day);
CREATE INDEX story_terms_article ON story_terms(article_id);

-- Document frequencies for TF-IDF weights; the row with the empty term holds the article count.
CREATE TABLE story_term_df (
    term TEXT PRIMARY KEY,
    df INTEGER NOT NULL
) WITHOUT ROWID;

CREATE INDEX article_links_other ON article_links(other_id);
