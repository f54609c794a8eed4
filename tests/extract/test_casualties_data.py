"""The casualty lexicon (casualties.yaml): categories, groups and noun forms are consistent."""

from __future__ import annotations

from importlib import resources
from typing import Any

import yaml

from marsad.arabic.normalize import fold
from marsad.extract.casualties import CATEGORIES, GROUPS, CasualtyLexicon


def _data(name: str) -> dict[str, Any]:
    data = yaml.safe_load((resources.files("marsad") / "data" / name).read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def test_casualty_tables_are_consistent() -> None:
    data = _data("casualties.yaml")
    assert set(data["triggers"]) <= {*CATEGORIES, "neutral"}
    assert {v["group"] for v in data["victims"]} <= set(GROUPS)
    assert {c["category"] for c in data["casualty_nouns"]} <= set(CATEGORIES)
    # a form is one kind of noun only: a dual is never also listed as a plural
    seen: dict[str, str] = {}
    for entry in data["victims"] + data["casualty_nouns"]:
        for number in ("singular", "dual", "plural"):
            for form in entry.get(number) or ():
                assert seen.setdefault(form, number) == number, form


def test_lexicon_loads_from_package() -> None:
    lex = CasualtyLexicon.load()
    assert lex.index[fold("مقتل")].trigger == "killed"
    noun = lex.index["ال" + fold("مدنيين")].noun
    assert noun is not None and noun.group == "civilians" and noun.definite
    dual = lex.index[fold("قتيلان")].noun
    assert dual is not None and dual.category == "killed" and dual.number == "dual"
