"""Where an event happened: the place of its own clause and target, not a wider place that only
locates it, not where the fire came from, a reporter's town or a dateline; merged mentions keep the
most specific place that agrees with the first one. Sentences written for these tests."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from conftest import case_record, text_doc

from marsad.geo.gazetteer import haversine_km
from marsad.pipeline import Pipeline

record = case_record


def only_event(rec: dict[str, Any]) -> dict[str, Any]:
    assert len(rec["events"]) == 1, [(e["event_type"], e["trigger"]["text"]) for e in rec["events"]]
    ev: dict[str, Any] = rec["events"][0]
    return ev


# (text, the event's place as written)
PLACE_CASES = [
    # a wider place named after a smaller one only locates it, even when nearer the trigger
    ("تضررت منازل المدنيين في مدينة الباب بريف حلب الشرقي جراء قصف مدفعي لقسد.", "مدينة الباب"),
    ("سقطت عدة قذائف هاون على بلدة مارع شمالي حلب ما أدى إلى إصابة طفلين.", "بلدة مارع"),
    # where the fire came from or where the attacker stands is not where it fell
    ("قتل مدني وأصيب آخران بقصف صاروخي مصدره مناطق سيطرة قوات النظام بريف حلب الغربي، استهدف قرية كفرنوران.",
     "قرية كفرنوران"),
    ("قصفت القوات التركية المتمركزة في مدينة أعزاز قرية تل رفعت بالمدفعية الثقيلة.", "قرية تل رفعت"),
    # a headline's province and the body's village are one strike: the village
    ("قصف روسي على إدلب\n\nقتل مدني بغارات روسية استهدفت أطراف قرية كفرعويد بريف إدلب الجنوبي.",
     "قرية كفرعويد"),
    # ... but a village far from the headline's place, named in a later sentence, is another strike's
    ("قصف تركي على ريف كوباني\n\nقتل طفل بقصف تركي على ريف كوباني اليوم.\n\n"
     "كما قصفت القوات التركية قرية الحنو الواقعة شمال مدينة تل تمر.", "ريف كوباني"),
    # the headline's village the gazetteer lacks is not outranked by a known town a later clause names
    ("شهيد بقصف مدفعي على قرية كفرموس جنوبي إدلب\n\nقتل مدني بقصف مدفعي لقوات النظام استهدف قرية كفرموس "
     "بريف إدلب الجنوبي، كما تعرضت قرية آفس لقصف مماثل.", "قرية كفرموس"),
]


@pytest.mark.parametrize(("text", "phrase"), PLACE_CASES)
def test_event_place(pipeline: Pipeline, text: str, phrase: str) -> None:
    assert only_event(record(pipeline, text))["location"]["phrase"] == phrase


# A camp or village the gazetteer lacks is placed at the nearest place that contains it, whatever
# words stand between them; a site resolved to a namesake abroad is placed at its town.
# (text, place as written, lat, lon of the containing town)
CONTAINED_CASES = [
    ("اصابات من بلدة التمانعة جراء القصف الروسي على مخيم مرام على أطراف مدينة إدلب", "مخيم مرام", 35.93, 36.63),
    ("قتل مدنيان بقصف مدفعي على قرية الزيتونة في منطقة #عفرين، بريف حلب الشمالي.", "قرية الزيتونة", 36.51, 36.87),
    ("أصيب ثلاثة مدنيين بقصف لقسد استهدف قرية الكريدية التابعة لمنطقة الباب.", "قرية الكريدية", 36.37, 37.52),
]


@pytest.mark.parametrize(("text", "phrase", "lat", "lon"), CONTAINED_CASES)
def test_contained_place_takes_its_container_point(pipeline: Pipeline, text: str, phrase: str,
                                                   lat: float, lon: float) -> None:
    loc = only_event(record(pipeline, text))["location"]
    assert loc["phrase"] == phrase
    assert loc["lat"] is not None and haversine_km(loc["lat"], loc["lon"], lat, lon) < 5
    assert loc["precision"] == 2


# (text, place as written, its frame)
FRAME_CASES = [
    ("وقال مراسل \"شبكة الشام\" في إدلب إن الطائرات الحربية نفذت أربع غارات على بلدة كنصفرة.", "إدلب", "source"),
    ("وأفاد مصدر محلي في مدينة منبج بأن طائرة مسيرة استهدفت سيارة.", "مدينة منبج", "source"),
    ("الرقة مقتل شاب برصاص قوات التحالف إثر عملية إنزال في ناحية معدان شرق الرقة.", "الرقة", "dateline"),
    ("حلب - قتل ثلاثة مدنيين إثر غارة جوية روسية استهدفت بلدة الأتارب.", "حلب", "dateline"),
    ("شنت قسد حملة مداهمات في مزرعة تشرين حيث سمعت أصوات اشتباكات في محيط المزرعة.", "محيط المزرعة", "anaphor"),
    ("استهدفت قوات النظام المتمركزة في مدينة سراقب بلدة آفس بالمدفعية.", "مدينة سراقب", "origin"),
    ("قتلت امرأة بقصف صاروخي مصدره مواقع قسد في ريف منبج، استهدف قرية الدادات.", "ريف منبج", "origin"),
]


@pytest.mark.parametrize(("text", "phrase", "frame"), FRAME_CASES)
def test_place_frame(pipeline: Pipeline, text: str, phrase: str, frame: str) -> None:
    doc = pipeline(text_doc(text, dt.date(2021, 3, 10)))
    frames = {p.text: p.frame for p in doc.places}
    assert frames.get(phrase) == frame, frames


# A list of towns is not a chain of containers; the target after "على" is no origin.
UNFRAMED_CASES = [
    ("قصفت قوات النظام بلدة كنصفرة، الفطيرة، البارة بالمدفعية الثقيلة.", "بلدة كنصفرة"),
    ("قصفت المدفعية المتمركزة في معسكر جورين بلدة الزيارة بريف حماة.", "بلدة الزيارة"),
    ("قتلت امرأة بقصف صاروخي مصدره مواقع قسد في ريف منبج، استهدف قرية الدادات.", "قرية الدادات"),
]


@pytest.mark.parametrize(("text", "phrase"), UNFRAMED_CASES)
def test_place_not_framed_nor_contained(pipeline: Pipeline, text: str, phrase: str) -> None:
    doc = pipeline(text_doc(text, dt.date(2021, 3, 10)))
    place = next(p for p in doc.places if p.text == phrase)
    assert place.frame is None
    nxt = doc.places[place.within] if place.within is not None else None
    assert nxt is None or nxt.head is not None and "ريف" in nxt.head
