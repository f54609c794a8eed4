"""Events: a trigger with its arguments in its clause or sentence, then mentions of one event merged.

For each trigger mention we decide whether it reports a specific event (not a generic or habitual
one, not negated), its ACLED sub-type (a strong trigger names it; a generic one such as قصف takes it
from an instrument word or the actor's means), who acted on whom (markers such as من قبل / على /
ضد / لـ, passive تعرض لـ, subject before the verb, genitive after a noun), its date (the nearest
date in the clause or sentence that is not the date of a statement), its place phrase, its claim
(the sentence's), and whether it is earlier context. Mentions that can be one event (same type,
compatible dates and actors) become one event with several claims.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_right
from dataclasses import dataclass
from typing import Any

from marsad.geo.gazetteer import haversine_km
from marsad.lexicon import Lexicon, struck_place_key
from marsad.model import (
    ActorRef,
    Casualty,
    DateMention,
    DateValue,
    Document,
    Event,
    EventMention,
    Mention,
    PlaceMention,
    Sentence,
    Span,
    Token,
)

MEANS_SUBTYPE = {
    "air": "Air/drone strike",
    "drone": "Air/drone strike",
    "artillery": "Shelling/artillery/missile attack",
    "missile": "Shelling/artillery/missile attack",
    "naval": "Shelling/artillery/missile attack",
}
_RANK = {"strong": 3, "modifier": 2, "means": 1, "default": 0}
_ARMED_KINDS = {"state_forces", "state_coalition", "pro_government_militia", "rebel_group",
                "jihadist_group", "kurdish_forces"}
_IMPERFECT = ("ي", "ت", "ن")


@dataclass
class _Ctx:
    doc: Document
    lex: Lexicon
    sent_starts: list[int]
    tok_starts: list[int]
    by_sentence: list[list[Mention]]
    dates_by_sentence: list[list[DateMention]]
    places_by_sentence: list[list[PlaceMention]]
    harm_sentences: frozenset[int] = frozenset()  # sentences that report a casualty figure

    def sentence_of(self, pos: int) -> int:
        return max(0, bisect_right(self.sent_starts, pos) - 1)

    def tok_of(self, pos: int) -> int:
        return max(0, bisect_right(self.tok_starts, pos) - 1)


def _clause_of(sent: Sentence, pos: int) -> Span:
    for c in sent.clauses:
        if c.start <= pos < c.end:
            return c
    return Span(sent.start, sent.end)


def extract_events(doc: Document, lex: Lexicon, casualties: list[Casualty], *, background_days: int = 14) -> None:
    if not doc.sentences:
        return
    ctx = _Ctx(doc, lex, [s.start for s in doc.sentences], [t.start for t in doc.tokens],
               [[] for _ in doc.sentences], [[] for _ in doc.sentences], [[] for _ in doc.sentences])
    for m in doc.mentions:
        ctx.by_sentence[ctx.sentence_of(m.start)].append(m)
    for d in doc.dates:
        ctx.dates_by_sentence[ctx.sentence_of(d.start)].append(d)
    for p in doc.places:
        ctx.places_by_sentence[ctx.sentence_of(p.start)].append(p)
    ctx.harm_sentences = frozenset(ctx.sentence_of(c.start) for c in casualties)
    mentions: list[EventMention] = []
    dropped: list[tuple[int, int]] = []
    for m in doc.mentions:
        if m.kind != "trigger":
            continue
        em = _event_mention(ctx, m, background_days, dropped)
        if em is not None:
            mentions.append(em)
    mentions = _fold_elaborations(mentions, doc.text)
    _attach_casualties(ctx, mentions, casualties)
    doc.event_mentions = mentions
    doc.events = _merge(doc, lex, mentions)
    _infer_missing_actor1(doc, mentions)
    claim_index = {c.id: c for c in doc.claims}
    news = [ev for ev in doc.events if not ev.background]
    if news:
        # "نفى التحالف هذه الرواية": a denial speaks of the report's main event; so does a source whose
        # statements tell of harm or weapons without naming the event again ("وقالت الوكالة إن المسيّرة
        # أطلقت صاروخين … ومقتل من كانوا بداخلها")
        linked = {cid for ev in doc.events for cid in ev.claims}
        telling = _claims_telling_of_harm(ctx, doc)
        for claim in doc.claims:
            if claim.id in news[0].claims:
                continue
            if claim.stance == "denies" or (claim.id not in linked and claim.id in telling):
                news[0].claims.append(claim.id)
    for ev in doc.events:
        for cid in ev.claims:
            found = claim_index.get(cid)
            if found is not None and ev.id not in found.events:
                found.events.append(ev.id)


# --------------------------------------------------------------------------- one mention

def _near(ms: list[Mention], kind: str, lo: int, hi: int) -> list[Mention]:
    return [m for m in ms if m.kind == kind and lo <= m.tok_start and m.tok_end <= hi]


_CONTROL = frozenset({"سيطره", "السيطره", "نفوذ"})
_AREA = frozenset({"مناطق", "منطقه", "المناطق", "المنطقه", "تحت", "مدن", "قري", "بلدات", "مواقع"})
_REMNANTS = frozenset({"مخلفات", "بقايا", "مخلفاته", "مخلفاتها"})
_MARKER_KINDS = frozenset({"agent_marker", "support_marker"})
_CAUSE = frozenset({"نتيجه", "جراء", "اثر", "بعد", "عقب", "بسبب", "خلال", "سبب", "وقوع", "حادث"})
_RELATIVE = frozenset({"التي", "الذي", "الذين", "اللذين", "اللتين", "اللواتي"})
_SUFFIXES = ("هما", "هم", "هن", "ها", "نا", "كم")


def _sentence_anchored(ctx: _Ctx, trig: Mention, clause: Span) -> bool:
    """The trigger's sentence pins the event down: a date or a figure in it, or a named place
    (not a country) in the trigger's clause."""
    si = ctx.sentence_of(trig.start)
    sent = ctx.doc.sentences[si]
    if ctx.dates_by_sentence[si]:
        return True
    if any(clause.start <= p.start < clause.end and p.relation != "country" for p in ctx.places_by_sentence[si]):
        return True
    return any(sent.start <= q.start < sent.end and q.kind in ("number", "vague", "range", "dual")
               for q in ctx.doc.quantities)


def _drop_reason(ctx: _Ctx, trig: Mention, ms: list[Mention], clause_dates: list[DateMention],
                 passive: bool) -> str | None:
    """Why a trigger does not report a specific event here, or None when it may."""
    doc = ctx.doc
    toks = doc.tokens
    tok = toks[trig.tok_start]
    forms = ctx.lex.trigger_forms.get(str(trig.entry.get("id")), frozenset())
    if any(m.kind in ("actor", "source") and m.tok_start <= trig.tok_start < m.tok_end for m in ms):
        return "inside a name"  # "هيئة تحرير الشام"
    if tok.keys[-1] in _CONTROL and trig.tok_start > 0 and toks[trig.tok_start - 1].keys[-1] in _AREA:
        return "description"  # "في مناطق سيطرة قسد", "الخاضعة تحت سيطرة النظام": who holds an area
    if trig.tok_start > 0 and toks[trig.tok_start - 1].keys[-1] in _REMNANTS:
        return "remnant"  # "من مخلفات قصف سابق": an earlier strike, told for what it left behind
    if any(m.kind in _MARKER_KINDS and m.tok_start <= trig.tok_start < m.tok_end for m in ms):
        return "inside a marker"  # "قصف مصدره مناطق سيطرة قسد": the control is where the fire came from
    if _near(ms, "generic_markers", trig.tok_start - 2, trig.tok_start):
        return "generic"  # "ازداد عدد حالات قصف"
    if _near(ms, "negation", trig.tok_start - 2, trig.tok_start):
        return "negated"
    # "منذ قليل", "منذ ساعات": a moment ago is when it happened, not the "since" of a truce or a plan
    recent = {m.tok_start for m in ms if m.kind == "recent_time"}
    if any(m.tok_start not in recent for m in _near(ms, "irrealis", trig.tok_start - 5, trig.tok_start)):
        return "irrealis"  # "تستعد لشن هجوم", "منذ بدء الهدنة"
    key = _matched_key(tok.keys, forms)
    if key is None:
        return None
    si = ctx.sentence_of(trig.start)
    sent = doc.sentences[si]
    anchored = bool(clause_dates) or _sentence_anchored(ctx, trig, _clause_of(sent, trig.start))
    if _is_imperfect(key, forms):
        if trig.tok_start > 0 and toks[trig.tok_start - 1].norm in _RELATIVE:
            return "description"  # "قسد التي تقاتل …"
        if not anchored:
            return "habitual"  # "تقاتل", "يقصف" with no place, date or figure: not a dated event
    if trig.tok_end - trig.tok_start == 1 and _date_for(ctx, trig, si, _clause_of(sent, trig.start)) is None:
        for suf in _SUFFIXES:
            if tok.norm.endswith(suf) and tok.norm[: -len(suf)].lstrip("وفبلك") in forms | {key[: -len(suf)]}:
                return "possessive"  # "معاركهم ضد …", "هجومها على …"
    if (tok.norm.startswith("لل") and key.startswith("ال") and not passive and not key.endswith("ات")
            and (trig.tok_start == 0 or toks[trig.tok_start - 1].norm not in _CAUSE)):
        return "purpose"  # "تقاتل للسيطرة على …"
    return None


