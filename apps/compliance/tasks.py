"""Celery tasks of the compliance engine: thin wrappers over services."""

from celery import shared_task

from . import services


@shared_task(name="compliance.execute_run", acks_late=True, soft_time_limit=1500, time_limit=1600)
def execute_run(run_id: int) -> None:
    services.run_execute(run_id=run_id)


@shared_task(
    name="compliance.recompute_school", acks_late=True, soft_time_limit=300, time_limit=360
)
def recompute_school(school_id: int, school_year: int) -> None:
    services.recompute_school_when_quiet(school_id=school_id, school_year=school_year)


@shared_task(name="compliance.nightly_runs", soft_time_limit=300, time_limit=360)
def nightly_runs() -> int:
    return services.nightly_runs()
