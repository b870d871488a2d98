"""Candidate actor spans in a parsed article: knowledge-base phrase matches, office titles with
the state and the name around them, and runs of name-shaped tokens. Nothing is resolved here;
:func:`Finder.candidates` returns the spans that survive overlaps, in priority order
(titles, then knowledge-base phrases, then name runs)."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from ..knowledge.kb import normalise
from .actor_index import DEMONYM, NAME, PLACE, ActorIndex, Entry
from .actor_rules import (COUNTERPART, GROUP_NOUNS, HONORIFICS, NAME_PARTICLES, PAST, PORTFOLIOS, TENURE, Title,
                          title_for)

POSSESSIVE = frozenset({"'s", "’s", "'", "’"})
DASHES = frozenset({"-", "–", "—", "‐"})
_NOT_NAMES = frozenset({"DATE", "TIME", "MONEY", "PERCENT", "QUANTITY", "CARDINAL", "ORDINAL", "LANGUAGE"})
_BODIES = frozenset({"GPE", "ORG", "LOC", "NORP", "FAC"})
UNKNOWN_OWNER = "?"  # an office of a body the KB does not know ("Basra Governor")


@dataclass
class Cand:
    start: int  # token range reserved in the doc
    end: int
    prio: int  # lower wins an overlap
    kind: str  # "title", "kb", "run"
    entries: list[Entry] = field(default_factory=list)  # kb: what the phrase names
    name: tuple[int, int] | None = None  # title: the name's token range, if any
    title: Title | None = None  # title: None for "counterpart"
    title_end: int = 0  # title: where the office words end (role_title = start..title_end)
    owner: str | None = None  # title: the state or organisation the office belongs to
    past: bool = False  # title: "former", "late": not held on the article's date
    person: bool = False  # run: the parser tagged it PERSON


# Regnal numbers after a monarch's name.
_REGNAL = re.compile(r"(?:I{2,3}|IV|VI{0,3}|IX|XI{0,2})")


def _matches(matcher, doc) -> list[tuple[int, int, int]]:
    return [(m, s, e) for m, s, e in matcher(doc)]


def longest(spans: list[tuple[int, int, Any]]) -> list[tuple[int, int, Any]]:
    """Non-overlapping spans, longest first (like spacy.util.filter_spans), in text order."""
    taken: set[int] = set()
    out = []
    for s, e, v in sorted(spans, key=lambda x: (x[0] - x[1], x[0])):
        if not taken.intersection(range(s, e)):
            out.append((s, e, v))
            taken.update(range(s, e))
    return sorted(out, key=lambda x: x[0])


def dateline_end(doc) -> int:
    """Tokens of a leading dateline ("TEHRAN (Tasnim) –") name no actor: index after it."""
    for tok in doc[:16]:
        if tok.text in DASHES and (tok.whitespace_ or tok.i + 1 < len(doc) and doc[tok.i + 1].is_space):
            return tok.i + 1
        if tok.pos_ in ("VERB", "AUX") or tok.text == "." or "\n" in tok.text:
            return 0
    return 0


def strip_possessive(span):
    while len(span) > 1 and (span[-1].text in POSSESSIVE or span[-1].text in DASHES):
        span = span[:-1]
    return span


def full_name(span) -> bool:
    """Two or more capitalised words: a person by shape, when the parser agrees."""
    words = [t for t in span if t.is_alpha and t.lower_ not in NAME_PARTICLES]
    return len(words) >= 2 and all(t.text[:1].isupper() for t in words)


class Finder:
    """Collects candidate spans from the matchers, the parser's entities and the token shapes."""

    def __init__(self, doc, idx: ActorIndex):
        self.doc, self.idx = doc, idx
        vocab = doc.vocab
        kbm = []
        for m, s, e in _matches(idx.lower, doc) + _matches(idx.orth, doc):
            first_upper = doc[s].text[:1].isupper()
            ok = [en for en in idx.entries.get(m, ()) if not en.cased or first_upper]
            if ok:
                kbm.append((s, e, ok))
        self.kb_matches = longest(kbm)
        self.state_end: dict[int, tuple[int, str]] = {}  # last token of a state word -> (first token, id)
        self.org_end: dict[int, tuple[int, str]] = {}
        self.starts: dict[int, tuple[int, str]] = {}  # first token of a state or org phrase -> (end, id)
        for s, e, entries in kbm:
            first = entries[0]
            if first.kind == "state" and first.how in (NAME, DEMONYM, PLACE):
                self.state_end.setdefault(e - 1, (s, first.actor_id))
            elif first.kind in ("organization", "group"):
                self.org_end.setdefault(e - 1, (s, first.actor_id))
            else:
                continue
            if e > self.starts.get(s, (0, ""))[0]:
                self.starts[s] = (e, first.actor_id)
        self.titles = longest([(s, e, vocab.strings[m][2:]) for m, s, e in _matches(idx.titles, doc)])
        self.honorific: dict[int, tuple[int, str | None]] = {}  # start -> (end, sector)
        for s, e, label in longest([(s, e, vocab.strings[m][2:]) for m, s, e in _matches(idx.honorifics, doc)]):
            if doc[s].text[:1].isupper():
                self.honorific[s] = (e, HONORIFICS.get(label))
        self.person_ent = [False] * len(doc)
        self.other_ent = [False] * len(doc)
        for ent in doc.ents:
            for i in range(ent.start, ent.end):
                if ent.label_ == "PERSON":
                    self.person_ent[i] = True
                elif ent.label_ in _NOT_NAMES:
                    self.other_ent[i] = True

    def states(self, kb) -> set[str]:
        """Every state the text names, directly or through an organisation of it."""
        out = set()
        for _, _, entries in self.kb_matches:
            rec = kb.get(entries[0].actor_id)
            if rec is not None and rec.country:
                out.add(rec.country)
        return out

    def candidates(self, skip_to: int = 0) -> list[Cand]:
        """Every candidate that survives overlaps (titles, then KB phrases, then name runs)."""
        offices = [self._office(s, e, phrase) for s, e, phrase in self.titles]
        blocked = {i for c in offices for i in range(c.start, c.title_end)}
        blocked |= {i for s, (e, _) in self.honorific.items() for i in range(s, e)}
        blocked |= {i for s, e, en in self.kb_matches if en[0].kind != "person" for i in range(s, e)}
        runs = self.runs(blocked)
        for c in offices:
            c.name = self._name_after(c.title_end, runs)
            if c.name:
                c.end = c.name[1]
        cands = offices + [Cand(s, e, 1, "kb", entries=en) for s, e, en in self.kb_matches]
        cands += [Cand(s, e, 2, "run", person=any(self.person_ent[s:e])) for s, e in runs.items()]
        taken = [False] * len(self.doc)
        chosen: list[Cand] = []
        for c in sorted(cands, key=lambda c: (c.prio, c.start - c.end)):
            if c.start < skip_to or any(taken[c.start:c.end]):
                continue
            chosen.append(c)
            taken[c.start:c.end] = [True] * (c.end - c.start)
        self.taken = taken
        return sorted(chosen, key=lambda c: c.start)

    # ----- names

    def runs(self, blocked: set[int]) -> dict[int, int]:
        """Maximal runs of name-shaped tokens ("Gholam-Hossein Mohseni-Ejei", "Abu Mahdi
        al-Muhandis"), as start -> end, outside ``blocked`` tokens."""
        doc = self.doc
        out: dict[int, int] = {}
        i, n = 0, len(doc)
        while i < n:
            if i in blocked or not self._namey(doc[i]):
                i += 1
                continue
            j = i + 1
            while j < n and j not in blocked and not doc[j].is_sent_start:
                if self._namey(doc[j]):
                    j += 1
                    continue
                k = j  # "al-", "bin ", "-": joiners between two name words
                while k < n and k - j < 3 and k not in blocked and self._joiner(k):
                    k += 1
                if j < k < n and k not in blocked and self._namey(doc[k]):
                    j = k + 1
                else:
                    break
            if j < n and j not in blocked and _REGNAL.fullmatch(doc[j].text):
                j += 1  # "Hassan II", "Abdullah II": the numeral is part of the name
            start = i
            # "al-Muhandis" starts with a lower-case particle glued to the name.
            if i >= 2 and doc[i - 1].text in DASHES and not doc[i - 2].whitespace_ and not doc[i - 1].whitespace_ \
                    and doc[i - 2].lower_ in NAME_PARTICLES and i - 2 not in blocked:
                start = i - 2
            out[start] = j
            i = j
        return out

    def _namey(self, tok) -> bool:
        t = tok.text
        # A stop word only as a proper noun inside a name ("Theresa May"), never alone.
        stop = tok.is_stop and not (tok.pos_ == "PROPN" and tok.i > 0 and self.doc[tok.i - 1].pos_ == "PROPN")
        return (t[:1].isupper() and tok.is_alpha and not (tok.is_upper and len(t) > 1)
                and not stop and not self.other_ent[tok.i])

    def _joiner(self, j: int) -> bool:
        """A hyphen glued on both sides, or a name particle ("al", "bin") inside a name."""
        doc = self.doc
        tok = doc[j]
        if tok.text in DASHES:
            return not doc[j - 1].whitespace_ and not tok.whitespace_
        if len(tok.text) == 2 and tok.text[0].isupper() and tok.text[1] == ".":
            return True  # a middle initial: "John R. Bolton"
        return tok.lower_ in NAME_PARTICLES

    def _name_after(self, i: int, runs: dict[int, int]) -> tuple[int, int] | None:
        doc = self.doc
        if i < len(doc) and doc[i].text == ",":  # "his Iraqi counterpart, Fuad Hussein,"
            j = i + 1
            while j in self.honorific:
                j = self.honorific[j][0]
            return (j, runs[j]) if j in runs and self.person_ent[j] else None
        while i in self.honorific:
            i = self.honorific[i][0]
        return (i, runs[i]) if i in runs else None

    # ----- offices

    def _office(self, s: int, e: int, phrase: str) -> Cand:
        """An office title with what surrounds it: tenure words, the state or body holding it
        (before: "Iraq's", "Iraqi", "Basra"; after: "of Iraq"), a ministry's portfolio."""
        doc = self.doc
        title = None if phrase == COUNTERPART else title_for(phrase)
        generic = phrase in ("minister", "deputy minister")
        start, owner, past = s, None, False
        k = s - 1
        while k >= 0 and (doc[k].lower_ in TENURE or generic and doc[k].lower_ in PORTFOLIOS):
            past = past or doc[k].lower_ in PAST
            k -= 1
        start = k + 1
        while start < s and doc[start].lower_ in ("and", "&"):  # "Sudani and Oil Minister X"
            start += 1
        k = start - 1
        kk = k - 1 if k >= 0 and doc[k].text in POSSESSIVE else k
        if kk >= 0:
            found = self.state_end.get(kk) or self.org_end.get(kk)
            word = self._state_word(doc[kk])
            if found:
                start, owner = found
            elif word:
                start, owner = kk, word
            elif doc[kk].ent_type_ in _BODIES and doc[kk].text[:1].isupper() and not self.person_ent[kk]:
                start = kk
                while start > 0 and doc[start].ent_iob_ == "I":
                    start -= 1
                owner = UNKNOWN_OWNER
        while start > 0 and doc[start - 1].lower_ in TENURE:
            start -= 1
            past = past or doc[start].lower_ in PAST
        title_end = e
        if e + 1 < len(doc) and doc[e].lower_ == "of":  # "President of Iraq", "Minister of Oil"
            j = e + 2 if doc[e + 1].lower_ == "the" and e + 2 < len(doc) else e + 1
            if owner is None and j in self.starts:
                title_end, owner = self.starts[j]
                if title_end < len(doc) and doc[title_end].lower_ in GROUP_NOUNS:  # "of the Iraqi parliament"
                    title_end += 1
            elif generic and doc[j].lower_ in PORTFOLIOS:
                while j < len(doc) and doc[j].lower_ in PORTFOLIOS and not self.person_ent[j]:
                    j += 1
                title_end = j
        return Cand(start=start, end=title_end, prio=0, kind="title", title=title, title_end=title_end,
                    owner=owner, past=past)

    def _state_word(self, tok) -> str | None:
        return self.idx.state_words.get(normalise(tok.text)) if tok.text[:1].isupper() else None
