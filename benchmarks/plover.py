#!/usr/bin/env python3
"""PLOVER event coding measured on the gold dev half (../shared/benchmarks/plover_gsr/dev.json).

Runs the path the scorer documents: the gold sentences as JSONL input (score.py plover-docs),
ingest, export, then score.py plover. Adds what the scorer does not print: recall and
precision per PLOVER type and the confusion pairs (gold → predicted type, counts only; the
sentences are not printed, so the figures cannot be tuned record by record).

    .venv/bin/python benchmarks/plover.py                    # full pipeline, fresh store in /tmp
    .venv/bin/python benchmarks/plover.py --export DIR       # score an existing export only
    .venv/bin/python benchmarks/plover.py --samples          # the bundled sample corpus (expected.json)
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


def norm(text: str | None) -> str:
    import re
    t = (text or "").lower().replace("\u2019", "'").replace("\u201c", '"').replace("\u201d", '"')
    return re.sub(r"\s+", " ", re.sub(r"[^\w' ]", " ", t)).strip()


def samples(work: Path) -> None:
    """The bundled sample corpus against samples/expected.json: for each expected event, is there
    an exported event of its type on its article whose evidence holds the expected words and whose
    parties include the expected countries; then its date and place."""
    sys.path.insert(0, str(ROOT / "src"))
    from communique.pipeline import Pipeline
    from communique.serve.export import export
    from communique.store import Store

    base = ROOT / "src" / "communique" / "samples"
    expected = json.loads((base / "expected.json").read_text(encoding="utf-8"))
    for old in work.glob("samples.db*"):
        old.unlink()
    store = Store(work / "samples.db")
    inputs = sorted(str(p) for p in (base / "corpus").iterdir()) + \
        sorted(str(p) for p in (base / "feeds" / "site" / "news").glob("*.html"))
    Pipeline(store).ingest(inputs)
    out = work / "samples-out"
    export(store, out)
    store.close()
    arts = {}
    for line in (out / "articles.jsonl").open(encoding="utf-8"):
        a = json.loads(line)
        for src in [a["source"]] + list(a.get("sources") or []):
            key = str(src).replace(str(base) + "/", "")
            arts[key] = a["id"]
    actors = {json.loads(l)["id"]: json.loads(l) for l in (out / "actors.jsonl").open(encoding="utf-8")}
    events = [json.loads(l) for l in (out / "events.jsonl").open(encoding="utf-8")]
    tally = collections.Counter()
    misses = collections.Counter()
    for g in expected["events"]:
        if g["mode"] not in ("asserted", "future"):
            continue
        art = arts.get(g["file"]) or arts.get(g["file"].split("#")[-1])  # JSONL records: by their id
        want = norm(g["evidence"])[:60]
        here = [e for e in events if art in e["article_ids"] and
                any(want in norm(v["text"]) for v in e["evidence"] if v["article_id"] == art)]
        tally[g["mode"] + " expected"] += 1
        typed = [e for e in here if e["type"] == g["type"]]
        if not typed:
            misses[(g["mode"], g["type"], ",".join(sorted({e["type"] for e in here})) or "none")] += 1
            continue
        tally[g["mode"] + " type right"] += 1
        def countries(e):
            return {(actors.get(i) or {}).get("country") for i in e["actors"] + e["recipients"]}
        wanted = set(g["actor_countries"]) | set(g["recipient_countries"])
        if any(wanted <= countries(e) for e in typed):
            tally[g["mode"] + " parties right"] += 1
        if g["mode"] == "asserted":
            d = g["date"]
            ok = any((e["date"] or None) == d or (d and e["date"] and "/" in d and e["date"] == d.split("/")[0])
                     or (d and e["date"] and len(d) == 7 and e["date"].startswith(d)) for e in typed)
            tally["asserted date right"] += ok
            tally["asserted place right"] += any((e["location"] or {}).get("country") == g["location_country"]
                                                 for e in typed)
    print("\nsample corpus (samples/expected.json):")
    for k, v in sorted(tally.items()):
        print(f"  {k}: {v}")
    for (mode, t, got), n in misses.most_common():
        print(f"  miss {mode:8} {t:10} -> {got} {n}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--gold", type=Path, default=DEV)
    ap.add_argument("--export", type=Path, help="score this export instead of building one")
    ap.add_argument("--work", type=Path, help="folder for the store and export (default: a temp folder)")
    ap.add_argument("--components", help="analysis components, comma-separated (default: all)")
    ap.add_argument("--samples", action="store_true", help="score the bundled sample corpus instead")
    args = ap.parse_args()
    if args.samples:
        work = args.work or Path(tempfile.mkdtemp(prefix="samples-"))
        work.mkdir(parents=True, exist_ok=True)
        samples(work)
        return
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
