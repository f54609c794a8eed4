"""Casualty figures: who was killed, injured, missing or captured, and how many.

``find_casualties`` reads the tokens of a document with the quantities found by
``marsad.extract.quantities`` and returns one ``Casualty`` per figure. It knows these shapes
(all with clitics, verbal nouns and verbs, either word order):

- trigger + count + victim: "مقتل 12 مدنيا", "قتل في الغارة 5 أشخاص", "أصيب 25 عنصرا",
  "مقتل ثلاثة من المدنيين", "إصابة العشرات", "جرح 4"; "مقتل وإصابة 10" is killed_or_injured;
- trigger + victim without a count: a singular is 1 ("مقتل مدني"), a dual 2 ("استشهاد طفلين"),
  a bare indefinite plural a vague 2..9 ("مقتل مدنيين"); a definite plural is generic (nothing);
- a neutral trigger + casualty noun: "سقوط 7 قتلى", "وقوع قتيل";
- count + casualty noun with no trigger: "12 قتيلا", "ثلاثة جرحى", "15 قتيلا و30 جريحا";
  a standalone dual or singular: "قتيلان", "قتيل وجرحى";
- killed and injured together: "56 قتيلا وجريحا", "نحو 150 عنصرا بين قتيل وجريح";
- count + victim + verb: "47 شخصا قتلوا", "مدنيا أصيب";
- others: "وإصابة 10 آخرين", "وجرح آخرين", "وأصيب مثلهم" take the group (and for مثلهم the
  figure) of the figure before them in the sentence;
- listed victims add up: "استشهاد امرأة وطفلها" 2, "مقتل ثلاثة أطفال وأمهم" 4, "استشهاد رجل وأولاده
  الثلاثة" 4, "استشهاد خالد العمر وابنه" 2 (the named man counts);
- with no count, a pair of casualty nouns after a neutral trigger or before its cause in a headline
  is some killed and some injured: "سقوط قتلى وجرحى", "شهداء وجرحى بقصف على البلدة";
- tolls: "ارتفعت حصيلة القتلى إلى 12", "ارتفاع حصيلة القصف على البلدة، إلى 6 مدنيين";
- a named or relative-clause victim: "مقتل محمود الشاهر", "استشهد سامر العلي", "المدني الذي استشهد";
- a lone intransitive verb, its subject unnamed: "استشهد خلال القصف", "وقُتل في الغارة" (1);
- lists of the dead by name: "أسماء الشهداء: 1- … 2- … 3- …" (3), "الشهيد فلان ⏎ الشهيد فلان" (2);
- a vague killed-and-injured figure ("قتل وجرح عدد من المدنيين") is some killed and some injured.

A list after "بينهم"/"منهم" is part of the figure before it and gives no figure of its own.
A negated expression ("دون وقوع إصابات", "لم تسفر عن مقتل أحد") gives nothing: a figure of 0
would be scored as a casualty figure. A casualty span runs from its trigger (or its count when
the trigger is a neutral word such as سقوط) to its victim noun, so ``doc.text[c.start:c.end]``
is the whole expression. Language data lives in ``data/casualties.yaml``.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable
from dataclasses import dataclass, field
from importlib import resources
from operator import attrgetter
from pathlib import Path
from typing import Any

import yaml

from marsad.arabic.normalize import fold
from marsad.errors import LexiconError
from marsad.extract.quantities import COUNT_KINDS, surface_forms, token_candidates
from marsad.model import Casualty, Document, Quantity, Token

CATEGORIES = ("killed", "injured", "missing", "captured")
GROUPS = ("civilians", "combatants", "unknown")
_KI = frozenset({"killed", "injured"})
_BARRIERS = frozenset({".", "،", "؛", ";", ":", "!", "?", "؟", ",", "…"})
_SENTENCE_END = frozenset({".", "!", "?", "؟", "…"})
_CLAUSE_COMMAS = frozenset({"،", ","})
_START = attrgetter("start")
_SIDE_WORDS = 4  # at most this many words name the side between a victim noun and its verb


@dataclass(frozen=True, slots=True)
class _Noun:
    group: str  # civilians | combatants | unknown
    category: str | None  # set for casualty nouns (قتيل); None for person nouns (مدني)
    number: str  # sg | dual | pl
    definite: bool
    standalone: bool = False


@dataclass(frozen=True, slots=True)
class _Entry:
    trigger: str | None = None  # a category or "neutral"
    conditional: tuple[str, frozenset[str]] | None = None  # (category, words that must follow)
    noun: _Noun | None = None
    toll: bool = False


def _strings(value: Any, where: str) -> list[str]:
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(s, str) for s in value):
        raise LexiconError(f"{where}: expected a list of strings", origin="casualties.yaml")
    return value


def _phrases(values: Iterable[str]) -> tuple[tuple[str, ...], ...]:
    return tuple(sorted({tuple(fold(v).split()) for v in values}, key=len, reverse=True))


class CasualtyLexicon:
    """Triggers, victim and casualty nouns and the small word lists around them, folded at load."""

    def __init__(self, data: dict[str, Any]) -> None:
        try:
            self._build(data)
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise LexiconError(f"casualties.yaml is malformed: {exc!r}", origin="casualties.yaml") from exc

    @classmethod
    def load(cls, path: Path | None = None) -> CasualtyLexicon:
        if path is None:
            text = (resources.files("marsad") / "data" / "casualties.yaml").read_text(encoding="utf-8")
        else:
            text = Path(path).read_text(encoding="utf-8")
        data = yaml.safe_load(text)
        if not isinstance(data, dict):
            raise LexiconError("casualties.yaml must be a mapping", origin=str(path or "casualties.yaml"))
        return cls(data)

    def _build(self, data: dict[str, Any]) -> None:
        index: dict[str, _Entry] = {}

        def merge(key: str, **fields: Any) -> None:
            old = index.get(key, _Entry())
            new = {f: getattr(old, f) for f in ("trigger", "conditional", "noun", "toll")}
            for f, v in fields.items():
                if new[f] in (None, False):
                    new[f] = v
            index[key] = _Entry(**new)

        for cat, forms in data["triggers"].items():
            if cat not in (*CATEGORIES, "neutral"):
                raise LexiconError(f"unknown trigger category {cat!r}", origin="casualties.yaml")
            for f in _strings(forms, f"triggers.{cat}"):
                merge(fold(f), trigger=cat)
        for entry in data["conditional_triggers"]:
            cat = entry["category"]
            if cat not in CATEGORIES:
                raise LexiconError(f"unknown category {cat!r}", origin="casualties.yaml")
            req = frozenset(fold(f) for f in _strings(entry["requires"], "requires"))
            for f in _strings(entry["forms"], "conditional_triggers.forms"):
                merge(fold(f), conditional=(cat, req))
        self.window_for_requires = int(data["window_for_requires"])
        named = data.get("named_victim_triggers") or {}
        self.named_victim_triggers: dict[str, str] = {
            fold(f): cat for cat, forms in named.items() for f in _strings(forms, "named_victim_triggers")}
        duals = data.get("dual_victim_verbs") or {}
        self.dual_victim_verbs: dict[str, str] = {
            fold(f): cat for cat, forms in duals.items() for f in _strings(forms, "dual_victim_verbs")}
        if not set(self.dual_victim_verbs.values()) <= set(CATEGORIES):
            raise LexiconError("dual_victim_verbs: unknown category", origin="casualties.yaml")
        self.named_victim_words: frozenset[str] = frozenset(self.named_victim_triggers) | frozenset(
            self.dual_victim_verbs)
        self.single_victim_verbs = frozenset(
            fold(f) for f in _strings(data.get("single_victim_verbs") or [], "single_victim_verbs"))
        self.lone_victim_followers = frozenset(
            fold(f) for f in _strings(data.get("lone_victim_followers") or [], "lone_victim_followers"))
        self.passive_victim_verbs = frozenset(
            fold(f) for f in _strings(data.get("passive_victim_verbs") or [], "passive_victim_verbs"))
        self.lone_victim_not_after = frozenset(
            fold(f) for f in _strings(data.get("lone_victim_not_after") or [], "lone_victim_not_after"))
        self.lone_victim_window = int(data.get("lone_victim_window", 8))
        self.relatives_singular = frozenset(
            fold(f) for f in _strings(data.get("relatives_singular") or [], "relatives_singular"))
        self.name_not_after: frozenset[str] = frozenset(
            fold(f) for f in _strings(data.get("name_not_after") or [], "name_not_after"))

        hints: dict[str, str] = {}

        def add_nouns(entry: dict[str, Any], group: str, category: str | None, standalone: bool) -> None:
            if group not in GROUPS:
                raise LexiconError(f"unknown group {group!r}", origin="casualties.yaml")
            for number, key in (("sg", "singular"), ("dual", "dual"), ("pl", "plural")):
                for f in _strings(entry.get(key), f"{group}.{key}"):
                    form = fold(f)
                    merge(form, noun=_Noun(group, category, number, False, standalone))
                    merge("ال" + form, noun=_Noun(group, category, number, True, standalone))
                    if group != "unknown":
                        hints.setdefault(form, group)
                        hints.setdefault("ال" + form, group)

        for entry in data["victims"]:
            add_nouns(entry, entry["group"], None, False)
        for entry in data["casualty_nouns"]:
            if entry["category"] not in CATEGORIES:
                raise LexiconError(f"unknown category {entry['category']!r}", origin="casualties.yaml")
            add_nouns(entry, "unknown", entry["category"], bool(entry.get("standalone", False)))
        for head in _strings(data["toll_heads"], "toll_heads"):
            merge(fold(head), toll=True)
            merge("ال" + fold(head), toll=True)
        self.index = index
        self.surface = surface_forms(index)

        for group, forms in data["group_hints"].items():
            if group not in GROUPS:
                raise LexiconError(f"unknown group {group!r}", origin="casualties.yaml")
            for f in _strings(forms, f"group_hints.{group}"):
                hints[fold(f)] = group
        self.group_hints = hints
        self.group_links = _phrases(_strings(data["group_links"], "group_links"))
        self.trigger_skip = frozenset(fold(f) for f in _strings(data["trigger_skip"], "trigger_skip"))

        low, high = (int(v) for v in data["bare_plural"])
        self.bare_plural = (low, high)
        others = data["others"]
        self.others_pl = frozenset(fold(f) for f in _strings(others["plural"], "others.plural"))
        self.others_sg = frozenset(fold(f) for f in _strings(others["singular"], "others.singular"))
        low, high = (int(v) for v in data["others_bare"])
        self.others_bare = (low, high)
        self.same_as = frozenset(fold(f) for f in _strings(data["same_as"], "same_as"))
        self.subset_markers = _phrases(_strings(data["subset_markers"], "subset_markers"))
        self.between = _phrases(_strings(data["between"], "between"))
        self.negators = frozenset(fold(f) for f in _strings(data["negators"], "negators"))
        self.negation_window = int(data["negation_window"])
        self.toll_links = frozenset(fold(f) for f in _strings(data["toll_links"], "toll_links"))
        self.toll_window = int(data["toll_window"])
        self.toll_heads_alone = frozenset(
            k for f in _strings(data["toll_heads_alone"], "toll_heads_alone") for k in (fold(f), "ال" + fold(f)))
        # "قتلى وجرحى بالقصف": a cause with the article is still a cause (the keys hold "القصف")
        self.headline_causes = frozenset(
            k for f in _strings(data["headline_causes"], "headline_causes") for k in (fold(f), "ال" + fold(f)))
        self.max_gap = int(data["max_gap"])
        self.list_heading_words = int(data["list_heading_words"])
        self.list_item_words = int(data["list_item_words"])
        self.split_vague_max = int(data["split_vague_max"])
        self.max_name_words = int(data["max_name_words"])
        self.gap_breakers = frozenset(fold(f) for f in _strings(data["gap_breakers"], "gap_breakers"))
        self.injury_exclusions = frozenset(
            fold(f) for f in _strings(data["injury_exclusions"], "injury_exclusions"))
        self.injury_exclusion_window = int(data["injury_exclusion_window"])
        self.approx_after = _phrases(_strings(data["approx_after"], "approx_after"))


@dataclass(slots=True)
class _Figure:
    category: str
    group: str
    low: int
    high: int
    approximate: bool
    start: int  # token indices, end exclusive
    end: int
    anchor: int  # the token the search started from (negation is checked before it)
    extra: list[_Figure] = field(default_factory=list)  # coordinated figures of another group
    stop: int = -1  # where reading stopped (after coordinated figures); -1: at ``end``

    def __post_init__(self) -> None:
        if self.stop < 0:
            self.stop = self.end


class _Finder:
    def __init__(self, doc: Document, quantities: list[Quantity], lex: CasualtyLexicon) -> None:
        self.doc = doc
        self.text = doc.text
        self.tokens: list[Token] = doc.tokens
        self.n = len(doc.tokens)
        self.lex = lex
        index = lex.index
        hits: dict[int, _Entry] = {}
        for i in token_candidates(doc, lex.surface):
            for key in self.tokens[i].keys:  # the token's own keys decide; the surface set only finds it
                e = index.get(key)
                if e is not None:
                    hits[i] = e
                    break
        self.hits = hits
        self.q_at: dict[int, tuple[Quantity, int]] = {}
        tokens = self.tokens
        for q in quantities:
            if q.kind not in COUNT_KINDS:
                continue
            i = bisect_left(tokens, q.start, key=_START)
            if i < self.n and tokens[i].start == q.start:
                end = bisect_left(tokens, q.end, key=_START)
                if i > 0 and end < self.n and tokens[i - 1].norm == "(" and tokens[end].norm == ")":
                    i, end = i - 1, end + 1  # "و(5) شهداء": the brackets belong to the figure
                self.q_at[i] = (q, end)
        self.known: set[int] | None = None  # tokens inside an actor or place mention, when asked
        self.pos = 0
        self.out: list[Casualty] = []
        self.last: Casualty | None = None
        self.last_end = 0

    # ------------------------------------------------------------------ token helpers

    def _ok(self, p: int) -> bool:
        """Token ``p`` exists and continues the clause of token ``p - 1``."""
        if p >= self.n:
            return False
        tok = self.tokens[p]
        if tok.norm in _BARRIERS:
            return False
        if p == 0:
            return True
        gap = tok.start - self.tokens[p - 1].end
        if gap <= 1:
            return gap == 0 or self.text[tok.start - 1] != "\n"
        return "\n" not in self.text[self.tokens[p - 1].end:tok.start]

    def _noun(self, p: int) -> _Noun | None:
        e = self.hits.get(p)
        return e.noun if e is not None else None

    def _trigger(self, p: int) -> str | None:
        e = self.hits.get(p)
        return e.trigger if e is not None else None

    def _match(self, p: int, phrases: tuple[tuple[str, ...], ...]) -> int | None:
        """End of the first of ``phrases`` at token ``p`` (first word on clitic keys), or None."""
        if not self._ok(p):
            return None
        keys = self.tokens[p].keys
        for words in phrases:
            if words[0] not in keys:
                continue
            end = p + len(words)
            if all(self._ok(p + k) and self.tokens[p + k].norm == words[k] for k in range(1, len(words))):
                return end
        return None

    def _negated(self, s: int) -> bool:
        tokens, neg = self.tokens, self.lex.negators
        k = s - 1
        while k >= 0 and s - k <= self.lex.negation_window and self._ok(k + 1) and self._ok(k):
            tok = tokens[k]
            if tok.norm in neg and not (k + 1 < self.n and tokens[k + 1].norm == "سيما"):
                return True
            k -= 1
        return False

    def _group_after(self, p: int) -> tuple[str, int] | None:
        """A side named after a figure: "من المدنيين", "في صفوف القوات" -> (group, end)."""
        end = self._match(p, self.lex.group_links)
        if end is None or not self._ok(end):
            return None
        for key in self.tokens[end].keys:
            g = self.lex.group_hints.get(key)
            if g is not None:
                return g, end + 1
        return None

    def _pair(self, p: int, category: str | None) -> int | None:
        """ "بين قتيل وجريح" at p, or "وجريحا" after a killed noun: the end of the pair."""
        end = self._match(p, self.lex.between)
        if end is not None:
            a, b = self._noun(end), self._noun(end + 1)
            if (a is not None and b is not None and a.category and b.category and self._ok(end + 1)
                    and self.tokens[end + 1].norm.startswith("و") and {a.category, b.category} == _KI):
                return end + 2
            return None
        if category in _KI and self._ok(p) and self.tokens[p].norm.startswith("و") and p not in self.q_at:
            q = p + 1 if self.tokens[p].norm == "و" and self._ok(p + 1) else p  # "الشهداء و الجرحى"
            b = self._noun(q)
            if b is not None and b.category and {category, b.category} == _KI and not self._ok_number_after(q):
                return q + 1
        return None

    def _ok_number_after(self, p: int) -> bool:
        return (p + 1) in self.q_at and self._ok(p + 1)

    def _sentence_group(self, i: int) -> Casualty | None:
        """The figure before token ``i`` in the same sentence, for "آخرين" and "مثلهم"."""
        last = self.last
        if last is None:
            return None
        for k in range(self.last_end, i):
            if self.tokens[k].norm in _SENTENCE_END:
                return None
        if "\n" in self.text[last.end:self.tokens[i].start]:
            return None
        return last

    # ------------------------------------------------------------------ the pieces of a figure

    def _victim(self, p: int) -> tuple[_Noun | None, str | None, int]:
        """The victim after a count: a noun (optionally after "من"), or a side ("من القوات").
        Returns (noun, group from a side, end)."""
        if not self._ok(p):
            return None, None, p
        # right after a number the noun carries no clitic: "24 بوفاة" is not "24 deaths"
        e = self.lex.index.get(self.tokens[p].norm)
        noun = e.noun if e is not None else None
        if noun is not None:
            return noun, None, p + 1
        if self.tokens[p].norm == "من" and self._ok(p + 1):
            noun = self._noun(p + 1)
            if noun is not None:
                return noun, None, p + 2
            side = self._group_after(p)
            if side is not None:
                return None, side[0], side[1]
        return None, None, p

    def _finish(self, fig: _Figure, noun: _Noun | None) -> None:
        """Side after the figure, adjective group after a casualty noun, "تقريبا" after it all."""
        p = fig.end
        if noun is not None and noun.category and self._ok(p):
            adj = self._noun(p)
            if adj is not None and adj.category is None and adj.group != "unknown" and not adj.definite:
                fig.group = adj.group  # "جرحى مدنيون"
                p += 1
        if fig.group == "unknown":
            side = self._group_after(p)
            if side is not None:
                fig.group, p = side
        end = self._match(p, self.lex.approx_after)
        if end is not None:
            fig.approximate = True
            p = end
        fig.end = fig.stop = p

    def _after_aside(self, p: int) -> int:
        """After a short bracketed aside at ``p`` ("امرأة (35 عاما) وابنتها"), else ``p``."""
        if not (self._ok(p) and self.tokens[p].norm == "("):
            return p
        for k in range(p + 1, min(p + 5, self.n)):
            if not self._ok(k) or k in self.hits:
                return p
            if self.tokens[k].norm == ")":
                return k + 1
        return p

    def _after_name(self, p: int) -> int:
        """After the name of the victim just counted, when another victim is joined to it: "استشهاد
        الطفلة سلمى أحمد العلي وامرأة من جيرانها" (the name is skipped, the woman counts); else ``p``."""
        for q in range(p + 1, min(p + 1 + self.lex.max_name_words, self.n)):
            if not self._ok(q):
                return p
            norm = self.tokens[q].norm
            if norm.startswith("و") and q not in self.q_at and self._trigger(q) is None \
                    and self._noun(q) is not None:
                return q if self._name(p, q) else p
        return p

    def _coordinated(self, fig: _Figure, base_category: str) -> None:
        """ "مقتل 4 أطفال و3 نساء", "إصابة امرأتين وطفلين": more victims of the same trigger."""
        while True:
            p = self._after_name(self._after_aside(fig.stop))
            if not self._ok(p):
                return
            norm = self.tokens[p].norm
            if norm == "و" and (p + 1) in self.q_at and self._ok(p + 1):
                q, qend = self.q_at[p + 1]
                noun, _, end = self._victim(qend)
                if noun is None:
                    return
                low, high, approx = q.low, q.high, q.approximate
            elif norm.startswith("و") and p in self.q_at:
                q, qend = self.q_at[p]
                noun, _, end = self._victim(qend)
                if noun is None:
                    return
                low, high, approx = q.low, q.high, q.approximate
            elif norm.startswith("و") and self._trigger(p) is None and (bare_noun := self._noun(p)) is not None:
                noun = bare_noun
                bare = self._bare(noun)
                if bare is None:
                    return
                low, high, approx = bare
                end = p + 1
                counted = self._number_after(end, noun)
                if counted is not None:  # "استشهاد رجل وأولاده الثلاثة"
                    low = high = counted[0]
                    approx, end = False, counted[1]
            else:
                return
            if noun.category is not None and noun.category != base_category:
                return  # "5 قتلى و10 جرحى": the next figure is found on its own
            group = fig.group if noun.category is not None else noun.group
            same = next((f for f in (fig, *fig.extra) if f.group == group), None)
            if same is not None:
                same.low += low
                same.high += high
                same.approximate = same.approximate or approx
                same.end = end
            else:
                fig.extra.append(_Figure(fig.category, group, low, high, approx, p, end, fig.anchor))
            fig.stop = end

    def _number_after(self, p: int, noun: _Noun) -> tuple[int, int] | None:
        """A number that follows a victim noun as its adjective: (count, end). A singular or dual
        takes "واحد"/"اثنين"; a plural takes a number word ("أولاده الثلاثة"), not digits, which
        begin a new phrase more often than they count the noun before them."""
        if p not in self.q_at or not self._ok(p):
            return None
        q, qend = self.q_at[p]
        if q.kind != "number" or q.low != q.high:
            return None
        if q.low <= 2 or (noun.number == "pl" and not self.tokens[p].norm[:1].isdigit()):
            return q.low, qend
        return None

    def _bare(self, noun: _Noun) -> tuple[int, int, bool] | None:
        if noun.number == "sg":
            return 1, 1, False
        if noun.number == "dual":
            return 2, 2, False
        if noun.definite:
            return None
        low, high = self.lex.bare_plural
        return low, high, True

    # ------------------------------------------------------------------ shapes

    def _from_trigger(self, i: int, e: _Entry) -> _Figure | None:
        lex, tokens = self.lex, self.tokens
        cat = e.trigger
        if e.conditional is not None:
            ccat, req = e.conditional
            window = range(i + 1, min(self.n, i + 1 + lex.window_for_requires))
            if any(not req.isdisjoint(tokens[k].keys) for k in window):
                cat = ccat
        if cat is None:
            return None
        j = i + 1
        if self._ok(j) and tokens[j].norm.startswith("و"):
            other = self._trigger(j)
            if other is not None and {cat, other} == _KI:
                cat, j = "killed_or_injured", j + 1
        neutral = cat == "neutral"
        gap, p = 0, j
        while self._ok(p):
            tok = tokens[p]
            if tok.norm in lex.trigger_skip:
                p += 1
                continue
            if p in self.q_at:
                return self._count_after(i, cat, p, gap, neutral)
            e2 = self.hits.get(p)
            if e2 is not None and e2.trigger is not None and tok.norm.startswith("و"):
                return None  # "مقتل اليوم وإصابة طفل": إصابة opens its own figure
            noun = self._noun(p)
            if noun is not None:
                victims = self._count_after_agent(p, noun)
                if victims is not None:  # "قتل مسلحون مجهولون 3 مدنيين": the noun is the killer
                    return self._count_after(i, cat, victims, 1, neutral)
                fig = self._noun_after(i, cat, p, noun, neutral)
                if fig is not None and gap > 0 and noun.category is None and tok.norm.startswith("و") \
                        and self._name(j, p):
                    fig.low += 1  # "استشهاد خالد العمر وابنه": the person named before و is a victim too
                    fig.high += 1
                return fig
            if tok.norm in lex.others_pl or tok.norm in lex.others_sg or tok.norm in lex.same_as:
                return self._others_after(i, cat, p, neutral)
            too_far = gap >= lex.max_gap and not (gap < lex.max_name_words and self._name(j, p + 1))
            if too_far or (e2 is not None and (e2.trigger or e2.toll)) or tok.norm in lex.gap_breakers \
                    or (tok.norm.startswith("و") and len(tok.norm) > 3):
                return None
            gap += 1
            p += 1
        return None

    def _name(self, start: int, end: int) -> bool:
        """Tokens ``start``..``end`` are a person's name: words no lexicon knows (see
        ``_is_name_word``), the first not definite."""
        if self.known is None:
            self.known = {k for m in self.doc.mentions for k in range(m.tok_start, m.tok_end)}
        return end > start and all(
            k not in self.known and k not in self.q_at and _is_name_word(self.tokens[k], self.lex, k == start)
            for k in range(start, end))

    def _count_after_agent(self, p: int, noun: _Noun) -> int | None:
        """Where a counted victim starts when the bare noun at ``p`` is the verb's subject: a figure
        follows it within two words ("قتل مسلحون مجهولون 3 مدنيين"), with a victim after it."""
        if noun.category is not None or noun.number == "sg":
            return None
        for k in range(p + 1, min(p + 3, self.n)):
            if not self._ok(k):
                return None
            if k in self.q_at:
                victim, side, _ = self._victim(self.q_at[k][1])
                return k if victim is not None or side is not None else None
            if k in self.hits:
                return None
        return None

    def _count_after(self, i: int, cat: str, p: int, gap: int, neutral: bool) -> _Figure | None:
        q, qend = self.q_at[p]
        noun, side, end = self._victim(qend)
        group = "unknown"
        if noun is not None:
            group = noun.group
            if noun.category is not None and neutral:
                cat = noun.category
        elif side is not None:
            group = side
        elif self._ok(qend) and self.tokens[qend].norm in self.lex.others_pl:
            prev = self._sentence_group(i)
            group = prev.group if prev is not None else "unknown"
            end = qend + 1
        elif gap > 0:
            return None
        if noun is None or noun.category is None:
            pair = self._pair(end, None)
            if pair is not None:
                cat, end = "killed_or_injured", pair
        else:
            pair = self._pair(end, noun.category)
            if pair is not None:
                cat, end = "killed_or_injured", pair
        if cat == "neutral":
            return None
        fig = _Figure(cat, group, q.low, q.high, q.approximate, p if neutral else i, end, i)
        self._finish(fig, noun)
        self._coordinated(fig, noun.category if noun is not None and noun.category else cat)
        return fig

    def _noun_after(self, i: int, cat: str, p: int, noun: _Noun, neutral: bool) -> _Figure | None:
        bare = self._bare(noun)
        if bare is None:
            return None
        low, high, approx = bare
        end = p + 1
        counted = self._number_after(end, noun)
        if counted is not None:  # "مدني واحد", "مدنيين اثنين", "أولاده الثلاثة"
            low = high = counted[0]
            approx, end = False, counted[1]
        if neutral:
            if noun.category is None:
                return None
            cat = noun.category
        fig = _Figure(cat, noun.group, low, high, approx, p if neutral else i, end, i)
        pair = self._pair(end, noun.category) if noun.number != "sg" else None
        both = self._pair(end, noun.category) if counted is None and neutral else None
        other = self._noun(both - 1) if both is not None else None
        if both is not None and other is not None and other.category is not None \
                and (other_bare := self._bare(other)) is not None:
            # "سقوط قتلى وجرحى": with no count before them, each noun says "some" of its own harm
            fig.end = both
            self._finish(fig, noun)
            fig.extra.append(_Figure(other.category, fig.group, *other_bare, both - 1, both, i))
            fig.end = end
            return fig
        if pair is not None:
            fig.category, fig.end = "killed_or_injured", pair
        self._finish(fig, noun)
        self._coordinated(fig, noun.category or cat)
        return fig

    def _others_after(self, i: int, cat: str, p: int, neutral: bool) -> _Figure | None:
        if neutral:
            return None
        norm = self.tokens[p].norm
        prev = self._sentence_group(i)
        group = prev.group if prev is not None else "unknown"
        if norm in self.lex.same_as:
            if prev is None:
                return None
            return _Figure(cat, group, prev.low, prev.high, prev.approximate, i, p + 1, i)
        if norm in self.lex.others_sg:
            return _Figure(cat, group, 1, 1, False, i, p + 1, i)
        low, high = self.lex.others_bare
        return _Figure(cat, group, low, high, True, i, p + 1, i)

    def _from_count(self, i: int) -> _Figure | None:
        q, qend = self.q_at[i]
        noun, side, end = self._victim(qend)
        if noun is not None and noun.category is not None:
            cat = noun.category
            pair = self._pair(end, cat)
            if pair is not None:
                cat, end = "killed_or_injured", pair
            fig = _Figure(cat, "unknown", q.low, q.high, q.approximate, i, end, i)
            self._finish(fig, noun)
            self._coordinated(fig, noun.category)
            return fig
        group = noun.group if noun is not None else (side or "unknown")
        pair = self._pair(end, None)
        if pair is not None:  # "150 عنصرا بين قتيل وجريح"
            fig = _Figure("killed_or_injured", group, q.low, q.high, q.approximate, i, pair, i)
            self._finish(fig, None)
            return fig
        if noun is None:
            return None
        t = self._verb_after_side(end)
        t = t + 1 if self._ok(t) and self.tokens[t].norm == "قد" else t
        verb = self._trigger(t) if self._ok(t) else None
        if verb is None or verb == "neutral" or self._agent(t):
            return None
        fig = _Figure(verb, group, q.low, q.high, q.approximate, i, t + 1, i)
        self._finish(fig, noun)
        return fig

    def _verb_after_side(self, p: int) -> int:
        """Skip the side a victim noun belongs to when a verb follows it: "30 عنصراً من قوات النظام
        قتلوا". Only a short phrase after من, with no figure, victim or trigger in it, is skipped;
        otherwise ``p`` is returned unchanged."""
        if not (self._ok(p) and self.tokens[p].norm == "من"):
            return p
        for k in range(p + 1, min(p + 1 + _SIDE_WORDS, self.n)):
            if not self._ok(k) or k in self.q_at:
                return p
            e = self.hits.get(k)
            if e is not None and e.trigger is not None:
                return k if k > p + 1 else p
        return p

    def _agent(self, t: int) -> bool:
        """The noun before the verb at ``t`` is its agent when the verb has its own victims after it
        ("المسلح قتل 3 أشخاص")."""
        p = t + 1
        return self._ok(p) and (p in self.q_at or self._noun(p) is not None)

    def _headline_pair(self, i: int, noun: _Noun) -> _Figure | None:
        """ "قتلى وجرحى بقصف على البلدة", "شهداء وجرحى مدنيون جراء الغارات": a headline pair of
        indefinite plurals followed by its cause is some killed and some injured. Without the cause
        ("عدد القتلى والجرحى", a bare "قتلى وجرحى") it is no figure."""
        if noun.definite or noun.number != "pl" or self._pair(i + 1, noun.category) != i + 2:
            return None
        other = self._noun(i + 1)
        if other is None or other.category is None or other.definite or other.number != "pl":
            return None
        other_category = other.category
        p = i + 2
        group = "unknown"
        adj = self._noun(p) if self._ok(p) else None
        if adj is not None and adj.category is None and adj.group != "unknown" and not adj.definite:
            group, p = adj.group, p + 1  # "قتلى وجرحى مدنيون"
        else:
            side = self._group_after(p)
            if side is not None:
                group, p = side
        sub = self._match(p, self.lex.subset_markers)
        if sub is not None:  # "شهداء وجرحى بينهم أطفال ونساء بغارات": who was among them, then the cause
            q = sub
            while q < sub + 4 and self._ok(q) and (e := self.hits.get(q)) is not None and e.noun is not None \
                    and e.trigger is None:
                q += 1
            if q > sub:
                p = q
        if p < self.n and self.tokens[p].norm == "في":
            p += 1
        if not (self._ok(p) and not self.lex.headline_causes.isdisjoint(self.tokens[p].keys)):
            return None
        low, high = self.lex.bare_plural
        fig = _Figure(noun.category or "killed", group, low, high, True, i, i + 1, i)
        fig.extra.append(_Figure(other_category, group, low, high, True, i + 1, i + 2, i))
        fig.stop = p
        return fig

    def _from_noun(self, i: int, noun: _Noun) -> _Figure | None:
        if noun.category is not None:
            if noun.number == "pl":
                return self._headline_pair(i, noun)
            # a definite dual still counts two ("الشهيدين فلان وابنه"); a definite singular refers back
            if not noun.standalone or (noun.definite and noun.number != "dual"):
                return None
            low = 1 if noun.number == "sg" else 2
            end = i + 1
            if end in self.q_at and self._ok(end):
                q, qend = self.q_at[end]
                if q.kind == "number" and q.low == q.high and q.low <= 2:
                    low, end = q.low, qend
            fig = _Figure(noun.category, "unknown", low, low, False, i, end, i)
            self._finish(fig, noun)
            return fig
        bare = self._bare(noun)
        if bare is None:
            return None
        t = i + 1
        if self._ok(t) and self.tokens[t].norm == "قد":
            t += 1
        cat = self._trigger(t) if self._ok(t) else None
        if cat is None or cat == "neutral" or self._agent(t):
            return None
        low, high, approx = bare
        return _Figure(cat, noun.group, low, high, approx, i, t + 1, i)

    def _from_toll(self, i: int) -> _Figure | None:
        """ "ارتفعت حصيلة القتلى إلى 12", "ارتفاع حصيلة شهداء القصف على البلدة، إلى أربعة مدنيين".
        The head names the harm with the casualty noun after it; "حصيلة" alone ("ارتفاع حصيلة القصف
        على البلدة إلى 6 مدنيين") is a death toll when its figure is followed by a victim noun. The
        figure may come after a comma, never after the end of the sentence."""
        tokens, lex = self.tokens, self.lex
        noun = self._noun(i + 1) if self._ok(i + 1) else None
        if noun is not None and noun.category is not None:
            first: int = i + 2
        elif not lex.toll_heads_alone.isdisjoint(tokens[i].keys):
            noun, first = None, i + 1
        else:
            return None
        linked_before = any(k >= 0 and tokens[k].norm in lex.toll_links for k in (i - 1, i - 2))
        p = first
        while p < first + lex.toll_window and p < self.n:
            if tokens[p].norm in _CLAUSE_COMMAS and p > first and self._ok(p - 1):
                p += 1  # a comma ends a clause, not the toll phrase
                continue
            if not self._ok(p):
                return None
            if p in self.q_at:
                tok = tokens[p]
                clitic_l = tok.norm.startswith("ل") and len(tok.keys) > 1
                if linked_before or clitic_l or tokens[p - 1].norm in lex.toll_links:
                    return self._toll_figure(i, p, noun)
            p += 1
        return None

    def _toll_figure(self, i: int, p: int, noun: _Noun | None) -> _Figure | None:
        q, qend = self.q_at[p]
        victim, side, end = self._victim(qend)
        if noun is not None and noun.category is not None:
            cat = noun.category
        elif victim is not None:
            cat = victim.category or "killed"
        else:
            return None
        fig = _Figure(cat, "unknown", q.low, q.high, q.approximate, i, qend, i)
        if victim is not None:
            fig.group, fig.end = victim.group, end
            if victim.category is not None:
                fig.group = "unknown"
                # "حصيلة القصف إلى 80 قتيلا وجريحا"; after "حصيلة الشهداء" a "وجريحة" is another figure
                pair = self._pair(end, victim.category) if noun is None else None
                if pair is not None:
                    fig.category, fig.end = "killed_or_injured", pair
        elif side is not None:
            fig.group, fig.end = side, end
        self._finish(fig, victim)
        return fig

    # ------------------------------------------------------------------ driver

    def _excluded(self, fig: _Figure) -> bool:
        if fig.category not in ("injured", "killed_or_injured"):
            return False
        stop = min(self.n, fig.end + self.lex.injury_exclusion_window)
        bad = self.lex.injury_exclusions
        return any(not bad.isdisjoint(self.tokens[k].keys) for k in range(fig.anchor + 1, stop))

    def _skip_subset(self, p: int) -> int:
        """After "بينهم"/"منهم": the list is part of the figure before it; skip to the next trigger."""
        end = self._match(p, self.lex.subset_markers)
        if end is None:
            return p
        p = end
        while self._ok(p):
            tok = self.tokens[p]
            if tok.norm.startswith("و") and self._trigger(p) is not None:
                break
            p += 1
        return p

    def _split_vague(self, fig: _Figure) -> None:
        """ "قتل وجرح عدد من المدنيين", "سقوط عدد من الشهداء والجرحى", "استشهد وأصيب مدنيون": with
        no exact count the sentence still says that some were killed and some injured, so the figure
        is read as both, each at least one and at most the vague count (1..9 for "عدد من"). An exact
        count ("مقتل وإصابة 10 أشخاص", "نحو 150 بين قتيل وجريح") is a total whose split is unknown and
        stays one killed_or_injured figure; so does a vague one of more than a few ("العشرات")."""
        if fig.category != "killed_or_injured" or not fig.low < fig.high <= self.lex.split_vague_max:
            return
        fig.category, fig.low, fig.approximate = "killed", 1, True
        fig.extra.insert(0, _Figure("injured", fig.group, 1, fig.high, True, fig.start, fig.end, fig.anchor))

    def _emit(self, fig: _Figure) -> None:
        tokens = self.tokens
        for f in (fig, *fig.extra):
            c = Casualty(f.category, f.group, f.low, f.high, f.approximate,
                         tokens[f.start].start, tokens[f.end - 1].end)
            self.out.append(c)
            self.last = c
        self.last_end = fig.stop

    def run(self) -> list[Casualty]:
        anchors = sorted(set(self.hits) | set(self.q_at))
        for i in anchors:
            if i < self.pos:
                continue
            e = self.hits.get(i)
            fig: _Figure | None = None
            if e is not None and e.toll:
                fig = self._from_toll(i)
            if fig is None and e is not None and (e.trigger or e.conditional):
                fig = self._from_trigger(i, e)
                if fig is None and e.noun is None and i not in self.q_at:
                    continue
            if fig is None and i in self.q_at:
                fig = self._from_count(i)
            if fig is None and e is not None and e.noun is not None and (e.trigger is None or fig is None):
                fig = self._from_noun(i, e.noun)
            if fig is None:
                continue
            self.pos = self._skip_subset(fig.stop)
            if self._negated(min(fig.anchor, fig.start)) or self._excluded(fig):
                continue
            if fig.low > fig.high or fig.low < 0:
                continue
            self._split_vague(fig)
            self._emit(fig)
        return self.out


