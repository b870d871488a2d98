"""What the driver reads: the same stream of documents as `communique ingest`, in the same
order, plus JSON Lines files too large for one read, streamed line by line.

Files that `ingest` accepts go through `iter_documents` itself, so sources, failures and
their reasons cannot drift apart. Only a JSON Lines file over the one-article size limit
(which `ingest` refuses whole) is read here, one line at a time, with each record handed to
the same record reader and its line number put back.
"""
from __future__ import annotations

import gzip
import zlib
from pathlib import Path
from typing import Iterable, Iterator

from ..ingest import limits, sources
from ..models import IngestFailure, RawDocument

Item = RawDocument | IngestFailure
_HERE = "\x00"  # stands for "this line" while a record is read; no real record id holds a NUL


def iter_items(inputs: Iterable[str], *, fetch=None) -> Iterator[Item]:
    """Every document named by `inputs`, in `ingest` order, without loading whole folders or
    large JSON Lines files into memory."""
    for item in inputs:
        path = Path(item)
        if sources.is_url(item) or not path.exists():
            yield from sources.iter_documents([item], fetch=fetch)  # URLs, feeds, missing paths
            continue
        files = sources.walk_inputs(path) if path.is_dir() else [path]
        for f in files:
            if is_large_jsonl(f):
                yield from stream_jsonl(f)
            else:
                yield from sources.iter_documents([str(f)], fetch=fetch)


def is_large_jsonl(path: Path) -> bool:
    try:
        return sources.kind_for(path) == "jsonl" and path.stat().st_size > limits.current().max_bytes
    except OSError:
        return False  # unreadable: let the shared reader say why


def stream_jsonl(path: Path) -> Iterator[Item]:
    """Records of a JSON Lines file (optionally gzipped), one line in memory at a time.

    Line numbers count what `str.splitlines` counts, as `ingest` does on the whole text, so a
    record without an id gets the same `FILE:LINE` source either way."""
    opener = gzip.open if path.name.lower().endswith(".gz") else open
    lineno = 0
    try:
        with opener(path, "rb") as fh:
            for raw in fh:
                # A newline byte never sits inside a multi-byte UTF-8 sequence, so decoding
                # line by line gives the same text as decoding the whole file.
                for line in raw.decode("utf-8", errors="replace").splitlines():
                    lineno += 1
                    if not line.strip():
                        continue
                    where = f"{path}:{lineno}"
                    for rec in sources.jsonl_records(_HERE, line.encode("utf-8")):
                        if rec.source == f"{_HERE}:1":
                            rec.source = where
                        yield rec
    except (OSError, EOFError, zlib.error) as exc:  # a truncated or corrupt gzip stream, a vanished file
        yield IngestFailure(f"{path}:{lineno + 1}" if lineno else str(path), f"stopped reading the file ({type(exc).__name__}: {exc})")
