"""Ingest at scale: N reports (default 100,000) made of real news paragraphs, linked and stored
one by one into one store through the ingest's save path, then the API timed on that store.

Usage (from the repository root):

    .venv/bin/python benchmarks/ingest_scale.py [--n 100000] [--bases 80] [--db PATH] [--requests 100]

Reports: the first B reports (--bases) of ../shared/corpora/wikinews/articles.jsonl are cleaned
and analysed once with the real Analyser (spaCy and every component). Each generated report
is then three to six of their paragraphs (from one to three reports; same-report paragraphs
keep their order) with a third of their lower-case words outside actor names swapped for
other corpus words of the same length (so offsets hold and a reused paragraph is no copy),
under a unique dateline line of its own, published in date order at about
40 a day. Its analysis is the real one of those paragraphs (sentences, mentions, events whose
evidence lies inside them, quotes), moved to the new offsets, and its event dates told in
words relative to the publication ("on Monday") moved with the new publication day: the cheap
path, since parsing 100k reports on this machine would take most of a day. Every report then goes through what
`communique ingest` does after the analysis (Pipeline.save: near-duplicates, stories, event
merging, the writes and the full-text index) in one transaction, timed.

Prints the time per report (wall and CPU) in the first and the last 10% and their ratio, the
store's size per report, then p50/p95 per API endpoint (benchmarks/api_latency.py's
endpoints and server, with pairs drawn from this store). Use --db to keep the store;
--api-only DB times the API alone on a store an earlier (or cut-short) run left.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import pickle
import random
import re
import resource
import sys
import tempfile
import time
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "benchmarks"))

from communique.ingest.article import content_hash, to_article  # noqa: E402
from communique.ingest.sources import iter_documents  # noqa: E402
from communique.models import Analysis, Article, EventDate, RawDocument, Span  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpora" / "wikinews" / "articles.jsonl"
PER_DAY = 40
EDIT_SHARE = 0.35


def analysed_bases(corpus: Path, n: int, cache: Path | None) -> list[tuple[Article, Analysis]]:
    if cache and cache.exists():
        return pickle.loads(cache.read_bytes())
    from communique.analyse import Analyser

    docs = [d for d in iter_documents([str(corpus)]) if isinstance(d, RawDocument)]
    articles = [a for a in (to_article(d) for d in docs) if isinstance(a, Article)][:n]
    out = list(zip(articles, Analyser().analyse(articles)))
    if cache:
        cache.write_bytes(pickle.dumps(out))
    return out


def paragraphs(article: Article) -> list[tuple[int, int]]:
    """(start, end) of each paragraph of at least 8 words."""
    out, pos = [], 0
    for part in article.text.split("\n"):
        if len(part.split()) >= 8:
            out.append((pos, pos + len(part)))
        pos += len(part) + 1
    return out


_YEAR = re.compile(r"\b\d{4}\b")


def moved_date(d: EventDate, days: int) -> EventDate:
    """An event date resolved from words relative to the publication ("on Monday", "yesterday",
    "last week"), as the analyser would resolve it in a report published `days` later; a date
    that names its year stays. Without this, a republished paragraph's "Monday" would stay the
    base report's Monday for years, and every report reusing it would merge into one event."""
    if not d.value or not days or _YEAR.search(d.phrase or ""):
        return d
    day = date.fromordinal(date.fromisoformat(d.value[:10]).toordinal() + days)
    if d.precision == "month":
        day = day.replace(day=1)
    elif d.precision == "year":
        day = day.replace(month=1, day=1)
    return replace(d, value=day.isoformat())


def moved_features(features: dict, delta: int) -> dict:
    """An event's reasoning with its trigger, anchor and party offsets in the new report, as its
    analysis would give them (the trigger's offset and article, set in `generate`, are what
    `explain` keys on)."""
    def move(span):
        if not isinstance(span, dict) or "start" not in span:
            return span
        return {**span, "start": span["start"] + delta, "end": span.get("end", span["start"]) + delta}

    out = dict(features)
    for key in ("trigger", "anchor"):
        out[key] = move(out.get(key))
    for key in ("actors", "recipients"):
        if isinstance(out.get(key), list):
            out[key] = [move(p) for p in out[key]]
    return out


