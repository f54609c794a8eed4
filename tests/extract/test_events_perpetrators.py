"""Who struck: perpetrator phrases the event stage must read (issue 2, "belligerent").

Each case is a hand-written report sentence run through the whole pipeline; the test checks the
actor1 set of the one news event it gives (and actor2 where the case is about the two roles).
"""

from __future__ import annotations

from typing import Any

import pytest
from conftest import case_record

from marsad.pipeline import Pipeline

SYR = "Syrian government forces"
RUS = "Russian military"
TUR = "Turkish military"
SDF = "Syrian Democratic Forces"
COAL = "US-led coalition"
CIV = "Civilians"


def news(rec: dict[str, Any]) -> list[dict[str, Any]]:
    return [e for e in rec["events"] if not e["background"]]


def roles(ev: dict[str, Any], role: str) -> set[str]:
    return {a["canonical"] for a in ev["actors"] if a["role"] == role}


PERPETRATOR_CASES = [
    # a nationality after the whole attack phrase, duals included
    ("قتل شاب وأصيب والده في غارتين جويتين روسيتين على منزلهما في قرية الحمرا شرق حلب فجر أمس.", {RUS}),
    ("أصيب ثلاثة مزارعين بغارات جوية روسية على أطراف بلدة البارة صباح أمس.", {RUS}),
    # a plural noun after لل is the strike, not a purpose ("للسيطرة على")
    ("انتشرت صور اللحظات الأولى للغارات الجوية الروسية التي استهدفت مستشفى في مدينة إدلب أمس.", {RUS}),
    # two perpetrators joined by و across quotes, and a name repeated in brackets
    ('أصيب ثلاثة مدنيين بقصف مشترك من قوات النظام و"قسد" على مخيم للنازحين قرب عفرين أمس.', {SYR, SDF}),
    ('قتل رجل بصاروخ موجه أطلقته قوات النظام و"قوات سوريا الديمقراطية" (قسد) على بلدة مريمين أمس.', {SYR, SDF}),
    # two nationality adjectives of one force name a joint force
    ("استهدف الطيران الحربي السوري الروسي تجمعاً للمقاتلين في حي الراشدين بحلب أمس.", {SYR, RUS}),
    ("قتل مدنيان بقصف للقوات السورية-الروسية على بلدة كفرنبل أمس.", {SYR, RUS}),
    # where the fire came from: a few words of place between the marker and the force
    ("قتلت امرأة بقصف صاروخي مصدره مناطق سيطرة قوات النظام وقسد على مخيم قرب عفرين أمس.", {SYR, SDF}),
    ("قتل رجل بقذيفة مصدرها نقاط عسكرية مشتركة بين قوات النظام وقسد على قرية الدابس أمس.", {SYR, SDF}),
    ("أصيب طفل بقصف بقذائف الهاون مصدره الأراضي التركية على قرية قره قوزاق أمس.", {TUR}),
    # an agent after لـ and a quote
    ('قتل راعٍ باستهداف جوي لـ"التحالف الدولي" لسيارة قرب بلدة سرمدا أمس.', {COAL}),
    # "دولة الاحتلال" takes its country from the adjective after it
    ("قصفت دولة الاحتلال التركية قرية جعدة غرب كوباني أمس ما أدى إلى مقتل طفلة.", {TUR}),
    # a force that took part beside the one who acted is a perpetrator too
    ("قتل رجل خلال مداهمة نفذتها قوات سوريا الديمقراطية بمساندة من مروحيات التحالف الدولي لمنزله في بلدة ذيبان أمس.", {SDF, COAL}),  # noqa: E501
    ("نفذت قوات التحالف الدولي بالتعاون مع قوات سوريا الديمقراطية عملية إنزال جوي في بلدة الشحيل أمس قتل فيها شخصان.", {COAL, SDF}),  # noqa: E501
    ("قتل خمسة مدنيين بقصف مدفعي من قبل قوات النظام المدعومة من روسيا على بلدة سرجة أمس.", {SYR, RUS}),
    # hedged, in the first person of a monitoring group
    ("قصف طيران ثابت الجناح نعتقد أنه روسي صاروخاً على مشفى في مدينة إدلب أمس ما تسبب بمقتل ممرض.", {RUS}),
]


