"""Language data: loading the YAML files in ``marsad/data`` and matching their phrases over tokens.

Every phrase is normalised with the same ``fold`` as the text and split with the same tokenizer,
so a lexicon entry and a text mention meet in one form. Matching is over token keys: the first
word of a phrase may carry proclitics (و ف ب ل ك ال لل) or a pronoun suffix; later words match
their normalised form or a clitic-stripped key.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from marsad.arabic.normalize import fold
from marsad.arabic.tokens import TOKEN_RE, clitic_keys
from marsad.errors import LexiconError
from marsad.model import Token

_END = "\0"
_SKIPPABLE = frozenset({'"', "'", "_", "(", ")"})


def phrase_tokens(phrase: str) -> tuple[str, ...]:
    return tuple(m.group() for m in TOKEN_RE.finditer(fold(phrase)))


def data_path(name: str) -> Path:
    return Path(str(resources.files("marsad") / "data" / name))


def load_yaml(name: str, path: Path | None = None) -> Any:
    p = path or data_path(name)
    try:
        with open(p, encoding="utf-8") as fh:
            return yaml.safe_load(fh)
    except FileNotFoundError as exc:
        raise LexiconError(f"language data file {p} is missing; reinstall marsad") from exc
    except OSError as exc:
        raise LexiconError(f"cannot read language data file {p}: {exc}") from exc
    except yaml.YAMLError as exc:
        raise LexiconError(f"language data file {p} is not valid YAML: {exc}") from exc


@dataclass(frozen=True, slots=True)
class Match:
    kind: str
    tok_start: int
    tok_end: int  # exclusive
    entry: dict[str, Any]
    cut: int  # normalised characters of the first token that are clitics, not part of the phrase


@dataclass
class PhraseIndex:
    """A token trie of phrases, each ending in (kind, entry) payloads."""

    root: dict[str, Any] = field(default_factory=dict)
    size: int = 0
    # memo of _starts, a pure function of the word once the index is built (add() clears it)
    _start_cache: dict[str, tuple[tuple[dict[str, Any], int], ...]] = field(default_factory=dict, repr=False)

    def add(self, phrase: str, kind: str, entry: dict[str, Any]) -> None:
        toks = phrase_tokens(phrase)
        if not toks:
            return
        node = self.root
        for t in toks:
            node = node.setdefault(t, {})
        node.setdefault(_END, []).append((kind, entry))
        self.size += 1
        self._start_cache.clear()

    def add_all(self, phrases: Iterable[str], kind: str, entry: dict[str, Any]) -> None:
        for p in phrases:
            if isinstance(p, str) and p.strip():
                self.add(p, kind, entry)

    def scan(self, tokens: Sequence[Token]) -> list[Match]:
        """Every phrase match, as the longest match per (start token, kind)."""
        out: list[Match] = []
        n = len(tokens)
        cache = self._start_cache
        for i, tok in enumerate(tokens):
            firsts = cache.get(tok.norm)
            if firsts is None:
                firsts = self._starts(tok.norm)
            if not firsts:
                continue
            best: dict[str, Match] = {}
            for node, cut in firsts:
                self._walk(node, tokens, i, i + 1, n, cut, best)
            out.extend(best.values())
        return out

    def _starts(self, word: str) -> tuple[tuple[dict[str, Any], int], ...]:
        """Trie nodes a word can open (one per lookup key found), with the clitic cut of each.
        Cached per word form: most words open nothing, and news reuses its vocabulary."""
        cache = self._start_cache
        hit = cache.get(word)
        if hit is None:
            root = self.root
            hit = tuple((root[k], cut) for k, cut in clitic_keys(word) if k in root)
            if len(cache) > 500_000:
                cache.clear()
            cache[word] = hit
        return hit

    @staticmethod
    def _walk(node: dict[str, Any], tokens: Sequence[Token], i: int, j: int, n: int, cut: int,
              best: dict[str, Match]) -> None:
        while True:
            payloads = node.get(_END)
            if payloads:
                for kind, entry in payloads:
                    m = best.get(kind)
                    if m is None or m.tok_end < j:
                        best[kind] = Match(kind, i, j, entry, cut)
            # quotes and hashtag underscores inside a name: تنظيم "داعش", قوات "سوريا الديمقراطية"
            k = j
            while k + 1 < n and tokens[k].norm in _SKIPPABLE:
                k += 1
            if k >= n:
                return
            nxt = None
            for key in tokens[k].keys:
                nxt = node.get(key)
                if nxt is not None:
                    break
            if nxt is None:
                return
            node = nxt
            j = k + 1


@dataclass(frozen=True)
class Lexicon:
    """All language data the per-document stages need, loaded once and never mutated."""

    index: PhraseIndex
    actors: list[dict[str, Any]]
    nationalities: list[dict[str, Any]]
    force_heads: list[dict[str, Any]]
    sources: list[dict[str, Any]]
    triggers: list[dict[str, Any]]
    reporting: dict[str, Any]
    compat: dict[str, frozenset[str]]
    trigger_forms: dict[str, frozenset[str]]
    actor_by_canonical: dict[str, dict[str, Any]]
    # "أطلق … النار": a verb and its object with the actor between them; verb -> ((object, entry), ...)
    split_triggers: dict[str, tuple[tuple[str, dict[str, Any]], ...]] = field(default_factory=dict)

    @classmethod
    def load(cls, data_dir: Path | None = None) -> Lexicon:
        def get(name: str) -> Any:
            return load_yaml(name, data_dir / name if data_dir else None)

        idx = PhraseIndex()
        actors = _as_list(get("actors.yaml"), "actors.yaml")
        for a in actors:
            idx.add_all(a.get("aliases", []), "actor", a)
        nats = _as_list(get("nationalities.yaml"), "nationalities.yaml")
        for nat in nats:
            idx.add_all(nat.get("adjectives", []), "nat_adj", nat)
            idx.add_all(nat.get("names", []), "nat_name", nat)
            idx.add_all(nat.get("capitals", []), "nat_capital", nat)
        heads = _as_list(get("force_heads.yaml"), "force_heads.yaml")
        for h in heads:
            idx.add_all(h.get("forms", []), "force_head", h)
        sources = _as_list(get("sources.yaml"), "sources.yaml")
        for s in sources:
            idx.add_all(s.get("aliases", []), "source", s)
            idx.add_all(s.get("short", []) or [], "source_short", s)
        trig_data = get("triggers.yaml") or {}
        triggers = _as_list(trig_data.get("triggers"), "triggers.yaml: triggers")
        trigger_forms: dict[str, frozenset[str]] = {}
        split: dict[str, list[tuple[str, dict[str, Any]]]] = {}
        for t in triggers:
            idx.add_all(t.get("forms", []), "trigger", t)
            trigger_forms[str(t.get("id"))] = frozenset(fold(f) for f in t.get("forms", []))
            if t.get("struck_place_forms"):
                trigger_forms[struck_place_key(t)] = frozenset(fold(f) for f in t["struck_place_forms"])
            for form in t.get("split_forms", []) or []:
                words = fold(str(form)).split()
                if len(words) != 3 or words[1] != "…":
                    raise LexiconError(f"triggers.yaml: {t.get('id')}: split form {form!r} is not 'VERB … OBJECT'")
                split.setdefault(words[0], []).append((words[2], t))
        for mod in trig_data.get("modifiers", []) or []:
            idx.add_all(mod.get("forms", []), "modifier", mod)
        for key in ("passive_light_verbs", "generic_markers", "background_markers", "negation"):
            idx.add_all(trig_data.get(key, []) or [], key, {"kind": key})
        rep = get("reporting.yaml") or {}
        for group in rep.get("speech_verbs", []) or []:
            idx.add_all(group.get("forms", []), "speech_verb", group)
        for key in ("attribution_preps", "via_markers", "statement_nouns", "source_back_refs"):
            block = rep.get(key) or {}
            forms = block.get("forms", []) if isinstance(block, dict) else block
            idx.add_all(forms or [], key, {"kind": key})
        presence = rep.get("presence") or {}
        idx.add_all(presence.get("assert", []) or [], "presence_assert", {"kind": "presence_assert"})
        idx.add_all(presence.get("deny", []) or [], "presence_deny", {"kind": "presence_deny"})
        cas = get("casualties.yaml") or {}
        for category, words in (cas.get("triggers") or {}).items():
            idx.add_all([w for w in words or [] if isinstance(w, str)], "harm_word",
                        {"kind": "harm_word", "category": str(category)})
        # "ضحايا مدنيون بقصف على حي": the victims named in the plural say a strike harmed people
        # (indefinite only: "عيد الشهداء", "ساحة الشهداء" name days and squares)
        for noun in cas.get("casualty_nouns") or []:
            if isinstance(noun, dict) and noun.get("category") in ("killed", "injured"):
                words = [w for w in noun.get("plural") or [] if isinstance(w, str)]
                idx.add_all(words, "victim_noun", {"kind": "victim_noun"})
        for extra in _as_list(get("context.yaml"), "context.yaml"):
            idx.add_all(extra.get("forms", []), str(extra["kind"]), extra)
        compat: dict[str, set[str]] = {}
        for group in _as_list(get("compatible_actors.yaml"), "compatible_actors.yaml"):
            names = [str(n) for n in group.get("canonicals", [])]
            for n in names:
                compat.setdefault(n, set()).update(names)
        by_canon = {str(a["canonical"]): a for a in actors if not a.get("ambiguous")}
        return cls(idx, actors, nats, heads, sources, triggers, rep,
                   {k: frozenset(v) for k, v in compat.items()}, trigger_forms, by_canon,
                   {k: tuple(v) for k, v in split.items()})


def struck_place_key(trigger: dict[str, Any]) -> str:
    """Key in ``Lexicon.trigger_forms`` of a trigger's forms that strike a named town on their own."""
    return f"{trigger.get('id')}:struck_place"


def _as_list(value: Any, what: str) -> list[dict[str, Any]]:
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
        raise LexiconError(f"{what}: expected a list of mappings")
    return value


@cache
def default_lexicon() -> Lexicon:
    """The packaged language data, loaded once per process (immutable)."""
    return Lexicon.load()
