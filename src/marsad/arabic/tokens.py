"""Tokens with offsets, and clitic-stripped lookup keys.

Arabic attaches conjunctions (و ف), prepositions (ب ل ك) and the article (ال, with ل as لل) to the
following word, and pronouns to the end of it. For lexicon lookup each token carries keys: its
normalised form first, then forms with proclitics stripped, then forms with a pronoun suffix stripped.
The token's span always covers the whole surface word; ``Token.keys`` never replaces it.
"""

from __future__ import annotations

import re
from functools import lru_cache, partial

from marsad.arabic.normalize import DIACRITICS, TATWEEL, NormText
from marsad.model import Token

# Arabic letter runs, other letter runs (a Latin handle glued to Arabic text is two words), digit runs
# and single punctuation marks; "_" (hashtags) separates words.
TOKEN_RE = re.compile(
    r"[\u0620-\u064a\u066e-\u06d3\u06d5\u06fa-\u06ff]+|[^\W\d_\u0600-\u06ff]+|\d+(?:[.,]\d+)*|[^\w\s]|_")
_ARABIC_LETTER = re.compile("[\u0621-\u064a]")

_MARKS_RE = re.compile("[" + DIACRITICS + TATWEEL + "]")
_GLUED_RE = re.compile("[ةى][" + DIACRITICS + TATWEEL + "]*(?=[\u0621-\u064a])")
_CONJ = ("و", "ف")
_PREP = ("ب", "ل", "ك")
_SUFFIXES = ("هما", "هم", "هن", "ها", "كم", "نا")
_MIN_STEM = 2


@lru_cache(maxsize=200_000)
def clitic_keys(word: str) -> tuple[tuple[str, int], ...]:
    """Lookup keys of a normalised word as (key, chars stripped from the front), most specific first."""
    keys: list[tuple[str, int]] = [(word, 0)]
    if not _ARABIC_LETTER.match(word):
        return tuple(keys)
    seen = {word}

    def add(key: str, cut: int) -> None:
        if len(key) >= _MIN_STEM and key not in seen:
            seen.add(key)
            keys.append((key, cut))

    bases = [(word, 0)]
    if word[0] in _CONJ and len(word) > 3:
        add(word[1:], 1)
        bases.append((word[1:], 1))
    for base, cut in list(bases):
        if base.startswith("لل") and len(base) > 3:
            add("ال" + base[2:], cut)  # للقوات → القوات; the span keeps the preposition
            continue
        if base[0] in _PREP and len(base) > 3:
            add(base[1:], cut + 1)
    if len(word) >= 5 and word.endswith("ا") and not word.endswith(("يا", "اا", "وا")):
        # accusative: "مصدراً" → مصدر, "عنصراً" → عنصر; but "كانوا", "قتلوا" are plural verbs
        add(word[:-1], 0)
    for key, cut in list(keys):
        for suf in _SUFFIXES:
            if key.endswith(suf) and len(key) - len(suf) >= 3:
                stem = key[: -len(suf)]
                add(stem, cut)
                if stem.endswith("ت"):
                    add(stem[:-1] + "ه", cut)  # مجزرتها → مجزرة (teh marbuta before a suffix)
                break
    return tuple(keys)


def _glued_cuts(nt: NormText) -> list[int]:
    """Normalised positions where a word starts right after a word-final letter (ة or ى), with no
    space between: scraped posts lose line breaks ("محطة السويديةاستشهد 8 أشخاص"), and ة / ى never
    stand inside a word."""
    if "ة" not in nt.orig and "ى" not in nt.orig:
        return []
    return [nt.norm_index(m.end()) for m in _GLUED_RE.finditer(nt.orig)]


def _spans(nt: NormText) -> tuple[list[str], list[tuple[int, int]]]:
    matches = list(TOKEN_RE.finditer(nt.norm))
    words = [m.group() for m in matches]
    spans = [m.span() for m in matches]
    cuts = _glued_cuts(nt)
    if not cuts:
        return words, spans
    out_words: list[str] = []
    out_spans: list[tuple[int, int]] = []
    c = 0
    for word, (a, b) in zip(words, spans, strict=True):
        while c < len(cuts) and cuts[c] <= a:
            c += 1
        start = a
        while c < len(cuts) and cuts[c] < b:
            out_words.append(nt.norm[start:cuts[c]])
            out_spans.append((start, cuts[c]))
            start = cuts[c]
            c += 1
        out_words.append(word if start == a else nt.norm[start:b])
        out_spans.append((start, b))
    return out_words, out_spans


def tokenize(nt: NormText) -> list[Token]:
    """Tokens over the normalised text, with spans in the original text."""
    words, spans = _spans(nt)
    keys = list(map(_keys, words))
    if nt.to_orig is None:
        return list(map(_make_token, zip([a for a, _ in spans], [b for _, b in spans], words, keys, strict=True)))
    to_orig = nt.to_orig
    starts = [to_orig[a] for a, _ in spans]
    ends = [to_orig[b - 1] + 1 for _, b in spans]
    # "قصفاً": a span keeps the marks that trail its last letter
    marks = {m.start() for m in _MARKS_RE.finditer(nt.orig)}
    if marks:
        at_end = {e: k for k, e in enumerate(ends)}
        for pos in marks:
            k = at_end.get(pos)
            if k is not None:
                end = pos
                while end in marks:
                    end += 1
                ends[k] = end
    return list(map(_make_token, zip(starts, ends, words, keys, strict=True)))


# Token(...) runs the named tuple's Python-level __new__; tuple.__new__ bound to the class builds the
# same instances in C, which matters at hundreds of tokens per document.
_make_token = partial(tuple.__new__, Token)


@lru_cache(maxsize=200_000)
def _keys(word: str) -> tuple[str, ...]:
    return tuple(k for k, _ in clitic_keys(word))


def key_cut(token: Token, key: str) -> int:
    """How many normalised characters the key strips from the front of the token."""
    for k, cut in clitic_keys(token.norm):
        if k == key:
            return cut
    return 0
