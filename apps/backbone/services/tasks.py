"""XB23-TASKS and XB23-PLAN writes: a member's manual task entry with its evidence (for
what the product holds no record of), filed by the member or their school's leader and
accepted or returned by the school's leader — never by the member (core.review); and the
member's three-year development plan, written by the member or their school's leader."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from apps.backbone.models import (
    BackboneFile,
    BackboneFileData,
    BackboneMember,
    DevelopmentPlan,
    Task,
    TaskEntry,
    TaskEntryKind,
)
from apps.core.files import checked_file_type
from apps.core.review import review_decide, review_submitted
from apps.core.schoolyear import school_year_of
from apps.tenancy.access import school_ids_led_by
from apps.training.models import AchievementLevel

# Which task each kind of manual entry fills.
KIND_TASK = {
    TaskEntryKind.TRAINING: Task.T1,
    TaskEntryKind.OPEN_LESSON: Task.T2,
    TaskEntryKind.EXCHANGE: Task.T2,
    TaskEntryKind.GUIDED_TEAM: Task.T3,
    TaskEntryKind.GUIDED_TEACHER: Task.T3,
    TaskEntryKind.PAPER: Task.T4,
    TaskEntryKind.AWARD: Task.T4,
    TaskEntryKind.ONLINE_COURSE: Task.T5,
    TaskEntryKind.SCHOOL_COURSE: Task.T5,
}


def is_member_self(actor: Any, member: BackboneMember) -> bool:
    return bool(member.teacher.user_id) and actor.pk == member.teacher.user_id


def may_write_for(actor: Any, member: BackboneMember) -> bool:
    """The member themself, or the leader of the member's school."""
    return is_member_self(actor, member) or member.school_id in school_ids_led_by(actor)


@dataclass(frozen=True)
class EntryFields:
    kind: str
    level: str
    title: str
    date: dt.date
    file_name: str
    data: bytes | None
    hours: Decimal | None = None


def _entry_errors(member: BackboneMember, f: EntryFields) -> tuple[dict[str, str], str]:
    errors: dict[str, str] = {}
    if f.kind not in TaskEntryKind.values:
        errors["kind"] = "请选择记录类别。"
    if f.level not in AchievementLevel.values:
        errors["level"] = "请选择级别（校级、区级（含学区）、市级或国家级）。"
    if not f.title.strip():
        errors["title"] = "请填写名称。"
    cohort = member.cohort
    if not cohort.starts_on <= f.date <= cohort.ends_on:
        errors["date"] = (
            f"日期须在本届培养周期内（{cohort.starts_on:%Y-%m-%d} 至 {cohort.ends_on:%Y-%m-%d}）。"
        )
    elif f.date < member.joined_on or (member.left_on and f.date > member.left_on):
        errors["date"] = "日期须在该教师担任本届骨干期间。"
    course = f.kind in (TaskEntryKind.ONLINE_COURSE, TaskEntryKind.SCHOOL_COURSE)
    if course and f.hours is None:
        errors["hours"] = "课程须填写学时。"
    if f.hours is not None and f.hours < Decimal("0.5"):
        errors["hours"] = "课程学时至少 0.5。"
    if not f.data:
        errors["file"] = "请上传证明材料。"
    file_type = checked_file_type(
        f.file_name, f.data, errors, max_bytes=settings.EVIDENCE_MAX_BYTES
    )
    return errors, file_type


def _store(member: BackboneMember, actor: Any, name: str, kind: str, data: bytes) -> BackboneFile:
    stored = BackboneFile.objects.create(
        district_id=member.district_id,
        school_id=member.school_id,
        file_name=name[:200],
        file_type=kind,
        file_size=len(data),
        uploaded_by=actor,
    )
    BackboneFileData.objects.create(file=stored, data=data)
    return stored


@transaction.atomic
def entry_submit(*, actor: Any, member: BackboneMember, fields: EntryFields) -> TaskEntry:
    """A manual entry of the member, waiting for the school leader's review."""
    if not may_write_for(actor, member):
        raise PermissionDenied("只有骨干本人或所在学校负责人可以登记任务记录。")
    errors, file_type = _entry_errors(member, fields)
    if member.left_on is not None and not errors:
        errors["member"] = f"该骨干已于 {member.left_on:%Y-%m-%d} 离开本届，不能再登记。"
    if errors:
        raise ValidationError(errors)
    assert fields.data is not None
    stored = _store(member, actor, fields.file_name, file_type, fields.data)
    entry = TaskEntry.objects.create(
        member=member,
        district_id=member.district_id,
        school_id=member.school_id,
        task=KIND_TASK[TaskEntryKind(fields.kind)],
        kind=fields.kind,
        school_year=school_year_of(fields.date),
        level=fields.level,
        title=fields.title.strip(),
        date=fields.date,
        hours=fields.hours,
        file=stored,
        submitted_by=actor,
    )
    review_submitted(entry, actor=actor)
    return entry


def entry_decide(*, actor: Any, entry: TaskEntry, accept: bool, comment: str = "") -> TaskEntry:
    """The school's leader accepts (counted from then on) or returns it with a reason."""
    allowed = entry.school_id in school_ids_led_by(actor)
    return review_decide(entry, reviewer=actor, accept=accept, comment=comment, allowed=allowed)


@transaction.atomic
def plan_save(
    *, actor: Any, member: BackboneMember, title: str, goals: str, measures: str
) -> DevelopmentPlan:
    """XB23-PLAN: write (or rewrite) the member's three-year development plan."""
    if not may_write_for(actor, member):
        raise PermissionDenied("只有骨干本人或所在学校负责人可以填写三年发展规划。")
    errors = {}
    for key, value, what in (
        ("title", title, "标题"),
        ("goals", goals, "三年发展目标"),
        ("measures", measures, "主要举措"),
    ):
        if not value.strip():
            errors[key] = f"请填写{what}。"
    if errors:
        raise ValidationError(errors)
    plan, _created = DevelopmentPlan.objects.update_or_create(
        member=member,
        defaults={
            "title": title.strip(),
            "goals": goals.strip(),
            "measures": measures.strip(),
            "written_by": actor,
            "district_id": member.district_id,
            "school_id": member.school_id,
        },
    )
    return plan
