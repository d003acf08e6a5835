"""The district admin's "谁改了什么" page, its Excel export and its access-log tab
(issue 8 §3). Who may see them at all is the matrix's (tests/tenancy/test_matrix.py,
`test_audit_pages_are_for_the_district_admin`); here: what the admin reads on them."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from apps.core.access_log import DataAccessLog
from apps.people import services as people_services
from tests.personas import World

pytestmark = pytest.mark.django_db


def _events_url(world: World, key: str = "A", **query: str) -> str:
    url = reverse("audit:events", kwargs={"district_id": world.districts[key].pk})
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def _rename(world: World, client_for: Any, new_name: str) -> Any:
    teacher = world.schools["A1"].teachers[1]
    return client_for("A1.leader").post(
        reverse("people:teacher_edit", args=[teacher.school_id, teacher.pk]),
        {
            "employee_no": teacher.employee_no,
            "name": new_name,
            "gender": teacher.gender,
            "professional_title": "senior",
            "highest_education": teacher.highest_education,
            "psych_certificate": teacher.psych_certificate,
            "is_active": "on",
        },
    )


def test_a_name_change_shows_old_and_new_the_leader_and_the_request(
    world: World, client_for: Any
) -> None:
    old_name = world.schools["A1"].teachers[1].name
    response = _rename(world, client_for, "新名字甲")
    assert response.status_code == 302
    page = client_for("A.admin").get(_events_url(world, table="people.teacher"))
    body = page.content.decode()
    first_row = body[body.index("<tbody>") : body.index("</tr>", body.index("<tbody>"))]
    assert "修改" in first_row
    assert f"<del>{old_name}</del> → <ins>新名字甲</ins>" in first_row
    assert "职称" in first_row and "高级教师" in first_row  # a choice, by its label
    leader = world.user("A1.leader")
    assert leader.display_name in first_row
    assert "学校德育负责人" in first_row  # the actor's role in this district
    assert response["X-Request-ID"][:12] in first_row, first_row  # the id the logs print


def test_filters_by_person_category_and_dates(world: World, client_for: Any) -> None:
    _rename(world, client_for, "新名字乙")
    admin = client_for("A.admin")
    leader = world.user("A1.leader")
    by_leader = admin.get(_events_url(world, actor=leader.username)).content.decode()
    assert "新名字乙" in by_leader
    assert "MK-A2-" not in by_leader  # the leader changed nothing at A2
    nobody = admin.get(_events_url(world, actor="没有这个人")).content.decode()
    assert "没有符合条件的变更记录" in nobody
    classes = admin.get(_events_url(world, table="people.schoolclass")).content.decode()
    assert "新名字乙" not in classes and "班级" in classes
    tomorrow = (timezone.localdate() + dt.timedelta(days=1)).isoformat()
    later = admin.get(_events_url(world, since=tomorrow)).content.decode()
    assert "没有符合条件的变更记录" in later
    today = timezone.localdate().isoformat()
    assert "新名字乙" in admin.get(_events_url(world, since=today, until=today)).content.decode()


def test_a_bad_filter_is_named_not_an_error(world: World, client_for: Any) -> None:
    response = client_for("A.admin").get(_events_url(world, since="2025-13-45", table="x.y"))
    assert response.status_code == 200
    body = response.content.decode()
    assert "起始日期" in body and "请按 2025-09-01 的格式填写日期" in body
    assert "请从列表中选择数据类别" in body


def test_the_page_reads_a_fixed_number_of_queries(world: World, client_for: Any) -> None:
    """A page of a few rows and a full page of fifty (of two) cost the same queries."""
    admin = client_for("A.admin")
    url = _events_url(world, table="people.teacher")
    school, leader = world.schools["A1"].school, world.user("A1.leader")
    people_services.teacher_create(school=school, employee_no="Q-1", name="少", gender="M")
    admin.get(url)  # the session's first request writes it
    with CaptureQueriesContext(connection) as few:
        assert admin.get(url).status_code == 200
    for n in range(60):
        people_services.teacher_create(
            school=school, employee_no=f"Q-{n + 2}", name="多", gender="F"
        )
    with CaptureQueriesContext(connection) as many:
        body = admin.get(url).content.decode()
    assert "第 1 / 2 页" in body
    assert len(many) <= len(few), leader.username  # (no old values to read: fewer)


def test_the_export_holds_the_filtered_rows_and_is_itself_logged(
    world: World, client_for: Any
) -> None:
    _rename(world, client_for, "导出里的名字")
    admin = world.user("A.admin")
    url = reverse("audit:events_export", kwargs={"district_id": world.districts["A"].pk})
    response = client_for("A.admin").get(url + "?table=people.teacher")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content)))["变更记录"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("时间", "操作人", "角色")
    renamed = rows[1]
    assert renamed[4] == "修改" and renamed[5] == "教师"
    assert "导出里的名字" in renamed[7]
    log = DataAccessLog.objects.get(what="审计记录导出")
    assert (log.user_id, log.district_id, log.rows) == (
        admin.pk,
        world.districts["A"].pk,
        len(rows) - 1,
    )
    assert log.request_id == response["X-Request-ID"]
    tab = client_for("A.admin").get(
        reverse("audit:access_log", kwargs={"district_id": world.districts["A"].pk})
    )
    assert "审计记录导出" in tab.content.decode()
    assert admin.display_name in tab.content.decode()
