"""Login throttling (issue #8 §4): wrong passwords lock one username from one client IP
— on the login page and on the token endpoint alike — while the same account still logs
in from elsewhere; the client IP is the one right behind our own proxies."""

from __future__ import annotations

import datetime as dt

import pytest
from axes.models import AccessAttempt
from django.test import Client, RequestFactory, override_settings

from apps.accounts.security import client_ip
from tests.personas import World

LOGIN = "/accounts/login/"
TOKEN = "/api/v1/auth/token/"
LOCKED = "登录失败次数过多，请 15 分钟后再试"
PAST_THE_LIMIT = 6  # AXES_FAILURE_LIMIT is 5: enough to lock, and quick


def _post_login(username: str, password: str, ip: str, **headers: str) -> tuple[Client, object]:
    client = Client(REMOTE_ADDR=ip, **headers)
    return client, client.post(LOGIN, {"username": username, "password": password})


def _signed_in(client: Client) -> bool:
    return client.get("/me/").status_code == 200


@pytest.mark.django_db
def test_thirty_wrong_passwords_then_the_right_one_is_refused(world: World) -> None:
    for _ in range(30):
        _post_login("A1_leader", "wrong", "203.0.113.7")
    client, response = _post_login("A1_leader", "pw", "203.0.113.7")
    assert response.status_code == 429  # type: ignore[attr-defined]
    assert LOCKED in response.content.decode()  # type: ignore[attr-defined]
    assert 'value="A1_leader"' in response.content.decode()  # type: ignore[attr-defined]
    assert not _signed_in(client)


@pytest.mark.django_db
def test_the_lock_starts_at_the_failure_limit(world: World, settings: object) -> None:
    """AXES_FAILURE_LIMIT (5) wrong passwords lock; four do not."""
    for _ in range(4):
        _post_login("A1_leader", "wrong", "203.0.113.7")
    client, response = _post_login("A1_leader", "pw", "203.0.113.7")
    assert response.status_code == 302  # type: ignore[attr-defined]
    assert _signed_in(client)
    for _ in range(5):
        _post_login("A1_leader", "wrong", "203.0.113.7")
    _client, response = _post_login("A1_leader", "pw", "203.0.113.7")
    assert response.status_code == 429  # type: ignore[attr-defined]


@pytest.mark.django_db
def test_a_stranger_cannot_lock_the_user_out_from_elsewhere(world: World) -> None:
    for _ in range(PAST_THE_LIMIT):
        _post_login("A1_leader", "wrong", "198.51.100.66")  # the stranger
    client, response = _post_login("A1_leader", "pw", "203.0.113.7")  # the leader's office
    assert response.status_code == 302  # type: ignore[attr-defined]
    assert _signed_in(client)


@pytest.mark.django_db
def test_the_lock_is_per_username_not_for_the_whole_address(world: World) -> None:
    """A school office shares one address: one colleague's lock leaves the others alone."""
    for _ in range(PAST_THE_LIMIT):
        _post_login("A1_leader", "wrong", "203.0.113.7")
    client, response = _post_login("A1_teacher", "pw", "203.0.113.7")
    assert response.status_code == 302  # type: ignore[attr-defined]
    assert _signed_in(client)


@pytest.mark.django_db
def test_the_lock_ends_after_the_cool_off(world: World) -> None:
    for _ in range(6):
        _post_login("A1_leader", "wrong", "203.0.113.7")
    assert _post_login("A1_leader", "pw", "203.0.113.7")[1].status_code == 429  # type: ignore[attr-defined]
    AccessAttempt.objects.update(attempt_time=dt.datetime.now(dt.UTC) - dt.timedelta(minutes=16))
    client, response = _post_login("A1_leader", "pw", "203.0.113.7")
    assert response.status_code == 302  # type: ignore[attr-defined]
    assert _signed_in(client)


