"""Portal context for the base template: who is acting, as what, and the other roles."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from .access import memberships_of
from .middleware import active_membership


def portal(request: HttpRequest) -> dict[str, Any]:
    if not getattr(request, "user", None) or not request.user.is_authenticated:
        return {}
    current = active_membership(request)
    return {
        "active_membership": current,
        "all_memberships": memberships_of(request.user),
    }
