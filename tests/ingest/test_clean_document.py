"""build_document: ids, the language check, empty results, and the shared seed example."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from marsad.clean import build_document, content_id
from marsad.errors import EmptyDocument, NotArabic
from marsad.ingest import RawDocument, read_inputs
from marsad.model import DocMeta

TEXT = ("أعلنت قيادة الشرطة في المحافظة توقيف ثلاثة أشخاص يشتبه بضلوعهم في تفجير عبوة ناسفة "
        "استهدفت دورية على الطريق الدولي صباح السبت.\n\nSHARE\n\nوكالة المدينة")


def _raw(text: str, doc_id: str | None = None, **meta: object) -> RawDocument:
    return RawDocument(id=doc_id, text=text, html=None, meta=DocMeta(**meta), origin="t.txt")  # type: ignore[arg-type]


def test_document_has_source_text_cleaned_text_and_removals() -> None:
    doc = build_document(_raw(TEXT, published=dt.date(2020, 2, 1)))
    assert doc.source_text == TEXT
    assert doc.text == TEXT.split("\n\n")[0]
    assert [s.reason for s in doc.removed] == ["whitespace", "chrome", "signoff"]
    assert doc.meta.source == "t.txt" and doc.meta.language == "ar"
    assert doc.meta.published == dt.date(2020, 2, 1)


def test_id_is_the_callers_or_a_stable_content_hash() -> None:
    assert build_document(_raw(TEXT, doc_id="given-1")).id == "given-1"
    derived = build_document(_raw(TEXT)).id
    assert derived == content_id(TEXT.split("\n\n")[0])
    assert derived.startswith("sha1:") and len(derived) == len("sha1:") + 16
    # The same content with other chrome or spacing around it is the same document.
    assert build_document(_raw("\n" + TEXT.replace("SHARE", "close") + "\n\n")).id == derived
    assert content_id("أ  ب\nج") == content_id("أ ب ج") != content_id("أ ب د")


@pytest.mark.parametrize("text, share", [
    ("The army said on Monday that three soldiers were wounded near the border crossing.", "0%"),
    ("Le ministère a annoncé lundi que trois soldats ont été blessés près de la frontière, selon l'agence officielle (قال).", "3%"),
    ("Officials quoted in the statement (وزارة الداخلية في الحكومة المؤقتة) said that the convoy was stopped at a "
     "checkpoint outside the city and that nobody was hurt during the long search of all the vehicles and of their cargo by the local police officers.", "14%"),
    ("قال الجيش", None),
])
def test_non_arabic_text_is_refused_with_the_share_found(text: str, share: str | None) -> None:
    with pytest.raises(NotArabic) as info:
        build_document(_raw(text))
    message = str(info.value)
    assert info.value.origin == "t.txt" and "15%" in message
    if share is not None:
        assert f"({share})" in message


def test_mixed_text_with_enough_arabic_passes() -> None:
    text = "أفادت وكالة Reuters نقلاً عن مصادر أمنية بأن الهجوم وقع قرب معبر Bab al-Hawa الحدودي."
    assert build_document(_raw(text)).text == text


def test_min_arabic_letters_is_configurable() -> None:
    with pytest.raises(NotArabic):
        build_document(_raw(TEXT), min_arabic_letters=500)


@pytest.mark.parametrize("text", ["", "  \n\n\t", "SHARE\n\nclose\n"])
def test_nothing_left_is_an_empty_document(text: str) -> None:
    with pytest.raises(EmptyDocument):
        build_document(_raw(text))


def _shared_examples() -> Path:
    return Path(__file__).resolve().parents[2].parent / "shared" / "examples"


def test_seed_jsonl_builds_one_clean_document() -> None:
    path = _shared_examples() / "seed.jsonl"
    if not path.is_file():
        pytest.skip(f"shared example not present: {path}")
    (raw,) = list(read_inputs([str(path)]))
    assert isinstance(raw, RawDocument)
    record = json.loads(path.read_text("utf-8").splitlines()[0])
    doc = build_document(raw)
    assert doc.id == record["id"] and doc.meta.published == dt.date.fromisoformat(record["published"])
    assert [s.reason for s in doc.removed].count("duplicate_paragraph") == 1
    assert "الأكثر قراءة" not in doc.text and not doc.text.endswith(record["publisher"])
    for span in doc.removed:
        assert doc.source_text[span.start:span.end] == span.text
