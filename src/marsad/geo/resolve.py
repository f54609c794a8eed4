"""Resolving recognised place mentions to gazetteer places, with a confidence, or "unresolved".

Evidence, in the order it is applied:
1. prominence: each place's rank (feature type and population);
2. the document's country prior: the countries named in the text and those of its unambiguous places;
3. the container the text gives ("الصالحية بريف دير الزور": the candidate near Deir ez-Zor wins;
   "X، الأردن": a candidate in Jordan wins);
4. proximity to the document's other resolved places.

Mentions are resolved in two passes: first the ones the evidence settles without the others (a sole
candidate, a clear prominence margin), then the rest with those as anchors. A mention whose best
candidate does not beat a distant alternative by a clear margin stays unresolved (its span is kept;
lat/lon are null): no guess, no country centroid.

ACLED geo-precision: 1 the named town itself; 2 near a town, part of a region, or a point displaced
by a stated distance and bearing; 3 a province or larger.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from marsad.arabic.normalize import fold
from marsad.geo.gazetteer import (
    PROVINCE_FEATURES,
    REGION_FEATURES,
    Gazetteer,
    GazPlace,
    destination,
    haversine_km,
)
from marsad.geo.recognise import BEARING_DEGREES, PlaceCandidate

_MAX_CANDIDATES = 40  # a name shared by more places than this: only the most prominent are weighed
_SAME_PLACE_KM = 5.0  # two records of one name this close are one place (sources overlap)
_DISTINCT_KM = 60.0  # alternatives this far apart are different answers
_MIN_MARGIN = 1.0  # the best candidate must beat a distinct alternative by this much
_PRIOR_WEIGHT = 6.0  # a document wholly about one country lifts its places by this much
_PROMINENT = 5.0  # cities of 100k+, provinces, capitals, countries, the supplement
# Where Arabic news reports happen: the Arab League and the neighbours its conflicts involve. A small
# place elsewhere that shares an Arabic name ("بينه", "سري" transcribe European or Iranian hamlets)
# is a coincidence of spelling unless the text points to its country.
HOME_COUNTRIES = frozenset({
    "DZ", "BH", "KM", "DJ", "EG", "IQ", "JO", "KW", "LB", "LY", "MR", "MA", "OM", "PS", "QA", "SA", "SO",
    "SD", "SY", "TN", "AE", "YE", "TR", "IR", "IL"})
_AWAY_PENALTY = 2.0  # a small place outside them, against a namesake at home


@dataclass(frozen=True)
class Resolution:
    place: GazPlace | None
    confidence: float
    alternatives: int


def _dedupe(cands: tuple[GazPlace, ...]) -> list[GazPlace]:
    out: list[GazPlace] = []
    for c in cands[:_MAX_CANDIDATES]:  # most prominent first
        if any(o.country == c.country and abs(o.lat - c.lat) < 0.05 and abs(o.lon - c.lon) < 0.07
               and haversine_km(o.lat, o.lon, c.lat, c.lon) < _SAME_PLACE_KM for o in out):
            continue
        out.append(c)
    return out


def _fast_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Equirectangular distance: within a percent of the great circle at the scales compared here."""
    x = math.radians(lon2 - lon1) * math.cos(math.radians((lat1 + lat2) / 2))
    return 6371.0 * math.hypot(x, math.radians(lat2 - lat1))


_KM_PER_DEG = math.pi * 6371.0 / 180.0


def _anchor_bonus(o: GazPlace, anchors: list[GazPlace]) -> float:
    """2 when another resolved place of the document lies within 50 km of ``o``, 1 within 150 km."""
    best = math.inf
    for a in anchors:
        dlat = abs(o.lat - a.lat) * _KM_PER_DEG
        if dlat > 150.0 or a.id == o.id:
            continue  # the latitudes alone are farther apart than any bonus reaches
        d = _fast_km(o.lat, o.lon, a.lat, a.lon)
        if d < best:
            best = d
            if d <= 50:
                return 2.0
    return 1.0 if best <= 150 else 0.0


def _reach(container: GazPlace) -> float:
    """How far from a container's point a place it contains may lie."""
    return _PROVINCE_REACH if container.feature in PROVINCE_FEATURES | REGION_FEATURES else 60.0


def _out_of_reach(place: GazPlace, container: GazPlace) -> bool:
    """Too far from its container to lie in it, even when the container named is the province of a
    town of the same name ("جرابلس بريف حلب")."""
    if container.feature == "country" or place.id == container.id:
        return False
    if container.feature in PROVINCE_FEATURES:
        return False  # provinces are large and their points rough: the score weighs them
    return haversine_km(place.lat, place.lon, container.lat, container.lon) > _PROVINCE_REACH


