"""Celery tasks of the compliance engine: thin wrappers over services."""

from apps.core.tasks_typing import task

from . import fanout, services


@task(name=services.EXECUTE_RUN, acks_late=True, soft_time_limit=1500, time_limit=1600)
def execute_run(run_id: int) -> None:
    services.run_execute(run_id=run_id)


@task(name=fanout.EXECUTE_CHUNK, acks_late=True, soft_time_limit=1500, time_limit=1600)
def execute_chunk(chunk_id: int) -> None:
    fanout.execute_chunk(chunk_id=chunk_id)


@task(name=services.RECOMPUTE_SCHOOL, acks_late=True, soft_time_limit=300, time_limit=360)
def recompute_school(school_id: int, school_year: int) -> None:
    services.recompute_school_when_quiet(school_id=school_id, school_year=school_year)


@task(name="compliance.nightly_runs", soft_time_limit=300, time_limit=360)
def nightly_runs() -> int:
    return services.nightly_runs()
