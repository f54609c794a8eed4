"""Cleaning text: what is removed is recorded, what is kept is untouched input."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from marsad.clean import Cleaner, chrome_key, clean_text, default_cleaner
from marsad.model import RemovedSpan

TITLE = "مسؤول محلي: غارات جوية تستهدف مستودعات قرب مطار المدينة"
P1 = ("قال مسؤول في المجلس المحلي، مساء الإثنين، إن طائرات حربية شنت ثلاث غارات على مستودعات "
      "للوقود قرب مطار المدينة، ما أدى إلى اندلاع حريق كبير.")
P2 = "وأضاف المسؤول أن فرق الدفاع المدني عملت لساعات على إخماد النيران، ولم ترد أنباء عن ضحايا."
P3 = "من جهتها، نفت وزارة الدفاع في بيان مقتضب أي علاقة لها بالغارات، متهمة جهات أخرى بالوقوف وراءها."
OUTLET = "المرصد الإخباري"

REPORT = (f"{TITLE}\n\n{P1}\n\n{P1}\n\n{P2}\n\n{P3}\n\n{OUTLET}\n\n\u00a0\n\n\n"
          "الأخبار الأكثر قراءة\n\nارتفاع أسعار الذهب في الأسواق المحلية\n\nSHARE\n\nclose")


def _check_offsets(source: str, cleaned: str, removed: list[RemovedSpan]) -> None:
    """cleaned == source minus the removed spans, in order; each span's text is its source slice."""
    pos = 0
    kept: list[str] = []
    for span in removed:
        assert span.text == source[span.start:span.end]
        assert span.start >= pos, "removed spans overlap or are out of order"
        kept.append(source[pos:span.start])
        pos = span.end
    kept.append(source[pos:])
    assert cleaned == "".join(kept)


def test_report_loses_duplicate_tail_and_signoff() -> None:
    cleaned, removed = default_cleaner().clean(REPORT, publisher=OUTLET)
    assert cleaned == f"{TITLE}\n\n{P1}\n\n{P2}\n\n{P3}"
    _check_offsets(REPORT, cleaned, removed)
    reasons = [span.reason for span in removed]
    assert reasons == ["duplicate_paragraph", "whitespace", "signoff", "related"]
    duplicate = removed[0]
    assert duplicate.text.strip() == P1 and duplicate.start == REPORT.index(P1, REPORT.index(P1) + 1)
    tail = removed[-1]
    assert tail.text.startswith("الأخبار الأكثر قراءة") and tail.end == len(REPORT)
    # Offsets before the first removal hold for the input too.
    first = removed[0].start
    assert cleaned[:first] == REPORT[:first]


def test_signoff_without_publisher_is_a_short_last_line() -> None:
    cleaned, removed = clean_text(f"{P1}\n\n{P2}\n\nوكالة الأنباء\n")
    assert cleaned == f"{P1}\n\n{P2}"
    assert [s.reason for s in removed] == ["whitespace", "signoff"]


def test_short_text_is_not_mistaken_for_a_signoff() -> None:
    # Without a body before it, a short last line is the content itself.
    text = "قصف مدفعي\n\nمقتل مدنيين"
    assert clean_text(text) == (text, [])


@pytest.mark.parametrize("line", ["SHARE", "Share", "شارك", "مشاركة", "إغلاق", "close", "Back to top", "Copy link to Tweet", "Embed Tweet", "Report Tweet", "فيسبوك | تويتر | واتساب", "شارك على فيسبوك", "Facebook Twitter WhatsApp", "- طباعة -"])
def test_chrome_lines_are_removed_anywhere(line: str) -> None:
    text = f"{P1}\n{line}\n{P2}"
    cleaned, removed = clean_text(text)
    assert cleaned == f"{P1}\n{P2}"
    assert [(s.reason, s.text) for s in removed] == [("chrome", f"{line}\n")]


@pytest.mark.parametrize("heading, reason", [("المواضيع الأكثر قراءة", "related"), ("الأكثر قراءة", "related"), ("أخبار ذات صلة", "related"), ("مواضيع ذات صلة", "related"), ("Most Read", "related"), ("التعليقات", "comments"), ("تعليقات حول الموضوع", "comments"), ("أضف تعليق", "comments"), ("اقرأ أيضاً", "related"), ("اقرأ ايضا:", "related")])
def test_heading_after_the_body_removes_the_tail(heading: str, reason: str) -> None:
    text = f"{P1}\n\n{P2}\n\n{heading}\n\nمقتل ثلاثة أشخاص في غارة على سوق شعبي في ريف المدينة الشرقي\n\nتعليق قصير"
    cleaned, removed = clean_text(text)
    assert cleaned == f"{P1}\n\n{P2}"
    assert removed[-1].reason == reason and removed[-1].text.startswith(heading)
    assert removed[-1].end == len(text)


def test_heading_before_the_body_removes_only_its_line() -> None:
    text = f"الأكثر قراءة\n{P1}\n{P2}"
    cleaned, removed = clean_text(text)
    assert cleaned == f"{P1}\n{P2}"
    assert [s.reason for s in removed] == ["related"]


def test_read_also_inside_the_body_does_not_cut_the_rest() -> None:
    # "اقرأ أيضاً" may sit between body paragraphs: it opens a tail only when no paragraph of
    # body length follows it.
    text = f"{P1}\n\nاقرأ أيضاً\n\n{P2} {P3}\n\nاقرأ أيضاً: وزير الخارجية يبحث الملف الإنساني\n\n{P3}"
    cleaned, removed = clean_text(text)
    assert cleaned == f"{P1}\n\n{P2} {P3}\n\n{P3}"
    assert [s.reason for s in removed] == ["related", "related"]


