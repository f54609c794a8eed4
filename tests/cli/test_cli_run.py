"""`marsad run`: stores into SQLite, summarises, runs on the shipped examples by default."""

from __future__ import annotations

import hashlib
import importlib.resources
import json
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from marsad.cli import EXIT_FATAL, EXIT_OK, EXIT_PARTIAL, Engine, describe_record, main
from marsad.errors import MarsadError
from marsad.store import TABLES

REPORT = ("أفاد المرصد بأن غارة جوية استهدفت بلدة حاس في ريف إدلب الجنوبي اليوم، "
          "ما أدى إلى مقتل خمسة مدنيين، فيما قال مصدر عسكري إن الغارة استهدفت مستودعاً للذخيرة.")


@dataclass
class FakeResult:
    origin: str
    doc: Any = None
    error: MarsadError | None = None


class FakePipeline:
    """One event per document, with two claims that disagree on the toll."""

    def process_raw(self, raw: Any) -> FakeResult:
        text = raw.text or raw.html or ""
        doc_id = raw.id or hashlib.sha1(text.encode("utf-8")).hexdigest()[:16]
        return FakeResult(raw.origin, doc={
            "doc_id": doc_id, "published": raw.meta.published_raw, "text": text,
            "events": [{
                "id": "e1", "event_type": "Explosions/Remote violence", "sub_event_type": "Air/drone strike",
                "background": False,
                "date": {"start": "2019-05-10", "end": "2019-05-10", "precision": "day", "anchor": "published"},
                "location": {"text": "حاس", "name_en": "Has", "lat": 35.58, "lon": 36.58},
                "actors": [{"role": "actor1", "text": "غارة", "canonical": "Syrian government forces",
                            "country": "SY", "kind": "state_forces"},
                           {"role": "actor2", "text": "مدنيين", "canonical": "Civilians",
                            "country": "SY", "kind": "civilians"}],
                "casualties": [{"category": "killed", "group": "civilians", "low": 5, "high": 5,
                                "approximate": False, "claim": "c1"}],
                "claims": ["c1", "c2"],
            }],
            "claims": [
                {"id": "c1", "source": {"text": "المرصد", "canonical": "SOHR", "kind": "ngo", "country": None},
                 "via": [], "stance": "asserts", "cue": "أفاد", "events": ["e1"]},
                {"id": "c2", "source": {"text": "مصدر عسكري", "canonical": "Syrian military source",
                                        "kind": "military", "country": "SY"},
                 "via": [], "stance": "asserts", "cue": "قال", "events": ["e1"]},
            ],
            "contradictions": [{"field": "type", "event": "e1", "claims": ["c1", "c2"],
                                "summary": "civilians killed vs an ammunition depot hit"}],
            "places": [],
        })


def fake_engine() -> Engine:
    return Engine(FakePipeline(), lambda doc: doc)


@pytest.fixture(scope="module")
def real_engine() -> Engine:
    try:
        from marsad.cli import default_engine

        return default_engine()
    except ImportError as exc:
        pytest.skip(f"the real pipeline is not importable ({exc}): only the fake-engine runs ran")


@pytest.fixture(params=["fake", "real"])
def engine(request: pytest.FixtureRequest) -> Engine:
    if request.param == "fake":
        return fake_engine()
    real: Engine = request.getfixturevalue("real_engine")
    return real


def shipped_examples() -> list[dict[str, Any]]:
    text = importlib.resources.files("marsad").joinpath("examples", "examples.jsonl").read_text(encoding="utf-8")
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def table_names(db: Path) -> set[str]:
    conn = sqlite3.connect(db)
    try:
        return {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    finally:
        conn.close()


def count(db: Path, table: str) -> int:
    conn = sqlite3.connect(db)
    try:
        return int(conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0])  # table names are ours
    finally:
        conn.close()


