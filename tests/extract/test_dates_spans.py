"""Mention spans: inside the text, on token boundaries, equal to the surface even when the text has
diacritics or Arabic-Indic digits."""

from __future__ import annotations

import datetime as dt

import pytest
from conftest import text_doc
from hypothesis import given, settings
from hypothesis import strategies as st

from marsad.extract.dates import Calendar, find_dates
from marsad.model import DocMeta, Document

CAL = Calendar.load()


make_doc = text_doc  # the shared builder of a document with its text layer


PIECES = [
    "يوم", "الخميس", "والخميس", "الماضي", "في", "وفي", "7", "٧", "18", "2018", "٢٠١٨", "شباط", "حزيران",
    "كانون", "الأول", "الثاني", "من", "السابع", "/", "-", "،", ",", "(", ")", "فبراير", "أمس", "بالأمس",
    "اليوم", "فجر", "مساء", "ليلة", "ليل", "على", "قبل", "منذ", "3", "أيام", "يومين", "الأسبوع", "الشهر",
    "العام", "عام", "رمضان", "1445", "هـ", "مَساءَ", "الخَمِيس", "20", "كلم", "سو-22", "عنصراً", "أحد",
    "07/02/2018", "2018-02-07", "\n", "نهاية", "هذا", "شهر", "مطلع", "غرة", "الاثنين", "معا",
]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=14), st.lists(st.sampled_from([" ", "", "  "]), max_size=14),
       st.one_of(st.none(), st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2030, 12, 31))))
def test_spans_cover_whole_tokens(pieces: list[str], seps: list[str], published: dt.date | None) -> None:
    text = "".join(p + (seps[i] if i < len(seps) else " ") for i, p in enumerate(pieces))
    doc = make_doc(text, published)
    token_starts = {t.start for t in doc.tokens}
    token_ends = {t.end for t in doc.tokens}
    previous_end = 0
    for m in find_dates(doc, CAL):
        assert 0 <= previous_end <= m.start < m.end <= len(text)
        assert m.start in token_starts and m.end in token_ends
        previous_end = m.end
        if published is None:
            assert m.value.anchor in ("text", "none")
        if m.value.start is not None and m.value.end is not None:
            assert m.value.start <= m.value.end


@pytest.mark.parametrize(("text", "surface"), [
    ("قصفت الطائرات المدينة مَساءَ الخَمِيس الماضي", "مَساءَ الخَمِيس الماضي"),
    ("وقع الهجوم في ٧ شباط ٢٠١٨ قرب البلدة", "٧ شباط ٢٠١٨"),
    ("وقع الهجوم في 22 رمضان 1445 هـ، قرب البلدة", "22 رمضان 1445 ه"),
    ("وقع الهجوم في ﻿7 شباط", "7 شباط"),
])
def test_span_is_the_surface_with_marks(text: str, surface: str) -> None:
    found = find_dates(make_doc(text, dt.date(2018, 2, 8)), CAL)
    assert [text[m.start:m.end] for m in found] == [surface]


def test_document_without_norm_layer() -> None:
    text = "قصفت الطائرات المدينة يوم الخميس"
    doc = Document(id="t", text=text, meta=DocMeta(published=dt.date(2018, 2, 8)), source_text=text)
    found = find_dates(doc, CAL)
    assert [(text[m.start:m.end], m.value.start) for m in found] == [("يوم الخميس", dt.date(2018, 2, 8))]


def test_dates_do_not_cross_lines() -> None:
    assert find_dates(make_doc("قتل 7\nشباط قبيلة", dt.date(2018, 2, 8)), CAL) == []
