"""Celery tasks: thin wrappers that take ids and call one service."""

from celery import shared_task

from .services import imports


@shared_task(name="training.run_import", acks_late=True, soft_time_limit=600, time_limit=660)
def run_training_import(job_id: int) -> None:
    imports.training_import_run(job_id=job_id)


@shared_task(name="training.requeue_stalled_imports", soft_time_limit=60, time_limit=90)
def requeue_stalled_training_imports() -> int:
    return imports.training_imports_requeue_stalled()
