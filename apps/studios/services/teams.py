"""Writes of teams (工作室 XH26-A2-2 / XH26-A2P-4, 工作坊 XB23-WORKSHOP): creating, editing
and ending a team, its research themes (XH26-A2P-4.2, bounded by the pack), its funding
and its plans (XB23-PLAN). The one writer of `Team`, `Theme`, `Funding` and `Plan`.

Who may: the district's admin manages the district's teams and its schools'; a school's
leader manages the school's own teams (`access.may_manage`); the lead works in their
team (themes, plans)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from apps.core.files import checked_file_type
from apps.core.plausible import record_date_error, school_year_error
from apps.core.schoolyear import today
from apps.core.text import model_text_errors, text_error
from apps.people.models import Teacher
from apps.studios.access import ensure_team_groups, is_lead, may_manage, team_scope
from apps.studios.models import (
    Funding,
    HostKind,
    Member,
    MemberRole,
    Plan,
    PlanKind,
    Team,
    TeamFile,
    TeamFileData,
    TeamKind,
    Theme,
    WorkshopType,
)
from apps.tenancy.access import holds_district_role, school_ids_led_by
from apps.tenancy.models import District, Role, School, refuse_if_closed
from apps.training.selectors import district_parameters

if TYPE_CHECKING:
    from apps.accounts.models import User

WORKSHOP_HOSTS = (HostKind.RESEARCHER, HostKind.LEADER, HostKind.BACKBONE)
INSTITUTE_HOST = "院校合作工作坊由教育学院研训员主持；校际、校内合作由带头人或中青年骨干主持。"
NOT_MANAGER = "只有区管理员（校级工作室还有本校负责人）可以管理该工作室/工作坊。"


@dataclass(frozen=True)
class TeamFields:
    """What a team's form says about it (create and edit)."""

    name: str
    host: Teacher | None
    host_name: str
    host_kind: str
    workshop_type: str
    established_on: dt.date | None
    description: str = ""


def may_manage_node(actor: User, district: District, school: School | None) -> bool:
    """Who may create a team at a node: the district's admin; a school's leader too."""
    if holds_district_role(actor, district.pk, (Role.DISTRICT_ADMIN,)):
        return True
    return school is not None and school.pk in school_ids_led_by(actor)


def require_manager(actor: User, team: Team) -> None:
    if not may_manage(actor, team):
        raise PermissionDenied(NOT_MANAGER)


def require_lead_or_manager(actor: User, team: Team) -> None:
    if not (may_manage(actor, team) or is_lead(actor, team)):
        raise PermissionDenied("只有工作室主持人或管理者可以办理此项。")


def _kind_errors(kind: str, f: TeamFields) -> dict[str, str]:
    """A studio: a senior homeroom teacher (XH26-A2-2). A workshop: its type, and an
    institute workshop's host is a researcher, the others' a 带头人 or 中青年骨干
    (XB23-WORKSHOP)."""
    if kind == TeamKind.STUDIO:
        errors = {}
        if f.workshop_type:
            errors["workshop_type"] = "工作坊类型只适用于工作坊，工作室请留空。"
        if f.host_kind != HostKind.SENIOR:
            errors["host_kind"] = "工作室的主持人身份应为“资深班主任”。"
        return errors
    if f.workshop_type not in WorkshopType.values:
        return {"workshop_type": "请选择工作坊类型：院校合作、校际合作或校内合作。"}
    if f.host_kind not in WORKSHOP_HOSTS:
        return {"host_kind": "工作坊的坊主应为教育学院研训员、带头人或中青年骨干。"}
    if (f.workshop_type == WorkshopType.INSTITUTE) != (f.host_kind == HostKind.RESEARCHER):
        return {"host_kind": INSTITUTE_HOST}
    return {}


def _host_errors(
    kind: str, school: School | None, district: District, f: TeamFields
) -> dict[str, str]:
    """The host: named when a researcher hosts a workshop, else a teacher in post of the
    district — of the school, for a school's team."""
    errors = _kind_errors(kind, f)
    researcher = kind == TeamKind.WORKSHOP and f.host_kind == HostKind.RESEARCHER
    if researcher and f.host is None and not f.host_name.strip():
        errors["host_name"] = "请填写主持的研训员姓名。"
    host = f.host
    if host is None:
        if not researcher:
            errors["host"] = "请选择主持人（本区在册教师）。"
    elif school is not None and host.school_id != school.pk:
        errors["host"] = f"主持人{host.name}不是{school.name}的教师：校级团队由本校教师主持。"
    elif host.district_id != district.pk:
        errors["host"] = f"主持人{host.name}不是本区教师。"
    elif not host.is_active:
        errors["host"] = f"{host.name}已不在职，不能担任主持人。"
    return errors


