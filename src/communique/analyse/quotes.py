"""The `quotes` component: direct quotes and reported statements, each with its speaker.

Direct quotes come from the quotation marks (quote_marks.py); reported speech from the
parse (quote_reported.py); speakers from a small discourse model (quote_speakers.py). A
direct quote's speaker is looked for in this order, the most local evidence first:

1. an attribution right after it ("…," Baqeri added / said the minister), or in the gap of
   a quote interrupted by its attribution;
2. a speech verb before it in the same sentence (He remarked, "…"; X stated that … "…");
3. a label line above a list of quotes ("President X:");
4. the previous quote, when nothing but attribution stands between them;
5. the last person who was the subject of a sentence (a quote with no attribution at all).

One- and two-word quotes ("foolish") are scare quotes: kept, marked ``scare``, and left out
of listings by default.
"""
from __future__ import annotations

import bisect
import hashlib

from ..models import Quote
from . import component
from .quote_marks import BULLETS, RawQuote, find_quotes, word_count
from .quote_reported import find_reported
from .quote_speakers import Discourse, Speaker, np_span
from .quote_words import DESCRIBING_VERBS, SPEECH_VERBS

AFTER_WINDOW = 8  # tokens after a closing mark in which "he said" may stand


def quote_id(article_id: str, start: int) -> str:
    return "q" + hashlib.sha1(f"{article_id}:{start}".encode()).hexdigest()[:16]


def is_scare(text: str, tokens=(), after_determiner: bool = False, opens_sentence: bool = False) -> bool:
    """A marked phrase, not a statement: one or two words ("foolish"); up to four words with
    no verb ("red line", "as soon as possible"), six when the writer's own determiner stands
    before the mark (targeted the “headquarters of …”); or a short capitalised title. A short
    utterance of its own ("Why now?" he asked; "No." she said) is a statement all the same."""
    n = word_count(text)
    end = text.rstrip()[-1:]
    if n <= 2:
        return not (end in ("?", "!") or (opens_sentence and end == "." and text[:1].isupper()))
    if n > 6 or text.rstrip()[-1:] in (".", "!", "?"):
        return False
    words = text.rstrip(".,;:!?").split()
    if n <= 4 and all(w[:1].isupper() for w in words):
        return True
    verbless = bool(tokens) and not any(t.pos_ in ("VERB", "AUX") for t in tokens)
    return verbless and (n <= 4 or after_determiner)


class _Tokens:
    """Tokens by character offset."""

    def __init__(self, doc):
        self.doc = doc
        self.starts = [t.idx for t in doc]

    def between(self, a: int, b: int):
        i = bisect.bisect_left(self.starts, a)
        j = bisect.bisect_left(self.starts, b)
        return [self.doc[k] for k in range(i, j)]

    def at(self, pos: int):
        i = max(0, bisect.bisect_right(self.starts, pos) - 1)
        return self.doc[i] if len(self.doc) else None


def _line_start(text: str, pos: int) -> int:
    return text.rfind("\n", 0, pos) + 1


def _line_end(text: str, pos: int) -> int:
    j = text.find("\n", pos)
    return len(text) if j < 0 else j


def _speech_verb(tok) -> bool:
    return tok.lemma_.lower() in SPEECH_VERBS and tok.pos_ in ("VERB", "AUX")


def _fallback_subject(disc: Discourse, subj) -> Speaker | None:
    """A subject the model cannot resolve but that names a source ("the statement",
    "the ministry"): keep the article's words."""
    if subj is None or subj.pos_ not in ("NOUN", "PROPN"):
        return None
    words = np_span(subj).text.strip()
    return Speaker(name=words, actor_id=None, kind="group", method="subject", at=subj.idx, words=words)


