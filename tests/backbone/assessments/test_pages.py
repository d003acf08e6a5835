"""XB23-ASSESS pages as people use them: the district enters a result on the member's page
and the board shows it (导出 Excel too) but never another district's member; the school
sees its own members only; the teacher sees the warning with its deadline, files the
plan and sees the reason they may not apply; the 结业证书 PDF for the district, the
member's school and the member when the term-end passed — 404 otherwise."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from apps.backbone.models import Assessment, Rectification, Result
from tests.backbone.assessments.rows import PDF, cohort_world, enter
from tests.backbone.factories import make_cohort, make_member
from tests.personas import World
from tests.support.pdf import pdf_text

pytestmark = pytest.mark.django_db


def _other_district_member(world: World) -> Any:
    world.districts["B"].policy_packs = ["xuhui-2026", "xuhui-backbone-2023"]
    world.districts["B"].save(update_fields=["policy_packs"])
    cohort = make_cohort(district=world.districts["B"], by=world.user("B.admin"))
    return make_member(
        cohort=cohort, teacher=world.schools["B1"].teachers[0], by=world.user("B.admin")
    )


def test_xb23_assess_the_district_enters_a_result_and_the_board_shows_only_its_own(
    world: World, client_for: Any
) -> None:
    cohort, member, _second = cohort_world(world)
    foreign = _other_district_member(world)
    district = world.districts["A"]
    url = reverse(
        "backbone:assessment_member", kwargs={"district_id": district.pk, "member_id": member.pk}
    )
    client = client_for("A.reviewer")
    bad = client.post(
        url, {"kind": "yearly", "school_year": 2023, "result": "fail", "assessed_on": "2099-01-01"}
    )
    assert bad.status_code == 400
    assert "考核日期不能晚于今天" in bad.content.decode()
    done = client.post(
        url, {"kind": "yearly", "school_year": 2023, "result": "fail", "assessed_on": "2024-06-20"}
    )
    assert done.status_code == 302
    assert Assessment.objects.get(member=member).result == Result.FAIL
    board = reverse("backbone:assessments_board", kwargs={"district_id": district.pk})
    body = client.get(board, {"cohort": cohort.pk, "show": "warning"}).content.decode()
    assert member.teacher.name in body
    assert "警告并书面整改" in body
    assert foreign.teacher.name not in body
    foreign_url = reverse(
        "backbone:assessment_member", kwargs={"district_id": district.pk, "member_id": foreign.pk}
    )
    assert client.get(foreign_url).status_code == 404
    sheet = load_workbook(
        io.BytesIO(client.get(board, {"cohort": cohort.pk, "format": "xlsx"}).content)
    ).active
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    assert rows[0][:4] == ["学校", "姓名", "类别", "2023学年"]
    assert len(rows) == 3  # the two members of A, not B's
    assert any(r[1] == member.teacher.name and r[3] == "不合格" for r in rows[1:])


def test_xb23_assess_the_school_sees_its_members_and_the_teacher_files_the_plan(
    world: World, client_for: Any
) -> None:
    _, member, other = cohort_world(world)
    enter(world, member, 2023, Result.FAIL, on=dt.date(2024, 6, 20))
    school = world.schools["A1"].school
    page = client_for("A1.leader").get(
        reverse("backbone:school_assessments", kwargs={"school_id": school.pk})
    )
    body = page.content.decode()
    assert member.teacher.name in body
    assert other.teacher.name not in body
    mine = client_for("A1.teacher").get(reverse("backbone:my_assessments")).content.decode()
    assert "2024-07-20 前提交书面整改方案" in mine
    assert "逾期未交" in mine
    warning = member.consequences.get()
    upload = SimpleUploadedFile("整改方案.pdf", PDF, "application/pdf")
    url = reverse("backbone:my_plan_file", kwargs={"warning_id": warning.pk})
    assert client_for("A2.teacher").post(url, {"summary": "x", "file": upload}).status_code == 404
    upload = SimpleUploadedFile("整改方案.pdf", PDF, "application/pdf")
    client_for("A1.teacher").post(url, {"summary": "每周复盘", "file": upload})
    assert Rectification.objects.get().status == "submitted"
    assert (
        "待审核"
        in client_for("A1.teacher").get(reverse("backbone:my_assessments")).content.decode()
    )


def test_xb23_assess_the_teacher_barred_by_the_term_end_sees_why_and_gets_no_certificate(
    world: World, client_for: Any
) -> None:
    cohort, member, other = cohort_world(world)
    enter(world, member, None, Result.FAIL, on=dt.date(2026, 7, 5))
    enter(world, other, None, Result.PASS, on=dt.date(2026, 7, 5))
    make_cohort(
        district=cohort.district, by=world.user("A.admin"), name="2026届骨干",
        starts_on=dt.date(2026, 9, 1), ends_on=dt.date(2029, 6, 30), accepting_applications=True,
    )  # fmt: skip
    mine = client_for("A1.teacher").get(reverse("backbone:my_assessments")).content.decode()
    assert "2023届届满考核不合格，取消新一届骨干申报资格（XB23-ASSESS）" in mine
    assert "下载结业证书" not in mine
    own = reverse("backbone:my_certificate", kwargs={"member_id": member.pk})
    assert client_for("A1.teacher").get(own).status_code == 404
    district = world.districts["A"].pk
    passed = reverse(
        "backbone:district_certificate", kwargs={"district_id": district, "member_id": other.pk}
    )
    failed = reverse(
        "backbone:district_certificate", kwargs={"district_id": district, "member_id": member.pk}
    )
    assert client_for("A.admin").get(failed).status_code == 404
    response = client_for("A.admin").get(passed)
    assert response.status_code == 200
    text = pdf_text(response.content)
    assert "结业证书" in text
    assert other.teacher.name in text
    assert "届满考核合格，准予结业" in text
    school = world.schools["A2"].school.pk
    at_school = reverse(
        "backbone:school_certificate", kwargs={"school_id": school, "member_id": other.pk}
    )
    assert client_for("A2.leader").get(at_school).status_code == 200
    assert client_for("A1.leader").get(at_school).status_code == 404


def test_xb23_assess_the_api_lists_the_districts_members_and_the_teachers_own(
    world: World, client_for: Any
) -> None:
    _, member, other = cohort_world(world)
    foreign = _other_district_member(world)
    enter(world, member, 2023, Result.EXCELLENT)
    url = reverse("api:backbone-assessment-list", kwargs={"district_id": world.districts["A"].pk})
    rows = client_for("A.reviewer").get(url).json()["results"]
    assert sorted(r["id"] for r in rows) == sorted([member.pk, other.pk])
    assert foreign.pk not in [r["id"] for r in rows]
    first = next(r for r in rows if r["id"] == member.pk)
    assert first["results"][0]["result"] == "excellent"
    assert first["consequences"][0]["kind"] == "bonus"
    assert client_for("A1.leader").get(url).status_code == 404
    own = client_for("A1.teacher").get(reverse("api:my-backbone-assessment-list")).json()
    assert [r["id"] for r in own["results"]] == [member.pk]
