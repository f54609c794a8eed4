"""Containers and reach ("X غرب مدينة Y", "X في منطقة #Y", "X بريف Y"), and the per-word memo of the
recogniser (words that only begin longer names, names repeated in one text)."""

from __future__ import annotations

import pytest
from conftest import pipeline_with_places, run_text

from marsad.geo.gazetteer import haversine_km
from marsad.model import Document, PlaceMention
from marsad.pipeline import Pipeline

PLACES = """\
- {id: ain-issa, feature: town, country: SY, admin1: Ar Raqqah, name_en: Ain Issa, names: [عين عيسى], lat: 36.3855, lon: 38.86228, population: 12000}
- {id: mustariha-hama, feature: locality, country: SY, admin1: Hamah, name_en: Al Mustarayhah (Hama), names: [المستريحة], lat: 35.4823, lon: 37.3735}
- {id: mustariha-iq, feature: locality, country: IQ, admin1: Ninawa, name_en: Al Mustarihah (Ninawa), names: [المستريحة], lat: 36.0384, lon: 41.5594}
- {id: afrin, feature: town, country: SY, admin1: Aleppo, name_en: Afrin, names: [عفرين], lat: 36.51194, lon: 36.86954, population: 36000}
- {id: maryamin-afrin, feature: locality, country: SY, admin1: Aleppo, name_en: Maryamayn (Afrin), names: [مريمين], lat: 36.5289, lon: 36.9483}
- {id: maryamin-idlib, feature: locality, country: SY, admin1: Idlib, name_en: Maryamayn (Idlib), names: [مريمين], lat: 35.92, lon: 36.4139}
- {id: aleppo, feature: city, country: SY, admin1: Aleppo, name_en: Aleppo, names: [حلب], lat: 36.20124, lon: 37.16117, population: 1600000}
- {id: jarablus, feature: town, country: SY, admin1: Aleppo, name_en: Jarabulus, names: [جرابلس], lat: 36.8175, lon: 38.01111, population: 24997}
- {id: jarablus-far, feature: locality, country: IQ, name_en: Jarablus (elsewhere), names: [جرابلس], lat: 33.3, lon: 44.0}
- {id: mahatta, feature: district, country: SY, admin1: Aleppo, name_en: Al-Mahatta (Aleppo), names: [محطة], lat: 36.3237, lon: 37.2120}
- {id: mahatta-far, feature: locality, country: IQ, name_en: Al-Mahatta (Iraq), names: [محطة], lat: 33.1, lon: 44.2}
- {id: baghdad, feature: capital, country: IQ, name_en: Baghdad, names: [بغداد], lat: 33.34058, lon: 44.40088, population: 7216000}
- {id: kobani, feature: town, country: SY, admin1: Aleppo, name_en: Kobani, names: [عين العرب, كوباني], lat: 36.89095, lon: 38.35347, population: 44800}
- {id: syria, feature: country, country: SY, name_en: Syria, names: [سوريا], lat: 34.64, lon: 39.05}
"""


@pytest.fixture(scope="module")
def pipeline(tmp_path_factory: pytest.TempPathFactory) -> Pipeline:
    return pipeline_with_places(tmp_path_factory.mktemp("gaz"), PLACES)


def run(pipeline: Pipeline, text: str) -> Document:
    return run_text(pipeline, text)


def place(doc: Document, name: str) -> PlaceMention:
    return next(p for p in doc.places if p.name == name)


def km_from(p: PlaceMention, lat: float, lon: float) -> float:
    if p.resolved is None or p.resolved.get("lat") is None:
        return float("inf")
    return haversine_km(p.resolved["lat"], p.resolved["lon"], lat, lon)


@pytest.mark.parametrize("text,name,lat,lon,km", [
    # west of a small town: placed a short way west of it (see test_places_sides.py)
    ("قصفت المدفعية قرية المستريحة غرب مدينة عين عيسى مساء أمس.", "المستريحة", 36.3855, 38.86228, 11.0),
    ("سقطت قذائف على قرية مريمين في منطقة #عفرين بريف حلب الشمالي.", "مريمين", 36.5289, 36.9483, 1.0),
    ("قصف مدفعي على جرابلس بريف حلب الشرقي.", "جرابلس", 36.8175, 38.01111, 1.0),
    ("سقطت قذيفة قرب حي محطة بغداد، حلب.", "محطة", 36.3237, 37.2120, 1.0),
])
def test_a_place_lies_by_its_container(pipeline: Pipeline, text: str, name: str, lat: float, lon: float,
                                       km: float) -> None:
    assert km_from(place(run(pipeline, text), name), lat, lon) <= km


def test_no_namesake_in_reach_is_placed_within_its_container(pipeline: Pipeline) -> None:
    p = place(run(pipeline, "قصفت المدفعية قرية المستريحة غرب مدينة عين عيسى مساء أمس."), "المستريحة")
    assert p.resolved is not None
    assert p.resolved["status"] == "approximate" and p.resolved["precision"] == 2


def test_a_town_beginning_with_b_is_no_preposition(pipeline: Pipeline) -> None:
    # "بغداد" is not "بـ + غداد": the district before it is not placed in Baghdad
    doc = run(pipeline, "سقطت قذيفة قرب حي محطة بغداد، حلب.")
    assert km_from(place(doc, "محطة"), 33.34058, 44.40088) > 500


@pytest.mark.parametrize("text,name", [
    ("دخلت القوات مدينة عين العرب صباح اليوم.", "عين العرب"),
    ("وصلت تعزيزات إلى عين العرب من الرقة.", "عين العرب"),
])
def test_a_common_first_word_still_begins_a_longer_name(pipeline: Pipeline, text: str, name: str) -> None:
    assert km_from(place(run(pipeline, text), name), 36.89095, 38.35347) <= 1.0


def test_a_repeated_name_resolves_alike_every_time(pipeline: Pipeline) -> None:
    doc = run(pipeline, "قصف على حلب. وفي حلب سقط قتلى. ونزح سكان من حلب نحو سوريا الشمالية.")
    records = [p.resolved for p in doc.places if p.name == "حلب"]
    assert len(records) == 3 and all(r == records[0] for r in records)
    assert records[0] is not None and records[0]["gazetteer_id"] == "sup:aleppo"


def test_word_memo_is_a_pure_function_of_the_word(pipeline: Pipeline) -> None:
    text = "اجتمع الوزير في عين عيسى مع وفد من عين العرب."
    first = [(p.start, p.end, p.resolved) for p in run(pipeline, text).places]
    again = [(p.start, p.end, p.resolved) for p in run(pipeline, text).places]
    assert first == again and len(first) == 2