@pytest.mark.parametrize(("text", "actor1"), PERPETRATOR_CASES)
def test_perpetrator(pipeline: Pipeline, text: str, actor1: set[str]) -> None:
    evs = news(case_record(pipeline, text))
    assert len(evs) == 1, [(e["event_type"], e["trigger"]["text"], e["actors"]) for e in evs]
    assert roles(evs[0], "actor1") == actor1


def test_two_sides_stay_two_sides(pipeline: Pipeline) -> None:
    """"بين X وY" names the two sides of a clash; only "مشتركة بين" joins them."""
    evs = news(case_record(pipeline, "اندلعت اشتباكات عنيفة بين قوات النظام وقوات سوريا الديمقراطية قرب الطبقة أمس."))
    assert [(roles(e, "actor1"), roles(e, "actor2")) for e in evs] == [({SYR}, {SDF})]


def test_owned_weapon_before_the_verb_struck(pipeline: Pipeline) -> None:
    """"طيران مسير … تابع للتحالف يستهدف": what X owns is the verb's subject; after the verb it is the target."""
    evs = news(case_record(pipeline, "طيران مسير من طراز MQ9 تابع للتحالف الدولي يستهدف منزلاً في بلدة سرمدا ويقتل رجلاً."))
    assert [roles(e, "actor1") for e in evs] == [{COAL}]
    evs = news(case_record(pipeline, "استهدف الجيش التركي مستودعات تابعة لقوات سوريا الديمقراطية قرب القامشلي أمس."))
    assert [(roles(e, "actor1"), roles(e, "actor2")) for e in evs] == [({TUR}, {SDF})]


def test_clash_takes_the_force_of_the_raid(pipeline: Pipeline) -> None:
    """A violent event that names no perpetrator takes the armed force the report names in an event of
    another kind (a raid), marked as inferred."""
    rec = case_record(pipeline, "شنت قوات سوريا الديمقراطية حملة مداهمات في مزرعة شمال الرقة فجر اليوم، "
                                "حيث سمعت أصوات اشتباكات قوية في محيط المزرعة.")
    clashes = [e for e in news(rec) if e["event_type"] == "Battles"]
    assert len(clashes) == 1
    ones = [a for a in clashes[0]["actors"] if a["role"] == "actor1"]
    assert [(a["canonical"], a.get("inferred")) for a in ones] == [(SDF, True)]


def test_killing_keeps_the_perpetrator_of_its_strike(pipeline: Pipeline) -> None:
    """"قتلت امرأة جراء قصف تركي": the strike that restates the killing names who struck."""
    evs = news(case_record(pipeline, "قتلت امرأة وجرح طفلان جراء قصف تركي بالقذائف المدفعية على بلدة الدرباسية أمس."))
    assert [(roles(e, "actor1"), roles(e, "actor2")) for e in evs] == [({TUR}, {CIV})]


@pytest.mark.parametrize("text", [
    "التقى وفد من الأهالي بمسؤولين في مناطق سيطرة قوات سوريا الديمقراطية أمس لبحث ملف الخدمات.",
    "تعيش مئات العائلات النازحة في قرى تحت سيطرة قوات النظام في ريف حماة.",
])
def test_area_of_control_is_no_event(pipeline: Pipeline, text: str) -> None:
    """"مناطق سيطرة X" says who holds an area; it is not a capture of territory."""
    assert news(case_record(pipeline, text)) == []


def test_remnant_explosion_blames_who_fired(pipeline: Pipeline) -> None:
    """"انفجار قنبلة من مخلفات قصف سابق لـ X": X left the bomb; the earlier strike is no event of its own."""
    evs = news(case_record(pipeline, "أصيب طفلان بجروح بانفجار قنبلة عنقودية من مخلفات قصف سابق لقوات النظام "
                                     "وروسيا في أرض زراعية قرب بلدة معرة مصرين اليوم الخميس."))
    assert [(roles(e, "actor1"), roles(e, "actor2")) for e in evs] == [({SYR, RUS}, {CIV})]


def violent(rec: dict[str, Any]) -> list[dict[str, Any]]:
    return [e for e in news(rec) if e["event_type"] in ("Explosions/Remote violence", "Battles",
                                                        "Violence against civilians")]


