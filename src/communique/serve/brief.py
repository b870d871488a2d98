"""Story briefs: "Why it matters / The big picture / What they're saying / Key points / Go deeper".

A brief is extractive. Every line is a sentence (or a quote) taken from one of the story's
articles, or a short structured line about an event or a source, and every line carries the
citations it rests on: article id, character span and the sentence itself. Nothing is
written that no source says. Where two articles disagree (who visited whom, a place, a date,
a number), the brief says so and cites both.

Selection is by centrality: a sentence scores by how much of the story's shared vocabulary
it carries (a centroid over the non-copy articles), with a bonus for what each section is for.
"""
from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, field

from ..models import Article, Event, Quote
from .names import ActorNames

SECTIONS = ("Why it matters", "The big picture", "What they're saying", "Key points", "Go deeper")
MAIN_EVENT = 0.7  # salience from which an event is one of its report's main events (analyse/confidence.py)
STOP = frozenset("""a an the and or but if of to in on at by for with from as is are was were be been being has have had
do does did not no this that these those it its their them they he she his her we our you your i me my us who whom
which what when where why how also than then there here into over under about after before during while said says
say stated added will would could should may might can one two both other such more most very all any each only just
""".split())
_SIGNIFICANCE = re.compile(r"\b(highlight|underscore|importance|important|significan|aim|strategic|marks?|signal|"
                           r"reflect|crucial|key|vital|priority|first)\w*", re.I)
_CONTEXT = re.compile(r"\b(histor|since|amid|following|decades?|years?|long|relationship|ties|broader|background|"
                      r"region|tension|ongoing|recent|sought|despite|context)\w*", re.I)
_LABEL = re.compile(r"^\s*[A-Z][\w’' ]{2,40}:\s*\n?")


@dataclass
class Citation:
    article_id: str
    start: int
    end: int
    sentence: str
    outlet: str | None = None


@dataclass
class BriefLine:
    text: str
    citations: list[Citation] = field(default_factory=list)
    kind: str = "claim"  # claim | quote | event | source | disagreement
    speaker: str | None = None
    quote_id: str | None = None
    event_id: str | None = None


@dataclass
class Brief:
    story_id: str
    headline: BriefLine
    sections: dict[str, list[BriefLine]]
    disagreements: list[BriefLine] = field(default_factory=list)

    def lines(self) -> list[BriefLine]:
        return [self.headline, *(l for s in self.sections.values() for l in s), *self.disagreements]


@dataclass
class _Sentence:
    article: Article
    index: int
    start: int
    end: int

    @property
    def text(self) -> str:
        return self.article.text[self.start:self.end]


def _words(text: str) -> list[str]:
    return [w for w in re.findall(r"[a-z][a-z'’-]+", text.lower()) if w not in STOP and len(w) > 2]


def _sentences(store, article: Article) -> list[_Sentence]:
    out = []
    for i, (start, end) in enumerate(store.sentences(article.id)):
        # A section label ("Why it matters:") glued to a sentence is not part of what it says.
        label = _LABEL.match(article.text[start:end])
        if label and label.end() < end - start:
            start += label.end()
        while start < end and article.text[start].isspace():
            start += 1
        text = article.text[start:end].strip()
        end = start + len(text)
        if len(text.split()) >= 6 and not text.endswith(":"):
            out.append(_Sentence(article, i, start, end))
    return out


def cite(article: Article, start: int, end: int) -> Citation:
    """A citation of text[start:end], trimmed of surrounding white space."""
    raw = article.text[start:end]
    start += len(raw) - len(raw.lstrip())
    end -= len(raw) - len(raw.rstrip())
    return Citation(article.id, start, end, article.text[start:end], source_name(article))


class _Scorer:
    """Centrality of a sentence in the story: cosine to the centroid of all its content words."""

    def __init__(self, sentences: list[_Sentence]):
        self.centroid = Counter(w for s in sentences for w in _words(s.text))
        self.norm = math.sqrt(sum(v * v for v in self.centroid.values())) or 1.0

    def __call__(self, s: _Sentence) -> float:
        vec = Counter(_words(s.text))
        dot = sum(self.centroid[w] * c for w, c in vec.items())
        norm = math.sqrt(sum(c * c for c in vec.values())) or 1.0
        return dot / (self.norm * norm)


