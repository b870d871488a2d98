"""Near-verbatim copies: MinHash signatures of word shingles, found through LSH.

An outlet that republishes an agency story changes a headline, adds its own header and
footer, or cuts the last paragraphs. Word 4-gram shingles survive all of that; MinHash
estimates the overlap of two shingle sets from 64 numbers each, and LSH (banding) finds the
articles worth comparing without looking at the others, so a lookup costs the same at 100
articles and at 100,000.

Consistency with the store: signatures live in ``article_minhash`` (written inside the
article's transaction). The in-memory index is a cache of that table, one per Store, that
catches up by rowid before each lookup and is rebuilt whole when rows it holds have gone
(a rolled-back transaction); a match is confirmed against the table before it is used, so
an entry from a transaction that never committed is never reported.
"""
from __future__ import annotations

import hashlib
import re
import weakref
import zlib
from dataclasses import dataclass
from typing import Iterable

import numpy as np
from datasketch import MinHash, MinHashLSH

from .story_features import fold

NUM_PERM = 64
BANDS, ROWS = 21, 3  # candidates from Jaccard ≈ 0.35 up: P(found | J=0.5) ≈ 0.94, J=0.6: 0.99
SHINGLE = 4  # words per shingle
SCHEME = "affine32"
# A copy: most shingles shared, or a shorter text almost wholly contained in the other
# (a cut-down republication), with enough overlap that chance cannot explain it.
COPY_JACCARD = 0.55
COPY_CONTAINMENT = 0.8
COPY_MIN_JACCARD = 0.3
BORDERLINE = (0.2, 0.75)  # estimates in this range are checked against the texts

_TOKEN = re.compile(r"\w+")
_PERMUTATIONS = MinHash(num_perm=NUM_PERM, seed=1, scheme=SCHEME).permutations


def _hash32(data: bytes) -> int:
    """CRC-32 of a shingle: stable across processes (signatures are stored) and fast."""
    return zlib.crc32(data)


def shingles(text: str, k: int = SHINGLE) -> set[bytes]:
    """Word k-grams of the normalised text; a very short text is one shingle."""
    words = _TOKEN.findall(fold(text).lower())
    if len(words) <= k:
        return {" ".join(words).encode("utf-8")} if words else set()
    return {" ".join(words[i:i + k]).encode("utf-8") for i in range(len(words) - k + 1)}


def minhash(shingle_set: Iterable[bytes]) -> MinHash:
    m = MinHash(num_perm=NUM_PERM, permutations=_PERMUTATIONS, scheme=SCHEME, hashfunc=_hash32)
    m.update_batch(list(shingle_set))
    return m


def shingle_hashes(shingle_set: Iterable[bytes]) -> np.ndarray:
    """Sorted 64-bit hashes of the shingles: what an exact check compares, stored beside the
    signature so that it reads 8 bytes a shingle instead of re-splitting the other text."""
    return np.unique(np.array([int.from_bytes(hashlib.blake2b(s, digest_size=8).digest(), "little")
                               for s in shingle_set], dtype=np.uint64))


@dataclass
class Signature:
    hashvalues: np.ndarray  # uint32[NUM_PERM]
    size: int  # number of shingles, for containment
    shingles: set[bytes] | None = None  # kept while linking, for exact checks; never stored
    hashes: np.ndarray | None = None  # shingle_hashes of those shingles, stored

    @classmethod
    def of(cls, text: str) -> "Signature":
        sh = shingles(text)
        return cls(minhash(sh).hashvalues.astype(np.uint32), len(sh), sh, shingle_hashes(sh))

    def to_bytes(self) -> bytes:
        return self.hashvalues.astype("<u4").tobytes()

    @classmethod
    def from_bytes(cls, blob: bytes, size: int | None) -> "Signature":
        return cls(np.frombuffer(blob, dtype="<u4").astype(np.uint32), int(size or 0))

    def as_minhash(self) -> MinHash:
        return MinHash(num_perm=NUM_PERM, hashvalues=self.hashvalues, permutations=_PERMUTATIONS, scheme=SCHEME)


def jaccard(a: np.ndarray, b: np.ndarray) -> float:
    return float(np.count_nonzero(a == b)) / len(a)


