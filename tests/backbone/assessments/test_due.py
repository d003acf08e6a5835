"""XB23-ASSESS 待办: a warning without a plan reaches the member and their school's leader
(逾期 once past its deadline) and stops once a plan is filed; the district is told of the
plan to review and of the results still to enter."""

from __future__ import annotations

import datetime as dt

import pytest

from apps.backbone.models import Result
from apps.backbone.selectors.assessments import DISTRICT_REPORT_HEADERS, district_report_rows
from apps.backbone.services.rectifications import rectification_file
from apps.reports.selectors.due_backbone_assessments import assessments_district, plans_due
from apps.tenancy.models import Membership
from tests.backbone.assessments.rows import PDF, cohort_world, enter
from tests.personas import World

pytestmark = pytest.mark.django_db


def _holdings(world: World, *keys: str) -> list[Membership]:
    users = [world.user(k) for k in keys]
    return list(Membership.objects.filter(user__in=users))


def test_xb23_assess_a_warning_without_a_plan_is_due_for_the_member_and_the_school(
    world: World,
) -> None:
    _, member, _ = cohort_world(world)
    enter(world, member, 2023, Result.FAIL, on=dt.date(2024, 6, 20))
    holdings = _holdings(world, "A1.teacher", "A1.leader", "A2.leader")
    items = plans_due(holdings=holdings, today=dt.date(2026, 12, 4))
    assert sorted(i.user_id for i in items) == sorted(
        [world.user("A1.teacher").pk, world.user("A1.leader").pk]
    )
    assert all(
        i.title.startswith("整改方案已逾期") and i.due_on == dt.date(2024, 7, 20) for i in items
    )
    district = assessments_district(
        holdings=_holdings(world, "A.reviewer"), today=dt.date(2026, 12, 4)
    )
    assert [i.title for i in district] == ["骨干考核结果待录入：7 项"]  # 2×(3 years + term-end) − 1
    warning = member.consequences.get()
    rectification_file(actor=world.user("A1.leader"), warning=warning, summary="整改",
                       file_name="整改.pdf", data=PDF)  # fmt: skip
    assert plans_due(holdings=holdings, today=dt.date(2026, 12, 4)) == []
    titles = [
        i.title
        for i in assessments_district(
            holdings=_holdings(world, "A.reviewer"), today=dt.date(2026, 12, 4)
        )
    ]
    assert titles[0].startswith("待审核整改方案：")


def test_xb23_assess_district_report_rows_count_per_school(world: World) -> None:
    _, member, other = cohort_world(world)
    enter(world, member, 2023, Result.FAIL)
    enter(world, member, 2024, Result.FAIL)
    enter(world, other, 2023, Result.EXCELLENT)
    rows = district_report_rows(district=world.districts["A"], year=2026)
    assert DISTRICT_REPORT_HEADERS == ["学校", "考核结果", "不合格", "警告", "暂停津贴", "优秀奖金"]
    assert rows == [
        [world.schools["A1"].school.name, 2, 2, 1, 1, 0],
        [world.schools["A2"].school.name, 1, 0, 0, 0, 1],
    ]
