"""What the store's columns hold, derived from spec §2 and §3 records in one place.

Ingest and the migration backfill both call these functions, so a database migrated from an old
version holds exactly what a fresh ingest of the same records would.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import hashlib
import json
from collections.abc import Iterator, Mapping, Sequence
from statistics import median
from typing import Any

from marsad.errors import StoreError


class InvalidQuery(StoreError, ValueError):
    """A query the store cannot answer as asked (a bad cursor, a bounding box with min > max, a
    limit below 1). The API answers it with 400 ``invalid_value``."""

    code = "invalid_value"


class AmbiguousId(InvalidQuery):
    """An id prefix that names more than one record."""


def content_sha1(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


def dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def meta(record: Mapping[str, Any], key: str) -> Any:
    # The spec puts document metadata at the top level; accept a nested "meta" block as well.
    if record.get(key) is not None:
        return record[key]
    block = record.get("meta")
    return block.get(key) if isinstance(block, Mapping) else None


def global_event_id(doc_id: str, event_id: str) -> str:
    """The store-wide id of an event: the pipeline already writes ``<doc_id>:e<n>``; a bare id
    from elsewhere (``e1``) is prefixed with its document so that ids never collide."""
    return event_id if event_id.startswith(doc_id + ":") else f"{doc_id}:{event_id}"


def first_actor(event: Mapping[str, Any], role: str) -> str | None:
    for actor in event.get("actors") or ():
        if isinstance(actor, Mapping) and actor.get("role") == role:
            name = actor.get("canonical") or actor.get("text")
            return str(name) if name is not None else None
    return None


def best_figure(casualties: Sequence[Mapping[str, Any]], category: str) -> int | None:
    """One document's figure for ``category``: per claim, the groups added up (each group at its
    highest report); across claims the median, rounded down, as the incident stage does (UCDP's
    best estimate when nothing says which source to trust). None when nobody gave a figure."""
    per_claim: dict[str | None, dict[str | None, float]] = {}
    for cas in casualties:
        low, high = cas.get("low"), cas.get("high")
        if cas.get("category") != category or not isinstance(low, int) or not isinstance(high, int):
            continue
        groups = per_claim.setdefault(cas.get("claim"), {})
        point = (low + high) / 2
        group = cas.get("group")
        groups[group] = max(point, groups.get(group, point))
    if not per_claim:
        return None
    return int(median(sum(groups.values()) for groups in per_claim.values()))


def _lowered(parts: Sequence[Any]) -> str:
    # Lower-cased once here, so that a LIKE on the column is case-insensitive in both dialects
    # (SQLite's LIKE folds ASCII only, PostgreSQL's LIKE folds nothing); Arabic has no case.
    return "\n".join(str(p) for p in parts if p).lower()


def sort_date(day: Any) -> str:
    """The ISO day of a date, or '' when undated: the ordering and filtering key. '' sorts last in
    a descending order on both backends (a NULL sorts first on PostgreSQL, last on SQLite), and a
    datetime compares by its day."""
    return str(day)[:10] if day else ""


def span_days(start: Any, end: Any) -> int:
    """Days from the first to the last day of a date (0 when undated or unreadable): the longest
    span bounds how far back a date filter must look (``sort_date >= date_from - longest``)."""
    try:
        first = dt.date.fromisoformat(str(start)[:10])
        last = dt.date.fromisoformat(str(end)[:10]) if end else first
    except ValueError:
        return 0
    return max(0, (last - first).days)


def event_row(doc_id: str, ord_: int, event: Mapping[str, Any], title: Any) -> dict[str, Any]:
    """The events columns of one spec §2 event (keys are the column names)."""
    raw_id = event.get("id")
    if not isinstance(raw_id, str) or not raw_id:
        raise StoreError(f"event {ord_ + 1} of document {doc_id} has no id; every event needs one", origin=doc_id)
    date, loc, trigger = _block(event, "date"), _block(event, "location"), _block(event, "trigger")
    actors = [a for a in event.get("actors") or () if isinstance(a, Mapping)]
    two_sides = [a for a in actors if a.get("role") in ("actor1", "actor2")]
    casualties = [c for c in event.get("casualties") or () if isinstance(c, Mapping)]
    geo_precision = loc.get("precision")
    return {
        "id": raw_id,
        "doc_id": doc_id,
        "global_id": global_event_id(doc_id, raw_id),
        "ord": ord_,
        "event_type": event.get("event_type"),
        "sub_event_type": event.get("sub_event_type"),
        "background": int(bool(event.get("background"))),
        "date_start": date.get("start"),
        "date_end": date.get("end"),
        "date_precision": date.get("precision"),
        "sort_date": sort_date(date.get("start")),
        "date_last": sort_date(date.get("end") or date.get("start")),
        "span_days": span_days(date.get("start"), date.get("end")),
        "location_text": loc.get("text"),
        "name_en": loc.get("name_en"),
        "lat": _number(loc.get("lat")),
        "lon": _number(loc.get("lon")),
        "country": loc.get("country"),
        "admin1": loc.get("admin1"),
        "geo_precision": geo_precision if isinstance(geo_precision, int) else None,
        "actor1": first_actor(event, "actor1"),
        "actor2": first_actor(event, "actor2"),
        "actor_text": _lowered([v for a in two_sides for v in (a.get("canonical"), a.get("text"))]),
        "fatalities": best_figure(casualties, "killed"),
        "injured": best_figure(casualties, "injured"),
        "search_text": _lowered([
            loc.get("text"), loc.get("phrase"), loc.get("name_en"), loc.get("admin1"),
            *(v for a in actors for v in (a.get("canonical"), a.get("text"))),
            trigger.get("text"), title,
        ]),
    }


EVENT_COLUMNS = (
    "global_id", "doc_id", "id", "ord", "event_type", "sub_event_type", "background", "date_start",
    "date_end", "date_precision", "sort_date", "date_last", "span_days", "location_text", "name_en", "lat", "lon",
    "country", "admin1", "geo_precision", "actor1", "actor2", "actor_text", "fatalities", "injured",
    "search_text",
)


def _block(record: Mapping[str, Any], key: str) -> Mapping[str, Any]:
    value = record.get(key)
    return value if isinstance(value, Mapping) else {}


def _number(value: Any) -> float | None:
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None


def casualty_rows(doc_id: str, events: Sequence[Mapping[str, Any]]) -> list[tuple[Any, ...]]:
    rows = []
    for event in events:
        for n, cas in enumerate(event.get("casualties") or ()):
            rows.append((doc_id, event.get("id"), n, cas.get("category"), cas.get("group"), cas.get("low"),
                         cas.get("high"), int(bool(cas.get("approximate"))), cas.get("claim")))
    return rows


def claim_rows(doc_id: str, record: Mapping[str, Any]) -> list[tuple[Any, ...]]:
    rows = []
    for claim in record.get("claims") or ():
        source = claim.get("source") or {}
        rows.append((doc_id, claim.get("id"), source.get("canonical") or source.get("text"),
                     source.get("kind"), claim.get("stance"), claim.get("cue")))
    return rows


def contradiction_rows(doc_id: str, record: Mapping[str, Any]) -> list[tuple[Any, ...]]:
    return [
        (doc_id, con.get("event"), con.get("field"),
         json.dumps(list(con.get("claims") or ()), ensure_ascii=False), con.get("summary"))
        for con in record.get("contradictions") or ()
    ]


PLACE_COLUMNS = ("doc_id", "ord", "start", '"end"', "text", "name", "name_en", "lat", "lon", "country",
                 "admin1", "feature", "gazetteer_id", "confidence")


def place_rows(doc_id: str, record: Mapping[str, Any]) -> list[tuple[Any, ...]]:
    rows = []
    for n, place in enumerate(p for p in record.get("places") or () if isinstance(p, Mapping)):
        start, end = place.get("start"), place.get("end")
        rows.append((doc_id, n, start if isinstance(start, int) else None, end if isinstance(end, int) else None,
                     place.get("text"), place.get("name"), place.get("name_en"), _number(place.get("lat")),
                     _number(place.get("lon")), place.get("country"), place.get("admin1"), place.get("feature"),
                     place.get("gazetteer_id"), _number(place.get("confidence"))))
    return rows


def incident_columns(record: Mapping[str, Any]) -> tuple[Any, ...]:
    """(date_start, date_end, sort_date, event_type, lat, lon, country) of a spec §3 incident."""
    date, loc = _block(record, "date"), _block(record, "location")
    return (date.get("start"), date.get("end"), sort_date(date.get("start")), record.get("event_type"),
            _number(loc.get("lat")), _number(loc.get("lon")), loc.get("country"))


def quote(text: str, evidence: Any) -> str | None:
    """The record text over a claim's evidence span (one span, or the first of a list)."""
    if isinstance(evidence, list):
        evidence = evidence[0] if evidence else None
    if not isinstance(evidence, Mapping):
        return None
    start, end = evidence.get("start"), evidence.get("end")
    if not isinstance(start, int) or not isinstance(end, int) or not 0 <= start < end <= len(text):
        return None
    return text[start:end]


def like_pattern(value: str) -> str:
    """A LIKE pattern matching ``value`` anywhere, its own % _ and \\ taken literally."""
    escaped = value.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def prefix_pattern(value: str) -> str:
    return value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


# ---------------------------------------------------------------------- cursors

def encode_cursor(kind: str, key: Sequence[Any]) -> str:
    raw = json.dumps([kind, *key], ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return base64.urlsafe_b64encode(raw).decode("ascii").rstrip("=")


def decode_cursor(kind: str, cursor: str, types: Sequence[type]) -> list[Any]:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        value = json.loads(raw.decode("utf-8"))
    except (binascii.Error, ValueError, UnicodeDecodeError):
        value = None
    if (not isinstance(value, list) or len(value) != len(types) + 1 or value[0] != kind
            or not all(isinstance(v, t) and not isinstance(v, bool) for v, t in zip(value[1:], types, strict=True))):
        raise InvalidQuery(f"cursor {cursor[:40]!r} is not one this store gave out; start again without it",
                           origin="cursor")
    return value[1:]


def chunks(values: Sequence[str], size: int) -> Iterator[Sequence[str]]:
    for i in range(0, len(values), size):
        yield values[i:i + size]
