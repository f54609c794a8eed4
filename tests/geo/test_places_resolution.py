"""Resolving place mentions: admin context, prominence, country prior, offsets, precision, "unresolved"."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import pipeline_with_places, run_text

from marsad.geo.gazetteer import destination, haversine_km
from marsad.model import Document, PlaceMention
from marsad.pipeline import Pipeline

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
- {id: moscow, feature: capital, country: RU, name_en: Moscow, names: [موسكو], lat: 55.75222, lon: 37.61556, population: 10381222}
- {id: washington, feature: capital, country: US, name_en: Washington, names: [واشنطن], lat: 38.8951, lon: -77.0364, population: 689545}
- {id: maan-jo, feature: town, country: JO, name_en: Ma'an, names: [معان], lat: 30.19624, lon: 35.73405, population: 50350}
- {id: maan-sy, feature: locality, country: SY, name_en: Ma`an (Hama), names: [معان], lat: 35.27, lon: 36.83}
- {id: walah-ye, feature: village, country: YE, name_en: Al Walah, names: [الوالة], lat: 15.0, lon: 44.0, population: 120}
- {id: tripoli-ly, feature: capital, country: LY, name_en: Tripoli, names: [طرابلس], lat: 32.88743, lon: 13.18733, population: 1150989}
- {id: tripoli-lb, feature: city, country: LB, name_en: Tripoli (Lebanon), names: [طرابلس], lat: 34.43667, lon: 35.84972, population: 229398}
- {id: beirut, feature: capital, country: LB, name_en: Beirut, names: [بيروت], lat: 33.89332, lon: 35.50157, population: 1916100}
- {id: lebanon, feature: country, country: LB, name_en: Lebanon, names: [لبنان], lat: 33.875, lon: 35.843}
"""


@pytest.fixture(scope="module")
def pipeline(tmp_path_factory: pytest.TempPathFactory) -> Pipeline:
    return pipeline_with_places(tmp_path_factory.mktemp("gaz"), PLACES)


def run(pipeline: Pipeline, text: str) -> Document:
    return run_text(pipeline, text)


def place(doc: Document, name: str) -> PlaceMention:
    return next(p for p in doc.places if p.name == name)


def gid(p: PlaceMention) -> str | None:
    return (p.resolved or {}).get("gazetteer_id")


@pytest.mark.parametrize("text, name, expected", [
    ("سيطرت القوات على قرية الصالحية بريف دير الزور الشرقي", "الصالحية", "sup:salihiyah-dez"),
    ("سيطرت القوات على قرية الصالحية في ريف حلب الشمالي", "الصالحية", "sup:salihiyah-alp"),
    ("قصفت الطائرات مواقع في دير الزور صباح اليوم", "دير الزور", "sup:dez"),
    ("غرقت شوارع معان بمياه الأمطار في جنوب الأردن", "معان", "sup:maan-jo"),
    ("وصل الوفد الى طرابلس قادما من بيروت في شمال لبنان", "طرابلس", "sup:tripoli-lb"),
    ("وصل الوفد الروسي قادما من موسكو الى العاصمة واشنطن صباح اليوم", "موسكو", "sup:moscow"),
])
def test_disambiguation_by_context_and_prominence(pipeline: Pipeline, text: str, name: str, expected: str) -> None:
    assert gid(place(run(pipeline, text), name)) == expected


def test_an_ambiguous_name_alone_stays_unresolved(pipeline: Pipeline) -> None:
    p = place(run(pipeline, "تقدمت القوات نحو قرية الصالحية بعد معارك عنيفة مساء أمس"), "الصالحية")
    assert p.resolved is not None
    assert p.resolved["lat"] is None and p.resolved["status"] == "unresolved"


def test_a_lone_hamlet_abroad_is_not_a_resolution(pipeline: Pipeline) -> None:
    doc = run(pipeline, "فاض سد الوالة بعد الأمطار الغزيرة في الأردن ومعان")
    assert all(gid(p) != "sup:walah-ye" for p in doc.places)


@pytest.mark.parametrize("text, name, precision", [
    ("قصفت الطائرات مواقع في دير الزور صباح اليوم", "دير الزور", 1),
    ("قصفت الطائرات مواقع في محافظة دير الزور صباح اليوم", "محافظة دير الزور", 3),
    ("سقطت قذائف قرب دير الزور صباح اليوم", "دير الزور", 2),
    ("دارت معارك عنيفة في ريف حلب الشمالي صباح اليوم", "حلب", 2),
    ("تقدمت القوات جنوب شرقي الصالحية بريف دير الزور صباح اليوم", "الصالحية", 2),
    ("تعيش العائلات في سوريا ظروفا صعبة منذ سنوات", "سوريا", 3),
])
def test_acled_geo_precision(pipeline: Pipeline, text: str, name: str, precision: int) -> None:
    assert (place(run(pipeline, text), name).resolved or {}).get("precision") == precision


def test_a_distance_and_bearing_give_the_point_they_describe(pipeline: Pipeline) -> None:
    p = place(run(pipeline, "وقع الانفجار على بعد 20 كلم شمال شرق مدينة دير الزور مساء أمس"), "دير الزور")
    res = p.resolved or {}
    lat, lon = destination(35.33588, 40.14084, 20, 45)
    assert haversine_km(res["lat"], res["lon"], lat, lon) < 0.5
    assert res["precision"] == 2
    assert p.offset is not None and p.offset["from"] == "Deir ez-Zor" and p.offset["km"] == 20


def test_a_named_town_keeps_its_point_and_the_offset(pipeline: Pipeline) -> None:
    doc = run(pipeline, 'قصفت الطائرات مواقع في بلدة خشام "20 كلم شمال شرق مدينة دير الزور" مساء أمس')
    p = place(doc, "خشام")
    assert gid(p) == "sup:khasham" and (p.resolved or {})["precision"] == 1
    assert p.offset is not None and p.offset["bearing"] == "NE" and p.offset["from"] == "Deir ez-Zor"


def test_an_unknown_village_is_placed_at_its_container(pipeline: Pipeline) -> None:
    p = place(run(pipeline, "قصفت الطائرات قرية أبو حمام بريف دير الزور مساء أمس"), "أبو حمام")
    res = p.resolved or {}
    assert res["status"] == "approximate" and res["precision"] == 2
    assert haversine_km(res["lat"], res["lon"], 35.33588, 40.14084) < 30


SEED = Path(__file__).resolve().parents[3] / "shared" / "examples" / "seed-syrianews-2018-02-08.txt"


@pytest.mark.skipif(not SEED.is_file(), reason=f"seed example not found at {SEED} (needs ../shared)")
def test_seed_places(pipeline: Pipeline) -> None:
    doc = run(pipeline, SEED.read_text(encoding="utf-8"))
    by_name: dict[str, set[str | None]] = {}
    for p in doc.places:
        by_name.setdefault(p.name, set()).add(gid(p))
    assert by_name["دير الزور"] == {"sup:dez"}
    assert by_name["خشام"] == {"sup:khasham"}
    assert by_name["حميميم"] == {"sup:hmeimim"}
    assert by_name["الرقة"] == {"sup:raqqa"}
    assert by_name["الصالحية"] == {"sup:salihiyah-dez"}
    words = {w for p in doc.places for w in p.text.split()}
    assert not words & {"التحالف", "الخميس", "ان", "بحجة", "القوات", "الدفاع"}
