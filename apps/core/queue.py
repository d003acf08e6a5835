"""Sending Celery tasks, by name, after the transaction commits.

Services enqueue through here rather than importing their app's `tasks` module, so
there is no services ↔ tasks import circle: `tasks.py` imports the service it wraps;
the service names the task. A task is sent only once the rows it will read are
committed (a rolled-back transaction sends nothing), and under eager mode (no broker)
it runs right after the commit, in this process.

A broker that refuses the message (Redis down or unreachable) does not fail the
request: the rows are committed already, so an error now would tell the person their
write failed when it did not (and a retry would duplicate it). The refusal is logged
with the task and its arguments, and the job the task was for stays pending: the
reconciler (`apps.core.jobs.jobs_reconcile`) sends it again once the broker is back.
"""

from __future__ import annotations

import logging
from typing import Any

import kombu.exceptions
import redis.exceptions
from celery import Task, current_app
from django.db import transaction

logger = logging.getLogger(__name__)

# What a publish raises when the broker cannot be reached: kombu's wrapper once its
# retries are spent, and the transport's own errors when they escape it.
BROKER_ERRORS: tuple[type[Exception], ...] = (
    kombu.exceptions.OperationalError,
    redis.exceptions.ConnectionError,
    redis.exceptions.TimeoutError,
    ConnectionError,
    TimeoutError,
)


def task_named(name: str) -> Task:
    """The registered task. Celery discovers the apps' `tasks` modules lazily (when a
    worker starts); a web process that has not imported one yet asks for discovery once."""
    if name not in current_app.tasks:
        current_app.loader.import_default_modules()
    return current_app.tasks[name]


def enqueue_on_commit(name: str, *args: Any, countdown: float | None = None) -> None:
    """Send the task `name` with `args` once the current transaction commits (at once
    outside a transaction). A broker error is logged, never raised."""
    task = task_named(name)
    transaction.on_commit(lambda: send(task, args, countdown=countdown))


def send(task: Task, args: tuple[Any, ...], *, countdown: float | None = None) -> bool:
    """Publish now; False (and a warning) if the broker refused. Under eager mode the
    task runs here and its own errors are not the broker's: they propagate."""
    if task.app.conf.task_always_eager:
        _publish(task, args, countdown)
        return True
    try:
        _publish(task, args, countdown)
    except BROKER_ERRORS as exc:
        logger.warning(
            "broker refused task %s%r: %s; the job stays pending for the reconciler",
            task.name,
            args,
            exc,
            extra={"task": task.name, "task_args": list(args)},
        )
        return False
    return True


def _publish(task: Task, args: tuple[Any, ...], countdown: float | None) -> None:
    if countdown is None:
        task.delay(*args)
    else:
        task.apply_async(args, countdown=countdown)
