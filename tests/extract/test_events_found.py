"""Reports the event stage used to drop: a bombardment of a named town with no actor or weapon
named, a death beside a bombardment word with no figure, and "a moment ago" taken for a plan.

Every sentence here was written for these tests; they run through ``Pipeline.default()`` and the
spec §2 record.
"""

from __future__ import annotations

from typing import Any

import pytest
from conftest import case_record

REMOTE = "Explosions/Remote violence"


def news(rec: dict[str, Any]) -> list[dict[str, Any]]:
    return [e for e in rec["events"] if not e["background"]]


@pytest.mark.parametrize("text, place", [
    ("عاجل: قصف يستهدف مدينة سراقب شرق إدلب", "سراقب"),
    ("قبل قليل مدينة أريحا تحت القصف", "أريحا"),
    ("صور الدمار الذي خلفه القصف الذي طال الأحياء السكنية في مدينة جسر الشغور صباح اليوم", "جسر الشغور"),
])
def test_a_bombarded_town_is_an_event_without_actor_or_weapon(pipeline, text: str, place: str) -> None:
    evs = news(case_record(pipeline, text))
    assert [e["event_type"] for e in evs] == [REMOTE]
    assert place in (evs[0]["location"] or {}).get("text", "")


def test_a_death_beside_a_bombardment_word_is_an_event(pipeline) -> None:
    evs = news(case_record(pipeline, "استشهد خلال القصف على الحي الغربي قبل قليل، رحمه الله"))
    assert [e["event_type"] for e in evs] == [REMOTE]


def test_a_moment_ago_is_not_since(pipeline) -> None:
    evs = news(case_record(pipeline, "سقطت منذ قليل قذائف هاون على حي الميدان في دمشق"))
    assert [e["sub_event_type"] for e in evs] == ["Shelling/artillery/missile attack"]
    # "since the truce" still tells a span of time, not one event
    assert news(case_record(pipeline, "منذ بدء الهدنة سقطت قذائف هاون على أحياء دمشق")) == []


@pytest.mark.parametrize("text", [
    "تستهدف الحملة الجديدة مدينة حمص وريفها بعروض للتسوق",  # استهدف has an everyday sense
    "استشهد المحلل بأرقام الموسم الماضي عن ضربة البداية للفريق",  # "cited", and a kick-off
])
def test_everyday_words_stay_quiet(pipeline, text: str) -> None:
    assert news(case_record(pipeline, text)) == []
