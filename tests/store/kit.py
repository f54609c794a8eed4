"""Store test kit: a fresh empty store on each backend (fixtures in ``store.fixtures``), and
records built by hand. Imported as ``store.kit`` (the tests folder is on the path).

PostgreSQL cases run on the server named by $MARSAD_TEST_POSTGRES (a URL whose user may create
schemas), each in a schema of its own that is dropped afterwards. Without that variable they skip,
unless $MARSAD_REQUIRE_POSTGRES=1 (set by .ci/run), which turns the skip into a failure.
"""

from __future__ import annotations

import os
import urllib.parse
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

BACKENDS = ("sqlite", "postgresql")
ENV_URL = "MARSAD_TEST_POSTGRES"
ENV_REQUIRE = "MARSAD_REQUIRE_POSTGRES"


def postgres_server() -> str:
    """The test server's URL, or a skip (a failure when PostgreSQL is required)."""
    url = os.environ.get(ENV_URL, "").strip()
    if not url:
        message = (f"PostgreSQL store tests need ${ENV_URL}=postgresql://user@host:port/dbname (a user that may "
                   "create schemas); .ci/run starts a throwaway server and sets it")
        if os.environ.get(ENV_REQUIRE) == "1":
            pytest.fail(f"{message}; ${ENV_REQUIRE}=1 makes its absence a failure", pytrace=False)
        pytest.skip(message)
    return url


def with_search_path(url: str, schema: str) -> str:
    """``url`` whose connections put their tables in ``schema``."""
    parts = urllib.parse.urlsplit(url)
    query = [(k, v) for k, v in urllib.parse.parse_qsl(parts.query) if k != "options"]
    query.append(("options", f"-csearch_path={schema}"))
    return urllib.parse.urlunsplit(parts._replace(query=urllib.parse.urlencode(query)))


@contextmanager
def fresh_target(backend: str, tmp_path: Path) -> Iterator[str]:
    """What ``Store.open`` takes for a new, empty store on ``backend``."""
    if backend == "sqlite":
        yield str(tmp_path / "marsad.db")
        return
    import psycopg
    from psycopg import sql

    url = postgres_server()
    schema = "marsad_test_" + uuid.uuid4().hex[:12]
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(sql.SQL("CREATE SCHEMA {}").format(sql.Identifier(schema)))
    try:
        yield with_search_path(url, schema)
    finally:
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute(sql.SQL("DROP SCHEMA {} CASCADE").format(sql.Identifier(schema)))


