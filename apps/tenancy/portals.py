"""Where each role lands: the portal home for a membership.

Tenancy knows no domain URL: each app that owns a portal home registers it for its roles
in its `AppConfig.ready` (`register_home(Role.SCHOOL_LEADER, url=…)`), and the role
switcher and the start page ask here.
"""

from __future__ import annotations

from collections.abc import Callable

from .models import Membership, Role

HomeUrl = Callable[[Membership], str]
_HOMES: dict[str, HomeUrl] = {}


def register_home(*roles: str, url: HomeUrl) -> None:
    """Say where a membership of one of `roles` lands (one app per role)."""
    for role in roles:
        if role in _HOMES and _HOMES[role] is not url:
            raise ValueError(f"a portal home for {role!r} is registered twice")
        _HOMES[role] = url


def portal_home_url(membership: Membership) -> str:
    try:
        return _HOMES[membership.role](membership)
    except KeyError:
        raise LookupError(f"no portal home registered for the role {membership.role!r}") from None


def registered_roles() -> set[str]:
    return set(_HOMES)


__all__ = ["Role", "portal_home_url", "register_home", "registered_roles"]
