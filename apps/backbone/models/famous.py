"""xinbei-2023's famous homeroom teachers (名班主任): the homeroom titles and awards the
leader and member conditions name (XB-LEADER, XB-MEMBER), and the yearly election to the
talent pool — individual application → school recommendation → district review (XB-POOL)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from apps.core.audit import audited
from apps.people.models import Teacher
from apps.tenancy.models import TenantOwned, TenantQuerySet

from .vocab import FamousLevel, Honour, PoolStatus


@audited()
class HomeroomHonour(TenantOwned):
    """A homeroom title or award a teacher holds, from the day it was awarded."""

    teacher = models.ForeignKey(Teacher, on_delete=models.PROTECT, related_name="homeroom_honours")
    honour = models.CharField(_("称号或奖项"), max_length=16, choices=Honour.choices)
    awarded_on = models.DateField(_("获得日期"))
    issuer = models.CharField(_("授予单位"), max_length=100, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    objects = TenantQuerySet["HomeroomHonour"].as_manager()

    class Meta:
        verbose_name = _("班主任称号与奖项")
        verbose_name_plural = _("班主任称号与奖项")
        ordering = ["teacher_id", "-awarded_on"]
        constraints = [
            models.UniqueConstraint(fields=["teacher", "honour"], name="homeroom_honour_once")
        ]

    def __str__(self) -> str:
        return f"{self.teacher_id} {self.honour}"


@audited()
class PoolEntry(TenantOwned):
    """One teacher's application in one year's election, through its three steps; an
    elected entry puts the teacher in the talent pool at its level (XB-TARGET counts
    them)."""

    teacher = models.ForeignKey(Teacher, on_delete=models.PROTECT, related_name="pool_entries")
    year = models.PositiveSmallIntegerField(_("年度"))
    level = models.CharField(_("申报级别"), max_length=10, choices=FamousLevel.choices)
    statement = models.TextField(_("申报材料"))
    status = models.CharField(
        _("状态"), max_length=16, choices=PoolStatus.choices, default=PoolStatus.APPLIED
    )
    applied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recommended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recommended_at = models.DateTimeField(_("推荐时间"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reviewed_at = models.DateTimeField(_("评审时间"), null=True, blank=True)
    comment = models.TextField(_("意见"), blank=True)

    objects = TenantQuerySet["PoolEntry"].as_manager()

    class Meta:
        verbose_name = _("名班主任推选")
        verbose_name_plural = _("名班主任推选")
        ordering = ["-year", "school_id", "id"]
        constraints = [
            models.UniqueConstraint(fields=["teacher", "year"], name="pool_entry_once_a_year")
        ]
        indexes = [models.Index(fields=["district", "year", "status"])]

    def __str__(self) -> str:
        return f"{self.year} {self.teacher_id} {self.status}"
