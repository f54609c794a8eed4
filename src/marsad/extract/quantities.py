"""Numbers and vague quantities in Arabic news text, with hedges and ranges.

``find_quantities`` reads the document's tokens left to right and returns one ``Quantity`` per
number expression: digits (with thousands separators and scale words: "12 ألف"), number words
(units, teens, tens, hundreds, thousands and their compounds: "ثلاثة آلاف وخمسمئة"), vague words
("عشرات", "بضعة", "عدد من"), hedged numbers ("نحو 150", "أكثر من 30") and ranges ("بين 10 و15").

Numbers that are not counts are still returned, with a kind that says what they are, so that a
caller can ignore them and later stages can use them: ``year``, ``date`` (a day before a month
name, "20/10/2021"), ``time`` ("22:54", "الساعة 3"), ``measure`` ("20 كلم"), ``percent``,
``money``, ``duration`` ("3 أيام"), ``age`` ("(17 عاما)"), ``model`` ("سو-22", "F-16") and
``ordinal`` ("الحادي عشر"). Only kinds in ``COUNT_KINDS`` are counts. Numbers inside URLs and
hashtags are not returned at all. Decimals without a scale word ("2.5") are not returned either:
they are never head counts.

All language data (number words, vague words and their bounds, hedges and their effect, month
names, units) is in ``data/numbers.yaml``; the bounds a hedge gives are documented there.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from importlib import resources
from itertools import compress
from operator import attrgetter
from pathlib import Path
from typing import Any, Generic, TypeVar

import yaml

from marsad.arabic.normalize import fold
from marsad.errors import LexiconError
from marsad.model import Document, Quantity, Token

_NORM = attrgetter("norm")

COUNT_KINDS = frozenset({"number", "vague", "range"})

T = TypeVar("T")

_THOUSANDS = re.compile(r"\d{1,3}(?:[.,]\d{3})+")
_URL_OR_TAG = re.compile(r"(?:https?://|www\.)\S+|#[^\s#]+")
_MAX_DIGITS = 10  # longer digit runs are ids and phone numbers
_DATE_SEPARATORS = frozenset({"/", "-", "."})
_DASHES = frozenset({"-", "–", "—"})


def is_count(q: Quantity) -> bool:
    """True for a head count (a number, a vague quantity or a range), false for dates, measures, ..."""
    return q.kind in COUNT_KINDS


@dataclass(frozen=True, slots=True)
class _Word:
    kind: str  # unit | tens | hundred | scale_sg | scale_dual | scale_pl | vague
    value: int = 0  # unit/tens/hundred value, or the scale of a scale word
    low: int = 0  # bounds when used alone as a vague quantity
    high: int = 0
    scale: int = 0  # multiplier when it follows a vague word (بضع مئات)


@dataclass(frozen=True, slots=True)
class _Start:
    """What may begin at a token whose key is this string."""

    word: _Word | None = None
    ordinal: int | None = None
    vague_phrases: tuple[tuple[tuple[str, ...], int, int], ...] = ()  # (rest words, low, high)


class _Phrases(Generic[T]):
    """Multi-word phrases: the first word matches a token's clitic keys, the others its normal form."""

    def __init__(self, entries: Iterable[tuple[tuple[str, ...], T]]) -> None:
        by_first: dict[str, list[tuple[tuple[str, ...], T]]] = {}
        by_last: dict[str, list[tuple[tuple[str, ...], T]]] = {}
        for words, payload in entries:
            by_first.setdefault(words[0], []).append((words, payload))
            by_last.setdefault(words[-1], []).append((words, payload))
        # longest phrase first, so that "ما يزيد عن" wins over a shorter phrase ending the same way
        self._first = {k: tuple(sorted(v, key=lambda e: -len(e[0]))) for k, v in by_first.items()}
        self._last = {k: tuple(sorted(v, key=lambda e: -len(e[0]))) for k, v in by_last.items()}

    def match_at(self, tokens: Sequence[Token], i: int) -> tuple[int, T] | None:
        """The longest phrase starting at token ``i``: (end token index, payload)."""
        if i >= len(tokens):
            return None
        for key in _first_keys(tokens[i]):
            cands = self._first.get(key)
            if cands is None:
                continue
            for words, payload in cands:
                end = i + len(words)
                if end > len(tokens):
                    continue
                if end <= len(tokens) and all(tokens[i + k].norm == words[k] for k in range(1, len(words))):
                    return end, payload
        return None

    def match_before(self, tokens: Sequence[Token], end: int) -> tuple[int, T] | None:
        """The longest phrase ending just before token ``end``: (start token index, payload)."""
        if end <= 0:
            return None
        last = tokens[end - 1]
        for key in _first_keys(last):
            for words, payload in self._last.get(key, ()):
                if len(words) == 1:
                    return end - 1, payload
                start = end - len(words)
                # the clitic may only sit on the first word of a phrase
                if start < 0 or key != last.norm:
                    continue
                if words[0] in _first_keys(tokens[start]) and all(
                        tokens[start + k].norm == words[k] for k in range(1, len(words) - 1)):
                    return start, payload
        return None


