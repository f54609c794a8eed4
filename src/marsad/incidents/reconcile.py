"""Reconciliation: one incident record (spec §3) from the reports of its member documents.

Nothing is averaged away. Per field, every value is kept with the claims behind it; casualties
are summarised per category as low / best / high and as the figure ACLED would record; and the
disagreements between documents are listed as contradictions with both sides' sources.

Rules (documented here because analysts will ask):
- Originators. A claim's originator is its named source; an unnamed or anonymous source that came
  through an agency (``via``) is that agency; otherwise it is the publishing document, where
  near-copies of one text (MinHash ``syndication``) count as one document. ``sources_independent``
  counts originators, so ten outlets repeating one ministry statement count once.
- Casualties, per category, one figure per originator (its highest, since tolls are revised
  upwards): ``low`` is the lowest low, ``high`` the highest high, ``best`` the median of the
  originators' figures (the middle of a range for a range) rounded down: UCDP's "most reliable"
  estimate when nothing says which source is more reliable. ``acled`` is the most conservative
  reported figure, the lowest low (ACLED records the lowest credible figure).
- Contradictions across documents (the per-document ones are carried over too): casualty figures
  that differ by more than a factor of 1.5 and more than 2 (killed, injured and killed-or-injured
  compared as total harm, like the per-document stage), a group said to be present by one
  originator and absent by another, perpetrators that cannot be the same, places more than
  ``location_km`` apart, dates two or more days apart, and one originator asserting what another
  denies.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from itertools import combinations
from statistics import median
from typing import Any

from marsad.incidents.build import km
from marsad.incidents.features import ClaimRef, DocSummary, Report

CATEGORIES = ("killed", "injured", "killed_or_injured", "missing", "captured")
HARM_RATIO = 1.5
HARM_ABS = 2
ANONYMOUS_KINDS = frozenset({"anonymous", "unknown"})


@dataclass(frozen=True, slots=True)
class Figure:
    originator: str
    category: str
    low: int
    high: int
    approximate: bool
    ref: Mapping[str, Any]  # the claim behind it


def originator(claim: ClaimRef, copy_group: Mapping[str, str]) -> str:
    # The outlet speaking in its own voice is the document, not a source of its own.
    own_voice = "(unattributed)" in claim.source or claim.source.lower() in ("unknown", "sources")
    if claim.source_kind not in ANONYMOUS_KINDS and not own_voice:
        return "source:" + claim.source
    if claim.via:
        return "source:" + claim.via[-1]
    return "doc:" + copy_group.get(claim.doc_id, claim.doc_id)


def summarise_figures(figures: Sequence[Figure]) -> dict[str, Any]:
    """low / best / high / acled over one category's figures (one per originator, its highest)."""
    per_origin: dict[str, Figure] = {}
    for f in figures:
        kept = per_origin.get(f.originator)
        if kept is None or (f.high, f.low) > (kept.high, kept.low):
            per_origin[f.originator] = f
    chosen = sorted(per_origin.values(), key=lambda f: (f.low, f.high, f.originator))
    points = [(f.low + f.high) / 2 for f in chosen]
    return {
        "low": min(f.low for f in chosen),
        "best": int(median(points)),
        "high": max(f.high for f in chosen),
        "acled": min(f.low for f in chosen),
        "originators": len(chosen),
        "reports": [{"low": f.low, "high": f.high, "approximate": f.approximate, **f.ref} for f in chosen],
    }


def _harm(figs: Iterable[Figure]) -> tuple[int, int] | None:
    by_cat: dict[str, tuple[int, int]] = {}
    for f in figs:
        lo, hi = by_cat.get(f.category, (0, 0))
        by_cat[f.category] = (max(lo, f.low), max(hi, f.high))
    if "killed_or_injured" in by_cat:
        return by_cat["killed_or_injured"]
    if "killed" not in by_cat and "injured" not in by_cat:
        return None
    k, i = by_cat.get("killed", (0, 0)), by_cat.get("injured", (0, 0))
    return k[0] + i[0], k[1] + i[1]


