"""A brief rendered for people: the terminal (rich), Markdown and HTML. Citations are numbered
once per brief; each number names the outlet and quotes the cited sentence."""
from __future__ import annotations

from dataclasses import asdict
from html import escape

from .brief import Brief, BriefLine, Citation


def _numbering(brief: Brief) -> dict[tuple[str, int, int], int]:
    numbers: dict[tuple[str, int, int], int] = {}
    for line in brief.lines():
        for c in line.citations:
            numbers.setdefault((c.article_id, c.start, c.end), len(numbers) + 1)
    return numbers


def _refs(line: BriefLine, numbers) -> list[int]:
    return [numbers[(c.article_id, c.start, c.end)] for c in line.citations]


def _all_citations(brief: Brief) -> list[tuple[int, Citation]]:
    seen, out = set(), []
    numbers = _numbering(brief)
    for line in brief.lines():
        for c in line.citations:
            n = numbers[(c.article_id, c.start, c.end)]
            if n not in seen:
                seen.add(n)
                out.append((n, c))
    return sorted(out, key=lambda x: x[0])


def _line_text(line: BriefLine) -> str:
    if line.kind == "quote":
        return f"{line.speaker}: “{line.text}”"
    if line.kind == "claim" and line.speaker:
        return f"{line.speaker} writes: “{line.text}”"  # the outlet's framing, attributed
    return line.text


def _md(text: str) -> str:
    """Article text made inert in Markdown: no raw HTML (a <script> stays text) and no links or
    images of its own making."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return text.replace("[", "\\[").replace("]", "\\]")


def to_markdown(brief: Brief) -> str:
    numbers = _numbering(brief)
    refs = lambda line: "".join(f"[^{n}]" for n in _refs(line, numbers))  # noqa: E731
    out = [f"# {_md(brief.headline.text)}{refs(brief.headline)}", ""]
    for title, lines in brief.sections.items():
        out += [f"**{title}:**", ""]
        out += [f"- {_md(_line_text(l))}{refs(l)}" for l in lines] or ["- (nothing in the sources)"]
        out.append("")
        if title == "Key points" and brief.disagreements:
            out += ["**Where sources differ:**", ""]
            out += [f"- {_md(l.text)}{refs(l)}" for l in brief.disagreements]
            out.append("")
    out.append("---")
    for n, c in _all_citations(brief):
        out.append(f"[^{n}]: {_md(c.outlet or c.article_id)} (article {c.article_id}, characters {c.start}–{c.end}): "
                   f"“{_md(c.sentence)}”")
    return "\n".join(out) + "\n"


def to_html(brief: Brief, article_url=lambda article_id: f"/articles/{article_id}") -> str:
    """A self-contained HTML fragment. Everything from the articles is escaped."""
    numbers = _numbering(brief)

    def refs(line: BriefLine) -> str:
        return "".join(f'<sup><a href="#cite-{n}">[{n}]</a></sup>' for n in _refs(line, numbers))

    parts = [f'<article class="brief"><h1>{escape(brief.headline.text)}{refs(brief.headline)}</h1>']
    for title, lines in brief.sections.items():
        parts.append(f"<section><h2>{escape(title)}</h2><ul>")
        parts += [f"<li>{escape(_line_text(l))}{refs(l)}</li>" for l in lines] or ["<li>(nothing in the sources)</li>"]
        parts.append("</ul></section>")
        if title == "Key points" and brief.disagreements:
            parts.append('<section class="differ"><h2>Where sources differ</h2><ul>')
            parts += [f"<li>{escape(l.text)}{refs(l)}</li>" for l in brief.disagreements]
            parts.append("</ul></section>")
    parts.append('<ol class="citations">')
    for n, c in _all_citations(brief):
        parts.append(f'<li id="cite-{n}" value="{n}"><a href="{escape(article_url(c.article_id))}#c{c.start}-{c.end}">'
                     f"{escape(c.outlet or c.article_id)}</a>: “{escape(c.sentence)}”</li>")
    parts.append("</ol></article>")
    return "\n".join(parts)


def to_rich(brief: Brief, console) -> None:
    from rich.markup import escape as rescape

    numbers = _numbering(brief)
    refs = lambda line: "".join(f"[dim][{n}][/]" for n in _refs(line, numbers))  # noqa: E731
    console.print(f"[bold]{rescape(brief.headline.text)}[/] {refs(brief.headline)}")
    for title, lines in brief.sections.items():
        console.print(f"\n[bold cyan]{title}:[/]")
        for l in lines or [BriefLine("(nothing in the sources)")]:
            console.print(f"  • {rescape(_line_text(l))} {refs(l)}")
        if title == "Key points" and brief.disagreements:
            console.print("\n[bold yellow]Where sources differ:[/]")
            for l in brief.disagreements:
                console.print(f"  • {rescape(l.text)} {refs(l)}")
    console.print()
    for n, c in _all_citations(brief):
        console.print(f"[dim][{n}] {rescape(c.outlet or c.article_id)} · {c.article_id} "
                      f"{c.start}–{c.end}: {rescape(c.sentence[:160])}[/]")


def to_dict(brief: Brief) -> dict:
    return asdict(brief)
