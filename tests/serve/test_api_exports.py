"""GET /api/events.csv and /api/events.geojson: columns, validity, the same filters as the list."""

from __future__ import annotations

import csv
import io
import json
import math
from typing import Any

from marsad.serve.export import CSV_COLUMNS, csv_row
from marsad.store import EventQuery

ACLED_COLUMNS = ["event_id_cnty", "event_date", "time_precision", "disorder_type", "event_type",
                 "sub_event_type", "actor1", "actor2", "country", "admin1", "location", "latitude", "longitude",
                 "geo_precision", "source", "source_scale", "notes", "fatalities", "tags"]


def _csv(client: Any, query: Any = None) -> list[dict[str, str]]:
    response = client.get("/api/events.csv", params=query or {})
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "text/csv; charset=utf-8"
    assert "attachment" in response.headers["content-disposition"]
    reader = csv.reader(io.StringIO(response.text, newline=""))
    header = next(reader)
    assert header == [*ACLED_COLUMNS, "doc_id", "incident_id"]
    rows = list(reader)
    assert all(len(row) == len(header) for row in rows)
    return [dict(zip(header, row, strict=True)) for row in rows]


def test_csv_rows_are_the_stores_events(client: Any, store: Any) -> None:
    rows = _csv(client, {"background": "include"})
    events = store.events(EventQuery(limit=1000, background="include")).items
    assert [r["event_id_cnty"] for r in rows] == [e["id"] for e in events]
    for row, event in zip(rows, events, strict=True):
        assert row["event_type"] == event["event_type"]
        assert row["sub_event_type"] == event["sub_event_type"]
        assert row["event_date"] == (event["date"]["start"] or "")
        assert row["doc_id"] == event["doc_id"]
        assert row["incident_id"] == (event["incident_id"] or "")
        if event["location"]["lat"] is None:
            assert row["latitude"] == row["longitude"] == ""
        else:
            assert float(row["latitude"]) == event["location"]["lat"]
            assert float(row["longitude"]) == event["location"]["lon"]
        tags = row["tags"].split("; ") if row["tags"] else []
        assert ("background" in tags) == event["background"]
        assert (f"injured={event['injured']}" in tags) == (event["injured"] is not None)


def test_csv_acled_codes(client: Any, store: Any) -> None:
    rows = {r["event_id_cnty"]: r for r in _csv(client)}
    for event in store.events(EventQuery(limit=1000)).items:
        row = rows[event["id"]]
        assert row["time_precision"] == {"day": "1", "week": "2", "month": "3"}.get(event["date"]["precision"], "")
        if event["event_type"] in ("Battles", "Explosions/Remote violence", "Violence against civilians"):
            assert row["disorder_type"] == "Political violence"
        if event["location"]["country"] == "SY":
            assert row["country"] == "Syria"
        assert row["fatalities"] == ("" if event["fatalities"] is None else str(event["fatalities"]))


def test_csv_filters_and_limit(client: Any, store: Any) -> None:
    query = {"country": "YE"}
    expected = store.events(EventQuery(limit=1000, country="YE")).items
    assert expected
    assert [r["event_id_cnty"] for r in _csv(client, query)] == [e["id"] for e in expected]
    assert len(_csv(client, {"limit": 2})) == 2


def test_csv_neutralises_formulas(client: Any) -> None:
    rows = _csv(client, {"doc_id": "fixture-unlocated-2023-04-12"})
    assert rows and rows[0]["notes"].startswith("'=HYPERLINK(")


def test_csv_of_many_pages(client: Any, store: Any, monkeypatch: Any) -> None:
    """An export longer than one store page is fetched page by page, nothing lost or repeated."""
    import marsad.serve.app as app_module

    monkeypatch.setattr(app_module, "EXPORT_PAGE", 2)
    rows = _csv(client, {"background": "include", "limit": 7})
    expected = store.events(EventQuery(limit=7, background="include")).items
    assert [r["event_id_cnty"] for r in rows] == [e["id"] for e in expected]
    assert len(rows) == 7


def test_csv_row_of_a_sparse_summary() -> None:
    row = csv_row({"id": "d:e1", "event_type": "Protests", "date": {}, "location": {}, "document": {}})
    assert len(row) == len(CSV_COLUMNS)
    assert row[CSV_COLUMNS.index("disorder_type")] == "Demonstrations"
    assert row[CSV_COLUMNS.index("latitude")] == ""


def _geojson(client: Any, query: Any = None) -> dict[str, Any]:
    response = client.get("/api/events.geojson", params=query or {})
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/geo+json"
    return dict(json.loads(response.text))


def _assert_valid_geojson(collection: dict[str, Any]) -> None:
    assert collection["type"] == "FeatureCollection"
    assert isinstance(collection["features"], list)
    for feature in collection["features"]:
        assert feature["type"] == "Feature"
        assert isinstance(feature["properties"], dict)
        geometry = feature["geometry"]
        assert geometry["type"] == "Point"
        lon, lat = geometry["coordinates"]
        assert all(isinstance(v, float | int) and math.isfinite(v) for v in (lon, lat))
        assert -180 <= lon <= 180 and -90 <= lat <= 90


def test_geojson_points_are_the_located_events(client: Any, store: Any) -> None:
    collection = _geojson(client, {"background": "include"})
    _assert_valid_geojson(collection)
    events = store.events(EventQuery(limit=1000, background="include")).items
    located = [e for e in events if e["location"]["lat"] is not None]
    assert [f["id"] for f in collection["features"]] == [e["id"] for e in located]
    for feature, event in zip(collection["features"], located, strict=True):
        assert feature["geometry"]["coordinates"] == [event["location"]["lon"], event["location"]["lat"]]
        assert feature["properties"] == event
    assert collection["unlocated"] == len(events) - len(located) >= 1
    assert collection["exported"] == len(events)


def test_geojson_filters(client: Any, store: Any) -> None:
    collection = _geojson(client, {"bbox": "44,14,46,16"})
    _assert_valid_geojson(collection)
    expected = store.events(EventQuery(limit=1000, bbox=(44, 14, 46, 16))).items
    assert expected and [f["id"] for f in collection["features"]] == [e["id"] for e in expected]
    assert collection["unlocated"] == 0


def test_geojson_with_nothing_matching(client: Any) -> None:
    collection = _geojson(client, {"date_from": "1990-01-01", "date_to": "1990-01-02"})
    _assert_valid_geojson(collection)
    assert collection["features"] == [] and collection["unlocated"] == 0 and collection["exported"] == 0