def _first_keys(tok: Token) -> tuple[str, ...]:
    """Lookup keys of a phrase's first word: the token's keys, and the word after a conjunction
    (the tokenizer keeps و on words of three letters or less: "وما", "وإف")."""
    norm = tok.norm
    if len(norm) <= 4 and norm[0] in "وف" and len(norm) > 1:
        return (*tok.keys, norm[1:])
    return tok.keys


_CONJ = ("", "و", "ف")
_PREP = ("", "ب", "ل", "ك")


def surface_forms(keys: Iterable[str]) -> frozenset[str]:
    """Every spelling a token may have whose clitic keys include one of ``keys``: the key with
    و/ف and ب/ل/ك in front, and لل for ال. A superset used to find candidate tokens fast; the
    token's own keys decide. (Forms with a pronoun suffix are not generated.)"""
    out: set[str] = set()
    for key in keys:
        for c in _CONJ:
            for p in _PREP:
                out.add(c + p + key)
            if key.startswith("ال"):
                out.add(c + "لل" + key[2:])
    return frozenset(out)


def token_candidates(doc: Document, surface: frozenset[str], *, digits: bool = False) -> list[int]:
    """Indices of the tokens whose normal form is in ``surface`` (and of digit tokens), in order.

    One tight comprehension over the normal forms: most tokens of a news text are none of these,
    and everything else looks only at the tokens found here."""
    norms = list(map(_NORM, doc.tokens))
    if digits:
        # "/" < x < ":" holds exactly for strings that begin with an ASCII digit
        return [i for i, x in enumerate(norms) if x in surface or "/" < x < ":"]
    return list(compress(range(len(norms)), map(surface.__contains__, norms)))


def _phrase(s: str) -> tuple[str, ...]:
    return tuple(fold(s).split())


def _strings(value: Any, where: str) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(s, str) for s in value):
        raise LexiconError(f"{where}: expected a list of strings", origin="numbers.yaml")
    return value


