#!/usr/bin/env python3
"""Ingest over the hostile-input corpus (scripts/hostile_corpus.py), one input per process, and
print for each kind: what became of it (stored, or the one-line reason), peak RSS and seconds.
Then one run over everything at once (every good input must be stored beside the hostile ones),
and `--kills N`: a run killed with SIGKILL at N random points, resumed each time, must end equal
to an uninterrupted run (integrity, no orphans, the same articles, events and quotes).

    benchmarks/hostile.py                 # the issue's sizes, analysis on
    benchmarks/hostile.py --scale 0.01    # small sizes, for a quick look
    benchmarks/hostile.py --kills 10

Limits that must hold: peak RSS <= 1 GB and <= 60 s per input. The last line is JSON.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))
import hostile_corpus  # noqa: E402

CHILD = """
import json, logging, sys
logging.basicConfig(level=logging.WARNING, format="warning: %(message)s")
from communique.pipeline import Pipeline
from communique.store import Store
store = Store(sys.argv[1])
summary = Pipeline(store, analyse=sys.argv[3] == "1").ingest(sys.argv[4:] or [sys.argv[2]])
print(json.dumps(summary.as_dict()))
store.close()
"""
RSS_LIMIT_MB, SECONDS_LIMIT = 1024, 60


def run_child(db: Path, inputs: list[str], env: dict, analyse: bool, timeout: float) -> dict:
    """One ingest in a process of its own: its summary, peak RSS (MB), seconds, warnings."""
    cmd = [sys.executable, "-c", CHILD, str(db), inputs[0], "1" if analyse else "0", *inputs]
    full_env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), **env}
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, env=full_env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    timer = threading.Timer(timeout, proc.kill)
    timer.start()
    out: dict[str, bytes] = {}
    readers = [threading.Thread(target=lambda n=n, s=s: out.__setitem__(n, s.read()))
               for n, s in (("stdout", proc.stdout), ("stderr", proc.stderr))]
    for r in readers:
        r.start()
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - t0
    timer.cancel()
    for r in readers:
        r.join()
    proc.returncode = os.waitstatus_to_exitcode(status)
    lines = out["stdout"].decode(errors="replace").strip().splitlines()
    err = out["stderr"].decode(errors="replace")
    try:
        summary = json.loads(lines[-1])
    except (IndexError, json.JSONDecodeError):
        summary = {"crash": (err.strip().splitlines() or [f"exit {proc.returncode}"])[-1][:200]}
    return {"summary": summary, "rss_mb": usage.ru_maxrss / 1024, "seconds": seconds, "rc": proc.returncode,
            "warnings": [l for l in err.splitlines() if l.startswith("warning: ")]}


def outcome(r: dict) -> str:
    s = r["summary"]
    if "crash" in s:
        return f"CRASH: {s['crash']}"
    parts = []
    if s["new"] or s["unchanged"]:
        parts.append(f"stored {s['new']}" + (f" (+{s['unchanged']} known)" if s["unchanged"] else ""))
    reasons = sorted({f["reason"] for f in s["failures"]})
    if reasons:
        parts.append(f"{s['failed']} line(s): " + " | ".join(reasons[:2]) + (" …" if len(reasons) > 2 else ""))
    if r["warnings"]:
        parts.append("warning: " + r["warnings"][0][len("warning: "):][:90])
    return "; ".join(parts) or "nothing"


def per_kind(work: Path, files: Path, base: str, analyse: bool) -> list[dict]:
    rows = []
    print(f"{'kind':<50} {'RSS MB':>7} {'s':>6}  outcome", flush=True)
    for i, kind in enumerate(hostile_corpus.kinds(files, base)):
        r = run_child(work / f"kind{i}.db", [kind.input], kind.env, analyse, timeout=300)
        ok = "crash" not in r["summary"] and r["rss_mb"] <= RSS_LIMIT_MB and r["seconds"] <= SECONDS_LIMIT
        rows.append({"kind": kind.name, "outcome": outcome(r), "rss_mb": round(r["rss_mb"]), "seconds": round(r["seconds"], 1),
                     "within_limits": ok, "expect": kind.expect})
        print(f"{kind.name[:50]:<50} {r['rss_mb']:7.0f} {r['seconds']:6.1f}  {'' if ok else '!! '}{outcome(r)}", flush=True)
    return rows


def all_at_once(work: Path, files: Path, base: str, analyse: bool) -> dict:
    """Every file kind and the local HTTP kinds in one run: the good inputs must all be stored."""
    inputs = [k.input for k in hostile_corpus.kinds(files, base) if not k.env.get("COMMUNIQUE_ALLOW_PRIVATE_URLS") == "0"]
    r = run_child(work / "all.db", inputs, hostile_corpus.PRIVATE, analyse, timeout=1800)
    stored = set()
    if "crash" not in r["summary"]:
        c = sqlite3.connect(work / "all.db")
        stored = {row[0] for row in c.execute("SELECT source FROM article_sources")}
        c.close()
    good = [str(files / f"good_{i}.txt") for i in range(4)] + [f"{base}/good/7.html"]
    missing = [g for g in good if g not in stored]
    print(f"\nall {len(inputs)} inputs in one run: {outcome(r)}; peak RSS {r['rss_mb']:.0f} MB, {r['seconds']:.0f} s; "
          f"good inputs stored: {len(good) - len(missing)}/{len(good)}", flush=True)
    return {"inputs": len(inputs), "rss_mb": round(r["rss_mb"]), "seconds": round(r["seconds"]), "good_missing": missing,
            "crash": r["summary"].get("crash")}


def snapshot(db: Path) -> dict:
    c = sqlite3.connect(db)
    q = lambda sql: c.execute(sql).fetchall()  # noqa: E731
    out = {"integrity": q("PRAGMA integrity_check")[0][0],
           "foreign_keys": len(q("PRAGMA foreign_key_check")),
           "orphans": q("SELECT count(*) FROM articles a WHERE NOT EXISTS "
                        "(SELECT 1 FROM article_sources x WHERE x.article_id = a.id)")[0][0],
           "articles": sorted(r[0] for r in q("SELECT id FROM articles")),
           "events": q("SELECT count(*) FROM events")[0][0],
           "quotes": q("SELECT count(*) FROM quotes")[0][0]}
    c.close()
    return out


KILL_TEXTS = [
    "Iraq and Turkey signed a water-sharing agreement in Ankara on Monday, the Iraqi foreign ministry said.",
    "Iran's foreign minister met his Syrian counterpart in Damascus on Tuesday to discuss border security.",
    "Jordan condemned the shelling of a border village on Wednesday, a government spokesman said.",
    "Saudi Arabia hosted talks with Qatar on Thursday and both sides agreed to reopen their embassies.",
]


def _count(db: Path) -> int:
    try:
        c = sqlite3.connect(db, timeout=5)
        try:
            return c.execute("SELECT count(*) FROM articles").fetchone()[0]
        finally:
            c.close()
    except sqlite3.Error:
        return 0


def kills(work: Path, n: int, analyse: bool, seed: int) -> dict:
    """A corpus of small reports ingested with SIGKILL at `n` random points (each run resumes the
    last): each kill lands a random number of articles (1-8) into the run plus a random fraction
    of a second, so mid-article as often as between articles. Then one run to the end, compared
    with one uninterrupted run."""
    corpus = work / "killcorpus"
    corpus.mkdir(exist_ok=True)
    total = 150
    for i in range(total):
        (corpus / f"r{i:03d}.txt").write_text(
            f"{KILL_TEXTS[i % 4]}\n\nReport {i}: the delegations of district {i} and province {i * 7} "
            f"will meet again on Friday to discuss item {i * 13}, officials said.")
    rng = random.Random(seed)
    db = work / "killed.db"
    base_env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    cmd = [sys.executable, "-c", CHILD, str(db), str(corpus), "1" if analyse else "0"]
    points = []
    for _ in range(n):
        before = _count(db)
        target = min(before + rng.randint(1, 8), total - 1)
        proc = subprocess.Popen(cmd, env=base_env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 600
        while proc.poll() is None and _count(db) < target and time.monotonic() < deadline:
            time.sleep(0.05)
        time.sleep(rng.uniform(0, 0.5))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        points.append(_count(db))
    final = run_child(db, [str(corpus)], {}, analyse, timeout=1800)
    clean = run_child(work / "clean.db", [str(corpus)], {}, analyse, timeout=1800)
    a, b = snapshot(db), snapshot(work / "clean.db")
    same = a["articles"] == b["articles"] and (a["events"], a["quotes"]) == (b["events"], b["quotes"])
    consistent = a["integrity"] == "ok" and a["foreign_keys"] == 0 and a["orphans"] == 0
    print(f"\nkill -9 at {n} points (articles stored when each kill landed: {points}), then a re-run: "
          f"integrity {a['integrity']}, foreign-key errors {a['foreign_keys']}, orphans {a['orphans']}, "
          f"articles {len(a['articles'])}/{len(b['articles'])}, events {a['events']}/{b['events']}, quotes "
          f"{a['quotes']}/{b['quotes']} (killed+resumed / uninterrupted); re-run: {outcome(final)}", flush=True)
    return {"kills": n, "articles_at_kills": points, "consistent": consistent, "equal_to_uninterrupted": same}


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--scale", type=float, default=1.0, help="sizes relative to the issue's (1.0)")
    ap.add_argument("--no-analysis", action="store_true")
    ap.add_argument("--kills", type=int, default=0, help="also: SIGKILL at this many random points")
    ap.add_argument("--only-kills", action="store_true")
    ap.add_argument("--seed", type=int, default=16)
    args = ap.parse_args(argv)
    analyse = not args.no_analysis
    result: dict = {"scale": args.scale, "analysis": analyse}
    with tempfile.TemporaryDirectory(prefix="communique-hostile-") as tmp:
        work = Path(tmp)
        if not args.only_kills:
            t0 = time.perf_counter()
            files = hostile_corpus.build(work / "corpus", args.scale)
            server, base = hostile_corpus.serve(args.scale)
            print(f"corpus built in {time.perf_counter() - t0:.0f} s; HTTP kinds at {base}\n", flush=True)
            rows = per_kind(work, files, base, analyse)
            result["kinds"] = rows
            result["all_at_once"] = all_at_once(work, files, base, analyse)
            result["secret_fetched"] = hostile_corpus.HostileHandler.secret_hits
            server.shutdown()
            (files / "locked").chmod(0o755)
            bad = [r["kind"] for r in rows if not r["within_limits"]]
            print(f"\n{len(rows) - len(bad)}/{len(rows)} kinds within {RSS_LIMIT_MB} MB and {SECONDS_LIMIT} s"
                  + (f"; over: {', '.join(bad)}" if bad else "")
                  + f"; /secret fetched {result['secret_fetched']} times", flush=True)
        if args.kills:
            result["kill"] = kills(work, args.kills, analyse, args.seed)
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