@pytest.mark.django_db
def test_the_token_endpoint_locks_too(world: World) -> None:
    client = Client(REMOTE_ADDR="203.0.113.7")
    for _ in range(30):
        response = client.post(TOKEN, {"username": "A1_leader", "password": "wrong"})
        assert response.status_code in (400, 429)
    response = client.post(
        TOKEN, {"username": "A1_leader", "password": "pw"}, content_type="application/json"
    )
    assert response.status_code == 429
    assert LOCKED in response.json()["detail"]
    assert "token" not in response.json()
    # …and the page is locked for the same pair: one counter for both doors.
    assert _post_login("A1_leader", "pw", "203.0.113.7")[1].status_code == 429  # type: ignore[attr-defined]
    # From elsewhere the account still gets its token.
    response = Client(REMOTE_ADDR="192.0.2.10").post(
        TOKEN, {"username": "A1_leader", "password": "pw"}
    )
    assert response.status_code == 200
    assert response.json()["token"]


@pytest.mark.django_db
def test_a_wrong_password_on_the_api_is_a_chinese_400(world: World) -> None:
    response = Client().post(TOKEN, {"username": "A1_leader", "password": "wrong"})
    assert response.status_code == 400
    assert "用户名或密码不正确" in response.json()["non_field_errors"][0]


@pytest.mark.django_db
def test_behind_no_proxy_a_forged_forwarded_for_changes_nothing(world: World) -> None:
    """TRUSTED_PROXY_COUNT = 0: X-Forwarded-For is the client's own words, ignored."""
    for n in range(PAST_THE_LIMIT):
        _post_login("A1_leader", "wrong", "203.0.113.7", HTTP_X_FORWARDED_FOR=f"10.9.9.{n}")
    _client, response = _post_login(
        "A1_leader", "pw", "203.0.113.7", HTTP_X_FORWARDED_FOR="10.1.1.1"
    )
    assert response.status_code == 429  # type: ignore[attr-defined]


@pytest.mark.django_db
@override_settings(TRUSTED_PROXY_COUNT=1)
def test_behind_one_proxy_the_client_is_the_address_the_proxy_saw(world: World) -> None:
    proxy = "10.0.0.2"
    for n in range(PAST_THE_LIMIT):  # an attacker varying the part of the header they write
        _post_login("A1_leader", "wrong", proxy, HTTP_X_FORWARDED_FOR=f"1.2.3.{n}, 203.0.113.7")
    _client, response = _post_login("A1_leader", "pw", proxy, HTTP_X_FORWARDED_FOR="203.0.113.7")
    assert response.status_code == 429  # type: ignore[attr-defined]
    # Another client behind the same proxy is not locked.
    client, response = _post_login("A1_leader", "pw", proxy, HTTP_X_FORWARDED_FOR="192.0.2.10")
    assert response.status_code == 302  # type: ignore[attr-defined]
    assert _signed_in(client)


@pytest.mark.parametrize(
    ("hops", "remote", "forwarded", "expected"),
    [
        (0, "203.0.113.7", "", "203.0.113.7"),
        (0, "203.0.113.7", "1.1.1.1", "203.0.113.7"),
        (1, "10.0.0.2", "203.0.113.7", "203.0.113.7"),
        (1, "10.0.0.2", "6.6.6.6, 203.0.113.7", "203.0.113.7"),
        (2, "10.0.0.3", "6.6.6.6, 203.0.113.7, 10.0.0.2", "203.0.113.7"),
        (2, "10.0.0.3", "203.0.113.7", "10.0.0.3"),  # fewer hops than proxies: not trusted
        (1, "10.0.0.2", "not-an-ip", "10.0.0.2"),
        (1, "10.0.0.2", "2001:db8::1", "2001:db8::1"),
    ],
)
def test_client_ip(hops: int, remote: str, forwarded: str, expected: str) -> None:
    request = RequestFactory().get("/", REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=forwarded)
    with override_settings(TRUSTED_PROXY_COUNT=hops):
        assert client_ip(request) == expected
