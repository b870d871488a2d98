"""Where documents come from: files, directories, JSON Lines records, URLs and RSS/Atom feeds.

`iter_documents` turns what the user named into a stream of RawDocument (or IngestFailure,
with a one-line reason) without reading a whole directory into memory first.
"""
from __future__ import annotations

import json
import logging
import os
import re
import time
from pathlib import Path
from typing import Iterable, Iterator

from ..models import IngestFailure, RawDocument
from . import limits as _limits
from .bounded import chunks_of, inflate, read_regular_file
from .fetch import USER_AGENT, FetchRefused  # noqa: F401  (USER_AGENT re-exported)
from .fetch import fetch_url as _guarded_fetch

log = logging.getLogger(__name__)

TEXT_EXT = (".txt", ".text")
HTML_EXT = (".html", ".htm", ".xhtml")
JSONL_EXT = (".jsonl", ".ndjson")
FEED_EXT = (".xml", ".rss", ".atom")
SUPPORTED = TEXT_EXT + HTML_EXT + JSONL_EXT + FEED_EXT
# Content types that are never an article, whatever the bytes look like.
_NOT_ARTICLES = ("application/json", "application/pdf", "application/zip",
                 "image/", "audio/", "video/", "font/", "application/javascript", "text/javascript", "text/css")

Item = RawDocument | IngestFailure


def is_url(s: str) -> bool:
    return bool(re.match(r"^https?://", s, re.I))


def _suffix(path: Path) -> str:
    name = path.name.lower()
    return name[:-3] if name.endswith(".gz") else name


def kind_for(path: Path) -> str | None:
    name = _suffix(path)
    for kind, exts in (("text", TEXT_EXT), ("html", HTML_EXT), ("jsonl", JSONL_EXT), ("feed", FEED_EXT)):
        if name.endswith(exts):
            return kind
    return None


def count_inputs(inputs: Iterable[str]) -> int:
    """How many files a run will read (URLs and feeds count once); for the progress bar."""
    total = 0
    for item in inputs:
        p = Path(item)
        if not is_url(item) and p.is_dir():
            total += sum(1 for f in walk_inputs(p))
        else:
            total += 1
    return total


def walk_inputs(root: Path, errors: list[IngestFailure] | None = None) -> Iterator[Path]:
    """Supported files under `root`, in order. A folder that cannot be listed is appended to
    `errors` (when given) with the reason, never skipped silently."""
    def unreadable(exc: OSError) -> None:
        if errors is not None:
            errors.append(IngestFailure(exc.filename or str(root), f"cannot read folder ({exc.strerror})"))

    for dirpath, dirnames, filenames in os.walk(root, onerror=unreadable):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            if not name.startswith(".") and kind_for(Path(name)):
                yield Path(dirpath) / name


def iter_documents(inputs: Iterable[str], *, fetch=None) -> Iterator[Item]:
    """Every document in the named files, directories, URLs and feeds, in order.
    `fetch(url) -> (bytes, content_type)` is injectable so tests and callers control the network."""
    fetch = fetch or fetch_url
    for item in inputs:
        if is_url(item):
            yield from _guarded(item, _from_url(item, fetch))
            continue
        path = Path(item)
        if path.is_dir():
            errors: list[IngestFailure] = []
            for f in walk_inputs(path, errors):
                yield from errors
                errors.clear()
                yield from _guarded(str(f), _from_file(f, fetch))
            yield from errors
        elif path.exists() or path.is_symlink():
            yield from _guarded(item, _from_file(path, fetch))
        else:
            yield IngestFailure(item, "no such file or directory")


def _guarded(source: str, items: Iterator[Item]) -> Iterator[Item]:
    """The items of one input; anything that goes wrong inside it ends that input with a
    one-line failure, and the run moves on to the next."""
    try:
        yield from items
    except Exception as exc:  # noqa: BLE001 - one bad input must not end the run
        yield IngestFailure(source, one_line(exc))


def one_line(exc: BaseException) -> str:
    """An exception as a one-line reason: its message, else its type, at most 300 characters."""
    text = " ".join(str(exc).split()) or type(exc).__name__
    return text if len(text) <= 300 else text[:297] + "..."


def _read(path: Path) -> bytes:
    limit = _limits.current().max_bytes
    data = read_regular_file(path, limit)
    if path.name.lower().endswith(".gz"):
        data = inflate(chunks_of(data), limit)
    return data


def _from_file(path: Path, fetch) -> Iterator[Item]:
    source = str(path)
    try:
        data = _read(path)
    except (OSError, ValueError) as exc:
        yield IngestFailure(source, str(exc) if isinstance(exc, ValueError) else f"cannot read file ({exc.strerror})")
        return
    kind = kind_for(path) or _sniff(data)
    if kind == "jsonl":
        yield from jsonl_records(source, data)
    elif kind == "feed":
        yield from _from_feed(source, data, fetch)
    else:
        if kind == "text" and _sniff(data) == "html":
            kind = "html"  # a page saved as .txt
        yield RawDocument(source=source, data=data, kind=kind)


def _sniff(data: bytes) -> str:
    head = data[:2048].lstrip().lower()
    if head.startswith(b"<?xml") and (b"<rss" in head or b"<feed" in head or b"<rdf:rdf" in head):
        return "feed"
    if head.startswith((b"<rss", b"<feed")):
        return "feed"
    if head.startswith((b"<!doctype html", b"<html")) or b"<body" in head or b"<head" in head:
        return "html"
    return "text"


