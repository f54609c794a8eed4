"""Where the name after a head word begins and ends: a hashtag may begin it ("قرية #X");  a word that places it against what contains it
("التابعة", "الواقع", "ضمن", "بالريف", "الحدودية") is no part of it."""

from __future__ import annotations

import pytest
from conftest import pipeline_with_places, run_text

from marsad.pipeline import Pipeline

PLACES = """\
- {id: afrin, feature: town, country: SY, admin1: Aleppo, name_en: Afrin, names: [عفرين], lat: 36.51194, lon: 36.86954, population: 36000}
- {id: qamishli, feature: city, country: SY, admin1: Al-Hasakah, name_en: Qamishli, names: [القامشلي, قامشلو], lat: 37.05215, lon: 41.23142, population: 184000}
- {id: kuwait, feature: country, country: KW, name_en: Kuwait, names: [الكويت], lat: 29.31, lon: 47.48}
- {id: aleppo, feature: city, country: SY, admin1: Aleppo, name_en: Aleppo, names: [حلب], lat: 36.20124, lon: 37.16117, population: 1600000}
- {id: manbij, feature: city, country: SY, admin1: Aleppo, name_en: Manbij, names: [منبج], lat: 36.5281, lon: 37.9549, population: 100000}
"""


@pytest.fixture(scope="module")
def pipeline(tmp_path_factory: pytest.TempPathFactory) -> Pipeline:
    return pipeline_with_places(tmp_path_factory.mktemp("gaz"), PLACES)


@pytest.mark.parametrize("text,name", [
    ("قصفت المدفعية التركية قرية البرج التابعة لناحية شيراوا بريف عفرين.", "البرج"),
    ("سقطت قذيفة على حي البشيرية الواقع شرق مدينة القامشلي.", "البشيرية"),
    ("استهدفت مسيرة سيارة في قرية جب الكلب ضمن منطقة منبج.", "جب الكلب"),
    ("قتل راع بانفجار لغم في قرية أبو كهف بالريف الغربي لمنبج.", "أبو كهف"),
    ("قصف مدفعي على قرية تل جيجان الحدودية شمالي منبج.", "تل جيجان"),
])
def test_a_link_word_ends_an_unknown_name(pipeline: Pipeline, text: str, name: str) -> None:
    names = [p.name for p in run_text(pipeline, text).places]
    assert name in names, names


def test_and_led_to_is_no_valley(pipeline: Pipeline) -> None:
    # "وأدى" (and led to) folds to "وادي" (valley): it heads no place
    doc = run_text(pipeline, "سقطت قذيفة على سوق منبج، وأدى لإصابة طفلين بجروح.")
    assert not [p.text for p in doc.places if p.text.startswith("وأدى")]


def test_a_village_in_the_countryside_of_an_unknown_town_is_placed_by_what_contains_that(pipeline: Pipeline) -> None:
    doc = run_text(pipeline, "قتل مدني بغارة على قرية البويهج في ريف مدينة الخفسة شرقي منبج فجر اليوم.")
    village = next(p for p in doc.places if p.name == "البويهج")
    assert village.resolved is not None and village.resolved.get("lat") is not None
    assert village.resolved["status"] == "approximate"


@pytest.mark.parametrize("text,name,head", [
    ("قتل مدنيان بقصف صاروخي على قرية #الشيخ_سليمان بريف #حلب_الغربي.", "الشيخ_سليمان", "قرية"),
    ("سقطت قذائف على مدينة #منبج شرقي حلب.", "منبج", "مدينة"),
    ("استهدفت المدفعية بلدة \u200e#الحمام قرب عفرين.", "الحمام", "بلدة"),
])
def test_a_hashtag_after_a_head_word_is_its_name(pipeline: Pipeline, text: str, name: str, head: str) -> None:
    got = [(p.name, p.head) for p in run_text(pipeline, text).places]
    assert (name, head) in got, got


def test_a_tagged_countryside_is_one_phrase(pipeline: Pipeline) -> None:
    doc = run_text(pipeline, "قتل مدنيان بقصف صاروخي على قرية #الشيخ_سليمان بريف #حلب_الغربي.")
    village = next(p for p in doc.places if p.head == "قرية")
    assert village.resolved is not None and village.resolved["status"] == "approximate"
    assert village.resolved["lon"] < 37.16117  # west of Aleppo


def test_a_camp_named_after_a_country_is_not_in_it(pipeline: Pipeline) -> None:
    doc = run_text(pipeline, "جرحى بسقوط صواريخ على مخيم الكويت بريف عفرين.")
    camp = next(p for p in doc.places if p.head == "مخيم")
    assert camp.resolved is not None and camp.resolved.get("country") != "KW"
    assert camp.resolved["status"] == "approximate"  # placed by Afrin
