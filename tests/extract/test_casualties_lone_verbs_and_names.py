"""Casualty figures of one unnamed victim (a lone intransitive verb, a verbal noun with its pronoun),
victims joined to a named one, and headline pairs with a list of who was among them
(marsad.extract.casualties). Sentences written for these tests."""

from __future__ import annotations

import pytest
from conftest import casualty_rows

Row = tuple[str, str, int, int]


def rows(text: str) -> list[Row]:
    return casualty_rows(text)


@pytest.mark.parametrize(("text", "expected"), [
    # the verb's subject is unnamed: one victim, whatever says where or how
    ("الشاب من أبناء الحي، استشهد خلال القصف على السوق صباح اليوم", [("killed", "unknown", 1, 1)]),
    ("وتوفي اليوم متأثراً بجراحه التي أصيب بها", [("killed", "unknown", 1, 1)]),
    ("وارتقت جراء الغارة التي استهدفت منزلها", [("killed", "unknown", 1, 1)]),
    # a vowelled passive is the same; unvowelled "قتل" may be the noun and is left alone
    ("وقُتل في الغارة على أطراف البلدة", [("killed", "unknown", 1, 1)]),
    ("قتل في الغارة على أطراف البلدة", []),
    # a figure or a victim later in the clause is the subject, counted once
    ("استشهد في القصف ثلاثة أطفال", [("killed", "civilians", 3, 3)]),
    # (too far from its verb for a figure, and so not one victim either)
    ("استشهد في القصف على أطراف البلدة ثلاثة أطفال", []),
    ("استشهد في القصف 5 مدنيين", [("killed", "civilians", 5, 5)]),
    # whoever died is no figure
    ("نشر الناشطون أسماء من استشهد في القصف", []),
    # the verbal noun with the victim as its pronoun
    ("اقتحم المسلحون المنزل وتم قتله أمام أطفاله", [("killed", "unknown", 1, 1)]),
    ("وقام الجنود بقتلها قرب الحاجز", [("killed", "unknown", 1, 1)]),
])
def test_one_unnamed_victim(text: str, expected: list[Row]) -> None:
    assert rows(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    # a person joined to a named victim counts too
    ("استشهاد الطفلة سلمى أحمد العلي وامرأة من جيرانها بقصف على القرية", [("killed", "civilians", 2, 2)]),
    ("مقتل الشاب خالد العمر وشقيقه في الغارة", [("killed", "civilians", 2, 2)]),
    # a new trigger after the name is its own figure
    ("استشهاد الطفلة سلمى العلي وإصابة امرأة", [("killed", "civilians", 1, 1), ("injured", "civilians", 1, 1)]),
])
def test_victims_joined_to_a_name(text: str, expected: list[Row]) -> None:
    assert rows(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    # who was among them stands between the pair and its cause
    ("شهداء وجرحى بينهم أطفال بغارات على القرية", [("killed", "unknown", 2, 9), ("injured", "unknown", 2, 9)]),
    ("قتلى وجرحى بينهم نساء وأطفال جراء القصف", [("killed", "unknown", 2, 9), ("injured", "unknown", 2, 9)]),
    # a cause with the article
    ("شهداء وإصابات بالقصف على البلدة قبل قليل", [("killed", "unknown", 2, 9), ("injured", "unknown", 2, 9)]),
    # still no cause, no figure
    ("قتلى وجرحى بينهم أطفال", []),
])
def test_headline_pair_with_who_was_among_them(text: str, expected: list[Row]) -> None:
    assert rows(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    # a numbered list under a heading of the dead is one figure; the injured listed after it are not
    ("أسماء الشهداء في القصف على البلدة:\n1- سامر خالد العلي\n2- هند محمود الحسين\n3- ياسين عمر\n\n"
     "المصابون:\n1- رامي الأحمد\n2- ليلى حسن", [("killed", "unknown", 3, 3)]),
    # an item cut off and repeated whole does not end the list
    ("الشهداء:\n1- سامر خالد\n2- هند محمود...\n\nتحديث\n2- هند محمود الحسين\n3- ياسين عمر",
     [("killed", "unknown", 3, 3)]),
    # a run of "الشهيد فلان", one per line or after a heading of the dead
    ("الشهيد البطل مازن علي الخطيب\nالشهيد البطل رائد سليم العبدالله\nالشهيدة سلمى فارس",
     [("killed", "unknown", 3, 3)]),
    ("رحم الله الشهداء الشهيد مازن علي الخطيب الشهيد رائد سليم", [("killed", "unknown", 2, 2)]),
    # a martyr named inside a sentence was counted elsewhere or long ago
    ("زار الوفد عائلة الشهيد مازن الخطيب في قريته", []),
])
def test_lists_of_the_dead(text: str, expected: list[Row]) -> None:
    assert rows(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    # a family is several people; its head is one man, not a family
    ("استشهاد عائلة كاملة بغارة على منزلها", [("killed", "civilians", 2, 9)]),
    ("مقتل 5 أشخاص من عائلة واحدة", [("killed", "civilians", 5, 5)]),
    ("مقتل رب عائلة برصاص مجهولين", []),
    # "وجود" is neutral: it needs a casualty noun after it
    ("وسط أنباء عن وجود شهداء وجرحى", [("killed", "unknown", 2, 9), ("injured", "unknown", 2, 9)]),
    ("تأكدت الفرق من عدم وجود إصابات", []),
    # a common spelling of the plural
    ("استشهاد مواطنيين اثنين بالقذائف", [("killed", "civilians", 2, 2)]),
])
def test_families_and_reports_of_the_dead(text: str, expected: list[Row]) -> None:
    assert rows(text) == expected
