"""Analysis: parse an article once, then run the registered components over the parse.

Components are small functions registered by name (like spaCy's factories); each reads the
shared `DocContext` and adds its findings to `ctx.analysis` or `ctx.scratch`. Each declares what it
needs and what it adds; the Analyser puts what a component needs before it, and an unknown
component name is an error, not a silent skip.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable, Iterable

from ..models import Analysis, Article

Component = Callable[["DocContext"], None]


@dataclass(frozen=True)
class ComponentInfo:
    name: str
    fn: Component
    needs: tuple[str, ...] = ()  # components that must have run before this one
    adds: tuple[str, ...] = ()  # what it provides: Analysis fields or ctx.scratch keys

    def __call__(self, ctx: "DocContext") -> None:
        self.fn(ctx)


REGISTRY: dict[str, ComponentInfo] = {}
DEFAULT_COMPONENTS = ("actors", "events", "quotes")
BUILTIN_MODULES = ("actors", "discourse", "events", "quotes")  # modules that register the built-in components


def component(name: str, *, needs: Iterable[str] = (), adds: Iterable[str] = ()) -> Callable[[Component], Component]:
    def register(fn: Component) -> Component:
        REGISTRY[name] = ComponentInfo(name, fn, tuple(needs), tuple(adds))
        return fn
    return register


def resolve_components(names: Iterable[str]) -> list[str]:
    """The components to run, in order: each asked for, preceded by what it needs (once)."""
    _load_components()  # the built-in names are known before any Analyser is made
    order: list[str] = []

    def visit(name: str, chain: tuple[str, ...]) -> None:
        if name in order:
            return
        if name not in REGISTRY:
            raise ValueError(f"unknown analysis component {name!r}; known: {', '.join(sorted(REGISTRY))}")
        if name in chain:
            raise ValueError(f"analysis components need each other in a circle: {' -> '.join(chain + (name,))}")
        for need in REGISTRY[name].needs:
            visit(need, chain + (name,))
        order.append(name)

    for name in names:
        visit(name, ())
    return order


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

    for name in BUILTIN_MODULES:
        importlib.import_module(f"communique.analyse.{name}")


class Analyser:
    def __init__(self, components: Iterable[str] = DEFAULT_COMPONENTS, kb=None, nlp=None, batch_size: int = 32):
        from .nlp import load_nlp

        _load_components()
        self.components = resolve_components(components)
        self.nlp = nlp or load_nlp()
        self.batch_size = batch_size
        if kb is None:
            try:
                from ..knowledge.kb import default_kb
                kb = default_kb()
            except ImportError:
                kb = None
        self.kb = kb

    @property
    def versions(self) -> str:
        """The stamp stored with each article analysed (analyse/versions.py)."""
        from .versions import stamp

        return stamp()

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