def harm_disagrees(a: tuple[int, int], b: tuple[int, int]) -> bool:
    if a[0] <= b[1] and b[0] <= a[1]:
        return False
    lower, upper = (a[1], b[0]) if a[1] < b[0] else (b[1], a[0])
    return upper - lower > HARM_ABS and upper > HARM_RATIO * max(1, lower)


def _describe(figs: Iterable[Figure]) -> str:
    parts = []
    for f in figs:
        num = str(f.low) if f.low == f.high else f"{f.low}-{f.high}"
        parts.append(("about " if f.approximate else "") + f"{num} {f.category.replace('_', ' ')}")
    return ", ".join(parts)


class Reconciler:
    def __init__(self, compatible: Mapping[str, frozenset[str]] | None = None, location_km: float = 25.0,
                 syndication: float = 0.5) -> None:
        self.compatible = compatible or {}
        self.location_km = location_km
        self.syndication = syndication

    def reconcile(self, incident_id: str, members: Sequence[Report], docs: Mapping[str, DocSummary],
                  log: Sequence[Mapping[str, Any]] = (), similarity: Any = None) -> dict[str, Any]:
        members = sorted(members, key=Report.sort_key)
        copy_group = self._copy_groups(members, docs, similarity)
        claims: list[ClaimRef] = []
        for m in members:
            doc = docs.get(m.doc_id)
            if doc is None:
                continue
            claims.extend(c for c in doc.claims if not c.events or m.event_id in c.events)
        claim_of = {(c.doc_id, c.claim_id): c for c in claims}

        def ref(doc_id: str, claim_id: str | None) -> dict[str, Any]:
            c = claim_of.get((doc_id, claim_id or ""))
            source = c.source if c else "the document itself"
            return {"doc_id": doc_id, "claim": claim_id, "source": source,
                    "originator": originator(c, copy_group) if c else "doc:" + copy_group.get(doc_id, doc_id)}

        events = [(m, docs[m.doc_id].events.get(m.event_id, {})) for m in members if m.doc_id in docs]
        figures = self._figures(events, ref)
        casualties = {cat: summarise_figures([f for f in figures if f.category == cat])
                      for cat in CATEGORIES if any(f.category == cat for f in figures)}
        originators = {originator(c, copy_group) for c in claims}
        originators.update("doc:" + copy_group.get(m.doc_id, m.doc_id)
                           for m in members if not any(c.doc_id == m.doc_id for c in claims))
        contradictions = self._contradictions(events, claims, figures, ref, copy_group, docs)
        type_votes = Counter((m.event_type, m.sub_event_type) for m in members)
        event_type, sub_event_type = max(type_votes, key=lambda k: (type_votes[k], -_first(members, k)))
        return {
            "incident_id": incident_id,
            "event_type": event_type,
            "sub_event_type": sub_event_type,
            "types": [{"event_type": t, "sub_event_type": s, "members": n} for (t, s), n in type_votes.most_common()],
            "date": self._date(events, ref),
            "location": self._location(events, ref),
            "actors": self._actors(events, ref),
            "members": [{"doc_id": m.doc_id, "event": m.event_id,
                         "published": docs[m.doc_id].published if m.doc_id in docs else None,
                         "publisher": docs[m.doc_id].publisher if m.doc_id in docs else None,
                         "copy_of": copy_group[m.doc_id] if copy_group.get(m.doc_id, m.doc_id) != m.doc_id else None}
                        for m in members],
            "casualties": casualties,
            "fatalities_acled": casualties["killed"]["acled"] if "killed" in casualties else 0,
            "claims": [{**c.as_dict(), "originator": originator(c, copy_group)} for c in claims],
            "contradictions": contradictions,
            "sources_independent": len(originators),
            "documents": len({m.doc_id for m in members}),
            "log": list(log),
        }

    # ------------------------------------------------------------------ fields

    def _copy_groups(self, members: Sequence[Report], docs: Mapping[str, DocSummary],
                     similarity: Any) -> dict[str, str]:
        """doc id -> the earliest member document it is a near-copy of (itself when none)."""
        group: dict[str, str] = {}
        order = list(dict.fromkeys(m.doc_id for m in members))
        for i, d in enumerate(order):
            group[d] = d
            if similarity is None or d not in docs:
                continue
            for e in order[:i]:
                if e in docs and group[e] == e and similarity(docs[d].sketch, docs[e].sketch) >= self.syndication:
                    group[d] = e
                    break
        return group

    @staticmethod
    def _figures(events: Sequence[tuple[Report, Mapping[str, Any]]], ref: Any) -> list[Figure]:
        out = []
        for m, ev in events:
            for cas in ev.get("casualties") or ():
                if cas.get("category") not in CATEGORIES or not isinstance(cas.get("low"), int) \
                        or not isinstance(cas.get("high"), int):
                    continue
                r = ref(m.doc_id, cas.get("claim"))
                out.append(Figure(r["originator"], str(cas["category"]), int(cas["low"]), int(cas["high"]),
                                  bool(cas.get("approximate")), r))
        return out

    @staticmethod
    def _date(events: Sequence[tuple[Report, Mapping[str, Any]]], ref: Any) -> dict[str, Any]:
        values: dict[str, list[dict[str, Any]]] = {}
        for m, ev in events:
            if m.dated_by != "event" or m.day_lo is None:
                continue
            key = m.day_lo.isoformat() if m.day_lo == m.day_hi else f"{m.day_lo}..{m.day_hi}"
            values.setdefault(key, []).extend(ref(m.doc_id, c) for c in (ev.get("claims") or [None])[:1])
        if not values:
            published = [m.day_hi for m, _ in events if m.dated_by == "published" and m.day_hi]
            if published:
                day = min(published)
                return {"start": (day - dt.timedelta(days=1)).isoformat(), "end": day.isoformat(),
                        "precision": "day", "anchor": "published", "values": []}
            return {"start": None, "end": None, "precision": "unknown", "anchor": "none", "values": []}
        best = max(values, key=lambda k: (len(values[k]), [-ord(ch) for ch in k]))
        start, _, end = best.partition("..")
        return {"start": start, "end": end or start, "precision": "day" if not end else "week",
                "anchor": "reports", "values": [{"value": k, "claims": v} for k, v in values.items()]}

    @staticmethod
    def _location(events: Sequence[tuple[Report, Mapping[str, Any]]], ref: Any) -> dict[str, Any] | None:
        values: dict[str, dict[str, Any]] = {}
        for m, ev in events:
            loc = ev.get("location")
            if not isinstance(loc, Mapping) or not loc.get("text"):
                continue
            key = str(loc.get("gazetteer_id") or loc.get("text"))
            entry = values.setdefault(key, {"location": {k: loc.get(k) for k in (
                "text", "name_en", "lat", "lon", "country", "admin1", "precision", "gazetteer_id")}, "claims": []})
            entry["claims"].extend(ref(m.doc_id, c) for c in (ev.get("claims") or [None])[:1])
        if not values:
            return None
        # The most reported place; among equals the most precise one.
        best = max(values.values(), key=lambda v: (len(v["claims"]), -(v["location"].get("precision") or 3)))
        return {**best["location"], "values": [{"value": v["location"].get("text"), **v} for v in values.values()]}

    @staticmethod
    def _actors(events: Sequence[tuple[Report, Mapping[str, Any]]], ref: Any) -> list[dict[str, Any]]:
        by_key: dict[tuple[str, str], dict[str, Any]] = {}
        for m, ev in events:
            for a in ev.get("actors") or ():
                name = str(a.get("canonical") or a.get("text") or "")
                if not name:
                    continue
                entry = by_key.setdefault((str(a.get("role")), name), {
                    "role": a.get("role"), "canonical": name, "country": a.get("country"),
                    "kind": a.get("kind"), "texts": [], "claims": []})
                if a.get("text") and a["text"] not in entry["texts"]:
                    entry["texts"].append(a["text"])
                entry["claims"].extend(ref(m.doc_id, c) for c in (ev.get("claims") or [None])[:1])
        order = {"actor1": 0, "actor2": 1, "assoc1": 2, "assoc2": 3}
        return sorted(by_key.values(), key=lambda e: (order.get(str(e["role"]), 9), -len(e["claims"]), e["canonical"]))

    # ------------------------------------------------------------------ contradictions

    def _contradictions(self, events: Sequence[tuple[Report, Mapping[str, Any]]],
                        claims: Sequence[ClaimRef], figures: Sequence[Figure], ref: Any,
                        copy_group: Mapping[str, str], docs: Mapping[str, DocSummary]) -> list[dict[str, Any]]:
        out: list[dict[str, Any]] = []
        out.extend(self._casualty_disputes(figures))
        out.extend(self._presence_disputes(claims, copy_group))
        out.extend(self._actor_disputes(events, ref))
        out.extend(self._place_disputes(events, ref))
        out.extend(self._date_disputes(events, ref))
        out.extend(self._denials(claims, copy_group))
        seen = {(c["field"], tuple(sorted(s["originator"] for side in c["sides"] for s in side["claims"])))
                for c in out}
        # Disputes found inside one document are kept, unless the same dispute is already listed.
        for m, _ in events:
            for own in docs[m.doc_id].contradictions:
                if own.get("event") != m.event_id:
                    continue
                sides = [{"value": "", "claims": [ref(m.doc_id, str(c))]} for c in own.get("claims") or ()]
                con = {"field": str(own.get("field") or "other"), "sides": sides,
                       "summary": str(own.get("summary") or ""), "within": m.doc_id}
                key = (con["field"], tuple(sorted(s["originator"] for side in sides for s in side["claims"])))
                own_refs = {(r["doc_id"], r["claim"]) for side in sides for r in side["claims"]}
                if any(c["field"] == con["field"] and own_refs <= {(r["doc_id"], r["claim"]) for side in c["sides"]
                                                                   for r in side["claims"]} for c in out):
                    continue  # the dispute across documents already names both sides
                if key not in seen:
                    seen.add(key)
                    out.append(con)
        return out

    @staticmethod
    def _casualty_disputes(figures: Sequence[Figure]) -> list[dict[str, Any]]:
        by_origin: dict[str, list[Figure]] = {}
        for f in figures:
            by_origin.setdefault(f.originator, []).append(f)
        harms = {o: h for o, figs in by_origin.items() if (h := _harm(figs)) is not None}
        if len(harms) < 2:
            return []
        low_o = min(harms, key=lambda o: (harms[o][1], o))
        high_o = max(harms, key=lambda o: (harms[o][0], o))
        if low_o == high_o or not harm_disagrees(harms[low_o], harms[high_o]):
            return []
        lows = [o for o in harms if not harm_disagrees(harms[o], harms[low_o]) and harm_disagrees(harms[o], harms[high_o])]
        highs = [o for o in harms if harm_disagrees(harms[o], harms[low_o])]
        sides: list[dict[str, Any]] = []
        for group in (lows, highs):
            figs = [f for o in sorted(group) for f in by_origin[o]]
            sides.append({"value": _describe(figs), "claims": _unique([dict(f.ref) for f in figs])})
        return [{"field": "casualties", "sides": sides,
                 "summary": " vs ".join(f"{_sources(s['claims'])}: {s['value']}" for s in sides)}]

    @staticmethod
    def _presence_disputes(claims: Sequence[ClaimRef], copy_group: Mapping[str, str]) -> list[dict[str, Any]]:
        stmts: dict[tuple[str, str], list[ClaimRef]] = {}
        for c in claims:
            for who, polarity in c.presence:
                stmts.setdefault((who, polarity), []).append(c)
        out = []
        for who in sorted({w for w, _ in stmts}):
            yes, no = stmts.get((who, "assert"), []), stmts.get((who, "deny"), [])
            yes_o = {originator(c, copy_group) for c in yes}
            no_o = {originator(c, copy_group) for c in no}
            if not yes or not no or yes_o == no_o:
                continue
            sides: list[dict[str, Any]] = [{"value": f"{who} present", "claims": _unique([_claim_ref(c, copy_group) for c in yes])},
                     {"value": f"{who} not present", "claims": _unique([_claim_ref(c, copy_group) for c in no])}]
            out.append({"field": "presence", "sides": sides,
                        "summary": f"{_sources(sides[0]['claims'])} say {who} personnel were present; "
                                   f"{_sources(sides[1]['claims'])} deny it"})
        return out

    def _actor_disputes(self, events: Sequence[tuple[Report, Mapping[str, Any]]], ref: Any) -> list[dict[str, Any]]:
        groups: list[tuple[frozenset[str], list[dict[str, Any]]]] = []
        for m, ev in events:
            if not m.actor1:
                continue
            r = [ref(m.doc_id, c) for c in (ev.get("claims") or [None])[:1]]
            for names, refs in groups:
                if any(x == y or y in self.compatible.get(x, frozenset()) for x in names for y in m.actor1):
                    refs.extend(r)
                    break
            else:
                groups.append((m.actor1, r))
        if len(groups) < 2:
            return []
        sides: list[dict[str, Any]] = [{"value": ", ".join(sorted(names)), "claims": _unique(refs)} for names, refs in groups]
        return [{"field": "actor", "sides": sides,
                 "summary": " vs ".join(f"{_sources(s['claims'])}: {s['value']}" for s in sides)}]

    def _place_disputes(self, events: Sequence[tuple[Report, Mapping[str, Any]]], ref: Any) -> list[dict[str, Any]]:
        located = [(m, ev) for m, ev in events if m.point]
        for (a, ea), (b, eb) in combinations(located, 2):
            if a.point and b.point and km(a.point, b.point) > self.location_km:
                sides: list[dict[str, Any]] = [{"value": str((e.get("location") or {}).get("text")),
                          "claims": [ref(x.doc_id, c) for c in (e.get("claims") or [None])[:1]]}
                         for x, e in ((a, ea), (b, eb))]
                return [{"field": "location", "sides": sides,
                         "summary": f"{sides[0]['value']} vs {sides[1]['value']} "
                                    f"({km(a.point, b.point):.0f} km apart)"}]
        return []

    @staticmethod
    def _date_disputes(events: Sequence[tuple[Report, Mapping[str, Any]]], ref: Any) -> list[dict[str, Any]]:
        dated = sorted(((m, ev) for m, ev in events if m.dated_by == "event" and m.day_lo),
                       key=lambda x: x[0].sort_key())
        if len(dated) < 2:
            return []
        (a, ea), (b, eb) = dated[0], dated[-1]
        if a.day_lo is None or b.day_lo is None or (b.day_lo - a.day_lo).days < 2:
            return []
        sides: list[dict[str, Any]] = [{"value": x.day_lo.isoformat() if x.day_lo else "", "claims": [ref(x.doc_id, c) for c in (e.get("claims") or [None])[:1]]}
                 for x, e in ((a, ea), (b, eb))]
        return [{"field": "date", "sides": sides, "summary": f"{sides[0]['value']} vs {sides[1]['value']}"}]

    @staticmethod
    def _denials(claims: Sequence[ClaimRef], copy_group: Mapping[str, str]) -> list[dict[str, Any]]:
        deny = [c for c in claims if c.stance == "denies"]
        assert_ = [c for c in claims if c.stance == "asserts" and c.source_kind != "media"]
        for d in deny:
            for a in assert_:
                if originator(a, copy_group) != originator(d, copy_group):
                    sides: list[dict[str, Any]] = [{"value": "asserts", "claims": [_claim_ref(a, copy_group)]},
                             {"value": "denies", "claims": [_claim_ref(d, copy_group)]}]
                    return [{"field": "other", "sides": sides,
                             "summary": f"{a.source} asserts the event; {d.source} denies it"}]
        return []


def _claim_ref(c: ClaimRef, copy_group: Mapping[str, str]) -> dict[str, Any]:
    return {"doc_id": c.doc_id, "claim": c.claim_id, "source": c.source, "originator": originator(c, copy_group)}


def _unique(refs: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    seen, out = set(), []
    for r in refs:
        key = (r.get("doc_id"), r.get("claim"))
        if key not in seen:
            seen.add(key)
            out.append(r)
    return out


def _sources(refs: Sequence[Mapping[str, Any]]) -> str:
    return ", ".join(dict.fromkeys(str(r.get("source")) for r in refs))


def _first(members: Sequence[Report], key: tuple[str, str]) -> int:
    return next(i for i, m in enumerate(members) if (m.event_type, m.sub_event_type) == key)
