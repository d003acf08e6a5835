"""Helpers of the evaluator tests that judge a whole past school year (2025: 2025-09-01 …
2026-08-31): homeroom teachers for that year, one indicator's outcome for one school, and
district activities and verified external hours recorded through the services."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from apps.compliance import engine
from apps.compliance.registry import Outcome
from apps.people.models import AssignmentRole, HomeroomAssignment, SchoolClass, Teacher
from apps.tenancy.models import School
from apps.training import services
from apps.training.models import TrainingActivity
from tests.personas import World

YEAR = 2025
END = dt.date(2026, 8, 31)  # the year's last day: every per-year rule is judged
DECEMBER = dt.date(2025, 12, 2)  # in the middle of the year


def staff_year(world: World, key: str, count: int = 2) -> list[Teacher]:
    """School `key`'s first `count` teachers as homeroom teachers of a 2025 class each."""
    sd = world.schools[key]
    for index, teacher in enumerate(sd.teachers[:count]):
        school_class = SchoolClass.objects.create(
            school=sd.school,
            district_id=sd.school.district_id,
            school_year=YEAR,
            grade=3 + index,
            name="甲班",
        )
        HomeroomAssignment.objects.create(
            school=sd.school,
            district_id=sd.school.district_id,
            teacher=teacher,
            school_class=school_class,
            school_year=YEAR,
            role=AssignmentRole.HOMEROOM,
        )
    return sd.teachers[:count]


def outcome(
    world: World, district_key: str, school_key: str, code: str, as_of: dt.date = END
) -> Outcome:
    district = world.districts[district_key]
    schools = list(School.objects.filter(district=district).order_by("code"))
    rows = engine.evaluate(district=district, school_year=YEAR, schools=schools, as_of=as_of)
    school = world.schools[school_key].school
    return next(r.outcome for r in rows if r.indicator.code == code and r.school_id == school.pk)


def district_session(
    world: World,
    district_key: str,
    teachers: list[Teacher],
    *,
    day: dt.date,
    hours: str = "4",
    **fields: str,
) -> TrainingActivity:
    """A district-organised activity (school null) attended by `teachers`."""
    admin = world.user(f"{district_key}.admin")
    activity = services.activity_create(
        district=world.districts[district_key],
        school=None,
        actor=admin,
        title=fields.pop("title", "区级班主任专题培训"),
        topic=fields.pop("topic", "班级建设的难点与对策"),
        date=day,
        hours=Decimal(hours),
        form="lecture",
        credit_class="lecture",
        organiser_level="district",
        **fields,
    )
    services.attendance_record(activity=activity, teachers=teachers, actor=admin)
    return activity


def verified_external(
    world: World, key: str, teacher: Teacher, *, day: dt.date, hours: str
) -> None:
    """City-level training the teacher logged and the school's leader verified."""
    leader = world.user(f"{key}.leader")
    record = services.external_submit(
        teacher=teacher,
        actor=leader,
        title="市级班主任专题网络培训",
        organiser="市教育委员会",
        organiser_level="city",
        date=day,
        hours=Decimal(hours),
        credit_class="lecture",
    )
    services.external_review(record=record, reviewer=leader, verify=True)
