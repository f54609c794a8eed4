"""Words glued to a word-final ة or ى (a line break lost in scraping) are two tokens."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from marsad.arabic.normalize import normalize
from marsad.arabic.tokens import tokenize


def surfaces(text: str) -> list[str]:
    return [text[t.start:t.end] for t in tokenize(normalize(text))]


@pytest.mark.parametrize("text,expected", [
    ("قصف على محطة الضخاستشهد", ["قصف", "على", "محطة", "الضخاستشهد"]),  # no ة/ى: nothing to cut
    ("سقطت قذيفة على المدرسةاستشهد طفلان", ["سقطت", "قذيفة", "على", "المدرسة", "استشهد", "طفلان"]),
    ("نقل الجرحى إلى مستشفىالمدينة", ["نقل", "الجرحى", "إلى", "مستشفى", "المدينة"]),
    ("قصفٌ على القريةِالمجاورة", ["قصفٌ", "على", "القريةِ", "المجاورة"]),  # the mark stays with its word
    ("استهداف سيارة عسكرية", ["استهداف", "سيارة", "عسكرية"]),
])
def test_glued_words_are_cut_after_a_word_final_letter(text: str, expected: list[str]) -> None:
    assert surfaces(text) == expected


def test_a_glued_verb_is_read_as_an_event() -> None:
    from conftest import case_record

    from marsad.pipeline import Pipeline

    rec = case_record(Pipeline.default(), "قصفت الطائرات الروسية محطة السويديةاستشهد ثمانية مدنيين.")
    assert any(c["category"] == "killed" and c["low"] == 8 for e in rec["events"] for c in e["casualties"])


@given(st.lists(st.sampled_from(["قرية", "مستشفى", "الجرحى", "قصف", "عيسى", "ة", "ى", " ", "\n", "ُ", "ـ"]),
                max_size=12))
def test_tokens_stay_inside_the_text_and_in_order(parts: list[str]) -> None:
    text = "".join(parts)
    toks = tokenize(normalize(text))
    last = 0
    for t in toks:
        assert last <= t.start < t.end <= len(text)
        last = t.end
