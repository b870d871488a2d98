"""Story linking at scale: generated articles with planted copies and rewrites.

    python benchmarks/stories_scale.py             # 10,000 articles
    python benchmarks/stories_scale.py --n 100000  # 100,000 (several minutes)

Articles are generated (no spaCy: the link layer and the store are what is measured) from
invented events: each event has its people, places, a day and its own specific words, over a
shared background vocabulary. They arrive in date order, about 40 a day, as a news feed does. A third of the articles after the first few hundred are planted:
near-verbatim copies (a few words changed, site header and footer added, sometimes the last
paragraph cut) and rewrites (the same event told in other sentences, a day or two later); and
one new event in ten brings back the people of a recent one, at another meeting.

Prints: time per article (wall clock and CPU) in the first and the last 10% of the run and
their ratio (it should stay below 1.5: linking must not slow down as the store grows; the
exit status is 1 when the wall-clock ratio does not), peak memory (max RSS), and
the precision and recall of finding the planted copies; also the pairwise precision and recall
of the story clustering against the planted events.
"""
from __future__ import annotations

import argparse
import hashlib
import random
import resource
import sys
import tempfile
import time
from collections import defaultdict, deque
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import combinations
from pathlib import Path
from typing import Iterator

from communique.models import Analysis, Article
from communique.pipeline import Pipeline
from communique.store import Store

SYLLABLES = ("ka ra mi sa do le nu vo ti ba ze ho ja lu pe fi go ne ri ta mo sha kh ar al em in os ur "
             "ba di qa ru zo ye we xi").split()
COMMON = ("government minister officials meeting talks agreement security cooperation border region country "
          "ministry statement relations economic political support forces president visit trade issue people "
          "week development project joint committee delegation capital discussed stressed added need").split()
FILLER = ("the a of to and in on for with that as by from at was were is are this which after also "
          "its their has have had will would but not").split()


PER_DAY = 40


def word(rng: random.Random, parts: int) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(parts))


