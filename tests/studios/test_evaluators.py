"""The studios' evaluators (issue 14 §6): XH26-A2-2 with XH26-STUDIO-MONTHLY, XH26-A2P-4.1…4.3
and XB23-WORKSHOP — met, partly met and not met with what the school is told — and a query
count that does not grow with the schools. A whole past school year (2025) is judged."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from apps.compliance import engine
from apps.compliance import packs as pack_data
from apps.compliance.models import Indicator, ResultStatus
from apps.compliance.registry import Context, Outcome, get
from apps.core.schoolyear import current_school_year, school_year
from apps.people.models import Teacher
from apps.studios.models import CourseForm, HostKind, OutcomeStage, RulesStatus
from apps.tenancy.models import FeaturedProject, School
from apps.training import selectors as training_selectors
from apps.training import services as training_services
from apps.training.models import Programme
from tests.personas import World
from tests.studios.rows_evals import (
    END,
    YEAR,
    course,
    member,
    on_packs,
    outcome,
    report,
    rules,
    session,
    staff_year,
    team,
    themes,
    workshop,
)

ONLINE, FACE = CourseForm.DISTRICT_ONLINE, CourseForm.SCHOOL_FACE


@pytest.fixture
def xuhui(world: World) -> World:
    on_packs(world, ["xuhui-2026"], featured=[FeaturedProject.TIERED_STUDIO])
    staff_year(world, "A1")
    return world


@pytest.fixture
def backbone(world: World) -> World:
    return on_packs(world, ["xuhui-2026", "xuhui-backbone-2023"])


def _engine(world: World, key: str, code: str) -> Outcome:
    district = world.districts["A"]
    schools = list(School.objects.filter(district=district).order_by("code"))
    rows = engine.evaluate(district=district, school_year=YEAR, schools=schools, as_of=END)
    school = world.schools[key].school
    return next(r.outcome for r in rows if r.indicator.code == code and r.school_id == school.pk)


def _indicator(world: World, code: str) -> tuple[Indicator, dict[str, Any]]:
    district = world.districts["A"]
    indicator = Indicator.objects.filter(code=code).order_by("-pack__version").first()
    assert indicator is not None
    values = pack_data.resolved_parameters(district, pack_data.active_packs(district))
    return indicator, pack_data.resolve(indicator.params, values[indicator.pack.code])


def _direct(world: World, code: str, schools: list[School] | None = None) -> dict[Any, Outcome]:
    """The evaluator alone, before the engine defers a shortfall to the deadline."""
    indicator, params = _indicator(world, code)
    if schools is None:
        schools = [world.schools["A1"].school, world.schools["A2"].school]
    ctx = Context(
        district=world.districts["A"], school_year=YEAR, period=school_year(YEAR), as_of=END
    )
    return get(indicator.evaluator).func(ctx, indicator, params, schools)


def _pk(world: World, key: str) -> int:
    return world.schools[key].school.pk


def _monthly(world: World, studio: Any, months: list[int]) -> None:
    a, b, _c = world.schools["A1"].teachers
    for month in months:
        session(world, studio, [a, b], day=dt.date(2026, month, 12))


# --------------------------------------------------------------------------- XH26-A2-2


def test_xh26_a2_2_met_with_a_senior_host_members_and_sessions_every_month(xuhui: World) -> None:
    """XH26-A2-2 + XH26-STUDIO-MONTHLY: a school studio hosted by a teacher with 11 homeroom
    years, with a member, and a research session in every month from the plan's date."""
    studio = team(xuhui, "A1")
    member(studio, xuhui.schools["A1"].teachers[0])
    _monthly(xuhui, studio, [4, 5, 6, 7, 8])
    result = _engine(xuhui, "A1", "XH26-A2-2")
    assert result.status == ResultStatus.MET
    assert [p["status"] for p in result.parts] == ["met", "met"]
    assert result.parts[0]["value"] == "校级工作室 1 个，符合要求 1 个"
    assert result.parts[1]["value"] == "5/5 个工作室月达到"  # April to August


