"""Integrity of the actor, nationality, force-head and source lexicons (``marsad/data/*.yaml``).

The files are language data: every string must already be in the clean form the normaliser
produces (no diacritics, tatweel, presentation forms or invisible controls), each name must
lead to one entry, and every cross-reference (ambiguous readings, nationality forces,
composed source names) must point at something that exists.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator
from typing import Any

import pytest

from marsad.arabic.normalize import clean_chars, normalize
from marsad.arabic.tokens import tokenize
from marsad.lexicon import PhraseIndex, load_yaml, phrase_tokens

ACTOR_KINDS = {"state_forces", "state_coalition", "pro_government_militia", "rebel_group", "jihadist_group",
               "kurdish_forces", "civilians", "political_group", "other", "unknown"}
SOURCE_KINDS = {"government", "military", "armed_group", "media", "ngo", "anonymous", "unknown"}
MEANS = {"air", "drone", "artillery", "ground", "naval", "missile"}
ISO2 = re.compile(r"^[A-Z]{2}$")
# User-assigned ISO 3166-1 ranges: never a real country.
USER_ASSIGNED = re.compile(r"^(AA|Q[M-Z]|X[A-Z]|ZZ)$")
# What a clean data string may not contain: harakat and superscript alef, tatweel, presentation
# forms, zero-width and bidi controls, soft hyphen.
UNCLEAN = re.compile("[\u064b-\u0652\u0670\u0640\ufb50-\ufdff\ufe70-\ufeff"
                     "\u200b-\u200f\u202a-\u202e\u2066-\u2069\u061c\u00ad]")

ACTOR_KEYS = {"canonical", "country", "kind", "conflict", "aliases", "means", "ambiguous", "armed",
              "resolve_by_country", "resolve_by_patron", "default"}
SOURCE_KEYS = {"canonical", "kind", "country", "aliases", "short", "compose", "canonical_template",
               "ambiguous", "candidates", "resolve_by_country"}
NATIONALITY_KEYS = {"country", "name_en", "adjective_en", "names", "capitals", "adjectives", "forces",
                    "government"}
HEAD_KEYS = {"head", "means", "forms", "attack"}
FILES = ["actors.yaml", "sources.yaml", "nationalities.yaml", "force_heads.yaml"]


def entries(name: str) -> list[dict[str, Any]]:
    data = load_yaml(name)
    if not isinstance(data, list):
        pytest.fail(f"{name}: top level is {type(data).__name__}, expected a list")
    return data


def strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for k, v in value.items():
            yield from strings(k)
            yield from strings(v)
    elif isinstance(value, list):
        for v in value:
            yield from strings(v)


def problems_of(s: str) -> list[str]:
    out = []
    if not s.strip():
        out.append("empty")
    if s != s.strip():
        out.append("leading/trailing space")
    if "  " in s:
        out.append("double space")
    if UNCLEAN.search(s) or clean_chars(s) != s:
        out.append("not clean: " + ", ".join(f"U+{ord(c):04X}" for c in s if UNCLEAN.match(c) or clean_chars(c) != c))
    return out


def country_ok(code: Any) -> bool:
    return code is None or (isinstance(code, str) and bool(ISO2.match(code)) and not USER_ASSIGNED.match(code))


def alias_owners(data: list[dict[str, Any]], fields: tuple[str, ...]) -> dict[tuple[str, ...], set[int]]:
    """Normalised token sequence of every name -> indexes of the entries listing it."""
    owners: dict[tuple[str, ...], set[int]] = defaultdict(set)
    for i, e in enumerate(data):
        for f in fields:
            for a in e.get(f) or []:
                owners[phrase_tokens(a)].add(i)
    return owners


def name_lookup(name: str, field: str = "aliases") -> dict[tuple[str, ...], dict[str, Any]]:
    return {phrase_tokens(a): e for e in entries(name) for a in e.get(field) or []}


def leftmost_longest(index: PhraseIndex, text: str, kind: str) -> list[tuple[str, str]]:
    """Non-overlapping matches of one kind, leftmost first and longest at each start."""
    nt = normalize(text)
    toks = tokenize(nt)
    found = sorted((m for m in index.scan(toks) if m.kind == kind), key=lambda m: (m.tok_start, -m.tok_end))
    out, pos = [], 0
    for m in found:
        if m.tok_start >= pos:
            out.append((text[toks[m.tok_start].start:toks[m.tok_end - 1].end], str(m.entry["canonical"])))
            pos = m.tok_end
    return out


# ----------------------------------------------------------------------------- every file


@pytest.mark.parametrize("name", FILES)
def test_file_is_a_list_of_mappings(name: str) -> None:
    data = entries(name)
    assert data and all(isinstance(e, dict) for e in data)


@pytest.mark.parametrize("name", FILES)
def test_every_string_is_already_clean(name: str) -> None:
    bad = {s: p for s in strings(entries(name)) if (p := problems_of(s))}
    assert not bad, f"{name}: {bad}"


@pytest.mark.parametrize("s, problem", [
    ("قوات النظام", None),
    ("قوّات النظام", "not clean"),
    ("قـوات النظام", "not clean"),
    ("قوات\u200c النظام", "not clean"),
    ("\ufee3\ufeae\ufebb\ufeaa", "not clean"),
    ("قوات  النظام", "double space"),
    (" قوات النظام", "leading/trailing space"),
])
def test_the_cleanliness_check_itself_catches_dirty_strings(s: str, problem: str | None) -> None:
    found = problems_of(s)
    assert (not found) if problem is None else any(p.startswith(problem) for p in found)


# ----------------------------------------------------------------------------- actors.yaml


def test_actor_entries_have_the_required_keys_and_allowed_values() -> None:
    for e in entries("actors.yaml"):
        where = e.get("canonical")
        assert set(e) <= ACTOR_KEYS, f"{where}: unknown keys {set(e) - ACTOR_KEYS}"
        assert {"canonical", "country", "kind", "conflict", "aliases"} <= set(e), where
        assert isinstance(e["canonical"], str) and e["canonical"], where
        assert e["kind"] in ACTOR_KINDS, f"{where}: kind {e['kind']!r}"
        assert country_ok(e["country"]), f"{where}: country {e['country']!r}"
        assert isinstance(e["conflict"], list) and e["conflict"], where
        assert all(country_ok(c) and c is not None for c in e["conflict"]), f"{where}: conflict {e['conflict']}"
        assert isinstance(e["aliases"], list) and e["aliases"], where
        assert all(isinstance(a, str) for a in e["aliases"]), where
        assert e.get("means") is None or e["means"] in MEANS, f"{where}: means {e.get('means')!r}"
        assert e.get("ambiguous", False) in (True, False), where


@pytest.mark.parametrize("name, fields", [
    ("actors.yaml", ("aliases",)),
    ("sources.yaml", ("aliases",)),
])
def test_no_name_leads_to_two_entries(name: str, fields: tuple[str, ...]) -> None:
    data = entries(name)
    shared = {" ".join(k): sorted({str(data[i]["canonical"]) + ("/" + str(data[i].get("means")) if data[i].get("means") else "")
                                   for i in v})
              for k, v in alias_owners(data, fields).items() if len(v) > 1}
    assert not shared, f"{name}: names listed in more than one entry (put them in one ambiguous entry): {shared}"


@pytest.mark.parametrize("name", ["actors.yaml", "sources.yaml"])
def test_no_name_is_written_twice(name: str) -> None:
    twice = []
    for e in entries(name):
        seen: set[tuple[str, ...]] = set()
        for a in e["aliases"]:
            key = phrase_tokens(a)
            if key in seen:
                twice.append((e["canonical"], a))
            seen.add(key)
    assert not twice, f"{name}: spellings that fold to one already listed: {twice}"


@pytest.mark.parametrize("name", ["actors.yaml", "sources.yaml"])
def test_no_alias_repeats_another_with_a_clitic_the_loader_strips(name: str) -> None:
    """"والتحالف الدولي" next to "التحالف الدولي" is dead weight: the matcher strips و/ف/ب/ل/ك/لل itself."""
    data = entries(name)
    known = {phrase_tokens(a) for e in data for a in e["aliases"]}
    redundant = []
    for e in data:
        for a in e["aliases"]:
            toks = phrase_tokens(a)
            first = toks[0]
            stems = []
            if first[0] in "وف" and len(first) > 3:
                stems.append(first[1:])
            stems += ["ال" + s[2:] for s in [first, *stems] if s.startswith("لل") and len(s) > 3]
            stems += [s[1:] for s in [first, *stems] if s[0] in "بلك" and len(s) > 3 and not s.startswith("لل")]
            redundant += [a for s in stems if (s, *toks[1:]) in known]
    assert not redundant, f"{name}: {redundant}"


@pytest.mark.parametrize("name", ["actors.yaml", "sources.yaml"])
def test_ambiguous_entries_resolve_to_canonicals_defined_in_the_same_file(name: str) -> None:
    data = entries(name)
    defined = {e["canonical"] for e in data if not e.get("ambiguous")}
    n_ambiguous = 0
    for e in data:
        extra = {"resolve_by_country", "resolve_by_patron", "default", "candidates"} & set(e)
        if not e.get("ambiguous"):
            assert not extra, f"{e['canonical']}: {extra} without ambiguous: true"
            continue
        n_ambiguous += 1
        table = {**(e.get("resolve_by_patron") or {}), **(e.get("resolve_by_country") or {})}
        readings = list(e.get("resolve_by_patron", {}).values()) + list(table.values()) + list(e.get("candidates") or []) + ([e["default"]] if "default" in e else [])
        assert readings, f"{e['canonical']}: ambiguous entry with no readings"
        assert all(country_ok(k) and k is not None for k in table), f"{e['canonical']}: {list(table)}"
        missing = [r for r in readings if r not in defined]
        assert not missing, f"{e['canonical']}: readings not defined in {name}: {missing}"
        if "default" in e and table:
            assert e["default"] in table.values(), e["canonical"]
    assert n_ambiguous >= (5 if name == "actors.yaml" else 2)


@pytest.mark.parametrize("name", ["actors.yaml", "sources.yaml"])
def test_entries_sharing_a_canonical_agree_on_country_and_kind(name: str) -> None:
    seen: dict[str, tuple[Any, Any]] = {}
    for e in entries(name):
        if e.get("ambiguous"):
            continue
        first = seen.setdefault(e["canonical"], (e["country"], e["kind"]))
        assert first == (e["country"], e["kind"]), f"{name}: {e['canonical']}: {first} vs {(e['country'], e['kind'])}"


def test_the_entry_without_means_is_the_last_of_its_canonical() -> None:
    """A loader that keys entries by canonical keeps the last one; it must be the general one."""
    data = [e for e in entries("actors.yaml") if not e.get("ambiguous")]
    general = {e["canonical"] for e in data if not e.get("means")}
    last = {e["canonical"]: e for e in data}
    assert not [c for c in general if last[c].get("means")]


def test_actor_lexicon_is_large_enough() -> None:
    data = entries("actors.yaml")
    assert len(data) >= 120
    assert sum(len(e["aliases"]) for e in data) >= 800
    assert {e["kind"] for e in data} == ACTOR_KINDS


@pytest.mark.parametrize("alias, canonical", [
    ("قوات موالية للجيش النظامي", "Syrian pro-government forces"),
    ("القوات الرديفة للجيش السوري", "Syrian pro-government forces"),
    ("قوات شعبية موالية", "Syrian pro-government forces"),
    ("القوات النظامية", "Syrian government forces"),
    ("الجيش العربي السوري", "Syrian government forces"),
    ("التحالف الدولي بقيادة واشنطن", "US-led coalition"),
    ("مروحيات التحالف الدولي", "US-led coalition"),
    ("قوات سوريا الديموقراطية", "Syrian Democratic Forces"),
    ("قسد", "Syrian Democratic Forces"),
    ("ي ب ك", "YPG (People's Protection Units)"),
    ("حزب العمال الكردستاني", "PKK (Kurdistan Workers' Party)"),
    ("الطائرات الحربية الروسية", "Russian military"),
    ("مسيرة تركية", "Turkish military"),
    ("دولة الاحتلال التركي", "Turkish military"),
    ("الفصائل الموالية لتركيا", "Syrian National Army"),
    ("تنظيم الدولة الإسلامية", "Islamic State (ISIS)"),
    ("داعش", "Islamic State (ISIS)"),
    ("جبهة النصرة", "Hayat Tahrir al-Sham (HTS)"),
    ("جيش الاحتلال الإسرائيلي", "Israeli military"),
    ("الحرس الثوري الإيراني", "Iranian military"),
    ("الحوثيين", "Houthi forces (Ansar Allah)"),
    ("ميليشيا الحوثي الانقلابية", "Houthi forces (Ansar Allah)"),
    ("تحالف دعم الشرعية", "Saudi-led coalition"),
    ("قوات حفتر", "Libyan National Army (Haftar forces)"),
    ("المليشيا المتمردة", "Rapid Support Forces"),
    ("القوات المسلحة السودانية", "Sudanese Armed Forces"),
    ("الحشد الشعبي", "Popular Mobilization Forces"),
    ("كتائب القسام", "Al-Qassam Brigades (Hamas)"),
    ("منازل المدنيين", "Civilians"),
    ("الجيش الوطني", "National Army (ambiguous)"),
    ("طائرات التحالف", "Coalition (ambiguous)"),
])
def test_names_lead_to_their_actor(alias: str, canonical: str) -> None:
    entry = name_lookup("actors.yaml").get(phrase_tokens(alias))
    assert entry is not None, alias
    assert entry["canonical"] == canonical


@pytest.mark.parametrize("alias, means", [
    ("طيران التحالف الدولي", "air"),
    ("الطيران الروسي", "air"),
    ("المسيرات التركية", "drone"),
    ("المدفعية التركية", "artillery"),
    ("القوات الروسية", None),
])
def test_names_that_say_how_an_actor_struck_carry_means(alias: str, means: str | None) -> None:
    entry = name_lookup("actors.yaml")[phrase_tokens(alias)]
    assert entry.get("means") == means


@pytest.mark.parametrize("text, expected", [
    ("وأفادت مصادر بأن طائرات التحالف الدولي قصفت مواقع للقوات الرديفة للجيش السوري",
     [("طائرات التحالف الدولي", "US-led coalition"), ("للقوات الرديفة للجيش السوري", "Syrian pro-government forces")]),
    ("واستهدفت مسيرة تركية سيارة مدنية قرب القامشلي",
     [("مسيرة تركية", "Turkish military"), ("سيارة مدنية", "Civilians")]),
    ("وتجددت الاشتباكات بين الجيش السوداني وقوات الدعم السريع في الفاشر",
     [("الجيش السوداني", "Sudanese Armed Forces"), ("وقوات الدعم السريع", "Rapid Support Forces")]),
    ("وهاجمت ميليشيا الحوثي مواقع الجيش الوطني في مأرب",
     [("ميليشيا الحوثي", "Houthi forces (Ansar Allah)"), ("الجيش الوطني", "National Army (ambiguous)")]),
    ("وقصفت قوات النظام بلدات ريف إدلب الجنوبي",
     [("قوات النظام", "Syrian government forces")]),
])
def test_actor_names_are_found_in_a_sentence(text: str, expected: list[tuple[str, str]]) -> None:
    index = PhraseIndex()
    for e in entries("actors.yaml"):
        index.add_all(e["aliases"], "actor", e)
    assert leftmost_longest(index, text, "actor") == expected


# ----------------------------------------------------------------------------- nationalities.yaml


def test_nationality_entries_are_complete_and_point_at_real_actors() -> None:
    actor_canonicals = {e["canonical"] for e in entries("actors.yaml") if not e.get("ambiguous")}
    countries = []
    for n in entries("nationalities.yaml"):
        where = n.get("country")
        assert set(n) == NATIONALITY_KEYS, f"{where}: keys {set(n) ^ NATIONALITY_KEYS}"
        assert country_ok(where) and where is not None, where
        countries.append(where)
        assert n["names"] and n["adjectives"], where
        assert isinstance(n["capitals"], list), where
        assert n["forces"] is None or n["forces"] in actor_canonicals, f"{where}: forces {n['forces']!r}"
        assert isinstance(n["government"], str) and isinstance(n["adjective_en"], str), where
    assert len(countries) == len(set(countries))
    required = {"SY", "RU", "TR", "US", "IL", "IR", "IQ", "YE", "SA", "AE", "LY", "LB", "PS", "SD", "EG", "JO",
                "FR", "GB", "DE", "QA"}
    assert required <= set(countries), required - set(countries)


def test_no_nationality_word_belongs_to_two_countries() -> None:
    data = entries("nationalities.yaml")
    shared = {" ".join(k): [data[i]["country"] for i in v]
              for k, v in alias_owners(data, ("names", "capitals", "adjectives")).items() if len(v) > 1}
    assert not shared, shared


@pytest.mark.parametrize("word, country", [
    ("السورية", "SY"), ("سوريين", "SY"), ("الروس", "RU"), ("روسيين", "RU"), ("التركية", "TR"),
    ("الأميركي", "US"), ("أمريكيين", "US"), ("الإسرائيلية", "IL"), ("الإيرانية", "IR"), ("اليمنيين", "YE"),
])
def test_nationality_adjectives_lead_to_their_country(word: str, country: str) -> None:
    assert name_lookup("nationalities.yaml", "adjectives")[phrase_tokens(word)]["country"] == country


@pytest.mark.parametrize("word, country", [
    ("موسكو", "RU"), ("واشنطن", "US"), ("دمشق", "SY"), ("أنقرة", "TR"), ("طهران", "IR"),
])
def test_capitals_stand_for_their_country(word: str, country: str) -> None:
    assert name_lookup("nationalities.yaml", "capitals")[phrase_tokens(word)]["country"] == country


# ----------------------------------------------------------------------------- force_heads.yaml


def test_force_heads_have_valid_means_and_unique_forms() -> None:
    data = entries("force_heads.yaml")
    for h in data:
        assert set(h) <= HEAD_KEYS and {"head", "means", "forms"} <= set(h), h.get("head")
        assert h["means"] is None or h["means"] in MEANS, h["head"]
        assert h.get("attack", False) in (True, False), h["head"]
        assert h["forms"] and phrase_tokens(h["head"]) in {phrase_tokens(f) for f in h["forms"]}, h["head"]
    shared = {" ".join(k): [data[i]["head"] for i in v] for k, v in alias_owners(data, ("forms",)).items() if len(v) > 1}
    assert not shared, shared
    assert {h["means"] for h in data} >= MEANS


@pytest.mark.parametrize("form, means", [
    ("الطائرات الحربية", "air"), ("مروحيات", "air"), ("الطيران المسير", "drone"), ("مسيرة", "drone"),
    ("راجمات الصواريخ", "artillery"), ("مدافع الهاون", "artillery"), ("الصواريخ الباليستية", "missile"),
    ("مسلحو", "ground"), ("دورية", "ground"), ("زوارق حربية", "naval"), ("غارات جوية", "air"),
])
def test_force_head_forms_say_how_the_actor_struck(form: str, means: str) -> None:
    assert name_lookup("force_heads.yaml", "forms")[phrase_tokens(form)]["means"] == means


# ----------------------------------------------------------------------------- sources.yaml


def test_source_entries_have_the_required_keys_and_allowed_values() -> None:
    for e in entries("sources.yaml"):
        where = e.get("canonical")
        assert set(e) <= SOURCE_KEYS, f"{where}: unknown keys {set(e) - SOURCE_KEYS}"
        assert {"canonical", "kind", "country", "aliases"} <= set(e), where
        assert e["kind"] in SOURCE_KINDS, f"{where}: kind {e['kind']!r}"
        assert country_ok(e["country"]), f"{where}: country {e['country']!r}"
        assert isinstance(e["aliases"], list) and e["aliases"], where
        assert isinstance(e.get("short") or [], list), where
        if e["kind"] == "anonymous":
            assert "anonymous" in e["canonical"] or "unnamed" in e["canonical"], where


def test_composed_sources_have_a_template_that_every_nationality_can_fill() -> None:
    adjectives = [n["adjective_en"] for n in entries("nationalities.yaml")]
    composed = [e for e in entries("sources.yaml") if e.get("compose")]
    assert len(composed) >= 6
    for e in entries("sources.yaml"):
        if not e.get("compose"):
            assert "canonical_template" not in e, e["canonical"]
            continue
        template = e["canonical_template"]
        assert "{adj}" in template, e["canonical"]
        names = [template.format(adj=a) for a in adjectives]
        assert all("{" not in n and n.startswith(a) for n, a in zip(names, adjectives, strict=True))
        if e["kind"] == "anonymous":
            assert all("anonymous" in n or "unnamed" in n for n in names), e["canonical"]


def test_explicit_ministries_agree_with_what_composition_would_name_them() -> None:
    """"وزارة الدفاع الروسية" listed outright and composed from "وزارة الدفاع" + "الروسية" give one name."""
    template = next(e["canonical_template"] for e in entries("sources.yaml") if e["aliases"] == ["وزارة الدفاع"])
    by_alias = name_lookup("sources.yaml")
    for n in entries("nationalities.yaml"):
        fem = [a for a in n["adjectives"] if a.startswith("ال") and a.endswith("ية")]
        for adj in fem:
            entry = by_alias.get(phrase_tokens("وزارة الدفاع " + adj))
            if entry is not None and n["country"] not in {"US", "YE", "LY"}:
                assert entry["canonical"] == template.format(adj=n["adjective_en"]), entry["canonical"]
                assert entry["country"] == n["country"]


@pytest.mark.parametrize("alias, canonical, kind", [
    ("وزارة الدفاع الروسية", "Russian Ministry of Defence", "government"),
    ("الدفاع الروسية", "Russian Ministry of Defence", "government"),
    ("وكالة الأنباء الألمانية", "dpa (German Press Agency)", "media"),
    ("د ب أ", "dpa (German Press Agency)", "media"),
    ("سانا", "SANA (Syrian Arab News Agency)", "media"),
    ("المرصد السوري لحقوق الإنسان", "SOHR (Syrian Observatory for Human Rights)", "ngo"),
    ("الخوذ البيضاء", "Syria Civil Defence (White Helmets)", "ngo"),
    ("مصدر عسكري سوري", "Syrian military source (anonymous)", "anonymous"),
    ("مصادر محلية", "local sources (unnamed)", "anonymous"),
    ("ناشطون", "activists (unnamed)", "anonymous"),
    ("التحالف الدولي", "US-led coalition", "military"),
    ("قسد", "Syrian Democratic Forces", "armed_group"),
    ("سنتكوم", "US Central Command (CENTCOM)", "military"),
    ("مركز المصالحة الروسي", "Russian Reconciliation Center (Hmeimim)", "military"),
    ("وزارة الصحة في غزة", "Gaza Ministry of Health", "government"),
    ("سبأ", "Saba News Agency (Yemen)", "media"),
])
def test_names_lead_to_their_source(alias: str, canonical: str, kind: str) -> None:
    entry = name_lookup("sources.yaml")[phrase_tokens(alias)]
    assert (entry["canonical"], entry["kind"]) == (canonical, kind)


def test_back_references_are_offered_for_the_ministries() -> None:
    entry = name_lookup("sources.yaml")[phrase_tokens("وزارة الدفاع الروسية")]
    assert {"الوزارة", "الدفاع"} <= set(entry["short"])