def build_brief(store, story_id: str) -> Brief:
    story = store.story(story_id)
    if story is None:
        raise KeyError(story_id)
    articles = [store.article(a) for a in story.article_ids]
    articles = [a for a in articles if a is not None]
    originals = [a for a in articles if not a.duplicate_of] or articles
    pool = [s for a in originals for s in _sentences(store, a)]
    events = store.events(story_id=story_id)
    quotes = [q for q in store.quotes(story_id=story_id) if not q.scare]
    evidence = {(sp.article_id, sp.start) for e in events for sp in e.evidence}
    quoted = [(q.article_id, q.start, q.end) for q in quotes]
    score = _Scorer(pool)
    used: set[tuple[str, int]] = set()

    def inside_quote(s: _Sentence) -> bool:
        return any(a == s.article.id and qs < s.end and s.start < qe for a, qs, qe in quoted)

    def pick(candidates: list[_Sentence], bonus, n: int) -> list[BriefLine]:
        ranked = sorted(candidates, key=lambda s: -(score(s) + bonus(s)))
        lines = []
        for s in ranked:
            key = (s.article.id, s.start)
            if key in used or any(_near_same(s.text, l.text) for l in lines):
                continue
            used.add(key)
            # Framing ("highlights the importance of…") is the outlet's, not ours: the line names it.
            lines.append(BriefLine(s.text, [cite(s.article, s.start, s.end)], speaker=source_name(s.article)))
            if len(lines) == n:
                break
        return lines

    lead = min(originals, key=lambda a: (a.published or "9999", a.id))
    lead_sentences = [s for s in pool if s.article.id == lead.id] or pool
    first = lead_sentences[0] if lead_sentences else None
    # The lead report's own headline, in full (a story's title may be cut short for lists); else its
    # first sentence.
    headline = BriefLine(lead.title or (first.text if first else story.title or story_id),
                         [cite(first.article, first.start, first.end)] if first else [])
    if first:
        used.add((first.article.id, first.start))

    ledes = [s for s in pool if s.index < 4 and not inside_quote(s)]
    why = pick(ledes or pool, lambda s: 0.15 * bool(_SIGNIFICANCE.search(s.text)), 2)
    context = [s for s in pool if (s.article.id, s.start) not in evidence and not inside_quote(s)]
    big = pick(context or pool, lambda s: 0.1 * len(_CONTEXT.findall(s.text)) + 0.02 * min(s.index, 5), 2)
    saying = _quotes_section(store, quotes, {a.id: a for a in articles})
    if first:  # the headline is the report's title: its first sentence may still be a key point
        used.discard((first.article.id, first.start))
    key_points = _key_points(store, events, {a.id: a for a in articles}, used)
    if len(key_points) < 3:
        key_points += pick([s for s in pool if not inside_quote(s)], lambda s: 0.0, 3 - len(key_points))
    deeper = _sources_section(store, articles)
    return Brief(story_id=story_id, headline=headline,
                 sections={"Why it matters": why, "The big picture": big, "What they're saying": saying,
                           "Key points": key_points, "Go deeper": deeper},
                 disagreements=find_disagreements(store, originals, events))


def _near_same(a: str, b: str) -> bool:
    wa, wb = set(_words(a)), set(_words(b))
    return bool(wa and wb) and len(wa & wb) / len(wa | wb) > 0.6


def _quotes_section(store, quotes: list[Quote], by_id: dict[str, Article], per_speaker: int = 2,
                    limit: int = 6) -> list[BriefLine]:
    direct = [q for q in quotes if q.direct and len(q.text.split()) >= 6]
    chosen = direct or [q for q in quotes if len(q.text.split()) >= 6]
    counts: Counter[str] = Counter()
    lines = []
    # Copies repeat quotes: keep the first article's version of each.
    for q in sorted(chosen, key=lambda q: (by_id[q.article_id].duplicate_of is not None, q.article_id, q.start)):
        who = q.speaker_name or "Unattributed"
        if counts[who] >= per_speaker or any(_near_same(q.text, l.text) for l in lines):
            continue
        counts[who] += 1
        article = by_id[q.article_id]
        lines.append(BriefLine(q.text, [cite(article, q.start, q.end)], kind="quote", speaker=who, quote_id=q.id))
        if len(lines) == limit:
            break
    return lines