def piece_analysis(analysis: Analysis, start: int, end: int, delta: int, aid: str, days: int = 0) -> Analysis:
    """What the analysis found inside [start, end), moved by `delta` into article `aid`, its
    event dates by `days` (see moved_date)."""
    inside = lambda s, e: start <= s and e <= end  # noqa: E731
    out = Analysis(aid)
    out.sentences = [(s + delta, e + delta) for s, e in analysis.sentences if inside(s, e)]
    out.mentions = [replace(m, article_id=aid, start=m.start + delta, end=m.end + delta)
                    for m in analysis.mentions if inside(m.start, m.end)]
    from communique.analyse.quotes import quote_id

    out.quotes = [replace(q, id=quote_id(aid, q.start + delta), article_id=aid, start=q.start + delta,
                          end=q.end + delta, event_id=None) for q in analysis.quotes if inside(q.start, q.end)]
    for ev in analysis.events:
        if ev.evidence and all(inside(s.start, s.end) for s in ev.evidence):
            new_id = "ev" + hashlib.sha1(f"{aid}:{ev.id}".encode()).hexdigest()[:16]
            out.events.append(replace(ev, id=new_id, article_ids=[aid], features=moved_features(ev.features, delta),
                                      date=moved_date(ev.date, days),
                                      evidence=[Span(aid, s.start + delta, s.end + delta, s.text) for s in ev.evidence]))
    used = {m.actor_id for m in out.mentions} | {a for e in out.events for a in e.actors + e.recipients} | \
        {i for q in out.quotes for i in [q.speaker_id, *q.speaker_ids] if i}
    out.actors = [a for a in analysis.actors if a.id in used]
    return out


_WORD = re.compile(r"\b[a-z]{4,}\b")


def edit(rng: random.Random, text: str, keep: list[tuple[int, int]], pool: dict[int, list[str]]) -> str:
    """A third of the lower-case words outside `keep` (the actor mentions) swapped for other
    words of the same length, so offsets hold while reused paragraphs stop being copies."""
    def swap(m: re.Match) -> str:
        if rng.random() > EDIT_SHARE or any(s < m.end() and m.start() < e for s, e in keep):
            return m.group(0)
        return rng.choice(pool.get(len(m.group(0))) or [m.group(0)])
    return _WORD.sub(swap, text)


