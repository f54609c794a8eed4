"""Lexicon mentions: one scan of the token keys against every phrase class, then composition.

Composition builds what a list cannot hold: a force head with a nationality adjective
("الطائرات الحربية الروسية" → Russian military, by air), a force head over a named actor
("مروحيات التحالف الدولي" → the coalition, by air), a nationality adjective on a trigger
("الضربة الأمريكية"), and composable sources ("مصدر عسكري سوري" → Syrian military source).
"""

from __future__ import annotations

from collections.abc import Callable
from itertools import compress
from operator import itemgetter
from typing import Any

from marsad.lexicon import Lexicon, Match
from marsad.model import Document, Mention, Token

_SURFACE_SKIP = set("\u0640") | {chr(c) for c in range(0x064B, 0x0653)} | {"\u0670"}


def _start_offset(doc: Document, tok: Token, cut: int) -> int:
    """Character offset in doc.text after ``cut`` normalised letters of the token."""
    if cut <= 0:
        return tok.start
    pos, seen = tok.start, 0
    text = doc.text
    while pos < tok.end and seen < cut:
        if text[pos] not in _SURFACE_SKIP:
            seen += 1
        pos += 1
    while pos < tok.end and text[pos] in _SURFACE_SKIP:
        pos += 1
    return pos


def _mention(doc: Document, kind: str, i: int, j: int, entry: dict[str, Any], cut: int = 0) -> Mention:
    toks = doc.tokens
    return Mention(kind, _start_offset(doc, toks[i], cut), toks[j - 1].end, i, j, entry)


def _longest_non_overlapping(matches: list[Match]) -> list[Match]:
    matches = sorted(matches, key=lambda m: (-(m.tok_end - m.tok_start), m.tok_start))
    taken: list[Match] = []
    used: set[int] = set()
    for m in matches:
        rng = range(m.tok_start, m.tok_end)
        if any(k in used for k in rng):
            continue
        used.update(rng)
        taken.append(m)
    return sorted(taken, key=lambda m: m.tok_start)


# Kinds whose overlaps are resolved together (longest wins): one word is one actor, not two.
_ACTOR_KINDS = ("actor", "force_head", "nat_adj", "nat_name", "nat_capital")
_SOURCE_KINDS = ("source", "source_short")


def find_mentions(doc: Document, lex: Lexicon) -> list[Mention]:
    raw = lex.index.scan(doc.tokens)
    by_kind: dict[str, list[Match]] = {}
    for m in raw:
        by_kind.setdefault(m.kind, []).append(m)
    # a head that is also an event word ("قصف", "غارة") is the event, not part of the actor's name …
    trig_toks = {k for m in by_kind.get("trigger", []) for k in range(m.tok_start, m.tok_end)}
    # … but the whole attack phrase tells where a nationality after it attaches ("غارتين جويتين روسيتين")
    out: list[Mention] = [_mention(doc, "attack_head", m.tok_start, m.tok_end, m.entry, m.cut)
                          for m in _longest_non_overlapping(by_kind.get("force_head", []))
                          if m.tok_start in trig_toks and m.entry.get("attack")]
    by_kind["force_head"] = [m for m in by_kind.get("force_head", []) if m.tok_start not in trig_toks]
    actorish = _longest_non_overlapping([m for k in _ACTOR_KINDS for m in by_kind.get(k, [])])
    targets = {k for m in by_kind.get("target_marker", []) for k in range(m.tok_start, m.tok_end)}
    # a bare country name ("روسيا", "الولايات المتحدة") is a state, not yet an armed force: it may
    # act in an event, but it does not by itself make a sentence about trade or sport an event
    country_spans = {(m.tok_start, m.tok_end) for k in ("nat_name", "nat_capital") for m in by_kind.get(k, [])}
    actorish = [Match(m.kind, m.tok_start, m.tok_end, {**m.entry, "country_name": True}, m.cut)
                if m.kind == "actor" and (m.tok_start, m.tok_end) in country_spans else m for m in actorish]
    actors = _compose_actors(doc, actorish, targets)
    actors = _patronise(doc, _nationalise(doc, actors), by_kind.get("patron_marker", []), lex)
    out.extend(_resolve_ambiguous(actors, lex))
    sources = _longest_non_overlapping([m for k in _SOURCE_KINDS for m in by_kind.get(k, [])])
    out.extend(_compose_sources(doc, sources, by_kind.get("nat_adj", [])))
    for kind, ms in by_kind.items():
        if kind in _ACTOR_KINDS or kind in _SOURCE_KINDS:
            continue
        for m in _longest_non_overlapping(ms):
            out.append(_mention(doc, kind, m.tok_start, m.tok_end, m.entry, m.cut))
    if lex.split_triggers:
        out.extend(_split_triggers(doc, lex, out))
    out.sort(key=lambda m: (m.start, -m.end))
    return out