def test_xh26_a2_2_partly_met_when_the_host_is_short_of_the_bar(xuhui: World) -> None:
    """XH26-A2-2: the host's homeroom years below the pack's reading of 资深 (5 years, marked
    解释), and a studio with no member: the studio is there but short — partly met."""
    sd = xuhui.schools["A1"]
    Teacher.objects.filter(pk=sd.teachers[2].pk).update(homeroom_since=dt.date(2023, 9, 1))
    studio = team(xuhui, "A1")
    _monthly(xuhui, studio, [4, 5, 6, 7, 8])
    result = _engine(xuhui, "A1", "XH26-A2-2")
    assert result.status == ResultStatus.PARTLY_MET
    assert result.parts[0]["status"] == "partly_met"
    assert "解释" in result.parts[0]["target"]
    assert result.missing == [
        f"A1班主任工作室：主持人{sd.teachers[2].name}担任班主任2年，不满5年（资深班主任）",
        "A1班主任工作室：尚无成员",
    ]


def test_xh26_a2_2_not_met_without_a_school_studio(xuhui: World) -> None:
    """XH26-A2-2: a district studio hosted by the school's teacher is not the school's own
    studio; with none the school is told to set one up (the monthly part does not apply)."""
    team(xuhui, "A2", school_level=False, name="区级工作室")
    result = _engine(xuhui, "A2", "XH26-A2-2")
    assert result.status == ResultStatus.NOT_MET
    assert result.missing == ["本校尚未成立校级班主任工作室"]
    assert result.parts[1]["status"] == "not_applicable"


# --------------------------------------------------------------------------- XH26-STUDIO-MONTHLY


def test_xh26_studio_monthly_names_the_months_without_a_counting_session(xuhui: World) -> None:
    """XH26-STUDIO-MONTHLY: sessions in April and May; June's is not a research session and
    July's had one homeroom teacher (the same structural rules as a school's sessions):
    the months are named, partly met."""
    studio = team(xuhui, "A1")
    member(studio, xuhui.schools["A1"].teachers[0])
    a, b, c = xuhui.schools["A1"].teachers
    _monthly(xuhui, studio, [4, 5])
    session(xuhui, studio, [a, b], day=dt.date(2026, 6, 3), is_research_session=False, module="")
    session(xuhui, studio, [a, c], day=dt.date(2026, 7, 3))  # c is no homeroom teacher
    part = _engine(xuhui, "A1", "XH26-A2-2").parts[1]
    assert part["status"] == "partly_met"
    assert part["value"] == "2/5 个工作室月达到"
    assert part["missing"] == [f"A1班主任工作室：2026年{m}月研修不足 1 次" for m in (6, 7, 8)]


def test_xh26_studio_monthly_not_met_without_sessions_and_judged_from_founding(
    xuhui: World,
) -> None:
    """XH26-STUDIO-MONTHLY: a studio founded in July is judged on July and August only;
    with no session it is not met."""
    team(xuhui, "A1", established_on=dt.date(2026, 7, 1))
    part = _engine(xuhui, "A1", "XH26-A2-2").parts[1]
    assert part["status"] == "not_met"
    assert part["value"] == "0/2 个工作室月达到"


# --------------------------------------------------------------------------- XH26-A2P-4.1


def test_xh26_a2p_4_1_needs_the_districts_and_the_schools_rules_accepted(xuhui: World) -> None:
    """XH26-A2P-4.1: both accepted is met; the district's alone is partly met, the school's
    pending one named as waiting; nothing accepted is not met."""
    rules(xuhui, None)
    rules(xuhui, "A1")
    rules(xuhui, "A2", RulesStatus.SUBMITTED)
    found = _direct(xuhui, "XH26-A2P-4.1")
    assert found[_pk(xuhui, "A1")].status == ResultStatus.MET
    partly = found[_pk(xuhui, "A2")]
    assert partly.status == ResultStatus.PARTLY_MET
    assert partly.missing == ["本校工作室选拔、考核办法及经费标准已提交，待审核通过"]


def test_xh26_a2p_4_1_not_met_when_neither_is_accepted(xuhui: World) -> None:
    rules(xuhui, None, RulesStatus.RETURNED)
    outcome_ = _direct(xuhui, "XH26-A2P-4.1")[_pk(xuhui, "A1")]
    assert outcome_.status == ResultStatus.NOT_MET
    assert outcome_.missing == [
        "区级工作室选拔、考核办法及经费标准已退回，待修改后重新提交",
        "本校尚未提交工作室选拔、考核办法及经费标准",
    ]
    not_chosen = _engine(xuhui, "A1", "XH26-A2P-4.1")
    assert not_chosen.status != ResultStatus.NOT_APPLICABLE  # A1 chose tiered studios


# --------------------------------------------------------------------------- XH26-A2P-4.2


