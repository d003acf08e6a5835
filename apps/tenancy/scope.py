"""Whose personal data a web request may read: the database's row-level security scope
of a request (the mechanism is `apps.core.dbscope`; this module decides the request's
scope, since tenancy knows who may see which school).

A request reads, in the database, the rows of the schools and districts where its user
holds an active membership — a school role (leader, teacher) its school, a district role
(admin, reviewer) its district and, at a city, the districts under it: the same nodes
the access helpers (`apps.tenancy.access`) open, so the database never shows a view more
than the one door would. A superuser (Django admin) reads every school; a stranger
none.

The scope is resolved when the first statement needs it, not when the request starts:
a DRF token user is known only inside the view. Until a user is known the request has
no scope (the session and user tables it reads then have no row security).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils.functional import empty

from apps.core.dbscope import NO_SCOPE, SYSTEM, DbScope, db_scope

from .access import memberships_of
from .models import DISTRICT_ROLES, District, DistrictLevel


def user_scope(user: Any) -> DbScope:
    """The schools and districts `user` may read (see the module docstring)."""
    if not getattr(user, "is_authenticated", False):
        return NO_SCOPE
    if getattr(user, "is_superuser", False):
        return SYSTEM
    memberships = memberships_of(user)
    schools = {m.school_id for m in memberships if m.school_id is not None}
    districts = {m.district_id for m in memberships if m.role in DISTRICT_ROLES}
    cities = {
        m.district_id
        for m in memberships
        if m.role in DISTRICT_ROLES and m.district.level == DistrictLevel.CITY
    }
    if cities:
        districts |= set(District.objects.filter(parent_id__in=cities).values_list("id", flat=True))
    return DbScope.of(schools=schools, districts=districts)


def _known_user(request: HttpRequest) -> Any:
    """The request's user if authentication has already run, without running it (an
    unevaluated lazy user would query the session from inside a statement)."""
    user = request.__dict__.get("user")
    wrapped = getattr(user, "_wrapped", None)
    if user is None or wrapped is empty:
        return None
    return wrapped if wrapped is not None else user


class RequestScope:
    """The resolver `apps.core.dbscope` calls per statement: the scope of the request's
    user, computed once per user (DRF may swap an anonymous user for a token's)."""

    def __init__(self, request: HttpRequest) -> None:
        self.request = request
        self._user_key: object = None
        self._scope = NO_SCOPE

    def __call__(self) -> DbScope:
        user = _known_user(self.request)
        if user is None:
            return NO_SCOPE
        key = (getattr(user, "pk", None), getattr(user, "is_authenticated", False))
        if key != self._user_key:
            self._scope = user_scope(user)
            self._user_key = key
        return self._scope


class DbScopeMiddleware:
    """Every statement of the request runs in the request's scope; none after it."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        with db_scope(RequestScope(request)):
            return self.get_response(request)