_PROVINCE_REACH = 150.0
# A road, a sea or a lake is placed at its middle: near the event, never the point of it.
LINE_FEATURES = frozenset({"road", "water", "river"})


class PlaceResolver:
    def __init__(self, gaz: Gazetteer) -> None:
        self.gaz = gaz
        self._memo: dict[str, list[GazPlace]] = {}  # a pure function of the index: safe to share

    def _options(self, key: str) -> list[GazPlace]:
        got = self._memo.get(key)
        if got is None:
            got = _dedupe(self.gaz.candidates(key))
            if len(self._memo) < 100_000:
                self._memo[key] = got
        return got

    def resolve(self, cands: list[PlaceCandidate], hints: list[str] | None = None,
                country_votes: dict[str, float] | None = None,
                adjectives: frozenset[str] = frozenset()) -> list[Resolution | None]:
        """One resolution per candidate (None when the gazetteer has no place of that name).
        ``hints``: keys of places named only in hashtags, counted for the country prior;
        ``country_votes``: other evidence for it (the local armed groups the text names);
        ``adjectives``: the countries whose nationality adjective the text uses, which decide
        between the countries a title names ("المملكة" in a text about "الحكومة الأردنية")."""
        options: list[list[GazPlace]] = []
        for c in cands:
            opts = self._options(c.key) if c.key else []
            if c.lexicon_country and opts:
                same = [o for o in opts if o.country == c.lexicon_country]
                opts = same or opts
            elif adjectives and len(opts) > 1 and all(o.feature == "country" for o in opts):
                same = [o for o in opts if o.country in adjectives]
                opts = same or opts
            options.append(opts)
        votes, total = self._votes(cands, options, hints or [])
        for country, w in (country_votes or {}).items():
            total[country] = total.get(country, 0.0) + w
        weight = sum(total.values())

        priors: dict[tuple[str, float] | None, dict[str, float]] = {}

        def prior_for(idx: int) -> dict[str, float]:
            """The country prior from the other mentions (a name does not vote for itself)."""
            own = votes[idx]
            got = priors.get(own)
            if got is None:
                rest = weight - (own[1] if own else 0.0)
                got = {} if rest <= 0 else {
                    k: (v - (own[1] if own and own[0] == k else 0.0)) / rest for k, v in total.items()}
                priors[own] = got
            return got

        def foreign(idx: int, place: GazPlace) -> bool:
            """A small place in a country nothing else in the document points to ("سد الوالة" in a
            Jordanian report matching a Yemeni hamlet): a coincidence of names, not a resolution."""
            if place.rank >= _PROMINENT or not place.country:
                return False
            own = votes[idx][1] if votes[idx] is not None and votes[idx][0] == place.country else 0.0  # type: ignore[index]
            if place.country not in HOME_COUNTRIES:
                return total.get(place.country, 0.0) - own <= 0.0
            return bool(total) and total.get(place.country, 0.0) - own <= 0.0 and weight - own > 0.0

        out: list[Resolution | None] = [None] * len(cands)
        # pass 1: what needs no other mention; containers first so "X بريف Y" can use Y. A name
        # repeated in the text is weighed once: the outcome depends only on the name, the country
        # the lexicon gave it and whether it is a province
        settled: dict[tuple[str | None, str | None, bool], Resolution | None] = {}
        for idx, opts in enumerate(options):
            if not opts or cands[idx].container is not None:
                continue
            c = cands[idx]
            sig = (c.key, c.lexicon_country, c.head_kind == "province")
            if sig in settled:
                out[idx] = settled[sig]
                continue
            scored = self._prefer_town(self._score(opts, prior_for(idx), None, []), c)
            if self._settled(scored) and not foreign(idx, scored[0][1]):
                out[idx] = self._decide(scored, len(opts))
            settled[sig] = out[idx]
        anchors = list({r.place.id: r.place for r in out if r is not None and r.place is not None
                        and r.place.feature not in PROVINCE_FEATURES}.values())
        # pass 2: containers (right to left: "X بريف Y" needs Y), then the rest
        order = sorted(range(len(cands)), key=lambda k: (cands[k].container is not None, -k))
        for idx in order:
            if out[idx] is not None or not options[idx]:
                continue
            c = cands[idx]
            container = None
            if c.container is not None:
                res = out[c.container]
                if res is None and options[c.container]:
                    res = self._decide(self._prefer_town(self._score(options[c.container], prior_for(c.container),
                                                                     None, anchors),
                                                         cands[c.container]), len(options[c.container]))
                    out[c.container] = res
                container = res.place if res is not None else None
            scored = self._prefer_town(self._score(options[idx], prior_for(idx), container, anchors), c)
            out[idx] = self._decide(scored, len(options[idx]))
            if container is None and foreign(idx, scored[0][1]) or container is not None \
                    and _out_of_reach(scored[0][1], container):
                # no place of that name lies in the container the text gives: the gazetteer lacks
                # this one (it is placed within its container instead)
                out[idx] = Resolution(None, 0.3, len(options[idx]))
            place = out[idx].place  # type: ignore[union-attr]
            if place is not None and place.feature not in PROVINCE_FEATURES and place not in anchors:
                anchors.append(place)
        return out

    def _votes(self, cands: list[PlaceCandidate], options: list[list[GazPlace]],
               hints: list[str]) -> tuple[list[tuple[str, float] | None], dict[str, float]]:
        """Each mention's vote for the document's country, and the total per country."""
        votes: list[tuple[str, float] | None] = []
        for c, opts in zip(cands, options, strict=True):
            countries = {o.country for o in opts if o.country}
            if c.lexicon_country:
                votes.append((c.lexicon_country, 1.0))
            elif len(countries) == 1:
                votes.append((next(iter(countries)), 1.0))
            elif opts and opts[0].feature == "country" and opts[0].country:
                votes.append((opts[0].country, 1.0))
            elif len(opts) > 1 and opts[0].rank - opts[1].rank >= 2 and opts[0].country:
                votes.append((opts[0].country, 0.5))
            else:
                votes.append(None)
        total: dict[str, float] = {}
        for v in votes:
            if v is not None:
                total[v[0]] = total.get(v[0], 0.0) + v[1]
        for key in hints:
            top = self.gaz.candidates(key)[:1]
            if top and top[0].country:
                total[top[0].country] = total.get(top[0].country, 0.0) + 1.0
        return votes, total

    @staticmethod
    def _score(opts: list[GazPlace], prior: dict[str, float], container: GazPlace | None,
               anchors: list[GazPlace]) -> list[tuple[float, GazPlace]]:
        scored = []
        for o in opts:
            s = o.rank + _PRIOR_WEIGHT * prior.get(o.country or "", 0.0)
            if o.rank < _PROMINENT and o.country not in HOME_COUNTRIES:
                s -= _AWAY_PENALTY
            if container is not None and container.id != o.id:
                if container.feature == "country":
                    s += 5.0 if o.country == container.country else -5.0
                else:
                    d = haversine_km(o.lat, o.lon, container.lat, container.lon)
                    reach = _reach(container)
                    s += 7.0 if d <= reach / 2 else 4.0 if d <= reach else -4.0
            if anchors:
                s += _anchor_bonus(o, anchors)
            scored.append((s, o))
        scored.sort(key=lambda x: -x[0])
        return scored

    @staticmethod
    def _prefer_town(scored: list[tuple[float, GazPlace]], cand: PlaceCandidate) -> list[tuple[float, GazPlace]]:
        """A bare name shared by a province and its chief town ("دير الزور", "حلب") means the town;
        "محافظة X" means the province."""
        best = scored[0][1]
        if cand.head_kind == "province":
            prov = next(((s, o) for s, o in scored if o.feature == "admin1"
                         and haversine_km(o.lat, o.lon, best.lat, best.lon) <= 150), None)
            if prov is not None and prov[1] is not best:
                return [prov] + [x for x in scored if x[1] is not prov[1]]
            return scored
        if best.feature not in PROVINCE_FEATURES | REGION_FEATURES or best.feature == "country":
            return scored
        town = next(((s, o) for s, o in scored if o.feature not in PROVINCE_FEATURES | REGION_FEATURES
                     and o.rank >= 3 and o.country == best.country
                     and haversine_km(o.lat, o.lon, best.lat, best.lon) <= 150), None)
        if town is None:
            return scored
        lifted = (max(town[0], scored[0][0]), town[1])
        # the province the town heads is the same name's other reading, not a rival answer
        return [lifted] + [x for x in scored if x[1] is not town[1] and x[1] is not best]

    @staticmethod
    def _margin(scored: list[tuple[float, GazPlace]]) -> float:
        best_s, best = scored[0]
        rival = next((s for s, o in scored[1:]
                      if _fast_km(o.lat, o.lon, best.lat, best.lon) > _DISTINCT_KM), None)
        return math.inf if rival is None else best_s - rival

    def _settled(self, scored: list[tuple[float, GazPlace]]) -> bool:
        return self._margin(scored) >= 2.0

    def _decide(self, scored: list[tuple[float, GazPlace]], n: int) -> Resolution:
        margin = self._margin(scored)
        best = scored[0][1]
        if margin < _MIN_MARGIN:
            return Resolution(None, round(0.5 * (1 + margin / _MIN_MARGIN) * 0.5, 2), n)
        conf = 0.95 if math.isinf(margin) else 1.0 / (1.0 + math.exp(-(margin - 0.5)))
        # a sole candidate that is only a small village is less sure than a sole city
        if math.isinf(margin) and best.rank < 3:
            conf = 0.75
        return Resolution(best, round(min(conf, 0.99), 2), n)


