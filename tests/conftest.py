"""Shared fixtures: the real pipeline (loaded once per session) and paths to the shared data."""

from __future__ import annotations

import datetime as dt
import functools
from pathlib import Path
from typing import Any

import pytest

from marsad.arabic.normalize import normalize
from marsad.arabic.sentences import split_document
from marsad.arabic.tokens import tokenize
from marsad.model import DocMeta, Document

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"


@pytest.fixture(scope="session", autouse=True)
def _private_marsad_home(tmp_path_factory: pytest.TempPathFactory) -> None:
    """Each test session builds its own default gazetteer index instead of using (or writing) the
    user's, so results do not depend on what an earlier run left in ~/.local/share."""
    home = tmp_path_factory.mktemp("marsad-home")
    mp = pytest.MonkeyPatch()
    mp.setenv("MARSAD_HOME", str(home))
    mp.delenv("MARSAD_GAZETTEER", raising=False)
    yield
    mp.undo()


def shared_path(*parts: str) -> Path:
    """A path under ../shared, or a skip with a clear message when the shared data is absent."""
    p = SHARED.joinpath(*parts)
    if not p.exists():
        pytest.skip(f"shared evaluation data not found at {p} (it lives beside the checkout, never in it)")
    return p


def text_doc(text: str, published: dt.date | None = None, publisher: str | None = None) -> Document:
    """A document with the text layer built, for stage tests."""
    doc = Document(id="t", text=text, meta=DocMeta(published=published, publisher=publisher), source_text=text)
    doc.norm = normalize(text)
    doc.tokens = tokenize(doc.norm)
    doc.paragraphs, doc.sentences = split_document(text)
    return doc


def casualty_rows(text: str) -> list[tuple[str, str, int, int]]:
    """The casualty figures of one hand-written sentence (lexicon mentions, quantities, casualties) as
    (category, group, low, high); every figure's span must hold what the text says there."""
    from marsad.extract.casualties import find_casualties
    from marsad.extract.mentions import find_mentions
    from marsad.extract.quantities import find_quantities
    from marsad.lexicon import default_lexicon

    qlex, clex = _casualty_lexicons()
    doc = text_doc(text)
    doc.mentions = find_mentions(doc, default_lexicon())
    found = find_casualties(doc, find_quantities(doc, qlex), clex)
    for c in found:
        assert doc.text[c.start:c.end] == text[c.start:c.end]
    return [(c.category, c.group, c.low, c.high) for c in found]


@functools.cache
def _casualty_lexicons() -> tuple[Any, Any]:
    from marsad.extract.casualties import CasualtyLexicon
    from marsad.extract.quantities import QuantityLexicon

    return QuantityLexicon.load(), CasualtyLexicon.load()


@pytest.fixture(scope="session")
def pipeline():
    from marsad.pipeline import Pipeline

    return Pipeline.default()


def pipeline_with_places(tmp_dir: Path, places_yaml: str):
    """The default pipeline, resolving places against a small gazetteer built from ``places_yaml``
    (supplement layout) instead of the default index: geo tests state exactly which places exist."""
    import dataclasses

    from marsad.geo.build import build_index
    from marsad.geo.geocoder import GeocoderHandle
    from marsad.pipeline import DEFAULT_STAGES, Pipeline, Resources

    sup = tmp_dir / "places.yaml"
    sup.write_text(places_yaml, encoding="utf-8")
    path = tmp_dir / "gaz.sqlite"
    build_index(path, default=False, supplements=[sup])
    res = dataclasses.replace(Resources.load(), gazetteer=GeocoderHandle(path, build_if_missing=False))
    return Pipeline(DEFAULT_STAGES, res)


def run_text(pipeline, text: str) -> Document:
    """One plain-text document through ``pipeline``; a failed document fails the test with its error."""
    from marsad.ingest import RawDocument

    result = pipeline.process_raw(RawDocument("t", text, None, DocMeta(), "t"))
    if result.doc is None:
        raise AssertionError(str(result.error))
    return result.doc


CASE_PUBLISHED = dt.date(2021, 3, 10)  # a Wednesday: the publication date of the stage test cases


def strict_xfail(reason: str) -> pytest.MarkDecorator:
    """A known bug, kept as a real expectation: the test fails the day the bug is fixed."""
    return pytest.mark.xfail(strict=True, reason=reason)


def case_record(pipeline, text: str, published: dt.date | None = CASE_PUBLISHED) -> dict:
    """One hand-written case through the pipeline, as its spec §2 record."""
    from marsad.ingest import RawDocument
    from marsad.output import document_record

    raw = RawDocument(id="case", text=text, html=None,
                      meta=DocMeta(published=published, publisher="موقع الاختبار"), origin="case")
    res = pipeline.process_raw(raw)
    if res.doc is None:
        pytest.fail(f"the pipeline refused the case: {res.error!r}")
    return document_record(res.doc)


def incident_source_record(doc_id: str, *, killed: tuple[int, int] | None, source: str, kind: str = "ngo",
            via: list[str] | None = None, text: str = "", day: str = "2020-03-03",
            lat: float = 35.93, lon: float = 36.63, actor: str = "Russian military") -> dict[str, Any]:
    """A spec §2 record of one air strike report, for the incident tests."""
    cas = [{"category": "killed", "group": "civilians", "low": killed[0], "high": killed[1],
            "approximate": False, "claim": "c1"}] if killed else []
    return {
        "doc_id": doc_id, "published": day, "text": text or f"نص التقرير {doc_id} عن الغارة على البلدة",
        "events": [{"id": f"{doc_id}:e1", "event_type": "Explosions/Remote violence",
                    "sub_event_type": "Air/drone strike", "background": False,
                    "date": {"start": day, "end": day, "precision": "day", "anchor": "text"},
                    "location": {"text": "معرة مصرين", "lat": lat, "lon": lon, "precision": 1, "gazetteer_id": "x:1",
                                 "country": "SY", "admin1": "Idlib"},
                    "actors": [{"role": "actor1", "text": "الطيران الروسي", "canonical": actor}],
                    "casualties": cas, "claims": ["c1"]}],
        "claims": [{"id": "c1", "source": {"text": source, "canonical": source, "kind": kind},
                    "via": [{"canonical": v} for v in via or []], "stance": "asserts",
                    "events": [f"{doc_id}:e1"], "evidence": {"start": 0, "end": 10}}],
        "contradictions": [],
    }
