-- The events that happened, in listing order (as migrations/019 in SQLite).
CREATE INDEX events_happened ON events((date IS NULL), date, id)
    WHERE negated = 0 AND hypothetical = 0 AND status != 'denied';
