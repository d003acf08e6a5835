"""Training imports as background jobs: attendance sign-in sheets (签到表) and teachers'
external hours (校外培训学时), all or nothing.

`*_import_start` checks who uploads and hands the file to the kit's import jobs
(`apps.core.jobs.import_create`: extension, size, zip bomb and declared dimensions
checked while the request waits, the job stored, its task sent after commit). A district
activity's job has no school (like the activity): only the district's pages show it. The
scope (school, activity) is the job's, taken from the URL and the uploader's session,
never from the sheet.

The algorithm, run by the kit's import task (`training_import_execute`):

1. Open the workbook safely and read the sheet row by row into typed values, each
   problem an error naming the sheet, row, column and the fix, with progress
   (`apps.core.xlsx.read_workbook`: hostile files refused before parsing, formula cells
   refused, never evaluated). Every bad row is reported, not only the first — `excel`.
2. Check the rows against the roster and each other: the school code and employee number
   must name a teacher in scope (the activity's school, or any school of the district for
   a district activity), a name given must be that teacher's, a teacher or a record
   appears once, hours lie within the rules of the services — `excel`.
3. If there is any error, save nothing (`RowsRejected`: the kit records every row).
   Otherwise, in one transaction (`save_attendance`, `save_external` here): attendance
   through `activities.attendance_record` (teachers already recorded are skipped and
   counted); external records through `external.external_import_verified`, created
   already verified by the uploading leader with their ledger rows, skipping those equal
   to a record already logged.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction

from apps.core.jobs import (
    ImportDone,
    ImportRefused,
    RowsRejected,
    import_create,
    import_limits,
    import_run,
    import_runner,
)
from apps.core.xlsx import ParsedSheet, RowError, header_of
from apps.tenancy.access import holds_district_role, school_ids_led_by
from apps.tenancy.models import District, Role, School
from apps.training.excel.attendance import AttendanceRows, parse_attendance
from apps.training.excel.external import ExternalRow, identity, parse_external
from apps.training.excel.layout import EXTERNAL_COLUMNS, EXTERNAL_SHEET
from apps.training.models import ImportKind, TrainingActivity, TrainingImport
from apps.training.selectors.external import external_identities

from .activities import attendance_record
from .day_hours import day_hours_problems
from .external import external_date_error, external_import_verified

SUCCESS = {
    ImportKind.ATTENDANCE: (
        "导入成功：登记出勤 {recorded} 人，计 {hours} 学时；已登记而跳过 {skipped} 人。"
    ),
    ImportKind.EXTERNAL: (
        "导入成功：新增已审定的校外培训记录 {recorded} 条，计 {hours} 学时；"
        "与已有记录相同而跳过 {skipped} 条。"
    ),
}


def _create_job(
    *,
    district: District,
    school: School | None,
    actor: Any,
    kind: str,
    activity: TrainingActivity | None,
    file_name: str,
    data: bytes,
) -> TrainingImport:
    """The checked upload stored as a pending job, its task sent after commit (the kit's
    `import_create`; ValidationError({'file': …}) for a refused file)."""
    return import_create(
        TrainingImport,
        file_name=file_name,
        data=data,
        school=school,
        district=district,
        kind=kind,
        activity=activity,
        created_by=actor,
    )


def attendance_import_start(
    *, school: School, activity: TrainingActivity, actor: Any, file_name: str, data: bytes
) -> TrainingImport:
    """A school leader's sign-in sheet for one of the school's activities.
    Raises ValidationError({'file': …}) for a refused file."""
    if school.pk not in school_ids_led_by(actor):
        raise PermissionDenied("only the school's leader imports its attendance")
    if activity.school_id != school.pk:
        raise PermissionDenied("the activity is not the school's")
    return _create_job(
        district=school.district,
        school=school,
        actor=actor,
        kind=ImportKind.ATTENDANCE,
        activity=activity,
        file_name=file_name,
        data=data,
    )


def district_attendance_import_start(
    *, district: District, activity: TrainingActivity, actor: Any, file_name: str, data: bytes
) -> TrainingImport:
    """A district admin's sign-in sheet for a district activity (teachers of any school)."""
    if not holds_district_role(actor, district.pk, [Role.DISTRICT_ADMIN]):
        raise PermissionDenied("only the district's admin imports district attendance")
    if activity.school_id is not None or activity.district_id != district.pk:
        raise PermissionDenied("the activity is not one of the district's own")
    return _create_job(
        district=district,
        school=None,
        actor=actor,
        kind=ImportKind.ATTENDANCE,
        activity=activity,
        file_name=file_name,
        data=data,
    )


def external_import_start(
    *, school: School, actor: Any, file_name: str, data: bytes
) -> TrainingImport:
    """A school leader's external hours, verified by them on import."""
    if school.pk not in school_ids_led_by(actor):
        raise PermissionDenied("only the school's leader imports and verifies external hours")
    return _create_job(
        district=school.district,
        school=school,
        actor=actor,
        kind=ImportKind.EXTERNAL,
        activity=None,
        file_name=file_name,
        data=data,
    )


