"""Contradictions between claims of different sources about one event, kept as data.

- casualties: the harm each claim reports (killed, injured, or killed-or-injured, compared on a
  common footing) differs beyond a tolerance;
- presence: one claim says a group was there ("بينهم جنود روس"), another that it was not
  ("عدم وجود عسكريين روسيين");
- actor: claims name perpetrators that cannot be the same (not one canonical, not allied forms);
- date: claims give explicit event dates two or more days apart;
- other: one source asserts the event, another denies it.
"""

from __future__ import annotations

from itertools import combinations
from typing import Any

from marsad.lexicon import Lexicon
from marsad.model import Claim, Contradiction, Document, Event, Mention

RATIO = 1.5  # figures further apart than this factor (and by more than ABS) disagree
ABS = 2


def _harm(cas: list[Any]) -> tuple[int, int] | None:
    """Total killed-or-injured range a claim reports, or None when it gives no figure."""
    k = [c for c in cas if c.category == "killed"]
    i = [c for c in cas if c.category == "injured"]
    ki = [c for c in cas if c.category == "killed_or_injured"]
    if ki:
        return max(c.low for c in ki), max(c.high for c in ki)
    if not k and not i:
        return None
    lo = max((c.low for c in k), default=0) + max((c.low for c in i), default=0)
    hi = max((c.high for c in k), default=0) + max((c.high for c in i), default=0)
    return lo, hi


_HARM = frozenset({"killed", "injured", "killed_or_injured"})


def _category_range(cas: list[Any], category: str) -> tuple[int, int]:
    mine = [c for c in cas if c.category == category]
    return max(c.low for c in mine), max(c.high for c in mine)


def _more_dead_than_toll(deaths: list[Any], other: list[Any]) -> bool:
    killed = [c for c in deaths if c.category == "killed"]
    toll = _harm(other)
    if not killed or toll is None:
        return False
    low = max(c.low for c in killed)
    return low - toll[1] > ABS and low > RATIO * max(1, toll[1])


def _vague(r: tuple[int, int]) -> bool:
    """"وأصيب آخرون" (2-9), "عشرات" (20-99): too loose to dispute a precise figure with."""
    return r[1] >= 3 * max(1, r[0])


def _disagree(a: tuple[int, int], b: tuple[int, int]) -> bool:
    (alo, ahi), (blo, bhi) = a, b
    if alo <= bhi and blo <= ahi:
        return False
    low_high, high_low = (ahi, blo) if ahi < blo else (bhi, alo)
    return high_low - low_high > ABS and high_low > RATIO * max(1, low_high)


def _describe(cas: list[Any]) -> str:
    parts = []
    for c in cas:
        num = f"{c.low}" if c.low == c.high else f"{c.low}-{c.high}"
        parts.append(("about " if c.approximate else "") + f"{num} {c.category.replace('_', ' ')}")
    return ", ".join(parts)


def _name(claims: dict[str, Claim], cid: str) -> str:
    c = claims.get(cid)
    return c.source.canonical if c else cid


def find_contradictions(doc: Document, lex: Lexicon) -> list[Contradiction]:
    claims = {c.id: c for c in doc.claims}
    out: list[Contradiction] = []
    news = [ev for ev in doc.events if not ev.background]
    for ev in news:
        out.extend(_casualty_disputes(ev, claims))
        out.extend(_presence_disputes(doc, ev, claims))
        out.extend(_actor_disputes(lex, ev, claims))
        out.extend(_date_disputes(ev, claims))
    if news:
        # a denial ("نفى التحالف هذه الرواية") answers the report's main event; the same source telling
        # of other events in its denial (its own interception) does not deny those
        out.extend(_denials(news[0], claims))
    return out


def _casualty_disputes(ev: Event, claims: dict[str, Claim]) -> list[Contradiction]:
    by_claim: dict[str, list[Any]] = {}
    for c in ev.casualties:
        if c.claim:
            by_claim.setdefault(c.claim, []).append(c)
    out = []
    for a, b in combinations(sorted(by_claim), 2):
        if claims.get(a) and claims.get(b) and claims[a].source.canonical == claims[b].source.canonical:
            continue
        ca = {c.category for c in by_claim[a]} & _HARM
        cb = {c.category for c in by_claim[b]} & _HARM
        # figures are compared on a common footing: the same category, or a killed-or-injured
        # total against the other's whole toll; "6 killed" and "14 injured" do not disagree
        comparable = bool(ca & cb) or ("killed_or_injured" in ca | cb and ca and cb)
        if not comparable:
            # one source counts more dead than the other's whole toll: "8 killed" against "2 injured"
            if _more_dead_than_toll(by_claim[a], by_claim[b]) or _more_dead_than_toll(by_claim[b], by_claim[a]):
                out.append(Contradiction(
                    "casualties", ev.id, [a, b],
                    f"{_name(claims, a)}: {_describe(by_claim[a])} vs {_name(claims, b)}: {_describe(by_claim[b])}"))
            continue
        if ca & cb and not ({"killed_or_injured"} & (ca | cb)):
            disputes = [cat for cat in sorted(ca & cb)
                        if not _vague(_category_range(by_claim[a], cat))
                        and not _vague(_category_range(by_claim[b], cat))
                        and _disagree(_category_range(by_claim[a], cat), _category_range(by_claim[b], cat))]
            if not disputes:
                continue
            out.append(Contradiction(
                "casualties", ev.id, [a, b],
                f"{_name(claims, a)}: {_describe(by_claim[a])} vs {_name(claims, b)}: {_describe(by_claim[b])}"))
            continue
        ha, hb = _harm(by_claim[a]), _harm(by_claim[b])
        if ha and hb and _disagree(ha, hb):
            out.append(Contradiction(
                "casualties", ev.id, [a, b],
                f"{_name(claims, a)}: {_describe(by_claim[a])} vs {_name(claims, b)}: {_describe(by_claim[b])}"))
    return out