def _event_mention(ctx: _Ctx, trig: Mention, background_days: int,
                   dropped: list[tuple[int, int]]) -> EventMention | None:
    doc = ctx.doc
    si = ctx.sentence_of(trig.start)
    sent = doc.sentences[si]
    clause = _clause_of(sent, trig.start)
    ms = ctx.by_sentence[si]
    entry = trig.entry
    strength = str(entry.get("strength") or "weak")
    clause_dates = [d for d in ctx.dates_by_sentence[si] if clause.start <= d.start < clause.end]
    clause_lo, clause_hi = ctx.tok_of(clause.start), ctx.tok_of(max(clause.start, clause.end - 1)) + 1
    sent_lo, sent_hi = ctx.tok_of(sent.start), ctx.tok_of(max(sent.start, sent.end - 1)) + 1
    passive = bool(_near(ms, "passive_light_verbs", clause_lo, trig.tok_start)) or bool(
        _near(ms, "passive_light_verbs", trig.tok_start - 3, trig.tok_start))
    # a trigger joined by و to a dropped one in the same clause shares its fate ("للسيطرة … وطرد")
    if doc.tokens[trig.tok_start].norm.startswith("و") and any(
            lo <= trig.tok_start and trig.tok_start - hi <= 6 and lo >= clause_lo for lo, hi in dropped):
        dropped.append((trig.tok_start, trig.tok_end))
        return None
    if _drop_reason(ctx, trig, ms, clause_dates, passive) is not None:
        dropped.append((trig.tok_start, trig.tok_end))
        return None
    # other reported events in the sentence bound this one's arguments
    dropped_starts = {lo for lo, _ in dropped}
    # a trigger word inside a name ("الدفاعات الجوية السعودية") bounds nothing: it is dropped later
    names = [(m.tok_start, m.tok_end) for m in ms if m.kind in ("actor", "source")]
    # nor does a patrol or convoy word after a violent one: it is the target ("استهدفت دورية للجيش")
    violent = entry.get("event_type") in _VIOLENT
    names += [(m.tok_start, m.tok_end) for m in ms if m.kind in _MARKER_KINDS]
    names += [(m.tok_start, m.tok_end) for m in ms if m.kind == "trigger" and m.tok_start > 0
              and doc.tokens[m.tok_start - 1].keys[-1] in _REMNANTS]
    others = [m for m in ms if m.kind == "trigger" and m is not trig and m.tok_start not in dropped_starts
              and not any(lo <= m.tok_start < hi for lo, hi in names)
              and not (violent and m.entry.get("id") == "strategic_other" and m.tok_start > trig.tok_start)]
    seg_lo = max([sent_lo] + [m.tok_end for m in others if m.tok_end <= trig.tok_start])
    seg_hi = min([sent_hi] + [m.tok_start for m in others if m.tok_start >= trig.tok_end])
    actors = _actors(ctx, trig, ms, sent_lo, sent_hi, clause_lo, clause_hi, passive, (seg_lo, seg_hi))
    event_type, sub, rank = _sub_type(entry, ms, trig, actors, clause_lo, clause_hi, sent_lo, sent_hi)
    a1 = next((a for a in actors if a.role == "actor1"), None)
    a2 = next((a for a in actors if a.role == "actor2"), None)
    if entry.get("by_state_sub_event_type") and a1 is not None and a1.kind in (
            "state_forces", "state_coalition", "pro_government_militia"):
        sub = str(entry["by_state_sub_event_type"])
        event_type = str(entry.get("by_state_event_type") or event_type)
    if entry.get("on_civilians_sub_event_type") and a2 is not None and a2.kind == "civilians" \
            and event_type not in ("Explosions/Remote violence",):
        sub = str(entry["on_civilians_sub_event_type"])
        event_type = str(entry.get("on_civilians_event_type") or event_type)
    if event_type == "Strategic developments" and sub == "Looting/property destruction":
        mods = _near(ms, "modifier", clause_lo, clause_hi)
        if mods:
            # "دمرت طائرات روسية منزلاً": destruction by aircraft or shells is the strike itself
            event_type = str(mods[0].entry.get("event_type") or _REMOTE)
            sub, rank = str(mods[0].entry.get("sub_event_type")), _RANK["modifier"]
    in_clause = [a for a in actors if clause.start <= a.start < clause.end]
    harm = si in ctx.harm_sentences or bool(_near(ms, "victim_noun", clause_lo, clause_hi)) or (
        # "استشهد خلال القصف": a death told with no figure beside a bombardment word (not "ضربة" or
        # "هجوم", which sport uses too, nor an injury, which is also a player's)
        _bombardment_word(ctx, trig) and any(m.entry.get("category") == "killed" for m in ms if m.kind == "harm_word"))
    armed = any(_is_armed(a, ms) for a in actors)
    # civilians make a target only when the sentence reports harm ("تستهدف جميع الفئات من الأهالي")
    armed_here = any(_is_armed(a, ms) or (a.kind == "civilians" and harm) for a in in_clause)
    clause_mod = bool(_near(ms, "modifier", clause_lo, clause_hi))
    if strength != "strong" and not (armed_here or clause_mod or harm or _strikes_town(ctx, trig, si, clause)):
        return None  # "استُهدف موقع … أدى إلى إصابة مواطنين": a target hit with people harmed is an event
    if event_type != "Explosions/Remote violence" and not armed_here and not (
            strength == "strong" and (harm or _sentence_anchored(ctx, trig, clause))):
        return None  # fighting, attacks and arrests need their armed actor, or a toll or place for a strong word
    if entry.get("needs_armed_context") and not armed:
        return None
    date = _date_for(ctx, trig, si, clause)
    place = _place_for(ctx, trig, si, clause)
    claim = doc.sentence_claims[si] if si < len(doc.sentence_claims) else None
    boundary = _speech_boundary(ms, trig)
    background = any(not doc.tokens[m.tok_start].keys[-1].startswith("كان") and m.tok_start >= boundary
                     for m in _near(ms, "background_markers", sent_lo, trig.tok_start))
    pub = doc.meta.published
    if (date is not None and pub is not None and date.value.end is not None
            and date.value.end < pub - dt.timedelta(days=background_days)):
        background = True
    return EventMention(trig, sub, event_type, si, claim, actors, date, place, [], background, rank)


_STRUCK_REACH = 6  # "القصف الذي استهدف الأحياء السكنية في مدينة X": words between the strike and the town
_UNDER = frozenset({"تحت"})


def _bombardment_word(ctx: _Ctx, trig: Mention) -> bool:
    """قصف, دك: words with no everyday sense, listed as the trigger's ``struck_place_forms``."""
    forms = ctx.lex.trigger_forms.get(struck_place_key(trig.entry), frozenset())
    return bool(forms) and _matched_key(ctx.doc.tokens[trig.tok_start].keys, forms) is not None


