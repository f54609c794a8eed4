"""Place phrases as text with offsets (coordinates are the geocoding stage's work).

Recognised here without a gazetteer: a head word and its name ("بلدة خشام", "ريف حلب الشمالي",
"محافظة دير الزور"), a proximity phrase ("قرب دير الزور"), a bearing ("جنوب شرقي الصالحية") and a
distance with a bearing ("20 كلم شمال شرق مدينة دير الزور"), and country names. The name runs
until punctuation, a function word, a number or a word the lexicon knows as something else.
"""

from __future__ import annotations

from marsad.model import Document, Mention, PlaceMention

_MAX_NAME = 3
_STOP = frozenset(
    "في من على الى إلى عن مع بين و او أو ثم حيث التي الذي الذين هذه هذا تلك ذلك ان أن إن قد لم لا ما "
    "بعد قبل خلال منذ عند حتى كما يوم امس اليوم مساء صباح فجر ليل ليلة الخاضعة الخاضع الواقعة الواقع "
    "التابعة التابع المحاصرة المحاصر شمال جنوب شرق غرب شمالي جنوبي شرقي غربي".split())
_DIRECTION_ADJ = ("الشمالي", "الجنوبي", "الشرقي", "الغربي", "الشمالية", "الجنوبية", "الشرقية", "الغربية")
_BEARINGS = {
    "شمال": "N", "جنوب": "S", "شرق": "E", "غرب": "W",
    "شمالي": "N", "جنوبي": "S", "شرقي": "E", "غربي": "W",
}
_NEAR_WORDS = ("قرب", "بالقرب")
_BLOCKING_KINDS = frozenset({"trigger", "actor", "source", "speech_verb", "force_head", "nat_adj",
                             "quote_intro", "statement_nouns", "place_head", "direction", "distance_unit"})


def _bearing(words: str) -> str | None:
    parts = [_BEARINGS.get(w.removeprefix("ال")) for w in words.replace("ة", "").split()]
    got = [p for p in parts if p]
    if not got:
        return None
    if len(got) == 2 and got[0] in "NS" and got[1] in "EW":
        return got[0] + got[1]
    return got[0]


def find_place_phrases(doc: Document) -> list[PlaceMention]:
    toks = doc.tokens
    n = len(toks)
    kinds_at: dict[int, list[Mention]] = {}
    for m in doc.mentions:
        for k in range(m.tok_start, m.tok_end):
            kinds_at.setdefault(k, []).append(m)

    def blocked(k: int) -> bool:
        return any(m.kind in _BLOCKING_KINDS for m in kinds_at.get(k, []))

    def name_after(k: int) -> int:
        """End token of a place name starting at token k (k itself when there is none)."""
        j = k
        while j < n and j - k < _MAX_NAME:
            t = toks[j]
            w = t.norm
            if not w[:1].isalpha() or w in _STOP or blocked(j):
                break
            if j > k and toks[j].start - toks[j - 1].end > 1:
                break
            if j > k and w.startswith("و") and w not in ("وادي",):
                break
            j += 1
            if w in _DIRECTION_ADJ:
                break
        return j

    out: list[PlaceMention] = []
    used: set[int] = set()
    heads = [m for m in doc.mentions if m.kind == "place_head"]
    dirs = {m.tok_start: m for m in doc.mentions if m.kind == "direction"}
    units = {m.tok_start: m for m in doc.mentions if m.kind == "distance_unit"}
    for h in heads:
        end = name_after(h.tok_end)
        if end == h.tok_end:
            continue
        start_tok, offset, relation = h.tok_start, None, "in"
        # "20 كلم شمال شرق مدينة X" / "جنوب شرقي مدينة X"
        d = next((dm for dm in dirs.values() if dm.tok_end == h.tok_start), None)
        if d is not None:
            start_tok, relation = d.tok_start, "direction"
            offset = {"bearing": _bearing(doc.text[d.start:d.end])}
            u = next((um for um in units.values() if um.tok_end == d.tok_start), None)
            if u is not None and u.tok_start > 0 and toks[u.tok_start - 1].norm.isdigit():
                offset["km"] = int(toks[u.tok_start - 1].norm)
                start_tok = u.tok_start - 1
        out.append(_place(doc, start_tok, h.tok_end, end, doc.text[h.start:h.end], relation, offset))
        used.update(range(start_tok, end))
    for d in dirs.values():
        if d.tok_end in used or d.tok_start in used:
            continue
        end = name_after(d.tok_end)
        if end == d.tok_end:
            continue
        out.append(_place(doc, d.tok_start, d.tok_end, end, None, "direction",
                          {"bearing": _bearing(doc.text[d.start:d.end])}))
        used.update(range(d.tok_start, end))
    for k, t in enumerate(toks):
        if k in used or t.norm not in _NEAR_WORDS:
            continue
        first = k + 2 if t.norm == "بالقرب" and k + 1 < n and toks[k + 1].norm == "من" else k + 1
        if first in used or (first < n and toks[first].norm in ("مواقع", "موقع")):
            continue
        end = name_after(first)
        if end == first:
            continue
        out.append(_place(doc, k, first, end, None, "near", None))
        used.update(range(k, end))
    for m in doc.mentions:
        if m.kind == "nat_name" and m.tok_start not in used:
            out.append(PlaceMention(m.start, m.end, doc.text[m.start:m.end], doc.text[m.start:m.end],
                                    None, "country", None, {"country": m.entry.get("country"),
                                                             "feature": "country",
                                                             "name_en": m.entry.get("name_en")}))
    out.sort(key=lambda p: p.start)
    # "بلدة خشام "20 كلم شمال شرق مدينة دير الزور"": the distance and bearing place the town before it
    for a, b in zip(out, out[1:], strict=False):
        if a.offset is None and b.offset and b.offset.get("km") is not None and 0 <= b.start - a.end <= 3:
            a.offset = dict(b.offset)
    return out


def _place(doc: Document, start_tok: int, name_tok: int, end_tok: int, head: str | None, relation: str,
           offset: dict[str, object] | None) -> PlaceMention:
    toks = doc.tokens
    start, end = toks[start_tok].start, toks[end_tok - 1].end
    name_start = toks[name_tok].start
    name = doc.text[name_start:end]
    if offset is not None:
        offset = {k: v for k, v in offset.items() if v is not None}
        offset["from"] = name
    return PlaceMention(start, end, doc.text[start:end], name, head, relation, offset or None)
