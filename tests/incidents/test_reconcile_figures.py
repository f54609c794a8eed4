"""Reconciliation rules on hand-built records: casualty figures, originators, contradictions."""

from __future__ import annotations

from typing import Any

import pytest
from conftest import incident_source_record

from marsad.incidents import IncidentCorpus, MinHasher
from marsad.incidents.features import ClaimRef
from marsad.incidents.reconcile import Figure, harm_disagrees, originator, summarise_figures

_record = incident_source_record


@pytest.mark.parametrize("figures, low, best, high", [
    ([(3, 3), (5, 5), (9, 9)], 3, 5, 9),
    ([(4, 4), (6, 6)], 4, 5, 6),
    ([(10, 99), (12, 12)], 10, 33, 99),
    ([(7, 7)], 7, 7, 7),
])
def test_low_best_high_per_category(figures: list[tuple[int, int]], low: int, best: int, high: int) -> None:
    figs = [Figure(f"o{n}", "killed", lo, hi, False, {}) for n, (lo, hi) in enumerate(figures)]
    summary = summarise_figures(figs)
    assert (summary["low"], summary["best"], summary["high"], summary["acled"]) == (low, best, high, low)


def test_one_originator_counts_once_with_its_highest_figure() -> None:
    figs = [Figure("ministry", "killed", 3, 3, False, {}), Figure("ministry", "killed", 8, 8, False, {}),
            Figure("monitor", "killed", 8, 8, False, {})]
    summary = summarise_figures(figs)
    assert summary["originators"] == 2
    assert (summary["low"], summary["best"], summary["high"]) == (8, 8, 8)


@pytest.mark.parametrize("a, b, disagree", [
    ((25, 25), (150, 150), True),
    ((4, 4), (5, 5), False),
    ((10, 99), (40, 40), False),
    ((2, 2), (5, 5), True),
    ((0, 0), (2, 2), False),
])
def test_harm_tolerance(a: tuple[int, int], b: tuple[int, int], disagree: bool) -> None:
    assert harm_disagrees(a, b) is disagree


@pytest.mark.parametrize("source, kind, via, expected", [
    ("Russian Ministry of Defence", "government", (), "source:Russian Ministry of Defence"),
    ("Syrian military source (anonymous)", "anonymous", ("dpa (German Press Agency)",), "source:dpa (German Press Agency)"),
    ("unnamed sources", "anonymous", (), "doc:first"),
])
def test_originator(source: str, kind: str, via: tuple[str, ...], expected: str) -> None:
    claim = ClaimRef("second", "c1", source, kind, None, via, "asserts", "", frozenset(), ())
    assert originator(claim, {"second": "first"}) == expected


def test_reports_of_one_strike_merge_and_dispute_the_toll() -> None:
    corpus = IncidentCorpus()
    corpus.add_records([
        _record("a", killed=(3, 3), source="Syrian Civil Defence"),
        _record("b", killed=(12, 12), source="Syrian Observatory for Human Rights", lat=35.94, lon=36.64),
    ])
    [inc] = corpus.incidents()
    assert inc["documents"] == 2 and inc["sources_independent"] == 2
    assert inc["casualties"]["killed"]["low"] == 3 and inc["casualties"]["killed"]["high"] == 12
    [dispute] = [c for c in inc["contradictions"] if c["field"] == "casualties"]
    assert [[r["doc_id"] for r in side["claims"]] for side in dispute["sides"]] == [["a"], ["b"]]


@pytest.mark.parametrize("change", [
    {"day": "2020-03-09"},          # a week later
    {"lat": 36.9, "lon": 37.9},     # 150 km away
])
def test_reports_far_apart_stay_apart(change: dict[str, Any]) -> None:
    corpus = IncidentCorpus()
    corpus.add_records([_record("a", killed=(3, 3), source="Syrian Civil Defence"),
                        _record("b", killed=(3, 3), source="Syrian Civil Defence", **change)])
    assert len(list(corpus.incidents())) == 2


def test_minhash_finds_near_copies_not_rewordings() -> None:
    hasher = MinHasher()
    text = "قصفت طائرات حربية روسية بلدة معرة مصرين شمال إدلب صباح اليوم ما أدى إلى مقتل ثلاثة مدنيين بينهم طفل"
    copy = text + " تابعونا على صفحتنا"
    other = "قتل ثلاثة مدنيين في غارات جوية استهدفت ريف إدلب الشمالي بحسب الدفاع المدني السوري"
    assert hasher.similarity(hasher.sketch(text), hasher.sketch(copy)) >= 0.7
    assert hasher.similarity(hasher.sketch(text), hasher.sketch(other)) < 0.3
    assert hasher.sketch(text) == MinHasher().sketch(text)  # stable across instances and processes
