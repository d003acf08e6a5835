"""Issue 8: a job whose worker is killed mid-way finishes, once, about a lease later.

A real `celery -A config worker` process (against the test database and this run's Redis
database) takes a compliance run, a roster import or a report, and the test SIGKILLs it while the
job is part-way through:

- the run: the whole worker, main process and pool child (a host lost, a restart);
  its message stays unacknowledged in Redis until the visibility timeout (an hour);
- the import: only the pool child, as the out-of-memory killer does; the surviving main
  process hands the message back at once (reject_on_worker_lost) and the redelivery
  finds the job's lease still live, so it is dropped — what used to lose the job for good.

A second worker starts with the reconciler on beat. The job must then finish exactly
once (one set of results, one set of imported teachers, attempts = 2) within a bound that
follows from the lease: the lease runs out at most JOB_LEASE_SECONDS after the last
heartbeat, the reconciler sees it within one period, and a worker needs a few seconds to
start and do the work.

The first worker imports `tests.support.slow_jobs`, which makes each progress report of a
job wait a little, so the kill lands while the job is running; the second does not.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import redis

from apps.compliance import services as compliance
from apps.compliance.models import ComplianceResult, ComplianceRun
from apps.compliance.packs import load_all
from apps.core.models import JobBase, JobState
from apps.core.schoolyear import current_school_year
from apps.people import services as people
from apps.people.models import RosterImport, Teacher
from apps.reports.models import ReportFile, ReportJob, ReportKind
from apps.reports.services import report_request
from apps.tenancy.models import School
from tests.personas import World, build_world
from tests.support.workers import Worker
from tests.support.xlsx import roster_file, teacher_row

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]

LEASE = 3  # seconds: short, so the test is quick; production's is JOB_LEASE_SECONDS = 60
RECONCILE_EVERY = 1
GRACE = 2
STARTUP = 20  # a worker process: Django set up, tasks imported, connected to Redis
BOUND = LEASE + 30  # from the kill to the job finished


@pytest.fixture
def workers(tmp_path: Path, settings: Any) -> Iterator[Callable[..., Worker]]:
    """Start workers; all stopped afterwards, and this run's Redis database emptied (the
    killed worker's unacknowledged message would otherwise come back in an hour)."""
    settings.JOB_LEASE_SECONDS = LEASE
    settings.JOB_PENDING_GRACE_SECONDS = GRACE
    queue = redis.Redis.from_url(settings.CELERY_BROKER_URL)
    queue.flushdb()
    started: list[Worker] = []

    def start(name: str, *, slow: bool = False, beat: bool = False) -> Worker:
        env = {
            "JOB_LEASE_SECONDS": str(LEASE),
            "JOB_PENDING_GRACE_SECONDS": str(GRACE),
            "JOB_RECONCILE_SECONDS": str(RECONCILE_EVERY),
        }
        started.append(Worker(name, tmp_path, slow=slow, beat=beat, env=env))
        return started[-1]

    yield start
    for worker in started:
        worker.stop()
    queue.flushdb()
    queue.close()


def _wait(job: JobBase, ready: Callable[[JobBase], bool], seconds: float, *logs: Worker) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        job.refresh_from_db()
        if ready(job):
            return
        time.sleep(0.1)
    output = "\n".join(w.log.read_text(errors="replace")[-3000:] for w in logs)
    pytest.fail(f"job {job.pk} still {job.state} ({job.progress}/{job.total}):\n{output}")


def _kill_mid_job_and_take_over(
    job: JobBase, workers: Callable[..., Worker], *, whole_worker: bool
) -> float:
    """The scenario: worker 1 takes the job and is killed part-way; worker 2 (with the
    reconciler) starts. Returns the seconds from the kill to the job finished."""
    first = workers("first", slow=True)
    _wait(job, lambda j: j.state == JobState.RUNNING and j.progress > 0, STARTUP, first)
    if whole_worker:
        first.kill()
    else:
        first.kill_pool_child()
    killed_at = time.monotonic()
    job.refresh_from_db()
    assert (job.state, job.attempts) == (JobState.RUNNING, 1)
    second = workers("second", beat=True)
    _wait(job, lambda j: j.is_finished, BOUND + STARTUP, first, second)
    return time.monotonic() - killed_at


def test_a_compliance_run_whose_worker_is_killed_finishes_once_a_lease_later(
    workers: Callable[..., Worker],
) -> None:
    load_all()
    world: World = build_world()
    district = world.districts["A"]
    district.policy_packs = ["xuhui-2026"]
    district.save(update_fields=["policy_packs"])
    run = compliance.run_start(district=district, school_year=current_school_year())

    took = _kill_mid_job_and_take_over(run, workers, whole_worker=True)

    run.refresh_from_db()
    assert (run.state, run.attempts, run.lease_expires_at) == (JobState.SUCCEEDED, 2, None), (
        run.message
    )
    schools = School.objects.filter(district=district).count()
    assert ComplianceResult.objects.filter(run=run).count() == schools * run.total
    assert ComplianceRun.objects.count() == 1  # the same run, not a second one
    print(f"\ncompliance run: killed mid-run, finished {took:.1f} s after the kill")  # noqa: T201
    assert took < BOUND


def test_a_roster_import_whose_worker_is_oom_killed_imports_its_rows_exactly_once(
    workers: Callable[..., Worker],
) -> None:
    world: World = build_world()
    school = world.schools["A1"].school
    before = Teacher.objects.filter(school=school).count()
    rows = 800  # progress every 50 rows: the first worker is killed a few reports in
    job = people.roster_import_start(
        school=school,
        actor=world.user("A1.leader"),
        file_name="全校名册.xlsx",
        data=roster_file(teachers=[teacher_row(n) for n in range(1, rows + 1)]),
    )

    took = _kill_mid_job_and_take_over(job, workers, whole_worker=False)

    job = RosterImport.objects.get(pk=job.pk)
    assert (job.state, job.attempts) == (JobState.SUCCEEDED, 2), job.message
    assert job.summary["teachers_created"] == rows  # the attempt that saved created them all
    assert Teacher.objects.filter(school=school).count() == before + rows
    print(f"\nroster import: killed mid-import, finished {took:.1f} s after the kill")  # noqa: T201
    assert took < BOUND


def test_a_report_whose_worker_is_killed_mid_render_ends_with_exactly_one_file(
    workers: Callable[..., Worker],
) -> None:
    """Issue 12 §2: the district PDF's worker is killed between two stages of the render;
    the reconciler sends the job again and the second worker archives the only file."""
    load_all()
    world: World = build_world()
    district = world.districts["A"]
    district.policy_packs = ["xuhui-2026"]
    district.save(update_fields=["policy_packs"])
    run = compliance.run_start(district=district, school_year=current_school_year())
    compliance.run_execute(run_id=run.pk)
    job = report_request(actor=None, district=district, kind=ReportKind.DISTRICT, fmt="pdf",
                         school_year=current_school_year())  # fmt: skip

    took = _kill_mid_job_and_take_over(job, workers, whole_worker=True)

    job = ReportJob.objects.get(pk=job.pk)
    assert (job.state, job.attempts) == (JobState.SUCCEEDED, 2), job.message
    assert ReportFile.objects.filter(job=job).count() == 1 and job.pages >= 1
    assert ReportJob.objects.count() == 1
    print(f"\nreport: killed mid-render, finished {took:.1f} s after the kill")  # noqa: T201
    assert took < BOUND
