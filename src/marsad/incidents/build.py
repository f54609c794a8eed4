"""Grouping reports of one real-world event into incidents (a corpus stage, spec §3).

Every news event of every document is a ``Report``. Reports are taken in a fixed order (date, then
document id, then event id: the same input gives the same incidents whatever order it came in) and
each either joins the best compatible incident or founds a new one. The incident id is a hash of
its founding report, so ids never change and adding documents never renumbers anything: a new
report can only join an incident or found one.

Blocking keeps this linear in the corpus: a report is compared only with incidents that share a
date bucket (within the window), a place its document names, a map cell (undated reports), or an
LSH band of the text sketch; never with the whole corpus.

Matching:

- Hard limits: the report's dates more than ``span_days`` from any member's (so that chains cannot
  drift), no member within ``far_km``, violent vs non-violent types, and two events of one
  document (a document that reports two events reports two incidents).
- Evidence, against each of the first ``max_members_scored`` members: the weighted sum of the
  features of ``IncidentBuilder.features`` (date, place, actor, type, killed figures) and of the
  MinHash text similarity. The best member's score must reach ``join`` (``join + join_undated``
  for a report without a date).

Calibration (Airwars Syria dev archive, 1,703 Arabic source texts, 461 incidents). The incidents
were split in two by ``sha256("half:" + incident id)`` (a text goes with its first incident):
weights and thresholds were fitted on the even half only and checked on the odd half; B-cubed is
computed over each half's texts, grouped together with all the others.

- Weights are the coefficients of an L2-regularised logistic regression (λ = 1) over report pairs
  of the calibration half that blocking can bring together (411,679 pairs, 6,021 of one incident),
  so each is the change in log-odds that two reports tell of one event. What they say: a shared
  date is the main evidence, a shared place or a place the other document names the next; a date
  taken from the publication day is almost as good as the event's own; the next day is no
  evidence either way (fitted −0.31, set to 0: B-cubed moves by at most 0.001 on either half,
  and a report dated by the day of a statement about a strike must still meet the reports dated
  by the strike, as in the seed story and its variants in tests/incidents); agreeing actors say
  little (most reports in a region name the same few belligerents) but different ones count
  against; for a pair where a date is missing, text similarity is the only strong evidence
  (``undated_text``). Pairs more than ``date_window_days`` apart were left out of the fit: they
  never join (``date_apart``).

  ==================  ======  ===========================================================
  feature             weight  when
  ==================  ======  ===========================================================
  date_same           +2.35   own event dates overlap
  date_published      +2.12   dates overlap, one or both from the publication day
  date_next           0       one day apart (fitted −0.31, see below)
  undated_one/both    -3.02 / -3.21  one / both without any date
  place_same          +1.39   within ``same_km`` (2 km), or the same gazetteer id or name
  place_near          +0.15   2-15 km
  place_region        -0.28   15-50 km
  place_far           -0.77   50 km to ``far_km`` (beyond it, never)
  place_named         +1.18   one report's place is named anywhere in the other document
  actor / differ      -0.09 / -0.75  actor1 shared or allied / both known and different
  sub_type / type     +0.12 / -0.40  same sub-event type / same type, other sub-type
  killed / differ     +0.62 / +0.06  killed ranges overlap / both given, apart
  text                +0.12   × MinHash similarity of the texts
  undated_text        +10.51  × MinHash similarity, when a date is missing
  ==================  ======  ===========================================================

- ``join`` (the intercept, 2.06, less 1.5) and ``join_undated`` (1.0) were chosen by B-cubed F1
  of the whole build on the calibration half, sweeping ``join`` from intercept −2 to +0 in steps
  of 0.25 and ``join_undated`` over 0, 0.5, 1, 2, never:

  ==================  ===========================  ===========================
  join − intercept    calibration half P / R / F1  held-out half P / R / F1
  ==================  ===========================  ===========================
  −2.0                0.837 / 0.496 / 0.623        0.818 / 0.540 / 0.651
  −1.5 (chosen)       0.865 / 0.492 / 0.627        0.832 / 0.535 / 0.651
  −1.0                0.872 / 0.486 / 0.624        0.825 / 0.517 / 0.636
  −0.75               0.877 / 0.486 / 0.626        0.831 / 0.515 / 0.636
  −1.5, undated 0     0.792 / 0.509 / 0.620        0.793 / 0.551 / 0.650
  −1.5, undated 2     0.874 / 0.487 / 0.625        0.835 / 0.531 / 0.650
  −1.5, never         0.883 / 0.472 / 0.615        0.837 / 0.520 / 0.641
  −1.5, no far_km     0.851 / 0.505 / 0.634        0.818 / 0.552 / 0.659
  ==================  ===========================  ===========================

- ``far_km``: two reports of one place are sometimes put far apart by a homonym elsewhere, so on
  this archive any hard distance limit costs recall (last row); 150 km keeps reports of towns
  a province apart from meeting on date and type alone (tests/incidents), and a new report needs
  only one member within it, so one misplaced member does not keep the others' neighbours out.

  The sweep ran with 100 candidates per blocking key; ``max_candidates_key`` (30 per place, cell
  or band; days keep 100) gives the chosen row as 0.873 / 0.490 / 0.628 and 0.834 / 0.531 /
  0.649 in about half the time.

  A document without any date (no event date, no publication date, nothing in its address) can
  only join on text; on this archive they are 541 of 1,703 texts (625 before a weekday written with
  a day and month gave the year) and most of what stays split.
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
    """Hard limits, distance bands, evidence weights (log-odds) and the join threshold; see the
    module docstring for how they were calibrated."""

    date_window_days: int = 1  # two reports: days apart at most
    span_days: int = 1  # an incident: days between the end of its earliest and the start of its latest member
    same_km: float = 2.0
    near_km: float = 15.0
    region_km: float = 50.0
    far_km: float | None = 150.0  # some member must be this close (None: no limit)
    syndication: float = 0.5  # near-copies, for the reconciler's copy groups
    w_date_same: float = 2.35
    w_date_published: float = 2.12
    w_date_next: float = 0.0  # fitted -0.31; see the module docstring
    w_date_apart: float = -20.0  # a hard limit in effect
    w_undated_one: float = -3.02
    w_undated_both: float = -3.21
    w_place_same: float = 1.39
    w_place_near: float = 0.15
    w_place_region: float = -0.28
    w_place_far: float = -0.77
    w_place_named: float = 1.18
    w_actor: float = -0.09
    w_actor_differ: float = -0.75
    w_sub_type: float = 0.12
    w_type_only: float = -0.40
    w_killed: float = 0.62
    w_killed_differ: float = 0.06
    w_text: float = 0.12
    w_undated_text: float = 10.51
    join: float = 0.56
    join_undated: float = 1.0  # added to ``join`` for a report without a date
    max_candidates: int = 100  # per day: the most recent incidents only
    max_candidates_key: int = 30  # per place, map cell or text band: the most recent incidents only
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
        self.weights = {k[2:]: float(getattr(self.th, k)) for k in self.th.__slots__ if k.startswith("w_")}
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
            texts: dict[str, float] = {}  # this document's text similarity to others, by doc id
            options = sorted(((-score, n, iid) for n, r in enumerate(doc_reports)
                              for iid, score in self._scored_incidents(r, texts)))
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
        for place in report.places or ((report.place_key,) if report.place_key else ()):
            _push(self._by_place, place, iid)
        if report.point:
            _push(self._by_cell, self._cell(report.point), iid)
        for band in self.hasher.band_keys(report.sketch):
            _push(self._by_band, band, iid)

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
        # Every place the document names: finds incidents at the report's place and at places its
        # text names, and incidents whose documents name the report's place.
        cap = self.th.max_candidates_key
        for place in r.places or ((r.place_key,) if r.place_key else ()):
            found.update(self._by_place.get(place, ())[-cap:])
        if r.point and r.day_lo is None:
            # Map cells only for undated reports: a dated one finds its neighbours by date.
            cx, cy = self._cell(r.point)
            for dx in (-1, 0, 1):
                for dy in (-1, 0, 1):
                    found.update(self._by_cell.get((cx + dx, cy + dy), ())[-cap:])
        for band in self.hasher.band_keys(r.sketch):
            found.update(self._by_band.get(band, ())[-cap:])
        return sorted(found, key=self._order.__getitem__)

    def _scored_incidents(self, r: Report, texts: dict[str, float]) -> list[tuple[str, float]]:
        """Compatible incidents whose best member scores at least the join threshold."""
        out = []
        # An undated report is compared with many more incidents (place and text keys only), so the
        # best of its scores is more often a chance match: it needs more to join.
        join = self.th.join + (self.th.join_undated if r.day_lo is None else 0.0)
        for iid in self._candidates(r):
            inc = self.incidents[iid]
            if r.doc_id in inc.docs or not self._compatible(r, inc):
                continue
            score = self._best_score(r, inc, texts)
            if score >= join:
                out.append((iid, score))
        return out

    def _compatible(self, r: Report, inc: Incident) -> bool:
        th = self.th
        if inc.violent is not None and r.violent != inc.violent:
            return False
        if r.day_lo is not None and r.day_hi is not None and inc.min_day_hi is not None \
                and inc.max_day_lo is not None:
            window = th.span_days
            if (r.day_lo - inc.min_day_hi).days > window or (inc.max_day_lo - r.day_hi).days > window:
                return False
        if r.point and inc.points and th.far_km is not None:
            # Some member must be within reach: one member put in the wrong town by a geocoding
            # slip must not keep the others' neighbours out.
            far = th.far_km
            return any(km(r.point, p) <= far for p in inc.points)
        return True

    def actors_agree(self, a: frozenset[str], b: frozenset[str]) -> bool | None:
        """True when actor1 sets share a name (or allied forms), False when both are known and
        disjoint, None when either is unknown."""
        if not a or not b:
            return None
        return any(x == y or y in self.compatible.get(x, frozenset()) for x in a for y in b)

    def features(self, a: Report, b: Report) -> list[str]:
        """The named yes/no evidence two reports share (the text similarity apart)."""
        th = self.th
        out = []
        if a.day_lo is None or b.day_lo is None:
            out.append("undated_both" if a.day_lo is None and b.day_lo is None else "undated_one")
        else:
            gap = day_gap(a, b)
            if gap == 0:
                out.append("date_same" if a.dated_by == b.dated_by == "event" else "date_published")
            elif gap == 1:
                out.append("date_next")
            elif gap is not None and gap > th.date_window_days:
                out.append("date_apart")
        same = False
        if a.point and b.point:
            dist = km(a.point, b.point)
            band = "place_same" if dist <= th.same_km else "place_near" if dist <= th.near_km \
                else "place_region" if dist <= th.region_km else "place_far"
            out.append(band)
            same = band == "place_same"
        elif a.place_key and a.place_key == b.place_key:
            out.append("place_same")
            same = True
        if not same and ((a.place_key and a.place_key in b.places) or (b.place_key and b.place_key in a.places)):
            out.append("place_named")
        agree = self.actors_agree(a.actor1, b.actor1)
        if agree is not None:
            out.append("actor" if agree else "actor_differ")
        if a.sub_event_type == b.sub_event_type:
            out.append("sub_type")
        elif a.event_type == b.event_type:
            out.append("type_only")
        if a.killed and b.killed:
            overlap = a.killed[0] <= b.killed[1] and b.killed[0] <= a.killed[1]
            out.append("killed" if overlap else "killed_differ")
        return out

    def evidence(self, a: Report, b: Report, text: float | None = None) -> dict[str, float]:
        """Every feature the weights apply to, with its value: 1.0 for the yes/no ones, the estimated
        Jaccard similarity of the texts for ``text`` (and ``undated_text`` when a date is missing)."""
        if text is None:
            text = self.hasher.similarity(a.sketch, b.sketch)
        ev = dict.fromkeys(self.features(a, b), 1.0)
        ev["text"] = text
        if a.day_lo is None or b.day_lo is None:
            ev["undated_text"] = text
        return ev

    def pair_score(self, a: Report, b: Report, text: float | None = None) -> float:
        """Log-odds that two reports tell of one event, less a constant: the weighted evidence."""
        return sum(self.weights[name] * value for name, value in self.evidence(a, b, text).items())

    def _best_score(self, r: Report, inc: Incident, texts: dict[str, float]) -> float:
        """The best pair score of ``r`` with the first members of ``inc``. The text similarity is
        computed only when it could lift a pair over the join threshold (and kept per document in
        ``texts``): the other evidence is cheap, the similarity is not."""
        th, w = self.th, self.weights
        best = -math.inf
        for m in inc.members[: th.max_members_scored]:
            base = sum(w[name] for name in self.features(r, m))
            per_text = w["text"] + (w["undated_text"] if r.day_lo is None or m.day_lo is None else 0.0)
            if base + max(0.0, per_text) < max(best, th.join + (th.join_undated if r.day_lo is None else 0.0)):
                continue
            text = texts.get(m.doc_id)
            if text is None:
                text = texts[m.doc_id] = self.hasher.similarity(r.sketch, m.sketch)
            score = base + per_text * text
            best = max(best, score)
        return best


def _push(index: dict[Any, list[str]], key: Any, iid: str) -> None:
    ids = index.setdefault(key, [])
    if not ids or ids[-1] != iid:
        ids.append(iid)
