"""Issue 10 §5: the district admin's 学校管理 through the API — create, edit, close and
reopen a school; import the school list (every bad row in the job, nothing saved); the
policy-pack choice with who/when/why. The same permissions as the pages: the district's
own admin only, and another district's admin gets 404 for everything of this one."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from apps.core.jobs import import_run
from apps.tenancy.models import District, EducationGroup, School, SchoolImport
from tests.personas import World
from tests.support.xlsx import school_list_file, school_row

pytestmark = pytest.mark.django_db


def _schools_url(world: World, key: str = "A") -> str:
    return f"/api/v1/districts/{world.districts[key].pk}/schools/"


def _codes(response: Any) -> set[str]:
    assert response.status_code == 200, response.content[:300]
    return {row["code"] for row in response.json()["results"]}


# --------------------------------------------------------------------------- create, edit, close


def test_the_admin_creates_and_edits_a_school_and_bad_input_names_the_field(
    world: World, client_for: Any
) -> None:
    admin, url = client_for("A.admin"), _schools_url(world)
    bad = admin.post(
        url,
        {"code": "bad code", "name": "坏代码小学", "school_type": "primary"},
        "application/json",
    )
    assert bad.status_code == 400
    assert "学校代码须为 1–40 位字母、数字" in bad.json()["code"][0]
    assert not School.objects.filter(name="坏代码小学").exists()

    created = admin.post(
        url,
        {"code": "XQ900", "name": "新桥实验小学", "school_type": "primary", "is_rural": True,
         "education_group": "新桥一集团"},
        "application/json",
    )  # fmt: skip
    assert created.status_code == 201, created.content
    school = School.objects.get(district=world.districts["A"], code="XQ900")
    assert school.is_rural and school.education_group is not None
    assert created.json()["education_group_name"] == "新桥一集团"
    assert "XQ900" in _codes(admin.get(url))

    edited = admin.patch(f"{url}{school.pk}/", {"name": "新桥实验学校"}, "application/json")
    assert edited.status_code == 200 and edited.json()["name"] == "新桥实验学校"
    school.refresh_from_db()
    assert school.name == "新桥实验学校" and school.code == "XQ900"  # the rest unchanged


def test_featured_projects_change_only_with_a_reason(world: World, client_for: Any) -> None:
    school = world.schools["A1"].school
    url = f"{_schools_url(world)}{school.pk}/"
    admin = client_for("A.admin")
    refused = admin.patch(url, {"featured_projects": ["support_center"]}, "application/json")
    assert refused.status_code == 400
    assert "调整特色项目时请填写原因" in refused.json()["reason"][0]
    school.refresh_from_db()
    assert school.featured_projects == []
    done = admin.patch(
        url, {"featured_projects": ["support_center"], "reason": "区级试点扩大"}, "application/json"
    )
    assert done.status_code == 200 and done.json()["featured_projects"] == ["support_center"]


def test_a_closed_school_leaves_the_list_and_comes_back_when_reopened(
    world: World, client_for: Any
) -> None:
    school = world.schools["A1"].school
    admin, url = client_for("A.admin"), _schools_url(world)
    no_reason = admin.post(f"{url}{school.pk}/close/", {}, "application/json")
    assert no_reason.status_code == 400 and "reason" in no_reason.json()

    closed = admin.post(f"{url}{school.pk}/close/", {"reason": "撤并至A2"}, "application/json")
    assert closed.status_code == 200 and closed.json()["closed_at"] is not None
    assert _codes(admin.get(url)) == {world.schools["A2"].school.code}
    assert _codes(admin.get(url, {"closed": "true"})) == {school.code}
    assert admin.get(f"{url}{school.pk}/").status_code == 200  # still read, open or closed
    again = admin.post(f"{url}{school.pk}/close/", {"reason": "再关"}, "application/json")
    assert again.status_code == 400 and "已经关闭" in again.json()["reason"][0]

    reopened = admin.post(f"{url}{school.pk}/reopen/", {"reason": "恢复招生"}, "application/json")
    assert reopened.status_code == 200 and reopened.json()["closed_at"] is None
    assert school.code in _codes(admin.get(url))


def test_the_schools_are_the_district_admins_only(world: World, client_for: Any) -> None:
    """A reviewer of the district reads no school card here (as on the page)."""
    url = _schools_url(world)
    assert client_for("A.reviewer").get(url).status_code == 404
    assert client_for("A1.leader").get(url).status_code == 404
    assert client_for("anon").get(url).status_code in (401, 403)


def test_the_admin_of_district_b_can_neither_see_nor_change_district_a_schools(
    world: World, client_for: Any
) -> None:
    other = client_for("B.admin")
    school = world.schools["A1"].school
    before = School.objects.get(pk=school.pk).updated_at
    for foreign in (_schools_url(world, "A"), _schools_url(world, "B")):  # A's, and A's under B's
        detail = f"{foreign}{school.pk}/"
        assert other.get(detail).status_code == 404
        assert other.patch(detail, {"name": "越权改名"}, "application/json").status_code == 404
        closing = other.post(f"{detail}close/", {"reason": "越权"}, "application/json")
        assert closing.status_code == 404
    assert other.get(_schools_url(world, "A")).status_code == 404
    assert school.code not in _codes(other.get(_schools_url(world, "B")))
    created = other.post(
        _schools_url(world, "A"),
        {"code": "B-IN-A", "name": "越权学校", "school_type": "primary"},
        "application/json",
    )
    assert created.status_code == 404
    assert not School.objects.filter(code="B-IN-A").exists()
    assert School.objects.get(pk=school.pk).updated_at == before


# --------------------------------------------------------------------------- import


def _upload(client: Client, world: World, data: bytes, key: str = "A") -> dict[str, Any]:
    """POST the file (202, a pending job), run the job's task body, GET the job."""
    url = f"/api/v1/districts/{world.districts[key].pk}/school-imports/"
    response = client.post(url, {"file": SimpleUploadedFile("学校名单.xlsx", data)})
    assert response.status_code == 202, response.content
    assert response.json()["state"] == "pending"
    job_id = response.json()["id"]
    import_run(model_label=SchoolImport._meta.label_lower, job_id=job_id)
    detail = client.get(f"{url}{job_id}/")
    assert detail.status_code == 200
    return dict(detail.json())


