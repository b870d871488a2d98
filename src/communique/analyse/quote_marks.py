"""Finding quoted passages in plain text, before any parsing.

News text mixes straight and curly marks, sometimes in one quote (“We believe…," he added),
so a mark's role is read from what stands on either side of it (like Markdown's flanking
rules), and the glyph only breaks ties. Double marks delimit quotes; single marks only when
nothing else can explain them, so apostrophes ("Zionists' crimes", "Iran’s") never open or
close anything. A quote left open at a paragraph end continues when the next paragraph opens
with a mark (the print convention for multi-paragraph quotes); a quote broken by its own
attribution ("We will…," he said, "and we…") is joined back into one.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

DOUBLE_OPENERS = "“„‟«"
DOUBLE_CLOSERS = "”»"
DOUBLE_AMBIGUOUS = '"'
DOUBLE_MARKS = DOUBLE_OPENERS + DOUBLE_CLOSERS + DOUBLE_AMBIGUOUS
SINGLE_MARKS = "‘’'"
# Characters after which a mark can open a quote even without a space ("(“", "—“").
OPEN_CONTEXT = "([{—–-/:"
NO_OPEN_AFTER = ",.;:!?)]}"
BULLETS = "•·*-–—►>"

# Surface forms of the verbs that attribute speech, for the text-only join test below
# (the parse-based attribution in quotes.py works on lemmas instead).
_ATTRIBUTION_FORMS = re.compile(
    r"\b(said|says|say|saying|added|adds|adding|told|tells|stated|states|stressed|stresses|noted|notes|"
    r"continued|continues|warned|warns|explained|explains|insisted|insists|emphasi[sz]ed|emphasi[sz]es|"
    r"asked|asks|replied|replies|remarked|remarks|declared|declares|argued|argues|concluded|concludes|"
    r"underscored|underscores|affirmed|affirms|announced|announces|wrote|writes|according)\b", re.I)


@dataclass
class RawQuote:
    """One quotation: the spans of its words (more than one when it was interrupted or ran
    over paragraphs) and the positions of its outer marks."""

    parts: list[tuple[int, int]]  # inner character spans, marks excluded
    open_at: int  # index of the first opening mark
    close_at: int  # index just past the last closing mark (or the paragraph end)
    single: bool = False  # delimited by single marks
    terminated: bool = True  # False when the closing mark never came
    continued: bool = False  # ran over a paragraph break
    gaps: list[tuple[int, int]] = field(default_factory=list)  # attribution text between joined parts

    @property
    def start(self) -> int:
        return self.parts[0][0]

    @property
    def end(self) -> int:
        return self.parts[-1][1]

    def text(self, source: str) -> str:
        pieces = [" ".join(source[s:e].split()) for s, e in self.parts]
        joined = " ".join(p for p in pieces if p)
        return joined.rstrip(" ,;:").strip()


def _flanks(text: str, i: int) -> tuple[bool, bool]:
    """(can open, can close) for the mark at ``i``, from its neighbours only."""
    prev = text[i - 1] if i > 0 else "\n"
    nxt = text[i + 1] if i + 1 < len(text) else "\n"
    can_open = not nxt.isspace() and nxt not in NO_OPEN_AFTER and (prev.isspace() or prev in OPEN_CONTEXT
                                                                    or not prev.isalnum())
    can_close = not prev.isspace() and (nxt.isspace() or not nxt.isalnum())
    return can_open, can_close


def _is_opener(text: str, i: int, inside: bool) -> bool | None:
    """True: opens; False: closes; None: a stray mark (an inch sign, a lone quote)."""
    can_open, can_close = _flanks(text, i)
    ch = text[i]
    if can_open and can_close:
        if ch in DOUBLE_OPENERS:
            return True
        if ch in DOUBLE_CLOSERS:
            return False
        return not inside
    if can_open:
        return True
    if can_close:
        return False
    return None


def _line_end(text: str, i: int) -> int:
    j = text.find("\n", i)
    return len(text) if j < 0 else j


def _continues_after(text: str, line_end: int) -> int | None:
    """When the next non-blank paragraph begins with an opening mark, the index of that mark."""
    m = re.compile(r"\s*").match(text, line_end)
    j = m.end() if m else line_end
    while j < len(text) and text[j] in BULLETS and j + 1 < len(text) and text[j + 1] == " ":
        j += 2
    if j < len(text) and text[j] in DOUBLE_MARKS and _is_opener(text, j, inside=False):
        return j
    return None


def _opens_statement(text: str, i: int) -> bool:
    """An unterminated quote is kept only when its opening looks like the start of speech:
    at a paragraph start or after a colon or comma ("said: “…")."""
    before = text[text.rfind("\n", 0, i) + 1:i].strip()
    return not before or before.lstrip(BULLETS).strip() == "" or before.endswith((",", ":"))


def find_double(text: str) -> list[RawQuote]:
    """Every quotation delimited by double marks, outermost only (a nested quote stays part
    of the quote around it)."""
    quotes: list[RawQuote] = []
    current: RawQuote | None = None
    part_start = depth = 0

    def give_up(at: int) -> None:
        # Open at a paragraph end with no continuation: the closing mark never came.
        nonlocal current
        assert current is not None
        end = _line_end(text, part_start)
        current.parts.append((part_start, end))
        current.terminated = False
        current.close_at = end
        if _opens_statement(text, current.open_at):
            quotes.append(current)
        current = None

    for i, ch in enumerate(text):
        if ch not in DOUBLE_MARKS:
            continue
        if current is not None and "\n" in text[part_start:i]:
            cont = _continues_after(text, _line_end(text, part_start)) if depth == 0 else None
            if cont == i:
                current.parts.append((part_start, _line_end(text, part_start)))
                current.continued = True
                part_start = i + 1
                continue
            give_up(i)
            depth = 0
        if current is not None:
            role = _is_opener(text, i, inside=True)
            if role is None:
                continue
            if role:
                depth += 1  # a quote inside the quote
                continue
            if depth:
                depth -= 1
                continue
            current.parts.append((part_start, i))
            current.close_at = i + 1
            quotes.append(current)
            current = None
            continue
        if _is_opener(text, i, inside=False):
            current = RawQuote(parts=[], open_at=i, close_at=i + 1)
            part_start, depth = i + 1, 0
    if current is not None:
        give_up(len(text))
    return [q for q in quotes if any(text[s:e].strip() for s, e in q.parts)]


def _single_closer(text: str, i: int) -> bool:
    if text[i] == "‘":
        return False
    prev = text[i - 1] if i > 0 else " "
    nxt = text[i + 1] if i + 1 < len(text) else " "
    if prev.isspace() or nxt.isalnum():
        return False  # "Iran’s", "don't": an apostrophe inside a word
    # "the Zionists’ crimes": a plural possessive, followed by a lowercase word.
    rest = text[i + 1:i + 3]
    return not (prev in "sS" and len(rest) == 2 and rest[0] == " " and rest[1].islower())


def find_single(text: str, taken: list[tuple[int, int]]) -> list[RawQuote]:
    """Quotations in single marks, outside double-quoted text, within one paragraph."""
    out: list[RawQuote] = []
    inside = lambda i: any(a <= i < b for a, b in taken)  # noqa: E731
    i = 0
    while i < len(text):
        ch = text[i]
        if ch in "‘'" and not inside(i):
            prev = text[i - 1] if i > 0 else " "
            nxt = text[i + 1] if i + 1 < len(text) else " "
            if (prev.isspace() or prev in OPEN_CONTEXT) and nxt.isalnum():
                end = _line_end(text, i)
                close = next((j for j in range(i + 1, end) if text[j] in "’'" and _single_closer(text, j)), None)
                if close is not None and close - i > 2:
                    out.append(RawQuote(parts=[(i + 1, close)], open_at=i, close_at=close + 1, single=True))
                    i = close + 1
                    continue
        i += 1
    return out


def _joinable(text: str, a: RawQuote, b: RawQuote) -> bool:
    """A quote interrupted by its attribution: “We will…,” he said, “and we…”. The first part
    must stop mid-sentence and the attribution must end in a comma or dash."""
    if not a.terminated or a.single or b.single:
        return False
    gap = text[a.close_at:b.open_at]
    if "\n" in gap or re.search(r"[.!?]", gap) or len(gap.split()) > 8:
        return False
    if not gap.rstrip().endswith((",", "—", "–")):
        return False
    if text[a.parts[-1][0]:a.parts[-1][1]].rstrip().endswith((".", "!", "?")):
        return False
    return bool(_ATTRIBUTION_FORMS.search(gap))


def find_quotes(text: str) -> list[RawQuote]:
    """All quotations in ``text``, in order, with interrupted ones joined."""
    doubles = find_double(text)
    singles = find_single(text, [(q.open_at, q.close_at) for q in doubles])
    found = sorted(doubles + singles, key=lambda q: q.open_at)
    joined: list[RawQuote] = []
    for q in found:
        if joined and _joinable(text, joined[-1], q):
            last = joined[-1]
            last.gaps.append((last.close_at, q.open_at))
            last.parts.extend(q.parts)
            last.close_at = q.close_at
            last.terminated = q.terminated
            continue
        joined.append(q)
    return joined


WORD = re.compile(r"\w+(?:['’]\w+)*")


def word_count(text: str) -> int:
    return len(WORD.findall(text))


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
