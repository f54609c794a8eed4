"""Numbers, number words, vague quantities, hedges and ranges (marsad.extract.quantities)."""

from __future__ import annotations

import pytest
from conftest import text_doc

from marsad.extract.quantities import COUNT_KINDS, QuantityLexicon, find_quantities, is_count
from marsad.model import Quantity


@pytest.fixture(scope="module")
def lex() -> QuantityLexicon:
    return QuantityLexicon.load()


make_doc = text_doc  # the shared builder of a document with its text layer


def quantities(text: str, lex: QuantityLexicon) -> list[tuple[str, int, int, bool, str]]:
    doc = make_doc(text)
    return [(doc.text[q.start:q.end], q.low, q.high, q.approximate, q.kind) for q in find_quantities(doc, lex)]


@pytest.mark.parametrize(("text", "surface", "value"), [
    ("قتل 25 شخصا", "25", 25),
    ("قتل ٢٥ شخصا", "٢٥", 25),
    ("نزح 1,500 شخص", "1,500", 1500),
    ("نزح 12 ألف مدني", "12 ألف", 12000),
    ("نزح 1.5 مليون شخص", "1.5 مليون", 1500000),
    ("قتل ثلاثة عناصر", "ثلاثة", 3),
    ("قتلت ثلاث نساء", "ثلاث", 3),
    ("قتل أحد عشر شخصا", "أحد عشر", 11),
    ("أصيب اثنا عشر شخصا", "اثنا عشر", 12),
    ("أصيب اثني عشر شخصا", "اثني عشر", 12),
    ("قتل ثلاثة عشر مدنيا", "ثلاثة عشر", 13),
    ("قتل عشرون شخصا", "عشرون", 20),
    ("قتل خمسة وعشرين مدنيا", "خمسة وعشرين", 25),
    ("مقتل مئة وخمسين شخصا", "مئة وخمسين", 150),
    ("مقتل مائة شخص", "مائة", 100),
    ("مقتل مئتي شخص", "مئتي", 200),
    ("مقتل مئتين من العناصر", "مئتين", 200),
    ("مقتل ثلاثمئة عنصر", "ثلاثمئة", 300),
    ("مقتل ثلاث مئة عنصر", "ثلاث مئة", 300),
    ("مقتل ثلاثمائة وأربعين عنصرا", "ثلاثمائة وأربعين", 340),
    ("نزوح ألف عائلة", "ألف", 1000),
    ("نزوح ألفين عائلة", "ألفين", 2000),
    ("نزوح ثلاثة آلاف وخمسمئة شخص", "ثلاثة آلاف وخمسمئة", 3500),
    ("نزوح ألف ومئتي عائلة", "ألف ومئتي", 1200),
    ("نزوح خمسة عشر ألفا", "خمسة عشر ألفا", 15000),
    ("نزوح مليون وثلاثمئة ألف", "مليون وثلاثمئة ألف", 1300000),
    ("مقتل القتلى الثلاثة", "الثلاثة", 3),
])
def test_exact_numbers(lex: QuantityLexicon, text: str, surface: str, value: int) -> None:
    counts = [q for q in quantities(text, lex) if q[4] in COUNT_KINDS]
    assert counts == [(surface, value, value, False, "number")]


@pytest.mark.parametrize(("text", "expected"), [
    # "ألفين وعشرة آلاف" is 2000 and 10000, not 2010 followed by a stray آلاف
    ("نزوح ألفين وعشرة آلاف", [("ألفين", 2000), ("وعشرة آلاف", 10000)]),
    ("بين خمسة وعشرة", [("بين خمسة وعشرة", None)]),
    ("قتل خمسة قتلى وثلاثة جرحى", [("خمسة", 5), ("وثلاثة", 3)]),
])
def test_number_boundaries(lex: QuantityLexicon, text: str, expected: list[tuple[str, int | None]]) -> None:
    got = [(q[0], q[1] if q[4] == "number" else None) for q in quantities(text, lex) if q[4] in COUNT_KINDS]
    assert got == expected


