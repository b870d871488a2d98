#!/usr/bin/env python3
"""Events in whole news reports (../shared/benchmarks/news_events/dev.json): the figures of issue 12.

Runs the path the scorer documents: the reports as JSONL input (score.py news-docs), ingest into
a fresh store, export, then score.py news-events. Adds what the scorer does not print, as counts
only (no sentence of the reports is printed, so nothing can be tuned sentence by sentence):

- confidence calibration: for each confidence band, how many exported events are right (the
  scorer's own test: an evidence sentence of a gold event, its type, an actor of its country);
- salience: how many of the events marked main (salience >= 0.7) are right;
- claim status and date sources of the exported events;
- the same figures again for an export limited to asserted events (--asserted-only).

    .venv/bin/python benchmarks/news_events.py                  # full pipeline, fresh store in /tmp
    .venv/bin/python benchmarks/news_events.py --export DIR     # score an existing export only
"""
from __future__ import annotations

import argparse
import collections
import importlib.util
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SCORE = SHARED / "eval" / "score.py"
DEV = SHARED / "benchmarks" / "news_events" / "dev.json"
BANDS = ((0.8, "≥ 0.8"), (0.6, "0.6–0.8"), (0.4, "0.4–0.6"), (0.0, "< 0.4"))


def scorer():
    spec = importlib.util.spec_from_file_location("score", SCORE)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module


def build(gold: Path, work: Path) -> Path:
    sys.path.insert(0, str(ROOT / "src"))
    from communique.pipeline import Pipeline
    from communique.store import Store

    docs = work / "docs.jsonl"
    docs.write_text(subprocess.run([sys.executable, str(SCORE), "news-docs", str(gold)], check=True,
                                   capture_output=True, text=True).stdout, encoding="utf-8")
    for old in work.glob("events.db*"):
        old.unlink()
    store = Store(work / "events.db")
    started = time.perf_counter()
    Pipeline(store).ingest([str(docs)])
    print(f"ingested {sum(1 for _ in docs.open(encoding='utf-8'))} reports in {time.perf_counter() - started:.1f} s")
    store.close()
    return work / "events.db"


def export(db: Path, out: Path, *, asserted_only: bool = False) -> Path:
    from communique.serve.event_query import EventQuery
    from communique.serve.export import export as write
    from communique.store import Store

    with Store(db) as store:
        write(store, out, events=EventQuery(asserted_only=asserted_only))
    return out


def right_events(S, export_dir: Path, gold_path: Path) -> dict[str, bool]:
    """{event id: right?} by the scorer's strict test, for each exported event."""
    gold = {a["id"]: a for a in json.loads(gold_path.read_text(encoding="utf-8"))["articles"]}
    ex = S.Export(str(export_dir))
    key_of = {a["id"]: S.stem(a.get("source")) for a in ex.articles}

    def parties(e, field):
        return {ex.country(i) or "-" for i in e.get(field) or []}

    out: dict[str, bool] = {}
    for e in ex.events:
        ok = False
        for aid in e.get("article_ids") or []:
            art = gold.get(key_of.get(aid))
            if not art:
                continue
            ev = [x.get("text", "") for x in e.get("evidence") or [] if x.get("article_id") in (aid, None)]
            for g in art["events"]:
                if not any(S.overlap(s, t) >= 0.7 for s in g["sentences"] for t in ev):
                    continue
                if e.get("type") != g["type"] and e.get("type") not in (g.get("also") or []):
                    continue
                got = parties(e, "actors")
                if g["type"] in S.SYMMETRIC and not g.get("recipients"):
                    got |= parties(e, "recipients")
                want = {"-" if c == "IGO" else c for c in g.get("actors") or []}
                ok = ok or not want or bool(got & want)
        out[e["id"]] = ok
    return out


def report(S, export_dir: Path, gold: Path, title: str) -> dict:
    print(f"\n== {title}")
    figures = subprocess.run([sys.executable, str(SCORE), "news-events", str(export_dir), str(gold)],
                             check=True, capture_output=True, text=True).stdout.strip().splitlines()[-1]
    result = json.loads(figures)
    for key in ("predicted_events", "precision", "recall", "f1", "recipient_right", "date_right", "place_right",
                "dated_where_text_gives_no_date", "unmerged_duplicates"):
        print(f"  {key:32} {result[key]}")
    right = right_events(S, export_dir, gold)
    events = [json.loads(line) for line in (export_dir / "events.jsonl").read_text(encoding="utf-8").splitlines()]
    bands = collections.defaultdict(lambda: [0, 0])
    for e in events:
        c = e.get("confidence") or 0.0
        label = next(name for floor, name in BANDS if c >= floor)
        bands[label][0] += right.get(e["id"], False)
        bands[label][1] += 1
    print("  confidence calibration (right / events):")
    for _, name in BANDS:
        ok, n = bands.get(name, [0, 0])
        print(f"    {name:8} {ok:3} / {n:3}" + (f"  = {ok / n:.2f}" if n else ""))
    main = [e for e in events if (e.get("salience") or 0) >= 0.7]
    print(f"  main events (salience ≥ 0.7): {len(main)}, right {sum(right.get(e['id'], False) for e in main)}")
    print("  status:", dict(collections.Counter(e.get("status") for e in events)))
    print("  date source:", dict(collections.Counter(e.get("date_source") for e in events)))
    high = bands.get("≥ 0.8", [0, 0])
    result["calibration_at_0_8"] = round(high[0] / high[1], 3) if high[1] else None
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--gold", type=Path, default=DEV)
    parser.add_argument("--export", type=Path, help="score this export directory only")
    args = parser.parse_args()
    S = scorer()
    if args.export:
        print(json.dumps(report(S, args.export, args.gold, f"export {args.export}")))
        return
    work = Path(tempfile.mkdtemp(prefix="communique-news-events-"))
    db = build(args.gold, work)
    default = report(S, export(db, work / "out"), args.gold, "default export")
    asserted = report(S, export(db, work / "out-asserted", asserted_only=True), args.gold, "--asserted-only")
    print(json.dumps({"default": default, "asserted_only": asserted}))


if __name__ == "__main__":
    main()
