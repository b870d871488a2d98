-- SQLite's migration 024 indexes evidence sentences by trigrams for event search. PostgreSQL reads
-- the same ILIKE from a scan of the evidence table; nothing to add here.
SELECT 1;
