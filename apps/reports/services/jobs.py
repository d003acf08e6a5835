"""Report jobs: request, render, cancel (issue 12 §2; ARCHITECTURE §6–§7).

- `report_request` is idempotent: the job's key hashes what the report is (kind, format,
  district, school, period) and what it is made of (the data marker: the newest run and
  result among the current results), so the same request on unchanged data returns the
  same job — rendering, or finished with its archived file. New data is a new report; a
  cancelled or failed one is rendered again when asked again.
- A person has at most `REPORT_MAX_ACTIVE_PER_USER` reports rendering at once.
- `report_render` is the task's body: a kit job (claim, heartbeat, progress, a lease a
  dead worker loses), rendering outside any transaction and storing the file and the
  job's success in one, so a worker killed mid-render leaves no file and the reconciler
  sends the job again: exactly one finished file.
- A cancel asked while rendering is honoured at the next stage.
"""

from __future__ import annotations

import hashlib
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models.functions import Now

from apps.accounts.models import User
from apps.core.jobs import finish_quietly, job_work, register_job
from apps.core.models import JobState
from apps.core.plausible import future_school_year_error
from apps.core.queue import enqueue_on_commit
from apps.reports.models import ReportFile, ReportFormat, ReportJob, ReportKind, ReportTrigger
from apps.reports.selectors import compliance as data
from apps.tenancy.models import District, School

from . import content

RENDER_TASK = "reports.render"
# Raised when the renderers or templates change what a report of the same data says.
LAYOUT_VERSION = 4  # 2: the domain sections (见习班主任); 3: the studios'; 4: the backbone's
ACTIVE = (JobState.PENDING, JobState.RUNNING)
AGAIN = (JobState.CANCELLED, JobState.ERROR, JobState.FAILED)
CANCELLED_MESSAGE = "已取消，未生成文件。"
RENDER_ERROR = "生成报表时出错，已记录。请稍后重试；如反复出现，请联系管理员。"


class Cancelled(Exception):  # noqa: N818 - an outcome, not a bug
    """The person who asked for the report cancelled it while it rendered."""


def report_key(
    *, kind: str, fmt: str, district: District, school: School | None, school_year: int,
    semester: int, marker: data.Marker,
) -> str:  # fmt: skip
    parts = [kind, fmt, district.pk, school.pk if school else "-", school_year, semester,
             marker.run.pk if marker.run else "-", marker.snapshot, LAYOUT_VERSION]  # fmt: skip
    return hashlib.sha256("|".join(map(str, parts)).encode()).hexdigest()


def _check(
    kind: str, fmt: str, district: District, school: School | None, *, year: int, semester: int
) -> None:
    errors = {}
    year_error = future_school_year_error(year)
    if year_error:
        errors["school_year"] = year_error
    if kind not in ReportKind.values:
        errors["kind"] = "请选择报表类型。"
    if fmt not in ReportFormat.values:
        errors["fmt"] = "请选择 PDF 或 Excel。"
    if kind == ReportKind.SCHOOL and school is None:
        errors["school"] = "学校报告须选择学校。"
    if school is not None and school.district_id != district.pk:
        errors["school"] = "该学校不属于本区。"
    if semester not in (0, 1, 2):
        errors["semester"] = "学期只能是全学年、第一学期或第二学期。"
    if errors:
        raise ValidationError(errors)


def _refuse_if_busy(actor: User | None) -> None:
    if actor is None:
        return
    limit = settings.REPORT_MAX_ACTIVE_PER_USER
    active = ReportJob.objects.filter(requested_by=actor, state__in=ACTIVE).count()
    if active >= limit:
        busy = f"您已有 {active} 份报表正在生成（每人最多同时 {limit} 份），请等其完成后再试。"
        raise ValidationError({"kind": busy})


