"""Story assignment: each new article joins the story of the real-world event it reports,
or starts one. Runs inside the article's transaction, once per article.

1. Copies. A near-verbatim copy (MinHash LSH, see dedup.py) joins its original's story and
   gets ``duplicate_of``; copies of copies point at the first report.
2. Candidates. A few short posting lists: the article's rarest names and actor ids, inside
   a date window (story_terms), plus the LSH near misses. Bounded whatever the store's size.
3. Evidence. Each candidate is compared with the same-event test of story_match.py (parties,
   acts between states, dates, place, preview or report, similarity).
4. The article joins every story one of whose reports passes the test; when it bridges
   several, they merge (a story is the reports connected by the test, in whatever order
   they came). A candidate that previews what the article reports, or the reverse, is
   linked ("previews") instead: related stories, not one.

``rebuild_stories`` recomputes every story from the features stored at link time, counting
term frequencies over all articles first and placing them in date order: its result
depends on the articles alone, not on their arrival order.
"""
from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Callable

from ..models import Analysis, Article, Event, Story
from .dedup import CopyIndex, Match, Signature, confirmed, exact, forget_index, index_for
from .provenance import canonical_outlet, credited_source, report_order
from .story_features import Features, day_number, day_text, extract, idf, idf_weights, terms, weigh
from .story_match import DATE_WINDOW, Evidence, compare

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
    merge: list[str] = field(default_factory=list)  # other stories the article bridges: merged into this one


def _rank(ev: Evidence, article_id: str) -> tuple:
    """Which of a story's reports speaks for it: a same-event verdict first, then the score."""
    return (ev.same, ev.related, ev.score, article_id)


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


class StoryLinker:
    def __init__(self, store, index: CopyIndex, *, replay: bool = False, counted: bool = False):
        self.store = store
        self.index = index
        self.replay = replay  # rebuilding: the index is private and fed here, nothing to undo
        self.counted = counted  # the term frequencies already count every article (a rebuild)
        self.related: list[tuple[str, Evidence]] = []

    def link(self, article: Article, feats: Features, sig: Signature) -> Story:
        store = self.store
        if not self.replay:
            self._forget(article.id)
        feats.credit = credited_source(article)
        self.related = []
        matches = exact(store, sig, confirmed(store, self.index.matches(sig, exclude=article.id)))
        decision = self._copy(article, feats, matches) or self._cluster(article, feats, matches)
        for other in decision.merge:
            store.merge_story(other, decision.story_id)
        story = self._save_story(article, feats, decision)
        self._index(article, feats, sig)
        if decision.best and not decision.copy_of:
            store.link_articles(article.id, decision.best, "rewrite", round(decision.score or 0.0, 4))
        for other_id, ev in self.related:
            # A preview and the report of what it previewed: linked stories, not one story.
            preview, report = (article.id, other_id) if ev.preview == "a" else (other_id, article.id)
            store.link_articles(preview, report, "previews", round(ev.score, 4))
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
        found = self.evidence(article.id, feats, matches)
        same = {sid: best for sid, best in found.items() if best[0].same}
        self.related = [(cid, ev) for sid, (ev, cid) in found.items() if ev.related and sid not in same]
        if not same:
            return Decision(story_id=new_story_id(article))
        # One event, not a running theme: a story does not grow past STORY_SPAN days by chaining.
        ranked = sorted(same.items(), key=lambda kv: (-kv[1][0].score, kv[0]))
        spans = self.store.story_spans(list(same))
        days = [feats.day] if feats.day is not None else []
        joined: list[str] = []
        for sid, _ in ranked:
            more = [d for d in map(day_number, spans.get(sid, (None, None))) if d is not None]
            if days + more and max(days + more) - min(days + more) > STORY_SPAN:
                continue
            days += more
            joined.append(sid)
        if not joined:
            return Decision(story_id=new_story_id(article))
        ev, best = same[joined[0]]
        return Decision(story_id=joined[0], score=ev.score, best=best, merge=joined[1:])

    def evidence(self, article_id: str, feats: Features, matches: list[Match]) -> dict[str, tuple[Evidence, str]]:
        """{story id: (the strongest evidence from one of its reports, that report)} over the
        candidate reports (see ``_candidates``): what the new report has in common with each story."""
        near = {m.article_id: m.jaccard for m in matches}
        own_terms = set(terms(feats))
        dfs = self.store.term_dfs([*own_terms, ""])
        # Rebuilding, the counts include this article already: the postings are looked up by
        # what the others have (a name only this article uses finds nothing).
        others = {t: v - 1 for t, v in dfs.items()} if self.counted else dfs
        candidates = [c for c in self._candidates(feats, others, near) if c != article_id]
        if not candidates:
            return {}
        stored = {k: Features.from_json(json.loads(v)) for k, v in self.store.story_features(candidates).items()}
        # Published too far apart to be one event: not worth weighing.
        stored = {k: f for k, f in stored.items()
                  if not (feats.day is not None and f.day is not None and abs(feats.day - f.day) > DATE_WINDOW)}
        if not stored:
            return {}
        heads = self.store.article_heads(list(stored))
        extra = {t for f in stored.values() for t in terms(f)} - own_terms
        dfs.update(self.store.term_dfs(sorted(extra)))
        n = dfs.get("", 0) + (0 if self.counted else 1)
        # The new article counts in the frequencies, as it will once stored.
        bump = 0 if self.counted else 1
        weights = idf_weights({t: dfs.get(t, 0) + (bump if t in own_terms else 0) for t in own_terms | extra}, n)
        mine_n, mine_w = weigh(feats.names, weights), weigh(feats.words, weights)
        best_by_story: dict[str, tuple[Evidence, str]] = {}
        for cid in sorted(stored):
            head = heads.get(cid)
            if not head or not head["story_id"]:
                continue
            ev = compare(feats, stored[cid], weights, mine_n=mine_n, mine_w=mine_w, jaccard=near.get(cid, 0.0))
            target = head["duplicate_of"] or cid
            current = best_by_story.get(head["story_id"])
            if current is None or _rank(ev, target) > _rank(*current):
                best_by_story[head["story_id"]] = (ev, target)
        return best_by_story

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
        if decision.merge:  # the bridged stories' reports are in it now: their dates and title count
            heads = self.store.article_heads(story.article_ids)
            dated = sorted(h["published"][:10] for h in heads.values() if h["published"])
            if dated:
                story.first_date = min(dated + ([story.first_date] if story.first_date else []))
                story.last_date = max(dated + ([story.last_date] if story.last_date else []))
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
        store.save_minhash(article.id, sig.to_bytes(), sig.size,
                           sig.hashes.astype("<u8").tobytes() if sig.hashes is not None else None)
        store.save_story_features(article.id, feats.file_day, json.dumps(feats.as_json(), ensure_ascii=False))
        posted = sorted(feats.names, key=lambda t: (-feats.names[t], t))[:POSTED_NAMES]
        store.add_story_terms(article.id, feats.file_day, posted)
        if not self.counted:
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
    analysis.actors = [a for a in (store.actor(i) for i in sorted({m.actor_id for m in analysis.mentions
                                                                  if m.actor_id})) if a is not None]
    return analysis


