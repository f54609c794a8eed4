"""The publication date when the input does not give one usable as an anchor.

Scraped posts often carry it only inside the text (a Facebook byline "July 16, 2025 · Shared with
Public", an X footer "7:36 PM · Nov 28, 2024", an agency byline "الثلاثاء, ١٠ ديسمبر ٢٠٢٤"), in
a metadata string that is not ISO ("16 يوليو 2025", sometimes cut short), or in its address (an X
status id, a /YYYY/MM/DD/ path; see ``posted``). This stage reads those,
sets ``doc.meta.published`` and says where the date came from (``meta.extra["published_from"]`` and
a warning), so relative dates can be resolved; nothing falls back to today's date.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter

from marsad.arabic.normalize import normalize
from marsad.arabic.tokens import tokenize
from marsad.extract.dates import Calendar, find_dates
from marsad.extract.posted import date_from_url
from marsad.model import DocMeta, Document

_EN_MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9,
    "oct": 10, "nov": 11, "dec": 12,
}
_EN_MONTH = (r"(Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
             r"Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)")
# "July 16, 2025", "Nov 28, 2024" (month first) and "16 July 2025" (day first)
_EN_MDY = re.compile(_EN_MONTH + r"\.?\s+(\d{1,2}),\s*((?:19|20)\d\d)\b")
_EN_DMY = re.compile(r"\b(\d{1,2})\s+" + _EN_MONTH + r"\.?,?\s+((?:19|20)\d\d)\b")
_HEAD_CHARS = 1500  # bylines sit near the top or, on X, right after the post


def _en_month(name: str) -> int:
    return _EN_MONTHS[name[:4].lower() if name[:4].lower() == "sept" else name[:3].lower()]


def _safe(y: int, m: int, d: int) -> dt.date | None:
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None


def english_dates(text: str) -> list[tuple[int, dt.date]]:
    out = []
    for m in _EN_MDY.finditer(text):
        d = _safe(int(m.group(3)), _en_month(m.group(1)), int(m.group(2)))
        if d:
            out.append((m.start(), d))
    for m in _EN_DMY.finditer(text):
        d = _safe(int(m.group(3)), _en_month(m.group(2)), int(m.group(1)))
        if d:
            out.append((m.start(), d))
    return sorted(out)


def _explicit_dates(text: str, cal: Calendar) -> list[tuple[int, dt.date]]:
    """Arabic dates in the text that carry their own year (anchor "text")."""
    probe = Document(id="published-probe", text=text, meta=DocMeta(), source_text=text)
    probe.norm = normalize(text)
    probe.tokens = tokenize(probe.norm)
    return [(d.start, d.value.start) for d in find_dates(probe, cal)
            if d.value.anchor == "text" and d.value.precision == "day" and d.value.start is not None]


def _raw_day_month(raw: str, cal: Calendar) -> tuple[int, int] | None:
    """Day and month of a non-ISO metadata string whose year is missing or cut ("16 يوليو 2")."""
    probe = Document(id="published-probe", text=raw, meta=DocMeta(published=dt.date(2100, 12, 31)),
                     source_text=raw)
    probe.norm = normalize(raw)
    probe.tokens = tokenize(probe.norm)
    for d in find_dates(probe, cal):
        if d.value.precision == "day" and d.value.start is not None:
            return d.value.start.month, d.value.start.day
    return None


def _today_pinned(text: str, cal: Calendar, latest: dt.date) -> dt.date | None:
    """"اليوم السبت 16 تشرين الأول" near the top: today's date, its year given by the weekday."""
    probe = Document(id="published-probe", text=text, meta=DocMeta(), source_text=text)
    probe.norm = normalize(text)
    probe.tokens = tokenize(probe.norm)
    for d in find_dates(probe, cal, latest):
        if d.value.anchor == "weekday" and normalize(text[d.start:d.end]).norm.startswith("اليوم"):
            return d.value.start
    return None


def infer_published(doc: Document, cal: Calendar, latest: dt.date | None = None) -> None:
    """Set ``doc.meta.published`` from what the document says when the input gave none. ``latest``
    (the day of the run) lets "اليوم السبت 16 تشرين الأول" count: its weekday gives the year."""
    meta = doc.meta
    if meta.published is not None:
        return
    raw = (meta.published_raw or "").strip()
    head = doc.text[:_HEAD_CHARS]
    found = english_dates(head) + _explicit_dates(head, cal)
    chosen: dt.date | None = None
    how = ""
    if raw:
        from_raw = _explicit_dates(raw, cal) + english_dates(raw)
        if from_raw:
            chosen, how = from_raw[0][1], "metadata"
        else:
            dm = _raw_day_month(raw, cal)
            if dm is not None:
                same = [d for _, d in found if (d.month, d.day) == dm]
                years = Counter(d.year for _, d in found)
                if same:
                    chosen = same[0]
                elif years:
                    chosen = _safe(years.most_common(1)[0][0], dm[0], dm[1])
                how = "metadata day and month, year from the text"
    if chosen is None:
        # the address: an X status id is the posting time itself, a /YYYY/MM/DD/ path the day
        chosen = date_from_url(meta.url)
        how = "the address (URL)"
    if chosen is None and found:
        # the most frequent full date near the top: a byline repeated in a title and a footer counts twice
        counts = Counter(d for _, d in found)
        best = max(counts.values())
        chosen = next(d for _, d in found if counts[d] == best)
        how = "a date written in the text"
    if chosen is None and latest is not None:
        chosen = _today_pinned(head, cal, latest)
        how = "today's weekday, day and month in the text (the weekday gives the year)"
    if chosen is None:
        return
    meta.published = chosen
    meta.extra["published_from"] = how
    doc.warnings.append(f"publication date {chosen.isoformat()} inferred from {how}")
