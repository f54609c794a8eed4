"""The calendar lexicon, the tabular Hijri conversion and weekday arithmetic."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from marsad.arabic.normalize import clean_chars, fold
from marsad.errors import LexiconError
from marsad.extract.dates import (
    DEFAULT_PATH,
    Calendar,
    gregorian_to_hijri,
    hijri_to_gregorian,
    resolve_weekday,
)

RAW = yaml.safe_load(DEFAULT_PATH.read_text(encoding="utf-8"))


def strings(node: Any) -> list[str]:
    if isinstance(node, str):
        return [node]
    if isinstance(node, dict):
        return [s for k, v in node.items() for s in strings(k) + strings(v)]
    if isinstance(node, list):
        return [s for v in node for s in strings(v)]
    return []


def test_every_entry_is_clean_text() -> None:
    dirty = [s for s in strings(RAW) if clean_chars(s) != s]
    assert dirty == []


def test_every_month_and_weekday_has_names() -> None:
    cal = Calendar.load()
    assert sorted(set(cal.months.values())) == list(range(1, 13))
    assert sorted(set(cal.hijri_months.values())) == list(range(1, 13))
    assert sorted(set(cal.weekdays.values())) == list(range(7))
    assert sorted(set(cal.ordinals.values())) == list(range(1, 32))


@pytest.mark.parametrize(("name", "month"), [
    ("شباط", 2), ("فبراير", 2), ("فيفري", 2), ("كانون الثاني", 1), ("جانفي", 1), ("أيار", 5), ("ايار", 5),
    ("ماي", 5), ("جوان", 6), ("يونيه", 6), ("حزيران", 6), ("جويلية", 7), ("يوليوز", 7), ("آب", 8),
    ("أوت", 8), ("غشت", 8), ("أغسطس", 8), ("شتنبر", 9), ("أيلول", 9), ("تشرين الأول", 10),
    ("نونبر", 11), ("تشرين الثاني", 11), ("دجنبر", 12), ("كانون الأول", 12), ("إبريل", 4), ("أفريل", 4),
])
def test_month_names_are_folded_at_load(name: str, month: int) -> None:
    assert Calendar.load().months[fold(name)] == month


def test_calendar_is_immutable() -> None:
    cal = Calendar.load()
    with pytest.raises(dataclasses.FrozenInstanceError):
        cal.week_start = 0  # type: ignore[misc]
    with pytest.raises(TypeError):
        cal.months["x"] = 1  # type: ignore[index]


def test_dirty_entry_is_a_lexicon_error() -> None:
    raw = dict(RAW)
    raw["months"] = {**RAW["months"], 2: ["شُباط"]}
    with pytest.raises(LexiconError):
        Calendar.from_dict(raw)


def test_missing_file_is_a_lexicon_error(tmp_path: Path) -> None:
    with pytest.raises(LexiconError):
        Calendar.load(tmp_path / "absent.yaml")


def test_bad_weekdays_is_a_lexicon_error() -> None:
    raw = dict(RAW)
    raw["weekdays"] = {"monday": ["الاثنين"]}
    with pytest.raises(LexiconError):
        Calendar.from_dict(raw)


# Announced (moon-sighted) dates; the tabular calendar must be within two days of each.
KNOWN_HIJRI = [
    ((1445, 9, 1), "2024-03-11"),   # 1 Ramadan 1445
    ((1444, 10, 1), "2023-04-21"),  # Eid al-Fitr 1444
    ((1438, 12, 10), "2017-09-01"),  # Eid al-Adha 1438
    ((1440, 1, 1), "2018-09-11"),   # 1 Muharram 1440
    ((1439, 5, 22), "2018-02-08"),
]


@pytest.mark.parametrize(("hijri", "announced"), KNOWN_HIJRI)
def test_hijri_within_two_days(hijri: tuple[int, int, int], announced: str) -> None:
    assert abs((hijri_to_gregorian(*hijri) - dt.date.fromisoformat(announced)).days) <= 2


@given(st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 12, 31)))
def test_hijri_round_trip(date: dt.date) -> None:
    assert hijri_to_gregorian(*gregorian_to_hijri(date)) == date


@pytest.mark.parametrize(("published", "weekday", "strict", "expected"), [
    ("2018-02-08", 3, False, "2018-02-08"),
    ("2018-02-08", 3, True, "2018-02-01"),
    ("2018-02-08", 2, False, "2018-02-07"),
    ("2018-02-08", 4, False, "2018-02-02"),
    ("2018-01-01", 5, True, "2017-12-30"),
])
def test_resolve_weekday(published: str, weekday: int, strict: bool, expected: str) -> None:
    got = resolve_weekday(dt.date.fromisoformat(published), weekday, strictly_before=strict)
    assert got == dt.date.fromisoformat(expected)
