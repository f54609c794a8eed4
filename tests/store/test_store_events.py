"""Store.events: every filter against a reference computed from the records, and keyset pages."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from store.kit import BACKENDS, corpus_record, fresh_target

from marsad.store import EventQuery, InvalidQuery, Store

RECORDS = [corpus_record(n) for n in range(40)]
Event = dict[str, Any]
Doc = dict[str, Any]

pytest_plugins = ("store.fixtures",)


def _loc(e: Event) -> dict[str, Any]:
    return e.get("location") or {}


def _in_box(e: Event, box: tuple[float, float, float, float]) -> bool:
    loc = _loc(e)
    return loc.get("lat") is not None and box[0] <= loc["lon"] <= box[2] and box[1] <= loc["lat"] <= box[3]


def _overlaps(e: Event, start: str | None, end: str | None) -> bool:
    first, last = e["date"]["start"], e["date"]["end"] or e["date"]["start"]
    return first is not None and (end is None or first <= end) and (start is None or last >= start)


def _actor_text(e: Event) -> str:
    return " ".join(f"{a.get('canonical')} {a.get('text')}" for a in e["actors"]).lower()


def _search_text(d: Doc, e: Event) -> str:
    loc = _loc(e)
    return " ".join(str(v) for v in (loc.get("text"), loc.get("name_en"), loc.get("admin1"), _actor_text(e),
                                     e["trigger"]["text"], d["title"]) if v).lower()


SYRIA = (35.0, 32.0, 42.5, 37.5)
# (id, query, predicate over (document, event)); background events count only where asked for.
CASES: list[tuple[str, EventQuery, Callable[[Doc, Event], bool]]] = [
    ("default", EventQuery(), lambda d, e: not e["background"]),
    ("background-include", EventQuery(background="include"), lambda d, e: True),
    ("background-only", EventQuery(background="only"), lambda d, e: e["background"]),
    ("bbox", EventQuery(bbox=SYRIA), lambda d, e: not e["background"] and _in_box(e, SYRIA)),
    ("date-range", EventQuery(date_from=dt.date(2021, 3, 2), date_to=dt.date(2021, 3, 5)),
     lambda d, e: not e["background"] and _overlaps(e, "2021-03-02", "2021-03-05")),
    ("date-from-inside-a-span", EventQuery(date_from=dt.date(2021, 3, 6), background="include"),
     lambda d, e: _overlaps(e, "2021-03-06", None)),
    ("date-to", EventQuery(date_to=dt.date(2021, 3, 1)),
     lambda d, e: not e["background"] and _overlaps(e, None, "2021-03-01")),
    ("types", EventQuery(event_types=("Battles", "Violence against civilians")),
     lambda d, e: not e["background"] and e["event_type"] in ("Battles", "Violence against civilians")),
    ("sub-types", EventQuery(sub_event_types=("Air/drone strike",), background="include"),
     lambda d, e: e["sub_event_type"] == "Air/drone strike"),
    ("actor-canonical", EventQuery(actor="HOUTHI"), lambda d, e: not e["background"] and "houthi" in _actor_text(e)),
    ("actor-arabic", EventQuery(actor="قوات النظام"),
     lambda d, e: not e["background"] and "قوات النظام" in _actor_text(e)),
    ("country", EventQuery(country="ye"), lambda d, e: not e["background"] and _loc(e).get("country") == "YE"),
    ("text-place", EventQuery(text="idlib"), lambda d, e: not e["background"] and "idlib" in _search_text(d, e)),
    ("text-title", EventQuery(text="القصف"), lambda d, e: not e["background"] and "القصف" in _search_text(d, e)),
    ("text-trigger", EventQuery(text="اشتباكات", background="include"),
     lambda d, e: "اشتباكات" in _search_text(d, e)),
    ("text-wildcards-are-literal", EventQuery(text="%_"), lambda d, e: False),
    ("doc", EventQuery(doc_id="doc-007", background="include"), lambda d, e: d["doc_id"] == "doc-007"),
    ("combined", EventQuery(bbox=SYRIA, date_from=dt.date(2021, 3, 1), date_to=dt.date(2021, 3, 31),
                            event_types=("Explosions/Remote violence",), country="SY"),
     lambda d, e: (not e["background"] and _in_box(e, SYRIA) and _overlaps(e, "2021-03-01", "2021-03-31")
                   and e["event_type"] == "Explosions/Remote violence" and _loc(e).get("country") == "SY")),
]


def expected(predicate: Callable[[Doc, Event], bool]) -> list[str]:
    """Matching event ids in the store's order: newest first, undated last, then by id."""
    rows = sorted(((d, e) for d in RECORDS for e in d["events"] if predicate(d, e)), key=lambda de: de[1]["id"])
    rows.sort(key=lambda de: de[1]["date"]["start"] or "", reverse=True)  # stable: ids stay ascending
    return [e["id"] for _, e in rows]


