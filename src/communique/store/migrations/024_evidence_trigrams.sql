-- Event search (store/search.py) finds the evidence sentences that contain every word of a query,
-- anywhere in a word ("water" in "freshwater"), as LIKE '%water%' does. That was a scan of every
-- evidence row: 40-90 ms at 100k reports for a word few sentences hold. A trigram index answers
-- the same LIKE from the index (words of three characters or more); it holds no copy of the text.
CREATE VIRTUAL TABLE evidence_trigrams USING fts5(text, content = 'event_evidence', content_rowid = 'rowid',
                                                  tokenize = 'trigram');
INSERT INTO evidence_trigrams (evidence_trigrams) VALUES ('rebuild');
CREATE TRIGGER evidence_trigrams_insert AFTER INSERT ON event_evidence BEGIN
    INSERT INTO evidence_trigrams (rowid, text) VALUES (new.rowid, new.text);
END;
CREATE TRIGGER evidence_trigrams_delete AFTER DELETE ON event_evidence BEGIN
    INSERT INTO evidence_trigrams (evidence_trigrams, rowid, text) VALUES ('delete', old.rowid, old.text);
END;
CREATE TRIGGER evidence_trigrams_update AFTER UPDATE OF text ON event_evidence BEGIN
    INSERT INTO evidence_trigrams (evidence_trigrams, rowid, text) VALUES ('delete', old.rowid, old.text);
    INSERT INTO evidence_trigrams (rowid, text) VALUES (new.rowid, new.text);
END;