def _strikes_town(ctx: _Ctx, trig: Mention, si: int, clause: Span) -> bool:
    """A bombardment word whose object is a named place ("قصف يستهدف مدينة اعزاز", "القصف على أريحا",
    "جسر الشغور تحت القصف"): the place struck makes it an event though no actor or weapon is named."""
    if not _bombardment_word(ctx, trig):
        return False
    toks = ctx.doc.tokens
    under = trig.tok_start > 0 and toks[trig.tok_start - 1].keys[-1] in _UNDER
    for p in ctx.places_by_sentence[si]:
        res = p.resolved or {}
        if p.relation in ("country", "metonymy") or res.get("lat") is None or (res.get("precision") or 3) >= 3:
            continue
        if not clause.start <= p.start < clause.end:
            continue
        ptok = ctx.tok_of(p.start)
        if trig.tok_end <= ptok <= trig.tok_end + _STRUCK_REACH:
            return True
        if under and ctx.tok_of(max(p.start, p.end - 1)) + 1 == trig.tok_start - 1:
            return True
    return False


def _is_armed(a: ActorRef, ms: list[Mention]) -> bool:
    m = next((m for m in ms if m.kind == "actor" and m.start == a.start and m.end == a.end), None)
    if a.kind not in _ARMED_KINDS:
        return m is not None and bool(m.entry.get("armed"))  # "مسلحون مجهولون"
    return m is None or not m.entry.get("country_name")


def _matched_key(keys: tuple[str, ...], forms: frozenset[str]) -> str | None:
    for k in keys:
        if k in forms:
            return k
    return None


def _is_imperfect(key: str, forms: frozenset[str]) -> bool:
    """A present-tense verb form (يقصف، تقاتل، تستهدف) tells a habit or a plan, not a dated event."""
    if len(key) < 4 or key[0] not in _IMPERFECT:
        return False
    if key[0] == "ي" and not key.startswith("يوم"):
        return True
    rest = key[1:]
    if rest.endswith(("ون", "ان")):
        rest = rest[:-2]
    return rest in forms or ("ا" + rest) in forms or key in ("تقاتل", "تشتبك", "تستهدف", "تقصف", "تشن")


_REMOTE = "Explosions/Remote violence"
_VIOLENT = frozenset({_REMOTE, "Battles", "Violence against civilians"})


def _sub_type(entry: dict[str, Any], ms: list[Mention], trig: Mention, actors: list[ActorRef],
              clo: int, chi: int, slo: int, shi: int) -> tuple[str, str, int]:
    """(event type, sub-type, rank): an instrument word or the actor's means decides a generic trigger,
    and may move it to remote violence ("مجزرة" by aircraft is an air strike)."""
    default = str(entry.get("sub_event_type"))
    etype = str(entry.get("event_type"))
    if not entry.get("generic"):
        return etype, default, _RANK["strong"]
    others = [m.tok_start for m in ms if m.kind == "trigger" and m is not trig]
    for lo, hi in ((clo, chi), (slo, shi)):
        mods = _near(ms, "modifier", lo, hi)
        # an instrument word belongs to the nearest trigger: "شن غارة جوية … بحجة هجومها"
        mods = [m for m in mods if all(abs(m.tok_start - trig.tok_start) <= abs(m.tok_start - o) for o in others)]
        if mods:
            best = min(mods, key=lambda m: abs(m.tok_start - trig.tok_end))
            return (str(best.entry.get("event_type") or _REMOTE), str(best.entry.get("sub_event_type")),
                    _RANK["modifier"])
        for m in ms:
            if m.kind in ("actor", "force_head") and lo <= m.tok_start < hi:
                means = m.entry.get("means")
                if means in MEANS_SUBTYPE:
                    return _REMOTE, MEANS_SUBTYPE[str(means)], _RANK["means"]
    return etype, default, _RANK["default"]


# --------------------------------------------------------------------------- actors

def _speech_intros(ms: list[Mention], trig: Mention) -> list[Mention]:
    """"أن/إن" before the trigger that open reported speech (a reporting verb precedes them)."""
    verbs = [m.tok_end for m in ms if m.kind == "speech_verb" and m.tok_end <= trig.tok_start]
    return [m for m in ms if m.kind == "quote_intro" and m.tok_end <= trig.tok_start
            and any(v <= m.tok_start for v in verbs)]


def _speech_boundary(ms: list[Mention], trig: Mention) -> int:
    intros = _speech_intros(ms, trig)
    return intros[-1].tok_end if intros else 0


def _actor_ref(doc: Document, m: Mention, role: str) -> ActorRef:
    e = m.entry
    if m.kind == "nat_adj":
        return ActorRef(role, m.start, m.end, doc.text[m.start:m.end],
                        str(e.get("forces") or f"{e.get('adjective_en')} military"), e.get("country"), "state_forces")
    return ActorRef(role, m.start, m.end, doc.text[m.start:m.end], str(e.get("canonical")),
                    e.get("country"), str(e.get("kind") or "unknown"))


_NOMINAL_BEFORE = frozenset({"حادث", "حادثه", "وقوع", "اثر", "إثر", "جراء", "نتيجه", "بعد", "عن", "من", "في",
                             "خلال", "عقب", "بسبب", "قبل", "بين", "منذ"})


