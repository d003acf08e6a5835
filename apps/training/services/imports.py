"""Training imports as background jobs, and the ledger export.

Imports: `*_import_start` checks the upload cheaply (extension, size, zip bomb, declared
dimensions; `apps.core.xlsx`), stores it as a `TrainingImport` job and enqueues the task
once the transaction commits; `training_import_run` (the task's body) claims the job,
parses and checks every row with progress, and saves all or nothing (`excel`).

A district activity's job has no school (like the activity): only the district's pages
show it.

Export: `ledger_export` writes the school's ledger of a school year (or semester) into an
openpyxl write-only workbook on a temporary file — one row per ledger entry, read with a
server-side cursor, and a totals sheet per teacher — in a fixed number of queries.
"""

from __future__ import annotations

import datetime as dt
import logging
import tempfile
from collections import defaultdict
from decimal import Decimal
from typing import IO, Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet, Sum
from django.shortcuts import get_object_or_404
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from apps.core.models import JobState
from apps.core.schoolyear import school_year_label
from apps.core.xlsx import UnsafeWorkbookError, WorkbookLimits, check_workbook_file, escape_cell
from apps.people.models import Teacher
from apps.people.roster_import import errors_as_dicts
from apps.tenancy.access import holds_district_role, school_ids_led_by
from apps.tenancy.models import District, Role, School

from . import excel, selectors
from .credits import credits_for
from .models import (
    CreditClass,
    EntryKind,
    ImportKind,
    LedgerEntry,
    TrainingActivity,
    TrainingImport,
)

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
EXPORT_CHUNK = 2000


def _limits() -> WorkbookLimits:
    return WorkbookLimits(max_bytes=settings.IMPORT_MAX_BYTES)


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
    from .tasks import run_training_import  # noqa: PLC0415 - tasks import this module

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


def _run_claimed(job: TrainingImport) -> None:
    if not _still_allowed(job):
        job.finish(JobState.FAILED, "上传人已不再担任可导入此数据的角色，未保存任何数据。")
        return
    data = bytes(job.file_data)
    try:
        if job.kind == ImportKind.ATTENDANCE:
            assert job.activity is not None
            parsed, attendance = excel.parse_attendance(
                data, activity=job.activity, limits=_limits(), progress=job.report_progress
            )
        else:
            assert job.school is not None  # external hours are always a school's
            parsed, external = excel.parse_external(
                data, school=job.school, limits=_limits(), progress=job.report_progress
            )
    except UnsafeWorkbookError as exc:
        refusal = {"sheet": "", "row": 0, "column": "", "message": str(exc)}
        job.finish(JobState.FAILED, str(exc), errors=[refusal])
        return
    if parsed.errors:
        job.finish(
            JobState.FAILED,
            FAILED.format(n=len(parsed.errors)),
            errors=errors_as_dicts(parsed.errors),
        )
        return
    try:
        if job.kind == ImportKind.ATTENDANCE:
            assert job.activity is not None
            summary = excel.save_attendance(attendance, activity=job.activity, actor=job.created_by)
        else:
            assert job.school is not None
            summary = excel.save_external(external, school=job.school, actor=job.created_by)
    except ValidationError as exc:  # a rule of the services the checks did not foresee
        messages = exc.messages
        job.finish(
            JobState.FAILED,
            FAILED.format(n=len(messages)),
            errors=[{"sheet": "", "row": 0, "column": "", "message": m} for m in messages],
        )
        return
    job.finish(JobState.SUCCEEDED, SUCCESS[ImportKind(job.kind)].format(**summary), summary=summary)


def training_imports_requeue_stalled(*, older_than_seconds: int = 300) -> int:
    """Re-enqueue jobs whose task was lost (broker restarted) or whose worker died;
    `claim` keeps a re-delivery from running a live job twice."""
    from .tasks import run_training_import  # noqa: PLC0415 - tasks import this module

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


# --------------------------------------------------------------------------- reads


def _jobs() -> QuerySet[TrainingImport]:
    return (
        TrainingImport.objects.defer("file_data")
        .select_related("created_by", "activity")
        .order_by("-created_at", "-id")
    )


def school_imports(*, school: School) -> QuerySet[TrainingImport]:
    """The school's imports: its external hours and its own activities' sheets."""
    return _jobs().filter(school=school)


def school_import_get(*, school: School, job_id: int | str) -> TrainingImport:
    return get_object_or_404(school_imports(school=school), pk=_int_or_404(job_id))


def district_imports(
    *, district: District, activity: TrainingActivity | None = None
) -> QuerySet[TrainingImport]:
    """Sign-in sheets of the district's own activities."""
    queryset = _jobs().filter(district=district, school__isnull=True)
    if activity is not None:
        queryset = queryset.filter(activity=activity)
    return queryset


def district_import_get(*, district: District, job_id: int | str) -> TrainingImport:
    return get_object_or_404(district_imports(district=district), pk=_int_or_404(job_id))


def _int_or_404(value: int | str) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        from django.http import Http404  # noqa: PLC0415

        raise Http404 from None


# --------------------------------------------------------------------------- export


