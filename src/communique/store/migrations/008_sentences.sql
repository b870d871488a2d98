-- Sentence boundaries of each article, from the parse, so briefs, the UI and evidence
-- highlighting cite whole sentences without parsing again.
CREATE TABLE sentences (
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    idx INTEGER NOT NULL,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    PRIMARY KEY (article_id, idx)
);
