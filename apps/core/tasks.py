"""Celery tasks of the kit: thin wrappers that take ids and call one function."""

from . import jobs
from .tasks_typing import task


@task(name=jobs.RUN_IMPORT_TASK, acks_late=True, soft_time_limit=600, time_limit=660)
def run_import(model_label: str, job_id: int) -> None:
    jobs.import_run(model_label=model_label, job_id=job_id)


@task(name="core.requeue_stalled_imports", soft_time_limit=60, time_limit=90)
def requeue_stalled_imports() -> int:
    return jobs.imports_requeue_stalled()
