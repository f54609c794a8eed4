"""Incidents kept in the document store, built incrementally.

``IncidentDB`` runs the incident stage over a ``marsad.store.Store`` (SQLite or PostgreSQL): it
reads what the last build left (``Store.incident_state``) and the stored documents, and writes each
build run atomically (``Store.save_incidents``). A build is incremental: documents already assigned
keep their incidents, new documents are added, a document whose text changed leaves its incidents
and is added again; every run is numbered and each incident's log names the run.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from types import TracebackType
from typing import Any

from marsad.errors import StoreError
from marsad.incidents.build import Thresholds
from marsad.incidents.corpus import IncidentCorpus
from marsad.incidents.errors import IncidentError, UnknownIncident
from marsad.incidents.features import Report
from marsad.store import AmbiguousId, IncidentChanges, IncidentQuery, Store, is_postgres_url

_PAGE = 500


class IncidentDB:
    """Incidents over a store. ``target`` is an open ``Store`` (left open on ``close``) or what
    ``Store.open`` takes: a SQLite path (which must exist: documents are stored first) or a
    ``postgresql://`` URL."""

    def __init__(self, target: Store | str | Path, thresholds: Thresholds | None = None) -> None:
        self.thresholds = thresholds
        if isinstance(target, Store):
            self.store = target
            self._owned = False
        else:
            where = str(target)
            if where != ":memory:" and not is_postgres_url(where) and not Path(where).exists():
                raise IncidentError(f"no database at {where}; store documents first (marsad run)", origin=where)
            try:
                self.store = Store.open(where)
            except StoreError as exc:
                raise IncidentError(str(exc), origin=exc.origin) from exc
            self._owned = True
        self.path = self.store.target

    def build(self) -> dict[str, int]:
        """Assign the documents stored since the last build; returns counts for the report."""
        try:
            return self._build()
        except StoreError as exc:
            raise IncidentError(str(exc), origin=exc.origin) from exc

    def _build(self) -> dict[str, int]:
        state = self.store.incident_state()
        known = state.known_docs
        new = [(d, sha) for d, sha in sorted(self.store.document_hashes().items()) if known.get(d) != sha]
        run = state.last_run + 1
        corpus = IncidentCorpus(self.thresholds)
        for iid, record, reports in state.incidents:
            corpus.seed(iid, [Report.from_dict(r) for r in reports], list(record.get("log") or []), record)
        # Reconciling a touched incident needs every member document, new or not.
        members_needed = {d for d, _ in new}
        touched: set[str] = set()
        for doc_id in (d for d, _ in new if d in known):
            touched |= corpus.builder.remove_document(doc_id, run)
        touched |= corpus.add_records(self.store.records(members_needed), run, reconcile=False)
        for iid in list(touched):
            for m in corpus.builder.incidents[iid].members:
                if m.doc_id not in corpus.docs:
                    members_needed.add(m.doc_id)
        for record in self.store.records({d for d in members_needed if d not in corpus.docs}):
            summary, _ = corpus.extractor.extract(record)
            corpus.docs[summary.doc_id] = summary
        corpus.reconcile(touched, run)
        order = {iid: n for n, iid in enumerate(corpus.builder.incidents)}
        upserts = []
        deletes = []
        for iid in sorted(touched):
            if iid not in corpus.records:
                deletes.append(iid)
                continue
            members = [(m.doc_id, m.event_id, m.as_dict()) for m in corpus.builder.incidents[iid].members]
            upserts.append((iid, order[iid], corpus.records[iid], members))
        self.store.save_incidents(IncidentChanges(run=run, upserts=upserts, deletes=deletes, assigned_docs=new,
                                                  documents=len(new), touched=len(touched)))
        return {"run": run, "documents": len(new), "touched": len(touched),
                "incidents": self.store.incidents(IncidentQuery(limit=1)).total}

    def incidents(self) -> Iterator[dict[str, Any]]:
        """Every incident, in incident order (read a page at a time)."""
        cursor: str | None = None
        while True:
            try:
                page = self.store.incidents(IncidentQuery(limit=_PAGE, cursor=cursor))
            except StoreError as exc:
                raise IncidentError(str(exc), origin=exc.origin) from exc
            yield from page.items
            if page.next_cursor is None:
                return
            cursor = page.next_cursor

    def get(self, incident_id: str) -> dict[str, Any]:
        """One incident by id or unique prefix."""
        try:
            record = self.store.incident(incident_id)
        except AmbiguousId as exc:
            raise UnknownIncident(str(exc), origin=incident_id) from exc
        except StoreError as exc:
            raise IncidentError(str(exc), origin=exc.origin) from exc
        if record is None:
            raise UnknownIncident(f"no incident {incident_id}", origin=incident_id)
        return record

    def close(self) -> None:
        if self._owned:
            self.store.close()

    def __enter__(self) -> IncidentDB:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()
