-- Each article's shingle hashes (sorted 64-bit, link/dedup.py): a borderline copy check reads
-- these instead of the other article's text, so it costs the same for long and short texts.
-- NULL for articles linked before: their text is re-split as before.
ALTER TABLE article_minhash ADD COLUMN shingle_hashes BLOB;
