"""`marsad extract`: output formats, exit codes, error reporting, streaming writes.

Most tests run twice: with a small fake engine (so the CLI's own behaviour is pinned whatever the
extractors do) and with the real ``Pipeline.default()`` when it can be imported.
"""

from __future__ import annotations

import hashlib
import io
import json
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from marsad.cli import EXIT_FATAL, EXIT_INTERRUPTED, EXIT_OK, EXIT_PARTIAL, EXIT_USAGE, Engine, main
from marsad.errors import MarsadError, ProcessingError

GOOD = [
    {"id": "r1", "published": "2019-05-10",
     "text": "قال الدفاع المدني إن قصفاً مدفعياً استهدف بلدة كفرنبل في ريف إدلب صباح اليوم، ما أدى إلى مقتل أربعة مدنيين."},
    {"id": "r2", "published": "2022-08-24",
     "text": "أفادت وكالة محلية بأن طائرة مسيّرة استهدفت سيارة قرب مدينة القامشلي مساء أمس، ما أسفر عن مقتل شخصين."},
    {"id": "r3", "published": "2021-02-11",
     "text": "نقلاً عن مصدر محلي، سقطت قذيفة على حي سكني في مدينة مأرب، وأصيب ثلاثة مدنيين بجروح متفاوتة."},
]


# --------------------------------------------------------------------------- engines


@dataclass
class FakeResult:
    origin: str
    doc: Any = None
    error: MarsadError | None = None


class FakePipeline:
    """Turns each raw document into a minimal spec §2 record; text containing FAIL fails and
    text containing STOP raises KeyboardInterrupt (a user pressing Ctrl-C mid-batch)."""

    def process_raw(self, raw: Any) -> FakeResult:
        text = raw.text or raw.html or ""
        if "FAIL" in text:
            return FakeResult(raw.origin, error=ProcessingError("the fake stage failed", raw.origin))
        if "STOP" in text:
            raise KeyboardInterrupt
        doc_id = raw.id or hashlib.sha1(text.encode("utf-8")).hexdigest()[:16]
        record = {
            "doc_id": doc_id, "published": raw.meta.published_raw, "language": "ar", "text": text,
            "events": [{
                "id": "e1", "event_type": "Explosions/Remote violence",
                "sub_event_type": "Shelling/artillery/missile attack", "background": False,
                "date": {"start": raw.meta.published_raw, "end": raw.meta.published_raw,
                         "precision": "day", "anchor": "published"},
                "location": {"text": "كفرنبل", "lat": 35.61, "lon": 36.56},
                "actors": [{"role": "actor1", "text": "قوات النظام", "canonical": "Syrian government forces",
                            "country": "SY", "kind": "state_forces"}],
                "casualties": [{"category": "killed", "group": "civilians", "low": 4, "high": 4,
                                "approximate": False, "claim": "c1"}],
                "claims": ["c1"],
            }],
            "claims": [{"id": "c1", "source": {"text": "الدفاع المدني", "canonical": "Syrian Civil Defence",
                                               "kind": "ngo", "country": "SY"},
                        "via": [], "stance": "asserts", "cue": "قال", "events": ["e1"]}],
            "contradictions": [], "places": [],
        }
        return FakeResult(raw.origin, doc=record)


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


def write_jsonl(path: Path, rows: list[Any], *, raw_lines: dict[int, str] | None = None) -> Path:
    lines = [json.dumps(row, ensure_ascii=False) for row in rows]
    for index, line in (raw_lines or {}).items():
        lines.insert(index, line)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


# --------------------------------------------------------------------------- exit codes


