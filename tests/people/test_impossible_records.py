"""Impossible people records are refused at every door — page, API and roster import —
with a Chinese message naming the field, and nothing is saved (issue #11 §7): control
characters in a name, a homeroom start before the teacher turned 18, a class in a school
year far from the current one (1 or 9999 crashed the school's recompute before)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse

from apps.compliance.models import RecomputeRequest
from apps.compliance.services import schedule_school_recompute
from apps.core.schoolyear import current_school_year, today
from apps.people import services
from apps.people.models import RosterImport, SchoolClass, Teacher
from tests.personas import World
from tests.support.xlsx import class_row, roster_file, teacher_row

YEAR = current_school_year()


def _teacher(**overrides: Any) -> dict[str, Any]:
    return {
        "employee_no": "NEW-1",
        "name": "王芳",
        "gender": "F",
        "professional_title": "none",
        "highest_education": "bachelor",
        "psych_certificate": "none",
        "is_active": True,
    } | overrides


def _api(world: World, key: str, path: str) -> str:
    return f"/api/v1/schools/{world.schools[key].school.pk}/{path}"


@pytest.mark.parametrize(("typed", "shown"), [("王\x1f芳", "U+001F"), ("王\x00芳", "NUL")])
def test_a_name_with_a_control_character_is_refused_by_the_api_naming_the_field(
    typed: str, shown: str, world: World, client_for: Any
) -> None:
    """Today "王\\u001f芳" was stored, and the school's ledger export then answered 500;
    a NUL got "不允许是用空字符串", which names neither the field nor the problem."""
    response = client_for("A1.leader").post(
        _api(world, "A1", "teachers/"), _teacher(name=typed), content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json()["name"] == [f"“姓名”不能包含不可见字符（如 {shown}），请删除后重试。"]
    assert not Teacher.objects.filter(employee_no="NEW-1").exists()


def test_a_name_with_a_control_character_is_refused_by_the_page(
    world: World, client_for: Any
) -> None:
    school = world.schools["A1"].school
    response = client_for("A1.leader").post(
        reverse("people:teacher_create", kwargs={"school_id": school.pk}),
        _teacher(name="王\x00芳", is_active="on"),
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "“姓名”不能包含不可见字符（如 NUL），请删除后重试。" in body
    assert "不允许是用空字符串" not in body
    assert not Teacher.objects.filter(employee_no="NEW-1").exists()


def test_the_service_is_the_gate_for_every_door(world: World) -> None:
    """A caller that skips the form and the serializer (an import, a script) meets the
    same rule in the service."""
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as refused:
        services.teacher_create(school=world.schools["A1"].school, **_teacher(name="王\x1f芳"))
    assert refused.value.message_dict == {
        "name": ["“姓名”不能包含不可见字符（如 U+001F），请删除后重试。"]
    }


def test_homeroom_before_the_teachers_18th_birthday_is_refused(
    world: World, client_for: Any
) -> None:
    response = client_for("A1.leader").post(
        _api(world, "A1", "teachers/"),
        _teacher(birth_date="1995-03-10", teaching_since="2010-09-01", homeroom_since="2012-09-01"),
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response.json()["homeroom_since"] == [
        "首次担任班主任时间（2012-09-01）早于该教师年满 18 岁（2013-03-10），"
        "请核对出生日期或首次担任班主任时间。"
    ]
    assert not Teacher.objects.filter(employee_no="NEW-1").exists()
    ok = client_for("A1.leader").post(
        _api(world, "A1", "teachers/"),
        _teacher(birth_date="1995-03-10", teaching_since="2013-09-01", homeroom_since="2013-09-01"),
        content_type="application/json",
    )
    assert ok.status_code == 201, ok.json()


@pytest.mark.parametrize("year", [1, 9999, YEAR - 2, YEAR + 2])
def test_a_class_in_a_school_year_far_from_the_current_is_refused_by_the_api(
    year: int, world: World, client_for: Any
) -> None:
    """School year 1 or 9999 was accepted, after which the school's recompute crashed
    with "year out of range"; now nothing is saved and no recompute is asked for."""
    RecomputeRequest.objects.all().delete()
    response = client_for("A1.leader").post(
        _api(world, "A1", "classes/"),
        {"school_year": year, "grade": 1, "name": "9班", "student_count": 40},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response.json()["school_year"] == [
        f"班级的学年应在 {YEAR - 1}–{YEAR + 1} 学年之间（当前为 {YEAR} 学年），填写的是 {year}。"
    ]
    assert not SchoolClass.objects.filter(name="9班").exists()
    assert not RecomputeRequest.objects.exists()


@pytest.mark.parametrize("year", [YEAR - 1, YEAR, YEAR + 1])
def test_a_class_within_one_year_of_the_current_is_accepted(
    year: int, world: World, client_for: Any
) -> None:
    response = client_for("A1.leader").post(
        _api(world, "A1", "classes/"),
        {"school_year": year, "grade": 1, "name": "9班", "student_count": 40},
        content_type="application/json",
    )
    assert response.status_code == 201, response.json()


def test_an_older_class_already_stored_stays_editable(world: World) -> None:
    """The rule is on the year being set: a class of three years ago keeps its year when
    its size is corrected, and cannot be moved to another far year."""
    from django.core.exceptions import ValidationError

    sd = world.schools["A1"]
    old = SchoolClass.objects.create(
        school=sd.school, district_id=sd.school.district_id, school_year=YEAR - 3, grade=2,
        name="旧班",
    )  # fmt: skip
    services.class_update(school_class=old, student_count=38)
    old.refresh_from_db()
    assert (old.school_year, old.student_count) == (YEAR - 3, 38)
    with pytest.raises(ValidationError, match="班级的学年应在"):
        services.class_update(school_class=old, school_year=YEAR - 4)


def test_the_page_offers_only_years_around_the_current(world: World, client_for: Any) -> None:
    school = world.schools["A1"].school
    page = client_for("A1.leader").get(
        reverse("people:class_create", kwargs={"school_id": school.pk})
    )
    body = page.content.decode()
    for year in (YEAR - 1, YEAR, YEAR + 1):
        assert f'value="{year}"' in body
    assert f'value="{YEAR - 2}"' not in body


def test_a_roster_row_with_a_far_class_year_rejects_the_file(world: World) -> None:
    school = world.schools["A1"].school
    data = roster_file(
        teachers=[teacher_row(1)],
        classes=[class_row(YEAR, "一年级", "1班"), class_row(YEAR - 3, "二年级", "2班")],
    )
    before = SchoolClass.objects.filter(school=school).count()
    job = services.roster_import_start(
        school=school, actor=world.user("A1.leader"), file_name="roster.xlsx", data=data
    )
    services.roster_import_run(job_id=job.pk)
    job = RosterImport.objects.get(pk=job.pk)
    assert job.state == "failed"
    assert [(e["sheet"], e["row"], e["column"]) for e in job.errors] == [("班级", 3, "学年")]
    assert job.errors[0]["message"].startswith("班级的学年应在")
    assert SchoolClass.objects.filter(school=school).count() == before


def test_a_roster_row_whose_homeroom_start_is_before_18_is_reported(world: World) -> None:
    school = world.schools["A1"].school
    row = teacher_row(
        1, 出生日期="2000-06-01", 参加教育工作时间="2016-09", 首次担任班主任时间="2017-09"
    )
    job = services.roster_import_start(
        school=school,
        actor=world.user("A1.leader"),
        file_name="roster.xlsx",
        data=roster_file(teachers=[row]),
    )
    services.roster_import_run(job_id=job.pk)
    job = RosterImport.objects.get(pk=job.pk)
    assert job.state == "failed"
    assert [(e["row"], e["column"]) for e in job.errors] == [(2, "首次担任班主任时间")]


@pytest.mark.parametrize("year", [1, 9999])
def test_automatic_recomputes_for_impossible_years_never_start(year: int, world: World) -> None:
    """A class stored with such a year before the check (or by any other path) never
    starts a recompute that would crash on its dates."""
    RecomputeRequest.objects.all().delete()
    schedule_school_recompute(school=world.schools["A1"].school, school_year=year)
    assert not RecomputeRequest.objects.exists()
    schedule_school_recompute(school=world.schools["A1"].school, school_year=YEAR)
    assert RecomputeRequest.objects.filter(school_year=YEAR).exists()


def test_an_unborn_homeroom_date_still_says_it_is_in_the_future(world: World) -> None:
    """The new rule does not hide the older ones: a date after today says so."""
    from django.core.exceptions import ValidationError

    future = today() + dt.timedelta(days=400)
    with pytest.raises(ValidationError, match="不能晚于今天"):
        services.teacher_create(
            school=world.schools["A1"].school,
            **_teacher(birth_date=dt.date(1990, 1, 1), homeroom_since=future),
        )
