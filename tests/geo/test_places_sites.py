"""Sites the gazetteer cannot place (hospitals, bridges, streets, schools, districts): placed at the town
the text puts them in, with precision 2 and status "approximate"."""

from __future__ import annotations

import pytest
from conftest import pipeline_with_places, run_text

from marsad.geo.gazetteer import haversine_km
from marsad.model import Document, PlaceMention
from marsad.pipeline import Pipeline

PLACES = """\
- {id: homs, feature: city, country: SY, admin1: Homs, name_en: Homs, names: [حمص], lat: 34.72682, lon: 36.72339, population: 775000}
- {id: hama, feature: city, country: SY, admin1: Hamah, name_en: Hama, names: [حماة], lat: 35.13179, lon: 36.75783, population: 460000}
- {id: deir, feature: city, country: SY, admin1: Deir ez-Zor, name_en: Deir ez-Zor, names: [دير الزور], lat: 35.33588, lon: 40.14084, population: 242000}
- {id: waer, feature: district, country: SY, admin1: Homs, name_en: Al-Waer, names: [الوعر], lat: 34.7386, lon: 36.6571}
- {id: zahraa-iq, feature: locality, country: IQ, admin1: Baghdad, name_en: Az Zahra (Iraq), names: [الزهراء], lat: 33.1, lon: 44.6}
- {id: syria, feature: country, country: SY, name_en: Syria, names: [سوريا], lat: 34.64, lon: 39.05}
"""

HOMS = (34.72682, 36.72339)
HAMA = (35.13179, 36.75783)


@pytest.fixture(scope="module")
def pipeline(tmp_path_factory: pytest.TempPathFactory) -> Pipeline:
    return pipeline_with_places(tmp_path_factory.mktemp("gaz"), PLACES)


def site(doc: Document, head: str) -> PlaceMention:
    return next(p for p in doc.places if p.head == head)


def approximately_at(p: PlaceMention, lat: float, lon: float, km: float = 1.0) -> bool:
    res = p.resolved or {}
    return (res.get("status") == "approximate" and res.get("precision") == 2 and res.get("lat") is not None
            and haversine_km(res["lat"], res["lon"], lat, lon) <= km)


def test_a_site_fused_to_its_town_is_placed_in_the_town(pipeline: Pipeline) -> None:
    # "بحماة" is where the hospital is, not the last word of its name
    doc = run_text(pipeline, "تعرض المستشفى الوطني بحماة لقصف صاروخي أدى إلى خروجه عن الخدمة.")
    p = site(doc, "المستشفى")
    assert p.name == "الوطني" and approximately_at(p, *HAMA)
    town = next(q for q in doc.places if q.name == "حماة")
    assert (town.resolved or {}).get("gazetteer_id") == "sup:hama"


@pytest.mark.parametrize("text,head", [
    ("انهار جسر السياسية في مدينة دير الزور بعد استهدافه بالطيران.", "جسر"),
    ("أغلقت الشرطة شارع الدبلان وسط حمص إثر انفجار سيارة مفخخة.", "شارع"),
    ("احترق سوق الخضار الرئيسي بمدينة حماة فجر اليوم.", "سوق"),
])
def test_a_site_named_before_its_town_takes_the_towns_point(pipeline: Pipeline, text: str, head: str) -> None:
    p = site(run_text(pipeline, text), head)
    res = p.resolved or {}
    assert res.get("status") == "approximate" and res.get("precision") == 2 and res.get("lat") is not None


def test_a_word_beginning_with_b_that_names_no_town_stays_in_the_name(pipeline: Pipeline) -> None:
    doc = run_text(pipeline, "أعيد افتتاح مدرسة الشهيد بلال في حمص بعد ترميمها.")
    assert site(doc, "مدرسة").name == "الشهيد بلال"


def test_a_district_with_only_a_far_namesake_is_placed_in_the_one_town_named(pipeline: Pipeline) -> None:
    # the gazetteer's only "الزهراء" is in Iraq; the report is about Homs
    doc = run_text(pipeline, "سقطت قذائف هاون على حي الزهراء في ساعات الصباح. وأفاد ناشطون من حمص بسقوط جرحى.")
    assert approximately_at(site(doc, "حي"), *HOMS)


def test_an_unknown_hospital_is_placed_in_the_one_town_the_text_names(pipeline: Pipeline) -> None:
    # at the district or the city, both named: the Homs district of al-Waer lies 6 km from the centre
    doc = run_text(pipeline, "نقل الجرحى إلى مستشفى البر والخدمات. وكانت قذائف قد سقطت على حي الوعر في حمص.")
    assert approximately_at(site(doc, "مستشفى"), *HOMS, km=10.0)


@pytest.mark.parametrize("text", [
    # only the country: no town to place it in
    "نقل الجرحى إلى مستشفى البر والخدمات في سوريا بعد القصف.",
    # two towns far apart: which one holds the hospital is not said
    "نقل الجرحى إلى مستشفى البر والخدمات. وشهدت حمص ودير الزور قصفا عنيفا.",
])
def test_a_site_with_no_single_town_stays_unplaced(pipeline: Pipeline, text: str) -> None:
    res = site(run_text(pipeline, text), "مستشفى").resolved or {}
    assert res.get("lat") is None
