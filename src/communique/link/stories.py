"""Story assignment: each new article joins the story of the real-world event it reports,
or starts one. Runs inside the article's transaction, once per article, never reclustering.

1. Copies. A near-verbatim copy (MinHash LSH, see dedup.py) joins its original's story and
   gets ``duplicate_of``; copies of copies point at the first report.
2. Candidates. A few short posting lists: the article's rarest names and actor ids, inside
   a date window (story_terms), plus the LSH near misses. Bounded whatever the store's size.
3. Scores. TF-IDF cosine of names (who and where) and of content words (what), damped by
   the distance between the articles' days. A story's score is its best article's.
4. The best story above ``JOIN_SCORE`` is joined, else the article starts its own.

``rebuild_stories`` replays every article in arrival order through the same steps from an
empty index, reading the features stored at link time, so it reproduces the incremental
result exactly (tests/link/test_stories.py checks this).
"""
from __future__ import annotations

import json
import math
from collections import defaultdict
from dataclasses import dataclass
from typing import Callable

from ..models import Analysis, Article, Event, Story
from .dedup import CopyIndex, Match, Signature, confirmed, exact, forget_index, index_for
from .provenance import canonical_outlet, credited_source, report_order
from .story_features import (Features, cosine, day_number, day_text, extract, idf, idf_weights, terms,
                             weigh)

JOIN_SCORE = 0.30  # calibrated on the seeds and the bundled samples (tests/link/test_stories.py)
DATE_WINDOW = 10  # days: the posting window, and the largest gap between two reports of one event
STORY_SPAN = 14  # days: the longest a story's reports may spread
QUERY_TERMS = 12  # rarest names looked up per article
POSTING_LIMIT = 100  # rows read per looked-up name
MAX_CANDIDATES = 20  # articles fully compared
POSTED_NAMES = 40  # names an article is filed under
UNDATED_MAX_DF = 5000  # an undated article looks up only names rarer than this


@dataclass
class Decision:
    story_id: str
    score: float | None = None  # the joined story's score; None for a new story
    best: str | None = None  # the most similar article in that story
    copy_of: str | None = None


def story_title(article: Article) -> str:
    """The article's headline, else its first line that reads as a sentence (not a section
    label such as "Why it matters:"), cut to 120 characters."""
    if article.title:
        return article.title
    lines = [line.strip() for line in article.text.strip().splitlines() if line.strip()]
    first = next((line for line in lines if len(line.split()) >= 5 and not line.endswith(":")),
                 lines[0] if lines else "")
    return first if len(first) <= 120 else first[:117].rsplit(" ", 1)[0] + "…"


def assign_story(store, article: Article, analysis: Analysis, *, features: Features | None = None,
                 signature: Signature | None = None) -> Story:
    """The Linker's entry point: place one new article, inside its transaction (`features` and
    `signature` as `extract` and `Signature.of` give them, when computed beforehand)."""
    feats = features if features is not None else extract(article, analysis)
    sig = signature if signature is not None else Signature.of(article.text)
    return StoryLinker(store, index_for(store)).link(article, feats, sig)


def date_factor(a: Features, b: Features) -> float | None:
    """How far apart two articles' days are; None when too far for one event."""
    if a.day is not None and b.day is not None and abs(a.day - b.day) > DATE_WINDOW:
        return None  # publication dates more than the window apart: another event
    days_a = ([a.day] if a.day is not None else []) + a.event_days
    days_b = ([b.day] if b.day is not None else []) + b.event_days
    if not days_a or not days_b:
        return 0.85  # one side undated: the content has to carry it
    gap = min(abs(x - y) for x in days_a for y in days_b)
    if gap <= 1:
        return 1.0
    if gap <= 3:
        return 0.9
    if gap <= DATE_WINDOW:
        return 0.75
    return 0.5


def type_factor(a: Features, b: Features) -> float:
    """Two reports of one event code at least one event type in common (when both were coded)."""
    if a.types and b.types and not set(a.types) & set(b.types):
        return 0.8
    return 1.0


