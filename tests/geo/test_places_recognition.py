"""Recognising place mentions: names with clitics, head words, relations, and what is never a place."""

from __future__ import annotations

import pytest
from conftest import pipeline_with_places, run_text

from marsad.model import Document
from marsad.pipeline import Pipeline

# Facts about real places (coordinates to ~1 km), plus traps: places whose names are common words.
PLACES = """\
- {id: dez, feature: city, country: SY, admin1: Deir ez-Zor, name_en: Deir ez-Zor, names: [دير الزور], lat: 35.33588, lon: 40.14084, population: 240000}
- {id: dez-prov, feature: admin1, country: SY, admin1: Deir ez-Zor, name_en: Deir ez-Zor, names: [دير الزور, محافظة دير الزور], lat: 35.14, lon: 40.32}
- {id: salihiyah-dez, feature: village, country: SY, admin1: Deir ez-Zor, name_en: As Salihiyah (DeZ), names: [الصالحية], lat: 35.36, lon: 40.18}
- {id: salihiyah-alp, feature: village, country: SY, admin1: Aleppo, name_en: As Salihiyah (Aleppo), names: [الصالحية], lat: 36.5027, lon: 37.2608}
- {id: salihiyah-has, feature: village, country: SY, admin1: Al-Hasakah, name_en: As Salihiyah (Hasakah), names: [الصالحية], lat: 36.7049, lon: 40.8079}
- {id: khasham, feature: village, country: SY, admin1: Deir ez-Zor, name_en: Khasham, names: [خشام], lat: 35.30088, lon: 40.28916}
- {id: raqqa, feature: city, country: SY, admin1: Ar Raqqah, name_en: Ar Raqqah, names: [الرقة], lat: 35.95283, lon: 39.00788, population: 530000}
- {id: aleppo, feature: city, country: SY, admin1: Aleppo, name_en: Aleppo, names: [حلب], lat: 36.20124, lon: 37.16117, population: 1600000}
- {id: damascus, feature: capital, country: SY, admin1: Damascus, name_en: Damascus, names: [دمشق], lat: 33.5102, lon: 36.29128, population: 1570000}
- {id: hmeimim, feature: airbase, country: SY, admin1: Latakia, name_en: Hmeimim Air Base, names: [حميميم, قاعدة حميميم], lat: 35.4011, lon: 35.9486}
- {id: syria, feature: country, country: SY, name_en: Syria, names: [سوريا], lat: 34.64, lon: 39.05}
- {id: jordan, feature: country, country: JO, name_en: Jordan, names: [الأردن], lat: 31.17, lon: 36.94}
- {id: russia, feature: country, country: RU, name_en: Russia, names: [روسيا], lat: 64.69, lon: 97.75}
- {id: moscow, feature: capital, country: RU, name_en: Moscow, names: [موسكو], lat: 55.75222, lon: 37.61556, population: 10381222}
- {id: washington, feature: capital, country: US, name_en: Washington, names: [واشنطن], lat: 38.8951, lon: -77.0364, population: 689545}
- {id: madaba, feature: town, country: JO, name_en: Madaba, names: [مادبا], lat: 31.71599, lon: 35.79392, population: 82335}
- {id: maan-jo, feature: town, country: JO, name_en: Ma'an, names: [معان], lat: 30.19624, lon: 35.73405, population: 50350}
- {id: maan-sy, feature: locality, country: SY, name_en: Ma`an (Hama), names: [معان], lat: 35.27, lon: 36.83}
- {id: trap-coalition, feature: village, country: YE, name_en: At Tahaluf, names: [التحالف], lat: 15.0, lon: 44.0, population: 300}
- {id: trap-thursday, feature: city, country: SA, name_en: Khamis Mushait, names: [الخميس, خميس مشيط], lat: 18.3, lon: 42.73, population: 430000}
- {id: trap-an, feature: village, country: BE, name_en: An, names: [ان], lat: 50.5, lon: 4.5, population: 900}
- {id: trap-hajjah, feature: admin1, country: YE, name_en: Hajjah, names: [حجة], lat: 16.1, lon: 43.3}
"""


@pytest.fixture(scope="module")
def pipeline(tmp_path_factory: pytest.TempPathFactory) -> Pipeline:
    return pipeline_with_places(tmp_path_factory.mktemp("gaz"), PLACES)