class QuantityLexicon:
    """Number words, vague words, hedges and non-count contexts, folded once at load time."""

    def __init__(self, data: dict[str, Any]) -> None:
        try:
            self._build(data)
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise LexiconError(f"numbers.yaml is malformed: {exc!r}", origin="numbers.yaml") from exc

    @classmethod
    def load(cls, path: Path | None = None) -> QuantityLexicon:
        if path is None:
            text = (resources.files("marsad") / "data" / "numbers.yaml").read_text(encoding="utf-8")
        else:
            text = Path(path).read_text(encoding="utf-8")
        data = yaml.safe_load(text)
        if not isinstance(data, dict):
            raise LexiconError("numbers.yaml must be a mapping", origin=str(path or "numbers.yaml"))
        return cls(data)

    def _build(self, data: dict[str, Any]) -> None:
        words: dict[str, _Word] = {}

        def add(form: str, w: _Word) -> None:
            words.setdefault(fold(form), w)

        for value, forms in data["units"].items():
            for f in _strings(forms, f"units.{value}"):
                add(f, _Word("unit", int(value)))
        for value, forms in data["tens"].items():
            for f in _strings(forms, f"tens.{value}"):
                add(f, _Word("tens", int(value)))
        for value, forms in data["hundreds"].items():
            for f in _strings(forms, f"hundreds.{value}"):
                add(f, _Word("hundred", int(value)))

        vague_single: dict[str, tuple[int, int, int]] = {}
        vague_phrases: list[tuple[tuple[str, ...], int, int]] = []
        for entry in data["vague"]:
            low, high, scale = int(entry["low"]), int(entry["high"]), int(entry.get("scale", 0))
            if not 0 < low <= high:
                raise LexiconError(f"vague {entry['forms']}: bad bounds", origin="numbers.yaml")
            for f in _strings(entry["forms"], "vague.forms"):
                words_ = _phrase(f)
                if len(words_) == 1:
                    vague_single[words_[0]] = (low, high, scale)
                else:
                    vague_phrases.append((words_, low, high))

        for entry in data["scales"]:
            scale = int(entry["value"])
            for f in _strings(entry["singular"], "scales.singular"):
                add(f, _Word("scale_sg", scale))
            for f in _strings(entry["dual"], "scales.dual"):
                add(f, _Word("scale_dual", scale))
            for f in _strings(entry["plural"], "scales.plural"):
                low, high, _ = vague_single.pop(fold(f), (2 * scale, 10 * scale - 1, 0))
                w = _Word("scale_pl", scale, low, high, scale)
                add(f, w)
                add("ال" + f, w)
        for form, (low, high, scale) in vague_single.items():
            w = _Word("vague", 0, low, high, scale)
            add(form, w)
            add("ال" + form, w)

        definite = {int(v) for v in data["definite_values"]}
        for form, w in list(words.items()):
            if w.kind == "unit" and w.value in definite:
                words.setdefault("ال" + form, w)
        self.words = words

        ordinals: dict[str, int] = {}
        for value, forms in data["ordinals"].items():
            for f in _strings(forms, f"ordinals.{value}"):
                ordinals[fold(f)] = int(value)
        self.ordinals = ordinals

        phrase_first: dict[str, list[tuple[tuple[str, ...], int, int]]] = {}
        for words_, low, high in vague_phrases:
            phrase_first.setdefault(words_[0], []).append((words_[1:], low, high))
        starts: dict[str, _Start] = {}
        for key in set(words) | set(ordinals) | set(phrase_first):
            starts[key] = _Start(
                word=words.get(key),
                ordinal=ordinals.get(key),
                vague_phrases=tuple(sorted(phrase_first.get(key, ()), key=lambda e: -len(e[0]))),
            )
        self.starts = starts
        self.surface = surface_forms(starts)

        bounds = data["hedge_bounds"]
        self.more_than_factor = float(bounds["more_than_factor"])
        self.less_than_factor = float(bounds["less_than_factor"])
        effects = {"approx", "more_than", "at_least", "less_than", "up_to", "exact"}
        before: list[tuple[tuple[str, ...], str]] = []
        for effect, forms in data["hedges_before"].items():
            if effect not in effects:
                raise LexiconError(f"unknown hedge effect {effect!r}", origin="numbers.yaml")
            before.extend((_phrase(f), effect) for f in _strings(forms, f"hedges_before.{effect}"))
        after: list[tuple[tuple[str, ...], str]] = []
        for effect, forms in data["hedges_after"].items():
            if effect not in effects:
                raise LexiconError(f"unknown hedge effect {effect!r}", origin="numbers.yaml")
            after.extend((_phrase(f), effect) for f in _strings(forms, f"hedges_after.{effect}"))
        self.hedges_before: _Phrases[str] = _Phrases(before)
        self.hedges_after: _Phrases[str] = _Phrases(after)

        self.range_openers: _Phrases[str] = _Phrases(
            (_phrase(f), fold(f)) for f in _strings(data["range_openers"], "range_openers"))
        self.range_joiners = frozenset(fold(f) for f in _strings(data["range_joiners"], "range_joiners"))
        self.range_and = frozenset(fold(f) for f in _strings(data["range_and_needs_between"], "range_and"))
        self.range_blockers = frozenset(
            fold(f) for f in _strings(data["range_blockers_before"], "range_blockers_before"))

        nc_before: list[tuple[tuple[str, ...], str]] = []
        for kind, forms in data["not_count_before"].items():
            nc_before.extend((_phrase(f), str(kind)) for f in _strings(forms, f"not_count_before.{kind}"))
        self.not_count_before: _Phrases[str] = _Phrases(nc_before)
        month_names = [fold(f).split() for f in _strings(data["not_count_before"]["date"], "date")]
        self.months = frozenset(m[0] for m in month_names)
        self.month_words = frozenset(w for m in month_names for w in m)
        nc_after: list[tuple[tuple[str, ...], str]] = []
        for kind, forms in data["not_count_after"].items():
            nc_after.extend((_phrase(f), str(kind)) for f in _strings(forms, f"not_count_after.{kind}"))
        self.not_count_after: _Phrases[str] = _Phrases(nc_after)
        self.age_words = frozenset(fold(f) for f in _strings(data["not_count_after"]["age"], "age"))
        self.model_words = frozenset(fold(f) for f in _strings(data["not_count_after"]["model"], "model"))
        self.year_units = frozenset(fold(f) for f in _strings(data["year_units"], "year_units"))