@pytest.mark.parametrize(("text", "surface", "low", "high"), [
    ("مقتل عشرات المدنيين", "عشرات", 20, 99),
    ("إصابة العشرات", "العشرات", 20, 99),
    ("نزوح مئات العائلات", "مئات", 200, 999),
    ("نزوح آلاف المدنيين", "آلاف", 2000, 9999),
    ("نزوح عشرات الآلاف", "عشرات الآلاف", 20000, 99000),
    ("نزوح مئات الآلاف", "مئات الآلاف", 200000, 999000),
    ("اعتقال بضعة أشخاص", "بضعة", 3, 9),
    ("اعتقال بضع مئات", "بضع مئات", 300, 900),
    ("أصيب عدة أشخاص", "عدة", 3, 9),
    ("نزوح عدة آلاف", "عدة آلاف", 3000, 9000),
    ("إصابة عدد من المدنيين", "عدد من", 2, 9),
    ("إصابة عدد كبير من المدنيين", "عدد كبير من", 10, 99),
])
def test_vague(lex: QuantityLexicon, text: str, surface: str, low: int, high: int) -> None:
    counts = [q for q in quantities(text, lex) if q[4] in COUNT_KINDS]
    assert counts == [(surface, low, high, True, "vague")]


@pytest.mark.parametrize(("text", "surface", "low", "high", "approximate"), [
    ("سقوط نحو 150 عنصرا", "نحو 150", 150, 150, True),
    ("مقتل حوالي 20 شخصا", "حوالي 20", 20, 20, True),
    ("مقتل قرابة 30 شخصا", "قرابة 30", 30, 30, True),
    ("مقتل زهاء 40 شخصا", "زهاء 40", 40, 40, True),
    ("مقتل ما يقارب 50 شخصا", "ما يقارب 50", 50, 50, True),
    ("مقتل ما يقرب من 60 شخصا", "ما يقرب من 60", 60, 60, True),
    ("ارتفعت الحصيلة لنحو 80", "لنحو 80", 80, 80, True),
    ("مقتل 150 تقريبا", "150 تقريبا", 150, 150, True),
    ("مقتل أكثر من 30 شخصا", "أكثر من 30", 31, 45, True),
    ("مقتل ما يزيد عن 100 شخص", "ما يزيد عن 100", 101, 150, True),
    ("مقتل ما يزيد على 10 أشخاص", "ما يزيد على 10", 11, 15, True),
    ("مقتل ما لا يقل عن 10 أشخاص", "ما لا يقل عن 10", 10, 15, True),
    ("مقتل 10 أشخاص على الأقل", "10 أشخاص", None, None, None),
    ("مقتل 10 على الأقل", "10 على الأقل", 10, 15, True),
    ("مقتل أقل من 10 أشخاص", "أقل من 10", 5, 9, True),
    ("مقتل ما يصل إلى 40 شخصا", "ما يصل إلى 40", 20, 40, True),
    ("مقتل عشرين ونيف", "عشرين ونيف", 21, 30, True),
    ("مقتل 5 فقط", "5 فقط", 5, 5, False),
])
def test_hedges(lex: QuantityLexicon, text: str, surface: str, low: int | None, high: int | None,
                approximate: bool | None) -> None:
    counts = [q for q in quantities(text, lex) if q[4] in COUNT_KINDS]
    if low is None:  # the hedge is not next to the number: the number alone, unhedged
        assert counts == [(surface.split()[0], 10, 10, False, "number")]
        return
    assert counts == [(surface, low, high, approximate, "number")]


@pytest.mark.parametrize(("text", "surface", "low", "high"), [
    ("مقتل بين 10 و15 شخصا", "بين 10 و15", 10, 15),
    ("مقتل ما بين 20 إلى 30 شخصا", "ما بين 20 إلى 30", 20, 30),
    ("مقتل من 5 إلى 8 أشخاص", "من 5 إلى 8", 5, 8),
    ("مقتل 10-15 شخصا", "10-15", 10, 15),
    ("مقتل 10 - 15 شخصا", "10 - 15", 10, 15),
    ("مقتل خمسة أو ستة أشخاص", "خمسة أو ستة", 5, 6),
    ("مقتل بين عشرة وخمسة عشر شخصا", "بين عشرة وخمسة عشر", 10, 15),
])
def test_ranges(lex: QuantityLexicon, text: str, surface: str, low: int, high: int) -> None:
    counts = [q for q in quantities(text, lex) if q[4] in COUNT_KINDS]
    assert counts == [(surface, low, high, False, "range")]


