"""Why a story holds the reports it holds: for each report, the report of the story it agrees
with best and what they share (parties, date, place, event types, similarity), and the
nearest other story it did not join, with what kept it out. Also the stories it is related
to (a preview and the report of what it previewed). What `communique story ID --why` and the
story API show.

Recomputed from the features stored at link time and today's term frequencies, with the
same test that placed the reports (story_match.compare), so it explains the decision rather
than telling a second story. Weights have moved a little since a report was linked, so a
score may differ slightly from the one recorded then.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field

from .dedup import index_for
from .story_features import Features, idf_weights, terms
from .story_match import Evidence, compare


@dataclass
class ReportWhy:
    article_id: str
    outlet: str | None
    published: str | None
    joined: str  # "first report", "copy of …", "same event as …", "merged by a report that bridged them"
    with_article: str | None = None
    evidence: Evidence | None = None
    nearest_story: str | None = None  # the nearest story it is not in
    nearest_article: str | None = None
    nearest: Evidence | None = None

    def as_dict(self) -> dict:
        out = {k: v for k, v in self.__dict__.items() if k not in ("evidence", "nearest")}
        out["evidence"] = self.evidence.as_dict() if self.evidence else None
        out["nearest"] = self.nearest.as_dict() if self.nearest else None
        return out


@dataclass
class StoryWhy:
    story_id: str
    reports: list[ReportWhy] = field(default_factory=list)
    related: list[dict] = field(default_factory=list)  # {story, title, relation}

    def as_dict(self) -> dict:
        return {"story_id": self.story_id, "reports": [r.as_dict() for r in self.reports], "related": self.related}


def _weights(store, feats: list[Features]) -> dict[str, float]:
    all_terms = sorted({t for f in feats for t in terms(f)})
    dfs = store.term_dfs([*all_terms, ""])
    return idf_weights({t: dfs.get(t, 0) for t in all_terms}, dfs.get("", 0) + 1)


def related_stories(store, story_id: str) -> list[dict]:
    """The stories linked to this one: {story, title, relation}, where relation says what the
    other story is to this one ("previewed by": its report announced this; "previews": it
    announced what the other reports)."""
    out = []
    for a, b, _ in store.related_stories(story_id):
        other, relation = (b, "previews") if a == story_id else (a, "previewed by")
        story = store.story(other)
        out.append({"story": other, "title": story.title if story else None, "relation": relation})
    return out


def explain_story(store, story_id: str) -> StoryWhy | None:
    from .stories import StoryLinker

    story = store.story(story_id)
    if story is None:
        return None
    ids = story.article_ids
    heads = store.article_heads(ids)
    raw = store.story_features(ids)
    feats = {k: Features.from_json(json.loads(v)) for k, v in raw.items()}
    weights = _weights(store, list(feats.values()))
    links = {}
    for link in store.links(ids):
        links.setdefault((link["article_id"], link["relation"]), link)
    why = StoryWhy(story_id=story_id, related=related_stories(store, story_id))
    linker = StoryLinker(store, index_for(store))
    ordered = sorted(ids, key=lambda i: (heads[i]["published"] is None, heads[i]["published"] or "", heads[i]["seq"]))
    for n, article_id in enumerate(ordered):
        head = heads[article_id]
        item = ReportWhy(article_id=article_id, outlet=head["outlet"], published=head["published"], joined="")
        mine = feats.get(article_id)
        if head["duplicate_of"]:
            copy = links.get((article_id, "copy"))
            item.joined = f"copy of {head['duplicate_of']}" + (f" (shingle overlap {copy['score']:.2f})" if copy else "")
            item.with_article = head["duplicate_of"]
        elif mine is not None and len(ids) > 1:
            best: tuple | None = None
            for other_id in ordered:
                if other_id == article_id or other_id not in feats or heads[other_id]["duplicate_of"]:
                    continue
                ev = compare(mine, feats[other_id], weights)
                rank = (ev.same, ev.score, other_id)
                if best is None or rank > best[0]:
                    best = (rank, other_id, ev)
            if best is not None:
                _, other_id, ev = best
                item.with_article, item.evidence = other_id, ev
                item.joined = (f"same event as {other_id}" if ev.same else
                               f"joined through other reports (closest: {other_id}: {ev.reason})")
        if not item.joined:
            item.joined = "first report" if n == 0 else "in the story"
        if mine is not None:
            nearest = {sid: v for sid, v in linker.evidence(article_id, mine, []).items() if sid != story_id}
            if nearest:
                sid, (ev, other_id) = max(nearest.items(), key=lambda kv: (kv[1][0].score, kv[0]))
                item.nearest_story, item.nearest_article, item.nearest = sid, other_id, ev
        why.reports.append(item)
    return why
