"""A large district's run spread over the Celery workers (issue 9 §7; ADR 0014).

A whole-district run of more schools than `COMPLIANCE_FANOUT_CHUNK_SCHOOLS` is split
into chunks of about that many schools (`RunChunk`, a kit job each):

1. `dispatch` (the run's own task, having claimed the run): the chunks are made — once;
   a second attempt finds them — and each chunk's task is sent after the commit. The run
   stays running; while any chunk is alive (queued, or running with its lease) the run
   is alive too (`ComplianceRun.lease_expired`), so the reconciler leaves it be.
2. `execute_chunk` (any worker): claims the chunk, evaluates its schools (the chunk with
   index 0 also the district-scope indicators) and, in one transaction, writes their
   history rows with COPY and finishes the chunk. A chunk whose worker died left nothing
   and is taken again by the kit's reconciler, like any job.
3. The barrier, in the same transaction, under a lock on the run's row (so two chunks
   finishing at once are serialised and the later sees the earlier): when every chunk
   has succeeded, the current table is pointed at the run's rows and the run finished —
   readers see the run whole or not at all. A failed chunk fails the run.
4. If the run's last chunk ended and the run is still not finished (all its workers
   died at the wrong moment), the reconciler sends the run's task again and `dispatch`
   finishes it from what its chunks left.

Idempotent and crash-safe like a one-process run: the run's key is the same, every
chunk's result is committed exactly once, and the current table moves once, at the end.
"""

from __future__ import annotations

import logging
import math
import os
import socket
from collections import Counter

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Count, Sum
from django.utils import timezone

from apps.core.jobs import register_job
from apps.core.models import JobState, LeaseLost
from apps.core.queue import enqueue_on_commit
from apps.tenancy.models import School

from . import engine
from .models import ComplianceResult, ComplianceRun, RunChunk
from .store import UPSERT_CURRENT, write_history

logger = logging.getLogger(__name__)

EXECUTE_CHUNK = "compliance.execute_chunk"
CHUNK_FAILED = "部分学校评估时发生系统错误，已记录，本次评估结果未生效。请稍后重试。"

register_job(RunChunk, task=EXECUTE_CHUNK)


def fans_out(run: ComplianceRun, school_count: int) -> bool:
    """A whole-district run with more schools than one chunk takes."""
    size = settings.COMPLIANCE_FANOUT_CHUNK_SCHOOLS
    return run.school_id is None and size > 0 and school_count > size


def split(school_ids: list[int], size: int) -> list[list[int]]:
    """The schools in ⌈n/size⌉ chunks of nearly equal size, in school order."""
    count = max(1, math.ceil(len(school_ids) / size))
    step, extra = divmod(len(school_ids), count)
    chunks, start = [], 0
    for index in range(count):
        end = start + step + (index < extra)
        chunks.append(school_ids[start:end])
        start = end
    return chunks


def dispatch(run: ComplianceRun, school_ids: list[int]) -> None:
    """Step 1, for a run its task has just claimed: make the chunks (once) and send every
    chunk not finished yet (a dead one put back first); or, if they are all finished,
    conclude the run (step 4)."""
    with transaction.atomic():
        locked = ComplianceRun.objects.select_for_update().get(pk=run.pk)
        if not RunChunk.objects.filter(run=run).exists():
            size = settings.COMPLIANCE_FANOUT_CHUNK_SCHOOLS
            RunChunk.objects.bulk_create(
                RunChunk(run=run, index=index, school_ids=ids)
                for index, ids in enumerate(split(school_ids, size))
            )
            run.renew_lease(total=len(school_ids), progress=0)
        unfinished = RunChunk.objects.filter(
            run=run, state__in=(JobState.PENDING, JobState.RUNNING)
        )
        to_send = [c for c in unfinished if c.state == JobState.PENDING or c.revive()]
        if not _conclude(locked):
            for chunk in to_send:
                enqueue_on_commit(EXECUTE_CHUNK, chunk.pk)


