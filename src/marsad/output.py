"""The per-document record at the edge (spec §2): the only place the model is turned into JSON."""

from __future__ import annotations

from typing import Any

from marsad.model import Casualty, Claim, Document, Event, PlaceMention, Span


def _span(s: Span) -> dict[str, int]:
    return {"start": s.start, "end": s.end}


def _location(doc: Document, p: PlaceMention | None) -> dict[str, Any] | None:
    if p is None:
        return None
    res = p.resolved or {}
    out: dict[str, Any] = {
        "text": p.name, "phrase": p.text, "start": p.start, "end": p.end,
        "name_en": res.get("name_en"), "lat": res.get("lat"), "lon": res.get("lon"),
        "country": res.get("country"), "admin1": res.get("admin1"),
        "precision": res.get("precision"), "gazetteer_id": res.get("gazetteer_id"),
        "relation": p.relation,
    }
    if p.offset:
        out["offset"] = p.offset
    return out


def _casualty(doc: Document, c: Casualty) -> dict[str, Any]:
    return {"category": c.category, "group": c.group, "low": c.low, "high": c.high,
            "approximate": c.approximate, "claim": c.claim, "text": doc.text[c.start:c.end],
            "start": c.start, "end": c.end}


def _event(doc: Document, ev: Event) -> dict[str, Any]:
    date = ev.date.as_dict()
    date["text"] = ev.date_text
    if ev.date_span is not None:
        date.update({"text_start": ev.date_span.start, "text_end": ev.date_span.end})
    t = ev.trigger
    return {
        "id": ev.id,
        "event_type": ev.event_type,
        "sub_event_type": ev.sub_event_type,
        "background": ev.background,
        "trigger": {"text": doc.text[t.start:t.end], "start": t.start, "end": t.end},
        "date": date,
        "location": _location(doc, ev.location),
        "actors": [a.as_dict() for a in ev.actors],
        "casualties": [_casualty(doc, c) for c in ev.casualties],
        "claims": list(ev.claims),
        "evidence": [_span(s) for s in ev.evidence],
        "mentions": len(ev.mentions),
    }


def _claim(c: Claim) -> dict[str, Any]:
    return {
        "id": c.id,
        "source": c.source.as_dict(),
        "via": [v.as_dict() for v in c.via],
        "stance": c.stance,
        "cue": c.cue,
        "events": list(c.events),
        "evidence": _span(c.evidence),
        "statements": [_span(s) for s in c.statements],
    }


def _place(p: PlaceMention) -> dict[str, Any]:
    res = p.resolved or {}
    out = {"text": p.text, "start": p.start, "end": p.end, "name": p.name,
           "name_en": res.get("name_en"), "lat": res.get("lat"), "lon": res.get("lon"),
           "country": res.get("country"), "admin1": res.get("admin1"), "feature": res.get("feature"),
           "gazetteer_id": res.get("gazetteer_id"), "confidence": res.get("confidence")}
    if p.offset:
        out["offset"] = p.offset
    return out


def document_record(doc: Document) -> dict[str, Any]:
    meta = doc.meta
    return {
        "doc_id": doc.id,
        "published": meta.published.isoformat() if meta.published else None,
        "published_from": meta.extra.get("published_from", "input" if meta.published else None),
        "language": "ar",
        "publisher": meta.publisher,
        "url": meta.url,
        "title": meta.title,
        "text": doc.text,
        "headline": _span(doc.headline) if doc.headline else None,
        "events": [_event(doc, e) for e in doc.events],
        "claims": [_claim(c) for c in doc.claims],
        "contradictions": [{"field": c.field, "event": c.event, "claims": c.claims, "summary": c.summary}
                           for c in doc.contradictions],
        "places": [_place(p) for p in doc.places],
        "removed": [{"start": r.start, "end": r.end, "reason": r.reason} for r in doc.removed],
        "warnings": list(doc.warnings),
    }
