"""The heartbeat that keeps a running job's lease alive (`JobBase.heartbeat`).

A job being worked on holds a lease: `lease_expires_at`, `JOB_LEASE_SECONDS` ahead of the
database clock. While the work runs, a daemon thread renews it every third of the lease
with its own database connection, so a long silent step (one big SQL aggregate, a long
save) keeps the lease without the work having to call anything. The renewal is a
conditional UPDATE on (state = running, attempts = this attempt): once the job has been
taken over — its lease expired and the reconciler or another delivery reclaimed it — the
renewal matches no row, the heartbeat marks the lease lost and the work's next
`report_progress` raises `LeaseLost`, so a stalled attempt stops instead of finishing
twice (and `finish` refuses it anyway).

Progress goes through the same thread while it runs: `report_progress` hands the numbers
over and wakes it. The thread's connection is not the work's, so the polling page sees
the progress even while the work holds a transaction open (imports save inside one), and
a burst of reports is written as one UPDATE (at most one every `COALESCE_SECONDS`).

Why a thread and not renewals from `report_progress` alone: the work does not report
while a single query runs, and a district-wide evaluator or a roster save can be silent
for longer than a lease that is short enough to notice a dead worker within a minute.
When the worker process dies (SIGKILL, out-of-memory, host lost) the thread dies with
it, renewals stop, and the job is reclaimed about one lease later.

Where a second connection cannot see the job (the caller is inside a transaction that
created or changed the row, as in eager mode called from a transaction, and in tests
wrapped in one), no thread is started: `report_progress` writes on the caller's
connection and renews the lease with each report.
"""

from __future__ import annotations

import contextvars
import logging
import threading
from types import TracebackType
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import DatabaseError, connection, connections

if TYPE_CHECKING:
    from .models import JobBase

logger = logging.getLogger(__name__)

COALESCE_SECONDS = 0.25


class LeaseLost(Exception):  # noqa: N818 - an outcome, not a bug
    """This attempt no longer owns the job (its lease expired and the job was taken over):
    it stops and keeps nothing; the attempt that took over finishes the job."""


class Heartbeat:
    """Renews `job`'s lease from a daemon thread while the `with` block runs."""

    def __init__(self, job: JobBase) -> None:
        self.job = job
        self.interval = max(settings.JOB_LEASE_SECONDS / 3, 0.1)
        self.lost = False
        self.threaded = False
        self._pending: dict[str, Any] = {}
        self._lock = threading.Lock()
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def __enter__(self) -> Heartbeat:
        self.threaded = not connection.in_atomic_block
        if self.threaded:
            # In a copy of the work's context: whatever scope the work's queries carry
            # (the row-level security scope of a task) the renewals carry too. The
            # database connection is not shared: Django keeps one per thread.
            context = contextvars.copy_context()
            self._thread = threading.Thread(
                target=context.run,
                args=(self._run,),
                name=f"heartbeat-{self.job._meta.label_lower}-{self.job.pk}",
            )
            self._thread.daemon = True
            self._thread.start()
        self.job._heartbeat = self
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.job._heartbeat = None
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout=max(self.interval, 5.0))

    def publish(self, fields: dict[str, Any]) -> None:
        """Progress to write with the next renewal (written within COALESCE_SECONDS)."""
        if self.lost:
            raise LeaseLost(self.job.pk)
        with self._lock:
            self._pending.update(fields)
        self._wake.set()

    def _run(self) -> None:
        try:
            while not self._stop.is_set():
                self._wake.wait(self.interval)
                self._wake.clear()
                if self._stop.is_set() or not self._beat():
                    return
                self._stop.wait(COALESCE_SECONDS)
        finally:
            connections.close_all()  # this thread's own connection

    def _beat(self) -> bool:
        """One renewal (with any pending progress); False once the lease is lost."""
        with self._lock:
            fields, self._pending = self._pending, {}
        try:
            renewed = self.job.renew_lease(**fields)
        except DatabaseError:
            # The database is unreachable from here: try again next beat. If it stays so,
            # the lease runs out and the job is reclaimed — the work cannot save anyway.
            logger.warning("job %s: lease renewal failed", self.job.pk, exc_info=True)
            connection.close()
            with self._lock:
                self._pending = {**fields, **self._pending}
            return True
        if not renewed and not self._stop.is_set():
            logger.warning(
                "job %s %s: lease lost (taken over after it expired)",
                self.job._meta.label_lower,
                self.job.pk,
            )
            self.lost = True
            return False
        return True
