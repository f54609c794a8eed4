"""GET /api/events and /api/events/{id}: the filters filter, as the store itself answers them."""

from __future__ import annotations

import datetime as dt
from typing import Any
from urllib.parse import quote

import pytest

from marsad.store import EventQuery

from .helpers import assert_error


def _all(store: Any, **filters: Any) -> list[dict[str, Any]]:
    return store.events(EventQuery(limit=1000, **filters)).items


def _ids(items: list[dict[str, Any]]) -> list[str]:
    return [item["id"] for item in items]


def _api(client: Any, query: Any) -> dict[str, Any]:
    response = client.get("/api/events", params=query)
    assert response.status_code == 200, response.text
    return dict(response.json())


def test_unfiltered_list_is_the_stores(client: Any, store: Any) -> None:
    body = _api(client, {})
    expected = store.events(EventQuery())
    assert body == {"items": expected.items, "total": expected.total, "next_cursor": expected.next_cursor}
    assert body["total"] == len(body["items"]) > 5


def _filter_cases(store: Any) -> list[tuple[dict[str, Any] | list[tuple[str, str]], dict[str, Any]]]:
    """(API query, EventQuery fields) pairs whose values come from the stored events themselves."""
    events = _all(store, background="include")
    located = [e for e in events if e["location"]["lat"] is not None]
    dated = sorted({e["date"]["start"] for e in events if e["date"]["start"]})
    first = located[0]
    lat, lon = first["location"]["lat"], first["location"]["lon"]
    bbox = (lon - 0.5, lat - 0.5, lon + 0.5, lat + 0.5)
    types = sorted({e["event_type"] for e in events})
    subs = sorted({e["sub_event_type"] for e in events})
    actor = next(e["actor1"] for e in events if e["actor1"])
    country = next(e["location"]["country"] for e in located if e["location"]["country"])
    middle = dt.date.fromisoformat(dated[len(dated) // 2])
    incident = next(e["incident_id"] for e in events if e["incident_id"])
    return [
        ({"bbox": ",".join(map(str, bbox))}, {"bbox": bbox}),
        ({"date_from": middle.isoformat()}, {"date_from": middle}),
        ({"date_to": middle.isoformat()}, {"date_to": middle}),
        ({"date_from": dated[0], "date_to": dated[0]},
         {"date_from": dt.date.fromisoformat(dated[0]), "date_to": dt.date.fromisoformat(dated[0])}),
        ({"event_type": types[0]}, {"event_types": (types[0],)}),
        ([("event_type", types[0]), ("event_type", types[-1])], {"event_types": (types[0], types[-1])}),
        ([("sub_event_type", subs[0]), ("sub_event_type", subs[1])], {"sub_event_types": (subs[0], subs[1])}),
        ({"actor": actor[3:9].lower()}, {"actor": actor[3:9].lower()}),
        ({"country": country.lower()}, {"country": country}),
        ({"q": first["location"]["text"]}, {"text": first["location"]["text"]}),
        ({"background": "only"}, {"background": "only"}),
        ({"background": "include"}, {"background": "include"}),
        ({"doc_id": first["doc_id"]}, {"doc_id": first["doc_id"]}),
        ({"incident_id": incident}, {"incident_id": incident}),
        ({"country": first["location"]["country"], "event_type": first["event_type"], "date_to": dated[-1]},
         {"country": first["location"]["country"], "event_types": (first["event_type"],),
          "date_to": dt.date.fromisoformat(dated[-1])}),
    ]


def test_each_filter_answers_as_the_store_and_narrows(client: Any, store: Any) -> None:
    everything = _ids(_all(store, background="include"))
    for query, fields in _filter_cases(store):
        expected = store.events(EventQuery(**fields))
        body = _api(client, query)
        assert _ids(body["items"]) == _ids(expected.items), query
        assert body["total"] == expected.total, query
        assert body["items"], f"{query} matched nothing: a useless test case"
        if fields.get("background") != "include":
            assert len(body["items"]) < len(everything), f"{query} did not filter"


def test_filtered_items_satisfy_their_filter(client: Any, store: Any) -> None:
    countries = {e["location"]["country"] for e in _all(store)} - {None}
    assert len(countries) > 1
    for country in countries:
        items = _api(client, {"country": country})["items"]
        assert items and all(item["location"]["country"] == country for item in items)
    body = _api(client, {"bbox": "35,33,37,36"})
    assert body["items"]
    for item in body["items"]:
        assert 35 <= item["location"]["lon"] <= 37 and 33 <= item["location"]["lat"] <= 36
    for item in _api(client, {"date_from": "2021-01-01", "date_to": "2021-12-31"})["items"]:
        assert item["date"]["start"] <= "2021-12-31" and (item["date"]["end"] or item["date"]["start"]) >= "2021-01-01"
    only = _api(client, {"background": "only"})["items"]
    assert only and all(item["background"] for item in only)
    assert not any(item["background"] for item in _api(client, {})["items"])


def test_empty_values_do_not_filter(client: Any) -> None:
    assert _api(client, {"actor": "", "country": "", "limit": ""}) == _api(client, {})


def test_pages_walk_every_event_once(client: Any, store: Any) -> None:
    seen: list[str] = []
    cursor = None
    for _ in range(50):
        body = _api(client, {"limit": 2, "background": "include", **({"cursor": cursor} if cursor else {})})
        assert len(body["items"]) <= 2
        seen.extend(_ids(body["items"]))
        cursor = body["next_cursor"]
        if cursor is None:
            break
    assert seen == _ids(_all(store, background="include"))
    assert len(seen) == len(set(seen)) > 2


def test_limit(client: Any) -> None:
    body = _api(client, {"limit": 1})
    assert len(body["items"]) == 1 and body["total"] > 1 and body["next_cursor"]


def test_get_event_is_the_stores(client: Any, store: Any) -> None:
    for summary in _all(store, background="include"):
        response = client.get("/api/events/" + quote(summary["id"], safe=":"))
        assert response.status_code == 200
        assert response.json() == store.event(summary["id"])
        assert response.json()["id"] == summary["id"]


def test_event_has_claims_with_quotes(client: Any, store: Any) -> None:
    event_id = next(e["id"] for e in _all(store) if e["doc_id"] == "example-damascus-2020-01-15")
    event = client.get(f"/api/events/{event_id}").json()
    assert event["claims"] and all(isinstance(c["quote"], str) and c["quote"] for c in event["claims"])
    record = store.record(event["doc_id"])
    for claim in event["claims"]:
        assert claim["quote"] in record["text"]


def test_unknown_event(client: Any) -> None:
    error = assert_error(client.get("/api/events/example-damascus-2020-01-15:e99"), 404, "not_found")
    assert "e99" in error["message"]


@pytest.mark.parametrize("text", ["'; DROP TABLE events; --", "%", "_", "\\"])
def test_hostile_text_is_only_text(client: Any, store: Any, text: str) -> None:
    body = _api(client, {"q": text, "actor": text})
    assert body["items"] == store.events(EventQuery(text=text, actor=text)).items
    assert client.get("/api/health").json()["events"] == store.count_events()


def test_arabic_is_sent_unescaped(client: Any) -> None:
    response = client.get("/api/events?limit=3")
    assert response.headers["content-type"] == "application/json"
    assert "\\u06" not in response.text
    assert any("\u0600" <= ch <= "\u06ff" for ch in response.text)
