"""Incidents stored beside the documents: incremental builds keep ids and log each change, on
SQLite and on PostgreSQL (``store.fixtures``: the PostgreSQL case needs $MARSAD_TEST_POSTGRES)."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import incident_source_record

from marsad.incidents import IncidentDB, IncidentError
from marsad.store import Store

pytest_plugins = ("store.fixtures",)

_record = incident_source_record
# Another strike, a week later and far away, in words of its own: a separate incident whatever the
# builder's weights (tests/incidents/test_reconcile_figures.py tests those).
FAR_TEXT = "قال الدفاع المدني إن قصفاً صاروخياً أصاب سوقاً شعبية في ضاحية جنوب دمشق وقتل شخصاً."


def test_incremental_build_keeps_ids_and_logs(target: str) -> None:
    with Store.open(target) as store:
        store.add(_record("a", killed=(3, 3), source="Syrian Civil Defence"))
        store.add(_record("far", killed=(1, 1), source="Syrian Civil Defence", lat=33.5, lon=36.3, day="2020-03-12",
                          text=FAR_TEXT))
    with IncidentDB(target) as db:
        assert db.build()["documents"] == 2
        first = {i["incident_id"]: i for i in db.incidents()}
    with Store.open(target) as store:
        store.add(_record("b", killed=(5, 5), source="Syrian Observatory for Human Rights"))
    with IncidentDB(target) as db:
        report = db.build()
        assert (report["documents"], report["touched"], report["incidents"]) == (1, 1, 2)
        second = {i["incident_id"]: i for i in db.incidents()}
        assert db.build()["documents"] == 0
    assert set(first) == set(second)
    joined = next(i for i in second.values() if len(i["members"]) == 2)
    untouched = next(i for i in second.values() if len(i["members"]) == 1)
    assert untouched == first[untouched["incident_id"]]
    assert [(e["run"], e["doc_id"], e["action"]) for e in joined["log"]] == [(1, "a", "created"), (2, "b", "joined")]


def test_an_open_store_is_used_and_left_open(target: str) -> None:
    with Store.open(target) as store:
        store.add(_record("a", killed=(3, 3), source="Syrian Civil Defence"))
        with IncidentDB(store) as db:
            assert db.build()["incidents"] == 1
        assert store.count_documents() == 1  # still open
        assert [i["members"][0]["doc_id"] for i in IncidentDB(store).incidents()] == ["a"]


def test_missing_sqlite_file_is_an_incident_error(tmp_path: Path) -> None:
    with pytest.raises(IncidentError, match="store documents first"):
        IncidentDB(tmp_path / "none.db")
    assert not (tmp_path / "none.db").exists()
