"""Golden whole-document tests on the project's own example reports.

The expected values live in tests/golden/<doc_id>.json (written by scripts/update_golden.py, then
read and corrected by hand where the pipeline is wrong; this test never writes them). Each expected
event, the absence of extra events, the claims and the contradictions are separate tests, so one
known error does not hide a regression elsewhere in the document. A value the pipeline gets wrong
today is marked in the golden file ("xfail" on the event, or the section in the file's "xfail" map)
and runs as xfail(strict=True): when it is fixed, the test says so and the mark must go.
"""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from marsad.ingest import read_inputs
from marsad.output import document_record
from marsad.pipeline import Pipeline

REPO = Path(__file__).resolve().parents[2]
GOLDEN_DIR = Path(__file__).resolve().parent


def _load_script() -> ModuleType:
    """scripts/update_golden.py: the one definition of the golden view, shared with the writer."""
    path = REPO / "scripts" / "update_golden.py"
    spec = importlib.util.spec_from_file_location("update_golden", path)
    if spec is None or spec.loader is None:
        raise ImportError(f"cannot load {path}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


UG = _load_script()


def _golden_files() -> list[dict[str, Any]]:
    return [json.loads(p.read_text(encoding="utf-8")) for p in sorted(GOLDEN_DIR.glob("*.json"))]


GOLDEN = _golden_files()


def _mark(reason: str | None) -> list[pytest.MarkDecorator]:
    return [pytest.mark.xfail(strict=True, reason=reason)] if reason else []


def _cases() -> list[Any]:
    out = []
    for g in GOLDEN:
        doc, xfail = g["doc_id"], g.get("xfail", {})
        for i, ev in enumerate(g["events"]):
            out.append(pytest.param(doc, "event", i, marks=_mark(ev.get("xfail")),
                                    id=f"{doc}-event{i}-{ev['sub_event_type']}{'-bg' if ev['background'] else ''}"))
        for section in ("extra_events", "claims", "contradictions"):
            out.append(pytest.param(doc, section, -1, marks=_mark(xfail.get(section)), id=f"{doc}-{section}"))
    return out


@pytest.fixture(scope="module")
def views(pipeline: Pipeline) -> dict[str, dict[str, Any]]:
    out = {}
    for res in pipeline.process_all(read_inputs([str(UG.EXAMPLES)])):
        assert res.doc is not None, f"example {res.origin} failed: {res.error!r}"
        out[res.doc.id] = UG.golden_view(document_record(res.doc))
    return out


def _golden(doc: str) -> dict[str, Any]:
    return next(g for g in GOLDEN if g["doc_id"] == doc)


def test_every_example_has_a_golden_file(views: dict[str, dict[str, Any]]) -> None:
    assert sorted(views) == sorted(g["doc_id"] for g in GOLDEN), "run scripts/update_golden.py and review the diff"
    for g in GOLDEN:
        assert g["events"], f"{g['doc_id']}: a golden file with no event pins nothing"
        unknown = set(g.get("xfail", {})) - {"extra_events", "claims", "contradictions"}
        assert not unknown, f"{g['doc_id']}: unknown xfail sections {unknown}"


@pytest.mark.parametrize(("doc", "part", "index"), _cases())
def test_golden(views: dict[str, dict[str, Any]], doc: str, part: str, index: int) -> None:
    golden, view = _golden(doc), views[doc]
    if part == "event":
        expected_events = golden["events"]
        matched = UG.match_events([UG.strip_marks(e) for e in expected_events], view["events"])
        j = matched[index]
        expected = UG.strip_marks(expected_events[index])
        actual = view["events"][j] if j is not None else None
        label = f"{doc} event {index}"
    elif part == "extra_events":
        matched = UG.match_events([UG.strip_marks(e) for e in golden["events"]], view["events"])
        expected = []
        actual = [e for j, e in enumerate(view["events"]) if j not in matched]
        label = f"{doc} events not in the golden file"
    else:
        expected, actual = golden[part], view[part]
        label = f"{doc} {part}"
    if actual != expected:
        pytest.fail(f"{label} differs from tests/golden/{doc}.json:\n{UG.diff(expected, actual, label)}",
                    pytrace=False)
