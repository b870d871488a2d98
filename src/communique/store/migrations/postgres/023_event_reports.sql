-- Each merged event's reports, one row each (as migrations/023 in SQLite).
CREATE TABLE event_reports (
    event_id TEXT COLLATE "C" NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    seq INTEGER NOT NULL,
    article_id TEXT COLLATE "C" NOT NULL,
    start INTEGER NOT NULL,
    report TEXT COLLATE "C" NOT NULL,
    PRIMARY KEY (event_id, seq),
    UNIQUE (event_id, article_id, start)
);
INSERT INTO event_reports (event_id, seq, article_id, start, report)
SELECT e.id, r.n - 1, coalesce(r.v #>> '{trigger,article_id}', r.v ->> 'article_id', ''),
       coalesce((r.v #>> '{trigger,start}')::integer, -1), r.v::text
FROM events e CROSS JOIN LATERAL jsonb_array_elements(
    CASE WHEN jsonb_typeof(e.features::jsonb -> 'reports') = 'array' THEN e.features::jsonb -> 'reports'
    ELSE '[]'::jsonb END) WITH ORDINALITY AS r(v, n)
ON CONFLICT DO NOTHING;
UPDATE events SET features = (features::jsonb - 'reports')::text WHERE (features::jsonb -> 'reports') IS NOT NULL;
