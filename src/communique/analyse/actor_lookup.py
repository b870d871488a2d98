"""Helpers for the components after ``actors`` (events, quotes): which actor a token, a noun
phrase, a pronoun or a free-standing label stands for, read from what ``actors`` left in
``ctx.scratch``."""
from __future__ import annotations

from bisect import bisect_left, bisect_right

from .actor_finder import UNKNOWN_OWNER, Finder, strip_possessive
from .actor_index import index_for
from .actor_resolver import Resolver
from .actor_rules import PERSON_PRONOUNS, THING_PRONOUNS


def _char_range(token_or_span) -> tuple[int, int]:
    if hasattr(token_or_span, "start_char"):
        return token_or_span.start_char, token_or_span.end_char
    return token_or_span.idx, token_or_span.idx + len(token_or_span.text)


def _starts(ctx) -> list[int]:
    """Start offsets of ``actor_spans``, computed once per article for bisection."""
    spans = ctx.scratch.get("actor_spans", ())
    cached = ctx.scratch.get("_actor_span_starts")
    if cached is None or cached[0] is not spans:
        cached = ctx.scratch["_actor_span_starts"] = (spans, [s for s, _, _ in spans])
    return cached[1]


def _span_at(ctx, start: int, end: int) -> str | None:
    spans = ctx.scratch.get("actor_spans", ())
    i = bisect_right(_starts(ctx), start)
    for s, e, actor_id in reversed(spans[max(0, i - 3):i]):  # covers nest at most a level deep
        if s <= start and end <= e:
            return actor_id
    return None


def _overlapping(ctx, start: int, end: int) -> list[str]:
    spans = ctx.scratch.get("actor_spans", ())
    i = bisect_left(_starts(ctx), end)
    return [a for s, e, a in spans[:i] if e > start]


def actor_at(ctx, token_or_span) -> str | None:
    """The actor that a token or a noun phrase stands for, or None.

    A span resolves through its root (or any actor inside it); a pronoun ("he", "his", "its")
    through the actor last named before it, preferring the subject of its own sentence and then
    of the sentences before."""
    if token_or_span is None:
        return None
    tok = token_or_span.root if hasattr(token_or_span, "root") else token_or_span
    found = _span_at(ctx, *_char_range(tok))
    if found:
        return found
    if hasattr(token_or_span, "start_char"):
        inside = _overlapping(ctx, token_or_span.start_char, token_or_span.end_char)
        if inside:
            return inside[0]
    lower = tok.lower_
    if lower in PERSON_PRONOUNS or lower in THING_PRONOUNS:
        return _antecedent(ctx, tok, person=lower in PERSON_PRONOUNS)
    return None


def actors_at(ctx, token_or_span) -> list[str]:
    """Every actor a token or span stands for: conjunctions expanded ("Tehran and Baghdad"),
    and for a span every actor named inside it, in order, without repeats."""
    out: list[str] = []

    def add(actor_id: str | None) -> None:
        if actor_id and actor_id not in out:
            out.append(actor_id)

    if hasattr(token_or_span, "start_char"):
        for actor_id in _overlapping(ctx, token_or_span.start_char, token_or_span.end_char):
            add(actor_id)
        tok = token_or_span.root
    else:
        tok = token_or_span
    add(actor_at(ctx, tok))
    for conj in tok.conjuncts:
        add(actor_at(ctx, conj))
    return out