def test_xh26_a2p_4_2_each_studio_has_its_themes_and_a_staged_outcome(xuhui: World) -> None:
    """XH26-A2P-4.2 (1–2 themes, the pack's bounds): A1's studio with one theme and a staged
    outcome is fine, its second with three themes and only a final outcome is named —
    partly met; A2's one studio with neither is not met."""
    good = team(xuhui, "A1", name="甲工作室")
    themes(good, 1)
    outcome(xuhui, good)
    crowded = team(xuhui, "A1", name="乙工作室")
    themes(crowded, 3)
    outcome(xuhui, crowded, stage=OutcomeStage.FINAL)
    empty = team(xuhui, "A2")
    found = _direct(xuhui, "XH26-A2P-4.2")
    partly = found[_pk(xuhui, "A1")]
    assert partly.status == ResultStatus.PARTLY_MET
    assert partly.value == "符合要求的工作室 1/2 个"
    assert partly.missing == ["乙工作室：研究主题 3 个，多于 2 个", "乙工作室：尚无阶段性成果"]
    not_met = found[_pk(xuhui, "A2")]
    assert not_met.status == ResultStatus.NOT_MET
    assert not_met.missing == [
        f"{empty.name}：研究主题 0 个，少于 1 个",
        f"{empty.name}：尚无阶段性成果",
    ]
    themes(empty, 2)
    outcome(xuhui, empty)
    assert _direct(xuhui, "XH26-A2P-4.2")[_pk(xuhui, "A2")].status == ResultStatus.MET


# --------------------------------------------------------------------------- XH26-A2P-4.3


def test_xh26_a2p_4_3_an_outcome_promoted_into_the_collection_this_year(xuhui: World) -> None:
    """XH26-A2P-4.3 (no number in the text: at least one, said in the note): A1's studio
    outcome of this year promoted is met; A2's promoted outcome of last year and a
    not-promoted one do not count — until a district studio its teacher hosts has one."""
    outcome(xuhui, team(xuhui, "A1"), promoted=True, title="班级冲突调解案例集")
    a2 = team(xuhui, "A2")
    outcome(xuhui, a2, promoted=True, completed_on=dt.date(2025, 5, 1))
    outcome(xuhui, a2)
    found = _direct(xuhui, "XH26-A2P-4.3")
    met = found[_pk(xuhui, "A1")]
    assert met.status == ResultStatus.MET
    assert [e["label"] for e in met.evidence] == ["A1班主任工作室：班级冲突调解案例集"]
    assert "原文未规定数量" in met.note
    assert found[_pk(xuhui, "A2")].status == ResultStatus.NOT_MET
    assert found[_pk(xuhui, "A2")].missing == ["2025学年尚无本校工作室成果收入区成果集"]
    outcome(xuhui, team(xuhui, "A2", school_level=False, name="区级工作室"), promoted=True)
    assert _direct(xuhui, "XH26-A2P-4.3")[_pk(xuhui, "A2")].status == ResultStatus.MET


# --------------------------------------------------------------------------- XB23-WORKSHOP


def test_xb23_workshop_met_with_a_report_and_the_hosts_course(backbone: World) -> None:
    """XB23-WORKSHOP: a 中青年骨干's workshop with its project report and a 20 h school
    face-to-face course (the alternative the pack allows them) is met."""
    mine = workshop(backbone, "A1", HostKind.BACKBONE)
    report(mine)
    course(backbone, mine, FACE, "20")
    result = _engine(backbone, "A1", "XB23-WORKSHOP")
    assert result.status == ResultStatus.MET
    assert result.value == "完成项目报告与课程的工作坊 1/1 个"


def test_xb23_workshop_partly_met_names_the_course_short_of_the_bar(backbone: World) -> None:
    """XB23-WORKSHOP: a district 院校合作 workshop (counted for its host's school) with a
    report but an 8 h online course, short of 10 h; a 带头人's with its 5 h course but no
    report: both named, partly met."""
    institute = workshop(backbone, "A2", HostKind.RESEARCHER, school_level=False, name="院校坊")
    report(institute)
    course(backbone, institute, ONLINE, "8")
    leader = workshop(backbone, "A2", HostKind.LEADER, name="带头人坊")
    course(backbone, leader, ONLINE, "5")
    result = _engine(backbone, "A2", "XB23-WORKSHOP")
    assert result.status == ResultStatus.PARTLY_MET
    assert result.missing == [
        "带头人坊：尚无项目报告",
        "院校坊：尚无≥10学时的区级研修网络课程（已登记最长 8.0 学时）",
    ]