@dataclass
class Vocab:
    surnames: list[str]
    firsts: list[str]
    places: list[str]
    topic: list[str]  # background content words, drawn with a Zipf-like skew

    @classmethod
    def make(cls, rng: random.Random, n_events: int) -> "Vocab":
        surnames = sorted({word(rng, 3).capitalize() for _ in range(max(2000, n_events // 2))})
        firsts = sorted({word(rng, 2).capitalize() for _ in range(300)})
        places = sorted({word(rng, 3).capitalize() for _ in range(max(1000, n_events // 5))})
        topic = sorted({word(rng, 3) for _ in range(20000)})
        return cls(surnames, firsts, places, topic)

    def background(self, rng: random.Random) -> str:
        i = min(int(rng.paretovariate(0.9)) - 1, len(self.topic) - 1)
        return self.topic[i] if rng.random() < 0.5 else rng.choice(COMMON)


@dataclass
class Event:
    id: int
    day: date
    people: list[str]
    places: list[str]
    specific: list[str]  # words only this event's reports use


def make_event(rng: random.Random, vocab: Vocab, i: int, today: date) -> Event:
    people = [f"{rng.choice(vocab.firsts)} {rng.choice(vocab.surnames)}" for _ in range(rng.randint(2, 3))]
    return Event(i, today - timedelta(days=rng.randint(0, 1)), people,
                 rng.sample(vocab.places, rng.randint(1, 2)), [word(rng, 4) for _ in range(12)])


def sentence(rng: random.Random, vocab: Vocab, ev: Event) -> str:
    """One sentence about the event: a person, a place or two specific words, and background."""
    parts = [rng.choice(FILLER) for _ in range(3)]
    person = rng.choice(ev.people)
    parts.insert(rng.randrange(len(parts)), person if rng.random() < 0.6 else person.split()[-1])
    if rng.random() < 0.5:
        parts.insert(rng.randrange(len(parts)), "in " + rng.choice(ev.places))
    for _ in range(rng.randint(1, 3)):
        parts.insert(rng.randrange(len(parts)), rng.choice(ev.specific))
    for _ in range(rng.randint(6, 12)):
        parts.insert(rng.randrange(len(parts)), rng.choice(FILLER) if rng.random() < 0.4 else vocab.background(rng))
    text = " ".join(parts)
    return text[0].upper() + text[1:] + "."


def report(rng: random.Random, vocab: Vocab, ev: Event) -> str:
    paragraphs = []
    for _ in range(rng.randint(5, 9)):
        paragraphs.append(" ".join(sentence(rng, vocab, ev) for _ in range(rng.randint(2, 4))))
    return "\n\n".join(paragraphs)


def copy_of(rng: random.Random, text: str) -> str:
    """A republication: a few words changed, the site's header and footer, maybe the end cut."""
    paragraphs = text.split("\n\n")
    if len(paragraphs) > 4 and rng.random() < 0.4:
        paragraphs = paragraphs[:-1]
    words = "\n\n".join(paragraphs).split(" ")
    for _ in range(max(1, len(words) // 60)):
        i = rng.randrange(len(words))
        words[i] = rng.choice(COMMON)
    site = word(rng, 2).capitalize()
    header = f"{site} News\nHome   World   Politics   Business\n"
    footer = f"\n\nShare this:\nRelated posts\nCopyright {site} News"
    return header + " ".join(words) + footer


@dataclass
class Planted:
    article: Article
    event: int
    copy_source: str | None = None  # the article it was copied from


def generate(n: int, seed: int) -> Iterator[Planted]:
    """The articles one at a time, so the benchmark's memory is the store's and the index's,
    not a corpus held in a list: only the last few days' reports and their events are kept."""
    rng = random.Random(seed)
    vocab = Vocab.make(rng, max(10, int(n * 0.6)))
    start = date(2024, 1, 1)
    events: dict[int, Event] = {}
    recent: deque[Planted] = deque(maxlen=3 * PER_DAY)
    next_event = 0
    for i in range(n):
        # News arrives roughly in the order it happens: about PER_DAY reports a day.
        today = start + timedelta(days=i // PER_DAY)
        roll = rng.random()
        if i > 200 and roll < 0.15:  # a near-verbatim copy of a recent article
            src = rng.choice(recent)
            day = date.fromisoformat(src.article.published) + timedelta(days=rng.randint(0, 1))
            planted = Planted(_article(copy_of(rng, src.article.text), day, f"copy{i}"), src.event,
                              copy_source=src.article.id)
        elif i > 200 and roll < 0.35:  # a rewrite: the same event in other sentences
            ev = events[rng.choice(recent).event]
            day = ev.day + timedelta(days=rng.randint(0, 2))
            planted = Planted(_article(report(rng, vocab, ev), day, f"rewrite{i}"), ev.id)
        else:
            ev = make_event(rng, vocab, next_event, today)
            next_event += 1
            if i > 200 and roll > 0.9:  # the same people again, at another meeting
                ev.people = list(events[rng.choice(recent).event].people)
            events[ev.id] = ev
            planted = Planted(_article(report(rng, vocab, ev), ev.day, f"report{i}"), ev.id)
        recent.append(planted)
        if i % 1000 == 999:  # forget events no recent report refers to
            live = {p.event for p in recent}
            events = {k: v for k, v in events.items() if k in live}
        yield planted


def _article(text: str, day: date, source: str) -> Article:
    digest = hashlib.sha256(text.encode()).hexdigest()
    title = text.split(".")[0][:80]
    return Article(id=digest[:16], source=source, text=text, title=title, published=day.isoformat(),
                   outlet=source.rstrip("0123456789"), content_hash=digest)


@dataclass(frozen=True)
class Truth:
    article_id: str
    event: int
    copy_source: str | None


def copy_scores(truth: list[Truth], duplicate_of: dict[str, str | None]) -> tuple[float, float]:
    """Precision and recall of copy detection. Truth: a planted copy and everything it was
    copied from (transitively) are one copy group; a found `duplicate_of` is right when it
    points inside the article's group."""
    parent = {t.article_id: t.copy_source for t in truth}

    def root(a: str) -> str:
        while parent.get(a):
            a = parent[a]
        return a

    found = [(a, d) for a, d in duplicate_of.items() if d]
    right = sum(1 for a, d in found if root(a) == root(d))
    copies = [t for t in truth if t.copy_source]
    # Copies arrive after their source and are never dated earlier, so each should point back.
    recalled = sum(1 for t in copies if (d := duplicate_of.get(t.article_id)) and root(d) == root(t.article_id))
    precision = right / len(found) if found else 1.0
    recall = recalled / len(copies) if copies else 1.0
    return precision, recall


def pair_scores(truth: list[Truth], story_of: dict[str, str | None]) -> tuple[float, float]:
    """Pairwise precision and recall of the stories against the planted events."""
    events = defaultdict(list)
    found = defaultdict(list)
    for t in truth:
        events[t.event].append(t.article_id)
        found[story_of[t.article_id]].append(t.article_id)
    true_pairs = {frozenset(x) for ids in events.values() for x in combinations(ids, 2)}
    found_pairs = {frozenset(x) for ids in found.values() for x in combinations(ids, 2)}
    both = len(true_pairs & found_pairs)
    return (both / len(found_pairs) if found_pairs else 1.0, both / len(true_pairs) if true_pairs else 1.0)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", type=int, default=10_000, help="articles to generate (default 10000)")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--db", type=Path, help="store file (default: a temporary one)")
    args = ap.parse_args(argv)

    tmp = tempfile.TemporaryDirectory()
    store = Store(args.db or Path(tmp.name) / "bench.db")
    pipeline = Pipeline(store, analyse=False)
    truth: list[Truth] = []
    times, cpu = [], []
    step = max(1, args.n // 10)
    t_start = time.perf_counter()
    for i, p in enumerate(generate(args.n, args.seed)):
        truth.append(Truth(p.article.id, p.event, p.copy_source))
        t, c = time.perf_counter(), time.process_time()
        pipeline.save(p.article, Analysis(p.article.id), p.article.source, p.article.content_hash)
        times.append(time.perf_counter() - t)
        cpu.append(time.process_time() - c)
        if (i + 1) % step == 0:
            print(f"  {i + 1:>7} articles  {1000 * sum(times[-step:]) / step:6.2f} ms/article "
                  f"({1000 * sum(cpu[-step:]) / step:.2f} ms CPU)", flush=True)
    total = time.perf_counter() - t_start
    first, last = sum(times[:step]) / step, sum(times[-step:]) / step
    cpu_first, cpu_last = sum(cpu[:step]) / step, sum(cpu[-step:]) / step
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    rows = store.conn.execute("SELECT id, story_id, duplicate_of FROM articles").fetchall()
    duplicate_of = {r[0]: r[2] for r in rows}
    story_of = {r[0]: r[1] for r in rows}
    precision, recall = copy_scores(truth, duplicate_of)
    s_precision, s_recall = pair_scores(truth, story_of)
    print(f"articles: {len(truth)} ({sum(1 for t in truth if t.copy_source)} planted copies)  "
          f"stories: {store.count_stories()}  total {total:.1f}s (generation included)")
    print(f"time per article: first 10% {1000 * first:.2f} ms, last 10% {1000 * last:.2f} ms, "
          f"ratio {last / first:.2f}")
    # CPU time is what the code costs; wall time also carries the disk and a busy machine.
    print(f"CPU time per article: first 10% {1000 * cpu_first:.2f} ms, last 10% {1000 * cpu_last:.2f} ms, "
          f"ratio {cpu_last / cpu_first:.2f}")
    print(f"peak memory (max RSS, during linking): {peak_mb:.0f} MiB")
    print(f"planted copies: precision {precision:.3f}, recall {recall:.3f}")
    print(f"stories (pairs of articles from one planted event): precision {s_precision:.3f}, recall {s_recall:.3f}")
    store.close()
    return 0 if last / first < 1.5 else 1


if __name__ == "__main__":
    sys.exit(main())
