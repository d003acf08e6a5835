"""Rows for the cohort tests: district A on the backbone pack with the 2023届 cohort, and
records that fill (or do not fill) a member's five tasks, written straight to the models
the product keeps them in (archive, studios, district training)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from apps.backbone.models import BackboneMember, Category, Cohort
from apps.people.models import Teacher
from apps.studios.models import CourseForm, HostKind, Outcome, OutcomeKind, Team, TeamKind
from apps.training import services as training_services
from apps.training.models import ArchiveEntry, TrainingActivity
from tests.backbone.factories import make_cohort, make_member
from tests.personas import World
from tests.studios.rows_evals import on_packs

YEARS = (2023, 2024, 2025)
AFTER = dt.date(2026, 8, 31)  # the cohort (→ 2026-06-30) and all its years have ended


def cohort_world(world: World) -> Cohort:
    on_packs(world, ["xuhui-2026", "xuhui-backbone-2023"])
    return make_cohort(district=world.districts["A"], by=world.user("A.admin"))


def join(world: World, cohort: Cohort, key: str, n: int, category: str) -> BackboneMember:
    teacher = world.schools[key].teachers[n]
    return make_member(cohort=cohort, teacher=teacher, by=world.user("A.admin"), category=category)


def archive(teacher: Teacher, kind: str, level: str, day: dt.date, by: Any) -> ArchiveEntry:
    return ArchiveEntry.objects.create(
        teacher=teacher,
        school_id=teacher.school_id,
        district_id=teacher.district_id,
        kind=kind,
        level=level,
        title=f"{kind}-{level}-{day}",
        date=day,
        created_by=by,
    )


def hosted(teacher: Teacher, by: Any, *, on: dt.date = dt.date(2023, 9, 1), **extra: Any) -> Team:
    return Team.objects.create(
        district_id=teacher.district_id,
        school_id=teacher.school_id,
        kind=TeamKind.STUDIO,
        name=f"{teacher.name}工作室",
        host=teacher,
        host_kind=HostKind.SENIOR,
        established_on=on,
        created_by=by,
        **extra,
    )


def course(team: Team, form: str = CourseForm.DISTRICT_ONLINE) -> Outcome:
    return Outcome.objects.create(
        team=team,
        kind=OutcomeKind.COURSE,
        title="研修课程",
        completed_on=dt.date(2026, 5, 1),
        course_form=form,
        course_hours=Decimal(10),
        recorded_by=team.created_by,
    )


def sessions(
    world: World, n: int, attended_by: list[tuple[Teacher, int]]
) -> list[TrainingActivity]:
    """`n` district backbone sessions in the cohort; each (teacher, k) attends the first k."""
    admin = world.user("A.admin")
    made = [
        training_services.activity_create(
            district=world.districts["A"],
            school=None,
            actor=admin,
            title=f"区级骨干专题培训{i + 1}",
            topic="骨干班主任的课题研究方法",
            date=dt.date(2024, 3, 1 + i),
            hours=Decimal(3),
            form="lecture",
            credit_class="lecture",
            layer="backbone",
            organiser_level="district",
        )
        for i in range(n)
    ]
    for teacher, k in attended_by:
        for activity in made[:k]:
            training_services.attendance_record(activity=activity, teachers=[teacher], actor=admin)
    return made


def fill(world: World, member: BackboneMember, *, skip: tuple[str, ...] = ()) -> None:
    """Exactly the thresholds of the member's category for every task (T1 aside: see
    `sessions`), but those named in `skip` (e.g. "T3:2024", "T4", "T2:cohort")."""
    teacher, by = member.teacher, world.user("A.admin")
    leader = member.category == Category.LEADER
    for year in YEARS:
        day = dt.date(year, 11, 15)
        if f"T2:{year}" not in skip:
            archive(teacher, "open_lesson", "school", day, by)
        if f"T3:{year}" not in skip:
            for _n in range(2 if leader else 1):
                archive(teacher, "mentoring", "school", day, by)
    if leader and "T2:cohort" not in skip:
        archive(teacher, "lecture", "district", dt.date(2024, 4, 1), by)
    if "T4" not in skip:
        archive(teacher, "paper", "city" if leader else "district", dt.date(2025, 3, 1), by)
    if "T5" not in skip:
        course(hosted(teacher, by, on=dt.date(2025, 9, 1), ended_on=dt.date(2026, 6, 1)))
