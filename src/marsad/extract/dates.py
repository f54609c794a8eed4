"""Arabic date expressions, resolved against the publication date.

``find_dates(doc, cal)`` reads the folded text (``doc.norm``) with a small grammar built from
``data/calendar.yaml`` and returns one ``DateMention`` per expression, its span in ``doc.text``
covering whole tokens. Prepositions (في، خلال، منذ …) stay outside the span; the words that make the
expression (يوم، مساء، عام، شهر، الماضي, a confirming weekday) are inside it.

Resolution (``DateValue``):

- Fully explicit dates ("7 شباط 2018", "2018-02-07", "07/02/2018", "شباط 2018", "عام 2017",
  "1 رمضان 1445") have anchor ``text`` and do not need the publication date.
- Everything else is resolved against ``doc.meta.published`` (anchor ``published``): a day and month
  without a year is the most recent such date on or before publication; a weekday is the most recent
  such day on or before publication ("الخميس الماضي": strictly before; "المقبل": strictly after);
  أمس is published − 1; "قبل N أيام" is published − N; "الأسبوع الماضي" is the previous calendar
  week (weeks run Sunday to Saturday, see calendar.yaml); a month without a year is the most recent
  such month on or before publication ("شباط الماضي": strictly before the month of publication).
- Without a publication date a relative expression keeps its span with start/end ``None``,
  precision ``unknown`` and anchor ``none``. Nothing ever falls back to today's date. One exception
  is not relative: a weekday written with a day and month ("السبت 16 تشرين الأول") names the most
  recent year, up to the day of the run, in which that day fell on that weekday (anchor ``weekday``;
  the same day and month fall on the same weekday only every 5, 6 or 11 years).
- When a weekday stands next to a day and month ("اليوم الثلاثاء 1 آذار", a byline
  "الثلاثاء, 10 ديسمبر 2024"), it is one mention: the day and month win, the weekday only confirms.
- Nights: "ليلة الخميس" is the night that ends on Thursday morning (the Arabic convention that a night
  precedes its day), so it spans Wednesday–Thursday; "ليل الخميس" is the night after Thursday,
  Thursday–Friday (capped at publication); "ليل الأربعاء - الخميس" / "ليلة الأربعاء على الخميس" span
  both named days; "ليلة أمس" and "الليلة الماضية" span published − 1 to published. A two-day range
  keeps precision ``day``: the range says which two days, rather than picking one.
- Hijri dates use the tabular (arithmetic) Islamic calendar: it can differ by one or two days from the
  announced, moon-sighted calendar, so a Hijri day has precision ``day`` but its range is exact only
  to ±2 days. Hijri day and month without a year resolve to the most recent occurrence on or before
  publication.

Mention kinds: ``absolute`` (explicit day), ``day_month`` (day and month, year from publication),
``month``, ``year``, ``weekday``, ``relative`` (اليوم، أمس، قبل 3 أيام …), ``week``, ``night``,
``hijri``, ``numeric`` (ISO or DMY digits).
"""

from __future__ import annotations

import calendar as _stdcal
import datetime as dt
import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Any

import yaml

from marsad.arabic.normalize import NormText, clean_chars, fold, normalize
from marsad.arabic.tokens import tokenize
from marsad.errors import LexiconError
from marsad.model import DateMention, DateValue, Document, Token

DEFAULT_PATH = Path(__file__).resolve().parent.parent / "data" / "calendar.yaml"

_WEEKDAY_NUMBERS = {"monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4,
                    "saturday": 5, "sunday": 6}

# Boundaries in the folded text: no letter before/after a word, no digit (or decimal part) next to a
# number. "_" counts as a letter so hashtags are left alone.
_LB = r"(?<![^\W\d])"
_RB = r"(?![^\W\d])"
_NB = r"(?<![\d.,])(?<![^\W\d]-)"  # a number not glued to a digit or to "سو-"
_NA = r"(?![\d]|[.,]\d)"
_CL = r"(?:[وف]?ب?)"  # proclitics a date word may carry: وأمس، بالأمس، والخميس
_S = r"[ \t]+"  # dates never run across lines
_S0 = r"[ \t]*"
_DAY = _NB + r"[0-3]?\d" + _NA
_YEAR = _NB + r"(?:19|20)\d\d" + _NA
_HYEAR = _NB + r"1[34]\d\d" + _NA

# Hijri epoch: 1 Muharram 1 AH = 16 July 622 (Julian) = 19 July 622 (proleptic Gregorian), the civil
# ("Friday") epoch of the tabular calendar.
_HIJRI_EPOCH = dt.date(622, 7, 19).toordinal()

UNKNOWN = DateValue(None, None, "unknown", "none")


# --------------------------------------------------------------------------------------------------
# Pure date arithmetic


def resolve_weekday(published: dt.date, weekday: int, strictly_before: bool = False) -> dt.date:
    """The most recent ``weekday`` (Monday=0 … Sunday=6) on or before ``published``
    (strictly before when ``strictly_before``)."""
    delta = (published.weekday() - weekday) % 7
    if delta == 0 and strictly_before:
        delta = 7
    return published - dt.timedelta(days=delta)


def next_weekday(published: dt.date, weekday: int) -> dt.date:
    """The first ``weekday`` strictly after ``published``."""
    delta = (weekday - published.weekday()) % 7 or 7
    return published + dt.timedelta(days=delta)


def hijri_to_gregorian(year: int, month: int, day: int) -> dt.date:
    """Tabular Islamic calendar (30-year cycle, leap years 2, 5, 7, 10, 13, 16, 18, 21, 24, 26, 29).
    Within one or two days of the announced calendar, which depends on moon sighting."""
    days = day + (59 * (month - 1) + 1) // 2 + (year - 1) * 354 + (3 + 11 * year) // 30
    return dt.date.fromordinal(days + _HIJRI_EPOCH - 1)


def gregorian_to_hijri(date: dt.date) -> tuple[int, int, int]:
    """Inverse of ``hijri_to_gregorian``: (year, month, day)."""
    year = (30 * (date.toordinal() - _HIJRI_EPOCH) + 10646) // 10631
    while hijri_to_gregorian(year + 1, 1, 1) <= date:
        year += 1
    while hijri_to_gregorian(year, 1, 1) > date:
        year -= 1
    month = 12
    while hijri_to_gregorian(year, month, 1) > date:
        month -= 1
    return year, month, (date - hijri_to_gregorian(year, month, 1)).days + 1


def hijri_month_range(year: int, month: int) -> tuple[dt.date, dt.date]:
    first = hijri_to_gregorian(year, month, 1)
    nxt = hijri_to_gregorian(year + 1, 1, 1) if month == 12 else hijri_to_gregorian(year, month + 1, 1)
    return first, nxt - dt.timedelta(days=1)


