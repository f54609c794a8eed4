from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from marsad.arabic.normalize import clean_chars, fold, normalize

ARABIC = st.characters(min_codepoint=0x0600, max_codepoint=0x06FF)
PRESENTATION = st.characters(min_codepoint=0xFE70, max_codepoint=0xFEFC)
MIXED = st.text(st.one_of(ARABIC, PRESENTATION, st.sampled_from(" .،\n\u0640\u200f١٢")), max_size=80)


@pytest.mark.parametrize("raw, folded", [
    ("أكدت", "اكدت"), ("إسرائيل", "اسراييل"), ("آذار", "اذار"), ("مستشفى", "مستشفي"),
    ("الروسية", "الروسيه"), ("مؤسسة", "موسسه"), ("طائرات", "طايرات"),
    ("عنصراً", "عنصرا"), ("لـ(قوات", "ل(قوات"), ("٢٥ قتيلاً", "25 قتيلا"), ("۱۵۰", "150"),
    ("\ufefb", "لا"), ("SHARE", "share"), ("دير\u00a0الزور", "دير الزور"), ("قُتِلَ", "قتل"),
    # words broken with tatweel and a comma to slip past filters; a comma after a plain word stays
    ("تستـــــ,هدف", "تستهدف"), ("مقـــ،تله", "مقتله"), ("القصف، ثم", "القصف، ثم"),
    # ... or with a star after the tatweel; a star after a plain word stays
    ("الاحتـــ*لال", "الاحتلال"), ("القصف* ثم", "القصف* ثم"),
])
def test_fold_known_forms(raw: str, folded: str) -> None:
    assert fold(raw) == folded


@given(MIXED)
def test_every_normalised_char_maps_back_into_the_text(text: str) -> None:
    nt = normalize(text)
    for i in range(len(nt.norm)):
        j = nt.orig_index(i)
        assert 0 <= j < len(text)
    if nt.to_orig is not None:
        assert list(nt.to_orig) == sorted(nt.to_orig)


@given(MIXED)
def test_normalising_twice_changes_nothing(text: str) -> None:
    once = normalize(text).norm
    assert normalize(once).norm == once


@pytest.mark.parametrize("text", ["قُتِلَ خمسةٌ", "الـــجيش", "ﻻ ﺗﻮﺟﺪ", "قال\u200f المصدر"])
def test_orig_span_recovers_the_surface_word(text: str) -> None:
    nt = normalize(text)
    first = nt.norm.split(" ")[0]
    s, e = nt.orig_span(0, len(first))
    assert normalize(text[s:e]).norm == first


def test_clean_chars_keeps_letters_but_drops_marks() -> None:
    assert clean_chars("أصيبَ ٢٥") == "أصيب 25"
