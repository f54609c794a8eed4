"""Words that look like place names only after a wrong clitic or suffix cut, names that begin with a
word that is itself a place somewhere, and the country that a report's local armed groups point to."""

from __future__ import annotations

import pytest
from conftest import pipeline_with_places, run_text

from marsad.model import Document
from marsad.pipeline import Pipeline

# Real places whose names collide with common words or with the first word of Syrian village names.
PLACES = """\
- {id: kano, feature: city, country: NG, name_en: Kano, names: [كانو], lat: 12.0002, lon: 8.5167, population: 3626068}
- {id: oujda, feature: city, country: MA, name_en: Oujda, names: [وجدة], lat: 34.6814, lon: -1.9086, population: 494252}
- {id: witt, feature: village, country: US, name_en: Witt, names: [ويت], lat: 39.2548, lon: -89.3465, population: 900}
- {id: tel-ps, feature: village, country: PS, name_en: Tell, names: [تل], lat: 32.2, lon: 35.2, population: 5000}
- {id: kenitra, feature: city, country: MA, name_en: Kenitra, names: [القنيطرة], lat: 34.261, lon: -6.5802, population: 470949}
- {id: quneitra, feature: town, country: SY, name_en: Al Qunaytirah, names: [القنيطرة], lat: 33.126, lon: 35.8246, population: 36143}
- {id: razkan, feature: village, country: IR, name_en: Razkan, names: [زركان], lat: 35.6259, lon: 51.1005, population: 5460}
- {id: idlib, feature: city, country: SY, admin1: Idlib, name_en: Idlib, names: [إدلب], lat: 35.9306, lon: 36.6339, population: 128840}
"""


@pytest.fixture(scope="module")
def pipeline(tmp_path_factory: pytest.TempPathFactory) -> Pipeline:
    return pipeline_with_places(tmp_path_factory.mktemp("gaz"), PLACES)


def places(doc: Document) -> list[tuple[str, str | None]]:
    return [(p.text, (p.resolved or {}).get("name_en")) for p in doc.places]


@pytest.mark.parametrize("text", [
    "قال ناشطون إن المدنيين كانوا في منازلهم حين قصفت الطائرات الحي أمس.",  # a plural verb, not Kano
    "قال ناشطون إن فرق الإنقاذ وجدتهما تحت الأنقاض بعد القصف أمس.",  # "found them", not Oujda
])
def test_verbs_with_plural_or_pronoun_endings_are_not_places(pipeline: Pipeline, text: str) -> None:
    assert places(run_text(pipeline, text)) == []


@pytest.mark.parametrize("text, expected", [
    # the camp's name begins with a word that is not "ك" + a village
    ("قتلت امرأة بقصف استهدف مخيم كويت الرحمة قرب إدلب أمس.", [("مخيم كويت الرحمة", None), ("قرب إدلب", "Idlib")]),
    # after a head word, "تل" begins an unknown village name; it is not a place called تل
    ("قصفت قوات النظام قرية تل سوسن قرب إدلب أمس.", [("قرية تل سوسن", None), ("قرب إدلب", "Idlib")]),
])
def test_unknown_names_after_a_head_word_stay_whole(pipeline: Pipeline, text: str,
                                                     expected: list[tuple[str, str | None]]) -> None:
    assert places(run_text(pipeline, text)) == expected


def test_local_armed_groups_point_to_their_country(pipeline: Pipeline) -> None:
    # with no other place named, prominence picks Kenitra; a report about the Syrian government's
    # forces picks the Syrian town
    assert places(run_text(pipeline, "قصفت الطائرات مدينة القنيطرة أمس.")) == [("مدينة القنيطرة", "Kenitra")]
    assert places(run_text(pipeline, "قصفت قوات النظام مدينة القنيطرة أمس.")) == [("مدينة القنيطرة", "Al Qunaytirah")]
    # and a hamlet abroad is then a coincidence of names, not a resolution
    doc = run_text(pipeline, "قصفت قوات سوريا الديمقراطية قرية زركان أمس.")
    assert places(doc) == [("قرية زركان", None)]
