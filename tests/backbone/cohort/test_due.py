"""The cohort's due sources: the school's leader is told of entries waiting for review,
a member teacher of their tasks still missing this school year — only in districts
holding the backbone pack; the query count does not grow with the holdings."""

from __future__ import annotations

import datetime as dt

from django.db import connection
from django.test.utils import CaptureQueriesContext

from apps.backbone.models import Category
from apps.reports.selectors.due_backbone_cohort import entries_to_review, tasks_missing
from apps.tenancy.models import Membership, Role
from tests.backbone.cohort.rows import cohort_world, join
from tests.backbone.cohort.rows_matrix import waiting_entry
from tests.personas import World

DAY = dt.date(2025, 3, 10)  # inside the cohort's school year 2024


def _holdings(world: World, role: str) -> list[Membership]:
    return list(Membership.objects.filter(role=role, district=world.districts["A"]).order_by("pk"))


def test_the_leader_is_told_of_a_waiting_entry_and_the_teacher_of_missing_tasks(
    world: World,
) -> None:
    cohort = cohort_world(world)
    entry = waiting_entry(world.schools["A1"])
    leaders = entries_to_review(holdings=_holdings(world, Role.SCHOOL_LEADER), today=DAY)
    assert [(i.user_id, i.key) for i in leaders] == [
        (world.user("A1.leader").pk, f"pending:backbone.taskentry:{entry.pk}")
    ]
    teachers = tasks_missing(holdings=_holdings(world, Role.TEACHER), today=DAY)
    mine = [i for i in teachers if i.user_id == world.user("A1.teacher").pk]
    assert len(mine) == 1
    assert (
        mine[0].title
        == "本学年骨干任务未完成：任务二 公开教学或学术交流、任务三 指导团队或培养教师"
    )
    assert cohort.pk  # the cohort's pack is the district's


def test_nothing_is_due_in_a_district_without_the_pack(world: World) -> None:
    cohort_world(world)
    waiting_entry(world.schools["A1"])
    district = world.districts["A"]
    district.policy_packs = ["xuhui-2026"]
    district.save(update_fields=["policy_packs"])
    assert entries_to_review(holdings=_holdings(world, Role.SCHOOL_LEADER), today=DAY) == []
    assert tasks_missing(holdings=_holdings(world, Role.TEACHER), today=DAY) == []


def test_due_queries_do_not_grow_with_members(world: World) -> None:
    cohort = cohort_world(world)
    join(world, cohort, "A1", 0, Category.BACKBONE)
    with CaptureQueriesContext(connection) as one:
        tasks_missing(holdings=_holdings(world, Role.TEACHER), today=DAY)
    join(world, cohort, "A2", 0, Category.LEADER)
    with CaptureQueriesContext(connection) as two:
        tasks_missing(holdings=_holdings(world, Role.TEACHER), today=DAY)
    assert len(two) == len(one)
