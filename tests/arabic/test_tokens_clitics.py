from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from marsad.arabic.normalize import normalize
from marsad.arabic.tokens import clitic_keys, tokenize


@pytest.mark.parametrize("word, key", [
    ("والتحالف", "التحالف"), ("للقوات", "القوات"), ("بدير", "دير"), ("وبحسب", "بحسب"),
    ("فقصفت", "قصفت"), ("لداعش", "داعش"), ("بيانها", "بيان"), ("كالعادة", "العاده"),
])
def test_clitic_keys_include_the_bare_word(word: str, key: str) -> None:
    keys = [k for k, _ in clitic_keys(normalize(word).norm)]
    assert keys[0] == normalize(word).norm
    assert normalize(key).norm in keys


@pytest.mark.parametrize("word", ["ولد", "بلد", "لبنان", "فرنسا"])
def test_short_or_lexical_words_keep_their_own_form_first(word: str) -> None:
    assert clitic_keys(word)[0] == (word, 0)


def test_tokens_split_clitic_punctuation_and_numbers() -> None:
    text = "لـ(قوات سوريا) سو-22 و٢٥ عنصراً."
    toks = tokenize(normalize(text))
    assert [t.norm for t in toks] == ["ل", "(", "قوات", "سوريا", ")", "سو", "-", "22", "و", "25", "عنصرا", "."]


@given(st.text(st.sampled_from(list("ابتثجحخدذرزسشصضطظعغفقكلمنهوي ًٌٍَُِّْـ،.\"٢5")), max_size=60))
def test_token_spans_cover_their_surface(text: str) -> None:
    nt = normalize(text)
    for tok in tokenize(nt):
        surface = text[tok.start:tok.end]
        assert normalize(surface).norm == tok.norm
