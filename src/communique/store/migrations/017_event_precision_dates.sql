-- Event merging reads the stored events whose date may overlap a new report's (link/merge.py,
-- candidate_window): a week, month or year dated by its first day is found by this index.
CREATE INDEX events_precision_date ON events(date_precision, date);
