"""Where a studio lead lands after login: their teams (工作室/工作坊) space."""

from __future__ import annotations

from django.urls import reverse

from apps.tenancy.models import Membership, Role
from apps.tenancy.portals import register_home


def _space(membership: Membership) -> str:
    return reverse("studios:space")


register_home(Role.STUDIO_LEAD, url=_space)
