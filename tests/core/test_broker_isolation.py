"""The suite does not share a broker (issue #11 §15).

A worker of `make run` or of another checkout on this machine — here one on the suite's
very Redis database, configured as such a worker is (queue "default", control exchange
"celery", no key prefix) — neither takes the suite's jobs nor answers its pings: before,
/healthz and three browser tests failed whenever one ran.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import pytest
import redis
from celery import Celery
from celery.contrib.testing.worker import start_worker
from celery.signals import task_received, task_unknown
from django.conf import settings

from config.celery import app

pytestmark = pytest.mark.worker
SENTINEL = 987654321  # the job id the suite's message carries


@pytest.fixture
def foreign_worker() -> Iterator[tuple[Celery, list[str]]]:
    """A worker as another checkout runs it, on the same Redis database; the list holds
    every task message it is handed (the suite starts no worker of its own here)."""
    foreign = Celery("another-checkout", broker=settings.CELERY_BROKER_URL)
    foreign.conf.update(task_default_queue="default", worker_hijack_root_logger=False)
    taken: list[str] = []

    def received(sender: object = None, request: Any = None, **kwargs: object) -> None:
        if SENTINEL in getattr(request, "args", ()):  # the suite's message, not a stale one
            taken.append(repr(request))

    def unknown(sender: object = None, message: Any = None, **kwargs: object) -> None:
        if SENTINEL in str(getattr(message, "body", "")):
            taken.append(repr(message))

    stale = redis.Redis.from_url(settings.CELERY_BROKER_URL)
    stale.delete("default")  # what earlier runs left in such a worker's queue
    stale.close()
    task_received.connect(received, weak=False)
    task_unknown.connect(unknown, weak=False)
    try:
        with start_worker(foreign, pool="solo", perform_ping_check=False, shutdown_timeout=10):
            yield foreign, taken
    finally:
        task_received.disconnect(received)
        task_unknown.disconnect(unknown)
        app.set_current()  # start_worker made the other app the current and default one
        app.set_default()


def test_another_checkout_s_worker_takes_no_job_and_answers_no_ping(
    foreign_worker: tuple[Celery, list[str]],
) -> None:
    foreign, taken = foreign_worker
    client = redis.Redis.from_url(settings.CELERY_BROKER_URL)
    queue_key = settings.CELERY_BROKER_TRANSPORT_OPTIONS.get("global_keyprefix", "")
    queue_key += settings.CELERY_TASK_DEFAULT_QUEUE
    client.delete(queue_key)
    try:
        app.send_task("core.run_import", args=["people.rosterimport", SENTINEL])
        assert foreign.control.ping(timeout=2.0)  # the other worker is up and listening …
        time.sleep(1.0)
        assert app.control.ping(timeout=1.0) == []  # … but does not answer the suite
        assert taken == []  # and did not take the suite's job
        assert client.llen(queue_key) == 1  # which waits in the suite's own queue
    finally:
        client.delete(queue_key)
        client.close()