# --------------------------------------------------------------------------- running a job


def training_import_run(*, job_id: int) -> None:
    """Run one import job (what the kit's task does with it)."""
    import_run(model_label=TrainingImport._meta.label_lower, job_id=job_id)


def _still_allowed(job: TrainingImport) -> bool:
    """The uploader must still hold the role when the job runs (a revoked leader's queued
    file does not land)."""
    actor = job.created_by
    if job.activity is not None and job.activity.school_id is None:
        return holds_district_role(actor, job.activity.district_id, [Role.DISTRICT_ADMIN])
    return job.school_id in school_ids_led_by(actor)


def _parse(job: TrainingImport, data: bytes) -> tuple[ParsedSheet, Any]:
    """Steps 1–3 for the job's kind: the sheet's errors, and what to save."""
    if job.kind == ImportKind.ATTENDANCE:
        assert job.activity is not None
        return parse_attendance(
            data, activity=job.activity, limits=import_limits(), progress=job.report_progress
        )
    assert job.school is not None  # external hours are always a school's
    return parse_external(
        data, school=job.school, limits=import_limits(), progress=job.report_progress
    )


def _save(job: TrainingImport, found: Any) -> dict[str, int | str]:
    """Step 4 for the job's kind."""
    if job.kind == ImportKind.ATTENDANCE:
        assert job.activity is not None
        return save_attendance(found, activity=job.activity, actor=job.created_by)
    assert job.school is not None
    return save_external(found, school=job.school, actor=job.created_by)


@import_runner(TrainingImport, select_related=("school", "activity", "activity__school"))
def training_import_execute(job: TrainingImport) -> ImportDone:
    """The job's work (`apps.core.jobs` claims it and records the outcome): the uploader
    must still hold the role, every row must pass, then all is saved or nothing."""
    if not _still_allowed(job):
        raise ImportRefused("上传人已不再担任可导入此数据的角色，未保存任何数据。")
    parsed, found = _parse(job, bytes(job.file_data))
    if parsed.errors:
        raise RowsRejected(parsed.errors)
    summary = _save(job, found)
    return ImportDone(summary, SUCCESS[ImportKind(job.kind)].format(**summary))


# --------------------------------------------------------------------------- step 4: saving


def save_attendance(
    found: AttendanceRows, *, activity: TrainingActivity, actor: Any
) -> dict[str, int | str]:
    """Step 4: one transaction in `attendance_record` (ValidationError: nothing saved)."""
    created = attendance_record(
        activity=activity, teachers=found.teachers, actor=actor, hours=found.hours
    )
    return {
        "rows": len(found.teachers),
        "recorded": len(created),
        "skipped": len(found.teachers) - len(created),
        "hours": str(sum((row.hours for row in created), Decimal(0))),
    }


def _external_row_errors(rows: list[ExternalRow]) -> list[RowError]:
    """The rules of `external_submit` the sheet alone cannot know: a date before the
    teacher started work, and a day of a teacher's taken past its hours by the ledger and
    the rows together (reported on the first row of that teacher and day)."""
    date_column = header_of(EXTERNAL_COLUMNS, "date")
    errors = [
        RowError(EXTERNAL_SHEET, r.row, date_column, message)
        for r in rows
        if (message := external_date_error(r.teacher, r.values["date"]))
    ]
    first_row: dict[tuple[int, Any], int] = {}
    for r in rows:
        first_row.setdefault((r.teacher.pk, r.values["date"]), r.row)
    problems = day_hours_problems((r.teacher, r.values["date"], r.values["hours"]) for r in rows)
    hours_column = header_of(EXTERNAL_COLUMNS, "hours")
    errors += [
        RowError(EXTERNAL_SHEET, first_row[key], hours_column, message)
        for key, message in problems.items()
    ]
    return sorted(errors, key=lambda e: e.row)


@transaction.atomic
def save_external(rows: list[ExternalRow], *, school: School, actor: Any) -> dict[str, int | str]:
    """Step 4, all or nothing: the records verified by `actor`, with their ledger rows
    (`external_import_verified`). A row equal to a record already logged and not returned
    is skipped; a row no record may be (`_external_row_errors`) rejects the file."""
    existing = external_identities(school=school, teacher_ids={r.teacher.pk for r in rows})
    fresh = [r for r in rows if identity(r.teacher.pk, r.values) not in existing]
    if errors := _external_row_errors(fresh):
        raise RowsRejected(errors)
    records = external_import_verified(
        school=school, actor=actor, rows=[(r.teacher, r.values) for r in fresh]
    )
    return {
        "rows": len(rows),
        "recorded": len(records),
        "skipped": len(rows) - len(records),
        "hours": str(sum((r.hours for r in records), Decimal(0))),
    }
