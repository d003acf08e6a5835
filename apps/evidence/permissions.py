"""Who may act on evidence beyond reading it.

Reading follows the tenancy rules (a school's leader and its district's roles read its
items). Submitting and withdrawing need the school's leader (`access_school(write=True)`);
reviewing needs a reviewer or admin membership at the item's district itself.
"""

from __future__ import annotations

from typing import Any

from apps.tenancy.access import access_district, holds_district_role
from apps.tenancy.models import District, Role

REVIEWER_ROLES = frozenset({Role.DISTRICT_REVIEWER, Role.DISTRICT_ADMIN})


def can_review(user: Any, district: District) -> bool:
    return holds_district_role(user, district.pk, REVIEWER_ROLES)


def access_review_district(user: Any, district_id: int | str) -> District:
    """The district, when the user may review its evidence; else 404 (one door)."""
    return access_district(user, district_id, roles=REVIEWER_ROLES)
