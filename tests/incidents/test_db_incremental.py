"""Incidents stored beside the documents: incremental builds keep ids and log each change."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from marsad.incidents import IncidentDB
from marsad.store import Store


def _record(doc_id: str, *, killed: tuple[int, int] | None, source: str, kind: str = "ngo",
            via: list[str] | None = None, text: str = "", day: str = "2020-03-03",
            lat: float = 35.93, lon: float = 36.63, actor: str = "Russian military") -> dict[str, Any]:
    cas = [{"category": "killed", "group": "civilians", "low": killed[0], "high": killed[1],
            "approximate": False, "claim": "c1"}] if killed else []
    return {
        "doc_id": doc_id, "published": day, "text": text or f"نص التقرير {doc_id} عن الغارة على البلدة",
        "events": [{"id": f"{doc_id}:e1", "event_type": "Explosions/Remote violence",
                    "sub_event_type": "Air/drone strike", "background": False,
                    "date": {"start": day, "end": day, "precision": "day", "anchor": "text"},
                    "location": {"text": "معرة مصرين", "lat": lat, "lon": lon, "precision": 1, "gazetteer_id": "x:1",
                                 "country": "SY", "admin1": "Idlib"},
                    "actors": [{"role": "actor1", "text": "الطيران الروسي", "canonical": actor}],
                    "casualties": cas, "claims": ["c1"]}],
        "claims": [{"id": "c1", "source": {"text": source, "canonical": source, "kind": kind},
                    "via": [{"canonical": v} for v in via or []], "stance": "asserts",
                    "events": [f"{doc_id}:e1"], "evidence": {"start": 0, "end": 10}}],
        "contradictions": [],
    }


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
