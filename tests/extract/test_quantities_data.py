"""The language data of numbers.yaml (and the cleanliness of casualties.yaml): clean, well formed,
loadable; bad files fail with a named error."""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import Any

import pytest
import yaml

from marsad.arabic.normalize import clean_chars, fold
from marsad.errors import LexiconError
from marsad.extract.casualties import CasualtyLexicon
from marsad.extract.quantities import QuantityLexicon


def _data(name: str) -> dict[str, Any]:
    data = yaml.safe_load((resources.files("marsad") / "data" / name).read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def _strings(node: Any) -> list[str]:
    if isinstance(node, str):
        return [node]
    if isinstance(node, dict):
        return [s for v in node.values() for s in _strings(v)]
    if isinstance(node, list):
        return [s for v in node for s in _strings(v)]
    return []


@pytest.mark.parametrize("name", ["numbers.yaml", "casualties.yaml"])
def test_every_string_is_clean(name: str) -> None:
    strings = _strings(_data(name))
    assert len(strings) > 100
    dirty = [s for s in strings if clean_chars(s) != s or s != s.strip() or "  " in s or not s]
    assert dirty == []


def test_number_tables_are_consistent() -> None:
    data = _data("numbers.yaml")
    assert sorted(data["units"]) == list(range(1, 11))
    assert sorted(data["tens"]) == list(range(20, 100, 10))
    assert sorted(data["hundreds"]) == list(range(100, 1000, 100))
    for entry in data["vague"]:
        assert 0 < entry["low"] < entry["high"]
    effects = {"approx", "more_than", "at_least", "less_than", "up_to", "exact"}
    assert set(data["hedges_before"]) <= effects
    assert set(data["hedges_after"]) <= effects


def test_month_names_cover_the_calendars() -> None:
    months = set(_data("numbers.yaml")["not_count_before"]["date"])
    for name in ("شباط", "حزيران", "كانون الثاني", "تشرين الأول", "يناير", "أغسطس", "جانفي", "جويلية",
                 "محرم", "رمضان", "ذو الحجة"):
        assert name in months


def test_lexicon_loads_from_package() -> None:
    lex = QuantityLexicon.load()
    assert lex.words[fold("ثلاثة")].value == 3
    assert lex.words[fold("مئتين")].value == 200


@pytest.mark.parametrize("cls", [QuantityLexicon, CasualtyLexicon])
def test_malformed_file_is_a_named_error(cls: type[QuantityLexicon] | type[CasualtyLexicon], tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("units: [1, 2]\n", encoding="utf-8")
    with pytest.raises(LexiconError):
        cls.load(bad)
    bad.write_text("- just a list\n", encoding="utf-8")
    with pytest.raises(LexiconError):
        cls.load(bad)
