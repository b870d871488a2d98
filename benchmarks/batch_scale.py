"""Batch scaling: `communique ingest` in one process against `communique batch` on a local
Dask cluster of 1 and 2 worker processes, on the same corpus, measured in one run.

Usage (from the repository root):

    .venv/bin/python benchmarks/batch_scale.py [--articles N] [--workers 1,2] [--partition-size P]
                                               [--input FILE.jsonl] [--rounds R]

The corpus is N reports (default 240) put together from paragraphs of the bundled sample
corpus (three reports' paragraphs each, seeded), written as one JSON Lines file, so every
report is a distinct text and the linking sees realistic overlaps. Each run writes a fresh
store, and every run imports the same snapshot of the package. Throughput is articles stored
per second of the ingest itself, with models loaded and workers started beforehand (the
"start s" column); the end-to-end figure includes that start-up. The driver's linking and
saving time ("save s") does not spread out, so it bounds what more workers can give; "worker
s" is extraction and analysis summed over workers (it grows when workers share a core).
--input FILE.jsonl measures on that file's first N reports instead (e.g. the Wikinews corpus);
--rounds R repeats the whole set of runs R times, alternating, and prints medians, with the
speed-up of the largest worker count over one worker per round.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def snapshot_package() -> Path:
    """A copy of the package for every run to import: the source tree may change while the
    benchmark runs, and each run (and each worker, spawned later) would otherwise load
    whatever is on disk at that moment. Spawned workers start with this process's sys.path,
    so they import the same copy. Nothing imports communique before this."""
    where = Path(tempfile.mkdtemp(prefix="communique-bench-"))
    shutil.copytree(ROOT / "src" / "communique", where / "communique", ignore=shutil.ignore_patterns("__pycache__"))
    sys.path.insert(0, str(where))
    return where


def build_corpus(path: Path, n: int, samples: Path, seed: int = 7) -> int:
    """N mixed reports as JSON Lines; returns the number of words."""
    from communique.ingest.article import to_article
    from communique.ingest.sources import iter_documents
    from communique.models import Article, RawDocument

    articles = [a for d in iter_documents([str(samples)]) if isinstance(d, RawDocument)
                for a in [to_article(d)] if isinstance(a, Article)]
    paragraphs = [[p for p in a.text.split("\n") if len(p.split()) >= 8] for a in articles]
    rng = random.Random(seed)
    words = 0
    with path.open("w", encoding="utf-8") as f:
        for i in range(n):
            picks = rng.sample(range(len(articles)), 3)
            body = [p for k in picks for p in rng.sample(paragraphs[k], min(3, len(paragraphs[k])))]
            rng.shuffle(body[1:])
            text = "\n\n".join(body)
            words += len(text.split())
            first = articles[picks[0]]
            f.write(json.dumps({"id": f"mix-{i:05d}", "text": text, "published": first.published,
                                "outlet": first.outlet, "title": f"{first.title or 'Report'} ({i})"}) + "\n")
    return words


def count(store, table: str) -> int:
    return store.conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


def run_ingest(corpus: Path, db: Path) -> dict:
    from communique.batch.worker import analyser, warm_up
    from communique.pipeline import Pipeline
    from communique.store import Store

    start = time.perf_counter()
    warm_up()  # loads the model and the lazy indexes in this process, as the workers do
    store = Store(db)
    pipeline = Pipeline(store, analyser=analyser())
    ready = time.perf_counter()
    summary = pipeline.ingest([str(corpus)])
    done = time.perf_counter()
    out = {"startup": ready - start, "run": done - ready, "new": len(summary.new),
           "events": count(store, "events"), "stories": count(store, "stories")}
    store.close()
    return out


def package_path() -> str:
    import communique

    return communique.__file__


def run_batch_with(corpus: Path, db: Path, workers: int, partition_size: int, snapshot: Path) -> dict:
    from communique.batch import open_client, run_batch, warm_workers
    from communique.store import Store

    start = time.perf_counter()
    with open_client(workers=workers) as client:
        warm_workers(client)
        loaded = client.run(package_path)
        assert all(Path(p).is_relative_to(snapshot) for p in loaded.values()), loaded
        ready = time.perf_counter()
        store = Store(db)
        summary = run_batch(store, [str(corpus)], client, partition_size=partition_size)
        done = time.perf_counter()
        out = {"startup": ready - start, "run": done - ready, "new": len(summary.new),
               "events": count(store, "events"), "stories": count(store, "stories"),
               "save": summary.save_seconds, "work": summary.worker_seconds, "used": len(summary.workers)}
        store.close()
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=240)
    parser.add_argument("--workers", default="1,2", help="comma-separated worker counts to try")
    parser.add_argument("--partition-size", type=int, default=20)
    parser.add_argument("--input", type=Path, help="a JSON Lines corpus to take the first N reports of")
    parser.add_argument("--rounds", type=int, default=1)
    args = parser.parse_args()

    snapshot = snapshot_package()
    try:
        import communique

        assert Path(communique.__file__).is_relative_to(snapshot), communique.__file__
        measure(args, snapshot)
    finally:
        shutil.rmtree(snapshot, ignore_errors=True)


def take_corpus(path: Path, source: Path, n: int) -> int:
    """The first n records of a JSON Lines corpus; returns the number of words."""
    words = 0
    with source.open(encoding="utf-8") as src, path.open("w", encoding="utf-8") as out:
        for i, line in zip(range(n), src):
            words += len(json.loads(line).get("text", "").split())
            out.write(line)
    return words


def measure(args, snapshot: Path) -> None:
    import statistics

    samples = snapshot / "communique" / "samples" / "corpus"
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp)
        corpus = base / "corpus.jsonl"
        if args.input:
            words = take_corpus(corpus, args.input, args.articles)
            print(f"corpus: the first {args.articles} reports of {args.input}, {words:,} words")
        else:
            words = build_corpus(corpus, args.articles, samples)
            print(f"corpus: {args.articles} reports, {words:,} words, from paragraphs of the sample corpus")
        print(f"machine: {os.cpu_count()} CPU cores; the driver (linking, saving) and the workers share them")
        print(f"partition size: {args.partition_size}; load average before: {os.getloadavg()[0]:.1f}\n")
        counts = [int(x) for x in args.workers.split(",")]
        names = ["ingest, 1 process"] + [f"batch, {n} worker{'s' if n > 1 else ''}" for n in counts]
        runs: dict[str, list[dict]] = {name: [] for name in names}
        gains = []
        for r in range(args.rounds):
            runs[names[0]].append(run_ingest(corpus, base / f"ingest{r}.db"))
            for name, n in zip(names[1:], counts):
                runs[name].append(run_batch_with(corpus, base / f"batch{n}-{r}.db", n, args.partition_size, snapshot))
            if len(counts) > 1:
                rate = lambda x: x["new"] / x["run"]  # noqa: E731
                gains.append(rate(runs[names[-1]][-1]) / rate(runs[names[1]][-1]))
        med = lambda rs, k: statistics.median(x[k] for x in rs)  # noqa: E731
        results = [(name, {**rs[0], **{k: med(rs, k) for k in ("run", "startup", "save", "work") if k in rs[0]}})
                   for name, rs in runs.items()]

        base_rate = results[0][1]["new"] / results[0][1]["run"]
        print(f"{'':<20} {'articles/s':>10} {'speed-up':>8} {'run s':>7} {'start s':>7} {'end-to-end/s':>12}"
              f" {'save s':>7} {'worker s':>8}  stored (articles/events/stories)"
              + (f"   medians of {args.rounds} rounds" if args.rounds > 1 else ""))
        for name, r in results:
            rate = r["new"] / r["run"]
            e2e = r["new"] / (r["run"] + r["startup"])
            save = f"{r['save']:7.1f} {r['work']:8.1f}" if "save" in r else f"{'':>7} {'':>8}"
            print(f"{name:<20} {rate:10.1f} {rate / base_rate:7.2f}x {r['run']:7.1f} {r['startup']:7.1f}"
                  f" {e2e:12.1f} {save}  {r['new']}/{r['events']}/{r['stories']}")
        if gains:
            print(f"\n{names[-1]} against 1 worker: {statistics.median(gains):.2f}x (median; per round "
                  f"{', '.join(f'{g:.2f}' for g in gains)})")
        same = {(x["new"], x["events"], x["stories"]) for rs in runs.values() for x in rs}
        print(f"load average after: {os.getloadavg()[0]:.1f} (other processes on the machine skew the figures)")
        print("same store contents (counts) in every run:", "yes" if len(same) == 1 else f"NO {same}")
        b = [r for name, r in results if "save" in r]
        if b:
            cap = b[-1]["new"] / b[-1]["save"]
            print(f"driver ceiling: linking and saving alone run at {cap:.1f} articles/s, whatever the workers")


if __name__ == "__main__":
    main()
