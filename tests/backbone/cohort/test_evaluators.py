"""XB23-COHORT and XB23-TASKS evaluators: what a school (and the district) is told, with
the pack's thresholds met exactly, one short, the 学区 exchange and the alternatives —
and a query count that does not grow with the members."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from apps.backbone.models import Assessment, AssessmentKind, Category, Cohort, LeaveReason, Result
from apps.compliance import engine
from apps.compliance import packs as pack_data
from apps.compliance.models import Indicator, ResultStatus
from apps.compliance.registry import Context, Outcome, get
from apps.core.schoolyear import school_year
from apps.studios.models import CourseForm
from apps.tenancy.models import School
from tests.backbone.cohort.rows import (
    AFTER,
    archive,
    cohort_world,
    course,
    fill,
    hosted,
    join,
    sessions,
)
from tests.personas import World

LEADER, BACKBONE = Category.LEADER, Category.BACKBONE


@pytest.fixture
def cohort(world: World) -> Cohort:
    return cohort_world(world)


def _run(
    world: World, code: str, *, as_of: dt.date = AFTER, year: int = 2025
) -> dict[Any, Outcome]:
    district = world.districts["A"]
    indicator = Indicator.objects.filter(code=code).order_by("-pack__version").first()
    assert indicator is not None
    values = pack_data.resolved_parameters(district, pack_data.active_packs(district))
    params = pack_data.resolve(indicator.params, values[indicator.pack.code])
    ctx = Context(district=district, school_year=year, period=school_year(year), as_of=as_of)
    schools = [world.schools["A1"].school, world.schools["A2"].school]
    return get(indicator.evaluator).func(ctx, indicator, params, schools)


def _tasks(world: World, key: str = "A1", **kw: Any) -> Outcome:
    return _run(world, "XB23-TASKS", **kw)[world.schools[key].school.pk]


def test_xb23_tasks_every_threshold_met_exactly_is_met(world: World, cohort: Cohort) -> None:
    """XB23-TASKS: a 带头人 with one exchange a year, two teachers trained a year, one district
    lecture, one city paper and one online course, a 中青年骨干 with their smaller bars,
    both at 4 of 5 sessions (the 0.8 reading, 含本数): met."""
    leader, backbone = join(world, cohort, "A1", 0, LEADER), join(world, cohort, "A1", 1, BACKBONE)
    fill(world, leader)
    fill(world, backbone)
    sessions(world, 5, [(leader.teacher, 4), (backbone.teacher, 4)])
    result = _tasks(world)
    assert result.status == ResultStatus.MET, result.missing
    assert result.value == "完成全部已到期任务的骨干 2/2 名"
    assert _tasks(world, "A2").status == ResultStatus.NOT_APPLICABLE


def test_xb23_tasks_one_teacher_short_of_two_is_partly_met_and_named(
    world: World, cohort: Cohort
) -> None:
    """XB23-TASKS task 3: a 带头人 who trained one teacher in 2024 (two needed, no team)."""
    leader = join(world, cohort, "A1", 0, LEADER)
    fill(world, leader, skip=("T3:2024",))
    archive(leader.teacher, "mentoring", "school", dt.date(2024, 10, 1), world.user("A.admin"))
    sessions(world, 1, [(leader.teacher, 1)])
    result = _tasks(world)
    assert result.status == ResultStatus.PARTLY_MET
    assert result.missing == [
        f"{leader.teacher.name}（学科（班主任）带头人）：2024学年任务三 指导团队或培养教师"
        "（团队 0 个、教师 1 人，要求指导团队 ≥1 个或培养教师 ≥2 人）"
    ]


def test_xb23_tasks_a_hosted_studio_is_a_guided_team_for_the_leader(
    world: World, cohort: Cohort
) -> None:
    """XB23-TASKS task 3: the studio the 带头人 hosts, open in 2024, is the team guided."""
    leader = join(world, cohort, "A1", 0, LEADER)
    fill(world, leader, skip=("T3:2024",))
    hosted(
        leader.teacher, world.user("A.admin"), on=dt.date(2024, 9, 1), ended_on=dt.date(2025, 6, 30)
    )
    sessions(world, 1, [(leader.teacher, 1)])
    assert _tasks(world).status == ResultStatus.MET


def test_xb23_tasks_a_xuequ_exchange_recorded_as_district_counts(
    world: World, cohort: Cohort
) -> None:
    """XB23-TASKS task 2: 区级（含学区）— a 学区 lecture is recorded at 区级 and counts; with
    only school-level exchanges the 带头人 misses the cohort's district exchange."""
    leader = join(world, cohort, "A1", 0, LEADER)
    fill(world, leader, skip=("T2:cohort",))
    sessions(world, 1, [(leader.teacher, 1)])
    result = _tasks(world)
    assert result.status == ResultStatus.PARTLY_MET
    assert len(result.missing) == 1 and "培养期任务二" in result.missing[0]
    archive(leader.teacher, "open_lesson", "district", dt.date(2025, 12, 1), world.user("A.admin"))
    assert _tasks(world).status == ResultStatus.MET


def test_xb23_tasks_paper_below_the_category_level_does_not_count(
    world: World, cohort: Cohort
) -> None:
    """XB23-TASKS task 4: a 带头人 needs 市级 or above — a 区级 paper is not enough; for a
    中青年骨干 区级 is enough."""
    leader = join(world, cohort, "A1", 0, LEADER)
    fill(world, leader, skip=("T4",))
    archive(leader.teacher, "paper", "district", dt.date(2025, 3, 1), world.user("A.admin"))
    sessions(world, 1, [(leader.teacher, 1)])
    result = _tasks(world)
    assert result.status == ResultStatus.PARTLY_MET
    assert (
        "培养期任务四 论文发表或获奖（0 项，要求市级及以上论文发表或获奖 ≥1 项）"
        in result.missing[0]
    )


