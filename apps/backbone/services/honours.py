"""Homeroom honours: recorded (and struck off when entered by mistake) by the teacher's
school leader or the district's staff; a teacher holds each honour once."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from apps.backbone.models import HomeroomHonour, Honour
from apps.core.plausible import record_date_error
from apps.core.text import text_errors
from apps.people.models import Teacher
from apps.tenancy.access import holds_district_role, school_ids_led_by
from apps.tenancy.models import DISTRICT_ROLES, refuse_if_closed

ISSUER_MAX = 100


def may_record_honours(actor: Any, teacher: Teacher) -> bool:
    """The teacher's school leader or a district admin/reviewer of the teacher's district."""
    return teacher.school_id in school_ids_led_by(actor) or holds_district_role(
        actor, teacher.district_id, DISTRICT_ROLES
    )


def _errors(
    teacher: Teacher, honour: str, awarded_on: dt.date | None, issuer: str
) -> dict[str, str]:
    errors = text_errors({"issuer": issuer}, {"issuer": "授予单位"})
    if honour not in Honour.values:
        errors["honour"] = (
            "请选择称号或奖项（区高级、市高级、市特级班主任，市级优秀班主任，基本功大赛区级一等奖）。"
        )
    elif HomeroomHonour.objects.filter(teacher=teacher, honour=honour).exists():
        errors["honour"] = f"{teacher.name} 已登记“{Honour(honour).label}”，不能重复登记。"
    if awarded_on is None:
        errors["awarded_on"] = "请填写获得日期。"
    elif message := record_date_error(awarded_on, label="获得日期"):
        errors["awarded_on"] = message
    if len(issuer.strip()) > ISSUER_MAX:
        errors.setdefault("issuer", f"授予单位不能超过 {ISSUER_MAX} 个字。")
    return errors


@transaction.atomic
def honour_record(
    *, actor: Any, teacher: Teacher, honour: str, awarded_on: dt.date | None, issuer: str = ""
) -> HomeroomHonour:
    if not may_record_honours(actor, teacher):
        raise PermissionDenied("not the teacher's school leader nor district staff")
    refuse_if_closed(teacher.school)
    errors = _errors(teacher, honour, awarded_on, issuer)
    if errors or awarded_on is None:
        raise ValidationError(errors)
    return HomeroomHonour.objects.create(
        teacher=teacher,
        school_id=teacher.school_id,
        district_id=teacher.district_id,
        honour=honour,
        awarded_on=awarded_on,
        issuer=issuer.strip(),
        recorded_by=actor,
    )


@transaction.atomic
def honour_remove(*, actor: Any, honour: HomeroomHonour) -> None:
    """Strike off an honour entered by mistake (its history keeps the row)."""
    if not may_record_honours(actor, honour.teacher):
        raise PermissionDenied("not the teacher's school leader nor district staff")
    honour.delete()


__all__ = ["honour_record", "honour_remove", "may_record_honours"]
