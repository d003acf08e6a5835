"""Import jobs: an uploaded workbook checked, stored, and read by a worker, all or nothing.

Every import (roster, sign-in sheets, external hours, and the imports later apps add)
has a concrete model over `ImportJobBase` and a runner registered for it with
`@import_runner(Model)`. The framework does the rest:

1. `import_create` checks the upload cheaply while the request waits (extension, size,
   zip bomb, declared dimensions — `xlsx.check_workbook_file`), stores the file as a
   job row and enqueues the one task `core.run_import` once the transaction commits.
2. The task calls `import_run`, which claims the job (`JobBase.claim`: a second delivery
   of the task finds the job taken and leaves), then calls the runner with the job. The
   runner parses with progress (`job.report_progress`) and saves in one transaction.
3. The outcome is written on the job: SUCCEEDED with the runner's summary; FAILED with
   every bad row when the runner raises `RowsRejected`, with the refusal when the file
   is refused while reading (`UnsafeWorkbookError`) or the uploader may no longer import
   (`ImportRefused`), or with the service's messages on a `ValidationError`; ERROR (and
   a logged traceback) on anything else. A FAILED or ERROR job saved nothing.
4. `imports_requeue_stalled` (beat) sends the task again for jobs whose task was lost
   (pending too long) or whose worker died (running past the task time limit), for
   every registered import model.

Nothing here imports the task module: the task is sent by name (`apps.core.queue`), so
there is no services ↔ tasks import circle.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import JobBase, JobState
from .queue import enqueue_on_commit, task_named
from .xlsx import (
    RowError,
    UnsafeWorkbookError,
    WorkbookLimits,
    check_workbook_file,
    errors_as_dicts,
)

logger = logging.getLogger(__name__)

RUN_IMPORT_TASK = "core.run_import"
FAILED_MESSAGE = "发现 {n} 处错误，文件未保存任何数据。请修改后重新上传。"
SYSTEM_ERROR = "导入时发生系统错误，未保存任何数据。请稍后重试；如反复出现，请联系管理员。"
NOT_XLSX = "请上传 .xlsx 格式的 Excel 文件（可先下载导入模板）。"


class ImportJobBase(JobBase):
    """A stored upload and the background job that validates and saves it.

    The file is kept in the database so a worker on another host can read it. `errors`
    lists every problem as {sheet, row, column, message}; when it is not empty nothing
    was saved. `summary` holds the counts the success message was made from.
    """

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    file_name = models.CharField(_("文件名"), max_length=200)
    file_data = models.BinaryField(_("文件内容"))
    errors = models.JSONField(_("错误"), default=list, blank=True)
    summary = models.JSONField(_("结果"), default=dict, blank=True)

    class Meta:
        abstract = True


J = TypeVar("J", bound=ImportJobBase)


@dataclass(frozen=True)
class ImportDone:
    """What a runner returns: the counts, and the sentence the person reads."""

    summary: dict[str, Any]
    message: str


class RowsRejected(Exception):  # noqa: N818 - an outcome, not a bug
    """The file was read and has bad rows: every one is reported, nothing is saved."""

    def __init__(self, errors: list[RowError]) -> None:
        super().__init__(f"{len(errors)} rows rejected")
        self.errors = errors


class ImportRefused(Exception):  # noqa: N818 - an outcome, not a bug
    """The job may not run (e.g. its uploader no longer holds the role); Chinese message."""


Runner = Callable[[Any], ImportDone]
_RUNNERS: dict[str, tuple[type[ImportJobBase], Runner, tuple[str, ...]]] = {}


def import_runner(
    model: type[J], *, select_related: tuple[str, ...] = ()
) -> Callable[[Callable[[J], ImportDone]], Callable[[J], ImportDone]]:
    """Register the function that parses and saves a job of `model` (decorator)."""

    def register(function: Callable[[J], ImportDone]) -> Callable[[J], ImportDone]:
        _RUNNERS[model._meta.label_lower] = (model, function, select_related)
        return function

    return register


def import_limits() -> WorkbookLimits:
    return WorkbookLimits(max_bytes=settings.IMPORT_MAX_BYTES)


def import_check_upload(file_name: str, data: bytes) -> None:
    """Step 1's checks; ValidationError({'file': …}) with the reason in Chinese."""
    if not file_name.lower().endswith(".xlsx"):
        raise ValidationError({"file": NOT_XLSX})
    try:
        check_workbook_file(data, import_limits())
    except UnsafeWorkbookError as exc:
        raise ValidationError({"file": str(exc)}) from exc