OPERATION_CASES = [
    # a supporter after بمشاركة / بالتعاون مع (also words of presence and company) took part
    ('نفذت قوات التحالف الدولي، بمشاركة "قوات سوريا الديمقراطية" (قسد)، عملية إنزال جوي في بلدة الكسرة فجر أمس.',
     {COAL, SDF}),
    # the operation is the subject of the verb: the force after the verb is what it struck
    ("نفذت وحدات من قوات سوريا الديمقراطية بدعم من التحالف الدولي عملية أمنية استهدفت خلايا لتنظيم داعش في قرية الحصان فجر أمس.",  # noqa: E501
     {SDF, COAL}),
    ("نفذت قوات قسد مدعومة من التحالف الدولي مداهمة فجر الاثنين استهدفت خلايا تنظيم داعش في بلدة الشحيل.", {SDF, COAL}),
    # the operation's agent in the genitive between the noun and its verb
    ("قتل راع في عملية إنزال جوي للتحالف الدولي استهدفت منزله قرب بلدة أطمة أمس.", {COAL}),
    # an attack word in construct with an operation noun is a noun ("عملية قصف التحالف")
    ("قتل قياديان في عملية قصف التحالف الدولي لسيارتهما على طريق مطار حلب أمس.", {COAL}),
]


@pytest.mark.parametrize(("text", "actor1"), OPERATION_CASES)
def test_operation_subject(pipeline: Pipeline, text: str, actor1: set[str]) -> None:
    evs = violent(case_record(pipeline, text))
    assert evs, news(case_record(pipeline, text))
    assert all(roles(e, "actor1") == actor1 for e in evs), [(e["trigger"]["text"], e["actors"]) for e in evs]


def test_operation_target_after_verb(pipeline: Pipeline) -> None:
    """"عملية أمنية استهدفت خلايا داعش": the cells are struck, not the striker."""
    text = "نفذت قوات سوريا الديمقراطية بدعم من التحالف الدولي عملية أمنية استهدفت خلايا لتنظيم داعش في قرية الحصان فجر أمس."
    evs = violent(case_record(pipeline, text))
    assert [roles(e, "actor2") for e in evs] == [{"Islamic State (ISIS)"}]


def test_clause_after_clashes_keeps_its_subject(pipeline: Pipeline) -> None:
    """"خلال اشتباكات قتلت قوات النظام …": a clash after a preposition is not the verb's subject, and
    neither is a definite operation set off by a comma."""
    evs = news(case_record(pipeline, "خلال اشتباكات عنيفة قتلت قوات النظام ثلاثة مدنيين في بلدة كفرنبل أمس."))
    assert {e["trigger"]["text"]: roles(e, "actor1") for e in evs}["قتلت"] == {SYR}
    evs = news(case_record(pipeline, "خلال عملية الإنزال في بلدة البصيرة، اعتقلت قسد ستة أشخاص آخرين أمس."))
    assert {e["trigger"]["text"]: roles(e, "actor1") for e in evs}["اعتقلت"] == {SDF}


MORE_PERPETRATOR_CASES = [
    # a bare verbal noun with its agent after لـ is the noun, not the verb قصف
    ("قصف لقوات النظام على بلدة معرة النعسان أمس أدى إلى إصابة طفلين.", {SYR}),
    # words of time between a verb and its subject
    ("يقصف الآن جيش الاحتلال التركي قرية الهوشرية غرب منبج بالمدفعية الثقيلة.", {TUR}),
    # "نفذتهما": who carried out the strikes
    ("أصيب شخصان بغارتين جويتين نفذتهما طائرة مسيرة تابعة للتحالف الدولي قرب بلدة سرمدا أمس.", {COAL}),
    # an epithet between a stateless force name and its nationality
    ("قتل رجل بقصف من قبل الاحتلال الخارجي الروسي على مدينة أريحا أمس.", {RUS}),
    # a word broken with tatweel and a star
    ("قتل طفل بغارة لطائرات الاحتـــ*لال الروسي على قرية كنصفرة أمس.", {RUS}),
]