def find_casualties(doc: Document, quantities: list[Quantity], lex: CasualtyLexicon) -> list[Casualty]:
    """Casualty figures in text order; spans are offsets into ``doc.text``."""
    if not doc.tokens:
        return []
    found = _Finder(doc, quantities, lex).run()
    found.extend(_named_victims(doc, found, lex))
    found.extend(_lone_verbs(doc, found, quantities, lex))
    found.extend(_martyr_lists(doc, found, lex))
    found.sort(key=lambda c: c.start)
    return found


_ARABIC_WORD = re.compile("[\u0621-\u064a]{3,}")
_QUOTES = frozenset({'"', "“", "”", "«", "'"})


def _named_victims(doc: Document, found: list[Casualty], lex: CasualtyLexicon) -> list[Casualty]:
    """"مقتل محمود الشاهر": a killing noun followed by a person's name counts one victim. The name is a
    word no lexicon knows (not an actor, place word, number, victim noun or function word)."""
    toks = doc.tokens
    words = lex.named_victim_words
    starts = [k for k, t in enumerate(toks) if not words.isdisjoint(t.keys)]
    if not starts:
        return []
    covered = [(c.start, c.end) for c in found]
    known = {k for m in doc.mentions for k in range(m.tok_start, m.tok_end)}
    out: list[Casualty] = []
    for i in starts:
        dual = next((lex.dual_victim_verbs[k] for k in toks[i].keys if k in lex.dual_victim_verbs), None)
        if dual is not None:
            # "واستشهدا متأثرين بجراحهما": a dual verb with no figure of its own is two victims
            if not any(s <= toks[i].start < e for s, e in covered):
                out.append(Casualty(dual, "unknown", 2, 2, False, toks[i].start, toks[i].end))
            continue
        if i + 1 >= len(toks):
            continue
        cat = None
        for key in toks[i].keys:
            cat = lex.named_victim_triggers.get(key)
            if cat is not None:
                break
        if cat is None or any(s <= toks[i].start < e for s, e in covered):
            continue
        if i > 0 and toks[i - 1].norm in lex.relatives_singular and not lex.single_victim_verbs.isdisjoint(toks[i].keys):
            # "المدني الذي استشهد في القصف": one victim, of the group of the noun before "الذي"
            e = lex.index.get(toks[i - 2].norm) if i > 1 else None
            noun = e.noun if e is not None else None
            first = i - 2 if noun is not None and noun.category is None else i - 1
            out.append(Casualty(cat, noun.group if first == i - 2 and noun else "unknown", 1, 1, False,
                                toks[first].start, toks[i].end))
            continue
        k = i + 1
        if toks[k].norm in _QUOTES and k + 1 < len(toks):
            k += 1  # مقتل "سامر العبدالله"
        nxt = toks[k]
        if k in known or not _is_name_word(nxt, lex, True) or nxt.start - toks[k - 1].end > 1:
            continue
        out.append(Casualty(cat, "unknown", 1, 1, False, toks[i].start, nxt.end))
    return out


