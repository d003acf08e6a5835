"""Celery tasks of the kit: thin wrappers that take ids and call one function."""

from . import jobs
from .tasks_typing import task

RECONCILE_TASK = "core.reconcile_jobs"


@task(name=jobs.RUN_IMPORT_TASK, acks_late=True, soft_time_limit=600, time_limit=660)
def run_import(model_label: str, job_id: int) -> None:
    jobs.import_run(model_label=model_label, job_id=job_id)


@task(name=RECONCILE_TASK, soft_time_limit=60, time_limit=90)
def reconcile_jobs() -> int:
    """Beat, every JOB_RECONCILE_SECONDS: send again every dead job of every job model."""
    return jobs.jobs_reconcile()
