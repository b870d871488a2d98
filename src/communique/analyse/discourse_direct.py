"""Who said a direct quote: the attribution rules of the discourse layer for quoted words.

A direct quote's speaker is looked for in this order, the most local evidence first:

1. an attribution right after it ("…," Baqeri added / said the minister), or in the gap of
   a quote interrupted by its attribution;
2. a speech verb before it in the same sentence (He remarked, "…"; X stated that … "…"),
   or "according to X";
3. a label line above a list of quotes ("President X:");
4. the previous quote, when nothing but attribution stands between them;
5. the last person who was the subject of a sentence (a quote with no attribution at all).

Each answer carries its cue: the token of the verb (or "according") that attributes it.
"""
from __future__ import annotations

import bisect
from dataclasses import replace

from .discourse_referents import Referents, Speaker, np_span
from .quote_marks import BULLETS, RawQuote
from .quote_words import DESCRIBING_VERBS, SPEECH_VERBS

AFTER_WINDOW = 8  # tokens after a closing mark in which "he said" may stand


class Tokens:
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

    def index(self, pos: int) -> int:
        """The index of the first token starting at or after ``pos``."""
        return bisect.bisect_left(self.starts, pos)


def line_start(text: str, pos: int) -> int:
    return text.rfind("\n", 0, pos) + 1


def line_end(text: str, pos: int) -> int:
    j = text.find("\n", pos)
    return len(text) if j < 0 else j


def speech_verb(tok) -> bool:
    return tok.lemma_.lower() in SPEECH_VERBS and tok.pos_ in ("VERB", "AUX")


def fallback_subject(subj) -> Speaker | None:
    """A subject the model cannot resolve but that names a source ("the statement",
    "the ministry"): keep the article's words."""
    if subj is None or subj.pos_ not in ("NOUN", "PROPN"):
        return None
    words = np_span(subj).text.strip()
    return Speaker(name=words, actor_id=None, kind="group", method="subject", at=subj.idx, words=words)


def cued(sp: Speaker | None, cue) -> Speaker | None:
    return replace(sp, cue=cue.i) if sp is not None and cue is not None else sp


class DirectAttribution:
    def __init__(self, ctx, raws: list[RawQuote], refs: Referents, tokens: Tokens):
        self.text = ctx.article.text
        self.doc = ctx.doc
        self.raws = raws
        self.refs = refs
        self.tokens = tokens

    def _verb_speaker(self, verb, window: tuple[int, int], inverted_ok: bool) -> Speaker | None:
        subj = self.refs.subject_of(verb)
        if subj is not None and window[0] <= subj.idx < window[1] and not self.refs.in_quote(subj.idx):
            return cued(self.refs.resolve_token(subj) or fallback_subject(subj), verb)
        if inverted_ok:  # "said Baqeri", or a parse that hung the subject elsewhere
            for t in self.tokens.between(window[0], window[1]):
                if t.pos_ in ("PROPN", "PRON") or (t.pos_ == "NOUN" and t.dep_ in ("nsubj", "nsubjpass")):
                    found = self.refs.resolve_token(t)
                    if found:
                        return cued(found, verb)
        return None

    def after(self, k: int) -> Speaker | None:
        q = self.raws[k]
        limit = line_end(self.text, q.close_at)
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
            if speech_verb(t) and t.lemma_.lower() not in DESCRIBING_VERBS:
                end = toks[-1].idx + len(toks[-1].text)
                return self._verb_speaker(t, (q.close_at, end), inverted_ok=True)
        return None

    def gaps(self, k: int) -> Speaker | None:
        for a, b in self.raws[k].gaps:
            for t in self.tokens.between(a, b):
                if speech_verb(t):
                    found = self._verb_speaker(t, (a, b), inverted_ok=True)
                    if found:
                        return found
        return None

    def lead(self, k: int) -> Speaker | None:
        q = self.raws[k]
        first = self.tokens.at(q.open_at)
        start = max(first.sent.start_char if first is not None else 0, line_start(self.text, q.open_at))
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
                    return cued(self.refs.resolve_token(src) or fallback_subject(src), t)
            if speech_verb(t):
                subj = self.refs.subject_of(t)
                if subj is not None and not self.refs.in_quote(subj.idx):
                    return cued(self.refs.resolve_token(subj) or fallback_subject(subj), t)
        if toks[-1].text == ":":  # an inline label: X: “…”
            names = [t for t in toks if t.pos_ == "PROPN"]
            if names:
                return cued(self.refs.resolve_single(names[-1]), toks[-1])
        return None

    def label_line(self, k: int) -> tuple[int, int] | None:
        """For a quote that opens its line: the first line above it that is not a quote."""
        q = self.raws[k]
        ls = line_start(self.text, q.open_at)
        if self.text[ls:q.open_at].strip(BULLETS + " \t"):
            return None  # the quote does not open its line
        opens = {r.open_at: r for r in self.raws}
        end = ls - 1
        for _ in range(40):
            if end < 0:
                return None
            start = line_start(self.text, end)
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
        if not found:
            return None
        sp = self.refs.label_speaker(*found)
        if sp is not None and sp.cue is None:
            last = self.tokens.at(max(found[0], found[1] - 1))
            sp = cued(sp, last)
        return sp

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
                return found, "label" if how is self.label else method_of(found)
        q = self.raws[k]
        if self.under_heading(k):
            return None, "none"
        if previous is not None and prev_close is not None:
            between = self.text[prev_close:q.open_at]
            if sum(1 for line in between.split("\n")[1:-1] if line.strip()) == 0:
                return previous, "continuation"
        found = self.refs.antecedent(q.open_at, "person")
        return (replace(found, cue=None), "context") if found else (None, "none")


def method_of(sp: Speaker) -> str:
    """"subject" for a named subject; otherwise how the subject was resolved (pronoun, role…)."""
    if sp.method in ("pronoun", "role", "joint", "label", "anaphor", "document"):
        return sp.method
    return "subject"
