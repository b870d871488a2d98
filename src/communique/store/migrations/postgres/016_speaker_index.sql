-- The actors behind each quote and the distinct speaker names, indexed (as migrations/016 in SQLite).
CREATE TABLE quote_speakers (
    actor_id TEXT COLLATE "C" NOT NULL,
    quote_id TEXT COLLATE "C" NOT NULL REFERENCES quotes(id) ON DELETE CASCADE,
    PRIMARY KEY (actor_id, quote_id)
);
CREATE INDEX quote_speakers_quote ON quote_speakers(quote_id);
CREATE TABLE speaker_names (name TEXT COLLATE "C" PRIMARY KEY);
CREATE INDEX quotes_speaker_name ON quotes(speaker_name);
INSERT INTO quote_speakers (actor_id, quote_id)
    SELECT speaker_id, id FROM quotes WHERE speaker_id IS NOT NULL
    UNION SELECT j.value, q.id FROM quotes q, jsonb_array_elements_text(q.speaker_ids::jsonb) AS j(value)
    ON CONFLICT DO NOTHING;
INSERT INTO speaker_names (name) SELECT DISTINCT speaker_name FROM quotes WHERE speaker_name IS NOT NULL
    ON CONFLICT DO NOTHING;
