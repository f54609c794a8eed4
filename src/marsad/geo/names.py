"""Normalised name keys, shared by the index builders and the recogniser so both meet in one form."""

from __future__ import annotations

import re

from marsad.arabic.normalize import fold
from marsad.arabic.tokens import TOKEN_RE

# Arabic-script letters of standard Arabic (after folding); names with other letters (Persian پ چ
# ژ گ, Urdu ہ ے ...) are other languages' spellings and are not indexed as Arabic.
_ARABIC_NAME = re.compile(r"^[\u0621-\u064a0-9 '\-.()]+$")
_HAS_ARABIC = re.compile("[\u0621-\u064a]")
_ANY_ARABIC_SCRIPT = re.compile("[\u0600-\u06ff\ufb50-\ufdff\ufe70-\ufeff]")
_WORD = re.compile(r"[^\W_]")


def name_key(name: str) -> str:
    """The lookup key of a name: folded, tokenised like the text, punctuation dropped."""
    return " ".join(t for t in (m.group() for m in TOKEN_RE.finditer(fold(name))) if _WORD.match(t))


def is_arabic_name(name: str) -> bool:
    if not _ANY_ARABIC_SCRIPT.search(name):
        return False  # most names in the sources are Latin: skip the normaliser for them
    folded = fold(name)
    return bool(_HAS_ARABIC.search(folded)) and bool(_ARABIC_NAME.match(folded))
