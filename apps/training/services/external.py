"""Writes of the teachers' external training (校外培训): a teacher logs one (or the school's
leader for them), corrects or withdraws it while it waits, the leader verifies or returns
it (学时审定) — verified hours enter the ledger — and an import lands many records already
verified by the uploading leader.

Every door checks the same things: the date (not after today, not before 2000, not before
the teacher started work), clean text, and that no day of the teacher's is credited more
than a day has hours (`day_hours`), before anything is written."""

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
from apps.core.plausible import record_date_error
from apps.core.review import (
    ReviewAction,
    review_correct,
    review_decide,
    review_submitted,
    review_withdraw,
)
from apps.core.text import model_text_errors, text_error
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
from .day_hours import check_day_hours
from .ledger import external_ledger_row, ledger_bulk_append

EDITABLE_FIELDS = ("title", "organiser", "organiser_level", "date", "hours", "credit_class", "note")


def external_date_error(teacher: Teacher, day: Any) -> str | None:
    """An external record's date: not after today, not before 2000, not before the
    teacher started work (the rule the sheet import checks per row too)."""
    return record_date_error(
        day,
        label="培训日期",
        not_before=teacher.teaching_since,
        not_before_label="该教师参加教育工作时间",
    )


def _external_errors(teacher: Teacher, values: dict[str, Any]) -> dict[str, str]:
    errors = model_text_errors(ExternalTraining, values)
    for key, message in (("title", "请填写培训名称。"), ("organiser", "请填写主办单位。")):
        if key not in errors and not str(values.get(key) or "").strip():
            errors[key] = message
    value = _hours_value(values.get("hours"))
    if value is None or not Decimal(0) < value <= MAX_EXTERNAL_HOURS:
        errors["hours"] = f"学时应为大于 0、不超过 {MAX_EXTERNAL_HOURS} 的数（最多一位小数）。"
    if values.get("date") is None:
        errors["date"] = "请填写培训日期。"
    elif date_message := external_date_error(teacher, values["date"]):
        errors["date"] = date_message
    if values.get("organiser_level") not in ExternalLevel.values:
        errors["organiser_level"] = "请选择主办层级：校级、区级、市级、国家级或其他。"
    if values.get("credit_class") not in CreditClass.values:
        errors["credit_class"] = "请选择讲座类或实践类。"
    return errors


def _check_fields(
    teacher: Teacher, values: dict[str, Any], file_name: str, data: bytes | None
) -> str:
    """Every field rule, the file's and a day's hours: ValidationError with all of them
    at once; else the file's checked type ("" with no file)."""
    errors = _external_errors(teacher, values)
    if data and (message := text_error("文件名", file_name)):
        errors["file"] = message
    file_type = checked_file_type(file_name, data, errors, max_bytes=settings.EVIDENCE_MAX_BYTES)
    if errors:
        raise ValidationError(errors)
    check_day_hours([(teacher, values["date"], Decimal(str(values["hours"])))])
    return file_type


def _may_change(record: ExternalTraining, actor: Any) -> bool:
    """The teacher the record is about, or the school leader who logged it."""
    actor_id = getattr(actor, "pk", None)
    if actor_id is not None and actor_id == record.teacher.user_id:
        return True
    return actor_id == record.submitted_by_id and record.school_id in school_ids_led_by(actor)


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
    values = {
        "title": title,
        "organiser": organiser,
        "organiser_level": organiser_level,
        "date": date,
        "hours": hours,
        "credit_class": credit_class,
        "note": note,
    }
    file_type = _check_fields(teacher, values, file_name, data)
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


@transaction.atomic
def external_correct(
    *,
    record: ExternalTraining,
    actor: Any,
    file_name: str = "",
    data: bytes | None = None,
    **fields: Any,
) -> ExternalTraining:
    """Correct a record still waiting (`apps.core.review.review_correct`): its fields and,
    with `data`, its evidence file — by the teacher it is about or the leader who logged
    it. The same rules as logging it; a CORRECTED event says what changed."""
    if not _may_change(record, actor):
        raise PermissionDenied("only the teacher or the leader who logged it corrects it")
    if not record.is_pending:  # said before the fields' rules (the kit checks it again)
        raise ValidationError({"status": record.REVIEW_MESSAGES.correct_not_pending})
    values = {key: getattr(record, key) for key in EDITABLE_FIELDS}
    values |= {key: fields[key] for key in EDITABLE_FIELDS if key in fields}
    for key in ("title", "organiser", "note"):
        values[key] = str(values[key] or "").strip()
    file_type = _check_fields(record.teacher, values, file_name, data)
    if data:
        values |= {"file_name": file_name[:200], "file_type": file_type}

    def replace_file(locked: ExternalTraining) -> None:
        if data:
            ExternalTrainingFile.objects.update_or_create(record=locked, defaults={"data": data})

    return review_correct(record, actor=actor, allowed=True, changes=values, on_done=replace_file)


def external_withdraw(*, record: ExternalTraining, actor: Any) -> ExternalTraining:
    """Take back a record still waiting (`apps.core.review.review_withdraw`): the teacher
    it is about or the leader who logged it. It never counts; the history keeps it."""
    if not _may_change(record, actor):
        raise PermissionDenied("only the teacher or the leader who logged it withdraws it")
    return review_withdraw(record, actor=actor, allowed=True)


def external_review(
    *, record: ExternalTraining, reviewer: Any, verify: bool, comment: str = ""
) -> ExternalTraining:
    """学时审定 by the school's leader (`apps.core.review`): verified hours enter the
    ledger in the same transaction — unless they would take the teacher's day past its
    hours; a returned record says why; nobody verifies their own hours."""
    if message := text_error("审定意见", comment):
        raise ValidationError({"comment": message})
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
    check_day_hours([(record.teacher, record.date, record.hours)], field="decision")
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
    if bad_dates := [m for t, v in rows if (m := external_date_error(t, v["date"]))]:
        raise ValidationError({"date": bad_dates})
    check_day_hours((teacher, values["date"], values["hours"]) for teacher, values in rows)
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
