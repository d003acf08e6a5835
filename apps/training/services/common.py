"""What several training writes share: who may act for a district or a school, and hours
as typed."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import PermissionDenied

from apps.tenancy.access import holds_district_role, school_ids_led_by
from apps.tenancy.models import District, Role, School


def _require_district_admin(actor: Any, district: District) -> None:
    if not holds_district_role(actor, district.pk, {Role.DISTRICT_ADMIN}):
        raise PermissionDenied("only the district's admin runs its programmes and surveys")


def _require_school_leader(actor: Any, school: School) -> None:
    if school.pk not in school_ids_led_by(actor):
        raise PermissionDenied("only the school's leader writes its surveys and evaluations")


def _hours_value(value: Any) -> Decimal | None:
    """Hours as a Decimal with at most one decimal place, or None when it is not one."""
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None
    if not number.is_finite() or number != number.quantize(Decimal("0.1")):
        return None
    return number