def _key_points(store, events: list[Event], by_id: dict[str, Article], used: set, limit: int = 6) -> list[BriefLine]:
    """The story's events as plain sentences: the whole sentence each was coded from, cited; the
    codes stay on the event's own page (the line keeps its event id)."""
    lines = []
    # The reports' main events first (salience: what their leads and headlines tell), then those
    # reported by the most articles, the surer first, then by date; only what happened.
    def rank(e: Event):
        main = (e.salience or 0) >= MAIN_EVENT
        return (not main, -len(e.article_ids), -(e.confidence or 0), e.date.value or "9999", e.id)

    for e in sorted(events, key=rank):
        if e.negated or e.hypothetical or e.status == "denied" or not e.evidence:
            continue
        span = next((sp for sp in e.evidence if sp.article_id in by_id), None)
        if span is None:
            continue
        article = by_id[span.article_id]
        start, end = _sentence_around(store, article, span.start, span.end)
        text = article.text[start:end].strip()
        if any(_near_same(text, l.text) for l in lines) or (article.id, start) in used:
            continue
        c = cite(article, start, end)
        lines.append(BriefLine(c.sentence, [c], kind="event", event_id=e.id))
        used.add((span.article_id, span.start))
        used.add((article.id, start))
        if len(lines) == limit:
            break
    return lines


def _sentence_around(store, article: Article, start: int, end: int) -> tuple[int, int]:
    for s, e in store.sentences(article.id):
        if s <= start < e:
            return s, max(e, min(end, len(article.text)))
    return start, end


def _sources_section(store, articles: list[Article]) -> list[BriefLine]:
    """Each report by outlet, full title and date, with how it relates to the others (the words
    the CLI's `story` and the story page use: serve/sources.py over link/provenance.py)."""
    from ..link.provenance import story_provenance
    from .sources import relation_text, source_label

    by_id = {a.id: a for a in articles}
    prov = story_provenance(store, articles[0].story_id) if articles and articles[0].story_id else None
    items = {item.id: item for item in (prov.articles if prov else [])}
    label = lambda article_id: source_label(by_id.get(article_id) or store.article(article_id), title=False)  # noqa
    lines = []
    for a in sorted(articles, key=lambda a: (a.published or "9999", a.id)):
        text = source_label(a)
        if a.id in items and items[a.id].relation != "earliest" or (a.id in items and items[a.id].credits):
            text += "; " + relation_text(items[a.id], label)
        sentences = store.sentences(a.id)
        start, end = sentences[0] if sentences else (0, min(len(a.text), 200))
        lines.append(BriefLine(text, [cite(a, start, end)], kind="source"))
    return lines


# ── where sources disagree ───────────────────────────────────────────────────────────────────
_VISIT = re.compile(r"\bvisit\b", re.I)


def find_disagreements(store, articles: list[Article], events: list[Event]) -> list[BriefLine]:
    """Pairs of reports from different articles that cannot both be right as written."""
    notes: list[BriefLine] = []
    by_id = {a.id: a for a in articles}
    notes += _event_disagreements(store, events, by_id)
    notes += _visit_disagreements(store, articles)
    notes += _number_disagreements(store, articles)
    seen, unique = set(), []
    for n in notes:
        key = tuple(sorted((c.article_id, c.start) for c in n.citations))
        if key not in seen:
            seen.add(key)
            unique.append(n)
    return unique


def _event_disagreements(store, events: list[Event], by_id: dict[str, Article]) -> list[BriefLine]:
    out = []
    single = [(e, sp) for e in events for sp in e.evidence[:1] if sp.article_id in by_id and len(e.article_ids) == 1]
    for i, (a, sa) in enumerate(single):
        for b, sb in single[i + 1:]:
            if sa.article_id == sb.article_id or a.type != b.type or (a.mode or "") != (b.mode or ""):
                continue
            if set(a.actors + a.recipients) != set(b.actors + b.recipients):
                continue
            what = None
            if a.location and b.location and a.location.country and b.location.country \
                    and a.location.country != b.location.country:
                what = f"where it happened ({a.location.name} or {b.location.name})"
            elif a.date.precision == b.date.precision == "day" and a.date.value != b.date.value:
                what = f"the date ({a.date.value} or {b.date.value})"
            if what:
                out.append(_differ(what, by_id[sa.article_id], sa.start, sa.end, by_id[sb.article_id], sb.start, sb.end))
    return out


def source_name(article: Article) -> str:
    """How a brief names an article's source: its outlet, else its site, never a file name."""
    from .sources import outlet_name

    return outlet_name(article)


def _differ(what: str, a: Article, sa: int, ea: int, b: Article, sb: int, eb: int) -> BriefLine:
    ca, cb = cite(a, sa, ea), cite(b, sb, eb)
    text = (f"Sources differ on {what}: {source_name(a)} says “{ca.sentence}”, while "
            f"{source_name(b)} says “{cb.sentence}”")
    return BriefLine(text, [ca, cb], kind="disagreement")


