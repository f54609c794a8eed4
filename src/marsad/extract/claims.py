"""Who said what: claims with their source, the chain they travelled through, and their stance.

Each sentence is assigned to one claim. A sentence with a reporting cue (a speech verb with its
source before or after it, "بحسب X", a title "X: …") opens a claim by that source; a sentence
without a cue continues the claim of the sentence before it in the same paragraph; a paragraph
that nobody is said to have said is the outlet's own voice. Short back-references ("وأضافت
الدفاع", "وأكدت الوزارة", "ولفت البيان") resolve to the source named earlier. One claim per
distinct (source, chain, stance) in a document, with every sentence it covers.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from marsad.lexicon import Lexicon
from marsad.model import Claim, Document, Mention, Sentence, Source, Span

OUTLET = "outlet"
_WINDOW = 5  # tokens between a speech verb and its source


def _source_from_mention(doc: Document, m: Mention) -> Source:
    e = m.entry
    if m.kind == "nat_capital":
        return Source(doc.text[m.start:m.end], str(e.get("government") or f"{e.get('name_en')} government"),
                      "government", e.get("country"), m.start, m.end)
    if m.kind == "actor":
        kind = e.get("kind")
        skind = "military" if kind in ("state_forces", "state_coalition") else (
            "armed_group" if kind not in ("civilians", None, "unknown", "political_group") else "unknown")
        return Source(doc.text[m.start:m.end], str(e.get("canonical")), skind, e.get("country"), m.start, m.end)
    return Source(doc.text[m.start:m.end], str(e.get("canonical")), str(e.get("kind") or "unknown"),
                  e.get("country"), m.start, m.end)


def _tok_range(doc: Document, sent: Sentence) -> tuple[int, int]:
    toks = doc.tokens
    lo, hi = 0, len(toks)
    # binary search would do; sentences are few and this is not the hot path
    i = lo
    while i < hi and toks[i].end <= sent.start:
        i += 1
    j = i
    while j < hi and toks[j].start < sent.end:
        j += 1
    return i, j


class _Resolver:
    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.named: list[Source] = []  # sources named so far, most recent last

    def note(self, src: Source) -> None:
        self.named.append(src)

    def back_ref(self, m: Mention) -> Source | None:
        """A short form ("الدفاع", "الوزارة") or a statement noun ("البيان") names an earlier source."""
        if m.kind == "source_short":
            canon = m.entry.get("canonical")
            for src in reversed(self.named):
                if src.canonical == canon:
                    return src
            return None
        for src in reversed(self.named):
            if src.kind != "media" or len(self.named) == 1:
                return src
        return None


def find_claims(doc: Document, lex: Lexicon) -> list[Claim]:
    mentions = doc.mentions
    by_sentence: list[list[Mention]] = [[] for _ in doc.sentences]
    k = 0
    ms = sorted(mentions, key=lambda m: m.start)
    for si, sent in enumerate(doc.sentences):
        while k < len(ms) and ms[k].start < sent.start:
            k += 1
        j = k
        while j < len(ms) and ms[j].start < sent.end:
            by_sentence[si].append(ms[j])
            j += 1
    resolver = _Resolver(doc)
    claims: dict[tuple[Any, ...], Claim] = {}
    by_id: dict[str, Claim] = {}
    sentence_claims: list[str | None] = []
    prev_para, prev_claim = -1, None
    for si, sent in enumerate(doc.sentences):
        found = _cue(doc, sent, si, by_sentence[si], resolver)
        if found is None:
            if sent.paragraph == prev_para and prev_claim is not None:
                sentence_claims.append(prev_claim)
                by_id[prev_claim].statements.append(Span(sent.start, sent.end))
                continue
            found = (_outlet_source(doc), [], "asserts", None, None)
        src, via, stance, cue_text, cue_span = found
        if stance == "asserts" and cue_span is not None and _trailing_denial(doc, by_sentence[si], cue_span):
            stance = "denies"
        key = (src.canonical, tuple(v.canonical for v in via), stance)
        claim = claims.get(key)
        if claim is None and not via:
            # "وقال المصدر العسكري": the same source again, whose chain was given the first time
            claim = next((c for k, c in claims.items() if k[0] == src.canonical and k[2] == stance), None)
        if claim is None:
            claim = Claim(f"c{len(claims) + 1}", src, via, stance, cue_text, cue_span, Span(sent.start, sent.end))
            claims[key] = claim
            by_id[claim.id] = claim
        claim.statements.append(Span(sent.start, sent.end))
        sentence_claims.append(claim.id)
        prev_para, prev_claim = sent.paragraph, claim.id
    doc.sentence_claims = sentence_claims
    return list(claims.values())


def _trailing_denial(doc: Document, ms: list[Mention], cue: Span) -> bool:
    """"قال المصدر إن الجيش ردّ على مصادر النيران، نافياً استهداف المدنيين": the speaker's own
    circumstantial denial after the statement makes the claim a denial of the harm reported."""
    return any(m.kind == "speech_verb" and m.entry.get("stance") == "denies" and m.start > cue.end
               and doc.tokens[m.tok_start].norm.lstrip("و").startswith("ناف") for m in ms)


def _outlet_source(doc: Document) -> Source:
    name = doc.meta.publisher
    return Source(name or "", name or "the outlet (unattributed)", "media", None)


_SOURCE_KINDS = ("source", "source_short", "actor", "nat_capital")


def _is_addressee(doc: Document, m: Mention) -> bool:
    tok = doc.tokens[m.tok_start]
    return tok.norm.startswith("ل") and tok.norm != tok.keys[-1] and not tok.keys[-1].startswith("ل")


def _is_statement(m: Mention) -> bool:
    """A statement noun ("البيان") stands for whoever issued it, named before."""
    if m.kind in ("statement_nouns", "source_back_refs"):
        return True
    return m.kind == "source" and str(m.entry.get("canonical", "")).startswith("statement")


def _cue(doc: Document, sent: Sentence, si: int, ms: list[Mention], resolver: _Resolver
         ) -> tuple[Source, list[Source], str, str | None, Span | None] | None:
    verbs = [m for m in ms if m.kind == "speech_verb"]
    preps = [m for m in ms if m.kind == "attribution_preps"]
    srcs = [m for m in ms if m.kind in _SOURCE_KINDS or m.kind in ("statement_nouns", "source_back_refs")]
    # a named source beats a statement noun at the same place ("أصدر التحالف بيانا")
    named = [m for m in srcs if not _is_statement(m) and m.entry.get("kind") != "civilians"]
    # an ambiguous source name ("التحالف") defers to the actor resolved from the document's war
    named = [m for m in named if not (m.kind == "source" and m.entry.get("ambiguous") and any(
        o.kind == "actor" and o.start < m.end and m.start < o.end for o in named))]
    # "مصدر عسكري سوري" is a source even though "عسكري سوري" alone reads as an actor
    named = [m for m in named if m.kind != "actor" or not any(
        o.kind == "source" and o.tok_start <= m.tok_start and m.tok_end <= o.tok_end for o in named)]
    stmts = [m for m in srcs if _is_statement(m) and not any(n.tok_start <= m.tok_start < n.tok_end for n in named)]
    # "بحسب X" / "نقلا عن X": the source follows the preposition
    for p in preps:
        # the source may share a word with the phrase ("نقلاً عن مصدر" + "مصدر عسكري")
        after = [s for s in srcs if p.tok_start < s.tok_start <= p.tok_end + 1]
        if after:
            src = _resolve(doc, after[0], resolver)
            if src is not None:
                via = _via(doc, ms, src, exclude=after[0])
                # "أفادت وكالة سانا، نقلاً عن مصدر عسكري": the agency that quoted the source
                relay = [m for m in srcs if m.kind == "source" and m.end <= p.start
                         and m.entry.get("kind") == "media" and m.entry.get("canonical") != src.canonical]
                if relay and not via:
                    via = [_source_from_mention(doc, relay[-1])]
                return src, via, "asserts", doc.text[p.start:p.end], p.span
    # title "X: ..." — a source before a colon at the start of the first paragraph
    if sent.paragraph == 0 and si == 0:
        colon = doc.text.find(":", sent.start, min(sent.end, sent.start + 60))
        if colon > 0:
            before = [s for s in srcs if s.end <= colon and s.kind in ("source", "source_short")]
            if before:
                src = _resolve(doc, before[0], resolver)
                if src is not None:
                    return src, [], "asserts", ":", Span(colon, colon + 1)
    toks = doc.tokens
    intros = [m.tok_start for m in ms if m.kind == "quote_intro"]
    for v in verbs:
        if v.tok_end < len(toks) and toks[v.tok_end].keys[-1] in ("الي", "لي") and toks[v.tok_end].norm in (
                "الي", "الى"):
            continue  # "نُقلوا إلى المستشفى": carried, not reported
        stance = str(v.entry.get("stance") or "asserts")
        # the speaker stands before the "أن/إن" that opens what was said
        stop = min([i for i in intros if i >= v.tok_end] + [v.tok_end + _WINDOW + 1])
        # "قال لوكالة …": a source after the verb with ل is the channel, not the speaker
        after = [s for s in named if v.tok_end <= s.tok_start < stop and s.start >= v.end
                 and not _is_addressee(doc, s)]
        # SVO: a named source may stand a few words before its verb ("مصدر في السلطة المحلية أفاد")
        before = [s for s in named if s.end <= v.start and (0 <= v.tok_start - s.tok_end <= 3 or (
            s.kind == "source" and 0 <= v.tok_start - s.tok_end <= 7))]
        refs = [s for s in stmts if 0 <= s.tok_start - v.tok_end <= 2 or 0 <= v.tok_start - s.tok_end <= 1]
        # VSO: "قالت وزارة الدفاع", "وقال المصدر العسكري"; SVO: "مصدر عسكري سوري قال"
        cand = None
        if after and after[0].tok_start - v.tok_end <= 1:
            cand = after[0]
        elif refs and refs[0].tok_start >= v.tok_end and refs[0].tok_start - v.tok_end <= 1:
            cand = refs[0]
        elif before:
            cand = before[-1]
        elif after:
            cand = after[0]
        elif refs:
            cand = refs[0]
        if cand is None:
            continue
        # "نقلت وكالة سانا عن مصدر عسكري": the agency relays, the source after "عن" speaks
        relayed = _relayed_source(doc, cand, named)
        if relayed is not None:
            src = _resolve(doc, relayed, resolver)
            agency = _source_from_mention(doc, cand)
            if src is not None:
                return src, [agency], stance, doc.text[v.start:v.end], v.span
        src = _resolve(doc, cand, resolver)
        if src is None:
            continue
        via = _via(doc, ms, src, exclude=cand)
        return src, via, stance, doc.text[v.start:v.end], v.span
    return None


def _relayed_source(doc: Document, cand: Mention, named: list[Mention]) -> Mention | None:
    if cand.entry.get("kind") != "media":
        return None
    toks = doc.tokens
    # "نقلت وكالة سانا عن", "نقلت وسائل إعلام رسمية عن": up to two words may qualify the agency
    k = cand.tok_end
    while k < len(toks) and k - cand.tok_end <= 3 and toks[k].norm != "عن":
        k += 1
    if k >= len(toks) or toks[k].norm != "عن":
        return None
    return next((m for m in named if m.tok_start == k + 1 and m is not cand), None)


def _resolve(doc: Document, m: Mention, resolver: _Resolver) -> Source | None:
    if _is_statement(m):
        return resolver.back_ref(m)
    if m.kind == "source_short":
        # "وأضافت الدفاع" stands for a ministry named before; with none named, it names nobody
        return resolver.back_ref(m)
    src = _source_from_mention(doc, m)
    if m.kind == "source" and m.entry.get("ambiguous"):
        # "وأوضح الدفاع المدني" after "الدفاع المدني السوري": the one the report already named
        candidates = set(m.entry.get("candidates") or ())
        earlier = next((s for s in reversed(resolver.named) if s.canonical in candidates), None)
        if earlier is not None:
            src = dataclasses.replace(earlier, text=src.text, start=src.start, end=src.end)
    resolver.note(src)
    return src


def _via(doc: Document, ms: list[Mention], src: Source, exclude: Mention) -> list[Source]:
    """Media named after the source in the same sentence ("قال لوكالة الأنباء الألمانية (د ب أ)")."""
    out: list[Source] = []
    for m in ms:
        if m.start < exclude.end:
            continue
        if m is exclude or m.kind != "source" or (src.end is not None and m.start < src.end):
            continue
        if m.entry.get("kind") != "media" or m.entry.get("canonical") == src.canonical:
            continue
        if m.tok_start - exclude.tok_end > 8:
            continue
        out.append(_source_from_mention(doc, m))
        break
    return out
