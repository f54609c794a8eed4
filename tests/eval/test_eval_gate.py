"""Evaluation gate: the real pipeline scored by the shared scorer must not fall below pinned floors.

Corpora (read from ../shared, never copied here; the gate skips with a message when absent):
- seed: ../shared/examples/seed.jsonl against ../shared/eval/gold/seed.jsonl (`score.py gold`);
- airwars: the Airwars dev archive (`score.py airwars-input`, then `score.py airwars` with the
  incidents built from the records, so that B-cubed clustering has a floor too);
- places: the IDRISI place mentions (`score.py places-input`, then `score.py places`);
- quiet: conflict-free SaudiNewsNet articles (`score.py quiet-input --limit 300`, then
  `score.py quiet`), where the false-alarm share must stay under a ceiling.

Each corpus is run through the pipeline once per module. The floors and ceilings are in
floors.json beside this file: they may rise, never silently fall.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import shared_path

from marsad.ingest import read_inputs
from marsad.output import document_record
from marsad.pipeline import Pipeline

FLOORS_FILE = Path(__file__).resolve().parent / "floors.json"
FLOORS: dict[str, Any] = json.loads(FLOORS_FILE.read_text(encoding="utf-8"))
CORPORA = ("seed", "airwars", "places", "quiet")
QUIET_LIMIT = 300


def score(*args: str) -> dict[str, Any]:
    """Run ../shared/eval/score.py with this interpreter; with --json, its figures."""
    scorer = shared_path("eval", "score.py")
    proc = subprocess.run([sys.executable, str(scorer), *args], capture_output=True, text=True, timeout=600)
    if proc.returncode != 0:
        pytest.fail(f"score.py {args[0]} failed ({proc.returncode}):\n{proc.stderr[-2000:]}")
    if "--json" not in args:
        return {}
    figures: dict[str, Any] = json.loads(proc.stdout)
    return figures


def extract(pipeline: Pipeline, inp: Path, out: Path) -> tuple[int, int]:
    """The pipeline over a JSONL input, records to ``out``; (documents written, documents failed)."""
    ok = failed = 0
    with out.open("w", encoding="utf-8") as f:
        for res in pipeline.process_all(read_inputs([str(inp)])):
            if res.doc is None:
                failed += 1
                continue
            f.write(json.dumps(document_record(res.doc), ensure_ascii=False) + "\n")
            ok += 1
    return ok, failed


def _seed(pipeline: Pipeline, tmp: Path) -> dict[str, Any]:
    gold = shared_path("eval", "gold", "seed.jsonl")
    pred = tmp / "seed.pred.jsonl"
    ok, _ = extract(pipeline, shared_path("examples", "seed.jsonl"), pred)
    assert ok >= 1, "the seed document failed"
    return score("gold", "--gold", str(gold), "--pred", str(pred), "--json")


def _airwars(pipeline: Pipeline, tmp: Path) -> dict[str, Any]:
    data = shared_path("data", "airwars-syria-archive")
    inp, pred = tmp / "airwars.input.jsonl", tmp / "airwars.pred.jsonl"
    score("airwars-input", "--data", str(data), "-o", str(inp))
    extract(pipeline, inp, pred)
    # the incidents built from those records are scored too (B-cubed over the source texts)
    from marsad.incidents.corpus import build_incidents

    incidents = tmp / "airwars.incidents.jsonl"
    with pred.open(encoding="utf-8") as f:
        built = build_incidents(json.loads(line) for line in f)
    incidents.write_text("".join(json.dumps(i, ensure_ascii=False) + "\n" for i in built), encoding="utf-8")
    return score("airwars", "--data", str(data), "--pred", str(pred), "--incidents", str(incidents), "--json")


def _places(pipeline: Pipeline, tmp: Path) -> dict[str, Any]:
    data = shared_path("data", "idrisi-ar")
    inp, pred = tmp / "places.input.jsonl", tmp / "places.pred.jsonl"
    score("places-input", "--data", str(data), "-o", str(inp))
    extract(pipeline, inp, pred)
    return score("places", "--data", str(data), "--pred", str(pred), "--json")


def _quiet(pipeline: Pipeline, tmp: Path) -> dict[str, Any]:
    data = shared_path("data", "news-saudinewsnet")
    inp, pred = tmp / "quiet.input.jsonl", tmp / "quiet.pred.jsonl"
    score("quiet-input", "--data", str(data), "-o", str(inp), "--limit", str(QUIET_LIMIT))
    ok, _ = extract(pipeline, inp, pred)
    assert ok >= QUIET_LIMIT * 0.9, f"only {ok} of {QUIET_LIMIT} quiet articles were processed"
    return score("quiet", "--pred", str(pred), "--json")


RUNNERS: dict[str, Callable[[Pipeline, Path], dict[str, Any]]] = {
    "seed": _seed, "airwars": _airwars, "places": _places, "quiet": _quiet}


@pytest.fixture(scope="module")
def figures(pipeline: Pipeline, tmp_path_factory: pytest.TempPathFactory) -> Callable[[str], dict[str, Any]]:
    """The scorer's figures for a corpus, computed on first use and kept for the module."""
    cache: dict[str, dict[str, Any]] = {}

    def get(corpus: str) -> dict[str, Any]:
        if corpus not in cache:
            cache[corpus] = RUNNERS[corpus](pipeline, tmp_path_factory.mktemp(corpus))
        return cache[corpus]

    return get


