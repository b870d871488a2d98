"""SQL for events: one row per real-world event, with its parties and every evidence sentence."""
from __future__ import annotations

import json
from typing import Any, Iterable, Iterator

from ..models import Event, EventDate, EventWindow, Location, MergeCandidate, Span
from .backend import Conn, chunks
from .country_pairs import pair_key, pair_scope

# What "happened" means wherever events are counted, listed, charted or exported by default.
HAPPENED_SQL = "(e.negated = 0 AND e.hypothetical = 0 AND e.status != 'denied')"

# CAMEO quad class (1 verbal cooperation, 2 material cooperation, 3 verbal conflict, 4 material
# conflict; 0 none) from the CAMEO root, as GDELT's QuadClass; an event without a CAMEO code takes
# its PLOVER type's usual root. Written with IN lists so SQLite and PostgreSQL read it alike.
_ROOTS = {1: ("01", "02", "03", "04", "05"), 2: ("06", "07", "08", "09"), 3: ("10", "11", "12", "13", "14"),
          4: ("15", "16", "17", "18", "19", "20")}
_TYPE_QUAD = {1: ("AGREE", "CONSULT", "SUPPORT"), 2: ("CONCEDE", "COOPERATE", "AID", "RETREAT"),
              3: ("ACCUSE", "REJECT", "THREATEN"), 4: ("PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT")}
QUAD_SQL = ("(CASE " + " ".join(f"WHEN substr(e.cameo, 1, 2) IN ({', '.join(repr(r) for r in roots)}) THEN {q}"
                               for q, roots in _ROOTS.items())
            + " " + " ".join(f"WHEN e.type IN ({', '.join(repr(t) for t in types)}) THEN {q}"
                             for q, types in _TYPE_QUAD.items()) + " ELSE 0 END)")
# How a listing may be ordered (whitelisted: the value goes into the SQL).
SORTS = {
    "date": "e.date IS NULL, e.date, e.id",
    "-date": "e.date IS NULL, e.date DESC, e.id",
    "type": "e.type, e.date IS NULL, e.date, e.id",
    "goldstein": "e.goldstein IS NULL, e.goldstein, e.id",
    "-goldstein": "e.goldstein IS NULL, e.goldstein DESC, e.id",
    "-confidence": "e.confidence IS NULL, e.confidence DESC, e.id",
    "-reports": "e.report_count DESC, e.date IS NULL, e.date, e.id",  # distinct articles in its evidence
}


# Every column but features, which a much-merged event runs to hundreds of kB of JSON with every
# report's reasoning: what listings, pages and exports read (they never show it).
_BRIEF = ("e.id, e.type, e.mode, e.cameo, e.date, e.date_precision, e.date_source, e.date_phrase, e.location_name, "
          "e.location_country, e.goldstein, e.negated, e.hypothetical, e.rule, e.confidence, e.salience, e.status, "
          "e.claimed_by, e.reported")

# One stored event as `event_records` reads it: its row, actor ids, recipient ids, and evidence
# spans as (article id, start, end, text).
EventRecord = tuple[Any, list[str], list[str], list[tuple]]


