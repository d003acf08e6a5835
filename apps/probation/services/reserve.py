"""Writes of the talent reserve pool (XH26-RESERVE): the one writer of `ReserveEntry`."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from apps.core.plausible import record_date_error
from apps.core.text import model_text_errors
from apps.people.models import Teacher
from apps.probation.models import ReserveEntry, ReserveSource, ReserveStatus
from apps.tenancy.models import School, refuse_if_closed

from .trainees import require_leader, school_records_changed

if TYPE_CHECKING:
    from apps.accounts.models import User


def _errors(
    *, source: str, entered_on: dt.date | None, status: str, completed: str, note: str,
    teacher: Teacher,
) -> dict[str, str]:  # fmt: skip
    errors = model_text_errors(ReserveEntry, {"completed": completed, "note": note})
    if source not in ReserveSource.values:
        errors["source"] = "请选择来源：" + "、".join(str(x) for x in ReserveSource.labels) + "。"
    if status not in ReserveStatus.values:
        errors["status"] = "请选择状态：" + "、".join(str(x) for x in ReserveStatus.labels) + "。"
    if entered_on is None:
        errors["entered_on"] = "请填写纳入日期。"
    else:
        message = record_date_error(
            entered_on, label="纳入日期", not_before=teacher.teaching_since,
            not_before_label="参加教育工作时间",
        )  # fmt: skip
        if message:
            errors["entered_on"] = message
    return errors


def _taken(teacher: Teacher) -> ValidationError:
    return ValidationError({"teacher": f"{teacher.name}已在后备人才池中（储备中），请修改原记录。"})


@transaction.atomic
def reserve_entry_create(
    *, school: School, actor: User, teacher: Teacher, source: str, entered_on: dt.date | None,
    completed: str = "", status: str = ReserveStatus.ACTIVE, note: str = "",
) -> ReserveEntry:  # fmt: skip
    require_leader(actor, school)
    refuse_if_closed(school)
    errors = _errors(source=source, entered_on=entered_on, status=status, completed=completed,
                     note=note, teacher=teacher)  # fmt: skip
    if teacher.school_id != school.pk:
        errors["teacher"] = "该教师不属于本校。"
    if errors or entered_on is None:
        raise ValidationError(errors)
    try:
        with transaction.atomic():
            entry = ReserveEntry.objects.create(
                school=school, district_id=school.district_id, teacher=teacher, source=source,
                entered_on=entered_on, completed=completed.strip(), status=status,
                note=note.strip(), created_by=actor,
            )  # fmt: skip
    except IntegrityError as exc:
        raise _taken(teacher) from exc
    school_records_changed(school)
    return entry


@transaction.atomic
def reserve_entry_update(
    *, entry: ReserveEntry, actor: User, source: str, entered_on: dt.date | None,
    completed: str, status: str, note: str = "",
) -> ReserveEntry:  # fmt: skip
    require_leader(actor, entry.school)
    locked = ReserveEntry.objects.select_for_update().select_related("teacher").get(pk=entry.pk)
    errors = _errors(source=source, entered_on=entered_on, status=status, completed=completed,
                     note=note, teacher=locked.teacher)  # fmt: skip
    if errors or entered_on is None:
        raise ValidationError(errors)
    locked.source, locked.entered_on, locked.status = source, entered_on, status
    locked.completed, locked.note = completed.strip(), note.strip()
    try:
        with transaction.atomic():
            locked.save(update_fields=["source", "entered_on", "status", "completed", "note",
                                       "updated_at"])  # fmt: skip
    except IntegrityError as exc:
        raise _taken(locked.teacher) from exc
    school_records_changed(locked.school)
    return locked
