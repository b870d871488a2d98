#!/usr/bin/env python3
"""Quote attribution and actor resolution on whole news reports (../shared/benchmarks/news_events/dev.json).

Runs the path the scorer documents: the reports as JSONL input (score.py news-docs), ingest
into a fresh store, export, then score.py news-quotes. Adds what the scorer does not print:
for every gold quote whose speaker is wrong, the KIND of error, and for every wrong country
why; and the number of actor mentions whose words share no word with the actor's name.
Counts only: the reports' sentences are never printed, so the figures cannot be tuned
sentence by sentence.

    .venv/bin/python benchmarks/news_quotes.py                 # full pipeline, fresh store in /tmp
    .venv/bin/python benchmarks/news_quotes.py --export DIR --db DB   # score an existing export
    .venv/bin/python benchmarks/news_quotes.py --gold ../shared/seeds ...  (any gold of the same form)
"""
from __future__ import annotations

import argparse
import collections
import json
import re
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SCORE = SHARED / "eval" / "score.py"
DEV = SHARED / "benchmarks" / "news_events" / "dev.json"
SKIP = {"the", "of", "and", "for", "ministry", "office", "department", "president", "minister"}
# Words a mention may carry beside the name without being a different actor.
TITLE_NOISE = {"the", "of", "and", "s", "'s", "’s"}


def build(gold: Path, work: Path) -> tuple[Path, Path]:
    sys.path.insert(0, str(ROOT / "src"))
    from communique.pipeline import Pipeline
    from communique.serve.export import export
    from communique.store import Store

    docs = work / "docs.jsonl"
    docs.write_text(subprocess.run([sys.executable, str(SCORE), "news-docs", str(gold)], check=True,
                                   capture_output=True, text=True).stdout, encoding="utf-8")
    db = work / "quotes.db"
    for old in work.glob("quotes.db*"):
        old.unlink()
    store = Store(db)
    started = time.perf_counter()
    Pipeline(store).ingest([str(docs)])
    elapsed = time.perf_counter() - started
    out = work / "out"
    export(store, out)
    store.close()
    print(f"ingested {sum(1 for _ in docs.open(encoding='utf-8'))} reports in {elapsed:.1f} s")
    return out, db


def tokens(s: str) -> list[str]:
    s = (s or "").lower().replace("\u2019", "'")
    return re.findall(r"\w+", s)


def load(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.open(encoding="utf-8") if line.strip()]


def same(pq: dict, gq: dict) -> bool:
    g, p = tokens(gq["text"]), tokens(pq.get("text"))
    common = sum((collections.Counter(g) & collections.Counter(p)).values())
    f1 = 2 * common / (len(g) + len(p)) if g and p else 0
    return f1 >= 0.5 or (len(set(g)) >= 4 and len(set(g) & set(p)) >= 0.9 * len(set(g)))


def name_ok(pq: dict, want: str, actors: dict) -> bool:
    a = actors.get(pq.get("speaker_id")) or {}
    have = set(tokens(" ".join([pq.get("speaker_name") or "", a.get("name") or ""] + list(a.get("aliases") or []))))
    words = [w for w in tokens(want) if len(w) > 2 and w not in SKIP]
    return any(w in have or (len(w) >= 5 and any(h[:5] == w[:5] for h in have)) for w in words)


def kind_of_error(pq: dict, gold: dict, actors: dict, people: set[str]) -> str:
    """What went wrong with a speaker: no speaker, a state/organisation for a person, another
    person of the report, someone the gold does not name at all..."""
    if not pq.get("speaker_name"):
        return "no speaker given"
    a = actors.get(pq.get("speaker_id")) or {}
    kind = a.get("kind")
    gold_is_person = len(tokens(gold["speaker"])) >= 2 and gold.get("speaker_country") not in (None,)
    if not pq.get("speaker_ids"):
        return f"words naming no actor ({pq.get('speaker_method')})"
    if kind == "state":
        return "a state given for " + ("a person" if gold_is_person else "a body")
    if kind in ("organization", "group") and gold_is_person:
        return "an organisation given for a person"
    if any(name_ok(pq, other, actors) for other in people if other != gold["speaker"]):
        return f"another speaker of the report ({pq.get('speaker_method')})"
    return f"someone else ({pq.get('speaker_method')})"