@pytest.mark.parametrize(("text", "actor1"), MORE_PERPETRATOR_CASES)
def test_more_perpetrators(pipeline: Pipeline, text: str, actor1: set[str]) -> None:
    evs = news(case_record(pipeline, text))
    assert len(evs) == 1, [(e["event_type"], e["trigger"]["text"], e["actors"]) for e in evs]
    assert roles(evs[0], "actor1") == actor1


SNA = "Syrian National Army"

PATRON_CASES = [
    # a name that alone says little takes its referent from the country that backs it; the backer
    # named inside the phrase did not take part
    ("قصفت الفصائل المسلحة المدعومة من تركيا، مساء أمس، سيارة إسعاف قرب قرية الدبس شرق حلب.", {SNA}),
    ("استهدفت الفصائل المسلحة الموالية لتركيا منزلاً في قرية الصيادة بريف منبج أمس ما أدى إلى إصابة طفلين.", {SNA}),
    ("قتل مدني برصاص عناصر الجيش الوطني الموالي لأنقرة في مدينة عفرين أمس.", {SNA}),
    # a backer named for a force whose name is already whole adds a party, as before
    ("قتل خمسة مدنيين بقصف مدفعي من قبل قوات النظام المدعومة من روسيا على بلدة سرجة أمس.", {SYR, RUS}),
]


@pytest.mark.parametrize(("text", "actor1"), PATRON_CASES)
def test_patron_names_the_force(pipeline: Pipeline, text: str, actor1: set[str]) -> None:
    evs = violent(case_record(pipeline, text))
    assert evs, news(case_record(pipeline, text))
    assert all(roles(e, "actor1") == actor1 for e in evs), [(e["trigger"]["text"], e["actors"]) for e in evs]


def test_factions_in_a_report_about_turkey(pipeline: Pipeline) -> None:
    """When Turkey is the country the report names most, "الفصائل المسلحة" are the factions it backs."""
    evs = violent(case_record(pipeline, "قال مسؤول تركي إن أنقرة لن تسمح بأي تهديد على حدودها. وقصفت الفصائل المسلحة "
                                        "قرية عون الدادات قرب منبج أمس ما أدى إلى مقتل امرأة."))
    assert [roles(e, "actor1") for e in evs] == [{SNA}]


ISIS = "Islamic State (ISIS)"

HARMED_GROUP_CASES = [
    # the unvowelled passive with a count and a partitive: the group killed is acted on
    ("قتل ثلاثة إرهابيين من التنظيم بغارة لطائرات التحالف الدولي على قرية الباغوز فجر اليوم.",
     {COAL}, {"Unidentified armed group"}),
    ("أعلن الجيش الأمريكي مقتل اثنين من قياديي داعش بضربة جوية قرب بلدة أطمة أمس.", {"US military"}, {ISIS}),
    # one of the group's members, and the dead of a force named right after the plural
    ("أصيب أحد عناصر قسد بجروح في هجوم مسلح على حاجز في بلدة الصبحة أمس.", set(), {SDF}),
    ("وصل عدد قتلى قوات النظام إلى خمسة في هجوم على حاجز قرب بلدة الصنمين أمس.", set(), {SYR}),
]


@pytest.mark.parametrize(("text", "actor1", "actor2"), HARMED_GROUP_CASES)
def test_group_killed_is_not_the_perpetrator(pipeline: Pipeline, text: str, actor1: set[str], actor2: set[str]) -> None:
    """A group that a killing or wounding word is told of ("مقتل عنصرين من داعش") is actor2, never actor1."""
    evs = violent(case_record(pipeline, text))
    assert evs, news(case_record(pipeline, text))
    assert all(roles(e, "actor1") <= actor1 for e in evs), [(e["trigger"]["text"], e["actors"]) for e in evs]
    assert any(roles(e, "actor1") == actor1 and roles(e, "actor2") == actor2 for e in evs), \
        [(e["trigger"]["text"], e["actors"]) for e in evs]


def test_active_killing_verb_keeps_its_subject(pipeline: Pipeline) -> None:
    """"قتلت قوات النظام ثلاثة مدنيين": a killing verb right before a force is active; the force killed."""
    evs = violent(case_record(pipeline, "قتلت قوات النظام ثلاثة مدنيين بقصف مدفعي على بلدة كفرنبل أمس."))
    assert [(roles(e, "actor1"), roles(e, "actor2")) for e in evs] == [({SYR}, {CIV})]