def test_run_on_a_temp_db_creates_tables_and_stores_documents(
    engine: Engine, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    src = tmp_path / "report.txt"
    src.write_text(REPORT, encoding="utf-8")
    db = tmp_path / "out" / "test.db"
    assert main(["run", str(src), "--db", str(db)], engine=engine) == EXIT_OK
    assert set(TABLES) | {"schema_version"} <= table_names(db)
    assert count(db, "documents") == 1
    out = capsys.readouterr().out
    assert "documents: 1 processed, 0 failed (1 newly stored, 0 already in the database)" in out
    assert f"database: {db}" in out


def test_run_twice_stores_each_document_once(engine: Engine, tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "marsad.db"
    assert main(["run", "--db", str(db)], engine=engine) == EXIT_OK
    first = count(db, "documents"), count(db, "events")
    capsys.readouterr()
    assert main(["run", "--db", str(db)], engine=engine) == EXIT_OK
    assert (count(db, "documents"), count(db, "events")) == first
    n = len(shipped_examples())
    assert f"(0 newly stored, {n} already in the database)" in capsys.readouterr().out


def test_run_without_input_uses_the_shipped_examples(engine: Engine, tmp_path: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "marsad.db"
    assert main(["run", "--db", str(db)], engine=engine) == EXIT_OK
    examples = shipped_examples()
    assert count(db, "documents") == len(examples)
    out = capsys.readouterr().out
    for example in examples:
        assert example["id"] in out


def test_summary_names_sources_and_contradictions(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = tmp_path / "report.txt"
    src.write_text(REPORT, encoding="utf-8")
    assert main(["run", str(src), "--db", str(tmp_path / "m.db")], engine=fake_engine()) == EXIT_OK
    out = capsys.readouterr().out
    assert "Explosions/Remote violence / Air/drone strike  1" in out
    assert "2019-05-10 (day, anchor: published)" in out
    assert "حاس (Has) 35.5800, 36.5800" in out
    assert "Syrian government forces -> Civilians" in out
    assert "5 civilians killed  per SOHR" in out
    assert "contradiction (type, e1): civilians killed vs an ammunition depot hit  " \
           "[SOHR vs Syrian military source]" in out


def test_run_with_a_bad_input_exits_1_and_stores_the_rest(tmp_path: Path,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps({"id": "ok", "text": REPORT}, ensure_ascii=False) + "\nnot json\n", encoding="utf-8")
    db = tmp_path / "m.db"
    assert main(["run", str(src), "--db", str(db)], engine=fake_engine()) == EXIT_PARTIAL
    assert count(db, "documents") == 1
    assert f"error: {src}:2: bad_json_line:" in capsys.readouterr().err


def test_run_with_an_unusable_db_path_is_fatal(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bogus = tmp_path / "bogus.db"
    bogus.write_bytes(b"plain text, not a database " * 200)
    assert main(["run", "--db", str(bogus)], engine=fake_engine()) == EXIT_FATAL
    assert "cannot open the database" in capsys.readouterr().err


def test_run_with_only_missing_inputs_is_fatal(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["run", str(tmp_path / "missing.txt"), "--db", str(tmp_path / "m.db")],
                engine=fake_engine()) == EXIT_FATAL
    assert "could be processed" in capsys.readouterr().err


def test_shipped_examples_follow_the_input_spec() -> None:
    examples = shipped_examples()
    assert 3 <= len(examples) <= 4
    assert len({e["id"] for e in examples}) == len(examples)
    for example in examples:
        assert example["published"][:4].isdigit()
        assert example["text"] and "html" not in example
        words = len(example["text"].split())
        assert 120 <= words <= 300, (example["id"], words)


@pytest.mark.parametrize("summary, expected", [
    ("SOHR: 5 killed vs Syrian military source: none", "contradiction (casualties, e1): SOHR: 5 killed vs Syrian military source: none"),
    ("5 killed vs none", "contradiction (casualties, e1): 5 killed vs none  [SOHR vs Syrian military source (denies)]"),
    ("", "contradiction (casualties, e1):   [SOHR vs Syrian military source (denies)]"),
])
def test_contradiction_line_always_names_both_sides(summary: str, expected: str) -> None:
    record = {
        "doc_id": "d1", "events": [],
        "claims": [{"id": "c1", "source": {"canonical": "SOHR"}, "stance": "asserts"},
                   {"id": "c2", "source": {"canonical": "Syrian military source"}, "stance": "denies"}],
        "contradictions": [{"field": "casualties", "event": "d1:e1", "claims": ["c1", "c2"], "summary": summary}],
    }
    assert describe_record(record)[-1].strip() == expected.strip()
