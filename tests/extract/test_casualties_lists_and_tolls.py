"""Casualty figures that add up listed victims, tolls whose figure comes late, and single named or
relative-clause victims (marsad.extract.casualties). Sentences written for these tests."""

from __future__ import annotations

import pytest
from conftest import casualty_rows

Row = tuple[str, str, int, int]


def rows(text: str) -> list[Row]:
    return casualty_rows(text)


@pytest.mark.parametrize(("text", "expected"), [
    # kin with a possessive pronoun add to the victim before them
    ("قتلت امرأة وابنها في قصف مدفعي على القرية", [("killed", "civilians", 2, 2)]),
    ("استشهاد سيدة وطفلتها بغارة على المخيم", [("killed", "civilians", 2, 2)]),
    ("مقتل ثلاثة أطفال وأمهم وطفل آخر في القصف", [("killed", "civilians", 5, 5)]),
    ("استشهدت سيدة (40 عاماً) وابنتها جراء القصف", [("killed", "civilians", 2, 2)]),
    # a number word after a plural counts it
    ("استشهاد رجل وأولاده الأربعة في الغارة", [("killed", "civilians", 5, 5)]),
    # a person named between the trigger and a kin noun is a victim too
    ("أسفر القصف عن استشهاد ماهر يوسف السالم وزوجته", [("killed", "civilians", 2, 2)]),
    ("أسفر القصف عن مقتل في الغارة وأطفال", [("killed", "civilians", 2, 9)]),
    # "آب" (August) is no victim noun
    ("وقع القصف في 5 آب وقتل فيه مدني", [("killed", "civilians", 1, 1)]),
])
def test_listed_victims_add_up(text: str, expected: list[Row]) -> None:
    assert rows(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("مجزرة راح ضحيتها 6 أشخاص من عائلة واحدة", [("killed", "civilians", 6, 6)]),
    ("وقعت مجزرة ذهب ضحيتها أربعة مدنيين", [("killed", "civilians", 4, 4)]),
])
def test_the_victims_of_a_massacre(text: str, expected: list[Row]) -> None:
    assert rows(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("ارتفعت حصيلة القصف المدفعي على القرية إلى 9 مدنيين", [("killed", "civilians", 9, 9)]),
    ("ارتفاع حصيلة الغارات على سوق المدينة، إلى سبعة أشخاص بينهم طفلان", [("killed", "unknown", 7, 7)]),
    ("ارتفعت حصيلة شهداء القصف على الحي الشرقي في المدينة، إلى 11", [("killed", "unknown", 11, 11)]),
    ("ارتفعت حصيلة القصف على المخيم إلى 40 قتيلاً وجريحاً", [("killed_or_injured", "unknown", 40, 40)]),
    ("ارتفعت حصيلة الشهداء إلى 4 شهداء وجريحة", [("killed", "unknown", 4, 4), ("injured", "unknown", 1, 1)]),
    # a toll head alone needs a victim noun after its figure, and the figure in the same sentence
    ("ارتفعت حصيلة الأضرار إلى 30 منزلاً", []),
    ("ارتفع عدد المهجرين إلى 300 شخص", []),
    ("بدأت حصيلة القصف تتضح. وصل إلى 5 مدنيين", []),
])
def test_tolls(text: str, expected: list[Row]) -> None:
    assert rows(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("قصف على البلدة و(7) شهداء في حصيلة أولية", [("killed", "unknown", 7, 7)]),
    ("استشهاد (3) مدنيين في القصف", [("killed", "civilians", 3, 3)]),
])
def test_a_figure_in_brackets(text: str, expected: list[Row]) -> None:
    assert rows(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("استشهد سامر الحلبي متأثراً بجراحه", [("killed", "unknown", 1, 1)]),
    ('مقتل "وليد الحمصي" برصاص مجهولين', [("killed", "unknown", 1, 1)]),
    ("كشفت العائلة هوية الشاب الذي توفي في المشفى", [("killed", "civilians", 1, 1)]),
    ("شيع الأهالي الصحفية نور الهدى التي استشهدت بغارة", [("killed", "unknown", 1, 1)]),
    # a verb after الذي that has an object is not a victim: "الرجل الذي قتل" may be the killer
    ("تبحث الشرطة عن الرجل الذي قتل جاره", []),
    ("أسفر عن مقتل اليوم وإصابة طفل", [("injured", "civilians", 1, 1)]),
])
def test_single_victims(text: str, expected: list[Row]) -> None:
    assert rows(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    # with no count before them, a pair of casualty nouns is some killed and some injured
    ("أدى القصف إلى سقوط قتلى وجرحى من المدنيين",
     [("killed", "civilians", 2, 9), ("injured", "civilians", 2, 9)]),
    ("أسفر الانفجار عن وقوع قتيل وجرحى", [("killed", "unknown", 1, 1), ("injured", "unknown", 2, 9)]),
    # an exact count before them is a total whose split is unknown: one figure of both
    ("سقوط 20 مدنياً بين قتيل وجريح", [("killed_or_injured", "civilians", 20, 20)]),
    ("قضى وأصيب نحو 150 شخصاً في الزلزال", [("killed_or_injured", "unknown", 150, 150)]),
    ("مقتل وإصابة العشرات في الانفجار", [("killed_or_injured", "unknown", 20, 99)]),
    # a vague few ("عدد من") still says some were killed and some injured: one figure of each
    ("سقوط عدد من القتلى والجرحى", [("killed", "unknown", 1, 9), ("injured", "unknown", 1, 9)]),
    ("خلّف القصف عدداً من الشهداء و الجرحى في السوق",
     [("killed", "unknown", 1, 9), ("injured", "unknown", 1, 9)]),
    ("استشهد وأصيب عدد من الأهالي بقصف على الحي",
     [("killed", "civilians", 1, 9), ("injured", "civilians", 1, 9)]),
])
def test_killed_and_injured_nouns(text: str, expected: list[Row]) -> None:
    assert rows(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("نقل الشابان إلى المشفى حيث ارتقيا متأثرين بجراحهما", [("killed", "unknown", 2, 2)]),
    ("أصيب شخصان بجروح في القصف", [("injured", "unknown", 2, 2)]),
    ("سقطت القذيفة قرب طفلين فأصيبا بشظاياها", [("injured", "unknown", 2, 2)]),
])
def test_a_dual_verb_is_two_victims(text: str, expected: list[Row]) -> None:
    assert rows(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    # a headline pair of plurals with its cause after it
    ("قتلى وجرحى مدنيون بغارات جوية على حي سكني",
     [("killed", "civilians", 2, 9), ("injured", "civilians", 2, 9)]),
    ("شهداء وجرحى من المدنيين جراء قصف مدفعي على البلدة",
     [("killed", "civilians", 2, 9), ("injured", "civilians", 2, 9)]),
    ("شهداء وجرحى في انفجار سيارة مفخخة", [("killed", "unknown", 2, 9), ("injured", "unknown", 2, 9)]),
    # with no cause after it, or definite, it is no figure
    ("ارتفاع عدد قتلى وجرحى الحرب", []),
    ("نقل القتلى والجرحى بقصف البلدة إلى المشفى", []),
    # سقط is a neutral trigger like سقوط: it needs a casualty noun
    ("سقط ضحايا مدنيون جراء انفجار لغم", [("killed", "civilians", 2, 9)]),
    ("سقط صاروخ في أرض زراعية قرب القرية", []),
])
def test_headline_pairs(text: str, expected: list[Row]) -> None:
    assert rows(text) == expected
