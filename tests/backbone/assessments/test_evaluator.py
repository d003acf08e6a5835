"""XB23-ASSESS (`backbone.assessments`, district scope) through the real pack: not yet due
before the first school year ends; met when every due result and consequence is there
and every overdue warning's plan is accepted; partly met naming what is missing; not
met with no result at all; the query count independent of the members."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from apps.backbone.models import Consequence, ConsequenceKind, Rectification, Result
from apps.backbone.services.rectifications import rectification_file, rectification_review
from apps.compliance import packs as pack_data
from apps.compliance.models import Indicator, ResultStatus
from apps.compliance.registry import Context, Outcome, get
from apps.core.schoolyear import school_year
from tests.backbone.assessments.rows import PDF, cohort_world, enter
from tests.backbone.factories import make_member
from tests.personas import World

pytestmark = pytest.mark.django_db


def _run(world: World, year: int, as_of: dt.date) -> Outcome:
    district = world.districts["A"]
    indicator = Indicator.objects.filter(code="XB23-ASSESS").order_by("-pack__version").first()
    assert indicator is not None
    values = pack_data.resolved_parameters(district, [indicator.pack])[indicator.pack.code]
    params: dict[str, Any] = pack_data.resolve(indicator.params, values)
    ctx = Context(district=district, school_year=year, period=school_year(year), as_of=as_of)
    return get(indicator.evaluator).func(ctx, indicator, params, [])[None]


def _all_pass(world: World, members: list[Any], years: list[int]) -> None:
    for m in members:
        for y in years:
            enter(world, m, y, Result.PASS)


def test_xb23_assess_is_not_yet_due_before_the_first_school_year_ends(world: World) -> None:
    cohort_world(world)
    assert _run(world, 2023, dt.date(2024, 8, 31)).status == ResultStatus.NOT_YET_DUE


def test_xb23_assess_no_result_entered_is_not_met_naming_each_missing(world: World) -> None:
    _, first, _ = cohort_world(world)
    outcome = _run(world, 2024, dt.date(2025, 9, 1))
    assert outcome.status == ResultStatus.NOT_MET
    assert f"2023届 {first.teacher.name}：缺2023学年度考核结果" in outcome.missing
    assert f"2023届 {first.teacher.name}：缺2024学年度考核结果" in outcome.missing


def test_xb23_assess_all_years_and_term_end_entered_is_met_and_a_missing_one_partly(
    world: World,
) -> None:
    _, first, second = cohort_world(world)
    _all_pass(world, [first, second], [2023, 2024, 2025])
    enter(world, first, None, Result.PASS, on=dt.date(2026, 7, 5))
    outcome = _run(world, 2026, dt.date(2026, 12, 4))
    assert outcome.status == ResultStatus.PARTLY_MET
    assert outcome.missing == [f"2023届 {second.teacher.name}：缺届满考核结果"]
    enter(world, second, None, Result.EXCELLENT, on=dt.date(2026, 7, 5))
    assert _run(world, 2026, dt.date(2026, 12, 4)).status == ResultStatus.MET


def test_xb23_assess_a_warning_is_fine_until_its_deadline_then_needs_an_accepted_plan(
    world: World,
) -> None:
    _, first, second = cohort_world(world)
    _all_pass(world, [second], [2023])
    enter(world, first, 2023, Result.FAIL, on=dt.date(2024, 6, 20))  # plan due 2024-07-20
    assert _run(world, 2023, dt.date(2024, 9, 1)).status == ResultStatus.PARTLY_MET
    # the deadline day itself is still in time
    assert _run(world, 2023, dt.date(2024, 7, 20)).status == ResultStatus.NOT_YET_DUE
    warning = Consequence.objects.get(member=first, kind=ConsequenceKind.WARNING)
    teacher = world.user("A1.teacher")
    plan = rectification_file(actor=teacher, warning=warning, summary="每周复盘班级管理",
                              file_name="整改.pdf", data=PDF)  # fmt: skip
    outcome = _run(world, 2023, dt.date(2024, 9, 1))
    assert outcome.status == ResultStatus.PARTLY_MET
    assert outcome.missing == [
        f"2023届 {first.teacher.name}：2023学年警告整改方案待审核（期限 2024-07-20）"
    ]
    rectification_review(rectification=plan, reviewer=world.user("A.reviewer"), accept=True)
    assert Rectification.objects.get().status == "accepted"
    assert _run(world, 2023, dt.date(2024, 9, 1)).status == ResultStatus.MET


def test_xb23_assess_a_missing_consequence_is_named(world: World) -> None:
    _, first, second = cohort_world(world)
    _all_pass(world, [second], [2023, 2024])
    enter(world, first, 2023, Result.PASS)
    enter(world, first, 2024, Result.EXCELLENT)
    Consequence.objects.filter(member=first, kind=ConsequenceKind.BONUS).delete()
    outcome = _run(world, 2024, dt.date(2025, 9, 1))
    assert outcome.status == ResultStatus.PARTLY_MET
    assert outcome.missing == [
        f"2023届 {first.teacher.name}：2024学年度考核优秀（XB23-ASSESS），未落实“优秀奖金”"
    ]


def test_xb23_assess_runs_in_a_fixed_number_of_queries(world: World) -> None:
    cohort, first, second = cohort_world(world)
    _all_pass(world, [first, second], [2023])
    with CaptureQueriesContext(connection) as few:
        _run(world, 2024, dt.date(2025, 9, 1))
    for teacher in world.schools["A1"].teachers[1:3]:
        make_member(cohort=cohort, teacher=teacher, by=world.user("A.admin"))
    enter(world, first, 2024, Result.FAIL)
    with CaptureQueriesContext(connection) as more:
        _run(world, 2024, dt.date(2025, 9, 1))
    assert len(more) == len(few)
