"""Mentions of one event become one event with every figure; distinct strikes stay apart.

Every report here was written for these tests. The cases run through ``Pipeline.default()`` and the
spec §2 record, like ``test_events_types.py``.
"""

from __future__ import annotations

from typing import Any

from conftest import case_record

REMOTE = "Explosions/Remote violence"
TUR = "Turkish military"
SNA = "Syrian National Army"
SYR = "Syrian government forces"
OPP = "Syrian opposition forces"


def news(rec: dict[str, Any]) -> list[dict[str, Any]]:
    return [e for e in rec["events"] if not e["background"] and e["event_type"] == REMOTE]


def killed(ev: dict[str, Any]) -> set[tuple[int, int]]:
    return {(c["low"], c["high"]) for c in ev["casualties"] if c["category"] == "killed"}


def perpetrators(ev: dict[str, Any]) -> set[str]:
    return {a["canonical"] for a in ev["actors"] if a["role"] == "actor1"}


def test_joint_perpetrators_read_as_target_are_one_event(pipeline) -> None:
    # the body names the occupier's auxiliaries apart from it ("… الغاشمة ومرتزقتها"), so one mention
    # reads them as the target and another as the perpetrator: both are the headline's joint sides
    rec = case_record(pipeline, "استشهاد مدنيين جراء قصف الاحتلال التركي ومرتزقته على ريف تل تمر\n\n"
                      "قصفت دولة الاحتلال التركية الغاشمة ومرتزقتها، في ساعات المساء، قرية أم الخير غرب "
                      "تل تمر وأسفر القصف عن استشهاد رجل وطفلته.")
    evs = news(rec)
    assert len(evs) == 1
    assert {(1, 1), (2, 9)} <= killed(evs[0])
    assert {TUR, SNA} <= perpetrators(evs[0])


def test_retaliation_by_the_other_side_is_another_event(pipeline) -> None:
    rec = case_record(pipeline, "قصفت قوات النظام بلدة كنصفرة في جبل الزاوية يوم الثلاثاء ما أدى إلى مقتل "
                      "امرأة. وردت فصائل المعارضة بقصف مواقع قوات النظام في بلدة جورين بسهل الغاب، ما أدى "
                      "إلى مقتل عنصرين.")
    evs = news(rec)
    assert len(evs) == 2
    by_actor = {frozenset(perpetrators(e)): killed(e) for e in evs}
    assert by_actor[frozenset({SYR})] == {(1, 1)}
    assert by_actor[frozenset({OPP})] == {(2, 2)}


def test_civilians_killed_and_the_armed_side_struck_are_one_event(pipeline) -> None:
    # the first sentence counts the dead, the second names who fired and whose positions were hit
    rec = case_record(pipeline, "قتل ثلاثة مدنيين يوم الثلاثاء في مدينة اعزاز جراء قصف صاروخي.\n\n"
                      "وقالت مصادر محلية إن وحدات حماية الشعب قصفت بالصواريخ مواقع الجيش الوطني في مدينة اعزاز.")
    evs = news(rec)
    assert len(evs) == 1
    assert killed(evs[0]) == {(3, 3)}
    assert perpetrators(evs[0]) == {"YPG (People's Protection Units)"}
