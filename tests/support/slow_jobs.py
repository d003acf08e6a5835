"""Imported by the crash tests' first worker only (`celery worker -I tests.support.slow_jobs`).

Every progress report of a job waits `SLOW_JOB_STEP_SECONDS` first, so a compliance run
or an import is still running — claimed, leased, part-way through — when the test kills
that worker. Nothing else changes: the job's own code runs as in production, and the
worker that takes over does not import this module.
"""

from __future__ import annotations

import os
import time

from apps.core.models import JobBase

_report_progress = JobBase.report_progress


def _slow_report_progress(self: JobBase, progress: int, total: int | None = None) -> None:
    time.sleep(float(os.environ.get("SLOW_JOB_STEP_SECONDS", "0.5")))
    _report_progress(self, progress, total)


JobBase.report_progress = _slow_report_progress  # type: ignore[method-assign]
