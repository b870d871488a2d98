"""Article body extraction: plain trafilatura against communique's extract_html.

Usage (from the repository root):

    .venv/bin/python benchmarks/extraction.py [BENCHMARK_DIR] [--rules] [--show ID_PREFIX]

BENCHMARK_DIR defaults to ../shared/benchmarks/article_extraction and must hold
html/*.html.gz and ground-truth.json ({id: {"articleBody": ..., "url": ...}}).

The metric is the project's scorer's: tokens are re.findall(r"\\w+", text.lower());
per page precision = |common multiset| / |got|, recall = common / |want|,
F1 = 2pr / (p + r) (0 when both are 0); figures are means over pages.
--rules re-runs ours with each cleanup rule switched off and prints what it is
worth (about a minute and a half).  --show prints, for one page, the lines ours
kept that the ground truth lacks and the ground-truth lines ours missed (for
reading, not for tuning rules).
"""

from __future__ import annotations

import argparse
import collections
import gzip
import json
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

import trafilatura  # noqa: E402

from communique.ingest import html as html_module  # noqa: E402
from communique.ingest.html import HtmlExtractionError, extract_html  # noqa: E402


def tokens(text: str | None) -> list[str]:
    return re.findall(r"\w+", (text or "").lower())


def score(got: str, want: str) -> tuple[float, float, float]:
    g, w = collections.Counter(tokens(got)), collections.Counter(tokens(want))
    common = sum((g & w).values())
    p = common / sum(g.values()) if g else 0.0
    r = common / sum(w.values()) if w else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def plain_trafilatura(html: bytes, url: str | None) -> str:
    return trafilatura.extract(html) or ""


def ours(html: bytes, url: str | None) -> str:
    try:
        return extract_html(html, url).text
    except HtmlExtractionError:
        return ""


def run(name, fn, pages, truth):
    scores, start = {}, time.perf_counter()
    texts = {}
    for key, html in pages.items():
        texts[key] = fn(html, truth[key].get("url"))
    elapsed = time.perf_counter() - start
    for key, text in texts.items():
        scores[key] = score(text, truth[key]["articleBody"])
    return texts, scores, elapsed / len(pages)


def ablation(pages, truth, texts, our_scores):
    """F1 without each rule, and how many lines the rule removes (and how many of those the truth has)."""
    full = mean(s[2] for s in our_scores.values())
    names = [name for name, _ in html_module.LINE_RULES] + list(html_module.BLOCK_RULES) + ["precision"]
    print(f"\neach rule switched off (F1 with all rules: {full:.4f}):")
    print(f"  {'rule':16} {'F1 without':>10} {'gain':>8} {'lines removed':>14} {'of which in truth':>18}")
    for name in names:
        def without(html, url, _off=frozenset([name])):
            try:
                return html_module._extract(html, url, _off).text
            except HtmlExtractionError:
                return ""
        alt, scores, _ = run(name, without, pages, truth)
        removed = in_truth = 0
        for key in pages:
            kept = set(texts[key].split("\n\n"))
            wanted = " " + " ".join(tokens(truth[key]["articleBody"])) + " "
            for line in alt[key].split("\n\n"):
                if line not in kept and tokens(line):
                    removed += 1
                    in_truth += (" " + " ".join(tokens(line)) + " ") in wanted
        f = mean(s[2] for s in scores.values())
        print(f"  {name:16} {f:10.4f} {full - f:+8.4f} {removed:14d} {in_truth:18d}")


def mean(values):
    values = list(values)
    return sum(values) / len(values) if values else 0.0


def show(key, text, want):
    wanted = " " + " ".join(tokens(want)) + " "
    got = " " + " ".join(tokens(text)) + " "
    print(f"\n== {key}")
    for line in text.split("\n"):
        if tokens(line) and " " + " ".join(tokens(line)) + " " not in wanted:
            print("  EXTRA", line[:160])
    for line in want.split("\n"):
        if tokens(line) and " " + " ".join(tokens(line)) + " " not in got:
            print("  MISSED", line[:160])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("path", nargs="?", default=str(ROOT.parent / "shared" / "benchmarks" / "article_extraction"))
    parser.add_argument("--rules", action="store_true", help="also measure each cleanup rule by switching it off")
    parser.add_argument("--show", action="append", default=[], help="print extra/missed lines for pages with this id prefix")
    args = parser.parse_args()
    folder = Path(args.path)
    truth = json.loads((folder / "ground-truth.json").read_text(encoding="utf-8"))
    pages = {}
    for key in truth:
        path = folder / "html" / f"{key}.html.gz"
        if path.exists():
            pages[key] = gzip.decompress(path.read_bytes())
    print(f"{len(pages)} pages from {folder}")

    results = {}
    for name, fn in (("trafilatura.extract (default)", plain_trafilatura), ("communique extract_html", ours)):
        results[name] = run(name, fn, pages, truth)

    print(f"\n{'extractor':32} {'precision':>9} {'recall':>7} {'F1':>7} {'ms/page':>8}")
    for name, (_, scores, per_page) in results.items():
        p = mean(s[0] for s in scores.values())
        r = mean(s[1] for s in scores.values())
        f = mean(s[2] for s in scores.values())
        print(f"{name:32} {p:9.4f} {r:7.4f} {f:7.4f} {per_page * 1000:8.1f}")

    base_scores = results["trafilatura.extract (default)"][1]
    texts, our_scores, _ = results["communique extract_html"]
    better = sum(our_scores[k][2] > base_scores[k][2] + 1e-9 for k in pages)
    worse = sum(our_scores[k][2] < base_scores[k][2] - 1e-9 for k in pages)
    print(f"\nper page, ours vs plain: {better} better, {worse} worse, {len(pages) - better - worse} equal")
    print("\n10 worst pages for ours (F1, precision, recall, plain F1, url):")
    for key in sorted(pages, key=lambda k: our_scores[k][2])[:10]:
        p, r, f = our_scores[key]
        print(f"  {key[:12]}  F1 {f:.3f}  P {p:.3f}  R {r:.3f}  plain {base_scores[key][2]:.3f}  {truth[key].get('url', '')}")
    if args.rules:
        ablation(pages, truth, texts, our_scores)
    for prefix in args.show:
        for key in pages:
            if key.startswith(prefix):
                show(key, texts[key], truth[key]["articleBody"])


if __name__ == "__main__":
    main()
