"""Grouping reports of one real-world event into incidents (a corpus stage, spec §3).

Every news event of every document is a ``Report``. Reports are taken in a fixed order (date, then
document id, then event id: the same input gives the same incidents whatever order it came in) and
each either joins the best compatible incident or founds a new one. The incident id is a hash of
its founding report, so ids never change and adding documents never renumbers anything: a new
report can only join an incident or found one.

Blocking keeps this linear in the corpus: a report is compared only with incidents that share a
date bucket (within the window), a place key or a map cell, or an LSH band of the text sketch
(near-copies); never with the whole corpus.

Matching (weights and thresholds in ``Thresholds``, calibrated on the Airwars dev archive, see
``docs`` in the report of issue 4):
- hard limits, checked against every member (so that chains cannot drift): dates more than
  ``date_window_days`` apart, places more than ``far_km`` apart, violent vs non-violent types, and
  two events of one document (a document that reports two events reports two incidents);
- evidence, against the best member: same day / next day, same place (within ``near_km``, or the
  same gazetteer id or name), a shared or allied actor1 (a different one counts against), the same
  event type, overlapping killed figures, and MinHash text similarity; a near-copy
  (``syndication``) joins on its own.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from marsad.incidents.features import Report
from marsad.incidents.minhash import MinHasher


@dataclass(frozen=True, slots=True)
class Thresholds:
    date_window_days: int = 1
    near_km: float = 5.0
    mid_km: float = 15.0
    far_km: float = 50.0
    syndication: float = 0.5
    w_date_same: float = 1.0
    w_date_next: float = 0.5
    w_date_published: float = 0.5  # factor when a date is only the publication date
    w_place: float = 1.0
    w_place_mid: float = 0.3
    w_actor: float = 0.5
    w_type: float = 0.25
    w_killed: float = 0.25
    w_text: float = 3.0
    join: float = 2.0
    max_candidates: int = 100  # per blocking key: the most recent incidents only
    max_members_scored: int = 10

    def as_dict(self) -> dict[str, Any]:
        return {k: getattr(self, k) for k in self.__slots__}


@dataclass
class Incident:
    """An incident while it is built: members, change log, and what the hard limits need."""

    incident_id: str
    members: list[Report] = field(default_factory=list)
    log: list[dict[str, Any]] = field(default_factory=list)
    docs: set[str] = field(default_factory=set)
    points: list[tuple[float, float]] = field(default_factory=list)
    min_day_hi: dt.date | None = None  # dated members: the earliest end and the latest start
    max_day_lo: dt.date | None = None
    violent: bool | None = None

    def add(self, report: Report) -> None:
        self.members.append(report)
        self.docs.add(report.doc_id)
        if report.point:
            self.points.append(report.point)
        if report.day_lo is not None and report.day_hi is not None:
            if self.min_day_hi is None or report.day_hi < self.min_day_hi:
                self.min_day_hi = report.day_hi
            if self.max_day_lo is None or report.day_lo > self.max_day_lo:
                self.max_day_lo = report.day_lo
        if self.violent is None:
            self.violent = report.violent

    def rebuild(self) -> None:
        members, self.members = self.members, []
        self.docs, self.points = set(), []
        self.min_day_hi = self.max_day_lo = None
        self.violent = None
        for m in members:
            self.add(m)


def incident_id_for(report: Report) -> str:
    digest = hashlib.sha1(f"{report.doc_id}\x1f{report.event_id}".encode()).hexdigest()
    return "inc-" + digest[:16]


def km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Distance in km; the equirectangular form is within 0.1% of the great circle at these ranges
    (tens of km) and a few times cheaper."""
    x = math.radians(b[1] - a[1]) * math.cos(math.radians((a[0] + b[0]) / 2))
    y = math.radians(b[0] - a[0])
    return 6371.0 * math.hypot(x, y)


def day_gap(a: Report, b: Report) -> int | None:
    if a.day_lo is None or b.day_lo is None or a.day_hi is None or b.day_hi is None:
        return None
    return max(0, (a.day_lo - b.day_hi).days, (b.day_lo - a.day_hi).days)


