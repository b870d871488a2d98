#!/usr/bin/env python3
"""PLOVER event coding measured on the gold dev half (../shared/benchmarks/plover_gsr/dev.json).

Runs the path the scorer documents: the gold sentences as JSONL input (score.py plover-docs),
ingest, export, then score.py plover. Adds what the scorer does not print: recall and
precision per PLOVER type and the confusion pairs (gold → predicted type, counts only; the
sentences are not printed, so the figures cannot be tuned record by record).

    .venv/bin/python benchmarks/plover.py                    # full pipeline, fresh store in /tmp
    .venv/bin/python benchmarks/plover.py --export DIR       # score an existing export only
"""
from __future__ import annotations

import argparse
import collections
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SCORE = SHARED / "eval" / "score.py"
DEV = SHARED / "benchmarks" / "plover_gsr" / "dev.json"
OLD_PLOVER = {"DEMAND": "REQUEST", "DISAPPROVE": "ACCUSE", "FIGHT": "ASSAULT", "INVESTIGATE": "ACCUSE"}


def build_export(gold: Path, work: Path, components: str | None) -> Path:
    sys.path.insert(0, str(ROOT / "src"))
    from communique.pipeline import Pipeline
    from communique.serve.export import export
    from communique.store import Store

    docs = work / "docs.jsonl"
    docs.write_text(subprocess.run([sys.executable, str(SCORE), "plover-docs", str(gold)], check=True,
                                   capture_output=True, text=True).stdout, encoding="utf-8")
    for old in work.glob("plover.db*"):
        old.unlink()  # a fresh store: an old one would answer "unchanged" for every record
    store = Store(work / "plover.db")
    analyser = None
    if components:
        from communique.analyse import Analyser
        analyser = Analyser(components=components.split(","))
    started = time.perf_counter()
    Pipeline(store, analyser=analyser).ingest([str(docs)])
    elapsed = time.perf_counter() - started
    out = work / "out"
    export(store, out)
    store.close()
    n = sum(1 for _ in docs.open(encoding="utf-8"))
    print(f"ingested {n} records in {elapsed:.1f} s ({n / elapsed:.1f} records/s)")
    return out


def per_type(export: Path, gold_path: Path) -> None:
    gold = [r for r in json.loads(gold_path.read_text(encoding="utf-8")) if r.get("event") != "DOCUMENT"]
    arts = {json.loads(l)["id"]: Path(str(json.loads(l)["source"])).name
            for l in (export / "articles.jsonl").open(encoding="utf-8")}
    by_record = collections.defaultdict(list)
    for line in (export / "events.jsonl").open(encoding="utf-8"):
        e = json.loads(line)
        for aid in e.get("article_ids") or []:
            by_record[arts.get(aid)].append(e["type"])
    # Articles from a JSONL input keep the record id as their source.
    by_record = {k.split("#")[-1] if k else k: v for k, v in by_record.items()}
    n_gold, found, predicted, right = (collections.Counter() for _ in range(4))
    confusion = collections.Counter()
    for r in gold:
        want = OLD_PLOVER.get(r["event"], r["event"])
        preds = by_record.get(r["id"], [])
        n_gold[want] += 1
        for p in preds:
            predicted[p] += 1
            right[p] += p == want
        if want in preds:
            found[want] += 1
        else:
            confusion[(want, ",".join(sorted(set(preds))) or "none")] += 1
    print(f"\n{'type':10} {'gold':>5} {'recall':>7} {'pred':>5} {'precision':>9}")
    for t in sorted(set(n_gold) | set(predicted)):
        rec = found[t] / n_gold[t] if n_gold[t] else 0
        prec = right[t] / predicted[t] if predicted[t] else 0
        print(f"{t:10} {n_gold[t]:5d} {rec:7.2f} {predicted[t]:5d} {prec:9.2f}")
    print("\nconfusion (gold -> predicted, records with no right-typed event):")
    for (g, p), k in confusion.most_common():
        print(f"  {g:10} -> {p:20} {k}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--gold", type=Path, default=DEV)
    ap.add_argument("--export", type=Path, help="score this export instead of building one")
    ap.add_argument("--work", type=Path, help="folder for the store and export (default: a temp folder)")
    ap.add_argument("--components", help="analysis components, comma-separated (default: all)")
    args = ap.parse_args()
    if args.export:
        out = args.export
    else:
        work = args.work or Path(tempfile.mkdtemp(prefix="plover-"))
        work.mkdir(parents=True, exist_ok=True)
        out = build_export(args.gold, work, args.components)
    print(subprocess.run([sys.executable, str(SCORE), "plover", str(out), str(args.gold)], check=True,
                         capture_output=True, text=True).stdout, end="")
    per_type(out, args.gold)


if __name__ == "__main__":
    main()
