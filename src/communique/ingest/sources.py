"""Where documents come from: files, directories, JSON Lines records, URLs and RSS/Atom feeds.

`iter_documents` turns what the user named into a stream of RawDocument (or IngestFailure,
with a one-line reason) without reading a whole directory into memory first.
"""
from __future__ import annotations

import gzip
import json
import os
import re
from pathlib import Path
from typing import Iterable, Iterator

from ..models import IngestFailure, RawDocument

TEXT_EXT = (".txt", ".text")
HTML_EXT = (".html", ".htm", ".xhtml")
JSONL_EXT = (".jsonl", ".ndjson")
FEED_EXT = (".xml", ".rss", ".atom")
SUPPORTED = TEXT_EXT + HTML_EXT + JSONL_EXT + FEED_EXT
USER_AGENT = "Communique/0.1 (+news event coding; offline-first)"
MAX_BYTES = 20_000_000  # a news page or a report; anything larger is not one article

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


def walk_inputs(root: Path) -> Iterator[Path]:
    for dirpath, dirnames, filenames in os.walk(root):
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
            yield from _from_url(item, fetch)
            continue
        path = Path(item)
        if path.is_dir():
            for f in walk_inputs(path):
                yield from _from_file(f, fetch)
        elif path.exists():
            yield from _from_file(path, fetch)
        else:
            yield IngestFailure(item, "no such file or directory")


def _read(path: Path) -> bytes:
    size = path.stat().st_size
    if size > MAX_BYTES:
        raise ValueError(f"file too large for one article ({size // 1_000_000} MB)")
    data = path.read_bytes()
    if path.name.lower().endswith(".gz"):
        try:
            data = gzip.decompress(data)
        except (OSError, EOFError) as exc:
            raise ValueError(f"not a readable gzip file ({exc})") from exc
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
    for entry in feed.entries:
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
            yield RawDocument(source=link or f"{source}#{entry.get('id', '')}", data=summary, kind="html", url=link,
                              published=published, title=entry.get("title"))
        else:
            yield IngestFailure(f"{source}#{entry.get('title', '?')}", "feed entry has no link and no content")


def fetch_url(url: str) -> tuple[bytes, str]:
    import httpx

    with httpx.Client(follow_redirects=True, timeout=20.0, headers={"User-Agent": USER_AGENT}) as client:
        response = client.get(url)
        response.raise_for_status()
        return response.content[:MAX_BYTES], response.headers.get("content-type", "")


def _from_url(url: str, fetch) -> Iterator[Item]:
    import httpx

    try:
        data, content_type = fetch(url)
    except httpx.HTTPStatusError as exc:
        yield IngestFailure(url, f"HTTP {exc.response.status_code} from server")
        return
    except httpx.HTTPError as exc:
        yield IngestFailure(url, f"cannot reach URL ({type(exc).__name__}: {exc})")
        return
    ct = content_type.lower()
    if "xml" in ct or "rss" in ct or "atom" in ct or _sniff(data) == "feed":
        if _sniff(data) == "feed":
            yield from _from_feed(url, data, fetch)
            return
    if url.lower().split("?")[0].endswith(".gz"):
        try:
            data = gzip.decompress(data)
        except OSError:
            pass
    kind = "html" if "html" in ct or _sniff(data) == "html" else "text"
    yield RawDocument(source=url, data=data, kind=kind, url=url)
