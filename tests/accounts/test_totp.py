"""Optional TOTP for district staff (issue #8 §4): enrol on the profile page with a QR
code made on the server, then give the 6-digit code after the password; a wrong code is
refused; `REQUIRE_TOTP_FOR_DISTRICT_STAFF` makes it compulsory for district roles."""

from __future__ import annotations

import time
from typing import Any

import pytest
from django.test import Client, override_settings
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.personas import World


def _code(device: TOTPDevice, steps_ahead: int = 0) -> str:
    """The device's code now (or a few 30-second steps on: a code is good only once)."""
    device.refresh_from_db()
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + steps_ahead * device.step
    return f"{totp.token():06d}"


def _wrong(code: str) -> str:
    return f"{(int(code) + 1) % 1_000_000:06d}"


def _enrol(client: Client, username: str) -> TOTPDevice:
    page = client.get("/accounts/totp/")
    assert page.status_code == 200
    device = TOTPDevice.objects.get(user__username=username)
    response = client.post("/accounts/totp/", {"code": _code(device)})
    assert response.status_code == 302
    device.refresh_from_db()
    assert device.confirmed
    return device


def _password(client: Client, username: str, password: str = "pw") -> Any:  # noqa: S107
    return client.post("/accounts/login/", {"username": username, "password": password})


@pytest.mark.django_db
def test_a_district_admin_enrols_with_a_server_made_qr_code(world: World, client_for: Any) -> None:
    client = client_for("A.admin")
    assert "启用两步验证" in client.get("/accounts/profile/").content.decode()
    page = client.get("/accounts/totp/").content.decode()
    assert 'src="data:image/svg+xml' in page  # made here: no CDN, no third party
    device = TOTPDevice.objects.get(user=world.user("A.admin"))
    assert not device.confirmed
    response = client.post("/accounts/totp/", {"code": _wrong(_code(device))})
    assert "验证码不正确或已过期" in response.content.decode()
    device.refresh_from_db()
    assert not device.confirmed
    # django-otp's throttle: after a wrong code, even the right one waits a second.
    response = client.post("/accounts/totp/", {"code": _code(device, 1)})
    assert "验证码错误次数过多，请 1 秒后再试" in response.content.decode()
    time.sleep(1)
    assert client.post("/accounts/totp/", {"code": _code(device, 1)}).status_code == 302
    device.refresh_from_db()
    assert device.confirmed
    assert "已启用" in client.get("/accounts/profile/").content.decode()


@pytest.mark.django_db
def test_after_enrolment_the_password_alone_does_not_sign_in(world: World, client_for: Any) -> None:
    device = _enrol(client_for("A.admin"), "A_admin")
    client = Client()
    response = _password(client, "A_admin")
    assert response["Location"] == "/accounts/login/code/"
    assert client.get("/me/").status_code == 302  # not signed in yet
    response = client.post("/accounts/login/code/", {"code": _wrong(_code(device, 1))})
    assert response.status_code == 200
    assert "验证码不正确或已过期" in response.content.decode()
    assert client.get("/me/").status_code == 302
    time.sleep(1)  # django-otp's throttle: one second after the first wrong code
    response = client.post("/accounts/login/code/", {"code": _code(device, 1)})
    assert response.status_code == 302
    assert client.get(response["Location"], follow=True).request["PATH_INFO"] == (
        f"/d/{world.districts['A'].pk}/"
    )


@pytest.mark.django_db
def test_a_code_is_good_only_once(world: World, client_for: Any) -> None:
    device = _enrol(client_for("A.admin"), "A_admin")
    code = _code(device, 1)
    first = Client()
    _password(first, "A_admin")
    assert first.post("/accounts/login/code/", {"code": code}).status_code == 302
    second = Client()
    _password(second, "A_admin")
    response = second.post("/accounts/login/code/", {"code": code})
    assert response.status_code == 200
    assert second.get("/me/").status_code == 302


