"""Writes of training activities: recording an activity (a school's, by its leader; the
district's, by its admin), its sign-in (attendance, credited to the ledger in the same
transaction), and the files kept with its record.

Every change that a compliance indicator reads schedules the school's recompute after
commit.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from apps.compliance.services import schedule_school_recompute
from apps.core.files import UploadRefusedError, sniff_upload
from apps.core.plausible import record_date_error
from apps.core.schoolyear import semester_of
from apps.core.text import model_text_errors, text_errors
from apps.people.models import Teacher
from apps.tenancy.access import holds_district_role, school_ids_led_by
from apps.tenancy.models import District, Role, School, refuse_if_closed
from apps.training.models import (
    ACTIVITY_FIELDS,
    ActivityAttachment,
    ActivityAttachmentFile,
    Attendance,
    OrganiserLevel,
    TrainingActivity,
)
from apps.training.models.vocab import MAX_ACTIVITY_HOURS

from .common import _hours_value
from .day_hours import check_day_hours
from .ledger import attendance_ledger_row, ledger_bulk_append
from .research import research_session_errors

MAX_ATTACHMENTS = 10  # files kept with one activity


def _check_organiser(
    actor: Any, *, district_id: int, school_id: int | None, allowed: bool | None = None
) -> None:
    """A school's activities are its leader's to record; the district's, its admins'. An
    app above that organises activities of its own (a studio's sessions) decides itself
    and passes `allowed` (like the kit's review workflow)."""
    if allowed is not None:
        if not allowed:
            raise PermissionDenied("only the organiser records this activity and its attendance")
        return
    if school_id is not None:
        allowed = school_id in school_ids_led_by(actor)
    else:
        allowed = holds_district_role(actor, district_id, (Role.DISTRICT_ADMIN,))
    if not allowed:
        raise PermissionDenied("only the organiser records this activity and its attendance")


def _clean_activity(fields: dict[str, Any], *, district: District) -> None:
    errors: dict[str, str] = research_session_errors(fields, district=district)
    if "hours" in fields:
        hours = _hours_value(fields["hours"])
        if hours is None or not Decimal(0) < hours <= MAX_ACTIVITY_HOURS:
            errors["hours"] = f"学时应为大于 0、不超过 {MAX_ACTIVITY_HOURS} 的数（最多一位小数）。"
    if date_message := record_date_error(fields.get("date"), label="活动日期"):
        errors["date"] = date_message
    errors.update(model_text_errors(TrainingActivity, fields))
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def activity_create(
    *,
    district: District,
    school: School | None,
    actor: Any,
    allowed: bool | None = None,
    **fields: Any,
) -> TrainingActivity:
    """A district-level activity (school None, by a district admin) or a school's own
    (by its leader); `allowed` is an organising app's own decision (see `_check_organiser`)."""
    if school is not None and school.district_id != district.pk:
        raise ValidationError({"school": "该学校不属于本区。"})
    _check_organiser(
        actor, district_id=district.pk, school_id=school.pk if school else None, allowed=allowed
    )
    if school is not None:
        refuse_if_closed(school)
    values = {k: fields[k] for k in ACTIVITY_FIELDS if k in fields}
    if school is not None:
        values["organiser_level"] = values.get("organiser_level") or OrganiserLevel.SCHOOL
    _clean_activity(values, district=district)
    activity = TrainingActivity.objects.create(
        district=district, school=school, created_by=actor, **values
    )
    if school is not None and activity.is_research_session:
        schedule_school_recompute(school=school, school_year=semester_of(activity.date)[0])
    return activity


def _check_in_scope(activity: TrainingActivity, teachers: list[Teacher]) -> None:
    """A school's activity takes its own teachers; a district activity any of the district."""
    foreign = [
        t.name
        for t in teachers
        if t.district_id != activity.district_id
        or (activity.school_id is not None and t.school_id != activity.school_id)
    ]
    if foreign:
        raise ValidationError({"teachers": f"以下教师不属于本活动的范围：{'、'.join(foreign)}。"})


def _credited_hours(
    activity: TrainingActivity, teachers: list[Teacher], hours: dict[int, Decimal]
) -> dict[int, Decimal]:
    """Each teacher's hours (default: the activity's), each within (0, the activity's]."""
    credited: dict[int, Decimal] = {}
    bad = []
    for t in teachers:
        value = _hours_value(hours.get(t.pk, activity.hours))
        if value is None or not Decimal(0) < value <= activity.hours:
            bad.append(t.name)
        else:
            credited[t.pk] = value
    if bad:
        raise ValidationError(
            {"hours": f"认定学时应大于 0 且不超过活动学时 {activity.hours}：{'、'.join(bad)}。"}
        )
    return credited


@transaction.atomic
def attendance_record(
    *,
    activity: TrainingActivity,
    teachers: Iterable[Teacher],
    actor: Any,
    hours: dict[int, Decimal] | None = None,
    allowed: bool | None = None,
) -> list[Attendance]:
    """Record who attended (default: the activity's hours each) and credit the ledger.

    A school's activity takes its own teachers; a district activity any teacher of the
    district. A teacher already recorded is left as is (their ledger row is immutable;
    correct it by reversal).
    """
    _check_organiser(
        actor, district_id=activity.district_id, school_id=activity.school_id, allowed=allowed
    )
    teachers = list(teachers)
    _check_in_scope(activity, teachers)
    credited = _credited_hours(activity, teachers, hours or {})
    already = set(
        Attendance.objects.filter(activity=activity, teacher__in=teachers).values_list(
            "teacher_id", flat=True
        )
    )
    rows = [
        Attendance(activity=activity, teacher=t, hours=credited[t.pk])
        for t in teachers
        if t.pk not in already
    ]
    check_day_hours((row.teacher, activity.date, row.hours) for row in rows)
    Attendance.objects.bulk_create(rows)
    for row in rows:
        row.activity = activity
    ledger_bulk_append(attendance_ledger_row(row, actor=actor) for row in rows)
    year = semester_of(activity.date)[0]
    for school in School.objects.filter(pk__in={t.school_id for t in teachers}):
        schedule_school_recompute(school=school, school_year=year)
    return rows


@transaction.atomic
def activity_attachment_add(
    *, activity: TrainingActivity, actor: Any, file_name: str, data: bytes | None, title: str = ""
) -> ActivityAttachment:
    """A file kept with the activity's record (sign-in sheet, slides, photos): by its
    organiser only, checked as evidence is (type by its bytes, size), at most
    `MAX_ATTACHMENTS` per activity."""
    _check_organiser(actor, district_id=activity.district_id, school_id=activity.school_id)
    # Lock the activity so two uploads at once cannot both pass the count.
    TrainingActivity.objects.select_for_update().filter(pk=activity.pk).first()
    if not data:
        raise ValidationError({"file": "请选择要上传的附件。"})
    if ActivityAttachment.objects.filter(activity=activity).count() >= MAX_ATTACHMENTS:
        raise ValidationError(
            {"file": f"每个活动最多保存 {MAX_ATTACHMENTS} 个附件，请先整理已有附件。"}
        )
    if errors := text_errors(
        {"title": title, "file": file_name}, {"title": "说明", "file": "文件名"}
    ):
        raise ValidationError(errors)
    try:
        file_type = sniff_upload(file_name, data, max_bytes=settings.EVIDENCE_MAX_BYTES)
    except UploadRefusedError as exc:
        raise ValidationError({"file": str(exc)}) from None
    attachment = ActivityAttachment.objects.create(
        activity=activity,
        title=(title or "").strip()[:200],
        file_name=file_name[:200],
        file_type=file_type,
        file_size=len(data),
        uploaded_by=actor,
    )
    ActivityAttachmentFile.objects.create(attachment=attachment, data=data)
    return attachment
