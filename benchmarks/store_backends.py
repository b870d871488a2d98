"""SQLite and PostgreSQL side by side: the same articles written into both, then the same
queries timed on both, in one run.

    python benchmarks/store_backends.py                    # 2,000 articles; starts a throwaway PostgreSQL
    python benchmarks/store_backends.py --n 10000
    python benchmarks/store_backends.py --pg postgresql://me@db.example:5432/bench   # an existing, empty database

Two write figures per backend: the ingest pipeline without analysis (read, clean, near-duplicate
and story linking, one transaction per article) over generated reports, and the generated
record of benchmarks/api_latency.py (articles with sentences, mentions, events, quotes and links,
a transaction per story) written through the Store methods. Then each query is run a bounded
number of times with varied arguments; p50 and p95 in milliseconds. PostgreSQL here runs on the
same machine over TCP to 127.0.0.1, so its figures include a local round trip per statement,
the least a shared deployment pays. Prints a table and, last, one JSON line.
"""
from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "tests" / "store"))

from api_latency import PLACES, PLOVER, TOPICS, build_store  # noqa: E402

from communique.pipeline import Pipeline  # noqa: E402
from communique.store import Store  # noqa: E402


def reports(n: int, seed: int = 11) -> list[dict]:
    """n JSONL-style records about invented meetings, some near-verbatim reposts of earlier ones."""
    rng = random.Random(seed)
    out = []
    for i in range(n):
        if out and rng.random() < 0.2:
            base = rng.choice(out)
            out.append({**base, "id": f"r{i}", "text": base["text"] + f"\n\nRepublished by outlet {i}."})
            continue
        place, topic = rng.choice(PLACES), rng.choice(TOPICS)
        lines = [f"Delegations met in {place} on {2023 + i % 3}-0{1 + i % 9}-1{i % 9} to discuss {topic}, officials said."]
        for _ in range(rng.randint(3, 7)):
            lines.append(f"The {rng.choice(['ministry', 'committee', 'delegation'])} said {rng.choice(TOPICS)} "
                         f"would come up again in {rng.choice(PLACES)} next {rng.choice(['week', 'month'])}, "
                         f"according to report {i}.")
        out.append({"id": f"r{i}", "title": f"Talks in {place} on {topic} ({i})", "text": " ".join(lines),
                    "published": f"{2023 + i % 3}-0{1 + i % 9}-1{i % 9}"})
    return out


def time_ingest(location, records: list[dict], work: Path) -> float:
    src = work / f"reports-{abs(hash(str(location)))}.jsonl"
    src.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    with Store(location) as store:
        t = time.perf_counter()
        summary = Pipeline(store, analyse=False).ingest([str(src)])
        elapsed = time.perf_counter() - t
    assert not summary.failed, summary.failed[:3]
    return len(summary.new) / elapsed


def queries(ids: dict, rng: random.Random) -> dict:
    """Query name → a function running it once on a store with varied arguments."""
    pick = lambda k: rng.choice(ids[k])  # noqa: E731
    pairs = [("IRN", "IRQ"), ("IRQ", "TUR"), ("IRN", "USA"), ("IRN", "SAU")]
    words = ["water", "railway", "pilgrims", "sanctions", "Basra", "border rivers", "drought", "oil exports"]
    return {
        "article by id": lambda s: s.article(pick("articles")),
        "articles, newest page": lambda s: list(s.iter_articles(limit=50, offset=rng.choice([0, 50, 500]),
                                                                order="newest")),
        "story with articles": lambda s: s.story(pick("stories")),
        "stories page": lambda s: s.stories(limit=50, offset=rng.choice([0, 50, 300])),
        "events by pair": lambda s: s.events(pair=rng.choice(pairs), limit=50),
        "events by actor+type": lambda s: s.events(actor=pick("states"), type=rng.choice(list(PLOVER)), limit=50),
        "count events by pair": lambda s: s.count_events(pair=rng.choice(pairs)),
        "timeline histogram": lambda s: s.event_histogram(pair=rng.choice(pairs)),
        "events of a story": lambda s: s.events(story_id=pick("stories")),
        "quotes by speaker": lambda s: s.quotes(speaker=pick("people")),
        "quotes full-text": lambda s: s.quotes(about=rng.choice(words), limit=20),
        "articles full-text": lambda s: s.search_articles(rng.choice(words), limit=20),
        "actors by name": lambda s: s.actors(query=rng.choice(["Hassan", "Rahimi", "UN"])),
    }