def _actors(ctx: _Ctx, trig: Mention, ms: list[Mention], slo: int, shi: int, clo: int, chi: int,
            passive: bool, segment: tuple[int, int]) -> list[ActorRef]:
    doc = ctx.doc
    toks = doc.tokens
    # actors before the "أن/إن" that opens reported speech belong to the statement, not the event
    intros = _speech_intros(ms, trig)
    lo = max([slo] + [m.tok_end for m in intros])
    pronoun_intro = bool(intros) and toks[intros[-1].tok_start].norm.endswith(("انه", "انها"))
    # who was or was not there ("بينهم جنود روس", "عدم وجود عسكريين روس") is a presence claim,
    # not a party to the event
    presence_ends = {m.tok_end for m in ms if m.kind in ("presence_assert", "presence_deny")}
    # ... but a force after a support marker took part ("بمشاركة قسد", "بالتعاون مع التحالف"): the
    # marker's words are also presence and company words, and the support reading wins
    support_ends = [x.tok_end for x in ms if x.kind == "support_marker"]
    allc = [m for m in ms if m.kind == "actor" and lo <= m.tok_start < shi
            and (any(_adjacent(toks, e, m.tok_start) for e in support_ends) or (
                not (m.tok_start > 0 and toks[m.tok_start - 1].norm in ("مع", "ومع"))
                and not (m.tok_start in presence_ends or m.tok_start - 1 in presence_ends)))]
    seg_lo, seg_hi = segment
    sentence_before = [m for m in allc if m.tok_end <= trig.tok_start]  # a passive subject may lie further back
    allc = [m for m in allc if seg_lo <= m.tok_start < seg_hi]
    # "بدعم جوي من التحالف", "بمساندة روسية": a force that took part beside the one who acted
    supports = [x for x in ms if x.kind == "support_marker" and seg_lo <= x.tok_start < seg_hi]
    helpers = [m for m in ms if m.kind in ("actor", "nat_adj") and m.entry.get("kind") != "civilians"
               and any(_adjacent(toks, x.tok_end, m.tok_start) for x in supports)]
    helper_starts = {m.start for m in helpers}
    # "النظام السوري وروسيا", "طائرات روسيا وقوات النظام": coordinated actors share one role
    cands: list[Mention] = []
    partners: dict[int, list[Mention]] = {}
    for m in allc:
        head = cands[-1] if cands else None
        if head is not None and (_joined(toks, _last_end(head, partners), m) or (
                m.entry.get("stacked") and _adjacent(toks, _last_end(head, partners), m.tok_start, 0))) \
                and _same_side(head, m):
            partners.setdefault(head.start, []).append(m)
            continue
        if head is not None and _adjacent(toks, _last_end(head, partners), m.tok_start, 0) \
                and _same_actor(head, partners, m):
            partners.setdefault(head.start, []).append(m)  # "قوات سوريا الديمقراطية (قسد)": one name twice
            continue
        cands.append(m)
    for m in helpers:
        helper_starts.update(p.start for p in partners.get(m.start, []))
    cands = [m for m in cands if m.start not in helper_starts]
    # "الضربة الأمريكية", "بقصف المسير الإسرائيلي": a nationality right after the trigger (or after
    # one instrument word) names the perpetrator
    mod_after = {m.tok_end for m in ms if m.kind == "modifier" and m.tok_start == trig.tok_end}
    # "غارة جوية يعتقد أنها أردنية": a hedged nationality names the perpetrator too
    # "غارتين جويتين روسيتين", "قصف مدفعي تركي": the nationality after the whole attack phrase
    head_end = max([trig.tok_end] + [m.tok_end for m in ms if m.kind == "attack_head"
                                     and m.tok_start <= trig.tok_start < m.tok_end])
    hedged = {m.tok_end for m in ms if m.kind == "agent_marker" and trig.tok_end <= m.tok_start <= head_end + 2}
    adj_after = [m for m in ms if m.kind == "nat_adj" and (
        m.tok_start in (trig.tok_end, head_end) or m.tok_start in mod_after or m.tok_start in hedged)]
    roles: dict[str, ActorRef] = {}

    def marker_before(m: Mention, kind: str) -> bool:
        return any(x.kind == kind and _adjacent(toks, x.tok_end, m.tok_start) for x in ms)

    def agent_before(m: Mention) -> bool:
        # "قصف مصدره مناطق انتشار قسد", "مصدرها نقاط مشتركة بين …": a few words of place may stand
        # between the marker and the force, but no other actor or event word
        for x in ms:
            if x.kind != "agent_marker" or not _adjacent(toks, x.tok_end, m.tok_start, _AGENT_REACH):
                continue
            if not any(y.kind in ("actor", "nat_adj", "trigger") and x.tok_end <= y.tok_start < m.tok_start
                       for y in ms):
                return True
        return False

    used: set[int] = set()
    harmed = _harmed_starts(ctx, ms)

    def put(role: str, m: Mention) -> None:
        if m.start in used:
            return
        if role == "actor1" and (m.entry.get("kind") == "civilians" or m.tok_start in harmed):
            role = "actor2"  # civilians and a group killed or hurt are acted on, never the perpetrator
        if role not in roles:
            roles[role] = _actor_ref(doc, m, role)
            used.add(m.start)

    def prev_norm(m: Mention) -> str:
        return toks[m.tok_start - 1].norm if m.tok_start > 0 else ""

    def dist(m: Mention) -> tuple[int, int]:
        # targets usually follow their trigger ("غارة على X", "الضربة ضد X")
        if m.tok_start >= trig.tok_start:
            return (0, max(0, m.tok_start - trig.tok_end))
        return (1, trig.tok_start - m.tok_end)

    # explicit markers in the trigger's clause, nearest first: "من قبل Y" (agent), "على/ضد Y" (target)
    in_clause = sorted((m for m in cands if clo <= m.tok_start < chi), key=dist)
    for m in in_clause:
        if m.entry.get("kind") == "civilians":
            put("actor2", m)
        elif agent_before(m) or _instrumental(toks[m.tok_start], m):
            put("actor1", m)  # "من قبل X", "يرجح أنها تابعة لـ X", "بطائرات X"
        elif marker_before(m, "belonging"):
            # "مسيرة تابعة لـ X": X's weapon struck; "مستودعات تابعة لـ X": X owned what was hit
            owner = next(x for x in ms if x.kind == "belonging" and _adjacent(toks, x.tok_end, m.tok_start))
            weapon = any(x.kind in ("modifier", "force_head", "trigger") and x.tok_end == owner.tok_start for x in ms)
            # "طيران مسير من طراز … تابع للتحالف يستهدف منزلاً": what X owns is the subject of the verb
            weapon = weapon or (not passive and m.tok_end <= trig.tok_start and not _is_noun(toks, trig))
            put("actor1" if weapon else "actor2", m)
        elif marker_before(m, "target_marker"):
            put("actor2", m)
    if adj_after:
        put("actor1", adj_after[0])  # "الضربة الأمريكية"
    # "انفجار قنبلة من مخلفات قصف سابق لقوات النظام": who fired what was left behind set it off
    remnants = [t for t in ms if t.kind == "trigger" and t.tok_start > trig.tok_end
                and toks[t.tok_start - 1].keys[-1] in _REMNANTS]
    for m in in_clause:
        if any(_adjacent(toks, t.tok_end, m.tok_start, 2) for t in remnants):
            put("actor1", m)
    # actors inside a multiword trigger or right after it: "قصف طائرات التحالف", "غارات التحالف"
    after = [m for m in cands if m.tok_start > trig.tok_start and (m.tok_start >= trig.tok_end or m.tok_end > trig.tok_end)]
    before = [m for m in cands if m.tok_end <= trig.tok_start]
    # "قصف لقوات النظام على …": a bare verbal noun with its agent after لـ is a noun, not the verb قصف
    nominal = _is_noun(toks, trig) or (
        bool(after) and after[0].tok_start == trig.tok_end and trig.tok_end - trig.tok_start == 1
        and toks[after[0].tok_start].norm.startswith("ل") and toks[trig.tok_start].norm[:1] not in _IMPERFECT
        and after[0].entry.get("kind") in _ARMED_KINDS) or _in_construct(toks, ms, trig)
    op: Mention | None = None
    if passive:
        for m in reversed(before or sentence_before):
            if m.entry.get("kind") != "civilians":
                put("actor2", m)
                break
        for m in after:
            if m.tok_start - trig.tok_end <= 1 or prev_norm(m) == "من":
                put("actor1", m)
                break
    elif nominal:
        # "قصف طائرات التحالف", "غارة للطيران الروسي", "مجزرة لقوات النظام": the agent follows the noun
        for m in after:
            if "actor1" not in roles and (m.tok_start < trig.tok_end or _adjacent(toks, trig.tok_end, m.tok_start, 2)) \
                    and m.entry.get("kind") != "civilians":
                put("actor1", m)
            else:
                put("actor2", m)
        for m in reversed(before):
            if prev_norm(m) == "من" or "actor1" in roles:
                put("actor2", m)
            else:
                put("actor1", m)
    else:
        op = _operation_subject(ctx, ms, trig, slo)
        subject = None
        for m in reversed(before):
            if op is not None and op.tok_end <= m.tok_start and m.entry.get("kind") != "civilians":
                subject = m  # "عملية إنزال للتحالف استهدفت", "قصف من قوات النظام استهدف": the operation's agent
                break
            if toks[m.tok_start].norm.startswith("ل") or prev_norm(m) == "من":
                put("actor2", m)
                continue
            subject = m
            break
        if subject is None and op is not None:
            subject = _operation_agent(toks, ms, sentence_before, op, support_ends)
        if subject is not None:
            put("actor1", subject)
        loose = _loose_tokens(ctx, ms, trig)
        for m in after:
            gap = sum(1 for k in range(trig.tok_end, m.tok_start) if k not in loose)
            if "actor1" not in roles and op is None and gap <= 1 and not toks[m.tok_start].norm.startswith("ل"):
                put("actor1", m)
            else:
                put("actor2", m)
    if "actor1" not in roles and pronoun_intro:
        # "قال فيه إنه شن غارة": the speaker is the agent
        speakers = [m for m in ms if m.kind == "actor" and m.tok_end <= intros[-1].tok_start]
        if speakers:
            put("actor1", speakers[0])
    if "actor1" not in roles and helpers:
        put("actor1", helpers[0])  # "عملية أمنية بدعم جوي من التحالف": the only force named
    if op is not None and any(a.role == "actor1" for a in roles.values()):
        # "نفذت قسد وبدعم من التحالف عملية أمنية استهدفت …": who supported the operation struck too
        helpers += [m for m in sentence_before if m.tok_end <= op.tok_start and m not in helpers
                    and any(_adjacent(toks, e, m.tok_start) for e in support_ends)]
    out = [roles[r] for r in ("actor1", "actor2") if r in roles]
    if len(out) == 2 and out[0].canonical == out[1].canonical:
        out = out[:1]
    if any(a.role == "actor1" for a in out):
        for m in helpers:
            extra = _actor_ref(doc, m, "actor1")
            if m.start not in used and extra.canonical not in (a.canonical for a in out):
                out.append(extra)
                used.add(m.start)
    for ref in list(out):
        group = partners.get(ref.start, [])
        before_ref = ctx.tok_of(ref.start) - 1
        if group and ref.start > 0 and toks[before_ref].norm == "بين" \
                and not (before_ref > 0 and toks[before_ref - 1].keys[-1] in _JOINT):
            # "الاشتباكات بين القوات الحكومية ومسلحي الحوثي": two sides, not joint perpetrators
            out = [a for a in out if a.role != "actor2"]
            out.append(_actor_ref(doc, group[0], "actor2"))
            group = group[1:]
        for m in group:
            if ref.role == "actor1" and m.entry.get("kind") == "civilians":
                continue
            extra = _actor_ref(doc, m, ref.role)
            if extra.canonical not in (a.canonical for a in out):
                out.append(extra)
    out.sort(key=lambda a: a.role)
    return out


