"""The hours ledger's one door: every `LedgerEntry` is built by `ledger_row` and written
here — in bulk with the source rows it credits (`ledger_bulk_append`), as a reversal with
its reason (`ledger_reverse`), or through COPY for bulk loads (`ledger_copy`). No other
module creates, bulk-creates or copies ledger rows.

The rows are append-only (the database refuses UPDATE and DELETE): a correction is a
reversal row of the opposite hours that names the row it reverses and why.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from apps.compliance.services import schedule_school_recompute
from apps.core.bulk import copy_rows
from apps.core.schoolyear import semester_of
from apps.people.models import Teacher
from apps.tenancy.access import school_ids_led_by
from apps.training.models import Attendance, EntryKind, ExternalTraining, LedgerEntry


def ledger_row(
    *,
    teacher: Teacher,
    kind: str,
    date: Any,
    hours: Decimal,
    credit_class: str,
    title: str,
    created_by: Any,
    period: tuple[int, int] | None = None,
    **source: Any,
) -> LedgerEntry:
    """An unsaved ledger row of the teacher's school, dated into its school year and
    semester — or into `period` (school year, semester), as a reversal takes the reversed
    row's; `source` names what it records (attendance=, external=, reverses=, …)."""
    year, term = period or semester_of(date)
    return LedgerEntry(
        teacher=teacher,
        school_id=teacher.school_id,
        district_id=teacher.district_id,
        kind=kind,
        date=date,
        school_year=year,
        semester=term,
        hours=hours,
        credit_class=credit_class,
        title=title,
        created_by=created_by,
        **source,
    )


def attendance_ledger_row(attendance: Attendance, *, actor: Any) -> LedgerEntry:
    """The ledger row a recorded attendance becomes (unsaved), with the activity's
    programme, probation bucket, layer and cadre flag copied for the aggregates."""
    activity = attendance.activity
    return ledger_row(
        teacher=attendance.teacher,
        kind=EntryKind.ATTENDANCE,
        date=activity.date,
        hours=attendance.hours,
        credit_class=activity.credit_class,
        title=activity.title,
        created_by=actor,
        attendance=attendance,
        activity=activity,
        programme=activity.programme,
        probation_bucket=activity.probation_bucket,
        layer=activity.layer,
        is_cadre_training=activity.is_cadre_training,
    )


def external_ledger_row(record: ExternalTraining, *, actor: Any) -> LedgerEntry:
    """The ledger row a verified external record becomes (unsaved)."""
    return ledger_row(
        teacher=record.teacher,
        kind=EntryKind.EXTERNAL,
        date=record.date,
        hours=record.hours,
        credit_class=record.credit_class,
        title=record.title,
        created_by=actor,
        external=record,
    )


def ledger_bulk_append(
    entries: Iterable[LedgerEntry], *, batch_size: int = 1000
) -> list[LedgerEntry]:
    """Insert rows built by `ledger_row` in bulk (the caller's transaction)."""
    return LedgerEntry.objects.bulk_create(list(entries), batch_size=batch_size)


def ledger_copy(columns: Sequence[str], rows: Iterable[Sequence[Any] | str]) -> int:
    """Load many ledger rows at once through COPY (synthetic districts, bulk loads): the
    rows must satisfy the table's checks, which the database enforces."""
    return copy_rows(LedgerEntry, columns, rows)


def _check_reversible(entry: LedgerEntry, actor: Any, reason: str) -> None:
    if entry.school_id not in school_ids_led_by(actor):
        raise PermissionDenied("only the school's leader corrects its ledger")
    if entry.kind == EntryKind.REVERSAL:
        raise ValidationError({"entry": "冲销记录不能再次冲销；如需恢复，请重新登记。"})
    if LedgerEntry.objects.filter(reverses=entry).exists():
        raise ValidationError({"entry": "该记录已被冲销。"})
    if not reason.strip():
        raise ValidationError({"reason": "请填写更正理由（将永久保留）。"})


@transaction.atomic
def ledger_reverse(*, entry: LedgerEntry, actor: Any, reason: str) -> LedgerEntry:
    """Correct a verified row: a reversal row of the opposite hours, with the reason, in
    the reversed row's school year and semester. A row is reversed at most once; a
    reversal is not itself reversed (record again)."""
    _check_reversible(entry, actor, reason)
    reversal = ledger_row(
        teacher=entry.teacher,
        kind=EntryKind.REVERSAL,
        date=entry.date,
        hours=-entry.hours,
        credit_class=entry.credit_class,
        title=f"冲销：{entry.title}"[:200],
        created_by=actor,
        period=(entry.school_year, entry.semester),
        reverses=entry,
        reason=reason.strip(),
        activity_id=entry.activity_id,
        programme=entry.programme,
        probation_bucket=entry.probation_bucket,
        layer=entry.layer,
        is_cadre_training=entry.is_cadre_training,
    )
    ledger_bulk_append([reversal])
    schedule_school_recompute(school=entry.school, school_year=entry.school_year)
    return reversal
