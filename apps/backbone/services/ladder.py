"""XH26-LADDER: a school piloting the homeroom rating records a teacher's rung with its
date and basis (its leader only); the recorded rung wins over the computed one."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from apps.backbone.models import HomeroomRating, Rung
from apps.core.plausible import record_date_error
from apps.core.text import text_errors
from apps.people.models import Teacher
from apps.tenancy.access import school_ids_led_by
from apps.tenancy.models import School, refuse_if_closed

BASIS_MAX = 2000


@transaction.atomic
def rating_record(
    *,
    actor: Any,
    school: School,
    teacher: Teacher,
    rung: str,
    rated_on: dt.date | None,
    basis: str,
) -> HomeroomRating:
    if school.pk not in school_ids_led_by(actor):
        raise PermissionDenied("not the school's leader")
    refuse_if_closed(school)
    errors = text_errors({"basis": basis}, {"basis": "评定依据"})
    if teacher.school_id != school.pk:
        errors["teacher"] = "只能为本校教师评定职级。"
    if rung not in Rung.values:
        errors["rung"] = "请选择职级（职初、骨干或卓越）。"
    if rated_on is None:
        errors["rated_on"] = "请填写评定日期。"
    elif message := record_date_error(rated_on, label="评定日期"):
        errors["rated_on"] = message
    if not basis.strip():
        errors.setdefault("basis", "请填写评定依据。")
    elif len(basis.strip()) > BASIS_MAX:
        errors.setdefault("basis", f"评定依据不能超过 {BASIS_MAX} 个字。")
    if errors or rated_on is None:
        raise ValidationError(errors)
    return HomeroomRating.objects.create(
        teacher=teacher,
        school=school,
        district_id=school.district_id,
        rung=rung,
        rated_on=rated_on,
        basis=basis.strip(),
        recorded_by=actor,
    )


__all__ = ["rating_record"]