@dataclass(slots=True)
class _Atom:
    i: int  # first token
    j: int  # token after the last one
    low: int
    high: int
    kind: str
    approximate: bool = False


def _is_digits(s: str) -> bool:
    return "0" <= s[0] <= "9"


def _adjacent(tokens: Sequence[Token], a: int, b: int) -> bool:
    """Token ``a`` ends exactly where token ``b`` begins (no space between)."""
    return tokens[a].end == tokens[b].start


def _is_year(value: int) -> bool:
    return 1300 <= value <= 2100


class _Scanner:
    def __init__(self, doc: Document, lex: QuantityLexicon) -> None:
        self.doc = doc
        self.lex = lex
        self.tokens = doc.tokens
        self.n = len(doc.tokens)
        text = doc.text
        self.skip: list[tuple[int, int]] = []
        if "#" in text or "http" in text or "www." in text:
            self.skip = [(m.start(), m.end()) for m in _URL_OR_TAG.finditer(text)]

    # ------------------------------------------------------------------ atoms

    def _word(self, tok: Token) -> _Start | None:
        starts = self.lex.starts
        for key in tok.keys:
            s = starts.get(key)
            if s is not None:
                return s
        return None

    def _digits(self, i: int) -> _Atom | None:
        s = self.tokens[i].norm
        if "." in s or "," in s:
            if _THOUSANDS.fullmatch(s):
                value: float = int(s.replace(",", "").replace(".", ""))
                decimal = False
            elif s.count(".") + s.count(",") == 1:
                value = float(s.replace(",", "."))
                decimal = True
            else:
                return None  # 5.1.1, 1,2,3: versions and lists, not numbers
        else:
            if len(s) > _MAX_DIGITS:
                return None
            value, decimal = int(s), False
        j = i + 1
        if j < self.n:
            w = self._plain_word(self.tokens[j])
            if w is not None and w.kind in ("scale_sg", "scale_pl"):
                value *= w.value
                j += 1
                decimal = value != int(value)
        if decimal:
            return None
        v = int(value)
        return _Atom(i, j, v, v, "number")

    def _plain_word(self, tok: Token) -> _Word | None:
        return self.lex.words.get(tok.norm)

    def _number_words(self, i: int, first: _Word) -> _Atom | None:
        """A cardinal written in words, possibly compound ("ثلاثة آلاف وخمسمئة وخمسة وعشرين")."""
        tokens, words = self.tokens, self.lex.words
        total = 0
        group = 0
        slot = 0  # within the group below the current scale: 0 empty, 1 hundreds, 2 unit, 3 tens/teen
        last_unit = 0
        last_scale = 10 ** 13
        group_start = i  # first token of the group below the current scale
        j = i
        w: _Word | None = first
        conj = False
        while w is not None:
            k = w.kind
            if slot == 0 and k in ("unit", "tens", "hundred"):
                group_start = j
            if k == "unit" and w.value < 10:
                if (j > i and not conj) or slot >= 2:
                    break
                group += w.value
                slot, last_unit = 2, w.value
            elif k == "unit":  # عشر / عشرة
                if j > i and not conj and slot == 2 and last_unit:
                    group += 10  # a teen: ثلاثة عشر
                    slot, last_unit = 3, 0
                elif j == i or (conj and slot <= 1):
                    group += 10
                    slot, last_unit = 3, 0
                else:
                    break
            elif k == "tens":
                if (j > i and not conj) or slot == 3:
                    break
                group += w.value
                slot, last_unit = 3, 0
            elif k == "hundred":
                if j == i or (conj and slot == 0):
                    group += w.value
                    slot = 1
                elif not conj and w.value == 100 and slot == 2 and 3 <= last_unit <= 9 and group == last_unit:
                    group = last_unit * 100  # ثلاث مئة
                    slot = 1
                else:
                    break
                last_unit = 0
            elif k in ("scale_sg", "scale_pl"):
                if w.value >= last_scale:
                    if not conj and group > 0 and group_start > i:
                        # "ألفين وعشرة آلاف": the last group multiplies this scale word, so it
                        # starts the next number instead of ending this one
                        return _Atom(i, group_start, total, total, "number")
                    break
                if j > i and not conj and group > 0:
                    if k == "scale_pl" and group > 10:
                        break  # آلاف only follows 3..10
                    total += group * w.value
                elif j == i and k == "scale_sg" or conj and group == 0 and k == "scale_sg":
                    total += w.value
                else:
                    break
                group, slot, last_unit, last_scale = 0, 0, 0, w.value
            elif k == "scale_dual":
                if w.value >= last_scale or not (j == i or (conj and group == 0)):
                    break
                total += 2 * w.value
                group, slot, last_unit, last_scale = 0, 0, 0, w.value
            else:
                break
            j += 1
            if j >= self.n or not self._same_line(j - 1, j):
                break
            norm = tokens[j].norm
            w = words.get(norm[1:]) if norm.startswith("و") and len(norm) > 2 else None
            conj = w is not None
            if w is None:
                w = words.get(norm)
        if j == i:
            return None
        value = total + group
        if value <= 0:
            return None
        return _Atom(i, j, value, value, "number")

    def _vague(self, i: int, w: _Word) -> _Atom:
        low, high, j = w.low, w.high, i + 1
        if j < self.n:
            nxt = self._plain_word(self.tokens[j])
            if nxt is not None and nxt.scale and nxt.scale > (w.scale or 1) and nxt.kind in ("vague", "scale_pl"):
                low, high, j = low * nxt.scale, high * nxt.scale, j + 1
        return _Atom(i, j, low, high, "vague", True)

    def _vague_phrase(self, i: int, start: _Start) -> _Atom | None:
        tokens = self.tokens
        for rest, low, high in start.vague_phrases:
            end = i + 1 + len(rest)
            if end <= self.n and all(tokens[i + 1 + k].norm == rest[k] for k in range(len(rest))):
                return _Atom(i, end, low, high, "vague", True)
        return None

    def _ordinal(self, i: int, value: int) -> _Atom:
        j = i + 1
        if j < self.n:
            norm = self.tokens[j].norm
            w = self._plain_word(self.tokens[j])
            if w is not None and w.kind == "unit" and w.value == 10:
                value, j = value + 10, j + 1
            elif norm.startswith("و") and self.lex.ordinals.get(norm[1:], 0) >= 20:
                value, j = value + self.lex.ordinals[norm[1:]], j + 1
        return _Atom(i, j, value, value, "ordinal")

    def atoms(self) -> list[_Atom]:
        tokens = self.tokens
        out: list[_Atom] = []
        i = 0
        for cand in token_candidates(self.doc, self.lex.surface, digits=True):
            if cand < i:
                continue
            i = cand
            tok = tokens[i]
            atom: _Atom | None = None
            if _is_digits(tok.norm):
                atom = self._digits(i)
                if atom is not None:
                    atom = self._classify_digits(atom)
            else:
                start = self._word(tok)
                if start is not None:
                    if start.vague_phrases:
                        atom = self._vague_phrase(i, start)
                    if atom is None and start.word is not None:
                        w = start.word
                        if w.kind in ("vague", "scale_pl") and w.low:
                            atom = self._vague(i, w)
                        else:
                            atom = self._number_words(i, w)
                    if atom is None and start.ordinal is not None:
                        atom = self._ordinal(i, start.ordinal)
                    if atom is not None and atom.kind == "number":
                        atom = self._classify_after(atom)
            if atom is None:
                continue
            if self.skip and self._in_skip(atom):
                i = atom.j
                continue
            out.append(atom)
            i = max(atom.j, i + 1)
        return out

    def _same_line(self, a: int, b: int) -> bool:
        """Tokens ``a`` and ``b`` can belong to one number: only a space or two between them."""
        gap = self.doc.text[self.tokens[a].end:self.tokens[b].start]
        return len(gap) <= 2 and "\n" not in gap

    def _in_skip(self, atom: _Atom) -> bool:
        s, e = self.tokens[atom.i].start, self.tokens[atom.j - 1].end
        return any(a < e and s < b for a, b in self.skip)

    # ------------------------------------------------------------------ what a number is

    def _classify_digits(self, atom: _Atom) -> _Atom:
        tokens, n, i, j = self.tokens, self.n, atom.i, atom.j
        # 22:54 and 20/10/2021, 2021-10-20
        if j + 1 < n and _is_digits(tokens[j + 1].norm) and _adjacent(tokens, j - 1, j) and _adjacent(tokens, j, j + 1):
            sep = tokens[j].norm
            if sep == ":":
                return _Atom(i, j + 2, atom.low, atom.high, "time")
            if sep in _DATE_SEPARATORS:
                end = j + 2
                parts = 2
                while (end + 1 < n and tokens[end].norm == sep and _is_digits(tokens[end + 1].norm)
                       and _adjacent(tokens, end - 1, end) and _adjacent(tokens, end, end + 1)):
                    end += 2
                    parts += 1
                if parts >= 3 or sep == "/":
                    return _Atom(i, end, atom.low, atom.high, "date")
                nxt = tokens[j + 1].norm
                if parts == 2 and sep in _DASHES and nxt.isdigit() and _is_year(atom.low) and _is_year(int(nxt)):
                    return _Atom(i, end, atom.low, int(nxt), "year")  # 2015-2018
        if i > 0:
            prev = tokens[i - 1]
            # سو-22, F-16, F16: letters glued to the number, or a dash between them
            if prev.norm in _DASHES and i > 1 and _adjacent(tokens, i - 2, i - 1) and _adjacent(tokens, i - 1, i):
                letters = tokens[i - 2].norm
                if letters.isalpha() and (letters.isascii() or letters in self.lex.model_words):
                    return _Atom(i - 2, j, atom.low, atom.high, "model")
            if _adjacent(tokens, i - 1, i) and prev.norm.isascii() and prev.norm.isalpha():
                return _Atom(i - 1, j, atom.low, atom.high, "model")
            if prev.norm in self.lex.month_words and _is_year(atom.low) and j == i + 1:
                return _Atom(i, j, atom.low, atom.high, "year")
        return self._classify_after(atom)

    def _classify_after(self, atom: _Atom) -> _Atom:
        tokens, i, j = self.tokens, atom.i, atom.j
        value = atom.low
        before = self.lex.not_count_after.match_before(tokens, i)
        if before is not None:
            start, kind = before
            if kind == "year":
                if _is_year(value):
                    return _Atom(start, j, value, value, "year")
            elif kind == "model":
                return _Atom(start, j, value, value, "model")
            elif kind == "time":
                return _Atom(start, j, value, value, kind)
            elif kind == "age":
                if j < self.n and tokens[j].norm in self.lex.year_units:
                    j += 1  # "العمر 25 عاما"
                return _Atom(start, j, value, value, kind)
        k = j
        if k < self.n and tokens[k].norm == "من" and k + 1 < self.n and tokens[k + 1].norm in self.lex.months:
            k += 1
        after = self.lex.not_count_before.match_at(tokens, k)
        if after is None:
            return atom
        end, kind = after
        if kind == "date":
            if 1 <= value <= 31:
                return _Atom(i, end, value, value, "date")
            return _Atom(i, end, value, value, "year") if _is_year(value) and k == j else atom
        if kind == "year":
            return _Atom(i, end, value, value, "year") if _is_year(value) and k == j else atom
        if kind == "duration" and tokens[j].norm in self.lex.year_units and self._looks_like_age(i):
            return _Atom(i, end, value, value, "age")
        if k > j:
            return atom
        return _Atom(i, end, value, value, kind)

    def _looks_like_age(self, i: int) -> bool:
        tokens = self.tokens
        if i > 0 and tokens[i - 1].norm == "(":
            return True
        ages = self.lex.age_words
        return any(not ages.isdisjoint(tokens[k].keys) for k in range(max(0, i - 3), i))

    # ------------------------------------------------------------------ ranges and hedges

    def combine(self, atoms: list[_Atom]) -> list[_Atom]:
        tokens, lex = self.tokens, self.lex
        out: list[_Atom] = []
        k = 0
        while k < len(atoms):
            a = atoms[k]
            if a.kind == "number" and k + 1 < len(atoms) and atoms[k + 1].kind == "number":
                b = atoms[k + 1]
                r = self._range(a, b)
                if r is not None:
                    out.append(r)
                    k += 2
                    continue
            out.append(a)
            k += 1
        for a in out:
            if a.kind not in COUNT_KINDS:
                continue
            hedge = lex.hedges_before.match_before(tokens, a.i)
            if hedge is not None:
                a.i = hedge[0]
                self._apply(a, hedge[1])
            after = lex.hedges_after.match_at(tokens, a.j)
            if after is not None:
                a.j = after[0]
                self._apply(a, after[1])
        return out

    def _range(self, a: _Atom, b: _Atom) -> _Atom | None:
        tokens, lex = self.tokens, self.lex
        if b.low <= a.high:
            return None
        if b.i == a.j and tokens[b.i].norm.startswith("و"):
            joiner = "و"
        elif b.i == a.j + 1:
            joiner = tokens[a.j].norm
        else:
            return None
        opener = lex.range_openers.match_before(tokens, a.i)
        if joiner in lex.range_and:
            if opener is None or opener[1] == "من":
                return None
        elif joiner not in lex.range_joiners:
            return None
        start = a.i
        if opener is not None:
            start = opener[0]
            if opener[1] == "من" and self._blocked(start):
                return None
        elif self._blocked(a.i):
            return None
        return _Atom(start, b.j, a.low, b.high, "range", a.approximate or b.approximate)

    def _blocked(self, i: int) -> bool:
        blockers = self.lex.range_blockers
        return any(not blockers.isdisjoint(self.tokens[k].keys) for k in range(max(0, i - 6), i))

    def _apply(self, a: _Atom, effect: str) -> None:
        lex = self.lex
        if effect == "exact":
            return
        a.approximate = True
        if effect == "more_than":
            a.low, a.high = a.high + 1, max(a.high + 1, math.ceil(a.high * lex.more_than_factor))
        elif effect == "at_least":
            a.high = max(a.high, math.ceil(a.high * lex.more_than_factor))
        elif effect == "less_than":
            top = max(1, a.low - 1)
            a.low, a.high = min(top, max(1, math.floor(a.low * lex.less_than_factor))), top
        elif effect == "up_to":
            a.low = min(a.high, max(1, math.ceil(a.high * lex.less_than_factor)))


def find_quantities(doc: Document, lex: QuantityLexicon) -> list[Quantity]:
    """Every number expression in the document, in text order; spans are offsets into ``doc.text``."""
    if not doc.tokens:
        return []
    scanner = _Scanner(doc, lex)
    tokens = doc.tokens
    return [Quantity(tokens[a.i].start, tokens[a.j - 1].end, a.low, a.high, a.approximate, a.kind)
            for a in scanner.combine(scanner.atoms())]
