"""XB23-COHORT writes: the one writer of `BackboneMember` — a teacher joins the cohort
with a category, and leaves it (a transfer, withdrawal or termination) on a date."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from apps.backbone.models import BackboneMember, Category, Cohort, LeaveReason
from apps.people.models import Teacher
from apps.tenancy.access import holds_district_role
from apps.tenancy.models import DISTRICT_ROLES, Role


def _check_district_staff(actor: Any, district_id: int, *, admin_only: bool = False) -> None:
    roles = {Role.DISTRICT_ADMIN} if admin_only else DISTRICT_ROLES
    if not holds_district_role(actor, district_id, roles):
        raise PermissionDenied("只有区教育局管理人员可以维护骨干名单。")


@transaction.atomic
def member_add(
    *, actor: Any, cohort: Cohort, teacher: Teacher, category: str, joined_on: dt.date
) -> BackboneMember:
    """A teacher of the cohort's district joins it, on a day inside the cohort."""
    _check_district_staff(actor, cohort.district_id)
    errors: dict[str, str] = {}
    if teacher.district_id != cohort.district_id:
        errors["teacher"] = "该教师不属于本区，不能加入本届骨干。"
    if category not in Category.values:
        errors["category"] = "请选择骨干类别（学科（班主任）带头人或中青年骨干）。"
    if not cohort.starts_on <= joined_on <= cohort.ends_on:
        span = f"{cohort.starts_on:%Y-%m-%d} 至 {cohort.ends_on:%Y-%m-%d}"
        errors["joined_on"] = f"入选日期须在本届培养周期内（{span}）。"
    if BackboneMember.objects.filter(cohort=cohort, teacher=teacher).exists():
        errors["teacher"] = "该教师已在本届骨干名单中。"
    if errors:
        raise ValidationError(errors)
    return BackboneMember.objects.create(
        cohort=cohort, teacher=teacher, district_id=teacher.district_id,
        school_id=teacher.school_id, category=category, joined_on=joined_on, recorded_by=actor,
    )  # fmt: skip


@transaction.atomic
def member_leave(
    *, actor: Any, member: BackboneMember, on: dt.date, reason: str, note: str = ""
) -> BackboneMember:
    """The member leaves the cohort on `on`. A termination (serious ethics or legal
    violation, XB23-ASSESS) is the leading group's: district admins only, with a note."""
    locked = BackboneMember.objects.select_for_update().get(pk=member.pk)
    _check_district_staff(actor, locked.district_id, admin_only=reason == LeaveReason.TERMINATED)
    errors: dict[str, str] = {}
    if locked.left_on is not None:
        errors["member"] = f"该骨干已于 {locked.left_on:%Y-%m-%d} 离开本届。"
    if reason not in LeaveReason.values:
        errors["reason"] = "请选择离开原因。"
    if on < locked.joined_on:
        errors["on"] = f"离开日期不能早于入选日期（{locked.joined_on:%Y-%m-%d}）。"
    if reason == LeaveReason.TERMINATED and not note.strip():
        errors["note"] = "终止骨干资格须写明事由。"
    if errors:
        raise ValidationError(errors)
    locked.left_on, locked.leave_reason, locked.leave_note = on, reason, note.strip()
    locked.save(update_fields=["left_on", "leave_reason", "leave_note", "updated_at"])
    return locked
