"""Report jobs and their archive (issue 12 §2).

A request for a report is a `ReportJob`: what (kind, format), of whom (the district, and
the school for a school report), of which period (school year, semester), and of which
data — the compliance run the results came from (`run`) and the newest result among them
(`snapshot`). Its `key` is a hash of all of that, unique: the same request on the same
data is the same row, rendered once, and asking again returns the archived file. The
rendering is a kit job (lease, heartbeat, progress, revival after a dead worker).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from apps.compliance.models import ComplianceRun
from apps.core.audit import audited
from apps.core.models import JobBase
from apps.tenancy.models import District, School


class ReportKind(models.TextChoices):
    SCHOOL = "school", _("学校达标情况报告")
    DISTRICT = "district", _("区达标情况报告")
    COLLECTION = "collection", _("工作室成果集")  # XH26-A2P-4.3


class ReportFormat(models.TextChoices):
    PDF = "pdf", _("PDF")
    XLSX = "xlsx", _("Excel")


class ReportTrigger(models.TextChoices):
    MANUAL = "manual", _("手动生成")
    SCHEDULE = "schedule", _("定时生成")
    COMMAND = "command", _("运维命令")


@audited()
class ReportJob(JobBase):
    district = models.ForeignKey(District, on_delete=models.PROTECT, related_name="+")
    school = models.ForeignKey(
        School, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(_("报表"), max_length=16, choices=ReportKind.choices)
    fmt = models.CharField(_("格式"), max_length=8, choices=ReportFormat.choices)
    school_year = models.PositiveSmallIntegerField(_("学年"))
    semester = models.PositiveSmallIntegerField(_("学期"), default=0)
    run = models.ForeignKey(
        ComplianceRun, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    snapshot = models.PositiveBigIntegerField(_("数据版本"), default=0)
    key = models.CharField(_("幂等键"), max_length=64, unique=True)
    trigger = models.CharField(
        _("生成方式"), max_length=10, choices=ReportTrigger.choices, default=ReportTrigger.MANUAL
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    cancel_requested = models.BooleanField(_("已请求取消"), default=False)
    file_name = models.CharField(_("文件名"), max_length=200, blank=True)
    size = models.PositiveIntegerField(_("文件大小"), default=0)
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True)
    pages = models.PositiveIntegerField(_("页数"), default=0)

    class Meta:
        verbose_name = _("报表")
        verbose_name_plural = _("报表")
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["district", "school_year", "-created_at"]),
            models.Index(
                fields=["state", "lease_expires_at"],
                condition=Q(state__in=["pending", "running"]),
                name="report_job_unfinished",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.school_year} #{self.pk}"

    @property
    def file_type(self) -> str:
        """The type of the stored file (what `core.web.file_response` serves)."""
        return str(self.fmt)

    @file_type.setter
    def file_type(self, value: str) -> None:
        self.fmt = value


@audited(exclude=["data"])
class ReportFile(models.Model):
    """A finished report's bytes, apart from the job so lists never load them. Written once
    with the job's success; its hash is on the job."""

    job = models.OneToOneField(ReportJob, on_delete=models.CASCADE, related_name="file")
    data = models.BinaryField()

    class Meta:
        verbose_name = _("报表文件")
        verbose_name_plural = _("报表文件")

    def __str__(self) -> str:
        return f"file of report {self.job_id}"
