"""XB23-ALLOWANCE (`backbone.allowance`): every member paid every ended month of the year
inside the cohort and their membership, by the end of the following month (the pack's
reading, 解释); nothing in a suspended year; bonuses paid. School year 2025 (2025-09 …
2026-08; the cohort ends 2026-06-30, so 10 months) judged on 2026-08-31."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from apps.backbone.models import BackboneMember
from apps.compliance import engine
from apps.compliance import packs as pack_data
from apps.compliance.models import Indicator, ResultStatus
from apps.compliance.registry import Context, Outcome, get
from apps.core.schoolyear import school_year
from apps.tenancy.models import School
from tests.backbone.allowance.rows import bonus, cohort_world, pay, pay_bonus_row, pay_span, suspend
from tests.personas import World

Rows = dict[str, Any]
YEAR, END = 2025, dt.date(2026, 8, 31)
SEP, JUN = dt.date(2025, 9, 1), dt.date(2026, 6, 1)


@pytest.fixture
def rows(world: World) -> dict[str, Any]:
    return cohort_world(world)


def _judge(world: World, *, year: int = YEAR, as_of: dt.date = END,
           schools: list[str] = ("A1",)) -> dict[Any, Outcome]:  # type: ignore[assignment]  # fmt: skip
    district = world.districts["A"]
    indicator = Indicator.objects.filter(code="XB23-ALLOWANCE").order_by("-pack__version").first()
    assert indicator is not None and indicator.evaluator == "backbone.allowance"
    values = pack_data.resolved_parameters(district, pack_data.active_packs(district))
    params = pack_data.resolve(indicator.params, values[indicator.pack.code])
    ctx = Context(district=district, school_year=year, period=school_year(year), as_of=as_of)
    found = [world.schools[k].school for k in schools]
    return get(indicator.evaluator).func(ctx, indicator, params, found)


def _a1(world: World, **kw: Any) -> Outcome:
    return _judge(world, **kw)[world.schools["A1"].school.pk]


def _all_paid(rows: dict[str, Any]) -> None:
    pay_span(rows["leader"], SEP, JUN)
    pay_span(rows["backbone"], SEP, JUN)


def test_xb23_allowance_every_month_paid_on_time_is_met(world: World, rows: Rows) -> None:
    _all_paid(rows)
    result = _a1(world)
    assert result.status == ResultStatus.MET
    assert result.value == "按时发放 20/20 项（月度津贴与奖金）"
    assert "解释" in result.target and result.missing == []


def test_xb23_allowance_paid_on_the_last_allowed_day_is_on_time(world: World, rows: Rows) -> None:
    """The September allowance paid on 31 October (the end of the following month)."""
    _all_paid(rows)
    rows["leader"].payments.filter(month=SEP).update(paid_on=dt.date(2025, 10, 31))
    assert _a1(world).status == ResultStatus.MET


def test_xb23_allowance_paid_the_day_after_is_late_partly_met(world: World, rows: Rows) -> None:
    _all_paid(rows)
    rows["leader"].payments.filter(month=SEP).update(paid_on=dt.date(2025, 11, 1))
    result = _a1(world)
    name = rows["leader"].teacher.name
    assert result.status == ResultStatus.PARTLY_MET
    assert result.value == "按时发放 19/20 项（月度津贴与奖金）"
    assert result.missing == [f"{name} 2025-09：逾期发放（2025-11-01，应于 2025-10-31 前）"]


def test_xb23_allowance_months_missing_name_member_and_month(world: World, rows: Rows) -> None:
    pay_span(rows["leader"], SEP, JUN)
    pay_span(rows["backbone"], SEP, dt.date(2026, 4, 1))
    result = _a1(world)
    name = rows["backbone"].teacher.name
    assert result.status == ResultStatus.PARTLY_MET
    assert result.missing == [f"{name} 2026-05：未发放", f"{name} 2026-06：未发放"]


def test_xb23_allowance_nothing_paid_is_not_met(world: World, rows: Rows) -> None:
    result = _a1(world)
    assert result.status == ResultStatus.NOT_MET
    assert len(result.missing) == 20


def test_xb23_allowance_unpaid_month_before_its_deadline_is_not_judged(
    world: World, rows: Rows
) -> None:
    """On 31 October September is still payable: not yet due; on 1 November it is owed."""
    assert _a1(world, as_of=dt.date(2025, 10, 31)).status == ResultStatus.NOT_YET_DUE
    late = _a1(world, as_of=dt.date(2025, 11, 1))
    assert late.status == ResultStatus.NOT_MET
    assert late.value == "按时发放 0/2 项（月度津贴与奖金）"


def test_xb23_allowance_suspended_year_expects_no_payment(world: World, rows: Rows) -> None:
    """XB23-ASSESS: the backbone member's 2025 allowance is suspended — no month is owed,
    the note says so; a month paid anyway is named."""
    pay_span(rows["leader"], SEP, JUN)
    suspend(rows["backbone"], YEAR)
    result = _a1(world)
    name = rows["backbone"].teacher.name
    assert result.status == ResultStatus.MET
    assert result.value == "按时发放 10/10 项（月度津贴与奖金）"
    assert result.note == f"{name}2025学年暂停发放津贴。"
    pay(rows["backbone"], dt.date(2025, 10, 1))
    result = _a1(world)
    assert result.status == ResultStatus.PARTLY_MET
    assert result.missing == [f"{name} 2025-10：暂停发放学年仍发放了津贴"]


def test_xb23_allowance_membership_bounds_the_months(world: World, rows: Rows) -> None:
    """A member who joined on 15 March 2026 is owed March (part of it) to June only."""
    pay_span(rows["leader"], SEP, JUN)
    rows["backbone"].joined_on = dt.date(2026, 3, 15)
    rows["backbone"].save(update_fields=["joined_on"])
    pay_span(rows["backbone"], dt.date(2026, 3, 1), JUN)
    result = _a1(world)
    assert (result.status, result.value) == (
        ResultStatus.MET,
        "按时发放 14/14 项（月度津贴与奖金）",
    )


def test_xb23_allowance_bonus_unpaid_then_paid(world: World, rows: Rows) -> None:
    """An 优秀 bonus decided on 2026-07-10 is owed by 2026-08-31 (same reading)."""
    _all_paid(rows)
    item = bonus(rows["leader"], 2025, on=dt.date(2026, 7, 10))
    result = _a1(world, as_of=dt.date(2026, 9, 1))
    assert result.status == ResultStatus.PARTLY_MET
    assert result.missing == [f"{rows['leader'].teacher.name} 2025学年优秀奖金：未发放"]
    pay_bonus_row(item, dt.date(2026, 8, 31))
    assert _a1(world, as_of=dt.date(2026, 9, 1)).status == ResultStatus.MET


def test_xb23_allowance_school_without_members_is_not_applicable(world: World) -> None:
    cohort_world(world)
    BackboneMember.objects.filter(school=world.schools["A1"].school).delete()
    assert _a1(world).status == ResultStatus.NOT_APPLICABLE


def test_xb23_allowance_query_count_does_not_grow_with_schools(world: World, rows: Rows) -> None:
    _all_paid(rows)
    pay_span(rows["other"], SEP, JUN)
    with CaptureQueriesContext(connection) as one:
        _judge(world, schools=["A1"])
    with CaptureQueriesContext(connection) as two:
        outcomes = _judge(world, schools=["A1", "A2"])
    assert len(two) == len(one)
    assert outcomes[world.schools["A2"].school.pk].status == ResultStatus.MET


def test_xb23_allowance_through_the_engine(world: World, rows: Rows) -> None:
    _all_paid(rows)
    district = world.districts["A"]
    schools = list(School.objects.filter(district=district).order_by("code"))
    found = engine.evaluate(district=district, school_year=YEAR, schools=schools, as_of=END)
    mine = [r for r in found if r.indicator.code == "XB23-ALLOWANCE"]
    by_school = {r.school_id: r.outcome.status for r in mine}
    assert by_school[world.schools["A1"].school.pk] == ResultStatus.MET
    assert by_school[world.schools["A2"].school.pk] == ResultStatus.NOT_MET
