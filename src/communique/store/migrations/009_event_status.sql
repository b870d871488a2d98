-- What the event coder says of each event beyond its parties: how sure it is (confidence 0..1),
-- whether it is one of its report's main events (salience 0..1), whether the report asserts it
-- or passes on someone's claim (status asserted | claimed | denied, claimed_by the claimant's
-- actor id), and when it was first reported (the earliest publication date of its articles).
ALTER TABLE events ADD COLUMN confidence REAL;
ALTER TABLE events ADD COLUMN salience REAL;
ALTER TABLE events ADD COLUMN status TEXT NOT NULL DEFAULT 'asserted';
ALTER TABLE events ADD COLUMN claimed_by TEXT;
ALTER TABLE events ADD COLUMN reported TEXT;
CREATE INDEX events_confidence ON events(confidence);
