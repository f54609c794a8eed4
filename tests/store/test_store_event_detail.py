"""Store.event: the event record with its claims (quoted from the text), contradictions and incident."""

from __future__ import annotations

from store.kit import CLAIM1, CLAIM2, TEXT, spec_record

from marsad.store import Store

pytest_plugins = ("store.fixtures",)


def test_event_detail_quotes_each_claim_from_the_text(store: Store) -> None:
    record = spec_record()
    store.add(record)
    event = store.event("doc-1:e1")
    assert event is not None
    assert event["id"] == "doc-1:e1" and event["doc_id"] == "doc-1" and event["incident_id"] is None
    # The spec §2 event comes back whole, apart from claims (ids -> records).
    original = record["events"][0]
    assert {k: v for k, v in event.items() if k in original and k not in ("id", "claims")} == {
        k: v for k, v in original.items() if k not in ("id", "claims")}
    assert event["document"] == {"published": "2018-02-08", "publisher": "أمثلة مرصد",
                                 "title": "غارة قرب خشام", "url": "https://example.org/a"}
    assert [(c["id"], c["source"]["canonical"], c["quote"]) for c in event["claims"]] == [
        ("c1", "State news agency", TEXT[CLAIM1[0]:CLAIM1[1]]),
        ("c2", "Human rights monitor", TEXT[CLAIM2[0]:CLAIM2[1]]),
    ]
    assert event["claims"][0]["quote"].startswith("قالت وكالة الأنباء الرسمية")
    assert event["claims"][1]["quote"] == "فيما تحدث مرصد حقوقي عن مقتل نحو 20 عنصراً"
    assert event["contradictions"] == record["contradictions"]


def test_event_without_claims_or_contradictions(store: Store) -> None:
    store.add(spec_record())
    event = store.event("doc-1:e2")
    assert event is not None
    assert (event["claims"], event["contradictions"], event["background"]) == ([], [], True)


def test_claim_with_a_span_outside_the_text_has_no_quote(store: Store) -> None:
    record = spec_record()
    record["claims"][1]["evidence"] = {"start": CLAIM2[0], "end": len(TEXT) + 50}
    store.add(record)
    event = store.event("doc-1:e1")
    assert event is not None
    assert [c["quote"] for c in event["claims"]] == [TEXT[CLAIM1[0]:CLAIM1[1]], None]


def test_unknown_event_is_none(store: Store) -> None:
    store.add(spec_record())
    assert store.event("doc-1:e9") is None
    assert store.event("e1") is None