class StoryLinker:
    def __init__(self, store, index: CopyIndex, *, replay: bool = False):
        self.store = store
        self.index = index
        self.replay = replay  # rebuilding: the index is private and fed here, nothing to undo

    def link(self, article: Article, feats: Features, sig: Signature) -> Story:
        store = self.store
        if not self.replay:
            self._forget(article.id)
        feats.credit = credited_source(article)
        matches = exact(store, sig, confirmed(store, self.index.matches(sig, exclude=article.id)))
        decision = self._copy(article, feats, matches) or self._cluster(article, feats, matches)
        story = self._save_story(article, feats, decision)
        self._index(article, feats, sig)
        if decision.best and not decision.copy_of:
            store.link_articles(article.id, decision.best, "rewrite", round(decision.score or 0.0, 4))
        return story

    # ── 1. copies ─────────────────────────────────────────────────────────────────────────
    def _copy(self, article: Article, feats: Features, matches: list[Match]) -> Decision | None:
        copies = [m for m in matches if m.copy]
        if not copies:
            return None
        heads = self.store.article_heads([m.article_id for m in copies])
        best = next((m for m in copies if heads.get(m.article_id, {}).get("story_id")), None)
        if best is None:
            return None
        head = heads[best.article_id]
        root_id = head["duplicate_of"] or best.article_id
        root = self.store.article_heads([root_id]).get(root_id, head)
        if self._is_original(article, feats, root):
            self.store.set_copy_root(root_id, article.id)
            self.store.link_articles(root_id, article.id, "copy", round(best.jaccard, 4))
            article.duplicate_of = None
            return Decision(story_id=root["story_id"], score=best.jaccard)
        article.duplicate_of = root_id
        self.store.link_articles(article.id, root_id, "copy", round(best.jaccard, 4))
        return Decision(story_id=root["story_id"] or head["story_id"], score=best.jaccard, best=root_id,
                        copy_of=root_id)

    def _is_original(self, article: Article, feats: Features, root: dict) -> bool:
        """Whether the new text is the original of the stored one it copies: published earlier,
        or, on the same day, the stored one credits another source and the new one does not
        (an outlet's republication of an agency story names the agency)."""
        root_day = day_number(root.get("published"))
        if feats.day is not None and root_day is not None and feats.day != root_day:
            return feats.day < root_day
        raw = self.store.story_features([root["id"]]).get(root["id"])
        root_credit = canonical_outlet(root.get("original_source")) or (json.loads(raw).get("c") if raw else None)
        return bool(root_credit) and not feats.credit

    # ── 2–4. same-event clustering ────────────────────────────────────────────────────────
    def _cluster(self, article: Article, feats: Features, matches: list[Match]) -> Decision:
        article.duplicate_of = None
        near = {m.article_id: m.jaccard for m in matches}
        own_terms = set(terms(feats))
        dfs = self.store.term_dfs([*own_terms, ""])
        candidates = self._candidates(feats, dfs, near)
        if not candidates:
            return Decision(story_id=new_story_id(article))
        stored = {k: Features.from_json(json.loads(v)) for k, v in self.store.story_features(candidates).items()}
        # Too far apart in time to be one event: not worth weighing.
        stored = {k: f for k, f in stored.items() if date_factor(feats, f) is not None}
        if not stored:
            return Decision(story_id=new_story_id(article))
        heads = self.store.article_heads(list(stored))
        extra = {t for f in stored.values() for t in terms(f)} - own_terms
        dfs.update(self.store.term_dfs(sorted(extra)))
        n = dfs.get("", 0) + 1
        # The new article counts in the frequencies, as it will once stored.
        weights = idf_weights({t: dfs.get(t, 0) + (1 if t in own_terms else 0) for t in own_terms | extra}, n)
        mine_n, mine_w = weigh(feats.names, weights), weigh(feats.words, weights)
        best_by_story: dict[str, tuple[float, str]] = {}
        for cid, other in stored.items():
            head = heads.get(cid)
            if not head or not head["story_id"]:
                continue
            score = self.similarity(mine_n, mine_w, feats, other, weights, near.get(cid, 0.0))
            if score is None:
                continue
            target = head["duplicate_of"] or cid
            current = best_by_story.get(head["story_id"])
            if current is None or (score, target) > current:
                best_by_story[head["story_id"]] = (score, target)
        # One event, not a running theme: a story does not grow past STORY_SPAN days by chaining.
        if feats.day is not None and best_by_story:
            for sid, (first, last) in self.store.story_spans(list(best_by_story)).items():
                days = [d for d in (day_number(first), day_number(last)) if d is not None]
                if days and max(days + [feats.day]) - min(days + [feats.day]) > STORY_SPAN:
                    del best_by_story[sid]
        if best_by_story:
            story_id, (score, best) = max(best_by_story.items(), key=lambda kv: (kv[1][0], kv[0]))
            if score >= JOIN_SCORE:
                return Decision(story_id=story_id, score=score, best=best)
        return Decision(story_id=new_story_id(article))

    @staticmethod
    def similarity(mine_n: dict, mine_w: dict, mine: Features, other: Features, weights: dict,
                   jaccard: float = 0.0) -> float | None:
        """Score of the new article (weighted bags ``mine_n``, ``mine_w``) against a stored one."""
        factor = date_factor(mine, other)
        if factor is None:
            return None
        names = cosine(mine_n, weigh(other.names, weights))
        words = cosine(mine_w, weigh(other.words, weights))
        # Both must agree: the same people in another meeting share names but not words, and
        # the same diplomatic vocabulary about other people shares words but not names.
        lexical = math.sqrt(max(names, 0.0) * max(words, 0.0))
        return max(lexical, jaccard) * factor * type_factor(mine, other)

    def _candidates(self, feats: Features, dfs: dict[str, int], near: dict[str, float]) -> list[str]:
        """Articles sharing a rare name inside the date window, best first, plus LSH near misses."""
        n = dfs.get("", 0) + 1
        # Without a day to narrow the lists, a common name would mean a long scan: skip those.
        cap = UNDATED_MAX_DF if feats.file_day is None else None
        known = [t for t in feats.names if dfs.get(t) and (cap is None or dfs[t] <= cap)]
        known.sort(key=lambda t: (dfs[t], -feats.names[t], t))
        votes: dict[str, float] = defaultdict(float)
        for term in known[:QUERY_TERMS]:
            weight = idf(dfs[term], n)
            for cid in self.store.story_term_postings(term, feats.file_day, DATE_WINDOW, POSTING_LIMIT):
                votes[cid] += weight
        ranked = sorted(votes, key=lambda c: (-votes[c], c))[:MAX_CANDIDATES]
        return list(dict.fromkeys([*ranked, *sorted(near, key=lambda c: -near[c])[:10]]))

    # ── writing ───────────────────────────────────────────────────────────────────────────
    def _save_story(self, article: Article, feats: Features, decision: Decision) -> Story:
        day = day_text(feats.day)
        story = self.store.story(decision.story_id)
        if story is None:
            story = Story(id=decision.story_id, title=story_title(article), article_ids=[article.id],
                          first_date=day, last_date=day)
        else:
            if article.id not in story.article_ids:
                story.article_ids.append(article.id)
            if day and (story.first_date is None or day < story.first_date):
                story.first_date = day
            if day and (story.last_date is None or day > story.last_date):
                story.last_date = day
            story.title = self._title(article, story) or story.title
        self.store.upsert_story(story)
        return story

    def _title(self, article: Article, story: Story) -> str | None:
        """The headline of the earliest report that is not a copy; without any headline in
        the story, the first line of the earliest report."""
        heads = self.store.article_heads(story.article_ids)
        if article.id in heads:
            heads[article.id]["duplicate_of"] = article.duplicate_of  # not written back yet
        originals = [h for h in heads.values() if not h["duplicate_of"]] or list(heads.values())
        titled = [h for h in originals if h["title"]]
        if titled:
            return min(titled, key=report_order)["title"]
        earliest = min(originals, key=report_order)["id"] if originals else None
        if earliest == article.id:
            return story_title(article)
        other = self.store.article(earliest) if earliest else None
        return story_title(other) if other else None

    def _index(self, article: Article, feats: Features, sig: Signature) -> None:
        store = self.store
        store.save_minhash(article.id, sig.to_bytes(), sig.size)
        store.save_story_features(article.id, feats.file_day, json.dumps(feats.as_json(), ensure_ascii=False))
        posted = sorted(feats.names, key=lambda t: (-feats.names[t], t))[:POSTED_NAMES]
        store.add_story_terms(article.id, feats.file_day, posted)
        store.add_term_dfs(sorted(set(terms(feats))) + [""], 1)
        if self.replay:
            self.index.add(article.id, sig)

    def _forget(self, article_id: str) -> None:
        """Linking an article again (re-analysis): take out what its last linking put in."""
        previous = self.store.remove_story_index(article_id)
        if previous is None:
            return
        old = Features.from_json(json.loads(previous))
        self.store.add_term_dfs(sorted(set(terms(old))) + [""], -1)
        self.store.unlink_article(article_id)


