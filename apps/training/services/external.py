"""Writes of the teachers' external training (校外培训): a teacher logs one (or the school's
leader for them), the leader verifies or returns it (学时审定) — verified hours enter the
ledger — and an import lands many records already verified by the uploading leader."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from apps.compliance.services import schedule_school_recompute
from apps.core.files import checked_file_type
from apps.core.review import ReviewAction, review_decide, review_submitted
from apps.core.schoolyear import today
from apps.people.models import Teacher
from apps.tenancy.access import school_ids_led_by
from apps.tenancy.models import School
from apps.training.models import (
    CreditClass,
    ExternalLevel,
    ExternalTraining,
    ExternalTrainingEvent,
    ExternalTrainingFile,
    RecordStatus,
)
from apps.training.models.vocab import MAX_EXTERNAL_HOURS

from .common import _hours_value
from .ledger import external_ledger_row, ledger_bulk_append


def _external_errors(
    *,
    title: str,
    organiser: str,
    organiser_level: str,
    date: Any,
    hours: Decimal,
    credit_class: str,
) -> dict[str, str]:
    errors: dict[str, str] = {}
    if not title.strip():
        errors["title"] = "请填写培训名称。"
    if not organiser.strip():
        errors["organiser"] = "请填写主办单位。"
    value = _hours_value(hours)
    if value is None or not Decimal(0) < value <= MAX_EXTERNAL_HOURS:
        errors["hours"] = f"学时应为大于 0、不超过 {MAX_EXTERNAL_HOURS} 的数（最多一位小数）。"
    if date is None:
        errors["date"] = "请填写培训日期。"
    elif date > today():
        errors["date"] = "培训日期不能晚于今天。"
    if organiser_level not in ExternalLevel.values:
        errors["organiser_level"] = "请选择主办层级：校级、区级、市级、国家级或其他。"
    if credit_class not in CreditClass.values:
        errors["credit_class"] = "请选择讲座类或实践类。"
    return errors


@transaction.atomic
def external_submit(
    *,
    teacher: Teacher,
    actor: Any,
    title: str,
    organiser: str,
    organiser_level: str,
    date: Any,
    hours: Decimal,
    credit_class: str,
    note: str = "",
    file_name: str = "",
    data: bytes | None = None,
) -> ExternalTraining:
    """A teacher logs training done elsewhere (their own record), or the school leader
    does it for them. It counts once the leader verifies it."""
    if teacher.user_id != getattr(actor, "pk", None) and teacher.school_id not in school_ids_led_by(
        actor
    ):
        raise PermissionDenied(
            "only the teacher or the school's leader logs the teacher's training"
        )
    errors = _external_errors(
        title=title,
        organiser=organiser,
        organiser_level=organiser_level,
        date=date,
        hours=hours,
        credit_class=credit_class,
    )
    file_type = checked_file_type(file_name, data, errors, max_bytes=settings.EVIDENCE_MAX_BYTES)
    if errors:
        raise ValidationError(errors)
    record = ExternalTraining.objects.create(
        teacher=teacher,
        school_id=teacher.school_id,
        district_id=teacher.district_id,
        title=title.strip(),
        organiser=organiser.strip(),
        organiser_level=organiser_level,
        date=date,
        hours=hours,
        credit_class=credit_class,
        note=note.strip(),
        file_name=file_name[:200] if data else "",
        file_type=file_type,
        submitted_by=actor,
    )
    if data:
        ExternalTrainingFile.objects.create(record=record, data=data)
    review_submitted(record, actor=actor)
    return record


def external_review(
    *, record: ExternalTraining, reviewer: Any, verify: bool, comment: str = ""
) -> ExternalTraining:
    """学时审定 by the school's leader (`apps.core.review`): verified hours enter the
    ledger in the same transaction; a returned record says why; nobody verifies their
    own hours."""
    return review_decide(
        record,
        reviewer=reviewer,
        accept=verify,
        comment=comment,
        allowed=record.school_id in school_ids_led_by(reviewer),
        on_decided=_enter_verified_hours,
    )


def _enter_verified_hours(record: ExternalTraining) -> None:
    if record.status != RecordStatus.VERIFIED:
        return
    [entry] = ledger_bulk_append([external_ledger_row(record, actor=record.reviewed_by)])
    schedule_school_recompute(school=record.teacher.school, school_year=entry.school_year)


@transaction.atomic
def external_import_verified(
    *, school: School, actor: Any, rows: Sequence[tuple[Teacher, dict[str, Any]]]
) -> list[ExternalTraining]:
    """The records (teacher, checked values) of an import by the school's leader, created
    already verified by them, with their ledger rows: what `external_submit` then
    `external_review(verify=True)` make, in bulk (the caller's checks ran on every row)."""
    if school.pk not in school_ids_led_by(actor):
        raise PermissionDenied("only the school's leader imports and verifies external hours")
    now = timezone.now()
    records = ExternalTraining.objects.bulk_create(
        [
            ExternalTraining(
                teacher=teacher,
                school_id=school.pk,
                district_id=school.district_id,
                title=values["title"],
                organiser=values["organiser"],
                organiser_level=values["organiser_level"],
                date=values["date"],
                hours=values["hours"],
                credit_class=values["credit_class"],
                note=values.get("note", ""),
                submitted_by=actor,
                status=RecordStatus.VERIFIED,
                reviewed_by=actor,
                reviewed_at=now,
            )
            for teacher, values in rows
        ],
        batch_size=1000,
    )
    ExternalTrainingEvent.objects.bulk_create(
        ExternalTrainingEvent(record=record, action=action, actor=actor)
        for record in records
        for action in (ReviewAction.SUBMITTED, ReviewAction.ACCEPTED)
    )
    entries = ledger_bulk_append(external_ledger_row(record, actor=actor) for record in records)
    for year in sorted({entry.school_year for entry in entries}):
        schedule_school_recompute(school=school, school_year=year)
    return records
