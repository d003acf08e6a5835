"""Interface language: Simplified Chinese unless the person chose English.

Unlike Django's LocaleMiddleware we ignore the browser's Accept-Language: the product is
Chinese by default, whatever language the computer in the school office was set up in.
Order: the language cookie (set by the switcher) → the user's saved preference → default.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation

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
