"""Login throttling (django-axes): who the client is, and what a locked-out person sees.

Axes counts wrong passwords per (username, client IP) together
(`AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]`): after `AXES_FAILURE_LIMIT`
failures that pair is refused for `AXES_COOLOFF_TIME`, even with the right password,
while the same account still logs in from anywhere else — a stranger cannot lock a real
user out.

The client IP is the address right behind our own reverse proxies. With
`TRUSTED_PROXY_COUNT = 0` (the default: gunicorn faces the clients) it is REMOTE_ADDR.
With N proxies in front, each appends the address it received from to
X-Forwarded-For, so the client is the N-th entry from the right; entries further left
were written by the client and are never trusted.
"""

from __future__ import annotations

import ipaddress
import math
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

from .forms import LoginForm


def client_ip(request: HttpRequest) -> str | None:
    """The client's address as seen by the outermost trusted proxy (see the module doc)."""
    remote = request.META.get("REMOTE_ADDR")
    hops = int(settings.TRUSTED_PROXY_COUNT)
    if hops <= 0:
        return remote
    chain = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    chain = [part for part in chain if part]
    if len(chain) < hops:  # not through all our proxies: a misconfiguration, not a client
        return remote
    candidate = chain[-hops]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote


def cooloff_minutes() -> int:
    return max(1, math.ceil(settings.AXES_COOLOFF_TIME.total_seconds() / 60))


def lockout_message() -> str:
    return f"登录失败次数过多，请 {cooloff_minutes()} 分钟后再试。"


def lockout_response(
    request: HttpRequest, original_response: HttpResponse | None, credentials: Any
) -> HttpResponse:
    """AXES_LOCKOUT_CALLABLE: 429 with the message in Chinese — JSON for the API, the
    login page (with the username kept) for a person."""
    message = lockout_message()
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": message}, status=429)
    form = LoginForm(request, initial={"username": request.POST.get("username", "")})
    context = {"form": form, "lockout": message, "next": request.POST.get("next", "")}
    return render(request, "accounts/login.html", context, status=429)