def test_an_import_with_bad_rows_lists_every_one_in_the_job_and_saves_nothing(
    world: World, client_for: Any
) -> None:
    rows = [school_row(n) for n in range(1, 31)]
    rows[9] = school_row(10, 学段类型="大学")  # sheet row 11
    rows[19] = school_row(5)  # row 21: the code of row 6 again
    rows[29] = school_row(30, 学校名称="")  # row 31: a required cell left empty
    before = School.objects.count(), EducationGroup.objects.count()
    job = _upload(client_for("A.admin"), world, school_list_file(rows))
    assert job["state"] == "failed"
    assert [(e["sheet"], e["row"], e["column"]) for e in job["errors"]] == [
        ("学校", 11, "学段类型"),
        ("学校", 21, "学校代码"),
        ("学校", 31, "学校名称"),
    ]
    assert "与第 6 行重复" in job["errors"][1]["message"]
    assert (School.objects.count(), EducationGroup.objects.count()) == before


def test_a_clean_import_creates_the_schools(world: World, client_for: Any) -> None:
    admin = client_for("A.admin")
    job = _upload(admin, world, school_list_file([school_row(n) for n in range(1, 31)]))
    assert job["state"] == "succeeded" and job["errors"] == []
    assert job["summary"]["created"] == 30 and "新增学校 30 所" in job["message"]
    listed = _codes(admin.get(_schools_url(world), {"page_size": 100}))
    assert {f"XQ{n:03d}" for n in range(1, 31)} <= listed
    assert not School.objects.filter(district=world.districts["B"], code="XQ001").exists()


def test_the_template_downloads_and_jobs_are_the_districts_own(
    world: World, client_for: Any
) -> None:
    admin = client_for("A.admin")
    base = f"/api/v1/districts/{world.districts['A'].pk}/school-imports/"
    template = admin.get(f"{base}template/")
    assert template.status_code == 200
    sheet = load_workbook(io.BytesIO(template.content))["学校"]
    headers = [c.value for c in next(sheet.iter_rows(max_row=1))]
    assert headers == ["学校代码*", "学校名称*", "学段类型*", "城乡", "教育集团", "特色项目"]
    job = _upload(admin, world, school_list_file([school_row(1)]))
    assert client_for("B.admin").get(f"{base}{job['id']}/").status_code == 404
    b_base = f"/api/v1/districts/{world.districts['B'].pk}/school-imports/"
    assert client_for("B.admin").get(f"{b_base}{job['id']}/").status_code == 404
    assert client_for("A.reviewer").get(f"{base}{job['id']}/").status_code == 404


# --------------------------------------------------------------------------- pack choice


def test_the_pack_choice_is_changed_by_the_admin_with_who_and_why(
    world: World, client_for: Any
) -> None:
    district = world.districts["A"]
    url = f"/api/v1/districts/{district.pk}/policy-pack-choice/"
    change = {"packs": ["xuhui-2026", "xuhui-backbone-2023"], "reason": "骨干培养启动"}
    reviewer = client_for("A.reviewer")
    assert reviewer.get(url).json()["packs"] == ["xuhui-2026"]  # its roles read it
    assert reviewer.post(url, change, "application/json").status_code == 404
    assert client_for("B.admin").post(url, change, "application/json").status_code == 404
    assert District.objects.get(pk=district.pk).policy_packs == ["xuhui-2026"]

    admin = client_for("A.admin")
    no_reason = admin.post(url, {"packs": change["packs"], "reason": ""}, "application/json")
    assert no_reason.status_code == 400 and "reason" in no_reason.json()
    unknown = admin.post(url, {"packs": ["nope-2099"], "reason": "试"}, "application/json")
    assert unknown.status_code == 400 and "nope-2099" in unknown.json()["packs"][0]

    done = admin.post(url, change, "application/json")
    assert done.status_code == 200, done.content
    body = done.json()
    assert body["packs"] == ["xuhui-2026", "xuhui-backbone-2023"]
    latest = body["history"][0]
    assert latest["reason"] == "骨干培养启动"
    assert latest["actor"] == world.user("A.admin").full_name
    assert latest["packs"] == ["xuhui-2026", "xuhui-backbone-2023"] and latest["at"]
    assert reviewer.get(url).json()["history"][0]["reason"] == "骨干培养启动"
    assert District.objects.get(pk=district.pk).policy_packs == change["packs"]


def test_the_school_list_costs_the_same_queries_for_2_schools_as_for_22(
    world: World, client_for: Any
) -> None:
    admin, url = client_for("A.admin"), _schools_url(world)
    admin.get(url)  # the session and the memberships, read once per client

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert admin.get(url).status_code == 200
        return len(captured)

    few = queries()
    district = world.districts["A"]
    group = EducationGroup.objects.create(district=district, name="新桥教育集团")
    for n in range(20):
        School.objects.create(
            district=district, code=f"QC{n:02d}", name=f"计数{n}小学",
            school_type="primary", education_group=group,
        )  # fmt: skip
    assert len(admin.get(url).json()["results"]) == 22
    assert queries() == few
