"""Analysis: parse an article once, then run the registered components over the parse.

Components are small functions registered by name (like spaCy's factories); each reads the
shared `DocContext` and adds its findings to `ctx.analysis`. Order matters: events and quotes
read the actor mentions found before them.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable, Iterable

from ..models import Analysis, Article

Component = Callable[["DocContext"], None]
REGISTRY: dict[str, Component] = {}
DEFAULT_COMPONENTS = ("actors", "events", "quotes")


def component(name: str) -> Callable[[Component], Component]:
    def register(fn: Component) -> Component:
        REGISTRY[name] = fn
        return fn
    return register


@dataclass
class DocContext:
    article: Article
    doc: Any  # spacy.tokens.Doc over article.text
    kb: Any  # knowledge.kb.KnowledgeBase
    analysis: Analysis
    scratch: dict[str, Any] = field(default_factory=dict)  # what components pass on to later ones


def _load_components() -> None:
    """Import the modules that register components (kept lazy so `import communique` is cheap)."""
    import importlib

    for name in DEFAULT_COMPONENTS:
        try:
            importlib.import_module(f"communique.analyse.{name}")
        except ModuleNotFoundError as exc:
            if exc.name != f"communique.analyse.{name}":
                raise


class Analyser:
    def __init__(self, components: Iterable[str] = DEFAULT_COMPONENTS, kb=None, nlp=None, batch_size: int = 32):
        from .nlp import load_nlp

        _load_components()
        self.components = [n for n in components if n in REGISTRY]
        self.nlp = nlp or load_nlp()
        self.batch_size = batch_size
        if kb is None:
            try:
                from ..knowledge.kb import default_kb
                kb = default_kb()
            except ImportError:
                kb = None
        self.kb = kb

    def analyse(self, articles: list[Article]) -> list[Analysis]:
        results = []
        docs = self.nlp.pipe((a.text for a in articles), batch_size=self.batch_size)
        for article, doc in zip(articles, docs):
            ctx = DocContext(article=article, doc=doc, kb=self.kb, analysis=Analysis(article_id=article.id))
            ctx.analysis.sentences = [(s.start_char, s.end_char) for s in doc.sents]
            for name in self.components:
                REGISTRY[name](ctx)
            results.append(ctx.analysis)
        return results
