"""Training imports as background jobs: attendance sign-in sheets (签到表) and teachers'
external hours (校外培训学时), all or nothing.

`*_import_start` checks the upload cheaply (extension, size, zip bomb, declared
dimensions; `apps.core.xlsx`), stores it as a `TrainingImport` job and enqueues the task
once the transaction commits. A district activity's job has no school (like the
activity): only the district's pages show it. The scope (school, activity) is the job's,
taken from the URL and the uploader's session, never from the sheet.

The algorithm, run by the Celery job (`tasks.run_training_import` → `training_import_run`):

1. Open the workbook safely (`apps.core.xlsx`: size, zip-bomb, dimension and macro checks
   before parsing; formula cells refused, never evaluated) — `excel`.
2. Read the sheet row by row into typed values, each problem an error naming the sheet,
   row, column and the fix; progress is published every few rows. Every bad row is
   reported, not only the first — `excel`.
3. Check the rows against the roster and each other: the school code and employee number
   must name a teacher in scope (the activity's school, or any school of the district for
   a district activity), a name given must be that teacher's, a teacher or a record
   appears once, hours lie within the rules of the services — `excel`.
4. If there is any error, save nothing. Otherwise, in one transaction (`save_attendance`,
   `save_external` here): attendance through `activities.attendance_record` (teachers
   already recorded are skipped and counted); external records through
   `external.external_import_verified`, created already verified by the uploading leader
   with their ledger rows, skipping those equal to a record already logged.
"""

from __future__ import annotations

import datetime as dt
import logging
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from apps.core.models import JobState
from apps.core.xlsx import UnsafeWorkbookError, WorkbookLimits, check_workbook_file, errors_as_dicts
from apps.tenancy.access import holds_district_role, school_ids_led_by
from apps.tenancy.models import District, Role, School
from apps.training.excel.attendance import AttendanceRows, parse_attendance
from apps.training.excel.external import ExternalRow, identity, parse_external
from apps.training.excel.reading import ParsedSheet
from apps.training.models import ImportKind, TrainingActivity, TrainingImport
from apps.training.selectors.external import external_identities

from .activities import attendance_record
from .external import external_import_verified

logger = logging.getLogger(__name__)

SUCCESS = {
    ImportKind.ATTENDANCE: (
        "导入成功：登记出勤 {recorded} 人，计 {hours} 学时；已登记而跳过 {skipped} 人。"
    ),
    ImportKind.EXTERNAL: (
        "导入成功：新增已审定的校外培训记录 {recorded} 条，计 {hours} 学时；"
        "与已有记录相同而跳过 {skipped} 条。"
    ),
}
FAILED = "发现 {n} 处错误，文件未保存任何数据。请修改后重新上传。"
SYSTEM_ERROR = "导入时发生系统错误，未保存任何数据。请稍后重试；如反复出现，请联系管理员。"


def _limits() -> WorkbookLimits:
    return WorkbookLimits(max_bytes=settings.IMPORT_MAX_BYTES)


# --------------------------------------------------------------------------- starting a job


def _check_upload(file_name: str, data: bytes) -> None:
    if not file_name.lower().endswith(".xlsx"):
        raise ValidationError({"file": "请上传 .xlsx 格式的 Excel 文件（可先下载导入模板）。"})
    try:
        check_workbook_file(data, _limits())
    except UnsafeWorkbookError as exc:
        raise ValidationError({"file": str(exc)}) from exc


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
    from apps.training.tasks import run_training_import  # noqa: PLC0415 - tasks import this module

    with transaction.atomic():
        job = TrainingImport.objects.create(
            school=school,
            district=district,
            kind=kind,
            activity=activity,
            created_by=actor,
            file_name=file_name[:200],
            file_data=data,
        )
        run_training_import.delay_on_commit(job.pk)
    return job