def test_xb23_tasks_a_school_face_course_is_the_backbone_alternative(
    world: World, cohort: Cohort
) -> None:
    """XB23-TASKS task 5: a 中青年骨干 may develop a school face-to-face course instead;
    a 带头人 may not."""
    backbone, leader = join(world, cohort, "A1", 1, BACKBONE), join(world, cohort, "A2", 0, LEADER)
    for member in (backbone, leader):
        fill(world, member, skip=("T5",))
        course(
            hosted(member.teacher, world.user("A.admin"), on=dt.date(2025, 9, 1)),
            CourseForm.SCHOOL_FACE,
        )
    sessions(world, 1, [(backbone.teacher, 1), (leader.teacher, 1)])
    assert _tasks(world, "A1").status == ResultStatus.MET
    result = _tasks(world, "A2")
    assert result.status == ResultStatus.PARTLY_MET
    assert "任务五" in result.missing[0]


def test_xb23_tasks_t1_three_of_five_sessions_is_below_the_share(
    world: World, cohort: Cohort
) -> None:
    """XB23-TASKS task 1 (reading 0.8, 解释): 3 of 5 sessions is short, 4 of 5 is enough."""
    a, b = join(world, cohort, "A1", 0, BACKBONE), join(world, cohort, "A2", 0, BACKBONE)
    fill(world, a)
    fill(world, b)
    sessions(world, 5, [(a.teacher, 3), (b.teacher, 4)])
    result = _tasks(world, "A1")
    assert result.status == ResultStatus.PARTLY_MET
    assert "培养期任务一 参加区级专题培训（参加 3/5 次" in result.missing[0]
    assert _tasks(world, "A2").status == ResultStatus.MET


def test_xb23_tasks_nothing_done_is_not_met_and_no_year_ended_is_not_yet_due(
    world: World, cohort: Cohort
) -> None:
    join(world, cohort, "A1", 0, BACKBONE)
    assert _tasks(world).status == ResultStatus.NOT_MET
    early = _tasks(world, as_of=dt.date(2024, 3, 1), year=2023)
    assert early.status == ResultStatus.NOT_YET_DUE


def test_xb23_tasks_a_year_judged_only_for_a_member_there_at_its_end(
    world: World, cohort: Cohort
) -> None:
    """XB23-TASKS: a member who withdrew in 2024 is judged on 2023 alone."""
    member = join(world, cohort, "A1", 0, BACKBONE)
    fill(world, member)
    type(member).objects.filter(pk=member.pk).update(
        left_on=dt.date(2024, 12, 31), leave_reason=LeaveReason.WITHDRAWN
    )
    result = _tasks(world)
    assert result.status == ResultStatus.MET  # 2023's tasks done; the cohort's not judged


def test_xb23_tasks_queries_do_not_grow_with_members(world: World, cohort: Cohort) -> None:
    join(world, cohort, "A1", 0, LEADER)
    with CaptureQueriesContext(connection) as one:
        _tasks(world)
    for key, n in (("A1", 1), ("A1", 2), ("A2", 0), ("A2", 1)):
        join(world, cohort, key, n, BACKBONE)
    with CaptureQueriesContext(connection) as five:
        _tasks(world)
    assert len(five) == len(one)


def test_xb23_tasks_and_cohort_run_in_the_engine(world: World, cohort: Cohort) -> None:
    join(world, cohort, "A1", 0, LEADER)
    district = world.districts["A"]
    schools = list(School.objects.filter(district=district).order_by("code"))
    rows = engine.evaluate(district=district, school_year=2025, schools=schools, as_of=AFTER)
    codes = {
        r.indicator.code: r.outcome.status for r in rows if r.indicator.code.startswith("XB23-")
    }
    assert codes["XB23-TASKS"] != ResultStatus.NO_DATA
    assert codes["XB23-COHORT"] != ResultStatus.NO_DATA


def _cohort_outcome(world: World, **kw: Any) -> Outcome:
    return _run(world, "XB23-COHORT", **kw)[None]


def test_xb23_cohort_without_a_registered_cohort_is_not_met(world: World) -> None:
    cohort_world(world).delete()
    result = _cohort_outcome(world)
    assert result.status == ResultStatus.NOT_MET
    assert result.missing == ["尚未在系统中登记 2023-09-01 至 2026-06-30 的骨干培养周期"]


def test_xb23_cohort_during_the_cohort_members_registered_is_met(
    world: World, cohort: Cohort
) -> None:
    assert (
        _cohort_outcome(world, as_of=dt.date(2025, 1, 1), year=2024).status == ResultStatus.NOT_MET
    )
    join(world, cohort, "A1", 0, LEADER)
    result = _cohort_outcome(world, as_of=dt.date(2026, 6, 30), year=2025)  # its last day
    assert result.status == ResultStatus.MET
    assert result.value == "2023届骨干：骨干 1 名（带头人 1 名、中青年骨干 0 名）"


def test_xb23_cohort_after_its_end_term_end_results_missing_are_named(
    world: World, cohort: Cohort
) -> None:
    a, b = join(world, cohort, "A1", 0, LEADER), join(world, cohort, "A2", 0, BACKBONE)
    Assessment.objects.create(
        member=a,
        district_id=a.district_id,
        school_id=a.school_id,
        kind=AssessmentKind.TERM_END,
        school_year=2025,
        result=Result.PASS,
        assessed_on=dt.date(2026, 6, 20),
        entered_by=world.user("A.admin"),
    )
    result = _cohort_outcome(world)
    assert result.status == ResultStatus.PARTLY_MET
    assert result.missing == [f"{b.school.name} {b.teacher.name}：尚无届满考核结果"]
