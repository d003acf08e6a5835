"""XB23-ASSESS writes: the district enters a member's yearly and term-end results, and the
consequences are drawn from them by the pack's rules — the one writer of `Assessment`
and `Consequence`:

* the `warning_after_failed_years`-th failed yearly result → a warning (警告) whose
  written rectification plan is due `rectification_plan_days` after the result;
* from the `allowance_suspended_after_failed_years`-th on → the allowance of the NEXT
  school year suspended (the failed year + 1);
* a failed term-end → no 结业证书 and barred from applying to a new cohort;
* an 优秀 yearly result → the pack's bonus (`excellent_bonus_yuan`, per time).

Re-entering a result draws all of the member's consequences afresh (a corrected early
year changes what a later failure brings); a bonus already paid (AllowancePayment.bonus)
is never dropped. A termination for a serious ethics violation is the leading group's
(师资工作领导小组: district admins only), at once, with its reason."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from apps.backbone.models import (
    AllowancePayment,
    Assessment,
    AssessmentKind,
    BackboneMember,
    ConsequenceKind,
    LeaveReason,
    Result,
)
from apps.backbone.models import Consequence as ConsequenceRow
from apps.backbone.selectors.assessments import (
    RULE,
    cohort_ended,
    cohort_parameters,
    cohort_years,
    wanted_consequences,
    years_of,
)
from apps.backbone.services.cohort import member_leave
from apps.core.schoolyear import school_year, school_year_of
from apps.core.schoolyear import today as local_today
from apps.core.text import text_errors
from apps.tenancy.access import holds_district_role
from apps.tenancy.models import DISTRICT_ROLES, Role


def may_enter(user: Any, district_id: int) -> bool:
    return holds_district_role(user, district_id, DISTRICT_ROLES)


def year_due(member: BackboneMember, year: int, today: dt.date) -> bool:
    """A yearly result is due once its school year ended (the last one with the cohort)."""
    return min(school_year(year).end, member.cohort.ends_on) < today


def _active_in(member: BackboneMember, year: int) -> bool:
    period = school_year(year)
    return member.joined_on <= period.end and (
        member.left_on is None or member.left_on >= period.start
    )


def _result_errors(results: dict[str, str]) -> dict[str, str]:
    errors: dict[str, str] = {}
    for field_name, label in (("project_result", "项目考核"), ("comprehensive_result", "综合考核")):
        if results[field_name] not in ("", *Result.values):
            errors[field_name] = f"{label}结果须为优秀、合格或不合格。"
    if results["result"] not in Result.values:
        errors["result"] = "请选择考核结果（优秀、合格或不合格）。"
    return errors


def _when_errors(member: BackboneMember, kind: str, year: int, today: dt.date) -> dict[str, str]:
    """A yearly result once its year ended, for a member of that year; a term-end one
    once the cohort ended, for a member not terminated."""
    if kind == AssessmentKind.YEARLY:
        message = _yearly_error(member, year, today)
        return {"school_year": message} if message else {}
    if kind == AssessmentKind.TERM_END:
        ends = member.cohort.ends_on
        if not cohort_ended(member.cohort, today):
            return {"kind": f"本届培养周期至 {ends:%Y-%m-%d} 结束，届满考核须在结束后录入。"}
        if member.leave_reason == LeaveReason.TERMINATED:
            return {"kind": "该骨干资格已终止，不参加届满考核。"}
        return {}
    return {"kind": "请选择考核类型（学年度考核或届满考核）。"}


def _yearly_error(member: BackboneMember, year: int, today: dt.date) -> str:
    if year not in years_of(cohort=member.cohort):
        return "该学年不在本届培养周期内。"
    if not year_due(member, year, today):
        return f"{year}学年尚未结束，学年度考核须在学年结束后录入。"
    if not _active_in(member, year):
        return f"该骨干{year}学年不在本届名单中。"
    return ""


def _date_error(
    member: BackboneMember, kind: str, year: int, on: dt.date | None, today: dt.date
) -> str:
    if on is None:
        return "请填写考核日期。"
    if on > today:
        return f"考核日期不能晚于今天（{today:%Y-%m-%d}）。"
    start = member.cohort.starts_on
    if kind == AssessmentKind.YEARLY and year in years_of(cohort=member.cohort):
        start = max(start, school_year(year).start)
    if on < start:
        return f"考核日期不能早于 {start:%Y-%m-%d}（学年或培养周期开始）。"
    return ""


def _entry_errors(
    member: BackboneMember, kind: str, year: int, results: dict[str, str], on: dt.date | None
) -> dict[str, str]:
    today = local_today()
    errors = _result_errors(results)
    errors.update(_when_errors(member, kind, year, today))
    if message := _date_error(member, kind, year, on, today):
        errors["assessed_on"] = message
    return errors


@transaction.atomic
def assessment_enter(
    *, actor: Any, member: BackboneMember, kind: str, school_year: int | None = None,
    result: str, project_result: str = "", comprehensive_result: str = "",
    assessed_on: dt.date | None, note: str = "",
) -> Assessment:  # fmt: skip
    """Enter (or correct) one result of the member; its consequences are drawn afresh."""
    if not may_enter(actor, member.district_id):
        raise PermissionDenied("只有区教育局管理人员可以录入骨干考核结果。")
    locked = BackboneMember.objects.select_for_update().select_related("cohort").get(pk=member.pk)
    params = cohort_parameters(cohort=locked.cohort)
    if kind == AssessmentKind.TERM_END:
        school_year = cohort_years(locked.cohort, params)[-1]
    results = {"project_result": project_result, "comprehensive_result": comprehensive_result,
               "result": result}  # fmt: skip
    errors = _entry_errors(locked, kind, int(school_year or 0), results, assessed_on)
    errors.update(text_errors({"note": note}, {"note": "说明"}))
    if errors:
        raise ValidationError(errors)
    assessment, _ = Assessment.objects.update_or_create(
        member=locked, kind=kind, school_year=school_year,
        defaults={**results, "assessed_on": assessed_on, "note": note.strip(),
                  "entered_by": actor, "district_id": locked.district_id,
                  "school_id": locked.school_id},
    )  # fmt: skip
    consequences_draw(actor=actor, member=locked, params=params)
    return assessment


def consequences_draw(*, actor: Any, member: BackboneMember, params: dict[str, Any]) -> None:
    """Bring the member's result-drawn consequences in line with the rules."""
    assessments = list(Assessment.objects.filter(member=member))
    wanted = {(w.kind, w.school_year): w for w in wanted_consequences(assessments, params)}
    existing = {
        (c.kind, c.school_year): c
        for c in ConsequenceRow.objects.filter(member=member, assessment__isnull=False)
    }
    dropped = [c for key, c in existing.items() if key not in wanted]
    paid = AllowancePayment.objects.filter(bonus__in=[c.pk for c in dropped]).exists()
    if paid:
        message = (
            f"该学年的优秀奖金已发放，不能改为非优秀（{RULE}）；如确需更正，请先处理奖金发放记录。"
        )
        raise ValidationError({"result": message})
    for consequence in dropped:
        consequence.delete()
    today = local_today()
    for key, w in wanted.items():
        found = existing.get(key)
        if found is None:
            ConsequenceRow.objects.create(
                member=member, district_id=member.district_id, school_id=member.school_id,
                assessment=w.assessment, kind=w.kind, school_year=w.school_year,
                due_on=w.due_on, amount=w.amount, reason=w.reason, decided_on=today,
                decided_by=actor,
            )  # fmt: skip
        elif (found.assessment_id, found.reason, found.amount) != (
            w.assessment.pk,
            w.reason,
            w.amount,
        ):
            found.assessment, found.reason, found.amount = w.assessment, w.reason, w.amount
            found.save(update_fields=["assessment", "reason", "amount", "updated_at"])


