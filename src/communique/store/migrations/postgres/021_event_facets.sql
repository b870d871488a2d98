-- The events page's facets and place filter from indexes (as migrations/021 in SQLite).
CREATE INDEX events_facets ON events(type, cameo, location_country)
    WHERE negated = 0 AND hypothetical = 0 AND status != 'denied';
CREATE INDEX events_place_name ON events((lower(location_name)));
