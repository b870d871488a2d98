"""Bytes → text, with a clear reason when the bytes are not text at all."""
from __future__ import annotations

import codecs
import logging

from charset_normalizer import from_bytes

log = logging.getLogger(__name__)


class NotTextError(ValueError):
    """Raised for input that holds no readable text (empty, binary)."""


_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
_MAGIC = {b"\x89PNG": "a PNG image", b"%PDF": "a PDF document", b"GIF8": "a GIF image", b"\xff\xd8\xff": "a JPEG image",
          b"PK\x03\x04": "a ZIP archive", b"\x7fELF": "an executable"}


def looks_binary(data: bytes) -> str | None:
    """Why these bytes are binary, or None. NUL bytes and control characters don't occur in text."""
    for magic, what in _MAGIC.items():
        if data.startswith(magic):
            return f"binary file ({what})"
    sample = data[:8192]
    if any(sample.startswith(bom) for bom, _ in _BOMS[1:]):
        return None  # UTF-16 legitimately has NUL bytes
    if b"\x00" in sample:
        return "binary file (contains NUL bytes)"
    controls = sum(1 for b in sample if b < 9 or 13 < b < 32)
    if sample and controls / len(sample) > 0.05:
        return "binary file (mostly control characters)"
    return None


def decode_bytes(data: bytes, declared: str | None = None, *, source: str = "input") -> tuple[str, str]:
    """(text, encoding). Tries the BOM, the declared charset, UTF-8, then charset detection.
    Undecodable bytes in otherwise-UTF-8 text become U+FFFD rather than losing the document;
    UTF-8 with whole lines in a single-byte encoding is read line by line, with a warning."""
    if not data.strip():
        raise NotTextError("empty file")
    why = looks_binary(data)
    if why:
        raise NotTextError(why)
    for bom, enc in _BOMS:
        if data.startswith(bom):
            return data.decode(enc, errors="replace"), enc
    if declared:
        try:
            return data.decode(declared), declared
        except (LookupError, UnicodeDecodeError):
            pass
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    lossy = data.decode("utf-8", errors="replace")
    broken = lossy.count("\ufffd")
    valid_multibyte = sum(1 for ch in lossy if ord(ch) > 0x7F and ch != "\ufffd")
    if valid_multibyte:
        # UTF-8 text (it has real multi-byte characters) with some bytes that are not UTF-8: pasted
        # from several sources. Each line is read as UTF-8 when it can be (a few broken bytes in it
        # become U+FFFD), else as cp1252, and the mixture is reported rather than stored silently.
        text, legacy = _mixed_lines(data)
        if legacy:
            log.warning("%s: mixed encodings: %d line(s) read as cp1252, the rest as UTF-8", source, legacy)
            return text, "utf-8 + cp1252 (mixed, by line)"
        if broken:
            log.warning("%s: %d bytes are not UTF-8 and were replaced", source, broken)
        return lossy, "utf-8 (with invalid bytes replaced)"
    # No valid multi-byte sequence at all: a legacy single-byte encoding. Western text in cp1252
    # has its accented letters one at a time ("José"); long runs of them mean another script
    # (cp1256 Arabic, cp1251 Cyrillic), which charset detection tells apart.
    western = data.decode("cp1252", errors="replace")
    if "\ufffd" not in western and _longest_non_ascii_run(western) <= 2:
        return western, "cp1252"
    best = from_bytes(data).best()
    if best is not None and best.encoding:
        if best.percent_chaos > 0.2:
            log.warning("%s: encoding uncertain, read as %s", source, best.encoding)
        return str(best), best.encoding
    log.warning("%s: encoding unknown, read as cp1252", source)
    return data.decode("cp1252", errors="replace"), "cp1252"


def _mixed_lines(data: bytes) -> tuple[str, int]:
    """(text, lines read as cp1252) for UTF-8 with some lines in a single-byte encoding."""
    out, legacy = [], 0
    for line in data.split(b"\n"):
        try:
            out.append(line.decode("utf-8"))
            continue
        except UnicodeDecodeError:
            pass
        lossy = line.decode("utf-8", errors="replace")
        if any(ord(ch) > 0x7F and ch != "\ufffd" for ch in lossy):
            out.append(lossy)  # a UTF-8 line with a few broken bytes
        else:
            out.append(line.decode("cp1252", errors="replace"))
            legacy += 1
    return "\n".join(out), legacy


def _longest_non_ascii_run(text: str) -> int:
    longest = run = 0
    for ch in text:
        run = run + 1 if ord(ch) > 0x7F and ch.isalpha() else 0
        longest = max(longest, run)
    return longest
