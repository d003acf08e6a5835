"""The district's group robots (企业微信 / 钉钉): their settings, the message formats, and
posting.

Formats (docs/notices.md):

* 企业微信 group robot: POST the webhook URL with exactly
  `{"msgtype": "markdown", "markdown": {"content": …}}`, content at most
  `WECOM_CONTENT_MAX_BYTES` (4096) bytes of UTF-8 — longer text is cut at the last whole
  line (or character) that fits, with "…" saying so.
* 钉钉 custom robot, signed: `timestamp` (ms) and `sign` = URL-encoded
  Base64(HMAC-SHA256(key=secret, msg="{timestamp}\\n{secret}")) appended to the webhook
  URL as query parameters; body `{"msgtype": "markdown", "markdown": {"title", "text"}}`.

Both answer HTTP 200 with `errcode` 0 on success. A 5xx, a connection error, a timeout or
a non-zero `errcode` (their rate limit among them) is worth retrying (`RobotRetry`); any
other 4xx is not (`RobotRefusedError`). Webhook hosts are limited to
`NOTICE_ROBOT_HOSTS`, so a district's setting cannot make the server call inside its
own network.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction

from apps.core.sealed import SealBrokenError, masked, seal, unseal
from apps.reports.models import Channel, RobotChannel
from apps.tenancy.models import District

WECOM_CONTENT_MAX_BYTES = 4096
ELLIPSIS = "\n…（内容过长，已截断，请到平台查看全部）"


class RobotRetryError(Exception):
    """Worth trying again later (5xx, connection, timeout, the robot's rate limit)."""


class RobotRefusedError(Exception):
    """The robot refused the request for good (a 4xx: a wrong or deleted webhook)."""


# --------------------------------------------------------------------------- formats


def truncate_utf8(text: str, max_bytes: int, *, marker: str = ELLIPSIS) -> str:
    """`text` if it fits in `max_bytes` of UTF-8; else the longest run of whole lines (or,
    with no line break in reach, whole characters) that fits with `marker` after it."""
    if len(text.encode("utf-8")) <= max_bytes:
        return text
    room = max_bytes - len(marker.encode("utf-8"))
    cut = text.encode("utf-8")[:room].decode("utf-8", errors="ignore")
    if "\n" in cut:
        cut = cut[: cut.rindex("\n")]
    return cut + marker


def wecom_payload(content: str) -> dict[str, Any]:
    return {
        "msgtype": "markdown",
        "markdown": {"content": truncate_utf8(content, WECOM_CONTENT_MAX_BYTES)},
    }


def dingtalk_sign(secret: str, timestamp_ms: int) -> str:
    """Base64(HMAC-SHA256(secret, "timestamp\\nsecret")), URL-encoded."""
    message = f"{timestamp_ms}\n{secret}".encode()
    digest = hmac.new(secret.encode("utf-8"), message, hashlib.sha256).digest()
    return urllib.parse.quote_plus(base64.b64encode(digest))


def dingtalk_url(url: str, secret: str, timestamp_ms: int) -> str:
    if not secret:
        return url
    joiner = "&" if urllib.parse.urlsplit(url).query else "?"
    return f"{url}{joiner}timestamp={timestamp_ms}&sign={dingtalk_sign(secret, timestamp_ms)}"


def dingtalk_payload(title: str, text: str) -> dict[str, Any]:
    return {
        "msgtype": "markdown",
        "markdown": {"title": title, "text": truncate_utf8(text, settings.DINGTALK_TEXT_MAX_BYTES)},
    }


# --------------------------------------------------------------------------- posting


def post_json(url: str, payload: dict[str, Any]) -> None:
    """POST `payload` as JSON; raise `RobotRetryError` or `RobotRefusedError` unless the
    robot says it took it (HTTP 2xx, `errcode` 0 or absent)."""
    body = json.dumps(payload, ensure_ascii=False).encode("utf-8")
    request = urllib.request.Request(  # noqa: S310 - host checked against NOTICE_ROBOT_HOSTS
        url, data=body, method="POST", headers={"Content-Type": "application/json; charset=utf-8"}
    )
    try:
        with urllib.request.urlopen(request, timeout=settings.NOTICE_ROBOT_TIMEOUT) as response:  # noqa: S310
            answer = response.read(65536)
    except urllib.error.HTTPError as exc:
        if exc.code >= 500 or exc.code == 429:
            raise RobotRetryError(f"HTTP {exc.code}") from exc
        raise RobotRefusedError(f"HTTP {exc.code}") from exc
    except (urllib.error.URLError, TimeoutError, ConnectionError) as exc:
        raise RobotRetryError(f"连接失败：{exc}") from exc
    try:
        errcode = json.loads(answer or b"{}").get("errcode", 0)
    except (ValueError, AttributeError):
        errcode = 0
    if errcode:
        raise RobotRetryError(f"errcode {errcode}")


# --------------------------------------------------------------------------- settings


@dataclass(frozen=True)
class RobotTargets:
    """A district's robots as they are used: plain URLs and secret, only in memory."""

    wecom_url: str = ""
    dingtalk_url: str = ""
    dingtalk_secret: str = ""

    def url_for(self, channel: str) -> str:
        return self.wecom_url if channel == Channel.WECOM else self.dingtalk_url


def robot_targets(channel: RobotChannel) -> RobotTargets:
    """The channels that are on, unsealed (a token that no longer opens counts as unset)."""

    def opened(token: str) -> str:
        try:
            return unseal(token)
        except SealBrokenError:
            return ""

    return RobotTargets(
        wecom_url=opened(channel.wecom_url_sealed) if channel.wecom_on else "",
        dingtalk_url=opened(channel.dingtalk_url_sealed) if channel.dingtalk_on else "",
        dingtalk_secret=opened(channel.dingtalk_secret_sealed) if channel.dingtalk_on else "",
    )


def robot_masks(channel: RobotChannel | None) -> dict[str, str]:
    """What the settings page shows of each stored value: its last four characters."""
    if channel is None:
        return {"wecom_url": "", "dingtalk_url": "", "dingtalk_secret": ""}
    opened = {}
    for name in ("wecom_url", "dingtalk_url", "dingtalk_secret"):
        try:
            opened[name] = masked(unseal(getattr(channel, f"{name}_sealed")))
        except SealBrokenError:
            opened[name] = "（无法解密，请重新填写）"
    return opened


def _url_error(url: str, label: str) -> str | None:
    if not url:
        return None
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in ("https", "http") or not parts.hostname:
        return f"{label}格式不正确，请粘贴机器人设置中的完整 Webhook 地址（以 https:// 开头）。"
    if parts.hostname not in settings.NOTICE_ROBOT_HOSTS:
        allowed = "、".join(settings.NOTICE_ROBOT_HOSTS)
        return f"{label}的域名不在允许范围内（{allowed}）。"
    return None


@transaction.atomic
def robot_channel_save(
    *,
    district: District,
    actor: Any,
    wecom_url: str = "",
    wecom_on: bool = False,
    dingtalk_url: str = "",
    dingtalk_secret: str = "",
    dingtalk_on: bool = False,
    clear: tuple[str, ...] = (),
) -> RobotChannel:
    """Save a district's robots. A blank URL or secret keeps the stored one (the page
    never shows it, so it cannot send it back); `clear` names values to remove. A robot
    is on only with its URL (and, for 钉钉, its secret: unsigned robots are refused)."""
    wecom_url, dingtalk_url, dingtalk_secret = (
        wecom_url.strip(),
        dingtalk_url.strip(),
        dingtalk_secret.strip(),
    )
    errors = {
        field: message
        for field, message in (
            ("wecom_url", _url_error(wecom_url, "企业微信 Webhook 地址")),
            ("dingtalk_url", _url_error(dingtalk_url, "钉钉 Webhook 地址")),
        )
        if message
    }
    channel, _ = RobotChannel.objects.select_for_update().get_or_create(district=district)
    for name, value in (
        ("wecom_url", wecom_url),
        ("dingtalk_url", dingtalk_url),
        ("dingtalk_secret", dingtalk_secret),
    ):
        if name in clear:
            setattr(channel, f"{name}_sealed", "")
        elif value:
            setattr(channel, f"{name}_sealed", seal(value))
    if wecom_on and not channel.wecom_url_sealed:
        errors.setdefault("wecom_url", "启用企业微信机器人前，请填写 Webhook 地址。")
    if dingtalk_on and not (channel.dingtalk_url_sealed and channel.dingtalk_secret_sealed):
        errors.setdefault("dingtalk_secret", "启用钉钉机器人前，请填写 Webhook 地址和加签密钥。")
    if errors:
        raise ValidationError(errors)
    channel.wecom_on, channel.dingtalk_on = wecom_on, dingtalk_on
    channel.updated_by = actor
    channel.save()
    return channel
