from __future__ import annotations

import pytest
from conftest import text_doc

from marsad.arabic.normalize import clean_chars
from marsad.lexicon import PhraseIndex, load_yaml, phrase_tokens


def scan(index: PhraseIndex, text: str) -> list[tuple[str, str]]:
    doc = text_doc(text)
    return [(m.kind, text[doc.tokens[m.tok_start].start:doc.tokens[m.tok_end - 1].end]) for m in index.scan(doc.tokens)]


@pytest.fixture()
def index() -> PhraseIndex:
    idx = PhraseIndex()
    idx.add("التحالف الدولي", "actor", {"canonical": "US-led coalition"})
    idx.add("التحالف", "actor", {"canonical": "US-led coalition"})
    idx.add("قوات سوريا الديمقراطية", "actor", {"canonical": "Syrian Democratic Forces"})
    idx.add("قصف", "trigger", {"id": "shelling"})
    return idx


@pytest.mark.parametrize("text, expected", [
    ("قصف التحالف الدولي مواقع", [("trigger", "قصف"), ("actor", "التحالف الدولي")]),
    ("وللتحالف الدولي قاعدة", [("actor", "وللتحالف الدولي")]),
    ("بقصف مدفعي", [("trigger", "بقصف")]),
    ("مقاتلي قوات سوريا الديموقراطية", []),
    ("لـ(قوات سوريا الديمقراطية)", [("actor", "قوات سوريا الديمقراطية")]),
    ("أكدت إسرائيل", []),
])
def test_longest_match_per_start_with_clitics(index: PhraseIndex, text: str, expected: list[tuple[str, str]]) -> None:
    assert scan(index, text) == expected


def test_phrases_are_folded_like_the_text() -> None:
    assert phrase_tokens("قوات الأسد") == ("قوات", "الاسد")
    assert phrase_tokens("الرئاسة") == ("الرياسه",)


@pytest.mark.parametrize("name", ["context.yaml", "compatible_actors.yaml"])
def test_project_context_data_is_clean(name: str) -> None:
    data = load_yaml(name)
    strings = [s for entry in data for v in entry.values() if isinstance(v, list) for s in v]
    assert strings
    for s in strings:
        assert clean_chars(s) == s and s == s.strip() and "  " not in s, s