def test_xb23_workshop_not_met_with_nothing_delivered_not_applicable_without(
    backbone: World,
) -> None:
    """XB23-WORKSHOP: a backbone workshop with a 19 h face-to-face course (short of 20) and no
    report is not met; a school hosting no workshop is not applicable."""
    mine = workshop(backbone, "A1", HostKind.BACKBONE)
    course(backbone, mine, FACE, "19")
    result = _engine(backbone, "A1", "XB23-WORKSHOP")
    assert result.status == ResultStatus.NOT_MET
    assert result.missing[1] == (
        f"{mine.name}：尚无≥5学时的区级研修网络课程或≥20学时的校级面授课程（已登记最长 19.0 学时）"
    )
    assert _engine(backbone, "A2", "XB23-WORKSHOP").status == ResultStatus.NOT_APPLICABLE


# --------------------------------------------------------------------------- set-based


@pytest.mark.parametrize(
    "code", ["XH26-A2-2", "XH26-A2P-4.1", "XH26-A2P-4.2", "XH26-A2P-4.3", "XB23-WORKSHOP"]
)
def test_studio_indicators_take_a_few_queries_for_any_number_of_schools(
    world: World, code: str
) -> None:
    """XH26-A2-2, XH26-STUDIO-MONTHLY, XH26-A2P-4.1…4.3, XB23-WORKSHOP: set-based — the
    queries do not grow with the schools, teams or sessions."""
    on_packs(world, ["xuhui-2026", "xuhui-backbone-2023"], featured=[FeaturedProject.TIERED_STUDIO])
    staff_year(world, "A1")
    staff_year(world, "A2")
    one = [world.schools["A1"].school]
    both = [*one, world.schools["A2"].school]

    def queries(schools: list[School]) -> int:
        with CaptureQueriesContext(connection) as captured:
            results = _direct(world, code, schools)
        assert set(results) == {s.pk for s in schools}
        return len(captured)

    def build(key: str) -> None:
        studio = team(world, key)
        member(studio, world.schools[key].teachers[0])
        themes(studio, 1)
        outcome(world, studio, promoted=True)
        a, b, _c = world.schools[key].teachers
        session(world, studio, [a, b], day=dt.date(2026, 5, 6))
        made = workshop(world, key, HostKind.LEADER)
        report(made)
        course(world, made, ONLINE, "6")

    build("A1")
    few = queries(one)
    build("A2")
    team(world, "A2", name="又一个工作室")
    assert queries(both) == few


# --------------------------------------------------------------------------- XH26-TIER 续航


def test_xh26_tier_xuhang_lists_the_school_studio_hosts_only(world: World) -> None:
    """XH26-TIER: 续航 is for the hosts of school-level studios — the eligibility list shows
    an active school studio's host, not the host of a district studio or of an ended
    studio, nor another teacher; enrolling another teacher is refused."""
    on_packs(world, ["xuhui-2026"])
    a1, a2 = world.schools["A1"].teachers, world.schools["A2"].teachers
    team(world, "A1")  # hosted by a1[2]
    team(world, "A2", host=a2[0], school_level=False, name="区级工作室")
    team(world, "A2", host=a2[1], ended_on=dt.date(2026, 6, 30), name="已结束工作室")
    cohort = training_services.cohort_create(
        district=world.districts["A"], actor=world.user("A.admin"), programme=Programme.XUHANG,
        school_year=current_school_year(), name="续航班", required_hours=Decimal(8),
        courses=[training_services.CourseInput("工作室主持能力", Decimal(8))],
    )  # fmt: skip
    eligible = list(training_selectors.eligible_teachers(cohort=cohort))
    assert [t.name for t in eligible] == [a1[2].name]
    assert (
        training_selectors.cohort_eligibility(cohort=cohort).rule == "续航：校级班主任工作室主持人"
    )
    with pytest.raises(ValidationError) as refused:
        training_services.cohort_enrol(cohort=cohort, teachers=[a2[0]], actor=world.user("A.admin"))
    assert "续航工程对象条件" in refused.value.message_dict["teachers"][0]
    training_services.cohort_enrol(cohort=cohort, teachers=[a1[2]], actor=world.user("A.admin"))
    assert list(training_selectors.eligible_teachers(cohort=cohort)) == []
