"""A town of the country a document is about is a place without a preposition before it."""

from __future__ import annotations

import pytest
from conftest import pipeline_with_places, run_text

from marsad.pipeline import Pipeline

# seats rank 4 with the supplement bonus: a preposition or the country is needed, prominence is not enough
PLACES = """\
- {id: syria, feature: country, country: SY, name_en: Syria, names: [سوريا], lat: 34.64, lon: 39.05}
- {id: kuwait, feature: country, country: KW, name_en: Kuwait, names: [الكويت], lat: 29.27, lon: 47.50}
- {id: saraqib, feature: seat, country: SY, name_en: Saraqib, names: [سراقب], lat: 35.8647, lon: 36.8006}
- {id: fahaheel, feature: seat, country: KW, name_en: Al Fahahil, names: [الفحيحيل], lat: 29.0825, lon: 48.1303}
"""


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> Pipeline:
    return pipeline_with_places(tmp_path_factory.mktemp("gaz"), PLACES)


@pytest.mark.parametrize("text, name", [
    ("قصفت الطائرات الحربية سراقب بعشرات الصواريخ شمال غربي سوريا", "سراقب"),
    ("غمرت سيول الأمطار الفحيحيل وعددا من مناطق الكويت", "الفحيحيل"),
])
def test_a_town_of_the_documents_country_needs_no_preposition(small: Pipeline, text: str, name: str) -> None:
    assert name in [p.name for p in run_text(small, text).places]


@pytest.mark.parametrize("text", [
    "قصفت الطائرات الحربية سراقب بعشرات الصواريخ صباح اليوم",  # no country named
    "قصفت الطائرات الحربية سراقب بعشرات الصواريخ كما ذكرت صحف الكويت",  # another country
])
def test_without_the_country_a_bare_town_still_needs_context(small: Pipeline, text: str) -> None:
    assert "سراقب" not in [p.name for p in run_text(small, text).places]