def _antecedent(ctx, tok, *, person: bool) -> str | None:
    """The actor a pronoun refers to: a subject in its own sentence before it, else the
    subject (or first-named actor) of each earlier sentence, at most three back."""
    doc = tok.doc
    spans = ctx.scratch.get("actor_spans", ())
    res: Resolver | None = ctx.scratch.get("actor_resolver")

    def kind_ok(actor_id: str) -> bool:
        is_person = actor_id.startswith("per.")
        if res is not None and actor_id in res.actors:
            is_person = res.actors[actor_id].kind == "person"
        return is_person == person

    def in_range(lo: int, hi: int) -> list[tuple[int, int, str]]:
        return [(s, e, a) for s, e, a in spans if lo <= s and e <= hi and kind_ok(a)]

    sent = tok.sent
    before = in_range(sent.start_char, tok.idx)
    subject = _subject_of(doc, before)
    if subject or before:
        return subject or before[0][2]
    sents = ctx.scratch.get("_actor_sents")
    if sents is None or (sents and sents[0].doc is not doc):
        sents = ctx.scratch["_actor_sents"] = list(doc.sents)
    k = next((n for n, s in enumerate(sents) if s.start == sent.start), 0)
    for prev in reversed(sents[max(0, k - 3):k]):
        found = in_range(prev.start_char, prev.end_char)
        if found:
            return _subject_of(doc, found) or found[0][2]
    return None


def _subject_of(doc, found: list[tuple[int, int, str]]) -> str | None:
    for s, e, actor_id in found:
        span = doc.char_span(s, e, alignment_mode="expand")
        if span is not None and any(t.dep_ in ("nsubj", "nsubjpass") for t in span):
            return actor_id
    return None


def resolve_name(ctx, text: str) -> str | None:
    """The actor a free-standing label names: a quote's speaker line ("President Masoud
    Pezeshkian:"), a name ("Araghchi"), or a role phrase ("the Iraqi parliament speaker"),
    resolved with this article's memory and the knowledge base. An actor it returns is added
    to ``ctx.analysis.actors`` when not there yet, so rows that cite it stay consistent."""
    label = text.strip().strip(":—–-\"“”'").strip()
    if not label or ctx.kb is None:
        return None
    for m in ctx.scratch.get("actor_mentions", ()):
        if m.text == label:
            return m.actor_id
    res: Resolver | None = ctx.scratch.get("actor_resolver")
    if res is None:
        res = ctx.scratch["actor_resolver"] = Resolver(kb=ctx.kb, idx=index_for(ctx.kb, ctx.doc.vocab),
                                                       article_id=ctx.article.id, date=ctx.article.published)
    found = _label_actor(res, label)
    if found is not None:
        res.use(found)
        if found in res.actors and all(a.id != found for a in ctx.analysis.actors):
            ctx.analysis.actors.append(res.actors[found])
    return found


def _label_actor(res: Resolver, label: str) -> str | None:
    mini = res.idx.tokenizer(label)
    finder = Finder(mini, res.idx)
    for c in finder.candidates():
        state = None if c.owner == UNKNOWN_OWNER else c.owner
        if state and res.kb.get(state) is not None and res.kb.get(state).kind != "state":
            state = res.kb.get(state).country
        if c.kind == "title" and c.name is not None:
            words = strip_possessive(mini[c.name[0]:c.name[1]]).text
            found = res.person(words, country=state, title=c.title, licensed=True)
            if found is None:
                role_title = mini[c.start:c.title_end].text
                sector = c.title.sector if c.title is not None else None
                return res.text_person(words, state, sector, role_title, c.title)
            return found[0]
        if c.kind == "title":
            office = None if c.title is None else c.title.key if c.title.key != "other" else \
                "other:" + mini[c.title_end - 1].lower_
            found = res.holder(c.owner, office, state=state, back_reference=True) if office else None
            if found is None and state:
                return res.last_by_country.get(state) or state
            return found[0] if found else None
        if c.kind == "kb":
            entry = c.entries[0]
            if entry.kind != "person":
                return entry.actor_id
            found = res.person(mini[c.start:c.end].text, licensed=True)
            # A one-word name only where the report supports it (Resolver._relevant).
            return found[0] if found else entry.actor_id if c.end - c.start > 1 else None
        found = res.person(strip_possessive(mini[c.start:c.end]).text, licensed=True)
        if found:
            return found[0]
    return None
