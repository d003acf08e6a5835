"""The growth teams' work (xinbei-2023): the one writer of `CharacterProject` and
`Collection` (XB-PROJECT), `Showcase` (XB-SHOWCASE), `TeamPlan` (XB-PLAN) and
`RadiatePost` (XB-RADIATE). Who may write: a team's district staff; for a member's
project, also the member's school leader; for a column post, the teacher themself or
their school leader. The five ones (XB-FIVE) are read from the archive: nothing here."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any, cast

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from apps.backbone.models import (
    AdmissionStatus,
    BackboneFile,
    BackboneFileData,
    CharacterProject,
    Collection,
    GrowthMember,
    GrowthTeam,
    PoolEntry,
    PoolStatus,
    ProjectScope,
    RadiatePost,
    RadiateReach,
    Showcase,
    TeamPlan,
    TeamPlanKind,
)
from apps.core.files import checked_file_type
from apps.core.plausible import future_school_year_error, record_date_error, school_year_error
from apps.core.text import model_text_errors, text_error
from apps.people.models import Teacher
from apps.tenancy.access import holds_district_role, school_ids_led_by
from apps.tenancy.models import DISTRICT_ROLES, District

NO_RIGHT = "只有本区教育局管理人员可以登记成长团队的工作。"


def _district_staff(actor: Any, district_id: int) -> bool:
    return holds_district_role(actor, district_id, DISTRICT_ROLES)


def _check_staff(actor: Any, district_id: int) -> None:
    if not _district_staff(actor, district_id):
        raise PermissionDenied(NO_RIGHT)


def _required(errors: dict[str, str], values: dict[str, tuple[str, Any]]) -> None:
    for key, (label, value) in values.items():
        if key not in errors and not str(value or "").strip():
            errors[key] = f"请填写{label}。"


def _store_file(
    *, district_id: int, school_id: int | None, file_name: str, data: bytes, file_type: str,
    actor: Any,
) -> BackboneFile:  # fmt: skip
    stored = BackboneFile.objects.create(
        district_id=district_id, school_id=school_id, file_name=file_name[:200],
        file_type=file_type, file_size=len(data), uploaded_by=actor,
    )  # fmt: skip
    BackboneFileData.objects.create(file=stored, data=data)
    return stored


def may_record_project(actor: Any, member: GrowthMember) -> bool:
    return _district_staff(actor, member.district_id) or member.school_id in school_ids_led_by(
        actor
    )


@transaction.atomic
def project_record(
    *, actor: Any, member: GrowthMember, title: str, scope: str, started_on: dt.date | None,
    ended_on: dt.date | None = None,
) -> CharacterProject:  # fmt: skip
    """XB-PROJECT: a character project or research topic a confirmed member undertakes."""
    if not may_record_project(actor, member):
        raise PermissionDenied("只有本区教育局管理人员或成员所在学校的负责人可以登记项目。")
    errors = model_text_errors(CharacterProject, {"title": title})
    _required(errors, {"title": ("项目名称", title)})
    if member.status != AdmissionStatus.CONFIRMED or member.left_on is not None:
        errors["member"] = "只有已确定名单且仍在团队中的成员可以登记项目。"
    if scope not in ProjectScope.values:
        errors["scope"] = "请选择项目类别（区域、学校或教育集团）。"
    if started_on is None:
        errors["started_on"] = "请填写立项日期。"
    elif message := record_date_error(started_on, label="立项日期"):
        errors["started_on"] = message
    if ended_on is not None and started_on is not None and ended_on < started_on:
        errors["ended_on"] = "结题日期不能早于立项日期。"
    elif message := record_date_error(ended_on, label="结题日期"):
        errors["ended_on"] = message
    if errors:
        raise ValidationError(errors)
    return CharacterProject.objects.create(
        team_id=member.team_id, teacher_id=member.teacher_id, district_id=member.district_id,
        school_id=member.school_id, title=title.strip(), scope=scope,
        started_on=cast(dt.date, started_on),
        ended_on=ended_on, recorded_by=actor,
    )  # fmt: skip


@transaction.atomic
def collection_record(
    *, actor: Any, team: GrowthTeam, year: int | None, title: str, compiled_on: dt.date | None,
    file_name: str = "", data: bytes | None = None,
) -> Collection:  # fmt: skip
    """XB-PROJECT: the team's research collection of a year, with its optional file."""
    _check_staff(actor, team.district_id)
    errors = model_text_errors(Collection, {"title": title})
    _required(errors, {"title": ("专辑名称", title)})
    if year is None:
        errors["year"] = "请填写年度。"
    elif message := future_school_year_error(year, label="年度"):
        errors["year"] = message
    if compiled_on is None:
        errors["compiled_on"] = "请填写形成日期。"
    elif message := record_date_error(compiled_on, label="形成日期"):
        errors["compiled_on"] = message
    if data and (message := text_error("文件名", file_name)):
        errors["file"] = message
    file_type = checked_file_type(file_name, data, errors, max_bytes=settings.EVIDENCE_MAX_BYTES)
    if errors:
        raise ValidationError(errors)
    stored = None
    if data:
        stored = _store_file(
            district_id=team.district_id, school_id=None, file_name=file_name, data=data,
            file_type=file_type, actor=actor,
        )  # fmt: skip
    return Collection.objects.create(
        team=team, year=cast(int, year), title=title.strip(),
        compiled_on=cast(dt.date, compiled_on), file=stored,
        recorded_by=actor,
    )  # fmt: skip


