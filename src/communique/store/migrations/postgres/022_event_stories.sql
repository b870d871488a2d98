-- Each event's stories and number of reports, kept beside it (as migrations/022 in SQLite).
CREATE TABLE event_stories (
    event_id TEXT COLLATE "C" NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    story_id TEXT COLLATE "C" NOT NULL,
    reports INTEGER NOT NULL,
    PRIMARY KEY (event_id, story_id)
);
CREATE INDEX event_stories_story ON event_stories(story_id, event_id, reports);
INSERT INTO event_stories (event_id, story_id, reports)
SELECT v.event_id, a.story_id, count(DISTINCT v.article_id) FROM event_evidence v JOIN articles a ON a.id = v.article_id
WHERE a.story_id IS NOT NULL GROUP BY v.event_id, a.story_id;

-- The country pairs (migration 020) of each story's events: a story list filtered by a country or a
-- pair counts and pages its stories from this narrow index instead of looking up the story of each
-- of the pair's events (the busiest pair: 40k). Kept with the two tables it joins.
CREATE TABLE story_country_pairs (
    lo TEXT COLLATE "C" NOT NULL,
    hi TEXT COLLATE "C" NOT NULL,
    story_id TEXT COLLATE "C" NOT NULL,
    event_id TEXT COLLATE "C" NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    happened INTEGER NOT NULL,
    date TEXT COLLATE "C",
    type TEXT COLLATE "C" NOT NULL,
    quad INTEGER NOT NULL,
    PRIMARY KEY (lo, hi, happened, story_id, event_id)
);
CREATE INDEX story_country_pairs_event ON story_country_pairs(event_id);
INSERT INTO story_country_pairs (lo, hi, story_id, event_id, happened, date, type, quad)
SELECT p.lo, p.hi, t.story_id, p.event_id, p.happened, p.date, p.type, p.quad
FROM event_country_pairs p JOIN event_stories t ON t.event_id = p.event_id;

ALTER TABLE events ADD COLUMN report_count INTEGER NOT NULL DEFAULT 0;
UPDATE events SET report_count = (SELECT count(DISTINCT v.article_id) FROM event_evidence v WHERE v.event_id = events.id);

DROP INDEX events_facets;
CREATE INDEX events_facets ON events(type, cameo, location_country, confidence, negated, hypothetical, status)
    WHERE negated = 0 AND hypothetical = 0 AND status != 'denied';
CREATE INDEX events_lookup ON events(id, negated, hypothetical, status, type, cameo, date, location_country, confidence,
                                     salience, goldstein, report_count);
CREATE INDEX stories_newest ON stories((last_date IS NULL), last_date DESC, created_at DESC, id);

CREATE INDEX events_by_reports ON events(report_count DESC, (date IS NULL), date, id)
    WHERE negated = 0 AND hypothetical = 0 AND status != 'denied';
CREATE INDEX events_by_goldstein ON events((goldstein IS NULL), goldstein, id)
    WHERE negated = 0 AND hypothetical = 0 AND status != 'denied';
CREATE INDEX events_by_goldstein_desc ON events((goldstein IS NULL), goldstein DESC, id)
    WHERE negated = 0 AND hypothetical = 0 AND status != 'denied';
CREATE INDEX events_by_confidence ON events((confidence IS NULL), confidence DESC, id)
    WHERE negated = 0 AND hypothetical = 0 AND status != 'denied';
CREATE INDEX events_by_date_desc ON events((date IS NULL), date DESC, id)
    WHERE negated = 0 AND hypothetical = 0 AND status != 'denied';
CREATE INDEX events_by_type ON events(type, (date IS NULL), date, id)
    WHERE negated = 0 AND hypothetical = 0 AND status != 'denied';

-- How articles name an actor (store/actors.py mention_words) from the index alone: a state's page
-- grouped its every mention row (80k for the busiest state: 125 ms, 13 with it).
CREATE INDEX mentions_words ON mentions(actor_id, text, role_title, role_conflict);

-- A page of stories' articles in order (store/stories.py story) and their sources (story_sources)
-- from one index, without the article rows and their texts.
CREATE INDEX articles_story_heads ON articles(story_id, (published IS NULL), published, id, outlet, original_source, duplicate_of);
