"""A country name that is also an adjective, descriptive words after a head word, and the home region
of Arabic reporting as a prior against namesakes abroad."""

from __future__ import annotations

import pytest
from conftest import pipeline_with_places, run_text

from marsad.model import Document
from marsad.pipeline import Pipeline

PLACES = """\
- {id: saudi, feature: country, country: SA, name_en: Saudi Arabia, names: [السعودية, المملكة العربية السعودية], lat: 25.6, lon: 42.4}
- {id: yemen, feature: country, country: YE, name_en: Yemen, names: [اليمن], lat: 16.3, lon: 47.9}
- {id: beirut, feature: capital, country: LB, name_en: Beirut, names: [بيروت], lat: 33.89, lon: 35.50, population: 1916100}
- {id: bina-ba, feature: village, country: BA, name_en: Bina (Bosnia), names: [بينة], lat: 44.2, lon: 17.9, population: 900}
- {id: kafr-sy, feature: village, country: SY, name_en: Kafr Hamra, names: [كفرحمرة], lat: 36.26, lon: 37.08, population: 3000}
- {id: kafr-de, feature: village, country: DE, name_en: Kafr (Germany), names: [كفرحمرة], lat: 50.0, lon: 8.0, population: 4000}
"""


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> Pipeline:
    return pipeline_with_places(tmp_path_factory.mktemp("gaz"), PLACES)


def names(doc: Document) -> list[str]:
    return [p.name for p in doc.places]


@pytest.mark.parametrize("text", [
    "السعودية تسجل ألف إصابة جديدة بالفيروس خلال يوم واحد",
    "تقع البلدة قرب الحدود مع السعودية شمال البلاد",
    "وصل وفد الحكومة اليمنية والسعودية إلى العاصمة",
    "ارتفاع عدد المتعافين من الفيروس اليوم . . . السعودية",
])
def test_the_country_name_outside_an_adjective_position_is_the_country(small: Pipeline, text: str) -> None:
    assert "السعودية" in names(run_text(small, text))


@pytest.mark.parametrize("text", [
    "اعترضت الدفاعات الجوية السعودية صاروخا باليستيا فوق جازان",
    "أعلنت وزارة الدفاع السعودية مقتل ثلاثة جنود على الحدود",
])
def test_the_adjective_after_a_definite_noun_is_no_place(small: Pipeline, text: str) -> None:
    assert "السعودية" not in names(run_text(small, text))


@pytest.mark.parametrize("text", [
    "وصلت المساعدات عن طريق البحر إلى المتضررين",
    "أطلق الجندي النار بطريق الخطأ على زميله",
    "أرسلت الحكومة مستشفى ميداني إلى بيروت بعد الانفجار",
    "أعلنت السلطات بيروت مدينة منكوبة بعد الانفجار",
    "تضررت مناطق مختلفة من بيروت بسبب الانفجار",
])
def test_descriptive_words_after_a_head_word_name_nothing(small: Pipeline, text: str) -> None:
    assert set(names(run_text(small, text))) <= {"بيروت"}


def test_a_latin_word_ends_an_unknown_name(small: Pipeline) -> None:
    doc = run_text(small, "شاهد الصور من محيط مستشفى الرسول https://example.org/x")
    assert [p.text for p in doc.places] == ["مستشفى الرسول"]


def test_a_hamlet_abroad_is_no_resolution_without_its_country(small: Pipeline) -> None:
    doc = run_text(small, "قتل مدنيان في قصف على قرية بينة شمالي البلاد")
    p = next(p for p in doc.places if p.name == "بينة")
    assert p.resolved is not None and p.resolved.get("gazetteer_id") != "sup:bina-ba"


def test_a_namesake_at_home_beats_one_abroad(small: Pipeline) -> None:
    doc = run_text(small, "قصفت الطائرات بلدة كفرحمرة صباح اليوم")
    p = next(p for p in doc.places if p.name == "كفرحمرة")
    assert p.resolved is not None and p.resolved.get("gazetteer_id") == "sup:kafr-sy"
