"""POST /api/documents (token, media type, size, JSON, all-or-none batches) and GET /api/documents/{id}."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from marsad.store import Store

from .helpers import MARKUP_REPORT, NEW_REPORT, TOKEN, assert_error, make_client

AUTH = {"Authorization": f"Bearer {TOKEN}"}


def _count(db: Path) -> tuple[int, int]:
    with Store.open(db) as store:
        return store.count_documents(), store.count_events()


def _post(client: Any, body: Any, headers: dict[str, str] | None = None) -> Any:
    return client.post("/api/documents", content=json.dumps(body, ensure_ascii=False).encode("utf-8"),
                       headers={"Content-Type": "application/json", **AUTH, **(headers or {})})


def test_one_document_is_processed_and_stored(write_client: Any, write_db: Path) -> None:
    before = _count(write_db)
    response = _post(write_client, NEW_REPORT)
    assert response.status_code == 200, response.text
    [result] = response.json()["results"]
    assert result["doc_id"] == NEW_REPORT["id"] and result["stored"] is True and result["events"] >= 1
    stored = write_client.get(f"/api/documents/{NEW_REPORT['id']}").json()
    assert stored["text"].startswith("غارة جوية") and len(stored["events"]) == result["events"]
    assert _count(write_db) == (before[0] + 1, before[1] + result["events"])


def test_storing_again_changes_nothing(write_client: Any, write_db: Path) -> None:
    assert _post(write_client, NEW_REPORT).json()["results"][0]["stored"] is True
    counts = _count(write_db)
    again = _post(write_client, NEW_REPORT).json()["results"][0]
    assert again["stored"] is False
    assert _count(write_db) == counts


def test_a_batch_is_stored(write_client: Any, write_db: Path) -> None:
    second = {**NEW_REPORT, "id": "fixture-new-2024-06-20-b"}
    response = _post(write_client, {"documents": [NEW_REPORT, second]})
    assert response.status_code == 200
    assert [r["doc_id"] for r in response.json()["results"]] == [NEW_REPORT["id"], second["id"]]
    assert all(r["stored"] for r in response.json()["results"])
    with Store.open(write_db) as store:
        assert store.record(second["id"]) is not None


@pytest.mark.parametrize("bad", [
    {"id": "fixture-empty", "text": "   "},                                       # no text
    {"id": "fixture-english", "text": "Shelling hit the town this morning, officials said."},  # not Arabic
    {"id": "fixture-both", "text": "نص", "html": "<p>نص</p>"},                      # text and html
    "just a string",                                                             # not an object
])
def test_a_failing_record_stores_nothing_of_the_batch(write_client: Any, write_db: Path, bad: Any) -> None:
    before = _count(write_db)
    response = _post(write_client, {"documents": [NEW_REPORT, bad]})
    error = assert_error(response, 422, "unprocessable")
    assert error["details"][0]["field"] == "documents[1]"
    assert "documents[1]" in error["message"] and "nothing was stored" in error["message"]
    if isinstance(bad, dict):
        assert bad["id"] in error["message"]
    assert _count(write_db) == before
    assert_error(write_client.get(f"/api/documents/{NEW_REPORT['id']}"), 404, "not_found")


def test_every_failing_record_is_named(write_client: Any) -> None:
    body = {"documents": [{"text": ""}, NEW_REPORT, {"html": 5}]}
    error = assert_error(_post(write_client, body), 422, "unprocessable")
    assert [d["field"] for d in error["details"]] == ["documents[0]", "documents[2]"]


def test_no_token_configured_refuses_writes(write_db: Path) -> None:
    with make_client(write_db) as c:
        error = assert_error(_post(c, NEW_REPORT), 403, "writes_disabled")
    assert "--token" in error["message"]


def test_missing_credentials(write_client: Any) -> None:
    response = write_client.post("/api/documents", json=NEW_REPORT)
    assert_error(response, 401, "unauthorized")
    assert response.headers["www-authenticate"] == "Bearer"


@pytest.mark.parametrize("header", [f"Basic {TOKEN}", "Bearer", "Bearer   ", TOKEN])
def test_malformed_credentials(write_client: Any, header: str) -> None:
    assert_error(_post(write_client, NEW_REPORT, {"Authorization": header}), 401, "unauthorized")


@pytest.mark.parametrize("token", [TOKEN[:-1], TOKEN + "x", "wrong", TOKEN.upper()])
def test_wrong_token(write_client: Any, write_db: Path, token: str) -> None:
    before = _count(write_db)
    assert_error(_post(write_client, NEW_REPORT, {"Authorization": f"Bearer {token}"}), 403, "forbidden")
    assert _count(write_db) == before


def test_bearer_scheme_is_case_insensitive(write_client: Any) -> None:
    assert _post(write_client, NEW_REPORT, {"Authorization": f"bearer {TOKEN}"}).status_code == 200


@pytest.mark.parametrize("content_type", ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data",
                                          "application/json; charset=latin-1"])
def test_not_json(write_client: Any, content_type: str) -> None:
    response = write_client.post("/api/documents", content=json.dumps(NEW_REPORT).encode(),
                                 headers={**AUTH, "Content-Type": content_type})
    assert_error(response, 415, "unsupported_media_type")


def test_no_content_type(write_client: Any) -> None:
    response = write_client.post("/api/documents", content=json.dumps(NEW_REPORT).encode(), headers=AUTH)
    assert_error(response, 415, "unsupported_media_type")


def test_json_suffix_types_are_json(write_client: Any) -> None:
    response = write_client.post("/api/documents", content=json.dumps(NEW_REPORT).encode(),
                                 headers={**AUTH, "Content-Type": "application/vnd.marsad+json; charset=utf-8"})
    assert response.status_code == 200


def test_too_large_by_content_length(write_client: Any, write_db: Path) -> None:
    # write_client allows 20000 bytes
    big = {**NEW_REPORT, "text": NEW_REPORT["text"] + "\n\n" + "قصف " * 6000}
    before = _count(write_db)
    error = assert_error(_post(write_client, big), 413, "payload_too_large")
    assert "20000" in error["message"]
    assert _count(write_db) == before


def test_too_large_while_streaming(write_client: Any, write_db: Path) -> None:
    """A chunked body has no Content-Length: the limit is enforced as the chunks arrive."""
    def chunks() -> Iterator[bytes]:
        yield b'{"id": "fixture-stream", "text": "'
        for _ in range(100):
            yield ("قصف مدفعي " * 100).encode("utf-8")
        yield b'"}'

    before = _count(write_db)
    response = write_client.post("/api/documents", content=chunks(),
                                 headers={**AUTH, "Content-Type": "application/json"})
    assert_error(response, 413, "payload_too_large")
    assert _count(write_db) == before


def test_a_body_at_the_limit_is_read(write_db: Path, engine: Any) -> None:
    body = json.dumps(NEW_REPORT, ensure_ascii=False).encode("utf-8")
    with make_client(write_db, engine, token=TOKEN, max_body=len(body)) as c:
        ok = c.post("/api/documents", content=body, headers={**AUTH, "Content-Type": "application/json"})
        too_big = c.post("/api/documents", content=body + b" ", headers={**AUTH, "Content-Type": "application/json"})
    assert ok.status_code == 200
    assert_error(too_big, 413, "payload_too_large")


@pytest.mark.parametrize("body", [b"{", b"", b'{"text": "\xd9"}', b"[1, 2", b'{"text": NaN}', b"{'id': 1}"])
def test_malformed_json(write_client: Any, body: bytes) -> None:
    response = write_client.post("/api/documents", content=body, headers={**AUTH, "Content-Type": "application/json"})
    assert_error(response, 400, "invalid_json")


@pytest.mark.parametrize(("body", "status", "code"), [
    ([NEW_REPORT], 400, "bad_request"),                                  # a list, not an object
    ({"documents": NEW_REPORT}, 400, "invalid_value"),
    ({"documents": []}, 400, "invalid_value"),
    ({"documents": [NEW_REPORT] * 101}, 400, "invalid_value"),
    ({"documents": [NEW_REPORT], "mode": "fast"}, 400, "bad_request"),
])
def test_bad_batches(write_db: Path, engine: Any, body: Any, status: int, code: str) -> None:
    with make_client(write_db, engine, token=TOKEN) as c:
        assert_error(_post(c, body), status, code)


def test_markup_comes_back_as_plain_json_strings(write_client: Any) -> None:
    """A report carrying <script> and onerror= is stored and answered as text in JSON strings; the
    API never turns it into anything else (the page inserts it with textContent)."""
    record = write_client.get(f"/api/documents/{MARKUP_REPORT['id']}")
    assert record.headers["content-type"] == "application/json"
    body = record.json()
    assert body["title"] == MARKUP_REPORT["title"]
    assert body["publisher"] == MARKUP_REPORT["publisher"]
    assert "<img src=x onerror=alert(1)>" in body["text"] and "<script>alert(3)</script>" in body["text"]
    events = write_client.get("/api/events", params={"doc_id": MARKUP_REPORT["id"]}).json()["items"]
    assert events and events[0]["document"]["title"] == MARKUP_REPORT["title"]
    event = write_client.get(f"/api/events/{events[0]['id']}").json()
    assert event["document"]["publisher"] == MARKUP_REPORT["publisher"]
    # The CSP of the answer forbids running anything even if a browser were to render it.
    assert "script-src 'self'" in record.headers["content-security-policy"]
    assert record.headers["x-content-type-options"] == "nosniff"


def test_markup_posted_through_the_api(write_client: Any) -> None:
    posted = {**MARKUP_REPORT, "id": "fixture-markup-posted"}
    assert _post(write_client, posted).status_code == 200
    body = write_client.get("/api/documents/fixture-markup-posted").json()
    assert body["title"] == MARKUP_REPORT["title"] and "onerror=alert(1)" in body["text"]


def test_get_document_is_the_stores(client: Any, store: Any) -> None:
    for doc_id in ("example-damascus-2020-01-15", "fixture-unlocated-2023-04-12"):
        response = client.get(f"/api/documents/{doc_id}")
        assert response.status_code == 200
        assert response.json() == store.record(doc_id)
        assert {"text", "events", "claims", "places", "contradictions"} <= set(response.json())


def test_unknown_document(client: Any) -> None:
    assert_error(client.get("/api/documents/no-such-document"), 404, "not_found")
