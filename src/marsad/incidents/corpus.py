"""The incident stage as one object: records in, reconciled incidents (spec §3) out.

``IncidentCorpus`` holds its own index (never module state), so the result does not depend on how
a batch was split: the same records give the same incidents and ids in any order. Adding records
later only creates incidents or joins existing ones, and each incident's ``log`` says which
document added or changed what.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from marsad.incidents.build import IncidentBuilder, Thresholds
from marsad.incidents.errors import UnknownIncident
from marsad.incidents.features import DocSummary, Report, ReportExtractor
from marsad.incidents.minhash import MinHasher
from marsad.incidents.reconcile import Reconciler
from marsad.lexicon import Lexicon, default_lexicon

# What a log entry reports as changed when an incident is reconciled again.
WATCHED = ("event_type", "sub_event_type", "date", "location", "casualties", "contradictions",
           "sources_independent")


def _watched(record: Mapping[str, Any]) -> dict[str, Any]:
    loc = record.get("location") or {}
    date = record.get("date") or {}
    return {
        "event_type": record.get("event_type"), "sub_event_type": record.get("sub_event_type"),
        "date": (date.get("start"), date.get("end")), "location": loc.get("text"),
        "casualties": {k: (v["low"], v["best"], v["high"]) for k, v in (record.get("casualties") or {}).items()},
        "contradictions": sorted(c["field"] for c in record.get("contradictions") or ()),
        "sources_independent": record.get("sources_independent"),
    }


class IncidentCorpus:
    def __init__(self, thresholds: Thresholds | None = None, lexicon: Lexicon | None = None) -> None:
        lex = lexicon or default_lexicon()
        self.thresholds = thresholds or Thresholds()
        self.hasher = MinHasher()
        self.extractor = ReportExtractor(self.hasher, lex)
        self.builder = IncidentBuilder(self.thresholds, self.hasher, lex.compat)
        self.reconciler = Reconciler(lex.compat, syndication=self.thresholds.syndication)
        self.docs: dict[str, DocSummary] = {}
        self.records: dict[str, dict[str, Any]] = {}
        self._watched: dict[str, dict[str, Any]] = {}

    # ------------------------------------------------------------------ building

    def add_records(self, records: Iterable[Mapping[str, Any]], run: int = 1, *, reconcile: bool = True) -> set[str]:
        """Add documents (spec §2 records); returns the ids of the incidents created or changed.
        With ``reconcile=False`` the caller reconciles them later (after loading other members)."""
        reports: list[Report] = []
        touched: set[str] = set()
        for record in records:
            summary, doc_reports = self.extractor.extract(record)
            if summary.doc_id in self.docs:
                touched |= self.builder.remove_document(summary.doc_id, run)
            self.docs[summary.doc_id] = summary
            reports.extend(doc_reports)
        touched |= self.builder.add(reports, run)
        if reconcile:
            self.reconcile(touched, run)
        return touched

    def seed(self, incident_id: str, members: Iterable[Report], log: list[dict[str, Any]],
             record: Mapping[str, Any] | None = None) -> None:
        """Restore an incident from storage (incremental builds)."""
        self.builder.seed(incident_id, members, log)
        if record is not None:
            self.records[incident_id] = dict(record)
            self._watched[incident_id] = _watched(record)

    def reconcile(self, incident_ids: Iterable[str], run: int) -> None:
        for iid in sorted(incident_ids):
            inc = self.builder.incidents[iid]
            if not inc.members:
                self.records.pop(iid, None)
                continue
            record = self.reconciler.reconcile(iid, inc.members, self.docs, inc.log, self.hasher.similarity)
            watched = _watched(record)
            before = self._watched.get(iid)
            changed = sorted(k for k in WATCHED if before is None or before.get(k) != watched.get(k))
            for entry in inc.log:
                if entry.get("run") == run and "changed" not in entry:
                    entry["changed"] = changed
            record["log"] = list(inc.log)
            self.records[iid] = record
            self._watched[iid] = watched

    # ------------------------------------------------------------------ reading

    def incidents(self) -> Iterator[dict[str, Any]]:
        """Every incident, in the order they were founded."""
        for iid in self.builder.incidents:
            if iid in self.records:
                yield self.records[iid]

    def get(self, incident_id: str) -> dict[str, Any]:
        try:
            return self.records[incident_id]
        except KeyError:
            raise UnknownIncident(f"no incident {incident_id}") from None


def build_incidents(records: Iterable[Mapping[str, Any]], thresholds: Thresholds | None = None) -> list[dict[str, Any]]:
    """Incidents (spec §3) from spec §2 records, in one call."""
    corpus = IncidentCorpus(thresholds)
    corpus.add_records(records)
    return list(corpus.incidents())
