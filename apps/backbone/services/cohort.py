"""XB23-COHORT writes: the district's cohorts (name, pack, dates — by default the pack's
`cohort_start`/`cohort_end` —, the previous cohort, whether it takes applications, the
two monthly allowance rates), and the one writer of `BackboneMember`: a teacher joins the
cohort with a category, and leaves it (a transfer, withdrawal or termination) on a date;
a transfer is a leave at the old stint and a join at the new stint of the same person."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from apps.backbone.models import BackboneMember, Category, Cohort, LeaveReason
from apps.backbone.selectors.cohort import BACKBONE_PACKS
from apps.compliance import packs as pack_data
from apps.people.models import Teacher
from apps.tenancy.access import holds_district_role
from apps.tenancy.models import DISTRICT_ROLES, District, Role


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


@dataclass(frozen=True)
class CohortFields:
    name: str
    pack: str
    starts_on: dt.date | None = None  # None: the pack's cohort_start
    ends_on: dt.date | None = None  # None: the pack's cohort_end
    previous: Cohort | None = None
    accepting_applications: bool = False
    leader_monthly_allowance: Decimal = Decimal("0")
    backbone_monthly_allowance: Decimal = Decimal("0")


def _pack_dates(district: District, pack: str) -> tuple[dt.date | None, dt.date | None]:
    values = pack_data.resolved_parameters(district, pack_data.active_packs(district))
    found = values.get(pack, {})

    def day(key: str) -> dt.date | None:
        value = found.get(key)
        return None if value is None else dt.date.fromisoformat(str(value))

    return day("cohort_start"), day("cohort_end")


def _cohort_errors(district: District, fields: CohortFields, me: Cohort | None) -> dict[str, Any]:
    errors: dict[str, str] = {}
    if not fields.name.strip():
        errors["name"] = "请填写本届名称（如 2023届骨干）。"
    if fields.pack not in BACKBONE_PACKS:
        errors["pack"] = "请选择骨干培养政策包。"
    starts, ends = fields.starts_on, fields.ends_on
    if starts is None or ends is None:
        errors["starts_on"] = "请填写培养周期的起止日期（本区未执行该政策包，无默认周期）。"
    elif ends <= starts:
        errors["ends_on"] = "培养周期结束日期须晚于开始日期。"
    if fields.previous is not None and (
        fields.previous.district_id != district.pk
        or (me is not None and fields.previous.pk == me.pk)
    ):
        errors["previous"] = "上一届须是本区的另一届骨干。"
    for key in ("leader_monthly_allowance", "backbone_monthly_allowance"):
        if getattr(fields, key) < 0:
            errors[key] = "月度津贴不能为负数。"
    return errors


def _with_pack_dates(district: District, fields: CohortFields) -> CohortFields:
    start, end = _pack_dates(district, fields.pack)
    return CohortFields(**{**fields.__dict__, "starts_on": fields.starts_on or start,
                           "ends_on": fields.ends_on or end})  # fmt: skip


@transaction.atomic
def cohort_create(*, actor: Any, district: District, fields: CohortFields) -> Cohort:
    """A new cohort of the district (its admin); dates left out are the pack's."""
    _check_district_staff(actor, district.pk, admin_only=True)
    fields = _with_pack_dates(district, fields)
    if errors := _cohort_errors(district, fields, None):
        raise ValidationError(errors)
    return Cohort.objects.create(district=district, created_by=actor, **_values(fields))


@transaction.atomic
def cohort_update(*, actor: Any, cohort: Cohort, fields: CohortFields) -> Cohort:
    """Edit a cohort (its district's admin); members stay inside the new dates."""
    _check_district_staff(actor, cohort.district_id, admin_only=True)
    locked = Cohort.objects.select_for_update().get(pk=cohort.pk)
    fields = _with_pack_dates(locked.district, fields)
    errors = _cohort_errors(locked.district, fields, locked)
    outside = BackboneMember.objects.filter(cohort=locked).exclude(
        joined_on__gte=fields.starts_on, joined_on__lte=fields.ends_on
    )
    if not errors and outside.exists():
        errors["starts_on"] = "已有骨干的入选日期不在新的培养周期内，请先调整名单。"
    if errors:
        raise ValidationError(errors)
    for key, value in _values(fields).items():
        setattr(locked, key, value)
    locked.save()
    return locked


def _values(fields: CohortFields) -> dict[str, Any]:
    values = dict(fields.__dict__)
    values["name"] = fields.name.strip()
    return values


@transaction.atomic
def member_transfer(
    *, actor: Any, member: BackboneMember, to: Teacher, on: dt.date
) -> BackboneMember:
    """The member moved school: their stint at the old school leaves the cohort on `on`
    (调动) and the new stint of the same person joins it that day, in the same category."""
    if to.person_key != member.teacher.person_key or to.pk == member.teacher_id:
        raise ValidationError({"to": "请选择同一位教师在新学校的任职记录。"})
    if to.school_id == member.school_id:
        raise ValidationError({"to": "新的任职记录仍在原学校，无需办理调动。"})
    member_leave(actor=actor, member=member, on=on, reason=LeaveReason.TRANSFER,
                 note=f"调往{to.school}")  # fmt: skip
    return member_add(actor=actor, cohort=member.cohort, teacher=to,
                      category=member.category, joined_on=on)  # fmt: skip
