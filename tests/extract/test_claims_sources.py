"""Claims through the whole pipeline: named, anonymous and chained sources, back-references,
denials, and each casualty figure tied to the claim of its sentence. Sentences written for these tests."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from conftest import strict_xfail

from marsad.ingest import RawDocument
from marsad.model import DocMeta
from marsad.output import document_record
from marsad.pipeline import Pipeline

PUB = dt.date(2021, 3, 10)
OUTLET = "موقع الاختبار"

SOHR = "SOHR (Syrian Observatory for Human Rights)"
RU_MOD = "Russian Ministry of Defence"
TR_MOD = "Turkish Ministry of Defence"
CD = "Syria Civil Defence (White Helmets)"
COAL = "US-led coalition"

Claim = tuple[str, tuple[str, ...], str]  # (source canonical, via canonicals, stance)


xfail = strict_xfail


def record(pipeline: Pipeline, text: str, published: dt.date | None = PUB) -> dict[str, Any]:
    raw = RawDocument(id="case", text=text, html=None,
                      meta=DocMeta(published=published, publisher=OUTLET), origin="case")
    res = pipeline.process_raw(raw)
    if res.doc is None:
        pytest.fail(f"the pipeline refused the case: {res.error!r}")
    return document_record(res.doc)


def claims_of(rec: dict[str, Any]) -> list[Claim]:
    return sorted((c["source"]["canonical"], tuple(v["canonical"] for v in c["via"]), c["stance"])
                  for c in rec["claims"])


# (text, the claims the record holds)
CLAIM_CASES = [
    ("قصفت قوات النظام بلدة كفرنبل بالمدفعية أمس.", [(OUTLET, (), "asserts")]),
    ("قتل سبعة مدنيين بقصف لقوات النظام على بلدة كنصفرة أمس، بحسب المرصد السوري لحقوق الإنسان.", [(SOHR, (), "asserts")]),  # noqa: E501
    ("وبحسب المرصد السوري فإن طائرات روسية قصفت بلدة كفرنبل أمس.", [(SOHR, (), "asserts")]),
    ("وذكر ناشطون أن قوات النظام قصفت بلدة كفرنبل بالمدفعية أمس.", [("activists (unnamed)", (), "asserts")]),
    ("وأفادت مصادر طبية بمقتل خمسة مدنيين بقصف مدفعي لقوات النظام على بلدة كفرنبل أمس.", [("medical sources (anonymous)", (), "asserts")]),  # noqa: E501
    ("وقال مصدر عسكري لوكالة سبوتنيك إن الجيش السوري قصف مواقع لهيئة تحرير الشام في كبانة أمس.", [("military source (anonymous)", ("Sputnik",), "asserts")]),  # noqa: E501
    ("قال مصدر أمني لوكالة رويترز إن قوات النظام قصفت بلدة كفرنبل أمس.", [("security source (anonymous)", ("Reuters",), "asserts")]),  # noqa: E501
    ("وقال التحالف الدولي في بيان إنه شن غارة على مواقع لتنظيم الدولة قرب هجين أمس. ولفت البيان إلى أن الغارة أسفرت عن مقتل 12 مسلحاً.", [(COAL, (), "asserts")]),  # noqa: E501
    ("وقالت وزارة الدفاع الروسية إن طائرات روسية قصفت مقرات لهيئة تحرير الشام في ريف إدلب أمس. وأضافت الوزارة أن الغارات أسفرت عن مقتل 20 مسلحاً.", [(RU_MOD, (), "asserts")]),  # noqa: E501
    ("ونفت وزارة الدفاع الروسية أن تكون طائراتها قد قصفت مدينة أريحا أمس.", [(RU_MOD, (), "denies")]),
    ("قال ناشطون إن طائرات روسية قصفت مستشفى في بلدة كفرنبل أمس. ونفت وزارة الدفاع الروسية أن تكون طائراتها قد قصفت البلدة.", [(RU_MOD, (), "denies"), ("activists (unnamed)", (), "asserts")]),  # noqa: E501
    pytest.param("ونقلت وكالة سانا عن مصدر عسكري سوري قوله إن الجيش السوري قصف مواقع لهيئة تحرير الشام في ريف إدلب أمس.", [("Syrian military source (anonymous)", ("SANA (Syrian Arab News Agency)",), "asserts")]),
    ("وذكرت قناة الجزيرة نقلاً عن مصادر محلية أن طائرات روسية قصفت بلدة كفرنبل أمس.", [("local sources (unnamed)", ("Al Jazeera",), "asserts")]),  # noqa: E501
    ("قالت وزارة الدفاع التركية إن قواتها قصفت مواقع لحزب العمال الكردستاني في جبال قنديل أمس. وأضافت الوزارة أن القصف أسفر عن مقتل 4 مسلحين.", [(TR_MOD, (), "asserts")]),  # noqa: E501
    ("قصفت قوات النظام بلدة كنصفرة أمس. يذكر أن طائرات التحالف استهدفت مواقع لتنظيم الدولة في المنطقة قبل عامين.", [(OUTLET, (), "asserts")]),  # noqa: E501
    # the speaker's own circumstantial denial after what it says
    ("قال ناشطون إن قصفاً مدفعياً لقوات النظام قتل أربعة مدنيين في بلدة كفرنبل أمس. ونقلت وكالة سانا عن مصدر عسكري قوله إن الجيش رد على مصادر النيران، نافياً استهداف أي منطقة سكنية.", [("activists (unnamed)", (), "asserts"), ("military source (anonymous)", ("SANA (Syrian Arab News Agency)",), "denies")]),  # noqa: E501
    # an ambiguous name after the full one names the same source
    ("قال الدفاع المدني السوري إن قصفاً لقوات النظام قتل ثلاثة مدنيين في أريحا أمس. وأوضح الدفاع المدني أن فرقه أخمدت الحرائق.", [(CD, (), "asserts")]),  # noqa: E501
]


@pytest.mark.parametrize(("text", "expected"), CLAIM_CASES)
def test_claims(pipeline: Pipeline, text: str, expected: list[Claim]) -> None:
    assert claims_of(record(pipeline, text)) == sorted(expected)


def test_claim_cue_and_evidence_point_into_the_text(pipeline: Pipeline) -> None:
    text = "قصفت قوات النظام بلدة كفرنبل أمس. وقال المرصد السوري إن القصف أسفر عن مقتل أربعة مدنيين."
    rec = record(pipeline, text)
    sohr = [c for c in rec["claims"] if c["source"]["canonical"] == SOHR]
    assert len(sohr) == 1
    c = sohr[0]
    assert c["cue"] == "قال"
    ev = rec["text"][c["evidence"]["start"]:c["evidence"]["end"]]
    assert "المرصد السوري" in ev and "قصفت" not in ev
    src = c["source"]
    assert rec["text"][src["start"]:src["end"]] == src["text"] == "المرصد السوري"
    assert src["kind"] == "ngo"


def test_every_claim_is_linked_both_ways(pipeline: Pipeline) -> None:
    text = ("قال المرصد السوري لحقوق الإنسان إن 15 مدنياً قتلوا بغارة روسية على بلدة كفرنبل أمس. "
            "وقالت وزارة الدفاع الروسية إن الغارة أسفرت عن مقتل ثلاثة مسلحين فقط.")
    rec = record(pipeline, text)
    by_id = {c["id"]: c for c in rec["claims"]}
    assert len(rec["events"]) == 1
    ev = rec["events"][0]
    assert sorted(by_id[cid]["source"]["canonical"] for cid in ev["claims"]) == sorted([RU_MOD, SOHR])
    for cid in ev["claims"]:
        assert ev["id"] in by_id[cid]["events"]


# ----------------------------------------------------------------------------- casualties per claim

Cas = tuple[str, str, int, int, bool, str]  # (category, group, low, high, approximate, source canonical)

CASUALTY_CASES = [
    ("قتل سبعة مدنيين بقصف لقوات النظام على بلدة كنصفرة أمس، بحسب المرصد السوري لحقوق الإنسان.", [("killed", "civilians", 7, 7, False, SOHR)]),  # noqa: E501
    ("وأفادت مصادر طبية بمقتل خمسة مدنيين بقصف مدفعي لقوات النظام على بلدة كفرنبل أمس.", [("killed", "civilians", 5, 5, False, "medical sources (anonymous)")]),  # noqa: E501
    ("قتل ما بين 10 و15 مدنياً بغارات روسية على معرة النعمان أمس بحسب الدفاع المدني السوري.", [("killed", "civilians", 10, 15, False, CD)]),  # noqa: E501
    ("قال المرصد السوري لحقوق الإنسان إن 15 مدنياً قتلوا بغارة روسية على بلدة كفرنبل أمس. وقالت وزارة الدفاع الروسية إن الغارة أسفرت عن مقتل ثلاثة مسلحين فقط.", [("killed", "civilians", 15, 15, False, SOHR), ("killed", "combatants", 3, 3, False, RU_MOD)]),  # noqa: E501
    ("وقال التحالف الدولي في بيان إنه شن غارة على مواقع لتنظيم الدولة قرب هجين أمس. ولفت البيان إلى أن الغارة أسفرت عن مقتل 12 مسلحاً.", [("killed", "combatants", 12, 12, False, COAL)]),  # noqa: E501
    ("قال الدفاع المدني السوري إن 4 أشخاص أصيبوا بقصف مدفعي لقوات النظام على مدينة أريحا أمس. وتحدث ناشطون عن سقوط نحو 40 شخصاً بين قتيل وجريح في القصف.", [("injured", "unknown", 4, 4, False, CD), ("killed_or_injured", "unknown", 40, 40, True, "activists (unnamed)")]),  # noqa: E501
    pytest.param("قال المرصد السوري إن نحو 30 عنصراً من قوات النظام قتلوا في اشتباكات مع هيئة تحرير الشام أمس.", [("killed", "combatants", 30, 30, True, SOHR)]),  # noqa: E501
    # the victims' side between the figure and its verb; a bare plural subject before the figure
    ("أفاد ناشطون بأن 4 مدنيين من أبناء البلدة أصيبوا بجروح جراء قصف مدفعي على بلدة كفرنبل أمس.", [("injured", "civilians", 4, 4, False, "activists (unnamed)")]),  # noqa: E501
    ("قال المرصد السوري إن مسلحين مجهولين قتلوا 3 مدنيين في بلدة طفس أمس.", [("killed", "civilians", 3, 3, False, SOHR)]),  # noqa: E501
    ("وبحسب المرصد السوري، قتل مسلحون مجهولون 3 مدنيين في بلدة طفس أمس.", [("killed", "civilians", 3, 3, False, SOHR)]),  # noqa: E501
]


@pytest.mark.parametrize(("text", "expected"), CASUALTY_CASES)
def test_casualties_tied_to_their_claim(pipeline: Pipeline, text: str, expected: list[Cas]) -> None:
    rec = record(pipeline, text)
    src = {c["id"]: c["source"]["canonical"] for c in rec["claims"]}
    got = sorted((c["category"], c["group"], c["low"], c["high"], c["approximate"], src.get(c["claim"], "?"))
                 for e in rec["events"] for c in e["casualties"])
    assert got == sorted(expected)
