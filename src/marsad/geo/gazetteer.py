"""The gazetteer index: one SQLite schema for every source, and its read side.

Schema (``SCHEMA_VERSION``):
- ``places``: one row per place: id (``source:native id``), English and Arabic display names, feature
  type, country (ISO alpha-2), admin1 name, coordinates, population, prominence rank, source.
- ``names``: every name of a place with its normalised key (``marsad.arabic.normalize.fold``, tokens
  joined by one space) and its language.
- ``keys``: one row per Arabic key with the best rank among its places, so recognition can decide
  "is this a name, and how prominent can it be" from memory without a query per token.
- ``meta``: schema version, sources, counts and ``complete=1``, written last: an index without it
  is half-built and refused.

``Gazetteer`` keeps the Arabic keys in memory (a dict and a first-token table) and fetches the
places of a key from SQLite on demand, caching them per instance (the cache never changes results,
so a batch gives the same output however it is split).
"""

from __future__ import annotations

import math
import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from marsad.geo.errors import GazetteerError

SCHEMA_VERSION = "1"
INDEX_FILENAME = "gazetteer.sqlite"

SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE places (
    id TEXT PRIMARY KEY, name_en TEXT, name_ar TEXT, feature TEXT NOT NULL, country TEXT,
    admin1 TEXT, lat REAL NOT NULL, lon REAL NOT NULL, population INTEGER NOT NULL DEFAULT 0,
    rank REAL NOT NULL, source TEXT NOT NULL);