def analyse(export: Path, gold_path: Path, db: Path | None) -> None:
    subprocess.run([sys.executable, str(SCORE), "news-quotes", str(export), str(gold_path)], check=True)
    gold = json.loads(gold_path.read_text(encoding="utf-8"))["articles"]
    arts = {a["id"]: Path(str(a["source"])).name for a in load(export / "articles.jsonl")}
    actors = {a["id"]: a for a in load(export / "actors.jsonl")}
    preds = collections.defaultdict(list)
    for q in load(export / "quotes.jsonl"):
        if q.get("direct"):
            preds[arts.get(q["article_id"], "")].append(q)
    errors: collections.Counter[str] = collections.Counter()
    country: collections.Counter[str] = collections.Counter()
    methods_ok: collections.Counter[str] = collections.Counter()
    spoken_for_nobody = 0
    for art in gold:
        got = [q for k, qs in preds.items() if k.startswith(art["id"]) for q in qs]
        people = {g["speaker"] for g in art.get("quotes") or [] if g.get("speaker")}
        for g in art.get("quotes") or []:
            hits = [p for p in got if same(p, g)]
            if not hits:
                continue
            p = hits[0]
            if not g.get("speaker"):
                spoken_for_nobody += bool(p.get("speaker_name"))
            elif any(name_ok(h, g["speaker"], actors) for h in hits):
                methods_ok[p.get("speaker_method") or "none"] += 1
            else:
                errors[kind_of_error(p, g, actors, people)] += 1
            if g.get("speaker_country"):
                want = None if g["speaker_country"] == "IGO" else g["speaker_country"]
                a = actors.get(p.get("speaker_id")) or {}
                if p.get("speaker_id") and a.get("country") == want:
                    continue
                if not p.get("speaker_id"):
                    country["no speaker id" + (" (a name without actor)" if p.get("speaker_name") else "")] += 1
                elif a.get("country") is None:
                    country["speaker actor has no country"] += 1
                else:
                    country["another country"] += 1
    print("right speakers by method:", dict(methods_ok.most_common()))
    print("wrong speakers by kind:")
    for k, n in errors.most_common():
        print(f"  {n:3d}  {k}")
    print("wrong countries by kind:")
    for k, n in country.most_common():
        print(f"  {n:3d}  {k}")
    print(f"a speaker given where the report names none: {spoken_for_nobody}")
    if db is not None:
        unrelated_mentions(db)


def _kb_words() -> dict[str, list[str]]:
    """Every name the knowledge base gives an actor: name, aliases, demonyms, capital, metonyms
    ("Washington" and "American" name the United States)."""
    sys.path.insert(0, str(ROOT / "src"))
    from communique.knowledge.kb import default_kb

    out = {}
    for rec in default_kb():
        out[rec.id] = list(rec.names) + list(rec.demonyms or []) + list(rec.metonyms or []) + \
            ([rec.capital] if rec.capital else [])
    return out


def unrelated_mentions(db: Path) -> None:
    """Mentions whose words share no word with any name of their actor ("Ali" → al-Sahhaf).
    Offices ("the president", "Iraqi officials") and pronouns are not names and are skipped."""
    kb_names = _kb_words()
    con = sqlite3.connect(db)
    cols = [r[1] for r in con.execute("PRAGMA table_info(mentions)")]
    method = "method" if "method" in cols else "NULL"
    rows = con.execute(f"SELECT m.text, m.actor_id, {method}, a.name, a.aliases, a.kind FROM mentions m "
                       "JOIN actors a ON a.id = m.actor_id").fetchall()
    bad: collections.Counter[str] = collections.Counter()
    for text, actor_id, how, name, aliases, kind in rows:
        if how in ("role", "role-kb", "role-state", "anaphor", "group", "demonym", "pronoun"):
            continue
        words = set(tokens(text)) - TITLE_NOISE
        try:
            alias_list = json.loads(aliases or "[]")
        except ValueError:
            alias_list = []
        have = set(tokens(" ".join([name or "", actor_id, *alias_list, *kb_names.get(actor_id, [])])))
        if words and not words & have and not any(len(w) >= 5 and any(h[:5] == w[:5] for h in have) for w in words):
            bad[f"{kind} via {how}"] += 1
    print(f"mentions whose words share no word with their actor: {sum(bad.values())}", dict(bad))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--gold", type=Path, default=DEV)
    ap.add_argument("--export", type=Path, help="score this export instead of building one")
    ap.add_argument("--db", type=Path, help="the store the export came from (for the mention check)")
    args = ap.parse_args()
    if args.export:
        analyse(args.export, args.gold, args.db)
        return
    with tempfile.TemporaryDirectory(prefix="news_quotes_") as tmp:
        out, db = build(args.gold, Path(tmp))
        analyse(out, args.gold, db)


if __name__ == "__main__":
    main()