def generate(bases, n: int, seed: int = 7):
    """(Article, Analysis) for each generated report, in publication order."""
    rng = random.Random(seed)
    paras = [paragraphs(a) for a, _ in bases]
    pool: dict[int, list[str]] = {}
    for w in sorted({w for a, _ in bases for w in _WORD.findall(a.text)}):
        pool.setdefault(len(w), []).append(w)
    usable = [i for i, p in enumerate(paras) if p]
    day0 = date(2019, 1, 1)
    for k in range(n):
        day = day0 + timedelta(days=k // PER_DAY)
        aid = f"scale{k:06d}"
        head = f"{rng.choice(['GENEVA', 'BRUSSELS', 'NAIROBI', 'LIMA', 'DHAKA', 'OSLO'])} ({k}) —"
        chosen = []
        for b in rng.sample(usable, rng.randint(1, 3)):
            picks = sorted(rng.sample(range(len(paras[b])), min(len(paras[b]), rng.randint(1, 3))))
            chosen += [(b, paras[b][i]) for i in picks]
        chosen = chosen[:6]
        text, analysis = head, Analysis(aid)
        for b, (s, e) in chosen:
            base_article, base_analysis = bases[b]
            text += "\n\n"
            base_day = date.fromisoformat(base_article.published[:10]) if base_article.published else day
            piece = piece_analysis(base_analysis, s, e, len(text) - s, aid, (day - base_day).days)
            keep = [(m.start - s, m.end - s) for m in base_analysis.mentions if s <= m.start and m.end <= e]
            text += edit(rng, base_article.text[s:e], keep, pool)
            analysis.sentences += piece.sentences
            analysis.mentions += piece.mentions
            analysis.quotes += piece.quotes
            analysis.events += piece.events
            analysis.actors += [a for a in piece.actors if a.id not in {x.id for x in analysis.actors}]
        analysis.sentences.insert(0, (0, len(head)))
        first = bases[chosen[0][0]][0]
        article = Article(id=content_hash(text)[:16], source=f"scale/{aid}", text=text, published=day.isoformat(),
                          title=f"{first.title or 'Report'} ({k})", outlet=first.outlet, content_hash=content_hash(text))
        analysis.article_id = article.id
        for m in analysis.mentions:
            m.article_id = article.id
        for q in analysis.quotes:
            q.article_id, q.text = article.id, " ".join(text[q.start:q.end].split()) or q.text
        for ev in analysis.events:
            ev.article_ids = [article.id]
            for sp in ev.evidence:
                sp.article_id, sp.text = article.id, text[sp.start:sp.end]
            if isinstance(ev.features.get("trigger"), dict):
                ev.features["trigger"]["article_id"] = article.id
        yield article, analysis


def store_bytes(db: Path) -> int:
    return sum(p.stat().st_size for p in db.parent.glob(db.name + "*"))


def ingest(db: Path, bases, n: int) -> dict:
    from communique.pipeline import Pipeline
    from communique.store import Store

    store = Store(db)
    pipeline = Pipeline(store, analyse=False)
    wall, cpu = [], []
    for article, analysis in generate(bases, n):
        w, c = time.perf_counter(), time.process_time()
        pipeline.save(article, analysis, article.source, article.content_hash)
        wall.append(time.perf_counter() - w)
        cpu.append(time.process_time() - c)
        if len(wall) % max(1, n // 10) == 0:  # each tenth as it completes: a cut-short run still tells
            k = max(1, n // 10)
            print(f"  {len(wall):,} reports, {sum(wall):.0f} s; this tenth {sum(wall[-k:]) / k * 1000:.1f} ms "
                  f"(CPU {sum(cpu[-k:]) / k * 1000:.1f} ms) per report; load average {os.getloadavg()[0]:.1f}",
                  flush=True)
    store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    counts = store.counts()
    store.close()
    tenth = max(1, n // 10)
    first_w, last_w = sum(wall[:tenth]) / tenth, sum(wall[-tenth:]) / tenth
    first_c, last_c = sum(cpu[:tenth]) / tenth, sum(cpu[-tenth:]) / tenth
    return {"n": n, "seconds": sum(wall), "first_ms": first_w * 1000, "last_ms": last_w * 1000,
            "ratio": last_w / first_w, "first_cpu_ms": first_c * 1000, "last_cpu_ms": last_c * 1000,
            "cpu_ratio": last_c / first_c, "bytes_per_report": store_bytes(db) / n, "counts": counts}


def api(db: Path, requests: int, port: int) -> dict:
    import api_latency as lat
    from communique.store import Store

    ids = lat.ids_from(db)
    store = Store(db, readonly=True)
    # The commonest pairs of states acting on each other (a pair filter names states, not people).
    pairs = [f"{a}:{b}" for a, b, _ in store.conn.execute(
        "SELECT a.actor_id, r.actor_id, count(*) c FROM event_actors a JOIN event_actors r ON a.event_id = r.event_id "
        "JOIN actors x ON x.id = a.actor_id JOIN actors y ON y.id = r.actor_id "
        "WHERE a.role = 'actor' AND r.role = 'recipient' AND x.kind = 'state' AND y.kind = 'state' "
        "AND a.actor_id != r.actor_id GROUP BY 1, 2 ORDER BY c DESC LIMIT 5")] \
        if _has(store, "event_actors") else []
    store.close()
    rng = random.Random(11)
    eps = lat.endpoints(ids, rng, pairs=pairs or None)
    results = {}
    proc = lat.start_server(db, port, analyse=False)
    try:
        for name, make in eps.items():
            results[name] = lat.measure(f"http://127.0.0.1:{port}", make, requests)
    finally:
        proc.terminate()
        proc.wait(timeout=20)
    return results


def _has(store, table: str) -> bool:
    return bool(store.conn.execute("SELECT 1 FROM sqlite_master WHERE name = ?", (table,)).fetchone())


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", type=int, default=100_000)
    ap.add_argument("--bases", type=int, default=80, help="real reports analysed once and cut into paragraphs")
    ap.add_argument("--corpus", type=Path, default=CORPUS)
    ap.add_argument("--db", type=Path, help="store to write (default: a temporary one); must not exist")
    ap.add_argument("--cache", type=Path, help="keep the analysed base reports here (pickle) for later runs")
    ap.add_argument("--requests", type=int, default=100, help="timed requests per API endpoint (0: no API timing)")
    ap.add_argument("--port", type=int, default=8766)
    ap.add_argument("--api-only", type=Path, metavar="DB", help="only time the API on this existing store")
    args = ap.parse_args()
    if args.api_only:
        print_api(api(args.api_only, args.requests, args.port))
        return

    t = time.perf_counter()
    bases = analysed_bases(args.corpus, args.bases, args.cache)
    print(f"{len(bases)} real reports analysed in {time.perf_counter() - t:.0f} s; {os.cpu_count()} CPUs, "
          f"load average {os.getloadavg()[0]:.1f}")
    with tempfile.TemporaryDirectory(prefix="communique-scale-") as tmp:
        db = args.db or Path(tmp) / "scale.db"
        if db.exists():
            sys.exit(f"{db} exists: give a new path")
        r = ingest(db, bases, args.n)
        print(f"ingested {r['n']:,} reports in {r['seconds']:.0f} s: " + ", ".join(f"{v:,} {k}" for k, v in r["counts"].items()))
        print(f"time per report, first 10%: {r['first_ms']:.1f} ms, last 10%: {r['last_ms']:.1f} ms; "
              f"ratio last/first {r['ratio']:.2f} (CPU {r['first_cpu_ms']:.1f} → {r['last_cpu_ms']:.1f} ms, "
              f"{r['cpu_ratio']:.2f})")
        print(f"store: {r['bytes_per_report'] / 1024:.1f} KiB per report; peak RSS "
              f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:,.0f} MB")
        results = api(db, args.requests, args.port) if args.requests else {}
        print_api(results)
        print(json.dumps({"ingest": r, "api": results}))


def print_api(results: dict) -> None:
    import api_latency

    api_latency.print_table(results)


if __name__ == "__main__":
    main()