def _presence_statements(doc: Document, ev: Event) -> list[tuple[str, str, str]]:
    """(claim id, country or actor, 'assert'|'deny') for presence statements in the event's sentences."""
    out = []
    sent_ids = {m.sentence for m in ev.mentions}
    for si in sorted(sent_ids):
        sent = doc.sentences[si]
        cid = doc.sentence_claims[si] if si < len(doc.sentence_claims) else None
        if cid is None:
            continue
        ms = [m for m in doc.mentions if sent.start <= m.start < sent.end]
        denials = [m for m in ms if m.kind == "presence_deny"]
        for cue in ms:
            if cue.kind not in ("presence_assert", "presence_deny"):
                continue
            if cue.kind == "presence_assert" and any(d.start <= cue.start < d.end for d in denials):
                continue  # "وجود" inside "عدم وجود"
            who = _group_after(ms, cue)
            if who is None:
                continue
            polarity = "deny" if cue.kind == "presence_deny" else "assert"
            out.append((cid, who, polarity))
    return out


def _group_after(ms: list[Mention], cue: Mention) -> str | None:
    for m in ms:
        if m.tok_start >= cue.tok_end and m.tok_start - cue.tok_end <= 2:
            if m.kind == "nat_adj":
                return str(m.entry.get("country"))
            if m.kind == "actor":
                return str(m.entry.get("country") or m.entry.get("canonical"))
    return None


def _presence_disputes(doc: Document, ev: Event, claims: dict[str, Claim]) -> list[Contradiction]:
    stmts = _presence_statements(doc, ev)
    out = []
    seen: set[tuple[str, str, str]] = set()
    for (ca, wa, pa), (cb, wb, pb) in combinations(stmts, 2):
        if wa != wb or pa == pb or ca == cb:
            continue
        if claims.get(ca) and claims.get(cb) and claims[ca].source.canonical == claims[cb].source.canonical:
            continue
        asserting, denying = (ca, cb) if pa == "assert" else (cb, ca)
        key = (asserting, denying, wa)
        if key in seen:
            continue
        seen.add(key)
        out.append(Contradiction(
            "presence", ev.id, [asserting, denying],
            f"{_name(claims, asserting)} says {wa} personnel were present; {_name(claims, denying)} denies it"))
    return out


def _actor_disputes(lex: Lexicon, ev: Event, claims: dict[str, Claim]) -> list[Contradiction]:
    per_claim: dict[str, set[str]] = {}
    for m in ev.mentions:
        a1 = next((a for a in m.actors if a.role == "actor1"), None)
        if a1 is not None and m.claim:
            per_claim.setdefault(m.claim, set()).add(a1.canonical)
    out = []
    for a, b in combinations(sorted(per_claim), 2):
        if claims.get(a) and claims.get(b) and claims[a].source.canonical == claims[b].source.canonical:
            continue
        compatible = any(x == y or y in lex.compat.get(x, frozenset())
                         for x in per_claim[a] for y in per_claim[b])
        if not compatible:
            out.append(Contradiction("actor", ev.id, [a, b],
                                     f"{_name(claims, a)}: {', '.join(sorted(per_claim[a]))} vs "
                                     f"{_name(claims, b)}: {', '.join(sorted(per_claim[b]))}"))
    return out


def _date_disputes(ev: Event, claims: dict[str, Claim]) -> list[Contradiction]:
    per_claim: dict[str, Any] = {}
    for m in ev.mentions:
        if m.claim and m.date is not None and m.date.value.precision == "day" and m.date.value.start:
            per_claim.setdefault(m.claim, m.date.value.start)
    out = []
    for a, b in combinations(sorted(per_claim), 2):
        if abs((per_claim[a] - per_claim[b]).days) >= 2:
            out.append(Contradiction("date", ev.id, [a, b],
                                     f"{_name(claims, a)}: {per_claim[a]} vs {_name(claims, b)}: {per_claim[b]}"))
    return out


def _denials(ev: Event, claims: dict[str, Claim]) -> list[Contradiction]:
    cs = [claims[c] for c in ev.claims if c in claims]
    deny = [c for c in cs if c.stance == "denies"]
    assert_ = [c for c in cs if c.stance == "asserts" and c.source.kind != "media"]
    out = []
    for d in deny:
        for a in assert_:
            if a.source.canonical != d.source.canonical:
                out.append(Contradiction("other", ev.id, [a.id, d.id],
                                         f"{a.source.canonical} asserts the event; {d.source.canonical} denies it"))
                break
    return out
