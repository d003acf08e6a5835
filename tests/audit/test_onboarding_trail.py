"""Issue 10 §5: every account, role, school and pack change is on the district's 谁改了什么
page — who, when, before and after (and the reason where one was asked for)."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from tests.personas import World

pytestmark = pytest.mark.django_db


def _admin(world: World, key: str = "A") -> Client:
    client = Client()
    client.force_login(world.user(f"{key}.admin"))
    return client


def _events(client: Client, world: World, table: str, key: str = "A") -> str:
    url = reverse("audit:events", args=[world.districts[key].pk]) + f"?table={table}"
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_account_role_school_and_pack_changes_appear_on_the_audit_page(world: World) -> None:
    district, school = world.districts["A"], world.schools["A2"].school
    admin = _admin(world)
    admin.post(
        reverse("accounts:staff_new", args=[district.pk]),
        {"username": "zhao.min", "full_name": "赵敏", "grant": "district_reviewer@d"},
    )
    reviewer = world.user("A.reviewer")
    admin.post(reverse("accounts:staff_deactivate", args=[district.pk, reviewer.pk]))
    admin.post(
        reverse("tenancy:school_close", args=[district.pk, school.pk]), {"reason": "撤并至A1"}
    )
    admin.post(
        reverse("compliance:packs", args=[district.pk]),
        {"packs": ["xuhui-2026", "putuo-2024"], "reason": "采用普陀区文件"},
    )
    admin_name = world.user("A.admin").full_name

    users = _events(admin, world, "accounts.user")
    assert "zhao.min" in users and admin_name in users
    assert "A_reviewer" in users  # the deactivation: active → not active

    roles = _events(admin, world, "tenancy.membership")
    assert "区审核员" in roles

    schools = _events(admin, world, "tenancy.school")
    assert school.name in schools and "原因：撤并至A1" in schools
    assert "关闭时间" in schools  # the field that changed, from empty to the time

    districts = _events(admin, world, "tenancy.district")
    assert "原因：采用普陀区文件" in districts and "putuo-2024" in districts

    other = _events(_admin(world, "B"), world, "tenancy.school", key="B")
    assert school.name not in other  # another district's admin does not see it
