"""Incidents stored beside the documents: incremental builds keep ids and log each change."""

from __future__ import annotations

from pathlib import Path

from conftest import incident_source_record

from marsad.incidents import IncidentDB
from marsad.store import Store

_record = incident_source_record


def test_incremental_build_keeps_ids_and_logs(tmp_path: Path) -> None:
    db_path = tmp_path / "m.db"
    with Store.open(db_path) as store:
        store.add(_record("a", killed=(3, 3), source="Syrian Civil Defence"))
        store.add(_record("far", killed=(1, 1), source="Syrian Civil Defence", lat=33.5, lon=36.3))
    with IncidentDB(db_path) as db:
        assert db.build()["documents"] == 2
        first = {i["incident_id"]: i for i in db.incidents()}
    with Store.open(db_path) as store:
        store.add(_record("b", killed=(5, 5), source="Syrian Observatory for Human Rights"))
    with IncidentDB(db_path) as db:
        report = db.build()
        assert (report["documents"], report["touched"], report["incidents"]) == (1, 1, 2)
        second = {i["incident_id"]: i for i in db.incidents()}
        assert db.build()["documents"] == 0
    assert set(first) == set(second)
    joined = next(i for i in second.values() if len(i["members"]) == 2)
    untouched = next(i for i in second.values() if len(i["members"]) == 1)
    assert untouched == first[untouched["incident_id"]]
    assert [(e["run"], e["doc_id"], e["action"]) for e in joined["log"]] == [(1, "a", "created"), (2, "b", "joined")]