def attendance_import_start(
    *, school: School, activity: TrainingActivity, actor: Any, file_name: str, data: bytes
) -> TrainingImport:
    """A school leader's sign-in sheet for one of the school's activities.
    Raises ValidationError({'file': …}) for a refused file."""
    if school.pk not in school_ids_led_by(actor):
        raise PermissionDenied("only the school's leader imports its attendance")
    if activity.school_id != school.pk:
        raise PermissionDenied("the activity is not the school's")
    _check_upload(file_name, data)
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
    _check_upload(file_name, data)
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
    _check_upload(file_name, data)
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
    """Run one import job (the Celery task's body). Idempotent: a job already finished or
    being run by another live worker is left alone (`JobBase.claim`). An unexpected
    failure marks the job `error` for the person watching the progress page; nothing was
    saved, the writes being one transaction."""
    job = (
        TrainingImport.objects.select_related("school", "activity", "activity__school")
        .filter(pk=job_id)
        .first()
    )
    if job is None or not job.claim():
        return
    try:
        _run_claimed(job)
    except Exception:
        logger.exception("training import %s failed", job.pk, extra={"job_id": job.pk})
        job.finish(JobState.ERROR, SYSTEM_ERROR)


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
            data, activity=job.activity, limits=_limits(), progress=job.report_progress
        )
    assert job.school is not None  # external hours are always a school's
    return parse_external(data, school=job.school, limits=_limits(), progress=job.report_progress)


def _save(job: TrainingImport, found: Any) -> dict[str, int | str]:
    """Step 4 for the job's kind."""
    if job.kind == ImportKind.ATTENDANCE:
        assert job.activity is not None
        return save_attendance(found, activity=job.activity, actor=job.created_by)
    assert job.school is not None
    return save_external(found, school=job.school, actor=job.created_by)


def _fail(job: TrainingImport, errors: list[dict[str, Any]], message: str) -> None:
    job.finish(JobState.FAILED, message, errors=errors)


def _run_claimed(job: TrainingImport) -> None:
    if not _still_allowed(job):
        job.finish(JobState.FAILED, "上传人已不再担任可导入此数据的角色，未保存任何数据。")
        return
    try:
        parsed, found = _parse(job, bytes(job.file_data))
    except UnsafeWorkbookError as exc:
        refusal = {"sheet": "", "row": 0, "column": "", "message": str(exc)}
        _fail(job, [refusal], str(exc))
        return
    if parsed.errors:
        _fail(job, errors_as_dicts(parsed.errors), FAILED.format(n=len(parsed.errors)))
        return
    try:
        summary = _save(job, found)
    except ValidationError as exc:  # a rule of the services the checks did not foresee
        messages = exc.messages
        errors = [{"sheet": "", "row": 0, "column": "", "message": m} for m in messages]
        _fail(job, errors, FAILED.format(n=len(messages)))
        return
    job.finish(JobState.SUCCEEDED, SUCCESS[ImportKind(job.kind)].format(**summary), summary=summary)


def training_imports_requeue_stalled(*, older_than_seconds: int = 300) -> int:
    """Re-enqueue jobs whose task was lost (broker restarted) or whose worker died;
    `claim` keeps a re-delivery from running a live job twice."""
    from apps.training.tasks import run_training_import  # noqa: PLC0415 - tasks import this module

    now = timezone.now()
    stalled = list(
        TrainingImport.objects.filter(
            Q(state=JobState.PENDING, created_at__lt=now - dt.timedelta(seconds=older_than_seconds))
            | Q(
                state=JobState.RUNNING,
                started_at__lt=now - dt.timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT),
            )
        ).values_list("pk", flat=True)
    )
    for job_id in stalled:
        run_training_import.delay(job_id)
    return len(stalled)


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


@transaction.atomic
def save_external(rows: list[ExternalRow], *, school: School, actor: Any) -> dict[str, int | str]:
    """Step 4, all or nothing: the records verified by `actor`, with their ledger rows
    (`external_import_verified`). A row equal to a record already logged and not returned
    is skipped."""
    existing = external_identities(school=school, teacher_ids={r.teacher.pk for r in rows})
    fresh = [r for r in rows if identity(r.teacher.pk, r.values) not in existing]
    records = external_import_verified(
        school=school, actor=actor, rows=[(r.teacher, r.values) for r in fresh]
    )
    return {
        "rows": len(rows),
        "recorded": len(records),
        "skipped": len(rows) - len(records),
        "hours": str(sum((r.hours for r in records), Decimal(0))),
    }
