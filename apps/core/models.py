"""Shared abstract models. `core` knows no tenant and no domain: concrete models live in apps."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


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


class JobBase(TimeStampedModel):
    """A durable row for long background work (import, report, compliance run).

    The page polls it for a progress bar. State moves pending → running → succeeded |
    failed | error; every transition is a conditional UPDATE so that a task delivered twice
    (acks_late after a worker crash) does the work once: the second delivery finds the row
    no longer in the state it expects and leaves.
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

    FINISHED_STATES = (JobState.SUCCEEDED, JobState.FAILED, JobState.ERROR)

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

    def claim(self) -> bool:
        """Move pending → running atomically; False if another delivery already took it.

        A job left `running` for longer than the task time limit belongs to a worker that
        died (acks_late re-delivers its task): it is taken again. Its writes were inside one
        transaction, so nothing of the first attempt was kept.
        """
        now = timezone.now()
        stale = now - dt.timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT)
        claimable = Q(state=JobState.PENDING) | Q(state=JobState.RUNNING, started_at__lt=stale)
        updated = (
            type(self)
            ._default_manager.filter(claimable, pk=self.pk)
            .update(state=JobState.RUNNING, started_at=now, progress=0)
        )
        if updated:
            self.state, self.started_at, self.progress = JobState.RUNNING, now, 0
        return bool(updated)

    def report_progress(self, progress: int, total: int | None = None) -> None:
        """Publish progress outside any transaction so the polling page sees it."""
        fields: dict[str, Any] = {"progress": progress}
        if total is not None:
            fields["total"] = total
            self.total = total
        self.progress = progress
        type(self)._default_manager.filter(pk=self.pk).update(**fields)

    def finish(
        self, state: str, message: str = "", *, at: dt.datetime | None = None, **extra: Any
    ) -> None:
        self.state = state
        self.message = message
        self.finished_at = at or timezone.now()
        for key, value in extra.items():
            setattr(self, key, value)
        self.save(update_fields=["state", "message", "finished_at", "updated_at", *extra.keys()])


# The kit's one concrete table, the personal-data access log (its module says why).
from .access_log import DataAccessLog  # noqa: E402, F401