def run(pipeline: Pipeline, text: str) -> Document:
    return run_text(pipeline, text)


def names(doc: Document) -> list[str]:
    return [p.name for p in doc.places]


@pytest.mark.parametrize("text, expected", [
    ("قصفت الطائرات مواقع في بدير الزور والرقة مساء أمس", ["دير الزور", "الرقة"]),
    ("اندلعت اشتباكات عنيفة في بلدة خشام شرقي البلاد", ["خشام"]),
    ("وصلت تعزيزات عسكرية إلى قاعدة حميميم الجوية في الساحل", ["قاعدة حميميم"]),
    ("سقطت قذائف على حي الجورة في المدينة صباح اليوم", ["الجورة"]),
    ("تعرضت قرية أبو حمام لقصف مدفعي عنيف مساء الخميس", ["أبو حمام"]),
    ("غرقت شوارع مادبا ومعان بمياه الأمطار صباح اليوم", ["مادبا", "معان"]),
])
def test_places_with_clitics_and_head_words(pipeline: Pipeline, text: str, expected: list[str]) -> None:
    assert names(run(pipeline, text)) == expected


@pytest.mark.parametrize("text, word", [
    ("قالت وزارة الدفاع يوم الخميس ان طيران التحالف الدولي قصف مواقع قرب دير الزور", "التحالف"),
    ("قالت وزارة الدفاع يوم الخميس ان طيران التحالف الدولي قصف مواقع قرب دير الزور", "الخميس"),
    ("قالت وزارة الدفاع يوم الخميس ان طيران التحالف الدولي قصف مواقع قرب دير الزور", "ان"),
    ("شن الطيران غارة جوية على قوات موالية بحجة هجومها على مواقع في الرقة", "بحجة"),
    ("أعلنت قوات سوريا الديمقراطية السيطرة على قرى جديدة في ريف دير الزور", "سوريا"),
    ("تحدثت مصادر محلية عن سقوط قذائف على مناطق متفرقة من الرقة #سيول_الأردن", "الأردن"),
])
def test_function_words_common_nouns_and_names_in_actors_are_not_places(pipeline: Pipeline, text: str,
                                                                         word: str) -> None:
    doc = run(pipeline, text)
    assert all(word not in p.text.split() for p in doc.places), [p.text for p in doc.places]
    assert doc.places, "the sentence's real place should still be found"


def test_spans_point_into_the_text(pipeline: Pipeline) -> None:
    doc = run(pipeline, "قصفت الطائرات مواقع في بدير الزور ثم في جنوب شرقي الصالحية وقرب الرقة")
    for p in doc.places:
        assert doc.text[p.start:p.end] == p.text
        assert p.name in p.text


@pytest.mark.parametrize("text, name, relation, offset", [
    ("وقع الانفجار على بعد 20 كلم شمال شرق مدينة دير الزور مساء أمس", "دير الزور", "direction",
     {"km": 20, "bearing": "NE"}),
    ("تقدمت القوات جنوب شرقي الصالحية بريف دير الزور صباح اليوم", "الصالحية", "direction", {"bearing": "SE"}),
    ("سقطت قذائف قرب دير الزور صباح اليوم", "دير الزور", "near", None),
    ("سقطت قذائف بالقرب من الرقة صباح اليوم", "الرقة", "near", None),
    ("دارت معارك عنيفة في ريف حلب الشمالي صباح اليوم", "حلب", "near", {"bearing": "N"}),
])
def test_relations_and_offsets(pipeline: Pipeline, text: str, name: str, relation: str,
                               offset: dict[str, object] | None) -> None:
    place = next(p for p in run(pipeline, text).places if p.name == name)
    assert place.relation == relation
    if offset is None:
        assert place.offset is None
    else:
        assert place.offset is not None
        assert {k: place.offset[k] for k in offset} == offset


def test_a_speaking_capital_is_metonymy(pipeline: Pipeline) -> None:
    doc = run(pipeline, "وأكدت دمشق أن الطائرة كانت تنفذ عملية ضد المسلحين في الرقة")
    by_name = {p.name: p for p in doc.places}
    assert by_name["دمشق"].relation == "metonymy"
    assert by_name["الرقة"].relation == "in"