@transaction.atomic
def member_terminate(
    *, actor: Any, member: BackboneMember, on: dt.date | None, reason: str
) -> ConsequenceRow:
    """The leading group ends the member's qualification at once (serious ethics or legal
    violation): district admins only, with the reason."""
    if not holds_district_role(actor, member.district_id, {Role.DISTRICT_ADMIN}):
        raise PermissionDenied("终止骨干资格须由区师资工作领导小组（区教育局管理员）决定。")
    errors = text_errors({"reason": reason}, {"reason": "事由"})
    if not reason.strip():
        errors["reason"] = f"终止骨干资格须写明事由（{RULE}）。"
    today = local_today()
    if on is None:
        errors["on"] = "请填写终止日期。"
    elif on > today:
        errors["on"] = f"终止日期不能晚于今天（{today:%Y-%m-%d}）。"
    if errors:
        raise ValidationError(errors)
    assert on is not None
    left = member_leave(actor=actor, member=member, on=on, reason=LeaveReason.TERMINATED,
                        note=reason.strip())  # fmt: skip
    return ConsequenceRow.objects.create(
        member=left, district_id=left.district_id, school_id=left.school_id,
        kind=ConsequenceKind.TERMINATED, school_year=school_year_of(on),
        reason=f"{reason.strip()}（{RULE}）", decided_on=on, decided_by=actor,
    )  # fmt: skip
