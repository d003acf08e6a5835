"""Excel imports of attendance sign-in sheets and external hours, as background jobs."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from apps.core.audit import audited
from apps.core.jobs import ImportJobBase
from apps.tenancy.models import TenantOwned, TenantQuerySet


class ImportKind(models.TextChoices):
    ATTENDANCE = "attendance", _("签到表（出勤）")
    EXTERNAL = "external", _("校外培训学时")


@audited()
class TrainingImport(TenantOwned, ImportJobBase):
    """A school's import (school set), or a district activity's sign-in sheet (school null,
    like the district activity itself); the file, errors and summary are the kit's
    (`apps.core.jobs.ImportJobBase`)."""

    school = models.ForeignKey(  # type: ignore[assignment]
        "tenancy.School", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(_("类型"), max_length=12, choices=ImportKind.choices)
    activity = models.ForeignKey(
        "training.TrainingActivity",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    objects = TenantQuerySet["TrainingImport"].as_manager()

    class Meta:
        verbose_name = _("研修数据导入")
        verbose_name_plural = _("研修数据导入")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.file_name}（{self.get_state_display()}）"
