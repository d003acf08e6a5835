"""DRF authentication by an expiring API token (apps.accounts.tokens).

The header is DRF's (`Authorization: Token <key>`), so existing clients keep working and
drf-spectacular documents it as its `tokenAuth` scheme; only the key check is ours.
"""

from __future__ import annotations

from rest_framework import exceptions
from rest_framework.authentication import TokenAuthentication

from .models import ApiToken, User
from .tokens import token_check


class ExpiringTokenAuthentication(TokenAuthentication):
    keyword = "Token"

    def authenticate_credentials(self, key: str) -> tuple[User, ApiToken]:
        token, reason = token_check(key=key)
        if token is None:
            raise exceptions.AuthenticationFailed(reason)
        return token.user, token