_HARM_CATEGORIES = frozenset({"killed", "injured", "captured"})
_VICTIM_REACH = 4  # "مقتل اثنين من قياديي داعش": words between the harm word and the group


def _harmed_starts(ctx: _Ctx, ms: list[Mention]) -> set[int]:
    """First tokens of the actors a harm word is told of: "مقتل عنصرين من داعش", "قتل ثلاثة إرهابيين
    من التنظيم", "إصابة أحد عناصر قسد", "قتلى قوات النظام". Between the word and the group stand only
    numbers and words that count or name members ("من", "عناصر", "قياديي", "في صفوف"); a bare verb
    right before a name ("قتلت قوات النظام") is the active verb and its subject, so it is not read."""
    doc = ctx.doc
    linked: set[int] = set()
    for m in ms:
        if m.kind == "victim_link":
            linked.update(range(m.tok_start, m.tok_end))
    for q in doc.quantities:
        linked.update(range(ctx.tok_of(q.start), ctx.tok_of(max(q.start, q.end - 1)) + 1))
    harms = [m for m in ms if m.kind == "victim_noun"
             or (m.kind == "harm_word" and m.entry.get("category") in _HARM_CATEGORIES)]
    out: set[int] = set()
    for a in ms:
        if a.kind not in ("actor", "nat_adj"):
            continue
        h = max((x for x in harms if x.tok_end <= a.tok_start), key=lambda x: x.tok_end, default=None)
        if h is None or a.tok_start - h.tok_end > _VICTIM_REACH:
            continue
        gap = range(h.tok_end, a.tok_start)
        if all(k in linked for k in gap) and (len(gap) > 0 or h.kind == "victim_noun"):
            out.add(a.tok_start)
    return out


_OP_REACH = 4  # "عملية أمنية نوعية استهدفت", "مداهمة فجر الثلاثاء استهدفت": words between the operation and its verb
_OP_NOT_SUBJECT = _NOMINAL_BEFORE | {"اثناء", "أثناء", "اطار", "ضمن", "اعقاب", "بعيد", "اثر"}
_CLASH_IDS = ("armed_clash", "shooting", "territory_gain")


def _operation_subject(ctx: _Ctx, ms: list[Mention], trig: Mention, lo: int) -> Mention | None:
    """The operation or attack noun that is the subject of the verb ``trig`` ("عملية أمنية استهدفت
    خلايا داعش", "مداهمة فجر الثلاثاء استهدفت …", "قصف صاروخي مصدره X استهدف الأحياء"): the forces
    after such a verb are what it struck, and the operation's own agent struck. A noun after a
    preposition ("خلال اشتباكات قتلت قوات النظام …") is no subject, nor is one with a force between
    it and the verb that could be the verb's own subject."""
    toks = ctx.doc.tokens
    if _is_noun(toks, trig):
        return None
    ops = [m for m in ms if m.kind in ("operation_noun", "trigger") and m is not trig and lo <= m.tok_start
           and m.tok_end <= trig.tok_start and trig.tok_start - m.tok_end <= _OP_REACH]
    if not ops:
        return None
    op = max(ops, key=lambda m: (m.tok_end, -m.tok_start))
    if any(toks[k].norm in ("،", ",", ":", "؛") for k in range(op.tok_end, trig.tok_start)):
        return None  # "خلال عملية الإنزال في البصيرة، اعتقلت قسد …": a clause of its own
    first = toks[op.tok_start]
    after_prep = (op.tok_start > 0 and toks[op.tok_start - 1].norm in _OP_NOT_SUBJECT) or (
        first.norm != first.keys[-1] and first.norm[:1] in "بلكف" and not first.norm.startswith("ال"))
    definite = any(toks[k].norm.lstrip("وفبك").startswith(("ال", "لل")) for k in range(op.tok_start, op.tok_end))
    if after_prep and (definite or str(op.entry.get("id") or "").startswith(_CLASH_IDS)):
        # "جراء غارة استهدفت قوات النظام": an indefinite strike still struck what follows (the verb
        # describes it); but "خلال اشتباكات قتلت قوات النظام …" and "بعد الغارة قصفت …" start a
        # clause of their own
        return None
    if op.kind == "trigger" and not _is_noun(toks, op):
        return None  # "قصفت … واستهدفت": two verbs
    for m in ms:
        if m.kind in ("actor", "nat_adj") and op.tok_end <= m.tok_start < trig.tok_start:
            norm = toks[m.tok_start].norm
            prev = toks[m.tok_start - 1].norm if m.tok_start > 0 else ""
            if m.kind == "actor" and not (norm.startswith("ل") or prev in ("من", "قبل") or any(
                    x.kind in ("agent_marker", "support_marker") and _adjacent(toks, x.tok_end, m.tok_start, _AGENT_REACH)
                    for x in ms)):
                return None  # "عملية قسد …": a force between could be the verb's subject
    return op


_CONSTRUCT_HEADS = frozenset({"عمليه", "عمليات", "حمله", "حملات"})


def _in_construct(toks: list[Token], ms: list[Mention], trig: Mention) -> bool:
    """"عملية قصف التحالف", "حملة اغتيالات": an event word in construct with a bare operation noun is
    a noun (but "عملية أمنية استهدفت" is the operation and its verb)."""
    key = toks[trig.tok_start].keys[-1]
    return trig.tok_start > 0 and toks[trig.tok_start - 1].keys[-1] in _CONSTRUCT_HEADS and any(
        m.kind == "operation_noun" and m.tok_end == trig.tok_start for m in ms) and (
        _looks_nominal(key) or (len(key) <= 4 and not key.endswith("ت")))


def _operation_agent(toks: list[Token], ms: list[Mention], before: list[Mention], op: Mention,
                     support_ends: list[int]) -> Mention | None:
    """Who carried out an operation: the nearest force before it that is not a target, a companion or
    a supporter ("نفذت قوات سوريا الديمقراطية، بدعم من التحالف، عملية أمنية …")."""
    cands = [m for m in before if m.tok_end <= op.tok_start]
    supported = {str(m.entry.get("canonical")) for m in cands if any(_adjacent(toks, e, m.tok_start) for e in support_ends)}
    for m in reversed(cands):
        prev = toks[m.tok_start - 1].norm if m.tok_start > 0 else ""
        if str(m.entry.get("canonical")) in supported or m.entry.get("kind") == "civilians":
            continue  # "بالتنسيق مع قوى الأمن الداخلي "الأسايش"": a supporter, named twice
        # "وحدات من قوات سوريا الديمقراطية": units of a force are that force
        partitive = prev == "من" and any(x.kind == "force_head" and x.tok_end == m.tok_start - 1 for x in ms)
        if not partitive and (toks[m.tok_start].norm.startswith("ل") or prev in ("من", "على", "ضد", "مع", "ومع")):
            return None
        return m
    return None