def _safe_date(year: int, month: int, day: int) -> dt.date | None:
    if not (1 <= month <= 12 and 1 <= day <= _stdcal.monthrange(year, month)[1]):
        return None
    return dt.date(year, month, day)


def _recent_day_month(published: dt.date, month: int, day: int) -> dt.date | None:
    """Most recent (month, day) on or before ``published``; 29 February looks back to a leap year."""
    for year in range(published.year, published.year - 9, -1):
        date = _safe_date(year, month, day)
        if date is not None and date <= published:
            return date
    return None


def pinned_by_weekday(latest: dt.date, month: int, day: int, weekday: int,
                      years: int = 28) -> dt.date | None:
    """The most recent (month, day) on or before ``latest`` that falls on ``weekday``: a day and month
    fall on the same weekday only every 5, 6 or 11 years, so "السبت 16 تشرين الأول" names one date
    within a conflict's span (28 years is the whole cycle)."""
    for year in range(latest.year, latest.year - years, -1):
        date = _safe_date(year, month, day)
        if date is not None and date <= latest and date.weekday() == weekday:
            return date
    return None


def _weekday_pinned(ctx: _Ctx, m: re.Match[str], month: int, day: int) -> dt.date | None:
    """With no publication date, a weekday written with the day and month ("اليوم السبت 16 تشرين
    الأول") gives the year (anchor ``weekday``)."""
    if ctx.latest is None or not m["wd"] or not _weekday_ok(ctx, m) or _qualifier(ctx.cal, m):
        return None
    return pinned_by_weekday(ctx.latest, month, day, ctx.cal.weekdays[_key(m["wd"])])


def _next_day_month(published: dt.date, month: int, day: int) -> dt.date | None:
    for year in range(published.year, published.year + 9):
        date = _safe_date(year, month, day)
        if date is not None and date > published:
            return date
    return None


def _month_range(year: int, month: int, part: tuple[int, int] | None = None) -> tuple[dt.date, dt.date]:
    last = _stdcal.monthrange(year, month)[1]
    if part is None:
        return dt.date(year, month, 1), dt.date(year, month, last)
    return dt.date(year, month, min(part[0], last)), dt.date(year, month, min(part[1], last))


