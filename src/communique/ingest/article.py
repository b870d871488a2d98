"""RawDocument → Article: decode, extract the main text, clean it, and settle the metadata.

Metadata precedence: what the input gave explicitly (JSONL fields, feed entries) wins over
what the page declares (HTML metadata), which wins over what the text itself carries
(header fields, datelines, bylines).
"""
from __future__ import annotations

import hashlib
import re

from ..models import Article, IngestFailure, RawDocument
from . import metadata as meta
from .decode import NotTextError, decode_bytes
from .text import clean_text

MIN_BODY_CHARS = 40


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
        text = doc.data if isinstance(doc.data, str) else decode_bytes(doc.data)[0]
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
    cleaned = clean_text(text, title=doc.title or page.get("title"))
    body = cleaned.text
    if len(body) < MIN_BODY_CHARS:
        why = "no body text" if not body else f"too little body text ({len(body)} characters)"
        return IngestFailure(doc.source, why)
    url = doc.url or page.get("url") or cleaned.url
    published = meta.parse_date(doc.published or "") or page.get("published") or cleaned.published
    outlet = doc.outlet or page.get("outlet") or cleaned.outlet or meta.outlet_from_url(url)
    digest = content_hash(body)
    return Article(
        id=digest[:16], source=doc.source, text=body, url=url, outlet=outlet,
        title=doc.title or page.get("title") or cleaned.title,
        author=doc.author or page.get("author") or cleaned.author,
        published=published, dateline=cleaned.dateline, original_source=cleaned.original_source,
        content_hash=digest)
