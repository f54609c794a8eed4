from __future__ import annotations

import pytest
from conftest import text_doc

from marsad.extract.casualties import CasualtyLexicon, find_casualties
from marsad.extract.mentions import find_mentions
from marsad.extract.quantities import QuantityLexicon, find_quantities
from marsad.lexicon import default_lexicon


@pytest.fixture(scope="module")
def lexicons() -> tuple[QuantityLexicon, CasualtyLexicon]:
    return QuantityLexicon.load(), CasualtyLexicon.load()


def figures(text: str, lexicons: tuple[QuantityLexicon, CasualtyLexicon]) -> list[tuple[str, int, int, str]]:
    ql, cl = lexicons
    doc = text_doc(text)
    doc.mentions = find_mentions(doc, default_lexicon())
    return [(c.category, c.low, c.high, text[c.start:c.end])
            for c in find_casualties(doc, find_quantities(doc, ql), cl)]


@pytest.mark.parametrize("text, expected", [
    ("أدى القصف إلى مقتل حسان العلي قرب منزله", [("killed", 1, 1, "مقتل حسان")]),
    ("أعلنت مصادر محلية استشهاد وليد الخطيب برصاص قناص", [("killed", 1, 1, "استشهاد وليد")]),
    ("مقتل في ظروف غامضة", []),
    ("مقتل عدد من العناصر", [("killed", 2, 9, "مقتل عدد من العناصر")]),
    ("مقتل قوات النظام", []),
    ("إصابة ماهر الحسن بجروح", [("injured", 1, 1, "إصابة ماهر")]),
])
def test_a_named_person_after_a_killing_noun_is_one_victim(text, expected, lexicons) -> None:
    assert figures(text, lexicons) == expected
