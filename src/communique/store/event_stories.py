"""Each event's stories, and its number of reports, kept beside it (migration 022 made and filled
them): what the filtered story list, its counts and the -reports sort read instead of walking every
event's evidence through the article rows.

A story's events are those whose evidence lies in one of its articles, so the rows follow the
evidence (an event saved, merged or removed) and the articles' stories (an article placed, two
stories merged, every story rebuilt). `reports` counts the story's articles among the event's
evidence; events.report_count counts all of them. story_country_pairs joins these rows with the
events' country pairs, and is rewritten with either.
"""
from __future__ import annotations

from typing import Iterable

from .backend import Conn, chunks


class EventStoryQueries:
    conn: Conn

    def refresh_event_stories(self, event_ids: Iterable[str]) -> None:
        """Rewrite these events' rows from their stored evidence and its articles' stories."""
        ids = sorted(set(event_ids))
        for chunk, marks in chunks(ids):
            self.conn.execute(f"DELETE FROM event_stories WHERE event_id IN ({marks})", chunk)
            self.conn.execute(
                "INSERT INTO event_stories (event_id, story_id, reports) SELECT v.event_id, a.story_id, "
                "count(DISTINCT v.article_id) FROM event_evidence v JOIN articles a ON a.id = v.article_id "
                f"WHERE v.event_id IN ({marks}) AND a.story_id IS NOT NULL GROUP BY v.event_id, a.story_id", chunk)
        self.refresh_story_pairs(ids)

    def add_story_reports(self, event_id: str, article_ids: Iterable[str], *, pairs_changed: bool) -> None:
        """A stored event gained these reports (articles not yet among its evidence): count them into
        their stories' rows and give a story new to the event its pair rows. What a merge costs no
        longer grows with the event: one restated in a background paragraph of every report for
        years was recounted, all its stories' rows rewritten, on each new report. Its pair rows are
        rewritten in full only when its country pairs changed (a new party, a better date)."""
        ids = sorted(set(article_ids))
        touched = []
        for chunk, marks in chunks(ids):
            for story_id, n in self.conn.execute(
                    f"SELECT story_id, count(*) FROM articles WHERE id IN ({marks}) AND story_id IS NOT NULL "
                    "GROUP BY story_id", chunk).fetchall():
                self.conn.execute("INSERT INTO event_stories (event_id, story_id, reports) VALUES (?, ?, ?) "
                                  "ON CONFLICT(event_id, story_id) DO UPDATE SET reports = event_stories.reports + "
                                  "excluded.reports", (event_id, story_id, n))
                touched.append(story_id)
        if pairs_changed:
            self.refresh_story_pairs([event_id])
            return
        for story_id in touched:  # rows a story already had are the same rows: kept
            self.conn.execute(
                "INSERT INTO story_country_pairs (lo, hi, story_id, event_id, happened, date, type, quad) "
                "SELECT p.lo, p.hi, ?, p.event_id, p.happened, p.date, p.type, p.quad FROM event_country_pairs p "
                "WHERE p.event_id = ? ON CONFLICT DO NOTHING", (story_id, event_id))

    def move_story_events(self, story_id: str, into: str) -> None:
        """Every article of `story_id` now belongs to `into`: its events' rows follow, added to the
        counts of those `into` already had (the two stories' articles are distinct)."""
        moved = self.story_event_ids(story_id)
        self.conn.execute("INSERT INTO event_stories (event_id, story_id, reports) SELECT event_id, ?, reports "
                          "FROM event_stories WHERE story_id = ? ON CONFLICT(event_id, story_id) DO UPDATE SET "
                          "reports = event_stories.reports + excluded.reports", (into, story_id))
        self.conn.execute("DELETE FROM event_stories WHERE story_id = ?", (story_id,))
        for chunk, marks in chunks(moved):
            self.conn.execute(
                "INSERT INTO story_country_pairs (lo, hi, story_id, event_id, happened, date, type, quad) "
                "SELECT lo, hi, ?, event_id, happened, date, type, quad FROM story_country_pairs "
                f"WHERE event_id IN ({marks}) AND story_id = ? ON CONFLICT DO NOTHING", [into, *chunk, story_id])
            self.conn.execute(f"DELETE FROM story_country_pairs WHERE event_id IN ({marks}) AND story_id = ?",
                              [*chunk, story_id])

    def refresh_story_pairs(self, event_ids: Iterable[str]) -> None:
        """Rewrite these events' story_country_pairs rows from their country pairs and stories."""
        for chunk, marks in chunks(sorted(set(event_ids))):
            self.conn.execute(f"DELETE FROM story_country_pairs WHERE event_id IN ({marks})", chunk)
            self.conn.execute(
                "INSERT INTO story_country_pairs (lo, hi, story_id, event_id, happened, date, type, quad) "
                "SELECT p.lo, p.hi, t.story_id, p.event_id, p.happened, p.date, p.type, p.quad FROM event_country_pairs p "
                f"JOIN event_stories t ON t.event_id = p.event_id WHERE p.event_id IN ({marks})", chunk)

    def refresh_report_counts(self, event_ids: Iterable[str]) -> None:
        """Recount these events' reports (after evidence was taken away)."""
        for chunk, marks in chunks(sorted(set(event_ids))):
            self.conn.execute("UPDATE events SET report_count = (SELECT count(DISTINCT v.article_id) FROM "
                              f"event_evidence v WHERE v.event_id = events.id) WHERE id IN ({marks})", chunk)

    def refresh_article_stories(self, article_ids: Iterable[str]) -> None:
        """After these articles changed story: the rows of the events they report."""
        events: set[str] = set()
        for chunk, marks in chunks(sorted(set(article_ids))):
            events.update(r[0] for r in self.conn.execute(
                f"SELECT DISTINCT event_id FROM event_evidence WHERE article_id IN ({marks})", chunk))
        self.refresh_event_stories(events)

    def story_event_ids(self, story_id: str) -> list[str]:
        """The events whose evidence lies in this story's articles."""
        return [r[0] for r in self.conn.execute("SELECT event_id FROM event_stories WHERE story_id = ?", (story_id,))]

