"""A bare name of a small town with no preposition before it is still a place when the words after it place it
against another ("الأتارب غربي حلب", "سرمدا بريف إدلب"); a common word there is not."""

from __future__ import annotations

import pytest
from conftest import pipeline_with_places, run_text

from marsad.pipeline import Pipeline

PLACES = """\
- {id: syria, feature: country, country: SY, name_en: Syria, names: [سوريا, سورية], lat: 35.0, lon: 38.5}
- {id: aleppo, feature: city, country: SY, name_en: Aleppo, names: [حلب], lat: 36.20, lon: 37.16, population: 1800000}
- {id: idlib, feature: city, country: SY, name_en: Idlib, names: [إدلب], lat: 35.93, lon: 36.63, population: 160000}
- {id: atarib, feature: village, country: SY, name_en: Al Atarib, names: [الأتارب], lat: 36.14, lon: 36.83, population: 600}
- {id: sarmada, feature: village, country: SY, name_en: Sarmada, names: [سرمدا], lat: 36.18, lon: 36.72, population: 600}
- {id: sima, feature: village, country: SY, name_en: Sima, names: [سيما], lat: 35.1, lon: 36.1, population: 700}
"""


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> Pipeline:
    return pipeline_with_places(tmp_path_factory.mktemp("gaz"), PLACES)


@pytest.mark.parametrize("text,town", [
    ("قصفت قوات النظام الأتارب غربي حلب بالمدفعية الثقيلة", "Al Atarib"),
    ("استهدفت الطائرات الحربية سرمدا بريف إدلب الشمالي فجر اليوم", "Sarmada"),
    ("استهدفت الطائرات الحربية سرمدا في ريف إدلب الشمالي فجر اليوم", "Sarmada"),
    ("سقطت قذائف صاروخية الأتارب الواقعة غرب حلب", "Al Atarib"),
])
def test_a_name_placed_against_another_is_a_place(small: Pipeline, text: str, town: str) -> None:
    doc = run_text(small, text)
    assert town in [(p.resolved or {}).get("name_en") for p in doc.places]
    events = [e for e in doc.events if e.location is not None]
    assert events and (events[0].location.resolved or {}).get("name_en") == town


def test_without_such_words_the_bare_name_still_needs_context(small: Pipeline) -> None:
    doc = run_text(small, "قصفت قوات النظام الأتارب بالمدفعية الثقيلة")
    assert "Al Atarib" not in [(p.resolved or {}).get("name_en") for p in doc.places]


def test_a_common_word_before_the_region_is_no_place(small: Pipeline) -> None:
    doc = run_text(small, "تصاعد القصف على المدن لا سيما غربي حلب خلال الأسبوع")
    assert "سيما" not in [p.name for p in doc.places]
