"""The pool topic's report rows (district: per year and level by status with the running
total of distinct persons; school: its teachers' honours, entries and rungs) and its due
sources (waiting for the school's recommendation, then for the district's review)."""

from __future__ import annotations

import datetime as dt

import pytest

from apps.backbone.models import FamousLevel, Honour, PoolStatus
from apps.backbone.selectors.pool_reports import (
    DISTRICT_REPORT_HEADERS,
    SCHOOL_REPORT_HEADERS,
    district_report_rows,
    school_report_rows,
)
from apps.core.todo import due_source_names
from apps.people.models import Teacher
from apps.reports.selectors.due_backbone_pool import pool_to_recommend, pool_to_review
from apps.tenancy.models import Membership, Role
from tests.backbone.factories import make_honour
from tests.backbone.pool.rows import make_entry
from tests.personas import World

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 12, 4)


def _pool(world: World) -> None:
    a1 = list(Teacher.objects.filter(school=world.schools["A1"].school).order_by("pk"))
    a2 = world.schools["A2"].teachers
    assert a1[0].pk == world.schools["A1"].teachers[0].pk and a1[0].user is not None
    leader, rev = world.user("A1.leader"), world.user("A.reviewer")
    make_entry(
        teacher=a1[0],
        by=a1[0].user,
        year=2025,
        status=PoolStatus.ELECTED,
        level=FamousLevel.CITY,
        recommender=leader,
        reviewer=rev,
    )
    make_entry(
        teacher=a1[1],
        by=leader,
        year=2025,
        status=PoolStatus.REJECTED,
        recommender=leader,
        reviewer=rev,
    )
    make_entry(teacher=a1[0], by=a1[0].user, year=2026)  # waiting for A1's leader
    make_entry(
        teacher=a2[0],
        by=world.user("A2.leader"),
        year=2026,
        status=PoolStatus.RECOMMENDED,
        recommender=world.user("A2.leader"),
    )
    make_entry(teacher=world.schools["B1"].teachers[0], by=world.user("B1.leader"), year=2026)


def test_xb_pool_district_report_rows_per_year_and_level(world: World) -> None:
    _pool(world)
    rows = district_report_rows(district=world.districts["A"], year=2026)
    assert len(DISTRICT_REPORT_HEADERS) == len(rows[0])
    assert rows == [
        [2025, "市级名班主任", 1, 0, 0, 0, 0, 1, 1],
        [2025, "区级名班主任", 1, 0, 0, 0, 1, 0, 1],
        [2026, "区级名班主任", 2, 1, 0, 1, 0, 0, 1],
    ]


def test_pool_school_report_rows_name_honours_entries_and_rungs(world: World) -> None:
    _pool(world)
    teacher = world.schools["A1"].teachers[0]
    make_honour(
        teacher=teacher,
        honour=Honour.CITY_SENIOR,
        by=world.user("A1.leader"),
        on=dt.date(2024, 1, 1),
    )
    rows = school_report_rows(school=world.schools["A1"].school, year=2026)
    mine = next(r for r in rows if r[0] == teacher.name)
    assert len(mine) == len(SCHOOL_REPORT_HEADERS)
    assert mine[1] == "市高级班主任"
    assert mine[2] == "2025 市级名班主任 已入选人才库；2026 区级名班主任 个人已申报"
    assert world.schools["A2"].teachers[0].name not in {r[0] for r in rows}


def test_xb_pool_due_items_go_to_the_schools_leader_then_to_the_district(world: World) -> None:
    _pool(world)
    assert {"backbone.pool_to_recommend", "backbone.pool_to_review"} <= set(due_source_names())
    leaders = list(Membership.objects.filter(role=Role.SCHOOL_LEADER))
    items = pool_to_recommend(holdings=leaders, today=TODAY)
    by_user = {(i.user_id, i.school_id) for i in items}
    a1, b1 = world.schools["A1"], world.schools["B1"]
    assert by_user == {
        (world.user("A1.leader").pk, a1.school.pk),
        (world.user("B1.leader").pk, b1.school.pk),
    }
    mine = next(i for i in items if i.school_id == a1.school.pk)
    assert "待学校推荐" in mine.title and f"/s/{a1.school.pk}/" in mine.link
    staff = list(Membership.objects.filter(role__in=[Role.DISTRICT_ADMIN, Role.DISTRICT_REVIEWER]))
    review = pool_to_review(holdings=staff, today=TODAY)
    assert {i.user_id for i in review} == {world.user("A.admin").pk, world.user("A.reviewer").pk}
    assert all(i.school_id == world.schools["A2"].school.pk for i in review)
    assert b1.school.pk not in {i.school_id for i in review}