def time_queries(location, ids: dict, runs: int) -> dict[str, tuple[float, float]]:
    out = {}
    with Store(location) as store:
        for name, run in queries(ids, random.Random(5)).items():
            for _ in range(3):  # warm caches and prepared statements
                run(store)
            times = []
            for _ in range(runs):
                t = time.perf_counter()
                run(store)
                times.append((time.perf_counter() - t) * 1000)
            times.sort()
            out[name] = (statistics.median(times), times[int(len(times) * 0.95) - 1])
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=2000, help="articles per backend (default 2000)")
    ap.add_argument("--runs", type=int, default=100, help="runs per query (default 100)")
    ap.add_argument("--pg", help="an existing, empty PostgreSQL database URL (default: start a throwaway server)")
    args = ap.parse_args()

    work = Path(tempfile.mkdtemp(prefix="store-backends-"))
    server = None
    if args.pg:
        pg_ingest = pg_record = args.pg
        if Store(args.pg).count_articles():
            raise SystemExit(f"{args.pg} is not empty")
    else:
        from pgserver import PgServer, why_unavailable

        if why_unavailable():
            print(f"store_backends: skipped, no PostgreSQL here ({why_unavailable()})")
            return
        server = PgServer().start()
        pg_ingest, pg_record = server.create_database("ingest"), server.create_database("record")
    try:
        records = reports(min(args.n, 1000))
        rows = {}
        for name, ingest_at, record_at in (("sqlite", work / "ingest.db", work / "record.db"),
                                           ("postgresql", pg_ingest, pg_record)):
            if args.pg and name == "postgresql":
                record_at = ingest_at  # one database given: the record goes beside the ingested reports
            rate = time_ingest(ingest_at, records, work)
            t = time.perf_counter()
            ids = build_store(record_at, args.n)
            written = ids["counts"]["articles"] / (time.perf_counter() - t)
            rows[name] = {"ingest_articles_per_s": rate, "record_articles_per_s": written,
                          "queries_ms": time_queries(record_at, ids, args.runs)}
            print(f"{name}: ingest {rate:,.0f} articles/s, record {written:,.0f} articles/s", flush=True)
    finally:
        if server:
            server.stop()

    lite, pg = rows["sqlite"], rows["postgresql"]
    print(f"\n{len(records):,} reports ingested (no analysis); a {args.n:,}-article record written and queried "
          f"({args.runs} runs per query)\n")
    print(f"{'':28} {'SQLite':>18} {'PostgreSQL':>18}")
    print(f"{'ingest, articles/s':28} {lite['ingest_articles_per_s']:>18,.0f} {pg['ingest_articles_per_s']:>18,.0f}")
    print(f"{'record writes, articles/s':28} {lite['record_articles_per_s']:>18,.0f} "
          f"{pg['record_articles_per_s']:>18,.0f}")
    print(f"{'query (p50 / p95 ms)':28}")
    for name, (p50, p95) in lite["queries_ms"].items():
        q50, q95 = pg["queries_ms"][name]
        print(f"  {name:26} {p50:>8.2f} / {p95:<7.2f} {q50:>8.2f} / {q95:<7.2f}")
    print(json.dumps({"n": args.n, "reports": len(records), **{k: {"ingest_articles_per_s": round(v["ingest_articles_per_s"], 1),
                      "record_articles_per_s": round(v["record_articles_per_s"], 1),
                      "queries_ms": {q: [round(a, 3), round(b, 3)] for q, (a, b) in v["queries_ms"].items()}}
                      for k, v in rows.items()}}))


if __name__ == "__main__":
    main()
