"""Admissions to a growth team (XB-MEMBER): 个人申报 (the teacher, or the school's leader
for them) → 学校推荐 (the teacher's school leader) → 组织遴选 (the district's reviewer or
admin) → 行政审核 (a district admin who did not select) → 确定名单 (the district admin;
XB-TEAM-SIZE enforced: the team's maximum and the same-school maximum, each refusal
naming the rule); leaving (an assessment, a transfer, withdrawal) and refilling a
vacancy (`replaces`). The one writer of `GrowthMember` and `GrowthMemberEvent`."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from apps.backbone.models import (
    AdmissionStatus,
    GrowthMember,
    GrowthMemberEvent,
    GrowthTeam,
    MemberLeave,
)
from apps.backbone.selectors.admissions import (
    ACTIVE,
    homeroom_years_of,
    member_condition_errors,
)
from apps.backbone.selectors.honours import honour_names_of
from apps.backbone.selectors.teams import compositions, team_params
from apps.core.plausible import record_date_error
from apps.core.text import text_error
from apps.people.models import Teacher
from apps.tenancy.access import holds_district_role, school_ids_led_by
from apps.tenancy.models import Role

S = AdmissionStatus
NEXT: dict[str, str] = {S.APPLIED: S.RECOMMENDED, S.RECOMMENDED: S.SELECTED, S.SELECTED: S.APPROVED}
STEP_NAME: dict[str, str] = {
    S.APPLIED: "学校推荐", S.RECOMMENDED: "组织遴选", S.SELECTED: "行政审核",
    S.APPROVED: "确定名单",
}  # fmt: skip


def _day(day: dt.date | None, label: str, field: str = "on") -> dt.date:
    if day is None:
        raise ValidationError({field: f"请填写{label}。"})
    if (problem := record_date_error(day, label=label)) is not None:
        raise ValidationError({field: problem})
    return day


def _event(member: GrowthMember, actor: Any, comment: str = "") -> None:
    GrowthMemberEvent.objects.create(
        member=member, status=member.status, actor=actor, comment=comment
    )


@transaction.atomic
def admission_apply(
    *, actor: Any, team: GrowthTeam, teacher: Teacher, on: dt.date | None,
    replaces: GrowthMember | None = None,
) -> GrowthMember:  # fmt: skip
    """个人申报: the teacher themself or their school's leader; the conditions are
    checked here, each named."""
    own = teacher.user_id is not None and teacher.user_id == actor.pk
    if not (own or teacher.school_id in school_ids_led_by(actor)):
        raise PermissionDenied("只有教师本人或本校德育负责人可以申报。")
    day = _day(on, "申报日期")
    errors: dict[str, str] = {}
    if teacher.district_id != team.district_id:
        errors["team"] = "只能申报本区的成长团队。"
    elif team.ended_on is not None and team.ended_on <= day:
        errors["team"] = f"{team.name}已撤销。"
    elif (
        GrowthMember.objects.filter(team=team, teacher=teacher, left_on__isnull=True)
        .exclude(status=S.DECLINED)
        .exists()
    ):
        errors["team"] = f"{teacher.name}已申报或已是{team.name}成员。"
    if replaces is not None and (replaces.team_id != team.pk or replaces.left_on is None):
        errors["replaces"] = "递补的须是本团队已退出的成员。"
    if errors:
        raise ValidationError(errors)
    params = team_params(district=team.district)
    problems = member_condition_errors(
        teacher=teacher, tier=team.tier, on=day, params=params,
        held=honour_names_of([teacher.pk], day).get(teacher.pk, set()),
        homeroom_years=homeroom_years_of([teacher.pk]).get(teacher.pk, set()),
    )  # fmt: skip
    if problems:
        raise ValidationError({"teacher": "XB-MEMBER：" + "；".join(problems) + "。"})
    member = GrowthMember.objects.create(
        team=team, teacher=teacher, school_id=teacher.school_id,
        district_id=teacher.district_id, applied_on=day, replaces=replaces, recorded_by=actor,
    )  # fmt: skip
    _event(member, actor)
    return member


def _may_step(actor: Any, member: GrowthMember) -> bool:
    if member.status == S.APPLIED:
        return member.school_id in school_ids_led_by(actor)
    roles: tuple[str, ...] = (Role.DISTRICT_REVIEWER, Role.DISTRICT_ADMIN)
    if member.status in (S.SELECTED, S.APPROVED):
        roles = (Role.DISTRICT_ADMIN,)
    return holds_district_role(actor, member.district_id, roles)


def _locked(member: GrowthMember) -> GrowthMember:
    return (
        GrowthMember.objects.select_for_update().select_related("team", "teacher").get(pk=member.pk)
    )


@transaction.atomic
def admission_step(
    *, actor: Any, member: GrowthMember, accept: bool, comment: str = ""
) -> GrowthMember:
    """学校推荐, 组织遴选 or 行政审核 — whichever is next — passed or declined."""
    member = _locked(member)
    if member.status not in NEXT:
        raise ValidationError(
            {"member": f"该申报当前为“{member.get_status_display()}”，不能办理此步骤。"}
        )
    if not _may_step(actor, member):
        raise PermissionDenied(f"您不能办理“{STEP_NAME[member.status]}”。")
    if problem := text_error("意见", comment):
        raise ValidationError({"comment": problem})
    if not accept and not comment.strip():
        raise ValidationError({"comment": "不通过时请填写意见。"})
    if (
        member.status == S.SELECTED
        and member.events.filter(status=S.SELECTED, actor=actor).exists()
    ):
        raise ValidationError({"member": "行政审核须由组织遴选以外的区管理员办理。"})
    member.status = NEXT[member.status] if accept else S.DECLINED
    member.save(update_fields=["status", "updated_at"])
    _event(member, actor, comment.strip())
    return member


def _composition_error(member: GrowthMember, day: dt.date) -> str | None:
    """Why confirming `member` would break XB-TEAM-SIZE (None when it would not)."""
    params = team_params(district=member.team.district)
    comp = compositions([member.team_id], on=day).get(member.team_id)
    most, same_max = int(params["team_members_max"]), int(params["same_school_members_max"])
    members = comp.members if comp else 0
    if members >= most:
        return f"XB-TEAM-SIZE：每个团队成员不超过{most}人，{member.team.name}已有{members}名成员。"
    same = comp.by_school.get(member.school_id, 0) if comp else 0
    if same >= same_max:
        return (f"XB-TEAM-SIZE：同一单位成员不超过{same_max}人，"
                f"{member.school.name}已有{same}名成员。")  # fmt: skip
    return None


@transaction.atomic
def admission_confirm(*, actor: Any, member: GrowthMember, on: dt.date | None) -> GrowthMember:
    """确定名单 by the district admin; refused when the team would be over its maximum or
    over the same-school maximum (XB-TEAM-SIZE, the rule named)."""
    GrowthTeam.objects.select_for_update().filter(pk=member.team_id).first()
    member = _locked(member)
    if member.status != S.APPROVED:
        raise ValidationError({"member": "只有通过行政审核的申报才能确定名单。"})
    if not _may_step(actor, member):
        raise PermissionDenied("只有区管理员可以确定名单。")
    day = _day(on, "确定日期")
    if day < member.applied_on:
        raise ValidationError({"on": "确定日期不能早于申报日期。"})
    if (problem := _composition_error(member, day)) is not None:
        raise ValidationError({"member": problem})
    member.status, member.confirmed_on = S.CONFIRMED, day
    member.save(update_fields=["status", "confirmed_on", "updated_at"])
    _event(member, actor)
    return member


@transaction.atomic
def member_leave(
    *, actor: Any, member: GrowthMember, on: dt.date | None, reason: str, comment: str = ""
) -> GrowthMember:
    """A confirmed member leaves the team (the district's admin records it); the place
    becomes a vacancy a new admission may refill."""
    member = _locked(member)
    if not holds_district_role(actor, member.district_id, (Role.DISTRICT_ADMIN,)):
        raise PermissionDenied("只有区管理员可以办理成员退出。")
    if member.status != S.CONFIRMED or member.left_on is not None:
        raise ValidationError({"member": "只有在册成员可以退出。"})
    if reason not in MemberLeave.values:
        raise ValidationError({"reason": "请选择退出原因。"})
    day = _day(on, "退出日期")
    if member.confirmed_on and day < member.confirmed_on:
        raise ValidationError({"on": "退出日期不能早于确定日期。"})
    member.left_on, member.leave_reason = day, reason
    member.save(update_fields=["left_on", "leave_reason", "updated_at"])
    _event(member, actor, comment.strip() or str(MemberLeave(reason).label))
    return member


__all__ = ["ACTIVE", "admission_apply", "admission_confirm", "admission_step", "member_leave"]