_NORM = itemgetter(2)  # Token.norm
_SPLIT_GAP = 6  # at most this many words of actor between the verb and its object


def _split_triggers(doc: Document, lex: Lexicon, found: list[Mention]) -> list[Mention]:
    """"أطلق مسلحون مجهولون النار": a verb whose object follows its subject. The verb alone becomes
    the trigger when an actor fills the whole gap, so the actor stays an actor after its verb."""
    toks = doc.tokens
    split = lex.split_triggers
    # the verbs are found by one pass in C (map/compress), not a Python loop over every token
    verbs = list(compress(range(len(toks)), map(split.__contains__, map(_NORM, toks))))
    if not verbs:
        return []
    taken = {k for m in found if m.kind == "trigger" for k in range(m.tok_start, m.tok_end)}
    actor_at = {m.tok_start: m.tok_end for m in found if m.kind == "actor"}
    covered = {k for m in found for k in range(m.tok_start, m.tok_end)}
    out: list[Mention] = []
    for i in verbs:
        pairs = split[toks[i].norm]
        if i in taken:
            continue
        k = actor_at.get(i + 1)
        while k is not None and k - i <= _SPLIT_GAP and k < len(toks):
            entry = _object_at(toks, k, pairs)
            if entry is None and k not in covered and k + 1 < len(toks):
                entry = _object_at(toks, k + 1, pairs)  # one word describing them: "مسلحون ملثمون"
            if entry is not None:
                out.append(_mention(doc, "trigger", i, i + 1, entry))
                break
            k = actor_at.get(k)  # "قوات النظام" then "والميليشيات" as two names in a row
    return out


def _object_at(toks: list[Token], k: int, pairs: tuple[tuple[str, dict[str, Any]], ...]) -> dict[str, Any] | None:
    return next((e for o, e in pairs if toks[k].norm == o), None)


def _nat_actor(nat: dict[str, Any], means: str | None = None) -> dict[str, Any]:
    return {
        "canonical": nat.get("forces") or f"{nat.get('adjective_en', nat.get('country'))} military",
        "country": nat.get("country"),
        "kind": "state_forces",
        "means": means,
        "composed": True,
    }


# Words that may stand between a force head and its nationality: "الطائرات الحربية الروسية".
_HEAD_GAP_WORDS = frozenset({"الحربيه", "الحربي", "حربيه", "حربي", "المسيره", "مسيره", "المروحيه", "مروحيه",
                             "العسكريه", "عسكريه", "الجويه", "جويه", "التابعه", "تابعه", "المسلحه"})


# Epithets that may stand between a stateless force name and its nationality: "الاحتلال الخارجي الروسي".
_EPITHETS = frozenset({"الخارجي", "الاجنبي", "المحتل", "الغاشم", "الفاشي", "الهمجي", "المجرم", "الغادر"})


def _fuse_pairs(ms: list[Mention], join: Callable[[Mention, Mention], dict[str, Any] | None]) -> list[Mention]:
    """Each mention with the one after it made one actor mention when ``join`` gives their entry."""
    out: list[Mention] = []
    i = 0
    while i < len(ms):
        m = ms[i]
        entry = join(m, ms[i + 1]) if i + 1 < len(ms) else None
        if entry is not None:
            nxt = ms[i + 1]
            out.append(Mention("actor", m.start, nxt.end, m.tok_start, nxt.tok_end, entry))
            i += 2
            continue
        out.append(m)
        i += 1
    return out


