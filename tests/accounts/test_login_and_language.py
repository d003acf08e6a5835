"""Login, logout, profile and the interface language (Chinese by default, English on
request), issue #2 §1–2."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from tests.personas import World


@pytest.mark.django_db
def test_wrong_password_gets_a_chinese_message(world: World) -> None:
    response = Client().post("/accounts/login/", {"username": "A1_leader", "password": "nope"})
    assert response.status_code == 200
    assert "用户名或密码不正确" in response.content.decode()


def test_login_sends_each_role_to_its_portal(world: World) -> None:
    client = Client()
    response = client.post("/accounts/login/", {"username": "A_admin", "password": "pw"})
    assert response.status_code == 302
    response = client.get(response["Location"])
    assert response["Location"] == f"/d/{world.districts['A'].pk}/"


def test_chinese_is_the_default_whatever_the_browser_says(world: World, client_for: Any) -> None:
    response = client_for("A1.leader").get(
        f"/s/{world.schools['A1'].school.pk}/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9"
    )
    body = response.content.decode()
    assert '<html lang="zh-hans">' in body
    assert "退出登录" in body


def test_english_on_request(world: World, client_for: Any) -> None:
    client = client_for("A1.leader")
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    body = client.get(f"/s/{world.schools['A1'].school.pk}/").content.decode()
    assert '<html lang="en">' in body
    assert "Log out" in body
    assert "Homeroom Teacher Workforce Platform" in body


def test_profile_saves_language_and_validates_phone(world: World, client_for: Any) -> None:
    client = client_for("A1.teacher")
    response = client.post(
        "/accounts/profile/",
        {"full_name": "教师甲", "phone": "12ab", "preferred_language": "zh-hans"},
    )
    assert "手机号应为 7–15 位数字" in response.content.decode()
    response = client.post(
        "/accounts/profile/",
        {"full_name": "教师甲", "phone": "13800138000", "preferred_language": "en"},
    )
    assert response.status_code == 302
    world.user("A1.teacher").refresh_from_db()
    assert world.user("A1.teacher").preferred_language == "en"
    assert "Log out" in client.get("/me/").content.decode()


def test_user_without_role_sees_an_explanation(db: None) -> None:
    from apps.accounts.models import User

    user = User.objects.create(username="lonely")
    client = Client()
    client.force_login(user)
    assert "还没有分配角色" in client.get("/").content.decode()


def test_logout_is_a_post(world: World, client_for: Any) -> None:
    client = client_for("A1.leader")
    assert client.post("/accounts/logout/").status_code == 302
    assert client.get("/me/").status_code == 302  # back to the login page