class DirectAttribution:
    def __init__(self, ctx, raws: list[RawQuote], disc: Discourse):
        self.text = ctx.article.text
        self.doc = ctx.doc
        self.raws = raws
        self.disc = disc
        self.tokens = _Tokens(ctx.doc)

    def _verb_speaker(self, verb, window: tuple[int, int], inverted_ok: bool) -> Speaker | None:
        subj = self.disc.subject_of(verb)
        if subj is not None and window[0] <= subj.idx < window[1] and not self.disc.in_quote(subj.idx):
            return self.disc.resolve_token(subj) or _fallback_subject(self.disc, subj)
        if inverted_ok:  # "said Baqeri", or a parse that hung the subject elsewhere
            for t in self.tokens.between(window[0], window[1]):
                if t.pos_ in ("PROPN", "PRON") or (t.pos_ == "NOUN" and t.dep_ in ("nsubj", "nsubjpass")):
                    found = self.disc.resolve_token(t)
                    if found:
                        return found
        return None

    def after(self, k: int) -> Speaker | None:
        q = self.raws[k]
        limit = _line_end(self.text, q.close_at)
        if k + 1 < len(self.raws):
            limit = min(limit, self.raws[k + 1].open_at)
        toks = []
        for t in self.tokens.between(q.close_at, limit):
            if t.is_space:
                continue
            toks.append(t)
            if t.text in (".", "!", "?") or len(toks) >= AFTER_WINDOW:
                break
        if not toks:
            return None
        inner = self.text[q.parts[-1][0]:q.parts[-1][1]].rstrip()
        if inner.endswith(".") and toks[0].text[:1].isupper():
            # A finished sentence, then a capital: a new sentence ("… crime." Karimi called …),
            # unless it is nothing but an attribution ("… done." Karimi said.).
            if len(toks) > 4 or toks[-1].text not in (".", "!", "?"):
                return None
        for t in toks:
            if _speech_verb(t) and t.lemma_.lower() not in DESCRIBING_VERBS:
                end = toks[-1].idx + len(toks[-1].text)
                return self._verb_speaker(t, (q.close_at, end), inverted_ok=True)
        return None

    def gaps(self, k: int) -> Speaker | None:
        for a, b in self.raws[k].gaps:
            for t in self.tokens.between(a, b):
                if _speech_verb(t):
                    found = self._verb_speaker(t, (a, b), inverted_ok=True)
                    if found:
                        return found
        return None

    def lead(self, k: int) -> Speaker | None:
        q = self.raws[k]
        first = self.tokens.at(q.open_at)
        start = max(first.sent.start_char if first is not None else 0, _line_start(self.text, q.open_at))
        if k > 0:
            start = max(start, self.raws[k - 1].close_at)
        toks = [t for t in self.tokens.between(start, q.open_at) if not t.is_space]
        if not toks:
            return None
        for t in reversed(toks):
            if t.lower_ == "according":
                to = next((c for c in t.children if c.lower_ == "to"), None)
                src = next((c for c in to.children if c.dep_ == "pobj"), None) if to is not None else None
                if src is not None:
                    return self.disc.resolve_token(src) or _fallback_subject(self.disc, src)
            if _speech_verb(t):
                subj = self.disc.subject_of(t)
                if subj is not None and not self.disc.in_quote(subj.idx):
                    return self.disc.resolve_token(subj) or _fallback_subject(self.disc, subj)
        if toks[-1].text == ":":  # an inline label: X: “…”
            names = [t for t in toks if t.pos_ == "PROPN"]
            if names:
                return self.disc.resolve_single(names[-1])
        return None

    def label_line(self, k: int) -> tuple[int, int] | None:
        """For a quote that opens its line: the first line above it that is not a quote."""
        q = self.raws[k]
        ls = _line_start(self.text, q.open_at)
        if self.text[ls:q.open_at].strip(BULLETS + " \t"):
            return None  # the quote does not open its line
        opens = {r.open_at: r for r in self.raws}
        end = ls - 1
        for _ in range(40):
            if end < 0:
                return None
            start = _line_start(self.text, end)
            line = self.text[start:end]
            if line.strip():
                lead = start + len(line) - len(line.lstrip(BULLETS + " \t"))
                r = opens.get(lead)
                if r is None or r.close_at < start + len(line.rstrip()) - 2:
                    return start, end
            end = start - 1
        return None

    def label(self, k: int) -> Speaker | None:
        found = self.label_line(k)
        return self.disc.label_speaker(*found) if found else None

    def under_heading(self, k: int) -> bool:
        """Quotes listed under a heading that names nobody ("Key points:") are nobody's we know."""
        found = self.label_line(k)
        return bool(found) and self.text[found[0]:found[1]].rstrip().endswith(":")

    def speaker(self, k: int, previous: Speaker | None, prev_close: int | None) -> tuple[Speaker | None, str]:
        for how in (self.after, self.gaps, self.lead, self.label):
            found = how(k)
            if found is not None and found.method == "document" and how is not self.lead:
                # "X told Y that …“…,” the statement said": the statement carries X's words.
                found = self.lead(k) or found
            if found is not None:
                return found, "label" if how is self.label else _method(found)
        q = self.raws[k]
        if self.under_heading(k):
            return None, "none"
        if previous is not None and prev_close is not None:
            between = self.text[prev_close:q.open_at]
            if sum(1 for line in between.split("\n")[1:-1] if line.strip()) == 0:
                return previous, "continuation"
        found = self.disc.antecedent(q.open_at, "person")
        return (found, "context") if found else (None, "none")


