"""School-portal and API writes: clear Chinese messages naming the field, nothing
half-written (issue #2 §4, CONVENTIONS "Errors")."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.urls import reverse

from apps.core import schoolyear
from apps.core.schoolyear import current_school_year
from apps.people import selectors
from apps.people.models import HomeroomAssignment, SchoolClass, Teacher
from tests.personas import World

YEAR = current_school_year()


def _teacher_form(**overrides: Any) -> dict[str, Any]:
    data = {
        "employee_no": "NEW-1",
        "name": "新教师",
        "gender": "F",
        "professional_title": "none",
        "highest_education": "bachelor",
        "psych_certificate": "none",
        "is_active": "on",
    }
    return data | overrides


def test_future_birth_date_is_refused_with_the_field_named(world: World, client_for: Any) -> None:
    school = world.schools["A1"].school
    future = (schoolyear.today() + dt.timedelta(days=30)).isoformat()
    response = client_for("A1.leader").post(
        reverse("people:teacher_create", kwargs={"school_id": school.pk}),
        _teacher_form(birth_date=future),
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "出生日期不能晚于今天" in body
    assert "出生日期：出生日期" not in body  # the field is named once
    assert not Teacher.objects.filter(employee_no="NEW-1").exists()


def test_malformed_date_gets_a_chinese_format_hint(world: World, client_for: Any) -> None:
    school = world.schools["A1"].school
    response = client_for("A1.leader").post(
        reverse("people:teacher_create", kwargs={"school_id": school.pk}),
        _teacher_form(teaching_since="2010年九月"),
    )
    assert "参加教育工作时间：请输入有效日期，格式如 2008-09-01。" in response.content.decode()
    assert not Teacher.objects.filter(employee_no="NEW-1").exists()


def test_homeroom_before_teaching_is_refused(world: World, client_for: Any) -> None:
    school = world.schools["A1"].school
    response = client_for("A1.leader").post(
        reverse("people:teacher_create", kwargs={"school_id": school.pk}),
        _teacher_form(teaching_since="2012-09-01", homeroom_since="2010-09-01"),
    )
    assert "首次担任班主任时间不能早于参加教育工作时间" in response.content.decode()


def test_duplicate_employee_number_names_the_field(world: World, client_for: Any) -> None:
    sd = world.schools["A1"]
    response = client_for("A1.leader").post(
        reverse("people:teacher_create", kwargs={"school_id": sd.school.pk}),
        _teacher_form(employee_no=sd.teachers[0].employee_no),
    )
    assert f"工号 {sd.teachers[0].employee_no} 已被本校其他教师使用" in response.content.decode()
    assert Teacher.objects.filter(school=sd.school).count() == 3


def test_same_employee_number_in_another_school_is_fine(world: World, client_for: Any) -> None:
    sd = world.schools["A1"]
    other = world.schools["A2"].teachers[0].employee_no
    response = client_for("A1.leader").post(
        reverse("people:teacher_create", kwargs={"school_id": sd.school.pk}),
        _teacher_form(employee_no=other),
    )
    assert response.status_code == 302
    assert Teacher.objects.filter(employee_no=other).count() == 2


def test_grade_outside_the_school_type_is_refused(world: World, client_for: Any) -> None:
    school = world.schools["A1"].school  # a primary school
    response = client_for("A1.leader").post(
        reverse("people:class_create", kwargs={"school_id": school.pk}),
        {"school_year": YEAR, "grade": 10, "name": "1班", "student_count": 40},
    )
    assert response.status_code == 200
    assert "年级" in response.content.decode()
    assert not SchoolClass.objects.filter(school=school, grade=10).exists()


def test_second_homeroom_teacher_for_a_class_is_refused(world: World, client_for: Any) -> None:
    sd = world.schools["A1"]
    response = client_for("A1.leader").post(
        reverse("people:assignment_create", kwargs={"school_id": sd.school.pk}),
        {"school_class": sd.classes[0].pk, "teacher": sd.teachers[2].pk, "role": "homeroom"},
    )
    body = response.content.decode()
    assert f"已有班主任{sd.teachers[0].name}" in body
    assert HomeroomAssignment.objects.filter(school_class=sd.classes[0]).count() == 2


def test_assignment_is_created_and_listed(world: World, client_for: Any) -> None:
    sd = world.schools["A1"]
    client = client_for("A1.leader")
    response = client.post(
        reverse("people:assignment_create", kwargs={"school_id": sd.school.pk}),
        {"school_class": sd.classes[1].pk, "teacher": sd.teachers[2].pk, "role": "homeroom"},
        follow=True,
    )
    assert "任职已保存" in response.content.decode()
    assert selectors.classes_without_homeroom(school=sd.school, school_year=YEAR).count() == 0


def test_moving_a_class_to_another_year_moves_its_assignments(world: World) -> None:
    from apps.people import services

    sd = world.schools["A1"]
    services.class_update(school_class=sd.classes[0], school_year=YEAR - 1)
    years = set(
        HomeroomAssignment.objects.filter(school_class=sd.classes[0]).values_list(
            "school_year", flat=True
        )
    )
    assert years == {YEAR - 1}


def test_district_head_counts(world: World) -> None:
    rows = {
        s.code: s
        for s in selectors.schools_with_head_counts(district=world.districts["A"], school_year=YEAR)
    }
    assert set(rows) == {"school-a1", "school-a2"}
    a1 = rows["school-a1"]
    counts = (a1.teacher_count, a1.class_count, a1.homeroom_count, a1.deputy_count)
    assert counts == (3, 2, 1, 1)
    assert a1.uncovered_count == 1


def test_api_duplicate_employee_number_is_a_400_naming_the_field(
    world: World, client_for: Any
) -> None:
    sd = world.schools["A1"]
    response = client_for("A1.leader").post(
        f"/api/v1/schools/{sd.school.pk}/teachers/",
        {"employee_no": sd.teachers[0].employee_no, "name": "重复", "gender": "M"},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "已被本校其他教师使用" in response.json()["employee_no"][0]


def test_api_token_authentication(world: World, client_for: Any) -> None:
    from django.test import Client

    from apps.accounts.tokens import token_issue

    key, _token = token_issue(user=world.user("A1.leader"))
    response = Client().get(
        f"/api/v1/schools/{world.schools['A1'].school.pk}/teachers/",
        HTTP_AUTHORIZATION=f"Token {key}",
    )
    assert response.status_code == 200
    assert response.json()["count"] == 3


def test_api_filters_and_pagination(world: World, client_for: Any) -> None:
    sd = world.schools["A1"]
    client = client_for("A1.leader")
    data = client.get(
        f"/api/v1/schools/{sd.school.pk}/assignments/", {"role": "deputy_training"}
    ).json()
    assert [row["teacher"] for row in data["results"]] == [sd.teachers[1].pk]
    page = client.get(f"/api/v1/schools/{sd.school.pk}/teachers/", {"page_size": 2}).json()
    assert page["count"] == 3
    assert len(page["results"]) == 2
    assert page["next"]


def test_a_roster_change_schedules_the_schools_compliance_recompute(
    world: World, client_for: Any, django_capture_on_commit_callbacks: Any
) -> None:
    """XH26-A1-4 is computed from assignments: changing one recomputes the school."""
    from apps.compliance.models import RecomputeRequest

    sd = world.schools["A1"]
    with django_capture_on_commit_callbacks() as callbacks:
        client_for("A1.leader").post(
            reverse("people:assignment_create", kwargs={"school_id": sd.school.pk}),
            {"school_class": sd.classes[1].pk, "teacher": sd.teachers[2].pk, "role": "homeroom"},
        )
    assert len(callbacks) == 1
    assert RecomputeRequest.objects.filter(school=sd.school, school_year=YEAR).exists()
    assert not RecomputeRequest.objects.filter(school=world.schools["A2"].school).exists()