class IncidentBuilder:
    """The incident index: incidents, their members and the blocking keys that find them."""

    CELL_DEG = 0.5

    def __init__(self, thresholds: Thresholds | None = None, hasher: MinHasher | None = None,
                 compatible: Mapping[str, frozenset[str]] | None = None) -> None:
        self.th = thresholds or Thresholds()
        self.hasher = hasher or MinHasher()
        self.compatible = compatible or {}
        self.incidents: dict[str, Incident] = {}
        self.member_of: dict[tuple[str, str], str] = {}
        self._order: dict[str, int] = {}
        self._by_day: dict[dt.date, list[str]] = {}
        self._by_place: dict[str, list[str]] = {}
        self._by_cell: dict[tuple[int, int], list[str]] = {}
        self._by_band: dict[tuple[int, tuple[int, ...]], list[str]] = {}

    # ------------------------------------------------------------------ loading and adding

    def seed(self, incident_id: str, members: Iterable[Report], log: list[dict[str, Any]]) -> None:
        """Restore an incident built earlier (incremental builds)."""
        inc = Incident(incident_id, [], list(log))
        self.incidents[incident_id] = inc
        self._order[incident_id] = len(self._order)
        for report in members:
            self._attach(inc, report)

    def add(self, reports: Iterable[Report], run: int = 1) -> set[str]:
        """Assign new reports; returns the ids of the incidents created or joined.

        Documents are taken in the order of their earliest report; within a document, the
        (report, incident) pairs with the highest scores are settled first, so that a document's
        second event cannot take the incident its better-matching first event belongs to."""
        by_doc: dict[str, list[Report]] = {}
        for report in sorted(reports, key=Report.sort_key):
            if (report.doc_id, report.event_id) not in self.member_of:
                by_doc.setdefault(report.doc_id, []).append(report)
        touched: set[str] = set()
        for doc_reports in by_doc.values():
            options = sorted(((-score, n, iid) for n, r in enumerate(doc_reports)
                              for iid, score in self._scored_incidents(r)))
            chosen: dict[int, str] = {}
            for _, n, iid in options:
                if n not in chosen and iid not in chosen.values():
                    chosen[n] = iid
            for n, report in enumerate(doc_reports):
                if n in chosen:
                    inc, action = self.incidents[chosen[n]], "joined"
                else:
                    iid = incident_id_for(report)
                    inc = Incident(iid)
                    self.incidents[iid] = inc
                    self._order[iid] = len(self._order)
                    action = "created"
                self._attach(inc, report)
                inc.log.append({"run": run, "doc_id": report.doc_id, "event": report.event_id, "action": action})
                touched.add(inc.incident_id)
        return touched

    def remove_document(self, doc_id: str, run: int = 1) -> set[str]:
        """Take a document's reports out (its text changed); incidents left empty are dropped."""
        touched = set()
        for key in [k for k in self.member_of if k[0] == doc_id]:
            iid = self.member_of.pop(key)
            inc = self.incidents[iid]
            inc.members = [m for m in inc.members if (m.doc_id, m.event_id) != key]
            inc.rebuild()
            inc.log.append({"run": run, "doc_id": doc_id, "event": key[1], "action": "left"})
            touched.add(iid)
        return touched

    def _attach(self, inc: Incident, report: Report) -> None:
        inc.add(report)
        iid = inc.incident_id
        self.member_of[(report.doc_id, report.event_id)] = iid
        if report.day_lo is not None and report.day_hi is not None:
            day = report.day_lo
            while day <= report.day_hi:
                _push(self._by_day, day, iid)
                day += dt.timedelta(days=1)
        if report.place_key:
            _push(self._by_place, report.place_key, iid)
        if report.point:
            _push(self._by_cell, self._cell(report.point), iid)
        for key in self.hasher.band_keys(report.sketch):
            _push(self._by_band, key, iid)

    def _cell(self, point: tuple[float, float]) -> tuple[int, int]:
        return int(math.floor(point[0] / self.CELL_DEG)), int(math.floor(point[1] / self.CELL_DEG))

    # ------------------------------------------------------------------ matching

    def _candidates(self, r: Report) -> list[str]:
        cap = self.th.max_candidates
        found: set[str] = set()
        if r.day_lo is not None and r.day_hi is not None:
            w = dt.timedelta(days=self.th.date_window_days)
            day = r.day_lo - w
            while day <= r.day_hi + w:
                found.update(self._by_day.get(day, ())[-cap:])
                day += dt.timedelta(days=1)
        if r.place_key:
            found.update(self._by_place.get(r.place_key, ())[-cap:])
        if r.point and r.day_lo is None:
            # Map cells only for undated reports: a dated one finds its neighbours by date.
            cx, cy = self._cell(r.point)
            for dx in (-1, 0, 1):
                for dy in (-1, 0, 1):
                    found.update(self._by_cell.get((cx + dx, cy + dy), ())[-cap:])
        for key in self.hasher.band_keys(r.sketch):
            found.update(self._by_band.get(key, ())[-cap:])
        return sorted(found, key=self._order.__getitem__)

    def _scored_incidents(self, r: Report) -> list[tuple[str, float]]:
        """Compatible incidents whose best member scores at least the join threshold."""
        out = []
        for iid in self._candidates(r):
            inc = self.incidents[iid]
            if r.doc_id in inc.docs or not self._compatible(r, inc):
                continue
            score = max((self.pair_score(r, m) for m in inc.members[: self.th.max_members_scored]),
                        default=-1.0)
            if score >= self.th.join:
                out.append((iid, score))
        return out

    def _compatible(self, r: Report, inc: Incident) -> bool:
        th = self.th
        if inc.violent is not None and r.violent != inc.violent:
            return False
        if r.day_lo is not None and r.day_hi is not None and inc.min_day_hi is not None \
                and inc.max_day_lo is not None:
            window = th.date_window_days
            if (r.day_lo - inc.min_day_hi).days > window or (inc.max_day_lo - r.day_hi).days > window:
                return False
        if r.point:
            return all(km(r.point, p) <= th.far_km for p in inc.points)
        return True

    def actors_agree(self, a: frozenset[str], b: frozenset[str]) -> bool | None:
        """True when actor1 sets share a name (or allied forms), False when both are known and
        disjoint, None when either is unknown."""
        if not a or not b:
            return None
        return any(x == y or y in self.compatible.get(x, frozenset()) for x in a for y in b)

    def pair_score(self, a: Report, b: Report) -> float:
        th = self.th
        text = self.hasher.similarity(a.sketch, b.sketch)
        if text >= th.syndication:
            return th.join + text
        score = th.w_text * text
        gap = day_gap(a, b)
        if gap is not None:
            weight = th.w_date_same if gap == 0 else th.w_date_next
            if "published" in (a.dated_by, b.dated_by):
                weight *= th.w_date_published
            score += weight
        placed = False
        if a.point and b.point:
            dist = km(a.point, b.point)
            if dist <= th.near_km:
                score += th.w_place
                placed = True
            elif dist <= th.mid_km:
                score += th.w_place_mid
        elif a.place_key and a.place_key == b.place_key:
            score += th.w_place
            placed = True
        agree = self.actors_agree(a.actor1, b.actor1)
        if agree is not None:
            score += th.w_actor if agree else -th.w_actor
        if a.event_type == b.event_type:
            score += th.w_type
        if a.killed and b.killed and a.killed[0] <= b.killed[1] and b.killed[0] <= a.killed[1]:
            score += th.w_killed
        if gap is None and not placed:
            return min(score, th.join - 0.01)  # type, actors and loose words alone are not one event
        return score


def _push(index: dict[Any, list[str]], key: Any, iid: str) -> None:
    ids = index.setdefault(key, [])
    if not ids or ids[-1] != iid:
        ids.append(iid)