def new_story_id(article: Article) -> str:
    return "s" + article.id[:15]


# ── rebuilding ───────────────────────────────────────────────────────────────────────────

def stored_analysis(store, article_id: str) -> Analysis:
    """An article's analysis as the store holds it, for articles linked before features were kept."""
    analysis = Analysis(article_id=article_id, mentions=store.mentions(article_id=article_id))
    try:
        events: list[Event] = store.events(article_id=article_id, limit=10**6)
    except TypeError:
        events = []
    analysis.events = events
    return analysis


def rebuild_stories(store, *, on_article: Callable[[int, int], None] | None = None) -> dict[str, int]:
    """Forget every story and link, then place each article again in arrival order, in one
    transaction (a failure leaves the old stories in place)."""
    with store.transaction():
        ids = store.article_ids_in_order()
        store.clear_stories()
        linker = StoryLinker(store, CopyIndex(), replay=True)
        for i, article_id in enumerate(ids):
            article = store.article(article_id)
            raw = store.story_features([article_id]).get(article_id)
            feats = (Features.from_json(json.loads(raw)) if raw is not None
                     else extract(article, stored_analysis(store, article_id)))
            saved = store.minhash(article_id)
            sig = (Signature.from_bytes(saved[0], saved[1]) if saved and saved[1] is not None
                   else Signature.of(article.text))
            story = linker.link(article, feats, sig)
            store.set_article_fields(article_id, story_id=story.id, duplicate_of=article.duplicate_of)
            if on_article:
                on_article(i + 1, len(ids))
    forget_index(store)  # rebuilt lazily from the signatures on next use
    return {"articles": len(ids), "stories": store.count_stories()}
