"""The highlands and plains of northwest Syria that reports place villages in (bundled supplement)."""

from __future__ import annotations

import pytest
from conftest import run_text

from marsad.geo.gazetteer import haversine_km
from marsad.model import Document, PlaceMention
from marsad.pipeline import Pipeline


def place(doc: Document, text: str) -> PlaceMention:
    return next(p for p in doc.places if text in p.text)


@pytest.mark.parametrize("text,phrase,place_id", [
    ("قصفت قوات النظام بلدات جبل الزاوية جنوبي إدلب براجمات الصواريخ.", "جبل الزاوية", "sup:sy-jabal-zawiya"),
    ("استهدفت المدفعية قرى سهل الغاب بريف حماة الغربي.", "سهل الغاب", "sup:sy-ghab"),
    ("دارت اشتباكات على محاور جبل التركمان في ريف اللاذقية.", "جبل التركمان", "sup:sy-jabal-turkman"),
    ("سقطت قذائف على مرتفعات جبل الأكراد صباح اليوم.", "جبل الأكراد", "sup:sy-jabal-akrad"),
])
def test_northwest_regions_resolve_in_syria(pipeline: Pipeline, text: str, phrase: str, place_id: str) -> None:
    p = place(run_text(pipeline, text), phrase)
    assert p.resolved is not None and p.resolved["gazetteer_id"] == place_id
    assert p.resolved["precision"] == 2


def test_a_village_of_jabal_al_zawiya_is_placed_there_not_in_libya(pipeline: Pipeline) -> None:
    doc = run_text(pipeline, "قتل مدني بقصف مدفعي على قرية أبو حمامة بجبل الزاوية.")
    village = place(doc, "قرية أبو حمامة")
    assert village.resolved is not None and village.resolved["country"] == "SY"
    assert haversine_km(village.resolved["lat"], village.resolved["lon"], 35.68, 36.53) <= 5
