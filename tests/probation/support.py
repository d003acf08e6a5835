"""Probation rows for the persona world, made through the services: a trainee in a school
(a new teacher, no homeroom post yet), the ledger hours of their 8+32+X buckets, and the
three assessments. Plain functions (no fixtures), so any test module can use them."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from apps.compliance.packs import load_all
from apps.core.schoolyear import current_school_year, school_year
from apps.people.models import AssignmentRole, HomeroomAssignment, SchoolClass, Teacher
from apps.probation import services
from apps.probation.models import AssessmentLevel, Trainee
from apps.training import services as training_services
from apps.training.models import CreditClass, ProbationBucket
from tests.personas import World

MINUTES = "本次培训围绕新任班主任的班集体建设展开，导师示范并点评见习班主任的班会设计方案。"
YEAR = current_school_year()
START = school_year(YEAR).start  # 1 September of this school year: in the past


def on_xuhui(world: World) -> World:
    """The real packs, district A on xuhui-2026 (the probation rules)."""
    load_all()
    return world


def new_teacher(world: World, key: str, n: int, *, born: dt.date = dt.date(1999, 3, 1)) -> Teacher:
    """A teacher who started work last year and has never been a homeroom teacher."""
    sd = world.schools[key]
    return Teacher.objects.create(
        school=sd.school, district_id=sd.school.district_id, employee_no=f"MK-{key}-T{n}",
        name=f"见习{key}{n}", gender="F", birth_date=born, teaching_since=dt.date(2025, 8, 25),
    )  # fmt: skip


def mentor(world: World, key: str) -> Teacher:
    return world.schools[key].teachers[2]  # homeroom since 2014: 12 years


def trainee(world: World, key: str, n: int = 1, **fields: object) -> Trainee:
    teacher = fields.pop("teacher", None) or new_teacher(world, key, n)
    return services.trainee_create(
        school=world.schools[key].school, actor=world.user(f"{key}.leader"), teacher=teacher,
        started_on=fields.pop("started_on", START), mentor=fields.pop("mentor", mentor(world, key)),
        **fields,
    )  # type: ignore[arg-type]  # fmt: skip


def hours(world: World, trainee: Trainee, bucket: str, amount: str, *, day: dt.date) -> None:
    """School activities of the bucket worth `amount` hours in all (8 a day at most, on
    consecutive days from `day`), attended by the trainee."""
    key = next(k for k, sd in world.schools.items() if sd.school.pk == trainee.school_id)
    sd = world.schools[key]
    left, n = Decimal(amount), 0
    while left > 0:
        chunk = min(left, Decimal(8))
        activity = training_services.activity_create(
            district=sd.school.district, school=sd.school, actor=world.user(f"{key}.leader"),
            title=f"见习班主任培训（{ProbationBucket(bucket).label}）", topic="班集体建设",
            date=day + dt.timedelta(days=n), hours=chunk, form="lecture",
            credit_class=CreditClass.LECTURE, minutes=MINUTES, probation_bucket=bucket,
        )  # fmt: skip
        training_services.attendance_record(
            activity=activity, teachers=[trainee.teacher], actor=world.user(f"{key}.leader")
        )
        left, n = left - chunk, n + 1


def all_hours(world: World, trainee: Trainee, *, micro: str = "32") -> None:
    hours(world, trainee, ProbationBucket.DISTRICT, "8", day=START + dt.timedelta(days=10))
    hours(world, trainee, ProbationBucket.MICRO, micro, day=START + dt.timedelta(days=20))


def deputy_practice(world: World, key: str, trainee: Trainee) -> HomeroomAssignment:
    """XH26-DEPUTY: a training-track deputy post for the trainee (the first class)."""
    sd = world.schools[key]
    school_class: SchoolClass = sd.classes[0]
    return HomeroomAssignment.objects.create(
        school=sd.school, district_id=sd.school.district_id, teacher=trainee.teacher,
        school_class=school_class, school_year=school_class.school_year,
        role=AssignmentRole.DEPUTY_TRAINING,
    )  # fmt: skip


def school_assessments(world: World, key: str, trainee: Trainee, *, passed: bool = True) -> None:
    for level in (AssessmentLevel.SCHOOL_PROCESS, AssessmentLevel.ONDUTY_SKILLS):
        services.assessment_record(
            trainee=trainee, actor=world.user(f"{key}.leader"), level=level,
            assessed_on=START + dt.timedelta(days=40), passed=passed, assessor_name="德育处",
            comment="" if passed else "班会组织不够规范，需加强练习。",
        )  # fmt: skip


def graduate(world: World, key: str, trainee: Trainee, *, passed: bool = True) -> None:
    """The school's two assessments passed, sent on, and the district's result."""
    school_assessments(world, key, trainee)
    services.trainee_send_to_district(trainee=trainee, actor=world.user(f"{key}.leader"))
    services.assessment_record(
        trainee=trainee, actor=world.user(f"{key[0]}.reviewer"),
        level=AssessmentLevel.DISTRICT_GRADUATION, assessed_on=START + dt.timedelta(days=60),
        passed=passed, assessor_name="区德研室", comment="" if passed else "案例分析未达要求。",
    )  # fmt: skip


def overdue_trainee(world: World, key: str, n: int) -> Trainee:
    """A probation begun a year and more ago, never appointed: past its planned end."""
    return trainee(world, key, n, started_on=START.replace(year=START.year - 1))