def execute_chunk(*, chunk_id: int) -> None:
    """Step 2 and 3 for one chunk (the task `compliance.execute_chunk`)."""
    chunk = RunChunk.objects.select_related("run__district").filter(pk=chunk_id).first()
    if chunk is None or not chunk.claim():
        return
    try:
        with chunk.heartbeat():
            _evaluate_chunk(chunk)
    except LeaseLost:
        logger.warning("compliance chunk %s: taken over by another attempt", chunk.pk)
    except Exception:
        logger.exception("compliance chunk %s failed", chunk.pk, extra={"run_id": chunk.run_id})
        try:
            with transaction.atomic():
                locked = ComplianceRun.objects.select_for_update().get(pk=chunk.run_id)
                chunk.finish(JobState.ERROR, CHUNK_FAILED)
                _conclude(locked)
        except LeaseLost:
            logger.warning("compliance chunk %s: taken over before its failure", chunk.pk)


def _evaluate_chunk(chunk: RunChunk) -> None:
    run = chunk.run
    schools = list(School.objects.filter(pk__in=chunk.school_ids).order_by("code"))
    evaluated = engine.evaluate(
        district=run.district,
        school_year=run.school_year,
        schools=schools,
        as_of=run.as_of,
        progress=chunk.report_progress,
        district_scope=chunk.index == 0,
    )
    finished = timezone.now()
    with transaction.atomic():
        written = write_history(run, evaluated, finished)
        locked = ComplianceRun.objects.select_for_update().get(pk=run.pk)
        summary = dict(Counter(item.outcome.status for item in evaluated))
        chunk.finish(JobState.SUCCEEDED, "", at=finished, written=written, worker=_worker())
        ComplianceRun.objects.filter(pk=run.pk, state=JobState.RUNNING).update(
            progress=_schools_done(run)
        )
        logger.info("compliance run %s chunk %s: %s", run.pk, chunk.index, summary)
        _conclude(locked)


def _worker() -> str:
    """Which process finished a chunk (host and pid), for operators and the fan-out test."""
    return f"{socket.gethostname()}:{os.getpid()}"


def _schools_done(run: ComplianceRun) -> int:
    done = RunChunk.objects.filter(run=run, state=JobState.SUCCEEDED).values_list(
        "school_ids", flat=True
    )
    return sum(len(ids) for ids in done)


def _conclude(run: ComplianceRun) -> bool:
    """Step 3, with the run's row locked by the caller: finish the run if every chunk has
    succeeded (the current table then points at its rows) or one has failed; True when
    the run is finished (by this call or before)."""
    if run.is_finished:
        return True
    states = dict(
        RunChunk.objects.filter(run=run)
        .values_list("state")
        .annotate(n=Count("id"))
        .values_list("state", "n")
    )
    if not states:
        return False
    if states.get(JobState.ERROR) or states.get(JobState.FAILED):
        _finish_run(run, JobState.ERROR, CHUNK_FAILED)
        return True
    if set(states) != {JobState.SUCCEEDED}:
        return False
    with connection.cursor() as cursor:
        cursor.execute(UPSERT_CURRENT, [run.pk])
    summary = dict(
        ComplianceResult.objects.filter(run=run)
        .values_list("status")
        .annotate(n=Count("id"))
        .values_list("status", "n")
    )
    written = RunChunk.objects.filter(run=run).aggregate(n=Sum("written"))["n"] or 0
    schools = _schools_done(run)
    chunks = sum(states.values())
    message = (
        f"已评估 {schools} 所学校、共 {written} 条结果（分 {chunks} 片由多个后台进程并行完成）。"
    )
    _finish_run(run, JobState.SUCCEEDED, message, summary=summary, progress=schools)
    return True


def _finish_run(run: ComplianceRun, state: str, message: str, **extra: object) -> None:
    """The run's outcome, written by whichever worker concludes it (a chunk's, or the
    run's own task in `dispatch`): conditional on the run not being finished yet."""
    now = timezone.now()
    ComplianceRun.objects.filter(pk=run.pk).exclude(state__in=ComplianceRun.FINISHED_STATES).update(
        state=state,
        message=message,
        finished_at=now,
        lease_expires_at=None,
        updated_at=now,
        **extra,
    )
    run.refresh_from_db(fields=["state", "message", "finished_at", "lease_expires_at"])
