"""Query parameters of the list and export endpoints: names, checks, and their OpenAPI description.

One table (``FILTERS``) says what each parameter is; the parsers reject unknown names
(400 ``unknown_filter``) and bad values (400 ``invalid_value``, every bad field named at once), and
build the store's ``EventQuery`` / ``IncidentQuery``. An empty value (``?actor=``, as an HTML
form sends it) counts as not given.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Literal, cast

from starlette.datastructures import QueryParams

from marsad.acled import ACLED_TYPES, SUB_EVENT_TYPES
from marsad.serve.errors import ApiError
from marsad.store.base import EventQuery, IncidentQuery

MAX_TEXT = 200  # longest free-text filter (actor, q, ids)
MAX_CURSOR = 1000

_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_INT = re.compile(r"[0-9]{1,9}")
_COUNTRY = re.compile(r"[A-Za-z]{2}")


@dataclass(frozen=True)
class Filter:
    name: str
    schema: dict[str, Any]
    description: str
    repeatable: bool = False


FILTERS: dict[str, Filter] = {f.name: f for f in (
    Filter("bbox", {"type": "string", "example": "35.5,32.3,42.4,37.4"},
           "min_lon,min_lat,max_lon,max_lat (WGS84 degrees); events without coordinates never match"),
    Filter("date_from", {"type": "string", "format": "date"},
           "YYYY-MM-DD, inclusive: events whose dates overlap [date_from, date_to]"),
    Filter("date_to", {"type": "string", "format": "date"}, "YYYY-MM-DD, inclusive"),
    Filter("event_type", {"type": "array", "items": {"type": "string", "enum": list(ACLED_TYPES)}},
           "ACLED event type; repeat for any of several", repeatable=True),
    Filter("sub_event_type", {"type": "array", "items": {"type": "string", "enum": sorted(SUB_EVENT_TYPES)}},
           "ACLED sub-event type; repeat for any of several", repeatable=True),
    Filter("actor", {"type": "string", "maxLength": MAX_TEXT},
           "case-insensitive part of either actor's name"),
    Filter("country", {"type": "string", "pattern": "^[A-Za-z]{2}$"},
           "ISO 3166-1 alpha-2 code of the event's location"),
    Filter("q", {"type": "string", "maxLength": MAX_TEXT},
           "case-insensitive text: place, actors, trigger, document title"),
    Filter("background", {"type": "string", "enum": ["exclude", "include", "only"], "default": "exclude"},
           "events a report mentions as earlier context"),
    Filter("incident_id", {"type": "string", "maxLength": MAX_TEXT}, "events of this incident"),
    Filter("doc_id", {"type": "string", "maxLength": MAX_TEXT}, "events of this document"),
    Filter("limit", {"type": "integer", "minimum": 1}, "how many items at most"),
    Filter("cursor", {"type": "string"}, "the next_cursor of the previous page"),
)}

EVENT_FILTERS = ("bbox", "date_from", "date_to", "event_type", "sub_event_type", "actor", "country", "q",
                 "background", "incident_id", "doc_id", "limit", "cursor")
EXPORT_FILTERS = tuple(name for name in EVENT_FILTERS if name != "cursor")
INCIDENT_FILTERS = ("bbox", "date_from", "date_to", "event_type", "country", "limit", "cursor")


@dataclass(frozen=True)
class Limits:
    default: int
    maximum: int


PAGE_LIMITS = Limits(100, 1000)
EXPORT_LIMITS = Limits(10_000, 100_000)


def openapi_parameters(names: Iterable[str], limits: Limits) -> list[dict[str, Any]]:
    """The OpenAPI ``parameters`` of an endpoint taking ``names`` (its query is parsed by hand, so
    FastAPI cannot describe it)."""
    out = []
    for name in names:
        f = FILTERS[name]
        schema = dict(f.schema)
        if name == "limit":
            schema.update(maximum=limits.maximum, default=limits.default)
        param: dict[str, Any] = {"name": name, "in": "query", "required": False, "schema": schema,
                                 "description": f.description}
        if f.repeatable:
            param.update(style="form", explode=True)
        out.append(param)
    return out


class _Reader:
    """Reads one endpoint's query, collecting every problem before raising one error."""

    def __init__(self, params: QueryParams, allowed: Iterable[str]) -> None:
        self.params = params
        allowed = set(allowed)
        unknown = sorted({key for key in params if key not in allowed})
        if unknown:
            names = ", ".join(f"'{k}'" for k in unknown)
            raise ApiError(400, "unknown_filter",
                           f"unknown query parameter{'s' if len(unknown) > 1 else ''} {names}; "
                           f"this endpoint takes: {', '.join(sorted(allowed))}",
                           [{"field": k, "problem": "not a filter of this endpoint"} for k in unknown])
        self.problems: list[dict[str, str]] = []

    def bad(self, name: str, problem: str) -> None:
        self.problems.append({"field": name, "problem": problem})

    def one(self, name: str) -> str | None:
        values = [v.strip() for v in self.params.getlist(name)]
        values = [v for v in values if v]
        if len(values) > 1:
            self.bad(name, "given more than once")
            return None
        return values[0] if values else None

    def many(self, name: str) -> tuple[str, ...]:
        return tuple(dict.fromkeys(v.strip() for v in self.params.getlist(name) if v.strip()))

    def text(self, name: str) -> str | None:
        value = self.one(name)
        if value is not None and len(value) > MAX_TEXT:
            self.bad(name, f"longer than {MAX_TEXT} characters")
            return None
        return value

    def date(self, name: str) -> dt.date | None:
        value = self.one(name)
        if value is None:
            return None
        if not _DATE.fullmatch(value):
            self.bad(name, f"{value!r} is not a date of the form YYYY-MM-DD")
            return None
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            self.bad(name, f"{value!r} is not a calendar date")
            return None

    def bbox(self) -> tuple[float, float, float, float] | None:
        value = self.one("bbox")
        if value is None:
            return None
        parts = value.split(",")
        if len(parts) != 4:
            self.bad("bbox", "expected four numbers: min_lon,min_lat,max_lon,max_lat")
            return None
        try:
            numbers = [float(p) for p in parts]
        except ValueError:
            self.bad("bbox", "expected four numbers: min_lon,min_lat,max_lon,max_lat")
            return None
        min_lon, min_lat, max_lon, max_lat = numbers
        if not all(math.isfinite(n) for n in numbers):
            self.bad("bbox", "numbers must be finite")
        elif not (-180 <= min_lon <= 180 and -180 <= max_lon <= 180):
            self.bad("bbox", "longitudes must be between -180 and 180")
        elif not (-90 <= min_lat <= 90 and -90 <= max_lat <= 90):
            self.bad("bbox", "latitudes must be between -90 and 90")
        elif min_lon > max_lon or min_lat > max_lat:
            self.bad("bbox", "the minimum is greater than the maximum")
        else:
            return (min_lon, min_lat, max_lon, max_lat)
        return None

    def date_range(self) -> tuple[dt.date | None, dt.date | None]:
        start, end = self.date("date_from"), self.date("date_to")
        if start and end and start > end:
            self.bad("date_to", "date_to is earlier than date_from")
        return start, end

    def event_types(self) -> tuple[str, ...]:
        values = self.many("event_type")
        for v in values:
            if v not in ACLED_TYPES:
                self.bad("event_type", f"{v!r} is not an ACLED event type ({'; '.join(ACLED_TYPES)})")
        return values

    def sub_event_types(self) -> tuple[str, ...]:
        values = self.many("sub_event_type")
        for v in values:
            if v not in SUB_EVENT_TYPES:
                self.bad("sub_event_type", f"{v!r} is not an ACLED sub-event type")
        return values

    def country(self) -> str | None:
        value = self.one("country")
        if value is not None and not _COUNTRY.fullmatch(value):
            self.bad("country", f"{value!r} is not a two-letter ISO 3166-1 code")
            return None
        return value.upper() if value else None

    def background(self) -> Literal["include", "exclude", "only"]:
        value = self.one("background")
        if value is None:
            return "exclude"
        if value not in ("include", "exclude", "only"):
            self.bad("background", f"{value!r} is not one of exclude, include, only")
            return "exclude"
        return cast(Literal["include", "exclude", "only"], value)

    def limit(self, limits: Limits) -> int:
        value = self.one("limit")
        if value is None:
            return limits.default
        if not _INT.fullmatch(value) or not 1 <= int(value) <= limits.maximum:
            self.bad("limit", f"{value!r} is not a whole number from 1 to {limits.maximum}")
            return limits.default
        return int(value)

    def cursor(self) -> str | None:
        value = self.one("cursor")
        if value is not None and len(value) > MAX_CURSOR:
            self.bad("cursor", "not a cursor this API gave")
            return None
        return value

    def done(self) -> None:
        if self.problems:
            fields = ", ".join(dict.fromkeys(p["field"] for p in self.problems))
            first = self.problems[0]["problem"]
            raise ApiError(400, "invalid_value", f"invalid value for {fields}: {first}", self.problems)