def update_story_features(store, article: Article, analysis: Analysis) -> Features:
    """Store what a re-analysed article brings to clustering, without placing it: call it for
    each article a re-analysis changed, then ``rebuild_stories`` once."""
    feats = extract(article, analysis)
    feats.credit = credited_source(article)
    store.save_story_features(article.id, feats.file_day, json.dumps(feats.as_json(), ensure_ascii=False))
    return feats


def _stored_features(store, article_ids: list[str], *, reextract: bool = False) -> dict[str, Features]:
    """Features as stored at link time; for an article linked by a version that kept none
    (or all of them, with ``reextract``), extracted from its stored analysis (and stored)."""
    raw = {} if reextract else store.story_features(article_ids)
    out = {}
    for article_id in article_ids:
        if article_id in raw:
            out[article_id] = Features.from_json(json.loads(raw[article_id]))
            continue
        out[article_id] = update_story_features(store, store.article(article_id), stored_analysis(store, article_id))
    return out


def rebuild_stories(store, *, on_article: Callable[[int, int], None] | None = None,
                    reextract: bool = False) -> dict[str, int]:
    """Forget every story and link, then place every article again, in one transaction (a
    failure leaves the old stories in place). The result depends on the articles alone, not
    on the order they arrived in: the term frequencies are counted over all of them first,
    and they are placed in the order of their dates (then ids). `communique restory` and
    `communique reanalyse` call this; ``reextract`` first recomputes every article's features
    from the analysis the store now holds (after a re-analysis that did not call
    ``update_story_features``)."""
    with store.transaction():
        ids = store.article_ids_in_order()
        store.clear_stories()
        for start in range(0, len(ids), 500):  # every article counted before any is placed
            for feats in _stored_features(store, ids[start:start + 500], reextract=reextract).values():
                store.add_term_dfs(sorted(set(terms(feats))) + [""], 1)
        heads = store.article_heads(ids)
        order = sorted(ids, key=lambda i: (heads[i]["published"] is None, (heads[i]["published"] or "")[:10], i))
        linker = StoryLinker(store, CopyIndex(), replay=True, counted=True)
        for i, article_id in enumerate(order):
            article = store.article(article_id)
            saved = store.minhash(article_id)
            sig = (Signature.from_bytes(saved[0], saved[1]) if saved and saved[1] is not None
                   else Signature.of(article.text))
            story = linker.link(article, _stored_features(store, [article_id])[article_id], sig)
            store.set_article_fields(article_id, story_id=story.id, duplicate_of=article.duplicate_of)
            if on_article:
                on_article(i + 1, len(ids))
    forget_index(store)  # rebuilt lazily from the signatures on next use
    return {"articles": len(ids), "stories": store.count_stories()}
