"""One error shape for every failure: ours, the router's, request validation, the store's, a crash."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from marsad.errors import StoreError

from .helpers import assert_error, make_client


def test_unknown_route(client: Any) -> None:
    error = assert_error(client.get("/api/nothing/here"), 404, "not_found")
    assert "/api/nothing/here" in error["message"]


def test_unknown_route_with_another_method_is_still_404(client: Any) -> None:
    assert_error(client.post("/api/nothing"), 404, "not_found")


@pytest.mark.parametrize(("method", "path", "allowed"), [
    ("DELETE", "/api/events", "GET"),
    ("PUT", "/api/health", "GET"),
    ("GET", "/api/documents", "POST"),
    ("POST", "/api/incidents", "GET"),
])
def test_wrong_method(client: Any, method: str, path: str, allowed: str) -> None:
    response = client.request(method, path)
    error = assert_error(response, 405, "method_not_allowed")
    assert response.headers["allow"] == allowed
    assert method in error["message"]


@pytest.mark.parametrize("path", [
    "/api/events", "/api/incidents", "/api/events.csv", "/api/events.geojson", "/api/health", "/api/config",
    "/api/events/x", "/api/incidents/x", "/api/documents/x",
])
def test_unknown_query_parameter(client: Any, path: str) -> None:
    error = assert_error(client.get(path, params={"colour": "red"}), 400, "unknown_filter")
    assert error["details"] == [{"field": "colour", "problem": "not a filter of this endpoint"}]
    assert "'colour'" in error["message"]


def test_every_unknown_parameter_is_named(client: Any) -> None:
    error = assert_error(client.get("/api/events?limit=5&colour=red&size=2"), 400, "unknown_filter")
    assert [d["field"] for d in error["details"]] == ["colour", "size"]


@pytest.mark.parametrize(("path", "query"), [
    ("/api/incidents", {"actor": "x"}),            # a filter of events, not of incidents
    ("/api/incidents", {"sub_event_type": "Attack"}),
    ("/api/events.csv", {"cursor": "abc"}),         # exports take no cursor
    ("/api/events.geojson", {"cursor": "abc"}),
])
def test_filter_of_another_endpoint(client: Any, path: str, query: dict[str, str]) -> None:
    assert_error(client.get(path, params=query), 400, "unknown_filter")


@pytest.mark.parametrize(("query", "field"), [
    ({"date_from": "2020-13-01"}, "date_from"),
    ({"date_from": "2020-02-30"}, "date_from"),
    ({"date_to": "15/01/2020"}, "date_to"),
    ({"date_to": "20200115"}, "date_to"),
    ({"date_from": "2020-01-02", "date_to": "2020-01-01"}, "date_to"),
    ({"bbox": "35,32,42"}, "bbox"),
    ({"bbox": "35,32,42,37,1"}, "bbox"),
    ({"bbox": "a,32,42,37"}, "bbox"),
    ({"bbox": "42,32,35,37"}, "bbox"),                # min_lon > max_lon
    ({"bbox": "35,37,42,32"}, "bbox"),                # min_lat > max_lat
    ({"bbox": "35,32,181,37"}, "bbox"),
    ({"bbox": "35,-91,42,37"}, "bbox"),
    ({"bbox": "nan,32,42,37"}, "bbox"),
    ({"bbox": "35,32,inf,37"}, "bbox"),
    ({"limit": "0"}, "limit"),
    ({"limit": "1001"}, "limit"),
    ({"limit": "-5"}, "limit"),
    ({"limit": "ten"}, "limit"),
    ({"limit": "2.5"}, "limit"),
    ({"event_type": "Battle"}, "event_type"),
    ({"sub_event_type": "Airstrike"}, "sub_event_type"),
    ({"country": "SYR"}, "country"),
    ({"country": "S1"}, "country"),
    ({"background": "yes"}, "background"),
    ({"actor": "x" * 201}, "actor"),
    ({"cursor": "not-a-cursor"}, "cursor"),
])
def test_invalid_value(client: Any, query: dict[str, str], field: str) -> None:
    error = assert_error(client.get("/api/events", params=query), 400, "invalid_value")
    assert field in [d["field"] for d in error["details"]]


def test_a_single_valued_filter_given_twice(client: Any) -> None:
    error = assert_error(client.get("/api/events?country=SY&country=YE"), 400, "invalid_value")
    assert error["details"] == [{"field": "country", "problem": "given more than once"}]


def test_every_bad_value_is_named(client: Any) -> None:
    error = assert_error(client.get("/api/events?bbox=1,2&date_from=x&limit=0"), 400, "invalid_value")
    assert {d["field"] for d in error["details"]} == {"bbox", "date_from", "limit"}


@pytest.mark.parametrize(("query", "field"), [
    ({"limit": "100001"}, "limit"),
    ({"limit": "0"}, "limit"),
    ({"bbox": "1,2,3"}, "bbox"),
])
def test_invalid_export_values(client: Any, query: dict[str, str], field: str) -> None:
    for path in ("/api/events.csv", "/api/events.geojson"):
        error = assert_error(client.get(path, params=query), 400, "invalid_value")
        assert error["details"][0]["field"] == field


@pytest.mark.parametrize("query", [{"limit": "1001"}, {"date_from": "2020-1-1"}, {"event_type": "Riot"},
                                   {"cursor": "e30"}])
def test_invalid_incident_values(client: Any, query: dict[str, str]) -> None:
    assert_error(client.get("/api/incidents", params=query), 400, "invalid_value")


def test_request_validation_errors_take_the_shape(read_db: Path) -> None:
    """FastAPI's own validation (a typed parameter) answers in the same shape."""
    with make_client(read_db) as c:
        app = c.app

        @app.get("/api/typed-for-test")
        async def typed(n: int) -> dict[str, int]:
            return {"n": n}

        assert c.get("/api/typed-for-test?n=3").json() == {"n": 3}
        error = assert_error(c.get("/api/typed-for-test?n=three"), 400, "invalid_value")
    assert error["details"][0]["field"] == "n"


def test_a_crash_is_a_500_without_a_traceback(read_db: Path) -> None:
    class Exploding:
        def __getattr__(self, name: str) -> Any:
            raise ZeroDivisionError("secret internals")

    with make_client(read_db, opener=lambda target: Exploding()) as c:
        response = c.get("/api/events")
    error = assert_error(response, 500, "internal")
    assert "secret" not in response.text and "ZeroDivisionError" not in response.text
    assert "log" in error["message"]


def test_a_store_error_is_a_500(read_db: Path) -> None:
    def unreachable(target: str) -> Any:
        raise StoreError("connection refused by db.internal:5432", origin=target)

    with make_client(read_db, opener=unreachable) as c:
        response = c.get("/api/health")
    assert_error(response, 500, "internal")
    assert "db.internal" not in response.text