CREATE TABLE names (key TEXT NOT NULL, place_id TEXT NOT NULL, lang TEXT NOT NULL, name TEXT NOT NULL);
CREATE TABLE keys (key TEXT PRIMARY KEY, max_rank REAL NOT NULL, n INTEGER NOT NULL);
"""
INDEXES = "CREATE INDEX names_key ON names(key); CREATE INDEX names_place ON names(place_id);"

# Features that are areas larger than a town (ACLED geo-precision 3 when named alone).
PROVINCE_FEATURES = frozenset({"country", "admin1"})
REGION_FEATURES = frozenset({"admin2", "admin3", "region"})

_EARTH_KM = 6371.0088


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * _EARTH_KM * math.asin(min(1.0, math.sqrt(a)))


def destination(lat: float, lon: float, km: float, bearing_deg: float) -> tuple[float, float]:
    """The point ``km`` away from (lat, lon) on the initial bearing ``bearing_deg`` (great circle)."""
    d = km / _EARTH_KM
    b = math.radians(bearing_deg)
    p1, l1 = math.radians(lat), math.radians(lon)
    p2 = math.asin(math.sin(p1) * math.cos(d) + math.cos(p1) * math.sin(d) * math.cos(b))
    l2 = l1 + math.atan2(math.sin(b) * math.sin(d) * math.cos(p1), math.cos(d) - math.sin(p1) * math.sin(p2))
    return round(math.degrees(p2), 5), round((math.degrees(l2) + 540) % 360 - 180, 5)


@dataclass(frozen=True, slots=True)
class GazPlace:
    id: str
    name_en: str | None
    name_ar: str | None
    feature: str
    country: str | None
    admin1: str | None
    lat: float
    lon: float
    population: int
    rank: float
    source: str

    def as_dict(self) -> dict[str, object]:
        return {"gazetteer_id": self.id, "name_en": self.name_en, "name_ar": self.name_ar,
                "feature": self.feature, "country": self.country, "admin1": self.admin1,
                "lat": self.lat, "lon": self.lon, "population": self.population,
                "rank": round(self.rank, 2), "source": self.source}


def default_index_path() -> Path:
    """Where the index lives: ``$MARSAD_GAZETTEER`` (a file), else ``$MARSAD_HOME/gazetteer.sqlite``,
    else ``$XDG_DATA_HOME/marsad/gazetteer.sqlite`` (``~/.local/share/marsad/…``)."""
    explicit = os.environ.get("MARSAD_GAZETTEER")
    if explicit:
        return Path(explicit).expanduser()
    home = os.environ.get("MARSAD_HOME")
    if home:
        return Path(home).expanduser() / INDEX_FILENAME
    xdg = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(xdg).expanduser() / "marsad" / INDEX_FILENAME


_PLACE_COLS = "p.id, p.name_en, p.name_ar, p.feature, p.country, p.admin1, p.lat, p.lon, p.population, p.rank, p.source"


class Gazetteer:
    """Read side of an index file. Open once per process and share; it is never written."""

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        if not self.path.is_file():
            raise GazetteerError(
                f"gazetteer index {self.path} does not exist; build it with `marsad gazetteer build`")
        try:
            # check_same_thread=False: the index is opened read-only and only ever read
            self._db = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, check_same_thread=False)
            meta = dict(self._db.execute("SELECT key, value FROM meta").fetchall())
        except sqlite3.DatabaseError as exc:
            raise GazetteerError(
                f"gazetteer index {self.path} is not a readable marsad index ({exc}); "
                "rebuild it with `marsad gazetteer build`") from exc
        if meta.get("schema_version") != SCHEMA_VERSION:
            raise GazetteerError(
                f"gazetteer index {self.path} has schema {meta.get('schema_version')!r}, this marsad reads "
                f"{SCHEMA_VERSION!r}; rebuild it with `marsad gazetteer build`")
        if meta.get("complete") != "1":
            raise GazetteerError(
                f"gazetteer index {self.path} is half-built; rebuild it with `marsad gazetteer build`")
        self.meta = meta
        try:
            rows = self._db.execute("SELECT key, max_rank FROM keys").fetchall()
        except sqlite3.DatabaseError as exc:
            raise GazetteerError(f"gazetteer index {self.path} is corrupt ({exc}); rebuild it") from exc
        self.key_rank: dict[str, float] = dict(rows)
        first: dict[str, int] = {}
        prefixes: set[str] = set()
        second: dict[str, set[str]] = {}
        for key in self.key_rank:
            parts = key.split(" ")
            head = parts[0]
            if len(parts) > first.get(head, 0):
                first[head] = len(parts)
            if len(parts) > 1:
                second.setdefault(head, set()).add(parts[1])
                for k in range(1, len(parts)):
                    prefixes.add(" ".join(parts[:k]))
        self.first_token: dict[str, int] = first
        # first word of a multiword name -> the words that can follow it
        self.second_words: dict[str, frozenset[str]] = {k: frozenset(v) for k, v in second.items()}
        # every proper word prefix of a multiword name: a match grows only while it is one
        self.prefixes: frozenset[str] = frozenset(prefixes)
        self._cache: dict[str, tuple[GazPlace, ...]] = {}

    def __contains__(self, key: str) -> bool:
        return key in self.key_rank

    def candidates(self, key: str) -> tuple[GazPlace, ...]:
        """Places one of whose Arabic names has this normalised key, most prominent first."""
        got = self._cache.get(key)
        if got is not None:
            return got
        if key not in self.key_rank:
            return ()
        rows = self._db.execute(
            f"SELECT DISTINCT {_PLACE_COLS} FROM names n JOIN places p ON p.id = n.place_id "
            "WHERE n.key = ? AND n.lang = 'ar' ORDER BY p.rank DESC", (key,)).fetchall()
        got = tuple(GazPlace(*r) for r in rows)
        if len(self._cache) > 50_000:
            self._cache.clear()
        self._cache[key] = got
        return got

    def lookup(self, name: str, limit: int = 20) -> list[GazPlace]:
        """Places named ``name`` in any language (Arabic names through the normaliser)."""
        from marsad.geo.names import name_key

        key = name_key(name)
        rows = self._db.execute(
            f"SELECT DISTINCT {_PLACE_COLS} FROM names n JOIN places p ON p.id = n.place_id "
            "WHERE n.key = ? ORDER BY p.rank DESC LIMIT ?", (key, limit)).fetchall()
        return [GazPlace(*r) for r in rows]

    def get(self, place_id: str) -> GazPlace | None:
        row = self._db.execute(f"SELECT {_PLACE_COLS} FROM places p WHERE p.id = ?", (place_id,)).fetchone()
        return GazPlace(*row) if row else None

    def by_country(self, country: str, feature: str) -> GazPlace | None:
        row = self._db.execute(
            f"SELECT {_PLACE_COLS} FROM places p WHERE p.country = ? AND p.feature = ? ORDER BY p.rank DESC",
            (country, feature)).fetchone()
        return GazPlace(*row) if row else None

    def info(self) -> dict[str, object]:
        counts = dict(self._db.execute("SELECT source, COUNT(*) FROM places GROUP BY source").fetchall())
        n_names = self._db.execute("SELECT COUNT(*) FROM names").fetchone()[0]
        return {"path": str(self.path), "size_bytes": self.path.stat().st_size, "meta": self.meta,
                "places_by_source": counts, "names": n_names, "arabic_keys": len(self.key_rank)}

    def close(self) -> None:
        self._db.close()
