"""A district's report schedule (issue 12 §5): the monthly district report on the 1st and
each school's report, made by beat and archived like any other; the district admin turns
them on or off."""

from __future__ import annotations

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.utils.translation import gettext_lazy as _

from apps.core.audit import audited
from apps.core.models import TimeStampedModel
from apps.tenancy.models import District


def _both_formats() -> list[str]:
    return ["pdf", "xlsx"]


@audited()
class ReportSchedule(TimeStampedModel):
    district = models.OneToOneField(District, on_delete=models.CASCADE, related_name="+")
    district_report = models.BooleanField(_("每月1日生成区报告"), default=False)
    school_reports = models.BooleanField(_("每月1日生成各校报告"), default=False)
    formats = ArrayField(
        models.CharField(max_length=8), verbose_name=_("格式"), default=_both_formats
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("报表定时生成")
        verbose_name_plural = _("报表定时生成")

    def __str__(self) -> str:
        return f"schedule of {self.district_id}"
