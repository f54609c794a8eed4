"""A run of headline-like lines that is the site's list of other stories is removed as "related";
lists of like items (the dead of one family, a roundup's bullets) and posts written line by line stay."""

from __future__ import annotations

import datetime as dt

import pytest

from marsad.clean import clean_text
from marsad.ingest import RawDocument
from marsad.model import DocMeta
from marsad.pipeline import Pipeline

OTHER_STORIES = [
    "افتتاح معرض للكتاب في مدينة الحسكة بمشاركة عشرات دور النشر",
    "ارتفاع أسعار الخبز في أسواق القامشلي مع بداية الشتاء",
    "اغتيال قيادي في حركة مسلحة بغارة على مدينة خان يونس",
    "فريق الجهاد يفوز على فريق عامودا في بطولة المنطقة",
    "الجيش الكويتي يعلن اعتراض طائرات مسيرة فوق منشآت نفطية",
    "وزير الصحة يفتتح مستوصفا جديدا في ريف دمشق",
    "مهرجان للتراث الشعبي في مدينة عامودا يستقطب الزوار",
    "انقطاع الكهرباء عن أحياء واسعة في مدينة اللاذقية",
    "توقيع اتفاقية لتأهيل الطرق الزراعية في ريف الرقة",
    "اجتماع لبحث عودة النازحين إلى قراهم في ريف حلب",
]
ARTICLE = ("قصفت المدفعية التركية صباح اليوم قرية الطويلة في ريف تل تمر، ما أدى إلى إصابة امرأة وطفلها "
           "بجروح، بحسب ما أفاد به مراسلنا في المنطقة.")


def _removed_related(text: str) -> list[str]:
    _, removed = clean_text(text)
    return [r.text.strip() for r in removed if r.reason == "related"]


def test_a_sidebar_after_the_article_is_removed() -> None:
    text = ARTICLE + "\n\n" + "\n\n".join(OTHER_STORIES[:7])
    cleaned, _ = clean_text(text)
    assert cleaned == ARTICLE
    assert _removed_related(text) == OTHER_STORIES[:7]


def test_a_page_of_other_stories_keeps_its_own_headline() -> None:
    head = "إصابة امرأة وطفلها بقصف تركي على قرية الطويلة"
    text = head + "\n\n" + "\n\n".join(OTHER_STORIES)
    cleaned, _ = clean_text(text)
    assert cleaned == head

    doc = Pipeline.default().process_raw(
        RawDocument("s", text, None, DocMeta(published=dt.date(2024, 8, 2)), "s")).doc
    assert doc is not None
    assert {e.event_type for e in doc.events} <= {"Explosions/Remote violence"}  # no Gaza, no Kuwait


@pytest.mark.parametrize("lines", [
    # one family's dead, one per line: they share the family name
    ["سلمى خالد الحسين 7 سنوات", "أحمد خالد الحسين 12 سنة", "ليلى خالد الحسين 15 سنة",
     "محمد خالد الحسين 19 سنة", "فاطمة خالد الحسين 40 سنة", "خالد محمود الحسين 45 سنة"],
    # the dead under one word
    ["الشهيد سامر العلي من بلدة البارة", "الشهيد وليد الخطيب من قرية احسم", "الشهيد أنس الحمود من كفرنبل",
     "الشهيد ماهر السعيد من معرة النعمان", "الشهيد ياسر الحسن من سرمين", "الشهيد عمر الأحمد من بنش"],
    # a roundup's bullets
    ["• قصف مدفعي على بلدة البارة دون إصابات", "• غارة جوية على أطراف بلدة احسم", "• اشتباكات على محور كفرنبل",
     "• قذائف على أطراف معرة النعمان", "• استهداف سيارة قرب سرمين", "• تحليق مكثف للطيران فوق بنش"],
])
def test_lists_of_like_items_stay(lines: list[str]) -> None:
    text = ARTICLE + "\n\n" + "\n\n".join(lines)
    assert _removed_related(text) == []


def test_a_short_post_written_line_by_line_stays() -> None:
    post = ["قصف مدفعي عنيف على بلدة كفرنبل منذ ساعات", "استشهاد طفلين وإصابة امرأة بجروح خطيرة",
            "فرق الدفاع المدني تنتشل الضحايا من تحت الأنقاض", "المدفعية المتمركزة في معسكر جورين مصدر القصف",
            "نزوح عشرات العائلات نحو المخيمات الحدودية", "دعوات للأهالي بالابتعاد عن التجمعات"]
    assert _removed_related("\n".join(post)) == []
