"""Incidents in the store: IncidentDB builds on either backend, filters, pages, ids and prefixes."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from store.kit import strike_record

from marsad.cli import main
from marsad.incidents import IncidentDB, UnknownIncident
from marsad.store import AmbiguousId, EventQuery, IncidentQuery, Store

_record = strike_record

pytest_plugins = ("store.fixtures",)


# Distinct events are told apart by day, place and wording, so that these tests do not hang on
# how the incident builder weighs each (that is tests/incidents' business).
FAR_TEXT = "أفاد الدفاع المدني بمقتل شخص واحد في قصف استهدف حياً سكنياً في ضواحي دمشق الجنوبية."
YEMEN_TEXT = "ذكرت وكالة سبأ أن اثنين قتلا جراء غارة على مزرعة في محافظة مأرب شرق صنعاء."


def fill(store: Store) -> dict[str, dict]:
    """Two reports of one strike near Idlib, one in Damascus a week later, one in Yemen a year
    later; built into incidents. Returns the incidents by their first member document."""
    store.add_many([
        _record("a", killed=3, source="Syrian Civil Defence"),
        _record("b", killed=5, source="Syrian Observatory for Human Rights"),
        _record("far", killed=1, source="Syrian Civil Defence", day="2020-03-10", lat=33.5, lon=36.3,
                text=FAR_TEXT),
        _record("yemen", killed=2, source="Saba", day="2021-05-01", lat=15.46, lon=45.32, country="YE",
                text=YEMEN_TEXT),
    ])
    with IncidentDB(store) as db:
        report = db.build()
        assert (report["run"], report["documents"], report["incidents"]) == (1, 4, 3)
        return {i["members"][0]["doc_id"]: i for i in db.incidents()}


def test_build_round_trip(store: Store) -> None:
    by_doc = fill(store)
    joined = by_doc["a"]
    assert [m["doc_id"] for m in joined["members"]] == ["a", "b"]
    assert store.incident(joined["incident_id"]) == joined
    page = store.incidents()
    assert page.total == 3 and page.next_cursor is None
    assert [i["incident_id"] for i in page.items] == [i["incident_id"] for i in IncidentDB(store).incidents()]
    # Events know their incident, and an incident lists its events.
    events = {e["doc_id"]: e for e in store.events(EventQuery()).items}
    assert events["a"]["incident_id"] == events["b"]["incident_id"] == joined["incident_id"]
    members = store.events(EventQuery(incident_id=joined["incident_id"])).items
    assert sorted(e["doc_id"] for e in members) == ["a", "b"]
    detail = store.event("a:e1")
    assert detail is not None and detail["incident_id"] == joined["incident_id"]


def test_incremental_build_after_a_changed_document(store: Store) -> None:
    by_doc = fill(store)
    changed = _record("far", killed=4, source="Syrian Civil Defence", day="2020-03-10", lat=33.5, lon=36.3,
                      text=FAR_TEXT + " وارتفعت الحصيلة لاحقاً إلى أربعة قتلى.")
    assert store.add(changed) is True
    with IncidentDB(store) as db:
        report = db.build()
        assert (report["run"], report["documents"], report["touched"], report["incidents"]) == (2, 1, 1, 3)
        assert db.build()["documents"] == 0
    far = store.incident(by_doc["far"]["incident_id"])
    assert far is not None and far["casualties"]["killed"]["best"] == 4
    assert [(e["run"], e["action"]) for e in far["log"]][-1][0] == 2
    assert store.incident(by_doc["a"]["incident_id"]) == by_doc["a"]


def test_incident_filters_and_pages(store: Store) -> None:
    by_doc = fill(store)
    ids = {doc: i["incident_id"] for doc, i in by_doc.items()}

    def found(**filters: object) -> set[str]:
        return {i["incident_id"] for i in store.incidents(IncidentQuery(**filters)).items}  # type: ignore[arg-type]

    assert found(country="ye") == {ids["yemen"]}
    assert found(bbox=(36.0, 33.0, 37.0, 34.0)) == {ids["far"]}
    assert found(date_from=dt.date(2021, 1, 1)) == {ids["yemen"]}
    assert found(date_to=dt.date(2020, 12, 31)) == {ids["a"], ids["far"]}
    assert found(date_from=dt.date(2020, 3, 5), date_to=dt.date(2020, 3, 31)) == {ids["far"]}
    assert found(event_types=("Battles",)) == set()
    assert found(event_types=("Explosions/Remote violence",)) == set(ids.values())
    pages, cursor = [], None
    while True:
        page = store.incidents(IncidentQuery(limit=1, cursor=cursor))
        assert page.total == 3
        pages.extend(i["incident_id"] for i in page.items)
        if page.next_cursor is None:
            break
        cursor = page.next_cursor
    assert pages == [i["incident_id"] for i in store.incidents().items]


def test_incident_by_prefix(store: Store) -> None:
    by_doc = fill(store)
    iid = by_doc["a"]["incident_id"]
    prefix = next(iid[:n] for n in range(len(iid)) if sum(i.startswith(iid[:n]) for i in
                                                            (x["incident_id"] for x in by_doc.values())) == 1)
    assert store.incident(prefix) == by_doc["a"]
    assert store.incident("no-such-incident") is None
    assert store.incident("inc-%") is None
    with pytest.raises(AmbiguousId):
        store.incident(iid[: len(prefix) - 1] if len(prefix) > 1 else "")
    with pytest.raises(UnknownIncident, match="more than one"):
        IncidentDB(store).get(iid[: len(prefix) - 1])


def test_cli_builds_exports_and_shows_on_the_store(target: str, capsys: pytest.CaptureFixture[str]) -> None:
    with Store.open(target) as store:
        store.add_many([_record("a", killed=3, source="Syrian Civil Defence"),
                        _record("b", killed=5, source="Syrian Observatory for Human Rights")])
    assert main(["incidents", "build", "--db", target]) == 0
    assert "run 1: 2 new or changed documents" in capsys.readouterr().err
    assert main(["incidents", "export", "--db", target]) == 0
    exported = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert len(exported) == 1
    iid = exported[0]["incident_id"]
    assert main(["show", iid[:8], "--db", target, "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == exported[0]
    assert main(["show", "zzz-none", "--db", target]) == 3
    assert "no incident zzz-none" in capsys.readouterr().err
