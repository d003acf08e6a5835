"""Optional second factor for district staff: a TOTP authenticator app (django-otp).

Who gives a code after the password:

1. anyone with a confirmed device — they enrolled on the profile page
   (/accounts/totp/), which only district staff (district admins and reviewers) may do;
2. with `REQUIRE_TOTP_FOR_DISTRICT_STAFF`, every district staff member: one who has not
   enrolled yet does so at the login itself (the code step shows the QR code).

Enrolment creates an unconfirmed device; its QR code is an SVG data URI generated here
(segno, no CDN, nothing sent anywhere); the first correct code confirms it. django-otp's
throttling slows guessing down: after n wrong codes the next try must wait 2^(n-1) s.
"""

from __future__ import annotations

from base64 import b32encode

import segno
from django.conf import settings
from django.utils import timezone
from django_otp.models import VerifyNotAllowed
from django_otp.plugins.otp_totp.models import TOTPDevice

from apps.tenancy.access import memberships_of
from apps.tenancy.models import Role

from .models import User

DISTRICT_STAFF_ROLES = frozenset({Role.DISTRICT_ADMIN, Role.DISTRICT_REVIEWER})
DEVICE_NAME = "身份验证器"


def is_district_staff(user: User) -> bool:
    return any(m.role in DISTRICT_STAFF_ROLES for m in memberships_of(user))


def totp_mandatory(user: User) -> bool:
    """The setting makes the second factor compulsory for this user."""
    return bool(settings.REQUIRE_TOTP_FOR_DISTRICT_STAFF) and is_district_staff(user)


def confirmed_device(user: User) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()


def totp_required(user: User) -> bool:
    """Whether the login of `user` needs a code after the password."""
    return confirmed_device(user) is not None or totp_mandatory(user)


def enrolment_device(user: User) -> TOTPDevice:
    """The unconfirmed device being enrolled (one per user, reused until confirmed)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)
    return device


def qr_data_uri(device: TOTPDevice) -> str:
    """The device's otpauth:// URL as a QR code (an SVG data URI for an <img>)."""
    return str(segno.make(device.config_url, error="m").svg_data_uri(scale=5, border=2))


def secret_text(device: TOTPDevice) -> str:
    """The secret in base32 groups of four, for typing into an app by hand."""
    raw = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(raw[i : i + 4] for i in range(0, len(raw), 4))


def code_check(device: TOTPDevice, code: str) -> str:
    """Empty if `code` is the device's current code; else the message for the person."""
    allowed, info = device.verify_is_allowed()
    if not allowed:
        return _throttled(info or {})
    if device.verify_token(code.strip()):
        return ""
    return "验证码不正确或已过期：请输入身份验证器当前显示的 6 位数字。"


def _throttled(info: dict[str, object]) -> str:
    until = info.get("locked_until")
    if info.get("reason") == VerifyNotAllowed.N_FAILED_ATTEMPTS and until is not None:
        seconds = max(1, int((until - timezone.now()).total_seconds()) + 1)  # type: ignore[operator]
        return f"验证码错误次数过多，请 {seconds} 秒后再试。"
    return "暂时不能验证，请稍后再试。"


def totp_confirm(device: TOTPDevice, code: str) -> str:
    """Confirm an enrolment with its first code: "" when done, else the message."""
    problem = code_check(device, code)
    if not problem and not device.confirmed:
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        TOTPDevice.objects.filter(user=device.user, confirmed=False).delete()
    return problem


def totp_remove(*, user: User) -> bool:
    """Turn the second factor off (not allowed while the setting makes it compulsory)."""
    if totp_mandatory(user):
        return False
    TOTPDevice.objects.filter(user=user).delete()
    return True