def containment(j: float, size_a: int, size_b: int) -> float:
    """Share of the smaller shingle set inside the larger, from Jaccard and the two sizes:
    |A∩B| = J·(|A|+|B|)/(1+J)."""
    small = min(size_a, size_b)
    if small <= 0:
        return 0.0
    return min(1.0, j * (size_a + size_b) / (1.0 + j) / small)


def is_copy(j: float, c: float) -> bool:
    return j >= COPY_JACCARD or (c >= COPY_CONTAINMENT and j >= COPY_MIN_JACCARD)


@dataclass
class Match:
    article_id: str
    jaccard: float
    containment: float

    @property
    def copy(self) -> bool:
        return is_copy(self.jaccard, self.containment)


class _Buckets:
    """One LSH band: bucket hash → index rows. Most rows sit in two sorted numpy arrays (12
    bytes a row, found by binary search); new rows wait in a dict that is merged in when it
    grows. datasketch's default (a set in a dict per bucket) costs ~100 bytes a row per band."""

    MERGE_AT = 8192

    def __init__(self) -> None:
        self._keys = np.empty(0, dtype=np.int64)
        self._rows = np.empty(0, dtype=np.int32)
        self._recent: dict[int, list[int]] = {}
        self._gone: set[tuple[int, int]] = set()  # (bucket, row) removed from the sorted part

    def insert(self, key, *vals, **_kw) -> None:
        self._recent.setdefault(key, []).extend(vals)
        for v in vals:
            self._gone.discard((key, v))
        if len(self._recent) >= self.MERGE_AT:
            self._merge()

    def _merge(self) -> None:
        keys = [k for k, rows in self._recent.items() for _ in rows]
        rows = [r for rs in self._recent.values() for r in rs]
        all_keys = np.concatenate([self._keys, np.array(keys, dtype=np.int64)])
        all_rows = np.concatenate([self._rows, np.array(rows, dtype=np.int32)])
        order = np.argsort(all_keys, kind="stable")
        self._keys, self._rows = all_keys[order], all_rows[order]
        self._recent = {}

    def get(self, key) -> set:
        lo, hi = np.searchsorted(self._keys, key, "left"), np.searchsorted(self._keys, key, "right")
        found = set(self._rows[lo:hi].tolist())
        if self._gone:
            found = {r for r in found if (key, r) not in self._gone}
        found.update(self._recent.get(key, ()))
        return found

    def remove_val(self, key, val, **_kw) -> None:
        recent = self._recent.get(key)
        if recent and val in recent:
            recent.remove(val)
            if not recent:
                del self._recent[key]
        else:
            self._gone.add((key, val))

    def remove(self, *keys, **_kw) -> None:
        pass  # a bucket with no rows left simply finds nothing

    def size(self) -> int:
        return len(self._keys) + sum(map(len, self._recent.values())) - len(self._gone)

    def itemcounts(self, **_kw) -> dict:
        counts: dict = {}
        for k in self._keys.tolist():
            counts[k] = counts.get(k, 0) + 1
        for k, rows in self._recent.items():
            counts[k] = counts.get(k, 0) + len(rows)
        return counts


class _RowKeys:
    """Stands in for datasketch's per-key list of band hashes (≈0.9 KB an article): the index
    keeps every signature anyway, so the band hashes of a row are recomputed when removing it."""

    def __init__(self, index: "CopyIndex") -> None:
        self._index = index

    def insert(self, key, *hashes, **_kw) -> None:
        pass

    def __contains__(self, key) -> bool:
        return isinstance(key, int) and 0 <= key < len(self._index.ids)

    def __getitem__(self, key) -> list:
        lsh, sig = self._index.lsh, self._index._sigs[key]
        return [lsh._H(sig[start:end]) for start, end in lsh.hashranges]

    def remove(self, *keys, **_kw) -> None:
        pass

    def size(self) -> int:
        return len(self._index.ids)


def _band_key(data: bytes) -> int:
    return hash(data)  # in-memory only, so the per-process hash seed does not matter