LEDGER_HEADERS = (
    "编号", "工号", "姓名", "日期", "学年", "学期", "来源", "名称", "学时", "学分类别",
    "冲销记录", "更正理由",
)  # fmt: skip
TOTAL_HEADERS = ("工号", "姓名", "讲座类学时", "实践类学时", "合计学时", "学分（按本区折算）")
TERMS = {1: "第一学期", 2: "第二学期"}


def _text(value: Any) -> Any:
    return escape_cell(value)


def ledger_export(*, school: School, school_year: int, semester: int | None = None) -> IO[bytes]:
    """The school's ledger for a school year (or one semester) as an .xlsx in a temporary
    file, positioned at its start (the caller streams and closes it).

    1. Sheet 学时台账: one row per entry, oldest first per teacher, read with a
       server-side cursor in chunks (memory and queries do not grow with the rows).
    2. Sheet 教师汇总: per teacher of the school (active, or with entries in the period)
       the hours by credit class from one aggregate query, and credits converted per
       semester by the district's rates (`selectors.credit_params`, `credits.credits_for`,
       PT24-CREDIT) — blank when the district's packs define no conversion.
    Every text cell goes through `escape_cell`: a name or title that begins like a formula
    stays text.
    """
    workbook = Workbook(write_only=True)
    bold = Font(bold=True)

    def header(sheet: Any, titles: tuple[str, ...]) -> None:
        cells = []
        for title in titles:
            cell = WriteOnlyCell(sheet, value=title)
            cell.font = bold
            cells.append(cell)
        sheet.append(cells)

    period = school_year_label(school_year) + (TERMS[semester] if semester else "")
    ledger = workbook.create_sheet("学时台账")
    ledger.freeze_panes = "A2"
    header(ledger, LEDGER_HEADERS)
    kinds = dict(EntryKind.choices)
    classes = dict(CreditClass.choices)
    entries = (
        selectors.school_ledger(school=school, school_year=school_year, semester=semester)
        .select_related("reverses")
        .only(
            "id",
            "date",
            "school_year",
            "semester",
            "kind",
            "title",
            "hours",
            "credit_class",
            "reason",
            "teacher__employee_no",
            "teacher__name",
            "reverses__id",
            "reverses__date",
            "reverses__title",
        )
    )
    for entry in entries.iterator(chunk_size=EXPORT_CHUNK):
        reversed_entry = entry.reverses
        ledger.append(
            [
                entry.pk,
                _text(entry.teacher.employee_no),
                _text(entry.teacher.name),
                entry.date,
                _text(school_year_label(entry.school_year)),
                _text(TERMS.get(entry.semester, str(entry.semester))),
                _text(str(kinds.get(entry.kind, entry.kind))),
                _text(entry.title),
                entry.hours,
                _text(str(classes.get(entry.credit_class, entry.credit_class))),
                _text(f"#{reversed_entry.pk} {reversed_entry.date:%Y-%m-%d} {reversed_entry.title}")
                if reversed_entry
                else None,
                _text(entry.reason) or None,
            ]
        )

    totals = workbook.create_sheet("教师汇总")
    totals.freeze_panes = "A2"
    header(totals, TOTAL_HEADERS)
    params = selectors.credit_params(district=school.district)
    by_term: dict[int, dict[int, dict[str, Decimal]]] = defaultdict(
        lambda: defaultdict(lambda: defaultdict(Decimal))
    )
    sums = LedgerEntry.objects.for_school(school).filter(school_year=school_year)
    if semester:
        sums = sums.filter(semester=semester)
    for row in (
        sums.values("teacher_id", "semester", "credit_class").annotate(h=Sum("hours")).order_by()
    ):
        by_term[row["teacher_id"]][row["semester"]][row["credit_class"]] += row["h"]
    teachers = (
        Teacher.objects.for_school(school)
        .filter(Q(is_active=True) | Q(pk__in=list(by_term)))
        .order_by("employee_no")
        .only("id", "employee_no", "name")
    )
    for teacher in teachers:
        terms = by_term.get(teacher.pk, {})
        lecture = sum((t[CreditClass.LECTURE] for t in terms.values()), Decimal(0))
        practice = sum((t[CreditClass.PRACTICE] for t in terms.values()), Decimal(0))
        credits = (
            sum(
                (
                    credits_for(t[CreditClass.LECTURE], t[CreditClass.PRACTICE], params)
                    for t in terms.values()
                ),
                Decimal(0),
            )
            if params
            else None
        )
        totals.append(
            [
                _text(teacher.employee_no),
                _text(teacher.name),
                lecture,
                practice,
                lecture + practice,
                credits,
            ]
        )
    note = workbook.create_sheet("说明")
    note.append([_text(f"{school.name} · {period} 学时台账")])
    note.append([_text(f"导出时间：{timezone.localtime():%Y-%m-%d %H:%M}")])
    if params:
        note.append(
            [
                _text(
                    f"学分按本区折算：讲座类每 {params['lecture_hours_per_credit']} 学时、"
                    f"实践类每 {params['practice_hours_per_credit']} 学时计 1 学分，"
                    "按学期分别折算。"
                )
            ]
        )
    else:
        note.append(["本区政策包未规定学时折算学分的标准，学分列留空。"])
    output = tempfile.TemporaryFile()  # noqa: SIM115 - the response streams and closes it
    workbook.save(output)
    output.seek(0)
    return output
