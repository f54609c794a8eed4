"""Property: every Quantity and Casualty span lies inside the text, on token boundaries, with sane bounds,
whatever the mix of words, numbers, diacritics, punctuation and line breaks."""

from __future__ import annotations

from conftest import text_doc
from hypothesis import given, settings
from hypothesis import strategies as st

from marsad.extract.casualties import CATEGORIES, GROUPS, CasualtyLexicon, find_casualties
from marsad.extract.quantities import QuantityLexicon, find_quantities

QLEX = QuantityLexicon.load()
CLEX = CasualtyLexicon.load()

WORDS = [
    "مقتل", "وإصابة", "قُتل", "أصيب", "استشهاد", "سقوط", "وقوع", "حصيلة", "عدد", "إلى", "من", "بين",
    "قتيل", "وجريح", "قتلى", "جرحى", "قتيلان", "مدنياً", "مدنيين", "عنصراً", "طفلين", "آخرين", "مثلهم",
    "بينهم", "دون", "لم", "نحو", "أكثر", "ما", "لا", "يقل", "عن", "تقريباً", "عشرات", "العشرات", "مئات",
    "الآلاف", "ثلاثة", "عشر", "وعشرين", "آلاف", "وخمسمئة", "ألف", "مئتي", "الحادي", "شباط", "كلم",
    "سو", "-", "22", "25", "١٥٠", "1,500", "2.5", ":", "54", "%", "عاماً", "(", ")", "،", ".", "#وسم_5",
    "http://x.y/5", "F", "و", "أو", "ـ", "\u064b", "\u0651",
]
SEPARATORS = [" ", " ", " ", "", "\n", "  "]


@st.composite
def texts(draw: st.DrawFn) -> str:
    parts = draw(st.lists(st.tuples(st.sampled_from(WORDS), st.sampled_from(SEPARATORS)), min_size=1, max_size=30))
    return "".join(w + sep for w, sep in parts)


make_doc = text_doc  # the shared builder of a document with its text layer


@settings(max_examples=400, deadline=None)
@given(texts())
def test_spans_on_token_boundaries(text: str) -> None:
    doc = make_doc(text)
    starts = {t.start for t in doc.tokens}
    ends = {t.end for t in doc.tokens}
    quantities = find_quantities(doc, QLEX)
    for q in quantities:
        assert 0 <= q.start < q.end <= len(doc.text)
        assert q.start in starts and q.end in ends
        assert q.low <= q.high
    found = find_casualties(doc, quantities, CLEX)
    for c in found:
        assert 0 <= c.start < c.end <= len(doc.text)
        assert c.start in starts and c.end in ends
        assert 0 < c.low <= c.high
        assert c.category in (*CATEGORIES, "killed_or_injured")
        assert c.group in GROUPS


def test_empty_document() -> None:
    doc = make_doc("")
    assert find_quantities(doc, QLEX) == []
    assert find_casualties(doc, [], CLEX) == []
