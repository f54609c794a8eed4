"""GET /api/incidents and /api/incidents/{id}, built by marsad.incidents over the stored examples."""

from __future__ import annotations

import datetime as dt
from typing import Any

from marsad.store import IncidentQuery

from .helpers import assert_error


def _ids(items: list[dict[str, Any]]) -> list[str]:
    return [item["incident_id"] for item in items]


def test_list_is_the_stores(client: Any, store: Any) -> None:
    body = client.get("/api/incidents").json()
    expected = store.incidents(IncidentQuery())
    assert body == {"items": expected.items, "total": expected.total, "next_cursor": expected.next_cursor}
    assert body["total"] > 1
    assert all({"incident_id", "members", "claims", "contradictions"} <= set(i) for i in body["items"])


def test_filters_answer_as_the_store_and_narrow(client: Any, store: Any) -> None:
    everything = store.incidents(IncidentQuery(limit=1000)).items
    types = sorted({i["event_type"] for i in everything})
    first = next(i for i in everything if (i.get("location") or {}).get("lat") is not None)
    lat, lon = first["location"]["lat"], first["location"]["lon"]
    start = dt.date.fromisoformat(first["date"]["start"])
    cases = [
        ({"event_type": types[0]}, {"event_types": (types[0],)}),
        ({"country": "ye"}, {"country": "YE"}),
        ({"bbox": f"{lon - 0.2},{lat - 0.2},{lon + 0.2},{lat + 0.2}"},
         {"bbox": (lon - 0.2, lat - 0.2, lon + 0.2, lat + 0.2)}),
        ({"date_from": start.isoformat(), "date_to": start.isoformat()}, {"date_from": start, "date_to": start}),
    ]
    for query, fields in cases:
        expected = store.incidents(IncidentQuery(**fields))
        body = client.get("/api/incidents", params=query).json()
        assert _ids(body["items"]) == _ids(expected.items), query
        assert body["total"] == expected.total
        assert 0 < len(body["items"]) < len(everything), query


def test_pages(client: Any, store: Any) -> None:
    seen: list[str] = []
    cursor = None
    for _ in range(50):
        body = client.get("/api/incidents", params={"limit": 3, **({"cursor": cursor} if cursor else {})}).json()
        seen.extend(_ids(body["items"]))
        cursor = body["next_cursor"]
        if cursor is None:
            break
    assert seen == _ids(store.incidents(IncidentQuery(limit=1000)).items)


def test_get_incident_by_id_and_prefix(client: Any, store: Any) -> None:
    for summary in store.incidents(IncidentQuery(limit=1000)).items:
        iid = summary["incident_id"]
        full = client.get(f"/api/incidents/{iid}")
        assert full.status_code == 200 and full.json() == store.incident(iid)
        assert full.json()["members"]
    iid = store.incidents(IncidentQuery(limit=1)).items[0]["incident_id"]
    prefixes = [iid[:n] for n in range(len(iid), 4, -1)]
    unique = [p for p in prefixes if sum(i["incident_id"].startswith(p) for i in
                                         store.incidents(IncidentQuery(limit=1000)).items) == 1]
    assert client.get(f"/api/incidents/{unique[-1]}").json()["incident_id"] == iid


def test_claims_carry_quotes_and_contradictions_both_sides(client: Any, store: Any) -> None:
    with_contradiction = [i for i in store.incidents(IncidentQuery(limit=1000)).items if i["contradictions"]]
    assert with_contradiction
    body = client.get(f"/api/incidents/{with_contradiction[0]['incident_id']}").json()
    assert body["claims"] and all(isinstance(claim["quote"], str) for claim in body["claims"])
    for contradiction in body["contradictions"]:
        assert len(contradiction["sides"]) >= 2
        assert all(side["claims"] for side in contradiction["sides"])


def test_ambiguous_prefix(client: Any) -> None:
    error = assert_error(client.get("/api/incidents/inc-"), 400, "invalid_value")
    assert "more than one" in error["message"]


def test_unknown_incident(client: Any) -> None:
    assert_error(client.get("/api/incidents/inc-0000000000000000"), 404, "not_found")


def test_events_of_an_incident(client: Any, store: Any) -> None:
    incident = store.incidents(IncidentQuery(limit=1)).items[0]
    items = client.get("/api/events", params={"incident_id": incident["incident_id"],
                                              "background": "include"}).json()["items"]
    members = {(m["doc_id"], m.get("event")) for m in incident["members"]}
    assert items and all(item["incident_id"] == incident["incident_id"] for item in items)
    assert {item["doc_id"] for item in items} == {doc for doc, _ in members}