def test_all_good_exits_0_and_writes_one_record_per_document(
    engine: Engine, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    src = write_jsonl(tmp_path / "in.jsonl", GOOD)
    assert main(["extract", str(src)], engine=engine) == EXIT_OK
    out = capsys.readouterr().out
    records = [json.loads(line) for line in out.splitlines()]
    assert [r["doc_id"] for r in records] == ["r1", "r2", "r3"]
    for record, given in zip(records, GOOD, strict=True):
        assert isinstance(record["events"], list)
        assert record["text"].startswith(given["text"][:10])
    assert "\\u06" not in out  # Arabic is written as is, not escaped


def test_bad_line_exits_1_and_good_records_are_still_written(
    engine: Engine, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    src = write_jsonl(tmp_path / "in.jsonl", GOOD, raw_lines={1: '{"id": "broken", "text": '})
    out_file = tmp_path / "out.jsonl"
    assert main(["extract", str(src), "-o", str(out_file), "-q"], engine=engine) == EXIT_PARTIAL
    assert [r["doc_id"] for r in read_jsonl(out_file)] == ["r1", "r2", "r3"]
    err_lines = [line for line in capsys.readouterr().err.splitlines() if line.startswith("error:")]
    assert len(err_lines) == 1
    assert err_lines[0].startswith(f"error: {src}:2: bad_json_line: ")


def test_missing_input_is_fatal(engine: Engine, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    missing = tmp_path / "nope.jsonl"
    assert main(["extract", str(missing)], engine=engine) == EXIT_FATAL
    err = capsys.readouterr().err
    assert f"error: {missing}: " in err
    assert "none of the 1 documents could be processed" in err


def test_empty_directory_is_fatal(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "empty").mkdir()
    assert main(["extract", str(tmp_path / "empty")], engine=fake_engine()) == EXIT_FATAL
    assert "no input documents found" in capsys.readouterr().err


def test_unwritable_output_is_fatal(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = write_jsonl(tmp_path / "in.jsonl", GOOD)
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    assert main(["extract", str(src), "-o", str(blocker / "out.jsonl")], engine=fake_engine()) == EXIT_FATAL
    assert "cannot write output" in capsys.readouterr().err


@pytest.mark.parametrize("argv", [[], ["extract"], ["frobnicate"], ["extract", "x", "--max-bytes", "0"],
                                  ["extract", "x", "--format", "xml"], ["run", "--db"]])
def test_usage_errors_exit_2(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    assert main(argv, engine=fake_engine()) == EXIT_USAGE
    assert "usage:" in capsys.readouterr().err


def test_pipeline_failure_is_reported_and_the_batch_goes_on(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = [GOOD[0], {"id": "bad", "text": "نص FAIL عن قصف"}, GOOD[1]]
    src = write_jsonl(tmp_path / "in.jsonl", rows)
    errors = tmp_path / "errors.jsonl"
    out_file = tmp_path / "out.jsonl"
    code = main(["extract", str(src), "-o", str(out_file), "--errors", str(errors)], engine=fake_engine())
    assert code == EXIT_PARTIAL
    assert [r["doc_id"] for r in read_jsonl(out_file)] == ["r1", "r2"]
    assert read_jsonl(errors) == [
        {"error": "processing_error", "message": "the fake stage failed", "origin": f"{src}:2"}
    ]
    err = capsys.readouterr().err
    assert f"error: {src}:2: processing_error: the fake stage failed" in err
    assert "2 documents processed, 1 failed" in err


def test_records_are_written_before_an_interruption(tmp_path: Path) -> None:
    rows = [GOOD[0], GOOD[1], {"id": "stop", "text": "STOP نص عن قصف"}, GOOD[2]]
    src = write_jsonl(tmp_path / "in.jsonl", rows)
    out_file = tmp_path / "out.jsonl"
    assert main(["extract", str(src), "-o", str(out_file)], engine=fake_engine()) == EXIT_INTERRUPTED
    assert [r["doc_id"] for r in read_jsonl(out_file)] == ["r1", "r2"]


# --------------------------------------------------------------------------- formats and inputs


def test_output_file_is_valid_jsonl(engine: Engine, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = write_jsonl(tmp_path / "in.jsonl", GOOD)
    out_file = tmp_path / "out.jsonl"
    assert main(["extract", str(src), "-o", str(out_file)], engine=engine) == EXIT_OK
    assert capsys.readouterr().out == ""
    lines = out_file.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 3
    for line in lines:
        record = json.loads(line)
        assert {"doc_id", "text", "events", "claims", "contradictions"} <= set(record)


def test_table_format_prints_a_header_and_rows(engine: Engine, tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    src = write_jsonl(tmp_path / "in.jsonl", GOOD)
    assert main(["extract", str(src), "--format", "table"], engine=engine) == EXIT_OK
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("doc id")
    assert "actor1 -> actor2" in lines[0]
    body = lines[1:]
    assert {line.split()[0] for line in body} == {"r1", "r2", "r3"}


def test_table_row_content_with_fake(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = write_jsonl(tmp_path / "in.jsonl", GOOD[:1])
    assert main(["extract", str(src), "--format", "table"], engine=fake_engine()) == EXIT_OK
    row = capsys.readouterr().out.splitlines()[1]
    for part in ("r1", "Explosions/Remote violence / Shelling/artillery/missile attack", "2019-05-10",
                 "Syrian government forces -> ?"):
        assert part in row
    assert row.endswith("  4 civilians killed")
    assert row.split()[-4] == "1"  # one claim


def test_text_file_and_stdin_inputs(engine: Engine, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    report = tmp_path / "report.txt"
    report.write_text(GOOD[0]["text"], encoding="utf-8")
    stdin = io.BytesIO(GOOD[1]["text"].encode("utf-8"))
    assert main(["extract", str(report), "-"], engine=engine, stdin=stdin) == EXIT_OK
    records = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert len(records) == 2
    assert records[0]["doc_id"] != records[1]["doc_id"]


def test_max_bytes_rejects_a_large_document(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = write_jsonl(tmp_path / "in.jsonl", GOOD)
    assert main(["extract", str(src), "--max-bytes", "50"], engine=fake_engine()) == EXIT_FATAL
    assert capsys.readouterr().err.count("too_large") == 3


def test_progress_bar_only_when_asked_and_not_quiet(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = write_jsonl(tmp_path / "in.jsonl", GOOD)
    out_file = str(tmp_path / "out.jsonl")
    main(["extract", str(src), "-o", out_file, "--progress"], engine=fake_engine())
    assert "/3 [" in capsys.readouterr().err  # tqdm's "n/total [elapsed" with the known total
    main(["extract", str(src), "-o", out_file, "--progress", "--quiet"], engine=fake_engine())
    assert capsys.readouterr().err == ""
    main(["extract", str(src), "-o", out_file], engine=fake_engine())  # stderr is not a TTY here
    assert "/3 [" not in capsys.readouterr().err


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    from marsad import __version__

    assert main(["--version"]) == EXIT_OK
    assert capsys.readouterr().out.strip() == f"marsad {__version__}"


def test_python_dash_m_help_in_a_subprocess() -> None:
    done = subprocess.run([sys.executable, "-m", "marsad", "--help"], capture_output=True, text=True,
                          timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    assert "extract" in done.stdout and "run" in done.stdout
    assert "exit codes:" in done.stdout


@pytest.mark.parametrize("command", ["extract", "run"])
def test_subcommand_help_has_examples_and_exit_codes(command: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main([command, "--help"]) == EXIT_OK
    out = capsys.readouterr().out
    assert "examples:" in out and f"marsad {command}" in out
    assert "exit codes:" in out and "130" in out
