"""The seed report (shared data, read-only): the dates it holds and the traps it sets."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from marsad.arabic.normalize import normalize
from marsad.arabic.tokens import tokenize
from marsad.extract.dates import Calendar, find_dates
from marsad.model import DocMeta, Document

SEED = Path(__file__).resolve().parents[3] / "shared" / "examples" / "seed-syrianews-2018-02-08.txt"


@pytest.fixture(scope="module")
def seed_dates() -> list[tuple[str, dt.date | None, int]]:
    if not SEED.exists():
        pytest.skip(f"seed report not found at {SEED} (shared data lives beside the checkout)")
    text = SEED.read_text(encoding="utf-8")
    doc = Document(id="seed", text=text, meta=DocMeta(published=dt.date(2018, 2, 8)), source_text=text)
    doc.norm = normalize(text)
    doc.tokens = tokenize(doc.norm)
    return [(text[m.start:m.end], m.value.start, m.start) for m in find_dates(doc, Calendar.load())]


def test_seed_dates(seed_dates: list[tuple[str, dt.date | None, int]]) -> None:
    found = [(surface, start) for surface, start, _ in seed_dates]
    thursday, feb7, june18 = dt.date(2018, 2, 8), dt.date(2018, 2, 7), dt.date(2017, 6, 18)
    # Twice in the duplicated paragraph, once in "في وقت سابق من يوم الخميس".
    assert found == [("يوم الخميس", thursday), ("يوم الخميس", thursday), ("7 شباط", feb7),
                     ("يوم الخميس", thursday), ("18 حزيران", june18)]


def test_seed_traps(seed_dates: list[tuple[str, dt.date | None, int]]) -> None:
    text = SEED.read_text(encoding="utf-8")
    for trap in ("20 كلم", "سو-22", "25 عنصراً", "أحد فصائل", "150 عنصراً"):
        at = text.index(trap)
        assert all(not (start <= at < start + len(surface)) and surface not in trap
                   for surface, _, start in seed_dates), trap
