"""Celery tasks: thin wrappers that take ids and call one service."""

from celery import shared_task

from . import services


@shared_task(name="people.run_roster_import", acks_late=True, soft_time_limit=600, time_limit=660)
def run_roster_import(job_id: int) -> None:
    services.roster_import_run(job_id=job_id)


@shared_task(name="people.requeue_stalled_roster_imports", soft_time_limit=60, time_limit=90)
def requeue_stalled_roster_imports() -> int:
    return services.roster_imports_requeue_stalled()
