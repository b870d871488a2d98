"""Analysis speed: the whole analysis (Analyser, every registered component) against a bare
spaCy parse (nlp.pipe) of the same texts, measured in one run.

Usage (from the repository root):

    .venv/bin/python benchmarks/speed.py [INPUT ...] [--words N] [--repeat R] [--batch-size B]

INPUT: files or folders to ingest-clean (default: the bundled sample corpus,
src/communique/samples/corpus). The cleaned article texts are repeated until they hold at
least N words (default 40,000), so the figures are not dominated by start-up. Models, matchers
and the knowledge-base index are loaded by a warm-up pass first, outside the timings.
Each timing is the best of R runs (default 3). Words are whitespace-separated tokens.

Prints words per second for each, the ratio (analysis time / parse time), and the time the
components take beyond the parse, per component.
"""
from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from communique.analyse import REGISTRY, Analyser  # noqa: E402
from communique.ingest.article import to_article  # noqa: E402
from communique.ingest.sources import iter_documents  # noqa: E402
from communique.models import Article, IngestFailure, RawDocument  # noqa: E402


def load_articles(inputs: list[str]) -> list[Article]:
    out = []
    for item in iter_documents(inputs):
        if isinstance(item, RawDocument):
            article = to_article(item)
            if not isinstance(article, IngestFailure) and article.text.strip():
                out.append(article)
    return out


def corpus(articles: list[Article], min_words: int) -> list[Article]:
    """Copies of ``articles`` (fresh ids) until they hold ``min_words`` words."""
    out: list[Article] = []
    words = 0
    while words < min_words:
        for a in articles:
            out.append(Article(id=f"{a.id}-{len(out)}", source=a.source, text=a.text, published=a.published,
                               title=a.title))
            words += len(a.text.split())
    return out


def best_of(repeat: int, fn) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("inputs", nargs="*", default=[str(ROOT / "src" / "communique" / "samples" / "corpus")])
    ap.add_argument("--words", type=int, default=40_000)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--batch-size", type=int, default=32)
    args = ap.parse_args()

    base = load_articles(args.inputs)
    if not base:
        sys.exit("no articles in " + ", ".join(args.inputs))
    articles = corpus(base, args.words)
    texts = [a.text for a in articles]
    n_words = sum(len(t.split()) for t in texts)

    analyser = Analyser(batch_size=args.batch_size)
    nlp = analyser.nlp
    analyser.analyse(base)  # warm-up: model, matchers, knowledge-base index, lazy imports

    # Per-component time, by wrapping the registered functions for the analysis runs.
    spent = {name: 0.0 for name in analyser.components}
    originals = {name: REGISTRY[name] for name in analyser.components}

    def timed(name):
        fn = originals[name]

        def run(ctx):
            start = time.perf_counter()
            fn(ctx)
            spent[name] += time.perf_counter() - start
        return run

    parse = best_of(args.repeat, lambda: list(nlp.pipe(texts, batch_size=args.batch_size)))
    for name in analyser.components:
        REGISTRY[name] = timed(name)
    try:
        analysis = best_of(args.repeat, lambda: analyser.analyse(articles))
    finally:
        REGISTRY.update(originals)

    print(f"corpus: {len(base)} articles repeated to {len(articles)} ({n_words:,} words); "
          f"batch size {args.batch_size}; best of {args.repeat}; {os.cpu_count()} CPUs")
    print(f"bare parse (nlp.pipe):          {n_words / parse:10,.0f} words/s  ({parse:.2f} s)")
    print(f"whole analysis (Analyser):      {n_words / analysis:10,.0f} words/s  ({analysis:.2f} s)")
    print(f"ratio analysis / parse:         {analysis / parse:10.2f}x")
    for name, total in spent.items():
        per_run = total / args.repeat
        print(f"  component {name:<10} {per_run:6.2f} s per run  ({per_run / parse * 100:5.1f}% of a parse)")


if __name__ == "__main__":
    main()