_DAMMA = "\u064f"
_ITEM_MARKS = frozenset({"-", "_", ".", ")", "–", "/"})


def _martyr_lists(doc: Document, found: list[Casualty], lex: CasualtyLexicon) -> list[Casualty]:
    """Victims listed by name, one figure for the list:

    - a numbered list under a heading of the dead ("أسماء الشهداء: ⏎ 1- فلان ⏎ 2- فلان ⏎ 3- فلان"
      is 3): the items must run 1, 2, 3 …; a list of the injured after it starts again at 1 and is
      not counted;
    - a run of "الشهيد" / "الشهيدة" entries, the first opening a line or after a heading of the
      dead, each next one following the one before ("الشهيد البطل فلان ⏎ الشهيد البطل فلان" is 2,
      "الشهداء: الشهيد فلان الشهيد فلان" too); a lone entry opening a line is one victim. An
      entry inside a sentence ("ابن الشهيد فلان", "عائلة الشهيد") is someone counted elsewhere or
      earlier, and is not counted."""
    toks = doc.tokens
    n = len(toks)
    covered = [(c.start, c.end) for c in found]
    out: list[Casualty] = []

    def line_start(k: int) -> bool:
        """Token ``k`` opens a line, or follows a colon or a list dash that does."""
        j = k
        while j > 0 and toks[j - 1].norm in _ITEM_MARKS | {":"} and "\n" not in doc.text[toks[j - 1].end:toks[j].start]:
            j -= 1
        return j == 0 or "\n" in doc.text[toks[j - 1].end:toks[j].start] or toks[j - 1].norm == ":"

    def marker(k: int) -> int | None:
        if k + 1 < n and toks[k].norm.isdigit() and len(toks[k].norm) <= 2 and toks[k + 1].norm in _ITEM_MARKS:
            return int(toks[k].norm)
        return None

    # the casualty nouns of the text, looked up once (most tokens are none)
    index = lex.index
    nouns: dict[int, _Noun] = {}
    for k, t in enumerate(toks):
        e = index.get(t.norm)
        if e is not None and e.noun is not None and e.noun.category is not None:
            nouns[k] = e.noun
    if not nouns:
        return []
    casualty_noun = nouns.get

    def heading(k: int) -> bool:
        """Token ``k`` is a plural of the dead heading what follows: "الشهداء: الشهيد فلان …"."""
        j = k - 1 if k > 0 and toks[k].norm == ":" else k
        noun = casualty_noun(j) if j >= 0 else None
        return noun is not None and noun.category == "killed" and noun.number == "pl"

    def free(k: int) -> bool:
        return not any(s <= toks[k].start < e for s, e in covered)

    # numbered lists under a heading of the dead
    heads = sorted(k for k, noun in nouns.items() if noun.category == "killed" and noun.number == "pl")
    done = 0  # a list's end: heads inside it are not read again
    for k in heads:
        if k < done or not free(k):
            continue
        first = next((j for j in range(k + 1, min(n, k + 1 + lex.list_heading_words)) if marker(j) == 1), None)
        if first is None or not line_start(first) and toks[first - 1].norm != ":":
            continue
        count, j, last = 1, first + 2, first + 1
        while j < n and j - last <= lex.list_item_words:
            m = marker(j)
            if m is not None:
                if m not in (count, count + 1):  # a cut-off item is often repeated whole ("4-ريماس...")
                    break
                count, last = m, j + 1
                j += 2
                continue
            noun = casualty_noun(j)
            if noun is not None and noun.category != "killed":
                break  # the list of the injured begins
            j += 1
        while last + 1 < min(n, j) and "\n" not in doc.text[toks[last].end:toks[last + 1].start]:
            last += 1  # to the end of the last item's line
        out.append(Casualty("killed", "unknown", count, count, False, toks[k].start, toks[last].end))
        done = last + 1

    # runs of "الشهيد فلان"
    entries = [k for k, noun in sorted(nouns.items()) if k < n - 1 and noun.category == "killed"
               and noun.number == "sg" and noun.definite and free(k) and _is_name_word(toks[k + 1], lex, False)]
    run: list[int] = []
    for k in entries + [-1]:
        if run and k >= 0 and k - run[-1] <= lex.list_item_words \
                and all(toks[j].norm not in _SENTENCE_END for j in range(run[-1], k)):
            run.append(k)
            continue
        if run:
            end = min(n - 1, run[-1] + 3)
            out.append(Casualty("killed", "unknown", len(run), len(run), False, toks[run[0]].start, toks[end].end))
        run = [k] if k >= 0 and (line_start(k) or heading(k - 1)) else []
    return out


