"""Whole-ingest speed and memory: `communique ingest` of a corpus into a fresh store against a
bare spaCy parse (nlp.pipe, the same model) of the same cleaned texts, side by side in one run.

Usage (from the repository root):

    .venv/bin/python benchmarks/ingest_speed.py [INPUT ...] [--rounds R] [--profile N]

INPUT: files or folders (default: ../shared/corpora/wikinews/articles.jsonl when present,
else the bundled sample corpus). Each measurement runs in a child process of its own, with the
model loaded before the clock starts, so each has its own peak RSS (ru_maxrss) and neither
warms the other's caches. The two alternate for R rounds (default 3); the figures are medians.
Words are whitespace-separated tokens of the cleaned texts.

Prints reports/s and words/s for each, the speed of the ingest as a fraction of the parse's,
user CPU seconds, and the peak RSS of each child. With --profile N, one more ingest runs under
cProfile and the N costliest functions (cumulative and own time) are printed.
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT = ROOT.parent / "shared" / "corpora" / "wikinews" / "articles.jsonl"


def _texts(inputs: list[str]) -> list[str]:
    from communique.ingest.article import to_article
    from communique.ingest.sources import iter_documents
    from communique.models import Article, RawDocument

    return [a.text for d in iter_documents(inputs) if isinstance(d, RawDocument)
            for a in [to_article(d)] if isinstance(a, Article)]


def child(mode: str, inputs: list[str], profile: int) -> dict:
    """One measurement, run in this (child) process; returns its figures."""
    import resource

    sys.path.insert(0, str(ROOT / "src"))
    from communique.batch.worker import analyser, warm_up

    warm_up()  # model, matchers, knowledge-base index: loaded before the clock starts
    out: dict = {}
    if mode == "parse":
        texts = _texts(inputs)  # cleaning is not part of a bare parse
        nlp = analyser().nlp
        cpu, start = time.process_time(), time.perf_counter()
        for _ in nlp.pipe(texts, batch_size=analyser().batch_size):
            pass
        out["reports"] = len(texts)
    else:
        from communique.pipeline import Pipeline
        from communique.store import Store

        with tempfile.TemporaryDirectory() as tmp:
            store = Store(Path(tmp) / "bench.db")
            pipeline = Pipeline(store, analyser=analyser())
            prof = None
            if profile:
                import cProfile

                prof = cProfile.Profile()
                prof.enable()
            cpu, start = time.process_time(), time.perf_counter()
            summary = pipeline.ingest(inputs)
            out["seconds"], out["cpu"] = time.perf_counter() - start, time.process_time() - cpu
            if prof:
                prof.disable()
                import io
                import pstats

                for key in ("cumulative", "tottime"):
                    buf = io.StringIO()
                    pstats.Stats(prof, stream=buf).sort_stats(key).print_stats(profile)
                    print(buf.getvalue(), file=sys.stderr)
            out["reports"] = len(summary.new)
            store.close()  # the size on disk once closed: the WAL is copied in and removed
            out["db_bytes"] = sum(p.stat().st_size for p in Path(tmp).iterdir())
    if "seconds" not in out:
        out["seconds"], out["cpu"] = time.perf_counter() - start, time.process_time() - cpu
    out["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return out


def run_child(mode: str, inputs: list[str], profile: int = 0) -> dict:
    cmd = [sys.executable, __file__, "--child", mode, "--profile", str(profile), *inputs]
    proc = subprocess.run(cmd, stdout=subprocess.PIPE, text=True, check=True)
    return json.loads(proc.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("inputs", nargs="*")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--profile", type=int, default=0, help="print the N costliest functions of one more ingest")
    ap.add_argument("--child", choices=("parse", "ingest"), help=argparse.SUPPRESS)
    args = ap.parse_args()
    inputs = args.inputs or [str(DEFAULT if DEFAULT.exists() else ROOT / "src" / "communique" / "samples" / "corpus")]
    if args.child:
        print(json.dumps(child(args.child, inputs, args.profile)))
        return

    sys.path.insert(0, str(ROOT / "src"))
    words = sum(len(t.split()) for t in _texts(inputs))
    runs: dict[str, list[dict]] = {"parse": [], "ingest": []}
    ratios = []
    for _ in range(args.rounds):
        for mode in ("parse", "ingest"):
            runs[mode].append(run_child(mode, inputs))
        ratios.append(runs["parse"][-1]["seconds"] / runs["ingest"][-1]["seconds"])
    med = {m: {k: statistics.median(r[k] for r in rs) for k in ("seconds", "cpu", "peak_rss_mb")}
           for m, rs in runs.items()}
    n = runs["ingest"][0]["reports"]
    print(f"corpus: {', '.join(inputs)}: {n} reports stored, {words:,} words; {args.rounds} rounds, medians; "
          f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f}")
    for mode, label in (("parse", "bare parse (nlp.pipe)"), ("ingest", "whole ingest")):
        m = med[mode]
        print(f"{label:<24} {n / m['seconds']:6.2f} reports/s {words / m['seconds']:8,.0f} words/s "
              f"({m['seconds']:.1f} s, user CPU {m['cpu']:.1f} s, peak RSS {m['peak_rss_mb']:,.0f} MB)")
    print(f"ingest speed / parse speed: {statistics.median(ratios):.2f} (per round: "
          f"{', '.join(f'{r:.2f}' for r in ratios)}); CPU ratio {med['parse']['cpu'] / med['ingest']['cpu']:.2f}")
    print(f"store: {runs['ingest'][0]['db_bytes'] / n / 1024:.1f} KiB per report")
    if args.profile:
        run_child("ingest", inputs, args.profile)


if __name__ == "__main__":
    main()
