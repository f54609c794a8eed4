"""Property tests: every span in the output record points into the record's text.

Documents are built from random combinations of sentences written for these tests, with random
diacritics, tatweel, presentation forms and Arabic-Indic digits sprinkled in, because those are
what the normalised layer removes or folds and so what could shift an offset.
"""

from __future__ import annotations

import datetime as dt
import random
import unicodedata
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from marsad.ingest import RawDocument
from marsad.model import DocMeta
from marsad.output import document_record
from marsad.pipeline import Pipeline

SENTENCES = (
    "قالت وزارة الدفاع الروسية، يوم الخميس، إن طيران التحالف الدولي قصف قوات موالية للنظام قرب دير الزور.",
    "وأضافت الوزارة أن 25 عنصراً أصيبوا في القصف.",
    "قتل 7 مدنيين بينهم 3 أطفال بقصف مدفعي لقوات النظام على بلدة كفرنبل في ريف إدلب الجنوبي أمس.",
    "وذكر المرصد السوري لحقوق الإنسان أن نحو 150 شخصاً سقطوا بين قتيل وجريح.",
    "اندلعت اشتباكات عنيفة بين قوات سوريا الديمقراطية وتنظيم الدولة في بلدة الشعفة يوم 7 شباط.",
    "ونفت وزارة الدفاع التركية أن تكون طائراتها قد قصفت القرية.",
    "وقال مصدر عسكري لوكالة رويترز إن طائرة مسيرة استهدفت سيارة قرب القامشلي.",
    "انفجرت عبوة ناسفة بسيارة عسكرية على طريق سلوك في ريف الرقة، ما أدى إلى مقتل عنصرين.",
    "وكانت طائرات إسرائيلية قد قصفت مواقع في ريف دمشق الغربي في 25 كانون الأول 2019.",
    "قال الدفاع المدني السوري إن فرقه انتشلت جثث 9 أشخاص من تحت الأنقاض في مدينة أريحا.",
    "ارتفعت أسعار المحروقات في مدينة الحسكة مع بداية الشهر.",
    "اعتقلت قوات النظام 5 شبان في مدينة التل بريف دمشق بحسب ناشطين.",
)

DIACRITICS = tuple(chr(c) for c in range(0x064B, 0x0653))
TATWEEL = "\u0640"
ARABIC_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")


def _presentation_forms() -> dict[str, list[str]]:
    """Each Arabic letter's presentation forms (U+FE70–U+FEFC), found through NFKC."""
    forms: dict[str, list[str]] = {}
    for cp in range(0xFE80, 0xFEFD):
        ch = chr(cp)
        base = unicodedata.normalize("NFKC", ch)
        if len(base) == 1 and "\u0621" <= base <= "\u064a":
            forms.setdefault(base, []).append(ch)
    return forms


PRESENTATION = _presentation_forms()


def sprinkle(text: str, rnd: random.Random, rate: float) -> str:
    out: list[str] = []
    for ch in text:
        if "\u0621" <= ch <= "\u064a":
            roll = rnd.random()
            if roll < rate / 3 and ch in PRESENTATION:
                out.append(rnd.choice(PRESENTATION[ch]))
            else:
                out.append(ch)
            roll = rnd.random()
            if roll < rate:
                out.append(rnd.choice(DIACRITICS))
            elif roll < rate * 1.5:
                out.append(TATWEEL)
        elif ch.isdigit() and rate > 0 and rnd.random() < 0.5:
            out.append(ch.translate(ARABIC_INDIC))
        else:
            out.append(ch)
    return "".join(out)


# (sentence indices, seed of the sprinkling, sprinkling rate, sentences as paragraphs or one paragraph);
# a seeded random.Random rather than hypothesis's own, whose degenerate sequences would turn every
# letter into a presentation form (see test_pipeline_bad_input for that case)
DOCS = st.tuples(
    st.lists(st.integers(0, len(SENTENCES) - 1), min_size=1, max_size=7),
    st.integers(0, 2**32 - 1),
    st.sampled_from([0.0, 0.05, 0.2]),
    st.booleans(),
)


