"""The homeroom talent reserve pool (XH26-RESERVE, XH26-A1-4): young teachers fed by
special training and the deputy pilot, each with what they completed and where they
stand."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from apps.core.audit import audited
from apps.people.models import Teacher
from apps.tenancy.models import TenantOwned, TenantQuerySet


class ReserveSource(models.TextChoices):
    TRAINING = "training", _("专题培训")
    DEPUTY = "deputy", _("副班主任试点")
    OTHER = "other", _("其他")


class ReserveStatus(models.TextChoices):
    ACTIVE = "active", _("储备中")
    APPOINTED = "appointed", _("已聘任班主任")
    LEFT = "left", _("已退出")


@audited()
class ReserveEntry(TenantOwned):
    teacher = models.ForeignKey(
        Teacher, verbose_name=_("教师"), on_delete=models.PROTECT, related_name="reserve_entries"
    )
    source = models.CharField(_("来源"), max_length=12, choices=ReserveSource.choices)
    entered_on = models.DateField(_("纳入日期"))
    completed = models.TextField(_("已完成的培养"), blank=True)
    status = models.CharField(
        _("状态"), max_length=12, choices=ReserveStatus.choices, default=ReserveStatus.ACTIVE
    )
    note = models.TextField(_("备注"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    objects = TenantQuerySet["ReserveEntry"].as_manager()

    class Meta:
        verbose_name = _("后备人才")
        verbose_name_plural = _("后备人才池")
        ordering = ["school_id", "status", "-entered_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["teacher"], condition=Q(status="active"), name="reserve_one_active"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.teacher_id} {self.get_status_display()}"
