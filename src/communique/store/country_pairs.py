"""The countries each event's parties act for, as pairs: what pair, country and timeline queries
read instead of every matching event row (migration 020 made and filled the table).

A party counts for its own id and for its actor's country, as `_event_where` reads a country with
its members. Only codes a filter can name (three upper-case characters) are kept; lo <= hi in
byte order, and lo = hi stands for one country alone.
"""
from __future__ import annotations

from itertools import combinations_with_replacement
from typing import Iterable

from .backend import Conn, chunks

HAPPENED_FLAG = "CASE WHEN e.negated = 0 AND e.hypothetical = 0 AND e.status != 'denied' THEN 1 ELSE 0 END"


def askable(code: str | None) -> bool:
    """Whether a filter could name this code (the rows kept; see the migration)."""
    return code is not None and len(code) == 3 and code.upper() == code


def pair_key(codes: Iterable[str]) -> tuple[str, str] | None:
    """(lo, hi) for one or two country codes as a filter gives them (upper-cased), or None where
    the table cannot answer (a code no row could hold)."""
    up = sorted(c.upper() for c in codes)
    if not up or not all(askable(c) and c.isalpha() for c in up):
        return None
    return (up[0], up[-1])


class CountryPairQueries:
    conn: Conn

    def refresh_country_pairs(self, event_ids: Iterable[str]) -> set[str]:
        """Bring these events' rows in line with their stored parties and columns (after a save, a
        merge or an actor's change of country); an event no longer stored keeps none. Only events
        whose rows differ are rewritten, and their ids returned: their story_country_pairs rows
        follow (refresh_story_pairs), where a merge that changed no pair touches neither table."""
        from .events import QUAD_SQL

        ids = sorted(set(event_ids))
        changed: set[str] = set()
        for chunk, marks in chunks(ids):
            codes: dict[str, set[str]] = {}
            for event_id, actor_id, country in self.conn.execute(
                    "SELECT ea.event_id, ea.actor_id, a.country FROM event_actors ea LEFT JOIN actors a "
                    f"ON a.id = ea.actor_id WHERE ea.event_id IN ({marks})", chunk):
                codes.setdefault(event_id, set()).update(c for c in (actor_id, country) if askable(c))
            rows: dict[str, set[tuple]] = {}
            for r in self.conn.execute(f"SELECT e.id, {HAPPENED_FLAG}, e.date, e.type, {QUAD_SQL}, e.goldstein, e.cameo, "
                                       f"e.location_country FROM events e WHERE e.id IN ({marks})", chunk):
                rows[r[0]] = {(lo, hi, r[0], int(r[1]), r[2], r[3], int(r[4]), r[5], r[6], r[7])
                              for lo, hi in combinations_with_replacement(sorted(codes.get(r[0], ())), 2)}
            old: dict[str, set[tuple]] = {}
            for r in self.conn.execute("SELECT lo, hi, event_id, happened, date, type, quad, goldstein, cameo, place "
                                       f"FROM event_country_pairs WHERE event_id IN ({marks})", chunk):
                old.setdefault(r[2], set()).add(tuple(r))
            stale = sorted(e for e in set(rows) | set(old) if rows.get(e, set()) != old.get(e, set()))
            if not stale:
                continue
            changed.update(stale)
            self.conn.execute(f"DELETE FROM event_country_pairs WHERE event_id IN ({', '.join('?' * len(stale))})", stale)
            fresh = [row for e in stale for row in sorted(rows.get(e, ()), key=repr)]
            if fresh:
                self.conn.executemany("INSERT INTO event_country_pairs (lo, hi, event_id, happened, date, type, quad, "
                                      "goldstein, cameo, place) VALUES (?,?,?,?,?,?,?,?,?,?)", fresh)
        return changed

    def refresh_actor_pairs(self, actor_id: str) -> None:
        """After an actor's country changed: its events' rows (and their stories')."""
        ids = [r[0] for r in self.conn.execute("SELECT DISTINCT event_id FROM event_actors WHERE actor_id = ?",
                                               (actor_id,))]
        self.refresh_story_pairs(self.refresh_country_pairs(ids))


# Filters the pairs table answers alone (with one country or one pair): anything else reads events.
_SCOPE_FREE = ("actor", "recipient", "story_id", "article_id", "party", "place", "min_confidence", "asserted_only")


def pair_scope(filters: dict) -> tuple[str, list] | None:
    """The WHERE clause over `event_country_pairs p` equal to `_event_where(**filters)`, where the
    filters are a country or a pair (with members), type, quad class, dates and the mode only; else None."""
    if any(filters.get(k) for k in _SCOPE_FREE) or not filters.get("members", True):
        return None
    country, pair = filters.get("country"), filters.get("pair")
    if bool(country) == bool(pair):
        return None
    key = pair_key((country,) if country else pair)
    if key is None:
        return None
    sql, args = "p.lo = ? AND p.hi = ?", list(key)
    mode = filters.get("mode", "all")
    if mode == "happened":
        sql += " AND p.happened = 1"
    elif mode != "all":
        return None
    if filters.get("type"):
        sql += " AND p.type = ?"
        args.append(filters["type"].upper())
    if filters.get("quad"):
        sql += " AND p.quad = ?"
        args.append(int(filters["quad"]))
    for name, op in (("since", ">="), ("until", "<=")):
        if filters.get(name):
            sql += f" AND p.date {op} ?"
            args.append(filters[name])
    return sql, args
