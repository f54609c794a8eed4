"""Integrity of the event-trigger and attribution lexicons (marsad/data/triggers.yaml, reporting.yaml).

The files are language data read by the extraction stages: these tests hold them to the shape the
loader expects, to ACLED's exact type names, to clean Unicode, and to a few matches that show the
data works through the real tokenizer and phrase index.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from marsad.acled import ACLED_TYPES
from marsad.arabic.normalize import clean_chars, fold, normalize
from marsad.arabic.tokens import tokenize
from marsad.lexicon import PhraseIndex

DATA = Path(__file__).resolve().parents[2] / "src" / "marsad" / "data"
SPEC = Path(__file__).resolve().parents[3] / "shared" / "spec" / "README.md"

# ACLED event types and their sub-event types (spec §4); checked against the spec text below.
ACLED = ACLED_TYPES
PARENT = {sub: et for et, subs in ACLED.items() for sub in subs}

TRIGGER_KEYS = {"id", "event_type", "sub_event_type", "forms", "strength", "generic"}
OPTIONAL_TRIGGER_KEYS = {"ambiguous", "needs_armed_context", "by_state_event_type", "by_state_sub_event_type",
                         "on_civilians_event_type", "on_civilians_sub_event_type", "note", "split_forms",
                         "struck_place_forms"}
MARKER_LISTS = ("passive_light_verbs", "generic_markers", "background_markers", "negation")

# What "clean" means for language data: no diacritics (U+064B-U+0652, U+0670), no tatweel, no
# presentation forms, no zero-width or bidi controls, no doubled or edge spaces.
UNCLEAN = re.compile("[\u064b-\u0652\u0670\u0640\ufb50-\ufdff\ufe70-\ufeff"
                     "\u200b-\u200f\u202a-\u202e\u2066-\u2069\u061c\u00ad]")


def load(name: str) -> Any:
    with open(DATA / name, encoding="utf-8") as fh:
        return yaml.safe_load(fh)


TRIG = load("triggers.yaml")
REP = load("reporting.yaml")
TRIGGERS: list[dict[str, Any]] = TRIG["triggers"]
MODIFIERS: list[dict[str, Any]] = TRIG["modifiers"]


def strings(node: Any, path: str = "") -> Iterator[tuple[str, str]]:
    """Every string in a parsed YAML tree, with where it sits."""
    if isinstance(node, str):
        yield path, node
    elif isinstance(node, dict):
        for k, v in node.items():
            yield from strings(k, f"{path}/<key>")
            yield from strings(v, f"{path}/{k}")
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from strings(v, f"{path}[{i}]")


def unclean_reason(s: str) -> str | None:
    m = UNCLEAN.search(s)
    if m:
        return f"U+{ord(m.group()):04X}"
    if s != s.strip():
        return "edge space"
    if "  " in s or "\t" in s or "\n" in s:
        return "double space or control whitespace"
    if clean_chars(s) != s:
        return "changes under clean_chars"
    return None


# ------------------------------------------------------------------ files and shape

def test_files_parse_with_the_expected_top_level_keys() -> None:
    assert set(TRIG) == {"triggers", "modifiers", *MARKER_LISTS}
    assert set(REP) == {"speech_verbs", "attribution_preps", "via_markers", "statement_nouns",
                        "source_back_refs", "presence"}


def test_acled_table_matches_the_spec_when_it_is_present() -> None:
    if not SPEC.exists():
        pytest.skip(f"spec not found at {SPEC}")
    section = SPEC.read_text(encoding="utf-8").split("## 4.", 1)[1]
    flat = " ".join(section.split())
    for et, subs in ACLED.items():
        assert f"{et}: {'; '.join(subs)}" in flat


@pytest.mark.parametrize("trigger", TRIGGERS, ids=lambda t: str(t.get("id")))
def test_trigger_entry_shape(trigger: dict[str, Any]) -> None:
    keys = set(trigger)
    assert keys >= TRIGGER_KEYS, f"missing {TRIGGER_KEYS - keys}"
    assert keys <= TRIGGER_KEYS | OPTIONAL_TRIGGER_KEYS, f"unknown {keys - TRIGGER_KEYS - OPTIONAL_TRIGGER_KEYS}"
    assert re.fullmatch(r"[a-z][a-z0-9_]*", trigger["id"])
    assert trigger["strength"] in ("strong", "weak")
    for flag in ("generic", "ambiguous", "needs_armed_context"):
        assert isinstance(trigger.get(flag, False), bool), flag
    forms = trigger["forms"]
    assert isinstance(forms, list) and forms
    assert all(isinstance(f, str) and f for f in forms)


@pytest.mark.parametrize("trigger", TRIGGERS, ids=lambda t: str(t.get("id")))
def test_trigger_types_are_acled_names_with_the_right_parent(trigger: dict[str, Any]) -> None:
    assert trigger["event_type"] in ACLED
    assert trigger["sub_event_type"] in ACLED[trigger["event_type"]]
    for prefix in ("by_state", "on_civilians"):
        et, sub = trigger.get(f"{prefix}_event_type"), trigger.get(f"{prefix}_sub_event_type")
        assert (et is None) == (sub is None), f"{prefix}: give both the event type and the sub-type"
        if sub is not None:
            assert PARENT.get(sub) == et


def test_trigger_ids_are_unique() -> None:
    ids = [t["id"] for t in TRIGGERS]
    assert len(ids) == len(set(ids))


def test_every_acled_sub_event_type_has_a_trigger() -> None:
    covered = {t["sub_event_type"] for t in TRIGGERS} | {t["by_state_sub_event_type"] for t in TRIGGERS
                                                          if "by_state_sub_event_type" in t}
    assert set(PARENT) - covered == set()


def test_territory_gain_becomes_government_regains_territory_for_state_forces() -> None:
    gain = next(t for t in TRIGGERS if t["id"] == "territory_gain")
    assert gain["sub_event_type"] == "Non-state actor overtakes territory"
    assert gain["by_state_sub_event_type"] == "Government regains territory"


def test_agreements_and_arrests_need_an_armed_context() -> None:
    for t in TRIGGERS:
        if t["sub_event_type"] in ("Agreement", "Arrests"):
            assert t.get("needs_armed_context") is True, t["id"]
            assert t["strength"] == "weak", t["id"]


@pytest.mark.parametrize("modifier", MODIFIERS, ids=lambda m: str(m.get("sub_event_type")))
def test_modifier_entry_shape(modifier: dict[str, Any]) -> None:
    assert set(modifier) <= {"event_type", "sub_event_type", "forms"}
    assert modifier["sub_event_type"] in PARENT
    assert modifier.get("event_type", PARENT[modifier["sub_event_type"]]) == PARENT[modifier["sub_event_type"]]
    assert modifier["forms"] and all(isinstance(f, str) and f for f in modifier["forms"])


def test_marker_lists_are_lists_of_strings() -> None:
    for key in MARKER_LISTS:
        assert TRIG[key] and all(isinstance(f, str) and f for f in TRIG[key]), key


def test_reporting_shape() -> None:
    for group in REP["speech_verbs"]:
        assert set(group) <= {"stance", "hedged", "forms"}
        assert group["stance"] in ("asserts", "denies")
        assert isinstance(group.get("hedged", False), bool)
        assert group["forms"] and all(isinstance(f, str) and f for f in group["forms"])
    assert {g["stance"] for g in REP["speech_verbs"]} == {"asserts", "denies"}
    for key in ("attribution_preps", "via_markers", "statement_nouns", "source_back_refs"):
        assert set(REP[key]) == {"forms"}, key
        assert REP[key]["forms"] and all(isinstance(f, str) and f for f in REP[key]["forms"]), key
    assert set(REP["presence"]) == {"assert", "deny"}


# ------------------------------------------------------------------ clean Unicode

def test_every_string_is_clean() -> None:
    bad = [(f"{name}{path}", s, reason) for name, tree in (("triggers.yaml", TRIG), ("reporting.yaml", REP))
           for path, s in strings(tree) if (reason := unclean_reason(s))]
    assert bad == []


@pytest.mark.parametrize("s, reason", [
    ("ق\u064eصف", "U+064E"),
    ("قص\u0640ف", "U+0640"),
    ("\ufed7\ufebc\ufed2", "U+FED7"),
    ("قصف\u200c", "U+200C"),
    ("غارة  جوية", "double space or control whitespace"),
    (" غارة", "edge space"),
    ("غارة جوية", None),
])
def test_the_cleanliness_check_itself_catches_unclean_forms(s: str, reason: str | None) -> None:
    assert unclean_reason(s) == reason


# ------------------------------------------------------------------ no form under two triggers

def owners(entries: list[dict[str, Any]], key: str) -> dict[str, set[str]]:
    out: dict[str, set[str]] = defaultdict(set)
    for e in entries:
        for f in e["forms"]:
            out[fold(f)].add(str(e[key]))
    return out


def test_no_form_is_listed_under_two_triggers_unless_marked_ambiguous() -> None:
    ambiguous = {t["id"] for t in TRIGGERS if t.get("ambiguous")}
    shared = {f: ids for f, ids in owners(TRIGGERS, "id").items() if len(ids) > 1 and not ids <= ambiguous}
    assert shared == {}


def test_no_modifier_form_points_to_two_sub_types() -> None:
    shared = {f: subs for f, subs in owners(MODIFIERS, "sub_event_type").items() if len(subs) > 1}
    assert shared == {}


def test_no_form_is_both_asserting_and_denying() -> None:
    stances = owners(REP["speech_verbs"], "stance")
    assert {f: s for f, s in stances.items() if len(s) > 1} == {}
    presence_assert = {fold(f) for f in REP["presence"]["assert"]}
    presence_deny = {fold(f) for f in REP["presence"]["deny"]}
    assert presence_assert & presence_deny == set()


def test_no_list_repeats_a_form() -> None:
    lists: list[tuple[str, list[str]]] = [(t["id"], t["forms"]) for t in TRIGGERS]
    lists += [(m["sub_event_type"], m["forms"]) for m in MODIFIERS]
    lists += [(k, TRIG[k]) for k in MARKER_LISTS]
    lists += [(f"speech:{g['stance']}", g["forms"]) for g in REP["speech_verbs"]]
    lists += [(k, REP[k]["forms"]) for k in ("attribution_preps", "via_markers", "statement_nouns",
                                             "source_back_refs")]
    lists += [(f"presence:{k}", v) for k, v in REP["presence"].items()]
    repeats = {name: sorted({fold(f) for f in forms if [fold(g) for g in forms].count(fold(f)) > 1})
               for name, forms in lists}
    assert {k: v for k, v in repeats.items() if v} == {}


# ------------------------------------------------------------------ the data through the real matcher

def build_index() -> PhraseIndex:
    idx = PhraseIndex()
    for t in TRIGGERS:
        idx.add_all(t["forms"], "trigger", t)
    for m in MODIFIERS:
        idx.add_all(m["forms"], "modifier", m)
    for key in MARKER_LISTS:
        idx.add_all(TRIG[key], key, {"kind": key})
    for g in REP["speech_verbs"]:
        idx.add_all(g["forms"], "speech_verb", g)
    for key in ("attribution_preps", "via_markers"):
        idx.add_all(REP[key]["forms"], key, {"kind": key})
    return idx


INDEX = build_index()


def hits(text: str, kind: str) -> list[tuple[str, str]]:
    """(surface, entry id or sub-type) for each match of ``kind``; overlaps go to the longest, as in
    the mention stage."""
    toks = tokenize(normalize(text))
    ms = sorted((m for m in INDEX.scan(toks) if m.kind == kind), key=lambda m: (m.tok_start - m.tok_end, m.tok_start))
    used: set[int] = set()
    kept = []
    for m in ms:
        if used.isdisjoint(range(m.tok_start, m.tok_end)):
            used.update(range(m.tok_start, m.tok_end))
            kept.append(m)
    out = []
    for m in sorted(kept, key=lambda m: m.tok_start):
        surface = text[toks[m.tok_start].start:toks[m.tok_end - 1].end]
        out.append((surface, str(m.entry.get("id") or m.entry.get("sub_event_type") or m.entry.get("stance"))))
    return out


@pytest.mark.parametrize("text, expected", [
    ("وشنت طائرات التحالف غارتين على البلدة", [("غارتين", "airstrike")]),
    ("نفذت مقاتلات روسية غارات جوية على القرية", [("غارات جوية", "airstrike")]),
    ("وقصفت قوات النظام الحي بالمدفعية", [("وقصفت", "shelling")]),
    ("تعرضت البلدة لقصف مدفعي عنيف", [("لقصف مدفعي", "shelling_strong")]),
    ("سقطت قذائف هاون على السوق", [("قذائف هاون", "shelling_strong")]),
    ("وأسفر قصفاً استهدف المنازل عن جرحى", [("قصفاً", "shelling"), ("استهدف", "shelling")]),
    ("انفجرت عبوة ناسفة بسيارة عسكرية", [("انفجرت", "explosion"), ("عبوة ناسفة", "ied")]),
    ("فجر انتحاري حزاما ناسفا قرب الحاجز", [("فجر انتحاري", "suicide_bomb"), ("حزاما ناسفا", "suicide_bomb")]),
    ("ألقى مجهول قنبلة يدوية على المحل", [("قنبلة يدوية", "grenade")]),
    ("واندلعت اشتباكات عنيفة بين الطرفين", [("اشتباكات عنيفة", "armed_clash")]),
    ("واستعادت القوات السيطرة على التلة", [("واستعادت", "territory_gain"), ("السيطرة", "territory_gain")]),
    ("اغتال مسلحون مختار القرية", [("اغتال", "vac_attack")]),
    ("ارتكبت الطائرات مجزرة في السوق", [("مجزرة", "massacre")]),
    ("اختطف مسلحون طبيبا من عيادته", [("اختطف", "abduction_weak")]),
    ("خرجت مظاهرة في وسط المدينة", [("مظاهرة", "peaceful_protest")]),
    ("وفرقت الشرطة المتظاهرين بالغاز المسيل للدموع",
     [("المتظاهرين", "peaceful_protest"), ("بالغاز المسيل للدموع", "protest_intervention")]),
    ("اندلعت أعمال شغب في الحي", [("أعمال شغب", "violent_demonstration")]),
    ("وأعلن الطرفان وقف إطلاق النار", [("وقف إطلاق النار", "agreement")]),
    ("وشنت الفصائل حملة اعتقالات في البلدة", [("حملة اعتقالات", "arrests")]),
    ("أسقطت الدفاعات طائرة مسيرة", [("أسقطت", "shootdown_weak")]),
    ("وتصدت الدفاعات الجوية لصواريخ معادية", [("وتصدت الدفاعات الجوية", "shootdown")]),
    ("وصلت تعزيزات عسكرية إلى المنطقة", [("تعزيزات عسكرية", "strategic_other")]),
])
def test_trigger_matches_longest_form(text: str, expected: list[tuple[str, str]]) -> None:
    assert hits(text, "trigger") == expected


@pytest.mark.parametrize("text", [
    "تقدم اللاعب بالشكر إلى الجماهير بعد المباراة",
    "احتفلت المدينة بتظاهرة ثقافية للكتاب",
    "ارتفع سعر برميل النفط في الأسواق",
    "وقع الطرفان اتفاقية تعاون تجاري",
    "سجل الفريق هدفا في الدقيقة الأخيرة",
    "اعتصموا بحبل الله جميعا",
])
def test_everyday_sentences_have_no_strong_trigger(text: str) -> None:
    strong = {t["id"] for t in TRIGGERS if t["strength"] == "strong"}
    assert [h for h in hits(text, "trigger") if h[1] in strong] == []


@pytest.mark.parametrize("text, expected", [
    ("استهدفت طائرة مسيرة سيارة", [("طائرة مسيرة", "Air/drone strike")]),
    ("قصفت المدفعية الثقيلة القرية", [("المدفعية الثقيلة", "Shelling/artillery/missile attack")]),
    ("استهدف هجوم بمسيرة انتحارية الموقع", [("بمسيرة انتحارية", "Air/drone strike")]),
    ("هجوم بسيارة مفخخة", [("بسيارة مفخخة", "Remote explosive/landmine/IED")]),
])
def test_modifiers_name_the_means(text: str, expected: list[tuple[str, str]]) -> None:
    assert hits(text, "modifier") == expected


@pytest.mark.parametrize("text, kind, expected", [
    ("وقالت وزارة الدفاع إن", "speech_verb", [("وقالت", "asserts")]),
    ("ونفت الوزارة ذلك", "speech_verb", [("ونفت", "denies")]),
    ("ويرجح أنها تابعة للتحالف", "speech_verb", [("ويرجح", "asserts")]),
    ("وبحسب المرصد فإن", "attribution_preps", [("وبحسب", "attribution_preps")]),
    ("نقلا عن مصادر محلية", "attribution_preps", [("نقلا عن مصادر", "attribution_preps")]),
    ("قال مصدر لوكالة الأنباء", "via_markers", [("لوكالة", "via_markers")]),
    ("وكان مصدر قد قال", "background_markers", [("وكان", "background_markers")]),
    ("ازداد عدد حالات القصف", "generic_markers", [("عدد حالات", "generic_markers")]),
])
def test_attribution_and_marker_cues(text: str, kind: str, expected: list[tuple[str, str]]) -> None:
    got = hits(text, kind)
    if kind in ("attribution_preps", "via_markers", "background_markers", "generic_markers"):
        got = [(s, kind) for s, _ in got]
    assert got == expected


def test_struck_place_forms_are_weak_forms_of_their_trigger() -> None:
    # a form that strikes a town on its own must be one the trigger matches, and only a weak
    # trigger needs it (a strong one is an event anyway)
    with_them = [t for t in TRIGGERS if t.get("struck_place_forms")]
    assert with_them
    for t in with_them:
        assert t["strength"] == "weak", t["id"]
        forms = {fold(f) for f in t["forms"]}
        assert {fold(f) for f in t["struck_place_forms"]} <= forms, t["id"]


def test_split_forms_are_a_verb_and_its_object() -> None:
    forms = [f for t in TRIGGERS for f in t.get("split_forms", []) or []]
    assert forms, "the shooting trigger has split forms"
    for form in forms:
        verb, gap, obj = form.split()
        assert gap == "…" and verb and obj


def test_a_bad_split_form_is_refused(tmp_path: Path) -> None:
    from marsad.errors import LexiconError
    from marsad.lexicon import Lexicon

    data = Path(__file__).resolve().parents[2] / "src" / "marsad" / "data"
    for f in data.iterdir():
        (tmp_path / f.name).write_bytes(f.read_bytes())
    trig = yaml.safe_load((data / "triggers.yaml").read_text(encoding="utf-8"))
    trig["triggers"][0]["split_forms"] = ["أطلق النار"]
    (tmp_path / "triggers.yaml").write_text(yaml.safe_dump(trig, allow_unicode=True), encoding="utf-8")
    with pytest.raises(LexiconError, match="VERB … OBJECT"):
        Lexicon.load(tmp_path)
