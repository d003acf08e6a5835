"""A real `celery -A config worker` subprocess against the test database and this run's
Redis database, for the tests that need whole workers: killed mid-job (tests/core/
test_crash.py), or two of them sharing a fanned-out run (tests/compliance/test_fanout.py)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

from django.conf import settings
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]


def _database_url() -> str:
    """The test database, as the test process reaches it (the worker is not under pytest,
    so it is given the test database's own name)."""
    db = connection.settings_dict
    user = db["USER"] or "postgres"
    password = f":{db['PASSWORD']}" if db["PASSWORD"] else ""
    host, port = db["HOST"] or "127.0.0.1", db["PORT"] or 5432
    return f"postgres://{user}{password}@{host}:{port}/{db['NAME']}"


class Worker:
    """A `celery -A config worker` subprocess in its own process group."""

    def __init__(
        self, name: str, logs: Path, *, slow: bool, beat: bool, env: dict[str, str]
    ) -> None:
        env = {
            **os.environ,
            **env,
            "DJANGO_SETTINGS_MODULE": "config.settings.test",
            "DATABASE_URL": _database_url(),
            "TEST_DATABASE_URL": _database_url(),
            "TEST_REDIS_URL": settings.CELERY_BROKER_URL,
            "SLOW_JOB_STEP_SECONDS": "0.4",
        }
        command = [
            str(Path(sys.executable).with_name("celery")),
            *("-A", "config", "worker", "-P", "prefork", "-c", "1", "-l", "warning"),
            *("-n", f"{name}@%h", "--without-gossip", "--without-mingle"),
            *("-Q", f"{settings.CELERY_TASK_DEFAULT_QUEUE},{settings.REPORTS_QUEUE}"),
        ]
        if slow:
            command += ["-I", "tests.support.slow_jobs"]
        if beat:
            command += ["-B", "-s", str(logs / f"{name}-beat-schedule")]
        self.log = logs / f"{name}.log"
        self._log = self.log.open("wb")
        self.process = subprocess.Popen(  # noqa: S603 - our own worker command
            command,
            cwd=ROOT,
            env=env,
            stdout=self._log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def kill_pool_child(self) -> None:
        """SIGKILL the pool process running the task; the main process lives on."""
        children = subprocess.run(  # noqa: S603 - a fixed command on our own pid
            ["pgrep", "-P", str(self.process.pid)],  # noqa: S607
            capture_output=True,
            text=True,
            check=True,
        ).stdout.split()
        assert len(children) == 1, children  # -c 1, no beat: the one pool process
        os.kill(int(children[0]), signal.SIGKILL)

    def kill(self) -> None:
        """SIGKILL the main process and its pool children at once: nothing runs after it."""
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.kill()
        self._log.close()
