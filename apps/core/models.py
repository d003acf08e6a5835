"""Shared abstract models. `core` knows no tenant and no domain: concrete models live in apps.

The job lifecycle (`JobBase`: compliance runs, imports, and later reports):

1. **pending** — the service creates the row and sends the task after commit
   (`apps.core.queue.enqueue_on_commit`; `enqueued_at` is when). If the broker refuses
   (Redis down), the request still succeeds and the job simply stays pending.
2. **running, with a lease** — a delivery of the task `claim`s the job: one conditional
   UPDATE takes a pending job, or a running one whose lease has expired (its worker
   died), sets `lease_expires_at` `JOB_LEASE_SECONDS` ahead of the database clock and
   counts the attempt (`attempts`). Any other delivery finds nothing to take and leaves.
   While the work runs, `heartbeat()` renews the lease (`apps.core.leases`).
3. **finished** — `finish` writes the outcome and releases the lease, conditional on this
   attempt still owning the job; an attempt that lost its lease gets `LeaseLost` and its
   transaction (results, imported rows) rolls back, so a job finishes exactly once.
4. **reclaimed** — a job pending past `JOB_PENDING_GRACE_SECONDS` since it was sent (its
   message was lost, or never sent) or running with an expired lease is dead: `revive`
   puts it back to pending and the caller sends its task again. The reconciler
   (`apps.core.jobs.jobs_reconcile`, on beat every `JOB_RECONCILE_SECONDS`) does this for
   every job model; `compliance.run_start` does it for the run it would have returned.
   A worker killed mid-job is therefore replaced within about one lease plus one
   reconciler period, not after the broker's visibility timeout. After
   `JOB_MAX_ATTEMPTS` attempts that all died the job ends as ERROR instead (a file that
   kills its worker each time must not kill every worker in turn).
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Now
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .leases import Heartbeat, LeaseLost

__all__ = ["Heartbeat", "JobBase", "JobState", "LeaseLost", "TimeStampedModel"]

logger = logging.getLogger(__name__)


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        abstract = True


class JobState(models.TextChoices):
    PENDING = "pending", _("排队中")
    RUNNING = "running", _("进行中")
    SUCCEEDED = "succeeded", _("已完成")
    FAILED = "failed", _("未通过校验")
    ERROR = "error", _("出错")
    CANCELLED = "cancelled", _("已取消")


GAVE_UP = (
    "任务执行中多次意外中断（已尝试 {n} 次），已停止重试，未保存任何数据。"
    "请稍后重新发起；如反复出现，请联系管理员。"
)


class JobBase(TimeStampedModel):
    """A durable row for long background work (import, report, compliance run).

    The page polls it for a progress bar. State moves pending → running → succeeded |
    failed | error (the lifecycle is in this module's docstring); every transition is a
    conditional UPDATE, so a task delivered twice does the work once, and a job whose
    worker died is taken again once its lease has expired.
    """

    state = models.CharField(
        _("状态"), max_length=16, choices=JobState.choices, default=JobState.PENDING
    )
    progress = models.PositiveIntegerField(_("已处理"), default=0)
    total = models.PositiveIntegerField(_("总数"), default=0)
    message = models.TextField(_("说明"), blank=True)
    started_at = models.DateTimeField(_("开始时间"), null=True, blank=True)
    finished_at = models.DateTimeField(_("结束时间"), null=True, blank=True)
    enqueued_at = models.DateTimeField(_("派发时间"), default=timezone.now)
    lease_expires_at = models.DateTimeField(_("租约到期"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("执行次数"), default=0)

    FINISHED_STATES = (JobState.SUCCEEDED, JobState.FAILED, JobState.ERROR, JobState.CANCELLED)
    _heartbeat: Heartbeat | None = None

    class Meta:
        abstract = True

    @property
    def is_finished(self) -> bool:
        return self.state in self.FINISHED_STATES

    @property
    def percent(self) -> int:
        if self.is_finished:
            return 100
        if not self.total:
            return 0
        return min(99, int(self.progress * 100 / self.total))

    # ----------------------------------------------------------------- who may take it

    @staticmethod
    def lease_expired() -> Q:
        """Running, and its lease ran out (or it never had one: a row from before leases)."""
        return Q(state=JobState.RUNNING) & (
            Q(lease_expires_at__lt=Now()) | Q(lease_expires_at__isnull=True)
        )

    @classmethod
    def dead(cls) -> Q:
        """Step 4: pending past the grace since it was sent, or running with no live lease."""
        grace = dt.timedelta(seconds=settings.JOB_PENDING_GRACE_SECONDS)
        return Q(state=JobState.PENDING, enqueued_at__lt=Now() - grace) | cls.lease_expired()

    def _owned(self) -> models.QuerySet[Any]:
        """This very attempt's row: running, and not claimed again since."""
        return type(self)._default_manager.filter(
            pk=self.pk, state=JobState.RUNNING, attempts=self.attempts
        )

    @staticmethod
    def _lease_end() -> Any:
        return Now() + dt.timedelta(seconds=settings.JOB_LEASE_SECONDS)

    def claim(self) -> bool:
        """Step 2: take the job if it is pending or its lease expired (attempts left);
        False if another delivery holds it, or it is finished. A dead attempt's writes
        were inside one transaction, so nothing of it was kept."""
        takeover = self.lease_expired() & Q(attempts__lt=settings.JOB_MAX_ATTEMPTS)
        updated = (
            type(self)
            ._default_manager.filter(Q(state=JobState.PENDING) | takeover, pk=self.pk)
            .update(
                state=JobState.RUNNING,
                started_at=Now(),
                lease_expires_at=self._lease_end(),
                attempts=F("attempts") + 1,
                progress=0,
            )
        )
        if updated:
            self.refresh_from_db(fields=["state", "started_at", "lease_expires_at", "attempts"])
            self.progress = 0
        return bool(updated)

    def revive(self) -> bool:
        """Step 4: put a dead job back to pending (the caller then sends its task again);
        False if it is alive or finished. Conditional, so a job claimed meanwhile is kept.

        A job whose attempts all died (`JOB_MAX_ATTEMPTS`: a file that kills its worker
        every time, work longer than the task's hard time limit) is not sent again: it
        ends as ERROR with a message for the person watching it, and False is returned."""
        if self._give_up():
            return False
        updated = (
            type(self)
            ._default_manager.filter(self.dead(), pk=self.pk)
            .update(state=JobState.PENDING, enqueued_at=Now(), lease_expires_at=None, progress=0)
        )
        if updated:
            self.refresh_from_db(fields=["state", "enqueued_at", "lease_expires_at", "progress"])
        return bool(updated)

    def _give_up(self) -> bool:
        limit = settings.JOB_MAX_ATTEMPTS
        updated = (
            type(self)
            ._default_manager.filter(self.lease_expired(), pk=self.pk, attempts__gte=limit)
            .update(
                state=JobState.ERROR,
                message=GAVE_UP.format(n=limit),
                finished_at=Now(),
                lease_expires_at=None,
                updated_at=Now(),
            )
        )
        if updated:
            logger.error("job %s %s: gave up after %s attempts", self._meta.label, self.pk, limit)
            self.refresh_from_db(fields=["state", "message", "finished_at", "lease_expires_at"])
        return bool(updated)

    # ----------------------------------------------------------------- while it runs

    def heartbeat(self) -> Heartbeat:
        """`with job.heartbeat():` around the work, after a successful `claim`."""
        return Heartbeat(self)

    def renew_lease(self, **fields: Any) -> bool:
        """Extend this attempt's lease (and write `fields`); False if it is no longer ours."""
        return bool(self._owned().update(lease_expires_at=self._lease_end(), **fields))

    def report_progress(self, progress: int, total: int | None = None) -> None:
        """Publish progress for the polling page and renew the lease; raises `LeaseLost`
        when the job was taken over, so a stalled attempt stops early."""
        fields: dict[str, Any] = {"progress": progress}
        if total is not None:
            fields["total"] = total
            self.total = total
        self.progress = progress
        beat = self._heartbeat
        if beat is not None and beat.threaded:
            beat.publish(fields)
        elif not self.renew_lease(**fields):
            raise LeaseLost(self.pk)

    def finish(
        self, state: str, message: str = "", *, at: dt.datetime | None = None, **extra: Any
    ) -> None:
        """Step 3: the outcome, and the lease released. Raises `LeaseLost` (write nothing
        else in the same transaction then) if this attempt no longer owns the job."""
        finished_at = at or timezone.now()
        updated = self._owned().update(
            state=state,
            message=message,
            finished_at=finished_at,
            lease_expires_at=None,
            updated_at=timezone.now(),
            **extra,
        )
        if not updated:
            raise LeaseLost(self.pk)
        self.state, self.message, self.finished_at = state, message, finished_at
        self.lease_expires_at = None
        for key, value in extra.items():
            setattr(self, key, value)


# The kit's one concrete table, the personal-data access log (its module says why).
from .access_log import DataAccessLog  # noqa: E402, F401
