-- Every pair of countries an event's parties act for (a party counts for its own id and for its
-- country, as store/events.py's pair and country filters read them), one row per event and pair
-- (lo <= hi; lo = hi for a single country), with the columns timelines, counts, listings and their facets need.
-- A top pair matches tens of thousands of events: read from this narrow, ordered index, its
-- count, chart and first page no longer read every matching event row. Kept by the store on
-- every event save and actor country change (CountryPairQueries.refresh_country_pairs). Only codes
-- that can be asked for (three upper-case characters) are kept.
CREATE TABLE event_country_pairs (
    lo TEXT NOT NULL,
    hi TEXT NOT NULL,
    event_id TEXT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    happened INTEGER NOT NULL,
    date TEXT,
    type TEXT NOT NULL,
    quad INTEGER NOT NULL,
    goldstein REAL,
    cameo TEXT,
    place TEXT,              -- the event's location_country
    PRIMARY KEY (lo, hi, event_id)
);
CREATE INDEX event_country_pairs_event ON event_country_pairs(event_id);
CREATE INDEX event_country_pairs_chrono ON event_country_pairs(lo, hi, happened, (date IS NULL), date, event_id, type, quad, goldstein, cameo, place);

INSERT INTO event_country_pairs (lo, hi, event_id, happened, date, type, quad, goldstein, cameo, place)
WITH codes AS (
    SELECT ea.event_id, ea.actor_id AS code FROM event_actors ea
    UNION
    SELECT ea.event_id, a.country AS code FROM event_actors ea JOIN actors a ON a.id = ea.actor_id
), kept AS (SELECT event_id, code FROM codes WHERE length(code) = 3 AND upper(code) = code)
SELECT x.code, y.code, e.id,
       CASE WHEN e.negated = 0 AND e.hypothetical = 0 AND e.status != 'denied' THEN 1 ELSE 0 END,
       e.date, e.type, (CASE WHEN substr(e.cameo, 1, 2) IN ('01', '02', '03', '04', '05') THEN 1 WHEN substr(e.cameo, 1, 2) IN ('06', '07', '08', '09') THEN 2 WHEN substr(e.cameo, 1, 2) IN ('10', '11', '12', '13', '14') THEN 3 WHEN substr(e.cameo, 1, 2) IN ('15', '16', '17', '18', '19', '20') THEN 4 WHEN e.type IN ('AGREE', 'CONSULT', 'SUPPORT') THEN 1 WHEN e.type IN ('CONCEDE', 'COOPERATE', 'AID', 'RETREAT') THEN 2 WHEN e.type IN ('ACCUSE', 'REJECT', 'THREATEN') THEN 3 WHEN e.type IN ('PROTEST', 'SANCTION', 'MOBILIZE', 'COERCE', 'ASSAULT') THEN 4 ELSE 0 END), e.goldstein, e.cameo, e.location_country
FROM kept x JOIN kept y ON y.event_id = x.event_id AND x.code <= y.code JOIN events e ON e.id = x.event_id;