def test_conflict_sentence_is_never_removed_as_a_link() -> None:
    line = "اقرأ أيضاً: مقتل خمسة مدنيين في قصف مدفعي استهدف سوقاً شعبياً في ريف إدلب الجنوبي"
    text = f"{P1}\n\n{line}\n\n{P2}"
    assert clean_text(text) == (text, [])


@pytest.mark.parametrize("line", ["وقال ناشطون إن صفحات على فيسبوك وتويتر نشرت صوراً للقصف", "شارك في الهجوم عشرات المسلحين القادمين من الجنوب", "التعليقات الرسمية على الغارة جاءت متأخرة"])
def test_body_lines_that_mention_chrome_words_stay(line: str) -> None:
    text = f"{P1}\n\n{line}\n\n{P2}"
    assert clean_text(text) == (text, [])


def test_short_repeated_lines_are_not_duplicates() -> None:
    text = f"{P1}\n***\n{P2}\n***\n{P3}"
    assert clean_text(text) == (text, [])


def test_duplicates_compare_after_whitespace_collapse() -> None:
    spaced = P2.replace(" ", "  ", 3) + "  "
    text = f"{P1}\r\n{P2}\r\n\t{spaced}\r\n{P3}"
    cleaned, removed = clean_text(text)
    assert cleaned == f"{P1}\r\n{P2}\r\n{P3}"
    assert [s.reason for s in removed] == ["duplicate_paragraph"]
    _check_offsets(text, cleaned, removed)


def test_leading_and_trailing_whitespace_is_recorded() -> None:
    text = f"\ufeff \n\n{P1}\n\n{P2}\n \u200f\n"
    cleaned, removed = clean_text(text)
    assert cleaned == f"{P1}\n\n{P2}"
    assert [s.reason for s in removed] == ["whitespace", "whitespace"]
    _check_offsets(text, cleaned, removed)


def test_nothing_to_clean_returns_the_text_unchanged() -> None:
    text = f"{TITLE}\n\n{P1}\n\n{P2}"
    assert clean_text(text) == (text, [])


def test_chrome_phrases_load_and_normalise() -> None:
    cleaner = Cleaner.from_yaml()
    assert "share" in cleaner.chrome_lines and chrome_key("إغلاق") in cleaner.chrome_lines
    assert chrome_key("اقرأ أيضاً") == chrome_key("إقرا ايضا") == "اقرا ايضا"
    assert cleaner.tail_reason[chrome_key("أضف تعليقاً")] == "comments"
    assert default_cleaner() is default_cleaner()


_PARAGRAPHS = [P1, P2, P3, TITLE, "SHARE", "close", "المرصد", "التعليقات", "الأكثر قراءة",
               "اقرأ أيضاً: عنوان آخر", "   ", "", "\u00a0", "قصف", "فيسبوك | تويتر"]


@settings(max_examples=300, deadline=None)
@given(
    pieces=st.lists(st.sampled_from(_PARAGRAPHS) | st.text(alphabet="ابت ثج\n\t ،.", max_size=30),
                    max_size=14),
    separators=st.lists(st.sampled_from(["\n", "\n\n", "\r\n", "\n \n", "\n\n\n"]), min_size=14, max_size=14),
)
def test_cleaned_text_is_the_kept_source_pieces(pieces: list[str], separators: list[str]) -> None:
    text = "".join(piece + sep for piece, sep in zip(pieces, separators, strict=False))
    cleaned, removed = clean_text(text)
    _check_offsets(text, cleaned, removed)
    assert cleaned == cleaned.strip()
    if cleaned:
        assert {s.reason for s in removed} <= {"duplicate_paragraph", "chrome", "related", "comments",
                                               "signoff", "whitespace"}
    kept_paragraphs = [" ".join(line.split()) for line in cleaned.splitlines() if line.split()]
    long_kept = [p for p in kept_paragraphs if len(p.split()) >= 3]
    assert len(long_kept) == len(set(long_kept)), "a duplicated paragraph survived"


def _seed_path() -> Path:
    # tests/ingest/<file> → the repository → its parent holds shared/ (the repo is a sibling of it).
    repo = Path(__file__).resolve().parents[2]
    return repo.parent / "shared" / "examples" / "seed-syrianews-2018-02-08.txt"


def test_seed_example_is_cleaned_right() -> None:
    path = _seed_path()
    if not path.is_file():
        pytest.skip(f"shared example not present: {path}")
    source = path.read_text("utf-8")
    cleaned, removed = default_cleaner().clean(source, publisher="سيريانيوز")
    _check_offsets(source, cleaned, removed)
    duplicates = [s for s in removed if s.reason == "duplicate_paragraph"]
    assert len(duplicates) == 1
    assert "المواضيع الأكثر قراءة" not in cleaned and "SHARE" not in cleaned and "close" not in cleaned
    assert "سيريانيوز" not in cleaned
    tail = [s for s in removed if s.text.startswith("المواضيع الأكثر قراءة")]
    assert len(tail) == 1 and tail[0].end == len(source)
    assert cleaned.endswith("منها.") and cleaned == cleaned.strip()
    assert cleaned[: duplicates[0].start] == source[: duplicates[0].start]
    # Without the publisher name the sign-off still goes: it is a one-word last line.
    assert clean_text(source)[0] == cleaned
