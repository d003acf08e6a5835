"""The one door: every view and API fetches its tenant through these helpers.

"Not yours" and "does not exist" raise the same `Http404`, so a stranger learns nothing
from probing ids. Rights come from active memberships only:

* a district role (admin, reviewer) reads its district and every school in it, and — at a
  city node — the districts under the city;
* a school leader reads and writes their school;
* a teacher reaches only their own records (through the people selectors), never a
  school's lists.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.db.models import Q, QuerySet
from django.http import Http404

from apps.core.dbscope import current_scope

from .models import DISTRICT_ROLES, District, DistrictLevel, Membership, Role, School

if TYPE_CHECKING:
    from apps.accounts.models import User

_CACHE_ATTR = "_tenancy_memberships"
_READABLE_ATTR = "_tenancy_readable_districts"


def memberships_of(user: Any) -> list[Membership]:
    """The user's active memberships, read once per request (cached on the user object)."""
    if not getattr(user, "is_authenticated", False):
        return []
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is None:
        # A request's row-security resolver reads these same memberships for the first
        # statement that needs the request's scope; resolving the scope first lets that
        # read fill the cache, so the memberships are read once, not twice.
        current_scope()
        cached = getattr(user, _CACHE_ATTR, None)
    if cached is None:
        cached = list(Membership.objects.of_user(user))
        setattr(user, _CACHE_ATTR, cached)
    return cached


def _district_ids(memberships: Iterable[Membership], roles: Iterable[str]) -> set[int]:
    wanted = set(roles)
    return {m.district_id for m in memberships if m.role in wanted}


def district_ids_readable_by(user: User) -> set[int]:
    """Districts where the user holds a district role, plus those under a city they hold
    (the same nodes the request's row security opens, `scope.user_scope`). Read once per
    request: the districts under a city are looked up only for a role at a city, and
    kept on the user object with the memberships."""
    memberships = memberships_of(user)
    own = _district_ids(memberships, DISTRICT_ROLES)
    cities = {
        m.district_id
        for m in memberships
        if m.role in DISTRICT_ROLES and m.district.level == DistrictLevel.CITY
    }
    if not cities:
        return own
    cached: set[int] | None = getattr(user, _READABLE_ATTR, None)
    if cached is None:
        children = District.objects.filter(parent_id__in=cities).values_list("id", flat=True)
        cached = own | set(children)
        setattr(user, _READABLE_ATTR, cached)
    return set(cached)


def school_ids_led_by(user: User) -> set[int]:
    return {
        m.school_id
        for m in memberships_of(user)
        if m.role == Role.SCHOOL_LEADER and m.school_id is not None
    }


def schools_visible_to(user: User) -> QuerySet[School]:
    """Schools the user may read as a district member or a school leader."""
    district_ids = district_ids_readable_by(user)
    school_ids = school_ids_led_by(user)
    if not district_ids and not school_ids:
        return School.objects.none()
    return School.objects.filter(Q(district_id__in=district_ids) | Q(id__in=school_ids))


def holds_district_role(user: User, district_id: int, roles: Iterable[str]) -> bool:
    """Whether the user holds one of `roles` at this district itself (not through a city)."""
    return district_id in _district_ids(memberships_of(user), roles)


def access_district(
    user: User, district_id: int | str, *, roles: Iterable[str] | None = None
) -> District:
    """A district the user holds a district role at (or under a city they hold); else 404.

    With `roles`, the user must hold one of those roles at this district itself — to act
    for it (review its schools' evidence, say), not only to read it: a city's roles read
    the districts under it but do not act for them.
    """
    try:
        wanted = int(district_id)
    except (TypeError, ValueError):
        raise Http404 from None
    if roles is None:
        # A district role held at the district itself needs no look-up of a city's children.
        allowed = holds_district_role(user, wanted, DISTRICT_ROLES) or (
            wanted in district_ids_readable_by(user)
        )
    else:
        allowed = holds_district_role(user, wanted, roles)
    if not allowed:
        raise Http404
    try:
        return District.objects.select_related("parent").get(pk=wanted)
    except District.DoesNotExist:
        raise Http404 from None


def access_school(user: User, school_id: int | str, *, write: bool = False) -> School:
    """A school the user may read (district member or its leader) or, with `write`, lead."""
    try:
        wanted = int(school_id)
    except (TypeError, ValueError):
        raise Http404 from None
    if write:
        allowed = wanted in school_ids_led_by(user)
        queryset = School.objects.filter(pk=wanted)
    else:
        allowed = True
        queryset = schools_visible_to(user).filter(pk=wanted)
    school = queryset.select_related("district", "education_group").first() if allowed else None
    if school is None:
        raise Http404
    return school