def _loose_tokens(ctx: _Ctx, ms: list[Mention], trig: Mention) -> set[int]:
    """Tokens between a verb and its subject that do not keep them apart: dates and time words
    ("يستهدف في هذه الأثناء جيش الاحتلال", "استهدفت، صباح اليوم، طائرات …") and punctuation."""
    toks = ctx.doc.tokens
    out = {k for k in range(trig.tok_end, min(len(toks), trig.tok_end + 8)) if toks[k].norm in _SKIP_TOKENS | {"،", ","}}
    si = ctx.sentence_of(trig.start)
    for d in ctx.dates_by_sentence[si]:
        out.update(range(ctx.tok_of(d.start), ctx.tok_of(max(d.start, d.end - 1)) + 1))
    for m in ms:
        if m.kind in ("time_adverb", "recent_time"):
            out.update(range(m.tok_start, m.tok_end))
    return out


def _is_noun(toks: list[Token], trig: Mention) -> bool:
    """The trigger is a noun ("قصف طائرات التحالف", "غارة للطيران الروسي"), not a verb with a subject."""
    first = toks[trig.tok_start]
    prev = toks[trig.tok_start - 1].norm if trig.tok_start > 0 else ""
    return (trig.tok_end - trig.tok_start > 1 or first.norm != first.keys[-1] or first.norm.startswith("ال")
            or prev in _NOMINAL_BEFORE or _looks_nominal(first.keys[-1]))


def _instrumental(tok: Token, m: Mention) -> bool:
    """"بطائرات قوات الأسد", "بمسيرة تركية": a force with its weapon after ب is the one that struck."""
    return bool(m.entry.get("means")) and tok.norm.startswith("ب") and tok.norm != tok.keys[-1]


def _looks_nominal(word: str) -> bool:
    """Noun shapes: feminine and plural endings (غارة، غارات، ضربة) and verbal nouns with a long
    vowel before the last letter (استهداف، اشتباك، انفجار، تفجير)."""
    if word.endswith(("ات", "ه")):
        return True
    return len(word) >= 5 and word[-2] in "اي"


_SKIP_TOKENS = frozenset({'"', "'", "_", "(", ")", "-", "–", "«", "»", "“", "”"})
_AGENT_REACH = 4
_JOINT = frozenset({"مشترك", "مشتركه", "المشترك", "المشتركه"})  # "عملية مشتركة بين قسد والتحالف"


def _adjacent(toks: list[Token], end: int, start: int, reach: int = 1) -> bool:
    """Whether ``start`` follows ``end`` with at most ``reach`` words between (quotes and brackets
    do not count: "لـ"التحالف الدولي"", "قسد" (YPG))."""
    if start < end:
        return False
    words = sum(1 for k in range(end, start) if toks[k].norm not in _SKIP_TOKENS)
    return words <= reach


def _joined(toks: list[Token], end: int, m: Mention) -> bool:
    """"قوات النظام وروسيا", "قوات النظام و"قسد"": ``m`` follows ``end`` joined by و."""
    k = end
    while k < m.tok_start and toks[k].norm in _SKIP_TOKENS:
        k += 1
    if k < m.tok_start and toks[k].norm == "و":
        k += 1
        while k < m.tok_start and toks[k].norm in _SKIP_TOKENS:
            k += 1
        return k == m.tok_start
    return k == m.tok_start and toks[m.tok_start].norm.startswith("و")


def _same_actor(head: Mention, partners: dict[int, list[Mention]], m: Mention) -> bool:
    last = (partners.get(head.start) or [head])[-1]
    return m.entry.get("canonical") is not None and m.entry.get("canonical") == last.entry.get("canonical")


def _same_side(a: Mention, b: Mention) -> bool:
    ka, kb = a.entry.get("kind"), b.entry.get("kind")
    return ka == kb or (ka in _ARMED_KINDS and kb in _ARMED_KINDS)


def _last_end(head: Mention, partners: dict[int, list[Mention]]) -> int:
    """Token after the last actor coordinated with ``head``."""
    group = partners.get(head.start)
    return group[-1].tok_end if group else head.tok_end


# --------------------------------------------------------------------------- date, place

def _date_for(ctx: _Ctx, trig: Mention, si: int, clause: Span) -> DateMention | None:
    doc = ctx.doc
    ms = ctx.by_sentence[si]
    verbs = [m for m in ms if m.kind == "speech_verb"]
    cands = []
    for d in ctx.dates_by_sentence[si]:
        dtok = ctx.tok_of(d.start)
        if any(0 < dtok - v.tok_end <= 6 and not (v.tok_end <= trig.tok_start < dtok) for v in verbs):
            continue  # "قالت الوزارة، يوم الخميس، …": the date of the statement
        in_clause = clause.start <= d.start < clause.end
        cands.append((0 if in_clause else 1, abs(d.start - trig.start), d))
    if not cands:
        return None
    cands.sort(key=lambda x: (x[0], x[1]))
    _ = doc
    return cands[0][2]


_HEAD_RANK = {"بلده": 3, "قريه": 3, "حي": 3, "مدينه": 3, "مخيم": 3, "ريف": 1, "محافظه": 0, "منطقه": 1}
# a village, a camp or a quarter is where the event happened even when the gazetteer lacks it and it
# is placed at what contains it; so is the edge of a town ("أطراف مدينة X", "محيط قرية X")
_SPECIFIC_HEADS = frozenset({"بلده", "قريه", "حي", "مخيم", "مدينه", "قريتي", "بلدتي"})
_AROUND_HEADS = frozenset({"اطراف", "محيط"})


def _head_key(p: PlaceMention) -> str:
    head = (p.head or "").replace("ة", "ه").replace("أ", "ا").replace("إ", "ا")
    return head[1:] if head[:1] in ("ب", "و", "ل") and head[1:] in _SPECIFIC_HEADS | _AROUND_HEADS | _HEAD_RANK.keys() \
        else head


def _place_for(ctx: _Ctx, trig: Mention, si: int, clause: Span) -> PlaceMention | None:
    # a capital or country that speaks ("أكدت دمشق") is a government, not where the event happened;
    # a wider place named after a smaller one ("قرية X بريف Y") only locates it
    places = [p for p in ctx.places_by_sentence[si] if p.relation != "metonymy"]
    inner = {p.within for p in ctx.doc.places if p.within is not None}
    index = {id(p): i for i, p in enumerate(ctx.doc.places)}
    places = [p for p in places if index.get(id(p)) not in inner] or places
    if not places:
        return None
    # a town or a point of the trigger's clause beats a province or a country; a place where the fire
    # came from, where a reporter is, or a dateline is only a fallback
    return min(places, key=lambda p: (p.frame is not None, not (clause.start <= p.start < clause.end),
                                      ((p.resolved or {}).get("precision") or 1) >= 3,
                                      p.start < trig.start, abs(p.start - trig.end)))


def _kills_fighters(m: EventMention, text: str) -> bool:
    """A plain killing verb (قتل، قتلوا، يقتل…; not an execution, a massacre or torture) whose
    victims are all of an armed side."""
    if m.event_type != "Violence against civilians" or m.trigger.entry.get("id") != "vac_attack_weak":
        return False
    word = text[m.trigger.start:m.trigger.end].lstrip("وف")
    if not word.startswith(_KILL_VERBS):
        return False
    victims = [a for a in m.actors if a.role == "actor2"]
    return bool(victims) and all(a.kind in _ARMED_KINDS for a in victims)


_KILL_VERBS = ("قتل", "يقتل", "تقتل")


