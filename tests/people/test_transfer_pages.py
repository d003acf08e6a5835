"""Transfer pages and API (issue 10 §4, ADR 0012): the receiving leader's page, the
district admin's page, leaving; the same through /api/v1/ with the same permissions.
Errors in Chinese on the field they name, nothing saved."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.urls import reverse

from apps.people.models import StintStatus, Teacher
from tests.evidence.helpers import field_errors
from tests.personas import World

DAY = "2026-02-20"


def _form(world: World, **extra: str) -> dict[str, str]:
    teacher = world.schools["A1"].teachers[0]
    return {
        "from_school_code": world.schools["A1"].school.code,
        "employee_no": teacher.employee_no,
        "name": teacher.name,
        "on": DAY,
    } | extra


def test_the_receiving_leader_takes_a_teacher_in_on_the_page(world: World, client_for: Any) -> None:
    school = world.schools["A2"].school
    page = reverse("people:teacher_transfer_in", args=[school.pk])
    client = client_for("A2.leader")
    assert "调出学校代码" in client.get(page).content.decode()
    response = client.post(page, _form(world))
    new = Teacher.objects.get(school=school, person_key=world.schools["A1"].teachers[0].person_key)
    assert response["Location"] == reverse("people:teacher_detail", args=[school.pk, new.pk])
    body = client.get(response["Location"]).content.decode()
    assert "已办理调入" in body and new.name in body


def test_a_wrong_name_is_refused_on_its_field_and_nothing_is_saved(
    world: World, client_for: Any
) -> None:
    page = reverse("people:teacher_transfer_in", args=[world.schools["A2"].school.pk])
    before = Teacher.objects.count()
    body = client_for("A2.leader").post(page, _form(world, name="别人")).content.decode()
    assert "没有工号为" in field_errors(body, "employee_no")
    body = client_for("A2.leader").post(page, _form(world, on="2026-13-01")).content.decode()
    assert "请输入有效日期" in field_errors(body, "on")
    assert Teacher.objects.count() == before


def test_the_district_page_is_the_district_admins(world: World, client_for: Any) -> None:
    """The district admin moves a teacher into any school of the district; the
    district's reviewer and its schools' leaders get 404 on the page."""
    page = reverse("people:district_transfer", args=[world.districts["A"].pk])
    for persona in ("A.reviewer", "A1.leader", "B.admin"):
        assert client_for(persona).get(page).status_code == 404, persona
    admin = client_for("A.admin")
    assert "调入学校" in admin.get(page).content.decode()
    response = admin.post(page, _form(world, to_school=str(world.schools["A2"].school.pk)))
    assert response.status_code == 302
    old = Teacher.objects.get(pk=world.schools["A1"].teachers[0].pk)
    assert old.status == StintStatus.TRANSFERRED
    foreign = _form(world, to_school=str(world.schools["B1"].school.pk), name="x")
    body = admin.post(page, foreign).content.decode()
    assert "所选学校不属于本区" in field_errors(body, "to_school")


def test_the_leader_records_that_a_teacher_left(world: World, client_for: Any) -> None:
    sd = world.schools["A1"]
    teacher = sd.teachers[1]
    detail = reverse("people:teacher_detail", args=[sd.school.pk, teacher.pk])
    leave = reverse("people:teacher_leave", args=[sd.school.pk, teacher.pk])
    client = client_for("A1.leader")
    assert client.post(leave, {"on": ""}).status_code == 302
    assert Teacher.objects.get(pk=teacher.pk).status == StintStatus.ACTIVE  # no date: nothing
    client.post(leave, {"on": "2026-01-31"})
    body = client.get(detail).content.decode()
    assert "已离开：2026-01-31 起不在本校" in body
    assert Teacher.objects.get(pk=teacher.pk).ended_on == dt.date(2026, 1, 31)


def _api(client: Any, path: str, body: dict[str, Any]) -> Any:
    return client.post(path, body, content_type="application/json")


def test_the_api_moves_with_the_same_permissions(world: World, client_for: Any) -> None:
    a2 = world.schools["A2"].school
    school_path = f"/api/v1/schools/{a2.pk}/transfers/"
    district_path = f"/api/v1/districts/{world.districts['A'].pk}/transfers/"
    refused = _api(client_for("A2.leader"), school_path, _form(world, name="别人"))
    assert refused.status_code == 400
    assert "没有工号为" in refused.json()["employee_no"][0]
    assert _api(client_for("A1.leader"), school_path, _form(world)).status_code == 404
    body = _form(world) | {"to_school": a2.pk}
    assert _api(client_for("A.reviewer"), district_path, body).status_code == 404
    answer = _api(client_for("A.admin"), district_path, body)
    assert answer.status_code == 201, answer.content
    assert (answer.json()["school"], answer.json()["status"]) == (a2.pk, "active")
    assert answer.json()["started_on"] == DAY
    leave = f"/api/v1/schools/{a2.pk}/teachers/{answer.json()['id']}/leave/"
    left = _api(client_for("A2.leader"), leave, {"on": "2026-03-01"})
    assert (left.status_code, left.json()["status"]) == (200, "left")
