"""Casualty expressions (marsad.extract.casualties): one-line cases written for these tests."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import text_doc

from marsad.extract.casualties import CasualtyLexicon, find_casualties
from marsad.extract.quantities import QuantityLexicon, find_quantities
from marsad.model import Casualty, Document

SEED = Path(__file__).resolve().parents[3] / "shared" / "examples" / "seed-syrianews-2018-02-08.txt"

Row = tuple[str, str, int, int, bool]


@pytest.fixture(scope="module")
def lexicons() -> tuple[QuantityLexicon, CasualtyLexicon]:
    return QuantityLexicon.load(), CasualtyLexicon.load()


make_doc = text_doc  # the shared builder of a document with its text layer


def casualties(text: str, lexicons: tuple[QuantityLexicon, CasualtyLexicon]) -> tuple[Document, list[Casualty]]:
    qlex, clex = lexicons
    doc = make_doc(text)
    return doc, find_casualties(doc, find_quantities(doc, qlex), clex)


def rows(text: str, lexicons: tuple[QuantityLexicon, CasualtyLexicon]) -> list[Row]:
    _, found = casualties(text, lexicons)
    return [(c.category, c.group, c.low, c.high, c.approximate) for c in found]


@pytest.mark.parametrize(("text", "expected"), [
    # trigger + count + victim, verbal nouns and verbs, with clitics
    ("أسفرت الغارة عن مقتل 12 مدنياً في البلدة", [("killed", "civilians", 12, 12, False)]),
    ("وقتل 5 أشخاص في القصف", [("killed", "unknown", 5, 5, False)]),
    ("قُتل ثلاثة عناصر من الجيش", [("killed", "combatants", 3, 3, False)]),
    ("ما أدى لمقتل أربعة مدنيين", [("killed", "civilians", 4, 4, False)]),
    ("ارتقاء 3 شهداء في القصف", [("killed", "unknown", 3, 3, False)]),
    ("إصابة 6 مدنيين بجروح", [("injured", "civilians", 6, 6, False)]),
    ("أصيب 25 عنصراً من القوات الموالية", [("injured", "combatants", 25, 25, False)]),
    ("جرح 4 خلال الاشتباك", [("injured", "unknown", 4, 4, False)]),
    ("قتل في الغارة 7 مدنيين", [("killed", "civilians", 7, 7, False)]),
    ("قتل صباح اليوم الأربعاء أربعة مدنيين", [("killed", "civilians", 4, 4, False)]),
    ("مقتل خمسة من المدنيين", [("killed", "civilians", 5, 5, False)]),
    ("مقتل 3 من قوات النظام", [("killed", "combatants", 3, 3, False)]),
    ("مقتل 12 ألف مدني منذ بدء الحملة", [("killed", "civilians", 12000, 12000, False)]),
    ("لقي 5 أشخاص مصرعهم في الغارة", [("killed", "unknown", 5, 5, False)]),
    ("ألقي القبض على 5 أشخاص", [("captured", "unknown", 5, 5, False)]),
    ("اعتقال 5 شبان في حملة مداهمة", [("captured", "civilians", 5, 5, False)]),
    ("أسر جنديين خلال الهجوم", [("captured", "combatants", 2, 2, False)]),
    ("فقدان 3 صيادين في البحر", [("missing", "civilians", 3, 3, False)]),
    ("فقدان 3 أشخاص لحياتهم في القصف", [("killed", "unknown", 3, 3, False)]),
    # neutral triggers take the category of the noun
    ("سقوط 7 قتلى في المدينة", [("killed", "unknown", 7, 7, False)]),
    ("خلف القصف 15 قتيلاً و30 جريحاً", [("killed", "unknown", 15, 15, False), ("injured", "unknown", 30, 30, False)]),
    ("أسفر عن وقوع قتيل في الحي", [("killed", "unknown", 1, 1, False)]),
    # no number: singular 1, dual 2, bare indefinite plural vague
    ("مقتل مدني في القصف", [("killed", "civilians", 1, 1, False)]),
    ("إصابة طفل بجروح", [("injured", "civilians", 1, 1, False)]),
    ("استشهاد شاب برصاص قناص", [("killed", "civilians", 1, 1, False)]),
    ("مقتل عنصر من الشرطة", [("killed", "combatants", 1, 1, False)]),
    ("مقتل أحد عناصر الشرطة", [("killed", "combatants", 1, 1, False)]),
    ("مقتل الشاب خالد في القصف", [("killed", "civilians", 1, 1, False)]),
    ("استشهاد طفلين بقصف مدفعي", [("killed", "civilians", 2, 2, False)]),
    ("إصابة امرأتين في القصف", [("injured", "civilians", 2, 2, False)]),
    ("أصيب شخصان في الانفجار", [("injured", "unknown", 2, 2, False)]),
    ("مقتل عنصرين من الفصائل", [("killed", "combatants", 2, 2, False)]),
    ("أصيب مواطنان اثنان", [("injured", "civilians", 2, 2, False)]),
    ("إصابة مدنيين اثنين", [("injured", "civilians", 2, 2, False)]),
    ("مقتل مدني واحد", [("killed", "civilians", 1, 1, False)]),
    ("مقتل مدنيين في القصف", [("killed", "civilians", 2, 9, True)]),
    # a dual noun with no trigger and no number
    ("قتيلان في قصف على البلدة", [("killed", "unknown", 2, 2, False)]),
    ("جريحان بانفجار لغم", [("injured", "unknown", 2, 2, False)]),
    # count + casualty noun, no trigger
    ("12 قتيلاً في غارة جوية", [("killed", "unknown", 12, 12, False)]),
    ("ثلاثة جرحى بانفجار", [("injured", "unknown", 3, 3, False)]),
    ("7 جرحى في صفوف المدنيين", [("injured", "civilians", 7, 7, False)]),
    ("5 شهداء مدنيين بقصف", [("killed", "civilians", 5, 5, False)]),
    ("العثور على 4 جثث في النهر", [("killed", "unknown", 4, 4, False)]),
    # killed and injured together
    ("مقتل وإصابة 10 أشخاص", [("killed_or_injured", "unknown", 10, 10, False)]),
    ("56 قتيلاً وجريحاً في القصف", [("killed_or_injured", "unknown", 56, 56, False)]),
    ("سقوط نحو 150 عنصراً بين قتيل وجريح", [("killed_or_injured", "combatants", 150, 150, True)]),
    # with no exact count, the joined verbs say some were killed and some injured: one figure of
    # each, 1..9 (this was one killed_or_injured 2..9, which hid that someone was killed)
    ("قتل وجرح مدنيون في القصف",
     [("killed", "civilians", 1, 9, True), ("injured", "civilians", 1, 9, True)]),
    # count + victim + verb
    ("أكد أن 47 شخصاً قتلوا في القصف", [("killed", "unknown", 47, 47, False)]),
    ("قال إن مدنيا أصيب بالقصف", [("injured", "civilians", 1, 1, False)]),
    # a noun before a verb with its own victims is the agent, not a victim
    ("وقال إن المسلح قتل 3 أشخاص", [("killed", "unknown", 3, 3, False)]),
    # vague and hedged counts
    ("إصابة العشرات في الانفجار", [("injured", "unknown", 20, 99, True)]),
    ("مقتل عشرات المدنيين", [("killed", "civilians", 20, 99, True)]),
    ("إصابة عدد من المدنيين", [("injured", "civilians", 2, 9, True)]),
    ("مقتل أكثر من 30 شخصا", [("killed", "unknown", 31, 45, True)]),
    ("مقتل ما لا يقل عن 10 مدنيين", [("killed", "civilians", 10, 15, True)]),
    ("مقتل بين 10 و15 مدنيا", [("killed", "civilians", 10, 15, False)]),
    ("مقتل 150 عنصرا تقريبا", [("killed", "combatants", 150, 150, True)]),
    # tolls
    ("ارتفعت حصيلة قتلى القصف إلى 12 شخصا", [("killed", "unknown", 12, 12, False)]),
    ("ارتفاع حصيلة شهداء القصف على المدينة إلى 7", [("killed", "unknown", 7, 7, False)]),
    ("ارتفع عدد الجرحى إلى 20 مدنيا", [("injured", "civilians", 20, 20, False)]),
    # a noun with a preposition glued to it is not the noun of the number before it
    ("أفاد مراسل درعا24 بوفاة الشاب", [("killed", "civilians", 1, 1, False)]),
])
def test_single_expressions(lexicons: tuple[QuantityLexicon, CasualtyLexicon], text: str,
                            expected: list[Row]) -> None:
    assert rows(text, lexicons) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("مقتل 12 مدنياً وإصابة 20 آخرين", [("killed", "civilians", 12, 12, False), ("injured", "civilians", 20, 20, False)]),
    ("مقتل مدني وإصابة طفل", [("killed", "civilians", 1, 1, False), ("injured", "civilians", 1, 1, False)]),
    ("مقتل طفل وجرح آخر", [("killed", "civilians", 1, 1, False), ("injured", "civilians", 1, 1, False)]),
    ("قتل 3 جنود وجرح آخرين", [("killed", "combatants", 3, 3, False), ("injured", "combatants", 2, 9, True)]),
    ("قتل 3 عسكريين وأصيب مثلهم في الهجوم", [("killed", "combatants", 3, 3, False), ("injured", "combatants", 3, 3, False)]),
    ("استشهد مدني وأصيب 2 بجروح", [("killed", "civilians", 1, 1, False), ("injured", "unknown", 2, 2, False)]),
    ("أن 47 شخصاً قتلوا وأصيب 202 مدنياً", [("killed", "unknown", 47, 47, False), ("injured", "civilians", 202, 202, False)]),
    # the list after بينهم belongs to the figure before it
    ("مقتل 3 مدنيين بينهم طفل وإصابة 10 آخرين بينهم 4 أطفال",
     [("killed", "civilians", 3, 3, False), ("injured", "civilians", 10, 10, False)]),
    ("مقتل 15 من المدنيين بينهم طفلين و3 سيدات", [("killed", "civilians", 15, 15, False)]),
    # coordinated victims of one trigger: summed within a group, split across groups
    ("مقتل 4 أطفال و3 نساء", [("killed", "civilians", 7, 7, False)]),
    ("إصابة امرأتين وطفلين في القصف", [("injured", "civilians", 4, 4, False)]),
    ("مقتل 5 مدنيين و2 من عناصر الفصائل", [("killed", "civilians", 5, 5, False), ("killed", "combatants", 2, 2, False)]),
    ("أسفر عن وقوع قتيل، وعدد من الجرحى", [("killed", "unknown", 1, 1, False), ("injured", "unknown", 2, 9, True)]),
    ("سقوط 5 قتلى و10 جرحى", [("killed", "unknown", 5, 5, False), ("injured", "unknown", 10, 10, False)]),
])
def test_several_figures(lexicons: tuple[QuantityLexicon, CasualtyLexicon], text: str,
                         expected: list[Row]) -> None:
    assert rows(text, lexicons) == expected


@pytest.mark.parametrize("text", [
    # negation: nothing at all, not a figure of 0
    "سقط الصاروخ في أرض زراعية دون وقوع إصابات",
    "لم تسفر الغارة عن إصابات",
    "لم يسفر القصف عن وقوع إصابات بشرية",
    "أكدت الوزارة عدم وجود إصابات بين المدنيين",
    "انفجرت العبوة بدون إصابات",
    # numbers that are not counts of people
    "وفي 7 شباط توجه الفصيل إلى المنطقة",
    "أسقط التحالف في 18 حزيران طائرة من نوع سو-22",
    "وقعت الغارة على بعد 20 كلم من المدينة",
    "قتل في عام 2018 خلال المعارك",
    "قصفت طائرات ميغ 21 المنطقة عند الساعة 22:54",
    "ارتفعت الأسعار بنسبة 30 بالمئة",
    # generic mentions and near misses
    "مقتل المدنيين جريمة حرب",
    "إصابة 5 أشخاص بفيروس كورونا",
    "فقد وضع الوزير خطة جديدة",
    "قتلى وجرحى",
])
def test_no_figure(lexicons: tuple[QuantityLexicon, CasualtyLexicon], text: str) -> None:
    assert rows(text, lexicons) == []


@pytest.mark.parametrize(("text", "surface"), [
    ("ولفت البيان إلى أنه أصيب 25 عنصراً من القوات", "أصيب 25 عنصراً"),
    ("وتحدثت مصادر عن سقوط نحو 150 عنصراً بين قتيل وجريح من القوات", "نحو 150 عنصراً بين قتيل وجريح"),
    ("أسفر القصف عن مقتل وإصابة 10 أشخاص", "مقتل وإصابة 10 أشخاص"),
    ("ما أدى إلى مقتل 3 مدنيين بينهم طفل", "مقتل 3 مدنيين"),
    ("سقوط جرحى في صفوف المدنيين", "جرحى في صفوف المدنيين"),
    ("ارتفعت حصيلة القتلى إلى 12", "حصيلة القتلى إلى 12"),
])
def test_span_covers_expression(lexicons: tuple[QuantityLexicon, CasualtyLexicon], text: str,
                                surface: str) -> None:
    doc, found = casualties(text, lexicons)
    assert [doc.text[c.start:c.end] for c in found] == [surface]


def test_seed_document(lexicons: tuple[QuantityLexicon, CasualtyLexicon]) -> None:
    if not SEED.exists():
        pytest.skip(f"seed example not found at {SEED} (it lives beside the checkout)")
    doc, found = casualties(SEED.read_text(encoding="utf-8"), lexicons)
    assert [(c.category, c.group, c.low, c.high, c.approximate) for c in found] == [
        ("injured", "combatants", 25, 25, False),
        ("killed_or_injured", "combatants", 150, 150, True),
    ]
    assert doc.text[found[1].start:found[1].end] == "نحو 150 عنصراً بين قتيل وجريح"
