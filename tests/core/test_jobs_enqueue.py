"""Issue 8: with the broker down, a write that was committed answers as committed; and a
task enqueued in a transaction that rolled back never reaches a worker.

The request used to answer 500 after its rows were committed (so the person retried, and
the retry made a second import job). Now `apps.core.queue` logs the refusal, the job
waits pending, and the reconciler sends it once the broker is back. The broker here
really refuses: Celery is pointed at a closed port, so the error is kombu's own.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from collections.abc import Iterator
from typing import Any

import pytest
import redis
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from apps.compliance.models import ComplianceRun
from apps.compliance.packs import load_all
from apps.core.jobs import jobs_reconcile
from apps.core.models import JobState
from apps.core.schoolyear import current_school_year
from apps.people.models import RosterImport
from config.celery import app
from tests.personas import World, build_world
from tests.support.xlsx import roster_file, teacher_row

REFUSING_BROKER = "redis://127.0.0.1:9/0"  # the discard port: nothing listens


def _use_broker(url: str) -> None:
    app.conf.broker_url = url
    app._pool = None  # drop the connections to the broker in use
    app.amqp._producer_pool = None


@pytest.fixture
def broker_down() -> Iterator[None]:
    # Task discovery runs Celery's Django fix-up, which sets Django up again and with it
    # the logging: done here, before the test, so the test's log capture stays in place.
    app.loader.import_default_modules()
    _use_broker(REFUSING_BROKER)
    yield
    _use_broker(settings.CELERY_BROKER_URL)


@pytest.fixture
def queue() -> Iterator[redis.Redis]:
    """The test's own Redis database (the broker once it is back), emptied before and after."""
    client = redis.Redis.from_url(settings.CELERY_BROKER_URL)
    client.flushdb()
    yield client
    client.flushdb()
    client.close()


@pytest.fixture
def live_world(transactional_db: None) -> World:
    """The persona world, committed: a request's on_commit runs as in production."""
    load_all()
    world = build_world()
    district = world.districts["A"]
    district.policy_packs = ["xuhui-2026"]
    district.save(update_fields=["policy_packs"])
    return world


def _login(world: World, key: str) -> Client:
    client = Client()
    client.force_login(world.user(key))
    return client


def _refusals(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.name == "apps.core.queue"]


def test_a_run_started_through_the_api_answers_202_and_waits_pending(
    live_world: World, broker_down: None, caplog: pytest.LogCaptureFixture
) -> None:
    district = live_world.districts["A"]
    url = f"/api/v1/districts/{district.pk}/compliance-runs/"
    with caplog.at_level(logging.WARNING, logger="apps.core.queue"):
        response = _login(live_world, "A.reviewer").post(
            url, {"school_year": current_school_year()}, content_type="application/json"
        )
    assert response.status_code == 202, response.content
    run = ComplianceRun.objects.get(pk=response.json()["id"])
    assert run.state == JobState.PENDING
    (refusal,) = _refusals(caplog)
    assert f"compliance.execute_run({run.pk},)" in refusal


def test_a_roster_upload_opens_its_job_page_and_the_job_is_sent_once_the_broker_is_back(
    live_world: World,
    broker_down: None,
    queue: redis.Redis,
    caplog: pytest.LogCaptureFixture,
) -> None:
    school = live_world.schools["A1"].school
    upload = SimpleUploadedFile("名册.xlsx", roster_file(teachers=[teacher_row(1)]))
    with caplog.at_level(logging.WARNING, logger="apps.core.queue"):
        response = _login(live_world, "A1.leader").post(
            reverse("people:import", args=[school.pk]), {"file": upload}
        )
    job = RosterImport.objects.get(file_name="名册.xlsx")
    assert response.status_code == 302
    assert response["Location"] == reverse("people:import_detail", args=[school.pk, job.pk])
    assert job.state == JobState.PENDING
    assert _refusals(caplog) == [
        f"broker refused task core.run_import('people.rosterimport', {job.pk}): Error 111 "
        "connecting to 127.0.0.1:9. Connection refused.; the job stays pending for the reconciler"
    ]

    # Within the grace nothing is sent again; past it, the reconciler sends the job — once
    # the broker answers, the message is in its queue.
    assert jobs_reconcile() == 0
    long_ago = timezone.now() - dt.timedelta(seconds=settings.JOB_PENDING_GRACE_SECONDS + 1)
    RosterImport.objects.filter(pk=job.pk).update(enqueued_at=long_ago)
    _use_broker(settings.CELERY_BROKER_URL)
    # the suite's queue on Redis: its own key prefix and queue name (config/settings/test.py)
    key = settings.CELERY_BROKER_TRANSPORT_OPTIONS.get("global_keyprefix", "")
    key += settings.CELERY_TASK_DEFAULT_QUEUE
    assert queue.llen(key) == 0
    assert jobs_reconcile() == 1
    assert queue.llen(key) == 1
    job.refresh_from_db()
    assert job.state == JobState.PENDING and job.enqueued_at > long_ago


def test_under_eager_mode_a_task_error_is_the_task_s_and_is_not_swallowed(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Only the broker's refusals are caught: with no broker the task runs in the request,
    and its own failure (here a ConnectionError of its own) still surfaces."""
    from apps.core import tasks
    from apps.core.queue import send

    def fails(*args: Any) -> None:
        raise ConnectionError("the task's own failure")

    monkeypatch.setattr(tasks.run_import, "delay", fails)
    app.conf.task_always_eager = True
    try:
        with pytest.raises(ConnectionError):
            send(tasks.run_import, ("people.rosterimport", 1))  # what runs after commit
    finally:
        app.conf.task_always_eager = False


@pytest.mark.worker
def test_a_task_enqueued_in_a_rolled_back_transaction_never_runs_on_a_worker(
    live_world: World, queue: redis.Redis, celery_worker_thread: object
) -> None:
    """The worker takes what was sent after the rolled-back write (a committed job, sent
    after it): once that is done, the rolled-back one was never delivered."""
    from django.db import transaction

    from apps.core.jobs import RUN_IMPORT_TASK
    from apps.core.queue import enqueue_on_commit

    school = live_world.schools["A1"].school
    fields = {
        "school": school,
        "district_id": school.district_id,
        "created_by": live_world.user("A1.leader"),
        "file_data": roster_file(teachers=[teacher_row(1)]),
    }
    ghost = RosterImport.objects.create(file_name="回滚.xlsx", **fields)

    def failing_write() -> None:
        with transaction.atomic():
            enqueue_on_commit(RUN_IMPORT_TASK, "people.rosterimport", ghost.pk)
            raise RuntimeError("the write failed")

    with pytest.raises(RuntimeError):
        failing_write()
    after = RosterImport.objects.create(file_name="之后.xlsx", **fields)
    enqueue_on_commit(RUN_IMPORT_TASK, "people.rosterimport", after.pk)
    deadline = time.monotonic() + 30
    while not after.is_finished and time.monotonic() < deadline:
        time.sleep(0.1)
        after.refresh_from_db()
    assert after.state == JobState.SUCCEEDED, after.message
    ghost.refresh_from_db()
    assert (ghost.state, ghost.attempts) == (JobState.PENDING, 0)
