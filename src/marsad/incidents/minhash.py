"""MinHash sketches of normalised text, for near-copies (syndication) across documents.

One-permutation hashing: every character shingle is hashed once (CRC-32 of its UTF-8 bytes, stable
across processes, unlike ``hash``) and falls into one of ``bins`` bins by its hash; the sketch keeps
the smallest hash per bin. Two sketches agree in a bin with probability equal to the Jaccard
similarity of the shingle sets, so the share of agreeing bins (among bins filled in both) estimates
it. One hash per shingle instead of one per shingle and permutation keeps a 3 KB article under a
millisecond. ``bands`` groups bins for locality-sensitive hashing: two texts whose sketches agree on
every bin of any band become candidates without comparing all pairs.
"""

from __future__ import annotations

import re
import zlib
from dataclasses import dataclass
from operator import eq

from marsad.arabic.normalize import fold

EMPTY = 0xFFFFFFFF + 1  # larger than any CRC-32: marks a bin no shingle fell into


@dataclass(frozen=True, slots=True)
class MinHasher:
    """Sketches text; ``shingle`` characters per shingle, ``bins`` bins, ``band`` bins per LSH band,
    the first ``limit`` characters of the flattened text."""

    shingle: int = 5
    bins: int = 64
    band: int = 4
    limit: int = 2000
    _words: re.Pattern[str] = re.compile(r"[^\W_]+")

    def sketch(self, text: str) -> tuple[int, ...]:
        # Punctuation, digits' formatting and whitespace runs differ between copies of one report.
        # Copies share their opening; the first ``limit`` characters keep the cost per document flat.
        flat = " ".join(self._words.findall(fold(text[: self.limit * 2])))[: self.limit]
        k, n = self.shingle, self.bins
        crc = zlib.crc32
        hashes = sorted({crc(flat[i:i + k].encode("utf-8")) for i in range(max(1, len(flat) - k + 1))},
                        reverse=True)
        # Walking from the largest hash down, the last one written to a bin is its smallest.
        smallest = {h % n: h for h in hashes}
        return tuple(smallest.get(b, EMPTY) for b in range(n))

    @staticmethod
    def similarity(a: tuple[int, ...], b: tuple[int, ...]) -> float:
        """Estimated Jaccard similarity of the shingle sets (0.0 when either text was empty)."""
        if EMPTY not in a and EMPTY not in b:
            # The common case (texts of more than a few dozen characters), counted in C.
            return sum(map(eq, a, b)) / len(a) if a else 0.0
        filled = same = 0
        for x, y in zip(a, b, strict=True):
            if x == EMPTY or y == EMPTY:
                continue
            filled += 1
            same += x == y
        return same / filled if filled else 0.0

    def band_keys(self, sketch: tuple[int, ...]) -> list[tuple[int, tuple[int, ...]]]:
        """LSH bucket keys: (band number, the band's values); bands with an empty bin are skipped."""
        keys = []
        for start in range(0, self.bins, self.band):
            part = sketch[start:start + self.band]
            if EMPTY not in part:
                keys.append((start // self.band, part))
        return keys
