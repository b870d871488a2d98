"""Bytes → text, with a clear reason when the bytes are not text at all."""
from __future__ import annotations

import codecs

from charset_normalizer import from_bytes


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


def decode_bytes(data: bytes, declared: str | None = None) -> tuple[str, str]:
    """(text, encoding). Tries the BOM, the declared charset, UTF-8, then charset detection.
    Undecodable bytes in otherwise-UTF-8 text become U+FFFD rather than losing the document."""
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
    if valid_multibyte and broken / max(len(lossy), 1) < 0.01:
        # UTF-8 text (it has real multi-byte characters) with a few broken bytes: keep it, mark the damage.
        return lossy, "utf-8 (with invalid bytes replaced)"
    # No valid multi-byte sequence at all: a legacy single-byte encoding. Western text in cp1252
    # has its accented letters one at a time ("José"); long runs of them mean another script
    # (cp1256 Arabic, cp1251 Cyrillic), which charset detection tells apart.
    western = data.decode("cp1252", errors="replace")
    if "\ufffd" not in western and _longest_non_ascii_run(western) <= 2:
        return western, "cp1252"
    best = from_bytes(data).best()
    if best is not None and best.encoding:
        return str(best), best.encoding
    return data.decode("cp1252", errors="replace"), "cp1252"


def _longest_non_ascii_run(text: str) -> int:
    longest = run = 0
    for ch in text:
        run = run + 1 if ord(ch) > 0x7F and ch.isalpha() else 0
        longest = max(longest, run)
    return longest