class CopyIndex:
    """MinHash LSH over every stored signature, with the signatures themselves in memory
    (64 × 4 bytes an article) so candidates are checked without touching the database."""

    def __init__(self) -> None:
        self.lsh = MinHashLSH(num_perm=NUM_PERM, params=(BANDS, ROWS), hashfunc=_band_key)
        self.lsh.hashtables = [_Buckets() for _ in range(BANDS)]
        self.lsh.keys = _RowKeys(self)
        self.ids: list[str] = []
        self.row_of: dict[str, int] = {}
        self.sizes: list[int] = []
        self._sigs = np.zeros((1024, NUM_PERM), dtype=np.uint32)
        self.watermark = 0  # highest article_minhash rowid loaded

    def __len__(self) -> int:
        return len(self.ids)

    def add(self, article_id: str, sig: Signature) -> None:
        row = self.row_of.get(article_id)
        if row is not None:  # the same id again (a re-link): replace its entry
            self.lsh.remove(row)
        else:
            row = len(self.ids)
            self.ids.append(article_id)
            self.sizes.append(sig.size)
            self.row_of[article_id] = row
            if row >= len(self._sigs):
                self._sigs = np.concatenate([self._sigs, np.zeros_like(self._sigs)])
        self._sigs[row] = sig.hashvalues
        self.sizes[row] = sig.size
        self.lsh.insert(row, sig.as_minhash(), check_duplication=False)

    def matches(self, sig: Signature, *, exclude: str | None = None) -> list[Match]:
        """Every indexed article sharing an LSH band, with its estimated Jaccard and containment."""
        rows = self.lsh.query(sig.as_minhash())
        out = []
        for row in rows:
            if self.ids[row] == exclude:
                continue
            j = jaccard(self._sigs[row], sig.hashvalues)
            out.append(Match(self.ids[row], j, containment(j, self.sizes[row], sig.size)))
        out.sort(key=lambda m: (-m.jaccard, self.row_of[m.article_id]))
        return out

    # ── keeping up with the store ───────────────────────────────────────────────────────
    def sync(self, store) -> "CopyIndex":
        top = store.minhash_watermark()
        if top < self.watermark:
            # Rows we loaded are gone (a rollback, a rebuild): start again from the table.
            fresh = CopyIndex()
            self.__dict__.update(fresh.__dict__)
        for rowid, article_id, blob, size in store.iter_minhashes(after=self.watermark):
            self.add(article_id, Signature.from_bytes(blob, size))
            self.watermark = rowid
        return self


_INDEXES: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()


def index_for(store) -> CopyIndex:
    """The store's copy index, loaded from ``article_minhash`` on first use and kept in step."""
    index = _INDEXES.get(store)
    if index is None:
        index = _INDEXES[store] = CopyIndex()
    return index.sync(store)


def forget_index(store) -> None:
    _INDEXES.pop(store, None)


def exact(store, sig: Signature, matches: list[Match]) -> list[Match]:
    """Borderline estimates recomputed from the shingles: 64 hash values estimate Jaccard within
    about ±0.06, which near the copy threshold is the difference between copy and not. The other
    article's shingles are its stored hashes (one read, however long its text), else its text."""
    borderline = [m.article_id for m in matches if BORDERLINE[0] <= m.jaccard < BORDERLINE[1]]
    stored = store.shingle_hashes(borderline) if sig.shingles is not None and borderline else {}
    out = []
    for m in matches:
        if sig.shingles is not None and BORDERLINE[0] <= m.jaccard < BORDERLINE[1]:
            if m.article_id in stored and sig.hashes is not None:
                theirs = np.frombuffer(stored[m.article_id], dtype="<u8")
                inter = len(np.intersect1d(sig.hashes, theirs, assume_unique=True))
                mine, size = len(sig.hashes), len(theirs)
            else:
                other = store.article(m.article_id)
                if other is None:
                    out.append(m)
                    continue
                text_shingles = shingles(other.text)
                inter, mine, size = len(sig.shingles & text_shingles), len(sig.shingles), len(text_shingles)
            union = mine + size - inter or 1
            m = Match(m.article_id, inter / union, inter / (min(size, sig.size) or 1))
        out.append(m)
    out.sort(key=lambda m: -m.jaccard)
    return out


def confirmed(store, matches: list[Match]) -> list[Match]:
    """Only matches whose signature row exists: an entry added by a transaction that was
    rolled back stays in memory until the next rebuild, but is never used."""
    if not matches:
        return matches
    present = store.minhash_ids([m.article_id for m in matches])
    return [m for m in matches if m.article_id in present]
