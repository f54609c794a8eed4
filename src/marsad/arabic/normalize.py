"""Arabic normalisation with an offset map back to the text.

Two layers:
- ``clean_chars``: Unicode clean-up that language data must already satisfy (no diacritics, tatweel,
  presentation forms or invisible controls; Arabic-Indic and Persian digits as ASCII digits).
- ``fold``: letter-variant folding for matching (أإآٱ→ا, ى→ي, ة→ه, ؤ→و, ئ→ي, Persian ک/ی→ك/ي),
  applied to text and lexicon alike.

``normalize(text)`` applies both and returns a ``NormText`` whose ``to_orig`` maps every normalised
character back to the character of the original text it came from.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache

DIACRITICS = "".join(chr(c) for c in range(0x064B, 0x0653)) + "\u0670\u0653\u0654\u0655"
TATWEEL = "\u0640"
INVISIBLE = "\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\ufeff\u061c\u00ad"

_FOLD = str.maketrans({
    "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا",
    "ى": "ي", "ة": "ه", "ؤ": "و", "ئ": "ي",
    "ک": "ك", "ی": "ي", "ۀ": "ه", "ھ": "ه",
})

_DIGITS = {chr(0x0660 + i): str(i) for i in range(10)} | {chr(0x06F0 + i): str(i) for i in range(10)}


def _build_one_to_one() -> dict[int, str]:
    table: dict[int, str] = {}
    for src, dst in _DIGITS.items():
        table[ord(src)] = dst
    for c in "\u00a0\u2007\u202f\u2009\u200a\u3000":
        table[ord(c)] = " "
    for c in "“”„‟«»″":
        table[ord(c)] = '"'
    for c in "‘’‚‛′":
        table[ord(c)] = "'"
    table[ord("٫")] = "."   # Arabic decimal separator
    table[ord("٬")] = ","   # Arabic thousands separator
    for i in range(26):
        table[ord("A") + i] = chr(ord("a") + i)
    for k, v in _FOLD.items():
        table[k] = v if isinstance(v, str) else chr(v)
    return table


_ONE_TO_ONE = _build_one_to_one()
# The same mapping as (character, replacement) pairs: str.translate with a dict table walks the text
# in Python-level steps for non-ASCII text, while a few str.replace calls for the characters that
# actually occur run in C (about ten times faster on a news article).
_PAIRS = tuple((chr(k), v) for k, v in _ONE_TO_ONE.items())


def _one_to_one(text: str) -> str:
    for src, dst in _PAIRS:
        if src in text:
            text = text.replace(src, dst)
    return text
# "#" only marks a hashtag: "#الروسي" is the word الروسي for every lexicon.
_DELETE = DIACRITICS + TATWEEL + INVISIBLE + "#"
# Characters that change the length of the text when normalised, and words broken up with tatweel
# and dots, commas, stars or spaces to slip past keyword filters ("استـ.شهد", "قُـ ـ ـتل", "إسرائـ.يلي",
# "تستـــ,هدف", "الاحتـــ*لال").
_BROKEN_WORD = ("(?<=[\u0621-\u064a\u064b-\u0652])\u0640+(?:[.,*\u060c\u06e6\u064b-\u0652 ]+\u0640+)*[.,*\u060c]?"
                "(?=[\u0621-\u064a])")
_LENGTH_CHANGING = re.compile(_BROKEN_WORD + "|[" + re.escape(_DELETE) + "\ufb50-\ufdff\ufe70-\ufeff]")
# Without any tatweel there is no broken word to look for, and the plain class is much faster.
_SIMPLE_CHANGING = re.compile("[" + re.escape(_DELETE) + "\ufb50-\ufdff\ufe70-\ufeff]")
_CLEAN_ONLY = str.maketrans({**{k: v for k, v in _DIGITS.items()}, **{c: None for c in _DELETE}})


@lru_cache(maxsize=4096)
def _expand(ch: str) -> str:
    """Normalised form of a character that may change length (presentation forms, marks),
    or of a tatweel run breaking up a word (removed)."""
    if len(ch) > 1 or ch in _DELETE:
        return ""
    out = unicodedata.normalize("NFKC", ch)
    out = "".join("" if c in _DELETE else c for c in out)
    return out.translate(_ONE_TO_ONE)


def clean_chars(text: str) -> str:
    """Unicode clean-up only (no letter folding): what language data files must already satisfy."""
    if _LENGTH_CHANGING.search(text):
        text = "".join(unicodedata.normalize("NFKC", c) if "\ufb50" <= c <= "\ufeff" else c for c in text)
    return text.translate(_CLEAN_ONLY)


def fold(text: str) -> str:
    """Full normalisation of a short string (lexicon entries, keys), without an offset map."""
    return normalize(text).norm


@dataclass(frozen=True, slots=True)
class NormText:
    """Normalised text plus the map back to the original.

    ``to_orig[i]`` is the index in the original text of normalised character ``i``; ``None`` when the
    map is the identity (the common case, kept cheap for throughput)."""

    orig: str
    norm: str
    to_orig: tuple[int, ...] | None

    def orig_index(self, i: int) -> int:
        if self.to_orig is None:
            return i
        if i >= len(self.to_orig):
            return len(self.orig)
        return self.to_orig[i]

    def orig_span(self, start: int, end: int) -> tuple[int, int]:
        """Original (start, end) of the normalised span [start, end)."""
        if self.to_orig is None:
            return start, end
        if end <= start:
            s = self.orig_index(start)
            return s, s
        return self.to_orig[start], self.to_orig[end - 1] + 1

    def norm_index(self, orig_i: int) -> int:
        """First normalised index at or after original index ``orig_i``."""
        if self.to_orig is None:
            return orig_i
        return bisect_right(self.to_orig, orig_i - 1)


def normalize(text: str) -> NormText:
    changing = _LENGTH_CHANGING if "\u0640" in text else _SIMPLE_CHANGING
    if not changing.search(text):
        return NormText(text, _one_to_one(text), None)
    parts: list[str] = []
    index: list[int] = []
    pos = 0
    for m in changing.finditer(text):
        i = m.start()
        if i > pos:
            parts.append(text[pos:i])
            index.extend(range(pos, i))
        rep = _expand(m.group())
        if rep:
            parts.append(rep)
            index.extend([i] * len(rep))
        pos = m.end()
    if pos < len(text):
        parts.append(text[pos:])
        index.extend(range(pos, len(text)))
    return NormText(text, _one_to_one("".join(parts)), tuple(index))