def _nationalise(doc: Document, ms: list[Mention]) -> list[Mention]:
    """"طائرات الاحتلال الروسي", "دولة الاحتلال التركية": a nationality right after an ambiguous or
    stateless force name (or after one epithet, "الاحتلال الخارجي الروسي") says whose force it is."""
    def join(m: Mention, nxt: Mention) -> dict[str, Any] | None:
        if (m.kind == "actor" and nxt.kind == "nat_adj" and (
                nxt.tok_start == m.tok_end
                or (nxt.tok_start == m.tok_end + 1 and doc.tokens[m.tok_end].norm in _EPITHETS))
                and (m.entry.get("ambiguous") or not m.entry.get("country"))
                and m.entry.get("kind") in ("state_forces", "state_coalition", "unknown", None)):
            return _nat_actor(nxt.entry, m.entry.get("means"))
        return None

    return _fuse_pairs(ms, join)


def _patronise(doc: Document, ms: list[Mention], markers: list[Match], lex: Lexicon) -> list[Mention]:
    """"الفصائل المسلحة المدعومة من تركيا", "الجيش الوطني الموالي لأنقرة": a name whose referent
    depends on who backs it takes it from the patron after it (``resolve_by_patron``), and the whole
    phrase is one actor: the patron did not take part."""
    if not markers:
        return ms
    marker_at = {m.tok_start: m.tok_end for m in _longest_non_overlapping(markers)}

    def join(m: Mention, nxt: Mention) -> dict[str, Any] | None:
        table = m.entry.get("resolve_by_patron") or {}
        end = marker_at.get(m.tok_end)
        if not (m.kind == "actor" and table and end is not None and nxt.tok_start == end):
            return None
        canon = table.get(str(nxt.entry.get("country")))
        target = lex.actor_by_canonical.get(str(canon)) if canon else None
        if target is None:
            return None
        entry = dict(target)
        entry["means"] = m.entry.get("means") or target.get("means")
        entry["resolved_from"] = m.entry.get("canonical")
        return entry

    return _fuse_pairs(ms, join)


def _resolve_ambiguous(ms: list[Mention], lex: Lexicon) -> list[Mention]:
    """Names such as "التحالف" or "الجيش الوطني" take their referent from the war being reported."""
    counts: dict[str, int] = {}
    for m in ms:
        c = m.entry.get("country")
        if m.kind == "actor" and c and not m.entry.get("ambiguous") or m.kind in ("nat_name", "nat_adj") and c:
            counts[c] = counts.get(c, 0) + 1
    country = max(counts, key=lambda c: counts[c]) if counts else None
    out = []
    for m in ms:
        e = m.entry
        if m.kind == "actor" and e.get("ambiguous"):
            table = e.get("resolve_by_country") or {}
            # a candidate whose country the document names wins ("الاحتلال" beside "التركي" is Turkey)
            cands = {str(v) for v in table.values()}
            named = [(counts.get(str((lex.actor_by_canonical.get(c) or {}).get("country")), 0), c) for c in cands]
            named = [x for x in named if x[0] > 0]
            canon = max(named)[1] if named else (table.get(country) if country else None)
            canon = canon or e.get("default")
            target = lex.actor_by_canonical.get(str(canon)) if canon else None
            if target is not None:
                resolved = dict(target)
                resolved["means"] = e.get("means") or target.get("means")
                resolved["resolved_from"] = e.get("canonical")
                m = Mention(m.kind, m.start, m.end, m.tok_start, m.tok_end, resolved)
        out.append(m)
    return out


