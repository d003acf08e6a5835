"""Demo training records: this school year's school-based sessions (a research session
most months — a few schools miss one), attendance of the homeroom teachers, a joint
session with 思政课 teachers in some schools, cadre training, external training records
(verified, and one waiting for the demo teacher's school), and a few archive entries."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from apps.core.schoolyear import school_year, today
from apps.people.models import AssignmentRole, Teacher
from apps.tenancy.models import District, School

from . import services
from .models import AchievementKind, AchievementLevel, ArchiveEntry, LedgerEntry

MINUTES = (
    "围绕本月班级管理中的典型问题开展研讨：先由主讲班主任介绍案例背景与处理过程，"
    "再分组分析成因、比较干预策略，最后形成可在各班试行的改进要点，并约定下月交流实施情况。"
)
TOPICS = (
    "新生适应期的班级常规建设",
    "学生同伴冲突的成因与干预",
    "家校沟通中的分歧处理",
    "学困生的激励与个别化辅导",
    "班干部培养与班级自治",
    "网络使用与学生心理健康",
)


def _month_days(year: int) -> list[dt.date]:
    """The 10th of every month of the school year up to today."""
    period = school_year(year)
    days = []
    day = dt.date(period.start.year, period.start.month, 10)
    while day <= min(today(), period.end):
        days.append(day)
        day = dt.date(day.year + (day.month == 12), day.month % 12 + 1, 10)
    return days


def seed_training_demo(
    *, district: District, year: int, leader_of: Callable[[School], Any]
) -> None:
    """Once per district and year (skipped when the district already has ledger rows);
    each school's records are made by `leader_of(school)`. Called by `apps.demo.seed`."""
    if LedgerEntry.objects.filter(district=district, school_year=year).exists():
        return
    for index, school in enumerate(district.schools.order_by("code")):
        leader = leader_of(school)
        homeroom = list(
            Teacher.objects.for_school(school)
            .filter(assignments__school_year=year, assignments__role=AssignmentRole.HOMEROOM)
            .distinct()
            .order_by("employee_no")
        )
        if not homeroom:
            continue
        demo = _SchoolDemo(
            district=district,
            school=school,
            index=index,
            leader=leader,
            homeroom=homeroom,
            days=_month_days(year),
        )
        _research_sessions(demo)
        _cadre_training(demo)
        _external_records(demo)
        _archive_entries(demo)
    _pending_for_demo_teacher(district, year)


@dataclass(frozen=True)
class _SchoolDemo:
    district: District
    school: School
    index: int  # the school's place in the district, by code
    leader: Any
    homeroom: list[Teacher]  # this year's homeroom teachers
    days: list[dt.date]  # the 10th of every month so far


def _research_sessions(demo: _SchoolDemo) -> None:
    """A research session every month (a few schools miss the last), with some absences."""
    for month_index, day in enumerate(demo.days):
        if demo.index % 4 == 3 and month_index == len(demo.days) - 1:
            continue  # some schools have not held this month's session yet
        activity = services.activity_create(
            district=demo.district,
            school=demo.school,
            actor=demo.leader,
            title=f"{day.month}月班主任校本研修",
            topic=TOPICS[(demo.index + month_index) % len(TOPICS)],
            date=day,
            hours=Decimal(3),
            form="case" if month_index % 2 else "discussion",
            credit_class="practice" if month_index % 2 else "lecture",
            module="class_collective",
            is_research_session=True,
            is_joint_ideological=demo.index % 2 == 0 and month_index == 1,
            minutes=MINUTES,
        )
        present = [t for n, t in enumerate(demo.homeroom) if (n + month_index) % 7]
        services.attendance_record(activity=activity, teachers=present, actor=demo.leader)


def _cadre_training(demo: _SchoolDemo) -> None:
    """Cadre training for two moral-education cadres, in two schools of three."""
    cadres = list(Teacher.objects.for_school(demo.school).filter(is_moral_cadre=True))
    if not cadres or demo.index % 3 == 2:
        return
    activity = services.activity_create(
        district=demo.district,
        school=demo.school,
        actor=demo.leader,
        title="德育干部专题培训（区级集中）",
        topic="德育干部的育人理念与实务能力",
        date=demo.days[0] + dt.timedelta(days=5),
        hours=Decimal(6),
        form="lecture",
        credit_class="lecture",
        is_cadre_training=True,
        minutes=MINUTES,
    )
    services.attendance_record(activity=activity, teachers=cadres[:2], actor=demo.leader)


def _external_records(demo: _SchoolDemo) -> None:
    """A verified city training for the first three homeroom teachers other than the
    leader (a leader who also teaches never verifies their own hours)."""
    colleagues = [t for t in demo.homeroom if t.user_id is None or t.user_id != demo.leader.pk]
    for teacher in colleagues[:3]:
        record = services.external_submit(
            teacher=teacher,
            actor=demo.leader,
            title="市级班主任心理健康教育专题网络培训",
            organiser="市教育委员会",
            organiser_level="city",
            date=demo.days[0] + dt.timedelta(days=12),
            hours=Decimal(8),
            credit_class="lecture",
        )
        services.external_review(record=record, reviewer=demo.leader, verify=True)


def _archive_entries(demo: _SchoolDemo) -> None:
    """Open lessons and awards for two homeroom teachers in three."""
    ArchiveEntry.objects.bulk_create(
        ArchiveEntry(
            school=demo.school,
            district_id=demo.district.pk,
            teacher=teacher,
            kind=AchievementKind.OPEN_LESSON if n % 2 else AchievementKind.AWARD,
            level=AchievementLevel.DISTRICT if n % 3 else AchievementLevel.SCHOOL,
            title="主题班会展示课" if n % 2 else "校级优秀班主任",
            date=demo.days[0],
            created_by=demo.leader,
        )
        for n, teacher in enumerate(demo.homeroom)
        if n % 3 != 1
    )


def _pending_for_demo_teacher(district: District, year: int) -> None:
    """The demo teacher has one record waiting for verification (学时审定 queue)."""
    teacher = Teacher.objects.filter(district=district, user__username__endswith="_teacher").first()
    if teacher is None or teacher.user is None:
        return
    services.external_submit(
        teacher=teacher,
        actor=teacher.user,
        title="区级班主任基本功展示观摩",
        organiser=f"{district.name}教育学院",
        organiser_level="district",
        date=_month_days(year)[-1],
        hours=Decimal(4),
        credit_class="practice",
        note="观摩区级班主任基本功展示并提交观摩报告。",
    )