def sql_rows(store: Any, sql: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Rows of a raw query (``?`` placeholders) on either backend, to look at the tables."""
    with store._tx("test query"):
        return [tuple(row) for row in store._rows(sql, params)]


# ---------------------------------------------------------------------- records

TEXT = (
    "قالت وكالة الأنباء الرسمية إن غارة جوية استهدفت موقعاً قرب بلدة خشام يوم الأربعاء، "
    "ما أدى إلى إصابة 12 عنصراً، فيما تحدث مرصد حقوقي عن مقتل نحو 20 عنصراً."
)
# Spans into TEXT: the first claim runs to the injured figure, the second is the monitor's.
CLAIM1 = (0, TEXT.index("، فيما"))
CLAIM2 = (TEXT.index("فيما"), len(TEXT) - 1)
TRIGGER = (TEXT.index("غارة"), TEXT.index("غارة") + len("غارة"))
PLACE = (TEXT.index("خشام"), TEXT.index("خشام") + len("خشام"))


def spec_record(doc_id: str = "doc-1", text: str = TEXT) -> dict[str, Any]:
    """A record shaped as spec §2, built by hand: one dated, located event with two claims that
    disagree, and one undated background event."""
    return {
        "doc_id": doc_id,
        "published": "2018-02-08",
        "publisher": "أمثلة مرصد",
        "url": "https://example.org/a",
        "title": "غارة قرب خشام",
        "language": "ar",
        "text": text,
        "events": [
            {
                "id": "e1",
                "event_type": "Explosions/Remote violence",
                "sub_event_type": "Air/drone strike",
                "background": False,
                "trigger": {"text": "غارة", "start": TRIGGER[0], "end": TRIGGER[1]},
                "date": {"start": "2018-02-07", "end": "2018-02-07", "precision": "day",
                         "anchor": "published", "text": "يوم الأربعاء"},
                "location": {"text": "خشام", "name_en": "Khasham", "lat": 35.30088, "lon": 40.28916,
                             "country": "SY", "admin1": "Deir ez-Zor", "precision": 1,
                             "gazetteer_id": "wof:1276330927"},
                "actors": [
                    {"role": "actor1", "text": "غارة جوية", "canonical": "Unidentified air force",
                     "country": None, "kind": "unknown"},
                    {"role": "actor2", "text": "عنصراً", "canonical": "Syrian pro-government forces",
                     "country": "SY", "kind": "pro_government_militia"},
                ],
                "casualties": [
                    {"category": "injured", "group": "combatants", "low": 12, "high": 12,
                     "approximate": False, "claim": "c1", "text": "إصابة 12 عنصراً"},
                    {"category": "killed", "group": "combatants", "low": 20, "high": 20,
                     "approximate": True, "claim": "c2", "text": "مقتل نحو 20 عنصراً"},
                ],
                "claims": ["c1", "c2"],
                "evidence": [{"start": 0, "end": CLAIM2[1]}],
            },
            {
                "id": "e2",
                "event_type": "Battles",
                "sub_event_type": "Armed clash",
                "background": True,
                "date": {"start": None, "end": None, "precision": "unknown", "anchor": "none"},
                "location": None,
                "actors": [],
                "casualties": [],
                "claims": [],
                "evidence": [],
            },
        ],
        "claims": [
            {"id": "c1", "source": {"text": "وكالة الأنباء الرسمية", "canonical": "State news agency",
                                    "kind": "media", "country": "SY"},
             "via": [], "stance": "asserts", "cue": "قالت", "events": ["e1"],
             "evidence": {"start": CLAIM1[0], "end": CLAIM1[1]}},
            {"id": "c2", "source": {"text": "مرصد حقوقي", "canonical": "Human rights monitor",
                                    "kind": "ngo", "country": None},
             "via": [], "stance": "asserts", "cue": "تحدث", "events": ["e1"],
             "evidence": {"start": CLAIM2[0], "end": CLAIM2[1]}},
        ],
        "contradictions": [
            {"field": "casualties", "event": "e1", "claims": ["c1", "c2"],
             "summary": "12 injured vs about 20 killed"},
        ],
        "places": [
            {"text": "خشام", "start": PLACE[0], "end": PLACE[1], "name_en": "Khasham", "lat": 35.30088,
             "lon": 40.28916, "country": "SY", "admin1": "Deir ez-Zor", "feature": "town",
             "gazetteer_id": "wof:1276330927", "confidence": 0.9},
        ],
    }


# A small varied corpus for the filter tests: several events per day (pages split inside a day),
# undated and unlocated events, background events, two countries, upper and lower case actors.
PLACES = (("دوما", "Douma", 33.5711, 36.4053, "SY", "Rif Dimashq"),
          ("إدلب", "Idlib", 35.9306, 36.6339, "SY", "Idlib"),
          ("مأرب", "Marib", 15.4629, 45.3253, "YE", "Marib"),
          ("الموصل", "Mosul", 36.335, 43.1189, "IQ", "Nineveh"))
TYPES = (("Explosions/Remote violence", "Air/drone strike", "غارة"),
         ("Explosions/Remote violence", "Shelling/artillery/missile attack", "قصف"),
         ("Battles", "Armed clash", "اشتباكات"),
         ("Violence against civilians", "Attack", "هجوم"))
ACTORS = (("Russian military", "الطيران الروسي"), ("Houthi forces (Ansar Allah)", "الحوثيون"),
          ("Syrian military", "قوات النظام"), ("Islamic State (ISIS)", "تنظيم الدولة"))
DAYS = ("2021-03-01", "2021-03-02", "2021-03-05", "2021-04-10", None)


def corpus_record(n: int) -> dict[str, Any]:
    """Document ``n`` of the filter corpus, with one to three events."""
    doc_id = f"doc-{n:03d}"
    events = []
    for k in range(1 + n % 3):
        i = n * 3 + k
        event_type, sub_type, trigger = TYPES[i % len(TYPES)]
        day = DAYS[(n + k) % len(DAYS)]
        place = PLACES[(n // 2 + k) % len(PLACES)] if i % 7 != 3 else None
        actor_name, actor_text = ACTORS[(n + 2 * k) % len(ACTORS)]
        end = day if day is None or i % 5 else "2021-03-20"  # a few events span several days
        events.append({
            "id": f"{doc_id}:e{k + 1}", "event_type": event_type, "sub_event_type": sub_type,
            "background": i % 6 == 5,
            "trigger": {"text": trigger, "start": 0, "end": len(trigger)},
            "date": {"start": day, "end": end, "precision": "day" if day else "unknown",
                     "anchor": "published" if day else "none"},
            "location": None if place is None else {
                "text": place[0], "name_en": place[1], "lat": place[2], "lon": place[3], "country": place[4],
                "admin1": place[5], "precision": 1 + i % 3, "gazetteer_id": f"gn:{i}"},
            "actors": [{"role": "actor1", "text": actor_text, "canonical": actor_name, "kind": "state_forces"}],
            "casualties": [{"category": "killed", "group": "civilians", "low": i % 4, "high": i % 4 + (i % 2),
                            "approximate": False, "claim": "c1"}] if i % 4 else [],
            "claims": ["c1"], "evidence": [{"start": 0, "end": 10}],
        })
    return {
        "doc_id": doc_id, "published": "2021-04-11", "publisher": "موقع الاختبار",
        "title": f"تقرير رقم {n} عن {'القصف' if n % 2 else 'الاشتباكات'}", "url": f"https://example.org/{n}",
        "text": f"نص التقرير رقم {n} عن أحداث اليوم في المنطقة.",
        "events": events,
        "claims": [{"id": "c1", "source": {"text": "مراسلنا", "canonical": "correspondent", "kind": "media"},
                    "via": [], "stance": "asserts", "events": [e["id"] for e in events],
                    "evidence": {"start": 0, "end": 10}}],
        "contradictions": [],
        "places": [],
    }


def strike_record(doc_id: str, *, killed: int, source: str, day: str = "2020-03-03", lat: float = 35.93,
                  lon: float = 36.63, country: str = "SY", text: str = "") -> dict[str, Any]:
    """A spec §2 record of one report of an air strike, for the incident tests (reports with the
    same day and place are one incident)."""
    event_id = f"{doc_id}:e1"
    return {
        "doc_id": doc_id, "published": day, "publisher": "موقع الاختبار",
        "text": text or f"قال {source} إن غارة جوية استهدفت البلدة وقتلت {killed} مدنيين ({doc_id}).",
        "events": [{
            "id": event_id, "event_type": "Explosions/Remote violence", "sub_event_type": "Air/drone strike",
            "background": False, "date": {"start": day, "end": day, "precision": "day", "anchor": "text"},
            "location": {"text": "البلدة", "lat": lat, "lon": lon, "precision": 1, "gazetteer_id": f"x:{lat},{lon}",
                         "country": country, "admin1": None},
            "actors": [{"role": "actor1", "text": "الطيران الحربي", "canonical": "Russian military"}],
            "casualties": [{"category": "killed", "group": "civilians", "low": killed, "high": killed,
                            "approximate": False, "claim": "c1"}],
            "claims": ["c1"]}],
        "claims": [{"id": "c1", "source": {"text": source, "canonical": source, "kind": "ngo"}, "via": [],
                    "stance": "asserts", "events": [event_id], "evidence": {"start": 0, "end": 12}}],
        "contradictions": [],
    }
