"""Exports: JSON Lines (the contract in ../shared/eval/CONTRACT.md), CSV and Parquet.

One function per table builds plain rows from the store; the writers only serialise them,
so every format carries the same fields.
"""
from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, field
from json.encoder import encode_basestring
from pathlib import Path
from typing import Callable, Iterable, Iterator

TABLES = ("articles", "stories", "actors", "events", "quotes")
FORMATS = ("jsonl", "csv", "parquet", "gdelt")


def article_rows(store) -> Iterator[dict]:
    for a in store.iter_articles(order="ingested"):
        yield {"id": a.id, "source": a.source, "url": a.url, "outlet": a.outlet, "title": a.title,
               "author": a.author, "published": a.published, "dateline": a.dateline,
               "original_source": a.original_source, "text": a.text, "story_id": a.story_id,
               "duplicate_of": a.duplicate_of, "actor_ids": store.actor_ids_for_article(a.id),
               "sources": store.article_sources(a.id)}


def story_rows(store) -> Iterator[dict]:
    for s in store.stories():
        yield {"id": s.id, "title": s.title, "article_ids": s.article_ids, "first_date": s.first_date,
               "last_date": s.last_date}


def actor_rows(store) -> Iterator[dict]:
    for a in store.actors(limit=10**9):
        yield {"id": a.id, "name": a.name, "kind": a.kind, "country": a.country, "sector": a.sector,
               "aliases": a.aliases,
               "roles": [{"title": r.title, "country": r.country, "start": r.start, "end": r.end} for r in a.roles],
               "origin": a.origin}


def event_row(e) -> dict:
    return {"id": e.id, "type": e.type, "mode": e.mode, "cameo": e.cameo, "actors": e.actors,
            "recipients": e.recipients, "date": e.date.value, "date_precision": e.date.precision,
            "date_source": e.date.source,
            "location": {"name": e.location.name, "country": e.location.country} if e.location else None,
            "article_ids": e.article_ids,
            "evidence": [{"article_id": s.article_id, "text": s.text, "start": s.start, "end": s.end}
                         for s in e.evidence],
            "goldstein": e.goldstein, "negated": e.negated, "hypothetical": e.hypothetical,
            "confidence": e.confidence, "salience": e.salience, "status": e.status, "claimed_by": e.claimed_by,
            "reported": e.reported}


def event_rows(store, query=None) -> Iterator[dict]:
    """The events `query` selects (serve/event_query.py; by default those that happened: the contract's
    events.jsonl lists real-world events, and its scorer reads every row as one). Negated, hypothetical
    and denied events stay in the store and are written, with their flags, under `mode="all"`."""
    from .event_query import EventQuery

    query = query or EventQuery()
    for e in store.events(**query.store_filters()):
        yield event_row(e)


@dataclass
class EventSelection:
    """How many events were stored, written, and left out by each filter (in the order applied)."""

    stored: int
    written: int
    left_out: dict[str, int] = field(default_factory=dict)

    def line(self) -> str:
        out = f"events: {self.stored} stored, {self.written} written"
        if self.left_out:
            out += "; left out: " + ", ".join(f"{n} {why}" for why, n in self.left_out.items() if n)
        return out


def event_selection(store, query=None) -> EventSelection:
    """Counts for the export summary, from the same store filters the rows come from: each step adds
    one filter of `query` and says how many events that step removed."""
    from dataclasses import replace

    from .event_query import EventQuery

    query = query or EventQuery()
    base = replace(EventQuery(mode="all"), min_confidence=None, asserted_only=False)
    stored = store.count_events(**base.store_filters())
    left: dict[str, int] = {}
    step = base
    if query.mode == "happened":
        step = replace(step, mode="happened")
        flags = {"negated": 0, "hypothetical": 0, "denied": 0}
        for e in store.events(**base.store_filters()):
            if e.negated:
                flags["negated"] += 1
            elif e.hypothetical:
                flags["hypothetical"] += 1
            elif e.status == "denied":
                flags["denied"] += 1
        left.update({k: v for k, v in flags.items() if v})
    before = store.count_events(**step.store_filters())
    if query.asserted_only:
        step = replace(step, asserted_only=True)
        after = store.count_events(**step.store_filters())
        left["claimed (not asserted by the report)"] = before - after
        before = after
    if query.min_confidence is not None:
        step = replace(step, min_confidence=query.min_confidence)
        after = store.count_events(**step.store_filters())
        left[f"below confidence {query.min_confidence:g}"] = before - after
        before = after
    return EventSelection(stored=stored, written=before, left_out={k: v for k, v in left.items() if v})


def quote_rows(store) -> Iterator[dict]:
    for q in store.quotes(include_scare=True):
        yield {"id": q.id, "article_id": q.article_id, "speaker_id": q.speaker_id, "speaker_name": q.speaker_name,
               "speaker_ids": q.speaker_ids, "speaker_method": q.speaker_method,
               "text": q.text, "direct": q.direct, "start": q.start, "end": q.end, "event_id": q.event_id,
               "scare": q.scare}


ROWS: dict[str, Callable] = {"articles": article_rows, "stories": story_rows, "actors": actor_rows,
                             "events": event_rows, "quotes": quote_rows}


def write_jsonl(rows: Iterable[dict], path: Path) -> int:
    n = 0
    with path.open("w", encoding="utf-8") as f:
        for row in rows:
            f.write(json.dumps(row, ensure_ascii=False) + "\n")
            n += 1
    return n


# One encoder for every cell: json.dumps(..., ensure_ascii=False) builds a new one per call, which
# was a third of a large CSV's time. Its output is the same.
_JSON = json.JSONEncoder(ensure_ascii=False)


