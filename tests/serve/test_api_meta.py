"""Health, client config, OpenAPI and the security headers."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from marsad import __version__
from marsad.serve.app import security_headers, tiles_origin
from marsad.store import IncidentQuery

from .helpers import assert_error, make_client

OPERATION_IDS = {
    "health", "get_config", "ingest_documents", "get_document", "list_events", "get_event",
    "export_events_csv", "export_events_geojson", "list_incidents", "get_incident",
}


def test_health_counts_are_the_stores(client: Any, store: Any) -> None:
    body = client.get("/api/health").json()
    assert body == {
        "status": "ok", "backend": "sqlite", "schema_version": store.schema_version(),
        "documents": store.count_documents(), "events": store.count_events(),
        "incidents": store.incidents(IncidentQuery(limit=1)).total,
    }
    assert body["documents"] == 6 and body["events"] > 6 and body["incidents"] > 0


def test_config_without_tiles(client: Any) -> None:
    assert client.get("/api/config").json() == {"tiles": None, "tiles_attribution": None, "version": __version__}


def test_config_with_tiles_and_their_origin_in_the_csp(read_db: Path) -> None:
    tiles = "https://{s}.tiles.example.org/{z}/{x}/{y}.png"
    with make_client(read_db, tiles=tiles, tiles_attribution="© example") as c:
        response = c.get("/api/config")
    assert response.json()["tiles"] == tiles
    assert response.json()["tiles_attribution"] == "© example"
    csp = _csp(response)
    assert csp["img-src"] == ["'self'", "data:", "https://*.tiles.example.org"]


@pytest.mark.parametrize(("url", "origin"), [
    ("https://tile.openstreetmap.org/{z}/{x}/{y}.png", "https://tile.openstreetmap.org"),
    ("http://localhost:8080/tiles/{z}/{x}/{y}.png", "http://localhost:8080"),
    ("https://{s}.tile.example.net/{z}/{x}/{y}.png", "https://*.tile.example.net"),
])
def test_tiles_origin(url: str, origin: str) -> None:
    assert tiles_origin(url) == origin


@pytest.mark.parametrize("url", ["ftp://x.org/{z}/{x}/{y}", "/tiles/{z}/{x}/{y}.png", "https://a.{s}.org/{z}"])
def test_tiles_origin_refuses(url: str) -> None:
    with pytest.raises(ValueError):
        tiles_origin(url)


def _csp(response: Any) -> dict[str, list[str]]:
    policy = response.headers["content-security-policy"]
    return {d.split()[0]: d.split()[1:] for d in policy.split(";") if d.strip()}


def _assert_security_headers(response: Any) -> None:
    csp = _csp(response)
    assert csp["script-src"] == ["'self'"]  # no 'unsafe-inline', no CDN
    assert csp["object-src"] == ["'none'"]
    assert csp["base-uri"] == ["'none'"]
    assert csp["connect-src"] == ["'self'"]
    assert csp["img-src"] == ["'self'", "data:"]
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["referrer-policy"] == "no-referrer"


@pytest.mark.parametrize(("method", "path"), [
    ("GET", "/api/health"), ("GET", "/api/events?colour=red"), ("GET", "/api/nowhere"),
    ("DELETE", "/api/events"), ("GET", "/"), ("GET", "/openapi.json"), ("POST", "/api/documents"),
])
def test_security_headers_on_every_response(client: Any, method: str, path: str) -> None:
    _assert_security_headers(client.request(method, path))


def test_security_headers_on_a_500(read_db: Path) -> None:
    def broken(target: str) -> Any:
        raise RuntimeError("the disk caught fire")

    with make_client(read_db, opener=broken) as c:
        response = c.get("/api/health")
    assert_error(response, 500, "internal")
    assert "fire" not in response.text  # the cause goes to the log, not to the client
    _assert_security_headers(response)


def test_security_headers_have_no_inline_allowance() -> None:
    policy = dict(security_headers(None))["Content-Security-Policy"]
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy


def test_openapi_lists_every_operation_id(client: Any) -> None:
    spec = client.get("/openapi.json").json()
    found = {op["operationId"]: (method.upper(), path)
             for path, item in spec["paths"].items() for method, op in item.items()}
    assert set(found) == OPERATION_IDS
    assert found["list_events"] == ("GET", "/api/events")
    assert found["ingest_documents"] == ("POST", "/api/documents")
    assert found["export_events_csv"] == ("GET", "/api/events.csv")
    assert found["get_incident"] == ("GET", "/api/incidents/{incident_id}")


def test_openapi_describes_the_filters(client: Any) -> None:
    spec = client.get("/openapi.json").json()
    events = {p["name"]: p for p in spec["paths"]["/api/events"]["get"]["parameters"]}
    assert set(events) == {"bbox", "date_from", "date_to", "event_type", "sub_event_type", "actor", "country",
                           "q", "background", "incident_id", "doc_id", "limit", "cursor"}
    assert events["limit"]["schema"]["maximum"] == 1000
    csv_params = {p["name"]: p for p in spec["paths"]["/api/events.csv"]["get"]["parameters"]}
    assert "cursor" not in csv_params and csv_params["limit"]["schema"]["maximum"] == 100_000
    incidents = {p["name"] for p in spec["paths"]["/api/incidents"]["get"]["parameters"]}
    assert incidents == {"bbox", "date_from", "date_to", "event_type", "country", "limit", "cursor"}


def test_no_cdn_docs_pages(client: Any) -> None:
    # Swagger UI and ReDoc load scripts from a CDN: they are off.
    assert_error(client.get("/docs"), 404, "not_found")
    assert_error(client.get("/redoc"), 404, "not_found")


def test_server_timing_names_the_store_time(client: Any) -> None:
    timing = client.get("/api/events").headers["server-timing"]
    parts = dict(p.strip().split(";dur=") for p in timing.split(","))
    assert set(parts) == {"store", "queue"} and float(parts["store"]) > 0
    assert "server-timing" not in client.get("/api/config").headers  # no store call, no header
