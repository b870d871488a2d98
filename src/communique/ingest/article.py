"""RawDocument → Article: decode, extract the main text, clean it, and settle the metadata.

Metadata precedence: what the input gave explicitly (JSONL fields, feed entries) wins over
what the page declares (HTML metadata), which wins over what the text itself carries
(header fields, datelines, bylines).
"""
from __future__ import annotations

import hashlib
import logging
import re

from ..models import Article, IngestFailure, RawDocument
from . import limits
from . import metadata as meta
from .decode import NotTextError, decode_bytes
from .text import clean_text

MIN_BODY_CHARS = 40
EARLIEST_YEAR, LATEST_YEAR = 1800, 2100  # a publication date outside these is a typo or an attack
# Control characters other than tab and newlines: NUL breaks PostgreSQL, ESC drives terminals.
_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")
log = logging.getLogger(__name__)


def strip_controls(value: str | None) -> str | None:
    """Text without control characters (form feed and vertical tab become line breaks)."""
    if value is None:
        return None
    return _CONTROLS.sub("", value.replace("\x0c", "\n"))


def sane_date(value: str | None, source: str) -> str | None:
    """A YYYY-MM-DD date within EARLIEST_YEAR..LATEST_YEAR; others are dropped with a warning."""
    if not value:
        return None
    m = re.match(r"(\d{4})-\d{2}-\d{2}$", value)
    if not m or not EARLIEST_YEAR <= int(m[1]) <= LATEST_YEAR:
        log.warning("%s: publication date %r ignored (outside %d-%d)", source, value, EARLIEST_YEAR, LATEST_YEAR)
        return None
    return value


def cap_text(body: str, source: str, limit: int) -> str:
    """At most `limit` characters, cut at the last paragraph or sentence end before it, with a
    warning: a text that long is not one news report, and analysing it whole is unbounded work."""
    if len(body) <= limit:
        return body
    head = body[:limit]
    cut = max(head.rfind("\n\n"), head.rfind(". "))
    if cut > limit // 2:
        head = head[:cut + 1]
    log.warning("%s: text of %d characters cut to %d (limit max_text_chars=%d)", source, len(body), len(head), limit)
    return head.rstrip()


def content_hash(text: str) -> str:
    """The identity of an article: its body text, ignoring case, spacing and punctuation.
    The same text under another file name or URL is the same article."""
    words = re.findall(r"\w+", text.lower())
    return hashlib.sha256(" ".join(words).encode("utf-8")).hexdigest()


def raw_hash(doc: RawDocument) -> str:
    data = doc.data.encode("utf-8") if isinstance(doc.data, str) else doc.data
    extra = "\x1f".join(str(x) for x in (doc.published, doc.outlet, doc.title, doc.author, doc.url))
    return hashlib.sha256(data + extra.encode("utf-8")).hexdigest()


def to_article(doc: RawDocument) -> Article | IngestFailure:
    try:
        if doc.kind == "html":
            return _from_html(doc)
        text = doc.data if isinstance(doc.data, str) else decode_bytes(doc.data, source=doc.source)[0]
        return _finish(doc, text, {})
    except NotTextError as exc:
        return IngestFailure(doc.source, str(exc))
    except ValueError as exc:  # HtmlExtractionError is a ValueError with a one-line reason
        return IngestFailure(doc.source, str(exc))


def _from_html(doc: RawDocument) -> Article | IngestFailure:
    from .html import extract_html

    data = doc.data
    if isinstance(data, bytes):
        if not data.strip():
            raise NotTextError("empty file")
    elif not data.strip():
        raise NotTextError("empty record")
    page = extract_html(data, url=doc.url)
    found = {"title": page.title, "author": page.author, "published": page.published,
             "outlet": page.site_name, "url": page.url}
    return _finish(doc, page.text, found)


def _finish(doc: RawDocument, text: str, page: dict) -> Article | IngestFailure:
    page = {k: strip_controls(v) for k, v in page.items()}
    title = strip_controls(doc.title) or page.get("title")
    cleaned = clean_text(strip_controls(text), title=title)
    body = cap_text(cleaned.text, doc.source, limits.current().max_text_chars)
    if len(body) < MIN_BODY_CHARS:
        why = "no body text" if not body else f"too little body text ({len(body)} characters)"
        return IngestFailure(doc.source, why)
    url = strip_controls(doc.url) or page.get("url") or cleaned.url
    published = sane_date(meta.parse_date(doc.published or "") or page.get("published") or cleaned.published,
                          doc.source)
    outlet = strip_controls(doc.outlet) or page.get("outlet") or cleaned.outlet or meta.outlet_from_url(url)
    digest = content_hash(body)
    return Article(
        id=digest[:16], source=doc.source, text=body, url=url, outlet=outlet,
        title=title or cleaned.title,
        author=strip_controls(doc.author) or page.get("author") or cleaned.author,
        published=published, dateline=cleaned.dateline, original_source=cleaned.original_source,
        content_hash=digest)
