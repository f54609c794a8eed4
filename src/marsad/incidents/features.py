"""What the incident stage keeps of a spec §2 record: one ``Report`` per news event, and a slim
``DocSummary`` (claims with quotes, presence statements, a text sketch) so that building incidents
over a large corpus never holds every full text in memory."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from marsad.arabic.normalize import fold
from marsad.extract.posted import date_from_url
from marsad.incidents.errors import IncidentError
from marsad.incidents.minhash import MinHasher
from marsad.lexicon import Lexicon, default_lexicon

VIOLENT = frozenset({"Battles", "Explosions/Remote violence", "Violence against civilians"})
QUOTE_CHARS = 300
# Event dates at these precisions place the event within a day or a week; coarser ones do not help.
USABLE_PRECISION = frozenset({"day", "week"})
# Gazetteer features too wide to place an event (spec §2 ``places[].feature``).
WIDE_FEATURES = frozenset({"country", "region", "admin1", "province", "governorate"})


@dataclass(frozen=True, slots=True)
class Report:
    """One news event of one document, reduced to what matching needs."""

    doc_id: str
    event_id: str
    event_type: str
    sub_event_type: str
    day_lo: dt.date | None          # the event's date range, or None
    day_hi: dt.date | None
    dated_by: str                   # "event", "published" (the event date was missing) or "none"
    point: tuple[float, float] | None  # coordinates of a town or part of a region (precision 1-2)
    place_key: str | None           # gazetteer id, else the folded place name
    admin1: str | None
    country: str | None
    actor1: frozenset[str]
    killed: tuple[int, int] | None
    sketch: tuple[int, ...]         # MinHash of the document's text
    places: frozenset[str] = frozenset()  # place keys of every town or village the document names

    @property
    def violent(self) -> bool:
        return self.event_type in VIOLENT

    def sort_key(self) -> tuple[str, str, str]:
        # Undated reports go last so that dated reports found the incidents they may join.
        day = self.day_lo.isoformat() if self.day_lo else "9999-99-99"
        return day, self.doc_id, self.event_id

    def as_dict(self) -> dict[str, Any]:
        return {
            "doc_id": self.doc_id, "event_id": self.event_id, "event_type": self.event_type,
            "sub_event_type": self.sub_event_type,
            "day_lo": self.day_lo.isoformat() if self.day_lo else None,
            "day_hi": self.day_hi.isoformat() if self.day_hi else None,
            "dated_by": self.dated_by, "point": list(self.point) if self.point else None,
            "place_key": self.place_key, "admin1": self.admin1, "country": self.country,
            "actor1": sorted(self.actor1), "killed": list(self.killed) if self.killed else None,
            "sketch": list(self.sketch), "places": sorted(self.places),
        }

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> Report:
        try:
            point = d.get("point")
            killed = d.get("killed")
            return cls(
                str(d["doc_id"]), str(d["event_id"]), str(d["event_type"]), str(d["sub_event_type"]),
                _date(d.get("day_lo")), _date(d.get("day_hi")), str(d.get("dated_by") or "none"),
                (float(point[0]), float(point[1])) if point else None,
                d.get("place_key"), d.get("admin1"), d.get("country"), frozenset(d.get("actor1") or ()),
                (int(killed[0]), int(killed[1])) if killed else None, tuple(int(x) for x in d["sketch"]),
                frozenset(str(p) for p in d.get("places") or ()),
            )
        except (KeyError, TypeError, ValueError, IndexError) as exc:
            raise IncidentError(f"stored report is malformed: {exc}") from exc


@dataclass(frozen=True, slots=True)
class ClaimRef:
    """A claim of one document with the words it rests on."""

    doc_id: str
    claim_id: str
    source: str
    source_kind: str
    source_country: str | None
    via: tuple[str, ...]
    stance: str
    quote: str
    events: frozenset[str]
    presence: tuple[tuple[str, str], ...]  # (country or actor, "assert" | "deny")

    def as_dict(self) -> dict[str, Any]:
        return {"doc_id": self.doc_id, "claim": self.claim_id,
                "source": {"canonical": self.source, "kind": self.source_kind, "country": self.source_country},
                "via": list(self.via), "stance": self.stance, "quote": self.quote}


@dataclass(frozen=True, slots=True)
class DocSummary:
    doc_id: str
    published: str | None
    publisher: str | None
    title: str | None
    sketch: tuple[int, ...]
    claims: tuple[ClaimRef, ...]
    events: Mapping[str, Mapping[str, Any]]  # event id -> the spec §2 event (without the text)
    contradictions: tuple[Mapping[str, Any], ...] = field(default=())


@dataclass(frozen=True)
class PresenceScanner:
    """Presence statements ("بينهم جنود روس" / "عدم وجود عسكريين روس") in a claim's words.

    The per-document stage finds these but only reports them when one document holds both sides;
    across documents each side may come from a different report, so the incident stage looks again,
    with the same lexicon (reporting.yaml ``presence``, nationalities.yaml adjectives)."""

    assert_re: re.Pattern[str]
    deny_re: re.Pattern[str]
    countries: Mapping[str, str]

    @classmethod
    def from_lexicon(cls, lex: Lexicon) -> PresenceScanner:
        presence = lex.reporting.get("presence") or {}
        countries: dict[str, str] = {}
        for nat in lex.nationalities:
            for adj in nat.get("adjectives") or ():
                countries[fold(str(adj))] = str(nat.get("country"))
        nat_alt = "|".join(sorted((re.escape(a) for a in countries), key=len, reverse=True))

        def pattern(cues: Sequence[str]) -> re.Pattern[str]:
            alt = "|".join(sorted((re.escape(fold(str(c))) for c in cues), key=len, reverse=True))
            # cue, at most two words (عسكريين, جنود), then the nationality adjective
            return re.compile(rf"(?<!\w)(?:و|ب|ف)?(?:{alt})(?:\s+[^\s]+){{0,2}}?\s+(?:ال)?({nat_alt})(?!\w)")

        return cls(pattern(presence.get("assert") or ()), pattern(presence.get("deny") or ()), countries)

    def scan(self, text: str) -> tuple[tuple[str, str], ...]:
        norm = fold(text)
        found: dict[str, str] = {}
        denied_spans = []
        for m in self.deny_re.finditer(norm):
            found[self._country(m.group(1))] = "deny"
            denied_spans.append((m.start(), m.end()))
        for m in self.assert_re.finditer(norm):
            if any(s <= m.start() < e for s, e in denied_spans):
                continue  # "وجود" inside "عدم وجود"
            found.setdefault(self._country(m.group(1)), "assert")
        return tuple(sorted(found.items()))

    def _country(self, adjective: str) -> str:
        return self.countries.get(adjective) or self.countries.get("ال" + adjective) or adjective


class ReportExtractor:
    """Turns spec §2 records into ``Report``s and ``DocSummary``s (stateless apart from its resources)."""

    def __init__(self, hasher: MinHasher | None = None, lexicon: Lexicon | None = None) -> None:
        self.hasher = hasher or MinHasher()
        self.presence = PresenceScanner.from_lexicon(lexicon or default_lexicon())

    def extract(self, record: Mapping[str, Any]) -> tuple[DocSummary, list[Report]]:
        doc_id = record.get("doc_id")
        if not isinstance(doc_id, str) or not doc_id:
            raise IncidentError("record has no doc_id")
        text = record.get("text")
        text = text if isinstance(text, str) else ""
        sketch = self.hasher.sketch(text)
        published = _date(record.get("published"))
        # Without a publication date, the address may still say when the document was posted.
        posted = published or date_from_url(_str(record.get("url")))
        places = doc_places(record.get("places"))
        reports = []
        events: dict[str, Mapping[str, Any]] = {}
        for event in record.get("events") or ():
            if not isinstance(event, Mapping) or event.get("background") or not event.get("id"):
                continue
            events[str(event["id"])] = event
            reports.append(self._report(doc_id, event, posted, sketch, places))
        summary = DocSummary(
            doc_id, published.isoformat() if published else None,
            _str(record.get("publisher")), _str(record.get("title")), sketch,
            tuple(self._claims(doc_id, record, text)), events,
            tuple(c for c in record.get("contradictions") or () if isinstance(c, Mapping)))
        return summary, reports

    def _report(self, doc_id: str, event: Mapping[str, Any], posted: dt.date | None,
                sketch: tuple[int, ...], places: frozenset[str]) -> Report:
        date = event.get("date") or {}
        lo, hi, dated_by = None, None, "none"
        # The extraction stage dates an event it found no date for by the publication date (anchor
        # "published", no date words); that is the publication date, not the event's own.
        own = date.get("text") is not None or date.get("anchor") != "published"
        if own and date.get("precision") in USABLE_PRECISION and _date(date.get("start")):
            lo = _date(date.get("start"))
            hi = _date(date.get("end")) or lo
            dated_by = "event"
        elif posted is not None:
            # Without its own date, a news event happened on the day of publication or the day before.
            lo, hi, dated_by = posted - dt.timedelta(days=1), posted, "published"
        loc = event.get("location") or {}
        point = None
        if isinstance(loc.get("lat"), int | float) and isinstance(loc.get("lon"), int | float) \
                and (loc.get("precision") or 3) <= 2:
            point = (float(loc["lat"]), float(loc["lon"]))
        place_key = loc.get("gazetteer_id") or (fold(str(loc["text"])) if loc.get("text") else None)
        if (loc.get("precision") or 3) >= 3:
            place_key = None  # a province is no evidence that two reports share a place
        actor1 = frozenset(str(a.get("canonical") or a.get("text")) for a in event.get("actors") or ()
                           if isinstance(a, Mapping) and a.get("role") == "actor1"
                           and (a.get("canonical") or a.get("text")))
        killed = None
        for cas in event.get("casualties") or ():
            if isinstance(cas, Mapping) and cas.get("category") == "killed" \
                    and isinstance(cas.get("low"), int) and isinstance(cas.get("high"), int):
                lo_k, hi_k = int(cas["low"]), int(cas["high"])
                killed = (lo_k, hi_k) if killed is None else (min(killed[0], lo_k), max(killed[1], hi_k))
        return Report(doc_id, str(event["id"]), str(event.get("event_type") or ""),
                      str(event.get("sub_event_type") or ""), lo, hi, dated_by, point,
                      str(place_key) if place_key else None, _str(loc.get("admin1")), _str(loc.get("country")),
                      actor1, killed, sketch, places | ({str(place_key)} if place_key else frozenset()))

    def _claims(self, doc_id: str, record: Mapping[str, Any], text: str) -> list[ClaimRef]:
        out = []
        for claim in record.get("claims") or ():
            if not isinstance(claim, Mapping) or not claim.get("id"):
                continue
            source = claim.get("source") or {}
            spans = [s for s in claim.get("statements") or () if isinstance(s, Mapping)]
            evidence = claim.get("evidence")
            if not spans and isinstance(evidence, Mapping):
                spans = [evidence]
            words = [text[int(s.get("start") or 0):int(s.get("end") or 0)] for s in spans]
            quote = words[0] if words else ""
            if len(quote) > QUOTE_CHARS:
                quote = quote[:QUOTE_CHARS - 1] + "…"
            via = tuple(str(v.get("canonical") or v.get("text")) if isinstance(v, Mapping) else str(v)
                        for v in claim.get("via") or ())
            out.append(ClaimRef(
                doc_id, str(claim["id"]), str(source.get("canonical") or source.get("text") or "unknown"),
                str(source.get("kind") or "unknown"), _str(source.get("country")), via,
                str(claim.get("stance") or "asserts"), quote,
                frozenset(str(e) for e in claim.get("events") or ()),
                self.presence.scan(" ".join(words))))
        return out


def doc_places(places: Any) -> frozenset[str]:
    """Keys of the towns, villages and sites a document names (gazetteer id, else the folded name);
    countries and regions are too wide to say two reports share a place."""
    keys = set()
    for place in places or ():
        if not isinstance(place, Mapping) or place.get("feature") in WIDE_FEATURES:
            continue
        key = place.get("gazetteer_id") or (fold(str(place["text"])) if place.get("text") else None)
        if key:
            keys.add(str(key))
    return frozenset(keys)


def _date(value: Any) -> dt.date | None:
    if not isinstance(value, str) or len(value) < 10:
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None


def _str(value: Any) -> str | None:
    return str(value) if value is not None and value != "" else None