def _shift_month(year: int, month: int, by: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + by
    return index // 12, index % 12 + 1


def _range_precision(start: dt.date, end: dt.date) -> str:
    days = (end - start).days
    if days <= 1:
        return "day"
    if days <= 7:
        return "week"
    if days <= 31:
        return "month"
    return "year"


# --------------------------------------------------------------------------------------------------
# Lexicon


def _trie_regex(words: Iterable[str]) -> str:
    """A regex alternation of ``words`` factored by common prefixes (faster than a flat alternation);
    a space inside a word matches any run of spaces or tabs."""
    trie: dict[str, Any] = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict[str, Any]) -> str:
        branches = [(_S if ch == " " else re.escape(ch)) + build(child)
                    for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        if len(branches) == 1 and "" not in node:
            return branches[0]
        body = "(?:" + "|".join(branches) + ")"
        return body + "?" if "" in node else body

    return "(?:" + build(trie) + ")"


def _key(text: str) -> str:
    """The lookup key of matched text: folded words joined by single spaces."""
    return " ".join(text.split())


@dataclass(frozen=True, slots=True)
class _Hit:
    start: int  # in the folded text
    end: int
    value: DateValue
    kind: str


@dataclass(frozen=True, slots=True)
class Calendar:
    """Month, weekday and relative-day lexicon (folded at load) and the grammar compiled from it."""

    months: Mapping[str, int]
    ambiguous_months: frozenset[str]
    hijri_months: Mapping[str, int]
    ambiguous_hijri: frozenset[str]
    hijri_day_strict: frozenset[str]
    weekdays: Mapping[str, int]
    ordinals: Mapping[str, int]
    numbers: Mapping[str, int]
    relative_days: Mapping[str, int]
    not_today_after: frozenset[str]
    not_today_before: frozenset[str]
    past_words: frozenset[str]
    current_words: frozenset[str]
    next_words: frozenset[str]
    week_units: frozenset[str]
    month_units: frozenset[str]
    year_units: frozenset[str]
    ago_long_words: frozenset[str]
    unit_counts: Mapping[str, int]
    night_before: frozenset[str]
    night_after: frozenset[str]
    last_night: frozenset[str]
    month_parts: Mapping[str, tuple[int, int]]
    first_day_words: frozenset[str]
    weekend_words: frozenset[str]
    prepositions: frozenset[str]
    week_start: int
    weekend: tuple[int, ...]
    patterns: tuple[tuple[str, re.Pattern[str]], ...]
    # word (with its proclitics) -> (patterns that may start at it, core kinds it is). The grammar is
    # only tried where an expression may begin and the word it cannot do without (a month name, a
    # weekday, ...) follows within a few tokens: one dict lookup per token, few regex attempts.
    words: Mapping[str, tuple[tuple[int, ...], int]]
    word_set: frozenset[str]
    digit_starts: tuple[int, ...]
    needs: tuple[int, ...]  # per pattern: the core kinds (bit mask) one of which it requires

    @classmethod
    def load(cls, path: Path | None = None) -> Calendar:
        path = path or DEFAULT_PATH
        try:
            raw = yaml.safe_load(path.read_text(encoding="utf-8"))
        except (OSError, yaml.YAMLError) as exc:
            raise LexiconError(f"cannot read calendar lexicon {path}: {exc}", origin=str(path)) from exc
        if not isinstance(raw, dict):
            raise LexiconError(f"calendar lexicon {path} is not a mapping", origin=str(path))
        return cls.from_dict(raw, origin=str(path))

    @classmethod
    def from_dict(cls, raw: Mapping[str, Any], origin: str = "<dict>") -> Calendar:
        def words(name: str) -> list[str]:
            return words_of(raw.get(name), name)

        def numbered(name: str, low: int, high: int) -> dict[str, int]:
            table = raw.get(name)
            if not isinstance(table, dict):
                raise LexiconError(f"calendar lexicon: '{name}' must be a mapping", origin=origin)
            out: dict[str, int] = {}
            for number, names in table.items():
                if not isinstance(number, int) or not low <= number <= high:
                    raise LexiconError(f"calendar lexicon: bad key {number!r} in '{name}'", origin=origin)
                for w in words_of(names, name):
                    if out.get(w, number) != number:
                        raise LexiconError(f"calendar lexicon: '{w}' has two values in '{name}'",
                                           origin=origin)
                    out[w] = number
            return out

        def words_of(value: Any, name: str) -> list[str]:
            if not isinstance(value, list) or not all(isinstance(w, str) and w.strip() for w in value):
                raise LexiconError(f"calendar lexicon: '{name}' entries must be lists of words",
                                   origin=origin)
            for w in value:
                if clean_chars(w) != w:
                    raise LexiconError(f"calendar lexicon: '{w}' in '{name}' is not clean text",
                                       origin=origin)
            return [_key(fold(w)) for w in value]

        weekdays_raw = raw.get("weekdays")
        if not isinstance(weekdays_raw, dict) or set(weekdays_raw) != set(_WEEKDAY_NUMBERS):
            raise LexiconError("calendar lexicon: 'weekdays' must name the seven English weekdays",
                               origin=origin)
        weekdays = {w: _WEEKDAY_NUMBERS[day] for day, names in weekdays_raw.items()
                    for w in words_of(names, "weekdays")}
        rel_raw = raw.get("relative_days")
        if not isinstance(rel_raw, dict) or not all(isinstance(v, int) for v in rel_raw.values()):
            raise LexiconError("calendar lexicon: 'relative_days' must map words to day offsets",
                               origin=origin)
        relative = {}
        for w, offset in rel_raw.items():
            relative[words_of([w], "relative_days")[0]] = offset
        counts_raw = raw.get("unit_counts")
        if not isinstance(counts_raw, dict) or not all(isinstance(v, int) for v in counts_raw.values()):
            raise LexiconError("calendar lexicon: 'unit_counts' must map unit words to counts", origin=origin)
        unit_counts = {words_of([w], "unit_counts")[0]: n for w, n in counts_raw.items()}
        parts_raw = raw.get("month_parts")
        days_raw = raw.get("month_part_days")
        if not isinstance(parts_raw, dict) or not isinstance(days_raw, dict):
            raise LexiconError("calendar lexicon: 'month_parts' and 'month_part_days' are required",
                               origin=origin)
        month_parts: dict[str, tuple[int, int]] = {}
        for part, names in parts_raw.items():
            bounds = days_raw.get(part)
            if not (isinstance(bounds, list) and len(bounds) == 2 and all(isinstance(b, int) for b in bounds)):
                raise LexiconError(f"calendar lexicon: month_part_days['{part}'] must be [first, last]",
                                   origin=origin)
            for w in words_of(names, "month_parts"):
                month_parts[w] = (bounds[0], bounds[1])
        week_start = raw.get("week_start")
        weekend = raw.get("weekend")
        if week_start not in _WEEKDAY_NUMBERS or not (
                isinstance(weekend, list) and weekend and all(d in _WEEKDAY_NUMBERS for d in weekend)):
            raise LexiconError("calendar lexicon: 'week_start' and 'weekend' must be English weekdays",
                               origin=origin)

        lex = {
            name: words(name) for name in (
                "ambiguous_months", "ambiguous_hijri_months", "hijri_day_needs_context", "hijri_year_markers",
                "gregorian_year_markers", "not_today_after", "not_today_before", "ago_words",
                "day_units", "week_units", "past_words", "current_words", "next_words", "week_words",
                "month_words", "year_words", "this_words", "weekend_words", "parts_of_day",
                "night_before_words", "night_after_words", "last_night", "year_nouns",
                "time_prepositions", "month_nouns", "day_month_links", "agreeing_words",
                "first_day_words", "month_units", "year_units", "ago_long_words")
        }
        months = numbered("months", 1, 12)
        hijri = numbered("hijri_months", 1, 12)
        ordinals = numbered("day_ordinals", 1, 31)
        numbers = numbered("number_words", 1, 99)
        patterns = _compile(lex, months, hijri, weekdays, ordinals, numbers, relative, month_parts)
        table, digit_starts, needs = _word_table(lex, months, hijri, weekdays, ordinals, relative,
                                                 month_parts, [name for name, _ in patterns])
        return cls(
            months=MappingProxyType(months),
            ambiguous_months=frozenset(lex["ambiguous_months"]),
            hijri_months=MappingProxyType(hijri),
            ambiguous_hijri=frozenset(lex["ambiguous_hijri_months"]),
            hijri_day_strict=frozenset(lex["hijri_day_needs_context"]),
            weekdays=MappingProxyType(weekdays),
            ordinals=MappingProxyType(ordinals),
            numbers=MappingProxyType(numbers),
            relative_days=MappingProxyType(relative),
            not_today_after=frozenset(lex["not_today_after"]),
            not_today_before=frozenset(lex["not_today_before"]),
            past_words=frozenset(lex["past_words"]),
            current_words=frozenset(lex["current_words"]),
            next_words=frozenset(lex["next_words"]),
            week_units=frozenset(lex["week_units"]),
            month_units=frozenset(lex["month_units"]),
            year_units=frozenset(lex["year_units"]),
            ago_long_words=frozenset(lex["ago_long_words"]),
            unit_counts=MappingProxyType(unit_counts),
            night_before=frozenset(lex["night_before_words"]),
            night_after=frozenset(lex["night_after_words"]),
            last_night=frozenset(lex["last_night"]),
            month_parts=MappingProxyType(month_parts),
            first_day_words=frozenset(lex["first_day_words"]),
            weekend_words=frozenset(lex["weekend_words"]),
            prepositions=frozenset([*lex["time_prepositions"], *month_parts]),
            week_start=_WEEKDAY_NUMBERS[week_start],
            weekend=tuple(_WEEKDAY_NUMBERS[d] for d in weekend),
            patterns=patterns,
            words=MappingProxyType(table),
            word_set=frozenset(table),
            digit_starts=digit_starts,
            needs=needs,
        )


def _compile(lex: Mapping[str, list[str]], months: Mapping[str, int], hijri: Mapping[str, int],
             weekdays: Mapping[str, int], ordinals: Mapping[str, int], numbers: Mapping[str, int],
             relative: Mapping[str, int], month_parts: Mapping[str, tuple[int, int]],
             ) -> tuple[tuple[str, re.Pattern[str]], ...]:
    def alt(ws: Iterable[str]) -> str:
        return _trie_regex(ws)

    def word(ws: Iterable[str], name: str | None = None, clitic: bool = False) -> str:
        body = alt(ws)
        if name:
            body = f"(?P<{name}>{body})"
        return _LB + (_CL if clitic else "") + body + _RB

    month = alt(months)
    wd = alt(weekdays)
    quals = alt([*lex["past_words"], *lex["current_words"], *lex["next_words"]])
    parts = alt([*lex["parts_of_day"], *lex["night_before_words"], *lex["night_after_words"]])
    mpart = word(month_parts, "mpart", clitic=True)
    shahr = word(lex["month_nouns"], "shahr", clitic=True)
    prep = word(lex["time_prepositions"], "prep", clitic=True)
    year_noun = alt(lex["year_nouns"])
    gmark = f"(?:{_S0}{alt(lex['gregorian_year_markers'])}{_RB})?"
    hmark = f"(?:{_S0}{alt(lex['hijri_year_markers'])}{_RB})?"
    qual = f"(?:{_S}(?P<qual>{quals}){_RB})?"
    link = f"(?:{_S0}[/\\-]{_S0}|{_S}(?P<link>{alt(lex['day_month_links'])}){_S}|{_S})"
    day = f"(?:(?P<day>{_DAY})|{_LB}(?P<ord>{alt(ordinals)}){_RB}|{_LB}(?P<first>{alt(lex['first_day_words'])}){_RB})"
    # Literal words in the grammar are written folded (ى→ي): the grammar reads folded text.
    day0 = f"(?:(?P<day0>{_DAY}){_S0}(?:-|–|{_LB}و|{_LB}الي{_RB}|{_LB}حتي{_RB}){_S0})?"
    # A day-month form can be led by a part of the day, "يوم"/"اليوم" and a weekday (bylines).
    prefix = (f"(?:{_LB}{_CL}(?P<part>{parts}){_RB}{_S})?"
              f"(?:{_LB}{_CL}(?P<yawm>يوم|اليوم){_RB}{_S})?"
              f"(?:{_LB}{_CL}(?P<wd>{wd}){_RB}{_S0}[,،]?{_S0}"
              f"(?:{alt(lex['agreeing_words'])}{_RB}{_S0}(?:ل{_S0})?)?)?")
    months_x = (f"(?:\\({_S0}(?P<mon0>{month}){_S0}\\){_S0})?"
                f"{_LB}(?P<mon>{month}){_RB}"
                f"(?:{_S0}[/\\-]{_S0}(?P<mon2>{month}){_RB}|{_S0}\\({_S0}(?P<mon3>{month}){_S0}\\))?")
    year_tail = (f"(?:{_S0}[/\\-,،]?{_S0}(?:(?:من{_S})?{year_noun}{_S})?(?P<year>{_YEAR}){gmark})?")

    day_month = prefix + day0 + day + link + months_x + year_tail + qual
    day_rel_month = (prefix + day + link + f"{_LB}(?P<relm>{alt(lex['month_words'])}){_RB}"
                     + f"{_S}(?P<qual>{quals}){_RB}")
    hijri_day = (prefix + day0 + day + link + f"(?:(?P<shahr>شهر){_S})?{_LB}(?P<hmon>{alt(hijri)}){_RB}"
                 + f"(?:{_S}(?P<hyear>{_HYEAR}){hmark})?" + qual)
    numeric = (prefix + _NB
               + r"(?:(?P<iy>(?:19|20)\d\d)(?P<isep>[-/.])(?P<im>[01]?\d)(?P=isep)(?P<id>[0-3]?\d)"
               + r"|(?P<dd>[0-3]?\d)(?P<dsep>[-/.])(?P<dm>[01]?\d)(?P=dsep)(?P<dy>(?:19|20)\d\d))" + _NA)
    month_year = (f"(?:{prep}{_S})?(?:{mpart}{_S})?(?:{shahr}{_S})?" + months_x
                  + f"{_S0}[/\\-,،]?{_S0}(?:{year_noun}{_S})?(?P<year>{_YEAR}){gmark}")
    month_only = (f"(?:{prep}{_S})?(?:{mpart}{_S})?(?:{shahr}{_S})?" + months_x + qual)
    hijri_month = (f"(?:{prep}{_S})?(?:{mpart}{_S})?(?:{shahr}{_S})?{_LB}{_CL}(?P<hmon>{alt(hijri)}){_RB}"
                   f"(?:{_S}(?P<hyear>{_HYEAR}){hmark}|{qual})")
    year = (f"(?:{_LB}{_CL}(?P<ynoun>{year_noun}){_RB}|{prep}){_S}(?P<year>{_YEAR}){gmark}")
    night_range = (f"{_LB}{_CL}(?P<night>{alt([*lex['night_before_words'], *lex['night_after_words']])}){_RB}{_S}"
                   f"(?:يوم{_S})?{_LB}(?P<wd>{wd}){_RB}{_S0}(?:[-–/]|{_LB}علي{_RB}|{_LB}الي{_RB})?{_S0}"
                   f"(?:يوم{_S})?{_LB}{_CL}(?P<wd2>{wd}){_RB}")
    weekday = (f"(?:{_LB}{_CL}(?P<part>{parts}){_RB}{_S})?(?:{_LB}{_CL}(?P<yawm>يوم){_RB}{_S})?"
               f"{_LB}{_CL}(?P<wd>{wd}){_RB}" + qual)
    rel = (f"(?:{_LB}{_CL}(?P<part>{parts}){_RB}{_S})?{_LB}{_CL}(?P<rel>{alt(relative)}){_RB}"
           f"(?:{_S0}[,،]?{_S0}{_LB}(?P<wd>{wd}){_RB})?")
    last_night = f"{_LB}{_CL}(?P<lastnight>{alt(lex['last_night'])}){_RB}"
    number = f"(?:(?P<n>{_NB}\\d{{1,4}}{_NA})|{_LB}(?P<nword>{alt(numbers)}){_RB})"
    ago = (f"{_LB}{_CL}(?P<ago>{alt(lex['ago_words'])}){_RB}{_S}(?:{number}{_S})?"
           f"{_LB}(?P<unit>{alt([*lex['day_units'], *lex['week_units'], *lex['month_units'], *lex['year_units'], 'يوم', 'يومين'])}){_RB}")
    week = (f"(?:{_LB}{_CL}(?P<this>{alt(lex['this_words'])}){_RB}{_S})?"
            f"{_LB}{_CL}(?P<wk>{alt([*lex['weekend_words'], *lex['week_words']])}){_RB}" + qual)
    rel_month = (f"(?:{mpart}{_S})?(?:{_LB}{_CL}(?P<this>{alt(lex['this_words'])}){_RB}{_S})?"
                 f"{_LB}{_CL}(?P<relm>{alt(lex['month_words'])}){_RB}" + qual)
    rel_year = (f"(?:{_LB}{_CL}(?P<this>{alt(lex['this_words'])}){_RB}{_S})?"
                f"{_LB}{_CL}(?P<rely>{alt(lex['year_words'])}){_RB}" + qual)
    named = {
        "numeric": numeric, "night_range": night_range, "day_month": day_month,
        "day_rel_month": day_rel_month, "hijri_day": hijri_day,
        "month_year": month_year, "hijri_month": hijri_month, "month_only": month_only, "year": year,
        "rel": rel, "last_night": last_night, "ago": ago, "weekday": weekday, "week": week,
        "rel_month": rel_month, "rel_year": rel_year,
    }
    return tuple((name, re.compile(rx)) for name, rx in named.items())


# Core kinds: a pattern is tried only when one of the kinds it needs occurs near its start.
_GMONTH, _HMONTH, _WDAY, _REL, _UNIT, _YEAR4, _NUMDATE, _WEEK, _MONTHW, _YEARW = (1 << i for i in range(10))
_NEEDS = {
    "numeric": _NUMDATE, "night_range": _WDAY, "day_month": _GMONTH, "day_rel_month": _MONTHW,
    "hijri_day": _HMONTH,
    "month_year": _GMONTH, "hijri_month": _HMONTH, "month_only": _GMONTH, "year": _YEAR4,
    "rel": _REL, "last_night": _REL, "ago": _UNIT, "weekday": _WDAY, "week": _WEEK,
    "rel_month": _MONTHW, "rel_year": _YEARW,
}
# How many characters an expression may run from its first word to its core word
# ("الساعات الاولي من صباح يوم الخميس، الموافق 7 - 9 من شهر شباط" is 56).
_WINDOW = 90
# Numbers as the tokenizer reads them (a digit run with its decimal parts).
_DATE_SEPARATORS = frozenset("-/.")
# Words of relative expressions too common to be their core ("قبل يوم" is cored on "يوم").
_NOT_CORE = frozenset({"من", "قبل", "منذ", "اول", "ليل", "ليله", "يوم"})


def _word_table(lex: Mapping[str, list[str]], months: Mapping[str, int], hijri: Mapping[str, int],
                weekdays: Mapping[str, int], ordinals: Mapping[str, int], relative: Mapping[str, int],
                month_parts: Mapping[str, tuple[int, int]], names: list[str],
                ) -> tuple[dict[str, tuple[tuple[int, ...], int]], tuple[int, ...], tuple[int, ...]]:
    """First words of each pattern (see ``_compile``) and core words, with the proclitics ``_CL`` allows."""
    day_led = ("numeric", "day_month", "day_rel_month", "hijri_day")
    prefixed = (*day_led, "weekday", "rel", "night_range", "last_night")
    starts: list[tuple[Iterable[str], tuple[str, ...]]] = [
        (lex["parts_of_day"], prefixed),
        (lex["night_before_words"], prefixed),
        (lex["night_after_words"], prefixed),
        (["يوم"], (*day_led, "weekday", "rel")),
        (["اليوم"], (*day_led, "rel")),
        (weekdays, (*day_led, "weekday")),
        (ordinals, day_led),
        (lex["first_day_words"], day_led),
        (relative, ("rel",)),
        (lex["last_night"], ("last_night",)),
        (lex["ago_words"], ("ago",)),
        (months, ("month_year", "month_only")),
        (month_parts, ("month_year", "month_only", "hijri_month", "rel_month")),
        (lex["month_nouns"], ("month_year", "month_only", "hijri_month")),
        (lex["time_prepositions"], ("month_year", "month_only", "year", "hijri_month")),
        (hijri, ("hijri_month",)),
        (lex["year_nouns"], ("year",)),
        (lex["this_words"], ("week", "rel_month", "rel_year")),
        ([*lex["weekend_words"], *lex["week_words"]], ("week",)),
        (lex["month_words"], ("rel_month",)),
        (lex["year_words"], ("rel_year",)),
    ]
    cores: list[tuple[Iterable[str], int]] = [
        (months, _GMONTH), (hijri, _HMONTH), (weekdays, _WDAY),
        ([*relative, *lex["last_night"]], _REL),
        ([*lex["day_units"], *lex["week_units"], *lex["month_units"], *lex["year_units"], "يوم", "يومين"], _UNIT),
        ([*lex["weekend_words"], *lex["week_words"]], _WEEK),
        (lex["month_words"], _MONTHW), (lex["year_words"], _YEARW),
    ]
    index = {name: i for i, name in enumerate(names)}
    clitics = ("", "و", "ف", "ب", "وب", "فب")
    start_sets: dict[str, set[int]] = {}
    for words, pattern_names in starts:
        for w in words:
            for clitic in clitics:
                start_sets.setdefault(clitic + w.split()[0], set()).update(index[n] for n in pattern_names)
    masks: dict[str, int] = {}
    for words, kind in cores:
        for phrase in words:
            # One core word per phrase: its first distinctive word ("كانون", not "الاول").
            core = next((w for w in phrase.split() if w not in _NOT_CORE), None)
            if core is None:
                continue
            for clitic in clitics:
                masks[clitic + core] = masks.get(clitic + core, 0) | kind
    table = {w: (tuple(sorted(start_sets.get(w, ()))), masks.get(w, 0))
             for w in start_sets.keys() | masks.keys()}
    # Numbers: a day number may start a day-led expression (read only when a month name follows), a
    # year is a core of "عام 2017" and of numeric dates.
    digit_starts = tuple(sorted(index[n] for n in day_led))
    for day in range(1, 32):
        for form in {str(day), f"{day:02d}"}:
            table[form] = (digit_starts, 0)
    for month in range(1, 13):
        table.setdefault(f"{month:02d}", (digit_starts, 0))
    for year in range(1900, 2100):
        table[str(year)] = (digit_starts, _YEAR4)
    needs = tuple(_NEEDS[name] for name in names)
    return table, digit_starts, needs


# --------------------------------------------------------------------------------------------------
# Recognition and resolution


@dataclass(frozen=True, slots=True)
class _Ctx:
    cal: Calendar
    text: str  # folded text
    published: dt.date | None
    latest: dt.date | None = None  # no date can be later (the day of the run): bounds weekday-pinned years


def _day(value: dt.date, anchor: str) -> DateValue:
    return DateValue(value, value, "day", anchor)


def _range(start: dt.date, end: dt.date, anchor: str, precision: str | None = None) -> DateValue:
    return DateValue(start, end, precision or _range_precision(start, end), anchor)


def _month_of(cal: Calendar, m: re.Match[str]) -> int | None:
    """The month of a (possibly doubled) month group: both names must agree ("شباط/فبراير")."""
    main = cal.months[_key(m["mon"])]
    for extra in ("mon0", "mon2", "mon3"):
        if m[extra] and cal.months[_key(m[extra])] != main:
            return None
    return main


def _qualifier(cal: Calendar, m: re.Match[str]) -> str | None:
    q = m["qual"]
    if not q:
        return None
    q = _key(q)
    if q in cal.past_words:
        return "past"
    if q in cal.next_words:
        return "next"
    return "current"


def _day_number(cal: Calendar, m: re.Match[str]) -> int | None:
    if m["day"]:
        return int(m["day"])
    if m["first"]:
        return 1
    # An ordinal needs "من" ("السابع من شباط"): "الثاني شباط" is not a date, and "الأول" alone never is.
    if m["ord"] and m["link"]:
        return cal.ordinals[_key(m["ord"])]
    return None


def _weekday_ok(ctx: _Ctx, m: re.Match[str]) -> bool:
    """"الاثنين" is also "the two": not a weekday after "كلا"/"بين" or before "معا"."""
    if _key(m["wd"]) != "الاثنين" or m["yawm"] or m["part"]:
        return True
    before = ctx.text[max(0, m.start("wd") - 6):m.start("wd")].split()
    after = ctx.text[m.end("wd"):m.end("wd") + 6].split()
    return not ((before and before[-1] in ("كلا", "بين", "هذين", "هذان"))
                or (after and after[0].startswith("مع")))


def _night(cal: Calendar, m: re.Match[str], day: dt.date, published: dt.date, anchor: str,
           kind_if_night: str, kind: str) -> tuple[DateValue, str]:
    part = m["part"]
    if part:
        key = _key(part)
        if key in cal.night_after:
            return _range(day, min(day + dt.timedelta(days=1), max(day, published)), anchor, "day"), kind_if_night
        if key in cal.night_before:
            return _range(day - dt.timedelta(days=1), day, anchor, "day"), kind_if_night
    return _day(day, anchor), kind


def _h_numeric(ctx: _Ctx, m: re.Match[str]) -> tuple[DateValue, str] | None:
    if m["iy"]:
        year, month, day = int(m["iy"]), int(m["im"]), int(m["id"])
    else:
        year, month, day = int(m["dy"]), int(m["dm"]), int(m["dd"])
        if month > 12 >= day:  # "02/17/2018": only month-first reading is possible
            month, day = day, month
    date = _safe_date(year, month, day)
    return None if date is None else (_day(date, "text"), "numeric")


def _h_day_month(ctx: _Ctx, m: re.Match[str]) -> tuple[DateValue, str] | None:
    cal = ctx.cal
    day = _day_number(cal, m)
    month = _month_of(cal, m)
    if day is None or month is None or not 1 <= day <= 31:
        return None
    day0 = int(m["day0"]) if m["day0"] else None
    if day0 is not None and not 1 <= day0 < day:
        return None
    if m["year"]:
        year = int(m["year"])
        end = _safe_date(year, month, day)
        if end is None:
            return None
        if day0 is not None:
            return _range(dt.date(year, month, day0), end, "text"), "absolute"
        return _day(end, "text"), "absolute"
    if _safe_date(2000, month, day) is None:  # 31 نيسان, 30 شباط: never a date (2000 is a leap year)
        return None
    pub = ctx.published
    if pub is None:
        pinned = _weekday_pinned(ctx, m, month, day) if day0 is None else None
        return (UNKNOWN if pinned is None else _day(pinned, "weekday")), "day_month"
    qual = _qualifier(cal, m)
    if qual == "next":
        date = _next_day_month(pub, month, day)
    elif qual == "current":
        date = _safe_date(pub.year, month, day)
    elif day0 is not None:  # "20-22 شباط": the range began on or before publication
        first = _recent_day_month(pub, month, day0)
        date = None if first is None else _safe_date(first.year, month, day)
    else:
        date = _recent_day_month(pub, month, day)
    if date is None:
        return None
    if day0 is not None:
        return _range(date.replace(day=day0), date, "published"), "day_month"
    return _night(cal, m, date, pub, "published", "night", "day_month")


def _h_day_rel_month(ctx: _Ctx, m: re.Match[str]) -> tuple[DateValue, str] | None:
    """"العاشر من الشهر الجاري", "5 من الشهر الماضي"."""
    cal = ctx.cal
    day = _day_number(cal, m)
    qual = _qualifier(cal, m)
    if day is None or qual is None:
        return None
    pub = ctx.published
    if pub is None:
        return UNKNOWN, "day_month"
    year, month = _shift_month(pub.year, pub.month, {"past": -1, "next": 1}.get(qual, 0))
    date = _safe_date(year, month, day)
    return None if date is None else (_day(date, "published"), "day_month")


def _h_hijri_day(ctx: _Ctx, m: re.Match[str]) -> tuple[DateValue, str] | None:
    cal = ctx.cal
    day = _day_number(cal, m)
    if day is None or not 1 <= day <= 30:
        return None
    key = _key(m["hmon"])
    month = cal.hijri_months[key]
    if key in cal.hijri_day_strict and not (m["hyear"] or m["link"] or m["shahr"]):
        return None
    if m["hyear"]:
        date = hijri_to_gregorian(int(m["hyear"]), month, day)
        return _day(date, "text"), "hijri"
    pub = ctx.published
    if pub is None:
        return UNKNOWN, "hijri"
    hy = gregorian_to_hijri(pub)[0]
    for year in (hy, hy - 1):
        date = hijri_to_gregorian(year, month, day)
        if date <= pub:
            return _day(date, "published"), "hijri"
    return None


def _h_month_year(ctx: _Ctx, m: re.Match[str]) -> tuple[DateValue, str] | None:
    month = _month_of(ctx.cal, m)
    if month is None:
        return None
    part = ctx.cal.month_parts[_key(m["mpart"])] if m["mpart"] else None
    start, end = _month_range(int(m["year"]), month, part)
    return DateValue(start, end, "month", "text"), "month"


def _h_month_only(ctx: _Ctx, m: re.Match[str]) -> tuple[DateValue, str] | None:
    cal = ctx.cal
    month = _month_of(cal, m)
    if month is None:
        return None
    qual = _qualifier(cal, m)
    # A bare month name needs context; a name that is also a word (مارس، آب) needs more than a preposition.
    if not (qual or m["mpart"] or m["shahr"] or m["prep"]):
        return None
    if _key(m["mon"]) in cal.ambiguous_months and not (qual or m["mpart"] or m["shahr"]):
        return None
    pub = ctx.published
    if pub is None:
        return UNKNOWN, "month"
    if qual == "past":
        year = pub.year if month < pub.month else pub.year - 1
    elif qual == "next":
        year = pub.year if month > pub.month else pub.year + 1
    elif qual == "current":
        year = pub.year
    else:
        year = pub.year if month <= pub.month else pub.year - 1
    part = cal.month_parts[_key(m["mpart"])] if m["mpart"] else None
    start, end = _month_range(year, month, part)
    return DateValue(start, end, "month", "published"), "month"


def _h_hijri_month(ctx: _Ctx, m: re.Match[str]) -> tuple[DateValue, str] | None:
    cal = ctx.cal
    key = _key(m["hmon"])
    month = cal.hijri_months[key]
    qual = _qualifier(cal, m)
    if not (m["shahr"] or m["hyear"] or (key not in cal.ambiguous_hijri and (qual or m["mpart"]))):
        return None
    if m["hyear"]:
        start, end = hijri_month_range(int(m["hyear"]), month)
        anchor = "text"
    else:
        pub = ctx.published
        if pub is None:
            return UNKNOWN, "hijri"
        hy, hm, _ = gregorian_to_hijri(pub)
        if qual == "past":
            year = hy if month < hm else hy - 1
        elif qual == "next":
            year = hy if month > hm else hy + 1
        elif qual == "current":
            year = hy
        else:
            year = hy if month <= hm else hy - 1
        start, end = hijri_month_range(year, month)
        anchor = "published"
    if m["mpart"]:
        lo, hi = cal.month_parts[_key(m["mpart"])]
        start, end = start + dt.timedelta(days=lo - 1), min(end, start + dt.timedelta(days=hi - 1))
    return DateValue(start, end, "month", anchor), "hijri"


def _h_year(ctx: _Ctx, m: re.Match[str]) -> tuple[DateValue, str] | None:
    if m["prep"] and not m["ynoun"]:
        # "في 2017" is a year only when no word follows ("في 2017 غارة" counts raids).
        rest = ctx.text[m.end():m.end() + 3].lstrip(" \t")
        if rest and (rest[0].isalpha() and not rest.startswith("و")):
            return None
    year = int(m["year"])
    return DateValue(dt.date(year, 1, 1), dt.date(year, 12, 31), "year", "text"), "year"


def _h_night_range(ctx: _Ctx, m: re.Match[str]) -> tuple[DateValue, str] | None:
    cal = ctx.cal
    first, second = cal.weekdays[_key(m["wd"])], cal.weekdays[_key(m["wd2"])]
    if (second - first) % 7 != 1:
        return None
    pub = ctx.published
    if pub is None:
        return UNKNOWN, "night"
    end = resolve_weekday(pub, second)
    return _range(end - dt.timedelta(days=1), end, "published", "day"), "night"


def _h_weekday(ctx: _Ctx, m: re.Match[str]) -> tuple[DateValue, str] | None:
    cal = ctx.cal
    if not _weekday_ok(ctx, m):
        return None
    pub = ctx.published
    if pub is None:
        return UNKNOWN, "weekday"
    wd = cal.weekdays[_key(m["wd"])]
    qual = _qualifier(cal, m)
    if qual == "next":
        date = next_weekday(pub, wd)
    else:
        date = resolve_weekday(pub, wd, strictly_before=qual == "past")
    return _night(cal, m, date, pub, "published", "night", "weekday")


def _h_rel(ctx: _Ctx, m: re.Match[str]) -> tuple[DateValue, str] | None:
    cal = ctx.cal
    key = _key(m["rel"])
    if key.endswith("اليوم") and not m["wd"]:
        # "اليوم التالي", "ذلك اليوم": the day of something else, not today.
        after = ctx.text[m.end():m.end() + 12].split()
        before = ctx.text[max(0, m.start() - 8):m.start()].split()
        if (after and after[0] in cal.not_today_after) or (before and before[-1] in cal.not_today_before):
            return None
    pub = ctx.published
    if pub is None:
        return UNKNOWN, "relative"
    date = pub + dt.timedelta(days=cal.relative_days[key])
    part = m["part"]
    if part and (_key(part) in cal.night_after or _key(part) in cal.night_before) and date < pub:
        # "ليلة أمس": last night, yesterday evening to this morning.
        return _range(date, date + dt.timedelta(days=1), "published", "day"), "night"
    return _day(date, "published"), "relative"


def _h_last_night(ctx: _Ctx, m: re.Match[str]) -> tuple[DateValue, str] | None:
    pub = ctx.published
    if pub is None:
        return UNKNOWN, "night"
    return _range(pub - dt.timedelta(days=1), pub, "published", "day"), "night"


def _h_ago(ctx: _Ctx, m: re.Match[str]) -> tuple[DateValue, str] | None:
    cal = ctx.cal
    unit = _key(m["unit"])
    if unit in cal.month_units or unit in cal.year_units:
        return _ago_long(ctx, m, unit)
    if m["n"]:
        count = int(m["n"])
    elif m["nword"]:
        count = cal.numbers[_key(m["nword"])]
    elif unit in cal.unit_counts:
        count = cal.unit_counts[unit]
    else:
        return None  # "منذ أيام": too vague
    if cal.unit_counts.get(unit) == 2 and (m["n"] or m["nword"]):
        return None
    pub = ctx.published
    if pub is None:
        return UNKNOWN, "relative"
    if unit in cal.week_units:
        centre = pub - dt.timedelta(days=7 * count)
        # "قبل أسبوع" is approximate: the week around the date seven days back.
        return _range(centre - dt.timedelta(days=3), min(pub, centre + dt.timedelta(days=3)),
                      "published", "week"), "relative"
    if count > 3660:
        return None
    return _day(pub - dt.timedelta(days=count), "published"), "relative"


def _ago_long(ctx: _Ctx, m: re.Match[str], unit: str) -> tuple[DateValue, str] | None:
    """"قبل شهرين" → that month, "قبل عامين" → that year. Only after قبل: "منذ عامين" is mostly a
    duration ("محاصرة منذ عامين"), not a date."""
    cal = ctx.cal
    if _key(m["ago"]) not in cal.ago_long_words:
        return None
    if m["n"]:
        count = int(m["n"])
    elif m["nword"]:
        count = cal.numbers[_key(m["nword"])]
    elif unit in cal.unit_counts:
        count = cal.unit_counts[unit]
    else:
        return None  # "قبل أشهر": too vague
    if count < 1 or count > 100:
        return None
    pub = ctx.published
    if pub is None:
        return UNKNOWN, "relative"
    if unit in cal.month_units:
        index = pub.year * 12 + pub.month - 1 - count
        start, end = _month_range(index // 12, index % 12 + 1)
        return _range(start, end, "published", "month"), "relative"
    return _range(dt.date(pub.year - count, 1, 1), dt.date(pub.year - count, 12, 31), "published", "year"), "relative"


def _h_week(ctx: _Ctx, m: re.Match[str]) -> tuple[DateValue, str] | None:
    cal = ctx.cal
    qual = _qualifier(cal, m)
    is_weekend = _key(m["wk"]) in cal.weekend_words
    if not (qual or m["this"] or is_weekend):
        return None
    pub = ctx.published
    if pub is None:
        return UNKNOWN, "week"
    week_start = pub - dt.timedelta(days=(pub.weekday() - cal.week_start) % 7)
    if qual == "past":
        week_start -= dt.timedelta(days=7)
    elif qual == "next":
        week_start += dt.timedelta(days=7)
    if is_weekend:
        offsets = sorted((d - cal.week_start) % 7 for d in cal.weekend)
        start = week_start + dt.timedelta(days=offsets[0])
        if qual is None and not m["this"] and start > pub:
            start -= dt.timedelta(days=7)  # "نهاية الأسبوع" alone: the most recent weekend begun
        return _range(start, start + dt.timedelta(days=offsets[-1] - offsets[0]), "published", "week"), "week"
    return _range(week_start, week_start + dt.timedelta(days=6), "published", "week"), "week"


def _h_rel_month(ctx: _Ctx, m: re.Match[str]) -> tuple[DateValue, str] | None:
    cal = ctx.cal
    qual = _qualifier(cal, m)
    if not (qual or m["this"] or m["mpart"]):
        return None
    pub = ctx.published
    if pub is None:
        return UNKNOWN, "month"
    by = {"past": -1, "next": 1}.get(qual or "", 0)
    year, month = _shift_month(pub.year, pub.month, by)
    part = cal.month_parts[_key(m["mpart"])] if m["mpart"] else None
    start, end = _month_range(year, month, part)
    return DateValue(start, end, "month", "published"), "month"


def _h_rel_year(ctx: _Ctx, m: re.Match[str]) -> tuple[DateValue, str] | None:
    cal = ctx.cal
    qual = _qualifier(cal, m)
    if not (qual or m["this"]):
        return None
    if qual == "current" and not m["this"] and _key(m["qual"]) not in ("الجاري", "الجاريه"):
        # "المدعي العام الحالي" is the current attorney general: "العام الحالي" is a year only after
        # a preposition ("خلال العام الحالي").
        before = ctx.text[max(0, m.start() - 8):m.start()].split()
        if not (before and before[-1] in cal.prepositions):
            return None
    pub = ctx.published
    if pub is None:
        return UNKNOWN, "year"
    year = pub.year + {"past": -1, "next": 1}.get(qual or "", 0)
    return DateValue(dt.date(year, 1, 1), dt.date(year, 12, 31), "year", "published"), "year"


_Handler = Callable[[_Ctx, re.Match[str]], "tuple[DateValue, str] | None"]
_HANDLERS: Mapping[str, _Handler] = MappingProxyType({
    "numeric": _h_numeric, "night_range": _h_night_range, "day_month": _h_day_month,
    "day_rel_month": _h_day_rel_month,
    "hijri_day": _h_hijri_day, "month_year": _h_month_year, "hijri_month": _h_hijri_month,
    "month_only": _h_month_only, "year": _h_year, "rel": _h_rel, "last_night": _h_last_night,
    "ago": _h_ago, "weekday": _h_weekday, "week": _h_week, "rel_month": _h_rel_month,
    "rel_year": _h_rel_year,
})


def _span_start(m: re.Match[str]) -> int:
    """A leading preposition ("في شباط", "خلال 2017") stays outside the mention."""
    if "prep" in m.re.groupindex and m["prep"]:
        rest = m.string[m.end("prep"):m.end()]
        return m.end("prep") + len(rest) - len(rest.lstrip(" \t"))
    return m.start()


def _scan(tokens: list[Token], nt: NormText, cal: Calendar,
          ) -> tuple[list[tuple[int, tuple[int, ...]]], list[tuple[int, int]]]:
    """Where patterns may start, as (offset, patterns), and where core words are, as (offset, kinds),
    in text order; offsets into the original text. Numbers take part through the lexicon: day numbers
    (1-31) may start an expression, years (1900-2099) are cores."""
    word_set = cal.word_set
    found = [tok for tok in tokens if tok[2] in word_set]  # the one pass over all tokens
    words = cal.words
    orig = nt.orig
    starts: list[tuple[int, tuple[int, ...]]] = []
    cores: list[tuple[int, int]] = []
    for tok in found:
        patterns, mask = words[tok.norm]
        if mask & _YEAR4 and (orig[tok.start - 1:tok.start] in _DATE_SEPARATORS
                              or orig[tok.end:tok.end + 1] in _DATE_SEPARATORS):
            mask |= _NUMDATE  # "07/02/2018", "2018-02-07"
        if patterns:
            starts.append((tok.start, patterns))
        if mask:
            cores.append((tok.start, mask))
    return starts, cores


def find_dates(doc: Document, cal: Calendar, latest: dt.date | None = None) -> list[DateMention]:
    """Every date expression in ``doc``, resolved against ``doc.meta.published``, in text order.
    ``latest`` (the day of the run) bounds the year a weekday gives a day and month when there is no
    publication date; without it such a date stays unknown.

    At each token where an expression may begin, the longest expression any pattern reads there wins
    and the scan resumes after it. (Patterns that a preposition may lead also accept it, so that
    "في تشرين الأول 2017" is read whole from "في".)"""
    nt: NormText = doc.norm if doc.norm is not None else normalize(doc.text)
    tokens = doc.tokens if doc.tokens else tokenize(nt)
    text = nt.norm
    starts, cores = _scan(tokens, nt, cal)
    if not cores:
        return []
    ctx = _Ctx(cal, text, doc.meta.published, latest)
    patterns, needs = cal.patterns, cal.needs
    identity = nt.to_orig is None
    core_at = [pos for pos, _ in cores]
    start_at = [pos for pos, _ in starts]
    # Only starts with a core word at most _WINDOW characters ahead are worth a regex.
    candidates: set[int] = set()
    for pos in core_at:
        candidates.update(range(bisect_left(start_at, pos - _WINDOW), bisect_right(start_at, pos)))
    out: list[DateMention] = []
    done = 0  # end (normalised) of the last mention: a start inside it is not read again
    for j in sorted(candidates):
        orig_pos, indices = starts[j]
        pos = orig_pos if identity else nt.norm_index(orig_pos)
        if pos < done:
            continue
        near = 0
        k = bisect_left(core_at, orig_pos)
        while k < len(cores) and cores[k][0] <= orig_pos + _WINDOW:
            near |= cores[k][1]
            k += 1
        best: _Hit | None = None
        for p in indices:
            if not needs[p] & near:
                continue
            name, pattern = patterns[p]
            m = pattern.match(text, pos)
            if m is None or (best is not None and m.end() <= best.end):
                continue
            result = _HANDLERS[name](ctx, m)
            if result is not None:
                best = _Hit(_span_start(m), m.end(), result[0], result[1])
        if best is not None:
            start, end = nt.orig_span(best.start, best.end)
            out.append(DateMention(start, end, best.value, best.kind))
            done = best.end
    return out
