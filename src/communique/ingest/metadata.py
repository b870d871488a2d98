"""Recognisers for the metadata that pasted news text carries in its own lines.

Each recogniser looks at one line (or the start of the first paragraph) and says what
metadata it holds. The cleaner in text.py decides what to drop; nothing here edits text.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from dateutil import parser as dateparser

from . import outlets

# A personal name as bylines write it: 2–4 capitalised words, allowing initials,
# particles and hyphenated or apostrophe'd parts ("Jean-Luc O'Neil", "Ali al-Sadr").
NAME = r"(?:[A-Z][\w'’.-]+|al-[A-Z][\w'’-]+|bin|ibn|van|von|de|da|el-[A-Z][\w'’-]+)"
PERSON = rf"{NAME}(?:\s+{NAME}){{1,3}}"

_ISO_DATE = re.compile(r"(?<!\d)(\d{4})-(\d{2})-(\d{2})(?!\d)")
_MONTHS = ("jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec|january|february|march|april|june|july|august|"
           "september|october|november|december")
_WORD_DATE = re.compile(rf"\b(?:\d{{1,2}}\s+(?:{_MONTHS})\.?,?\s+\d{{4}}|(?:{_MONTHS})\.?\s+\d{{1,2}},?\s+\d{{4}})\b", re.I)


def parse_date(value: str) -> str | None:
    """An absolute calendar date in the string (ISO or written out), as YYYY-MM-DD; None without a year.
    Never falls back to today: a string with no full date gives None."""
    if not value:
        return None
    m = _ISO_DATE.search(value)
    if m:
        try:
            return date(int(m[1]), int(m[2]), int(m[3])).isoformat()
        except ValueError:
            return None
    m = _WORD_DATE.search(value)
    if m:
        try:
            return dateparser.parse(m[0], default=None, fuzzy=False).date().isoformat()  # type: ignore[union-attr]
        except (ValueError, OverflowError, AttributeError):
            return None
    return None


# ── header fields ("date 2025-02-03", "Published: 3 March 2025", "Author: …") ──────────────
_HEADER_DATE = re.compile(
    rf"^\s*(?:date|published(?: on)?|posted(?: on)?|updated(?: on)?|dated?)\s*[:\-]?\s*"
    rf"(?P<value>\d{{4}}-\d{{2}}-\d{{2}}|\d{{1,2}}\s+(?:{_MONTHS})\.?,?\s+\d{{4}}|(?:{_MONTHS})\.?\s+\d{{1,2}},?\s+\d{{4}})"
    rf"(?:[T ]\d{{1,2}}:\d{{2}}(?::\d{{2}})?\S*)?\s*", re.I)
_FIELD_KEYS = "title|headline|author|byline|source|url|link|outlet|publisher|category|section|tags?|keywords|language"
_HEADER_FIELD = re.compile(rf"^\s*(?:(?P<key>(?i:{_FIELD_KEYS}))\s*:|(?P<bare>{_FIELD_KEYS})\s)\s*(?P<value>\S.{{0,300}})$")


def header_date(line: str) -> tuple[str, int] | None:
    """(date, length of the field) when a line starts with a date field; the rest may be body text."""
    m = _HEADER_DATE.match(line)
    if not m:
        return None
    parsed = parse_date(m["value"])
    return (parsed, m.end()) if parsed else None


def header_field(line: str) -> tuple[str, str] | None:
    m = _HEADER_FIELD.match(line)
    if not m:
        return None
    key = (m["key"] or m["bare"]).lower()
    key = {"headline": "title", "byline": "author", "link": "url", "publisher": "outlet", "tag": "tags"}.get(key, key)
    return key, m["value"].strip()


# ── lines under a title: "Thursday 16 January 2025 | 03:40 PM", "Posted on March 10, 2025 by X" ──
_WEEKDAY = r"(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)[a-z]*\.?,?"
_TIME = r"(?:\d{1,2}[:.]\d{2}(?:\s*[ap]\.?m\.?)?(?:\s*(?:gmt|utc|[a-z]{2,4}))?|\d{1,2}\s*[ap]\.?m\.?)"
_DATE_ONLY = re.compile(rf"^\s*(?:{_WEEKDAY}\s*)?(?P<date>.+?)(?:\s*(?:[|·•,@-]|–|—|at)?\s*{_TIME})?\s*$", re.I)
_POSTED = re.compile(rf"^\s*(?:posted|published|updated)(?: on)?\s*:?\s*(?P<date>.+?)\s+by\s+(?P<name>{PERSON})\s*$", re.I)
_SEP = re.compile(r"\s+(?:[|·•]|--|–|—|-)\s+")


def date_line(line: str) -> str | None:
    """The date when a whole line is just a date (with an optional weekday and time)."""
    m = _DATE_ONLY.match(line)
    if not m or len(line) > 60:
        return None
    value = m["date"].strip(" ,|·-")
    parsed = parse_date(value)
    if not parsed:
        return None
    rest = _ISO_DATE.sub("", _WORD_DATE.sub("", value)).strip(" ,|·-")
    return parsed if not rest else None


def posted_line(line: str) -> tuple[str, str] | None:
    """(date, author) from "Posted on March 10, 2025 by Jane Doe"."""
    m = _POSTED.match(line)
    if m and (d := parse_date(m["date"])):
        return d, _clean_name(m["name"])
    return None


def outlet_date_line(line: str) -> tuple[str, str] | None:
    """(outlet, date) from a masthead line such as "Gulf Morning Brief · Tuesday, March 11, 2025"."""
    parts = _SEP.split(line.strip(), maxsplit=1)
    if len(parts) != 2:
        return None
    for name, when in (parts, parts[::-1]):
        d = date_line(when)
        if d and 1 <= len(name.split()) <= 5 and not re.search(r"[.:;!?]$", name) and name[:1].isupper():
            return name.strip(), d
    return None


_CHROME = re.compile(r"^\s*(?:search(?: for)?:?|menu|skip to (?:main )?content|toggle navigation|sign in|log ?in|"
                     r"subscribe|home)\s*$", re.I)


def chrome_line(line: str) -> bool:
    """Site navigation: "Search for:", or a row of several short menu words ("Home   World   Politics")."""
    if _CHROME.match(line):
        return True
    cells = [c for c in re.split(r"\s{2,}|\s*[|•·]\s*", line.strip()) if c]
    return len(cells) >= 4 and all(len(c.split()) <= 3 and c[:1].isupper() and not c.endswith(".") for c in cells)


def signoff_outlet(line: str) -> str | None:
    """An outlet signing off the text: "Iraqi News Agency (INA)", "IRNA", "(Reuters)"."""
    s = line.strip()
    if s.startswith("(") and s.endswith(")"):
        s = s[1:-1]
    m = re.match(r"^(?P<name>[A-Z][\w&.' -]{1,60}?)\s*\((?P<abbr>[^()]{2,20})\)$", s)
    candidates = [m["abbr"], m["name"]] if m else [s]
    for c in candidates:
        known = outlets.by_abbreviation(c)
        if known:
            return known.name
    return None


# ── datelines ("TEHRAN (Tasnim) –", "Tehran (IP) -", "BAGHDAD, March 3 (Reuters) -") ─────────
_DATELINE = re.compile(
    r"^\s*(?P<place>[A-Z][A-Za-z'’.-]+(?:[ -][A-Z][A-Za-z'’.-]+){0,2})"
    r"(?:\s*,\s*(?P<date>[A-Z][a-z]{2,8}\.?\s+\d{1,2}(?:,\s*\d{4})?|\d{1,2}\s+[A-Z][a-z]{2,8}\.?(?:\s+\d{4})?))?"
    r"\s*(?:\((?P<outlet>[^()\n]{1,40})\))?"
    r"\s*(?P<dash>--|[-–—:])\s+")


@dataclass
class Dateline:
    place: str
    outlet: str | None  # the outlet's name when the abbreviation is known, else the abbreviation
    end: int  # where the body text starts after it


def dateline(paragraph: str, is_place) -> Dateline | None:
    """A dateline at the start of the first paragraph. `is_place(name)` says whether a name
    is a known city or country, which keeps "Iran - …" headlines and names from passing."""
    m = _DATELINE.match(paragraph)
    if not m:
        return None
    place, outlet_abbr = m["place"].strip(), m["outlet"]
    shouting = place.isupper() and len(place) > 2
    if not (shouting or outlet_abbr or is_place(place)):
        return None
    if m["dash"] == ":" and not (shouting or outlet_abbr):
        return None  # "Tehran: the talks…" is more often a headline than a dateline
    if not (shouting or is_place(place)):
        return None
    outlet = None
    if outlet_abbr:
        known = outlets.by_abbreviation(outlet_abbr)
        outlet = known.name if known else outlet_abbr.strip()
    return Dateline(place=place.title() if shouting else place, outlet=outlet, end=m.end())


# ── bylines and author bios ───────────────────────────────────────────────────────────────
_BY = re.compile(rf"^\s*(?:by|written by|reporting by|story by|words by)\s*:?\s+(?P<name>{PERSON})"
                 rf"(?:\s*(?:,|\||;|-|–|and)\s*.{{0,80}})?\s*$", re.I)
_AUTHOR_FIELD = re.compile(rf"^\s*(?:author|byline|posted by)\s*:\s*(?P<name>{PERSON})\s*$", re.I)
_REPEATED_NAME = re.compile(rf"^\s*(?P<name>{PERSON})\s*[-–—|]\s*(?P=name)\s*$")
_VIEW_ALL = re.compile(rf"^\s*(?:view|see) all (?:posts|articles|stories) by\s+(?P<name>{PERSON})\W*$", re.I)
_ABOUT = re.compile(rf"^\s*about (?:the author\s*:?\s*)?(?P<name>{PERSON})\s*$", re.I)
_ABOUT_AUTHOR = re.compile(r"^\s*about the author\s*:?\s*$", re.I)


def byline(line: str) -> str | None:
    """The author's name if the whole line is a byline."""
    for pattern in (_BY, _AUTHOR_FIELD, _REPEATED_NAME, _VIEW_ALL):
        m = pattern.match(line)
        if m and len(line) < 160:
            return _clean_name(m["name"])
    return None


