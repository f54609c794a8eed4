from __future__ import annotations

import pytest

from marsad.arabic.sentences import split_document


def texts(text: str) -> list[str]:
    _, sents = split_document(text)
    return [text[s.start:s.end] for s in sents]


@pytest.mark.parametrize("text, n", [
    ("قصفت الطائرات البلدة. وقتل ثلاثة مدنيين.", 2),
    ('وقال المصدر "سقطت القذائف على الحي. ولم تقع إصابات" مساء الأحد.', 1),
    ("وقال د. أحمد إن الوضع هادئ.", 1),
    ("بلغت النسبة 2.5 في المئة. وتراجعت لاحقاً.", 2),
    ("سطر أول\nسطر ثان", 2),
    ('قال المصدر "سقطت القذائف. وتابع القصف', 2),
])
def test_sentence_count(text: str, n: int) -> None:
    assert len(texts(text)) == n


def test_clauses_split_at_commas_inside_and_outside_quotes() -> None:
    text = 'قالت الوزارة، يوم الخميس، إن "القصف، الذي بدأ فجراً، توقف".'
    _, sents = split_document(text)
    clauses = [text[c.start:c.end] for c in sents[0].clauses]
    assert clauses == ["قالت الوزارة،", "يوم الخميس،", 'إن "القصف،', "الذي بدأ فجراً،", 'توقف".']


def test_sentence_spans_are_in_order_and_inside_text() -> None:
    text = "الأولى. الثانية!\n\nالثالثة؟ الرابعة"
    _, sents = split_document(text)
    assert [text[s.start:s.end] for s in sents] == ["الأولى.", "الثانية!", "الثالثة؟", "الرابعة"]
    assert [s.paragraph for s in sents] == [0, 0, 1, 1]


def test_a_dot_inside_a_word_broken_with_tatweel_does_not_end_a_sentence() -> None:
    text = "ارتفعت حصيلة الشـ.ـهداء إلى تسعة. وقال المصدر إن القصف توقف."
    assert texts(text) == ["ارتفعت حصيلة الشـ.ـهداء إلى تسعة.", "وقال المصدر إن القصف توقف."]