@pytest.mark.django_db
def test_the_code_step_needs_the_password_step_first(world: World) -> None:
    response = Client().get("/accounts/login/code/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/"


@pytest.mark.django_db
def test_the_code_step_does_not_wait_forever(world: World, client_for: Any) -> None:
    device = _enrol(client_for("A.admin"), "A_admin")
    client = Client()
    _password(client, "A_admin")
    session = client.session
    session["_hr_totp_pending"]["at"] -= 5 * 60 + 1
    session.save()
    response = client.post("/accounts/login/code/", {"code": _code(device, 1)})
    assert response["Location"] == "/accounts/login/"
    assert client.get("/me/").status_code == 302


@pytest.mark.django_db
def test_school_staff_are_not_offered_totp(world: World, client_for: Any) -> None:
    client = client_for("A1.leader")
    assert "两步验证" not in client.get("/accounts/profile/").content.decode()
    assert client.get("/accounts/totp/").status_code == 404


@pytest.mark.django_db
def test_without_enrolment_the_password_is_enough_by_default(world: World) -> None:
    client = Client()
    assert _password(client, "A_admin")["Location"] != "/accounts/login/code/"
    assert client.get("/me/").status_code == 200


@pytest.mark.django_db
@override_settings(REQUIRE_TOTP_FOR_DISTRICT_STAFF=True)
def test_when_required_district_staff_enrol_at_login(world: World) -> None:
    client = Client()
    assert _password(client, "A_reviewer")["Location"] == "/accounts/login/code/"
    page = client.get("/accounts/login/code/").content.decode()
    assert "区级账号须绑定身份验证器" in page
    assert 'src="data:image/svg+xml' in page
    device = TOTPDevice.objects.get(user=world.user("A.reviewer"))
    assert client.post("/accounts/login/code/", {"code": _code(device)}).status_code == 302
    assert client.get("/me/").status_code == 200
    device.refresh_from_db()
    assert device.confirmed
    # School staff are not district staff: the password is enough for them.
    teacher = Client()
    assert _password(teacher, "A1_teacher").status_code == 302
    assert teacher.get("/me/").status_code == 200


@pytest.mark.django_db
@override_settings(REQUIRE_TOTP_FOR_DISTRICT_STAFF=True)
def test_when_required_it_cannot_be_turned_off(world: World, client_for: Any) -> None:
    client = client_for("A.admin")
    _enrol(client, "A_admin")
    response = client.post("/accounts/totp/", {"action": "remove"}, follow=True)
    assert "不能关闭" in response.content.decode()
    assert TOTPDevice.objects.filter(user=world.user("A.admin"), confirmed=True).exists()


@pytest.mark.django_db
def test_it_can_be_turned_off_when_optional(world: World, client_for: Any) -> None:
    client = client_for("A.admin")
    _enrol(client, "A_admin")
    client.post("/accounts/totp/", {"action": "remove"})
    assert not TOTPDevice.objects.filter(user=world.user("A.admin")).exists()
    assert _password(Client(), "A_admin")["Location"] != "/accounts/login/code/"


@pytest.mark.django_db
def test_the_token_endpoint_asks_an_enrolled_account_for_its_code(
    world: World, client_for: Any
) -> None:
    device = _enrol(client_for("A.admin"), "A_admin")
    response = Client().post("/api/v1/auth/token/", {"username": "A_admin", "password": "pw"})
    assert response.status_code == 400
    assert "请同时提交 6 位验证码" in response.json()["code"][0]
    response = Client().post(
        "/api/v1/auth/token/",
        {"username": "A_admin", "password": "pw", "code": _code(device, 1)},
    )
    assert response.status_code == 200
    assert response.json()["token"]


@pytest.mark.django_db
def test_the_admin_login_is_no_way_around_the_code(world: World, client_for: Any) -> None:
    admin = world.user("A.admin")
    admin.is_staff = admin.is_superuser = True
    admin.save()
    _enrol(client_for("A.admin"), "A_admin")
    client = Client()
    response = client.post("/admin/login/", {"username": "A_admin", "password": "pw"})
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    assert client.get("/admin/").status_code == 302  # still not signed in