def import_create(model: type[J], *, file_name: str, data: bytes, **fields: Any) -> J:
    """Step 1: the checked upload stored as a pending job of `model`, its task enqueued
    after commit. `fields` are the model's own (school, district, kind, created_by …)."""
    import_check_upload(file_name, data)
    with transaction.atomic():
        job = model._default_manager.create(file_name=file_name[:200], file_data=data, **fields)
        enqueue_on_commit(RUN_IMPORT_TASK, job._meta.label_lower, job.pk)
    return job


def _finish_with(job: ImportJobBase, runner: Runner) -> None:
    """Step 3: run and record the outcome."""
    try:
        done = runner(job)
    except UnsafeWorkbookError as exc:
        refusal = {"sheet": "", "row": 0, "column": "", "message": str(exc)}
        job.finish(JobState.FAILED, str(exc), errors=[refusal])
    except RowsRejected as rejected:
        message = FAILED_MESSAGE.format(n=len(rejected.errors))
        job.finish(JobState.FAILED, message, errors=errors_as_dicts(rejected.errors))
    except ImportRefused as refused:
        job.finish(JobState.FAILED, str(refused))
    except ValidationError as exc:  # a service rule the row checks did not foresee
        rows = [{"sheet": "", "row": 0, "column": "", "message": m} for m in exc.messages]
        job.finish(JobState.FAILED, FAILED_MESSAGE.format(n=len(rows)), errors=rows)
    else:
        job.finish(JobState.SUCCEEDED, done.message, summary=done.summary)


def import_run(*, model_label: str, job_id: int) -> None:
    """Step 2 (the task's body). Idempotent: a job already finished, or being run by
    another live worker, is left alone. An unexpected failure marks the job `error` for
    the person watching its progress page and is logged with its traceback."""
    if model_label not in _RUNNERS:
        logger.error("no import runner for %s", model_label)
        return
    model, runner, related = _RUNNERS[model_label]
    job = model._default_manager.select_related(*related).filter(pk=job_id).first()
    if job is None or not job.claim():
        return
    try:
        _finish_with(job, runner)
    except Exception:
        logger.exception("import %s %s failed", model_label, job_id, extra={"job_id": job_id})
        job.finish(JobState.ERROR, SYSTEM_ERROR)


def stalled_jobs(model: type[JobBase], *, older_than_seconds: int) -> list[int]:
    """Ids of jobs whose task was lost (pending too long) or whose worker died."""
    now = timezone.now()
    return list(
        model._default_manager.filter(
            Q(state=JobState.PENDING, created_at__lt=now - dt.timedelta(seconds=older_than_seconds))
            | Q(
                state=JobState.RUNNING,
                started_at__lt=now - dt.timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT),
            )
        ).values_list("pk", flat=True)
    )


def imports_requeue_stalled(*, older_than_seconds: int = 300) -> int:
    """Step 4, over every registered import model; `claim` keeps a re-delivery from
    running a live job twice."""
    count = 0
    for label, (model, _runner, _related) in sorted(_RUNNERS.items()):
        for job_id in stalled_jobs(model, older_than_seconds=older_than_seconds):
            task_named(RUN_IMPORT_TASK).delay(label, job_id)
            count += 1
    return count