# "ريف إدلب الجنوبي", "جنوبي حماة", "قرية X شمالي حلب": the towns of a city's countryside lie some 10
# to 40 km out of it, a small town's nearer. With a bearing and no distance stated, the point is put
# this far along the bearing (precision 2): nearer the place meant than the town's own centre.
SIDE_KM = 20.0
_SMALL_TOWN_SIDE_KM = 10.0
_CITY_POPULATION = 50_000
# A city this large has quarters of its own on each side: "شمال الدمام" alone may lie inside it (what the
# text places against it, "قرية X شمالي حلب", still lies outside: see ``side_point``).
_OWN_SIDES_POPULATION = 500_000
_COUNTRYSIDE_HEADS = frozenset({"ريف", "ارياف", "بريف", "وريف", "لريف", "بارياف", "وارياف"})


def _side_of(place: GazPlace, offset: dict[str, Any] | None) -> bool:
    """A town (not a province, a region, a road or a country) with a bearing and no distance."""
    return offset is not None and offset.get("bearing") in BEARING_DEGREES and not offset.get("km") \
        and place.feature not in PROVINCE_FEATURES | REGION_FEATURES | LINE_FEATURES and place.feature != "country"


def side_point(res: dict[str, Any], offset: dict[str, Any] | None) -> dict[str, Any]:
    """What a direction phrase contains lies outside the town ("قرية X شمالي حلب"): the phrase's record
    moved ``SIDE_KM`` along the bearing when ``resolved_record`` left it at the town itself (a city
    with quarters of its own on that side)."""
    if not offset or offset.get("bearing") not in BEARING_DEGREES or offset.get("km") or res.get("side_km") \
            or res.get("lat") is None or res.get("precision") != 2 or res.get("feature") in (
                PROVINCE_FEATURES | REGION_FEATURES | LINE_FEATURES | {"country"}):
        return res
    lat, lon = destination(res["lat"], res["lon"], SIDE_KM, BEARING_DEGREES[offset["bearing"]])
    return {**res, "lat": lat, "lon": lon, "side_km": SIDE_KM}