@pytest.mark.parametrize("text", [
    "ارتفع عدد القتلى من 5 إلى 12",
    "ارتفعت الحصيلة من 5 إلى 12",
    "قتل 5 و12",  # "و" joins a range only after بين
])
def test_not_ranges(lex: QuantityLexicon, text: str) -> None:
    counts = [q for q in quantities(text, lex) if q[4] in COUNT_KINDS]
    assert [(q[1], q[4]) for q in counts] == [(5, "number"), (12, "number")]


@pytest.mark.parametrize(("text", "surface", "kind"), [
    ("وفي 7 شباط توجه الفصيل", "7 شباط", "date"),
    ("أسقط التحالف في 18 حزيران طائرة", "18 حزيران", "date"),
    ("في 12 من حزيران الماضي", "12 من حزيران", "date"),
    ("في 3 كانون الثاني الماضي", "3 كانون الثاني", "date"),
    ("يوم 5 يناير الماضي", "5 يناير", "date"),
    ("يوم 5 جانفي الماضي", "5 جانفي", "date"),
    ("في 10 رمضان", "10 رمضان", "date"),
    ("بتاريخ 20/10/2021 قصف", "20/10/2021", "date"),
    ("بتاريخ 2021-10-20 قصف", "2021-10-20", "date"),
    ("في عام 2018 قصف", "عام 2018", "year"),
    ("في شباط 2018 قصف", "2018", "year"),
    ("بين 2015-2018 قصف", "2015-2018", "year"),
    ("في 2018م قصف", "2018م", "year"),
    ("على بعد 20 كلم شمال", "20 كلم", "measure"),
    ("على بعد 20 كم شمال", "20 كم", "measure"),
    ("على بعد 3 كيلومترات شمال", "3 كيلومترات", "measure"),
    ("على بعد 500 متر شمال", "500 متر", "measure"),
    ("عند الساعة 22:54 مساء", "22:54", "time"),
    ("عند الساعة 3 فجرا", "الساعة 3", "time"),
    ("طائرة من نوع سو-22 في الرقة", "سو-22", "model"),
    ("طائرة ميغ 21 سورية", "ميغ 21", "model"),
    ("طائرة F-16 أمريكية", "F-16", "model"),
    ("طائرة إف 16 أمريكية", "إف 16", "model"),
    ("ارتفع بنسبة 50% أمس", "50%", "percent"),
    ("ارتفع 30 بالمئة أمس", "30 بالمئة", "percent"),
    ("ارتفع 30 في المئة أمس", "30 في المئة", "percent"),
    ("تبرع بمبلغ 100 دولار أمس", "100 دولار", "money"),
    ("مقتل طفل (12 عاما) في القصف", "12 عاما", "age"),
    ("البالغ من العمر 25 عاما", "العمر 25 عاما", "age"),
    ("عمره 12 عاما", "عمره 12 عاما", "age"),
    ("منذ 3 أيام", "3 أيام", "duration"),
    ("منذ 7 سنوات", "7 سنوات", "duration"),
    ("في الحادي عشر من الشهر", "الحادي عشر", "ordinal"),
    ("للمرة الثالثة", "الثالثة", "ordinal"),
])
def test_not_counts(lex: QuantityLexicon, text: str, surface: str, kind: str) -> None:
    got = quantities(text, lex)
    assert (surface, kind) in [(q[0], q[4]) for q in got]
    assert not [q for q in got if q[4] in COUNT_KINDS]


@pytest.mark.parametrize("text", [
    "تابعونا على #قتل_5 للمزيد",
    "المصدر https://example.com/news/25 للمزيد",
    "المصدر www.example.com/25 للمزيد",
    "الإصدار 5.1.1 من البرنامج",
    "بمعدل 2.5 لكل",
])
def test_ignored_numbers(lex: QuantityLexicon, text: str) -> None:
    assert quantities(text, lex) == []


def test_is_count() -> None:
    assert is_count(Quantity(0, 1, 3, 3, False, "number"))
    assert is_count(Quantity(0, 1, 20, 99, True, "vague"))
    assert not is_count(Quantity(0, 1, 7, 7, False, "date"))
