"""What an analysis was made with: the analysis code, the event lexicon, the knowledge base and the
spaCy model, each as a short digest, so a store can tell which articles are out of date
(`communique reanalyse`). Digests are of the files themselves: changing a rule, a lexicon line or
a knowledge-base record changes the stamp without anyone remembering to bump a number."""
from __future__ import annotations

import hashlib
from functools import lru_cache
from importlib import resources


def _digest(files) -> str:
    h = hashlib.sha1()
    for f in sorted(files, key=lambda f: f.name):
        h.update(f.name.encode())
        h.update(f.read_bytes())
    return h.hexdigest()[:10]


def _files(package: str, suffixes: tuple[str, ...]):
    root = resources.files(package)
    return [f for f in root.iterdir() if f.is_file() and f.name.endswith(suffixes)]


@lru_cache(maxsize=1)
def file_versions() -> dict[str, str]:
    return {
        "code": _digest(_files("communique.analyse", (".py",)) + _files("communique.link", ("merge.py",))),
        "lexicon": _digest(_files("communique.knowledge.ontology", (".txt",))),
        "kb": _digest(_files("communique.knowledge.data", (".json", ".csv"))),
    }


def stamp() -> str:
    """"code=…;lexicon=…;kb=…;model=en_core_web_sm-3.8.0". The model is named by the weights
    analyse/nlp.py accepts (it refuses any other), so no model needs loading to tell."""
    from .nlp import EXPECTED, MODEL_NAMES

    parts = dict(file_versions())
    parts["model"] = f"{MODEL_NAMES[0]}-{EXPECTED['version']}"
    return ";".join(f"{k}={v}" for k, v in parts.items())