def precision_of(cand: PlaceCandidate, place: GazPlace | None) -> int:
    if cand.head_kind == "province" or (place is not None and place.feature in PROVINCE_FEATURES):
        return 3
    if cand.relation in ("near", "direction") or cand.head_kind in ("around", "area"):
        return 2
    if cand.head_kind == "poi":
        return 2  # "مستشفى حلب", "طريق معان": a site named after the town, not the town
    if place is not None and (place.feature in REGION_FEATURES or place.feature in LINE_FEATURES):
        return 2
    return 1


def resolved_record(cand: PlaceCandidate, res: Resolution | None, *, own_offset: bool) -> dict[str, Any]:
    """The ``PlaceMention.resolved`` dict the output writes. ``own_offset``: the distance and bearing
    are measured from this place (not copied from the place after it)."""
    place = res.place if res is not None else None
    out: dict[str, Any] = {"name_en": None, "lat": None, "lon": None, "country": None, "admin1": None,
                           "precision": None, "gazetteer_id": None, "feature": None,
                           "confidence": res.confidence if res is not None else None,
                           "status": "resolved" if place is not None else "unresolved"}
    if place is None:
        if res is None:
            out["status"] = "unknown"  # not in the gazetteer at all
        return out
    lat, lon = place.lat, place.lon
    precision = precision_of(cand, place)
    off = cand.offset
    side_km: float | None = None
    if own_offset and off and off.get("km") and off.get("bearing") in BEARING_DEGREES:
        # "20 كلم شمال شرق دير الزور" with no town named: the point the text describes
        lat, lon = destination(lat, lon, float(off["km"]), BEARING_DEGREES[off["bearing"]])
        precision = 2
    elif _side_of(place, off) and (
            fold(cand.head or "") in _COUNTRYSIDE_HEADS
            or cand.relation == "direction" and place.population < _OWN_SIDES_POPULATION):
        # "ريف إدلب الجنوبي", "جنوب حماة": the side the text names, not the town's centre
        side_km = SIDE_KM if place.population >= _CITY_POPULATION else _SMALL_TOWN_SIDE_KM
        lat, lon = destination(lat, lon, side_km, BEARING_DEGREES[off["bearing"]])  # type: ignore[index]
        precision = 2
    out.update({"name_en": place.name_en, "lat": lat, "lon": lon, "country": place.country,
                "admin1": place.admin1, "precision": precision, "gazetteer_id": place.id,
                "feature": place.feature})
    if side_km is not None:
        out["side_km"] = side_km
    return out
