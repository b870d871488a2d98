"""Analysis: parse an article once, then run the registered components over the parse.

Components are small functions registered by name (like spaCy's factories); each reads the
shared `DocContext` and adds its findings to `ctx.analysis` or `ctx.scratch`. Each declares what it
needs and what it adds; the Analyser puts what a component needs before it, and an unknown
component name is an error, not a silent skip.
"""
from __future__ import annotations

import re
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
        from spacy.tokens import Doc

        from .nlp import _TEXT_KEY

        plan = [(a, pieces(a.text)) for a in articles]
        docs = self._parse(p for _, parts in plan for p in parts)
        results = []
        for article, parts in plan:
            # A long text is parsed in pieces (bounded memory; the parser's cost grows with
            # length) and joined back into one doc over the whole text, in article offsets.
            found = [next(docs) for _ in parts]
            doc = found[0] if len(found) == 1 else Doc.from_docs(found, ensure_whitespace=False)
            del found
            doc.user_data[_TEXT_KEY] = article.text
            ctx = DocContext(article=article, doc=doc, kb=self.kb, analysis=Analysis(article_id=article.id))
            ctx.analysis.sentences = [(s.start_char, s.end_char) for s in doc.sents]
            for name in self.components:
                REGISTRY[name](ctx)
            results.append(ctx.analysis)
        return results

    def _parse(self, texts: Iterable[str]):
        """Docs for `texts`, in order, parsed in batches of at most `batch_size` texts and
        MAX_BATCH_CHARS characters: the parser's working memory grows with a batch's length."""
        batch: list[str] = []
        size = 0
        for text in texts:
            if batch and (size + len(text) > MAX_BATCH_CHARS or len(batch) >= self.batch_size):
                yield from self.nlp.pipe(batch, batch_size=len(batch))
                batch, size = [], 0
            batch.append(text)
            size += len(text)
        if batch:
            yield from self.nlp.pipe(batch, batch_size=len(batch))


MAX_BATCH_CHARS = 50_000
MAX_PIECE_CHARS = 10_000  # longer texts are parsed in pieces of about this size (news reports rarely are)
# Where a piece may end, best first: after a blank line, a line break, a sentence, any space.
_CUTS = tuple(re.compile(p) for p in (r"\n[^\S\n]*\n\s*", r"\n\s*", r"[.!?][\"”’')]?\s+", r"\s+"))


def pieces(text: str, limit: int = MAX_PIECE_CHARS) -> list[str]:
    """`text` cut into pieces of at most about `limit` characters that join back into it, each
    ending after a paragraph where one ends in the second half of the window (else after a
    line, a sentence, a space; a piece runs over by the whitespace it ends with)."""
    out: list[str] = []
    start = 0
    while len(text) - start > limit:
        lo, hi = start + limit // 2, start + limit
        cut = hi  # no space at all in the window: a hard cut
        for pattern in _CUTS:
            last = None
            for last in pattern.finditer(text, lo, hi):
                pass
            if last is not None:
                cut = pattern.match(text, last.start()).end()  # the whole whitespace run
                break
        out.append(text[start:cut])
        start = cut
    out.append(text[start:])
    return out
