-- Joint speakers ("both sides said …") name several actors; speaker_id holds one at most.
-- speaker_ids is a JSON list of every actor behind a quote, searched by `quotes --speaker`.
ALTER TABLE quotes ADD COLUMN speaker_ids TEXT NOT NULL DEFAULT '[]';
CREATE INDEX quotes_direct ON quotes(direct, scare);
