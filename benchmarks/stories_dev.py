"""Same-event stories on a labelled set of real multi-outlet reports.

    python benchmarks/stories_dev.py /work/story-dev/iran_iraq.jsonl
    python benchmarks/stories_dev.py SET.jsonl --orders 3 --show-errors

The set is JSON Lines, one report a line: ``{id, text, url, published, outlet, title,
event_label}`` and optionally ``copy_of`` (the id of the report it republishes) and
``related_to`` (an event label this one announces or follows up). The texts are third-party
news and stay outside the repository; benchmarks/stories_dev/manifest.json lists what the
development set holds and how it was built.

Each order (the file's, then shuffles) is ingested with the full analysis into a fresh
store; then the stories are rebuilt with ``rebuild_stories``. Prints, per order:

- same-event pairs placed in one story (x of y);
- different-event pairs kept apart (x of y);
- copies marked (the copy's ``duplicate_of`` is its original, or both share one root);
- announced/related events whose stories are linked as ``related``;
- whether the rebuilt partition equals the incremental one, and equals the first order's
  (independence of arrival order).

Exit status 1 when the figures of issue #17 do not hold (together ≥ 0.90, apart ≥ 0.99,
all copies marked) in any order.
"""
from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import time
from itertools import combinations
from pathlib import Path

from communique.link.stories import rebuild_stories
from communique.pipeline import Pipeline
from communique.store import Store


def load(path: Path) -> list[dict]:
    rows = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if line.strip():
            row = json.loads(line)
            if not row.get("id") or not row.get("event_label"):
                sys.exit(f"{path}:{n}: a report needs 'id' and 'event_label'")
            rows.append(row)
    return rows


def ingest(rows: list[dict], workdir: Path, tag: str) -> tuple[Store, dict[str, str], float]:
    """A fresh store holding the rows in the given order: (store, {row id: article id}, seconds)."""
    src = workdir / f"{tag}.jsonl"
    fields = ("id", "text", "url", "published", "outlet", "title")
    src.write_text("".join(json.dumps({k: r.get(k) for k in fields}, ensure_ascii=False) + "\n" for r in rows),
                   encoding="utf-8")
    store = Store(workdir / f"{tag}.db")
    start = time.perf_counter()
    summary = Pipeline(store).ingest([str(src)])
    took = time.perf_counter() - start
    if summary.failed:
        sys.exit(f"ingest failed: {[(f.source, f.reason) for f in summary.failed]}")
    ids = {}
    for r in rows:
        seen = store.source_seen(str(r["id"]))
        if seen:
            ids[r["id"]] = seen[0]
    return store, ids, took


def related_pairs(store: Store) -> set[frozenset]:
    try:
        return {frozenset((a, b)) for sid in set(store.story_partition().values()) if sid
                for a, b, _ in store.related_stories(sid)}
    except AttributeError:  # a version without related stories
        return set()


def score(rows: list[dict], store: Store, ids: dict[str, str]) -> dict:
    part = store.story_partition()
    dup = {r[0]: r[1] for r in store.conn.execute("SELECT id, duplicate_of FROM articles")}
    story = {r["id"]: part.get(ids[r["id"]]) for r in rows}
    label = {r["id"]: r["event_label"] for r in rows}
    out = {"together": [0, 0], "apart": [0, 0], "copies": [0, 0], "related": [0, 0], "split": [], "merged": [],
           "missed_copies": [], "unlinked": []}
    for a, b in combinations(sorted(story), 2):
        if label[a] == label[b]:
            out["together"][1] += 1
            if story[a] == story[b]:
                out["together"][0] += 1
            else:
                out["split"].append((label[a], a, b))
        else:
            out["apart"][1] += 1
            if story[a] != story[b]:
                out["apart"][0] += 1
            else:
                out["merged"].append((a, label[a], b, label[b]))
    for r in rows:
        if r.get("copy_of"):
            out["copies"][1] += 1
            a, b = ids[r["id"]], ids[r["copy_of"]]
            if dup.get(a) == b or dup.get(b) == a or (dup.get(a) and dup.get(a) == dup.get(b)):
                out["copies"][0] += 1
            else:
                out["missed_copies"].append((r["id"], r["copy_of"]))
    links = related_pairs(store)
    by_label: dict[str, set] = {}
    for r in rows:
        by_label.setdefault(r["event_label"], set()).add(story[r["id"]])
    for r in rows:
        if r.get("related_to"):
            out["related"][1] += 1
            mine, theirs = story[r["id"]], by_label.get(r["related_to"], set())
            if mine in theirs or any(frozenset((mine, t)) in links for t in theirs):
                out["related"][0] += 1
            else:
                out["unlinked"].append((r["id"], r["related_to"]))
    out["partition"] = {a: story[a] for a in story}
    return out


def canonical(partition: dict[str, str]) -> set[frozenset]:
    groups: dict[str, set] = {}
    for rid, sid in partition.items():
        groups.setdefault(sid, set()).add(rid)
    return {frozenset(g) for g in groups.values()}


def fmt(pair: list[int]) -> str:
    return f"{pair[0]} of {pair[1]} ({pair[0] / pair[1]:.3f})" if pair[1] else "none"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("path", type=Path)
    ap.add_argument("--orders", type=int, default=2, help="the file's order, then this many - 1 shuffles")
    ap.add_argument("--show-errors", action="store_true", help="list split and merged pairs")
    args = ap.parse_args()
    rows = load(args.path)
    events = {r["event_label"] for r in rows}
    print(f"{len(rows)} reports, {len(events)} events, {len({r.get('outlet') for r in rows})} outlets")
    ok = True
    first = None
    with tempfile.TemporaryDirectory() as tmp:
        for k in range(args.orders):
            order = list(rows)
            if k:
                random.Random(k).shuffle(order)
            store, ids, took = ingest(order, Path(tmp), f"order{k}")
            res = score(rows, store, ids)
            rebuild_stories(store)
            rebuilt = score(rows, store, ids)
            store.close()
            same_rebuild = canonical(res["partition"]) == canonical(rebuilt["partition"])
            if first is None:
                first = canonical(res["partition"])
            print(f"order {k} ({'file' if not k else f'shuffle {k}'}, ingest {took:.1f}s):")
            print(f"  same-event pairs together   {fmt(res['together'])}")
            print(f"  different-event pairs apart {fmt(res['apart'])}")
            print(f"  copies marked               {fmt(res['copies'])}")
            print(f"  announcements linked        {fmt(res['related'])}")
            print(f"  rebuild gives the same stories: {same_rebuild}; same as order 0: "
                  f"{canonical(res['partition']) == first}")
            if not same_rebuild:
                print(f"  after the rebuild: together {fmt(rebuilt['together'])}, apart {fmt(rebuilt['apart'])}, "
                      f"copies {fmt(rebuilt['copies'])}")
                if args.show_errors:
                    for g in canonical(res["partition"]) ^ canonical(rebuilt["partition"]):
                        print("    differs:", sorted(g))
            if args.show_errors:
                for item in res["split"]:
                    print("    split ", *item)
                for item in res["merged"]:
                    print("    merged", *item)
                for item in res["missed_copies"] + res["unlinked"]:
                    print("    missed", *item)
            t, a, c = res["together"], res["apart"], res["copies"]
            ok &= (not t[1] or t[0] / t[1] >= 0.90) and (not a[1] or a[0] / a[1] >= 0.99) and c[0] == c[1]
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
