-- `quotes --speaker` without reading every quote: the actors behind each quote (speaker_id and
-- every id of speaker_ids) in an indexed join table, and the distinct speaker names as written,
-- so that a part of a name is matched against the names once each, then the quotes by index.
-- Names are never removed: a name whose quotes have gone simply finds none.
CREATE TABLE quote_speakers (
    actor_id TEXT NOT NULL,
    quote_id TEXT NOT NULL REFERENCES quotes(id) ON DELETE CASCADE,
    PRIMARY KEY (actor_id, quote_id)
);
CREATE INDEX quote_speakers_quote ON quote_speakers(quote_id);
CREATE TABLE speaker_names (name TEXT PRIMARY KEY);
CREATE INDEX quotes_speaker_name ON quotes(speaker_name);
INSERT OR IGNORE INTO quote_speakers (actor_id, quote_id)
    SELECT speaker_id, id FROM quotes WHERE speaker_id IS NOT NULL
    UNION SELECT j.value, q.id FROM quotes q, json_each(q.speaker_ids) j;
INSERT OR IGNORE INTO speaker_names (name) SELECT DISTINCT speaker_name FROM quotes WHERE speaker_name IS NOT NULL;
