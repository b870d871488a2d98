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
from .quote_words import COMMENT_VERBS, DESCRIBING_VERBS, DOCUMENT_NOUNS, SPEECH_VERBS

AFTER_WINDOW = 16  # tokens after a closing mark in which "…," said the X of Y, Z may stand


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


def previous_paragraph(text: str, pos: int) -> int:
    """Where the paragraph before the one holding ``pos`` begins."""
    ls = line_start(text, pos)
    j = ls - 1
    while j > 0 and not text[line_start(text, j - 1):j].strip():
        j = line_start(text, j - 1) - 1
    return line_start(text, max(0, j - 1)) if j > 0 else 0


def speech_verb(tok) -> bool:
    return tok.lemma_.lower() in SPEECH_VERBS and tok.pos_ in ("VERB", "AUX")


# An attribution was found, but it names nobody the report makes known ("it was said",
# "a banner read"): the search for a speaker stops there, with no speaker.
NOBODY = Speaker(name="", actor_id=None, kind="none", method="none", at=-1)


def fallback_subject(subj) -> Speaker | None:
    """A subject the model cannot resolve but that names a source ("the statement",
    "some of the protesters", "a number of senators"): keep the article's words."""
    if subj is None:
        return None
    quantified = subj.pos_ in ("PRON", "DET", "NUM", "NOUN") and any(c.lower_ == "of" for c in subj.children)
    if subj.pos_ not in ("NOUN", "PROPN") and not quantified:
        return None
    span = subj.doc[subj.left_edge.i:subj.right_edge.i + 1] if quantified else np_span(subj)
    if len(span) > 8:
        span = np_span(subj)
    words = span.text.strip()
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
        toks = self._before(k)
        if not toks:
            return None
        for t in reversed(toks):
            if t.lower_ == "according":
                to = next((c for c in t.children if c.lower_ == "to"), None)
                src = next((c for c in to.children if c.dep_ == "pobj"), None) if to is not None else None
                if src is not None:
                    return cued(self.refs.resolve_token(src) or fallback_subject(src) or NOBODY, t)
            if speech_verb(t) and any(c.dep_ == "auxpass" for c in t.children):
                # "it was reported, “…”" names nobody; "he had been promised “…”" names the hearer
                if not any(c.dep_ in ("nsubjpass", "dobj") and c.lower_ != "it" for c in t.children):
                    return cued(NOBODY, t)
                continue
            if speech_verb(t):
                paper = self._document_before(t)
                if paper is not None:
                    # "a banner from X saying “…”", "a statement reading “…”": the issuer or nobody
                    return cued(self.refs.issuer(paper) or NOBODY, t)
                subj = self.refs.subject_of(t)
                if subj is not None and not self.refs.in_quote(subj.idx):
                    return cued(self.refs.resolve_token(subj) or fallback_subject(subj) or NOBODY, t)
        if toks[-1].text == ":":  # an inline label: X: “…”
            names = [t for t in toks if t.pos_ == "PROPN"]
            if len(toks) <= 4 and names:
                return cued(self.refs.resolve_single(names[-1]), toks[-1])
        if toks[-1].text in (":", ",", "—", "–") and toks[-1].idx + 3 >= q.open_at:
            # "X opposed the plan: “…”", "X, also on television, defended it, “…”": the clause
            # that introduces the quote is the speaker's.
            return self._introducing(toks)
        return None

    @staticmethod
    def _document_before(verb):
        """The document a participle hangs from ("a banner from X saying"), by the parse or,
        when the parser hung it elsewhere, by the noun phrase just before it."""
        if verb.dep_ == "acl" and verb.head.lemma_.lower() in DOCUMENT_NOUNS:
            return verb.head
        if verb.tag_ != "VBG" or verb.i == 0:
            return None
        t = verb.doc[verb.i - 1]
        for _ in range(4):
            if t.lemma_.lower() in DOCUMENT_NOUNS and t.pos_ == "NOUN":
                return t
            if t.head is t or t.pos_ not in ("NOUN", "PROPN", "ADP", "PART"):
                return None
            t = t.head
        return None

    def listed(self, k: int, previous: Speaker | None) -> Speaker | None:
        """A quote listed right after another ("calling it “A” and “B”"): the same speaker."""
        if k == 0 or previous is None:
            return None
        gap = self.text[self.raws[k - 1].close_at:self.raws[k].open_at].strip(" ,;")
        return previous if gap.lower() in ("", "and", "or", "as well as", "but") and "\n" not in gap else None

    def clause(self, k: int) -> Speaker | None:
        """Quoted words inside a clause with no speech verb ("X gave its “deepest sympathies”",
        "X wants to end its “fringe” status"): the clause's subject chose them. Not for a
        capitalised title ("the “Freedom Bill”"), which names a thing."""
        q = self.raws[k]
        words = self.text[q.start:q.end].split()
        if not self._before(k) or all(w[:1].isupper() for w in words if w[:1].isalpha()):
            return None
        inside = self.tokens.between(q.start, q.end)
        t = inside[0] if inside else None
        for _ in range(8):
            if t is None or t.head is t:
                return None
            t = t.head
            if t.pos_ in ("VERB", "AUX") and not self.refs.in_quote(t.idx):
                break
        else:
            return None
        subj = self.refs.subject_of(t)
        if subj is None or self.refs.in_quote(subj.idx) or subj.idx > q.open_at:
            return None
        found = self.refs.resolve_token(subj)
        return cued(found, t) if found is not None and (found.ids or found.kind == "person") else None

    def _before(self, k: int) -> list:
        """The tokens of the quote's own sentence before its opening mark (after any earlier quote)."""
        q = self.raws[k]
        first = self.tokens.at(q.open_at)
        start = max(first.sent.start_char if first is not None else 0, line_start(self.text, q.open_at))
        if k > 0:
            start = max(start, self.raws[k - 1].close_at)
        return [t for t in self.tokens.between(start, q.open_at) if not t.is_space]

    def _introducing(self, toks) -> Speaker | None:
        """The subject of the main verb of a clause that introduces a quote, when it is a known actor."""
        verbs = [t for t in toks if t.pos_ in ("VERB", "AUX") and any(c.dep_ in ("nsubj", "nsubjpass")
                                                                     for c in t.children)]
        roots = [v for v in verbs if v.dep_ == "ROOT"] or verbs[:1]
        for v in roots:
            subj = self.refs.subject_of(v)
            if subj is None or self.refs.in_quote(subj.idx) or subj.i not in {t.i for t in toks}:
                continue
            found = self.refs.resolve_token(subj)
            if found is not None and (found.ids or found.kind == "person"):
                return cued(found, v)
        return None

    def intro(self, k: int) -> Speaker | None:
        """A quote that opens a sentence right after one that says who comments ("X criticised
        the decision on Twitter. “…”"): that sentence's subject, before any run-on rule."""
        q = self.raws[k]
        if self._before(k):
            return None
        first = self.tokens.at(q.open_at)
        if first is None or first.sent.start == 0:
            return None
        prev = self.doc[first.sent.start - 1].sent
        floor = max(line_start(self.text, q.open_at), self.raws[k - 1].close_at if k > 0 else 0)
        if prev.start_char < floor:
            return None
        verb = prev.root
        if verb.lemma_.lower() not in COMMENT_VERBS and not speech_verb(verb):
            return None
        subj = self.refs.subject_of(verb)
        if subj is None or self.refs.in_quote(subj.idx):
            return None
        found = self.refs.resolve_token(subj)
        return cued(found, verb) if found is not None and (found.ids or found.kind == "person") else None

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

    def speaker(self, k: int, previous: Speaker | None, prev_close: int | None,
                last: Speaker | None = None) -> tuple[Speaker | None, str]:
        """``previous``: the speaker of the last statement quoted; ``last``: of the quote just
        before, marked phrases included (for quotes listed together)."""
        if self.refs.is_dead(previous):
            previous = None  # the dead do not speak on ("…," the statement about the late X said)
        listed = self.listed(k, last if last is not None else previous)
        if listed is not None:
            return listed, "listed"
        for how in (self.after, self.gaps, self.lead, self.label, self.intro, self.clause):
            found = how(k)
            if found is NOBODY or (found is not None and found.kind == "none"):
                return None, "none"
            if found is not None and found.method == "document" and how is not self.lead:
                # "X told Y that …“…,” the statement said": the statement carries X's words.
                found = self.lead(k) or found
            if found is not None and found.kind == "person" and \
                    self.refs.cannot_speak(found, self.doc[found.cue].sent if found.cue is not None
                                           else self.tokens.at(self.raws[k].open_at).sent):
                return None, "none"  # a speaker who had died: not theirs now (a statement about them)
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
        if found is None or found.at < previous_paragraph(self.text, q.open_at):
            return None, "none"  # nobody named near it: a caption, a slogan, a heading
        return replace(found, cue=None), "context"


def method_of(sp: Speaker) -> str:
    """"subject" for a named subject; otherwise how the subject was resolved (pronoun, role…)."""
    if sp.method in ("pronoun", "role", "joint", "label", "anaphor", "document"):
        return sp.method
    return "subject"
