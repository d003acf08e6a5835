"""Writes of a team's people: members joining and leaving (the one writer of `Member`)
and the lead (主持人账号, `Role.STUDIO_LEAD`) granted and ended, with the team's two
guardian groups kept in step (XH26-A2-2, XB23-WORKSHOP).

A district team draws members from every school of its district, a school's team from
that school only. Members' rows are personal data under row-level security: they are
read and written inside `access.team_scope(team)`."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from apps.core.plausible import record_date_error
from apps.people.models import Teacher
from apps.studios.access import LEAD, TAKE_PART, ensure_team_groups, may_manage, team_scope
from apps.studios.models import Member, MemberRole, Team
from apps.studios.models.permissions import TeamGroupObjectPermission
from apps.tenancy.models import Membership, Role

from .teams import NOT_MANAGER, require_manager

if TYPE_CHECKING:
    from apps.accounts.models import User


def _user_ids(team: Team, teachers: Iterable[Teacher]) -> list[int]:
    """The logins of the teachers, as the database has them now."""
    wanted = [t.pk for t in teachers]
    if not wanted:
        return []
    with team_scope(team):
        found = Teacher.objects.filter(pk__in=wanted, user__isnull=False)
        return list(found.values_list("user_id", flat=True))


def sync_member_group(
    team: Team, *, add: Iterable[Teacher] = (), remove: Iterable[Teacher] = ()
) -> None:
    """Teachers with a login join (or leave) the team's member group."""
    group = ensure_team_groups(team)[TAKE_PART]
    joining, leaving = _user_ids(team, add), _user_ids(team, remove)
    if joining:
        group.user_set.add(*joining)
    if leaving:
        group.user_set.remove(*leaving)


def _names(teachers: Iterable[Teacher]) -> str:
    return "、".join(t.name for t in teachers)


def _foreign(team: Team, teachers: list[Teacher]) -> tuple[list[Teacher], str]:
    if team.school_id is not None:
        return [t for t in teachers if t.school_id != team.school_id], "本校"
    return [t for t in teachers if t.district_id != team.district_id], "本区"


@transaction.atomic
def member_add(
    *, team: Team, teachers: list[Teacher], actor: User, joined_on: dt.date | None
) -> list[Member]:
    """Teachers join the team (managers only). A district team takes teachers of any
    school of its district, a school's team only the school's; foreign teachers, teachers
    no longer in post and current members are refused by name, and nothing is saved."""
    require_manager(actor, team)
    if team.ended_on is not None:
        raise ValidationError({"teachers": "该团队已结束，不能再加入成员。"})
    errors: dict[str, str] = {}
    if not teachers:
        errors["teachers"] = "请选择要加入的教师。"
    foreign, node = _foreign(team, teachers)
    if foreign:
        errors["teachers"] = f"以下教师不是{node}教师，不能加入：{_names(foreign)}。"
    elif gone := [t for t in teachers if not t.is_active]:
        errors["teachers"] = f"以下教师已不在职，不能加入：{_names(gone)}。"
    if joined_on is None:
        errors["joined_on"] = "请填写加入日期。"
    elif message := record_date_error(
        joined_on, label="加入日期", not_before=team.established_on, not_before_label="成立日期"
    ):
        errors["joined_on"] = message
    if errors or joined_on is None:
        raise ValidationError(errors)
    with team_scope(team):
        present = set(
            Member.objects.filter(
                team=team, teacher__in=teachers, left_on__isnull=True
            ).values_list("teacher_id", flat=True)
        )
        if present:
            already = [t for t in teachers if t.pk in present]
            raise ValidationError({"teachers": f"以下教师已是成员：{_names(already)}。"})
        members = Member.objects.bulk_create(
            Member(team=team, teacher=t, district_id=t.district_id, school_id=t.school_id,
                   role=MemberRole.MEMBER, joined_on=joined_on)
            for t in teachers
        )  # fmt: skip
    sync_member_group(team, add=teachers)
    return members


@transaction.atomic
def member_leave(*, member: Member, actor: User, left_on: dt.date | None) -> Member:
    """A member leaves (their record stays); they leave the team's member group."""
    team = member.team
    require_manager(actor, team)
    if member.left_on is not None:
        raise ValidationError(
            {"left_on": f"{member.teacher.name}已于 {member.left_on:%Y-%m-%d} 退出。"}
        )
    if member.role == MemberRole.HOST:
        raise ValidationError({"member": "主持人不能退出：请先更换主持人。"})
    message = (
        "请填写退出日期。"
        if left_on is None
        else record_date_error(
            left_on, label="退出日期", not_before=member.joined_on, not_before_label="加入日期"
        )
    )
    if message:
        raise ValidationError({"left_on": message})
    with team_scope(team):
        member.left_on = left_on
        member.save(update_fields=["left_on", "updated_at"])
    sync_member_group(team, remove=[member.teacher])
    return member


def _may_lead(team: Team, user: User) -> bool:
    """A lead is a teacher with a login: of the school for a school's team, of the
    district for the district's."""
    teachers = Teacher.objects.filter(user=user, district_id=team.district_id, is_active=True)
    if team.school_id is not None:
        teachers = teachers.filter(school_id=team.school_id)
    return teachers.exists()


@transaction.atomic
def lead_grant(*, team: Team, user: User, actor: User) -> Membership:
    """The user leads the team: the `studio_lead` role at the team's node (so they land on
    the studio space) and the team's lead group (guardian's permission on the team)."""
    if not may_manage(actor, team):
        raise PermissionDenied(NOT_MANAGER)
    if team.ended_on is not None:
        raise ValidationError({"user": "该团队已结束，不能再授权主持人账号。"})
    if not _may_lead(team, user):
        where = "本校" if team.school_id is not None else "本区"
        raise ValidationError({"user": f"{user}不是{where}在职教师的账号，不能授权为主持人。"})
    membership, _ = Membership.objects.get_or_create(
        user=user, district_id=team.district_id, school_id=team.school_id,
        role=Role.STUDIO_LEAD, defaults={"is_active": True},
    )  # fmt: skip
    if not membership.is_active:
        membership.is_active = True
        membership.save(update_fields=["is_active", "updated_at"])
    ensure_team_groups(team)[LEAD].user_set.add(user)
    return membership


@transaction.atomic
def lead_end(*, team: Team, user: User, actor: User) -> None:
    """The user no longer leads the team; the role ends when they lead no other team at
    the same node (a second team's lead keeps it)."""
    if not may_manage(actor, team):
        raise PermissionDenied(NOT_MANAGER)
    group = ensure_team_groups(team)[LEAD]
    if not group.user_set.filter(pk=user.pk).exists():
        raise ValidationError({"user": f"{user}不是该团队的主持人账号。"})
    group.user_set.remove(user)
    others = TeamGroupObjectPermission.objects.filter(
        group__user=user, permission__codename=LEAD,
        content_object__district_id=team.district_id,
        content_object__school=team.school,
    ).exclude(content_object=team)  # fmt: skip
    if not others.exists():
        Membership.objects.filter(
            user=user, district_id=team.district_id, school=team.school, role=Role.STUDIO_LEAD
        ).update(is_active=False)  # fmt: skip
