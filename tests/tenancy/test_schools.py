"""Issue 10 §2: the district admin's schools — create, edit, close (history kept, gone
from the lists, no new records), the featured projects and packs with who/when/why,
and the school list imported from Excel (every bad row reported, nothing saved)."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from apps.core.audit import history_model
from apps.core.jobs import import_run
from apps.people import services as people_services
from apps.people.logins import teacher_logins_create
from apps.tenancy import services
from apps.tenancy.models import District, EducationGroup, School, SchoolImport
from apps.training import services as training_services
from tests.personas import World
from tests.support.xlsx import roster_file, school_list_file, school_row, teacher_row
from tests.training.rows import first_day

pytestmark = pytest.mark.django_db


def _admin(world: World, key: str = "A") -> Client:
    client = Client()
    client.force_login(world.user(f"{key}.admin"))
    return client


def _import(world: World, data: bytes, key: str = "A") -> SchoolImport:
    job = services.school_import_start(
        actor=world.user(f"{key}.admin"),
        district=world.districts[key],
        file_name="学校名单.xlsx",
        data=data,
    )
    import_run(model_label=SchoolImport._meta.label_lower, job_id=job.pk)  # the task's body
    job.refresh_from_db()
    return job


# --------------------------------------------------------------------------- import


def test_a_clean_import_creates_300_schools(world: World) -> None:
    district = world.districts["A"]
    before = School.objects.filter(district=district).count()
    job = _import(world, school_list_file([school_row(n) for n in range(1, 301)]))
    assert job.state == "succeeded", job.errors
    assert School.objects.filter(district=district).count() == before + 300
    school = School.objects.get(district=district, code="XQ028")
    assert school.school_type == "primary" and school.is_rural
    assert school.featured_projects == ["dual_track_deputy", "digital_partner"]
    assert EducationGroup.objects.filter(district=district).count() == 5
    assert "新增学校 300 所" in job.message


def test_300_schools_with_3_bad_rows_reports_all_3_and_saves_none(world: World) -> None:
    rows = [school_row(n) for n in range(1, 301)]
    rows[9] = school_row(10, 学段类型="大学")  # sheet row 11
    rows[149] = school_row(5)  # row 151: the code of row 6 again
    rows[299] = school_row(300, 学校名称="")  # row 301: a required cell left empty
    before = School.objects.count(), EducationGroup.objects.count()
    job = _import(world, school_list_file(rows))
    assert job.state == "failed"
    reported = sorted((e["row"], e["column"]) for e in job.errors)
    assert reported == [(11, "学段类型"), (151, "学校代码"), (301, "学校名称")]
    assert any("与第 6 行重复" in e["message"] for e in job.errors)
    assert (School.objects.count(), EducationGroup.objects.count()) == before


def test_a_code_the_district_already_uses_is_reported(world: World) -> None:
    taken = world.schools["A1"].school.code
    job = _import(world, school_list_file([school_row(1, 学校代码=taken)]))
    assert job.state == "failed"
    assert "已被本区学校使用" in job.errors[0]["message"]
    other = _import(world, school_list_file([school_row(1, 学校代码=taken)]), key="B")
    assert other.state == "succeeded"  # codes are unique within a district, not across


def test_the_import_page_and_template_are_the_admins(world: World) -> None:
    district = world.districts["A"]
    admin = _admin(world)
    template_response = admin.get(reverse("tenancy:school_import_template", args=[district.pk]))
    sheet = load_workbook(io.BytesIO(template_response.content))["学校"]
    headers = [c.value for c in next(sheet.iter_rows(max_row=1))]
    assert headers == ["学校代码*", "学校名称*", "学段类型*", "城乡", "教育集团", "特色项目"]
    reviewer = Client()
    reviewer.force_login(world.user("A.reviewer"))
    assert reviewer.get(reverse("tenancy:school_import", args=[district.pk])).status_code == 404


# --------------------------------------------------------------------------- create, edit


def test_the_admin_creates_and_edits_a_school_and_bad_input_names_the_field(world: World) -> None:
    district = world.districts["A"]
    admin = _admin(world)
    bad = admin.post(
        reverse("tenancy:school_new", args=[district.pk]),
        {"code": "bad code", "name": "坏代码小学", "school_type": "primary", "is_rural": "0"},
    ).content.decode()
    assert "学校代码须为 1–40 位字母、数字" in bad
    assert not School.objects.filter(district=district, name="坏代码小学").exists()
    response = admin.post(
        reverse("tenancy:school_new", args=[district.pk]),
        {"code": "XQ900", "name": "新桥实验小学", "school_type": "primary", "is_rural": "1",
         "education_group": "新桥一集团"},
    )  # fmt: skip
    assert response.status_code == 302
    school = School.objects.get(district=district, code="XQ900")
    assert school.is_rural and school.education_group is not None
    listing = admin.get(reverse("tenancy:schools", args=[district.pk])).content.decode()
    assert "新桥实验小学" in listing and world.schools["B1"].school.name not in listing


def test_featured_projects_change_only_with_a_reason_kept_with_who_and_when(world: World) -> None:
    district, school = world.districts["A"], world.schools["A1"].school
    admin = _admin(world)
    url = reverse("tenancy:school_edit", args=[district.pk, school.pk])
    form = {"code": school.code, "name": school.name, "school_type": "primary", "is_rural": "0",
            "featured_projects": ["support_center"]}  # fmt: skip
    refused = admin.post(url, form).content.decode()
    assert "调整特色项目时请填写原因" in refused
    school.refresh_from_db()
    assert school.featured_projects == []
    assert admin.post(url, form | {"reason": "区级试点扩大"}).status_code == 302
    school.refresh_from_db()
    assert school.featured_projects == ["support_center"]
    row = history_model(School).objects.filter(pgh_obj_id=school.pk).latest("pgh_id")  # type: ignore[union-attr]
    assert row.pgh_context["reason"] == "区级试点扩大"
    assert row.pgh_context["user"] == world.user("A.admin").pk


def test_the_packs_page_changes_the_choice_with_a_reason_and_lists_who_when_why(
    world: World,
) -> None:
    district = world.districts["A"]
    admin = _admin(world)
    url = reverse("compliance:packs", args=[district.pk])
    admin.post(url, {"packs": ["xuhui-2026", "xuhui-backbone-2023"]})  # no reason
    district.refresh_from_db()
    assert district.policy_packs == ["xuhui-2026"]
    admin.post(url, {"packs": ["xuhui-2026", "nope-2099"], "reason": "试"})
    district.refresh_from_db()
    assert district.policy_packs == ["xuhui-2026"]
    admin.post(url, {"packs": ["xuhui-2026", "xuhui-backbone-2023"], "reason": "骨干培养启动"})
    district.refresh_from_db()
    assert district.policy_packs == ["xuhui-2026", "xuhui-backbone-2023"]
    page = admin.get(url).content.decode()
    assert "骨干培养启动" in page and world.user("A.admin").full_name in page
    reviewer = Client()
    reviewer.force_login(world.user("A.reviewer"))
    assert reviewer.get(url).status_code == 200  # reads
    reviewer.post(url, {"packs": ["putuo-2024"], "reason": "越权"})
    assert District.objects.get(pk=district.pk).policy_packs == [
        "xuhui-2026",
        "xuhui-backbone-2023",
    ]


# --------------------------------------------------------------------------- closing


def _close(world: World, key: str = "A1") -> School:
    school = world.schools[key].school
    response = _admin(world).post(
        reverse("tenancy:school_close", args=[school.district_id, school.pk]),
        {"reason": "撤并至A2"},
    )
    assert response.status_code == 302
    school.refresh_from_db()
    assert school.closed_at is not None
    return school


def test_a_closed_school_leaves_the_lists_but_keeps_its_history(world: World) -> None:
    school = _close(world)
    district = world.districts["A"]
    admin = _admin(world)
    home = admin.get(reverse("people:district_home", args=[district.pk])).content.decode()
    assert school.name not in home and world.schools["A2"].school.name in home
    assert (
        school.name
        not in admin.get(reverse("tenancy:schools", args=[district.pk])).content.decode()
    )
    closed = admin.get(
        reverse("tenancy:schools", args=[district.pk]) + "?closed=1"
    ).content.decode()
    assert school.name in closed
    api = admin.get("/api/v1/schools/").json()
    assert school.pk not in {row["id"] for row in api["results"]}
    detail = admin.get(reverse("people:district_school", args=[district.pk, school.pk]))
    assert detail.status_code == 200  # its records stay readable
    assert world.schools["A1"].teachers[0].name in detail.content.decode()


def test_a_closed_school_refuses_new_records_in_chinese(world: World) -> None:
    school = _close(world)
    leader = world.user("A1.leader")
    message = f"{school.name} 已关闭，不能再新增记录"
    with pytest.raises(ValidationError, match=message):
        people_services.teacher_create(school=school, employee_no="X1", name="新人", gender="F")
    with pytest.raises(ValidationError, match=message):
        people_services.roster_import_start(
            school=school, actor=leader, file_name="r.xlsx", data=roster_file([teacher_row(1)])
        )
    with pytest.raises(ValidationError, match=message):
        training_services.activity_create(
            district=school.district, school=school, actor=leader, title="研讨", topic="主题",
            date=first_day(), hours=Decimal(2), form="case", credit_class="lecture",
        )  # fmt: skip
    with pytest.raises(ValidationError, match=message):
        teacher_logins_create(
            actor=leader, school=school, teacher_ids=[world.schools["A1"].teachers[1].pk]
        )
    client = Client()
    client.force_login(leader)
    page = client.post(
        reverse("people:teacher_create", args=[school.pk]),
        {"employee_no": "X2", "name": "新人", "gender": "F", "professional_title": "none",
         "highest_education": "bachelor", "psych_certificate": "none", "is_active": "on"},
    )  # fmt: skip
    assert message in page.content.decode()


def test_a_closed_school_can_be_reopened_with_a_reason(world: World) -> None:
    school = _close(world)
    admin = _admin(world)
    admin.post(
        reverse("tenancy:school_reopen", args=[school.district_id, school.pk]),
        {"reason": "恢复办学"},
    )
    school.refresh_from_db()
    assert school.closed_at is None
    reasons = [
        (r.pgh_context or {}).get("reason")
        for r in history_model(School).objects.filter(pgh_obj_id=school.pk).order_by("pgh_id")  # type: ignore[union-attr]
    ]
    assert reasons[-2:] == ["撤并至A2", "恢复办学"]


def test_another_districts_admin_cannot_reopen_or_close_the_school(world: World) -> None:
    school = _close(world)
    other = _admin(world, "B")
    for name in ("tenancy:school_reopen", "tenancy:school_close"):
        for district_id in (school.district_id, world.districts["B"].pk):
            url = reverse(name, args=[district_id, school.pk])
            assert other.post(url, {"reason": "越权"}).status_code == 404
    school.refresh_from_db()
    assert school.closed_at is not None