def _flat(value):
    """Lists and objects go into CSV cells as JSON, so they can be parsed back."""
    return _JSON.encode(value) if isinstance(value, (list, dict)) else value


def write_csv_rows(rows: list[dict], f) -> int:
    """Rows to an open text file: a header, then one line per row (nested values as JSON), in the
    first row's columns (every row has the same; csv.DictWriter rechecked them per row)."""
    if not rows:
        return 0
    fields = list(rows[0])
    writer = csv.writer(f)
    writer.writerow(fields)
    writer.writerows([_flat(row[k]) for k in fields] for row in rows)
    return len(rows)


def write_csv(rows: Iterable[dict], path: Path) -> int:
    with path.open("w", encoding="utf-8", newline="") as f:
        return write_csv_rows(list(rows), f)


# The events table's columns, in event_row's order (a test holds the two together).
EVENT_COLUMNS = ("id", "type", "mode", "cameo", "actors", "recipients", "date", "date_precision", "date_source",
                 "location", "article_ids", "evidence", "goldstein", "negated", "hypothetical", "confidence",
                 "salience", "status", "claimed_by", "reported")
_QUOTE = encode_basestring  # the string encoder json.dumps(..., ensure_ascii=False) uses


def _strings(values: list[str]) -> str:
    return "[" + ", ".join(map(_QUOTE, values)) + "]"


def event_csv_cells(record) -> tuple:
    """One events.csv line from a stored record (Store.event_records): the cells write_csv_rows writes
    for event_row of the Event built from it, formatted without building the Event, its spans and
    its row (a 5 MB export of 6k events spent over half its time on them). Tests compare the two."""
    r, actors, recipients, evidence = record
    location = None
    if r["location_name"]:
        country = r["location_country"]
        location = (f'{{"name": {_QUOTE(r["location_name"])}, '
                    f'"country": {"null" if country is None else _QUOTE(country)}}}')
    spans = ", ".join(f'{{"article_id": {_QUOTE(a)}, "text": {_QUOTE(text)}, "start": {start}, "end": {end}}}'
                      for a, start, end, text in evidence)
    return (r["id"], r["type"], r["mode"], r["cameo"], _strings(actors), _strings(recipients), r["date"],
            r["date_precision"], r["date_source"] or "none", location, _strings(sorted({s[0] for s in evidence})),
            f"[{spans}]", r["goldstein"], bool(r["negated"]), bool(r["hypothetical"]), r["confidence"],
            r["salience"], r["status"] or "asserted", r["claimed_by"], r["reported"])


class EventCSV:
    """The events `query` selects as CSV text, in pieces of 500 events: what write_csv_rows writes for
    their event rows (nothing at all for none). A server streams the pieces and a file takes them one
    at a time, so a whole store's export never sits in memory. `written` counts the events so far."""

    CHUNK = 500

    def __init__(self, store, query=None):
        from .event_query import EventQuery

        self.store, self.query, self.written = store, query or EventQuery(), 0

    def __iter__(self) -> Iterator[str]:
        ids = self.store.event_ids(**self.query.store_filters(), sort=self.query.sort)
        buf = io.StringIO()
        writer = csv.writer(buf)
        for i in range(0, len(ids), self.CHUNK):
            lines = [event_csv_cells(r) for r in self.store.event_records(ids[i:i + self.CHUNK])]
            if lines and not self.written:
                writer.writerow(EVENT_COLUMNS)
            writer.writerows(lines)
            self.written += len(lines)
            yield buf.getvalue()
            buf.seek(0)
            buf.truncate()

    def write(self, path: Path) -> int:
        with path.open("w", encoding="utf-8", newline="") as f:
            for piece in self:
                f.write(piece)
        return self.written


def write_parquet(rows: Iterable[dict], path: Path) -> int:
    import pyarrow as pa
    import pyarrow.parquet as pq

    rows = list(rows)
    if not rows:
        pq.write_table(pa.table({}), path)
        return 0
    # Columns holding objects (evidence, roles, location) stay JSON text, decided per column so
    # every row has the same type; lists of plain values stay Parquet lists.
    nested = {k for row in rows for k, v in row.items()
              if isinstance(v, dict) or (isinstance(v, list) and any(isinstance(x, (dict, list)) for x in v))}
    table = pa.Table.from_pylist([{k: (json.dumps(v, ensure_ascii=False) if k in nested and v is not None else v)
                                   for k, v in row.items()} for row in rows])
    pq.write_table(table, path)
    return len(rows)


WRITERS = {"jsonl": write_jsonl, "csv": write_csv, "parquet": write_parquet}


def export(store, out_dir: str | Path, formats: Iterable[str] = ("jsonl",),
           tables: Iterable[str] = TABLES, events=None) -> dict[str, int]:
    """Write each table in each format; rows per file. `events` (an EventQuery) selects the events
    written (default: those that happened); `export_summary` says what it left out."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    for fmt in formats:
        if fmt != "gdelt" and fmt not in WRITERS:
            raise ValueError(f"unknown format {fmt!r} (choose from {', '.join(FORMATS)})")
    counts = {}
    for fmt in formats:
        if fmt == "gdelt":  # one table, GDELT's own layout
            from .gdelt import write_gdelt
            counts["events.gdelt.tsv"] = write_gdelt(store, out / "events.gdelt.tsv", events)
            continue
        for table in tables:
            if table == "events" and fmt == "csv":
                counts["events.csv"] = EventCSV(store, events).write(out / "events.csv")
                continue
            rows = event_rows(store, events) if table == "events" else ROWS[table](store)
            counts[f"{table}.{fmt}"] = WRITERS[fmt](rows, out / f"{table}.{fmt}")
    return counts