def _compose_actors(doc: Document, ms: list[Match], targets: set[int]) -> list[Mention]:
    out: list[Mention] = []
    toks = doc.tokens
    i = 0
    while i < len(ms):
        m = ms[i]
        nxt = ms[i + 1] if i + 1 < len(ms) else None
        if m.kind == "force_head" and m.tok_start in targets:
            # "مواقع القوات النظامية": the positions are the target, not a force
            i += 1
            continue
        if m.kind == "force_head":
            means = m.entry.get("means")
            gap = nxt.tok_start - m.tok_end if nxt is not None else 99
            if nxt is not None and (gap == 0 or (gap == 1 and toks[m.tok_end].norm in _HEAD_GAP_WORDS)):
                if nxt.kind == "nat_adj":
                    out.append(_mention(doc, "actor", m.tok_start, nxt.tok_end, _nat_actor(nxt.entry, means), m.cut))
                    i = _coordinated_nationalities(doc, ms, i + 2, means, out)
                    continue
                if nxt.kind == "actor":
                    entry = dict(nxt.entry)
                    entry["means"] = means or entry.get("means")
                    out.append(_mention(doc, "actor", m.tok_start, nxt.tok_end, entry, m.cut))
                    i += 2
                    continue
            out.append(_mention(doc, "force_head", m.tok_start, m.tok_end, m.entry, m.cut))
        elif m.kind == "nat_adj":
            out.append(_mention(doc, "nat_adj", m.tok_start, m.tok_end, m.entry, m.cut))
        elif m.kind in ("nat_name", "nat_capital"):
            out.append(_mention(doc, m.kind, m.tok_start, m.tok_end, m.entry, m.cut))
        else:
            out.append(_mention(doc, "actor", m.tok_start, m.tok_end, m.entry, m.cut))
            if m.entry.get("country") and m.entry.get("kind") in _ARMED:
                i = _coordinated_nationalities(doc, ms, i + 1, m.entry.get("means"), out)
                continue
        i += 1
    return out


def _coordinated_nationalities(doc: Document, ms: list[Match], i: int, means: Any, out: list[Mention]) -> int:
    """"طائرات روسية وسورية": a nationality joined by و right after a force shares its head (and its
    means); each becomes an actor of its own. So does a second nationality with no و ("الطيران الحربي
    السوري الروسي", "القوات السورية-الروسية"): two adjectives of one noun name a joint force. Returns
    the index of the next match to read."""
    toks = doc.tokens
    while i < len(ms) and ms[i].kind in ("nat_adj", "nat_name"):
        adj = ms[i]
        gap = [toks[k].norm for k in range(out[-1].tok_end, adj.tok_start)]
        joined = not gap and toks[adj.tok_start].norm.startswith("و")
        stacked = (not joined and adj.kind == "nat_adj" and all(g in ("-", "–") for g in gap)
                   and adj.entry.get("country") != out[-1].entry.get("country"))
        if not (joined or stacked):
            break
        entry = _nat_actor(adj.entry, means)
        if stacked:
            entry["stacked"] = True  # one actor with the force before it, though no و joins them
        out.append(_mention(doc, "actor", adj.tok_start, adj.tok_end, entry))
        i += 1
    return i


def _compose_sources(doc: Document, ms: list[Match], adjs: list[Match]) -> list[Mention]:
    adj_at = {a.tok_start: a for a in adjs}
    out: list[Mention] = []
    for m in ms:
        entry = m.entry
        end = m.tok_end
        template = entry.get("canonical_template")
        adj = adj_at.get(m.tok_end)
        if entry.get("compose") and adj is not None and template:
            nat = adj.entry
            entry = dict(entry)
            entry["canonical"] = str(template).format(adj=nat.get("adjective_en", ""), name=nat.get("name_en", ""))
            entry["country"] = nat.get("country")
            end = adj.tok_end
        out.append(_mention(doc, m.kind, m.tok_start, end, entry, m.cut))
    return out


_ARMED = frozenset({"state_forces", "state_coalition", "pro_government_militia", "rebel_group",
                    "jihadist_group", "kurdish_forces"})


def may_report_event(mentions: list[Mention]) -> bool:
    """Whether the document has what any event needs: a strong trigger, or a weak one with an armed
    actor (not a bare country name), an instrument word or a harm word, or a bombardment word. The event stages rely on this
    being a superset of what they accept."""
    weak = strong = support = False
    for m in mentions:
        if m.kind == "trigger":
            if m.entry.get("strength") == "strong":
                strong = True
                break
            weak = True
            # "قصف يستهدف مدينة اعزاز": a bombardment word may report an event with only the town struck
            support = support or bool(m.entry.get("struck_place_forms"))
        elif m.kind in ("modifier", "harm_word", "victim_noun") or (
                m.kind == "actor" and m.entry.get("kind") in _ARMED and not m.entry.get("country_name")) or (
                m.kind == "nat_adj"):
            support = True
    return strong or (weak and support)