def _field_errors(
    kind: str, school: School | None, district: District, f: TeamFields
) -> dict[str, str]:
    errors = model_text_errors(
        Team, {"name": f.name, "host_name": f.host_name, "description": f.description}
    )
    if kind not in TeamKind.values:
        errors["kind"] = "请选择类型：班主任工作室或工作坊。"
    if not f.name.strip():
        errors["name"] = "请填写名称。"
    if f.established_on is None:
        errors["established_on"] = "请填写成立日期。"
    elif message := record_date_error(f.established_on, label="成立日期"):
        errors["established_on"] = message
    for key, message in _host_errors(kind, school, district, f).items():
        errors.setdefault(key, message)
    return errors


def _host_joins(team: Team, host: Teacher, on: dt.date) -> None:
    """The host is a member of the roster (role host), in the member group if they log in."""
    from .members import sync_member_group  # noqa: PLC0415 - members imports this module

    with team_scope(team):
        current = Member.objects.filter(team=team, teacher=host, left_on__isnull=True).first()
        if current is None:
            Member.objects.create(
                team=team, teacher=host, district_id=host.district_id, school_id=host.school_id,
                role=MemberRole.HOST, joined_on=on,
            )  # fmt: skip
        elif current.role != MemberRole.HOST:
            current.role = MemberRole.HOST
            current.save(update_fields=["role", "updated_at"])
        Member.objects.filter(team=team, role=MemberRole.HOST, left_on__isnull=True).exclude(
            teacher=host
        ).update(role=MemberRole.MEMBER)
    sync_member_group(team, add=[host])


@transaction.atomic
def team_create(
    *, district: District, school: School | None, actor: User, kind: str, name: str,
    host: Teacher | None, host_name: str = "", host_kind: str, workshop_type: str = "",
    established_on: dt.date | None, description: str = "",
) -> Team:  # fmt: skip
    """A new studio or workshop of the district (school None) or of a school."""
    if school is not None and school.district_id != district.pk:
        raise PermissionDenied("该学校不属于本区。")
    if not may_manage_node(actor, district, school):
        raise PermissionDenied(NOT_MANAGER)
    if school is not None:
        refuse_if_closed(school)
    fields = TeamFields(name, host, host_name, host_kind, workshop_type, established_on,
                        description)  # fmt: skip
    errors = _field_errors(kind, school, district, fields)
    if errors or established_on is None:
        raise ValidationError(errors)
    team = Team.objects.create(
        district=district, school=school, kind=kind, name=name.strip(), host=host,
        host_name="" if host else host_name.strip(), host_kind=host_kind,
        workshop_type=workshop_type, established_on=established_on,
        description=description, created_by=actor,
    )  # fmt: skip
    ensure_team_groups(team)
    if host is not None:
        _host_joins(team, host, established_on)
    return team


@transaction.atomic
def team_update(*, team: Team, actor: User, fields: TeamFields) -> Team:
    """Edit a team (its kind and node stay); a new host joins the roster as its host."""
    require_manager(actor, team)
    errors = _field_errors(team.kind, team.school, team.district, fields)
    if fields.established_on and team.ended_on and fields.established_on > team.ended_on:
        errors["established_on"] = "成立日期不能晚于结束日期。"
    if errors or fields.established_on is None:
        raise ValidationError(errors)
    new_host = fields.host is not None and fields.host.pk != team.host_id
    team.name, team.host = fields.name.strip(), fields.host
    team.host_name = "" if fields.host else fields.host_name.strip()
    team.host_kind, team.workshop_type = fields.host_kind, fields.workshop_type
    team.established_on, team.description = fields.established_on, fields.description
    team.save()
    if new_host and fields.host is not None:
        _host_joins(team, fields.host, max(fields.established_on, today()))
    return team


@transaction.atomic
def team_end(*, team: Team, actor: User, ended_on: dt.date | None) -> Team:
    """The team ends (结束): it stays on record with its members, outcomes and briefs."""
    require_manager(actor, team)
    if team.ended_on is not None:
        raise ValidationError({"ended_on": f"该团队已于 {team.ended_on:%Y-%m-%d} 结束。"})
    message = (
        "请填写结束日期。"
        if ended_on is None
        else record_date_error(
            ended_on, label="结束日期", not_before=team.established_on, not_before_label="成立日期"
        )
    )
    if message:
        raise ValidationError({"ended_on": message})
    team.ended_on = ended_on
    team.save(update_fields=["ended_on", "updated_at"])
    return team


