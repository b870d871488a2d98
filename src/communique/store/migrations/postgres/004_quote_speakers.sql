-- Joint speakers: every actor behind a quote, as a JSON list (as migrations/004 in SQLite).
ALTER TABLE quotes ADD COLUMN speaker_ids TEXT COLLATE "C" NOT NULL DEFAULT '[]';
CREATE INDEX quotes_direct ON quotes(direct, scare);
