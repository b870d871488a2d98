"""SQL for the story list the analyst filters: stories with at least one event matching the event
filters (the same WHERE clause as the events listing), with their countries and event counts."""
from __future__ import annotations

from .backend import Conn, chunks
from .country_pairs import pair_scope

# A story's events: those whose evidence lies in one of its articles (event_stories keeps them).
_STORY_EVENTS = "FROM events e JOIN event_stories t ON t.event_id = e.id"
# The same for a page of stories, read from the stories' side: their rows first (DISTINCT keeps
# SQLite from flattening it and probing them once per event a busy filter matches), then each
# event by id. Format with the story ids' placeholders.
_PAGE_EVENTS = ("FROM (SELECT DISTINCT story_id, event_id, reports FROM event_stories WHERE story_id IN ({marks})) t "
                "CROSS JOIN events e WHERE e.id = t.event_id")
# The story list's order (index stories_newest).
_NEWEST = "s.last_date IS NULL, s.last_date DESC, s.created_at DESC, s.id"


class StoryListQueries:
    conn: Conn

    def filtered_story_ids(self, *, limit: int | None = None, offset: int = 0, **event_filters) -> list[str]:
        """Ids of the stories, newest first, that report at least one event matching `event_filters`;
        with no event filter but `mode`, every story (those without events too)."""
        sql, args = self._story_where(event_filters)
        sql = f"SELECT s.id FROM stories s WHERE {sql} ORDER BY {_NEWEST}"
        if limit is not None:
            sql += " LIMIT ? OFFSET ?"
            args += [limit, offset]
        return [r[0] for r in self.conn.execute(sql, args).fetchall()]

    def count_filtered_stories(self, **event_filters) -> int:
        sql, args = self._story_where(event_filters)
        return self.conn.execute(f"SELECT count(*) FROM stories s WHERE {sql}", args).fetchone()[0]

    def story_event_counts(self, story_ids: list[str], **event_filters) -> dict[str, int]:
        """{story id: how many of its events match `event_filters`} (Store.count_events(story_id=…) per story)."""
        return self.story_events_summary(story_ids, **event_filters)[0]

    def story_countries(self, story_ids: list[str], **event_filters) -> dict[str, list[str]]:
        """{story id: the countries its matching events' parties act for (states, their officials and
        bodies), most involved first}."""
        return self.story_events_summary(story_ids, **event_filters)[1]

    def story_events_summary(self, story_ids: list[str], *, matching: int | None = None,
                             **event_filters) -> tuple[dict[str, int], dict[str, list[str]]]:
        """story_event_counts and story_countries at once, the stories' matching events read once.
        `matching`: how many stories the filters match, where known. A page's stories usually hold
        fewer events than a busy filter matches, so each is checked by lookup; but where the filter
        matches fewer stories than the page holds events (a rare party among long stories), its
        events are listed first."""
        if not story_ids:
            return {}, {}
        marks = ", ".join("?" * len(story_ids))
        probe = matching is None or matching >= self.conn.execute(
            f"SELECT count(*) FROM event_stories WHERE story_id IN ({marks})", story_ids).fetchone()[0]
        where, args = self._event_where(**{k: v for k, v in event_filters.items() if k != "story_id"}, probe=probe)
        events: dict[str, list[str]] = {}
        for story_id, event_id in self.conn.execute(f"SELECT t.story_id, e.id {_PAGE_EVENTS.format(marks=marks)} "
                                                    f"AND {where}", [*story_ids, *args]):
            events.setdefault(story_id, []).append(event_id)
        countries: dict[str, set[str]] = {}
        for event_id, country, _ in self.event_countries(sorted({e for ids in events.values() for e in ids})):
            countries.setdefault(event_id, set()).add(country)
        out: dict[str, list[str]] = {}
        for story_id, ids in events.items():
            tally: dict[str, int] = {}
            for event_id in ids:
                for country in countries.get(event_id, ()):
                    tally[country] = tally.get(country, 0) + 1
            if tally:
                out[story_id] = sorted(tally, key=lambda c: (-tally[c], c))
        return {s: len(ids) for s, ids in events.items()}, out

    def story_main_events(self, story_ids: list[str], *, min_salience: float = 0.7) -> dict[str, dict]:
        """{story id: its main event}: of the events its reports' leads and headlines tell (salience
        at least `min_salience`), the one reported by most articles, then the surest, then the first."""
        if not story_ids:
            return {}
        marks = ", ".join("?" * len(story_ids))
        rows = self.conn.execute(
            f"SELECT t.story_id, e.id, e.type, e.date, t.reports AS n, coalesce(e.confidence, 0) AS c "
            f"{_PAGE_EVENTS.format(marks=marks)} AND e.salience >= ? AND e.negated = 0 AND e.hypothetical = 0 "
            f"AND e.status != 'denied' ORDER BY t.story_id, n DESC, c DESC, e.id", [*story_ids, min_salience]).fetchall()
        out: dict[str, dict] = {}
        for story_id, event_id, etype, date, _, _ in rows:
            out.setdefault(story_id, {"id": event_id, "type": etype, "date": date})
        return out

    def story_event_matches(self, **event_filters) -> dict[str, list[str]]:
        """{story id: ids of its events matching `event_filters`}, for every story with one: one query
        a filtered story list can order, count and give event counts and countries from (for a
        country or a pair the events come from the pairs index, not the event rows)."""
        where, args = self._event_where(**event_filters)
        source = f"{_STORY_EVENTS} WHERE {where}"
        if scope := pair_scope(event_filters):
            source, args = "FROM event_country_pairs p JOIN event_stories t ON t.event_id = p.event_id " \
                           f"WHERE {scope[0]}", scope[1]
        out: dict[str, list[str]] = {}
        for story_id, event_id in self.conn.execute(f"SELECT t.story_id, t.event_id {source}", args):
            out.setdefault(story_id, []).append(event_id)
        return out

    def story_page(self, *, limit: int, offset: int = 0, **event_filters) -> tuple[int, list[str]]:
        """(how many stories report an event matching `event_filters`, the ids of one page of them,
        newest first): counted and paged in one query (for a country or a pair from the stories'
        pairs index, not the event rows)."""
        where, args = self._event_where(**event_filters)
        matching = f"SELECT DISTINCT t.story_id AS id {_STORY_EVENTS} WHERE {where}"
        if scope := pair_scope(event_filters):  # the pairs' stories, side by side in one index
            matching, args = f"SELECT DISTINCT p.story_id AS id FROM story_country_pairs p WHERE {scope[0]}", scope[1]
        rows = self.conn.execute(f"SELECT s.id, count(*) OVER () FROM ({matching}) m JOIN stories s ON s.id = m.id "
                                 f"ORDER BY {_NEWEST} LIMIT ? OFFSET ?", [*args, limit, offset]).fetchall()
        if rows:
            return rows[0][1], [r[0] for r in rows]
        total = self.conn.execute(f"SELECT count(*) FROM ({matching}) m JOIN stories s ON s.id = m.id", args).fetchone()[0]
        return total, []

    def event_countries(self, event_ids: list[str]) -> list[tuple[str, str, int]]:
        """(event id, country, 1) for each country a party of these events acts for."""
        out = []
        for chunk, marks in chunks(event_ids):
            out += [(r[0], r[1], 1) for r in self.conn.execute(
                "SELECT DISTINCT ea.event_id, a.country FROM event_actors ea JOIN actors a ON a.id = ea.actor_id "
                f"WHERE ea.event_id IN ({marks}) AND a.country IS NOT NULL", chunk)]
        return out

    def _story_where(self, event_filters: dict) -> tuple[str, list]:
        active = {k: v for k, v in event_filters.items() if v not in (None, False, "all", "happened", True)}
        if not active:
            return "1=1", []
        where, args = self._event_where(**event_filters)
        if event_filters.get("story_id"):
            return f"s.id = ? AND s.id IN (SELECT t.story_id {_STORY_EVENTS} WHERE {where})", \
                [event_filters["story_id"], *args]
        return f"s.id IN (SELECT t.story_id {_STORY_EVENTS} WHERE {where})", args
