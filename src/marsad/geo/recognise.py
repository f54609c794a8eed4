"""Recognising place mentions in a document.

A mention is found in one of three ways, tried together over the tokens:
- a gazetteer name (multiword names first, the first word may carry clitics: "بدير الزور", "والرقة");
- a head word and its name ("مدينة X", "بلدة X", "مطار X", "ريف X"), the name looked up in the
  gazetteer or, after an "open" head, kept as an unknown place ("قرية أبو حمام" when the gazetteer
  lacks it);
- a country or capital the lexicon knows.

A bare gazetteer name must earn its place: it is never a stop word (function words, weekdays, common
nouns, first names: ``place_stopwords.txt``) nor inside an actor, source or trigger the lexicon found,
and it needs either prominence (a country, a province, a capital, a city, a supplement entry) or
place context (a preposition or a head word before it, a hashtag, a coordinated place next to it).

Around the name the recogniser reads the relation: "قرب X" (near), "ريف X" / "أطراف X" (near: the
countryside or outskirts), "جنوب شرقي X" (direction), "20 كلم شمال شرق X" (an offset), and the
container that follows it ("الصالحية بريف دير الزور", "مأدبا، الأردن") for disambiguation.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field
from importlib import resources
from itertools import compress
from operator import itemgetter
from pathlib import Path
from typing import Any, NamedTuple

import yaml

from marsad.arabic.normalize import fold
from marsad.arabic.tokens import clitic_keys
from marsad.geo.errors import GazetteerError
from marsad.geo.gazetteer import Gazetteer
from marsad.geo.names import name_key
from marsad.model import Document, Mention, Token

# Lexicon classes whose tokens are never part of a place name.
NAME_KINDS = frozenset({"actor", "source", "source_short"})
BLOCKING_KINDS = frozenset({
    "trigger", "speech_verb", "force_head", "nat_adj", "quote_intro",
    "statement_nouns", "modifier", "passive_light_verbs", "generic_markers", "negation", "agent_marker",
    "via_markers", "attribution_preps", "outlet_voice", "distance_unit"})
PLACE_KINDS = frozenset({"nat_name", "nat_capital"})

BEARING_WORDS = {"شمال": "N", "جنوب": "S", "شرق": "E", "غرب": "W",
                 "شمالي": "N", "جنوبي": "S", "شرقي": "E", "غربي": "W"}
BEARING_DEGREES = {"N": 0.0, "NE": 45.0, "E": 90.0, "SE": 135.0, "S": 180.0, "SW": 225.0, "W": 270.0,
                   "NW": 315.0}
DIRECTION_ADJECTIVES = {"الشمالي": "N", "الجنوبي": "S", "الشرقي": "E", "الغربي": "W", "الشماليه": "N",
                        "الجنوبيه": "S", "الشرقيه": "E", "الغربيه": "W", "الشمالي الشرقي": "NE",
                        "الشمالي الغربي": "NW", "الجنوبي الشرقي": "SE", "الجنوبي الغربي": "SW"}
DISTANCE_UNITS = {"كلم": 1.0, "كم": 1.0, "كيلومتر": 1.0, "كيلومترات": 1.0, "كيلو": 1.0, "ميل": 1.609,
                  "اميال": 1.609, "متر": 0.001, "امتار": 0.001}
NEAR_WORDS = {"قرب": 1, "بالقرب": 2, "قريبا": 2, "بجوار": 1, "جوار": 1, "مقربه": 2}
# Tokens before a bare name that say a place follows.
CONTEXT_BEFORE = frozenset(fold(w) for w in (
    "في", "من", "الى", "إلى", "قرب", "نحو", "باتجاه", "عند", "داخل", "بين", "حول", "محيط", "أطراف",
    "ضواحي", "بمدينة", "شمال", "جنوب", "شرق", "غرب", "شمالي", "جنوبي", "شرقي", "غربي", "وسط", "مدخل",
    "أهالي", "سكان", "اهالي", "حتى", "عن", "ومن", "وفي", "والى", "وإلى", "تجاه", "#"))
# Tokens after a bare name that place it against another: "الأتارب غربي حلب", "سرمدا بريف إدلب".
CONTEXT_AFTER = frozenset(fold(w) for w in (
    "بريف", "شمال", "جنوب", "شرق", "غرب", "شمالي", "جنوبي", "شرقي", "غربي", "قرب", "بالقرب",
    "بمحافظة", "بمنطقة", "التابعة", "الواقعة"))
_MAX_UNKNOWN_NAME = 3
# Words that begin many village names ("تل X", "دير X", "عين X"): alone after a head word with more
# name after them they are the start of an unknown name, not a place of their own.
_NAME_PREFIX_WORDS = frozenset({"تل", "دير", "عين", "راس", "كفر", "بير", "جبل", "شيخ", "الشيخ", "برج",
                                "خربه", "ام", "ابو", "بيت", "مزرعه", "قصر", "تلول", "حي", "باب", "جسر",
                                "وادي", "سد", "نهر", "بحيره", "شارع", "طريق"})
_MAX_MEMO = 500_000  # word forms remembered
_NORM = itemgetter(2)  # Token.norm
_PROMINENT = 5.0  # a bare name whose best place ranks this high needs no context (cities of 100k+)
_ANY_CONTEXT = 2.4  # with context, any town of ~250 people or more
_CLITIC_CONTEXT = 4.0  # a preposition fused to the name: towns of ~10,000 people or more


def _suffix_stripped(word: str, key: str) -> bool:
    """The key was found by removing a pronoun suffix from the word (see ``clitic_keys``)."""
    bare = key[2:] if key.startswith("ال") else key
    return not (word.endswith(key) or word.endswith(bare) or word[:-1].endswith(key))


@dataclass
class PlaceCandidate:
    """A recognised place mention before resolution (token indices are end-exclusive)."""

    tok_start: int
    tok_end: int
    name_start: int
    name_end: int
    key: str | None  # gazetteer key of the name, None when the gazetteer does not know it
    head: str | None = None  # the head word as written
    head_kind: str | None = None  # settlement | province | area | around | poi | natural
    relation: str = "in"  # in | near | direction | country
    offset: dict[str, Any] | None = None
    container: int | None = None  # index of the mention this one lies in ("X بريف Y")
    lexicon_country: str | None = None  # a country code the lexicon gave (nat_name / nat_capital)
    name_cut: int = 0  # clitic letters before the name in its first token ("بدير الزور" -> 1)
    extra: dict[str, Any] = field(default_factory=dict)


def _data_path(name: str) -> Path:
    return Path(str(resources.files("marsad") / "data" / name))


def load_stopwords(path: Path | None = None) -> dict[str, frozenset[str]]:
    """The stop list by section ("#: function", "#: time", "#: common", "#: names")."""
    p = path or _data_path("place_stopwords.txt")
    try:
        lines = p.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise GazetteerError(f"place stop list {p} cannot be read: {exc}; reinstall marsad") from exc
    sections: dict[str, set[str]] = {}
    current = "common"
    for line in lines:
        line = line.strip()
        if line.startswith("#:"):
            current = line[2:].split()[0] if line[2:].split() else "common"
        elif line and not line.startswith("#"):
            sections.setdefault(current, set()).add(name_key(line))
    return {k: frozenset(v) for k, v in sections.items()}


def load_heads(path: Path | None = None) -> dict[str, tuple[str, bool]]:
    p = path or _data_path("places_heads.yaml")
    try:
        data = yaml.safe_load(p.read_text(encoding="utf-8")) or []
    except (OSError, yaml.YAMLError) as exc:
        raise GazetteerError(f"place head words {p} cannot be read: {exc}; reinstall marsad") from exc
    heads: dict[str, tuple[str, bool]] = {}
    for group in data:
        kind = str(group["kind"]) + ("_definite" if group.get("definite") else "")
        for form in group.get("forms", []):
            heads[name_key(str(form))] = (kind, bool(group.get("open")))
    return heads


def load_vocalised(path: Path | None = None) -> dict[str, tuple[tuple[str, str], ...]]:
    """Gazetteer key -> (vowelled spelling, the key it then stands for) pairs."""
    p = path or _data_path("place_vocalised.yaml")
    try:
        data = yaml.safe_load(p.read_text(encoding="utf-8")) or []
    except (OSError, yaml.YAMLError) as exc:
        raise GazetteerError(f"place spellings {p} cannot be read: {exc}; reinstall marsad") from exc
    out: dict[str, list[tuple[str, str]]] = {}
    for e in data:
        out.setdefault(name_key(str(e["name"])), []).append((str(e["written"]), name_key(str(e["means"]))))
    return {k: tuple(v) for k, v in out.items()}


class PlaceRecogniser:
    """Finds place mentions; holds only immutable data loaded once (stop list, heads, gazetteer keys)."""

    def __init__(self, gaz: Gazetteer | None, stopwords: dict[str, frozenset[str]] | None = None,
                 heads: dict[str, tuple[str, bool]] | None = None) -> None:
        self.gaz = gaz
        sections = stopwords if stopwords is not None else load_stopwords()
        self.stop: frozenset[str] = frozenset().union(*sections.values()) if sections else frozenset()
        # what ends an unknown name after a head word: function words and times only
        self.times: frozenset[str] = sections.get("time", frozenset())
        self.name_breaks: frozenset[str] = sections.get("function", frozenset()) | self.times
        self.heads = heads if heads is not None else load_heads()
        self.vocalised = load_vocalised()
        self.key_rank: dict[str, float] = gaz.key_rank if gaz is not None else {}
        first = gaz.first_token if gaz is not None else {}
        # a function word or a time word never starts a name ("في", "يوم"): skip them outright
        self.first_token: dict[str, int] = {k: v for k, v in first.items() if k not in self.name_breaks}
        # per word form: what it can begin (a memo of a pure function of the word, never of a document)
        self._words: dict[str, _Word] = {}
        self._seen: set[str] = set()  # the memo's words (a set: the cheapest test of a whole text)
        # the memo's words that may begin a mention: None, or the next words when they begin only
        # longer names
        self._begin: dict[str, frozenset[str] | None] = {}
        self._hint: set[str] = set()  # those that name a prominent place (hashtag hints)
        self.second_words: dict[str, frozenset[str]] = gaz.second_words if gaz is not None else {}
        self.prefixes: frozenset[str] = gaz.prefixes if gaz is not None else frozenset()

    # ------------------------------------------------------------------ helpers

    def _head_at(self, tok: Token) -> tuple[str, bool] | None:
        return self._word(tok).head

    def _word(self, tok: Token) -> _Word:
        w = self._words.get(tok.norm)
        if w is None:
            if len(self._words) >= _MAX_MEMO:
                self._words, self._seen, self._begin, self._hint = {}, set(), {}, set()
            w = self._words[tok.norm] = self._word_info(tok)
            self._seen.add(tok.norm)
            if w.head is not None or w.own_live:
                self._begin[tok.norm] = None
            elif w.nexts:
                self._begin[tok.norm] = w.nexts
            if w.own_hint:
                self._hint.add(tok.norm)
        return w

    def _word_info(self, tok: Token) -> _Word:
        """What a word form can begin. A head word can begin a phrase; a word can begin a gazetteer
        name when one of its keys is a name's first word. A one-word name that could never be
        accepted bare (a stop word, a name too short, a hamlet below ``_ANY_CONTEXT``) is no reason
        to visit the word: most of the common vocabulary is skipped so, without a lookup, and a
        word that only begins longer names is visited when the next word continues one."""
        head = next((h for h in map(self.heads.get, tok.keys) if h is not None), None)
        firsts, rank, stop = self.first_token, self.key_rank, self.stop
        # a place name takes prefixes (و، ب، ل، ال) but no pronoun suffix: "وجدتهما" (found them)
        # is not وجدة, "مدينتها" is not a name
        # nor "ك" (as): "كويت الرحمة" is not "ويت"
        cuts = clitic_keys(tok.norm)
        starters = tuple((ki, k) for ki, k in enumerate(tok.keys) if k in firsts and not _suffix_stripped(tok.norm, k)
                         and "ك" not in tok.norm[:cuts[ki][1]])
        if not tok.norm[:1].isalpha():
            return _Word(None, starters, False, False, frozenset(), False, False)
        tok_stop = any(k in stop for k in tok.keys)
        own_live = own_hint = False
        nexts: set[str] = set()
        for _, k in starters:
            r = rank.get(k, 0.0)
            short = len(k.replace("ال", "", 1)) < 3
            if not tok_stop and not short and r >= _ANY_CONTEXT or tok_stop and r >= _PROMINENT and self._country_title(k):
                own_live = True
            if r >= _PROMINENT and k not in stop:
                own_hint = True
            nexts.update(self.second_words.get(k, ()))
        may_prominent = bool(nexts) or any(rank.get(k, 0.0) >= _PROMINENT for _, k in starters)
        return _Word(head, starters, own_live, own_hint, frozenset(nexts), may_prominent, tok_stop)

    def _positions(self, toks: list[Token], hashtags: bool) -> list[int]:
        """The token positions where a mention may begin, in order: found by set lookups per word
        form (no loop over the words of the text)."""
        norms = list(map(_NORM, toks))
        if not self._seen.issuperset(norms):
            missing = set(norms).difference(self._seen)
            for k, w in enumerate(norms):
                if w in missing:
                    missing.discard(w)
                    self._word(toks[k])
        n = len(norms)
        begin = self._begin
        positions = [k for k in compress(range(n), map(begin.__contains__, norms))
                     if (nexts := begin[norms[k]]) is None or k + 1 < n and norms[k + 1] in nexts]
        got = positions
        if hashtags:
            got = got + list(compress(range(n), map(self._hint.__contains__, norms)))
        return got if got is positions else sorted(set(got))

    def _gaz_match(self, toks: list[Token], i: int, limit: int) -> tuple[int, str, int] | None:
        """Longest gazetteer name starting at token i: (end token, key, clitic key index)."""
        best: tuple[int, str, int] | None = None
        key_rank, prefixes = self.key_rank, self.prefixes
        for ki, key in self._word(toks[i]).starters:
            cand, j = key, i + 1
            while True:
                if cand in key_rank and (best is None or j > best[0]):
                    best = (j, cand, ki)
                if j >= limit or cand not in prefixes or not 0 <= toks[j].start - toks[j - 1].end <= 1:
                    break
                cand = cand + " " + toks[j].norm
                j += 1
        return best

    # ------------------------------------------------------------------ main

    def find(self, doc: Document) -> tuple[list[PlaceCandidate], list[str]]:
        """Place mentions with token indices into ``doc.tokens``, and hints: gazetteer keys of
        prominent places named only inside hashtags (evidence of the document's country)."""
        if "_" not in doc.text:
            return self._find(_View(doc.text, doc.tokens, doc.mentions))
        # "_" joins the words of a hashtag ("#حفر_الباطن"): names are matched across it
        keep = [k for k, t in enumerate(doc.tokens) if t.norm != "_"]
        view = _View(doc.text, [doc.tokens[k] for k in keep], _remap(doc.mentions, keep))
        cands, hints = self._find(view)
        for c in cands:
            c.tok_start, c.name_start = keep[c.tok_start], keep[c.name_start]
            c.tok_end, c.name_end = keep[c.tok_end - 1] + 1, keep[c.name_end - 1] + 1
        return cands, hints

    def _find(self, doc: _View) -> tuple[list[PlaceCandidate], list[str]]:
        toks = doc.tokens
        n = len(toks)
        if not n:
            return [], []
        blocked = [False] * n
        lex_place: dict[int, Mention] = {}
        names: list[Mention] = []
        for m in doc.mentions:
            if m.kind in NAME_KINDS:
                names.append(m)
            elif m.kind == "nat_adj" and self._country_word(doc, m):
                continue  # "في السعودية", "#السعودية": the country, not the adjective
            elif m.kind in BLOCKING_KINDS:
                for k in range(m.tok_start, min(m.tok_end, n)):
                    blocked[k] = True
            elif m.kind in PLACE_KINDS:
                lex_place[m.tok_start] = m
        hashtags = _compound_hashtags(doc)
        hints: list[str] = []
        metonymy: set[int] = set()
        for m in names:
            self._block_name(toks, m, blocked, lex_place, metonymy)
        out: list[PlaceCandidate] = []
        pending: list[tuple[int, tuple[int, str, int]]] = []  # bare town names that lacked context
        # most words start no name and head nothing: a memo per word form decides it, and only the
        # positions that can start a mention are visited (found by set lookups, without a loop)
        words = self._words
        positions = self._positions(toks, bool(hashtags))
        if lex_place:
            positions = sorted(set(positions).union(lex_place))
        nxt = 0
        for i in positions:
            if i < nxt:
                continue
            tok = toks[i]
            if not tok.norm[:1].isalpha():
                continue
            lm = lex_place.get(i)
            info = words.get(tok.norm) or self._word(tok)
            if lm is not None and i in hashtags and hashtags[i] != (i, lm.tok_end):
                lm = None
            if lm is not None and blocked[i]:
                # a country or capital the lexicon also knows as an actor ("روسيا"): still a place
                out.append(self._lexicon_place(doc, i, lm, "metonymy"))
                nxt = lm.tok_end
                continue
            # a head word followed by a name
            head = info.head if not blocked[i] else None
            gm = self._gaz_match(toks, i, n) if not blocked[i] and info.starters else None
            if gm is not None and True in blocked[i:gm[0]]:
                gm = None
            if head is not None and (gm is None or gm[0] == i + 1):
                cand = self._after_head(doc, i, head, blocked)
                if cand is not None:
                    out.append(cand)
                    nxt = cand.tok_end
                    continue
            if gm is not None and i in hashtags and hashtags[i] != (i, gm[0]):
                # "#سيول_الكويت": a name inside a longer hashtag is a topic, not a mention; a prominent
                # one still tells which country the text is about
                if self.key_rank.get(gm[1], 0.0) >= _PROMINENT and gm[1] not in self.stop:
                    hints.append(gm[1])
                gm = None
            if gm is not None and self._accept_bare(doc, i, gm, out[-1].tok_end if out else -9):
                out.append(PlaceCandidate(i, gm[0], i, gm[0], gm[1],
                                          relation="metonymy" if i in metonymy else "in",
                                          name_cut=_cut(toks[i], gm[2])))
                nxt = gm[0]
                continue
            if lm is not None and lm.tok_end <= n:
                out.append(self._lexicon_place(doc, i, lm, "in"))
                nxt = lm.tok_end
                continue
            if gm is not None and (self._wants_context(toks, i, gm) or self._common_words_name(toks, i, gm)):
                pending.append((i, gm))
        if pending:
            out = self._in_document_country(toks, out, pending, hints)
        for c in out:
            if c.key in self.vocalised:
                written = doc.text[toks[c.name_start].start:toks[c.name_end - 1].end].replace("ـ", "")
                c.key = next((k for w, k in self.vocalised[c.key] if w in written and k in self.key_rank), c.key)
        speech_ends = frozenset(m.tok_end for m in doc.mentions if m.kind == "speech_verb")
        self._relations(doc, out, speech_ends)
        return out, hints

    def _country_word(self, doc: _View, m: Mention) -> bool:
        """A nationality adjective that is also its country's name, used as the country."""
        if m.tok_end - m.tok_start != 1:
            return False
        tok = doc.tokens[m.tok_start]
        key = next((k for k in tok.keys if self.key_rank.get(k, 0.0) >= 9.0), None)
        if key is None:
            return False
        if doc.text[tok.start - 1:tok.start] == "#" or tok.norm != key and tok.norm[:1] in "وبل":
            return True  # an adjective takes no preposition or conjunction: "والسعودية", "بالسعودية"
        if not m.tok_start:
            return True
        prev = doc.tokens[m.tok_start - 1]
        if prev.norm in CONTEXT_BEFORE:
            return True
        # the definite adjective follows the definite noun it qualifies ("القوات السعودية", "وزارة
        # الصحة السعودية"); anywhere else ("السعودية تسجل", "بقيادة السعودية", ". . . السعودية") it
        # is the country
        gap = doc.text[prev.end:tok.start]
        definite = prev.norm.startswith(("ال", "لل")) or prev.norm[:1] in "وبفل" and prev.norm[1:3] == "ال"
        return not (definite and gap.isspace())

    def _block_name(self, toks: list[Token], m: Mention, blocked: list[bool], lex_place: dict[int, Mention],
                    metonymy: set[int]) -> None:
        """An actor's or a source's name hides the places in it ("قوات سوريا الديمقراطية"), except a
        prominent place the name is about: the whole name ("روسيا", "واشنطن"), or a place after a
        head word or "في" inside it ("قاعدة حميميم الجوية", "القيادة الروسية في قاعدة حميميم")."""
        lo, hi = m.tok_start, min(m.tok_end, len(toks))
        keep: set[int] = set()
        k = lo
        while k < hi:
            gm = self._gaz_match(toks, k, hi) if self._word(toks[k]).may_prominent else None
            if gm is None or self.key_rank.get(gm[1], 0.0) < _PROMINENT:
                k += 1
                continue
            end = gm[0]
            # the whole name, or the name and its adjectives ("قاعدة حميميم الجوية")
            whole = k == lo and all(t.norm.startswith("ال") and t.norm.endswith(("ي", "يه"))
                                    for t in toks[end:hi])
            after_head = k > lo and (toks[k - 1].norm in ("في", '"') and k - 1 > lo
                                     and self._head_at(toks[k - 2 if toks[k - 1].norm == '"' else k - 1]) is not None
                                     or self._head_at(toks[k - 1]) is not None or toks[k - 1].norm == "في")
            if whole or after_head:
                keep.update(range(k, end))
                if whole:
                    metonymy.add(k)
            k = end
        for t in range(lo, hi):
            if t not in keep:
                blocked[t] = True
        if m.tok_start in lex_place and lo in keep:
            metonymy.add(lo)

    def _lexicon_place(self, doc: _View, i: int, lm: Mention, relation: str) -> PlaceCandidate:
        toks = doc.tokens
        key = None
        rest = " ".join(t.norm for t in toks[i + 1:lm.tok_end])
        # the lexicon may have matched through a clitic: look the stripped forms up in the gazetteer
        for k in toks[i].keys:
            full = (k + " " + rest).strip()
            if full in self.key_rank:
                key = full
                break
        return PlaceCandidate(i, lm.tok_end, i, lm.tok_end, key, relation=relation,
                              lexicon_country=lm.entry.get("country"))

    def _accept_bare(self, doc: _View, i: int, gm: tuple[int, str, int], prev_end: int) -> bool:
        toks = doc.tokens
        end, key, ki = gm
        ntok = end - i
        stripped = toks[i].keys[ki]
        if ntok == 1:
            if self._word(toks[i]).stop and self._country_title(key):
                # "في المملكة", "#المملكة": the kingdom the text is about (the resolver picks which)
                return self._has_context(doc, i, ki, self.key_rank.get(key, 0.0), end)
            if self._word(toks[i]).stop or len(stripped.replace("ال", "", 1)) < 3:
                return False
            if self._head_at(toks[i]) is not None:
                return False  # "المدينة", "منطقة" alone are not names
            if stripped in _NAME_PREFIX_WORDS and end < len(toks) and _joined(toks, i, end + 1) \
                    and toks[end].norm[:1].isalpha() and toks[end].norm not in self.stop:
                return False  # "وادي الهيدان", "جبل X": the start of a name the gazetteer lacks
        elif stripped in self.stop and all(t.norm in self.stop for t in toks[i + 1:end]):
            return False  # "المنطقة الشرقية", "والمنطقة الشرقية": see ``_common_words_name``
        rank = self.key_rank.get(key, 0.0)
        if rank >= _PROMINENT:
            return True
        if ntok > 1 and rank >= _ANY_CONTEXT:
            return True
        if rank < _ANY_CONTEXT:
            return False
        # coordinated with the place before it: "مأدبا ومعان", "حلب، إدلب"
        if prev_end == i and toks[i].norm.startswith("و") or prev_end == i - 1 and toks[i - 1].norm in "،,و-/":
            return True
        return self._has_context(doc, i, ki, rank, end)

    def _wants_context(self, toks: list[Token], i: int, gm: tuple[int, str, int]) -> bool:
        """A bare one-word name of a town of some size that ``_accept_bare`` refused for want of a
        preposition before it (never a stop word, a short word or a head word)."""
        if gm[0] - i != 1 or self.key_rank.get(gm[1], 0.0) < _CLITIC_CONTEXT:
            return False
        w = self._word(toks[i])
        return not w.stop and w.head is None and len(toks[i].keys[gm[2]].replace("ال", "", 1)) >= 3

    def _country_title(self, key: str) -> bool:
        """A common word that names several countries and nothing else ("المملكة": the Kingdom)."""
        if self.gaz is None:
            return False
        places = self.gaz.candidates(key)
        return len(places) > 1 and all(p.feature == "country" for p in places)

    def _common_words_name(self, toks: list[Token], i: int, gm: tuple[int, str, int]) -> bool:
        """A prominent name made of common words only ("المنطقة الشرقية", "الحدود الشمالية"): a
        province where the document is about its country, a phrase ("the eastern area") elsewhere."""
        end, key, ki = gm
        if end - i < 2 or self.key_rank.get(key, 0.0) < _PROMINENT:
            return False
        return all(k in self.stop for k in [toks[i].keys[ki], *(t.norm for t in toks[i + 1:end])])

    def _in_document_country(self, toks: list[Token], out: list[PlaceCandidate],
                             pending: list[tuple[int, tuple[int, str, int]]], hints: list[str]) -> list[PlaceCandidate]:
        """A town of the country the document is about needs no preposition: "قصفت الطائرات سراقب",
        "سيول الفحيحيل" in a report that names Syria or Kuwait (as a country or a prominent place)."""
        if self.gaz is None:
            return out
        countries: set[str] = set()
        for key in [c.key for c in out if c.key] + hints:
            if self.key_rank.get(key, 0.0) < _PROMINENT:
                continue
            top = self.gaz.candidates(key)[:1]
            if top and top[0].country and (top[0].feature == "country" or top[0].rank >= _PROMINENT):
                countries.add(top[0].country)
        countries.update(c.lexicon_country for c in out if c.lexicon_country)
        if not countries:
            return out
        taken = {k for c in out for k in range(c.tok_start, c.tok_end)}
        added = False
        for i, (end, key, ki) in pending:
            if i in taken or not any(p.country in countries and p.rank >= _CLITIC_CONTEXT
                                     for p in self.gaz.candidates(key)):
                continue
            out.append(PlaceCandidate(i, end, i, end, key, name_cut=_cut(toks[i], ki)))
            taken.add(i)
            added = True
        return sorted(out, key=lambda c: c.tok_start) if added else out

    def _has_context(self, doc: _View, i: int, ki: int, rank: float, end: int) -> bool:
        toks = doc.tokens
        if end < len(toks) and (toks[end].norm in CONTEXT_AFTER or (
                toks[end].norm in ("في", "وفي") and end + 1 < len(toks) and toks[end + 1].norm == "ريف")):
            # placed against another place ("X بريف Y", "X غربي Y", "X في ريف Y"): a name, as after "في"
            return True
        cut = clitic_keys(toks[i].norm)[ki][1] if ki else 0
        if cut and any(c in "بل" for c in toks[i].norm[:cut]):
            # "بمعان", "لحلب": a preposition on the name itself; weak evidence ("بشأن", "بنفس"), so
            # only for towns of some size
            return rank >= _CLITIC_CONTEXT
        if doc.text[toks[i].start - 1:toks[i].start] == "#":
            return True
        if i == 0:
            return False
        prev = toks[i - 1]
        if prev.norm in CONTEXT_BEFORE or any(k in CONTEXT_BEFORE for k in prev.keys[1:2]):
            return prev.end == toks[i].start or doc.text[prev.end:toks[i].start].isspace()
        return False

    def _after_head(self, doc: _View, h: int, head: tuple[str, bool], blocked: list[bool]) -> PlaceCandidate | None:
        toks = doc.tokens
        n = len(toks)
        kind, is_open = head
        if h and toks[h].norm == "طريق" and toks[h - 1].norm == "عن":
            return None  # "عن طريق": by way of, not a road
        if "أدى" in doc.text[toks[h].start:toks[h].end]:
            return None  # "وأدى إلى" (and led to) folds to "وادي" (valley)
        j = h + 1
        if j >= n or not (_joined(toks, h, j + 1) or _tagged(doc.text, toks[h], toks[j])):
            return None
        if kind == "around" and toks[j].norm in ("مدينه", "بلده", "قريه", "محافظه", "منطقه") and j + 1 < n:
            # "ريف مدينة X", "أطراف بلدة X": the inner head word belongs to the phrase
            j += 1
        if toks[j].norm == "#" and j + 1 < n and toks[j + 1].start == toks[j].end:
            j += 1  # "منطقة #عفرين": the name is tagged
        gm = self._gaz_match(toks, j, n) if not blocked[j] else None
        if gm is not None and True in blocked[j:gm[0]]:
            gm = None
        if gm is not None and gm[0] - j == 1 and (toks[j].keys[gm[2]] in self.stop or toks[j].norm in self.stop):
            gm = None
        if gm is not None and kind.startswith("poi") and self.key_rank.get(gm[1], 0.0) < _PROMINENT \
                and self._unknown_name_end(toks, gm[0], blocked) > gm[0]:
            gm = None  # "طريق الملك عبد العزيز", "المعهد القومي للأورام": a name, not the village الملك
        if gm is not None and gm[0] - j == 1 and toks[j].keys[gm[2]] in _NAME_PREFIX_WORDS \
                and self._unknown_name_end(toks, gm[0], blocked) > gm[0]:
            gm = None  # "قرية تل جمعة", "قرية دير سنبل": the name goes on; it is not a place called تل
        definite = kind.endswith("_definite")
        if definite:
            kind = kind.removesuffix("_definite")
            if not toks[j].norm.startswith("ال") or toks[j].norm in self.name_breaks:
                return None  # "المستشفى الميداني" names a place; "المستشفى في" does not
        if gm is not None:
            end, key = gm[0], gm[1]
        else:
            if not is_open:
                return None
            end = self._unknown_name_end(toks, j, blocked)
            if end == j:
                return None
            key = None
        cand = PlaceCandidate(h, end, j, end, key, doc.text[toks[h].start:toks[h].end], kind,
                              name_cut=_cut(toks[j], gm[2]) if gm is not None else 0)
        if kind == "around":
            cand.relation = "near"
        return cand

    def _unknown_name_end(self, toks: list[Token], j: int, blocked: list[bool]) -> int:
        n = len(toks)
        k = j
        while k < n and k - j < _MAX_UNKNOWN_NAME:
            t = toks[k]
            w = t.norm
            if not w[:1].isalpha() or blocked[k] or w in self.name_breaks or w.isascii():
                break  # a Latin word ("https", a channel's initials) is no part of an Arabic name
            if k > j and (not _joined(toks, k - 1, k + 1) or w.startswith("و")):
                break
            if w in BEARING_WORDS or w in DISTANCE_UNITS or w in NEAR_WORDS or self._head_at(t) is not None:
                break
            if k == j and w in DIRECTION_ADJECTIVES:
                break
            if k > j and self._placed_by(toks, k, n):
                break  # "المستشفى المركزي بحفر الباطن": the site's name ends where its town begins
            k += 1
            if w in DIRECTION_ADJECTIVES:
                break
        return k

    def _placed_by(self, toks: list[Token], k: int, n: int) -> bool:
        """Token k is a fused "ب" on a known town ("بالقاهرة", "بحفر الباطن"): where the name before
        it lies, not a word of that name."""
        if not toks[k].norm.startswith("ب"):
            return False
        gm = self._gaz_match(toks, k, n)
        if gm is None or not gm[2] or _cut(toks[k], gm[2]) != 1:
            return False
        return self.key_rank.get(gm[1], 0.0) >= _ANY_CONTEXT and gm[1] not in self.stop

    # ------------------------------------------------------------------ relations

    def _relations(self, doc: _View, cands: list[PlaceCandidate], speech_ends: frozenset[int]) -> None:
        toks = doc.tokens
        n = len(toks)
        for c in cands:
            # a direction adjective right after the name: "ريف حلب الشمالي"
            if c.tok_end < n:
                w = toks[c.tok_end].norm
                two = w + " " + toks[c.tok_end + 1].norm if c.tok_end + 1 < n else ""
                if two in DIRECTION_ADJECTIVES:
                    c.offset = {"bearing": DIRECTION_ADJECTIVES[two]}
                    c.tok_end += 2
                elif w in DIRECTION_ADJECTIVES:
                    c.offset = {"bearing": DIRECTION_ADJECTIVES[w]}
                    c.tok_end += 1
                if c.offset is not None and c.relation == "in":
                    c.relation = "direction"
            self._before(doc, c)
            # "أكدت دمشق", "قالت واشنطن": a capital or country as the speaker stands for its government
            if c.tok_start in speech_ends and c.head is None and c.relation == "in":
                c.relation = "metonymy"
        for idx, c in enumerate(cands[:-1]):
            # the container: "X بريف Y", "X في Y", "X، Y", "X التابعة لـ Y", "X 20 كلم شمال Y"
            nxt = cands[idx + 1]
            if nxt.tok_start - c.tok_end > 3:
                continue
            gap = [t.norm for t in toks[c.tok_end:nxt.tok_start]]
            if all(g in _CONTAINER_LINKS for g in gap) and (
                    gap or self._prepositioned(toks, nxt) or nxt.head_kind in ("around", "province")
                    or nxt.relation in ("near", "direction") and nxt.tok_start < nxt.name_start):
                # "قرية X غرب مدينة Y", "X قرب Y": X lies by Y
                c.container = idx + 1
            elif nxt.offset and "km" in nxt.offset and len(gap) <= 1 and c.offset is None:
                c.offset = dict(nxt.offset)  # "بلدة خشام 20 كلم شمال شرق مدينة دير الزور"
                c.container = idx + 1

    def _prepositioned(self, toks: list[Token], c: PlaceCandidate) -> bool:
        """The mention begins with a fused "ب"/"ف" ("بدير الزور", "بمدينة حلب"; not "بغداد")."""
        w = toks[c.tok_start].norm
        if c.tok_start == c.name_start:
            return bool(c.name_cut) and w[c.name_cut - 1] in "بف"
        return w[:1] in "بف" and w not in self.heads and w[1:] in self.heads

    def _before(self, doc: _View, c: PlaceCandidate) -> None:
        """Near words, bearings and distances before the phrase extend it and set its relation."""
        toks = doc.tokens
        s = c.tok_start
        # "قرب X", "بالقرب من X"
        if s >= 1 and toks[s - 1].norm == "من" and s >= 2 and toks[s - 2].keys[-1] in ("القرب", "قريبا", "مقربه"):
            c.tok_start, c.relation = s - 2, "near"
            return
        if s >= 1 and not NEAR_WORDS.keys().isdisjoint(toks[s - 1].keys):
            c.tok_start, c.relation = s - 1, "near"
            return
        # bearing words: "جنوب شرقي X", "شمال X", "الى الشمال من X"
        k = s
        if k >= 1 and toks[k - 1].norm == "من" and k >= 2 and toks[k - 2].keys[-1].removeprefix("ال") in BEARING_WORDS:
            k -= 1
        bearing_toks: list[str] = []
        while k >= 1 and len(bearing_toks) < 2:
            w = toks[k - 1].keys[-1].removeprefix("ال")
            b = BEARING_WORDS.get(w)
            if b is None:
                break
            bearing_toks.insert(0, b)
            k -= 1
        if not bearing_toks:
            return
        bearing = bearing_toks[0]
        if len(bearing_toks) == 2 and bearing_toks[0] in "NS" and bearing_toks[1] in "EW":
            bearing = bearing_toks[0] + bearing_toks[1]
        offset: dict[str, Any] = {"bearing": bearing}
        # "20 كلم شمال شرق X"
        if k >= 2 and toks[k - 1].keys[-1] in DISTANCE_UNITS and toks[k - 2].norm.replace(".", "", 1).isdigit():
            try:
                km = float(toks[k - 2].norm) * DISTANCE_UNITS[toks[k - 1].keys[-1]]
            except ValueError:
                km = None
            if km is not None:
                offset["km"] = int(km) if km == int(km) else round(km, 1)
                k -= 2
        c.tok_start, c.relation = k, "direction"
        c.offset = offset


class _Word(NamedTuple):
    """What a word form can begin: its head-word reading, its keys that begin gazetteer names as
    (key index, key), and the words that can follow it in a multiword name."""

    head: tuple[str, bool] | None
    starters: tuple[tuple[int, str], ...]
    own_live: bool  # one of its keys is a one-word name that may be accepted bare
    own_hint: bool  # one of its keys is a prominent one-word name (a hashtag hint)
    nexts: frozenset[str]
    may_prominent: bool  # it may begin the name of a prominent place
    stop: bool  # one of its keys is a stop word


@dataclass(frozen=True)
class _View:
    """The document as the recogniser reads it: tokens without the "_" of hashtags."""

    text: str
    tokens: list[Token]
    mentions: list[Mention]


def _remap(mentions: list[Mention], keep: list[int]) -> list[Mention]:
    if len(keep) == (keep[-1] + 1 if keep else 0):
        return mentions
    out = []
    for m in mentions:
        a, b = bisect_left(keep, m.tok_start), bisect_left(keep, m.tok_end)
        if a < b:
            out.append(Mention(m.kind, m.start, m.end, a, b, m.entry))
    return out


def _compound_hashtags(doc: _View) -> dict[int, tuple[int, int]]:
    """Token i -> (first, end) token of the underscore hashtag it is in ("#سيول_الكويت")."""
    out: dict[int, tuple[int, int]] = {}
    if "_" not in doc.text:
        return out
    starts = [t.start for t in doc.tokens]
    for m in _HASHTAG.finditer(doc.text):
        a, b = bisect_left(starts, m.start()), bisect_left(starts, m.end())
        for k in range(a, b):
            out[k] = (a, b)
    return out


_HASHTAG = re.compile(r"#?[^\W\d_]+(?:_+[^\W\d_]+)+")

_CONTAINER_LINKS = frozenset(fold(w) for w in (
    "في", "،", ",", "-", "التابعه", "التابع", "ل", "لـ", "بمحافظه", "محافظه", "ب", "ريف", "بريف", "في ريف",
    "الواقعه", "الواقع", "شمال", "جنوب", "شرق", "غرب", "شرقي", "غربي", "شمالي", "جنوبي", "بمدينه", "مدينه",
    "داخل", "(", "/", "#"))


def _cut(tok: Token, key_index: int) -> int:
    return clitic_keys(tok.norm)[key_index][1] if key_index else 0


_TAG_GAP = re.compile(r"\s?[\u200e\u200f]*#[\u200e\u200f]*")


def _tagged(text: str, a: Token, b: Token) -> bool:
    """A hashtag right after a head word: "قرية #كفرنوران", "بريف #حلب_الغربي" (the "#" is no token)."""
    return _TAG_GAP.fullmatch(text[a.end:b.start]) is not None


def _joined(toks: list[Token], i: int, j: int) -> bool:
    """Tokens i..j-1 are separated by single spaces only (no line break or punctuation between)."""
    return all(0 <= toks[k].start - toks[k - 1].end <= 1 for k in range(i + 1, j))
