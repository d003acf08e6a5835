"""Where each role lands: the portal home for a membership (URL names, not imports)."""

from __future__ import annotations

from django.urls import reverse

from .models import Membership, Role


def portal_home_url(membership: Membership) -> str:
    if membership.role in (Role.DISTRICT_ADMIN, Role.DISTRICT_REVIEWER):
        return reverse("people:district_home", kwargs={"district_id": membership.district_id})
    if membership.role == Role.SCHOOL_LEADER:
        return reverse("people:school_home", kwargs={"school_id": membership.school_id})
    return reverse("training:teacher_home")
