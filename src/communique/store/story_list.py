"""SQL for the story list the analyst filters: stories with at least one event matching the event
filters (the same WHERE clause as the events listing), with their countries and event counts."""
from __future__ import annotations

from .backend import Conn
from .country_pairs import pair_scope

# A story's events: those whose evidence lies in one of its articles.
_STORY_EVENTS = ("FROM events e JOIN event_evidence v ON v.event_id = e.id JOIN articles r ON r.id = v.article_id")
# The same for a page of stories, read from the stories' side: their (story, event) pairs first
# (DISTINCT keeps SQLite from flattening it), so that a busy filter is not walked through every
# event it matches to find the page's few stories. Format with the story ids' placeholders.
_PAGE_EVENTS = ("FROM (SELECT DISTINCT r.story_id, v.event_id FROM articles r JOIN event_evidence v "
                "ON v.article_id = r.id WHERE r.story_id IN ({marks})) t CROSS JOIN events e WHERE e.id = t.event_id")


class StoryListQueries:
    conn: Conn

    def filtered_story_ids(self, *, limit: int | None = None, offset: int = 0, **event_filters) -> list[str]:
        """Ids of the stories, newest first, that report at least one event matching `event_filters`;
        with no event filter but `mode`, every story (those without events too)."""
        sql, args = self._story_where(event_filters)
        sql = f"SELECT s.id FROM stories s WHERE {sql} ORDER BY s.last_date IS NULL, s.last_date DESC, " \
              "s.created_at DESC, s.id"
        if limit is not None:
            sql += " LIMIT ? OFFSET ?"
            args += [limit, offset]
        return [r[0] for r in self.conn.execute(sql, args).fetchall()]

    def count_filtered_stories(self, **event_filters) -> int:
        sql, args = self._story_where(event_filters)
        return self.conn.execute(f"SELECT count(*) FROM stories s WHERE {sql}", args).fetchone()[0]

    def story_event_counts(self, story_ids: list[str], **event_filters) -> dict[str, int]:
        """{story id: how many of its events match `event_filters`} (Store.count_events(story_id=…) per story)."""
        if not story_ids:
            return {}
        where, args = self._event_where(**{k: v for k, v in event_filters.items() if k != "story_id"})
        marks = ", ".join("?" * len(story_ids))
        rows = self.conn.execute(f"SELECT t.story_id, count(DISTINCT e.id) {_PAGE_EVENTS.format(marks=marks)} "
                                 f"AND {where} GROUP BY t.story_id",
                                 [*story_ids, *args]).fetchall()
        return {r[0]: r[1] for r in rows}

    def story_countries(self, story_ids: list[str], **event_filters) -> dict[str, list[str]]:
        """{story id: the countries its matching events' parties act for (states, their officials and
        bodies), most involved first}."""
        if not story_ids:
            return {}
        where, args = self._event_where(**{k: v for k, v in event_filters.items() if k != "story_id"})
        marks = ", ".join("?" * len(story_ids))
        rows = self.conn.execute(
            f"SELECT m.story_id, a.country, count(DISTINCT m.id) FROM (SELECT t.story_id AS story_id, e.id AS id "
            f"{_PAGE_EVENTS.format(marks=marks)} AND {where}) m "
            f"JOIN event_actors ea ON ea.event_id = m.id JOIN actors a ON a.id = ea.actor_id WHERE a.country IS NOT NULL "
            f"GROUP BY m.story_id, a.country ORDER BY m.story_id, count(DISTINCT m.id) DESC, a.country",
            [*story_ids, *args]).fetchall()
        out: dict[str, list[str]] = {}
        for story_id, country, _ in rows:
            out.setdefault(story_id, []).append(country)
        return out

    def story_main_events(self, story_ids: list[str], *, min_salience: float = 0.7) -> dict[str, dict]:
        """{story id: its main event}: of the events its reports' leads and headlines tell (salience
        at least `min_salience`), the one reported by most articles, then the surest, then the first."""
        if not story_ids:
            return {}
        marks = ", ".join("?" * len(story_ids))
        rows = self.conn.execute(
            f"SELECT r.story_id, e.id, e.type, e.date, count(DISTINCT v.article_id) AS n, "
            f"coalesce(e.confidence, 0) AS c {_STORY_EVENTS} "
            f"WHERE r.story_id IN ({marks}) AND e.salience >= ? AND e.negated = 0 AND e.hypothetical = 0 "
            f"AND e.status != 'denied' GROUP BY r.story_id, e.id, e.type, e.date, e.confidence "
            f"ORDER BY r.story_id, n DESC, c DESC, e.id", [*story_ids, min_salience]).fetchall()
        out: dict[str, dict] = {}
        for story_id, event_id, etype, date, _, _ in rows:
            out.setdefault(story_id, {"id": event_id, "type": etype, "date": date})
        return out

    def story_event_matches(self, **event_filters) -> dict[str, list[str]]:
        """{story id: ids of its events matching `event_filters`}, for every story with one: one query
        a filtered story list can order, count and give event counts from."""
        where, args = self._event_where(**event_filters)
        out: dict[str, list[str]] = {}
        for story_id, event_id in self.conn.execute(
                f"SELECT DISTINCT r.story_id, e.id {_STORY_EVENTS} WHERE {where} AND r.story_id IS NOT NULL", args):
            out.setdefault(story_id, []).append(event_id)
        return out

    def matching_story_ids(self, **event_filters) -> set[str]:
        """The stories with at least one event matching `event_filters` (one pass; for a country or a
        pair the events come from the pairs index, not the event rows)."""
        where, args = self._event_where(**event_filters)
        source = f"{_STORY_EVENTS} WHERE {where}"
        if scope := pair_scope(event_filters):
            source, args = ("FROM event_country_pairs p JOIN event_evidence v ON v.event_id = p.event_id "
                            f"JOIN articles r ON r.id = v.article_id WHERE {scope[0]}"), scope[1]
        return {r[0] for r in self.conn.execute(f"SELECT DISTINCT r.story_id {source} AND r.story_id IS NOT NULL", args)}

    def story_ids_in_order(self) -> list[str]:
        """Every story id, newest first (the order of Store.stories)."""
        return [r[0] for r in self.conn.execute("SELECT s.id FROM stories s ORDER BY s.last_date IS NULL, "
                                                "s.last_date DESC, s.created_at DESC, s.id")]

    def event_countries(self, event_ids: list[str]) -> list[tuple[str, str, int]]:
        """(event id, country, 1) for each country a party of these events acts for."""
        if not event_ids:
            return []
        marks = ", ".join("?" * len(event_ids))
        return [(r[0], r[1], 1) for r in self.conn.execute(
            f"SELECT DISTINCT ea.event_id, a.country FROM event_actors ea JOIN actors a ON a.id = ea.actor_id "
            f"WHERE ea.event_id IN ({marks}) AND a.country IS NOT NULL", event_ids)]

    def _story_where(self, event_filters: dict) -> tuple[str, list]:
        active = {k: v for k, v in event_filters.items() if v not in (None, False, "all", "happened", True)}
        if not active:
            return "1=1", []
        where, args = self._event_where(**event_filters)
        if event_filters.get("story_id"):
            return f"s.id = ? AND s.id IN (SELECT r.story_id {_STORY_EVENTS} WHERE {where})", \
                [event_filters["story_id"], *args]
        return f"s.id IN (SELECT r.story_id {_STORY_EVENTS} WHERE {where})", args