def _visit_parties(store, article: Article, start: int, end: int) -> tuple[str, str] | None:
    """(visitor country, host country) of a visit the sentence describes, from the actor mentions:
    the first actor mentioned before "visit" is the visitor, the first after "to" the host."""
    text = article.text[start:end]
    m = _VISIT.search(text)
    if not m:
        return None
    mentions = [x for x in store.mentions(article_id=article.id) if start <= x.start < end]
    to = re.search(r"\b(?:to|in)\b", text[m.end():])
    if not to:
        return None
    cut = start + m.end() + to.end()
    countries = {}

    def country(actor_id: str) -> str | None:
        if actor_id not in countries:
            actor = store.actor(actor_id)
            countries[actor_id] = actor.country if actor else None
        return countries[actor_id]

    before = [country(x.actor_id) for x in mentions if x.start < start + m.start() and country(x.actor_id)]
    after = [country(x.actor_id) for x in mentions if x.start >= cut and country(x.actor_id)]
    # "the visit of the Iranian President to Iraq": the visitor may follow "visit of".
    of = re.match(r"\s+(?:of|by)\b", text[m.end():])
    if of:
        between = [country(x.actor_id) for x in mentions if start + m.end() <= x.start < cut and country(x.actor_id)]
        before = between or before
    if not before or not after or before[-1] == after[0]:
        return None
    return before[-1], after[0]


def _visit_disagreements(store, articles: list[Article]) -> list[BriefLine]:
    """Two reports that tell one visit with visitor and host the other way round. One visit: the two
    sentences say the same thing apart from who went where (most of their other words shared), and
    the events coded from them are not dated differently; two visits months apart are no disagreement."""
    visits = []
    for a in articles:
        for start, end in store.sentences(a.id):
            if not re.search(r"\b(agree|agreement|memorand|signed|deal|accord)", a.text[start:end], re.I):
                continue
            parties = _visit_parties(store, a, start, end)
            if parties:
                visits.append((a, start, end, parties, _account_words(store, a, start, end),
                               _event_months(store, a, start, end)))
    out = []
    for i, (a, sa, ea, pa, wa, ma) in enumerate(visits):
        for b, sb, eb, pb, wb, mb in visits[i + 1:]:
            if a.id == b.id or set(pa) != set(pb) or pa == pb:
                continue
            if not wa or not wb or len(wa & wb) / len(wa | wb) < SAME_ACCOUNT:
                continue  # different things told: two events, not two versions of one
            if ma and mb and not ma & mb:
                continue  # dated to different months: different visits
            name = ActorNames(store)
            out.append(_differ(f"who visited whom ({name(pa[0])} visiting {name(pa[1])}, or {name(pb[0])} visiting "
                               f"{name(pb[1])})", a, sa, ea, b, sb, eb))
    return out


SAME_ACCOUNT = 0.3  # share of content words (party names aside) two tellings of one event have in common


def _account_words(store, article: Article, start: int, end: int) -> set[str]:
    """The sentence's content words, without the names of its parties and without "visit"."""
    names = {w for m in store.mentions(article_id=article.id) if start <= m.start < end for w in _words(m.text)}
    return {w for w in _words(article.text[start:end]) if w not in names and not w.startswith("visit")}


def _event_months(store, article: Article, start: int, end: int) -> set[str]:
    """Months of the dated events coded from this sentence."""
    return {e.date.value[:7] for e in store.events(article_id=article.id)
            if e.date.value and any(sp.article_id == article.id and start <= sp.start < end for sp in e.evidence)}


_NUMBER = re.compile(r"\b\d[\d,.]*\b")


def _number_disagreements(store, articles: list[Article]) -> list[BriefLine]:
    """Nearly the same sentence in two articles, with different numbers in it."""
    numbered = []
    for a in articles:
        for start, end in store.sentences(a.id):
            text = a.text[start:end]
            nums = set(_NUMBER.findall(text))
            if nums:
                numbered.append((a, start, end, set(_words(text)), nums))
    out = []
    for i, (a, sa, ea, wa, na) in enumerate(numbered):
        for b, sb, eb, wb, nb in numbered[i + 1:]:
            if a.id != b.id and wa and wb and len(wa & wb) / len(wa | wb) >= 0.6 and na != nb:
                out.append(_differ(f"a figure ({', '.join(sorted(na))} or {', '.join(sorted(nb))})", a, sa, ea, b, sb, eb))
    return out