class EventQueries:
    conn: Conn

    def upsert_event(self, event: Event) -> None:
        """Insert the event, or add this report's evidence and parties to the one it merged into."""
        # Only spans not stored yet are written, and the articles new to the event added to its
        # stored report count, so the row is written once. Only the handed-over spans' articles
        # are looked up: a merge into an event of thousands of reports reads a few rows.
        here = sorted({s.article_id for s in event.evidence})
        stored: set[tuple[str, int]] = set()
        for chunk, marks in chunks(here):
            stored.update((r[0], r[1]) for r in self.conn.execute(
                f"SELECT article_id, start FROM event_evidence WHERE event_id = ? AND article_id IN ({marks})",
                [event.id, *chunk]))
        fresh = [s for s in event.evidence if (s.article_id, s.start) not in stored]
        new_reports = {s.article_id for s in fresh} - {a for a, _ in stored}
        self.conn.execute(
            "INSERT INTO events (id, type, mode, cameo, date, date_precision, date_source, date_phrase, location_name, "
            "location_country, goldstein, negated, hypothetical, rule, features, confidence, salience, status, claimed_by, "
            "reported, report_count) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?) "
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
            "THEN excluded.reported ELSE events.reported END, report_count = events.report_count + excluded.report_count",
            (event.id, event.type, event.mode, event.cameo, event.date.value, event.date.precision, event.date.source,
             event.date.phrase, event.location.name if event.location else None,
             event.location.country if event.location else None, event.goldstein, int(event.negated),
             int(event.hypothetical), event.rule,
             json.dumps({k: v for k, v in event.features.items() if k != "reports"}, ensure_ascii=False, default=str),
             event.confidence, event.salience, event.status, event.claimed_by, event.reported, len(new_reports)))
        for position, actor_id in enumerate(event.actors):
            self.conn.execute("INSERT INTO event_actors (event_id, actor_id, role, position) VALUES (?,?,?,?) "
                              "ON CONFLICT DO NOTHING", (event.id, actor_id, "actor", position))
        for position, actor_id in enumerate(event.recipients):
            self.conn.execute("INSERT INTO event_actors (event_id, actor_id, role, position) VALUES (?,?,?,?) "
                              "ON CONFLICT DO NOTHING", (event.id, actor_id, "recipient", position))
        self.conn.executemany(
            'INSERT INTO event_evidence (event_id, article_id, start, "end", text) VALUES (?,?,?,?,?) '
            "ON CONFLICT DO NOTHING",
            [(event.id, s.article_id, s.start, s.end, s.text) for s in fresh])
        self._add_reports(event.id, event.features.get("reports") or [])
        changed = self.refresh_country_pairs([event.id])
        self.add_story_reports(event.id, new_reports, pairs_changed=event.id in changed)

    def _add_reports(self, event_id: str, reports: list[dict]) -> None:
        """Each report's summary (features["reports"]: link/merge.py `combine`) as a row of
        event_reports, after those stored. A report is its trigger, so one already stored is not
        written again: a merge reads the stored event without its reports, and the summary of its
        first report that `combine` then makes again (the trigger never changes) is that one."""
        for report in reports:
            trigger = report.get("trigger") or {}
            start = trigger.get("start")
            self.conn.execute(
                "INSERT INTO event_reports (event_id, seq, article_id, start, report) "
                "SELECT ?, coalesce(max(seq) + 1, 0), ?, ?, ? FROM event_reports WHERE event_id = ? "
                "ON CONFLICT DO NOTHING",
                (event_id, trigger.get("article_id") or report.get("article_id") or "", -1 if start is None else start,
                 json.dumps(report, ensure_ascii=False, default=str), event_id))

    def merge_candidates(self, type: str, party_ids: Iterable[str], *, countries: Iterable[str] = (),
                         window: EventWindow, own: Iterable[str] = (), limit: int = 200) -> list[MergeCandidate]:
        """Stored events of this type that share a party with ``party_ids`` (or, given
        ``countries``, a party of one of those states: an official where the report names the
        state), newest first: what link/merge.py compares a new report against (``own``: the new
        report's articles). Only events inside the ``window``, found through the indexes on stories,
        publication days and event dates, and only their reports inside it are read: a lookup that
        costs the same whatever the store's size or the events' age."""
        ids = sorted(set(party_ids))
        states = sorted(set(countries))
        if not ids:
            return []
        cond = f"ea.actor_id IN ({', '.join('?' * len(ids))})"
        if states:
            cond = f"({cond} OR ea.actor_id IN (SELECT id FROM actors WHERE country IN ({', '.join('?' * len(states))})))"
        source, near = _in_window(window)
        found = [r[0] for r in self.conn.execute(
            f"SELECT e.id FROM {source} e.type = ? AND EXISTS (SELECT 1 FROM event_actors ea "
            f"WHERE ea.event_id = e.id AND {cond}) ORDER BY e.rowid DESC LIMIT ?",
            [*near, type, *ids, *states, limit])]
        if not found:
            return []
        mine = sorted(set(own))
        # Without their evidence but from the new report's own articles (an earlier analysis of it).
        out = {e.id: MergeCandidate(e) for e in self.events_by_id(found, with_reports=False, evidence_from=mine)}
        marks, mine = ", ".join("?" * len(found)), mine or [""]
        for event_id, spans, own_spans in self.conn.execute(
                "SELECT event_id, count(*), sum(CASE WHEN article_id IN "
                f"({', '.join('?' * len(mine))}) THEN 1 ELSE 0 END) "
                f"FROM event_evidence WHERE event_id IN ({marks}) GROUP BY event_id", [*mine, *found]):
            out[event_id].spans, out[event_id].own_only = spans, spans == own_spans
        self._candidate_reports(out, window)
        return [out[i] for i in found if i in out]

    def _candidate_reports(self, out: dict[str, MergeCandidate], window: EventWindow) -> None:
        """What merging asks of each candidate's reports: whether one is in a story of the window
        (else whether any is in a story at all), and which were published inside the window."""
        wanted = sorted(window.story_ids)
        for cand in out.values():
            if wanted:
                cand.stories.update(r[0] for r in self.conn.execute(
                    "SELECT story_id FROM event_stories WHERE event_id = ? "
                    f"AND story_id IN ({', '.join('?' * len(wanted))})", [cand.event.id, *wanted]))
            if not cand.stories:
                cand.stories.update(r[0] for r in self.conn.execute(
                    "SELECT story_id FROM event_stories WHERE event_id = ? LIMIT 1", (cand.event.id,)))
        if not window.published:
            return
        ids = list(out)
        for event_id, published in self.conn.execute(
                "SELECT v.event_id, a.published FROM articles a JOIN event_evidence v ON v.article_id = a.id "
                f"WHERE a.published >= ? AND a.published <= ? AND v.event_id IN ({', '.join('?' * len(ids))})",
                [window.published[0], window.published[1] + "~", *ids]):
            if published:
                out[event_id].published.add(published)

    def remove_article_events(self, article_id: str) -> None:
        """Drop one article's evidence; events that no other article reports go with it."""
        ids = [r[0] for r in self.conn.execute("SELECT DISTINCT event_id FROM event_evidence WHERE article_id = ?",
                                               (article_id,))]
        self.conn.execute("DELETE FROM event_evidence WHERE article_id = ?", (article_id,))
        for event_id in ids:
            left = self.conn.execute("SELECT 1 FROM event_evidence WHERE event_id = ? LIMIT 1", (event_id,)).fetchone()
            if not left:
                self.conn.execute("DELETE FROM events WHERE id = ?", (event_id,))
        self.refresh_event_stories(ids)
        self.refresh_report_counts(ids)

    def event(self, event_id: str) -> Event | None:
        found = self.events_by_id([event_id])
        return found[0] if found else None

    def events(self, *, limit: int | None = None, offset: int = 0, sort: str = "date", with_features: bool = True,
               **filters) -> list[Event]:
        """Events matching every filter given (see `_event_where`), in `sort` order (SORTS).
        `with_features=False`: their features left unread (empty), for views that do not show them."""
        return self.events_by_id(self.event_ids(limit=limit, offset=offset, sort=sort, **filters),
                                 with_features=with_features)

    def event_ids(self, *, limit: int | None = None, offset: int = 0, sort: str = "date", **filters) -> list[str]:
        """The ids of the events `events` returns, in its order: the ids first, ordered and paged from
        the indexes, then only those rows are read (a sort over a party's 15k events no longer carries
        every wide row through it), and a large export reads them chunk by chunk."""
        where, args = self._event_where(**filters)
        scope = pair_scope(filters) if SORTS.get(sort, SORTS["date"]) == SORTS["date"] else None
        if scope:  # in date order straight from the pairs index: only the page's rows are read
            sql = (f"SELECT p.event_id FROM event_country_pairs p WHERE {scope[0]} "
                   "ORDER BY (p.date IS NULL), p.date, p.event_id")
            args = scope[1]
        else:
            sql = f"SELECT e.id FROM events e WHERE {where} ORDER BY {SORTS.get(sort, SORTS['date'])}"
        if limit is not None:
            sql += " LIMIT ? OFFSET ?"
            args += [limit, offset]
        return [r[0] for r in self.conn.execute(sql, args)]

    def event_keys(self, *, sort: str = "date", **filters) -> list[tuple[str, str, str | None, str | None]]:
        """(id, type, CAMEO code, place country) of every matching event, in `sort` order: one query a
        page can count, facet and page from (what count_events, event_facet and events would give)."""
        where, args = self._event_where(**filters)
        rows = self.conn.execute(f"SELECT e.id, e.type, e.cameo, e.location_country FROM events e WHERE {where} "
                                 f"ORDER BY {SORTS.get(sort, SORTS['date'])}", args).fetchall()
        return [(r[0], r[1], r[2], r[3]) for r in rows]

    def events_by_id(self, ids: list[str], *, with_features: bool = True, with_reports: bool = True,
                     evidence_from: list[str] | None = None) -> list[Event]:
        """The events with these ids, in the order given (unknown ids left out). With their features,
        each merged event's reports (event_reports) come back under features["reports"], unless
        `with_reports` is false; given `evidence_from`, only the evidence from those articles is read."""
        events = [self._event(*record, with_features)
                  for record in self.event_records(ids, with_features=with_features, evidence_from=evidence_from)]
        if with_features and with_reports:
            by_id = {e.id: e for e in events}
            for chunk, marks in chunks(list(by_id)):
                for event_id, report in self.conn.execute(
                        f"SELECT event_id, report FROM event_reports WHERE event_id IN ({marks}) ORDER BY event_id, seq",
                        chunk):
                    by_id[event_id].features.setdefault("reports", []).append(json.loads(report))
        return events

    def event_records(self, ids: list[str], *, with_features: bool = False,
                      evidence_from: list[str] | None = None) -> Iterator[EventRecord]:
        """Each event's stored row (without features unless asked), its actors, recipients and evidence
        spans (article id, start, end, text), in the order of `ids` (unknown ids left out): what an
        Event is built from, for a writer of thousands of rows (the events CSV) to format directly.
        Read in chunks, so a party's every event does not exceed a query's parameters."""
        columns = "e.*" if with_features else _BRIEF
        for chunk, marks in chunks(ids):
            rows = {r["id"]: r for r in self.conn.execute(f"SELECT {columns} FROM events e WHERE e.id IN ({marks})",
                                                          chunk)}
            # Parties and evidence of the whole chunk in one query each, not two per event.
            actors: dict[str, list[str]] = {}
            recipients: dict[str, list[str]] = {}
            for event_id, actor_id, role in self.conn.execute(
                    f"SELECT event_id, actor_id, role FROM event_actors WHERE event_id IN ({marks}) "
                    "ORDER BY event_id, position, actor_id", chunk):
                (actors if role == "actor" else recipients).setdefault(event_id, []).append(actor_id)
            evidence: dict[str, list[tuple]] = {}
            only = "" if evidence_from is None else \
                f" AND article_id IN ({', '.join('?' * len(evidence_from))})" if evidence_from else " AND 1 = 0"
            for event_id, *span in self.conn.execute(
                    f'SELECT event_id, article_id, start, "end", text FROM event_evidence '
                    f"WHERE event_id IN ({marks}){only} ORDER BY event_id, article_id, start",
                    [*chunk, *(evidence_from or ())]):
                evidence.setdefault(event_id, []).append(span)
            for event_id in chunk:
                if (row := rows.get(event_id)) is not None:
                    yield row, actors.get(event_id, []), recipients.get(event_id, []), evidence.get(event_id, [])

    def count_events(self, **filters) -> int:
        """How many events `events(**filters)` would return without a limit (for paging)."""
        where, args = self._event_where(**filters)
        if scope := pair_scope(filters):
            return self.conn.execute(f"SELECT count(*) FROM event_country_pairs p WHERE {scope[0]}",
                                     scope[1]).fetchone()[0]
        return self.conn.execute(f"SELECT count(*) FROM events e WHERE {where}", args).fetchone()[0]

    def event_facet(self, facet: str, **filters) -> list[tuple[str | None, int]]:
        """(value, count) of the matching events per `facet` (type, quad, place country), most first."""
        expr = {"type": "e.type", "quad": QUAD_SQL, "place": "e.location_country"}[facet]
        where, args = self._event_where(**filters)
        source = "events e"
        if scope := pair_scope(filters):  # a country or a pair: from the pairs index alone
            expr, source, (where, args) = f"p.{facet}", "event_country_pairs p", scope
        rows = self.conn.execute(f"SELECT {expr}, count(*) FROM {source} WHERE {where} GROUP BY {expr} "
                                 f"ORDER BY count(*) DESC, {expr}", args).fetchall()
        return [(r[0], r[1]) for r in rows]

    def event_facet_rows(self, **filters) -> list[tuple[str, str | None, str | None, int]]:
        """(type, CAMEO code, place country, count) of the matching events: every facet from one scan."""
        where, args = self._event_where(**filters)
        sql = f"SELECT e.type, e.cameo, e.location_country, count(*) FROM events e WHERE {where} " \
              "GROUP BY e.type, e.cameo, e.location_country"
        if scope := pair_scope(filters):  # a country or a pair: from the pairs index alone
            sql, args = (f"SELECT p.type, p.cameo, p.place, count(*) FROM event_country_pairs p WHERE {scope[0]} "
                         "GROUP BY p.type, p.cameo, p.place"), scope[1]
        rows = self.conn.execute(sql, args).fetchall()
        return [(r[0], r[1], r[2], r[3]) for r in rows]

    def event_histogram(self, **filters) -> list[tuple[str | None, str, int, int, float]]:
        """(YYYY-MM or None, type, quad class 0-4, count, Goldstein sum) of the matching events: what the
        cooperation/conflict charts (web and CLI) are drawn from. Pass mode="happened" to leave out
        negated and hypothetical events, as every chart does."""
        where, args = self._event_where(**filters)
        # The quad class is computed once per event in a subquery, then grouped by its output name;
        # for a country or a pair, read from the pairs index, which holds all four columns.
        source = f"SELECT substr(e.date, 1, 7) AS month, e.type AS type, {QUAD_SQL} AS quad, e.goldstein AS goldstein " \
                 f"FROM events e WHERE {where}"
        if scope := pair_scope(filters):
            source, args = ("SELECT substr(p.date, 1, 7) AS month, p.type AS type, p.quad AS quad, "
                            f"p.goldstein AS goldstein FROM event_country_pairs p WHERE {scope[0]}"), scope[1]
        rows = self.conn.execute(
            f"SELECT t.month, t.type, t.quad, count(*), coalesce(sum(t.goldstein), 0) FROM ({source}) t "
            f"GROUP BY t.month, t.type, t.quad ORDER BY t.month IS NULL, t.month, t.type, t.quad", args).fetchall()
        return [(r[0], r[1], int(r[2]), r[3], round(float(r[4]), 3)) for r in rows]

    def event_added(self, event_id: str) -> str | None:
        """When the event entered the store: the ingest time (ISO, UTC) of its first article."""
        row = self.conn.execute("SELECT min(a.ingested_at) FROM event_evidence v JOIN articles a ON a.id = v.article_id "
                                "WHERE v.event_id = ?", (event_id,)).fetchone()
        return row[0] if row else None

    def counterparts(self, actor_id: str, limit: int = 30) -> list[tuple[str, int]]:
        """(other actor id, shared events) for the actors that share events that happened with this one,
        most first (the same events the pages and the CLI count by default)."""
        # Its events that happened first, as every listing finds them (from the covering index, not the rows).
        where, args = self._event_where(party=actor_id, mode="happened")
        rows = self.conn.execute(
            f"SELECT b.actor_id, count(DISTINCT b.event_id) AS n FROM event_actors b WHERE b.event_id IN "
            f"(SELECT e.id FROM events e WHERE {where}) AND b.actor_id != ? "
            "GROUP BY b.actor_id ORDER BY n DESC, b.actor_id LIMIT ?", (*args, actor_id, limit))
        return [(r[0], r[1]) for r in rows]

    def _event_where(self, *, actor: str | None = None, recipient: str | None = None,
                     pair: tuple[str, str] | None = None, type: str | None = None, since: str | None = None,
                     until: str | None = None, story_id: str | None = None, article_id: str | None = None,
                     country: str | None = None, party: str | None = None, members: bool = True,
                     quad: int | None = None, place: str | None = None, min_confidence: float | None = None,
                     mode: str = "all", asserted_only: bool = False, probe: bool = False) -> tuple[str, list]:
        """The WHERE clause shared by listing, counting, faceting and charting events.

        `country` and `pair` take country codes: with `members` (the default) a party counts for its
        country when it is the state or one of its officials and bodies; without, only the state itself.
        `mode`: "all" stored events, or "happened" (not negated, not hypothetical, not denied).
        `min_confidence`: events the coder is at least this sure of; an unscored event passes.
        `probe`: for a query that reads few events (a page of stories'), each party, pair, story
        and article condition is looked up per event instead of built as a list first."""
        sql, args = "1=1", []

        def member(table: str, key: str, cond: str) -> str:
            # By default an uncorrelated IN list: built once from the indexes, rather than probed again
            # for every event (a 10k store: ~10× faster) when the query reads many.
            if probe:
                return f"EXISTS (SELECT 1 FROM {table} WHERE ({cond}) AND {key} = e.id)"
            return f"e.id IN (SELECT {key} FROM {table} WHERE {cond})"

        in_parties = member("event_actors ea", "ea.event_id", "{cond}")
        for_country = ("ea.actor_id = ? OR ea.actor_id IN (SELECT a.id FROM actors a WHERE a.country = ?)"
                       if members else "ea.actor_id = ?")
        if actor:
            sql += " AND " + in_parties.format(cond="ea.actor_id = ? AND ea.role = 'actor'")
            args.append(actor)
        if recipient:
            sql += " AND " + in_parties.format(cond="ea.actor_id = ? AND ea.role = 'recipient'")
            args.append(recipient)
        for codes in ([(country,)] if country else []) + ([pair] if pair else []):
            key = pair_key(codes) if members else None
            if key:  # every party's country at once, from the narrow pairs table
                sql += " AND " + member("event_country_pairs p", "p.event_id", "p.lo = ? AND p.hi = ?")
                args += list(key)
                continue
            for code in dict.fromkeys(c.upper() for c in codes):  # a pair of one country: one condition
                sql += " AND " + in_parties.format(cond=for_country)
                args += [code, code] if members else [code]
        if type:
            sql += " AND e.type = ?"
            args.append(type.upper())
        if quad:
            sql += f" AND {QUAD_SQL} = ?"
            args.append(int(quad))
        if place:
            if len(place) == 3 and place.isalpha() and place.isupper():
                sql += " AND e.location_country = ?"
                args.append(place)
            else:
                sql += " AND lower(e.location_name) = lower(?)"
                args.append(place)
        if since:
            sql += " AND e.date >= ?"
            args.append(since)
        if until:
            sql += " AND e.date <= ?"
            args.append(until)
        if min_confidence is not None:
            # = (confidence IS NULL OR confidence >= ?), in a form SQLite does not answer through the
            # confidence index: a broad threshold is read faster from a covering index's scan
            sql += " AND coalesce(e.confidence, ?) >= ?"
            args += [float(min_confidence), float(min_confidence)]
        if mode == "happened":
            sql += " AND " + HAPPENED_SQL
        elif mode != "all":
            raise ValueError(f"mode {mode!r}: 'happened' or 'all'")
        if asserted_only:
            sql += " AND e.status = 'asserted'"
        if story_id:
            # IN, not a correlated EXISTS: the story's few events are found by index first.
            sql += " AND " + member("event_stories t", "t.event_id", "t.story_id = ?")
            args.append(story_id)
        if article_id:
            sql += " AND " + member("event_evidence v", "v.event_id", "v.article_id = ?")
            args.append(article_id)
        if party:
            sql += " AND " + in_parties.format(cond="ea.actor_id = ?")
            args.append(party)
        return sql, args

    @staticmethod
    def _event(r: Any, actors: list[str], recipients: list[str], evidence: list[tuple],
               with_features: bool = True) -> Event:
        spans = [Span(article_id, start, end, text) for article_id, start, end, text in evidence]
        return Event(
            id=r["id"], type=r["type"], mode=r["mode"], cameo=r["cameo"], actors=actors, recipients=recipients,
            date=EventDate(r["date"], r["date_precision"], r["date_source"] or "none", r["date_phrase"]),
            location=Location(r["location_name"], r["location_country"]) if r["location_name"] else None,
            evidence=spans, article_ids=sorted({s.article_id for s in spans}),
            negated=bool(r["negated"]), hypothetical=bool(r["hypothetical"]), goldstein=r["goldstein"],
            rule=r["rule"], features=json.loads(r["features"] or "{}") if with_features else {},
            confidence=r["confidence"], salience=r["salience"], status=r["status"] or "asserted",
            claimed_by=r["claimed_by"], reported=r["reported"])


def _in_window(window: EventWindow) -> tuple[str, list]:
    """The FROM clause (up to WHERE …) of the events inside the window, and its arguments. A
    CROSS JOIN, so that SQLite reads the window's few ids first, not every event of a type."""
    parts, args = [], []
    if window.story_ids:
        parts.append(f"SELECT event_id AS id FROM event_stories WHERE story_id IN ({', '.join('?' * len(window.story_ids))})")
        args += window.story_ids
    if window.published:
        parts.append("SELECT v.event_id AS id FROM articles a JOIN event_evidence v ON v.article_id = a.id "
                     "WHERE a.published >= ? AND a.published <= ?")
        args += [window.published[0], window.published[1] + "~"]  # "~" sorts after any time of that day
    for precision, first, last in window.dated:
        parts.append("SELECT id FROM events WHERE date >= ? AND date <= ?" +
                     (" AND date_precision = ?" if precision else ""))
        args += [first, last + "~", *([precision] if precision else [])]
    union = f"SELECT DISTINCT u.id FROM ({' UNION ALL '.join(parts)}) u" if parts else "SELECT NULL AS id"
    return f"({union}) w CROSS JOIN events e WHERE e.id = w.id AND", args
