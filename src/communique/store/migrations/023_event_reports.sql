-- What each report of a merged event said (link/merge.py `combine`: its trigger, rule, date and
-- location reasoning, parties), one row per report, where it was a list inside events.features.
-- An event restated in a background paragraph of every report for years ran that list to 600 kB,
-- read and written again on each merge: a merge now adds one row. A report is its trigger (its
-- article and offset), which is what makes writing a report's row twice harmless.
CREATE TABLE event_reports (
    event_id TEXT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    seq INTEGER NOT NULL,
    article_id TEXT NOT NULL,
    start INTEGER NOT NULL,
    report TEXT NOT NULL,
    PRIMARY KEY (event_id, seq),
    UNIQUE (event_id, article_id, start)
) WITHOUT ROWID;
INSERT INTO event_reports (event_id, seq, article_id, start, report)
SELECT e.id, r.key, coalesce(json_extract(r.value, '$.trigger.article_id'), json_extract(r.value, '$.article_id'), ''),
       coalesce(json_extract(r.value, '$.trigger.start'), -1), r.value
FROM events e, json_each(e.features, '$.reports') r WHERE json_type(e.features, '$.reports') = 'array'
ON CONFLICT DO NOTHING;
UPDATE events SET features = json_remove(features, '$.reports') WHERE json_type(features, '$.reports') IS NOT NULL;
