"""The cohort pages and services as their users meet them: the district creates a cohort
(the pack's dates by default), adds and transfers members, sees the board and exports it;
a teacher sees their missing tasks at /me/backbone/ and files an entry with evidence; the
school's leader accepts it (the member never can); other tenants get 404."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from apps.backbone.models import (
    BackboneMember,
    Category,
    Cohort,
    EntryStatus,
    LeaveReason,
    TaskEntry,
)
from apps.backbone.services.cohort import CohortFields, cohort_create, member_transfer
from apps.backbone.services.tasks import entry_decide
from apps.people.stints import teacher_transfer
from tests.backbone.cohort.rows import cohort_world, join
from tests.personas import World, evidence_pdf


@pytest.fixture
def cohort(world: World) -> Cohort:
    return cohort_world(world)


def test_a_new_cohort_takes_the_packs_dates_and_refuses_an_end_before_its_start(
    world: World,
) -> None:
    cohort_world(world)
    district, admin = world.districts["A"], world.user("A.admin")
    made = cohort_create(
        actor=admin,
        district=district,
        fields=CohortFields(name="2023届（补）", pack="xuhui-backbone-2023"),
    )
    assert (made.starts_on, made.ends_on) == (dt.date(2023, 9, 1), dt.date(2026, 6, 30))
    bad = CohortFields(
        name="2026届",
        pack="xuhui-backbone-2023",
        starts_on=dt.date(2026, 9, 1),
        ends_on=dt.date(2026, 8, 1),
    )
    with pytest.raises(ValidationError) as error:
        cohort_create(actor=admin, district=district, fields=bad)
    assert error.value.message_dict["ends_on"] == ["培养周期结束日期须晚于开始日期。"]
    with pytest.raises(PermissionDenied):
        cohort_create(actor=world.user("A.reviewer"), district=district, fields=bad)


def test_the_district_admin_adds_a_member_from_the_page_and_the_reviewer_may_not(
    world: World, cohort: Cohort, client_for: Any
) -> None:
    url = reverse("backbone:cohort_member_add", args=[world.districts["A"].pk, cohort.pk])
    teacher = world.schools["A2"].teachers[1]
    data = {"teacher": teacher.pk, "category": Category.LEADER, "joined_on": "2023-09-01"}
    assert client_for("A.reviewer").post(url, data).status_code == 404
    assert client_for("B.admin").post(url, data).status_code == 404
    assert not BackboneMember.objects.filter(cohort=cohort).exists()
    client_for("A.admin").post(url, data)
    assert BackboneMember.objects.get(cohort=cohort).teacher == teacher
    detail = reverse("backbone:cohort_detail", args=[world.districts["A"].pk, cohort.pk])
    page = client_for("A.reviewer").get(detail)
    assert teacher.name in page.content.decode()
    assert client_for("B.admin").get(detail).status_code == 404
    export = client_for("A.admin").get(detail, {"format": "xlsx"})
    book = load_workbook(io.BytesIO(export.content))
    assert book["骨干名单"]["A2"].value == teacher.name
    assert book["任务进度"].max_row > 1


def test_a_transfer_ends_the_old_stint_and_joins_the_new_one(world: World, cohort: Cohort) -> None:
    member = join(world, cohort, "A1", 0, Category.LEADER)
    old = member.teacher
    new = teacher_transfer(
        actor=world.user("A2.leader"),
        to_school=world.schools["A2"].school,
        from_school_code=world.schools["A1"].school.code,
        employee_no=old.employee_no,
        name=old.name,
        on=dt.date(2024, 9, 1),
    )
    moved = member_transfer(
        actor=world.user("A.admin"), member=member, to=new, on=dt.date(2024, 9, 1)
    )
    member.refresh_from_db()
    assert (member.left_on, member.leave_reason) == (dt.date(2024, 9, 1), LeaveReason.TRANSFER)
    assert (moved.school_id, moved.category) == (world.schools["A2"].school.pk, Category.LEADER)


def test_the_teacher_files_an_entry_and_only_the_school_leader_accepts_it(
    world: World, cohort: Cohort, client_for: Any
) -> None:
    member = join(world, cohort, "A1", 0, Category.BACKBONE)  # teachers[0] is A1.teacher's
    me = client_for("A1.teacher")
    page = me.get(reverse("backbone:my_tasks")).content.decode()
    assert "任务四 论文发表或获奖" in page and "未完成" in page
    upload = SimpleUploadedFile("证书.pdf", evidence_pdf("MK-A1-x"), content_type="application/pdf")
    url = reverse("backbone:my_entry_new", args=[member.pk])
    me.post(
        url,
        {
            "kind": "paper",
            "level": "district",
            "title": "班级管理论文",
            "date": "2025-03-01",
            "file": upload,
        },
    )
    entry = TaskEntry.objects.get(member=member)
    assert (entry.task, entry.status, entry.school_year) == ("T4", EntryStatus.SUBMITTED, 2024)
    with pytest.raises(PermissionDenied):
        entry_decide(actor=world.user("A1.teacher"), entry=entry, accept=True)
    assert (
        client_for("A2.leader")
        .post(
            reverse("backbone:school_entry_review", args=[world.schools["A2"].school.pk, entry.pk]),
            {"decision": "accept"},
        )
        .status_code
        == 404
    )
    school_page = client_for("A1.leader").get(
        reverse("backbone:school_members", args=[world.schools["A1"].school.pk])
    )
    assert "班级管理论文" in school_page.content.decode()
    client_for("A1.leader").post(
        reverse("backbone:school_entry_review", args=[world.schools["A1"].school.pk, entry.pk]),
        {"decision": "accept"},
    )
    entry.refresh_from_db()
    assert entry.status == EntryStatus.ACCEPTED


def test_an_entry_dated_outside_the_cohort_is_refused_naming_the_date(
    world: World, cohort: Cohort, client_for: Any
) -> None:
    member = join(world, cohort, "A1", 0, Category.BACKBONE)
    upload = SimpleUploadedFile("证书.pdf", evidence_pdf("MK-A1-x"), content_type="application/pdf")
    response = client_for("A1.teacher").post(
        reverse("backbone:my_entry_new", args=[member.pk]),
        {
            "kind": "paper",
            "level": "district",
            "title": "论文",
            "date": "2027-03-01",
            "file": upload,
        },
        follow=True,
    )
    assert "日期须在本届培养周期内" in response.content.decode()
    assert not TaskEntry.objects.exists()
    other = client_for("A2.teacher").post(
        reverse("backbone:my_plan", args=[member.pk]), {"title": "t", "goals": "g", "measures": "m"}
    )
    assert other.status_code == 404


def test_the_api_lists_members_with_progress_to_their_readers_only(
    world: World, cohort: Cohort, client_for: Any
) -> None:
    member = join(world, cohort, "A1", 0, Category.LEADER)
    url = reverse("api:backbone-member-list", args=[world.districts["A"].pk])
    rows = client_for("A.reviewer").get(url).json()
    assert [r["teacher"] for r in rows] == [member.teacher.name]
    assert {c["task"] for c in rows[0]["cells"]} == {"T1", "T2", "T3", "T4", "T5"}
    assert client_for("B.admin").get(url).status_code == 404
    school = reverse("api:school-backbone-member-list", args=[world.schools["A1"].school.pk])
    assert client_for("A2.leader").get(school).status_code == 404
    assert len(client_for("A1.leader").get(school).json()) == 1
    mine = client_for("A1.teacher").get(reverse("api:my-backbone-task-list")).json()
    assert [r["id"] for r in mine] == [member.pk]
    assert client_for("A2.teacher").get(reverse("api:my-backbone-task-list")).json() == []
