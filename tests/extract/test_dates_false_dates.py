"""Numbers, names and words that look like dates but are not."""

from __future__ import annotations

import datetime as dt

import pytest
from conftest import text_doc

from marsad.extract.dates import Calendar, find_dates

CAL = Calendar.load()
THU = dt.date(2018, 2, 8)


make_doc = text_doc  # the shared builder of a document with its text layer


def surfaces(text: str) -> list[str]:
    return [text[m.start:m.end] for m in find_dates(make_doc(text, THU), CAL)]


NOT_DATES = [
    "البلدة محاصرة منذ عامين ولم تدخلها المساعدات",  # a duration, not a date
    "شهدت المنطقة معارك قبل سنوات",  # too vague
    "قصفت الطائرات بلدة تبعد 20 كلم شمال شرق المدينة",
    "أسقطت طائرة من نوع سو-22 فوق الرقة",
    "أصيب 25 عنصراً من القوات في الحادثة",
    "توجه أحد فصائل القوات الشعبية إلى المنطقة",
    "وصل الرتل الأول إلى أطراف البلدة",
    "قال جمعة الأحمد إن القصف مستمر",
    "قتل الاثنين معا في الغارة",
    "تحدث كلا الاثنين عن القصف",
    "قال رمضان الحسن إن الطائرات عادت",
    "تقدمت القوات نحو سد تشرين شرق حلب",
    "سيطرت الفصائل على مزرعة تشرين",
    "مارس الجيش ضغوطا على الفصائل",
    "في مارس الجيش ضغوطا",
    "ما زالت ذكرى حرب حزيران حاضرة",
    "قال المدعي العام الحالي إن التحقيق مستمر",
    "عادت القوات في اليوم التالي",
    "وفي ذلك اليوم قصفت الطائرات",
    "قتل 2017 شخصا في المعارك",
    "وصل في 2017 مقاتلا إلى الجبهة",
    "وقع الهجوم في 31 نيسان",
    "وقع الهجوم في 30 شباط",
    "وصل الوفد منذ أيام",
    "بلغت الخسائر 7.5 مليون دولار",
    "انتهت المباراة 3 صفر لصالح الفريق",
    "هذا الفعل 2 محرم دوليا",
]


@pytest.mark.parametrize("text", NOT_DATES)
def test_no_date(text: str) -> None:
    assert surfaces(text) == []


# The date is there, but the trap next to it is not read.
PARTLY = [
    ("في 7 شباط توجه أحد فصائل القوات", ["7 شباط"]),
    ("يوم الخميس أصيب 25 عنصراً على بعد 20 كلم", ["يوم الخميس"]),
    ("أسقطت طائرة سو-22 في 18 حزيران", ["18 حزيران"]),
    ("وكان التحالف أصدر في وقت سابق من يوم الخميس بيانا", ["يوم الخميس"]),
    ("صلى الناس الجمعة ثم خرجوا", ["الجمعة"]),
    # An impossible day keeps only what is certain: the month and year.
    ("وقع الهجوم في 29 شباط 2019", ["شباط 2019"]),
]


@pytest.mark.parametrize(("text", "expected"), PARTLY)
def test_only_the_date(text: str, expected: list[str]) -> None:
    assert surfaces(text) == expected
