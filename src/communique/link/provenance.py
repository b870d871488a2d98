"""Provenance inside a story: who reported first, who copied, who rewrote, who credits whom,
and how many independent sources stand behind the story.

A copy repeats its original and a credited article relays the outlet it credits, so neither
corroborates anything: each article is traced back to an *origin* (the outlet of the copy's
original, else the outlet it credits, else its own outlet) and the independent sources are
the distinct origins.

Relations: the *earliest* report is the first dated one that is not a copy (arrival order
breaks ties); a *copy* is near-verbatim (``duplicate_of``); every other article is a
*rewrite*: the same event in its own words. Whether a rewrite was written from the earliest
report or from the same press conference cannot be told from the text, so a rewrite from
another outlet still counts as a source of its own.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field

from ..ingest import outlets
from ..models import Article

# "TEHRAN (IRNA) –", "Baghdad, March 3 (INA) -": the agency a report's dateline credits.
_DATELINE_AGENCY = re.compile(r"^\s*[A-Z][\w'’.]*(?:[ -][A-Z][\w'’.]*){0,3}(?:,[^()\n]{1,30})?\s*"
                              r"\((?P<agency>[^()\n]{1,40})\)\s*(?:--|[-–—:])\s")


def canonical_outlet(name: str | None) -> str | None:
    """One spelling per outlet: "IRNA", "irna.ir" and "Islamic Republic News Agency" agree when
    the outlet table knows them; otherwise the name as written, without "www."."""
    if not name or not name.strip():
        return None
    value = name.strip()
    known = outlets.by_abbreviation(value)
    if known is None and ("." in value and " " not in value):
        known = outlets.by_domain(value)
    if known is not None:
        return known.name
    return value[4:] if value.lower().startswith("www.") else value


def outlet_key(name: str | None) -> str | None:
    """What two outlet names are compared by."""
    canonical = canonical_outlet(name)
    return canonical.casefold() if canonical else None


def credited_source(article: Article) -> str | None:
    """The outlet an article names as its original source: an "Original Source:" line, else
    an agency in its dateline that is not the article's own outlet."""
    if article.original_source:
        return canonical_outlet(article.original_source)
    m = _DATELINE_AGENCY.match(article.text[:200])
    if not m:
        return None
    agency = canonical_outlet(m["agency"])
    own = outlet_key(article.outlet)
    # With no outlet of its own known, the agency in the dateline is most likely its own.
    return agency if agency and own and agency.casefold() != own else None


@dataclass
class StoryArticle:
    id: str
    outlet: str | None
    published: str | None
    title: str | None
    relation: str  # earliest, copy, or rewrite (the same event in other words)
    of: str | None = None  # the article it copies, or the earliest report it retells
    similar_to: str | None = None  # for a rewrite: the article it matched best when it was linked
    credits: str | None = None  # the outlet it credits
    credits_article: str | None = None  # that outlet's article in the story, if there is one
    origin: str = ""
    score: float | None = None


@dataclass
class Provenance:
    story_id: str
    earliest: str | None
    articles: list[StoryArticle] = field(default_factory=list)
    independent_sources: int = 0
    origins: list[str] = field(default_factory=list)
    copies: int = 0
    rewrites: int = 0


def report_order(head: dict) -> tuple:
    """Dated reports before undated ones, then by date, then by arrival."""
    return (head["published"] is None, head["published"] or "", head["seq"])


def story_provenance(store, story_id: str) -> Provenance | None:
    story = store.story(story_id)
    if story is None:
        return None
    heads = store.article_heads(story.article_ids)
    ordered = sorted(heads.values(), key=report_order)
    feats = {k: json.loads(v) for k, v in store.story_features(list(heads)).items()}
    links: dict[str, dict[str, tuple[str, float | None]]] = {}
    for link in store.links(list(heads)):
        links.setdefault(link["article_id"], {})[link["relation"]] = (link["other_id"], link["score"])
    earliest = next((h["id"] for h in ordered if not h["duplicate_of"]), ordered[0]["id"] if ordered else None)
    by_outlet: dict[str, str] = {}
    for h in ordered:
        key = outlet_key(h["outlet"])
        if key and not h["duplicate_of"]:
            by_outlet.setdefault(key, h["id"])

    result = Provenance(story_id=story_id, earliest=earliest)
    origin: dict[str, str] = {}
    for h in ordered:
        credit = canonical_outlet(h["original_source"]) or (feats.get(h["id"], {}).get("c"))
        mine = links.get(h["id"], {})
        if h["duplicate_of"]:
            relation, of = "copy", h["duplicate_of"]
            result.copies += 1
        elif h["id"] == earliest:
            relation, of = "earliest", None
        else:
            relation, of = "rewrite", earliest
            result.rewrites += 1
        similar, score = mine.get(relation, (None, None))
        item = StoryArticle(id=h["id"], outlet=h["outlet"], published=h["published"], title=h["title"],
                            relation=relation, of=of, credits=credit, score=score,
                            similar_to=similar if relation == "rewrite" else None)
        credit_key = credit.casefold() if credit else None
        if credit_key and by_outlet.get(credit_key) not in (None, h["id"]):
            item.credits_article = by_outlet[credit_key]
        result.articles.append(item)
    # Originals first, so a copy inherits the origin its original was traced to.
    for item in sorted(result.articles, key=lambda i: i.relation == "copy"):
        origin[item.id] = _origin(item, heads, origin)
        item.origin = origin[item.id]
    distinct: dict[str, str] = {}
    for name in origin.values():
        distinct.setdefault(name.casefold(), name)
    result.origins = sorted(distinct.values(), key=str.casefold)
    result.independent_sources = len(distinct)
    return result


def _origin(item: StoryArticle, heads: dict, known: dict[str, str]) -> str:
    if item.relation == "copy" and item.of:
        if item.of in known:
            return known[item.of]
        original = heads.get(item.of)
        if original is not None:
            return canonical_outlet(original["outlet"]) or f"unnamed outlet ({item.of[:8]})"
    if item.credits:
        return item.credits
    return canonical_outlet(item.outlet) or f"unnamed outlet ({item.id[:8]})"