def theme_bounds(team: Team) -> tuple[int | None, int | None]:
    """XH26-A2P-4.2: a studio's themes, from the district's pack (None where it says none;
    workshops are not bounded)."""
    if team.kind != TeamKind.STUDIO:
        return None, None
    params = district_parameters(district=team.district)
    low, high = params.get("studio_themes_min"), params.get("studio_themes_max")
    return (int(low) if low is not None else None, int(high) if high is not None else None)


@transaction.atomic
def theme_add(*, team: Team, actor: User, title: str, started_on: dt.date | None) -> Theme:
    """A research theme; a studio holds at most the pack's `studio_themes_max`."""
    require_lead_or_manager(actor, team)
    Team.objects.select_for_update().filter(pk=team.pk).first()
    errors = model_text_errors(Theme, {"title": title})
    if not title.strip():
        errors["title"] = "请填写研究主题。"
    if started_on is None:
        errors["started_on"] = "请填写开始日期。"
    elif message := record_date_error(started_on, label="开始日期"):
        errors["started_on"] = message
    _, high = theme_bounds(team)
    count = Theme.objects.filter(team=team).count()
    if high is not None and count >= high:
        errors["title"] = (
            f"每个工作室的研究主题为 {theme_bounds(team)[0] or 1}–{high} 个（XH26-A2P-4.2），"
            f"本工作室已有 {count} 个，不能再添加；如需调整请先删除一个主题。"
        )
    if errors or started_on is None:
        raise ValidationError(errors)
    return Theme.objects.create(team=team, title=title.strip(), started_on=started_on)


@transaction.atomic
def theme_remove(*, theme: Theme, actor: User) -> None:
    """Remove a theme; a studio keeps at least the pack's `studio_themes_min`."""
    team = theme.team
    require_lead_or_manager(actor, team)
    low, _ = theme_bounds(team)
    count = Theme.objects.filter(team=team).count()
    if low is not None and count <= low:
        message = f"每个工作室至少保留 {low} 个研究主题（XH26-A2P-4.2），请先添加新主题再删除。"
        raise ValidationError({"theme": message})
    theme.delete()


@transaction.atomic
def funding_add(
    *, team: Team, actor: User, school_year: int, amount: Decimal | None,
    granted_on: dt.date | None, purpose: str = "",
) -> Funding:  # fmt: skip
    """Money granted to the team (managers only)."""
    require_manager(actor, team)
    errors = model_text_errors(Funding, {"purpose": purpose})
    if message := school_year_error(school_year):
        errors["school_year"] = message
    if amount is None or amount <= 0:
        errors["amount"] = "金额应大于 0 元。"
    if granted_on is None:
        errors["granted_on"] = "请填写下拨日期。"
    elif message := record_date_error(
        granted_on, label="下拨日期", not_before=team.established_on, not_before_label="成立日期"
    ):
        errors["granted_on"] = message
    if errors or amount is None or granted_on is None:
        raise ValidationError(errors)
    return Funding.objects.create(
        team=team, school_year=school_year, amount=amount, granted_on=granted_on,
        purpose=purpose.strip(), recorded_by=actor,
    )  # fmt: skip


@transaction.atomic
def plan_save(
    *, team: Team, actor: User, kind: str, school_year: int | None, title: str, body: str,
    file_name: str = "", file_data: bytes | None = None,
) -> Plan:  # fmt: skip
    """A plan or report (XB23-PLAN) with an optional file checked like every upload; a
    yearly plan names its school year."""
    require_lead_or_manager(actor, team)
    errors = model_text_errors(Plan, {"title": title, "body": body})
    if kind not in PlanKind.values:
        errors["kind"] = "请选择类别：" + "、".join(str(x) for x in PlanKind.labels) + "。"
    if kind == PlanKind.YEARLY and school_year is None:
        errors["school_year"] = "年度实施计划请填写学年。"
    elif school_year is not None and (message := school_year_error(school_year)):
        errors["school_year"] = message
    if not title.strip():
        errors["title"] = "请填写标题。"
    if not body.strip():
        errors["body"] = "请填写内容。"
    if file_data and (message := text_error("文件名", file_name)):
        errors["file"] = message
    file_type = checked_file_type(
        file_name, file_data, errors, max_bytes=settings.EVIDENCE_MAX_BYTES
    )
    if errors:
        raise ValidationError(errors)
    plan = Plan.objects.create(
        team=team, kind=kind, school_year=school_year, title=title.strip(), body=body,
        submitted_by=actor,
    )  # fmt: skip
    if file_data:
        stored = TeamFile.objects.create(
            team=team, plan=plan, file_name=file_name[:200], file_type=file_type,
            file_size=len(file_data), uploaded_by=actor,
        )  # fmt: skip
        TeamFileData.objects.create(file=stored, data=file_data)
    return plan
