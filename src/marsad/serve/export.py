"""The event exports: ACLED-style CSV rows and GeoJSON features, from ``Store.events`` summaries."""

from __future__ import annotations

import csv
import functools
import importlib.resources
import io
import json
import math
from collections.abc import Iterable, Mapping
from types import MappingProxyType
from typing import Any

import yaml

CSV_COLUMNS: tuple[str, ...] = (
    "event_id_cnty", "event_date", "time_precision", "disorder_type", "event_type", "sub_event_type",
    "actor1", "actor2", "country", "admin1", "location", "latitude", "longitude", "geo_precision",
    "source", "source_scale", "notes", "fatalities", "tags", "doc_id", "incident_id",
)

# ACLED's time_precision: 1 day, 2 week, 3 month. A year or an unknown date has no ACLED code and
# is left empty rather than rounded to 3.
TIME_PRECISION = {"day": "1", "week": "2", "month": "3"}

DISORDER_TYPE = {
    "Battles": "Political violence",
    "Explosions/Remote violence": "Political violence",
    "Violence against civilians": "Political violence",
    "Protests": "Demonstrations",
    "Riots": "Demonstrations",
    "Strategic developments": "Strategic developments",
}

# Cells that a spreadsheet would run as a formula (CSV injection): article text can begin with them.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@functools.cache
def country_names() -> Mapping[str, str]:
    """ISO 3166-1 alpha-2 -> English name, from the package's own country list (read once)."""
    text = importlib.resources.files("marsad").joinpath("data", "places_countries.yaml").read_text("utf-8")
    names = {str(e["country"]): str(e["name_en"]) for e in yaml.safe_load(text) or ()
             if isinstance(e, dict) and e.get("country") and e.get("name_en")}
    return MappingProxyType(names)


def _name(value: Any) -> str:
    if isinstance(value, Mapping):
        value = value.get("canonical") or value.get("text")
    return "" if value is None else str(value)


def _text_cell(value: Any) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def _number_cell(value: Any) -> str:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return ""
    if isinstance(value, float) and not math.isfinite(value):
        return ""
    return str(value)


def csv_row(event: Mapping[str, Any]) -> list[str]:
    """One ``Store.events`` summary as a row of ``CSV_COLUMNS``."""
    date = event.get("date") or {}
    loc = event.get("location") or {}
    doc = event.get("document") or {}
    country = loc.get("country")
    tags = []
    if event.get("background"):
        tags.append("background")
    if isinstance(event.get("injured"), int) and not isinstance(event.get("injured"), bool):
        tags.append(f"injured={event['injured']}")
    cells = {
        "event_id_cnty": _text_cell(event.get("id")),
        "event_date": _text_cell(date.get("start")),
        "time_precision": TIME_PRECISION.get(str(date.get("precision")), ""),
        "disorder_type": DISORDER_TYPE.get(str(event.get("event_type")), ""),
        "event_type": _text_cell(event.get("event_type")),
        "sub_event_type": _text_cell(event.get("sub_event_type")),
        "actor1": _text_cell(_name(event.get("actor1"))),
        "actor2": _text_cell(_name(event.get("actor2"))),
        "country": _text_cell(country_names().get(str(country), country) if country else ""),
        "admin1": _text_cell(loc.get("admin1")),
        "location": _text_cell(loc.get("name_en") or loc.get("text")),
        "latitude": _number_cell(loc.get("lat")),
        "longitude": _number_cell(loc.get("lon")),
        "geo_precision": _number_cell(loc.get("precision")),
        "source": _text_cell(doc.get("publisher")),
        "source_scale": "",
        "notes": _text_cell(doc.get("title")),
        "fatalities": _number_cell(event.get("fatalities")),
        "tags": "; ".join(tags),
        "doc_id": _text_cell(event.get("doc_id")),
        "incident_id": _text_cell(event.get("incident_id")),
    }
    return [cells[c] for c in CSV_COLUMNS]


def csv_text(rows: Iterable[list[str]]) -> str:
    """Rows as CSV text (RFC 4180: CRLF line ends, quotes where needed)."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerows(rows)
    return buf.getvalue()


def _coordinate(value: Any, bound: float) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value) if math.isfinite(value) and -bound <= value <= bound else None


def geojson_feature(event: Mapping[str, Any]) -> dict[str, Any] | None:
    """A GeoJSON Point feature for one event summary, or None when it has no usable coordinates."""
    loc = event.get("location") or {}
    lat, lon = _coordinate(loc.get("lat"), 90), _coordinate(loc.get("lon"), 180)
    if lat is None or lon is None:
        return None
    return {"type": "Feature", "id": event.get("id"),
            "geometry": {"type": "Point", "coordinates": [lon, lat]},
            "properties": dict(event)}


def json_text(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
