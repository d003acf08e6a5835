"""Per-request account concerns: the interface language and the session timeouts.

Interface language: Simplified Chinese unless the person chose English.

Unlike Django's LocaleMiddleware we ignore the browser's Accept-Language: the product is
Chinese by default, whatever language the computer in the school office was set up in.
Order: the language cookie (set by the switcher) → the user's saved preference → default.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.contrib.auth.models import AnonymousUser
from django.contrib.sessions.backends.base import SessionBase
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import translation

from .sessions import LAST_SEEN, LOGIN_AT, SIGNED_OUT_REASON

_SUPPORTED = {code for code, _name in settings.LANGUAGES}


class UserLanguageMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if language not in _SUPPORTED:
            user = getattr(request, "user", None)
            language = getattr(user, "preferred_language", None) if user else None
        if language not in _SUPPORTED:
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response


class SessionTimeoutMiddleware:
    """End a portal session after `SESSION_IDLE_SECONDS` without a request, and in any
    case `SESSION_ABSOLUTE_SECONDS` after the login.

    1. The login stamps the session with the login time and the last activity
       (`apps.accounts.signals`).
    2. Each request of a signed-in session checks both against now. Past either limit
       the session is flushed (no logout signal: the person's API tokens live on), the
       request goes on as anonymous, and the new session remembers why, for the login
       page to say so.
    3. Otherwise the activity stamp moves on, at most once per
       `SESSION_ACTIVITY_RESOLUTION` seconds, so most requests do not write the session.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        session = request.session
        if SESSION_KEY in session:  # signed in
            now = int(time.time())
            reason = session_expiry_reason(session, now)
            if reason:
                session.flush()
                session[SIGNED_OUT_REASON] = reason
                request.user = AnonymousUser()
            elif now - int(session.get(LAST_SEEN, 0)) >= settings.SESSION_ACTIVITY_RESOLUTION:
                session[LAST_SEEN] = now
        return self.get_response(request)


def session_expiry_reason(session: SessionBase, now: int) -> str:
    """The reason to end a signed-in session at unix time `now` ("idle", "absolute"),
    or "" to keep it."""
    login_at = session.setdefault(LOGIN_AT, now)  # sessions from before this check
    last_seen = session.setdefault(LAST_SEEN, now)
    if now - int(login_at) > settings.SESSION_ABSOLUTE_SECONDS:
        return "absolute"
    if now - int(last_seen) > settings.SESSION_IDLE_SECONDS:
        return "idle"
    return ""


class ForcePasswordChangeMiddleware:
    """An account on an initial or reset password (`must_change_password`) goes to the
    password page first: every other page redirects there, and the API answers 403, until
    the person has chosen their own password. After the authentication middleware."""

    ALLOWED = ("/accounts/password/", "/accounts/logout/", "/static/", "/i18n/", "/healthz")
    MESSAGE = "这是初始密码或重置后的密码，请先修改为您自己的密码。"

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and getattr(user, "must_change_password", False)
            and not request.path.startswith(self.ALLOWED)
        ):
            if request.path.startswith("/api/"):
                return JsonResponse({"detail": self.MESSAGE}, status=403)
            return redirect(f"{reverse('accounts:password_change')}?first=1")
        return self.get_response(request)
