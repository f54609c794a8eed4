"""Names made of common words ("المنطقة الشرقية", "المملكة"), vowelled homographs (عُمان / عَمّان),
names that begin with a name-prefix word ("وادي X"), and the bundled districts of Gulf, Levant and
Egyptian cities."""

from __future__ import annotations

import pytest
from conftest import pipeline_with_places, run_text

from marsad.pipeline import Pipeline

# Facts about real places (coordinates to ~1 km), and one trap: the Algerian city El Oued, whose
# Arabic name is also the word that begins every valley's name.
PLACES = """\
- {id: saudi, feature: country, country: SA, name_en: Saudi Arabia, names: [السعودية, المملكة], lat: 25.62, lon: 42.35}
- {id: jordan, feature: country, country: JO, name_en: Jordan, names: [الأردن, المملكة], lat: 31.17, lon: 36.94}
- {id: morocco, feature: country, country: MA, name_en: Morocco, names: [المغرب, المملكة], lat: 31.17, lon: -7.34}
- {id: uk, feature: country, country: GB, name_en: United Kingdom, names: [المملكة المتحدة, بريطانيا], lat: 54.0, lon: -2.0}
- {id: oman, feature: country, country: OM, name_en: Oman, names: [سلطنة عمان], lat: 21.0, lon: 57.0}
- {id: amman, feature: capital, country: JO, name_en: Amman, names: [عمان], lat: 31.9552, lon: 35.9450, population: 1275857}
- {id: eastern, feature: admin1, country: SA, name_en: Eastern Province, names: [المنطقة الشرقية], lat: 23.0, lon: 49.8}
- {id: hafar, feature: city, country: SA, name_en: Hafar Al-Batin, names: [حفر الباطن], lat: 28.4328, lon: 45.9708, population: 271642}
- {id: trap-el-oued, feature: city, country: DZ, name_en: El Oued, names: [وادي, الوادي], lat: 33.3561, lon: 6.8631, population: 186000}
"""


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> Pipeline:
    return pipeline_with_places(tmp_path_factory.mktemp("gaz"), PLACES)


def _places(pipeline: Pipeline, text: str) -> dict[str, str | None]:
    return {p.name: (p.resolved or {}).get("name_en") for p in run_text(pipeline, text).places}


def test_a_province_of_common_words_in_a_text_about_its_country(small: Pipeline) -> None:
    got = _places(small, "هطلت أمطار غزيرة على حفر الباطن والمنطقة الشرقية مساء أمس")
    assert got.get("المنطقة الشرقية") == "Eastern Province"


def test_the_same_words_elsewhere_are_a_phrase(small: Pipeline) -> None:
    got = _places(small, "تقدمت القوات في المنطقة الشرقية من البلدة بعد اشتباكات عنيفة")
    assert "المنطقة الشرقية" not in got


@pytest.mark.parametrize("text, expected", [
    ("ارتفع عدد الإصابات المسجلة في المملكة إلى ألف حالة", None),  # which kingdom: unknown
    ("ارتفع عدد الإصابات المسجلة في المملكة إلى ألف حالة #السعودية", "Saudi Arabia"),
    ("أعلنت الحكومة الأردنية إغلاق الطرق في المملكة بسبب السيول", "Jordan"),
])
def test_the_kingdom_is_the_one_the_text_is_about(small: Pipeline, text: str, expected: str | None) -> None:
    got = _places(small, text)
    assert "المملكة" in got
    assert got["المملكة"] == expected


def test_the_kingdom_needs_a_preposition_and_a_longer_name_wins(small: Pipeline) -> None:
    assert "المملكة" not in _places(small, "قال إن المملكة ستواصل دعمها للمشروع")
    assert _places(small, "وصل الوزير إلى المملكة المتحدة صباح اليوم") == {"المملكة المتحدة": "United Kingdom"}


@pytest.mark.parametrize("text, expected", [
    ("وصل الوفد الرسمي إلى عُمان مساء الأحد", "Oman"),
    ("وصل الوفد الرسمي إلى عُــمــان مساء الأحد", "Oman"),
    ("وصل الوفد الرسمي إلى عمّان مساء الأحد", "Amman"),
    ("وصل الوفد الرسمي إلى عمان مساء الأحد", "Amman"),
])
def test_the_vowels_written_tell_oman_from_amman(small: Pipeline, text: str, expected: str) -> None:
    assert list(_places(small, text).values()) == [expected]


@pytest.mark.parametrize("text", [
    "جرفت السيول سيارة في وادي الهيدان قرب مادبا",
    "علقت عائلة في منطقة وادي الظليل بعد الأمطار",
])
def test_a_valley_the_gazetteer_lacks_is_not_the_city_named_valley(small: Pipeline, text: str) -> None:
    assert "El Oued" not in _places(small, text).values()


# --- the bundled data (default index)

@pytest.mark.parametrize("text, name, country", [
    ("غرقت شوارع ام الهيمان والصباحية بمياه الأمطار", "ام الهيمان", "KW"),
    ("غرقت شوارع ام الهيمان والصباحية بمياه الأمطار", "الصباحية", "KW"),
    ("سمع دوي انفجار قرب كورنيش النيل في المنيل فجر اليوم", "المنيل", "EG"),
    ("أجلت السلطات السياح من البتراء بسبب السيول", "البتراء", "JO"),
    ("تضررت مبان عدة في الأشرفية والجميزة بعد انفجار المرفأ في بيروت", "الأشرفية", "LB"),
    ("أغلقت الشرطة طريق البحر الميت بسبب السيول", "البحر الميت", "JO"),
])
def test_bundled_districts_and_sites(pipeline: Pipeline, text: str, name: str, country: str) -> None:
    got = {p.name: p.resolved or {} for p in run_text(pipeline, text).places}
    assert got[name].get("country") == country


def test_a_road_is_placed_near_not_at(pipeline: Pipeline) -> None:
    got = {p.name: p.resolved or {} for p in run_text(pipeline, "تعطلت السيارات على الدائري السادس بسبب تجمع المياه").places}
    assert got["الدائري السادس"]["country"] == "KW"
    assert got["الدائري السادس"]["precision"] == 2


@pytest.mark.parametrize("text", [
    "واصل الطيران المعادي غاراته على القرى الحدودية",  # المعادي: hostile, not Maadi
    "سجلت المحطة أعلى الحرارة في الفترة الصباحية",  # الصباحية: the morning, not Sabahiya
    "استقبل ولي العهد الشيخ صباح الأحمد في قصر بيان",  # a person, not the city named after him
])
def test_district_names_that_are_words_or_people_need_context(pipeline: Pipeline, text: str) -> None:
    assert not {(p.resolved or {}).get("country") for p in run_text(pipeline, text).places} & {"EG", "KW"}
