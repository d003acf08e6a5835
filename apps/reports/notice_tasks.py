"""Celery tasks of the notices: thin wrappers over the services (docs/notices.md).

A module of its own beside the report jobs' `tasks.py` (built at the same time): the
app's `ready()` imports it, so the tasks are registered in every process; fold the two
into one `tasks.py` once both have landed."""

from __future__ import annotations

from apps.core.queue import enqueue_on_commit
from apps.core.schoolyear import today
from apps.core.tasks_typing import task

from .services import deliveries, notices

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
