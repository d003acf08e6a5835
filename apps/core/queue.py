"""Sending Celery tasks, by name, after the transaction commits.

Services enqueue through here rather than importing their app's `tasks` module, so
there is no services ↔ tasks import circle: `tasks.py` imports the service it wraps;
the service names the task. A task is sent only once the rows it will read are
committed (a rolled-back transaction sends nothing), and under eager mode (no broker)
it runs right after the commit, in this process.
"""

from __future__ import annotations

from typing import Any

from celery import Task, current_app
from django.db import transaction


def task_named(name: str) -> Task:
    """The registered task. Celery discovers the apps' `tasks` modules lazily (when a
    worker starts); a web process that has not imported one yet asks for discovery once."""
    if name not in current_app.tasks:
        current_app.loader.import_default_modules()
    return current_app.tasks[name]


def enqueue_on_commit(name: str, *args: Any, countdown: float | None = None) -> None:
    """Send the task `name` with `args` once the current transaction commits."""
    task = task_named(name)
    if countdown is None:
        task.delay_on_commit(*args)
    else:
        transaction.on_commit(lambda: task.apply_async(args, countdown=countdown))