def event_query(params: QueryParams, *, export: bool = False) -> EventQuery:
    """The ``EventQuery`` of ``GET /api/events`` (or of the exports, which take no cursor and a larger
    limit)."""
    r = _Reader(params, EXPORT_FILTERS if export else EVENT_FILTERS)
    bbox = r.bbox()
    date_from, date_to = r.date_range()
    query = EventQuery(
        bbox=bbox, date_from=date_from, date_to=date_to,
        event_types=r.event_types(), sub_event_types=r.sub_event_types(),
        actor=r.text("actor"), country=r.country(), text=r.text("q"),
        doc_id=r.text("doc_id"), incident_id=r.text("incident_id"),
        background=r.background(),
        limit=r.limit(EXPORT_LIMITS if export else PAGE_LIMITS),
        cursor=None if export else r.cursor(),
    )
    r.done()
    return query


def incident_query(params: QueryParams) -> IncidentQuery:
    r = _Reader(params, INCIDENT_FILTERS)
    bbox = r.bbox()
    date_from, date_to = r.date_range()
    query = IncidentQuery(bbox=bbox, date_from=date_from, date_to=date_to, event_types=r.event_types(),
                          country=r.country(), limit=r.limit(PAGE_LIMITS), cursor=r.cursor())
    r.done()
    return query


def no_query(params: QueryParams) -> None:
    """Endpoints that take no query parameter still refuse unknown ones."""
    _Reader(params, ())