@transaction.atomic
def showcase_record(
    *, actor: Any, district: District, title: str, held_on: dt.date | None, summary: str = "",
    teams: Sequence[GrowthTeam] = (),
) -> Showcase:  # fmt: skip
    """XB-SHOWCASE: a showcase the district held, with the teams that showed."""
    _check_staff(actor, district.pk)
    errors = model_text_errors(Showcase, {"title": title, "summary": summary})
    _required(errors, {"title": ("活动名称", title)})
    if held_on is None:
        errors["held_on"] = "请填写举办日期。"
    elif message := record_date_error(held_on, label="举办日期"):
        errors["held_on"] = message
    if any(team.district_id != district.pk for team in teams):
        errors["teams"] = "参与团队须是本区的成长团队。"
    if errors:
        raise ValidationError(errors)
    showcase = Showcase.objects.create(
        district=district, title=title.strip(), held_on=cast(dt.date, held_on),
        summary=summary.strip(),
        recorded_by=actor,
    )  # fmt: skip
    showcase.teams.set(teams)
    return showcase


@transaction.atomic
def team_plan_record(
    *, actor: Any, team: GrowthTeam, kind: str, year: int | None, title: str,
    needs_analysis: str, content: str, mentors_consulted: bool = False,
) -> TeamPlan:  # fmt: skip
    """XB-PLAN: the team's development scheme (no year) or a year's plan."""
    _check_staff(actor, team.district_id)
    values = {"title": title, "needs_analysis": needs_analysis, "content": content}
    errors = model_text_errors(TeamPlan, values)
    _required(errors, {
        "title": ("标题", title), "needs_analysis": ("需求调研与优势不足分析", needs_analysis),
        "content": ("培养内容", content),
    })  # fmt: skip
    if kind not in TeamPlanKind.values:
        errors["kind"] = "请选择类别（培育方案或年度计划）。"
    if kind == TeamPlanKind.YEARLY:
        if year is None:
            errors["year"] = "年度培育计划须写明年度。"
        elif message := school_year_error(year, label="年度"):
            errors["year"] = message
    if errors:
        raise ValidationError(errors)
    return TeamPlan.objects.create(
        team=team, kind=kind, year=year if kind == TeamPlanKind.YEARLY else None,
        title=title.strip(), needs_analysis=needs_analysis.strip(), content=content.strip(),
        mentors_consulted=mentors_consulted, written_by=actor,
    )  # fmt: skip


def _is_famous_or_member(teacher: Teacher) -> bool:
    elected = PoolEntry.objects.filter(teacher=teacher, status=PoolStatus.ELECTED).exists()
    return (
        elected
        or GrowthMember.objects.filter(
            teacher=teacher, status=AdmissionStatus.CONFIRMED, left_on__isnull=True
        ).exists()
    )


def may_post(actor: Any, teacher: Teacher) -> bool:
    own = teacher.user_id is not None and teacher.user_id == getattr(actor, "pk", None)
    return own or teacher.school_id in school_ids_led_by(actor)


@transaction.atomic
def radiate_post(
    *, actor: Any, teacher: Teacher, reach: str, title: str, body: str,
    posted_on: dt.date | None,
) -> RadiatePost:  # fmt: skip
    """XB-RADIATE: an entry of the "三名" column, by the teacher or their school leader."""
    if not may_post(actor, teacher):
        raise PermissionDenied("只有本人或所在学校的负责人可以发布专栏记录。")
    errors = model_text_errors(RadiatePost, {"title": title, "body": body})
    _required(errors, {"title": ("标题", title), "body": ("内容", body)})
    if not _is_famous_or_member(teacher):
        errors["teacher"] = "专栏记录名班主任和成长团队成员的成长，该教师两者都不是。"
    if reach not in RadiateReach.values:
        errors["reach"] = "请选择引领范围。"
    if posted_on is None:
        errors["posted_on"] = "请填写发布日期。"
    elif message := record_date_error(posted_on, label="发布日期"):
        errors["posted_on"] = message
    if errors:
        raise ValidationError(errors)
    return RadiatePost.objects.create(
        teacher=teacher, district_id=teacher.district_id, school_id=teacher.school_id,
        reach=reach, title=title.strip(), body=body.strip(),
        posted_on=cast(dt.date, posted_on),
        posted_by=actor,
    )  # fmt: skip


__all__ = [
    "collection_record",
    "may_post",
    "may_record_project",
    "project_record",
    "radiate_post",
    "showcase_record",
    "team_plan_record",
]
