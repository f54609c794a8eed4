"""The seed story and its rewordings by other (imaginary) outlets become one incident."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from marsad.incidents import IncidentCorpus

FIXTURES = Path(__file__).parent / "fixtures"
SEED = Path(__file__).resolve().parents[3] / "shared" / "examples" / "seed-syrianews-2018-02-08.txt"


@pytest.fixture(scope="module")
def records() -> list[dict[str, Any]]:
    from marsad.ingest import record_to_raw
    from marsad.output import document_record
    from marsad.pipeline import Pipeline

    if not SEED.exists():
        pytest.skip(f"the seed report is not at {SEED}")
    pipeline = Pipeline.default()
    raws: list[dict[str, Any]] = [json.loads(line) for line in (FIXTURES / "seed_variants.jsonl").open(encoding="utf-8")]
    raws.append({"id": "seed", "text": SEED.read_text(encoding="utf-8"), "published": "2018-02-08"})
    out = []
    for n, item in enumerate(raws):
        raw = record_to_raw(item, f"fixture:{n}")
        assert not isinstance(raw, Exception), raw
        result = pipeline.process_raw(raw)
        assert result.error is None and result.doc is not None, result.error
        out.append(document_record(result.doc))
    return out


def _incident_of(incidents: list[dict[str, Any]], doc_id: str) -> dict[str, Any]:
    found = [i for i in incidents if any(m["doc_id"] == doc_id and i["documents"] > 1 for m in i["members"])]
    assert len(found) == 1, [i["incident_id"] for i in found]
    return found[0]


def _build(records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    corpus = IncidentCorpus()
    corpus.add_records(records)
    return list(corpus.incidents())


def test_seed_and_variants_merge_into_one_incident(records: list[dict[str, Any]]) -> None:
    inc = _incident_of(_build(records), "seed")
    assert {m["doc_id"] for m in inc["members"]} == {r["doc_id"] for r in records}


def test_casualty_dispute_names_both_sides(records: list[dict[str, Any]]) -> None:
    inc = _incident_of(_build(records), "seed")
    disputes = [c for c in inc["contradictions"] if c["field"] == "casualties" and "within" not in c]
    assert len(disputes) == 1
    low, high = ({r["source"] for r in side["claims"]} for side in disputes[0]["sides"])
    assert "Russian Ministry of Defence" in low
    assert high & {"unnamed sources", "Syrian military source (anonymous)"}


def test_presence_dispute_names_both_sides(records: list[dict[str, Any]]) -> None:
    inc = _incident_of(_build(records), "seed")
    disputes = [c for c in inc["contradictions"] if c["field"] == "presence"]
    assert len(disputes) == 1
    present, absent = disputes[0]["sides"]
    assert present["value"] == "RU present"
    assert {r["doc_id"] for r in present["claims"]} >= {"variant-furat-2018-02-08", "seed"}
    assert {r["source"] for r in absent["claims"]} == {"Russian Ministry of Defence"}
    assert {r["doc_id"] for r in absent["claims"]} == {"variant-wadi-2018-02-09", "seed"}


def test_syndicated_copy_and_agency_chain_count_once(records: list[dict[str, Any]]) -> None:
    inc = _incident_of(_build(records), "seed")
    copies = {m["doc_id"]: m["copy_of"] for m in inc["members"]}
    assert copies["variant-sharq-2018-02-08"] == "variant-furat-2018-02-08"
    # furat (its own anonymous source; sharq is a copy), dpa (the Syrian military source in furat
    # and in the seed), the Russian ministry (seed and wadi), the coalition, the seed's unnamed sources.
    assert inc["sources_independent"] == 5


def test_same_input_in_any_order_gives_the_same_ids(records: list[dict[str, Any]]) -> None:
    first = _build(records)
    again = _build(list(reversed(records)))
    assert [i["incident_id"] for i in first] == [i["incident_id"] for i in again]
    assert [[m["doc_id"] for m in i["members"]] for i in first] == [[m["doc_id"] for m in i["members"]] for i in again]


def test_adding_a_document_changes_only_the_incident_it_joins(records: list[dict[str, Any]]) -> None:
    seed = next(r for r in records if r["doc_id"] == "seed")
    others = [r for r in records if r["doc_id"] != "seed"]
    corpus = IncidentCorpus()
    corpus.add_records(others, run=1)
    before = {i["incident_id"]: json.dumps(i, sort_keys=True) for i in corpus.incidents()}
    touched = corpus.add_records([seed], run=2)
    after = {i["incident_id"]: json.dumps(i, sort_keys=True) for i in corpus.incidents()}
    joined = _incident_of(list(corpus.incidents()), "seed")["incident_id"]
    assert joined in before and joined in touched
    assert all(after[iid] == before[iid] for iid in before if iid not in touched)
    assert set(before) <= set(after)
    log = corpus.get(joined)["log"]
    assert log[-1]["run"] == 2 and log[-1]["doc_id"] == "seed" and log[-1]["action"] == "joined"
    assert "casualties" in log[-1]["changed"]
