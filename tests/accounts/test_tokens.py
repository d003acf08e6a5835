"""API tokens (issue #8 §4): they expire, and they die with a portal logout, a password
change, the deactivation of the account, or `DELETE /api/v1/auth/token/`."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from apps.accounts.models import ApiToken, User
from apps.accounts.tokens import token_issue
from tests.personas import World

TOKEN = "/api/v1/auth/token/"


def _me(key: str) -> Any:
    return Client().get("/api/v1/me/", HTTP_AUTHORIZATION=f"Token {key}")


def _obtain(username: str = "A1_leader", password: str = "pw") -> str:  # noqa: S107
    response = Client().post(TOKEN, {"username": username, "password": password})
    assert response.status_code == 200, response.content
    key: str = response.json()["token"]
    return key


@pytest.mark.django_db
def test_a_token_from_the_password_works_and_says_when_it_expires(world: World) -> None:
    before = timezone.now()
    response = Client().post(
        TOKEN, {"username": "A1_leader", "password": "pw"}, content_type="application/json"
    )
    assert response.status_code == 200
    body = response.json()
    expires = dt.datetime.fromisoformat(body["expires_at"])
    assert dt.timedelta(hours=8) <= expires - before < dt.timedelta(hours=8, minutes=1)
    me = _me(body["token"])
    assert me.status_code == 200
    assert me.json()["username"] == "A1_leader"


@pytest.mark.django_db
def test_only_a_hash_of_the_key_is_stored(world: World) -> None:
    key = _obtain()
    row = ApiToken.objects.get()
    assert key not in {row.key_hash, row.prefix, row.password_hash}
    assert row.prefix == key[:8]


@pytest.mark.django_db
def test_an_expired_token_is_refused(world: World) -> None:
    key = _obtain()
    ApiToken.objects.update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    response = _me(key)
    assert response.status_code == 401
    assert "令牌已过期" in response.json()["detail"]
    assert not ApiToken.objects.exists()  # the dead row is gone too


@pytest.mark.django_db
def test_a_portal_logout_ends_the_users_tokens(world: World) -> None:
    key = _obtain()
    browser = Client()
    browser.force_login(world.user("A1.leader"))
    assert browser.post("/accounts/logout/").status_code == 302
    assert _me(key).status_code == 401
    assert not ApiToken.objects.filter(user=world.user("A1.leader")).exists()


@pytest.mark.django_db
def test_a_password_change_on_the_profile_page_ends_the_tokens(world: World) -> None:
    key = _obtain()
    browser = Client()
    browser.force_login(world.user("A1.leader"))
    response = browser.post(
        "/accounts/password/",
        {
            "old_password": "pw",
            "new_password1": "a-much-longer-pass-2026",
            "new_password2": "a-much-longer-pass-2026",
        },
    )
    assert response.status_code == 302
    response = _me(key)
    assert response.status_code == 401
    assert "密码已修改" in response.json()["detail"]
    assert browser.get("/me/").status_code == 200  # the page session itself lives on
    assert _me(_obtain(password="a-much-longer-pass-2026")).status_code == 200


@pytest.mark.django_db
def test_a_password_set_anywhere_else_ends_the_tokens_too(world: World) -> None:
    """The admin, `changepassword`, a bulk update: the token is bound to the password."""
    key = _obtain()
    user = world.user("A1.leader")
    user.set_password("changed-by-the-admin-2026")
    User.objects.filter(pk=user.pk).update(password=user.password)  # no save(), no signal
    assert _me(key).status_code == 401


@pytest.mark.django_db
def test_deactivating_the_account_ends_its_tokens(world: World) -> None:
    key = _obtain()
    user = world.user("A1.leader")
    user.is_active = False
    user.save()
    assert not ApiToken.objects.filter(user=user).exists()
    assert _me(key).status_code == 401


@pytest.mark.django_db
def test_a_token_of_an_account_deactivated_by_a_bulk_update_is_refused(world: World) -> None:
    key = _obtain()
    User.objects.filter(username="A1_leader").update(is_active=False)
    response = _me(key)
    assert response.status_code == 401
    assert "已停用" in response.json()["detail"]


@pytest.mark.django_db
def test_delete_gives_back_the_presented_token_only(world: World) -> None:
    first, second = _obtain(), _obtain()
    response = Client().delete(TOKEN, HTTP_AUTHORIZATION=f"Token {first}")
    assert response.status_code == 204
    assert _me(first).status_code == 401
    assert _me(second).status_code == 200


@pytest.mark.django_db
def test_delete_without_a_token_is_refused(world: World, client_for: Any) -> None:
    assert Client().delete(TOKEN).status_code == 401
    assert client_for("A1.leader").delete(TOKEN).status_code == 401  # a session is not a token


@pytest.mark.django_db
def test_an_unknown_key_is_refused_in_chinese(world: World) -> None:
    response = _me("not-a-real-key")
    assert response.status_code == 401
    assert "令牌无效" in response.json()["detail"]
    assert response["WWW-Authenticate"] == "Token"


@pytest.mark.django_db
def test_issuing_clears_the_users_expired_tokens(world: World) -> None:
    user = world.user("A1.leader")
    token_issue(user=user)
    ApiToken.objects.update(expires_at=timezone.now() - dt.timedelta(minutes=1))
    token_issue(user=user)
    assert ApiToken.objects.filter(user=user).count() == 1


@pytest.mark.django_db
def test_the_schema_documents_the_token_endpoint() -> None:
    import yaml

    schema = yaml.safe_load(Client().get("/api/schema/").content)
    operation = schema["paths"]["/api/v1/auth/token/"]
    assert {"200", "400", "429"} <= set(operation["post"]["responses"])
    assert "204" in operation["delete"]["responses"]
    output = schema["components"]["schemas"]["TokenOutput"]["properties"]
    assert {"token", "expires_at"} <= set(output)
    assert "tokenAuth" in schema["components"]["securitySchemes"]
