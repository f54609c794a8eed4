"""The gazetteer index: building from each source layout, reading it, and refusing bad files."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from marsad.geo.build import build_index, key_variants
from marsad.geo.errors import GazetteerError
from marsad.geo.gazetteer import Gazetteer, destination, haversine_km
from marsad.geo.names import is_arabic_name, name_key

SUPPLEMENT = """\
- {id: t-dez, feature: city, country: SY, admin1: Deir ez-Zor, name_en: Deir ez-Zor, names: [دير الزور], lat: 35.33588, lon: 40.14084, population: 240000}
- {id: t-salihiyah-dez, feature: village, country: SY, admin1: Deir ez-Zor, name_en: As Salihiyah (DeZ), names: [الصالحية], lat: 35.36, lon: 40.18}
- {id: t-salihiyah-alp, feature: village, country: SY, admin1: Aleppo, name_en: As Salihiyah (Aleppo), names: [الصالحية], lat: 36.5027, lon: 37.2608}
- {id: t-petra, feature: town, country: JO, name_en: Petra, names: [البتراء], lat: 30.32, lon: 35.48, population: 14000}
"""
WOF_HEADER = ("wof_id\tcountry\tplacetype\tname\tname_ara\tara_variants\tara_dialect_names\teng_names\tlat\tlon\t"
              "lbl_lat\tlbl_lon\tregion_id\tregion\tcounty_id\tcounty\tparent_id\tpopulation\tgn_id\twd_id\t"
              "is_current\tdeprecated\tlastmodified")
WOF_ROWS = [
    "11\tSY\tregion\tDeir ez-Zor\tمحافظة دير الزور\t\t\tDeir ez-Zor Governorate\t35.14\t40.32\t\t\t11\tDeir ez-Zor\t\t\t1\t0\t\t\t1\t\t0",
    "12\tSY\tlocality\tKhasham\tKhusham\tخشام\t\t\t35.30088\t40.28916\t\t\t11\tDeir ez-Zor\t\t\t11\t0\t\t\t-1\t\t0",
    "13\tSY\tlocality\tOld\tقديمة\t\t\t\t35.0\t40.0\t\t\t11\tDeir ez-Zor\t\t\t11\t0\t\t\t0\t\t0",
]


def write_sources(tmp: Path) -> tuple[Path, Path]:
    sup = tmp / "sup.yaml"
    sup.write_text(SUPPLEMENT, encoding="utf-8")
    wof = tmp / "wof_sy.tsv"
    wof.write_text("\n".join([WOF_HEADER, *WOF_ROWS]) + "\n", encoding="utf-8")
    return sup, wof


@pytest.fixture()
def index(tmp_path: Path) -> Path:
    sup, wof = write_sources(tmp_path)
    path = tmp_path / "gaz.sqlite"
    build_index(path, default=False, wof=[wof], supplements=[sup])
    return path


def test_build_merges_sources_and_finds_arabic_keys(index: Path) -> None:
    gaz = Gazetteer(index)
    assert "دير الزور" in gaz and "خشام" in gaz
    khasham = gaz.candidates("خشام")
    assert [(p.id, p.admin1) for p in khasham] == [("wof:12", "Deir ez-Zor")]
    assert "قديمه" not in gaz  # a WOF record that is no longer current is left out


def test_candidates_are_most_prominent_first(index: Path) -> None:
    places = Gazetteer(index).candidates("الصالحيه")
    assert {p.admin1 for p in places} == {"Deir ez-Zor", "Aleppo"}
    assert places[0].rank >= places[-1].rank


@pytest.mark.parametrize("name, expected_id", [("دير الزور", "sup:t-dez"), ("Deir ez-Zor", "sup:t-dez"),
                                               ("البترا", "sup:t-petra"), ("ديرالزور", "sup:t-dez")])
def test_lookup_by_arabic_english_and_variant_spellings(index: Path, name: str, expected_id: str) -> None:
    assert expected_id in [p.id for p in Gazetteer(index).lookup(name)]


def test_missing_index_is_a_named_error(tmp_path: Path) -> None:
    with pytest.raises(GazetteerError, match="does not exist.*marsad gazetteer build"):
        Gazetteer(tmp_path / "none.sqlite")


def test_corrupt_index_is_a_named_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.sqlite"
    bad.write_bytes(b"this is not sqlite at all" * 100)
    with pytest.raises(GazetteerError, match="bad.sqlite"):
        Gazetteer(bad)


def test_half_built_index_is_refused(index: Path) -> None:
    db = sqlite3.connect(index)
    db.execute("DELETE FROM meta WHERE key = 'complete'")
    db.commit()
    db.close()
    with pytest.raises(GazetteerError, match="half-built"):
        Gazetteer(index)


def test_unknown_dump_layout_is_a_named_error(tmp_path: Path) -> None:
    odd = tmp_path / "odd.tsv"
    odd.write_text("a\tb\tc\n1\t2\t3\n", encoding="utf-8")
    with pytest.raises(GazetteerError, match="odd.tsv"):
        build_index(tmp_path / "x.sqlite", default=False, geonames=[odd], supplements=[])
    with pytest.raises(GazetteerError, match="not the WOF TSV layout"):
        build_index(tmp_path / "x.sqlite", default=False, wof=[odd], supplements=[])


def test_failed_build_keeps_the_working_index(index: Path, tmp_path: Path) -> None:
    before = index.read_bytes()
    odd = tmp_path / "odd.tsv"
    odd.write_text("nonsense\n", encoding="utf-8")
    with pytest.raises(GazetteerError):
        build_index(index, default=False, wof=[odd], supplements=[])
    assert index.read_bytes() == before
    assert "خشام" in Gazetteer(index)
    assert not list(tmp_path.glob(".*.tmp"))


def test_geonames_dump_and_alternate_names(tmp_path: Path) -> None:
    dump = tmp_path / "SY.txt"
    row = ["170063", "Aleppo", "Aleppo", "Alep,حلب", "36.20124", "37.16117", "P", "PPLA", "SY", "", "09", "", "", "",
           "1602264", "", "390", "Asia/Damascus", "2020-01-01"]
    dump.write_text("\t".join(row) + "\n", encoding="utf-8")
    alt = tmp_path / "alternateNames.txt"
    alt.write_text("1\t170063\tar\tالشهباء\t\t\t\t\n", encoding="utf-8")
    path = tmp_path / "g.sqlite"
    build_index(path, default=False, geonames=[dump, alt], supplements=[])
    gaz = Gazetteer(path)
    assert [p.id for p in gaz.candidates("حلب")] == ["gn:170063"]
    assert [p.id for p in gaz.candidates("الشهباء")] == ["gn:170063"]


@pytest.mark.parametrize("name, arabic", [("دير الزور", True), ("Khushām", False), ("اسکندریه", True),
                                          ("پیشاور", False), ("", False)])
def test_which_names_are_indexed_as_arabic(name: str, arabic: bool) -> None:
    assert is_arabic_name(name) is arabic


@pytest.mark.parametrize("name, key", [("دير الزور", "دير الزور"), ("الرقّة", "الرقه"), ("رأس العين", "راس العين"),
                                       ("حفر_الباطن", "حفر الباطن")])
def test_name_keys_use_the_text_normaliser(name: str, key: str) -> None:
    assert name_key(name) == key


def test_key_variants() -> None:
    assert key_variants("البتراء") == ["البتراء", "البترا"]
    assert key_variants("حفر الباطن") == ["حفر الباطن", "حفرالباطن"]


def test_destination_is_the_stated_distance_and_bearing() -> None:
    lat, lon = destination(35.33588, 40.14084, 20, 45)
    assert abs(haversine_km(35.33588, 40.14084, lat, lon) - 20) < 0.1
    assert lat > 35.33588 and lon > 40.14084
