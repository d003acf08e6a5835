"""XB-ASSESS writes: the district enters a confirmed member's yearly assessment — the
result, the special funding it releases and whether the member stays; 调整出团队 makes
the member leave (reason: the assessment) and leaves a vacancy to refill. The one writer
of `GrowthAssessment`."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from apps.backbone.models import (
    AdmissionStatus,
    Decision,
    GrowthAssessment,
    GrowthMember,
    MemberLeave,
    Result,
)
from apps.core.plausible import record_date_error
from apps.core.schoolyear import school_year, school_year_of

from .admissions import member_leave
from .teams import require_admin


@transaction.atomic
def assessment_enter(
    *, actor: Any, member: GrowthMember, year: int | None, result: str,
    funding: Decimal | None, decision: str, on: dt.date | None,
) -> GrowthAssessment:  # fmt: skip
    """One member's assessment for one school year, entered once."""
    require_admin(actor, member.district_id)
    member = GrowthMember.objects.select_for_update().get(pk=member.pk)
    _check_entry(result=result, funding=funding, decision=decision, on=on, year=year)
    assert year is not None and on is not None
    _check_member(member, year, on)
    if GrowthAssessment.objects.filter(member=member, year=year).exists():
        raise ValidationError({"year": f"该成员{year}学年的考核已录入。"})
    row = GrowthAssessment.objects.create(
        member=member, school_id=member.school_id, district_id=member.district_id,
        year=year, result=result, funding=funding, decision=decision, assessed_on=on,
        entered_by=actor,
    )  # fmt: skip
    if decision == Decision.OUT and member.left_on is None:
        member_leave(actor=actor, member=member, on=on, reason=MemberLeave.ASSESSMENT,
                     comment=f"{year}学年考核调整出团队")  # fmt: skip
    return row


def _check_entry(
    *, result: str, funding: Decimal | None, decision: str, on: dt.date | None, year: int | None
) -> None:
    errors: dict[str, str] = {}
    if result not in Result.values:
        errors["result"] = "请选择考核结果。"
    if decision not in Decision.values:
        errors["decision"] = "请选择成员资格（保留或调整出团队）。"
    if funding is not None and funding < 0:
        errors["funding"] = "专项经费不能为负数。"
    if on is None:
        errors["on"] = "请填写考核日期。"
    elif (problem := record_date_error(on, label="考核日期")) is not None:
        errors["on"] = problem
    if year is None:
        errors["year"] = "请填写考核年度。"
    if errors:
        raise ValidationError(errors)


def _check_member(member: GrowthMember, year: int, on: dt.date) -> None:
    if member.status != AdmissionStatus.CONFIRMED or member.confirmed_on is None:
        raise ValidationError({"member": "只有确定名单的成员参加年度考核。"})
    if not school_year_of(member.confirmed_on) <= year <= school_year_of(on):
        start = f"{member.confirmed_on:%Y-%m-%d}"
        raise ValidationError(
            {"year": f"考核年度须不早于{start}入选的学年、且不晚于考核日期所在学年。"}
        )
    if member.left_on is not None and member.left_on <= school_year(year).start:
        raise ValidationError({"member": f"该成员已于{member.left_on:%Y-%m-%d}退出团队。"})
