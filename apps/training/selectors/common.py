"""What every training read needs: the district's policy parameters (its packs with its
overrides) and the district's schools. Ids from URLs and forms become 404s through the
kit's `int_or_404`."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from apps.compliance import packs as pack_data
from apps.tenancy.models import District, School


def district_parameters(*, district: District) -> dict[str, Any]:
    """All parameters of the district's packs (with its overrides), first pack first."""
    merged: dict[str, Any] = {}
    for values in pack_data.resolved_parameters(
        district, pack_data.active_packs(district)
    ).values():
        for key, value in values.items():
            merged.setdefault(key, value)
    return merged


def district_schools(*, district: District) -> QuerySet[School]:
    return School.objects.filter(district=district).order_by("code")
