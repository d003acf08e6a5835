"""List pages and list APIs use a number of queries that does not grow with the rows
(CONVENTIONS: "never a query per row")."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from apps.core.schoolyear import current_school_year
from apps.people.models import AssignmentRole, HomeroomAssignment, SchoolClass, Teacher
from apps.tenancy.models import School, SchoolType
from tests.personas import World

YEAR = current_school_year()


def _grow(school: School, extra: int) -> None:
    """Add `extra` teachers, classes and homeroom assignments to a school."""
    scope = {"school": school, "district_id": school.district_id}
    base = Teacher.objects.filter(school=school).count()
    teachers = Teacher.objects.bulk_create(
        Teacher(**scope, employee_no=f"G{base + i}", name=f"增{i}", gender="M",
                birth_date=dt.date(1990, 1, 1))
        for i in range(extra)
    )  # fmt: skip
    classes = SchoolClass.objects.bulk_create(
        SchoolClass(**scope, school_year=YEAR, grade=1 + i % 6, name=f"G{base + i}班")
        for i in range(extra)
    )
    HomeroomAssignment.objects.bulk_create(
        HomeroomAssignment(**scope, teacher=t, school_class=c, school_year=YEAR,
                           role=AssignmentRole.HOMEROOM)
        for t, c in zip(teachers, classes, strict=True)
    )  # fmt: skip


def _queries(client: Any, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured)


PAGES = [
    ("people:teacher_list", False),
    ("people:class_list", False),
    ("people:assignment_list", False),
    ("people:school_home", False),
    ("api:teacher-list", True),
    ("api:class-list", True),
    ("api:assignment-list", True),
]


@pytest.mark.parametrize(("name", "api"), PAGES)
def test_school_lists_do_not_grow_with_rows(
    name: str, api: bool, world: World, client_for: Any
) -> None:
    school = world.schools["A1"].school
    url = reverse(name, kwargs={"school_id": school.pk})
    client = client_for("A1.leader")
    _queries(client, url)  # warm caches (session, content types)
    _grow(school, 5)
    few = _queries(client, url)
    _grow(school, 40)
    many = _queries(client, url)
    assert many == few, f"{name}: {few} queries with few rows, {many} with many"


def test_district_school_list_does_not_grow_with_schools(world: World, client_for: Any) -> None:
    district = world.districts["A"]
    url = reverse("people:district_home", kwargs={"district_id": district.pk})
    client = client_for("A.admin")
    _queries(client, url)
    few = _queries(client, url)
    for n in range(20):
        school = School.objects.create(
            district=district, code=f"extra-{n}", name=f"新增{n}", school_type=SchoolType.PRIMARY
        )
        _grow(school, 3)
    many = _queries(client, url)
    assert many == few