def report_request(
    *, actor: User | None, district: District, kind: str, fmt: str, school_year: int,
    semester: int = 0, school: School | None = None, trigger: str = ReportTrigger.MANUAL,
) -> ReportJob:  # fmt: skip
    """The job for this report of the data as it is now: an existing one (rendering or
    archived), one asked again after it was cancelled or failed, or a new one."""
    _check(kind, fmt, district, school, year=school_year, semester=semester)
    if kind in (ReportKind.DISTRICT, ReportKind.COLLECTION):
        school = None
    marker = content.report_marker(kind, district=district, school_year=school_year,
                                   semester=semester, school=school)  # fmt: skip
    key = report_key(kind=kind, fmt=fmt, district=district, school=school,
                     school_year=school_year, semester=semester, marker=marker)  # fmt: skip
    with transaction.atomic():
        job = ReportJob.objects.select_for_update().filter(key=key).first()
        if job is not None and job.state not in AGAIN:
            return job
        _refuse_if_busy(actor)
        if job is not None:
            return _ask_again(job, actor)
        job, created = ReportJob.objects.get_or_create(
            key=key,
            defaults={
                "district": district, "school": school, "kind": kind, "fmt": fmt,
                "school_year": school_year, "semester": semester, "run": marker.run,
                "snapshot": marker.snapshot, "trigger": trigger, "requested_by": actor,
            },
        )  # fmt: skip
        if created:
            enqueue_on_commit(RENDER_TASK, job.pk)
    return job


def _ask_again(job: ReportJob, actor: User | None) -> ReportJob:
    ReportJob.objects.filter(pk=job.pk, state__in=AGAIN).update(
        state=JobState.PENDING, message="", progress=0, total=0, enqueued_at=Now(),
        finished_at=None, cancel_requested=False, attempts=0, requested_by=actor,
        updated_at=Now(),
    )  # fmt: skip
    enqueue_on_commit(RENDER_TASK, job.pk)
    job.refresh_from_db()
    return job


def report_cancel(*, actor: User, job: ReportJob) -> ReportJob:
    """Stop a report: a queued one at once, a rendering one at its next stage."""
    if job.is_finished:
        raise ValidationError({"job": "报表已生成完毕，无法取消。"})
    if job.requested_by_id not in (None, actor.pk) and not actor.is_superuser:
        raise ValidationError({"job": "只能取消自己发起的报表。"})
    ReportJob.objects.filter(pk=job.pk, state=JobState.PENDING).update(
        state=JobState.CANCELLED, message=CANCELLED_MESSAGE, finished_at=Now(), updated_at=Now()
    )
    ReportJob.objects.filter(pk=job.pk, state=JobState.RUNNING).update(cancel_requested=True)
    job.refresh_from_db()
    return job


# --------------------------------------------------------------------------- the task


def _stop_if_cancelled(job: ReportJob) -> None:
    if ReportJob.objects.filter(pk=job.pk, cancel_requested=True).exists():
        raise Cancelled


def _progress(job: ReportJob) -> Any:
    def step(done: int, total: int) -> None:
        _stop_if_cancelled(job)
        job.report_progress(done, total)

    return step


def _store(job: ReportJob, rendered: content.Rendered) -> None:
    digest = hashlib.sha256(rendered.data).hexdigest()
    with transaction.atomic():
        ReportFile.objects.create(job=job, data=rendered.data)
        job.finish(
            JobState.SUCCEEDED, f"已生成，共 {rendered.pages or '—'} 页。" if rendered.pages
            else "已生成。", file_name=rendered.file_name, size=len(rendered.data),
            sha256=digest, pages=rendered.pages, progress=job.total,
            run=rendered.marker.run, snapshot=rendered.marker.snapshot,
        )  # fmt: skip


def report_render(*, job_id: int) -> None:
    """Render and archive one report. Idempotent: a finished job, or one another live
    worker holds, is left alone."""
    job = ReportJob.objects.select_related("district", "school", "run").filter(pk=job_id).first()
    if job is None or not job.claim():
        return
    job_work(job, lambda: _render_and_store(job), what="report", error_message=RENDER_ERROR)


def _render_and_store(job: ReportJob) -> None:
    try:
        rendered = content.render(job, step=_progress(job))
        _stop_if_cancelled(job)
    except Cancelled:
        finish_quietly(job, JobState.CANCELLED, CANCELLED_MESSAGE)
        return
    _store(job, rendered)


register_job(ReportJob, task=RENDER_TASK)
