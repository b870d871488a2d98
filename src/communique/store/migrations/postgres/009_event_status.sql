-- Confidence, salience, claim status and first-reported date of events (as migrations/009 in SQLite).
ALTER TABLE events ADD COLUMN confidence DOUBLE PRECISION;
ALTER TABLE events ADD COLUMN salience DOUBLE PRECISION;
ALTER TABLE events ADD COLUMN status TEXT COLLATE "C" NOT NULL DEFAULT 'asserted';
ALTER TABLE events ADD COLUMN claimed_by TEXT COLLATE "C";
ALTER TABLE events ADD COLUMN reported TEXT COLLATE "C";
CREATE INDEX events_confidence ON events(confidence);
