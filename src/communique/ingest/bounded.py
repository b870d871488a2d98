"""Reading bytes with a ceiling: regular files only, and decompression that stops at the limit.

A gzip bomb (a few MB that inflate to gigabytes), /dev/zero behind a symlink or a FIFO that
never ends cost at most `limit + 1` bytes and one clear reason, never the memory or the run.
"""
from __future__ import annotations

import os
import stat
import zlib
from pathlib import Path
from typing import Iterable

CHUNK = 1 << 16


class TooLarge(ValueError):
    """More bytes than one input may have; the message is the one-line reason."""


def _mb(n: int) -> str:
    return f"{n / 1_000_000:g} MB"


_KINDS = ((stat.S_ISDIR, "a directory"), (stat.S_ISFIFO, "a FIFO"), (stat.S_ISCHR, "a character device"),
          (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket"))


def read_regular_file(path: Path, limit: int) -> bytes:
    """The file's bytes, or ValueError when it is not a regular file or holds more than `limit`.
    Opened non-blocking so that a FIFO cannot hang the run, and checked on the open handle so
    that swapping the file after a check changes nothing."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            what = next((name for test, name in _KINDS if test(mode)), "not a file")
            raise ValueError(f"not a regular file ({what})")
        size = os.fstat(fd).st_size
        if size > limit:
            raise TooLarge(f"file too large for one article ({_mb(size)}; limit {_mb(limit)})")
        with os.fdopen(fd, "rb", closefd=True) as fh:
            fd = -1
            data = fh.read(limit + 1)
    finally:
        if fd >= 0:
            os.close(fd)
    if len(data) > limit:
        raise TooLarge(f"file too large for one article (over {_mb(limit)})")
    return data


def inflate(chunks: Iterable[bytes], limit: int, *, wbits: int = 16 + zlib.MAX_WBITS, what: str = "gzip") -> bytes:
    """Decompress a stream of gzip (or zlib, with wbits) chunks, never holding more than
    `limit` + one chunk of output; TooLarge past the limit, ValueError when the data is not
    compressed as claimed. Concatenated gzip members are all read, as gzip does."""
    out = bytearray()
    d = zlib.decompressobj(wbits)
    try:
        for chunk in chunks:
            while chunk and not (d.eof and wbits <= 16):
                out += d.decompress(chunk, limit + 1 - len(out))
                if len(out) > limit:
                    raise TooLarge(f"decompresses to more than {_mb(limit)} (a compression bomb?)")
                chunk = d.unconsumed_tail
                if d.eof and d.unused_data and wbits > 16:
                    if not d.unused_data.startswith(b"\x1f\x8b"):
                        break  # trailing bytes after the last member: ignored, as gzip does
                    chunk, d = d.unused_data, zlib.decompressobj(wbits)  # the next member
    except zlib.error as exc:
        raise ValueError(f"not a readable {what} file ({exc})") from exc
    if not d.eof:
        raise ValueError(f"not a readable {what} file (truncated)")
    return bytes(out)


def chunks_of(data: bytes, size: int = CHUNK) -> Iterable[bytes]:
    for i in range(0, len(data), size):
        yield data[i:i + size]
