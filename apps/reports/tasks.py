"""Celery tasks of the reports app: thin wrappers over services. Reports render on their
own queue (`REPORTS_QUEUE`, CELERY_TASK_ROUTES), so a long district PDF never holds up
imports and compliance runs."""

from apps.core.tasks_typing import task

from .services import jobs, schedules


@task(name=jobs.RENDER_TASK, acks_late=True, soft_time_limit=900, time_limit=960)
def render_report(job_id: int) -> None:
    jobs.report_render(job_id=job_id)


@task(name="reports.scheduled", soft_time_limit=600, time_limit=660)
def scheduled_reports() -> int:
    return schedules.scheduled_reports()
