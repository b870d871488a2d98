-- What the events page facets and its place filter read, without the event rows. The facet
-- counts (type, CAMEO code, place country) of the events that happened come from this narrow
-- partial index (its WHERE matches store/events.py HAPPENED_SQL exactly) instead of every wide
-- event row (100k reports: 230 ms for /events); a place name is found by its lower-cased index.
CREATE INDEX events_facets ON events(type, cameo, location_country)
    WHERE negated = 0 AND hypothetical = 0 AND status != 'denied';
CREATE INDEX events_place_name ON events(lower(location_name));
