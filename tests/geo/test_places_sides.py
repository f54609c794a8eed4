"""A side of a town with no distance stated ("ريف إدلب الجنوبي", "جنوب حماة", "قرية X شمالي حلب") is
placed along the bearing, out of the town: a city's countryside some 20 km out, a small town's 10."""

from __future__ import annotations

import pytest
from conftest import pipeline_with_places, run_text

from marsad.geo.gazetteer import destination, haversine_km
from marsad.model import Document, PlaceMention
from marsad.pipeline import Pipeline

PLACES = """\
- {id: idlib, feature: city, country: SY, admin1: Idlib, name_en: Idlib, names: [إدلب], lat: 35.93062, lon: 36.63393, population: 165000}
- {id: idlib-gov, feature: admin1, country: SY, admin1: Idlib, name_en: Idlib Governorate, names: [محافظة إدلب], lat: 35.8, lon: 36.6}
- {id: hama, feature: city, country: SY, admin1: Hama, name_en: Hama, names: [حماة], lat: 35.13179, lon: 36.75783, population: 460000}
- {id: aleppo, feature: city, country: SY, admin1: Aleppo, name_en: Aleppo, names: [حلب], lat: 36.20124, lon: 37.16117, population: 1600000}
- {id: tall-tamr, feature: town, country: SY, admin1: Hasakah, name_en: Tall Tamr, names: [تل تمر], lat: 36.6497, lon: 40.3700, population: 7000}
- {id: syria, feature: country, country: SY, name_en: Syria, names: [سوريا], lat: 34.64, lon: 39.05}
"""


@pytest.fixture(scope="module")
def pipeline(tmp_path_factory: pytest.TempPathFactory) -> Pipeline:
    return pipeline_with_places(tmp_path_factory.mktemp("gaz"), PLACES)


def place(doc: Document, text: str) -> PlaceMention:
    return next(p for p in doc.places if text in p.text)


def km_to(p: PlaceMention, lat: float, lon: float) -> float:
    assert p.resolved is not None and p.resolved.get("lat") is not None, p
    return haversine_km(p.resolved["lat"], p.resolved["lon"], lat, lon)


IDLIB, HAMA, ALEPPO, TAMR = (35.93062, 36.63393), (35.13179, 36.75783), (36.20124, 37.16117), (36.6497, 40.37)


@pytest.mark.parametrize("text,phrase,town,km,bearing", [
    ("قصفت قوات النظام قرى ريف إدلب الجنوبي بالمدفعية الثقيلة صباح اليوم.", "ريف إدلب الجنوبي", IDLIB, 20, 180),
    ("سقطت قذائف صاروخية على بلدات بريف إدلب الشرقي.", "بريف إدلب الشرقي", IDLIB, 20, 90),
    ("استهدفت طائرة مسيرة سيارة جنوب حماة ليل أمس.", "جنوب حماة", HAMA, 20, 180),
    ("دارت اشتباكات عنيفة شمال غربي إدلب منذ الفجر.", "شمال غربي إدلب", IDLIB, 20, 315),
    ("سقطت قذيفة هاون غرب بلدة تل تمر مساء اليوم.", "غرب بلدة تل تمر", TAMR, 10, 270),
])
def test_a_side_with_no_distance_lies_out_of_the_town(pipeline: Pipeline, text: str, phrase: str,
                                                      town: tuple[float, float], km: float, bearing: float) -> None:
    p = place(run_text(pipeline, text), phrase)
    want = destination(town[0], town[1], km, bearing)
    assert km_to(p, *want) <= 1.0
    assert p.resolved is not None and p.resolved["precision"] == 2


def test_a_village_on_a_side_is_placed_there(pipeline: Pipeline) -> None:
    doc = run_text(pipeline, "قتل مدنيان بقصف مدفعي على قرية أبو حمامة بريف إدلب الجنوبي.")
    village = place(doc, "قرية أبو حمامة")
    assert village.resolved is not None and village.resolved["status"] == "approximate"
    assert km_to(village, *destination(*IDLIB, 20, 180)) <= 1.0


def test_a_big_citys_side_alone_may_be_its_own_quarter(pipeline: Pipeline) -> None:
    # "شمال حلب" alone may be inside the city; a village the text places north of it is not
    doc = run_text(pipeline, "سقطت قذائف شمال حلب مساء أمس.")
    assert km_to(place(doc, "شمال حلب"), *ALEPPO) <= 1.0
    doc = run_text(pipeline, "قصفت المدفعية قرية كفر حمرة الصغرى شمالي حلب فجر اليوم.")
    assert km_to(place(doc, "قرية كفر حمرة"), *destination(*ALEPPO, 20, 0)) <= 1.0


@pytest.mark.parametrize("text,phrase,point", [
    ("قصف جوي على مناطق شمال غرب سوريا.", "شمال غرب سوريا", (34.64, 39.05)),
    ("سقطت قذائف على قرى جنوب محافظة إدلب.", "محافظة إدلب", (35.8, 36.6)),
])
def test_a_country_or_province_is_not_moved(pipeline: Pipeline, text: str, phrase: str,
                                            point: tuple[float, float]) -> None:
    assert km_to(place(run_text(pipeline, text), phrase), *point) <= 1.0


def test_a_stated_distance_wins(pipeline: Pipeline) -> None:
    p = place(run_text(pipeline, "انفجرت عبوة ناسفة على بعد 35 كلم شمال حماة."), "شمال حماة")
    assert km_to(p, *destination(*HAMA, 35, 0)) <= 1.0
