"""Celery tasks of the reports app: thin wrappers over services. Every `reports.*` task
goes to the app's own queue (`REPORTS_QUEUE`, CELERY_TASK_ROUTES), so a long district PDF
or a slow robot never holds up imports and compliance runs. The app's `ready()` imports
this module, so the notices' tasks are registered in every process."""

from __future__ import annotations

from apps.core.queue import enqueue_on_commit
from apps.core.schoolyear import today
from apps.core.tasks_typing import task

from .services import deliveries, jobs, notices, schedules


@task(name=jobs.RENDER_TASK, acks_late=True, soft_time_limit=900, time_limit=960)
def render_report(job_id: int) -> None:
    jobs.report_render(job_id=job_id)


@task(name="reports.scheduled", soft_time_limit=600, time_limit=660)
def scheduled_reports() -> int:
    return schedules.scheduled_reports()


# --------------------------------------------------------------------------- notices

DUE_TASK = "reports.notices_due"


@task(
    name=deliveries.DELIVER_TASK,
    acks_late=True,
    reject_on_worker_lost=True,
    soft_time_limit=240,
    time_limit=300,
)
def deliver_pending() -> None:
    """Send what is waiting; when something waits for a retry or for the throttle's
    window, send the task again for then (beat also runs it every minute)."""
    again = deliveries.deliver_pending()
    if again is not None:
        enqueue_on_commit(deliveries.DELIVER_TASK, countdown=again)


@task(
    name=DUE_TASK, acks_late=True, reject_on_worker_lost=True, soft_time_limit=600, time_limit=660
)
def notices_due() -> int:
    """Beat (daily): today's due items as notices and robot deliveries, each once."""
    return notices.notices_due_run(today=today()).notices