def _fold_elaborations(mentions: list[EventMention], text: str) -> list[EventMention]:
    """Mentions that only elaborate another in their sentence are not events of their own.

    "قُتل ستة مدنيين جراء قصف مدفعي …": the killing is what the shelling did, so it takes the
    shelling's type (ACLED codes remote violence on civilians by its means); "قصف … استهدف بلدة":
    the verb restates the shelling and its target."""
    out: list[EventMention] = []
    by_sentence: dict[int, list[EventMention]] = {}
    for m in mentions:
        by_sentence.setdefault(m.sentence, []).append(m)
    for m in mentions:
        peers = [p for p in by_sentence[m.sentence] if p is not m and p.background == m.background]
        if m.trigger.entry.get("id") == "strategic_other" and any(p.event_type in _VIOLENT for p in peers):
            continue  # "استهدفت دورية للجيش التركي", "قصفت رتلاً": the patrol or convoy is what was hit
        remote = [p for p in peers if p.event_type == _REMOTE and p.rank > 0]
        if m.event_type == "Violence against civilians" and remote:
            best = min(remote, key=lambda p: abs(p.trigger.start - m.trigger.start))
            m.event_type, m.sub_event_type, m.rank = best.event_type, best.sub_event_type, best.rank
        elif _kills_fighters(m, text):
            # "قتل 5 عناصر من قوات النظام في هجوم …": fighters killed in a fight are the fight's toll;
            # with no fight named, killing an armed side is still a battle (ACLED keeps violence
            # against civilians for unarmed victims)
            battles = [p for p in peers if p.event_type == "Battles"]
            if battles:
                best = min(battles, key=lambda p: abs(p.trigger.start - m.trigger.start))
                m.event_type, m.sub_event_type, m.rank = best.event_type, best.sub_event_type, best.rank
            else:
                m.event_type, m.sub_event_type = "Battles", "Armed clash"
        earlier = [p for p in peers if p.trigger.end <= m.trigger.start and p.event_type == m.event_type
                   and m.trigger.tok_start - p.trigger.tok_end <= 8 and m.rank < _RANK["strong"]
                   and p.rank >= m.rank]
        if earlier:
            keep = earlier[-1]
            # "قتلت امرأة جراء قصف تركي": the restating mention may be the one that names who struck
            had = {x.role for x in keep.actors}
            for a in m.actors:
                if a.role not in had and all(a.canonical != x.canonical for x in keep.actors):
                    keep.actors.append(a)
            keep.actors.sort(key=lambda a: a.role)
            if keep.place is None:
                keep.place = m.place
            continue
        out.append(m)
    return out


# --------------------------------------------------------------------------- casualties

def _attach_casualties(ctx: _Ctx, mentions: list[EventMention], casualties: list[Casualty]) -> None:
    """A figure belongs to the event mentioned in its sentence, else to the last event mentioned in
    its paragraph or the one before ("ولفت البيان إلى أنه أصيب 25 عنصراً"), else to the next one in
    its paragraph, else to the nearest within three paragraphs. A figure further from any event (a
    headline in a "most read" list) belongs to none."""
    doc = ctx.doc
    for c in casualties:
        si = ctx.sentence_of(c.start)
        c.claim = doc.sentence_claims[si] if si < len(doc.sentence_claims) else None
        para = doc.sentences[si].paragraph
        same = [m for m in mentions if m.sentence == si]
        target = None
        if same:
            target = min(same, key=lambda m: abs(m.trigger.start - c.start))
        else:
            earlier = [m for m in mentions if m.trigger.start < c.start and not m.background
                       and 0 <= para - doc.sentences[m.sentence].paragraph <= 1]
            later = [m for m in mentions if m.trigger.start > c.start and not m.background
                     and doc.sentences[m.sentence].paragraph == para]
            if earlier:
                target = earlier[-1]
            elif later:
                target = later[0]
            else:
                near = [m for m in mentions if not m.background
                        and abs(para - doc.sentences[m.sentence].paragraph) <= 3]
                if near:
                    target = min(near, key=lambda m: abs(m.trigger.start - c.start))
        if target is not None:
            target.casualties.append(c)


# --------------------------------------------------------------------------- merging

def _compatible_actor(lex: Lexicon, a: ActorRef | None, b: ActorRef | None) -> bool:
    if a is None or b is None or a.canonical == b.canonical:
        return True
    return b.canonical in lex.compat.get(a.canonical, frozenset())


def _role(m: EventMention, role: str) -> ActorRef | None:
    return next((a for a in m.actors if a.role == role), None)


def _dates_compatible(a: DateMention | None, b: DateMention | None) -> bool:
    if a is None or b is None or a.value.start is None or b.value.start is None:
        return True
    ae, be = a.value.end or a.value.start, b.value.end or b.value.start
    return a.value.start - dt.timedelta(days=1) <= be and b.value.start - dt.timedelta(days=1) <= ae


_MERGE_KM = 30.0


def _point(p: PlaceMention | None) -> tuple[float, float] | None:
    res = (p.resolved or {}) if p is not None else {}
    lat, lon = res.get("lat"), res.get("lon")
    if isinstance(lat, (int, float)) and isinstance(lon, (int, float)):
        return float(lat), float(lon)
    return None


def _anchored_place(m: EventMention) -> PlaceMention | None:
    """The mention's place when it follows its trigger closely ("غارة على بلدة X", "قصف في X");
    a place elsewhere in the clause may belong to another verb ("القيادة في قاعدة حميميم")."""
    p = m.place
    if p is None or not (m.trigger.end <= p.start <= m.trigger.end + 80):
        return None
    return p


def _places_compatible(a: PlaceMention | None, b: PlaceMention | None) -> bool:
    """Two mentions can be one event unless they name two towns far apart (a province or a
    countryside, "ريف إدلب", holds many towns and separates nothing)."""
    if a is None or b is None or (a.resolved or {}).get("precision") != 1 or (b.resolved or {}).get("precision") != 1:
        return True
    pa, pb = _point(a), _point(b)
    if pa is None or pb is None:
        return True
    return haversine_km(pa[0], pa[1], pb[0], pb[1]) <= _MERGE_KM


def _parties_compatible(lex: Lexicon, group: list[EventMention], m: EventMention) -> bool:
    """Whether a mention can name the same sides as the mentions already merged. The group's sides
    are what all its mentions name: one mention may name one of joint perpetrators ("قصف الاحتلال
    التركي ومرتزقته" beside "قصفت مرتزقة الاحتلال"), and one that reads the perpetrator as the target
    ("جراء استهداف قسد أطراف المدينة") names no new side. A perpetrator that none of the merged
    mentions names is another event, and so is a target that is no side of it."""
    def sides(ms: list[EventMention], role: str) -> list[ActorRef]:
        return [a for x in ms for a in x.actors if a.role == role]

    def meet(xs: list[ActorRef], ys: list[ActorRef]) -> bool:
        return any(_compatible_actor(lex, x, y) for x in xs for y in ys)

    g1, g2, m1, m2 = sides(group, "actor1"), sides(group, "actor2"), sides([m], "actor1"), sides([m], "actor2")
    if g1 and m1 and not meet(g1, m1):
        return False
    if g2 and m2 and not meet(g2, m2):
        # a perpetrator misread as the target on one side, with no perpetrator the other side lacks;
        # or civilians killed where the other mention names the armed side whose area was struck
        # ("قصف صاروخي على مناطق الفصائل في اعزاز" beside "مقتل 3 مدنيين بقصف على اعزاز")
        return all(meet([a], g1) for a in m2) or all(meet([a], m1) for a in g2) \
            or all(a.kind == "civilians" for a in m2) or all(a.kind == "civilians" for a in g2)
    return True


def _can_merge(lex: Lexicon, group: list[EventMention], m: EventMention) -> bool:
    for g in group:
        if g.background != m.background:
            return False
        # a report tells one strike in several ways: "غارة" in the title, "قصف" in the body, "مجزرة"
        # for what it did; remote violence and the harm it did to civilians are one event when their
        # dates, places and actors agree (ACLED codes remote violence on civilians by its means)
        remote_family = {g.event_type, m.event_type} <= {_REMOTE, "Violence against civilians"}
        if g.event_type != m.event_type and not remote_family:
            return False
        if g.sub_event_type != m.sub_event_type and min(g.rank, m.rank) > 0 and not remote_family:
            return False
        if not _places_compatible(_anchored_place(g), _anchored_place(m)):
            return False
        if not _dates_compatible(g.date, m.date):
            return False
    return _parties_compatible(lex, group, m)


def _merge(doc: Document, lex: Lexicon, mentions: list[EventMention]) -> list[Event]:
    groups: list[list[EventMention]] = []
    for m in mentions:
        # a group that already holds a mention from the same sentence is the likeliest home
        order = sorted(groups, key=lambda g: not any(x.sentence == m.sentence for x in g))
        for g in order:
            if _can_merge(lex, g, m):
                g.append(m)
                break
        else:
            groups.append([m])
    # the report's main event first: news before context, then by how much the report says of it
    groups.sort(key=lambda g: (g[0].background, -(len(g) + 2 * sum(len(m.casualties) for m in g)),
                               g[0].trigger.start))
    events: list[Event] = []
    for g in groups:
        ev = _build_event(doc, g, len(events) + 1)
        if ev is not None:
            events.append(ev)
    return events


