"""Paragraphs, sentences and clauses that respect quotes and Arabic abbreviations.

A sentence ends at . ! ? ؟ (or a line break) outside quotation marks, unless the full stop closes an
abbreviation (a lone Arabic letter such as "د." or "م.", or a listed form such as "ق.م").
Clauses split a sentence at ، ؛ ; : (inside quotes too); they bound the search for an
event's arguments.
"""

from __future__ import annotations

import re

from marsad.model import Sentence, Span

_PARA = re.compile(r"[^\n]+")
_END = re.compile(r"[.!?؟]+|\.\.\.|…")
_CLAUSE_BREAK = re.compile(r"[،؛;]|:(?!\d)")
_QUOTE_CHARS = '"«»“”'
_OPENERS = {"«": "»", "“": "”", '"': '"'}
_ABBREV_BEFORE = re.compile(r"(?:^|[\s(])(?:[\u0621-\u064a]|ق\.م|ص\.ب|[A-Za-z])$")
_DIGIT_DOT = re.compile(r"\d\.\d")
_GLUED = re.compile("[\u0621-\u064a\u0640]")
_GLUED_BEFORE = re.compile("[\u0621-\u064a\u0640\u064b-\u0652]")


def paragraphs(text: str) -> list[Span]:
    """Non-blank lines: scraped reports put one paragraph per line."""
    spans = []
    for m in _PARA.finditer(text):
        s, e = m.start(), m.end()
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s:
            spans.append(Span(s, e))
    return spans


_QUOTE_MARK = re.compile('["«»“”]')


def quote_spans(text: str, start: int, end: int) -> list[Span]:
    """Balanced quotations inside [start, end): an opening mark without its closing one is ignored."""
    out: list[Span] = []
    marks = [(m.start(), m.group()) for m in _QUOTE_MARK.finditer(text, start, end)]
    k = 0
    while k < len(marks):
        pos, ch = marks[k]
        closer = _OPENERS.get(ch)
        if closer is None:
            k += 1
            continue
        j = next((j for j in range(k + 1, len(marks)) if marks[j][1] == closer), None)
        if j is None:
            k += 1
            continue
        out.append(Span(pos, marks[j][0] + 1))
        k = j + 1
    return out


def _inside(pos: int, spans: list[Span]) -> bool:
    return any(s.start < pos < s.end - 1 for s in spans)


def split_sentences(text: str, para: Span, para_index: int) -> list[Sentence]:
    quotes = quote_spans(text, para.start, para.end)
    # A quotation long enough to hold sentences of its own is still one quoted statement;
    # splitting inside it would cut the speech from its reporting verb.
    bounds: list[int] = [para.start]
    for m in _END.finditer(text, para.start, para.end):
        pos = m.start()
        if _inside(pos, quotes):
            continue
        if (m.end() < para.end and pos > para.start and _GLUED.match(text, m.end())
                and _GLUED_BEFORE.match(text, pos - 1) and "\u0640" in (text[pos - 1], text[m.end()])):
            continue  # "الشـ.ـهداء": a dot inside a word broken up with tatweel to dodge filters
        if m.group() == "." and (
            _ABBREV_BEFORE.search(text, max(para.start, pos - 4), pos)
            or _DIGIT_DOT.match(text, pos - 1 if pos > 0 else 0)
        ):
            continue
        end = m.end()
        # keep a closing quote or bracket that follows the full stop with the sentence
        while end < para.end and text[end] in _QUOTE_CHARS + ")]":
            end += 1
        bounds.append(end)
    if bounds[-1] != para.end:
        bounds.append(para.end)
    out: list[Sentence] = []
    for s, e in zip(bounds, bounds[1:], strict=False):
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e <= s:
            continue
        sent_quotes = tuple(q for q in quotes if s <= q.start and q.end <= e)
        out.append(Sentence(s, e, para_index, split_clauses(text, s, e), sent_quotes))
    return out


def split_clauses(text: str, start: int, end: int) -> tuple[Span, ...]:
    cuts = [start]
    # Quotes do not protect clauses: a quoted statement still has clauses of its own, and an
    # event's arguments are looked for in the clause of its trigger.
    for m in _CLAUSE_BREAK.finditer(text, start, end):
        cuts.append(m.end())
    cuts.append(end)
    spans = []
    for s, e in zip(cuts, cuts[1:], strict=False):
        while s < e and text[s].isspace():
            s += 1
        if e > s:
            spans.append(Span(s, e))
    return tuple(spans)


def split_document(text: str) -> tuple[list[Span], list[Sentence]]:
    paras = paragraphs(text)
    sents: list[Sentence] = []
    for k, p in enumerate(paras):
        sents.extend(split_sentences(text, p, k))
    return paras, sents
