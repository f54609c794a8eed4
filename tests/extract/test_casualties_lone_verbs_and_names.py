"""Casualty figures of one unnamed victim (a lone intransitive verb, a verbal noun with its pronoun),
victims joined to a named one, and headline pairs with a list of who was among them
(marsad.extract.casualties). Sentences written for these tests."""

from __future__ import annotations

import pytest
from conftest import text_doc

from marsad.extract.casualties import CasualtyLexicon, find_casualties
from marsad.extract.mentions import find_mentions
from marsad.extract.quantities import QuantityLexicon, find_quantities
from marsad.lexicon import default_lexicon

Row = tuple[str, str, int, int]


@pytest.fixture(scope="module")
def lexicons() -> tuple[QuantityLexicon, CasualtyLexicon]:
    return QuantityLexicon.load(), CasualtyLexicon.load()


def rows(text: str, lexicons: tuple[QuantityLexicon, CasualtyLexicon]) -> list[Row]:
    qlex, clex = lexicons
    doc = text_doc(text)
    doc.mentions = find_mentions(doc, default_lexicon())
    found = find_casualties(doc, find_quantities(doc, qlex), clex)
    for c in found:
        assert doc.text[c.start:c.end] == text[c.start:c.end]
    return [(c.category, c.group, c.low, c.high) for c in found]


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
def test_one_unnamed_victim(text: str, expected: list[Row], lexicons) -> None:
    assert rows(text, lexicons) == expected


@pytest.mark.parametrize(("text", "expected"), [
    # a person joined to a named victim counts too
    ("استشهاد الطفلة سلمى أحمد العلي وامرأة من جيرانها بقصف على القرية", [("killed", "civilians", 2, 2)]),
    ("مقتل الشاب خالد العمر وشقيقه في الغارة", [("killed", "civilians", 2, 2)]),
    # a new trigger after the name is its own figure
    ("استشهاد الطفلة سلمى العلي وإصابة امرأة", [("killed", "civilians", 1, 1), ("injured", "civilians", 1, 1)]),
])
def test_victims_joined_to_a_name(text: str, expected: list[Row], lexicons) -> None:
    assert rows(text, lexicons) == expected


@pytest.mark.parametrize(("text", "expected"), [
    # who was among them stands between the pair and its cause
    ("شهداء وجرحى بينهم أطفال بغارات على القرية", [("killed", "unknown", 2, 9), ("injured", "unknown", 2, 9)]),
    ("قتلى وجرحى بينهم نساء وأطفال جراء القصف", [("killed", "unknown", 2, 9), ("injured", "unknown", 2, 9)]),
    # a cause with the article
    ("شهداء وإصابات بالقصف على البلدة قبل قليل", [("killed", "unknown", 2, 9), ("injured", "unknown", 2, 9)]),
    # still no cause, no figure
    ("قتلى وجرحى بينهم أطفال", []),
])
def test_headline_pair_with_who_was_among_them(text: str, expected: list[Row], lexicons) -> None:
    assert rows(text, lexicons) == expected