def lookup(figs: dict[str, Any], dotted: str) -> float:
    node: Any = figs
    for part in dotted.split("."):
        if not isinstance(node, dict) or part not in node:
            pytest.fail(f"the scorer's output has no {dotted!r} (has {sorted(figs)}): update floors.json")
        node = node[part]
    return float(node)


def _limits(kind: str) -> list[Any]:
    return [pytest.param(corpus, metric, value, id=f"{corpus}:{metric}")
            for corpus in CORPORA for metric, value in FLOORS[corpus].get(kind, {}).items()]


@pytest.mark.parametrize(("corpus", "metric", "floor"), _limits("floors"))
def test_figure_at_or_above_floor(figures: Callable[[str], dict[str, Any]], corpus: str, metric: str,
                                  floor: float) -> None:
    value = lookup(figures(corpus), metric)
    assert value >= floor, (f"{corpus} {metric} = {value:.4f} fell below its floor {floor} "
                            f"(tests/eval/floors.json: floors may rise, never silently fall)")


@pytest.mark.parametrize(("corpus", "metric", "ceiling"), _limits("ceilings"))
def test_figure_at_or_below_ceiling(figures: Callable[[str], dict[str, Any]], corpus: str, metric: str,
                                    ceiling: float) -> None:
    value = lookup(figures(corpus), metric)
    assert value <= ceiling, (f"{corpus} {metric} = {value:.4f} rose above its ceiling {ceiling} "
                              f"(tests/eval/floors.json: ceilings may fall, never silently rise)")


def test_floors_file_is_complete() -> None:
    assert "never silently fall" in FLOORS["comment"]
    for corpus in CORPORA:
        limits = {**FLOORS[corpus].get("floors", {}), **FLOORS[corpus].get("ceilings", {})}
        assert limits, f"no floor or ceiling for {corpus}"
        for metric, value in limits.items():
            assert 0.0 <= value <= 1.0, (corpus, metric, value)
            measured = FLOORS["measured"][corpus][metric]
            if metric in FLOORS[corpus].get("floors", {}):
                assert value <= measured, f"{corpus} {metric}: floor {value} above the measured {measured}"
            else:
                assert value >= measured, f"{corpus} {metric}: ceiling {value} below the measured {measured}"
    # the figures the issue requires of the seed are pinned at 1.0
    for metric in ("events.f1", "sub_event_type.rate", "date.rate", "actor1.rate", "actor2.rate",
                   "casualty_recall.rate", "casualty_precision.rate", "claimant.rate", "background.rate",
                   "contradictions.f1"):
        assert FLOORS["seed"]["floors"][metric] == 1.0, metric