def jsonl_records(source: str, data: bytes) -> Iterator[Item]:
    """Each line of a JSON Lines file as a RawDocument, or an IngestFailure naming the line."""
    text = data.decode("utf-8", errors="replace")
    for lineno, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        where = f"{source}:{lineno}"
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            yield IngestFailure(where, f"malformed JSON line ({exc.msg} at column {exc.colno})")
            continue
        if not isinstance(record, dict):
            yield IngestFailure(where, "JSON line is not an object")
            continue
        body, kind = record.get("text"), "text"
        if not body and record.get("html"):
            body, kind = record["html"], "html"
        if not isinstance(body, str) or not body.strip():
            yield IngestFailure(where, "record has no 'text' or 'html'")
            continue
        rid = record.get("id")
        yield RawDocument(source=str(rid) if rid not in (None, "") else where, data=body, kind=kind,
                          url=record.get("url"), published=_str(record.get("published")),
                          outlet=_str(record.get("outlet")), title=_str(record.get("title")),
                          author=_str(record.get("author")))


def _str(v) -> str | None:
    return str(v).strip() or None if v is not None else None


def _from_feed(source: str, data: bytes, fetch) -> Iterator[Item]:
    import feedparser

    if _sniff(data) != "feed":
        root = re.search(rb"<([A-Za-z][\w:.-]*)", re.sub(rb"<\?.*?\?>|<!--.*?-->|<!DOCTYPE[^>]*>", b"", data[:4096], flags=re.S))
        name = root.group(1).decode("ascii", "replace") if root else "none"
        yield IngestFailure(source, f"not an RSS/Atom feed (root element <{name}>)")
        return
    feed = feedparser.parse(data)
    if not feed.entries:
        reason = "not an RSS/Atom feed" if feed.bozo else "feed has no entries"
        yield IngestFailure(source, reason)
        return
    limits = _limits.current()
    cap = limits.max_feed_entries
    if len(feed.entries) > cap:
        yield IngestFailure(source, f"feed has {len(feed.entries)} entries; only the first {cap} were read")
    end = time.monotonic() + limits.feed_deadline
    for n, entry in enumerate(feed.entries[:cap]):
        if time.monotonic() > end:
            yield IngestFailure(source, f"feed took longer than {limits.feed_deadline:g} s; "
                                        f"{min(cap, len(feed.entries)) - n} entries not read")
            return
        link = entry.get("link")
        published = None
        if entry.get("published_parsed") or entry.get("updated_parsed"):
            t = entry.get("published_parsed") or entry.get("updated_parsed")
            published = f"{t.tm_year:04d}-{t.tm_mon:02d}-{t.tm_mday:02d}"
        summary = (entry.get("content") or [{}])[0].get("value") or entry.get("summary")
        if link:
            fetched = list(_from_url(link, fetch))
            if fetched and isinstance(fetched[0], RawDocument):
                for doc in fetched:
                    if isinstance(doc, RawDocument):
                        doc.published = doc.published or published
                        doc.title = doc.title or entry.get("title")
                    yield doc
                continue
            if not summary:
                yield from fetched
                continue
        if summary:
            # Descriptions are HTML or plain text; plain text read as HTML would lose its lines.
            kind = "html" if re.search(r"<[A-Za-z!/]", summary) else "text"
            yield RawDocument(source=link or f"{source}#{entry.get('id', '')}", data=summary, kind=kind, url=link,
                              published=published, title=entry.get("title"))
        else:
            yield IngestFailure(f"{source}#{entry.get('title', '?')}", "feed entry has no link and no content")


def fetch_url(url: str) -> tuple[bytes, str]:
    """The default fetcher: bounded, deadline-limited and refusing non-public addresses (fetch.py)."""
    return _guarded_fetch(url)


def _from_url(url: str, fetch) -> Iterator[Item]:
    import httpx

    try:
        data, content_type = fetch(url)
    except httpx.HTTPStatusError as exc:
        yield IngestFailure(url, f"HTTP {exc.response.status_code} from server")
        return
    except (httpx.TimeoutException, httpx.NetworkError) as exc:
        # No errno or "refused"/"timed out": which ports answer is not ours to tell.
        yield IngestFailure(url, f"cannot reach URL ({'timed out' if isinstance(exc, httpx.TimeoutException) and not isinstance(exc, httpx.ConnectTimeout) else 'no connection'})")
        return
    except (httpx.HTTPError, httpx.InvalidURL) as exc:
        yield IngestFailure(url, f"cannot fetch URL ({type(exc).__name__}: {one_line(exc)})")
        return
    except (FetchRefused, ValueError) as exc:  # policy, limits, bad compression
        yield IngestFailure(url, one_line(exc))
        return
    ct = content_type.lower()
    main_type = ct.split(";")[0].strip()
    if main_type and main_type.startswith(_NOT_ARTICLES):
        yield IngestFailure(url, f"not an article (content type {main_type})")
        return
    if "xml" in ct or "rss" in ct or "atom" in ct or _sniff(data) == "feed":
        if _sniff(data) == "feed":
            yield from _from_feed(url, data, fetch)
            return
    if url.lower().split("?")[0].endswith(".gz") and data.startswith(b"\x1f\x8b"):
        data = inflate(chunks_of(data), _limits.current().max_bytes)
    kind = "html" if "html" in ct or _sniff(data) == "html" else "text"
    yield RawDocument(source=url, data=data, kind=kind, url=url)
