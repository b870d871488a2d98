"""Which words of a speaker's name are the person's: "Amnesty International Man-kei Tam" is
Man-kei Tam of Amnesty International; "Senator Jo Hale" is Jo Hale."""
from __future__ import annotations

import re

from .actor_rules import DESCRIPTORS, PLACE_NOUNS, THING_NOUNS
from .quote_words import TITLE_WORDS

# Last words of an organisation's name: what follows them in one name run is a person.
ORG_TAIL_WORDS = frozenset("""
international institute bank council agency ministry organisation organization foundation association
union commission committee party group company corporation fund forum network watch center centre
university college court office service forces army police department federation league coalition
alliance movement front
""".split())


def person_part(name: str) -> str:
    """The person's own name inside ``name``: titles and a leading organisation dropped."""
    words = name.split()
    cut = max((i + 1 for i, w in enumerate(words) if w.lower().strip(",.") in ORG_TAIL_WORDS), default=0)
    rest = words[cut:]
    if cut and not (1 <= len(rest) <= 4 and all(re.fullmatch(r"[A-Z][\w'’-]*\.?", w) for w in rest)):
        return name  # "Commission on International Religious Freedom": one body's name, no person in it
    words = rest
    while len(words) > 1 and (words[0].lower().strip(",") in TITLE_WORDS or words[0].lower() in DESCRIPTORS):
        words = words[1:]
    return " ".join(words)


def looks_like_person(name: str, at: int, doc) -> bool:
    """A person's name by shape: capitalised words, and either two of them or the parser's
    PERSON tag on the one ("a protester using the pseudonym Katya")."""
    words = name.split()
    if not words or not all(w[:1].isupper() for w in words):
        return False
    if any(w.lower().strip(".,") in THING_NOUNS | PLACE_NOUNS for w in words):
        return False  # "Rocky Linux", "Red Hat Inc.", "Durham Hall"
    if len(words) >= 2:
        return True
    tok = next((t for t in doc if t.idx >= at and t.text == words[0]), None)
    return tok is not None and tok.ent_type_ == "PERSON"
