"""SQL for events: one row per real-world event, with its parties and every evidence sentence."""
from __future__ import annotations

import json
from typing import Any, Iterable

from ..models import Event, EventDate, Location, Span
from .backend import Conn


class EventQueries:
    conn: Conn

    def upsert_event(self, event: Event) -> None:
        """Insert the event, or add this report's evidence and parties to the one it merged into."""
        self.conn.execute(
            "INSERT INTO events (id, type, mode, cameo, date, date_precision, date_source, date_phrase, location_name, "
            "location_country, goldstein, negated, hypothetical, rule, features, confidence, salience, status, claimed_by, "
            "reported) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?) "
            "ON CONFLICT(id) DO UPDATE SET "
            # link/merge.py has already combined this report with the stored event (best date,
            # best-argued location, every report's features): what it hands over wins, except
            # that a date or location is never lost to a report that lacks one.
            "date = coalesce(excluded.date, events.date), "
            "date_precision = CASE WHEN excluded.date IS NULL THEN events.date_precision "
            "ELSE excluded.date_precision END, "
            "date_source = CASE WHEN excluded.date IS NULL THEN events.date_source ELSE excluded.date_source END, "
            "date_phrase = CASE WHEN excluded.date IS NULL THEN events.date_phrase ELSE excluded.date_phrase END, "
            "location_name = coalesce(excluded.location_name, events.location_name), "
            "location_country = CASE WHEN excluded.location_name IS NULL THEN events.location_country "
            "ELSE excluded.location_country END, "
            "features = excluded.features, confidence = excluded.confidence, salience = excluded.salience, "
            "status = excluded.status, claimed_by = excluded.claimed_by, "
            "reported = CASE WHEN events.reported IS NULL OR excluded.reported < events.reported "
            "THEN excluded.reported ELSE events.reported END",
            (event.id, event.type, event.mode, event.cameo, event.date.value, event.date.precision, event.date.source,
             event.date.phrase, event.location.name if event.location else None,
             event.location.country if event.location else None, event.goldstein, int(event.negated),
             int(event.hypothetical), event.rule, json.dumps(event.features, ensure_ascii=False, default=str),
             event.confidence, event.salience, event.status, event.claimed_by, event.reported))
        for position, actor_id in enumerate(event.actors):
            self.conn.execute("INSERT INTO event_actors (event_id, actor_id, role, position) VALUES (?,?,?,?) "
                              "ON CONFLICT DO NOTHING", (event.id, actor_id, "actor", position))
        for position, actor_id in enumerate(event.recipients):
            self.conn.execute("INSERT INTO event_actors (event_id, actor_id, role, position) VALUES (?,?,?,?) "
                              "ON CONFLICT DO NOTHING", (event.id, actor_id, "recipient", position))
        self.conn.executemany(
            'INSERT INTO event_evidence (event_id, article_id, start, "end", text) VALUES (?,?,?,?,?) '
            "ON CONFLICT DO NOTHING",
            [(event.id, s.article_id, s.start, s.end, s.text) for s in event.evidence])

    def merge_candidates(self, type: str, party_ids: Iterable[str], *, countries: Iterable[str] = (),
                         limit: int = 200) -> list[tuple[Event, list[dict]]]:
        """Stored events of this type that share a party with ``party_ids`` (or, given
        ``countries``, a party of one of those states: an official where the report names the
        state), newest first, each with the articles reporting it ({id, story_id, published}):
        what link/merge.py compares a new report against."""
        ids = sorted(set(party_ids))
        states = sorted(set(countries))
        if not ids:
            return []
        cond = f"ea.actor_id IN ({', '.join('?' * len(ids))})"
        if states:
            cond = f"({cond} OR ea.actor_id IN (SELECT id FROM actors WHERE country IN ({', '.join('?' * len(states))})))"
        rows = self.conn.execute(
            f"SELECT e.* FROM events e WHERE e.type = ? AND EXISTS (SELECT 1 FROM event_actors ea "
            f"WHERE ea.event_id = e.id AND {cond}) ORDER BY e.rowid DESC LIMIT ?",
            [type, *ids, *states, limit]).fetchall()
        out = []
        for event in self._hydrate(rows):
            arts = self.conn.execute(
                "SELECT DISTINCT a.id, a.story_id, a.published FROM event_evidence v JOIN articles a "
                "ON a.id = v.article_id WHERE v.event_id = ?", (event.id,)).fetchall()
            out.append((event, [{"id": r[0], "story_id": r[1], "published": r[2]} for r in arts]))
        return out

    def remove_article_events(self, article_id: str) -> None:
        """Drop one article's evidence; events that no other article reports go with it."""
        ids = [r[0] for r in self.conn.execute("SELECT DISTINCT event_id FROM event_evidence WHERE article_id = ?",
                                               (article_id,))]
        self.conn.execute("DELETE FROM event_evidence WHERE article_id = ?", (article_id,))
        for event_id in ids:
            left = self.conn.execute("SELECT 1 FROM event_evidence WHERE event_id = ? LIMIT 1", (event_id,)).fetchone()
            if not left:
                self.conn.execute("DELETE FROM events WHERE id = ?", (event_id,))

    def event(self, event_id: str) -> Event | None:
        row = self.conn.execute("SELECT * FROM events WHERE id = ?", (event_id,)).fetchone()
        return self._hydrate([row])[0] if row else None

    def events(self, *, actor: str | None = None, recipient: str | None = None, pair: tuple[str, str] | None = None,
               type: str | None = None, since: str | None = None, until: str | None = None,
               story_id: str | None = None, article_id: str | None = None, country: str | None = None,
               party: str | None = None, limit: int | None = None, offset: int = 0) -> list[Event]:
        """Events matching every filter given. Actor filters take actor ids (`party`: on either side);
        `pair` and `country` take country codes and match any party acting for that country."""
        where, args = self._event_where(actor=actor, recipient=recipient, pair=pair, type=type, since=since,
                                        until=until, story_id=story_id, article_id=article_id, country=country,
                                        party=party)
        sql = f"SELECT e.* FROM events e WHERE {where} ORDER BY e.date IS NULL, e.date, e.id"
        if limit is not None:
            sql += " LIMIT ? OFFSET ?"
            args += [limit, offset]
        return self._hydrate(self.conn.execute(sql, args).fetchall())

    def count_events(self, **filters) -> int:
        """How many events `events(**filters)` would return without a limit (for paging)."""
        where, args = self._event_where(**filters)
        return self.conn.execute(f"SELECT count(*) FROM events e WHERE {where}", args).fetchone()[0]

    def event_histogram(self, **filters) -> list[tuple[str | None, str, int]]:
        """(YYYY-MM or None, type, count) of the matching events that happened (not negated or
        hypothetical): what a cooperation/conflict chart is drawn from."""
        where, args = self._event_where(**filters)
        # The month expression is written out: PostgreSQL takes an output name only bare in ORDER BY.
        month = "substr(e.date, 1, 7)"
        rows = self.conn.execute(f"SELECT {month} AS month, e.type, count(*) FROM events e "
                                 f"WHERE {where} AND e.negated = 0 AND e.hypothetical = 0 "
                                 f"GROUP BY {month}, e.type ORDER BY {month} IS NULL, {month}, e.type", args).fetchall()
        return [(r[0], r[1], r[2]) for r in rows]

    def counterparts(self, actor_id: str, limit: int = 30) -> list[tuple[str, int]]:
        """(other actor id, shared events) for the actors that share events with this one, most first."""
        rows = self.conn.execute(
            "SELECT b.actor_id, count(DISTINCT a.event_id) AS n FROM event_actors a "
            "JOIN event_actors b ON b.event_id = a.event_id AND b.actor_id != a.actor_id "
            "WHERE a.actor_id = ? GROUP BY b.actor_id ORDER BY n DESC, b.actor_id LIMIT ?", (actor_id, limit))
        return [(r[0], r[1]) for r in rows]

    def _event_where(self, *, actor: str | None = None, recipient: str | None = None,
                     pair: tuple[str, str] | None = None, type: str | None = None, since: str | None = None,
                     until: str | None = None, story_id: str | None = None, article_id: str | None = None,
                     country: str | None = None, party: str | None = None) -> tuple[str, list]:
        """The WHERE clause shared by listing, counting and charting events."""
        sql, args = "1=1", []
        party_sql = ("EXISTS (SELECT 1 FROM event_actors ea LEFT JOIN actors a ON a.id = ea.actor_id "
                     "WHERE ea.event_id = e.id AND {cond})")
        if actor:
            sql += " AND " + party_sql.format(cond="ea.role = 'actor' AND ea.actor_id = ?")
            args.append(actor)
        if recipient:
            sql += " AND " + party_sql.format(cond="ea.role = 'recipient' AND ea.actor_id = ?")
            args.append(recipient)
        if country:
            sql += " AND " + party_sql.format(cond="(a.country = ? OR ea.actor_id = ?)")
            args += [country.upper(), country.upper()]
        if pair:
            for code in pair:
                sql += " AND " + party_sql.format(cond="(a.country = ? OR ea.actor_id = ?)")
                args += [code.upper(), code.upper()]
        if type:
            sql += " AND e.type = ?"
            args.append(type.upper())
        if since:
            sql += " AND e.date >= ?"
            args.append(since)
        if until:
            sql += " AND e.date <= ?"
            args.append(until)
        if story_id:
            # IN, not a correlated EXISTS: the story's few articles are found by index first.
            sql += (" AND e.id IN (SELECT v.event_id FROM event_evidence v JOIN articles r ON r.id = v.article_id "
                    "WHERE r.story_id = ?)")
            args.append(story_id)
        if article_id:
            sql += " AND e.id IN (SELECT v.event_id FROM event_evidence v WHERE v.article_id = ?)"
            args.append(article_id)
        if party:
            sql += " AND " + party_sql.format(cond="ea.actor_id = ?")
            args.append(party)
        return sql, args

    def _hydrate(self, rows: Iterable[Any]) -> list[Event]:
        events = []
        for r in rows:
            parties = self.conn.execute("SELECT actor_id, role FROM event_actors WHERE event_id = ? "
                                        "ORDER BY position, actor_id",
                                        (r["id"],)).fetchall()
            evidence = self.conn.execute('SELECT article_id, start, "end", text FROM event_evidence WHERE event_id = ? '
                                         "ORDER BY article_id, start", (r["id"],)).fetchall()
            spans = [Span(article_id=e[0], start=e[1], end=e[2], text=e[3]) for e in evidence]
            events.append(Event(
                id=r["id"], type=r["type"], mode=r["mode"], cameo=r["cameo"],
                actors=[p[0] for p in parties if p[1] == "actor"],
                recipients=[p[0] for p in parties if p[1] == "recipient"],
                date=EventDate(r["date"], r["date_precision"], r["date_source"] or "none", r["date_phrase"]),
                location=Location(r["location_name"], r["location_country"]) if r["location_name"] else None,
                evidence=spans, article_ids=sorted({s.article_id for s in spans}),
                negated=bool(r["negated"]), hypothetical=bool(r["hypothetical"]), goldstein=r["goldstein"],
                rule=r["rule"], features=json.loads(r["features"] or "{}"), confidence=r["confidence"],
                salience=r["salience"], status=r["status"] or "asserted", claimed_by=r["claimed_by"],
                reported=r["reported"]))
        return events
