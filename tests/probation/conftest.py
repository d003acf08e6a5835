"""Probation fixtures: the persona world on real packs — district A on xuhui-2026 with
both its schools in the dual-track deputy project, district B on lishui-2015 — and
helpers that build the records a test needs."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from apps.compliance import engine
from apps.compliance.packs import load_all
from apps.compliance.registry import Outcome
from apps.core.schoolyear import current_school_year, today
from apps.people.models import AssignmentRole, HomeroomAssignment, SchoolClass, Teacher
from apps.tenancy.models import School
from tests.personas import SchoolData, World
from tests.probation.staffing_rows import accepted

YEAR = current_school_year()


@pytest.fixture
def probation_world(world: World) -> World:
    load_all()
    for key, packs in (("A", ["xuhui-2026"]), ("B", ["lishui-2015"])):
        world.districts[key].policy_packs = packs
        world.districts[key].save(update_fields=["policy_packs"])
    for key in ("A1", "A2"):
        school = world.schools[key].school
        school.featured_projects = ["dual_track_deputy"]
        school.save(update_fields=["featured_projects"])
    return world


def teacher(sd: SchoolData, n: int, **fields: Any) -> Teacher:
    """Another teacher of the school (born 1995: 31 at this school year's start)."""
    values: dict[str, Any] = {
        "employee_no": f"{sd.marker}9{n}", "name": f"新{sd.key}{n}", "gender": "F",
        "birth_date": dt.date(1995, 3, 1), "teaching_since": dt.date(2018, 9, 1),
    } | fields  # fmt: skip
    return Teacher.objects.create(school=sd.school, district_id=sd.school.district_id, **values)


def post(sd: SchoolData, who: Teacher, role: str, school_class: SchoolClass | None = None,
         year: int = YEAR) -> HomeroomAssignment:  # fmt: skip
    """A post made directly (no guard): the tests' starting records."""
    if school_class is None:
        school_class = sd.classes[1] if year == YEAR else a_class(sd, year, 1)
    return HomeroomAssignment.objects.create(
        school=sd.school, district_id=sd.school.district_id, teacher=who,
        school_class=school_class, school_year=school_class.school_year, role=role,
    )  # fmt: skip


def a_class(sd: SchoolData, year: int, grade: int, students: int = 0) -> SchoolClass:
    found, _ = SchoolClass.objects.get_or_create(
        school=sd.school, district_id=sd.school.district_id, school_year=year, grade=grade,
        name=f"{sd.key}班", defaults={"student_count": students},
    )  # fmt: skip
    return found


def outcome(
    world: World, key: str, code: str, *, as_of: dt.date | None = None, year: int = YEAR
) -> Outcome:
    district = world.districts[key[0]]
    schools = list(School.objects.filter(district=district).order_by("code"))
    rows = engine.evaluate(
        district=district, school_year=year, schools=schools, as_of=as_of or today()
    )
    school = world.schools[key].school
    return next(r.outcome for r in rows if r.indicator.code == code and r.school_id == school.pk)


TRAINING = AssignmentRole.DEPUTY_TRAINING
EXPERT = AssignmentRole.DEPUTY_EXPERT
HOMEROOM = AssignmentRole.HOMEROOM
__all__ = ["accepted"]
