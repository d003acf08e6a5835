"""Two real Celery worker processes for the bench's fanned-out runs (issue 9 §7).

`two_workers()` starts `celery -A config worker -c 1` twice against the local database
(as the app role, DEBUG off) and the broker of `REDIS_URL`, waits until both answer a
ping, and stops them afterwards. `workers_run_seconds` times a whole-district run the way
a person starts one: `run_start`, then the run's task on one worker, which fans the
schools out in chunks (`COMPLIANCE_FANOUT_CHUNK_SCHOOLS`) over both.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings

from apps.compliance import services
from apps.compliance.models import ComplianceRun, RunChunk, RunTrigger
from apps.tenancy.models import District
from bench.table import median_seconds
from config.celery import app

ROOT = Path(__file__).resolve().parent.parent


@contextmanager
def two_workers(log_dir: Path) -> Iterator[None]:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.local", "DJANGO_DEBUG": "false"}
    env["COMPLIANCE_FANOUT_CHUNK_SCHOOLS"] = str(settings.COMPLIANCE_FANOUT_CHUNK_SCHOOLS)
    celery = str(Path(sys.executable).with_name("celery"))
    log_dir.mkdir(parents=True, exist_ok=True)
    processes = []
    for name in ("bench1", "bench2"):
        command = [celery, "-A", "config", "worker", "-c", "1", "-l", "warning"]
        command += ["-n", f"{name}@%h", "--without-gossip", "--without-mingle"]
        log = (log_dir / f"{name}.log").open("wb")
        processes.append(
            subprocess.Popen(  # noqa: S603 - our own worker command
                command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        )  # fmt: skip
    try:
        _wait_for_ping(2)
        yield
    finally:
        for process in processes:
            os.killpg(process.pid, signal.SIGTERM)
        for process in processes:
            process.wait(timeout=60)


def _wait_for_ping(count: int, seconds: float = 90) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if len(app.control.ping(timeout=1.0) or []) >= count:
            return
    raise RuntimeError(f"{count} bench workers did not answer within {seconds:g} s")


def _run_on_workers(district: District, year: int, timeout: float = 900) -> ComplianceRun:
    run = services.run_start(
        district=district, school_year=year, trigger=RunTrigger.COMMAND, force=True
    )
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        run.refresh_from_db()
        if run.is_finished:
            break
        time.sleep(0.05)
    if run.state != "succeeded":
        raise RuntimeError(f"run #{run.pk} ended {run.state}: {run.message}")
    return run


def workers_run_seconds(district: District, year: int, repeat: int) -> tuple[float, int, int]:
    """(median seconds, chunks, distinct worker processes of the last run)."""
    runs: list[ComplianceRun] = []

    def work() -> None:
        runs.append(_run_on_workers(district, year))

    seconds = median_seconds(work, repeat)
    chunks = RunChunk.objects.filter(run=runs[-1])
    return seconds, chunks.count(), len(set(chunks.values_list("worker", flat=True)))
