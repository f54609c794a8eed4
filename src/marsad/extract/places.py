"""Place mentions of a document, with offsets and their gazetteer resolution.

The work is done by ``marsad.geo``: ``PlaceRecogniser`` finds the mentions (gazetteer names, head
words, relations such as "قرب X" and "20 كلم شمال شرق X") and ``PlaceResolver`` picks each one's
place or leaves it unresolved. This module is the stage's entry point; it then reads what each place
is to its sentence, for the events stage to choose where an event happened:

- a place named right after another as what contains it ("قرية X في منطقة #Y، بريف Z") only locates
  the first (``within``); a village the gazetteer lacks, or one resolved to a namesake far from what
  the text says contains it, is placed at the nearest container that has a point of its own;
- a place in a phrase that says where the fire came from or where the attacker stands (مصدره …،
  المتمركزة في …), where a reporter is (مراسلنا في …), a dateline ("إدلب - …") or a word for a place
  named before ("محيط المدينة") carries a ``frame``: it is not where the event happened.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from marsad.arabic.normalize import fold
from marsad.geo.gazetteer import haversine_km
from marsad.geo.geocoder import Geocoder
from marsad.geo.resolve import side_point
from marsad.model import Document, PlaceMention

# a wider place's point this far from the place it contains says the smaller one was resolved to a
# namesake elsewhere: a town contains nothing 35 km away; a countryside ("ريف حلب") reaches a province
_CONTAINER_KM_TOWN = 35.0
_CONTAINER_KM_AREA = 150.0
_GAP_WORDS = 4  # at most this many link words between a place and its container
_SENTENCE_END = re.compile(r"[.!?؟\n:|;؛]")
_WORD = re.compile(r"[\w\u0600-\u06ff]+")
_DATELINE_MARK = re.compile(r"\s*(?:[:\-–—|/]|::)")


@dataclass(frozen=True)
class PlaceContext:
    link: frozenset[str]
    wide_heads: frozenset[str]
    origin: frozenset[str]
    stationed: frozenset[str]
    origin_end: frozenset[str]
    source: frozenset[str]
    anaphor: frozenset[str]

    @classmethod
    def load(cls, path: Path | None = None) -> PlaceContext:
        p = path or Path(str(resources.files("marsad") / "data" / "place_context.yaml"))
        data: dict[str, Any] = yaml.safe_load(p.read_text(encoding="utf-8")) or {}

        def words(key: str) -> frozenset[str]:
            return frozenset(fold(str(w)) for w in data.get(key) or [])

        return cls(words("link"), words("wide_heads"), words("origin"), words("stationed"), words("origin_end"),
                   words("source"), words("anaphor"))


def find_places(doc: Document, geocoder: Geocoder, context: PlaceContext | None = None) -> list[PlaceMention]:
    """Every place mention in the text, in text order, each with its resolution (or "unresolved"),
    what contains it and its frame."""
    places = geocoder(doc)
    ctx = context or PlaceContext.load()
    link_containers(doc.text, places, ctx)
    place_in_containers(places)
    mark_frames(doc.text, places, ctx)
    return places


# --------------------------------------------------------------------------- containers

def _head_key(p: PlaceMention) -> str:
    head = _fold_word(p.head or "")
    return head[1:] if head[:1] in ("ب", "و", "ل") and head[1:] else head


def _coordinated(p: PlaceMention) -> bool:
    """"وحماة", "وأرياف حلب": the next item of a list, not what contains the one before."""
    return p.text.startswith("و") and not p.name.startswith("و") and not (p.head or "").startswith("و")


def link_containers(text: str, places: list[PlaceMention], ctx: PlaceContext) -> None:
    for i in range(len(places) - 1):
        a, b = places[i], places[i + 1]
        if b.start < a.end or "metonymy" in (a.relation, b.relation):
            continue
        gap = text[a.end:b.start]
        if _SENTENCE_END.search(gap) or _coordinated(b):
            continue
        words = [_fold_word(w) for w in _WORD.findall(gap)]
        words = [w for w in words if w]
        if len(words) > _GAP_WORDS or any(w not in ctx.link for w in words):
            continue
        if not words and not (_head_key(b) in ctx.wide_heads or b.relation in ("near", "direction")
                              or (b.resolved or {}).get("feature") in ("admin1", "country")):
            continue  # "البارة، إبلين": a list of towns
        a.within = i + 1


def _own_point(p: PlaceMention) -> dict[str, Any] | None:
    res = p.resolved or {}
    if res.get("lat") is None or res.get("status") == "approximate" or res.get("feature") == "country":
        return None
    return res


_CORROBORATE_KM = 150.0


def _corroborated(ref: dict[str, Any], places: list[PlaceMention], own: PlaceMention) -> bool:
    """Another place of the document, under another name, lies near the container: a container
    resolved to a namesake abroad ("جبل الزاوية" in Libya) places nothing."""
    key = _fold_word(own.name)
    for q in places:
        res = _own_point(q)
        if res is None or _fold_word(q.name) == key or res.get("gazetteer_id") == ref.get("gazetteer_id"):
            continue
        if haversine_km(res["lat"], res["lon"], ref["lat"], ref["lon"]) <= _CORROBORATE_KM:
            return True
    return False


def place_in_containers(places: list[PlaceMention]) -> None:
    """A place with no point of its own, or whose point is far from what the text says contains it,
    is placed at the nearest container that has one (precision 2, "approximate")."""
    for p in places:
        if p.within is None:
            continue
        ref: dict[str, Any] | None = None
        j: int | None = p.within
        seen = 0
        while j is not None and seen < 4:
            ref = _own_point(places[j])
            if ref is not None:
                break
            j, seen = places[j].within, seen + 1
        if ref is None or j is None or not _corroborated(ref, places, places[j]):
            continue
        ref = side_point(ref, places[j].offset)  # "قرية X شمالي حلب" lies outside حلب
        res = p.resolved or {}
        if res.get("lat") is not None and res.get("status") != "approximate":
            wide = places[p.within].relation in ("near", "direction") or ref.get("precision") != 1
            limit = _CONTAINER_KM_AREA if wide else _CONTAINER_KM_TOWN
            if haversine_km(res["lat"], res["lon"], ref["lat"], ref["lon"]) <= limit \
                    or res.get("feature") in ("admin1", "country"):
                continue
        p.resolved = {**res, "lat": ref["lat"], "lon": ref["lon"], "country": ref.get("country"),
                      "admin1": ref.get("admin1"), "precision": max(2, int(ref.get("precision") or 2)),
                      "status": "approximate", "within": ref.get("gazetteer_id"),
                      "confidence": round(0.6 * float(ref.get("confidence") or 0.5), 2)}


# --------------------------------------------------------------------------- frames

def _words_before(text: str, pos: int, lo: int = 0, limit: int = 120) -> list[str]:
    """The folded words of the clause before ``pos`` (not before ``lo``, at most ``limit`` characters)."""
    window = text[max(lo, pos - limit):pos]
    cut = max((m.end() for m in re.finditer(r"[.!?؟](?=\s)|[\n،,:|]", window)), default=0)
    return [w for w in map(_fold_word, _WORD.findall(window[cut:])) if w]


# what may stand before a dateline place on its line: "#", "عاجل", marks and spaces
_NOTHING_BEFORE = re.compile(r"(?:[#\s|\u200e\u200f]|عاجل)*")
# words repeat across places and documents: folding each only once keeps the frame test cheap
_fold_word = lru_cache(maxsize=100_000)(fold)


def mark_frames(text: str, places: list[PlaceMention], ctx: PlaceContext) -> None:
    contained = {p.within for p in places if p.within is not None}
    prev_end = 0
    for i, p in enumerate(places):
        frame = _frame(text, p, i in contained, prev_end, ctx)
        prev_end = p.end
        if frame is None:
            continue
        p.frame = frame
        j = p.within
        while j is not None and places[j].frame is None:  # what contains it shares its frame
            places[j].frame = frame
            j = places[j].within


def _frame(text: str, p: PlaceMention, is_container: bool, prev_end: int, ctx: PlaceContext) -> str | None:
    if is_container:
        return None  # framed (or not) with the place it contains
    # words after the previous place only: "المتمركزة في X على قرية Y" frames X, not Y
    words = _words_before(text, p.start, prev_end)
    for k in range(len(words) - 1, -1, -1):
        if words[k] in ctx.origin_end:
            break
        if words[k] in ctx.origin:
            return "origin"
    if words and words[-1] == "في":
        if any(w in ctx.stationed for w in words[-3:-1]):
            return "origin"
        if any(w in ctx.source for w in words[-5:-1]):
            return "source"
    name = _fold_word(p.name)
    head = _head_key(p)
    if name in ctx.anaphor and (not head or head in ctx.wide_heads) and p.within is None:
        return "anaphor"
    line_start = text.rfind("\n", 0, p.start) + 1
    if p.head is None and p.within is None and _NOTHING_BEFORE.fullmatch(text, line_start, p.start):
        after = text[p.end:p.end + 3]
        if _DATELINE_MARK.match(after) or (after[:1] == " " and after[1:2] not in ("،", ",", "ب", "و")):
            return "dateline"
    return None