def _lone_verbs(doc: Document, found: list[Casualty], quantities: list[Quantity],
                lex: CasualtyLexicon) -> list[Casualty]:
    """"استشهد خلال القصف على البلدة", "قُتل في الغارة": a singular verb that takes no object, its
    subject unnamed, followed by where, when or how it happened, is one victim. Not when a figure
    or a victim noun follows in the clause (the finder's business, or a subject further on), nor
    after "من" ("من استشهد في القصف" is whoever died)."""
    toks = doc.tokens
    n = len(toks)
    covered = [(c.start, c.end) for c in found]
    q_starts = {q.start for q in quantities if q.kind in COUNT_KINDS}
    out: list[Casualty] = []
    verbs = lex.single_victim_verbs | lex.passive_victim_verbs
    for i in [i for i, t in enumerate(toks) if not verbs.isdisjoint(t.keys)]:
        if i + 1 >= n:
            break
        tok = toks[i]
        keys = tok.keys
        lone = not lex.single_victim_verbs.isdisjoint(keys) or (
            not lex.passive_victim_verbs.isdisjoint(keys) and _passive(doc.text[tok.start:tok.end]))
        if not lone:
            continue
        cat = next((lex.named_victim_triggers[k] for k in keys if k in lex.named_victim_triggers), "killed")
        if any(s <= tok.start < e for s, e in covered):
            continue
        if i > 0 and toks[i - 1].norm in lex.lone_victim_not_after:
            continue
        nxt = toks[i + 1]
        if lex.lone_victim_followers.isdisjoint(nxt.keys) or "\n" in doc.text[tok.end:nxt.start]:
            continue
        clause_ok = True
        for k in range(i + 1, min(n, i + 1 + lex.lone_victim_window)):
            t = toks[k]
            if t.norm in _BARRIERS or "\n" in doc.text[toks[k - 1].end:t.start]:
                break
            e = next((lex.index[key] for key in t.keys if key in lex.index), None)
            if t.start in q_starts or (e is not None and e.noun is not None and e.trigger is None):
                clause_ok = False
                break
        if clause_ok:
            out.append(Casualty(cat, "unknown", 1, 1, False, tok.start, tok.end))
    return out


def _passive(surface: str) -> bool:
    """"قُتل", "وقُتلت": the verb is vowelled as a passive (a damma on its first radical)."""
    k = surface.find("ق")
    return k >= 0 and surface[k + 1:k + 2] == _DAMMA


def _is_name_word(tok: Token, lex: CasualtyLexicon, first: bool) -> bool:
    """A word of a person's name: Arabic letters, not a function, quantity or time word (name_not_after)
    nor a word the casualty lexicon knows; the first word of a name is not definite."""
    w = tok.norm
    return bool(_ARABIC_WORD.fullmatch(w)) and not (first and w.startswith(("ال", "لل", "بال"))) \
        and w not in lex.name_not_after and tok.keys[-1] not in lex.name_not_after and lex.index.get(w) is None