def _pick(values: list[Any]) -> Any:
    counts: dict[Any, int] = {}
    for v in values:
        counts[v] = counts.get(v, 0) + 1
    return max(values, key=lambda v: counts[v]) if values else None


def _build_event(doc: Document, group: list[EventMention], n: int) -> Event | None:
    background = group[0].background
    # remote violence that harmed civilians is coded by its means (ACLED), whatever word named the harm
    pool = [m for m in group if m.event_type == _REMOTE] or group
    best_rank = max(m.rank for m in pool)
    sub = _pick([m.sub_event_type for m in pool if m.rank == best_rank])
    etype = next(m.event_type for m in pool if m.sub_event_type == sub)
    dated = [m.date for m in group if m.date is not None and m.date.value.start is not None]
    if background and not dated:
        return None  # earlier context with no date is commentary, not an event record
    date_m: DateMention | None = None
    if dated:
        day = [d for d in dated if d.value.precision == "day"] or dated
        date_m = _pick(day)
        date = date_m.value
    else:
        date = _undated(doc)
    actors: list[ActorRef] = []
    for role in ("actor1", "actor2"):
        refs = [a for m in group for a in m.actors if a.role == role
                and a.canonical not in (x.canonical for x in actors)]
        if refs:
            canon = _pick([a.canonical for a in refs])
            actors.append(next(a for a in refs if a.canonical == canon))
            if role == "actor1":
                # joint perpetrators named together with the chosen one ("قوات النظام وروسيا")
                for m in group:
                    ones = [a for a in m.actors if a.role == "actor1"]
                    if len(ones) > 1 and any(a.canonical == canon for a in ones):
                        actors.extend(a for a in ones if a.canonical != canon
                                      and a.canonical not in (x.canonical for x in actors))
    cas: list[Casualty] = []
    seen: set[tuple[Any, ...]] = set()
    for m in group:
        for c in m.casualties:
            key = (c.category, c.group, c.low, c.high, c.claim)
            if key not in seen:
                seen.add(key)
                cas.append(c)
    if etype in _VIOLENT and not any(a.role == "actor2" for a in actors):
        # "قتل طفلان بقصف …": civilians killed or hurt are the target even when no word names them as one
        hurt = next((c for c in cas if c.group == "civilians" and c.category != "captured"), None)
        if hurt is not None:
            actors.append(ActorRef("actor2", hurt.start, hurt.end, doc.text[hurt.start:hurt.end],
                                   "Civilians", None, "civilians"))
    claims: list[str] = []
    for m in group:
        for cid in [m.claim] + [c.claim for c in m.casualties]:
            if cid and cid not in claims:
                claims.append(cid)
    location = _group_place(group)
    evidence = []
    for m in group:
        s = doc.sentences[m.sentence]
        sp = Span(s.start, s.end)
        if sp not in evidence:
            evidence.append(sp)
    if etype == "Strategic developments" and sub != "Disrupted weapons use" \
            and any(c.category in ("killed", "injured") for c in cas):
        # (an interception whose debris hurts people stays an interception: the harm is the attack's)
        # a raid or arrest campaign that kills or wounds is violence, not a strategic development
        if any(a.role == "actor2" and a.kind in _ARMED_KINDS for a in actors):
            etype, sub = "Battles", "Armed clash"
        else:
            etype, sub = "Violence against civilians", "Attack"
    return Event(f"{doc.id}:e{n}", etype, str(sub), background, group[0].trigger, date,
                 doc.text[date_m.start:date_m.end] if date_m else None,
                 Span(date_m.start, date_m.end) if date_m else None, location, actors, cas, claims, evidence, group)


def _claims_telling_of_harm(ctx: _Ctx, doc: Document) -> set[str]:
    out: set[str] = set()
    for si, cid in enumerate(doc.sentence_claims):
        if cid is None or si >= len(ctx.by_sentence):
            continue
        if si in ctx.harm_sentences or any(m.kind in ("harm_word", "modifier", "trigger")
                                           for m in ctx.by_sentence[si]):
            out.add(cid)
    return out


def _infer_missing_actor1(doc: Document, mentions: list[EventMention]) -> None:
    """An event whose sentence names no perpetrator takes the one the rest of the report names most
    often for news events of the same kind (else of any violent kind); it is marked as inferred."""
    for ev in doc.events:
        if ev.background or any(a.role == "actor1" for a in ev.actors):
            continue
        counts: dict[str, tuple[int, ActorRef]] = {}
        same_type = [m for m in mentions if not m.background and m.event_type == ev.event_type]
        violent = [m for m in mentions if not m.background and m.event_type in _VIOLENT]
        for m in same_type if any(a.role == "actor1" for x in same_type for a in x.actors) else violent:
            for a in m.actors:
                if a.role == "actor1":
                    n, _ = counts.get(a.canonical, (0, a))
                    counts[a.canonical] = (n + 1, a)
        if not counts:
            # "شنت قسد بدعم من التحالف حملة مداهمات … وسمعت أصوات اشتباكات": the armed force that the
            # report says acted, in an event of another kind
            for m in mentions:
                for a in m.actors:
                    if not m.background and a.role == "actor1" and a.kind in _ARMED_KINDS and not a.inferred:
                        n, _ = counts.get(a.canonical, (0, a))
                        counts[a.canonical] = (n + 1, a)
        if counts:
            _, ref = max(counts.values(), key=lambda x: x[0])
            ev.actors.insert(0, ActorRef("actor1", ref.start, ref.end, ref.text, ref.canonical, ref.country,
                                         ref.kind, inferred=True))


_GROUP_KM = 60.0  # a place further than this from the first mention's is another event's
_GROUP_KM_WIDE = 150.0  # ... from a province's


def _group_place(group: list[EventMention]) -> PlaceMention | None:
    """The most specific place of the merged mentions that agrees with the first mention's place:
    "قصف على إدلب" then "استهدف قرية X بريف إدلب" is at X; a village far from it that a later
    sentence names belongs to another strike."""
    places = [m.place for m in group if m.place is not None]
    if not places:
        return None
    ranked = sorted(places, key=_place_rank, reverse=True)
    anchor = next((p for p in places if not p.frame and p.relation != "metonymy"), places[0])
    a = _point(anchor)
    if a is None or (anchor.resolved or {}).get("feature") == "country":
        return ranked[0]
    reach = _GROUP_KM_WIDE if ((anchor.resolved or {}).get("precision") or 3) >= 3 else _GROUP_KM
    for p in ranked:
        b = _point(p)
        if p is anchor or b is None or haversine_km(a[0], a[1], b[0], b[1]) <= reach:
            # as specific as the first mention's own place: the first mention's (a village the
            # gazetteer lacks, named first, is not outranked by a known town a later sentence names)
            return anchor if _place_rank(anchor)[:-1] == _place_rank(p)[:-1] else p
    return anchor


def _place_rank(p: PlaceMention) -> tuple[int, int, int, int, int, int, int]:
    """Among the places of one event's mentions, the most specific that is not framed as another's (a
    village the gazetteer lacks, placed at what contains it, is still the village); at last, a place
    the gazetteer knows before one placed at what contains it."""
    res = p.resolved or {}
    precision = int(res.get("precision") or 3)
    head = _head_key(p)
    if precision == 2 and res.get("lat") is not None and (
            head in _AROUND_HEADS or (p.relation == "in" and head in _SPECIFIC_HEADS)):
        precision = 1
    return (0 if p.relation == "metonymy" else 1, 0 if p.frame else 1, 1 if res.get("lat") is not None else 0,
            4 - precision, 1 if p.offset else 0, _HEAD_RANK.get(head, 2),
            0 if res.get("status") == "approximate" else 1)


def _undated(doc: Document) -> DateValue:
    """No date in the text: news reports what happened on the day of publication or the day before."""
    pub = doc.meta.published
    if pub is None:
        return DateValue(None, None, "unknown", "none")
    return DateValue(pub - dt.timedelta(days=1), pub, "week", "published")
