"""Import jobs, and the reconciler that keeps every kind of job moving.

Every import (roster, sign-in sheets, external hours, and the imports later apps add)
has a concrete model over `ImportJobBase` and a runner registered for it with
`@import_runner(Model)`. The framework does the rest:

1. `import_create` checks the upload cheaply while the request waits (extension, size,
   zip bomb, declared dimensions — `xlsx.check_workbook_file`), stores the file as a
   job row and enqueues the one task `core.run_import` once the transaction commits
   (with the broker down the job stays pending and the person still gets its page).
2. The task calls `import_run`, which claims the job (`JobBase.claim`: a second delivery
   of the task finds the job taken and leaves) and runs the runner under the job's
   heartbeat (`JobBase.heartbeat`), inside one transaction with the success's `finish`.
   The runner parses with progress (`job.report_progress`) and saves.
3. The outcome is written on the job: SUCCEEDED with the runner's summary; FAILED with
   every bad row when the runner raises `RowsRejected`, with the refusal when the file
   is refused while reading (`UnsafeWorkbookError`) or the uploader may no longer import
   (`ImportRefused`), or with the service's messages on a `ValidationError`; ERROR (and
   a logged traceback) on anything else. A FAILED or ERROR job saved nothing, and an
   attempt that lost its lease (`LeaseLost`: its worker stalled past the lease and the
   job was taken over) saved nothing either — the attempt that took over finishes it.
4. `jobs_reconcile` (the beat task `core.reconcile_jobs`, every `JOB_RECONCILE_SECONDS`)
   sends the task again for every dead job (`JobBase.dead`: pending longer than the
   grace since it was sent, or running with an expired lease) of every registered import
   model and of every job model registered with `register_job` (compliance runs), after
   putting it back to pending (`JobBase.revive`, conditional, so a live job is never
   sent twice by it). It then runs the sweeps apps registered (`register_sweep`): work
   that is recorded but not a job yet (a school's debounced recompute whose message was
   lost), started by the app's own function.

Nothing here imports a task module: tasks are sent by name (`apps.core.queue`), so there
is no services ↔ tasks import circle.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import partial
from typing import Any, TypeVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext_lazy as _

from .models import JobBase, JobState, LeaseLost
from .queue import enqueue_on_commit, send, task_named
from .xlsx import (
    RowError,
    TableSheet,
    UnsafeWorkbookError,
    WorkbookLimits,
    check_workbook_file,
    errors_as_dicts,
    xlsx_bytes,
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


def import_limits(*, max_rows: int | None = None, columns: int | None = None) -> WorkbookLimits:
    """The workbook limits of an import: `IMPORT_MAX_BYTES`, and `max_rows` data rows per
    sheet (the header not counted; default `IMPORT_MAX_ROWS`). With `columns` (the
    columns of all the import's sheets together) the cell cap is what a file of that
    many rows on every sheet holds, so a file at the row cap is not refused for its cells."""
    rows = max_rows if max_rows is not None else settings.IMPORT_MAX_ROWS
    limits = WorkbookLimits(max_bytes=settings.IMPORT_MAX_BYTES, max_rows=rows)
    if columns is not None:
        limits = replace(limits, max_cells=max(limits.max_cells, (rows + 1) * columns))
    return limits


def import_check_upload(file_name: str, data: bytes, limits: WorkbookLimits | None = None) -> None:
    """Step 1's checks; ValidationError({'file': …}) with the reason in Chinese. The
    job's runner reads with the same `limits`, so what passes here passes there."""
    if not file_name.lower().endswith(".xlsx"):
        raise ValidationError({"file": NOT_XLSX})
    try:
        check_workbook_file(data, limits or import_limits())
    except UnsafeWorkbookError as exc:
        raise ValidationError({"file": str(exc)}) from exc


def import_create(
    model: type[J],
    *,
    file_name: str,
    data: bytes,
    limits: WorkbookLimits | None = None,
    **fields: Any,
) -> J:
    """Step 1: the checked upload stored as a pending job of `model`, its task enqueued
    after commit. `fields` are the model's own (school, district, kind, created_by …);
    `limits` those the runner reads with (default `import_limits()`)."""
    import_check_upload(file_name, data, limits)
    with transaction.atomic():
        job = model._default_manager.create(file_name=file_name[:200], file_data=data, **fields)
        enqueue_on_commit(RUN_IMPORT_TASK, job._meta.label_lower, job.pk)
    return job


def _finish_with(job: ImportJobBase, runner: Runner) -> None:
    """Step 3: run and record the outcome. The runner's writes and the success are one
    transaction: if this attempt lost its lease, `finish` raises and nothing is kept."""
    try:
        with transaction.atomic():
            done = runner(job)
            job.finish(JobState.SUCCEEDED, done.message, summary=done.summary)
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
    job_work(job, lambda: _finish_with(job, runner), what=f"import {model_label}",
             error_message=SYSTEM_ERROR)  # fmt: skip


def job_work(job: JobBase, work: Callable[[], None], *, what: str, error_message: str) -> None:
    """Step 2 of any kit job, after its `claim`: `work()` under the job's heartbeat. An
    attempt taken over meanwhile (`LeaseLost`) stops quietly; an unexpected failure is
    logged with its traceback and the job ends as ERROR with `error_message` for the
    person watching it. `work` itself records the outcome (`job.finish`)."""
    try:
        with job.heartbeat():
            work()
    except LeaseLost:
        logger.warning("%s %s: taken over by another attempt", what, job.pk)
    except Exception:
        logger.exception("%s %s failed", what, job.pk, extra={"job_id": job.pk})
        finish_quietly(job, JobState.ERROR, error_message)


def finish_quietly(job: JobBase, state: str, message: str) -> None:
    """Record a failure unless the job was taken over meanwhile (then it is not ours)."""
    try:
        job.finish(state, message)
    except LeaseLost:
        logger.warning("job %s %s: taken over before its failure was recorded", job, job.pk)


# --------------------------------------------------------------------------- step 4


@dataclass(frozen=True)
class JobKind:
    """How to send a job of `model` again: the task's name and its arguments."""

    model: type[JobBase]
    task: str
    args: Callable[[int], tuple[Any, ...]]


_KINDS: dict[str, JobKind] = {}


def _job_id_only(job_id: int) -> tuple[Any, ...]:
    return (job_id,)


def _import_args(label: str, job_id: int) -> tuple[Any, ...]:
    return (label, job_id)


def register_job(
    model: type[JobBase], *, task: str, args: Callable[[int], tuple[Any, ...]] | None = None
) -> None:
    """Have the reconciler look after jobs of `model` (sent as `task` with `args(job_id)`,
    by default `(job_id,)`). Import models are registered by `@import_runner`."""
    _KINDS[model._meta.label_lower] = JobKind(model, task, args or _job_id_only)


def job_kinds() -> list[JobKind]:
    """Every job model the reconciler looks after, in a stable order."""
    kinds = dict(_KINDS)
    for label, (model, _runner, _related) in _RUNNERS.items():
        kinds[label] = JobKind(model, RUN_IMPORT_TASK, partial(_import_args, label))
    return [kinds[label] for label in sorted(kinds)]


def job_revive(kind: JobKind, job: JobBase) -> bool:
    """Put a dead job back to pending and send its task now (the reconciler runs outside
    any transaction, so the revival is committed); False if the job is alive or finished,
    and then nothing is sent. A broker still down leaves it pending for the next round."""
    if not job.revive():
        return False
    label = kind.model._meta.label_lower
    logger.warning("job %s %s sent again (attempts so far: %s)", label, job.pk, job.attempts)
    send(task_named(kind.task), kind.args(job.pk))
    return True


_SWEEPS: list[Callable[[], int]] = []


def register_sweep(sweep: Callable[[], int]) -> None:
    """Have every reconciler round call `sweep()` (it returns how much it started)."""
    if sweep not in _SWEEPS:
        _SWEEPS.append(sweep)


def jobs_reconcile(*, limit: int = 500) -> int:
    """Step 4, over every job model; the number of jobs revived (and sent, broker willing).
    Then the registered sweeps, each on its own: one failing does not stop the round."""
    revived = 0
    for kind in job_kinds():
        manager = kind.model._default_manager
        dead = manager.filter(kind.model.dead()).order_by("pk")
        for job in dead.only("pk", "state", "attempts")[:limit]:
            revived += job_revive(kind, job)
    for sweep in _SWEEPS:
        try:
            started = sweep()
        except Exception:
            logger.exception("reconciler sweep %s failed", getattr(sweep, "__name__", sweep))
            continue
        if started:
            logger.warning("reconciler sweep %s started %s", sweep.__name__, started)
    return revived


# --------------------------------------------------------------------------- error reports

ERROR_HEADERS = ("工作表", "行", "列", "问题与修改方法")


def import_errors_xlsx(job: ImportJobBase) -> bytes:
    """An import's bad rows as a workbook (导出错误报告): one row per problem, and a 说明
    sheet naming the file, when it was checked and what it says — to fix the file by."""
    rows = [
        [e.get("sheet") or "", e.get("row") or None, e.get("column") or "", e.get("message", "")]
        for e in job.errors or []
    ]
    about: list[list[Any]] = [
        ["文件", job.file_name],
        ["检查时间", job.finished_at],
        ["结果", job.message],
        ["问题数", len(rows)],
    ]
    return xlsx_bytes(
        [
            TableSheet("错误报告", ERROR_HEADERS, rows, widths=(16, 8, 16, 80)),
            TableSheet("说明", ("项目", "内容"), about, widths=(12, 80)),
        ]
    )
