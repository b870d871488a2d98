"""Run every benchmark once, in sequence, and print their figures (`make bench`).

Each script prints its own table and, last, a JSON line; this runner only calls them with
settings that finish in a few minutes on a laptop. Run a script on its own for larger sizes
(e.g. `benchmarks/stories_scale.py --n 100000`).
"""
from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
RUNS = [
    ("extraction", ["extraction.py"]),
    ("plover", ["plover.py"]),
    ("news quotes", ["news_quotes.py"]),
    ("speed", ["speed.py", "--words", "20000"]),
    ("stories_scale", ["stories_scale.py"]),
    ("api_latency", ["api_latency.py"]),
    ("batch_scale", ["batch_scale.py"]),
    ("store_backends", ["store_backends.py"]),
]


def main(only: list[str]) -> int:
    failed = 0
    for name, args in RUNS:
        if only and name not in only:
            continue
        print(f"\n=== {name}: {' '.join(args)}", flush=True)
        start = time.perf_counter()
        rc = subprocess.call([sys.executable, str(HERE / args[0]), *args[1:]], cwd=HERE.parent)
        print(f"=== {name}: exit {rc}, {time.perf_counter() - start:.0f} s", flush=True)
        failed += rc != 0
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
