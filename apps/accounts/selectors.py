"""Reads of accounts."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet
from django.http import Http404

from apps.tenancy.models import District, Membership, Role

from .models import User


def user_by_id(user_id: object) -> User | None:
    """The user with this id, or None (also for an id that is not a number)."""
    try:
        pk = int(str(user_id))
    except ValueError:
        return None
    return User.objects.filter(pk=pk).first()


def district_accounts(*, district: District, include_teachers: bool = False) -> QuerySet[User]:
    """Accounts holding an active role in the district (at its node or one of its open
    or closed schools), each with those roles prefetched (`district_roles`): two queries
    whatever the number of accounts."""
    roles = Membership.objects.filter(district=district, is_active=True)
    if not include_teachers:
        roles = roles.exclude(role=Role.TEACHER)
    return (
        User.objects.filter(pk__in=roles.values("user_id"))
        .prefetch_related(
            Prefetch(
                "memberships",
                queryset=roles.select_related("district", "school").order_by("school_id", "role"),
                to_attr="district_roles",
            )
        )
        .order_by("username")
    )


def district_account_get(*, district: District, user_id: int | str) -> User:
    """An account that holds or held a role in the district, with its roles there
    (`district_roles`, ended ones included); else 404."""
    try:
        pk = int(user_id)
    except (TypeError, ValueError):
        raise Http404 from None
    roles = Membership.objects.filter(district=district).select_related("district", "school")
    user = (
        User.objects.filter(pk=pk, pk__in=roles.values("user_id"))
        .prefetch_related(
            Prefetch("memberships", queryset=roles.order_by("-is_active"), to_attr="district_roles")
        )
        .first()
    )
    if user is None:
        raise Http404
    return user


def district_membership_get(*, district: District, membership_id: int | str) -> Membership:
    try:
        pk = int(membership_id)
    except (TypeError, ValueError):
        raise Http404 from None
    membership = (
        Membership.objects.filter(pk=pk, district=district)
        .select_related("user", "district", "school")
        .first()
    )
    if membership is None:
        raise Http404
    return membership


def district_roles(*, district: District) -> QuerySet[Membership]:
    """The district's active staff roles (at its node and its schools; teachers' logins
    are their schools'), with their accounts and nodes, in one query."""
    return (
        Membership.objects.filter(district=district, is_active=True)
        .exclude(role=Role.TEACHER)
        .select_related("user", "district", "school")
        .order_by("school_id", "role", "user__username", "pk")
    )
