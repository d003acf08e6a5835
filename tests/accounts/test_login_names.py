"""Issue 10 §3: login by username, staff number (工号) or mobile number, each unique on
the platform; an initial password must be changed before anything else."""

from __future__ import annotations

import pytest
from django.test import Client

from apps.accounts.models import User
from tests.personas import World

pytestmark = pytest.mark.django_db


def _login(username: str, password: str = "pw") -> tuple[Client, int]:  # noqa: S107
    client = Client()
    response = client.post("/accounts/login/", {"username": username, "password": password})
    return client, response.status_code


@pytest.mark.parametrize(("field", "value"), [("staff_no", "T-0042"), ("phone", "13800138042")])
def test_a_person_logs_in_with_staff_number_or_mobile(world: World, field: str, value: str) -> None:
    user = world.user("A1.leader")
    setattr(user, field, value)
    user.save()
    client, status = _login(value)
    assert status == 302
    assert client.get("/api/v1/me/").json()["username"] == user.username


def test_a_wrong_password_with_a_staff_number_is_refused(world: World) -> None:
    user = world.user("A1.leader")
    user.staff_no = "T-0042"
    user.save()
    _client, status = _login("T-0042", "wrong")
    assert status == 200  # the form again, with its error


def test_a_username_wins_over_someone_elses_staff_number(world: World) -> None:
    """The login name names one account: the username first, then 工号, then mobile."""
    other = world.user("A2.leader")
    other.staff_no = world.user("A1.leader").username
    other.save(update_fields=["staff_no"])
    client, status = _login(world.user("A1.leader").username)
    assert status == 302
    assert client.get("/api/v1/me/").json()["username"] == world.user("A1.leader").username


def test_the_profile_refuses_a_mobile_number_another_account_logs_in_with(world: World) -> None:
    other = world.user("A2.leader")
    other.phone = "13800138042"
    other.save(update_fields=["phone"])
    client, _ = _login(world.user("A1.leader").username)
    response = client.post(
        "/accounts/profile/",
        {"full_name": "甲", "phone": "13800138042", "preferred_language": "zh-hans"},
    )
    assert "该手机号已被平台上其他账号使用" in response.content.decode()
    assert User.objects.get(pk=world.user("A1.leader").pk).phone == ""


def test_an_initial_password_opens_only_the_password_page(world: World) -> None:
    user = world.user("A1.leader")
    user.must_change_password = True
    user.save(update_fields=["must_change_password"])
    client, status = _login(user.username)
    assert status == 302
    school_home = client.get(f"/s/{world.schools['A1'].school.pk}/")
    assert school_home.status_code == 302
    assert school_home["Location"].startswith("/accounts/password/")
    api = client.get("/api/v1/me/")
    assert api.status_code == 403 and "请先修改为您自己的密码" in api.json()["detail"]
    token = Client().post("/api/v1/auth/token/", {"username": user.username, "password": "pw"})
    assert token.status_code == 400 and "请先在网页登录" in token.content.decode()
    client.post(
        "/accounts/password/",
        {
            "old_password": "pw",
            "new_password1": "Lz-2026-moonlit",
            "new_password2": "Lz-2026-moonlit",
        },
    )
    assert client.get(f"/s/{world.schools['A1'].school.pk}/").status_code == 200
    assert not User.objects.get(pk=user.pk).must_change_password
