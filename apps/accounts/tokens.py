"""API tokens that expire and die with the password, the account and a portal logout.

A token is a random key handed out once; only its SHA-256 is stored (a token is high in
entropy, so a fast hash is enough — nothing to brute-force). Checking a key:

1. hash it and fetch the row with its user (one query);
2. refuse it if it has expired, if the account is inactive, or if the user's password
   changed since it was issued (the row keeps the session auth hash of the password it
   was issued under, exactly as Django ties a session to the password) — and delete the
   row, so dead tokens do not pile up;
3. otherwise the request is that user's.

The rejections in step 2 hold whatever way the password or the account changed (the
profile page, the admin, `manage.py changepassword`, a bulk `update()`); a portal logout
deletes all the user's tokens (`apps.accounts.signals`), `DELETE /api/v1/auth/token/`
deletes the one presented.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime

from django.conf import settings
from django.utils import timezone
from django.utils.crypto import constant_time_compare

from .models import ApiToken, User

KEY_BYTES = 32  # 43 URL-safe characters


def _digest(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def token_issue(*, user: User) -> tuple[str, ApiToken]:
    """A new token for `user`: (the key, shown once; the stored row). The user's expired
    tokens are removed on the way."""
    now = timezone.now()
    ApiToken.objects.filter(user=user, expires_at__lte=now).delete()
    key = secrets.token_urlsafe(KEY_BYTES)
    token = ApiToken.objects.create(
        user=user,
        key_hash=_digest(key),
        prefix=key[:8],
        password_hash=user.get_session_auth_hash(),
        expires_at=now + settings.TOKEN_TTL,
    )
    return key, token


def token_check(*, key: str) -> tuple[ApiToken | None, str]:
    """The live token for `key` and "" — or None and why it was refused (in Chinese)."""
    token = ApiToken.objects.select_related("user").filter(key_hash=_digest(key)).first()
    if token is None:
        return None, "令牌无效，请重新获取（POST /api/v1/auth/token/）。"
    reason = _refusal(token, timezone.now())
    if reason:
        token.delete()
        return None, reason
    return token, ""


def _refusal(token: ApiToken, now: datetime) -> str:
    if token.expires_at <= now:
        return "令牌已过期，请重新获取（POST /api/v1/auth/token/）。"
    if not token.user.is_active:
        return "该账号已停用，令牌不再有效，请联系学校或区管理员。"
    if not constant_time_compare(token.password_hash, token.user.get_session_auth_hash()):
        return "密码已修改，令牌不再有效，请用新密码重新获取。"
    return ""


def token_revoke(*, token: ApiToken) -> None:
    token.delete()


def tokens_revoke_all(*, user: User) -> int:
    """Delete every token of `user` (logout); the number deleted."""
    deleted, _by_model = ApiToken.objects.filter(user=user).delete()
    return deleted
