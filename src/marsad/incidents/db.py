"""Incidents in the same SQLite file as the document store, in tables of their own.

``store.py`` owns ``documents``; this module only reads it, and creates the ``incident*`` tables
itself (``CREATE TABLE IF NOT EXISTS``). A build is incremental: documents already assigned keep
their incidents, new documents are added, a document whose text changed leaves its incidents and is
added again; every run is numbered and each incident's log names the run.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from types import TracebackType
from typing import Any

from marsad.incidents.build import Thresholds
from marsad.incidents.corpus import IncidentCorpus
from marsad.incidents.errors import IncidentError, UnknownIncident
from marsad.incidents.features import Report

SCHEMA = (
    """CREATE TABLE IF NOT EXISTS incident_runs (
        run INTEGER PRIMARY KEY, at TEXT NOT NULL, documents INTEGER NOT NULL, touched INTEGER NOT NULL)""",
    """CREATE TABLE IF NOT EXISTS incident_docs (
        doc_id TEXT PRIMARY KEY, content_sha1 TEXT NOT NULL, run INTEGER NOT NULL)""",
    """CREATE TABLE IF NOT EXISTS incidents (
        incident_id TEXT PRIMARY KEY, seq INTEGER NOT NULL, updated_run INTEGER NOT NULL,
        record_json TEXT NOT NULL)""",
    """CREATE TABLE IF NOT EXISTS incident_reports (
        doc_id TEXT NOT NULL, event_id TEXT NOT NULL, incident_id TEXT NOT NULL, report_json TEXT NOT NULL,
        PRIMARY KEY (doc_id, event_id))""",
    "CREATE INDEX IF NOT EXISTS incident_reports_incident ON incident_reports(incident_id)",
)


class IncidentDB:
    def __init__(self, path: str | Path, thresholds: Thresholds | None = None) -> None:
        self.path = str(path)
        self.thresholds = thresholds
        if self.path != ":memory:" and not Path(self.path).exists():
            raise IncidentError(f"no database at {self.path}; store documents first (marsad run)", origin=self.path)
        try:
            self._conn = sqlite3.connect(self.path, isolation_level=None)
            self._conn.execute("BEGIN IMMEDIATE")
            for statement in SCHEMA:
                self._conn.execute(statement)
            self._conn.execute("COMMIT")
        except sqlite3.Error as exc:
            raise IncidentError(f"cannot open {self.path}: {exc}", origin=self.path) from exc

    def build(self) -> dict[str, int]:
        """Assign the documents stored since the last build; returns counts for the report."""
        conn = self._conn
        try:
            known = dict(conn.execute("SELECT doc_id, content_sha1 FROM incident_docs").fetchall())
            stored = conn.execute("SELECT doc_id, content_sha1 FROM documents ORDER BY doc_id").fetchall()
        except sqlite3.Error as exc:
            raise IncidentError(f"{self.path} holds no marsad documents: {exc}", origin=self.path) from exc
        new = [(d, sha) for d, sha in stored if known.get(d) != sha]
        run = int(conn.execute("SELECT COALESCE(MAX(run), 0) + 1 FROM incident_runs").fetchone()[0])
        corpus = self._load()
        # Reconciling a touched incident needs every member document, new or not.
        members_needed = {d for d, _ in new}
        changed_docs = [d for d, _ in new if d in known]
        touched: set[str] = set()
        for doc_id in changed_docs:
            touched |= corpus.builder.remove_document(doc_id, run)
        touched |= corpus.add_records(self._records(members_needed), run, reconcile=False)
        for iid in list(touched):
            for m in corpus.builder.incidents[iid].members:
                if m.doc_id not in corpus.docs:
                    members_needed.add(m.doc_id)
        for record in self._records({d for d in members_needed if d not in corpus.docs}):
            summary, _ = corpus.extractor.extract(record)
            corpus.docs[summary.doc_id] = summary
        corpus.reconcile(touched, run)
        self._save(corpus, touched, new, run)
        return {"run": run, "documents": len(new), "touched": len(touched),
                "incidents": int(conn.execute("SELECT COUNT(*) FROM incidents").fetchone()[0])}

    def _load(self) -> IncidentCorpus:
        corpus = IncidentCorpus(self.thresholds)
        members: dict[str, list[Report]] = {}
        for iid, rjson in self._conn.execute(
                "SELECT r.incident_id, r.report_json FROM incident_reports r"
                " JOIN incidents i ON i.incident_id = r.incident_id ORDER BY i.seq, r.rowid"):
            members.setdefault(iid, []).append(Report.from_dict(json.loads(rjson)))
        for iid, rjson in self._conn.execute("SELECT incident_id, record_json FROM incidents ORDER BY seq"):
            record = json.loads(rjson)
            corpus.seed(iid, members.get(iid, []), list(record.get("log") or []), record)
        return corpus

    def _records(self, doc_ids: set[str]) -> Iterator[dict[str, Any]]:
        for doc_id in sorted(doc_ids):
            row = self._conn.execute("SELECT record_json FROM documents WHERE doc_id = ?", (doc_id,)).fetchone()
            if row is not None:
                yield json.loads(row[0])

    def _save(self, corpus: IncidentCorpus, touched: set[str], new: list[tuple[str, str]], run: int) -> None:
        conn = self._conn
        order = {iid: n for n, iid in enumerate(corpus.builder.incidents)}
        conn.execute("BEGIN IMMEDIATE")
        try:
            for iid in sorted(touched):
                inc = corpus.builder.incidents[iid]
                conn.execute("DELETE FROM incident_reports WHERE incident_id = ?", (iid,))
                if iid not in corpus.records:
                    conn.execute("DELETE FROM incidents WHERE incident_id = ?", (iid,))
                    continue
                conn.execute("INSERT OR REPLACE INTO incidents (incident_id, seq, updated_run, record_json)"
                             " VALUES (?, ?, ?, ?)",
                             (iid, order[iid], run, json.dumps(corpus.records[iid], ensure_ascii=False)))
                conn.executemany("INSERT OR REPLACE INTO incident_reports (doc_id, event_id, incident_id, report_json)"
                                 " VALUES (?, ?, ?, ?)",
                                 [(m.doc_id, m.event_id, iid, json.dumps(m.as_dict())) for m in inc.members])
            conn.executemany("INSERT OR REPLACE INTO incident_docs (doc_id, content_sha1, run) VALUES (?, ?, ?)",
                             [(d, sha, run) for d, sha in new])
            conn.execute("INSERT INTO incident_runs (run, at, documents, touched) VALUES (?, ?, ?, ?)",
                         (run, dt.datetime.now(dt.UTC).isoformat(timespec="seconds"), len(new), len(touched)))
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")

    def incidents(self) -> Iterator[dict[str, Any]]:
        for (rjson,) in self._conn.execute("SELECT record_json FROM incidents ORDER BY seq"):
            yield json.loads(rjson)

    def get(self, incident_id: str) -> dict[str, Any]:
        rows = self._conn.execute("SELECT record_json FROM incidents WHERE incident_id LIKE ? ORDER BY seq LIMIT 2",
                                  (incident_id.replace("%", "") + "%",)).fetchall()
        if len(rows) != 1:
            raise UnknownIncident(f"no incident {incident_id}" if not rows else
                                  f"{incident_id} names more than one incident; give more of the id")
        value = json.loads(rows[0][0])
        return value if isinstance(value, dict) else {}

    def close(self) -> None:
        self._conn.close()

    def __enter__(self) -> IncidentDB:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()