def all_pages(store: Store, query: EventQuery, limit: int) -> list[list[str]]:
    pages, cursor = [], None
    while True:
        page = store.events(EventQuery(**{**query.__dict__, "limit": limit, "cursor": cursor}))
        pages.append([e["id"] for e in page.items])
        if page.next_cursor is None:
            return pages
        assert len(pages) < 100, "pagination does not end"
        cursor = page.next_cursor


@pytest.fixture(scope="module", params=BACKENDS)
def filled(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    """The corpus, stored once per backend for the read-only tests of this module."""
    with fresh_target(str(request.param), tmp_path_factory.mktemp("events")) as where, Store.open(where) as store:
        store.add_many(RECORDS)
        yield store


@pytest.mark.parametrize(("query", "predicate"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_filter_matches_the_reference(filled: Store, query: EventQuery, predicate: Callable[[Doc, Event], bool]) -> None:
    want = expected(predicate)
    page = filled.events(EventQuery(**{**query.__dict__, "limit": 1000}))
    assert [e["id"] for e in page.items] == want
    assert page.total == len(want)
    assert page.next_cursor is None


@pytest.mark.parametrize(("query", "predicate"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_pages_cover_every_row_once_in_order(filled: Store, query: EventQuery,
                                             predicate: Callable[[Doc, Event], bool]) -> None:
    want = expected(predicate)
    pages = all_pages(filled, query, limit=4)
    assert [i for page in pages for i in page] == want
    assert all(len(page) == 4 for page in pages[:-1])


def test_the_corpus_exercises_the_filters() -> None:
    # Guards the tests above against a corpus where a filter could not tell rows apart.
    counts = {name: len(expected(pred)) for name, _, pred in CASES}
    everything = counts["background-include"]
    for name, count in counts.items():
        if name not in ("background-include", "text-wildcards-are-literal"):
            assert 0 < count < everything, name
    days = [e["date"]["start"] for d in RECORDS for e in d["events"]]
    assert None in days and max(days.count(day) for day in set(days)) > 4


def test_rows_added_between_pages_neither_repeat_nor_shift_the_rest(store: Store) -> None:
    store.add_many(RECORDS)
    first = store.events(EventQuery(limit=5))
    newer = corpus_record(99)
    for event in newer["events"]:
        event["date"] = {"start": "2022-01-01", "end": "2022-01-01", "precision": "day", "anchor": "text"}
    store.add(newer)
    second = store.events(EventQuery(limit=5, cursor=first.next_cursor))
    want = expected(lambda d, e: not e["background"])
    assert [e["id"] for e in first.items + second.items] == want[:10]


@pytest.mark.parametrize("query", [
    EventQuery(limit=0),
    EventQuery(cursor="not-a-cursor"),
    EventQuery(cursor="WyJpIiwxLCJ4Il0"),  # an incident cursor
    EventQuery(bbox=(40.0, 30.0, 35.0, 37.0)),
    EventQuery(background="sometimes"),  # type: ignore[arg-type]
])
def test_bad_queries_are_invalid_query_errors(filled: Store, query: EventQuery) -> None:
    with pytest.raises(InvalidQuery):
        filled.events(query)