def about_heading(line: str) -> str | None:
    """"About Jane Doe": the heading of an author bio. Returns the name ('' for "About the author")."""
    if _ABOUT_AUTHOR.match(line):
        return ""
    m = _ABOUT.match(line)
    return _clean_name(m["name"]) if m else None


def _clean_name(name: str) -> str:
    return re.sub(r"\s+", " ", name).strip(" .,-–")


# ── credits to an original source ("Original Source: en.mehrnews.com") ─────────────────────
_CREDIT = re.compile(
    r"^\s*(?:original(?:ly)?\s*(?:source|published\s+(?:by|at|on|in)|story|article)|source|via|courtesy(?: of)?|"
    r"this (?:article|story) (?:was )?(?:first|originally) (?:appeared|published) (?:on|in|by|at))"
    r"\s*[:\-–]?\s*(?P<value>[^\s].{0,100}?)\s*\.?$", re.I)


def credit(line: str) -> str | None:
    """The credited original outlet (as written: a domain or a name) if the line is a credit."""
    m = _CREDIT.match(line)
    if not m or len(line) > 140:
        return None
    value = m["value"].strip()
    if len(value.split()) > 8:
        return None
    return value


def outlet_from_url(url: str | None) -> str | None:
    if not url:
        return None
    known = outlets.by_domain(url)
    return known.name if known else outlets.domain_of(url) or None