def _method(sp: Speaker) -> str:
    """"subject" for a named subject; otherwise how the subject was resolved (pronoun, role…)."""
    if sp.method in ("pronoun", "role", "joint", "label", "anaphor", "document"):
        return sp.method
    return "subject"


def _event_for(ctx, start: int, end: int) -> str | None:
    best, best_overlap = None, 0
    for ev in ctx.analysis.events:
        for span in ev.evidence:
            if span.article_id != ctx.article.id:
                continue
            overlap = min(end, span.end) - max(start, span.start)
            if overlap > best_overlap:
                best, best_overlap = ev.id, overlap
    return best


def _quote(ctx, start: int, end: int, text: str, direct: bool, sp: Speaker | None, method: str,
           scare: bool = False) -> Quote:
    return Quote(id=quote_id(ctx.article.id, start), article_id=ctx.article.id, text=text, start=start, end=end,
                 direct=direct, speaker_name=sp.name if sp else None,
                 speaker_id=sp.actor_id if sp and not sp.members else None,
                 speaker_ids=sp.ids if sp else [], speaker_method=method if sp else None,
                 event_id=_event_for(ctx, start, end), scare=scare)


def extract_quotes(ctx) -> list[Quote]:
    text = ctx.article.text
    raws = find_quotes(text)
    quoted = [(s - 1, e + 1) for q in raws for s, e in q.parts]
    disc = Discourse(ctx, quoted)
    attrib = DirectAttribution(ctx, raws, disc)
    out: list[Quote] = []
    previous, prev_close = None, None
    for k, q in enumerate(raws):
        words = q.text(text)
        if not words:
            continue
        before = [t for t in attrib.tokens.between(max(0, q.open_at - 12), q.open_at) if not t.is_space]
        det = bool(before) and (before[-1].pos_ == "DET" or before[-1].tag_ == "PRP$")
        lead = text[_line_start(text, q.open_at):q.open_at].rstrip()
        opens = not lead.strip(BULLETS + " \t") or lead.endswith((".", "!", "?", ":", '"', "”"))
        scare = is_scare(words, [t for a, b in q.parts for t in attrib.tokens.between(a, b)], det, opens)
        sp, method = attrib.speaker(k, None if scare else previous, prev_close)
        if scare and method in ("continuation", "context"):
            sp, method = None, "none"  # a marked phrase is nobody's statement by default
        out.append(_quote(ctx, q.start, q.end, words, True, sp, method, scare))
        if not scare:
            previous, prev_close = sp, q.close_at
    for r in find_reported(ctx.doc, disc.in_quote):
        if r.via_subject:
            sp = disc.speaker_of_verb(r.verb)
            method = _method(sp) if sp else "none"
        else:
            sp = disc.resolve_token(r.source) or _fallback_subject(disc, r.source)
            method = "according"
        if sp is None:
            continue  # "it was said that …": nobody to attribute it to
        out.append(_quote(ctx, r.start, r.end, r.text, False, sp, method))
    seen: set[str] = set()
    unique = []
    for q in sorted(out, key=lambda q: (q.start, not q.direct)):
        if q.id not in seen:
            seen.add(q.id)
            unique.append(q)
    # Every actor a quote row names must travel with the analysis, to be saved with it.
    known = {a.id for a in ctx.analysis.actors}
    for q in unique:
        for actor_id in q.speaker_ids:
            actor = disc.actor(actor_id)
            if actor_id not in known and actor is not None:
                ctx.analysis.actors.append(actor)
                known.add(actor_id)
    return unique


@component("quotes", needs=("actors",), adds=("quotes",))
def quotes(ctx) -> None:
    ctx.analysis.quotes = extract_quotes(ctx)