def build_text(picks: list[int], seed: int, rate: float, paras: bool) -> str:
    rnd = random.Random(seed)
    sep = "\n\n" if paras else " "
    return sep.join(sprinkle(SENTENCES[i], rnd, rate) for i in picks)


class Runner:
    """The session pipeline behind a short repr (hypothesis prints the arguments of a failing example)."""

    def __init__(self, pipeline: Pipeline) -> None:
        self.pipeline = pipeline

    def __repr__(self) -> str:
        return "Runner(Pipeline.default())"

    def __call__(self, text: str) -> dict[str, Any]:
        meta = DocMeta(published=dt.date(2021, 3, 10), publisher="موقع الاختبار")
        res = self.pipeline.process_raw(RawDocument(id="prop", text=text, html=None, meta=meta, origin="prop"))
        assert res.doc is not None, res.error
        return document_record(res.doc)


@pytest.fixture(scope="module")
def run(pipeline: Pipeline) -> Runner:
    return Runner(pipeline)


def spans(rec: dict[str, Any]) -> Iterator[tuple[str, int, int, str | None]]:
    """(where, start, end, reported text or None) for every span in the record."""
    for e in rec["events"]:
        t = e["trigger"]
        yield "trigger", t["start"], t["end"], t["text"]
        for s in e["evidence"]:
            yield "event evidence", s["start"], s["end"], None
        for c in e["casualties"]:
            yield "casualty", c["start"], c["end"], c["text"]
        for a in e["actors"]:
            yield "actor", a["start"], a["end"], a["text"]
        d = e["date"]
        if d.get("text_start") is not None:
            yield "date", d["text_start"], d["text_end"], d["text"]
        loc = e["location"]
        if loc is not None:
            yield "location", loc["start"], loc["end"], loc["phrase"]
    for c in rec["claims"]:
        yield "claim evidence", c["evidence"]["start"], c["evidence"]["end"], None
        for s in c["statements"]:
            yield "claim statement", s["start"], s["end"], None
        for src in [c["source"], *c["via"]]:
            if src.get("start") is not None:
                yield "claim source", src["start"], src["end"], src["text"]
    for p in rec["places"]:
        yield "place", p["start"], p["end"], p["text"]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(DOCS)
def test_every_span_points_into_the_text(run: Runner, drawn: tuple[list[int], int, float, bool]) -> None:
    rec = run(build_text(*drawn))
    n = len(rec["text"])
    seen = 0
    for where, start, end, surface in spans(rec):
        seen += 1
        assert 0 <= start <= end <= n, (where, start, end, n)
        if surface is not None:
            assert rec["text"][start:end] == surface, (where, start, end, surface)
    if any(s.startswith(("قالت", "قتل", "اندلعت", "انفجرت", "اعتقلت")) for s in (SENTENCES[i] for i in drawn[0])):
        assert seen > 0  # a document with a plain event sentence has spans to check


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(DOCS)
def test_marks_and_digit_forms_do_not_change_what_is_found(
        run: Runner, drawn: tuple[list[int], int, float, bool]) -> None:
    picks, seed, _rate, paras = drawn
    plain = run(build_text(picks, 0, 0.0, paras))
    marked = run(build_text(picks, seed, 0.2, paras))

    def shape(rec: dict[str, Any]) -> list[tuple[Any, ...]]:
        return sorted((e["event_type"], e["sub_event_type"], e["background"], e["date"]["start"],
                       tuple(sorted(a["canonical"] for a in e["actors"])),
                       tuple(sorted((c["category"], c["low"], c["high"]) for c in e["casualties"])))
                      for e in rec["events"])

    assert shape(marked) == shape(plain)


def test_surface_forms_survive_in_the_output_text(run: Runner) -> None:
    # the output text is the input text, marks and all; offsets are never into a normalised copy
    text = "قُتِلَ ٧ مدنيين بقـصـف مدفعي لقوات النظام على بلدة كفرنبل أمس."
    rec = run(text)
    assert rec["text"] == text
    (ev,) = rec["events"]
    (cas,) = ev["casualties"]
    assert cas["text"].startswith("قُتِلَ ٧") and (cas["low"], cas["high"]) == (7, 7)
    assert rec["text"][ev["trigger"]["start"]:ev["trigger"]["end"]] == ev["trigger"]["text"]
